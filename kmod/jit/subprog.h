/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A program's functions as the JIT lays them out: each gets its own
 * frame (prologue, epilogue), a bpf-to-bpf call is a call rel32 to the
 * callee's prologue, and a callback (a function whose address a
 * KBPF_PSEUDO_FUNC ld_imm64 loads) is called by a helper through
 * kbpf_interp_call(), an indirect call from C.
 */
#ifndef _KBPF_JIT_SUBPROG_H
#define _KBPF_JIT_SUBPROG_H

#include <linux/types.h>

#include "../prog/prog.h"

/*
 * @start: the first instruction of each function, ascending; @nr >= 1.
 * @cb: bit k set when function k is a callback, an indirect call target
 *	(its prologue starts with endbr64).
 * @named: for each function, BIT(r) for each of r6-r10 that one of its
 *	instructions names as dst or src: the registers its frame saves,
 *	and whether it has a stack. Found once, not on every pass.
 */
struct kbpf_jit_subprogs {
	u32 *start;
	unsigned long *cb;
	u16 *named;
	u32 nr;
};

/*
 * Fills @s from @insns: 0, -ENOMEM, or -EOPNOTSUPP when a call or a
 * callback load leaves the program or a chain of calls and callbacks may
 * exceed KBPF_MAX_CALL_FRAMES (recursion included). Free with
 * kbpf_jit_subprogs_free() either way.
 */
int kbpf_jit_subprogs_find(const struct kbpf_insn *insns, u32 len,
			   struct kbpf_jit_subprogs *s);
void kbpf_jit_subprogs_free(struct kbpf_jit_subprogs *s);
/* The function instruction @i belongs to. */
u32 kbpf_jit_subprog_of(const struct kbpf_jit_subprogs *s, u32 i);
/*
 * The instruction the callback load at @i names (the loader left its
 * address in the ld_imm64), or -1 when that is no instruction of @insns
 * after the first.
 */
s64 kbpf_jit_func_target(const struct kbpf_insn *insns, u32 len, u32 i);

#endif /* _KBPF_JIT_SUBPROG_H */
