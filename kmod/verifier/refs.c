// SPDX-License-Identifier: GPL-2.0
/*
 * References a path owns (ringbuf records and ringbuf dynptrs): acquired
 * by helpers, released exactly once, never leaked past an exit, a tail
 * call or the end of the callback that acquired them; and which frames
 * run under a callback.
 */

#include <linux/kernel.h>
#include <linux/slab.h>

#include "env.h"

/* A new reference of the path in *@id; -EFAULT past KBPF_MAX_REFS. */
int kbpf_acquire_ref(struct kbpf_verifier_env *env, u32 insn_idx, u32 *id)
{
	struct kbpf_vstate *st = env->cur;
	struct kbpf_ref_state *refs;

	if (st->ref_cnt >= KBPF_MAX_REFS)
		return -EFAULT;
	refs = krealloc_array(st->refs, st->ref_cnt + 1, sizeof(*refs),
			      GFP_KERNEL_ACCOUNT);
	if (!refs)
		return -ENOMEM;
	st->refs = refs;
	*id = ++env->id_gen;
	st->refs[st->ref_cnt].id = *id;
	st->refs[st->ref_cnt].insn_idx = insn_idx;
	st->refs[st->ref_cnt].frameno = st->curframe;
	st->ref_cnt++;
	return 0;
}

/* Every register, spill and dynptr carrying @ref_obj_id is invalid now. */
void kbpf_release_ref_regs(struct kbpf_verifier_env *env, u32 ref_obj_id)
{
	struct kbpf_vstate *st = env->cur;
	struct kbpf_reg_state *reg;
	u32 fr, i, j;

	for (fr = 0; fr <= st->curframe; fr++) {
		struct kbpf_func_state *f = st->frame[fr];

		for (i = 0; i < KBPF_REG_CNT; i++) {
			reg = &f->regs[i];
			if (reg->type == KBPF_SCALAR_VALUE ||
			    reg->ref_obj_id != ref_obj_id)
				continue;
			if (env->allow_ptr_leaks)
				kbpf_reg_mark_unknown(reg);
			else
				kbpf_reg_mark_not_init(reg);
		}
		for (i = 0; i < f->stack_slots; i++) {
			struct kbpf_stack_slot *slot = &f->stack[i];

			reg = &slot->spilled;
			if (slot->type[0] == KBPF_STACK_DYNPTR &&
			    reg->ref_obj_id == ref_obj_id) {
				for (j = 0; j < KBPF_REG_SIZE; j++)
					slot->type[j] = KBPF_STACK_INVALID;
				kbpf_reg_mark_not_init(reg);
				continue;
			}
			if (slot->type[0] != KBPF_STACK_SPILL ||
			    reg->type == KBPF_SCALAR_VALUE ||
			    reg->ref_obj_id != ref_obj_id)
				continue;
			/* A spilled copy goes the way of a register copy. */
			if (env->allow_ptr_leaks)
				kbpf_reg_mark_unknown(reg);
			else
				kbpf_reg_mark_not_init(reg);
		}
	}
}

/* The innermost callback frame, or -1 outside callbacks. */
static int kbpf_callback_frame(const struct kbpf_vstate *st)
{
	int fr;

	for (fr = st->curframe; fr > 0; fr--)
		if (st->frame[fr]->in_callback)
			return fr;
	return -1;
}

bool kbpf_in_callback(const struct kbpf_vstate *st)
{
	return kbpf_callback_frame(st) >= 0;
}

bool kbpf_frame_under_callback(const struct kbpf_vstate *st, u32 frameno)
{
	int cb = kbpf_callback_frame(st);

	return cb >= 0 && frameno < cb;
}

int kbpf_release_ref(struct kbpf_verifier_env *env, u32 ref_obj_id)
{
	struct kbpf_vstate *st = env->cur;
	int cb = kbpf_callback_frame(st);
	u32 i;

	for (i = 0; i < st->ref_cnt; i++) {
		if (st->refs[i].id != ref_obj_id)
			continue;
		if (cb >= 0 && st->refs[i].frameno < cb)
			return -EINVAL;
		st->refs[i] = st->refs[--st->ref_cnt];
		kbpf_release_ref_regs(env, ref_obj_id);
		return 0;
	}
	return -EINVAL;
}

/* References the path still owns: at the program's or a callback's exit. */
int kbpf_check_ref_leak(struct kbpf_verifier_env *env, bool callback_exit)
{
	struct kbpf_vstate *st = env->cur;
	u32 i;

	for (i = 0; i < st->ref_cnt; i++) {
		if (callback_exit && st->refs[i].frameno < st->curframe)
			continue;
		kbpf_verbose(env, "Unreleased reference id=%u alloc_insn=%u\n",
			     st->refs[i].id, st->refs[i].insn_idx);
		return -EINVAL;
	}
	return 0;
}
