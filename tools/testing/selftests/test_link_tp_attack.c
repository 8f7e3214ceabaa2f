// SPDX-License-Identifier: GPL-2.0
/*
 * Attacks on the TRACEPOINT attach path (KBPF_IOC_PERF_EVENT_OPEN,
 * PERF_EVENT_IOC_SET_BPF/_QUERY_BPF, perf_event links), first written as
 * reproducers of kbpf's differences from Linux in an attack review. Each
 * test expects what Linux 6.12's perf_event_open(2) and bpf(2) do; the
 * EXPECT_* report every difference of a test before failing it, so one
 * run shows them all. Where kbpf differs on purpose the test says so.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/perf_event.h>

#include "tp_event.h"

/* 6.12 (from 6.12.117 at least) has aux_action where 6.1 has __reserved_3. */
static bool kernel_has_aux_action(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return false;
	return major > 6 || (major == 6 && minor >= 12);
}

/* perf_copy_attr()'s checks, which come before any other. */
TEST(tp_attack_open_attr_checks)
{
	struct perf_event_attr attr = tp_attr();
	long page = sysconf(_SC_PAGESIZE);
	char *big = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct perf_event_attr *a;

	ASSERT_TRUE(big != MAP_FAILED);
	/* reserved bits and fields */
	attr.__reserved_1 = 1;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr = tp_attr();
	attr.__reserved_2 = 1;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr = tp_attr();
	attr.__reserved_3 = 1U << 31;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	/* AUX on a PMU without it (6.12's aux_action is __reserved_3's start) */
	attr = tp_attr();
	attr.aux_output = 1;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EOPNOTSUPP);
	attr = tp_attr();
	attr.__reserved_3 = 1;		/* 6.12: aux_start_paused */
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0),
		   kernel_has_aux_action() ? EOPNOTSUPP : EINVAL);
	attr = tp_attr();
	attr.__reserved_3 = 2 | 4;	/* 6.12: aux_pause and aux_resume */
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr = tp_attr();
	attr.__reserved_3 = 2;		/* 6.12: aux_pause, no AUX event */
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr = tp_attr();
	attr.aux_sample_size = 4096;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr = tp_attr();
	attr.inherit_thread = 1;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr = tp_attr();
	attr.remove_on_exec = 1;
	attr.enable_on_exec = 1;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr = tp_attr();
	attr.sigtrap = 1;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr = tp_attr();
	attr.read_format = 1ULL << 40;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr = tp_attr();
	attr.sample_period = 1ULL << 63;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	/* a plain counting attr with harmless bits Linux takes */
	attr = tp_attr();
	attr.disabled = 1;
	attr.exclude_hv = 1;
	EXPECT_FD(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	attr = tp_attr();
	attr.read_format = PERF_FORMAT_ID;
	EXPECT_FD(kbpf_perf_event_open(&attr, -1, 0, -1, 0));

	/* sizes: 0 is VER0; below VER0, above a page: E2BIG, size back */
	attr = tp_attr();
	attr.size = 0;
	EXPECT_FD(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	attr.size = 1;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), E2BIG);
	ASSERT_GE(attr.size, sizeof(attr));
	a = (void *)big;
	*a = tp_attr();
	a->size = page + 1;
	EXPECT_ERR(kbpf_perf_event_open(a, -1, 0, -1, 0), E2BIG);
	ASSERT_GE(a->size, sizeof(attr));
	a->size = page;
	EXPECT_FD(kbpf_perf_event_open(a, -1, 0, -1, 0));
	big[page - 1] = 1;
	a->size = page;
	EXPECT_ERR(kbpf_perf_event_open(a, -1, 0, -1, 0), E2BIG);
	/* attr ending at an unmapped page */
	ASSERT_OK(munmap(big + page, page));
	a = (void *)(big + page - sizeof(attr));
	*a = tp_attr();
	a->size = sizeof(attr) + 8;
	EXPECT_ERR(kbpf_perf_event_open(a, -1, 0, -1, 0), EFAULT);
	EXPECT_ERR(kbpf_perf_event_open((void *)(big + page), -1, 0, -1, 0),
		   EFAULT);
	munmap(big, page);
	EXPECT_DONE();
}

TEST(tp_attack_open_target_checks)
{
	struct perf_event_attr attr = tp_attr();
	int devnull = open("/dev/null", O_RDONLY);

	EXPECT_FD(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
	EXPECT_FD(kbpf_perf_event_open(&attr, getpid(), -1, -1, 0));
	EXPECT_FD(kbpf_perf_event_open(&attr, -1, 1, -1, 0));
	EXPECT_FD(kbpf_perf_event_open(&attr, 1, 0, -1, 0));
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, -1, -1, 0), EINVAL);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 4096, -1, 0), EINVAL);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, -2, -1, 0), EINVAL);
	EXPECT_ERR(kbpf_perf_event_open(&attr, 0, 4096, -1, 0), EINVAL);
	EXPECT_ERR(kbpf_perf_event_open(&attr, 0x7fffffff, 0, -1, 0), ESRCH);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -2, 0, -1, 0), ESRCH);
	/* Linux looks up the task before it checks the CPU */
	EXPECT_ERR(kbpf_perf_event_open(&attr, 0x7fffffff, 4096, -1, 0),
		   ESRCH);
	/* group_fd: Linux's perf_fget_light() */
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, devnull, 0), EBADF);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -2, 0), EBADF);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, 1000, 0), EBADF);
	/* flags: the group flags are no-ops without a group */
	EXPECT_FD(kbpf_perf_event_open(&attr, -1, 0, -1,
				       PERF_FLAG_FD_NO_GROUP));
	EXPECT_FD(kbpf_perf_event_open(&attr, -1, 0, -1,
				       PERF_FLAG_FD_OUTPUT));
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1,
					PERF_FLAG_PID_CGROUP), EINVAL);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 1UL << 31),
		   EINVAL);
	/* type and config */
	attr.config = 0;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr.config = ~0ULL;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr = tp_attr();
	attr.config |= 1ULL << 32;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr = tp_attr();
	attr.type = 0x7fff;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), ENOENT);
	close(devnull);
	EXPECT_DONE();
}

/*
 * An offline CPU's ENODEV comes from the event's context: after AUX use,
 * the callchain's depth and the clock (perf_event_alloc(), then
 * perf_event_set_clock()), before the group and the AUX event.
 */
static void offline_cpu_order(void)
{
	struct perf_event_attr attr = tp_attr();
	int leader = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	FILE *f = fopen("/proc/sys/kernel/perf_event_max_stack", "r");
	int max = 0;

	ASSERT_TRUE(f != NULL);
	ASSERT_EQ(fscanf(f, "%d", &max), 1);
	fclose(f);
	attr.aux_output = 1;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 1, -1, 0), EOPNOTSUPP);
	attr = tp_attr();
	attr.__reserved_3 = 2 | 4;	/* 6.12: aux_pause and aux_resume */
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 1, -1, 0), EINVAL);
	attr = tp_attr();
	attr.__reserved_3 = 1;		/* 6.12: aux_start_paused */
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 1, -1, 0),
		   kernel_has_aux_action() ? EOPNOTSUPP : EINVAL);
	attr = tp_attr();
	attr.sample_type = PERF_SAMPLE_CALLCHAIN;
	attr.sample_max_stack = max + 1;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 1, -1, 0), EOVERFLOW);
	attr = tp_attr();
	attr.use_clockid = 1;
	attr.clockid = CLOCK_REALTIME;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 1, -1, 0), EINVAL);
	attr.clockid = CLOCK_MONOTONIC;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 1, -1, 0), ENODEV);
	/* after the context: the AUX event wanted, the group */
	attr = tp_attr();
	attr.aux_sample_size = 4096;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 1, -1, 0), ENODEV);
	attr = tp_attr();
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 1, leader, 0), ENODEV);
	close(leader);
}

/* The CPU only matters for a CPU-wide event: a task's may name an offline one. */
TEST(tp_attack_open_offline_cpu)
{
	struct perf_event_attr attr = tp_attr();
	FILE *f;

	f = fopen("/sys/devices/system/cpu/cpu1/online", "w");
	if (!f)
		SKIP("no cpu1 hotplug");
	ASSERT_TRUE(fprintf(f, "0") > 0);
	ASSERT_EQ(fclose(f), 0);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 1, -1, 0), ENODEV);
	EXPECT_FD(kbpf_perf_event_open(&attr, 0, 1, -1, 0));
	offline_cpu_order();
	f = fopen("/sys/devices/system/cpu/cpu1/online", "w");
	ASSERT_TRUE(fprintf(f, "1") > 0);
	ASSERT_EQ(fclose(f), 0);
	EXPECT_DONE();
}

/* Map @pages pages of @fd shared and unmap them: 0, or -1 and errno. */
static int try_mmap(int fd, int pages)
{
	long len = pages * sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		return -1;
	munmap(p, len);
	return 0;
}

/* What else a perf fd does. */
TEST(tp_attack_fd_other_ops)
{
	struct perf_event_attr attr = tp_attr();
	int pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	__u64 v[4];

	EXPECT_RES(read(pfd, v, sizeof(v)), 0, 0);
	EXPECT_RES(ioctl(pfd, PERF_EVENT_IOC_ID, v), 0, 0);
	EXPECT_RES(ioctl(pfd, PERF_EVENT_IOC_REFRESH, 1), -1, EINVAL);
	/* The whole argument is compared with -1: a 32-bit -1 is an fd. */
	EXPECT_RES(ioctl(pfd, PERF_EVENT_IOC_SET_OUTPUT, -1L), 0, 0);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_OUTPUT, 0xffffffffUL), EBADF);
	EXPECT_RES(ioctl(pfd, PERF_EVENT_IOC_SET_FILTER, "common_pid == 1"),
		   0, 0);
	EXPECT_RES(ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0), 0, 0);
	EXPECT_RES(ioctl(pfd, _IO('$', 0x7f), 0), -1, ENOTTY);
	/* kbpf's events have no ring buffer: EPERM, on purpose (README). */
	if (kbpf_target_linux())
		EXPECT_OK(try_mmap(pfd, 2));
	else
		EXPECT_ERR(try_mmap(pfd, 2), EPERM);
	close(pfd);
	EXPECT_DONE();
}

/* The count of a task event, read as Linux lays it out. */
static __u64 read_count(int pfd)
{
	__u64 v = ~0ULL;

	ASSERT_EQ(read(pfd, &v, sizeof(v)), sizeof(v));
	return v;
}

/*
 * A counting event of the caller counts its own hits; reset, disable and
 * enable act on that count; every read_format lays out as Linux's.
 */
TEST(tp_attack_fd_counting)
{
	struct perf_event_attr attr = tp_attr();
	long page = sysconf(_SC_PAGESIZE);
	__u64 v[8], id = 0;
	int pfd, pfd2;

	attr.disabled = 1;
	pfd = ASSERT_OK(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
	tp_signal_self(3);
	ASSERT_EQ(read_count(pfd), 0);
	ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0));
	tp_signal_self(5);
	ASSERT_EQ(read_count(pfd), 5);
	ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_DISABLE, 0));
	tp_signal_self(2);
	ASSERT_EQ(read_count(pfd), 5);
	ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_RESET, 0));
	ASSERT_EQ(read_count(pfd), 0);
	ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0));
	tp_signal_self(4);
	ASSERT_EQ(read_count(pfd), 4);
	/* Short, unmapped and read-only buffers. */
	ASSERT_ERRNO(read(pfd, v, 7), ENOSPC);
	ASSERT_ERRNO(read(pfd, (void *)(page * 3), 8), EFAULT);
	ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_ID, &id));
	ASSERT_NE(id, 0);
	ASSERT_ERRNO(ioctl(pfd, PERF_EVENT_IOC_ID, NULL), EFAULT);

	/* Every field: value, enabled, running, id, lost. */
	attr = tp_attr();
	attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
			   PERF_FORMAT_TOTAL_TIME_RUNNING | PERF_FORMAT_ID |
			   PERF_FORMAT_LOST;
	pfd2 = ASSERT_OK(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
	tp_signal_self(6);
	ASSERT_ERRNO(read(pfd2, v, 39), ENOSPC);
	ASSERT_EQ(read(pfd2, v, sizeof(v)), 40);
	ASSERT_OK(ioctl(pfd2, PERF_EVENT_IOC_ID, &id));
	ASSERT_EQ(v[0], 6);
	ASSERT_GT(v[1], 0);
	ASSERT_GE(v[1], v[2]);
	ASSERT_EQ(v[3], id);
	ASSERT_EQ(v[4], 0);
	close(pfd2);

	/* A group of one: nr, enabled, value, id. */
	attr = tp_attr();
	attr.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID |
			   PERF_FORMAT_TOTAL_TIME_ENABLED;
	pfd2 = ASSERT_OK(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
	tp_signal_self(2);
	ASSERT_ERRNO(read(pfd2, v, 31), ENOSPC);
	ASSERT_EQ(read(pfd2, v, sizeof(v)), 32);
	ASSERT_OK(ioctl(pfd2, PERF_EVENT_IOC_ID, &id));
	ASSERT_EQ(v[0], 1);
	ASSERT_GT(v[1], 0);
	ASSERT_EQ(v[2], 2);
	ASSERT_EQ(v[3], id);
	close(pfd2);
	close(pfd);
}

/* The ioctls that need a sampling event or a ring buffer. */
TEST(tp_attack_fd_sampling_ioctls)
{
	struct perf_event_attr attr = tp_attr(), mod = tp_attr();
	int pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	int pfd2 = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	int devnull = open("/dev/null", O_RDONLY);
	__u64 period = 1;

	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_PERIOD, &period), EINVAL);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_PERIOD, NULL), EFAULT);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_REFRESH, 0), EINVAL);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_PAUSE_OUTPUT, 1), EINVAL);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_OUTPUT, pfd), EINVAL);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_OUTPUT, pfd2), EINVAL);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_OUTPUT, devnull), EBADF);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_OUTPUT, 1000), EBADF);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_FILTER, NULL), EFAULT);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_MODIFY_ATTRIBUTES, &mod),
		   EOPNOTSUPP);
	mod.type = PERF_TYPE_SOFTWARE;
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_MODIFY_ATTRIBUTES, &mod), EINVAL);
	mod = tp_attr();
	mod.__reserved_2 = 1;
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_MODIFY_ATTRIBUTES, &mod), EINVAL);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_MODIFY_ATTRIBUTES, NULL), EFAULT);
	close(devnull);
	close(pfd2);
	close(pfd);
	EXPECT_DONE();
}

/*
 * A perf event as group_fd: without a group (PERF_FLAG_FD_NO_GROUP) it
 * changes nothing; output to it (no ring buffer) is EINVAL on both.
 * Grouping under it is Linux's and not kbpf's (README).
 */
TEST(tp_attack_group_fd)
{
	struct perf_event_attr attr = tp_attr();
	int leader = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));

	EXPECT_FD(kbpf_perf_event_open(&attr, -1, 0, leader,
				       PERF_FLAG_FD_NO_GROUP));
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, leader,
					PERF_FLAG_FD_OUTPUT), EINVAL);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, leader,
					PERF_FLAG_FD_OUTPUT |
					PERF_FLAG_FD_NO_GROUP), EINVAL);
	/* The fd's errno comes before the task's and the event's. */
	EXPECT_ERR(kbpf_perf_event_open(&attr, 0x7fffffff, 0, 1000, 0),
		   EBADF);
	attr.type = 0x7fff;
	EXPECT_ERR(kbpf_perf_event_open(&attr, 0x7fffffff, 0, -1, 0), ESRCH);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, leader,
					PERF_FLAG_FD_NO_GROUP), ENOENT);
	attr = tp_attr();
	if (kbpf_target_linux())
		EXPECT_FD(kbpf_perf_event_open(&attr, -1, 0, leader, 0));
	else
		EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, leader, 0),
			   EINVAL);
	/* The clock: only the NMI-safe ones for the tracepoint PMU. */
	attr.use_clockid = 1;
	attr.clockid = CLOCK_MONOTONIC_RAW;
	EXPECT_FD(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	attr.clockid = CLOCK_REALTIME;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	attr.clockid = 99;
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
	close(leader);
	EXPECT_DONE();
}

TEST(tp_attack_set_bpf_hostile)
{
	struct perf_event_attr attr = tp_attr();
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn cfu[] = {
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_copy_from_user),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	int pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	int pfd2 = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	int tp = tp_ret0_prog(), tp2 = tp_ret0_prog();
	int kp = LOAD_PROG(KBPF_PROG_TYPE_KPROBE, ret0, 0);
	int sf = LOAD_PROG(KBPF_PROG_TYPE_SOCKET_FILTER, ret0, 0);
	int map = ASSERT_OK(kbpf_map_create(KBPF_MAP_TYPE_ARRAY, NULL, 4, 8,
					    1, NULL));
	int devnull = open("/dev/null", O_RDONLY);
	KBPF_OPTS(kbpf_link_create_opts, opts);
	int fd;

	EXPECT_ERR(kbpf_prog_load_flags(KBPF_PROG_TYPE_TRACEPOINT, cfu,
					ARRAY_SIZE(cfu), 0), EINVAL);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, -1), EBADF);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, devnull), EINVAL);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, map), EINVAL);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, pfd2), EINVAL);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, kp), EINVAL);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, sf), EINVAL);
	/* the upper half of arg is dropped (bpf_prog_get(u32)) */
	EXPECT_OK(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, (1UL << 32) | tp));
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, tp), EEXIST);
	EXPECT_ERR(kbpf_link_create(tp, pfd, KBPF_PERF_EVENT, &opts), EEXIST);
	/* link targets */
	EXPECT_ERR(kbpf_link_create(tp, -1, KBPF_PERF_EVENT, &opts), EBADF);
	EXPECT_ERR(kbpf_link_create(tp, devnull, KBPF_PERF_EVENT, &opts),
		   EBADF);
	EXPECT_ERR(kbpf_link_create(tp, map, KBPF_PERF_EVENT, &opts), EBADF);
	EXPECT_ERR(kbpf_link_create(tp, 999, KBPF_PERF_EVENT, &opts), EBADF);
	EXPECT_ERR(kbpf_link_create(kp, pfd2, KBPF_PERF_EVENT, &opts), EINVAL);
	/* tp is on the tracepoint already (pfd): another program */
	fd = ASSERT_OK(kbpf_link_create(tp2, pfd2, KBPF_PERF_EVENT, &opts));
	EXPECT_ERR(kbpf_link_create(tp2, fd, KBPF_PERF_EVENT, &opts), EBADF);
	EXPECT_ERR(ioctl(pfd2, PERF_EVENT_IOC_SET_BPF, tp2), EEXIST);
	EXPECT_ERR(kbpf_link_detach(fd), EOPNOTSUPP);
	/* the link holds the event: close it first */
	close(pfd2);
	signal(SIGUSR1, SIG_IGN);
	kill(getpid(), SIGUSR1);
	close(fd);
	close(pfd);
	close(devnull);
	close(map);
	close(sf);
	close(kp);
	close(tp2);
	close(tp);
	EXPECT_DONE();
}

/* 64 programs per tracepoint, QUERY_BPF with hostile buffers. */
TEST(tp_attack_max_progs_and_query)
{
	struct perf_event_attr attr = tp_attr();
	struct {
		struct perf_event_query_bpf q;
		__u32 ids[70];
	} query;
	long page = sysconf(_SC_PAGESIZE);
	char *ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	struct perf_event_query_bpf *uq;
	int pfd[66], tp[65], i;

	for (i = 0; i < 66; i++)
		pfd[i] = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1,
							0));
	for (i = 0; i < 65; i++)
		tp[i] = tp_ret0_prog();
	for (i = 0; i < 64; i++)
		EXPECT_OK(ioctl(pfd[i], PERF_EVENT_IOC_SET_BPF, tp[i]));
	EXPECT_ERR(ioctl(pfd[64], PERF_EVENT_IOC_SET_BPF, tp[64]), E2BIG);
	memset(&query, 0, sizeof(query));
	query.q.ids_len = 64;
	EXPECT_OK(ioctl(pfd[65], PERF_EVENT_IOC_QUERY_BPF, &query));
	EXPECT_RES(query.q.prog_cnt == 64 ? 0 : -1, 0, 0);
	query.q.ids_len = 65;
	EXPECT_ERR(ioctl(pfd[65], PERF_EVENT_IOC_QUERY_BPF, &query), E2BIG);
	query.q.ids_len = 0;
	EXPECT_OK(ioctl(pfd[65], PERF_EVENT_IOC_QUERY_BPF, &query));
	query.q.ids_len = 3;
	EXPECT_ERR(ioctl(pfd[65], PERF_EVENT_IOC_QUERY_BPF, &query), ENOSPC);
	/* a read-only query: prog_cnt cannot be written */
	uq = (void *)ro;
	EXPECT_ERR(ioctl(pfd[65], PERF_EVENT_IOC_QUERY_BPF, uq), EFAULT);
	/* ids right at the end of the mapping */
	uq = (void *)(ro + page - sizeof(*uq));
	EXPECT_ERR(ioctl(pfd[65], PERF_EVENT_IOC_QUERY_BPF, uq), EFAULT);
	EXPECT_ERR(ioctl(pfd[65], PERF_EVENT_IOC_QUERY_BPF, (void *)-4096L),
		   EFAULT);
	signal(SIGUSR1, SIG_IGN);
	for (i = 0; i < 10; i++)
		kill(getpid(), SIGUSR1);
	for (i = 0; i < 66; i++)
		close(pfd[i]);
	for (i = 0; i < 65; i++)
		close(tp[i]);
	munmap(ro, page);
	EXPECT_DONE();
}

/* The error paths: no fd left for the event, or for the link. */
TEST(tp_attack_emfile)
{
	struct perf_event_attr attr = tp_attr();
	struct rlimit rl;
	int tp = tp_ret0_prog(), pfd, fd, i, last = -1;
	KBPF_OPTS(kbpf_link_create_opts, opts);

	pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	ASSERT_OK(getrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_cur = 64;
	ASSERT_OK(setrlimit(RLIMIT_NOFILE, &rl));
	for (i = 0; i < 64; i++) {
		fd = dup(0);
		if (fd < 0)
			break;
		last = fd;
	}
	ASSERT_TRUE(last > 0);
	for (i = 0; i < 20; i++) {
		EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EMFILE);
		EXPECT_ERR(kbpf_link_create(tp, pfd, KBPF_PERF_EVENT, &opts),
			   EMFILE);
	}
	close(last);
	fd = ASSERT_OK(kbpf_link_create(tp, pfd, KBPF_PERF_EVENT, &opts));
	close(fd);
	EXPECT_OK(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, tp));
	close(pfd);
	close(tp);
	EXPECT_DONE();
}

static volatile int stop;
static int race_pfd_num;

static void *firer(void *arg)
{
	(void)arg;
	while (!stop)
		kill(getpid(), SIGUSR1);
	return NULL;
}

/* Whether @s seconds have passed since @t0: bounds a race under TCG. */
static bool past_deadline(const struct timespec *t0, int s)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec - t0->tv_sec >= s;
}

static void *closer(void *arg)
{
	(void)arg;
	while (!stop) {
		close(race_pfd_num);
		sched_yield();
	}
	return NULL;
}

/*
 * SET_BPF, LINK_CREATE and QUERY_BPF on an fd another thread closes,
 * while the tracepoint fires.
 */
TEST(tp_attack_race_close)
{
	struct perf_event_attr attr = tp_attr();
	pthread_t t1, t2;
	int tp = tp_ret0_prog(), i, fd, pfd;
	struct perf_event_query_bpf q = {};
	KBPF_OPTS(kbpf_link_create_opts, opts);
	struct timespec t0;

	signal(SIGUSR1, SIG_IGN);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	race_pfd_num = pfd;
	close(pfd);
	ASSERT_OK(pthread_create(&t1, NULL, firer, NULL));
	ASSERT_OK(pthread_create(&t2, NULL, closer, NULL));
	for (i = 0; i < 150 && !past_deadline(&t0, 10); i++) {
		pfd = kbpf_perf_event_open(&attr, -1, i & 1, -1, 0);
		if (pfd < 0)
			continue;
		if (i % 3 == 0) {
			ioctl(pfd, PERF_EVENT_IOC_SET_BPF, tp);
		} else if (i % 3 == 1) {
			fd = kbpf_link_create(tp, pfd, KBPF_PERF_EVENT, &opts);
			if (fd >= 0 && fd != race_pfd_num)
				close(fd);
		} else {
			ioctl(pfd, PERF_EVENT_IOC_QUERY_BPF, &q);
		}
		if (pfd != race_pfd_num)
			close(pfd);
	}
	printf("# %d rounds\n", i);
	stop = 1;
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	close(tp);
}

/* Open/attach/close churn, for kmemleak; the link kept pinned at the end. */
TEST(tp_attack_churn_and_pinned_link)
{
	struct perf_event_attr attr = tp_attr();
	int tp = tp_ret0_prog(), i, pfd, fd;
	char path[256];
	KBPF_OPTS(kbpf_link_create_opts, opts);
	struct timespec t0;

	signal(SIGUSR1, SIG_IGN);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 200 && !past_deadline(&t0, 15); i++) {
		pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
		if (i & 1) {
			ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, tp));
		} else {
			fd = ASSERT_OK(kbpf_link_create(tp, pfd,
							KBPF_PERF_EVENT,
							&opts));
			close(fd);
		}
		kill(getpid(), SIGUSR1);
		close(pfd);
	}
	printf("# %d rounds\n", i);
	pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	fd = ASSERT_OK(kbpf_link_create(tp, pfd, KBPF_PERF_EVENT, &opts));
	snprintf(path, sizeof(path), "%s/atp_link", kbpf_pin_root());
	unlink(path);
	ASSERT_OK(kbpf_obj_pin(fd, path));
	close(fd);
	close(pfd);
	close(tp);
	kill(getpid(), SIGUSR1);
	/*
	 * Unpinned, or against Linux its ret0 program on signal_generate
	 * would drop every later hit before perf (and kbpf) sees it.
	 */
	ASSERT_OK(unlink(path));
}

#define CPU1_ONLINE	"/sys/devices/system/cpu/cpu1/online"

static void cpu1_online(int on)
{
	int fd = open(CPU1_ONLINE, O_WRONLY);

	if (fd >= 0) {
		if (write(fd, on ? "1" : "0", 1) < 0 && on)
			printf("# cpu1 online: %s\n", strerror(errno));
		close(fd);
	}
}

static void *hotplugger(void *arg)
{
	int n = 0;

	(void)arg;
	while (!stop)
		cpu1_online(n++ & 1);
	cpu1_online(1);
	return NULL;
}

/*
 * Events made, attached, read and closed on CPU 1 while it goes offline
 * and online without pause and the tracepoint fires: a CPU-wide event
 * on it may be -ENODEV, nothing else fails, and nothing splats.
 *
 * kbpf only: against Linux's bpf(2) a 6.12 guest hung here (hung-task
 * reports: a perf link's release waiting in synchronize_rcu_tasks_trace()
 * from perf_event_detach_bpf_prog(), the grace period waiting for
 * cpus_read_lock(), the CPU going down waiting for a mutex in
 * perf_event_exit_cpu_context(), an attach waiting in
 * perf_event_attach_bpf_prog()). The four make a cycle inside Linux
 * 6.12 alone: SET_BPF holds the CPU context's mutex (perf_ioctl()) and
 * waits for bpf_event_mutex; the detach holds that across
 * synchronize_rcu_tasks_trace(); the grace period needs
 * cpus_read_lock(); cpu_down() holds the hotplug lock and waits for the
 * context's mutex in perf_event_exit_cpu_context(). kbpf's module is not
 * on that path, and its Linux side passed 6 times out of 6 both with
 * kbpf not loaded and loaded but idle: the window is narrow.
 */
TEST_KBPF_ONLY(tp_attack_hotplug_during_attach)
{
	struct perf_event_attr attr = tp_attr();
	int tp = tp_ret0_prog(), i, pfd, fd, pid, cpu, nodev = 0;
	KBPF_OPTS(kbpf_link_create_opts, opts);
	struct timespec t0;
	pthread_t t1, t2;
	__u64 v;

	if (access(CPU1_ONLINE, W_OK))
		SKIP("no cpu1 hotplug");
	signal(SIGUSR1, SIG_IGN);
	stop = 0;
	ASSERT_OK(pthread_create(&t1, NULL, firer, NULL));
	ASSERT_OK(pthread_create(&t2, NULL, hotplugger, NULL));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 150 && !past_deadline(&t0, 10); i++) {
		pid = i % 3 == 1 ? 0 : -1;
		cpu = i % 3 == 2 ? 0 : 1;
		pfd = kbpf_perf_event_open(&attr, pid, cpu, -1, 0);
		if (pfd == -ENODEV && pid == -1 && cpu == 1) {
			nodev++;
			continue;
		}
		EXPECT_RES(pfd, 0, 0);
		if (pfd < 0)
			continue;
		if (i & 1) {
			EXPECT_OK(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, tp));
		} else {
			fd = kbpf_link_create(tp, pfd, KBPF_PERF_EVENT, &opts);
			EXPECT_RES(fd, 0, 0);
			if (fd >= 0)
				close(fd);
		}
		EXPECT_RES(read(pfd, &v, sizeof(v)), 0, 0);
		close(pfd);
	}
	stop = 1;
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("# %d rounds, %d opens on offline cpu1: ENODEV\n", i, nodev);
	close(tp);
	EXPECT_DONE();
}

/*
 * A task event on a child that signals itself three times and exits:
 * the count stays readable after the task is gone, and the event closes
 * cleanly after it.
 */
TEST(tp_attack_task_event_exit)
{
	struct perf_event_attr attr = tp_attr();
	int go[2], pid, pfd, status;
	char c = 0;
	__u64 v = 0;

	ASSERT_OK(pipe(go));
	pid = tp_fork_firer(go[0], 3);
	pfd = ASSERT_OK(kbpf_perf_event_open(&attr, pid, -1, -1, 0));
	ASSERT_EQ(write(go[1], &c, 1), 1);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	ASSERT_EQ(read(pfd, &v, sizeof(v)), sizeof(v));
	ASSERT_EQ(v, 3);
	/* The task is reaped: its pid names nothing. */
	ASSERT_ERRNO(kbpf_perf_event_open(&attr, pid, -1, -1, 0), ESRCH);
	close(pfd);
	close(go[0]);
	close(go[1]);
}
