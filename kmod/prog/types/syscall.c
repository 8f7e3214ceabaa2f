// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_SYSCALL: always sleepable, run by BPF_PROG_TEST_RUN in the
 * caller's context on a buffer it gives (Linux's syscall_prog ops and
 * bpf_prog_test_run_syscall()).
 */

#include <linux/err.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../run.h"
#include "../type.h"
#ifdef KBPF_INTERP_CHECKED
#include "../checked.h"
#endif

/* Any bytes of ctx, naturally aligned: its size is checked at the run. */
static bool kbpf_syscall_ctx_access_ok(s32 off, u32 size, bool write,
					u32 *field_size)
{
	return off >= 0 && off < U16_MAX && !(off % size);
}

/* Linux's bpf_prog_load_check_attach(): no attach type at all. */
static int kbpf_syscall_check_attach(u32 expected_attach_type)
{
	return expected_attach_type ? -EINVAL : 0;
}

/*
 * A SYSCALL program runs in the caller's context on a kernel copy of
 * ctx_in, which is copied back afterwards.
 */
static int kbpf_syscall_test_run(struct kbpf_prog *prog,
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

/* Linux's syscall_prog_func_proto() falls back to the tracing set. */
static const s32 kbpf_syscall_helpers[] = {
	KBPF_FUNC_get_current_uid_gid,
	KBPF_FUNC_get_current_comm,
	KBPF_FUNC_copy_from_user,
	KBPF_FUNC_probe_read,
	KBPF_FUNC_probe_read_str,
};

const struct kbpf_prog_ops kbpf_prog_ops_syscall = {
	.name = "syscall",
	.tracing = true,
	.helpers = kbpf_syscall_helpers,
	.helper_cnt = ARRAY_SIZE(kbpf_syscall_helpers),
	.may_sleep = true,
	.must_sleep = true,
	.check_attach = kbpf_syscall_check_attach,
	.ctx_access_ok = kbpf_syscall_ctx_access_ok,
	.test_run = kbpf_syscall_test_run,
};
