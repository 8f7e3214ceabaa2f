/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The operations of RFC 9669 that come in regular variants, one line
 * each. X-macro lists: a user defines X and applies the list, and gets one
 * expansion per operation. The interpreter (interp.c) generates its
 * handlers and its jump table from them, so an operation's semantics are
 * written once for all of its forms; a JIT can walk the same lists.
 *
 * What is not here has forms that differ in more than width and operand
 * (MOV and MOVSX by off, NEG, END by imm and class, LD_IMM64, MEMSX, the
 * atomics by imm, JA, CALL, EXIT): the interpreter spells those out.
 */
#ifndef _KBPF_OPCODES_H
#define _KBPF_OPCODES_H

/*
 * X(OP, name, op): ALU operations dst = dst op src, with four forms each:
 * ALU64 and ALU (32-bit, zero-extended), source register (KBPF_X) and
 * immediate (KBPF_K, sign-extended to 64 bits for ALU64).
 */
#define KBPF_ALU_BINOPS(X) \
	X(ADD, add, +) \
	X(SUB, sub, -) \
	X(MUL, mul, *) \
	X(OR, or, |) \
	X(AND, and, &) \
	X(XOR, xor, ^)

/*
 * X(OP, name, op, sign): shifts, the same four forms; the count is masked
 * to the width (63 or 31) and sign (u or s) is the type the shifted value
 * has, so that >> is logical or arithmetic.
 */
#define KBPF_ALU_SHIFTS(X) \
	X(LSH, lsh, <<, u) \
	X(RSH, rsh, >>, u) \
	X(ARSH, arsh, >>, s)

/*
 * X(OP, name): division and modulo, the same four forms, off 0 unsigned
 * and off 1 signed (cpu v4); any other off is reserved.
 */
#define KBPF_ALU_DIVMOD(X) \
	X(DIV, div) \
	X(MOD, mod)

/*
 * X(OP, name, op, sign): conditional jumps, taken when dst op src with both
 * sides of type sign##64 (JMP) or sign##32 (JMP32), src a register or
 * the immediate: four forms each, as Linux's COND_JMP.
 */
#define KBPF_COND_JMPS(X) \
	X(JEQ, jeq, ==, u) \
	X(JNE, jne, !=, u) \
	X(JGT, jgt, >, u) \
	X(JGE, jge, >=, u) \
	X(JLT, jlt, <, u) \
	X(JLE, jle, <=, u) \
	X(JSET, jset, &, u) \
	X(JSGT, jsgt, >, s) \
	X(JSGE, jsge, >=, s) \
	X(JSLT, jslt, <, s) \
	X(JSLE, jsle, <=, s)

/*
 * X(SIZE, name, bits): the access sizes of LDX, ST and STX with KBPF_MEM
 * (zero-extending loads) ...
 */
#define KBPF_MEM_SIZES(X) \
	X(B, b, 8) \
	X(H, h, 16) \
	X(W, w, 32) \
	X(DW, dw, 64)

/* ... and of LDX with KBPF_MEMSX (sign-extending loads, cpu v4). */
#define KBPF_MEMSX_SIZES(X) \
	X(B, b, 8) \
	X(H, h, 16) \
	X(W, w, 32)

/*
 * X(OP, name, ...): the read-modify-write atomics (STX | ATOMIC, the
 * operation in imm), each also with KBPF_FETCH; W and DW. The arguments
 * after name are passed through to X.
 */
#define KBPF_ATOMIC_ALU_OPS(X, ...) \
	X(ADD, add, __VA_ARGS__) \
	X(AND, and, __VA_ARGS__) \
	X(OR, or, __VA_ARGS__) \
	X(XOR, xor, __VA_ARGS__)

#endif /* _KBPF_OPCODES_H */
