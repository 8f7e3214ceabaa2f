// SPDX-License-Identifier: GPL-2.0
/*
 * Programs: sleepable SYSCALL programs run by PROG_TEST_RUN with a 16-byte
 * ctx {u64 in, u64 out}. Each loops inside itself with a bounded loop
 * (constant bounds, so Linux 6.12's verifier walks it; no callbacks, no
 * `repeat`), so one call does thousands of iterations.
 *
 *   prog_{array,hash}_lookup   1024 map_lookup_elem() of keys (in + i) & mask
 *   prog_{array,hash}_update   1024 map_update_elem(ANY)
 *   prog_hash_delete_insert    1024 x (map_delete_elem + map_update_elem)
 *   interp_fnv1a_4k            FNV-1a 64 over a 4 KiB map value, 4 times
 *   interp_jhash32_4k          jhash's mix over the same buffer, ALU32 only
 *   interp_state_machine_1k    a branchy 8-state machine over 1 KiB of it
 *   interp_call_chain          2048 x a chain of 4 nested bpf-to-bpf calls
 *   prog_bpf_loop              bpf_loop(1024, cb, fp - 8, 0), cb folding its
 *                              index into *ctx: flags a known 0, so Linux
 *                              6.12 and kbpf inline the loop; a callback,
 *                              so against Linux's JIT only
 *   prog_bpf_loop_helper       the same with flags in >> 63 (0 when run,
 *                              not known to the verifier): the helper
 *
 * The maps of the prog_* benchmarks hold cfg.entries u32 keys 0..n-1.
 */
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"

#define MAP_ITERS	1024
#define BUF_SIZE	4096
#define FNV_PASSES	4
#define JHASH_PASSES	4
#define JHASH_WORDS	(BUF_SIZE / 12)		/* 341 triples */
#define SM_BYTES	1024
#define CHAIN_ITERS	2048
#define CHAIN_DEPTH	4
#define LOOP_ITERS	1024

enum prog_kind { P_LOOKUP, P_UPDATE, P_DEL_INS, P_FNV, P_JHASH, P_SM,
		 P_CHAIN, P_LOOP, P_LOOP_HELPER };

struct prog_arg {
	enum prog_kind kind;
	__u32 map_type;		/* P_LOOKUP..P_DEL_INS */
	__u64 ops_per_run;	/* 0: MAP_ITERS */
};

struct prog_state {
	const struct prog_arg *arg;
	int fd, map_fd;
	__u64 ctx[2];
	__u64 base;
};

static struct kbpf_asm prog;

/* r0 = lookup(map, &(u32)0) on the stack; exit 0 when NULL; r7 = r0. */
static void emit_buf_lookup(struct kbpf_asm *a, int map_fd, int l_ok)
{
	I(a, KBPF_ST_MEM(KBPF_W, R10, -4, 0));
	kbpf_asm_ld_map(a, R1, map_fd);
	I(a, KBPF_MOV64_REG(R2, R10));
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R2, -4));
	I(a, KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
	kbpf_asm_jmp_imm(a, KBPF_JNE, R0, 0, l_ok);
	I(a, KBPF_MOV64_IMM(R0, 0));
	I(a, KBPF_EXIT_INSN());
	kbpf_asm_label(a, l_ok);
	I(a, KBPF_MOV64_REG(R7, R0));
}

/* ctx->out = r9; return r9 */
static void emit_out(struct kbpf_asm *a)
{
	I(a, KBPF_STX_MEM(KBPF_DW, R6, R9, 8));
	I(a, KBPF_MOV64_REG(R0, R9));
	I(a, KBPF_EXIT_INSN());
}

static void build_map_prog(struct kbpf_asm *a, enum prog_kind kind, int fd)
{
	enum { L_LOOP, L_NEXT };

	I(a, KBPF_MOV64_REG(R6, R1));
	I(a, KBPF_LDX_MEM(KBPF_DW, R7, R6, 0));
	I(a, KBPF_MOV64_IMM(R8, 0));
	I(a, KBPF_MOV64_IMM(R9, 0));
	kbpf_asm_label(a, L_LOOP);
	I(a, KBPF_MOV64_REG(R1, R7));
	I(a, KBPF_ALU64_REG(KBPF_ADD, R1, R8));
	I(a, KBPF_ALU64_IMM(KBPF_AND, R1, cfg.entries - 1));
	I(a, KBPF_STX_MEM(KBPF_W, R10, R1, -4));
	I(a, KBPF_STX_MEM(KBPF_DW, R10, R8, -16));
	if (kind == P_DEL_INS) {
		kbpf_asm_ld_map(a, R1, fd);
		I(a, KBPF_MOV64_REG(R2, R10));
		I(a, KBPF_ALU64_IMM(KBPF_ADD, R2, -4));
		I(a, KBPF_CALL_HELPER(KBPF_FUNC_map_delete_elem));
		I(a, KBPF_ALU64_REG(KBPF_ADD, R9, R0));
	}
	kbpf_asm_ld_map(a, R1, fd);
	I(a, KBPF_MOV64_REG(R2, R10));
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R2, -4));
	if (kind == P_LOOKUP) {
		I(a, KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
		kbpf_asm_jmp_imm(a, KBPF_JEQ, R0, 0, L_NEXT);
		I(a, KBPF_LDX_MEM(KBPF_DW, R1, R0, 0));
		I(a, KBPF_ALU64_REG(KBPF_ADD, R9, R1));
	} else {
		I(a, KBPF_MOV64_REG(R3, R10));
		I(a, KBPF_ALU64_IMM(KBPF_ADD, R3, -16));
		I(a, KBPF_MOV64_IMM(R4, kind == P_DEL_INS ? KBPF_NOEXIST :
				    KBPF_ANY));
		I(a, KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem));
		I(a, KBPF_ALU64_REG(KBPF_ADD, R9, R0));
	}
	kbpf_asm_label(a, L_NEXT);
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R8, 1));
	kbpf_asm_jmp_imm(a, KBPF_JLT, R8, MAP_ITERS, L_LOOP);
	emit_out(a);
}

/* FNV-1a 64 of the buffer, FNV_PASSES times over. */
static void build_fnv(struct kbpf_asm *a, int fd)
{
	enum { L_OK, L_OUTER, L_INNER };

	I(a, KBPF_MOV64_REG(R6, R1));
	emit_buf_lookup(a, fd, L_OK);
	kbpf_asm_ld64(a, R9, 0xcbf29ce484222325ull);
	kbpf_asm_ld64(a, R4, 0x100000001b3ull);
	I(a, KBPF_MOV64_IMM(R8, 0));
	kbpf_asm_label(a, L_OUTER);
	I(a, KBPF_MOV64_REG(R1, R7));
	I(a, KBPF_MOV64_IMM(R2, 0));
	kbpf_asm_label(a, L_INNER);
	I(a, KBPF_LDX_MEM(KBPF_B, R3, R1, 0));
	I(a, KBPF_ALU64_REG(KBPF_XOR, R9, R3));
	I(a, KBPF_ALU64_REG(KBPF_MUL, R9, R4));
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R1, 1));
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R2, 1));
	kbpf_asm_jmp_imm(a, KBPF_JLT, R2, BUF_SIZE, L_INNER);
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R8, 1));
	kbpf_asm_jmp_imm(a, KBPF_JLT, R8, FNV_PASSES, L_OUTER);
	emit_out(a);
}

/* y ^= rol32(x, k); y -= x and friends, all ALU32; r0, r9 scratch. */
static void emit_rol_xor(struct kbpf_asm *a, int y, int x, int k)
{
	I(a, KBPF_MOV32_REG(R0, x));
	I(a, KBPF_ALU32_IMM(KBPF_LSH, R0, k));
	I(a, KBPF_MOV32_REG(R9, x));
	I(a, KBPF_ALU32_IMM(KBPF_RSH, R9, 32 - k));
	I(a, KBPF_ALU32_REG(KBPF_OR, R0, R9));
	I(a, KBPF_ALU32_REG(KBPF_XOR, y, R0));
}

/* __jhash_mix(a, b, c) with a = r3, b = r4, c = r5 */
static void emit_jhash_mix(struct kbpf_asm *a)
{
	static const struct { int x, y, z, k; } step[6] = {
		{ R3, R5, R4, 4 },	/* a -= c; a ^= rol32(c, 4); c += b */
		{ R4, R3, R5, 6 },	/* b -= a; b ^= rol32(a, 6); a += c */
		{ R5, R4, R3, 8 },	/* c -= b; c ^= rol32(b, 8); b += a */
		{ R3, R5, R4, 16 },
		{ R4, R3, R5, 19 },
		{ R5, R4, R3, 4 },
	};
	unsigned int i;

	for (i = 0; i < 6; i++) {
		I(a, KBPF_ALU32_REG(KBPF_SUB, step[i].x, step[i].y));
		emit_rol_xor(a, step[i].x, step[i].y, step[i].k);
		I(a, KBPF_ALU32_REG(KBPF_ADD, step[i].y, step[i].z));
	}
}

static void build_jhash(struct kbpf_asm *a, int fd)
{
	enum { L_OK, L_OUTER, L_INNER };
	unsigned int w;

	I(a, KBPF_MOV64_REG(R6, R1));
	emit_buf_lookup(a, fd, L_OK);
	I(a, KBPF_MOV32_IMM(R3, 0xdeadbeef + BUF_SIZE));
	I(a, KBPF_MOV32_REG(R4, R3));
	I(a, KBPF_MOV32_REG(R5, R3));
	I(a, KBPF_MOV64_IMM(R8, 0));
	kbpf_asm_label(a, L_OUTER);
	I(a, KBPF_MOV64_REG(R1, R7));
	I(a, KBPF_MOV64_IMM(R2, 0));
	kbpf_asm_label(a, L_INNER);
	for (w = 0; w < 3; w++) {
		I(a, KBPF_LDX_MEM(KBPF_W, R0, R1, 4 * w));
		I(a, KBPF_ALU32_REG(KBPF_ADD, R3 + w, R0));
	}
	emit_jhash_mix(a);
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R1, 12));
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R2, 1));
	kbpf_asm_jmp_imm(a, KBPF_JLT, R2, JHASH_WORDS, L_INNER);
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R8, 1));
	kbpf_asm_jmp_imm(a, KBPF_JLT, R8, JHASH_PASSES, L_OUTER);
	I(a, KBPF_MOV64_REG(R9, R5));
	emit_out(a);
}

/*
 * An 8-state machine over SM_BYTES bytes: the state (r8, never a constant
 * to the verifier) picks one of 8 cases through a tree of JSETs; each case
 * branches on a bit of the byte (r3) and derives the next state from it.
 */
static void build_state_machine(struct kbpf_asm *a, int fd)
{
	enum { L_OK, L_LOOP, L_NEXT, L_S4, L_S2, L_S6, L_CASE,
	       L_ALT = L_CASE + 8 };
	unsigned int k;

	I(a, KBPF_MOV64_REG(R6, R1));
	emit_buf_lookup(a, fd, L_OK);
	I(a, KBPF_MOV64_REG(R1, R7));
	I(a, KBPF_MOV64_IMM(R2, 0));
	I(a, KBPF_MOV64_IMM(R9, 0));
	I(a, KBPF_LDX_MEM(KBPF_B, R8, R7, 0));
	I(a, KBPF_ALU64_IMM(KBPF_AND, R8, 7));
	kbpf_asm_label(a, L_LOOP);
	I(a, KBPF_LDX_MEM(KBPF_B, R3, R1, 0));
	/* s & 4 ? (s & 2 ? (s & 1 ? 7 : 6) : ...) : ... */
	kbpf_asm_jmp_imm(a, KBPF_JSET, R8, 4, L_S4);
	kbpf_asm_jmp_imm(a, KBPF_JSET, R8, 2, L_S2);
	kbpf_asm_jmp_imm(a, KBPF_JSET, R8, 1, L_CASE + 1);
	kbpf_asm_ja(a, L_CASE + 0);
	kbpf_asm_label(a, L_S2);
	kbpf_asm_jmp_imm(a, KBPF_JSET, R8, 1, L_CASE + 3);
	kbpf_asm_ja(a, L_CASE + 2);
	kbpf_asm_label(a, L_S4);
	kbpf_asm_jmp_imm(a, KBPF_JSET, R8, 2, L_S6);
	kbpf_asm_jmp_imm(a, KBPF_JSET, R8, 1, L_CASE + 5);
	kbpf_asm_ja(a, L_CASE + 4);
	kbpf_asm_label(a, L_S6);
	kbpf_asm_jmp_imm(a, KBPF_JSET, R8, 1, L_CASE + 7);
	kbpf_asm_ja(a, L_CASE + 6);
	for (k = 0; k < 8; k++) {
		/* case k: bit k of the byte picks one of two transitions */
		kbpf_asm_label(a, L_CASE + k);
		kbpf_asm_jmp_imm(a, KBPF_JSET, R3, 1 << k, L_ALT + k);
		I(a, KBPF_MOV64_REG(R8, R3));
		I(a, KBPF_ALU64_IMM(KBPF_RSH, R8, k % 6));
		I(a, KBPF_ALU64_IMM(KBPF_AND, R8, 7));
		I(a, KBPF_ALU64_IMM(KBPF_ADD, R9, k + 1));
		kbpf_asm_ja(a, L_NEXT);
		kbpf_asm_label(a, L_ALT + k);
		I(a, KBPF_MOV64_REG(R8, R3));
		I(a, KBPF_ALU64_IMM(KBPF_RSH, R8, (k + 3) % 6));
		I(a, KBPF_ALU64_IMM(KBPF_AND, R8, 7));
		I(a, KBPF_ALU64_IMM(KBPF_LSH, R9, 1));
		I(a, KBPF_ALU64_REG(KBPF_XOR, R9, R3));
	}
	kbpf_asm_label(a, L_NEXT);
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R1, 1));
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R2, 1));
	kbpf_asm_jmp_imm(a, KBPF_JLT, R2, SM_BYTES, L_LOOP);
	emit_out(a);
}

/* main: x = f1(x) CHAIN_ITERS times; f_k(x) mixes x and calls f_k+1. */
static void build_call_chain(struct kbpf_asm *a)
{
	enum { L_LOOP, L_F = 1 };
	int k;

	I(a, KBPF_MOV64_REG(R6, R1));
	I(a, KBPF_LDX_MEM(KBPF_DW, R7, R6, 0));
	I(a, KBPF_MOV64_IMM(R8, 0));
	kbpf_asm_label(a, L_LOOP);
	I(a, KBPF_MOV64_REG(R1, R7));
	kbpf_asm_call_sub(a, L_F + 1);
	I(a, KBPF_MOV64_REG(R7, R0));
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R8, 1));
	kbpf_asm_jmp_imm(a, KBPF_JLT, R8, CHAIN_ITERS, L_LOOP);
	I(a, KBPF_MOV64_REG(R9, R7));
	emit_out(a);
	for (k = 1; k <= CHAIN_DEPTH; k++) {
		kbpf_asm_label(a, L_F + k);
		I(a, KBPF_MOV64_REG(R2, R1));
		I(a, KBPF_ALU64_IMM(KBPF_RSH, R2, 7 + k));
		I(a, KBPF_ALU64_REG(KBPF_XOR, R1, R2));
		I(a, KBPF_ALU64_IMM(KBPF_MUL, R1, 0x5bd1e995 + 2 * k));
		if (k < CHAIN_DEPTH) {
			kbpf_asm_call_sub(a, L_F + k + 1);
			I(a, KBPF_ALU64_IMM(KBPF_ADD, R0, k));
		} else {
			I(a, KBPF_MOV64_REG(R0, R1));
		}
		I(a, KBPF_EXIT_INSN());
	}
}

/*
 * *(fp - 8) = in; bpf_loop(LOOP_ITERS, cb, fp - 8, 0); out = *(fp - 8);
 * cb(i, ctx): *ctx = *ctx * 31 + i; return 0.
 */
static void build_bpf_loop(struct kbpf_asm *a, bool helper)
{
	enum { L_CB };
	unsigned int ld;

	I(a, KBPF_MOV64_REG(R6, R1));
	I(a, KBPF_LDX_MEM(KBPF_DW, R1, R6, 0));
	I(a, KBPF_STX_MEM(KBPF_DW, R10, R1, -8));
	I(a, KBPF_MOV64_IMM(R1, LOOP_ITERS));
	/* r2 = the callback: its offset is set once the label is placed */
	ld = a->n;
	I(a, KBPF_LD_IMM64_1(R2, KBPF_PSEUDO_FUNC, 0));
	I(a, KBPF_LD_IMM64_2(0));
	I(a, KBPF_MOV64_REG(R3, R10));
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R3, -8));
	if (helper) {
		I(a, KBPF_LDX_MEM(KBPF_DW, R4, R6, 0));
		I(a, KBPF_ALU64_IMM(KBPF_RSH, R4, 63));
	} else {
		I(a, KBPF_MOV64_IMM(R4, 0));
	}
	I(a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
	I(a, KBPF_LDX_MEM(KBPF_DW, R9, R10, -8));
	emit_out(a);
	kbpf_asm_label(a, L_CB);
	I(a, KBPF_LDX_MEM(KBPF_DW, R3, R2, 0));
	I(a, KBPF_ALU64_IMM(KBPF_MUL, R3, 31));
	I(a, KBPF_ALU64_REG(KBPF_ADD, R3, R1));
	I(a, KBPF_STX_MEM(KBPF_DW, R2, R3, 0));
	I(a, KBPF_MOV64_IMM(R0, 0));
	I(a, KBPF_EXIT_INSN());
	a->insn[ld].imm = a->label[L_CB] - (int)ld - 1;
}

static void fill_buffer(int fd)
{
	static __u8 buf[BUF_SIZE];
	__u32 x = 2463534242u, i, key = 0;

	for (i = 0; i < BUF_SIZE; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = x >> 7;
	}
	if (map_update(fd, &key, buf, KBPF_ANY))
		die("%s: buffer update: %s", side_name[cur_side],
		    strerror(errno));
}

static void *prog_setup(const struct bench *b, enum side s)
{
	const struct prog_arg *arg = b->arg;
	struct prog_state *st = xcalloc(1, sizeof(*st));
	__u32 *keys, n = cfg.entries, i;
	__u64 *values;

	st->arg = arg;
	switch (arg->kind) {
	case P_LOOKUP:
	case P_UPDATE:
	case P_DEL_INS:
		st->map_fd = map_create(arg->map_type, 4, 8, n);
		if (st->map_fd < 0)
			die("%s: MAP_CREATE: %s", side_name[s],
			    strerror(errno));
		keys = xcalloc(n, sizeof(*keys));
		values = xcalloc(n, sizeof(*values));
		for (i = 0; i < n; i++) {
			keys[i] = i;
			values[i] = i;
		}
		map_fill(st->map_fd, keys, values, n);
		free(keys);
		free(values);
		break;
	case P_FNV:
	case P_JHASH:
	case P_SM:
		st->map_fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, BUF_SIZE, 1);
		if (st->map_fd < 0)
			die("%s: MAP_CREATE: %s", side_name[s],
			    strerror(errno));
		fill_buffer(st->map_fd);
		break;
	case P_CHAIN:
	case P_LOOP:
	case P_LOOP_HELPER:
		st->map_fd = -1;
		break;
	}

	kbpf_asm_init(&prog);
	switch (arg->kind) {
	case P_LOOKUP:
	case P_UPDATE:
	case P_DEL_INS:
		build_map_prog(&prog, arg->kind, st->map_fd);
		break;
	case P_FNV:
		build_fnv(&prog, st->map_fd);
		break;
	case P_JHASH:
		build_jhash(&prog, st->map_fd);
		break;
	case P_SM:
		build_state_machine(&prog, st->map_fd);
		break;
	case P_CHAIN:
		build_call_chain(&prog);
		break;
	case P_LOOP:
	case P_LOOP_HELPER:
		build_bpf_loop(&prog, arg->kind == P_LOOP_HELPER);
		break;
	}
	asm_done(&prog);
	st->fd = prog_load_rep(b->name + (strncmp(b->name, "interp_", 7) ?
					  0 : 7), &prog, 0);
	if (st->fd < 0) {
		if (st->map_fd >= 0)
			close(st->map_fd);
		free(st);
		return NULL;
	}
	return st;
}

static __u64 prog_pass(void *p)
{
	struct prog_state *st = p;

	st->ctx[0] = st->base;
	prog_run(st->fd, st->ctx, sizeof(st->ctx));
	st->base += MAP_ITERS;
	return st->arg->ops_per_run ? st->arg->ops_per_run : MAP_ITERS;
}

static __u64 prog_check(void *p)
{
	struct prog_state *st = p;
	__u32 ret;

	st->ctx[0] = 0;
	st->ctx[1] = 0;
	ret = prog_run(st->fd, st->ctx, sizeof(st->ctx));
	if (ret != (__u32)st->ctx[1])
		die("%s: retval %u but ctx out %llu", side_name[cur_side],
		    ret, (unsigned long long)st->ctx[1]);
	return st->ctx[1];
}

static void prog_teardown(void *p)
{
	struct prog_state *st = p;

	close(st->fd);
	if (st->map_fd >= 0)
		close(st->map_fd);
	free(st);
}

static const struct prog_arg
	a_arr_lookup = { P_LOOKUP, KBPF_MAP_TYPE_ARRAY, 0 },
	a_arr_update = { P_UPDATE, KBPF_MAP_TYPE_ARRAY, 0 },
	a_hash_lookup = { P_LOOKUP, KBPF_MAP_TYPE_HASH, 0 },
	a_hash_update = { P_UPDATE, KBPF_MAP_TYPE_HASH, 0 },
	a_hash_del_ins = { P_DEL_INS, KBPF_MAP_TYPE_HASH, 0 },
	a_fnv = { P_FNV, 0, FNV_PASSES * BUF_SIZE },
	a_jhash = { P_JHASH, 0, JHASH_PASSES * JHASH_WORDS * 12 },
	a_sm = { P_SM, 0, SM_BYTES },
	a_chain = { P_CHAIN, 0, CHAIN_ITERS * CHAIN_DEPTH },
	a_loop = { P_LOOP, 0, LOOP_ITERS },
	a_loop_helper = { P_LOOP_HELPER, 0, LOOP_ITERS };

#define PB_SIDES(n, u, a, s) {						\
	.name = n, .unit = u, .sides = s, .arg = &a, .slices = 5,	\
	.setup = prog_setup, .pass = prog_pass, .teardown = prog_teardown, \
	.check = prog_check,						\
}
#define PB(n, u, a)	PB_SIDES(n, u, a, SIDES_PROG)
const struct bench prog_benches[] = {
	PB("prog_array_lookup", "elem", a_arr_lookup),
	PB("prog_array_update", "elem", a_arr_update),
	PB("prog_hash_lookup", "elem", a_hash_lookup),
	PB("prog_hash_update", "elem", a_hash_update),
	PB("prog_hash_delete_insert", "elem", a_hash_del_ins),
	PB("interp_fnv1a_4k", "byte", a_fnv),
	PB("interp_jhash32_4k", "byte", a_jhash),
	PB("interp_state_machine_1k", "byte", a_sm),
	PB("interp_call_chain", "call", a_chain),
	/* Linux's interpreter refuses callbacks */
	PB_SIDES("prog_bpf_loop", "iter", a_loop, SIDES_MAP),
	PB_SIDES("prog_bpf_loop_helper", "iter", a_loop_helper, SIDES_MAP),
};
const unsigned int nr_prog_benches = ARRAY_SIZE(prog_benches);
