// SPDX-License-Identifier: GPL-2.0
/*
 * Constant blinding (blind.h). Each instruction with a chosen immediate
 * becomes: ax = imm ^ rnd; ax ^= rnd; then the instruction's register
 * form with ax as the source, rnd fresh per instruction; ld_imm64 builds
 * its two halves the same way. Which instructions, and the forms, are
 * Linux's (bpf_jit_blind_insn()): ALU/ALU64 add, sub, and, or, xor, mul,
 * mov, div, mod (sdiv/smod keep their off); the conditional jumps of
 * JMP/JMP32 with K; ST of every size; ld_imm64 (map addresses too).
 * Moves of 0 become xor of the register with itself. Shifts, END, NEG,
 * calls, exits and unconditional jumps carry no value worth an attacker's
 * choosing and stay. Instructions already naming ax (the rewrites'
 * scratch register) stay: ax is free only between them.
 *
 * The copy's layout (blind.h says what indexes it). to[i], the index
 * map, is where old instruction i's rewrite starts in the copy; to[len]
 * is the copy's length. Every reference to an instruction goes through
 * it: the relative targets of jumps, gotol and bpf-to-bpf calls (the
 * jump of a blinded conditional is the last of its three), the address
 * a callback load names (Linux leaves those loads unblinded too: an
 * address the loader chose, not the user), and the frame table's
 * function starts. A target maps to the first instruction of its
 * rewrite, so code that jumps or calls there computes ax first. The
 * second slot of a rewritten ld_imm64 maps past its rewrite; the
 * verifier lets nothing aim at a second slot.
 */

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "../cmd.h"
#include "../compat.h"
#include "../prog/type.h"
#include "blind.h"
#include "jit.h"
#include "subprog.h"

/* Instructions one instruction may become: ld_imm64's pair, 7. */
#define KBPF_BLIND_MAX	7

static int kbpf_jit_harden;

module_param_cb(jit_harden, &kbpf_jit_level_ops, &kbpf_jit_harden, 0644);
MODULE_PARM_DESC(jit_harden,
		 "Blind JITed constants: 0 no, 1 for loaders without CAP_BPF, 2 always");

bool kbpf_jit_blinding_wanted(void)
{
	int harden = READ_ONCE(kbpf_jit_harden);

	return harden == 2 || (harden == 1 && !kbpf_capable(CAP_BPF));
}

#define KBPF_AX		KBPF_REG_AX

static struct kbpf_insn kbpf_blind_mov(bool w, s32 imm)
{
	return (struct kbpf_insn){
		.code = (w ? KBPF_ALU64 : KBPF_ALU) | KBPF_MOV | KBPF_K,
		.dst_reg = KBPF_AX, .imm = imm };
}

static struct kbpf_insn kbpf_blind_xor(bool w, s32 imm)
{
	return (struct kbpf_insn){
		.code = (w ? KBPF_ALU64 : KBPF_ALU) | KBPF_XOR | KBPF_K,
		.dst_reg = KBPF_AX, .imm = imm };
}

/*
 * The ALU K and JMP K forms Linux blinds. @w: the value is built in 64
 * bits (ALU64, JMP) or 32 (ALU, JMP32), as the instruction reads it.
 */
static bool kbpf_blind_alu_or_jmp(u8 code, bool *w)
{
	u8 class = KBPF_CLASS(code), op = KBPF_OP(code);

	if (KBPF_SRC(code) != KBPF_K)
		return false;
	switch (class) {
	case KBPF_ALU:
	case KBPF_ALU64:
		*w = class == KBPF_ALU64;
		switch (op) {
		case KBPF_ADD:
		case KBPF_SUB:
		case KBPF_AND:
		case KBPF_OR:
		case KBPF_XOR:
		case KBPF_MUL:
		case KBPF_MOV:
		case KBPF_DIV:
		case KBPF_MOD:
			return true;
		}
		return false;
	case KBPF_JMP:
	case KBPF_JMP32:
		*w = class == KBPF_JMP;
		switch (op) {
		case KBPF_JEQ:
		case KBPF_JNE:
		case KBPF_JGT:
		case KBPF_JLT:
		case KBPF_JGE:
		case KBPF_JLE:
		case KBPF_JSGT:
		case KBPF_JSLT:
		case KBPF_JSGE:
		case KBPF_JSLE:
		case KBPF_JSET:
			return true;
		}
		return false;
	}
	return false;
}

/*
 * What instruction @i becomes, at @buf: the count (1: unchanged), and in
 * *@branch the index in @buf of the instruction whose relative target
 * must be moved.
 */
static u32 kbpf_blind_one(const struct kbpf_insn *insns, u32 len, u32 i,
			  struct kbpf_insn *buf, u32 *branch)
{
	const struct kbpf_insn *in = &insns[i];
	u32 rnd = get_random_u32();
	struct kbpf_insn *to = buf;
	bool w;

	*branch = 0;
	buf[0] = *in;
	if (in->dst_reg == KBPF_AX || in->src_reg == KBPF_AX)
		return 1;
	if (in->imm == 0 && (in->code == (KBPF_ALU | KBPF_MOV | KBPF_K) ||
			     in->code == (KBPF_ALU64 | KBPF_MOV | KBPF_K))) {
		buf[0] = (struct kbpf_insn){
			.code = KBPF_ALU64 | KBPF_XOR | KBPF_X,
			.dst_reg = in->dst_reg, .src_reg = in->dst_reg };
		return 1;
	}
	if (kbpf_blind_alu_or_jmp(in->code, &w)) {
		*to++ = kbpf_blind_mov(w, rnd ^ in->imm);
		*to++ = kbpf_blind_xor(w, rnd);
		*to = *in;
		to->code = (in->code & ~KBPF_K) | KBPF_X;
		to->src_reg = KBPF_AX;
		to->imm = 0;
		*branch = 2;
		return 3;
	}
	if (KBPF_CLASS(in->code) == KBPF_ST && KBPF_MODE(in->code) == KBPF_MEM) {
		*to++ = kbpf_blind_mov(true, rnd ^ in->imm);
		*to++ = kbpf_blind_xor(true, rnd);
		*to = (struct kbpf_insn){
			.code = KBPF_STX | KBPF_MEM | KBPF_SIZE(in->code),
			.dst_reg = in->dst_reg, .src_reg = KBPF_AX,
			.off = in->off };
		return 3;
	}
	/* A pair cut short stays as it is: the JIT refuses it. */
	if (in->code == (KBPF_LD | KBPF_IMM | KBPF_DW) && i + 1 < len &&
	    in->src_reg != KBPF_PSEUDO_FUNC) {
		/* ax = hi << 32; dst = ax; ax = (u32)lo; dst |= ax */
		*to++ = kbpf_blind_mov(true, rnd ^ in[1].imm);
		*to++ = kbpf_blind_xor(true, rnd);
		*to++ = (struct kbpf_insn){
			.code = KBPF_ALU64 | KBPF_LSH | KBPF_K,
			.dst_reg = KBPF_AX, .imm = 32 };
		*to++ = (struct kbpf_insn){
			.code = KBPF_ALU64 | KBPF_MOV | KBPF_X,
			.dst_reg = in->dst_reg, .src_reg = KBPF_AX };
		rnd = get_random_u32();
		*to++ = kbpf_blind_mov(false, rnd ^ in[0].imm);
		*to++ = kbpf_blind_xor(false, rnd);
		*to++ = (struct kbpf_insn){
			.code = KBPF_ALU64 | KBPF_OR | KBPF_X,
			.dst_reg = in->dst_reg, .src_reg = KBPF_AX };
		return 7;
	}
	return 1;
}

/*
 * Whether @in has a relative target, and in *@is_imm whether it is in imm
 * (gotol, pseudo calls) rather than off.
 */
static bool kbpf_blind_rel(const struct kbpf_insn *in, bool *is_imm)
{
	u8 class = KBPF_CLASS(in->code), op = KBPF_OP(in->code);

	if (class != KBPF_JMP && class != KBPF_JMP32)
		return false;
	if (op == KBPF_EXIT)
		return false;
	if (op == KBPF_CALL) {
		*is_imm = true;
		return in->src_reg == KBPF_PSEUDO_CALL;
	}
	*is_imm = class == KBPF_JMP32 && op == KBPF_JA;
	return true;
}

/* Moves the relative target of @in, old instruction @i, at new @at. */
static int kbpf_blind_move(struct kbpf_insn *in, const u32 *to, u32 len,
			   u32 i, u32 at)
{
	bool is_imm = false;
	s64 t, rel;

	if (!kbpf_blind_rel(in, &is_imm))
		return 0;
	t = (s64)i + 1 + (is_imm ? in->imm : in->off);
	if (t < 0 || t > len)
		return -EOPNOTSUPP;
	rel = (s64)to[t] - at - 1;
	if (is_imm) {
		in->imm = rel;
		return 0;
	}
	if (rel < S16_MIN || rel > S16_MAX)
		return -EOPNOTSUPP;
	in->off = rel;
	return 0;
}

static bool kbpf_blind_is_func_load(const struct kbpf_insn *in)
{
	return in->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
	       in->src_reg == KBPF_PSEUDO_FUNC;
}

/*
 * The callback load at old @i, copied to @new (both slots) naming the
 * copy's instruction where its callback went, as the loader named the
 * program's own.
 */
static int kbpf_blind_func_load(const struct kbpf_insn *insns, u32 len,
				const u32 *to, u32 i, struct kbpf_insn *new)
{
	s64 t = kbpf_jit_func_target(insns, len, i);
	struct kbpf_insn *at = &new[to[i]];
	u64 addr;

	if (t < 0)
		return -EOPNOTSUPP;
	addr = (unsigned long)&new[to[t]];
	at[0] = insns[i];
	at[0].imm = (u32)addr;
	at[1] = insns[i + 1];
	at[1].imm = addr >> 32;
	return 0;
}

/* The index map (top of file), kvfree() it; NULL: no memory. */
static u32 *kbpf_blind_layout(const struct kbpf_insn *insns, u32 len)
{
	struct kbpf_insn buf[KBPF_BLIND_MAX];
	u32 i, n = 0, branch, *to;

	to = kvmalloc_array(len + 1, sizeof(*to), GFP_KERNEL);
	if (!to)
		return NULL;
	for (i = 0; i < len; i++) {
		to[i] = n;
		n += kbpf_blind_one(insns, len, i, buf, &branch);
		/* The pair's second slot is part of the first's rewrite. */
		if (insns[i].code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
		    i + 1 < len && n - to[i] > 1)
			to[++i] = n;
	}
	to[len] = n;
	return to;
}

/* The copy's instructions into @new, to[len] of them. */
static int kbpf_blind_copy(const struct kbpf_insn *insns, u32 len,
			   const u32 *to, struct kbpf_insn *new)
{
	struct kbpf_insn buf[KBPF_BLIND_MAX];
	u32 i, cnt, branch;
	int err;

	for (i = 0; i < len; i++) {
		if (kbpf_blind_is_func_load(&insns[i])) {
			err = kbpf_blind_func_load(insns, len, to, i++, new);
			if (err)
				return err;
			continue;
		}
		cnt = kbpf_blind_one(insns, len, i, buf, &branch);
		err = kbpf_blind_move(&buf[branch], to, len, i,
				      to[i] + branch);
		if (err)
			return err;
		memcpy(&new[to[i]], buf, cnt * sizeof(buf[0]));
		if (insns[i].code == (KBPF_LD | KBPF_IMM | KBPF_DW) && cnt > 1)
			i++;
	}
	return 0;
}

/* @frames (@cnt of them) with each start moved, into @b. */
static int kbpf_blind_frames(const struct kbpf_prog_frame *frames, u32 cnt,
			     const u32 *to, u32 len, struct kbpf_jit_blinded *b)
{
	u32 k;

	if (!frames)
		return 0;
	b->frames = kvmalloc_array(cnt, sizeof(*frames), GFP_KERNEL);
	if (!b->frames)
		return -ENOMEM;
	b->frame_cnt = cnt;
	for (k = 0; k < cnt; k++) {
		if (frames[k].start >= len)
			return -EOPNOTSUPP;
		b->frames[k].start = to[frames[k].start];
		b->frames[k].size = frames[k].size;
		b->frames[k].below = frames[k].below;
	}
	return 0;
}

void kbpf_jit_blinded_free(struct kbpf_jit_blinded *b)
{
	kvfree(b->insns);
	kvfree(b->frames);
	memset(b, 0, sizeof(*b));
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_blinded_free);

int kbpf_jit_blind(const struct kbpf_insn *insns, u32 len,
		   const struct kbpf_prog_frame *frames, u32 frame_cnt,
		   struct kbpf_jit_blinded *out)
{
	u32 *to;
	int err = -ENOMEM;

	memset(out, 0, sizeof(*out));
	to = kbpf_blind_layout(insns, len);
	if (!to)
		return -ENOMEM;
	out->len = to[len];
	out->insns = kvmalloc_array(out->len, sizeof(*out->insns), GFP_KERNEL);
	if (!out->insns)
		goto out;
	err = kbpf_blind_copy(insns, len, to, out->insns);
	if (!err)
		err = kbpf_blind_frames(frames, frame_cnt, to, len, out);
out:
	kvfree(to);
	if (err)
		kbpf_jit_blinded_free(out);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_blind);
