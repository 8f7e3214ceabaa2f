// SPDX-License-Identifier: GPL-2.0
/*
 * Control flow, in Linux's order: subprograms from calls and callback
 * loads; every jump inside its subprogram and every subprogram ending in
 * exit or ja; then a walk that must reach every instruction and never
 * land in the second half of a ld_imm64.
 */

#include <linux/slab.h>
#include <linux/sort.h>

#include "env.h"

static bool kbpf_insn_is_pseudo_call(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_JMP | KBPF_CALL) &&
	       insn->src_reg == KBPF_PSEUDO_CALL;
}

static bool kbpf_insn_is_pseudo_func(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
	       insn->src_reg == KBPF_PSEUDO_FUNC;
}

static bool kbpf_insn_is_ldimm64(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW);
}

static int kbpf_add_subprog(struct kbpf_verifier_env *env, s64 start)
{
	u32 i;

	if (start < 0 || start >= env->prog->len) {
		kbpf_verbose(env, "call to invalid destination\n");
		return -EINVAL;
	}
	for (i = 0; i < env->subprog_cnt; i++)
		if (env->subprog_starts[i] == start)
			return 0;
	if (env->subprog_cnt >= KBPF_MAX_SUBPROGS) {
		kbpf_verbose(env, "too many subprograms\n");
		return -E2BIG;
	}
	env->subprog_starts[env->subprog_cnt++] = start;
	return 0;
}

static int kbpf_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* The target of a jump at @idx; false for calls, exits and non-jumps. */
static bool kbpf_jump_target(const struct kbpf_insn *insn, u32 idx, s64 *to)
{
	u8 class = KBPF_CLASS(insn->code), op = KBPF_OP(insn->code);

	if ((class != KBPF_JMP && class != KBPF_JMP32) ||
	    op == KBPF_CALL || op == KBPF_EXIT)
		return false;
	if (insn->code == (KBPF_JMP32 | KBPF_JA))
		*to = (s64)idx + insn->imm + 1;
	else
		*to = (s64)idx + insn->off + 1;
	return true;
}

/*
 * Find the subprograms, then check linearly that no jump leaves its
 * subprogram and that each subprogram's last instruction cannot fall
 * through into the next one (Linux's check_subprogs()).
 */
int kbpf_find_subprogs(struct kbpf_verifier_env *env)
{
	const struct kbpf_insn *insns = env->prog->insns;
	u32 i, len = env->prog->len, sub = 0;
	int err = 0;
	s64 to;

	env->subprog_cnt = 0;
	err = kbpf_add_subprog(env, 0);
	for (i = 0; !err && i < len; i++) {
		if (kbpf_insn_is_pseudo_call(&insns[i]) ||
		    kbpf_insn_is_pseudo_func(&insns[i]))
			err = kbpf_add_subprog(env, (s64)i + insns[i].imm + 1);
	}
	if (err)
		return err;
	sort(env->subprog_starts, env->subprog_cnt, sizeof(u32),
	     kbpf_cmp_u32, NULL);
	/* A sentinel: the end of the last subprogram. */
	env->subprog_starts[env->subprog_cnt] = len;
	for (i = 0; i < env->subprog_cnt; i++)
		env->aux[env->subprog_starts[i]].subprog_start = true;

	for (i = 0; i < len; i++) {
		u8 code = insns[i].code;

		if (kbpf_jump_target(&insns[i], i, &to) &&
		    (to < env->subprog_starts[sub] ||
		     to >= env->subprog_starts[sub + 1])) {
			kbpf_verbose(env, "jump out of range from insn %u to %lld\n",
				     i, to);
			return -EINVAL;
		}
		if (i + 1 != env->subprog_starts[sub + 1])
			continue;
		if (code != (KBPF_JMP | KBPF_EXIT) &&
		    code != (KBPF_JMP | KBPF_JA) &&
		    code != (KBPF_JMP32 | KBPF_JA)) {
			kbpf_verbose(env, "last insn is not an exit or jmp\n");
			return -EINVAL;
		}
		sub++;
	}
	return 0;
}

static void kbpf_push(struct kbpf_verifier_env *env, u32 *stack, u32 *top,
		      u32 idx)
{
	if (!env->aux[idx].reachable) {
		env->aux[idx].reachable = true;
		stack[(*top)++] = idx;
	}
}

/*
 * Walk from every subprogram's start. Jumps stay inside their
 * subprogram (checked above), so every successor is a valid index.
 */
static int kbpf_mark_reachable(struct kbpf_verifier_env *env)
{
	const struct kbpf_insn *insns = env->prog->insns;
	u32 len = env->prog->len, *stack, top = 0, i;

	/* Each instruction is pushed at most once. */
	stack = kvmalloc_array(len, sizeof(*stack), GFP_KERNEL);
	if (!stack)
		return -ENOMEM;
	for (i = 0; i < env->subprog_cnt; i++)
		kbpf_push(env, stack, &top, env->subprog_starts[i]);

	while (top) {
		u32 idx = stack[--top];
		const struct kbpf_insn *insn = &insns[idx];
		u8 op = KBPF_OP(insn->code);
		bool jump;
		s64 to;

		jump = kbpf_jump_target(insn, idx, &to);
		if (jump)
			kbpf_push(env, stack, &top, to);
		if (jump && op == KBPF_JA)
			continue;
		if (insn->code == (KBPF_JMP | KBPF_EXIT))
			continue;
		idx += kbpf_insn_is_ldimm64(insn) ? 2 : 1;
		/* Unreachable: a subprogram ends in exit or ja. */
		if (WARN_ON_ONCE(idx >= len))
			break;
		kbpf_push(env, stack, &top, idx);
	}
	kvfree(stack);
	return 0;
}

int kbpf_check_cfg(struct kbpf_verifier_env *env)
{
	const struct kbpf_insn *insns = env->prog->insns;
	u32 i;
	int err;

	err = kbpf_mark_reachable(env);
	if (err)
		return err;
	for (i = 0; i < env->prog->len; i++) {
		if (!env->aux[i].reachable) {
			kbpf_verbose(env, "unreachable insn %u\n", i);
			return -EINVAL;
		}
		if (kbpf_insn_is_ldimm64(&insns[i])) {
			if (env->aux[i + 1].reachable) {
				kbpf_verbose(env, "jump into the middle of ldimm64 insn %u\n",
					     i);
				return -EINVAL;
			}
			i++;
		}
	}
	return 0;
}
