// SPDX-License-Identifier: GPL-2.0
/*
 * Raw tracepoint links (RAW_TRACEPOINT_OPEN): the exact number of runs
 * on sys_enter and signal_generate, events the test makes itself,
 * arguments as the program sees them (narrow ones zero-extended),
 * cookies, link info and IDs, the attach errnos (ctx reads past the
 * arguments included), and detach while the tracepoint fires on both
 * CPUs.
 *
 * kbpf learns a tracepoint's arguments from the kernel's BTF: on a
 * kernel without it (the debug kernel) its attach is -EOPNOTSUPP, and
 * the tests that need a live attach are skipped there after checking so.
 *
 * The module tests load /root/kbpf_tp_test.ko (tools/testing/tpmod) when
 * it was built for the guest's kernel: a tracepoint of twelve arguments
 * of every width and sign, fired by writing its parameter.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kbpf_prog.h"
#include "tp_mod.h"

#define RECORDED_ARGS	12

/* The array value the program fills; key 0. */
struct tp_seen {
	__u64 tgid;		/* set by the test: whose events count */
	__u64 match;		/* set by the test: the value of ctx[arg] */
	__u64 count;
	__u64 cookie;
	__u64 args[RECORDED_ARGS];
};

static int seen_map(__u64 match)
{
	struct tp_seen seen = { .tgid = getpid(), .match = match };
	int map = ASSERT_OK(kbpf_array_create(sizeof(seen), 1));
	__u32 key = 0;

	ASSERT_OK(kbpf_map_update(map, &key, &seen, 0));
	return map;
}

static struct tp_seen read_seen(int map)
{
	struct tp_seen seen;
	__u32 key = 0;

	ASSERT_OK(kbpf_map_lookup(map, &key, &seen, 0));
	return seen;
}

/*
 * Count the events of this tgid whose ctx[@arg] is the map's match;
 * record the cookie and ctx[0] .. ctx[@nr - 1].
 */
static int load_recorder(int map, int arg, int nr)
{
	struct kbpf_insn insns[80];
	struct kbpf_load_opts opts = {};
	int n = 0, i, out;

#define EMIT(...)	(insns[n++] = (struct kbpf_insn)__VA_ARGS__)

	EMIT(KBPF_MOV64_REG(R6, R1));
	EMIT(KBPF_CALL_HELPER(KBPF_FUNC_get_current_pid_tgid));
	EMIT(KBPF_ALU64_IMM(KBPF_RSH, R0, 32));
	EMIT(KBPF_MOV64_REG(R7, R0));
	EMIT(KBPF_ST_MEM(KBPF_W, R10, -4, 0));
	EMIT(KBPF_MOV64_REG(R2, R10));
	EMIT(KBPF_ALU64_IMM(KBPF_ADD, R2, -4));
	{
		const struct kbpf_insn ld[] = { KBPF_LD_MAP_FD(R1, map) };

		memcpy(&insns[n], ld, sizeof(ld));
		n += ARRAY_SIZE(ld);
	}
	EMIT(KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
	out = n;
	EMIT(KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 0));
	EMIT(KBPF_MOV64_REG(R8, R0));
	EMIT(KBPF_LDX_MEM(KBPF_DW, R1, R8, 0));
	EMIT(KBPF_JMP_REG(KBPF_JNE, R1, R7, 0));
	EMIT(KBPF_LDX_MEM(KBPF_DW, R1, R8, 8));
	EMIT(KBPF_LDX_MEM(KBPF_DW, R2, R6, arg * 8));
	EMIT(KBPF_JMP_REG(KBPF_JNE, R1, R2, 0));
	EMIT(KBPF_MOV64_IMM(R1, 1));
	EMIT(KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R8, R1, 16));
	EMIT(KBPF_MOV64_REG(R1, R6));
	EMIT(KBPF_CALL_HELPER(KBPF_FUNC_get_attach_cookie));
	EMIT(KBPF_STX_MEM(KBPF_DW, R8, R0, 24));
	for (i = 0; i < nr; i++) {
		EMIT(KBPF_LDX_MEM(KBPF_DW, R1, R6, i * 8));
		EMIT(KBPF_STX_MEM(KBPF_DW, R8, R1, 32 + i * 8));
	}
	/* The three exits above jump here. */
	insns[out].off = n - out - 1;
	insns[out + 3].off = n - out - 4;
	insns[out + 6].off = n - out - 7;
	EMIT(KBPF_MOV64_IMM(R0, 0));
	EMIT(KBPF_EXIT_INSN());
#undef EMIT
	return __kbpf_load_ok(KBPF_FILE, __LINE__,
			      KBPF_PROG_TYPE_RAW_TRACEPOINT, insns, n, &opts);
}

static bool have_btf(void)
{
	return !access("/sys/kernel/btf/vmlinux", R_OK);
}

/*
 * Attach, or, on kbpf without the kernel's BTF, check the refusal and
 * skip the rest of the test.
 */
static int attach(int prog, const char *tp, __u64 cookie)
{
	KBPF_OPTS(kbpf_raw_tp_opts, opts, .tp_name = tp, .cookie = cookie);

	if (kbpf_get_target() == KBPF_TARGET_KBPF && !have_btf()) {
		ASSERT_ERRNO(kbpf_raw_tracepoint_open_opts(prog, &opts),
			     EOPNOTSUPP);
		SKIP("no /sys/kernel/btf/vmlinux: kbpf refuses the attach");
	}
	return ASSERT_OK(kbpf_raw_tracepoint_open_opts(prog, &opts));
}

static void call_getppid(int n)
{
	int i;

	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
}

TEST(raw_tp_sys_enter_exact_count_and_cookie)
{
	int map = seen_map(SYS_getppid);
	int prog = load_recorder(map, 1, 2);
	int link = attach(prog, "sys_enter", 0xfedcba9876543210ULL);
	struct tp_seen seen;

	call_getppid(1000);
	seen = read_seen(map);
	ASSERT_EQ(seen.count, 1000);
	ASSERT_EQ(seen.cookie, 0xfedcba9876543210ULL);
	ASSERT_EQ(seen.args[1], SYS_getppid);
	ASSERT_NE(seen.args[0], 0);	/* struct pt_regs * */

	/* Closed: detached at once, nothing more counts. */
	close(link);
	call_getppid(100);
	ASSERT_EQ(read_seen(map).count, 1000);
	close(prog);
	close(map);
}

/*
 * signal_generate(int sig, struct kernel_siginfo *info,
 * struct task_struct *task, int group, int result): the ints arrive
 * zero-extended, nothing of the registers' upper halves.
 */
TEST(raw_tp_narrow_args_zero_extended)
{
	int map = seen_map(SIGUSR1);
	int prog = load_recorder(map, 0, 5);
	int link = attach(prog, "signal_generate", 0);
	struct tp_seen seen;
	int i;

	signal(SIGUSR1, SIG_IGN);
	for (i = 0; i < 20; i++)
		kill(getpid(), SIGUSR1);
	seen = read_seen(map);
	ASSERT_EQ(seen.count, 20);
	ASSERT_EQ(seen.args[0], SIGUSR1);
	ASSERT_NE(seen.args[2], 0);
	ASSERT_EQ(seen.args[3], 1);	/* group: kill(2) signals the tgid */
	ASSERT_EQ(seen.args[4], 1);	/* TRACE_SIGNAL_IGNORED */
	ASSERT_EQ(seen.cookie, 0);
	close(link);
	close(prog);
	close(map);
}

TEST(raw_tp_open_errors)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	/* sys_enter has two arguments: ctx[2] is past them. */
	const struct kbpf_insn past[] = {
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 16),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	int prog = LOAD_RAW_TP(ret0);
	int far = LOAD_RAW_TP(past);
	int sys = LOAD_SYSCALL(ret0);
	union kbpf_attr attr;

	ASSERT_ERRNO(kbpf_raw_tracepoint_open("no_such_tracepoint_xyz", prog),
		     ENOENT);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open((const char *)8, prog), EFAULT);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("sys_enter", sys), EINVAL);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("sys_enter", -1), EBADF);
	if (kbpf_get_target() == KBPF_TARGET_LINUX || have_btf())
		ASSERT_ERRNO(kbpf_raw_tracepoint_open("sys_enter", far),
			     EINVAL);
	/* A byte past the cookie. */
	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.name = (__u64)(unsigned long)"sys_enter";
	attr.raw_tracepoint.prog_fd = prog;
	((char *)&attr.raw_tracepoint.cookie)[8] = 1;
	ASSERT_ERRNO(kbpf_sys(KBPF_RAW_TRACEPOINT_OPEN, &attr, sizeof(attr)),
		     EINVAL);
	/* LINK_CREATE's BPF_TRACE_RAW_TP is for BTF tracing programs. */
	ASSERT_ERRNO(kbpf_link_create(prog, 0, KBPF_TRACE_RAW_TP, NULL),
		     EINVAL);
	/* Linux refuses sleepable raw tracepoint programs at load. */
	ASSERT_ERRNO(kbpf_prog_load_flags(KBPF_PROG_TYPE_RAW_TRACEPOINT, ret0,
					  ARRAY_SIZE(ret0), KBPF_F_SLEEPABLE),
		     EINVAL);
	close(sys);
	close(far);
	close(prog);
}

TEST(raw_tp_link_info_and_ids)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	int prog = LOAD_RAW_TP(ret0);
	int link = attach(prog, "sys_enter", 5);
	struct kbpf_link_info info;
	struct kbpf_prog_info pinfo;
	__u32 len, id, next;
	char name[32];
	int fd;

	memset(&info, 0, sizeof(info));
	len = sizeof(info);
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	kbpf_prog_info(prog, &pinfo);
	ASSERT_EQ(info.type, KBPF_LINK_TYPE_RAW_TRACEPOINT);
	ASSERT_NE(info.id, 0);
	ASSERT_EQ(info.prog_id, pinfo.id);
	ASSERT_EQ(info.raw_tracepoint.tp_name_len, sizeof("sys_enter"));
	ASSERT_EQ(pinfo.recursion_misses, 0);

	/* A length without a buffer, and the reverse, are refused. */
	memset(&info, 0, sizeof(info));
	info.raw_tracepoint.tp_name_len = sizeof(name);
	len = sizeof(info);
	ASSERT_ERRNO(kbpf_obj_info(link, &info, &len), EINVAL);
	memset(&info, 0, sizeof(info));
	info.raw_tracepoint.tp_name = (__u64)(unsigned long)name;
	len = sizeof(info);
	ASSERT_ERRNO(kbpf_obj_info(link, &info, &len), EINVAL);

	/* Room for the name, then too little: truncated and ENOSPC. */
	memset(&info, 0, sizeof(info));
	info.raw_tracepoint.tp_name = (__u64)(unsigned long)name;
	info.raw_tracepoint.tp_name_len = sizeof(name);
	len = sizeof(info);
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	ASSERT_EQ(strcmp(name, "sys_enter"), 0);
	memset(name, 'x', sizeof(name));
	info.raw_tracepoint.tp_name_len = 4;
	ASSERT_ERRNO(kbpf_obj_info(link, &info, &len), ENOSPC);
	ASSERT_EQ(strcmp(name, "sys"), 0);

	/* The ID finds the link; a new fd keeps it attached. */
	id = info.id;
	next = 0;
	ASSERT_OK(kbpf_link_next_id(id - 1, &next));
	ASSERT_EQ(next, id);
	fd = ASSERT_OK(kbpf_link_fd_by_id(id));
	close(link);

	/* Detached by closing only. */
	ASSERT_ERRNO(kbpf_link_detach(fd), EOPNOTSUPP);
	close(fd);
	close(prog);
}

/*
 * Attach and detach over and over while both CPUs hit the tracepoint.
 * Two more links stay attached throughout: from two probes on, adding or
 * removing one patches no text (the static key stays on, the static call
 * on the iterator). Text patching in a loop can take a TCG guest down
 * with an unclaimed int3, whoever registers the probes (README,
 * link_stress).
 */
TEST(raw_tp_detach_while_firing)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	int map = seen_map(SYS_getppid);
	int prog = load_recorder(map, 1, 0);
	int idle = LOAD_RAW_TP(ret0);
	int keep = attach(idle, "sys_enter", 0);
	int keep2 = attach(idle, "sys_enter", 1);
	cpu_set_t set;
	pid_t child;
	int i, status;

	child = fork();
	ASSERT_TRUE(child >= 0);
	if (!child) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		CPU_ZERO(&set);
		CPU_SET(1, &set);
		sched_setaffinity(0, sizeof(set), &set);
		for (;;)
			syscall(SYS_getppid);
	}
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	for (i = 0; i < 100; i++) {
		int link = attach(prog, "sys_enter", i);

		call_getppid(10);
		close(link);
	}
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	/* The child's runs do not count: not the test's tgid. */
	ASSERT_EQ(read_seen(map).count, 1000);
	close(keep2);
	close(keep);
	close(idle);
	close(prog);
	close(map);
}


/*
 * A module's tracepoint: unknown before the module loads; once attached,
 * each of its twelve arguments arrives as its own bytes zero-extended
 * (the last seven from the stack), and the module cannot be unloaded.
 */
TEST(raw_tp_module_widths_and_rmmod)
{
	int map, prog, link;
	struct tp_seen seen;

	if (kbpf_get_target() == KBPF_TARGET_KBPF && !have_btf())
		SKIP("no /sys/kernel/btf/vmlinux: kbpf refuses the attach");
	tp_mod_unload();
	map = seen_map(TP_MOD_MAGIC);
	prog = load_recorder(map, 7, 12);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("kbpf_tp_test_widths", prog),
		     ENOENT);
	tp_mod_load();
	if (kbpf_get_target() == KBPF_TARGET_KBPF &&
	    access("/sys/kernel/btf/" TP_MOD, R_OK)) {
		/* Built without BTF (6.1's headers have no vmlinux). */
		ASSERT_ERRNO(kbpf_raw_tracepoint_open("kbpf_tp_test_widths",
						      prog), EOPNOTSUPP);
		ASSERT_OK(tp_mod_unload());
		SKIP("no /sys/kernel/btf/%s: kbpf refuses the attach", TP_MOD);
	}
	link = attach(prog, "kbpf_tp_test_widths", 42);
	tp_mod_fire(TP_MOD_MAGIC);
	tp_mod_fire(TP_MOD_MAGIC);
	tp_mod_fire(1);
	seen = read_seen(map);
	ASSERT_EQ(seen.count, 2);
	ASSERT_EQ(seen.cookie, 42);
	ASSERT_EQ(seen.args[0], 0xfe);			/* s8 -2 */
	ASSERT_EQ(seen.args[1], 0xfe);			/* u8 */
	ASSERT_EQ(seen.args[2], 0xfffd);		/* s16 -3 */
	ASSERT_EQ(seen.args[3], 0xfffd);		/* u16 */
	ASSERT_EQ(seen.args[4], 0xfffffffcULL);		/* s32 -4 */
	ASSERT_EQ(seen.args[5], 0xfffffffcULL);		/* u32 */
	ASSERT_EQ(seen.args[6], (__u64)-5LL);		/* s64 */
	ASSERT_EQ(seen.args[7], TP_MOD_MAGIC);		/* u64 */
	ASSERT_EQ(seen.args[8], 1);			/* bool */
	ASSERT_EQ(seen.args[9], 0xfffffffaULL);		/* enum, -6 */
	ASSERT_NE(seen.args[10], 0);			/* void * */
	ASSERT_EQ(seen.args[11], 0xfff9);		/* s16 -7 */

	/* Attached, the link holds the module. */
	ASSERT_ERRNO(tp_mod_unload(), EWOULDBLOCK);
	close(link);
	ASSERT_OK(tp_mod_unload());
	close(prog);
	close(map);
}
