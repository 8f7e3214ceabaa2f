/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tristate numbers: what is known of a 64-bit value bit by bit. A bit set
 * in @mask is unknown; a bit clear in @mask has the value of the same bit
 * of @value. Invariant: (@value & @mask) == 0.
 */
#ifndef _KBPF_VERIFIER_TNUM_H
#define _KBPF_VERIFIER_TNUM_H

#include <linux/types.h>

struct kbpf_tnum {
	u64 value;
	u64 mask;
};

#define KBPF_TNUM(_v, _m)	((struct kbpf_tnum){ .value = (_v), .mask = (_m) })
#define KBPF_TNUM_UNKNOWN	KBPF_TNUM(0, U64_MAX)

struct kbpf_tnum kbpf_tnum_const(u64 value);
/* The smallest tnum holding every value of [min, max] (unsigned). */
struct kbpf_tnum kbpf_tnum_range(u64 min, u64 max);

struct kbpf_tnum kbpf_tnum_add(struct kbpf_tnum a, struct kbpf_tnum b);
struct kbpf_tnum kbpf_tnum_sub(struct kbpf_tnum a, struct kbpf_tnum b);
struct kbpf_tnum kbpf_tnum_neg(struct kbpf_tnum a);
struct kbpf_tnum kbpf_tnum_and(struct kbpf_tnum a, struct kbpf_tnum b);
struct kbpf_tnum kbpf_tnum_or(struct kbpf_tnum a, struct kbpf_tnum b);
struct kbpf_tnum kbpf_tnum_xor(struct kbpf_tnum a, struct kbpf_tnum b);
struct kbpf_tnum kbpf_tnum_mul(struct kbpf_tnum a, struct kbpf_tnum b);
struct kbpf_tnum kbpf_tnum_lshift(struct kbpf_tnum a, u8 shift);
struct kbpf_tnum kbpf_tnum_rshift(struct kbpf_tnum a, u8 shift);
/* Arithmetic shift of the low @bits (32 or 64) bits. */
struct kbpf_tnum kbpf_tnum_arshift(struct kbpf_tnum a, u8 shift, u8 bits);
/* Values both describe (their meet); sound only if they overlap. */
struct kbpf_tnum kbpf_tnum_intersect(struct kbpf_tnum a, struct kbpf_tnum b);
/* Truncated to its low @size bytes (1, 2, 4 or 8), zero-extended. */
struct kbpf_tnum kbpf_tnum_cast(struct kbpf_tnum a, u8 size);

/* The low 32 bits, zero-extended; the high 32 bits with low zeroed. */
struct kbpf_tnum kbpf_tnum_subreg(struct kbpf_tnum a);
struct kbpf_tnum kbpf_tnum_clear_subreg(struct kbpf_tnum a);
/* @reg's high 32 bits with the low 32 bits of @subreg. */
struct kbpf_tnum kbpf_tnum_with_subreg(struct kbpf_tnum reg,
				       struct kbpf_tnum subreg);

static inline bool kbpf_tnum_is_const(struct kbpf_tnum a)
{
	return !a.mask;
}

static inline bool kbpf_tnum_equals_const(struct kbpf_tnum a, u64 b)
{
	return !a.mask && a.value == b;
}

static inline bool kbpf_tnum_is_unknown(struct kbpf_tnum a)
{
	return !~a.mask;
}

/* Every value @a can hold is a multiple of @size (a power of two). */
bool kbpf_tnum_is_aligned(struct kbpf_tnum a, u64 size);
/* Every value @b can hold, @a can hold too. */
bool kbpf_tnum_in(struct kbpf_tnum a, struct kbpf_tnum b);

/* "(0x0; 0xff)" as Linux's tnum_strn(); returns the length. */
int kbpf_tnum_str(char *buf, size_t size, struct kbpf_tnum a);

#endif /* _KBPF_VERIFIER_TNUM_H */
