// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier load time: programs that are only loaded, never run.
 *
 *   verif_branches  DIAMONDS if/else diamonds, each on one bit of the
 *                   same unknown u32 (bpf_get_prandom_u32()); the two arms
 *                   write different values to a register that is dead at
 *                   the join, so a verifier that stores states at the
 *                   joins prunes the second arm there, and one that does
 *                   not walks 2^DIAMONDS paths.
 *   verif_loop      a bounded loop of LOOP_ITERS iterations, 4 insns each,
 *                   whose counter is a known constant: both verifiers
 *                   walk it iteration by iteration.
 */
#include "bench.h"

#define DIAMONDS	1000
#define LOOP_ITERS	25000

/*
 * r6 = prandom(); then per diamond k:
 *	r1 = r6; r1 &= bit(k); if r1 == 0 goto B;
 *	A: r2 = r6; r2 ^= k; goto join;
 *	B: r2 = k;
 *	join:
 */
static void build_branches(struct kbpf_asm *a)
{
	unsigned int k;

	I(a, KBPF_CALL_HELPER(KBPF_FUNC_get_prandom_u32));
	I(a, KBPF_MOV64_REG(R6, R0));
	for (k = 0; k < DIAMONDS; k++) {
		I(a, KBPF_MOV64_REG(R1, R6));
		I(a, KBPF_ALU64_IMM(KBPF_AND, R1, 1 << (k % 31)));
		I(a, KBPF_JMP_IMM(KBPF_JEQ, R1, 0, 3));
		I(a, KBPF_MOV64_REG(R2, R6));
		I(a, KBPF_ALU64_IMM(KBPF_XOR, R2, k));
		I(a, KBPF_JMP_A(1));
		I(a, KBPF_MOV64_IMM(R2, k));
	}
	I(a, KBPF_MOV64_IMM(R0, 0));
	I(a, KBPF_EXIT_INSN());
}

/* r7 = prandom(); for (r6 = 0; r6 < LOOP_ITERS; r6++) r7 = (r7 + r6) ^ 0x55 */
static void build_loop(struct kbpf_asm *a)
{
	enum { L_LOOP };

	I(a, KBPF_CALL_HELPER(KBPF_FUNC_get_prandom_u32));
	I(a, KBPF_MOV64_REG(R7, R0));
	I(a, KBPF_MOV64_IMM(R6, 0));
	kbpf_asm_label(a, L_LOOP);
	I(a, KBPF_ALU64_REG(KBPF_ADD, R7, R6));
	I(a, KBPF_ALU64_IMM(KBPF_XOR, R7, 0x55));
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R6, 1));
	kbpf_asm_jmp_imm(a, KBPF_JLT, R6, LOOP_ITERS, L_LOOP);
	I(a, KBPF_MOV64_REG(R0, R7));
	I(a, KBPF_EXIT_INSN());
}

const struct load_bench load_benches[] = {
	{ "verif_branches", build_branches },
	{ "verif_loop", build_loop },
};
const unsigned int nr_load_benches = ARRAY_SIZE(load_benches);
