// SPDX-License-Identifier: GPL-2.0
/*
 * Attack review of the fixes for issue 15 (06e75a7): programs that a
 * loader holding only CAP_BPF gets past kbpf's verifier and that Linux
 * 6.12 refuses. Every test here expects Linux's refusal; each comment says
 * what kbpf does instead. When kbpf accepts, the test runs the program and
 * reports what it leaked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/capability.h>

#include "kbpf_prog.h"

static char log_buf[1 << 16];

/* A CAP_BPF-only loader: no CAP_PERFMON, so no allow_ptr_leaks. */
static void keep_cap_bpf_only(void)
{
	kbpf_caps_keep(KBPF_CAP(CAP_BPF));
}

/*
 * Load @insns as SYSCALL (sleepable) with a log. Linux refuses with @err
 * and a log containing @msg. If the target accepts, run it on an 8-byte
 * ctx and fail with what the program wrote there (the leaked value), and
 * what @leak_map (if >= 0) holds at key 0.
 */
static void expect_refused(const struct kbpf_insn *insns, __u32 cnt,
			   int err, const char *msg, int leak_map)
{
	struct kbpf_load_opts opts = {
		.prog_flags = KBPF_F_SLEEPABLE,
		.log_level = KBPF_LOG_LEVEL1,
		.log_buf = log_buf,
		.log_size = sizeof(log_buf),
	};
	__u64 ctx = 0, val = 0;
	__u32 key = 0, retval = 0;
	int fd, e;

	log_buf[0] = 0;
	fd = kbpf_prog_load_opts(KBPF_PROG_TYPE_SYSCALL, insns, cnt, &opts);
	if (fd >= 0) {
		e = kbpf_prog_test_run(fd, &ctx, sizeof(ctx), &retval);
		if (leak_map >= 0)
			kbpf_map_lookup(leak_map, &key, &val, 0);
		FAIL("accepted (Linux refuses: %s); run %d retval %u, ctx 0x%llx, map value 0x%llx",
		     msg, e, retval, (unsigned long long)ctx,
		     (unsigned long long)val);
	}
	if (errno != err)
		FAIL("errno %s, want %s; log:\n%s", kbpf_errname(errno),
		     kbpf_errname(err), log_buf);
	if (msg && !strstr(log_buf, msg))
		FAIL("log lacks \"%s\":\n%s", msg, log_buf);
}

static int ringbuf_create(void)
{
	return ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0,
				      sysconf(_SC_PAGESIZE), 0));
}

/*
 * Releasing a reference must kill every copy of the pointer, spills
 * included. Linux (release_reference() -> mark_reg_invalid()) marks a
 * spilled copy NOT_INIT without allow_ptr_leaks, so the fill gives an
 * unreadable register ("R1 !read_ok").
 *
 * kbpf: kbpf_release_ref_regs() (kmod/verifier/call.c) marks spilled
 * copies kbpf_reg_mark_unknown() whatever allow_ptr_leaks says, so the
 * fill is an unknown *scalar* holding the record's kernel address, and a
 * CAP_BPF-only program writes it to ctx: a kernel address leak.
 *
 *  0: r6 = r1
 *  1: r1 = ringbuf map
 *  3: r2 = 8
 *  4: r3 = 0
 *  5: call bpf_ringbuf_reserve
 *  6: if r0 == 0 goto +8
 *  7: *(u64 *)(r10 - 8) = r0        spill the record pointer
 *  8: r1 = r0
 *  9: r2 = 0
 * 10: call bpf_ringbuf_discard      releases it
 * 11: r1 = *(u64 *)(r10 - 8)        kbpf: scalar; Linux: NOT_INIT
 * 12: *(u64 *)(r6 + 0) = r1         leaks the address to user space
 * 13: r0 = 0
 * 14: exit
 * 15: r0 = 0
 * 16: exit
 */
TEST(attack_release_spilled_ringbuf_record_leaks_addr)
{
	int rb = ringbuf_create();
	struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_LD_MAP_FD(R1, rb),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 8),
		KBPF_STX_MEM(KBPF_DW, R10, R0, -8),
		KBPF_MOV64_REG(R1, R0),
		KBPF_MOV64_IMM(R2, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_discard),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_STX_MEM(KBPF_DW, R6, R1, 0),
		KBPF_RET_IMM(0),
		KBPF_RET_IMM(0),
	};

	keep_cap_bpf_only();
	expect_refused(insns, ARRAY_SIZE(insns), EACCES, "R1 !read_ok", -1);
}

/*
 * The same with a ringbuf dynptr: the slice bpf_dynptr_data() gives
 * carries the dynptr's reference; after bpf_ringbuf_discard_dynptr() a
 * spilled copy of the slice must not be readable.
 *
 * kbpf: the spilled slice becomes an unknown scalar (as above) and its
 * kernel address goes to ctx.
 *
 *  0: r6 = r1
 *  1: *(u64 *)(r10 - 24) = 0
 *  2: r1 = ringbuf map
 *  4: r2 = 8
 *  5: r3 = 0
 *  6: r4 = r10 - 16
 *  8: call bpf_ringbuf_reserve_dynptr
 *  9: r1 = r10 - 16
 * 11: r2 = 0
 * 12: r3 = 8
 * 13: call bpf_dynptr_data
 * 14: if r0 == 0 goto +1
 * 15: *(u64 *)(r10 - 24) = r0       spill the slice
 * 16: r1 = r10 - 16
 * 18: r2 = 0
 * 19: call bpf_ringbuf_discard_dynptr
 * 20: r1 = *(u64 *)(r10 - 24)       kbpf: scalar; Linux: NOT_INIT
 * 21: *(u64 *)(r6 + 0) = r1
 * 22: r0 = 0
 * 23: exit
 */
TEST(attack_release_spilled_dynptr_slice_leaks_addr)
{
	int rb = ringbuf_create();
	struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_ST_MEM(KBPF_DW, R10, -24, 0),
		KBPF_LD_MAP_FD(R1, rb),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_MOV64_REG(R4, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R4, -16),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve_dynptr),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -16),
		KBPF_MOV64_IMM(R2, 0),
		KBPF_MOV64_IMM(R3, 8),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_data),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 1),
		KBPF_STX_MEM(KBPF_DW, R10, R0, -24),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -16),
		KBPF_MOV64_IMM(R2, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_discard_dynptr),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -24),
		KBPF_STX_MEM(KBPF_DW, R6, R1, 0),
		KBPF_RET_IMM(0),
	};

	keep_cap_bpf_only();
	expect_refused(insns, ARRAY_SIZE(insns), EACCES, "R1 !read_ok", -1);
}

/*
 * A callback runs any number of times; what one run leaves in its
 * caller's stack, the next run finds there. Linux 6.12 walks a bpf_loop()
 * callback again from the state its previous walk left until the states
 * converge, so the second walk fills the spilled map pointer into r7 and
 * refuses to store it ("R7 leaks addr into map").
 *
 * kbpf: the callback is walked once from the entry state
 * (kbpf_widen_stacks() in kmod/verifier/call.c), where fp-8 of the caller
 * is a scalar. kbpf_callback_write_ok() (mem.c) only stops a callback
 * from overwriting a pointer the caller had spilled; it does not stop the
 * callback from *creating* one in a slot the entry state calls data. So
 * run 1 spills the map pointer into the caller's fp-8, and run 2 reads
 * it back as a scalar and stores it into the map value: a CAP_BPF-only
 * program learns the kernel address of its map.
 *
 *  0: r1 = 0
 *  1: *(u64 *)(r10 - 8) = r1
 *  2: r1 = 2
 *  3: r2 = callback (insn 11)
 *  5: r3 = r10 - 8
 *  7: r4 = 0
 *  8: call bpf_loop
 *  9: r0 = 0
 * 10: exit
 * callback (r1 = index, r2 = &caller's fp-8):
 * 11: r6 = r2
 * 12: r7 = *(u64 *)(r6 + 0)       run 2: the map pointer, as a "scalar"
 * 13: *(u32 *)(r10 - 4) = 0
 * 14: r2 = r10 - 4
 * 16: r1 = array map
 * 18: call bpf_map_lookup_elem
 * 19: if r0 == 0 goto +1
 * 20: *(u64 *)(r0 + 0) = r7        leak into the map value
 * 21: r1 = array map
 * 23: *(u64 *)(r6 + 0) = r1        spill a pointer into the caller's slot
 * 24: r0 = 0
 * 25: exit
 */
TEST(attack_callback_spills_pointer_into_caller_stack)
{
	int map = ASSERT_OK(kbpf_array_create(8, 1));
	struct kbpf_insn insns[] = {
		KBPF_MOV64_IMM(R1, 0),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -8),
		KBPF_MOV64_IMM(R1, 2),
		KBPF_LD_FUNC(R2, 7),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -8),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_loop),
		KBPF_RET_IMM(0),
		/* callback */
		KBPF_MOV64_REG(R6, R2),
		KBPF_LDX_MEM(KBPF_DW, R7, R6, 0),
		KBPF_ST_MEM(KBPF_W, R10, -4, 0),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 1),
		KBPF_STX_MEM(KBPF_DW, R0, R7, 0),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_STX_MEM(KBPF_DW, R6, R1, 0),
		KBPF_RET_IMM(0),
	};

	keep_cap_bpf_only();
	/*
	 * kbpf walks a callback once and refuses any pointer it puts on a
	 * caller's stack (a deliberate difference, README), in its own words.
	 */
	expect_refused(insns, ARRAY_SIZE(insns), EACCES,
		       kbpf_target_linux() ? "leaks addr" :
		       "a callback may not put a pointer or dynptr on its caller's stack",
		       map);
}

/*
 * Linux's Spectre v1 rules (bypass_spec_v1 = CAP_PERFMON): without
 * CAP_PERFMON a stack pointer may not take a variable offset ("R1
 * variable stack access prohibited for !root", from
 * check_stack_access_for_ptr_arithmetic() via sanitize_check_bounds()).
 *
 * kbpf: no bypass_spec_v1 rule exists anywhere in kmod/verifier; the
 * program loads for a CAP_BPF-only loader. kbpf's interpreter does no
 * speculation hardening either, so the verdict Linux gives to deny
 * Spectre v1 gadgets to unprivileged-for-perfmon loaders is gone.
 *
 *  0: *(u64 *)(r10 - 8) = 0
 *  1: *(u64 *)(r10 - 16) = 0
 *  2: call bpf_get_prandom_u32
 *  3: r0 &= 8
 *  4: r1 = r10
 *  5: r1 += -16
 *  6: r1 += r0                     Linux refuses here
 *  7: r0 = *(u64 *)(r1 + 0)
 *  8: r0 = 0
 *  9: exit
 */
TEST(attack_var_offset_stack_ptr_without_perfmon)
{
	struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_DW, R10, -8, 0),
		KBPF_ST_MEM(KBPF_DW, R10, -16, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_get_prandom_u32),
		KBPF_ALU64_IMM(KBPF_AND, R0, 8),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -16),
		KBPF_ALU64_REG(KBPF_ADD, R1, R0),
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 0),
		KBPF_RET_IMM(0),
	};

	keep_cap_bpf_only();
	expect_refused(insns, ARRAY_SIZE(insns), EACCES,
		       "variable stack access prohibited for !root", -1);
}

/*
 * The same family: without CAP_PERFMON a map value pointer may not be
 * moved out of its value ("R0 pointer arithmetic of map value goes out
 * of range, prohibited for !root"), even if it is never dereferenced.
 *
 * kbpf: accepted (no bypass_spec_v1 rule).
 *
 *  0: *(u32 *)(r10 - 4) = 0
 *  1: r2 = r10 - 4
 *  3: r1 = array map (value_size 8)
 *  5: call bpf_map_lookup_elem
 *  6: if r0 == 0 goto +1
 *  7: r0 += 64                     Linux refuses here
 *  8: r0 = 0
 *  9: exit
 */
TEST(attack_map_value_ptr_out_of_range_without_perfmon)
{
	int map = ASSERT_OK(kbpf_array_create(8, 1));
	struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_W, R10, -4, 0),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 1),
		KBPF_ALU64_IMM(KBPF_ADD, R0, 64),
		KBPF_RET_IMM(0),
	};

	keep_cap_bpf_only();
	expect_refused(insns, ARRAY_SIZE(insns), EACCES,
		       "prohibited for !root", -1);
}
