// SPDX-License-Identifier: GPL-2.0
/*
 * The template blocks of issue 19: what the fuzzer of issue 15 never
 * made. Each block marks its shape (gen_prog.shapes), so a run counts
 * what every generator got accepted:
 * - helper_mem: memory and size argument pairs of every helper that has
 *   one, with NULL, the stack, a map value, ctx or a direct value, and
 *   sizes of 0, 1, the region, one past it, U32_MAX, -1, 1 << 29, bounded
 *   and unbounded scalars;
 * - callbacks: bpf_loop, bpf_for_each_map_elem (every fixture, the
 *   wrong kinds too) and bpf_user_ringbuf_drain, their callback pointer
 *   moved, truncated, spilled whole or in part, passed in another
 *   argument, and callbacks that return out of range, nest, or store
 *   into their caller's stack;
 * - dynptr_kinds: local dynptrs over map values, ringbuf dynptrs and a
 *   drain's dynptr, read, written, sliced, overwritten, released twice
 *   or never, at odd stack offsets;
 * - spill_types: every register type spilled whole or in part and
 *   filled, then used as what it was;
 * - tail_xtype: tail calls through the prog array of every program kind,
 *   with odd ctx, index and map arguments, a reference held, or from a
 *   subprogram, a callback or a loop;
 * - rdwr_only: RDONLY_PROG and WRONLY_PROG maps through loads, stores,
 *   atomics, helpers that read or write and callbacks;
 * - atomic_ptr: atomics whose operand, target or fetched value is a
 *   pointer, on the stack, map values, ctx and spilled pointers;
 * - subreg: 32-bit subregisters and sign extension (movsx, ldxsx,
 *   alu32, byte swaps, signed division) under JMP32 guards, used as
 *   offsets.
 */
#include "gen_int.h"

static void emit_mov_u64(struct gen *g, uint8_t r, uint64_t v)
{
	emit_ld_imm64(g, r, 0, (int32_t)v, (int32_t)(v >> 32));
}

/*
 * r@r = some memory: NULL, the stack, a map value (looked up: clobbers
 * r0-r5 and r7, so first), ctx or a direct map value. *@limit gets the
 * bytes it has from there. Returns a jump to patch after the use.
 */
static uint32_t emit_mem(struct gen *g, uint8_t r, uint32_t *limit,
			 bool lookup)
{
	uint32_t skip = UINT32_MAX;
	int32_t off;

	switch (rnd(g, lookup ? 7 : 5)) {
	case 0:
		E(g, KBPF_MOV64_IMM(r, 0));
		*limit = 0;
		break;
	case 1:
	case 2:
		off = -8 * (1 + (int32_t)rnd(g, 12));
		if (chance(g, 10))
			off += rnd(g, 8);
		E(g, KBPF_MOV64_REG(r, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, r, off));
		*limit = -off;
		break;
	case 3:
		E(g, KBPF_MOV64_REG(r, 6));
		*limit = g->p->ctx_size;
		break;
	case 4:
		off = 8 * rnd(g, 6);
		emit_ld_imm64(g, r, KBPF_PSEUDO_MAP_VALUE, FIX_ARRAY1, off);
		*limit = 48 - off;
		break;
	default:
		skip = emit_lookup0(g, FIX_ARRAY, chance(g, 92));
		off = chance(g, 70) ? 0 : 8 * rnd(g, 9);
		E(g, KBPF_MOV64_REG(r, 7));
		if (off)
			E(g, KBPF_ALU64_IMM(KBPF_ADD, r, off));
		*limit = off > 64 ? 0 : 64 - off;
		break;
	}
	return skip;
}

/*
 * r@r = a size for @limit bytes: 0, 1, the limit, one past, the maxima,
 * or r8 bounded or not. A guard's jump, to patch past the call, goes to
 * *@guard.
 */
static void emit_mem_size(struct gen *g, uint8_t r, uint32_t limit,
			  uint32_t *guard)
{
	uint32_t mask = 1;

	*guard = UINT32_MAX;
	switch (rnd(g, 12)) {
	case 0:
		E(g, KBPF_MOV64_IMM(r, 0));
		break;
	case 1:
		E(g, KBPF_MOV64_IMM(r, 1));
		break;
	case 2:
	case 3:
		E(g, KBPF_MOV64_IMM(r, limit ? limit : 8));
		break;
	case 4:
		E(g, KBPF_MOV64_IMM(r, limit + 1));
		break;
	case 5:
		E(g, KBPF_MOV32_IMM(r, -1));
		break;
	case 6:
		E(g, KBPF_MOV64_IMM(r, -1));
		break;
	case 7:
		emit_mov_u64(g, r, chance(g, 50) ? 1U << 29 : 0x7fffffff);
		break;
	case 8:
		while (mask * 2 <= limit)
			mask *= 2;
		E(g, KBPF_MOV64_REG(r, 8));
		E(g, KBPF_ALU64_IMM(KBPF_AND, r, mask - 1));
		break;
	case 9:
		E(g, KBPF_MOV64_REG(r, 8));
		*guard = emit_jmp(g, KBPF_JMP | KBPF_JGT | KBPF_K, r, 0,
				  limit + (chance(g, 20) ? 1 : 0));
		break;
	case 10:
		/* a lower bound too: some helpers take no zero size */
		E(g, KBPF_MOV64_REG(r, 8));
		*guard = emit_jmp(g, KBPF_JMP | KBPF_JGT | KBPF_K, r, 0,
				  limit);
		E(g, KBPF_ALU64_IMM(KBPF_OR, r, 1));
		break;
	default:
		E(g, KBPF_MOV64_REG(r, 8));
		break;
	}
}

/* Helpers with a memory and size pair. */
void block_helper_mem(struct gen *g)
{
	static const int32_t helpers[] = {
		KBPF_FUNC_probe_read_kernel, KBPF_FUNC_probe_read_kernel_str,
		KBPF_FUNC_probe_read_user, KBPF_FUNC_get_current_comm,
		KBPF_FUNC_snprintf, KBPF_FUNC_ringbuf_output,
		KBPF_FUNC_strncmp, KBPF_FUNC_dynptr_from_mem,
		KBPF_FUNC_copy_from_user, KBPF_FUNC_trace_printk,
		KBPF_FUNC_dynptr_read,
	};
	int32_t fn = helpers[rnd(g, sizeof(helpers) / sizeof(helpers[0]))];
	uint32_t skip, guard, limit, limit2, guard2 = UINT32_MAX;
	uint8_t mem = 1, size = 2;

	shape(g, SHAPE_HELPER_MEM);
	if (fn == KBPF_FUNC_dynptr_read) {
		/* a local dynptr over the 48-byte direct value */
		emit_ld_imm64(g, 1, KBPF_PSEUDO_MAP_VALUE, FIX_ARRAY1, 0);
		E(g, KBPF_MOV64_IMM(2, 48));
		E(g, KBPF_MOV64_IMM(3, 0));
		E(g, KBPF_MOV64_REG(4, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 4, SLOT_DYNPTR));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_from_mem));
	}
	switch (fn) {
	case KBPF_FUNC_ringbuf_output:
		mem = 2;
		size = 3;
		break;
	default:
		break;
	}
	skip = emit_mem(g, mem, &limit, true);
	emit_mem_size(g, size, limit, &guard);
	switch (fn) {
	case KBPF_FUNC_probe_read_kernel:
	case KBPF_FUNC_probe_read_kernel_str:
	case KBPF_FUNC_probe_read_user:
	case KBPF_FUNC_copy_from_user:
		if (chance(g, 60))
			E(g, KBPF_MOV64_REG(3, 10));
		else
			E(g, KBPF_MOV64_IMM(3, 0));
		break;
	case KBPF_FUNC_snprintf:
		emit_ld_imm64(g, 3, KBPF_PSEUDO_MAP_VALUE, FIX_STR, 0);
		emit_mem(g, 4, &limit2, false);
		emit_mem_size(g, 5, limit2, &guard2);
		if (chance(g, 70))
			E(g, KBPF_ALU64_IMM(KBPF_AND, 5, 8));
		break;
	case KBPF_FUNC_ringbuf_output:
		emit_ld_map(g, 1, FIX_RINGBUF);
		E(g, KBPF_MOV64_IMM(4, chance(g, 90) ? 0 : 1));
		break;
	case KBPF_FUNC_strncmp:
		emit_ld_imm64(g, 3, KBPF_PSEUDO_MAP_VALUE, FIX_STR,
			      chance(g, 90) ? 0 : 8);
		break;
	case KBPF_FUNC_dynptr_from_mem:
		E(g, KBPF_MOV64_IMM(3, chance(g, 90) ? 0 : 1));
		E(g, KBPF_MOV64_REG(4, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 4, SLOT_DYNPTR));
		break;
	case KBPF_FUNC_trace_printk:
		E(g, KBPF_MOV64_REG(3, 8));
		break;
	case KBPF_FUNC_dynptr_read:
		/* from that dynptr */
		E(g, KBPF_MOV64_REG(3, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, SLOT_DYNPTR));
		E(g, KBPF_MOV64_IMM(4, rnd(g, 20)));
		E(g, KBPF_MOV64_IMM(5, 0));
		break;
	default:
		break;
	}
	E(g, KBPF_CALL_HELPER(fn));
	patch(g, guard);
	patch(g, guard2);
	patch(g, skip);
}

/* Which helper a FN_ANY_CB callback serves, and how it behaves. */
enum cb_helper { CB_LOOP, CB_EACH, CB_DRAIN, CB_NR };
#define CB_ARG(helper, how, fix)	((helper) | (how) << 2 | (fix) << 8)

/* A callback of bpf_loop, bpf_for_each_map_elem or user_ringbuf_drain. */
void emit_any_cb(struct gen *g, uint32_t arg)
{
	enum cb_helper helper = arg & 3;
	uint32_t how = (arg >> 2) & 15, fix = arg >> 8;
	uint8_t ctx = helper == CB_EACH ? 4 : 2;
	const struct gen_fixture_desc *d = &gen_fixtures[fix < FIX_NR ? fix : 0];

	switch (how) {
	case 0:
	case 1:
		emit_access(g, ctx, 16, false, 0);
		E(g, KBPF_MOV64_IMM(0, how));
		break;
	case 2:
		E(g, KBPF_MOV64_IMM(0, chance(g, 50) ? 2 : -1));
		break;
	case 3:
		/* the loop index, a value byte, or anything */
		if (helper == CB_EACH)
			E(g, KBPF_LDX_MEM(KBPF_B, 0, 3, 0));
		else
			E(g, KBPF_MOV64_REG(0, 1));
		if (chance(g, 60))
			E(g, KBPF_ALU64_IMM(KBPF_AND, 0, 1));
		break;
	case 4:
		if (helper == CB_EACH) {
			emit_access(g, 3, d->value_size, false, 0);
			emit_access(g, 2, d->key_size, true, 0);
		} else if (helper == CB_DRAIN) {
			E(g, KBPF_MOV64_REG(3, 1));
			E(g, KBPF_MOV64_REG(1, 10));
			E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, -16));
			E(g, KBPF_MOV64_IMM(2, 1 + rnd(g, 16)));
			E(g, KBPF_MOV64_IMM(4, rnd(g, 4)));
			E(g, KBPF_MOV64_IMM(5, 0));
			E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_read));
		} else {
			emit_access(g, 2, 16, false, chance(g, 90) ? 0 : 8);
		}
		E(g, KBPF_MOV64_IMM(0, 0));
		break;
	case 5:
		/* a nested bpf_loop with the same ctx */
		E(g, KBPF_MOV64_REG(3, ctx));
		E(g, KBPF_MOV64_IMM(1, 1 + rnd(g, 3)));
		emit_call_fn(g, FN_ANY_CB, CB_ARG(CB_LOOP, rnd(g, 5), 0), true,
			     2);
		E(g, KBPF_MOV64_IMM(4, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_loop));
		E(g, KBPF_MOV64_IMM(0, 0));
		break;
	case 6:
		/* the caller's stack gets a pointer or a scalar */
		if (chance(g, 50))
			E(g, KBPF_STX_MEM(KBPF_DW, ctx, 10, 0));
		else if (chance(g, 50))
			E(g, KBPF_STX_MEM(KBPF_DW, ctx, helper == CB_EACH ? 3 : 1,
					  8));
		else
			E(g, KBPF_ST_MEM(KBPF_DW, ctx, 0, 7));
		E(g, KBPF_MOV64_IMM(0, 0));
		break;
	case 7:
		/* for_each: a lookup in the map it was given */
		if (helper == CB_EACH) {
			E(g, KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
			E(g, KBPF_MOV64_IMM(0, 0));
		} else {
			E(g, KBPF_MOV64_REG(0, ctx));	/* a pointer */
		}
		break;
	default:
		/* a tail call: not in a subprogram without BTF */
		E(g, KBPF_MOV64_REG(1, ctx));
		emit_ld_map(g, 2, FIX_PA_RAW_TP);
		E(g, KBPF_MOV64_IMM(3, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_tail_call));
		E(g, KBPF_MOV64_IMM(0, 0));
		break;
	}
	E(g, KBPF_EXIT_INSN());
}

/* Every callback helper, with its callback pointer changed or not. */
void block_callbacks(struct gen *g)
{
	static const enum gen_fixture each[] = {
		FIX_ARRAY, FIX_HASH, FIX_PERCPU, FIX_LRU, FIX_HASH_RO,
		FIX_ARRAY_WO, FIX_ARRAY_RO, FIX_RINGBUF, FIX_PA_RAW_TP,
		FIX_USER_RB,
	};
	enum cb_helper helper = rnd(g, CB_NR);
	enum gen_fixture f = each[chance(g, 80) ? rnd(g, 5) : rnd(g, 10)];
	uint32_t skip = UINT32_MAX, how = rnd(g, 9);
	int32_t fn;

	shape(g, SHAPE_CALLBACKS);
	/* the ctx: the stack mostly; a map value, ctx, NULL or a scalar */
	switch (rnd(g, 8)) {
	case 0:
		skip = emit_lookup0(g, FIX_ARRAY, true);
		E(g, KBPF_MOV64_REG(3, 7));
		break;
	case 1:
		E(g, KBPF_MOV64_REG(3, 6));
		break;
	case 2:
		E(g, KBPF_MOV64_IMM(3, chance(g, 50) ? 0 : 8));
		break;
	default:
		E(g, KBPF_MOV64_REG(3, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, SLOT_LOOP_CTX));
		break;
	}
	switch (helper) {
	case CB_LOOP:
		fn = KBPF_FUNC_loop;
		switch (rnd(g, 6)) {
		case 0:
			E(g, KBPF_MOV64_IMM(1, 0));
			break;
		case 1:
			/*
			 * Far past the limit: -E2BIG at run time, and still
			 * after a mutation of a few (1 << 23 loops would take
			 * minutes of a checked run under TCG).
			 */
			E(g, KBPF_MOV64_IMM(1, 0x7fffff00));
			break;
		case 2:
			/* an unknown count, kept small: runs are checked */
			E(g, KBPF_MOV64_REG(1, 8));
			E(g, KBPF_ALU64_IMM(KBPF_AND, 1, 15));
			break;
		default:
			E(g, KBPF_MOV64_IMM(1, 1 + rnd(g, 8)));
			break;
		}
		break;
	case CB_EACH:
		fn = KBPF_FUNC_for_each_map_elem;
		emit_ld_map(g, 1, f);
		break;
	default:
		fn = KBPF_FUNC_user_ringbuf_drain;
		emit_ld_map(g, 1, chance(g, 90) ? FIX_USER_RB : FIX_RINGBUF);
		break;
	}
	emit_call_fn(g, FN_ANY_CB, CB_ARG(helper, how, f), true, 2);
	switch (rnd(g, 12)) {
	case 0:
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 2, chance(g, 50) ? 8 : 1));
		break;
	case 1:
		E(g, KBPF_MOV32_REG(2, 2));
		break;
	case 2:
		E(g, KBPF_STX_MEM(KBPF_DW, 10, 2, SLOT_SPILL));
		E(g, KBPF_LDX_MEM(KBPF_DW, 2, 10, SLOT_SPILL));
		break;
	case 3:
		/* spilled, half overwritten, filled */
		E(g, KBPF_STX_MEM(KBPF_DW, 10, 2, SLOT_SPILL));
		E(g, KBPF_ST_MEM(KBPF_W, 10, SLOT_SPILL + 4, 0));
		E(g, KBPF_LDX_MEM(KBPF_DW, 2, 10, SLOT_SPILL));
		break;
	case 4:
		E(g, KBPF_STX_MEM(KBPF_W, 10, 2, SLOT_SPILL));
		E(g, KBPF_LDX_MEM(KBPF_W, 2, 10, SLOT_SPILL));
		break;
	case 5:
		/* the pointer as the ctx, a scalar as the callback */
		E(g, KBPF_MOV64_REG(3, 2));
		if (chance(g, 50))
			E(g, KBPF_MOV64_IMM(2, 0));
		break;
	case 6:
		/* a variable offset of 0 */
		E(g, KBPF_MOV64_REG(4, 8));
		E(g, KBPF_ALU64_IMM(KBPF_AND, 4, 0));
		E(g, KBPF_ALU64_REG(KBPF_ADD, 2, 4));
		break;
	default:
		break;
	}
	E(g, KBPF_MOV64_IMM(4, chance(g, 92) ? 0 : 1));
	E(g, KBPF_CALL_HELPER(fn));
	if (chance(g, 30)) {
		/* the helper's result as an offset */
		E(g, KBPF_MOV64_REG(9, 0));
		E(g, KBPF_ALU64_IMM(KBPF_AND, 9, 15));
	}
	patch(g, skip);
}

/* r@r = the dynptr slot, usually where it was made. */
static void emit_dynptr_ptr(struct gen *g, uint8_t r, int32_t slot)
{
	E(g, KBPF_MOV64_REG(r, 10));
	E(g, KBPF_ALU64_IMM(KBPF_ADD, r,
			    chance(g, 95) ? slot : slot + 8 * (chance(g, 50) ? 1 : -1)));
}

/* One operation on the dynptr at @slot over @size bytes. */
static void emit_dynptr_op(struct gen *g, int32_t slot, uint32_t size)
{
	uint32_t j;

	switch (rnd(g, 6)) {
	case 0:
	case 1:
		/* dynptr_read(fp - 96, len, d, off, 0) */
		E(g, KBPF_MOV64_REG(1, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, -96));
		E(g, KBPF_MOV64_IMM(2, chance(g, 80) ? 1 + rnd(g, 16) : 17));
		emit_dynptr_ptr(g, 3, slot);
		if (chance(g, 80))
			E(g, KBPF_MOV64_IMM(4, rnd(g, size + 8)));
		else
			E(g, KBPF_MOV64_REG(4, 8));
		E(g, KBPF_MOV64_IMM(5, chance(g, 95) ? 0 : 1));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_read));
		break;
	case 2:
		/* dynptr_write(d, off, fp - 96, len, 0) */
		emit_dynptr_ptr(g, 1, slot);
		E(g, KBPF_MOV64_IMM(2, rnd(g, size + 8)));
		E(g, KBPF_MOV64_REG(3, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, -96));
		E(g, KBPF_MOV64_IMM(4, 1 + rnd(g, 16)));
		E(g, KBPF_MOV64_IMM(5, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_write));
		break;
	case 3:
		/* r0 = dynptr_data(d, off, len): a slice */
		emit_dynptr_ptr(g, 1, slot);
		E(g, KBPF_MOV64_IMM(2, rnd(g, size + 4)));
		if (chance(g, 85))
			E(g, KBPF_MOV64_IMM(3, 1 + rnd(g, 16)));
		else
			E(g, KBPF_MOV64_REG(3, 8));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_data));
		j = chance(g, 92) ?
		    emit_jmp(g, KBPF_JMP | KBPF_JEQ | KBPF_K, 0, 0, 0) :
		    UINT32_MAX;
		emit_access(g, 0, 8, false, 0);
		patch(g, j);
		break;
	case 4:
		/* the slot overwritten in part, or read as data */
		if (chance(g, 50))
			E(g, KBPF_ST_MEM(sizes[rnd(g, 4)], 10,
					 slot + 4 * (int32_t)rnd(g, 4), 0));
		else
			E(g, KBPF_LDX_MEM(KBPF_DW, 9, 10,
					  slot + 8 * (int32_t)rnd(g, 2)));
		break;
	default:
		/* copied as two stack words to another slot, used there */
		E(g, KBPF_LDX_MEM(KBPF_DW, 1, 10, slot));
		E(g, KBPF_STX_MEM(KBPF_DW, 10, 1, SLOT_SPILL - 32));
		E(g, KBPF_LDX_MEM(KBPF_DW, 1, 10, slot + 8));
		E(g, KBPF_STX_MEM(KBPF_DW, 10, 1, SLOT_SPILL - 24));
		E(g, KBPF_MOV64_REG(1, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, -96));
		E(g, KBPF_MOV64_IMM(2, 1));
		E(g, KBPF_MOV64_REG(3, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, SLOT_SPILL - 32));
		E(g, KBPF_MOV64_IMM(4, 0));
		E(g, KBPF_MOV64_IMM(5, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_read));
		break;
	}
}

/* A local, ringbuf or drain dynptr and what is done with it. */
void block_dynptr_kinds(struct gen *g)
{
	static const enum gen_fixture local[] = {
		FIX_ARRAY, FIX_ARRAY, FIX_ARRAY_RO, FIX_ARRAY_WO, FIX_HASH,
		FIX_PERCPU,
	};
	int32_t slot = chance(g, 85) ? SLOT_DYNPTR :
		       chance(g, 50) ? SLOT_DYNPTR + 4 : SLOT_DYNPTR - 8;
	uint32_t kind = rnd(g, 3), size, n = 1 + rnd(g, 3), i;
	uint32_t skip = UINT32_MAX;
	enum gen_fixture f;

	shape(g, SHAPE_DYNPTR_KINDS);
	if (kind == 2) {
		emit_ld_map(g, 1, FIX_USER_RB);
		emit_call_fn(g, FN_ANY_CB, CB_ARG(CB_DRAIN, chance(g, 50) ? 4 : rnd(g, 9), 0),
			     true, 2);
		E(g, KBPF_MOV64_REG(3, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, SLOT_LOOP_CTX));
		E(g, KBPF_MOV64_IMM(4, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_user_ringbuf_drain));
		return;
	}
	if (kind == 0) {
		f = local[rnd(g, 6)];
		size = gen_fixtures[f].value_size;
		skip = emit_lookup0(g, f, chance(g, 95));
		E(g, KBPF_MOV64_REG(1, 7));
		if (chance(g, 20))
			E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, 8));
		size = chance(g, 80) ? 1 + rnd(g, size) : size + 1;
		E(g, KBPF_MOV64_IMM(2, size));
		E(g, KBPF_MOV64_IMM(3, chance(g, 95) ? 0 : 1));
		emit_dynptr_ptr(g, 4, slot);
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_from_mem));
	} else {
		size = chance(g, 85) ? 8 * (1 + rnd(g, 8)) : 0x7fffffff;
		emit_ld_map(g, 1, FIX_RINGBUF);
		if (chance(g, 85))
			E(g, KBPF_MOV64_IMM(2, size));
		else
			E(g, KBPF_MOV64_REG(2, 8));
		E(g, KBPF_MOV64_IMM(3, chance(g, 95) ? 0 : 1));
		emit_dynptr_ptr(g, 4, slot);
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve_dynptr));
	}
	for (i = 0; i < n; i++)
		emit_dynptr_op(g, slot, size);
	if (kind == 1 ? chance(g, 95) : chance(g, 5)) {
		emit_dynptr_ptr(g, 1, slot);
		E(g, KBPF_MOV64_IMM(2, 0));
		E(g, KBPF_CALL_HELPER(chance(g, 50) ?
				      KBPF_FUNC_ringbuf_submit_dynptr :
				      KBPF_FUNC_ringbuf_discard_dynptr));
		if (chance(g, 5))
			emit_dynptr_op(g, slot, size);	/* after release */
	}
	patch(g, skip);
}

/* Every register type, spilled and filled, then used as itself. */
void block_spill_types(struct gen *g)
{
	int32_t slot = SLOT_SPILL - 8 * (int32_t)rnd(g, 5);
	uint8_t ssize = chance(g, 80) ? KBPF_DW : sizes[rnd(g, 3)];
	uint8_t fsize = chance(g, 85) ? ssize : sizes[rnd(g, 4)];
	uint32_t skip = UINT32_MAX, type = rnd(g, 10), limit = 8;
	bool release = false;

	shape(g, SHAPE_SPILL_TYPES);
	switch (type) {
	case 0:
		E(g, KBPF_MOV64_REG(1, 6));
		limit = g->p->ctx_size;
		break;
	case 1:
		E(g, KBPF_MOV64_REG(1, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, -8));
		break;
	case 2:
	case 3:
		/* a map value, or one maybe NULL */
		skip = emit_lookup0(g, FIX_ARRAY, type == 2);
		E(g, KBPF_MOV64_REG(1, 7));
		limit = 64;
		break;
	case 4:
		emit_ld_map(g, 1, FIX_ARRAY);
		break;
	case 5:
		emit_ld_map(g, 1, FIX_RINGBUF);
		E(g, KBPF_MOV64_IMM(2, 16));
		E(g, KBPF_MOV64_IMM(3, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve));
		skip = emit_jmp(g, KBPF_JMP | KBPF_JEQ | KBPF_K, 0, 0, 0);
		E(g, KBPF_MOV64_REG(7, 0));
		E(g, KBPF_MOV64_REG(1, 0));
		limit = 16;
		release = true;
		break;
	case 6:
		emit_call_fn(g, FN_LOOP_CB, 0, true, 1);
		break;
	case 7:
		emit_ld_imm64(g, 1, KBPF_PSEUDO_MAP_VALUE, FIX_ARRAY1, 8);
		limit = 40;
		break;
	case 8:
		E(g, KBPF_MOV32_REG(1, 8));
		if (chance(g, 50))
			E(g, KBPF_ALU32_IMM(KBPF_AND, 1, 63));
		break;
	default:
		E(g, KBPF_MOV64_IMM(1, rnd(g, 64)));
		break;
	}
	if (chance(g, 10))
		slot += 4;
	E(g, KBPF_STX_MEM(ssize, 10, 1, slot));
	if (chance(g, 10))
		E(g, KBPF_ST_MEM(KBPF_B, 10, slot + (int32_t)rnd(g, 8), 0));
	E(g, KBPF_MOV64_IMM(1, 0));
	E(g, KBPF_LDX_MEM(fsize, 1, 10, slot));
	switch (type) {
	case 4:
		/* the map as a map */
		E(g, KBPF_MOV64_REG(2, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 2, SLOT_KEY));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
		break;
	case 6:
		/* the callback as a callback */
		E(g, KBPF_MOV64_REG(2, 1));
		E(g, KBPF_MOV64_IMM(1, 1));
		E(g, KBPF_MOV64_REG(3, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, SLOT_LOOP_CTX));
		E(g, KBPF_MOV64_IMM(4, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_loop));
		break;
	case 8:
	case 9:
		/* the scalar as an offset */
		E(g, KBPF_MOV64_REG(9, 1));
		if (chance(g, 70))
			E(g, KBPF_ALU64_IMM(KBPF_AND, 9, 31));
		E(g, KBPF_MOV64_REG(1, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, -64));
		E(g, KBPF_ALU64_REG(KBPF_ADD, 1, 9));
		emit_access(g, 1, 8, false, 0);
		break;
	default:
		emit_access(g, 1, limit, type == 0 &&
			    g->p->prog_type != KBPF_PROG_TYPE_SYSCALL, 0);
		break;
	}
	if (release) {
		E(g, KBPF_LDX_MEM(chance(g, 90) ? KBPF_DW : fsize, 1, 10, slot));
		E(g, KBPF_MOV64_IMM(2, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_submit));
	}
	patch(g, skip);
}

/* Tail calls through every kind's prog array, with odd arguments. */
void block_tail_xtype(struct gen *g)
{
	enum gen_fixture f = FIX_PA_FIRST + rnd(g, FIX_NR - FIX_PA_FIRST);
	uint32_t skip = UINT32_MAX, top = 0, back;
	bool ref = chance(g, 10), loop = chance(g, 10);

	shape(g, SHAPE_TAIL_XTYPE);
	if (chance(g, 5))
		f = chance(g, 50) ? FIX_ARRAY : FIX_RINGBUF;
	if (chance(g, 8)) {
		/* from a subprogram or a callback */
		E(g, KBPF_MOV64_REG(1, 6));
		emit_call_fn(g, FN_TAIL, f, false, 0);
		return;
	}
	if (ref) {
		emit_ld_map(g, 1, FIX_RINGBUF);
		E(g, KBPF_MOV64_IMM(2, 8));
		E(g, KBPF_MOV64_IMM(3, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve));
		skip = emit_jmp(g, KBPF_JMP | KBPF_JEQ | KBPF_K, 0, 0, 0);
		E(g, KBPF_MOV64_REG(7, 0));
	}
	if (loop) {
		g->trip[E(g, KBPF_MOV64_IMM(9, 0))] = true;
		top = g->p->len;
	}
	switch (rnd(g, 10)) {
	case 0:
		E(g, KBPF_MOV64_REG(1, 6));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, 8));
		break;
	case 1:
		E(g, KBPF_MOV64_REG(1, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, -8));
		break;
	case 2:
		E(g, KBPF_MOV64_IMM(1, 0));
		break;
	default:
		E(g, KBPF_MOV64_REG(1, 6));
		break;
	}
	emit_ld_map(g, 2, f);
	switch (rnd(g, 8)) {
	case 0:
		E(g, KBPF_MOV64_IMM(3, -1));
		break;
	case 1:
		E(g, KBPF_MOV64_REG(3, 8));
		E(g, KBPF_ALU64_IMM(KBPF_AND, 3, 3));
		break;
	case 2:
		E(g, KBPF_MOV64_REG(3, 8));
		break;
	case 3:
		emit_mov_u64(g, 3, 1ULL << 32);
		break;
	default:
		E(g, KBPF_MOV64_IMM(3, rnd(g, 5)));
		break;
	}
	E(g, KBPF_CALL_HELPER(KBPF_FUNC_tail_call));
	if (chance(g, 5))
		E(g, KBPF_MOV64_REG(0, 1 + rnd(g, 5)));	/* clobbered */
	if (loop) {
		g->trip[E(g, KBPF_ALU64_IMM(KBPF_ADD, 9, 1))] = true;
		back = E(g, KBPF_JMP_IMM(KBPF_JLT, 9, 1 + rnd(g, 3), 0));
		g->trip[back] = true;
		g->p->insns[back].off = (int32_t)top - (int32_t)back - 1;
	}
	if (ref) {
		E(g, KBPF_MOV64_REG(1, 7));
		E(g, KBPF_MOV64_IMM(2, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_discard));
		patch(g, skip);
	}
}

/* The read-only and write-only maps through every kind of access. */
void block_rdwr_only(struct gen *g)
{
	static const enum gen_fixture maps[] = {
		FIX_ARRAY_RO, FIX_ARRAY_WO, FIX_HASH_RO, FIX_STR,
	};
	enum gen_fixture f = maps[rnd(g, 4)];
	const struct gen_fixture_desc *d = &gen_fixtures[f];
	uint32_t skip = UINT32_MAX, off;
	bool hash = d->type == KBPF_MAP_TYPE_HASH;

	shape(g, SHAPE_RDWR_ONLY);
	/* r7 = the value: directly (arrays) or looked up */
	if (!hash && chance(g, 40)) {
		off = 8 * rnd(g, d->value_size / 8);
		emit_ld_imm64(g, 7, KBPF_PSEUDO_MAP_VALUE, f, off);
	} else {
		off = 0;
		skip = emit_lookup0(g, f, chance(g, 95));
	}
	switch (rnd(g, 9)) {
	case 0:
		E(g, KBPF_LDX_MEM(sizes[rnd(g, 4)], 9, 7, 0));
		E(g, KBPF_ALU64_IMM(KBPF_AND, 9, 7));
		break;
	case 1:
		E(g, KBPF_ST_MEM(sizes[rnd(g, 4)], 7, 0, 1));
		break;
	case 2:
		E(g, KBPF_ATOMIC_OP(chance(g, 50) ? KBPF_W : KBPF_DW,
				    chance(g, 50) ? KBPF_ADD :
				    KBPF_ADD | KBPF_FETCH, 7, 8, 0));
		break;
	case 3:
		/* a helper reads it */
		emit_ld_map(g, 1, FIX_RINGBUF);
		E(g, KBPF_MOV64_REG(2, 7));
		E(g, KBPF_MOV64_IMM(3, 8));
		E(g, KBPF_MOV64_IMM(4, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_output));
		break;
	case 4:
		E(g, KBPF_MOV64_REG(1, 7));
		E(g, KBPF_MOV64_IMM(2, 1 + rnd(g, 8)));
		emit_ld_imm64(g, 3, KBPF_PSEUDO_MAP_VALUE, FIX_STR, 0);
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_strncmp));
		break;
	case 5:
		/* as a key and a value of another map */
		emit_ld_map(g, 1, FIX_ARRAY);
		E(g, KBPF_MOV64_REG(2, 7));
		E(g, KBPF_MOV64_REG(3, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, -64));
		if (chance(g, 50))
			E(g, KBPF_MOV64_REG(3, 7));
		E(g, KBPF_MOV64_IMM(4, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem));
		break;
	case 6:
		/* a helper writes it */
		E(g, KBPF_MOV64_REG(1, 7));
		E(g, KBPF_MOV64_IMM(2, 8));
		if (chance(g, 50)) {
			E(g, KBPF_CALL_HELPER(KBPF_FUNC_get_current_comm));
		} else {
			E(g, KBPF_MOV64_IMM(3, 0));
			E(g, KBPF_CALL_HELPER(KBPF_FUNC_probe_read_kernel));
		}
		break;
	case 7:
		/* a dynptr over it, read and written */
		E(g, KBPF_MOV64_REG(1, 7));
		E(g, KBPF_MOV64_IMM(2, 8));
		E(g, KBPF_MOV64_IMM(3, 0));
		E(g, KBPF_MOV64_REG(4, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 4, SLOT_DYNPTR));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_from_mem));
		emit_dynptr_op(g, SLOT_DYNPTR, 8);
		break;
	default:
		/* dynptr_read into it */
		E(g, KBPF_MOV64_REG(1, 7));
		E(g, KBPF_MOV64_IMM(2, 8));
		E(g, KBPF_MOV64_REG(3, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 3, SLOT_DYNPTR));
		E(g, KBPF_MOV64_IMM(4, 0));
		E(g, KBPF_MOV64_IMM(5, 0));
		E(g, KBPF_CALL_HELPER(KBPF_FUNC_dynptr_read));
		break;
	}
	patch(g, skip);
}

/* Atomics whose operand, target or fetched value is a pointer. */
void block_atomic_ptr(struct gen *g)
{
	static const int32_t ops[] = {
		KBPF_ADD, KBPF_ADD | KBPF_FETCH, KBPF_OR | KBPF_FETCH,
		KBPF_AND, KBPF_XOR, KBPF_XCHG, KBPF_CMPXCHG,
	};
	int32_t op = ops[rnd(g, 7)];
	uint8_t size = chance(g, 80) ? KBPF_DW : KBPF_W, dst;
	uint32_t skip = UINT32_MAX;
	int16_t off = 0;

	shape(g, SHAPE_ATOMIC_PTR);
	/* the target: the stack (maybe a spilled pointer), a value, ctx */
	switch (rnd(g, 5)) {
	case 0:
	case 1:
		dst = 10;
		off = SLOT_SPILL - 8 * (int16_t)rnd(g, 4);
		if (chance(g, 50))
			E(g, KBPF_STX_MEM(KBPF_DW, 10, chance(g, 50) ? 6 : 10,
					  off));
		break;
	case 2:
		skip = emit_lookup0(g, FIX_ARRAY, chance(g, 95));
		dst = 7;
		off = 8 * rnd(g, 8);
		break;
	case 3:
		dst = 6;
		off = 8 * rnd(g, 4);
		break;
	default:
		dst = 7;
		emit_ld_imm64(g, 7, KBPF_PSEUDO_MAP_VALUE,
			      chance(g, 50) ? FIX_ARRAY1 : FIX_ARRAY_RO, 0);
		break;
	}
	/* the operand: a pointer mostly */
	switch (rnd(g, 4)) {
	case 0:
		E(g, KBPF_MOV64_REG(1, 6));
		break;
	case 1:
		E(g, KBPF_MOV64_REG(1, 10));
		break;
	case 2:
		E(g, KBPF_MOV64_REG(1, dst == 7 ? 7 : 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, -8));
		break;
	default:
		E(g, KBPF_MOV64_REG(1, 8));
		break;
	}
	if (op == KBPF_CMPXCHG)
		E(g, KBPF_MOV64_REG(0, chance(g, 50) ? 8 : 10));
	E(g, KBPF_ATOMIC_OP(size, op, dst, 1, off));
	/* what was fetched, used as a pointer or as an offset */
	if ((op & KBPF_FETCH) || op == KBPF_XCHG || op == KBPF_CMPXCHG) {
		uint8_t got = op == KBPF_CMPXCHG ? 0 : 1;

		if (chance(g, 50)) {
			E(g, KBPF_LDX_MEM(KBPF_B, 9, got, 0));
		} else {
			E(g, KBPF_MOV64_REG(9, got));
			E(g, KBPF_ALU64_IMM(KBPF_AND, 9, 7));
		}
	}
	if (dst == 10 && chance(g, 40)) {
		/* the slot as a pointer again */
		E(g, KBPF_LDX_MEM(KBPF_DW, 1, 10, off));
		E(g, KBPF_LDX_MEM(KBPF_B, 9, 1, 0));
	}
	patch(g, skip);
}

/* Subregisters and sign extension, then an offset into a map value. */
void block_subreg(struct gen *g)
{
	static const uint8_t sx[] = { 8, 16, 32 };
	uint8_t r = chance(g, 50) ? 8 : 9;
	uint32_t skip, n = 1 + rnd(g, 4), i, guard[2] = { UINT32_MAX, UINT32_MAX };
	int32_t lim = 63 - (int32_t)rnd(g, 8) + (chance(g, 10) ? 4 : 0);

	shape(g, SHAPE_SUBREG);
	skip = emit_lookup0(g, FIX_ARRAY, chance(g, 97));
	if (chance(g, 50))
		E(g, KBPF_LDX_MEMSX(sizes[rnd(g, 3)], r, 7, 8 * rnd(g, 7)));
	for (i = 0; i < n; i++) {
		switch (rnd(g, 10)) {
		case 0:
			E(g, KBPF_ALU64_REG_OFF(KBPF_MOV, r, r, sx[rnd(g, 3)]));
			break;
		case 1:
			E(g, KBPF_ALU32_REG_OFF(KBPF_MOV, r, r, sx[rnd(g, 2)]));
			break;
		case 2:
			E(g, KBPF_MOV32_REG(r, r));
			break;
		case 3:
			E(g, KBPF_ALU32_IMM(alu_ops[rnd(g, 3)], r,
					    (int32_t)gen_mix(&g->rng)));
			break;
		case 4:
			E(g, KBPF_ALU32_IMM(KBPF_NEG, r, 0));
			break;
		case 5:
			E(g, KBPF_ALU32_IMM(chance(g, 50) ? KBPF_ARSH : KBPF_LSH, r,
					    rnd(g, 32)));
			break;
		case 6:
			if (chance(g, 50))
				E(g, KBPF_ENDIAN(chance(g, 50) ? KBPF_TO_LE :
						 KBPF_TO_BE, r, 16 << rnd(g, 3)));
			else
				E(g, KBPF_BSWAP(r, 16 << rnd(g, 3)));
			break;
		case 7:
			E(g, KBPF_RAW_INSN((chance(g, 50) ? KBPF_ALU : KBPF_ALU64) |
					   (chance(g, 50) ? KBPF_DIV : KBPF_MOD) |
					   KBPF_K, r, 0, 1,
					   chance(g, 20) ? -1 : 1 + (int32_t)rnd(g, 9)));
			break;
		case 8:
			E(g, KBPF_ALU64_IMM(KBPF_ARSH, r, rnd(g, 64)));
			break;
		default:
			E(g, KBPF_ALU32_REG(alu_ops[rnd(g, 3)], r,
					    r == 8 ? 9 : 8));
			break;
		}
	}
	/* guards on the subregister, signed or not, or on all 64 bits */
	switch (rnd(g, 5)) {
	case 0:
		guard[0] = emit_jmp(g, KBPF_JMP32 | KBPF_JGT | KBPF_K, r, 0, lim);
		break;
	case 1:
		guard[0] = emit_jmp(g, KBPF_JMP32 | KBPF_JSGT | KBPF_K, r, 0, lim);
		if (chance(g, 70))
			guard[1] = emit_jmp(g, KBPF_JMP32 | KBPF_JSLT | KBPF_K, r,
					    0, 0);
		break;
	case 2:
		guard[0] = emit_jmp(g, KBPF_JMP | KBPF_JSGT | KBPF_K, r, 0, lim);
		if (chance(g, 70))
			guard[1] = emit_jmp(g, KBPF_JMP | KBPF_JSLT | KBPF_K, r,
					    0, 0);
		break;
	case 3:
		E(g, KBPF_MOV32_REG(r, r));
		guard[0] = emit_jmp(g, KBPF_JMP32 | KBPF_JGE | KBPF_K, r, 0,
				    lim + 1);
		break;
	default:
		guard[0] = emit_jmp(g, KBPF_JMP | KBPF_JGT | KBPF_K, r, 0, lim);
		break;
	}
	if (skip == UINT32_MAX || chance(g, 50)) {
		E(g, KBPF_MOV64_REG(1, 7));
		E(g, KBPF_ALU64_REG(KBPF_ADD, 1, r));
		E(g, KBPF_LDX_MEM(KBPF_B, 1, 1, 0));
	} else {
		E(g, KBPF_MOV64_REG(1, 10));
		E(g, KBPF_ALU64_IMM(KBPF_ADD, 1, -64));
		E(g, KBPF_ALU64_REG(KBPF_ADD, 1, r));
		E(g, KBPF_ST_MEM(KBPF_B, 1, 0, 1));
	}
	patch_guards(g, guard);
	patch(g, skip);
	/* leave a scalar */
	E(g, KBPF_MOV64_IMM(r, rnd(g, 64)));
}
