// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_loop(): the program's callback, called a bounded number of times
 * (kbpf_interp_cb_call(), interp.h). The verifier inlines calls whose
 * flags are a known 0 (kmod/verifier/inline_loop.c): what this does,
 * the two must keep doing alike.
 */

#include <linux/capability.h>
#include <linux/errno.h>

#include "../helpers.h"
#include "../interp.h"

#define KBPF_PTR(x)	((void *)(unsigned long)(x))

static u64 kbpf_helper_loop(u64 nr_loops, u64 callback, u64 ctx, u64 flags,
			    u64 r5)
{
	u32 nr = nr_loops, i;	/* Linux takes nr_loops as a u32 */
	struct kbpf_interp_cb cb;

	if (flags)
		return -EINVAL;
	if (nr > KBPF_MAX_LOOPS)
		return -E2BIG;
	kbpf_interp_cb_begin(&cb, KBPF_PTR(callback));
	for (i = 0; i < nr; i++) {
		/* A non-zero return stops the loop after this iteration. */
		if (kbpf_interp_cb_call(&cb, i, ctx, 0, 0, 0)) {
			i++;
			break;
		}
	}
	kbpf_interp_cb_end(&cb);
	return i;
}

const struct kbpf_helper_proto kbpf_loop_proto = {
	.fn = kbpf_helper_loop,
	.name = "loop", .cap = CAP_BPF,
	.callback = 2,
	KBPF_ARGS(KBPF_ARG_SCALAR, KBPF_ARG_PTR_TO_FUNC,
		  KBPF_ARG_PTR_TO_STACK_OR_NULL, KBPF_ARG_ANYTHING),
	.cb_count = 1,
	KBPF_CB_ARGS(KBPF_CB_ARG_SCALAR, KBPF_CB_ARG_CTX),
	.inline_loop = true,
};
