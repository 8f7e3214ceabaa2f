/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State of one PROG_LOAD's checks, shared by the verifier's passes.
 */
#ifndef _KBPF_VERIFIER_ENV_H
#define _KBPF_VERIFIER_ENV_H

#include <linux/math.h>
#include <linux/types.h>

#include "../prog/prog.h"
#include "log.h"
#include "state.h"

#define KBPF_MAX_USED_MAPS	64
#define KBPF_MAX_SUBPROGS	256

/* Per-instruction facts the passes share. */
struct kbpf_insn_aux {
	bool ldimm64_tail;	/* second half of a ld_imm64 */
	bool reachable;
	bool subprog_start;
	bool prune_point;	/* states are stored and compared here */
	bool force_checkpoint;	/* a loop head: always store a state */
	u16 live_regs;		/* liveness.c: bit r, r read before written */
	/*
	 * liveness.c: bit r, r's value may still decide something (a branch,
	 * a pointer's bounds, a helper argument, a callee's result, a stack
	 * spill). A scalar outside this set prunes whatever its range.
	 */
	u16 demand_regs;
	/* ld_imm64 of a map or map value: the map and the value offset */
	struct kbpf_map *map;
	u32 map_off;
	/* Some path reached this instruction (the walk's own mark). */
	bool seen;
	/*
	 * spectre.c: how pointer arithmetic here moves its pointer, the
	 * same on every path (0: none recorded yet).
	 */
	u32 alu_state;
	u32 alu_limit;
	/*
	 * A load or store: whether its base was the ctx on the paths seen
	 * (Linux's ptr_type; a ctx access is rewritten, so it must be the
	 * ctx on all of them or on none), and the size of the ctx field it
	 * reads (Linux's ctx_field_size, from the type's ctx_access_ok()).
	 */
	u8 ptr_kind;
	u8 ctx_field_size;
	/*
	 * A tail call: the prog array of the last path seen, whether some
	 * path passed another (@tail_call_poisoned) and whether one of them
	 * was made without CAP_PERFMON (@tail_call_unpriv); Linux's
	 * map_ptr_state.
	 */
	struct kbpf_map *tail_call_map;
	bool tail_call_poisoned;
	bool tail_call_unpriv;
	/*
	 * A call of a helper with @gen_lookup or @direct_call: the map of
	 * the paths seen, and whether another one reached it too (Linux's
	 * map_ptr_state); only a call with one map is inlined or made
	 * direct (inline.c).
	 */
	struct kbpf_map *lookup_map;
	bool lookup_map_poisoned;
	/*
	 * A bpf_loop() call (inline_loop.c, Linux's loop_inline_state):
	 * @loop_seen once a path checked it, @loop_unfit once a path passed
	 * flags other than a known 0 or a callback other than
	 * @loop_cb_subprog. After the walk, @loop_inline: the call becomes a
	 * loop that saves r6-r8 at r10 + @loop_spill_off.
	 */
	bool loop_seen;
	bool loop_unfit;
	bool loop_inline;
	u32 loop_cb_subprog;
	s16 loop_spill_off;
};

/* kbpf_insn_aux.ptr_kind */
enum {
	KBPF_PTR_KIND_UNSEEN,
	KBPF_PTR_KIND_CTX,
	KBPF_PTR_KIND_OTHER,
};

/* A state kept at a prune point (explore.c); on env->explored[idx]. */
struct kbpf_idmap;

struct kbpf_stored_state {
	struct kbpf_stored_state *next;
	struct kbpf_vstate *state;
	u32 hit_cnt;
	u32 miss_cnt;
};

/* A path still to walk: its state, from instruction @prev_idx. */
struct kbpf_pending {
	struct kbpf_pending *next;
	struct kbpf_vstate *state;
	u32 prev_idx;
	/* the log's end when the path forked: level 1 cuts back to it */
	u64 log_pos;
};

/*
 * @prog: the program being loaded; its insns are rewritten in place
 *	once they check out (map fds become map pointers).
 * @fd_array: user array of map fds for KBPF_PSEUDO_MAP_IDX(_VALUE).
 * @used_maps: references held on every map the program names, handed
 *	to the program when the load succeeds.
 */
struct kbpf_verifier_env {
	struct kbpf_prog *prog;
	struct kbpf_insn_aux *aux;
	const u32 __user *fd_array;
	struct kbpf_map *used_maps[KBPF_MAX_USED_MAPS];
	u32 used_map_cnt;
	u32 subprog_starts[KBPF_MAX_SUBPROGS + 1];
	u32 subprog_cnt;
	u32 insn_processed;	/* instructions checked, for the log */
	bool bpf_capable;
	bool perfmon_capable;
	/* Linux's privilege rules, from perfmon_capable() at load. */
	bool allow_ptr_leaks;
	bool allow_uninit_stack;
	bool bypass_spec_v1;
	/* spectre.c: compare scalars exactly when pruning (masks vary) */
	bool explore_alu_limits;
	/* The program will be JITed (kbpf_jit_requested() at load). */
	bool jit_requested;

	/* The walk (explore.c, check.c). */
	struct kbpf_vstate *cur;
	struct kbpf_pending *pending;
	u32 pending_cnt;
	struct kbpf_stored_state **explored;
	/* explore.c's scratch map of ids, for comparing two states */
	struct kbpf_idmap *idmap;
	/* evicted from explored[], still a live path's parent: no frames */
	struct kbpf_stored_state *evicted;
	u32 id_gen;
	u32 prev_insn_idx;
	u32 total_states;
	u32 peak_states;
	u32 cur_states;
	u32 max_states_per_insn;
	u32 jmps_processed;
	u32 prev_jmps_processed;
	u32 prev_insn_processed;
	u32 subprog_stack_depth[KBPF_MAX_SUBPROGS];
	/* inline_loop.c: bpf_loop() calls inlined in each subprogram */
	u32 loop_inline_cnt[KBPF_MAX_SUBPROGS];
	u32 loop_inline_total;
	struct kbpf_log log;
};

#define kbpf_verbose(env, fmt, ...) kbpf_log(&(env)->log, fmt, ##__VA_ARGS__)

int kbpf_find_subprogs(struct kbpf_verifier_env *env);
int kbpf_resolve_pseudo_ldimm64(struct kbpf_verifier_env *env);
int kbpf_check_cfg(struct kbpf_verifier_env *env);
int kbpf_check_insn_fields(struct kbpf_verifier_env *env);
bool kbpf_opcode_valid(u8 code);
void kbpf_release_used_maps(struct kbpf_verifier_env *env);

/* explore.c: states, paths and pruning */
struct kbpf_vstate *kbpf_state_alloc(void);
void kbpf_state_free(struct kbpf_vstate *st);
int kbpf_state_copy(struct kbpf_vstate *dst, const struct kbpf_vstate *src);
struct kbpf_func_state *kbpf_frame_alloc(void);
void kbpf_frame_free(struct kbpf_func_state *f);
int kbpf_stack_grow(struct kbpf_func_state *f, u32 slots);
int kbpf_push_pending(struct kbpf_verifier_env *env, u32 insn_idx,
		      u32 prev_idx, struct kbpf_vstate **out);
int kbpf_pop_pending(struct kbpf_verifier_env *env);
void kbpf_path_done(struct kbpf_verifier_env *env);
int kbpf_is_state_visited(struct kbpf_verifier_env *env, u32 insn_idx);
void kbpf_free_explored(struct kbpf_verifier_env *env);
u32 kbpf_subprog_of(const struct kbpf_verifier_env *env, u32 insn_idx);

/* check.c: the walk over every path */
int kbpf_do_check(struct kbpf_verifier_env *env);
int kbpf_check_reg_read(struct kbpf_verifier_env *env, u32 regno);

/* mem.c: loads, stores and memory helper arguments */
int kbpf_check_mem_access(struct kbpf_verifier_env *env, u32 insn_idx,
			  u32 regno, s32 off, u8 size, bool write,
			  int value_regno, bool sign_ext);
int kbpf_check_atomic(struct kbpf_verifier_env *env, u32 insn_idx,
		      const struct kbpf_insn *insn);
/* How a helper uses memory it is given. */
enum kbpf_mem_use {
	KBPF_MEM_READ,		/* reads it: must be initialised */
	KBPF_MEM_WRITE,		/* fills it */
	KBPF_MEM_CLOBBER,	/* may write part of it: must be initialised */
};

/*
 * A helper uses @size bytes (the size register's umax; @zero_ok if a zero
 * size may be passed) at the pointer in @regno.
 */
int kbpf_check_helper_mem(struct kbpf_verifier_env *env, u32 regno,
			  u32 size, enum kbpf_mem_use use, bool zero_ok);
int kbpf_check_ptr_off_reg(struct kbpf_verifier_env *env,
			   const struct kbpf_reg_state *reg, u32 regno,
			   bool fixed_off_ok);
struct kbpf_func_state *kbpf_reg_frame(struct kbpf_verifier_env *env,
				       const struct kbpf_reg_state *reg);
int kbpf_callback_spill_ok(struct kbpf_verifier_env *env,
			   const struct kbpf_func_state *frame);
void kbpf_stack_mark_misc(struct kbpf_func_state *frame, s32 off, u32 size);

int kbpf_check_map_value_region(struct kbpf_verifier_env *env, u32 regno,
				s32 off, u32 size);
/* What BPF_F_RDONLY_PROG/BPF_F_WRONLY_PROG allow of the map @reg points in. */
int kbpf_map_access_type(struct kbpf_verifier_env *env,
			 const struct kbpf_reg_state *reg, s32 off, u32 size,
			 bool write);

/* spectre.c: Linux's Spectre v1 rules (no CAP_PERFMON) */
struct kbpf_spec_alu {
	bool mask_to_left;
	bool off_is_imm;
	u32 alu_state;
	u32 alu_limit;
};

/*
 * Before @ptr op @off (insn @idx; @ptr_is_dst: the pointer is in the
 * destination): refuses what cannot be masked, walks the unmasked path
 * speculatively; fills @info for the commit.
 */
int kbpf_spec_ptr_alu(struct kbpf_verifier_env *env, u32 idx,
		      const struct kbpf_insn *insn,
		      const struct kbpf_reg_state *ptr,
		      const struct kbpf_reg_state *off, bool ptr_is_dst,
		      struct kbpf_spec_alu *info);
/* After it, with the result in @dst: the mask must agree across paths. */
int kbpf_spec_ptr_alu_commit(struct kbpf_verifier_env *env, u32 idx,
			     const struct kbpf_insn *insn,
			     const struct kbpf_reg_state *dst, bool ptr_is_dst,
			     const struct kbpf_spec_alu *info);
/* Scalar ADD/SUB with a register at insn @idx. */
int kbpf_spec_scalar_alu(struct kbpf_verifier_env *env, u32 idx,
			 const struct kbpf_insn *insn);
/* The pointer arithmetic result in @dstno stays inside its object. */
int kbpf_spec_check_bounds(struct kbpf_verifier_env *env, u32 dstno);
/* A jump known not to go to @dead_idx goes there speculatively. */
int kbpf_spec_dead_branch(struct kbpf_verifier_env *env, u32 idx,
			  const struct kbpf_insn *insn, u32 dead_idx);

/* call.c: helpers, bpf-to-bpf calls, callbacks, references */
int kbpf_check_abnormal_return(struct kbpf_verifier_env *env);
int kbpf_check_tail_call_maps(struct kbpf_verifier_env *env);
int kbpf_check_stack_depth(struct kbpf_verifier_env *env);
/*
 * The same proof, with the bpf_loop() calls marked @loop_inline counted
 * as calls of their callback and their subprograms' depths as inlining
 * leaves them; logs nothing (0, -EACCES or -E2BIG).
 */
int kbpf_stack_depth_fits(const struct kbpf_verifier_env *env);
int kbpf_check_call(struct kbpf_verifier_env *env, u32 insn_idx, u32 *next);
int kbpf_check_exit(struct kbpf_verifier_env *env, u32 insn_idx, u32 *next,
		    bool *path_done);
/* Whether the path is in a callback now (or in what it calls). */
bool kbpf_in_callback(const struct kbpf_vstate *st);
/* Whether frame @frameno is a caller of a callback running now. */
bool kbpf_frame_under_callback(const struct kbpf_vstate *st, u32 frameno);
void kbpf_release_ref_regs(struct kbpf_verifier_env *env, u32 ref_obj_id);
int kbpf_release_ref(struct kbpf_verifier_env *env, u32 ref_obj_id);
int kbpf_acquire_ref(struct kbpf_verifier_env *env, u32 insn_idx, u32 *id);
int kbpf_check_ref_leak(struct kbpf_verifier_env *env, bool callback_exit);

/* fixup.c: the rewrites of an accepted program */
int kbpf_convert_ctx_accesses(struct kbpf_verifier_env *env);

/* inline.c: helper calls a JITed program does without a call */
void kbpf_record_lookup_map(struct kbpf_verifier_env *env, u32 idx,
			    struct kbpf_map *map);
bool kbpf_inline_wanted(const struct kbpf_verifier_env *env);
/*
 * The instructions that replace call @idx at @buf (0: it stays). A
 * pseudo call among them has its imm relative to @idx, as if it were the
 * call itself: the rewrite moves it with the rest.
 */
u32 kbpf_inline_call(const struct kbpf_verifier_env *env, u32 idx,
		     struct kbpf_insn *buf);

/* inline_loop.c: bpf_loop() as a loop with a bpf-to-bpf call */
#define KBPF_LOOP_INLINE_LEN	19
/* r6-r8 of an inlined loop, saved below the subprogram's own stack */
#define KBPF_LOOP_SPILL_SIZE	(3 * KBPF_REG_SIZE)

/* The stack of a subprogram of @depth bytes with inlined bpf_loop()s. */
static inline u32 kbpf_loop_inline_depth(u32 depth)
{
	return round_up(depth, KBPF_REG_SIZE) + KBPF_LOOP_SPILL_SIZE;
}

/*
 * The most instructions one rewrite gives (fixup.c's buffers; it asserts
 * the ctx rewrites' and the lookups' fit too).
 */
#define KBPF_REWRITE_MAX	KBPF_LOOP_INLINE_LEN
/* At a bpf_loop() call on some path: its flags (r4) and callback. */
void kbpf_record_loop(struct kbpf_verifier_env *env, u32 idx,
		      const struct kbpf_reg_state *flags, u32 cb_subprog);
/*
 * After the walk and the stack proof: which bpf_loop() calls become
 * loops (every path fit, and the stack proof still holds with them).
 */
void kbpf_loop_inline_decide(struct kbpf_verifier_env *env);
u32 kbpf_inline_loop(const struct kbpf_verifier_env *env, u32 idx,
		     struct kbpf_insn *buf);

int kbpf_check(struct kbpf_prog **progp, const union kbpf_attr *attr,
	       union kbpf_attr __user *uattr, u32 uattr_size);

#endif /* _KBPF_VERIFIER_ENV_H */
