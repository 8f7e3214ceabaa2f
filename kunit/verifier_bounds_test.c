// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the verifier's scalar tracking. Tables of tnum operations, ALU
 * results and branch refinements whose exact outcome Linux 6.12 fixes,
 * then randomized soundness checks: for abstract scalars built around
 * known members, the concrete result of every ALU operation (computed as
 * the interpreter does) and every pair satisfying a condition must stay
 * members of what the verifier derives. The generator is seeded, so a
 * failure repeats.
 */

#include <kunit/test.h>
#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/swab.h>

#include "../kmod/compat.h"
#include "../kmod/verifier/state.h"
#include "../uapi/linux/kbpf.h"

#define KT_JSET_FALSE	(KBPF_JSET | KBPF_X)	/* kbpf_branch_negate(JSET) */

/* ---- helpers ---- */

static bool kt_member(const struct kbpf_reg_state *r, u64 v)
{
	return v >= r->umin_value && v <= r->umax_value &&
	       (s64)v >= r->smin_value && (s64)v <= r->smax_value &&
	       (u32)v >= r->u32_min_value && (u32)v <= r->u32_max_value &&
	       (s32)v >= r->s32_min_value && (s32)v <= r->s32_max_value &&
	       (v & ~r->var_off.mask) == r->var_off.value;
}

static void kt_print_reg(struct kunit *test, const char *name,
			 const struct kbpf_reg_state *r)
{
	kunit_info(test, "%s: u64=[%#llx, %#llx] s64=[%lld, %lld] u32=[%#x, %#x] s32=[%d, %d] var_off=(%#llx; %#llx)\n",
		   name, r->umin_value, r->umax_value, r->smin_value,
		   r->smax_value, r->u32_min_value, r->u32_max_value,
		   r->s32_min_value, r->s32_max_value, r->var_off.value,
		   r->var_off.mask);
}

static struct kbpf_reg_state kt_const(u64 v)
{
	struct kbpf_reg_state r;

	kbpf_reg_mark_known(&r, v);
	return r;
}

static struct kbpf_reg_state kt_unknown(void)
{
	struct kbpf_reg_state r;

	kbpf_reg_mark_unknown(&r);
	return r;
}

/* An unsigned 64-bit range, synced. */
static struct kbpf_reg_state kt_urange(u64 lo, u64 hi)
{
	struct kbpf_reg_state r = kt_unknown();

	r.umin_value = lo;
	r.umax_value = hi;
	kbpf_reg_bounds_sync(&r);
	return r;
}

static struct kbpf_insn kt_insn(u8 code, s16 off, s32 imm)
{
	return (struct kbpf_insn){ .code = code, .off = off, .imm = imm };
}

/* ---- the interpreter's arithmetic (kmod/prog/interp.c) ---- */

static u64 kt_div64(u64 a, u64 b, bool sign)
{
	if (!b)
		return 0;
	if (!sign)
		return div64_u64(a, b);
	if (b == (u64)-1)
		return -a;
	return div64_s64(a, b);
}

static u64 kt_mod64(u64 a, u64 b, bool sign)
{
	u64 rem;

	if (!b)
		return a;
	if (!sign) {
		div64_u64_rem(a, b, &rem);
		return rem;
	}
	if (b == (u64)-1)
		return 0;
	return a - div64_s64(a, b) * b;
}

static u32 kt_div32(u32 a, u32 b, bool sign)
{
	if (!b)
		return 0;
	if (!sign)
		return a / b;
	if (b == (u32)-1)
		return -a;
	return (s32)a / (s32)b;
}

static u32 kt_mod32(u32 a, u32 b, bool sign)
{
	if (!b)
		return a;
	if (!sign)
		return a % b;
	if (b == (u32)-1)
		return 0;
	return (s32)a % (s32)b;
}

static u64 kt_end(const struct kbpf_insn *insn, u64 d)
{
	bool bswap = KBPF_CLASS(insn->code) == KBPF_ALU64;

	if (bswap) {
		if (insn->imm == 16)
			return __swab16(d);
		return insn->imm == 32 ? __swab32(d) : __swab64(d);
	}
	if (KBPF_SRC(insn->code) == KBPF_TO_BE) {
		if (insn->imm == 16)
			return (__force u16)cpu_to_be16(d);
		if (insn->imm == 32)
			return (__force u32)cpu_to_be32(d);
		return (__force u64)cpu_to_be64(d);
	}
	if (insn->imm == 16)
		return (__force u16)cpu_to_le16(d);
	if (insn->imm == 32)
		return (__force u32)cpu_to_le32(d);
	return (__force u64)cpu_to_le64(d);
}

static u64 kt_alu64(const struct kbpf_insn *insn, u64 d, u64 s)
{
	bool sign = insn->off == 1;

	switch (KBPF_OP(insn->code)) {
	case KBPF_ADD:	return d + s;
	case KBPF_SUB:	return d - s;
	case KBPF_MUL:	return d * s;
	case KBPF_DIV:	return kt_div64(d, s, sign);
	case KBPF_MOD:	return kt_mod64(d, s, sign);
	case KBPF_OR:	return d | s;
	case KBPF_AND:	return d & s;
	case KBPF_XOR:	return d ^ s;
	case KBPF_LSH:	return d << (s & 63);
	case KBPF_RSH:	return d >> (s & 63);
	case KBPF_ARSH:	return (s64)d >> (s & 63);
	case KBPF_NEG:	return -d;
	case KBPF_END:	return kt_end(insn, d);
	case KBPF_MOV:
		switch (insn->off) {
		case 8:		return (s8)s;
		case 16:	return (s16)s;
		case 32:	return (s32)s;
		}
		return s;
	}
	return 0;
}

static u64 kt_alu32(const struct kbpf_insn *insn, u64 d, u64 s)
{
	bool sign = insn->off == 1;
	u32 a = d, b = s;

	switch (KBPF_OP(insn->code)) {
	case KBPF_ADD:	return (u32)(a + b);
	case KBPF_SUB:	return (u32)(a - b);
	case KBPF_MUL:	return (u32)(a * b);
	case KBPF_DIV:	return kt_div32(a, b, sign);
	case KBPF_MOD:	return kt_mod32(a, b, sign);
	case KBPF_OR:	return a | b;
	case KBPF_AND:	return a & b;
	case KBPF_XOR:	return a ^ b;
	case KBPF_LSH:	return (u32)(a << (b & 31));
	case KBPF_RSH:	return a >> (b & 31);
	case KBPF_ARSH:	return (u32)((s32)a >> (b & 31));
	case KBPF_NEG:	return (u32)-a;
	case KBPF_END:	return kt_end(insn, d);
	case KBPF_MOV:
		switch (insn->off) {
		case 8:		return (u32)(s8)b;
		case 16:	return (u32)(s16)b;
		}
		return b;
	}
	return 0;
}

static u64 kt_alu(const struct kbpf_insn *insn, u64 d, u64 s)
{
	if (KBPF_CLASS(insn->code) == KBPF_ALU64)
		return kt_alu64(insn, d, s);
	return kt_alu32(insn, d, s);
}

static bool kt_cond(u64 a, u64 b, u8 op, bool jmp32)
{
	s64 sa = jmp32 ? (s32)a : (s64)a, sb = jmp32 ? (s32)b : (s64)b;

	if (jmp32) {
		a = (u32)a;
		b = (u32)b;
	}
	switch (op) {
	case KBPF_JEQ:	return a == b;
	case KBPF_JNE:	return a != b;
	case KBPF_JSET:	return a & b;
	case KT_JSET_FALSE: return !(a & b);
	case KBPF_JGT:	return a > b;
	case KBPF_JGE:	return a >= b;
	case KBPF_JLT:	return a < b;
	case KBPF_JLE:	return a <= b;
	case KBPF_JSGT:	return sa > sb;
	case KBPF_JSGE:	return sa >= sb;
	case KBPF_JSLT:	return sa < sb;
	case KBPF_JSLE:	return sa <= sb;
	}
	return false;
}

/* ---- tnums ---- */

static void kbpf_bounds_tnum_test(struct kunit *test)
{
	struct kbpf_tnum t;
	char buf[48];

	t = kbpf_tnum_range(0, 5);
	KUNIT_EXPECT_EQ(test, t.value, 0ULL);
	KUNIT_EXPECT_EQ(test, t.mask, 7ULL);
	t = kbpf_tnum_range(16, 31);
	KUNIT_EXPECT_EQ(test, t.value, 16ULL);
	KUNIT_EXPECT_EQ(test, t.mask, 15ULL);
	t = kbpf_tnum_range(42, 42);
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_equals_const(t, 42));
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_is_unknown(kbpf_tnum_range(0, U64_MAX)));
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_is_unknown(kbpf_tnum_range(1, 1ULL << 63)));

	t = kbpf_tnum_add(KBPF_TNUM(0, 1), KBPF_TNUM(0, 1));
	KUNIT_EXPECT_EQ(test, t.value, 0ULL);
	KUNIT_EXPECT_EQ(test, t.mask, 3ULL);
	t = kbpf_tnum_add(kbpf_tnum_const(3), kbpf_tnum_const(4));
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_equals_const(t, 7));
	t = kbpf_tnum_sub(kbpf_tnum_const(3), kbpf_tnum_const(4));
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_equals_const(t, U64_MAX));
	t = kbpf_tnum_neg(kbpf_tnum_const(1));
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_equals_const(t, U64_MAX));
	t = kbpf_tnum_mul(kbpf_tnum_const(6), kbpf_tnum_const(7));
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_equals_const(t, 42));
	/* x in {0, 1} times 4: {0, 4} */
	t = kbpf_tnum_mul(KBPF_TNUM(0, 1), kbpf_tnum_const(4));
	KUNIT_EXPECT_EQ(test, t.value, 0ULL);
	KUNIT_EXPECT_EQ(test, t.mask, 4ULL);

	t = kbpf_tnum_and(KBPF_TNUM_UNKNOWN, kbpf_tnum_const(0xff));
	KUNIT_EXPECT_EQ(test, t.value, 0ULL);
	KUNIT_EXPECT_EQ(test, t.mask, 0xffULL);
	t = kbpf_tnum_or(KBPF_TNUM(0, 0xff), kbpf_tnum_const(0x0f));
	KUNIT_EXPECT_EQ(test, t.value, 0x0fULL);
	KUNIT_EXPECT_EQ(test, t.mask, 0xf0ULL);
	t = kbpf_tnum_xor(KBPF_TNUM(0x10, 0x01), kbpf_tnum_const(0x11));
	KUNIT_EXPECT_EQ(test, t.value, 0ULL);
	KUNIT_EXPECT_EQ(test, t.mask, 1ULL);

	t = kbpf_tnum_lshift(KBPF_TNUM(1, 2), 4);
	KUNIT_EXPECT_EQ(test, t.value, 0x10ULL);
	KUNIT_EXPECT_EQ(test, t.mask, 0x20ULL);
	t = kbpf_tnum_rshift(KBPF_TNUM(0x10, 0x20), 4);
	KUNIT_EXPECT_EQ(test, t.value, 1ULL);
	KUNIT_EXPECT_EQ(test, t.mask, 2ULL);
	t = kbpf_tnum_arshift(kbpf_tnum_const(0x80000000), 4, 32);
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_equals_const(t, 0xf8000000));
	/* An unknown sign fills every bit it reaches; bit 0 was bit 62. */
	t = kbpf_tnum_arshift(KBPF_TNUM(0, 1ULL << 63), 62, 64);
	KUNIT_EXPECT_EQ(test, t.value, 0ULL);
	KUNIT_EXPECT_EQ(test, t.mask, ~1ULL);

	t = kbpf_tnum_intersect(KBPF_TNUM(0, 0xff), KBPF_TNUM(0x10, 0xf0f));
	KUNIT_EXPECT_EQ(test, t.value, 0x10ULL);
	KUNIT_EXPECT_EQ(test, t.mask, 0x0fULL);
	t = kbpf_tnum_cast(KBPF_TNUM(0x1234, 0xff0000), 2);
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_equals_const(t, 0x1234));
	t = kbpf_tnum_cast(KBPF_TNUM(0x1234, 0xff0000), 8);
	KUNIT_EXPECT_EQ(test, t.mask, 0xff0000ULL);
	t = kbpf_tnum_subreg(KBPF_TNUM(0x100000001ULL, 0xe00000000ULL));
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_equals_const(t, 1));
	t = kbpf_tnum_clear_subreg(KBPF_TNUM(0x100000001ULL, 0xe00000000ULL));
	KUNIT_EXPECT_EQ(test, t.value, 0x100000000ULL);
	KUNIT_EXPECT_EQ(test, t.mask, 0xe00000000ULL);
	t = kbpf_tnum_with_subreg(KBPF_TNUM(0x100000001ULL, 0),
				  KBPF_TNUM(0x200000002ULL, 1));
	KUNIT_EXPECT_EQ(test, t.value, 0x100000002ULL);
	KUNIT_EXPECT_EQ(test, t.mask, 1ULL);

	KUNIT_EXPECT_TRUE(test, kbpf_tnum_in(KBPF_TNUM(0, 0xff), KBPF_TNUM(4, 3)));
	KUNIT_EXPECT_FALSE(test, kbpf_tnum_in(KBPF_TNUM(4, 3), KBPF_TNUM(0, 0xff)));
	KUNIT_EXPECT_FALSE(test, kbpf_tnum_in(KBPF_TNUM(0, 0xf), kbpf_tnum_const(0x10)));
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_is_aligned(KBPF_TNUM(8, 0x30), 8));
	KUNIT_EXPECT_FALSE(test, kbpf_tnum_is_aligned(KBPF_TNUM(8, 0x34), 8));
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_is_aligned(KBPF_TNUM(1, 0), 0));

	kbpf_tnum_str(buf, sizeof(buf), KBPF_TNUM(0, 0xff));
	KUNIT_EXPECT_STREQ(test, buf, "(0x0; 0xff)");
	kbpf_tnum_str(buf, sizeof(buf), KBPF_TNUM(0x10, 0xf00));
	KUNIT_EXPECT_STREQ(test, buf, "(0x10; 0xf00)");
	kbpf_tnum_str(buf, sizeof(buf), kbpf_tnum_const(65535));
	KUNIT_EXPECT_STREQ(test, buf, "65535");
	kbpf_tnum_str(buf, sizeof(buf), kbpf_tnum_const(65536));
	KUNIT_EXPECT_STREQ(test, buf, "0x10000");
}

/* ---- exact ALU results ---- */

/* An operand of the tables: a constant, a range or nothing known. */
enum { KT_ANY, KT_CONST, KT_URANGE, KT_SRANGE };

struct kt_spec {
	u8 kind;
	u64 lo, hi;
};

#define KT_K(v)		{ KT_CONST, (v) }
#define KT_U(a, b)	{ KT_URANGE, (a), (b) }
#define KT_S(a, b)	{ KT_SRANGE, (u64)(a), (u64)(b) }
#define KT_UNK		{ KT_ANY }

static struct kbpf_reg_state kt_spec_reg(const struct kt_spec *spec)
{
	struct kbpf_reg_state r = kt_unknown();

	switch (spec->kind) {
	case KT_CONST:
		return kt_const(spec->lo);
	case KT_URANGE:
		return kt_urange(spec->lo, spec->hi);
	case KT_SRANGE:
		r.smin_value = spec->lo;
		r.smax_value = spec->hi;
		kbpf_reg_bounds_sync(&r);
		break;
	}
	return r;
}

/* The expected result: a constant, or the 64-bit ranges and var_off. */
struct kt_want {
	u64 umin, umax;
	s64 smin, smax;
	u64 value, mask;
	bool known;
	u64 k;
};

#define KT_IS(v)	{ .known = true, .k = (v) }
#define KT_ANY_RESULT	{ 0, U64_MAX, S64_MIN, S64_MAX, 0, U64_MAX }

struct kt_alu_case {
	const char *name;
	u8 code;
	s16 off;
	struct kt_spec dst, src;
	struct kt_want want;
};

#define KT_ALU(c)	(KBPF_ALU | (c))
#define KT_ALU64(c)	(KBPF_ALU64 | (c))

static const struct kt_alu_case kt_alu_cases[] = {
	{ "5 + 7", KT_ALU64(KBPF_ADD | KBPF_X), 0, KT_K(5), KT_K(7), KT_IS(12) },
	{ "5 - 7", KT_ALU64(KBPF_SUB | KBPF_X), 0, KT_K(5), KT_K(7),
	  KT_IS(-2ULL) },
	{ "w: 5 - 7", KT_ALU(KBPF_SUB | KBPF_X), 0, KT_K(5), KT_K(7),
	  KT_IS(0xfffffffeULL) },
	{ "w: U32_MAX + 1", KT_ALU(KBPF_ADD | KBPF_X), 0, KT_K(U32_MAX),
	  KT_K(1), KT_IS(0) },
	{ "5 * 7", KT_ALU64(KBPF_MUL | KBPF_X), 0, KT_K(5), KT_K(7), KT_IS(35) },
	{ "5 ^ 7", KT_ALU64(KBPF_XOR | KBPF_X), 0, KT_K(5), KT_K(7), KT_IS(2) },
	{ "5 | 7", KT_ALU64(KBPF_OR | KBPF_X), 0, KT_K(5), KT_K(7), KT_IS(7) },
	{ "5 << 4", KT_ALU64(KBPF_LSH | KBPF_X), 0, KT_K(5), KT_K(4),
	  KT_IS(80) },
	{ "-8 s>> 1", KT_ALU64(KBPF_ARSH | KBPF_X), 0, KT_K(-8ULL), KT_K(1),
	  KT_IS(-4ULL) },
	{ "w: -8 s>> 1", KT_ALU(KBPF_ARSH | KBPF_X), 0, KT_K(-8ULL), KT_K(1),
	  KT_IS(0xfffffffcULL) },
	{ "-8 >> 1", KT_ALU64(KBPF_RSH | KBPF_X), 0, KT_K(-8ULL), KT_K(1),
	  KT_IS(-8ULL >> 1) },
	{ "unknown & 0xff", KT_ALU64(KBPF_AND | KBPF_X), 0, KT_UNK,
	  KT_K(0xff), { 0, 255, 0, 255, 0, 0xff } },
	{ "w: unknown & 0xff", KT_ALU(KBPF_AND | KBPF_X), 0, KT_UNK,
	  KT_K(0xff), { 0, 255, 0, 255, 0, 0xff } },
	{ "[0,100] + [10,20]", KT_ALU64(KBPF_ADD | KBPF_X), 0,
	  KT_U(0, 100), KT_U(10, 20), { 10, 120, 10, 120, 0, 0x7f } },
	{ "[10,20] - [0,100]", KT_ALU64(KBPF_SUB | KBPF_X), 0,
	  KT_U(10, 20), KT_U(0, 100), { 0, U64_MAX, -90, 20, 0, U64_MAX } },
	{ "[0,100] * [10,20]", KT_ALU64(KBPF_MUL | KBPF_X), 0,
	  KT_U(0, 100), KT_U(10, 20), { 0, 2000, 0, 2000, 0, 0x7ff } },
	{ "[0,255] << 4", KT_ALU64(KBPF_LSH | KBPF_X), 0, KT_U(0, 255),
	  KT_K(4), { 0, 0xff0, 0, 0xff0, 0, 0xff0 } },
	{ "[0,255] >> 4", KT_ALU64(KBPF_RSH | KBPF_X), 0, KT_U(0, 255),
	  KT_K(4), { 0, 0xf, 0, 0xf, 0, 0xf } },
	{ "[-4,3] s>> 1", KT_ALU64(KBPF_ARSH | KBPF_X), 0, KT_S(-4, 3),
	  KT_K(1), { 0, U64_MAX, -2, 1, 0, U64_MAX } },
	{ "x << unknown", KT_ALU64(KBPF_LSH | KBPF_X), 0, KT_U(0, 255),
	  KT_UNK, KT_ANY_RESULT },
	{ "x << 64", KT_ALU64(KBPF_LSH | KBPF_X), 0, KT_U(0, 255), KT_K(64),
	  KT_ANY_RESULT },
	{ "w: x << 32", KT_ALU(KBPF_LSH | KBPF_X), 0, KT_U(0, 255), KT_K(32),
	  KT_ANY_RESULT },
	/* Linux 6.12 tracks neither division nor NEG nor END. */
	{ "7 / 5", KT_ALU64(KBPF_DIV | KBPF_X), 0, KT_K(7), KT_K(5),
	  KT_ANY_RESULT },
	{ "w: 7 s% 5", KT_ALU(KBPF_MOD | KBPF_X), 1, KT_K(7), KT_K(5),
	  KT_ANY_RESULT },
	{ "-5", KT_ALU64(KBPF_NEG), 0, KT_K(5), KT_K(5), KT_ANY_RESULT },
	{ "be16 0x1234", KT_ALU(KBPF_END | KBPF_TO_BE), 0, KT_K(0x1234),
	  KT_K(0), KT_ANY_RESULT },
	{ "w = w", KT_ALU(KBPF_MOV | KBPF_X), 0, KT_UNK, KT_UNK,
	  { 0, U32_MAX, 0, U32_MAX, 0, U32_MAX } },
	{ "w = w of -1", KT_ALU(KBPF_MOV | KBPF_X), 0, KT_UNK, KT_K(U64_MAX),
	  KT_IS(U32_MAX) },
	{ "r = (s8)r", KT_ALU64(KBPF_MOV | KBPF_X), 8, KT_UNK, KT_UNK,
	  { 0, U64_MAX, -128, 127, 0, U64_MAX } },
	{ "r = (s8)0x80", KT_ALU64(KBPF_MOV | KBPF_X), 8, KT_UNK, KT_K(0x80),
	  KT_IS(-128ULL) },
	{ "r = (s8)[0,100]", KT_ALU64(KBPF_MOV | KBPF_X), 8, KT_UNK,
	  KT_U(0, 100), { 0, 100, 0, 100, 0, 0x7f } },
	{ "r = (s16)0x8000", KT_ALU64(KBPF_MOV | KBPF_X), 16, KT_UNK,
	  KT_K(0x8000), KT_IS(-32768ULL) },
	{ "r = (s32)U32_MAX", KT_ALU64(KBPF_MOV | KBPF_X), 32, KT_UNK,
	  KT_K(U32_MAX), KT_IS(U64_MAX) },
	{ "w = (s16)0x8000", KT_ALU(KBPF_MOV | KBPF_X), 16, KT_UNK,
	  KT_K(0x8000), KT_IS(0xffff8000ULL) },
	{ "w = (s8)r", KT_ALU(KBPF_MOV | KBPF_X), 8, KT_UNK, KT_UNK,
	  { 0, U32_MAX, 0, U32_MAX, 0, U32_MAX } },
	{ "r = r", KT_ALU64(KBPF_MOV | KBPF_X), 0, KT_UNK, KT_K(0), KT_IS(0) },
};

static void kt_alu_case_desc(const struct kt_alu_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kt_alu_cases, kt_alu_cases, kt_alu_case_desc);

static void kbpf_bounds_alu_test(struct kunit *test)
{
	const struct kt_alu_case *c = test->param_value;
	struct kbpf_reg_state dst = kt_spec_reg(&c->dst);
	struct kbpf_reg_state src = kt_spec_reg(&c->src);
	struct kbpf_insn insn = kt_insn(c->code, c->off, 0);
	struct kt_want w = c->want;

	if (KBPF_OP(c->code) == KBPF_END)
		insn.imm = 16;
	if (w.known)
		w = (struct kt_want){ w.k, w.k, w.k, w.k, w.k, 0 };
	kbpf_scalar_alu(&insn, &dst, &src);
	KUNIT_EXPECT_EQ(test, dst.type, (u32)KBPF_SCALAR_VALUE);
	KUNIT_EXPECT_EQ(test, dst.umin_value, w.umin);
	KUNIT_EXPECT_EQ(test, dst.umax_value, w.umax);
	KUNIT_EXPECT_EQ(test, dst.smin_value, w.smin);
	KUNIT_EXPECT_EQ(test, dst.smax_value, w.smax);
	KUNIT_EXPECT_EQ(test, dst.var_off.value, w.value);
	KUNIT_EXPECT_EQ(test, dst.var_off.mask, w.mask);
	KUNIT_EXPECT_EQ(test, dst.id, 0U);
}

/* ---- bounds sync, casts, pruning ---- */

static void kbpf_bounds_sync_test(struct kunit *test)
{
	struct kbpf_reg_state r, old;

	/* Linux's example: 32-bit knowledge moves both 64-bit ends. */
	r = kt_unknown();
	r.umin_value = 0x100000000ULL;
	r.umax_value = 0x380000000ULL;
	r.s32_min_value = 1;
	kbpf_reg_bounds_sync(&r);
	KUNIT_EXPECT_EQ(test, r.umin_value, 0x100000001ULL);
	KUNIT_EXPECT_EQ(test, r.umax_value, 0x37fffffffULL);

	/* A small unsigned range fixes the high bits and the sign. */
	r = kt_urange(3, 9);
	KUNIT_EXPECT_EQ(test, r.smin_value, 3LL);
	KUNIT_EXPECT_EQ(test, r.smax_value, 9LL);
	KUNIT_EXPECT_EQ(test, r.u32_max_value, 9U);
	KUNIT_EXPECT_EQ(test, r.s32_min_value, 3);
	KUNIT_EXPECT_EQ(test, r.var_off.mask, 0xfULL);

	/* Negative signed range: unsigned bounds at the top. */
	r = kt_unknown();
	r.smin_value = -3;
	r.smax_value = -1;
	kbpf_reg_bounds_sync(&r);
	KUNIT_EXPECT_EQ(test, r.umin_value, -3ULL);
	KUNIT_EXPECT_EQ(test, r.umax_value, U64_MAX);
	KUNIT_EXPECT_EQ(test, r.s32_min_value, -3);

	/* var_off alone gives the ranges. */
	r = kt_unknown();
	r.var_off = KBPF_TNUM(0x10, 0x0f);
	kbpf_reg_bounds_sync(&r);
	KUNIT_EXPECT_EQ(test, r.umin_value, 0x10ULL);
	KUNIT_EXPECT_EQ(test, r.umax_value, 0x1fULL);
	KUNIT_EXPECT_EQ(test, r.smax_value, 0x1fLL);

	/* zext32 of a negative s32 range. */
	r = kt_unknown();
	r.smin_value = -3;
	r.smax_value = 5;
	kbpf_reg_bounds_sync(&r);
	kbpf_reg_zext32(&r);
	KUNIT_EXPECT_EQ(test, r.umax_value, (u64)U32_MAX);
	KUNIT_EXPECT_EQ(test, r.var_off.mask, (u64)U32_MAX);

	/* Narrow loads and sign-extending ones. */
	r = kt_unknown();
	kbpf_reg_coerce_size(&r, 1);
	KUNIT_EXPECT_EQ(test, r.umax_value, 0xffULL);
	KUNIT_EXPECT_EQ(test, r.var_off.mask, 0xffULL);
	r = kt_urange(0x1ff00, 0x1ff10);
	kbpf_reg_coerce_size(&r, 2);
	KUNIT_EXPECT_EQ(test, r.umin_value, 0xff00ULL);
	KUNIT_EXPECT_EQ(test, r.umax_value, 0xff10ULL);
	r = kt_unknown();
	kbpf_reg_sext(&r, 2);
	KUNIT_EXPECT_EQ(test, r.smin_value, (s64)S16_MIN);
	KUNIT_EXPECT_EQ(test, r.smax_value, (s64)S16_MAX);
	r = kt_const(0xfffe);
	kbpf_reg_sext(&r, 2);
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_equals_const(r.var_off, -2ULL));
	r = kt_const(0xfe);
	kbpf_reg_sext32(&r, 1);
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_equals_const(r.var_off, 0xfffffffeULL));
	KUNIT_EXPECT_EQ(test, r.smin_value, 0xfffffffeLL);

	/* Pruning: a narrower range is within a wider one only. */
	old = kt_urange(0, 20);
	r = kt_urange(0, 10);
	KUNIT_EXPECT_TRUE(test, kbpf_scalar_range_within(&old, &r));
	KUNIT_EXPECT_FALSE(test, kbpf_scalar_range_within(&r, &old));
	r = kt_const(8);
	KUNIT_EXPECT_TRUE(test, kbpf_scalar_range_within(&old, &r));
	old = kt_unknown();
	old.var_off = KBPF_TNUM(0, 0xfe);	/* even values only */
	kbpf_reg_bounds_sync(&old);
	r = kt_const(7);
	KUNIT_EXPECT_FALSE(test, kbpf_scalar_range_within(&old, &r));
	r = kt_unknown();
	KUNIT_EXPECT_FALSE(test, kbpf_scalar_range_within(&old, &r));
	KUNIT_EXPECT_TRUE(test, kbpf_scalar_range_within(&r, &old));
}

/* ---- exact branch outcomes ---- */

static void kbpf_bounds_branch_test(struct kunit *test)
{
	struct kbpf_reg_state a, b, t1, t2, f1, f2, c10 = kt_const(10);
	u8 op;

	/* if r1 > 10: umin 11 taken, umax 10 not. */
	a = kt_unknown();
	t1 = a;
	t2 = c10;
	f1 = a;
	f2 = c10;
	KUNIT_EXPECT_EQ(test, kbpf_branch_taken(&a, &c10, KBPF_JGT, false), -1);
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&t1, &t2, KBPF_JGT, false));
	op = kbpf_branch_negate(KBPF_JGT);
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&f1, &f2, op, false));
	KUNIT_EXPECT_EQ(test, t1.umin_value, 11ULL);
	KUNIT_EXPECT_EQ(test, f1.umax_value, 10ULL);
	KUNIT_EXPECT_EQ(test, f1.smin_value, 0LL);
	KUNIT_EXPECT_EQ(test, f1.var_off.mask, 0xfULL);
	KUNIT_EXPECT_TRUE(test, kbpf_tnum_equals_const(t2.var_off, 10));

	/* if w1 > 10 (JMP32): the subregister only. */
	t1 = a;
	t2 = c10;
	f1 = a;
	f2 = c10;
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&t1, &t2, KBPF_JGT, true));
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&f1, &f2, KBPF_JLE, true));
	KUNIT_EXPECT_EQ(test, t1.u32_min_value, 11U);
	/* The low half of each 64-bit end moves too. */
	KUNIT_EXPECT_EQ(test, t1.umin_value, 11ULL);
	KUNIT_EXPECT_EQ(test, f1.u32_max_value, 10U);
	KUNIT_EXPECT_EQ(test, f1.umax_value, 0xffffffff0000000aULL);
	KUNIT_EXPECT_EQ(test, f1.var_off.mask, ~0xfffffff0ULL);

	/* A zero-extended value: JMP32 bounds carry to 64 bits. */
	a = kt_unknown();
	kbpf_reg_zext32(&a);
	f1 = a;
	f2 = c10;
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&f1, &f2, KBPF_JLE, true));
	KUNIT_EXPECT_EQ(test, f1.umax_value, 10ULL);
	KUNIT_EXPECT_EQ(test, f1.smax_value, 10LL);

	/* Signed: if r1 s< 0 on [-4, 3]. */
	a = kt_unknown();
	a.smin_value = -4;
	a.smax_value = 3;
	kbpf_reg_bounds_sync(&a);
	b = kt_const(0);
	t1 = a;
	t2 = b;
	f1 = a;
	f2 = b;
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&t1, &t2, KBPF_JSLT, false));
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&f1, &f2, KBPF_JSGE, false));
	KUNIT_EXPECT_EQ(test, t1.smin_value, -4LL);
	KUNIT_EXPECT_EQ(test, t1.smax_value, -1LL);
	KUNIT_EXPECT_EQ(test, t1.umin_value, -4ULL);
	KUNIT_EXPECT_EQ(test, f1.smax_value, 3LL);
	KUNIT_EXPECT_EQ(test, f1.umax_value, 3ULL);

	/* Two non-constants: r1 < r2 moves both. */
	a = kt_urange(0, 100);
	b = kt_urange(10, 20);
	t1 = a;
	t2 = b;
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&t1, &t2, KBPF_JLT, false));
	KUNIT_EXPECT_EQ(test, t1.umax_value, 19ULL);
	KUNIT_EXPECT_EQ(test, t2.umin_value, 10ULL);
	t1 = b;
	t2 = a;
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&t1, &t2, KBPF_JLT, false));
	KUNIT_EXPECT_EQ(test, t2.umin_value, 11ULL);

	/* JEQ meets both; JNE trims a bound equal to the constant. */
	a = kt_urange(0, 10);
	b = kt_urange(5, 50);
	t1 = a;
	t2 = b;
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&t1, &t2, KBPF_JEQ, false));
	KUNIT_EXPECT_EQ(test, t1.umin_value, 5ULL);
	KUNIT_EXPECT_EQ(test, t2.umax_value, 10ULL);
	t1 = a;
	t2 = kt_const(0);
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&t1, &t2, KBPF_JNE, false));
	KUNIT_EXPECT_EQ(test, t1.umin_value, 1ULL);
	t1 = kt_const(10);
	t2 = a;
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&t1, &t2, KBPF_JNE, false));
	KUNIT_EXPECT_EQ(test, t2.umax_value, 9ULL);
	t1 = kt_const(10);
	t2 = kt_const(10);
	KUNIT_EXPECT_FALSE(test, kbpf_branch_refine(&t1, &t2, KBPF_JNE, false));
	t1 = kt_const(U64_MAX);
	t2 = kt_const(U64_MAX);
	KUNIT_EXPECT_FALSE(test, kbpf_branch_refine(&t1, &t2, KBPF_JNE, false));

	/* JSET: a single bit is set on the true side, cleared on the false. */
	a = kt_urange(0, 255);
	t1 = a;
	t2 = kt_const(0x10);
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&t1, &t2, KBPF_JSET, false));
	KUNIT_EXPECT_EQ(test, t1.var_off.value, 0x10ULL);
	KUNIT_EXPECT_EQ(test, t1.umin_value, 0x10ULL);
	f1 = a;
	f2 = kt_const(0xf0);
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KBPF_JSET), (u8)KT_JSET_FALSE);
	KUNIT_EXPECT_TRUE(test, kbpf_branch_refine(&f1, &f2, KT_JSET_FALSE, false));
	KUNIT_EXPECT_EQ(test, f1.umax_value, 0xfULL);
	KUNIT_EXPECT_EQ(test, f1.var_off.mask, 0xfULL);
	t1 = kt_const(0x20);
	t2 = kt_const(0x10);
	KUNIT_EXPECT_EQ(test, kbpf_branch_taken(&t1, &t2, KBPF_JSET, false), 0);
	KUNIT_EXPECT_FALSE(test, kbpf_branch_refine(&t1, &t2, KBPF_JSET, false));

	/* Decided comparisons. */
	a = kt_urange(0, 10);
	b = kt_urange(30, 40);
	KUNIT_EXPECT_EQ(test, kbpf_branch_taken(&a, &b, KBPF_JLT, false), 1);
	KUNIT_EXPECT_EQ(test, kbpf_branch_taken(&a, &b, KBPF_JGE, false), 0);
	KUNIT_EXPECT_EQ(test, kbpf_branch_taken(&a, &b, KBPF_JEQ, false), 0);
	KUNIT_EXPECT_EQ(test, kbpf_branch_taken(&a, &b, KBPF_JNE, false), 1);
	KUNIT_EXPECT_EQ(test, kbpf_branch_taken(&a, &b, KBPF_JSLE, false), 1);
	a = kt_unknown();
	a.var_off = KBPF_TNUM(0, 0xf0);
	kbpf_reg_bounds_sync(&a);
	b = kt_const(5);
	KUNIT_EXPECT_EQ(test, kbpf_branch_taken(&a, &b, KBPF_JEQ, false), 0);
	/* 0x100000005 == 5 in 32 bits only. */
	a = kt_const(0x100000005ULL);
	KUNIT_EXPECT_EQ(test, kbpf_branch_taken(&a, &b, KBPF_JEQ, false), 0);
	KUNIT_EXPECT_EQ(test, kbpf_branch_taken(&a, &b, KBPF_JEQ, true), 1);
	KUNIT_EXPECT_EQ(test, kbpf_branch_taken(&a, &b, KBPF_JGT, false), 1);
	KUNIT_EXPECT_EQ(test, kbpf_branch_taken(&a, &b, KBPF_JGT, true), 0);

	/* Negations. */
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KBPF_JEQ), (u8)KBPF_JNE);
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KBPF_JNE), (u8)KBPF_JEQ);
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KBPF_JGT), (u8)KBPF_JLE);
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KBPF_JLE), (u8)KBPF_JGT);
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KBPF_JGE), (u8)KBPF_JLT);
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KBPF_JLT), (u8)KBPF_JGE);
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KBPF_JSGT), (u8)KBPF_JSLE);
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KBPF_JSLE), (u8)KBPF_JSGT);
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KBPF_JSGE), (u8)KBPF_JSLT);
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KBPF_JSLT), (u8)KBPF_JSGE);
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KT_JSET_FALSE), (u8)KBPF_JSET);
	KUNIT_EXPECT_EQ(test, kbpf_branch_negate(KBPF_JA), (u8)0);
}

/* ---- randomized soundness ---- */

struct kt_rng {
	u64 state;
};

/* splitmix64: fixed seeds, same sequence on every run. */
static u64 kt_next(struct kt_rng *rng)
{
	u64 z = (rng->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 kt_below(struct kt_rng *rng, u64 n)
{
	return kt_next(rng) % n;
}

static const u64 kt_edges[] = {
	0, 1, 2, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
	0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL, 0x17fffffffULL,
	0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xffffffff00000000ULL,
	0xffffffff7fffffffULL, 0xffffffff80000000ULL, -8ULL, -2ULL, -1ULL,
};

static u64 kt_value(struct kt_rng *rng)
{
	switch (kt_below(rng, 6)) {
	case 0:
		return kt_below(rng, 70);
	case 1:
		return kt_edges[kt_below(rng, ARRAY_SIZE(kt_edges))] +
		       kt_below(rng, 9) - 4;
	case 2:
		return kt_next(rng);
	case 3:
		return (u64)(s64)(s32)kt_next(rng);
	case 4:
		return (u32)kt_next(rng);
	default:
		return kt_next(rng) >> kt_below(rng, 64);
	}
}

/* A spread: zero, small, or up to a random power of two. */
static u64 kt_spread(struct kt_rng *rng, bool small)
{
	u32 bits = small ? kt_below(rng, 6) : kt_below(rng, 65);

	if (bits == 64)
		return U64_MAX;
	return kt_next(rng) & ((1ULL << bits) - 1);
}

static u64 kt_sat_sub(u64 x, u64 d)
{
	return x < d ? 0 : x - d;
}

static u64 kt_sat_add(u64 x, u64 d)
{
	return U64_MAX - x < d ? U64_MAX : x + d;
}

static s64 kt_ssat_sub(s64 x, u64 d)
{
	s64 r;

	return check_sub_overflow(x, (s64)min_t(u64, d, S64_MAX), &r) ?
	       S64_MIN : r;
}

static s64 kt_ssat_add(s64 x, u64 d)
{
	s64 r;

	return check_add_overflow(x, (s64)min_t(u64, d, S64_MAX), &r) ?
	       S64_MAX : r;
}

/*
 * An abstract scalar that holds @x, from random constraints around it:
 * ranges of every kind and var_off patterns, synced. @small keeps it
 * narrow enough to enumerate most of the time.
 */
static void kt_abstract(struct kt_rng *rng, struct kbpf_reg_state *r, u64 x,
			bool small)
{
	u32 n = 1 + kt_below(rng, 3), i;
	u64 mask, lo, hi, d;

	kbpf_reg_mark_unknown(r);
	if (small) {
		r->umin_value = kt_sat_sub(x, kt_spread(rng, true));
		r->umax_value = kt_sat_add(x, kt_spread(rng, true));
	}
	for (i = 0; i < n; i++) {
		switch (kt_below(rng, 9)) {
		case 0:
			kbpf_reg_mark_known(r, x);
			return;
		case 1:
			r->umin_value = max(r->umin_value,
					    kt_sat_sub(x, kt_spread(rng, small)));
			r->umax_value = min(r->umax_value,
					    kt_sat_add(x, kt_spread(rng, small)));
			break;
		case 2:
			r->smin_value = max(r->smin_value,
					    kt_ssat_sub(x, kt_spread(rng, small)));
			r->smax_value = min(r->smax_value,
					    kt_ssat_add(x, kt_spread(rng, small)));
			break;
		case 3:
			lo = kt_sat_sub((u32)x, kt_spread(rng, small));
			hi = kt_sat_add((u32)x, kt_spread(rng, small));
			r->u32_min_value = max_t(u64, r->u32_min_value, lo);
			r->u32_max_value = min_t(u64, r->u32_max_value, hi);
			break;
		case 4:
			d = min_t(u64, kt_spread(rng, small), U32_MAX);
			r->s32_min_value = max_t(s64, r->s32_min_value,
						 (s64)(s32)x - (s64)d);
			d = min_t(u64, kt_spread(rng, small), U32_MAX);
			r->s32_max_value = min_t(s64, r->s32_max_value,
						 (s64)(s32)x + (s64)d);
			break;
		case 5:
			mask = small ? kt_spread(rng, true) << kt_below(rng, 64) :
				       kt_next(rng) & kt_next(rng);
			r->var_off = kbpf_tnum_intersect(r->var_off,
							 KBPF_TNUM(x & ~mask, mask));
			break;
		case 6:
			/* Low bits known (alignment) or high bits known. */
			mask = GENMASK_ULL(63, kt_below(rng, 64));
			if (kt_below(rng, 2))
				mask = ~mask;
			r->var_off = kbpf_tnum_intersect(r->var_off,
							 KBPF_TNUM(x & ~mask, mask));
			break;
		default:
			break;
		}
	}
	kbpf_reg_bounds_sync(r);
}

#define KT_MEMBERS	24

/*
 * Members of @r: all of them if at most KT_MEMBERS (*@all set), else a
 * sample of ends, var_off corners and random picks, @x included.
 */
static u32 kt_members(struct kt_rng *rng, const struct kbpf_reg_state *r,
		      u64 x, u64 *out, bool *all)
{
	u64 cand, sub, span, corner[8], mask = r->var_off.mask;
	u32 n = 0, i;

	if (r->umax_value - r->umin_value < KT_MEMBERS) {
		for (cand = r->umin_value;; cand++) {
			if (kt_member(r, cand))
				out[n++] = cand;
			if (cand == r->umax_value)
				break;
		}
		*all = true;
		return n;
	}
	if (hweight64(mask) <= 4) {
		sub = 0;
		do {
			cand = r->var_off.value | sub;
			if (kt_member(r, cand))
				out[n++] = cand;
			sub = (sub - mask) & mask;
		} while (sub);
		*all = true;
		return n;
	}
	*all = false;
	out[n++] = x;
	corner[0] = r->umin_value;
	corner[1] = r->umax_value;
	corner[2] = r->smin_value;
	corner[3] = r->smax_value;
	corner[4] = r->var_off.value;
	corner[5] = r->var_off.value | mask;
	corner[6] = (x & ~(u64)U32_MAX) | r->u32_min_value;
	corner[7] = (x & ~(u64)U32_MAX) | r->u32_max_value;
	span = r->umax_value - r->umin_value;
	for (i = 0; n < KT_MEMBERS && i < 4 * KT_MEMBERS; i++) {
		if (i < ARRAY_SIZE(corner))
			cand = corner[i];
		else if (i & 1)
			cand = r->var_off.value | (kt_next(rng) & mask);
		else if (span == U64_MAX)
			cand = kt_next(rng);
		else
			cand = r->umin_value + kt_next(rng) % (span + 1);
		if (kt_member(r, cand))
			out[n++] = cand;
	}
	return n;
}

/* A random abstract scalar and members of it. */
struct kt_operand {
	struct kbpf_reg_state reg;
	u64 members[KT_MEMBERS];
	u32 cnt;
	bool all;
};

static bool kt_operand(struct kunit *test, struct kt_rng *rng,
		       struct kt_operand *o, bool small)
{
	u64 x = kt_value(rng);

	kt_abstract(rng, &o->reg, x, small);
	if (!kt_member(&o->reg, x)) {
		kt_print_reg(test, "synced", &o->reg);
		KUNIT_FAIL(test, "bounds sync dropped member %#llx", x);
		return false;
	}
	o->cnt = kt_members(rng, &o->reg, x, o->members, &o->all);
	return true;
}

struct kt_op {
	u8 code;
	s16 off;
	s32 imm;
};

/* Without the class: each is tried as ALU and as ALU64. */
static const struct kt_op kt_alu_ops[] = {
	{ KBPF_ADD | KBPF_X }, { KBPF_SUB | KBPF_X }, { KBPF_MUL | KBPF_X },
	{ KBPF_DIV | KBPF_X }, { KBPF_DIV | KBPF_X, 1 },
	{ KBPF_MOD | KBPF_X }, { KBPF_MOD | KBPF_X, 1 },
	{ KBPF_OR | KBPF_X }, { KBPF_AND | KBPF_X }, { KBPF_XOR | KBPF_X },
	{ KBPF_LSH | KBPF_X }, { KBPF_RSH | KBPF_X }, { KBPF_ARSH | KBPF_X },
	{ KBPF_NEG },
	{ KBPF_MOV | KBPF_X }, { KBPF_MOV | KBPF_X, 8 },
	{ KBPF_MOV | KBPF_X, 16 }, { KBPF_MOV | KBPF_X, 32 },
	{ KBPF_END | KBPF_TO_LE, 0, 16 }, { KBPF_END | KBPF_TO_LE, 0, 32 },
	{ KBPF_END | KBPF_TO_LE, 0, 64 }, { KBPF_END | KBPF_TO_BE, 0, 16 },
	{ KBPF_END | KBPF_TO_BE, 0, 32 }, { KBPF_END | KBPF_TO_BE, 0, 64 },
};

/* ALU64 has no TO_BE (its END is bswap); ALU has no MOVSX from 32. */
static bool kt_op_exists(const struct kt_op *op, u8 cls)
{
	if (cls == KBPF_ALU64)
		return KBPF_OP(op->code) != KBPF_END ||
		       KBPF_SRC(op->code) == KBPF_TO_LE;
	return KBPF_OP(op->code) != KBPF_MOV || op->off != 32;
}

#define KT_MAX_FAILS	8
#ifndef KT_ALU_ROUNDS
#define KT_ALU_ROUNDS	4000
#endif
#ifndef KT_BRANCH_ROUNDS
#define KT_BRANCH_ROUNDS	2500
#endif

static u32 kt_fails;

/* What the random tests covered, so that a weakened generator shows. */
struct kt_stats {
	u64 pairs;		/* concrete pairs checked */
	u64 tracked;		/* ALU results that were not unknown */
	u64 decided;		/* branch_taken answers 0 or 1 */
	u64 dead;		/* refinements that found no pair */
	u64 narrowed;		/* refinements that kept some pair */
};

static struct kt_stats kt_stats;

static void kt_alu_fail(struct kunit *test, const struct kbpf_insn *insn,
			const struct kbpf_reg_state *d,
			const struct kbpf_reg_state *s,
			const struct kbpf_reg_state *res, u64 x, u64 y, u64 z)
{
	kt_print_reg(test, "dst", d);
	kt_print_reg(test, "src", s);
	kt_print_reg(test, "result", res);
	KUNIT_FAIL(test, "code %#x off %d imm %d: %#llx op %#llx = %#llx not in result",
		   insn->code, insn->off, insn->imm, x, y, z);
	kt_fails++;
}

static bool kt_is_shift(u8 code)
{
	u8 op = KBPF_OP(code);

	return op == KBPF_LSH || op == KBPF_RSH || op == KBPF_ARSH;
}

static void kbpf_bounds_alu_random_test(struct kunit *test)
{
	struct kt_rng rng = { .state = 0x6b627066 };
	struct kbpf_reg_state res;
	struct kt_operand *a, *b;
	struct kbpf_insn insn;
	u32 iter, k, i, j;
	u64 x, y, z;

	a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	kt_fails = 0;

	memset(&kt_stats, 0, sizeof(kt_stats));
	for (iter = 0; iter < KT_ALU_ROUNDS && kt_fails < KT_MAX_FAILS; iter++) {
		bool small = kt_below(&rng, 2);

		if (!kt_operand(test, &rng, a, small) ||
		    !kt_operand(test, &rng, b, small))
			return;
		for (k = 0; k < 2 * ARRAY_SIZE(kt_alu_ops); k++) {
			const struct kt_op *op = &kt_alu_ops[k / 2];
			u8 cls = k & 1 ? KBPF_ALU64 : KBPF_ALU;
			struct kt_operand *src = b, shift;

			if (!kt_op_exists(op, cls))
				continue;
			insn = kt_insn(cls | op->code, op->off, op->imm);
			if (kt_is_shift(op->code) && kt_below(&rng, 2)) {
				/* Mostly known, in-range amounts. */
				shift.cnt = 1;
				shift.members[0] = kt_below(&rng, 70);
				kbpf_reg_mark_known(&shift.reg, shift.members[0]);
				src = &shift;
			}
			res = a->reg;
			kbpf_scalar_alu(&insn, &res, &src->reg);
			kt_stats.tracked += !kbpf_tnum_is_unknown(res.var_off);
			kt_stats.pairs += 6;
			for (i = 0; i < 6; i++) {
				x = a->members[kt_below(&rng, a->cnt)];
				y = src->members[kt_below(&rng, src->cnt)];
				z = kt_alu(&insn, x, y);
				if (!kt_member(&res, z)) {
					kt_alu_fail(test, &insn, &a->reg,
						    &src->reg, &res, x, y, z);
					break;
				}
			}
			/* dst and src the same register. */
			res = a->reg;
			kbpf_scalar_alu(&insn, &res, &res);
			for (j = 0; j < 3; j++) {
				x = a->members[kt_below(&rng, a->cnt)];
				z = kt_alu(&insn, x, x);
				if (!kt_member(&res, z)) {
					kt_alu_fail(test, &insn, &a->reg,
						    &a->reg, &res, x, x, z);
					break;
				}
			}
		}
		cond_resched();
	}
	kunit_info(test, "%llu pairs, %llu tracked results\n",
		   kt_stats.pairs, kt_stats.tracked);
	KUNIT_EXPECT_GT(test, kt_stats.tracked, kt_stats.pairs / 30);
}

static const u8 kt_jmp_ops[] = {
	KBPF_JEQ, KBPF_JNE, KBPF_JSET, KBPF_JGT, KBPF_JGE, KBPF_JLT, KBPF_JLE,
	KBPF_JSGT, KBPF_JSGE, KBPF_JSLT, KBPF_JSLE,
};

static void kt_jmp_fail(struct kunit *test, const char *what, u8 op,
			bool jmp32, const struct kt_operand *a,
			const struct kt_operand *b, u64 x, u64 y)
{
	kt_print_reg(test, "r1", &a->reg);
	kt_print_reg(test, "r2", &b->reg);
	KUNIT_FAIL(test, "op %#x%s: %s (r1 %#llx, r2 %#llx)", op,
		   jmp32 ? " jmp32" : "", what, x, y);
	kt_fails++;
}

/*
 * One side of a branch: every member pair that satisfies @op must stay
 * members after refinement, and a refusal needs no pair to satisfy it
 * (checked exhaustively when both member lists are complete).
 */
static void kt_check_side(struct kunit *test, const struct kt_operand *a,
			  const struct kt_operand *b, u8 op, bool jmp32)
{
	struct kbpf_reg_state r1 = a->reg, r2 = b->reg;
	bool ok = kbpf_branch_refine(&r1, &r2, op, jmp32);
	u32 i, j;
	u64 x, y;

	if (!ok)
		kt_stats.dead++;
	else
		kt_stats.narrowed++;
	kt_stats.pairs += a->cnt * b->cnt;

	for (i = 0; i < a->cnt; i++) {
		for (j = 0; j < b->cnt; j++) {
			x = a->members[i];
			y = b->members[j];
			if (!kt_cond(x, y, op, jmp32))
				continue;
			if (!ok) {
				kt_jmp_fail(test, "refine says no pair fits",
					    op, jmp32, a, b, x, y);
				return;
			}
			if (!kt_member(&r1, x) || !kt_member(&r2, y)) {
				kt_print_reg(test, "r1 refined", &r1);
				kt_print_reg(test, "r2 refined", &r2);
				kt_jmp_fail(test, "refine dropped a pair",
					    op, jmp32, a, b, x, y);
				return;
			}
		}
	}
}

static void kbpf_bounds_branch_random_test(struct kunit *test)
{
	struct kt_rng rng = { .state = 0x76657269 };
	struct kt_operand *a, *b;
	u32 iter, k, i, j;
	bool jmp32;
	int taken;
	u64 x, y;

	a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	kt_fails = 0;

	memset(&kt_stats, 0, sizeof(kt_stats));
	for (iter = 0; iter < KT_BRANCH_ROUNDS && kt_fails < KT_MAX_FAILS; iter++) {
		bool small = kt_below(&rng, 4);

		if (!kt_operand(test, &rng, a, small) ||
		    !kt_operand(test, &rng, b, small))
			return;
		/* Often compare against a constant, as the K forms do. */
		if (!kt_below(&rng, 3)) {
			b->members[0] = a->members[kt_below(&rng, a->cnt)] +
					kt_below(&rng, 3) - 1;
			kbpf_reg_mark_known(&b->reg, b->members[0]);
			b->cnt = 1;
			b->all = true;
		}
		for (k = 0; k < 2 * ARRAY_SIZE(kt_jmp_ops); k++) {
			u8 op = kt_jmp_ops[k / 2];

			jmp32 = k & 1;
			taken = kbpf_branch_taken(&a->reg, &b->reg, op, jmp32);
			kt_stats.decided += taken >= 0;
			for (i = 0; i < a->cnt; i++) {
				for (j = 0; j < b->cnt; j++) {
					x = a->members[i];
					y = b->members[j];
					if (taken >= 0 &&
					    taken != kt_cond(x, y, op, jmp32)) {
						kt_jmp_fail(test, "branch_taken wrong",
							    op, jmp32, a, b, x, y);
						goto next;
					}
				}
			}
			kt_check_side(test, a, b, op, jmp32);
			kt_check_side(test, a, b, kbpf_branch_negate(op), jmp32);
next:
			;
		}
		cond_resched();
	}
	kunit_info(test, "%llu pairs, %llu decided, %llu dead sides, %llu narrowed\n",
		   kt_stats.pairs, kt_stats.decided, kt_stats.dead,
		   kt_stats.narrowed);
	KUNIT_EXPECT_GT(test, kt_stats.decided, 100ULL);
	KUNIT_EXPECT_GT(test, kt_stats.dead, 100ULL);
}

static struct kunit_case kbpf_bounds_test_cases[] = {
	KUNIT_CASE(kbpf_bounds_tnum_test),
	KUNIT_CASE_PARAM(kbpf_bounds_alu_test, kt_alu_cases_gen_params),
	KUNIT_CASE(kbpf_bounds_sync_test),
	KUNIT_CASE(kbpf_bounds_branch_test),
	KUNIT_CASE(kbpf_bounds_alu_random_test),
	KUNIT_CASE(kbpf_bounds_branch_random_test),
	{}
};

static struct kunit_suite kbpf_verifier_bounds_suite = {
	.name = "kbpf_verifier_bounds",
	.test_cases = kbpf_bounds_test_cases,
};

kunit_test_suite(kbpf_verifier_bounds_suite);
