// SPDX-License-Identifier: GPL-2.0
/*
 * uprobe_multi links and sleepable programs.
 *
 * The probed function is uprobe_target() in this very binary. Its string
 * argument can point into a page that userfaultfd holds missing (the
 * only way to make a fault wait inside an initramfs): a sleepable
 * program's bpf_copy_from_user() then blocks in the fault until the
 * test's handler thread supplies the page, while a non-sleepable
 * program's bpf_probe_read_user() fails with -EFAULT without faulting.
 * The lifetime test closes every fd while a run is blocked that way.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kbpf_prog.h"

#define PT_REGS_AX	80
#define PT_REGS_DI	112

/* How long the fault handler keeps the page missing. */
#define FAULT_DELAY_MS	300

struct uprobe_seen {
	__s64 ret;		/* of the copy helper */
	__u64 count;
	char data[16];
	__u64 func_ip;
	__u64 cookie;
	__u64 ax;
};

__attribute__((noinline, used)) int uprobe_target(const char *s)
{
	asm volatile("" : : "r"(s) : "memory");
	return 42;
}

/*
 * A USDT-style semaphore: uprobe_register() with its file offset as the
 * ref_ctr_offset counts the probes attached to it, in every process that
 * maps this file.
 */
volatile unsigned short uprobe_semaphore
	__attribute__((section(".probes"), used));

/* Called through a volatile pointer so the call is never folded away. */
static int (*volatile call_target)(const char *s) = uprobe_target;

/*
 * Calls the target with a copy of @s on this stack, which is resident.
 * bpf_probe_read_user() never faults a page in: a string literal in a
 * .rodata page this process has not touched yet reads as -EFAULT, on
 * Linux as on kbpf, and where a literal lands depends on the binary's
 * layout.
 */
static void call_resident(const char *s)
{
	char buf[32];

	memset(buf, 0, sizeof(buf));
	strncpy(buf, s, sizeof(buf) - 1);
	call_target(buf);
}

static __u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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

static int seen_map(void)
{
	struct uprobe_seen seen = { 0 };
	int map = ASSERT_OK(kbpf_array_create(sizeof(seen), 1));
	__u32 key = 0;

	ASSERT_OK(kbpf_map_update(map, &key, &seen, 0));
	return map;
}

static struct uprobe_seen read_seen(int map)
{
	struct uprobe_seen seen;
	__u32 key = 0;

	ASSERT_OK(kbpf_map_lookup(map, &key, &seen, 0));
	return seen;
}

/*
 * Copy 16 bytes from the probed function's argument with @helper into
 * the map, count the run, record func_ip, cookie and ax.
 */
static int load_copier(int map, int helper, __u32 flags,
		       __u32 expected_attach_type)
{
	const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_ST_MEM(KBPF_W, R10, -4, 0),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 18),
		KBPF_MOV64_REG(R7, R0),
		KBPF_MOV64_REG(R1, R7),
		KBPF_ALU64_IMM(KBPF_ADD, R1, 16),
		KBPF_MOV64_IMM(R2, 16),
		KBPF_LDX_MEM(KBPF_DW, R3, R6, PT_REGS_DI),
		KBPF_CALL_HELPER(helper),
		KBPF_STX_MEM(KBPF_DW, R7, R0, 0),
		KBPF_MOV64_IMM(R1, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R7, R1, 8),
		KBPF_MOV64_REG(R1, R6),
		KBPF_CALL_HELPER(KBPF_FUNC_get_func_ip),
		KBPF_STX_MEM(KBPF_DW, R7, R0, 32),
		KBPF_MOV64_REG(R1, R6),
		KBPF_CALL_HELPER(KBPF_FUNC_get_attach_cookie),
		KBPF_STX_MEM(KBPF_DW, R7, R0, 40),
		KBPF_LDX_MEM(KBPF_DW, R1, R6, PT_REGS_AX),
		KBPF_STX_MEM(KBPF_DW, R7, R1, 48),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_load_opts opts = {
		.expected_attach_type = expected_attach_type,
		.prog_flags = flags,
	};

	return LOAD_PROG_OPTS(KBPF_PROG_TYPE_KPROBE, insns, &opts);
}

static int attach_target(int prog, const __u64 *cookie, __u32 flags,
			 __u32 pid)
{
	__u64 off = file_offset((const void *)uprobe_target);

	return kbpf_link_uprobe_multi(prog, self_path(), &off, cookie, 1,
				      flags, pid);
}

/* A page userfaultfd keeps missing until the handler thread fills it. */
struct uffd_page {
	int uffd;
	char *page;
	long size;
	_Atomic __u64 fault_ms;		/* when the fault arrived */
	_Atomic __u64 filled_ms;	/* when the page was supplied */
};

static void uffd_page_init(struct uffd_page *p)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;

	memset(p, 0, sizeof(*p));
	p->size = sysconf(_SC_PAGESIZE);
	p->uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (p->uffd < 0)
		FAIL("userfaultfd: %s", strerror(errno));
	ASSERT_OK(ioctl(p->uffd, UFFDIO_API, &api));
	p->page = mmap(NULL, p->size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(p->page != MAP_FAILED);
	memset(&reg, 0, sizeof(reg));
	reg.range.start = (unsigned long)p->page;
	reg.range.len = p->size;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	ASSERT_OK(ioctl(p->uffd, UFFDIO_REGISTER, &reg));
}

/* Waits for one fault, holds it FAULT_DELAY_MS, then fills the page. */
static void *uffd_handler(void *arg)
{
	struct uffd_page *p = arg;
	struct pollfd pfd = { .fd = p->uffd, .events = POLLIN };
	struct uffdio_copy copy;
	struct uffd_msg msg;
	char *src;

	if (poll(&pfd, 1, 10000) != 1 ||
	    read(p->uffd, &msg, sizeof(msg)) != sizeof(msg) ||
	    msg.event != UFFD_EVENT_PAGEFAULT)
		return NULL;
	p->fault_ms = now_ms();
	usleep(FAULT_DELAY_MS * 1000);
	src = aligned_alloc(p->size, p->size);
	memset(src, 0, p->size);
	strcpy(src, "uffd-supplied!");
	memset(&copy, 0, sizeof(copy));
	copy.dst = (unsigned long)p->page;
	copy.src = (unsigned long)src;
	copy.len = p->size;
	p->filled_ms = now_ms();
	ioctl(p->uffd, UFFDIO_COPY, &copy);
	free(src);
	return NULL;
}

TEST(link_uprobe_multi_counts_and_cookie)
{
	const __u64 cookie = 0xfeedULL;
	int map = seen_map();
	int prog = load_copier(map, KBPF_FUNC_probe_read_user, 0,
			       KBPF_TRACE_UPROBE_MULTI);
	int link = ASSERT_OK(attach_target(prog, &cookie, 0, 0));
	struct uprobe_seen seen;
	int i;

	for (i = 0; i < 100; i++)
		call_resident("hello, uprobe");
	seen = read_seen(map);
	ASSERT_EQ(seen.count, 100);
	ASSERT_EQ(seen.ret, 0);
	ASSERT_STREQ(seen.data, "hello, uprobe");
	ASSERT_EQ(seen.func_ip, (unsigned long)uprobe_target);
	ASSERT_EQ(seen.cookie, cookie);

	close(link);
	call_resident("after");
	ASSERT_EQ(read_seen(map).count, 100);
	close(prog);
	close(map);
}

TEST(link_uprobe_multi_return)
{
	int map = seen_map();
	int prog = load_copier(map, KBPF_FUNC_probe_read_user, 0,
			       KBPF_TRACE_UPROBE_MULTI);
	int link = ASSERT_OK(attach_target(prog, NULL,
					   KBPF_F_UPROBE_MULTI_RETURN, 0));
	struct uprobe_seen seen;

	call_resident("x");
	call_resident("y");
	seen = read_seen(map);
	ASSERT_EQ(seen.count, 2);
	ASSERT_EQ(seen.ax, 42);
	ASSERT_EQ(seen.func_ip, (unsigned long)uprobe_target);
	close(link);
	close(prog);
	close(map);
}

/* With a pid, only that process's calls run the program. */
TEST(link_uprobe_multi_pid_filter)
{
	int map = seen_map();
	int prog = load_copier(map, KBPF_FUNC_probe_read_user, 0,
			       KBPF_TRACE_UPROBE_MULTI);
	int link = ASSERT_OK(attach_target(prog, NULL, 0, getpid()));
	struct kbpf_link_info info;
	__u32 len = sizeof(info);
	int status;
	pid_t child;

	child = fork();
	if (!child) {
		call_resident("child");
		_exit(0);
	}
	ASSERT_EQ(waitpid(child, &status, 0), child);
	call_resident("parent");
	ASSERT_EQ(read_seen(map).count, 1);
	ASSERT_STREQ(read_seen(map).data, "parent");

	memset(&info, 0, sizeof(info));
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	ASSERT_EQ(info.uprobe_multi.pid, getpid());
	close(link);
	close(prog);
	close(map);
}

TEST(link_uprobe_multi_info)
{
	const __u64 cookie = 5;
	int map = seen_map();
	int prog = load_copier(map, KBPF_FUNC_probe_read_user, 0,
			       KBPF_TRACE_UPROBE_MULTI);
	int link = ASSERT_OK(attach_target(prog, &cookie, 0, 0));
	struct kbpf_link_info info;
	__u64 offsets[1], cookies[1];
	char path[4096];
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	info.uprobe_multi.path = (__u64)(unsigned long)path;
	info.uprobe_multi.path_size = sizeof(path);
	info.uprobe_multi.offsets = (__u64)(unsigned long)offsets;
	info.uprobe_multi.cookies = (__u64)(unsigned long)cookies;
	info.uprobe_multi.count = 1;
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	ASSERT_EQ(info.type, KBPF_LINK_TYPE_UPROBE_MULTI);
	ASSERT_EQ(info.uprobe_multi.count, 1);
	ASSERT_EQ(info.uprobe_multi.flags, 0);
	ASSERT_EQ(info.uprobe_multi.pid, 0);
	ASSERT_STREQ(path, self_path());
	ASSERT_EQ(info.uprobe_multi.path_size, strlen(self_path()) + 1);
	ASSERT_EQ(offsets[0], file_offset((const void *)uprobe_target));
	ASSERT_EQ(cookies[0], 5);

	/* A path without a size, or arrays without a count: EINVAL. */
	memset(&info, 0, sizeof(info));
	info.uprobe_multi.path = (__u64)(unsigned long)path;
	ASSERT_ERRNO(kbpf_obj_info(link, &info, &len), EINVAL);
	memset(&info, 0, sizeof(info));
	info.uprobe_multi.offsets = (__u64)(unsigned long)offsets;
	ASSERT_ERRNO(kbpf_obj_info(link, &info, &len), EINVAL);
	ASSERT_ERRNO(kbpf_link_detach(link), EOPNOTSUPP);
	close(link);
	close(prog);
	close(map);
}

TEST(link_uprobe_multi_attr_errors)
{
	__u64 off = file_offset((const void *)uprobe_target);
	__u64 bad_off = (__u64)-8;
	__u64 past_end = 1ULL << 40;
	int map = seen_map();
	int prog = load_copier(map, KBPF_FUNC_probe_read_user, 0,
			       KBPF_TRACE_UPROBE_MULTI);
	int kprog = load_copier(map, KBPF_FUNC_probe_read_user, 0,
				KBPF_TRACE_KPROBE_MULTI);
	const char *path = self_path();

	ASSERT_ERRNO(kbpf_link_uprobe_multi(prog, NULL, &off, NULL, 1, 0, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_link_uprobe_multi(prog, path, NULL, NULL, 1, 0, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_link_uprobe_multi(prog, path, &off, NULL, 0, 0, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_link_uprobe_multi(prog, path, &off, NULL, 1, 2, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_link_uprobe_multi(prog, path, &off, NULL, 1, 0,
					    (__u32)-1), EINVAL);
	ASSERT_ERRNO(kbpf_link_uprobe_multi(prog, path, &off, NULL,
					    (1U << 20) + 1, 0, 0), E2BIG);
	ASSERT_ERRNO(kbpf_link_uprobe_multi(prog, path,
					    (__u64 *)0xffff888000000000ULL,
					    NULL, 1, 0, 0), EFAULT);
	ASSERT_ERRNO(kbpf_link_uprobe_multi(prog, "/no/such/file", &off, NULL,
					    1, 0, 0), ENOENT);
	ASSERT_ERRNO(kbpf_link_uprobe_multi(prog, "/", &off, NULL, 1, 0, 0),
		     EBADF);
	ASSERT_ERRNO(kbpf_link_uprobe_multi(prog, path, &bad_off, NULL, 1, 0,
					    0), EINVAL);
	/* Past the end of the file: uprobe_register() refuses it. */
	ASSERT_ERRNO(kbpf_link_uprobe_multi(prog, path, &past_end, NULL, 1, 0,
					    0), EINVAL);
	ASSERT_ERRNO(kbpf_link_uprobe_multi(prog, path, &off, NULL, 1, 0,
					    0x7ffffff0), ESRCH);
	ASSERT_ERRNO(kbpf_link_uprobe_multi(kprog, path, &off, NULL, 1, 0, 0),
		     EINVAL);
	close(kprog);
	close(prog);
	close(map);
}

/*
 * A sleepable program's bpf_copy_from_user() waits in the fault: the
 * probed call is held for the handler's delay and the supplied bytes
 * land in the map.
 */
TEST(link_uprobe_sleepable_copy_waits_for_fault)
{
	int map = seen_map();
	int prog = load_copier(map, KBPF_FUNC_copy_from_user,
			       KBPF_F_SLEEPABLE, KBPF_TRACE_UPROBE_MULTI);
	int link = ASSERT_OK(attach_target(prog, NULL, 0, getpid()));
	struct uffd_page p;
	struct uprobe_seen seen;
	pthread_t handler;
	__u64 start, took;

	uffd_page_init(&p);
	ASSERT_EQ(pthread_create(&handler, NULL, uffd_handler, &p), 0);
	start = now_ms();
	call_target(p.page);
	took = now_ms() - start;
	pthread_join(handler, NULL);

	ASSERT_NE(p.fault_ms, 0);
	ASSERT_GE(took, FAULT_DELAY_MS - 20);
	seen = read_seen(map);
	ASSERT_EQ(seen.count, 1);
	ASSERT_EQ(seen.ret, 0);
	ASSERT_STREQ(seen.data, "uffd-supplied!");
	close(link);
	close(prog);
	close(map);
}

/* A non-sleepable program cannot fault: -EFAULT, and no fault event. */
TEST(link_uprobe_probe_read_user_never_faults)
{
	int map = seen_map();
	int prog = load_copier(map, KBPF_FUNC_probe_read_user, 0,
			       KBPF_TRACE_UPROBE_MULTI);
	int link = ASSERT_OK(attach_target(prog, NULL, 0, getpid()));
	struct pollfd pfd;
	struct uffd_page p;
	struct uprobe_seen seen;

	uffd_page_init(&p);
	call_target(p.page);
	seen = read_seen(map);
	ASSERT_EQ(seen.count, 1);
	ASSERT_EQ(seen.ret, -EFAULT);
	ASSERT_EQ(seen.data[0], 0);
	pfd.fd = p.uffd;
	pfd.events = POLLIN;
	ASSERT_EQ(poll(&pfd, 1, 0), 0);
	close(link);
	close(prog);
	close(map);
}

/* A sleepable copy without a link or fault: the plain path works. */
TEST(link_uprobe_sleepable_copy_present_page)
{
	int map = seen_map();
	int prog = load_copier(map, KBPF_FUNC_copy_from_user,
			       KBPF_F_SLEEPABLE, KBPF_TRACE_UPROBE_MULTI);
	int link = ASSERT_OK(attach_target(prog, NULL, 0, getpid()));

	call_resident("present page");
	ASSERT_EQ(read_seen(map).ret, 0);
	ASSERT_STREQ(read_seen(map).data, "present page");
	close(link);
	close(prog);
	close(map);
}

static bool prog_id_listed(__u32 id)
{
	__u32 next;

	return !kbpf_prog_next_id(id - 1, &next) && next == id;
}

static bool map_id_listed(__u32 id)
{
	__u32 next;

	return !kbpf_map_next_id(id - 1, &next) && next == id;
}

struct closer {
	struct uffd_page *p;
	int prog, map, link;
	__u64 link_closed_ms;
};

/* Once the run is blocked: drop the program and map fds, then the link. */
static void *close_all(void *arg)
{
	struct closer *c = arg;

	while (!c->p->fault_ms)
		usleep(1000);
	close(c->prog);
	close(c->map);
	close(c->link);
	c->link_closed_ms = now_ms();
	return NULL;
}

/*
 * Every fd is closed while a sleepable run is blocked in the fault: the
 * link's close returns only after the run ends, the run finishes with
 * the program and map it started with, and both are freed after.
 */
TEST(link_uprobe_sleepable_close_while_blocked)
{
	int map = seen_map();
	int prog = load_copier(map, KBPF_FUNC_copy_from_user,
			       KBPF_F_SLEEPABLE, KBPF_TRACE_UPROBE_MULTI);
	int link = ASSERT_OK(attach_target(prog, NULL, 0, getpid()));
	struct kbpf_prog_info pinfo;
	struct kbpf_map_info minfo;
	struct closer c;
	struct uffd_page p;
	pthread_t handler, closer;
	__u64 returned_ms;

	kbpf_prog_info(prog, &pinfo);
	kbpf_map_info(map, &minfo);
	uffd_page_init(&p);
	c = (struct closer){ .p = &p, .prog = prog, .map = map, .link = link };
	ASSERT_EQ(pthread_create(&handler, NULL, uffd_handler, &p), 0);
	ASSERT_EQ(pthread_create(&closer, NULL, close_all, &c), 0);
	call_target(p.page);
	returned_ms = now_ms();
	pthread_join(closer, NULL);
	pthread_join(handler, NULL);

	ASSERT_NE(p.filled_ms, 0);
	/* The close waited for the blocked run, which waited for the fill. */
	ASSERT_GE(c.link_closed_ms, p.filled_ms);
	ASSERT_GE(c.link_closed_ms - p.fault_ms, FAULT_DELAY_MS - 20);
	ASSERT_GE(returned_ms, p.filled_ms);

	/* Nothing holds them now: their IDs go (without taking a ref). */
	ASSERT_TRUE(KBPF_POLL(!prog_id_listed(pinfo.id), 5000));
	ASSERT_TRUE(KBPF_POLL(!map_id_listed(minfo.id), 5000));
}

/* The semaphore at ref_ctr_offsets counts the attached links. */
TEST(link_uprobe_multi_ref_ctr)
{
	__u64 off = file_offset((const void *)uprobe_target);
	__u64 ref = file_offset((const void *)&uprobe_semaphore);
	union kbpf_attr attr;
	struct kbpf_link_info info;
	__u64 refs[1] = { 0 };
	__u32 len = sizeof(info);
	int map = seen_map();
	int prog = load_copier(map, KBPF_FUNC_probe_read_user, 0,
			       KBPF_TRACE_UPROBE_MULTI);
	int link;

	ASSERT_EQ(uprobe_semaphore, 0);
	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = prog;
	attr.link_create.attach_type = KBPF_TRACE_UPROBE_MULTI;
	attr.link_create.uprobe_multi.path = (__u64)(unsigned long)self_path();
	attr.link_create.uprobe_multi.offsets = (__u64)(unsigned long)&off;
	attr.link_create.uprobe_multi.ref_ctr_offsets =
		(__u64)(unsigned long)&ref;
	attr.link_create.uprobe_multi.cnt = 1;
	link = ASSERT_OK(kbpf_sys(KBPF_LINK_CREATE, &attr, sizeof(attr)));
	ASSERT_EQ(uprobe_semaphore, 1);
	call_resident("counted");
	ASSERT_EQ(read_seen(map).count, 1);

	memset(&info, 0, sizeof(info));
	info.uprobe_multi.ref_ctr_offsets = (__u64)(unsigned long)refs;
	info.uprobe_multi.count = 1;
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	ASSERT_EQ(refs[0], ref);

	close(link);
	ASSERT_EQ(uprobe_semaphore, 0);
	close(prog);
	close(map);
}
