// SPDX-License-Identifier: GPL-2.0
/*
 * The attack review of the helper tables (one proto per helper, the
 * verifier's map-type and callback rules read from them), of tail calls
 * kept out of subprograms, of atomic fetches that load the old value and
 * of bpf_probe_read[_str](): each case tries to get past a rule those
 * changes moved, against Linux 6.12 as the oracle.
 */
#include "verifier_cases.h"

#define RAW_TP		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT
#define SKB		.prog_type = KBPF_PROG_TYPE_SOCKET_FILTER
#define ALL		.levels = VC_ROOT | VC_BPF | VC_PERFMON
#define BPF_ONLY	.levels = VC_BPF
#define PERFMON		.levels = VC_ROOT | VC_PERFMON
#define LD_ABS(sz, imm)	KBPF_RAW_INSN(KBPF_LD | KBPF_ABS | KBPF_##sz, 0, 0, 0, imm)
#define HELPER(id)	KBPF_CALL_HELPER(id)

/* fn(map @fix, the callback after RET(0)); then the callback, 7 insns in. */
#define WITH_CB(fix, fn)						\
	LD_MAP(R1, fix), LD_FUNC(R2, 6), MOV64_IMM(R3, 0),		\
	MOV64_IMM(R4, 0), CALL(fn), RET(0)
/* for_each_map_elem over VC_ARRAY; the callback follows. */
#define FOR_EACH_ARRAY(...)	WITH_CB(VC_ARRAY, for_each_map_elem), __VA_ARGS__
/* bpf_loop(@nr, the callback after RET(0), NULL, 0) */
#define LOOP_NR(nr)							\
	MOV64_IMM(R1, nr), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),		\
	MOV64_IMM(R4, 0), CALL(loop), EXIT

/* fp[-8] = ctx, fetch-added through the stack with r2 = 0. */
#define FETCH_SPILLED_CTX(sz, op)					\
	STX(DW, R10, R1, -8), MOV64_IMM(R2, 0),				\
	ATOMIC(sz, op, R10, R2, -8)

/* fp[-16] = "ab\0"...; r0 = @fn(fp - 8, @size, r3 as set). */
#define PROBE_STR(fn, size)						\
	ST(DW, R10, -16, 0x6261), ST(DW, R10, -8, 0),			\
	MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8), MOV64_IMM(R2, size),\
	CALL(fn), EXIT
#define SRC_FP16	MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -16)

/* A local dynptr at fp - 16 over the 8 first bytes of VC_ARRAY[0]. */
#define DP_FROM_VALUE							\
	MAPVAL_R6, MOV64_REG(R1, R6), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),\
	MOV64_REG(R4, R10), ALU64_IMM(ADD, R4, -16), CALL(dynptr_from_mem)
/* bpf_dynptr_write(fp - 16, 0, fp - 24 (8 bytes), 8, 0); return 0. */
#define DP_WRITE							\
	ST(DW, R10, -24, 0x77), MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -16),\
	MOV64_IMM(R2, 0), MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -24),	\
	MOV64_IMM(R4, 8), MOV64_IMM(R5, 0), CALL(dynptr_write), RET(0)
/* ringbuf_reserve_dynptr(ringbuf, 8, 0, fp - 16) */
#define DP_RESERVE							\
	LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),	\
	MOV64_REG(R4, R10), ALU64_IMM(ADD, R4, -16),			\
	CALL(ringbuf_reserve_dynptr)
#define DP_DISCARD							\
	MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -16), MOV64_IMM(R2, 0),	\
	CALL(ringbuf_discard_dynptr)

static const struct vc_case cases[] = {
	/*
	 * ---- map types reserved to their helpers, both ways ----
	 * A ring buffer has no key: the element helpers stop at its size.
	 */
	{
		.name = "review_lookup_ringbuf",
		.insns = {
			KEY32(0), LD_MAP(R1, VC_RINGBUF), CALL(map_lookup_elem),
			RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid zero-sized read",
	},
	{
		.name = "review_delete_user_ringbuf",
		.insns = {
			KEY32(0), LD_MAP(R1, VC_URINGBUF), CALL(map_delete_elem),
			RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid zero-sized read",
	},
	{
		.name = "review_update_prog_array", RAW_TP,
		.insns = {
			KEY32(0), MOV64_REG(R3, R2), MOV64_IMM(R4, 0),
			LD_MAP(R1, VC_PROG_ARRAY), CALL(map_update_elem), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 3 into func bpf_map_update_elem#2",
	},
	{
		.name = "review_for_each_prog_array", RAW_TP,
		.insns = { WITH_CB(VC_PROG_ARRAY, for_each_map_elem), RET(0) },
		.verdict = VC_REJECT, .err = ENOTSUPP,
		.log = "callback function not allowed for map",
	},
	{
		.name = "review_for_each_ringbuf",
		.insns = { WITH_CB(VC_RINGBUF, for_each_map_elem), RET(0) },
		.verdict = VC_REJECT, .err = ENOTSUPP,
		.log = "callback function not allowed for map",
	},
	{
		.name = "review_for_each_user_ringbuf",
		.insns = { WITH_CB(VC_URINGBUF, for_each_map_elem), RET(0) },
		.verdict = VC_REJECT, .err = ENOTSUPP,
		.log = "callback function not allowed for map",
	},
	{
		.name = "review_drain_ringbuf",
		.insns = { WITH_CB(VC_RINGBUF, user_ringbuf_drain), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 27 into func bpf_user_ringbuf_drain#209",
	},
	{
		.name = "review_drain_array",
		.insns = { WITH_CB(VC_ARRAY, user_ringbuf_drain), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 2 into func bpf_user_ringbuf_drain#209",
	},
	{
		.name = "review_ringbuf_output_user_ringbuf",
		.insns = {
			ST(DW, R10, -8, 0), MOV64_REG(R2, R10),
			ALU64_IMM(ADD, R2, -8), MOV64_IMM(R3, 8),
			MOV64_IMM(R4, 0), LD_MAP(R1, VC_URINGBUF),
			CALL(ringbuf_output), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 31 into func bpf_ringbuf_output#130",
	},
	{
		.name = "review_ringbuf_query_array",
		.insns = {
			LD_MAP(R1, VC_ARRAY), MOV64_IMM(R2, 0),
			CALL(ringbuf_query), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 2 into func bpf_ringbuf_query#134",
	},
	{
		.name = "review_ringbuf_reserve_hash",
		.insns = {
			LD_MAP(R1, VC_HASH), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			CALL(ringbuf_reserve), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 1 into func bpf_ringbuf_reserve#131",
	},
	{
		.name = "review_ringbuf_query_ringbuf",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 0),
			CALL(ringbuf_query), RET(0),
		},
		.no_run = true,
	},
	{
		.name = "review_tail_call_array", RAW_TP,
		.insns = {
			LD_MAP(R2, VC_ARRAY), MOV64_IMM(R3, 0),
			CALL(tail_call), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
	},
	{
		.name = "review_tail_call_ringbuf", RAW_TP,
		.insns = {
			LD_MAP(R2, VC_RINGBUF), MOV64_IMM(R3, 0),
			CALL(tail_call), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
	},
	/* The ring buffer helpers that take a sample, given the map itself. */
	{
		.name = "review_ringbuf_submit_dynptr_map",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 0),
			CALL(ringbuf_submit_dynptr), RET(0),
		},
		.verdict = VC_REJECT,
	},
	{
		.name = "review_ringbuf_discard_map",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 0),
			CALL(ringbuf_discard), RET(0),
		},
		.verdict = VC_REJECT,
	},
	{
		/* The drain callback's dynptr is no ring buffer sample. */
		.name = "review_drain_cb_submit_dynptr",
		.insns = {
			WITH_CB(VC_URINGBUF, user_ringbuf_drain),
			MOV64_IMM(R2, 0), CALL(ringbuf_submit_dynptr), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot release unowned const bpf_dynptr",
	},
	/* The drain callback's dynptr is the helper's: never re-initialised. */
	{
		.name = "review_drain_cb_dynptr_from_mem_over", ALL,
		.insns = {
			WITH_CB(VC_URINGBUF, user_ringbuf_drain),
			MOV64_REG(R7, R1), MAPVAL_R6, MOV64_REG(R1, R6),
			MOV64_IMM(R2, 8), MOV64_IMM(R3, 0), MOV64_REG(R4, R7),
			CALL(dynptr_from_mem), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "Dynptr has to be an uninitialized dynptr",
	},
	{
		.name = "review_drain_cb_reserve_dynptr_over", ALL,
		.insns = {
			WITH_CB(VC_URINGBUF, user_ringbuf_drain),
			MOV64_REG(R4, R1), LD_MAP(R1, VC_RINGBUF),
			MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			CALL(ringbuf_reserve_dynptr), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "Dynptr has to be an uninitialized dynptr",
	},
	/* ---- the map types sleepable programs may use ---- */
	{
		.name = "review_sleepable_prog_array",
		.insns = { LD_MAP(R1, VC_PROG_ARRAY), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "Sleepable programs can only use array, hash, ringbuf and local storage maps",
	},
	{
		.name = "review_sleepable_user_ringbuf",
		.insns = { LD_MAP(R1, VC_URINGBUF), RET(0) },
	},
	{
		.name = "review_sleepable_ringbuf",
		.insns = { LD_MAP(R1, VC_RINGBUF), RET(0) },
	},
	{
		.name = "review_sleepable_rodata",
		.insns = { LD_MAP_VALUE(R1, VC_RODATA, 0), LDX(B, R0, R1, 0),
			   EXIT },
		.retval = 'a',
	},
	/* ---- callbacks: the count and the arguments ---- */
	{
		/* bpf_loop(0, ...) never calls back: the callback is not walked. */
		.name = "review_loop_zero_skips_cb",
		.insns = { LOOP_NR(0), RET(2) },
		.retval = 0,
	},
	{
		/* A count of 2^32 is 0 to the helper (a u32), not to the walk. */
		.name = "review_loop_2p32_walks_cb",
		.insns = {
			LD_IMM64(R1, 1ULL << 32), LD_FUNC(R2, 5),
			MOV64_IMM(R3, 0), MOV64_IMM(R4, 0), CALL(loop), EXIT,
			RET(2),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "should have been in [0, 1]",
	},
	{
		/* A count known only to be 0 or 1 walks the callback. */
		.name = "review_loop_maybe_zero_walks_cb",
		.insns = {
			CALL(get_prandom_u32), ALU64_IMM(AND, R0, 1),
			MOV64_REG(R1, R0), LD_FUNC(R2, 5),
			MOV64_IMM(R3, 0), MOV64_IMM(R4, 0), CALL(loop), EXIT,
			RET(2),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "should have been in [0, 1]",
	},
	{
		.name = "review_loop_cb_r3_unset",
		.insns = { LOOP_NR(1), MOV64_REG(R0, R3), EXIT },
		.verdict = VC_REJECT, .log = "R3 !read_ok",
	},
	{
		.name = "review_loop_cb_r1_not_ptr",
		.insns = { LOOP_NR(1), LDX(B, R0, R1, 0), RET(0) },
		.verdict = VC_REJECT, .log = "R1 invalid mem access 'scalar'",
	},
	{
		.name = "review_for_each_cb_r5_unset",
		.insns = { FOR_EACH_ARRAY(MOV64_REG(R0, R5), EXIT) },
		.verdict = VC_REJECT, .log = "R5 !read_ok",
	},
	{
		.name = "review_for_each_cb_value_last",
		.insns = { FOR_EACH_ARRAY(ST(W, R3, 44, 1), RET(0)) },
		.retval = 0,
	},
	{
		.name = "review_for_each_cb_value_past",
		.insns = { FOR_EACH_ARRAY(ST(W, R3, 45, 1), RET(0)) },
		.verdict = VC_REJECT,
		.log = "invalid access to map value, value_size=48 off=45 size=4",
	},
	{
		.name = "review_for_each_cb_key_past",
		.insns = { FOR_EACH_ARRAY(LDX(W, R0, R2, 1), RET(0)) },
		.verdict = VC_REJECT,
	},
	{
		.name = "review_for_each_cb_map_lookup",
		.insns = {
			FOR_EACH_ARRAY(ST(W, R10, -4, 0), MOV64_REG(R2, R10),
				       ALU64_IMM(ADD, R2, -4),
				       CALL(map_lookup_elem), RET(0)),
		},
		.retval = 0,
	},
	{
		.name = "review_drain_cb_r1_not_value",
		.insns = {
			WITH_CB(VC_URINGBUF, user_ringbuf_drain),
			LDX(B, R0, R1, 0), RET(0),
		},
		.verdict = VC_REJECT,
	},
	/* ---- helper IDs: holes, past the table, negative ---- */
	{
		.name = "review_helper_id_0",
		.insns = { HELPER(0), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
	},
	{
		.name = "review_helper_id_negative",
		.insns = { HELPER(-1), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
	},
	{
		.name = "review_helper_id_hole", RAW_TP,
		.insns = { HELPER(9), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
	},
	{
		.name = "review_helper_id_past", RAW_TP,
		.insns = { HELPER(212), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
	},
	{
		.name = "review_helper_id_huge", RAW_TP,
		.insns = { HELPER(0x7fffffff), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
	},
	/* ---- tail calls and LD_ABS outside the main program ---- */
	{
		/*
		 * The main program as its own bpf_loop() callback: the
		 * callback's first instruction is the main program's, where
		 * a tail call is allowed.
		 */
		.name = "review_cb_is_main_tail_call", RAW_TP, PERFMON,
		.insns = {
			JMP_IMM(JEQ, R1, 0, 10),
			STX(DW, R10, R1, -8), MOV64_IMM(R1, 1), LD_FUNC(R2, -4),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -8),
			MOV64_IMM(R4, 0), CALL(loop), RET(0),
			LDX(DW, R1, R2, 0), LD_MAP(R2, VC_PROG_ARRAY),
			MOV64_IMM(R3, 0), CALL(tail_call), RET(1),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "callback function cannot be the main program",
	},
	{
		/* A bpf-to-bpf call of the main program from a subprogram. */
		.name = "review_call_main_from_sub", RAW_TP,
		.insns = {
			CALL_REL(2), RET(0),
			CALL_REL(-4), RET(0),
		},
		.verdict = VC_REJECT, .err = E2BIG,
	},
	{
		/* A tail call the walk never reaches, in a subprogram. */
		.name = "review_tail_call_dead_in_sub", RAW_TP,
		.insns = {
			CALL_REL(2), RET(0),
			JA(4), LD_MAP(R2, VC_PROG_ARRAY), MOV64_IMM(R3, 0),
			CALL(tail_call), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "tail_call is not allowed in subprogs without BTF",
	},
	/* ---- atomic fetches ---- */
	{
		.name = "review_atomic_fetch_spilled_ctx_bpf", BPF_ONLY,
		.insns = { FETCH_SPILLED_CTX(DW, KBPF_ADD | KBPF_FETCH), RET(0) },
		.verdict = VC_REJECT, .log = "leaking pointer from stack off -8",
	},
	{
		.name = "review_atomic_add_spilled_ctx_bpf", BPF_ONLY,
		.insns = { FETCH_SPILLED_CTX(DW, KBPF_ADD), RET(0) },
		.verdict = VC_REJECT, .log = "leaking pointer from stack off -8",
	},
	{
		.name = "review_atomic_xchg_spilled_ctx_bpf", BPF_ONLY,
		.insns = { FETCH_SPILLED_CTX(DW, KBPF_XCHG), RET(0) },
		.verdict = VC_REJECT, .log = "leaking pointer from stack off -8",
	},
	{
		.name = "review_atomic_fetch_spilled_ctx_w", ALL,
		.insns = { FETCH_SPILLED_CTX(W, KBPF_ADD | KBPF_FETCH), RET(0) },
		.verdict = VC_REJECT,
	},
	{
		.name = "review_atomic_fetch_spilled_ctx_w_hi", ALL,
		.insns = {
			STX(DW, R10, R1, -8), MOV64_IMM(R2, 0),
			ATOMIC(W, KBPF_ADD | KBPF_FETCH, R10, R2, -4), RET(0),
		},
		.verdict = VC_REJECT,
	},
	{
		/* root: the slot's pointer comes back; the slot is data then. */
		.name = "review_atomic_xchg_spilled_value_slot_data",
		.insns = {
			MAPVAL_R6, STX(DW, R10, R6, -8), MOV64_IMM(R1, 0),
			ATOMIC(DW, KBPF_XCHG, R10, R1, -8), LDX(B, R0, R1, 0),
			LDX(DW, R2, R10, -8), LDX(B, R0, R2, 0), RET(0),
		},
		.verdict = VC_REJECT, .log = "R2 invalid mem access 'scalar'",
	},
	{
		.name = "review_atomic_xchg_spilled_value_ok",
		.insns = {
			MAPVAL_R6, STX(DW, R10, R6, -8), MOV64_IMM(R1, 0),
			ATOMIC(DW, KBPF_XCHG, R10, R1, -8), LDX(B, R0, R1, 0),
			RET(0),
		},
		.retval = 0,
	},
	{
		.name = "review_atomic_cmpxchg_spilled_ctx_root",
		.insns = {
			STX(DW, R10, R1, -8), MOV64_IMM(R0, 0), MOV64_IMM(R2, 0),
			ATOMIC(DW, KBPF_CMPXCHG, R10, R2, -8),
			LDX(W, R0, R0, 0), RET(0),
		},
		.no_run = true,
	},
	{
		.name = "review_atomic_cmpxchg_spilled_ctx_bpf", BPF_ONLY,
		.insns = {
			STX(DW, R10, R1, -8), MOV64_IMM(R0, 0), MOV64_IMM(R2, 0),
			ATOMIC(DW, KBPF_CMPXCHG, R10, R2, -8), RET(0),
		},
		.verdict = VC_REJECT, .log = "leaking pointer from stack off -8",
	},
	{
		.name = "review_atomic_fetch_src_is_dst", ALL,
		.insns = {
			MAPVAL_R6, MOV64_REG(R1, R6),
			ATOMIC(DW, KBPF_ADD | KBPF_FETCH, R1, R1, 0), RET(0),
		},
		.verdict = VC_REJECT,
	},
	{
		.name = "review_atomic_cmpxchg_r0_is_dst", ALL,
		.insns = {
			MAPVAL_R6, MOV64_REG(R0, R6), MOV64_IMM(R1, 0),
			ATOMIC(DW, KBPF_CMPXCHG, R0, R1, 0), RET(0),
		},
		.verdict = VC_REJECT,
	},
	{
		/* Linux lets root store the frame pointer by cmpxchg. */
		.name = "review_atomic_cmpxchg_src_fp",
		.insns = {
			ST(DW, R10, -8, 0), MOV64_IMM(R0, 0),
			ATOMIC(DW, KBPF_CMPXCHG, R10, R10, -8), RET(0),
		},
		.retval = 0,
	},
	{
		.name = "review_atomic_cmpxchg_src_fp_bpf", BPF_ONLY,
		.insns = {
			ST(DW, R10, -8, 0), MOV64_IMM(R0, 0),
			ATOMIC(DW, KBPF_CMPXCHG, R10, R10, -8), RET(0),
		},
		.verdict = VC_REJECT, .log = "R10 leaks addr into mem",
	},
	{
		.name = "review_atomic_fetch_src_fp",
		.insns = {
			ST(DW, R10, -8, 0),
			ATOMIC(DW, KBPF_ADD | KBPF_FETCH, R10, R10, -8), RET(0),
		},
		.verdict = VC_REJECT, .log = "frame pointer is read only",
	},
	{
		/* A 4-byte fetch of the low half of a spilled constant. */
		.name = "review_atomic_fetch_w_spilled_const", PERFMON,
		.insns = {
			MOV64_IMM(R2, 7), STX(DW, R10, R2, -8), MOV64_IMM(R1, 0),
			ATOMIC(W, KBPF_ADD | KBPF_FETCH, R10, R1, -8),
			JMP_IMM(JEQ, R1, 7, 2), DEAD, RET(3),
		},
		.retval = 3,
	},
	{
		/* ... its high half: 0, known or not. */
		.name = "review_atomic_fetch_w_spilled_const_hi", ALL,
		.insns = {
			MOV64_IMM(R2, 7), STX(DW, R10, R2, -8), MOV64_IMM(R1, 0),
			ATOMIC(W, KBPF_ADD | KBPF_FETCH, R10, R1, -4),
			JMP_IMM(JEQ, R1, 0, 2), RET(4), RET(3),
		},
		.retval = 3,
	},
	{
		/* 8 bytes of a 4-byte spill and 4 uninitialised ones. */
		.name = "review_atomic_fetch_dw_of_w_spill", PERFMON,
		.insns = {
			MOV64_IMM(R2, 7), STX(W, R10, R2, -8), MOV64_IMM(R1, 0),
			ATOMIC(DW, KBPF_ADD | KBPF_FETCH, R10, R1, -8), RET(0),
		},
		.no_run = true,
	},
	{
		/* The fetched old value is data for the 32-bit op: upper half zero. */
		.name = "review_atomic_fetch_w_map_value_bounds", ALL,
		.insns = {
			MAPVAL_R6, MOV64_IMM(R1, 0),
			ATOMIC(W, KBPF_ADD | KBPF_FETCH, R6, R1, 0),
			JMP_IMM(JGT, R1, 47, 3), ACCESS_R6_R1, RET(0),
		},
		.retval = 0,
	},
	{
		.name = "review_atomic_fetch_dw_map_value_unbounded", ALL,
		.insns = {
			MAPVAL_R6, MOV64_IMM(R1, 0),
			ATOMIC(DW, KBPF_ADD | KBPF_FETCH, R6, R1, 0),
			ACCESS_R6_R1,
		},
		.verdict = VC_REJECT, .err = EINVAL,
	},
	/* An atomic op changes what the stack slot held: no stale constant. */
	{
		.name = "review_atomic_add_spilled_const_stale", PERFMON,
		.insns = {
			MOV64_IMM(R2, 7), STX(DW, R10, R2, -8), MOV64_IMM(R1, 1),
			ATOMIC(DW, KBPF_ADD, R10, R1, -8), LDX(DW, R2, R10, -8),
			JMP_IMM(JEQ, R2, 7, 2), DEAD, RET(3),
		},
		.verdict = VC_REJECT, .log = DEAD_MSG,
	},
	{
		.name = "review_atomic_add_zero_slot_stale", PERFMON,
		.insns = {
			ST(DW, R10, -8, 0), MOV64_IMM(R1, 1),
			ATOMIC(W, KBPF_ADD, R10, R1, -8), LDX(DW, R2, R10, -8),
			JMP_IMM(JEQ, R2, 0, 2), DEAD, RET(3),
		},
		.verdict = VC_REJECT, .log = DEAD_MSG,
	},
	{
		.name = "review_atomic_fetch_add_const_stale", PERFMON,
		.insns = {
			MOV64_IMM(R2, 7), STX(DW, R10, R2, -8), MOV64_IMM(R1, 1),
			ATOMIC(W, KBPF_ADD | KBPF_FETCH, R10, R1, -4),
			LDX(W, R2, R10, -4), JMP_IMM(JEQ, R2, 0, 2), DEAD, RET(3),
		},
		.verdict = VC_REJECT, .log = DEAD_MSG,
	},
	{
		.name = "review_atomic_fetch_wronly_map", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_WO, 0, 0), MOV64_IMM(R1, 0),
			ATOMIC(DW, KBPF_ADD | KBPF_FETCH, R0, R1, 0), RET(0),
		},
		.verdict = VC_REJECT,
	},
	{
		.name = "review_atomic_add_rdonly_map", ALL,
		.insns = {
			LOOKUP_OR_RET(VC_ARRAY_RO, 0, 0), MOV64_IMM(R1, 0),
			ATOMIC(DW, KBPF_ADD, R0, R1, 0), RET(0),
		},
		.verdict = VC_REJECT,
	},
	/* Atomics on a dynptr's stack slots: its data pointer moved or leaked. */
	{
		.name = "review_atomic_add_dynptr_ptr", ALL,
		.insns = {
			DP_FROM_VALUE, MOV64_IMM(R1, 4096),
			ATOMIC(DW, KBPF_ADD, R10, R1, -16), DP_WRITE,
		},
		.verdict = VC_REJECT,
		.log = "invalid read from stack off -16+0 size 8",
	},
	{
		.name = "review_atomic_xchg_dynptr_ptr", ALL,
		.insns = {
			DP_FROM_VALUE, MOV64_IMM(R1, 0),
			ATOMIC(DW, KBPF_XCHG, R10, R1, -16), MOV64_REG(R0, R1),
			EXIT,
		},
		.verdict = VC_REJECT,
		.log = "invalid read from stack off -16+0 size 8",
	},
	{
		.name = "review_atomic_add_dynptr_size", ALL,
		.insns = {
			DP_FROM_VALUE, MOV64_IMM(R1, 4096),
			ATOMIC(W, KBPF_ADD, R10, R1, -8), DP_WRITE,
		},
		.verdict = VC_REJECT,
		.log = "invalid read from stack off -8+0 size 4",
	},
	{
		.name = "review_atomic_fetch_add_dynptr_size0", ALL,
		.insns = {
			DP_FROM_VALUE, MOV64_IMM(R1, 0),
			ATOMIC(W, KBPF_ADD | KBPF_FETCH, R10, R1, -8), DP_WRITE,
		},
		.verdict = VC_REJECT,
		.log = "invalid read from stack off -8+0 size 4",
	},
	{
		/* A ring buffer dynptr holds a reference: no atomic over it. */
		.name = "review_atomic_add_ringbuf_dynptr", ALL,
		.insns = {
			DP_RESERVE, MOV64_IMM(R1, 4096),
			ATOMIC(DW, KBPF_ADD, R10, R1, -16), DP_DISCARD, RET(0),
		},
		.verdict = VC_REJECT,
		.log = "invalid read from stack off -16+0 size 8",
	},
	/* ---- bpf_probe_read() and bpf_probe_read_str() ---- */
	/*
	 * Linux's SYSCALL programs reach the probe reads through the tracing
	 * set (syscall_prog_func_proto(), bpf_tracing_func_proto()), which
	 * does not ask for CAP_PERFMON as bpf_base_func_proto() does.
	 */
	{
		.name = "review_probe_read_syscall_bpf", BPF_ONLY,
		.insns = { MOV64_IMM(R3, 0), PROBE_STR(probe_read, 8) },
		.retval = (__u32)-EFAULT,
	},
	{
		.name = "review_probe_read_kernel_syscall_bpf", BPF_ONLY,
		.insns = { MOV64_IMM(R3, 0), PROBE_STR(probe_read_kernel, 8) },
		.retval = (__u32)-ERANGE,
	},
	{
		.name = "review_probe_read_str_syscall_bpf", BPF_ONLY,
		.insns = { MOV64_IMM(R3, 0), PROBE_STR(probe_read_str, 8) },
		.retval = (__u32)-EFAULT,
	},
	{
		.name = "review_probe_read_user_syscall_bpf", BPF_ONLY,
		.insns = { MOV64_IMM(R3, 0), PROBE_STR(probe_read_user_str, 8) },
		.retval = (__u32)-EFAULT,
	},
	{
		.name = "review_trace_printk_syscall_bpf", BPF_ONLY,
		.insns = {
			ST(DW, R10, -8, 0x61), MOV64_REG(R1, R10),
			ALU64_IMM(ADD, R1, -8), MOV64_IMM(R2, 8),
			CALL(trace_printk), RET(0),
		},
		.no_run = true,
	},
	{
		.name = "review_snprintf_syscall_bpf", BPF_ONLY,
		.insns = {
			LD_MAP_VALUE(R3, VC_RODATA, 0), ST(DW, R10, -8, 0),
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8),
			MOV64_IMM(R2, 8), MOV64_IMM(R4, 0), MOV64_IMM(R5, 0),
			CALL(snprintf), EXIT,
		},
		.retval = 4,
	},
	{
		.name = "review_probe_read_str_stack", RAW_TP, PERFMON,
		.insns = { SRC_FP16, PROBE_STR(probe_read_str, 8) },
		.retval = 3,
	},
	{
		.name = "review_probe_read_str_short", RAW_TP, PERFMON,
		.insns = {
			SRC_FP16, ST(DW, R10, -16, 0x64636261),
			ST(W, R10, -12, 0x68676665),
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8),
			MOV64_IMM(R2, 4), CALL(probe_read_str),
			LDX(B, R1, R10, -5), ALU64_IMM(LSH, R1, 8),
			ALU64_REG(OR, R0, R1), EXIT,
		},
		.retval = 4,
	},
	{
		.name = "review_probe_read_str_size0", RAW_TP, PERFMON,
		.insns = { SRC_FP16, PROBE_STR(probe_read_str, 0) },
		.retval = 0,
	},
	{
		.name = "review_probe_read_size0", RAW_TP, PERFMON,
		.insns = { SRC_FP16, PROBE_STR(probe_read, 0) },
		.retval = 0,
	},
	{
		.name = "review_probe_read_stack", RAW_TP, PERFMON,
		.insns = { SRC_FP16, PROBE_STR(probe_read, 8) },
		.retval = 0,
	},
	{
		/* Below TASK_SIZE: the user side, which faults. */
		.name = "review_probe_read_user_addr", RAW_TP, PERFMON,
		.insns = { MOV64_IMM(R3, 4096), PROBE_STR(probe_read, 8) },
		.retval = (__u32)-EFAULT,
	},
	{
		.name = "review_probe_read_str_user_addr", RAW_TP, PERFMON,
		.insns = { MOV64_IMM(R3, 4096), PROBE_STR(probe_read_str, 8) },
		.retval = (__u32)-EFAULT,
	},
	{
		/* Not canonical: the kernel side, which refuses it. */
		.name = "review_probe_read_noncanonical", RAW_TP, PERFMON,
		.insns = {
			LD_IMM64(R3, 0x8000000000000000ULL),
			PROBE_STR(probe_read, 8),
		},
		.retval = (__u32)-ERANGE,
	},
	{
		.name = "review_probe_read_str_noncanonical", RAW_TP, PERFMON,
		.insns = {
			LD_IMM64(R3, 0x8000000000000000ULL),
			PROBE_STR(probe_read_str, 8),
		},
		.retval = (__u32)-ERANGE,
	},
	{
		/* The buffer must be written: a read-only map value is not. */
		.name = "review_probe_read_rodata_dst", RAW_TP, PERFMON,
		.insns = {
			LD_MAP_VALUE(R1, VC_RODATA, 0), MOV64_IMM(R2, 4),
			MOV64_IMM(R3, 0), CALL(probe_read), RET(0),
		},
		.verdict = VC_REJECT,
	},
	{
		.name = "review_probe_read_size_past", RAW_TP, PERFMON,
		.insns = { MOV64_IMM(R3, 0), PROBE_STR(probe_read, 9) },
		.verdict = VC_REJECT, .err = EINVAL,
	},
};

VC_TABLE(vc_review_table, "review", cases);

/* Socket filters: kernels with networking only. */
static const struct vc_case skb_cases[] = {
	{
		.name = "review_cb_is_main_ld_abs", SKB,
		.insns = {
			JMP_IMM(JEQ, R1, 0, 10),
			STX(DW, R10, R1, -8), MOV64_IMM(R1, 1), LD_FUNC(R2, -4),
			MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -8),
			MOV64_IMM(R4, 0), CALL(loop), RET(0),
			LDX(DW, R6, R2, 0), LD_ABS(B, 0), RET(1),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "callback function cannot be the main program",
	},
	{
		.name = "review_probe_read_skb", SKB, PERFMON,
		.insns = { MOV64_IMM(R3, 0), PROBE_STR(probe_read, 8) },
		.verdict = VC_REJECT, .err = EINVAL,
	},
};

VC_TABLE(vc_review_skb_table, "review_skb", skb_cases);
