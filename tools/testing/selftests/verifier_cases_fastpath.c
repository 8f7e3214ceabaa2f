// SPDX-License-Identifier: GPL-2.0
/*
 * Attacks on two fast paths that trust the verifier:
 * - the ring buffer helpers no longer look at their map's type
 *   (kmod/map/ringbuf.c): every way to bring another map, a user ring
 *   buffer or a sample to them must be refused before the run;
 * - a HASH lookup in a program to be JITed becomes a call of an
 *   internal function numbered after every helper ID
 *   (kmod/prog/helpers.h): a program naming one must be refused as
 *   Linux refuses an unknown helper, and a call site the verifier sees
 *   with two maps, a key off its alignment or a lookup in a subprogram
 *   must find what the helper finds;
 * - a HASH update or delete in a program to be JITed becomes a direct
 *   call of the map type's function (kmod/verifier/inline.c): a call
 *   site seen with HASH and ARRAY, or two HASH maps, by branch, spill
 *   or subprogram, must do what the helper does on the map it gets at
 *   run time, and every flag, full map and missing key must give the
 *   helper's errno, JITed or interpreted (LD_ABS keeps the JIT off).
 * Verdicts, errnos, log words and results are Linux 6.12's; run with
 * jit_enable=1 too.
 */
#include "verifier_cases.h"

#define CALL_ID(id)		KBPF_CALL_HELPER(id)
#define RAW_TP			.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT
#define SKB			.prog_type = KBPF_PROG_TYPE_SOCKET_FILTER
#define LD_ABS_B(imm)							\
	KBPF_RAW_INSN(KBPF_LD | KBPF_ABS | KBPF_B, 0, 0, 0, imm)
/* Linux 6.12's last helper ID is 211: kbpf's internal ones follow. */
#define FIRST_INTERNAL		212

/* bpf_ringbuf_reserve(r1, 8, 0), then the sample discarded: 9 insns */
#define RESERVE8_DISCARD						\
	MOV64_IMM(R2, 8), MOV64_IMM(R3, 0), CALL(ringbuf_reserve),	\
	JMP_IMM(JEQ, R0, 0, 3), MOV64_REG(R1, R0), MOV64_IMM(R2, 0),	\
	CALL(ringbuf_discard), RET(0)

/* r1 = @a or @b, on a coin's two sides: 7 insns */
#define MAP_EITHER(a, b)						\
	CALL(get_prandom_u32), JMP_IMM(JSET, R0, 1, 3), LD_MAP(R1, a),	\
	JA(2), LD_MAP(R1, b)

/*
 * r0 = first u64 of the value of @fa (key @ka) when ctx[0] (0x100) @op
 * 0x100, else of @fb (key @kb), through one lookup site: 17 insns
 */
#define LOOKUP_EITHER(op, fa, ka, fb, kb)				\
	LDX(DW, R6, R1, 0), JMP_IMM(op, R6, 0x100, 4),			\
	ST(DW, R10, -8, kb), LD_MAP(R1, fb), JA(3),			\
	ST(DW, R10, -8, ka), LD_MAP(R1, fa),				\
	MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -8),			\
	CALL(map_lookup_elem), JMP_IMM(JNE, R0, 0, 2), RET(1),		\
	LDX(DW, R0, R0, 0), EXIT


/*
 * bpf_map_update_elem(@fa or @fb, &key @k, &value, @flags) through one
 * call site, @fa when ctx[0] (0x100) @op 0x100: key at fp-8, a value of
 * 48 bytes (0x5 in its first u64) at fp-56; returns the helper's result
 */
#define UPDATE_EITHER(op, fa, fb, k, flags)				\
	LDX(DW, R6, R1, 0), ST(DW, R10, -8, k),				\
	ST(DW, R10, -56, 5), ST(DW, R10, -48, 0), ST(DW, R10, -40, 0),	\
	ST(DW, R10, -32, 0), ST(DW, R10, -24, 0), ST(DW, R10, -16, 0),	\
	JMP_IMM(op, R6, 0x100, 3), LD_MAP(R1, fb), JA(2),		\
	LD_MAP(R1, fa), MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -8),	\
	MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -56),			\
	MOV64_IMM(R4, flags), CALL(map_update_elem), EXIT

/* bpf_map_delete_elem(@fa or @fb, &key @k) as UPDATE_EITHER */
#define DELETE_EITHER(op, fa, fb, k)					\
	LDX(DW, R6, R1, 0), ST(DW, R10, -8, k),				\
	JMP_IMM(op, R6, 0x100, 3), LD_MAP(R1, fb), JA(2),		\
	LD_MAP(R1, fa), MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -8),	\
	CALL(map_delete_elem), EXIT

/* r0 = update(@fix, u64 key @k, value {@v, 0}, @flags): 9 insns */
#define UPDATE64(fix, k, v, flags)					\
	ST(DW, R10, -8, k), ST(DW, R10, -24, v), ST(DW, R10, -16, 0),	\
	LD_MAP(R1, fix), MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -8),	\
	MOV64_REG(R3, R10), ALU64_IMM(ADD, R3, -24),			\
	MOV64_IMM(R4, flags), CALL(map_update_elem)
/* r0 = delete(@fix, u64 key @k): 5 insns */
#define DELETE64(fix, k)						\
	ST(DW, R10, -8, k), LD_MAP(R1, fix), MOV64_REG(R2, R10),	\
	ALU64_IMM(ADD, R2, -8), CALL(map_delete_elem)

static const struct vc_case cases[] = {
	/* ---- internal call IDs named by the program ---- */
	{
		.name = "fastpath_internal_id_1",
		.insns = { CALL_ID(FIRST_INTERNAL + 1), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid func unknown#213",
	},
	{
		.name = "fastpath_internal_id_2_raw_tp", RAW_TP,
		.insns = { CALL_ID(FIRST_INTERNAL + 2), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid func unknown#214",
	},
	{
		.name = "fastpath_internal_id_3_kprobe",
		.prog_type = KBPF_PROG_TYPE_KPROBE,
		.insns = { CALL_ID(FIRST_INTERNAL + 3), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid func unknown#215",
	},
	/* HASH update and delete (KBPF_INTERNAL_HTAB_UPDATE, _DELETE) */
	{
		.name = "fastpath_internal_id_3_skb", SKB,
		.insns = {
			LD_MAP(R1, VC_HASH), MOV64_REG(R2, R10),
			ALU64_IMM(ADD, R2, -8), MOV64_REG(R3, R10),
			ALU64_IMM(ADD, R3, -24), MOV64_IMM(R4, 0),
			CALL_ID(FIRST_INTERNAL + 3), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid func unknown#215",
	},
	{
		.name = "fastpath_internal_id_4",
		.insns = {
			ST(DW, R10, -8, 1), LD_MAP(R1, VC_HASH),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -8),
			CALL_ID(FIRST_INTERNAL + 4), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid func unknown#216",
	},
	{
		.name = "fastpath_internal_id_s32_max",
		.insns = { CALL_ID(0x7fffffff), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid func unknown#2147483647",
	},
	{
		.name = "fastpath_internal_id_negative",
		.insns = { CALL_ID(-(FIRST_INTERNAL + 1)), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid func unknown#-213",
	},
	{
		.name = "fastpath_internal_id_in_subprog",
		.insns = { CALL_REL(1), EXIT, CALL_ID(FIRST_INTERNAL), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid func unknown#212",
	},
	{
		.name = "fastpath_internal_id_in_callback",
		.insns = {
			MOV64_IMM(R1, 1), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(loop), EXIT,
			CALL_ID(FIRST_INTERNAL + 2), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid func unknown#214",
	},
	/* beside a lookup the JIT's rewrite turns into that very call */
	{
		.name = "fastpath_internal_id_after_lookup",
		.insns = {
			LOOKUP64(VC_HASH, 1), CALL_ID(FIRST_INTERNAL + 2),
			RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid func unknown#214",
	},
	/* ---- another map brought to the ring buffer helpers ---- */
	{
		.name = "fastpath_ringbuf_reserve_hash_pruned",
		.insns = {
			MAP_EITHER(VC_RINGBUF, VC_HASH), RESERVE8_DISCARD,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 1 into func bpf_ringbuf_reserve#131",
	},
	{
		.name = "fastpath_ringbuf_output_uringbuf_pruned",
		.insns = {
			ST(DW, R10, -8, 0), MAP_EITHER(VC_RINGBUF, VC_URINGBUF),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -8),
			MOV64_IMM(R3, 8), MOV64_IMM(R4, 0),
			CALL(ringbuf_output), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 31 into func bpf_ringbuf_output#130",
	},
	{
		.name = "fastpath_ringbuf_query_spilled",
		.insns = {
			CALL(get_prandom_u32), JMP_IMM(JSET, R0, 1, 4),
			LD_MAP(R1, VC_RINGBUF), STX(DW, R10, R1, -8), JA(3),
			LD_MAP(R1, VC_URINGBUF), STX(DW, R10, R1, -8),
			LDX(DW, R1, R10, -8), MOV64_IMM(R2, 0),
			CALL(ringbuf_query), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 31 into func bpf_ringbuf_query#134",
	},
	{
		.name = "fastpath_ringbuf_query_subprog_two_maps",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), CALL_REL(5),
			LD_MAP(R1, VC_HASH), CALL_REL(2), RET(0),
			MOV64_IMM(R2, 0), CALL(ringbuf_query), EXIT,
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 1 into func bpf_ringbuf_query#134",
	},
	{
		.name = "fastpath_ringbuf_query_for_each_cb_map",
		.insns = {
			LD_MAP(R1, VC_HASH), LD_FUNC(R2, 5), MOV64_IMM(R3, 0),
			MOV64_IMM(R4, 0), CALL(for_each_map_elem), EXIT,
			MOV64_IMM(R2, 0), CALL(ringbuf_query), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 1 into func bpf_ringbuf_query#134",
	},
	{
		.name = "fastpath_ringbuf_reserve_dynptr_uringbuf",
		.insns = {
			LD_MAP(R1, VC_URINGBUF), MOV64_IMM(R2, 8),
			MOV64_IMM(R3, 0), MOV64_REG(R4, R10),
			ALU64_IMM(ADD, R4, -16), CALL(ringbuf_reserve_dynptr),
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -16),
			MOV64_IMM(R2, 0), CALL(ringbuf_discard_dynptr), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 31 into func bpf_ringbuf_reserve_dynptr#198",
	},
	{
		.name = "fastpath_ringbuf_reserve_dynptr_hash_pruned",
		.insns = {
			MAP_EITHER(VC_RINGBUF, VC_HASH), MOV64_IMM(R2, 8),
			MOV64_IMM(R3, 0), MOV64_REG(R4, R10),
			ALU64_IMM(ADD, R4, -16), CALL(ringbuf_reserve_dynptr),
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -16),
			MOV64_IMM(R2, 0), CALL(ringbuf_discard_dynptr), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "cannot pass map_type 1 into func bpf_ringbuf_reserve_dynptr#198",
	},
	/* the map pointer moved: the helper would read past the map */
	{
		.name = "fastpath_ringbuf_map_ptr_moved",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), ALU64_IMM(ADD, R1, 8),
			RESERVE8_DISCARD,
		},
		.verdict = VC_REJECT,
		.log = "R1 pointer arithmetic on map_ptr prohibited",
	},
	{
		.name = "fastpath_ringbuf_map_ptr_add_zero",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), ALU64_IMM(ADD, R1, 0),
			RESERVE8_DISCARD,
		},
		.retval = 0,
	},
	/* a sample is no ring buffer */
	{
		.name = "fastpath_ringbuf_sample_as_map",
		.insns = {
			LD_MAP(R1, VC_RINGBUF), MOV64_IMM(R2, 8),
			MOV64_IMM(R3, 0), CALL(ringbuf_reserve),
			JMP_IMM(JEQ, R0, 0, 7), MOV64_REG(R6, R0),
			MOV64_REG(R1, R0), MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			CALL(ringbuf_reserve), RET(0),
			RET(0),
		},
		.verdict = VC_REJECT,
		.log = "R1 type=ringbuf_mem expected=map_ptr",
	},
	/* ---- the hash lookup rewrite ---- */
	/* one site, two hash maps of 4- and 8-byte keys: each path's own */
	{
		.name = "fastpath_hash_two_maps_one_site_k4",
		.insns = { LOOKUP_EITHER(JEQ, VC_HASH4, 7, VC_HASH, 1) },
		.retval = 0x77,
	},
	{
		.name = "fastpath_hash_two_maps_one_site_k8",
		.insns = { LOOKUP_EITHER(JNE, VC_HASH4, 7, VC_HASH, 1) },
		.retval = 0x11,
	},
	/* the same map on both paths, keys that differ */
	{
		.name = "fastpath_hash_one_map_two_keys",
		.insns = { LOOKUP_EITHER(JNE, VC_HASH4, 8, VC_HASH4, 7) },
		.retval = 0x77,
	},
	/* one subprogram, called with each map */
	{
		.name = "fastpath_hash_subprog_two_maps",
		.insns = {
			LD_MAP(R1, VC_HASH4), MOV64_IMM(R2, 7), CALL_REL(7),
			MOV64_REG(R6, R0), LD_MAP(R1, VC_HASH),
			MOV64_IMM(R2, 1), CALL_REL(2),
			ALU64_REG(ADD, R0, R6), EXIT,
			STX(DW, R10, R2, -8), MOV64_REG(R2, R10),
			ALU64_IMM(ADD, R2, -8), CALL(map_lookup_elem),
			JMP_IMM(JEQ, R0, 0, 1), LDX(DW, R0, R0, 0), EXIT,
		},
		.retval = 0x88,
	},
	/* keys off their alignment on the stack */
	{
		.name = "fastpath_hash_k8_key_unaligned",
		.insns = {
			ST(W, R10, -16, 0), ST(W, R10, -12, 0),
			ST(W, R10, -8, 0), ST(B, R10, -13, 1),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -13),
			LD_MAP(R1, VC_HASH), CALL(map_lookup_elem),
			JMP_IMM(JNE, R0, 0, 2), RET(1),
			LDX(DW, R0, R0, 8), EXIT,
		},
		.retval = 0x22,
	},
	{
		.name = "fastpath_hash_k4_key_unaligned",
		.insns = {
			ST(W, R10, -16, 0), ST(W, R10, -12, 0),
			ST(W, R10, -8, 0), ST(B, R10, -11, 7),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -11),
			LD_MAP(R1, VC_HASH4), CALL(map_lookup_elem),
			JMP_IMM(JNE, R0, 0, 2), RET(1),
			LDX(DW, R0, R0, 0), EXIT,
		},
		.retval = 0x77,
	},
	/* a key whose upper bytes differ is another key */
	{
		.name = "fastpath_hash_k8_upper_bytes",
		.insns = {
			LD_IMM64(R3, 0x100000001ull), STX(DW, R10, R3, -8),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -8),
			LD_MAP(R1, VC_HASH), CALL(map_lookup_elem),
			JMP_IMM(JNE, R0, 0, 2), RET(1),
			RET(2),
		},
		.retval = 1,
	},
	/* the key is a map value, at an odd offset */
	{
		.name = "fastpath_hash_k4_key_in_map_value",
		.insns = {
			LOOKUP64(VC_HASH, 1), JMP_IMM(JNE, R0, 0, 2), RET(1),
			ST(W, R0, 9, 7), MOV64_REG(R2, R0),
			ALU64_IMM(ADD, R2, 9), LD_MAP(R1, VC_HASH4),
			CALL(map_lookup_elem), JMP_IMM(JNE, R0, 0, 2), RET(2),
			LDX(DW, R0, R0, 0), EXIT,
		},
		.retval = 0x77,
	},

	/*
	 * ---- HASH updates and deletes made direct calls: a call site
	 * seen with two maps keeps the helper, every result is the helper's
	 */
	{
		.name = "fastpath_hupdate_hash_then_array",
		.insns = { UPDATE_EITHER(JNE, VC_HASH, VC_ARRAY, 0, 0) },
		.retval = 0,
	},
	{
		.name = "fastpath_hupdate_array_then_hash",
		.insns = { UPDATE_EITHER(JEQ, VC_ARRAY, VC_HASH, 0, 0) },
		.retval = 0,
	},
	{
		.name = "fastpath_hupdate_array_exist_runs_array",
		.insns = { UPDATE_EITHER(JNE, VC_HASH, VC_ARRAY, 9, 0) },
		.retval = -E2BIG,
	},
	{
		.name = "fastpath_hupdate_hash_then_hash4_noexist",
		.insns = { UPDATE_EITHER(JNE, VC_HASH, VC_HASH4, 7,
					 KBPF_NOEXIST) },
		.retval = -EEXIST,
	},
	{
		.name = "fastpath_hupdate_hash_taken_noexist",
		.insns = { UPDATE_EITHER(JEQ, VC_HASH, VC_HASH4, 1,
					 KBPF_NOEXIST) },
		.retval = -EEXIST,
	},
	{
		.name = "fastpath_hdelete_hash_then_array",
		.insns = { DELETE_EITHER(JNE, VC_HASH, VC_ARRAY, 1) },
		.retval = -EINVAL,
	},
	{
		.name = "fastpath_hdelete_array_then_hash",
		.insns = { DELETE_EITHER(JEQ, VC_ARRAY, VC_HASH, 0) },
		.retval = -EINVAL,
	},
	{
		.name = "fastpath_hdelete_hash_then_hash4",
		.insns = { DELETE_EITHER(JNE, VC_HASH, VC_HASH4, 1) },
		.retval = -ENOENT,
	},
	{
		.name = "fastpath_hdelete_hash4_then_hash",
		.insns = { DELETE_EITHER(JEQ, VC_HASH4, VC_HASH, 7) },
		.retval = 0,
	},
	/* the map chosen by branch, spilled and filled at the call */
	{
		.name = "fastpath_hdelete_map_spilled",
		.insns = {
			LDX(DW, R6, R1, 0), JMP_IMM(JNE, R6, 0x100, 3),
			LD_MAP(R1, VC_ARRAY), JA(2), LD_MAP(R1, VC_HASH),
			STX(DW, R10, R1, -16), ST(DW, R10, -8, 1),
			LDX(DW, R1, R10, -16), MOV64_REG(R2, R10),
			ALU64_IMM(ADD, R2, -8), CALL(map_delete_elem), EXIT,
		},
		.retval = -EINVAL,
	},
	/* one subprogram updating the map it is given: HASH, then ARRAY */
	{
		.name = "fastpath_hupdate_subprog_two_maps",
		.insns = {
			LD_MAP(R1, VC_HASH), CALL_REL(6), MOV64_REG(R6, R0),
			LD_MAP(R1, VC_ARRAY), CALL_REL(2),
			ALU64_REG(OR, R0, R6), EXIT,
			ST(DW, R10, -8, 2), ST(DW, R10, -56, 5),
			ST(DW, R10, -48, 0), ST(DW, R10, -40, 0),
			ST(DW, R10, -32, 0), ST(DW, R10, -24, 0),
			ST(DW, R10, -16, 0), MOV64_REG(R2, R10),
			ALU64_IMM(ADD, R2, -8), MOV64_REG(R3, R10),
			ALU64_IMM(ADD, R3, -56), MOV64_IMM(R4, KBPF_EXIST),
			CALL(map_update_elem), EXIT,
		},
		.retval = -ENOENT,
	},
	/* flags, full maps, deletes, on one map (a direct call) */
	{
		.name = "fastpath_hupdate_noexist_existing",
		.insns = { UPDATE64(VC_HASH, 1, 3, KBPF_NOEXIST), EXIT },
		.retval = -EEXIST,
	},
	{
		.name = "fastpath_hupdate_exist_missing",
		.insns = { UPDATE64(VC_HASH, 2, 3, KBPF_EXIST), EXIT },
		.retval = -ENOENT,
	},
	{
		.name = "fastpath_hupdate_flag_lock_no_spin_lock",
		.insns = { UPDATE64(VC_HASH, 1, 3, KBPF_F_LOCK), EXIT },
		.retval = -EINVAL,
	},
	{
		.name = "fastpath_hupdate_flags_invalid",
		.insns = { UPDATE64(VC_HASH, 1, 3, 8), EXIT },
		.retval = -EINVAL,
	},
	{
		.name = "fastpath_hupdate_exist_then_lookup",
		.insns = {
			UPDATE64(VC_HASH, 1, 0x33, KBPF_EXIST),
			JMP_IMM(JEQ, R0, 0, 1), EXIT,
			LOOKUP64(VC_HASH, 1), JMP_IMM(JNE, R0, 0, 2), RET(1),
			LDX(DW, R0, R0, 0), EXIT,
		},
		.retval = 0x33,
	},
	{
		.name = "fastpath_hupdate_full_map",
		.insns = {
			UPDATE64(VC_HASH, 2, 3, KBPF_NOEXIST),
			UPDATE64(VC_HASH, 3, 3, KBPF_NOEXIST),
			UPDATE64(VC_HASH, 4, 3, KBPF_NOEXIST),
			MOV64_REG(R6, R0),
			UPDATE64(VC_HASH, 5, 3, KBPF_NOEXIST),
			ALU64_IMM(LSH, R0, 8), ALU64_REG(OR, R0, R6), EXIT,
		},
		.retval = (__u32)-E2BIG << 8,
	},
	{
		.name = "fastpath_hupdate_full_map_replace",
		.insns = {
			UPDATE64(VC_HASH, 2, 3, KBPF_NOEXIST),
			UPDATE64(VC_HASH, 3, 3, KBPF_NOEXIST),
			UPDATE64(VC_HASH, 4, 3, KBPF_NOEXIST),
			MOV64_REG(R6, R0),
			UPDATE64(VC_HASH, 1, 3, KBPF_ANY),
			ALU64_IMM(LSH, R0, 8), ALU64_REG(OR, R0, R6), EXIT,
		},
		.retval = 0,
	},
	{
		.name = "fastpath_hdelete_twice",
		.insns = {
			DELETE64(VC_HASH, 1), MOV64_REG(R6, R0),
			DELETE64(VC_HASH, 1), ALU64_IMM(LSH, R0, 8),
			ALU64_REG(OR, R0, R6), EXIT,
		},
		.retval = (__u32)-ENOENT << 8,
	},
	/* keys off their alignment, and in a map value */
	{
		.name = "fastpath_hdelete_k8_key_unaligned",
		.insns = {
			ST(W, R10, -16, 0), ST(W, R10, -12, 0),
			ST(W, R10, -8, 0), ST(B, R10, -13, 1),
			MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -13),
			LD_MAP(R1, VC_HASH), CALL(map_delete_elem),
			MOV64_REG(R6, R0), LOOKUP64(VC_HASH, 1),
			JMP_IMM(JEQ, R0, 0, 2), RET(9), MOV64_REG(R0, R6),
			EXIT,
		},
		.retval = 0,
	},
	{
		.name = "fastpath_hupdate_k4_key_in_map_value",
		.insns = {
			LOOKUP64(VC_HASH, 1), JMP_IMM(JNE, R0, 0, 2), RET(1),
			ST(W, R0, 9, 7), ST(DW, R10, -16, 0x99),
			MOV64_REG(R2, R0), ALU64_IMM(ADD, R2, 9),
			LD_MAP(R1, VC_HASH4), MOV64_REG(R3, R10),
			ALU64_IMM(ADD, R3, -16), MOV64_IMM(R4, KBPF_EXIST),
			CALL(map_update_elem), JMP_IMM(JEQ, R0, 0, 1), EXIT,
			LOOKUP64(VC_HASH4, 7), JMP_IMM(JNE, R0, 0, 2), RET(2),
			LDX(DW, R0, R0, 0), EXIT,
		},
		.retval = 0x99,
	},
	/*
	 * LD_ABS keeps the program from the JIT: rewritten for it, it runs
	 * interpreted, internal calls and all
	 */
	{
		.name = "fastpath_hupdate_interpreted_ld_abs",
		SKB,
		.insns = {
			MOV64_REG(R6, R1), LD_ABS_B(0),
			UPDATE64(VC_HASH, 1, 0x55, KBPF_EXIST),
			JMP_IMM(JEQ, R0, 0, 1), EXIT,
			DELETE64(VC_HASH, 1), MOV64_REG(R7, R0),
			DELETE64(VC_HASH, 1), ALU64_IMM(LSH, R0, 8),
			ALU64_REG(OR, R0, R7), EXIT,
		},
		.retval = (__u32)-ENOENT << 8,
	},
};

VC_TABLE(vc_fastpath_table, "fastpath", cases);
