// SPDX-License-Identifier: GPL-2.0
/*
 * test_compat: the compatibility layer's own rules, run under kbpf-run in
 * a guest with kbpf loaded and the host's bpffs on /sys/fs/bpf. A plain
 * dynamically linked client (libc's syscall(), no libkbpf), as libbpf is.
 * TAP output; exit 1 on any failure. Built twice: dynamic (the preload
 * library) and static with libkbpf-compat.a (test_compat_static).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/bpf.h>
#include <linux/perf_event.h>

#define BPF_FS_MAGIC	0xcafe4a11
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define PIN		"/sys/fs/bpf/compat_test_map"
#define KBPF_PIN	"/sys/fs/kbpf/compat_test_map"

static int failed, count;
static const char *prefix = "compat_";

static void check(int ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void check(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	count++;
	printf("%sok %d %s%s", ok ? "" : "not ", count, prefix, name);
	if (!ok) {
		printf(" # ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		failed = 1;
	}
	printf("\n");
}

static long sys_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

static const char *fd_kind(int fd)
{
	static char link[64];
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	link[n < 0 ? 0 : n] = '\0';
	return link;
}

static int map_create(void)
{
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_ARRAY,
		.key_size = 4, .value_size = 8, .max_entries = 1,
	};

	return sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
}

static int prog_load(void)
{
	static const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (unsigned long)insns, .insn_cnt = 2,
		.license = (unsigned long)"GPL",
	};

	return sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

/* The host's own view of @path: the raw system call, not the layer. */
static int host_exists(const char *path)
{
	struct stat st;

	return syscall(SYS_newfstatat, AT_FDCWD, path, &st, 0) == 0;
}

static void test_objects(int map_fd, int prog_fd)
{
	union bpf_attr attr = {};
	long ret;

	check(map_fd >= 0 && strstr(fd_kind(map_fd), "kbpf-map"), "map_is_kbpf",
	      "fd %d: %s (%s)", map_fd, fd_kind(map_fd), strerror(errno));
	check(prog_fd >= 0 && strstr(fd_kind(prog_fd), "kbpf-prog"),
	      "prog_is_kbpf", "fd %d: %s (%s)", prog_fd, fd_kind(prog_fd),
	      strerror(errno));
	ret = sys_bpf(BPF_BTF_LOAD, &attr, sizeof(attr));
	check(ret == -1 && errno == EOPNOTSUPP, "btf_load_kbpf_errno",
	      "ret %ld errno %s", ret, strerrorname_np(errno));
}

static void test_pins(int map_fd)
{
	union bpf_attr attr = { .pathname = (unsigned long)PIN,
				.bpf_fd = map_fd };
	struct statfs sfs = {};
	long ret;
	int fd;

	check(!statfs("/sys/fs/bpf", &sfs) && sfs.f_type == BPF_FS_MAGIC,
	      "statfs_magic", "f_type %#lx", (long)sfs.f_type);
	fd = open("/sys/fs/bpf", O_RDONLY | O_DIRECTORY);
	check(fd >= 0 && !fstatfs(fd, &sfs) && sfs.f_type == BPF_FS_MAGIC,
	      "fstatfs_magic", "fd %d f_type %#lx", fd, (long)sfs.f_type);
	close(fd);
	check(!statfs("/tmp", &sfs) && sfs.f_type != BPF_FS_MAGIC,
	      "statfs_other_fs", "f_type %#lx", (long)sfs.f_type);
	ret = sys_bpf(BPF_OBJ_PIN, &attr, sizeof(attr));
	check(!ret && host_exists(KBPF_PIN) && !host_exists(PIN),
	      "pin_goes_to_kbpf", "ret %ld errno %s", ret, strerrorname_np(errno));
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (unsigned long)PIN;
	fd = sys_bpf(BPF_OBJ_GET, &attr, sizeof(attr));
	check(fd >= 0 && strstr(fd_kind(fd), "kbpf-map"), "obj_get", "fd %d %s",
	      fd, strerrorname_np(errno));
	close(fd);
	check(!unlink(PIN) && !host_exists(KBPF_PIN), "unlink", "%s",
	      strerrorname_np(errno));
	/* What the layer cannot read is kbpf's to refuse, not a crash. */
	attr.pathname = 8;
	ret = sys_bpf(BPF_OBJ_GET, &attr, sizeof(attr));
	check(ret == -1 && errno == EFAULT, "bad_path_efault", "ret %ld errno %s",
	      ret, strerrorname_np(errno));
	ret = sys_bpf(BPF_OBJ_GET, (union bpf_attr *)8, sizeof(attr));
	check(ret == -1 && errno == EFAULT, "bad_attr_efault", "ret %ld errno %s",
	      ret, strerrorname_np(errno));
	/* Nor is a bad path given to libc: its EFAULT, as without it. */
	errno = 0;
	check(statfs((const char *)8, &sfs) == -1 && errno == EFAULT,
	      "statfs_bad_path_efault", "errno %s", strerrorname_np(errno));
	errno = 0;
	check(open((const char *)8, O_RDONLY) == -1 && errno == EFAULT,
	      "open_bad_path_efault", "errno %s", strerrorname_np(errno));
	errno = 0;
	check(mkdir((const char *)8, 0700) == -1 && errno == EFAULT,
	      "mkdir_bad_path_efault", "errno %s", strerrorname_np(errno));
	check(!mkdir("/sys/fs/bpf/compat_dir", 0700) &&
	      host_exists("/sys/fs/kbpf/compat_dir") &&
	      !host_exists("/sys/fs/bpf/compat_dir") &&
	      !rmdir("/sys/fs/bpf/compat_dir"), "mkdir_rmdir", "%s",
	      strerrorname_np(errno));
}

static void test_no_fall_through(int prog_fd)
{
	union bpf_attr attr = {};
	int sock, bad = -1;
	long ret;

	struct perf_event_attr pattr = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(pattr),
		.config = PERF_COUNT_SW_DUMMY,
	};
	int pfd;

	/* A software event is the host's: kbpf has tracepoint events only. */
	pfd = syscall(__NR_perf_event_open, &pattr, 0, -1, -1, 0);
	check(pfd >= 0 && !strstr(fd_kind(pfd), "kbpf"), "perf_event_open_host",
	      "fd %d %s (%s)", pfd, fd_kind(pfd), strerrorname_np(errno));
	ret = ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog_fd);
	check(ret == -1 && errno == EOPNOTSUPP, "perf_set_bpf",
	      "ret %ld errno %s", ret, strerrorname_np(errno));
	ret = ioctl(pfd, PERF_EVENT_IOC_QUERY_BPF, NULL);
	check(ret == -1 && errno == EOPNOTSUPP, "perf_query_bpf",
	      "ret %ld errno %s", ret, strerrorname_np(errno));
	close(pfd);
	sock = socket(AF_INET, SOCK_DGRAM, 0);
	ret = setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &prog_fd,
			 sizeof(prog_fd));
	check(ret == -1 && errno == EOPNOTSUPP, "so_attach_bpf",
	      "ret %ld errno %s", ret, strerrorname_np(errno));
	/* Not a kbpf fd: the host answers, as without the layer. */
	ret = setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &bad, sizeof(bad));
	check(ret == -1 && errno == EBADF, "so_attach_bpf_not_kbpf",
	      "ret %ld errno %s", ret, strerrorname_np(errno));
	close(sock);
	attr.link_create.prog_fd = prog_fd;
	attr.link_create.target_fd = 0;
	attr.link_create.attach_type = BPF_PERF_EVENT;
	ret = sys_bpf(BPF_LINK_CREATE, &attr, sizeof(attr));
	check(ret == -1 && errno == EINVAL, "link_create_perf_event",
	      "ret %ld errno %s", ret, strerrorname_np(errno));
}

/* The ID tracefs gives signal/signal_generate, or -1. */
static int signal_generate_id(void)
{
	FILE *f = fopen("/sys/kernel/debug/tracing/events/signal/signal_generate/id",
			"r");
	int id = -1;

	if (f && fscanf(f, "%d", &id) != 1)
		id = -1;
	if (f)
		fclose(f);
	return id;
}

/*
 * libbpf's SEC("tp/...") attach: a counting tracepoint event is kbpf's,
 * takes a kbpf TRACEPOINT program; a sampling one stays the host's.
 */
static void test_tracepoint_events(void)
{
	static const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_TRACEPOINT,
		.insns = (unsigned long)insns, .insn_cnt = 2,
		.license = (unsigned long)"GPL",
	};
	struct perf_event_attr pattr = {
		.type = PERF_TYPE_TRACEPOINT, .size = sizeof(pattr),
		.config = signal_generate_id(),
	};
	int prog, pfd, link;
	long ret;

	prog = sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	pfd = syscall(__NR_perf_event_open, &pattr, -1, 0, -1,
		      PERF_FLAG_FD_CLOEXEC);
	check(pfd >= 0 && strstr(fd_kind(pfd), "kbpf-perf-event"),
	      "perf_event_open_tracepoint_kbpf", "fd %d %s (%s)", pfd,
	      fd_kind(pfd), strerrorname_np(errno));
	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = prog;
	attr.link_create.target_fd = pfd;
	attr.link_create.attach_type = BPF_PERF_EVENT;
	link = sys_bpf(BPF_LINK_CREATE, &attr, sizeof(attr));
	check(link >= 0 && !ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0) &&
	      ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog) == -1 && errno == EEXIST,
	      "perf_link_tracepoint_kbpf", "link %d errno %s", link,
	      strerrorname_np(errno));
	close(link);
	close(pfd);
	/* A sample type alone: still counting, still kbpf's. */
	pattr.sample_type = PERF_SAMPLE_RAW | PERF_SAMPLE_IP;
	pfd = syscall(__NR_perf_event_open, &pattr, -1, 0, -1, 0);
	check(pfd >= 0 && strstr(fd_kind(pfd), "kbpf-perf-event"),
	      "perf_event_open_sample_type_kbpf", "fd %d %s (%s)", pfd,
	      fd_kind(pfd), strerrorname_np(errno));
	close(pfd);
	/* kbpf's errno: the tracepoint PMU has no branch stack. */
	pattr.sample_type = PERF_SAMPLE_BRANCH_STACK;
	pattr.branch_sample_type = PERF_SAMPLE_BRANCH_ANY;
	ret = syscall(__NR_perf_event_open, &pattr, -1, 0, -1, 0);
	check(ret == -1 && errno == EOPNOTSUPP,
	      "perf_event_open_branch_stack_kbpf", "ret %ld errno %s", ret,
	      strerrorname_np(errno));
	pattr.branch_sample_type = 0;
	pattr.sample_period = 1;
	pattr.sample_type = PERF_SAMPLE_RAW;
	pfd = syscall(__NR_perf_event_open, &pattr, -1, 0, -1, 0);
	check(pfd >= 0 && !strstr(fd_kind(pfd), "kbpf"),
	      "perf_event_open_sampling_host", "fd %d %s (%s)", pfd,
	      fd_kind(pfd), strerrorname_np(errno));
	close(pfd);
	ret = syscall(__NR_perf_event_open, (void *)8, -1, 0, -1, 0);
	check(ret == -1 && errno == EFAULT, "perf_event_open_bad_attr",
	      "ret %ld errno %s", ret, strerrorname_np(errno));
	close(prog);
}

static void test_sysctls(void)
{
	static const char *const names[] = { "bpf_jit_enable",
					      "bpf_jit_harden",
					      "bpf_jit_kallsyms" };
	char path[96], line[16] = "";
	unsigned int i;
	FILE *f;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "/proc/sys/net/core/%s", names[i]);
		f = fopen(path, "r");
		check(f && fgets(line, sizeof(line), f) && !strcmp(line, "0\n"),
		      names[i], "read '%s'", line);
		if (f)
			fclose(f);
	}
	f = fopen("/proc/sys/kernel/unprivileged_bpf_disabled", "r");
	check(f && fgets(line, sizeof(line), f) && !strcmp(line, "2\n"),
	      "unprivileged_bpf_disabled", "read '%s'", line);
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	int map_fd, prog_fd;

	/* The same test linked statically with libkbpf-compat.a. */
	if (argc > 0 && strstr(argv[0], "static"))
		prefix = "compat_static_";
	printf("TAP version 13\n1..31\n");
	map_fd = map_create();
	prog_fd = prog_load();
	test_objects(map_fd, prog_fd);
	test_pins(map_fd);
	test_no_fall_through(prog_fd);
	test_tracepoint_events();
	test_sysctls();
	close(map_fd);
	close(prog_fd);
	return failed;
}
