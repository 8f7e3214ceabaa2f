// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_RAW_TRACEPOINT: up to 12 u64 arguments, read-only, run
 * with preemption off (Linux's raw_tracepoint ops and
 * bpf_prog_test_run_raw_tp()). Attached by kmod/link/raw_tp.c.
 */

#include <linux/cpumask.h>
#include <linux/smp.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../run.h"
#include "../type.h"
#ifdef KBPF_INTERP_CHECKED
#include "../checked.h"
#endif

/* Linux's MAX_BPF_FUNC_ARGS: a raw tracepoint has at most 12 arguments. */
#define KBPF_RAW_TP_MAX_ARGS	12
#define KBPF_RAW_TP_CTX_SIZE	(KBPF_RAW_TP_MAX_ARGS * sizeof(u64))

static bool kbpf_raw_tp_ctx_access_ok(s32 off, u32 size, bool write,
					u32 *field_size)
{
	return off >= 0 && off < KBPF_RAW_TP_CTX_SIZE && !write &&
	       !(off % size);
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

static int kbpf_raw_tp_test_run(struct kbpf_prog *prog,
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

static const s32 kbpf_raw_tp_helpers[] = {
	KBPF_FUNC_get_current_uid_gid,
	KBPF_FUNC_get_current_comm,
	KBPF_FUNC_copy_from_user,
	KBPF_FUNC_probe_read,
	KBPF_FUNC_probe_read_str,
	KBPF_FUNC_get_attach_cookie,
};

const struct kbpf_prog_ops kbpf_prog_ops_raw_tp = {
	.name = "raw_tracepoint",
	.tracing = true,
	.helpers = kbpf_raw_tp_helpers,
	.helper_cnt = ARRAY_SIZE(kbpf_raw_tp_helpers),
	.ctx_access_ok = kbpf_raw_tp_ctx_access_ok,
	.test_run = kbpf_raw_tp_test_run,
	/*
	 * test_run and the link's probes (kmod/link/raw_tp_probe.c) both
	 * hand a program all 12 slots.
	 */
	.ctx_size = KBPF_RAW_TP_CTX_SIZE,
};
