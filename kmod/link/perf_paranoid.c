// SPDX-License-Identifier: GPL-2.0
/*
 * Reading kernel.perf_event_paranoid. sysctl_perf_event_paranoid is not
 * exported on 6.1 or 6.12, and the helpers that test it are inline
 * there (6.1) or test only one level (6.12's perf_allow_kernel()), so
 * kbpf reads the sysctl's file, as the kernel itself sees it: from
 * init's root, procfs only, so that a caller's own mount namespace
 * cannot lower it. Where it cannot be read, kbpf takes the most
 * restrictive level.
 */

#include <linux/capability.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <uapi/linux/magic.h>

#include "init_root.h"
#include "perf_paranoid.h"

#define KBPF_PERF_PARANOID_MAX	3

int kbpf_perf_paranoid(void)
{
	struct file *file;
	char buf[16] = "";
	loff_t pos = 0;
	ssize_t len;
	int level;

	file = kbpf_init_root_open("proc/sys/kernel/perf_event_paranoid",
				   PROC_SUPER_MAGIC);
	if (IS_ERR(file))
		return KBPF_PERF_PARANOID_MAX;
	len = kernel_read(file, buf, sizeof(buf) - 1, &pos);
	filp_close(file, NULL);
	if (len <= 0 || kstrtoint(strim(buf), 10, &level))
		return KBPF_PERF_PARANOID_MAX;
	return level;
}

int kbpf_perf_allow_kernel(int paranoid)
{
	return paranoid > 1 && !perfmon_capable() ? -EACCES : 0;
}
