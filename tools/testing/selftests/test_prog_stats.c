// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_ENABLE_STATS: runs are counted and timed only while a stats fd is
 * open, and program info reports them.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "kbpf_prog.h"
#include "tp_event.h"

#ifndef CAP_BPF
#define CAP_BPF		39
#endif

static int enable_stats(__u32 type)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.enable_stats.type = type;
	return kbpf_sys(KBPF_ENABLE_STATS, &attr, sizeof(attr));
}

TEST(prog_stats_run_cnt)
{
	static const struct kbpf_insn insns[] = {
		KBPF_RET_IMM(0),
	};
	struct kbpf_prog_info info;
	int prog = LOAD_RAW_TP(insns), stats;

	RUN_PROG(prog, NULL, 0);
	kbpf_prog_info(prog, &info);
	ASSERT_EQ(info.run_cnt, 0);

	stats = ASSERT_OK(enable_stats(KBPF_STATS_RUN_TIME));
	ASSERT_EQ(fcntl(stats, F_GETFD), FD_CLOEXEC);
	RUN_PROG(prog, NULL, 0);
	RUN_PROG(prog, NULL, 0);
	RUN_PROG(prog, NULL, 0);
	kbpf_prog_info(prog, &info);
	ASSERT_EQ(info.run_cnt, 3);
	ASSERT_TRUE(info.run_time_ns > 0);

	/* Closing the last stats fd stops the counting. */
	ASSERT_OK(close(stats));
	RUN_PROG(prog, NULL, 0);
	kbpf_prog_info(prog, &info);
	ASSERT_EQ(info.run_cnt, 3);
}

/*
 * Runs from hooks are counted and timed too: a raw tracepoint link on
 * sys_enter and a program on a signal_generate perf event, whose runs
 * take kbpf's path for hooks with preemption off (no migrate pair).
 * Other processes' events count as well: at least the test's own.
 */
TEST(prog_stats_hook_runs)
{
	static const struct kbpf_insn insns[] = {
		KBPF_RET_IMM(0),
	};
	struct perf_event_attr attr = tp_attr();
	struct kbpf_prog_info info;
	int raw, tp, link, pfd, stats, i;

	if (kbpf_get_target() == KBPF_TARGET_KBPF &&
	    access("/sys/kernel/btf/vmlinux", R_OK))
		SKIP("no /sys/kernel/btf/vmlinux: kbpf refuses every raw_tp");
	raw = LOAD_RAW_TP(insns);
	tp = LOAD_PROG(KBPF_PROG_TYPE_TRACEPOINT, insns, 0);
	link = ASSERT_OK(kbpf_raw_tracepoint_open("sys_enter", raw));
	pfd = ASSERT_OK(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
	ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, tp));

	stats = ASSERT_OK(enable_stats(KBPF_STATS_RUN_TIME));
	for (i = 0; i < 20; i++)
		syscall(SYS_getppid);
	tp_signal_self(20);
	ASSERT_OK(close(stats));
	kbpf_prog_info(raw, &info);
	ASSERT_GE(info.run_cnt, 20);
	ASSERT_TRUE(info.run_time_ns > 0);
	kbpf_prog_info(tp, &info);
	ASSERT_GE(info.run_cnt, 20);
	ASSERT_TRUE(info.run_time_ns > 0);
	close(pfd);
	close(link);
	close(tp);
	close(raw);
}

TEST(prog_stats_errnos)
{
	union kbpf_attr attr;

	ASSERT_ERRNO(enable_stats(KBPF_STATS_RUN_TIME + 1), EINVAL);
	/* A non-zero byte past enable_stats.type */
	memset(&attr, 0, sizeof(attr));
	attr.enable_stats.type = KBPF_STATS_RUN_TIME;
	((char *)&attr)[sizeof(attr.enable_stats)] = 1;
	ASSERT_ERRNO(kbpf_sys(KBPF_ENABLE_STATS, &attr, sizeof(attr)), EINVAL);
	/* CAP_SYS_ADMIN only (CAP_BPF is not enough). */
	kbpf_caps_keep(1ULL << CAP_BPF);
	ASSERT_ERRNO(enable_stats(KBPF_STATS_RUN_TIME), EPERM);
}

/*
 * strncmp() and snprintf() read their constant strings from a frozen
 * BPF_F_RDONLY_PROG array, through a direct value load.
 */
static int const_str_map(const char *str, __u32 size)
{
	int map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, size, 1,
					 KBPF_F_RDONLY_PROG));
	char value[64] = "";
	__u32 key = 0;

	strncpy(value, str, sizeof(value) - 1);
	ASSERT_OK(kbpf_map_update(map, &key, value, KBPF_ANY));
	ASSERT_OK(kbpf_map_freeze(map));
	return map;
}

TEST(prog_strncmp_const_str)
{
	int map = const_str_map("kbpf", 8);
	/* buf = "kbpe" on the stack; return strncmp(buf, 4, "kbpf") */
	const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_W, R10, -8, 0x6570626b),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
		KBPF_MOV64_IMM(R2, 4),
		KBPF_LD_MAP_VALUE(R3, map, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_strncmp),
		KBPF_EXIT_INSN(),
	};

	/* 'e' - 'f' */
	ASSERT_EQ((int)RUN_PROG(LOAD_RAW_TP(insns), NULL, 0), -1);
}

TEST(prog_snprintf_const_fmt)
{
	int map = const_str_map("v=%d", 8);
	/*
	 * args[0] = 7 at fp-8; out at fp-24 (16 bytes);
	 * r0 = snprintf(out, 16, fmt, args, 8); return r0 * 256 + out[2]
	 */
	const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_DW, R10, -8, 7),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -24),
		KBPF_MOV64_IMM(R2, 16),
		KBPF_LD_MAP_VALUE(R3, map, 0),
		KBPF_MOV64_REG(R4, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R4, -8),
		KBPF_MOV64_IMM(R5, 8),
		KBPF_CALL_HELPER(KBPF_FUNC_snprintf),
		KBPF_ALU64_IMM(KBPF_LSH, R0, 8),
		KBPF_LDX_MEM(KBPF_B, R1, R10, -22),
		KBPF_ALU64_REG(KBPF_OR, R0, R1),
		KBPF_EXIT_INSN(),
	};

	/* "v=7" is 3 characters: snprintf returns 4 (with the NUL). */
	ASSERT_EQ(RUN_PROG(LOAD_RAW_TP(insns), NULL, 0), 4 * 256 + '7');
}
