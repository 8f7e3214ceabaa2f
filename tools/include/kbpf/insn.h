/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Instruction builders for programs written in C: KUnit suites, selftests
 * and tools. Each one is an initializer of one struct kbpf_insn, for
 * arrays of instructions.
 * A 64-bit immediate load is the pair KBPF_LD_IMM64_1(), KBPF_LD_IMM64_2().
 */
#ifndef _KBPF_TOOLS_INSN_H
#define _KBPF_TOOLS_INSN_H

#include "../../../uapi/linux/kbpf.h"

#define KBPF_RAW_INSN(c, dst, src, o, i) \
	{ .code = (c), .dst_reg = (dst), .src_reg = (src), .off = (o), .imm = (i) }

/* dst op= src, dst op= imm; @o selects sdiv/smod (1) and movsx (8/16/32). */
#define KBPF_ALU64_REG_OFF(op, dst, src, o) \
	KBPF_RAW_INSN(KBPF_ALU64 | (op) | KBPF_X, dst, src, o, 0)
#define KBPF_ALU64_IMM_OFF(op, dst, i, o) \
	KBPF_RAW_INSN(KBPF_ALU64 | (op) | KBPF_K, dst, 0, o, i)
#define KBPF_ALU32_REG_OFF(op, dst, src, o) \
	KBPF_RAW_INSN(KBPF_ALU | (op) | KBPF_X, dst, src, o, 0)
#define KBPF_ALU32_IMM_OFF(op, dst, i, o) \
	KBPF_RAW_INSN(KBPF_ALU | (op) | KBPF_K, dst, 0, o, i)
#define KBPF_ALU64_REG(op, dst, src)	KBPF_ALU64_REG_OFF(op, dst, src, 0)
#define KBPF_ALU64_IMM(op, dst, i)	KBPF_ALU64_IMM_OFF(op, dst, i, 0)
#define KBPF_ALU32_REG(op, dst, src)	KBPF_ALU32_REG_OFF(op, dst, src, 0)
#define KBPF_ALU32_IMM(op, dst, i)	KBPF_ALU32_IMM_OFF(op, dst, i, 0)
#define KBPF_MOV64_REG(dst, src)	KBPF_ALU64_REG(KBPF_MOV, dst, src)
#define KBPF_MOV64_IMM(dst, i)		KBPF_ALU64_IMM(KBPF_MOV, dst, i)
#define KBPF_MOV32_REG(dst, src)	KBPF_ALU32_REG(KBPF_MOV, dst, src)
#define KBPF_MOV32_IMM(dst, i)		KBPF_ALU32_IMM(KBPF_MOV, dst, i)

/* le/be (ALU class, @dir KBPF_TO_LE/KBPF_TO_BE) and bswap (ALU64). */
#define KBPF_ENDIAN(dir, dst, bits) \
	KBPF_RAW_INSN(KBPF_ALU | KBPF_END | (dir), dst, 0, 0, bits)
#define KBPF_BSWAP(dst, bits) \
	KBPF_RAW_INSN(KBPF_ALU64 | KBPF_END | KBPF_TO_LE, dst, 0, 0, bits)

/* dst = imm64 (@src a KBPF_PSEUDO_* kind, or 0): two slots. */
#define KBPF_LD_IMM64_1(dst, src, i) \
	KBPF_RAW_INSN(KBPF_LD | KBPF_DW | KBPF_IMM, dst, src, 0, \
		      (__s32)(__u32)(__u64)(i))
#define KBPF_LD_IMM64_2(i) \
	KBPF_RAW_INSN(0, 0, 0, 0, (__s32)(__u32)((__u64)(i) >> 32))

/* dst = *(size *)(src + o), sign-extending; *(size *)(dst + o) = src/imm */
#define KBPF_LDX_MEM(size, dst, src, o) \
	KBPF_RAW_INSN(KBPF_LDX | KBPF_MEM | (size), dst, src, o, 0)
#define KBPF_LDX_MEMSX(size, dst, src, o) \
	KBPF_RAW_INSN(KBPF_LDX | KBPF_MEMSX | (size), dst, src, o, 0)
#define KBPF_STX_MEM(size, dst, src, o) \
	KBPF_RAW_INSN(KBPF_STX | KBPF_MEM | (size), dst, src, o, 0)
#define KBPF_ST_MEM(size, dst, o, i) \
	KBPF_RAW_INSN(KBPF_ST | KBPF_MEM | (size), dst, 0, o, i)
/* @op: KBPF_ADD... optionally | KBPF_FETCH, KBPF_XCHG, KBPF_CMPXCHG */
#define KBPF_ATOMIC_OP(size, op, dst, src, o) \
	KBPF_RAW_INSN(KBPF_STX | KBPF_ATOMIC | (size), dst, src, o, op)

/* if (dst op src/imm) goto pc + o */
#define KBPF_JMP_REG(op, dst, src, o) \
	KBPF_RAW_INSN(KBPF_JMP | (op) | KBPF_X, dst, src, o, 0)
#define KBPF_JMP_IMM(op, dst, i, o) \
	KBPF_RAW_INSN(KBPF_JMP | (op) | KBPF_K, dst, 0, o, i)
#define KBPF_JMP32_REG(op, dst, src, o) \
	KBPF_RAW_INSN(KBPF_JMP32 | (op) | KBPF_X, dst, src, o, 0)
#define KBPF_JMP32_IMM(op, dst, i, o) \
	KBPF_RAW_INSN(KBPF_JMP32 | (op) | KBPF_K, dst, 0, o, i)
#define KBPF_JMP_A(o)		KBPF_RAW_INSN(KBPF_JMP | KBPF_JA, 0, 0, o, 0)
#define KBPF_JMP32_A(i)		KBPF_RAW_INSN(KBPF_JMP32 | KBPF_JA, 0, 0, 0, i)

/* Helper @id; subprogram at pc + @rel + 1; return. */
#define KBPF_CALL_HELPER(id)	KBPF_RAW_INSN(KBPF_JMP | KBPF_CALL, 0, 0, 0, id)
#define KBPF_CALL_REL(rel) \
	KBPF_RAW_INSN(KBPF_JMP | KBPF_CALL, 0, KBPF_PSEUDO_CALL, 0, rel)
#define KBPF_EXIT_INSN()	KBPF_RAW_INSN(KBPF_JMP | KBPF_EXIT, 0, 0, 0, 0)

#endif /* _KBPF_TOOLS_INSN_H */
