/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The helpers: each one is a struct kbpf_helper_proto holding its
 * function, its prototype and the rules for who may call it, defined
 * beside the function in the file of its concern (prog/helpers/, the
 * ring buffer and dynptr files, printf.c, trace.c, skb.c) and listed
 * by name in helper_list.h. helpers.c turns the list into the table by
 * Linux's IDs that the verifier reads and the interpreter calls through.
 */
#ifndef _KBPF_HELPERS_H
#define _KBPF_HELPERS_H

#include <linux/bits.h>
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

/*
 * What a callback finds in r1-r5 (Linux's set_*_callback_state()):
 * the helper's map and one element of it, a local dynptr over one
 * sample, an unknown scalar, or the helper's callback-context argument.
 */
enum kbpf_cb_arg_type {
	KBPF_CB_ARG_NONE,
	KBPF_CB_ARG_SCALAR,
	KBPF_CB_ARG_MAP,
	KBPF_CB_ARG_MAP_KEY,
	KBPF_CB_ARG_MAP_VALUE,
	KBPF_CB_ARG_DYNPTR_LOCAL,
	KBPF_CB_ARG_CTX,
};

enum kbpf_ret_type {
	KBPF_RET_INTEGER,
	KBPF_RET_VOID,
	KBPF_RET_PTR_TO_MAP_VALUE_OR_NULL,
	KBPF_RET_PTR_TO_RINGBUF_MEM_OR_NULL,	/* size in arg 2, acquired */
	KBPF_RET_PTR_TO_DYNPTR_MEM_OR_NULL,	/* size in arg 3 */
};

/*
 * @fn: what the interpreter calls; NULL for tail_call, which the
 *	interpreter performs itself.
 * @type_specific: only the program types that list it may call it
 *	(type.h); otherwise every type may (Linux's bpf_base_func_proto()).
 * @cap: a capability the loader needs besides CAP_BPF (0: none), e.g.
 *	CAP_PERFMON for the probe_read family, as Linux's
 *	bpf_base_func_proto() decides; the tracing types do not ask for
 *	CAP_PERFMON (struct kbpf_prog_ops' @tracing).
 * @callback: the register (1-5) holding a callback, 0 for none;
 *	@cb_args: what the callback gets in r1-r5; @cb_count: the register
 *	holding how many times the helper calls back (bpf_loop()'s count:
 *	0 there means the callback never runs), 0 when unknown.
 * @map_types: the map types (bits by KBPF_MAP_TYPE_*) the map argument
 *	may have; 0: any map not reserved to its own helpers
 *	(struct kbpf_map_ops' @helper_only). Linux's
 *	check_map_func_compatibility(), both ways.
 * @writes_map: changes the map's elements (refused on BPF_F_RDONLY_PROG
 *	maps); @walks_map: visits every element (the map type needs
 *	@visit_elems).
 * @mem_in_map: the memory argument must be a map value that the
 *	program may both read and write (bpf_dynptr_from_mem()).
 * @fmt_checked: the format string and its data are checked at load
 *	(bpf_snprintf()).
 * @tail_call: the call replaces the program (bpf_tail_call()).
 * @gen_lookup: looks up the map's element at the key (bpf_map_lookup_elem()):
 *	with one map known at the call, a program to be JITed may have the
 *	call replaced by the map type's own instructions (struct
 *	kbpf_map_ops' @gen_lookup; Linux's map_gen_lookup).
 * @direct_call: does no more than call one of the map's ops with the
 *	helper's arguments (bpf_map_update_elem(), bpf_map_delete_elem()):
 *	with one map known at the call, a program to be JITed may call the
 *	map type's own function instead (struct kbpf_map_ops'
 *	@direct_call), as Linux's do_misc_fixups() calls
 *	ops->map_update_elem directly.
 * @inline_loop: bpf_loop()'s contract: calls the callback (in r2) with
 *	(index, r3) for each index below r1, stopping after a non-zero
 *	return, and returns the calls made; -E2BIG past KBPF_MAX_LOOPS,
 *	-EINVAL for flags (r4) other than 0. The verifier may then replace
 *	a call whose flags are a known 0 by that loop (Linux's
 *	inline_bpf_loop()).
 */
struct kbpf_helper_proto {
	kbpf_helper_fn fn;
	const char *name;
	bool type_specific;
	bool gpl_only;
	bool might_sleep;
	bool writes_map;
	bool walks_map;
	bool mem_in_map;
	bool fmt_checked;
	bool tail_call;
	bool gen_lookup;
	bool direct_call;
	bool inline_loop;
	u8 callback;
	u8 cb_count;
	u8 cap;
	u8 ret_type;
	u8 arg_type[5];
	u8 cb_args[5];
	u64 map_types;
};

/* Linux's BPF_MAX_LOOPS: the most iterations bpf_loop() makes. */
#define KBPF_MAX_LOOPS		BIT(23)

#define KBPF_ARGS(...)		.arg_type = { __VA_ARGS__ }
#define KBPF_CB_ARGS(...)	.cb_args = { __VA_ARGS__ }

#define KBPF_HELPER(name) extern const struct kbpf_helper_proto kbpf_##name##_proto;
#include "helper_list.h"
#undef KBPF_HELPER

const struct kbpf_helper_proto *kbpf_helper_proto(s32 id);
const char *kbpf_helper_name(s32 id);
void kbpf_helpers_init(void);

/*
 * Functions only the verifier's rewrites call, numbered after every
 * helper ID: none has a proto, so a program that names one is refused
 * (kbpf_check_helper_calls()) before any rewrite puts one in. The
 * interpreter and the JIT call them through kbpf_helper_fns[] as
 * helpers, with r1-r5. Not in a checked build, which never rewrites
 * calls (kbpf_jit_requested() is false there) and whose unverified
 * programs must not reach them: their slots stay NULL and stop the run.
 */
enum kbpf_internal_fn {
	/* Hash map lookups (map/hash_lookup.c): r0 the value or NULL. */
	KBPF_INTERNAL_HTAB_LOOKUP = __KBPF_FUNC_MAX_ID,
	KBPF_INTERNAL_HTAB_LOOKUP4,
	KBPF_INTERNAL_HTAB_LOOKUP8,
	/* HASH update and delete (map/hash.c): the helpers' r0. */
	KBPF_INTERNAL_HTAB_UPDATE,
	KBPF_INTERNAL_HTAB_DELETE,
	__KBPF_INTERNAL_MAX,
};

/*
 * The internal functions, with a helper's signature: r1 the map, r2 the
 * key; the value or 0. The 4- and 8-byte ones only for maps of such keys.
 */
u64 kbpf_htab_lookup_call(u64 map, u64 key, u64 r3, u64 r4, u64 r5);
u64 kbpf_htab_lookup_call4(u64 map, u64 key, u64 r3, u64 r4, u64 r5);
u64 kbpf_htab_lookup_call8(u64 map, u64 key, u64 r3, u64 r4, u64 r5);
/*
 * bpf_map_update_elem() and bpf_map_delete_elem() of a HASH map (not
 * per-CPU, not LRU), the same arguments and result.
 */
u64 kbpf_htab_update_call(u64 map, u64 key, u64 value, u64 flags, u64 r5);
u64 kbpf_htab_delete_call(u64 map, u64 key, u64 r3, u64 r4, u64 r5);

/*
 * The helpers' functions by ID, then the internal ones, for the
 * interpreter and the JIT: filled by kbpf_helpers_init() and read-only
 * after it.
 */
extern kbpf_helper_fn kbpf_helper_fns[];
extern const u32 kbpf_helper_fns_cnt;

static inline bool kbpf_helper_is_tail_call(s32 id)
{
	const struct kbpf_helper_proto *proto = kbpf_helper_proto(id);

	return proto && proto->tail_call;
}

#endif /* _KBPF_HELPERS_H */
