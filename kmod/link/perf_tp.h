/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside kbpf's tracepoint perf events: the event object shared by the
 * fd and attach side (perf_event.c) and the kernel counters that bring
 * the records (perf_counters.c).
 */
#ifndef _KBPF_LINK_PERF_TP_H
#define _KBPF_LINK_PERF_TP_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/perf_event.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/types.h>

struct kbpf_perf_event_open;
struct kbpf_prog;
struct task_struct;

/* What a run reads, published as one pointer (see kbpf_perf_event). */
struct kbpf_perf_attach {
	struct kbpf_prog *prog;
	u64 cookie;
};

/*
 * @refcnt: the fd and each perf_event link. The link holds the event,
 *	not the fd's file, so that the last put (from kbpf's free work
 *	after an unpin) frees it there and then: a file would keep the
 *	module until the kernel's delayed fput runs.
 *
 * Counters (perf_counters.c):
 * @all_node: in the list of events that CPU hotplug rescans, from the
 *	first attach to the close.
 * @lock: protects @events and @fill_err; taken outside perf's own locks.
 * @events: each CPU's kernel counter; NULL where none was made (the CPU
 *	was offline), and one found dead (its CPU went offline since) is
 *	made again when the CPU comes back.
 * @fill_err: the error of the last fill making a counter, 0 if none.
 * @anchor: the event as the caller asked for it (attr, cpu, task), a
 *	kernel counter that holds the tracepoint's event (and its module)
 *	and its perf probe from the open to the release; read(2) and the
 *	counting ioctls (perf_count.c) are its.
 * @count_base: @anchor's count at the last PERF_EVENT_IOC_RESET.
 *
 * Fixed at the open, from @anchor's event:
 * @config: the tracepoint's ID.
 * @name: as Linux's link info gives it.
 * @fields_end: how far into the record a program may read.
 *
 * Attachment (perf_event.c):
 * @cur: NULL, or &@slot while a program is attached. Written under
 *	kbpf_perf_tp_mutex; read by the overflow handler under RCU. @slot
 *	is filled before @cur is published and left alone until a grace
 *	period after @cur is cleared, so a reader sees one attachment whole.
 * @node: in the list of attached events while @cur is set.
 */
struct kbpf_perf_event {
	refcount_t refcnt;
	struct list_head all_node;
	struct mutex lock;			/* @events, @fill_err */
	struct perf_event * __percpu *events;
	int fill_err;
	struct perf_event *anchor;
	atomic64_t count_base;

	u64 config;
	char *name;
	u32 fields_end;

	struct kbpf_perf_attach __rcu *cur;
	struct kbpf_perf_attach slot;
	struct list_head node;
};

/* A new event, one reference, nothing made yet (perf_event.c). */
struct kbpf_perf_event *kbpf_perf_event_alloc(void);
/* The fd's file for @pe, taking over the caller's reference. */
struct file *kbpf_perf_event_file(struct kbpf_perf_event *pe);

/* Linux's perf_copy_attr() (perf_open.c). */
int kbpf_perf_copy_attr(struct perf_event_attr __user *uattr,
			struct perf_event_attr *attr);
/*
 * perf_event_open(2)'s checks after perf_copy_attr() and before the fd
 * (perf_open.c): privileges at perf_event_paranoid @paranoid with the
 * caller's capabilities, a frequency above @max_rate, the sampling
 * fields that need privileges, and the cgroup flag's pid and cpu.
 */
int kbpf_perf_check_privs(const struct perf_event_attr *attr,
			  const struct kbpf_perf_event_open *arg,
			  int paranoid, int max_rate);

/*
 * read(2) and the counting ioctls of @pe's fd, on its anchor
 * (perf_count.c); -ENOTTY for a request that is not one of them.
 */
ssize_t kbpf_perf_count_read(struct kbpf_perf_event *pe, char __user *buf,
			     size_t count);
long kbpf_perf_count_ioctl(struct kbpf_perf_event *pe, unsigned int cmd,
			   unsigned long arg);

/* The counters' overflow handler (perf_event.c). */
void kbpf_perf_tp_overflow(struct perf_event *event,
			   struct perf_sample_data *data,
			   struct pt_regs *regs);

/*
 * Make @pe's anchor from @attr, @cpu and @task (NULL: CPU-wide) in the
 * caller's context, then its counters, learning the event; returns the
 * errno perf gives, or -EOPNOTSUPP for an event that is neither a
 * tracepoint nor a syscall event. Close releases them all and waits
 * until no overflow handler can be running for @pe. Both sleep; neither
 * may be called under the CPU hotplug lock.
 */
int kbpf_perf_counters_open(struct kbpf_perf_event *pe,
			    struct perf_event_attr *attr, int cpu,
			    struct task_struct *task);
/*
 * Make @pe's counters on every online CPU, and later on every CPU
 * that comes online, until the close; 0, or the error making one. Only
 * an event a program attaches to has them: one opened only to count
 * makes perf sample nothing. Sleeps; not under the CPU hotplug lock.
 */
int kbpf_perf_counters_start(struct kbpf_perf_event *pe);
void kbpf_perf_counters_close(struct kbpf_perf_event *pe);
int kbpf_perf_counters_init(void);
void kbpf_perf_counters_exit(void);

#endif /* _KBPF_LINK_PERF_TP_H */
