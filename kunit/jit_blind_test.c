// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: constant blinding of a program of several functions
 * (kmod/jit/blind.c). The copy's layout: every function start in the
 * frame table, the bpf-to-bpf call, the callback load and a jump back to
 * a function's start land where their targets' rewrites begin; the copy
 * JITed with the moved table runs as the interpreter runs the original,
 * and its image holds none of the chosen immediates. References that
 * leave the program are refused with nothing left allocated.
 */

#include <kunit/test.h>
#include <linux/string.h>

#include "../kmod/jit/arena.h"
#include "../kmod/jit/blind.h"
#include "../kmod/jit/jit.h"
#include "../kmod/prog/interp.h"
#include "../kmod/prog/type.h"
#include "../tools/include/kbpf/insn.h"
#include "jit_run.h"

#define KJB_HELPER_LOOP	1

/* As bpf_loop(): a non-zero return of the callback ends the loop. */
static u64 kjb_helper_loop(u64 nr, u64 cb, u64 ctx, u64 r4, u64 r5)
{
	u64 i;

	for (i = 0; i < nr; i++)
		if (kbpf_interp_call((const void *)(unsigned long)cb, i, ctx, 0,
				     0, 0))
			return i + 1;
	return nr;
}

static const kbpf_helper_fn kjb_helpers[] = {
	[KJB_HELPER_LOOP] = kjb_helper_loop,
};

static const u32 kjb_k[] = { 0x5a3c96e1, 0x6b4da7f2, 0x7c5eb803,
			     0x0d6fc914 };

#define KJB_SUB		13	/* starts with a blinded instruction */
#define KJB_CB		19	/* starts with one that stays */
#define KJB_LEN		26
/* Instructions with a chosen immediate: each becomes three. */
#define KJB_BLINDED	9

/*
 * main: r6 = sub(3); loop(4, cb, &fp[-8]); r0 = fp[-8] + r6.
 * sub: r0 = k1 + r1, counting r1 down to 0 by jumping back to the
 * function's first instruction; then r0 += k2.
 * cb: *ctx = *ctx * k3 + index.
 */
static void kjb_prog(struct kbpf_insn *p)
{
	const struct kbpf_insn insns[KJB_LEN] = {
		KBPF_ST_MEM(KBPF_DW, 10, -8, kjb_k[0]),
		KBPF_MOV64_IMM(1, 3),
		KBPF_CALL_REL(KJB_SUB - 3),
		KBPF_MOV64_REG(6, 0),
		KBPF_MOV64_IMM(1, 4),
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_REG(3, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 3, -8),
		KBPF_CALL_HELPER(KJB_HELPER_LOOP),
		KBPF_LDX_MEM(KBPF_DW, 0, 10, -8),
		KBPF_ALU64_REG(KBPF_ADD, 0, 6),
		KBPF_EXIT_INSN(),
		/* sub (13) */
		KBPF_MOV64_IMM(0, kjb_k[1]),
		KBPF_ALU64_REG(KBPF_ADD, 0, 1),
		KBPF_ALU64_IMM(KBPF_SUB, 1, 1),
		KBPF_JMP_IMM(KBPF_JSGT, 1, 0, KJB_SUB - 17),
		KBPF_ALU64_IMM(KBPF_ADD, 0, kjb_k[2]),
		KBPF_EXIT_INSN(),
		/* cb (19) */
		KBPF_MOV64_REG(0, 1),
		KBPF_LDX_MEM(KBPF_DW, 3, 2, 0),
		KBPF_ALU64_IMM(KBPF_MUL, 3, kjb_k[3]),
		KBPF_ALU64_REG(KBPF_ADD, 3, 0),
		KBPF_STX_MEM(KBPF_DW, 2, 3, 0),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
	};
	u64 addr = (unsigned long)&p[KJB_CB];

	memcpy(p, insns, sizeof(insns));
	p[5].imm = (u32)addr;
	p[6].imm = addr >> 32;
}

static const struct kbpf_prog_frame kjb_frames[] = {
	{ .start = 0, .size = 8 },
	{ .start = KJB_SUB, .size = 0 },
	{ .start = KJB_CB, .size = 0 },
};

/* The copy's one instruction of @code and @src_reg; -1: none or more. */
static s64 kjb_find(const struct kbpf_jit_blinded *b, u8 code, u8 src_reg)
{
	s64 at = -1;
	u32 i;

	for (i = 0; i < b->len; i++) {
		if (b->insns[i].code != code || b->insns[i].src_reg != src_reg)
			continue;
		if (at >= 0)
			return -1;
		at = i;
	}
	return at;
}

static void kbpf_jit_blind_layout_test(struct kunit *test)
{
	struct kbpf_insn p[KJB_LEN];
	struct kbpf_jit_blinded b;
	const struct kbpf_insn *sub;
	u32 k, s_sub, s_cb;
	u64 addr;
	s64 at;

	kjb_prog(p);
	KUNIT_ASSERT_EQ(test, kbpf_jit_blind(p, KJB_LEN, kjb_frames,
					     ARRAY_SIZE(kjb_frames), &b), 0);
	KUNIT_EXPECT_EQ(test, b.len, KJB_LEN + 2 * KJB_BLINDED);
	KUNIT_ASSERT_NOT_NULL(test, b.frames);
	KUNIT_ASSERT_EQ(test, b.frame_cnt, ARRAY_SIZE(kjb_frames));
	for (k = 0; k < b.frame_cnt; k++)
		KUNIT_EXPECT_EQ(test, b.frames[k].size, kjb_frames[k].size);
	KUNIT_EXPECT_EQ(test, b.frames[0].start, 0);
	s_sub = b.frames[1].start;
	s_cb = b.frames[2].start;
	KUNIT_ASSERT_LT(test, s_cb, b.len);
	KUNIT_ASSERT_LT(test, s_sub + 2, s_cb);

	/* sub begins with its first instruction's rewrite: ax first */
	sub = &b.insns[s_sub];
	KUNIT_EXPECT_EQ(test, sub[0].code, KBPF_ALU64 | KBPF_MOV | KBPF_K);
	KUNIT_EXPECT_EQ(test, (u8)sub[0].dst_reg, KBPF_REG_AX);
	KUNIT_EXPECT_EQ(test, sub[1].code, KBPF_ALU64 | KBPF_XOR | KBPF_K);
	KUNIT_EXPECT_EQ(test, (u32)(sub[0].imm ^ sub[1].imm), kjb_k[1]);
	KUNIT_EXPECT_EQ(test, sub[2].code, KBPF_ALU64 | KBPF_MOV | KBPF_X);
	KUNIT_EXPECT_EQ(test, (u8)sub[2].src_reg, KBPF_REG_AX);
	/* cb begins with an instruction that stays as it was */
	KUNIT_EXPECT_EQ(test, memcmp(&b.insns[s_cb], &p[KJB_CB], sizeof(*p)),
			0);

	/* the call and the jump back land on sub's first rewrite */
	at = kjb_find(&b, KBPF_JMP | KBPF_CALL, KBPF_PSEUDO_CALL);
	KUNIT_ASSERT_GE(test, at, 0);
	KUNIT_EXPECT_EQ(test, at + 1 + b.insns[at].imm, s_sub);
	at = kjb_find(&b, KBPF_JMP | KBPF_JSGT | KBPF_X, KBPF_REG_AX);
	KUNIT_ASSERT_GE(test, at, 0);
	KUNIT_EXPECT_EQ(test, at + 1 + b.insns[at].off, s_sub);

	/* the callback load names the copy's cb, and is not blinded */
	at = kjb_find(&b, KBPF_LD | KBPF_IMM | KBPF_DW, KBPF_PSEUDO_FUNC);
	KUNIT_ASSERT_GE(test, at, 0);
	KUNIT_ASSERT_LT(test, at + 1, b.len);
	KUNIT_EXPECT_EQ(test, (u8)b.insns[at].dst_reg, 2);
	addr = (u32)b.insns[at].imm | (u64)(u32)b.insns[at + 1].imm << 32;
	KUNIT_EXPECT_EQ(test, addr, (u64)(unsigned long)&b.insns[s_cb]);
	/* the original still names its own */
	addr = (u32)p[5].imm | (u64)(u32)p[6].imm << 32;
	KUNIT_EXPECT_EQ(test, addr, (u64)(unsigned long)&p[KJB_CB]);
	kbpf_jit_blinded_free(&b);
	KUNIT_EXPECT_NULL(test, b.insns);
	KUNIT_EXPECT_NULL(test, b.frames);
}

/* Whether @img holds the 4 bytes of @v, at any offset. */
static bool kjb_image_has(const struct kbpf_jit_image *img, u32 v)
{
	const u8 *code = (const u8 *)img->func;
	u32 i;

	for (i = 0; i + sizeof(v) <= img->len; i++)
		if (!memcmp(code + i, &v, sizeof(v)))
			return true;
	return false;
}

/*
 * The copy JITed with the moved frame table against the interpreter
 * running the original; the image has no chosen immediate, while the
 * unblinded program's image has them all (the check can see them).
 */
static void kbpf_jit_blind_run_test(struct kunit *test)
{
	struct kbpf_interp_env env = {
		.helpers = kjb_helpers,
		.helper_cnt = ARRAY_SIZE(kjb_helpers),
		.stack_depth = 16,
	};
	struct kbpf_insn p[KJB_LEN];
	struct kbpf_jit_image img;
	struct kbpf_jit_blinded b;
	u32 k, found = 0;
	u64 want, got;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	kjb_prog(p);
	KUNIT_ASSERT_EQ(test, kbpf_jit_compile_frames(p, KJB_LEN, 8, kjb_frames,
						      ARRAY_SIZE(kjb_frames),
						      kjb_helpers,
						      ARRAY_SIZE(kjb_helpers),
						      &img), 0);
	for (k = 0; k < ARRAY_SIZE(kjb_k); k++)
		found += kjb_image_has(&img, kjb_k[k]);
	kbpf_jit_image_free(&img);
	KUNIT_EXPECT_EQ(test, found, ARRAY_SIZE(kjb_k));

	KUNIT_ASSERT_EQ(test, kbpf_jit_blind(p, KJB_LEN, kjb_frames,
					     ARRAY_SIZE(kjb_frames), &b), 0);
	KUNIT_ASSERT_EQ_MSG(test,
			    kbpf_jit_compile_frames(b.insns, b.len, 8, b.frames,
						    b.frame_cnt, kjb_helpers,
						    ARRAY_SIZE(kjb_helpers),
						    &img), 0,
			    "the blinded copy was not JITed");
	kbpf_jit_blinded_free(&b);
	for (found = 0, k = 0; k < ARRAY_SIZE(kjb_k); k++)
		found += kjb_image_has(&img, kjb_k[k]);
	KUNIT_EXPECT_EQ(test, found, 0);
	want = kbpf_interp_run_env(p, NULL, &env);
	got = kbpf_test_run_jited(&img, NULL, &env);
	kbpf_jit_image_free(&img);
	KUNIT_EXPECT_EQ_MSG(test, got, want, "JIT %#llx, interpreter %#llx",
			    got, want);
}

/* What leaves the program is refused, and nothing stays allocated. */
static void kbpf_jit_blind_refuses_test(struct kunit *test)
{
	struct kbpf_prog_frame frames[ARRAY_SIZE(kjb_frames)];
	struct kbpf_insn p[KJB_LEN];
	struct kbpf_jit_blinded b;
	u64 addr;

	kjb_prog(p);
	/* a callback load naming the instruction past the end */
	addr = (unsigned long)&p[KJB_LEN];
	p[5].imm = (u32)addr;
	p[6].imm = addr >> 32;
	KUNIT_EXPECT_EQ(test, kbpf_jit_blind(p, KJB_LEN, kjb_frames,
					     ARRAY_SIZE(kjb_frames), &b),
			-EOPNOTSUPP);
	KUNIT_EXPECT_NULL(test, b.insns);
	KUNIT_EXPECT_NULL(test, b.frames);
	/* a call past the end */
	kjb_prog(p);
	p[2].imm = KJB_LEN;
	KUNIT_EXPECT_EQ(test, kbpf_jit_blind(p, KJB_LEN, kjb_frames,
					     ARRAY_SIZE(kjb_frames), &b),
			-EOPNOTSUPP);
	KUNIT_EXPECT_NULL(test, b.insns);
	/* a frame starting past the end */
	kjb_prog(p);
	memcpy(frames, kjb_frames, sizeof(frames));
	frames[2].start = KJB_LEN;
	KUNIT_EXPECT_EQ(test, kbpf_jit_blind(p, KJB_LEN, frames,
					     ARRAY_SIZE(frames), &b),
			-EOPNOTSUPP);
	KUNIT_EXPECT_NULL(test, b.insns);
	KUNIT_EXPECT_NULL(test, b.frames);
	/* an ld_imm64 cut short at the end stays, unread past */
	p[KJB_LEN - 1] = (struct kbpf_insn)KBPF_LD_IMM64_1(0, 0, kjb_k[0]);
	KUNIT_ASSERT_EQ(test, kbpf_jit_blind(p, KJB_LEN, NULL, 0, &b), 0);
	KUNIT_EXPECT_NULL(test, b.frames);
	KUNIT_EXPECT_EQ(test, memcmp(&b.insns[b.len - 1], &p[KJB_LEN - 1],
				     sizeof(*p)), 0);
	kbpf_jit_blinded_free(&b);
}

static struct kunit_case kbpf_jit_blind_test_cases[] = {
	KUNIT_CASE(kbpf_jit_blind_layout_test),
	KUNIT_CASE(kbpf_jit_blind_run_test),
	KUNIT_CASE(kbpf_jit_blind_refuses_test),
	{}
};

static struct kunit_suite kbpf_jit_blind_suite = {
	.name = "kbpf_jit_blind",
	.test_cases = kbpf_jit_blind_test_cases,
};

kunit_test_suite(kbpf_jit_blind_suite);
