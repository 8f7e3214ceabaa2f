/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The read side that keeps a sleepable program, and what it can reach,
 * alive while it may block: RCU-tasks-trace by default, as Linux 6.12,
 * or kbpf's own SRCU domain with the module parameter sleepable_srcu=1
 * (for kernels without tasks-trace RCU, and to test both). The choice is
 * made at load time and never changes while the module is loaded.
 *
 * Objects a sleepable run can reach are freed after a grace period of
 * this flavour chained into an RCU one (non-sleepable runs hold only
 * rcu_read_lock()): kbpf_call_sleepable_rcu() starts such a chain.
 */
#ifndef _KBPF_SLEEPABLE_H
#define _KBPF_SLEEPABLE_H

#include <linux/rcupdate.h>
#include <linux/rcupdate_trace.h>
#include <linux/srcu.h>

extern bool kbpf_sleepable_srcu;
extern struct srcu_struct kbpf_srcu;

/*
 * Returns the cookie kbpf_sleepable_read_unlock() needs: the SRCU index,
 * or -1 for tasks-trace, so the unlock matches the lock by itself.
 */
static inline int kbpf_sleepable_read_lock(void)
{
	if (READ_ONCE(kbpf_sleepable_srcu))
		return srcu_read_lock(&kbpf_srcu);
	rcu_read_lock_trace();
	/* For sparse: either flavour is the one context of kbpf_srcu. */
	__acquire(&kbpf_srcu);
	return -1;
}

static inline void kbpf_sleepable_read_unlock(int idx)
{
	if (idx >= 0) {
		srcu_read_unlock(&kbpf_srcu, idx);
	} else {
		__release(&kbpf_srcu);
		rcu_read_unlock_trace();
	}
}

/*
 * Whether the current task is inside the sleepable read side, for
 * rcu_dereference_check(): as precise as lockdep can tell.
 */
static inline bool kbpf_sleepable_read_lock_held(void)
{
	if (READ_ONCE(kbpf_sleepable_srcu))
		return srcu_read_lock_held(&kbpf_srcu);
	return rcu_read_lock_trace_held();
}

/* @func runs after a grace period of the sleepable flavour. */
static inline void kbpf_call_sleepable_rcu(struct rcu_head *head,
					   rcu_callback_t func)
{
	if (READ_ONCE(kbpf_sleepable_srcu))
		call_srcu(&kbpf_srcu, head, func);
	else
		call_rcu_tasks_trace(head, func);
}

/* Waits for every callback kbpf_call_sleepable_rcu() posted. */
static inline void kbpf_sleepable_barrier(void)
{
	if (READ_ONCE(kbpf_sleepable_srcu))
		srcu_barrier(&kbpf_srcu);
	else
		rcu_barrier_tasks_trace();
}

#endif /* _KBPF_SLEEPABLE_H */
