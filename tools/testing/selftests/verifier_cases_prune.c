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
	/*
	 * The cases below vary the layout for liveness.c's sweeps (one
	 * pass in program order when no edge goes back, the solvers
	 * otherwise): r9 read after a call to a subprogram placed before
	 * its caller, after a backward jump that is the last instruction,
	 * after joining ld_imm64s and a gotol, and as the result of a
	 * callback placed before the function that loads it.
	 */
	{
		.name = "prune_sweep_callee_before_caller",
		.insns = {
			/* main: r0 = sub2(&elem) */
			MAPVAL_R6, MOV64_REG(R1, R6), CALL_REL(11), EXIT,
			/* sub1 (13): prune points, r0 = 0 */
			JOIN8, RET(0),
			/* sub2 (23): r9 = 8 or 64; sub1(); r6[r9] */
			MOV64_REG(R6, R1), R9_8_OR_64, CALL_REL(-25),
			ALU64_REG(ADD, R6, R9), LDX(B, R0, R6, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=64 size=1",
	},
	{
		.name = "prune_sweep_last_insn_jumps_back",
		.insns = {
			MAPVAL_R6, R9_8_OR_64, JA(3),
			ALU64_REG(ADD, R6, R9), LDX(B, R0, R6, 0), EXIT,
			JA(-4),
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=64 size=1",
	},
	{
		.name = "prune_sweep_ld_imm64_join",
		.insns = {
			MAPVAL_R6, CALL(get_prandom_u32), LD_IMM64(R9, 8),
			JMP_IMM(JSET, R0, 1, 1), JA(2), LD_IMM64(R9, 64),
			JOIN8, ALU64_REG(ADD, R6, R9), LDX(B, R0, R6, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=64 size=1",
	},
	{
		.name = "prune_sweep_gotol_join",
		.insns = {
			MAPVAL_R6, CALL(get_prandom_u32), MOV64_IMM(R9, 8),
			JMP_IMM(JSET, R0, 1, 1), KBPF_JMP32_A(1),
			MOV64_IMM(R9, 64), JOIN8,
			ALU64_REG(ADD, R6, R9), LDX(B, R0, R6, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=64 size=1",
	},
	{
		.name = "prune_sweep_callback_before_loader",
		.insns = {
			/* main: sub2() */
			CALL_REL(17), RET(0),
			/* cb (3): r0 = 1 or 5 after prune points */
			CALL(get_prandom_u32), MOV64_IMM(R9, 1),
			JMP_IMM(JSET, R0, 1, 1), JA(1), MOV64_IMM(R9, 5),
			JOIN8, MOV64_REG(R0, R9), EXIT,
			/* sub2 (18): bpf_loop(1, cb, 0, 0) */
			MOV64_IMM(R3, 0), MOV64_IMM(R1, 1), LD_FUNC(R2, -18),
			MOV64_IMM(R4, 0), CALL(loop), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "should have been in [0, 1]",
	},
	{
		/*
		 * A kprobe session's result must be 0 or 1 (Linux's
		 * check_return_code()): r0, 1 or 5 on two paths that join
		 * at prune points, decides the verdict at the main
		 * program's exit.
		 */
		.name = "prune_scalar_is_session_result",
		.prog_type = KBPF_PROG_TYPE_KPROBE,
		.expected_attach_type = KBPF_TRACE_KPROBE_SESSION,
		.insns = {
			CALL(get_prandom_u32), MOV64_IMM(R9, 1),
			JMP_IMM(JSET, R0, 1, 1), JA(1), MOV64_IMM(R9, 5),
			JOIN8, MOV64_REG(R0, R9), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "should have been in [0, 1]",
	},
};

VC_TABLE(vc_prune_table, "prune", cases);
