// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_loop() inlined by the verifier, as Linux 6.12 inlines it
 * (optimize_bpf_loop()): a call whose flags are a known 0 and whose
 * callback is the same on every path becomes a loop with a bpf-to-bpf
 * call of the callback, which xlated shows; the count is then compared
 * as 64 bits (the helper takes a u32), so 2^32 + 3 gives -E2BIG where
 * the helper would loop 3 times, and -E2BIG is set by a 32-bit move
 * (zero-extended: 0xfffffff9, where the helper returns a 64-bit -7).
 * Linux and kbpf must agree on results
 * and on xlated's shape (19 instructions for the call, r6-r8 saved 24
 * bytes below the caller's stack, the call landing on the callback).
 * Calls whose flags come from the ctx stay helper calls on both sides.
 */
#include <stdlib.h>

#include "kbpf_prog.h"

#define LOOP_INLINE_LEN	19
#define MAX_LOOPS	(1 << 23)
/* w0 = -E2BIG: the inlined loop's error is zero-extended */
#define E2BIG_INLINED	((__s64)(__u32)-E2BIG)

/*
 * bpf_loop(ctx[0], cb, &sum, 0); ctx[0] = its result, ctx[1] = sum,
 * where cb adds each index to sum and stops after index 20.
 */
static const struct kbpf_insn inline_prog[] = {
	KBPF_MOV64_REG(R6, R1),
	KBPF_ST_MEM(KBPF_DW, R10, -8, 0),
	KBPF_LDX_MEM(KBPF_DW, R1, R6, 0),
	KBPF_MOV64_IMM(R4, 0),
	KBPF_LD_FUNC(R2, 9),			/* cb */
	KBPF_MOV64_REG(R3, R10),
	KBPF_ALU64_IMM(KBPF_ADD, R3, -8),
	KBPF_CALL_HELPER(KBPF_FUNC_loop),	/* 8 */
	KBPF_STX_MEM(KBPF_DW, R6, R0, 0),
	KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
	KBPF_STX_MEM(KBPF_DW, R6, R1, 8),
	KBPF_RET_IMM(0),
	/* 14: cb(index, ctx) */
	KBPF_LDX_MEM(KBPF_DW, R3, R2, 0),
	KBPF_ALU64_REG(KBPF_ADD, R3, R1),
	KBPF_STX_MEM(KBPF_DW, R2, R3, 0),
	KBPF_MOV64_IMM(R0, 0),
	KBPF_JMP_IMM(KBPF_JNE, R1, 20, 1),
	KBPF_MOV64_IMM(R0, 1),
	KBPF_EXIT_INSN(),
};

static void check_run(int fd, __u64 nr, __s64 ret, __u64 sum)
{
	__u64 ctx[2] = { nr, 0 };

	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	if ((__s64)ctx[0] != ret || ctx[1] != sum)
		FAIL("bpf_loop(%#llx): got %lld, sum %llu; want %lld, sum %llu",
		     (unsigned long long)nr, (long long)ctx[0],
		     (unsigned long long)ctx[1], (long long)ret,
		     (unsigned long long)sum);
}

/*
 * The relative target of a pseudo call in xlated: kbpf keeps it in imm,
 * Linux's JITed programs in off (imm is then the subprogram's index).
 */
static int call_rel(const struct kbpf_insn *insn)
{
	return kbpf_target_linux() ? insn->off : insn->imm;
}

/*
 * The call at @at became the loop, saving r6-r8 at @spill, calling the
 * instruction at @cb.
 */
static void check_inlined(const struct kbpf_insn *x, __u32 len, __u32 at,
			  __s16 spill, __u32 cb)
{
	const struct kbpf_insn *l = &x[at];

	ASSERT_LE(at + LOOP_INLINE_LEN, len);
	ASSERT_EQ(l[0].code, KBPF_JMP | KBPF_JLE | KBPF_K);
	ASSERT_EQ(l[0].dst_reg, R1);
	ASSERT_EQ(l[0].imm, MAX_LOOPS);
	ASSERT_EQ(l[1].code, KBPF_ALU | KBPF_MOV | KBPF_K);
	ASSERT_EQ(l[1].imm, -E2BIG);
	ASSERT_EQ(l[2].code, KBPF_JMP | KBPF_JA);
	ASSERT_EQ(l[2].off, LOOP_INLINE_LEN - 3);
	ASSERT_EQ(l[3].code, KBPF_STX | KBPF_MEM | KBPF_DW);
	ASSERT_EQ(l[3].src_reg, R6);
	ASSERT_EQ(l[3].off, spill);
	ASSERT_EQ(l[5].src_reg, R8);
	ASSERT_EQ(l[5].off, spill + 16);
	ASSERT_EQ(l[12].code, KBPF_JMP | KBPF_CALL);
	ASSERT_EQ(l[12].src_reg, KBPF_PSEUDO_CALL);
	ASSERT_EQ(at + 12 + 1 + call_rel(&l[12]), cb);
	ASSERT_EQ(l[14].code, KBPF_JMP | KBPF_JEQ | KBPF_K);
	ASSERT_EQ(l[14].off, -6);
	ASSERT_EQ(l[18].code, KBPF_LDX | KBPF_MEM | KBPF_DW);
	ASSERT_EQ(l[18].dst_reg, R8);
}

TEST(prog_loop_inline_runs)
{
	int fd = LOAD_SYSCALL(inline_prog);

	check_run(fd, 10, 10, 45);
	check_run(fd, 0, 0, 0);
	check_run(fd, 1, 1, 0);
	/* The callback's 1 stops the loop after that iteration. */
	check_run(fd, 30, 21, 210);
	/* 2^23 iterations are allowed, one more is not. */
	check_run(fd, MAX_LOOPS, 21, 210);
	check_run(fd, MAX_LOOPS + 1, E2BIG_INLINED, 0);
	/* Inlined, the count is compared as 64 bits. */
	check_run(fd, (1ULL << 32) + 3, E2BIG_INLINED, 0);
	check_run(fd, -1ULL, E2BIG_INLINED, 0);
}

TEST(prog_loop_inline_xlated)
{
	int fd = LOAD_SYSCALL(inline_prog);
	struct kbpf_insn *x;
	__u32 len;

	x = kbpf_prog_xlated(fd, &len);
	ASSERT_EQ(len, ARRAY_SIZE(inline_prog) + LOOP_INLINE_LEN - 1);
	/* main's stack is 8 bytes: the three saved below them */
	check_inlined(x, len, 8, -32, 14 + LOOP_INLINE_LEN - 1);
	/* what followed the call follows the loop */
	ASSERT_MEMEQ(&x[8 + LOOP_INLINE_LEN], &inline_prog[9],
		     sizeof(inline_prog[9]));
	free(x);
}

/* flags from the ctx: the call stays the helper, on both sides */
TEST(prog_loop_inline_unknown_flags)
{
	struct kbpf_insn insns[ARRAY_SIZE(inline_prog)];
	struct kbpf_insn *x;
	__u32 len;
	int fd;

	memcpy(insns, inline_prog, sizeof(insns));
	insns[3] = (struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, R4, R6, 8);
	fd = LOAD_SYSCALL(insns);
	x = kbpf_prog_xlated(fd, &len);
	ASSERT_EQ(len, ARRAY_SIZE(insns));
	ASSERT_EQ(x[8].code, KBPF_JMP | KBPF_CALL);
	ASSERT_EQ(x[8].src_reg, 0);
	free(x);
	/* the helper: a u32 count, flags checked */
	check_run(fd, (1ULL << 32) + 3, 3, 3);
}

/* flags 0 on one path, 1 on the other: the helper, which refuses 1 */
TEST(prog_loop_inline_flags_differ)
{
	static const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_ST_MEM(KBPF_DW, R10, -8, 0),
		KBPF_LDX_MEM(KBPF_DW, R1, R6, 0),
		KBPF_LDX_MEM(KBPF_DW, R5, R6, 8),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_JMP_IMM(KBPF_JEQ, R5, 0, 1),
		KBPF_MOV64_IMM(R4, 1),
		KBPF_LD_FUNC(R2, 7),			/* cb */
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -8),
		KBPF_CALL_HELPER(KBPF_FUNC_loop),	/* 11 */
		KBPF_STX_MEM(KBPF_DW, R6, R0, 0),
		KBPF_RET_IMM(0),
		/* 15: cb(index, ctx) */
		KBPF_RET_IMM(0),
	};
	__u64 ctx[2] = { 5, 0 };
	struct kbpf_insn *x;
	__u32 len;
	int fd = LOAD_SYSCALL(insns);

	x = kbpf_prog_xlated(fd, &len);
	ASSERT_EQ(len, ARRAY_SIZE(insns));
	ASSERT_EQ(x[11].src_reg, 0);
	free(x);
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], 5);
	ctx[0] = 5;
	ctx[1] = 1;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ((__s64)ctx[0], -EINVAL);
}

/*
 * Nested: main loops ctx[0] times over cb1, which loops 3 times over
 * cb2; both inlined. cb2 counts into *ctx; cb1 stops at index 4.
 */
TEST(prog_loop_inline_nested)
{
	static const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_ST_MEM(KBPF_DW, R10, -8, 0),
		KBPF_LDX_MEM(KBPF_DW, R1, R6, 0),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_LD_FUNC(R2, 9),			/* cb1 */
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -8),
		KBPF_CALL_HELPER(KBPF_FUNC_loop),	/* 8 */
		KBPF_STX_MEM(KBPF_DW, R6, R0, 0),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_STX_MEM(KBPF_DW, R6, R1, 8),
		KBPF_RET_IMM(0),
		/* 14: cb1(index, ctx) */
		KBPF_MOV64_REG(R6, R1),
		KBPF_MOV64_REG(R3, R2),
		KBPF_MOV64_IMM(R1, 3),
		KBPF_LD_FUNC(R2, 7),			/* cb2 */
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_loop),	/* 20 */
		KBPF_MOV64_IMM(R0, 0),
		KBPF_JMP_IMM(KBPF_JNE, R6, 4, 1),
		KBPF_MOV64_IMM(R0, 1),
		KBPF_EXIT_INSN(),
		/* 25: cb2(index, ctx): *ctx += index + 1 */
		KBPF_LDX_MEM(KBPF_DW, R3, R2, 0),
		KBPF_ALU64_REG(KBPF_ADD, R3, R1),
		KBPF_ALU64_IMM(KBPF_ADD, R3, 1),
		KBPF_STX_MEM(KBPF_DW, R2, R3, 0),
		KBPF_RET_IMM(0),
	};
	__u64 ctx[2] = { 10, 0 };
	struct kbpf_insn *x;
	__u32 len, l = LOOP_INLINE_LEN - 1;
	int fd = LOAD_SYSCALL(insns);

	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], 5);
	ASSERT_EQ(ctx[1], 5 * 6);
	ctx[0] = 2;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], 2);
	ASSERT_EQ(ctx[1], 2 * 6);

	x = kbpf_prog_xlated(fd, &len);
	ASSERT_EQ(len, ARRAY_SIZE(insns) + 2 * l);
	check_inlined(x, len, 8, -32, 14 + l);
	/* cb1 had no stack: its 24 bytes are all of it */
	check_inlined(x, len, 20 + l, -24, 25 + 2 * l);
	free(x);
}
