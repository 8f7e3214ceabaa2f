/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The abstract state the verifier walks each path of a program with:
 * what every register and stack slot of every live frame may hold, and
 * the references the path owns.
 */
#ifndef _KBPF_VERIFIER_STATE_H
#define _KBPF_VERIFIER_STATE_H

#include <linux/build_bug.h>
#include <linux/limits.h>
#include <linux/types.h>

#include "tnum.h"

struct kbpf_map;
struct kbpf_verifier_env;
struct kbpf_insn;

#define KBPF_REG_CNT		11	/* r0-r10 */
#define KBPF_REG_FP		10
#define KBPF_REG_SIZE		8
#define KBPF_STACK_SLOTS	(512 / KBPF_REG_SIZE)
#define KBPF_MAX_REFS		64
/* Largest offset pointer arithmetic may reach, as Linux's BPF_MAX_VAR_OFF. */
#define KBPF_MAX_VAR_OFF	(1 << 29)

/* The base types a register may hold; flags below refine some of them. */
enum kbpf_reg_type {
	KBPF_NOT_INIT,
	KBPF_SCALAR_VALUE,
	KBPF_PTR_TO_CTX,
	KBPF_CONST_PTR_TO_MAP,
	KBPF_PTR_TO_MAP_VALUE,
	KBPF_PTR_TO_MAP_KEY,
	KBPF_PTR_TO_STACK,
	KBPF_PTR_TO_MEM,
	KBPF_PTR_TO_FUNC,
	KBPF_CONST_PTR_TO_DYNPTR,	/* a callback's dynptr argument */
	KBPF_REG_TYPE_CNT,
};

#define KBPF_REG_BASE_MASK	0xff
#define KBPF_PTR_MAYBE_NULL	0x100	/* NULL until a branch rules it out */
#define KBPF_MEM_RDONLY		0x200	/* loads only */
#define KBPF_MEM_RINGBUF	0x400	/* a ringbuf record ("ringbuf_mem") */
static_assert(KBPF_MEM_RINGBUF <= U16_MAX);

static inline u32 kbpf_base_type(u32 type)
{
	return type & KBPF_REG_BASE_MASK;
}

/*
 * One register. For pointers the address is base + @off + @var_off, with
 * @off known and @var_off (and the bounds) describing the variable part;
 * for scalars @var_off and the bounds describe the value and @off is 0.
 * The four bounds pairs and @var_off always agree with each other
 * (kbpf_reg_bounds_sync() restores that after any change).
 *
 * @id: shared by copies of one value: NULL checks of one copy resolve
 *	all of them, and branches on one scalar refine its copies.
 * @ref_obj_id: the reference (state->refs) this pointer came from; 0 if
 *	it owns none. Releasing the reference invalidates every register
 *	and spill carrying it.
 * @type: an enum kbpf_reg_type and its flags, all within 16 bits.
 * @frameno: for PTR_TO_STACK, the frame whose stack it points into.
 * (88 bytes: a frame of eleven of them fits a 1 KiB allocation.)
 */
struct kbpf_reg_state {
	u16 type;
	u16 frameno;
	s32 off;
	struct kbpf_tnum var_off;
	s64 smin_value, smax_value;
	u64 umin_value, umax_value;
	s32 s32_min_value, s32_max_value;
	u32 u32_min_value, u32_max_value;
	u32 id;
	u32 ref_obj_id;
	union {
		/* CONST_PTR_TO_MAP, PTR_TO_MAP_VALUE, PTR_TO_MAP_KEY */
		struct kbpf_map *map_ptr;
		/* PTR_TO_MEM: bytes from the base */
		u32 mem_size;
		/* PTR_TO_FUNC: index into env->subprog_starts */
		u32 subprog;
		/* a dynptr's stack slots and CONST_PTR_TO_DYNPTR */
		struct {
			u8 type;	/* enum kbpf_dynptr_type */
			bool first_slot;
		} dynptr;
	};
};

/* What each byte of a stack slot holds. */
enum kbpf_stack_type {
	KBPF_STACK_INVALID,	/* never written */
	KBPF_STACK_SPILL,	/* part of the spilled register */
	KBPF_STACK_MISC,	/* some scalar data */
	KBPF_STACK_ZERO,	/* known zero */
	KBPF_STACK_DYNPTR,	/* part of a dynptr (two slots) */
};

/*
 * Eight bytes of stack, slot i covering fp-8*(i+1) .. fp-8*i-1; byte
 * type[j] is at fp - 8*(i+1) + j. @spilled is the register when all
 * eight bytes are KBPF_STACK_SPILL, or the dynptr when they are
 * KBPF_STACK_DYNPTR.
 */
struct kbpf_stack_slot {
	struct kbpf_reg_state spilled;
	u8 type[KBPF_REG_SIZE];
};

/*
 * One frame: the main program, a bpf-to-bpf call or a callback.
 * @stack: the @stack_slots slots nearest the frame top, the only ones the
 *	frame has touched (kbpf_stack_grow()); NULL when there are none. A
 *	slot at or beyond @stack_slots is all zero in every respect: never
 *	written (KBPF_STACK_INVALID), spilling nothing. Copies, comparisons
 *	and the log go no further.
 * @callsite: the call instruction that made it (-1 for the main frame).
 * @callback_ret_min/max: the range r0 must be in at this frame's exit,
 *	for callbacks only (@in_callback).
 */
struct kbpf_func_state {
	struct kbpf_reg_state regs[KBPF_REG_CNT];
	struct kbpf_stack_slot *stack;
	u32 stack_slots;
	s32 callsite;
	u32 frameno;
	u32 subprog;
	bool in_callback;
	s32 callback_ret_min, callback_ret_max;
};

/* A reference the path owns: a ringbuf record or a ringbuf dynptr. */
struct kbpf_ref_state {
	u32 id;
	u32 insn_idx;		/* where it was acquired */
	u32 frameno;		/* frame that acquired it */
};

/*
 * Everything a path knows at one instruction.
 * @refs: the @ref_cnt (KBPF_MAX_REFS at most) references the path owns,
 *	in an allocation of their own; NULL when there have been none.
 * @parent: the stored state (see explore.c) this path last passed;
 *	its @branches counts paths from it still being explored.
 */
struct kbpf_vstate {
	struct kbpf_func_state *frame[8];
	u32 curframe;
	struct kbpf_ref_state *refs;
	u32 ref_cnt;
	struct kbpf_vstate *parent;
	u32 branches;
	u32 insn_idx;
	/* a path the CPU may only take by misprediction (spectre.c) */
	bool speculative;
};

static inline struct kbpf_func_state *kbpf_cur_frame(struct kbpf_vstate *st)
{
	return st->frame[st->curframe];
}

static inline struct kbpf_reg_state *kbpf_cur_regs(struct kbpf_vstate *st)
{
	return st->frame[st->curframe]->regs;
}

/* ---- scalar.c: scalars and their bounds ---- */

/* An unknown scalar: every value possible, no id. */
void kbpf_reg_mark_unknown(struct kbpf_reg_state *reg);
/* The scalar @value (all 64 bits known). */
void kbpf_reg_mark_known(struct kbpf_reg_state *reg, u64 value);
/* A pointer's variable part or a scalar: set every bound to unknown. */
void kbpf_reg_mark_unbounded(struct kbpf_reg_state *reg);
void kbpf_reg_mark_not_init(struct kbpf_reg_state *reg);
/* Tighten @var_off and the four bounds pairs against each other. */
void kbpf_reg_bounds_sync(struct kbpf_reg_state *reg);
/* Keep the low 32 bits only, zero-extended (32-bit ALU results). */
void kbpf_reg_zext32(struct kbpf_reg_state *reg);
/* Truncate to @size bytes, zero-extended (narrow loads). */
void kbpf_reg_coerce_size(struct kbpf_reg_state *reg, u8 size);
/* Sign-extend the low @size bytes to 64 bits (LDX MEMSX, MOVSX 64). */
void kbpf_reg_sext(struct kbpf_reg_state *reg, u8 size);
/* Sign-extend the low @size bytes to 32 bits, then zext (MOVSX 32). */
void kbpf_reg_sext32(struct kbpf_reg_state *reg, u8 size);
static inline bool kbpf_reg_is_const(const struct kbpf_reg_state *reg)
{
	return reg->type == KBPF_SCALAR_VALUE && kbpf_tnum_is_const(reg->var_off);
}

/*
 * @dst = @dst op @src for the ALU or ALU64 instruction @insn, both
 * scalars: ADD, SUB, MUL, DIV, MOD (signed forms too, off == 1), OR,
 * AND, XOR, LSH, RSH, ARSH, NEG (ignores @src), END (byte swaps; @src
 * unused) and MOV (plain and sign-extending). For the K forms the caller
 * passes @src = the immediate, sign-extended to 64 bits, as a known
 * scalar. 32-bit forms leave the result zero-extended. Never fails:
 * division by zero gives 0 (modulo keeps dst), as the interpreter does;
 * shifts by an unknown or too large amount give an unknown result.
 */
void kbpf_scalar_alu(const struct kbpf_insn *insn, struct kbpf_reg_state *dst,
		     const struct kbpf_reg_state *src);
/* Every value @cur may hold @old may hold too (scalars, for pruning). */
bool kbpf_scalar_range_within(const struct kbpf_reg_state *old,
			      const struct kbpf_reg_state *cur);

/* ---- branch.c: conditional jumps on scalars ---- */

/*
 * Whether "@r1 op @r2" (a KBPF_JMP or JMP32 op code: KBPF_JEQ ... KBPF_JSLE,
 * KBPF_JSET) holds: 1 always, 0 never, -1 depends. Both scalars.
 */
int kbpf_branch_taken(const struct kbpf_reg_state *r1,
		      const struct kbpf_reg_state *r2, u8 op, bool jmp32);
/*
 * Narrow @r1 and @r2 (scalars) to the values for which "@r1 op @r2"
 * holds. False if none do (the branch cannot be taken).
 */
bool kbpf_branch_refine(struct kbpf_reg_state *r1, struct kbpf_reg_state *r2,
			u8 op, bool jmp32);
/*
 * The op that holds exactly when @op does not; JSET maps to a pseudo-op
 * (JSET with the source bit) that only branch.c understands.
 */
u8 kbpf_branch_negate(u8 op);

/* ---- print.c: the log ---- */

/* One instruction as Linux's print_bpf_insn() writes it, newline included. */
void kbpf_print_insn(struct kbpf_verifier_env *env, u32 idx);
/* Linux's reg_type_str() names: "scalar", "ctx", "map_value_or_null"... */
const char *kbpf_reg_type_str(u32 type);
/* The registers and stack of @frame, as Linux's print_verifier_state(). */
void kbpf_print_frame(struct kbpf_verifier_env *env,
		      const struct kbpf_func_state *frame);
/*
 * The text of the two above, into @buf (NUL-terminated, cut at @size);
 * they return its length. kbpf_format_insn() reads @insn[1] for an
 * ld_imm64. kbpf_format_frame() lists @st's references if @st is given.
 */
int kbpf_format_insn(char *buf, size_t size, const struct kbpf_insn *insn,
		     u32 idx, bool allow_ptr_leaks);
int kbpf_format_frame(char *buf, size_t size, const struct kbpf_vstate *st,
		      const struct kbpf_func_state *frame);

/* ---- liveness.c: which registers are read before written ---- */

/*
 * Fills env->aux[i].live_regs: bit r set if register r may be read on
 * some path from instruction i (within its subprogram) before it is
 * written. Dead registers are ignored when states are compared.
 */
int kbpf_compute_liveness(struct kbpf_verifier_env *env);

#endif /* _KBPF_VERIFIER_STATE_H */
