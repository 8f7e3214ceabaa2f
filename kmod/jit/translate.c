// SPDX-License-Identifier: GPL-2.0
/*
 * BPF to x86-64, one instruction at a time, with the semantics of the
 * interpreter (kmod/prog/interp.c), which stays the oracle.
 *
 * Registers. A fixed mapping that makes helper calls plain C calls:
 * r1-r5 are the first five argument registers of the x86-64 ABI, r0 is
 * rax, r6-r9 are callee-saved (rbx, r13-r15), r10 is rbp, the frame
 * pointer, which nothing else writes (the arena's unwind entry relies on
 * it). The rewrites' scratch register (KBPF_REG_AX) is r10. r9 and r11
 * are the JIT's own scratch, live only inside one instruction's code.
 *
 * Frame. endbr64; push rbp; mov rbp, rsp; sub rsp, stack; the stack
 * zeroed; then the callee-saved registers of the r6-r9 it names. The BPF
 * stack is [rbp - stack, rbp), zeroed at entry as the interpreter clears
 * its frame, so a program reads the same bytes either way; a function
 * that never names r10 has none. EXIT jumps to the function's epilogue,
 * which restores them, leaves and returns the way the loader patched the
 * return stub (kbpf_jit_ret()). The main function's prologue also holds
 * the entry tail calls jump to (tail_call.c).
 *
 * Functions. Every function of the program (subprog.c) has that frame,
 * with endbr64 only where an indirect call lands: the main function and
 * callbacks. A bpf-to-bpf call is a call rel32 to the callee's prologue,
 * which saves the caller's r6-r9 with the callee-saved registers and
 * gives the callee a stack of its own, as the interpreter's new frame.
 * r1-r5 pass through as they are. A callback load (ld_imm64 of a
 * function) puts the callback's entry in the register (lea rip-relative);
 * the helper it is passed to calls it through kbpf_interp_cb_call(), a
 * plain indirect call (kmod/prog/interp.h).
 *
 * What is not translated makes the pass fail with -EOPNOTSUPP and the
 * program runs interpreted: tail calls outside the main function (the
 * verifier allows none), LD_ABS/LD_IND, may_goto, kfuncs, and every
 * reserved encoding the interpreter would stop on, so a JITed program
 * never does what the interpreter refuses.
 */

#include <linux/cache.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm_types.h>
#include <linux/string.h>
#include <asm/text-patching.h>

#include "../jit/arena.h"
#include "../prog/type.h"
#include "inline.h"
#include "tail_call.h"
#include "translate.h"

#define KBPF_JIT_NR_REGS	12	/* r0-r10 and KBPF_REG_AX */
#define KBPF_JIT_FP		10
#define KBPF_JIT_TMP		KBPF_X86_R11
#define KBPF_JIT_TMP2		KBPF_X86_R9

/* ST | NOSPEC (Linux's BPF_NOSPEC): a speculation barrier. */
#define KBPF_JIT_NOSPEC		(KBPF_ST | 0xc0)

static const u8 kbpf_jit_reg[KBPF_JIT_NR_REGS] = {
	[0] = KBPF_X86_RAX,
	[1] = KBPF_X86_RDI,
	[2] = KBPF_X86_RSI,
	[3] = KBPF_X86_RDX,
	[4] = KBPF_X86_RCX,
	[5] = KBPF_X86_R8,
	[6] = KBPF_X86_RBX,
	[7] = KBPF_X86_R13,
	[8] = KBPF_X86_R14,
	[9] = KBPF_X86_R15,
	[10] = KBPF_X86_RBP,
	[KBPF_REG_AX] = KBPF_X86_R10,
};

/*
 * r6-r9's registers: saved by the prologue in this order (those the
 * function names), restored in reverse.
 */
static const u8 kbpf_jit_saved[] = {
	KBPF_X86_RBX, KBPF_X86_R13, KBPF_X86_R14, KBPF_X86_R15,
};

static_assert(KBPF_JIT_NR_REGS - 1 == KBPF_REG_AX);

/*
 * The x86 registers of an instruction's operands; false for a register
 * outside the mapping, or r10 as a destination (@dst_written), which
 * only a program no verifier accepted names.
 */
static bool kbpf_jit_operands(const struct kbpf_insn *insn, bool dst_written,
			      u8 *dst, u8 *src)
{
	if (insn->dst_reg >= KBPF_JIT_NR_REGS ||
	    insn->src_reg >= KBPF_JIT_NR_REGS)
		return false;
	if (dst_written && insn->dst_reg == KBPF_JIT_FP)
		return false;
	*dst = kbpf_jit_reg[insn->dst_reg];
	*src = kbpf_jit_reg[insn->src_reg];
	return true;
}

static u8 kbpf_jit_size_bits(u8 code)
{
	switch (KBPF_SIZE(code)) {
	case KBPF_B:
		return 8;
	case KBPF_H:
		return 16;
	case KBPF_W:
		return 32;
	default:
		return 64;
	}
}

/*
 * An access through r10 itself must lie in the reserved stack: the
 * verifier's depth is what the prologue reserves, so this only fails if
 * the two disagree. Accesses through copies of r10 rest on the verifier.
 */
static bool kbpf_jit_fp_access_ok(const struct kbpf_jit_ctx *c, u8 base_reg,
				  s16 off, u8 bits)
{
	if (base_reg != KBPF_JIT_FP)
		return true;
	return off < 0 && -off <= (s32)c->fstack && off + bits / 8 <= 0;
}

/*
 * dst op= src for shifts by a register: x86 takes the count in cl, and
 * cl is r4's. x86 masks the count to 6 (5) bits, as the interpreter.
 */
static void kbpf_jit_shift_x(struct kbpf_jit_emit *e, u8 digit, bool w,
			     u8 dst, u8 src)
{
	if (src == KBPF_X86_RCX) {
		kbpf_emit_shift_cl(e, digit, w, dst);
	} else {
		kbpf_emit_mov_rr(e, true, KBPF_JIT_TMP, KBPF_X86_RCX);
		kbpf_emit_mov_rr(e, true, KBPF_X86_RCX, src);
		/* r4 shifted: its value is in the scratch register now */
		kbpf_emit_shift_cl(e, digit, w,
				   dst == KBPF_X86_RCX ? KBPF_JIT_TMP : dst);
		kbpf_emit_mov_rr(e, true, KBPF_X86_RCX, KBPF_JIT_TMP);
	}
	/*
	 * A 32-bit shift by a count that masks to 0 leaves flags alone;
	 * zero-extend explicitly rather than rely on it writing the
	 * register.
	 */
	if (!w)
		kbpf_emit_mov_rr(e, false, dst, dst);
}

static void kbpf_jit_shift_k(struct kbpf_jit_emit *e, u8 digit, bool w,
			     u8 dst, s32 imm)
{
	u8 count = imm & (w ? 63 : 31);

	if (count)
		kbpf_emit_shift_ri(e, digit, w, dst, count);
	else if (!w)
		kbpf_emit_mov_rr(e, false, dst, dst);
}

/*
 * Division and modulo as the interpreter (kbpf_div64() and friends):
 * by zero, div gives 0 and mod leaves dst; signed by -1, div negates and
 * mod gives 0 (x86 would fault on INT_MIN / -1). x86 divides rdx:rax, so
 * both are saved around the sequence and the result goes through r11.
 */
static int kbpf_jit_divmod(struct kbpf_jit_ctx *c,
			   const struct kbpf_insn *insn, bool w, u8 dst,
			   u8 src)
{
	struct kbpf_jit_emit *e = &c->e;
	bool mod = KBPF_OP(insn->code) == KBPF_MOD;
	bool sign = insn->off == 1;
	u32 zero, neg = 0, done, done_neg = 0;
	bool ok;

	if (KBPF_SRC(insn->code) == KBPF_X)
		kbpf_emit_mov_rr(e, true, KBPF_JIT_TMP, src);
	else
		kbpf_emit_mov_imm(e, w, KBPF_JIT_TMP, insn->imm);
	kbpf_emit_push(e, KBPF_X86_RAX);
	kbpf_emit_push(e, KBPF_X86_RDX);
	kbpf_emit_mov_rr(e, true, KBPF_X86_RAX, dst);
	kbpf_emit_alu_rr(e, KBPF_X86_OP_TEST, w, KBPF_JIT_TMP, KBPF_JIT_TMP);
	zero = kbpf_emit_jcc8_fwd(e, KBPF_X86_CC_E);
	if (sign) {
		kbpf_emit_alu_ri(e, KBPF_X86_CMP, w, KBPF_JIT_TMP, -1);
		neg = kbpf_emit_jcc8_fwd(e, KBPF_X86_CC_E);
		kbpf_emit_sign_extend_ax(e, w);
		kbpf_emit_grp3(e, 7, w, KBPF_JIT_TMP);		/* idiv */
	} else {
		kbpf_emit_alu_rr(e, KBPF_X86_OP_XOR, false, KBPF_X86_RDX,
				 KBPF_X86_RDX);
		kbpf_emit_grp3(e, 6, w, KBPF_JIT_TMP);		/* div */
	}
	kbpf_emit_mov_rr(e, w, KBPF_JIT_TMP, mod ? KBPF_X86_RDX : KBPF_X86_RAX);
	done = kbpf_emit_jmp8_fwd(e);
	ok = kbpf_emit_fix8(e, zero);
	if (mod)
		kbpf_emit_mov_rr(e, w, KBPF_JIT_TMP, KBPF_X86_RAX);
	else
		kbpf_emit_alu_rr(e, KBPF_X86_OP_XOR, false, KBPF_JIT_TMP,
				 KBPF_JIT_TMP);
	if (sign) {
		done_neg = kbpf_emit_jmp8_fwd(e);
		ok &= kbpf_emit_fix8(e, neg);
		if (mod) {
			kbpf_emit_alu_rr(e, KBPF_X86_OP_XOR, false,
					 KBPF_JIT_TMP, KBPF_JIT_TMP);
		} else {
			kbpf_emit_grp3(e, 3, w, KBPF_X86_RAX);	/* neg */
			kbpf_emit_mov_rr(e, w, KBPF_JIT_TMP, KBPF_X86_RAX);
		}
		ok &= kbpf_emit_fix8(e, done_neg);
	}
	ok &= kbpf_emit_fix8(e, done);
	kbpf_emit_pop(e, KBPF_X86_RDX);
	kbpf_emit_pop(e, KBPF_X86_RAX);
	/* 32-bit results were zero-extended into r11 */
	kbpf_emit_mov_rr(e, true, dst, KBPF_JIT_TMP);
	return ok ? 0 : -EOPNOTSUPP;
}

/* END and the 64-bit BSWAP: widths 16, 32, 64 only. */
static int kbpf_jit_end(struct kbpf_jit_emit *e, const struct kbpf_insn *insn,
			bool w, u8 dst)
{
	bool swap = KBPF_SRC(insn->code) == KBPF_TO_BE;

	if (w) {
		/* ALU64 END: TO_LE is bswap, TO_BE is reserved */
		if (swap)
			return -EOPNOTSUPP;
		swap = true;
	}
	switch (insn->imm) {
	case 16:
		if (swap)
			kbpf_emit_ror16_8(e, dst);
		kbpf_emit_movzx_rr(e, 16, dst, dst);
		return 0;
	case 32:
		if (swap)
			kbpf_emit_bswap(e, false, dst);
		else
			kbpf_emit_mov_rr(e, false, dst, dst);
		return 0;
	case 64:
		if (swap)
			kbpf_emit_bswap(e, true, dst);
		return 0;
	}
	return -EOPNOTSUPP;
}

/* MOV and MOVSX (off 8, 16, 32 for ALU64; 8, 16 for ALU). */
static int kbpf_jit_mov(struct kbpf_jit_emit *e, const struct kbpf_insn *insn,
			bool w, u8 dst, u8 src)
{
	if (KBPF_SRC(insn->code) == KBPF_K) {
		kbpf_emit_mov_imm(e, w, dst, insn->imm);
		return 0;
	}
	switch (insn->off) {
	case 0:
		kbpf_emit_mov_rr(e, w, dst, src);
		return 0;
	case 8:
	case 16:
		kbpf_emit_movsx_rr(e, w, insn->off, dst, src);
		return 0;
	case 32:
		if (!w)
			return -EOPNOTSUPP;
		kbpf_emit_movsx_rr(e, true, 32, dst, src);
		return 0;
	}
	return -EOPNOTSUPP;
}

/* The x86 forms of the two-operand ALU operations, by BPF operation. */
static bool kbpf_jit_binop(u8 op, u8 *opcode, u8 *digit)
{
	switch (op) {
	case KBPF_ADD:
		*opcode = KBPF_X86_OP_ADD;
		*digit = KBPF_X86_ADD;
		return true;
	case KBPF_SUB:
		*opcode = KBPF_X86_OP_SUB;
		*digit = KBPF_X86_SUB;
		return true;
	case KBPF_OR:
		*opcode = KBPF_X86_OP_OR;
		*digit = KBPF_X86_OR;
		return true;
	case KBPF_AND:
		*opcode = KBPF_X86_OP_AND;
		*digit = KBPF_X86_AND;
		return true;
	case KBPF_XOR:
		*opcode = KBPF_X86_OP_XOR;
		*digit = KBPF_X86_XOR;
		return true;
	}
	return false;
}

static int kbpf_jit_shift_digit(u8 op)
{
	switch (op) {
	case KBPF_LSH:
		return KBPF_X86_SHL;
	case KBPF_RSH:
		return KBPF_X86_SHR;
	case KBPF_ARSH:
		return KBPF_X86_SAR;
	}
	return -1;
}

static int kbpf_jit_alu(struct kbpf_jit_ctx *c, const struct kbpf_insn *insn)
{
	struct kbpf_jit_emit *e = &c->e;
	bool w = KBPF_CLASS(insn->code) == KBPF_ALU64;
	bool x = KBPF_SRC(insn->code) == KBPF_X;
	u8 op = KBPF_OP(insn->code), opcode, digit, dst, src;
	int shift;

	if (!kbpf_jit_operands(insn, true, &dst, &src))
		return -EOPNOTSUPP;
	if (kbpf_jit_binop(op, &opcode, &digit)) {
		if (x)
			kbpf_emit_alu_rr(e, opcode, w, dst, src);
		else
			kbpf_emit_alu_ri(e, digit, w, dst, insn->imm);
		return 0;
	}
	shift = kbpf_jit_shift_digit(op);
	if (shift >= 0) {
		if (x)
			kbpf_jit_shift_x(e, shift, w, dst, src);
		else
			kbpf_jit_shift_k(e, shift, w, dst, insn->imm);
		return 0;
	}
	switch (op) {
	case KBPF_MUL:
		if (x)
			kbpf_emit_imul_rr(e, w, dst, src);
		else
			kbpf_emit_imul_ri(e, w, dst, insn->imm);
		return 0;
	case KBPF_DIV:
	case KBPF_MOD:
		if ((u16)insn->off > 1)
			return -EOPNOTSUPP;
		return kbpf_jit_divmod(c, insn, w, dst, src);
	case KBPF_NEG:
		if (x)
			return -EOPNOTSUPP;
		kbpf_emit_grp3(e, 3, w, dst);
		return 0;
	case KBPF_MOV:
		return kbpf_jit_mov(e, insn, w, dst, src);
	case KBPF_END:
		return kbpf_jit_end(e, insn, w, dst);
	}
	return -EOPNOTSUPP;
}

/* The x86 condition of a conditional jump, or -1 for none. */
static int kbpf_jit_cond(u8 op)
{
	switch (op) {
	case KBPF_JEQ:
		return KBPF_X86_CC_E;
	case KBPF_JNE:
	case KBPF_JSET:
		return KBPF_X86_CC_NE;
	case KBPF_JGT:
		return KBPF_X86_CC_A;
	case KBPF_JGE:
		return KBPF_X86_CC_AE;
	case KBPF_JLT:
		return KBPF_X86_CC_B;
	case KBPF_JLE:
		return KBPF_X86_CC_BE;
	case KBPF_JSGT:
		return KBPF_X86_CC_G;
	case KBPF_JSGE:
		return KBPF_X86_CC_GE;
	case KBPF_JSLT:
		return KBPF_X86_CC_L;
	case KBPF_JSLE:
		return KBPF_X86_CC_LE;
	}
	return -1;
}

static u32 kbpf_jit_entry(const struct kbpf_jit_ctx *c, u32 sub)
{
	return c->len + 1 + 2 * sub;
}

static u32 kbpf_jit_epi(const struct kbpf_jit_ctx *c, u32 sub)
{
	return c->len + 2 + 2 * sub;
}

/*
 * The image offset of instruction @i + 1 + @rel, if it is one of the
 * function being emitted: a jump never leaves its frame.
 */
static bool kbpf_jit_target(const struct kbpf_jit_ctx *c, u32 i, s32 rel,
			    u32 *target)
{
	s64 t = (s64)i + 1 + rel;

	if (t < 0 || t >= c->len || kbpf_jit_subprog_of(c->subs, t) != c->cur)
		return false;
	*target = c->addrs[t];
	return true;
}

/* Whether instruction @i starts the function after the current one. */
static bool kbpf_jit_next_sub(const struct kbpf_jit_ctx *c, u32 i)
{
	return c->cur + 1 < c->subs->nr && c->subs->start[c->cur + 1] == i;
}

/*
 * Where instruction @i's code ended in the previous pass: where the next
 * instruction's began, or its function's epilogue.
 */
static u32 kbpf_jit_prev_end(const struct kbpf_jit_ctx *c, u32 i)
{
	if (i + 1 == c->len || kbpf_jit_next_sub(c, i + 1))
		return c->addrs[kbpf_jit_epi(c, c->cur)];
	return c->addrs[i + 1];
}

/*
 * The distance of the jump that ends instruction @i to @target, both as
 * the previous pass laid them out (jit.c: why).
 */
static s64 kbpf_jit_distance(const struct kbpf_jit_ctx *c, u32 i, u32 target)
{
	return (s64)target - kbpf_jit_prev_end(c, i);
}

static bool kbpf_jit_rel8(s64 distance)
{
	return distance >= S8_MIN && distance <= S8_MAX;
}

static void kbpf_jit_nops(struct kbpf_jit_emit *e, u32 n)
{
	while (n--)
		kbpf_emit_u8(e, 0x90);
}

/*
 * When padding, the NOPs that bring instruction @i's code to its length
 * in the previous pass, emitted before the @len bytes of the jump that
 * ends it, so the jump still ends it. None if it would not fit: the
 * check after the instruction refuses the pass.
 */
static void kbpf_jit_pad_jump(struct kbpf_jit_ctx *c, u32 i, u32 len)
{
	u32 end = kbpf_jit_prev_end(c, i);

	if (c->pad && c->e.len + len < end)
		kbpf_jit_nops(&c->e, end - c->e.len - len);
}

/*
 * The jmp that ends instruction @i, or nothing when the previous pass
 * found its target right after it.
 */
static void kbpf_jit_goto(struct kbpf_jit_ctx *c, u32 i, u32 target)
{
	s64 d = kbpf_jit_distance(c, i, target);
	bool rel8 = kbpf_jit_rel8(d);

	if (!d)
		return;
	kbpf_jit_pad_jump(c, i, rel8 ? KBPF_X86_JMP_SHORT : KBPF_X86_JMP_NEAR);
	kbpf_emit_jmp_as(&c->e, target, rel8);
}

/* A bpf-to-bpf call: subprog.c made the target a function's start. */
static int kbpf_jit_call_sub(struct kbpf_jit_ctx *c, u32 i)
{
	s64 t = (s64)i + 1 + c->insns[i].imm;
	u32 sub;

	if (t < 0 || t >= c->len)
		return -EOPNOTSUPP;
	sub = kbpf_jit_subprog_of(c->subs, t);
	if (c->subs->start[sub] != t)
		return -EOPNOTSUPP;
	kbpf_emit_call_to(&c->e, c->addrs[kbpf_jit_entry(c, sub)]);
	return 0;
}

static int kbpf_jit_call(struct kbpf_jit_ctx *c, u32 i)
{
	const struct kbpf_insn *insn = &c->insns[i];
	u32 id = insn->imm;

	if (KBPF_SRC(insn->code) != KBPF_K)
		return -EOPNOTSUPP;
	if (insn->src_reg == KBPF_PSEUDO_CALL)
		return kbpf_jit_call_sub(c, i);
	/* kfuncs: interpreted */
	if (insn->src_reg)
		return -EOPNOTSUPP;
	if (id == KBPF_FUNC_tail_call)
		return kbpf_jit_tail_call(c);
	if (id >= c->helper_cnt || !c->helpers[id])
		return -EOPNOTSUPP;
	if (kbpf_jit_inline_helper(&c->e, id, c->helpers[id]))
		return 0;
	/* r1-r5 are already the argument registers, r0 is rax */
	if (!kbpf_emit_rel32(&c->e, 0xe8, c->base, c->helpers[id]))
		return -ERANGE;
	return 0;
}

static int kbpf_jit_jmp(struct kbpf_jit_ctx *c, u32 i)
{
	const struct kbpf_insn *insn = &c->insns[i];
	struct kbpf_jit_emit *e = &c->e;
	bool w = KBPF_CLASS(insn->code) == KBPF_JMP;
	u8 op = KBPF_OP(insn->code), dst, src;
	u32 target;
	bool rel8;
	int cc;

	switch (op) {
	case KBPF_JA:
		if (KBPF_SRC(insn->code) != KBPF_K ||
		    !kbpf_jit_target(c, i, w ? insn->off : insn->imm, &target))
			return -EOPNOTSUPP;
		kbpf_jit_goto(c, i, target);
		return 0;
	case KBPF_CALL:
		return w ? kbpf_jit_call(c, i) : -EOPNOTSUPP;
	case KBPF_EXIT:
		if (!w || KBPF_SRC(insn->code) != KBPF_K)
			return -EOPNOTSUPP;
		kbpf_jit_goto(c, i, c->addrs[kbpf_jit_epi(c, c->cur)]);
		return 0;
	}
	cc = kbpf_jit_cond(op);
	if (cc < 0 || !kbpf_jit_operands(insn, false, &dst, &src) ||
	    !kbpf_jit_target(c, i, insn->off, &target))
		return -EOPNOTSUPP;
	if (KBPF_SRC(insn->code) == KBPF_X)
		kbpf_emit_alu_rr(e, op == KBPF_JSET ? KBPF_X86_OP_TEST :
				 KBPF_X86_OP_CMP, w, dst, src);
	else if (op == KBPF_JSET)
		kbpf_emit_test_ri(e, w, dst, insn->imm);
	else if (!insn->imm)
		/* the flags of cmp dst, 0, CF and OF clear, in fewer bytes */
		kbpf_emit_alu_rr(e, KBPF_X86_OP_TEST, w, dst, dst);
	else
		kbpf_emit_alu_ri(e, KBPF_X86_CMP, w, dst, insn->imm);
	rel8 = kbpf_jit_rel8(kbpf_jit_distance(c, i, target));
	kbpf_jit_pad_jump(c, i, rel8 ? KBPF_X86_JCC_SHORT : KBPF_X86_JCC_NEAR);
	kbpf_emit_jcc_as(e, cc, target, rel8);
	return 0;
}

static int kbpf_jit_ldx(struct kbpf_jit_ctx *c, const struct kbpf_insn *insn)
{
	u8 bits = kbpf_jit_size_bits(insn->code), dst, src;

	if (!kbpf_jit_operands(insn, true, &dst, &src) ||
	    !kbpf_jit_fp_access_ok(c, insn->src_reg, insn->off, bits))
		return -EOPNOTSUPP;
	if (KBPF_MODE(insn->code) == KBPF_MEM) {
		kbpf_emit_load(&c->e, bits, dst, src, insn->off);
		return 0;
	}
	if (KBPF_MODE(insn->code) == KBPF_MEMSX && bits != 64) {
		kbpf_emit_load_sx(&c->e, bits, dst, src, insn->off);
		return 0;
	}
	return -EOPNOTSUPP;
}

static int kbpf_jit_st(struct kbpf_jit_ctx *c, const struct kbpf_insn *insn)
{
	static const u8 lfence[] = { 0x0f, 0xae, 0xe8 };
	u8 bits = kbpf_jit_size_bits(insn->code), dst, src;

	if (insn->code == KBPF_JIT_NOSPEC) {
		kbpf_emit_bytes(&c->e, lfence, sizeof(lfence));
		return 0;
	}
	if (KBPF_MODE(insn->code) != KBPF_MEM ||
	    !kbpf_jit_operands(insn, false, &dst, &src) ||
	    !kbpf_jit_fp_access_ok(c, insn->dst_reg, insn->off, bits))
		return -EOPNOTSUPP;
	kbpf_emit_store_imm(&c->e, bits, dst, insn->off, insn->imm);
	return 0;
}

/*
 * and/or/xor with FETCH: x86 has no fetching form, so a cmpxchg loop
 * with rax as the expected value. r0 (rax) is kept in r9 meanwhile, and
 * read from there where it is the address or the operand.
 */
static void kbpf_jit_fetch_loop(struct kbpf_jit_emit *e, u8 opcode, bool w,
				u8 dst, s16 off, u8 src)
{
	u8 base = dst == KBPF_X86_RAX ? KBPF_JIT_TMP2 : dst;
	u8 val = src == KBPF_X86_RAX ? KBPF_JIT_TMP2 : src;
	u32 loop;

	kbpf_emit_mov_rr(e, true, KBPF_JIT_TMP2, KBPF_X86_RAX);
	kbpf_emit_load(e, w ? 64 : 32, KBPF_X86_RAX, base, off);
	loop = e->len;
	kbpf_emit_mov_rr(e, true, KBPF_JIT_TMP, KBPF_X86_RAX);
	kbpf_emit_alu_rr(e, opcode, w, KBPF_JIT_TMP, val);
	kbpf_emit_mem_rr(e, true, true, 0xb1, w, base, off, KBPF_JIT_TMP);
	kbpf_emit_jcc(e, KBPF_X86_CC_NE, loop);
	/* src = the old value; r0 back unless src is r0 */
	kbpf_emit_mov_rr(e, w, src, KBPF_X86_RAX);
	if (src != KBPF_X86_RAX)
		kbpf_emit_mov_rr(e, true, KBPF_X86_RAX, KBPF_JIT_TMP2);
}

static int kbpf_jit_atomic(struct kbpf_jit_ctx *c, const struct kbpf_insn *insn,
			   u8 dst, u8 src)
{
	struct kbpf_jit_emit *e = &c->e;
	bool w = KBPF_SIZE(insn->code) == KBPF_DW;
	bool fetch = insn->imm & KBPF_FETCH;
	u8 opcode, digit;

	if (!w && KBPF_SIZE(insn->code) != KBPF_W)
		return -EOPNOTSUPP;
	/* Every form with FETCH writes src; r10 must stay the frame. */
	if (fetch && insn->src_reg == KBPF_JIT_FP)
		return -EOPNOTSUPP;
	switch (insn->imm) {
	case KBPF_XCHG:
		kbpf_emit_mem_rr(e, false, false, KBPF_X86_OP_XCHG, w, dst,
				 insn->off, src);
		return 0;
	case KBPF_CMPXCHG:
		kbpf_emit_mem_rr(e, true, true, 0xb1, w, dst, insn->off, src);
		/* a 32-bit cmpxchg that succeeds leaves rax's upper half */
		if (!w)
			kbpf_emit_mov_rr(e, false, KBPF_X86_RAX, KBPF_X86_RAX);
		return 0;
	case KBPF_ADD | KBPF_FETCH:
		kbpf_emit_mem_rr(e, true, true, 0xc1, w, dst, insn->off, src);
		return 0;
	}
	if (!kbpf_jit_binop(insn->imm & ~KBPF_FETCH, &opcode, &digit) ||
	    (insn->imm & ~KBPF_FETCH) == KBPF_SUB)
		return -EOPNOTSUPP;
	if (fetch)
		kbpf_jit_fetch_loop(e, opcode, w, dst, insn->off, src);
	else
		kbpf_emit_mem_rr(e, true, false, opcode, w, dst, insn->off, src);
	return 0;
}

static int kbpf_jit_stx(struct kbpf_jit_ctx *c, const struct kbpf_insn *insn)
{
	u8 bits = kbpf_jit_size_bits(insn->code), dst, src;

	if (!kbpf_jit_operands(insn, false, &dst, &src) ||
	    !kbpf_jit_fp_access_ok(c, insn->dst_reg, insn->off, bits))
		return -EOPNOTSUPP;
	if (KBPF_MODE(insn->code) == KBPF_MEM) {
		kbpf_emit_store(&c->e, bits, dst, insn->off, src);
		return 0;
	}
	if (KBPF_MODE(insn->code) == KBPF_ATOMIC)
		return kbpf_jit_atomic(c, insn, dst, src);
	return -EOPNOTSUPP;
}

/*
 * A callback load: the callback's entry in the image, where the
 * interpreter has the address of its first instruction. subprog.c made
 * the target a function's start.
 */
static int kbpf_jit_ld_func(struct kbpf_jit_ctx *c, u32 i, u8 dst)
{
	s64 t = kbpf_jit_func_target(c->insns, c->len, i);
	u32 sub;

	if (t <= 0)
		return -EOPNOTSUPP;
	sub = kbpf_jit_subprog_of(c->subs, t);
	if (c->subs->start[sub] != t)
		return -EOPNOTSUPP;
	kbpf_emit_lea_to(&c->e, dst, c->addrs[kbpf_jit_entry(c, sub)]);
	return 0;
}

/* ld_imm64: the loader put the final value (a map's address too) in imm. */
static int kbpf_jit_ld(struct kbpf_jit_ctx *c, u32 i)
{
	const struct kbpf_insn *insn = &c->insns[i];
	u8 dst, src;
	u64 v;

	if (insn->code != (KBPF_LD | KBPF_IMM | KBPF_DW) || i + 1 >= c->len ||
	    !kbpf_jit_operands(insn, true, &dst, &src))
		return -EOPNOTSUPP;
	if (insn->src_reg == KBPF_PSEUDO_FUNC)
		return kbpf_jit_ld_func(c, i, dst);
	v = (u64)(u32)insn[0].imm | (u64)(u32)insn[1].imm << 32;
	kbpf_emit_mov_imm64(&c->e, dst, v);
	return 0;
}

/* Instruction @i; 1, or 2 for ld_imm64, or a negative errno. */
static int kbpf_jit_insn(struct kbpf_jit_ctx *c, u32 i)
{
	const struct kbpf_insn *insn = &c->insns[i];
	int err = -EOPNOTSUPP;

	switch (KBPF_CLASS(insn->code)) {
	case KBPF_ALU:
	case KBPF_ALU64:
		err = kbpf_jit_alu(c, insn);
		break;
	case KBPF_JMP:
	case KBPF_JMP32:
		err = kbpf_jit_jmp(c, i);
		break;
	case KBPF_LDX:
		err = kbpf_jit_ldx(c, insn);
		break;
	case KBPF_ST:
		err = kbpf_jit_st(c, insn);
		break;
	case KBPF_STX:
		err = kbpf_jit_stx(c, insn);
		break;
	case KBPF_LD:
		err = kbpf_jit_ld(c, i);
		return err ? err : 2;
	}
	return err ? err : 1;
}

/*
 * The stack of the function starting at @start: its entry in the frame
 * table (sorted by start, as the verifier builds it), or @c->stack
 * without one; -1 for a function the table lacks or sizes oddly.
 */
static s32 kbpf_jit_frame_size(const struct kbpf_jit_ctx *c, u32 start)
{
	u32 lo = 0, hi = c->frame_cnt, mid;

	if (!c->frames)
		return c->stack;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->frames[mid].start == start) {
			if (c->frames[mid].size > KBPF_STACK_SIZE ||
			    c->frames[mid].size % 8)
				return -1;
			return c->frames[mid].size;
		}
		if (c->frames[mid].start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * What the current function needs of its frame: the stack only if it
 * names r10 (its stack is reachable only through r10; a pointer it gets
 * in r1-r5 is a caller's), and of r6-r9 only those it names.
 */
static int kbpf_jit_frame_of(struct kbpf_jit_ctx *c)
{
	const struct kbpf_jit_subprogs *s = c->subs;
	s32 size = kbpf_jit_frame_size(c, s->start[c->cur]);

	if (size < 0)
		return -EOPNOTSUPP;
	c->fstack = 0;
	c->fsaved = s->named[c->cur];
	if (c->fsaved & BIT(KBPF_JIT_FP))
		c->fstack = size;
	return 0;
}

/*
 * The frame of a function. The program's entry (@main) and callbacks
 * start with endbr64, since C calls them through a pointer; the entry
 * also gets r2-r5 cleared, and holds the tail-call entry, which joins it
 * once the stack is set up (tail_call.c).
 */
static int kbpf_jit_prologue(struct kbpf_jit_ctx *c, bool main)
{
	struct kbpf_jit_emit *e = &c->e;
	u32 i, skip;
	s32 off;
	int err;

	err = kbpf_jit_frame_of(c);
	if (err)
		return err;
	if (main || test_bit(c->cur, c->subs->cb))
		kbpf_emit_endbr64(e);
	kbpf_emit_push(e, KBPF_X86_RBP);
	kbpf_emit_mov_rr(e, true, KBPF_X86_RBP, KBPF_X86_RSP);
	if (c->fstack)
		kbpf_emit_alu_ri(e, KBPF_X86_SUB, true, KBPF_X86_RSP, c->fstack);
	/*
	 * The program's r0 starts at 0 as in the interpreter, and the stack
	 * is cleared with it as the interpreter clears its frame. A called
	 * function or a callback gets r0 unreadable (the verifier's
	 * NOT_INIT at every function's entry), so one without a stack to
	 * clear leaves it as the caller had it: one instruction less per
	 * bpf-to-bpf call, as Linux's JIT.
	 */
	if (main || c->fstack)
		kbpf_emit_alu_rr(e, KBPF_X86_OP_XOR, false, KBPF_X86_RAX,
				 KBPF_X86_RAX);
	for (off = -8; off >= -(s32)c->fstack; off -= 8)
		kbpf_emit_store(e, 64, KBPF_X86_RBP, off, KBPF_X86_RAX);
	if (main) {
		skip = kbpf_emit_jmp8_fwd(e);
		kbpf_jit_tail_entry(c);
		if (!kbpf_emit_fix8(e, skip))
			return -E2BIG;
	}
	for (i = 0; i < ARRAY_SIZE(kbpf_jit_saved); i++)
		if (c->fsaved & BIT(6 + i))
			kbpf_emit_push(e, kbpf_jit_saved[i]);
	/*
	 * r2-r5 start at 0 as in the interpreter (r1-r5 of a called
	 * function are its arguments): a helper that ignores an argument
	 * still gets it, and the caller's values there (kernel pointers
	 * among them) are no business of the program.
	 */
	for (i = 2; main && i <= 5; i++)
		kbpf_emit_alu_rr(e, KBPF_X86_OP_XOR, false, kbpf_jit_reg[i],
				 kbpf_jit_reg[i]);
	/*
	 * So do the r6-r9 the program names, at its entry and after a tail
	 * call (whose entry joins above) alike: the verifier never lets the
	 * program read them unwritten, but an inlined bpf_loop() saves r6-r8
	 * on the stack, where a tail-call target may read them back; the
	 * interpreter starts them at 0 in both cases, and the caller's
	 * values are kernel data.
	 */
	for (i = 0; main && i < ARRAY_SIZE(kbpf_jit_saved); i++)
		if (c->fsaved & BIT(6 + i))
			kbpf_emit_alu_rr(e, KBPF_X86_OP_XOR, false,
					 kbpf_jit_reg[6 + i],
					 kbpf_jit_reg[6 + i]);
	return 0;
}

/*
 * Return as the module loader made kbpf_jit_return() return: its "ret;
 * int3" copied, or a jmp to the same return thunk, or else (a form not
 * recognised) a jmp to the stub itself. The stub is patched once, at
 * load, so every pass emits the same.
 */
static int kbpf_jit_ret(struct kbpf_jit_ctx *c)
{
	static const u8 ret[] = { RET_INSN_OPCODE, INT3_INSN_OPCODE };
	const u8 *p = (const u8 *)kbpf_jit_return;
	const void *target = kbpf_jit_return;
	s32 disp;

	/* Not "kbpf_jit_return + 4" to objtool: that is no ENDBR target. */
	OPTIMIZER_HIDE_VAR(p);
	if (!memcmp(p, kbpf_x86_endbr64, KBPF_X86_ENDBR64_LEN))
		p += KBPF_X86_ENDBR64_LEN;
	if (p[0] == RET_INSN_OPCODE) {
		kbpf_emit_bytes(&c->e, ret, sizeof(ret));
		return 0;
	}
	if (p[0] == JMP32_INSN_OPCODE) {
		memcpy(&disp, p + 1, sizeof(disp));
		target = p + JMP32_INSN_SIZE + disp;
	}
	if (!kbpf_emit_rel32(&c->e, JMP32_INSN_OPCODE, c->base, target))
		return -ERANGE;
	return 0;
}

void kbpf_jit_restore_saved(struct kbpf_jit_ctx *c)
{
	int i;

	for (i = ARRAY_SIZE(kbpf_jit_saved) - 1; i >= 0; i--)
		if (c->fsaved & BIT(6 + i))
			kbpf_emit_pop(&c->e, kbpf_jit_saved[i]);
}

static int kbpf_jit_epilogue(struct kbpf_jit_ctx *c)
{
	kbpf_jit_restore_saved(c);
	kbpf_emit_u8(&c->e, 0xc9);	/* leave: rsp = rbp, pop rbp */
	return kbpf_jit_ret(c);
}

/*
 * When padding: instruction @i (@n slots), emitted from @start, brought
 * to its length in the previous pass with NOPs after it. @n, or -E2BIG
 * when it does not start where it did or came out longer (jit.c says
 * why neither happens).
 */
static int kbpf_jit_pad(struct kbpf_jit_ctx *c, u32 i, u32 n, u32 start)
{
	u32 end = kbpf_jit_prev_end(c, i + n - 1);

	if (start != c->addrs[i] || c->e.len > end)
		return -E2BIG;
	kbpf_jit_nops(&c->e, end - c->e.len);
	return n;
}

int kbpf_jit_translate(struct kbpf_jit_ctx *c, u32 *new_addrs)
{
	u32 i = 0;
	int n;

	c->e.len = 0;
	c->e.overflow = false;
	c->e.unsettled = false;
	c->cur = 0;
	new_addrs[kbpf_jit_entry(c, 0)] = 0;
	n = kbpf_jit_prologue(c, true);
	if (n)
		return n;
	while (i < c->len) {
		if (kbpf_jit_next_sub(c, i)) {
			new_addrs[kbpf_jit_epi(c, c->cur)] = c->e.len;
			n = kbpf_jit_epilogue(c);
			if (n)
				return n;
			c->cur++;
			new_addrs[kbpf_jit_entry(c, c->cur)] = c->e.len;
			n = kbpf_jit_prologue(c, false);
			if (n)
				return n;
		}
		new_addrs[i] = c->e.len;
		n = kbpf_jit_insn(c, i);
		/* no function starts in the middle of an ld_imm64 */
		if (n == 2 && kbpf_jit_next_sub(c, i + 1))
			n = -EOPNOTSUPP;
		if (n > 0 && c->pad)
			n = kbpf_jit_pad(c, i, n, new_addrs[i]);
		if (n < 0) {
			c->refused = i;
			return n;
		}
		/* the second half of ld_imm64 has no code of its own */
		if (n == 2)
			new_addrs[i + 1] = c->e.len;
		i += n;
	}
	new_addrs[c->len] = c->e.len;
	new_addrs[kbpf_jit_epi(c, c->cur)] = c->e.len;
	n = kbpf_jit_epilogue(c);
	if (n)
		return n;
	return c->e.overflow ? -E2BIG : 0;
}
