// SPDX-License-Identifier: GPL-2.0
/*
 * Tail calls and callbacks, JIT against interpreter: every scenario
 * builds its prog arrays and programs once with jit_enable=0 and once
 * with jit_enable=1 (each set in arrays of its own: JITed and
 * interpreted programs never share one), runs the first program with
 * RAW_TRACEPOINT test runs over a list of ctx vectors, and compares the
 * return value and a 16-slot result area (element 0 of a one-element
 * array, zeroed before each run). Every program of the JIT set must have
 * been JITed.
 *
 * Then the hostile part, JITed only: a prog array whose slots are
 * cleared (last user fd closed) and refilled with freshly loaded targets
 * while another thread keeps running tail calls into them (the run must
 * return one of its two values; the debug kernel judges the rest), and
 * programs the verifier must refuse whatever the JIT (recursion through
 * bpf_loop, a tail call from a callback).
 *
 *   jit_calls [SECONDS]   race duration, default 5
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tools/lib/kbpf/kbpf.h"
#include "tools/lib/kbpf/asm.h"
#include "tools/lib/kbpf/asm_regs.h"
#include "jitfuzz_common.h"

#define RAW_TP		KBPF_PROG_TYPE_RAW_TRACEPOINT
#define NRES		16
#define MAXPROGS	40
#define MAXVEC		40

static int fails, groups, notjited, runs;
/* Loads @a as a RAW_TRACEPOINT program; -1 (and the log) on failure. */
static int load(struct kbpf_asm *a, const char *what, int quiet)
{
	return jf_load(a, RAW_TP, "jc", what, quiet);
}

/* dst = &res[slot]: element 0 of the one-element result array. */
static void ld_res(struct kbpf_asm *a, int dst, int res, int slot)
{
	KBPF_ASM(a, KBPF_LD_IMM64_1(dst, KBPF_PSEUDO_MAP_VALUE, res));
	KBPF_ASM(a, KBPF_RAW_INSN(0, 0, 0, 0, slot * 8));
}

/* ld_imm64 of a callback; patch_func() aims it once the callback is placed. */
static unsigned int ld_func(struct kbpf_asm *a, int dst)
{
	unsigned int at = a->n;

	KBPF_ASM(a, KBPF_LD_IMM64_1(dst, KBPF_PSEUDO_FUNC, 0));
	KBPF_ASM(a, KBPF_LD_IMM64_2(0));
	return at;
}

static void patch_func(struct kbpf_asm *a, unsigned int at, unsigned int cb)
{
	a->insn[at].imm = (int)cb - (int)at - 1;
}

/* r0 = @imm; exit */
static void ret_imm(struct kbpf_asm *a, int imm)
{
	KBPF_ASM(a, KBPF_MOV64_IMM(R0, imm));
	KBPF_ASM(a, KBPF_EXIT_INSN());
}

/* r1 = r6 (ctx); r2 = @arr; r3 = @idx_reg; tail call */
static void tail_call(struct kbpf_asm *a, int arr, int idx_reg)
{
	KBPF_ASM(a, KBPF_MOV64_REG(R3, idx_reg));
	jf_tail_call(a, arr);
}

/* The objects of one scenario on one side. */
struct side {
	int res, arr, aux;
	int progs[MAXPROGS];
	int nprogs;
};

typedef void (*build_fn)(struct side *s, int jit);

static void add_prog(struct side *s, int fd)
{
	if (fd < 0) {
		fails++;
		return;
	}
	s->progs[s->nprogs++] = fd;
}

/*
 * self: count runs in res[0]; tail call slot ctx[1] while res[0] <
 * ctx[0]; then res[1] = the count once more and return 1000 + count.
 * Slot 0 holds it, slot 2 stays empty, max_entries 4.
 */
static void build_self(struct side *s, int jit)
{
	struct kbpf_asm a;

	s->res = jf_map_create(KBPF_MAP_TYPE_ARRAY, "jc", NRES * 8, 1);
	s->arr = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "jc", 4, 4);
	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	ld_res(&a, R7, s->res, 0);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R7, 0));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R1, 1));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 0));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R2, R6, 0));
	kbpf_asm_jmp_reg(&a, KBPF_JGE, R1, R2, 1);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R8, R6, 8));
	tail_call(&a, s->arr, R8);
	kbpf_asm_label(&a, 1);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R0, R7, 0));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R0, 8));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R0, 1000));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	add_prog(s, load(&a, "self", 0));
	if (s->nprogs)
		jf_slot(s->arr, 0, s->progs[0], &fails);
	(void)jit;
}

/*
 * chain: program i adds i + 1 to res[0] * 64 (the path taken), counts
 * in res[1], tail calls slot i + 1, and returns 2000 + i if that falls
 * through; slot ctx[0] % 36 is left empty when ctx[1] is set.
 */
#define CHAIN	36

static void build_chain(struct side *s, int jit)
{
	struct kbpf_asm a;
	int i;

	s->res = jf_map_create(KBPF_MAP_TYPE_ARRAY, "jc", NRES * 8, 1);
	s->arr = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "jc", 4, CHAIN + 2);
	for (i = 0; i < CHAIN; i++) {
		kbpf_asm_init(&a);
		KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
		ld_res(&a, R7, s->res, 0);
		KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R7, 0));
		KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_MUL, R1, 64));
		KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R1, i + 1));
		KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 0));
		KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R7, 8));
		KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R1, 1));
		KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 8));
		KBPF_ASM(&a, KBPF_MOV64_IMM(R8, i + 1));
		tail_call(&a, s->arr, R8);
		KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 2000 + i));
		KBPF_ASM(&a, KBPF_EXIT_INSN());
		add_prog(s, load(&a, "chain", 0));
	}
	for (i = 0; i < s->nprogs; i++)
		jf_slot(s->arr, i, s->progs[i], &fails);
	(void)jit;
}

/* Before each chain run: the slot to leave empty, if any. */
static void prep_chain(struct side *s, const __u64 *ctx)
{
	__u32 k = ctx[0] % CHAIN;
	int i;

	for (i = 0; i < s->nprogs; i++)
		jf_slot(s->arr, i, s->progs[i], &fails);
	if (ctx[1] && k)
		kbpf_map_delete_elem(s->arr, &k);
}

/*
 * stack: p0 (depth 256) writes three slots and tail calls p1 (depth 8),
 * which reads r10 - 8 uninitialized (p0's value) and tail calls p2
 * (depth 512), which reads r10 - 8, - 16, - 256 and - 512: bytes p1 gave
 * up and p2 took back start cleared. Results in res[0..4].
 */
static void build_stack(struct side *s, int jit)
{
	struct kbpf_asm a;

	s->res = jf_map_create(KBPF_MAP_TYPE_ARRAY, "jc", NRES * 8, 1);
	s->arr = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "jc", 4, 4);
	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R6, 0));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R10, R1, -8));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R1, 1));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R10, R1, -16));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R1, 1));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R10, R1, -256));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R8, 1));
	tail_call(&a, s->arr, R8);
	ret_imm(&a, 1);
	add_prog(s, load(&a, "stack p0", 0));

	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	ld_res(&a, R7, s->res, 0);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 0));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R8, 2));
	tail_call(&a, s->arr, R8);
	ret_imm(&a, 2);
	add_prog(s, load(&a, "stack p1", 0));

	kbpf_asm_init(&a);
	ld_res(&a, R7, s->res, 0);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 8));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -16));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 16));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -256));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 24));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -512));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 32));
	ret_imm(&a, 3);
	add_prog(s, load(&a, "stack p2", 0));
	if (s->nprogs == 3) {
		jf_slot(s->arr, 0, s->progs[0], &fails);
		jf_slot(s->arr, 1, s->progs[1], &fails);
		jf_slot(s->arr, 2, s->progs[2], &fails);
	}
	(void)jit;
}

/*
 * callbacks: st = { acc = ctx[2], stop = ctx[1] } on the stack;
 * r = bpf_loop(ctx[0], cb1, &st). cb1(i, &st): acc = acc * 3 + i + 1;
 * bpf_loop(2, cb2, &st); stop after i == stop. cb2(i, &st): acc += 7 * i
 * + 5, written through a copy on its own stack. res[0] = acc, res[1] = r;
 * returns acc. Then tail calls slot 1 (cbtail, with a loop of its own
 * over res) when ctx[3] is set.
 */
static void build_callbacks(struct side *s, int jit)
{
	unsigned int f1, f2, f3, cb1, cb2, cb3;
	struct kbpf_asm a;

	s->res = jf_map_create(KBPF_MAP_TYPE_ARRAY, "jc", NRES * 8, 1);
	s->arr = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "jc", 4, 4);
	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	ld_res(&a, R7, s->res, 0);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R6, 16));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R10, R1, -16));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R6, 8));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R10, R1, -8));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R6, 0));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_AND, R1, 0xff));
	f1 = ld_func(&a, R2);
	KBPF_ASM(&a, KBPF_MOV64_REG(R3, R10));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R3, -16));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R0, 8));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R0, R10, -16));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R0, 0));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R8, R6, 24));
	kbpf_asm_jmp_imm(&a, KBPF_JEQ, R8, 0, 1);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R8, 1));
	tail_call(&a, s->arr, R8);
	kbpf_asm_label(&a, 1);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R0, R10, -16));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	/* cb1(r1 = i, r2 = &st) */
	cb1 = a.n;
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	KBPF_ASM(&a, KBPF_MOV64_REG(R7, R2));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R3, R2, 0));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_MUL, R3, 3));
	KBPF_ASM(&a, KBPF_ALU64_REG(KBPF_ADD, R3, R1));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R3, 1));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R2, R3, 0));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R1, 2));
	f2 = ld_func(&a, R2);
	KBPF_ASM(&a, KBPF_MOV64_REG(R3, R7));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R7, 8));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 0));
	kbpf_asm_jmp_reg(&a, KBPF_JNE, R6, R1, 2);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 1));
	kbpf_asm_label(&a, 2);
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	/* cb2(r1 = i, r2 = &st) */
	cb2 = a.n;
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R3, R2, 0));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R10, R3, -8));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R3, R10, -8));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_MUL, R1, 7));
	KBPF_ASM(&a, KBPF_ALU64_REG(KBPF_ADD, R3, R1));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R3, 5));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R2, R3, 0));
	ret_imm(&a, 0);
	patch_func(&a, f1, cb1);
	patch_func(&a, f2, cb2);
	add_prog(s, load(&a, "callbacks", 0));

	/*
	 * slot 1: st = 5; res[2] = bpf_loop(ctx[0] & 7, cb3, &st);
	 * cb3: st = st * 2 + i; res[3] = st
	 */
	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R1, 0));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_AND, R1, 7));
	KBPF_ASM(&a, KBPF_ST_MEM(KBPF_DW, R10, -8, 5));
	f3 = ld_func(&a, R2);
	KBPF_ASM(&a, KBPF_MOV64_REG(R3, R10));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R3, -8));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
	ld_res(&a, R7, s->res, 0);
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R0, 16));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 24));
	ret_imm(&a, 77);
	cb3 = a.n;
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R3, R2, 0));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_LSH, R3, 1));
	KBPF_ASM(&a, KBPF_ALU64_REG(KBPF_ADD, R3, R1));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R2, R3, 0));
	ret_imm(&a, 0);
	patch_func(&a, f3, cb3);
	add_prog(s, load(&a, "cbtail", 0));
	if (s->nprogs == 2)
		jf_slot(s->arr, 1, s->progs[1], &fails);
	(void)jit;
}

/*
 * deep: p0 (depth 512, written) tail calls p1, whose main and seven
 * nested bpf_loop callbacks each take 64 bytes of stack: eight frames
 * and the whole 512 bytes. acc = ctx[0] at main's r10 - 8, its address
 * the callbacks' ctx. Level k: r10 - 64 = i + 1000 k; loop(2, next,
 * ctx); then acc = acc * 3 + r10[-64] (its own frame survived the deeper
 * ones); innermost: acc = acc * 5 + i + 7000. res[0] = acc.
 */
#define DEPTH	8

static void build_deep(struct side *s, int jit)
{
	unsigned int f[DEPTH], cb[DEPTH];
	struct kbpf_asm a;
	int k;

	s->res = jf_map_create(KBPF_MAP_TYPE_ARRAY, "jc", NRES * 8, 1);
	s->arr = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "jc", 4, 4);
	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	for (k = 8; k <= 512; k += 8)
		KBPF_ASM(&a, KBPF_ST_MEM(KBPF_DW, R10, -k, k));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R8, 1));
	tail_call(&a, s->arr, R8);
	ret_imm(&a, 1);
	add_prog(s, load(&a, "deep p0", 0));

	kbpf_asm_init(&a);
	ld_res(&a, R7, s->res, 0);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R1, 0));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R10, R1, -8));
	KBPF_ASM(&a, KBPF_ST_MEM(KBPF_DW, R10, -64, 1));
	KBPF_ASM(&a, KBPF_MOV64_REG(R3, R10));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R3, -8));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R1, 2));
	f[0] = ld_func(&a, R2);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 0));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -64));
	KBPF_ASM(&a, KBPF_ALU64_REG(KBPF_ADD, R0, R1));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	for (k = 1; k < DEPTH; k++) {
		cb[k - 1] = a.n;
		/* r1 = i, r2 = &acc */
		KBPF_ASM(&a, KBPF_MOV64_REG(R6, R2));
		KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R1, k * 1000));
		KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R10, R1, -64));
		if (k + 1 < DEPTH) {
			KBPF_ASM(&a, KBPF_MOV64_REG(R3, R6));
			KBPF_ASM(&a, KBPF_MOV64_IMM(R1, 2));
			f[k] = ld_func(&a, R2);
			KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
			KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
			/* this frame's stack survived the deeper ones */
			KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -64));
			KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R3, R6, 0));
			KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_MUL, R3, 3));
		} else {
			KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R3, R6, 0));
			KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_MUL, R3, 5));
		}
		KBPF_ASM(&a, KBPF_ALU64_REG(KBPF_ADD, R3, R1));
		KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R6, R3, 0));
		ret_imm(&a, 0);
	}
	for (k = 0; k < DEPTH - 1; k++)
		patch_func(&a, f[k], cb[k]);
	add_prog(s, load(&a, "deep p1", 0));
	if (s->nprogs == 2)
		jf_slot(s->arr, 1, s->progs[1], &fails);
	(void)jit;
}

/*
 * for_each: an 8-element array of ctx-derived values; the callback folds
 * key and value into st.sum and stops at key == ctx[1]. res[0] = sum,
 * res[1] = the helper's return.
 */
static void build_for_each(struct side *s, int jit)
{
	unsigned int f, cb;
	struct kbpf_asm a;

	s->res = jf_map_create(KBPF_MAP_TYPE_ARRAY, "jc", NRES * 8, 1);
	s->aux = jf_map_create(KBPF_MAP_TYPE_ARRAY, "jc", 8, 8);
	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	ld_res(&a, R7, s->res, 0);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R6, 8));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R10, R1, -8));
	KBPF_ASM(&a, KBPF_ST_MEM(KBPF_DW, R10, -16, 3));
	kbpf_asm_ld_map(&a, R1, s->aux);
	f = ld_func(&a, R2);
	KBPF_ASM(&a, KBPF_MOV64_REG(R3, R10));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R3, -16));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_for_each_map_elem));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R0, 8));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R0, R10, -16));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R0, 0));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	/* cb(r1 map, r2 key, r3 value, r4 &st) */
	cb = a.n;
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_W, R2, R2, 0));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R3, R3, 0));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R5, R4, 0));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_MUL, R5, 31));
	KBPF_ASM(&a, KBPF_ALU64_REG(KBPF_ADD, R5, R3));
	KBPF_ASM(&a, KBPF_ALU64_REG(KBPF_ADD, R5, R2));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R4, R5, 0));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R5, R4, 8));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 0));
	kbpf_asm_jmp_reg(&a, KBPF_JNE, R2, R5, 1);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 1));
	kbpf_asm_label(&a, 1);
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	patch_func(&a, f, cb);
	add_prog(s, load(&a, "for_each", 0));
	(void)jit;
}

static void prep_for_each(struct side *s, const __u64 *ctx)
{
	__u32 k;
	__u64 v;

	for (k = 0; k < 8; k++) {
		v = ctx[2] * (k + 1) ^ ctx[0];
		kbpf_map_update_elem(s->aux, &k, &v, 0);
	}
}

/*
 * inherit: p0 (depth 64: r10 - 8 = ctx[0], r10 - 64 = 3 ctx[0]) calls f
 * (depth 128, written, a helper call) and bpf_loop(2, cb, r10 - 64),
 * whose cb (depth 256, written) adds i + 5 to it; then tail calls p1
 * (depth 512), which folds all 64 of its slots into res[0] (p0's two
 * survive, every other byte starts cleared, whatever f, cb and the
 * helper left below p0's frame), keeps four in res[1..4], writes r10 -
 * 104 and tail calls p2, which never names r10 but calls g (depth 256:
 * res[5..6] its first read of r10 - 8 and - 256) and tail calls p3
 * (depth 512: res[7..10] r10 - 8, - 104, - 256, - 512, all cleared).
 */
static void build_inherit(struct side *s, int jit)
{
	unsigned int f, cb;
	struct kbpf_asm a;
	int k;

	s->res = jf_map_create(KBPF_MAP_TYPE_ARRAY, "jc", NRES * 8, 1);
	s->arr = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "jc", 4, 4);
	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R6, 0));
	/*
	 * The inlined bpf_loop() keeps r6-r8 in slots just below p0's own,
	 * which p1 inherits: no ctx address (it differs between the two
	 * runs) may be among them. r9 keeps it meanwhile.
	 */
	KBPF_ASM(&a, KBPF_MOV64_REG(R9, R6));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R6, 0));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R10, R1, -8));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_MUL, R1, 3));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R10, R1, -64));
	kbpf_asm_call_sub(&a, 1);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R1, 2));
	f = ld_func(&a, R2);
	KBPF_ASM(&a, KBPF_MOV64_REG(R3, R10));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R3, -64));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R9));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R8, 1));
	tail_call(&a, s->arr, R8);
	ret_imm(&a, 1);
	/* f: 128 bytes written, a helper call below them */
	kbpf_asm_label(&a, 1);
	for (k = 1; k <= 16; k++)
		KBPF_ASM(&a, KBPF_ST_MEM(KBPF_DW, R10, -8 * k, 0x1111 * k));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_ktime_get_ns));
	ret_imm(&a, 0);
	/* cb(r1 = i, r2 = p0's r10 - 64) */
	cb = a.n;
	KBPF_ASM(&a, KBPF_ST_MEM(KBPF_DW, R10, -256, 0x77));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R3, R2, 0));
	KBPF_ASM(&a, KBPF_ALU64_REG(KBPF_ADD, R3, R1));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R3, 5));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R2, R3, 0));
	ret_imm(&a, 0);
	patch_func(&a, f, cb);
	add_prog(s, load(&a, "inherit p0", 0));

	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	ld_res(&a, R7, s->res, 0);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R3, 0));
	for (k = 1; k <= 64; k++) {
		KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -8 * k));
		KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_MUL, R1, 2 * k + 1));
		KBPF_ASM(&a, KBPF_ALU64_REG(KBPF_ADD, R3, R1));
	}
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R3, 0));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 8));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -64));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 16));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -72));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 24));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -512));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 32));
	KBPF_ASM(&a, KBPF_ST_MEM(KBPF_DW, R10, -104, 0x99));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R8, 2));
	tail_call(&a, s->arr, R8);
	ret_imm(&a, 2);
	add_prog(s, load(&a, "inherit p1", 0));

	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	kbpf_asm_call_sub(&a, 1);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R8, 3));
	tail_call(&a, s->arr, R8);
	ret_imm(&a, 3);
	/* g: reads before it writes */
	kbpf_asm_label(&a, 1);
	ld_res(&a, R7, s->res, 0);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 40));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -256));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 48));
	KBPF_ASM(&a, KBPF_ST_MEM(KBPF_DW, R10, -8, 0x55));
	ret_imm(&a, 0);
	add_prog(s, load(&a, "inherit p2", 0));

	kbpf_asm_init(&a);
	ld_res(&a, R7, s->res, 0);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -8));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 56));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -104));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 64));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -256));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 72));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R10, -512));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 80));
	ret_imm(&a, 77);
	add_prog(s, load(&a, "inherit p3", 0));
	for (k = 1; k < s->nprogs; k++)
		jf_slot(s->arr, k, s->progs[k], &fails);
	(void)jit;
}

/*
 * selfdeep: each run counts itself in res[0], nests bpf_loop() seven
 * deep (eight frames: the innermost counts in res[1]) and tail calls
 * itself while res[0] < ctx[0]: a tail call leaves no frame behind, so
 * the 34th run still gets all eight. Returns 1000 + res[0].
 */
#define SELFDEEP_CBS	7
static void build_selfdeep(struct side *s, int jit)
{
	unsigned int ld[SELFDEEP_CBS], cb[SELFDEEP_CBS];
	struct kbpf_asm a;
	int k;

	s->res = jf_map_create(KBPF_MAP_TYPE_ARRAY, "jc", NRES * 8, 1);
	s->arr = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "jc", 4, 1);
	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	ld_res(&a, R7, s->res, 0);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R7, 0));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R1, 1));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 0));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R1, 1));
	ld[0] = ld_func(&a, R2);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R3, 0));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R7, 0));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R2, R6, 0));
	kbpf_asm_jmp_reg(&a, KBPF_JGE, R1, R2, 1);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R8, 0));
	tail_call(&a, s->arr, R8);
	kbpf_asm_label(&a, 1);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R0, R7, 0));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R0, 1000));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	for (k = 0; k < SELFDEEP_CBS; k++) {
		cb[k] = a.n;
		if (k + 1 < SELFDEEP_CBS) {
			KBPF_ASM(&a, KBPF_MOV64_IMM(R1, 1));
			ld[k + 1] = ld_func(&a, R2);
			KBPF_ASM(&a, KBPF_MOV64_IMM(R3, 0));
			KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
			KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
		} else {
			ld_res(&a, R7, s->res, 0);
			KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R7, 8));
			KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R1, 1));
			KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 8));
		}
		ret_imm(&a, 0);
	}
	for (k = 0; k < SELFDEEP_CBS; k++)
		patch_func(&a, ld[k], cb[k]);
	add_prog(s, load(&a, "selfdeep", 0));
	if (s->nprogs)
		jf_slot(s->arr, 0, s->progs[0], &fails);
	(void)jit;
}

static void side_close(struct side *s)
{
	int i;

	for (i = 0; i < s->nprogs; i++)
		close(s->progs[i]);
	if (s->res > 0)
		close(s->res);
	if (s->arr > 0)
		close(s->arr);
	if (s->aux > 0)
		close(s->aux);
	memset(s, 0, sizeof(*s));
}

/* One run: retval and the result area, zeroed before. */
static int run_one(struct side *s, const __u64 *ctx, __u64 *out)
{
	struct kbpf_test_run_opts r = { .sz = sizeof(r) };
	__u64 zero[NRES] = { 0 };
	__u32 k = 0;

	if (kbpf_map_update_elem(s->res, &k, zero, 0))
		return -1;
	r.ctx_in = ctx;
	r.ctx_size_in = 4 * 8;
	if (kbpf_prog_test_run_opts(s->progs[0], &r))
		return -1;
	runs++;
	out[0] = r.retval;
	return kbpf_map_lookup_elem(s->res, &k, out + 1);
}

typedef void (*prep_fn)(struct side *s, const __u64 *ctx);

static void scenario(const char *name, build_fn build, prep_fn prep,
		     __u64 (*vecs)[4], int nvec)
{
	static __u64 out[2][MAXVEC][NRES + 1];
	struct side s[2];
	int jit, v, i;

	groups++;
	memset(s, 0, sizeof(s));
	for (jit = 0; jit < 2; jit++) {
		jf_set_jit(jit);
		build(&s[jit], jit);
		for (i = 0; jit && i < s[jit].nprogs; i++)
			if (!jf_jited_len(s[jit].progs[i])) {
				printf("NOTJITED %s prog %d\n", name, i);
				notjited++;
			}
	}
	if (!s[0].nprogs || s[0].nprogs != s[1].nprogs) {
		printf("SKIP %s: programs did not load\n", name);
		fails++;
		goto out;
	}
	for (v = 0; v < nvec; v++) {
		for (jit = 0; jit < 2; jit++) {
			if (prep)
				prep(&s[jit], vecs[v]);
			if (run_one(&s[jit], vecs[v], out[jit][v])) {
				printf("RUNFAIL %s vec %d jit %d errno %d\n",
				       name, v, jit, errno);
				fails++;
				goto out;
			}
		}
		for (i = 0; i <= NRES; i++) {
			if (out[0][v][i] == out[1][v][i])
				continue;
			fails++;
			printf("DIFF %s vec %d %s%d: interp %#llx jit %#llx\n",
			       name, v, i ? "res" : "retval", i ? i - 1 : 0,
			       (unsigned long long)out[0][v][i],
			       (unsigned long long)out[1][v][i]);
		}
		printf("  %s vec %d: retval %llu res0 %#llx res1 %#llx\n", name,
		       v, (unsigned long long)out[1][v][0],
		       (unsigned long long)out[1][v][1],
		       (unsigned long long)out[1][v][2]);
	}
out:
	side_close(&s[0]);
	side_close(&s[1]);
}

static __u64 self_vecs[][4] = {
	{ 0, 0 }, { 1, 0 }, { 2, 0 }, { 32, 0 }, { 33, 0 }, { 34, 0 },
	{ 35, 0 }, { 1000, 0 },
	{ 1000, 2 },			/* empty slot: one attempt, counted */
	{ 1000, 3 },			/* empty slot at the end */
	{ 1000, 4 },			/* index == max_entries */
	{ 1000, 0xffffffffull },	/* index far out */
	{ 1000, 0x100000000ull },	/* 32-bit index: slot 0 */
	{ 1000, 0xffffffff00000002ull },/* slot 2, upper bits ignored */
};

static __u64 chain_vecs[][4] = {
	{ 0, 0 }, { 5, 1 }, { 20, 1 }, { 33, 1 }, { 34, 1 }, { 35, 1 },
	{ 1, 1 },
};

static __u64 stack_vecs[][4] = {
	{ 0x1000 }, { 0xdead0000beefull }, { -3ull },
};

static __u64 cb_vecs[][4] = {
	{ 0, 0, 1, 0 }, { 1, 0, 1, 0 }, { 5, 1000, 2, 0 }, { 5, 3, 2, 0 },
	{ 9, 0, 7, 1 }, { 100, 1000, 1, 1 }, { 255, 200, 3, 1 },
	{ 6, 5, 0, 1 },
};

static __u64 deep_vecs[][4] = {
	{ 0 }, { 1 }, { 12345 },
};

static __u64 inherit_vecs[][4] = {
	{ 0 }, { 1 }, { 0x123456789abcdefull },
};

static __u64 selfdeep_vecs[][4] = {
	{ 0 }, { 1 }, { 33 }, { 34 }, { 40 },
};

static __u64 fe_vecs[][4] = {
	{ 1, 100, 3 }, { 0x55, 0, 7 }, { 9, 3, 11 }, { 2, 7, 0 },
};

#define NV(x)	((int)(sizeof(x) / sizeof(x[0])))

/*
 * The race: slot 0 of a JITed prog array is cleared (last user fd of the
 * array closed) and refilled with a freshly loaded target while another
 * thread test-runs a program that tail calls into it; the target spins
 * in bpf_loop to stay in flight. Every run returns 3 (empty slot) or 7.
 */
static volatile int race_stop;
static int race_caller, race_bad, race_runs;

static void *race_runner(void *arg)
{
	__u64 ctx[4] = { 0 };

	while (!race_stop) {
		struct kbpf_test_run_opts r = { .sz = sizeof(r) };

		r.ctx_in = ctx;
		r.ctx_size_in = sizeof(ctx);
		if (kbpf_prog_test_run_opts(race_caller, &r) ||
		    (r.retval != 3 && r.retval != 7))
			race_bad++;
		race_runs++;
	}
	return arg;
}

static int race_target(void)
{
	unsigned int f, cb;
	struct kbpf_asm a;

	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R1, 2000));
	f = ld_func(&a, R2);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R3, 0));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
	ret_imm(&a, 7);
	cb = a.n;
	ret_imm(&a, 0);
	patch_func(&a, f, cb);
	return load(&a, "race target", 0);
}

static void race(int seconds)
{
	struct kbpf_map_info info;
	__u32 len = sizeof(info), id;
	int arr, fd, t, rounds = 0;
	struct kbpf_asm a;
	pthread_t th;
	time_t end;

	jf_set_jit(1);
	arr = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "jc", 4, 4);
	memset(&info, 0, sizeof(info));
	if (kbpf_map_get_info_by_fd(arr, &info, &len)) {
		perror("map info");
		exit(2);
	}
	id = info.id;
	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R8, 0));
	tail_call(&a, arr, R8);
	ret_imm(&a, 3);
	race_caller = load(&a, "race caller", 0);
	if (race_caller < 0) {
		fails++;
		return;
	}
	if (pthread_create(&th, NULL, race_runner, NULL)) {
		perror("pthread_create");
		exit(2);
	}
	end = time(NULL) + seconds;
	while (time(NULL) < end) {
		t = race_target();
		if (t < 0) {
			fails++;
			break;
		}
		jf_slot(arr, 0, t, &fails);
		close(t);
		/* the caller holds the map: only the user reference goes */
		close(arr);
		usleep(rounds % 3 * 1000);
		arr = kbpf_map_get_fd_by_id(id);
		if (arr < 0) {
			perror("map_get_fd_by_id");
			fails++;
			break;
		}
		rounds++;
	}
	race_stop = 1;
	pthread_join(th, NULL);
	if (arr >= 0)
		close(arr);
	close(race_caller);
	printf("race: %d refills, %d runs, %d bad\n", rounds, race_runs,
	       race_bad);
	fd = race_bad ? 1 : 0;
	fails += fd;
}

/*
 * Programs no verifier takes, whatever jit_enable says: a callback that
 * passes itself to bpf_loop, and a tail call inside a callback.
 */
static void refused(void)
{
	unsigned int f1, f2, cb;
	struct kbpf_asm a;
	int jit, fd, prog_arr;

	prog_arr = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "jc", 4, 4);
	for (jit = 0; jit < 2; jit++) {
		jf_set_jit(jit);
		kbpf_asm_init(&a);
		KBPF_ASM(&a, KBPF_MOV64_IMM(R1, 3));
		f1 = ld_func(&a, R2);
		KBPF_ASM(&a, KBPF_MOV64_IMM(R3, 0));
		KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
		KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
		ret_imm(&a, 0);
		cb = a.n;
		KBPF_ASM(&a, KBPF_MOV64_IMM(R1, 3));
		f2 = ld_func(&a, R2);
		KBPF_ASM(&a, KBPF_MOV64_IMM(R3, 0));
		KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
		KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
		ret_imm(&a, 0);
		patch_func(&a, f1, cb);
		patch_func(&a, f2, cb);
		fd = load(&a, "recursion", 1);
		printf("recursion through bpf_loop, jit %d: %s (errno %d)\n",
		       jit, fd < 0 ? "refused" : "LOADED", fd < 0 ? errno : 0);
		if (fd >= 0) {
			fails++;
			close(fd);
		}

		kbpf_asm_init(&a);
		KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
		KBPF_ASM(&a, KBPF_MOV64_IMM(R1, 3));
		f1 = ld_func(&a, R2);
		KBPF_ASM(&a, KBPF_MOV64_REG(R3, R6));
		KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
		KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
		ret_imm(&a, 0);
		cb = a.n;
		KBPF_ASM(&a, KBPF_MOV64_REG(R6, R2));
		KBPF_ASM(&a, KBPF_MOV64_IMM(R8, 0));
		tail_call(&a, prog_arr, R8);
		ret_imm(&a, 0);
		patch_func(&a, f1, cb);
		fd = load(&a, "tail call in callback", 1);
		printf("tail call in a callback, jit %d: %s (errno %d)\n", jit,
		       fd < 0 ? "refused" : "LOADED", fd < 0 ? errno : 0);
		if (fd >= 0) {
			fails++;
			close(fd);
		}
	}
	close(prog_arr);
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 5;

	scenario("self", build_self, NULL, self_vecs, NV(self_vecs));
	scenario("chain", build_chain, prep_chain, chain_vecs, NV(chain_vecs));
	scenario("stack", build_stack, NULL, stack_vecs, NV(stack_vecs));
	scenario("callbacks", build_callbacks, NULL, cb_vecs, NV(cb_vecs));
	scenario("deep", build_deep, NULL, deep_vecs, NV(deep_vecs));
	scenario("for_each", build_for_each, prep_for_each, fe_vecs,
		 NV(fe_vecs));
	scenario("inherit", build_inherit, NULL, inherit_vecs,
		 NV(inherit_vecs));
	scenario("selfdeep", build_selfdeep, NULL, selfdeep_vecs,
		 NV(selfdeep_vecs));
	refused();
	if (seconds > 0)
		race(seconds);
	printf("jit_calls: %d groups, %d runs, %d not JITed, %d failures\n",
	       groups, runs, notjited, fails);
	if (system("cat /sys/kernel/debug/kbpf/jit")) {
		/* the counters are informative only */
	}
	return fails || notjited;
}
