// SPDX-License-Identifier: GPL-2.0
/*
 * Maps: lookup results and their NULL checks (direct, through copies,
 * both jump forms), value bounds at both ends with fixed and variable
 * offsets, read-only maps, pointer arithmetic allowed and refused, and
 * the map and key arguments of the map helpers.
 */
#include "verifier_cases.h"

#define NULL_DEREF	"R0 invalid mem access 'map_value_or_null'"

static const struct vc_case cases[] = {
	/* NULL checks. */
	{
		.name = "map_lookup_jne_null_check",
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP_IMM(JNE, R0, 0, 2), RET(1),
			LDX(DW, R0, R0, 0), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "map_lookup_jeq_null_check",
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP_IMM(JEQ, R0, 0, 2),
			ST(DW, R0, 0, 7), LDX(DW, R0, R0, 0), EXIT,
		},
		.retval = 7,
	},
	{
		.name = "map_lookup_no_null_check",
		.insns = { LOOKUP32(VC_ARRAY, 0), LDX(DW, R0, R0, 0), EXIT },
		.verdict = VC_REJECT, .log = NULL_DEREF,
	},
	{
		.name = "map_lookup_const_key_still_nullable",
		.insns = { LOOKUP32(VC_ARRAY, 1), ST(DW, R0, 0, 1), RET(0) },
		.verdict = VC_REJECT, .log = NULL_DEREF,
	},
	{
		.name = "map_null_check_on_copy",
		.insns = {
			LOOKUP32(VC_ARRAY, 0), MOV64_REG(R1, R0),
			JMP_IMM(JEQ, R1, 0, 2), LDX(DW, R0, R0, 8), EXIT, RET(1),
		},
		.retval = 0,
	},
	{
		.name = "map_null_check_copy_used",
		.insns = {
			LOOKUP32(VC_ARRAY, 0), MOV64_REG(R1, R0),
			JMP_IMM(JNE, R0, 0, 2), RET(1), LDX(DW, R0, R1, 8), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "map_null_check_wrong_branch",
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP_IMM(JEQ, R0, 0, 2), RET(1),
			LDX(DW, R0, R0, 0), EXIT,
		},
		.verdict = VC_REJECT, .log = "R0 invalid mem access 'scalar'",
	},
	{
		.name = "map_null_check_jmp32_not_enough",
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP32_IMM(JNE, R0, 0, 2), RET(1),
			LDX(DW, R0, R0, 0), EXIT,
		},
		.verdict = VC_REJECT, .log = NULL_DEREF,
	},
	{
		.name = "map_null_check_copy_after_clobber",
		.insns = {
			LOOKUP32(VC_ARRAY, 0), MOV64_REG(R1, R0),
			ALU64_IMM(ADD, R1, 0), JMP_IMM(JEQ, R1, 0, 2),
			LDX(DW, R0, R0, 8), EXIT, RET(1),
		},
		.verdict = VC_REJECT,
		.log = "R1 pointer arithmetic on map_value_or_null prohibited, null-check it first",
	},
	{
		.name = "map_null_compare_nonzero_const",
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP_IMM(JNE, R0, 1, 2), RET(1),
			LDX(DW, R0, R0, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = NULL_DEREF,
	},
	{
		.name = "map_null_branch_value_is_zero",
		.insns = {
			LOOKUP32(VC_ARRAY, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			RET(1),
		},
		.retval = 1,
	},
	{
		.name = "map_null_check_spilled",
		.insns = {
			LOOKUP32(VC_ARRAY, 0), STX(DW, R10, R0, -16),
			JMP_IMM(JEQ, R0, 0, 3), LDX(DW, R1, R10, -16),
			LDX(DW, R0, R1, 0), EXIT, RET(1),
		},
		.retval = 0,
	},

	/* Fixed offsets at both ends of a 48-byte value. */
	{
		.name = "map_value_last_byte",
		.insns = { MAPVAL_R6, LDX(B, R0, R6, 47), EXIT },
	},
	{
		.name = "map_value_past_end_u8",
		.insns = { MAPVAL_R6, LDX(B, R0, R6, 48), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=48 size=1",
	},
	{
		.name = "map_value_last_u64",
		.insns = { MAPVAL_R6, LDX(DW, R0, R6, 40), EXIT },
	},
	{
		.name = "map_value_straddle_end_u64",
		.insns = { MAPVAL_R6, LDX(DW, R0, R6, 41), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=41 size=8",
	},
	{
		.name = "map_value_before_start",
		.insns = { MAPVAL_R6, LDX(B, R0, R6, -1), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=-1 size=1",
	},
	{
		.name = "map_value_write_past_end",
		.insns = { MAPVAL_R6, ST(W, R6, 45, 1), RET(0) },
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=45 size=4",
	},
	{
		.name = "map_value_ptr_const_then_access",
		.insns = {
			MAPVAL_R6, ALU64_IMM(ADD, R6, 44), LDX(W, R0, R6, 0), EXIT,
		},
	},
	{
		.name = "map_value_ptr_negative_const",
		.insns = {
			MAPVAL_R6, ALU64_IMM(ADD, R6, -4), LDX(W, R0, R6, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=-4 size=4",
	},
	{
		.name = "map_value_ptr_out_and_back",
		.insns = {
			MAPVAL_R6, ALU64_IMM(ADD, R6, 1000), ALU64_IMM(SUB, R6, 1000),
			LDX(W, R0, R6, 0), EXIT,
		},
	},
	/* Variable offsets. */
	{
		.name = "map_var_off_u64_ok",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), JMP_IMM(JGT, R1, 40, 3),
			ALU64_REG(ADD, R6, R1), LDX(DW, R0, R6, 0), EXIT, RET(0),
		},
	},
	{
		.name = "map_var_off_u64_off_by_one",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), JMP_IMM(JGT, R1, 41, 3),
			ALU64_REG(ADD, R6, R1), LDX(DW, R0, R6, 0), EXIT, RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=41 size=8",
	},
	{
		.name = "map_var_off_plus_const_insn_off",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), JMP_IMM(JGT, R1, 32, 3),
			ALU64_REG(ADD, R6, R1), LDX(DW, R0, R6, 8), EXIT, RET(0),
		},
	},
	{
		.name = "map_var_off_plus_const_insn_off_oob",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), JMP_IMM(JGT, R1, 32, 3),
			ALU64_REG(ADD, R6, R1), LDX(DW, R0, R6, 9), EXIT, RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=41 size=8",
	},
	{
		.name = "map_var_off_negative_index",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), JMP_IMM(JSGT, R1, 40, 3),
			ALU64_REG(ADD, R6, R1), LDX(DW, R0, R6, 0), EXIT, RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "math between map_value pointer and register with unbounded min value is not allowed",
	},
	{
		.name = "map_var_off_signed_checked",
		.insns = {
			MAPVAL_R6, LDXSX(W, R1, R6, 0), JMP_IMM(JSGT, R1, 40, 4),
			JMP_IMM(JSLT, R1, 0, 3),
			ALU64_REG(ADD, R6, R1), LDX(DW, R0, R6, 0), EXIT, RET(0),
		},
	},
	{
		.name = "map_var_off_signed_negative_allowed_below",
		.insns = {
			MAPVAL_R6, LDXSX(W, R1, R6, 0), JMP_IMM(JSGT, R1, 40, 4),
			JMP_IMM(JSLT, R1, -8, 3),
			ALU64_REG(ADD, R6, R1), LDX(DW, R0, R6, 0), EXIT, RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R6 min value is negative, either use unsigned index or do a if (index >=0) check.",
	},
	{
		.name = "map_var_off_then_const_back",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), JMP_IMM(JGT, R1, 8, 4),
			ALU64_REG(ADD, R6, R1), ALU64_IMM(ADD, R6, -8),
			LDX(DW, R0, R6, 0), EXIT, RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=-8 size=8",
	},
	/* Read-only maps, direct value access. */
	{
		.name = "map_rdonly_prog_read",
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_RO, 0, 1), LDX(DW, R0, R0, 40), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "map_rdonly_prog_write",
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_RO, 0, 1), ST(DW, R0, 0, 1), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "write into map forbidden, value_size=48 off=0 size=8",
	},
	{
		.name = "map_rdonly_prog_atomic",
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_RO, 0, 1), MOV64_IMM(R1, 1),
			ATOMIC(DW, KBPF_ADD, R0, R1, 0), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "write into map forbidden",
	},
	{
		.name = "map_atomic_misaligned",
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY, 0, 1), MOV64_IMM(R1, 1),
			ATOMIC(DW, KBPF_ADD, R0, R1, 4), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "misaligned value access off 0+0+4 size 8",
	},
	{
		.name = "map_atomic_misaligned_var_off",
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY, 0, 1), LDX(DW, R1, R0, 0),
			ALU64_IMM(AND, R1, 4), ALU64_REG(ADD, R0, R1),
			MOV64_IMM(R1, 1), ATOMIC(W, KBPF_ADD, R0, R1, 0),
			MOV64_IMM(R1, 1), ATOMIC(DW, KBPF_ADD, R0, R1, 0),
			RET(0),
		},
		.verdict = VC_REJECT,
		.log = "misaligned value access off (0x0; 0x4)+0+0 size 8",
	},
	{
		.name = "map_atomic_aligned_var_off",
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY, 0, 1), LDX(DW, R1, R0, 0),
			ALU64_IMM(AND, R1, 8), ALU64_REG(ADD, R0, R1),
			MOV64_IMM(R1, 1), ATOMIC(DW, KBPF_ADD, R0, R1, 0),
			RET(0),
		},
	},
	{
		.name = "map_direct_value_multi_entry",
		.insns = { LD_MAP_VALUE(R1, VC_ARRAY, 0), LDX(DW, R0, R1, 0), EXIT },
		.verdict = VC_REJECT, .err = ENOTSUPP,
		.log = "invalid access to map value pointer, value_size=48 off=0",
	},
	/* Pointer arithmetic. */
	{
		.name = "map_ptr_arith",
		.insns = { LD_MAP(R1, VC_ARRAY), ALU64_IMM(ADD, R1, 8), RET(0) },
		.verdict = VC_REJECT,
		.log = "R1 pointer arithmetic on map_ptr prohibited",
	},
	{
		.name = "map_or_null_arith",
		.insns = { LOOKUP32(VC_ARRAY, 0), ALU64_IMM(ADD, R0, 8), RET(0) },
		.verdict = VC_REJECT,
		.log = "R0 pointer arithmetic on map_value_or_null prohibited, null-check it first",
	},
	{
		.name = "map_value_arith32",
		.insns = { MAPVAL_R6, ALU32_IMM(ADD, R6, 8), RET(0) },
		.verdict = VC_REJECT,
		.log = "R6 32-bit pointer arithmetic prohibited",
	},
	{
		.name = "map_value_plus_pointer",
		.insns = { MAPVAL_R6, ALU64_REG(ADD, R6, R10), RET(0) },
		.verdict = VC_REJECT,
		.log = "R6 pointer += pointer prohibited",
	},
	{
		.name = "map_value_minus_pointer_root",
		.insns = {
			MAPVAL_R6, MOV64_REG(R1, R6), ALU64_IMM(ADD, R1, 16),
			ALU64_REG(SUB, R1, R6), MOV64_REG(R0, R1), EXIT,
		},
		.retval = 16,
	},
	{
		.name = "map_value_bitwise_and",
		.insns = { MAPVAL_R6, ALU64_IMM(AND, R6, -8), RET(0) },
		.verdict = VC_REJECT,
		.log = "R6 bitwise operator &= on pointer prohibited",
	},
	{
		.name = "map_value_shift",
		.insns = { MAPVAL_R6, ALU64_IMM(LSH, R6, 1), RET(0) },
		.verdict = VC_REJECT,
		.log = "R6 pointer arithmetic with <<= operator prohibited",
	},
	{
		.name = "map_value_mul",
		.insns = { MAPVAL_R6, ALU64_IMM(MUL, R6, 2), RET(0) },
		.verdict = VC_REJECT,
		.log = "R6 pointer arithmetic with *= operator prohibited",
	},
	{
		.name = "map_value_neg_root_becomes_scalar",
		.insns = { MAPVAL_R6, NEG64(R6), RET(0) },
	},
	{
		.name = "map_value_returned_root",
		.insns = { MAPVAL_R6, MOV64_REG(R0, R6), EXIT },
		.no_run = true,
	},
	{
		.name = "map_value_stored_in_map_root",
		.insns = { MAPVAL_R6, STX(DW, R6, R6, 0), RET(0) },
	},
	{
		.name = "map_ptr_deref_root_btf",
		.insns = { LD_MAP(R1, VC_ARRAY), LDX(DW, R0, R1, 0), EXIT },
		.no_run = true,
		.kbpf_diff = "kbpf has no BTF of struct bpf_map, and its maps are not Linux's: a map pointer is never dereferenced",
		.kbpf_verdict = VC_REJECT, .kbpf_err = EACCES,
	},
	/* Helper arguments. */
	{
		.name = "map_lookup_scalar_map",
		.insns = {
			KEY32(0), MOV64_IMM(R1, 0), CALL(map_lookup_elem), RET(0),
		},
		.verdict = VC_REJECT, .log = "R1 type=scalar expected=map_ptr",
	},
	{
		.name = "map_lookup_scalar_key",
		.insns = {
			LD_MAP(R1, VC_ARRAY), MOV64_IMM(R2, 0),
			CALL(map_lookup_elem), RET(0),
		},
		.verdict = VC_REJECT, .log = "R2 type=scalar expected=fp",
	},
	{
		.name = "map_lookup_key_uninit_reg",
		.insns = { LD_MAP(R1, VC_ARRAY), CALL(map_lookup_elem), RET(0) },
		.verdict = VC_REJECT, .log = "R2 !read_ok",
	},
	{
		.name = "map_lookup_key_past_fp",
		.insns = {
			LD_MAP(R1, VC_ARRAY), MOV64_REG(R2, R10),
			ALU64_IMM(ADD, R2, -2), CALL(map_lookup_elem), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid indirect access to stack R2 off=-2 size=4",
	},
	{
		.name = "map_lookup_key_in_map_value",
		.insns = {
			MAPVAL_R6, MOV64_REG(R2, R6), LD_MAP(R1, VC_ARRAY),
			CALL(map_lookup_elem), RET(0),
		},
	},
	{
		.name = "map_lookup_key_past_map_value",
		.insns = {
			MAPVAL_R6, MOV64_REG(R2, R6), ALU64_IMM(ADD, R2, 45),
			LD_MAP(R1, VC_ARRAY), CALL(map_lookup_elem), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=45 size=4",
	},
	{
		.name = "map_lookup_ringbuf_zero_key",
		.insns = { LOOKUP32(VC_RINGBUF, 0), RET(0) },
		.verdict = VC_REJECT,
		.log = "invalid zero-sized read",
	},
	{
		.name = "map_prog_array_in_sleepable",
		.insns = { LD_MAP(R1, VC_PROG_ARRAY), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "Sleepable programs can only use array, hash, ringbuf and local storage maps",
	},
	{
		.name = "map_lookup_prog_array",
		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT,
		.insns = { LOOKUP32(VC_PROG_ARRAY, 0), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 3 into func bpf_map_lookup_elem#1",
	},
	{
		.name = "map_bad_fd",
		.insns = { LD_MAP(R1, 999), RET(0) },
		.verdict = VC_REJECT, .err = EBADF,
		.log = "fd 999 is not pointing to valid bpf_map",
	},
	{
		.name = "map_update_value_on_stack",
		.insns = {
			KEY32(3), MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -56),
			ST(DW, R3, 0, 9), LD_MAP(R1, VC_ARRAY), MOV64_IMM(R4, 0),
			CALL(map_update_elem), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "map_update_value_past_fp",
		.insns = {
			KEY32(3), MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -16),
			LD_MAP(R1, VC_ARRAY), MOV64_IMM(R4, 0),
			CALL(map_update_elem), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid indirect access to stack R3 off=-16 size=48",
	},
	{
		.name = "map_delete_array_runtime_einval",
		.insns = { KEY32(0), LD_MAP(R1, VC_ARRAY), CALL(map_delete_elem), EXIT },
		.retval = (__u32)-EINVAL,
	},
	{
		.name = "map_hash_value_read",
		.insns = {
			LOOKUP64(VC_HASH, 1), JMP_IMM(JNE, R0, 0, 2), RET(1),
			LDX(DW, R0, R0, 8), EXIT,
		},
		.retval = 0x22,
	},
	{
		.name = "map_hash_value_past_end",
		.insns = {
			LOOKUP64(VC_HASH, 1), JMP_IMM(JNE, R0, 0, 2), RET(1),
			LDX(DW, R0, R0, 9), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=16 off=9 size=8",
	},
	{
		.name = "map_hash_key_too_short",
		.insns = {
			ST(W, R10, -4, 0), MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -4),
			LD_MAP(R1, VC_HASH), CALL(map_lookup_elem), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid indirect access to stack R2 off=-4 size=8",
	},
	{
		.name = "map_hash_missing_key_null",
		.insns = {
			LOOKUP64(VC_HASH, 2), JMP_IMM(JNE, R0, 0, 2), RET(1),
			RET(2),
		},
		.retval = 1,
	},
};

VC_TABLE(vc_map_table, "map", cases);
