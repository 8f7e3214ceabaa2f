/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The JIT arena and the return stub, in kbpf's module text.
 *
 * The arena is a page-aligned region of its own section, mapped read-only
 * and executable with the rest of the module text. Its bytes here only
 * shape the unwind table objtool generates: a frame-pointer prologue, then
 * long NOPs to the end, so that every address past the prologue gets one
 * ORC entry saying "CFA = rbp + 16, caller's rbp at CFA - 16", the frame
 * every generated function keeps (push %rbp; mov %rsp, %rbp). kbpf
 * overwrites the whole region with int3 at init (kmod/jit/arena.c) and
 * never hands out its first chunk, whose first bytes have other entries.
 */

#include <linux/linkage.h>
#include <linux/objtool.h>
#include <asm/page_types.h>
#include <asm/unwind_hints.h>

#include "arena.h"

/* The longest NOP gas emits: a 0x66-prefixed nopw with a 32-bit offset. */
#define KBPF_NOP11	0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00
/* push %rbp; mov %rsp, %rbp ... jmp . */
#define KBPF_ARENA_BODY	(KBPF_JIT_ARENA_SIZE - 4 - 2)

	.pushsection .text.kbpf_jit_arena, "ax"
	.balign PAGE_SIZE
SYM_CODE_START_NOALIGN(kbpf_jit_arena)
	/* Only ever entered at chunks, which start with their own ENDBR. */
	ANNOTATE_NOENDBR
	UNWIND_HINT_FUNC
	push	%rbp
	mov	%rsp, %rbp
	.rept	KBPF_ARENA_BODY / 11
	.byte	KBPF_NOP11
	.endr
	.fill	KBPF_ARENA_BODY % 11, 1, 0x90
	/* Ends objtool's walk; int3 like the rest once kbpf is loaded. */
	jmp	.
SYM_CODE_END(kbpf_jit_arena)
	.popsection

/*
 * Generated code returns with "jmp kbpf_jit_return". RET is the kernel's
 * return macro, which objtool lists in .return_sites, so the module loader
 * turns it into what this kernel and CPU need: a plain "ret; int3" or a
 * jump to the selected return thunk (the exported __x86_return_thunk is a
 * placeholder that must not run).
 */
SYM_FUNC_START(kbpf_jit_return)
	RET
SYM_FUNC_END(kbpf_jit_return)
