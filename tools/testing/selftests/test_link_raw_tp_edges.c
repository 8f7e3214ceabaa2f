// SPDX-License-Identifier: GPL-2.0
/*
 * Raw tracepoint attach at its edges, as a hostile caller would try it:
 * ctx reads at and past the last argument in every width, names that are
 * odd (long, unterminated, unmapped, an event class's), link info into
 * tiny, huge and unmapped buffers, one cookie per link, recursion through
 * a nested page fault, many links on one tracepoint, a pinned link
 * holding a module, and module unload racing with attach. Linux 6.12's
 * answer is every expectation.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kbpf_prog.h"

static void need_btf(void)
{
	if (kbpf_get_target() == KBPF_TARGET_KBPF &&
	    access("/sys/kernel/btf/vmlinux", R_OK))
		SKIP("no /sys/kernel/btf/vmlinux: kbpf refuses every attach");
}

static int load_raw_tp(const struct kbpf_insn *insns, __u32 cnt)
{
	struct kbpf_load_opts opts = {};

	return __kbpf_load_ok(KBPF_FILE, __LINE__,
			      KBPF_PROG_TYPE_RAW_TRACEPOINT, insns, cnt, &opts);
}

/* A program of one ctx load of @size at @off. */
static int load_ctx_read(__u8 size, __s16 off)
{
	const struct kbpf_insn insns[] = {
		KBPF_LDX_MEM(size, R0, R1, off),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};

	return load_raw_tp(insns, ARRAY_SIZE(insns));
}

static int load_ctx_read_fails(__u8 size, __s16 off)
{
	const struct kbpf_insn insns[] = {
		KBPF_LDX_MEM(size, R0, R1, off),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};

	return kbpf_prog_load_flags(KBPF_PROG_TYPE_RAW_TRACEPOINT, insns,
				    ARRAY_SIZE(insns), 0);
}

/*
 * sys_enter(struct pt_regs *regs, long id): 16 bytes of ctx. The last
 * byte of each width inside them attaches; one byte further does not.
 * Negative, unaligned and variable offsets never load.
 */
TEST(raw_tp_edge_ctx_bounds)
{
	static const __u8 sizes[] = { KBPF_B, KBPF_H, KBPF_W, KBPF_DW };
	static const __u8 bytes[] = { 1, 2, 4, 8 };
	const struct kbpf_insn var_off[] = {
		KBPF_CALL_HELPER(KBPF_FUNC_get_prandom_u32),
		KBPF_ALU64_IMM(KBPF_AND, R0, 8),
		KBPF_ALU64_REG(KBPF_ADD, R1, R0),
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 0),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	/* The read past the arguments is in a subprogram. */
	const struct kbpf_insn sub_past[] = {
		KBPF_CALL_REL(2),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 16),
		KBPF_EXIT_INSN(),
	};
	int prog, link, fd;
	unsigned int i;

	need_btf();
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		prog = load_ctx_read(sizes[i], 16 - bytes[i]);
		link = ASSERT_OK(kbpf_raw_tracepoint_open("sys_enter", prog));
		close(link);
		close(prog);
		prog = load_ctx_read(sizes[i], 16);
		ASSERT_ERRNO(kbpf_raw_tracepoint_open("sys_enter", prog),
			     EINVAL);
		close(prog);
		ASSERT_ERRNO(load_ctx_read_fails(sizes[i], -(int)bytes[i]),
			     EACCES);
		if (bytes[i] > 1)
			ASSERT_ERRNO(load_ctx_read_fails(sizes[i], 1), EACCES);
	}
	/* The largest offset a ctx read may have, and one past. */
	prog = load_ctx_read(KBPF_DW, 88);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("sys_enter", prog), EINVAL);
	close(prog);
	ASSERT_ERRNO(load_ctx_read_fails(KBPF_DW, 96), EACCES);
	ASSERT_ERRNO(kbpf_prog_load_flags(KBPF_PROG_TYPE_RAW_TRACEPOINT,
					  var_off, ARRAY_SIZE(var_off), 0),
		     EACCES);
	prog = load_raw_tp(sub_past, ARRAY_SIZE(sub_past));
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("sys_enter", prog), EINVAL);
	close(prog);
	fd = load_ctx_read(KBPF_B, 0);
	close(fd);
}

/* Two pages, the second unmapped: its first byte faults. */
static char *page_before_hole(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_TRUE(p != MAP_FAILED);
	ASSERT_OK(munmap(p + pg, pg));
	return p;
}

TEST(raw_tp_edge_odd_names)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	long pg = sysconf(_SC_PAGESIZE);
	int prog = LOAD_RAW_TP(ret0);
	char *page = page_before_hole();
	char longname[300];

	ASSERT_ERRNO(kbpf_raw_tracepoint_open(NULL, prog), EFAULT);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open(page + pg, prog), EFAULT);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("", prog), ENOENT);
	/* An event class, not a tracepoint; the BTF typedef's name. */
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("sched_wakeup_template", prog),
		     ENOENT);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("btf_trace_sys_enter", prog),
		     ENOENT);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("SYS_ENTER", prog), ENOENT);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("sys_enter ", prog), ENOENT);
	/* Cut to 127 bytes, which name nothing. */
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	memcpy(longname, "sys_enter", 9);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open(longname, prog), ENOENT);
	/* 127 bytes without a NUL that end at a hole: read, never past. */
	memset(page + pg - 127, 'b', 127);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open(page + pg - 127, prog), ENOENT);
	/* A tracepoint's name whose NUL would be in the hole. */
	memcpy(page + pg - 9, "sys_enter", 9);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open(page + pg - 9, prog), EFAULT);
	close(prog);
}

TEST(raw_tp_edge_link_info_buffers)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	long pg = sysconf(_SC_PAGESIZE);
	char *page = page_before_hole();
	struct kbpf_link_info info;
	int prog, link;
	__u32 len;

	need_btf();
	prog = LOAD_RAW_TP(ret0);
	link = ASSERT_OK(kbpf_raw_tracepoint_open("sys_enter", prog));

	/* One byte: the NUL alone, and ENOSPC. */
	memset(&info, 0, sizeof(info));
	page[0] = 'x';
	info.raw_tracepoint.tp_name = (__u64)(unsigned long)page;
	info.raw_tracepoint.tp_name_len = 1;
	len = sizeof(info);
	ASSERT_ERRNO(kbpf_obj_info(link, &info, &len), ENOSPC);
	ASSERT_EQ(page[0], 0);

	/* A huge length: only the name and its NUL are written. */
	memset(&info, 0, sizeof(info));
	info.raw_tracepoint.tp_name =
		(__u64)(unsigned long)(page + pg - sizeof("sys_enter"));
	info.raw_tracepoint.tp_name_len = 0xffffffff;
	len = sizeof(info);
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	ASSERT_STREQ(page + pg - sizeof("sys_enter"), "sys_enter");
	ASSERT_EQ(info.raw_tracepoint.tp_name_len, sizeof("sys_enter"));

	/* Room claimed that is not mapped. */
	memset(&info, 0, sizeof(info));
	info.raw_tracepoint.tp_name = (__u64)(unsigned long)(page + pg);
	info.raw_tracepoint.tp_name_len = 16;
	len = sizeof(info);
	ASSERT_ERRNO(kbpf_obj_info(link, &info, &len), EFAULT);

	/* The info itself cut short: only its start comes back. */
	memset(&info, 0, sizeof(info));
	len = 8;
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	ASSERT_EQ(len, 8);
	ASSERT_EQ(info.type, KBPF_LINK_TYPE_RAW_TRACEPOINT);
	ASSERT_EQ(info.prog_id, 0);
	close(link);
	close(prog);
}

/*
 * Sum the attach cookie of every run of this tgid into key 0 of @map;
 * key 1 holds the tgid.
 */
static int load_cookie_summer(int map)
{
	const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_CALL_HELPER(KBPF_FUNC_get_current_pid_tgid),
		KBPF_ALU64_IMM(KBPF_RSH, R0, 32),
		KBPF_MOV64_REG(R7, R0),
		KBPF_ST_MEM(KBPF_W, R10, -4, 1),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 13),
		KBPF_LDX_MEM(KBPF_DW, R1, R0, 0),
		KBPF_JMP_REG(KBPF_JNE, R1, R7, 11),
		KBPF_MOV64_REG(R1, R6),
		KBPF_CALL_HELPER(KBPF_FUNC_get_attach_cookie),
		KBPF_MOV64_REG(R8, R0),
		KBPF_ST_MEM(KBPF_W, R10, -4, 0),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R0, R8, 0),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};

	return load_raw_tp(insns, ARRAY_SIZE(insns));
}

static int tgid_map(void)
{
	int map = ASSERT_OK(kbpf_array_create(sizeof(__u64), 2));
	__u64 tgid = getpid();
	__u32 key = 1;

	ASSERT_OK(kbpf_map_update(map, &key, &tgid, 0));
	return map;
}

static __u64 map_sum(int map)
{
	__u64 v = 0;
	__u32 key = 0;

	ASSERT_OK(kbpf_map_lookup(map, &key, &v, 0));
	return v;
}

static void call_getppid(int n)
{
	int i;

	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
}

static void map_zero(int map)
{
	__u64 zero = 0;
	__u32 key = 0;

	ASSERT_OK(kbpf_map_update(map, &key, &zero, 0));
}

/*
 * One program, three links on sys_enter with three cookies (one with its
 * top bit set): each run sees its own link's. Each system call of this
 * process from the zeroing update on adds their sum, the lookup's own
 * included. Then 300 links at once: all of them run, and none after
 * they are closed.
 */
TEST(raw_tp_edge_cookies_and_many_links)
{
	static const __u64 cookies[] = { 1, 1000, 1ULL << 63 };
	int map, prog, links[300], i;

	need_btf();
	map = tgid_map();
	prog = load_cookie_summer(map);
	for (i = 0; i < 3; i++) {
		KBPF_OPTS(kbpf_raw_tp_opts, o, .tp_name = "sys_enter",
			  .cookie = cookies[i]);

		links[i] = ASSERT_OK(kbpf_raw_tracepoint_open_opts(prog, &o));
	}
	map_zero(map);
	call_getppid(10);
	ASSERT_EQ(map_sum(map), 11 * (1 + 1000) + (1ULL << 63));
	for (i = 0; i < 3; i++)
		close(links[i]);

	for (i = 0; i < 300; i++) {
		KBPF_OPTS(kbpf_raw_tp_opts, o, .tp_name = "sys_enter",
			  .cookie = 1);

		links[i] = ASSERT_OK(kbpf_raw_tracepoint_open_opts(prog, &o));
	}
	map_zero(map);
	call_getppid(10);
	ASSERT_EQ(map_sum(map), 11 * 300);
	for (i = 0; i < 300; i++)
		close(links[i]);
	map_zero(map);
	call_getppid(10);
	ASSERT_EQ(map_sum(map), 0);
	close(prog);
	close(map);
}

/*
 * page_fault_kernel(address, regs, error_code): a program on it that
 * reads a user address in a hole faults again inside its own run; the
 * nested run is skipped and counted in recursion_misses, on both. The
 * outer faults are the kernel's reads of an untouched page of this
 * process (write(2) from it).
 */
TEST(raw_tp_edge_recursion_through_page_fault)
{
	char *hole = page_before_hole() + sysconf(_SC_PAGESIZE);
	int map = tgid_map(), prog, link, pipefd[2];
	struct kbpf_prog_info pinfo;
	__u64 runs;
	char *fresh;
	const struct kbpf_insn insns[] = {
		KBPF_CALL_HELPER(KBPF_FUNC_get_current_pid_tgid),
		KBPF_ALU64_IMM(KBPF_RSH, R0, 32),
		KBPF_MOV64_REG(R7, R0),
		KBPF_ST_MEM(KBPF_W, R10, -4, 1),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 17),
		KBPF_LDX_MEM(KBPF_DW, R1, R0, 0),
		KBPF_JMP_REG(KBPF_JNE, R1, R7, 15),
		KBPF_ST_MEM(KBPF_W, R10, -4, 0),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 8),
		KBPF_MOV64_IMM(R1, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R0, R1, 0),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -16),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_LD_IMM64(R3, (__u64)(unsigned long)hole),
		KBPF_CALL_HELPER(KBPF_FUNC_probe_read_user),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};

	need_btf();
	prog = load_raw_tp(insns, ARRAY_SIZE(insns));
	fresh = mmap(NULL, 4 * sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(fresh != MAP_FAILED);
	ASSERT_OK(pipe(pipefd));
	link = ASSERT_OK(kbpf_raw_tracepoint_open("page_fault_kernel", prog));
	ASSERT_EQ(write(pipefd[1], fresh, 1), 1);
	ASSERT_EQ(write(pipefd[1], fresh + 2 * sysconf(_SC_PAGESIZE), 1), 1);
	close(link);
	runs = map_sum(map);
	kbpf_prog_info(prog, &pinfo);
	ASSERT_GE(runs, 1);
	ASSERT_GE(pinfo.recursion_misses, runs);
	close(pipefd[0]);
	close(pipefd[1]);
	close(prog);
	close(map);
}

/*
 * lock_acquire (kernels with lockdep only: elsewhere there is no such
 * tracepoint): every lock taken on the way into a run, and by the
 * program's hash map update, hits the tracepoint again inside the run;
 * each nested run is a recursion miss, and nothing recurses further.
 */
TEST(raw_tp_edge_recursion_lock_acquire)
{
	int map, prog, link;
	struct kbpf_prog_info pinfo;
	const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_W, R10, -4, 0),
		KBPF_ST_MEM(KBPF_DW, R10, -16, 1),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -16),
		KBPF_LD_MAP_FD(R1, 0),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_insn prog_insns[ARRAY_SIZE(insns)];

	need_btf();
	map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 4, 0));
	memcpy(prog_insns, insns, sizeof(insns));
	prog_insns[6].imm = map;
	prog = load_raw_tp(prog_insns, ARRAY_SIZE(prog_insns));
	link = kbpf_raw_tracepoint_open("lock_acquire", prog);
	if (link < 0 && errno == ENOENT)
		SKIP("no lock_acquire tracepoint (a kernel without lockdep)");
	ASSERT_OK(link);
	call_getppid(100);
	close(link);
	kbpf_prog_info(prog, &pinfo);
	ASSERT_GT(pinfo.recursion_misses, 0);
	close(prog);
	close(map);
}

#define TP_MOD		"kbpf_tp_test"
#define TP_MOD_KO	"/root/" TP_MOD ".ko"
#define TP_MOD_TP	"kbpf_tp_test_widths"

static bool tp_mod_load(void)
{
	int fd = open(TP_MOD_KO, O_RDONLY | O_CLOEXEC);
	int err;

	if (fd < 0)
		return false;
	err = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	return !err || errno == EEXIST;
}

static int tp_mod_unload(void)
{
	return syscall(SYS_delete_module, TP_MOD, O_NONBLOCK);
}

static void need_tp_mod(void)
{
	need_btf();
	tp_mod_unload();
	if (!tp_mod_load())
		SKIP("no loadable %s for this kernel", TP_MOD_KO);
	if (kbpf_get_target() == KBPF_TARGET_KBPF &&
	    access("/sys/kernel/btf/" TP_MOD, R_OK)) {
		tp_mod_unload();
		SKIP("no /sys/kernel/btf/%s: kbpf refuses the attach", TP_MOD);
	}
}

/*
 * A pinned link holds the module when no fd is left; unpinned, the link
 * goes (later: both free it from a work item) and the module with it.
 */
TEST(raw_tp_edge_pinned_link_holds_module)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	char path[128];
	int prog, link, i;

	need_tp_mod();
	snprintf(path, sizeof(path), "%s/raw_tp_edge_pinned", kbpf_pin_root());
	unlink(path);
	prog = LOAD_RAW_TP(ret0);
	link = ASSERT_OK(kbpf_raw_tracepoint_open(TP_MOD_TP, prog));
	ASSERT_OK(kbpf_obj_pin(link, path));
	close(link);
	close(prog);
	ASSERT_ERRNO(tp_mod_unload(), EWOULDBLOCK);
	ASSERT_OK(unlink(path));
	for (i = 0; i < 500 && tp_mod_unload(); i++) {
		ASSERT_EQ(errno, EWOULDBLOCK);
		usleep(10000);
	}
	ASSERT_LT(i, 500);
}

/*
 * One process loads and unloads the module over and over while this one
 * attaches to its tracepoint and detaches: every attach finds the
 * tracepoint or not (kbpf may also refuse while the module is coming and
 * its BTF not yet in sysfs), and an attached one blocks the unload.
 */
TEST(raw_tp_edge_rmmod_races_attach)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	int prog, link, status, ok = 0, i;
	pid_t child;

	need_tp_mod();
	prog = LOAD_RAW_TP(ret0);
	child = fork();
	ASSERT_TRUE(child >= 0);
	if (!child) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (i = 0; i <= 10; i++) {
			while (tp_mod_unload()) {
				if (errno != EWOULDBLOCK)
					_exit(1);
				usleep(1000);
			}
			if (i < 10 && !tp_mod_load())
				_exit(2);
		}
		_exit(0);
	}
	while (waitpid(child, &status, WNOHANG) == 0) {
		link = kbpf_raw_tracepoint_open(TP_MOD_TP, prog);
		if (link >= 0) {
			ok++;
			close(link);
			/* Let the unload find no link now and then. */
			usleep(2000);
		} else if (errno != ENOENT &&
			   (errno != EOPNOTSUPP ||
			    kbpf_get_target() != KBPF_TARGET_KBPF)) {
			FAIL("attach: %s", kbpf_errname(errno));
		}
	}
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
	kbpf_diag("%d attaches succeeded", ok);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open(TP_MOD_TP, prog), ENOENT);
	close(prog);
}

#define TP_MOD_ODD_TP	"kbpf_tp_test_odd"
#define TP_MOD_ODD_FIRE	"/sys/module/" TP_MOD "/parameters/fire_odd"
#define TP_MOD_ODD_N	0x0dd0dd0dd0ULL

/* Copy ctx[0..3] of runs whose ctx[3] is TP_MOD_ODD_N to key 0's value. */
static int load_odd_recorder(int map)
{
	const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_LDX_MEM(KBPF_DW, R7, R6, 24),
		KBPF_LD_IMM64(R1, TP_MOD_ODD_N),
		KBPF_JMP_REG(KBPF_JNE, R7, R1, 14),
		KBPF_ST_MEM(KBPF_W, R10, -4, 0),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 7),
		KBPF_LDX_MEM(KBPF_DW, R1, R6, 0),
		KBPF_STX_MEM(KBPF_DW, R0, R1, 0),
		KBPF_LDX_MEM(KBPF_DW, R1, R6, 8),
		KBPF_STX_MEM(KBPF_DW, R0, R1, 8),
		KBPF_LDX_MEM(KBPF_DW, R1, R6, 16),
		KBPF_STX_MEM(KBPF_DW, R0, R1, 16),
		KBPF_STX_MEM(KBPF_DW, R0, R7, 24),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};

	return load_raw_tp(insns, ARRAY_SIZE(insns));
}

/*
 * A module tracepoint of odd argument types (void **, a one-byte enum,
 * const u16 *, __kernel_size_t): four arguments, the enum's one
 * byte zero-extended; a read of a fifth is refused.
 */
TEST(raw_tp_edge_module_odd_arg_types)
{
	__u64 seen[4] = { 0 };
	int map, prog, link;
	__u32 key = 0;
	FILE *f;

	need_tp_mod();
	map = ASSERT_OK(kbpf_array_create(sizeof(seen), 1));
	prog = load_odd_recorder(map);
	link = ASSERT_OK(kbpf_raw_tracepoint_open(TP_MOD_ODD_TP, prog));
	f = fopen(TP_MOD_ODD_FIRE, "w");
	ASSERT_TRUE(f);
	ASSERT_TRUE(fprintf(f, "%llu", TP_MOD_ODD_N) > 0);
	ASSERT_EQ(fclose(f), 0);
	ASSERT_OK(kbpf_map_lookup(map, &key, seen, 0));
	ASSERT_NE(seen[0], 0);
	ASSERT_EQ(seen[1], 0xab);
	ASSERT_NE(seen[2], 0);
	ASSERT_EQ(seen[3], TP_MOD_ODD_N);
	close(link);
	close(prog);
	prog = load_ctx_read(KBPF_B, 32);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open(TP_MOD_ODD_TP, prog), EINVAL);
	close(prog);
	close(map);
	ASSERT_OK(tp_mod_unload());
}
