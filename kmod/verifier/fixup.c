// SPDX-License-Identifier: GPL-2.0
/*
 * Rewrites of an accepted program, before it runs: ctx loads and stores
 * become accesses to the kernel object the type runs on (Linux's
 * convert_ctx_accesses()), for a program to be JITed map lookups the
 * map type's own instructions (inline.c), and bpf_loop() calls fit for
 * it a loop around a call of the callback (inline_loop.c, whether the
 * program is JITed or not, as Linux). One instruction may become
 * several; jumps, calls and callback loads across it are moved to match
 * (Linux's bpf_patch_insn_data()), all at once in one new copy of the
 * program.
 */

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../map/map.h"
#include "../prog/type.h"
#include "env.h"

/*
 * Linux's narrow-load handling around the type's hook: a load narrower
 * than its field reads the whole field, then shifts and masks; a
 * sign-extending load sign-extends the result.
 */
static int kbpf_convert_one(struct kbpf_verifier_env *env, u32 idx,
			    struct kbpf_insn *buf)
{
	const struct kbpf_prog_ops *ops = env->prog->ops;
	struct kbpf_insn si = env->prog->insns[idx];
	u32 field_size = env->aux[idx].ctx_field_size;
	u8 mode = KBPF_MODE(si.code);
	u32 size, target_size = 0, cnt;
	bool narrow;
	u8 shift;

	switch (KBPF_SIZE(si.code)) {
	case KBPF_B:
		size = 1;
		break;
	case KBPF_H:
		size = 2;
		break;
	case KBPF_W:
		size = 4;
		break;
	default:
		size = 8;
		break;
	}
	narrow = size < field_size;
	if (narrow) {
		if (KBPF_CLASS(si.code) != KBPF_LDX)
			goto misconfigured;
		si.off &= ~(field_size - 1);
		si.code = KBPF_LDX | KBPF_MEM |
			  (field_size == 8 ? KBPF_DW :
			   field_size == 4 ? KBPF_W : KBPF_H);
	}
	cnt = ops->convert_ctx_access(&si, buf, &target_size);
	if (!cnt || cnt > KBPF_CTX_INSN_MAX - 3 || (field_size && !target_size))
		goto misconfigured;
	if (narrow && size < target_size) {
		/* Little-endian: the low bytes come first. */
		shift = (env->prog->insns[idx].off & (field_size - 1)) * 8;
		if (field_size <= 4) {
			if (shift)
				buf[cnt++] = (struct kbpf_insn){
					.code = KBPF_ALU | KBPF_RSH | KBPF_K,
					.dst_reg = si.dst_reg, .imm = shift };
			buf[cnt++] = (struct kbpf_insn){
				.code = KBPF_ALU | KBPF_AND | KBPF_K,
				.dst_reg = si.dst_reg,
				.imm = (1 << size * 8) - 1 };
		} else {
			if (shift)
				buf[cnt++] = (struct kbpf_insn){
					.code = KBPF_ALU64 | KBPF_RSH | KBPF_K,
					.dst_reg = si.dst_reg, .imm = shift };
			buf[cnt++] = (struct kbpf_insn){
				.code = KBPF_ALU | KBPF_AND | KBPF_K,
				.dst_reg = si.dst_reg,
				.imm = (1ULL << size * 8) - 1 };
		}
	}
	if (mode == KBPF_MEMSX)
		buf[cnt++] = (struct kbpf_insn){
			.code = KBPF_ALU64 | KBPF_MOV | KBPF_X,
			.dst_reg = si.dst_reg, .src_reg = si.dst_reg,
			.off = size * 8 };
	return cnt;

misconfigured:
	kbpf_verbose(env, "bpf verifier is misconfigured\n");
	return -EINVAL;
}

/* Whether instruction @i is a ctx access the type rewrites. */
static bool kbpf_is_ctx_access(const struct kbpf_verifier_env *env, u32 i)
{
	u8 class = KBPF_CLASS(env->prog->insns[i].code);

	return env->prog->ops->convert_ctx_access &&
	       env->aux[i].ptr_kind == KBPF_PTR_KIND_CTX &&
	       (class == KBPF_LDX || class == KBPF_ST ||
		(class == KBPF_STX &&
		 KBPF_MODE(env->prog->insns[i].code) == KBPF_MEM));
}

/*
 * Moves the relative target of old instruction @i (now at @to[i]) to
 * where its target went: @field is the off (s16) or the imm (s32).
 */
static int kbpf_adjust_rel(struct kbpf_verifier_env *env, const u32 *to,
			   u32 i, s32 rel, s32 *out, bool imm)
{
	s64 delta = (s64)to[i + 1 + rel] - to[i] - 1;

	if (!imm && (delta < S16_MIN || delta > S16_MAX)) {
		kbpf_verbose(env, "insn %u cannot be patched due to 16-bit range\n",
			     i);
		return -ENOMEM;
	}
	*out = delta;
	return 0;
}

/* Jumps, pseudo calls and PSEUDO_FUNC loads of the old program at @i. */
static int kbpf_adjust_branch(struct kbpf_verifier_env *env, const u32 *to,
			      u32 i, struct kbpf_insn *insn)
{
	const struct kbpf_insn *old = &env->prog->insns[i];
	u8 class = KBPF_CLASS(old->code), op = KBPF_OP(old->code);
	s32 v;
	int err;

	if (old->code == (KBPF_LD | KBPF_IMM | KBPF_DW)) {
		if (old->src_reg != KBPF_PSEUDO_FUNC)
			return 0;
		err = kbpf_adjust_rel(env, to, i, old->imm, &v, true);
		insn->imm = v;
		return err;
	}
	if (class != KBPF_JMP && class != KBPF_JMP32)
		return 0;
	if (op == KBPF_EXIT)
		return 0;
	if (op == KBPF_CALL) {
		if (old->src_reg != KBPF_PSEUDO_CALL)
			return 0;
		err = kbpf_adjust_rel(env, to, i, old->imm, &v, true);
		insn->imm = v;
		return err;
	}
	if (class == KBPF_JMP32 && op == KBPF_JA) {
		err = kbpf_adjust_rel(env, to, i, old->imm, &v, true);
		insn->imm = v;
		return err;
	}
	err = kbpf_adjust_rel(env, to, i, old->off, &v, false);
	insn->off = v;
	return err;
}

/* A copy of @old with room for @len instructions. */
static struct kbpf_prog *kbpf_prog_realloc(const struct kbpf_prog *old,
					   u32 len)
{
	struct kbpf_prog *prog;

	prog = kvzalloc(struct_size(prog, insns, len),
			GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!prog)
		return NULL;
	memcpy(prog, old, offsetof(struct kbpf_prog, insns));
	prog->len = len;
	return prog;
}

/*
 * What replaces instruction @i, at @buf: the count, 0 when it stays, or
 * an errno.
 */
static int kbpf_rewrite_one(struct kbpf_verifier_env *env, u32 i,
			    struct kbpf_insn *buf)
{
	BUILD_BUG_ON(KBPF_MAP_GEN_LOOKUP_MAX > KBPF_REWRITE_MAX);
	BUILD_BUG_ON(KBPF_CTX_INSN_MAX > KBPF_REWRITE_MAX);

	if (kbpf_is_ctx_access(env, i))
		return kbpf_convert_one(env, i, buf);
	return kbpf_inline_call(env, i, buf);
}

/*
 * Pseudo calls among the @cnt instructions that replace old instruction
 * @i (now at @new) name their target relative to @i: moved to where the
 * target went.
 */
static int kbpf_adjust_patch_calls(struct kbpf_verifier_env *env,
				   const u32 *to, u32 i, struct kbpf_insn *new,
				   u32 cnt)
{
	s64 target;
	u32 k;

	for (k = 0; k < cnt; k++) {
		if (new[k].code != (KBPF_JMP | KBPF_CALL) ||
		    new[k].src_reg != KBPF_PSEUDO_CALL)
			continue;
		target = (s64)i + 1 + new[k].imm;
		if (target < 0 || target >= env->prog->len) {
			kbpf_verbose(env, "bpf verifier is misconfigured\n");
			return -EFAULT;
		}
		new[k].imm = (s64)to[target] - (to[i] + k) - 1;
	}
	return 0;
}

/* Fills @new from the old program, each rewritten one by its rewrite. */
static int kbpf_emit_rewritten(struct kbpf_verifier_env *env, const u32 *to,
			       struct kbpf_insn *new)
{
	struct kbpf_insn buf[KBPF_REWRITE_MAX];
	u32 i;
	int cnt, err;

	for (i = 0; i < env->prog->len; i++) {
		cnt = kbpf_rewrite_one(env, i, buf);
		if (cnt < 0)
			return cnt;
		if (cnt) {
			memcpy(&new[to[i]], buf, cnt * sizeof(buf[0]));
			err = kbpf_adjust_patch_calls(env, to, i, &new[to[i]],
						      cnt);
			if (err)
				return err;
			continue;
		}
		new[to[i]] = env->prog->insns[i];
		if (env->aux[i].ldimm64_tail)
			continue;
		err = kbpf_adjust_branch(env, to, i, &new[to[i]]);
		if (err)
			return err;
	}
	return 0;
}

int kbpf_convert_ctx_accesses(struct kbpf_verifier_env *env)
{
	struct kbpf_insn buf[KBPF_REWRITE_MAX];
	struct kbpf_prog *old = env->prog, *prog;
	u32 i, len = 0, *to;
	int cnt, err;

	if (!old->ops->convert_ctx_access && !kbpf_inline_wanted(env))
		return 0;
	/* to[i]: where old instruction i starts; to[len] the new length. */
	to = kvcalloc(old->len + 1, sizeof(*to), GFP_KERNEL);
	if (!to)
		return -ENOMEM;
	for (i = 0; i < old->len; i++) {
		to[i] = len;
		cnt = kbpf_rewrite_one(env, i, buf);
		if (cnt < 0) {
			err = cnt;
			goto out;
		}
		len += cnt ? cnt : 1;
	}
	to[old->len] = len;
	prog = kbpf_prog_realloc(old, len);
	err = -ENOMEM;
	if (!prog)
		goto out;
	err = kbpf_emit_rewritten(env, to, prog->insns);
	if (err) {
		kvfree(prog);
		goto out;
	}
	kvfree(old);
	env->prog = prog;
	/* The frame table is built from these, in the new numbering. */
	for (i = 0; i <= env->subprog_cnt; i++)
		env->subprog_starts[i] = to[env->subprog_starts[i]];
out:
	kvfree(to);
	return err;
}
