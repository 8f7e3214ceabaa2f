/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rules every command shares, below the dispatcher (syscall.c) and the
 * object kinds that implement the commands: the zeroed attr tail, the
 * capability rule, the step of a loop a user sizes. A leaf: it includes
 * no kbpf header but the uapi.
 */
#ifndef _KBPF_CMD_H
#define _KBPF_CMD_H

#include <linux/capability.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/types.h>

#include "../uapi/linux/kbpf.h"

int kbpf_check_uarg_tail_zero(const void __user *uaddr, size_t expected,
			      size_t actual);
bool kbpf_attr_tail_is_zero(const union kbpf_attr *attr, size_t end);

/*
 * Linux 6.12 with kernel.unprivileged_bpf_disabled=2: CAP_BPF, or
 * CAP_SYS_ADMIN standing in for it, in the initial user namespace.
 */
static inline bool kbpf_capable(int cap)
{
	return capable(cap) || (cap != CAP_SYS_ADMIN && capable(CAP_SYS_ADMIN));
}

/*
 * One step of a loop whose length a user chooses (elements, buckets,
 * probes), run by a command in the caller's process context, never under
 * a lock that does not allow sleeping: it yields the CPU, and true means
 * the caller is being killed, so the loop must stop, undo what it built
 * and return -EINTR. No one sees that errno: the task never returns to
 * user space. Loops that free memory do not stop: they only yield.
 */
static inline bool kbpf_loop_killed(void)
{
	cond_resched();
	return fatal_signal_pending(current);
}

#endif /* _KBPF_CMD_H */
