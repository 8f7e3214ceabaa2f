// SPDX-License-Identifier: GPL-2.0
/*
 * Reading kernel.perf_event_paranoid and perf_event_max_sample_rate.
 * Neither variable is exported on 6.1 or 6.12, and the helpers that
 * test the first are inline there (6.1) or test only one level (6.12's
 * perf_allow_kernel()), so kbpf reads the sysctls' files, as the kernel
 * itself sees them: from init's root, procfs only, so that a caller's
 * own mount namespace cannot change them. Where one cannot be read,
 * kbpf takes its most restrictive value.
 */

#include <linux/capability.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <uapi/linux/magic.h>

#include "../compat.h"
#include "init_root.h"
#include "perf_paranoid.h"

#define KBPF_PERF_PARANOID_MAX	3

/* A kernel.* sysctl's value as init's root shows it, or @fallback. */
static int kbpf_perf_sysctl(const char *path, int fallback)
{
	struct file *file;
	char buf[16] = "";
	loff_t pos = 0;
	ssize_t len;
	int value;

	file = kbpf_init_root_open(path, PROC_SUPER_MAGIC);
	if (IS_ERR(file))
		return fallback;
	len = kernel_read(file, buf, sizeof(buf) - 1, &pos);
	filp_close(file, NULL);
	if (len <= 0 || kstrtoint(strim(buf), 10, &value))
		return fallback;
	return value;
}

int kbpf_perf_paranoid(void)
{
	return kbpf_perf_sysctl("proc/sys/kernel/perf_event_paranoid",
				KBPF_PERF_PARANOID_MAX);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_perf_paranoid);

int kbpf_perf_max_sample_rate(void)
{
	return kbpf_perf_sysctl("proc/sys/kernel/perf_event_max_sample_rate",
				0);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_perf_max_sample_rate);

int kbpf_perf_allow_kernel(int paranoid)
{
	return paranoid > 1 && !perfmon_capable() ? -EACCES : 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_perf_allow_kernel);
