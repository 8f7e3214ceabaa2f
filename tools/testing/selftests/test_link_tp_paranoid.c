// SPDX-License-Identifier: GPL-2.0
/*
 * Who may open a tracepoint perf event, at each kernel.perf_event_paranoid
 * level, as an unprivileged user (nobody) holding no capability,
 * CAP_PERFMON, or CAP_SYS_ADMIN. Linux 6.12 as Debian ships it:
 *   3: CAP_SYS_ADMIN only (Debian's default);
 *   2: a kernel-counting event (exclude_kernel clear) needs CAP_PERFMON;
 *   1: so does a CPU-wide event (pid -1);
 *   0 and -1: a counting event of one's own process needs nothing.
 * A task event of another user's process needs ptrace access, or
 * CAP_PERFMON.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/perf_event.h>

#include "kbpf_prog.h"

#define PARANOID	"/proc/sys/kernel/perf_event_paranoid"
#define NOBODY		65534

enum who { NONE, PERFMON, SYS_ADMIN };

static const char *const who_name[] = { "no capability", "CAP_PERFMON",
					"CAP_SYS_ADMIN" };

static int paranoid_get(void)
{
	FILE *f = fopen(PARANOID, "r");
	int level;

	if (!f)
		SKIP("no %s", PARANOID);
	ASSERT_EQ(fscanf(f, "%d", &level), 1);
	fclose(f);
	return level;
}

static void paranoid_set(int level)
{
	FILE *f = fopen(PARANOID, "w");

	ASSERT_TRUE(f);
	ASSERT_TRUE(fprintf(f, "%d", level) > 0);
	ASSERT_EQ(fclose(f), 0);
}

/* Linux's answer for one open (see the top of this file). */
static int expected(int level, enum who who, bool kernel, bool cpu_wide,
		    bool other_task)
{
	if (level > 2 && who != SYS_ADMIN)
		return EACCES;
	if (who != NONE)
		return 0;
	if (kernel && level > 1)
		return EACCES;
	if (other_task)
		return EACCES;
	if (cpu_wide && level > 0)
		return EACCES;
	return 0;
}

/* As nobody with @who's capability, every shape of open; 0 if all as Linux. */
static int try_as(int level, enum who who, __u64 config)
{
	static const __u64 caps[] = {
		0, KBPF_CAP(CAP_PERFMON), KBPF_CAP(CAP_SYS_ADMIN),
	};
	int bad = 0, kernel, shape, want, fd;

	ASSERT_OK(prctl(PR_SET_KEEPCAPS, 1));
	ASSERT_OK(setresgid(NOBODY, NOBODY, NOBODY));
	ASSERT_OK(setresuid(NOBODY, NOBODY, NOBODY));
	kbpf_caps_keep(caps[who]);
	for (kernel = 0; kernel < 2; kernel++) {
		for (shape = 0; shape < 3; shape++) {
			struct perf_event_attr attr = {
				.type = PERF_TYPE_TRACEPOINT,
				.size = sizeof(attr),
				.config = config,
				.exclude_kernel = !kernel,
			};
			/* shape 0: own process; 1: CPU-wide; 2: init's. */
			int pid = shape == 0 ? 0 : shape == 1 ? -1 : 1;

			want = expected(level, who, kernel, shape == 1,
					shape == 2);
			fd = kbpf_perf_event_open(&attr, pid, shape == 1 ? 0 : -1,
						  -1, 0);
			if (fd >= 0)
				close(fd);
			if ((fd >= 0 && !want) || -fd == want)
				continue;
			printf("# level %d, %s, exclude_kernel %d, pid %d: %s, want %s\n",
			       level, who_name[who], !kernel, pid,
			       fd >= 0 ? "ok" : kbpf_errname(-fd),
			       want ? kbpf_errname(want) : "ok");
			bad++;
		}
	}
	return bad;
}

TEST(tp_paranoid_levels)
{
	int id = kbpf_tracepoint_id("signal", "signal_generate");
	int saved = paranoid_get(), level, who, pid, status, bad = 0;

	if (id < 0)
		SKIP("no tracefs ID for signal/signal_generate");
	printf("# perf_event_paranoid %d\n", saved);
	for (level = -1; level <= 3; level++) {
		paranoid_set(level);
		for (who = NONE; who <= SYS_ADMIN; who++) {
			pid = ASSERT_OK(fork());
			if (!pid)
				exit(try_as(level, who, id) ? 1 : 0);
			ASSERT_EQ(waitpid(pid, &status, 0), pid);
			bad += !WIFEXITED(status) || WEXITSTATUS(status);
		}
	}
	paranoid_set(saved);
	ASSERT_EQ(bad, 0);
}

/*
 * A caller's own mount namespace with its own perf_event_paranoid (a
 * tmpfs over /proc/sys/kernel saying -1) changes nothing: the kernel
 * reads its own sysctl, kbpf the one under init's root.
 */
TEST(tp_paranoid_forged_in_mount_ns)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
	};
	int id = kbpf_tracepoint_id("signal", "signal_generate");
	int saved = paranoid_get(), pid, status, fd;
	FILE *f;

	if (id < 0)
		SKIP("no tracefs ID for signal/signal_generate");
	attr.config = id;
	paranoid_set(2);
	pid = ASSERT_OK(fork());
	if (!pid) {
		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("tmpfs", "/proc/sys/kernel", "tmpfs", 0, NULL))
			_exit(2);
		f = fopen(PARANOID, "w");
		if (!f || fprintf(f, "-1\n") < 0 || fclose(f))
			_exit(3);
		if (prctl(PR_SET_KEEPCAPS, 1) || setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			_exit(4);
		kbpf_caps_keep(0);
		/* Level 2 as the kernel sees it: counting the kernel needs CAP_PERFMON. */
		fd = kbpf_perf_event_open(&attr, 0, -1, -1, 0);
		_exit(fd == -EACCES ? 0 : 5);
	}
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	paranoid_set(saved);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
}

/*
 * A CPU-wide event at level 1 without CAP_PERFMON: perf_allow_cpu()'s
 * EACCES comes from the event's context, after perf_event_alloc()'s AUX
 * checks and the clock's, so those errnos come first.
 */
TEST(tp_paranoid_cpu_wide_order)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.exclude_kernel = 1,
	};
	int id = kbpf_tracepoint_id("signal", "signal_generate");
	int saved = paranoid_get(), pid, status;

	if (id < 0)
		SKIP("no tracefs ID for signal/signal_generate");
	attr.config = id;
	paranoid_set(1);
	pid = ASSERT_OK(fork());
	if (!pid) {
		int bad = 0;

		if (prctl(PR_SET_KEEPCAPS, 1) ||
		    setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			_exit(2);
		kbpf_caps_keep(0);
		bad |= kbpf_perf_event_open(&attr, -1, 0, -1, 0) != -EACCES;
		attr.use_clockid = 1;
		attr.clockid = CLOCK_REALTIME;
		bad |= (kbpf_perf_event_open(&attr, -1, 0, -1, 0) != -EINVAL) << 1;
		attr.clockid = CLOCK_MONOTONIC;
		bad |= (kbpf_perf_event_open(&attr, -1, 0, -1, 0) != -EACCES) << 2;
		attr.use_clockid = 0;
		attr.aux_output = 1;
		bad |= (kbpf_perf_event_open(&attr, -1, 0, -1, 0) !=
			-EOPNOTSUPP) << 3;
		_exit(bad ? 10 + bad : 0);
	}
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	paranoid_set(saved);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
}
