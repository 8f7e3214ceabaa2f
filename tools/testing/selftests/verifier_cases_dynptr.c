// SPDX-License-Identifier: GPL-2.0
/*
 * Dynptrs on the stack (fp - 16): local ones from bpf_dynptr_from_mem(),
 * ring buffer ones from bpf_ringbuf_reserve_dynptr() that must be
 * submitted or discarded on every path, even when the reservation
 * failed; reads, writes and data slices; slots overwritten or never
 * initialised.
 */
#include "verifier_cases.h"

/* reg = &the dynptr at fp - 16 */
#define DP(reg)		MOV64_REG(reg, R10), ALU64_IMM(ADD, reg, -16)
/* A local dynptr over the first 8 bytes of the map value at r6: 6 insns. */
#define FROM_MEM_R6							\
	MOV64_REG(R1, R6), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0), DP(R4),	\
	CALL(dynptr_from_mem)
/* The same over a u64 0x55 in element 0 of VC_ARRAY: 16 insns. */
#define FROM_MEM_VAL	MAPVAL_R6, ST(DW, R6, 0, 0x55), FROM_MEM_R6
/* r0 = bpf_dynptr_read(fp - 40, 8, dynptr, @off, 0): 8 insns. */
#define READ_DP(off)							\
	MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -40), MOV64_IMM(R2, 8),	\
	DP(R3), MOV64_IMM(R4, off), MOV64_IMM(R5, 0), CALL(dynptr_read)
/* bpf_ringbuf_reserve_dynptr(ringbuf, 8, 0, dynptr): 7 insns. */
#define RB_RESERVE_DP							\
	LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),	\
	DP(R4), CALL(ringbuf_reserve_dynptr)
#define SUBMIT_DP	DP(R1), MOV64_IMM(R2, 0), CALL(ringbuf_submit_dynptr)
#define DISCARD_DP	DP(R1), MOV64_IMM(R2, 0), CALL(ringbuf_discard_dynptr)
/* r0 = bpf_dynptr_data(dynptr, 0, 8): 5 insns. */
#define DATA_DP		DP(R1), MOV64_IMM(R2, 0), MOV64_IMM(R3, 8),	\
			CALL(dynptr_data)

static const struct vc_case cases[] = {
	{
		.name = "dp_local_read",
		.insns = {
			FROM_MEM_VAL, READ_DP(0), LDX(DW, R0, R10, -40), EXIT,
		},
		.retval = 0x55,
	},
	{
		.name = "dp_local_read_past_end_runtime",
		.insns = { FROM_MEM_VAL, READ_DP(1), EXIT },
		.retval = (__u32)-E2BIG,
	},
	{
		.name = "dp_local_write",
		.insns = {
			FROM_MEM_VAL, ST(DW, R10, -48, 0x66), DP(R1),
			MOV64_IMM(R2, 0), MOV64_REG(R3, R10),
			ALU64_IMM(ADD, R3, -48), MOV64_IMM(R4, 8),
			MOV64_IMM(R5, 0), CALL(dynptr_write),
			LDX(DW, R0, R6, 0), EXIT,
		},
		.retval = 0x66,
	},
	{
		.name = "dp_local_from_map_value",
		.insns = {
			MAPVAL_R6, MOV64_REG(R1, R6), MOV64_IMM(R2, 48),
			MOV64_IMM(R3, 0), DP(R4), CALL(dynptr_from_mem),
			READ_DP(40), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "dp_from_mem_stack_refused",
		.insns = {
			ST(DW, R10, -32, 0), MOV64_REG(R1, R10),
			ALU64_IMM(ADD, R1, -32), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			DP(R4), CALL(dynptr_from_mem), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "Unsupported reg type fp for bpf_dynptr_from_mem data",
	},
	{
		.name = "dp_read_uninit",
		.insns = { READ_DP(0), EXIT },
		.verdict = VC_REJECT,
		.log = "Expected an initialized dynptr as arg #2",
		.err = EINVAL,
	},
	{
		.name = "dp_local_overwritten_then_read",
		.insns = { FROM_MEM_VAL, ST(DW, R10, -16, 0), READ_DP(0), EXIT },
		.verdict = VC_REJECT,
		.log = "Expected an initialized dynptr as arg #2",
		.err = EINVAL,
	},
	{
		.name = "dp_local_half_overwritten",
		.insns = { FROM_MEM_VAL, ST(W, R10, -8, 0), READ_DP(0), EXIT },
		.verdict = VC_REJECT,
		.log = "Expected an initialized dynptr as arg #2",
		.err = EINVAL,
	},
	{
		.name = "dp_slot_misaligned",
		.insns = {
			ST(DW, R10, -32, 0), MOV64_REG(R1, R10),
			ALU64_IMM(ADD, R1, -32), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			MOV64_REG(R4, R10), ALU64_IMM(ADD, R4, -20),
			CALL(dynptr_from_mem), RET(0),
		},
		.verdict = VC_REJECT,
		.err = EINVAL,
		.log = "cannot pass in dynptr at an offset=-20",
	},
	{
		.name = "dp_slot_not_stack",
		.insns = {
			MAPVAL_R6, MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -40),
			MOV64_IMM(R2, 8), MOV64_REG(R3, R6), MOV64_IMM(R4, 0),
			MOV64_IMM(R5, 0), CALL(dynptr_read), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "R3 type=map_value expected=fp, dynptr_ptr",
	},
	{
		.name = "dp_from_mem_stack_past_fp",
		.insns = {
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8), MOV64_IMM(R2, 16),
			MOV64_IMM(R3, 0), DP(R4), CALL(dynptr_from_mem), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid indirect access to stack R1 off=-8 size=16",
	},
	{
		.name = "dp_submit_local",
		.insns = { FROM_MEM_VAL, SUBMIT_DP, RET(0) },
		.verdict = VC_REJECT,
		.err = EINVAL,
		.log = "arg 1 is an unacquired reference",
	},
	/* Ring buffer dynptrs. */
	{
		.name = "dp_rb_reserve_submit",
		.insns = { RB_RESERVE_DP, SUBMIT_DP, RET(0) },
	},
	{
		.name = "dp_rb_reserve_discard",
		.insns = { RB_RESERVE_DP, DISCARD_DP, RET(0) },
	},
	{
		.name = "dp_rb_leak",
		.insns = { RB_RESERVE_DP, RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "Unreleased reference id=",
	},
	{
		.name = "dp_rb_failed_reserve_not_released",
		.insns = {
			RB_RESERVE_DP, JMP_IMM(JNE, R0, 0, 4), SUBMIT_DP, RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "Unreleased reference id=",
	},
	{
		.name = "dp_rb_failed_reserve_discarded",
		.insns = {
			RB_RESERVE_DP, JMP_IMM(JNE, R0, 0, 6), SUBMIT_DP, RET(0),
			DISCARD_DP, RET(1),
		},
		.retval = 0,
	},
	{
		.name = "dp_rb_reserve_too_big_runtime",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 1 << 20),
			MOV64_IMM(R3, 0), DP(R4), CALL(ringbuf_reserve_dynptr),
			MOV64_REG(R6, R0), DISCARD_DP, MOV64_REG(R0, R6), EXIT,
		},
		.retval = (__u32)-EINVAL,
	},
	{
		.name = "dp_rb_reserve_size_unknown",
		.insns = {
			CALL(get_prandom_u32), MOV64_REG(R2, R0),
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R3, 0), DP(R4),
			CALL(ringbuf_reserve_dynptr), DISCARD_DP, RET(0),
		},
	},
	{
		.name = "dp_rb_overwrite_slot",
		.insns = { RB_RESERVE_DP, ST(DW, R10, -16, 0), DISCARD_DP, RET(0) },
		.verdict = VC_REJECT,
		.log = "cannot overwrite referenced dynptr",
		.err = EINVAL,
	},
	{
		.name = "dp_rb_reinit_slot",
		.insns = { MAPVAL_R6, RB_RESERVE_DP, FROM_MEM_R6, DISCARD_DP, RET(0) },
		.verdict = VC_REJECT,
		.err = EINVAL,
		.log = "cannot overwrite referenced dynptr",
	},
	{
		.name = "dp_rb_double_submit",
		.insns = { RB_RESERVE_DP, SUBMIT_DP, SUBMIT_DP, RET(0) },
		.verdict = VC_REJECT,
		.log = "arg 1 is an unacquired reference",
		.err = EINVAL,
	},
	{
		.name = "dp_rb_read_after_submit",
		.insns = { RB_RESERVE_DP, SUBMIT_DP, READ_DP(0), RET(0) },
		.verdict = VC_REJECT,
		.log = "Expected an initialized dynptr as arg #2",
		.err = EINVAL,
	},
	{
		.name = "dp_rb_data_null_checked",
		.insns = {
			RB_RESERVE_DP, DATA_DP, JMP_IMM(JEQ, R0, 0, 1),
			ST(DW, R0, 0, 1), SUBMIT_DP, RET(0),
		},
	},
	{
		.name = "dp_rb_data_no_null_check",
		.insns = {
			RB_RESERVE_DP, DATA_DP, ST(DW, R0, 0, 1), SUBMIT_DP, RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R0 invalid mem access 'mem_or_null'",
	},
	{
		.name = "dp_rb_data_past_slice",
		.insns = {
			RB_RESERVE_DP, DATA_DP, JMP_IMM(JEQ, R0, 0, 1),
			ST(DW, R0, 8, 1), SUBMIT_DP, RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid access to memory, mem_size=8 off=8 size=8",
	},
	{
		.name = "dp_rb_data_size_not_const",
		.insns = {
			RB_RESERVE_DP, CALL(get_prandom_u32), MOV64_REG(R3, R0),
			ALU64_IMM(AND, R3, 7), DP(R1), MOV64_IMM(R2, 0),
			CALL(dynptr_data), SUBMIT_DP, RET(0),
		},
		.verdict = VC_REJECT, .log = "R3 is not a known constant'",
	},
	{
		.name = "dp_rb_slice_invalid_after_submit",
		.insns = {
			RB_RESERVE_DP, DATA_DP, MOV64_REG(R6, R0), SUBMIT_DP,
			JMP_IMM(JEQ, R6, 0, 1), ST(DW, R6, 0, 1), RET(0),
		},
		.verdict = VC_REJECT, .log = "R6 invalid mem access 'scalar'",
	},
	{
		.name = "dp_rb_in_callee_released_in_caller",
		.insns = {
			DP(R1), CALL_REL(6), SUBMIT_DP, RET(0),
			MOV64_REG(R4, R1),
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			CALL(ringbuf_reserve_dynptr), RET(0),
		},

	},
};

VC_TABLE(vc_dynptr_table, "dynptr", cases);
