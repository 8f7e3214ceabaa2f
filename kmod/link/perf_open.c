// SPDX-License-Identifier: GPL-2.0
/*
 * KBPF_IOC_PERF_EVENT_OPEN: Linux 6.12's perf_event_open(2) for the
 * events kbpf makes (perf_event.c), with its checks in its order:
 * flags, the attr (perf_copy_attr()), privileges (Debian's
 * perf_event_paranoid level 3 included), the fd, group_fd, the task,
 * then the event itself (perf_event_create_kernel_counter() makes the
 * anchor with the caller's attr, cpu and task: perf's own errnos for the
 * type, config and cpu; AUX use, the clock and the task's permission;
 * then perf_allow_cpu() for a CPU-wide event and -ENODEV for an offline
 * CPU, deferred to their place), the group and the AUX event.
 *
 * What kbpf does not make, with the errno Linux gives its nearest case:
 * - sampling (a sample period or frequency) and inherit: -EINVAL, before
 *   the event is made. A sample type alone is taken, as Linux takes it
 *   on a counting event: perf makes the anchor with it and gives its own
 *   errnos (a branch stack on the tracepoint PMU, a callchain deeper than
 *   kernel.perf_event_max_stack);
 * - groups: a kbpf event as group_fd is accepted only with
 *   PERF_FLAG_FD_NO_GROUP; grouping under it, or PERF_FLAG_FD_OUTPUT to
 *   it (kbpf's events have no ring buffer to share), is -EINVAL, as
 *   Linux refuses a leader in another context or an output event without
 *   a buffer; any other fd is -EBADF as for Linux any non-perf fd;
 * - PERF_FLAG_PID_CGROUP with a cgroup: -EINVAL;
 * - a task event on another process without CAP_PERFMON: -EACCES
 *   (Linux asks ptrace read access, ptrace_may_access() is not
 *   exported: kbpf allows only the caller's own process);
 * - the LSM hooks Linux calls here (security_perf_event_open()) are not
 *   called: they are not exported either. Lockdown's check of
 *   PERF_SAMPLE_REGS_INTR is made: security_locked_down() is exported.
 */

#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/file.h>
#include <linux/perf_event.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/time.h>
#include <linux/uaccess.h>
#include <asm/perf_regs.h>

#include "../compat.h"
#include "perf_event.h"
#include "perf_paranoid.h"
#include "perf_tp.h"

/* Linux's PERF_FLAG_ALL (kernel/events/core.c, private). */
#define KBPF_PERF_FLAG_ALL	(PERF_FLAG_FD_NO_GROUP | PERF_FLAG_FD_OUTPUT | \
				 PERF_FLAG_PID_CGROUP | PERF_FLAG_FD_CLOEXEC)

/* Linux's PERF_SAMPLE_BRANCH_PERM_PLM (kernel/events/core.c, private). */
#define KBPF_PERF_BRANCH_PERM_PLM	(PERF_SAMPLE_BRANCH_KERNEL | \
					 PERF_SAMPLE_BRANCH_HV)

/*
 * x86-64's perf_reg_validate() (not exported): some register, none of
 * the segment registers it does not sample, nor the bits between the
 * general registers and the first XMM one.
 */
static int kbpf_perf_regs_validate(u64 mask)
{
	const u64 none = BIT_ULL(PERF_REG_X86_DS) | BIT_ULL(PERF_REG_X86_ES) |
			 BIT_ULL(PERF_REG_X86_FS) | BIT_ULL(PERF_REG_X86_GS) |
			 GENMASK_ULL(PERF_REG_X86_XMM0 - 1,
				     PERF_REG_X86_64_MAX);

	return !mask || (mask & none) ? -EINVAL : 0;
}

/*
 * Linux's perf_copy_attr() checks of what a sample would hold. kbpf
 * makes no sample and refuses a sample type later, but these errnos come
 * before the privileges' and the fd's. The branch stack's privilege
 * levels are those named, or else those not excluded.
 */
static int kbpf_perf_check_sample(const struct perf_event_attr *attr)
{
	u64 type = attr->sample_type, mask = attr->branch_sample_type;
	int err;

	if (type & PERF_SAMPLE_BRANCH_STACK) {
		if (mask & ~(PERF_SAMPLE_BRANCH_MAX - 1) ||
		    !(mask & ~PERF_SAMPLE_BRANCH_PLM_ALL))
			return -EINVAL;
		if (!(mask & PERF_SAMPLE_BRANCH_PLM_ALL)) {
			if (!attr->exclude_kernel)
				mask |= PERF_SAMPLE_BRANCH_KERNEL;
			if (!attr->exclude_hv)
				mask |= PERF_SAMPLE_BRANCH_HV;
		}
		if (mask & KBPF_PERF_BRANCH_PERM_PLM) {
			err = kbpf_perf_allow_kernel(kbpf_perf_paranoid());
			if (err)
				return err;
		}
	}
	if (type & PERF_SAMPLE_REGS_USER) {
		err = kbpf_perf_regs_validate(attr->sample_regs_user);
		if (err)
			return err;
	}
	if ((type & PERF_SAMPLE_STACK_USER) &&
	    (attr->sample_stack_user >= USHRT_MAX ||
	     !IS_ALIGNED(attr->sample_stack_user, sizeof(u64))))
		return -EINVAL;
	/* A kernel without perf cgroups cannot say which cgroup a sample is in. */
	if (!IS_ENABLED(CONFIG_CGROUP_PERF) && (type & PERF_SAMPLE_CGROUP))
		return -EINVAL;
	if ((type & PERF_SAMPLE_WEIGHT) && (type & PERF_SAMPLE_WEIGHT_STRUCT))
		return -EINVAL;
	return 0;
}

/*
 * Linux's perf_copy_attr(): a short attr is zero-extended, a long one
 * must be zero past what the kernel knows (-E2BIG, the size it knows
 * written back); then the reserved fields, the sample fields and the
 * flag combinations. A bad REGS_INTR mask is -EINVAL only if nothing
 * after it fails first, as Linux's.
 */
int kbpf_perf_copy_attr(struct perf_event_attr __user *uattr,
			struct perf_event_attr *attr)
{
	u32 size;
	int err;

	if (get_user(size, &uattr->size))
		return -EFAULT;
	if (!size)
		size = PERF_ATTR_SIZE_VER0;
	if (size < PERF_ATTR_SIZE_VER0 || size > PAGE_SIZE)
		goto too_big;
	err = copy_struct_from_user(attr, sizeof(*attr), uattr, size);
	if (err == -E2BIG)
		goto too_big;
	if (err)
		return err;
	attr->size = size;
	if (attr->__reserved_1 || attr->__reserved_2 || attr->__reserved_3)
		return -EINVAL;
	if (attr->sample_type & ~(PERF_SAMPLE_MAX - 1) ||
	    attr->read_format & ~(PERF_FORMAT_MAX - 1))
		return -EINVAL;
	err = kbpf_perf_check_sample(attr);
	if (err)
		return err;
	if (attr->inherit_thread && !attr->inherit)
		return -EINVAL;
	if (attr->remove_on_exec && attr->enable_on_exec)
		return -EINVAL;
	if (attr->sigtrap && !attr->remove_on_exec)
		return -EINVAL;
	if (attr->sample_type & PERF_SAMPLE_REGS_INTR)
		return kbpf_perf_regs_validate(attr->sample_regs_intr);
	return 0;

too_big:
	put_user(sizeof(*attr), &uattr->size);
	return -E2BIG;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_perf_copy_attr);

/*
 * The checks perf_event_open(2) makes between the attr and the fd, at
 * perf_event_paranoid level @paranoid and perf_event_max_sample_rate
 * @max_rate, with the caller's capabilities.
 */
int kbpf_perf_check_privs(const struct perf_event_attr *attr,
			  const struct kbpf_perf_event_open *arg,
			  int paranoid, int max_rate)
{
	/* Debian's level 3: perf_event_open(2) is CAP_SYS_ADMIN's only. */
	if (paranoid > 2 && !capable(CAP_SYS_ADMIN))
		return -EACCES;
	if ((!attr->exclude_kernel || attr->text_poke ||
	     ((attr->sample_type & PERF_SAMPLE_CALLCHAIN) &&
	      !attr->exclude_callchain_kernel)) &&
	    kbpf_perf_allow_kernel(paranoid))
		return -EACCES;
	if (attr->namespaces && !perfmon_capable())
		return -EACCES;
	if (attr->freq ? attr->sample_freq > (u64)max(max_rate, 0) :
	    attr->sample_period & BIT_ULL(63))
		return -EINVAL;
	if ((attr->sample_type & PERF_SAMPLE_PHYS_ADDR) &&
	    kbpf_perf_allow_kernel(paranoid))
		return -EACCES;
	/*
	 * Registers sampled at an interrupt may hold kernel secrets: the
	 * lockdown LSM's confidentiality level refuses them (-EPERM).
	 */
	if (attr->sample_type & PERF_SAMPLE_REGS_INTR) {
		int err = security_locked_down(LOCKDOWN_PERF);

		if (err)
			return err;
	}
	if ((arg->flags & PERF_FLAG_PID_CGROUP) &&
	    (arg->pid == -1 || arg->cpu == -1))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_perf_check_privs);

/*
 * Linux's perf_fget_light() and what it does with the event: the errno
 * of the fd now, or 0 with *@later the group's errno, given after the
 * event is made as Linux's group checks are.
 */
static int kbpf_perf_check_group(const struct kbpf_perf_event_open *arg,
				 int *later)
{
	struct kbpf_perf_event *leader;
	struct file *file;
	int err = 0;

	*later = 0;
	if (arg->group_fd == -1)
		return 0;
	file = fget(arg->group_fd);
	if (!file)
		return -EBADF;
	/* The file's reference keeps the leader and its anchor. */
	leader = kbpf_perf_event_of(file);
	if (!leader)
		err = -EBADF;
	else if (READ_ONCE(leader->anchor->state) <= PERF_EVENT_STATE_EXIT)
		err = -ENODEV;	/* its task has exited */
	fput(file);
	if (err)
		return err;
	if (arg->flags & PERF_FLAG_FD_OUTPUT ||
	    !(arg->flags & PERF_FLAG_FD_NO_GROUP))
		*later = -EINVAL;
	return 0;
}

/* Linux's find_lively_task_by_vpid(): 0 is the caller. */
static struct task_struct *kbpf_perf_find_task(pid_t pid)
{
	struct task_struct *task;

	rcu_read_lock();
	task = pid ? pid_task(find_vpid(pid), PIDTYPE_PID) : current;
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	return task ?: ERR_PTR(-ESRCH);
}

/*
 * What kbpf's events are: the tracepoint PMU (another type has no PMU in
 * kbpf: perf's -ENOENT), counting (whatever the sample type, which only
 * samples use), not inherited, no cgroup.
 */
static int kbpf_perf_check_kind(const struct perf_event_attr *attr, u32 flags)
{
	if (attr->type != PERF_TYPE_TRACEPOINT)
		return -ENOENT;
	if (attr->sample_period || attr->freq || attr->inherit ||
	    (flags & PERF_FLAG_PID_CGROUP))
		return -EINVAL;
	return 0;
}

/*
 * Linux's perf_event_set_clock(): the tracepoint PMU may be read in NMI,
 * so only the NMI-safe clocks. Linux checks this before the event's
 * context (kbpf_perf_context_err()).
 */
static int kbpf_perf_check_clock(const struct perf_event_attr *attr)
{
	if (!attr->use_clockid)
		return 0;
	return attr->clockid == CLOCK_MONOTONIC ||
	       attr->clockid == CLOCK_MONOTONIC_RAW ? 0 : -EINVAL;
}

/*
 * The u32 after aux_sample_size: 6.12's aux_action bits (the first three;
 * the rest is its __reserved_3), 6.1's __reserved_3. kbpf_perf_copy_attr()
 * refused the reserved bits, so on 6.1 it is 0 here.
 */
#define KBPF_PERF_AUX_START_PAUSED	BIT(0)
#define KBPF_PERF_AUX_PAUSE		BIT(1)
#define KBPF_PERF_AUX_RESUME		BIT(2)

static u32 *kbpf_perf_aux_action(struct perf_event_attr *attr)
{
	return (void *)attr + offsetofend(struct perf_event_attr,
					  aux_sample_size);
}

/*
 * Linux's perf_event_alloc() refusals of AUX use by a PMU without AUX
 * (the tracepoint's); the AUX fields are cleared in @attr, as a kernel
 * counter refuses them outright. *@later is the errno Linux gives after
 * the event's context and group: an AUX event wanted and none there.
 */
static int kbpf_perf_take_aux(struct perf_event_attr *attr, int *later)
{
	u32 *action = kbpf_perf_aux_action(attr), aux = *action;
	int err = 0;

	*later = attr->aux_output || attr->aux_sample_size ||
		 (aux & (KBPF_PERF_AUX_PAUSE | KBPF_PERF_AUX_RESUME)) ?
		 -EINVAL : 0;
	if (attr->aux_output)
		err = -EOPNOTSUPP;
	else if ((aux & KBPF_PERF_AUX_PAUSE) && (aux & KBPF_PERF_AUX_RESUME))
		err = -EINVAL;
	else if (aux & KBPF_PERF_AUX_START_PAUSED)
		err = -EOPNOTSUPP;
	attr->aux_output = 0;
	attr->aux_sample_size = 0;
	*action = 0;
	return err;
}

/* Linux's perf_check_permission(), kbpf's stricter form (see above). */
static int kbpf_perf_check_task(struct task_struct *task)
{
	if (!task || perfmon_capable() || same_thread_group(task, current))
		return 0;
	return -EACCES;
}

/*
 * Of the anchor's errno @err, what perf_event_open(2) finds only at the
 * event's context, after perf_event_alloc(), the clock and the task's
 * permission: for a CPU-wide event (@task NULL), perf_allow_cpu()'s
 * -EACCES (the tracepoint PMU's own privilege errno is -EPERM) and an
 * offline CPU's -ENODEV. 0 for any other errno, given at once.
 */
static int kbpf_perf_context_err(int err, const struct task_struct *task)
{
	return !task && (err == -EACCES || err == -ENODEV) ? err : 0;
}

/* The event, checked as perf_event_open(2) does after the fd and task. */
static struct kbpf_perf_event *
kbpf_perf_event_make(struct perf_event_attr *attr,
		     const struct kbpf_perf_event_open *arg,
		     struct task_struct *task, int group_err)
{
	int err, aux_err, aux_later, ctx_err;
	struct kbpf_perf_event *pe;

	err = kbpf_perf_check_kind(attr, arg->flags);
	if (err)
		return ERR_PTR(err);
	pe = kbpf_perf_event_alloc();
	if (!pe)
		return ERR_PTR(-ENOMEM);
	aux_err = kbpf_perf_take_aux(attr, &aux_later);
	err = kbpf_perf_counters_open(pe, attr, arg->cpu, task);
	ctx_err = kbpf_perf_context_err(err, task);
	/* perf_event_alloc() checks the callchain's depth after AUX use. */
	if (!err || ctx_err || (err == -EOVERFLOW && aux_err))
		err = aux_err;
	if (!err)
		err = kbpf_perf_check_clock(attr);
	if (!err)
		err = kbpf_perf_check_task(task);
	if (!err)
		err = ctx_err;
	if (!err)
		err = group_err;
	if (!err)
		err = aux_later;
	if (err) {
		kbpf_perf_event_put(pe);
		return ERR_PTR(err);
	}
	return pe;
}

long kbpf_perf_event_open(const struct kbpf_perf_event_open __user *uarg)
{
	struct kbpf_perf_event_open arg;
	struct task_struct *task = NULL;
	struct perf_event_attr attr;
	struct kbpf_perf_event *pe;
	struct file *file;
	int fd, err, group_err;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (arg.flags & ~KBPF_PERF_FLAG_ALL)
		return -EINVAL;
	err = kbpf_perf_copy_attr(u64_to_user_ptr(arg.attr), &attr);
	if (!err)
		err = kbpf_perf_check_privs(&attr, &arg, kbpf_perf_paranoid(),
					    attr.freq ?
					    kbpf_perf_max_sample_rate() : 0);
	if (err)
		return err;

	fd = get_unused_fd_flags(arg.flags & PERF_FLAG_FD_CLOEXEC ?
				 O_CLOEXEC : 0);
	if (fd < 0)
		return fd;
	err = kbpf_perf_check_group(&arg, &group_err);
	if (err)
		goto put_fd;
	if (arg.pid != -1 && !(arg.flags & PERF_FLAG_PID_CGROUP)) {
		task = kbpf_perf_find_task(arg.pid);
		if (IS_ERR(task)) {
			err = PTR_ERR(task);
			goto put_fd;
		}
	}
	pe = kbpf_perf_event_make(&attr, &arg, task, group_err);
	if (task)
		put_task_struct(task);
	if (IS_ERR(pe)) {
		err = PTR_ERR(pe);
		goto put_fd;
	}
	file = kbpf_perf_event_file(pe);
	if (IS_ERR(file)) {
		kbpf_perf_event_put(pe);
		err = PTR_ERR(file);
		goto put_fd;
	}
	fd_install(fd, file);
	return fd;

put_fd:
	put_unused_fd(fd);
	return err;
}
