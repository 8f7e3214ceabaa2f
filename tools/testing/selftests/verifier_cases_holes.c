// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 15: the six mechanisms by which programs kbpf's verifier accepted
 * (at fbd3687) corrupted or exposed kernel memory, each with its class,
 * at CAP_BPF alone (name@bpf) and with CAP_PERFMON (name@perfmon), some
 * as root too. Every verdict, errno and log word is Linux 6.12's:
 *  1. pointers passed to helpers with an offset (check_func_arg_reg_off):
 *     callbacks (PTR_TO_FUNC), CONST_PTR_TO_DYNPTR, ctx, ringbuf records,
 *     map pointers; and pruning that must see the offset;
 *  2. a CONST_PTR_TO_DYNPTR stored to the stack is no spill
 *     (is_spillable_regtype): its reload is a scalar;
 *  3. BPF_F_RDONLY_PROG maps take no writes (record_func_map, helper
 *     memory arguments, stores), BPF_F_WRONLY_PROG maps no reads;
 *  4. (tail calls: test_tail_call_compat.c);
 *  5. a NULL memory argument only with size 0;
 *  6. without CAP_PERFMON no pointer leaks through BPF_CMPXCHG and no
 *     pointer comparisons, except the NULL check of a may-be-NULL pointer
 *     (JEQ/JNE against the immediate 0, 64-bit) and comparisons of a
 *     pointer never NULL (not fp) against 0, whose outcome is known.
 */
#include "verifier_cases.h"

#define RAW_TP		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT
#define BOTH		.levels = VC_BPF | VC_PERFMON
#define ALL		.levels = VC_ROOT | VC_BPF | VC_PERFMON
#define BPF_ONLY	.levels = VC_BPF
#define PERFMON		.levels = VC_ROOT | VC_PERFMON

#define OFF_FUNC	"dereference of modified func ptr R2 off=8 disallowed"
#define OFF_DYNPTR	"dereference of modified dynptr_ptr ptr"
#define SANITIZE	"pointer arithmetic with it prohibited for !root"
#define CMP_PROHIBITED	"R0 pointer comparison prohibited"
/* A memory argument without PTR_MAYBE_NULL given a scalar. */
#define NOT_NULLABLE(reg)	reg " type=scalar expected=fp, pkt, pkt_meta"

/*
 * bpf_loop(1, cb + @op, NULL, 0) with @op an instruction on r2 (the
 * callback pointer); the callback returns 0. 10 insns.
 */
#define LOOP_FUNC_OP(op)						\
	MOV64_IMM(R1, 1), LD_FUNC(R2, 6), op, MOV64_IMM(R3, 0),		\
	MOV64_IMM(R4, 0), CALL(loop), EXIT, RET(0)
/* The same with bpf_for_each_map_elem over @fix. */
#define FOR_EACH_FUNC_OP(fix, op)					\
	LD_MAP(R1, fix), LD_FUNC(R2, 6), op, MOV64_IMM(R3, 0),		\
	MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT, RET(0)
/* The same with bpf_user_ringbuf_drain. */
#define DRAIN_FUNC_OP(op)						\
	LD_MAP(R1, VC_URINGBUF), LD_FUNC(R2, 6), op, MOV64_IMM(R3, 0),	\
	MOV64_IMM(R4, 0), CALL(user_ringbuf_drain), EXIT, RET(0)
/* bpf_user_ringbuf_drain(VC_URINGBUF, cb, NULL, 0); cb's body follows. */
#define DRAIN(...)							\
	LD_MAP(R1, VC_URINGBUF), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),	\
	MOV64_IMM(R4, 0), CALL(user_ringbuf_drain), EXIT, __VA_ARGS__
/* In a drain callback: bpf_dynptr_read(fp - 8, 8, r1, 0, 0); return 0. */
#define DYNPTR_READ_R1							\
	MOV64_REG(R3, R1), MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8),	\
	MOV64_IMM(R2, 8), MOV64_IMM(R4, 0), MOV64_IMM(R5, 0),		\
	CALL(dynptr_read), RET(0)
/* In a drain callback: bpf_dynptr_write(r1, 0, fp - 8, 8, 0); return 0. */
#define DYNPTR_WRITE_R1							\
	ST(DW, R10, -8, 0), MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -8),	\
	MOV64_IMM(R2, 0), MOV64_IMM(R4, 8), MOV64_IMM(R5, 0),		\
	CALL(dynptr_write), RET(0)
/* r3 = the frozen read-only string "abc" */
#define RODATA_R3	LD_MAP_VALUE(R3, VC_RODATA, 0)
/* bpf_for_each_map_elem(@fix, cb, NULL, 0); cb's body follows. */
#define FOR_EACH(fix, ...)						\
	LD_MAP(R1, fix), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),		\
	MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT, __VA_ARGS__

static const struct vc_case cases[] = {
	/*
	 * 1. Offset pointers. A callback entered past its first
	 * instruction skips what the verifier checked there.
	 */
	{
		.name = "holes_func_off_loop", ALL,
		.insns = { LOOP_FUNC_OP(ALU64_IMM(ADD, R2, 8)) },
		.verdict = VC_REJECT, .log = OFF_FUNC,
	},
	{
		.name = "holes_func_neg_off_loop", ALL,
		.insns = { LOOP_FUNC_OP(ALU64_IMM(ADD, R2, -8)) },
		.verdict = VC_REJECT,
		.log = "negative offset func ptr R2 off=-8 disallowed",
	},
	{
		/* Back at offset 0, the pointer is as made. */
		.name = "holes_func_off_undone_loop", ALL,
		.insns = {
			MOV64_IMM(R1, 1), LD_FUNC(R2, 7), ALU64_IMM(ADD, R2, 8),
			ALU64_IMM(ADD, R2, -8), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(loop), EXIT, RET(0),
		},
		.retval = 1,
	},
	{
		.name = "holes_func_off_for_each", ALL,
		.insns = { FOR_EACH_FUNC_OP(VC_ARRAY, ALU64_IMM(ADD, R2, 8)) },
		.verdict = VC_REJECT, .log = OFF_FUNC,
	},
	{
		.name = "holes_func_off_user_ringbuf_drain", ALL,
		.insns = { DRAIN_FUNC_OP(ALU64_IMM(ADD, R2, 8)) },
		.verdict = VC_REJECT, .log = OFF_FUNC,
	},
	/* A variable offset: only CAP_PERFMON may add it at all. */
	{
		.name = "holes_func_var_off_loop", PERFMON,
		.insns = {
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			LOOP_FUNC_OP(ALU64_REG(ADD, R2, R0)),
		},
		.verdict = VC_REJECT,
		.log = "variable func access var_off=(0x0; 0x8) disallowed",
	},
	{
		.name = "holes_func_var_off_loop", BPF_ONLY,
		.insns = {
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			LOOP_FUNC_OP(ALU64_REG(ADD, R2, R0)),
		},
		.verdict = VC_REJECT, .log = SANITIZE,
		/* kbpf refuses at the call: the same verdict and errno */
		.kbpf_log_differs = true,
	},
	{
		.name = "holes_func_var_off_for_each", PERFMON,
		.insns = {
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			FOR_EACH_FUNC_OP(VC_ARRAY, ALU64_REG(ADD, R2, R0)),
		},
		.verdict = VC_REJECT,
		.log = "variable func access var_off=(0x0; 0x8) disallowed",
	},
	{
		.name = "holes_func_var_off_user_ringbuf_drain", PERFMON,
		.insns = {
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			DRAIN_FUNC_OP(ALU64_REG(ADD, R2, R0)),
		},
		.verdict = VC_REJECT,
		.log = "variable func access var_off=(0x0; 0x8) disallowed",
	},
	{
		/*
		 * Two paths meet before bpf_loop with the callback at
		 * offsets 0 (explored first) and 8: the second must not be
		 * pruned against the first.
		 */
		.name = "holes_func_off_not_pruned", ALL,
		.insns = {
			CALL(get_prandom_u32), LD_FUNC(R2, 9),
			JMP_IMM(JNE, R0, 0, 1), JA(1), ALU64_IMM(ADD, R2, 8),
			MOV64_IMM(R1, 1), MOV64_IMM(R3, 0), MOV64_IMM(R4, 0),
			CALL(loop), EXIT, RET(0),
		},
		.verdict = VC_REJECT, .log = OFF_FUNC,
	},
	/* The user ring buffer's CONST_PTR_TO_DYNPTR with an offset. */
	{
		.name = "holes_dynptr_off_read", ALL,
		.insns = { DRAIN(ALU64_IMM(ADD, R1, 8), DYNPTR_READ_R1) },
		.verdict = VC_REJECT, .log = OFF_DYNPTR " R3 off=8 disallowed",
	},
	{
		.name = "holes_dynptr_off_write", ALL,
		.insns = { DRAIN(ALU64_IMM(ADD, R1, 8), DYNPTR_WRITE_R1) },
		.verdict = VC_REJECT, .log = OFF_DYNPTR " R1 off=8 disallowed",
	},
	{
		.name = "holes_dynptr_off_data", ALL,
		.insns = {
			DRAIN(ALU64_IMM(ADD, R1, 8), MOV64_IMM(R2, 0),
			      MOV64_IMM(R3, 8), CALL(dynptr_data), RET(0)),
		},
		.verdict = VC_REJECT, .log = OFF_DYNPTR " R1 off=8 disallowed",
	},
	{
		.name = "holes_dynptr_var_off_read", PERFMON,
		.insns = {
			DRAIN(MOV64_REG(R6, R1), CALL(get_prandom_u32),
			      ALU64_IMM(AND, R0, 8), MOV64_REG(R1, R6),
			      ALU64_REG(ADD, R1, R0), DYNPTR_READ_R1),
		},
		.verdict = VC_REJECT,
		.log = "variable dynptr_ptr access var_off=(0x0; 0x8) disallowed",
	},
	{
		.name = "holes_dynptr_off_undone_read", ALL,
		.insns = {
			DRAIN(ALU64_IMM(ADD, R1, 8), ALU64_IMM(ADD, R1, -8),
			      DYNPTR_READ_R1),
		},
		.retval = 0,
	},
	/* ctx with an offset to a ctx argument (raw_tp: CAP_PERFMON). */
	{
		.name = "holes_ctx_off_tail_call", RAW_TP, PERFMON,
		.insns = {
			ALU64_IMM(ADD, R1, 8), LD_MAP(R2, VC_PROG_ARRAY),
			MOV64_IMM(R3, 0), CALL(tail_call), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "dereference of modified ctx ptr R1 off=8 disallowed",
	},
	{
		.name = "holes_ctx_var_off_tail_call", RAW_TP, PERFMON,
		.insns = {
			MOV64_REG(R6, R1), CALL(get_prandom_u32),
			ALU64_IMM(AND, R0, 8), MOV64_REG(R1, R6),
			ALU64_REG(ADD, R1, R0), LD_MAP(R2, VC_PROG_ARRAY),
			MOV64_IMM(R3, 0), CALL(tail_call), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "variable ctx access var_off=(0x0; 0x8) disallowed",
	},
	/* A ringbuf record released at an offset. */
	{
		.name = "holes_ringbuf_off_submit", ALL,
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 16),
			MOV64_IMM(R3, 0), CALL(ringbuf_reserve),
			JMP_IMM(JNE, R0, 0, 1), EXIT, ALU64_IMM(ADD, R0, 8),
			MOV64_REG(R1, R0), MOV64_IMM(R2, 0),
			CALL(ringbuf_submit), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "R1 must have zero offset when passed to release func",
	},
	{
		.name = "holes_ringbuf_var_off_submit", PERFMON,
		.insns = {
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			MOV64_REG(R7, R0), LD_MAP(R1, VC_RINGBUF),
			MOV64_IMM(R2, 16), MOV64_IMM(R3, 0),
			CALL(ringbuf_reserve), JMP_IMM(JNE, R0, 0, 1), EXIT,
			ALU64_REG(ADD, R0, R7), MOV64_REG(R1, R0),
			MOV64_IMM(R2, 0), CALL(ringbuf_submit), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "variable ringbuf_mem access var_off=(0x0; 0x8) disallowed",
	},
	{
		.name = "holes_ringbuf_var_off_submit", BPF_ONLY,
		.insns = {
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			MOV64_REG(R7, R0), LD_MAP(R1, VC_RINGBUF),
			MOV64_IMM(R2, 16), MOV64_IMM(R3, 0),
			CALL(ringbuf_reserve), JMP_IMM(JNE, R0, 0, 1), EXIT,
			ALU64_REG(ADD, R0, R7), MOV64_REG(R1, R0),
			MOV64_IMM(R2, 0), CALL(ringbuf_submit), RET(0),
		},
		.verdict = VC_REJECT, .log = SANITIZE,
		/* kbpf refuses at the call: the same verdict and errno */
		.kbpf_log_differs = true,
	},
	/*
	 * Without CAP_PERFMON (no bypass_spec_v1) Linux adds a variable
	 * offset only to stack and map value pointers, which it can mask;
	 * a ringbuf record, ctx or callback pointer may take none.
	 */
	{
		.name = "holes_ringbuf_var_off_store", BPF_ONLY,
		.insns = {
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			MOV64_REG(R7, R0), LD_MAP(R1, VC_RINGBUF),
			MOV64_IMM(R2, 16), MOV64_IMM(R3, 0),
			CALL(ringbuf_reserve), JMP_IMM(JNE, R0, 0, 1), EXIT,
			MOV64_REG(R6, R0), ALU64_REG(ADD, R0, R7),
			ST(DW, R0, 0, 1), MOV64_REG(R1, R6), MOV64_IMM(R2, 0),
			CALL(ringbuf_discard), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R0 has pointer with unsupported alu operation, " SANITIZE,
	},
	{
		.name = "holes_ringbuf_var_off_store", PERFMON,
		.insns = {
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			MOV64_REG(R7, R0), LD_MAP(R1, VC_RINGBUF),
			MOV64_IMM(R2, 16), MOV64_IMM(R3, 0),
			CALL(ringbuf_reserve), JMP_IMM(JNE, R0, 0, 1), EXIT,
			MOV64_REG(R6, R0), ALU64_REG(ADD, R0, R7),
			ST(DW, R0, 0, 1), MOV64_REG(R1, R6), MOV64_IMM(R2, 0),
			CALL(ringbuf_discard), RET(0),
		},
		.retval = 0,
	},
	{
		/* The same through ctx: ctx takes no variable offset at all. */
		.name = "holes_ctx_var_off_load", BPF_ONLY,
		.insns = {
			MOV64_REG(R6, R1), CALL(get_prandom_u32),
			ALU64_IMM(AND, R0, 8), ALU64_REG(ADD, R6, R0),
			LDX(DW, R0, R6, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "R6 has pointer with unsupported alu operation, " SANITIZE,
		/* kbpf refuses at the load: the same verdict and errno */
		.kbpf_log_differs = true,
	},
	{
		.name = "holes_ctx_var_off_load", PERFMON,
		.insns = {
			MOV64_REG(R6, R1), CALL(get_prandom_u32),
			ALU64_IMM(AND, R0, 8), ALU64_REG(ADD, R6, R0),
			LDX(DW, R0, R6, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "variable ctx access var_off=(0x0; 0x8) disallowed",
	},
	{
		/* The stack: no variable offset without CAP_PERFMON. */
		.name = "holes_stack_var_off_store", BPF_ONLY,
		.insns = {
			MOV64_REG(R6, R10), ALU64_IMM(ADD, R6, -16),
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			ALU64_REG(ADD, R6, R0), ST(DW, R6, 0, 1), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R6 variable stack access prohibited for !root, var_off=(0x0; 0x8) off=-16",
	},
	{
		.name = "holes_stack_var_off_store", PERFMON,
		.insns = {
			MOV64_REG(R6, R10), ALU64_IMM(ADD, R6, -16),
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			ALU64_REG(ADD, R6, R0), ST(DW, R6, 0, 1), RET(0),
		},
		.retval = 0,
	},
	{
		/* Pointer minus pointer is a scalar: a leak without PERFMON. */
		.name = "holes_ptr_sub_ptr", BPF_ONLY,
		.insns = {
			MOV64_REG(R1, R10), MOV64_REG(R2, R10),
			ALU64_IMM(ADD, R2, -8), ALU64_REG(SUB, R1, R2),
			MOV64_REG(R0, R1), EXIT,
		},
		.verdict = VC_REJECT,
	},
	{
		.name = "holes_ptr_store_into_map", BPF_ONLY,
		.insns = { MAPVAL_R6, STX(DW, R6, R10, 0), RET(0) },
		.verdict = VC_REJECT, .log = "R10 leaks addr into map",
	},
	{
		/*
		 * A branch whose outcome is known: without CAP_PERFMON Linux
		 * still walks the other side as a speculative path.
		 */
		.name = "holes_speculative_dead_path", BPF_ONLY,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY, 0, 7), JMP_IMM(JNE, R0, 0, 2),
			DEAD, RET(1),
		},
		.verdict = VC_REJECT, .log = DEAD_MSG,
	},
	{
		.name = "holes_speculative_dead_path", PERFMON,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY, 0, 7), JMP_IMM(JNE, R0, 0, 2),
			DEAD, RET(1),
		},
		.retval = 1,
	},
	{
		/* A map value may take one: Linux masks it. */
		.name = "holes_map_value_var_off_store", BOTH,
		.insns = {
			MAPVAL_R6, CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			ALU64_REG(ADD, R6, R0), ST(DW, R6, 0, 1), RET(0),
		},
		.retval = 0,
	},
	/* A map pointer takes no arithmetic at all. */
	{
		.name = "holes_map_ptr_off_lookup", ALL,
		.insns = {
			KEY32(0), LD_MAP(R1, VC_ARRAY), ALU64_IMM(ADD, R1, 8),
			CALL(map_lookup_elem), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R1 pointer arithmetic on map_ptr prohibited",
	},

	/*
	 * 2. A CONST_PTR_TO_DYNPTR (it points into the helper's frame) is
	 * not spilled: the store leaves bytes, the reload a scalar.
	 */
	{
		/* Into the caller's stack through ctx, used after the helper. */
		.name = "holes_dynptr_spill_caller_stack", ALL,
		.insns = {
			ST(DW, R10, -8, 0), LD_MAP(R1, VC_URINGBUF),
			LD_FUNC(R2, 15), MOV64_REG(R3, R10),
			ALU64_IMM(ADD, R3, -8), MOV64_IMM(R4, 0),
			CALL(user_ringbuf_drain), LDX(DW, R1, R10, -8),
			ST(DW, R10, -16, 0), MOV64_IMM(R2, 0),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -16),
			MOV64_IMM(R4, 8), MOV64_IMM(R5, 0), CALL(dynptr_write),
			RET(0),
			STX(DW, R2, R1, 0), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R1 type=scalar expected=fp, dynptr_ptr",
	},
	{
		/*
		 * The same, used only where the callback ran (it sets a flag
		 * beside the slot): the reproducer.
		 */
		.name = "holes_dynptr_spill_caller_stack_flag", ALL,
		.insns = {
			ST(DW, R10, -8, 0), ST(DW, R10, -16, 0),
			LD_MAP(R1, VC_URINGBUF), LD_FUNC(R2, 17),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -16),
			MOV64_IMM(R4, 0), CALL(user_ringbuf_drain),
			LDX(DW, R0, R10, -16), JMP_IMM(JNE, R0, 1, 8),
			LDX(DW, R1, R10, -8), ST(DW, R10, -24, 0),
			MOV64_IMM(R2, 0), MOV64_REG(R3, R10),
			ALU64_IMM(ADD, R3, -24), MOV64_IMM(R4, 8),
			MOV64_IMM(R5, 0), CALL(dynptr_write), RET(0),
			STX(DW, R2, R1, 8), ST(DW, R2, 0, 1), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R1 type=scalar expected=fp, dynptr_ptr",
	},
	{
		/* Into the callback's own stack, reloaded there. */
		.name = "holes_dynptr_spill_own_stack", ALL,
		.insns = {
			DRAIN(STX(DW, R10, R1, -16), LDX(DW, R1, R10, -16),
			      DYNPTR_READ_R1),
		},
		.verdict = VC_REJECT,
		.log = "R3 type=scalar expected=fp, dynptr_ptr",
	},

	/* 3. Map access flags: BPF_F_RDONLY_PROG takes no writes. */
	{
		.name = "holes_ro_map_update", ALL,
		.insns = {
			KEY32(0), RODATA_R3, LD_MAP(R1, VC_ARRAY_RO),
			MOV64_IMM(R4, 0), CALL(map_update_elem), RET(0),
		},
		.verdict = VC_REJECT, .log = "write into map forbidden",
	},
	{
		/* The same program on a writable map loads and runs. */
		.name = "holes_rw_map_update", ALL,
		.insns = {
			KEY32(0), RODATA_R3, LD_MAP(R1, VC_ARRAY),
			MOV64_IMM(R4, 0), CALL(map_update_elem), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "holes_ro_map_delete", ALL,
		.insns = {
			KEY32(0), LD_MAP(R1, VC_ARRAY_RO),
			CALL(map_delete_elem), RET(0),
		},
		.verdict = VC_REJECT, .log = "write into map forbidden",
	},
	{
		/* The frozen string of the reproducer. */
		.name = "holes_rodata_update", ALL,
		.insns = {
			KEY32(0), RODATA_R3, LD_MAP(R1, VC_RODATA),
			MOV64_IMM(R4, 0), CALL(map_update_elem), RET(0),
		},
		.verdict = VC_REJECT, .log = "write into map forbidden",
	},
	{
		.name = "holes_rodata_store", ALL,
		.insns = {
			LD_MAP_VALUE(R1, VC_RODATA, 0), ST(B, R1, 3, 'x'), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "write into map forbidden, value_size=48 off=3 size=1",
	},
	{
		.name = "holes_ro_map_lookup_read", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_RO, 0, 7), LDX(DW, R0, R0, 0),
			EXIT,
		},
		.retval = 0,
	},
	{
		.name = "holes_ro_map_lookup_store", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_RO, 0, 7), ST(DW, R0, 0, 1),
			RET(0),
		},
		.verdict = VC_REJECT,
		.log = "write into map forbidden, value_size=48 off=0 size=8",
	},
	{
		/* A helper writing into the value. */
		.name = "holes_ro_map_dynptr_from_mem", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_RO, 0, 7), MOV64_REG(R1, R0),
			MOV64_IMM(R2, 8), MOV64_IMM(R3, 0), MOV64_REG(R4, R10),
			ALU64_IMM(ADD, R4, -16), CALL(dynptr_from_mem), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "write into map forbidden, value_size=48 off=0 size=8",
	},
	{
		/*
		 * Linux 6.12's bpf_snprintf() takes its output buffer as
		 * ARG_PTR_TO_MEM_OR_NULL without MEM_WRITE: checked as a read,
		 * it writes into a read-only map value (always NUL-terminated
		 * within the value). kbpf counts it as written.
		 */
		.name = "holes_ro_map_snprintf_out", PERFMON,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_RO, 0, 7), MOV64_REG(R1, R0),
			MOV64_IMM(R2, 8), RODATA_R3, MOV64_IMM(R4, 0),
			MOV64_IMM(R5, 0), CALL(snprintf), EXIT,
		},
		.retval = 4,
		.kbpf_diff = "bpf_snprintf's buffer is written: no RDONLY_PROG value",
		.kbpf_verdict = VC_REJECT, .kbpf_err = EACCES,
	},
	{
		.name = "holes_ro_map_for_each_store", ALL,
		.insns = { FOR_EACH(VC_ARRAY_RO, ST(DW, R3, 0, 1), RET(0)) },
		.verdict = VC_REJECT,
		.log = "write into map forbidden, value_size=48 off=0 size=8",
	},
	/* BPF_F_WRONLY_PROG: no reads, by load or helper. */
	{
		.name = "holes_wo_map_load", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_WO, 0, 7), LDX(DW, R0, R0, 0),
			EXIT,
		},
		.verdict = VC_REJECT,
		.log = "read from map forbidden, value_size=48 off=0 size=8",
	},
	{
		.name = "holes_wo_map_store", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_WO, 0, 7), ST(DW, R0, 0, 1),
			RET(0),
		},
		.retval = 0,
	},
	{
		.name = "holes_wo_map_value_to_update", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_WO, 0, 7), MOV64_REG(R3, R0),
			KEY32(1), LD_MAP(R1, VC_ARRAY), MOV64_IMM(R4, 0),
			CALL(map_update_elem), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "read from map forbidden, value_size=48 off=0 size=48",
	},
	{
		.name = "holes_wo_map_ringbuf_output", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_WO, 0, 7), MOV64_REG(R2, R0),
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R3, 8),
			MOV64_IMM(R4, 0), CALL(ringbuf_output), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "read from map forbidden, value_size=48 off=0 size=8",
	},
	{
		.name = "holes_wo_map_strncmp", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_WO, 0, 7), MOV64_REG(R1, R0),
			MOV64_IMM(R2, 8), RODATA_R3, CALL(strncmp), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "read from map forbidden, value_size=48 off=0 size=8",
	},
	{
		.name = "holes_wo_map_for_each_load", ALL,
		.insns = {
			FOR_EACH(VC_ARRAY_WO, LDX(DW, R0, R3, 0), RET(0)),
		},
		.verdict = VC_REJECT,
		.log = "read from map forbidden, value_size=48 off=0 size=8",
	},
	{
		/* The helper's argument is written only: Linux lets it in. */
		.name = "holes_wo_map_dynptr_from_mem", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_WO, 0, 7), MOV64_REG(R1, R0),
			MOV64_IMM(R2, 8), MOV64_IMM(R3, 0), MOV64_REG(R4, R10),
			ALU64_IMM(ADD, R4, -16), CALL(dynptr_from_mem), EXIT,
		},
		.retval = 0,
		.kbpf_diff = "a dynptr reads what it covers: no WRONLY_PROG value",
		.kbpf_verdict = VC_REJECT, .kbpf_err = EACCES,
	},

	/*
	 * 5. NULL memory: only for a MAYBE_NULL argument (bpf_snprintf's
	 * out and data) and only with size 0; other memory arguments take
	 * no NULL at all. bpf_snprintf and bpf_probe_read_kernel run as
	 * root and with CAP_PERFMON only: Linux gives them to SYSCALL
	 * programs with CAP_BPF alone too (tracing protos), kbpf does not.
	 */
	{
		.name = "holes_null_snprintf_64", PERFMON,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R2, 64), RODATA_R3,
			MOV64_IMM(R4, 0), MOV64_IMM(R5, 0), CALL(snprintf), EXIT,
		},
		.verdict = VC_REJECT, .log = "R1 type=scalar expected=fp",
	},
	{
		/* With size 0 it returns the length "abc" needs. */
		.name = "holes_null_snprintf_0", PERFMON,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R2, 0), RODATA_R3,
			MOV64_IMM(R4, 0), MOV64_IMM(R5, 0), CALL(snprintf), EXIT,
		},
		.retval = 4,
	},
	{
		/* NULL data, 8 bytes of it. */
		.name = "holes_null_snprintf_data_8", PERFMON,
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8),
			MOV64_IMM(R2, 8), RODATA_R3, MOV64_IMM(R4, 0),
			MOV64_IMM(R5, 8), CALL(snprintf), EXIT,
		},
		.verdict = VC_REJECT, .log = "R4 type=scalar expected=fp",
	},
	{
		/* A size that may be 0 or 64. */
		.name = "holes_null_snprintf_var", PERFMON,
		.insns = {
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 64),
			MOV64_REG(R2, R0), MOV64_IMM(R1, 0), RODATA_R3,
			MOV64_IMM(R4, 0), MOV64_IMM(R5, 0), CALL(snprintf), EXIT,
		},
		.verdict = VC_REJECT, .log = "R1 type=scalar expected=fp",
	},
	{
		.name = "holes_null_probe_read_kernel_8", PERFMON,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			CALL(probe_read_kernel), RET(0),
		},
		.verdict = VC_REJECT, .log = NOT_NULLABLE("R1"),
	},
	{
		/*
		 * Not even with size 0: the argument is no MAYBE_NULL one.
		 */
		.name = "holes_null_probe_read_kernel_0", PERFMON,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R2, 0), MOV64_IMM(R3, 0),
			CALL(probe_read_kernel), RET(0),
		},
		.verdict = VC_REJECT, .log = NOT_NULLABLE("R1"),
	},
	{
		.name = "holes_null_dynptr_from_mem_8", ALL,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			MOV64_REG(R4, R10), ALU64_IMM(ADD, R4, -16),
			CALL(dynptr_from_mem), EXIT,
		},
		.verdict = VC_REJECT, .log = NOT_NULLABLE("R1"),
	},
	{
		.name = "holes_null_dynptr_from_mem_0", ALL,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R2, 0), MOV64_IMM(R3, 0),
			MOV64_REG(R4, R10), ALU64_IMM(ADD, R4, -16),
			CALL(dynptr_from_mem), EXIT,
		},
		.verdict = VC_REJECT, .log = NOT_NULLABLE("R1"),
	},
	{
		.name = "holes_null_strncmp_8", ALL,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R2, 8), RODATA_R3,
			CALL(strncmp), RET(0),
		},
		.verdict = VC_REJECT, .log = NOT_NULLABLE("R1"),
	},
	{
		.name = "holes_null_strncmp_0", ALL,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R2, 0), RODATA_R3,
			CALL(strncmp), RET(0),
		},
		.verdict = VC_REJECT, .log = NOT_NULLABLE("R1"),
	},
	{
		.name = "holes_null_ringbuf_output_8", ALL,
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 0), MOV64_IMM(R3, 8),
			MOV64_IMM(R4, 0), CALL(ringbuf_output), RET(0),
		},
		.verdict = VC_REJECT, .log = NOT_NULLABLE("R2"),
	},
	{
		.name = "holes_null_ringbuf_output_0", ALL,
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 0), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(ringbuf_output), RET(0),
		},
		.verdict = VC_REJECT, .log = NOT_NULLABLE("R2"),
	},
	{
		/* A lookup result not NULL-checked is no memory either. */
		.name = "holes_maybe_null_ringbuf_output", ALL,
		.insns = {
			LOOKUP32(VC_ARRAY, 0), MOV64_REG(R2, R0),
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R3, 8),
			MOV64_IMM(R4, 0), CALL(ringbuf_output), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R2 type=map_value_or_null expected=fp",
	},

	/* 6. BPF_CMPXCHG: R0 and the source are stored or compared. */
	{
		.name = "holes_cmpxchg_r0_pointer", BPF_ONLY,
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R0, R10), MOV64_IMM(R1, 0),
			ATOMIC(DW, KBPF_CMPXCHG, R10, R1, -8), RET(0),
		},
		.verdict = VC_REJECT, .log = "R0 leaks addr into mem",
	},
	{
		.name = "holes_cmpxchg_r0_pointer", PERFMON,
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R0, R10), MOV64_IMM(R1, 0),
			ATOMIC(DW, KBPF_CMPXCHG, R10, R1, -8), RET(0),
		},
		.retval = 0,
	},
	{
		.name = "holes_cmpxchg_r0_pointer_map", BPF_ONLY,
		.insns = {
			MAPVAL_R6, MOV64_REG(R0, R10), MOV64_IMM(R1, 0),
			ATOMIC(DW, KBPF_CMPXCHG, R6, R1, 0), RET(0),
		},
		.verdict = VC_REJECT, .log = "R0 leaks addr into mem",
	},
	{
		.name = "holes_cmpxchg_src_pointer", BPF_ONLY,
		.insns = {
			ST(DW, R10, -8, 0), MOV64_IMM(R0, 0), MOV64_REG(R1, R10),
			ATOMIC(DW, KBPF_CMPXCHG, R10, R1, -8), RET(0),
		},
		.verdict = VC_REJECT, .log = "R1 leaks addr into mem",
	},
	{
		.name = "holes_xchg_src_pointer", BPF_ONLY,
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R1, R10),
			ATOMIC(DW, KBPF_XCHG, R10, R1, -8), RET(0),
		},
		.verdict = VC_REJECT, .log = "R1 leaks addr into mem",
	},
	/* Pointer comparisons without CAP_PERFMON: the NULL check only. */
	{
		.name = "holes_null_check_jeq", ALL,
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP_IMM(JEQ, R0, 0, 2),
			LDX(DW, R0, R0, 0), EXIT, RET(7),
		},
		.retval = 0,
	},
	{
		.name = "holes_null_check_jne", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY, 0, 7), LDX(DW, R0, R0, 0), EXIT,
		},
		.retval = 0,
	},
	{
		/* A miss: the NULL branch runs. */
		.name = "holes_null_check_hash_miss", ALL,
		.insns = {
			LOOKUP64(VC_HASH, 2), JMP_IMM(JEQ, R0, 0, 2),
			LDX(DW, R0, R0, 0), EXIT, RET(7),
		},
		.retval = 7,
	},
	{
		.name = "holes_null_check_ringbuf_reserve", ALL,
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			CALL(ringbuf_reserve), JMP_IMM(JEQ, R0, 0, 3),
			MOV64_REG(R1, R0), MOV64_IMM(R2, 0),
			CALL(ringbuf_discard), RET(0),
		},
		.retval = 0,
	},
	{
		/* 32 bits of a pointer are no NULL check. */
		.name = "holes_null_check_jmp32", BPF_ONLY,
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP32_IMM(JEQ, R0, 0, 1),
			MOV64_IMM(R1, 0), RET(1),
		},
		.verdict = VC_REJECT, .log = CMP_PROHIBITED,
	},
	{
		.name = "holes_null_check_jmp32", PERFMON,
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP32_IMM(JEQ, R0, 0, 1),
			MOV64_IMM(R1, 0), RET(1),
		},
		.retval = 1,
	},
	{
		/* Against a register holding 0: no NULL check either. */
		.name = "holes_null_check_reg", BPF_ONLY,
		.insns = {
			LOOKUP32(VC_ARRAY, 0), MOV64_IMM(R1, 0),
			JMP_REG(JEQ, R0, R1, 1), MOV64_IMM(R1, 0), RET(1),
		},
		.verdict = VC_REJECT, .log = CMP_PROHIBITED,
	},
	{
		.name = "holes_null_check_reg", PERFMON,
		.insns = {
			LOOKUP32(VC_ARRAY, 0), MOV64_IMM(R1, 0),
			JMP_REG(JEQ, R0, R1, 1), MOV64_IMM(R1, 0), RET(1),
		},
		.retval = 1,
	},
	{
		.name = "holes_cmp_ptr_nonzero_imm", BPF_ONLY,
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP_IMM(JEQ, R0, 1, 1),
			MOV64_IMM(R1, 0), RET(1),
		},
		.verdict = VC_REJECT, .log = CMP_PROHIBITED,
	},
	{
		.name = "holes_cmp_ptr_nonzero_imm", PERFMON,
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP_IMM(JEQ, R0, 1, 1),
			MOV64_IMM(R1, 0), RET(1),
		},
		.retval = 1,
	},
	{
		.name = "holes_cmp_ptr_jgt_zero", BPF_ONLY,
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP_IMM(JGT, R0, 0, 1),
			MOV64_IMM(R1, 0), RET(1),
		},
		.verdict = VC_REJECT, .log = CMP_PROHIBITED,
	},
	{
		.name = "holes_cmp_ptr_jgt_zero", PERFMON,
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP_IMM(JGT, R0, 0, 1),
			MOV64_IMM(R1, 0), RET(1),
		},
		.retval = 1,
	},
	{
		.name = "holes_cmp_ptr_ptr", BPF_ONLY,
		.insns = {
			MOV64_REG(R1, R10), MOV64_REG(R2, R10),
			JMP_REG(JEQ, R1, R2, 1), MOV64_IMM(R1, 0), RET(1),
		},
		.verdict = VC_REJECT, .log = "R2 pointer comparison prohibited",
	},
	{
		.name = "holes_cmp_ptr_ptr", PERFMON,
		.insns = {
			MOV64_REG(R1, R10), MOV64_REG(R2, R10),
			JMP_REG(JEQ, R1, R2, 1), MOV64_IMM(R1, 0), RET(1),
		},
		.retval = 1,
	},
	{
		.name = "holes_cmp_scalar_ptr", BPF_ONLY,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_REG(R2, R10),
			JMP_REG(JEQ, R1, R2, 1), MOV64_IMM(R1, 0), RET(1),
		},
		.verdict = VC_REJECT, .log = "R2 pointer comparison prohibited",
	},
	{
		/*
		 * A map value known not to be NULL against 0: the branch is
		 * known (is_branch_taken), nothing is compared.
		 */
		.name = "holes_cmp_checked_value_jne_zero", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY, 0, 7), JMP_IMM(JNE, R0, 0, 1),
			MOV64_IMM(R1, 0), RET(1),
		},
		.retval = 1,
	},
	{
		/* fp is not reg_not_null() for Linux: a comparison. */
		.name = "holes_cmp_fp_jeq_zero", BPF_ONLY,
		.insns = {
			MOV64_REG(R1, R10), JMP_IMM(JEQ, R1, 0, 1),
			MOV64_IMM(R1, 0), RET(1),
		},
		.verdict = VC_REJECT, .log = "R1 pointer comparison prohibited",
	},
	{
		.name = "holes_cmp_fp_jeq_zero", PERFMON,
		.insns = {
			MOV64_REG(R1, R10), JMP_IMM(JEQ, R1, 0, 1),
			MOV64_IMM(R1, 0), RET(1),
		},
		.retval = 1,
	},
	{
		.name = "holes_cmp_fp_jgt_zero", BPF_ONLY,
		.insns = {
			MOV64_REG(R1, R10), JMP_IMM(JGT, R1, 0, 1),
			MOV64_IMM(R1, 0), RET(1),
		},
		.verdict = VC_REJECT, .log = "R1 pointer comparison prohibited",
	},
	{
		.name = "holes_cmp_fp_jmp32_zero", BPF_ONLY,
		.insns = {
			MOV64_REG(R1, R10), JMP32_IMM(JEQ, R1, 0, 1),
			MOV64_IMM(R1, 0), RET(1),
		},
		.verdict = VC_REJECT, .log = "R1 pointer comparison prohibited",
	},
};

VC_TABLE(vc_holes_table, "holes", cases);
