// SPDX-License-Identifier: GPL-2.0
/*
 * Pruning on scalars no later decision reads (Linux's imprecise scalars;
 * kbpf's demand analysis in liveness.c). Two paths join with different
 * values in r9: where r9 only feeds the program's result the second path
 * is pruned and a loop stays linear; where r9 then bounds a pointer,
 * fills a spill, sizes a helper's memory or is a callback's result, the
 * join must not prune and the bad value is found.
 */
#include "verifier_cases.h"

/*
 * Eight jumps in a row: prune points, with enough jumps and instructions
 * since the last stored state (Linux's rule, and kbpf's) that the first
 * path to pass stores one for the second to meet.
 */
#define JOIN8	JA(0), JA(0), JA(0), JA(0), JA(0), JA(0), JA(0), JA(0)
/* r9 = 8 or 64 by a random bit, then the join: 13 insns. */
#define R9_8_OR_64							\
	CALL(get_prandom_u32), MOV64_IMM(R9, 8),			\
	JMP_IMM(JSET, R0, 1, 1), JA(1), MOV64_IMM(R9, 64), JOIN8

static const struct vc_case cases[] = {
	{
		/* 2^200 paths unless r9 is left out of the comparison */
		.name = "prune_undemanded_scalar_loop",
		.insns = {
			MOV64_IMM(R9, 0), MOV64_IMM(R8, 0),
			CALL(get_prandom_u32), ALU64_IMM(LSH, R9, 1),
			JMP_IMM(JSET, R0, 1, 1), ALU64_IMM(OR, R9, 1),
			ALU64_IMM(ADD, R8, 1), JMP_IMM(JLT, R8, 200, -6),
			MOV64_REG(R0, R9), EXIT,
		},
		.no_run = true,
	},
	{
		.name = "prune_undemanded_scalar_stored_to_map",
		.insns = {
			MAPVAL_R6, MOV64_IMM(R9, 0), MOV64_IMM(R8, 0),
			CALL(get_prandom_u32), ALU64_IMM(LSH, R9, 1),
			JMP_IMM(JSET, R0, 1, 1), ALU64_IMM(OR, R9, 1),
			ALU64_IMM(ADD, R8, 1), JMP_IMM(JLT, R8, 200, -6),
			STX(DW, R6, R9, 0), RET(0),
		},
		.retval = 0,
	},
	{
		.name = "prune_scalar_bounds_pointer",
		.insns = {
			MAPVAL_R6, R9_8_OR_64,
			ALU64_REG(ADD, R6, R9), LDX(B, R0, R6, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=64 size=1",
	},
	{
		.name = "prune_scalar_spilled_then_bounds_pointer",
		.insns = {
			MAPVAL_R6, R9_8_OR_64,
			STX(DW, R10, R9, -16), LDX(DW, R1, R10, -16),
			ALU64_REG(ADD, R6, R1), LDX(B, R0, R6, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=64 size=1",
	},
	{
		.name = "prune_scalar_sizes_helper_memory",
		.insns = {
			R9_8_OR_64,
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -16),
			MOV64_REG(R2, R9), MOV64_IMM(R3, 0),
			CALL(probe_read_kernel), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid indirect access to stack R1 off=-16 size=64",
	},
	{
		.name = "prune_scalar_is_callback_result",
		.insns = {
			MOV64_IMM(R3, 0), MOV64_IMM(R1, 1), LD_FUNC(R2, 4),
			MOV64_IMM(R4, 0), CALL(loop), EXIT,
			CALL(get_prandom_u32), MOV64_IMM(R9, 1),
			JMP_IMM(JSET, R0, 1, 1), JA(1), MOV64_IMM(R9, 5),
			JOIN8, MOV64_REG(R0, R9), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "should have been in [0, 1]",
	},
};

VC_TABLE(vc_prune_table, "prune", cases);
