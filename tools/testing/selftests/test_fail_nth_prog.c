// SPDX-License-Identifier: GPL-2.0
/*
 * Fault-injection sweep (fail_nth.h) of programs, runs, links and the
 * commands that look objects up: PROG_LOAD of each kind of program,
 * PROG_TEST_RUN of each type that has one, a run started by a kprobe,
 * LINK_CREATE (kprobe_multi, uprobe_multi), RAW_TRACEPOINT_OPEN,
 * LINK_DETACH, pins of programs and links, OBJ_GET_INFO_BY_FD, the
 * *_GET_FD_BY_ID and *_GET_NEXT_ID commands, ENABLE_STATS, and the mmap
 * of ring buffers and arrays.
 */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fail_nth.h"

#define PROBED_FUNC	"__x64_sys_getppid"
#define FNTH_KEY	7
#define FNTH_VALUE	42

__attribute__((noinline, used)) int fnth_uprobe_target(int x)
{
	asm volatile("" ::: "memory");
	return x + 1;
}

static const struct kbpf_insn ret0[] = { KBPF_RET_IMM(0) };

static void load_attr(union kbpf_attr *attr, __u32 type,
		      const struct kbpf_insn *insns, __u32 cnt, __u32 flags,
		      __u32 expected_attach_type)
{
	kbpf_prog_attr(attr, type, insns, cnt, flags);
	attr->expected_attach_type = expected_attach_type;
}

/* hash[FNTH_KEY] = FNTH_VALUE, r0 the helper's result; a subprogram too. */
#define UPDATE_PROG(map) {						\
	KBPF_CALL_REL(11),						\
	KBPF_ST_MEM(KBPF_W, 10, -4, FNTH_KEY),				\
	KBPF_ST_MEM(KBPF_DW, 10, -16, FNTH_VALUE),			\
	KBPF_LD_MAP_FD(1, map),						\
	KBPF_MOV64_REG(2, 10),						\
	KBPF_ALU64_IMM(KBPF_ADD, 2, -4),				\
	KBPF_MOV64_REG(3, 10),						\
	KBPF_ALU64_IMM(KBPF_ADD, 3, -16),				\
	KBPF_MOV64_IMM(4, 0),						\
	KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem),			\
	KBPF_EXIT_INSN(),						\
	KBPF_RET_IMM(0),						\
}

static int update_map = -1;

/*
 * The element the program inserts: present with its value, or absent,
 * never half-made. Removed; returns whether it was there.
 */
static bool take_update_elem(void)
{
	__u32 key = FNTH_KEY;
	__u64 value = 0;

	if (kbpf_map_lookup(update_map, &key, &value, 0)) {
		ASSERT_EQ(errno, ENOENT);
		return false;
	}
	ASSERT_EQ(value, FNTH_VALUE);
	ASSERT_OK(kbpf_map_delete(update_map, &key));
	return true;
}

static char log_buf[4096];

TEST(fail_nth_prog_load)
{
	static const struct kbpf_insn sk_len[] = {
		KBPF_LDX_MEM(KBPF_W, 0, 1, 0),	/* skb->len */
		KBPF_EXIT_INSN(),
	};
	struct fnth_op c = {
		.cmd = KBPF_PROG_LOAD, .undo = fnth_undo_close,
		/* Linux's answer to a failed allocation of the program, kept. */
		.also_errno = EINVAL,
	};
	int map;

	fnth_setup();
	c.what = "PROG_LOAD raw_tp";
	load_attr(&c.attr, KBPF_PROG_TYPE_RAW_TRACEPOINT, ret0,
		  ARRAY_SIZE(ret0), 0, 0);
	fnth_sweep(&c);

	map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 4,
				     KBPF_F_NO_PREALLOC));
	{
		const struct kbpf_insn insns[] = UPDATE_PROG(map);

		c.what = "PROG_LOAD syscall, a map and a subprogram, log 1";
		load_attr(&c.attr, KBPF_PROG_TYPE_SYSCALL, insns,
			  ARRAY_SIZE(insns), KBPF_F_SLEEPABLE, 0);
		c.attr.log_level = 1;
		c.attr.log_buf = (__u64)(unsigned long)log_buf;
		c.attr.log_size = sizeof(log_buf);
		/* The log ends up elsewhere than where a fault left it. */
		fnth_sweep(&c);
	}
	close(map);

	c.what = "PROG_LOAD kprobe_multi";
	load_attr(&c.attr, KBPF_PROG_TYPE_KPROBE, ret0, ARRAY_SIZE(ret0), 0,
		  KBPF_TRACE_KPROBE_MULTI);
	fnth_sweep(&c);

	c.what = "PROG_LOAD socket_filter, a ctx rewrite";
	load_attr(&c.attr, KBPF_PROG_TYPE_SOCKET_FILTER, sk_len,
		  ARRAY_SIZE(sk_len), 0, 0);
	fnth_sweep(&c);
}

static void test_attr(union kbpf_attr *attr, int fd, void *ctx, __u32 size)
{
	memset(attr, 0, sizeof(*attr));
	attr->test.prog_fd = fd;
	attr->test.ctx_in = (__u64)(unsigned long)ctx;
	attr->test.ctx_size_in = size;
}

/* A run whose program inserts an element: all of it or nothing. */
static void verify_update(long ret, const union kbpf_attr *attr,
			  bool injected)
{
	bool there = take_update_elem();

	if (ret < 0) {
		ASSERT_FALSE(there);
		return;
	}
	/* The helper's failure is the program's business: r0 says it. */
	if (attr->test.retval)
		ASSERT_EQ((int)attr->test.retval, -ENOMEM);
	ASSERT_EQ(there, !attr->test.retval);
	if (!injected)
		ASSERT_TRUE(there);
}

TEST(fail_nth_prog_test_run)
{
	static __u8 pkt[64] = { [12] = 0x08 }, pkt_out[64];
	static const struct kbpf_insn sk_len[] = {
		KBPF_LDX_MEM(KBPF_W, 0, 1, 0),
		KBPF_EXIT_INSN(),
	};
	struct fnth_op c = { .cmd = KBPF_PROG_TEST_RUN };
	__u64 ctx[2] = { 1, 2 };
	int fd;

	fnth_setup();
	fd = LOAD_SYSCALL(ret0);
	c.what = "PROG_TEST_RUN syscall";
	test_attr(&c.attr, fd, ctx, sizeof(ctx));
	fnth_sweep(&c);
	close(fd);

	fd = LOAD_RAW_TP(ret0);
	c.what = "PROG_TEST_RUN raw_tp";
	test_attr(&c.attr, fd, ctx, sizeof(ctx));
	fnth_sweep(&c);
	close(fd);

	fd = LOAD_PROG(KBPF_PROG_TYPE_SOCKET_FILTER, sk_len, 0);
	c.what = "PROG_TEST_RUN socket_filter";
	test_attr(&c.attr, fd, NULL, 0);
	c.attr.test.data_in = (__u64)(unsigned long)pkt;
	c.attr.test.data_size_in = sizeof(pkt);
	c.attr.test.data_out = (__u64)(unsigned long)pkt_out;
	c.attr.test.data_size_out = sizeof(pkt_out);
	fnth_sweep(&c);
	close(fd);

	update_map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 4,
					    KBPF_F_NO_PREALLOC));
	{
		const struct kbpf_insn insns[] = UPDATE_PROG(update_map);

		fd = LOAD_SYSCALL(insns);
	}
	c.what = "PROG_TEST_RUN syscall inserting into a hash";
	test_attr(&c.attr, fd, NULL, 0);
	c.verify = verify_update;
	fnth_sweep(&c);
	close(fd);
	close(update_map);
}

static const char *self_path(void)
{
	static char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n < 0)
		FAIL("readlink /proc/self/exe: %s", strerror(errno));
	path[n] = 0;
	return path;
}

/* The file offset of @addr in this binary, from /proc/self/maps. */
static __u64 file_offset(const void *addr)
{
	unsigned long start, end, pgoff, a = (unsigned long)addr;
	char line[4096];
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		FAIL("/proc/self/maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %*s %lx", &start, &end, &pgoff) == 3 &&
		    a >= start && a < end) {
			fclose(f);
			return a - start + pgoff;
		}
	}
	fclose(f);
	FAIL("%p is not mapped", addr);
}

static const char *probe_syms[] = { PROBED_FUNC };
static __u64 probe_offsets[1];

static void kprobe_link_attr(union kbpf_attr *attr, int prog)
{
	memset(attr, 0, sizeof(*attr));
	attr->link_create.prog_fd = prog;
	attr->link_create.attach_type = KBPF_TRACE_KPROBE_MULTI;
	attr->link_create.kprobe_multi.cnt = 1;
	attr->link_create.kprobe_multi.syms =
		(__u64)(unsigned long)probe_syms;
}

/* The probed call; its program inserts the element. */
static long run_uprobed(union kbpf_attr *attr __attribute__((unused)))
{
	return fnth_uprobe_target(0) == 1 ? 0 : -1;
}

/* The probe's run inserted the element, unless a fault was injected. */
static void verify_uprobed(long ret __attribute__((unused)),
			   const union kbpf_attr *attr __attribute__((unused)),
			   bool injected)
{
	if (!take_update_elem() && !injected)
		FAIL("the probed call inserted nothing");
}

/* A kprobe_multi link and its program, for the sweeps that need one. */
static int link_prog, link_fd;

static void make_kprobe_link(void)
{
	struct kbpf_load_opts opts = {
		.expected_attach_type = KBPF_TRACE_KPROBE_MULTI,
	};
	union kbpf_attr attr;

	link_prog = LOAD_PROG_OPTS(KBPF_PROG_TYPE_KPROBE, ret0, &opts);
	kprobe_link_attr(&attr, link_prog);
	link_fd = ASSERT_OK(kbpf_sys(KBPF_LINK_CREATE, &attr, sizeof(attr)));
}

TEST(fail_nth_link)
{
	struct kbpf_load_opts opts = {
		.expected_attach_type = KBPF_TRACE_UPROBE_MULTI,
	};
	struct fnth_op c = { .cmd = KBPF_LINK_CREATE,
			     .undo = fnth_undo_close };
	union kbpf_attr attr;
	int uprog;
	long fd;

	fnth_setup();
	make_kprobe_link();
	c.what = "LINK_CREATE kprobe_multi";
	kprobe_link_attr(&c.attr, link_prog);
	fnth_sweep(&c);

	uprog = LOAD_PROG_OPTS(KBPF_PROG_TYPE_KPROBE, ret0, &opts);
	probe_offsets[0] = file_offset((void *)fnth_uprobe_target);
	c.what = "LINK_CREATE uprobe_multi";
	memset(&c.attr, 0, sizeof(c.attr));
	c.attr.link_create.prog_fd = uprog;
	c.attr.link_create.attach_type = KBPF_TRACE_UPROBE_MULTI;
	c.attr.link_create.uprobe_multi.path =
		(__u64)(unsigned long)self_path();
	c.attr.link_create.uprobe_multi.offsets =
		(__u64)(unsigned long)probe_offsets;
	c.attr.link_create.uprobe_multi.cnt = 1;
	fnth_sweep(&c);
	close(uprog);

	/* Without the kernel's BTF (the debug kernel): EOPNOTSUPP. */
	uprog = LOAD_RAW_TP(ret0);
	memset(&c.attr, 0, sizeof(c.attr));
	c.what = "RAW_TRACEPOINT_OPEN sys_enter";
	c.cmd = KBPF_RAW_TRACEPOINT_OPEN;
	c.attr.raw_tracepoint.name = (__u64)(unsigned long)"sys_enter";
	c.attr.raw_tracepoint.prog_fd = uprog;
	attr = c.attr;
	fd = kbpf_sys(KBPF_RAW_TRACEPOINT_OPEN, &attr, sizeof(attr));
	if (fd < 0)
		c.want_errno = errno;
	else
		close(fd);
	fnth_sweep(&c);
	close(uprog);

	memset(&c, 0, sizeof(c));
	c.what = "LINK_DETACH kprobe_multi";
	c.cmd = KBPF_LINK_DETACH;
	c.attr.link_detach.link_fd = link_fd;
	c.want_errno = EOPNOTSUPP;
	fnth_sweep(&c);

	fnth_sweep_pin("prog", link_prog);
	fnth_sweep_pin("link", link_fd);
	close(link_fd);
	close(link_prog);
}

/*
 * A run started by a probe, in the probed task: a uprobe (a kprobe run
 * is in NMI context, where fail-nth does not inject).
 */
TEST(fail_nth_uprobe_run)
{
	struct kbpf_load_opts opts = {
		.expected_attach_type = KBPF_TRACE_UPROBE_MULTI,
	};
	struct fnth_op c = {
		.what = "uprobe run inserting into a hash", .run = run_uprobed,
		.verify = verify_uprobed,
	};
	int prog, link;

	fnth_setup();
	update_map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 4,
					    KBPF_F_NO_PREALLOC));
	{
		const struct kbpf_insn insns[] = UPDATE_PROG(update_map);

		prog = LOAD_PROG_OPTS(KBPF_PROG_TYPE_KPROBE, insns, &opts);
	}
	probe_offsets[0] = file_offset((void *)fnth_uprobe_target);
	link = ASSERT_OK(kbpf_link_uprobe_multi(prog, self_path(),
						probe_offsets, NULL, 1, 0, 0));
	fnth_sweep(&c);
	close(link);
	close(prog);
	close(update_map);
}

static struct kbpf_map_info map_info;
static struct kbpf_prog_info prog_info;
static struct kbpf_link_info link_info;
static struct kbpf_insn xlated[16];
static __u32 map_ids[4];
static __u64 link_addrs[4];

static void info_attr(union kbpf_attr *attr, int fd, void *info, __u32 len)
{
	memset(attr, 0, sizeof(*attr));
	attr->info.bpf_fd = fd;
	attr->info.info = (__u64)(unsigned long)info;
	attr->info.info_len = len;
}

/* Each try asks for the arrays again: the last run shrank the counts. */
static void prog_info_arrays(union kbpf_attr *attr)
{
	memset(&prog_info, 0, sizeof(prog_info));
	prog_info.xlated_prog_len = sizeof(xlated);
	prog_info.xlated_prog_insns = (__u64)(unsigned long)xlated;
	prog_info.nr_map_ids = ARRAY_SIZE(map_ids);
	prog_info.map_ids = (__u64)(unsigned long)map_ids;
	attr->info.info_len = sizeof(prog_info);
}

static void link_info_arrays(union kbpf_attr *attr)
{
	memset(&link_info, 0, sizeof(link_info));
	link_info.kprobe_multi.addrs = (__u64)(unsigned long)link_addrs;
	link_info.kprobe_multi.count = ARRAY_SIZE(link_addrs);
	attr->info.info_len = sizeof(link_info);
}

static void id_attr(union kbpf_attr *attr, __u32 id)
{
	memset(attr, 0, sizeof(*attr));
	attr->start_id = id;
}

TEST(fail_nth_ids_and_info)
{
	struct fnth_op c = { .cmd = KBPF_OBJ_GET_INFO_BY_FD };
	struct kbpf_prog_info pi = {};
	struct kbpf_map_info mi = {};
	struct kbpf_link_info li = {};
	__u32 len;
	int map;

	fnth_setup();
	map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 4, 0));
	make_kprobe_link();

	c.what = "OBJ_GET_INFO_BY_FD map";
	info_attr(&c.attr, map, &map_info, sizeof(map_info));
	fnth_sweep(&c);
	c.what = "OBJ_GET_INFO_BY_FD prog";
	info_attr(&c.attr, link_prog, &prog_info, sizeof(prog_info));
	c.prepare = prog_info_arrays;
	fnth_sweep(&c);
	c.what = "OBJ_GET_INFO_BY_FD link";
	info_attr(&c.attr, link_fd, &link_info, sizeof(link_info));
	c.prepare = link_info_arrays;
	fnth_sweep(&c);
	c.prepare = NULL;

	len = sizeof(mi);
	ASSERT_OK(kbpf_obj_info(map, &mi, &len));
	len = sizeof(pi);
	ASSERT_OK(kbpf_obj_info(link_prog, &pi, &len));
	len = sizeof(li);
	ASSERT_OK(kbpf_obj_info(link_fd, &li, &len));
	c.undo = fnth_undo_close;
	c.what = "MAP_GET_FD_BY_ID";
	c.cmd = KBPF_MAP_GET_FD_BY_ID;
	id_attr(&c.attr, mi.id);
	fnth_sweep(&c);
	c.what = "PROG_GET_FD_BY_ID";
	c.cmd = KBPF_PROG_GET_FD_BY_ID;
	id_attr(&c.attr, pi.id);
	fnth_sweep(&c);
	c.what = "LINK_GET_FD_BY_ID";
	c.cmd = KBPF_LINK_GET_FD_BY_ID;
	id_attr(&c.attr, li.id);
	fnth_sweep(&c);

	c.undo = NULL;
	c.what = "MAP_GET_NEXT_ID";
	c.cmd = KBPF_MAP_GET_NEXT_ID;
	id_attr(&c.attr, 0);
	fnth_sweep(&c);
	c.what = "PROG_GET_NEXT_ID";
	c.cmd = KBPF_PROG_GET_NEXT_ID;
	fnth_sweep(&c);
	c.what = "LINK_GET_NEXT_ID";
	c.cmd = KBPF_LINK_GET_NEXT_ID;
	fnth_sweep(&c);

	memset(&c.attr, 0, sizeof(c.attr));
	c.what = "ENABLE_STATS";
	c.cmd = KBPF_ENABLE_STATS;
	c.attr.enable_stats.type = KBPF_STATS_RUN_TIME;
	c.undo = fnth_undo_close;
	fnth_sweep(&c);

	close(link_fd);
	close(link_prog);
	close(map);
}

/* mmap of map_fd at the page offset and length the attr's fields hold. */
static long run_mmap(union kbpf_attr *attr)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = attr->max_entries * page;
	void *p = mmap(NULL, len, attr->map_flags, MAP_SHARED, attr->map_fd,
		       attr->key_size * page);

	if (p == MAP_FAILED)
		return -1;
	ASSERT_OK(munmap(p, len));
	return 0;
}

static void sweep_mmap(const char *what, int fd, __u32 pgoff, __u32 pages,
		       int prot)
{
	struct fnth_op c = { .what = what, .run = run_mmap };

	c.attr.map_fd = fd;
	c.attr.key_size = pgoff;
	c.attr.max_entries = pages;
	c.attr.map_flags = prot;
	fnth_sweep(&c);
}

TEST(fail_nth_mmap)
{
	long page = sysconf(_SC_PAGESIZE);
	int rb, urb, arr;

	fnth_setup();
	rb = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0, page, 0));
	sweep_mmap("mmap ringbuf consumer page", rb, 0, 1,
		   PROT_READ | PROT_WRITE);
	sweep_mmap("mmap ringbuf producer and data", rb, 1, 3, PROT_READ);
	close(rb);
	urb = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_USER_RINGBUF, 0, 0, page,
				     0));
	sweep_mmap("mmap user_ringbuf consumer page", urb, 0, 1, PROT_READ);
	sweep_mmap("mmap user_ringbuf producer and data", urb, 1, 3,
		   PROT_READ | PROT_WRITE);
	close(urb);
	arr = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1024,
				     KBPF_F_MMAPABLE));
	sweep_mmap("mmap array", arr, 0, 2, PROT_READ | PROT_WRITE);
	close(arr);
}
