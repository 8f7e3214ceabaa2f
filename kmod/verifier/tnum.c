// SPDX-License-Identifier: GPL-2.0
/*
 * Tristate numbers. Every operation is sound: for any x in @a and y in
 * @b, "x op y" is in the result. Results follow Linux's tnum.c bit for
 * bit, since the verifier log prints them.
 */

#include <linux/bitops.h>
#include <linux/kernel.h>

#include "../compat.h"
#include "tnum.h"

struct kbpf_tnum kbpf_tnum_const(u64 value)
{
	return KBPF_TNUM(value, 0);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_const);

struct kbpf_tnum kbpf_tnum_range(u64 min, u64 max)
{
	/* Bits at and below the highest one where min and max differ vary. */
	unsigned int bits = fls64(min ^ max);
	u64 low;

	if (bits >= 64)
		return KBPF_TNUM_UNKNOWN;
	low = (1ULL << bits) - 1;
	return KBPF_TNUM(min & ~low, low);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_range);

/*
 * The sum of the smallest members and the sum of the largest ones: a bit
 * where they differ has seen a carry that depends on unknown bits.
 */
struct kbpf_tnum kbpf_tnum_add(struct kbpf_tnum a, struct kbpf_tnum b)
{
	u64 lo = a.value + b.value;
	u64 hi = lo + (a.mask + b.mask);
	u64 unknown = (lo ^ hi) | a.mask | b.mask;

	return KBPF_TNUM(lo & ~unknown, unknown);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_add);

/* Largest minus smallest against smallest minus largest, as for add. */
struct kbpf_tnum kbpf_tnum_sub(struct kbpf_tnum a, struct kbpf_tnum b)
{
	u64 diff = a.value - b.value;
	u64 unknown = ((diff + a.mask) ^ (diff - b.mask)) | a.mask | b.mask;

	return KBPF_TNUM(diff & ~unknown, unknown);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_sub);

struct kbpf_tnum kbpf_tnum_neg(struct kbpf_tnum a)
{
	return kbpf_tnum_sub(kbpf_tnum_const(0), a);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_neg);

struct kbpf_tnum kbpf_tnum_and(struct kbpf_tnum a, struct kbpf_tnum b)
{
	u64 ones = a.value & b.value;
	u64 maybe = (a.value | a.mask) & (b.value | b.mask);

	return KBPF_TNUM(ones, maybe & ~ones);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_and);

struct kbpf_tnum kbpf_tnum_or(struct kbpf_tnum a, struct kbpf_tnum b)
{
	u64 ones = a.value | b.value;

	return KBPF_TNUM(ones, (a.mask | b.mask) & ~ones);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_or);

struct kbpf_tnum kbpf_tnum_xor(struct kbpf_tnum a, struct kbpf_tnum b)
{
	u64 unknown = a.mask | b.mask;

	return KBPF_TNUM((a.value ^ b.value) & ~unknown, unknown);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_xor);

/*
 * Long multiplication: the known parts multiply exactly; every bit of @a
 * that is 1 or unknown adds @b's uncertain bits (all of @b's possibly-set
 * bits for an unknown bit of @a), shifted into place, to an uncertainty
 * accumulated with tnum addition (see arXiv:2105.05398).
 */
struct kbpf_tnum kbpf_tnum_mul(struct kbpf_tnum a, struct kbpf_tnum b)
{
	struct kbpf_tnum fuzz = kbpf_tnum_const(0);
	u64 exact = a.value * b.value;

	for (; a.value | a.mask; a.value >>= 1, a.mask >>= 1,
	     b.value <<= 1, b.mask <<= 1) {
		if (a.value & 1)
			fuzz = kbpf_tnum_add(fuzz, KBPF_TNUM(0, b.mask));
		else if (a.mask & 1)
			fuzz = kbpf_tnum_add(fuzz,
					     KBPF_TNUM(0, b.value | b.mask));
	}
	return kbpf_tnum_add(kbpf_tnum_const(exact), fuzz);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_mul);

struct kbpf_tnum kbpf_tnum_lshift(struct kbpf_tnum a, u8 shift)
{
	return KBPF_TNUM(a.value << shift, a.mask << shift);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_lshift);

struct kbpf_tnum kbpf_tnum_rshift(struct kbpf_tnum a, u8 shift)
{
	return KBPF_TNUM(a.value >> shift, a.mask >> shift);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_rshift);

/* An unknown sign bit makes every bit it is copied into unknown. */
struct kbpf_tnum kbpf_tnum_arshift(struct kbpf_tnum a, u8 shift, u8 bits)
{
	if (bits == 32)
		return KBPF_TNUM((u32)((s32)(u32)a.value >> shift),
				 (u32)((s32)(u32)a.mask >> shift));
	return KBPF_TNUM((u64)((s64)a.value >> shift),
			 (u64)((s64)a.mask >> shift));
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_arshift);

/*
 * A bit known in either is known. Where @a and @b contradict each other
 * the result says 1: callers must know the two overlap.
 */
struct kbpf_tnum kbpf_tnum_intersect(struct kbpf_tnum a, struct kbpf_tnum b)
{
	u64 unknown = a.mask & b.mask;

	return KBPF_TNUM((a.value | b.value) & ~unknown, unknown);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_intersect);

struct kbpf_tnum kbpf_tnum_cast(struct kbpf_tnum a, u8 size)
{
	u64 keep = size >= 8 ? U64_MAX : (1ULL << (size * 8)) - 1;

	return KBPF_TNUM(a.value & keep, a.mask & keep);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_cast);

struct kbpf_tnum kbpf_tnum_subreg(struct kbpf_tnum a)
{
	return kbpf_tnum_cast(a, 4);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_subreg);

struct kbpf_tnum kbpf_tnum_clear_subreg(struct kbpf_tnum a)
{
	return KBPF_TNUM(a.value & ~(u64)U32_MAX, a.mask & ~(u64)U32_MAX);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_clear_subreg);

struct kbpf_tnum kbpf_tnum_with_subreg(struct kbpf_tnum reg,
				       struct kbpf_tnum subreg)
{
	return kbpf_tnum_or(kbpf_tnum_clear_subreg(reg),
			    kbpf_tnum_subreg(subreg));
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_with_subreg);

bool kbpf_tnum_is_aligned(struct kbpf_tnum a, u64 size)
{
	return !size || !((a.value | a.mask) & (size - 1));
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_is_aligned);

bool kbpf_tnum_in(struct kbpf_tnum a, struct kbpf_tnum b)
{
	/* @b may not leave open a bit @a fixes, nor fix one differently. */
	if (b.mask & ~a.mask)
		return false;
	return a.value == (b.value & ~a.mask);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_in);

/* Linux prints a known tnum as its number: decimal up to U16_MAX. */
int kbpf_tnum_str(char *buf, size_t size, struct kbpf_tnum a)
{
	if (a.mask)
		return snprintf(buf, size, "(%#llx; %#llx)", a.value, a.mask);
	if (a.value <= U16_MAX)
		return snprintf(buf, size, "%llu", a.value);
	return snprintf(buf, size, "%#llx", a.value);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tnum_str);
