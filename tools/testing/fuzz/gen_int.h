/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the template blocks share: gen.c (the generator, the blocks of
 * issue 15) and gen_shapes.c (the blocks of issue 19).
 *
 * Register use in templates: r6 holds ctx for the whole program, r7 a
 * map value or record inside one block, r8 and r9 scalars; r1-r5 are
 * never read after a call without being set again. A block leaves r6,
 * r8 and r9 as it found their kinds.
 */
#ifndef KBPF_FUZZ_GEN_INT_H
#define KBPF_FUZZ_GEN_INT_H

#include "gen.h"

/* Stack slots of a template's main frame (offsets from r10). */
#define SLOT_KEY	-8
#define SLOT_LOOP_CTX	-24	/* 16 bytes: bpf_loop's callback ctx */
#define SLOT_DYNPTR	-40	/* 16 bytes */
#define SLOT_SPILL	-48	/* down to -96 */
#define STACK_INIT	96

enum func_kind {
	FN_SUB, FN_LOOP_CB, FN_EACH_CB, FN_DRAIN_CB, FN_TAIL,
	FN_ANY_CB,	/* gen_shapes.c: a callback of any helper */
};

/* What a user_ringbuf_drain callback does with its dynptr (r1). */
enum drain_kind {
	DRAIN_READ,		/* reads through it: fine */
	DRAIN_STORE_CALLER,	/* stores it through r2 (the caller's stack) */
	DRAIN_STORE_OWN,	/* spills it, fills it, reads through it */
	DRAIN_OFFSET,		/* reads through it at an offset */
	DRAIN_NR,
};

struct gen {
	struct gen_prog *p;
	uint64_t rng;
	/* pending calls: instruction, function */
	uint32_t fix_at[GEN_MAX_FUNCS];
	uint32_t fix_fn[GEN_MAX_FUNCS];
	uint32_t nr_fix;
	enum func_kind fn_kind[GEN_MAX_FUNCS];
	uint32_t fn_arg[GEN_MAX_FUNCS];
	uint32_t nr_fn;
	bool full;
	/* a loop's trip count: its counter's start, step and back edge */
	bool trip[GEN_MAX_INSNS];
};

extern const uint8_t sizes[4];
extern const uint8_t alu_ops[12];
extern const uint8_t jmp_ops[11];
extern const enum gen_fixture each_maps[4];

uint32_t rnd(struct gen *g, uint32_t n);
bool chance(struct gen *g, uint32_t percent);
uint32_t emit(struct gen *g, struct kbpf_insn insn);
#define E(g, ...)	emit(g, (struct kbpf_insn)__VA_ARGS__)
void emit_ld_imm64(struct gen *g, uint8_t dst, uint8_t src, int32_t lo,
		   int32_t hi);
void emit_ld_map(struct gen *g, uint8_t dst, enum gen_fixture f);
/* A forward jump to be pointed at the current end by patch(). */
uint32_t emit_jmp(struct gen *g, uint8_t code, uint8_t dst, uint8_t src,
		  int32_t imm);
void patch(struct gen *g, uint32_t at);
/* A call (or a PSEUDO_FUNC load into r@dst) of a function made later. */
uint32_t emit_call_fn(struct gen *g, enum func_kind kind, uint32_t arg,
		      bool pseudo_func, uint8_t dst);
uint32_t size_bytes(uint8_t size);
/* One access through @ptr to @limit bytes at offset base + off. */
void emit_access(struct gen *g, uint8_t ptr, uint32_t limit, bool rdonly,
		 int16_t base);
void emit_alu_chain(struct gen *g, uint8_t r);
void emit_bound(struct gen *g, uint8_t r, uint32_t limit, uint32_t guards[2]);
void patch_guards(struct gen *g, const uint32_t guards[2]);
void shape(struct gen *g, enum gen_shape sh);
void emit_size(struct gen *g, uint8_t r, uint32_t max);
/* r7 = lookup(@f, key 0) or skip to the returned jump (to patch). */
uint32_t emit_lookup0(struct gen *g, enum gen_fixture f, bool check);
/* A pointer into r@r: ctx, the stack, or a map value (r7, checked). */
uint32_t emit_some_ptr(struct gen *g, uint8_t r);

/* gen_shapes.c */
void block_helper_mem(struct gen *g);
void block_callbacks(struct gen *g);
void block_dynptr_kinds(struct gen *g);
void block_spill_types(struct gen *g);
void block_tail_xtype(struct gen *g);
void block_rdwr_only(struct gen *g);
void block_atomic_ptr(struct gen *g);
void block_subreg(struct gen *g);
void emit_any_cb(struct gen *g, uint32_t arg);

#endif /* KBPF_FUZZ_GEN_INT_H */
