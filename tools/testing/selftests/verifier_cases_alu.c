// SPDX-License-Identifier: GPL-2.0
/*
 * ALU: the value each operation computes, the bounds the verifier
 * derives from it (probed by indexing a 48-byte map value with the
 * result), 32-bit zero-extension, the reserved fields and the register
 * rules (!read_ok, the read-only frame pointer).
 */
#include "verifier_cases.h"

#define U64_LD1(x)	LD_IMM64(R1, x)

static const struct vc_case cases[] = {
	/* Values, checked by running the program. */
	{
		.name = "alu64_add_imm",
		.insns = { MOV64_IMM(R0, 1), ALU64_IMM(ADD, R0, 2), EXIT },
		.retval = 3,
	},
	{
		.name = "alu64_sub_reg",
		.insns = {
			MOV64_IMM(R0, 10), MOV64_IMM(R1, 3),
			ALU64_REG(SUB, R0, R1), EXIT,
		},
		.retval = 7,
	},
	{
		.name = "alu64_mul_imm",
		.insns = { MOV64_IMM(R0, 6), ALU64_IMM(MUL, R0, 7), EXIT },
		.retval = 42,
	},
	{
		.name = "alu64_div_reg_zero_is_zero",
		.insns = {
			MOV64_IMM(R0, 10), MOV64_IMM(R1, 0),
			ALU64_REG(DIV, R0, R1), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "alu64_mod_reg_zero_keeps_dst",
		.insns = {
			MOV64_IMM(R0, 10), MOV64_IMM(R1, 0),
			ALU64_REG(MOD, R0, R1), EXIT,
		},
		.retval = 10,
	},
	{
		.name = "alu32_mod_reg_zero_zero_extends",
		.insns = {
			MOV64_IMM(R0, -1), MOV32_IMM(R1, 0),
			ALU32_REG(MOD, R0, R1), ALU64_IMM(RSH, R0, 32), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "alu64_div_imm_zero",
		.insns = { MOV64_IMM(R0, 10), ALU64_IMM(DIV, R0, 0), EXIT },
		.verdict = VC_REJECT, .err = EINVAL, .log = "div by zero",
	},
	{
		.name = "alu64_mod_imm_zero",
		.insns = { MOV64_IMM(R0, 10), ALU64_IMM(MOD, R0, 0), EXIT },
		.verdict = VC_REJECT, .err = EINVAL, .log = "div by zero",
	},
	{
		.name = "alu32_div_imm_zero",
		.insns = { MOV32_IMM(R0, 10), ALU32_IMM(DIV, R0, 0), EXIT },
		.verdict = VC_REJECT, .err = EINVAL, .log = "div by zero",
	},
	{
		.name = "alu64_sdiv_imm",
		.insns = { MOV64_IMM(R0, -7), SDIV64_IMM(R0, 2), EXIT },
		.retval = (__u32)-3,
	},
	{
		.name = "alu64_smod_imm",
		.insns = { MOV64_IMM(R0, -7), SMOD64_IMM(R0, 2), EXIT },
		.retval = (__u32)-1,
	},
	{
		.name = "alu64_sdiv_min_by_minus_one",
		.insns = {
			LD_IMM64(R0, 0x8000000000000000ULL),
			SDIV64_IMM(R0, -1), ALU64_IMM(RSH, R0, 63), EXIT,
		},
		.retval = 1,
	},
	{
		.name = "alu64_sdiv_imm_zero",
		.insns = { MOV64_IMM(R0, 7), SDIV64_IMM(R0, 0), EXIT },
		.verdict = VC_REJECT, .err = EINVAL, .log = "div by zero",
	},
	{
		.name = "alu64_div_bad_off",
		.insns = {
			MOV64_IMM(R0, 7),
			KBPF_ALU64_IMM_OFF(KBPF_DIV, R0, 2, 2), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_ALU uses reserved fields",
	},
	{
		.name = "alu64_lsh_imm_64",
		.insns = { MOV64_IMM(R0, 1), ALU64_IMM(LSH, R0, 64), EXIT },
		.verdict = VC_REJECT, .err = EINVAL, .log = "invalid shift 64",
	},
	{
		.name = "alu32_rsh_imm_32",
		.insns = { MOV32_IMM(R0, 1), ALU32_IMM(RSH, R0, 32), EXIT },
		.verdict = VC_REJECT, .err = EINVAL, .log = "invalid shift 32",
	},
	{
		.name = "alu64_arsh_imm_negative",
		.insns = { MOV64_IMM(R0, 1), ALU64_IMM(ARSH, R0, -1), EXIT },
		.verdict = VC_REJECT, .err = EINVAL, .log = "invalid shift -1",
	},
	{
		.name = "alu64_lsh_reg_masked",
		.insns = {
			MOV64_IMM(R0, 1), MOV64_IMM(R1, 65),
			ALU64_REG(LSH, R0, R1), EXIT,
		},
		.retval = 2,
	},
	{
		.name = "alu64_lsh_rsh_63",
		.insns = {
			MOV64_IMM(R0, 1), ALU64_IMM(LSH, R0, 63),
			ALU64_IMM(RSH, R0, 63), EXIT,
		},
		.retval = 1,
	},
	{
		.name = "alu64_arsh_negative",
		.insns = { MOV64_IMM(R0, -16), ALU64_IMM(ARSH, R0, 2), EXIT },
		.retval = (__u32)-4,
	},
	{
		.name = "alu32_arsh_sign",
		.insns = {
			MOV32_IMM(R0, (__s32)0x80000000), ALU32_IMM(ARSH, R0, 31),
			EXIT,
		},
		.retval = 0xffffffff,
	},
	{
		.name = "alu64_neg",
		.insns = { MOV64_IMM(R0, 5), NEG64(R0), EXIT },
		.retval = (__u32)-5,
	},
	{
		.name = "alu32_neg_zero_extends",
		.insns = {
			MOV64_IMM(R0, 5), NEG32(R0), ALU64_IMM(RSH, R0, 32), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "alu64_bswap16",
		.insns = { MOV64_IMM(R0, 0x1234), KBPF_BSWAP(R0, 16), EXIT },
		.retval = 0x3412,
	},
	{
		.name = "alu64_bswap64",
		.insns = {
			LD_IMM64(R0, 0x0102030405060708ULL), KBPF_BSWAP(R0, 64),
			EXIT,
		},
		.retval = 0x04030201,
	},
	{
		.name = "alu_to_be16",
		.insns = {
			MOV64_IMM(R0, 0x1234),
			KBPF_ENDIAN(KBPF_TO_BE, R0, 16), EXIT,
		},
		.retval = 0x3412,
	},
	{
		.name = "alu_to_le32_truncates",
		.insns = {
			LD_IMM64(R0, 0x1122334455667788ULL),
			KBPF_ENDIAN(KBPF_TO_LE, R0, 32), ALU64_IMM(RSH, R0, 32),
			EXIT,
		},
		.retval = 0,
	},
	{
		.name = "alu_endian_bad_width",
		.insns = {
			MOV64_IMM(R0, 1), KBPF_ENDIAN(KBPF_TO_LE, R0, 8), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_END uses reserved fields",
	},
	{
		.name = "alu64_movsx8",
		.insns = { MOV64_IMM(R1, 0xff), MOVSX64(R0, R1, 8), EXIT },
		.retval = 0xffffffff,
	},
	{
		.name = "alu64_movsx16_high_bits",
		.insns = {
			MOV64_IMM(R1, 0x8000), MOVSX64(R0, R1, 16),
			ALU64_IMM(RSH, R0, 32), EXIT,
		},
		.retval = 0xffffffff,
	},
	{
		.name = "alu64_movsx32_high_bits",
		.insns = {
			MOV32_IMM(R1, (__s32)0x80000000), MOVSX64(R0, R1, 32),
			ALU64_IMM(RSH, R0, 32), EXIT,
		},
		.retval = 0xffffffff,
	},
	{
		.name = "alu32_movsx8_zero_extends",
		.insns = {
			MOV32_IMM(R1, 0x80), MOVSX32(R0, R1, 8),
			ALU64_IMM(RSH, R0, 32), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "alu_movsx_bad_off",
		.insns = { MOV64_IMM(R1, 1), MOVSX64(R0, R1, 4), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_MOV uses reserved fields",
	},
	{
		.name = "alu32_add_zero_extends",
		.insns = {
			MOV64_IMM(R0, -1), ALU32_IMM(ADD, R0, 0),
			ALU64_IMM(RSH, R0, 32), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "alu32_mov_zero_extends",
		.insns = {
			MOV64_IMM(R0, -1), MOV32_REG(R0, R0),
			ALU64_IMM(RSH, R0, 32), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "alu_reserved_src_reg",
		.insns = {
			MOV64_IMM(R0, 0),
			KBPF_RAW_INSN(KBPF_ALU64 | KBPF_ADD | KBPF_K, R0, R1, 0, 1),
			EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_ALU uses reserved fields",
	},
	{
		.name = "alu_bad_opcode",
		.insns = {
			MOV64_IMM(R0, 0),
			KBPF_RAW_INSN(KBPF_ALU64 | 0xe0 | KBPF_K, R0, 0, 0, 1),
			EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "unknown opcode",
	},
	{
		.name = "alu_uninit_src",
		.insns = { MOV64_REG(R0, R5), EXIT },
		.verdict = VC_REJECT, .log = "R5 !read_ok",
	},
	{
		.name = "alu_uninit_dst",
		.insns = { ALU64_IMM(ADD, R0, 1), EXIT },
		.verdict = VC_REJECT, .log = "R0 !read_ok",
	},
	{
		.name = "alu_uninit_r0_at_exit",
		.insns = { EXIT },
		.verdict = VC_REJECT, .log = "R0 !read_ok",
	},
	{
		.name = "alu_write_r10",
		.insns = { MOV64_IMM(R10, 0), RET(0) },
		.verdict = VC_REJECT, .log = "frame pointer is read only",
	},
	{
		.name = "alu_add_r10",
		.insns = { ALU64_IMM(ADD, R10, 8), RET(0) },
		.verdict = VC_REJECT, .log = "frame pointer is read only",
	},
	{
		.name = "alu_bad_register",
		.insns = { MOV64_IMM(11, 0), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL, .log = "R11 is invalid",
	},

	/* Bounds, probed through a 1-byte read at r6 + r1 of a 48-byte value. */
	{
		.name = "bounds_and_47",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 47),
			ACCESS_R6_R1,
		},
	},
	{
		.name = "bounds_and_48",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 48),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=48 size=1",
	},
	{
		.name = "bounds_u8_load",
		.insns = { MAPVAL_R6, LDX(B, R1, R6, 0), ACCESS_R6_R1 },
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=255 size=1",
	},
	{
		.name = "bounds_u64_unbounded",
		.insns = { MAPVAL_R6, LDX(DW, R1, R6, 0), ACCESS_R6_R1 },
		.verdict = VC_REJECT,
		.log = "math between map_value pointer and register with unbounded min value is not allowed",
		.err = EINVAL,
	},
	{
		.name = "bounds_u32_load_unbounded",
		.insns = { MAPVAL_R6, LDX(W, R1, R6, 0), ACCESS_R6_R1 },
		.verdict = VC_REJECT,
		.log = "R6 unbounded memory access",
	},
	{
		.name = "bounds_rsh_59",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(RSH, R1, 59),
			ACCESS_R6_R1,
		},
	},
	{
		.name = "bounds_rsh_58",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(RSH, R1, 58),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=63 size=1",
	},
	{
		.name = "bounds_mul_42",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 7),
			ALU64_IMM(MUL, R1, 6), ACCESS_R6_R1,
		},
	},
	{
		.name = "bounds_mul_49",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 7),
			ALU64_IMM(MUL, R1, 7), ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=49 size=1",
	},
	{
		.name = "bounds_sub_negative",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 15),
			ALU64_IMM(SUB, R1, 8), ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "R6 min value is negative, either use unsigned index or do a if (index >=0) check.",
	},
	{
		.name = "bounds_sub_then_add",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 15),
			ALU64_IMM(SUB, R1, 8), ALU64_IMM(ADD, R1, 8),
			ACCESS_R6_R1,
		},
	},
	{
		.name = "bounds_or_32",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 15),
			ALU64_IMM(OR, R1, 32), ACCESS_R6_R1,
		},
	},
	{
		.name = "bounds_or_48",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 15),
			ALU64_IMM(OR, R1, 48), ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=48 size=1",
	},
	{
		.name = "bounds_xor_31",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 15),
			ALU64_IMM(XOR, R1, 31), ACCESS_R6_R1,
		},
	},
	{
		.name = "bounds_xor_63",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 15),
			ALU64_IMM(XOR, R1, 63), ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=48 size=1",
	},
	{
		.name = "bounds_lsh_48",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 3),
			ALU64_IMM(LSH, R1, 4), ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=48 size=1",
	},
	{
		.name = "bounds_lsh_32",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 1),
			ALU64_IMM(LSH, R1, 5), ACCESS_R6_R1,
		},
	},
	{
		.name = "bounds_arsh_negative",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(ARSH, R1, 60),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "R6 min value is negative",
	},
	{
		.name = "bounds_neg",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 7),
			NEG64(R1), ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "math between map_value pointer and register with unbounded min value is not allowed",
		.err = EINVAL,
	},
	{
		.name = "bounds_neg_twice",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU64_IMM(AND, R1, 7),
			NEG64(R1), NEG64(R1), ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "math between map_value pointer and register with unbounded min value is not allowed",
		.err = EINVAL,
	},
	{
		.name = "bounds_div_unknown",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(DIV, R1, 8),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "math between map_value pointer and register with unbounded min value is not allowed",
		.err = EINVAL,
	},
	{
		.name = "bounds_mod_unknown",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(MOD, R1, 16),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "math between map_value pointer and register with unbounded min value is not allowed",
		.err = EINVAL,
	},
	{
		.name = "bounds_alu32_and_zero_extends",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), ALU32_IMM(AND, R1, 15),
			ACCESS_R6_R1,
		},
	},
	{
		.name = "bounds_alu32_mov_unbounded",
		.insns = {
			MAPVAL_R6, LDX(DW, R1, R6, 0), MOV32_REG(R1, R1),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "R6 unbounded memory access",
	},
	{
		.name = "bounds_alu32_add_wraps",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU32_IMM(ADD, R1, -256),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "value 4294967040 makes map_value pointer be out of bounds",
		.err = EINVAL,
	},
	{
		.name = "bounds_alu32_sub_small",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU32_IMM(AND, R1, 31),
			ALU32_IMM(ADD, R1, 16), ACCESS_R6_R1,
		},
	},
	{
		.name = "bounds_movsx8_negative",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), MOVSX64(R1, R1, 8),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "R6 min value is negative",
	},
	{
		.name = "bounds_ldsx8_negative",
		.insns = {
			MAPVAL_R6, LDXSX(B, R1, R6, 0), ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "R6 min value is negative",
	},
	{
		.name = "bounds_bswap16_unbounded_high",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), KBPF_BSWAP(R1, 16),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "math between map_value pointer and register with unbounded min value is not allowed",
		.err = EINVAL,
	},
	{
		.name = "bounds_const_add_ok",
		.insns = {
			MAPVAL_R6, MOV64_IMM(R1, 40), ALU64_IMM(ADD, R1, 7),
			ACCESS_R6_R1,
		},
	},
	{
		.name = "bounds_const_add_oob",
		.insns = {
			MAPVAL_R6, MOV64_IMM(R1, 40), ALU64_IMM(ADD, R1, 8),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=48 size=1",
	},
	{
		.name = "bounds_const_u64_overflow",
		.insns = {
			MAPVAL_R6, MOV64_IMM(R1, -1), ALU64_IMM(ADD, R1, 2),
			ACCESS_R6_R1,
		},
	},
	{
		.name = "bounds_const_big",
		.insns = {
			MAPVAL_R6, U64_LD1(0x100000000ULL), ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "math between map_value pointer and 4294967296 is not allowed",
		.err = EINVAL,
	},
	{
		.name = "bounds_add_two_ranges",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(AND, R1, 15),
			LDX(B, R2, R6, 1), ALU64_IMM(AND, R2, 31),
			ALU64_REG(ADD, R1, R2), ACCESS_R6_R1,
		},
	},
	{
		.name = "bounds_add_two_ranges_oob",
		.insns = {
			MAPVAL_R6, LDX(B, R1, R6, 0), ALU64_IMM(AND, R1, 31),
			LDX(B, R2, R6, 1), ALU64_IMM(AND, R2, 31),
			ALU64_REG(ADD, R1, R2), ACCESS_R6_R1,
		},
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=62 size=1",
	},
};

VC_TABLE(vc_alu_table, "alu", cases);
