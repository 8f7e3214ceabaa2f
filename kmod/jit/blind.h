/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Constant blinding, as Linux's bpf_jit_harden: the JIT translates a copy
 * of the program in which every immediate an attacker chose is split
 * into two random-looking halves XORed together in the scratch register
 * at run time, so no chosen 32-bit value appears in executable memory.
 *
 * Module parameter jit_harden, read at each load: 0 never; 1 programs
 * loaded without CAP_BPF (kbpf refuses those, so: never, as Linux for
 * CAP_BPF loaders); 2 every program.
 */
#ifndef _KBPF_JIT_BLIND_H
#define _KBPF_JIT_BLIND_H

#include <linux/types.h>

#include "../prog/prog.h"

/* Whether a program loaded now by the current task is to be blinded. */
bool kbpf_jit_blinding_wanted(void);

/*
 * A blinded copy of a program, and the frame table that goes with it.
 *
 * Which instructions an index names. Everything here indexes the copy:
 * @insns, the relative targets of its jumps and bpf-to-bpf calls, the
 * address in each callback load (ld_imm64 of KBPF_PSEUDO_FUNC, which
 * names &@insns[start] as the loader's names the program's own), and
 * @frames[].start. The program's own insns, frames and what
 * OBJ_GET_INFO_BY_FD dumps as xlated keep indexing the loader's
 * instructions, which the interpreter runs: only the JIT reads a copy,
 * and the image it makes keeps no pointer into it.
 */
struct kbpf_jit_blinded {
	struct kbpf_insn *insns;
	u32 len;
	/* the program's table, each start moved; NULL when it had none */
	struct kbpf_prog_frame *frames;
	u32 frame_cnt;
};

/*
 * Blinds @insns (@len of them) with the frame table @frames (@frame_cnt
 * entries, sorted by start; NULL for none) into @out: 0, or -EOPNOTSUPP
 * when a jump no longer reaches (16-bit offsets), a target, callback or
 * frame start is outside @insns, or -ENOMEM; @out is empty on error.
 * The copy does what @insns does. Free it with kbpf_jit_blinded_free().
 */
int kbpf_jit_blind(const struct kbpf_insn *insns, u32 len,
		   const struct kbpf_prog_frame *frames, u32 frame_cnt,
		   struct kbpf_jit_blinded *out);
void kbpf_jit_blinded_free(struct kbpf_jit_blinded *b);

#endif /* _KBPF_JIT_BLIND_H */
