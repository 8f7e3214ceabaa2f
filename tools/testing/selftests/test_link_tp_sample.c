// SPDX-License-Identifier: GPL-2.0
/*
 * The sample fields of a counting tracepoint event, one bit at a time:
 * each sample_type, read_format and branch_sample_type bit gets Linux
 * 6.12's answer on the running kernel. A counting event takes a sample
 * type it never samples, but perf_copy_attr() checks the fields first
 * (PERF_SAMPLE_CGROUP only where the kernel has perf cgroups: Debian's
 * 6.1 and 6.12 have them, the debug kernel not), the tracepoint PMU has
 * no branch stack (EOPNOTSUPP) and a callchain deeper than
 * kernel.perf_event_max_stack is EOVERFLOW. An event with all of them
 * still runs its program and counts once a hit.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/utsname.h>
#include <asm/perf_regs.h>

#include "tp_event.h"

/* pid of no task: the errnos perf_copy_attr() gives come before ESRCH. */
#define NO_PID		0x7fffffff

/* Whether the kernel has perf cgroups: its perf_event controller. */
static bool kernel_has_cgroup_perf(void)
{
	FILE *f = fopen("/proc/cgroups", "r");
	char line[128];
	bool found = false;

	if (!f)
		return false;	/* no cgroups at all */
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "perf_event\t", 11))
			found = true;
	fclose(f);
	return found;
}

/* The kernel's PERF_SAMPLE_BRANCH_MAX_SHIFT: 6.8 added BRANCH_COUNTERS. */
static unsigned int kernel_branch_max_shift(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		FAIL("uname: no kernel version");
	return major > 6 || (major == 6 && minor >= 8) ? 20 : 19;
}

static long read_sysctl(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (!f)
		SKIP("no %s", path);
	ASSERT_EQ(fscanf(f, "%ld", &v), 1);
	fclose(f);
	return v;
}

/* The answer of a counting event of the caller with sample_type 1 << @bit. */
static int sample_bit_errno(unsigned int bit)
{
	__u64 type = 1ULL << bit;

	if (bit >= 25)		/* PERF_SAMPLE_MAX, 6.1 and 6.12 */
		return EINVAL;
	if (type == PERF_SAMPLE_BRANCH_STACK)
		return EOPNOTSUPP;
	if (type == PERF_SAMPLE_CGROUP && !kernel_has_cgroup_perf())
		return EINVAL;
	return 0;
}

/* Each sample_type bit alone, with what its fields need to be valid. */
TEST(tp_sample_type_bits)
{
	unsigned int bit;

	for (bit = 0; bit < 64; bit++) {
		struct perf_event_attr attr = tp_attr();
		int err = sample_bit_errno(bit);

		attr.sample_type = 1ULL << bit;
		attr.branch_sample_type = PERF_SAMPLE_BRANCH_ANY;
		attr.sample_regs_user = 1ULL << PERF_REG_X86_AX;
		attr.sample_regs_intr = 1ULL << PERF_REG_X86_SP;
		if (err)
			EXPECT_ERR(kbpf_perf_event_open(&attr, 0, -1, -1, 0),
				   err);
		else
			EXPECT_FD(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
	}
	/* Every bit Linux takes at once. */
	{
		struct perf_event_attr attr = tp_attr();

		for (bit = 0; bit < 25; bit++)
			if (!sample_bit_errno(bit) &&
			    1ULL << bit != PERF_SAMPLE_WEIGHT)
				attr.sample_type |= 1ULL << bit;
		attr.sample_regs_user = 1ULL << PERF_REG_X86_AX;
		attr.sample_regs_intr = 1ULL << PERF_REG_X86_SP;
		EXPECT_FD(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
	}
	EXPECT_DONE();
}

/* PERF_SAMPLE_CGROUP's check is perf_copy_attr()'s: before the task's. */
TEST(tp_sample_cgroup_order)
{
	struct perf_event_attr attr = tp_attr();

	attr.sample_type = PERF_SAMPLE_CGROUP;
	EXPECT_ERR(kbpf_perf_event_open(&attr, NO_PID, 0, -1, 0),
		   kernel_has_cgroup_perf() ? ESRCH : EINVAL);
	attr.sample_type |= PERF_SAMPLE_IP | PERF_SAMPLE_TID;
	EXPECT_ERR(kbpf_perf_event_open(&attr, NO_PID, 0, -1, 0),
		   kernel_has_cgroup_perf() ? ESRCH : EINVAL);
	printf("# perf cgroups: %s\n", kernel_has_cgroup_perf() ? "yes" : "no");
	EXPECT_DONE();
}

/*
 * A callchain's depth: up to kernel.perf_event_max_stack, and deeper is
 * EOVERFLOW, which perf_event_alloc() gives after the AUX checks.
 */
TEST(tp_sample_callchain_depth)
{
	long max = read_sysctl("/proc/sys/kernel/perf_event_max_stack");
	struct perf_event_attr attr = tp_attr();

	ASSERT_LT(max, 0xffff);
	attr.sample_type = PERF_SAMPLE_CALLCHAIN;
	attr.sample_max_stack = max;
	EXPECT_FD(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
	attr.sample_max_stack = max + 1;
	EXPECT_ERR(kbpf_perf_event_open(&attr, 0, -1, -1, 0), EOVERFLOW);
	attr.aux_output = 1;
	EXPECT_ERR(kbpf_perf_event_open(&attr, 0, -1, -1, 0), EOPNOTSUPP);
	/* an unknown event's errno comes first */
	attr.aux_output = 0;
	attr.config = ~0ULL;
	EXPECT_ERR(kbpf_perf_event_open(&attr, 0, -1, -1, 0), EINVAL);
	EXPECT_DONE();
}

/*
 * Each branch_sample_type bit alone under PERF_SAMPLE_BRANCH_STACK: a
 * privilege level alone or a bit the kernel does not know is EINVAL,
 * any other the tracepoint PMU's EOPNOTSUPP.
 */
TEST(tp_sample_branch_bits)
{
	unsigned int bit, max = kernel_branch_max_shift();

	for (bit = 0; bit < 64; bit++) {
		struct perf_event_attr attr = tp_attr();
		__u64 mask = 1ULL << bit;

		attr.sample_type = PERF_SAMPLE_BRANCH_STACK;
		attr.branch_sample_type = mask;
		EXPECT_ERR(kbpf_perf_event_open(&attr, 0, -1, -1, 0),
			   bit >= max || (mask & PERF_SAMPLE_BRANCH_PLM_ALL) ?
			   EINVAL : EOPNOTSUPP);
		/* with a level: the same, but a level is no longer alone */
		attr.branch_sample_type = mask | PERF_SAMPLE_BRANCH_USER;
		EXPECT_ERR(kbpf_perf_event_open(&attr, 0, -1, -1, 0),
			   bit >= max || (mask & PERF_SAMPLE_BRANCH_PLM_ALL) ?
			   EINVAL : EOPNOTSUPP);
	}
	EXPECT_DONE();
}

/*
 * Each read_format bit alone: past PERF_FORMAT_LOST EINVAL (every mix
 * below it: tp_attack2_read_formats).
 */
TEST(tp_sample_read_format_bits)
{
	unsigned int bit;

	for (bit = 0; bit < 64; bit++) {
		struct perf_event_attr attr = tp_attr();

		attr.read_format = 1ULL << bit;
		if (bit < 5)
			EXPECT_FD(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
		else
			EXPECT_ERR(kbpf_perf_event_open(&attr, 0, -1, -1, 0),
				   EINVAL);
	}
	EXPECT_DONE();
}

#define LOCKDOWN	"/sys/kernel/security/lockdown"

/* The lockdown LSM's level now, "none" where the kernel has no LSM. */
static const char *lockdown_read(void)
{
	static char line[128];
	char *open, *close;
	FILE *f = fopen(LOCKDOWN, "r");

	if (!f)
		return "none";
	ASSERT_TRUE(fgets(line, sizeof(line), f) != NULL);
	fclose(f);
	open = strchr(line, '[');
	close = open ? strchr(open, ']') : NULL;
	ASSERT_TRUE(close != NULL);
	*close = 0;
	return open + 1;
}

/*
 * The lockdown level (the debug kernel has no LSM: "none").
 * KBPF_TEST_LOCKDOWN=confidentiality raises it first: for a boot of its
 * own, as no level can be lowered again, nor set twice.
 */
static const char *lockdown_level(void)
{
	const char *set = getenv("KBPF_TEST_LOCKDOWN");
	FILE *f;

	if (access(LOCKDOWN, F_OK))
		mount("securityfs", "/sys/kernel/security", "securityfs", 0,
		      NULL);
	if (set && strcmp(lockdown_read(), set)) {
		f = fopen(LOCKDOWN, "w");
		ASSERT_TRUE(f != NULL);
		ASSERT_TRUE(fprintf(f, "%s", set) > 0);
		ASSERT_EQ(fclose(f), 0);
	}
	return lockdown_read();
}

/*
 * Registers sampled at an interrupt: refused (EPERM) under lockdown's
 * confidentiality level, after the privileges and before the cgroup's
 * pid, the fd and the task; a bad mask is perf_copy_attr()'s EINVAL
 * first. Other sample types are not affected.
 */
TEST(tp_sample_regs_intr_lockdown)
{
	const char *level = lockdown_level();
	bool locked = !strcmp(level, "confidentiality");
	struct perf_event_attr attr = tp_attr();

	printf("# lockdown: %s\n", level);
	attr.sample_type = PERF_SAMPLE_REGS_INTR;
	EXPECT_ERR(kbpf_perf_event_open(&attr, NO_PID, 0, -1, 0), EINVAL);
	attr.sample_regs_intr = 1ULL << PERF_REG_X86_SP;
	EXPECT_ERR(kbpf_perf_event_open(&attr, NO_PID, 0, -1, 0),
		   locked ? EPERM : ESRCH);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1,
					PERF_FLAG_PID_CGROUP),
		   locked ? EPERM : EINVAL);
	if (locked)
		EXPECT_ERR(kbpf_perf_event_open(&attr, 0, -1, -1, 0), EPERM);
	else
		EXPECT_FD(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
	attr.sample_type = PERF_SAMPLE_REGS_USER;
	attr.sample_regs_user = 1ULL << PERF_REG_X86_AX;
	EXPECT_FD(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
	EXPECT_DONE();
}

/*
 * Counts the runs of this tgid at key 0's value { tgid, count }; returns
 * 1, so that Linux counts the hit in the event too.
 */
static int load_tgid_counter(int map)
{
	const struct kbpf_insn insns[] = {
		THIS_TGID_VALUE(map),
		KBPF_MOV64_IMM(R1, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R8, R1, 8),
		KBPF_MOV64_IMM(R0, 1),
		KBPF_EXIT_INSN(),
	};

	return LOAD_PROG(KBPF_PROG_TYPE_TRACEPOINT, insns, 0);
}

/* Every register x86-64's perf samples from user space. */
static __u64 all_user_regs(void)
{
	__u64 mask = (1ULL << PERF_REG_X86_64_MAX) - 1;

	return mask & ~(1ULL << PERF_REG_X86_DS | 1ULL << PERF_REG_X86_ES |
			1ULL << PERF_REG_X86_FS | 1ULL << PERF_REG_X86_GS);
}

/*
 * A counting event with every sample type Linux takes there, each field
 * at its edge (a user stack just under 64 KiB, every user register, the
 * deepest callchain allowed), and a program on it: the program runs once
 * a hit and the event counts each, as with no sample type. kbpf's
 * program runs from counters of its own that sample PERF_SAMPLE_RAW
 * alone, never from a sample of this event, which takes none.
 */
TEST(tp_sample_every_type_then_fire)
{
	long max = read_sysctl("/proc/sys/kernel/perf_event_max_stack");
	struct perf_event_attr attr = tp_attr();
	struct { __u64 tgid, count; } seen = { .tgid = getpid() };
	int map, prog, pfd;
	unsigned int bit;
	__u32 key = 0;
	__u64 count;

	for (bit = 0; bit < 25; bit++)
		if (!sample_bit_errno(bit) && 1ULL << bit != PERF_SAMPLE_WEIGHT)
			attr.sample_type |= 1ULL << bit;
	attr.sample_regs_user = all_user_regs();
	attr.sample_regs_intr = all_user_regs();
	attr.sample_stack_user = 0xffff & ~7;
	attr.sample_max_stack = max;
	map = ASSERT_OK(kbpf_array_create(sizeof(seen), 1));
	ASSERT_OK(kbpf_map_update(map, &key, &seen, 0));
	prog = load_tgid_counter(map);
	pfd = ASSERT_OK(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
	ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog));
	tp_signal_self(50);
	ASSERT_OK(kbpf_map_lookup(map, &key, &seen, 0));
	ASSERT_EQ(seen.count, 50);
	ASSERT_EQ(read(pfd, &count, sizeof(count)), sizeof(count));
	ASSERT_EQ(count, 50);
	close(pfd);
	close(prog);
	close(map);
}
