/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which BPF runs may start on this CPU: the counter that kprobe and
 * perf-event runs and syscall-side map work share (defined in
 * link/link.c). A header of its own, so that maps use it without
 * depending on links.
 */
#ifndef KBPF_PROG_ACTIVE_H
#define KBPF_PROG_ACTIVE_H

#include <linux/percpu.h>
#include <linux/preempt.h>

/*
 * Runs started by kprobes and perf events in progress on this CPU, and
 * syscall-side map work (kbpf_instrumentation_disable()), as Linux's
 * bpf_prog_active: a run starts only at 1, the others are skipped and
 * counted. The increment and its decrement happen on one CPU:
 * preemption or migration off between them.
 */
DECLARE_PER_CPU(int, kbpf_prog_active);

/*
 * Around syscall-side map work, as Linux's bpf_disable_instrumentation():
 * no kprobe or perf-event program starts on this CPU meanwhile. One that
 * did could run under a bucket lock the syscall holds (a probe on a
 * function called there) and wait for another bucket, whose holder on
 * another CPU waits for ours. The task stays on its CPU and may be
 * preempted; runs other tasks start there meanwhile are skipped too, as
 * on Linux.
 */
static inline void kbpf_instrumentation_disable(void)
{
	migrate_disable();
	this_cpu_inc(kbpf_prog_active);
}

static inline void kbpf_instrumentation_enable(void)
{
	this_cpu_dec(kbpf_prog_active);
	migrate_enable();
}

#endif /* KBPF_PROG_ACTIVE_H */
