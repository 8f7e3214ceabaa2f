// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the interpreter. A table with a program for every opcode of
 * RFC 9669 (each class, operation, source and size, and the variants
 * selected by off and imm) and its edge cases, then bpf-to-bpf calls,
 * callbacks, tail calls and the runs that must stop.
 */

#include <kunit/test.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../kmod/compat.h"
#include "../kmod/jit/arena.h"
#include "../kmod/jit/jit.h"
#include "../kmod/map/map.h"
#include "../kmod/prog/interp.h"
#include "../tools/include/kbpf/insn.h"
#include "jit_run.h"

/* Helpers of the test env, by ID. */
enum {
	KT_HELPER_ARGS = 1,	/* r1 | r2 << 8 | ... | r5 << 32 */
	KT_HELPER_NULL,		/* a hole in the table */
	KT_HELPER_LOOP,		/* sum of callback(i, ctx) for i < r1 */
	KT_HELPER_CNT,
};

static u64 kt_helper_args(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return r1 | r2 << 8 | r3 << 16 | r4 << 24 | r5 << 32;
}

/* bpf_loop() without its checks: r2 is the callback, r3 its context. */
static u64 kt_helper_loop(u64 nr, u64 callback, u64 ctx, u64 r4, u64 r5)
{
	const struct kbpf_insn *entry = (void *)(unsigned long)callback;
	u64 i, sum = 0;

	for (i = 0; i < nr; i++)
		sum += kbpf_interp_call(entry, i, ctx, 0, 0, 0);
	return sum;
}

static const kbpf_helper_fn kt_helpers[KT_HELPER_CNT] = {
	[KT_HELPER_ARGS] = kt_helper_args,
	[KT_HELPER_LOOP] = kt_helper_loop,
};

/* The prog array of the tail-call tests: four slots, stubbed. */
static struct kbpf_map kt_prog_array = { .max_entries = 4 };
static struct kbpf_prog *kt_prog_slots[4];

static struct kbpf_prog *kt_prog_array_get(struct kbpf_map *map, u32 index)
{
	if (map != &kt_prog_array || index >= ARRAY_SIZE(kt_prog_slots))
		return NULL;
	return kt_prog_slots[index];
}

/* The frames of a run share KBPF_STACK_SIZE bytes: 8 frames of 64. */
#define KT_FRAME	(KBPF_STACK_SIZE / KBPF_MAX_CALL_FRAMES)

static const struct kbpf_interp_env kt_env = {
	.helpers = kt_helpers,
	.helper_cnt = KT_HELPER_CNT,
	.stack_depth = KT_FRAME,
	.prog_array_get = kt_prog_array_get,
};

#define KT_INSNS	24

struct kbpf_interp_case {
	const char *name;
	u64 r0;
	struct kbpf_insn insns[KT_INSNS];
};

#define KT_CASE(nm, want, ...) \
	{ .name = (nm), .r0 = (want), .insns = { __VA_ARGS__ } }

/* r0 = a, r1 = b; r0 op= r1 */
#define KT_ALU_X(nm, code, o, a, b, want) \
	KT_CASE(nm, want, \
		KBPF_LD_IMM64_1(0, 0, a), KBPF_LD_IMM64_2(a), \
		KBPF_LD_IMM64_1(1, 0, b), KBPF_LD_IMM64_2(b), \
		KBPF_RAW_INSN((code) | KBPF_X, 0, 1, o, 0), \
		KBPF_EXIT_INSN())

/* r0 = a; r0 op= imm (the width of END; 0 for NEG) */
#define KT_ALU_K(nm, code, o, a, i, want) \
	KT_CASE(nm, want, \
		KBPF_LD_IMM64_1(0, 0, a), KBPF_LD_IMM64_2(a), \
		KBPF_RAW_INSN((code) | KBPF_K, 0, 0, o, i), \
		KBPF_EXIT_INSN())

/* r1 = a, r2 = b; r0 = 1 if the jump is taken, else 0 */
#define KT_JMP_X(nm, code, a, b, taken) \
	KT_CASE(nm, taken, \
		KBPF_LD_IMM64_1(1, 0, a), KBPF_LD_IMM64_2(a), \
		KBPF_LD_IMM64_1(2, 0, b), KBPF_LD_IMM64_2(b), \
		KBPF_MOV64_IMM(0, 1), \
		KBPF_RAW_INSN((code) | KBPF_X, 1, 2, 1, 0), \
		KBPF_MOV64_IMM(0, 0), \
		KBPF_EXIT_INSN())

#define KT_JMP_K(nm, code, a, i, taken) \
	KT_CASE(nm, taken, \
		KBPF_LD_IMM64_1(1, 0, a), KBPF_LD_IMM64_2(a), \
		KBPF_MOV64_IMM(0, 1), \
		KBPF_RAW_INSN((code) | KBPF_K, 1, 0, 1, i), \
		KBPF_MOV64_IMM(0, 0), \
		KBPF_EXIT_INSN())

/*
 * The 8 bytes at r10 - 8 hold @init, r2 = v, r0 = r0v; the atomic @op of
 * @size on r10 - 8 with src r2; then @res picks what r0 returns.
 */
#define KT_RES_SRC	KBPF_MOV64_REG(0, 2)
#define KT_RES_MEM	KBPF_LDX_MEM(KBPF_DW, 0, 10, -8)
#define KT_RES_R0	KBPF_MOV64_REG(0, 0)
#define KT_ATOMIC(nm, size, op, res, init, r0v, v, want) \
	KT_CASE(nm, want, \
		KBPF_LD_IMM64_1(1, 0, init), KBPF_LD_IMM64_2(init), \
		KBPF_STX_MEM(KBPF_DW, 10, 1, -8), \
		KBPF_LD_IMM64_1(2, 0, v), KBPF_LD_IMM64_2(v), \
		KBPF_LD_IMM64_1(0, 0, r0v), KBPF_LD_IMM64_2(r0v), \
		KBPF_ATOMIC_OP(size, op, 10, 2, -8), \
		res, \
		KBPF_EXIT_INSN())

/* r0 = 1, r1 = 1, then @insn must stop the run: r0 is 0. */
#define KT_STOP(nm, insn) \
	KT_CASE(nm, 0, \
		KBPF_MOV64_IMM(0, 1), \
		KBPF_MOV64_IMM(1, 1), \
		insn, \
		KBPF_EXIT_INSN())

/* The 8 bytes at r10 - 8 hold @fill, then @insn; r0 = those 8 bytes. */
#define KT_STORE(nm, fill, insn, want) \
	KT_CASE(nm, want, \
		KBPF_LD_IMM64_1(1, 0, fill), KBPF_LD_IMM64_2(fill), \
		KBPF_STX_MEM(KBPF_DW, 10, 1, -8), \
		KBPF_LD_IMM64_1(1, 0, 0x1122334455667788ULL), \
		KBPF_LD_IMM64_2(0x1122334455667788ULL), \
		insn, \
		KBPF_LDX_MEM(KBPF_DW, 0, 10, -8), \
		KBPF_EXIT_INSN())

/* The 8 bytes at r10 - 8 hold @mem; r0 = what @insn loads from them. */
#define KT_LOAD(nm, mem, insn, want) \
	KT_CASE(nm, want, \
		KBPF_LD_IMM64_1(1, 0, mem), KBPF_LD_IMM64_2(mem), \
		KBPF_STX_MEM(KBPF_DW, 10, 1, -8), \
		KBPF_LD_IMM64_1(0, 0, 0x5555555555555555ULL), \
		KBPF_LD_IMM64_2(0x5555555555555555ULL), \
		insn, \
		KBPF_EXIT_INSN())

/* sub(n) = n ? sub(n - 1) + 1 : 0, called from the main program + 100. */
#define KT_DEPTH(nm, n, want) \
	KT_CASE(nm, want, \
		KBPF_MOV64_IMM(1, n), \
		KBPF_CALL_REL(2), \
		KBPF_ALU64_IMM(KBPF_ADD, 0, 100), \
		KBPF_EXIT_INSN(), \
		KBPF_JMP_IMM(KBPF_JNE, 1, 0, 2), \
		KBPF_MOV64_IMM(0, 0), \
		KBPF_EXIT_INSN(), \
		KBPF_ALU64_IMM(KBPF_SUB, 1, 1), \
		KBPF_CALL_REL(-5), \
		KBPF_ALU64_IMM(KBPF_ADD, 0, 1), \
		KBPF_EXIT_INSN())

static const struct kbpf_interp_case kbpf_interp_cases[] = {
	KT_ALU_X("alu64 add x", KBPF_ALU64 | KBPF_ADD, 0,
		 0x0000000100000002ULL, 0xfffffffffffffffeULL, 0x0000000100000000ULL),
	KT_ALU_K("alu64 add k imm sign-extended", KBPF_ALU64 | KBPF_ADD, 0,
		 0x0000000100000002ULL, -3, 0xffffffffULL),

	KT_ALU_X("alu64 sub x", KBPF_ALU64 | KBPF_SUB, 0,
		 1, 2, 0xffffffffffffffffULL),
	KT_ALU_K("alu64 sub k", KBPF_ALU64 | KBPF_SUB, 0,
		 0, -1, 1),

	KT_ALU_X("alu64 mul x", KBPF_ALU64 | KBPF_MUL, 0,
		 0x0000000100000001ULL, 0x0000000100000001ULL, 0x0000000200000001ULL),
	KT_ALU_K("alu64 mul k", KBPF_ALU64 | KBPF_MUL, 0,
		 3, -2, 0xfffffffffffffffaULL),

	KT_ALU_X("alu64 div x", KBPF_ALU64 | KBPF_DIV, 0,
		 0xffffffffffffffffULL, 2, 0x7fffffffffffffffULL),
	KT_ALU_X("alu64 div x by zero", KBPF_ALU64 | KBPF_DIV, 0,
		 5, 0, 0),
	KT_ALU_K("alu64 div k imm -1 is u64 max", KBPF_ALU64 | KBPF_DIV, 0,
		 0xffffffffffffffffULL, -1, 1),
	KT_ALU_K("alu64 div k", KBPF_ALU64 | KBPF_DIV, 0,
		 0x8000000000000000ULL, 16, 0x0800000000000000ULL),
	KT_ALU_K("alu64 div k by zero", KBPF_ALU64 | KBPF_DIV, 0,
		 5, 0, 0),

	KT_ALU_X("alu64 sdiv x", KBPF_ALU64 | KBPF_DIV, 1,
		 0xfffffffffffffff9ULL, 2, 0xfffffffffffffffdULL),
	KT_ALU_X("alu64 sdiv x INT_MIN by -1", KBPF_ALU64 | KBPF_DIV, 1,
		 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x8000000000000000ULL),
	KT_ALU_X("alu64 sdiv x by zero", KBPF_ALU64 | KBPF_DIV, 1,
		 0xfffffffffffffff9ULL, 0, 0),
	KT_ALU_K("alu64 sdiv k", KBPF_ALU64 | KBPF_DIV, 1,
		 7, -2, 0xfffffffffffffffdULL),
	KT_ALU_K("alu64 sdiv k INT_MIN by -1", KBPF_ALU64 | KBPF_DIV, 1,
		 0x8000000000000000ULL, -1, 0x8000000000000000ULL),
	KT_ALU_K("alu64 sdiv k by zero", KBPF_ALU64 | KBPF_DIV, 1,
		 5, 0, 0),

	KT_ALU_X("alu64 or x", KBPF_ALU64 | KBPF_OR, 0,
		 0xf0f0f0f000000000ULL, 0xf0f0f0fULL, 0xf0f0f0f00f0f0f0fULL),
	KT_ALU_K("alu64 or k", KBPF_ALU64 | KBPF_OR, 0,
		 0x0000000100000000ULL, -256, 0xffffffffffffff00ULL),

	KT_ALU_X("alu64 and x", KBPF_ALU64 | KBPF_AND, 0,
		 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0x0f000f000f000f00ULL),
	KT_ALU_K("alu64 and k", KBPF_ALU64 | KBPF_AND, 0,
		 0xffffffffffffffffULL, -16, 0xfffffffffffffff0ULL),
	KT_ALU_K("alu64 and k positive imm", KBPF_ALU64 | KBPF_AND, 0,
		 0xffffffffffffffffULL, 0x7fffffff, 0x7fffffffULL),

	KT_ALU_X("alu64 lsh x", KBPF_ALU64 | KBPF_LSH, 0,
		 1, 63, 0x8000000000000000ULL),
	KT_ALU_X("alu64 lsh x count 64", KBPF_ALU64 | KBPF_LSH, 0,
		 1, 64, 1),
	KT_ALU_X("alu64 lsh x count 65", KBPF_ALU64 | KBPF_LSH, 0,
		 3, 65, 6),
	KT_ALU_K("alu64 lsh k", KBPF_ALU64 | KBPF_LSH, 0,
		 1, 63, 0x8000000000000000ULL),
	KT_ALU_K("alu64 lsh k count 64", KBPF_ALU64 | KBPF_LSH, 0,
		 1, 64, 1),

	KT_ALU_X("alu64 rsh x", KBPF_ALU64 | KBPF_RSH, 0,
		 0x8000000000000000ULL, 63, 1),
	KT_ALU_X("alu64 rsh x count 64", KBPF_ALU64 | KBPF_RSH, 0,
		 0x8000000000000000ULL, 64, 0x8000000000000000ULL),
	KT_ALU_X("alu64 rsh x count 127", KBPF_ALU64 | KBPF_RSH, 0,
		 0x8000000000000000ULL, 127, 1),
	KT_ALU_K("alu64 rsh k", KBPF_ALU64 | KBPF_RSH, 0,
		 240, 4, 15),
	KT_ALU_K("alu64 rsh k count 64", KBPF_ALU64 | KBPF_RSH, 0,
		 0x8000000000000000ULL, 64, 0x8000000000000000ULL),

	KT_ALU_X("alu64 arsh x", KBPF_ALU64 | KBPF_ARSH, 0,
		 0x8000000000000000ULL, 63, 0xffffffffffffffffULL),
	KT_ALU_X("alu64 arsh x count 64", KBPF_ALU64 | KBPF_ARSH, 0,
		 0x8000000000000000ULL, 64, 0x8000000000000000ULL),
	KT_ALU_X("alu64 arsh x positive", KBPF_ALU64 | KBPF_ARSH, 0,
		 0x4000000000000000ULL, 62, 1),
	KT_ALU_K("alu64 arsh k", KBPF_ALU64 | KBPF_ARSH, 0,
		 0xffffffffffffff00ULL, 4, 0xfffffffffffffff0ULL),
	KT_ALU_K("alu64 arsh k 0x8000000000000000, 63", KBPF_ALU64 | KBPF_ARSH, 0,
		 0x8000000000000000ULL, 63, 0xffffffffffffffffULL),
	KT_ALU_K("alu64 arsh k count 64", KBPF_ALU64 | KBPF_ARSH, 0,
		 0x8000000000000000ULL, 64, 0x8000000000000000ULL),

	KT_ALU_K("alu64 neg k", KBPF_ALU64 | KBPF_NEG, 0,
		 1, 0, 0xffffffffffffffffULL),
	KT_ALU_K("alu64 neg k INT_MIN", KBPF_ALU64 | KBPF_NEG, 0,
		 0x8000000000000000ULL, 0, 0x8000000000000000ULL),

	KT_ALU_X("alu64 mod x", KBPF_ALU64 | KBPF_MOD, 0,
		 0xffffffffffffffffULL, 10, 5),
	KT_ALU_X("alu64 mod x by zero", KBPF_ALU64 | KBPF_MOD, 0,
		 0xdeadbeefcafebabeULL, 0, 0xdeadbeefcafebabeULL),
	KT_ALU_K("alu64 mod k imm -2 is u64 max - 1", KBPF_ALU64 | KBPF_MOD, 0,
		 0xffffffffffffffffULL, -2, 1),
	KT_ALU_K("alu64 mod k by zero", KBPF_ALU64 | KBPF_MOD, 0,
		 0xdeadbeefcafebabeULL, 0, 0xdeadbeefcafebabeULL),

	KT_ALU_X("alu64 smod x", KBPF_ALU64 | KBPF_MOD, 1,
		 0xfffffffffffffff9ULL, 2, 0xffffffffffffffffULL),
	KT_ALU_X("alu64 smod x 7, -2", KBPF_ALU64 | KBPF_MOD, 1,
		 7, 0xfffffffffffffffeULL, 1),
	KT_ALU_X("alu64 smod x INT_MIN by -1", KBPF_ALU64 | KBPF_MOD, 1,
		 0x8000000000000000ULL, 0xffffffffffffffffULL, 0),
	KT_ALU_X("alu64 smod x by zero", KBPF_ALU64 | KBPF_MOD, 1,
		 0xfffffffffffffff9ULL, 0, 0xfffffffffffffff9ULL),
	KT_ALU_K("alu64 smod k", KBPF_ALU64 | KBPF_MOD, 1,
		 7, -2, 1),
	KT_ALU_K("alu64 smod k -7, 2", KBPF_ALU64 | KBPF_MOD, 1,
		 0xfffffffffffffff9ULL, 2, 0xffffffffffffffffULL),
	KT_ALU_K("alu64 smod k INT_MIN by -1", KBPF_ALU64 | KBPF_MOD, 1,
		 0x8000000000000000ULL, -1, 0),
	KT_ALU_K("alu64 smod k by zero", KBPF_ALU64 | KBPF_MOD, 1,
		 0xfffffffffffffff9ULL, 0, 0xfffffffffffffff9ULL),

	KT_ALU_X("alu64 xor x", KBPF_ALU64 | KBPF_XOR, 0,
		 0xffff0000ffff0000ULL, 0xffffffffffffffffULL, 0x0000ffff0000ffffULL),
	KT_ALU_K("alu64 xor k", KBPF_ALU64 | KBPF_XOR, 0,
		 0, -1, 0xffffffffffffffffULL),

	KT_ALU_X("alu64 mov x", KBPF_ALU64 | KBPF_MOV, 0,
		 0x1111ULL, 0xdeadbeefcafebabeULL, 0xdeadbeefcafebabeULL),
	KT_ALU_K("alu64 mov k imm sign-extended", KBPF_ALU64 | KBPF_MOV, 0,
		 0x1111ULL, -1, 0xffffffffffffffffULL),

	KT_ALU_X("alu64 movsx8 x negative", KBPF_ALU64 | KBPF_MOV, 8,
		 0x1111ULL, 0x1234567890abcd80ULL, 0xffffffffffffff80ULL),
	KT_ALU_X("alu64 movsx8 x positive", KBPF_ALU64 | KBPF_MOV, 8,
		 0x1111ULL, 127, 127),

	KT_ALU_X("alu64 movsx16 x negative", KBPF_ALU64 | KBPF_MOV, 16,
		 0x1111ULL, 0x8000ULL, 0xffffffffffff8000ULL),
	KT_ALU_X("alu64 movsx16 x positive", KBPF_ALU64 | KBPF_MOV, 16,
		 0x1111ULL, 0x17fffULL, 0x7fffULL),

	KT_ALU_X("alu64 movsx32 x negative", KBPF_ALU64 | KBPF_MOV, 32,
		 0x1111ULL, 0x80000000ULL, 0xffffffff80000000ULL),
	KT_ALU_X("alu64 movsx32 x positive", KBPF_ALU64 | KBPF_MOV, 32,
		 0x1111ULL, 0x123456787fffffffULL, 0x7fffffffULL),

	KT_ALU_X("alu32 add x", KBPF_ALU | KBPF_ADD, 0,
		 0xdeadbeeffffffffeULL, 0x1234567800000003ULL, 1),
	KT_ALU_K("alu32 add k", KBPF_ALU | KBPF_ADD, 0,
		 0xdeadbeeffffffffeULL, 3, 1),

	KT_ALU_X("alu32 sub x", KBPF_ALU | KBPF_SUB, 0,
		 0xffffffff00000001ULL, 0xffffffff00000002ULL, 0xffffffffULL),
	KT_ALU_K("alu32 sub k", KBPF_ALU | KBPF_SUB, 0,
		 0x0000000800000000ULL, 1, 0xffffffffULL),

	KT_ALU_X("alu32 mul x", KBPF_ALU | KBPF_MUL, 0,
		 0xffffffff00010001ULL, 0x0000000100010001ULL, 0x20001ULL),
	KT_ALU_K("alu32 mul k", KBPF_ALU | KBPF_MUL, 0,
		 0x0000000500000003ULL, -2, 0xfffffffaULL),

	KT_ALU_X("alu32 div x", KBPF_ALU | KBPF_DIV, 0,
		 0xfffffffffffffffeULL, 0x0000000100000002ULL, 0x7fffffffULL),
	KT_ALU_X("alu32 div x by zero", KBPF_ALU | KBPF_DIV, 0,
		 0x000000ff00000005ULL, 0xffffffff00000000ULL, 0),
	KT_ALU_K("alu32 div k imm -1 is u32 max", KBPF_ALU | KBPF_DIV, 0,
		 0xfffffffffffffffeULL, -1, 0),
	KT_ALU_K("alu32 div k", KBPF_ALU | KBPF_DIV, 0,
		 0xfffffffffffffffeULL, 2, 0x7fffffffULL),
	KT_ALU_K("alu32 div k by zero", KBPF_ALU | KBPF_DIV, 0,
		 5, 0, 0),

	KT_ALU_X("alu32 sdiv x", KBPF_ALU | KBPF_DIV, 1,
		 0xfffffffffffffff9ULL, 2, 0xfffffffdULL),
	KT_ALU_X("alu32 sdiv x INT_MIN by -1", KBPF_ALU | KBPF_DIV, 1,
		 0xffffffff80000000ULL, 0xffffffffULL, 0x80000000ULL),
	KT_ALU_X("alu32 sdiv x by zero", KBPF_ALU | KBPF_DIV, 1,
		 0xfffffffffffffff9ULL, 0x0000000100000000ULL, 0),
	KT_ALU_K("alu32 sdiv k", KBPF_ALU | KBPF_DIV, 1,
		 0x0000000100000007ULL, -2, 0xfffffffdULL),
	KT_ALU_K("alu32 sdiv k INT_MIN by -1", KBPF_ALU | KBPF_DIV, 1,
		 0xffffffff80000000ULL, -1, 0x80000000ULL),
	KT_ALU_K("alu32 sdiv k by zero", KBPF_ALU | KBPF_DIV, 1,
		 5, 0, 0),

	KT_ALU_X("alu32 or x", KBPF_ALU | KBPF_OR, 0,
		 0xffffffff00000f00ULL, 0xffffffff000000f0ULL, 0xff0ULL),
	KT_ALU_K("alu32 or k", KBPF_ALU | KBPF_OR, 0,
		 0xffffffff00000000ULL, -2147483648, 0x80000000ULL),

	KT_ALU_X("alu32 and x", KBPF_ALU | KBPF_AND, 0,
		 0xffffffffffffffffULL, 0xffffffff0f0f0f0fULL, 0xf0f0f0fULL),
	KT_ALU_K("alu32 and k", KBPF_ALU | KBPF_AND, 0,
		 0xffffffffffffffffULL, -16, 0xfffffff0ULL),

	KT_ALU_X("alu32 lsh x", KBPF_ALU | KBPF_LSH, 0,
		 0xffffffff00000003ULL, 31, 0x80000000ULL),
	KT_ALU_X("alu32 lsh x count 32", KBPF_ALU | KBPF_LSH, 0,
		 0xffffffff00000001ULL, 32, 1),
	KT_ALU_X("alu32 lsh x count 33", KBPF_ALU | KBPF_LSH, 0,
		 0xffffffff00000001ULL, 33, 2),
	KT_ALU_X("alu32 lsh x count 0x100000001", KBPF_ALU | KBPF_LSH, 0,
		 1, 0x0000000100000001ULL, 2),
	KT_ALU_K("alu32 lsh k", KBPF_ALU | KBPF_LSH, 0,
		 0xffffffff00000001ULL, 31, 0x80000000ULL),
	KT_ALU_K("alu32 lsh k count 32", KBPF_ALU | KBPF_LSH, 0,
		 1, 32, 1),

	KT_ALU_X("alu32 rsh x", KBPF_ALU | KBPF_RSH, 0,
		 0xffffffff80000000ULL, 31, 1),
	KT_ALU_X("alu32 rsh x count 32", KBPF_ALU | KBPF_RSH, 0,
		 0x80000000ULL, 32, 0x80000000ULL),
	KT_ALU_X("alu32 rsh x count 0x100000004", KBPF_ALU | KBPF_RSH, 0,
		 0x80000000ULL, 0x0000000100000004ULL, 0x8000000ULL),
	KT_ALU_K("alu32 rsh k", KBPF_ALU | KBPF_RSH, 0,
		 0xffffffff00000010ULL, 4, 1),
	KT_ALU_K("alu32 rsh k count 32", KBPF_ALU | KBPF_RSH, 0,
		 0x80000000ULL, 32, 0x80000000ULL),

	KT_ALU_X("alu32 arsh x", KBPF_ALU | KBPF_ARSH, 0,
		 0x80000000ULL, 31, 0xffffffffULL),
	KT_ALU_X("alu32 arsh x count 32", KBPF_ALU | KBPF_ARSH, 0,
		 0x80000000ULL, 32, 0x80000000ULL),
	KT_ALU_X("alu32 arsh x positive", KBPF_ALU | KBPF_ARSH, 0,
		 0xffffffff7fffffffULL, 4, 0x7ffffffULL),
	KT_ALU_X("alu32 arsh x count 0xffffffff00000004", KBPF_ALU | KBPF_ARSH, 0,
		 0x80000000ULL, 0xffffffff00000004ULL, 0xf8000000ULL),
	KT_ALU_K("alu32 arsh k", KBPF_ALU | KBPF_ARSH, 0,
		 0x0000000180000000ULL, 4, 0xf8000000ULL),
	KT_ALU_K("alu32 arsh k 0x80000000, 31", KBPF_ALU | KBPF_ARSH, 0,
		 0x80000000ULL, 31, 0xffffffffULL),
	KT_ALU_K("alu32 arsh k count 33", KBPF_ALU | KBPF_ARSH, 0,
		 0x80000000ULL, 33, 0xc0000000ULL),

	KT_ALU_K("alu32 neg k", KBPF_ALU | KBPF_NEG, 0,
		 0xffffffff00000001ULL, 0, 0xffffffffULL),
	KT_ALU_K("alu32 neg k zero", KBPF_ALU | KBPF_NEG, 0,
		 0x0000000500000000ULL, 0, 0),
	KT_ALU_K("alu32 neg k INT_MIN", KBPF_ALU | KBPF_NEG, 0,
		 0x80000000ULL, 0, 0x80000000ULL),

	KT_ALU_X("alu32 mod x", KBPF_ALU | KBPF_MOD, 0,
		 0xffffffff0000000bULL, 0x0000000500000003ULL, 2),
	KT_ALU_X("alu32 mod x by zero", KBPF_ALU | KBPF_MOD, 0,
		 0xdeadbeefcafebabeULL, 0x0000000700000000ULL, 0xcafebabeULL),
	KT_ALU_K("alu32 mod k", KBPF_ALU | KBPF_MOD, 0,
		 0x000000010000000bULL, 4, 3),
	KT_ALU_K("alu32 mod k by zero", KBPF_ALU | KBPF_MOD, 0,
		 0xdeadbeefcafebabeULL, 0, 0xcafebabeULL),

	KT_ALU_X("alu32 smod x", KBPF_ALU | KBPF_MOD, 1,
		 0xfffffffffffffff9ULL, 0xffffffff00000002ULL, 0xffffffffULL),
	KT_ALU_X("alu32 smod x 7, 0xfffffffe", KBPF_ALU | KBPF_MOD, 1,
		 7, 0xfffffffeULL, 1),
	KT_ALU_X("alu32 smod x INT_MIN by -1", KBPF_ALU | KBPF_MOD, 1,
		 0xffffffff80000000ULL, 0xffffffffULL, 0),
	KT_ALU_X("alu32 smod x by zero", KBPF_ALU | KBPF_MOD, 1,
		 0xfffffffffffffff9ULL, 0, 0xfffffff9ULL),
	KT_ALU_K("alu32 smod k", KBPF_ALU | KBPF_MOD, 1,
		 0x0000000100000007ULL, -2, 1),
	KT_ALU_K("alu32 smod k -7, 2", KBPF_ALU | KBPF_MOD, 1,
		 0xfffffffffffffff9ULL, 2, 0xffffffffULL),
	KT_ALU_K("alu32 smod k INT_MIN by -1", KBPF_ALU | KBPF_MOD, 1,
		 0xffffffff80000000ULL, -1, 0),
	KT_ALU_K("alu32 smod k by zero", KBPF_ALU | KBPF_MOD, 1,
		 0xfffffffffffffff9ULL, 0, 0xfffffff9ULL),

	KT_ALU_X("alu32 xor x", KBPF_ALU | KBPF_XOR, 0,
		 0xffffffff0000ffffULL, 0xffffffffffffffffULL, 0xffff0000ULL),
	KT_ALU_K("alu32 xor k", KBPF_ALU | KBPF_XOR, 0,
		 0xffffffff00000000ULL, -1, 0xffffffffULL),

	KT_ALU_X("alu32 mov x", KBPF_ALU | KBPF_MOV, 0,
		 0x1111ULL, 0xdeadbeefcafebabeULL, 0xcafebabeULL),
	KT_ALU_K("alu32 mov k", KBPF_ALU | KBPF_MOV, 0,
		 0x1234567800000000ULL, -1, 0xffffffffULL),

	KT_ALU_X("alu32 movsx8 x negative", KBPF_ALU | KBPF_MOV, 8,
		 0x1111ULL, 0x1234567812345680ULL, 0xffffff80ULL),
	KT_ALU_X("alu32 movsx8 x positive", KBPF_ALU | KBPF_MOV, 8,
		 0x1111ULL, 0x17fULL, 127),

	KT_ALU_X("alu32 movsx16 x negative", KBPF_ALU | KBPF_MOV, 16,
		 0x1111ULL, 0x00000001ffff8000ULL, 0xffff8000ULL),
	KT_ALU_X("alu32 movsx16 x positive", KBPF_ALU | KBPF_MOV, 16,
		 0x1111ULL, 0x7fffULL, 0x7fffULL),

	KT_ALU_K("alu le16", KBPF_ALU | KBPF_END | KBPF_TO_LE, 0,
		 0x1122334455667788ULL, 16, 0x7788ULL),
	KT_ALU_K("alu le32", KBPF_ALU | KBPF_END | KBPF_TO_LE, 0,
		 0x1122334455667788ULL, 32, 0x55667788ULL),
	KT_ALU_K("alu le64", KBPF_ALU | KBPF_END | KBPF_TO_LE, 0,
		 0x1122334455667788ULL, 64, 0x1122334455667788ULL),
	KT_ALU_K("alu be16", KBPF_ALU | KBPF_END | KBPF_TO_BE, 0,
		 0x1122334455667788ULL, 16, 0x8877ULL),
	KT_ALU_K("alu be32", KBPF_ALU | KBPF_END | KBPF_TO_BE, 0,
		 0x1122334455667788ULL, 32, 0x88776655ULL),
	KT_ALU_K("alu be64", KBPF_ALU | KBPF_END | KBPF_TO_BE, 0,
		 0x1122334455667788ULL, 64, 0x8877665544332211ULL),
	KT_ALU_K("alu64 bswap16", KBPF_ALU64 | KBPF_END | KBPF_TO_LE, 0,
		 0x1122334455667788ULL, 16, 0x8877ULL),
	KT_ALU_K("alu64 bswap32", KBPF_ALU64 | KBPF_END | KBPF_TO_LE, 0,
		 0x1122334455667788ULL, 32, 0x88776655ULL),
	KT_ALU_K("alu64 bswap64", KBPF_ALU64 | KBPF_END | KBPF_TO_LE, 0,
		 0x1122334455667788ULL, 64, 0x8877665544332211ULL),
	KT_ALU_K("alu be16 high byte set", KBPF_ALU | KBPF_END | KBPF_TO_BE, 0,
		 0x8877665544332211ULL, 16, 0x1122ULL),
	KT_ALU_K("alu64 bswap64 high byte set", KBPF_ALU64 | KBPF_END | KBPF_TO_LE, 0,
		 0x8877665544332211ULL, 64, 0x1122334455667788ULL),

	KT_JMP_X("jmp jeq x taken", KBPF_JMP | KBPF_JEQ,
		 5, 5, 1),
	KT_JMP_X("jmp jeq x not taken", KBPF_JMP | KBPF_JEQ,
		 0x0000000100000005ULL, 5, 0),
	KT_JMP_X("jmp jne x taken", KBPF_JMP | KBPF_JNE,
		 0x0000000100000005ULL, 5, 1),
	KT_JMP_X("jmp jne x not taken", KBPF_JMP | KBPF_JNE,
		 7, 7, 0),
	KT_JMP_X("jmp jgt x taken", KBPF_JMP | KBPF_JGT,
		 0x8000000000000000ULL, 0x7fffffffffffffffULL, 1),
	KT_JMP_X("jmp jgt x not taken", KBPF_JMP | KBPF_JGT,
		 0x7fffffffffffffffULL, 0x8000000000000000ULL, 0),
	KT_JMP_X("jmp jgt x not taken 5, 5", KBPF_JMP | KBPF_JGT,
		 5, 5, 0),
	KT_JMP_X("jmp jge x taken", KBPF_JMP | KBPF_JGE,
		 5, 5, 1),
	KT_JMP_X("jmp jge x not taken", KBPF_JMP | KBPF_JGE,
		 0x7fffffffffffffffULL, 0x8000000000000000ULL, 0),
	KT_JMP_X("jmp jlt x taken", KBPF_JMP | KBPF_JLT,
		 0x7fffffffffffffffULL, 0x8000000000000000ULL, 1),
	KT_JMP_X("jmp jlt x not taken", KBPF_JMP | KBPF_JLT,
		 5, 5, 0),
	KT_JMP_X("jmp jle x taken", KBPF_JMP | KBPF_JLE,
		 5, 5, 1),
	KT_JMP_X("jmp jle x not taken", KBPF_JMP | KBPF_JLE,
		 0xffffffffffffffffULL, 0, 0),
	KT_JMP_X("jmp jle x not taken 0x100000000, 1", KBPF_JMP | KBPF_JLE,
		 0x0000000100000000ULL, 1, 0),
	KT_JMP_X("jmp jset x taken", KBPF_JMP | KBPF_JSET,
		 0x0000000100000000ULL, 0x0000000300000000ULL, 1),
	KT_JMP_X("jmp jset x not taken", KBPF_JMP | KBPF_JSET,
		 0x0000000100000000ULL, 0xffffffffULL, 0),
	KT_JMP_X("jmp jsgt x taken", KBPF_JMP | KBPF_JSGT,
		 0x7fffffffffffffffULL, 0x8000000000000000ULL, 1),
	KT_JMP_X("jmp jsgt x not taken", KBPF_JMP | KBPF_JSGT,
		 0x8000000000000000ULL, 0x7fffffffffffffffULL, 0),
	KT_JMP_X("jmp jsgt x not taken -1, 0", KBPF_JMP | KBPF_JSGT,
		 0xffffffffffffffffULL, 0, 0),
	KT_JMP_X("jmp jsge x taken", KBPF_JMP | KBPF_JSGE,
		 0xffffffffffffffffULL, 0xffffffffffffffffULL, 1),
	KT_JMP_X("jmp jsge x not taken", KBPF_JMP | KBPF_JSGE,
		 0xffffffffffffffffULL, 0, 0),
	KT_JMP_X("jmp jsge x taken 0x80000000, 0", KBPF_JMP | KBPF_JSGE,
		 0x80000000ULL, 0, 1),
	KT_JMP_X("jmp jslt x taken", KBPF_JMP | KBPF_JSLT,
		 0x8000000000000000ULL, 0x7fffffffffffffffULL, 1),
	KT_JMP_X("jmp jslt x not taken", KBPF_JMP | KBPF_JSLT,
		 0, 0xffffffffffffffffULL, 0),
	KT_JMP_X("jmp jsle x taken", KBPF_JMP | KBPF_JSLE,
		 0xfffffffffffffffeULL, 0xffffffffffffffffULL, 1),
	KT_JMP_X("jmp jsle x not taken", KBPF_JMP | KBPF_JSLE,
		 0, 0xffffffffffffffffULL, 0),
	KT_JMP_X("jmp jsle x not taken 0x80000000, 0", KBPF_JMP | KBPF_JSLE,
		 0x80000000ULL, 0, 0),

	KT_JMP_K("jmp jeq k taken", KBPF_JMP | KBPF_JEQ,
		 0xffffffffffffffffULL, -1, 1),
	KT_JMP_K("jmp jeq k not taken", KBPF_JMP | KBPF_JEQ,
		 0xffffffffULL, -1, 0),
	KT_JMP_K("jmp jne k taken", KBPF_JMP | KBPF_JNE,
		 0xffffffffULL, -1, 1),
	KT_JMP_K("jmp jne k not taken", KBPF_JMP | KBPF_JNE,
		 0xffffffffffffffffULL, -1, 0),
	KT_JMP_K("jmp jgt k taken", KBPF_JMP | KBPF_JGT,
		 0xffffffffffffffffULL, -2, 1),
	KT_JMP_K("jmp jgt k not taken", KBPF_JMP | KBPF_JGT,
		 5, -1, 0),
	KT_JMP_K("jmp jgt k not taken 0x100000000, -1", KBPF_JMP | KBPF_JGT,
		 0x0000000100000000ULL, -1, 0),
	KT_JMP_K("jmp jgt k taken 0x100000000, 5", KBPF_JMP | KBPF_JGT,
		 0x0000000100000000ULL, 5, 1),
	KT_JMP_K("jmp jge k taken", KBPF_JMP | KBPF_JGE,
		 0xfffffffffffffffeULL, -2, 1),
	KT_JMP_K("jmp jge k not taken", KBPF_JMP | KBPF_JGE,
		 0x7fffffffffffffffULL, -1, 0),
	KT_JMP_K("jmp jlt k taken", KBPF_JMP | KBPF_JLT,
		 5, -1, 1),
	KT_JMP_K("jmp jlt k not taken", KBPF_JMP | KBPF_JLT,
		 0xffffffffffffffffULL, -1, 0),
	KT_JMP_K("jmp jlt k taken 0x100000000, -1", KBPF_JMP | KBPF_JLT,
		 0x0000000100000000ULL, -1, 1),
	KT_JMP_K("jmp jlt k not taken 0x100000000, 5", KBPF_JMP | KBPF_JLT,
		 0x0000000100000000ULL, 5, 0),
	KT_JMP_K("jmp jle k taken", KBPF_JMP | KBPF_JLE,
		 0xffffffffffffffffULL, -1, 1),
	KT_JMP_K("jmp jle k not taken", KBPF_JMP | KBPF_JLE,
		 0xffffffffffffffffULL, 0x7fffffff, 0),
	KT_JMP_K("jmp jle k not taken 0x100000000, 5", KBPF_JMP | KBPF_JLE,
		 0x0000000100000000ULL, 5, 0),
	KT_JMP_K("jmp jset k taken", KBPF_JMP | KBPF_JSET,
		 0x8000000000000000ULL, -2147483648, 1),
	KT_JMP_K("jmp jset k not taken", KBPF_JMP | KBPF_JSET,
		 0x70000000ULL, 0xfffffff, 0),
	KT_JMP_K("jmp jsgt k taken", KBPF_JMP | KBPF_JSGT,
		 0, -1, 1),
	KT_JMP_K("jmp jsgt k not taken", KBPF_JMP | KBPF_JSGT,
		 0xffffffffffffffffULL, 0, 0),
	KT_JMP_K("jmp jsgt k taken 0x80000000, 0", KBPF_JMP | KBPF_JSGT,
		 0x80000000ULL, 0, 1),
	KT_JMP_K("jmp jsge k taken", KBPF_JMP | KBPF_JSGE,
		 0xfffffffffffffffbULL, -5, 1),
	KT_JMP_K("jmp jsge k not taken", KBPF_JMP | KBPF_JSGE,
		 0xfffffffffffffffaULL, -5, 0),
	KT_JMP_K("jmp jsge k not taken -1, 0", KBPF_JMP | KBPF_JSGE,
		 0xffffffffffffffffULL, 0, 0),
	KT_JMP_K("jmp jsge k taken 0x80000000, 0", KBPF_JMP | KBPF_JSGE,
		 0x80000000ULL, 0, 1),
	KT_JMP_K("jmp jslt k taken", KBPF_JMP | KBPF_JSLT,
		 0xfffffffffffffffaULL, -5, 1),
	KT_JMP_K("jmp jslt k not taken", KBPF_JMP | KBPF_JSLT,
		 0xfffffffffffffffbULL, -5, 0),
	KT_JMP_K("jmp jslt k taken -1, 0", KBPF_JMP | KBPF_JSLT,
		 0xffffffffffffffffULL, 0, 1),
	KT_JMP_K("jmp jslt k not taken 0x80000000, 0", KBPF_JMP | KBPF_JSLT,
		 0x80000000ULL, 0, 0),
	KT_JMP_K("jmp jsle k taken", KBPF_JMP | KBPF_JSLE,
		 0x8000000000000000ULL, 0x7fffffff, 1),
	KT_JMP_K("jmp jsle k not taken", KBPF_JMP | KBPF_JSLE,
		 1, 0, 0),
	KT_JMP_K("jmp jsle k not taken 0x80000000, 0", KBPF_JMP | KBPF_JSLE,
		 0x80000000ULL, 0, 0),
	KT_JMP_K("jmp jsle k not taken 16, -1", KBPF_JMP | KBPF_JSLE,
		 16, -1, 0),

	KT_JMP_X("jmp32 jeq x taken", KBPF_JMP32 | KBPF_JEQ,
		 0x0000000100000005ULL, 0x0000000200000005ULL, 1),
	KT_JMP_X("jmp32 jeq x not taken", KBPF_JMP32 | KBPF_JEQ,
		 0x0000000100000005ULL, 0x0000000100000006ULL, 0),
	KT_JMP_X("jmp32 jne x taken", KBPF_JMP32 | KBPF_JNE,
		 0x0000000100000005ULL, 0x0000000100000006ULL, 1),
	KT_JMP_X("jmp32 jne x not taken", KBPF_JMP32 | KBPF_JNE,
		 0x0000000100000005ULL, 0x0000000200000005ULL, 0),
	KT_JMP_X("jmp32 jgt x taken", KBPF_JMP32 | KBPF_JGT,
		 0x80000000ULL, 0x000000017fffffffULL, 1),
	KT_JMP_X("jmp32 jgt x not taken", KBPF_JMP32 | KBPF_JGT,
		 0x0000000100000001ULL, 0xffffffffULL, 0),
	KT_JMP_X("jmp32 jge x taken", KBPF_JMP32 | KBPF_JGE,
		 0x000000ff00000000ULL, 0, 1),
	KT_JMP_X("jmp32 jge x not taken", KBPF_JMP32 | KBPF_JGE,
		 0x0000000100000000ULL, 1, 0),
	KT_JMP_X("jmp32 jge x taken 0xffffffff, 0", KBPF_JMP32 | KBPF_JGE,
		 0xffffffffULL, 0, 1),
	KT_JMP_X("jmp32 jlt x taken", KBPF_JMP32 | KBPF_JLT,
		 0x0000000100000000ULL, 1, 1),
	KT_JMP_X("jmp32 jlt x not taken", KBPF_JMP32 | KBPF_JLT,
		 1, 0x0000000100000000ULL, 0),
	KT_JMP_X("jmp32 jlt x taken 0, 0xffffffff", KBPF_JMP32 | KBPF_JLT,
		 0, 0xffffffffULL, 1),
	KT_JMP_X("jmp32 jle x taken", KBPF_JMP32 | KBPF_JLE,
		 0x7fffffffULL, 0x80000000ULL, 1),
	KT_JMP_X("jmp32 jle x not taken", KBPF_JMP32 | KBPF_JLE,
		 0xffffffffULL, 0x0000000100000000ULL, 0),
	KT_JMP_X("jmp32 jset x taken", KBPF_JMP32 | KBPF_JSET,
		 0x0000000100000001ULL, 1, 1),
	KT_JMP_X("jmp32 jset x not taken", KBPF_JMP32 | KBPF_JSET,
		 0x0000000100000000ULL, 0x0000000100000000ULL, 0),
	KT_JMP_X("jmp32 jsgt x taken", KBPF_JMP32 | KBPF_JSGT,
		 0x7fffffffULL, 0x80000000ULL, 1),
	KT_JMP_X("jmp32 jsgt x not taken", KBPF_JMP32 | KBPF_JSGT,
		 0x80000000ULL, 0x7fffffffULL, 0),
	KT_JMP_X("jmp32 jsge x taken", KBPF_JMP32 | KBPF_JSGE,
		 0xffffffffULL, 0xffffffffffffffffULL, 1),
	KT_JMP_X("jmp32 jsge x not taken", KBPF_JMP32 | KBPF_JSGE,
		 0x80000000ULL, 0, 0),
	KT_JMP_X("jmp32 jslt x taken", KBPF_JMP32 | KBPF_JSLT,
		 0x80000000ULL, 0, 1),
	KT_JMP_X("jmp32 jslt x not taken", KBPF_JMP32 | KBPF_JSLT,
		 0x0000000100000000ULL, 0xffffffffULL, 0),
	KT_JMP_X("jmp32 jsle x taken", KBPF_JMP32 | KBPF_JSLE,
		 0xffffffffULL, 0, 1),
	KT_JMP_X("jmp32 jsle x not taken", KBPF_JMP32 | KBPF_JSLE,
		 1, 0xffffffff00000000ULL, 0),

	KT_JMP_K("jmp32 jeq k taken", KBPF_JMP32 | KBPF_JEQ,
		 0xffffffff00000007ULL, 7, 1),
	KT_JMP_K("jmp32 jeq k not taken", KBPF_JMP32 | KBPF_JEQ,
		 7, 8, 0),
	KT_JMP_K("jmp32 jne k taken", KBPF_JMP32 | KBPF_JNE,
		 5, 6, 1),
	KT_JMP_K("jmp32 jne k not taken", KBPF_JMP32 | KBPF_JNE,
		 0x0000000500000006ULL, 6, 0),
	KT_JMP_K("jmp32 jgt k taken", KBPF_JMP32 | KBPF_JGT,
		 0xffffffffULL, -2, 1),
	KT_JMP_K("jmp32 jgt k not taken", KBPF_JMP32 | KBPF_JGT,
		 0x0000000100000000ULL, 0, 0),
	KT_JMP_K("jmp32 jgt k not taken 0, -1", KBPF_JMP32 | KBPF_JGT,
		 0, -1, 0),
	KT_JMP_K("jmp32 jge k taken", KBPF_JMP32 | KBPF_JGE,
		 0x80000000ULL, 0x7fffffff, 1),
	KT_JMP_K("jmp32 jge k not taken", KBPF_JMP32 | KBPF_JGE,
		 0x000000017ffffffeULL, 0x7fffffff, 0),
	KT_JMP_K("jmp32 jlt k taken", KBPF_JMP32 | KBPF_JLT,
		 0x7fffffffULL, -2147483648, 1),
	KT_JMP_K("jmp32 jlt k not taken", KBPF_JMP32 | KBPF_JLT,
		 0xffffffff80000000ULL, -2147483648, 0),
	KT_JMP_K("jmp32 jlt k taken 0x100000000, 5", KBPF_JMP32 | KBPF_JLT,
		 0x0000000100000000ULL, 5, 1),
	KT_JMP_K("jmp32 jle k taken", KBPF_JMP32 | KBPF_JLE,
		 0x0000000180000000ULL, -2147483648, 1),
	KT_JMP_K("jmp32 jle k not taken", KBPF_JMP32 | KBPF_JLE,
		 0x80000001ULL, -2147483648, 0),
	KT_JMP_K("jmp32 jle k not taken 0xffffffff, 0", KBPF_JMP32 | KBPF_JLE,
		 0xffffffffULL, 0, 0),
	KT_JMP_K("jmp32 jset k taken", KBPF_JMP32 | KBPF_JSET,
		 0x80000000ULL, -2147483648, 1),
	KT_JMP_K("jmp32 jset k not taken", KBPF_JMP32 | KBPF_JSET,
		 0xffffffff7fffffffULL, -2147483648, 0),
	KT_JMP_K("jmp32 jsgt k taken", KBPF_JMP32 | KBPF_JSGT,
		 0x0000000100000000ULL, -1, 1),
	KT_JMP_K("jmp32 jsgt k not taken", KBPF_JMP32 | KBPF_JSGT,
		 0xffffffffULL, 0, 0),
	KT_JMP_K("jmp32 jsge k taken", KBPF_JMP32 | KBPF_JSGE,
		 0x80000000ULL, -2147483648, 1),
	KT_JMP_K("jmp32 jsge k not taken", KBPF_JMP32 | KBPF_JSGE,
		 0x80000000ULL, -2147483647, 0),
	KT_JMP_K("jmp32 jsge k not taken 0xffffffff, 0", KBPF_JMP32 | KBPF_JSGE,
		 0xffffffffULL, 0, 0),
	KT_JMP_K("jmp32 jslt k taken", KBPF_JMP32 | KBPF_JSLT,
		 0x80000000ULL, 0x7fffffff, 1),
	KT_JMP_K("jmp32 jslt k not taken", KBPF_JMP32 | KBPF_JSLT,
		 0x7fffffffULL, -2147483648, 0),
	KT_JMP_K("jmp32 jsle k taken", KBPF_JMP32 | KBPF_JSLE,
		 0xffffffffULL, -1, 1),
	KT_JMP_K("jmp32 jsle k not taken", KBPF_JMP32 | KBPF_JSLE,
		 0, -1, 0),

	KT_ATOMIC("atomic dw add src kept", KBPF_DW, KBPF_ADD, KT_RES_SRC,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x00ff00ff00ff00f1ULL),
	KT_ATOMIC("atomic dw add mem", KBPF_DW, KBPF_ADD, KT_RES_MEM,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x100e100e100e1000ULL),
	KT_ATOMIC("atomic dw fetch_add src old", KBPF_DW, KBPF_ADD | KBPF_FETCH, KT_RES_SRC,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x0f0f0f0f0f0f0f0fULL),
	KT_ATOMIC("atomic dw fetch_add mem", KBPF_DW, KBPF_ADD | KBPF_FETCH, KT_RES_MEM,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x100e100e100e1000ULL),
	KT_ATOMIC("atomic dw and src kept", KBPF_DW, KBPF_AND, KT_RES_SRC,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x00ff00ff00ff00f1ULL),
	KT_ATOMIC("atomic dw and mem", KBPF_DW, KBPF_AND, KT_RES_MEM,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x000f000f000f0001ULL),
	KT_ATOMIC("atomic dw fetch_and src old", KBPF_DW, KBPF_AND | KBPF_FETCH, KT_RES_SRC,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x0f0f0f0f0f0f0f0fULL),
	KT_ATOMIC("atomic dw fetch_and mem", KBPF_DW, KBPF_AND | KBPF_FETCH, KT_RES_MEM,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x000f000f000f0001ULL),
	KT_ATOMIC("atomic dw or src kept", KBPF_DW, KBPF_OR, KT_RES_SRC,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x00ff00ff00ff00f1ULL),
	KT_ATOMIC("atomic dw or mem", KBPF_DW, KBPF_OR, KT_RES_MEM,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x0fff0fff0fff0fffULL),
	KT_ATOMIC("atomic dw fetch_or src old", KBPF_DW, KBPF_OR | KBPF_FETCH, KT_RES_SRC,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x0f0f0f0f0f0f0f0fULL),
	KT_ATOMIC("atomic dw fetch_or mem", KBPF_DW, KBPF_OR | KBPF_FETCH, KT_RES_MEM,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x0fff0fff0fff0fffULL),
	KT_ATOMIC("atomic dw xor src kept", KBPF_DW, KBPF_XOR, KT_RES_SRC,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x00ff00ff00ff00f1ULL),
	KT_ATOMIC("atomic dw xor mem", KBPF_DW, KBPF_XOR, KT_RES_MEM,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x0ff00ff00ff00ffeULL),
	KT_ATOMIC("atomic dw fetch_xor src old", KBPF_DW, KBPF_XOR | KBPF_FETCH, KT_RES_SRC,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x0f0f0f0f0f0f0f0fULL),
	KT_ATOMIC("atomic dw fetch_xor mem", KBPF_DW, KBPF_XOR | KBPF_FETCH, KT_RES_MEM,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x0ff00ff00ff00ffeULL),
	KT_ATOMIC("atomic dw xchg src old", KBPF_DW, KBPF_XCHG, KT_RES_SRC,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x0f0f0f0f0f0f0f0fULL),
	KT_ATOMIC("atomic dw xchg mem", KBPF_DW, KBPF_XCHG, KT_RES_MEM,
		  0x0f0f0f0f0f0f0f0fULL, 0, 0x00ff00ff00ff00f1ULL,
		  0x00ff00ff00ff00f1ULL),
	KT_ATOMIC("atomic dw cmpxchg equal r0 old", KBPF_DW, KBPF_CMPXCHG, KT_RES_R0,
		  0x0f0f0f0f0f0f0f0fULL, 0x0f0f0f0f0f0f0f0fULL, 0x00ff00ff00ff00f1ULL,
		  0x0f0f0f0f0f0f0f0fULL),
	KT_ATOMIC("atomic dw cmpxchg equal mem", KBPF_DW, KBPF_CMPXCHG, KT_RES_MEM,
		  0x0f0f0f0f0f0f0f0fULL, 0x0f0f0f0f0f0f0f0fULL, 0x00ff00ff00ff00f1ULL,
		  0x00ff00ff00ff00f1ULL),
	KT_ATOMIC("atomic dw cmpxchg differ r0 old", KBPF_DW, KBPF_CMPXCHG, KT_RES_R0,
		  0x0f0f0f0f0f0f0f0fULL, 0x0f0f0f0f0f0f0f10ULL, 0x00ff00ff00ff00f1ULL,
		  0x0f0f0f0f0f0f0f0fULL),
	KT_ATOMIC("atomic dw cmpxchg differ mem", KBPF_DW, KBPF_CMPXCHG, KT_RES_MEM,
		  0x0f0f0f0f0f0f0f0fULL, 0x0f0f0f0f0f0f0f10ULL, 0x00ff00ff00ff00f1ULL,
		  0x0f0f0f0f0f0f0f0fULL),
	KT_ATOMIC("atomic dw cmpxchg differ src kept", KBPF_DW, KBPF_CMPXCHG, KT_RES_SRC,
		  0x0f0f0f0f0f0f0f0fULL, 0x0f0f0f0f0f0f0f10ULL, 0x00ff00ff00ff00f1ULL,
		  0x00ff00ff00ff00f1ULL),

	KT_ATOMIC("atomic w add src kept", KBPF_W, KBPF_ADD, KT_RES_SRC,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xffffffff1111111fULL),
	KT_ATOMIC("atomic w add mem", KBPF_W, KBPF_ADD, KT_RES_MEM,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xaaaaaaaa0202020fULL),
	KT_ATOMIC("atomic w fetch_add src old", KBPF_W, KBPF_ADD | KBPF_FETCH, KT_RES_SRC,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xf0f0f0f0ULL),
	KT_ATOMIC("atomic w fetch_add mem", KBPF_W, KBPF_ADD | KBPF_FETCH, KT_RES_MEM,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xaaaaaaaa0202020fULL),
	KT_ATOMIC("atomic w and src kept", KBPF_W, KBPF_AND, KT_RES_SRC,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xffffffff1111111fULL),
	KT_ATOMIC("atomic w and mem", KBPF_W, KBPF_AND, KT_RES_MEM,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xaaaaaaaa10101010ULL),
	KT_ATOMIC("atomic w fetch_and src old", KBPF_W, KBPF_AND | KBPF_FETCH, KT_RES_SRC,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xf0f0f0f0ULL),
	KT_ATOMIC("atomic w fetch_and mem", KBPF_W, KBPF_AND | KBPF_FETCH, KT_RES_MEM,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xaaaaaaaa10101010ULL),
	KT_ATOMIC("atomic w or src kept", KBPF_W, KBPF_OR, KT_RES_SRC,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xffffffff1111111fULL),
	KT_ATOMIC("atomic w or mem", KBPF_W, KBPF_OR, KT_RES_MEM,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xaaaaaaaaf1f1f1ffULL),
	KT_ATOMIC("atomic w fetch_or src old", KBPF_W, KBPF_OR | KBPF_FETCH, KT_RES_SRC,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xf0f0f0f0ULL),
	KT_ATOMIC("atomic w fetch_or mem", KBPF_W, KBPF_OR | KBPF_FETCH, KT_RES_MEM,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xaaaaaaaaf1f1f1ffULL),
	KT_ATOMIC("atomic w xor src kept", KBPF_W, KBPF_XOR, KT_RES_SRC,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xffffffff1111111fULL),
	KT_ATOMIC("atomic w xor mem", KBPF_W, KBPF_XOR, KT_RES_MEM,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xaaaaaaaae1e1e1efULL),
	KT_ATOMIC("atomic w fetch_xor src old", KBPF_W, KBPF_XOR | KBPF_FETCH, KT_RES_SRC,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xf0f0f0f0ULL),
	KT_ATOMIC("atomic w fetch_xor mem", KBPF_W, KBPF_XOR | KBPF_FETCH, KT_RES_MEM,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xaaaaaaaae1e1e1efULL),
	KT_ATOMIC("atomic w xchg src old", KBPF_W, KBPF_XCHG, KT_RES_SRC,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xf0f0f0f0ULL),
	KT_ATOMIC("atomic w xchg mem", KBPF_W, KBPF_XCHG, KT_RES_MEM,
		  0xaaaaaaaaf0f0f0f0ULL, 0, 0xffffffff1111111fULL,
		  0xaaaaaaaa1111111fULL),
	KT_ATOMIC("atomic w cmpxchg equal r0 old", KBPF_W, KBPF_CMPXCHG, KT_RES_R0,
		  0xaaaaaaaaf0f0f0f0ULL, 0xfffffffff0f0f0f0ULL, 0xffffffff1111111fULL,
		  0xf0f0f0f0ULL),
	KT_ATOMIC("atomic w cmpxchg equal mem", KBPF_W, KBPF_CMPXCHG, KT_RES_MEM,
		  0xaaaaaaaaf0f0f0f0ULL, 0xfffffffff0f0f0f0ULL, 0xffffffff1111111fULL,
		  0xaaaaaaaa1111111fULL),
	KT_ATOMIC("atomic w cmpxchg differ r0 old", KBPF_W, KBPF_CMPXCHG, KT_RES_R0,
		  0xaaaaaaaaf0f0f0f0ULL, 0xf0f0f0f1ULL, 0xffffffff1111111fULL,
		  0xf0f0f0f0ULL),
	KT_ATOMIC("atomic w cmpxchg differ mem", KBPF_W, KBPF_CMPXCHG, KT_RES_MEM,
		  0xaaaaaaaaf0f0f0f0ULL, 0xf0f0f0f1ULL, 0xffffffff1111111fULL,
		  0xaaaaaaaaf0f0f0f0ULL),
	KT_ATOMIC("atomic w cmpxchg differ src kept", KBPF_W, KBPF_CMPXCHG, KT_RES_SRC,
		  0xaaaaaaaaf0f0f0f0ULL, 0xf0f0f0f1ULL, 0xffffffff1111111fULL,
		  0xffffffff1111111fULL),

	/* 64-bit immediates: the low half is not sign-extended. */
	KT_CASE("ld_imm64", 0x0123456789abcdefULL,
		KBPF_LD_IMM64_1(0, 0, 0x0123456789abcdefULL),
		KBPF_LD_IMM64_2(0x0123456789abcdefULL),
		KBPF_EXIT_INSN()),
	KT_CASE("ld_imm64 low half 0x80000000", 0x80000000ULL,
		KBPF_LD_IMM64_1(0, 0, 0x80000000ULL),
		KBPF_LD_IMM64_2(0x80000000ULL),
		KBPF_EXIT_INSN()),
	KT_CASE("ld_imm64 high half only", 0xffffffff00000000ULL,
		KBPF_LD_IMM64_1(0, 0, 0xffffffff00000000ULL),
		KBPF_LD_IMM64_2(0xffffffff00000000ULL),
		KBPF_EXIT_INSN()),
	KT_CASE("ld_imm64 pseudo func loads the address as is", 0x1234,
		KBPF_LD_IMM64_1(0, KBPF_PSEUDO_FUNC, 0x1234),
		KBPF_LD_IMM64_2(0x1234),
		KBPF_EXIT_INSN()),

	/* Stores write exactly their size, little-endian, at dst + off. */
	KT_STORE("stx dw", 0xffffffffffffffffULL,
		 KBPF_STX_MEM(KBPF_DW, 10, 1, -8), 0x1122334455667788ULL),
	KT_STORE("stx w", 0xffffffffffffffffULL,
		 KBPF_STX_MEM(KBPF_W, 10, 1, -8), 0xffffffff55667788ULL),
	KT_STORE("stx w upper half", 0xffffffffffffffffULL,
		 KBPF_STX_MEM(KBPF_W, 10, 1, -4), 0x55667788ffffffffULL),
	KT_STORE("stx h", 0xffffffffffffffffULL,
		 KBPF_STX_MEM(KBPF_H, 10, 1, -8), 0xffffffffffff7788ULL),
	KT_STORE("stx b", 0xffffffffffffffffULL,
		 KBPF_STX_MEM(KBPF_B, 10, 1, -8), 0xffffffffffffff88ULL),
	KT_STORE("stx b top byte", 0xffffffffffffffffULL,
		 KBPF_STX_MEM(KBPF_B, 10, 1, -1), 0x88ffffffffffffffULL),
	KT_STORE("st dw imm sign-extended", 0,
		 KBPF_ST_MEM(KBPF_DW, 10, -8, -2), 0xfffffffffffffffeULL),
	KT_STORE("st w", 0,
		 KBPF_ST_MEM(KBPF_W, 10, -8, -2), 0xfffffffeULL),
	KT_STORE("st h", 0,
		 KBPF_ST_MEM(KBPF_H, 10, -8, 0x12345), 0x2345),
	KT_STORE("st b", 0,
		 KBPF_ST_MEM(KBPF_B, 10, -8, -1), 0xff),
	KT_STORE("st b top byte", 0,
		 KBPF_ST_MEM(KBPF_B, 10, -1, 0x81), 0x8100000000000000ULL),
	KT_CASE("stx through a copy of r10", 0x1122334455667788ULL,
		KBPF_MOV64_REG(2, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 2, -16),
		KBPF_LD_IMM64_1(1, 0, 0x1122334455667788ULL),
		KBPF_LD_IMM64_2(0x1122334455667788ULL),
		KBPF_STX_MEM(KBPF_DW, 2, 1, 8),
		KBPF_LDX_MEM(KBPF_DW, 0, 10, -8),
		KBPF_EXIT_INSN()),
	KT_CASE("st at the bottom of the frame", 77,
		KBPF_ST_MEM(KBPF_DW, 10, -KT_FRAME, 77),
		KBPF_LDX_MEM(KBPF_DW, 0, 10, -KT_FRAME),
		KBPF_EXIT_INSN()),

	/* Loads zero-extend (r0 held 0x5555...), MEMSX loads sign-extend. */
	KT_LOAD("ldx dw", 0x8182838485868788ULL,
		KBPF_LDX_MEM(KBPF_DW, 0, 10, -8), 0x8182838485868788ULL),
	KT_LOAD("ldx w", 0x8182838485868788ULL,
		KBPF_LDX_MEM(KBPF_W, 0, 10, -8), 0x85868788ULL),
	KT_LOAD("ldx h", 0x8182838485868788ULL,
		KBPF_LDX_MEM(KBPF_H, 0, 10, -8), 0x8788),
	KT_LOAD("ldx b", 0x8182838485868788ULL,
		KBPF_LDX_MEM(KBPF_B, 0, 10, -8), 0x88),
	KT_LOAD("ldx b top byte", 0x8182838485868788ULL,
		KBPF_LDX_MEM(KBPF_B, 0, 10, -1), 0x81),
	KT_LOAD("ldx memsx w", 0x8182838485868788ULL,
		KBPF_LDX_MEMSX(KBPF_W, 0, 10, -8), 0xffffffff85868788ULL),
	KT_LOAD("ldx memsx h", 0x8182838485868788ULL,
		KBPF_LDX_MEMSX(KBPF_H, 0, 10, -8), 0xffffffffffff8788ULL),
	KT_LOAD("ldx memsx b", 0x8182838485868788ULL,
		KBPF_LDX_MEMSX(KBPF_B, 0, 10, -8), 0xffffffffffffff88ULL),
	KT_LOAD("ldx memsx w positive", 0x8182838405067f7fULL,
		KBPF_LDX_MEMSX(KBPF_W, 0, 10, -8), 0x05067f7fULL),
	KT_LOAD("ldx memsx h positive", 0x8182838405067f7fULL,
		KBPF_LDX_MEMSX(KBPF_H, 0, 10, -8), 0x7f7f),
	KT_LOAD("ldx memsx b positive", 0x8182838405067f7fULL,
		KBPF_LDX_MEMSX(KBPF_B, 0, 10, -8), 0x7f),
	KT_LOAD("ldx memsx b top byte", 0x8182838405067f7fULL,
		KBPF_LDX_MEMSX(KBPF_B, 0, 10, -1), 0xffffffffffffff81ULL),

	/* Unconditional jumps: off for JMP, imm for JMP32 (gotol). */
	KT_CASE("jmp ja", 1,
		KBPF_MOV64_IMM(0, 1),
		KBPF_JMP_A(1),
		KBPF_MOV64_IMM(0, 2),
		KBPF_EXIT_INSN()),
	KT_CASE("jmp ja backward", 55,
		KBPF_MOV64_IMM(0, 0),
		KBPF_MOV64_IMM(1, 0),
		KBPF_ALU64_IMM(KBPF_ADD, 1, 1),
		KBPF_ALU64_REG(KBPF_ADD, 0, 1),
		KBPF_JMP_IMM(KBPF_JGE, 1, 10, 1),
		KBPF_JMP_A(-4),
		KBPF_EXIT_INSN()),
	KT_CASE("jmp32 ja uses imm, not off", 1,
		KBPF_MOV64_IMM(0, 1),
		KBPF_RAW_INSN(KBPF_JMP32 | KBPF_JA, 0, 0, 2, 1),
		KBPF_MOV64_IMM(0, 2),
		KBPF_EXIT_INSN(),
		KBPF_MOV64_IMM(0, 3),
		KBPF_EXIT_INSN()),
	KT_CASE("jmp32 ja backward", 55,
		KBPF_MOV64_IMM(0, 0),
		KBPF_MOV64_IMM(1, 0),
		KBPF_ALU64_IMM(KBPF_ADD, 1, 1),
		KBPF_ALU64_REG(KBPF_ADD, 0, 1),
		KBPF_JMP_IMM(KBPF_JGE, 1, 10, 1),
		KBPF_JMP32_A(-4),
		KBPF_EXIT_INSN()),
	KT_CASE("jmp conditional backward", 55,
		KBPF_MOV64_IMM(0, 0),
		KBPF_MOV64_IMM(1, 10),
		KBPF_ALU64_REG(KBPF_ADD, 0, 1),
		KBPF_ALU64_IMM(KBPF_SUB, 1, 1),
		KBPF_JMP_IMM(KBPF_JNE, 1, 0, -3),
		KBPF_EXIT_INSN()),

	/* Helper calls get r1-r5 and leave r6-r9 alone. */
	KT_CASE("call helper r1-r5", 0x0504030201ULL,
		KBPF_MOV64_IMM(1, 1),
		KBPF_MOV64_IMM(2, 2),
		KBPF_MOV64_IMM(3, 3),
		KBPF_MOV64_IMM(4, 4),
		KBPF_MOV64_IMM(5, 5),
		KBPF_CALL_HELPER(KT_HELPER_ARGS),
		KBPF_EXIT_INSN()),
	KT_CASE("call helper keeps r6-r9", 30,
		KBPF_MOV64_IMM(1, 0),
		KBPF_MOV64_IMM(6, 6),
		KBPF_MOV64_IMM(7, 7),
		KBPF_MOV64_IMM(8, 8),
		KBPF_MOV64_IMM(9, 9),
		KBPF_CALL_HELPER(KT_HELPER_ARGS),
		KBPF_ALU64_REG(KBPF_ADD, 0, 6),
		KBPF_ALU64_REG(KBPF_ADD, 0, 7),
		KBPF_ALU64_REG(KBPF_ADD, 0, 8),
		KBPF_ALU64_REG(KBPF_ADD, 0, 9),
		KBPF_EXIT_INSN()),

	/*
	 * bpf-to-bpf: the callee gets r1-r5 and a stack of its own, clobbers
	 * r6-r9 and its r10 - 8; the caller's survive. 5 * 7 + 6 + 7 + 8 + 9
	 * + 100.
	 */
	KT_CASE("call subprogram", 165,
		KBPF_MOV64_IMM(6, 6),
		KBPF_MOV64_IMM(7, 7),
		KBPF_MOV64_IMM(8, 8),
		KBPF_MOV64_IMM(9, 9),
		KBPF_ST_MEM(KBPF_DW, 10, -8, 100),
		KBPF_MOV64_IMM(1, 5),
		KBPF_MOV64_IMM(2, 7),
		KBPF_CALL_REL(7),
		KBPF_ALU64_REG(KBPF_ADD, 0, 6),
		KBPF_ALU64_REG(KBPF_ADD, 0, 7),
		KBPF_ALU64_REG(KBPF_ADD, 0, 8),
		KBPF_ALU64_REG(KBPF_ADD, 0, 9),
		KBPF_LDX_MEM(KBPF_DW, 1, 10, -8),
		KBPF_ALU64_REG(KBPF_ADD, 0, 1),
		KBPF_EXIT_INSN(),
		KBPF_MOV64_IMM(6, 0),
		KBPF_MOV64_IMM(7, 0),
		KBPF_MOV64_IMM(8, 0),
		KBPF_MOV64_IMM(9, 0),
		KBPF_ST_MEM(KBPF_DW, 10, -8, 1000),
		KBPF_MOV64_REG(0, 1),
		KBPF_ALU64_REG(KBPF_MUL, 0, 2),
		KBPF_EXIT_INSN()),
	KT_DEPTH("call 8 frames", 6, 106),
	KT_DEPTH("call 9 frames stops", 7, 0),
	KT_CASE("stop in a subprogram stops the caller", 0,
		KBPF_CALL_REL(2),
		KBPF_MOV64_IMM(0, 7),
		KBPF_EXIT_INSN(),
		KBPF_MOV64_IMM(0, 1),
		KBPF_RAW_INSN(0, 0, 0, 0, 0),
		KBPF_EXIT_INSN()),

	/* What only an unverified program can do stops the run. */
	KT_STOP("stop opcode 0x00", KBPF_RAW_INSN(0, 0, 0, 0, 0)),
#if !IS_ENABLED(CONFIG_NET)
	/* With networking they read r6's skb: sk_filter_test.c. */
	KT_STOP("stop ld abs", KBPF_RAW_INSN(KBPF_LD | KBPF_ABS | KBPF_W, 0, 0, 0, 0)),
	KT_STOP("stop ld ind", KBPF_RAW_INSN(KBPF_LD | KBPF_IND | KBPF_W, 0, 1, 0, 0)),
#endif
	KT_STOP("stop alu neg x", KBPF_ALU32_REG(KBPF_NEG, 0, 1)),
	KT_STOP("stop alu64 neg x", KBPF_ALU64_REG(KBPF_NEG, 0, 1)),
	KT_STOP("stop alu op 0xe0", KBPF_ALU64_IMM(0xe0, 0, 1)),
	KT_STOP("stop alu64 end to_be",
		KBPF_RAW_INSN(KBPF_ALU64 | KBPF_END | KBPF_TO_BE, 0, 0, 0, 16)),
	KT_STOP("stop alu le8", KBPF_ENDIAN(KBPF_TO_LE, 0, 8)),
	KT_STOP("stop alu be0", KBPF_ENDIAN(KBPF_TO_BE, 0, 0)),
	KT_STOP("stop alu64 bswap8", KBPF_BSWAP(0, 8)),
	KT_STOP("stop alu64 div off 2", KBPF_ALU64_IMM_OFF(KBPF_DIV, 0, 1, 2)),
	KT_STOP("stop alu64 mod x off 2", KBPF_ALU64_REG_OFF(KBPF_MOD, 0, 1, 2)),
	KT_STOP("stop alu div x off -1", KBPF_ALU32_REG_OFF(KBPF_DIV, 0, 1, -1)),
	KT_STOP("stop alu mod off -1", KBPF_ALU32_IMM_OFF(KBPF_MOD, 0, 1, -1)),
	KT_STOP("stop alu64 mov x off 1", KBPF_ALU64_REG_OFF(KBPF_MOV, 0, 1, 1)),
	KT_STOP("stop alu mov x off 32", KBPF_ALU32_REG_OFF(KBPF_MOV, 0, 1, 32)),
	KT_STOP("stop ldx memsx dw", KBPF_LDX_MEMSX(KBPF_DW, 0, 10, -8)),
	KT_STOP("stop st memsx w", KBPF_RAW_INSN(KBPF_ST | KBPF_MEMSX | KBPF_W, 10, 0, -8, 0)),
	KT_STOP("stop stx memsx w", KBPF_RAW_INSN(KBPF_STX | KBPF_MEMSX | KBPF_W, 10, 1, -8, 0)),
	KT_STOP("stop stx atomic b", KBPF_ATOMIC_OP(KBPF_B, KBPF_ADD, 10, 1, -8)),
	KT_STOP("stop stx atomic h", KBPF_ATOMIC_OP(KBPF_H, KBPF_ADD, 10, 1, -8)),
	KT_STOP("stop atomic w sub", KBPF_ATOMIC_OP(KBPF_W, KBPF_SUB, 10, 1, -8)),
	KT_STOP("stop atomic dw xchg without fetch", KBPF_ATOMIC_OP(KBPF_DW, 0xe0, 10, 1, -8)),
	KT_STOP("stop atomic w cmpxchg without fetch", KBPF_ATOMIC_OP(KBPF_W, 0xf0, 10, 1, -8)),
	KT_STOP("stop jmp ja x", KBPF_RAW_INSN(KBPF_JMP | KBPF_JA | KBPF_X, 0, 0, 0, 0)),
	KT_STOP("stop jmp32 call", KBPF_RAW_INSN(KBPF_JMP32 | KBPF_CALL, 0, 0, 0, KT_HELPER_ARGS)),
	KT_STOP("stop jmp32 exit", KBPF_RAW_INSN(KBPF_JMP32 | KBPF_EXIT, 0, 0, 0, 0)),
	KT_STOP("stop may_goto", KBPF_RAW_INSN(KBPF_JMP | KBPF_JCOND, 0, 0, 0, 0)),
	KT_STOP("stop helper id past the table", KBPF_CALL_HELPER(KT_HELPER_CNT)),
	KT_STOP("stop helper id -1", KBPF_CALL_HELPER(-1)),
	KT_STOP("stop helper without function", KBPF_CALL_HELPER(KT_HELPER_NULL)),
	KT_STOP("stop kfunc call",
		KBPF_RAW_INSN(KBPF_JMP | KBPF_CALL, 0, KBPF_PSEUDO_KFUNC_CALL, 0, 1)),
	KT_STOP("stop call src 3", KBPF_RAW_INSN(KBPF_JMP | KBPF_CALL, 0, 3, 0, 1)),
};

static void kbpf_interp_case_desc(const struct kbpf_interp_case *c,
				  char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kbpf_interp, kbpf_interp_cases, kbpf_interp_case_desc);

static void kbpf_interp_case_test(struct kunit *test)
{
	const struct kbpf_interp_case *c = test->param_value;
	u64 r0 = kbpf_interp_run_env(c->insns, NULL, &kt_env);

	KUNIT_EXPECT_EQ_MSG(test, r0, c->r0, "%s: r0 %#llx, want %#llx",
			    c->name, r0, c->r0);
}

/*
 * What the JIT may leave to the interpreter: recursion (a call
 * backwards: KT_DEPTH), tail calls, callbacks, and whatever stops an
 * interpreted run.
 */
static bool kt_jit_may_refuse(const struct kbpf_interp_case *c)
{
	u32 i;

	if (!strncmp(c->name, "stop", 4))
		return true;
	for (i = 0; i < KT_INSNS; i++) {
		const struct kbpf_insn *insn = &c->insns[i];

		if (insn->code == (KBPF_JMP | KBPF_CALL) &&
		    ((insn->src_reg == KBPF_PSEUDO_CALL && insn->imm < 0) ||
		     (!insn->src_reg && insn->imm == KBPF_FUNC_tail_call)))
			return true;
		if (insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
		    insn->src_reg == KBPF_PSEUDO_FUNC)
			return true;
	}
	return false;
}

/* The instructions of @c up to its last exit. */
static u32 kt_case_len(const struct kbpf_interp_case *c)
{
	u32 len = KT_INSNS;

	while (len && !c->insns[len - 1].code)
		len--;
	return len;
}

/*
 * Every case again, JITed: the image must give the interpreter's r0
 * (and the expected one), unless the case is one the JIT leaves to the
 * interpreter.
 */
static void kbpf_interp_jit_case_test(struct kunit *test)
{
	const struct kbpf_interp_case *c = test->param_value;
	struct kbpf_jit_image img;
	u64 want, r0;
	int err;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	err = kbpf_jit_compile(c->insns, kt_case_len(c), KBPF_STACK_SIZE,
			       kt_helpers, KT_HELPER_CNT, &img);
	if (err) {
		KUNIT_EXPECT_TRUE_MSG(test, kt_jit_may_refuse(c),
				      "%s: not JITed (%d)", c->name, err);
		return;
	}
	want = kbpf_interp_run_env(c->insns, NULL, &kt_env);
	r0 = kbpf_test_run_jited(&img, NULL, &kt_env);
	kbpf_jit_image_free(&img);
	KUNIT_EXPECT_EQ_MSG(test, r0, want, "%s: JIT r0 %#llx, interpreter %#llx",
			    c->name, r0, want);
	KUNIT_EXPECT_EQ_MSG(test, r0, c->r0, "%s: JIT r0 %#llx, want %#llx",
			    c->name, r0, c->r0);
}

/* Points the ld_imm64 at @insn to @target. */
static void kt_set_imm64(struct kbpf_insn *insn, const void *target)
{
	u64 v = (unsigned long)target;

	insn[0].imm = (u32)v;
	insn[1].imm = v >> 32;
}

/*
 * A callback through the helper: each call a frame of its own, with
 * r6-r9 and the stack of the program untouched. 10 * (0 + 1 + 2 + 3).
 */
static void kbpf_interp_callback_test(struct kunit *test)
{
	struct kbpf_insn p[] = {
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_IMM(1, 4),
		KBPF_MOV64_IMM(3, 10),
		KBPF_MOV64_IMM(6, 0x66),
		KBPF_ST_MEM(KBPF_DW, 10, -8, 0x700),
		KBPF_CALL_HELPER(KT_HELPER_LOOP),
		KBPF_ALU64_REG(KBPF_ADD, 0, 6),
		KBPF_LDX_MEM(KBPF_DW, 1, 10, -8),
		KBPF_ALU64_REG(KBPF_ADD, 0, 1),
		KBPF_EXIT_INSN(),
		/* callback(i, ctx): i * ctx, through its own r10 - 8 */
		KBPF_MOV64_REG(0, 1),
		KBPF_ALU64_REG(KBPF_MUL, 0, 2),
		KBPF_STX_MEM(KBPF_DW, 10, 0, -8),
		KBPF_MOV64_IMM(6, 0),
		KBPF_LDX_MEM(KBPF_DW, 0, 10, -8),
		KBPF_EXIT_INSN(),
	};

	kt_set_imm64(&p[0], &p[11]);
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(p, NULL, &kt_env),
			60 + 0x66 + 0x700);
}

/*
 * Callbacks count against the frame limit of the run that called the
 * helper: cb(i, d) = d ? loop(1, cb, d - 1) + 1 : 1 takes d + 1 frames
 * on top of the caller's. The program passes d = ctx to the first one.
 */
static void kt_depth_prog(struct kbpf_insn *p, int at)
{
	const struct kbpf_insn body[] = {
		KBPF_MOV64_REG(3, 1),
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_IMM(1, 1),
		KBPF_CALL_HELPER(KT_HELPER_LOOP),
		KBPF_EXIT_INSN(),
		/* cb: at + 6 */
		KBPF_JMP_IMM(KBPF_JNE, 2, 0, 2),
		KBPF_MOV64_IMM(0, 1),
		KBPF_EXIT_INSN(),
		KBPF_MOV64_REG(3, 2),
		KBPF_ALU64_IMM(KBPF_SUB, 3, 1),
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_IMM(1, 1),
		KBPF_CALL_HELPER(KT_HELPER_LOOP),
		KBPF_ALU64_IMM(KBPF_ADD, 0, 1),
		KBPF_EXIT_INSN(),
	};

	memcpy(&p[at], body, sizeof(body));
	kt_set_imm64(&p[at + 1], &p[at + 6]);
	kt_set_imm64(&p[at + 11], &p[at + 6]);
}

#define KT_DEPTH_INSNS	17

static void kbpf_interp_callback_depth_test(struct kunit *test)
{
	struct kbpf_insn p[KT_DEPTH_INSNS];
	struct kbpf_insn q[2 + KT_DEPTH_INSNS] = {
		KBPF_CALL_REL(1),
		KBPF_EXIT_INSN(),
	};

	kt_depth_prog(p, 0);
	/* 1 + 7 frames, then 1 + 8 */
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(p, (void *)6, &kt_env), 7);
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(p, (void *)7, &kt_env), 0);
	/* The same from a subprogram: one frame more. */
	kt_depth_prog(q, 2);
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(q, (void *)5, &kt_env), 6);
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(q, (void *)6, &kt_env), 0);
	/* The run after a stopped one starts from one frame again. */
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(p, (void *)6, &kt_env), 7);
}

/*
 * A callback that stops the run: the helper's later callbacks do not
 * run and the program does not go on after the helper.
 */
static void kbpf_interp_callback_stop_test(struct kunit *test)
{
	struct kbpf_insn p[] = {
		KBPF_MOV64_REG(3, 1),
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_IMM(1, 5),
		KBPF_CALL_HELPER(KT_HELPER_LOOP),
		KBPF_MOV64_IMM(0, 99),
		KBPF_EXIT_INSN(),
		/* cb(i, counter): ++*counter, stop at i == 1 */
		KBPF_MOV64_IMM(3, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, 2, 3, 0),
		KBPF_JMP_IMM(KBPF_JNE, 1, 1, 1),
		KBPF_RAW_INSN(0, 0, 0, 0, 0),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
	};
	u64 counter = 0;

	kt_set_imm64(&p[1], &p[7]);
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(p, &counter, &kt_env), 0);
	KUNIT_EXPECT_EQ(test, counter, 2);
}

static struct kbpf_prog *kt_prog(struct kunit *test,
				 const struct kbpf_insn *insns, u32 len)
{
	struct kbpf_prog *prog;

	prog = kunit_kzalloc(test, struct_size(prog, insns, len), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prog);
	prog->len = len;
	memcpy(prog->insns, insns, len * sizeof(*insns));
	return prog;
}

static const struct kbpf_insn kt_ctx_plus_one[] = {
	KBPF_MOV64_REG(0, 1),
	KBPF_ALU64_IMM(KBPF_ADD, 0, 1),
	KBPF_EXIT_INSN(),
};

/* r2 = the prog array, r3 = @index; tail call; r0 = 1 if it failed */
static void kt_tail_call_prog(struct kbpf_insn *p, s32 index)
{
	const struct kbpf_insn body[] = {
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_MAP_FD, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_IMM(3, index),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_MOV64_IMM(0, 1),
		KBPF_EXIT_INSN(),
	};

	memcpy(p, body, sizeof(body));
	kt_set_imm64(p, &kt_prog_array);
}

/*
 * Tail calls replace the program of the frame (r1 stays the ctx); an
 * empty slot, an index out of range or the 34th attempt go on with the
 * next instruction.
 */
static void kbpf_interp_tail_call_test(struct kunit *test)
{
	struct kbpf_insn p[6];
	struct kbpf_insn self[] = {
		KBPF_LDX_MEM(KBPF_DW, 2, 1, 0),
		KBPF_ALU64_IMM(KBPF_ADD, 2, 1),
		KBPF_STX_MEM(KBPF_DW, 1, 2, 0),
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_MAP_FD, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_IMM(3, 2),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_LDX_MEM(KBPF_DW, 0, 1, 0),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_insn attempts[] = {
		KBPF_MOV64_IMM(6, 0),
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_MAP_FD, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_IMM(3, 1),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_ALU64_IMM(KBPF_SUB, 6, 1),
		KBPF_JMP_IMM(KBPF_JNE, 6, 0, -6),
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_MAP_FD, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_IMM(3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_MOV64_IMM(0, 1),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_insn from_sub[3 + ARRAY_SIZE(p)] = {
		KBPF_CALL_REL(2),
		KBPF_ALU64_IMM(KBPF_ADD, 0, 1000),
		KBPF_EXIT_INSN(),
	};
	u64 counter = 0;

	kt_set_imm64(&self[3], &kt_prog_array);
	kt_set_imm64(&attempts[1], &kt_prog_array);
	kt_set_imm64(&attempts[7], &kt_prog_array);
	kt_prog_slots[0] = kt_prog(test, kt_ctx_plus_one,
				   ARRAY_SIZE(kt_ctx_plus_one));
	kt_prog_slots[2] = kt_prog(test, self, ARRAY_SIZE(self));

	kt_tail_call_prog(p, 0);
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(p, (void *)41, &kt_env), 42);
	kt_tail_call_prog(p, 1);
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(p, (void *)41, &kt_env), 1);
	kt_tail_call_prog(p, 4);
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(p, (void *)41, &kt_env), 1);
	kt_tail_call_prog(p, -1);
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(p, (void *)41, &kt_env), 1);

	/* From a subprogram: the target's exit returns to the caller. */
	kt_tail_call_prog(&from_sub[3], 0);
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(from_sub, (void *)41,
						  &kt_env), 1042);

	/* The first run and KBPF_MAX_TAIL_CALLS tail calls. */
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(self, &counter, &kt_env),
			1 + KBPF_MAX_TAIL_CALLS);
	KUNIT_EXPECT_EQ(test, counter, 1 + KBPF_MAX_TAIL_CALLS);

	/* Attempts on an empty slot count, out of range ones do not. */
	attempts[0].imm = KBPF_MAX_TAIL_CALLS - 1;
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(attempts, (void *)41,
						  &kt_env), 42);
	attempts[0].imm = KBPF_MAX_TAIL_CALLS;
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(attempts, (void *)41,
						  &kt_env), 1);
	attempts[0].imm = 100;
	attempts[3].imm = 4;
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(attempts, (void *)41,
						  &kt_env), 42);

	memset(kt_prog_slots, 0, sizeof(kt_prog_slots));
}

/*
 * A run inside a helper (as an interrupt would start one) has its own
 * frames; afterwards the helper's callbacks belong to the outer run.
 */
static u64 kt_helper_nested(u64 inner, u64 callback, u64 r3, u64 r4, u64 r5)
{
	const struct kbpf_insn *entry = (void *)(unsigned long)callback;
	u64 ret;

	ret = kbpf_interp_run_env((void *)(unsigned long)inner, (void *)6,
				  &kt_env);
	return ret + kbpf_interp_call(entry, 0, 1000, 0, 0, 0);
}

static void kbpf_interp_nested_run_test(struct kunit *test)
{
	const kbpf_helper_fn helpers[] = {
		[KT_HELPER_ARGS] = kt_helper_nested,
		[KT_HELPER_LOOP] = kt_helper_loop,
	};
	const struct kbpf_interp_env env = {
		.helpers = helpers,
		.helper_cnt = ARRAY_SIZE(helpers),
		.stack_depth = KT_FRAME,
	};
	struct kbpf_insn inner[KT_DEPTH_INSNS];
	struct kbpf_insn p[] = {
		KBPF_LD_IMM64_1(1, 0, 0), KBPF_LD_IMM64_2(0),
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_CALL_REL(1),
		KBPF_EXIT_INSN(),
		/* a subprogram, to have frames in use when the helper runs */
		KBPF_CALL_HELPER(KT_HELPER_ARGS),
		KBPF_EXIT_INSN(),
		/* callback(i, ctx): ctx + 1 */
		KBPF_MOV64_REG(0, 2),
		KBPF_ALU64_IMM(KBPF_ADD, 0, 1),
		KBPF_EXIT_INSN(),
	};

	kt_depth_prog(inner, 0);
	kt_set_imm64(&p[0], inner);
	kt_set_imm64(&p[2], &p[8]);
	/* The inner run takes all 8 frames: 7, then the callback 1001. */
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(p, NULL, &env), 1008);
}

#ifdef KBPF_INTERP_CHECKED
/* The env allows the first two words of kt_words, the stack is free. */
static u64 kt_words[4];

static bool kt_check_words(const void *addr, u32 size, bool write)
{
	return addr >= (void *)kt_words && addr + size <= (void *)&kt_words[2];
}

static bool kt_check_nothing(const void *addr, u32 size, bool write)
{
	return false;
}

static void kbpf_interp_checked_test(struct kunit *test)
{
	struct kbpf_interp_env env = kt_env;
	struct kbpf_insn load[] = {
		KBPF_LDX_MEM(KBPF_DW, 0, 1, 8),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_insn stack[] = {
		KBPF_ST_MEM(KBPF_DW, 10, -KT_FRAME, 5),
		KBPF_LDX_MEM(KBPF_DW, 0, 10, -KT_FRAME),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_insn past_top[] = {
		KBPF_MOV64_IMM(0, 1),
		KBPF_ST_MEM(KBPF_W, 10, -2, 5),
		KBPF_EXIT_INSN(),
	};

	kt_words[1] = 9;
	kt_words[2] = 10;
	env.check_access = kt_check_words;
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(load, kt_words, &env), 9);
	load[0].off = 16;
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(load, kt_words, &env), 0);
	env.check_access = NULL;
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(load, kt_words, &env), 10);

	env.check_access = kt_check_nothing;
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(stack, NULL, &env), 5);
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(past_top, NULL, &env), 0);
}
#endif

/*
 * Fill about @depth KiB of the stack below the caller's frame with stale
 * bits, a frame of 1 KiB at a time (the frame size limit): the frames a
 * test calls next (kbpf_interp_run_env()'s struct kbpf_interp_run among
 * them) start over them.
 */
static noinline void kt_stale_stack(u32 depth)
{
	u8 junk[1024];

	memset(junk, 0xa5, sizeof(junk));
	if (depth > 1)
		kt_stale_stack(depth - 1);
	barrier_data(junk);
}

/*
 * A run sets its first state field by field, zeroing nothing first
 * (kbpf_interp_run_init()): over a stack of stale bits each run must
 * still start with no tail call spent, one frame, no callback recorded
 * and not stopped, or the counts of the tests it repeats go wrong.
 */
static void kbpf_interp_stale_stack_test(struct kunit *test)
{
	kt_stale_stack(4);
	kbpf_interp_tail_call_test(test);
	kt_stale_stack(4);
	kbpf_interp_callback_test(test);
	kt_stale_stack(4);
	kbpf_interp_callback_depth_test(test);
	kt_stale_stack(4);
	kbpf_interp_nested_run_test(test);
}

static struct kunit_case kbpf_interp_test_cases[] = {
	KUNIT_CASE_PARAM(kbpf_interp_case_test, kbpf_interp_gen_params),
	KUNIT_CASE_PARAM(kbpf_interp_jit_case_test, kbpf_interp_gen_params),
	KUNIT_CASE(kbpf_interp_callback_test),
	KUNIT_CASE(kbpf_interp_callback_depth_test),
	KUNIT_CASE(kbpf_interp_callback_stop_test),
	KUNIT_CASE(kbpf_interp_tail_call_test),
	KUNIT_CASE(kbpf_interp_nested_run_test),
	KUNIT_CASE(kbpf_interp_stale_stack_test),
#ifdef KBPF_INTERP_CHECKED
	KUNIT_CASE(kbpf_interp_checked_test),
#endif
	{}
};

static struct kunit_suite kbpf_interp_suite = {
	.name = "kbpf_interp",
	.test_cases = kbpf_interp_test_cases,
};

kunit_test_suite(kbpf_interp_suite);
