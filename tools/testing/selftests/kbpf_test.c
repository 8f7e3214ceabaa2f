// SPDX-License-Identifier: GPL-2.0
/*
 * The harness: test registry, the runner (TAP 13, one forked child per test)
 * and the helpers the tests share.
 *
 * Usage: kbpf_selftests [-l] [NAME]...
 *   -l      list the tests and exit
 *   NAME    run only these tests (the plan still numbers them 1..N)
 * Environment:
 *   KBPF_TEST_TARGET   kbpf (default: ioctl on /dev/kbpf) or linux (bpf(2))
 *   KBPF_TEST_TIMEOUT  seconds per test (default 30)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>

#include "kbpf_test.h"

#define KBPF_EXIT_FAIL	1
#define KBPF_EXIT_SKIP	4

static struct kbpf_test *tests_head, **tests_tail = &tests_head;
static enum kbpf_target target = KBPF_TARGET_KBPF;
static int kbpf_dev = -1;

/* Written by a skipping child, read by the runner. */
static char *skip_reason;
#define SKIP_REASON_LEN	256

/* Called from constructors: keeps declaration order within a file. */
void kbpf_test_register(struct kbpf_test *t)
{
	*tests_tail = t;
	tests_tail = &t->next;
}

const char *kbpf_errname(int err)
{
	static char buf[2][16];
	static int i;
	const char *name = err ? strerrorname_np(err) : NULL;

	if (name)
		return name;
	i ^= 1;
	snprintf(buf[i], sizeof(buf[i]), "%d", err);
	return buf[i];
}

void kbpf_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void kbpf_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	_exit(KBPF_EXIT_FAIL);
}

void kbpf_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(skip_reason, SKIP_REASON_LEN, fmt, ap);
	va_end(ap);
	fflush(stdout);
	_exit(KBPF_EXIT_SKIP);
}

bool kbpf_target_linux(void)
{
	return target == KBPF_TARGET_LINUX;
}

long kbpf_sys(int cmd, union kbpf_attr *attr, unsigned int size)
{
	struct kbpf_ioc ioc = {
		.cmd = cmd,
		.size = size,
		.attr = (__u64)(uintptr_t)attr,
	};

	if (target == KBPF_TARGET_LINUX)
		return syscall(__NR_bpf, cmd, attr, size);
	if (kbpf_dev < 0) {
		kbpf_dev = open("/dev/kbpf", O_RDWR | O_CLOEXEC);
		if (kbpf_dev < 0)
			return -1;
	}
	return ioctl(kbpf_dev, KBPF_IOC_BPF, &ioc);
}

int kbpf_map_create(__u32 type, __u32 key_size, __u32 value_size,
		    __u32 max_entries, __u32 flags)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	attr.map_flags = flags;
	return kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr));
}

int kbpf_array_create(__u32 value_size, __u32 max_entries)
{
	return kbpf_map_create(KBPF_MAP_TYPE_ARRAY, 4, value_size,
			       max_entries, 0);
}

static int map_elem(int cmd, int fd, const void *key, void *value,
		    __u64 flags)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (__u64)(uintptr_t)key;
	attr.value = (__u64)(uintptr_t)value;
	attr.flags = flags;
	return kbpf_sys(cmd, &attr, sizeof(attr));
}

int kbpf_map_lookup(int fd, const void *key, void *value, __u64 flags)
{
	return map_elem(KBPF_MAP_LOOKUP_ELEM, fd, key, value, flags);
}

int kbpf_map_update(int fd, const void *key, const void *value, __u64 flags)
{
	return map_elem(KBPF_MAP_UPDATE_ELEM, fd, key, (void *)value, flags);
}

int kbpf_map_delete(int fd, const void *key)
{
	return map_elem(KBPF_MAP_DELETE_ELEM, fd, key, NULL, 0);
}

int kbpf_map_next_key(int fd, const void *key, void *next_key)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (__u64)(uintptr_t)key;
	attr.next_key = (__u64)(uintptr_t)next_key;
	return kbpf_sys(KBPF_MAP_GET_NEXT_KEY, &attr, sizeof(attr));
}

int kbpf_map_next_id(__u32 start_id, __u32 *next_id)
{
	union kbpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.start_id = start_id;
	err = kbpf_sys(KBPF_MAP_GET_NEXT_ID, &attr, sizeof(attr));
	if (!err)
		*next_id = attr.next_id;
	return err;
}

int kbpf_map_fd_by_id(__u32 id, __u32 open_flags)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_id = id;
	attr.open_flags = open_flags;
	return kbpf_sys(KBPF_MAP_GET_FD_BY_ID, &attr, sizeof(attr));
}

int kbpf_obj_info(int fd, void *info, __u32 *info_len)
{
	union kbpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = *info_len;
	attr.info.info = (__u64)(uintptr_t)info;
	err = kbpf_sys(KBPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr));
	if (!err)
		*info_len = attr.info.info_len;
	return err;
}

int kbpf_map_lookup_and_delete(int fd, const void *key, void *value,
			       __u64 flags)
{
	return map_elem(KBPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, key, value,
			flags);
}

int kbpf_map_freeze(int fd)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	return kbpf_sys(KBPF_MAP_FREEZE, &attr, sizeof(attr));
}

int kbpf_map_batch(int cmd, int fd, const void *in_batch, void *out_batch,
		   void *keys, void *values, __u32 *count, __u64 elem_flags,
		   __u64 flags)
{
	union kbpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.batch.map_fd = fd;
	attr.batch.in_batch = (__u64)(uintptr_t)in_batch;
	attr.batch.out_batch = (__u64)(uintptr_t)out_batch;
	attr.batch.keys = (__u64)(uintptr_t)keys;
	attr.batch.values = (__u64)(uintptr_t)values;
	attr.batch.count = *count;
	attr.batch.elem_flags = elem_flags;
	attr.batch.flags = flags;
	err = kbpf_sys(cmd, &attr, sizeof(attr));
	*count = attr.batch.count;
	return err;
}

int kbpf_nr_possible_cpus(void)
{
	char buf[256], *p, *end;
	int n = 0, saved = errno;
	long lo, hi;
	FILE *f;

	f = fopen("/sys/devices/system/cpu/possible", "r");
	if (!f)
		FAIL("/sys/devices/system/cpu/possible: %s",
		     kbpf_errname(errno));
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	if (!p)
		FAIL("/sys/devices/system/cpu/possible is empty");
	/* A list of ranges: "0-3", "0,2-5,7". */
	while (*p && *p != '\n') {
		lo = strtol(p, &end, 10);
		if (end == p)
			FAIL("cannot parse cpu list \"%s\"", buf);
		hi = lo;
		if (*end == '-') {
			p = end + 1;
			hi = strtol(p, &end, 10);
			if (end == p || hi < lo)
				FAIL("cannot parse cpu list \"%s\"", buf);
		}
		n += hi - lo + 1;
		p = *end == ',' ? end + 1 : end;
	}
	if (n <= 0)
		FAIL("no possible cpus in \"%s\"", buf);
	errno = saved;
	return n;
}

void kbpf_pin_cpu(void)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	if (cpu < 0)
		FAIL("sched_getcpu: %s", kbpf_errname(errno));
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		FAIL("sched_setaffinity(%d): %s", cpu, kbpf_errname(errno));
}

void kbpf_map_info(int fd, struct kbpf_map_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	ASSERT_OK(kbpf_obj_info(fd, info, &len));
	ASSERT_EQ(len, sizeof(*info));
}

/* statfs(2) f_type of bpffs and of kbpf's pin filesystem ("kbpf"). */
#define KBPF_BPF_FS_MAGIC	0xcafe4a11
#define KBPF_KBPF_FS_MAGIC	0x6b627066

const char *kbpf_pin_fstype(void)
{
	return kbpf_target_linux() ? "bpf" : "kbpf";
}

const char *kbpf_pin_root(void)
{
	const char *root = kbpf_target_linux() ? "/sys/fs/bpf" : "/sys/fs/kbpf";
	long magic = kbpf_target_linux() ? KBPF_BPF_FS_MAGIC :
					   KBPF_KBPF_FS_MAGIC;
	int saved = errno;
	struct statfs st;

	if (statfs(root, &st))
		FAIL("statfs(%s): %s", root, kbpf_errname(errno));
	if (st.f_type != magic &&
	    mount(kbpf_pin_fstype(), root, kbpf_pin_fstype(), 0, NULL))
		FAIL("mount -t %s %s: %s", kbpf_pin_fstype(), root,
		     kbpf_errname(errno));
	errno = saved;
	return root;
}

int kbpf_obj_pin_at(int fd, int path_fd, const char *path, __u32 file_flags)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = (__u64)(uintptr_t)path;
	attr.bpf_fd = fd;
	attr.file_flags = file_flags;
	attr.path_fd = path_fd;
	return kbpf_sys(KBPF_OBJ_PIN, &attr, sizeof(attr));
}

int kbpf_obj_get_at(int path_fd, const char *path, __u32 file_flags)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = (__u64)(uintptr_t)path;
	attr.file_flags = file_flags;
	attr.path_fd = path_fd;
	return kbpf_sys(KBPF_OBJ_GET, &attr, sizeof(attr));
}

int kbpf_obj_pin(int fd, const char *path)
{
	return kbpf_obj_pin_at(fd, 0, path, 0);
}

int kbpf_obj_get(const char *path, __u32 file_flags)
{
	return kbpf_obj_get_at(0, path, file_flags);
}

void kbpf_caps_keep(__u64 mask)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {
		{ .effective = (__u32)mask, .permitted = (__u32)mask },
		{ .effective = mask >> 32, .permitted = mask >> 32 },
	};

	if (syscall(SYS_capset, &hdr, data))
		FAIL("capset(%#llx): %s", (unsigned long long)mask,
		     kbpf_errname(errno));
}

void kbpf_require_unpriv_disabled(void)
{
	char buf[8] = "";
	FILE *f;

	if (!kbpf_target_linux())
		return;
	f = fopen("/proc/sys/kernel/unprivileged_bpf_disabled", "r");
	if (!f)
		SKIP("no kernel.unprivileged_bpf_disabled");
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	if (buf[0] == '0' || buf[0] == '\0')
		SKIP("kernel.unprivileged_bpf_disabled is not set");
}

static bool selected(const struct kbpf_test *t, int argc, char **argv)
{
	int i;

	if (argc == 0)
		return true;
	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], t->name))
			return true;
	return false;
}

enum kbpf_result { KBPF_PASS, KBPF_FAIL, KBPF_SKIP };

static enum kbpf_result run_one(const struct kbpf_test *t, int num,
				unsigned int timeout)
{
	int status;
	pid_t pid;

	if (!(t->targets & target)) {
		printf("ok %d %s # SKIP %s only\n", num, t->name,
		       t->targets == KBPF_TARGET_KBPF ? "kbpf" : "linux");
		return KBPF_SKIP;
	}

	skip_reason[0] = '\0';
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("# fork: %s\n", kbpf_errname(errno));
		printf("not ok %d %s\n", num, t->name);
		return KBPF_FAIL;
	}
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(timeout);
		t->fn();
		fflush(stdout);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			printf("# waitpid: %s\n", kbpf_errname(errno));
			printf("not ok %d %s\n", num, t->name);
			return KBPF_FAIL;
		}
	}

	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("ok %d %s\n", num, t->name);
		return KBPF_PASS;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == KBPF_EXIT_SKIP) {
		printf("ok %d %s # SKIP %s\n", num, t->name, skip_reason);
		return KBPF_SKIP;
	}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		printf("# %s: timed out after %u s\n", t->name, timeout);
	else if (WIFSIGNALED(status))
		printf("# %s: killed by signal %d (%s)\n", t->name,
		       WTERMSIG(status), strsignal(WTERMSIG(status)));
	printf("not ok %d %s\n", num, t->name);
	return KBPF_FAIL;
}

int main(int argc, char **argv)
{
	const char *env = getenv("KBPF_TEST_TARGET");
	unsigned int timeout = 30, planned = 0, failed = 0, skipped = 0;
	const struct kbpf_test *t;
	int num = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "-l")) {
		for (t = tests_head; t; t = t->next)
			printf("%s\n", t->name);
		return 0;
	}
	argc--, argv++;

	if (env && !strcmp(env, "linux")) {
		target = KBPF_TARGET_LINUX;
	} else if (env && *env && strcmp(env, "kbpf")) {
		fprintf(stderr, "KBPF_TEST_TARGET must be kbpf or linux\n");
		return 2;
	}
	env = getenv("KBPF_TEST_TIMEOUT");
	if (env && atoi(env) > 0)
		timeout = atoi(env);

	skip_reason = mmap(NULL, SKIP_REASON_LEN, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (skip_reason == MAP_FAILED) {
		perror("mmap");
		return 2;
	}

	for (t = tests_head; t; t = t->next)
		planned += selected(t, argc, argv);

	printf("TAP version 13\n");
	printf("1..%u\n", planned);
	printf("# target: %s\n", kbpf_target_linux() ? "linux bpf(2)" :
	       "/dev/kbpf");

	/*
	 * Open the device once, before any test drops a capability: the
	 * children share this fd, so privileges are checked per command.
	 */
	if (!kbpf_target_linux()) {
		kbpf_dev = open("/dev/kbpf", O_RDWR | O_CLOEXEC);
		if (kbpf_dev < 0) {
			printf("Bail out! /dev/kbpf: %s\n",
			       kbpf_errname(errno));
			return 1;
		}
	}

	for (t = tests_head; t; t = t->next) {
		if (!selected(t, argc, argv))
			continue;
		switch (run_one(t, ++num, timeout)) {
		case KBPF_PASS:
			break;
		case KBPF_FAIL:
			failed++;
			break;
		case KBPF_SKIP:
			skipped++;
			break;
		}
	}
	printf("# %u passed, %u failed, %u skipped\n",
	       planned - failed - skipped, failed, skipped);
	return failed ? 1 : 0;
}
