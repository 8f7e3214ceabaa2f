// SPDX-License-Identifier: GPL-2.0
/*
 * kprobe_multi links: LINK_CREATE's checks, the exact number of runs of
 * a kprobe on a kernel function the test calls, a return probe seeing
 * the return value, bpf_get_func_ip() and bpf_get_attach_cookie(), link
 * info, IDs, LINK_DETACH, pinning, and detach on the last close.
 *
 * The probed function is the getppid(2) entry, filtered in the program
 * by the test's own tgid, so other tasks cannot disturb the count.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kbpf_prog.h"
#include "kprobe_prog.h"

#define PROBED_FUNC	"__x64_sys_getppid"

/* struct pt_regs on x86_64: where ax (return value) and di sit. */
#define PT_REGS_AX	80
#define PT_REGS_DI	112

/* The array value the program fills; key 0. */
struct probe_seen {
	__u64 tgid;		/* set by the test: whose calls count */
	__u64 count;
	__u64 func_ip;
	__u64 cookie;
	__u64 ax;
};

static int seen_map(void)
{
	struct probe_seen seen = { .tgid = getpid() };
	int map = ASSERT_OK(kbpf_array_create(sizeof(seen), 1));
	__u32 key = 0;

	ASSERT_OK(kbpf_map_update(map, &key, &seen, 0));
	return map;
}

static struct probe_seen read_seen(int map)
{
	struct probe_seen seen;
	__u32 key = 0;

	ASSERT_OK(kbpf_map_lookup(map, &key, &seen, 0));
	return seen;
}

/* Count this tgid's runs; record func_ip, cookie and ctx->ax. */
static int load_counter(int map, __u32 expected_attach_type, __u32 flags)
{
	const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_CALL_HELPER(KBPF_FUNC_get_current_pid_tgid),
		KBPF_ALU64_IMM(KBPF_RSH, R0, 32),
		KBPF_MOV64_REG(R7, R0),
		KBPF_ST_MEM(KBPF_W, R10, -4, 0),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 14),
		KBPF_MOV64_REG(R8, R0),
		KBPF_LDX_MEM(KBPF_DW, R1, R8, 0),
		KBPF_JMP_REG(KBPF_JNE, R1, R7, 11),
		KBPF_MOV64_IMM(R1, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R8, R1, 8),
		KBPF_MOV64_REG(R1, R6),
		KBPF_CALL_HELPER(KBPF_FUNC_get_func_ip),
		KBPF_STX_MEM(KBPF_DW, R8, R0, 16),
		KBPF_MOV64_REG(R1, R6),
		KBPF_CALL_HELPER(KBPF_FUNC_get_attach_cookie),
		KBPF_STX_MEM(KBPF_DW, R8, R0, 24),
		KBPF_LDX_MEM(KBPF_DW, R1, R6, PT_REGS_AX),
		KBPF_STX_MEM(KBPF_DW, R8, R1, 32),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_load_opts opts = {
		.expected_attach_type = expected_attach_type,
		.prog_flags = flags,
	};

	return LOAD_PROG_OPTS(KBPF_PROG_TYPE_KPROBE, insns, &opts);
}

static void call_getppid(int n)
{
	int i;

	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
}

TEST(link_kprobe_multi_exact_count)
{
	const char *syms[] = { PROBED_FUNC };
	const __u64 cookies[] = { 0x1234567890abcdefULL };
	int map = seen_map();
	int prog = load_counter(map, KBPF_TRACE_KPROBE_MULTI, 0);
	int link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, cookies,
						    1, 0));
	struct probe_seen seen;

	call_getppid(1000);
	seen = read_seen(map);
	ASSERT_EQ(seen.count, 1000);
	ASSERT_EQ(seen.func_ip, kprobe_ksym(PROBED_FUNC));
	ASSERT_EQ(seen.cookie, cookies[0]);

	/* Closed: detached at once, nothing more counts. */
	close(link);
	call_getppid(100);
	ASSERT_EQ(read_seen(map).count, 1000);
	close(prog);
	close(map);
}

TEST(link_kprobe_multi_return_sees_retval)
{
	const char *syms[] = { PROBED_FUNC };
	int map = seen_map();
	int prog = load_counter(map, KBPF_TRACE_KPROBE_MULTI, 0);
	int link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 1,
						    KBPF_F_KPROBE_MULTI_RETURN));
	struct probe_seen seen;

	call_getppid(50);
	seen = read_seen(map);
	ASSERT_EQ(seen.count, 50);
	ASSERT_EQ(seen.ax, getppid());
	ASSERT_EQ(seen.func_ip, kprobe_ksym(PROBED_FUNC));
	ASSERT_EQ(seen.cookie, 0);
	close(link);
	close(prog);
	close(map);
}

TEST(link_kprobe_multi_by_address)
{
	__u64 addrs[] = { kprobe_ksym(PROBED_FUNC) };
	int map = seen_map();
	int prog = load_counter(map, KBPF_TRACE_KPROBE_MULTI, 0);
	int link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, addrs, NULL, 1,
						    0));

	call_getppid(10);
	ASSERT_EQ(read_seen(map).count, 10);
	close(link);
	close(prog);
	close(map);
}

TEST(link_kprobe_multi_info_and_ids)
{
	const char *syms[] = { PROBED_FUNC };
	const __u64 cookies[] = { 77 };
	int map = seen_map();
	int prog = load_counter(map, KBPF_TRACE_KPROBE_MULTI, 0);
	int link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, cookies,
						    1, 0));
	struct kbpf_link_info info;
	struct kbpf_prog_info pinfo;
	__u64 addrs[2], ucookies[2];
	__u32 len = sizeof(info), id, next;
	int fd;

	memset(&info, 0, sizeof(info));
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	kbpf_prog_info(prog, &pinfo);
	ASSERT_EQ(info.type, KBPF_LINK_TYPE_KPROBE_MULTI);
	ASSERT_NE(info.id, 0);
	ASSERT_EQ(info.prog_id, pinfo.id);
	ASSERT_EQ(info.kprobe_multi.count, 1);
	ASSERT_EQ(info.kprobe_multi.flags, 0);

	/* The arrays: a count without addrs is refused, too small ENOSPC. */
	memset(&info, 0, sizeof(info));
	info.kprobe_multi.count = 1;
	len = sizeof(info);
	ASSERT_ERRNO(kbpf_obj_info(link, &info, &len), EINVAL);
	memset(&info, 0, sizeof(info));
	info.kprobe_multi.addrs = (__u64)(unsigned long)addrs;
	info.kprobe_multi.cookies = (__u64)(unsigned long)ucookies;
	info.kprobe_multi.count = 2;
	len = sizeof(info);
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	ASSERT_EQ(info.kprobe_multi.count, 1);
	ASSERT_EQ(addrs[0], kprobe_ksym(PROBED_FUNC));
	ASSERT_EQ(ucookies[0], 77);

	/* The ID finds the link; a new fd keeps it attached. */
	id = info.id;
	next = 0;
	ASSERT_OK(kbpf_link_next_id(id - 1, &next));
	ASSERT_EQ(next, id);
	fd = ASSERT_OK(kbpf_link_fd_by_id(id));
	close(link);
	call_getppid(5);
	ASSERT_EQ(read_seen(map).count, 5);

	/* These links are detached by closing them only. */
	ASSERT_ERRNO(kbpf_link_detach(fd), EOPNOTSUPP);
	ASSERT_ERRNO(kbpf_link_detach(prog), EINVAL);
	close(fd);
	ASSERT_ERRNO(kbpf_link_fd_by_id(id), ENOENT);
	close(prog);
	close(map);
}

/* The link info's addresses and cookies of a link on two functions. */
static void link_info_two(int link, __u64 *addrs, __u64 *cookies)
{
	struct kbpf_link_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	info.kprobe_multi.addrs = (__u64)(unsigned long)addrs;
	info.kprobe_multi.cookies = (__u64)(unsigned long)cookies;
	info.kprobe_multi.count = 2;
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	ASSERT_EQ(info.kprobe_multi.count, 2);
}

/*
 * The link info lists Linux's link->addrs: names as looked up, in
 * sorted order; with cookies, by address, each with its cookie;
 * addresses without cookies as given.
 */
TEST(link_kprobe_multi_info_order)
{
	/* given out of name order: getpid sorts before getppid */
	const char *syms[] = { PROBED_FUNC, "__x64_sys_getpid" };
	__u64 ppid = kprobe_ksym(PROBED_FUNC);
	__u64 pid = kprobe_ksym("__x64_sys_getpid");
	__u64 lo = ppid < pid ? ppid : pid, hi = ppid < pid ? pid : ppid;
	__u64 cookies[] = { 1, 2 }, addrs[2], got[2], got_cookies[2];
	int map = seen_map();
	int prog = load_counter(map, KBPF_TRACE_KPROBE_MULTI, 0);
	int link;

	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 2, 0));
	link_info_two(link, got, got_cookies);
	ASSERT_EQ(got[0], pid);
	ASSERT_EQ(got[1], ppid);
	ASSERT_EQ(got_cookies[0], 0);
	close(link);

	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, cookies, 2,
						0));
	link_info_two(link, got, got_cookies);
	ASSERT_EQ(got[0], lo);
	ASSERT_EQ(got[1], hi);
	ASSERT_EQ(got_cookies[0], lo == ppid ? 1 : 2);
	ASSERT_EQ(got_cookies[1], lo == ppid ? 2 : 1);
	close(link);

	addrs[0] = hi;
	addrs[1] = lo;
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, addrs, NULL, 2, 0));
	link_info_two(link, got, got_cookies);
	ASSERT_EQ(got[0], hi);
	ASSERT_EQ(got[1], lo);
	close(link);

	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, addrs, cookies, 2,
						0));
	link_info_two(link, got, got_cookies);
	ASSERT_EQ(got[0], lo);
	ASSERT_EQ(got[1], hi);
	ASSERT_EQ(got_cookies[0], 2);
	ASSERT_EQ(got_cookies[1], 1);
	close(link);
	close(prog);
	close(map);
}

TEST(link_kprobe_multi_pinned)
{
	const char *syms[] = { PROBED_FUNC };
	int map = seen_map();
	int prog = load_counter(map, KBPF_TRACE_KPROBE_MULTI, 0);
	int link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 1,
						    0));
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/kprobe_link_%d", kbpf_pin_root(),
		 getpid());
	ASSERT_OK(kbpf_obj_pin(link, path));
	close(link);
	close(prog);

	/* The pin alone keeps it attached. */
	call_getppid(7);
	ASSERT_EQ(read_seen(map).count, 7);
	ASSERT_ERRNO(kbpf_obj_get_flags(path, KBPF_F_RDONLY), EINVAL);
	fd = ASSERT_OK(kbpf_obj_get_flags(path, 0));
	ASSERT_ERRNO(open(path, O_RDONLY), EIO);
	close(fd);

	/* Unpinned: detached (the last put may be deferred). */
	ASSERT_OK(unlink(path));
	ASSERT_TRUE(KBPF_POLL(({
		__u64 before = read_seen(map).count;

		call_getppid(3);
		read_seen(map).count == before;
	}), 2000));
	close(map);
}

TEST(link_kprobe_multi_attr_errors)
{
	const char *syms[] = { PROBED_FUNC };
	const char *nosuch[] = { "kbpf_no_such_function_xyz" };
	const char *dup[] = { PROBED_FUNC, PROBED_FUNC };
	__u64 addrs[] = { 1 };
	union kbpf_attr attr;
	int map = seen_map();
	int prog = load_counter(map, KBPF_TRACE_KPROBE_MULTI, 0);
	int uprog = load_counter(map, KBPF_TRACE_UPROBE_MULTI, 0);
	int sprog = load_counter(map, KBPF_TRACE_KPROBE_MULTI,
				 KBPF_F_SLEEPABLE);

	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 1,
					    ~KBPF_F_KPROBE_MULTI_RETURN), EINVAL);
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, syms, addrs, NULL, 1, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, NULL, NULL, NULL, 1, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 0, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, syms, NULL, NULL,
					    (1U << 20) + 1, 0), E2BIG);
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, nosuch, NULL, NULL, 1, 0),
		     ESRCH);
	/* Each name must be found once. */
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, dup, NULL, NULL, 2, 0),
		     ESRCH);
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, (const char **)8, NULL,
					    NULL, 1, 0), EFAULT);
	/* A sleepable program never runs in a kprobe. */
	ASSERT_ERRNO(kbpf_link_kprobe_multi(sprog, syms, NULL, NULL, 1, 0),
		     EINVAL);
	/* The attach type must be the program's expected one. */
	ASSERT_ERRNO(kbpf_link_kprobe_multi(uprog, syms, NULL, NULL, 1, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_link_kprobe_multi(map, syms, NULL, NULL, 1, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_link_kprobe_multi(-1, syms, NULL, NULL, 1, 0),
		     EBADF);

	/* link_create.flags must be 0. */
	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = prog;
	attr.link_create.attach_type = KBPF_TRACE_KPROBE_MULTI;
	attr.link_create.flags = 1;
	attr.link_create.kprobe_multi.cnt = 1;
	attr.link_create.kprobe_multi.syms = (__u64)(unsigned long)syms;
	ASSERT_ERRNO(kbpf_sys(KBPF_LINK_CREATE, &attr, sizeof(attr)), EINVAL);

	close(sprog);
	close(uprog);
	close(prog);
	close(map);
}

/*
 * By address, Linux attaches through ftrace, which takes a function's
 * start, or any byte of its fentry call (ftrace_location()), as the
 * function's entry; any other address is -EINVAL, a whole instruction
 * or not. On a kernel built with IBT (Debian's 6.12 and the debug
 * kernel) ENDBR64 is at +0 and the 5-byte fentry call at +4; without it
 * (Debian's 6.1) the call is at +0.
 */
static unsigned int endbr_size(void)
{
	struct utsname u;
	int major, minor;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 4;
	return major > 6 || (major == 6 && minor >= 2) ? 4 : 0;
}

/* x86's fentry call: 5 bytes after the ENDBR64, where there is one. */
#define FENTRY_CALL_SIZE	5

/* The one address a kprobe_multi link's info reports. */
static __u64 link_info_addr(int link)
{
	struct kbpf_link_info info;
	__u32 len = sizeof(info);
	__u64 addr = 0;

	memset(&info, 0, sizeof(info));
	info.kprobe_multi.addrs = (__u64)(unsigned long)&addr;
	info.kprobe_multi.count = 1;
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	ASSERT_EQ(info.kprobe_multi.count, 1);
	return addr;
}

TEST(link_kprobe_multi_addr_inside_function)
{
	const unsigned int endbr = endbr_size();
	const unsigned int bad[] = { endbr ? 1 : 5, endbr ? 3 : 7, endbr + 5 };
	__u64 base = kprobe_ksym(PROBED_FUNC), addrs[1];
	const __u64 cookies[] = { 0x77 }, two_cookies[] = { 1, 2 };
	__u64 two[2];
	int map = seen_map();
	int prog = load_counter(map, KBPF_TRACE_KPROBE_MULTI, 0);
	unsigned int i;
	int link;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		addrs[0] = base + bad[i];
		ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, NULL, addrs, NULL, 1,
						    0), EINVAL);
		ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, NULL, addrs, NULL, 1,
						    KBPF_F_KPROBE_MULTI_RETURN),
			     EINVAL);
	}
	/*
	 * Inside the fentry call: the function's entry, whose start
	 * bpf_get_func_ip() gives; the link info has the address as given.
	 */
	addrs[0] = base + endbr + 2;
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, addrs, NULL, 1, 0));
	call_getppid(10);
	ASSERT_EQ(read_seen(map).count, 10);
	ASSERT_EQ(read_seen(map).func_ip, base);
	ASSERT_EQ(link_info_addr(link), base + endbr + 2);
	close(link);
	addrs[0] = base + endbr + FENTRY_CALL_SIZE - 1;
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, addrs, NULL, 1,
						KBPF_F_KPROBE_MULTI_RETURN));
	ASSERT_EQ(link_info_addr(link), addrs[0]);
	close(link);
	/*
	 * A cookie is found by the function's start among the addresses
	 * given (Linux's bsearch of the entry IP): none here, so 0.
	 */
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, addrs, cookies, 1,
						0));
	call_getppid(3);
	ASSERT_EQ(read_seen(map).count, 13);
	ASSERT_EQ(read_seen(map).cookie, 0);
	close(link);
	addrs[0] = base;
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, addrs, cookies, 1,
						0));
	call_getppid(1);
	ASSERT_EQ(read_seen(map).cookie, cookies[0]);
	close(link);
	/* The start and a byte of the fentry call: one entry, one run. */
	two[0] = base + endbr + 1;
	two[1] = base;
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, two, two_cookies,
						2, 0));
	call_getppid(5);
	ASSERT_EQ(read_seen(map).count, 19);
	ASSERT_EQ(read_seen(map).cookie, two_cookies[1]);
	close(link);
	close(prog);
	close(map);
}
