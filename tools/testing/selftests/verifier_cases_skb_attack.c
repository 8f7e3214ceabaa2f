// SPDX-License-Identifier: GPL-2.0
/*
 * Attacks on the socket filter's rewrite (kmod/verifier/fixup.c), LD_ABS
 * and LD_IND, and bpf_skb_load_bytes(): jumps, calls and callback loads
 * across many rewritten ctx accesses (the 16-bit jump range after the
 * rewrite, both directions, gotol), sign-extending narrow ctx loads, one
 * instruction reaching the ctx and the stack, LD_IND offsets that wrap,
 * negative LD_ABS offsets into the headroom, references around LD_ABS,
 * the main program as its own callee. Verdicts and return values are
 * Linux 6.12's, on the 64-byte frame of test_verifier.c (network bytes
 * 14, 15, ... from offset 0, len 50).
 */
#include <string.h>

#include "verifier_cases.h"

#define SKB		.prog_type = KBPF_PROG_TYPE_SOCKET_FILTER
#define ALL		.levels = VC_BPF | VC_PERFMON | VC_ROOT
#define LD_ABS(sz, imm)	KBPF_RAW_INSN(KBPF_LD | KBPF_ABS | KBPF_##sz, 0, 0, 0, imm)
#define LD_IND(sz, s, imm)	\
	KBPF_RAW_INSN(KBPF_LD | KBPF_IND | KBPF_##sz, 0, s, 0, imm)
#define SKF_NET_OFF	(-0x100000)
#define SKF_LL_OFF	(-0x200000)
#define OFF_LEN		0
#define OFF_IFINDEX	40
#define OFF_CB0		48
#define OFF_GSO_SEGS	164
/* Appends the instructions (brace initializers) at insns[i]. */
#define PUT(...) do {							\
	const struct kbpf_insn put_[] = { __VA_ARGS__ };		\
	memcpy(&insns[i], put_, sizeof(put_));				\
	i += ARRAY_SIZE(put_);						\
} while (0)
#define RANGE16		"cannot be patched due to 16-bit range"

/*
 * r6 = ctx; r7 = len; r0 = 0; if r7 == 12345 goto +@n; then @n loads of
 * gso_segs (each rewritten into 4 instructions on 64-bit); exit.
 */
static unsigned int gen_fwd(struct kbpf_insn *insns, unsigned int n)
{
	unsigned int i = 0, k;

	PUT(MOV64_REG(R6, R1));
	PUT(LDX(W, R7, R6, OFF_LEN));
	PUT(MOV64_IMM(R0, 0));
	PUT(JMP_IMM(JEQ, R7, 12345, n));
	for (k = 0; k < n; k++)
		PUT(LDX(W, R0, R6, OFF_GSO_SEGS));
	PUT(EXIT);
	return i;
}

static unsigned int gen_fwd_fits(struct kbpf_insn *insns)
{
	return gen_fwd(insns, 8191);	/* 4 * 8191 = 32764 */
}

static unsigned int gen_fwd_overflows(struct kbpf_insn *insns)
{
	return gen_fwd(insns, 8192);	/* 32768 */
}

/* A loop of 2 rounds whose body is @n rewritten loads: a backward jump. */
static unsigned int gen_back(struct kbpf_insn *insns, unsigned int n)
{
	unsigned int i = 0, k;

	PUT(MOV64_REG(R6, R1));
	PUT(MOV64_IMM(R8, 2));
	PUT(MOV64_IMM(R0, 0));
	for (k = 0; k < n; k++)
		PUT(LDX(W, R0, R6, OFF_GSO_SEGS));
	PUT(ALU64_IMM(SUB, R8, 1));
	PUT(JMP_IMM(JNE, R8, 0, -(int)(n + 2)));
	PUT(ALU64_IMM(ADD, R0, 7));
	PUT(EXIT);
	return i;
}

static unsigned int gen_back_fits(struct kbpf_insn *insns)
{
	return gen_back(insns, 8191);	/* -(4 * 8191 + 2) = -32766 */
}

static unsigned int gen_back_overflows(struct kbpf_insn *insns)
{
	return gen_back(insns, 8192);	/* -32770 */
}

/* gotol (imm) over 9000 rewritten loads: no 16-bit limit there. */
static unsigned int gen_gotol(struct kbpf_insn *insns)
{
	unsigned int i = 0, k, n = 9000;

	PUT(MOV64_REG(R6, R1));
	PUT(LDX(W, R7, R6, OFF_LEN));
	PUT(MOV64_IMM(R0, 3));
	PUT(JMP_IMM(JNE, R7, 12345, 1));
	PUT(KBPF_JMP32_A(n));
	for (k = 0; k < n; k++)
		PUT(LDX(W, R0, R6, OFF_GSO_SEGS));
	PUT(ALU64_IMM(ADD, R0, 9));
	PUT(EXIT);
	return i;
}

/*
 * Linux rewrites every LD_ABS into a helper call and its hidden exit (6
 * instructions for LD_ABS B): 6000 of them under one conditional jump
 * cannot be patched. kbpf runs LD_ABS as one instruction.
 */
static unsigned int gen_ld_abs_range(struct kbpf_insn *insns)
{
	unsigned int i = 0, k, n = 6000;

	PUT(MOV64_REG(R6, R1));
	PUT(LDX(W, R7, R6, OFF_LEN));
	PUT(MOV64_IMM(R0, 0));
	PUT(JMP_IMM(JEQ, R7, 12345, n));
	for (k = 0; k < n; k++)
		PUT(LD_ABS(B, 0));
	PUT(EXIT);
	return i;
}

/*
 * main: @k rewritten loads, bpf_loop(3, cb) (the LD_FUNC crossing the
 * subprogram's rewritten loads), then a call of the subprogram (crossing
 * nothing but its own jump), r0 = loops + sub; the subprogram: @k
 * rewritten ifindex loads then a narrow len load; cb: returns 0.
 */
static unsigned int gen_calls(struct kbpf_insn *insns)
{
	unsigned int i = 0, k, n = 200, call_at, func_at, sub, cb;

	PUT(MOV64_REG(R6, R1));
	for (k = 0; k < n; k++)
		PUT(LDX(W, R9, R6, OFF_IFINDEX));
	PUT(MOV64_IMM(R1, 3));
	func_at = i;
	PUT(LD_FUNC(R2, 0));	/* patched below */
	PUT(MOV64_IMM(R3, 0));
	PUT(MOV64_IMM(R4, 0));
	PUT(CALL(loop));
	PUT(MOV64_REG(R8, R0));
	PUT(MOV64_REG(R1, R6));
	call_at = i;
	PUT(CALL_REL(0));	/* patched below */
	PUT(ALU64_REG(ADD, R0, R8));
	PUT(ALU64_REG(ADD, R0, R9));
	PUT(EXIT);
	sub = i;
	for (k = 0; k < n; k++)
		PUT(LDX(W, R0, R1, OFF_IFINDEX));
	PUT(LDX(B, R0, R1, OFF_LEN));
	PUT(EXIT);
	cb = i;
	PUT(MOV64_IMM(R0, 0));
	PUT(EXIT);
	insns[call_at].imm = sub - call_at - 1;
	insns[func_at].imm = cb - func_at - 1;
	return i;
}

static const struct vc_case cases[] = {
	{
		.name = "skba_jump_fwd_fits",
		SKB, .gen = gen_fwd_fits, .log_level = KBPF_LOG_STATS,
		.big = true,
		.retval = 0,
	},
	{
		.name = "skba_jump_fwd_overflows",
		SKB, .gen = gen_fwd_overflows, .log_level = KBPF_LOG_STATS,
		.big = true,
		.verdict = VC_REJECT, .err = ENOMEM, .log = RANGE16,
	},
	{
		.name = "skba_jump_back_fits",
		SKB, .gen = gen_back_fits, .log_level = KBPF_LOG_STATS,
		.big = true,
		.retval = 7,
	},
	{
		.name = "skba_jump_back_overflows",
		SKB, .gen = gen_back_overflows, .log_level = KBPF_LOG_STATS,
		.big = true,
		.verdict = VC_REJECT, .err = ENOMEM, .log = RANGE16,
	},
	{
		.name = "skba_gotol_over_rewrites",
		SKB, .gen = gen_gotol, .log_level = KBPF_LOG_STATS,
		.big = true,
		.retval = 9,
	},
	{
		.name = "skba_ld_abs_jump_range",
		SKB, .gen = gen_ld_abs_range, .log_level = KBPF_LOG_STATS,
		.big = true,
		.verdict = VC_REJECT, .err = ENOMEM, .log = RANGE16,
		/*
		 * Not a deliberate difference but a known gap (README):
		 * Linux checks jump ranges after rewriting each LD_ABS into
		 * a helper call, kbpf on the program it runs. The program
		 * is safe as kbpf runs it.
		 */
		.kbpf_diff = "jump ranges are checked before Linux's LD_ABS rewrite",
		.kbpf_verdict = VC_ACCEPT, .no_run = true,
	},
	{
		.name = "skba_calls_across_rewrites",
		SKB, .gen = gen_calls, .log_level = KBPF_LOG_STATS,
		.big = true,
		.retval = 3 + 50 + 1,
	},
	/* Sign-extending narrow loads of cb bytes with the top bit set. */
	{
		.name = "skba_memsx_cb_b1",
		SKB, ALL,
		.insns = {
			ST(W, R1, OFF_CB0, (int)0x80ff8001),
			LDXSX(B, R0, R1, OFF_CB0 + 1),
			ALU64_IMM(RSH, R0, 32),
			EXIT,
		},
		.retval = 0xffffffff,
	},
	{
		.name = "skba_memsx_cb_h2",
		SKB, ALL,
		.insns = {
			ST(W, R1, OFF_CB0, (int)0x80ff8001),
			LDXSX(H, R0, R1, OFF_CB0 + 2),
			EXIT,
		},
		.retval = 0xffff80ff,
	},
	{
		.name = "skba_memsx_protocol_b1",
		SKB, ALL,
		.insns = { LDXSX(B, R0, R1, 17), EXIT },
		.retval = 0x0d,
	},
	{
		.name = "skba_memsx_ifindex_w_self",
		SKB, ALL,
		.insns = { LDXSX(W, R1, R1, OFF_IFINDEX), MOV64_REG(R0, R1), EXIT },
		.retval = 1,
	},
	{
		.name = "skba_gso_segs_self",
		SKB, ALL,
		.insns = {
			LDX(H, R1, R1, OFF_GSO_SEGS + 2), MOV64_REG(R0, R1),
			ALU64_IMM(ADD, R0, 1), EXIT,
		},
		.retval = 1,
	},
	/* One load, the ctx from one call and the stack from another. */
	{
		.name = "skba_same_insn_ctx_stack_subprog",
		SKB, ALL,
		.insns = {
			ST(DW, R10, -8, 0),
			CALL_REL(4),
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8),
			CALL_REL(1),
			EXIT,
			LDX(W, R0, R1, 0),
			EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "same insn cannot be used with different pointers",
	},
	/* ... and through a spill: the ctx on one path, fp - 16 on the other. */
	{
		.name = "skba_same_insn_ctx_stack_spill",
		SKB, ALL,
		.insns = {
			ST(DW, R10, -16, 0),
			LDX(W, R2, R1, OFF_LEN),
			JMP_IMM(JGT, R2, 10, 2),
			STX(DW, R10, R1, -8),
			JA(3),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -16),
			STX(DW, R10, R3, -8),
			LDX(DW, R4, R10, -8),
			LDX(W, R0, R4, 0),
			EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "same insn cannot be used with different pointers",
	},
	/* A store into cb on one path, into the stack on the other. */
	{
		.name = "skba_same_insn_st_ctx_stack",
		SKB, ALL,
		.insns = {
			LDX(W, R2, R1, OFF_LEN),
			JMP_IMM(JGT, R2, 10, 2),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -OFF_CB0 - 8),
			JMP_IMM(JLE, R2, 10, 1),
			MOV64_REG(R3, R1),
			ST(W, R3, OFF_CB0, 1),
			RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "same insn cannot be used with different pointers",
	},
	/* LD_IND: src + imm wraps in 32 bits; high bits of src ignored. */
	{
		.name = "skba_ld_ind_wraps_negative",
		SKB, ALL,
		.insns = {
			MOV64_REG(R6, R1), MOV64_IMM(R7, 0x7fffffff),
			LD_IND(B, R7, 1), RET(77),
		},
		.retval = 0,
	},
	{
		.name = "skba_ld_ind_high_bits",
		SKB, ALL,
		.insns = {
			MOV64_REG(R6, R1), LD_IMM64(R7, 0xffffffff00000005ULL),
			LD_IND(B, R7, 0), EXIT,
		},
		.retval = 19,
	},
	{
		.name = "skba_ld_ind_neg_imm",
		SKB, ALL,
		.insns = {
			MOV64_REG(R6, R1), MOV64_IMM(R7, 10),
			LD_IND(H, R7, -5), EXIT,
		},
		.retval = 19 * 256 + 20,
	},
	{
		.name = "skba_ld_ind_fp",
		SKB, ALL,
		.insns = {
			MOV64_REG(R6, R1), LD_IND(B, R10, 0), RET(5),
		},
		.no_run = true,
	},
	/* SKF_NET_OFF below the network header: the MAC, then headroom. */
	{
		.name = "skba_ld_abs_net_into_headroom",
		SKB, ALL,
		.insns = {
			MOV64_REG(R6, R1),
			LD_ABS(W, SKF_NET_OFF - 16),
			MOV64_REG(R7, R0), ALU64_IMM(ADD, R7, 1000),
			LD_ABS(B, SKF_NET_OFF - 1),
			ALU64_REG(ADD, R0, R7),
			EXIT,
		},
		.retval = 0,	/* Linux's answer too: the reads fail */
	},
	{
		.name = "skba_ld_abs_net_before_head",
		SKB, ALL,
		.insns = {
			MOV64_REG(R6, R1), LD_ABS(B, SKF_NET_OFF - 14 - 65),
			RET(77),
		},
		.retval = 0,
	},
	{
		.name = "skba_ld_abs_below_ll",
		SKB, ALL,
		.insns = { MOV64_REG(R6, R1), LD_ABS(B, SKF_LL_OFF - 1), RET(77) },
		.retval = 0,
	},
	{
		.name = "skba_ld_abs_ll_past_tail",
		SKB, ALL,
		.insns = { MOV64_REG(R6, R1), LD_ABS(W, SKF_LL_OFF + 61), RET(77) },
		.retval = 0,
	},
	/* The hidden exit would leak a ring buffer record or a dynptr. */
	{
		.name = "skba_ld_abs_with_ringbuf_record",
		SKB, ALL,
		.insns = {
			MOV64_REG(R6, R1),
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			CALL(ringbuf_reserve),
			JMP_IMM(JEQ, R0, 0, 5),
			MOV64_REG(R7, R0),
			LD_ABS(B, 0),
			MOV64_REG(R1, R7), MOV64_IMM(R2, 0),
			CALL(ringbuf_discard),
			RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_LD_[ABS|IND] cannot be mixed with socket references",
	},
	{
		.name = "skba_ld_abs_with_dynptr",
		SKB, ALL,
		.insns = {
			MOV64_REG(R6, R1),
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			MOV64_REG(R4, R10), ALU64_IMM(ADD, R4, -16),
			CALL(ringbuf_reserve_dynptr),
			LD_ABS(B, 0),
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -16),
			MOV64_IMM(R2, 0),
			CALL(ringbuf_discard_dynptr),
			RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "BPF_LD_[ABS|IND] cannot be mixed with socket references",
	},
	/* The main program calling itself, or given to bpf_loop. */
	{
		.name = "skba_call_main",
		SKB,
		.insns = {
			MOV64_REG(R6, R1), LD_ABS(B, 0),
			MOV64_REG(R1, R6),
			CALL_REL(-4),
			EXIT,
		},
		.verdict = VC_REJECT, .err = E2BIG,
	},
	{
		.name = "skba_main_as_callback",
		SKB,
		.insns = {
			MOV64_IMM(R1, 1), LD_FUNC(R2, -2), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(loop), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "callback function cannot be the main program",
	},
	{
		.name = "skba_main_as_callback_ld_abs",
		SKB,
		.insns = {
			MOV64_REG(R6, R1), LD_ABS(B, 0),
			MOV64_IMM(R1, 1), LD_FUNC(R2, -4), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(loop), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
	},
	/* Pointers into cb, atomics on cb. */
	{
		.name = "skba_cb_store_ctx_ptr",
		SKB, .levels = VC_BPF,
		.insns = { STX(DW, R1, R1, OFF_CB0), RET(0) },
		.verdict = VC_REJECT, .log = "R1 leaks addr into ctx",
	},
	{
		.name = "skba_cb_atomic_add",
		SKB, ALL,
		.insns = {
			MOV64_IMM(R2, 1), ATOMIC(W, KBPF_ADD, R1, R2, OFF_CB0),
			RET(0),
		},
		.verdict = VC_REJECT,
	},
	/* bpf_skb_load_bytes at the edge of the packet and with wrap. */
	{
		.name = "skba_load_bytes_past_end_clears",
		SKB, ALL,
		.insns = {
			ST(DW, R10, -8, 0x11223344),
			MOV64_IMM(R2, 46),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -8),
			MOV64_IMM(R4, 8),
			CALL(skb_load_bytes),
			LDX(DW, R1, R10, -8),
			ALU64_REG(ADD, R0, R1),
			EXIT,
		},
		.retval = (__u32)-14,
	},
	{
		.name = "skba_load_bytes_offset_high_bits",
		SKB, ALL,
		.insns = {
			LD_IMM64(R2, 0x100000002ULL),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -8),
			MOV64_IMM(R4, 8),
			CALL(skb_load_bytes),
			LDX(B, R1, R10, -8),
			ALU64_IMM(LSH, R0, 8),
			ALU64_REG(ADD, R0, R1),
			EXIT,
		},
		.retval = 16,
	},
	{
		.name = "skba_load_bytes_offset_int_min",
		SKB, ALL,
		.insns = {
			MOV32_IMM(R2, (int)0x80000000),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -8),
			MOV64_IMM(R4, 1),
			CALL(skb_load_bytes),
			EXIT,
		},
		.retval = (__u32)-14,
	},
	{
		.name = "skba_load_bytes_last_byte",
		SKB, ALL,
		.insns = {
			MOV64_IMM(R2, 49),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -8),
			MOV64_IMM(R4, 1),
			CALL(skb_load_bytes),
			LDX(B, R1, R10, -8),
			ALU64_REG(ADD, R0, R1),
			EXIT,
		},
		.retval = 63,
	},
};

VC_TABLE(vc_skb_attack_table, "skb_attack", cases);
