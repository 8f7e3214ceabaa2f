// SPDX-License-Identifier: GPL-2.0
/*
 * References: ring buffer records from bpf_ringbuf_reserve() must be
 * submitted or discarded on every path, exactly once, and are scalars
 * after that (root: not "!read_ok"); their size is a constant; their
 * bounds are the reserved size.
 */
#include "verifier_cases.h"

#define RAW_TP		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT

/* r0 = bpf_ringbuf_reserve(ringbuf, @size, 0): 5 insns. */
#define RESERVE(size)							\
	LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, size), MOV64_IMM(R3, 0),	\
	CALL(ringbuf_reserve)
/* r6 = a reserved 8-byte record, or return 1: 8 insns. */
#define RESERVE8_R6							\
	RESERVE(8), JMP_IMM(JNE, R0, 0, 2), RET(1), MOV64_REG(R6, R0)
#define SUBMIT(reg)							\
	MOV64_REG(R1, reg), MOV64_IMM(R2, 0), CALL(ringbuf_submit)
#define DISCARD(reg)							\
	MOV64_REG(R1, reg), MOV64_IMM(R2, 0), CALL(ringbuf_discard)

#define LEAK		"Unreleased reference id="

static const struct vc_case cases[] = {
	{
		.name = "rb_reserve_submit",
		.insns = { RESERVE8_R6, ST(DW, R6, 0, 1), SUBMIT(R6), RET(0) },
	},
	{
		.name = "rb_reserve_discard",
		.insns = { RESERVE8_R6, DISCARD(R6), RET(0) },
	},
	{
		.name = "rb_atomic_misaligned",
		.insns = {
			RESERVE(16), JMP_IMM(JNE, R0, 0, 2), RET(1),
			MOV64_REG(R6, R0), MOV64_IMM(R1, 1),
			ATOMIC(DW, KBPF_ADD, R6, R1, 2), SUBMIT(R6), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "misaligned access off 0+0+2 size 8",
	},
	{
		.name = "rb_leak",
		.insns = { RESERVE8_R6, RET(0) },
		.verdict = VC_REJECT, .err = EINVAL, .log = LEAK,
	},
	{
		.name = "rb_leak_on_one_path",
		.insns = {
			RESERVE8_R6, CALL(get_prandom_u32),
			JMP_IMM(JEQ, R0, 0, 3), SUBMIT(R6), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL, .log = LEAK,
	},
	{
		.name = "rb_released_on_both_paths",
		.insns = {
			RESERVE8_R6, CALL(get_prandom_u32),
			JMP_IMM(JEQ, R0, 0, 5), SUBMIT(R6), RET(0),
			DISCARD(R6), RET(0),
		},
	},
	{
		.name = "rb_null_path_needs_no_release",
		.insns = {
			RESERVE(8), JMP_IMM(JEQ, R0, 0, 4), MOV64_REG(R6, R0),
			DISCARD(R6), RET(2),
		},
		.retval = 2,
	},
	{
		.name = "rb_double_submit",
		.insns = { RESERVE8_R6, SUBMIT(R6), SUBMIT(R6), RET(0) },
		.verdict = VC_REJECT,
		.log = "R1 type=scalar expected=ringbuf_mem",
	},
	{
		.name = "rb_submit_then_discard",
		.insns = { RESERVE8_R6, SUBMIT(R6), DISCARD(R6), RET(0) },
		.verdict = VC_REJECT,
		.log = "R1 type=scalar expected=ringbuf_mem",
	},
	{
		.name = "rb_use_after_submit",
		.insns = { RESERVE8_R6, SUBMIT(R6), ST(DW, R6, 0, 1), RET(0) },
		.verdict = VC_REJECT, .log = "R6 invalid mem access 'scalar'",
	},
	{
		.name = "rb_copy_invalid_after_submit",
		.insns = {
			RESERVE8_R6, MOV64_REG(R7, R6), SUBMIT(R6),
			LDX(DW, R0, R7, 0), EXIT,
		},
		.verdict = VC_REJECT, .log = "R7 invalid mem access 'scalar'",
	},
	{
		.name = "rb_submit_without_null_check",
		.insns = { RESERVE(8), MOV64_REG(R6, R0), SUBMIT(R6), RET(0) },
		.verdict = VC_REJECT,
		.log = "R1 type=ringbuf_mem_or_null expected=ringbuf_mem",
	},
	{
		.name = "rb_write_without_null_check",
		.insns = { RESERVE(8), ST(DW, R0, 0, 1), RET(0) },
		.verdict = VC_REJECT,
		.log = "R0 invalid mem access 'ringbuf_mem_or_null'",
	},
	{
		.name = "rb_reserve_size_not_const",
		.insns = {
			CALL(get_prandom_u32), MOV64_REG(R2, R0),
			ALU64_IMM(AND, R2, 8), LD_MAP(R1, VC_RINGBUF),
			MOV64_IMM(R3, 0), CALL(ringbuf_reserve), RET(0),
		},
		.verdict = VC_REJECT, .log = "R2 is not a known constant'",
	},
	{
		.name = "rb_reserve_size_zero",
		.insns = {
			RESERVE(0), JMP_IMM(JNE, R0, 0, 2), RET(1),
			MOV64_REG(R6, R0), DISCARD(R6), RET(0),
		},
	},
	{
		.name = "rb_reserve_too_big_is_null",
		.insns = {
			RESERVE(1 << 20), JMP_IMM(JNE, R0, 0, 2), RET(1),
			MOV64_REG(R6, R0), DISCARD(R6), RET(0),
		},
		.retval = 1,
	},
	{
		.name = "rb_reserve_bad_flags_is_null",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 8), MOV64_IMM(R3, 1),
			CALL(ringbuf_reserve), JMP_IMM(JNE, R0, 0, 2), RET(1),
			MOV64_REG(R6, R0), DISCARD(R6), RET(0),
		},
		.retval = 1,
	},
	{
		.name = "rb_record_last_byte",
		.insns = { RESERVE8_R6, ST(B, R6, 7, 1), SUBMIT(R6), RET(0) },
	},
	{
		.name = "rb_record_past_end",
		.insns = { RESERVE8_R6, ST(DW, R6, 8, 1), SUBMIT(R6), RET(0) },
		.verdict = VC_REJECT,
		.log = "invalid access to memory, mem_size=8 off=8 size=8",
	},
	{
		.name = "rb_record_before_start",
		.insns = { RESERVE8_R6, ST(B, R6, -1, 1), SUBMIT(R6), RET(0) },
		.verdict = VC_REJECT,
		.log = "invalid access to memory, mem_size=8 off=-1 size=1",
	},
	{
		.name = "rb_submit_modified_ptr",
		.insns = {
			RESERVE8_R6, ALU64_IMM(ADD, R6, 1), SUBMIT(R6), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R1 must have zero offset when passed to release func",
		.err = EINVAL,
	},
	{
		.name = "rb_submit_stack_ptr",
		.insns = { MOV64_REG(R6, R10), ALU64_IMM(ADD, R6, -8), SUBMIT(R6), RET(0) },
		.verdict = VC_REJECT, .log = "R1 type=fp expected=ringbuf_mem",
	},
	{
		.name = "rb_submit_map_value",
		.insns = { MAPVAL_R6, SUBMIT(R6), RET(0) },
		.verdict = VC_REJECT, .log = "R1 type=map_value expected=ringbuf_mem",
	},
	{
		.name = "rb_submit_null_scalar",
		.insns = { MOV64_IMM(R6, 0), SUBMIT(R6), RET(0) },
		.verdict = VC_REJECT, .log = "R1 type=scalar expected=ringbuf_mem",
	},
	{
		.name = "rb_reserve_wrong_map",
		.insns = {
			LD_MAP(R1, VC_ARRAY), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			CALL(ringbuf_reserve), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 2 into func bpf_ringbuf_reserve#131",
	},
	{
		.name = "rb_ref_lost_by_overwrite",
		.insns = { RESERVE8_R6, MOV64_IMM(R6, 0), MOV64_IMM(R0, 0), EXIT },
		.verdict = VC_REJECT, .err = EINVAL, .log = LEAK,
	},
	{
		.name = "rb_ref_spilled_and_filled",
		.insns = {
			RESERVE8_R6, STX(DW, R10, R6, -8), MOV64_IMM(R6, 0),
			LDX(DW, R7, R10, -8), SUBMIT(R7), RET(0),
		},
	},
	{
		.name = "rb_ref_only_on_stack_leaks",
		.insns = { RESERVE8_R6, STX(DW, R10, R6, -8), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL, .log = LEAK,
	},
	{
		.name = "rb_submit_in_callee",
		.insns = {
			RESERVE8_R6, MOV64_REG(R1, R6), CALL_REL(2), RET(0),
			MOV64_IMM(R2, 0), CALL(ringbuf_submit), RET(0),
		},
	},
	{
		.name = "rb_reserve_in_callee_submit_in_caller",
		.insns = {
			CALL_REL(7), JMP_IMM(JEQ, R0, 0, 4), MOV64_REG(R6, R0),
			SUBMIT(R6), RET(0),
			RESERVE(8), EXIT,
		},
	},
	{
		.name = "rb_reserve_in_callee_leaked",
		.insns = {
			CALL_REL(1), EXIT,
			RESERVE(8), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL, .log = LEAK,
	},
	{
		.name = "rb_tail_call_with_ref", RAW_TP,
		.insns = {
			MOV64_REG(R7, R1), RESERVE8_R6, MOV64_REG(R1, R7),
			LD_MAP(R2, VC_PROG_ARRAY), MOV64_IMM(R3, 0), CALL(tail_call),
			DISCARD(R6), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "tail_call would lead to reference leak",
	},
	{
		.name = "rb_output",
		.insns = {
			ST(DW, R10, -8, 1), LD_MAP(R1, VC_RINGBUF),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -8),
			MOV64_IMM(R3, 8), MOV64_IMM(R4, 0), CALL(ringbuf_output),
			EXIT,
		},
		.retval = 0,
	},
	{
		.name = "rb_output_size_bounded",
		.insns = {
			ST(DW, R10, -8, 1), CALL(get_prandom_u32),
			MOV64_REG(R3, R0), ALU64_IMM(AND, R3, 7),
			LD_MAP(R1, VC_RINGBUF), MOV64_REG(R2, R10),
			ALU64_IMM(ADD, R2, -8), MOV64_IMM(R4, 0),
			CALL(ringbuf_output), RET(0),
		},
	},
	{
		.name = "rb_output_past_stack",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_REG(R2, R10),
			ALU64_IMM(ADD, R2, -8), MOV64_IMM(R3, 16), MOV64_IMM(R4, 0),
			CALL(ringbuf_output), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid indirect access to stack R2 off=-8 size=16",
	},
	{
		.name = "rb_query",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 0),
			CALL(ringbuf_query), EXIT,
		},
		.retval = 0,
	},
};

VC_TABLE(vc_ref_table, "ref", cases);
