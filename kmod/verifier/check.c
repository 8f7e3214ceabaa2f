// SPDX-License-Identifier: GPL-2.0
/*
 * The walk: every path of the program from its first instruction, one
 * abstract state at a time, checking each instruction against what the
 * state says its registers and stack hold. ALU, jumps and ld_imm64 are
 * here; memory is in mem.c, calls and exits in call.c.
 */

#include <linux/kernel.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "../map/map.h"
#include "../prog/type.h"
#include "env.h"

static const char *const kbpf_alu_str[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=",
	"neg", "%=", "^=", "=", "s>>=", "endian", "?", "?",
};

int kbpf_check_reg_read(struct kbpf_verifier_env *env, u32 regno)
{
	if (kbpf_cur_regs(env->cur)[regno].type == KBPF_NOT_INIT) {
		kbpf_verbose(env, "R%d !read_ok\n", regno);
		return -EACCES;
	}
	return 0;
}

static void kbpf_mark_ptr(struct kbpf_reg_state *reg, u32 type)
{
	kbpf_reg_mark_known(reg, 0);
	reg->type = type;
}

static void kbpf_init_main_frame(struct kbpf_func_state *frame)
{
	u32 r;

	for (r = 0; r < KBPF_REG_CNT; r++)
		kbpf_reg_mark_not_init(&frame->regs[r]);
	kbpf_mark_ptr(&frame->regs[1], KBPF_PTR_TO_CTX);
	kbpf_mark_ptr(&frame->regs[KBPF_REG_FP], KBPF_PTR_TO_STACK);
	frame->callsite = -1;
}

/* Copies of one scalar (same id) learn what a branch taught one of them. */
static void kbpf_sync_linked(struct kbpf_vstate *st,
			     const struct kbpf_reg_state *known)
{
	struct kbpf_reg_state *reg;
	u32 fr, i;

	if (known->type != KBPF_SCALAR_VALUE || !known->id)
		return;
	for (fr = 0; fr <= st->curframe; fr++) {
		struct kbpf_func_state *f = st->frame[fr];

		for (i = 0; i < KBPF_REG_CNT; i++) {
			reg = &f->regs[i];
			if (reg->type == KBPF_SCALAR_VALUE && reg->id == known->id)
				*reg = *known;
		}
		for (i = 0; i < f->stack_slots; i++) {
			reg = &f->stack[i].spilled;
			if (f->stack[i].type[0] == KBPF_STACK_SPILL &&
			    reg->type == KBPF_SCALAR_VALUE && reg->id == known->id)
				*reg = *known;
		}
	}
}

/*
 * A NULL check on pointer id @id: on the NULL side every copy is the
 * scalar 0 (and a reference it carried is gone), on the other side the
 * copies are plain pointers.
 */
static void kbpf_mark_ptr_or_null(struct kbpf_verifier_env *env,
				  struct kbpf_vstate *st, u32 id, u32 ref_obj_id,
				  bool is_null)
{
	struct kbpf_reg_state *reg;
	u32 fr, i, j;

	for (fr = 0; fr <= st->curframe; fr++) {
		struct kbpf_func_state *f = st->frame[fr];

		for (i = 0; i < KBPF_REG_CNT + f->stack_slots; i++) {
			if (i < KBPF_REG_CNT) {
				reg = &f->regs[i];
			} else {
				j = i - KBPF_REG_CNT;
				if (f->stack[j].type[0] != KBPF_STACK_SPILL)
					continue;
				reg = &f->stack[j].spilled;
			}
			if (!(reg->type & KBPF_PTR_MAYBE_NULL) || reg->id != id)
				continue;
			if (is_null) {
				kbpf_reg_mark_known(reg, 0);
			} else {
				reg->type &= ~KBPF_PTR_MAYBE_NULL;
				reg->id = 0;
			}
		}
	}
	/* Only a NULL acquired object was never acquired. */
	if (is_null && ref_obj_id && ref_obj_id == id) {
		for (i = 0; i < st->ref_cnt; i++) {
			if (st->refs[i].id != ref_obj_id)
				continue;
			st->refs[i] = st->refs[--st->ref_cnt];
			break;
		}
	}
}

static bool kbpf_reg_is_null(const struct kbpf_reg_state *reg)
{
	return reg->type == KBPF_SCALAR_VALUE &&
	       kbpf_tnum_equals_const(reg->var_off, 0);
}

/* ---- ALU ---- */

/*
 * Pointer arithmetic keeps every part of a pointer's offset (and the
 * scalar added to it) within +-KBPF_MAX_VAR_OFF: -EINVAL, as Linux,
 * when @reg, an operand or the result for a pointer of @type, is not.
 */
static int kbpf_offset_sane(struct kbpf_verifier_env *env,
			    const struct kbpf_reg_state *reg, u32 type)
{
	const char *name = kbpf_reg_type_str(type);
	s64 val = (s64)reg->var_off.value;

	if (kbpf_tnum_is_const(reg->var_off) &&
	    (val >= KBPF_MAX_VAR_OFF || val <= -KBPF_MAX_VAR_OFF)) {
		kbpf_verbose(env, "math between %s pointer and %lld is not allowed\n",
			     name, val);
		return -EINVAL;
	}
	if (reg->off >= KBPF_MAX_VAR_OFF || reg->off <= -KBPF_MAX_VAR_OFF) {
		kbpf_verbose(env, "%s pointer offset %d is not allowed\n",
			     name, reg->off);
		return -EINVAL;
	}
	if (reg->smin_value == S64_MIN) {
		kbpf_verbose(env, "math between %s pointer and register with unbounded min value is not allowed\n",
			     name);
		return -EINVAL;
	}
	if (reg->smin_value >= KBPF_MAX_VAR_OFF ||
	    reg->smin_value <= -KBPF_MAX_VAR_OFF) {
		kbpf_verbose(env, "value %lld makes %s pointer be out of bounds\n",
			     reg->smin_value, name);
		return -EINVAL;
	}
	return 0;
}

/*
 * @dst (register @dstno) = @ptr op @off, one of them a pointer (in the
 * destination if @ptr_is_dst).
 */
static int kbpf_ptr_arith(struct kbpf_verifier_env *env,
			  const struct kbpf_insn *insn, u32 dstno,
			  const struct kbpf_reg_state *ptr,
			  const struct kbpf_reg_state *off, bool ptr_is_dst)
{
	struct kbpf_reg_state *dst = &kbpf_cur_regs(env->cur)[dstno];
	u32 idx = insn - env->prog->insns;
	u8 op = KBPF_OP(insn->code);
	struct kbpf_reg_state var, res;
	struct kbpf_spec_alu spec = {};
	struct kbpf_insn add;
	int err;

	if (KBPF_CLASS(insn->code) != KBPF_ALU64) {
		/* As Linux: all 64 bits unknown, though the run zero-extends. */
		if (op == KBPF_SUB && env->allow_ptr_leaks) {
			kbpf_reg_mark_unknown(dst);
			return 0;
		}
		kbpf_verbose(env, "R%d 32-bit pointer arithmetic prohibited\n",
			     dstno);
		return -EACCES;
	}
	if (ptr->type & KBPF_PTR_MAYBE_NULL) {
		kbpf_verbose(env, "R%d pointer arithmetic on %s prohibited, null-check it first\n",
			     dstno, kbpf_reg_type_str(ptr->type));
		return -EACCES;
	}
	switch (kbpf_base_type(ptr->type)) {
	case KBPF_PTR_TO_CTX:
	case KBPF_PTR_TO_MAP_VALUE:
	case KBPF_PTR_TO_MAP_KEY:
	case KBPF_PTR_TO_STACK:
	case KBPF_PTR_TO_MEM:
	case KBPF_PTR_TO_FUNC:
	case KBPF_CONST_PTR_TO_DYNPTR:
		break;
	case KBPF_CONST_PTR_TO_MAP:
		if (kbpf_tnum_equals_const(off->var_off, 0) && op == KBPF_ADD)
			break;
		fallthrough;
	default:
		kbpf_verbose(env, "R%d pointer arithmetic on %s prohibited\n",
			     dstno, kbpf_reg_type_str(ptr->type));
		return -EACCES;
	}
	err = kbpf_offset_sane(env, off, ptr->type);
	if (!err)
		err = kbpf_offset_sane(env, ptr, ptr->type);
	if (!err)
		err = kbpf_spec_ptr_alu(env, idx, insn, ptr, off, ptr_is_dst,
					&spec);
	if (err)
		return err;

	switch (op) {
	case KBPF_ADD:
		break;
	case KBPF_SUB:
		if (!ptr_is_dst) {
			kbpf_verbose(env, "R%d tried to subtract pointer from scalar\n",
				     dstno);
			return -EACCES;
		}
		if (kbpf_base_type(ptr->type) == KBPF_PTR_TO_STACK) {
			kbpf_verbose(env, "R%d subtraction from stack pointer prohibited\n",
				     dstno);
			return -EACCES;
		}
		break;
	case KBPF_AND:
	case KBPF_OR:
	case KBPF_XOR:
		kbpf_verbose(env, "R%d bitwise operator %s on pointer prohibited\n",
			     dstno, kbpf_alu_str[op >> 4]);
		return -EACCES;
	default:
		kbpf_verbose(env, "R%d pointer arithmetic with %s operator prohibited\n",
			     dstno, kbpf_alu_str[op >> 4]);
		return -EACCES;
	}

	res = *ptr;
	if (kbpf_tnum_is_const(off->var_off)) {
		s64 val = off->smin_value;

		res.off = op == KBPF_ADD ? ptr->off + val : ptr->off - val;
	} else {
		/* The variable part as a scalar, moved by the offset. */
		var = *ptr;
		var.type = KBPF_SCALAR_VALUE;
		add = (struct kbpf_insn){
			.code = KBPF_ALU64 | op | KBPF_X,
		};
		kbpf_scalar_alu(&add, &var, off);
		res.var_off = var.var_off;
		res.smin_value = var.smin_value;
		res.smax_value = var.smax_value;
		res.umin_value = var.umin_value;
		res.umax_value = var.umax_value;
		res.s32_min_value = var.s32_min_value;
		res.s32_max_value = var.s32_max_value;
		res.u32_min_value = var.u32_min_value;
		res.u32_max_value = var.u32_max_value;
	}
	err = kbpf_offset_sane(env, &res, ptr->type);
	if (err)
		return err;
	*dst = res;
	err = kbpf_spec_check_bounds(env, dstno);
	if (!err)
		err = kbpf_spec_ptr_alu_commit(env, idx, insn, dst, ptr_is_dst,
					       &spec);
	return err;
}

static void kbpf_reg_from_imm(struct kbpf_reg_state *reg,
			      const struct kbpf_insn *insn)
{
	kbpf_reg_mark_known(reg, (u64)(s64)insn->imm);
}

static int kbpf_check_mov(struct kbpf_verifier_env *env,
			  const struct kbpf_insn *insn)
{
	struct kbpf_reg_state *regs = kbpf_cur_regs(env->cur);
	struct kbpf_reg_state *dst = &regs[insn->dst_reg], *src;
	bool is64 = KBPF_CLASS(insn->code) == KBPF_ALU64;
	int err;

	if (KBPF_SRC(insn->code) == KBPF_K) {
		if (is64)
			kbpf_reg_mark_known(dst, (u64)(s64)insn->imm);
		else
			kbpf_reg_mark_known(dst, (u32)insn->imm);
		return 0;
	}
	err = kbpf_check_reg_read(env, insn->src_reg);
	if (err)
		return err;
	src = &regs[insn->src_reg];

	if (is64 && !insn->off) {
		/* Copies share an id, so a branch on one refines both. */
		if (src->type == KBPF_SCALAR_VALUE && !src->id &&
		    !kbpf_tnum_is_const(src->var_off))
			src->id = ++env->id_gen;
		*dst = *src;
		return 0;
	}
	if (src->type != KBPF_SCALAR_VALUE) {
		if (!env->allow_ptr_leaks) {
			kbpf_verbose(env, insn->off ?
				     "R%d sign-extension part of pointer\n" :
				     "R%d partial copy of pointer\n",
				     insn->src_reg);
			return -EACCES;
		}
		kbpf_reg_mark_unknown(dst);
		if (!is64)
			kbpf_reg_zext32(dst);
		return 0;
	}
	if (dst != src)
		*dst = *src;
	kbpf_scalar_alu(insn, dst, src);
	dst->id = 0;
	return 0;
}

/* The low 32 bits of the scalar @reg are @value (bounds kept in step). */
static void kbpf_reg_mark32_known(struct kbpf_reg_state *reg, u32 value)
{
	reg->var_off = kbpf_tnum_with_subreg(reg->var_off,
					     kbpf_tnum_const(value));
	reg->s32_min_value = (s32)value;
	reg->s32_max_value = (s32)value;
	reg->u32_min_value = value;
	reg->u32_max_value = value;
	kbpf_reg_bounds_sync(reg);
}

/*
 * Linux's maybe_fork_scalars(): a scalar that is -1 or 0 (in 64 or in 32
 * bits) ANDed or ORed with a constant goes on as -1, and a new path does
 * this instruction again with it 0, so that both results are exact.
 */
static int kbpf_fork_minus_one_or_zero(struct kbpf_verifier_env *env,
				       const struct kbpf_insn *insn,
				       struct kbpf_reg_state *dst)
{
	u32 idx = insn - env->prog->insns;
	struct kbpf_reg_state *zero;
	struct kbpf_vstate *branch;
	bool alu32;
	int err;

	if (dst->smin_value == -1 && dst->smax_value == 0)
		alu32 = false;
	else if (dst->s32_min_value == -1 && dst->s32_max_value == 0)
		alu32 = true;
	else
		return 0;
	err = kbpf_push_pending(env, idx, idx, &branch);
	if (err)
		return err;
	zero = &kbpf_cur_regs(branch)[insn->dst_reg];
	if (alu32) {
		kbpf_reg_mark32_known(zero, 0);
		kbpf_reg_mark32_known(dst, U32_MAX);
	} else {
		kbpf_reg_mark_known(zero, 0);
		kbpf_reg_mark_known(dst, U64_MAX);
	}
	return 0;
}

static int kbpf_check_alu(struct kbpf_verifier_env *env,
			  const struct kbpf_insn *insn)
{
	struct kbpf_reg_state *regs = kbpf_cur_regs(env->cur);
	struct kbpf_reg_state *dst = &regs[insn->dst_reg], *src, imm;
	bool is64 = KBPF_CLASS(insn->code) == KBPF_ALU64;
	u8 op = KBPF_OP(insn->code);
	int err;

	if (op == KBPF_MOV)
		return kbpf_check_mov(env, insn);

	err = kbpf_check_reg_read(env, insn->dst_reg);
	if (err)
		return err;

	if (op == KBPF_NEG || op == KBPF_END) {
		if (dst->type != KBPF_SCALAR_VALUE) {
			if (!env->allow_ptr_leaks) {
				kbpf_verbose(env, "R%d pointer arithmetic prohibited\n",
					     insn->dst_reg);
				return -EACCES;
			}
			kbpf_reg_mark_unknown(dst);
			return 0;
		}
		kbpf_scalar_alu(insn, dst, dst);
		dst->id = 0;
		return 0;
	}

	if (KBPF_SRC(insn->code) == KBPF_X) {
		err = kbpf_check_reg_read(env, insn->src_reg);
		if (err)
			return err;
		src = &regs[insn->src_reg];
	} else {
		if ((op == KBPF_DIV || op == KBPF_MOD) && !insn->imm) {
			kbpf_verbose(env, "div by zero\n");
			return -EINVAL;
		}
		if ((op == KBPF_LSH || op == KBPF_RSH || op == KBPF_ARSH) &&
		    (u32)insn->imm >= (is64 ? 64 : 32)) {
			kbpf_verbose(env, "invalid shift %d\n", insn->imm);
			return -EINVAL;
		}
		kbpf_reg_from_imm(&imm, insn);
		src = &imm;
	}

	if (dst->type != KBPF_SCALAR_VALUE && src->type != KBPF_SCALAR_VALUE) {
		if (op == KBPF_SUB && env->allow_ptr_leaks) {
			kbpf_reg_mark_unknown(dst);
			return 0;
		}
		kbpf_verbose(env, "R%d pointer %s pointer prohibited\n",
			     insn->dst_reg, kbpf_alu_str[op >> 4]);
		return -EACCES;
	}
	if (dst->type != KBPF_SCALAR_VALUE)
		return kbpf_ptr_arith(env, insn, insn->dst_reg, dst, src, true);
	if (src->type != KBPF_SCALAR_VALUE) {
		struct kbpf_reg_state scalar = *dst;

		return kbpf_ptr_arith(env, insn, insn->dst_reg, src, &scalar,
				      false);
	}
	err = kbpf_spec_scalar_alu(env, insn - env->prog->insns, insn);
	if (!err && (op == KBPF_AND || op == KBPF_OR) &&
	    kbpf_tnum_is_const(src->var_off))
		err = kbpf_fork_minus_one_or_zero(env, insn, dst);
	if (err)
		return err;
	kbpf_scalar_alu(insn, dst, src);
	dst->id = 0;
	return 0;
}

/* ---- jumps ---- */

static int kbpf_jump_target_idx(const struct kbpf_insn *insn, u32 idx)
{
	if (insn->code == (KBPF_JMP32 | KBPF_JA))
		return idx + insn->imm + 1;
	return idx + insn->off + 1;
}

/*
 * A conditional jump on a possibly-NULL pointer against 0: the NULL and
 * non-NULL sides each learn which they are.
 */
static int kbpf_check_null_jmp(struct kbpf_verifier_env *env, u32 idx,
			       const struct kbpf_insn *insn,
			       struct kbpf_reg_state *ptr)
{
	bool jeq = KBPF_OP(insn->code) == KBPF_JEQ;
	u32 id = ptr->id, ref = ptr->ref_obj_id;
	struct kbpf_vstate *other;
	int err;

	err = kbpf_push_pending(env, kbpf_jump_target_idx(insn, idx), idx,
				&other);
	if (err)
		return err;
	/* Taken: JEQ means NULL, JNE means not NULL. */
	kbpf_mark_ptr_or_null(env, other, id, ref, jeq);
	kbpf_mark_ptr_or_null(env, env->cur, id, ref, !jeq);
	return 0;
}

/*
 * Pointers known not to be NULL, as Linux knows them: a non-NULL base and
 * an offset too small to wrap it to 0. Stack, ctx and func pointers are
 * not among them: Linux walks both sides of their NULL checks.
 */
static bool kbpf_ptr_not_null(const struct kbpf_reg_state *ptr)
{
	if (ptr->type & KBPF_PTR_MAYBE_NULL)
		return false;
	if (ptr->smin_value <= -KBPF_MAX_VAR_OFF ||
	    ptr->smax_value >= KBPF_MAX_VAR_OFF)
		return false;
	switch (kbpf_base_type(ptr->type)) {
	case KBPF_PTR_TO_MAP_VALUE:
	case KBPF_PTR_TO_MAP_KEY:
	case KBPF_PTR_TO_MEM:
	case KBPF_CONST_PTR_TO_MAP:
		return true;
	default:
		return false;
	}
}

/* A pointer compared with 0: 1/0 when known (it is not NULL), else -1. */
static int kbpf_ptr_branch_taken(const struct kbpf_reg_state *ptr,
				 const struct kbpf_reg_state *other, u8 op)
{
	if (!kbpf_ptr_not_null(ptr) || !kbpf_reg_is_null(other))
		return -1;
	if (op == KBPF_JEQ)
		return 0;
	if (op == KBPF_JNE)
		return 1;
	return -1;
}

static void kbpf_apply_refined(struct kbpf_vstate *st, u32 dstno, int srcno,
			       const struct kbpf_reg_state *d,
			       const struct kbpf_reg_state *s)
{
	struct kbpf_reg_state *regs = kbpf_cur_regs(st);

	regs[dstno] = *d;
	kbpf_sync_linked(st, d);
	if (srcno >= 0) {
		regs[srcno] = *s;
		kbpf_sync_linked(st, s);
	}
}

static int kbpf_check_cond_jmp(struct kbpf_verifier_env *env, u32 idx,
			       u32 *next)
{
	const struct kbpf_insn *insn = &env->prog->insns[idx];
	struct kbpf_reg_state *regs = kbpf_cur_regs(env->cur);
	struct kbpf_reg_state *dst = &regs[insn->dst_reg], *src, imm;
	struct kbpf_reg_state td, ts, fd, fs;
	bool jmp32 = KBPF_CLASS(insn->code) == KBPF_JMP32;
	u8 op = KBPF_OP(insn->code), neg;
	u32 target = kbpf_jump_target_idx(insn, idx);
	int srcno = -1, taken, err;
	bool ok_t, ok_f = true;
	struct kbpf_vstate *other;

	err = kbpf_check_reg_read(env, insn->dst_reg);
	if (err)
		return err;
	if (KBPF_SRC(insn->code) == KBPF_X) {
		err = kbpf_check_reg_read(env, insn->src_reg);
		if (err)
			return err;
		src = &regs[insn->src_reg];
		srcno = insn->src_reg;
	} else {
		kbpf_reg_from_imm(&imm, insn);
		src = &imm;
	}

	/*
	 * Pointers, in Linux's order. A loader that may not see addresses
	 * may still compare one with 0 where the answer is known, and
	 * NULL-check a pointer that may be NULL (JEQ/JNE against the
	 * immediate 0): neither tells it anything about the address. Any
	 * other comparison would, and is refused.
	 */
	if (dst->type != KBPF_SCALAR_VALUE || src->type != KBPF_SCALAR_VALUE) {
		if (src->type != KBPF_SCALAR_VALUE && !env->allow_ptr_leaks) {
			kbpf_verbose(env, "R%d pointer comparison prohibited\n",
				     insn->src_reg);
			return -EACCES;
		}
		taken = jmp32 ? -1 :
			dst->type != KBPF_SCALAR_VALUE ?
			kbpf_ptr_branch_taken(dst, src, op) :
			kbpf_ptr_branch_taken(src, dst, op);
		if (taken == 1)
			*next = target;
		if (taken >= 0)
			return kbpf_spec_dead_branch(env, idx, insn,
						     taken ? idx + 1 : target);
		if (!jmp32 && KBPF_SRC(insn->code) == KBPF_K && !insn->imm &&
		    (op == KBPF_JEQ || op == KBPF_JNE) &&
		    dst->type & KBPF_PTR_MAYBE_NULL)
			return kbpf_check_null_jmp(env, idx, insn, dst);
		if (dst->type != KBPF_SCALAR_VALUE && !env->allow_ptr_leaks) {
			kbpf_verbose(env, "R%d pointer comparison prohibited\n",
				     insn->dst_reg);
			return -EACCES;
		}
		return kbpf_push_pending(env, target, idx, &other);
	}

	taken = kbpf_branch_taken(dst, src, op, jmp32);
	if (taken == 1) {
		*next = target;
		return kbpf_spec_dead_branch(env, idx, insn, idx + 1);
	}
	if (taken == 0)
		return kbpf_spec_dead_branch(env, idx, insn, target);

	td = *dst;
	ts = *src;
	fd = *dst;
	fs = *src;
	ok_t = kbpf_branch_refine(&td, &ts, op, jmp32);
	neg = kbpf_branch_negate(op);
	if (neg)
		ok_f = kbpf_branch_refine(&fd, &fs, neg, jmp32);
	if (!ok_t && !ok_f)
		return 1;	/* no value takes either side: a dead path */
	/*
	 * A side no value takes, though kbpf_branch_taken() could not tell
	 * (the bounds and the tnum disagree): Linux 6.12 finds that side's
	 * bounds crossed ("REG INVARIANTS VIOLATION"), makes the register
	 * unbounded and walks on. It is walked here too, with the compared
	 * registers unknown, at every level: so kbpf never accepts what
	 * that walk refuses, and the side a CPU may guess is checked.
	 */
	if (!ok_t || !ok_f) {
		err = kbpf_push_pending(env, ok_t ? idx + 1 : target, idx,
					&other);
		if (err)
			return err;
		kbpf_reg_mark_unknown(&kbpf_cur_regs(other)[insn->dst_reg]);
		if (srcno >= 0)
			kbpf_reg_mark_unknown(&kbpf_cur_regs(other)[srcno]);
	}
	if (!ok_t) {
		kbpf_apply_refined(env->cur, insn->dst_reg, srcno, &fd, &fs);
		return 0;
	}
	if (!ok_f) {
		kbpf_apply_refined(env->cur, insn->dst_reg, srcno, &td, &ts);
		*next = target;
		return 0;
	}
	err = kbpf_push_pending(env, target, idx, &other);
	if (err)
		return err;
	kbpf_apply_refined(other, insn->dst_reg, srcno, &td, &ts);
	kbpf_apply_refined(env->cur, insn->dst_reg, srcno, &fd, &fs);
	return 0;
}

/* ---- ld_imm64 ---- */

static int kbpf_check_ld_imm64(struct kbpf_verifier_env *env, u32 idx)
{
	const struct kbpf_insn *insn = &env->prog->insns[idx];
	struct kbpf_reg_state *dst = &kbpf_cur_regs(env->cur)[insn->dst_reg];
	const struct kbpf_insn_aux *aux = &env->aux[idx];

	switch (insn->src_reg) {
	case KBPF_PSEUDO_MAP_FD:
	case KBPF_PSEUDO_MAP_IDX:
		kbpf_mark_ptr(dst, KBPF_CONST_PTR_TO_MAP);
		dst->map_ptr = aux->map;
		return 0;
	case KBPF_PSEUDO_MAP_VALUE:
	case KBPF_PSEUDO_MAP_IDX_VALUE:
		kbpf_mark_ptr(dst, KBPF_PTR_TO_MAP_VALUE);
		dst->map_ptr = aux->map;
		dst->off = aux->map_off;
		return 0;
	case KBPF_PSEUDO_FUNC:
		/*
		 * As Linux's check_ld_imm(): the main program is no callback.
		 * Its tail calls and LD_ABS (kbpf_check_abnormal_return()
		 * allows them there) would end a callback's frame early.
		 */
		if (!kbpf_subprog_of(env, idx + insn->imm + 1)) {
			kbpf_verbose(env, "callback function cannot be the main program\n");
			return -EINVAL;
		}
		kbpf_mark_ptr(dst, KBPF_PTR_TO_FUNC);
		dst->subprog = kbpf_subprog_of(env, idx + insn->imm + 1);
		return 0;
	default:
		kbpf_reg_mark_known(dst, (u32)insn[0].imm |
				    ((u64)(u32)insn[1].imm << 32));
		return 0;
	}
}

/* ---- LD_ABS and LD_IND ---- */

static u8 kbpf_size_bytes(u8 code)
{
	switch (KBPF_SIZE(code)) {
	case KBPF_B:
		return 1;
	case KBPF_H:
		return 2;
	case KBPF_W:
		return 4;
	default:
		return 8;
	}
}

/*
 * Linux's check_ld_abs(), messages and order included. The interpreter
 * ends the program with r0 = 0 when the bytes are not in the packet
 * (Linux's hidden exit of bpf_gen_ld_abs()); kbpf has no BTF, so
 * kbpf_check_abnormal_return() keeps these in the main program, where
 * that exit needs no walk of its own.
 */
static int kbpf_check_ld_abs(struct kbpf_verifier_env *env,
			     const struct kbpf_insn *insn)
{
	struct kbpf_reg_state *regs = kbpf_cur_regs(env->cur);
	bool ind = KBPF_MODE(insn->code) == KBPF_IND;
	const u32 ctx_reg = 6;
	u32 r;
	int err;

	if (!env->prog->ops->ld_abs) {
		kbpf_verbose(env, "BPF_LD_[ABS|IND] instructions not allowed for this program type\n");
		return -EINVAL;
	}
	if (kbpf_in_callback(env->cur)) {
		kbpf_verbose(env, "cannot use BPF_LD_[ABS|IND] within callback\n");
		return -EINVAL;
	}
	if (insn->dst_reg || insn->off || KBPF_SIZE(insn->code) == KBPF_DW ||
	    (!ind && insn->src_reg)) {
		kbpf_verbose(env, "BPF_LD_[ABS|IND] uses reserved fields\n");
		return -EINVAL;
	}
	err = kbpf_check_reg_read(env, ctx_reg);
	if (err)
		return err;
	/* The hidden exit would leak what the program holds. */
	if (!env->cur->curframe && kbpf_check_ref_leak(env, false)) {
		kbpf_verbose(env, "BPF_LD_[ABS|IND] cannot be mixed with socket references\n");
		return -EINVAL;
	}
	if (regs[ctx_reg].type != KBPF_PTR_TO_CTX) {
		kbpf_verbose(env, "at the time of BPF_LD_ABS|IND R6 != pointer to skb\n");
		return -EINVAL;
	}
	if (ind) {
		if (insn->src_reg >= KBPF_REG_CNT) {
			kbpf_verbose(env, "R%d is invalid\n", insn->src_reg);
			return -EINVAL;
		}
		err = kbpf_check_reg_read(env, insn->src_reg);
		if (err)
			return err;
	}
	err = kbpf_check_ptr_off_reg(env, &regs[ctx_reg], ctx_reg, false);
	if (err < 0)
		return err;
	for (r = 1; r <= 5; r++)
		kbpf_reg_mark_not_init(&regs[r]);
	kbpf_reg_mark_unknown(&regs[0]);
	return 0;
}

/*
 * Linux's save_aux_ptr_type(): a ctx access is rewritten for the ctx,
 * so an instruction reaching the ctx on one path and other memory on
 * another is refused.
 */
static int kbpf_save_ptr_kind(struct kbpf_verifier_env *env, u32 idx,
			      u32 type)
{
	u8 kind = kbpf_base_type(type) == KBPF_PTR_TO_CTX ?
		  KBPF_PTR_KIND_CTX : KBPF_PTR_KIND_OTHER;
	u8 *prev = &env->aux[idx].ptr_kind;

	if (*prev == KBPF_PTR_KIND_UNSEEN)
		*prev = kind;
	else if (*prev != kind) {
		kbpf_verbose(env, "same insn cannot be used with different pointers\n");
		return -EINVAL;
	}
	return 0;
}

static int kbpf_check_ldx_st(struct kbpf_verifier_env *env, u32 idx,
			     const struct kbpf_insn *insn)
{
	u8 class = KBPF_CLASS(insn->code), size = kbpf_size_bytes(insn->code);
	struct kbpf_reg_state *regs = kbpf_cur_regs(env->cur);
	u32 base = class == KBPF_LDX ? insn->src_reg : insn->dst_reg;
	u32 type = regs[base].type;
	int err;

	switch (class) {
	case KBPF_LDX:
		err = kbpf_check_mem_access(env, idx, insn->src_reg, insn->off,
					    size, false, insn->dst_reg,
					    KBPF_MODE(insn->code) == KBPF_MEMSX);
		break;
	case KBPF_STX:
		err = kbpf_check_mem_access(env, idx, insn->dst_reg, insn->off,
					    size, true, insn->src_reg, false);
		break;
	default:
		err = kbpf_check_mem_access(env, idx, insn->dst_reg, insn->off,
					    size, true, -1, false);
		break;
	}
	return err ?: kbpf_save_ptr_kind(env, idx, type);
}

/* ---- the walk ---- */

static void kbpf_log_state(struct kbpf_verifier_env *env, u32 idx,
			   bool new_path)
{
	if (!(env->log.level & KBPF_LOG_LEVEL2) &&
	    !(env->log.level & KBPF_LOG_LEVEL1))
		return;
	if (new_path && env->log.level & KBPF_LOG_LEVEL2) {
		kbpf_verbose(env, "\nfrom %u to %u%s:", env->prev_insn_idx, idx,
			     env->cur->speculative ?
			     " (speculative execution)" : "");
		kbpf_print_frame(env, kbpf_cur_frame(env->cur));
	}
	kbpf_print_insn(env, idx);
}

static int kbpf_check_one(struct kbpf_verifier_env *env, u32 idx, u32 *next,
			  bool *path_done)
{
	const struct kbpf_insn *insn = &env->prog->insns[idx];
	u8 class = KBPF_CLASS(insn->code), op = KBPF_OP(insn->code);

	*next = idx + 1;
	switch (class) {
	case KBPF_ALU:
	case KBPF_ALU64:
		return kbpf_check_alu(env, insn);
	case KBPF_STX:
		if (KBPF_MODE(insn->code) == KBPF_ATOMIC)
			return kbpf_check_atomic(env, idx, insn);
		fallthrough;
	case KBPF_LDX:
	case KBPF_ST:
		return kbpf_check_ldx_st(env, idx, insn);
	case KBPF_LD:
		if (KBPF_MODE(insn->code) != KBPF_IMM)
			return kbpf_check_ld_abs(env, insn);
		*next = idx + 2;
		return kbpf_check_ld_imm64(env, idx);
	default:	/* JMP, JMP32 */
		break;
	}
	/* Every jump, call and exit counts toward a checkpoint, as Linux. */
	env->jmps_processed++;
	switch (op) {
	case KBPF_CALL:
		return kbpf_check_call(env, idx, next);
	case KBPF_EXIT:
		return kbpf_check_exit(env, idx, next, path_done);
	case KBPF_JA:
		*next = kbpf_jump_target_idx(insn, idx);
		return 0;
	default:
		return kbpf_check_cond_jmp(env, idx, next);
	}
}

static int kbpf_walk(struct kbpf_verifier_env *env)
{
	bool new_path = true;
	u32 idx, next;
	int err;

	for (;;) {
		bool path_done = false;

		idx = env->cur->insn_idx;
		if (++env->insn_processed > KBPF_MAX_INSNS) {
			kbpf_verbose(env, "BPF program is too large. Processed %u insn\n",
				     env->insn_processed);
			return -E2BIG;
		}
		env->aux[idx].seen = true;
		/* A long walk yields the CPU and ends on a signal, as Linux. */
		if (signal_pending(current))
			return -EAGAIN;
		cond_resched();

		if (env->aux[idx].prune_point) {
			err = kbpf_is_state_visited(env, idx);
			if (err < 0)
				return err;
			if (err == 1) {
				if (env->log.level & KBPF_LOG_LEVEL2)
					kbpf_verbose(env, new_path ?
						     "\nfrom %u to %u: safe\n" :
						     "%u: safe\n",
						     env->prev_insn_idx, idx);
				path_done = true;
				goto next_path;
			}
		}
		kbpf_log_state(env, idx, new_path);
		new_path = false;

		err = kbpf_check_one(env, idx, &next, &path_done);
		if (err < 0)
			return err;
		if (err > 0)
			path_done = true;	/* an impossible branch */
		if (!path_done) {
			env->prev_insn_idx = idx;
			env->cur->insn_idx = next;
			continue;
		}
next_path:
		kbpf_path_done(env);
		if (kbpf_pop_pending(env))
			return 0;
		new_path = true;
	}
}

static void kbpf_mark_prune_points(struct kbpf_verifier_env *env)
{
	const struct kbpf_insn *insns = env->prog->insns;
	u32 i, len = env->prog->len;
	s32 to;

	for (i = 0; i < env->subprog_cnt; i++) {
		env->aux[env->subprog_starts[i]].prune_point = true;
		env->aux[env->subprog_starts[i]].force_checkpoint = true;
	}
	for (i = 0; i < len; i++) {
		u8 class = KBPF_CLASS(insns[i].code), op;

		if (env->aux[i].ldimm64_tail)
			continue;
		if (class != KBPF_JMP && class != KBPF_JMP32)
			continue;
		op = KBPF_OP(insns[i].code);
		if (op == KBPF_EXIT)
			continue;
		if (op == KBPF_CALL) {
			env->aux[i].prune_point = true;
			if (i + 1 < len)
				env->aux[i + 1].prune_point = true;
			continue;
		}
		/*
		 * As Linux: a conditional jump is checked before it forks, an
		 * unconditional one where it lands. A loop contains one or the
		 * other, so every loop passes a prune point.
		 */
		if (op == KBPF_JA) {
			to = kbpf_jump_target_idx(&insns[i], i);
			env->aux[to].prune_point = true;
		} else {
			env->aux[i].prune_point = true;
		}
	}
}

int kbpf_do_check(struct kbpf_verifier_env *env)
{
	struct kbpf_func_state *frame;
	int err;

	env->allow_ptr_leaks = env->perfmon_capable;
	env->allow_uninit_stack = env->perfmon_capable;
	env->bypass_spec_v1 = env->perfmon_capable;
	env->explored = kvcalloc(env->prog->len, sizeof(*env->explored),
				 GFP_KERNEL_ACCOUNT);
	env->cur = kbpf_state_alloc();
	frame = kbpf_frame_alloc();
	if (!env->explored || !env->cur || !frame) {
		kbpf_frame_free(frame);
		return -ENOMEM;
	}
	env->cur->frame[0] = frame;
	kbpf_init_main_frame(frame);

	err = kbpf_compute_liveness(env);
	if (err)
		return err;
	kbpf_mark_prune_points(env);
	env->insn_processed = 0;

	err = kbpf_walk(env);
	if (!err)
		err = kbpf_check_stack_depth(env);
	if (!err)
		kbpf_loop_inline_decide(env);
	return err;
}
