// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel counters behind a kbpf tracepoint perf event: one per online
 * CPU, sampling every hit of the tracepoint with PERF_SAMPLE_RAW, whose
 * overflow handler (perf_event.c) runs the program on the record in
 * place, as perf hands it over.
 *
 * Locking: making or releasing a tracepoint counter takes perf's
 * event_mutex, under which (un)registering the tracepoint's probe takes
 * the CPU hotplug lock; a CPU hotplug callback runs under that lock, so
 * none is made or released there. The callback only queues
 * kbpf_perf_rescan_work, which gives every listed event a counter on each
 * online CPU that lacks a live one. An event is listed at its first
 * attach (kbpf_perf_counters_start()): one opened only to count costs no
 * sampling. The anchor, made first in the opener's context, registers
 * the probe; the counters only add to it.
 *
 * The counters are made by that work, with a kworker's credentials, so
 * perf's own check for raw samples (CAP_SYS_ADMIN) passes: the records
 * go only to a TRACEPOINT program, whose load needed CAP_PERFMON. A CPU
 * that comes online runs no program until the work has run (README).
 */

#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/perf_event.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include <linux/workqueue.h>

#include "perf_tp.h"

/* Open events, in kbpf_perf_events; the lock nests outside each ->lock. */
static LIST_HEAD(kbpf_perf_events);
static DEFINE_MUTEX(kbpf_perf_events_lock);

static enum cpuhp_state kbpf_perf_cpuhp_state;

static void kbpf_perf_rescan(struct work_struct *work);
static DECLARE_WORK(kbpf_perf_rescan_work, kbpf_perf_rescan);

/*
 * The first fields of struct ftrace_event_field (kernel/trace/trace.h,
 * private), the same on 6.1 and 6.12: enough to read the end of an
 * event's last field, which Linux's trace_event_get_offsets() (not
 * exported) gives.
 */
struct kbpf_ftrace_event_field {
	struct list_head link;
	const char *name;
	const char *type;
	int filter_type;
	int offset;
	int size;
};

/*
 * How far into the record a program may read (Linux's attach check). The
 * fields are listed last defined first; an event without fields has only
 * the common header.
 */
static u32 kbpf_perf_fields_end(struct trace_event_call *call)
{
	struct list_head *head = trace_get_fields(call);
	struct kbpf_ftrace_event_field *last;

	if (list_empty(head))
		return sizeof(struct trace_entry);
	last = list_first_entry(head, struct kbpf_ftrace_event_field, link);
	return last->offset + last->size;
}

/* A syscall event: Linux's is_syscall_trace_event(), by its system. */
static bool kbpf_perf_is_syscall(const struct trace_event_call *call)
{
	return !(call->flags & (TRACE_EVENT_FL_TRACEPOINT |
				TRACE_EVENT_FL_KPROBE |
				TRACE_EVENT_FL_UPROBE)) &&
	       call->class->system && !strcmp(call->class->system, "syscalls");
}

/*
 * Only tracepoints and syscall events take TRACEPOINT programs (Linux:
 * -EINVAL at SET_BPF); kbpf runs no program on the others and refuses
 * their open.
 */
static int kbpf_perf_learn(struct kbpf_perf_event *pe)
{
	struct trace_event_call *call = pe->anchor->tp_event;

	if (!(call->flags & TRACE_EVENT_FL_TRACEPOINT) &&
	    !kbpf_perf_is_syscall(call))
		return -EOPNOTSUPP;
	pe->name = kstrdup(trace_event_name(call), GFP_KERNEL_ACCOUNT);
	if (!pe->name)
		return -ENOMEM;
	pe->fields_end = kbpf_perf_fields_end(call);
	return 0;
}

/*
 * The event the caller asked for, counting, made in the caller's context
 * so that perf checks the ID (its errno when there is no such event),
 * the cpu and the caller's right to a CPU-wide event as it does for
 * perf_event_open(2), and registers the tracepoint's perf probe.
 */
static int kbpf_perf_anchor(struct kbpf_perf_event *pe,
			    struct perf_event_attr *attr, int cpu,
			    struct task_struct *task)
{
	struct perf_event *event;

	event = perf_event_create_kernel_counter(attr, cpu, task, NULL, NULL);
	if (IS_ERR(event))
		return PTR_ERR(event);
	pe->anchor = event;
	pe->config = attr->config;
	return kbpf_perf_learn(pe);
}

/* A counter taken off its CPU's context when the CPU went offline. */
static bool kbpf_perf_counter_dead(const struct perf_event *event)
{
	return READ_ONCE(event->state) < PERF_EVENT_STATE_INACTIVE;
}

/* Give @pe a live counter on every online CPU that lacks one. */
static void kbpf_perf_fill(struct kbpf_perf_event *pe)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.config = pe->config,
		.sample_period = 1,
		.sample_type = PERF_SAMPLE_RAW,
		.pinned = 1,
	};
	struct perf_event **slot, *event;
	unsigned int cpu;

	mutex_lock(&pe->lock);
	pe->fill_err = 0;
	for_each_online_cpu(cpu) {
		slot = per_cpu_ptr(pe->events, cpu);
		if (*slot && !kbpf_perf_counter_dead(*slot))
			continue;
		if (*slot)
			perf_event_release_kernel(*slot);
		*slot = NULL;
		event = perf_event_create_kernel_counter(&attr, cpu, NULL,
							 kbpf_perf_tp_overflow,
							 pe);
		if (IS_ERR(event)) {
			/* Gone offline meanwhile: the next rescan. */
			if (PTR_ERR(event) != -ENODEV)
				pe->fill_err = PTR_ERR(event);
			continue;
		}
		*slot = event;
	}
	mutex_unlock(&pe->lock);
}

static void kbpf_perf_rescan(struct work_struct *work)
{
	struct kbpf_perf_event *pe;

	mutex_lock(&kbpf_perf_events_lock);
	list_for_each_entry(pe, &kbpf_perf_events, all_node)
		kbpf_perf_fill(pe);
	mutex_unlock(&kbpf_perf_events_lock);
}

/* Under the CPU hotplug lock: only queue the rescan. */
static int kbpf_perf_cpu_online(unsigned int cpu)
{
	queue_work(system_unbound_wq, &kbpf_perf_rescan_work);
	return 0;
}

int kbpf_perf_counters_open(struct kbpf_perf_event *pe,
			    struct perf_event_attr *attr, int cpu,
			    struct task_struct *task)
{
	INIT_LIST_HEAD(&pe->all_node);
	mutex_init(&pe->lock);
	pe->events = alloc_percpu_gfp(struct perf_event *, GFP_KERNEL_ACCOUNT);
	if (!pe->events)
		return -ENOMEM;
	return kbpf_perf_anchor(pe, attr, cpu, task);
}

/*
 * Listed first, so that a CPU coming online from here on is rescanned;
 * then the rescan, waited for even when another caller queued it, so
 * that the counters are there when this returns.
 */
int kbpf_perf_counters_start(struct kbpf_perf_event *pe)
{
	int err;

	mutex_lock(&kbpf_perf_events_lock);
	if (list_empty(&pe->all_node))
		list_add_tail(&pe->all_node, &kbpf_perf_events);
	mutex_unlock(&kbpf_perf_events_lock);
	queue_work(system_unbound_wq, &kbpf_perf_rescan_work);
	flush_work(&kbpf_perf_rescan_work);
	mutex_lock(&pe->lock);
	err = pe->fill_err;
	mutex_unlock(&pe->lock);
	return err;
}

/*
 * Also after a failed open. A handler may still be running for a counter
 * just released on 6.1 (6.12's perf_swevent_event() excludes it), so
 * @pe may go only a grace period after.
 */
void kbpf_perf_counters_close(struct kbpf_perf_event *pe)
{
	struct perf_event **slot;
	unsigned int cpu;

	if (!list_empty(&pe->all_node)) {
		mutex_lock(&kbpf_perf_events_lock);
		list_del_init(&pe->all_node);
		mutex_unlock(&kbpf_perf_events_lock);
	}
	if (pe->events) {
		for_each_possible_cpu(cpu) {
			slot = per_cpu_ptr(pe->events, cpu);
			if (*slot)
				perf_event_release_kernel(*slot);
		}
		free_percpu(pe->events);
	}
	if (pe->anchor)
		perf_event_release_kernel(pe->anchor);
	synchronize_rcu();
	kfree(pe->name);
}

int kbpf_perf_counters_init(void)
{
	int ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN,
					    "kbpf/perf_tp:online",
					    kbpf_perf_cpu_online, NULL);

	if (ret < 0)
		return ret;
	kbpf_perf_cpuhp_state = ret;
	return 0;
}

/* Every fd holds the module: no event is open. */
void kbpf_perf_counters_exit(void)
{
	cpuhp_remove_state_nocalls(kbpf_perf_cpuhp_state);
	flush_work(&kbpf_perf_rescan_work);
}
