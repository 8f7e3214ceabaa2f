// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: bpf_loop() inlining (kmod/verifier/inline_loop.c), through the
 * whole verifier (kbpf_check()) on raw tracepoint programs: which calls
 * become loops and which stay helper calls (flags not a known 0, two
 * callbacks, the added 24 bytes or the callback's frame past the stack,
 * a callback handed down to a subprogram, one callback at two sites of
 * which one is fit), the loop's shape and stack, and what the loops
 * compute interpreted and JITed: the count, the early stop, -E2BIG past
 * 1 << 23, nested loops, a loop in a subprogram.
 */

#include <kunit/test.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../kmod/compat.h"
#include "../kmod/jit/arena.h"
#include "../kmod/jit/jit.h"
#include "../kmod/prog/helpers.h"
#include "../kmod/prog/interp.h"
#include "../kmod/prog/type.h"
#include "../kmod/verifier/env.h"
#include "../tools/include/kbpf/insn.h"

#define KVL_EXTRA	(KBPF_LOOP_INLINE_LEN - 1)

/* r@dst = the function at pc + @rel + 1 (an ld_imm64's first slot) */
#define KVL_FUNC(dst, rel)	KBPF_LD_IMM64_1(dst, KBPF_PSEUDO_FUNC, rel)
#define KVL_FUNC2		KBPF_LD_IMM64_2(0)
#define KVL_LOOP	KBPF_CALL_HELPER(KBPF_FUNC_loop)

static void kvl_free(void *p)
{
	struct kbpf_prog *prog = p;

	kfree(prog->frames);
	kvfree(prog);
}

/* @insns through the verifier as a raw tracepoint program. */
static struct kbpf_prog *kvl_load(struct kunit *test,
				  const struct kbpf_insn *insns, u32 len,
				  int *err)
{
	union kbpf_attr attr = {};
	struct kbpf_prog *prog;

	prog = kvzalloc(struct_size(prog, insns, len), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prog);
	prog->type = KBPF_PROG_TYPE_RAW_TRACEPOINT;
	prog->ops = kbpf_prog_ops_of(prog->type);
	prog->len = len;
	memcpy(prog->insns, insns, len * sizeof(*insns));
	*err = kbpf_check(&prog, &attr, NULL, 0);
	if (*err) {
		kfree(prog->frames);
		kvfree(prog);
		return NULL;
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kvl_free, prog),
			0);
	return prog;
}

static struct kbpf_prog *kvl_load_ok(struct kunit *test,
				     const struct kbpf_insn *insns, u32 len)
{
	struct kbpf_prog *prog;
	int err;

	prog = kvl_load(test, insns, len, &err);
	KUNIT_ASSERT_EQ(test, err, 0);
	return prog;
}

static s64 kvl_run(const struct kbpf_prog *prog, u64 nr)
{
	u64 args[12] = { nr };
	s64 ret;

	rcu_read_lock();
	migrate_disable();
	ret = kbpf_interp_run(prog, args, NULL);
	migrate_enable();
	rcu_read_unlock();
	return ret;
}

struct kvl_case {
	u64 nr;		/* the program's args[0] */
	s64 want;
};

/* Each case, interpreted then JITed (when the arena works). */
static void kvl_expect(struct kunit *test, struct kbpf_prog *prog,
		       const struct kvl_case *c, u32 n)
{
	struct kbpf_jit_image img;
	u32 i;

	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, kvl_run(prog, c[i].nr), c[i].want,
				    "interpreted, nr %llu", c[i].nr);
	if (!kbpf_jit_arena_enabled())
		return;
	KUNIT_ASSERT_EQ(test, kbpf_jit_compile_frames(prog->insns, prog->len,
						      prog->stack_depth,
						      prog->frames,
						      prog->frame_cnt,
						      kbpf_helper_fns,
						      kbpf_helper_fns_cnt,
						      &img), 0);
	prog->jit_func = img.func;
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, kvl_run(prog, c[i].nr), c[i].want,
				    "JITed, nr %llu", c[i].nr);
	prog->jit_func = NULL;
	kbpf_jit_image_free(&img);
}

static bool kvl_is_helper_loop(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_JMP | KBPF_CALL) && !insn->src_reg &&
	       insn->imm == KBPF_FUNC_loop;
}

/*
 * The loop at @at: -E2BIG past 1 << 23, r6-r8 saved at @spill, the call
 * landing on @cb.
 */
static void kvl_expect_loop(struct kunit *test, const struct kbpf_prog *prog,
			    u32 at, s16 spill, u32 cb)
{
	const struct kbpf_insn *l = &prog->insns[at];

	KUNIT_ASSERT_LE(test, at + KBPF_LOOP_INLINE_LEN, prog->len);
	KUNIT_EXPECT_EQ(test, l[0].code, KBPF_JMP | KBPF_JLE | KBPF_K);
	KUNIT_EXPECT_EQ(test, l[0].imm, KBPF_MAX_LOOPS);
	KUNIT_EXPECT_EQ(test, l[1].imm, -E2BIG);
	KUNIT_EXPECT_EQ(test, at + 3 + l[2].off, at + KBPF_LOOP_INLINE_LEN);
	KUNIT_EXPECT_EQ(test, l[3].off, spill);
	KUNIT_EXPECT_EQ(test, l[4].off, spill + 8);
	KUNIT_EXPECT_EQ(test, l[5].off, spill + 16);
	KUNIT_EXPECT_EQ(test, (u8)l[12].src_reg, KBPF_PSEUDO_CALL);
	KUNIT_EXPECT_EQ(test, at + 13 + l[12].imm, cb);
	KUNIT_EXPECT_EQ(test, l[16].off, spill);
	KUNIT_EXPECT_EQ(test, l[18].off, spill + 16);
}

/*
 * bpf_loop(args[0], cb, fp - 8, 0): r0 = its result << 16 + the sum of
 * the indices cb saw; cb stops after index 20.
 */
static const struct kbpf_insn kvl_main[] = {
	KBPF_MOV64_REG(6, 1),
	KBPF_ST_MEM(KBPF_DW, 10, -8, 0),
	KBPF_LDX_MEM(KBPF_DW, 1, 6, 0),
	KBPF_MOV64_IMM(4, 0),
	KVL_FUNC(2, 8),				/* cb */
	KVL_FUNC2,
	KBPF_MOV64_REG(3, 10),
	KBPF_ALU64_IMM(KBPF_ADD, 3, -8),
	KVL_LOOP,				/* 8 */
	KBPF_ALU64_IMM(KBPF_LSH, 0, 16),
	KBPF_LDX_MEM(KBPF_DW, 1, 10, -8),
	KBPF_ALU64_REG(KBPF_ADD, 0, 1),
	KBPF_EXIT_INSN(),
	/* 13: cb(index, ctx) */
	KBPF_LDX_MEM(KBPF_DW, 3, 2, 0),
	KBPF_ALU64_REG(KBPF_ADD, 3, 1),
	KBPF_STX_MEM(KBPF_DW, 2, 3, 0),
	KBPF_MOV64_IMM(0, 0),
	KBPF_JMP_IMM(KBPF_JNE, 1, 20, 1),
	KBPF_MOV64_IMM(0, 1),
	KBPF_EXIT_INSN(),
};

#define KVL_RES(ret, sum)	((s64)(ret) * 65536 + (sum))
/* The inlined loop's -E2BIG: a 32-bit move, zero-extended (as Linux) */
#define KVL_E2BIG	((s64)(u32)-E2BIG)

static const struct kvl_case kvl_main_cases[] = {
	{ 0, KVL_RES(0, 0) },
	{ 1, KVL_RES(1, 0) },
	{ 10, KVL_RES(10, 45) },
	{ 30, KVL_RES(21, 210) },	/* stopped after index 20 */
	{ KBPF_MAX_LOOPS, KVL_RES(21, 210) },
	{ KBPF_MAX_LOOPS + 1, KVL_RES(KVL_E2BIG, 0) },
	{ (1ULL << 32) + 3, KVL_RES(KVL_E2BIG, 0) },	/* 64-bit, as Linux */
};

static void kbpf_loop_inline_main_test(struct kunit *test)
{
	struct kbpf_prog *prog = kvl_load_ok(test, kvl_main,
					     ARRAY_SIZE(kvl_main));

	KUNIT_ASSERT_EQ(test, prog->len, ARRAY_SIZE(kvl_main) + KVL_EXTRA);
	/* 8 bytes of stack, then r6-r8: 32, one 16-byte frame unit more */
	kvl_expect_loop(test, prog, 8, -32, 13 + KVL_EXTRA);
	KUNIT_EXPECT_EQ(test, prog->frames[0].size, 32);
	KUNIT_EXPECT_EQ(test, prog->frames[1].start, 13 + KVL_EXTRA);
	KUNIT_EXPECT_EQ(test, prog->stack_depth, 32);
	kvl_expect(test, prog, kvl_main_cases, ARRAY_SIZE(kvl_main_cases));
}

/* kvl_main with instruction @at replaced by @insn. */
static struct kbpf_insn *kvl_variant(struct kunit *test, u32 at,
				     struct kbpf_insn insn)
{
	struct kbpf_insn *p = kunit_kmalloc(test, sizeof(kvl_main),
					    GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	memcpy(p, kvl_main, sizeof(kvl_main));
	p[at] = insn;
	return p;
}

/* flags from the ctx: the helper, with its u32 count */
static void kbpf_loop_inline_unknown_flags_test(struct kunit *test)
{
	struct kbpf_insn *p = kvl_variant(test, 3, (struct kbpf_insn)
					  KBPF_LDX_MEM(KBPF_DW, 4, 6, 8));
	const struct kvl_case cases[] = {
		{ 10, KVL_RES(10, 45) },
		{ (1ULL << 32) + 3, KVL_RES(3, 3) },
	};
	struct kbpf_prog *prog = kvl_load_ok(test, p, ARRAY_SIZE(kvl_main));

	KUNIT_EXPECT_EQ(test, prog->len, ARRAY_SIZE(kvl_main));
	KUNIT_EXPECT_TRUE(test, kvl_is_helper_loop(&prog->insns[8]));
	KUNIT_EXPECT_EQ(test, prog->stack_depth, 8);
	kvl_expect(test, prog, cases, ARRAY_SIZE(cases));
}

/* flags a known 1: the helper, which refuses them */
static void kbpf_loop_inline_flags_one_test(struct kunit *test)
{
	struct kbpf_insn *p = kvl_variant(test, 3, (struct kbpf_insn)
					  KBPF_MOV64_IMM(4, 1));
	const struct kvl_case cases[] = { { 10, KVL_RES(-EINVAL, 0) } };
	struct kbpf_prog *prog = kvl_load_ok(test, p, ARRAY_SIZE(kvl_main));

	KUNIT_EXPECT_TRUE(test, kvl_is_helper_loop(&prog->insns[8]));
	kvl_expect(test, prog, cases, ARRAY_SIZE(cases));
}

/*
 * Two callbacks on two paths (args[1] picks; 0 here: cb1, which never
 * stops): the helper. Then the same callback on both paths: inlined.
 */
static void kbpf_loop_inline_two_callbacks_test(struct kunit *test)
{
	struct kbpf_insn p[] = {
		KBPF_LDX_MEM(KBPF_DW, 5, 1, 8),
		KBPF_LDX_MEM(KBPF_DW, 1, 1, 0),
		KVL_FUNC(2, 8),				/* cb1 */
		KVL_FUNC2,
		KBPF_JMP_IMM(KBPF_JEQ, 5, 0, 2),
		KVL_FUNC(2, 7),				/* cb2 */
		KVL_FUNC2,
		KBPF_MOV64_IMM(3, 0),
		KBPF_MOV64_IMM(4, 0),
		KVL_LOOP,				/* 9 */
		KBPF_EXIT_INSN(),
		/* 11: cb1 */
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
		/* 13: cb2 */
		KBPF_MOV64_IMM(0, 1),
		KBPF_EXIT_INSN(),
	};
	const struct kvl_case cases[] = { { 7, 7 } };
	struct kbpf_prog *prog;

	prog = kvl_load_ok(test, p, ARRAY_SIZE(p));
	KUNIT_EXPECT_EQ(test, prog->len, ARRAY_SIZE(p));
	KUNIT_EXPECT_TRUE(test, kvl_is_helper_loop(&prog->insns[9]));
	kvl_expect(test, prog, cases, ARRAY_SIZE(cases));

	/* cb1 on both paths; cb2, now unreachable, left out */
	p[5].imm = 11 - 5 - 1;
	prog = kvl_load_ok(test, p, ARRAY_SIZE(p) - 2);
	KUNIT_EXPECT_EQ(test, prog->len, ARRAY_SIZE(p) - 2 + KVL_EXTRA);
	kvl_expect_loop(test, prog, 9, -24, 11 + KVL_EXTRA);
	kvl_expect(test, prog, cases, ARRAY_SIZE(cases));
}

/*
 * The caller's 24 added bytes past 512: the helper. 488 bytes leave
 * room (512 in all), 496 do not.
 */
static void kbpf_loop_inline_stack_full_test(struct kunit *test)
{
	struct kbpf_insn p[] = {
		KBPF_ST_MEM(KBPF_DW, 10, -488, 0),
		KBPF_LDX_MEM(KBPF_DW, 1, 1, 0),
		KVL_FUNC(2, 5),				/* cb */
		KVL_FUNC2,
		KBPF_MOV64_IMM(3, 0),
		KBPF_MOV64_IMM(4, 0),
		KVL_LOOP,				/* 6 */
		KBPF_EXIT_INSN(),
		/* 8: cb */
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
	};
	const struct kvl_case cases[] = { { 9, 9 } };
	struct kbpf_prog *prog;

	prog = kvl_load_ok(test, p, ARRAY_SIZE(p));
	KUNIT_EXPECT_EQ(test, prog->len, ARRAY_SIZE(p) + KVL_EXTRA);
	kvl_expect_loop(test, prog, 6, -512, 8 + KVL_EXTRA);
	KUNIT_EXPECT_EQ(test, prog->stack_depth, KBPF_STACK_SIZE);
	kvl_expect(test, prog, cases, ARRAY_SIZE(cases));

	p[0].off = -496;
	prog = kvl_load_ok(test, p, ARRAY_SIZE(p));
	KUNIT_EXPECT_EQ(test, prog->len, ARRAY_SIZE(p));
	KUNIT_EXPECT_TRUE(test, kvl_is_helper_loop(&prog->insns[6]));
	KUNIT_EXPECT_EQ(test, prog->stack_depth, 496);
	kvl_expect(test, prog, cases, ARRAY_SIZE(cases));
}

/*
 * A callback handed down: main (256 bytes) loads cb and calls sub with
 * it; sub loops over it. Inlined, the chain is main, sub (0 + 24 bytes,
 * a 32-byte frame) and cb: with a 224-byte cb 512 in all (inlined),
 * with 232 bytes past it (the helper, which runs cb on a stack of its
 * own). Linux's proof counts cb from main only.
 */
static void kbpf_loop_inline_handed_down_test(struct kunit *test)
{
	struct kbpf_insn p[] = {
		KBPF_ST_MEM(KBPF_DW, 10, -256, 0),
		KBPF_LDX_MEM(KBPF_DW, 6, 1, 0),
		KVL_FUNC(1, 11),			/* cb */
		KVL_FUNC2,
		KBPF_MOV64_REG(2, 6),
		KBPF_CALL_REL(1),			/* sub */
		KBPF_EXIT_INSN(),
		/* 7: sub(cb, nr) */
		KBPF_MOV64_REG(6, 1),
		KBPF_MOV64_REG(1, 2),
		KBPF_MOV64_REG(2, 6),
		KBPF_MOV64_IMM(3, 0),
		KBPF_MOV64_IMM(4, 0),
		KVL_LOOP,				/* 12 */
		KBPF_EXIT_INSN(),
		/* 14: cb */
		KBPF_ST_MEM(KBPF_DW, 10, -224, 0),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
	};
	const struct kvl_case cases[] = { { 5, 5 }, { 0, 0 } };
	struct kbpf_prog *prog;

	prog = kvl_load_ok(test, p, ARRAY_SIZE(p));
	KUNIT_EXPECT_EQ(test, prog->len, ARRAY_SIZE(p) + KVL_EXTRA);
	kvl_expect_loop(test, prog, 12, -24, 14 + KVL_EXTRA);
	kvl_expect(test, prog, cases, ARRAY_SIZE(cases));

	p[14].off = -232;
	prog = kvl_load_ok(test, p, ARRAY_SIZE(p));
	KUNIT_EXPECT_EQ(test, prog->len, ARRAY_SIZE(p));
	KUNIT_EXPECT_TRUE(test, kvl_is_helper_loop(&prog->insns[12]));
	kvl_expect(test, prog, cases, ARRAY_SIZE(cases));
}

/*
 * One callback, two sites: the first with flags 0 (inlined), the second
 * with flags from the ctx (the helper). r0 = first * 1000 + second.
 */
static void kbpf_loop_inline_shared_callback_test(struct kunit *test)
{
	static const struct kbpf_insn p[] = {
		KBPF_MOV64_REG(6, 1),
		KBPF_LDX_MEM(KBPF_DW, 1, 6, 0),
		KVL_FUNC(2, 15),			/* cb */
		KVL_FUNC2,
		KBPF_MOV64_IMM(3, 0),
		KBPF_MOV64_IMM(4, 0),
		KVL_LOOP,				/* 6 */
		KBPF_MOV64_REG(7, 0),
		KBPF_LDX_MEM(KBPF_DW, 1, 6, 0),
		KBPF_ALU64_IMM(KBPF_ADD, 1, 1),
		KVL_FUNC(2, 7),				/* cb */
		KVL_FUNC2,
		KBPF_MOV64_IMM(3, 0),
		KBPF_LDX_MEM(KBPF_DW, 4, 6, 8),
		KVL_LOOP,				/* 14 */
		KBPF_ALU64_IMM(KBPF_MUL, 7, 1000),
		KBPF_ALU64_REG(KBPF_ADD, 0, 7),
		KBPF_EXIT_INSN(),
		/* 18: cb */
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
	};
	const struct kvl_case cases[] = { { 4, 4005 }, { 0, 1 } };
	struct kbpf_prog *prog = kvl_load_ok(test, p, ARRAY_SIZE(p));

	KUNIT_EXPECT_EQ(test, prog->len, ARRAY_SIZE(p) + KVL_EXTRA);
	kvl_expect_loop(test, prog, 6, -24, 18 + KVL_EXTRA);
	KUNIT_EXPECT_TRUE(test,
			  kvl_is_helper_loop(&prog->insns[14 + KVL_EXTRA]));
	kvl_expect(test, prog, cases, ARRAY_SIZE(cases));
}

/*
 * Nested, and in a subprogram: main calls sub(args[0]); sub loops over
 * cb1, which loops 3 times over cb2, which adds index + 1 to main's
 * counter; cb1 stops at index 4. All three get their 24 bytes.
 */
static void kbpf_loop_inline_nested_test(struct kunit *test)
{
	static const struct kbpf_insn p[] = {
		KBPF_ST_MEM(KBPF_DW, 10, -8, 0),
		KBPF_LDX_MEM(KBPF_DW, 1, 1, 0),
		KBPF_MOV64_REG(2, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 2, -8),
		KBPF_CALL_REL(4),			/* sub */
		KBPF_ALU64_IMM(KBPF_LSH, 0, 16),
		KBPF_LDX_MEM(KBPF_DW, 1, 10, -8),
		KBPF_ALU64_REG(KBPF_ADD, 0, 1),
		KBPF_EXIT_INSN(),
		/* 9: sub(nr, counter) */
		KBPF_MOV64_REG(3, 2),
		KVL_FUNC(2, 4),				/* cb1 */
		KVL_FUNC2,
		KBPF_MOV64_IMM(4, 0),
		KVL_LOOP,				/* 13 */
		KBPF_EXIT_INSN(),
		/* 15: cb1(index, counter) */
		KBPF_MOV64_REG(6, 1),
		KBPF_MOV64_REG(3, 2),
		KBPF_MOV64_IMM(1, 3),
		KVL_FUNC(2, 7),				/* cb2 */
		KVL_FUNC2,
		KBPF_MOV64_IMM(4, 0),
		KVL_LOOP,				/* 21 */
		KBPF_MOV64_IMM(0, 0),
		KBPF_JMP_IMM(KBPF_JNE, 6, 4, 1),
		KBPF_MOV64_IMM(0, 1),
		KBPF_EXIT_INSN(),
		/* 26: cb2(index, counter) */
		KBPF_LDX_MEM(KBPF_DW, 3, 2, 0),
		KBPF_ALU64_REG(KBPF_ADD, 3, 1),
		KBPF_ALU64_IMM(KBPF_ADD, 3, 1),
		KBPF_STX_MEM(KBPF_DW, 2, 3, 0),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
	};
	const struct kvl_case cases[] = {
		{ 10, KVL_RES(5, 30) },
		{ 2, KVL_RES(2, 12) },
		{ 0, KVL_RES(0, 0) },
		{ KBPF_MAX_LOOPS + 1, KVL_RES(KVL_E2BIG, 0) },
	};
	struct kbpf_prog *prog = kvl_load_ok(test, p, ARRAY_SIZE(p));
	u32 e = KVL_EXTRA;

	KUNIT_EXPECT_EQ(test, prog->len, ARRAY_SIZE(p) + 2 * e);
	kvl_expect_loop(test, prog, 13, -24, 15 + e);
	kvl_expect_loop(test, prog, 21 + e, -24, 26 + 2 * e);
	KUNIT_EXPECT_EQ(test, prog->frame_cnt, 4);
	kvl_expect(test, prog, cases, ARRAY_SIZE(cases));
}

/*
 * A callback that loops over itself (a count of 0: the walk never enters
 * it) is a cycle for the stack proof: refused, inlined or not.
 */
static void kbpf_loop_inline_self_test(struct kunit *test)
{
	static const struct kbpf_insn p[] = {
		KBPF_MOV64_IMM(1, 1),
		KVL_FUNC(2, 5),				/* cb */
		KVL_FUNC2,
		KBPF_MOV64_IMM(3, 0),
		KBPF_MOV64_IMM(4, 0),
		KVL_LOOP,
		KBPF_EXIT_INSN(),
		/* 7: cb */
		KBPF_MOV64_IMM(1, 0),
		KVL_FUNC(2, -2),			/* cb itself */
		KVL_FUNC2,
		KBPF_MOV64_IMM(3, 0),
		KBPF_MOV64_IMM(4, 0),
		KVL_LOOP,
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
	};
	int err;

	KUNIT_EXPECT_NULL(test, kvl_load(test, p, ARRAY_SIZE(p), &err));
	KUNIT_EXPECT_NE(test, err, 0);
}

static struct kunit_case kbpf_verifier_loop_cases[] = {
	KUNIT_CASE(kbpf_loop_inline_main_test),
	KUNIT_CASE(kbpf_loop_inline_unknown_flags_test),
	KUNIT_CASE(kbpf_loop_inline_flags_one_test),
	KUNIT_CASE(kbpf_loop_inline_two_callbacks_test),
	KUNIT_CASE(kbpf_loop_inline_stack_full_test),
	KUNIT_CASE(kbpf_loop_inline_handed_down_test),
	KUNIT_CASE(kbpf_loop_inline_shared_callback_test),
	KUNIT_CASE(kbpf_loop_inline_nested_test),
	KUNIT_CASE(kbpf_loop_inline_self_test),
	{}
};

static struct kunit_suite kbpf_verifier_loop_suite = {
	.name = "kbpf_verifier_loop",
	.test_cases = kbpf_verifier_loop_cases,
};

kunit_test_suite(kbpf_verifier_loop_suite);
