/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One pass of the translator: BPF instructions to x86-64 code, with the
 * jump targets of the previous pass (see jit.c for the passes).
 */
#ifndef _KBPF_JIT_TRANSLATE_H
#define _KBPF_JIT_TRANSLATE_H

#include <linux/types.h>

#include "../prog/prog.h"
#include "emit.h"
#include "subprog.h"

/*
 * Bytes one instruction may take, the main function's tail-call entry
 * (tail_call.h), and a function's prologue (that entry included) and
 * epilogue.
 */
#define KBPF_JIT_INSN_MAX	64
#define KBPF_JIT_TAIL_ENTRY_MAX	64
#define KBPF_JIT_FRAME_MAX	(64 + KBPF_STACK_SIZE / 8 * 7 + 32 + \
				 KBPF_JIT_TAIL_ENTRY_MAX)

/*
 * @insns, @len: the program as the loader prepared it (map pointers in
 *	ld_imm64, helper IDs in calls).
 * @stack: bytes of BPF stack below the frame pointer: the verified
 *	depth rounded up to 8, at most KBPF_STACK_SIZE.
 * @frames, @frame_cnt: the program's frame table (prog.h), by which each
 *	function's stack is sized instead, as the interpreter sizes its
 *	frames; NULL: every function gets @stack.
 * @helpers, @helper_cnt: helper functions by ID, as the interpreter's env.
 * @subs: the program's functions; each has its own frame.
 * @addrs: KBPF_JIT_NR_ADDRS() offsets from the previous pass: where the
 *	code of each instruction starts, the end of the last one, then per
 *	function its entry (prologue) and its epilogue; jumps, calls and
 *	exits aim at them.
 * @base: where the image will be, for call and jmp rel32; NULL while
 *	sizing (displacements are then 0).
 * @pad: make each instruction's code exactly as long as in @addrs, with
 *	NOPs after it, or before the jump that ends it (jit.c: when).
 * @e: the output.
 * @refused: the instruction a pass refused, for the counters' message.
 * @tail: the image offset of the tail-call entry (tail_call.h).
 * @cur: the function being emitted; @fstack its stack reserve (@stack,
 *	or 0 when it never names r10), @fsaved the BPF registers it names
 *	among r6-r10 (bits), whose x86 registers it saves.
 */
struct kbpf_jit_ctx {
	const struct kbpf_insn *insns;
	u32 len;
	u32 stack;
	const struct kbpf_prog_frame *frames;
	u32 frame_cnt;
	const kbpf_helper_fn *helpers;
	u32 helper_cnt;
	const struct kbpf_jit_subprogs *subs;
	const u32 *addrs;
	const u8 *base;
	bool pad;
	struct kbpf_jit_emit e;
	u32 refused;
	u32 tail;
	u32 cur;
	u32 fstack;
	u32 fsaved;
};

/* Entries of @addrs for @len instructions and @nr functions. */
#define KBPF_JIT_NR_ADDRS(len, nr)	((len) + 1 + 2 * (nr))

/*
 * Emits the whole image into @c->e and the offsets it used into
 * @new_addrs (KBPF_JIT_NR_ADDRS()). 0, or -EOPNOTSUPP for an instruction the JIT
 * does not translate (the program runs interpreted), -ERANGE when a
 * call does not reach, -E2BIG when the buffer is too small.
 */
int kbpf_jit_translate(struct kbpf_jit_ctx *c, u32 *new_addrs);

/* Pops what the current function's prologue pushed of r6-r9, in order. */
void kbpf_jit_restore_saved(struct kbpf_jit_ctx *c);

#endif /* _KBPF_JIT_TRANSLATE_H */
