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
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/* bpf(2)'s convention, which the tests check: -1 with errno. */
static int sysret(int ret)
{
	return ret < 0 ? -1 : ret;
}

int kbpf_map_new(__u32 type, __u32 key_size, __u32 value_size,
		 __u32 max_entries, __u32 flags)
{
	KBPF_OPTS(kbpf_map_create_opts, opts, .map_flags = flags);

	return sysret(kbpf_map_create(type, NULL, key_size, value_size,
				      max_entries, &opts));
}

int kbpf_array_create(__u32 value_size, __u32 max_entries)
{
	return kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, value_size, max_entries,
			    0);
}

int kbpf_map_lookup(int fd, const void *key, void *value, __u64 flags)
{
	return sysret(kbpf_map_lookup_elem_flags(fd, key, value, flags));
}

int kbpf_map_update(int fd, const void *key, const void *value, __u64 flags)
{
	return sysret(kbpf_map_update_elem(fd, key, value, flags));
}

int kbpf_map_delete(int fd, const void *key)
{
	return sysret(kbpf_map_delete_elem(fd, key));
}

int kbpf_map_next_key(int fd, const void *key, void *next_key)
{
	return sysret(kbpf_map_get_next_key(fd, key, next_key));
}

int kbpf_map_next_id(__u32 start_id, __u32 *next_id)
{
	return sysret(kbpf_map_get_next_id(start_id, next_id));
}

int kbpf_map_fd_by_id(__u32 id, __u32 open_flags)
{
	KBPF_OPTS(kbpf_get_fd_by_id_opts, opts, .open_flags = open_flags);

	return sysret(kbpf_map_get_fd_by_id_opts(id, &opts));
}

int kbpf_obj_info(int fd, void *info, __u32 *info_len)
{
	return sysret(kbpf_obj_get_info_by_fd(fd, info, info_len));
}

bool kbpf_map_named_exists(const char *name)
{
	struct kbpf_map_info info;
	__u32 id = 0, len;
	bool found = false;
	int fd;

	while (!kbpf_map_next_id(id, &id)) {
		fd = kbpf_map_fd_by_id(id, 0);
		if (fd < 0)
			continue;	/* freed meanwhile */
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (!kbpf_obj_info(fd, &info, &len))
			found |= !strcmp(info.name, name);
		close(fd);
	}
	ASSERT_EQ(errno, ENOENT);
	return found;
}

int kbpf_map_lookup_and_delete(int fd, const void *key, void *value,
			       __u64 flags)
{
	return sysret(kbpf_map_lookup_and_delete_elem_flags(fd, key, value,
							    flags));
}

int kbpf_map_batch(int cmd, int fd, const void *in_batch, void *out_batch,
		   void *keys, void *values, __u32 *count, __u64 elem_flags,
		   __u64 flags)
{
	KBPF_OPTS(kbpf_map_batch_opts, opts, .elem_flags = elem_flags,
		  .flags = flags);

	return sysret(kbpf_map_batch_cmd(cmd, fd, in_batch, out_batch, keys,
					 values, count, &opts));
}

int kbpf_nr_possible_cpus(void)
{
	int saved = errno, n = kbpf_num_possible_cpus();

	if (n < 0)
		FAIL("/sys/devices/system/cpu/possible: %s",
		     kbpf_errname(-n));
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
	return kbpf_pin_fs_type(kbpf_get_target());
}

const char *kbpf_pin_root(void)
{
	const char *root = kbpf_pin_dir(kbpf_get_target());
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
	KBPF_OPTS(kbpf_obj_pin_opts, opts, .file_flags = file_flags,
		  .path_fd = path_fd);

	return sysret(kbpf_obj_pin_opts(fd, path, &opts));
}

int kbpf_obj_get_at(int path_fd, const char *path, __u32 file_flags)
{
	KBPF_OPTS(kbpf_obj_get_opts, opts, .file_flags = file_flags,
		  .path_fd = path_fd);

	return sysret(kbpf_obj_get_opts(path, &opts));
}

int kbpf_obj_get_flags(const char *path, __u32 file_flags)
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

	if (!(t->targets & kbpf_get_target())) {
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

	if (kbpf_set_target_name(env)) {
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
	if (!kbpf_target_linux() && kbpf_dev_fd() < 0) {
		printf("Bail out! /dev/kbpf: %s\n", kbpf_errname(errno));
		return 1;
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
