// SPDX-License-Identifier: GPL-2.0
/*
 * Bounded loops (root may jump backwards): loops whose every iteration
 * the verifier walks and that return a known value, loops it finds
 * infinite, and the limit of one million processed instructions.
 */
#include "verifier_cases.h"

static unsigned int gen_1m_limit(struct kbpf_insn *insns)
{
	const struct kbpf_insn prog[] = {
		MOV64_IMM(R0, 0), MOV64_IMM(R1, 0),
		ALU64_IMM(ADD, R1, 1), JMP_IMM(JLT, R1, 2000000, -2), EXIT,
	};

	memcpy(insns, prog, sizeof(prog));
	return ARRAY_SIZE(prog);
}

static const struct vc_case cases[] = {
	{
		.name = "loop_count_up",
		.insns = {
			MOV64_IMM(R0, 0), MOV64_IMM(R1, 0), ALU64_IMM(ADD, R0, 2),
			ALU64_IMM(ADD, R1, 1), JMP_IMM(JLT, R1, 10, -3), EXIT,
		},
		.retval = 20,
	},
	{
		.name = "loop_count_down",
		.insns = {
			MOV64_IMM(R1, 10), ALU64_IMM(SUB, R1, 1),
			JMP_IMM(JNE, R1, 0, -2), MOV64_REG(R0, R1), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "loop_signed_counter",
		.insns = {
			MOV64_IMM(R1, -5), ALU64_IMM(ADD, R1, 1),
			JMP_IMM(JSLT, R1, 5, -2), MOV64_REG(R0, R1), EXIT,
		},
		.retval = 5,
	},
	{
		.name = "loop_jmp32_counter",
		.insns = {
			MOV32_IMM(R1, 0), MOV32_IMM(R0, 0), ALU32_IMM(ADD, R0, 3),
			ALU32_IMM(ADD, R1, 1), JMP32_IMM(JLT, R1, 7, -3), EXIT,
		},
		.retval = 21,
	},
	{
		.name = "loop_nested",
		.insns = {
			MOV64_IMM(R0, 0), MOV64_IMM(R1, 0),
			MOV64_IMM(R2, 0),
			ALU64_IMM(ADD, R0, 1), ALU64_IMM(ADD, R2, 1),
			JMP_IMM(JLT, R2, 3, -3),
			ALU64_IMM(ADD, R1, 1), JMP_IMM(JLT, R1, 4, -6), EXIT,
		},
		.retval = 12,
	},
	{
		.name = "loop_map_index_in_bounds",
		.insns = {
			MAPVAL_R6, MOV64_IMM(R1, 0), MOV64_IMM(R7, 0),
			MOV64_REG(R2, R6), ALU64_REG(ADD, R2, R1),
			LDX(DW, R3, R2, 0), ALU64_REG(ADD, R7, R3),
			ALU64_IMM(ADD, R1, 8), JMP_IMM(JLT, R1, 48, -6),
			MOV64_REG(R0, R7), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "loop_map_index_one_past",
		.insns = {
			MAPVAL_R6, MOV64_IMM(R1, 0), MOV64_IMM(R7, 0),
			MOV64_REG(R2, R6), ALU64_REG(ADD, R2, R1),
			LDX(DW, R3, R2, 0), ALU64_REG(ADD, R7, R3),
			ALU64_IMM(ADD, R1, 8), JMP_IMM(JLE, R1, 48, -6),
			MOV64_REG(R0, R7), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=48 size=8",
	},
	{
		.name = "loop_pointer_compare_not_refined",
		.insns = {
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -64),
			ST(DW, R2, 0, 1), ALU64_IMM(ADD, R2, 8),
			JMP_REG(JNE, R2, R10, -3), LDX(DW, R0, R10, -8), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid write to stack R2 off=0 size=8",
	},
	{
		.name = "loop_infinite_same_state",
		.insns = {
			MOV64_IMM(R0, 0), JMP_IMM(JEQ, R0, 0, -2), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "infinite loop detected at insn",
	},
	{
		.name = "loop_infinite_unknown_counter",
		.insns = {
			CALL(get_prandom_u32), MOV64_REG(R1, R0),
			ALU64_IMM(ADD, R1, 1), JMP_IMM(JNE, R1, 0, -2), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "infinite loop detected at insn",
	},
	{
		.name = "loop_infinite_no_exit_path",
		.insns = { MOV64_IMM(R0, 0), JA(-2), EXIT },
		.verdict = VC_REJECT, .err = EINVAL, .log = "unreachable insn 2",
	},
	{
		.name = "loop_self_jump",
		.insns = { MOV64_IMM(R0, 0), JA(-1), EXIT },
		.verdict = VC_REJECT, .err = EINVAL, .log = "unreachable insn 2",
	},
	/* A jump to itself on a path that runs: ja -1 and gotol -1. */
	{
		.name = "loop_self_jump_reached",
		.insns = {
			CALL(get_prandom_u32), JMP_IMM(JEQ, R0, 0, 1), JA(-1),
			RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "infinite loop detected at insn 2",
	},
	{
		.name = "loop_self_gotol_reached",
		.insns = {
			CALL(get_prandom_u32), JMP_IMM(JEQ, R0, 0, 1),
			KBPF_JMP32_A(-1), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "infinite loop detected at insn 2",
	},
	/* ... and on a path the verifier proves dead: loaded, never run. */
	{
		.name = "loop_self_jump_dead",
		.insns = {
			MOV64_IMM(R0, 3), JMP_IMM(JEQ, R0, 3, 1), JA(-1), EXIT,
		},
		.retval = 3,
	},
	{
		.name = "loop_distinct_states_hit_1m_limit",
		.insns = {
			MOV64_IMM(R6, 0), ALU64_IMM(ADD, R6, 1),
			CALL(get_prandom_u32), JMP_IMM(JNE, R0, 7, -3),
			MOV64_IMM(R0, 1), EXIT,
		},
		.verdict = VC_REJECT,
		.err = E2BIG,
		.log = "BPF program is too large. Processed 1000001 insn",
		.log_level = KBPF_LOG_STATS,
		.slow = true,
	},
	{
		.name = "loop_1m_insn_limit",
		.gen = gen_1m_limit,
		.verdict = VC_REJECT, .err = E2BIG,
		.log = "BPF program is too large. Processed 1000001 insn",
		.log_level = KBPF_LOG_STATS,
		.slow = true,
	},
	{
		.name = "loop_100k_iterations_ok",
		.insns = {
			MOV64_IMM(R0, 0), MOV64_IMM(R1, 0),
			ALU64_IMM(ADD, R1, 1), JMP_IMM(JLT, R1, 100000, -2),
			MOV64_REG(R0, R1), EXIT,
		},
		.retval = 100000,
	},
};

VC_TABLE(vc_loop_table, "loop", cases);
