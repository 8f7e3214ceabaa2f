// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_loop() without the helper, as Linux 6.12's verifier does it for
 * every program (its optimize_bpf_loop()): a call whose flags are a known
 * 0 and whose callback is the same function on every path that reaches
 * it becomes a loop in the caller that calls the callback as a
 * bpf-to-bpf call, in the interpreter and the JIT alike, and xlated shows
 * the loop.
 *
 * The loop needs three registers that survive the callback: r6-r8 hold
 * the count, the index and the ctx. Their values are saved in 24 bytes
 * added below the caller's verified stack and restored after the loop;
 * no instruction the walk checked reaches them. The callback then is a
 * function called from the caller, one frame below it: the stack proof
 * (kbpf_stack_depth_fits()) is run again with the call and the added
 * bytes counted, and a call that would take the chain past
 * KBPF_STACK_SIZE or KBPF_MAX_CALL_FRAMES stays a helper call, which
 * the interpreter runs on a stack of its own when it must. Linux
 * checks neither after inlining (its JIT runs on the kernel stack);
 * kbpf's interpreter has one KBPF_STACK_SIZE stack per run.
 *
 * The walk is not repeated on the loop: it checked the callback from
 * every state the helper could call it from (call.c), and the loop calls
 * it from the same ones, with the same arguments and the same stop.
 */

#include <linux/string.h>

#include "../prog/helpers.h"
#include "../../tools/include/kbpf/insn.h"
#include "env.h"

/* Sites tried one at a time when inlining them all fails the proof. */
#define KBPF_LOOP_INLINE_TRIES	16

/*
 * Pruning keeps this sound: flags and the callback are helper arguments,
 * which liveness demands at the call, so a path pruned on its way here
 * had a state whose flags and callback this call has seen (a scalar by
 * range, a callback by subprogram).
 */
void kbpf_record_loop(struct kbpf_verifier_env *env, u32 idx,
		      const struct kbpf_reg_state *flags, u32 cb_subprog)
{
	struct kbpf_insn_aux *aux = &env->aux[idx];
	bool zero = kbpf_reg_is_const(flags) && !flags->var_off.value;

	if (!aux->loop_seen) {
		aux->loop_seen = true;
		aux->loop_cb_subprog = cb_subprog;
		aux->loop_unfit = !zero;
		return;
	}
	if (!zero || aux->loop_cb_subprog != cb_subprog)
		aux->loop_unfit = true;
}

static void kbpf_loop_mark(struct kbpf_verifier_env *env, u32 idx, bool on)
{
	u32 sub = kbpf_subprog_of(env, idx);

	env->aux[idx].loop_inline = on;
	if (on) {
		env->loop_inline_cnt[sub]++;
		env->loop_inline_total++;
	} else {
		env->loop_inline_cnt[sub]--;
		env->loop_inline_total--;
	}
}

static bool kbpf_loop_fit(const struct kbpf_verifier_env *env, u32 idx)
{
	return env->aux[idx].loop_seen && !env->aux[idx].loop_unfit;
}

/* The sites in program order, each kept only if the proof still holds. */
static void kbpf_loop_try_each(struct kbpf_verifier_env *env)
{
	u32 i, tries = 0;

	for (i = 0; i < env->prog->len; i++) {
		if (!env->aux[i].loop_inline)
			continue;
		kbpf_loop_mark(env, i, false);
	}
	for (i = 0; i < env->prog->len && tries < KBPF_LOOP_INLINE_TRIES;
	     i++) {
		if (!kbpf_loop_fit(env, i))
			continue;
		tries++;
		kbpf_loop_mark(env, i, true);
		if (kbpf_stack_depth_fits(env))
			kbpf_loop_mark(env, i, false);
	}
}

void kbpf_loop_inline_decide(struct kbpf_verifier_env *env)
{
	u32 i, sub;

	for (i = 0; i < env->prog->len; i++)
		if (kbpf_loop_fit(env, i))
			kbpf_loop_mark(env, i, true);
	if (!env->loop_inline_total)
		return;
	if (kbpf_stack_depth_fits(env))
		kbpf_loop_try_each(env);
	/* From here on the depths are the inlined program's. */
	for (sub = 0; sub < env->subprog_cnt; sub++)
		if (env->loop_inline_cnt[sub])
			env->subprog_stack_depth[sub] =
				kbpf_loop_inline_depth(env->subprog_stack_depth[sub]);
	for (i = 0; i < env->prog->len; i++) {
		if (!env->aux[i].loop_inline)
			continue;
		sub = kbpf_subprog_of(env, i);
		env->aux[i].loop_spill_off = -(s16)env->subprog_stack_depth[sub];
	}
}

/*
 * Linux's instruction sequence, so that xlated reads the same: r1 above
 * KBPF_MAX_LOOPS gives -E2BIG; else r6 = count, r7 = index, r8 = ctx,
 * and while r7 < r6: r0 = callback(r7, r8), r7++, and stop unless r0 is
 * 0; r0 = r7. The loop's exit and the -E2BIG path meet after it.
 */
u32 kbpf_inline_loop(const struct kbpf_verifier_env *env, u32 idx,
		     struct kbpf_insn *buf)
{
	const struct kbpf_insn_aux *aux = &env->aux[idx];
	s16 off = aux->loop_spill_off;
	s32 cb = (s32)env->subprog_starts[aux->loop_cb_subprog] - idx - 1;
	const struct kbpf_insn loop[KBPF_LOOP_INLINE_LEN] = {
		KBPF_JMP_IMM(KBPF_JLE, 1, KBPF_MAX_LOOPS, 2),
		KBPF_MOV32_IMM(0, -E2BIG),
		KBPF_JMP_A(16),
		KBPF_STX_MEM(KBPF_DW, KBPF_REG_FP, 6, off),
		KBPF_STX_MEM(KBPF_DW, KBPF_REG_FP, 7, off + 8),
		KBPF_STX_MEM(KBPF_DW, KBPF_REG_FP, 8, off + 16),
		KBPF_MOV64_REG(6, 1),
		KBPF_MOV32_IMM(7, 0),
		KBPF_MOV64_REG(8, 3),
		KBPF_JMP_REG(KBPF_JGE, 7, 6, 5),
		KBPF_MOV64_REG(1, 7),
		KBPF_MOV64_REG(2, 8),
		KBPF_CALL_REL(cb),	/* relative to @idx: fixup.c moves it */
		KBPF_ALU64_IMM(KBPF_ADD, 7, 1),
		KBPF_JMP_IMM(KBPF_JEQ, 0, 0, -6),
		KBPF_MOV64_REG(0, 7),
		KBPF_LDX_MEM(KBPF_DW, 6, KBPF_REG_FP, off),
		KBPF_LDX_MEM(KBPF_DW, 7, KBPF_REG_FP, off + 8),
		KBPF_LDX_MEM(KBPF_DW, 8, KBPF_REG_FP, off + 16),
	};

	memcpy(buf, loop, sizeof(loop));
	return KBPF_LOOP_INLINE_LEN;
}
