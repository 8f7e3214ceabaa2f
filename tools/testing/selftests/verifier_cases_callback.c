// SPDX-License-Identifier: GPL-2.0
/*
 * Callbacks of bpf_loop(), bpf_for_each_map_elem() and
 * bpf_user_ringbuf_drain(): their arguments, return ranges, the caller's
 * stack reached through ctx, references, nesting. Against Linux each
 * subprogram gets BTF func_info (kbpf_prog.c); kbpf needs none.
 */
#include "verifier_cases.h"

/*
 * r0 = bpf_loop(@nr, the callback 4 + @gap insns after the LD_FUNC,
 * r3 as set before, 0): 6 insns, the callback after @gap more.
 */
#define LOOP(nr, gap)							\
	MOV64_IMM(R1, nr), LD_FUNC(R2, 3 + (gap)), MOV64_IMM(R4, 0),	\
	CALL(loop)
/* bpf_loop(5, cb, NULL, 0); return r0; then the callback. */
#define LOOP5(...)							\
	MOV64_IMM(R3, 0), LOOP(5, 1), EXIT, __VA_ARGS__

#define RANGE01		"should have been in [0, 1]"

static const struct vc_case cases[] = {
	/* a callback's r0 is unreadable at its entry, whatever C left in it */
	{
		.name = "cb_loop_reads_r0_at_entry",
		.insns = { LOOP5(ALU64_IMM(AND, R0, 1), EXIT) },
		.verdict = VC_REJECT, .log = "R0 !read_ok",
	},
	{
		.name = "cb_for_each_reads_r0_at_entry",
		.insns = {
			LD_MAP(R1, VC_ARRAY), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT,
			MOV64_REG(R1, R0), RET(0),
		},
		.verdict = VC_REJECT, .log = "R0 !read_ok",
	},
	{
		.name = "cb_loop_count",
		.insns = { LOOP5(RET(0)) },
		.retval = 5,
	},
	{
		.name = "cb_loop_break",
		.insns = { LOOP5(RET(1)) },
		.retval = 1,
	},
	{
		.name = "cb_loop_return_2",
		.insns = { LOOP5(RET(2)) },
		.verdict = VC_REJECT, .err = EINVAL, .log = RANGE01,
	},
	{
		.name = "cb_loop_return_unknown",
		.insns = { LOOP5(CALL(get_prandom_u32), EXIT) },
		.verdict = VC_REJECT, .err = EINVAL, .log = RANGE01,
	},
	{
		.name = "cb_loop_return_masked",
		.insns = {
			LOOP5(CALL(get_prandom_u32), ALU64_IMM(AND, R0, 1), EXIT),
		},
		.no_run = true,
	},
	{
		.name = "cb_loop_return_pointer",
		.insns = { LOOP5(MOV64_REG(R0, R10), EXIT) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot return stack pointer to the caller",
	},
	{
		.name = "cb_loop_return_uninit",
		.insns = { LOOP5(MOV64_IMM(R1, 0), EXIT) },
		.verdict = VC_REJECT, .log = "R0 not a scalar value",
	},
	{
		.name = "cb_loop_nr_is_pointer",
		.insns = {
			MOV64_IMM(R3, 0), MOV64_REG(R1, R10),
			LD_FUNC(R2, 4), MOV64_IMM(R4, 0), CALL(loop), EXIT,
			RET(0),
		},
		.verdict = VC_REJECT, .log = "R1 type=fp expected=scalar",
	},
	{
		.name = "cb_loop_index_arg",
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R3, R10),
			ALU64_IMM(ADD, R3, -8), LOOP(4, 2), LDX(DW, R0, R10, -8),
			EXIT,
			LDX(DW, R3, R2, 0), ALU64_REG(ADD, R3, R1),
			STX(DW, R2, R3, 0), RET(0),
		},
		.retval = 6,
	},
	{
		.name = "cb_loop_ctx_writes_caller_stack",
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R3, R10),
			ALU64_IMM(ADD, R3, -8), LOOP(5, 2), LDX(DW, R0, R10, -8),
			EXIT,
			LDX(DW, R3, R2, 0), ALU64_IMM(ADD, R3, 1),
			STX(DW, R2, R3, 0), RET(0),
		},
		.retval = 5,
	},
	{
		.name = "cb_loop_ctx_past_caller_stack",
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R3, R10),
			ALU64_IMM(ADD, R3, -8), LOOP(5, 2), LDX(DW, R0, R10, -8),
			EXIT,
			ST(DW, R2, 8, 1), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid write to stack R2 off=0 size=8",
	},
	{
		.name = "cb_loop_ctx_map_value_refused",
		.insns = {
			MAPVAL_R6, MOV64_REG(R3, R6), LOOP(3, 2),
			LDX(DW, R0, R6, 0), EXIT,
			ST(DW, R2, 40, 1), LDX(DW, R3, R2, 0),
			ALU64_IMM(ADD, R3, 1), STX(DW, R2, R3, 0), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R3 type=map_value expected=fp",
	},
	{
		.name = "cb_loop_ctx_map_value_refused_before_body",
		.insns = {
			MAPVAL_R6, MOV64_REG(R3, R6), LOOP(3, 2),
			LDX(DW, R0, R6, 0), EXIT,
			ST(DW, R2, 41, 1), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R3 type=map_value expected=fp",
	},
	{
		.name = "cb_loop_callback_reads_r3",
		.insns = { LOOP5(MOV64_REG(R0, R3), EXIT) },
		.verdict = VC_REJECT, .log = "R3 !read_ok",
	},
	{
		.name = "cb_loop_callback_reads_r6",
		.insns = { MOV64_IMM(R6, 1), LOOP5(MOV64_REG(R0, R6), EXIT) },
		.verdict = VC_REJECT, .log = "R6 !read_ok",
	},
	{
		.name = "cb_loop_caller_r6_kept",
		.insns = {
			MOV64_IMM(R6, 9), MOV64_IMM(R3, 0), LOOP(2, 2),
			MOV64_REG(R0, R6), EXIT,
			MOV64_IMM(R6, 1), RET(0),
		},
		.retval = 9,
	},
	{
		.name = "cb_loop_caller_r1_clobbered",
		.insns = {
			MOV64_IMM(R3, 0), LOOP(2, 2), MOV64_REG(R0, R1), EXIT,
			RET(0),
		},
		.verdict = VC_REJECT, .log = "R1 !read_ok",
	},
	{
		.name = "cb_loop_flags_runtime_einval",
		.insns = {
			MOV64_IMM(R1, 5), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 1), CALL(loop), EXIT, RET(0),
		},
		.retval = (__u32)-EINVAL,
	},
	{
		.name = "cb_loop_nr_unknown",
		.insns = {
			CALL(get_prandom_u32), MOV64_REG(R1, R0),
			ALU64_IMM(AND, R1, 3), LD_FUNC(R2, 6), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(loop), RET(0), RET(0),
		},
	},
	{
		.name = "cb_loop_callback_not_func",
		.insns = {
			MOV64_IMM(R1, 1), MOV64_IMM(R2, 0), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(loop), EXIT,
		},
		.verdict = VC_REJECT, .log = "R2 type=scalar expected=func",
	},
	{
		.name = "cb_loop_nested",
		.insns = {
			MOV64_IMM(R3, 0), LOOP(3, 1), EXIT,
			MOV64_IMM(R3, 0), LOOP(2, 2), RET(0), RET(0),
		},
		.retval = 3,
	},
	/*
	 * Eight frames: bpf_loop(2) nested seven deep, 127 series; the
	 * innermost callback counts and breaks its loop at index 1 (r0 from
	 * the count would keep Linux's verifier from converging). A series
	 * that kept its frame, or one not given back on the break, would
	 * leave too few frames for the last ones.
	 */
	{
		.name = "cb_loop_series_nest_8_frames",
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R3, R10),
			ALU64_IMM(ADD, R3, -8), LOOP(2, 2),
			LDX(DW, R0, R10, -8), EXIT,
			MOV64_REG(R3, R2), LOOP(2, 2), RET(0),
			MOV64_REG(R3, R2), LOOP(2, 2), RET(0),
			MOV64_REG(R3, R2), LOOP(2, 2), RET(0),
			MOV64_REG(R3, R2), LOOP(2, 2), RET(0),
			MOV64_REG(R3, R2), LOOP(2, 2), RET(0),
			MOV64_REG(R3, R2), LOOP(2, 2), RET(0),
			LDX(DW, R0, R2, 0), ALU64_IMM(ADD, R0, 1),
			STX(DW, R2, R0, 0), MOV64_REG(R0, R1),
			ALU64_IMM(AND, R0, 1), EXIT,
		},
		.retval = 128,
	},
	/*
	 * Three helpers' series nested: for_each_map_elem() over the 4
	 * elements, stopped by its callback at key 2; in each, bpf_loop(3)
	 * whose callback counts and drains the empty user ring buffer.
	 * r0 = 3 + 100 * 9.
	 */
	{
		.name = "cb_series_for_each_loop_drain",
		.insns = {
			ST(DW, R10, -8, 0), LD_MAP(R1, VC_ARRAY), LD_FUNC(R2, 9),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -8),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem),
			LDX(DW, R1, R10, -8), ALU64_IMM(MUL, R1, 100),
			ALU64_REG(ADD, R0, R1), EXIT,
			/* for_each callback */
			LDX(W, R6, R2, 0), MOV64_REG(R3, R4), MOV64_IMM(R1, 3),
			LD_FUNC(R2, 7), MOV64_IMM(R4, 0), CALL(loop),
			MOV64_IMM(R0, 0), JMP_IMM(JNE, R6, 2, 1),
			MOV64_IMM(R0, 1), EXIT,
			/* bpf_loop callback */
			LDX(DW, R0, R2, 0), ALU64_IMM(ADD, R0, 1),
			STX(DW, R2, R0, 0), MOV64_REG(R3, R2),
			LD_MAP(R1, VC_URINGBUF), LD_FUNC(R2, 5),
			MOV64_IMM(R4, 0), CALL(user_ringbuf_drain), RET(0),
			/* drain callback */
			RET(0),
		},
		.retval = 903,
	},
	{
		.name = "cb_loop_callback_leaks_ref",
		.insns = {
			LOOP5(LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 8),
			      MOV64_IMM(R3, 0), CALL(ringbuf_reserve), RET(0)),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "Unreleased reference id=",
	},
	{
		.name = "cb_loop_callback_releases_ref",
		.insns = {
			LOOP5(LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 8),
			      MOV64_IMM(R3, 0), CALL(ringbuf_reserve),
			      JMP_IMM(JEQ, R0, 0, 3), MOV64_REG(R1, R0),
			      MOV64_IMM(R2, 0), CALL(ringbuf_discard), RET(0)),
		},
		.retval = 5,
	},
	{
		.name = "cb_ld_func_out_of_range",
		.insns = {
			MOV64_IMM(R1, 1), LD_FUNC(R2, 40), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(loop), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "call to invalid destination",
	},
	/* bpf_for_each_map_elem(map, cb(map, key, value, ctx), ctx, flags) */
	{
		.name = "cb_for_each_array",
		.insns = {
			LD_MAP(R1, VC_ARRAY), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT,
			LDX(DW, R0, R3, 40), RET(0),
		},
		.retval = 4,
	},
	{
		.name = "cb_for_each_value_past_end",
		.insns = {
			LD_MAP(R1, VC_ARRAY), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT,
			LDX(DW, R0, R3, 41), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=41 size=8",
	},
	{
		.name = "cb_for_each_key_read",
		.insns = {
			LD_MAP(R1, VC_ARRAY), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT,
			LDX(W, R0, R2, 0), RET(0),
		},
		.retval = 4,
	},
	{
		.name = "cb_for_each_key_past_end",
		.insns = {
			LD_MAP(R1, VC_ARRAY), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT,
			LDX(W, R0, R2, 4), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map key, key_size=4 off=4 size=4",
	},
	{
		.name = "cb_for_each_reads_r5",
		.insns = {
			LD_MAP(R1, VC_ARRAY), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT,
			MOV64_REG(R0, R5), EXIT,
		},
		.verdict = VC_REJECT, .log = "R5 !read_ok",
	},
	{
		.name = "cb_for_each_ctx_arg",
		.insns = {
			ST(DW, R10, -8, 0), LD_MAP(R1, VC_ARRAY), LD_FUNC(R2, 7),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -8),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem),
			LDX(DW, R0, R10, -8), EXIT,
			LDX(DW, R1, R4, 0), ALU64_IMM(ADD, R1, 10),
			STX(DW, R4, R1, 0), RET(0),
		},
		.retval = 40,
	},
	{
		.name = "cb_for_each_break",
		.insns = {
			LD_MAP(R1, VC_ARRAY), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT,
			RET(1),
		},
		.retval = 1,
	},
	{
		.name = "cb_for_each_hash_value_size",
		.insns = {
			LD_MAP(R1, VC_HASH), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT,
			LDX(DW, R0, R3, 16), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=16 off=16 size=8",
	},
	{
		.name = "cb_for_each_ringbuf",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT,
			RET(0),
		},
		.verdict = VC_REJECT, .err = ENOTSUPP,
		.log = "callback function not allowed for map",
	},
	{
		.name = "cb_for_each_return_2",
		.insns = {
			LD_MAP(R1, VC_ARRAY), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT,
			RET(2),
		},
		.verdict = VC_REJECT, .err = EINVAL, .log = RANGE01,
	},
	/* bpf_user_ringbuf_drain(map, cb(dynptr, ctx), ctx, flags) */
	{
		.name = "cb_user_ringbuf_drain_empty",
		.insns = {
			LD_MAP(R1, VC_URINGBUF), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(user_ringbuf_drain), EXIT,
			RET(0),
		},
		.retval = 0,
	},
	{
		.name = "cb_user_ringbuf_drain_wrong_map",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(user_ringbuf_drain), EXIT,
			RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 27 into func bpf_user_ringbuf_drain#209",
	},
	{
		.name = "cb_user_ringbuf_dynptr_read",
		.insns = {
			LD_MAP(R1, VC_URINGBUF), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(user_ringbuf_drain), EXIT,
			MOV64_REG(R3, R1), MOV64_REG(R1, R10),
			ALU64_IMM(ADD, R1, -8), MOV64_IMM(R2, 8), MOV64_IMM(R4, 0),
			MOV64_IMM(R5, 0), CALL(dynptr_read), RET(0),
		},
		.retval = 0,
	},
	{
		.name = "cb_user_ringbuf_dynptr_deref",
		.insns = {
			LD_MAP(R1, VC_URINGBUF), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(user_ringbuf_drain), EXIT,
			LDX(DW, R0, R1, 0), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R1 invalid mem access 'dynptr_ptr'",
	},
	{
		.name = "cb_user_ringbuf_submit_dynptr",
		.insns = {
			LD_MAP(R1, VC_URINGBUF), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(user_ringbuf_drain), EXIT,
			MOV64_IMM(R2, 0), CALL(ringbuf_submit_dynptr), RET(0),
		},
		.verdict = VC_REJECT,
		.err = EINVAL,
		.log = "cannot release unowned const bpf_dynptr",
	},
};

VC_TABLE(vc_callback_table, "callback", cases);
