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

static const struct vc_case cases[] = {
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
