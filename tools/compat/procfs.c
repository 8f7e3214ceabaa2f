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
#include <dlfcn.h>
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

	if (!path || strcmp(mode, "r"))
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

FILE *fopen(const char *path, const char *mode)
{
	static FILE *(*real)(const char *, const char *);
	FILE *f = kbpf_sysctl_open(path, mode);

	if (f)
		return f;
	if (!real)
		real = (FILE *(*)(const char *, const char *))
			dlsym(RTLD_NEXT, "fopen");
	return real(path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
	static FILE *(*real)(const char *, const char *);
	FILE *f = kbpf_sysctl_open(path, mode);

	if (f)
		return f;
	if (!real)
		real = (FILE *(*)(const char *, const char *))
			dlsym(RTLD_NEXT, "fopen64");
	return real(path, mode);
}
