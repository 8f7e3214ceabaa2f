// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 23's attack on the JIT's callbacks (helper J): a JITed run calls
 * whatever address a helper's callback argument holds (kmod/prog/interp.c,
 * kbpf_interp_call_jited()), so every way to hand bpf_loop() something
 * other than the PTR_TO_FUNC of a verified callback must be refused, and
 * every callback the program may pass must have been walked. Also the
 * frames and stack of a callback pointer handed down to a subprogram,
 * which the depth proof counts from the function that loads it (Linux's
 * check_max_stack_depth()) while it runs below the one that calls the
 * helper. Verdicts, errnos, log words and results are Linux 6.12's; run
 * with jit_enable=1 too (selftests-jit-*).
 */
#include <string.h>

#include "verifier_cases.h"

/* bpf_loop(1, r2, NULL, 0): 4 insns */
#define LOOP1_R2							\
	MOV64_IMM(R1, 1), MOV64_IMM(R3, 0), MOV64_IMM(R4, 0), CALL(loop)
/* bpf_loop(1, r1, NULL, 0) in a subprogram given the callback: 5 insns */
#define LOOP1_R1							\
	MOV64_REG(R2, R1), MOV64_IMM(R1, 1), MOV64_IMM(R3, 0),		\
	MOV64_IMM(R4, 0), CALL(loop)
/* the callback handed down through @n subprograms of 2 insns each */
#define DOWN1	CALL_REL(1), EXIT
#define DOWN2	DOWN1, DOWN1
#define DOWN4	DOWN2, DOWN2

/*
 * main (256 bytes of stack) hands a callback of @cb_bytes to f (128),
 * which passes it to bpf_loop(): 100 + the loop's count, 101.
 */
#define HANDED_DOWN_STACK(name_, cb_bytes)				\
	{								\
		.name = name_,						\
		.insns = {						\
			ST(DW, R10, -256, 1), LD_FUNC(R1, 11), CALL_REL(2), \
			ALU64_IMM(ADD, R0, 100), EXIT,			\
			ST(DW, R10, -128, 2), LOOP1_R1, EXIT,		\
			ST(DW, R10, -(cb_bytes), 3),			\
			LDX(DW, R0, R10, -(cb_bytes)),			\
			ALU64_IMM(SUB, R0, 3), EXIT,			\
		},							\
		.retval = 101,						\
	}

/*
 * The deepest hand-down: main (64 bytes) spills cb1..cb6 at fp[-56..-16]
 * and hands cb1 and fp - 56 to g (448), which passes them to bpf_loop();
 * cb k (448) passes the next callback, read through its ctx, and ctx + 8
 * to bpf_loop() in turn; cb6 stores 42 at fp[-64] through its ctx, which
 * main returns. Eight frames, 3200 live bytes where each chain the depth
 * proof sees is 512.
 */
#define DEEP_CBS	6
/* Appends the instructions to insns[n...]. */
#define PUT(...)							\
	do {								\
		const struct kbpf_insn put_[] = { __VA_ARGS__ };	\
									\
		memcpy(insns + n, put_, sizeof(put_));			\
		n += ARRAY_SIZE(put_);					\
	} while (0)

static unsigned int gen_handed_down_deepest(struct kbpf_insn *insns)
{
	unsigned int n = 0, ld[DEEP_CBS], cb[DEEP_CBS], k;

	PUT(ST(DW, R10, -64, 0));
	for (k = 0; k < DEEP_CBS; k++) {
		ld[k] = n;
		PUT(LD_FUNC(R1, 0), STX(DW, R10, R1, -56 + 8 * (int)k));
	}
	PUT(LDX(DW, R1, R10, -56), MOV64_REG(R2, R10),
	    ALU64_IMM(ADD, R2, -56));
	PUT(CALL_REL(2), LDX(DW, R0, R10, -64), EXIT);
	/* g */
	PUT(ST(DW, R10, -448, 1), MOV64_REG(R3, R2), MOV64_REG(R2, R1),
	    MOV64_IMM(R1, 1), MOV64_IMM(R4, 0), CALL(loop), EXIT);
	for (k = 0; k < DEEP_CBS; k++) {
		cb[k] = n;
		PUT(ST(DW, R10, -448, k + 2));
		if (k + 1 < DEEP_CBS)
			PUT(MOV64_REG(R3, R2), ALU64_IMM(ADD, R3, 8),
			    LDX(DW, R2, R2, 8), MOV64_IMM(R1, 1),
			    MOV64_IMM(R4, 0), CALL(loop));
		else
			PUT(ST(DW, R2, -48, 42));
		PUT(RET(0));
	}
	for (k = 0; k < DEEP_CBS; k++)
		insns[ld[k]].imm = (int)(cb[k] - ld[k] - 1);
	return n;
}

static const struct vc_case cases[] = {
	/*
	 * Two paths meet at bpf_loop() with different callbacks: the
	 * first walked (fall-through) is valid, the second reads through
	 * a scalar. Pruning must tell the callbacks apart.
	 */
	{
		.name = "jit_attack_cb_two_funcs_pruned",
		.insns = {
			CALL(get_prandom_u32), MOV64_IMM(R1, 1),
			MOV64_IMM(R3, 0), MOV64_IMM(R4, 0),
			JMP_IMM(JSET, R0, 1, 3), LD_FUNC(R2, 6), JA(2),
			LD_FUNC(R2, 5), CALL(loop), EXIT,
			RET(0),
			LDX(DW, R0, R1, 0), RET(0),
		},
		.verdict = VC_REJECT, .log = "R1 invalid mem access 'scalar'",
	},
	/* The same meeting through a spill of the callback pointer. */
	{
		.name = "jit_attack_cb_two_funcs_spilled",
		.insns = {
			CALL(get_prandom_u32), JMP_IMM(JSET, R0, 1, 4),
			LD_FUNC(R2, 12), STX(DW, R10, R2, -8), JA(3),
			LD_FUNC(R2, 10), STX(DW, R10, R2, -8),
			LDX(DW, R2, R10, -8), LOOP1_R2, EXIT,
			RET(0),
			LDX(DW, R0, R1, 0), RET(0),
		},
		.verdict = VC_REJECT, .log = "R1 invalid mem access 'scalar'",
	},
	/* Both valid: whichever runs, the loop ends after one iteration. */
	{
		.name = "jit_attack_cb_two_funcs_both_run",
		.insns = {
			CALL(get_prandom_u32), MOV64_IMM(R1, 3),
			MOV64_IMM(R3, 0), MOV64_IMM(R4, 0),
			JMP_IMM(JSET, R0, 1, 3), LD_FUNC(R2, 6), JA(2),
			LD_FUNC(R2, 5), CALL(loop), EXIT,
			RET(1),
			ST(DW, R10, -64, 1), RET(1),
		},
		.retval = 1,
	},
	/* Not a callback any more: the low half, a partial reload. */
	{
		.name = "jit_attack_cb_mov32",
		.insns = {
			LD_FUNC(R2, 7), MOV32_REG(R2, R2), LOOP1_R2, EXIT,
			RET(0),
		},
		.verdict = VC_REJECT, .log = "R2 type=scalar expected=func",
	},
	{
		.name = "jit_attack_cb_fill32",
		.insns = {
			LD_FUNC(R2, 8), STX(DW, R10, R2, -8),
			LDX(W, R2, R10, -8), LOOP1_R2, EXIT,
			RET(0),
		},
		.verdict = VC_REJECT, .log = "invalid size of register fill",
	},
	{
		.name = "jit_attack_cb_spill_byte_overwritten",
		.insns = {
			LD_FUNC(R2, 9), STX(DW, R10, R2, -8),
			ST(B, R10, -8, 0x10), LDX(DW, R2, R10, -8), LOOP1_R2,
			EXIT,
			RET(0),
		},
		.verdict = VC_REJECT, .log = "R2 type=scalar expected=func",
	},
	/* Stored in a map value and read back: a number. */
	{
		.name = "jit_attack_cb_through_map_value",
		.insns = {
			MAPVAL_R6, LD_FUNC(R2, 8), STX(DW, R6, R2, 0),
			LDX(DW, R2, R6, 0), LOOP1_R2, EXIT,
			RET(0),
		},
		.verdict = VC_REJECT, .log = "R2 type=scalar expected=func",
	},
	/* A number that happens to be where the JIT put nothing. */
	{
		.name = "jit_attack_cb_ld_imm64_number",
		.insns = {
			LD_IMM64(R2, 0xffffffffc0000000ull), LOOP1_R2, EXIT,
		},
		.verdict = VC_REJECT, .log = "R2 type=scalar expected=func",
	},
	/* The callback as bpf_loop()'s ctx, and as a map. */
	{
		.name = "jit_attack_cb_as_loop_ctx",
		.insns = {
			MOV64_IMM(R1, 1), LD_FUNC(R2, 6), LD_FUNC(R3, 4),
			MOV64_IMM(R4, 0), CALL(loop), EXIT,
			RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R3 type=func expected=fp",
	},
	{
		.name = "jit_attack_cb_as_map",
		.insns = {
			LD_FUNC(R1, 6), KEY32(0), CALL(map_lookup_elem), EXIT,
			RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R1 type=func expected=map_ptr",
	},
	/* A callback that is also called directly: each returns 1. */
	{
		.name = "jit_attack_cb_also_called",
		.insns = {
			MOV64_IMM(R1, 0), CALL_REL(10), MOV64_REG(R6, R0),
			MOV64_IMM(R1, 3), LD_FUNC(R2, 7), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(loop), ALU64_IMM(MUL, R6, 10),
			ALU64_REG(ADD, R0, R6), EXIT,
			ST(DW, R10, -16, 1), RET(1),
		},
		.retval = 11,
	},
	/*
	 * Handed down: main loads the callback, a subprogram passes it to
	 * bpf_loop(). Frames: main, f1..f6, the callback = 8: accepted.
	 */
	{
		.name = "jit_attack_cb_handed_down_8_frames",
		.insns = {
			LD_FUNC(R1, 20), CALL_REL(1), EXIT,
			DOWN4, DOWN1, LOOP1_R1, ALU64_IMM(ADD, R0, 40),
			EXIT,
			RET(0),
		},
		.retval = 41,
	},
	/* f1..f7: the callback would be the ninth frame. */
	{
		.name = "jit_attack_cb_handed_down_9_frames",
		.insns = {
			LD_FUNC(R1, 22), CALL_REL(1), EXIT,
			DOWN4, DOWN2, LOOP1_R1, ALU64_IMM(ADD, R0, 40),
			EXIT,
			RET(0),
		},
		.verdict = VC_REJECT, .err = E2BIG,
		.log = "the call stack of 9 frames is too deep",
	},
	/*
	 * Stack: main 256, f 128, the callback 256. The depth proof counts
	 * main + f and main + the callback (512: accepted); at run time
	 * the three are live at once, 640 bytes.
	 */
	HANDED_DOWN_STACK("jit_attack_cb_handed_down_640_bytes", 256),
	/* The control: 256 + 128 + 128 fits 512 whatever counts. */
	HANDED_DOWN_STACK("jit_attack_cb_handed_down_512_bytes", 128),
	/*
	 * Nested: main (16 bytes) spills cb2 at fp[-8] and hands cb1 and
	 * fp - 16 to g (496); g passes both to bpf_loop(); cb1 (496) reads
	 * cb2 through its ctx and passes it to bpf_loop() in turn (cb2:
	 * 496), then stores that loop's result at fp[-16]. Every chain the
	 * depth proof sees is 512 bytes; at run time 1504 are live.
	 */
	{
		.name = "jit_attack_cb_handed_down_nested",
		.insns = {
			LD_FUNC(R1, 28), STX(DW, R10, R1, -8),
			ST(DW, R10, -16, 0), LD_FUNC(R1, 14),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -16),
			CALL_REL(3), LDX(DW, R0, R10, -16),
			ALU64_IMM(ADD, R0, 100), EXIT,
			/* g */
			ST(DW, R10, -496, 1), MOV64_REG(R3, R2),
			MOV64_REG(R2, R1), MOV64_IMM(R1, 1), MOV64_IMM(R4, 0),
			CALL(loop), EXIT,
			/* cb1 */
			ST(DW, R10, -496, 2), MOV64_REG(R6, R2),
			LDX(DW, R2, R2, 8), LOOP1_R2, STX(DW, R6, R0, 0),
			RET(0),
			/* cb2 */
			ST(DW, R10, -496, 3), LDX(DW, R0, R10, -496),
			ALU64_IMM(SUB, R0, 3), EXIT,
		},
		.retval = 101,
	},
	{
		.name = "jit_attack_cb_handed_down_deepest",
		.gen = gen_handed_down_deepest,
		.retval = 42,
	},
	/* The callback pointer reaches the subprogram through fp[-8]. */
	{
		.name = "jit_attack_cb_through_caller_stack",
		.insns = {
			LD_FUNC(R2, 13), STX(DW, R10, R2, -8),
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8),
			CALL_REL(1), EXIT,
			LDX(DW, R1, R1, 0), LOOP1_R1, EXIT,
			RET(0),
		},
		.retval = 1,
	},
	/* A prog array is no map for bpf_for_each_map_elem(). */
	{
		.name = "jit_attack_for_each_prog_array",
		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT,
		.insns = {
			LD_MAP(R1, VC_PROG_ARRAY), LD_FUNC(R2, 5),
			MOV64_IMM(R3, 0), MOV64_IMM(R4, 0),
			CALL(for_each_map_elem), EXIT,
			RET(0),
		},
		.verdict = VC_REJECT, .err = ENOTSUPP,
		.log = "callback function not allowed for map",
	},
	/* Programs reach a prog array's slots by tail calls only. */
	{
		.name = "jit_attack_prog_array_lookup",
		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT,
		.insns = { LOOKUP32(VC_PROG_ARRAY, 0), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 3 into func bpf_map_lookup_elem#1",
	},
	{
		.name = "jit_attack_prog_array_update",
		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT,
		.insns = {
			KEY32(0), ST(W, R10, -8, 0), MOV64_REG(R3, R10),
			ALU64_IMM(ADD, R3, -8), LD_MAP(R1, VC_PROG_ARRAY),
			MOV64_IMM(R4, 0), CALL(map_update_elem), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 3 into func bpf_map_update_elem#2",
	},
	{
		.name = "jit_attack_prog_array_delete",
		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT,
		.insns = {
			KEY32(0), LD_MAP(R1, VC_PROG_ARRAY),
			CALL(map_delete_elem), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 3 into func bpf_map_delete_elem#3",
	},
	/* The tail-call entry takes r1 as the target's ctx. */
	{
		.name = "jit_attack_tail_call_r1_stack",
		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT,
		.insns = {
			MOV64_REG(R1, R10), LD_MAP(R2, VC_PROG_ARRAY),
			MOV64_IMM(R3, 0), CALL(tail_call), RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R1 type=fp expected=ctx",
	},
	/* A callback pointer is no prog array. */
	{
		.name = "jit_attack_tail_call_through_func",
		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT,
		.insns = {
			LD_FUNC(R2, 5), MOV64_IMM(R3, 0), CALL(tail_call),
			RET(0),
			RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R2 type=func expected=map_ptr",
	},
};

VC_TABLE(vc_jit_attack_table, "jit_attack", cases);
