// SPDX-License-Identifier: GPL-2.0
/*
 * A tail call that paths reach with different prog arrays, as Linux
 * 6.12's do_misc_fixups(): when one of the arrays was created without
 * CAP_PERFMON, Linux cannot mask the index against speculation by one
 * array's size and refuses the program ("tail_call abusing map_ptr",
 * -EINVAL), whatever the loader holds. One array on every path, or
 * arrays made with CAP_PERFMON, load. Socket filters: the type that may
 * tail call with CAP_BPF alone.
 */
#include <linux/capability.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kbpf_prog.h"

#define LOG_SIZE	65536

static char log_buf[LOG_SIZE];

static void need_net(void)
{
	if (access("/sys/class/net/lo", F_OK))
		SKIP("kernel without networking: no socket filters");
}

/* Effective @eff, permitted CAP_BPF and CAP_PERFMON: @eff may grow. */
static void caps_effective(__u64 eff)
{
	__u64 perm = KBPF_CAP(CAP_BPF) | KBPF_CAP(CAP_PERFMON);
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {
		{ .effective = (__u32)eff, .permitted = (__u32)perm },
		{ .effective = eff >> 32, .permitted = perm >> 32 },
	};

	if (syscall(SYS_capset, &hdr, data))
		FAIL("capset: %s", kbpf_errname(errno));
}

static int prog_array(void)
{
	return ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0));
}

/* tail_call(ctx, random ? @a : @b, 0); return 0 */
static int load_two_paths(int a, int b)
{
	const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_CALL_HELPER(KBPF_FUNC_get_prandom_u32),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 3),
		KBPF_LD_MAP_FD(R2, a),
		KBPF_JMP_A(2),
		KBPF_LD_MAP_FD(R2, b),
		KBPF_MOV64_REG(R1, R6),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_RET_IMM(0),
	};
	struct kbpf_load_opts opts = {
		.log_level = KBPF_LOG_LEVEL1,
		.log_buf = log_buf,
		.log_size = LOG_SIZE,
	};

	log_buf[0] = '\0';
	return kbpf_prog_load_opts(KBPF_PROG_TYPE_SOCKET_FILTER, insns,
				   ARRAY_SIZE(insns), &opts);
}

static void want_abuse(int a, int b)
{
	ASSERT_ERRNO(load_two_paths(a, b), EINVAL);
	if (!strstr(log_buf, "tail_call abusing map_ptr"))
		FAIL("log lacks \"tail_call abusing map_ptr\": %s", log_buf);
}

TEST(tail_call_two_arrays_bpf_maps_bpf_load)
{
	int a, b;

	need_net();
	kbpf_caps_keep(KBPF_CAP(CAP_BPF));
	a = prog_array();
	b = prog_array();
	want_abuse(a, b);
}

TEST(tail_call_two_arrays_bpf_maps_perfmon_load)
{
	int a, b;

	need_net();
	caps_effective(KBPF_CAP(CAP_BPF));
	a = prog_array();
	b = prog_array();
	caps_effective(KBPF_CAP(CAP_BPF) | KBPF_CAP(CAP_PERFMON));
	want_abuse(a, b);
}

TEST(tail_call_two_arrays_one_bpf_map)
{
	int a, b;

	need_net();
	a = prog_array();
	kbpf_caps_keep(KBPF_CAP(CAP_BPF));
	b = prog_array();
	want_abuse(a, b);
}

TEST(tail_call_two_arrays_perfmon_maps)
{
	int a, b;

	need_net();
	kbpf_caps_keep(KBPF_CAP(CAP_BPF) | KBPF_CAP(CAP_PERFMON));
	a = prog_array();
	b = prog_array();
	kbpf_caps_keep(KBPF_CAP(CAP_BPF));
	ASSERT_OK(load_two_paths(a, b));
}

TEST(tail_call_one_array_bpf_map)
{
	int a;

	need_net();
	kbpf_caps_keep(KBPF_CAP(CAP_BPF));
	a = prog_array();
	ASSERT_OK(load_two_paths(a, a));
}
