// SPDX-License-Identifier: GPL-2.0
/*
 * Linux's Spectre v1 rules, for loaders that may not bypass them (no
 * CAP_PERFMON, Linux's bypass_spec_v1): what a CPU might do down a path
 * it mispredicts must be safe too.
 *
 * - Pointer arithmetic with a register (not an immediate) keeps the
 *   pointer where masking could bound it: only stack and map value
 *   pointers, an offset of one known sign, a result inside the object.
 *   Each such instruction must move its pointer the same way on every
 *   path that reaches it (one mask per instruction), and the path where
 *   the CPU did not apply the offset is walked too, speculatively.
 * - After arithmetic, a stack pointer must have a constant offset inside
 *   the stack, and a map value pointer must point into its value.
 * - A conditional jump whose direction the walk knows still has its
 *   other side walked, speculatively, with the compared registers
 *   unknown.
 *
 * A speculative path is checked like any other, but never prunes a
 * path that is not speculative. Refusals are worded as Linux's.
 */

#include <linux/kernel.h>

#include "../map/map.h"
#include "env.h"

/* The aux->alu_state bits, as Linux's BPF_ALU_* sanitation flags. */
#define KBPF_ALU_SANITIZE_SRC	BIT(0)
#define KBPF_ALU_SANITIZE_DST	BIT(1)
#define KBPF_ALU_NEG_VALUE	BIT(2)
#define KBPF_ALU_NON_POINTER	BIT(3)
#define KBPF_ALU_IMMEDIATE	BIT(4)

/* Why pointer arithmetic is refused (Linux's REASON_*). */
enum {
	KBPF_REASON_BOUNDS = -1,
	KBPF_REASON_TYPE = -2,
	KBPF_REASON_PATHS = -3,
	KBPF_REASON_LIMIT = -4,
	KBPF_REASON_STACK = -5,
};

static bool kbpf_spec_skip(const struct kbpf_verifier_env *env,
			   const struct kbpf_insn *insn)
{
	return env->bypass_spec_v1 || KBPF_SRC(insn->code) == KBPF_K;
}

static bool kbpf_spec_needed(const struct kbpf_insn *insn)
{
	return KBPF_OP(insn->code) == KBPF_ADD ||
	       KBPF_OP(insn->code) == KBPF_SUB;
}

/* How far @ptr may move toward the start (@left) or the end of its object. */
static int kbpf_spec_ptr_limit(const struct kbpf_reg_state *ptr, bool left,
			       u32 *limit)
{
	u32 max, lim;

	switch (ptr->type) {
	case KBPF_PTR_TO_STACK:
		/* fp itself is a valid start for a move to the left */
		max = KBPF_STACK_SIZE + left;
		lim = -(ptr->var_off.value + ptr->off);
		break;
	case KBPF_PTR_TO_MAP_VALUE:
		max = ptr->map_ptr->value_size;
		lim = (left ? ptr->smin_value : ptr->umax_value) + ptr->off;
		break;
	default:
		return KBPF_REASON_TYPE;
	}
	if (lim >= max)
		return KBPF_REASON_LIMIT;
	*limit = lim;
	return 0;
}

/* One mask per instruction: every path must agree on it. */
static int kbpf_spec_record(struct kbpf_insn_aux *aux, u32 state, u32 limit)
{
	if (aux->alu_state &&
	    (aux->alu_state != state || aux->alu_limit != limit))
		return KBPF_REASON_PATHS;
	aux->alu_state = state;
	aux->alu_limit = limit;
	return 0;
}

static int kbpf_spec_err(struct kbpf_verifier_env *env,
			 const struct kbpf_insn *insn, int reason,
			 bool ptr_is_dst)
{
	static const char *const err =
		"pointer arithmetic with it prohibited for !root";
	const char *op = KBPF_OP(insn->code) == KBPF_ADD ? "add" : "sub";
	u32 dst = insn->dst_reg, src = insn->src_reg;

	switch (reason) {
	case KBPF_REASON_BOUNDS:
		kbpf_verbose(env, "R%d has unknown scalar with mixed signed bounds, %s\n",
			     ptr_is_dst ? src : dst, err);
		break;
	case KBPF_REASON_TYPE:
		kbpf_verbose(env, "R%d has pointer with unsupported alu operation, %s\n",
			     ptr_is_dst ? dst : src, err);
		break;
	case KBPF_REASON_PATHS:
		kbpf_verbose(env, "R%d tried to %s from different maps, paths or scalars, %s\n",
			     dst, op, err);
		break;
	case KBPF_REASON_LIMIT:
		kbpf_verbose(env, "R%d tried to %s beyond pointer bounds, %s\n",
			     dst, op, err);
		break;
	default:
		kbpf_verbose(env, "R%d could not be pushed for speculative verification, %s\n",
			     dst, err);
		break;
	}
	return -EACCES;
}

int kbpf_spec_ptr_alu(struct kbpf_verifier_env *env, u32 idx,
		      const struct kbpf_insn *insn,
		      const struct kbpf_reg_state *ptr,
		      const struct kbpf_reg_state *off, bool ptr_is_dst,
		      struct kbpf_spec_alu *info)
{
	bool off_is_imm = kbpf_tnum_is_const(off->var_off);
	bool off_is_neg = off->smin_value < 0;
	u8 op = KBPF_OP(insn->code);
	struct kbpf_vstate *branch;
	u32 limit;
	int err;

	if (!kbpf_spec_needed(insn) || kbpf_spec_skip(env, insn))
		return 0;
	info->off_is_imm = off_is_imm;
	/* The non-speculative paths set the mask; this one only explores. */
	if (!env->cur->speculative) {
		if (!off_is_imm &&
		    (off->smin_value < 0) != (off->smax_value < 0))
			return kbpf_spec_err(env, insn, KBPF_REASON_BOUNDS,
					     ptr_is_dst);
		info->mask_to_left = (op == KBPF_ADD && off_is_neg) ||
				     (op == KBPF_SUB && !off_is_neg);
		err = kbpf_spec_ptr_limit(ptr, info->mask_to_left, &limit);
		if (err)
			return kbpf_spec_err(env, insn, err, ptr_is_dst);
		info->alu_state = (off_is_neg ? KBPF_ALU_NEG_VALUE : 0) |
				  (off_is_imm ? KBPF_ALU_IMMEDIATE : 0) |
				  (ptr_is_dst ? KBPF_ALU_SANITIZE_SRC :
						KBPF_ALU_SANITIZE_DST);
		info->alu_limit = limit;
		/* Masks differing by path are found only by walking them. */
		if (!off_is_imm)
			env->explore_alu_limits = true;
	}
	if (off_is_imm)
		return 0;
	/*
	 * The CPU may go on as if the offset had been masked to 0: walk
	 * that, with the pointer unmoved in the destination.
	 */
	err = kbpf_push_pending(env, idx + 1, idx, &branch);
	if (err)
		return err == -E2BIG ?
		       kbpf_spec_err(env, insn, KBPF_REASON_STACK, ptr_is_dst) :
		       err;
	branch->speculative = true;
	kbpf_cur_regs(branch)[insn->dst_reg] = *ptr;
	return 0;
}

int kbpf_spec_ptr_alu_commit(struct kbpf_verifier_env *env, u32 idx,
			     const struct kbpf_insn *insn,
			     const struct kbpf_reg_state *dst, bool ptr_is_dst,
			     const struct kbpf_spec_alu *info)
{
	u32 limit;
	int err;

	if (!kbpf_spec_needed(insn) || kbpf_spec_skip(env, insn) ||
	    env->cur->speculative)
		return 0;
	err = kbpf_spec_ptr_limit(dst, info->mask_to_left, &limit);
	if (!err)
		err = kbpf_spec_record(&env->aux[idx], info->alu_state,
				       abs((s32)(info->alu_limit - limit)));
	return err ? kbpf_spec_err(env, insn, err, ptr_is_dst) : 0;
}

int kbpf_spec_scalar_alu(struct kbpf_verifier_env *env, u32 idx,
			 const struct kbpf_insn *insn)
{
	int err;

	if (!kbpf_spec_needed(insn) || kbpf_spec_skip(env, insn))
		return 0;
	err = kbpf_spec_record(&env->aux[idx], KBPF_ALU_NON_POINTER, 0);
	return err ? kbpf_spec_err(env, insn, err, false) : 0;
}

int kbpf_spec_check_bounds(struct kbpf_verifier_env *env, u32 dstno)
{
	const struct kbpf_reg_state *dst = &kbpf_cur_regs(env->cur)[dstno];
	char tn[48];
	s32 off;

	if (env->bypass_spec_v1)
		return 0;
	switch (dst->type) {
	case KBPF_PTR_TO_STACK:
		off = dst->off + (s32)dst->var_off.value;
		if (!kbpf_tnum_is_const(dst->var_off)) {
			kbpf_tnum_str(tn, sizeof(tn), dst->var_off);
			kbpf_verbose(env, "R%d variable stack access prohibited for !root, var_off=%s off=%d\n",
				     dstno, tn, off);
			return -EACCES;
		}
		if (off >= 0 || off < -KBPF_STACK_SIZE) {
			kbpf_verbose(env, "R%d stack pointer arithmetic goes out of range, prohibited for !root; off=%d\n",
				     dstno, off);
			return -EACCES;
		}
		return 0;
	case KBPF_PTR_TO_MAP_VALUE:
		if (kbpf_check_map_value_region(env, dstno, dst->off, 1)) {
			kbpf_verbose(env, "R%d pointer arithmetic of map value goes out of range, prohibited for !root\n",
				     dstno);
			return -EACCES;
		}
		return 0;
	default:
		return 0;
	}
}

int kbpf_spec_dead_branch(struct kbpf_verifier_env *env, u32 idx,
			  const struct kbpf_insn *insn, u32 dead_idx)
{
	struct kbpf_vstate *branch;
	struct kbpf_reg_state *regs;
	int err;

	if (env->bypass_spec_v1)
		return 0;
	err = kbpf_push_pending(env, dead_idx, idx, &branch);
	if (err)
		return err;
	branch->speculative = true;
	regs = kbpf_cur_regs(branch);
	kbpf_reg_mark_unknown(&regs[insn->dst_reg]);
	if (KBPF_SRC(insn->code) == KBPF_X)
		kbpf_reg_mark_unknown(&regs[insn->src_reg]);
	return 0;
}
