// SPDX-License-Identifier: GPL-2.0
/*
 * Tail calls only between compatible programs (issue 15, mechanism 4), as
 * Linux 6.12's __bpf_prog_map_compatible(): a prog array belongs to the
 * program type and expected attach type of whichever comes first, the
 * load of a program that names it (bpf_check_tail_call()) or the first
 * slot update; every later slot (-EINVAL from the update) and every later
 * loader (-EINVAL from PROG_LOAD) must match. Each incompatible callee is
 * tried in both orders. Only the main program tail calls: without BTF a
 * subprogram or callback may not (test_tail_call_subprog.c).
 *
 * At fbd3687 kbpf checked the owner only when a slot was filled, never
 * against the caller, so a RAW_TRACEPOINT test run (ctx: at most 96
 * bytes) could enter a SYSCALL program verified for a 64 KiB writable
 * ctx, a KPROBE program reading pt_regs, or a sleepable program with
 * preemption off.
 *
 * A sleepable program in a slot is a deliberate kbpf difference (README):
 * kbpf refuses it (-EINVAL), Linux 6.12 does not compare sleepability.
 * So is the RAW_TRACEPOINT test run's ctx: kbpf gives every program all 12
 * argument slots, zero past ctx_size_in; Linux gives a program that a
 * test run tail calls into only ctx_size_in bytes.
 */
#include <unistd.h>

#include "kbpf_prog.h"

#define RAW_TP	KBPF_PROG_TYPE_RAW_TRACEPOINT

static int prog_array(void)
{
	return ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0));
}

static int slot_set(int progs, int fd)
{
	__u32 key = 0;

	return kbpf_map_update(progs, &key, &fd, KBPF_ANY);
}

static void slot_clear(int progs)
{
	__u32 key = 0;

	ASSERT_OK(kbpf_map_delete(progs, &key));
}

/*
 * Load a program of @type that tail calls into slot 0 of @progs,
 * returning 7 when the slot is empty. Returns the fd, or -1 with errno.
 */
static int load_caller(int progs, __u32 type, __u32 eat)
{
	/* tail_call(ctx, progs, 0); return 7 */
	const struct kbpf_insn insns[] = {
		KBPF_LD_MAP_FD(R2, progs),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_RET_IMM(7),
	};
	struct kbpf_load_opts opts = { .expected_attach_type = eat };

	return kbpf_prog_load_opts(type, insns, ARRAY_SIZE(insns), &opts);
}

static int load_raw_tp_caller(int progs, __u32 eat)
{
	return load_caller(progs, RAW_TP, eat);
}

/*
 * @callee is no RAW_TRACEPOINT program with expected attach type 0: in
 * either order the second step fails with -EINVAL. A @sleepable callee
 * goes into no slot on kbpf (the update fails, the array stays unowned
 * and the caller loads).
 */
static void refused_both_orders(int callee, bool sleepable)
{
	int progs, fd;

	/* The caller's load makes the array RAW_TRACEPOINT's. */
	progs = prog_array();
	fd = ASSERT_OK(load_raw_tp_caller(progs, 0));
	ASSERT_ERRNO(slot_set(progs, callee), EINVAL);
	close(fd);
	close(progs);

	/* A slot filled first makes it the callee's. */
	progs = prog_array();
	if (sleepable && !kbpf_target_linux()) {
		ASSERT_ERRNO(slot_set(progs, callee), EINVAL);
		fd = ASSERT_OK(load_raw_tp_caller(progs, 0));
		close(fd);
		close(progs);
		return;
	}
	ASSERT_OK(slot_set(progs, callee));
	ASSERT_ERRNO(load_raw_tp_caller(progs, 0), EINVAL);
	slot_clear(progs);
	close(progs);
}

TEST(tail_call_compat_raw_tp_to_syscall)
{
	/*
	 * Verified for a ctx of at least 4104 bytes, written. SYSCALL
	 * programs are sleepable: kbpf refuses them from every slot.
	 */
	static const struct kbpf_insn callee[] = {
		KBPF_ST_MEM(KBPF_DW, R1, 4096, 1),
		KBPF_RET_IMM(0),
	};

	refused_both_orders(LOAD_SYSCALL(callee), true);
}

TEST(tail_call_compat_raw_tp_to_kprobe)
{
	/* Reads pt_regs->ip (an empty raw_tp ctx: NULL + 128). */
	static const struct kbpf_insn callee[] = {
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 128),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_load_opts opts = {
		.expected_attach_type = KBPF_TRACE_KPROBE_MULTI,
	};

	refused_both_orders(LOAD_PROG_OPTS(KBPF_PROG_TYPE_KPROBE, callee,
					   &opts), false);
}

/* bpf_copy_from_user(fp - 8, 8, NULL): it may fault, so it may sleep. */
static const struct kbpf_insn sleeper[] = {
	KBPF_MOV64_REG(R1, R10),
	KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
	KBPF_MOV64_IMM(R2, 8),
	KBPF_MOV64_IMM(R3, 0),
	KBPF_CALL_HELPER(KBPF_FUNC_copy_from_user),
	KBPF_RET_IMM(0),
};

static int load_sleeper(void)
{
	struct kbpf_load_opts opts = {
		.prog_flags = KBPF_F_SLEEPABLE,
		.expected_attach_type = KBPF_TRACE_UPROBE_MULTI,
	};

	return LOAD_PROG_OPTS(KBPF_PROG_TYPE_KPROBE, sleeper, &opts);
}

TEST(tail_call_compat_raw_tp_to_sleepable)
{
	int callee = load_sleeper();
	int progs, fd;

	/*
	 * Owned by the raw_tp caller first: the sleepable KPROBE program
	 * is refused on both (its type alone differs).
	 */
	progs = prog_array();
	fd = ASSERT_OK(load_raw_tp_caller(progs, 0));
	ASSERT_ERRNO(slot_set(progs, callee), EINVAL);
	close(fd);
	close(progs);

	progs = prog_array();
	if (kbpf_target_linux()) {
		/* Linux: the slot makes the array KPROBE's; the caller fails. */
		ASSERT_OK(slot_set(progs, callee));
		ASSERT_ERRNO(load_raw_tp_caller(progs, 0), EINVAL);
		slot_clear(progs);
	} else {
		/*
		 * kbpf (deliberate, README): no slot takes a sleepable
		 * program, and a refused update leaves the array unowned.
		 */
		ASSERT_ERRNO(slot_set(progs, callee), EINVAL);
		fd = ASSERT_OK(load_raw_tp_caller(progs, 0));
		ASSERT_EQ(RUN_PROG(fd, NULL, 0), 7);
		close(fd);
	}
	close(progs);
}

TEST(tail_call_compat_kprobe_to_sleepable)
{
	int callee = load_sleeper();
	int progs, fd;

	/*
	 * A non-sleepable KPROBE caller, the same type and attach type:
	 * Linux 6.12 lets the sleepable program in, in either order; kbpf
	 * refuses it from every slot (a deliberate difference, README).
	 */
	progs = prog_array();
	fd = load_caller(progs, KBPF_PROG_TYPE_KPROBE,
			 KBPF_TRACE_UPROBE_MULTI);
	if (fd < 0)
		FAIL("loading the KPROBE caller: %s", kbpf_errname(errno));
	if (kbpf_target_linux()) {
		ASSERT_OK(slot_set(progs, callee));
		slot_clear(progs);
	} else {
		ASSERT_ERRNO(slot_set(progs, callee), EINVAL);
	}
	close(fd);
	close(progs);

	progs = prog_array();
	if (kbpf_target_linux()) {
		ASSERT_OK(slot_set(progs, callee));
		fd = load_caller(progs, KBPF_PROG_TYPE_KPROBE,
				 KBPF_TRACE_UPROBE_MULTI);
		if (fd < 0)
			FAIL("loading the KPROBE caller: %s",
			     kbpf_errname(errno));
		close(fd);
		slot_clear(progs);
	} else {
		ASSERT_ERRNO(slot_set(progs, callee), EINVAL);
	}
	close(progs);
}

TEST(tail_call_compat_raw_tp_attach_type)
{
	static const struct kbpf_insn callee[] = {
		KBPF_RET_IMM(42),
	};
	struct kbpf_load_opts opts = {
		.expected_attach_type = KBPF_TRACE_RAW_TP,
	};
	int other, progs, fd;

	/* The same type, another expected attach type: refused. */
	other = LOAD_PROG_OPTS(RAW_TP, callee, &opts);
	refused_both_orders(other, false);

	/* With the same attach type on both sides, the tail call runs. */
	progs = prog_array();
	fd = ASSERT_OK(load_raw_tp_caller(progs, KBPF_TRACE_RAW_TP));
	ASSERT_OK(slot_set(progs, other));
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 42);
	slot_clear(progs);
	close(fd);
	close(progs);
}

/* Into a compatible program. */
TEST(tail_call_compat_raw_tp_runs)
{
	static const struct kbpf_insn callee[] = {
		KBPF_RET_IMM(42),
	};
	int target = LOAD_RAW_TP(callee);
	int progs, fd;

	progs = prog_array();
	fd = ASSERT_OK(load_raw_tp_caller(progs, 0));
	ASSERT_OK(slot_set(progs, target));
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 42);
	slot_clear(progs);
	close(fd);
	close(progs);
}

/*
 * A caller that reads no ctx tail calls into a program of its own type
 * that reads the last argument slot (offset 88). With all 12 slots given,
 * both return it. With fewer, Linux hands the callee only ctx_size_in
 * bytes (8: a read past a kmalloc'ed copy; none: NULL + 88), which is not
 * defined and is not run there; kbpf gives every program all 12 slots,
 * zero past ctx_size_in (a deliberate difference, README): no read out of
 * bounds (KASAN on the debug kernel), and 0.
 */
TEST(tail_call_raw_tp_short_ctx)
{
	static const struct kbpf_insn callee[] = {
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 88),
		KBPF_EXIT_INSN(),
	};
	__u64 ctx[12] = { 0 };
	int progs, fd, target;

	progs = prog_array();
	fd = ASSERT_OK(load_raw_tp_caller(progs, 0));
	target = LOAD_RAW_TP(callee);
	ASSERT_OK(slot_set(progs, target));
	ctx[0] = 0x5555;
	ctx[11] = 0x1234;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0x1234);
	if (!kbpf_target_linux()) {
		ASSERT_EQ(RUN_PROG(fd, ctx, 8), 0);
		ASSERT_EQ(RUN_PROG(fd, NULL, 0), 0);
	}
	slot_clear(progs);
	close(fd);
	close(progs);
}
