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
 * A blinded copy of @insns (@len of them) in *@out, its length in
 * *@out_len; free it with kvfree(). -EOPNOTSUPP when a jump no longer
 * reaches (16-bit offsets) or the program has callbacks (ld_imm64 of a
 * function), -ENOMEM. The copy does what @insns does; only the JIT runs
 * it.
 */
int kbpf_jit_blind(const struct kbpf_insn *insns, u32 len,
		   struct kbpf_insn **out, u32 *out_len);

#endif /* _KBPF_JIT_BLIND_H */
