// SPDX-License-Identifier: GPL-2.0
/*
 * Cases the rule table (tools/testing/verifier-rules/) names for refusal
 * sites no other table reached: a check kbpf words as Linux does, or
 * one where kbpf refuses by a broader check of its own (kbpf_diff).
 */
#include "verifier_cases.h"

#define RAW_TP		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT
#define KPROBE_SESSION	.prog_type = KBPF_PROG_TYPE_KPROBE,		\
			.expected_attach_type = KBPF_TRACE_KPROBE_SESSION
/* may_goto +@o: the JCOND opcode kbpf does not have. */
#define MAY_GOTO(o)	KBPF_RAW_INSN(KBPF_JMP | 0xe0 | KBPF_K, 0, 0, o, 0)
#define NO_MAY_GOTO	.kbpf_diff = "kbpf has no may_goto",		\
			.kbpf_verdict = VC_REJECT, .kbpf_err = EINVAL

/* An instruction with the given fields, for the reserved-field checks. */
#define RAW(c, d, sr, o, i)	KBPF_RAW_INSN(c, d, sr, o, i)
/* a local dynptr at fp - 16 over element 0 of VC_ARRAY */
#define LOCAL_DP							\
	MAPVAL_R6, MOV64_REG(R1, R6), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0), \
	MOV64_REG(R4, R10), ALU64_IMM(ADD, R4, -16), CALL(dynptr_from_mem)

static const struct vc_case cases[] = {
	/* The reserved fields of each class (check_alu_op(), do_check()) */
	{
		.name = "rules_neg_imm_reserved",
		.insns = { MOV64_IMM(R0, 0), RAW(KBPF_ALU64 | KBPF_NEG, R0, 0, 0, 1), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_NEG uses reserved fields",
	},
	{
		.name = "rules_ld_imm64_off_reserved",
		.insns = { RAW(KBPF_LD | KBPF_DW | KBPF_IMM, R0, 0, 1, 0), RAW(0, 0, 0, 0, 0), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_LD_IMM64 uses reserved fields",
	},
	{
		.name = "rules_stx_imm_reserved",
		.insns = { MOV64_IMM(R0, 0), RAW(KBPF_STX | KBPF_MEM | KBPF_DW, R10, R0, -8, 1), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_STX uses reserved fields",
	},
	{
		.name = "rules_st_src_reserved",
		.insns = { RAW(KBPF_ST | KBPF_MEM | KBPF_DW, R10, R1, -8, 0), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_ST uses reserved fields",
	},
	{
		.name = "rules_call_off_reserved",
		.insns = { RAW(KBPF_JMP | KBPF_CALL, 0, 0, 1, KBPF_FUNC_get_prandom_u32), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_CALL uses reserved fields",
	},
	{
		.name = "rules_ja_imm_reserved",
		.insns = { MOV64_IMM(R0, 0), RAW(KBPF_JMP | KBPF_JA, 0, 0, 0, 1), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_JA uses reserved fields",
	},
	{
		.name = "rules_exit_imm_reserved",
		.insns = { MOV64_IMM(R0, 0), RAW(KBPF_JMP | KBPF_EXIT, 0, 0, 0, 1) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_EXIT uses reserved fields",
	},
	{
		/* check_atomic() */
		.name = "rules_atomic_bad_op",
		.insns = { ST(DW, R10, -8, 0), MOV64_IMM(R1, 1),
			   ATOMIC(DW, 0x99, R10, R1, -8), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_ATOMIC uses invalid atomic opcode 99",
	},
	/* resolve_pseudo_ldimm64() */
	{
		.name = "rules_ld_imm64_no_second_half",
		.insns = { RAW(KBPF_LD | KBPF_DW | KBPF_IMM, R0, 0, 0, 0), MOV64_IMM(R0, 0), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid bpf_ld_imm64 insn",
	},
	{
		.name = "rules_ld_imm64_bad_src",
		.insns = { RAW(KBPF_LD | KBPF_DW | KBPF_IMM, R0, 7, 0, 0), RAW(0, 0, 0, 0, 0), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "unrecognized bpf_ld_imm64 insn",
	},
	{
		.name = "rules_ld_imm64_idx_without_fd_array",
		.insns = { RAW(KBPF_LD | KBPF_DW | KBPF_IMM, R1, KBPF_PSEUDO_MAP_IDX, 0, 0), RAW(0, 0, 0, 0, 0), RET(0) },
		.verdict = VC_REJECT, .err = EPROTO,
		.log = "fd_idx without fd_array is invalid",
	},
	{
		.name = "rules_ld_map_value_huge_off",
		.insns = { LD_MAP_VALUE(R1, VC_ARRAY, 1 << 29), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "direct value offset of 536870912 is not allowed",
	},
	{
		.name = "rules_ld_map_value_hash",
		.insns = { LD_MAP_VALUE(R1, VC_HASH, 0), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "no direct value access support for this map type",
	},
	/* check_stack_write_fixed_off() */
	{
		.name = "rules_corrupt_spilled_ptr_bpf", .levels = VC_BPF,
		.insns = { STX(DW, R10, R1, -8), ST(B, R10, -8, 0), RET(0) },
		.verdict = VC_REJECT,
		.log = "attempt to corrupt spilled pointer on stack",
	},
	{
		.name = "rules_corrupt_spilled_ptr_perfmon", .levels = VC_PERFMON,
		.insns = { STX(DW, R10, R1, -8), ST(B, R10, -8, 0), RET(0) },
		.retval = 0,
	},
	{
		.name = "rules_spill_ptr_size_w",
		.insns = { STX(W, R10, R1, -8), RET(0) },
		.verdict = VC_REJECT,
		.log = "invalid size of register spill",
	},
	{
		.name = "rules_spill_fp_into_caller",
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8),
			   CALL_REL(1), EXIT,
			   STX(DW, R1, R10, 0), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot spill pointers to stack into stack frame of the caller",
	},
	{
		/* check_func_arg(): a pointer for an ARG_ANYTHING */
		.name = "rules_ptr_to_helper_scalar_bpf", .levels = VC_BPF,
		.insns = { MOV64_IMM(R1, 1), LD_FUNC(R2, 6), MOV64_IMM(R3, 0),
			   MOV64_REG(R4, R10), CALL(loop), RET(0), RET(0) },
		.verdict = VC_REJECT,
		.log = "R4 leaks addr into helper function",
	},
	{
		/* a local dynptr to a ringbuf release helper */
		.name = "rules_dynptr_local_submitted",
		.insns = { LOCAL_DP, MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -16),
			   MOV64_IMM(R2, 0), CALL(ringbuf_submit_dynptr), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "arg 1 is an unacquired reference",
	},
	{
		/* check_stack_range_initialized(): a helper writes a dynptr */
		.name = "rules_helper_writes_dynptr",
		.insns = { LOCAL_DP, MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -16),
			   MOV64_IMM(R2, 16), CALL(get_current_comm), RET(0) },
		.verdict = VC_REJECT,
		.log = "potential write to dynptr at off=-16 disallowed",
	},
	{
		/* check_attach_btf_id() */
		.name = "rules_raw_tp_sleepable", RAW_TP,
		.prog_flags = KBPF_F_SLEEPABLE,
		.insns = { RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be sleepable",
	},
	{
		/* stack_slot_obj_get_spi(): a dynptr at a variable offset */
		.name = "rules_dynptr_var_off",
		.insns = {
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			MOV64_REG(R4, R10), ALU64_IMM(ADD, R4, -32),
			ALU64_REG(ADD, R4, R0), LD_MAP(R1, VC_RINGBUF),
			MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			CALL(ringbuf_reserve_dynptr), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "dynptr has to be at a constant offset",
	},
	{
		/* check_alu_op(): w1 = w10 without CAP_PERFMON */
		.name = "rules_mov32_ptr_bpf", .levels = VC_BPF,
		.insns = { MOV32_REG(R1, R10), RET(0) },
		.verdict = VC_REJECT,
		.log = "R10 partial copy of pointer",
	},
	{
		.name = "rules_mov32_ptr_perfmon", .levels = VC_PERFMON,
		.insns = { MOV32_REG(R1, R10), RET(0) },
		.retval = 0,
	},
	{
		/* check_alu_op(): r1 = (s8)r10 without CAP_PERFMON */
		.name = "rules_movsx_ptr_bpf", .levels = VC_BPF,
		.insns = { MOVSX64(R1, R10, 8), RET(0) },
		.verdict = VC_REJECT,
		.log = "R10 sign-extension part of pointer",
	},
	{
		/* check_cond_jmp_op(): may_goto's offset may not be 0 */
		.name = "rules_may_goto_bad_off",
		.insns = { MAY_GOTO(0), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid may_goto off 0 imm 0",
		.kbpf_log_differs = true,
	},
	{
		.name = "rules_may_goto",
		.insns = { MAY_GOTO(1), JA(0), RET(0) },
		.retval = 0,
		NO_MAY_GOTO,
	},
	{
		/* check_get_func_ip(): Linux offers it, then refuses it */
		.name = "rules_raw_tp_get_func_ip", RAW_TP,
		.insns = { CALL(get_func_ip), RET(0) },
		.verdict = VC_REJECT, .err = 524,
		.log = "func bpf_get_func_ip#173 not supported for program type 17",
		.kbpf_diff = "kbpf does not offer bpf_get_func_ip to raw tracepoints",
		.kbpf_verdict = VC_REJECT, .kbpf_err = EINVAL,
	},
	{
		/* check_return_code(): a session program returns 0 or 1 */
		.name = "rules_kprobe_session_ret_1", KPROBE_SESSION,
		.insns = { RET(1) },
	},
	{
		.name = "rules_kprobe_session_ret_2", KPROBE_SESSION,
		.insns = { RET(2) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "At program exit the register R0 has smin=2 smax=2 should have been in [0, 1]",
	},
	{
		.name = "rules_kprobe_session_ret_unknown", KPROBE_SESSION,
		.insns = { LDX(DW, R0, R1, 0), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "At program exit the register R0 has unknown scalar value should have been in [0, 1]",
	},
	{
		.name = "rules_kprobe_session_ret_ctx", KPROBE_SESSION,
		.insns = { MOV64_REG(R0, R1), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "At program exit the register R0 is not a known value (ctx)",
	},
	{
		/* a subprogram's result is not the program's */
		.name = "rules_kprobe_session_subprog_ret_2", KPROBE_SESSION,
		.insns = { CALL_REL(2), ALU64_IMM(AND, R0, 1), EXIT, RET(2) },
	},
	{
		/* any other kprobe returns what it likes */
		.name = "rules_kprobe_ret_2", .prog_type = KBPF_PROG_TYPE_KPROBE,
		.insns = { RET(2) },
	},
};

VC_TABLE(vc_rules_table, "rules", cases);
