// SPDX-License-Identifier: GPL-2.0
/*
 * Program generation for the verifier fuzzer.
 *
 * Three kinds, drawn per program:
 * - soup: random instructions with valid opcodes and mostly sane
 *   fields; nearly always rejected, it walks the error paths;
 * - template: blocks that make plausible programs (map lookups with or
 *   without a null check and accesses at random offsets, spills and
 *   fills, ALU chains on scalars turned into offsets under JMP/JMP32
 *   guards, bounded loops, bpf-to-bpf calls, ringbuf and dynptr records,
 *   bpf_loop and for_each callbacks, ctx accesses). Most accesses are in
 *   bounds, a few are not, so a verifier accepts a good share and must
 *   refuse the rest;
 * - mutant: a template with one to three changes (an offset, a jump, a
 *   register, an immediate, a size, a check dropped); a loop's trip
 *   count (counter start and step, back edge) rarely changes.
 *
 * Six template blocks make the shapes of issue 15 (gen_prog.shapes):
 * callback pointers with fixed or variable offsets, drain callbacks
 * that store their dynptr, helper writes to RDONLY_PROG maps and reads
 * of WRONLY_PROG ones, tail calls through prog arrays of every kind,
 * NULL memory with a size, cmpxchg with a pointer and pointer compares.
 * Eight more, in gen_shapes.c, make what issue 19 found missing.
 * Register use in templates: gen_int.h.
 */
#include <string.h>

#include "gen.h"
#include "gen_int.h"

const struct gen_fixture_desc gen_fixtures[FIX_NR] = {
	[FIX_ARRAY] = { KBPF_MAP_TYPE_ARRAY, 4, 64, 8, 0 },
	[FIX_ARRAY1] = { KBPF_MAP_TYPE_ARRAY, 4, 48, 1, 0 },
	[FIX_ARRAY_RO] = { KBPF_MAP_TYPE_ARRAY, 4, 32, 1, KBPF_F_RDONLY_PROG },
	[FIX_HASH] = { KBPF_MAP_TYPE_HASH, 8, 40, 16, 0 },
	[FIX_PERCPU] = { KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 24, 4, 0 },
	[FIX_LRU] = { KBPF_MAP_TYPE_LRU_HASH, 4, 16, 16, 0 },
	[FIX_RINGBUF] = { KBPF_MAP_TYPE_RINGBUF, 0, 0, 16384, 0 },
	[FIX_ARRAY_WO] = { KBPF_MAP_TYPE_ARRAY, 4, 32, 1, KBPF_F_WRONLY_PROG },
	[FIX_HASH_RO] = { KBPF_MAP_TYPE_HASH, 8, 40, 16, KBPF_F_RDONLY_PROG },
	[FIX_STR] = { KBPF_MAP_TYPE_ARRAY, 4, 32, 1, KBPF_F_RDONLY_PROG },
	[FIX_USER_RB] = { KBPF_MAP_TYPE_USER_RINGBUF, 0, 0, 16384, 0 },
	[FIX_PA_RAW_TP] = { KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0, {
		{ KBPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0 },
		{ KBPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0 } } },
	[FIX_PA_RAW_TP_ATTACH] = { KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0, {
		{ KBPF_PROG_TYPE_RAW_TRACEPOINT, KBPF_TRACE_RAW_TP, 0 },
		{ KBPF_PROG_TYPE_RAW_TRACEPOINT, KBPF_TRACE_RAW_TP, 0 } } },
	[FIX_PA_KPROBE] = { KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0, {
		{ KBPF_PROG_TYPE_KPROBE, 0, 0 },
		{ KBPF_PROG_TYPE_KPROBE, 0, 0 } } },
	/* the same owner on both sides even if kbpf refuses slot 0 */
	[FIX_PA_UPROBE_SLEEP] = { KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0, {
		{ KBPF_PROG_TYPE_KPROBE, KBPF_TRACE_UPROBE_MULTI,
		  KBPF_F_SLEEPABLE },
		{ KBPF_PROG_TYPE_KPROBE, KBPF_TRACE_UPROBE_MULTI, 0 } } },
	[FIX_PA_SYSCALL] = { KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0, {
		{ KBPF_PROG_TYPE_SYSCALL, 0, KBPF_F_SLEEPABLE },
		{ KBPF_PROG_TYPE_SYSCALL, 0, KBPF_F_SLEEPABLE } } },
	[FIX_PA_SKB] = { KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0, {
		{ KBPF_PROG_TYPE_SOCKET_FILTER, 0, 0 },
		{ KBPF_PROG_TYPE_SOCKET_FILTER, 0, 0 } } },
};

const char *const gen_shape_names[SHAPE_NR] = {
	[SHAPE_FUNC_PTR] = "func_ptr",
	[SHAPE_DYNPTR_SPILL] = "dynptr_spill",
	[SHAPE_MAP_ACCESS] = "map_access",
	[SHAPE_TAIL_CALL] = "tail_call",
	[SHAPE_NULL_MEM] = "null_mem",
	[SHAPE_PTR_CMP] = "ptr_cmp",
	[SHAPE_HELPER_MEM] = "helper_mem",
	[SHAPE_CALLBACKS] = "callbacks",
	[SHAPE_DYNPTR_KINDS] = "dynptr_kinds",
	[SHAPE_SPILL_TYPES] = "spill_types",
	[SHAPE_TAIL_XTYPE] = "tail_xtype",
	[SHAPE_RDWR_ONLY] = "rdwr_only",
	[SHAPE_ATOMIC_PTR] = "atomic_ptr",
	[SHAPE_SUBREG] = "subreg",
};

enum gen_priv gen_priv;

uint64_t gen_mix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint32_t rnd(struct gen *g, uint32_t n)
{
	return n ? gen_mix(&g->rng) % n : 0;
}

bool chance(struct gen *g, uint32_t percent)
{
	return rnd(g, 100) < percent;
}

uint32_t emit(struct gen *g, struct kbpf_insn insn)
{
	struct gen_prog *p = g->p;

	/* Room for the epilogue and the functions is kept back. */
	if (p->len >= GEN_MAX_INSNS - 64) {
		g->full = true;
		return p->len - 1;
	}
	p->insns[p->len] = insn;
	return p->len++;
}

void emit_ld_imm64(struct gen *g, uint8_t dst, uint8_t src,
			  int32_t lo, int32_t hi)
{
	E(g, KBPF_RAW_INSN(KBPF_LD | KBPF_DW | KBPF_IMM, dst, src, 0, lo));
	E(g, KBPF_RAW_INSN(0, 0, 0, 0, hi));
}

void emit_ld_map(struct gen *g, uint8_t dst, enum gen_fixture f)
{
	emit_ld_imm64(g, dst, KBPF_PSEUDO_MAP_FD, f, 0);
}

/* A forward jump to be pointed at the current end by patch(). */
uint32_t emit_jmp(struct gen *g, uint8_t code, uint8_t dst,
			 uint8_t src, int32_t imm)
{
	return E(g, KBPF_RAW_INSN(code, dst, src, 0, imm));
}

void patch(struct gen *g, uint32_t at)
{
	if (at < g->p->len)
		g->p->insns[at].off = g->p->len - at - 1;
}

uint32_t emit_call_fn(struct gen *g, enum func_kind kind, uint32_t arg,
			     bool pseudo_func, uint8_t dst)
{
	uint32_t at;

	if (g->nr_fn == GEN_MAX_FUNCS - 1 || g->nr_fix == GEN_MAX_FUNCS)
		return UINT32_MAX;
	g->fn_kind[g->nr_fn] = kind;
	g->fn_arg[g->nr_fn] = arg;
	if (pseudo_func) {
		at = E(g, KBPF_RAW_INSN(KBPF_LD | KBPF_DW | KBPF_IMM, dst,
					KBPF_PSEUDO_FUNC, 0, 0));
		E(g, KBPF_RAW_INSN(0, 0, 0, 0, 0));
	} else {
		at = E(g, KBPF_RAW_INSN(KBPF_JMP | KBPF_CALL, 0,
					KBPF_PSEUDO_CALL, 0, 0));
	}
	g->fix_at[g->nr_fix] = at;
	g->fix_fn[g->nr_fix++] = g->nr_fn++;
	return at;
}

const uint8_t sizes[4] = { KBPF_B, KBPF_H, KBPF_W, KBPF_DW };

uint32_t size_bytes(uint8_t size)
{
	switch (size) {
	case KBPF_B: return 1;
	case KBPF_H: return 2;
	case KBPF_W: return 4;
	default: return 8;
	}
}

/* An offset for an access of @bytes into @limit bytes, mostly in bounds. */
static int16_t pick_off(struct gen *g, uint32_t limit, uint32_t bytes)
{
	if (limit >= bytes && chance(g, 88))
		return rnd(g, (limit - bytes) / bytes + 1) * bytes;
	if (chance(g, 50))
		return limit - bytes + 1 + rnd(g, bytes + 8);
	return -(int16_t)(1 + rnd(g, 8));
}

/* One access through @ptr to @limit bytes at offset base + off. */
void emit_access(struct gen *g, uint8_t ptr, uint32_t limit,
			bool rdonly, int16_t base)
{
	uint8_t size = sizes[rnd(g, 4)];
	uint32_t bytes = size_bytes(size);
	int16_t off = base + pick_off(g, limit, bytes);
	uint8_t val = chance(g, 50) ? 8 : 9;
	uint32_t what = rdonly && chance(g, 90) ? 0 : rnd(g, 6);

	switch (what) {
	case 0:
	case 1:
		E(g, KBPF_LDX_MEM(size, val, ptr, off));
		break;
	case 2:
		if (size == KBPF_DW)
			E(g, KBPF_LDX_MEM(size, val, ptr, off));
		else
			E(g, KBPF_LDX_MEMSX(size, val, ptr, off));
		break;
	case 3:
		E(g, KBPF_STX_MEM(size, ptr, val, off));
		break;
	case 4:
		E(g, KBPF_ST_MEM(size, ptr, off, (int32_t)gen_mix(&g->rng)));
		break;
	default: {
		static const int32_t ops[] = {
			KBPF_ADD, KBPF_ADD | KBPF_FETCH, KBPF_OR, KBPF_AND,
			KBPF_XOR | KBPF_FETCH, KBPF_XCHG, KBPF_CMPXCHG,
		};

		int32_t op = ops[rnd(g, 7)];

		if (bytes < 4)
			size = KBPF_W;
		off = base + pick_off(g, limit, size_bytes(size));
		if (op == KBPF_CMPXCHG)
			E(g, KBPF_MOV64_REG(0, val));
		E(g, KBPF_ATOMIC_OP(size, op, ptr, val, off));
		break;
	}
	}
}

const uint8_t alu_ops[12] = {
	KBPF_ADD, KBPF_SUB, KBPF_MUL, KBPF_DIV, KBPF_OR, KBPF_AND, KBPF_LSH,
	KBPF_RSH, KBPF_MOD, KBPF_XOR, KBPF_MOV, KBPF_ARSH,
};

const uint8_t jmp_ops[11] = {
	KBPF_JEQ, KBPF_JGT, KBPF_JGE, KBPF_JSET, KBPF_JNE, KBPF_JSGT,
	KBPF_JSGE, KBPF_JLT, KBPF_JLE, KBPF_JSLT, KBPF_JSLE,
};

/* A chain of ALU ops on scalar @r (r8 or r9), the other as a source. */
void emit_alu_chain(struct gen *g, uint8_t r)
{
	uint32_t n = 1 + rnd(g, 5), i;
	uint8_t other = r == 8 ? 9 : 8;

	for (i = 0; i < n; i++) {
		uint8_t op = alu_ops[rnd(g, sizeof(alu_ops))];
		uint8_t cls = chance(g, 70) ? KBPF_ALU64 : KBPF_ALU;
		int32_t imm;

		if (op == KBPF_LSH || op == KBPF_RSH || op == KBPF_ARSH)
			imm = rnd(g, cls == KBPF_ALU64 ? 64 : 32);
		else if (op == KBPF_DIV || op == KBPF_MOD)
			imm = 1 + rnd(g, 16);
		else
			imm = chance(g, 70) ? (int32_t)rnd(g, 256) :
					       (int32_t)gen_mix(&g->rng);
		if (chance(g, 25) && op != KBPF_DIV && op != KBPF_MOD &&
		    op != KBPF_LSH && op != KBPF_RSH && op != KBPF_ARSH)
			E(g, KBPF_RAW_INSN(cls | op | KBPF_X, r, other, 0, 0));
		else
			E(g, KBPF_RAW_INSN(cls | op | KBPF_K, r, 0, 0, imm));
	}
}

/*
 * Scalar @r bounded for use as an offset into @limit bytes: an AND mask,
 * or JMP/JMP32 guards whose failing side skips the use: their indexes go
 * to @guards (UINT32_MAX: none), to be patched after the use.
 */
void emit_bound(struct gen *g, uint8_t r, uint32_t limit,
		       uint32_t guards[2])
{
	uint32_t lim = limit ? limit - 1 : 0;

	guards[0] = guards[1] = UINT32_MAX;
	if (chance(g, 10))
		return;		/* unbounded: must be refused */
	if (chance(g, 35)) {
		uint32_t mask = 1;

		while (mask * 2 <= lim)
			mask *= 2;
		mask = mask - 1 + (chance(g, 10) ? mask + 1 : 0);
		E(g, KBPF_ALU64_IMM(KBPF_AND, r, mask));
		return;
	}
	if (chance(g, 15))
		lim += rnd(g, 8);		/* off by some */
	switch (rnd(g, 4)) {
	case 0:
		guards[0] = emit_jmp(g, KBPF_JMP | KBPF_JGT | KBPF_K, r, 0, lim);
		break;
	case 1:
		guards[0] = emit_jmp(g, KBPF_JMP | KBPF_JGE | KBPF_K, r, 0,
				     lim + 1);
		break;
	case 2:
		/* 32-bit guard: the upper half stays unknown unless cleared */
		if (chance(g, 70))
			E(g, KBPF_MOV32_REG(r, r));
		guards[0] = emit_jmp(g, KBPF_JMP32 | KBPF_JGT | KBPF_K, r, 0,
				     lim);
		break;
	default:
		/* signed guard: without the lower one negatives get through */
		if (chance(g, 70))
			guards[1] = emit_jmp(g, KBPF_JMP | KBPF_JSLT | KBPF_K,
					     r, 0, 0);
		guards[0] = emit_jmp(g, KBPF_JMP | KBPF_JSGT | KBPF_K, r, 0,
				     lim);
		break;
	}
}

void patch_guards(struct gen *g, const uint32_t guards[2])
{
	patch(g, guards[0]);
	patch(g, guards[1]);
}

/* r7 = lookup(map, key), then accesses; the null check may be absent. */
static void block_lookup(struct gen *g)
{
	static const enum gen_fixture maps[] = {
		FIX_ARRAY, FIX_ARRAY1, FIX_ARRAY_RO, FIX_HASH, FIX_PERCPU,
		FIX_LRU,
	};
	enum gen_fixture f = maps[rnd(g, 6)];
	const struct gen_fixture_desc *d = &gen_fixtures[f];
	uint32_t n = 1 + rnd(g, 4), i, skip = UINT32_MAX, guard[2];
	bool rdonly = d->flags & KBPF_F_RDONLY_PROG;

	E(g, KBPF_ST_MEM(KBPF_DW, 10, SLOT_KEY, 0));
	E(g, KBPF_ST_MEM(d->key_size == 8 ? KBPF_DW : KBPF_W, 10, SLOT_KEY,
			 rnd(g, d->max_entries + 2)));
	E(g, KBPF_MOV64_REG(2, 10));
	E(g, KBPF_ALU64_IMM(KBPF_ADD, 2, SLOT_KEY));
	emit_ld_map(g, 1, f);
	E(g, KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
	if (chance(g, 95))
		skip = emit_jmp(g, KBPF_JMP | KBPF_JEQ | KBPF_K, 0, 0, 0);
	E(g, KBPF_MOV64_REG(7, 0));
	for (i = 0; i < n; i++) {
		if (chance(g, 30)) {
			/* variable offset from a scalar */
			if (chance(g, 50))
				E(g, KBPF_LDX_MEM(KBPF_B, 8, 7, 0));
			emit_alu_chain(g, 8);
			emit_bound(g, 8, d->value_size, guard);
			E(g, KBPF_MOV64_REG(1, 7));
			E(g, KBPF_ALU64_REG(KBPF_ADD, 1, 8));
			emit_access(g, 1, 1, rdonly, 0);
			patch_guards(g, guard);
		} else {
			emit_access(g, 7, d->value_size, rdonly, 0);
		}
	}
	patch(g, skip);
}

/* The single-element arrays through ld_imm64 of a map value. */
static void block_direct(struct gen *g)
{
	enum gen_fixture f = chance(g, 50) ? FIX_ARRAY1 : FIX_ARRAY_RO;
	const struct gen_fixture_desc *d = &gen_fixtures[f];
	int32_t off = chance(g, 90) ? (int32_t)rnd(g, d->value_size) :
				      (int32_t)d->value_size;

	off &= ~7;
	emit_ld_imm64(g, 7, KBPF_PSEUDO_MAP_VALUE, f, off);
	emit_access(g, 7, d->value_size - off, d->flags & KBPF_F_RDONLY_PROG,
		    0);
}

/* Spill a scalar or a pointer, fill it elsewhere, use it. */
static void block_spill(struct gen *g)
{
	int16_t slot = SLOT_SPILL - 8 * rnd(g, 6);
	uint8_t src = chance(g, 50) ? 6 : 8 + rnd(g, 2);
	uint8_t dst = chance(g, 50) ? 8 : 9;

	if (chance(g, 20))
		slot += rnd(g, 8);	/* misaligned */
	E(g, KBPF_STX_MEM(chance(g, 85) ? KBPF_DW : KBPF_W, 10, src, slot));
	if (src == 6 && g->p->ctx_size) {
		E(g, KBPF_LDX_MEM(KBPF_DW, 7, 10, slot));
		emit_access(g, 7, g->p->ctx_size,
			    g->p->prog_type != KBPF_PROG_TYPE_SYSCALL, 0);
	} else {
		E(g, KBPF_LDX_MEM(sizes[rnd(g, 4)], dst, 10, slot));
	}
}

/* Scalars bounded and used as a stack offset. */
static void block_stack_var(struct gen *g)
{
	uint32_t guard[2];

	emit_alu_chain(g, 9);
	emit_bound(g, 9, 32, guard);
	E(g, KBPF_MOV64_REG(1, 10));
	E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, SLOT_SPILL - 40));
	E(g, KBPF_ALU64_REG(KBPF_ADD, 1, 9));
	emit_access(g, 1, 8, false, 0);
	patch_guards(g, guard);
}

static void block_ctx(struct gen *g)
{
	uint32_t n = 1 + rnd(g, 3), i;
	bool rdonly = g->p->prog_type != KBPF_PROG_TYPE_SYSCALL;

	for (i = 0; i < n; i++)
		emit_access(g, 6, g->p->ctx_size, rdonly, 0);
}

/* for (r9 = 0; r9 < N; r9++) with accesses to the stack inside. */
static void block_loop(struct gen *g)
{
	uint32_t top, n = 1 + rnd(g, 8);
	uint32_t back;

	g->trip[E(g, KBPF_MOV64_IMM(9, 0))] = true;
	top = g->p->len;
	E(g, KBPF_MOV64_REG(1, 10));
	E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, SLOT_SPILL - 40));
	E(g, KBPF_MOV64_REG(2, 9));
	E(g, KBPF_ALU64_IMM(KBPF_AND, 2, chance(g, 90) ? 31 : 63));
	E(g, KBPF_ALU64_REG(KBPF_ADD, 1, 2));
	E(g, KBPF_LDX_MEM(KBPF_B, 3, 1, 0));
	g->trip[E(g, KBPF_ALU64_IMM(KBPF_ADD, 9, 1))] = true;
	back = E(g, KBPF_JMP_IMM(chance(g, 50) ? KBPF_JLT : KBPF_JNE, 9, n, 0));
	g->trip[back] = true;
	g->p->insns[back].off = (int32_t)top - (int32_t)back - 1;
}

/* r1 = pointer to the stack or a map value; call a subprogram with it. */
static void block_subprog(struct gen *g)
{
	uint32_t arg = rnd(g, 3);

	if (arg == 2) {
		E(g, KBPF_MOV64_IMM(1, rnd(g, 100)));
	} else {
		E(g, KBPF_MOV64_REG(1, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, SLOT_SPILL - 40));
	}
	emit_call_fn(g, FN_SUB, arg, false, 0);
	E(g, KBPF_MOV64_REG(8, 0));
}

static void block_ringbuf(struct gen *g)
{
	uint32_t size = 8 * (1 + rnd(g, 8)), n = 1 + rnd(g, 3), i, skip;

	emit_ld_map(g, 1, FIX_RINGBUF);
	E(g, KBPF_MOV64_IMM(2, size));
	E(g, KBPF_MOV64_IMM(3, 0));
	E(g, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve));
	skip = emit_jmp(g, KBPF_JMP | KBPF_JEQ | KBPF_K, 0, 0, 0);
	E(g, KBPF_MOV64_REG(7, 0));
	for (i = 0; i < n; i++)
		emit_access(g, 7, size, false, 0);
	E(g, KBPF_MOV64_REG(1, 7));
	E(g, KBPF_MOV64_IMM(2, 0));
	E(g, KBPF_CALL_HELPER(chance(g, 70) ? KBPF_FUNC_ringbuf_submit :
					      KBPF_FUNC_ringbuf_discard));
	if (chance(g, 5))
		E(g, KBPF_LDX_MEM(KBPF_B, 8, 7, 0));	/* use after release */
	patch(g, skip);
}

static void block_dynptr(struct gen *g)
{
	uint32_t size = 8 * (1 + rnd(g, 8)), len = 1 + rnd(g, size), skip;

	emit_ld_map(g, 1, FIX_RINGBUF);
	E(g, KBPF_MOV64_IMM(2, size));
	E(g, KBPF_MOV64_IMM(3, 0));
	E(g, KBPF_MOV64_REG(4, 10));
	E(g, KBPF_ALU64_IMM(KBPF_ADD, 4, SLOT_DYNPTR));
	E(g, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve_dynptr));
	E(g, KBPF_MOV64_REG(1, 10));
	E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, SLOT_DYNPTR));
	E(g, KBPF_MOV64_IMM(2, rnd(g, size - len + 1)));
	E(g, KBPF_MOV64_IMM(3, len));
	E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_data));
	skip = emit_jmp(g, KBPF_JMP | KBPF_JEQ | KBPF_K, 0, 0, 0);
	emit_access(g, 0, len, false, 0);
	patch(g, skip);
	E(g, KBPF_MOV64_REG(1, 10));
	E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, SLOT_DYNPTR));
	E(g, KBPF_MOV64_IMM(2, 0));
	E(g, KBPF_CALL_HELPER(chance(g, 50) ? KBPF_FUNC_ringbuf_submit_dynptr :
					      KBPF_FUNC_ringbuf_discard_dynptr));
}

/* bpf_loop(n, cb, &stack ctx, 0) */
static void block_bpf_loop(struct gen *g)
{
	E(g, KBPF_MOV64_IMM(1, 1 + rnd(g, 8)));
	emit_call_fn(g, FN_LOOP_CB, 0, true, 2);
	E(g, KBPF_MOV64_REG(3, 10));
	E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, SLOT_LOOP_CTX));
	E(g, KBPF_MOV64_IMM(4, 0));
	E(g, KBPF_CALL_HELPER(KBPF_FUNC_loop));
}

/* bpf_for_each_map_elem(map, cb, &stack ctx, 0) */
static void block_for_each(struct gen *g)
{
	static const enum gen_fixture maps[] = { FIX_ARRAY, FIX_HASH,
						 FIX_PERCPU, FIX_LRU };
	enum gen_fixture f = maps[rnd(g, 4)];

	emit_ld_map(g, 1, f);
	emit_call_fn(g, FN_EACH_CB, f, true, 2);
	E(g, KBPF_MOV64_REG(3, 10));
	E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, SLOT_LOOP_CTX));
	E(g, KBPF_MOV64_IMM(4, 0));
	E(g, KBPF_CALL_HELPER(KBPF_FUNC_for_each_map_elem));
}

static void block_scalar(struct gen *g)
{
	uint8_t r = chance(g, 50) ? 8 : 9;
	uint32_t j;

	emit_alu_chain(g, r);
	j = emit_jmp(g, (chance(g, 50) ? KBPF_JMP : KBPF_JMP32) |
			jmp_ops[rnd(g, sizeof(jmp_ops))] | KBPF_K, r, 0,
		     rnd(g, 64));
	emit_alu_chain(g, r);
	patch(g, j);
}

void shape(struct gen *g, enum gen_shape sh)
{
	g->p->shapes |= 1U << sh;
}

const enum gen_fixture each_maps[4] = { FIX_ARRAY, FIX_HASH,
					      FIX_PERCPU, FIX_LRU };

/*
 * A size for a memory argument in r@r: 0, a constant, or a bounded
 * scalar from r8.
 */
void emit_size(struct gen *g, uint8_t r, uint32_t max)
{
	switch (rnd(g, 10)) {
	case 0:
	case 1:
	case 2:
		E(g, KBPF_MOV64_IMM(r, 0));
		break;
	case 3:
	case 4:
		E(g, KBPF_MOV64_REG(r, 8));
		E(g, KBPF_ALU64_IMM(KBPF_AND, r, max - 1));
		break;
	default:
		E(g, KBPF_MOV64_IMM(r, 1 + rnd(g, max)));
		break;
	}
}

/* Shape 1: a callback pointer, at an offset or not, to a helper. */
static void block_func_ptr(struct gen *g)
{
	enum gen_fixture f = each_maps[rnd(g, 4)];
	uint32_t helper = rnd(g, 3), arg = 0;
	enum func_kind kind;

	shape(g, SHAPE_FUNC_PTR);
	switch (helper) {
	case 0:
		E(g, KBPF_MOV64_IMM(1, 1 + rnd(g, 4)));
		kind = FN_LOOP_CB;
		break;
	case 1:
		emit_ld_map(g, 1, f);
		kind = FN_EACH_CB;
		arg = f;
		break;
	default:
		emit_ld_map(g, 1, FIX_USER_RB);
		kind = FN_DRAIN_CB;
		arg = DRAIN_READ;
		break;
	}
	emit_call_fn(g, kind, arg, true, 2);
	switch (rnd(g, 6)) {
	case 0:
	case 1:
		/* a fixed offset: an instruction or two in, or before */
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 2,
				    chance(g, 80) ? 8 * (1 + (int32_t)rnd(g, 2)) : -8));
		break;
	case 2:
		/* a variable offset: 0 or 8 */
		E(g, KBPF_MOV64_REG(3, 8));
		E(g, KBPF_ALU64_IMM(KBPF_AND, 3, 1));
		E(g, KBPF_ALU64_IMM(KBPF_LSH, 3, 3));
		E(g, KBPF_ALU64_REG(KBPF_ADD, 2, 3));
		break;
	case 3:
		/* spilled and filled, maybe moved after */
		E(g, KBPF_STX_MEM(KBPF_DW, 10, 2, SLOT_SPILL));
		E(g, KBPF_LDX_MEM(KBPF_DW, 2, 10, SLOT_SPILL));
		if (chance(g, 40))
			E(g, KBPF_ALU64_IMM(KBPF_ADD, 2, 8));
		break;
	case 4:
		/* moved and moved back: offset 0 again */
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 2, 8));
		E(g, KBPF_ALU64_IMM(KBPF_SUB, 2, 8));
		break;
	default:
		break;
	}
	E(g, KBPF_MOV64_REG(3, 10));
	E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, SLOT_LOOP_CTX));
	E(g, KBPF_MOV64_IMM(4, 0));
	E(g, KBPF_CALL_HELPER(helper == 0 ? KBPF_FUNC_loop :
			      helper == 1 ? KBPF_FUNC_for_each_map_elem :
					    KBPF_FUNC_user_ringbuf_drain));
}

/*
 * Shape 2: a user_ringbuf_drain callback does something with its
 * CONST_PTR_TO_DYNPTR; after the drain the caller may reload what the
 * callback stored into its stack and use it as a dynptr.
 */
static void block_dynptr_spill(struct gen *g)
{
	uint32_t kind = rnd(g, DRAIN_NR);

	shape(g, SHAPE_DYNPTR_SPILL);
	emit_ld_map(g, 1, FIX_USER_RB);
	emit_call_fn(g, FN_DRAIN_CB, kind, true, 2);
	E(g, KBPF_MOV64_REG(3, 10));
	E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, SLOT_LOOP_CTX));
	E(g, KBPF_MOV64_IMM(4, 0));
	E(g, KBPF_CALL_HELPER(KBPF_FUNC_user_ringbuf_drain));
	if (kind != DRAIN_STORE_CALLER && !chance(g, 20))
		return;
	E(g, KBPF_LDX_MEM(KBPF_DW, 1, 10, SLOT_LOOP_CTX));
	if (chance(g, 50)) {
		/* bpf_dynptr_write(r1, 0, stack, 8, 0) */
		E(g, KBPF_MOV64_IMM(2, 0));
		E(g, KBPF_MOV64_REG(3, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, SLOT_SPILL));
		E(g, KBPF_MOV64_IMM(4, 8));
		E(g, KBPF_MOV64_IMM(5, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_write));
	} else {
		/* bpf_dynptr_read(stack, 8, r1, 0, 0) */
		E(g, KBPF_MOV64_REG(3, 1));
		E(g, KBPF_MOV64_REG(1, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, SLOT_SPILL));
		E(g, KBPF_MOV64_IMM(2, 8));
		E(g, KBPF_MOV64_IMM(4, 0));
		E(g, KBPF_MOV64_IMM(5, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_read));
	}
}

/* r7 = lookup(@f, key 0) or skip to the returned jump (to patch). */
uint32_t emit_lookup0(struct gen *g, enum gen_fixture f, bool check)
{
	E(g, KBPF_ST_MEM(KBPF_DW, 10, SLOT_KEY, 0));
	E(g, KBPF_MOV64_REG(2, 10));
	E(g, KBPF_ALU64_IMM(KBPF_ADD, 2, SLOT_KEY));
	emit_ld_map(g, 1, f);
	E(g, KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
	E(g, KBPF_MOV64_REG(7, 0));
	return check ? emit_jmp(g, KBPF_JMP | KBPF_JEQ | KBPF_K, 0, 0, 0) :
		       UINT32_MAX;
}

/* Shape 3: helper writes to RDONLY_PROG maps, reads of WRONLY_PROG ones. */
static void block_map_access(struct gen *g)
{
	static const enum gen_fixture ro[] = { FIX_ARRAY_RO, FIX_HASH_RO,
					       FIX_HASH, FIX_ARRAY };
	enum gen_fixture f = ro[chance(g, 75) ? rnd(g, 2) : 2 + rnd(g, 2)];
	uint32_t skip, n, i;

	shape(g, SHAPE_MAP_ACCESS);
	switch (rnd(g, 6)) {
	case 0:
	case 1:
		/* map_update_elem(f, &key, stack value, 0) */
		E(g, KBPF_ST_MEM(KBPF_DW, 10, SLOT_KEY, rnd(g, 2)));
		E(g, KBPF_MOV64_REG(2, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 2, SLOT_KEY));
		E(g, KBPF_MOV64_REG(3, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, SLOT_SPILL - 48));
		E(g, KBPF_MOV64_IMM(4, 0));
		emit_ld_map(g, 1, f);
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem));
		break;
	case 2:
		E(g, KBPF_ST_MEM(KBPF_DW, 10, SLOT_KEY, rnd(g, 2)));
		E(g, KBPF_MOV64_REG(2, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 2, SLOT_KEY));
		emit_ld_map(g, 1, f);
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_map_delete_elem));
		break;
	case 3:
		/* the WRONLY_PROG value, directly or looked up */
		if (chance(g, 50)) {
			emit_ld_imm64(g, 7, KBPF_PSEUDO_MAP_VALUE,
				      FIX_ARRAY_WO, 8 * rnd(g, 4));
			emit_access(g, 7, 8, false, 0);
			break;
		}
		skip = emit_lookup0(g, FIX_ARRAY_WO, true);
		for (i = 0, n = 1 + rnd(g, 3); i < n; i++)
			emit_access(g, 7, 32, false, 0);
		patch(g, skip);
		break;
	case 4:
		/* a helper reads the WRONLY value or writes the RDONLY one */
		skip = emit_lookup0(g, chance(g, 50) ? FIX_ARRAY_WO :
					FIX_ARRAY_RO, true);
		if (chance(g, 50)) {
			emit_ld_map(g, 1, FIX_RINGBUF);
			E(g, KBPF_MOV64_REG(2, 7));
			E(g, KBPF_MOV64_IMM(3, 8 * (1 + rnd(g, 4))));
			E(g, KBPF_MOV64_IMM(4, 0));
			E(g, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_output));
		} else {
			E(g, KBPF_MOV64_REG(1, 7));
			E(g, KBPF_MOV64_IMM(2, 8 * (1 + rnd(g, 4))));
			E(g, KBPF_MOV64_REG(3, 10));
			E(g, KBPF_CALL_HELPER(KBPF_FUNC_probe_read_kernel));
		}
		patch(g, skip);
		break;
	default:
		/* for_each over a RDONLY_PROG map: the callback writes */
		emit_ld_map(g, 1, FIX_HASH_RO);
		emit_call_fn(g, FN_EACH_CB, FIX_HASH_RO, true, 2);
		E(g, KBPF_MOV64_IMM(3, 0));
		E(g, KBPF_MOV64_IMM(4, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_for_each_map_elem));
		break;
	}
}

/* Shape 4: a tail call, inline or from a subprogram. */
static void block_tail_call(struct gen *g)
{
	enum gen_fixture f = FIX_PA_FIRST + rnd(g, FIX_NR - FIX_PA_FIRST);

	shape(g, SHAPE_TAIL_CALL);
	if (chance(g, 50)) {
		/* the prog array of the program's own kind */
		switch (g->p->prog_type) {
		case KBPF_PROG_TYPE_RAW_TRACEPOINT:
			f = FIX_PA_RAW_TP;
			break;
		case KBPF_PROG_TYPE_KPROBE:
			f = FIX_PA_KPROBE;
			break;
		case KBPF_PROG_TYPE_SOCKET_FILTER:
			f = FIX_PA_SKB;
			break;
		default:
			f = FIX_PA_SYSCALL;
			break;
		}
	}
	E(g, KBPF_MOV64_REG(1, 6));
	if (chance(g, 30)) {
		emit_call_fn(g, FN_TAIL, f, false, 0);
		return;
	}
	emit_ld_map(g, 2, f);
	E(g, KBPF_MOV64_IMM(3, rnd(g, 5)));
	E(g, KBPF_CALL_HELPER(KBPF_FUNC_tail_call));
}

/* Shape 5: NULL memory (or a maybe-NULL pointer) with a size. */
static void block_null_mem(struct gen *g)
{
	uint32_t skip = UINT32_MAX;

	shape(g, SHAPE_NULL_MEM);
	switch (rnd(g, 8)) {
	case 0:
		/* snprintf(NULL or stack, size, "fuzz", NULL or stack, 0/8) */
		if (chance(g, 80)) {
			E(g, KBPF_MOV64_IMM(1, 0));
		} else {
			E(g, KBPF_MOV64_REG(1, 10));
			E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, SLOT_SPILL - 8));
		}
		emit_size(g, 2, 16);
		emit_ld_imm64(g, 3, KBPF_PSEUDO_MAP_VALUE, FIX_STR, 0);
		if (chance(g, 70)) {
			E(g, KBPF_MOV64_IMM(4, 0));
		} else {
			E(g, KBPF_MOV64_REG(4, 10));
			E(g, KBPF_ALU64_IMM(KBPF_ADD, 4, SLOT_SPILL));
		}
		E(g, KBPF_MOV64_IMM(5, chance(g, 60) ? 0 : 8));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_snprintf));
		break;
	case 1:
		E(g, KBPF_MOV64_IMM(1, 0));
		emit_size(g, 2, 16);
		E(g, KBPF_MOV64_REG(3, 10));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_probe_read_kernel));
		break;
	case 2:
		E(g, KBPF_MOV64_IMM(1, 0));
		emit_size(g, 2, 16);
		E(g, KBPF_MOV64_IMM(3, 0));
		E(g, KBPF_MOV64_REG(4, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 4, SLOT_DYNPTR));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_from_mem));
		break;
	case 3:
		emit_ld_map(g, 1, FIX_RINGBUF);
		E(g, KBPF_MOV64_IMM(2, 0));
		emit_size(g, 3, 16);
		E(g, KBPF_MOV64_IMM(4, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_output));
		break;
	case 4:
		E(g, KBPF_MOV64_IMM(1, 0));
		emit_size(g, 2, 8);
		emit_ld_imm64(g, 3, KBPF_PSEUDO_MAP_VALUE, FIX_STR, 0);
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_strncmp));
		break;
	case 5:
		E(g, KBPF_MOV64_IMM(1, 0));
		emit_size(g, 2, 16);
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_get_current_comm));
		break;
	case 6:
		/* a lookup result, maybe unchecked, as a destination */
		skip = emit_lookup0(g, FIX_ARRAY, chance(g, 30));
		E(g, KBPF_MOV64_REG(1, 7));
		emit_size(g, 2, 64);
		E(g, KBPF_MOV64_REG(3, 10));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_probe_read_kernel));
		patch(g, skip);
		break;
	default:
		/* dynptr_write(ringbuf dynptr, 0, NULL, size, 0) */
		E(g, KBPF_MOV64_IMM(1, 0));
		E(g, KBPF_MOV64_IMM(2, 0));
		E(g, KBPF_MOV64_IMM(3, 0));
		E(g, KBPF_MOV64_REG(4, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 4, SLOT_DYNPTR));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_from_mem));
		E(g, KBPF_MOV64_REG(1, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, SLOT_DYNPTR));
		E(g, KBPF_MOV64_IMM(2, 0));
		E(g, KBPF_MOV64_IMM(3, 0));
		emit_size(g, 4, 16);
		E(g, KBPF_MOV64_IMM(5, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_write));
		break;
	}
}

/* A pointer into r@r: ctx, the stack, or a map value (r7, checked). */
uint32_t emit_some_ptr(struct gen *g, uint8_t r)
{
	uint32_t skip = UINT32_MAX;

	switch (rnd(g, 3)) {
	case 0:
		E(g, KBPF_MOV64_REG(r, 6));
		break;
	case 1:
		E(g, KBPF_MOV64_REG(r, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, r, -8 * (1 + (int32_t)rnd(g, 4))));
		break;
	default:
		skip = emit_lookup0(g, FIX_ARRAY, true);
		E(g, KBPF_MOV64_REG(r, 7));
		break;
	}
	return skip;
}

/*
 * Shape 6: BPF_CMPXCHG with a pointer in R0 (or as the new value), NULL
 * checks of maybe-NULL pointers, other comparisons with pointers.
 */
static void block_ptr_cmp(struct gen *g)
{
	static const uint8_t null_ops[] = { KBPF_JEQ, KBPF_JNE };
	uint32_t skip = UINT32_MAX, j;
	uint8_t cls;

	shape(g, SHAPE_PTR_CMP);
	switch (rnd(g, 5)) {
	case 0:
	case 1:
		/* *(u64 *)(stack or map value) cmpxchg: R0 or src a pointer */
		skip = emit_some_ptr(g, 0);
		if (chance(g, 30)) {
			E(g, KBPF_MOV64_REG(1, 0));
			E(g, KBPF_MOV64_IMM(0, 0));
		} else {
			E(g, KBPF_MOV64_REG(1, 8));
		}
		if (chance(g, 50)) {
			E(g, KBPF_ATOMIC_OP(KBPF_DW, KBPF_CMPXCHG, 10, 1,
					    SLOT_SPILL));
		} else {
			emit_ld_imm64(g, 2, KBPF_PSEUDO_MAP_VALUE, FIX_ARRAY1,
				      8 * rnd(g, 6));
			E(g, KBPF_ATOMIC_OP(KBPF_DW, KBPF_CMPXCHG, 2, 1, 0));
		}
		E(g, KBPF_MOV64_IMM(0, 0));
		break;
	case 2:
		/* the NULL check of a lookup: JEQ/JNE 0, a zero register, 32-bit */
		E(g, KBPF_ST_MEM(KBPF_DW, 10, SLOT_KEY, rnd(g, 10)));
		E(g, KBPF_MOV64_REG(2, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 2, SLOT_KEY));
		emit_ld_map(g, 1, chance(g, 50) ? FIX_HASH : FIX_ARRAY);
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
		cls = chance(g, 85) ? KBPF_JMP : KBPF_JMP32;
		if (chance(g, 70)) {
			j = emit_jmp(g, cls | null_ops[rnd(g, 2)] | KBPF_K, 0,
				     0, chance(g, 90) ? 0 : 1);
		} else {
			E(g, KBPF_MOV64_IMM(1, 0));
			j = emit_jmp(g, cls | null_ops[rnd(g, 2)] | KBPF_X, 0,
				     1, 0);
		}
		/* one side may be NULL: either is accessed or not */
		if (chance(g, 50))
			E(g, KBPF_ST_MEM(KBPF_W, 0, 0, 1));
		patch(g, j);
		break;
	default:
		/* pointer against pointer, scalar or non-NULL against 0 */
		skip = emit_some_ptr(g, 1);
		cls = chance(g, 85) ? KBPF_JMP : KBPF_JMP32;
		switch (rnd(g, 3)) {
		case 0:
			j = emit_jmp(g, cls | jmp_ops[rnd(g, sizeof(jmp_ops))] |
				     KBPF_X, 1, chance(g, 50) ? 10 : 6, 0);
			break;
		case 1:
			j = emit_jmp(g, cls | jmp_ops[rnd(g, sizeof(jmp_ops))] |
				     KBPF_X, chance(g, 50) ? 1 : 8,
				     chance(g, 50) ? 8 : 1, 0);
			break;
		default:
			j = emit_jmp(g, cls | null_ops[rnd(g, 2)] | KBPF_K, 1,
				     0, 0);
			break;
		}
		E(g, KBPF_MOV64_IMM(8, 1));
		patch(g, j);
		break;
	}
	patch(g, skip);
}

static void emit_function(struct gen *g, uint32_t fn)
{
	uint32_t n = 1 + rnd(g, 3), i;

	switch (g->fn_kind[fn]) {
	case FN_SUB:
		/* r1: a pointer to 40 stack bytes of the caller, or a scalar */
		if (g->fn_arg[fn] < 2) {
			for (i = 0; i < n; i++)
				emit_access(g, 1, 40, false, 0);
		}
		E(g, KBPF_MOV64_IMM(0, rnd(g, 4)));
		break;
	case FN_LOOP_CB:
		/* r1 index, r2 the 16-byte ctx */
		for (i = 0; i < n; i++)
			emit_access(g, 2, 16, false, 0);
		E(g, KBPF_MOV64_IMM(0, chance(g, 80) ? 0 : 1));
		break;
	case FN_EACH_CB: {
		const struct gen_fixture_desc *d = &gen_fixtures[g->fn_arg[fn]];

		/* r1 map, r2 key, r3 value, r4 ctx */
		for (i = 0; i < n; i++) {
			if (chance(g, 30))
				emit_access(g, 2, d->key_size, true, 0);
			else
				emit_access(g, 3, d->value_size, false, 0);
		}
		E(g, KBPF_MOV64_IMM(0, 0));
		break;
	}
	case FN_DRAIN_CB:
		/* r1 the sample's dynptr, r2 the ctx (caller's stack) */
		switch (g->fn_arg[fn]) {
		case DRAIN_STORE_CALLER:
			E(g, KBPF_STX_MEM(chance(g, 90) ? KBPF_DW : KBPF_W, 2, 1,
					  0));
			break;
		case DRAIN_STORE_OWN:
			E(g, KBPF_STX_MEM(KBPF_DW, 10, 1, -8));
			E(g, KBPF_LDX_MEM(KBPF_DW, 1, 10, -8));
			/* fall through */
		case DRAIN_OFFSET:
			if (g->fn_arg[fn] == DRAIN_OFFSET)
				E(g, KBPF_ALU64_IMM(KBPF_ADD, 1,
						    chance(g, 50) ? 8 : 16));
			/* fall through */
		default:
			/* bpf_dynptr_read(own stack, 8, r1, 0, 0) */
			E(g, KBPF_MOV64_REG(3, 1));
			E(g, KBPF_MOV64_REG(1, 10));
			E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, -16));
			E(g, KBPF_MOV64_IMM(2, 8));
			E(g, KBPF_MOV64_IMM(4, 0));
			E(g, KBPF_MOV64_IMM(5, 0));
			E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_read));
			break;
		}
		E(g, KBPF_MOV64_IMM(0, 0));
		break;
	case FN_ANY_CB:
		emit_any_cb(g, g->fn_arg[fn]);
		return;
	case FN_TAIL:
		/* r1 the caller's ctx: tail call through fixture fn_arg */
		emit_ld_map(g, 2, g->fn_arg[fn]);
		E(g, KBPF_MOV64_IMM(3, rnd(g, 5)));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_tail_call));
		E(g, KBPF_MOV64_IMM(0, 0));
		break;
	}
	E(g, KBPF_EXIT_INSN());
}

static void gen_template(struct gen *g)
{
	static void (*const blocks[])(struct gen *g) = {
		block_lookup, block_lookup, block_lookup, block_direct,
		block_spill, block_stack_var, block_ctx, block_loop,
		block_subprog, block_ringbuf, block_dynptr, block_bpf_loop,
		block_for_each, block_scalar, block_scalar,
		block_func_ptr, block_dynptr_spill, block_map_access,
		block_tail_call, block_null_mem, block_ptr_cmp,
		block_helper_mem, block_callbacks, block_dynptr_kinds,
		block_spill_types, block_tail_xtype, block_rdwr_only,
		block_atomic_ptr, block_subreg,
	};
	struct gen_prog *p = g->p;
	uint32_t n = 1 + rnd(g, 5), i, start;
	int32_t off;

	E(g, KBPF_MOV64_REG(6, 1));
	for (off = -STACK_INIT; off < 0; off += 8)
		E(g, KBPF_ST_MEM(KBPF_DW, 10, off, 0));
	E(g, KBPF_MOV64_IMM(8, rnd(g, 64)));
	E(g, KBPF_MOV64_IMM(9, rnd(g, 64)));
	for (i = 0; i < n && !g->full; i++)
		blocks[rnd(g, sizeof(blocks) / sizeof(blocks[0]))](g);
	E(g, KBPF_MOV64_IMM(0, 0));
	E(g, KBPF_EXIT_INSN());

	for (i = 0; i < g->nr_fn; i++) {
		uint32_t k;

		start = p->len;
		emit_function(g, i);
		for (k = 0; k < g->nr_fix; k++)
			if (g->fix_fn[k] == i)
				p->insns[g->fix_at[k]].imm =
					(int32_t)start - (int32_t)g->fix_at[k] - 1;
	}
	p->safe = true;
}

/* Random instructions with valid opcodes, mostly sane fields. */
static void gen_soup(struct gen *g)
{
	static const uint8_t classes[] = {
		KBPF_ALU, KBPF_ALU64, KBPF_JMP, KBPF_JMP32, KBPF_LDX, KBPF_ST,
		KBPF_STX, KBPF_LD,
	};
	uint32_t n = 2 + rnd(g, 40), i;

	for (i = 0; i + 1 < n; i++) {
		uint8_t cls = classes[rnd(g, sizeof(classes))];
		uint8_t dst = chance(g, 95) ? rnd(g, 11) : rnd(g, 16);
		uint8_t src = chance(g, 95) ? rnd(g, 11) : rnd(g, 16);
		int16_t off = chance(g, 70) ? (int16_t)(rnd(g, 16) - 8) :
					      (int16_t)gen_mix(&g->rng);
		int32_t imm = chance(g, 70) ? (int32_t)rnd(g, 64) :
					      (int32_t)gen_mix(&g->rng);
		uint8_t code;

		switch (cls) {
		case KBPF_ALU:
		case KBPF_ALU64:
			code = cls | alu_ops[rnd(g, sizeof(alu_ops))] |
			       (chance(g, 50) ? KBPF_X : KBPF_K);
			if (chance(g, 85))
				off = 0;
			break;
		case KBPF_JMP:
		case KBPF_JMP32:
			if (chance(g, 10) && cls == KBPF_JMP) {
				code = KBPF_JMP | KBPF_CALL;
				imm = chance(g, 80) ? (int32_t)rnd(g, 212) : imm;
				src = dst = 0;
				off = 0;
				break;
			}
			code = cls | jmp_ops[rnd(g, sizeof(jmp_ops))] |
			       (chance(g, 50) ? KBPF_X : KBPF_K);
			off = rnd(g, n - i) - (chance(g, 20) ? rnd(g, i + 1) : 0);
			break;
		case KBPF_LDX:
			code = cls | KBPF_MEM | sizes[rnd(g, 4)];
			if (chance(g, 30))
				src = 10, off = -8 * (1 + rnd(g, 8));
			break;
		case KBPF_ST:
			code = cls | KBPF_MEM | sizes[rnd(g, 4)];
			if (chance(g, 50))
				dst = 10, off = -8 * (1 + rnd(g, 8));
			break;
		case KBPF_STX:
			code = cls | (chance(g, 80) ? KBPF_MEM : KBPF_ATOMIC) |
			       sizes[rnd(g, 4)];
			if (chance(g, 50))
				dst = 10, off = -8 * (1 + rnd(g, 8));
			if ((code & 0xe0) == KBPF_ATOMIC)
				imm = chance(g, 50) ? KBPF_ADD : KBPF_XCHG;
			break;
		default:
			if (i + 2 >= n)
				continue;
			emit_ld_imm64(g, dst, chance(g, 50) ?
				      KBPF_PSEUDO_MAP_FD : 0, rnd(g, FIX_NR),
				      0);
			i++;
			continue;
		}
		E(g, KBPF_RAW_INSN(code, dst, src, off, imm));
	}
	E(g, KBPF_EXIT_INSN());
	g->p->safe = false;
}

static void gen_mutate(struct gen *g)
{
	struct gen_prog *p = g->p;
	uint32_t n = 1 + rnd(g, 3), i;

	for (i = 0; i < n; i++) {
		uint32_t at = rnd(g, p->len), tries;
		struct kbpf_insn *insn;
		uint8_t cls;

		/*
		 * A loop whose trip count a change unbounds (a pointer or an
		 * unknown in the exit test, a start or step that skips the
		 * bound of a JNE) runs the verifier to its 1M-instruction
		 * limit: minutes on the debug kernel. Mostly left alone.
		 */
		for (tries = 0; g->trip[at] && tries < 4 && !chance(g, 3);
		     tries++)
			at = rnd(g, p->len);
		insn = &p->insns[at];
		cls = insn->code & 7;

		/* Second halves of ld_imm64 stay whole mostly. */
		if (!insn->code && at && chance(g, 90))
			continue;
		switch (rnd(g, 7)) {
		case 0:
			insn->off += (int16_t)(rnd(g, 17) - 8);
			break;
		case 1:
			if (cls == KBPF_JMP || cls == KBPF_JMP32)
				insn->off += chance(g, 50) ? 1 : -1;
			else
				insn->off ^= 1 << rnd(g, 6);
			break;
		case 2:
			if (chance(g, 50))
				insn->dst_reg = rnd(g, 11);
			else
				insn->src_reg = rnd(g, 11);
			break;
		case 3:
			insn->imm += (int32_t)(rnd(g, 17) - 8);
			break;
		case 4:
			if (cls == KBPF_LDX || cls == KBPF_ST || cls == KBPF_STX)
				insn->code = (insn->code & ~0x18) |
					     sizes[rnd(g, 4)];
			else
				insn->imm ^= 1U << rnd(g, 32);
			break;
		case 5:
			/* drop a check: a conditional jump becomes a nop */
			if ((cls == KBPF_JMP || cls == KBPF_JMP32) &&
			    (insn->code & 0xf0) != KBPF_CALL &&
			    (insn->code & 0xf0) != KBPF_EXIT)
				*insn = (struct kbpf_insn)KBPF_JMP_A(0);
			break;
		default:
			if (cls == KBPF_JMP && (insn->code & 0xf0) != KBPF_CALL &&
			    (insn->code & 0xf0) != KBPF_EXIT &&
			    (insn->code & 0xf0) != KBPF_JA)
				insn->code = (insn->code & 0x0f) |
					     jmp_ops[rnd(g, sizeof(jmp_ops))];
			break;
		}
	}
	p->safe = false;
}

void gen_scan_funcs(struct gen_prog *p)
{
	uint32_t i, j, k, to;

	p->funcs[0] = 0;
	p->nr_funcs = 1;
	p->callbacks = false;
	for (i = 0; i < p->len; i++) {
		const struct kbpf_insn *insn = &p->insns[i];
		bool call = insn->code == (KBPF_JMP | KBPF_CALL) &&
			    insn->src_reg == KBPF_PSEUDO_CALL;
		bool func = insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
			    insn->src_reg == KBPF_PSEUDO_FUNC;

		if (!call && !func)
			continue;
		p->callbacks |= func;
		to = i + insn->imm + 1;
		if (to >= p->len)
			continue;
		for (j = 0; j < p->nr_funcs && p->funcs[j] < to; j++)
			;
		if ((j < p->nr_funcs && p->funcs[j] == to) ||
		    p->nr_funcs == GEN_MAX_FUNCS)
			continue;
		for (k = p->nr_funcs++; k > j; k--)
			p->funcs[k] = p->funcs[k - 1];
		p->funcs[j] = to;
	}
	/*
	 * Only callbacks get BTF on Linux: a subprogram's tail call is
	 * judged by Linux's rule without BTF, which kbpf follows.
	 */
	p->btf = p->callbacks;
}

void gen_program(struct gen_prog *p, uint64_t seed, uint64_t idx)
{
	struct gen g = { .p = p };
	uint32_t kind;

	g.rng = seed ^ (idx * 0xd1342543de82ef95ULL);
	gen_mix(&g.rng);
	memset(p, 0, sizeof(*p));
	/* Without CAP_PERFMON, Linux loads syscall and socket filters only. */
	switch (gen_priv == GEN_PRIV_BPF && !chance(&g, 5) ?
		8 + rnd(&g, 2) : rnd(&g, 10)) {
	case 0:
	case 1:
		p->prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT;
		p->ctx_size = 8 * (1 + rnd(&g, 12));
		break;
	case 2:
		p->prog_type = KBPF_PROG_TYPE_KPROBE;
		p->ctx_size = 168;	/* struct pt_regs; never run */
		break;
	case 8:
		/*
		 * Run on a packet, without a ctx_in; the first 20 bytes of
		 * __sk_buff are fields it may read (len to protocol).
		 */
		p->prog_type = KBPF_PROG_TYPE_SOCKET_FILTER;
		p->ctx_size = 20;
		break;
	default:
		p->prog_type = KBPF_PROG_TYPE_SYSCALL;
		p->flags = KBPF_F_SLEEPABLE;
		p->ctx_size = 8 * rnd(&g, 9);
		break;
	}
	kind = rnd(&g, 10);
	if (kind < 2) {
		p->kind = GEN_SOUP;
		gen_soup(&g);
	} else {
		gen_template(&g);
		p->kind = GEN_TEMPLATE;
		if (kind >= 7) {
			p->kind = GEN_MUTANT;
			gen_mutate(&g);
		}
	}
	gen_scan_funcs(p);
}
