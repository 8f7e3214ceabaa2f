// SPDX-License-Identifier: GPL-2.0
/*
 * JMP and JMP32: the bounds each comparison gives on the branch not taken and
 * on the taken branch (probed by indexing a 48-byte map value), dead
 * branches pruned by constants and known bits, scalar ID propagation,
 * and the structural checks (range, ld_imm64 middles, unreachable code).
 */
#include "verifier_cases.h"

/* r6 = map value; r1 = a u64 / u32 / u8 loaded from it: 10 insns. */
#define R1_U64		MAPVAL_R6, LDX(DW, R1, R6, 0)
#define R1_U32		MAPVAL_R6, LDX(W, R1, R6, 0)
#define R1_U8		MAPVAL_R6, LDX(B, R1, R6, 0)
/* if !(cond) r0 = value[r1]: the access sits on the branch not taken. */
#define FALL(jmp)	jmp, ACCESS_R6_R1, RET(0)
/* if (cond) r0 = value[r1]: the access sits on the taken branch. */
#define TAKEN(jmp)	jmp, RET(0), ACCESS_R6_R1

#define OFF48	"invalid access to map value, value_size=48 off=48 size=1"
#define UNB_MIN	"math between map_value pointer and register with unbounded min value is not allowed"

/* A jump over 3 insns (FALL) or 2 insns (TAKEN). */
#define J(op, k, o)	JMP_IMM(op, R1, k, o)
#define J32(op, k, o)	JMP32_IMM(op, R1, k, o)

static const struct vc_case cases[] = {
	/* Unsigned 64-bit comparisons. */
	{ .name = "jgt_fall_47", .insns = { R1_U64, FALL(J(JGT, 47, 3)) } },
	{
		.name = "jgt_fall_48", .insns = { R1_U64, FALL(J(JGT, 48, 3)) },
		.verdict = VC_REJECT, .log = OFF48,
	},
	{ .name = "jge_fall_48", .insns = { R1_U64, FALL(J(JGE, 48, 3)) } },
	{
		.name = "jge_fall_49", .insns = { R1_U64, FALL(J(JGE, 49, 3)) },
		.verdict = VC_REJECT, .log = OFF48,
	},
	{ .name = "jlt_taken_48", .insns = { R1_U64, TAKEN(J(JLT, 48, 2)) } },
	{
		.name = "jlt_taken_49", .insns = { R1_U64, TAKEN(J(JLT, 49, 2)) },
		.verdict = VC_REJECT, .log = OFF48,
	},
	{ .name = "jle_taken_47", .insns = { R1_U64, TAKEN(J(JLE, 47, 2)) } },
	{
		.name = "jle_taken_48", .insns = { R1_U64, TAKEN(J(JLE, 48, 2)) },
		.verdict = VC_REJECT, .log = OFF48,
	},
	{
		.name = "jgt_taken_lower_bound",
		.insns = { R1_U8, TAKEN(J(JGT, 40, 2)) },
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=255 size=1",
	},
	{
		.name = "jlt_fall_lower_bound",
		.insns = { R1_U8, ALU64_IMM(AND, R1, 63), FALL(J(JLT, 16, 3)) },
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=63 size=1",
	},
	/* Signed 64-bit comparisons need both ends. */
	{
		.name = "jsgt_fall_no_lower_bound",
		.insns = { R1_U64, FALL(J(JSGT, 47, 3)) },
		.verdict = VC_REJECT, .err = EINVAL, .log = UNB_MIN,
	},
	{
		.name = "jsgt_jslt_fall_both_ends",
		.insns = {
			R1_U64, J(JSGT, 47, 4), J(JSLT, 0, 3), ACCESS_R6_R1,
			RET(0),
		},
	},
	{
		.name = "jsge_jsle_taken_out_of_range",
		.insns = {
			R1_U64, J(JSGE, 49, 4), J(JSLE, -1, 3), ACCESS_R6_R1,
			RET(0),
		},
		.verdict = VC_REJECT, .log = OFF48,
	},
	{
		.name = "jslt_taken_no_lower_bound",
		.insns = { R1_U64, TAKEN(J(JSLT, 48, 2)) },
		.verdict = VC_REJECT, .err = EINVAL, .log = UNB_MIN,
	},
	{
		.name = "jsle_taken_u8_bounded",
		.insns = { R1_U8, TAKEN(J(JSLE, 47, 2)) },
	},
	{
		.name = "jsgt_negative_on_u8_dead",
		.insns = { R1_U8, J(JSLT, 0, 2), RET(0), DEAD },
		.verdict = VC_ACCEPT,
	},
	/* Equality. */
	{ .name = "jeq_taken_const", .insns = { R1_U64, TAKEN(J(JEQ, 47, 2)) } },
	{
		.name = "jeq_taken_const_oob",
		.insns = { R1_U64, TAKEN(J(JEQ, 48, 2)) },
		.verdict = VC_REJECT, .log = OFF48,
	},
	{ .name = "jne_fall_const", .insns = { R1_U64, FALL(J(JNE, 0, 3)) } },
	{
		.name = "jne_taken_unbounded",
		.insns = { R1_U64, TAKEN(J(JNE, 0, 2)) },
		.verdict = VC_REJECT, .err = EINVAL, .log = UNB_MIN,
	},
	/* JSET: the branch not taken clears the tested bits. */
	{
		.name = "jset_fall_clears_bits",
		.insns = { R1_U8, FALL(J(JSET, 0xe0, 3)) },
	},
	{
		.name = "jset_fall_keeps_high_bit",
		.insns = { R1_U8, FALL(J(JSET, 0x60, 3)) },
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=159 size=1",
	},
	{
		.name = "jset_taken_sets_bit",
		.insns = { R1_U8, TAKEN(J(JSET, 0x40, 2)) },
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=64 size=1",
	},
	/* Register operands. */
	{
		.name = "jgt_reg_const",
		.insns = {
			R1_U64, MOV64_IMM(R2, 47), JMP_REG(JGT, R1, R2, 3),
			ACCESS_R6_R1, RET(0),
		},
	},
	{
		.name = "jgt_reg_bounded_reg",
		.insns = {
			R1_U64, LDX(B, R2, R6, 1), ALU64_IMM(AND, R2, 47),
			JMP_REG(JGT, R1, R2, 3), ACCESS_R6_R1, RET(0),
		},
	},
	{
		.name = "jgt_reg_u8_reg",
		.insns = {
			R1_U64, LDX(B, R2, R6, 1), JMP_REG(JGT, R1, R2, 3),
			ACCESS_R6_R1, RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=255 size=1",
	},
	{
		.name = "jlt_reg_swapped",
		.insns = {
			R1_U64, MOV64_IMM(R2, 47), JMP_REG(JLT, R2, R1, 3),
			ACCESS_R6_R1, RET(0),
		},
	},
	{
		.name = "jeq_reg_copies_bounds",
		.insns = {
			R1_U64, LDX(B, R2, R6, 1), ALU64_IMM(AND, R2, 7),
			JMP_REG(JEQ, R1, R2, 2), RET(0), ACCESS_R6_R1,
		},
	},
	{
		.name = "scalar_id_copy_refined",
		.insns = {
			R1_U64, MOV64_REG(R2, R1), JMP_IMM(JGT, R2, 47, 3),
			ACCESS_R6_R1, RET(0),
		},
	},
	{
		.name = "scalar_id_broken_by_write",
		.insns = {
			R1_U64, MOV64_REG(R2, R1), ALU64_IMM(ADD, R2, 0),
			ALU64_IMM(MUL, R2, 1), JMP_IMM(JGT, R2, 47, 3),
			ACCESS_R6_R1, RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL, .log = UNB_MIN,
	},
	/* JMP32 refines the low half; 64-bit bounds follow only if zero-extended. */
	{
		.name = "jmp32_jgt_u32_load",
		.insns = { R1_U32, FALL(J32(JGT, 47, 3)) },
	},
	{
		.name = "jmp32_jgt_u64_unrefined",
		.insns = { R1_U64, FALL(J32(JGT, 47, 3)) },
		.verdict = VC_REJECT, .err = EINVAL, .log = UNB_MIN,
	},
	{
		.name = "jmp32_jge_oob",
		.insns = { R1_U32, FALL(J32(JGE, 49, 3)) },
		.verdict = VC_REJECT, .log = OFF48,
	},
	{
		.name = "jmp32_jlt_taken",
		.insns = { R1_U32, TAKEN(J32(JLT, 48, 2)) },
	},
	{
		.name = "jmp32_jle_taken_oob",
		.insns = { R1_U32, TAKEN(J32(JLE, 48, 2)) },
		.verdict = VC_REJECT, .log = OFF48,
	},
	{
		.name = "jmp32_jsgt_jslt",
		.insns = {
			R1_U32, J32(JSGT, 47, 4), J32(JSLT, 0, 3), ACCESS_R6_R1,
			RET(0),
		},
	},
	{
		.name = "jmp32_jsle_taken_negative",
		.insns = { R1_U32, TAKEN(J32(JSLE, 47, 2)) },
		.verdict = VC_REJECT, .log = "R6 unbounded memory access",
	},
	{
		.name = "jmp32_jeq_taken",
		.insns = { R1_U32, TAKEN(J32(JEQ, 47, 2)) },
	},
	{
		.name = "jmp32_jne_fall",
		.insns = { R1_U32, FALL(J32(JNE, 20, 3)) },
	},
	{
		.name = "jmp32_jset_fall",
		.insns = { R1_U8, FALL(J32(JSET, 0xe0, 3)) },
	},
	{
		.name = "jmp32_jeq_u64_high_bits_unknown",
		.insns = { R1_U64, TAKEN(J32(JEQ, 7, 2)) },
		.verdict = VC_REJECT, .err = EINVAL, .log = "makes map_value pointer be out of bounds",
	},
	{
		.name = "jmp32_reg",
		.insns = {
			R1_U32, MOV32_IMM(R2, 47), JMP32_REG(JGT, R1, R2, 3),
			ACCESS_R6_R1, RET(0),
		},
	},

	/* Dead branches: a constant or known bits decide the jump. */
	{
		.name = "dead_const_jgt",
		.insns = {
			MOV64_IMM(R1, 5), JMP_IMM(JGT, R1, 3, 2), DEAD, RET(1),
		},
		.retval = 1,
	},
	{
		.name = "live_const_jlt",
		.insns = {
			MOV64_IMM(R1, 5), JMP_IMM(JLT, R1, 3, 2), DEAD, RET(1),
		},
		.verdict = VC_REJECT, .log = DEAD_MSG,
	},
	{
		.name = "dead_u8_jgt_255",
		.insns = { R1_U8, JMP_IMM(JGT, R1, 255, 2), RET(0), DEAD },
	},
	{
		.name = "live_u8_jgt_254",
		.insns = { R1_U8, JMP_IMM(JGT, R1, 254, 2), RET(0), DEAD },
		.verdict = VC_REJECT, .log = DEAD_MSG,
	},
	{
		.name = "dead_tnum_jeq",
		.insns = {
			R1_U8, ALU64_IMM(AND, R1, 0xf0), JMP_IMM(JEQ, R1, 1, 2),
			RET(0), DEAD,
		},
	},
	{
		.name = "dead_tnum_jset",
		.insns = {
			R1_U8, ALU64_IMM(AND, R1, 0xf0), JMP_IMM(JSET, R1, 0x0f, 2),
			RET(0), DEAD,
		},
	},
	{
		.name = "live_tnum_jset",
		.insns = {
			R1_U8, ALU64_IMM(AND, R1, 0xf0), JMP_IMM(JSET, R1, 0x1f, 2),
			RET(0), DEAD,
		},
		.verdict = VC_REJECT, .log = DEAD_MSG,
	},
	{
		.name = "dead_jmp32_low_half",
		.insns = {
			LD_IMM64(R1, 0x100000005ULL), JMP32_IMM(JEQ, R1, 5, 2),
			DEAD, RET(2),
		},
		.retval = 2,
	},
	{
		.name = "dead_jmp64_full_value",
		.insns = {
			LD_IMM64(R1, 0x100000005ULL), JMP_IMM(JNE, R1, 5, 2),
			DEAD, RET(3),
		},
		.retval = 3,
	},
	{
		.name = "exit_off_ignored",
		.insns = {
			MOV64_IMM(R0, 3),
			{ .code = KBPF_JMP | KBPF_EXIT, .off = 5 },
		},
		.retval = 3,
	},
	{
		.name = "live_fp_eq_zero_explored",
		.insns = {
			MOV64_REG(R1, R10), JMP_IMM(JEQ, R1, 0, 2), RET(4), DEAD,
		},

		.verdict = VC_REJECT,
		.log = DEAD_MSG,
	},
	{
		.name = "dead_jsgt_signed_const",
		.insns = {
			MOV64_IMM(R1, -1), JMP_IMM(JSGT, R1, 0, 2), RET(5), DEAD,
		},
		.retval = 5,
	},
	{
		.name = "live_jgt_unsigned_minus_one",
		.insns = {
			MOV64_IMM(R1, -1), JMP_IMM(JGT, R1, 0, 2), RET(5), DEAD,
		},
		.verdict = VC_REJECT, .log = DEAD_MSG,
	},
	{
		.name = "dead_reg_reg_ranges",
		.insns = {
			R1_U8, MOV64_IMM(R2, 256), JMP_REG(JGE, R1, R2, 2), RET(0),
			DEAD,
		},
	},
	{
		.name = "pointer_compare_scalar_root",
		.insns = {
			MOV64_REG(R1, R10), MOV64_IMM(R2, 5),
			JMP_REG(JGT, R1, R2, 2), RET(0), RET(1),
		},
		.retval = 1,
	},

	/* Structure. */
	{
		.name = "jmp_out_of_range",
		.insns = { MOV64_IMM(R0, 0), JA(5), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "jump out of range from insn 1 to 7",
	},
	{
		.name = "jmp_backward_out_of_range",
		.insns = { MOV64_IMM(R0, 0), JA(-3), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "jump out of range from insn 1 to -1",
	},
	{
		.name = "jmp_into_ldimm64",
		.insns = {
			MOV64_IMM(R0, 0), JMP_IMM(JEQ, R0, 0, 1),
			LD_IMM64(R1, 1), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "jump into the middle of ldimm64 insn 2",
	},
	{
		.name = "unreachable_insn",
		.insns = { RET(0), RET(1) },
		.verdict = VC_REJECT, .err = EINVAL, .log = "unreachable insn 2",
	},
	{
		.name = "last_insn_not_exit",
		.insns = { MOV64_IMM(R0, 0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "last insn is not an exit or jmp",
	},
	{
		.name = "jmp_reserved_src_reg",
		.insns = {
			MOV64_IMM(R0, 0),
			KBPF_RAW_INSN(KBPF_JMP | KBPF_JEQ | KBPF_K, R0, R1, 0, 0),
			EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_JMP/JMP32 uses reserved fields",
	},
	{
		.name = "jmp_uninit_reg",
		.insns = { MOV64_IMM(R0, 0), JMP_IMM(JEQ, R3, 0, 0), EXIT },
		.verdict = VC_REJECT, .log = "R3 !read_ok",
	},
	{
		.name = "gotol_skips_unreachable",
		.insns = { KBPF_JMP32_A(1), DEAD, RET(6) },
		.verdict = VC_REJECT, .err = EINVAL, .log = "unreachable insn 1",
	},
	{
		.name = "gotol_forward",
		.insns = {
			MOV64_IMM(R0, 6), JMP_IMM(JNE, R0, 6, 1), KBPF_JMP32_A(1),
			MOV64_IMM(R0, 7), EXIT,
		},
		.retval = 6,
	},
	{
		.name = "ja_over_insn",
		.insns = {
			MOV64_IMM(R0, 6), JMP_IMM(JEQ, R0, 6, 1),
			MOV64_IMM(R0, 7), EXIT,
		},
		.retval = 6,
	},
	/*
	 * From the issue 19 fuzz (seed 1919, program 96728): r1 & 0x10811
	 * in [52, 0x10811] is never in [52, 65], yet no bound alone says
	 * so. Linux walks that side with r1 unbounded ("REG INVARIANTS
	 * VIOLATION") and refuses; kbpf took it for dead and accepted.
	 */
	{
		.name = "jmp_infeasible_side_walked",
		.levels = VC_ROOT | VC_BPF | VC_PERFMON,
		.insns = {
			R1_U64, ALU64_IMM(AND, R1, 0x10811),
			J(JLT, 52, 4), J(JGT, 0x41, 3), ACCESS_R6_R1, RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "unbounded min value",
	},
};

VC_TABLE(vc_jmp_table, "jmp", cases);
