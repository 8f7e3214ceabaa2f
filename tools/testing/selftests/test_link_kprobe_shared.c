// SPDX-License-Identifier: GPL-2.0
/*
 * kprobe_multi links whose addresses share a function entry, probed as
 * a hostile caller would: one address given twice with other cookies,
 * a function's start with a byte of its fentry call, beside a second
 * function; the link info's order, cookies and partial copies; runs
 * while the link is made and while links come and go on both vCPUs.
 * Linux 6.12 judges every expectation.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kprobe_prog.h"

#define PPID_FUNC	"__x64_sys_getppid"
#define PID_FUNC	"__x64_sys_getpid"

/* The array value the program fills; key 0. */
struct shared_seen {
	__u64 count;
	__u64 zero_ip;	/* runs that saw bpf_get_func_ip() == 0 */
	__u64 cookie;	/* the last run's */
	__u64 func_ip;	/* the last run's */
};

static bool kernel_older_than(int major, int minor)
{
	struct utsname u;
	int ma, mi;

	if (uname(&u) || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return false;
	return ma < major || (ma == major && mi < minor);
}

static int seen_map(void)
{
	return ASSERT_OK(kbpf_array_create(sizeof(struct shared_seen), 1));
}

static struct shared_seen read_seen(int map)
{
	struct shared_seen seen;
	__u32 key = 0;

	ASSERT_OK(kbpf_map_lookup(map, &key, &seen, 0));
	return seen;
}

static void reset_seen(int map)
{
	struct shared_seen seen = {};
	__u32 key = 0;

	ASSERT_OK(kbpf_map_update(map, &key, &seen, 0));
}

/* Counts this process's runs, and those that saw no function address. */
static int load_shared_counter(int map)
{
	const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(6, 1),
		KPROBE_ONLY_THIS_PROCESS(19),
		KBPF_ST_MEM(KBPF_W, 10, -4, 0),
		KBPF_LD_MAP_FD(1, map),
		KBPF_MOV64_REG(2, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 2, -4),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, 0, 0, 12),
		KBPF_MOV64_REG(8, 0),
		KBPF_MOV64_IMM(1, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, 8, 1, 0),
		KBPF_MOV64_REG(1, 6),
		KBPF_CALL_HELPER(KBPF_FUNC_get_func_ip),
		KBPF_STX_MEM(KBPF_DW, 8, 0, 24),
		KBPF_JMP_IMM(KBPF_JNE, 0, 0, 2),
		KBPF_MOV64_IMM(1, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, 8, 1, 8),
		KBPF_MOV64_REG(1, 6),
		KBPF_CALL_HELPER(KBPF_FUNC_get_attach_cookie),
		KBPF_STX_MEM(KBPF_DW, 8, 0, 16),
		KBPF_RET_IMM(0),
	};

	return LOAD_KPROBE_MULTI(insns);
}

static void call_n(long nr, int n)
{
	int i;

	for (i = 0; i < n; i++)
		syscall(nr);
}

/* The link info's arrays of @n entries: 0 or -1 with errno. */
static int link_info_n(int link, __u64 *addrs, __u64 *cookies, __u32 n,
		       struct kbpf_link_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	info->kprobe_multi.addrs = (__u64)(unsigned long)addrs;
	info->kprobe_multi.cookies = (__u64)(unsigned long)cookies;
	info->kprobe_multi.count = n;
	return kbpf_obj_info(link, info, &len);
}

/*
 * getppid's start twice (other cookies), a byte of its fentry call, and
 * getpid's start: two entries. Linux sorts addresses and cookies
 * together by address and finds a run's cookie by the start with
 * bsearch(); among equal addresses both pick the same one.
 */
static void shared_entries(__u32 flags)
{
	const __u64 ppid = kprobe_ksym(PPID_FUNC), pid = kprobe_ksym(PID_FUNC);
	const __u64 in = ppid + kprobe_endbr_size() + 1;
	__u64 addrs[] = { ppid, in, pid, ppid };
	const __u64 cookies[] = { 10, 20, 30, 40 };
	__u64 got[4], got_cookies[4], want[4];
	struct kbpf_link_info info;
	int map = seen_map();
	int prog = load_shared_counter(map);
	int link, i;

	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, addrs, cookies, 4,
						flags));
	call_n(SYS_getppid, 7);
	ASSERT_EQ(read_seen(map).count, 7);
	ASSERT_EQ(read_seen(map).func_ip, ppid);
	/*
	 * One of the start's cookies: the one 6.12's sort_r() and bsearch()
	 * pick among equal addresses (10, on both sides). kbpf sorts with
	 * the host's sort_r(), whose heapsort orders ties otherwise on 6.1.
	 */
	if (kernel_older_than(6, 12))
		ASSERT_TRUE(read_seen(map).cookie == 10 ||
			    read_seen(map).cookie == 40);
	else
		ASSERT_EQ(read_seen(map).cookie, 10);
	call_n(SYS_getpid, 3);
	ASSERT_EQ(read_seen(map).count, 10);
	ASSERT_EQ(read_seen(map).cookie, 30);

	ASSERT_OK(link_info_n(link, got, got_cookies, 4, &info));
	ASSERT_EQ(info.kprobe_multi.count, 4);
	ASSERT_EQ(info.kprobe_multi.flags, flags);
	memcpy(want, addrs, sizeof(want));
	/* Sorted: pid and ppid in either order, in after ppid. */
	for (i = 1; i < 4; i++)
		ASSERT_LE(got[i - 1], got[i]);
	for (i = 0; i < 4; i++) {
		if (got[i] == pid)
			ASSERT_EQ(got_cookies[i], 30);
		else if (got[i] == in)
			ASSERT_EQ(got_cookies[i], 20);
		else
			ASSERT_EQ(got[i], ppid);
	}
	printf("# info: %llx/%llu %llx/%llu %llx/%llu %llx/%llu\n",
	       (unsigned long long)got[0], (unsigned long long)got_cookies[0],
	       (unsigned long long)got[1], (unsigned long long)got_cookies[1],
	       (unsigned long long)got[2], (unsigned long long)got_cookies[2],
	       (unsigned long long)got[3], (unsigned long long)got_cookies[3]);

	/* Closed: every probe is gone, none is left behind or twice. */
	close(link);
	call_n(SYS_getppid, 5);
	call_n(SYS_getpid, 5);
	ASSERT_EQ(read_seen(map).count, 10);
	ASSERT_FALSE(kprobe_listed(PPID_FUNC, ""));
	ASSERT_FALSE(kprobe_listed(PID_FUNC, ""));

	/* The same entries again: nothing of the first link is in the way. */
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, addrs, NULL, 4,
						flags));
	call_n(SYS_getppid, 2);
	ASSERT_EQ(read_seen(map).count, 12);
	ASSERT_EQ(read_seen(map).cookie, 0);
	ASSERT_OK(link_info_n(link, got, got_cookies, 4, &info));
	/* Without cookies: as given, each cookie 0. */
	ASSERT_MEMEQ(got, addrs, sizeof(got));
	for (i = 0; i < 4; i++)
		ASSERT_EQ(got_cookies[i], 0);
	close(link);
	close(prog);
	close(map);
}

TEST(link_kprobe_multi_shared_entries)
{
	shared_entries(0);
}

TEST(link_kprobe_multi_shared_entries_return)
{
	shared_entries(KBPF_F_KPROBE_MULTI_RETURN);
}

#define SENTINEL	0x5a5a5a5a5a5a5a5aULL

/*
 * Arrays shorter than the link: -ENOSPC with what fits copied, and the
 * info itself (its count) not written back. A fault on the addresses
 * comes after every cookie is copied, as Linux copies the cookies first.
 */
TEST(link_kprobe_multi_shared_info_copy)
{
	const __u64 ppid = kprobe_ksym(PPID_FUNC), pid = kprobe_ksym(PID_FUNC);
	__u64 addrs[] = { ppid, ppid + kprobe_endbr_size() + 2, pid };
	const __u64 cookies[] = { 1, 2, 3 };
	__u64 got[4], got_cookies[4];
	struct kbpf_link_info info;
	int map = seen_map();
	int prog = load_shared_counter(map);
	int link, i;
	void *ro;

	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, addrs, cookies, 3,
						0));
	for (i = 0; i < 4; i++)
		got[i] = got_cookies[i] = SENTINEL;
	ASSERT_ERRNO(link_info_n(link, got, got_cookies, 2, &info), ENOSPC);
	ASSERT_EQ(info.kprobe_multi.count, 2);
	ASSERT_NE(got[0], SENTINEL);
	ASSERT_NE(got[1], SENTINEL);
	ASSERT_EQ(got[2], SENTINEL);
	ASSERT_NE(got_cookies[1], SENTINEL);
	ASSERT_EQ(got_cookies[2], SENTINEL);

	/* The cookies only: a count needs the addresses. */
	info.kprobe_multi.addrs = 0;
	ASSERT_ERRNO(link_info_n(link, NULL, got_cookies, 3, &info), EINVAL);
	ASSERT_OK(link_info_n(link, NULL, NULL, 0, &info));
	ASSERT_EQ(info.kprobe_multi.count, 3);

	/* Addresses into a read-only page: the cookies are all out first. */
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(ro != MAP_FAILED);
	for (i = 0; i < 4; i++)
		got_cookies[i] = SENTINEL;
	ASSERT_ERRNO(link_info_n(link, ro, got_cookies, 3, &info), EFAULT);
	for (i = 0; i < 3; i++)
		ASSERT_NE(got_cookies[i], SENTINEL);
	ASSERT_EQ(got_cookies[3], SENTINEL);
	/* Cookies into it: nothing is copied to the addresses. */
	for (i = 0; i < 4; i++)
		got[i] = SENTINEL;
	ASSERT_ERRNO(link_info_n(link, got, ro, 3, &info), EFAULT);
	ASSERT_EQ(got[0], SENTINEL);
	munmap(ro, 4096);
	close(link);
	close(prog);
	close(map);
}

static volatile int firing;

static void *fire(void *arg)
{
	long nr = (long)arg;

	while (firing)
		syscall(nr);
	return NULL;
}

static void start_firing(pthread_t *t, int n, long nr)
{
	int i;

	firing = 1;
	for (i = 0; i < n; i++)
		ASSERT_OK(pthread_create(&t[i], NULL, fire, (void *)nr));
}

static void stop_firing(pthread_t *t, int n)
{
	int i;

	firing = 0;
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

/*
 * By name, a probe whose function is called meanwhile runs before the
 * link's other probes are registered: it must already report its
 * function, as Linux's (attached all at once) always does.
 */
TEST(link_kprobe_multi_shared_runs_while_attaching)
{
	const char *syms[] = {
		PPID_FUNC, PID_FUNC, "__x64_sys_getuid", "__x64_sys_getgid",
	};
	const __u64 cookies[] = { 1, 2, 3, 4 };
	int map = seen_map();
	int prog = load_shared_counter(map);
	struct shared_seen seen;
	pthread_t t[2];
	int i, link;

	start_firing(t, 2, SYS_getppid);
	for (i = 0; i < 4; i++) {
		link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL,
							i & 1 ? cookies : NULL,
							ARRAY_SIZE(syms), 0));
		close(link);
	}
	stop_firing(t, 2);
	seen = read_seen(map);
	printf("# %llu runs, %llu without a function address\n",
	       (unsigned long long)seen.count,
	       (unsigned long long)seen.zero_ip);
	ASSERT_EQ(seen.zero_ip, 0);
	close(prog);
	close(map);
}

/*
 * Links on shared entries made and closed while both vCPUs call the
 * functions: every run sees its function, and once the last link is
 * closed nothing runs and no probe is left.
 */
TEST(link_kprobe_multi_shared_churn)
{
	const __u64 ppid = kprobe_ksym(PPID_FUNC), pid = kprobe_ksym(PID_FUNC);
	__u64 addrs[] = { ppid + kprobe_endbr_size() + 3, pid, ppid, pid };
	const __u64 cookies[] = { 1, 2, 3, 4 };
	int map = seen_map();
	int prog = load_shared_counter(map);
	struct shared_seen seen;
	pthread_t t[2];
	int i, link;

	start_firing(t, 1, SYS_getppid);
	start_firing(t + 1, 1, SYS_getpid);
	for (i = 0; i < 12; i++) {
		link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, addrs,
							i & 1 ? cookies : NULL,
							4,
							i & 2 ?
							KBPF_F_KPROBE_MULTI_RETURN :
							0));
		usleep(1000);
		close(link);
	}
	stop_firing(t, 2);
	seen = read_seen(map);
	printf("# %llu runs\n", (unsigned long long)seen.count);
	ASSERT_EQ(seen.zero_ip, 0);
	reset_seen(map);
	call_n(SYS_getppid, 10);
	call_n(SYS_getpid, 10);
	ASSERT_EQ(read_seen(map).count, 0);
	ASSERT_FALSE(kprobe_listed(PPID_FUNC, ""));
	ASSERT_FALSE(kprobe_listed(PID_FUNC, ""));
	close(prog);
	close(map);
}

/*
 * The largest link, one entry: 2^20 copies of one address with cookies
 * make one probe; each call runs once; the link info lists them all.
 */
TEST(link_kprobe_multi_shared_max_cnt)
{
	const __u32 cnt = 1U << 20;
	const __u64 ppid = kprobe_ksym(PPID_FUNC);
	__u64 *addrs = calloc(cnt, sizeof(*addrs));
	__u64 *cookies = calloc(cnt, sizeof(*cookies));
	struct kbpf_link_info info;
	int map = seen_map();
	int prog = load_shared_counter(map);
	__u32 i;
	int link;

	ASSERT_TRUE(addrs && cookies);
	for (i = 0; i < cnt; i++) {
		addrs[i] = ppid;
		cookies[i] = i + 1;
	}
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, NULL, addrs, cookies, cnt,
						0));
	call_n(SYS_getppid, 3);
	ASSERT_EQ(read_seen(map).count, 3);
	printf("# cookie %llu\n", (unsigned long long)read_seen(map).cookie);
	memset(addrs, 0, cnt * sizeof(*addrs));
	ASSERT_OK(link_info_n(link, addrs, cookies, cnt, &info));
	ASSERT_EQ(info.kprobe_multi.count, cnt);
	ASSERT_EQ(addrs[0], ppid);
	ASSERT_EQ(addrs[cnt - 1], ppid);
	close(link);
	free(addrs);
	free(cookies);
	close(prog);
	close(map);
}

/*
 * The largest link by name, one name 2^20 times: each name is copied
 * (Linux: KSYM_NAME_LEN bytes each), then found twice: -ESRCH, with
 * nothing left.
 */
TEST(link_kprobe_multi_shared_max_cnt_syms)
{
	const __u32 cnt = 1U << 20;
	const char **syms = calloc(cnt, sizeof(*syms));
	int map = seen_map();
	int prog = load_shared_counter(map);
	__u32 i;

	ASSERT_TRUE(syms);
	for (i = 0; i < cnt; i++)
		syms[i] = PPID_FUNC;
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, cnt, 0),
		     ESRCH);
	call_n(SYS_getppid, 3);
	ASSERT_EQ(read_seen(map).count, 0);
	free(syms);
	close(prog);
	close(map);
}

/*
 * Names told apart one by one, as a hostile caller would try the
 * duplicate check: real functions whose names are prefixes of one
 * another (dup, dup2, dup3; sync, syncfs) must all attach, and each
 * runs; any one of them given a second time, wherever it stands, is
 * -ESRCH with nothing left. Empty names and names of KSYM_NAME_LEN - 1
 * bytes, twice, are -ESRCH too (never found); one byte more is -E2BIG.
 */
TEST(link_kprobe_multi_shared_syms_prefixes)
{
	static const char *const calls[] = {
		"read", "readv", "write", "writev", "getpid", "getppid",
		"dup", "dup2", "dup3", "pipe", "pipe2", "preadv", "preadv2",
		"pwritev", "pwritev2", "sync", "syncfs", "fsync", "getuid",
		"getgid", "getpgid", "getpgrp", "umask", "uname",
	};
	const __u32 n = sizeof(calls) / sizeof(calls[0]);
	char names[sizeof(calls) / sizeof(calls[0])][32];
	const char *syms[sizeof(calls) / sizeof(calls[0]) + 1];
	static char longest[2][512];
	const char *odd[2];
	struct kbpf_link_info info;
	int map = seen_map();
	int prog = load_shared_counter(map);
	__u32 i, j;
	int link;

	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "__x64_sys_%s", calls[i]);
		syms[i] = names[i];
	}
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, n, 0));
	call_n(SYS_getppid, 2);
	call_n(SYS_getpid, 3);
	ASSERT_EQ(read_seen(map).count, 5);
	ASSERT_OK(link_info_n(link, NULL, NULL, 0, &info));
	ASSERT_EQ(info.kprobe_multi.count, n);
	close(link);
	call_n(SYS_getppid, 2);
	ASSERT_EQ(read_seen(map).count, 5);

	/* Each name again, last; and the last name again, first. */
	for (j = 0; j < n; j++) {
		syms[n] = names[j];
		ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, syms, NULL, NULL,
						    n + 1, 0), ESRCH);
	}
	syms[n] = syms[0];
	syms[0] = names[n - 1];
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, n + 1, 0),
		     ESRCH);
	call_n(SYS_getppid, 2);
	call_n(SYS_getpid, 2);
	ASSERT_EQ(read_seen(map).count, 5);
	ASSERT_FALSE(kprobe_listed(PPID_FUNC, ""));
	ASSERT_FALSE(kprobe_listed(PID_FUNC, ""));

	odd[0] = "";
	odd[1] = "";
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, odd, NULL, NULL, 1, 0),
		     ESRCH);
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, odd, NULL, NULL, 2, 0),
		     ESRCH);
	memset(longest, 'a', sizeof(longest));
	longest[0][510] = 'b';
	longest[0][511] = '\0';
	longest[1][511] = '\0';
	odd[0] = longest[0];
	odd[1] = longest[1];
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, odd, NULL, NULL, 2, 0),
		     ESRCH);
	odd[1] = longest[0];
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, odd, NULL, NULL, 2, 0),
		     ESRCH);
	longest[1][511] = 'a';
	odd[1] = longest[1];
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, odd, NULL, NULL, 2, 0),
		     E2BIG);
	close(prog);
	close(map);
}
