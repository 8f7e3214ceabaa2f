/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checked interpreter's access oracle (KBPF_INTERP_CHECKED builds
 * only): for one run of a loaded program, the memory the program may
 * legally touch besides its frames' stacks, and the verdict on each
 * access. See checked.c for what counts as a region.
 */
#ifndef _KBPF_CHECKED_H
#define _KBPF_CHECKED_H

#include <linux/list.h>
#include <linux/types.h>

#include "prog.h"

struct kbpf_map;

/* What a region is; only for the report of a refused access. */
enum kbpf_checked_kind {
	KBPF_CHECKED_CTX,
	KBPF_CHECKED_MAP_VALUE,
	KBPF_CHECKED_MAP_KEY,
	KBPF_CHECKED_RINGBUF,
	KBPF_CHECKED_DYNPTR,
};

/* [@start, @end) of kernel memory; @rdonly refuses stores. */
struct kbpf_checked_region {
	unsigned long start;
	unsigned long end;
	u8 kind;
	bool rdonly;
};

#define KBPF_CHECKED_INLINE	8
/* The first program of a run and every distinct one a tail call enters. */
#define KBPF_CHECKED_PROGS	(KBPF_MAX_TAIL_CALLS + 1)

/*
 * One run's oracle, on the stack of kbpf_interp_run(); only the task of
 * the run touches it (from the frames and from helpers it calls).
 *
 * @prog: the program the run started with, @cur the last one a tail
 *	call entered (for reports). Every program a tail call enters has
 *	@prog's type and expected attach type and is not sleepable
 *	(kbpf_checked_tail_call() stops the run otherwise).
 * @progs: @prog and the programs tail calls entered, @nr_progs of them,
 *	each once: the programs whose instructions the run's frames execute.
 * @visit: the map whose bpf_for_each_map_elem() is calling the callback
 *	now, NULL inside any other helper: its callback's key and value
 *	arguments become regions.
 * @call: the helper call instruction being executed now (the innermost
 *	one when callbacks nest), NULL outside helpers: a callback a helper
 *	enters must be named by a PSEUDO_FUNC load of that call's program.
 * @cb_ok: the last callback entry found valid for @cb_prog (a cache:
 *	bpf_loop() enters the same callback many times).
 * @regions: @nr used of @cap; the inline array until it grows.
 * @overflow: a region could not be added; from then on accesses outside
 *	every region are let through rather than falsely refused.
 */
struct kbpf_checked_run {
	const struct kbpf_prog *prog;
	const struct kbpf_prog *cur;
	const struct kbpf_prog *progs[KBPF_CHECKED_PROGS];
	u32 nr_progs;
	const struct kbpf_map *visit;
	const struct kbpf_insn *call;
	const struct kbpf_insn *cb_ok;
	const struct kbpf_prog *cb_prog;
	struct kbpf_checked_region *regions;
	u32 nr;
	u32 cap;
	bool overflow;
	struct kbpf_checked_region inline_regions[KBPF_CHECKED_INLINE];
};

/*
 * A ctx buffer test_run is about to run a program on: published for
 * the length of the run (which may happen on another CPU), so that the
 * run finds its size by its address.
 */
struct kbpf_checked_ctx {
	struct list_head node;
	const void *ctx;
	u32 size;
	bool rdonly;
	/*
	 * Memory the ctx leads to that a rewritten program reads (a socket
	 * filter's sk_buff: its device, its shared info): @nr_more regions.
	 */
	const struct kbpf_checked_region *more;
	u32 nr_more;
};

void kbpf_checked_ctx_publish(struct kbpf_checked_ctx *c, const void *ctx,
			      u32 size, bool rdonly);
void kbpf_checked_ctx_publish_more(struct kbpf_checked_ctx *c,
				   const void *ctx, u32 size, bool rdonly,
				   const struct kbpf_checked_region *more,
				   u32 nr_more);
void kbpf_checked_ctx_withdraw(struct kbpf_checked_ctx *c);

void kbpf_checked_begin(struct kbpf_checked_run *cr,
			const struct kbpf_prog *prog, const void *ctx);
void kbpf_checked_end(struct kbpf_checked_run *cr);

/*
 * The live frames' part of a run's stack, [lo, hi): every frame from the
 * current one (at lo) to the outermost (ending at hi); @outer, the live
 * part of the stack a callback left for one of its own (a callback
 * pointer handed down, kmod/prog/interp.c), and so on; NULL at the end.
 */
struct kbpf_checked_stack {
	unsigned long lo;
	unsigned long hi;
	const struct kbpf_checked_stack *outer;
};

bool kbpf_checked_access(struct kbpf_checked_run *cr,
			 const struct kbpf_checked_stack *stack,
			 const struct kbpf_insn *insn, const void *addr,
			 u64 size, bool write);

bool kbpf_checked_tail_call(struct kbpf_checked_run *cr,
			    const struct kbpf_insn *insn,
			    const struct kbpf_prog *prog);

/* What a helper call saves of the run's state, restored when it returns. */
struct kbpf_checked_call {
	const struct kbpf_map *visit;
	const struct kbpf_insn *call;
};

bool kbpf_checked_call_begin(struct kbpf_checked_run *cr,
			     const struct kbpf_checked_stack *stack,
			     const struct kbpf_insn *insn, u32 id,
			     const u64 *regs, struct kbpf_checked_call *saved);
void kbpf_checked_call_end(struct kbpf_checked_run *cr, u32 id,
			   const u64 *regs,
			   const struct kbpf_checked_call *saved);

bool kbpf_checked_callback_enter(struct kbpf_checked_run *cr,
				 const struct kbpf_insn *entry, u64 r2, u64 r3,
				 unsigned long *key);
void kbpf_checked_callback_leave(struct kbpf_checked_run *cr,
				 unsigned long key);

/*
 * True iff a checked build was loaded with checked_skip_verifier=1:
 * PROG_LOAD skips the verifier's walk. Always false otherwise.
 */
#ifdef KBPF_INTERP_CHECKED
bool kbpf_checked_skip_verifier(void);
#else
static inline bool kbpf_checked_skip_verifier(void)
{
	return false;
}
#endif

#endif /* _KBPF_CHECKED_H */
