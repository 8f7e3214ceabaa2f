// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the JIT's jump sizing and padding (kmod/jit/jit.c) under attack.
 * A jump sized or aimed wrong lands in the wrong place silently, so every
 * program here folds the path it took into r0 and runs both JITed and
 * interpreted on several inputs:
 *
 * - jumps whose distance sweeps byte by byte across the rel8 limit, both
 *   ways, for jcc, jmp, gotol, JMP32 and an exit's jump to the epilogue,
 *   and two jumps that span each other across the limit;
 * - a staircase of jumps each of which reaches rel8 only once the one
 *   it spans has: one pass per step, so the passes settle only by the
 *   padding from pass 15 (without padding the JIT gives up);
 * - random programs of forward jumps, bounded loops, exits in the
 *   middle, code of 0 to 40 bytes an instruction, bpf-to-bpf calls and
 *   callbacks.
 *
 * Each program is also JITed padded from the second pass on and
 * blinded (kmod/jit/blind.c), which changes every size.
 */

#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/slab.h>

#include "../kmod/jit/arena.h"
#include "../kmod/jit/blind.h"
#include "../kmod/jit/jit.h"
#include "../kmod/prog/interp.h"
#include "../tools/include/kbpf/insn.h"
#include "jit_run.h"

#define KJJ_CAP		4096	/* instructions a test program may take */
#define KJJ_LOOPS	3	/* iterations of each bounded loop */

#define KJJ_HELPER_FOLD	1

/*
 * Calls the callback @cb @nr times with (i, @ctx) and folds what each
 * call returns, so that every callback's result shows in the caller's.
 */
static u64 kjj_helper_fold(u64 nr, u64 cb, u64 ctx, u64 r4, u64 r5)
{
	u64 acc = 0, i;

	for (i = 0; i < nr; i++)
		acc = acc * 31 + kbpf_interp_call((const void *)(unsigned long)cb,
						  i, ctx, 0, 0, 0);
	return acc;
}

static const kbpf_helper_fn kjj_helpers[] = {
	[KJJ_HELPER_FOLD] = kjj_helper_fold,
};

static const struct kbpf_interp_env kjj_env = {
	.helpers = kjj_helpers,
	.helper_cnt = ARRAY_SIZE(kjj_helpers),
};

/* The inputs, read by every program from its ctx into r6. */
static const u64 kjj_inputs[] = {
	0, 1, 0x7f, 0x80, 0xffffffffffffff80ULL, 0x123456789abcdef0ULL,
	0xffffffffffffffffULL, 0x8000000000000000ULL,
};

struct kjj_prog {
	struct kbpf_insn *p;
	u32 n;
};

static void kjj_emit(struct kjj_prog *g, struct kbpf_insn insn)
{
	if (g->n < KJJ_CAP)
		g->p[g->n] = insn;
	g->n++;
}

/* One instruction of tools/include/kbpf/insn.h's initializers. */
#define KJJ_EMIT(g, ...)	kjj_emit(g, (struct kbpf_insn)__VA_ARGS__)

/*
 * r6 = the input, r0 = 0, r7 = 0, r8 = a second value, r9 = 0 (the loop
 * counter): the JIT's main function starts with the C caller's r6-r9.
 */
static void kjj_start(struct kjj_prog *g)
{
	g->n = 0;
	KJJ_EMIT(g, KBPF_LDX_MEM(KBPF_DW, 6, 1, 0));
	KJJ_EMIT(g, KBPF_MOV64_IMM(0, 0));
	KJJ_EMIT(g, KBPF_MOV64_IMM(7, 0));
	KJJ_EMIT(g, KBPF_MOV64_REG(8, 6));
	KJJ_EMIT(g, KBPF_ALU64_IMM(KBPF_XOR, 8, 0x3c5a));
	KJJ_EMIT(g, KBPF_MOV64_IMM(9, 0));
}

/*
 * @bytes of x86 code that fold into r0 in an order that shows (add, xor
 * and multiply by 3 in turn, each 4 bytes: r0 is rax, the immediates
 * fit in 8 bits), with one to three 3-byte "r0 ^= r6" for the remainder.
 * @bytes is 0 or at least 6, or one of 3, 4.
 */
static void kjj_filler(struct kjj_prog *g, u32 bytes, u32 salt)
{
	static const u8 ops[] = { KBPF_ADD, KBPF_XOR, KBPF_MUL };
	u32 k = 0;

	while (bytes % 4) {
		KJJ_EMIT(g, KBPF_ALU64_REG(KBPF_XOR, 0, 6));
		bytes -= 3;
	}
	for (; bytes; bytes -= 4, k++)
		KJJ_EMIT(g, KBPF_ALU64_IMM(ops[k % 3], 0, k % 3 == 2 ? 3 :
					   (salt + k) % 120 + 1));
}

static void kjj_exit(struct kjj_prog *g)
{
	KJJ_EMIT(g, KBPF_EXIT_INSN());
}

/* The JIT's image of @p, or of its blinded copy, runs as the interpreter. */
static void kjj_check(struct kunit *test, const struct kjj_prog *g,
		      bool blind, const char *what, u32 arg)
{
	const struct kbpf_insn *p = g->p;
	struct kbpf_jit_blinded b = {};
	struct kbpf_jit_image img;
	u32 n = g->n, k;
	u64 want, got;
	int err;

	KUNIT_ASSERT_LE(test, g->n, KJJ_CAP);
	if (blind) {
		KUNIT_ASSERT_EQ(test, kbpf_jit_blind(g->p, g->n, NULL, 0, &b), 0);
		p = b.insns;
		n = b.len;
	}
	err = kbpf_jit_compile(p, n, 0, kjj_helpers, ARRAY_SIZE(kjj_helpers),
			       &img);
	kbpf_jit_blinded_free(&b);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s %u%s: not JITed", what, arg,
			    blind ? " blinded" : "");
	for (k = 0; k < ARRAY_SIZE(kjj_inputs); k++) {
		want = kbpf_interp_run_env(g->p, &kjj_inputs[k], &kjj_env);
		got = kbpf_test_run_jited(&img, &kjj_inputs[k], &kjj_env);
		KUNIT_EXPECT_EQ_MSG(test, got, want,
				    "%s %u%s, input %#llx: JIT %#llx, interpreter %#llx",
				    what, arg, blind ? " blinded" : "",
				    kjj_inputs[k], got, want);
		if (got != want)
			break;
	}
	kbpf_jit_image_free(&img);
}

static void kjj_restore_pad_passes(void *saved)
{
	WRITE_ONCE(kbpf_jit_pad_passes, (u32)(unsigned long)saved);
}

/* Makes the test restore the first padding pass when it ends. */
static u32 kjj_save_pad_passes(struct kunit *test)
{
	u32 saved = READ_ONCE(kbpf_jit_pad_passes);
	void *arg = (void *)(unsigned long)saved;

	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							kjj_restore_pad_passes,
							arg), 0);
	return saved;
}

/* @g checked as it settles, padded from the second pass on, and blinded. */
static void kjj_check_all(struct kunit *test, const struct kjj_prog *g,
			  u32 saved, const char *what, u32 arg)
{
	WRITE_ONCE(kbpf_jit_pad_passes, saved);
	kjj_check(test, g, false, what, arg);
	kjj_check(test, g, true, what, arg);
	WRITE_ONCE(kbpf_jit_pad_passes, 1);
	kjj_check(test, g, false, what, arg);
	WRITE_ONCE(kbpf_jit_pad_passes, saved);
}

/* The byte distances swept: the rel8 limits with room for the encodings. */
#define KJJ_SWEEP_MIN	104
#define KJJ_SWEEP_MAX	152

/* if r6 > 0x40 goto +@bytes of filler; more filler; exit (jcc forward). */
static void kjj_fwd_jcc(struct kjj_prog *g, u32 bytes, bool w32)
{
	u32 at;

	kjj_start(g);
	at = g->n;
	kjj_emit(g, w32 ? (struct kbpf_insn)KBPF_JMP32_IMM(KBPF_JGT, 6, 0x40, 0) :
		 (struct kbpf_insn)KBPF_JMP_IMM(KBPF_JGT, 6, 0x40, 0));
	kjj_filler(g, bytes, bytes);
	g->p[at].off = g->n - at - 1;
	kjj_filler(g, 8, 7);
	kjj_exit(g);
}

/* A jmp (@gotol: its 32-bit form) forward over @bytes, after a jcc. */
static void kjj_fwd_ja(struct kjj_prog *g, u32 bytes, bool gotol)
{
	u32 at;

	kjj_start(g);
	KJJ_EMIT(g, KBPF_JMP_IMM(KBPF_JSGT, 6, 2, 1));
	at = g->n;
	kjj_emit(g, gotol ? (struct kbpf_insn)KBPF_JMP32_A(0) :
		 (struct kbpf_insn)KBPF_JMP_A(0));
	kjj_filler(g, bytes, bytes);
	if (gotol)
		g->p[at].imm = g->n - at - 1;
	else
		g->p[at].off = g->n - at - 1;
	kjj_filler(g, 4, 3);
	kjj_exit(g);
}

/* The start of a loop counted down in r9 from KJJ_LOOPS: its top. */
static u32 kjj_loop_top(struct kjj_prog *g)
{
	KJJ_EMIT(g, KBPF_MOV64_IMM(9, KJJ_LOOPS));
	return g->n;
}

/* @jump, its offset set to go back to @top. */
static void kjj_jump_back(struct kjj_prog *g, struct kbpf_insn jump, u32 top)
{
	kjj_emit(g, jump);
	g->p[g->n - 1].off = top - g->n;
}

/* A loop closed by a jcc back over @bytes, KJJ_LOOPS times. */
static void kjj_bwd_jcc(struct kjj_prog *g, u32 bytes)
{
	u32 top;

	kjj_start(g);
	top = kjj_loop_top(g);
	kjj_filler(g, bytes, bytes);
	KJJ_EMIT(g, KBPF_ALU64_IMM(KBPF_SUB, 9, 1));
	kjj_jump_back(g, (struct kbpf_insn)KBPF_JMP_IMM(KBPF_JSGT, 9, 0, 0),
		      top);
	kjj_exit(g);
}

/*
 * A loop closed by a jmp back, left by a jcc forward at its top: the two
 * span each other, so each one's size moves the other's distance.
 */
static void kjj_bwd_ja(struct kjj_prog *g, u32 bytes)
{
	u32 top;

	kjj_start(g);
	top = kjj_loop_top(g);
	KJJ_EMIT(g, KBPF_JMP_IMM(KBPF_JSLE, 9, 0, 0));
	KJJ_EMIT(g, KBPF_ALU64_IMM(KBPF_SUB, 9, 1));
	kjj_filler(g, bytes, bytes);
	kjj_jump_back(g, (struct kbpf_insn)KBPF_JMP_A(0), top);
	g->p[top].off = g->n - top - 1;
	kjj_filler(g, 4, 1);
	kjj_exit(g);
}

/* An exit in the middle: its jump to the epilogue spans @bytes. */
static void kjj_mid_exit(struct kjj_prog *g, u32 bytes)
{
	kjj_start(g);
	kjj_filler(g, 8, 5);
	KJJ_EMIT(g, KBPF_JMP_IMM(KBPF_JLT, 6, 0x80, 1));
	kjj_exit(g);
	kjj_filler(g, bytes, bytes);
	kjj_exit(g);
}

/*
 * Jumps across the rel8 limit by one byte either way, forward and back:
 * for every distance from KJJ_SWEEP_MIN to KJJ_SWEEP_MAX bytes of code
 * between a jump and its target, each kind of jump.
 */
static void kbpf_jit_jump_limits_test(struct kunit *test)
{
	struct kjj_prog g;
	u32 saved, b;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	saved = kjj_save_pad_passes(test);
	g.p = kunit_kcalloc(test, KJJ_CAP, sizeof(*g.p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, g.p);
	for (b = KJJ_SWEEP_MIN; b <= KJJ_SWEEP_MAX; b++) {
		kjj_fwd_jcc(&g, b, false);
		kjj_check_all(test, &g, saved, "jcc forward over", b);
		kjj_fwd_jcc(&g, b, true);
		kjj_check_all(test, &g, saved, "jcc32 forward over", b);
		kjj_fwd_ja(&g, b, false);
		kjj_check_all(test, &g, saved, "ja forward over", b);
		kjj_fwd_ja(&g, b, true);
		kjj_check_all(test, &g, saved, "gotol forward over", b);
		kjj_bwd_jcc(&g, b);
		kjj_check_all(test, &g, saved, "jcc back over", b);
		kjj_bwd_ja(&g, b);
		kjj_check_all(test, &g, saved, "ja back over", b);
		kjj_mid_exit(&g, b);
		kjj_check_all(test, &g, saved, "exit over", b);
	}
}

/*
 * The staircase: jumps J_n ... J_1 in that order, 60 bytes of filler
 * after each; J_1 jumps over its filler, every other J_k over its
 * filler, J_k-1 and J_k-1's filler. With J_k-1 a rel32 jcc J_k's
 * distance is 60 + 10 + 60 = 130 bytes, with a rel8 one 126: J_k reaches
 * with rel8 only from the pass after J_k-1 does, one step a pass.
 */
#define KJJ_STAIRS	24
#define KJJ_STAIR_FILL	60

static void kjj_staircase(struct kjj_prog *g, u32 steps, u32 salt)
{
	u32 k, at;

	kjj_start(g);
	for (k = steps; k >= 1; k--) {
		at = g->n;
		/* cmp rbx, imm8; jcc: 4 + 2 or 6 bytes */
		KJJ_EMIT(g, KBPF_JMP_IMM(KBPF_JSGT, 6,
					 (s8)(salt * 37 + k * 11), 0));
		kjj_filler(g, KJJ_STAIR_FILL, salt + k);
		/* J_1's target is the exit; J_k's is J_k-2 (or the exit) */
		g->p[at].off = k == 1 ? KJJ_STAIR_FILL / 4 :
			       2 * (KJJ_STAIR_FILL / 4 + 1) - 1;
	}
	kjj_exit(g);
}

static void kbpf_jit_staircase_test(struct kunit *test)
{
	struct kbpf_jit_image img;
	struct kjj_prog g;
	u32 saved, salt;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	saved = kjj_save_pad_passes(test);
	g.p = kunit_kcalloc(test, KJJ_CAP, sizeof(*g.p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, g.p);

	/* without padding, the steps outlast the passes */
	kjj_staircase(&g, KJJ_STAIRS, 0);
	WRITE_ONCE(kbpf_jit_pad_passes, U32_MAX);
	KUNIT_EXPECT_EQ(test, kbpf_jit_compile(g.p, g.n, 0, kjj_helpers,
					       ARRAY_SIZE(kjj_helpers), &img),
			-E2BIG);
	/* ten steps settle before any padding */
	kjj_staircase(&g, 10, 0);
	KUNIT_EXPECT_EQ(test, kbpf_jit_compile(g.p, g.n, 0, kjj_helpers,
					       ARRAY_SIZE(kjj_helpers), &img),
			0);
	kbpf_jit_image_free(&img);
	WRITE_ONCE(kbpf_jit_pad_passes, saved);

	for (salt = 0; salt < 8; salt++) {
		kjj_staircase(&g, KJJ_STAIRS, salt);
		kjj_check_all(test, &g, saved, "staircase, salt", salt);
		kjj_staircase(&g, 10, salt);
		kjj_check_all(test, &g, saved, "short staircase, salt", salt);
	}
}

/*
 * Random programs. A function is a body of random instructions: filler
 * of 0 (r5 = r5, ja +0), 3, 4, 7, 10 and about 40 bytes (division),
 * conditional jumps of every kind forward, ja and gotol forward, exits,
 * and bounded loops (r9 = KJJ_LOOPS at the top, closed by a jcc back or
 * a jmp back with the test at the top). Nothing increments r9 inside a
 * loop and loops do not nest, so every run ends wherever a forward jump
 * enters. The main function calls up to two subprograms, each either
 * directly (r6 in r1) or as a callback of a helper that calls it three
 * times (its callback load a lea whose target moves from pass to pass);
 * what they return is folded into the caller's r0.
 */
#define KJJ_RANDOM_PROGS	160

struct kjj_gen {
	struct kjj_prog g;
	struct rnd_state rnd;
	u32 fwd[KJJ_CAP];	/* forward jumps to aim, by index */
	u32 nfwd;
	u32 sub[2];		/* where each call's sequence starts, in main */
	u32 nsub;
};

static u32 kjj_rand(struct kjj_gen *s, u32 n)
{
	return prandom_u32_state(&s->rnd) % n;
}

static void kjj_random_cond(struct kjj_gen *s)
{
	static const u8 ops[] = { KBPF_JEQ, KBPF_JNE, KBPF_JGT, KBPF_JGE,
				  KBPF_JLT, KBPF_JLE, KBPF_JSGT, KBPF_JSGE,
				  KBPF_JSLT, KBPF_JSLE, KBPF_JSET };
	static const u8 dsts[] = { 0, 6, 8 };
	u8 code = kjj_rand(s, 2) ? KBPF_JMP : KBPF_JMP32;
	u8 op = ops[kjj_rand(s, ARRAY_SIZE(ops))];
	u8 dst = dsts[kjj_rand(s, ARRAY_SIZE(dsts))];
	s32 imm = kjj_rand(s, 2) ? (s8)kjj_rand(s, 256) :
		  (s32)prandom_u32_state(&s->rnd);

	s->fwd[s->nfwd++] = s->g.n;
	if (kjj_rand(s, 3))
		KJJ_EMIT(&s->g, KBPF_RAW_INSN(code | op | KBPF_K, dst, 0, 0, imm));
	else
		KJJ_EMIT(&s->g, KBPF_RAW_INSN(code | op | KBPF_X, dst,
					      dst == 8 ? 6 : 8, 0, 0));
}

static void kjj_random_filler(struct kjj_gen *s)
{
	struct kjj_prog *g = &s->g;
	u32 v = prandom_u32_state(&s->rnd);
	u64 wide;
	u8 op;

	switch (kjj_rand(s, 8)) {
	case 0:		/* 0 bytes */
		kjj_emit(g, kjj_rand(s, 2) ?
			 (struct kbpf_insn)KBPF_MOV64_REG(5, 5) :
			 (struct kbpf_insn)KBPF_JMP_A(0));
		break;
	case 1:		/* 3 */
		KJJ_EMIT(g, KBPF_ALU64_REG(KBPF_ADD, 0, 8));
		break;
	case 2:		/* 7 */
		KJJ_EMIT(g, KBPF_ALU64_IMM(KBPF_XOR, 0, v | 0x100));
		break;
	case 3:		/* 10 */
		wide = (u64)v << 32 | 0x80000000 | v;
		KJJ_EMIT(g, KBPF_LD_IMM64_1(8, 0, wide));
		KJJ_EMIT(g, KBPF_LD_IMM64_2(wide));
		break;
	case 4:		/* about 40 */
		op = v & 1 ? KBPF_DIV : KBPF_MOD;
		KJJ_EMIT(g, KBPF_RAW_INSN(KBPF_ALU64 | op | KBPF_X, 0, 8,
					  v & 2 ? 1 : 0, 0));
		break;
	default:	/* 4 */
		kjj_filler(g, 4, v);
		break;
	}
}

/* A bounded loop of @len random instructions (forward jumps may leave). */
static void kjj_random_loop(struct kjj_gen *s, u32 len)
{
	struct kjj_prog *g = &s->g;
	bool ja = kjj_rand(s, 2);
	u32 top, test = 0;

	top = kjj_loop_top(g);
	if (ja) {
		test = g->n;
		KJJ_EMIT(g, KBPF_JMP_IMM(KBPF_JSLE, 9, 0, 0));
	}
	KJJ_EMIT(g, KBPF_ALU64_IMM(KBPF_SUB, 9, 1));
	while (len--)
		kjj_random_filler(s);
	if (ja) {
		kjj_jump_back(g, (struct kbpf_insn)KBPF_JMP_A(0), top);
		g->p[test].off = g->n - test - 1;
	} else {
		kjj_jump_back(g, (struct kbpf_insn)
			      KBPF_JMP_IMM(KBPF_JSGT, 9, 0, 0), top);
	}
}

/*
 * A call of the next subprogram, or a callback load of it and a call of
 * the fold helper with it (3 calls): r0 folded with what comes back.
 * The sequence: r7 = r0, then r1 = r6 and the call, or the callback
 * load (2 slots), r1, r3 and the helper call; then r0 ^= r7.
 */
static void kjj_random_call(struct kjj_gen *s)
{
	struct kjj_prog *g = &s->g;

	s->sub[s->nsub++] = g->n;
	KJJ_EMIT(g, KBPF_MOV64_REG(7, 0));
	if (kjj_rand(s, 2)) {
		KJJ_EMIT(g, KBPF_MOV64_REG(1, 6));
		KJJ_EMIT(g, KBPF_CALL_REL(0));
	} else {
		/* the address is filled in once the callback is placed */
		KJJ_EMIT(g, KBPF_LD_IMM64_1(2, KBPF_PSEUDO_FUNC, 0));
		KJJ_EMIT(g, KBPF_LD_IMM64_2(0));
		KJJ_EMIT(g, KBPF_MOV64_IMM(1, 3));
		KJJ_EMIT(g, KBPF_MOV64_REG(3, 6));
		KJJ_EMIT(g, KBPF_CALL_HELPER(KJJ_HELPER_FOLD));
	}
	KJJ_EMIT(g, KBPF_ALU64_REG(KBPF_XOR, 0, 7));
}

static bool kjj_is_func_load(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
	       insn->src_reg == KBPF_PSEUDO_FUNC;
}

/*
 * Where a forward jump to @t lands instead when @t is inside a call's
 * sequence: at its start, since r1-r5 do not survive a helper call in
 * the JIT (they are C's argument registers) and do in the interpreter.
 */
static u32 kjj_call_start(const struct kjj_gen *s, u32 t)
{
	u32 k, first, last;

	for (k = 0; k < s->nsub; k++) {
		first = s->sub[k];
		last = first + (kjj_is_func_load(&s->g.p[first + 1]) ? 5 : 2);
		if (t > first && t <= last)
			return first;
	}
	return t;
}

/* A function's body of about @len instructions, then r0 returned. */
static void kjj_random_body(struct kjj_gen *s, u32 len, bool main)
{
	struct kjj_prog *g = &s->g;
	static const u32 spans[] = { 4, 24, 64, 200 };
	u32 start = g->n, first = s->nfwd, k, span, t, at;

	while (g->n - start < len && g->n + 64 < KJJ_CAP) {
		switch (kjj_rand(s, 16)) {
		case 0:
		case 1:
		case 2:
		case 3:
			kjj_random_cond(s);
			break;
		case 4:
			s->fwd[s->nfwd++] = g->n;
			kjj_emit(g, kjj_rand(s, 2) ?
				 (struct kbpf_insn)KBPF_JMP_A(0) :
				 (struct kbpf_insn)KBPF_JMP32_A(0));
			break;
		case 5:
			kjj_exit(g);
			break;
		case 6:
			kjj_random_loop(s, 1 + kjj_rand(s, 40));
			break;
		case 7:
			if (main && s->nsub < 2) {
				kjj_random_call(s);
				break;
			}
			fallthrough;
		default:
			kjj_random_filler(s);
			break;
		}
	}
	kjj_exit(g);
	/* forward targets: within this function, up to its exit */
	for (k = first; k < s->nfwd; k++) {
		at = s->fwd[k];
		span = spans[kjj_rand(s, ARRAY_SIZE(spans))];
		t = at + 1 + kjj_rand(s, min(span, g->n - 1 - at));
		/* never into the second slot of an ld_imm64 */
		if (g->p[t - 1].code == (KBPF_LD | KBPF_IMM | KBPF_DW))
			t--;
		t = kjj_call_start(s, t);
		if (KBPF_CLASS(g->p[at].code) == KBPF_JMP32 &&
		    KBPF_OP(g->p[at].code) == KBPF_JA)
			g->p[at].imm = t - at - 1;
		else
			g->p[at].off = t - at - 1;
	}
	s->nfwd = first;
}

static void kjj_random(struct kjj_gen *s)
{
	struct kjj_prog *g = &s->g;
	u32 k, entry;

	s->nfwd = 0;
	s->nsub = 0;
	kjj_start(g);
	kjj_random_body(s, 100 + kjj_rand(s, 400), true);
	for (k = 0; k < s->nsub; k++) {
		struct kbpf_insn *at = &g->p[s->sub[k] + 1];
		u64 addr = (unsigned long)&g->p[g->n];

		entry = g->n;
		if (kjj_is_func_load(at)) {
			/* a callback: (i, ctx) in r1, r2 */
			at[0].imm = (u32)addr;
			at[1].imm = addr >> 32;
			KJJ_EMIT(g, KBPF_MOV64_REG(6, 2));
			KJJ_EMIT(g, KBPF_ALU64_REG(KBPF_ADD, 6, 1));
		} else {
			at[1].imm = entry - (s->sub[k] + 2) - 1;
			KJJ_EMIT(g, KBPF_MOV64_REG(6, 1));
		}
		KJJ_EMIT(g, KBPF_MOV64_IMM(0, k + 1));
		KJJ_EMIT(g, KBPF_MOV64_REG(8, 6));
		KJJ_EMIT(g, KBPF_ALU64_IMM(KBPF_MUL, 8, 5));
		KJJ_EMIT(g, KBPF_MOV64_IMM(9, 0));
		kjj_random_body(s, 20 + kjj_rand(s, 200), false);
	}
}

static void kbpf_jit_random_jumps_test(struct kunit *test)
{
	struct kjj_gen *s;
	u32 saved, seed;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	saved = kjj_save_pad_passes(test);
	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	s->g.p = kunit_kcalloc(test, KJJ_CAP, sizeof(*s->g.p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s->g.p);
	for (seed = 1; seed <= KJJ_RANDOM_PROGS; seed++) {
		prandom_seed_state(&s->rnd, seed);
		kjj_random(s);
		kjj_check_all(test, &s->g, saved, "random program, seed", seed);
	}
}

static struct kunit_case kbpf_jit_jumps_test_cases[] = {
	KUNIT_CASE(kbpf_jit_jump_limits_test),
	KUNIT_CASE(kbpf_jit_staircase_test),
	KUNIT_CASE(kbpf_jit_random_jumps_test),
	{}
};

static struct kunit_suite kbpf_jit_jumps_suite = {
	.name = "kbpf_jit_jumps",
	.test_cases = kbpf_jit_jumps_test_cases,
};

kunit_test_suite(kbpf_jit_jumps_suite);
