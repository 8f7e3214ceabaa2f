// SPDX-License-Identifier: GPL-2.0
/*
 * One instruction at a time: whether its opcode exists at all, and
 * whether its fields are well formed, with Linux's messages.
 */

#include "../prog/helpers.h"
#include "../prog/type.h"
#include "env.h"

#define KBPF_MAX_REG	10	/* r10, the read-only frame pointer */

static bool kbpf_alu_op_valid(u8 code)
{
	bool is64 = KBPF_CLASS(code) == KBPF_ALU64;
	u8 src = KBPF_SRC(code);

	switch (KBPF_OP(code)) {
	case KBPF_ADD: case KBPF_SUB: case KBPF_MUL: case KBPF_DIV:
	case KBPF_OR: case KBPF_AND: case KBPF_LSH: case KBPF_RSH:
	case KBPF_MOD: case KBPF_XOR: case KBPF_MOV: case KBPF_ARSH:
		return true;
	case KBPF_NEG:
		return src == KBPF_K;
	case KBPF_END:	/* le/be in ALU; only the unconditional bswap in ALU64 */
		return !is64 || src == KBPF_TO_LE;
	default:
		return false;
	}
}

static bool kbpf_jmp_op_valid(u8 code)
{
	bool jmp32 = KBPF_CLASS(code) == KBPF_JMP32;
	u8 src = KBPF_SRC(code);

	switch (KBPF_OP(code)) {
	case KBPF_JEQ: case KBPF_JGT: case KBPF_JGE: case KBPF_JSET:
	case KBPF_JNE: case KBPF_JSGT: case KBPF_JSGE: case KBPF_JLT:
	case KBPF_JLE: case KBPF_JSLT: case KBPF_JSLE:
		return true;
	case KBPF_JA:
		return src == KBPF_K;
	case KBPF_CALL:
	case KBPF_EXIT:
		return !jmp32 && src == KBPF_K;
	default:
		return false;
	}
}

/* Whether @code is an instruction of RFC 9669 that kbpf knows. */
bool kbpf_opcode_valid(u8 code)
{
	u8 mode = KBPF_MODE(code), size = KBPF_SIZE(code);

	switch (KBPF_CLASS(code)) {
	case KBPF_ALU:
	case KBPF_ALU64:
		return kbpf_alu_op_valid(code);
	case KBPF_JMP:
	case KBPF_JMP32:
		return kbpf_jmp_op_valid(code);
	case KBPF_LD:
		return code == (KBPF_LD | KBPF_IMM | KBPF_DW) ||
		       ((mode == KBPF_ABS || mode == KBPF_IND) &&
			size != KBPF_DW);
	case KBPF_LDX:
		return mode == KBPF_MEM ||
		       (mode == KBPF_MEMSX && size != KBPF_DW);
	case KBPF_ST:
		return mode == KBPF_MEM;
	default:	/* KBPF_STX */
		return mode == KBPF_MEM ||
		       (mode == KBPF_ATOMIC &&
			(size == KBPF_W || size == KBPF_DW));
	}
}

static int kbpf_reserved(struct kbpf_verifier_env *env, const char *what)
{
	kbpf_verbose(env, "%s uses reserved fields\n", what);
	return -EINVAL;
}

static int kbpf_check_alu(struct kbpf_verifier_env *env,
			  const struct kbpf_insn *insn)
{
	bool is64 = KBPF_CLASS(insn->code) == KBPF_ALU64;
	u8 op = KBPF_OP(insn->code), src = KBPF_SRC(insn->code);

	switch (op) {
	case KBPF_NEG:
		if (insn->src_reg || insn->off || insn->imm)
			return kbpf_reserved(env, "BPF_NEG");
		return 0;
	case KBPF_END:
		if (insn->src_reg || insn->off ||
		    (insn->imm != 16 && insn->imm != 32 && insn->imm != 64))
			return kbpf_reserved(env, "BPF_END");
		return 0;
	case KBPF_MOV:
		if (src == KBPF_K) {
			if (insn->src_reg || insn->off)
				return kbpf_reserved(env, "BPF_MOV");
		} else if (insn->imm ||
			   (insn->off != 0 && insn->off != 8 &&
			    insn->off != 16 && (!is64 || insn->off != 32))) {
			return kbpf_reserved(env, "BPF_MOV");
		}
		return 0;
	default:
		if ((src == KBPF_X && insn->imm) ||
		    (src == KBPF_K && insn->src_reg) ||
		    (insn->off != 0 && insn->off != 1) ||
		    (insn->off == 1 && op != KBPF_DIV && op != KBPF_MOD))
			return kbpf_reserved(env, "BPF_ALU");
		return 0;
	}
}

static int kbpf_check_mem(struct kbpf_verifier_env *env,
			  const struct kbpf_insn *insn)
{
	switch (KBPF_CLASS(insn->code)) {
	case KBPF_LDX:	/* mode and imm: checked with the ld_imm64 pass */
		return 0;
	case KBPF_ST:
		if (insn->src_reg)
			return kbpf_reserved(env, "BPF_ST");
		return 0;
	case KBPF_STX:
		if (KBPF_MODE(insn->code) == KBPF_MEM) {
			if (insn->imm)
				return kbpf_reserved(env, "BPF_STX");
			return 0;
		}
		switch (insn->imm) {
		case KBPF_ADD: case KBPF_ADD | KBPF_FETCH:
		case KBPF_AND: case KBPF_AND | KBPF_FETCH:
		case KBPF_OR: case KBPF_OR | KBPF_FETCH:
		case KBPF_XOR: case KBPF_XOR | KBPF_FETCH:
		case KBPF_XCHG: case KBPF_CMPXCHG:
			return 0;
		default:
			kbpf_verbose(env, "BPF_ATOMIC uses invalid atomic opcode %02x\n",
				     insn->imm);
			return -EINVAL;
		}
	default:	/* KBPF_LD */
		if (KBPF_MODE(insn->code) != KBPF_IMM) {
			/* The walk checks them where they are allowed. */
			if (env->prog->ops->ld_abs)
				return 0;
			kbpf_verbose(env, "BPF_LD_[ABS|IND] instructions not allowed for this program type\n");
			return -EINVAL;
		}
		if (insn->off)
			return kbpf_reserved(env, "BPF_LD_IMM64");
		return 0;
	}
}

static int kbpf_check_jmp(struct kbpf_verifier_env *env,
			  const struct kbpf_insn *insn)
{
	u8 op = KBPF_OP(insn->code), src = KBPF_SRC(insn->code);

	switch (op) {
	case KBPF_CALL:
		if (insn->off || insn->dst_reg ||
		    (insn->src_reg && insn->src_reg != KBPF_PSEUDO_CALL))
			return kbpf_reserved(env, "BPF_CALL");
		if (!insn->src_reg && !kbpf_helper_name(insn->imm)) {
			kbpf_verbose(env, "invalid func unknown#%d\n", insn->imm);
			return -EINVAL;
		}
		return 0;
	case KBPF_EXIT:
		/* As Linux, which never looks at an exit's offset. */
		if (insn->imm || insn->src_reg || insn->dst_reg)
			return kbpf_reserved(env, "BPF_EXIT");
		return 0;
	case KBPF_JA:
		if (insn->src_reg || insn->dst_reg ||
		    (KBPF_CLASS(insn->code) == KBPF_JMP ? insn->imm : insn->off))
			return kbpf_reserved(env, "BPF_JA");
		return 0;
	default:
		if ((src == KBPF_K && insn->src_reg) ||
		    (src == KBPF_X && insn->imm))
			return kbpf_reserved(env, "BPF_JMP/JMP32");
		return 0;
	}
}

/* Whether @insn writes a register, and which (r10 may never be written). */
static bool kbpf_insn_writes_fp(const struct kbpf_insn *insn)
{
	u8 class = KBPF_CLASS(insn->code);

	if (insn->dst_reg == KBPF_MAX_REG &&
	    (class == KBPF_ALU || class == KBPF_ALU64 || class == KBPF_LDX ||
	     insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW)))
		return true;
	/* Atomic fetches write their source register, BPF_CMPXCHG r0. */
	return insn->src_reg == KBPF_MAX_REG &&
	       KBPF_MODE(insn->code) == KBPF_ATOMIC && class == KBPF_STX &&
	       (insn->imm & KBPF_FETCH) && insn->imm != KBPF_CMPXCHG;
}

static int kbpf_check_insn(struct kbpf_verifier_env *env, u32 idx)
{
	const struct kbpf_insn *insn = &env->prog->insns[idx];
	u8 class = KBPF_CLASS(insn->code);
	bool src_is_reg;

	/* ld_imm64 and calls use src_reg for their pseudo kind. */
	src_is_reg = class != KBPF_LD &&
		     insn->code != (KBPF_JMP | KBPF_CALL);
	/* LD_ABS and LD_IND: their fields are the walk's (check.c). */
	if (class == KBPF_LD && KBPF_MODE(insn->code) != KBPF_IMM &&
	    env->prog->ops->ld_abs)
		return 0;
	if (insn->dst_reg > KBPF_MAX_REG ||
	    (src_is_reg && insn->src_reg > KBPF_MAX_REG)) {
		kbpf_verbose(env, "R%d is invalid\n",
			     insn->dst_reg > KBPF_MAX_REG ? insn->dst_reg :
							    insn->src_reg);
		return -EINVAL;
	}
	if (kbpf_insn_writes_fp(insn)) {
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
		env->insn_processed++;
	}
	return 0;
}
