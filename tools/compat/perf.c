// SPDX-License-Identifier: GPL-2.0
/*
 * The perf-event hook: where a kbpf program meets a perf event.
 *
 * libbpf attaches kprobe, uprobe and tracepoint programs (SEC("kprobe/"),
 * SEC("uprobe.s/"), SEC("tp/")...) by opening a perf event on the kprobe,
 * uprobe or tracepoint PMU with syscall(__NR_perf_event_open), then either
 * ioctl(perf_fd, PERF_EVENT_IOC_SET_BPF, prog_fd) or bpf(BPF_LINK_CREATE,
 * attach_type BPF_PERF_EVENT, target_fd = perf_fd). Under the layer all
 * three pass through here:
 *
 * - kbpf_compat_perf_open(): a counting event of the tracepoint PMU (no
 *   sample period or frequency; any sample type, which kbpf takes as
 *   Linux's counting event does), as libbpf opens it to attach, becomes
 *   kbpf's own (KBPF_IOC_PERF_EVENT_OPEN,
 *   through libkbpf), a kbpf-owned fd that serves the perf ioctls libbpf
 *   sends (SET_BPF, QUERY_BPF, ENABLE, DISABLE) and is the target of
 *   perf_event links; kbpf's errno if it refuses. Every other event,
 *   sampling tracepoints included, is the host's.
 * - kbpf_compat_perf_ioctl(): PERF_EVENT_IOC_SET_BPF/QUERY_BPF on a
 *   kbpf-owned fd go to that fd (kbpf serves them); on a host perf fd
 *   they are refused with EOPNOTSUPP: the host's perf core would look the
 *   program up in its own BPF, and no kbpf program may reach it.
 * - kbpf_compat_perf_link(): BPF_LINK_CREATE for BPF_PERF_EVENT goes to
 *   kbpf, which answers for its own fds (EOPNOTSUPP until it has some,
 *   or its attr checks' errno first).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include "../lib/kbpf/bpf.h"
#include "compat.h"

/* Whether the event at @uattr is one kbpf makes: see above. */
static bool is_kbpf_event(const void *uattr)
{
	struct perf_event_attr attr;

	if (kbpf_compat_peek(&attr, uattr, sizeof(attr)) < PERF_ATTR_SIZE_VER0)
		return false;
	return attr.type == PERF_TYPE_TRACEPOINT && !attr.sample_period &&
	       !attr.freq;
}

long kbpf_compat_perf_open(void *attr, long pid, long cpu, long group_fd,
			   long flags)
{
	int fd;

	if (!is_kbpf_event(attr))
		return KBPF_REAL(syscall)(__NR_perf_event_open, attr, pid, cpu,
					  group_fd, flags);
	fd = kbpf_perf_event_open_on(KBPF_TARGET_KBPF, attr, pid, cpu,
				     group_fd, flags);
	kbpf_compat_log("perf_event_open(tracepoint) = %d%s%s", fd,
			fd < 0 ? " " : "", fd < 0 ? strerrorname_np(-fd) : "");
	return fd < 0 ? -1 : fd;
}

bool kbpf_compat_perf_ioctl(int fd, unsigned long req, int *ret)
{
	if (req != PERF_EVENT_IOC_SET_BPF && req != PERF_EVENT_IOC_QUERY_BPF)
		return false;
	if (kbpf_compat_is_kbpf_fd(fd))
		return false;
	kbpf_compat_log("perf %s on host fd %d: EOPNOTSUPP",
			req == PERF_EVENT_IOC_SET_BPF ? "SET_BPF" : "QUERY_BPF",
			fd);
	errno = EOPNOTSUPP;
	*ret = -1;
	return true;
}

long kbpf_compat_perf_link(union kbpf_attr *attr, unsigned int size)
{
	return kbpf_sys_on(KBPF_TARGET_KBPF, KBPF_LINK_CREATE, attr, size);
}
