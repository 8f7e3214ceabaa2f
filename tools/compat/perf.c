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
 * - kbpf_compat_perf_open(): the place to claim an event for kbpf, i.e.
 *   to return a kbpf-owned fd instead of the host's (the tracepoint work
 *   will do that for the tracepoint PMU). Today every event is the
 *   host's: kbpf has no perf events of its own.
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
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include "../lib/kbpf/bpf.h"
#include "compat.h"

long kbpf_compat_perf_open(void *attr, long pid, long cpu, long group_fd,
			   long flags)
{
	return KBPF_REAL(syscall)(__NR_perf_event_open, attr, pid, cpu,
				  group_fd, flags);
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
