// SPDX-License-Identifier: GPL-2.0
/*
 * Calls and exits: helper calls (their arguments in args.c, dynptrs in
 * dynptr.c, references in refs.c), bpf-to-bpf calls, callbacks, and the
 * combined stack of a call chain.
 *
 * A callback may run any number of times, each run seeing what the
 * previous ones left in its callers' stacks. It is walked once, from a
 * state that admits all of those: the callers' stack data widened to
 * unknown scalars. Spilled pointers and dynptrs of the callers are kept,
 * and a callback may not overwrite them, nor put new ones where the
 * widened state holds data (mem.c), so what one run leaves is admitted by
 * the state the next run is checked from; references a callback did not
 * acquire it may not release. The path where the callback never runs is
 * walked too.
 */

#include <linux/kernel.h>
#include <linux/slab.h>

#include "../map/map.h"
#include "../prog/dynptr.h"
#include "../prog/helpers.h"
#include "../prog/type.h"
#include "call.h"
#include "env.h"

/* ---- frames ---- */

static int kbpf_push_frame(struct kbpf_verifier_env *env, u32 callsite,
			   u32 subprog, struct kbpf_func_state **out)
{
	struct kbpf_vstate *st = env->cur;
	struct kbpf_func_state *f;
	u32 r;

	if (st->curframe + 1 >= KBPF_MAX_CALL_FRAMES) {
		kbpf_verbose(env, "the call stack of %d frames is too deep\n",
			     st->curframe + 2);
		return -E2BIG;
	}
	f = kbpf_frame_alloc();
	if (!f)
		return -ENOMEM;
	for (r = 0; r < KBPF_REG_CNT; r++)
		kbpf_reg_mark_not_init(&f->regs[r]);
	kbpf_reg_mark_known(&f->regs[KBPF_REG_FP], 0);
	f->regs[KBPF_REG_FP].type = KBPF_PTR_TO_STACK;
	f->regs[KBPF_REG_FP].frameno = st->curframe + 1;
	f->callsite = callsite;
	f->frameno = st->curframe + 1;
	f->subprog = subprog;
	st->frame[++st->curframe] = f;
	*out = f;
	return 0;
}

static void kbpf_clobber_caller_saved(struct kbpf_reg_state *regs)
{
	u32 r;

	for (r = 1; r <= 5; r++)
		kbpf_reg_mark_not_init(&regs[r]);
}

static int kbpf_check_func_call(struct kbpf_verifier_env *env, u32 idx,
				u32 *next)
{
	const struct kbpf_insn *insn = &env->prog->insns[idx];
	struct kbpf_reg_state *caller = kbpf_cur_regs(env->cur);
	u32 target = idx + insn->imm + 1;
	struct kbpf_func_state *f;
	u32 r;
	int err;

	err = kbpf_push_frame(env, idx, kbpf_subprog_of(env, target), &f);
	if (err)
		return err;
	for (r = 1; r <= 5; r++)
		f->regs[r] = caller[r];
	kbpf_clobber_caller_saved(caller);
	*next = target;
	return 0;
}

/* Stack data of every caller frame: any value, after unknown runs. */
static void kbpf_widen_stacks(struct kbpf_vstate *st)
{
	u32 fr, i, j;

	for (fr = 0; fr <= st->curframe; fr++) {
		struct kbpf_func_state *f = st->frame[fr];

		for (i = 0; i < f->stack_slots; i++) {
			struct kbpf_stack_slot *slot = &f->stack[i];

			for (j = 0; j < KBPF_REG_SIZE; j++)
				if (slot->type[j] == KBPF_STACK_ZERO)
					slot->type[j] = KBPF_STACK_MISC;
			if (slot->type[0] == KBPF_STACK_SPILL &&
			    slot->spilled.type == KBPF_SCALAR_VALUE)
				kbpf_reg_mark_unknown(&slot->spilled);
		}
	}
}

/* One argument of a callback, as its helper's proto describes it. */
static int kbpf_set_callback_arg(struct kbpf_reg_state *reg, u8 type,
				 const struct kbpf_call_meta *meta)
{
	switch (type) {
	case KBPF_CB_ARG_SCALAR:
		kbpf_reg_mark_unknown(reg);
		return 0;
	case KBPF_CB_ARG_MAP:
	case KBPF_CB_ARG_MAP_KEY:
	case KBPF_CB_ARG_MAP_VALUE:
		kbpf_reg_mark_known(reg, 0);
		reg->type = type == KBPF_CB_ARG_MAP ? KBPF_CONST_PTR_TO_MAP :
			    type == KBPF_CB_ARG_MAP_KEY ? KBPF_PTR_TO_MAP_KEY :
							  KBPF_PTR_TO_MAP_VALUE;
		reg->map_ptr = meta->map;
		return 0;
	case KBPF_CB_ARG_DYNPTR_LOCAL:
		kbpf_reg_mark_known(reg, 0);
		reg->type = KBPF_CONST_PTR_TO_DYNPTR;
		reg->dynptr.type = KBPF_DYNPTR_TYPE_LOCAL;
		return 0;
	case KBPF_CB_ARG_CTX:
		/* The helper's r3, its callback-context argument. */
		*reg = meta->args[2];
		if (reg->type == KBPF_SCALAR_VALUE)
			reg->id = 0;
		return 0;
	default:
		return -EFAULT;
	}
}

static int kbpf_enter_callback(struct kbpf_verifier_env *env, u32 idx,
			       const struct kbpf_helper_proto *proto,
			       struct kbpf_call_meta *meta, u32 *next)
{
	struct kbpf_func_state *f;
	struct kbpf_vstate *skip;
	u32 i;
	int err;

	/* The path where the callback never runs goes on after the call. */
	err = kbpf_push_pending(env, idx + 1, idx, &skip);
	if (err)
		return err;

	kbpf_widen_stacks(env->cur);
	err = kbpf_push_frame(env, idx, meta->subprog, &f);
	if (err)
		return err;
	f->in_callback = true;
	f->callback_ret_min = 0;
	f->callback_ret_max = 1;

	if (proto->cb_args[0] == KBPF_CB_ARG_NONE)
		return -EFAULT;
	for (i = 0; i < 5 && proto->cb_args[i] != KBPF_CB_ARG_NONE; i++) {
		err = kbpf_set_callback_arg(&f->regs[i + 1], proto->cb_args[i],
					    meta);
		if (err)
			return err;
	}
	*next = env->subprog_starts[meta->subprog];
	return 0;
}


/* Linux's record_func_map() for a tail call: which prog arrays reach it. */
static void kbpf_record_tail_call_map(struct kbpf_insn_aux *aux,
				      struct kbpf_map *map)
{
	if (!map->bypass_spec_v1)
		aux->tail_call_unpriv = true;
	if (aux->tail_call_map && aux->tail_call_map != map)
		aux->tail_call_poisoned = true;
	aux->tail_call_map = map;
}

/*
 * After the walk, as Linux's do_misc_fixups(): a tail call that more than
 * one prog array reaches, one of them made without CAP_PERFMON, cannot
 * have its index masked by one array's size against speculation, and is
 * refused whatever the loader's capabilities.
 */
int kbpf_check_tail_call_maps(struct kbpf_verifier_env *env)
{
	u32 i;

	for (i = 0; i < env->prog->len; i++) {
		if (env->aux[i].tail_call_poisoned &&
		    env->aux[i].tail_call_unpriv) {
			kbpf_verbose(env, "tail_call abusing map_ptr\n");
			return -EINVAL;
		}
	}
	return 0;
}

static int kbpf_check_helper_call(struct kbpf_verifier_env *env, u32 idx,
				  u32 *next)
{
	const struct kbpf_insn *insn = &env->prog->insns[idx];
	struct kbpf_reg_state *regs = kbpf_cur_regs(env->cur);
	const struct kbpf_helper_proto *proto = kbpf_helper_proto(insn->imm);
	struct kbpf_call_meta meta = {
		.release_dynptr_reg = -1,
		.uninit_dynptr_reg = -1,
	};
	struct kbpf_reg_state *r0 = &regs[0];
	u32 i, ref;
	int err;

	if (!proto)
		return -EINVAL;
	for (i = 0; i < 5; i++)
		meta.args[i] = regs[i + 1];
	for (i = 0; i < 5 && proto->arg_type[i] != KBPF_ARG_NONE; i++) {
		err = kbpf_check_arg(env, proto, i, &meta);
		if (err)
			return err;
	}
	/* Linux's order: the tail call's map, the callback's, then both ways. */
	if (proto->tail_call &&
	    !(proto->map_types & BIT_ULL(meta.map->map_type))) {
		kbpf_verbose(env, "kernel subsystem misconfigured verifier\n");
		return -EINVAL;
	}
	/*
	 * Linux's record_func_map(): a map the program may only read is
	 * not changed by helpers either. A frozen one's values are taken
	 * for constants (bpf_strncmp()'s string, for one).
	 */
	if (proto->writes_map && meta.map->map_flags & KBPF_F_RDONLY_PROG) {
		kbpf_verbose(env, "write into map forbidden\n");
		return -EACCES;
	}
	/* As Linux: the map types whose ops walk their elements. */
	if (proto->walks_map && !meta.map->ops->visit_elems) {
		kbpf_verbose(env, "callback function not allowed for map\n");
		return -ENOTSUPP;
	}
	err = kbpf_check_map_func(env, proto, insn->imm, meta.map);
	if (!err && proto->fmt_checked)
		err = kbpf_check_snprintf(env, &meta);
	if (err)
		return err;
	if (proto->mem_in_map && meta.args[0].type != KBPF_PTR_TO_MAP_VALUE) {
		kbpf_verbose(env, "Unsupported reg type %s for bpf_%s data\n",
			     kbpf_reg_type_str(meta.args[0].type), proto->name);
		return -EACCES;
	}
	/*
	 * A dynptr reads and writes what it covers: the value was checked
	 * for writing above (read-only maps refused); a map the program may
	 * not read is refused too (stricter than Linux 6.12, which lets
	 * bpf_dynptr_read() then read it).
	 */
	if (proto->mem_in_map) {
		err = kbpf_map_access_type(env, &meta.args[0], meta.args[0].off,
					   meta.args[1].umax_value, false);
		if (err)
			return err;
	}

	if (meta.release_ref) {
		err = kbpf_release_ref(env, meta.release_ref);
		if (err) {
			kbpf_verbose(env, "func bpf_%s#%d reference has not been acquired before\n",
				     proto->name, insn->imm);
			return err;
		}
	}
	if (proto->tail_call) {
		err = kbpf_check_ref_leak(env, false);
		if (err) {
			kbpf_verbose(env, "tail_call would lead to reference leak\n");
			return err;
		}
		kbpf_record_tail_call_map(&env->aux[idx], meta.map);
	}
	if (proto->gen_lookup || proto->direct_call)
		kbpf_record_lookup_map(env, idx, meta.map);
	if (proto->inline_loop)
		kbpf_record_loop(env, idx, &meta.args[3], meta.subprog);
	if (meta.uninit_dynptr_reg >= 0) {
		struct kbpf_reg_state *dreg = &regs[meta.uninit_dynptr_reg];
		u8 type = KBPF_DYNPTR_TYPE_LOCAL;

		ref = 0;
		if (proto->arg_type[meta.uninit_dynptr_reg - 1] ==
		    KBPF_ARG_PTR_TO_UNINIT_DYNPTR_RINGBUF) {
			type = KBPF_DYNPTR_TYPE_RINGBUF;
			err = kbpf_acquire_ref(env, idx, &ref);
			if (err)
				return err;
		}
		kbpf_mark_dynptr(env, dreg, type, ref);
	}

	kbpf_clobber_caller_saved(regs);
	switch (proto->ret_type) {
	case KBPF_RET_VOID:
		kbpf_reg_mark_not_init(r0);
		break;
	case KBPF_RET_PTR_TO_MAP_VALUE_OR_NULL:
		kbpf_reg_mark_known(r0, 0);
		r0->type = KBPF_PTR_TO_MAP_VALUE | KBPF_PTR_MAYBE_NULL;
		r0->map_ptr = meta.map;
		r0->id = ++env->id_gen;
		break;
	case KBPF_RET_PTR_TO_RINGBUF_MEM_OR_NULL:
		err = kbpf_acquire_ref(env, idx, &ref);
		if (err)
			return err;
		kbpf_reg_mark_known(r0, 0);
		r0->type = KBPF_PTR_TO_MEM | KBPF_MEM_RINGBUF |
			   KBPF_PTR_MAYBE_NULL;
		r0->mem_size = meta.const_size;
		r0->id = ref;
		r0->ref_obj_id = ref;
		break;
	case KBPF_RET_PTR_TO_DYNPTR_MEM_OR_NULL:
		kbpf_reg_mark_known(r0, 0);
		r0->type = KBPF_PTR_TO_MEM | KBPF_PTR_MAYBE_NULL;
		r0->mem_size = meta.const_size;
		r0->id = ++env->id_gen;
		r0->ref_obj_id = meta.dynptr_ref;
		break;
	default:
		kbpf_reg_mark_unknown(r0);
		break;
	}

	if (meta.has_callback) {
		/* bpf_loop(0, ...) never calls back, as Linux decides. */
		if (proto->cb_count &&
		    !meta.args[proto->cb_count - 1].umax_value)
			return 0;
		return kbpf_enter_callback(env, idx, proto, &meta, next);
	}
	return 0;
}

/* The calls the walk meets; *@next is where the path goes on. */
int kbpf_check_call(struct kbpf_verifier_env *env, u32 insn_idx, u32 *next)
{
	if (env->prog->insns[insn_idx].src_reg == KBPF_PSEUDO_CALL)
		return kbpf_check_func_call(env, insn_idx, next);
	return kbpf_check_helper_call(env, insn_idx, next);
}

static void kbpf_invalid_ret(struct kbpf_verifier_env *env, const char *where,
			     const struct kbpf_reg_state *reg, s32 min, s32 max)
{
	bool unknown = true;

	kbpf_verbose(env, "%s the register R0 has", where);
	if (reg->smin_value > S64_MIN) {
		kbpf_verbose(env, " smin=%lld", reg->smin_value);
		unknown = false;
	}
	if (reg->smax_value < S64_MAX) {
		kbpf_verbose(env, " smax=%lld", reg->smax_value);
		unknown = false;
	}
	if (unknown)
		kbpf_verbose(env, " unknown scalar value");
	kbpf_verbose(env, " should have been in [%d, %d]\n", min, max);
}

/*
 * The program's result, where its type and attach type bound it
 * (Linux's check_return_code() for the main program): a scalar whose
 * signed range lies within the type's.
 */
static int kbpf_check_prog_ret(struct kbpf_verifier_env *env,
			       const struct kbpf_reg_state *r0)
{
	const struct kbpf_prog *prog = env->prog;
	s32 min, max;

	if (!prog->ops->ret_range ||
	    !prog->ops->ret_range(prog->expected_attach_type, &min, &max))
		return 0;
	if (r0->type != KBPF_SCALAR_VALUE) {
		kbpf_verbose(env, "At program exit the register R0 is not a known value (%s)\n",
			     kbpf_reg_type_str(r0->type));
		return -EINVAL;
	}
	if (r0->smin_value < min || r0->smax_value > max) {
		kbpf_invalid_ret(env, "At program exit", r0, min, max);
		return -EINVAL;
	}
	return 0;
}

int kbpf_check_exit(struct kbpf_verifier_env *env, u32 insn_idx, u32 *next,
		    bool *path_done)
{
	struct kbpf_vstate *st = env->cur;
	struct kbpf_func_state *callee = kbpf_cur_frame(st), *caller;
	struct kbpf_reg_state *r0 = &callee->regs[0];
	int err;

	/*
	 * Only the program's result must be set: a subprogram may return
	 * R0 unset, for its caller not to read (as Linux).
	 */
	if (!st->curframe) {
		err = kbpf_check_ref_leak(env, false);
		if (err)
			return err;
		err = kbpf_check_reg_read(env, 0);
		if (err)
			return err;
		if (r0->type != KBPF_SCALAR_VALUE && !env->allow_ptr_leaks) {
			kbpf_verbose(env, "R0 leaks addr as return value\n");
			return -EACCES;
		}
		err = kbpf_check_prog_ret(env, r0);
		if (err)
			return err;
		*path_done = true;
		return 0;
	}

	if (callee->in_callback) {
		err = kbpf_check_ref_leak(env, true);
		if (err)
			return err;
	}
	if (kbpf_base_type(r0->type) == KBPF_PTR_TO_STACK) {
		kbpf_verbose(env, "cannot return stack pointer to the caller\n");
		return -EINVAL;
	}
	caller = st->frame[st->curframe - 1];
	if (callee->in_callback) {
		if (r0->type != KBPF_SCALAR_VALUE) {
			kbpf_verbose(env, "R0 not a scalar value\n");
			return -EACCES;
		}
		if (r0->smin_value < callee->callback_ret_min ||
		    r0->smax_value > callee->callback_ret_max) {
			kbpf_invalid_ret(env, "At callback return", r0,
					 callee->callback_ret_min,
					 callee->callback_ret_max);
			return -EINVAL;
		}
		/* The helper's result, as after the call. */
		kbpf_reg_mark_unknown(&caller->regs[0]);
	} else {
		caller->regs[0] = *r0;
	}
	*next = callee->callsite + 1;
	kbpf_frame_free(callee);
	st->frame[st->curframe] = NULL;
	st->curframe--;
	return 0;
}

static bool kbpf_is_ld_pkt(const struct kbpf_insn *insn)
{
	u8 mode = KBPF_MODE(insn->code);

	return KBPF_CLASS(insn->code) == KBPF_LD &&
	       (mode == KBPF_ABS || mode == KBPF_IND);
}

static bool kbpf_is_tail_call(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_JMP | KBPF_CALL) && !insn->src_reg &&
	       kbpf_helper_is_tail_call(insn->imm);
}

/*
 * Linux's check_abnormal_return() for a program without BTF, as every
 * kbpf program is: no subprogram (callbacks included) may hold LD_ABS,
 * LD_IND or a tail call, the instructions that can end it without its
 * exit. A tail call that succeeds in a subprogram would return to the
 * caller with the callee's r0 and skip what follows it, neither of which
 * the walk models. Every instruction counts, reachable or not, before
 * the control flow is checked; per subprogram, packet loads first.
 */
int kbpf_check_abnormal_return(struct kbpf_verifier_env *env)
{
	const struct kbpf_insn *insns = env->prog->insns;
	bool ld_pkt, tail_call;
	u32 sub, i;

	for (sub = 1; sub < env->subprog_cnt; sub++) {
		ld_pkt = false;
		tail_call = false;
		for (i = env->subprog_starts[sub];
		     i < env->subprog_starts[sub + 1]; i++) {
			ld_pkt |= kbpf_is_ld_pkt(&insns[i]);
			tail_call |= kbpf_is_tail_call(&insns[i]);
		}
		if (ld_pkt) {
			kbpf_verbose(env, "LD_ABS is not allowed in subprogs without BTF\n");
			return -EINVAL;
		}
		if (tail_call) {
			kbpf_verbose(env, "tail_call is not allowed in subprogs without BTF\n");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * The stack subprogram @sub takes; with @inlined, as the bpf_loop()
 * calls marked to be inlined in it leave it.
 */
static u32 kbpf_sub_depth(const struct kbpf_verifier_env *env, u32 sub,
			  bool inlined)
{
	u32 depth = env->subprog_stack_depth[sub];

	if (inlined && env->loop_inline_cnt[sub])
		depth = kbpf_loop_inline_depth(depth);
	return round_up(depth, 16);
}

/*
 * Whether instruction @i enters another function: a bpf-to-bpf call, a
 * callback load (as Linux counts it), and with @inlined a bpf_loop() call
 * to be inlined (a call of its callback). *@sub: that function.
 */
static bool kbpf_stack_edge(const struct kbpf_verifier_env *env, u32 i,
			    bool inlined, u32 *sub)
{
	const struct kbpf_insn *in = &env->prog->insns[i];

	if ((in->code == (KBPF_JMP | KBPF_CALL) &&
	     in->src_reg == KBPF_PSEUDO_CALL) ||
	    (in->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
	     in->src_reg == KBPF_PSEUDO_FUNC)) {
		*sub = kbpf_subprog_of(env, i + in->imm + 1);
		return true;
	}
	if (inlined && env->aux[i].loop_inline) {
		*sub = env->aux[i].loop_cb_subprog;
		return true;
	}
	return false;
}

/*
 * Linux's check_max_stack_depth(): the deepest chain of calls and
 * callbacks, each frame rounded up to 16 bytes as Linux's JIT does.
 * Only the main program tail calls (kbpf_check_abnormal_return()), so
 * Linux's 256-byte limit on the frames below a tail call never applies.
 * -EACCES with *@frames and *@depth of the chain past KBPF_STACK_SIZE,
 * -E2BIG with *@frames past KBPF_MAX_CALL_FRAMES.
 */
static int kbpf_stack_walk(const struct kbpf_verifier_env *env, bool inlined,
			   u32 *frames, u32 *depth_out)
{
	u32 sub_stack[KBPF_MAX_CALL_FRAMES + 1];
	u32 ret_insn[KBPF_MAX_CALL_FRAMES + 1];
	u32 frame = 0, depth = 0, sub = 0, callee, i;

	i = 0;
process:
	depth += kbpf_sub_depth(env, sub, inlined);
	if (depth > KBPF_STACK_SIZE) {
		*frames = frame + 1;
		*depth_out = depth;
		return -EACCES;
	}
continue_func:
	for (; i < env->subprog_starts[sub + 1]; i++) {
		if (!kbpf_stack_edge(env, i, inlined, &callee))
			continue;
		sub_stack[frame] = sub;
		ret_insn[frame] = i + 1;
		frame++;
		if (frame >= KBPF_MAX_CALL_FRAMES) {
			*frames = frame;
			return -E2BIG;
		}
		sub = callee;
		i = env->subprog_starts[sub];
		goto process;
	}
	if (!frame)
		return 0;
	depth -= kbpf_sub_depth(env, sub, inlined);
	frame--;
	sub = sub_stack[frame];
	i = ret_insn[frame];
	goto continue_func;
}

int kbpf_check_stack_depth(struct kbpf_verifier_env *env)
{
	u32 frames = 0, depth = 0;
	int err;

	err = kbpf_stack_walk(env, false, &frames, &depth);
	if (err == -EACCES)
		kbpf_verbose(env, "combined stack size of %d calls is %d. Too large\n",
			     frames, depth);
	else if (err == -E2BIG)
		kbpf_verbose(env, "the call stack of %d frames is too deep !\n",
			     frames);
	return err;
}

int kbpf_stack_depth_fits(const struct kbpf_verifier_env *env)
{
	u32 frames, depth;

	return kbpf_stack_walk(env, true, &frames, &depth);
}
