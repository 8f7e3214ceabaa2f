/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the JIT does in place of their call: a few instructions that
 * compute what the helper's function would return, as Linux's JIT and
 * do_misc_fixups() do for the same helpers. Map lookups are inlined one
 * step earlier, as instructions the verifier puts in the program
 * (kmod/verifier/inline.c).
 */
#ifndef _KBPF_JIT_INLINE_H
#define _KBPF_JIT_INLINE_H

#include <linux/types.h>

#include "../prog/prog.h"
#include "emit.h"

/*
 * Emits helper @id's work into @e if the JIT inlines it, where @fn is the
 * function the program's helper table has for @id (inlined only when it
 * is kbpf's own for that helper); false: emit the call. r0 gets the
 * result; r1-r5 may keep their values (the verifier holds them
 * clobbered). The same bytes on every pass.
 */
bool kbpf_jit_inline_helper(struct kbpf_jit_emit *e, u32 id,
			    kbpf_helper_fn fn);

#endif /* _KBPF_JIT_INLINE_H */
