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

/*
 * One run's oracle, on the stack of kbpf_interp_run(); only the task of
 * the run touches it (from the frames and from helpers it calls).
 *
 * @prog: the program the run started with, @cur the last one a tail
 *	call entered (for reports).
 * @visit: the map whose bpf_for_each_map_elem() is calling the callback
 *	now, NULL inside any other helper: its callback's key and value
 *	arguments become regions.
 * @regions: @nr used of @cap; the inline array until it grows.
 * @overflow: a region could not be added; from then on accesses outside
 *	every region are let through rather than falsely refused.
 */
struct kbpf_checked_run {
	const struct kbpf_prog *prog;
	const struct kbpf_prog *cur;
	const struct kbpf_map *visit;
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
};

void kbpf_checked_ctx_publish(struct kbpf_checked_ctx *c, const void *ctx,
			      u32 size, bool rdonly);
void kbpf_checked_ctx_withdraw(struct kbpf_checked_ctx *c);

void kbpf_checked_begin(struct kbpf_checked_run *cr,
			const struct kbpf_prog *prog, const void *ctx);
void kbpf_checked_end(struct kbpf_checked_run *cr);
void kbpf_checked_enter_prog(struct kbpf_checked_run *cr,
			     const struct kbpf_prog *prog);

bool kbpf_checked_access(struct kbpf_checked_run *cr,
			 const u64 * const *stacks, u32 frames,
			 const struct kbpf_insn *insn, const void *addr,
			 u64 size, bool write);

bool kbpf_checked_call_begin(struct kbpf_checked_run *cr,
			     const u64 * const *stacks, u32 frames,
			     const struct kbpf_insn *insn, u32 id,
			     const u64 *regs, const struct kbpf_map **visit);
void kbpf_checked_call_end(struct kbpf_checked_run *cr, u32 id,
			   const u64 *regs, const struct kbpf_map *visit);

unsigned long kbpf_checked_callback_enter(struct kbpf_checked_run *cr,
					  u64 r2, u64 r3);
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
