// SPDX-License-Identifier: GPL-2.0
/*
 * The stack: spills and fills of scalars and pointers (full, partial,
 * narrow), reads of uninitialised slots (allowed to root), bounds at both
 * ends, alignment (always strict on the stack), variable offsets, and
 * stores of pointers into maps (allowed to root).
 */
#include "verifier_cases.h"

static const struct vc_case cases[] = {
	{
		.name = "stack_spill_fill_scalar",
		.insns = {
			MOV64_IMM(R1, 42), STX(DW, R10, R1, -8),
			LDX(DW, R0, R10, -8), EXIT,
		},
		.retval = 42,
	},
	{
		.name = "stack_st_imm_fill_is_const",
		.insns = {
			MAPVAL_R6, ST(DW, R10, -16, 47), LDX(DW, R1, R10, -16),
			ACCESS_R6_R1,
		},
	},
	{
		.name = "stack_st_imm_fill_const_oob",
		.insns = {
			MAPVAL_R6, ST(DW, R10, -16, 48), LDX(DW, R1, R10, -16),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=48 size=1",
	},
	{
		.name = "stack_spill_bounded_scalar_keeps_bounds",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(AND, R1, 15),
			STX(DW, R10, R1, -16), LDX(DW, R1, R10, -16),
			ACCESS_R6_R1,
		},
	},
	{
		.name = "stack_spill_u32_aligned_keeps_bounds",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(AND, R1, 15),
			STX(W, R10, R1, -16), LDX(W, R1, R10, -16),
			ACCESS_R6_R1,
		},
	},
	{
		.name = "stack_spill_u32_unaligned_slot_loses_bounds",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(AND, R1, 15),
			STX(W, R10, R1, -12), LDX(W, R1, R10, -12),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT, .log = "R6 unbounded memory access",
	},
	{
		.name = "stack_partial_fill_of_zero",
		.insns = {
			MAPVAL_R6, MOV64_IMM(R1, 0), STX(DW, R10, R1, -16),
			LDX(W, R1, R10, -16), ACCESS_R6_R1,
		},
	},
	{
		.name = "stack_partial_fill_of_const_kept",
		.insns = {
			MAPVAL_R6, MOV64_IMM(R1, 5), STX(DW, R10, R1, -16),
			LDX(W, R1, R10, -16), ACCESS_R6_R1,
		},
	},
	{
		.name = "stack_st_zero_u32_read",
		.insns = {
			MAPVAL_R6, ST(W, R10, -16, 0), LDX(W, R1, R10, -16),
			ACCESS_R6_R1,
		},
	},
	{
		.name = "stack_spill_ptr_fill_use",
		.insns = {
			MAPVAL_R6, STX(DW, R10, R6, -16), LDX(DW, R2, R10, -16),
			LDX(DW, R0, R2, 40), EXIT,
		},
	},
	{
		.name = "stack_spill_ptr_partial_fill",
		.insns = {
			MAPVAL_R6, STX(DW, R10, R6, -16), LDX(W, R2, R10, -16),
			RET(0),
		},
		.verdict = VC_REJECT, .log = "invalid size of register fill",
	},
	{
		.name = "stack_spill_ptr_clobbered_is_scalar",
		.insns = {
			MAPVAL_R6, STX(DW, R10, R6, -16), ST(W, R10, -16, 0),
			LDX(DW, R2, R10, -16), LDX(DW, R0, R2, 0), EXIT,
		},
		.verdict = VC_REJECT, .log = "R2 invalid mem access 'scalar'",
	},
	{
		.name = "stack_spill_ptr_clobbered_read_ok",
		.insns = {
			MAPVAL_R6, STX(DW, R10, R6, -16), ST(W, R10, -16, 0),
			LDX(DW, R2, R10, -16), RET(0),
		},
	},
	{
		.name = "stack_spill_uninit_reg",
		.insns = { STX(DW, R10, R5, -8), RET(0) },
		.verdict = VC_REJECT, .log = "R5 !read_ok",
	},
	{
		.name = "stack_uninit_read_root",
		.insns = { LDX(DW, R1, R10, -8), RET(0) },
	},
	{
		.name = "stack_uninit_read_deep",
		.insns = { LDX(DW, R1, R10, -512), RET(0) },
	},
	{
		.name = "stack_uninit_helper_key",
		.insns = {
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -4),
			LD_MAP(R1, VC_ARRAY), CALL(map_lookup_elem), RET(0),
		},
	},
	{
		.name = "stack_byte_store_read",
		.insns = {
			ST(B, R10, -1, 0x7f), LDX(B, R0, R10, -1), EXIT,
		},
		.retval = 0x7f,
	},
	{
		.name = "stack_store_via_copy",
		.insns = {
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -16),
			ST(DW, R1, 8, 3), LDX(DW, R0, R10, -8), EXIT,
		},
		.retval = 3,
	},
	{
		.name = "stack_write_512_ok",
		.insns = { ST(DW, R10, -512, 1), LDX(DW, R0, R10, -512), EXIT },
		.retval = 1,
	},
	{
		.name = "stack_write_oob_520",
		.insns = { ST(DW, R10, -520, 1), RET(0) },
		.verdict = VC_REJECT,
		.log = "invalid write to stack R10 off=-520 size=8",
	},
	{
		.name = "stack_read_oob_positive",
		.insns = { LDX(DW, R0, R10, 0), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid read from stack R10 off=0 size=8",
	},
	{
		.name = "stack_write_oob_via_copy",
		.insns = {
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -600),
			ST(DW, R1, 0, 1), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid write to stack R1 off=-600 size=8",
	},
	{
		.name = "stack_straddle_fp",
		.insns = { ST(W, R10, -4, 1), LDX(DW, R0, R10, -4), EXIT },
		.verdict = VC_REJECT,
		.log = "misaligned stack access off 0+0+-4 size 8",
	},
	{
		.name = "stack_misaligned_u32",
		.insns = { ST(W, R10, -6, 1), RET(0) },
		.verdict = VC_REJECT,
		.log = "misaligned stack access off 0+0+-6 size 4",
	},
	{
		.name = "stack_misaligned_via_ptr",
		.insns = {
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -3),
			ST(H, R1, 0, 1), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "misaligned stack access off 0+-3+0 size 2",
	},
	{
		.name = "stack_misaligned_spill",
		.insns = { MOV64_IMM(R1, 1), STX(DW, R10, R1, -12), RET(0) },
		.verdict = VC_REJECT,
		.log = "misaligned stack access off 0+0+-12 size 8",
	},
	{
		.name = "stack_misaligned_strict_flag_unneeded",
		.insns = { ST(H, R10, -2, 1), LDX(H, R0, R10, -2), EXIT },
		.prog_flags = KBPF_F_ANY_ALIGNMENT,
		.retval = 1,
	},
	{
		.name = "stack_var_off_write_read",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(AND, R1, 7),
			ST(DW, R10, -8, 0), MOV64_REG(R2, R10),
			ALU64_IMM(ADD, R2, -8), ALU64_REG(ADD, R2, R1),
			ST(B, R2, 0, 1), LDX(B, R0, R2, 0), EXIT,
		},
		.retval = 1,
	},
	{
		.name = "stack_var_off_read_uninit_root",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(AND, R1, 7),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -16),
			ALU64_REG(ADD, R2, R1), LDX(B, R0, R2, 0), RET(0),
		},
	},
	{
		.name = "stack_var_off_oob",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(AND, R1, 15),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -8),
			ALU64_REG(ADD, R2, R1), ST(B, R2, 0, 1), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid variable-offset write to stack R2 var_off=(0x0; 0xf) off=-8 size=1",
	},
	{
		.name = "stack_var_off_unbounded",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), MOV64_REG(R2, R10),
			ALU64_REG(ADD, R2, R1), ST(B, R2, 0, 1), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "math between fp pointer and register with unbounded min value is not allowed",
	},
	{
		.name = "stack_atomic_var_off",
		.insns = {
			ST(DW, R10, -16, 0), ST(DW, R10, -24, 0),
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 8),
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -24),
			ALU64_REG(ADD, R1, R0), MOV64_IMM(R3, 1),
			ATOMIC(DW, KBPF_ADD, R1, R3, 0), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "variable offset stack pointer cannot be passed into helper function; var_off=(0x0; 0x8) off=-24 size=8",
	},
	{
		.name = "stack_var_off_misaligned",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(AND, R1, 7),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -16),
			ALU64_REG(ADD, R2, R1), ST(W, R2, 0, 1), RET(0),
		},
		.verdict = VC_REJECT, .log = "misaligned stack access off (0x0; 0x7)+-16+0 size 4",
	},
	{
		.name = "stack_var_off_helper_key",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(AND, R1, 4),
			ST(DW, R10, -8, 0), MOV64_REG(R2, R10),
			ALU64_IMM(ADD, R2, -8), ALU64_REG(ADD, R2, R1),
			LD_MAP(R1, VC_ARRAY), CALL(map_lookup_elem), RET(0),
		},
	},
	{
		.name = "stack_fp_minus_unknown",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(AND, R1, 7),
			MOV64_REG(R2, R10), ALU64_REG(SUB, R2, R1),
			ST(B, R2, -1, 1), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R2 subtraction from stack pointer prohibited",
	},
	{
		.name = "stack_ptr_stored_into_map_root",
		.insns = { MAPVAL_R6, STX(DW, R6, R10, 0), RET(0) },
	},
	{
		.name = "stack_atomic_add",
		.insns = {
			ST(DW, R10, -8, 40), MOV64_IMM(R1, 2),
			ATOMIC(DW, KBPF_ADD, R10, R1, -8),
			LDX(DW, R0, R10, -8), EXIT,
		},
		.retval = 42,
	},
	{
		.name = "stack_atomic_fetch_add",
		.insns = {
			ST(DW, R10, -8, 40), MOV64_IMM(R0, 2),
			ATOMIC(DW, KBPF_ADD | KBPF_FETCH, R10, R0, -8), EXIT,
		},
		.retval = 40,
	},
	{
		.name = "stack_atomic_cmpxchg",
		.insns = {
			ST(DW, R10, -8, 5), MOV64_IMM(R0, 5), MOV64_IMM(R1, 9),
			ATOMIC(DW, KBPF_CMPXCHG, R10, R1, -8),
			LDX(DW, R0, R10, -8), EXIT,
		},
		.retval = 9,
	},
	{
		.name = "stack_atomic_uninit_root",
		.insns = {
			MOV64_IMM(R1, 2), ATOMIC(DW, KBPF_ADD, R10, R1, -8),
			RET(0),
		},
	},
	{
		.name = "stack_atomic_on_spilled_ptr_root",
		.insns = {
			MOV64_REG(R1, R10), STX(DW, R10, R1, -8), MOV64_IMM(R1, 2),
			ATOMIC(DW, KBPF_ADD, R10, R1, -8), RET(0),
		},
	},
	/*
	 * A fetch loads the old value as a load would (Linux's
	 * check_atomic_rmw()): a spilled ctx pointer comes back a ctx
	 * pointer (kbpf took it for a scalar until issue 19).
	 */
	{
		.name = "stack_atomic_fetch_spilled_ptr",
		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT,
		.levels = VC_ROOT | VC_PERFMON,
		.insns = {
			STX(DW, R10, R1, -16), MOV64_IMM(R2, 0),
			ATOMIC(DW, KBPF_OR | KBPF_FETCH, R10, R2, -16),
			LDX(DW, R0, R2, 0), RET(0),
		},
		.retval = 0,
	},
	/* ... and a zero slot a known 0, in 32 bits too. */
	{
		.name = "stack_atomic_xchg_zero_known",
		.insns = {
			ST(DW, R10, -16, 0), MOV64_IMM(R1, 7),
			ATOMIC(W, KBPF_XCHG, R10, R1, -16),
			JMP_IMM(JEQ, R1, 0, 2), DEAD, RET(3),
		},
		.retval = 3,
	},
	{
		.name = "stack_atomic_bad_size",
		.insns = {
			ST(DW, R10, -8, 0), MOV64_IMM(R1, 2),
			ATOMIC(H, KBPF_ADD, R10, R1, -8), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "unknown opcode cb",
	},
	{
		.name = "stack_ldx_reserved_imm",
		.insns = {
			ST(DW, R10, -8, 0),
			KBPF_RAW_INSN(KBPF_LDX | KBPF_MEM | KBPF_DW, R0, R10, -8, 1),
			EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_LDX uses reserved fields",
	},
};

VC_TABLE(vc_stack_table, "stack", cases);
