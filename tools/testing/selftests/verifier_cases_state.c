// SPDX-License-Identifier: GPL-2.0
/*
 * The state rules of the rule table (tools/testing/verifier-rules/
 * state-rules.tsv): each case joins two paths at a prune point, the one
 * walked first safe, the second not, so that a comparison of states that
 * forgot a rule would prune the second path and accept what Linux
 * refuses. Each was shown to fail with its kbpf rule disabled.
 */
#include "verifier_cases.h"

/* Prune points with enough instructions since the last stored state. */
#define JOIN8	JA(0), JA(0), JA(0), JA(0), JA(0), JA(0), JA(0), JA(0)
/* Skip the next instruction on the path walked first (JSET not taken). */
#define SECOND_PATH_ONLY						\
	CALL(get_prandom_u32), JMP_IMM(JSET, R0, 1, 1), JA(1)

static const struct vc_case cases[] = {
	{
		/* regsafe(): pointers compare their fixed offsets */
		.name = "state_regsafe_ptr_off",
		.insns = {
			MAPVAL_R6, SECOND_PATH_ONLY, ALU64_IMM(ADD, R6, 40),
			JOIN8, LDX(DW, R0, R6, 8), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=48 size=8",
	},
	{
		/* stacksafe(): spilled registers compare as registers */
		.name = "state_stacksafe_spilled_ptr",
		.insns = {
			MAPVAL_R6, SECOND_PATH_ONLY, ALU64_IMM(ADD, R6, 40),
			STX(DW, R10, R6, -8), JOIN8, LDX(DW, R1, R10, -8),
			LDX(DW, R0, R1, 8), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=48 size=8",
	},
	{
		/*
		 * stacksafe(): data on the stack admits no unwritten bytes
		 * without CAP_PERFMON (allow_uninit_stack); a 4-byte store
		 * at fp - 4 is data, not a spill
		 */
		.name = "state_stacksafe_uninit_bpf", .levels = VC_BPF,
		.insns = {
			CALL(get_prandom_u32), JMP_IMM(JSET, R0, 1, 1),
			ST(W, R10, -4, 1), MOV64_IMM(R0, 0), JOIN8,
			LDX(W, R0, R10, -4), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid read from stack R10 off=-4 size=4",
		/* kbpf: "invalid read from stack off -4+0 size 4" */
		.kbpf_log_differs = true,
	},
	{
		/* refsafe(): a state holding a reference is not one without */
		.name = "state_refsafe_ref_count",
		.insns = {
			CALL(get_prandom_u32), JMP_IMM(JSET, R0, 1, 1), JA(5),
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 8),
			MOV64_IMM(R3, 0), CALL(ringbuf_reserve),
			JOIN8, RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "Unreleased reference",
	},
	{
		/* the id map: copies of one NULL-able pointer are not two */
		.name = "state_idmap_null_copies",
		.insns = {
			LOOKUP32(VC_ARRAY, 0), MOV64_REG(R6, R0),
			CALL(get_prandom_u32), JMP_IMM(JSET, R0, 1, 2),
			MOV64_REG(R7, R6), JA(7),
			LOOKUP32(VC_ARRAY, 1), MOV64_REG(R7, R0),
			JOIN8, JMP_IMM(JEQ, R6, 0, 2), LDX(DW, R0, R7, 0), EXIT,
			RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R7 invalid mem access 'map_value_or_null'",
	},
	{
		/* a helper's stack memory is data after it: a spill goes */
		.name = "state_helper_write_scrubs_spill",
		.insns = {
			MAPVAL_R6, STX(DW, R10, R6, -8),
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8),
			MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			CALL(probe_read_kernel),
			LDX(DW, R1, R10, -8), LDX(DW, R0, R1, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "R1 invalid mem access 'scalar'",
	},
	{
		/* a variable-offset store turns every slot it may hit to data */
		.name = "state_var_off_write_scrubs_spill",
		.insns = {
			MAPVAL_R6, STX(DW, R10, R6, -16),
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -16),
			ALU64_REG(ADD, R2, R0), MOV64_IMM(R3, 7),
			STX(DW, R2, R3, 0),
			LDX(DW, R1, R10, -16), LDX(DW, R0, R1, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "R1 invalid mem access 'scalar'",
	},
	{
		/* a callback's result is not the helper's: bpf_loop's r0 */
		.name = "state_callback_r0_is_helpers",
		.insns = {
			MAPVAL_R6, MOV64_IMM(R1, 100), LD_FUNC(R2, 7),
			MOV64_IMM(R3, 0), MOV64_IMM(R4, 0), CALL(loop),
			ALU64_REG(ADD, R6, R0), LDX(B, R0, R6, 0), EXIT,
			RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "math between map_value pointer and register with unbounded min value is not allowed",
	},
	{
		/*
		 * A callback runs again with what it left in its caller's
		 * stack: the index it reads grows by 50 a run (Linux walks
		 * it until the states converge, kbpf from the callers'
		 * stack widened to data).
		 */
		.name = "state_callback_sees_its_writes",
		.insns = {
			ST(DW, R10, -8, 4), MOV64_IMM(R1, 2), LD_FUNC(R2, 7),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -8),
			MOV64_IMM(R4, 0), CALL(loop), RET(0),
			MOV64_REG(R6, R2), LOOKUP_OR_RET(VC_ARRAY, 0, 0),
			LDX(DW, R7, R6, 0), ALU64_REG(ADD, R0, R7),
			LDX(B, R8, R0, 0), ALU64_IMM(ADD, R7, 50),
			STX(DW, R6, R7, 0), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=54 size=1",
		.kbpf_diff = "kbpf walks a callback once, from its callers' stack widened to data: the index is any scalar",
		.kbpf_verdict = VC_REJECT, .kbpf_err = EINVAL,
	},
};

VC_TABLE(vc_state_table, "state", cases);
