/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bpf(2) command dispatcher: attr copy-in, per-command attr checks,
 * capability rules shared by the commands.
 */
#ifndef _KBPF_SYSCALL_H
#define _KBPF_SYSCALL_H

#include <linux/capability.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/types.h>

#include "../uapi/linux/kbpf.h"

/*
 * One command: @fn gets a kernel copy of the attr (zero-extended to the
 * full union) and the user pointer it came from, for fields written back.
 */
typedef int (*kbpf_cmd_fn)(union kbpf_attr *attr,
			   union kbpf_attr __user *uattr);

typedef int (*kbpf_cmd_sized_fn)(union kbpf_attr *attr,
				 union kbpf_attr __user *uattr, u32 size);

int kbpf_sys_bpf(u32 cmd, union kbpf_attr __user *uattr, u32 size);

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

#endif /* _KBPF_SYSCALL_H */
