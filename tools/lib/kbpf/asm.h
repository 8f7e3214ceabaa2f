/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The instruction assembler of libkbpf: the initializers of
 * tools/include/kbpf/insn.h, the two-slot loads built on them (for
 * instruction arrays), and a small assembler whose jumps and bpf-to-bpf
 * calls name labels that kbpf_asm_done() turns into offsets.
 */
#ifndef KBPF_LIB_ASM_H
#define KBPF_LIB_ASM_H

#include <linux/types.h>

#include "../../include/kbpf/insn.h"

#ifdef __cplusplus
extern "C" {
#endif

/* dst = imm64: a two-slot initializer, for instruction arrays. */
#define KBPF_LD_IMM64(dst, imm) \
	KBPF_LD_IMM64_1(dst, 0, imm), KBPF_LD_IMM64_2(imm)
/* dst = the map behind @fd (MAP_FD) or behind fd_array[@idx] (MAP_IDX). */
#define KBPF_LD_MAP_FD(dst, fd) \
	KBPF_LD_IMM64_1(dst, KBPF_PSEUDO_MAP_FD, fd), KBPF_LD_IMM64_2(0)
#define KBPF_LD_MAP_IDX(dst, idx) \
	KBPF_LD_IMM64_1(dst, KBPF_PSEUDO_MAP_IDX, idx), KBPF_LD_IMM64_2(0)
/* dst = &value[@off] of element 0 of the single-element array @fd. */
#define KBPF_LD_MAP_VALUE(dst, fd, off)					\
	KBPF_LD_IMM64_1(dst, KBPF_PSEUDO_MAP_VALUE, fd),		\
	KBPF_RAW_INSN(0, 0, 0, 0, off)
#define KBPF_LD_MAP_IDX_VALUE(dst, idx, off)				\
	KBPF_LD_IMM64_1(dst, KBPF_PSEUDO_MAP_IDX_VALUE, idx),		\
	KBPF_RAW_INSN(0, 0, 0, 0, off)
/* dst = the callback at pc + @rel + 1 (pc: the first slot's index). */
#define KBPF_LD_FUNC(dst, rel) \
	KBPF_RAW_INSN(KBPF_LD | KBPF_DW | KBPF_IMM, dst, KBPF_PSEUDO_FUNC, 0, \
		      rel), KBPF_LD_IMM64_2(0)
/* r0 = imm; exit */
#define KBPF_RET_IMM(imm)	KBPF_MOV64_IMM(KBPF_REG_0, imm), KBPF_EXIT_INSN()

/* The assembler. */
#define KBPF_ASM_MAX_INSNS	8192
#define KBPF_ASM_MAX_LABELS	64

struct kbpf_asm {
	struct kbpf_insn insn[KBPF_ASM_MAX_INSNS];
	unsigned int n;
	int err;			/* the first error, sticky */
	int label[KBPF_ASM_MAX_LABELS];
	int target[KBPF_ASM_MAX_INSNS];	/* label of a jump/call, or -1 */
};

void kbpf_asm_init(struct kbpf_asm *a);
/* Append one instruction (-E2BIG in a->err past KBPF_ASM_MAX_INSNS). */
void kbpf_asm_ins(struct kbpf_asm *a, struct kbpf_insn insn);
/* Label @l is here (-EINVAL in a->err: out of range or defined twice). */
void kbpf_asm_label(struct kbpf_asm *a, int l);
/* if (dst op imm/src) goto l; goto l; call the subprogram at l */
void kbpf_asm_jmp_imm(struct kbpf_asm *a, int op, int dst, __s32 imm, int l);
void kbpf_asm_jmp_reg(struct kbpf_asm *a, int op, int dst, int src, int l);
void kbpf_asm_ja(struct kbpf_asm *a, int l);
void kbpf_asm_call_sub(struct kbpf_asm *a, int l);
/* dst = imm64; dst = the map behind @fd */
void kbpf_asm_ld64(struct kbpf_asm *a, int dst, __u64 imm);
void kbpf_asm_ld_map(struct kbpf_asm *a, int dst, int fd);
/*
 * Resolve the labels. 0, or the first error (errno set too): a->err, or
 * -ENOENT for a jump to a label never defined.
 */
int kbpf_asm_done(struct kbpf_asm *a);
/* kbpf_asm_ins() of an initializer: KBPF_ASM(a, KBPF_MOV64_IMM(0, 1)) */
#define KBPF_ASM(a, ...)	kbpf_asm_ins(a, (struct kbpf_insn)__VA_ARGS__)

#ifdef __cplusplus
}
#endif

#endif /* KBPF_LIB_ASM_H */
