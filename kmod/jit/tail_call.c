// SPDX-License-Identifier: GPL-2.0
/*
 * Tail calls in JITed code.
 *
 * At a tail call the image calls kbpf_interp_jit_tail_call() (interp.c)
 * with the prog array and the index as they are in r2 and r3. It counts
 * the attempt against the run's limit exactly as the interpreter does
 * (one counter per run, KBPF_MAX_TAIL_CALLS) and returns the tail-call
 * entry of the program in the slot, or NULL: index out of range, limit
 * reached, empty slot. On NULL the program goes on after the call (r0-r5
 * are then unreadable to a verified program, Linux's RET_VOID). Otherwise
 * the function's saved registers are popped, which leaves rsp at the
 * bottom of its BPF stack, and the image jumps (indirectly, through the
 * kernel's thunk) to the target's tail-call entry, with r1 the ctx.
 * Only the main function tail calls (the verifier refuses a tail call in
 * a subprogram or callback without BTF), so rbp is the frame that
 * kbpf_interp_run_jited()'s call made: the target takes it over, returns
 * to that caller, and the kernel stack does not grow with the chain.
 *
 * The tail-call entry keeps rbp, so the target's stack [rbp - its depth,
 * rbp) starts where the caller's did, as the interpreter keeps the
 * frame's top: it moves rsp to its own bottom in one instruction (the
 * bytes both programs share stay above rsp the whole time, so no
 * interrupt frame lands on them) and zeroes only the bytes it gains
 * below the caller's bottom, as the interpreter clears what a tail call
 * adds to the frame. Bytes the caller wrote and the target may read
 * uninitialized (CAP_PERFMON) are thus the same in both. Then the
 * prologue goes on as at the normal entry: r6-r9 saved, r2-r5 cleared.
 *
 * Every program in a slot that a JITed program can reach has an image:
 * a prog array's owner records whether its programs are JITed, as
 * Linux's, and JITed and interpreted programs never share an array
 * (prog_array.c). The run-time function checks it anyway.
 */

#include <linux/errno.h>

#include "../prog/interp.h"
#include "emit.h"
#include "tail_call.h"

void kbpf_jit_tail_entry(struct kbpf_jit_ctx *c)
{
	struct kbpf_jit_emit *e = &c->e;
	u32 loop, done;

	c->tail = e->len;
	kbpf_emit_endbr64(e);
	/* r11: the bottom of the caller's stack */
	kbpf_emit_mov_rr(e, true, KBPF_X86_R11, KBPF_X86_RSP);
	kbpf_emit_lea(e, KBPF_X86_RSP, KBPF_X86_RBP, -(s32)c->fstack);
	/* r0 = 0, and the bytes in [rsp, r11) with it */
	kbpf_emit_alu_rr(e, KBPF_X86_OP_XOR, false, KBPF_X86_RAX,
			 KBPF_X86_RAX);
	kbpf_emit_mov_rr(e, true, KBPF_X86_R9, KBPF_X86_RSP);
	loop = e->len;
	kbpf_emit_alu_rr(e, KBPF_X86_OP_CMP, true, KBPF_X86_R9, KBPF_X86_R11);
	done = kbpf_emit_jcc8_fwd(e, KBPF_X86_CC_AE);
	kbpf_emit_store(e, 64, KBPF_X86_R9, 0, KBPF_X86_RAX);
	kbpf_emit_alu_ri(e, KBPF_X86_ADD, true, KBPF_X86_R9, 8);
	kbpf_emit_jmp(e, loop);
	/* a dozen bytes: always in reach */
	kbpf_emit_fix8(e, done);
}

int kbpf_jit_tail_call(struct kbpf_jit_ctx *c)
{
	struct kbpf_jit_emit *e = &c->e;
	u32 skip;

	if (c->cur)
		return -EOPNOTSUPP;
	/* r1 is the target's ctx; r2, r3 are the C arguments already */
	kbpf_emit_push(e, KBPF_X86_RDI);
	if (!kbpf_emit_rel32(e, 0xe8, c->base, kbpf_interp_jit_tail_call))
		return -ERANGE;
	kbpf_emit_pop(e, KBPF_X86_RDI);
	kbpf_emit_alu_rr(e, KBPF_X86_OP_TEST, true, KBPF_X86_RAX,
			 KBPF_X86_RAX);
	skip = kbpf_emit_jcc8_fwd(e, KBPF_X86_CC_E);
	kbpf_jit_restore_saved(c);
	if (!kbpf_emit_jmp_rax(e, c->base))
		return -ERANGE;
	return kbpf_emit_fix8(e, skip) ? 0 : -EOPNOTSUPP;
}
