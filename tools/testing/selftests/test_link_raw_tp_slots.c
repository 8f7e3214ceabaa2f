// SPDX-License-Identifier: GPL-2.0
/*
 * What a raw tracepoint program reads past its tracepoint's arguments.
 * An attach checks the linked program's own ctx reads against the
 * argument count (test_link_raw_tp_edges.c), not those of the programs
 * it tail calls: one of them may read all 12 slots. kbpf's probes fill
 * the slots past the arguments with zeros on every run, never with bits
 * of an argument the tracepoint did not pass, nor of an earlier run on
 * the CPU. Linux's bpf_trace_run<n>() has only n slots, and a program
 * reached by tail call reads past them into its stack: these tests are
 * kbpf's alone.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kbpf_prog.h"
#include "tp_mod.h"

#define SLOTS	12

/* The array value the tail-called program fills; key 0. */
struct slots_seen {
	__u64 tgid;		/* set by the test: whose runs count */
	__u64 count;
	__u64 slot[SLOTS];
};

/*
 * For runs of this tgid: count them and copy all SLOTS slots of ctx,
 * whatever the tracepoint's argument count.
 */
static int load_slot_reader(int map)
{
	const struct kbpf_insn head[] = {
		THIS_TGID_VALUE(map),
		KBPF_MOV64_IMM(R1, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R8, R1, 8),
	};
	struct kbpf_insn insns[ARRAY_SIZE(head) + 2 * SLOTS + 2];
	struct kbpf_load_opts opts = {};
	int n = ARRAY_SIZE(head), i;

	memcpy(insns, head, sizeof(head));
	for (i = 0; i < SLOTS; i++) {
		insns[n++] = (struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, R1, R6,
							    i * 8);
		insns[n++] = (struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, R8, R1,
							    16 + i * 8);
	}
	insns[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(R0, 0);
	insns[n++] = (struct kbpf_insn)KBPF_EXIT_INSN();
	return __kbpf_load_ok(KBPF_FILE, __LINE__,
			      KBPF_PROG_TYPE_RAW_TRACEPOINT, insns, n, &opts);
}

/* Reads no ctx, so it attaches anywhere; tail calls @prog_array[0]. */
static int load_tail_caller(int prog_array)
{
	const struct kbpf_insn insns[] = {
		KBPF_LD_MAP_FD(R2, prog_array),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_load_opts opts = {};

	return __kbpf_load_ok(KBPF_FILE, __LINE__,
			      KBPF_PROG_TYPE_RAW_TRACEPOINT, insns,
			      ARRAY_SIZE(insns), &opts);
}

/* The programs and maps of one test: link @caller, read @seen. */
struct slots_rig {
	int seen, prog_array, reader, caller;
};

static struct slots_rig rig_up(void)
{
	struct slots_seen seen = { .tgid = getpid() };
	struct slots_rig r;
	__u32 key = 0;

	r.seen = ASSERT_OK(kbpf_array_create(sizeof(seen), 1));
	ASSERT_OK(kbpf_map_update(r.seen, &key, &seen, 0));
	r.prog_array = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4,
					      1, 0));
	r.reader = load_slot_reader(r.seen);
	ASSERT_OK(kbpf_map_update(r.prog_array, &key, &r.reader, 0));
	r.caller = load_tail_caller(r.prog_array);
	return r;
}

static void rig_down(struct slots_rig *r)
{
	close(r->caller);
	close(r->reader);
	close(r->prog_array);
	close(r->seen);
}

static struct slots_seen rig_read(const struct slots_rig *r)
{
	struct slots_seen seen;
	__u32 key = 0;

	ASSERT_OK(kbpf_map_lookup(r->seen, &key, &seen, 0));
	return seen;
}

static void need_btf(void)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		SKIP("no /sys/kernel/btf/vmlinux: kbpf refuses every attach");
}

/* One CPU for the whole test: each run there starts where the last did. */
static void pin_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	ASSERT_OK(sched_setaffinity(0, sizeof(set), &set));
}

/*
 * sys_enter(struct pt_regs *regs, long id), two arguments: the ten slots
 * after them read zero, in every run. The reader alone does not attach.
 */
TEST_KBPF_ONLY(raw_tp_slots_sys_enter)
{
	struct slots_rig r;
	struct slots_seen seen;
	int link, i;

	need_btf();
	pin_cpu0();
	r = rig_up();
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("sys_enter", r.reader), EINVAL);
	link = ASSERT_OK(kbpf_raw_tracepoint_open("sys_enter", r.caller));
	for (i = 0; i < 100; i++)
		syscall(SYS_getppid);
	close(link);
	seen = rig_read(&r);
	ASSERT_TRUE(seen.count >= 100);
	ASSERT_NE(seen.slot[0], 0);
	for (i = 2; i < SLOTS; i++)
		ASSERT_EQ(seen.slot[i], 0);
	rig_down(&r);
}

/*
 * The test module's tracepoints, on one CPU: twelve arguments, all
 * non-zero, fill every slot; the four of kbpf_tp_test_odd right after
 * leave none of them in the eight slots past its own.
 */
TEST_KBPF_ONLY(raw_tp_slots_after_a_longer_run)
{
	struct slots_seen seen;
	struct slots_rig r;
	int widths, odd, i, j;

	need_btf();
	tp_mod_load();
	if (access("/sys/kernel/btf/" TP_MOD, R_OK)) {
		tp_mod_unload();
		SKIP("no /sys/kernel/btf/%s: kbpf refuses the attach", TP_MOD);
	}
	pin_cpu0();
	r = rig_up();
	widths = ASSERT_OK(kbpf_raw_tracepoint_open("kbpf_tp_test_widths",
						    r.caller));
	odd = ASSERT_OK(kbpf_raw_tracepoint_open("kbpf_tp_test_odd", r.caller));

	tp_mod_fire(TP_MOD_MAGIC);
	seen = rig_read(&r);
	ASSERT_EQ(seen.count, 1);
	ASSERT_EQ(seen.slot[7], TP_MOD_MAGIC);
	for (i = 0; i < SLOTS; i++)
		ASSERT_NE(seen.slot[i], 0);

	for (i = 0; i < 10; i++) {
		tp_mod_fire_odd(TP_MOD_MAGIC);
		seen = rig_read(&r);
		ASSERT_EQ(seen.count, 2 + 2 * i);
		ASSERT_EQ(seen.slot[1], 0xab);
		ASSERT_EQ(seen.slot[3], TP_MOD_MAGIC);
		for (j = 4; j < SLOTS; j++)
			ASSERT_EQ(seen.slot[j], 0);
		tp_mod_fire(TP_MOD_MAGIC + i);
	}
	close(odd);
	close(widths);
	rig_down(&r);
	ASSERT_OK(tp_mod_unload());
}
