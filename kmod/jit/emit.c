// SPDX-License-Identifier: GPL-2.0
/*
 * The x86-64 encoder (emit.h). Every memory operand is [base + disp8]
 * or [base + disp32], never the no-displacement form, so rbp and r13 as
 * a base need nothing special; rsp and r12 as a base take a SIB byte.
 * Byte-sized register operands 4-7 get a REX prefix, which makes them
 * spl/bpl/sil/dil rather than ah/ch/dh/bh.
 */

#include <linux/compiler.h>
#include <linux/string.h>
#include <asm/nospec-branch.h>

#include "../compat.h"
#include "emit.h"

#define KBPF_X86_REX	0x40
#define KBPF_X86_REX_W	0x08
#define KBPF_X86_REX_R	0x04
#define KBPF_X86_REX_B	0x01

void kbpf_emit_bytes(struct kbpf_jit_emit *e, const u8 *bytes, u32 n)
{
	if (e->overflow || n > e->cap - e->len) {
		e->overflow = true;
		return;
	}
	memcpy(e->buf + e->len, bytes, n);
	e->len += n;
}

/* Little-endian, as the CPU reads immediates and displacements. */
void kbpf_emit_u32(struct kbpf_jit_emit *e, u32 v)
{
	kbpf_emit_u8(e, v);
	kbpf_emit_u8(e, v >> 8);
	kbpf_emit_u8(e, v >> 16);
	kbpf_emit_u8(e, v >> 24);
}

static bool kbpf_is_s8(s64 v)
{
	return v == (s8)v;
}

/*
 * REX when needed: a 64-bit operand (@w), an extended register in the
 * ModRM reg (@reg) or rm/base (@rm) field, or @byte_reg, a byte operand
 * in register 4-7.
 */
static void kbpf_emit_rex(struct kbpf_jit_emit *e, bool w, u8 reg, u8 rm,
			  bool byte_reg)
{
	u8 rex = KBPF_X86_REX;

	if (w)
		rex |= KBPF_X86_REX_W;
	if (reg & 8)
		rex |= KBPF_X86_REX_R;
	if (rm & 8)
		rex |= KBPF_X86_REX_B;
	if (rex != KBPF_X86_REX || byte_reg)
		kbpf_emit_u8(e, rex);
}

static bool kbpf_byte_reg_needs_rex(u8 reg)
{
	return reg >= KBPF_X86_RSP && reg <= KBPF_X86_RDI;
}

static void kbpf_emit_modrm_reg(struct kbpf_jit_emit *e, u8 reg, u8 rm)
{
	kbpf_emit_u8(e, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

static void kbpf_emit_modrm_mem(struct kbpf_jit_emit *e, u8 reg, u8 base,
				s32 off)
{
	bool d8 = kbpf_is_s8(off);

	kbpf_emit_u8(e, (d8 ? 0x40 : 0x80) | (reg & 7) << 3 | (base & 7));
	/* rm 100 means "a SIB follows": base alone, no index. */
	if ((base & 7) == KBPF_X86_RSP)
		kbpf_emit_u8(e, 0x24);
	if (d8)
		kbpf_emit_u8(e, off);
	else
		kbpf_emit_u32(e, off);
}

void kbpf_emit_alu_rr(struct kbpf_jit_emit *e, u8 op, bool w, u8 dst, u8 src)
{
	kbpf_emit_rex(e, w, src, dst, false);
	kbpf_emit_u8(e, op);
	kbpf_emit_modrm_reg(e, src, dst);
}

void kbpf_emit_alu_ri(struct kbpf_jit_emit *e, u8 digit, bool w, u8 dst,
		      s32 imm)
{
	kbpf_emit_rex(e, w, 0, dst, false);
	if (kbpf_is_s8(imm)) {
		kbpf_emit_u8(e, 0x83);
		kbpf_emit_modrm_reg(e, digit, dst);
		kbpf_emit_u8(e, imm);
	} else {
		kbpf_emit_u8(e, 0x81);
		kbpf_emit_modrm_reg(e, digit, dst);
		kbpf_emit_u32(e, imm);
	}
}

void kbpf_emit_test_ri(struct kbpf_jit_emit *e, bool w, u8 dst, s32 imm)
{
	kbpf_emit_rex(e, w, 0, dst, false);
	kbpf_emit_u8(e, 0xf7);
	kbpf_emit_modrm_reg(e, 0, dst);
	kbpf_emit_u32(e, imm);
}

/* A 64-bit move to itself changes nothing; a 32-bit one zero-extends. */
void kbpf_emit_mov_rr(struct kbpf_jit_emit *e, bool w, u8 dst, u8 src)
{
	if (w && dst == src)
		return;
	kbpf_emit_alu_rr(e, KBPF_X86_OP_MOV, w, dst, src);
}

/* mov r32, imm32: writes the whole register, upper half zero. */
static void kbpf_emit_mov_imm32(struct kbpf_jit_emit *e, u8 dst, u32 imm)
{
	if (!imm) {
		/* xor r32, r32: shorter; clobbers flags, which nothing keeps */
		kbpf_emit_alu_rr(e, KBPF_X86_OP_XOR, false, dst, dst);
		return;
	}
	kbpf_emit_rex(e, false, 0, dst, false);
	kbpf_emit_u8(e, 0xb8 + (dst & 7));
	kbpf_emit_u32(e, imm);
}

void kbpf_emit_mov_imm(struct kbpf_jit_emit *e, bool w, u8 dst, s32 imm)
{
	if (!w || imm >= 0) {
		kbpf_emit_mov_imm32(e, dst, imm);
		return;
	}
	/* mov r/m64, imm32 sign-extends */
	kbpf_emit_rex(e, true, 0, dst, false);
	kbpf_emit_u8(e, 0xc7);
	kbpf_emit_modrm_reg(e, 0, dst);
	kbpf_emit_u32(e, imm);
}

void kbpf_emit_mov_imm64(struct kbpf_jit_emit *e, u8 dst, u64 v)
{
	if (v == (u32)v) {
		kbpf_emit_mov_imm32(e, dst, v);
	} else if ((s64)v == (s32)v) {
		kbpf_emit_mov_imm(e, true, dst, (s32)v);
	} else {
		/* movabs */
		kbpf_emit_rex(e, true, 0, dst, false);
		kbpf_emit_u8(e, 0xb8 + (dst & 7));
		kbpf_emit_u32(e, (u32)v);
		kbpf_emit_u32(e, v >> 32);
	}
}

void kbpf_emit_imul_rr(struct kbpf_jit_emit *e, bool w, u8 dst, u8 src)
{
	kbpf_emit_rex(e, w, dst, src, false);
	kbpf_emit_u8(e, 0x0f);
	kbpf_emit_u8(e, 0xaf);
	kbpf_emit_modrm_reg(e, dst, src);
}

void kbpf_emit_imul_ri(struct kbpf_jit_emit *e, bool w, u8 dst, s32 imm)
{
	kbpf_emit_rex(e, w, dst, dst, false);
	if (kbpf_is_s8(imm)) {
		kbpf_emit_u8(e, 0x6b);
		kbpf_emit_modrm_reg(e, dst, dst);
		kbpf_emit_u8(e, imm);
	} else {
		kbpf_emit_u8(e, 0x69);
		kbpf_emit_modrm_reg(e, dst, dst);
		kbpf_emit_u32(e, imm);
	}
}

void kbpf_emit_grp3(struct kbpf_jit_emit *e, u8 digit, bool w, u8 rm)
{
	kbpf_emit_rex(e, w, 0, rm, false);
	kbpf_emit_u8(e, 0xf7);
	kbpf_emit_modrm_reg(e, digit, rm);
}

void kbpf_emit_shift_ri(struct kbpf_jit_emit *e, u8 digit, bool w, u8 dst,
			u8 count)
{
	kbpf_emit_rex(e, w, 0, dst, false);
	if (count == 1) {
		kbpf_emit_u8(e, 0xd1);
		kbpf_emit_modrm_reg(e, digit, dst);
		return;
	}
	kbpf_emit_u8(e, 0xc1);
	kbpf_emit_modrm_reg(e, digit, dst);
	kbpf_emit_u8(e, count);
}

void kbpf_emit_shift_cl(struct kbpf_jit_emit *e, u8 digit, bool w, u8 dst)
{
	kbpf_emit_rex(e, w, 0, dst, false);
	kbpf_emit_u8(e, 0xd3);
	kbpf_emit_modrm_reg(e, digit, dst);
}

/* A 32-bit destination: the upper half of @dst becomes zero. */
void kbpf_emit_movzx_rr(struct kbpf_jit_emit *e, u8 bits, u8 dst, u8 src)
{
	kbpf_emit_rex(e, false, dst, src,
		      bits == 8 && kbpf_byte_reg_needs_rex(src));
	kbpf_emit_u8(e, 0x0f);
	kbpf_emit_u8(e, bits == 8 ? 0xb6 : 0xb7);
	kbpf_emit_modrm_reg(e, dst, src);
}

void kbpf_emit_movsx_rr(struct kbpf_jit_emit *e, bool w, u8 bits, u8 dst,
			u8 src)
{
	if (bits == 32) {
		/* movsxd r64, r/m32 */
		kbpf_emit_rex(e, true, dst, src, false);
		kbpf_emit_u8(e, 0x63);
		kbpf_emit_modrm_reg(e, dst, src);
		return;
	}
	kbpf_emit_rex(e, w, dst, src,
		      bits == 8 && kbpf_byte_reg_needs_rex(src));
	kbpf_emit_u8(e, 0x0f);
	kbpf_emit_u8(e, bits == 8 ? 0xbe : 0xbf);
	kbpf_emit_modrm_reg(e, dst, src);
}

void kbpf_emit_bswap(struct kbpf_jit_emit *e, bool w, u8 reg)
{
	kbpf_emit_rex(e, w, 0, reg, false);
	kbpf_emit_u8(e, 0x0f);
	kbpf_emit_u8(e, 0xc8 + (reg & 7));
}

void kbpf_emit_ror16_8(struct kbpf_jit_emit *e, u8 reg)
{
	/* operand-size prefix, before any REX */
	kbpf_emit_u8(e, 0x66);
	kbpf_emit_rex(e, false, 0, reg, false);
	kbpf_emit_u8(e, 0xc1);
	kbpf_emit_modrm_reg(e, KBPF_X86_ROR, reg);
	kbpf_emit_u8(e, 8);
}

void kbpf_emit_sign_extend_ax(struct kbpf_jit_emit *e, bool w)
{
	if (w)
		kbpf_emit_u8(e, KBPF_X86_REX | KBPF_X86_REX_W);
	kbpf_emit_u8(e, 0x99);
}

void kbpf_emit_load(struct kbpf_jit_emit *e, u8 bits, u8 dst, u8 base,
		    s16 off)
{
	kbpf_emit_rex(e, bits == 64, dst, base, false);
	if (bits <= 16) {
		kbpf_emit_u8(e, 0x0f);
		kbpf_emit_u8(e, bits == 8 ? 0xb6 : 0xb7);
	} else {
		kbpf_emit_u8(e, 0x8b);
	}
	kbpf_emit_modrm_mem(e, dst, base, off);
}

void kbpf_emit_load_sx(struct kbpf_jit_emit *e, u8 bits, u8 dst, u8 base,
		       s16 off)
{
	kbpf_emit_rex(e, true, dst, base, false);
	if (bits <= 16) {
		kbpf_emit_u8(e, 0x0f);
		kbpf_emit_u8(e, bits == 8 ? 0xbe : 0xbf);
	} else {
		kbpf_emit_u8(e, 0x63);
	}
	kbpf_emit_modrm_mem(e, dst, base, off);
}

void kbpf_emit_store(struct kbpf_jit_emit *e, u8 bits, u8 base, s32 off,
		     u8 src)
{
	if (bits == 16)
		kbpf_emit_u8(e, 0x66);
	kbpf_emit_rex(e, bits == 64, src, base,
		      bits == 8 && kbpf_byte_reg_needs_rex(src));
	kbpf_emit_u8(e, bits == 8 ? 0x88 : 0x89);
	kbpf_emit_modrm_mem(e, src, base, off);
}

void kbpf_emit_store_imm(struct kbpf_jit_emit *e, u8 bits, u8 base, s32 off,
			 s32 imm)
{
	if (bits == 16)
		kbpf_emit_u8(e, 0x66);
	kbpf_emit_rex(e, bits == 64, 0, base, false);
	kbpf_emit_u8(e, bits == 8 ? 0xc6 : 0xc7);
	kbpf_emit_modrm_mem(e, 0, base, off);
	if (bits == 8) {
		kbpf_emit_u8(e, imm);
	} else if (bits == 16) {
		kbpf_emit_u8(e, imm);
		kbpf_emit_u8(e, imm >> 8);
	} else {
		kbpf_emit_u32(e, imm);
	}
}

void kbpf_emit_mem_rr(struct kbpf_jit_emit *e, bool lock, bool twobyte,
		      u8 op, bool w, u8 base, s16 off, u8 src)
{
	if (lock)
		kbpf_emit_u8(e, 0xf0);
	kbpf_emit_rex(e, w, src, base, false);
	if (twobyte)
		kbpf_emit_u8(e, 0x0f);
	kbpf_emit_u8(e, op);
	kbpf_emit_modrm_mem(e, src, base, off);
}

void kbpf_emit_jcc_as(struct kbpf_jit_emit *e, u8 cc, u32 target, bool rel8)
{
	s64 rel;

	if (rel8) {
		rel = (s64)target - (e->len + KBPF_X86_JCC_SHORT);
		e->unsettled |= !kbpf_is_s8(rel);
		kbpf_emit_u8(e, 0x70 | cc);
		kbpf_emit_u8(e, rel);
		return;
	}
	rel = (s64)target - (e->len + KBPF_X86_JCC_NEAR);
	kbpf_emit_u8(e, 0x0f);
	kbpf_emit_u8(e, 0x80 | cc);
	kbpf_emit_u32(e, rel);
}

void kbpf_emit_jcc(struct kbpf_jit_emit *e, u8 cc, u32 target)
{
	s64 rel = (s64)target - (e->len + KBPF_X86_JCC_SHORT);

	kbpf_emit_jcc_as(e, cc, target, kbpf_is_s8(rel));
}

void kbpf_emit_jmp_as(struct kbpf_jit_emit *e, u32 target, bool rel8)
{
	s64 rel;

	if (rel8) {
		rel = (s64)target - (e->len + KBPF_X86_JMP_SHORT);
		e->unsettled |= !kbpf_is_s8(rel);
		kbpf_emit_u8(e, 0xeb);
		kbpf_emit_u8(e, rel);
		return;
	}
	rel = (s64)target - (e->len + KBPF_X86_JMP_NEAR);
	kbpf_emit_u8(e, 0xe9);
	kbpf_emit_u32(e, rel);
}

void kbpf_emit_jmp(struct kbpf_jit_emit *e, u32 target)
{
	s64 rel = (s64)target - (e->len + KBPF_X86_JMP_SHORT);

	kbpf_emit_jmp_as(e, target, kbpf_is_s8(rel));
}

u32 kbpf_emit_jcc8_fwd(struct kbpf_jit_emit *e, u8 cc)
{
	kbpf_emit_u8(e, 0x70 | cc);
	kbpf_emit_u8(e, 0);
	return e->len - 1;
}

u32 kbpf_emit_jmp8_fwd(struct kbpf_jit_emit *e)
{
	kbpf_emit_u8(e, 0xeb);
	kbpf_emit_u8(e, 0);
	return e->len - 1;
}

bool kbpf_emit_fix8(struct kbpf_jit_emit *e, u32 at)
{
	u32 rel = e->len - (at + 1);

	if (e->overflow)
		return true;	/* the caller sees the overflow */
	if (rel > S8_MAX)
		return false;
	e->buf[at] = rel;
	return true;
}

bool kbpf_emit_rel32(struct kbpf_jit_emit *e, u8 op, const u8 *base,
		     const void *target)
{
	s64 disp = 0;

	if (base) {
		/* Not folded into a relocation of @target (objtool). */
		OPTIMIZER_HIDE_VAR(target);
		disp = (s64)(unsigned long)target -
		       (s64)(unsigned long)(base + e->len + 5);
		if (disp != (s32)disp)
			return false;
	}
	kbpf_emit_u8(e, op);
	kbpf_emit_u32(e, (u32)disp);
	return true;
}

void kbpf_emit_call_to(struct kbpf_jit_emit *e, u32 target)
{
	kbpf_emit_u8(e, 0xe8);
	kbpf_emit_u32(e, (s64)target - (e->len + 4));
}

void kbpf_emit_push(struct kbpf_jit_emit *e, u8 reg)
{
	kbpf_emit_rex(e, false, 0, reg, false);
	kbpf_emit_u8(e, 0x50 + (reg & 7));
}

void kbpf_emit_pop(struct kbpf_jit_emit *e, u8 reg)
{
	kbpf_emit_rex(e, false, 0, reg, false);
	kbpf_emit_u8(e, 0x58 + (reg & 7));
}

const u8 kbpf_x86_endbr64[KBPF_X86_ENDBR64_LEN] = { 0xf3, 0x0f, 0x1e, 0xfa };

void kbpf_emit_endbr64(struct kbpf_jit_emit *e)
{
	kbpf_emit_bytes(e, kbpf_x86_endbr64, KBPF_X86_ENDBR64_LEN);
}

void kbpf_emit_lea(struct kbpf_jit_emit *e, u8 dst, u8 base, s32 off)
{
	kbpf_emit_rex(e, true, dst, base, false);
	kbpf_emit_u8(e, 0x8d);
	kbpf_emit_modrm_mem(e, dst, base, off);
}

void kbpf_emit_lea_to(struct kbpf_jit_emit *e, u8 dst, u32 target)
{
	kbpf_emit_rex(e, true, dst, 0, false);
	kbpf_emit_u8(e, 0x8d);
	/* mod 00, rm 101: [rip + disp32], rip the next instruction's */
	kbpf_emit_u8(e, (dst & 7) << 3 | 0x05);
	kbpf_emit_u32(e, (s64)target - (e->len + 4));
}

bool kbpf_emit_jmp_rax(struct kbpf_jit_emit *e, const u8 *base)
{
#if KBPF_HAVE_RETPOLINE
	return kbpf_emit_rel32(e, 0xe9, base, __x86_indirect_thunk_rax);
#else
	kbpf_emit_u8(e, 0xff);
	kbpf_emit_u8(e, 0xe0);
	return true;
#endif
}
