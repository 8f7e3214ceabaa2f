// SPDX-License-Identifier: GPL-2.0
/*
 * Linux's Spectre v1 rules (bypass_spec_v1 false: no CAP_PERFMON), tested
 * with programs from Linux 6.12's own selftests, re-expressed as SYSCALL
 * programs over kbpf's fixtures: progs/verifier_value_ptr_arith.c,
 * verifier_stack_ptr.c, verifier_unpriv.c, verifier_var_off.c,
 * verifier_bounds*.c (their __failure_unpriv/__msg_unpriv cases). Linux's
 * "unpriv" there is a socket filter without CAP_BPF; here it is CAP_BPF
 * alone (name@bpf), which has the same Spectre rules. Where a test read
 * skb->len, it reads the first u32 of the SYSCALL ctx; map_hash_16b is
 * VC_HASH, map_array_48b is VC_ARRAY (element 0, all zero).
 *
 * The spec_attack_* cases at the end are new: they aim at the
 * speculative-path machinery itself (pruning, masks across paths, loops,
 * subprograms, callbacks).
 *
 * Every verdict, errno and log word is Linux 6.12's, taken from a run on
 * Linux at each level.
 */
#include "verifier_cases.h"

#define RB		.levels = VC_ROOT | VC_BPF
#define ALL		.levels = VC_ROOT | VC_BPF | VC_PERFMON
#define BPF_ONLY	.levels = VC_BPF
#define PRIV		.levels = VC_ROOT | VC_PERFMON
#define ROOT		.levels = VC_ROOT

#define UNPAREN(...)	__VA_ARGS__
/* The number of instructions in a list (a constant expression). */
#define NINSN(...)							\
	(sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /			\
	 sizeof(struct kbpf_insn))

/* r0 = &VC_ARRAY[0]; when NULL, jump over @... (then RET(1) follows). */
#define ARR(...)							\
	LOOKUP64(VC_ARRAY, 0), JMP_IMM(JEQ, R0, 0, NINSN(__VA_ARGS__)),	\
	__VA_ARGS__, RET(1)

/*
 * value_ptr_arith's two-map prologue: r0 = lookup(ctx[0] == 1 ?
 * VC_ARRAY : @fix, key 0).
 */
#define TWO_MAPS(fix)							\
	LDX(W, R0, R1, 0), KEY64(0), JMP_IMM(JEQ, R0, 1, 3),		\
	LD_MAP(R1, fix), JMP_IMM(JNE, R0, 1, 2), LD_MAP(R1, VC_ARRAY),	\
	CALL(map_lookup_elem)
/* Then, r0 non-NULL: r1 = (*(u8 *)r0 == 1 ? @y : @x); r0 = *(r1 + r0). */
#define TWO_MAPS_ADD(x, y)						\
	JMP_IMM(JEQ, R0, 0, NINSN(UNPAREN x) + NINSN(UNPAREN y) + 5),	\
	LDX(B, R4, R0, 0), JMP_IMM(JEQ, R4, 1, NINSN(UNPAREN x) + 1),	\
	UNPAREN x, JA(NINSN(UNPAREN y)), UNPAREN y,			\
	ALU64_REG(ADD, R1, R0), LDX(B, R0, R1, 0), RET(1)
#define NEG6_AND(m)	MOV64_IMM(R1, 6), NEG64(R1), ALU64_IMM(AND, R1, m)

#define PATHS		"R1 tried to add from different maps, paths or scalars"
#define MAPVAL_RANGE	"R0 pointer arithmetic of map value goes out of range"
#define STACK_RANGE	"R1 stack pointer arithmetic goes out of range"
#define VAR_STACK	"R2 variable stack access prohibited for !root"

/* mixing value pointer and scalar: the tail shared by tests 1 and 2 */
#define MIX_TAIL							\
	ALU64_REG(ADD, R2, R3), JMP_IMM(JNE, R1, 0, 1), JA(4),		\
	MOV64_IMM(R0, 0x13371337), JMP_IMM(JNE, R2, 0x100000, 2),	\
	RET(0), LDX(B, R0, R0, 0), RET(0)

/* r6 = a map value; w1 = xchg(zero slot) + 1000; r1 > 40 skips r6 + r1. */
#define SPEC_ATOMIC_FETCH						\
	MAPVAL_R6, ST(DW, R10, -16, 0), MOV64_IMM(R1, 0),		\
	ATOMIC(W, KBPF_XCHG, R10, R1, -16),				\
	ALU32_IMM(ADD, R1, 1000), JMP_IMM(JSGT, R1, 40, 2),		\
	ALU64_REG(ADD, R6, R1), LDX(B, R0, R6, 0), RET(1)

static const struct vc_case cases[] = {
	/* verifier_value_ptr_arith.c */
	{
		.name = "spec_vpa_unknown_vs_const", ROOT,
		.insns = {
			TWO_MAPS(VC_HASH),
			TWO_MAPS_ADD((NEG6_AND(7)), (MOV64_IMM(R1, 3))),
		},
		.retval = 1,
	},
	{
		.name = "spec_vpa_unknown_vs_const", BPF_ONLY,
		.insns = {
			TWO_MAPS(VC_HASH),
			TWO_MAPS_ADD((NEG6_AND(7)), (MOV64_IMM(R1, 3))),
		},
		.verdict = VC_REJECT,
		.log = PATHS,
	},
	{
		.name = "spec_vpa_const_vs_unknown", ROOT,
		.insns = {
			TWO_MAPS(VC_HASH),
			TWO_MAPS_ADD((MOV64_IMM(R1, 3)), (NEG6_AND(7))),
		},
		.retval = 1,
	},
	{
		.name = "spec_vpa_const_vs_unknown", BPF_ONLY,
		.insns = {
			TWO_MAPS(VC_HASH),
			TWO_MAPS_ADD((MOV64_IMM(R1, 3)), (NEG6_AND(7))),
		},
		.verdict = VC_REJECT,
		.log = PATHS,
	},
	{
		.name = "spec_vpa_const_vs_const_ne", ROOT,
		.insns = {
			TWO_MAPS(VC_HASH),
			TWO_MAPS_ADD((MOV64_IMM(R1, 3)), (MOV64_IMM(R1, 5))),
		},
		.retval = 1,
	},
	{
		.name = "spec_vpa_const_vs_const_ne", BPF_ONLY,
		.insns = {
			TWO_MAPS(VC_HASH),
			TWO_MAPS_ADD((MOV64_IMM(R1, 3)), (MOV64_IMM(R1, 5))),
		},
		.verdict = VC_REJECT,
		.log = PATHS,
	},
	{
		.name = "spec_vpa_const_vs_const_eq", RB,
		.insns = {
			TWO_MAPS(VC_HASH),
			TWO_MAPS_ADD((MOV64_IMM(R1, 5)), (MOV64_IMM(R1, 5))),
		},
		.retval = 1,
	},
	{
		.name = "spec_vpa_unknown_vs_unknown_eq", RB,
		.insns = {
			TWO_MAPS(VC_HASH),
			TWO_MAPS_ADD((NEG6_AND(7)), (NEG6_AND(7))),
		},
		.retval = 1,
	},
	{
		.name = "spec_vpa_unknown_vs_unknown_lt", ROOT,
		.insns = {
			TWO_MAPS(VC_HASH),
			TWO_MAPS_ADD((NEG6_AND(3)), (NEG6_AND(7))),
		},
		.retval = 1,
	},
	{
		.name = "spec_vpa_unknown_vs_unknown_lt", BPF_ONLY,
		.insns = {
			TWO_MAPS(VC_HASH),
			TWO_MAPS_ADD((NEG6_AND(3)), (NEG6_AND(7))),
		},
		.verdict = VC_REJECT,
		.log = PATHS,
	},
	{
		.name = "spec_vpa_unknown_vs_unknown_gt", ROOT,
		.insns = {
			TWO_MAPS(VC_HASH),
			TWO_MAPS_ADD((NEG6_AND(7)), (NEG6_AND(3))),
		},
		.retval = 1,
	},
	{
		.name = "spec_vpa_unknown_vs_unknown_gt", BPF_ONLY,
		.insns = {
			TWO_MAPS(VC_HASH),
			TWO_MAPS_ADD((NEG6_AND(7)), (NEG6_AND(3))),
		},
		.verdict = VC_REJECT,
		.log = PATHS,
	},
	{
		.name = "spec_vpa_from_different_maps", RB,
		.insns = {
			TWO_MAPS(VC_HASH),
			JMP_IMM(JEQ, R0, 0, 3), MOV64_IMM(R1, 4),
			ALU64_REG(ADD, R1, R0), LDX(B, R0, R1, 0), RET(1),
		},
		.retval = 1,
	},
	{
		.name = "spec_vpa_sub_known_different_maps", ROOT,
		.insns = {
			TWO_MAPS(VC_HASH),
			JMP_IMM(JEQ, R0, 0, 4), MOV64_IMM(R1, 4),
			ALU64_REG(SUB, R0, R1), ALU64_REG(ADD, R0, R1),
			LDX(B, R0, R0, 0), RET(1),
		},
		.retval = 1,
	},
	{
		.name = "spec_vpa_sub_known_different_maps", BPF_ONLY,
		.insns = {
			TWO_MAPS(VC_HASH),
			JMP_IMM(JEQ, R0, 0, 4), MOV64_IMM(R1, 4),
			ALU64_REG(SUB, R0, R1), ALU64_REG(ADD, R0, R1),
			LDX(B, R0, R0, 0), RET(1),
		},
		.verdict = VC_REJECT,
		.log = MAPVAL_RANGE,
	},
	{
		/* Both maps with a 48-byte value: the limits agree. */
		.name = "spec_vpa_different_maps_same_value", RB,
		.insns = {
			TWO_MAPS(VC_ARRAY_RO),
			JMP_IMM(JEQ, R0, 0, 3), MOV64_IMM(R1, 4),
			ALU64_REG(ADD, R1, R0), LDX(B, R0, R1, 0), RET(1),
		},
		.retval = 1,
	},
	{
		.name = "spec_vpa_mixing_value_ptr_scalar_1", ROOT,
		.insns = {
			LOOKUP64(VC_ARRAY, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			LDX(B, R1, R0, 0), JMP_IMM(JNE, R1, 0, 3),
			MOV64_REG(R2, R0), MOV64_IMM(R3, 0), JA(2),
			MOV64_IMM(R2, 0), MOV64_IMM(R3, 0x100000),
			MIX_TAIL,
		},
		.retval = 0,
	},
	{
		.name = "spec_vpa_mixing_value_ptr_scalar_1", BPF_ONLY,
		.insns = {
			LOOKUP64(VC_ARRAY, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			LDX(B, R1, R0, 0), JMP_IMM(JNE, R1, 0, 3),
			MOV64_REG(R2, R0), MOV64_IMM(R3, 0), JA(2),
			MOV64_IMM(R2, 0), MOV64_IMM(R3, 0x100000),
			MIX_TAIL,
		},
		.verdict = VC_REJECT,
		.log = "R2 pointer comparison prohibited",
	},
	{
		.name = "spec_vpa_mixing_value_ptr_scalar_2", ROOT,
		.insns = {
			LOOKUP64(VC_ARRAY, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			LDX(B, R1, R0, 0), JMP_IMM(JEQ, R1, 0, 3),
			MOV64_IMM(R2, 0), MOV64_IMM(R3, 0x100000), JA(2),
			MOV64_REG(R2, R0), MOV64_IMM(R3, 0),
			MIX_TAIL,
		},
		.retval = 0,
	},
	{
		.name = "spec_vpa_mixing_value_ptr_scalar_2", BPF_ONLY,
		.insns = {
			LOOKUP64(VC_ARRAY, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			LDX(B, R1, R0, 0), JMP_IMM(JEQ, R1, 0, 3),
			MOV64_IMM(R2, 0), MOV64_IMM(R3, 0x100000), JA(2),
			MOV64_REG(R2, R0), MOV64_IMM(R3, 0),
			MIX_TAIL,
		},
		.verdict = VC_REJECT,
		.log = "R0 invalid mem access 'scalar'",
	},
	{
		.name = "spec_vpa_alu_different_scalars_1", RB,
		.insns = {
			LOOKUP64(VC_ARRAY, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			LDX(W, R1, R0, 0), JMP_IMM(JEQ, R1, 0, 3),
			MOV64_IMM(R2, 0), MOV64_IMM(R3, 0x100000), JA(2),
			MOV64_IMM(R2, 42), MOV64_IMM(R3, 0x100001),
			ALU64_REG(ADD, R2, R3), MOV64_REG(R0, R2), EXIT,
		},
		.retval = 0x10002b,
	},
	{
		.name = "spec_vpa_alu_different_scalars_2", RB,
		.insns = {
			LD_MAP(R1, VC_ARRAY), MOV64_REG(R6, R1), KEY64(0),
			CALL(map_delete_elem), MOV64_REG(R7, R0),
			MOV64_REG(R1, R6), MOV64_REG(R2, R10),
			ALU64_IMM(ADD, R2, -8), CALL(map_delete_elem),
			MOV64_REG(R6, R0), MOV64_REG(R8, R6),
			ALU64_REG(ADD, R8, R7), MOV64_REG(R0, R8),
			ALU64_IMM(ADD, R0, 22), ALU64_IMM(ADD, R0, 22), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "spec_vpa_alu_different_scalars_3", RB,
		.insns = {
			MOV64_IMM(R0, 22), ALU64_IMM(MUL, R0, -1),
			MOV64_REG(R7, R0), MOV64_IMM(R0, 22),
			ALU64_IMM(MUL, R0, -1), MOV64_REG(R6, R0),
			MOV64_REG(R8, R6), ALU64_REG(ADD, R8, R7),
			MOV64_REG(R0, R8), ALU64_IMM(ADD, R0, 22),
			ALU64_IMM(ADD, R0, 22), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "spec_vpa_upper_oob_1", ROOT,
		.insns = { ARR(MOV64_IMM(R1, 48), ALU64_REG(ADD, R0, R1),
			       ALU64_REG(SUB, R0, R1), LDX(B, R0, R0, 0)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_upper_oob_1", BPF_ONLY,
		.insns = { ARR(MOV64_IMM(R1, 48), ALU64_REG(ADD, R0, R1),
			       ALU64_REG(SUB, R0, R1), LDX(B, R0, R0, 0)) },
		.verdict = VC_REJECT,
		.log = MAPVAL_RANGE,
	},
	{
		.name = "spec_vpa_upper_oob_2", ROOT,
		.insns = { ARR(MOV64_IMM(R1, 49), ALU64_REG(ADD, R0, R1),
			       ALU64_REG(SUB, R0, R1), LDX(B, R0, R0, 0)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_upper_oob_2", BPF_ONLY,
		.insns = { ARR(MOV64_IMM(R1, 49), ALU64_REG(ADD, R0, R1),
			       ALU64_REG(SUB, R0, R1), LDX(B, R0, R0, 0)) },
		.verdict = VC_REJECT,
		.log = MAPVAL_RANGE,
	},
	{
		.name = "spec_vpa_upper_oob_3", RB,
		.insns = { ARR(MOV64_IMM(R1, 47), ALU64_REG(ADD, R0, R1),
			       ALU64_REG(SUB, R0, R1), LDX(B, R0, R0, 0)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_lower_oob_1", ROOT,
		.insns = { ARR(MOV64_IMM(R1, 47), ALU64_REG(ADD, R0, R1),
			       MOV64_IMM(R1, 48), ALU64_REG(SUB, R0, R1),
			       LDX(B, R0, R0, 0)) },
		.verdict = VC_REJECT,
		.log = "R0 min value is outside of the allowed memory range",
	},
	{
		.name = "spec_vpa_lower_oob_1", BPF_ONLY,
		.insns = { ARR(MOV64_IMM(R1, 47), ALU64_REG(ADD, R0, R1),
			       MOV64_IMM(R1, 48), ALU64_REG(SUB, R0, R1),
			       LDX(B, R0, R0, 0)) },
		.verdict = VC_REJECT,
		.log = MAPVAL_RANGE,
	},
	{
		.name = "spec_vpa_lower_oob_2", ROOT,
		.insns = { ARR(MOV64_IMM(R1, 47), ALU64_REG(ADD, R0, R1),
			       MOV64_IMM(R1, 48), ALU64_REG(SUB, R0, R1),
			       MOV64_IMM(R1, 1), ALU64_REG(ADD, R0, R1),
			       LDX(B, R0, R0, 0)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_lower_oob_2", BPF_ONLY,
		.insns = { ARR(MOV64_IMM(R1, 47), ALU64_REG(ADD, R0, R1),
			       MOV64_IMM(R1, 48), ALU64_REG(SUB, R0, R1),
			       MOV64_IMM(R1, 1), ALU64_REG(ADD, R0, R1),
			       LDX(B, R0, R0, 0)) },
		.verdict = VC_REJECT,
		.log = MAPVAL_RANGE,
	},
	{
		.name = "spec_vpa_lower_oob_3", RB,
		.insns = { ARR(MOV64_IMM(R1, 47), ALU64_REG(ADD, R0, R1),
			       MOV64_IMM(R1, 47), ALU64_REG(SUB, R0, R1),
			       LDX(B, R0, R0, 0)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_known_scalar_add_value_ptr", RB,
		.insns = { ARR(MOV64_IMM(R1, 4), ALU64_REG(ADD, R1, R0),
			       LDX(B, R0, R1, 0)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_value_ptr_add_known_1", RB,
		.insns = { ARR(MOV64_IMM(R1, 4), ALU64_REG(ADD, R0, R1),
			       LDX(B, R1, R0, 0)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_value_ptr_add_known_2", ROOT,
		.insns = { ARR(MOV64_IMM(R1, 49), ALU64_REG(ADD, R0, R1),
			       LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT,
		.log = "R0 min value is outside of the allowed memory range",
	},
	{
		.name = "spec_vpa_value_ptr_add_known_2", BPF_ONLY,
		.insns = { ARR(MOV64_IMM(R1, 49), ALU64_REG(ADD, R0, R1),
			       LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT,
		.log = MAPVAL_RANGE,
	},
	{
		.name = "spec_vpa_value_ptr_add_known_3", ROOT,
		.insns = { ARR(MOV64_IMM(R1, -1), ALU64_REG(ADD, R0, R1),
			       LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT,
		.log = "R0 min value is outside of the allowed memory range",
	},
	{
		.name = "spec_vpa_value_ptr_add_known_3", BPF_ONLY,
		.insns = { ARR(MOV64_IMM(R1, -1), ALU64_REG(ADD, R0, R1),
			       LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT,
		.log = MAPVAL_RANGE,
	},
	{
		.name = "spec_vpa_value_ptr_add_known_4", RB,
		.insns = { ARR(MOV64_IMM(R1, 5), ALU64_REG(ADD, R0, R1),
			       MOV64_IMM(R1, -2), ALU64_REG(ADD, R0, R1),
			       MOV64_IMM(R1, -1), ALU64_REG(ADD, R0, R1),
			       LDX(B, R1, R0, 0)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_value_ptr_add_known_6", RB,
		.insns = { ARR(MOV64_IMM(R1, 8), ALU64_REG(ADD, R0, R1),
			       ALU64_REG(ADD, R0, R1), LDX(W, R0, R0, 0),
			       EXIT) },
		.retval = 0,
	},
	{
		.name = "spec_vpa_add_n_sub_n", RB,
		.insns = { ARR(MOV32_IMM(R1, 0x12345678), STX(W, R0, R1, 0),
			       ALU64_IMM(ADD, R0, 2), MOV64_IMM(R1, 2),
			       ALU64_REG(SUB, R0, R1), LDX(W, R0, R0, 0),
			       EXIT) },
		.retval = 0x12345678,
	},
	{
		.name = "spec_vpa_unknown_add_value_ptr_1", RB,
		.insns = { ARR(LDX(B, R1, R0, 0), ALU64_IMM(AND, R1, 0xf),
			       ALU64_REG(ADD, R1, R0), LDX(B, R0, R1, 0)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_unknown_add_value_ptr_2", RB,
		.insns = { ARR(LDX(W, R1, R0, 0), ALU64_IMM(AND, R1, 31),
			       ALU64_REG(ADD, R1, R0), LDX(W, R0, R1, 0),
			       EXIT) },
		.retval = 0,
	},
	{
		.name = "spec_vpa_unknown_add_value_ptr_3", ROOT,
		.insns = { ARR(MOV64_IMM(R1, -1), ALU64_REG(ADD, R0, R1),
			       MOV64_IMM(R1, 1), ALU64_REG(ADD, R0, R1),
			       LDX(W, R1, R0, 0), ALU64_IMM(AND, R1, 31),
			       ALU64_REG(ADD, R1, R0), LDX(W, R0, R1, 0),
			       EXIT) },
		.retval = 0,
	},
	{
		.name = "spec_vpa_unknown_add_value_ptr_3", BPF_ONLY,
		.insns = { ARR(MOV64_IMM(R1, -1), ALU64_REG(ADD, R0, R1),
			       MOV64_IMM(R1, 1), ALU64_REG(ADD, R0, R1),
			       LDX(W, R1, R0, 0), ALU64_IMM(AND, R1, 31),
			       ALU64_REG(ADD, R1, R0), LDX(W, R0, R1, 0),
			       EXIT) },
		.verdict = VC_REJECT,
		.log = MAPVAL_RANGE,
	},
	{
		.name = "spec_vpa_unknown_add_value_ptr_4", ROOT,
		.insns = { ARR(MOV64_IMM(R1, 19), ALU64_REG(ADD, R0, R1),
			       LDX(W, R1, R0, 0), ALU64_IMM(AND, R1, 31),
			       ALU64_REG(ADD, R1, R0), LDX(W, R0, R1, 0),
			       EXIT) },
		.verdict = VC_REJECT,
		.log = "R1 max value is outside of the allowed memory range",
	},
	{
		.name = "spec_vpa_unknown_add_value_ptr_4", BPF_ONLY,
		.insns = { ARR(MOV64_IMM(R1, 19), ALU64_REG(ADD, R0, R1),
			       LDX(W, R1, R0, 0), ALU64_IMM(AND, R1, 31),
			       ALU64_REG(ADD, R1, R0), LDX(W, R0, R1, 0),
			       EXIT) },
		.verdict = VC_REJECT,
		.log = "R1 pointer arithmetic of map value goes out of range",
	},
	{
		.name = "spec_vpa_value_ptr_add_unknown_1", RB,
		.insns = { ARR(LDX(B, R1, R0, 0), ALU64_IMM(AND, R1, 0xf),
			       ALU64_REG(ADD, R0, R1), LDX(B, R1, R0, 0)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_value_ptr_add_unknown_3", ROOT,
		.insns = { ARR(LDX(DW, R1, R0, 0), LDX(DW, R2, R0, 8),
			       LDX(DW, R3, R0, 16), ALU64_IMM(AND, R1, 0xf),
			       ALU64_IMM(AND, R3, 1), ALU64_IMM(OR, R3, 1),
			       JMP_REG(JGT, R2, R3, 3),
			       ALU64_REG(ADD, R0, R3), LDX(B, R0, R0, 0),
			       RET(1)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_value_ptr_add_unknown_3", BPF_ONLY,
		.insns = { ARR(LDX(DW, R1, R0, 0), LDX(DW, R2, R0, 8),
			       LDX(DW, R3, R0, 16), ALU64_IMM(AND, R1, 0xf),
			       ALU64_IMM(AND, R3, 1), ALU64_IMM(OR, R3, 1),
			       JMP_REG(JGT, R2, R3, 3),
			       ALU64_REG(ADD, R0, R3), LDX(B, R0, R0, 0),
			       RET(1)) },
		.verdict = VC_REJECT,
		.log = "R0 leaks addr as return value",
	},
	{
		.name = "spec_vpa_value_ptr_add_value_ptr", RB,
		.insns = { ARR(ALU64_REG(ADD, R0, R0), LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT,
		.log = "R0 pointer += pointer prohibited",
	},
	{
		.name = "spec_vpa_known_sub_value_ptr", RB,
		.insns = { ARR(MOV64_IMM(R1, 4), ALU64_REG(SUB, R1, R0),
			       LDX(B, R0, R1, 0)) },
		.verdict = VC_REJECT,
		.log = "R1 tried to subtract pointer from scalar",
	},
	{
		.name = "spec_vpa_value_ptr_sub_known", ROOT,
		.insns = { ARR(MOV64_IMM(R1, 4), ALU64_REG(SUB, R0, R1),
			       LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT,
		.log = "R0 min value is outside of the allowed memory range",
	},
	{
		.name = "spec_vpa_value_ptr_sub_known", BPF_ONLY,
		.insns = { ARR(MOV64_IMM(R1, 4), ALU64_REG(SUB, R0, R1),
			       LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT,
		.log = MAPVAL_RANGE,
	},
	{
		.name = "spec_vpa_value_ptr_sub_known_2", RB,
		.insns = { ARR(MOV64_IMM(R1, 6), MOV64_IMM(R2, 4),
			       ALU64_REG(ADD, R0, R1), ALU64_REG(SUB, R0, R2),
			       LDX(B, R1, R0, 0)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_unknown_sub_value_ptr", RB,
		.insns = { ARR(LDX(B, R1, R0, 0), ALU64_IMM(AND, R1, 0xf),
			       ALU64_REG(SUB, R1, R0), LDX(B, R0, R1, 0)) },
		.verdict = VC_REJECT,
		.log = "R1 tried to subtract pointer from scalar",
	},
	{
		.name = "spec_vpa_value_ptr_sub_unknown", ROOT,
		.insns = { ARR(LDX(B, R1, R0, 0), ALU64_IMM(AND, R1, 0xf),
			       ALU64_REG(SUB, R0, R1), LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT,
		.log = "R0 min value is negative",
	},
	{
		.name = "spec_vpa_value_ptr_sub_unknown", BPF_ONLY,
		.insns = { ARR(LDX(B, R1, R0, 0), ALU64_IMM(AND, R1, 0xf),
			       ALU64_REG(SUB, R0, R1), LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT,
		.log = MAPVAL_RANGE,
	},
	{
		.name = "spec_vpa_value_ptr_sub_unknown_2", ROOT,
		.insns = { ARR(LDX(B, R1, R0, 0), ALU64_IMM(AND, R1, 0xf),
			       ALU64_IMM(OR, R1, 7), ALU64_REG(ADD, R0, R1),
			       LDX(B, R1, R0, 0), ALU64_IMM(AND, R1, 7),
			       ALU64_REG(SUB, R0, R1), LDX(B, R1, R0, 0)) },
		.retval = 1,
	},
	{
		.name = "spec_vpa_value_ptr_sub_unknown_2", BPF_ONLY,
		.insns = { ARR(LDX(B, R1, R0, 0), ALU64_IMM(AND, R1, 0xf),
			       ALU64_IMM(OR, R1, 7), ALU64_REG(ADD, R0, R1),
			       LDX(B, R1, R0, 0), ALU64_IMM(AND, R1, 7),
			       ALU64_REG(SUB, R0, R1), LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT,
		.log = MAPVAL_RANGE,
	},
	{
		.name = "spec_vpa_value_ptr_sub_value_ptr", ROOT,
		.insns = { ARR(ALU64_REG(SUB, R0, R0), LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT,
		.log = "R0 invalid mem access 'scalar'",
	},
	{
		.name = "spec_vpa_value_ptr_sub_value_ptr", BPF_ONLY,
		.insns = { ARR(ALU64_REG(SUB, R0, R0), LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT,
		.log = "R0 pointer -= pointer prohibited",
	},
	{
		.name = "spec_vpa_leak_tainted_dst", RB,
		.insns = {
			LOOKUP64(VC_ARRAY, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			MOV64_REG(R2, R0), MOV32_IMM(R1, -1), MOV32_REG(R1, R1),
			ALU64_REG(SUB, R2, R1), STX(DW, R0, R2, 0), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "math between map_value pointer and 4294967295 is not allowed",
	},

	/* verifier_stack_ptr.c */
	{
		.name = "spec_stack_check_high_1", RB,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -1),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0),
			   LDX(B, R0, R1, 0), EXIT },
		.retval = 42,
	},
	{
		.name = "spec_stack_check_high_3", ROOT,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, 0),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, -1),
			   LDX(B, R0, R1, -1), EXIT },
		.retval = 42,
	},
	{
		.name = "spec_stack_check_high_3", BPF_ONLY,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, 0),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, -1),
			   LDX(B, R0, R1, -1), EXIT },
		.verdict = VC_REJECT,
		.log = STACK_RANGE,
	},
	{
		.name = "spec_stack_check_high_4", ROOT,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, 0),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0),
			   LDX(B, R0, R1, 0), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid write to stack R1 off=0 size=1",
	},
	{
		.name = "spec_stack_check_high_4", BPF_ONLY,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, 0),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0),
			   LDX(B, R0, R1, 0), EXIT },
		.verdict = VC_REJECT,
		.log = STACK_RANGE,
	},
	{
		.name = "spec_stack_check_high_5", ROOT,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, (1 << 29) - 1),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0),
			   LDX(B, R0, R1, 0), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid write to stack R1 off=536870911 size=1",
	},
	{
		.name = "spec_stack_check_high_5", BPF_ONLY,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, (1 << 29) - 1),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0),
			   LDX(B, R0, R1, 0), EXIT },
		.verdict = VC_REJECT,
		.log = STACK_RANGE,
	},
	{
		.name = "spec_stack_check_high_7", ROOT,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, (1 << 29) - 1),
			   ALU64_IMM(ADD, R1, (1 << 29) - 1),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0x7fff),
			   LDX(B, R0, R1, 0x7fff), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "fp pointer offset 1073741822 is not allowed",
	},
	{
		.name = "spec_stack_check_high_7", BPF_ONLY,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, (1 << 29) - 1),
			   ALU64_IMM(ADD, R1, (1 << 29) - 1),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0x7fff),
			   LDX(B, R0, R1, 0x7fff), EXIT },
		.verdict = VC_REJECT,
		.log = STACK_RANGE,
	},
	{
		.name = "spec_stack_check_low_1", RB,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -512),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0),
			   LDX(B, R0, R1, 0), EXIT },
		.retval = 42,
	},
	{
		.name = "spec_stack_check_low_2", ROOT,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -513),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 1),
			   LDX(B, R0, R1, 1), EXIT },
		.retval = 42,
	},
	{
		.name = "spec_stack_check_low_2", BPF_ONLY,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -513),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 1),
			   LDX(B, R0, R1, 1), EXIT },
		.verdict = VC_REJECT,
		.log = STACK_RANGE,
	},
	{
		.name = "spec_stack_check_low_3", ROOT,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -513),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0),
			   LDX(B, R0, R1, 0), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid write to stack R1 off=-513 size=1",
	},
	{
		.name = "spec_stack_check_low_3", BPF_ONLY,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -513),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0),
			   LDX(B, R0, R1, 0), EXIT },
		.verdict = VC_REJECT,
		.log = STACK_RANGE,
	},
	{
		.name = "spec_stack_check_low_4", RB,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, (int)0x80000000),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0),
			   LDX(B, R0, R1, 0), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "math between fp pointer and -2147483648 is not allowed",
	},
	{
		.name = "spec_stack_check_low_7", ROOT,
		.insns = { MOV64_REG(R1, R10),
			   ALU64_IMM(ADD, R1, -((1 << 29) - 1)),
			   ALU64_IMM(ADD, R1, -((1 << 29) - 1)),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, -0x8000),
			   LDX(B, R0, R1, -0x8000), EXIT },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "fp pointer offset -1073741822 is not allowed",
	},
	{
		.name = "spec_stack_check_low_7", BPF_ONLY,
		.insns = { MOV64_REG(R1, R10),
			   ALU64_IMM(ADD, R1, -((1 << 29) - 1)),
			   ALU64_IMM(ADD, R1, -((1 << 29) - 1)),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, -0x8000),
			   LDX(B, R0, R1, -0x8000), EXIT },
		.verdict = VC_REJECT,
		.log = STACK_RANGE,
	},
	{
		.name = "spec_stack_mixed_reg_k_1", RB,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -3),
			   MOV64_IMM(R2, -3), ALU64_REG(ADD, R1, R2),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0),
			   LDX(B, R0, R1, 0), EXIT },
		.retval = 42,
	},
	{
		.name = "spec_stack_mixed_reg_k_3", RB,
		.insns = { MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -3),
			   MOV64_IMM(R2, -3), ALU64_REG(ADD, R1, R2),
			   MOV64_IMM(R0, 42), STX(B, R1, R0, 0),
			   MOV64_REG(R0, R2), EXIT },
		.retval = 0xfffffffd,
	},
	{
		.name = "spec_stack_reg", RB,
		.insns = { MOV64_REG(R1, R10), MOV64_IMM(R2, -3),
			   ALU64_REG(ADD, R1, R2), MOV64_IMM(R0, 42),
			   STX(B, R1, R0, 0), LDX(B, R0, R1, 0), EXIT },
		.retval = 42,
	},
	{
		.name = "spec_stack_pointer_arithmetic", RB,
		.insns = { MOV64_IMM(R1, 4), JA(0), MOV64_REG(R7, R10),
			   ALU64_IMM(ADD, R7, -10), ALU64_IMM(ADD, R7, -10),
			   MOV64_REG(R2, R7), ALU64_REG(ADD, R2, R1),
			   ST(W, R2, 4, 0), MOV64_REG(R2, R7),
			   ALU64_IMM(ADD, R2, 8), ST(W, R2, 4, 0), RET(0) },
		.retval = 0,
	},

	/* verifier_unpriv.c */
	{
		.name = "spec_unpriv_adding_fp_reg", ROOT,
		.insns = { MOV64_IMM(R0, 0), MOV64_IMM(R1, 0),
			   ALU64_REG(ADD, R1, R10), STX(DW, R1, R0, -8),
			   EXIT },
		.retval = 0,
	},
	{
		.name = "spec_unpriv_adding_fp_reg", BPF_ONLY,
		.insns = { MOV64_IMM(R0, 0), MOV64_IMM(R1, 0),
			   ALU64_REG(ADD, R1, R10), STX(DW, R1, R0, -8),
			   EXIT },
		.verdict = VC_REJECT,
		.log = STACK_RANGE,
	},
	{
		.name = "spec_unpriv_adding_fp_imm", ROOT,
		.insns = { MOV64_IMM(R0, 0), MOV64_REG(R1, R10),
			   ALU64_IMM(ADD, R1, 0), STX(DW, R1, R0, -8),
			   EXIT },
		.retval = 0,
	},
	{
		.name = "spec_unpriv_adding_fp_imm", BPF_ONLY,
		.insns = { MOV64_IMM(R0, 0), MOV64_REG(R1, R10),
			   ALU64_IMM(ADD, R1, 0), STX(DW, R1, R0, -8),
			   EXIT },
		.verdict = VC_REJECT,
		.log = STACK_RANGE,
	},
	{
		.name = "spec_unpriv_neg_pointer", ROOT,
		.insns = { MOV64_REG(R1, R10), NEG64(R1), RET(0) },
		.retval = 0,
	},
	{
		.name = "spec_unpriv_neg_pointer", BPF_ONLY,
		.insns = { MOV64_REG(R1, R10), NEG64(R1), RET(0) },
		.verdict = VC_REJECT,
		.log = "R1 pointer arithmetic prohibited",
	},

	/* verifier_var_off.c */
	{
		.name = "spec_var_off_stack_read", ROOT,
		.insns = { ST(DW, R10, -8, 0), LDX(W, R2, R1, 0),
			   ALU64_IMM(AND, R2, 4), ALU64_IMM(SUB, R2, 8),
			   ALU64_REG(ADD, R2, R10), LDX(W, R0, R2, 0),
			   RET(0) },
		.retval = 0,
	},
	{
		.name = "spec_var_off_stack_read", BPF_ONLY,
		.insns = { ST(DW, R10, -8, 0), LDX(W, R2, R1, 0),
			   ALU64_IMM(AND, R2, 4), ALU64_IMM(SUB, R2, 8),
			   ALU64_REG(ADD, R2, R10), LDX(W, R0, R2, 0),
			   RET(0) },
		.verdict = VC_REJECT,
		.log = "R2 variable stack access prohibited for !root,",
	},
	{
		.name = "spec_var_off_stack_write", ROOT,
		.insns = { LDX(W, R2, R1, 0), ALU64_IMM(AND, R2, 8),
			   ALU64_IMM(SUB, R2, 16), ALU64_REG(ADD, R2, R10),
			   MOV64_IMM(R0, 0), STX(DW, R2, R0, 0), EXIT },
		.retval = 0,
	},
	{
		.name = "spec_var_off_stack_write", BPF_ONLY,
		.insns = { LDX(W, R2, R1, 0), ALU64_IMM(AND, R2, 8),
			   ALU64_IMM(SUB, R2, 16), ALU64_REG(ADD, R2, R10),
			   MOV64_IMM(R0, 0), STX(DW, R2, R0, 0), EXIT },
		.verdict = VC_REJECT,
		.log = "R2 variable stack access prohibited for !root,",
	},

	/* verifier_bounds.c, verifier_bounds_deduction.c */
	{
		.name = "spec_bounds_sub_map_value_2", ROOT,
		.insns = { ARR(LDX(B, R1, R0, 0), LDX(B, R3, R0, 1),
			       ALU64_REG(SUB, R1, R3), ALU64_REG(ADD, R0, R1),
			       LDX(B, R0, R0, 0), EXIT) },
		.verdict = VC_REJECT,
		.log = "R0 min value is negative",
	},
	{
		.name = "spec_bounds_sub_map_value_2", BPF_ONLY,
		.insns = { ARR(LDX(B, R1, R0, 0), LDX(B, R3, R0, 1),
			       ALU64_REG(SUB, R1, R3), ALU64_REG(ADD, R0, R1),
			       LDX(B, R0, R0, 0), EXIT) },
		.verdict = VC_REJECT,
		.log = "R1 has unknown scalar with mixed signed bounds",
	},
	{
		.name = "spec_bounds_sub_pointers", ROOT,
		.insns = {
			LOOKUP64(VC_ARRAY, 0), MOV64_REG(R9, R10),
			ALU64_REG(SUB, R9, R0), LOOKUP64(VC_ARRAY, 0),
			JMP_IMM(JNE, R0, 0, 1), EXIT, STX(DW, R0, R9, 0),
			RET(0),
		},
		.retval = 0,
	},
	{
		.name = "spec_bounds_sub_pointers", BPF_ONLY,
		.insns = {
			LOOKUP64(VC_ARRAY, 0), MOV64_REG(R9, R10),
			ALU64_REG(SUB, R9, R0), LOOKUP64(VC_ARRAY, 0),
			JMP_IMM(JNE, R0, 0, 1), EXIT, STX(DW, R0, R9, 0),
			RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R9 pointer -= pointer prohibited",
	},
	{
		.name = "spec_bounds_off_overflow_2", ROOT,
		.insns = { ARR(ALU64_IMM(ADD, R0, 0x1fffffff),
			       ALU64_IMM(ADD, R0, 0x1fffffff),
			       ALU64_IMM(ADD, R0, 0x1fffffff),
			       LDX(DW, R0, R0, 0), EXIT) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "map_value pointer offset 1073741822 is not allowed",
	},
	{
		.name = "spec_bounds_off_overflow_2", BPF_ONLY,
		.insns = { ARR(ALU64_IMM(ADD, R0, 0x1fffffff),
			       ALU64_IMM(ADD, R0, 0x1fffffff),
			       ALU64_IMM(ADD, R0, 0x1fffffff),
			       LDX(DW, R0, R0, 0), EXIT) },
		.verdict = VC_REJECT,
		.log = MAPVAL_RANGE,
	},
	{
		.name = "spec_deducing_const_2", ROOT,
		.insns = { MOV64_IMM(R0, 1), JMP_IMM(JSGE, R0, 1, 1), EXIT,
			   JMP_IMM(JSLE, R0, 1, 1), EXIT,
			   ALU64_REG(SUB, R1, R0), EXIT },
		.retval = 1,
	},
	{
		.name = "spec_deducing_const_2", BPF_ONLY,
		.insns = { MOV64_IMM(R0, 1), JMP_IMM(JSGE, R0, 1, 1), EXIT,
			   JMP_IMM(JSLE, R0, 1, 1), EXIT,
			   ALU64_REG(SUB, R1, R0), EXIT },
		.verdict = VC_REJECT,
		.log = "R1 has pointer with unsupported alu operation",
	},
	{
		.name = "spec_deducing_const_4", ROOT,
		.insns = { MOV64_REG(R6, R1), MOV64_IMM(R0, 0),
			   JMP_IMM(JSLE, R0, 0, 1), EXIT,
			   JMP_IMM(JSGE, R0, 0, 1), EXIT,
			   ALU64_REG(SUB, R6, R0), EXIT },
		.retval = 0,
	},
	{
		.name = "spec_deducing_const_4", BPF_ONLY,
		.insns = { MOV64_REG(R6, R1), MOV64_IMM(R0, 0),
			   JMP_IMM(JSLE, R0, 0, 1), EXIT,
			   JMP_IMM(JSGE, R0, 0, 1), EXIT,
			   ALU64_REG(SUB, R6, R0), EXIT },
		.verdict = VC_REJECT,
		.log = "R6 has pointer with unsupported alu operation",
	},
	/*
	 * spec_attack_*: the speculative-path machinery. A known branch's
	 * dead side is walked with the compared registers unknown; a
	 * speculative state must never prune a real one.
	 */
	{
		/* The dead side adds an unknown offset to a map value. */
		.name = "spec_attack_dead_branch_oob", PRIV,
		.insns = { ARR(MOV64_IMM(R1, 0), JMP_IMM(JEQ, R1, 0, 2),
			       ALU64_REG(ADD, R0, R1), LDX(B, R1, R0, 0)) },
		.retval = 1,
	},
	{
		/* The dead side adds an unknown offset to a map value. */
		.name = "spec_attack_dead_branch_oob", BPF_ONLY,
		.insns = { ARR(MOV64_IMM(R1, 0), JMP_IMM(JEQ, R1, 0, 2),
			       ALU64_REG(ADD, R0, R1), LDX(B, R1, R0, 0)) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "math between map_value pointer and register with unbounded min",
	},
	{
		.name = "spec_attack_prune_real_by_spec_a", PRIV,
		.insns = {
			MOV64_REG(R7, R1), LOOKUP64(VC_ARRAY, 0),
			JMP_IMM(JNE, R0, 0, 1), EXIT, MOV64_REG(R6, R0),
			ALU64_IMM(ADD, R6, 8), LDX(W, R3, R7, 0),
			JMP_IMM(JEQ, R3, 0, 5),
			MOV64_IMM(R2, 0), JMP_IMM(JNE, R2, 0, 1), JA(2),
			ALU64_IMM(ARSH, R2, 60), JA(2),
			LDX(DW, R2, R7, 8), ALU64_IMM(ARSH, R2, 60),
			ALU64_REG(ADD, R6, R2), LDX(B, R0, R6, 0), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R6 unbounded memory access",
	},
	{
		.name = "spec_attack_prune_real_by_spec_a", BPF_ONLY,
		.insns = {
			MOV64_REG(R7, R1), LOOKUP64(VC_ARRAY, 0),
			JMP_IMM(JNE, R0, 0, 1), EXIT, MOV64_REG(R6, R0),
			ALU64_IMM(ADD, R6, 8), LDX(W, R3, R7, 0),
			JMP_IMM(JEQ, R3, 0, 5),
			MOV64_IMM(R2, 0), JMP_IMM(JNE, R2, 0, 1), JA(2),
			ALU64_IMM(ARSH, R2, 60), JA(2),
			LDX(DW, R2, R7, 8), ALU64_IMM(ARSH, R2, 60),
			ALU64_REG(ADD, R6, R2), LDX(B, R0, R6, 0), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R2 has unknown scalar with mixed signed bounds",
	},
	{
		/* Layout b: the speculative path from the taken side. */
		.name = "spec_attack_prune_real_by_spec_b", PRIV,
		.insns = {
			MOV64_REG(R7, R1), LOOKUP64(VC_ARRAY, 0),
			JMP_IMM(JNE, R0, 0, 1), EXIT, MOV64_REG(R6, R0),
			ALU64_IMM(ADD, R6, 8), LDX(W, R3, R7, 0),
			JMP_IMM(JNE, R3, 0, 3),
			LDX(DW, R2, R7, 8), ALU64_IMM(ARSH, R2, 60), JA(5),
			MOV64_IMM(R2, 0), JMP_IMM(JNE, R2, 0, 1), JA(2),
			ALU64_IMM(ARSH, R2, 60), JA(0),
			ALU64_REG(ADD, R6, R2), LDX(B, R0, R6, 0), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R6 unbounded memory access",
	},
	{
		/* Layout b: the speculative path from the taken side. */
		.name = "spec_attack_prune_real_by_spec_b", BPF_ONLY,
		.insns = {
			MOV64_REG(R7, R1), LOOKUP64(VC_ARRAY, 0),
			JMP_IMM(JNE, R0, 0, 1), EXIT, MOV64_REG(R6, R0),
			ALU64_IMM(ADD, R6, 8), LDX(W, R3, R7, 0),
			JMP_IMM(JNE, R3, 0, 3),
			LDX(DW, R2, R7, 8), ALU64_IMM(ARSH, R2, 60), JA(5),
			MOV64_IMM(R2, 0), JMP_IMM(JNE, R2, 0, 1), JA(2),
			ALU64_IMM(ARSH, R2, 60), JA(0),
			ALU64_REG(ADD, R6, R2), LDX(B, R0, R6, 0), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R2 has unknown scalar with mixed signed bounds",
	},
	{
		.name = "spec_attack_paths_ptr_vs_spec_scalar", PRIV,
		.insns = { ARR(MOV64_REG(R2, R0), MOV64_IMM(R3, 4),
			       MOV64_IMM(R4, 0), JMP_IMM(JEQ, R4, 0, 1),
			       MOV64_IMM(R2, 0), ALU64_REG(ADD, R2, R3)) },
		.retval = 1,
	},
	{
		.name = "spec_attack_paths_ptr_vs_spec_scalar", BPF_ONLY,
		.insns = { ARR(MOV64_REG(R2, R0), MOV64_IMM(R3, 4),
			       MOV64_IMM(R4, 0), JMP_IMM(JEQ, R4, 0, 1),
			       MOV64_IMM(R2, 0), ALU64_REG(ADD, R2, R3)) },
		.verdict = VC_REJECT,
		.log = "R2 tried to add from different maps, paths or scalars",
	},
	{
		/* The same on two real paths. */
		.name = "spec_attack_paths_ptr_vs_scalar", PRIV,
		.insns = { ARR(MOV64_REG(R2, R0), MOV64_IMM(R3, 4),
			       LDX(B, R4, R0, 0), JMP_IMM(JEQ, R4, 0, 1),
			       MOV64_IMM(R2, 0), ALU64_REG(ADD, R2, R3)) },
		.retval = 1,
	},
	{
		/* The same on two real paths. */
		.name = "spec_attack_paths_ptr_vs_scalar", BPF_ONLY,
		.insns = { ARR(MOV64_REG(R2, R0), MOV64_IMM(R3, 4),
			       LDX(B, R4, R0, 0), JMP_IMM(JEQ, R4, 0, 1),
			       MOV64_IMM(R2, 0), ALU64_REG(ADD, R2, R3)) },
		.verdict = VC_REJECT,
		.log = "R2 tried to add from different maps, paths or scalars",
	},
	{
		/* A value of a BPF_F_RDONLY_PROG map is a map value too. */
		.name = "spec_attack_rdonly_value_reg_add", ALL,
		.insns = {
			LOOKUP64(VC_ARRAY_RO, 0), JMP_IMM(JEQ, R0, 0, 5),
			LDX(B, R1, R0, 0), ALU64_IMM(AND, R1, 7),
			ALU64_REG(ADD, R0, R1), LDX(B, R0, R0, 0), EXIT,
			RET(1),
		},
		.retval = 0,
	},
	{
		.name = "spec_attack_direct_value_reg_add", ALL,
		.insns = {
			LD_MAP_VALUE(R0, VC_RODATA, 8), LDX(B, R1, R0, 0),
			ALU64_IMM(AND, R1, 7), ALU64_REG(ADD, R0, R1),
			LDX(B, R0, R0, 0), EXIT,
		},
		.retval = 0,
	},
	{
		/* A ringbuf record is no object masking can bound. */
		.name = "spec_attack_ringbuf_reg_add", PRIV,
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 16),
			MOV64_IMM(R3, 0), CALL(ringbuf_reserve),
			JMP_IMM(JNE, R0, 0, 1), EXIT, MOV64_IMM(R1, 4),
			ALU64_REG(ADD, R0, R1), ALU64_IMM(SUB, R0, 4),
			MOV64_REG(R1, R0), MOV64_IMM(R2, 0),
			CALL(ringbuf_discard), RET(0),
		},
		.retval = 0,
	},
	{
		/* A ringbuf record is no object masking can bound. */
		.name = "spec_attack_ringbuf_reg_add", BPF_ONLY,
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 16),
			MOV64_IMM(R3, 0), CALL(ringbuf_reserve),
			JMP_IMM(JNE, R0, 0, 1), EXIT, MOV64_IMM(R1, 4),
			ALU64_REG(ADD, R0, R1), ALU64_IMM(SUB, R0, 4),
			MOV64_REG(R1, R0), MOV64_IMM(R2, 0),
			CALL(ringbuf_discard), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R0 has pointer with unsupported alu operation",
	},
	{
		/* A bounded loop, a known branch in every round. */
		.name = "spec_attack_loop_known_branch", PRIV,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R9, 0), MOV64_IMM(R0, 0),
			JMP_IMM(JNE, R9, 0, 1), ALU64_IMM(ADD, R0, 1),
			ALU64_IMM(ADD, R1, 1), JMP_IMM(JLT, R1, 200, -4),
			EXIT,
		},
		.retval = 200,
	},
	{
		/* A bounded loop, a known branch in every round. */
		.name = "spec_attack_loop_known_branch", BPF_ONLY,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R9, 0), MOV64_IMM(R0, 0),
			JMP_IMM(JNE, R9, 0, 1), ALU64_IMM(ADD, R0, 1),
			ALU64_IMM(ADD, R1, 1), JMP_IMM(JLT, R1, 200, -4),
			EXIT,
		},
		.verdict = VC_REJECT, .err = E2BIG,
		.log = "The sequence of 8193 jumps is too complex.",
	},
	{
		/* The dead side of a known branch in the loop is bad. */
		.name = "spec_attack_loop_dead_side_bad", PRIV,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R9, 0), MOV64_IMM(R0, 0),
			JMP_IMM(JEQ, R9, 0, 2), MOV64_REG(R0, R8), EXIT,
			ALU64_IMM(ADD, R1, 1), JMP_IMM(JLT, R1, 50, -5),
			EXIT,
		},
		.retval = 0,
	},
	{
		/* The dead side of a known branch in the loop is bad. */
		.name = "spec_attack_loop_dead_side_bad", BPF_ONLY,
		.insns = {
			MOV64_IMM(R1, 0), MOV64_IMM(R9, 0), MOV64_IMM(R0, 0),
			JMP_IMM(JEQ, R9, 0, 2), MOV64_REG(R0, R8), EXIT,
			ALU64_IMM(ADD, R1, 1), JMP_IMM(JLT, R1, 50, -5),
			EXIT,
		},
		.verdict = VC_REJECT, .err = E2BIG,
		.log = "The sequence of 8193 jumps is too complex.",
	},
	{
		/* A known branch in a subprogram; its dead side is bad. */
		.name = "spec_attack_subprog_dead_side", PRIV,
		.insns = {
			CALL_REL(1), EXIT,
			MOV64_IMM(R0, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			DEAD,
		},
		.retval = 0,
	},
	{
		/* A known branch in a subprogram; its dead side is bad. */
		.name = "spec_attack_subprog_dead_side", BPF_ONLY,
		.insns = {
			CALL_REL(1), EXIT,
			MOV64_IMM(R0, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			DEAD,
		},
		.verdict = VC_REJECT,
		.log = "R9 !read_ok",
	},
	{
		.name = "spec_attack_subprog_spec_return", PRIV,
		.insns = {
			MOV64_REG(R7, R1), LOOKUP64(VC_ARRAY, 0),
			JMP_IMM(JNE, R0, 0, 1), EXIT, MOV64_REG(R6, R0),
			CALL_REL(3), ALU64_REG(ADD, R6, R0),
			LDX(B, R0, R6, 0), EXIT,
			MOV64_IMM(R0, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			MOV64_IMM(R0, 1000), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "spec_attack_subprog_spec_return", BPF_ONLY,
		.insns = {
			MOV64_REG(R7, R1), LOOKUP64(VC_ARRAY, 0),
			JMP_IMM(JNE, R0, 0, 1), EXIT, MOV64_REG(R6, R0),
			CALL_REL(3), ALU64_REG(ADD, R6, R0),
			LDX(B, R0, R6, 0), EXIT,
			MOV64_IMM(R0, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			MOV64_IMM(R0, 1000), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "R6 pointer arithmetic of map value goes out of range",
	},
	{
		/* A known branch in a bpf_loop callback; its dead side is bad. */
		.name = "spec_attack_callback_dead_side", PRIV,
		.insns = {
			MOV64_IMM(R1, 4), LD_FUNC(R2, 6), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(loop), RET(0),
			MOV64_IMM(R0, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			DEAD,
		},
		.retval = 0,
	},
	{
		/* A known branch in a bpf_loop callback; its dead side is bad. */
		.name = "spec_attack_callback_dead_side", BPF_ONLY,
		.insns = {
			MOV64_IMM(R1, 4), LD_FUNC(R2, 6), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(loop), RET(0),
			MOV64_IMM(R0, 0), JMP_IMM(JNE, R0, 0, 1), EXIT,
			DEAD,
		},
		.verdict = VC_REJECT,
		.log = "R9 !read_ok",
	},
	{
		/* A callback adding a masked register to a map value: fine. */
		.name = "spec_attack_callback_var_add", ALL,
		.insns = {
			MOV64_IMM(R1, 4), LD_FUNC(R2, 6), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(loop), RET(0),
			MOV64_REG(R6, R1), ALU64_IMM(AND, R6, 7),
			LD_MAP_VALUE(R0, VC_RODATA, 0), ALU64_REG(ADD, R0, R6),
			LDX(B, R0, R0, 0), RET(0),
		},
		.retval = 0,
	},
	/*
	 * From the issue 19 fuzz (seed 19, program 48594): an exchange
	 * fetches the 0 of a zero stack slot, so w1 + 1000 > 40 is decided
	 * and the fall-through is only speculative, walked with r1 unknown
	 * without CAP_PERFMON. kbpf took the fetch for any 32-bit value,
	 * walked the fall-through with r1 in [0, 40] and accepted.
	 */
	{
		.name = "spec_attack_atomic_fetch_decides", BPF_ONLY,
		.insns = { SPEC_ATOMIC_FETCH },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "unbounded min value",
	},
	{
		.name = "spec_attack_atomic_fetch_decides_priv", PRIV,
		.insns = { SPEC_ATOMIC_FETCH },
		.retval = 1,
	},
};

VC_TABLE(vc_spectre_table, "spectre", cases);
