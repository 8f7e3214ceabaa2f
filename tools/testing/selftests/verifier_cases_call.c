// SPDX-License-Identifier: GPL-2.0
/*
 * Calls: bpf-to-bpf calls (arguments, return values, caller-saved and
 * callee-saved registers, pointers to the caller's stack, depth and the
 * combined stack size), tail calls, and helper arguments (sizes, memory
 * regions, clobbered registers).
 */
#include "verifier_cases.h"

#define RAW_TP		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT
#define SKB		.prog_type = KBPF_PROG_TYPE_SOCKET_FILTER
#define ALL		.levels = VC_ROOT | VC_BPF | VC_PERFMON

/* probe_read_kernel(fp - 8, r2, r10): r2 set by the case. */
#define PROBE_READ_FP8							\
	MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8), MOV64_REG(R3, R10),	\
	CALL(probe_read_kernel)

static const struct vc_case cases[] = {
	{
		.name = "call_simple",
		.insns = {
			MOV64_IMM(R1, 3), CALL_REL(1), EXIT,
			MOV64_REG(R0, R1), ALU64_IMM(ADD, R0, 1), EXIT,
		},
		.retval = 4,
	},
	{
		.name = "call_five_args",
		.insns = {
			MOV64_IMM(R1, 1), MOV64_IMM(R2, 2), MOV64_IMM(R3, 4),
			MOV64_IMM(R4, 8), MOV64_IMM(R5, 16), CALL_REL(1), EXIT,
			MOV64_REG(R0, R1), ALU64_REG(ADD, R0, R2),
			ALU64_REG(ADD, R0, R3), ALU64_REG(ADD, R0, R4),
			ALU64_REG(ADD, R0, R5), EXIT,
		},
		.retval = 31,
	},
	{
		.name = "call_arg_not_set_by_caller",
		.insns = {
			MOV64_IMM(R1, 1), CALL_REL(1), EXIT,
			MOV64_REG(R0, R2), EXIT,
		},
		.verdict = VC_REJECT, .log = "R2 !read_ok",
	},
	{
		.name = "call_callee_saved_not_passed",
		.insns = {
			MOV64_IMM(R6, 1), CALL_REL(1), EXIT,
			MOV64_REG(R0, R6), EXIT,
		},
		.verdict = VC_REJECT, .log = "R6 !read_ok",
	},
	{
		.name = "call_caller_saved_clobbered",
		.insns = {
			MOV64_IMM(R1, 5), CALL_REL(2), MOV64_REG(R0, R1), EXIT,
			RET(0),
		},
		.verdict = VC_REJECT, .log = "R1 !read_ok",
	},
	{
		.name = "call_callee_saved_preserved",
		.insns = {
			MOV64_IMM(R6, 7), CALL_REL(2), MOV64_REG(R0, R6), EXIT,
			MOV64_IMM(R6, 1), RET(0),
		},
		.retval = 7,
	},
	{
		.name = "call_return_value",
		.insns = {
			CALL_REL(2), ALU64_IMM(ADD, R0, 1), EXIT, RET(9),
		},
		.retval = 10,
	},
	/*
	 * A called function without a stack keeps the caller's r0 (rax)
	 * in the JIT: every read of it at the entry must be refused.
	 */
	{
		.name = "call_callee_reads_r0_at_entry",
		.insns = {
			MOV64_IMM(R0, 5), CALL_REL(1), EXIT,
			ALU64_IMM(ADD, R0, 1), EXIT,
		},
		.verdict = VC_REJECT, .log = "R0 !read_ok",
	},
	{
		.name = "call_callee_jumps_on_r0_at_entry",
		.insns = {
			MOV64_IMM(R0, 5), CALL_REL(1), EXIT,
			JMP_IMM(JEQ, R0, 5, 2), RET(0), RET(1),
		},
		.verdict = VC_REJECT, .log = "R0 !read_ok",
	},
	{
		.name = "call_callee_cmpxchg_r0_at_entry",
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R1, R10),
			ALU64_IMM(ADD, R1, -8), MOV64_IMM(R0, 0), CALL_REL(2),
			LDX(DW, R0, R10, -8), EXIT,
			MOV64_IMM(R2, 1), ATOMIC(DW, KBPF_CMPXCHG, R1, R2, 0),
			RET(0),
		},
		.verdict = VC_REJECT, .log = "R0 !read_ok",
	},
	{
		.name = "call_callee_exit_r0_unset_twice",
		.insns = {
			MOV64_IMM(R0, 5), CALL_REL(2), CALL_REL(1), EXIT,
			MOV64_IMM(R1, 0), EXIT,
		},
		.verdict = VC_REJECT, .log = "R0 !read_ok",
	},
	{
		.name = "call_callee_no_r0",
		.insns = { CALL_REL(1), EXIT, MOV64_IMM(R1, 0), EXIT },
		.verdict = VC_REJECT, .log = "R0 !read_ok",
	},
	{
		.name = "call_callee_writes_caller_stack",
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R1, R10),
			ALU64_IMM(ADD, R1, -8), CALL_REL(2), LDX(DW, R0, R10, -8),
			EXIT,
			ST(DW, R1, 0, 42), RET(0),
		},
		.retval = 42,
	},
	{
		.name = "call_callee_reads_caller_stack_past",
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R1, R10),
			ALU64_IMM(ADD, R1, -8), CALL_REL(1), EXIT,
			LDX(DW, R0, R1, 8), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid read from stack R1 off=0 size=8",
	},
	{
		.name = "call_return_own_stack_ptr",
		.insns = {
			CALL_REL(2), MOV64_IMM(R0, 0), EXIT,
			MOV64_REG(R0, R10), ALU64_IMM(ADD, R0, -8), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot return stack pointer to the caller",
	},
	{
		.name = "call_return_caller_stack_ptr",
		.insns = {
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8), CALL_REL(2),
			MOV64_IMM(R0, 0), EXIT,
			MOV64_REG(R0, R1), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot return stack pointer to the caller",
	},
	{
		.name = "call_map_value_arg",
		.insns = {
			MAPVAL_R6, MOV64_REG(R1, R6), CALL_REL(1), EXIT,
			LDX(DW, R0, R1, 40), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "call_map_value_arg_oob",
		.insns = {
			MAPVAL_R6, MOV64_REG(R1, R6), CALL_REL(1), EXIT,
			LDX(DW, R0, R1, 41), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=41 size=8",
	},
	{
		.name = "call_ctx_arg",
		.insns = { CALL_REL(1), EXIT, LDX(DW, R0, R1, 0), EXIT },
		.retval = 0x100,
	},
	{
		.name = "call_recursion",
		.insns = { CALL_REL(1), EXIT, CALL_REL(-1), EXIT },
		.verdict = VC_REJECT, .err = E2BIG,
		.log = "the call stack of 9 frames is too deep",
	},
	{
		.name = "call_out_of_range",
		.insns = { CALL_REL(10), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "call to invalid destination",
	},
	{
		.name = "call_subprog_falls_through",
		.insns = {
			CALL_REL(1), EXIT, MOV64_IMM(R0, 1),
			CALL_REL(0), MOV64_IMM(R0, 2), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "last insn is not an exit or jmp",
	},
	{
		.name = "call_jump_into_other_subprog",
		.insns = {
			CALL_REL(1), EXIT, MOV64_IMM(R0, 0),
			JMP_IMM(JEQ, R1, 0, -3), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "jump out of range from insn 3 to 1",
	},
	{
		.name = "call_depth_8_frames",
		.insns = {
			CALL_REL(1), EXIT, CALL_REL(1), EXIT, CALL_REL(1), EXIT,
			CALL_REL(1), EXIT, CALL_REL(1), EXIT, CALL_REL(1), EXIT,
			CALL_REL(1), EXIT, RET(1),
		},
		.retval = 1,
	},
	{
		.name = "call_depth_9_frames",
		.insns = {
			CALL_REL(1), EXIT, CALL_REL(1), EXIT, CALL_REL(1), EXIT,
			CALL_REL(1), EXIT, CALL_REL(1), EXIT, CALL_REL(1), EXIT,
			CALL_REL(1), EXIT, CALL_REL(1), EXIT, RET(1),
		},
		.verdict = VC_REJECT, .err = E2BIG,
		.log = "the call stack of 9 frames is too deep",
	},
	{
		.name = "call_combined_stack_512",
		.insns = {
			ST(DW, R10, -256, 0), CALL_REL(2), MOV64_IMM(R0, 1), EXIT,
			ST(DW, R10, -256, 0), RET(0),
		},
		.retval = 1,
	},
	{
		.name = "call_combined_stack_too_large",
		.insns = {
			ST(DW, R10, -256, 0), CALL_REL(2), MOV64_IMM(R0, 1), EXIT,
			ST(DW, R10, -256, 0), CALL_REL(2), RET(0),
			ST(DW, R10, -8, 0), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "combined stack size of 3 calls is 528. Too large",
	},
	{
		.name = "call_combined_stack_dead_store_not_counted",
		.insns = {
			ST(DW, R10, -504, 0), CALL_REL(2), MOV64_IMM(R0, 1), EXIT,
			MOV64_IMM(R0, 0), JMP_IMM(JEQ, R0, 0, 1),
			ST(DW, R10, -16, 0), RET(0),
		},
		.retval = 1,
	},
	/* Tail calls (prog arrays are for non-sleepable programs). */
	{
		.name = "tail_call_empty_slot", RAW_TP,
		.insns = {
			LD_MAP(R2, VC_PROG_ARRAY), MOV64_IMM(R3, 0),
			CALL(tail_call), RET(7),
		},
		.retval = 7,
	},
	{
		.name = "tail_call_wrong_map", RAW_TP,
		.insns = {
			LD_MAP(R2, VC_ARRAY), MOV64_IMM(R3, 0),
			CALL(tail_call), RET(7),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "kernel subsystem misconfigured verifier",
	},
	{
		.name = "tail_call_index_uninit", RAW_TP,
		.insns = { LD_MAP(R2, VC_PROG_ARRAY), CALL(tail_call), RET(7) },
		.verdict = VC_REJECT, .log = "R3 !read_ok",
	},
	/*
	 * Without BTF a subprogram may not tail call (Linux's
	 * check_abnormal_return()), kbpf's programs never have BTF.
	 */
	{
		.name = "tail_call_from_subprog", RAW_TP,
		.insns = {
			CALL_REL(1), EXIT,
			LD_MAP(R2, VC_PROG_ARRAY), MOV64_IMM(R3, 1),
			CALL(tail_call), RET(8),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "tail_call is not allowed in subprogs without BTF",
	},
	{
		.name = "tail_call_subprog_stack_too_large", RAW_TP,
		.insns = {
			ST(DW, R10, -264, 0), CALL_REL(2), MOV64_IMM(R0, 0), EXIT,
			LD_MAP(R2, VC_PROG_ARRAY), MOV64_IMM(R3, 1),
			CALL(tail_call), RET(8),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "tail_call is not allowed in subprogs without BTF",
	},
	/*
	 * A tail call that succeeds in a subprogram ends it: the callee
	 * returns to the subprogram's caller with its own r0, and nothing
	 * after the tail call runs. A verifier that walked only the path
	 * where the tail call fails would trust these results; each would
	 * reach outside its map value or write anywhere.
	 *
	 * r0 = sub(ctx), trusted to be 0, offsets a map value.
	 */
	{
		.name = "tail_call_subprog_r0_trusted", SKB, ALL,
		.insns = {
			MOV64_REG(R7, R1), MAPVAL_R6,
			MOV64_REG(R1, R7), CALL_REL(3),
			ALU64_REG(ADD, R6, R0), LDX(B, R0, R6, 0), EXIT,
			LD_MAP(R2, VC_PROG_ARRAY), MOV64_IMM(R3, 0),
			CALL(tail_call), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "tail_call is not allowed in subprogs without BTF",
	},
	/* fp[-8] = 4096; sub(ctx, &fp[-8]) zeroes it after its tail call. */
	{
		.name = "tail_call_subprog_stack_trusted", SKB, ALL,
		.insns = {
			MOV64_REG(R7, R1), MAPVAL_R6,
			ST(DW, R10, -8, 4096), MOV64_REG(R1, R7),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -8),
			CALL_REL(4),
			LDX(DW, R1, R10, -8), ACCESS_R6_R1,
			MOV64_REG(R6, R2),
			LD_MAP(R2, VC_PROG_ARRAY), MOV64_IMM(R3, 0),
			CALL(tail_call), ST(DW, R6, 0, 0), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "tail_call is not allowed in subprogs without BTF",
	},
	/*
	 * fp[-8] = 4096; sub(ctx, &fp[-8], value) spills the map value
	 * pointer there after its tail call; the caller stores through
	 * what it then takes for that pointer: address 4096.
	 */
	{
		.name = "tail_call_subprog_spill_trusted", SKB, ALL,
		.insns = {
			MOV64_REG(R7, R1), MAPVAL_R6,
			ST(DW, R10, -8, 4096), MOV64_REG(R1, R7),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -8),
			MOV64_REG(R3, R6), CALL_REL(4),
			LDX(DW, R1, R10, -8), ST(DW, R1, 0, 0), RET(0),
			MOV64_REG(R6, R2), MOV64_REG(R8, R3),
			LD_MAP(R2, VC_PROG_ARRAY), MOV64_IMM(R3, 0),
			CALL(tail_call), STX(DW, R6, R8, 0), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "tail_call is not allowed in subprogs without BTF",
	},
	/* A callback is a subprogram too: cb(i, c) tail calls. */
	{
		.name = "tail_call_from_callback", RAW_TP,
		.insns = {
			STX(DW, R10, R1, -8), MOV64_IMM(R1, 1), LD_FUNC(R2, 7),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -8),
			MOV64_IMM(R4, 0), CALL(loop), RET(0),
			LDX(DW, R1, R2, 0), LD_MAP(R2, VC_PROG_ARRAY),
			MOV64_IMM(R3, 0), CALL(tail_call), RET(1),
		},
		/* Linux is given BTF for the callback, and with it accepts. */
		.retval = 0,
		.kbpf_diff = "kbpf has no BTF: Linux's rule without it refuses a callback's tail call",
		.kbpf_verdict = VC_REJECT, .kbpf_err = EINVAL,
	},
	{
		.name = "tail_call_clobbers_caller_saved", RAW_TP,
		.insns = {
			LD_MAP(R2, VC_PROG_ARRAY), MOV64_IMM(R3, 0),
			CALL(tail_call), MOV64_REG(R0, R3), EXIT,
		},
		.verdict = VC_REJECT, .log = "R3 !read_ok",
	},
	/* Helper arguments. */
	{
		.name = "helper_clobbers_r1_r5",
		.insns = {
			LOOKUP32(VC_ARRAY, 0), MOV64_REG(R0, R5), EXIT,
		},
		.verdict = VC_REJECT, .log = "R5 !read_ok",
	},
	{
		.name = "helper_keeps_r6_r9",
		.insns = {
			MOV64_IMM(R6, 1), MOV64_IMM(R9, 2),
			LOOKUP32(VC_ARRAY, 0), MOV64_REG(R0, R6),
			ALU64_REG(ADD, R0, R9), EXIT,
		},
		.retval = 3,
	},
	{
		.name = "helper_size_const",
		.insns = { MOV64_IMM(R2, 8), PROBE_READ_FP8, EXIT },
		.retval = 0,
	},
	{
		.name = "helper_size_zero_allowed",
		.insns = { MOV64_IMM(R2, 0), PROBE_READ_FP8, EXIT },
		.retval = 0,
	},
	{
		.name = "helper_size_too_big",
		.insns = { MOV64_IMM(R2, 16), PROBE_READ_FP8, EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid indirect access to stack R1 off=-8 size=16",
	},
	{
		.name = "helper_size_bounded",
		.insns = {
			MAPVAL_R6, LDX(DW, R2, R6, 0), ALU64_IMM(AND, R2, 7),
			PROBE_READ_FP8, EXIT,
		},
		.retval = 0,
	},
	{
		.name = "helper_size_unbounded",
		.insns = { MAPVAL_R6, LDX(W, R2, R6, 0), PROBE_READ_FP8, EXIT },
		.verdict = VC_REJECT,
		.log = "R2 unbounded memory access, use 'var &= const' or 'if (var < const)'",
	},
	{
		.name = "helper_size_negative",
		.insns = {
			MAPVAL_R6, LDX(B, R2, R6, 0), ALU64_IMM(SUB, R2, 4),
			PROBE_READ_FP8, EXIT,
		},
		.verdict = VC_REJECT,
		.log = "R2 min value is negative, either use unsigned or 'var &= const'",
	},
	{
		.name = "helper_size_zero_not_allowed",
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R1, R10),
			ALU64_IMM(ADD, R1, -8), MOV64_IMM(R2, 0),
			CALL(trace_printk), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "R2 invalid zero-sized read: u64=[0,0]",
	},
	{
		.name = "helper_mem_is_map_value",
		.insns = {
			MAPVAL_R6, MOV64_REG(R1, R6), MOV64_IMM(R2, 48),
			MOV64_REG(R3, R10), CALL(probe_read_kernel), RET(0),
		},
	},
	{
		.name = "helper_mem_past_map_value",
		.insns = {
			MAPVAL_R6, MOV64_REG(R1, R6), MOV64_IMM(R2, 49),
			MOV64_REG(R3, R10), CALL(probe_read_kernel), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=0 size=49",
	},
	{
		.name = "helper_mem_rdonly_map_dst",
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_RO, 0, 0), MOV64_REG(R1, R0),
			MOV64_IMM(R2, 8), MOV64_REG(R3, R10),
			CALL(probe_read_kernel), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "write into map forbidden",
	},
	{
		.name = "helper_mem_scalar",
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R2, 8), MOV64_REG(R3, R10),
			CALL(probe_read_kernel), RET(0),
		},
		.verdict = VC_REJECT, .log = "R1 type=scalar expected=fp",
	},
};

VC_TABLE(vc_call_table, "call", cases);
