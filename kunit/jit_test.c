// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the x86-64 JIT against the interpreter. kbpf_interp runs every
 * opcode case of the interpreter JITed too; this suite adds what the
 * register mapping makes special (shifts need cl, which is r4; division
 * needs rax:rdx, which are r0 and r3; fetching atomics use rax), for
 * every pair of registers and with edge values, jumps beyond rel8, the
 * image's shape, a stack trace through a JITed frame, and what the JIT
 * must refuse.
 */

#include <kunit/test.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/string.h>

#include "../kmod/compat.h"
#include "../kmod/jit/arena.h"
#include "../kmod/jit/jit.h"
#include "../kmod/jit/selfcheck.h"
#include "../kmod/jit/serialize.h"
#include "../kmod/map/map.h"
#include "../kmod/prog/interp.h"
#include "../tools/include/kbpf/insn.h"
#include "jit_run.h"

enum {
	KJ_HELPER_ARGS = 1,	/* r1 + 2 r2 + 3 r3 + 4 r4 + 5 r5 */
	KJ_HELPER_TRACE,	/* 1 if the stack trace goes through the image */
	KJ_HELPER_LOOP,		/* bpf_loop(r1 times, r2 callback, r3 ctx) */
	KJ_HELPER_CB_LOOP,	/* the same through kbpf_interp_cb_call() */
	KJ_HELPER_CNT,
};

static u64 kj_helper_args(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return r1 + 2 * r2 + 3 * r3 + 4 * r4 + 5 * r5;
}

/* The image being run by the trace test. */
static struct kbpf_jit_image kj_trace_img;

static u64 kj_helper_trace(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	unsigned long entries[16];
	unsigned int nr;

	nr = stack_trace_save(entries, ARRAY_SIZE(entries), 0);
	return kbpf_jit_trace_through(entries, nr, kj_trace_img.func,
				      kj_trace_img.len,
				      "kbpf_interp_run_jited");
}

/* As bpf_loop(): a non-zero return of the callback ends the loop. */
static u64 kj_helper_loop(u64 nr, u64 cb, u64 ctx, u64 r4, u64 r5)
{
	u64 i;

	for (i = 0; i < nr; i++)
		if (kbpf_interp_call((const void *)(unsigned long)cb, i, ctx, 0,
				     0, 0))
			return i + 1;
	return nr;
}

/* The series kj_helper_cb_loop() entered with a direct call. */
static u32 kj_cb_direct;

/* As kj_helper_loop(), the way kmod's own helpers call back. */
static u64 kj_helper_cb_loop(u64 nr, u64 cb, u64 ctx, u64 r4, u64 r5)
{
	struct kbpf_interp_cb c;
	u64 i;

	kbpf_interp_cb_begin(&c, (const void *)(unsigned long)cb);
	if (c.fn)
		kj_cb_direct++;
	for (i = 0; i < nr; i++) {
		if (kbpf_interp_cb_call(&c, i, ctx, 0, 0, 0)) {
			i++;
			break;
		}
	}
	kbpf_interp_cb_end(&c);
	return i;
}

static const kbpf_helper_fn kj_helpers[KJ_HELPER_CNT] = {
	[KJ_HELPER_ARGS] = kj_helper_args,
	[KJ_HELPER_TRACE] = kj_helper_trace,
	[KJ_HELPER_LOOP] = kj_helper_loop,
	[KJ_HELPER_CB_LOOP] = kj_helper_cb_loop,
};

static const struct kbpf_interp_env kj_env = {
	.helpers = kj_helpers,
	.helper_cnt = KJ_HELPER_CNT,
	.stack_depth = KBPF_STACK_SIZE,
};

/* Values of r0-r9 at the start of each block: edges of both widths. */
static const u64 kj_values[][10] = {
	{ 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x80000000ULL,
	  0xffffffffULL, 0, 1, 0x7fffffffffffffffULL, 0xffffffff80000000ULL,
	  63, 31 },
	{ 0x123456789abcdef0ULL, 0xfedcba9876543210ULL, 7, 0x100000020ULL,
	  0xfffffffeULL, 0x40ULL, 0xfffffffffffffff9ULL, 3, 0x21ULL,
	  0x8000000100000001ULL },
	{ 0, 0x100000000ULL, 0xffffffff00000000ULL, 32, 64, 0x1f,
	  0x3f, 0xffffffff00000001ULL, 2, 0xfffffffffffffffeULL },
};

#define KJ_ACC		(-16)	/* the running fold of every block */
#define KJ_MEM		(-8)	/* the atomics' operand */
#define KJ_BLOCK_MAX	64

static u32 kj_init_regs(struct kbpf_insn *p, const u64 *v)
{
	u32 n = 0, k;

	for (k = 0; k < 10; k++) {
		p[n++] = (struct kbpf_insn)KBPF_LD_IMM64_1(k, 0, v[k]);
		p[n++] = (struct kbpf_insn)KBPF_LD_IMM64_2(v[k]);
	}
	return n;
}

/* acc = acc * 31 + fold(r0-r9), r0 = r0 * 31 + rk; clobbers r0 and r1. */
static u32 kj_fold(struct kbpf_insn *p)
{
	u32 n = 0, k;

	for (k = 1; k < 10; k++) {
		p[n++] = (struct kbpf_insn)KBPF_ALU64_IMM(KBPF_MUL, 0, 31);
		p[n++] = (struct kbpf_insn)KBPF_ALU64_REG(KBPF_ADD, 0, k);
	}
	p[n++] = (struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 1, 10, KJ_ACC);
	p[n++] = (struct kbpf_insn)KBPF_ALU64_IMM(KBPF_MUL, 1, 31);
	p[n++] = (struct kbpf_insn)KBPF_ALU64_REG(KBPF_ADD, 0, 1);
	p[n++] = (struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, 10, 0, KJ_ACC);
	return n;
}

static u32 kj_finish(struct kbpf_insn *p)
{
	p[0] = (struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 0, 10, KJ_ACC);
	p[1] = (struct kbpf_insn)KBPF_EXIT_INSN();
	return 2;
}

/* Runs @p both ways; the JIT must take it and agree. */
static void kj_compare(struct kunit *test, const struct kbpf_insn *p, u32 len,
		       u32 stack, const char *what)
{
	/*
	 * Without a frame table the interpreter gives every frame the env's
	 * depth, and a run's frames share one 512-byte stack: give it the
	 * depth @p was compiled for, rounded as the verifier sums frames.
	 */
	struct kbpf_interp_env env = kj_env;
	struct kbpf_jit_image img;
	u64 want, got;
	int err;

	env.stack_depth = round_up(stack, 16);
	err = kbpf_jit_compile(p, len, stack, kj_helpers, KJ_HELPER_CNT, &img);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s: not JITed", what);
	want = kbpf_interp_run_env(p, NULL, &env);
	got = kbpf_test_run_jited(&img, NULL, &env);
	kbpf_jit_image_free(&img);
	KUNIT_EXPECT_EQ_MSG(test, got, want, "%s: JIT %#llx, interpreter %#llx",
			    what, got, want);
}

struct kj_alu_case {
	const char *name;
	u8 code;	/* class and operation; the source is a register */
	s16 off;
};

static const struct kj_alu_case kj_alu_cases[] = {
	{ "add64", KBPF_ALU64 | KBPF_ADD }, { "add32", KBPF_ALU | KBPF_ADD },
	{ "sub64", KBPF_ALU64 | KBPF_SUB }, { "sub32", KBPF_ALU | KBPF_SUB },
	{ "mul64", KBPF_ALU64 | KBPF_MUL }, { "mul32", KBPF_ALU | KBPF_MUL },
	{ "xor64", KBPF_ALU64 | KBPF_XOR }, { "and32", KBPF_ALU | KBPF_AND },
	{ "lsh64", KBPF_ALU64 | KBPF_LSH }, { "lsh32", KBPF_ALU | KBPF_LSH },
	{ "rsh64", KBPF_ALU64 | KBPF_RSH }, { "rsh32", KBPF_ALU | KBPF_RSH },
	{ "arsh64", KBPF_ALU64 | KBPF_ARSH }, { "arsh32", KBPF_ALU | KBPF_ARSH },
	{ "div64", KBPF_ALU64 | KBPF_DIV }, { "div32", KBPF_ALU | KBPF_DIV },
	{ "mod64", KBPF_ALU64 | KBPF_MOD }, { "mod32", KBPF_ALU | KBPF_MOD },
	{ "sdiv64", KBPF_ALU64 | KBPF_DIV, 1 },
	{ "sdiv32", KBPF_ALU | KBPF_DIV, 1 },
	{ "smod64", KBPF_ALU64 | KBPF_MOD, 1 },
	{ "smod32", KBPF_ALU | KBPF_MOD, 1 },
	{ "movsx8", KBPF_ALU64 | KBPF_MOV, 8 },
	{ "movsx32_16", KBPF_ALU | KBPF_MOV, 16 },
	{ "mov32", KBPF_ALU | KBPF_MOV },
};

static void kj_alu_desc(const struct kj_alu_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kj_alu, kj_alu_cases, kj_alu_desc);

/*
 * One program per operation and value set: a block for every pair of
 * dst and src among r0-r9, each starting from the same registers and
 * folding all ten into the accumulator, so a register the JIT clobbers
 * or fails to zero-extend shows.
 */
static void kbpf_jit_alu_pairs_test(struct kunit *test)
{
	const struct kj_alu_case *c = test->param_value;
	u32 set, d, s, n, max = 100 * KJ_BLOCK_MAX + 2;
	struct kbpf_insn *p;
	char what[64];

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	p = kunit_kcalloc(test, max, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (set = 0; set < ARRAY_SIZE(kj_values); set++) {
		n = 0;
		for (d = 0; d < 10; d++) {
			for (s = 0; s < 10; s++) {
				n += kj_init_regs(&p[n], kj_values[set]);
				p[n++] = (struct kbpf_insn)
					KBPF_RAW_INSN(c->code | KBPF_X, d, s,
						      c->off, 0);
				n += kj_fold(&p[n]);
			}
		}
		n += kj_finish(&p[n]);
		snprintf(what, sizeof(what), "%s set %u", c->name, set);
		kj_compare(test, p, n, 16, what);
	}
}

struct kj_atomic_case {
	const char *name;
	u8 size;
	s32 op;
};

static const struct kj_atomic_case kj_atomic_cases[] = {
	{ "add64", KBPF_DW, KBPF_ADD }, { "add32", KBPF_W, KBPF_ADD },
	{ "fetch_add64", KBPF_DW, KBPF_ADD | KBPF_FETCH },
	{ "fetch_add32", KBPF_W, KBPF_ADD | KBPF_FETCH },
	{ "and64", KBPF_DW, KBPF_AND }, { "or32", KBPF_W, KBPF_OR },
	{ "xor64", KBPF_DW, KBPF_XOR },
	{ "fetch_and64", KBPF_DW, KBPF_AND | KBPF_FETCH },
	{ "fetch_and32", KBPF_W, KBPF_AND | KBPF_FETCH },
	{ "fetch_or64", KBPF_DW, KBPF_OR | KBPF_FETCH },
	{ "fetch_or32", KBPF_W, KBPF_OR | KBPF_FETCH },
	{ "fetch_xor64", KBPF_DW, KBPF_XOR | KBPF_FETCH },
	{ "fetch_xor32", KBPF_W, KBPF_XOR | KBPF_FETCH },
	{ "xchg64", KBPF_DW, KBPF_XCHG }, { "xchg32", KBPF_W, KBPF_XCHG },
	{ "cmpxchg64", KBPF_DW, KBPF_CMPXCHG },
	{ "cmpxchg32", KBPF_W, KBPF_CMPXCHG },
};

static void kj_atomic_desc(const struct kj_atomic_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kj_atomic, kj_atomic_cases, kj_atomic_desc);

/*
 * The same for the atomics: dst points at the operand on the stack (and
 * is made r10-relative again before the fold, so stack addresses never
 * reach the result), src is any other register.
 */
static void kbpf_jit_atomic_pairs_test(struct kunit *test)
{
	const struct kj_atomic_case *c = test->param_value;
	u32 set, d, s, n, max = 100 * KJ_BLOCK_MAX + 2;
	struct kbpf_insn *p;
	char what[64];

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	p = kunit_kcalloc(test, max, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (set = 0; set < ARRAY_SIZE(kj_values); set++) {
		n = 0;
		for (d = 0; d < 10; d++) {
			for (s = 0; s < 10; s++) {
				if (s == d)
					continue;
				n += kj_init_regs(&p[n], kj_values[set]);
				p[n++] = (struct kbpf_insn)
					KBPF_ST_MEM(KBPF_W, 10, KJ_MEM,
						    (u32)kj_values[set][s] ^ 0x0ff0);
				p[n++] = (struct kbpf_insn)
					KBPF_ST_MEM(KBPF_W, 10, KJ_MEM + 4,
						    0x80000000 | d);
				p[n++] = (struct kbpf_insn)KBPF_MOV64_REG(d, 10);
				p[n++] = (struct kbpf_insn)
					KBPF_ALU64_IMM(KBPF_ADD, d, KJ_MEM);
				p[n++] = (struct kbpf_insn)
					KBPF_ATOMIC_OP(c->size, c->op, d, s, 0);
				/* r0 of cmpxchg is the old value, not a pointer */
				if (!(d == 0 && c->op == KBPF_CMPXCHG))
					p[n++] = (struct kbpf_insn)
						KBPF_ALU64_REG(KBPF_SUB, d, 10);
				n += kj_fold(&p[n]);
				p[n++] = (struct kbpf_insn)
					KBPF_LDX_MEM(KBPF_DW, 1, 10, KJ_MEM);
				p[n++] = (struct kbpf_insn)
					KBPF_ALU64_REG(KBPF_XOR, 0, 1);
				p[n++] = (struct kbpf_insn)
					KBPF_STX_MEM(KBPF_DW, 10, 0, KJ_ACC);
			}
		}
		n += kj_finish(&p[n]);
		snprintf(what, sizeof(what), "%s set %u", c->name, set);
		kj_compare(test, p, n, 16, what);
	}
}

/*
 * Jumps and branches over more than rel8 reaches, both ways: a loop of
 * ten rounds whose body is 60 instructions of arithmetic, entered by a
 * forward jump over a dead block of the same size.
 */
static u32 kj_long_jumps(struct kbpf_insn *p)
{
	u32 n = 0, k, loop;

	p[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(0, 1);
	p[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(6, 10);
	p[n++] = (struct kbpf_insn)KBPF_JMP_A(60);
	for (k = 0; k < 60; k++)
		p[n++] = (struct kbpf_insn)KBPF_ALU64_IMM(KBPF_ADD, 0, 1000);
	loop = n;
	for (k = 0; k < 30; k++) {
		p[n++] = (struct kbpf_insn)KBPF_ALU64_IMM(KBPF_MUL, 0, 3);
		p[n++] = (struct kbpf_insn)KBPF_ALU64_IMM(KBPF_XOR, 0, 0x5a5a5a5a);
	}
	p[n++] = (struct kbpf_insn)KBPF_ALU64_IMM(KBPF_SUB, 6, 1);
	p[n] = (struct kbpf_insn)KBPF_JMP_IMM(KBPF_JNE, 6, 0, 0);
	p[n].off = loop - (n + 1);
	n++;
	/* a gotol forward over 60 more */
	p[n++] = (struct kbpf_insn)KBPF_RAW_INSN(KBPF_JMP32 | KBPF_JA, 0, 0, 0, 60);
	for (k = 0; k < 60; k++)
		p[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(0, 0);
	p[n++] = (struct kbpf_insn)KBPF_EXIT_INSN();
	return n;
}

#define KJ_LONG_JUMPS_LEN	256

static void kbpf_jit_long_jumps_test(struct kunit *test)
{
	struct kbpf_insn *p;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	p = kunit_kcalloc(test, KJ_LONG_JUMPS_LEN, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	kj_compare(test, p, kj_long_jumps(p), 0, "long jumps");
}

/*
 * A long program whose jumps are all short: 1,000 if/else diamonds on
 * the bits of one value (those of the verif_branches benchmark, each
 * arm's value then added up), 8,004 instructions. Every jump reaches
 * with rel8 once the layout is known, so the passes must settle however
 * many jumps there are.
 */
#define KJ_DIAMONDS		1000
#define KJ_BRANCHES_LEN		(8 * KJ_DIAMONDS + 4)

static u32 kj_branches(struct kbpf_insn *p)
{
	u32 n = 0, k;

	p[n++] = (struct kbpf_insn)KBPF_LD_IMM64_1(6, 0, 0x5a5a3c3c9696e1e1ULL);
	p[n++] = (struct kbpf_insn)KBPF_LD_IMM64_2(0x5a5a3c3c9696e1e1ULL);
	p[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(0, 0);
	for (k = 0; k < KJ_DIAMONDS; k++) {
		p[n++] = (struct kbpf_insn)KBPF_MOV64_REG(1, 6);
		p[n++] = (struct kbpf_insn)KBPF_ALU64_IMM(KBPF_AND, 1,
							  1 << (k % 31));
		p[n++] = (struct kbpf_insn)KBPF_JMP_IMM(KBPF_JEQ, 1, 0, 3);
		p[n++] = (struct kbpf_insn)KBPF_MOV64_REG(2, 6);
		p[n++] = (struct kbpf_insn)KBPF_ALU64_IMM(KBPF_XOR, 2, k);
		p[n++] = (struct kbpf_insn)KBPF_JMP_A(1);
		p[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(2, k);
		p[n++] = (struct kbpf_insn)KBPF_ALU64_REG(KBPF_ADD, 0, 2);
	}
	p[n++] = (struct kbpf_insn)KBPF_EXIT_INSN();
	return n;
}

static void kbpf_jit_many_branches_test(struct kunit *test)
{
	struct kbpf_insn *p;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	p = kunit_kcalloc(test, KJ_BRANCHES_LEN, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	kj_compare(test, p, kj_branches(p), 0, "many branches");
}

/*
 * The image: ENDBR64 first (C calls it indirectly), the frame prologue,
 * and its last instruction the return stub's as the loader patched it:
 * "ret; int3", or a jmp rel32 to the same place the stub jumps to.
 */
static void kbpf_jit_image_shape_test(struct kunit *test)
{
	static const u8 head[] = { 0xf3, 0x0f, 0x1e, 0xfa, 0x55, 0x48, 0x89,
				   0xe5 };
	const struct kbpf_insn p[] = {
		KBPF_MOV64_IMM(0, 7),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_jit_image img;
	const u8 *end, *stub, *target;
	s32 disp;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	KUNIT_ASSERT_EQ(test, kbpf_jit_compile(p, ARRAY_SIZE(p), 0, kj_helpers,
					       KJ_HELPER_CNT, &img), 0);
	KUNIT_EXPECT_EQ(test, memcmp(img.func, head, sizeof(head)), 0);
	end = (const u8 *)img.func + img.len;
	stub = kbpf_jit_return_stub();
	if (!memcmp(stub, head, 4))
		stub += 4;
	if (stub[0] == 0xc3) {
		KUNIT_EXPECT_EQ(test, end[-2], 0xc3);
		KUNIT_EXPECT_EQ(test, end[-1], 0xcc);
	} else {
		KUNIT_ASSERT_EQ(test, stub[0], 0xe9);
		memcpy(&disp, stub + 1, sizeof(disp));
		target = stub + 5 + disp;
		KUNIT_EXPECT_EQ(test, end[-5], 0xe9);
		memcpy(&disp, end - 4, sizeof(disp));
		KUNIT_EXPECT_PTR_EQ(test, end + disp, target);
	}
	/* the rest of the chunk is still int3 */
	if (img.len % KBPF_JIT_CHUNK)
		KUNIT_EXPECT_EQ(test, end[0], 0xcc);
	KUNIT_EXPECT_EQ(test, kbpf_test_run_jited(&img, NULL, &kj_env), 7);
	kbpf_jit_image_free(&img);
}

/* A helper's stack trace goes through the JITed frame to its C caller. */
static void kbpf_jit_unwind_test(struct kunit *test)
{
	const struct kbpf_insn p[] = {
		KBPF_ST_MEM(KBPF_DW, 10, -8, 5),
		KBPF_CALL_HELPER(KJ_HELPER_TRACE),
		KBPF_LDX_MEM(KBPF_DW, 1, 10, -8),
		KBPF_ALU64_REG(KBPF_ADD, 0, 1),
		KBPF_EXIT_INSN(),
	};

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	KUNIT_ASSERT_EQ(test, kbpf_jit_compile(p, ARRAY_SIZE(p), 8, kj_helpers,
					       KJ_HELPER_CNT, &kj_trace_img), 0);
	KUNIT_EXPECT_EQ(test, kbpf_test_run_jited(&kj_trace_img, NULL,
						  &kj_env), 6);
	kbpf_jit_image_free(&kj_trace_img);
}

/*
 * Left to the interpreter, with nothing of the arena kept: a call
 * outside the program, a tail call in a subprogram, a callback address
 * outside the program, an r10 access below the verified depth, a write
 * to r10, and a program of only ld_imm64's first half.
 */
static void kbpf_jit_refuses_test(struct kunit *test)
{
	const struct kbpf_insn call[] = {
		KBPF_CALL_REL(2),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn tail[] = {
		KBPF_CALL_REL(1),
		KBPF_EXIT_INSN(),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn func[] = {
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn deep[] = {
		KBPF_ST_MEM(KBPF_DW, 10, -16, 1),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn fp[] = {
		KBPF_MOV64_IMM(10, 1),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn half[] = {
		KBPF_LD_IMM64_1(0, 0, 0),
	};
	struct kbpf_jit_image img;
	size_t used;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	used = kbpf_jit_arena_used();
	KUNIT_EXPECT_EQ(test, kbpf_jit_compile(call, ARRAY_SIZE(call), 0,
					       kj_helpers, KJ_HELPER_CNT, &img),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kbpf_jit_compile(tail, ARRAY_SIZE(tail), 0,
					       kj_helpers, KJ_HELPER_CNT, &img),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kbpf_jit_compile(func, ARRAY_SIZE(func), 0,
					       kj_helpers, KJ_HELPER_CNT, &img),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kbpf_jit_compile(deep, ARRAY_SIZE(deep), 8,
					       kj_helpers, KJ_HELPER_CNT, &img),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kbpf_jit_compile(fp, ARRAY_SIZE(fp), 0,
					       kj_helpers, KJ_HELPER_CNT, &img),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kbpf_jit_compile(half, ARRAY_SIZE(half), 0,
					       kj_helpers, KJ_HELPER_CNT, &img),
			-EOPNOTSUPP);
	KUNIT_EXPECT_NULL(test, img.func);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_used(), used);
	/* the same depth with the access inside it is taken */
	KUNIT_EXPECT_EQ(test, kbpf_jit_compile(deep, ARRAY_SIZE(deep), 16,
					       kj_helpers, KJ_HELPER_CNT, &img),
			0);
	kbpf_jit_image_free(&img);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_used(), used);
}

#define KJ_FUNC_INSNS	10

/*
 * @n functions, each calling the next: every one writes its own r10 - 8
 * and r6, r7 (callee-saved in the JIT, per frame in the interpreter)
 * before the call and reads them after it; r1 counts the depth.
 */
static u32 kj_call_chain(struct kbpf_insn *p, u32 n)
{
	u32 k, at;

	for (k = 0; k < n; k++) {
		at = k * KJ_FUNC_INSNS;
		p[at + 0] = (struct kbpf_insn)
			KBPF_ST_MEM(KBPF_DW, 10, -8, 100 * (k + 1));
		p[at + 1] = (struct kbpf_insn)KBPF_MOV64_IMM(6, k + 1);
		p[at + 2] = (struct kbpf_insn)KBPF_MOV64_IMM(7, 3 * (k + 1));
		p[at + 3] = (struct kbpf_insn)KBPF_ALU64_IMM(KBPF_ADD, 1, 1);
		if (k + 1 < n)
			p[at + 4] = (struct kbpf_insn)
				KBPF_CALL_REL(KJ_FUNC_INSNS - 5);
		else
			p[at + 4] = (struct kbpf_insn)KBPF_MOV64_REG(0, 1);
		p[at + 5] = (struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 2, 10, -8);
		p[at + 6] = (struct kbpf_insn)KBPF_ALU64_REG(KBPF_ADD, 0, 2);
		p[at + 7] = (struct kbpf_insn)KBPF_ALU64_REG(KBPF_ADD, 0, 6);
		p[at + 8] = (struct kbpf_insn)KBPF_ALU64_REG(KBPF_ADD, 0, 7);
		p[at + 9] = (struct kbpf_insn)KBPF_EXIT_INSN();
	}
	return n * KJ_FUNC_INSNS;
}

/*
 * bpf-to-bpf calls: a chain of KBPF_MAX_CALL_FRAMES frames runs as the
 * interpreter runs it; one frame more, or recursion, is refused.
 */
static void kbpf_jit_calls_test(struct kunit *test)
{
	struct kbpf_insn p[(KBPF_MAX_CALL_FRAMES + 1) * KJ_FUNC_INSNS];
	const struct kbpf_insn rec[] = {
		KBPF_CALL_REL(1),
		KBPF_EXIT_INSN(),
		KBPF_JMP_IMM(KBPF_JEQ, 1, 0, 2),
		KBPF_ALU64_IMM(KBPF_SUB, 1, 1),
		KBPF_CALL_REL(-3),
		KBPF_EXIT_INSN(),
	};
	/* a function that loops back to its own first instruction */
	const struct kbpf_insn loop[] = {
		KBPF_MOV64_IMM(1, 5),
		KBPF_MOV64_IMM(2, 0),
		KBPF_CALL_REL(1),
		KBPF_EXIT_INSN(),
		KBPF_ALU64_IMM(KBPF_SUB, 1, 1),
		KBPF_ALU64_IMM(KBPF_ADD, 2, 3),
		KBPF_JMP_IMM(KBPF_JNE, 1, 0, -3),
		KBPF_MOV64_REG(0, 2),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_jit_image img;
	u32 n;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	n = kj_call_chain(p, KBPF_MAX_CALL_FRAMES);
	kj_compare(test, p, n, 8, "call chain");
	n = kj_call_chain(p, KBPF_MAX_CALL_FRAMES + 1);
	KUNIT_EXPECT_EQ(test, kbpf_jit_compile(p, n, 8, kj_helpers,
					       KJ_HELPER_CNT, &img),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kbpf_jit_compile(rec, ARRAY_SIZE(rec), 0,
					       kj_helpers, KJ_HELPER_CNT, &img),
			-EOPNOTSUPP);
	kj_compare(test, loop, ARRAY_SIZE(loop), 0, "loop to a function's start");
}

/* ld_imm64 of KBPF_PSEUDO_FUNC at @at naming @p[@cb], as the loader does. */
static void kj_func_load(struct kbpf_insn *p, u32 at, u32 cb)
{
	u64 addr = (unsigned long)&p[cb];

	p[at] = (struct kbpf_insn)KBPF_LD_IMM64_1(2, KBPF_PSEUDO_FUNC, addr);
	p[at + 1] = (struct kbpf_insn)KBPF_LD_IMM64_2(addr);
}

/*
 * @p, JITed into @img, returns @want both ways under @env; the
 * interpreter's run calls no callback directly, the JIT's @direct times
 * (kj_helper_cb_loop()).
 */
static void kj_expect_runs(struct kunit *test, const struct kbpf_insn *p,
			   const struct kbpf_jit_image *img,
			   const struct kbpf_interp_env *env, u64 want,
			   u32 direct)
{
	kj_cb_direct = 0;
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(p, NULL, env), want);
	KUNIT_EXPECT_EQ(test, kj_cb_direct, 0);
	KUNIT_EXPECT_EQ(test, kbpf_test_run_jited(img, NULL, env),
			want);
	KUNIT_EXPECT_EQ(test, kj_cb_direct, direct);
}

/*
 * Callbacks: a loop helper calls the JITed callback through
 * kbpf_interp_call(); the callback writes the caller's stack through the
 * pointer it gets, ends the loop early, and runs a nested loop of its
 * own; the result is the interpreter's.
 */
static void kbpf_jit_callbacks_test(struct kunit *test)
{
	struct kbpf_insn p[] = {
		/* main: ctx = 1 at r10 - 8; loop(6, cb1, &ctx) */
		KBPF_ST_MEM(KBPF_DW, 10, -8, 1),
		KBPF_MOV64_IMM(1, 6),
		KBPF_LD_IMM64_1(2, 0, 0), KBPF_LD_IMM64_2(0),	/* cb1 */
		KBPF_MOV64_REG(3, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 3, -8),
		KBPF_CALL_HELPER(KJ_HELPER_LOOP),
		KBPF_LDX_MEM(KBPF_DW, 1, 10, -8),
		KBPF_ALU64_IMM(KBPF_MUL, 0, 1000000),
		KBPF_ALU64_REG(KBPF_ADD, 0, 1),
		KBPF_EXIT_INSN(),
		/* cb1 (11): *ctx = *ctx * 10 + i; loop(2, cb2, ctx); stop at 4 */
		KBPF_LDX_MEM(KBPF_DW, 3, 2, 0),
		KBPF_ALU64_IMM(KBPF_MUL, 3, 10),
		KBPF_ALU64_REG(KBPF_ADD, 3, 1),
		KBPF_STX_MEM(KBPF_DW, 2, 3, 0),
		KBPF_MOV64_REG(6, 1),
		KBPF_MOV64_REG(3, 2),
		KBPF_MOV64_IMM(1, 2),
		KBPF_LD_IMM64_1(2, 0, 0), KBPF_LD_IMM64_2(0),	/* cb2 */
		KBPF_CALL_HELPER(KJ_HELPER_LOOP),
		KBPF_MOV64_IMM(0, 0),
		KBPF_JMP_IMM(KBPF_JNE, 6, 4, 1),
		KBPF_MOV64_IMM(0, 1),
		KBPF_EXIT_INSN(),
		/* cb2 (25): *ctx += 3 + i, through its own stack */
		KBPF_LDX_MEM(KBPF_DW, 3, 2, 0),
		KBPF_STX_MEM(KBPF_DW, 10, 3, -8),
		KBPF_LDX_MEM(KBPF_DW, 3, 10, -8),
		KBPF_ALU64_IMM(KBPF_ADD, 3, 3),
		KBPF_ALU64_REG(KBPF_ADD, 3, 1),
		KBPF_STX_MEM(KBPF_DW, 2, 3, 0),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
	};

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	kj_func_load(p, 2, 11);
	kj_func_load(p, 18, 25);
	kj_compare(test, p, ARRAY_SIZE(p), 8, "nested callbacks");
}

/*
 * A series of callbacks (kbpf_interp_cb_begin()): in a JITed run each
 * series calls the JIT function directly, with one frame counted for the
 * whole series and given back at its end: twelve series from the main
 * function, each calling back three times into a series of its own, sum
 * what the interpreter sums, where one frame kept per series would reach
 * the frame limit and stop the run. The interpreter's run never calls
 * directly.
 */
static void kbpf_jit_cb_series_test(struct kunit *test)
{
	struct kbpf_insn p[] = {
		/* main: *(r10 - 8) = 0; 12 times loop(3, cb1, r10 - 8) */
		KBPF_ST_MEM(KBPF_DW, 10, -8, 0),
		KBPF_MOV64_IMM(7, 12),
		KBPF_MOV64_IMM(1, 3),
		KBPF_LD_IMM64_1(2, 0, 0), KBPF_LD_IMM64_2(0),	/* cb1 */
		KBPF_MOV64_REG(3, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 3, -8),
		KBPF_CALL_HELPER(KJ_HELPER_CB_LOOP),
		KBPF_ALU64_IMM(KBPF_SUB, 7, 1),
		KBPF_JMP_IMM(KBPF_JNE, 7, 0, -8),
		KBPF_LDX_MEM(KBPF_DW, 0, 10, -8),
		KBPF_EXIT_INSN(),
		/* cb1 (12): loop(2, cb2, ctx) */
		KBPF_MOV64_REG(3, 2),
		KBPF_MOV64_IMM(1, 2),
		KBPF_LD_IMM64_1(2, 0, 0), KBPF_LD_IMM64_2(0),	/* cb2 */
		KBPF_CALL_HELPER(KJ_HELPER_CB_LOOP),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
		/* cb2 (19): *ctx += 1 + i */
		KBPF_LDX_MEM(KBPF_DW, 3, 2, 0),
		KBPF_ALU64_IMM(KBPF_ADD, 3, 1),
		KBPF_ALU64_REG(KBPF_ADD, 3, 1),
		KBPF_STX_MEM(KBPF_DW, 2, 3, 0),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_interp_env env = kj_env;
	struct kbpf_jit_image img;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	kj_func_load(p, 3, 12);
	kj_func_load(p, 14, 19);
	env.stack_depth = 16;
	KUNIT_ASSERT_EQ(test, kbpf_jit_compile(p, ARRAY_SIZE(p), 8,
					       kj_helpers, KJ_HELPER_CNT,
					       &img), 0);
	kj_expect_runs(test, p, &img, &env, 108, 12 + 12 * 3);
	kbpf_jit_image_free(&img);
}

static void kj_restore_pad_passes(void *saved)
{
	WRITE_ONCE(kbpf_jit_pad_passes, (u32)(unsigned long)saved);
}

/* The image length of @p as it settles with padding from @pad_passes on. */
static u32 kj_len_padded_from(struct kunit *test, const struct kbpf_insn *p,
			      u32 len, u32 pad_passes)
{
	struct kbpf_jit_image img;
	u32 n;

	WRITE_ONCE(kbpf_jit_pad_passes, pad_passes);
	KUNIT_ASSERT_EQ(test, kbpf_jit_compile(p, len, 0, kj_helpers,
					       KJ_HELPER_CNT, &img), 0);
	n = img.len;
	kbpf_jit_image_free(&img);
	return n;
}

/*
 * Padding, which settles the passes of programs whose jumps shrink a
 * few per pass: with every pass from the second padded, each
 * instruction keeps the length the first pass gave it (NOPs after it,
 * or before the jump that ends it), so the image is longer than the one
 * that settles unpadded; and it runs as the interpreter runs: diamonds
 * of short jumps after an ld_imm64, jumps beyond rel8 both ways, and a
 * chain of bpf-to-bpf calls (a prologue and an epilogue between each
 * function's instructions).
 */
static void kbpf_jit_padded_test(struct kunit *test)
{
	u32 saved = READ_ONCE(kbpf_jit_pad_passes), n, settled, padded;
	void *arg = (void *)(unsigned long)saved;
	struct kbpf_insn *p;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							kj_restore_pad_passes,
							arg), 0);
	p = kunit_kcalloc(test, KJ_BRANCHES_LEN, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	n = kj_branches(p);
	settled = kj_len_padded_from(test, p, n, saved);
	padded = kj_len_padded_from(test, p, n, 1);
	KUNIT_EXPECT_GT(test, padded, settled);
	kj_compare(test, p, n, 0, "many branches, padded");

	memset(p, 0, KJ_BRANCHES_LEN * sizeof(*p));
	n = kj_long_jumps(p);
	kj_compare(test, p, n, 0, "long jumps, padded");
	n = kj_call_chain(p, KBPF_MAX_CALL_FRAMES);
	kj_compare(test, p, n, 8, "call chain, padded");
}

/* A one-slot prog array for the tail-call test: slot 0, or nothing. */
static struct kbpf_map kj_prog_array = { .max_entries = 2 };
static struct kbpf_prog *kj_slot;

static struct kbpf_prog *kj_prog_array_get(struct kbpf_map *map, u32 index)
{
	return map == &kj_prog_array && !index ? kj_slot : NULL;
}

/*
 * Tail calls: a program that counts its runs at r10 - 8 (a tail call
 * keeps the frame) and tail calls slot @index: 34 runs through slot 0
 * (the first and 33 tail calls), 1 through the empty slot 1 and through
 * index 2, out of range; the interpreter's counts either way.
 */
static void kbpf_jit_tail_calls_test(struct kunit *test)
{
	const struct kbpf_insn p[] = {
		KBPF_LDX_MEM(KBPF_DW, 1, 10, -8),
		KBPF_ALU64_IMM(KBPF_ADD, 1, 1),
		KBPF_STX_MEM(KBPF_DW, 10, 1, -8),
		KBPF_LD_IMM64_1(2, 0, (unsigned long)&kj_prog_array),
		KBPF_LD_IMM64_2((unsigned long)&kj_prog_array),
		KBPF_MOV64_IMM(3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_LDX_MEM(KBPF_DW, 0, 10, -8),
		KBPF_EXIT_INSN(),
	};
	static const u32 want[] = { 34, 1, 1 };
	struct kbpf_interp_env env = kj_env;
	struct kbpf_jit_image img;
	struct kbpf_prog *prog;
	u32 index;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	prog = kunit_kzalloc(test, struct_size(prog, insns, ARRAY_SIZE(p)),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prog);
	env.stack_depth = 16;
	env.prog_array_get = kj_prog_array_get;
	for (index = 0; index < ARRAY_SIZE(want); index++) {
		memcpy(prog->insns, p, sizeof(p));
		prog->insns[5].imm = index;
		prog->len = ARRAY_SIZE(p);
		KUNIT_ASSERT_EQ(test, kbpf_jit_compile(prog->insns, prog->len,
						       8, kj_helpers,
						       KJ_HELPER_CNT, &img),
				0);
		prog->jit_func = img.func;
		prog->jit_tail = img.tail;
		prog->jit_gen = img.gen;
		kj_slot = prog;
		kj_expect_runs(test, prog->insns, &img, &env, want[index], 0);
		kj_slot = NULL;
		kbpf_jit_image_free(&img);
	}
}

/*
 * Lazy serialization on entry (kmod/jit/serialize.h): a load leaves every
 * CPU behind its image, the first run on a CPU serializes once and later
 * runs of the image do not; a CPU forced behind serializes once more.
 */
static void kbpf_jit_serialize_entry_test(struct kunit *test)
{
	const struct kbpf_insn p[] = {
		KBPF_MOV64_IMM(0, 9),
		KBPF_EXIT_INSN(),
	};
	unsigned long n0, n1, n2, behind, after, gen;
	struct kbpf_jit_image img;
	u64 r[4];

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	KUNIT_ASSERT_EQ(test, kbpf_jit_compile(p, ARRAY_SIZE(p), 0, kj_helpers,
					       KJ_HELPER_CNT, &img), 0);
	gen = img.gen;
	/* the counts below are this CPU's: nothing else runs images now */
	migrate_disable();
	behind = kbpf_jit_cpu_gen_get();
	n0 = kbpf_jit_serializations();
	r[0] = kbpf_test_run_jited(&img, NULL, &kj_env);
	r[1] = kbpf_test_run_jited(&img, NULL, &kj_env);
	n1 = kbpf_jit_serializations();
	after = kbpf_jit_cpu_gen_get();
	kbpf_jit_cpu_gen_set(gen - 1);
	r[2] = kbpf_test_run_jited(&img, NULL, &kj_env);
	r[3] = kbpf_test_run_jited(&img, NULL, &kj_env);
	n2 = kbpf_jit_serializations();
	migrate_enable();
	kbpf_jit_image_free(&img);

	KUNIT_EXPECT_GT(test, gen, 0);
	KUNIT_EXPECT_LT(test, behind, gen);
	KUNIT_EXPECT_EQ(test, n1, n0 + 1);
	KUNIT_EXPECT_GE(test, after, gen);
	KUNIT_EXPECT_EQ(test, n2, n1 + 1);
	KUNIT_EXPECT_EQ(test, r[0], 9);
	KUNIT_EXPECT_EQ(test, r[1], 9);
	KUNIT_EXPECT_EQ(test, r[2], 9);
	KUNIT_EXPECT_EQ(test, r[3], 9);
}

/*
 * A tail call into an image newer than the caller's serializes on the
 * way, when the CPU is behind the target only: the entry check passes,
 * the tail call's does not. With the slot empty, nothing serializes.
 */
static void kbpf_jit_serialize_tail_call_test(struct kunit *test)
{
	const struct kbpf_insn caller[] = {
		KBPF_LD_IMM64_1(2, 0, (unsigned long)&kj_prog_array),
		KBPF_LD_IMM64_2((unsigned long)&kj_prog_array),
		KBPF_MOV64_IMM(3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_MOV64_IMM(0, 1),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn callee[] = {
		KBPF_MOV64_IMM(0, 42),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_interp_env env = kj_env;
	unsigned long n0, n1, n2, n3, after, a_gen, b_gen;
	struct kbpf_jit_image a, b;
	struct kbpf_prog *target;
	u64 r[3];

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	target = kunit_kzalloc(test, struct_size(target, insns, 2), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, target);
	env.prog_array_get = kj_prog_array_get;
	KUNIT_ASSERT_EQ(test, kbpf_jit_compile(caller, ARRAY_SIZE(caller), 0,
					       kj_helpers, KJ_HELPER_CNT, &a),
			0);
	/* written after the caller: a newer generation */
	KUNIT_ASSERT_EQ(test, kbpf_jit_compile(callee, ARRAY_SIZE(callee), 0,
					       kj_helpers, KJ_HELPER_CNT, &b),
			0);
	target->jit_func = b.func;
	target->jit_tail = b.tail;
	target->jit_gen = b.gen;
	target->len = ARRAY_SIZE(callee);
	a_gen = a.gen;
	b_gen = b.gen;

	migrate_disable();
	kj_slot = target;
	/*
	 * Caught up first, then back to the caller's: a CPU's generation
	 * may be lowered, never raised past a serialization it did not do
	 * (a would run unserialized).
	 */
	kbpf_jit_enter_gen(kbpf_jit_gen());
	kbpf_jit_cpu_gen_set(a_gen);
	n0 = kbpf_jit_serializations();
	r[0] = kbpf_test_run_jited(&a, NULL, &env);
	n1 = kbpf_jit_serializations();
	after = kbpf_jit_cpu_gen_get();
	r[1] = kbpf_test_run_jited(&a, NULL, &env);
	n2 = kbpf_jit_serializations();
	kj_slot = NULL;
	kbpf_jit_cpu_gen_set(a_gen);
	r[2] = kbpf_test_run_jited(&a, NULL, &env);
	n3 = kbpf_jit_serializations();
	migrate_enable();
	kbpf_jit_image_free(&b);
	kbpf_jit_image_free(&a);

	KUNIT_EXPECT_LT(test, a_gen, b_gen);
	KUNIT_EXPECT_EQ(test, r[0], 42);
	KUNIT_EXPECT_EQ(test, n1, n0 + 1);
	KUNIT_EXPECT_GE(test, after, b_gen);
	KUNIT_EXPECT_EQ(test, r[1], 42);
	KUNIT_EXPECT_EQ(test, n2, n1);
	KUNIT_EXPECT_EQ(test, r[2], 1);
	KUNIT_EXPECT_EQ(test, n3, n2);
}

/*
 * Helper arguments: r2-r5 start at 0 (the first call), then r1-r5 as
 * given, in order (a helper clobbers r1-r5: the verifier lets no program
 * read them after a call).
 */
static void kbpf_jit_helper_args_test(struct kunit *test)
{
	const struct kbpf_insn p[] = {
		KBPF_MOV64_IMM(1, 3),
		KBPF_CALL_HELPER(KJ_HELPER_ARGS),
		KBPF_MOV64_REG(6, 0),
		KBPF_MOV64_IMM(1, 1),
		KBPF_MOV64_IMM(2, 10),
		KBPF_MOV64_IMM(3, 100),
		KBPF_MOV64_IMM(4, 1000),
		KBPF_MOV64_IMM(5, 10000),
		KBPF_CALL_HELPER(KJ_HELPER_ARGS),
		KBPF_ALU64_IMM(KBPF_MUL, 0, 10),
		KBPF_ALU64_REG(KBPF_ADD, 0, 6),
		KBPF_EXIT_INSN(),
	};

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	kj_compare(test, p, ARRAY_SIZE(p), 0, "helper args");
}

static struct kunit_case kbpf_jit_test_cases[] = {
	KUNIT_CASE_PARAM(kbpf_jit_alu_pairs_test, kj_alu_gen_params),
	KUNIT_CASE_PARAM(kbpf_jit_atomic_pairs_test, kj_atomic_gen_params),
	KUNIT_CASE(kbpf_jit_long_jumps_test),
	KUNIT_CASE(kbpf_jit_many_branches_test),
	KUNIT_CASE(kbpf_jit_image_shape_test),
	KUNIT_CASE(kbpf_jit_unwind_test),
	KUNIT_CASE(kbpf_jit_refuses_test),
	KUNIT_CASE(kbpf_jit_helper_args_test),
	KUNIT_CASE(kbpf_jit_calls_test),
	KUNIT_CASE(kbpf_jit_callbacks_test),
	KUNIT_CASE(kbpf_jit_cb_series_test),
	KUNIT_CASE(kbpf_jit_tail_calls_test),
	KUNIT_CASE(kbpf_jit_serialize_entry_test),
	KUNIT_CASE(kbpf_jit_serialize_tail_call_test),
	KUNIT_CASE(kbpf_jit_padded_test),
	{}
};

static struct kunit_suite kbpf_jit_suite = {
	.name = "kbpf_jit",
	.test_cases = kbpf_jit_test_cases,
};

kunit_test_suite(kbpf_jit_suite);
