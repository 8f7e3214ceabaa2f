// SPDX-License-Identifier: GPL-2.0
/*
 * The assembler of libkbpf (asm.h): jumps and bpf-to-bpf calls name
 * labels, kbpf_asm_done() turns them into offsets.
 */
#include <errno.h>

#include "asm.h"

void kbpf_asm_init(struct kbpf_asm *a)
{
	unsigned int i;

	a->n = 0;
	a->err = 0;
	for (i = 0; i < KBPF_ASM_MAX_LABELS; i++)
		a->label[i] = -1;
}

static void put(struct kbpf_asm *a, struct kbpf_insn insn, int l)
{
	if (a->n >= KBPF_ASM_MAX_INSNS) {
		if (!a->err)
			a->err = -E2BIG;
		return;
	}
	a->target[a->n] = l;
	a->insn[a->n++] = insn;
}

void kbpf_asm_ins(struct kbpf_asm *a, struct kbpf_insn insn)
{
	put(a, insn, -1);
}

void kbpf_asm_label(struct kbpf_asm *a, int l)
{
	if (l < 0 || l >= KBPF_ASM_MAX_LABELS || a->label[l] >= 0) {
		if (!a->err)
			a->err = -EINVAL;
		return;
	}
	a->label[l] = a->n;
}

void kbpf_asm_jmp_imm(struct kbpf_asm *a, int op, int dst, __s32 imm, int l)
{
	put(a, (struct kbpf_insn)KBPF_JMP_IMM(op, dst, imm, 0), l);
}

void kbpf_asm_jmp_reg(struct kbpf_asm *a, int op, int dst, int src, int l)
{
	put(a, (struct kbpf_insn)KBPF_JMP_REG(op, dst, src, 0), l);
}

void kbpf_asm_ja(struct kbpf_asm *a, int l)
{
	put(a, (struct kbpf_insn)KBPF_JMP_A(0), l);
}

void kbpf_asm_call_sub(struct kbpf_asm *a, int l)
{
	put(a, (struct kbpf_insn)KBPF_CALL_REL(0), l);
}

void kbpf_asm_ld64(struct kbpf_asm *a, int dst, __u64 imm)
{
	put(a, (struct kbpf_insn)KBPF_LD_IMM64_1(dst, 0, imm), -1);
	put(a, (struct kbpf_insn)KBPF_LD_IMM64_2(imm), -1);
}

void kbpf_asm_ld_map(struct kbpf_asm *a, int dst, int fd)
{
	put(a, (struct kbpf_insn)KBPF_LD_IMM64_1(dst, KBPF_PSEUDO_MAP_FD, fd),
	    -1);
	put(a, (struct kbpf_insn)KBPF_LD_IMM64_2(0), -1);
}

int kbpf_asm_done(struct kbpf_asm *a)
{
	unsigned int i;
	int l, rel;

	if (a->err)
		goto fail;
	for (i = 0; i < a->n; i++) {
		l = a->target[i];
		if (l < 0)
			continue;
		if (l >= KBPF_ASM_MAX_LABELS || a->label[l] < 0) {
			a->err = -ENOENT;
			goto fail;
		}
		rel = a->label[l] - (int)i - 1;
		if (a->insn[i].code == (KBPF_JMP | KBPF_CALL))
			a->insn[i].imm = rel;
		else
			a->insn[i].off = rel;
	}
	return 0;
fail:
	errno = -a->err;
	return a->err;
}
