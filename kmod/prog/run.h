/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running a program: the protection every run takes (DESIGN §3).
 */
#ifndef _KBPF_RUN_H
#define _KBPF_RUN_H

#include <linux/bug.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>

#include "../sleepable.h"
#include "interp.h"
#include "prog.h"
#include "stats.h"

/*
 * What every entry below shares: @run (@prog on @ctx, under whatever
 * read side it takes), timed into @prog's stats while they are enabled.
 * @run is a constant at each use, so that it is inlined here.
 */
static __always_inline u32
__kbpf_prog_run_timed(const struct kbpf_prog *prog, const void *ctx,
		      const struct kbpf_attach_ctx *attach,
		      u64 (*run)(const struct kbpf_prog *prog, const void *ctx,
				 const struct kbpf_attach_ctx *attach))
{
	u64 start = 0;
	u32 ret;

	if (static_branch_unlikely(&kbpf_stats_enabled_key))
		start = sched_clock();
	ret = run(prog, ctx, attach);
	if (start)
		kbpf_prog_stats_add(prog->stats, start);
	return ret;
}

/*
 * The read side that keeps the program and its maps alive: the sleepable
 * flavour (sleepable.h: RCU-tasks-trace, or SRCU) for a sleepable
 * program, which may block in a helper, RCU otherwise.
 */
static __always_inline u64 kbpf_prog_run_read_side(const struct kbpf_prog *prog,
						   const void *ctx,
						   const struct kbpf_attach_ctx *attach)
{
	u32 ret;	/* a program's return value is 32 bits */

	if (prog->sleepable) {
		int idx = kbpf_sleepable_read_lock();

		ret = kbpf_interp_run(prog, ctx, attach);
		kbpf_sleepable_read_unlock(idx);
	} else {
		rcu_read_lock();
		ret = kbpf_interp_run(prog, ctx, attach);
		rcu_read_unlock();
	}
	return ret;
}

/*
 * The whole run stays on one CPU (per-CPU map values are this CPU's),
 * under its read side.
 */
static inline u32 kbpf_prog_run_attached(const struct kbpf_prog *prog,
					 const void *ctx,
					 const struct kbpf_attach_ctx *attach)
{
	u32 ret;

	migrate_disable();
	ret = __kbpf_prog_run_timed(prog, ctx, attach, kbpf_prog_run_read_side);
	migrate_enable();
	return ret;
}

/*
 * As kbpf_prog_run_attached(), for hooks that run with preemption off
 * (tracepoint probes, kprobe handlers, perf overflow handlers), whose
 * programs are never sleepable: the CPU cannot change under the run, so
 * it skips the migrate_disable() pair, as Linux's bpf_prog_run() does.
 * The caller holds the RCU read side (__ variant) or not (plain one).
 */
static inline u32 __kbpf_prog_run_pinned(const struct kbpf_prog *prog,
					 const void *ctx,
					 const struct kbpf_attach_ctx *attach)
{
	lockdep_assert_preemption_disabled();
	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "kbpf run outside RCU");
	if (WARN_ON_ONCE(prog->sleepable))
		return 0;
	return __kbpf_prog_run_timed(prog, ctx, attach, kbpf_interp_run);
}

static inline u32 kbpf_prog_run_pinned(const struct kbpf_prog *prog,
				       const void *ctx,
				       const struct kbpf_attach_ctx *attach)
{
	u32 ret;

	rcu_read_lock();
	ret = __kbpf_prog_run_pinned(prog, ctx, attach);
	rcu_read_unlock();
	return ret;
}

static inline u32 kbpf_prog_run(const struct kbpf_prog *prog, const void *ctx)
{
	return kbpf_prog_run_attached(prog, ctx, NULL);
}

/*
 * Linux's prog->active guard for attached runs, preemption off: true if
 * no run of @prog is in progress on this CPU; a false is counted as a
 * recursion miss. Pair every call with kbpf_prog_exit_guard().
 */
static inline bool kbpf_prog_enter_guard(const struct kbpf_prog *prog)
{
	if (likely(this_cpu_inc_return(prog->stats->active) == 1))
		return true;
	kbpf_prog_misses_inc(prog->stats);
	return false;
}

static inline void kbpf_prog_exit_guard(const struct kbpf_prog *prog)
{
	this_cpu_dec(prog->stats->active);
}

#endif /* _KBPF_RUN_H */
