// SPDX-License-Identifier: GPL-2.0
/*
 * Dynptr arguments: the two stack slots of a dynptr a helper sets up,
 * uses or releases, and a callback's const dynptr.
 */

#include <linux/kernel.h>

#include "../prog/dynptr.h"
#include "../prog/helpers.h"
#include "call.h"
#include "env.h"

const char *kbpf_dynptr_type_str(u8 type)
{
	switch (type) {
	case KBPF_DYNPTR_TYPE_LOCAL:
		return "local";
	case KBPF_DYNPTR_TYPE_RINGBUF:
		return "ringbuf";
	default:
		return "<invalid>";
	}
}


/* The first (lower) stack slot of the dynptr @reg points at, or an error. */
static int kbpf_dynptr_slot(struct kbpf_verifier_env *env,
			    const struct kbpf_reg_state *reg)
{
	s32 off;

	if (!kbpf_tnum_is_const(reg->var_off)) {
		kbpf_verbose(env, "dynptr has to be at a constant offset\n");
		return -EINVAL;
	}
	off = reg->off + (s32)reg->var_off.value;
	if (off % KBPF_REG_SIZE || off > -KBPF_DYNPTR_SIZE) {
		kbpf_verbose(env, "cannot pass in dynptr at an offset=%d\n", off);
		return -EINVAL;
	}
	if (off < -KBPF_STACK_SIZE) {
		kbpf_verbose(env, "invalid write to stack R%d off=%d size=%d\n",
			     0, off, KBPF_DYNPTR_SIZE);
		return -EACCES;
	}
	return (-off - 1) / KBPF_REG_SIZE;
}

static bool kbpf_dynptr_valid(const struct kbpf_func_state *f, int slot)
{
	const struct kbpf_stack_slot *lo = &f->stack[slot];
	const struct kbpf_stack_slot *hi = &f->stack[slot - 1];

	return lo->type[0] == KBPF_STACK_DYNPTR && lo->spilled.dynptr.first_slot &&
	       hi->type[0] == KBPF_STACK_DYNPTR && !hi->spilled.dynptr.first_slot;
}

int kbpf_check_dynptr_arg(struct kbpf_verifier_env *env, u32 regno,
			  u8 arg_type, struct kbpf_call_meta *meta)
{
	struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];
	bool uninit = arg_type == KBPF_ARG_PTR_TO_UNINIT_DYNPTR_LOCAL ||
		      arg_type == KBPF_ARG_PTR_TO_UNINIT_DYNPTR_RINGBUF;
	bool release = arg_type == KBPF_ARG_PTR_TO_DYNPTR_RINGBUF;
	struct kbpf_func_state *f;
	u8 type;
	int slot, err;

	if (reg->type != KBPF_PTR_TO_STACK &&
	    reg->type != KBPF_CONST_PTR_TO_DYNPTR)
		return kbpf_type_error(env, regno, "fp, dynptr_ptr");
	if (reg->type == KBPF_CONST_PTR_TO_DYNPTR) {
		/* The helper's own dynptr: only ever at its start. */
		err = kbpf_check_arg_reg_off(env, regno, release);
		if (err)
			return err;
		/* Linux's is_dynptr_reg_valid_uninit() refuses it first. */
		if (uninit) {
			kbpf_verbose(env, "Dynptr has to be an uninitialized dynptr\n");
			return -EINVAL;
		}
		if (release) {
			kbpf_verbose(env, "cannot release unowned const bpf_dynptr\n");
			return -EINVAL;
		}
		meta->dynptr_ref = reg->ref_obj_id;
		return 0;
	}

	slot = kbpf_dynptr_slot(env, reg);
	if (slot < 0)
		return slot;
	f = kbpf_reg_frame(env, reg);
	if (uninit) {
		err = kbpf_callback_spill_ok(env, f);
		if (err)
			return err;
	}
	if (env->subprog_stack_depth[f->subprog] < (slot + 1) * KBPF_REG_SIZE)
		env->subprog_stack_depth[f->subprog] = (slot + 1) * KBPF_REG_SIZE;
	/* Both slots, for kbpf_mark_dynptr() too. */
	err = kbpf_stack_grow(f, slot + 1);
	if (err)
		return err;

	if (release && (f->stack[slot].type[0] != KBPF_STACK_DYNPTR ||
			!f->stack[slot].spilled.ref_obj_id)) {
		kbpf_verbose(env, "arg %d is an unacquired reference\n", regno);
		return -EINVAL;
	}
	if (uninit) {
		/* A local dynptr may be set up again; a ringbuf one not. */
		if ((f->stack[slot].type[0] == KBPF_STACK_DYNPTR &&
		     f->stack[slot].spilled.ref_obj_id) ||
		    (f->stack[slot - 1].type[0] == KBPF_STACK_DYNPTR &&
		     f->stack[slot - 1].spilled.ref_obj_id)) {
			kbpf_verbose(env, "cannot overwrite referenced dynptr\n");
			return -EINVAL;
		}
		meta->uninit_dynptr_reg = regno;
		return 0;
	}
	if (!kbpf_dynptr_valid(f, slot)) {
		kbpf_verbose(env, "Expected an initialized dynptr as arg #%d\n",
			     regno - 1);
		return -EINVAL;
	}
	type = f->stack[slot].spilled.dynptr.type;
	if (release && type != KBPF_DYNPTR_TYPE_RINGBUF) {
		kbpf_verbose(env, "Expected a dynptr of type %s as arg #%d\n",
			     kbpf_dynptr_type_str(KBPF_DYNPTR_TYPE_RINGBUF),
			     regno - 1);
		return -EINVAL;
	}
	meta->dynptr_ref = f->stack[slot].spilled.ref_obj_id;
	if (release) {
		meta->release_dynptr_reg = regno;
		meta->release_ref = meta->dynptr_ref;
	}
	return 0;
}

/* The dynptr a helper set up at the stack slots @reg points at. */
void kbpf_mark_dynptr(struct kbpf_verifier_env *env,
		      const struct kbpf_reg_state *reg, u8 type,
		      u32 ref_obj_id)
{
	struct kbpf_func_state *f = kbpf_reg_frame(env, reg);
	s32 off = reg->off + (s32)reg->var_off.value;
	u32 slot = (-off - 1) / KBPF_REG_SIZE, s, j;

	for (s = slot - 1; s <= slot; s++) {
		struct kbpf_stack_slot *ss = &f->stack[s];

		for (j = 0; j < KBPF_REG_SIZE; j++)
			ss->type[j] = KBPF_STACK_DYNPTR;
		kbpf_reg_mark_known(&ss->spilled, 0);
		ss->spilled.type = KBPF_SCALAR_VALUE;
		ss->spilled.dynptr.type = type;
		ss->spilled.dynptr.first_slot = s == slot;
		ss->spilled.ref_obj_id = ref_obj_id;
	}
}
