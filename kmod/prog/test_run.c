// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TEST_RUN for the program types that have it, with Linux's
 * rules (bpf_prog_test_run_syscall() and bpf_prog_test_run_raw_tp()).
 */

#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/uaccess.h>

#include "run.h"
#ifdef KBPF_INTERP_CHECKED
#include "checked.h"
#endif

/* Linux's MAX_BPF_FUNC_ARGS: a raw tracepoint has at most 12 arguments. */
#define KBPF_RAW_TP_MAX_ARGS	12
#define KBPF_RAW_TP_CTX_SIZE	(KBPF_RAW_TP_MAX_ARGS * sizeof(u64))

/*
 * A SYSCALL program runs in the caller's context on a kernel copy of
 * ctx_in, which is copied back afterwards.
 */
static int kbpf_test_run_syscall(struct kbpf_prog *prog,
				 const union kbpf_attr *attr,
				 union kbpf_attr __user *uattr)
{
	void __user *ctx_in = u64_to_user_ptr(attr->test.ctx_in);
	u32 ctx_size = attr->test.ctx_size_in;
	void *ctx = NULL;
	u32 retval;
	int err = 0;
#ifdef KBPF_INTERP_CHECKED
	struct kbpf_checked_ctx checked;
#endif

	if (attr->test.data_in || attr->test.data_out || attr->test.ctx_out ||
	    attr->test.duration || attr->test.repeat || attr->test.flags ||
	    attr->test.batch_size)
		return -EINVAL;
	if (ctx_size < prog->max_ctx_offset || ctx_size > U16_MAX)
		return -EINVAL;
	if (ctx_size) {
		ctx = memdup_user(ctx_in, ctx_size);
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
	}

#ifdef KBPF_INTERP_CHECKED
	kbpf_checked_ctx_publish(&checked, ctx, ctx_size, false);
#endif
	retval = kbpf_prog_run(prog, ctx);
#ifdef KBPF_INTERP_CHECKED
	kbpf_checked_ctx_withdraw(&checked);
#endif

	if (put_user(retval, &uattr->test.retval))
		err = -EFAULT;
	else if (ctx_size && copy_to_user(ctx_in, ctx, ctx_size))
		err = -EFAULT;
	kfree(ctx);
	return err;
}

struct kbpf_raw_tp_run {
	struct kbpf_prog *prog;
	void *ctx;
	u32 retval;
};

/* Runs with preemption off, on the CPU asked for (from an IPI maybe). */
static void kbpf_raw_tp_run_here(void *data)
{
	struct kbpf_raw_tp_run *run = data;

	run->retval = kbpf_prog_run(run->prog, run->ctx);
}

static int kbpf_test_run_raw_tp(struct kbpf_prog *prog,
				const union kbpf_attr *attr,
				union kbpf_attr __user *uattr)
{
	u32 ctx_size = attr->test.ctx_size_in, cpu = attr->test.cpu;
	bool on_cpu = attr->test.flags & KBPF_F_TEST_RUN_ON_CPU;
	struct kbpf_raw_tp_run run = { .prog = prog };
	int this_cpu, err = 0;
#ifdef KBPF_INTERP_CHECKED
	struct kbpf_checked_ctx checked;
#endif

	if (attr->test.data_in || attr->test.data_out || attr->test.ctx_out ||
	    attr->test.duration || attr->test.repeat || attr->test.batch_size)
		return -EINVAL;
	if (ctx_size < prog->max_ctx_offset || ctx_size > KBPF_RAW_TP_CTX_SIZE)
		return -EINVAL;
	if (!on_cpu && cpu)
		return -EINVAL;
	/*
	 * Every argument slot exists, zero past ctx_in: the program checked
	 * above reads no further than ctx_size, but one it tail calls into
	 * may read any of the 12 (Linux gives it only ctx_size bytes).
	 */
	run.ctx = kzalloc(KBPF_RAW_TP_CTX_SIZE, GFP_KERNEL);
	if (!run.ctx)
		return -ENOMEM;
	if (copy_from_user(run.ctx, u64_to_user_ptr(attr->test.ctx_in),
			   ctx_size)) {
		kfree(run.ctx);
		return -EFAULT;
	}

#ifdef KBPF_INTERP_CHECKED
	/* Linux's raw_tp ctx is read-only to programs. */
	kbpf_checked_ctx_publish(&checked, run.ctx, KBPF_RAW_TP_CTX_SIZE,
				 true);
#endif
	this_cpu = get_cpu();
	if (!on_cpu || cpu == this_cpu)
		kbpf_raw_tp_run_here(&run);
	else if (cpu >= nr_cpu_ids || !cpu_online(cpu))
		err = -ENXIO;
	else
		err = smp_call_function_single(cpu, kbpf_raw_tp_run_here,
					       &run, 1);
	put_cpu();
#ifdef KBPF_INTERP_CHECKED
	kbpf_checked_ctx_withdraw(&checked);
#endif

	if (!err && put_user(run.retval, &uattr->test.retval))
		err = -EFAULT;
	kfree(run.ctx);
	return err;
}

int kbpf_prog_test_run(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	struct kbpf_prog *prog;
	int err;

	if (!attr->test.ctx_size_in != !attr->test.ctx_in ||
	    !attr->test.ctx_size_out != !attr->test.ctx_out)
		return -EINVAL;
	prog = kbpf_prog_get_fd(attr->test.prog_fd);
	if (IS_ERR(prog))
		return PTR_ERR(prog);

	switch (prog->type) {
	case KBPF_PROG_TYPE_SYSCALL:
		err = kbpf_test_run_syscall(prog, attr, uattr);
		break;
	case KBPF_PROG_TYPE_RAW_TRACEPOINT:
		err = kbpf_test_run_raw_tp(prog, attr, uattr);
		break;
	default:
		err = -ENOTSUPP;
		break;
	}
	kbpf_prog_put(prog);
	return err;
}
