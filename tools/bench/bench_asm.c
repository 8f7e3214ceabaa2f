// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny assembler for the benchmark programs: jumps and bpf-to-bpf calls
 * name labels, asm_done() turns them into offsets.
 */
#include "bench.h"

void asm_init(struct asm_prog *a)
{
	unsigned int i;

	a->n = 0;
	for (i = 0; i < ASM_MAX_LABELS; i++)
		a->label[i] = -1;
}

static void put(struct asm_prog *a, struct kbpf_insn insn, int l)
{
	if (a->n >= ASM_MAX_INSNS)
		die("program longer than %d insns", ASM_MAX_INSNS);
	a->target[a->n] = l;
	a->insn[a->n++] = insn;
}

void asm_ins(struct asm_prog *a, struct kbpf_insn insn)
{
	put(a, insn, -1);
}

void asm_label(struct asm_prog *a, int l)
{
	if (l < 0 || l >= ASM_MAX_LABELS || a->label[l] >= 0)
		die("label %d: bad or defined twice", l);
	a->label[l] = a->n;
}

void asm_jmp_imm(struct asm_prog *a, int op, int dst, __s32 imm, int l)
{
	put(a, (struct kbpf_insn)KBPF_JMP_IMM(op, dst, imm, 0), l);
}

void asm_jmp_reg(struct asm_prog *a, int op, int dst, int src, int l)
{
	put(a, (struct kbpf_insn)KBPF_JMP_REG(op, dst, src, 0), l);
}

void asm_ja(struct asm_prog *a, int l)
{
	put(a, (struct kbpf_insn)KBPF_JMP_A(0), l);
}

void asm_call_sub(struct asm_prog *a, int l)
{
	put(a, (struct kbpf_insn)KBPF_CALL_REL(0), l);
}

void asm_ld64(struct asm_prog *a, int dst, __u64 imm)
{
	put(a, (struct kbpf_insn)KBPF_LD_IMM64_1(dst, 0, imm), -1);
	put(a, (struct kbpf_insn)KBPF_LD_IMM64_2(imm), -1);
}

void asm_ld_map(struct asm_prog *a, int dst, int fd)
{
	put(a, (struct kbpf_insn)KBPF_LD_IMM64_1(dst, KBPF_PSEUDO_MAP_FD, fd),
	    -1);
	put(a, (struct kbpf_insn)KBPF_LD_IMM64_2(0), -1);
}

void asm_done(struct asm_prog *a)
{
	unsigned int i;
	int l, rel;

	for (i = 0; i < a->n; i++) {
		l = a->target[i];
		if (l < 0)
			continue;
		if (l >= ASM_MAX_LABELS || a->label[l] < 0)
			die("insn %u: undefined label %d", i, l);
		rel = a->label[l] - (int)i - 1;
		if (a->insn[i].code == (KBPF_JMP | KBPF_CALL))
			a->insn[i].imm = rel;
		else
			a->insn[i].off = rel;
	}
}
