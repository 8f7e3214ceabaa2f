// SPDX-License-Identifier: GPL-2.0
/*
 * A second attack on the tracepoint perf events, as a hostile user of
 * the fd: the open's checks at the edges of the attr and in Linux's
 * order, every read_format with exact and short buffers, the file
 * operations besides read and ioctl, dup'd fds, links outliving the fd,
 * events of exited tasks, and perf_event_paranoid changing under an open
 * event. Every expectation is Linux 6.12's and holds on both sides; the
 * EXPECT_* report every difference of a test before failing it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/perf_event.h>
#include <asm/perf_regs.h>

#include "tp_event.h"

/* The map of count_prog(): { tgid to count, hits of that tgid }. */
struct hits {
	__u64 tgid;
	__u64 count;
};

static int hits_map(void)
{
	struct hits h = { .tgid = getpid() };
	int map = ASSERT_OK(kbpf_array_create(sizeof(h), 1));
	__u32 key = 0;

	ASSERT_OK(kbpf_map_update(map, &key, &h, 0));
	return map;
}

static __u64 hits_of(int map)
{
	struct hits h;
	__u32 key = 0;

	ASSERT_OK(kbpf_map_lookup(map, &key, &h, 0));
	return h.count;
}

/* Counts the hits of the map's tgid. */
static int count_prog(int map)
{
	struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_W, R10, -4, 0),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 7),
		KBPF_MOV64_REG(R6, R0),
		KBPF_CALL_HELPER(KBPF_FUNC_get_current_pid_tgid),
		KBPF_ALU64_IMM(KBPF_RSH, R0, 32),
		KBPF_LDX_MEM(KBPF_DW, R1, R6, 0),
		KBPF_JMP_REG(KBPF_JNE, R0, R1, 2),
		KBPF_MOV64_IMM(R1, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R6, R1, 8),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};

	return LOAD_PROG(KBPF_PROG_TYPE_TRACEPOINT, insns, 0);
}

static int link_perf(int prog, int pfd)
{
	KBPF_OPTS(kbpf_link_create_opts, opts);

	return kbpf_link_create(prog, pfd, KBPF_PERF_EVENT, &opts);
}

/*
 * The checks between the attr and the fd come before the fd, group and
 * task: a frequency above kernel.perf_event_max_sample_rate is -EINVAL
 * there, whatever pid and group_fd say.
 */
TEST(tp_attack2_open_freq_order)
{
	struct perf_event_attr attr = tp_attr();

	attr.freq = 1;
	attr.sample_freq = ~0ULL;
	EXPECT_ERR(kbpf_perf_event_open(&attr, 0x7fffffff, 0, -1, 0), EINVAL);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, 1000, 0), EINVAL);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 4096, -1, 0), EINVAL);
	/* within the rate, the task's and the fd's errnos come first */
	attr.sample_freq = 1;
	EXPECT_ERR(kbpf_perf_event_open(&attr, 0x7fffffff, 0, -1, 0), ESRCH);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, 1000, 0), EBADF);
	EXPECT_DONE();
}

#define PARANOID	"/proc/sys/kernel/perf_event_paranoid"
#define NOBODY		65534

static int paranoid_rw(int set)
{
	FILE *f = fopen(PARANOID, set == INT32_MIN ? "r" : "w");
	int level = set;

	if (!f)
		SKIP("no %s", PARANOID);
	if (set == INT32_MIN)
		ASSERT_EQ(fscanf(f, "%d", &level), 1);
	else
		ASSERT_TRUE(fprintf(f, "%d", set) > 0);
	ASSERT_EQ(fclose(f), 0);
	return level;
}

/*
 * A child without privileges and its parent in turns: the parent sets
 * the level the child's next step needs (the child cannot).
 */
struct turns {
	int to_child[2], to_parent[2];
};

static void turns_init(struct turns *t)
{
	ASSERT_OK(pipe(t->to_child));
	ASSERT_OK(pipe(t->to_parent));
}

/* In the child: let the parent set the next level, wait until it has. */
static int child_turn(struct turns *t)
{
	char c = 0;

	return write(t->to_parent[1], &c, 1) != 1 ||
	       read(t->to_child[0], &c, 1) != 1;
}

static void parent_turn(struct turns *t, int level)
{
	char c = 0;

	ASSERT_EQ(read(t->to_parent[0], &c, 1), 1);
	paranoid_rw(level);
	ASSERT_EQ(write(t->to_child[1], &c, 1), 1);
}

/* perf_copy_attr()'s checks of sample fields: EINVAL before the task's ESRCH. */
TEST(tp_attack2_open_sample_checks)
{
	static const struct {
		__u64 type, branch, regs_user, regs_intr;
		__u32 stack_user;
		int err;
	} cases[] = {
		{ PERF_SAMPLE_WEIGHT | PERF_SAMPLE_WEIGHT_STRUCT, .err = EINVAL },
		{ PERF_SAMPLE_BRANCH_STACK, .err = EINVAL },
		{ PERF_SAMPLE_BRANCH_STACK, PERF_SAMPLE_BRANCH_USER, .err = EINVAL },
		{ PERF_SAMPLE_BRANCH_STACK, 1ULL << 40, .err = EINVAL },
		{ PERF_SAMPLE_BRANCH_STACK, PERF_SAMPLE_BRANCH_ANY, .err = ESRCH },
		{ PERF_SAMPLE_REGS_USER, .err = EINVAL },
		{ PERF_SAMPLE_REGS_USER, .regs_user = 1ULL << PERF_REG_X86_DS,
		  .err = EINVAL },
		{ PERF_SAMPLE_REGS_USER, .regs_user = 1ULL << 30, .err = EINVAL },
		{ PERF_SAMPLE_REGS_USER, .regs_user = 1ULL << PERF_REG_X86_AX,
		  .err = ESRCH },
		{ PERF_SAMPLE_REGS_INTR, .err = EINVAL },
		{ PERF_SAMPLE_REGS_INTR, .regs_intr = 1ULL << PERF_REG_X86_SP,
		  .err = ESRCH },
		{ PERF_SAMPLE_STACK_USER, .stack_user = 7, .err = EINVAL },
		{ PERF_SAMPLE_STACK_USER, .stack_user = 65535, .err = EINVAL },
		{ PERF_SAMPLE_STACK_USER, .stack_user = 65528, .err = ESRCH },
		/* the deferred REGS_INTR errno, then inherit_thread's */
		{ PERF_SAMPLE_REGS_INTR | PERF_SAMPLE_WEIGHT |
		  PERF_SAMPLE_WEIGHT_STRUCT, .err = EINVAL },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct perf_event_attr attr = tp_attr();

		attr.sample_type = cases[i].type;
		attr.branch_sample_type = cases[i].branch;
		attr.sample_regs_user = cases[i].regs_user;
		attr.sample_regs_intr = cases[i].regs_intr;
		attr.sample_stack_user = cases[i].stack_user;
		EXPECT_ERR(kbpf_perf_event_open(&attr, 0x7fffffff, 0, -1, 0),
			   cases[i].err);
		if (tp_bad) {
			printf("# case %u\n", i);
			break;
		}
	}
	EXPECT_DONE();
}

/*
 * Unprivileged: perf_copy_attr()'s EINVAL comes before level 3's EACCES,
 * and at level 2 a branch stack of the kernel needs CAP_PERFMON there.
 */
TEST(tp_attack2_open_sample_unpriv)
{
	struct perf_event_attr attr = tp_attr();
	int saved = paranoid_rw(INT32_MIN), pid, status;
	struct turns t;

	turns_init(&t);
	pid = ASSERT_OK(fork());
	if (!pid) {
		int fails = 0;

#define CHILD_EXPECT(expr, err) do {					\
	int __r = (expr);						\
	if (__r != -(err)) {						\
		printf("# DIFF %s:%d: %s = %d, want %d\n", __FILE__,	\
		       __LINE__, #expr, __r, -(err));			\
		fails++;						\
	}								\
} while (0)

		if (prctl(PR_SET_KEEPCAPS, 1) ||
		    setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			_exit(2);
		kbpf_caps_keep(0);
		attr.exclude_kernel = 1;
		if (child_turn(&t))
			_exit(3);
		CHILD_EXPECT(kbpf_perf_event_open(&attr, 0, -1, -1, 0), EACCES);
		attr.sample_type = PERF_SAMPLE_WEIGHT |
				   PERF_SAMPLE_WEIGHT_STRUCT;
		CHILD_EXPECT(kbpf_perf_event_open(&attr, 0, -1, -1, 0), EINVAL);
		if (child_turn(&t))
			_exit(4);
		attr.sample_type = PERF_SAMPLE_BRANCH_STACK;
		attr.branch_sample_type = PERF_SAMPLE_BRANCH_ANY |
					  PERF_SAMPLE_BRANCH_KERNEL;
		CHILD_EXPECT(kbpf_perf_event_open(&attr, 0x7fffffff, 0, -1, 0),
			     EACCES);
		/*
		 * No level named: those not excluded are, and the kernel's
		 * and the hypervisor's need CAP_PERFMON.
		 */
		attr.branch_sample_type = PERF_SAMPLE_BRANCH_ANY;
		CHILD_EXPECT(kbpf_perf_event_open(&attr, 0x7fffffff, 0, -1, 0),
			     EACCES);
		attr.exclude_hv = 1;
		CHILD_EXPECT(kbpf_perf_event_open(&attr, 0x7fffffff, 0, -1, 0),
			     ESRCH);
		attr.exclude_kernel = 0;
		CHILD_EXPECT(kbpf_perf_event_open(&attr, 0x7fffffff, 0, -1, 0),
			     EACCES);
#undef CHILD_EXPECT
		_exit(fails ? 10 + fails : 0);
	}
	parent_turn(&t, 3);
	parent_turn(&t, 2);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	paranoid_rw(saved);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
}

/* Attr sizes at the edges: a short attr is read as zero-extended. */
TEST(tp_attack2_open_attr_sizes)
{
	long page = sysconf(_SC_PAGESIZE);
	char *buf = mmap(NULL, page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct perf_event_attr *a = (void *)buf;
	__u32 known;

	ASSERT_TRUE(buf != MAP_FAILED);
	*a = tp_attr();
	/* fields past a short size are not read, not even reserved ones */
	a->size = PERF_ATTR_SIZE_VER0;
	a->__reserved_2 = 1;
	a->clockid = 99;
	EXPECT_FD(kbpf_perf_event_open(a, -1, 0, -1, 0));
	a->size = PERF_ATTR_SIZE_VER0 + 1;
	EXPECT_FD(kbpf_perf_event_open(a, -1, 0, -1, 0));
	a->size = PERF_ATTR_SIZE_VER0 - 1;
	EXPECT_ERR(kbpf_perf_event_open(a, -1, 0, -1, 0), E2BIG);
	/* the size the kernel knows is written back */
	known = a->size;
	EXPECT_VAL(known >= PERF_ATTR_SIZE_VER5 && known < 512, 1);
	*a = tp_attr();
	a->size = 0xffffffff;
	EXPECT_ERR(kbpf_perf_event_open(a, -1, 0, -1, 0), E2BIG);
	EXPECT_VAL(a->size, known);
	/* a longer attr: zero tail taken, any nonzero byte E2BIG */
	*a = tp_attr();
	a->size = 512;
	EXPECT_FD(kbpf_perf_event_open(a, -1, 0, -1, 0));
	buf[511] = 0x80;
	EXPECT_ERR(kbpf_perf_event_open(a, -1, 0, -1, 0), E2BIG);
	EXPECT_VAL(a->size, known);
	buf[511] = 0;
	buf[known] = 1;
	a->size = known + 1;
	EXPECT_ERR(kbpf_perf_event_open(a, -1, 0, -1, 0), E2BIG);
	/* the same attr one byte shorter leaves the byte out */
	a->size = known;
	EXPECT_FD(kbpf_perf_event_open(a, -1, 0, -1, 0));
	munmap(buf, page);
	EXPECT_DONE();
}

/* Linux's layout of one event's read(2) for @fmt, and where each value is. */
struct layout {
	int size, value, enabled, running, id, lost, nr;
};

static struct layout layout_of(__u64 fmt)
{
	struct layout l = { .value = -1, .enabled = -1, .running = -1,
			    .id = -1, .lost = -1, .nr = -1 };
	int n = 0;

	if (fmt & PERF_FORMAT_GROUP)
		l.nr = n++;
	else
		l.value = n++;
	if (fmt & PERF_FORMAT_TOTAL_TIME_ENABLED)
		l.enabled = n++;
	if (fmt & PERF_FORMAT_TOTAL_TIME_RUNNING)
		l.running = n++;
	if (fmt & PERF_FORMAT_GROUP)
		l.value = n++;
	if (fmt & PERF_FORMAT_ID)
		l.id = n++;
	if (fmt & PERF_FORMAT_LOST)
		l.lost = n++;
	l.size = n * 8;
	return l;
}

/*
 * The event's enabled time, from read(2) in layout @l, once it is
 * above 0 or after 200 ms of this task running. perf measures a task's
 * event with local_clock(), which stands still for up to a tick where
 * the guest marked its TSCs unsynchronized (TCG under load: it read 0
 * right after the event's first hits, once, on 6.1).
 */
static __u64 enabled_time(int pfd, const struct layout *l)
{
	struct timespec t0, t;
	__u64 v[8];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (read(pfd, v, sizeof(v)) != l->size)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (v[l->enabled] ||
		    (t.tv_sec - t0.tv_sec) * 1000000000L +
		    (t.tv_nsec - t0.tv_nsec) > 200000000L)
			return v[l->enabled];
	}
}

/* Every read_format: exact, one byte short, long and unmapped buffers. */
TEST(tp_attack2_read_formats)
{
	long page = sysconf(_SC_PAGESIZE);
	char *buf = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	__u64 fmt, v[8], id;
	struct layout l;
	int pfd;

	ASSERT_TRUE(buf != MAP_FAILED);
	ASSERT_OK(munmap(buf + page, page));
	for (fmt = 0; fmt < PERF_FORMAT_LOST * 2; fmt++) {
		struct perf_event_attr attr = tp_attr();

		attr.read_format = fmt;
		l = layout_of(fmt);
		pfd = ASSERT_OK(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
		tp_signal_self(3);
		EXPECT_ERR(read(pfd, v, l.size - 1), ENOSPC);
		EXPECT_ERR(read(pfd, v, 0), ENOSPC);
		memset(v, 0xa5, sizeof(v));
		EXPECT_VAL(read(pfd, v, sizeof(v)), l.size);
		/* nothing is written past the layout */
		EXPECT_VAL(v[l.size / 8], 0xa5a5a5a5a5a5a5a5ULL);
		ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_ID, &id));
		EXPECT_VAL(v[l.value], 3);
		if (l.nr >= 0)
			EXPECT_VAL(v[l.nr], 1);
		if (l.id >= 0)
			EXPECT_VAL(v[l.id] == id, 1);
		if (l.lost >= 0)
			EXPECT_VAL(v[l.lost], 0);
		if (l.enabled >= 0 && l.running >= 0)
			EXPECT_VAL(v[l.enabled] >= v[l.running], 1);
		if (l.enabled >= 0)
			EXPECT_VAL(enabled_time(pfd, &l) > 0, 1);
		/* the layout ending exactly at the page's end, and one past */
		EXPECT_VAL(read(pfd, buf + page - l.size, l.size), l.size);
		EXPECT_ERR(read(pfd, buf + page - l.size + 8, l.size), EFAULT);
		EXPECT_ERR(read(pfd, buf + page - l.size + 1, 4096), EFAULT);
		/* a read-only buffer */
		EXPECT_ERR(read(pfd, (void *)tp_attr, l.size), EFAULT);
		close(pfd);
		if (tp_bad) {
			printf("# read_format %#llx\n", (unsigned long long)fmt);
			break;
		}
	}
	munmap(buf, page);
	EXPECT_DONE();
}

/*
 * The file operations besides read(2) and ioctl(2): no seek, no pread,
 * no write, and poll(2) says POLLHUP at once (no ring buffer).
 */
TEST(tp_attack2_file_ops)
{
	struct perf_event_attr attr = tp_attr();
	int pfd = ASSERT_OK(kbpf_perf_event_open(&attr, 0, -1, -1, 0));
	struct pollfd p = { .fd = pfd, .events = POLLIN | POLLOUT };
	struct epoll_event ev = { .events = EPOLLIN }, out;
	int ep = ASSERT_OK(epoll_create1(0));
	__u64 v[2] = {};

	EXPECT_ERR(lseek(pfd, 0, SEEK_SET), ESPIPE);
	EXPECT_ERR(lseek(pfd, 8, SEEK_CUR), ESPIPE);
	EXPECT_ERR(pread(pfd, v, 8, 0), ESPIPE);
	EXPECT_ERR(write(pfd, v, 8), EINVAL);
	EXPECT_ERR(pwrite(pfd, v, 8, 0), ESPIPE);
	EXPECT_VAL(poll(&p, 1, 0), 1);
	EXPECT_VAL(p.revents, POLLHUP);
	EXPECT_OK(epoll_ctl(ep, EPOLL_CTL_ADD, pfd, &ev));
	EXPECT_VAL(epoll_wait(ep, &out, 1, 0), 1);
	EXPECT_VAL(out.events, EPOLLHUP);
	EXPECT_OK(fcntl(pfd, F_SETFL, O_ASYNC | O_NONBLOCK));
	tp_signal_self(1);
	EXPECT_VAL(read(pfd, v, 8), 8);
	EXPECT_VAL(v[0], 1);
	close(ep);
	close(pfd);
	EXPECT_DONE();
}

/*
 * A dup'd fd is the same event: the program attached through it, ioctls
 * and the link through the other; the last close detaches, not the first.
 */
TEST(tp_attack2_dup_fd)
{
	struct perf_event_attr attr = tp_attr();
	int map = hits_map(), prog = count_prog(map), prog2 = count_prog(map);
	int pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	int dfd = ASSERT_OK(dup(pfd)), lfd;

	EXPECT_OK(ioctl(dfd, PERF_EVENT_IOC_SET_BPF, prog));
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog2), EEXIST);
	EXPECT_ERR(link_perf(prog2, pfd), EEXIST);
	close(pfd);
	tp_signal_self(4);
	EXPECT_VAL(hits_of(map), 4);
	/* a closed number is nothing, whatever its twin still holds */
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog2), EBADF);
	EXPECT_ERR(link_perf(prog2, pfd), EBADF);
	close(dfd);
	tp_signal_self(4);
	EXPECT_VAL(hits_of(map), 4);

	/* a link made through the dup holds the event past both fds */
	pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	dfd = ASSERT_OK(fcntl(pfd, F_DUPFD_CLOEXEC, 100));
	lfd = link_perf(prog2, dfd);
	EXPECT_RES(lfd, 0, 0);
	close(dfd);
	close(pfd);
	tp_signal_self(2);
	EXPECT_VAL(hits_of(map), 6);
	close(lfd);
	tp_signal_self(2);
	EXPECT_VAL(hits_of(map), 6);
	close(prog2);
	close(prog);
	close(map);
	EXPECT_DONE();
}

/* LINK_CREATE with BPF_PERF_EVENT twice on one fd, and its other checks. */
TEST(tp_attack2_link_twice)
{
	struct perf_event_attr attr = tp_attr();
	int map = hits_map(), prog = count_prog(map), prog2 = tp_ret0_prog();
	int pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	struct kbpf_link_info info;
	KBPF_OPTS(kbpf_link_create_opts, opts, .flags = 1);
	int lfd, pfd2, raw;
	char name[32];
	__u32 len;
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};

	EXPECT_ERR(kbpf_link_create(prog, pfd, KBPF_PERF_EVENT, &opts),
		   EINVAL);
	lfd = ASSERT_OK(link_perf(prog, pfd));
	EXPECT_ERR(link_perf(prog, pfd), EEXIST);
	EXPECT_ERR(link_perf(prog2, pfd), EEXIST);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog2), EEXIST);
	/* a link fd is no perf event, nor a program */
	EXPECT_ERR(link_perf(prog2, lfd), EBADF);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, lfd), EINVAL);
	raw = LOAD_PROG(KBPF_PROG_TYPE_RAW_TRACEPOINT, ret0, 0);
	EXPECT_ERR(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, raw), EINVAL);
	EXPECT_ERR(link_perf(raw, pfd), EINVAL);
	/* the perf fd closed, the link still runs and tells its event */
	close(pfd);
	tp_signal_self(3);
	EXPECT_VAL(hits_of(map), 3);
	memset(&info, 0, sizeof(info));
	info.perf_event.tracepoint.tp_name = (__u64)(unsigned long)name;
	info.perf_event.tracepoint.name_len = sizeof(name);
	len = sizeof(info);
	EXPECT_OK(kbpf_obj_info(lfd, &info, &len));
	EXPECT_VAL(strcmp(name, "signal_generate"), 0);
	close(lfd);
	tp_signal_self(3);
	EXPECT_VAL(hits_of(map), 3);
	/* released, the tracepoint takes the program again */
	pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	lfd = ASSERT_OK(link_perf(prog, pfd));
	pfd2 = kbpf_perf_event_open(&attr, -1, 0, -1, 0);
	EXPECT_RES(pfd2, 0, 0);
	/* the same program through another event of the tracepoint */
	EXPECT_ERR(link_perf(prog, pfd2), EEXIST);
	close(pfd2);
	close(lfd);
	close(pfd);
	close(raw);
	close(prog2);
	close(prog);
	close(map);
	EXPECT_DONE();
}

/*
 * Events of a task that exits: a zombie cannot be opened; an event whose
 * task is gone reads its count, takes a program that then runs for every
 * task, and cannot lead a group even without grouping (-ENODEV).
 */
TEST(tp_attack2_exited_task)
{
	struct perf_event_attr attr = tp_attr();
	int map = hits_map(), prog = count_prog(map);
	int go[2], pid, pfd, status;
	char c = 0;
	__u64 v = 0;

	ASSERT_OK(pipe(go));
	pid = tp_fork_firer(go[0], 1);
	pfd = ASSERT_OK(kbpf_perf_event_open(&attr, pid, -1, -1, 0));
	ASSERT_EQ(write(go[1], &c, 1), 1);
	/* a zombie: found, but its context is gone */
	ASSERT_OK(waitid(P_PID, pid, NULL, WEXITED | WNOWAIT));
	EXPECT_ERR(kbpf_perf_event_open(&attr, pid, -1, -1, 0), ESRCH);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_VAL(read(pfd, &v, sizeof(v)), 8);
	EXPECT_VAL(v, 1);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, pfd,
					PERF_FLAG_FD_NO_GROUP), ENODEV);
	EXPECT_ERR(kbpf_perf_event_open(&attr, -1, 0, pfd, 0), ENODEV);
	EXPECT_OK(ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0));
	EXPECT_OK(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog));
	tp_signal_self(2);
	EXPECT_VAL(hits_of(map), 2);
	EXPECT_VAL(read(pfd, &v, sizeof(v)), 8);
	EXPECT_VAL(v, 1);
	close(pfd);
	close(go[0]);
	close(go[1]);
	close(prog);
	close(map);
	EXPECT_DONE();
}

/*
 * As nobody without capabilities at level -1: an event of one's own
 * process. The level then goes to 3 (CAP_SYS_ADMIN only): what was
 * opened stays usable, programs attach through it (neither SET_BPF nor
 * LINK_CREATE checks privileges), QUERY_BPF needs CAP_PERFMON at any
 * level, and a new open is refused.
 */
TEST(tp_attack2_paranoid_after_open)
{
	struct perf_event_attr attr = tp_attr();
	int saved = paranoid_rw(INT32_MIN), pid, status;
	int map = hits_map(), prog = count_prog(map);
	int to_child[2], to_parent[2];
	char c = 0;

	ASSERT_OK(pipe(to_child));
	ASSERT_OK(pipe(to_parent));
	paranoid_rw(-1);
	pid = ASSERT_OK(fork());
	if (!pid) {
		struct perf_event_query_bpf q = {};
		struct hits h = { .tgid = getpid() };
		__u32 key = 0;
		__u64 v = 0;
		int pfd, pfd2, lfd, fails = 0;

		if (kbpf_map_update(map, &key, &h, 0) ||
		    prctl(PR_SET_KEEPCAPS, 1) ||
		    setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			_exit(2);
		kbpf_caps_keep(0);
		attr.exclude_kernel = 1;
		pfd = kbpf_perf_event_open(&attr, 0, -1, -1, 0);
		pfd2 = kbpf_perf_event_open(&attr, 0, -1, -1, 0);
		if (pfd < 0 || pfd2 < 0)
			_exit(3);
		if (write(to_parent[1], &c, 1) != 1 ||
		    read(to_child[0], &c, 1) != 1)
			_exit(4);
		fails += kbpf_perf_event_open(&attr, 0, -1, -1, 0) != -EACCES;
		fails += ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog) != 0;
		fails += ioctl(pfd, PERF_EVENT_IOC_QUERY_BPF, &q) != -1 ||
			 errno != EPERM;
		fails += ioctl(pfd, PERF_EVENT_IOC_RESET, 0) != 0;
		tp_signal_self(2);
		/* exclude_kernel: a tracepoint hit is the kernel's */
		fails += read(pfd, &v, 8) != 8 || v != 0;
		fails += kbpf_map_lookup(map, &key, &h, 0) || h.count != 2;
		close(pfd);
		lfd = link_perf(prog, pfd2);
		fails += lfd < 0;
		tp_signal_self(1);
		fails += kbpf_map_lookup(map, &key, &h, 0) || h.count != 3;
		close(lfd);
		close(pfd2);
		_exit(fails ? 10 + fails : 0);
	}
	ASSERT_EQ(read(to_parent[0], &c, 1), 1);
	paranoid_rw(3);
	ASSERT_EQ(write(to_child[1], &c, 1), 1);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	paranoid_rw(saved);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
	close(prog);
	close(map);
}

static volatile int stop;
static volatile int shared_fd = -1;

static void *fire(void *arg)
{
	(void)arg;
	while (!stop)
		kill(getpid(), SIGUSR1);
	return NULL;
}

/* ioctls, reads and closes on whatever fd number the other thread shares. */
static void *poke(void *arg)
{
	struct perf_event_query_bpf q = {};
	int prog = *(int *)arg, n = 0, fd;
	__u64 v[4];

	while (!stop) {
		fd = shared_fd;
		if (fd < 0)
			continue;
		switch (n++ % 7) {
		case 0:
			ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
			break;
		case 1:
			ioctl(fd, PERF_EVENT_IOC_RESET, 0);
			break;
		case 2:
			if (read(fd, v, sizeof(v)) < 0)
				n++;
			break;
		case 3:
			ioctl(fd, PERF_EVENT_IOC_QUERY_BPF, &q);
			break;
		case 4:
			ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog);
			break;
		case 5:
			ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
			break;
		default:
			close(fd);
			break;
		}
	}
	return NULL;
}

/* Whether @s seconds have passed since @t0: bounds a race under TCG. */
static bool past(const struct timespec *t0, int s)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec - t0->tv_sec >= s;
}

/*
 * A dup'd fd handed to a thread that ioctls, reads and closes it while
 * this one attaches through the original (SET_BPF or a link) and closes
 * both, the tracepoint firing: whatever interleaving, nothing is left
 * attached once every fd is closed.
 */
TEST(tp_attack2_race_dup)
{
	struct perf_event_attr attr = tp_attr();
	int prog = tp_ret0_prog(), prog2 = tp_ret0_prog(), i, pfd, dfd, lfd;
	struct perf_event_query_bpf q = {};
	struct timespec t0;
	pthread_t t1, t2;

	signal(SIGUSR1, SIG_IGN);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ASSERT_OK(pthread_create(&t1, NULL, fire, NULL));
	ASSERT_OK(pthread_create(&t2, NULL, poke, &prog2));
	for (i = 0; i < 300 && !past(&t0, 10); i++) {
		pfd = kbpf_perf_event_open(&attr, i % 3 ? -1 : 0, i % 3 ? i & 1 : -1,
					   -1, 0);
		if (pfd < 0)
			continue;
		dfd = dup(pfd);
		shared_fd = dfd;
		if (i & 1) {
			ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog);
		} else {
			lfd = link_perf(prog, pfd);
			if (lfd >= 0)
				close(lfd);
		}
		shared_fd = -1;
		/* @dfd may have been closed, even reused: close only ours */
		close(pfd);
		if (dfd >= 0 && fcntl(dfd, F_GETFD) >= 0 &&
		    dfd != pfd)
			close(dfd);
	}
	stop = 1;
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("# %d rounds\n", i);
	/* Every event closed: no program is left on the tracepoint. */
	pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
	q.ids_len = 0;
	ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_QUERY_BPF, &q));
	ASSERT_EQ(q.prog_cnt, 0);
	close(pfd);
	close(prog2);
	close(prog);
}

/* Write @val to @path; 0 or -1. */
static int put_str(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -1;
	ok = fputs(val, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

#define FAILSLAB	"/sys/kernel/debug/failslab/"

/* Fail the next @times allocations from perf's event cache, anywhere. */
static int perf_cache_fail(int times)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", times);
	return put_str(FAILSLAB "times", buf);
}

/* Hits of the program on @cpu, fired there @n times. */
static void fire_on(int cpu, int n)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	ASSERT_OK(sched_setaffinity(0, sizeof(set), &set));
	tp_signal_self(n);
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CPU_SET(1, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/*
 * The per-CPU counters are made at the first attach, by a work item,
 * where a caller's fail-nth cannot reach: failslab on perf's event cache
 * makes them fail there. The attach then fails with ENOMEM and attaches
 * nothing; the next attach makes what is missing, and the program runs
 * on every CPU. kbpf only (the counters are kbpf's; the debug kernel
 * has failslab).
 */
TEST_KBPF_ONLY(tp_attack2_counter_alloc_fails)
{
	struct perf_event_attr attr = tp_attr();
	int map = hits_map(), prog = count_prog(map), pfd, err, i;
	struct perf_event_query_bpf q = {};

	if (access(FAILSLAB "times", W_OK) ||
	    put_str("/sys/kernel/slab/perf_event/failslab", "1"))
		SKIP("no failslab for perf's event cache");
	/* Nothing fails until asked: failslab's times starts at 1. */
	ASSERT_OK(perf_cache_fail(0));
	ASSERT_OK(put_str(FAILSLAB "cache-filter", "Y"));
	ASSERT_OK(put_str(FAILSLAB "task-filter", "N"));
	ASSERT_OK(put_str(FAILSLAB "probability", "100"));
	ASSERT_OK(put_str(FAILSLAB "interval", "1"));
	ASSERT_OK(put_str(FAILSLAB "verbose", "0"));
	/* GFP_KERNEL may sleep: failslab skips such allocations by default. */
	ASSERT_OK(put_str(FAILSLAB "ignore-gfp-wait", "N"));
	for (i = 1; i <= 2; i++) {
		pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1, 0));
		ASSERT_OK(perf_cache_fail(i));
		err = ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog) ? -errno : 0;
		perf_cache_fail(0);
		if (!err)
			printf("# round %d: the failures hit another allocation\n",
			       i);
		else
			ASSERT_EQ(err, -ENOMEM);
		q.ids_len = 0;
		ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_QUERY_BPF, &q));
		ASSERT_EQ(q.prog_cnt, err ? 0 : 1);
		/* Now the missing counters are made, and it runs everywhere. */
		if (err)
			ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog));
		fire_on(0, 3);
		fire_on(1, 3);
		ASSERT_EQ(hits_of(map), 6 * i);
		close(pfd);
	}
	put_str("/sys/kernel/slab/perf_event/failslab", "0");
	put_str(FAILSLAB "cache-filter", "N");
	put_str(FAILSLAB "ignore-gfp-wait", "Y");
	close(prog);
	close(map);
}
