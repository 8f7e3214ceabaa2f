// SPDX-License-Identifier: GPL-2.0
/*
 * Conditional jumps between two scalars: whether what the registers may
 * hold decides the comparison, and what each side of an undecided one
 * teaches about both operands. As Linux 6.12's is_scalar_branch_taken()
 * and regs_refine_cond_op(), plus the detection of sides no value pair
 * can take.
 */

#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/minmax.h>

#include "../../uapi/linux/kbpf.h"
#include "../compat.h"
#include "state.h"

/*
 * The false side of JSET ("no bit of @r2 set in @r1"), which has no
 * opcode: JSET with the source bit, as Linux spells it internally.
 */
#define KBPF_JSET_FALSE		(KBPF_JSET | KBPF_X)

/* One operand as a comparison of the given width sees it. */
struct kbpf_cmp_view {
	struct kbpf_tnum t;
	u64 umin, umax;
	s64 smin, smax;
};

static void kbpf_cmp_view(const struct kbpf_reg_state *r, bool jmp32,
			  struct kbpf_cmp_view *v)
{
	if (jmp32) {
		v->t = kbpf_tnum_subreg(r->var_off);
		v->umin = r->u32_min_value;
		v->umax = r->u32_max_value;
		v->smin = r->s32_min_value;
		v->smax = r->s32_max_value;
	} else {
		v->t = r->var_off;
		v->umin = r->umin_value;
		v->umax = r->umax_value;
		v->smin = r->smin_value;
		v->smax = r->smax_value;
	}
}

static bool kbpf_cmp_const(const struct kbpf_reg_state *r, bool jmp32)
{
	return kbpf_tnum_is_const(jmp32 ? kbpf_tnum_subreg(r->var_off) :
				  r->var_off);
}

static u64 kbpf_cmp_const_value(const struct kbpf_reg_state *r, bool jmp32)
{
	return jmp32 ? (u32)r->var_off.value : r->var_off.value;
}

/* Some bit pattern is allowed by both (their known bits agree). */
static bool kbpf_tnum_overlap(struct kbpf_tnum a, struct kbpf_tnum b)
{
	u64 known = ~a.mask & ~b.mask;

	return !((a.value ^ b.value) & known);
}

/* Whether "@r1 == @r2" can hold: 0 if it certainly cannot, else -1. */
static int kbpf_eq_possible(const struct kbpf_reg_state *r1,
			    const struct kbpf_reg_state *r2, bool jmp32)
{
	struct kbpf_cmp_view a, b;

	kbpf_cmp_view(r1, jmp32, &a);
	kbpf_cmp_view(r2, jmp32, &b);
	if (kbpf_tnum_is_const(a.t) && kbpf_tnum_is_const(b.t))
		return a.t.value == b.t.value;
	if (!kbpf_tnum_overlap(a.t, b.t))
		return 0;
	if (a.umin > b.umax || a.umax < b.umin ||
	    a.smin > b.smax || a.smax < b.smin)
		return 0;
	/* Differing low halves make 64-bit values differ too. */
	if (!jmp32 &&
	    (r1->u32_min_value > r2->u32_max_value ||
	     r1->u32_max_value < r2->u32_min_value ||
	     r1->s32_min_value > r2->s32_max_value ||
	     r1->s32_max_value < r2->s32_min_value))
		return 0;
	return -1;
}

static int kbpf_jset_taken(const struct kbpf_reg_state *r1,
			   const struct kbpf_reg_state *r2, bool jmp32)
{
	struct kbpf_tnum t;
	u64 bits;

	if (!kbpf_cmp_const(r2, jmp32))
		swap(r1, r2);
	if (!kbpf_cmp_const(r2, jmp32))
		return -1;
	bits = kbpf_cmp_const_value(r2, jmp32);
	t = jmp32 ? kbpf_tnum_subreg(r1->var_off) : r1->var_off;
	if (t.value & bits)
		return 1;
	if (!((t.value | t.mask) & bits))
		return 0;
	return -1;
}

int kbpf_branch_taken(const struct kbpf_reg_state *r1,
		      const struct kbpf_reg_state *r2, u8 op, bool jmp32)
{
	struct kbpf_cmp_view a, b;
	int eq;

	kbpf_cmp_view(r1, jmp32, &a);
	kbpf_cmp_view(r2, jmp32, &b);

	switch (op) {
	case KBPF_JEQ:
		return kbpf_eq_possible(r1, r2, jmp32);
	case KBPF_JNE:
		eq = kbpf_eq_possible(r1, r2, jmp32);
		return eq < 0 ? -1 : !eq;
	case KBPF_JSET:
		return kbpf_jset_taken(r1, r2, jmp32);
	case KBPF_JSET_FALSE:
		eq = kbpf_jset_taken(r1, r2, jmp32);
		return eq < 0 ? -1 : !eq;
	case KBPF_JGT:
		if (a.umin > b.umax)
			return 1;
		return a.umax <= b.umin ? 0 : -1;
	case KBPF_JGE:
		if (a.umin >= b.umax)
			return 1;
		return a.umax < b.umin ? 0 : -1;
	case KBPF_JLT:
		if (a.umax < b.umin)
			return 1;
		return a.umin >= b.umax ? 0 : -1;
	case KBPF_JLE:
		if (a.umax <= b.umin)
			return 1;
		return a.umin > b.umax ? 0 : -1;
	case KBPF_JSGT:
		if (a.smin > b.smax)
			return 1;
		return a.smax <= b.smin ? 0 : -1;
	case KBPF_JSGE:
		if (a.smin >= b.smax)
			return 1;
		return a.smax < b.smin ? 0 : -1;
	case KBPF_JSLT:
		if (a.smax < b.smin)
			return 1;
		return a.smin >= b.smax ? 0 : -1;
	case KBPF_JSLE:
		if (a.smax <= b.smin)
			return 1;
		return a.smin > b.smax ? 0 : -1;
	}
	return -1;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_branch_taken);

/*
 * JNE against a constant: a range end equal to it moves inward. An end
 * that cannot move (the range is just the constant) leaves nothing.
 */
static bool kbpf_refine_ne(struct kbpf_reg_state *r1,
			   struct kbpf_reg_state *r2, bool jmp32)
{
	u64 val;

	if (!kbpf_cmp_const(r2, jmp32)) {
		swap(r1, r2);
		if (!kbpf_cmp_const(r2, jmp32))
			return true;
	}
	val = kbpf_cmp_const_value(r2, jmp32);
	if (jmp32) {
		if (r1->u32_min_value == (u32)val) {
			if (r1->u32_min_value == U32_MAX)
				return false;
			r1->u32_min_value++;
		}
		if (r1->u32_max_value == (u32)val) {
			if (!r1->u32_max_value)
				return false;
			r1->u32_max_value--;
		}
		if (r1->s32_min_value == (s32)val) {
			if (r1->s32_min_value == S32_MAX)
				return false;
			r1->s32_min_value++;
		}
		if (r1->s32_max_value == (s32)val) {
			if (r1->s32_max_value == S32_MIN)
				return false;
			r1->s32_max_value--;
		}
		return true;
	}
	if (r1->umin_value == val) {
		if (r1->umin_value == U64_MAX)
			return false;
		r1->umin_value++;
	}
	if (r1->umax_value == val) {
		if (!r1->umax_value)
			return false;
		r1->umax_value--;
	}
	if (r1->smin_value == (s64)val) {
		if (r1->smin_value == S64_MAX)
			return false;
		r1->smin_value++;
	}
	if (r1->smax_value == (s64)val) {
		if (r1->smax_value == S64_MIN)
			return false;
		r1->smax_value--;
	}
	return true;
}

/* @r1's var_off (its low half for @jmp32) becomes @t. */
static void kbpf_set_cmp_tnum(struct kbpf_reg_state *r, struct kbpf_tnum t,
			      bool jmp32)
{
	r->var_off = jmp32 ? kbpf_tnum_with_subreg(r->var_off, t) : t;
}

/*
 * JSET against a constant. Its true side teaches something only for a
 * single bit, which must then be set; its false side clears every bit
 * of the constant, and Linux drops the ranges first, letting var_off
 * rebuild them.
 */
static bool kbpf_refine_jset(struct kbpf_reg_state *r1,
			     struct kbpf_reg_state *r2, bool taken, bool jmp32)
{
	struct kbpf_tnum t;
	u64 val;

	if (!kbpf_cmp_const(r2, jmp32)) {
		swap(r1, r2);
		if (!kbpf_cmp_const(r2, jmp32))
			return true;
	}
	val = kbpf_cmp_const_value(r2, jmp32);
	t = jmp32 ? kbpf_tnum_subreg(r1->var_off) : r1->var_off;
	if (taken) {
		if (!((t.value | t.mask) & val))
			return false;
		if (is_power_of_2(val))
			kbpf_set_cmp_tnum(r1, kbpf_tnum_or(t, kbpf_tnum_const(val)),
					  jmp32);
		return true;
	}
	if (t.value & val)
		return false;
	kbpf_reg_mark_unbounded(r1);
	kbpf_set_cmp_tnum(r1, kbpf_tnum_and(t, kbpf_tnum_const(~val)), jmp32);
	return true;
}

/* "@r1 == @r2": both get the meet of their ranges and var_offs. */
static bool kbpf_refine_eq(struct kbpf_reg_state *r1,
			   struct kbpf_reg_state *r2, bool jmp32)
{
	struct kbpf_tnum t1, t2, t;

	if (jmp32) {
		r1->u32_min_value = max(r1->u32_min_value, r2->u32_min_value);
		r1->u32_max_value = min(r1->u32_max_value, r2->u32_max_value);
		r1->s32_min_value = max(r1->s32_min_value, r2->s32_min_value);
		r1->s32_max_value = min(r1->s32_max_value, r2->s32_max_value);
		r2->u32_min_value = r1->u32_min_value;
		r2->u32_max_value = r1->u32_max_value;
		r2->s32_min_value = r1->s32_min_value;
		r2->s32_max_value = r1->s32_max_value;
		t1 = kbpf_tnum_subreg(r1->var_off);
		t2 = kbpf_tnum_subreg(r2->var_off);
	} else {
		r1->umin_value = max(r1->umin_value, r2->umin_value);
		r1->umax_value = min(r1->umax_value, r2->umax_value);
		r1->smin_value = max(r1->smin_value, r2->smin_value);
		r1->smax_value = min(r1->smax_value, r2->smax_value);
		r2->umin_value = r1->umin_value;
		r2->umax_value = r1->umax_value;
		r2->smin_value = r1->smin_value;
		r2->smax_value = r1->smax_value;
		t1 = r1->var_off;
		t2 = r2->var_off;
	}
	if (!kbpf_tnum_overlap(t1, t2))
		return false;
	t = kbpf_tnum_intersect(t1, t2);
	kbpf_set_cmp_tnum(r1, t, jmp32);
	kbpf_set_cmp_tnum(r2, t, jmp32);
	return true;
}

/*
 * "@r1 < @r2" (@strict) or "@r1 <= @r2", unsigned or signed: @r1's
 * maximum drops below (to) @r2's and @r2's minimum rises above (to)
 * @r1's. False when @r2 has nothing above @r1's least value.
 */
static bool kbpf_refine_lt(struct kbpf_reg_state *r1,
			   struct kbpf_reg_state *r2, bool strict,
			   bool is_signed, bool jmp32)
{
	u64 d = strict;

	if (jmp32 && is_signed) {
		if (strict && (r2->s32_max_value == S32_MIN ||
			       r1->s32_min_value == S32_MAX))
			return false;
		r1->s32_max_value = min_t(s32, r1->s32_max_value,
					  r2->s32_max_value - (s32)d);
		r2->s32_min_value = max_t(s32, r2->s32_min_value,
					  r1->s32_min_value + (s32)d);
	} else if (jmp32) {
		if (strict && (!r2->u32_max_value ||
			       r1->u32_min_value == U32_MAX))
			return false;
		r1->u32_max_value = min_t(u32, r1->u32_max_value,
					  r2->u32_max_value - (u32)d);
		r2->u32_min_value = max_t(u32, r2->u32_min_value,
					  r1->u32_min_value + (u32)d);
	} else if (is_signed) {
		if (strict && (r2->smax_value == S64_MIN ||
			       r1->smin_value == S64_MAX))
			return false;
		r1->smax_value = min_t(s64, r1->smax_value,
				       r2->smax_value - (s64)d);
		r2->smin_value = max_t(s64, r2->smin_value,
				       r1->smin_value + (s64)d);
	} else {
		if (strict && (!r2->umax_value || r1->umin_value == U64_MAX))
			return false;
		r1->umax_value = min(r1->umax_value, r2->umax_value - d);
		r2->umin_value = max(r2->umin_value, r1->umin_value + d);
	}
	return true;
}

static bool kbpf_refine_op(struct kbpf_reg_state *r1,
			   struct kbpf_reg_state *r2, u8 op, bool jmp32)
{
	switch (op) {
	case KBPF_JEQ:
		return kbpf_refine_eq(r1, r2, jmp32);
	case KBPF_JNE:
		return kbpf_refine_ne(r1, r2, jmp32);
	case KBPF_JSET:
		return kbpf_refine_jset(r1, r2, true, jmp32);
	case KBPF_JSET_FALSE:
		return kbpf_refine_jset(r1, r2, false, jmp32);
	case KBPF_JLT:
		return kbpf_refine_lt(r1, r2, true, false, jmp32);
	case KBPF_JLE:
		return kbpf_refine_lt(r1, r2, false, false, jmp32);
	case KBPF_JSLT:
		return kbpf_refine_lt(r1, r2, true, true, jmp32);
	case KBPF_JSLE:
		return kbpf_refine_lt(r1, r2, false, true, jmp32);
	/* "a > b" is "b < a". */
	case KBPF_JGT:
		return kbpf_refine_lt(r2, r1, true, false, jmp32);
	case KBPF_JGE:
		return kbpf_refine_lt(r2, r1, false, false, jmp32);
	case KBPF_JSGT:
		return kbpf_refine_lt(r2, r1, true, true, jmp32);
	case KBPF_JSGE:
		return kbpf_refine_lt(r2, r1, false, true, jmp32);
	}
	return true;
}

/*
 * Linux's sanity test of a register after refinement: no empty range,
 * and a known var_off (or subregister) equal to its ranges. A sound
 * narrowing of a set with some member passes it, so failing it means no
 * value pair satisfies the condition. (Linux then goes on with unbounded
 * ranges after logging "REG INVARIANTS VIOLATION"; its is_branch_taken()
 * has already decided the common contradictions.)
 */
static bool kbpf_reg_sane(const struct kbpf_reg_state *r)
{
	struct kbpf_tnum t32 = kbpf_tnum_subreg(r->var_off);
	u64 v = r->var_off.value;

	if (r->umin_value > r->umax_value || r->smin_value > r->smax_value ||
	    r->u32_min_value > r->u32_max_value ||
	    r->s32_min_value > r->s32_max_value)
		return false;
	if (kbpf_tnum_is_const(r->var_off) &&
	    (r->umin_value != v || r->umax_value != v ||
	     r->smin_value != (s64)v || r->smax_value != (s64)v))
		return false;
	if (kbpf_tnum_is_const(t32) &&
	    (r->u32_min_value != (u32)v || r->u32_max_value != (u32)v ||
	     r->s32_min_value != (s32)v || r->s32_max_value != (s32)v))
		return false;
	return true;
}

/* Each narrowing keeps every value pair that satisfies @op. */
bool kbpf_branch_refine(struct kbpf_reg_state *r1, struct kbpf_reg_state *r2,
			u8 op, bool jmp32)
{
	if (!kbpf_refine_op(r1, r2, op, jmp32))
		return false;
	kbpf_reg_bounds_sync(r1);
	kbpf_reg_bounds_sync(r2);
	return kbpf_reg_sane(r1) && kbpf_reg_sane(r2);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_branch_refine);

/*
 * JSET's negation is KBPF_JSET | KBPF_X, a pseudo-op only the two
 * functions above understand (as Linux's rev_opcode()).
 */
u8 kbpf_branch_negate(u8 op)
{
	switch (op) {
	case KBPF_JEQ:
		return KBPF_JNE;
	case KBPF_JNE:
		return KBPF_JEQ;
	case KBPF_JSET:
		return KBPF_JSET_FALSE;
	case KBPF_JSET_FALSE:
		return KBPF_JSET;
	case KBPF_JGT:
		return KBPF_JLE;
	case KBPF_JLE:
		return KBPF_JGT;
	case KBPF_JGE:
		return KBPF_JLT;
	case KBPF_JLT:
		return KBPF_JGE;
	case KBPF_JSGT:
		return KBPF_JSLE;
	case KBPF_JSLE:
		return KBPF_JSGT;
	case KBPF_JSGE:
		return KBPF_JSLT;
	case KBPF_JSLT:
		return KBPF_JSGE;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_branch_negate);
