// SPDX-License-Identifier: GPL-2.0
/*
 * PROG_LOAD's checks, in Linux's order: the structure of the program,
 * then the walk over every path (check.c) that proves it safe.
 */

#include <linux/capability.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/uaccess.h>

#include "../compat.h"
#include "../jit/jit.h"
#include "../prog/checked.h"
#include "../prog/helpers.h"
#include "../prog/type.h"
#include "env.h"
#include "tag.h"

/* Linux's can_be_sleepable(), from the type (type.h). */
static int kbpf_check_sleepable(struct kbpf_verifier_env *env)
{
	struct kbpf_prog *prog = env->prog;

	if (prog->sleepable && !prog->ops->may_sleep) {
		kbpf_verbose(env, "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be sleepable\n");
		return -EINVAL;
	}
	if (prog->ops->must_sleep && !prog->sleepable) {
		kbpf_verbose(env, "Syscall programs can only be sleepable\n");
		return -EINVAL;
	}
	return 0;
}

/*
 * The capability @proto asks besides CAP_BPF: Linux's tracing set gives
 * the CAP_PERFMON ones to every program of its types, so a SYSCALL
 * program loaded with CAP_BPF alone has them (kprobe and raw tracepoint
 * programs need CAP_PERFMON to load at all).
 */
static bool kbpf_helper_capable(const struct kbpf_prog *prog,
				const struct kbpf_helper_proto *proto)
{
	if (!proto->cap)
		return true;
	if (proto->cap == CAP_PERFMON && prog->ops->tracing)
		return true;
	return kbpf_capable(proto->cap);
}

/* Helper calls allowed for this program: type, license, capability. */
static int kbpf_check_helper_calls(struct kbpf_verifier_env *env)
{
	const struct kbpf_insn *insn = env->prog->insns;
	const struct kbpf_helper_proto *proto;
	u32 i;

	for (i = 0; i < env->prog->len; i++, insn++) {
		if (insn->code != (KBPF_JMP | KBPF_CALL) || insn->src_reg)
			continue;
		proto = kbpf_helper_proto(insn->imm);
		if (!proto) {
			/* A Linux helper kbpf lacks: refused as Linux refuses
			 * one the program type may not call.
			 */
			kbpf_verbose(env, "program of this type cannot use helper bpf_%s#%d\n",
				     kbpf_helper_name(insn->imm), insn->imm);
			return -EINVAL;
		}
		if (!kbpf_prog_func_proto(env->prog, insn->imm) ||
		    !kbpf_helper_capable(env->prog, proto)) {
			kbpf_verbose(env, "program of this type cannot use helper bpf_%s#%d\n",
				     proto->name, insn->imm);
			return -EINVAL;
		}
		if (proto->gpl_only && !env->prog->gpl_compatible) {
			kbpf_verbose(env, "cannot call GPL-restricted function from non-GPL compatible program\n");
			return -EINVAL;
		}
		if (proto->might_sleep && !env->prog->sleepable) {
			kbpf_verbose(env, "helper call might sleep in a non-sleepable prog\n");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * The interpreter's view of ld_imm64: callback loads hold the address of
 * the callback's first instruction. src_reg keeps the pseudo kind (the
 * interpreter ignores it) so that a dump can name maps and callbacks.
 */
static void kbpf_convert_pseudo_ldimm64(struct kbpf_verifier_env *env)
{
	struct kbpf_insn *insns = env->prog->insns;
	u64 addr;
	u32 i;

	for (i = 0; i + 1 < env->prog->len; i++) {
		if (insns[i].code != (KBPF_LD | KBPF_IMM | KBPF_DW))
			continue;
		if (insns[i].src_reg == KBPF_PSEUDO_FUNC) {
			addr = (unsigned long)&insns[i + insns[i].imm + 1];
			insns[i].imm = (u32)addr;
			insns[i + 1].imm = addr >> 32;
		}
		i++;
	}
}

/* The references on the program's maps pass from @env to the program. */
static int kbpf_hand_over_maps(struct kbpf_verifier_env *env)
{
	struct kbpf_prog *prog = env->prog;

	if (!env->used_map_cnt)
		return 0;
	prog->used_maps = kmemdup(env->used_maps,
				  env->used_map_cnt * sizeof(env->used_maps[0]),
				  GFP_KERNEL_ACCOUNT);
	if (!prog->used_maps)
		return -ENOMEM;
	prog->used_map_cnt = env->used_map_cnt;
	env->used_map_cnt = 0;
	return 0;
}

static int kbpf_run_checks(struct kbpf_verifier_env *env)
{
	int err;

	err = kbpf_find_subprogs(env);
	if (!err)
		err = kbpf_check_abnormal_return(env);
	if (!err)
		err = kbpf_resolve_pseudo_ldimm64(env);
	if (!err)
		err = kbpf_check_cfg(env);
	if (!err)
		err = kbpf_check_sleepable(env);
	if (!err)
		err = kbpf_check_insn_fields(env);
	if (!err)
		err = kbpf_check_helper_calls(env);
	/* Only a checked build's oracle tests skip the walk. */
	if (!err && !kbpf_checked_skip_verifier())
		err = kbpf_do_check(env);
	if (!err)
		err = kbpf_check_tail_call_maps(env);
	return err;
}

/*
 * The stack bytes any frame of the program may touch, from the top: what
 * the interpreter clears when it enters a frame. Unwalked programs (the
 * checked build's oracle tests) get the whole stack.
 */
static u32 kbpf_prog_stack_depth(const struct kbpf_verifier_env *env)
{
	u32 i, depth = 0;

	if (kbpf_checked_skip_verifier())
		return KBPF_STACK_SIZE;
	for (i = 0; i < env->subprog_cnt; i++)
		depth = max(depth, round_up(env->subprog_stack_depth[i], 8));
	return min_t(u32, depth, KBPF_STACK_SIZE);
}

/*
 * @frames' below: the deepest chain of bpf-to-bpf calls under each
 * subprogram, relaxed over the program's calls until nothing grows. The
 * walk refused recursion, so a chain has at most KBPF_MAX_CALL_FRAMES
 * frames and that many rounds settle it.
 */
static void kbpf_prog_frames_below(const struct kbpf_verifier_env *env,
				   const struct kbpf_prog *prog,
				   struct kbpf_prog_frame *frames)
{
	u32 round, i, caller, callee, need;
	bool grew = true;

	/* One function makes no bpf-to-bpf call: nothing is below it. */
	if (env->subprog_cnt < 2)
		return;
	for (round = 0; grew && round < KBPF_MAX_CALL_FRAMES; round++) {
		grew = false;
		for (i = 0; i < prog->len; i++) {
			const struct kbpf_insn *in = &prog->insns[i];

			if (in->code != (KBPF_JMP | KBPF_CALL) ||
			    in->src_reg != KBPF_PSEUDO_CALL)
				continue;
			caller = kbpf_subprog_of(env, i);
			callee = kbpf_subprog_of(env, i + in->imm + 1);
			need = frames[callee].size + frames[callee].below;
			if (need > frames[caller].below) {
				frames[caller].below = need;
				grew = true;
			}
		}
		cond_resched();
	}
}

/*
 * The interpreter's frame table: each subprogram's start and its depth
 * rounded up as kbpf_check_stack_depth() summed it, so that the frames of
 * any chain the verifier allowed fit in KBPF_STACK_SIZE together.
 * Unwalked programs (the checked build's oracle tests) get an equal share
 * of it per frame. Each pseudo call also carries its callee's size in
 * off (zero as loaded; the dump zeroes it again), so that a call finds it
 * without a search.
 */
static int kbpf_prog_frames_build(const struct kbpf_verifier_env *env,
				  struct kbpf_prog *prog)
{
	struct kbpf_prog_frame *frames;
	u32 i;

	if (!env->subprog_cnt)
		return 0;
	frames = kmalloc_array(env->subprog_cnt, sizeof(*frames),
			       GFP_KERNEL_ACCOUNT);
	if (!frames)
		return -ENOMEM;
	for (i = 0; i < env->subprog_cnt; i++) {
		frames[i].start = env->subprog_starts[i];
		frames[i].size = round_up(env->subprog_stack_depth[i], 16);
		frames[i].below = 0;
		if (kbpf_checked_skip_verifier())
			frames[i].size = KBPF_STACK_SIZE / KBPF_MAX_CALL_FRAMES;
	}
	for (i = 0; i < prog->len; i++) {
		struct kbpf_insn *in = &prog->insns[i];

		if (in->code == (KBPF_JMP | KBPF_CALL) &&
		    in->src_reg == KBPF_PSEUDO_CALL)
			in->off = frames[kbpf_subprog_of(env,
							 i + in->imm + 1)].size;
	}
	if (!kbpf_checked_skip_verifier())
		kbpf_prog_frames_below(env, prog, frames);
	prog->frames = frames;
	prog->frame_cnt = env->subprog_cnt;
	return 0;
}

/*
 * On success *@progp may be a new, longer copy of the program (the old
 * one freed): ctx accesses rewritten for the type's kernel object.
 */
int kbpf_check(struct kbpf_prog **progp, const union kbpf_attr *attr,
	       union kbpf_attr __user *uattr, u32 uattr_size)
{
	struct kbpf_prog *prog = *progp;
	struct kbpf_verifier_env *env;
	u32 true_size;
	int err, log_err;

	env = kzalloc(sizeof(*env), GFP_KERNEL);
	if (!env)
		return -ENOMEM;
	env->prog = prog;
	env->fd_array = u64_to_user_ptr(attr->fd_array);
	env->aux = kvcalloc(prog->len, sizeof(*env->aux), GFP_KERNEL);
	err = -ENOMEM;
	if (!env->aux)
		goto free_env;

	err = kbpf_log_init(&env->log, attr->log_level,
			    u64_to_user_ptr(attr->log_buf), attr->log_size);
	if (err)
		goto free_env;

	kbpf_prog_calc_tag(prog);
	env->bpf_capable = kbpf_capable(CAP_BPF);
	env->perfmon_capable = kbpf_capable(CAP_PERFMON);
	env->jit_requested = kbpf_jit_requested();
	err = kbpf_run_checks(env);
	/* Sized by the program as walked: before the rewrite grows it. */
	kbpf_free_explored(env);
	if (!err && !kbpf_checked_skip_verifier())
		err = kbpf_convert_ctx_accesses(env);
	*progp = env->prog;
	prog = env->prog;
	/* An accepted program's log below level 2: the statistics only. */
	if (!err && !(env->log.level & KBPF_LOG_LEVEL2))
		kbpf_log_reset(&env->log, 0);
	/* Linux ends every log with its statistics. */
	kbpf_verbose(env, "processed %u insns (limit %u) max_states_per_insn %u total_states %u peak_states %u mark_read %u\n",
		     env->insn_processed, KBPF_MAX_INSNS,
		     env->max_states_per_insn, env->total_states,
		     env->peak_states, 0);

	log_err = kbpf_log_finalize(&env->log, &true_size);
	if (log_err)
		err = log_err;
	if (uattr_size >= offsetofend(union kbpf_attr, log_true_size) &&
	    put_user(true_size, &uattr->log_true_size))
		err = -EFAULT;

	if (!err) {
		kbpf_convert_pseudo_ldimm64(env);
		prog->stack_depth = kbpf_prog_stack_depth(env);
		err = kbpf_prog_frames_build(env, prog);
	}
	if (!err)
		err = kbpf_hand_over_maps(env);
	kbpf_release_used_maps(env);
free_env:
	kvfree(env->aux);
	kfree(env);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_check);
