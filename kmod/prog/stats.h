/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run statistics (BPF_ENABLE_STATS): while any stats fd is open, every
 * run counts itself and its duration in the program's per-CPU stats.
 */
#ifndef _KBPF_STATS_H
#define _KBPF_STATS_H

#include <linux/jump_label.h>
#include <linux/percpu.h>
#include <linux/sched/clock.h>
#include <linux/u64_stats_sync.h>

#include "../cmd.h"

struct kbpf_prog;

/*
 * One CPU's counts; @syncp lets 32-bit readers see both halves agree.
 * @misses: attached runs skipped because one was in progress on this
 * CPU; @active counts those in progress (kbpf_prog_enter_guard()). Both
 * counted whether or not stats are enabled, as Linux does.
 */
struct kbpf_prog_stats {
	u64_stats_t cnt;
	u64_stats_t nsecs;
	u64_stats_t misses;
	struct u64_stats_sync syncp;
	int active;
} __aligned(2 * sizeof(u64));

DECLARE_STATIC_KEY_FALSE(kbpf_stats_enabled_key);

int kbpf_enable_stats(union kbpf_attr *attr, union kbpf_attr __user *uattr);
void kbpf_prog_stats_read(const struct kbpf_prog *prog, u64 *cnt, u64 *nsecs);
u64 kbpf_prog_misses_read(const struct kbpf_prog *prog);

static inline void kbpf_prog_stats_add(struct kbpf_prog_stats __percpu *stats,
				       u64 start)
{
	struct kbpf_prog_stats *s = this_cpu_ptr(stats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_inc(&s->cnt);
	u64_stats_add(&s->nsecs, sched_clock() - start);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
}

static inline void kbpf_prog_misses_inc(struct kbpf_prog_stats __percpu *stats)
{
	struct kbpf_prog_stats *s = this_cpu_ptr(stats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_inc(&s->misses);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
}

#endif /* _KBPF_STATS_H */
