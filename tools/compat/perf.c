// SPDX-License-Identifier: GPL-2.0
/*
 * The perf-event hook: where a kbpf program meets a perf event.
 *
 * libbpf attaches kprobe, uprobe and tracepoint programs (and
 * SEC("uprobe.s") sleepable ones) by opening a perf event on the kprobe,
 * uprobe or tracepoint PMU and then either ioctl(PERF_EVENT_IOC_SET_BPF,
 * prog_fd) or bpf(BPF_LINK_CREATE, attach_type BPF_PERF_EVENT,
 * target_fd = perf fd). Both arrive here, never at the host's perf core:
 * the host would look the prog fd up in its own BPF and could not use a
 * kbpf program.
 *
 * Today kbpf has no perf_event links, so both answer kbpf's errno for that
 * link type, EOPNOTSUPP. The attach work plugs in here: read the event's
 * PMU type and config back (a perf_event_open() wrapper in preload.c
 * recording perf_event_attr by fd is the place for that), translate a
 * uprobe event to a uprobe_multi link and a kprobe event to a kprobe_multi
 * link on kbpf, and keep the link fd with the perf fd.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "../lib/kbpf/bpf.h"
#include "compat.h"

/* ioctl(perf_fd, PERF_EVENT_IOC_SET_BPF, prog_fd): 0 or -1 with errno. */
int kbpf_compat_perf_set_bpf(int perf_fd, int prog_fd)
{
	kbpf_compat_log("perf SET_BPF perf fd %d prog fd %d: EOPNOTSUPP",
			perf_fd, prog_fd);
	errno = EOPNOTSUPP;
	return -1;
}

/* bpf(BPF_LINK_CREATE) for BPF_PERF_EVENT: a link fd or -1 with errno. */
long kbpf_compat_perf_link(union kbpf_attr *attr, unsigned int size)
{
	/* kbpf's own answer (attr checks first, then EOPNOTSUPP). */
	return kbpf_sys_on(KBPF_TARGET_KBPF, KBPF_LINK_CREATE, attr, size);
}
