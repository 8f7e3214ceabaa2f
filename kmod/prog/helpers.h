/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The helper table: each helper's Linux ID and prototype, and the rules
 * for who may call it, read by the verifier. The interpreter calls the
 * functions through kbpf_helper_fns[] (interp.h), by the same IDs.
 */
#ifndef _KBPF_HELPERS_H
#define _KBPF_HELPERS_H

#include <linux/types.h>

#include "prog.h"

/* What an argument register must hold (the verifier's view). */
enum kbpf_arg_type {
	KBPF_ARG_NONE,			/* no argument in this register */
	KBPF_ARG_ANYTHING,		/* any initialised value */
	KBPF_ARG_CONST_MAP_PTR,
	KBPF_ARG_PTR_TO_MAP_KEY,
	KBPF_ARG_PTR_TO_MAP_VALUE,
	KBPF_ARG_PTR_TO_MEM,		/* readable, size in the next arg */
	KBPF_ARG_PTR_TO_UNINIT_MEM,	/* written, size in the next arg */
	KBPF_ARG_CONST_SIZE,
	KBPF_ARG_CONST_SIZE_OR_ZERO,
	KBPF_ARG_PTR_TO_CTX,
	KBPF_ARG_PTR_TO_FUNC,		/* a callback */
	KBPF_ARG_PTR_TO_STACK_OR_NULL,	/* callback context */
	KBPF_ARG_PTR_TO_CONST_STR,	/* NUL-terminated, read-only map */
	KBPF_ARG_PTR_TO_MEM_OR_NULL,
	/*
	 * NULL (with a zero size), or memory the helper writes that must
	 * be initialised all the same, as Linux reads it for the stack
	 * (bpf_snprintf()'s buffer): a write for map access flags.
	 */
	KBPF_ARG_PTR_TO_OUT_MEM_OR_NULL,
	KBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO,
	KBPF_ARG_PTR_TO_LONG,
	KBPF_ARG_PTR_TO_RINGBUF_MEM,	/* from ringbuf_reserve, released */
	KBPF_ARG_PTR_TO_DYNPTR,		/* an initialised dynptr, any type */
	KBPF_ARG_PTR_TO_UNINIT_DYNPTR_LOCAL,	/* the helper initialises it */
	KBPF_ARG_PTR_TO_UNINIT_DYNPTR_RINGBUF,	/* and acquires a record */
	KBPF_ARG_PTR_TO_DYNPTR_RINGBUF,	/* a ringbuf dynptr, released */
	KBPF_ARG_SCALAR,		/* a scalar, never a pointer */
};

enum kbpf_ret_type {
	KBPF_RET_INTEGER,
	KBPF_RET_VOID,
	KBPF_RET_PTR_TO_MAP_VALUE_OR_NULL,
	KBPF_RET_PTR_TO_RINGBUF_MEM_OR_NULL,	/* size in arg 2, acquired */
	KBPF_RET_PTR_TO_DYNPTR_MEM_OR_NULL,	/* size in arg 3 */
};

/*
 * @type_specific: only the program types that list it may call it
 *	(type.h); otherwise every type may (Linux's bpf_base_func_proto()).
 * @cap: a capability the loader needs besides CAP_BPF (0: none), e.g.
 *	CAP_PERFMON for the probe_read family, as Linux's
 *	bpf_base_func_proto() decides.
 * @callback: the register (1-5) holding a callback, 0 for none.
 */
struct kbpf_helper_proto {
	const char *name;
	bool type_specific;
	bool gpl_only;
	bool might_sleep;
	u8 callback;
	u8 cap;
	u8 ret_type;
	u8 arg_type[5];
};

const struct kbpf_helper_proto *kbpf_helper_proto(s32 id);
const char *kbpf_helper_name(s32 id);

#endif /* _KBPF_HELPERS_H */
