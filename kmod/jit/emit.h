/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An x86-64 instruction encoder for the JIT: the few forms it emits,
 * each a function that appends its bytes to a buffer. Registers are x86
 * numbers (KBPF_X86_*, 0-15); REX prefixes, ModRM and SIB bytes are
 * chosen here, so callers never spell an encoding.
 *
 * A buffer that runs out of room stops growing and remembers it
 * (@overflow); the caller checks once at the end.
 */
#ifndef _KBPF_JIT_EMIT_H
#define _KBPF_JIT_EMIT_H

#include <linux/compiler.h>
#include <linux/types.h>

enum {
	KBPF_X86_RAX, KBPF_X86_RCX, KBPF_X86_RDX, KBPF_X86_RBX,
	KBPF_X86_RSP, KBPF_X86_RBP, KBPF_X86_RSI, KBPF_X86_RDI,
	KBPF_X86_R8, KBPF_X86_R9, KBPF_X86_R10, KBPF_X86_R11,
	KBPF_X86_R12, KBPF_X86_R13, KBPF_X86_R14, KBPF_X86_R15,
};

/* The /digit of the group-1 immediate forms (0x81, 0x83). */
enum {
	KBPF_X86_ADD = 0, KBPF_X86_OR = 1, KBPF_X86_AND = 4,
	KBPF_X86_SUB = 5, KBPF_X86_XOR = 6, KBPF_X86_CMP = 7,
};

/* Opcodes of "op r/m, reg" for the same operations, and others. */
#define KBPF_X86_OP_ADD		0x01
#define KBPF_X86_OP_OR		0x09
#define KBPF_X86_OP_AND		0x21
#define KBPF_X86_OP_SUB		0x29
#define KBPF_X86_OP_XOR		0x31
#define KBPF_X86_OP_CMP		0x39
#define KBPF_X86_OP_TEST	0x85
#define KBPF_X86_OP_XCHG	0x87
#define KBPF_X86_OP_MOV		0x89

/* The /digit of the shift group (0xc1, 0xd3). */
enum {
	KBPF_X86_ROR = 1, KBPF_X86_SHL = 4, KBPF_X86_SHR = 5, KBPF_X86_SAR = 7,
};

/* Condition codes, the low nibble of jcc. */
enum {
	KBPF_X86_CC_B = 0x2, KBPF_X86_CC_AE = 0x3, KBPF_X86_CC_E = 0x4,
	KBPF_X86_CC_NE = 0x5, KBPF_X86_CC_BE = 0x6, KBPF_X86_CC_A = 0x7,
	KBPF_X86_CC_L = 0xc, KBPF_X86_CC_GE = 0xd, KBPF_X86_CC_LE = 0xe,
	KBPF_X86_CC_G = 0xf,
};

/* Longest encodings, for a caller that reserves room for a fixup. */
#define KBPF_X86_JCC_SHORT	2
#define KBPF_X86_JCC_NEAR	6
#define KBPF_X86_JMP_SHORT	2
#define KBPF_X86_JMP_NEAR	5

struct kbpf_jit_emit {
	u8 *buf;	/* room for @cap bytes */
	u32 cap;
	u32 len;	/* bytes emitted: the offset of the next one */
	bool overflow;	/* some bytes did not fit and were dropped */
	/*
	 * A rel8 was emitted for a target it does not reach: a pass sized
	 * the jump by the previous pass's layout (translate.c), and this
	 * one's is not final. A final image never has it set.
	 */
	bool unsettled;
};

void kbpf_emit_bytes(struct kbpf_jit_emit *e, const u8 *bytes, u32 n);
void kbpf_emit_u32(struct kbpf_jit_emit *e, u32 v);

/* Inline: every pass emits each byte through here. */
static inline void kbpf_emit_u8(struct kbpf_jit_emit *e, u8 b)
{
	if (likely(e->len < e->cap)) {
		e->buf[e->len++] = b;
		return;
	}
	e->overflow = true;
}

/* "op r/m, reg" register forms: @w 64-bit, else 32-bit. */
void kbpf_emit_alu_rr(struct kbpf_jit_emit *e, u8 op, bool w, u8 dst,
		      u8 src);
/* Group-1 @digit of @dst with a sign-extended immediate. */
void kbpf_emit_alu_ri(struct kbpf_jit_emit *e, u8 digit, bool w, u8 dst,
		      s32 imm);
/* test @dst, imm32 (sign-extended when @w). */
void kbpf_emit_test_ri(struct kbpf_jit_emit *e, bool w, u8 dst, s32 imm);
void kbpf_emit_mov_rr(struct kbpf_jit_emit *e, bool w, u8 dst, u8 src);
/* @dst = @v, in the shortest form. */
void kbpf_emit_mov_imm64(struct kbpf_jit_emit *e, u8 dst, u64 v);
/* @dst = (u64)(s64)@imm (@w) or (u32)@imm. */
void kbpf_emit_mov_imm(struct kbpf_jit_emit *e, bool w, u8 dst, s32 imm);
/* imul @dst, @src / imul @dst, @dst, @imm. */
void kbpf_emit_imul_rr(struct kbpf_jit_emit *e, bool w, u8 dst, u8 src);
void kbpf_emit_imul_ri(struct kbpf_jit_emit *e, bool w, u8 dst, s32 imm);
/* Group 3 (0xf7) @digit on @rm: 2 not, 3 neg, 6 div, 7 idiv. */
void kbpf_emit_grp3(struct kbpf_jit_emit *e, u8 digit, bool w, u8 rm);
/* Shifts by an immediate count or by cl. */
void kbpf_emit_shift_ri(struct kbpf_jit_emit *e, u8 digit, bool w, u8 dst,
			u8 count);
void kbpf_emit_shift_cl(struct kbpf_jit_emit *e, u8 digit, bool w, u8 dst);
/* movzx/movsx from the low 8 or 16 bits, movsxd from 32 (@bits). */
void kbpf_emit_movzx_rr(struct kbpf_jit_emit *e, u8 bits, u8 dst, u8 src);
void kbpf_emit_movsx_rr(struct kbpf_jit_emit *e, bool w, u8 bits, u8 dst,
			u8 src);
void kbpf_emit_bswap(struct kbpf_jit_emit *e, bool w, u8 reg);
/* ror @reg16, 8: swaps the two low bytes. */
void kbpf_emit_ror16_8(struct kbpf_jit_emit *e, u8 reg);
/* cqo (@w) or cdq: rdx:rax = sign-extended rax. */
void kbpf_emit_sign_extend_ax(struct kbpf_jit_emit *e, bool w);

/*
 * Memory operands [@base + @off]. Loads zero-extend (@bits 8, 16, 32,
 * 64) or sign-extend (@bits 8, 16, 32) into the 64-bit @dst.
 */
void kbpf_emit_load(struct kbpf_jit_emit *e, u8 bits, u8 dst, u8 base,
		    s16 off);
void kbpf_emit_load_sx(struct kbpf_jit_emit *e, u8 bits, u8 dst, u8 base,
		       s16 off);
void kbpf_emit_store(struct kbpf_jit_emit *e, u8 bits, u8 base, s32 off,
		     u8 src);
void kbpf_emit_store_imm(struct kbpf_jit_emit *e, u8 bits, u8 base, s32 off,
			 s32 imm);
/*
 * [lock] @op [@base + @off], @src with @op an "op r/m, reg" opcode, or
 * a two-byte 0x0f @op (xadd 0xc1, cmpxchg 0xb1) when @twobyte.
 */
void kbpf_emit_mem_rr(struct kbpf_jit_emit *e, bool lock, bool twobyte,
		      u8 op, bool w, u8 base, s16 off, u8 src);

/*
 * Jumps to the image offset @target, short when it reaches; the caller
 * emits at the offset it computed the size for.
 */
void kbpf_emit_jcc(struct kbpf_jit_emit *e, u8 cc, u32 target);
void kbpf_emit_jmp(struct kbpf_jit_emit *e, u32 target);
/* The same with the size chosen by the caller: rel8 if @rel8, else rel32. */
void kbpf_emit_jcc_as(struct kbpf_jit_emit *e, u8 cc, u32 target, bool rel8);
void kbpf_emit_jmp_as(struct kbpf_jit_emit *e, u32 target, bool rel8);
/* jcc/jmp rel8 whose displacement is filled in later, at the byte returned. */
u32 kbpf_emit_jcc8_fwd(struct kbpf_jit_emit *e, u8 cc);
u32 kbpf_emit_jmp8_fwd(struct kbpf_jit_emit *e);
/* Points the rel8 at @at to the current end; false if out of reach. */
bool kbpf_emit_fix8(struct kbpf_jit_emit *e, u32 at);
/*
 * call/jmp rel32 (@op 0xe8/0xe9) to @target from an image whose first
 * byte will be at @base. False, and nothing emitted, when out of reach.
 */
bool kbpf_emit_rel32(struct kbpf_jit_emit *e, u8 op, const u8 *base,
		     const void *target);

/* call rel32 to the image offset @target (always 5 bytes). */
void kbpf_emit_call_to(struct kbpf_jit_emit *e, u32 target);

void kbpf_emit_push(struct kbpf_jit_emit *e, u8 reg);
void kbpf_emit_pop(struct kbpf_jit_emit *e, u8 reg);

/* endbr64: where an indirect call or jump may land (IBT). */
#define KBPF_X86_ENDBR64_LEN	4
extern const u8 kbpf_x86_endbr64[KBPF_X86_ENDBR64_LEN];
void kbpf_emit_endbr64(struct kbpf_jit_emit *e);

/* lea @dst, [@base + @off] (64-bit): one write of @dst, rsp included. */
void kbpf_emit_lea(struct kbpf_jit_emit *e, u8 dst, u8 base, s32 off);
/* lea @dst, [rip + disp32] aimed at the image offset @target (7 bytes). */
void kbpf_emit_lea_to(struct kbpf_jit_emit *e, u8 dst, u32 target);
/*
 * jmp *%rax the way the kernel's own code jumps indirectly: through its
 * retpoline thunk for rax where the kernel has one (jmp rel32 from an
 * image whose first byte will be at @base; false, nothing emitted, when
 * it does not reach), else the plain form.
 */
bool kbpf_emit_jmp_rax(struct kbpf_jit_emit *e, const u8 *base);

#endif /* _KBPF_JIT_EMIT_H */
