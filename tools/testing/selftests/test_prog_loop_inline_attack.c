// SPDX-License-Identifier: GPL-2.0
/*
 * Attacks on bpf_loop() inlining (kmod/verifier/inline_loop.c), as a
 * hostile program author would try them: a callback that writes through
 * its ctx pointer where the rewrite saves r6-r8; one callback entered
 * inlined, through the helper and through bpf_for_each_map_elem(); a
 * chain of nested loops at the frame limit with stacks that let only
 * some calls be inlined; a callback pointer handed down to a subprogram;
 * paths that disagree on the callback; a jump whose 16-bit offset the 18
 * added instructions overflow; tail calls beside inlined loops. Linux
 * judges each result; the JIT runs them with jit_enable=1.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kbpf_prog.h"
#include "tools/lib/kbpf/asm.h"

#define SYSCALL		KBPF_PROG_TYPE_SYSCALL
#define RAW_TP		KBPF_PROG_TYPE_RAW_TRACEPOINT
#define LOOP_INLINE_LEN	19
/* The labels of callbacks and subprograms. */
enum { CB = 1, CB2, CB3, SUB, DONE, CHAIN = 16 };

static struct kbpf_asm a;
/* KBPF_PSEUDO_FUNC loads of @a and the labels they name */
static struct {
	unsigned int at[16];
	int label[16];
	unsigned int n;
} funcs;

static void asm_start(void)
{
	kbpf_asm_init(&a);
	funcs.n = 0;
}

#define I(...)	KBPF_ASM(&a, __VA_ARGS__)

/* dst = the callback at label @l */
static void ld_func(int dst, int l)
{
	if (funcs.n >= ARRAY_SIZE(funcs.at))
		FAIL("too many callback loads");
	funcs.at[funcs.n] = a.n;
	funcs.label[funcs.n++] = l;
	I(KBPF_RAW_INSN(KBPF_LD | KBPF_DW | KBPF_IMM, dst, KBPF_PSEUDO_FUNC,
			0, 0));
	I(KBPF_LD_IMM64_2(0));
}

/* Labels resolved; the program is a.insn[0 .. a.n). */
static void asm_end(void)
{
	unsigned int i;

	ASSERT_OK(kbpf_asm_done(&a));
	for (i = 0; i < funcs.n; i++) {
		if (a.label[funcs.label[i]] < 0)
			FAIL("callback label %d undefined", funcs.label[i]);
		a.insn[funcs.at[i]].imm = a.label[funcs.label[i]] -
					  (int)funcs.at[i] - 1;
	}
}

static int load_asm(__u32 type, __u32 flags, int line)
{
	struct kbpf_load_opts o = { .prog_flags = flags };

	asm_end();
	return __kbpf_load_ok(KBPF_FILE, line, type, a.insn, a.n, &o);
}

#define LOAD_ASM_SYSCALL()	load_asm(SYSCALL, KBPF_F_SLEEPABLE, __LINE__)
#define LOAD_ASM_RAW_TP()	load_asm(RAW_TP, 0, __LINE__)

static void load_asm_fails(int err, const char *msg, int line)
{
	struct kbpf_load_opts o = { .prog_flags = KBPF_F_SLEEPABLE };

	asm_end();
	__kbpf_load_fails(KBPF_FILE, line, SYSCALL, a.insn, a.n, &o, err, msg);
}

#define ASSERT_ASM_FAILS(err, msg)	load_asm_fails(err, msg, __LINE__)

/* r0 = @imm; exit */
static void ret_imm(__s32 imm)
{
	I(KBPF_MOV64_IMM(R0, imm));
	I(KBPF_EXIT_INSN());
}

/* bpf_loop(@nr, callback @l, r3 as set, 0): r1, r2, r4, the call */
static void loop_call(__s32 nr, int l)
{
	I(KBPF_MOV64_IMM(R1, nr));
	ld_func(R2, l);
	I(KBPF_MOV64_IMM(R4, 0));
	I(KBPF_CALL_HELPER(KBPF_FUNC_loop));
}

/* Whether xlated has the inlined loop at @i (r6 saved at its [3]). */
static bool is_loop_at(const struct kbpf_insn *x, __u32 len, __u32 i)
{
	return i + LOOP_INLINE_LEN <= len &&
	       x[i].code == (KBPF_JMP | KBPF_JLE | KBPF_K) &&
	       x[i].dst_reg == R1 && x[i].imm == 1 << 23 &&
	       x[i + 3].code == (KBPF_STX | KBPF_MEM | KBPF_DW) &&
	       x[i + 3].src_reg == R6 &&
	       x[i + 12].code == (KBPF_JMP | KBPF_CALL) &&
	       x[i + 12].src_reg == KBPF_PSEUDO_CALL;
}

/* How many bpf_loop() calls of @fd became loops. */
static unsigned int inlined_loops(int fd)
{
	unsigned int n = 0;
	struct kbpf_insn *x;
	__u32 len, i;

	x = kbpf_prog_xlated(fd, &len);
	for (i = 0; i < len; i++)
		n += is_loop_at(x, len, i);
	free(x);
	return n;
}

/* The offset the loop replacing the first bpf_loop() call saves r6 at. */
static int first_spill_off(int fd)
{
	struct kbpf_insn *x;
	__u32 len, i;
	int off = 0;

	x = kbpf_prog_xlated(fd, &len);
	for (i = 0; i < len; i++) {
		if (is_loop_at(x, len, i)) {
			off = x[i + 3].off;
			break;
		}
	}
	free(x);
	return off;
}

/*
 * The callback writes through its ctx (main's fp - 8) at fixed and
 * variable offsets and through a helper, 56 bytes further down than
 * main ever looks: main's verified stack must take those bytes in, so
 * that r6-r8, saved below it, come back intact (r6 is the ctx main
 * stores through afterwards).
 */
TEST(prog_loop_inline_attack_cb_writes_below)
{
	__u64 ctx[4] = { 0 };
	int fd;

	asm_start();
	I(KBPF_MOV64_REG(R6, R1));
	I(KBPF_MOV64_IMM(R7, 0x7777));
	I(KBPF_MOV64_IMM(R8, 0x8888));
	I(KBPF_ST_MEM(KBPF_DW, R10, -8, 0));
	I(KBPF_MOV64_REG(R3, R10));
	I(KBPF_ALU64_IMM(KBPF_ADD, R3, -8));
	loop_call(3, CB);
	I(KBPF_STX_MEM(KBPF_DW, R6, R0, 0));
	I(KBPF_STX_MEM(KBPF_DW, R6, R7, 8));
	I(KBPF_STX_MEM(KBPF_DW, R6, R8, 16));
	I(KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	I(KBPF_STX_MEM(KBPF_DW, R6, R1, 24));
	ret_imm(0);
	/* cb(index, ctx = main's fp - 8) */
	kbpf_asm_label(&a, CB);
	I(KBPF_MOV64_REG(R6, R2));
	I(KBPF_STX_MEM(KBPF_DW, R6, R1, -8));
	I(KBPF_STX_MEM(KBPF_DW, R6, R1, -16));
	I(KBPF_STX_MEM(KBPF_DW, R6, R1, -24));
	/* main's fp - 48 or - 40, by the index */
	I(KBPF_MOV64_REG(R3, R1));
	I(KBPF_ALU64_IMM(KBPF_AND, R3, 1));
	I(KBPF_ALU64_IMM(KBPF_LSH, R3, 3));
	I(KBPF_MOV64_REG(R4, R6));
	I(KBPF_ALU64_REG(KBPF_ADD, R4, R3));
	I(KBPF_ST_MEM(KBPF_DW, R4, -40, -1));
	/* probe_read_kernel(main's fp - 64, 8, NULL) zeroes the 8 bytes */
	I(KBPF_MOV64_REG(R1, R6));
	I(KBPF_ALU64_IMM(KBPF_ADD, R1, -56));
	I(KBPF_MOV64_IMM(R2, 8));
	I(KBPF_MOV64_IMM(R3, 0));
	I(KBPF_CALL_HELPER(KBPF_FUNC_probe_read_kernel));
	ret_imm(0);
	fd = LOAD_ASM_SYSCALL();

	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], 3);
	ASSERT_EQ(ctx[1], 0x7777);
	ASSERT_EQ(ctx[2], 0x8888);
	ASSERT_EQ(ctx[3], 0);
	/* main's stack is 64 bytes: r6-r8 go 24 below */
	ASSERT_EQ(inlined_loops(fd), 1);
	ASSERT_EQ(first_spill_off(fd), -88);
	close(fd);
}

/*
 * One callback, three ways in: an inlined bpf_loop(), a bpf_loop()
 * whose flags come from the ctx (the helper) and
 * bpf_for_each_map_elem(). It counts its calls in the map's element 0.
 */
TEST(prog_loop_inline_attack_shared_cb)
{
	__u64 ctx[3] = { 0, 5, 0 }, v = 0;
	__u32 key = 0;
	int map, fd;

	map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 2, 0));
	asm_start();
	I(KBPF_MOV64_REG(R6, R1));
	I(KBPF_MOV64_IMM(R3, 0));
	loop_call(3, CB);				/* inlined */
	I(KBPF_STX_MEM(KBPF_DW, R6, R0, 0));
	I(KBPF_LDX_MEM(KBPF_DW, R1, R6, 8));
	ld_func(R2, CB);
	I(KBPF_MOV64_IMM(R3, 0));
	I(KBPF_LDX_MEM(KBPF_DW, R4, R6, 16));	/* 0, not known */
	I(KBPF_CALL_HELPER(KBPF_FUNC_loop));
	I(KBPF_STX_MEM(KBPF_DW, R6, R0, 8));
	kbpf_asm_ld_map(&a, R1, map);
	ld_func(R2, CB);
	I(KBPF_MOV64_IMM(R3, 0));
	I(KBPF_MOV64_IMM(R4, 0));
	I(KBPF_CALL_HELPER(KBPF_FUNC_for_each_map_elem));
	I(KBPF_STX_MEM(KBPF_DW, R6, R0, 16));
	ret_imm(0);
	/* cb(...): element 0 += 1 */
	kbpf_asm_label(&a, CB);
	I(KBPF_ST_MEM(KBPF_W, R10, -4, 0));
	kbpf_asm_ld_map(&a, R1, map);
	I(KBPF_MOV64_REG(R2, R10));
	I(KBPF_ALU64_IMM(KBPF_ADD, R2, -4));
	I(KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
	kbpf_asm_jmp_imm(&a, KBPF_JEQ, R0, 0, DONE);
	I(KBPF_MOV64_IMM(R1, 1));
	I(KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R0, R1, 0));
	kbpf_asm_label(&a, DONE);
	ret_imm(0);
	fd = LOAD_ASM_SYSCALL();

	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], 3);
	ASSERT_EQ(ctx[1], 5);
	ASSERT_EQ(ctx[2], 2);
	ASSERT_OK(kbpf_map_lookup(map, &key, &v, 0));
	ASSERT_EQ(v, 3 + 5 + 2);
	ASSERT_EQ(inlined_loops(fd), 1);
	close(fd);
	close(map);
}

/*
 * main and @depth callbacks, each with @stack bytes of stack, each but
 * the last looping twice over the next; the last counts in main's fp - 8.
 * ctx[0]: the count, ctx[1]: main's bpf_loop() result.
 */
static void nested_chain(unsigned int depth, int stack)
{
	unsigned int k;

	asm_start();
	I(KBPF_MOV64_REG(R6, R1));
	I(KBPF_ST_MEM(KBPF_DW, R10, -8, 0));
	I(KBPF_ST_MEM(KBPF_DW, R10, -stack, 0));
	I(KBPF_MOV64_REG(R3, R10));
	I(KBPF_ALU64_IMM(KBPF_ADD, R3, -8));
	loop_call(2, CHAIN + 1);
	I(KBPF_STX_MEM(KBPF_DW, R6, R0, 8));
	I(KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	I(KBPF_STX_MEM(KBPF_DW, R6, R1, 0));
	ret_imm(0);
	for (k = 1; k <= depth; k++) {
		kbpf_asm_label(&a, CHAIN + k);
		I(KBPF_ST_MEM(KBPF_DW, R10, -stack, 0));
		if (k == depth) {
			I(KBPF_LDX_MEM(KBPF_DW, R1, R2, 0));
			I(KBPF_ALU64_IMM(KBPF_ADD, R1, 1));
			I(KBPF_STX_MEM(KBPF_DW, R2, R1, 0));
		} else {
			I(KBPF_MOV64_REG(R3, R2));
			loop_call(2, CHAIN + k + 1);
		}
		ret_imm(0);
	}
}

static void check_chain(int stack)
{
	__u64 ctx[2] = { 0 };
	int fd;

	nested_chain(7, stack);
	fd = LOAD_ASM_SYSCALL();
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], 1 << 7);
	ASSERT_EQ(ctx[1], 2);
	/*
	 * Linux inlines all seven. kbpf, 40 bytes a frame: all (64 each
	 * with the 24 saved, 7 * 64 + 48 = 496); 48: the first four (80
	 * each passes 512 from the fifth on); 64: none (8 * 64 is 512).
	 */
	if (stack == 40 || kbpf_target_linux())
		ASSERT_EQ(inlined_loops(fd), 7);
	else
		ASSERT_EQ(inlined_loops(fd), stack == 48 ? 4 : 0);
	close(fd);
}

/* Eight frames, the most there are: inlined or not, 2^7 calls. */
TEST(prog_loop_inline_attack_chain_8_frames)
{
	check_chain(40);
	check_chain(48);
	check_chain(64);
}

/* Nine frames: refused, inlining or not. */
TEST(prog_loop_inline_attack_chain_9_frames)
{
	nested_chain(8, 8);
	ASSERT_ASM_FAILS(E2BIG, "frames is too deep");
}

/*
 * The callback pointer loaded in main and handed to a subprogram that
 * calls bpf_loop() with it: the callback then runs below the
 * subprogram, one frame deeper than main's load. @sub_stack bytes for
 * the subprogram, @stack for main and the callback.
 */
static void check_handed_down(int stack, int sub_stack)
{
	__u64 ctx[2] = { 0 };
	int fd;

	asm_start();
	I(KBPF_MOV64_REG(R6, R1));
	I(KBPF_ST_MEM(KBPF_DW, R10, -8, 0));
	I(KBPF_ST_MEM(KBPF_DW, R10, -stack, 0));
	ld_func(R1, CB);
	I(KBPF_MOV64_REG(R2, R10));
	I(KBPF_ALU64_IMM(KBPF_ADD, R2, -8));
	kbpf_asm_call_sub(&a, SUB);
	I(KBPF_STX_MEM(KBPF_DW, R6, R0, 0));
	I(KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	I(KBPF_STX_MEM(KBPF_DW, R6, R1, 8));
	ret_imm(0);
	/* sub(cb, ctx): bpf_loop(5, cb, ctx, 0) */
	kbpf_asm_label(&a, SUB);
	I(KBPF_ST_MEM(KBPF_DW, R10, -sub_stack, 0));
	I(KBPF_MOV64_REG(R3, R2));
	I(KBPF_MOV64_REG(R2, R1));
	I(KBPF_MOV64_IMM(R1, 5));
	I(KBPF_MOV64_IMM(R4, 0));
	I(KBPF_CALL_HELPER(KBPF_FUNC_loop));
	I(KBPF_EXIT_INSN());
	/* cb(index, ctx): *ctx += index + 1 */
	kbpf_asm_label(&a, CB);
	I(KBPF_ST_MEM(KBPF_DW, R10, -stack, 0));
	I(KBPF_LDX_MEM(KBPF_DW, R3, R2, 0));
	I(KBPF_ALU64_REG(KBPF_ADD, R3, R1));
	I(KBPF_ALU64_IMM(KBPF_ADD, R3, 1));
	I(KBPF_STX_MEM(KBPF_DW, R2, R3, 0));
	ret_imm(0);
	fd = LOAD_ASM_SYSCALL();
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], 5);
	ASSERT_EQ(ctx[1], 15);
	ASSERT_EQ(inlined_loops(fd), kbpf_target_linux() ||
		  stack + sub_stack + 24 + stack <= 512);
	close(fd);
}

TEST(prog_loop_inline_attack_cb_handed_down)
{
	check_handed_down(8, 8);
	/* 208 + 224 + 112 > 512: the helper, the callback on a stack of its own */
	check_handed_down(200, 200);
	check_handed_down(96, 304);
	/* 96 + 304 + 96: inlined, exactly 512 */
	check_handed_down(96, 280);
}

/*
 * One bpf_loop() site in a subprogram called from main and from the
 * callback of main's own loop: 3 + 2 * 3 calls of the counting callback.
 */
TEST(prog_loop_inline_attack_sub_two_depths)
{
	__u64 ctx[1] = { 0 };
	int fd;

	asm_start();
	I(KBPF_MOV64_REG(R6, R1));
	I(KBPF_ST_MEM(KBPF_DW, R10, -8, 0));
	I(KBPF_MOV64_REG(R1, R10));
	I(KBPF_ALU64_IMM(KBPF_ADD, R1, -8));
	kbpf_asm_call_sub(&a, SUB);
	I(KBPF_MOV64_REG(R3, R10));
	I(KBPF_ALU64_IMM(KBPF_ADD, R3, -8));
	loop_call(2, CB2);
	I(KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	I(KBPF_STX_MEM(KBPF_DW, R6, R1, 0));
	ret_imm(0);
	/* cb2(index, ctx): sub(ctx) */
	kbpf_asm_label(&a, CB2);
	I(KBPF_MOV64_REG(R1, R2));
	kbpf_asm_call_sub(&a, SUB);
	ret_imm(0);
	/* sub(ctx): bpf_loop(3, cb, ctx, 0) */
	kbpf_asm_label(&a, SUB);
	I(KBPF_MOV64_REG(R3, R1));
	loop_call(3, CB);
	I(KBPF_EXIT_INSN());
	/* cb(index, ctx): *ctx += 1 */
	kbpf_asm_label(&a, CB);
	I(KBPF_LDX_MEM(KBPF_DW, R3, R2, 0));
	I(KBPF_ALU64_IMM(KBPF_ADD, R3, 1));
	I(KBPF_STX_MEM(KBPF_DW, R2, R3, 0));
	ret_imm(0);
	fd = LOAD_ASM_SYSCALL();
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], 9);
	ASSERT_EQ(inlined_loops(fd), 2);
	close(fd);
}

/*
 * Two paths meet before the call with the callback spilled to the stack:
 * @cb_b the same callback (inlined) or another (the helper). Each
 * callback writes its mark through ctx.
 */
static void check_paths(int cb_b)
{
	__u64 ctx[2] = { 0 };
	int fd;

	asm_start();
	I(KBPF_MOV64_REG(R6, R1));
	I(KBPF_ST_MEM(KBPF_DW, R10, -8, 0));
	I(KBPF_LDX_MEM(KBPF_DW, R5, R6, 8));
	ld_func(R2, CB);
	kbpf_asm_jmp_imm(&a, KBPF_JEQ, R5, 0, DONE);
	ld_func(R2, cb_b);
	kbpf_asm_label(&a, DONE);
	I(KBPF_STX_MEM(KBPF_DW, R10, R2, -16));
	I(KBPF_MOV64_IMM(R7, 0));
	I(KBPF_MOV64_IMM(R1, 1));
	I(KBPF_LDX_MEM(KBPF_DW, R2, R10, -16));
	I(KBPF_MOV64_REG(R3, R10));
	I(KBPF_ALU64_IMM(KBPF_ADD, R3, -8));
	I(KBPF_MOV64_IMM(R4, 0));
	I(KBPF_CALL_HELPER(KBPF_FUNC_loop));
	I(KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	I(KBPF_STX_MEM(KBPF_DW, R6, R1, 0));
	ret_imm(0);
	kbpf_asm_label(&a, CB);
	I(KBPF_ST_MEM(KBPF_DW, R2, 0, 1));
	ret_imm(0);
	if (cb_b == CB2) {
		kbpf_asm_label(&a, CB2);
		I(KBPF_ST_MEM(KBPF_DW, R2, 0, 2));
		ret_imm(0);
	}
	fd = LOAD_ASM_SYSCALL();
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], 1);
	ctx[1] = 1;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], cb_b == CB ? 1 : 2);
	ASSERT_EQ(inlined_loops(fd), cb_b == CB);
	close(fd);
}

TEST(prog_loop_inline_attack_paths_differ)
{
	check_paths(CB);
	check_paths(CB2);
}

/* Flags 1 << 32: not 0 as 64 bits, so the helper, which refuses them. */
TEST(prog_loop_inline_attack_flags_high)
{
	__u64 ctx[1] = { 0 };
	int fd;

	asm_start();
	I(KBPF_MOV64_REG(R6, R1));
	I(KBPF_MOV64_IMM(R1, 4));
	ld_func(R2, CB);
	I(KBPF_MOV64_IMM(R3, 0));
	kbpf_asm_ld64(&a, R4, 1ULL << 32);
	I(KBPF_CALL_HELPER(KBPF_FUNC_loop));
	I(KBPF_STX_MEM(KBPF_DW, R6, R0, 0));
	ret_imm(0);
	kbpf_asm_label(&a, CB);
	ret_imm(0);
	fd = LOAD_ASM_SYSCALL();
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ((__s64)ctx[0], -EINVAL);
	ASSERT_EQ(inlined_loops(fd), 0);
	close(fd);
}

/* A callback that may return 2: refused, as it would be uninlined. */
TEST(prog_loop_inline_attack_cb_ret_2)
{
	asm_start();
	I(KBPF_MOV64_IMM(R3, 0));
	loop_call(4, CB);
	ret_imm(0);
	kbpf_asm_label(&a, CB);
	I(KBPF_MOV64_REG(R0, R1));
	I(KBPF_ALU64_IMM(KBPF_AND, R0, 2));
	I(KBPF_EXIT_INSN());
	ASSERT_ASM_FAILS(EINVAL, "At callback return");
}

/* The main program as the callback: refused. */
TEST(prog_loop_inline_attack_cb_is_main)
{
	asm_start();
	kbpf_asm_label(&a, CB);
	I(KBPF_MOV64_IMM(R3, 0));
	loop_call(1, CB);
	ret_imm(0);
	ASSERT_ASM_FAILS(EINVAL, NULL);
}

/*
 * A jump over the call whose offset, 18 larger once the call is a loop,
 * reaches 32767 (@over 0) or 32768 (@over 1): the second cannot be
 * rewritten, on Linux as on kbpf (-ENOMEM; a level-1 log of the
 * 32k-instruction walk would not fit and turn it into -ENOSPC).
 */
static void check_far_jump(int over)
{
	int off = 32767 - (LOOP_INLINE_LEN - 1) + over, fill = off - 6;
	__u32 n = 0, cnt = 4 + 6 + fill + 3 + 2;
	struct kbpf_load_opts o = { .prog_flags = KBPF_F_SLEEPABLE };
	struct kbpf_insn *p = calloc(cnt, sizeof(*p));
	__u64 ctx[2] = { 0, 1 };
	int fd, i;

	ASSERT_TRUE(p != NULL);
	p[n++] = (struct kbpf_insn)KBPF_MOV64_REG(R6, R1);
	p[n++] = (struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, R1, R6, 8);
	p[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(R0, 0);
	p[n++] = (struct kbpf_insn)KBPF_JMP_IMM(KBPF_JNE, R1, 0, off);
	p[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(R1, 2);
	p[n++] = (struct kbpf_insn){ KBPF_LD | KBPF_DW | KBPF_IMM, R2,
				     KBPF_PSEUDO_FUNC, 0, 0 };
	p[n++] = (struct kbpf_insn)KBPF_LD_IMM64_2(0);
	p[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(R3, 0);
	p[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(R4, 0);
	p[n++] = (struct kbpf_insn)KBPF_CALL_HELPER(KBPF_FUNC_loop);
	for (i = 0; i < fill; i++)
		p[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(R0, 1);
	/* the jump's target */
	p[n++] = (struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, R6, R0, 0);
	p[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(R0, 0);
	p[n++] = (struct kbpf_insn)KBPF_EXIT_INSN();
	/* cb */
	p[5].imm = n - 5 - 1;
	p[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(R0, 0);
	p[n++] = (struct kbpf_insn)KBPF_EXIT_INSN();
	ASSERT_EQ(n, cnt);
	ASSERT_EQ(4 + off, 4 + 6 + fill);
	if (over) {
		__kbpf_load_fails(KBPF_FILE, __LINE__, SYSCALL, p, n, &o,
				  ENOMEM, NULL);
		free(p);
		return;
	}
	fd = __kbpf_load_ok(KBPF_FILE, __LINE__, SYSCALL, p, n, &o);
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], 0);
	ctx[1] = 0;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], 1);
	ASSERT_EQ(inlined_loops(fd), 1);
	close(fd);
	free(p);
}

TEST(prog_loop_inline_attack_far_jump)
{
	check_far_jump(0);
	check_far_jump(1);
}

/*
 * Tail calls beside inlined loops: a program that loops 3 times over a
 * callback counting on its stack, then tail calls slot 0, which loops 4
 * times and returns 1000 + 4; with slot 0 empty, the first returns its
 * own count.
 */
TEST(prog_loop_inline_attack_tail_call)
{
	__u64 arg[1] = { 0 };
	__u32 key = 0, ret;
	int progs, target, fd;

	progs = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0));
	asm_start();
	I(KBPF_MOV64_IMM(R3, 0));
	loop_call(4, CB);
	I(KBPF_ALU64_IMM(KBPF_ADD, R0, 1000));
	I(KBPF_EXIT_INSN());
	kbpf_asm_label(&a, CB);
	ret_imm(0);
	target = LOAD_ASM_RAW_TP();

	asm_start();
	I(KBPF_MOV64_REG(R6, R1));
	I(KBPF_ST_MEM(KBPF_DW, R10, -8, 0));
	I(KBPF_MOV64_REG(R3, R10));
	I(KBPF_ALU64_IMM(KBPF_ADD, R3, -8));
	loop_call(3, CB);
	I(KBPF_LDX_MEM(KBPF_DW, R7, R10, -8));
	I(KBPF_ALU64_REG(KBPF_ADD, R7, R0));
	I(KBPF_MOV64_REG(R1, R6));
	kbpf_asm_ld_map(&a, R2, progs);
	I(KBPF_MOV64_IMM(R3, 0));
	I(KBPF_CALL_HELPER(KBPF_FUNC_tail_call));
	I(KBPF_MOV64_REG(R0, R7));
	I(KBPF_EXIT_INSN());
	/* cb(index, ctx): *ctx += 1 */
	kbpf_asm_label(&a, CB);
	I(KBPF_LDX_MEM(KBPF_DW, R3, R2, 0));
	I(KBPF_ALU64_IMM(KBPF_ADD, R3, 1));
	I(KBPF_STX_MEM(KBPF_DW, R2, R3, 0));
	ret_imm(0);
	fd = LOAD_ASM_RAW_TP();

	ASSERT_OK(kbpf_prog_test_run(fd, arg, sizeof(arg), &ret));
	ASSERT_EQ(ret, 6);
	ASSERT_OK(kbpf_map_update(progs, &key, &target, KBPF_ANY));
	ASSERT_OK(kbpf_prog_test_run(fd, arg, sizeof(arg), &ret));
	ASSERT_EQ(ret, 1004);
	ASSERT_EQ(inlined_loops(fd), 1);
	ASSERT_EQ(inlined_loops(target), 1);
	close(fd);
	close(target);
	close(progs);
}

/*
 * A callback handed down to a subprogram whose bpf_loop() stays the
 * helper (flags from the ctx) runs below that subprogram: main 16 + sub
 * 256 + cb, though the stack proof counted cb from main. With @inlined
 * cb loops over cb2 (inlined, cb then 32 bytes), else it calls cb2 as a
 * subprogram (16): either way cb2's 240 bytes do not fit below cb, and
 * cb's chain (cb + cb2), not its frame alone, must decide whether cb runs
 * on a stack of its own. Every run adds 1 to main's fp - 8 three times
 * per cb call, twice: 6, as on Linux and as with the helper.
 */
static void check_handed_down_chain(bool inlined)
{
	__u64 ctx[2] = { 0 };
	int fd;

	asm_start();
	I(KBPF_MOV64_REG(R6, R1));
	I(KBPF_ST_MEM(KBPF_DW, R10, -8, 0));
	ld_func(R1, CB);
	I(KBPF_MOV64_REG(R2, R10));
	I(KBPF_ALU64_IMM(KBPF_ADD, R2, -8));
	I(KBPF_LDX_MEM(KBPF_DW, R3, R6, 8));	/* 0, not known */
	kbpf_asm_call_sub(&a, SUB);
	I(KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	I(KBPF_STX_MEM(KBPF_DW, R6, R1, 0));
	I(KBPF_STX_MEM(KBPF_DW, R6, R0, 8));
	ret_imm(0);
	/* sub(cb, ctx, flags): bpf_loop(2, cb, ctx, flags), the helper */
	kbpf_asm_label(&a, SUB);
	I(KBPF_ST_MEM(KBPF_DW, R10, -256, 0));
	I(KBPF_MOV64_REG(R4, R3));
	I(KBPF_MOV64_REG(R3, R2));
	I(KBPF_MOV64_REG(R2, R1));
	I(KBPF_MOV64_IMM(R1, 2));
	I(KBPF_CALL_HELPER(KBPF_FUNC_loop));
	I(KBPF_EXIT_INSN());
	/* cb(index, ctx): 3 times cb2(., ctx) */
	kbpf_asm_label(&a, CB);
	I(KBPF_ST_MEM(KBPF_DW, R10, -8, 0));
	if (inlined) {
		I(KBPF_MOV64_REG(R3, R2));
		loop_call(3, CB2);
	} else {
		I(KBPF_MOV64_REG(R6, R2));
		I(KBPF_MOV64_REG(R2, R6));
		kbpf_asm_call_sub(&a, CB2);
		I(KBPF_MOV64_REG(R2, R6));
		kbpf_asm_call_sub(&a, CB2);
		I(KBPF_MOV64_REG(R2, R6));
		kbpf_asm_call_sub(&a, CB2);
	}
	ret_imm(0);
	/* cb2(index, ctx): *ctx += 1 */
	kbpf_asm_label(&a, CB2);
	I(KBPF_ST_MEM(KBPF_DW, R10, -240, 0));
	I(KBPF_LDX_MEM(KBPF_DW, R3, R2, 0));
	I(KBPF_ALU64_IMM(KBPF_ADD, R3, 1));
	I(KBPF_STX_MEM(KBPF_DW, R2, R3, 0));
	ret_imm(0);
	fd = LOAD_ASM_SYSCALL();
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_EQ(ctx[0], 6);
	ASSERT_EQ(ctx[1], 2);
	ASSERT_EQ(inlined_loops(fd), inlined);
	close(fd);
}

TEST(prog_loop_inline_attack_handed_down_chain)
{
	check_handed_down_chain(true);
}

/* The same without bpf_loop() inlining: cb calls cb2 as a subprogram. */
TEST(prog_stack_callback_handed_down_chain)
{
	check_handed_down_chain(false);
}
