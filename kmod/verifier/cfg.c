// SPDX-License-Identifier: GPL-2.0
/*
 * Structure of a program: every instruction well formed, subprograms
 * found from calls and callback loads, every jump inside its subprogram
 * and never into the tail of a ld_imm64, every instruction reachable,
 * every subprogram ending in exit or ja, r10 never written.
 */

#include <linux/slab.h>
#include <linux/sort.h>

#include "../prog/helpers.h"
#include "env.h"

#define KBPF_MAX_REG	10	/* r10, the read-only frame pointer */

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

int kbpf_find_subprogs(struct kbpf_verifier_env *env)
{
	struct kbpf_insn *insns = env->prog->insns;
	u32 i;
	int err;

	env->subprog_cnt = 0;
	err = kbpf_add_subprog(env, 0);
	for (i = 0; !err && i < env->prog->len; i++) {
		if (kbpf_insn_is_pseudo_call(&insns[i]) ||
		    kbpf_insn_is_pseudo_func(&insns[i]))
			err = kbpf_add_subprog(env, (s64)i + insns[i].imm + 1);
	}
	if (err)
		return err;
	sort(env->subprog_starts, env->subprog_cnt, sizeof(u32),
	     kbpf_cmp_u32, NULL);
	/* A sentinel: the end of the last subprogram. */
	env->subprog_starts[env->subprog_cnt] = env->prog->len;
	for (i = 0; i < env->subprog_cnt; i++)
		env->aux[env->subprog_starts[i]].subprog_start = true;
	return 0;
}

static bool kbpf_reg_ok(u8 reg)
{
	return reg <= KBPF_MAX_REG;
}

static int kbpf_check_alu(struct kbpf_verifier_env *env,
			  const struct kbpf_insn *insn)
{
	bool is64 = KBPF_CLASS(insn->code) == KBPF_ALU64;
	u8 op = KBPF_OP(insn->code), src = KBPF_SRC(insn->code);

	switch (op) {
	case KBPF_END:
		if (insn->src_reg || insn->off ||
		    (insn->imm != 16 && insn->imm != 32 && insn->imm != 64) ||
		    (is64 && src != KBPF_K))
			goto reserved;
		return 0;
	case KBPF_NEG:
		if (src != KBPF_K || insn->src_reg || insn->off || insn->imm)
			goto reserved;
		return 0;
	case KBPF_MOV:
		if (src == KBPF_X) {
			if (insn->imm || (insn->off != 0 && insn->off != 8 &&
					  insn->off != 16 &&
					  (!is64 || insn->off != 32)))
				goto reserved;
		} else if (insn->src_reg || insn->off) {
			goto reserved;
		}
		return 0;
	case KBPF_DIV:
	case KBPF_MOD:
		if (insn->off != 0 && insn->off != 1)
			goto reserved;
		break;
	case KBPF_ADD: case KBPF_SUB: case KBPF_MUL: case KBPF_OR:
	case KBPF_AND: case KBPF_LSH: case KBPF_RSH: case KBPF_XOR:
	case KBPF_ARSH:
		if (insn->off)
			goto reserved;
		break;
	default:
		kbpf_verbose(env, "invalid BPF_ALU opcode %x\n", op);
		return -EINVAL;
	}
	if ((src == KBPF_K && insn->src_reg) || (src == KBPF_X && insn->imm))
		goto reserved;
	return 0;
reserved:
	kbpf_verbose(env, "BPF_ALU uses reserved fields\n");
	return -EINVAL;
}

static int kbpf_check_mem(struct kbpf_verifier_env *env,
			  const struct kbpf_insn *insn)
{
	u8 mode = KBPF_MODE(insn->code), size = KBPF_SIZE(insn->code);
	s32 op;

	switch (KBPF_CLASS(insn->code)) {
	case KBPF_LDX:
		/* Modes and imm were checked with the ld_imm64 pass. */
		if (mode == KBPF_MEMSX && size == KBPF_DW)
			goto bad;
		return 0;
	case KBPF_ST:
		if (mode != KBPF_MEM || insn->src_reg) {
			kbpf_verbose(env, "BPF_ST uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	case KBPF_STX:
		if (mode == KBPF_MEM) {
			if (insn->imm) {
				kbpf_verbose(env, "BPF_STX uses reserved fields\n");
				return -EINVAL;
			}
			return 0;
		}
		if (mode != KBPF_ATOMIC || (size != KBPF_W && size != KBPF_DW))
			goto bad;
		op = insn->imm;
		switch (op) {
		case KBPF_ADD: case KBPF_ADD | KBPF_FETCH:
		case KBPF_AND: case KBPF_AND | KBPF_FETCH:
		case KBPF_OR: case KBPF_OR | KBPF_FETCH:
		case KBPF_XOR: case KBPF_XOR | KBPF_FETCH:
		case KBPF_XCHG: case KBPF_CMPXCHG:
			return 0;
		default:
			kbpf_verbose(env, "BPF_ATOMIC uses invalid atomic opcode %02x\n",
				     op);
			return -EINVAL;
		}
	default:	/* KBPF_LD: only ld_imm64 */
		if (insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW))
			return 0;
		if (mode == KBPF_ABS || mode == KBPF_IND) {
			kbpf_verbose(env, "BPF_LD_[ABS|IND] instructions not allowed for this program type\n");
			return -EINVAL;
		}
		goto bad;
	}
bad:
	kbpf_verbose(env, "unknown opcode %02x\n", insn->code);
	return -EINVAL;
}

static int kbpf_check_jmp(struct kbpf_verifier_env *env,
			  const struct kbpf_insn *insn)
{
	bool jmp32 = KBPF_CLASS(insn->code) == KBPF_JMP32;
	u8 op = KBPF_OP(insn->code), src = KBPF_SRC(insn->code);

	switch (op) {
	case KBPF_CALL:
		if (jmp32 || src != KBPF_K || insn->off || insn->dst_reg ||
		    (insn->src_reg && insn->src_reg != KBPF_PSEUDO_CALL)) {
			kbpf_verbose(env, "BPF_CALL uses reserved fields\n");
			return -EINVAL;
		}
		if (!insn->src_reg && !kbpf_helper_proto(insn->imm)) {
			kbpf_verbose(env, "invalid func unknown#%d\n", insn->imm);
			return -EINVAL;
		}
		return 0;
	case KBPF_EXIT:
		if (jmp32 || src != KBPF_K || insn->imm || insn->off ||
		    insn->src_reg || insn->dst_reg) {
			kbpf_verbose(env, "BPF_EXIT uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	case KBPF_JA:
		if (src != KBPF_K || insn->src_reg || insn->dst_reg ||
		    (!jmp32 && insn->imm) || (jmp32 && insn->off)) {
			kbpf_verbose(env, "BPF_JA uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	case KBPF_JEQ: case KBPF_JGT: case KBPF_JGE: case KBPF_JSET:
	case KBPF_JNE: case KBPF_JSGT: case KBPF_JSGE: case KBPF_JLT:
	case KBPF_JLE: case KBPF_JSLT: case KBPF_JSLE:
		if ((src == KBPF_K && insn->src_reg) ||
		    (src == KBPF_X && insn->imm)) {
			kbpf_verbose(env, "BPF_JMP/JMP32 uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	default:
		kbpf_verbose(env, "invalid BPF_JMP/JMP32 opcode %x\n", op);
		return -EINVAL;
	}
}

/* Fields of one instruction, whatever path reaches it. */
static int kbpf_check_insn(struct kbpf_verifier_env *env, u32 idx)
{
	const struct kbpf_insn *insn = &env->prog->insns[idx];
	u8 class = KBPF_CLASS(insn->code);
	bool pseudo_src;

	pseudo_src = kbpf_insn_is_pseudo_call(insn) ||
		     class == KBPF_LD;	/* ld_imm64 sources */
	if (!kbpf_reg_ok(insn->dst_reg) ||
	    (!pseudo_src && !kbpf_reg_ok(insn->src_reg))) {
		kbpf_verbose(env, "R%d is invalid\n",
			     kbpf_reg_ok(insn->dst_reg) ? insn->src_reg :
							  insn->dst_reg);
		return -EINVAL;
	}
	/* Register writes: ALU, LDX, ld_imm64 to dst; atomic fetches to src. */
	if ((insn->dst_reg == KBPF_MAX_REG &&
	     (class == KBPF_ALU || class == KBPF_ALU64 || class == KBPF_LDX ||
	      class == KBPF_LD)) ||
	    (insn->src_reg == KBPF_MAX_REG &&
	     insn->code == (KBPF_STX | KBPF_ATOMIC | KBPF_SIZE(insn->code)) &&
	     (insn->imm & KBPF_FETCH))) {
		kbpf_verbose(env, "frame pointer is read only\n");
		return -EACCES;
	}

	switch (class) {
	case KBPF_ALU:
	case KBPF_ALU64:
		return kbpf_check_alu(env, insn);
	case KBPF_JMP:
	case KBPF_JMP32:
		return kbpf_check_jmp(env, insn);
	default:
		return kbpf_check_mem(env, insn);
	}
}

/* The subprogram holding @idx: the last start not after it. */
static u32 kbpf_subprog_of(const struct kbpf_verifier_env *env, u32 idx)
{
	u32 lo = 0, hi = env->subprog_cnt;

	while (hi - lo > 1) {
		u32 mid = (lo + hi) / 2;

		if (env->subprog_starts[mid] <= idx)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int kbpf_check_jump_target(struct kbpf_verifier_env *env, u32 from,
				  s64 to)
{
	u32 sub = kbpf_subprog_of(env, from);

	if (to < env->subprog_starts[sub] ||
	    to >= env->subprog_starts[sub + 1]) {
		kbpf_verbose(env, "jump out of range from insn %u to %lld\n",
			     from, to);
		return -EINVAL;
	}
	if (env->aux[to].ldimm64_tail) {
		kbpf_verbose(env, "jump to the middle of ldimm64 insn %lld\n",
			     to);
		return -EINVAL;
	}
	return 0;
}

/* The target of a jump at @idx, or -1 when it falls through only. */
static s64 kbpf_jump_target(const struct kbpf_insn *insn, u32 idx)
{
	u8 op = KBPF_OP(insn->code);

	if (op == KBPF_CALL || op == KBPF_EXIT)
		return -1;
	if (op == KBPF_JA && KBPF_CLASS(insn->code) == KBPF_JMP32)
		return (s64)idx + insn->imm + 1;
	return (s64)idx + insn->off + 1;
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
 * Mark what a walk from every subprogram's start reaches. Falling
 * through past a subprogram's last instruction, into the next one or off
 * the end, is refused: each must end in exit or ja.
 */
static int kbpf_mark_reachable(struct kbpf_verifier_env *env)
{
	struct kbpf_insn *insns = env->prog->insns;
	u32 len = env->prog->len, *stack, top = 0, i;
	int err = 0;

	/* Each instruction is pushed at most once. */
	stack = kvmalloc_array(len, sizeof(*stack), GFP_KERNEL);
	if (!stack)
		return -ENOMEM;
	for (i = 0; i < env->subprog_cnt; i++)
		kbpf_push(env, stack, &top, env->subprog_starts[i]);

	while (top) {
		u32 idx = stack[--top], fall;
		const struct kbpf_insn *insn = &insns[idx];
		u8 class = KBPF_CLASS(insn->code), op = KBPF_OP(insn->code);
		bool falls = true;
		s64 to;

		if (class == KBPF_JMP || class == KBPF_JMP32) {
			to = kbpf_jump_target(insn, idx);
			if (to >= 0) {
				err = kbpf_check_jump_target(env, idx, to);
				if (err)
					break;
				kbpf_push(env, stack, &top, to);
			}
			falls = op != KBPF_EXIT && op != KBPF_JA;
		}
		if (!falls)
			continue;
		fall = idx + (insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW) ?
			      2 : 1);
		if (fall >= len || env->aux[fall].subprog_start) {
			kbpf_verbose(env, "last insn is not an exit or jmp\n");
			err = -EINVAL;
			break;
		}
		kbpf_push(env, stack, &top, fall);
	}
	kvfree(stack);
	return err;
}

/* Every instruction's fields; Linux checks these as do_check() meets them. */
int kbpf_check_insn_fields(struct kbpf_verifier_env *env)
{
	u32 i;
	int err;

	for (i = 0; i < env->prog->len; i++) {
		if (env->aux[i].ldimm64_tail)
			continue;
		err = kbpf_check_insn(env, i);
		if (err)
			return err;
	}
	return 0;
}

int kbpf_check_cfg(struct kbpf_verifier_env *env)
{
	u32 i;
	int err;

	err = kbpf_mark_reachable(env);
	if (err)
		return err;
	for (i = 0; i < env->prog->len; i++) {
		if (!env->aux[i].reachable && !env->aux[i].ldimm64_tail) {
			kbpf_verbose(env, "unreachable insn %u\n", i);
			return -EINVAL;
		}
	}
	return 0;
}
