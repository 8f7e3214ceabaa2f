/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tail calls in JITed code: through the prog array at run time (no code
 * is ever patched), into the tail-call entry of the target's image.
 */
#ifndef _KBPF_JIT_TAIL_CALL_H
#define _KBPF_JIT_TAIL_CALL_H

#include "translate.h"

/*
 * The tail-call entry, in the main function's prologue once its stack is
 * reserved and zeroed (that path jumps over it); sets @c->tail.
 */
void kbpf_jit_tail_entry(struct kbpf_jit_ctx *c);
/*
 * bpf_tail_call(r1 ctx, r2 prog array, r3 index) in the current function:
 * 0, or -EOPNOTSUPP outside the main function, -ERANGE when a call or
 * jump does not reach.
 */
int kbpf_jit_tail_call(struct kbpf_jit_ctx *c);

#endif /* _KBPF_JIT_TAIL_CALL_H */
