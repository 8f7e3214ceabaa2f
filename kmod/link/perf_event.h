/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbpf's perf events of the tracepoint PMU (perf_event.c) and the
 * perf_event link over them (perf_link.c).
 */
#ifndef _KBPF_LINK_PERF_EVENT_H
#define _KBPF_LINK_PERF_EVENT_H

#include <linux/fs.h>
#include <linux/types.h>

#include "../cmd.h"

struct kbpf_perf_event;
struct kbpf_perf_event_open;
struct kbpf_prog;

/* KBPF_IOC_PERF_EVENT_OPEN: a new kbpf perf event fd, or an errno. */
long kbpf_perf_event_open(const struct kbpf_perf_event_open __user *uarg);

/* The kbpf perf event @file is, or NULL. */
struct kbpf_perf_event *kbpf_perf_event_of(const struct file *file);

/*
 * References besides the fd's (a link's). The last put detaches the
 * program, if any, and frees the event, waiting for its handlers; it
 * sleeps.
 */
void kbpf_perf_event_get(struct kbpf_perf_event *pe);
void kbpf_perf_event_put(struct kbpf_perf_event *pe);

/*
 * Attach @prog with @cookie, as Linux's perf_event_set_bpf_prog(): the
 * event takes its own reference on @prog. Detach waits for the runs in
 * progress before that reference is dropped; detaching an event with no
 * program does nothing. Both may sleep.
 */
int kbpf_perf_event_attach(struct kbpf_perf_event *pe, struct kbpf_prog *prog,
			   u64 cookie);
void kbpf_perf_event_detach(struct kbpf_perf_event *pe);

/* The event's name as Linux's link info gives it, and the cookie. */
const char *kbpf_perf_event_name(const struct kbpf_perf_event *pe);
u64 kbpf_perf_event_cookie(const struct kbpf_perf_event *pe);

int kbpf_perf_event_init(void);
void kbpf_perf_event_exit(void);

#endif /* _KBPF_LINK_PERF_EVENT_H */
