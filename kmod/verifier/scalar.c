// SPDX-License-Identifier: GPL-2.0
/*
 * Scalars: what a register may hold as a tnum and four ranges (signed
 * and unsigned, of all 64 bits and of the low 32), and how ALU
 * instructions transform them.
 *
 * Every function keeps the description sound: a value the register may
 * hold at run time always satisfies var_off and all four ranges. Within
 * that, results are Linux 6.12's exactly, because programs Linux accepts
 * thanks to its bounds must pass here too and the log prints the bounds.
 */

#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "../../uapi/linux/kbpf.h"
#include "../compat.h"
#include "state.h"

void kbpf_reg_mark_unbounded(struct kbpf_reg_state *reg)
{
	reg->smin_value = S64_MIN;
	reg->smax_value = S64_MAX;
	reg->umin_value = 0;
	reg->umax_value = U64_MAX;
	reg->s32_min_value = S32_MIN;
	reg->s32_max_value = S32_MAX;
	reg->u32_min_value = 0;
	reg->u32_max_value = U32_MAX;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_reg_mark_unbounded);

static void kbpf_reg_unbound64(struct kbpf_reg_state *reg)
{
	reg->smin_value = S64_MIN;
	reg->smax_value = S64_MAX;
	reg->umin_value = 0;
	reg->umax_value = U64_MAX;
}

static void kbpf_reg_unbound32(struct kbpf_reg_state *reg)
{
	reg->s32_min_value = S32_MIN;
	reg->s32_max_value = S32_MAX;
	reg->u32_min_value = 0;
	reg->u32_max_value = U32_MAX;
}

void kbpf_reg_mark_unknown(struct kbpf_reg_state *reg)
{
	memset(reg, 0, sizeof(*reg));
	reg->type = KBPF_SCALAR_VALUE;
	reg->var_off = KBPF_TNUM_UNKNOWN;
	kbpf_reg_mark_unbounded(reg);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_reg_mark_unknown);

void kbpf_reg_mark_not_init(struct kbpf_reg_state *reg)
{
	kbpf_reg_mark_unknown(reg);
	reg->type = KBPF_NOT_INIT;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_reg_mark_not_init);

/* Bounds and var_off of the constant @value; nothing else changes. */
static void kbpf_reg_set_const(struct kbpf_reg_state *reg, u64 value)
{
	reg->var_off = kbpf_tnum_const(value);
	reg->smin_value = (s64)value;
	reg->smax_value = (s64)value;
	reg->umin_value = value;
	reg->umax_value = value;
	reg->s32_min_value = (s32)value;
	reg->s32_max_value = (s32)value;
	reg->u32_min_value = (u32)value;
	reg->u32_max_value = (u32)value;
}

/* The low 32 bits become @value; the high half of var_off stays. */
static void kbpf_reg_set_const32(struct kbpf_reg_state *reg, u32 value)
{
	reg->var_off = kbpf_tnum_with_subreg(reg->var_off,
					     kbpf_tnum_const(value));
	reg->s32_min_value = (s32)value;
	reg->s32_max_value = (s32)value;
	reg->u32_min_value = value;
	reg->u32_max_value = value;
}

void kbpf_reg_mark_known(struct kbpf_reg_state *reg, u64 value)
{
	memset(reg, 0, sizeof(*reg));
	reg->type = KBPF_SCALAR_VALUE;
	kbpf_reg_set_const(reg, value);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_reg_mark_known);

/* ---- keeping var_off and the four ranges in agreement ---- */

/* Fold in what var_off says: its least and greatest members per view. */
static void kbpf_bounds_from_tnum(struct kbpf_reg_state *reg)
{
	struct kbpf_tnum t = reg->var_off;
	struct kbpf_tnum t32 = kbpf_tnum_subreg(t);
	u64 sign = BIT_ULL(63);
	u32 sign32 = BIT(31);

	reg->smin_value = max_t(s64, reg->smin_value, t.value | (t.mask & sign));
	reg->smax_value = min_t(s64, reg->smax_value, t.value | (t.mask & ~sign));
	reg->umin_value = max(reg->umin_value, t.value);
	reg->umax_value = min(reg->umax_value, t.value | t.mask);

	reg->s32_min_value = max_t(s32, reg->s32_min_value,
				   (u32)t32.value | ((u32)t32.mask & sign32));
	reg->s32_max_value = min_t(s32, reg->s32_max_value,
				   (u32)t32.value | ((u32)t32.mask & ~sign32));
	reg->u32_min_value = max_t(u32, reg->u32_min_value, t32.value);
	reg->u32_max_value = min_t(u32, reg->u32_max_value,
				   t32.value | t32.mask);
}

static void kbpf_clamp_u32(struct kbpf_reg_state *reg, u32 lo, u32 hi)
{
	reg->u32_min_value = max(reg->u32_min_value, lo);
	reg->u32_max_value = min(reg->u32_max_value, hi);
}

static void kbpf_clamp_s32(struct kbpf_reg_state *reg, s32 lo, s32 hi)
{
	reg->s32_min_value = max(reg->s32_min_value, lo);
	reg->s32_max_value = min(reg->s32_max_value, hi);
}

static void kbpf_clamp_u64(struct kbpf_reg_state *reg, u64 lo, u64 hi)
{
	reg->umin_value = max(reg->umin_value, lo);
	reg->umax_value = min(reg->umax_value, hi);
}

static void kbpf_clamp_s64(struct kbpf_reg_state *reg, s64 lo, s64 hi)
{
	reg->smin_value = max(reg->smin_value, lo);
	reg->smax_value = min(reg->smax_value, hi);
}

/*
 * The 32-bit ranges from the 64-bit ones and from each other. A 64-bit
 * range whose members share their high half has low halves forming a
 * range too; one spanning two consecutive high halves, with low halves
 * going from negative to non-negative, still forms an s32 range. An
 * unsigned range not crossing the sign boundary is the same signed range
 * and vice versa; a signed range that crosses it is two unsigned pieces,
 * and an unsigned range meeting only one of them selects that one.
 */
static void kbpf_deduce32(struct kbpf_reg_state *reg)
{
	u64 umin = reg->umin_value, umax = reg->umax_value;
	s64 smin = reg->smin_value, smax = reg->smax_value;

	if (upper_32_bits(umin) == upper_32_bits(umax)) {
		kbpf_clamp_u32(reg, (u32)umin, (u32)umax);
		if ((s32)umin <= (s32)umax)
			kbpf_clamp_s32(reg, (s32)umin, (s32)umax);
	}
	if ((smin >> 32) == (smax >> 32)) {
		if ((u32)smin <= (u32)smax)
			kbpf_clamp_u32(reg, (u32)smin, (u32)smax);
		if ((s32)smin <= (s32)smax)
			kbpf_clamp_s32(reg, (s32)smin, (s32)smax);
	}
	if (upper_32_bits(umin) + 1 == upper_32_bits(umax) &&
	    (s32)umin < 0 && (s32)umax >= 0)
		kbpf_clamp_s32(reg, (s32)umin, (s32)umax);
	if ((u32)(smin >> 32) + 1 == (u32)(smax >> 32) &&
	    (s32)smin < 0 && (s32)smax >= 0)
		kbpf_clamp_s32(reg, (s32)smin, (s32)smax);

	if ((s32)reg->u32_min_value <= (s32)reg->u32_max_value)
		kbpf_clamp_s32(reg, (s32)reg->u32_min_value,
			       (s32)reg->u32_max_value);

	if ((u32)reg->s32_min_value <= (u32)reg->s32_max_value) {
		kbpf_clamp_u32(reg, (u32)reg->s32_min_value,
			       (u32)reg->s32_max_value);
	} else if (reg->u32_max_value < (u32)reg->s32_min_value) {
		/* Only the non-negative piece [0, s32_max] is met. */
		reg->s32_min_value = (s32)reg->u32_min_value;
		reg->u32_max_value = min_t(u32, reg->u32_max_value,
					   reg->s32_max_value);
	} else if ((u32)reg->s32_max_value < reg->u32_min_value) {
		/* Only the negative piece [s32_min, -1] is met. */
		reg->s32_max_value = (s32)reg->u32_max_value;
		reg->u32_min_value = max_t(u32, reg->u32_min_value,
					   reg->s32_min_value);
	}
}

/* The 64-bit signed and unsigned ranges from each other, as above. */
static void kbpf_deduce64(struct kbpf_reg_state *reg)
{
	if ((s64)reg->umin_value <= (s64)reg->umax_value)
		kbpf_clamp_s64(reg, (s64)reg->umin_value,
			       (s64)reg->umax_value);

	if ((u64)reg->smin_value <= (u64)reg->smax_value) {
		kbpf_clamp_u64(reg, (u64)reg->smin_value,
			       (u64)reg->smax_value);
	} else if (reg->umax_value < (u64)reg->smin_value) {
		reg->smin_value = (s64)reg->umin_value;
		reg->umax_value = min_t(u64, reg->umax_value,
					reg->smax_value);
	} else if ((u64)reg->smax_value < reg->umin_value) {
		reg->smax_value = (s64)reg->umax_value;
		reg->umin_value = max_t(u64, reg->umin_value,
					reg->smin_value);
	}
}

/*
 * The 64-bit ranges from the 32-bit ones: replacing the low half of a
 * 64-bit bound by the 32-bit bound of the same direction keeps it a
 * bound. And a value in [S32_MIN, S32_MAX] whose low half is a
 * non-negative s32 has a zero high half.
 */
static void kbpf_deduce_mixed(struct kbpf_reg_state *reg)
{
	const u64 high = ~(u64)U32_MAX;
	struct kbpf_tnum range;

	kbpf_clamp_u64(reg, (reg->umin_value & high) | reg->u32_min_value,
		       (reg->umax_value & high) | reg->u32_max_value);
	kbpf_clamp_s64(reg, (reg->smin_value & high) | reg->u32_min_value,
		       (reg->smax_value & high) | reg->u32_max_value);

	if ((u32)reg->s32_min_value <= (u32)reg->s32_max_value) {
		u32 lo = reg->s32_min_value, hi = reg->s32_max_value;

		kbpf_clamp_u64(reg, (reg->umin_value & high) | lo,
			       (reg->umax_value & high) | hi);
		kbpf_clamp_s64(reg, (reg->smin_value & high) | lo,
			       (reg->smax_value & high) | hi);
	}

	if (reg->s32_min_value >= 0 && reg->smin_value >= S32_MIN &&
	    reg->smax_value <= S32_MAX) {
		reg->smin_value = reg->s32_min_value;
		reg->smax_value = reg->s32_max_value;
		reg->umin_value = reg->s32_min_value;
		reg->umax_value = reg->s32_max_value;
		range = kbpf_tnum_range(reg->umin_value, reg->umax_value);
		reg->var_off = kbpf_tnum_intersect(reg->var_off, range);
	}
}

/* The bits the unsigned ranges fix, folded into var_off. */
static void kbpf_tnum_from_bounds(struct kbpf_reg_state *reg)
{
	struct kbpf_tnum t64, t32;

	t64 = kbpf_tnum_intersect(reg->var_off,
				  kbpf_tnum_range(reg->umin_value,
						  reg->umax_value));
	t32 = kbpf_tnum_intersect(kbpf_tnum_subreg(t64),
				  kbpf_tnum_range(reg->u32_min_value,
						  reg->u32_max_value));
	reg->var_off = kbpf_tnum_or(kbpf_tnum_clear_subreg(t64), t32);
}

/* The eight bounds of a register, to tell whether a round moved one. */
struct kbpf_bounds_snap {
	s64 smin, smax;
	u64 umin, umax;
	s32 s32_min, s32_max;
	u32 u32_min, u32_max;
};

static void kbpf_bounds_snap(const struct kbpf_reg_state *reg,
			     struct kbpf_bounds_snap *b)
{
	b->smin = reg->smin_value;
	b->smax = reg->smax_value;
	b->umin = reg->umin_value;
	b->umax = reg->umax_value;
	b->s32_min = reg->s32_min_value;
	b->s32_max = reg->s32_max_value;
	b->u32_min = reg->u32_min_value;
	b->u32_max = reg->u32_max_value;
}

static bool kbpf_bounds_moved(const struct kbpf_reg_state *reg,
			      const struct kbpf_bounds_snap *b)
{
	return b->smin != reg->smin_value || b->smax != reg->smax_value ||
	       b->umin != reg->umin_value || b->umax != reg->umax_value ||
	       b->s32_min != reg->s32_min_value ||
	       b->s32_max != reg->s32_max_value ||
	       b->u32_min != reg->u32_min_value ||
	       b->u32_max != reg->u32_max_value;
}

void kbpf_reg_bounds_sync(struct kbpf_reg_state *reg)
{
	struct kbpf_bounds_snap before;
	int round;

	kbpf_bounds_from_tnum(reg);
	/*
	 * Each round can feed the next one; Linux stops after three. A
	 * round reads only the bounds (and var_off only to intersect it
	 * with a range of them, which a second time changes nothing), so
	 * once a round leaves every bound as it was, the rounds left would
	 * too: stop there, with what three rounds would give.
	 */
	for (round = 0; round < 3; round++) {
		kbpf_bounds_snap(reg, &before);
		kbpf_deduce32(reg);
		kbpf_deduce64(reg);
		kbpf_deduce_mixed(reg);
		if (!kbpf_bounds_moved(reg, &before))
			break;
	}
	kbpf_tnum_from_bounds(reg);
	kbpf_bounds_from_tnum(reg);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_reg_bounds_sync);

/* The 64-bit view becomes the zero-extended 32-bit one (no sync). */
static void kbpf_reg_assign32(struct kbpf_reg_state *reg)
{
	reg->var_off = kbpf_tnum_subreg(reg->var_off);
	reg->umin_value = reg->u32_min_value;
	reg->umax_value = reg->u32_max_value;
	if (reg->s32_min_value >= 0 && reg->s32_max_value >= 0) {
		reg->smin_value = reg->s32_min_value;
		reg->smax_value = reg->s32_max_value;
	} else {
		reg->smin_value = 0;
		reg->smax_value = U32_MAX;
	}
}

void kbpf_reg_zext32(struct kbpf_reg_state *reg)
{
	kbpf_reg_assign32(reg);
	kbpf_reg_bounds_sync(reg);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_reg_zext32);

void kbpf_reg_coerce_size(struct kbpf_reg_state *reg, u8 size)
{
	u64 mask;

	if (size >= KBPF_REG_SIZE)
		return;
	mask = (1ULL << (size * 8)) - 1;
	reg->var_off = kbpf_tnum_cast(reg->var_off, size);
	if ((reg->umin_value & ~mask) == (reg->umax_value & ~mask)) {
		reg->umin_value &= mask;
		reg->umax_value &= mask;
	} else {
		reg->umin_value = 0;
		reg->umax_value = mask;
	}
	reg->smin_value = reg->umin_value;
	reg->smax_value = reg->umax_value;
	/* Narrower than 32 bits: the old subregister ranges are void. */
	if (size < 4)
		kbpf_reg_unbound32(reg);
	kbpf_reg_bounds_sync(reg);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_reg_coerce_size);

static s64 kbpf_sext_bytes(u64 value, u8 size)
{
	switch (size) {
	case 1:
		return (s8)value;
	case 2:
		return (s16)value;
	default:
		return (s32)value;
	}
}

/*
 * A range whose members share every bit above the low @size bytes keeps
 * its order in those bytes; sign extension keeps it a range as long as
 * the ends agree in sign. Otherwise only the width's limits are known.
 */
void kbpf_reg_sext(struct kbpf_reg_state *reg, u8 size)
{
	u32 bits = size * 8;
	s64 lo, hi, a, b;

	if (size >= KBPF_REG_SIZE)
		return;
	if (kbpf_tnum_is_const(reg->var_off)) {
		kbpf_reg_set_const(reg, kbpf_sext_bytes(reg->var_off.value,
							size));
		return;
	}
	if (((u64)reg->smin_value >> bits) == ((u64)reg->smax_value >> bits)) {
		a = kbpf_sext_bytes(reg->smin_value, size);
		b = kbpf_sext_bytes(reg->smax_value, size);
		lo = min(a, b);
		hi = max(a, b);
		if (lo >= 0 || hi < 0) {
			reg->smin_value = lo;
			reg->smax_value = hi;
			reg->s32_min_value = lo;
			reg->s32_max_value = hi;
			reg->umin_value = lo;
			reg->umax_value = hi;
			reg->u32_min_value = lo;
			reg->u32_max_value = hi;
			reg->var_off = kbpf_tnum_range(lo, hi);
			return;
		}
	}
	hi = (s64)(BIT_ULL(bits - 1) - 1);
	reg->smin_value = -hi - 1;
	reg->smax_value = hi;
	reg->s32_min_value = -hi - 1;
	reg->s32_max_value = hi;
	reg->umin_value = 0;
	reg->umax_value = U64_MAX;
	reg->u32_min_value = 0;
	reg->u32_max_value = U32_MAX;
	reg->var_off = KBPF_TNUM_UNKNOWN;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_reg_sext);

/* As kbpf_reg_sext() within the subregister, then zero-extended. */
void kbpf_reg_sext32(struct kbpf_reg_state *reg, u8 size)
{
	u32 bits = size * 8;
	s32 lo, hi, a, b;

	if (size >= 4) {
		kbpf_reg_zext32(reg);
		return;
	}
	if (kbpf_tnum_is_const(reg->var_off)) {
		kbpf_reg_set_const32(reg, (u32)kbpf_sext_bytes(reg->var_off.value,
							       size));
		goto zext;
	}
	if (((u32)reg->s32_min_value >> bits) ==
	    ((u32)reg->s32_max_value >> bits)) {
		a = kbpf_sext_bytes(reg->s32_min_value, size);
		b = kbpf_sext_bytes(reg->s32_max_value, size);
		lo = min(a, b);
		hi = max(a, b);
		if (lo >= 0 || hi < 0) {
			reg->s32_min_value = lo;
			reg->s32_max_value = hi;
			reg->u32_min_value = lo;
			reg->u32_max_value = hi;
			reg->var_off = kbpf_tnum_subreg(kbpf_tnum_range(lo, hi));
			goto zext;
		}
	}
	hi = (s32)(BIT(bits - 1) - 1);
	reg->s32_min_value = -hi - 1;
	reg->s32_max_value = hi;
	reg->u32_min_value = 0;
	reg->u32_max_value = U32_MAX;
	reg->var_off = kbpf_tnum_subreg(KBPF_TNUM_UNKNOWN);
zext:
	kbpf_reg_zext32(reg);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_reg_sext32);

/* ---- ALU transfer functions; @s never aliases @d ---- */

/* Signed ranges from unsigned ones that do not cross the sign bit. */
static void kbpf_signed_from_unsigned32(struct kbpf_reg_state *d)
{
	if ((s32)d->u32_min_value <= (s32)d->u32_max_value) {
		d->s32_min_value = d->u32_min_value;
		d->s32_max_value = d->u32_max_value;
	} else {
		d->s32_min_value = S32_MIN;
		d->s32_max_value = S32_MAX;
	}
}

static void kbpf_signed_from_unsigned64(struct kbpf_reg_state *d)
{
	if ((s64)d->umin_value <= (s64)d->umax_value) {
		d->smin_value = d->umin_value;
		d->smax_value = d->umax_value;
	} else {
		d->smin_value = S64_MIN;
		d->smax_value = S64_MAX;
	}
}

static void kbpf_alu_add(struct kbpf_reg_state *d,
			 const struct kbpf_reg_state *s)
{
	s32 smin32, smax32;
	u32 umin32, umax32;
	s64 smin, smax;
	u64 umin, umax;

	/* A sum of range ends that wraps allows every value. */
	if (check_add_overflow(d->s32_min_value, s->s32_min_value, &smin32) ||
	    check_add_overflow(d->s32_max_value, s->s32_max_value, &smax32)) {
		smin32 = S32_MIN;
		smax32 = S32_MAX;
	}
	if (check_add_overflow(d->u32_min_value, s->u32_min_value, &umin32) ||
	    check_add_overflow(d->u32_max_value, s->u32_max_value, &umax32)) {
		umin32 = 0;
		umax32 = U32_MAX;
	}
	if (check_add_overflow(d->smin_value, s->smin_value, &smin) ||
	    check_add_overflow(d->smax_value, s->smax_value, &smax)) {
		smin = S64_MIN;
		smax = S64_MAX;
	}
	if (check_add_overflow(d->umin_value, s->umin_value, &umin) ||
	    check_add_overflow(d->umax_value, s->umax_value, &umax)) {
		umin = 0;
		umax = U64_MAX;
	}
	d->s32_min_value = smin32;
	d->s32_max_value = smax32;
	d->u32_min_value = umin32;
	d->u32_max_value = umax32;
	d->smin_value = smin;
	d->smax_value = smax;
	d->umin_value = umin;
	d->umax_value = umax;
	d->var_off = kbpf_tnum_add(d->var_off, s->var_off);
}

static void kbpf_alu_sub(struct kbpf_reg_state *d,
			 const struct kbpf_reg_state *s)
{
	s32 smin32, smax32;
	s64 smin, smax;

	if (check_sub_overflow(d->s32_min_value, s->s32_max_value, &smin32) ||
	    check_sub_overflow(d->s32_max_value, s->s32_min_value, &smax32)) {
		smin32 = S32_MIN;
		smax32 = S32_MAX;
	}
	d->s32_min_value = smin32;
	d->s32_max_value = smax32;
	/* Unsigned: no wrap iff the least minuend covers the most subtrahend. */
	if (d->u32_min_value < s->u32_max_value) {
		d->u32_min_value = 0;
		d->u32_max_value = U32_MAX;
	} else {
		d->u32_min_value -= s->u32_max_value;
		d->u32_max_value -= s->u32_min_value;
	}

	if (check_sub_overflow(d->smin_value, s->smax_value, &smin) ||
	    check_sub_overflow(d->smax_value, s->smin_value, &smax)) {
		smin = S64_MIN;
		smax = S64_MAX;
	}
	d->smin_value = smin;
	d->smax_value = smax;
	if (d->umin_value < s->umax_value) {
		d->umin_value = 0;
		d->umax_value = U64_MAX;
	} else {
		d->umin_value -= s->umax_value;
		d->umax_value -= s->umin_value;
	}
	d->var_off = kbpf_tnum_sub(d->var_off, s->var_off);
}

/* Ranges multiply only for non-negative factors too small to wrap. */
static void kbpf_alu_mul(struct kbpf_reg_state *d,
			 const struct kbpf_reg_state *s)
{
	d->var_off = kbpf_tnum_mul(d->var_off, s->var_off);

	if (s->s32_min_value < 0 || d->s32_min_value < 0 ||
	    s->u32_max_value > U16_MAX || d->u32_max_value > U16_MAX) {
		kbpf_reg_unbound32(d);
	} else {
		d->u32_min_value *= s->u32_min_value;
		d->u32_max_value *= s->u32_max_value;
		if (d->u32_max_value > S32_MAX) {
			d->s32_min_value = S32_MIN;
			d->s32_max_value = S32_MAX;
		} else {
			d->s32_min_value = d->u32_min_value;
			d->s32_max_value = d->u32_max_value;
		}
	}

	if (s->smin_value < 0 || d->smin_value < 0 ||
	    s->umax_value > U32_MAX || d->umax_value > U32_MAX) {
		kbpf_reg_unbound64(d);
	} else {
		d->umin_value *= s->umin_value;
		d->umax_value *= s->umax_value;
		if (d->umax_value > S64_MAX) {
			d->smin_value = S64_MIN;
			d->smax_value = S64_MAX;
		} else {
			d->smin_value = d->umin_value;
			d->smax_value = d->umax_value;
		}
	}
}

/*
 * AND, OR and XOR (@op): var_off is exact per bit. Two known operands
 * give a known result; otherwise the unsigned ranges come from var_off
 * (AND's maximum also from the operands' maxima, OR's minimum from
 * their minima) and the signed ones from the unsigned ones.
 */
static void kbpf_alu_bitwise(struct kbpf_reg_state *d,
			     const struct kbpf_reg_state *s, u8 op)
{
	struct kbpf_tnum t32;
	bool known32, known64;

	if (op == KBPF_AND)
		d->var_off = kbpf_tnum_and(d->var_off, s->var_off);
	else if (op == KBPF_OR)
		d->var_off = kbpf_tnum_or(d->var_off, s->var_off);
	else
		d->var_off = kbpf_tnum_xor(d->var_off, s->var_off);
	t32 = kbpf_tnum_subreg(d->var_off);
	/* As Linux: the result and @s known, whatever @d was. */
	known32 = kbpf_tnum_is_const(t32) &&
		  kbpf_tnum_is_const(kbpf_tnum_subreg(s->var_off));
	known64 = kbpf_tnum_is_const(d->var_off) &&
		  kbpf_tnum_is_const(s->var_off);

	if (known32) {
		kbpf_reg_set_const32(d, t32.value);
	} else {
		if (op == KBPF_AND) {
			d->u32_min_value = t32.value;
			d->u32_max_value = min(d->u32_max_value,
					       s->u32_max_value);
		} else if (op == KBPF_OR) {
			d->u32_min_value = max(d->u32_min_value,
					       s->u32_min_value);
			d->u32_max_value = t32.value | t32.mask;
		} else {
			d->u32_min_value = t32.value;
			d->u32_max_value = t32.value | t32.mask;
		}
		kbpf_signed_from_unsigned32(d);
	}

	if (known64) {
		kbpf_reg_set_const(d, d->var_off.value);
		return;
	}
	if (op == KBPF_AND) {
		d->umin_value = d->var_off.value;
		d->umax_value = min(d->umax_value, s->umax_value);
	} else if (op == KBPF_OR) {
		d->umin_value = max(d->umin_value, s->umin_value);
		d->umax_value = d->var_off.value | d->var_off.mask;
	} else {
		d->umin_value = d->var_off.value;
		d->umax_value = d->var_off.value | d->var_off.mask;
	}
	kbpf_signed_from_unsigned64(d);
	kbpf_bounds_from_tnum(d);
}

/*
 * Shifts get a known amount @n < width. Left shifts keep unsigned
 * ranges that cannot lose a set bit; "<< 32" keeps the s32 range as the
 * s64 one (the sign-extension idiom "<<32 s>>32").
 */
static void kbpf_lsh32_ranges(struct kbpf_reg_state *d, u64 n)
{
	d->s32_min_value = S32_MIN;
	d->s32_max_value = S32_MAX;
	if (n > 31 || d->u32_max_value > 1ULL << (31 - n)) {
		d->u32_min_value = 0;
		d->u32_max_value = U32_MAX;
	} else {
		d->u32_min_value <<= n;
		d->u32_max_value <<= n;
	}
}

static void kbpf_alu_lsh(struct kbpf_reg_state *d, u64 n, bool is64)
{
	if (!is64) {
		kbpf_lsh32_ranges(d, n);
		d->var_off = kbpf_tnum_subreg(d->var_off);
		d->var_off = kbpf_tnum_subreg(kbpf_tnum_lshift(d->var_off, n));
		kbpf_reg_unbound64(d);
		kbpf_bounds_from_tnum(d);
		return;
	}
	if (n == 32) {
		d->smin_value = (s64)((u64)(s64)d->s32_min_value << 32);
		d->smax_value = (s64)((u64)(s64)d->s32_max_value << 32);
	} else {
		d->smin_value = S64_MIN;
		d->smax_value = S64_MAX;
	}
	if (d->umax_value > 1ULL << (63 - n)) {
		d->umin_value = 0;
		d->umax_value = U64_MAX;
	} else {
		d->umin_value <<= n;
		d->umax_value <<= n;
	}
	kbpf_lsh32_ranges(d, n);
	d->var_off = kbpf_tnum_lshift(d->var_off, n);
	kbpf_bounds_from_tnum(d);
}

/* A logical right shift may clear the sign: signed ranges restart. */
static void kbpf_alu_rsh(struct kbpf_reg_state *d, u64 n, bool is64)
{
	if (!is64) {
		d->s32_min_value = S32_MIN;
		d->s32_max_value = S32_MAX;
		d->var_off = kbpf_tnum_rshift(kbpf_tnum_subreg(d->var_off), n);
		d->u32_min_value >>= n;
		d->u32_max_value >>= n;
		kbpf_reg_unbound64(d);
	} else {
		d->smin_value = S64_MIN;
		d->smax_value = S64_MAX;
		d->var_off = kbpf_tnum_rshift(d->var_off, n);
		d->umin_value >>= n;
		d->umax_value >>= n;
		kbpf_reg_unbound32(d);
	}
	kbpf_bounds_from_tnum(d);
}

/* An arithmetic shift keeps signed order; unsigned ranges restart. */
static void kbpf_alu_arsh(struct kbpf_reg_state *d, u64 n, bool is64)
{
	if (!is64) {
		d->s32_min_value >>= n;
		d->s32_max_value >>= n;
		d->var_off = kbpf_tnum_arshift(kbpf_tnum_subreg(d->var_off),
					       n, 32);
		d->u32_min_value = 0;
		d->u32_max_value = U32_MAX;
		kbpf_reg_unbound64(d);
	} else {
		d->smin_value >>= n;
		d->smax_value >>= n;
		d->var_off = kbpf_tnum_arshift(d->var_off, n, 64);
		d->umin_value = 0;
		d->umax_value = U64_MAX;
		kbpf_reg_unbound32(d);
	}
	kbpf_bounds_from_tnum(d);
}

/* Linux tracks a shift only by a known amount below the width. */
static bool kbpf_shift_known(const struct kbpf_reg_state *s, bool is64)
{
	struct kbpf_tnum t = s->var_off;

	if (is64)
		return kbpf_tnum_is_const(t) && s->smin_value == s->smax_value &&
		       s->umin_value == s->umax_value && s->umax_value < 64;
	return kbpf_tnum_is_const(kbpf_tnum_subreg(t)) &&
	       s->s32_min_value == s->s32_max_value &&
	       s->u32_min_value == s->u32_max_value && s->umax_value < 32;
}

static void kbpf_alu_mov(const struct kbpf_insn *insn,
			 struct kbpf_reg_state *d,
			 const struct kbpf_reg_state *s, bool is64)
{
	*d = *s;
	d->type = KBPF_SCALAR_VALUE;
	d->off = 0;
	d->id = 0;
	d->ref_obj_id = 0;
	d->frameno = 0;
	if (is64) {
		if (insn->off == 8 || insn->off == 16 || insn->off == 32)
			kbpf_reg_sext(d, insn->off / 8);
		return;
	}
	if (insn->off == 8 || insn->off == 16)
		kbpf_reg_sext32(d, insn->off / 8);
	else
		kbpf_reg_zext32(d);
}

void kbpf_scalar_alu(const struct kbpf_insn *insn, struct kbpf_reg_state *dst,
		     const struct kbpf_reg_state *src)
{
	bool is64 = KBPF_CLASS(insn->code) == KBPF_ALU64;
	struct kbpf_reg_state s = *src;	/* @src may be @dst */
	u8 op = KBPF_OP(insn->code);
	u64 n;

	switch (op) {
	case KBPF_MOV:
		kbpf_alu_mov(insn, dst, &s, is64);
		return;
	case KBPF_ADD:
		kbpf_alu_add(dst, &s);
		break;
	case KBPF_SUB:
		kbpf_alu_sub(dst, &s);
		break;
	case KBPF_MUL:
		kbpf_alu_mul(dst, &s);
		break;
	case KBPF_AND:
	case KBPF_OR:
	case KBPF_XOR:
		kbpf_alu_bitwise(dst, &s, op);
		break;
	case KBPF_LSH:
	case KBPF_RSH:
	case KBPF_ARSH:
		if (!kbpf_shift_known(&s, is64))
			goto unknown;
		n = is64 ? s.umin_value : s.u32_min_value;
		if (op == KBPF_LSH)
			kbpf_alu_lsh(dst, n, is64);
		else if (op == KBPF_RSH)
			kbpf_alu_rsh(dst, n, is64);
		else
			kbpf_alu_arsh(dst, n, is64);
		break;
	default:
		/*
		 * DIV, MOD, NEG and END: Linux 6.12 tracks none of them,
		 * not even for known operands, and leaves all 64 bits
		 * unknown in their 32-bit forms too.
		 */
		goto unknown;
	}
	dst->id = 0;
	if (!is64)
		kbpf_reg_assign32(dst);
	kbpf_reg_bounds_sync(dst);
	return;
unknown:
	kbpf_reg_mark_unknown(dst);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_scalar_alu);

bool kbpf_scalar_range_within(const struct kbpf_reg_state *old,
			      const struct kbpf_reg_state *cur)
{
	return old->umin_value <= cur->umin_value &&
	       old->umax_value >= cur->umax_value &&
	       old->smin_value <= cur->smin_value &&
	       old->smax_value >= cur->smax_value &&
	       old->u32_min_value <= cur->u32_min_value &&
	       old->u32_max_value >= cur->u32_max_value &&
	       old->s32_min_value <= cur->s32_min_value &&
	       old->s32_max_value >= cur->s32_max_value &&
	       kbpf_tnum_in(old->var_off, cur->var_off);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_scalar_range_within);
