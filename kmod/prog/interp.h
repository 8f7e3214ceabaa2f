/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interpreter: runs the instructions of a loaded program, RFC 9669
 * with cpu v4 and atomics, bpf-to-bpf calls, tail calls and callbacks.
 */
#ifndef _KBPF_INTERP_H
#define _KBPF_INTERP_H

#include <linux/types.h>

#include "prog.h"

struct kbpf_map;
struct kbpf_checked_run;

/*
 * A link's view of one run, for bpf_get_attach_cookie() and
 * bpf_get_func_ip(): the cookie of the probed address and the address of
 * the probed function (for a uprobe: the probed user address).
 */
struct kbpf_attach_ctx {
	u64 cookie;
	u64 func_ip;
};

/*
 * What a run calls out to. kbpf_interp_run() uses the module's own
 * tables below; tests pass their own through kbpf_interp_run_env().
 *
 * @helpers: indexed by helper ID, @helper_cnt entries; a NULL entry or
 *	an ID past the end stops the program (see kbpf_interp_run()).
 * @prog_array_get: the program in slot @index of a PROG_ARRAY, NULL if
 *	empty. The interpreter checks @index against max_entries first. The
 *	program returned must stay valid until the run ends (prog-array
 *	slots are released after an RCU grace period; runs that can reach a
 *	prog array hold rcu_read_lock()). NULL: every tail call fails.
 * @check_access: with KBPF_INTERP_CHECKED only, asked about every load,
 *	store and atomic outside the current frame's stack; false stops the
 *	program. NULL leaves it to @checked.
 * @checked: with KBPF_INTERP_CHECKED only, the run's access oracle
 *	(checked.c), which kbpf_interp_run() sets up; NULL (and no
 *	@check_access) allows everything.
 * @attach: what the hook that started the run tells helpers (cookie,
 *	function address); NULL for runs that no link started.
 * @stack_depth: the stack bytes of every frame of a program without a
 *	frame table (tests): all frames of a run share KBPF_STACK_SIZE bytes.
 * @prog: the program being run, whose frame table (kbpf_prog_frame) sizes
 *	each frame; NULL, or a program without a table, for @stack_depth.
 */
struct kbpf_interp_env {
	const kbpf_helper_fn *helpers;
	u32 helper_cnt;
	u32 stack_depth;
	const struct kbpf_prog *prog;
	const struct kbpf_attach_ctx *attach;
	struct kbpf_prog *(*prog_array_get)(struct kbpf_map *map, u32 index);
	bool (*check_access)(const void *addr, u32 size, bool write);
#ifdef KBPF_INTERP_CHECKED
	struct kbpf_checked_run *checked;
#endif
};

/* The prog-array lookup (prog_array.c). */
struct kbpf_prog *kbpf_prog_array_get(struct kbpf_map *map, u32 index);

u64 kbpf_interp_run(const struct kbpf_prog *prog, const void *ctx,
		    const struct kbpf_attach_ctx *attach);
u64 kbpf_interp_run_env(const struct kbpf_insn *insns, const void *ctx,
			const struct kbpf_interp_env *env);
u64 kbpf_interp_run_jited(u64 (*func)(const void *ctx), unsigned long gen,
			  const void *ctx, const struct kbpf_interp_env *env);
u64 kbpf_interp_call(const struct kbpf_insn *entry, u64 r1, u64 r2, u64 r3,
		     u64 r4, u64 r5);

/**
 * struct kbpf_interp_cb - a helper's callback, entered once for a series
 *	of calls (kbpf_interp_cb_begin() to kbpf_interp_cb_end())
 * @fn: in a JITed run, the callback's JIT function, called directly: its
 *	frame was counted once by kbpf_interp_cb_begin(), which is what
 *	counting each call gives, the calls being one after the other. NULL
 *	otherwise: each call goes through kbpf_interp_call().
 * @entry: the callback as the program passed it to the helper
 */
struct kbpf_interp_cb {
	kbpf_helper_fn fn;
	const struct kbpf_insn *entry;
};

void kbpf_interp_cb_begin(struct kbpf_interp_cb *cb,
			  const struct kbpf_insn *entry);
void kbpf_interp_cb_end(const struct kbpf_interp_cb *cb);

/* One call of @cb, between kbpf_interp_cb_begin() and kbpf_interp_cb_end(). */
static __always_inline u64 kbpf_interp_cb_call(const struct kbpf_interp_cb *cb,
					       u64 r1, u64 r2, u64 r3, u64 r4,
					       u64 r5)
{
	if (cb->fn)
		return cb->fn(r1, r2, r3, r4, r5);
	return kbpf_interp_call(cb->entry, r1, r2, r3, r4, r5);
}

const void *kbpf_interp_jit_tail_call(const void *ctx, struct kbpf_map *map,
				      u32 index);
const struct kbpf_attach_ctx *kbpf_interp_attach(void);

#ifdef KBPF_INTERP_CHECKED
bool kbpf_interp_check_access(const void *addr, u32 size, bool write);
#endif

#endif /* _KBPF_INTERP_H */
