// SPDX-License-Identifier: GPL-2.0
/*
 * TRACEPOINT programs attached through a perf event of the tracepoint PMU
 * (PERF_EVENT_IOC_SET_BPF, perf_event links), as libbpf's SEC("tp/...")
 * does. Against Linux the event is perf_event_open(2)'s; against kbpf it
 * is kbpf's own (KBPF_IOC_PERF_EVENT_OPEN), through
 * kbpf_perf_event_open(). Covered: the ctx rules at load, the record as
 * the program reads it (signal_generate, and the test module's
 * tracepoint for every field width), the exact number of runs, the
 * attach errnos, QUERY_BPF, link info and IDs, runs whatever the event's
 * enable state, recursion through the shared guard, detach while the
 * tracepoint fires on both CPUs, and the module held while attached.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include "kbpf_prog.h"
#include "tp_mod.h"

#define RECORDED	6

/* The array value the program fills; key 0. */
struct tp_seen {
	__u64 tgid;		/* set by the test: whose events count */
	__u64 match;		/* set by the test: the value of the match field */
	__u64 count;
	__u64 cookie;
	__u64 fields[RECORDED];
};

/* A field of the record: offset and size in bytes. */
struct tp_field {
	__s16 off;
	__u8 size;
};

static const __u8 ldx_size[] = {
	[1] = KBPF_B, [2] = KBPF_H, [4] = KBPF_W, [8] = KBPF_DW,
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
 * Count this tgid's events whose field @match is the map's match; record
 * the cookie and the @nr fields @rec, zero-extended.
 */
static int load_recorder(int map, struct tp_field match,
			 const struct tp_field *rec, int nr)
{
	struct kbpf_insn insns[64];
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
	EMIT(KBPF_LDX_MEM(ldx_size[match.size], R2, R6, match.off));
	EMIT(KBPF_JMP_REG(KBPF_JNE, R1, R2, 0));
	EMIT(KBPF_MOV64_IMM(R1, 1));
	EMIT(KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R8, R1, 16));
	EMIT(KBPF_MOV64_REG(R1, R6));
	EMIT(KBPF_CALL_HELPER(KBPF_FUNC_get_attach_cookie));
	EMIT(KBPF_STX_MEM(KBPF_DW, R8, R0, 24));
	for (i = 0; i < nr; i++) {
		EMIT(KBPF_LDX_MEM(ldx_size[rec[i].size], R1, R6, rec[i].off));
		EMIT(KBPF_STX_MEM(KBPF_DW, R8, R1, 32 + i * 8));
	}
	/* The three exits above jump here. */
	insns[out].off = n - out - 1;
	insns[out + 3].off = n - out - 4;
	insns[out + 6].off = n - out - 7;
	EMIT(KBPF_MOV64_IMM(R0, 0));
	EMIT(KBPF_EXIT_INSN());
#undef EMIT
	return __kbpf_load_ok(KBPF_FILE, __LINE__, KBPF_PROG_TYPE_TRACEPOINT,
			      insns, n, &opts);
}

#define LOAD_TP(insns)	LOAD_PROG(KBPF_PROG_TYPE_TRACEPOINT, insns, 0)

/* A perf event of tracepoint @sys/@name, as libbpf opens it. */
static int tp_open(const char *sys, const char *name)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
	};
	int id = kbpf_tracepoint_id(sys, name);

	if (id < 0)
		SKIP("no tracefs ID for %s/%s", sys, name);
	attr.config = id;
	return ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1,
					      PERF_FLAG_FD_CLOEXEC));
}

static int set_bpf(int pfd, int prog)
{
	return ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog);
}

static int perf_link(int prog, int pfd, __u64 cookie)
{
	KBPF_OPTS(kbpf_link_create_opts, opts,
		  .perf_event.bpf_cookie = cookie);

	return kbpf_link_create(prog, pfd, KBPF_PERF_EVENT, &opts);
}

/*
 * signal_generate's record: sig at 8, errno 12, code 16, comm[16] 20,
 * pid 36, group 40, result 44; its fields end at 48.
 */
static const struct tp_field sg_sig = { 8, 4 };
static const struct tp_field sg_rec[] = {
	{ 36, 4 }, { 40, 4 }, { 44, 4 }, { 8, 4 },
};

static void signal_self(int n)
{
	int i;

	signal(SIGUSR1, SIG_IGN);
	for (i = 0; i < n; i++)
		kill(getpid(), SIGUSR1);
}

TEST(tp_ctx_rules)
{
	const struct kbpf_insn hdr[] = {
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 0),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn hdr4[] = {
		KBPF_LDX_MEM(KBPF_W, R0, R1, 4),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn first[] = {
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 8),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn last_h[] = {
		KBPF_LDX_MEM(KBPF_H, R0, R1, 8190),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn last_b[] = {
		KBPF_LDX_MEM(KBPF_B, R0, R1, 8191),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn past[] = {
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 8192),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn unaligned[] = {
		KBPF_LDX_MEM(KBPF_W, R0, R1, 10),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn store[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_STX_MEM(KBPF_DW, R1, R0, 8),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn store_imm[] = {
		KBPF_ST_MEM(KBPF_W, R1, 16, 1),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	__u64 ctx[4] = { 0 };
	__u32 retval;
	int fd;

	ASSERT_LOAD_FAILS(KBPF_PROG_TYPE_TRACEPOINT, hdr, 0, EACCES, NULL);
	ASSERT_LOAD_FAILS(KBPF_PROG_TYPE_TRACEPOINT, hdr4, 0, EACCES, NULL);
	ASSERT_LOAD_FAILS(KBPF_PROG_TYPE_TRACEPOINT, past, 0, EACCES, NULL);
	ASSERT_LOAD_FAILS(KBPF_PROG_TYPE_TRACEPOINT, unaligned, 0,
			  EACCES, NULL);
	ASSERT_LOAD_FAILS(KBPF_PROG_TYPE_TRACEPOINT, store, 0, EACCES, NULL);
	ASSERT_LOAD_FAILS(KBPF_PROG_TYPE_TRACEPOINT, store_imm, 0,
			  EACCES, NULL);
	close(LOAD_TP(first));
	close(LOAD_TP(last_h));
	close(LOAD_TP(last_b));
	/* Not sleepable, and no test run (-ENOTSUPP). */
	ASSERT_ERRNO(kbpf_prog_load_flags(KBPF_PROG_TYPE_TRACEPOINT, ret0,
					  ARRAY_SIZE(ret0), KBPF_F_SLEEPABLE),
		     EINVAL);
	fd = LOAD_TP(ret0);
	ASSERT_ERRNO(kbpf_prog_test_run(fd, ctx, sizeof(ctx), &retval), 524);
	close(fd);
}

TEST(tp_signal_generate_exact_count_and_record)
{
	int map = seen_map(SIGUSR1);
	int prog = load_recorder(map, sg_sig, sg_rec, ARRAY_SIZE(sg_rec));
	int pfd = tp_open("signal", "signal_generate");
	struct tp_seen seen;

	ASSERT_OK(set_bpf(pfd, prog));
	ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0));
	signal_self(100);
	seen = read_seen(map);
	ASSERT_EQ(seen.count, 100);
	ASSERT_EQ(seen.cookie, 0);
	ASSERT_EQ(seen.fields[0], getpid());
	ASSERT_EQ(seen.fields[1], 1);	/* group: kill(2) signals the tgid */
	ASSERT_EQ(seen.fields[2], 1);	/* TRACE_SIGNAL_IGNORED */
	ASSERT_EQ(seen.fields[3], SIGUSR1);

	/* Disabled, the program still runs, as Linux's prog_array does. */
	ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_DISABLE, 0));
	signal_self(10);
	ASSERT_EQ(read_seen(map).count, 110);

	/* Closed: detached at once. */
	close(pfd);
	signal_self(10);
	ASSERT_EQ(read_seen(map).count, 110);
	close(prog);
	close(map);
}

/*
 * A syscall event (sys_enter_getppid: nr at 8, no arguments, its fields
 * ending at 16): the record's nr, the exact count, the event's own name
 * in the link info.
 */
TEST(tp_syscall_event)
{
	static const struct tp_field nr = { 8, 4 };
	const struct kbpf_insn beyond[] = {
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 16),
		KBPF_EXIT_INSN(),
	};
	int map = seen_map(SYS_getppid);
	int prog = load_recorder(map, nr, &nr, 1);
	int far = LOAD_TP(beyond);
	int pfd = tp_open("syscalls", "sys_enter_getppid");
	struct kbpf_link_info info;
	char name[32];
	__u32 len;
	int link, i;

	ASSERT_ERRNO(set_bpf(pfd, far), EACCES);
	link = ASSERT_OK(perf_link(prog, pfd, 3));
	for (i = 0; i < 50; i++)
		syscall(SYS_getppid);
	ASSERT_EQ(read_seen(map).count, 50);
	ASSERT_EQ(read_seen(map).fields[0], SYS_getppid);
	memset(&info, 0, sizeof(info));
	info.perf_event.tracepoint.tp_name = (__u64)(unsigned long)name;
	info.perf_event.tracepoint.name_len = sizeof(name);
	len = sizeof(info);
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	ASSERT_STREQ(name, "sys_enter_getppid");
	ASSERT_EQ(info.perf_event.tracepoint.cookie, 3);
	close(link);
	close(pfd);
	close(far);
	close(prog);
	close(map);
}

TEST(tp_attach_errors)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	/* signal_generate's fields end at 48: a read of 45..48 fits. */
	const struct kbpf_insn fits[] = {
		KBPF_LDX_MEM(KBPF_W, R0, R1, 44),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn beyond[] = {
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 48),
		KBPF_EXIT_INSN(),
	};
	int prog = LOAD_TP(ret0);
	int fit = LOAD_TP(fits);
	int far = LOAD_TP(beyond);
	int raw = LOAD_RAW_TP(ret0);
	int map = ASSERT_OK(kbpf_array_create(8, 1));
	int pfd = tp_open("signal", "signal_generate");
	int pfd2 = tp_open("signal", "signal_generate");
	KBPF_OPTS(kbpf_link_create_opts, opts, .flags = 1);

	ASSERT_ERRNO(set_bpf(pfd, -1), EBADF);
	ASSERT_ERRNO(set_bpf(pfd, map), EINVAL);
	ASSERT_ERRNO(set_bpf(pfd, raw), EINVAL);
	ASSERT_ERRNO(set_bpf(pfd, far), EACCES);
	ASSERT_OK(set_bpf(pfd, fit));
	ASSERT_ERRNO(set_bpf(pfd, prog), EEXIST);
	ASSERT_ERRNO(perf_link(prog, pfd, 0), EEXIST);
	ASSERT_ERRNO(ioctl(pfd, _IO('$', 0x7f), 0), ENOTTY);

	/* Links: flags, a target that is no perf event, the wrong types. */
	ASSERT_ERRNO(kbpf_link_create(prog, pfd2, KBPF_PERF_EVENT, &opts),
		     EINVAL);
	ASSERT_ERRNO(perf_link(prog, map, 0), EBADF);
	ASSERT_ERRNO(perf_link(prog, -1, 0), EBADF);
	ASSERT_ERRNO(perf_link(raw, pfd2, 0), EINVAL);
	ASSERT_ERRNO(kbpf_link_create(prog, pfd2, KBPF_TRACE_KPROBE_MULTI,
				      NULL), EINVAL);
	ASSERT_ERRNO(perf_link(far, pfd2, 0), EACCES);
	close(pfd2);
	close(pfd);
	close(map);
	close(raw);
	close(far);
	close(fit);
	close(prog);
}

TEST(tp_open_errors)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
	};
	int id = kbpf_tracepoint_id("signal", "signal_generate");

	if (id < 0)
		SKIP("no tracefs ID for signal/signal_generate");
	attr.config = id;
	ASSERT_ERRNO(kbpf_perf_event_open(&attr, -1, -1, -1, 0), EINVAL);
	ASSERT_ERRNO(kbpf_perf_event_open(&attr, -1, 0, -1, 1UL << 30),
		     EINVAL);
	ASSERT_ERRNO(kbpf_perf_event_open(NULL, -1, 0, -1, 0), EFAULT);
	/* No such tracepoint: perf_trace_init()'s -EINVAL. */
	attr.config = ~0ULL;
	ASSERT_ERRNO(kbpf_perf_event_open(&attr, -1, 0, -1, 0), EINVAL);
}

/* Both events' programs, in attach order, from either event. */
TEST(tp_query_bpf)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	int p1 = LOAD_TP(ret0), p2 = LOAD_TP(ret0);
	int pfd1 = tp_open("signal", "signal_generate");
	int pfd2 = tp_open("signal", "signal_generate");
	struct {
		struct perf_event_query_bpf q;
		__u32 ids[65];
	} query;
	struct kbpf_prog_info i1, i2;

	kbpf_prog_info(p1, &i1);
	kbpf_prog_info(p2, &i2);
	memset(&query, 0, sizeof(query));
	query.q.ids_len = 4;
	ASSERT_OK(ioctl(pfd1, PERF_EVENT_IOC_QUERY_BPF, &query));
	ASSERT_EQ(query.q.prog_cnt, 0);

	ASSERT_OK(set_bpf(pfd2, p2));
	ASSERT_OK(set_bpf(pfd1, p1));
	memset(&query, 0, sizeof(query));
	query.q.ids_len = 4;
	ASSERT_OK(ioctl(pfd1, PERF_EVENT_IOC_QUERY_BPF, &query));
	ASSERT_EQ(query.q.prog_cnt, 2);
	ASSERT_EQ(query.q.ids[0], i2.id);
	ASSERT_EQ(query.q.ids[1], i1.id);

	/* Too little room: what fits, the count, ENOSPC. */
	memset(&query, 0, sizeof(query));
	query.q.ids_len = 1;
	ASSERT_ERRNO(ioctl(pfd2, PERF_EVENT_IOC_QUERY_BPF, &query), ENOSPC);
	ASSERT_EQ(query.q.prog_cnt, 2);
	ASSERT_EQ(query.q.ids[0], i2.id);
	ASSERT_EQ(query.q.ids[1], 0);

	/* No room asked: only the count. */
	memset(&query, 0, sizeof(query));
	ASSERT_OK(ioctl(pfd2, PERF_EVENT_IOC_QUERY_BPF, &query));
	ASSERT_EQ(query.q.prog_cnt, 2);

	query.q.ids_len = 65;
	ASSERT_ERRNO(ioctl(pfd2, PERF_EVENT_IOC_QUERY_BPF, &query), E2BIG);
	ASSERT_ERRNO(ioctl(pfd2, PERF_EVENT_IOC_QUERY_BPF, (void *)8), EFAULT);

	close(pfd2);
	memset(&query, 0, sizeof(query));
	query.q.ids_len = 4;
	ASSERT_OK(ioctl(pfd1, PERF_EVENT_IOC_QUERY_BPF, &query));
	ASSERT_EQ(query.q.prog_cnt, 1);
	ASSERT_EQ(query.q.ids[0], i1.id);
	close(pfd1);
	close(p2);
	close(p1);
}

TEST(tp_link_info_and_ids)
{
	int map = seen_map(SIGUSR1);
	int prog = load_recorder(map, sg_sig, sg_rec, 0);
	int pfd = tp_open("signal", "signal_generate");
	int link = ASSERT_OK(perf_link(prog, pfd, 0x1234567890ULL));
	struct kbpf_link_info info;
	struct kbpf_prog_info pinfo;
	__u32 len, id;
	char name[32];
	int fd;

	kbpf_prog_info(prog, &pinfo);
	memset(&info, 0, sizeof(info));
	info.perf_event.tracepoint.tp_name = (__u64)(unsigned long)name;
	info.perf_event.tracepoint.name_len = sizeof(name);
	len = sizeof(info);
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	ASSERT_EQ(info.type, KBPF_LINK_TYPE_PERF_EVENT);
	ASSERT_NE(info.id, 0);
	ASSERT_EQ(info.prog_id, pinfo.id);
	ASSERT_EQ(info.perf_event.type, KBPF_PERF_EVENT_TRACEPOINT);
	ASSERT_EQ(info.perf_event.tracepoint.name_len,
		  sizeof("signal_generate"));
	ASSERT_EQ(info.perf_event.tracepoint.cookie, 0x1234567890ULL);
	ASSERT_STREQ(name, "signal_generate");

	/* A length without a buffer, and the reverse. */
	memset(&info, 0, sizeof(info));
	info.perf_event.tracepoint.name_len = sizeof(name);
	len = sizeof(info);
	ASSERT_ERRNO(kbpf_obj_info(link, &info, &len), EINVAL);
	memset(&info, 0, sizeof(info));
	info.perf_event.tracepoint.tp_name = (__u64)(unsigned long)name;
	len = sizeof(info);
	ASSERT_ERRNO(kbpf_obj_info(link, &info, &len), EINVAL);
	/* Too short: truncated, ENOSPC. */
	memset(name, 'x', sizeof(name));
	info.perf_event.tracepoint.name_len = 7;
	ASSERT_ERRNO(kbpf_obj_info(link, &info, &len), ENOSPC);
	ASSERT_STREQ(name, "signal");

	/* The link keeps the event: closing the perf fd detaches nothing. */
	close(pfd);
	signal_self(5);
	ASSERT_EQ(read_seen(map).count, 5);
	ASSERT_EQ(read_seen(map).cookie, 0x1234567890ULL);

	memset(&info, 0, sizeof(info));
	len = sizeof(info);
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	id = info.id;
	fd = ASSERT_OK(kbpf_link_fd_by_id(id));
	ASSERT_ERRNO(kbpf_link_detach(fd), EOPNOTSUPP);
	close(link);
	signal_self(5);
	ASSERT_EQ(read_seen(map).count, 10);
	close(fd);
	/* The last fd: detached, the ID gone. */
	signal_self(5);
	ASSERT_EQ(read_seen(map).count, 10);
	ASSERT_ERRNO(kbpf_link_fd_by_id(id), ENOENT);
	close(prog);
	close(map);
}

/* A pinned perf_event link keeps the event and the program attached. */
TEST(tp_link_pinned)
{
	int map = seen_map(SIGUSR1);
	int prog = load_recorder(map, sg_sig, sg_rec, 0);
	int pfd = tp_open("signal", "signal_generate");
	int link = ASSERT_OK(perf_link(prog, pfd, 9));
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/tp_link_%d", kbpf_pin_root(),
		 getpid());
	ASSERT_OK(kbpf_obj_pin(link, path));
	close(link);
	close(pfd);
	close(prog);
	signal_self(7);
	ASSERT_EQ(read_seen(map).count, 7);
	ASSERT_EQ(read_seen(map).cookie, 9);
	fd = ASSERT_OK(kbpf_obj_get_flags(path, 0));
	close(fd);

	/* Unpinned: detached (the last put may be deferred). */
	ASSERT_OK(unlink(path));
	ASSERT_TRUE(KBPF_POLL(({
		__u64 before = read_seen(map).count;

		signal_self(3);
		read_seen(map).count == before;
	}), 2000));
	close(map);
}

/*
 * Linux's bpf_prog_active: a kprobe_multi program on
 * copy_from_kernel_nofault(), which the tracepoint program's
 * bpf_probe_read_kernel() calls, is skipped there and counted in its
 * recursion misses; the tracepoint program runs every time.
 */
TEST(tp_recursion_shared_guard)
{
	int map = seen_map(SIGUSR1);
	const struct kbpf_insn reader[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -16),
		KBPF_ST_MEM(KBPF_DW, R10, -16, 7),
		KBPF_CALL_HELPER(KBPF_FUNC_probe_read_kernel),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_load_opts kopts = {
		.expected_attach_type = KBPF_TRACE_KPROBE_MULTI,
	};
	const char *syms[] = { "copy_from_kernel_nofault" };
	int tp = LOAD_TP(reader);
	int kp = LOAD_PROG_OPTS(KBPF_PROG_TYPE_KPROBE, ret0, &kopts);
	int counter = load_recorder(map, sg_sig, sg_rec, 0);
	int pfd = tp_open("signal", "signal_generate");
	int pfd2 = tp_open("signal", "signal_generate");
	int klink = ASSERT_OK(kbpf_link_kprobe_multi(kp, syms, NULL, NULL, 1,
						     0));
	struct kbpf_prog_info info;

	ASSERT_OK(set_bpf(pfd, tp));
	ASSERT_OK(set_bpf(pfd2, counter));
	signal_self(50);
	ASSERT_EQ(read_seen(map).count, 50);
	kbpf_prog_info(kp, &info);
	ASSERT_GE(info.recursion_misses, 50);
	kbpf_prog_info(tp, &info);
	ASSERT_EQ(info.recursion_misses, 0);
	close(klink);
	close(pfd2);
	close(pfd);
	close(counter);
	close(kp);
	close(tp);
	close(map);
}

/*
 * Attach and detach over and over (a new event each time) while both
 * CPUs hit the tracepoint: the test's own events count exactly.
 */
TEST(tp_detach_while_firing)
{
	int map = seen_map(SIGUSR1);
	int prog = load_recorder(map, sg_sig, sg_rec, 0);
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
		signal(SIGUSR1, SIG_IGN);
		for (;;)
			kill(getpid(), SIGUSR1);
	}
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	for (i = 0; i < 30; i++) {
		int pfd = tp_open("signal", "signal_generate");

		if (i % 2)
			ASSERT_OK(set_bpf(pfd, prog));
		else
			close(ASSERT_OK(perf_link(prog, pfd, i)));
		if (i % 2)
			signal_self(10);
		close(pfd);
	}
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	/* The child's runs do not count: not the test's tgid. */
	ASSERT_EQ(read_seen(map).count, 150);
	close(prog);
	close(map);
}

/*
 * Linux keeps one prog_array per tracepoint: the same program on a second
 * event of the tracepoint is -EEXIST (bpf_prog_array_copy()), by SET_BPF
 * or by a link; on another tracepoint, or once the first event is gone,
 * it attaches.
 */
TEST(tp_same_prog_two_events)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	int prog = LOAD_TP(ret0), prog2 = LOAD_TP(ret0);
	int pfd1 = tp_open("signal", "signal_generate");
	int pfd2 = tp_open("signal", "signal_generate");
	int pfd3 = tp_open("signal", "signal_deliver");
	int link;

	ASSERT_OK(set_bpf(pfd1, prog));
	ASSERT_ERRNO(set_bpf(pfd2, prog), EEXIST);
	ASSERT_ERRNO(perf_link(prog, pfd2, 0), EEXIST);
	ASSERT_OK(set_bpf(pfd3, prog));
	link = ASSERT_OK(perf_link(prog2, pfd2, 0));
	close(link);
	close(pfd1);
	ASSERT_OK(set_bpf(pfd2, prog));
	close(pfd3);
	close(pfd2);
	close(prog2);
	close(prog);
}

#define CPU1_ONLINE	"/sys/devices/system/cpu/cpu1/online"

static void cpu1_set_online(int on)
{
	FILE *f = fopen(CPU1_ONLINE, "w");

	ASSERT_TRUE(f);
	ASSERT_TRUE(fprintf(f, "%d", on) > 0);
	ASSERT_EQ(fclose(f), 0);
}

static void run_on_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	ASSERT_OK(sched_setaffinity(0, sizeof(set), &set));
}

static void reset_seen(int map)
{
	struct tp_seen seen = { .tgid = getpid(), .match = SIGUSR1 };
	__u32 key = 0;

	ASSERT_OK(kbpf_map_update(map, &key, &seen, 0));
}

/*
 * Signal on CPU 1 until both maps count (kbpf makes its counters for a
 * CPU that came online from a work item, a little later), then exactly.
 */
static void wait_counted_on_cpu1(int map, int map2)
{
	struct timespec t0, t1;
	__u64 before, before2;
	int i;

	reset_seen(map);
	reset_seen(map2);
	run_on_cpu(1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 2000; i++) {
		if (read_seen(map).count && read_seen(map2).count)
			break;
		signal_self(1);
		usleep(1000);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	before = read_seen(map).count;
	before2 = read_seen(map2).count;
	/* kbpf's window after a CPU comes online (README); Linux has none. */
	printf("# programs ran on cpu1 %ld us after it came online\n",
	       (t1.tv_sec - t0.tv_sec) * 1000000L +
	       (t1.tv_nsec - t0.tv_nsec) / 1000);
	ASSERT_GT(before, 0);
	ASSERT_GT(before2, 0);
	signal_self(10);
	ASSERT_EQ(read_seen(map).count, before + 10);
	ASSERT_EQ(read_seen(map2).count, before2 + 10);
	run_on_cpu(0);
}

/*
 * CPU 1 goes offline and comes back: an event opened before and one
 * opened while it was offline both run there again.
 */
TEST(tp_cpu_hotplug)
{
	int map = seen_map(SIGUSR1), map2 = seen_map(SIGUSR1);
	int prog = load_recorder(map, sg_sig, sg_rec, 0);
	int prog2 = load_recorder(map2, sg_sig, sg_rec, 0);
	int pfd = tp_open("signal", "signal_generate");
	int pfd2;

	if (access(CPU1_ONLINE, W_OK))
		SKIP("no %s", CPU1_ONLINE);
	ASSERT_OK(set_bpf(pfd, prog));
	run_on_cpu(0);
	cpu1_set_online(0);
	pfd2 = tp_open("signal", "signal_generate");
	ASSERT_OK(set_bpf(pfd2, prog2));
	signal_self(5);
	ASSERT_EQ(read_seen(map).count, 5);
	ASSERT_EQ(read_seen(map2).count, 5);
	cpu1_set_online(1);
	wait_counted_on_cpu1(map, map2);
	close(pfd2);
	close(pfd);
	close(prog2);
	close(prog);
	close(map2);
	close(map);
}


/*
 * The test module's record: a (s8) at 8, h (u64) at 16, l (s16) at 24,
 * its fields ending at 26. A read of a u64 at 24 is refused at attach;
 * the event holds the module.
 */
TEST(tp_module_record_and_rmmod)
{
	static const struct tp_field h = { 16, 8 };
	static const struct tp_field rec[] = { { 8, 1 }, { 16, 8 }, { 24, 2 } };
	const struct kbpf_insn beyond[] = {
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 24),
		KBPF_EXIT_INSN(),
	};
	int map, prog, far, pfd;
	struct tp_seen seen;

	tp_mod_unload();
	tp_mod_load();
	map = seen_map(TP_MOD_MAGIC);
	prog = load_recorder(map, h, rec, ARRAY_SIZE(rec));
	far = LOAD_TP(beyond);
	pfd = tp_open(TP_MOD, "kbpf_tp_test_widths");
	ASSERT_ERRNO(set_bpf(pfd, far), EACCES);
	ASSERT_OK(set_bpf(pfd, prog));
	tp_mod_fire(TP_MOD_MAGIC);
	tp_mod_fire(TP_MOD_MAGIC);
	tp_mod_fire(1);
	seen = read_seen(map);
	ASSERT_EQ(seen.count, 2);
	ASSERT_EQ(seen.fields[0], 0xfe);		/* s8 -2 */
	ASSERT_EQ(seen.fields[1], TP_MOD_MAGIC);
	ASSERT_EQ(seen.fields[2], 0xfff9);		/* s16 -7 */

	/* The open event holds the module. */
	ASSERT_ERRNO(tp_mod_unload(), EWOULDBLOCK);
	close(pfd);
	ASSERT_OK(tp_mod_unload());
	close(far);
	close(prog);
	close(map);
}
