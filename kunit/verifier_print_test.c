// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the verifier log's text (instructions against what Linux 6.12's
 * disassembler prints, register type names, register and stack states)
 * and the static register liveness (branches, loops, helper and
 * bpf-to-bpf calls, atomics).
 */

#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../kmod/compat.h"
#include "../kmod/map/map.h"
#include "../kmod/prog/dynptr.h"
#include "../kmod/prog/type.h"
#include "../kmod/verifier/env.h"
#include "../tools/include/kbpf/insn.h"

/* ---- instructions ---- */

struct kt_insn_case {
	struct kbpf_insn insn[2];	/* [1]: an ld_imm64's second half */
	const char *text;
};

#define KT_1(i, t)	{ .insn = { i }, .text = t }
#define KT_2(dst, src, v, t) \
	{ .insn = { KBPF_LD_IMM64_1(dst, src, v), KBPF_LD_IMM64_2(v) }, \
	  .text = t }

static const struct kt_insn_case kt_insns[] = {
	/* ALU */
	KT_1(KBPF_ALU64_REG(KBPF_ADD, 1, 2), "(0f) r1 += r2\n"),
	KT_1(KBPF_ALU32_IMM(KBPF_ADD, 1, 5), "(04) w1 += 5\n"),
	KT_1(KBPF_ALU64_IMM(KBPF_SUB, 3, -7), "(17) r3 -= -7\n"),
	KT_1(KBPF_ALU32_REG(KBPF_MUL, 0, 9), "(2c) w0 *= w9\n"),
	KT_1(KBPF_ALU64_REG(KBPF_DIV, 1, 2), "(3f) r1 /= r2\n"),
	KT_1(KBPF_ALU64_REG_OFF(KBPF_DIV, 1, 2, 1), "(3f) r1 s/= r2\n"),
	KT_1(KBPF_ALU64_REG_OFF(KBPF_MOD, 1, 2, 1), "(9f) r1 s%= r2\n"),
	KT_1(KBPF_ALU32_IMM_OFF(KBPF_MOD, 1, 3, 1), "(94) w1 s%= 3\n"),
	KT_1(KBPF_ALU64_IMM(KBPF_OR, 1, 0x10), "(47) r1 |= 16\n"),
	KT_1(KBPF_ALU64_IMM(KBPF_AND, 1, 255), "(57) r1 &= 255\n"),
	KT_1(KBPF_ALU64_IMM(KBPF_LSH, 1, 3), "(67) r1 <<= 3\n"),
	KT_1(KBPF_ALU32_IMM(KBPF_RSH, 1, 3), "(74) w1 >>= 3\n"),
	KT_1(KBPF_ALU64_IMM(KBPF_ARSH, 1, 3), "(c7) r1 s>>= 3\n"),
	KT_1(KBPF_ALU64_REG(KBPF_XOR, 4, 5), "(af) r4 ^= r5\n"),
	KT_1(KBPF_RAW_INSN(KBPF_ALU64 | KBPF_NEG, 1, 0, 0, 0),
	     "(87) r1 = -r1\n"),
	KT_1(KBPF_RAW_INSN(KBPF_ALU | KBPF_NEG, 2, 0, 0, 0),
	     "(84) w2 = -w2\n"),
	KT_1(KBPF_MOV64_REG(6, 1), "(bf) r6 = r1\n"),
	KT_1(KBPF_MOV32_REG(6, 1), "(bc) w6 = w1\n"),
	KT_1(KBPF_MOV64_IMM(1, -1), "(b7) r1 = -1\n"),
	KT_1(KBPF_MOV32_IMM(0, 0), "(b4) w0 = 0\n"),
	KT_1(KBPF_ALU64_REG_OFF(KBPF_MOV, 1, 2, 8), "(bf) r1 = (s8)r2\n"),
	KT_1(KBPF_ALU64_REG_OFF(KBPF_MOV, 1, 2, 32), "(bf) r1 = (s32)r2\n"),
	KT_1(KBPF_ALU32_REG_OFF(KBPF_MOV, 1, 2, 16), "(bc) w1 = (s16)w2\n"),
	KT_1(KBPF_ENDIAN(KBPF_TO_BE, 1, 16), "(dc) r1 = be16 r1\n"),
	KT_1(KBPF_ENDIAN(KBPF_TO_LE, 1, 32), "(d4) r1 = le32 r1\n"),
	KT_1(KBPF_BSWAP(1, 32), "(d7) r1 = bswap32 r1\n"),
	KT_1(KBPF_BSWAP(3, 64), "(d7) r3 = bswap64 r3\n"),
	/* loads and stores */
	KT_1(KBPF_LDX_MEM(KBPF_W, 0, 1, 4), "(61) r0 = *(u32 *)(r1 +4)\n"),
	KT_1(KBPF_LDX_MEM(KBPF_DW, 2, 10, -16),
	     "(79) r2 = *(u64 *)(r10 -16)\n"),
	KT_1(KBPF_LDX_MEM(KBPF_H, 2, 3, 0), "(69) r2 = *(u16 *)(r3 +0)\n"),
	KT_1(KBPF_LDX_MEMSX(KBPF_B, 0, 1, 0), "(91) r0 = *(s8 *)(r1 +0)\n"),
	KT_1(KBPF_LDX_MEMSX(KBPF_W, 0, 1, 8), "(81) r0 = *(s32 *)(r1 +8)\n"),
	KT_1(KBPF_STX_MEM(KBPF_DW, 10, 1, -8), "(7b) *(u64 *)(r10 -8) = r1\n"),
	KT_1(KBPF_STX_MEM(KBPF_B, 2, 3, 1), "(73) *(u8 *)(r2 +1) = r3\n"),
	KT_1(KBPF_ST_MEM(KBPF_W, 10, -8, 0), "(62) *(u32 *)(r10 -8) = 0\n"),
	KT_1(KBPF_ST_MEM(KBPF_DW, 10, -8, -5), "(7a) *(u64 *)(r10 -8) = -5\n"),
	/* atomics */
	KT_1(KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, 10, 1, -8),
	     "(db) lock *(u64 *)(r10 -8) += r1\n"),
	KT_1(KBPF_ATOMIC_OP(KBPF_W, KBPF_OR, 2, 3, 0),
	     "(c3) lock *(u32 *)(r2 +0) |= r3\n"),
	KT_1(KBPF_ATOMIC_OP(KBPF_DW, KBPF_AND, 2, 3, 0),
	     "(db) lock *(u64 *)(r2 +0) &= r3\n"),
	KT_1(KBPF_ATOMIC_OP(KBPF_W, KBPF_XOR, 2, 3, 4),
	     "(c3) lock *(u32 *)(r2 +4) ^= r3\n"),
	KT_1(KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD | KBPF_FETCH, 10, 1, -8),
	     "(db) r1 = atomic64_fetch_add((u64 *)(r10 -8), r1)\n"),
	KT_1(KBPF_ATOMIC_OP(KBPF_W, KBPF_XOR | KBPF_FETCH, 10, 1, -8),
	     "(c3) r1 = atomic_fetch_xor((u32 *)(r10 -8), r1)\n"),
	KT_1(KBPF_ATOMIC_OP(KBPF_DW, KBPF_AND | KBPF_FETCH, 10, 1, -8),
	     "(db) r1 = atomic64_fetch_and((u64 *)(r10 -8), r1)\n"),
	KT_1(KBPF_ATOMIC_OP(KBPF_W, KBPF_OR | KBPF_FETCH, 10, 1, -8),
	     "(c3) r1 = atomic_fetch_or((u32 *)(r10 -8), r1)\n"),
	KT_1(KBPF_ATOMIC_OP(KBPF_DW, KBPF_XCHG, 10, 1, -8),
	     "(db) r1 = atomic64_xchg((u64 *)(r10 -8), r1)\n"),
	KT_1(KBPF_ATOMIC_OP(KBPF_W, KBPF_CMPXCHG, 10, 1, -8),
	     "(c3) r0 = atomic_cmpxchg((u32 *)(r10 -8), r0, r1)\n"),
	KT_1(KBPF_ATOMIC_OP(KBPF_DW, KBPF_SUB, 10, 1, -8), "BUG_db\n"),
	/* ld_imm64 */
	KT_2(1, 0, 0x1234, "(18) r1 = 0x1234\n"),
	KT_2(2, 0, 0x100000002ULL, "(18) r2 = 0x100000002\n"),
	KT_2(2, 0, -1LL, "(18) r2 = 0xffffffffffffffff\n"),
	KT_2(1, KBPF_PSEUDO_MAP_FD, 0xffff888012345678ULL, "(18) r1 = 0x0\n"),
	KT_2(1, KBPF_PSEUDO_MAP_VALUE, 0xffff888012345678ULL,
	     "(18) r1 = 0x0\n"),
	KT_2(2, KBPF_PSEUDO_FUNC, 3, "(18) r2 = 0x3\n"),
	KT_1(KBPF_RAW_INSN(KBPF_LD | KBPF_ABS | KBPF_W, 0, 0, 0, 12),
	     "(20) r0 = *(u32 *)skb[12]\n"),
	KT_1(KBPF_RAW_INSN(KBPF_LD | KBPF_IND | KBPF_H, 0, 7, 0, 2),
	     "(48) r0 = *(u16 *)skb[r7 + 2]\n"),
	/* jumps, calls, exit */
	KT_1(KBPF_JMP_IMM(KBPF_JGT, 1, 10, 3), "(25) if r1 > 0xa goto pc+3\n"),
	KT_1(KBPF_JMP_IMM(KBPF_JEQ, 1, -1, 0),
	     "(15) if r1 == 0xffffffff goto pc+0\n"),
	KT_1(KBPF_JMP32_REG(KBPF_JSLT, 1, 2, -2),
	     "(ce) if w1 s< w2 goto pc-2\n"),
	KT_1(KBPF_JMP_REG(KBPF_JSET, 1, 2, 1), "(4d) if r1 & r2 goto pc+1\n"),
	KT_1(KBPF_JMP_REG(KBPF_JNE, 3, 4, 7), "(5d) if r3 != r4 goto pc+7\n"),
	KT_1(KBPF_JMP32_IMM(KBPF_JSGE, 0, 0, 1),
	     "(76) if w0 s>= 0x0 goto pc+1\n"),
	KT_1(KBPF_JMP_IMM(KBPF_JLE, 0, 4, -4), "(b5) if r0 <= 0x4 goto pc-4\n"),
	KT_1(KBPF_JMP_A(1), "(05) goto pc+1\n"),
	KT_1(KBPF_JMP_A(-1), "(05) goto pc-1\n"),
	KT_1(KBPF_JMP32_A(300), "(06) gotol pc+300\n"),
	KT_1(KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
	     "(85) call bpf_map_lookup_elem#1\n"),
	KT_1(KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve),
	     "(85) call bpf_ringbuf_reserve#131\n"),
	KT_1(KBPF_CALL_HELPER(9999), "(85) call unknown#9999\n"),
	KT_1(KBPF_CALL_REL(4), "(85) call pc+4\n"),
	KT_1(KBPF_CALL_REL(-5), "(85) call pc-5\n"),
	KT_1(KBPF_EXIT_INSN(), "(95) exit\n"),
};

static void kbpf_print_insn_test(struct kunit *test)
{
	char buf[128], want[128];
	u32 i;

	for (i = 0; i < ARRAY_SIZE(kt_insns); i++) {
		int n = kbpf_format_insn(buf, sizeof(buf), kt_insns[i].insn, i,
					 false);

		snprintf(want, sizeof(want), "%u: %s", i, kt_insns[i].text);
		KUNIT_EXPECT_STREQ_MSG(test, buf, want, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, n, (int)strlen(want), "case %u", i);
	}
}

/* Map pointers show only to loaders that may see kernel addresses. */
static void kbpf_print_insn_leak_test(struct kunit *test)
{
	const struct kbpf_insn map[2] = {
		KBPF_LD_IMM64_1(1, KBPF_PSEUDO_MAP_FD, 0xffff888012345678ULL),
		KBPF_LD_IMM64_2(0xffff888012345678ULL),
	};
	const struct kbpf_insn value[2] = {
		KBPF_LD_IMM64_1(3, KBPF_PSEUDO_MAP_IDX_VALUE, 0xffffc90000001008ULL),
		KBPF_LD_IMM64_2(0xffffc90000001008ULL),
	};
	char buf[64];

	kbpf_format_insn(buf, sizeof(buf), map, 12, true);
	KUNIT_EXPECT_STREQ(test, buf, "12: (18) r1 = 0xffff888012345678\n");
	kbpf_format_insn(buf, sizeof(buf), value, 0, true);
	KUNIT_EXPECT_STREQ(test, buf, "0: (18) r3 = 0xffffc90000001008\n");
	kbpf_format_insn(buf, sizeof(buf), value, 0, false);
	KUNIT_EXPECT_STREQ(test, buf, "0: (18) r3 = 0x0\n");
}

/* A small buffer cuts the line but stays a string. */
static void kbpf_print_insn_short_test(struct kunit *test)
{
	const struct kbpf_insn insn = KBPF_ALU64_REG(KBPF_ADD, 1, 2);
	char buf[8];
	int n;

	n = kbpf_format_insn(buf, sizeof(buf), &insn, 100, false);
	KUNIT_EXPECT_STREQ(test, buf, "100: (0");
	KUNIT_EXPECT_EQ(test, n, 7);
}

/* ---- register types ---- */

static void kbpf_print_reg_type_test(struct kunit *test)
{
	static const struct {
		u32 type;
		const char *name;
	} cases[] = {
		{ KBPF_NOT_INIT, "?" },
		{ KBPF_SCALAR_VALUE, "scalar" },
		{ KBPF_PTR_TO_CTX, "ctx" },
		{ KBPF_CONST_PTR_TO_MAP, "map_ptr" },
		{ KBPF_PTR_TO_MAP_VALUE, "map_value" },
		{ KBPF_PTR_TO_MAP_VALUE | KBPF_PTR_MAYBE_NULL,
		  "map_value_or_null" },
		{ KBPF_PTR_TO_MAP_KEY, "map_key" },
		{ KBPF_PTR_TO_STACK, "fp" },
		{ KBPF_PTR_TO_MEM, "mem" },
		{ KBPF_PTR_TO_MEM | KBPF_PTR_MAYBE_NULL, "mem_or_null" },
		{ KBPF_PTR_TO_MEM | KBPF_MEM_RDONLY, "rdonly_mem" },
		{ KBPF_PTR_TO_MEM | KBPF_MEM_RINGBUF, "ringbuf_mem" },
		{ KBPF_PTR_TO_MEM | KBPF_MEM_RINGBUF | KBPF_PTR_MAYBE_NULL,
		  "ringbuf_mem_or_null" },
		{ KBPF_PTR_TO_MEM | KBPF_MEM_RDONLY | KBPF_MEM_RINGBUF |
		  KBPF_PTR_MAYBE_NULL, "rdonly_ringbuf_mem_or_null" },
		{ KBPF_PTR_TO_FUNC, "func" },
		{ KBPF_CONST_PTR_TO_DYNPTR, "dynptr_ptr" },
		{ KBPF_REG_TYPE_CNT, "?" },
		{ KBPF_PTR_TO_MEM | 0x800, "?" },
	};
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_STREQ_MSG(test, kbpf_reg_type_str(cases[i].type),
				       cases[i].name, "type %#x",
				       cases[i].type);
}

/* ---- states ---- */

static void kt_reg_unknown(struct kbpf_reg_state *reg, u32 type)
{
	memset(reg, 0, sizeof(*reg));
	reg->type = type;
	reg->var_off = KBPF_TNUM_UNKNOWN;
	reg->smin_value = S64_MIN;
	reg->smax_value = S64_MAX;
	reg->umax_value = U64_MAX;
	reg->s32_min_value = S32_MIN;
	reg->s32_max_value = S32_MAX;
	reg->u32_max_value = U32_MAX;
}

static void kt_reg_const(struct kbpf_reg_state *reg, u32 type, u64 v)
{
	memset(reg, 0, sizeof(*reg));
	reg->type = type;
	reg->var_off = KBPF_TNUM(v, 0);
	reg->smin_value = v;
	reg->smax_value = v;
	reg->umin_value = v;
	reg->umax_value = v;
	reg->s32_min_value = (s32)v;
	reg->s32_max_value = (s32)v;
	reg->u32_min_value = (u32)v;
	reg->u32_max_value = (u32)v;
}

/* [0, 255]: what a u8 load gives. */
static void kt_reg_u8(struct kbpf_reg_state *reg, u32 type)
{
	kt_reg_const(reg, type, 0);
	reg->var_off = KBPF_TNUM(0, 0xff);
	reg->smax_value = 255;
	reg->umax_value = 255;
	reg->s32_max_value = 255;
	reg->u32_max_value = 255;
}

static struct kbpf_func_state *kt_frame(struct kunit *test)
{
	struct kbpf_func_state *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->stack = kunit_kcalloc(test, KBPF_STACK_SLOTS, sizeof(*f->stack),
				 GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->stack);
	f->stack_slots = KBPF_STACK_SLOTS;
	return f;
}

/* The text of @frame with only register 1 set to @reg. */
static const char *kt_reg_text(struct kunit *test,
			       struct kbpf_func_state *f,
			       const struct kbpf_reg_state *reg)
{
	char *buf = kunit_kzalloc(test, 512, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(f->regs, 0, sizeof(f->regs));
	f->regs[1] = *reg;
	kbpf_format_frame(buf, 512, NULL, f);
	return buf;
}

static void kbpf_print_reg_test(struct kunit *test)
{
	struct kbpf_func_state *f = kt_frame(test);
	struct kbpf_map *map = kunit_kzalloc(test, sizeof(*map), GFP_KERNEL);
	struct kbpf_reg_state r;

	KUNIT_ASSERT_NOT_NULL(test, map);
	map->key_size = 4;
	map->value_size = 48;
	strscpy(map->name, "array_map", sizeof(map->name));

	kt_reg_const(&r, KBPF_SCALAR_VALUE, 5);
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r), " R1=5\n");
	kt_reg_const(&r, KBPF_SCALAR_VALUE, -1);
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r), " R1=-1\n");
	kt_reg_const(&r, KBPF_SCALAR_VALUE, 0x10000);
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r), " R1=0x10000\n");
	kt_reg_unknown(&r, KBPF_SCALAR_VALUE);
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r), " R1=scalar()\n");
	r.id = 3;
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r),
			   " R1=scalar(id=3)\n");
	kt_reg_u8(&r, KBPF_SCALAR_VALUE);
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r),
			   " R1=scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))\n");
	/* Negative and positive bounds are never merged; big ones in hex. */
	kt_reg_unknown(&r, KBPF_SCALAR_VALUE);
	r.smin_value = -5;
	r.smax_value = 100000;
	r.s32_min_value = -5;
	r.s32_max_value = 100000;
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r),
			   " R1=scalar(smin=smin32=-5,smax=smax32=0x186a0)\n");
	kt_reg_unknown(&r, KBPF_SCALAR_VALUE);
	r.s32_min_value = -100000;
	r.umin_value = 1;
	r.u32_min_value = 1;
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r),
			   " R1=scalar(umin=umin32=1,smin32=0xfffe7960)\n");

	kt_reg_const(&r, KBPF_PTR_TO_CTX, 0);
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r), " R1=ctx()\n");
	r.off = 8;
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r), " R1=ctx(off=8)\n");

	kt_reg_const(&r, KBPF_PTR_TO_STACK, 0);
	r.off = -8;
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r), " R1=fp-8\n");
	f->frameno = 1;
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r),
			   " frame1: R1=fp[0]-8\n");
	f->frameno = 0;

	kt_reg_const(&r, KBPF_PTR_TO_MAP_VALUE, 0);
	r.map_ptr = map;
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r),
			   " R1=map_value(map=array_map,ks=4,vs=48)\n");
	r.type |= KBPF_PTR_MAYBE_NULL;
	r.id = 1;
	r.off = 4;
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r),
			   " R1=map_value_or_null(id=1,map=array_map,ks=4,vs=48,off=4)\n");
	kt_reg_u8(&r, KBPF_PTR_TO_MAP_VALUE);
	r.map_ptr = map;
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r),
			   " R1=map_value(map=array_map,ks=4,vs=48,smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))\n");
	kt_reg_const(&r, KBPF_CONST_PTR_TO_MAP, 0);
	r.map_ptr = map;
	map->name[0] = '\0';
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r),
			   " R1=map_ptr(ks=4,vs=48)\n");
	kt_reg_const(&r, KBPF_PTR_TO_MAP_KEY, 16);
	r.map_ptr = map;
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r),
			   " R1=map_key(ks=4,vs=48,imm=16)\n");

	kt_reg_const(&r, KBPF_PTR_TO_MEM | KBPF_MEM_RINGBUF |
		     KBPF_PTR_MAYBE_NULL, 0);
	r.id = 2;
	r.ref_obj_id = 2;
	r.mem_size = 16;
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r),
			   " R1=ringbuf_mem_or_null(id=2,ref_obj_id=2,sz=16)\n");
	kt_reg_const(&r, KBPF_CONST_PTR_TO_DYNPTR, 0);
	r.dynptr.type = KBPF_DYNPTR_TYPE_LOCAL;
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r),
			   " R1=dynptr_ptr(type=local)\n");
	kt_reg_const(&r, KBPF_PTR_TO_FUNC, 0);
	KUNIT_EXPECT_STREQ(test, kt_reg_text(test, f, &r), " R1=func()\n");
}

static void kt_slot_fill(struct kbpf_stack_slot *slot, u8 type)
{
	memset(slot->type, type, sizeof(slot->type));
}

static void kbpf_print_frame_test(struct kunit *test)
{
	struct kbpf_func_state *f = kt_frame(test);
	struct kbpf_vstate *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	char *buf = kunit_kzalloc(test, 1024, GFP_KERNEL);
	int n;

	KUNIT_ASSERT_NOT_NULL(test, st);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	n = kbpf_format_frame(buf, 1024, NULL, f);
	KUNIT_EXPECT_STREQ(test, buf, "\n");
	KUNIT_EXPECT_EQ(test, n, 1);

	kt_reg_const(&f->regs[1], KBPF_PTR_TO_CTX, 0);
	kt_reg_const(&f->regs[10], KBPF_PTR_TO_STACK, 0);
	kt_slot_fill(&f->stack[0], KBPF_STACK_MISC);
	kt_slot_fill(&f->stack[1], KBPF_STACK_SPILL);
	kt_reg_const(&f->stack[1].spilled, KBPF_SCALAR_VALUE, 42);
	/* fp-24 .. fp-21 written: the lowest bytes, printed last. */
	memset(f->stack[2].type, KBPF_STACK_MISC, 4);
	kt_slot_fill(&f->stack[3], KBPF_STACK_ZERO);
	/* A dynptr at fp-48: its first slot is the lower one. */
	kt_slot_fill(&f->stack[5], KBPF_STACK_DYNPTR);
	kt_slot_fill(&f->stack[4], KBPF_STACK_DYNPTR);
	f->stack[5].spilled.dynptr.type = KBPF_DYNPTR_TYPE_RINGBUF;
	f->stack[5].spilled.dynptr.first_slot = true;
	f->stack[5].spilled.ref_obj_id = 3;
	f->stack[4].spilled.dynptr.type = KBPF_DYNPTR_TYPE_RINGBUF;
	f->stack[4].spilled.ref_obj_id = 3;
	/* A pointer spill at fp-512. */
	kt_slot_fill(&f->stack[KBPF_STACK_SLOTS - 1], KBPF_STACK_SPILL);
	kt_reg_const(&f->stack[KBPF_STACK_SLOTS - 1].spilled, KBPF_PTR_TO_CTX,
		     0);

	kbpf_format_frame(buf, 1024, NULL, f);
	KUNIT_EXPECT_STREQ(test, buf,
			   " R1=ctx() R10=fp0 fp-8=mmmmmmmm fp-16=42 fp-24=????mmmm fp-32=00000000 fp-48=dynptr_ringbuf(ref_id=3) fp-512=ctx()\n");

	st->refs = kunit_kcalloc(test, 2, sizeof(*st->refs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, st->refs);
	st->refs[0].id = 3;
	st->refs[1].id = 7;
	st->ref_cnt = 2;
	f->frameno = 2;
	f->in_callback = true;
	memset(f->stack, 0, KBPF_STACK_SLOTS * sizeof(*f->stack));
	kbpf_format_frame(buf, 1024, st, f);
	KUNIT_EXPECT_STREQ(test, buf,
			   " frame2: R1=ctx() R10=fp[0]0 refs=3,7 cb\n");

	/* Cut at the buffer's end, still a string. */
	n = kbpf_format_frame(buf, 12, st, f);
	KUNIT_EXPECT_STREQ(test, buf, " frame2: R1");
	KUNIT_EXPECT_EQ(test, n, 11);
}

/* ---- liveness ---- */

#define R(n)	BIT(n)
#define FP	BIT(KBPF_REG_FP)

/* The type of the programs below: none of its hooks is set. */
static const struct kbpf_prog_ops kt_liveness_ops;

/* Liveness of @insns, one subprogram starting at each of @starts. */
static u16 *kt_liveness(struct kunit *test, const struct kbpf_insn *insns,
			u32 len, const u32 *starts, u32 nstarts)
{
	struct kbpf_verifier_env *env;
	struct kbpf_prog *prog;
	u16 *live;
	u32 i;

	env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	prog = kunit_kzalloc(test, struct_size(prog, insns, len), GFP_KERNEL);
	live = kunit_kcalloc(test, len, sizeof(*live), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env);
	KUNIT_ASSERT_NOT_NULL(test, prog);
	KUNIT_ASSERT_NOT_NULL(test, live);
	env->aux = kunit_kcalloc(test, len, sizeof(*env->aux), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env->aux);
	prog->len = len;
	memcpy(prog->insns, insns, len * sizeof(*insns));
	/* A type with no result range: the main program's r0 is not demanded. */
	prog->ops = &kt_liveness_ops;
	env->prog = prog;
	for (i = 0; i < nstarts; i++)
		env->subprog_starts[i] = starts[i];
	env->subprog_starts[nstarts] = len;
	env->subprog_cnt = nstarts;
	for (i = 0; i + 1 < len; i++)
		if (insns[i].code == (KBPF_LD | KBPF_IMM | KBPF_DW))
			env->aux[++i].ldimm64_tail = true;

	KUNIT_ASSERT_EQ(test, kbpf_compute_liveness(env), 0);
	for (i = 0; i < len; i++)
		live[i] = env->aux[i].live_regs;
	return live;
}

static void kt_expect_live(struct kunit *test, const u16 *live,
			   const u16 *want, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		KUNIT_EXPECT_EQ_MSG(test, live[i], want[i] | FP, "insn %u", i);
}

static const u32 kt_one_subprog[] = { 0 };

static void kbpf_liveness_straight_test(struct kunit *test)
{
	static const struct kbpf_insn p[] = {
		KBPF_MOV64_IMM(0, 0),
		KBPF_MOV64_REG(2, 1),
		KBPF_ALU64_REG(KBPF_ADD, 0, 2),
		KBPF_EXIT_INSN(),
	};
	static const u16 want[] = {
		R(1), R(0) | R(1), R(0) | R(2), R(0),
	};

	kt_expect_live(test, kt_liveness(test, p, ARRAY_SIZE(p),
					 kt_one_subprog, 1),
		       want, ARRAY_SIZE(p));
}

static void kbpf_liveness_branch_test(struct kunit *test)
{
	static const struct kbpf_insn p[] = {
		KBPF_JMP_IMM(KBPF_JGT, 1, 5, 2),
		KBPF_MOV64_REG(0, 3),
		KBPF_EXIT_INSN(),
		KBPF_MOV64_REG(0, 4),
		KBPF_EXIT_INSN(),
		/* unreachable: still computed */
		KBPF_JMP32_A(1),
		KBPF_MOV64_REG(0, 1),
		KBPF_MOV64_REG(0, 2),
		KBPF_EXIT_INSN(),
	};
	static const u16 want[] = {
		R(1) | R(3) | R(4), R(3), R(0), R(4), R(0),
		R(2), R(1) | R(2), R(2), R(0),
	};

	kt_expect_live(test, kt_liveness(test, p, ARRAY_SIZE(p),
					 kt_one_subprog, 1),
		       want, ARRAY_SIZE(p));
}

/* r6, read after the loop, is live all around it and before it. */
static void kbpf_liveness_loop_test(struct kunit *test)
{
	static const struct kbpf_insn p[] = {
		KBPF_MOV64_IMM(0, 0),
		KBPF_MOV64_IMM(2, 10),
		KBPF_ALU64_REG(KBPF_ADD, 0, 2),
		KBPF_ALU64_IMM(KBPF_ADD, 2, -1),
		KBPF_JMP_IMM(KBPF_JNE, 2, 0, -3),
		KBPF_ALU64_REG(KBPF_ADD, 0, 6),
		KBPF_EXIT_INSN(),
	};
	static const u16 want[] = {
		R(6), R(0) | R(6), R(0) | R(2) | R(6), R(0) | R(2) | R(6),
		R(0) | R(2) | R(6), R(0) | R(6), R(0),
	};

	kt_expect_live(test, kt_liveness(test, p, ARRAY_SIZE(p),
					 kt_one_subprog, 1),
		       want, ARRAY_SIZE(p));
}

/* Nested loops; r7, written just before it is read, is live only there. */
static void kbpf_liveness_nested_loop_test(struct kunit *test)
{
	static const struct kbpf_insn p[] = {
		KBPF_MOV64_IMM(1, 3),			/* 0 */
		KBPF_MOV64_IMM(2, 3),			/* 1: outer */
		KBPF_MOV64_REG(7, 2),			/* 2: inner */
		KBPF_ALU64_REG(KBPF_ADD, 8, 7),		/* 3 */
		KBPF_ALU64_IMM(KBPF_SUB, 2, 1),		/* 4 */
		KBPF_JMP_IMM(KBPF_JNE, 2, 0, -4),	/* 5: to 2 */
		KBPF_ALU64_IMM(KBPF_SUB, 1, 1),		/* 6 */
		KBPF_JMP_IMM(KBPF_JNE, 1, 0, -7),	/* 7: to 1 */
		KBPF_MOV64_REG(0, 8),			/* 8 */
		KBPF_EXIT_INSN(),			/* 9 */
	};
	static const u16 want[] = {
		R(8), R(1) | R(8), R(1) | R(2) | R(8), R(1) | R(2) | R(7) | R(8),
		R(1) | R(2) | R(8), R(1) | R(2) | R(8), R(1) | R(8),
		R(1) | R(8), R(8), R(0),
	};

	kt_expect_live(test, kt_liveness(test, p, ARRAY_SIZE(p),
					 kt_one_subprog, 1),
		       want, ARRAY_SIZE(p));
}

static void kbpf_liveness_call_test(struct kunit *test)
{
	static const struct kbpf_insn p[] = {
		KBPF_MOV64_REG(2, 10),				/* 0 */
		KBPF_ALU64_IMM(KBPF_ADD, 2, -8),		/* 1 */
		KBPF_LD_IMM64_1(1, 0, 1),			/* 2 */
		KBPF_LD_IMM64_2(1),				/* 3 */
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),	/* 4 */
		KBPF_ALU64_REG(KBPF_ADD, 0, 8),			/* 5 */
		KBPF_CALL_REL(1),				/* 6 */
		KBPF_EXIT_INSN(),				/* 7 */
		KBPF_MOV64_REG(0, 1),				/* 8 */
		KBPF_EXIT_INSN(),				/* 9 */
	};
	static const u32 starts[] = { 0, 8 };
	static const u16 want[] = {
		R(8), R(2) | R(8), R(2) | R(8), R(1) | R(2) | R(8),
		R(1) | R(2) | R(8), R(0) | GENMASK(5, 1) | R(8),
		GENMASK(5, 1), R(0), R(1), R(0),
	};

	kt_expect_live(test, kt_liveness(test, p, ARRAY_SIZE(p), starts, 2),
		       want, ARRAY_SIZE(p));
}

/* Helpers read their prototype's arguments; unknown ones r1-r5. */
static void kbpf_liveness_helper_args_test(struct kunit *test)
{
	static const struct kbpf_insn p[] = {
		KBPF_CALL_HELPER(KBPF_FUNC_ktime_get_ns),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_CALL_HELPER(9999),
		KBPF_MOV64_REG(0, 7),
		KBPF_EXIT_INSN(),
	};
	static const u16 want[] = {
		R(7), GENMASK(3, 1) | R(7), GENMASK(3, 1) | R(7),
		GENMASK(5, 1) | R(7), R(7), R(0),
	};

	kt_expect_live(test, kt_liveness(test, p, ARRAY_SIZE(p),
					 kt_one_subprog, 1),
		       want, ARRAY_SIZE(p));
}

static void kbpf_liveness_mem_test(struct kunit *test)
{
	static const struct kbpf_insn p[] = {
		KBPF_STX_MEM(KBPF_DW, 10, 1, -8),			/* 0 */
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD | KBPF_FETCH, 10, 1, -8),
		KBPF_MOV64_REG(6, 1),					/* 2 */
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_CMPXCHG, 10, 2, -8),	/* 3 */
		KBPF_ATOMIC_OP(KBPF_W, KBPF_XCHG, 10, 5, -8),		/* 4 */
		KBPF_ATOMIC_OP(KBPF_W, KBPF_ADD, 10, 9, -8),		/* 5 */
		KBPF_ST_MEM(KBPF_W, 3, 0, 7),				/* 6 */
		KBPF_LDX_MEM(KBPF_W, 5, 4, 0),				/* 7 */
		KBPF_JMP_REG(KBPF_JEQ, 5, 6, 0),			/* 8 */
		KBPF_EXIT_INSN(),					/* 9 */
	};
	/* r5: read by the xchg at 4, written before 8 by the load at 7. */
	static const u16 want[] = {
		R(0) | R(1) | R(2) | R(3) | R(4) | R(5) | R(9),
		R(0) | R(1) | R(2) | R(3) | R(4) | R(5) | R(9),
		R(0) | R(1) | R(2) | R(3) | R(4) | R(5) | R(9),
		R(0) | R(2) | R(3) | R(4) | R(5) | R(6) | R(9),
		R(0) | R(3) | R(4) | R(5) | R(6) | R(9),
		R(0) | R(3) | R(4) | R(6) | R(9),
		R(0) | R(3) | R(4) | R(6),
		R(0) | R(4) | R(6),
		R(0) | R(5) | R(6),
		R(0),
	};

	kt_expect_live(test, kt_liveness(test, p, ARRAY_SIZE(p),
					 kt_one_subprog, 1),
		       want, ARRAY_SIZE(p));
}

/* ALU reads dst except for MOV; byte swaps read only dst. */
static void kbpf_liveness_alu_test(struct kunit *test)
{
	static const struct kbpf_insn p[] = {
		KBPF_ENDIAN(KBPF_TO_BE, 1, 16),		/* 0 */
		KBPF_RAW_INSN(KBPF_ALU64 | KBPF_NEG, 2, 0, 0, 0),
		KBPF_MOV32_REG(3, 4),			/* 2 */
		KBPF_ALU32_IMM(KBPF_ADD, 3, 1),		/* 3 */
		KBPF_MOV64_IMM(0, 0),			/* 4 */
		KBPF_ALU64_REG(KBPF_SUB, 0, 1),		/* 5 */
		KBPF_ALU64_REG(KBPF_SUB, 0, 2),		/* 6 */
		KBPF_ALU64_REG(KBPF_SUB, 0, 3),		/* 7 */
		KBPF_EXIT_INSN(),			/* 8 */
	};
	static const u16 want[] = {
		R(1) | R(2) | R(4), R(1) | R(2) | R(4), R(1) | R(2) | R(4),
		R(1) | R(2) | R(3), R(1) | R(2) | R(3),
		R(0) | R(1) | R(2) | R(3), R(0) | R(2) | R(3), R(0) | R(3),
		R(0),
	};

	kt_expect_live(test, kt_liveness(test, p, ARRAY_SIZE(p),
					 kt_one_subprog, 1),
		       want, ARRAY_SIZE(p));
}

/* A jump out of its subprogram (the CFG check refuses it) keeps all live. */
static void kbpf_liveness_escape_test(struct kunit *test)
{
	static const struct kbpf_insn p[] = {
		KBPF_CALL_REL(1),		/* 0 */
		KBPF_EXIT_INSN(),		/* 1 */
		KBPF_JMP_A(-3),			/* 2: out of subprogram 1 */
		KBPF_EXIT_INSN(),		/* 3 */
	};
	static const u32 starts[] = { 0, 2 };
	static const u16 want[] = {
		GENMASK(5, 1), R(0), GENMASK(KBPF_REG_FP, 0), R(0),
	};

	kt_expect_live(test, kt_liveness(test, p, ARRAY_SIZE(p), starts, 2),
		       want, ARRAY_SIZE(p));
}

static struct kunit_case kbpf_verifier_print_cases[] = {
	KUNIT_CASE(kbpf_print_insn_test),
	KUNIT_CASE(kbpf_print_insn_leak_test),
	KUNIT_CASE(kbpf_print_insn_short_test),
	KUNIT_CASE(kbpf_print_reg_type_test),
	KUNIT_CASE(kbpf_print_reg_test),
	KUNIT_CASE(kbpf_print_frame_test),
	KUNIT_CASE(kbpf_liveness_straight_test),
	KUNIT_CASE(kbpf_liveness_branch_test),
	KUNIT_CASE(kbpf_liveness_loop_test),
	KUNIT_CASE(kbpf_liveness_nested_loop_test),
	KUNIT_CASE(kbpf_liveness_call_test),
	KUNIT_CASE(kbpf_liveness_helper_args_test),
	KUNIT_CASE(kbpf_liveness_mem_test),
	KUNIT_CASE(kbpf_liveness_alu_test),
	KUNIT_CASE(kbpf_liveness_escape_test),
	{}
};

static struct kunit_suite kbpf_verifier_print_suite = {
	.name = "kbpf_verifier_print",
	.test_cases = kbpf_verifier_print_cases,
};

kunit_test_suite(kbpf_verifier_print_suite);
