// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF sysctls a client reads (bpftool feature probe, for one) describe
 * kbpf, not the host: kbpf has no JIT, and its privilege rules are
 * Linux's with kernel.unprivileged_bpf_disabled=2 whatever the host's
 * sysctl says. fopen() of these files gives kbpf's value; writes and
 * every other file go to libc. net.core.bpf_jit_limit is not answered
 * (it limits a JIT kbpf does not have; the host's value shows).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "compat.h"

static const struct {
	const char *path;
	const char *value;
} kbpf_sysctls[] = {
	{ "/proc/sys/net/core/bpf_jit_enable", "0\n" },
	{ "/proc/sys/net/core/bpf_jit_harden", "0\n" },
	{ "/proc/sys/net/core/bpf_jit_kallsyms", "0\n" },
	{ "/proc/sys/kernel/unprivileged_bpf_disabled", "2\n" },
};

/* kbpf's value of @path as a read-only stream, or NULL if not ours. */
static FILE *kbpf_sysctl_open(const char *path, const char *mode)
{
	unsigned int i;

	if (!path || strcmp(mode, "r") || !kbpf_compat_active())
		return NULL;
	for (i = 0; i < ARRAY_SIZE(kbpf_sysctls); i++) {
		const char *v = kbpf_sysctls[i].value;

		if (strcmp(path, kbpf_sysctls[i].path))
			continue;
		kbpf_compat_log("sysctl %s reads kbpf's %c", path, v[0]);
		return fmemopen((void *)v, strlen(v), "r");
	}
	return NULL;
}

FILE *KBPF_ENTRY(fopen)(const char *path, const char *mode)
{
	FILE *f = kbpf_sysctl_open(path, mode);

	return f ?: KBPF_REAL(fopen)(path, mode);
}

FILE *KBPF_ENTRY(fopen64)(const char *path, const char *mode)
{
	FILE *f = kbpf_sysctl_open(path, mode);

	return f ?: KBPF_REAL(fopen64)(path, mode);
}
