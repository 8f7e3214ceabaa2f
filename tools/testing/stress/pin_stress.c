// SPDX-License-Identifier: GPL-2.0
/*
 * pin_stress: four processes pin, get, rename, unlink and read pins in
 * one directory of the pin filesystem at once.
 *
 *   pin_stress [SECONDS]    (default 10)
 *
 * The parent creates a few maps whose element 0 holds a stamp, and a
 * directory /sys/fs/kbpf/pin_stress (KBPF_TEST_TARGET=linux: the same
 * under /sys/fs/bpf, bpffs). Each child, for SECONDS, picks at random:
 * pin one of the maps or a map of its own it closes at once (dropped
 * if the pin fails), OBJ_GET and check the stamp, rename (plain,
 * NOREPLACE or EXCHANGE), unlink, read the pinned file (kbpf) or
 * mkdir/rmdir a subdirectory. Checked:
 *  - every errno is one the operation may give in a racing directory;
 *  - every map OBJ_GET returns carries a stamp;
 *  - at the end every surviving pin resolves, and once they are all
 *    unlinked and the fds closed, every map's ID is gone.
 * Prints TAP; exits 1 on any violation.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/fs.h>

#include <uapi/linux/kbpf.h>
#include "tools/lib/kbpf/bpf.h"

#define NR_PROCS	4
#define NR_MAPS		4
#define NR_NAMES	16
#define STAMP		0x6b62706600000000ULL
#define MAX_IDS		4096

static char dir[256];
static int map_fds[NR_MAPS];

/* Shared with the children: counters and the IDs of every map made. */
struct shared {
	long violations;
	long ops;
	long ok;
	int nr_ids;
	__u32 ids[MAX_IDS];
};

static struct shared *shared;

static void violation(const char *fmt, ...)
{
	va_list ap;

	if (__atomic_fetch_add(&shared->violations, 1, __ATOMIC_RELAXED) >= 20)
		return;
	va_start(ap, fmt);
	printf("# VIOLATION [%d]: ", getpid());
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
}

static void record_id(int fd)
{
	struct kbpf_map_info info;
	__u32 len = sizeof(info);
	int i;

	memset(&info, 0, sizeof(info));
	if (kbpf_map_get_info_by_fd(fd, &info, &len)) {
		violation("OBJ_GET_INFO_BY_FD: %s", strerror(errno));
		return;
	}
	i = __atomic_fetch_add(&shared->nr_ids, 1, __ATOMIC_RELAXED);
	if (i < MAX_IDS)
		shared->ids[i] = info.id;
}

/* An array of one u64, element 0 stamped with @n. */
static int stamped_map(__u32 n)
{
	__u64 val = STAMP | n;
	__u32 key = 0;
	int fd;

	fd = kbpf_map_create(KBPF_MAP_TYPE_ARRAY, NULL, 4, 8, 1, NULL);
	if (fd < 0) {
		violation("MAP_CREATE: %s", strerror(errno));
		return -1;
	}
	if (kbpf_map_update_elem(fd, &key, &val, 0))
		violation("MAP_UPDATE_ELEM: %s", strerror(errno));
	record_id(fd);
	return fd;
}

static int obj_pin(int fd, const char *path)
{
	return kbpf_obj_pin(fd, path);
}

static int obj_get(const char *path)
{
	return kbpf_obj_get(path);
}

/* The stamp of the map behind @fd is intact. */
static bool stamped(int fd)
{
	__u32 key = 0;
	__u64 val = 0;

	return !kbpf_map_lookup_elem(fd, &key, &val) &&
	       (val & ~0xffffffffULL) == STAMP;
}

static void name(char *buf, size_t len, unsigned int i)
{
	snprintf(buf, len, "%s/p%u", dir, i % NR_NAMES);
}

static void check(const char *op, long ret, const int *allowed, int n)
{
	int i;

	__atomic_fetch_add(&shared->ops, 1, __ATOMIC_RELAXED);
	if (ret >= 0) {
		__atomic_fetch_add(&shared->ok, 1, __ATOMIC_RELAXED);
		return;
	}
	for (i = 0; i < n; i++)
		if (errno == allowed[i])
			return;
	violation("%s: %s", op, strerror(errno));
}

#define CHECK(op, ret, ...) do {					\
	static const int __allowed[] = { __VA_ARGS__ };			\
	check(op, ret, __allowed,					\
	      sizeof(__allowed) / sizeof(__allowed[0]));		\
} while (0)

static void child(int seconds, unsigned int seed)
{
	char a[300], b[300], buf[256];
	struct timespec now, end;
	int fd, n;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += seconds;
	srandom(seed);
	do {
		name(a, sizeof(a), random());
		name(b, sizeof(b), random());
		switch (random() % 9) {
		case 0:
		case 1:
			CHECK("pin", obj_pin(map_fds[random() % NR_MAPS], a),
			      EEXIST, EISDIR);
			break;
		case 2:
			fd = stamped_map(random() & 0xffff);
			if (fd >= 0) {
				CHECK("pin new", obj_pin(fd, a), EEXIST);
				close(fd);
			}
			break;
		case 3:
		case 4:
			fd = obj_get(a);
			CHECK("get", fd, ENOENT, EACCES);
			if (fd >= 0) {
				if (!stamped(fd))
					violation("%s: no stamp", a);
				close(fd);
			}
			break;
		case 5:
			CHECK("rename", syscall(SYS_renameat2, AT_FDCWD, a,
						AT_FDCWD, b,
						(unsigned int)(random() % 3)),
			      ENOENT, EEXIST, EISDIR, ENOTDIR, ENOTEMPTY,
			      EINVAL);
			break;
		case 6:
			CHECK("unlink", unlink(a), ENOENT, EISDIR);
			break;
		case 7:
			if (kbpf_target_linux())
				break;
			fd = open(a, O_RDONLY | O_CLOEXEC);
			CHECK("open", fd, ENOENT, EISDIR);
			if (fd >= 0) {
				while ((n = read(fd, buf, sizeof(buf))) > 0)
					;
				CHECK("read", n, EISDIR);
				close(fd);
			}
			break;
		case 8:
			if (random() & 1)
				CHECK("mkdir", mkdir(a, 0755), EEXIST);
			else
				CHECK("rmdir", rmdir(a), ENOENT, ENOTDIR,
				      ENOTEMPTY);
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec < end.tv_sec ||
		 (now.tv_sec == end.tv_sec && now.tv_nsec < end.tv_nsec));
	_exit(0);
}

static bool map_gone(__u32 id)
{
	int fd = kbpf_map_get_fd_by_id(id);

	if (fd >= 0) {
		close(fd);
		return false;
	}
	return errno == ENOENT;
}

/* Every surviving pin resolves to a stamped map; then remove them all. */
static int final_check(const char *path, int depth)
{
	char sub[600];
	struct dirent *d;
	struct stat st;
	int pins = 0, fd;
	DIR *dp = opendir(path);

	if (!dp) {
		violation("opendir %s: %s", path, strerror(errno));
		return 0;
	}
	while ((d = readdir(dp))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, d->d_name);
		if (lstat(sub, &st)) {
			violation("stat %s: %s", sub, strerror(errno));
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (depth < 8)
				pins += final_check(sub, depth + 1);
			if (rmdir(sub))
				violation("rmdir %s: %s", sub,
					  strerror(errno));
			continue;
		}
		fd = obj_get(sub);
		if (fd < 0 || !stamped(fd))
			violation("surviving pin %s does not resolve: %s",
				  sub, fd < 0 ? strerror(errno) : "no stamp");
		if (fd >= 0)
			close(fd);
		if (unlink(sub))
			violation("unlink %s: %s", sub, strerror(errno));
		pins++;
	}
	closedir(dp);
	return pins;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 10, i, pins, gone, status;
	int nr_ids;
	const char *target = getenv("KBPF_TEST_TARGET");
	const char *root, *fstype;
	long magic;
	struct statfs st;
	pid_t pids[NR_PROCS];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (seconds <= 0) {
		fprintf(stderr, "usage: %s [SECONDS]\n", argv[0]);
		return 2;
	}
	printf("TAP version 13\n1..1\n");
	if (kbpf_set_target_env()) {
		printf("Bail out! KBPF_TEST_TARGET=%s: %s\n", target,
		       strerror(errno));
		return 1;
	}
	root = kbpf_pin_dir(kbpf_get_target());
	fstype = kbpf_pin_fs_type(kbpf_get_target());
	magic = kbpf_target_linux() ? 0xcafe4a11 : 0x6b627066;
	if (statfs(root, &st) ||
	    (st.f_type != magic && mount(fstype, root, fstype, 0, NULL))) {
		printf("Bail out! %s: %s\n", root, strerror(errno));
		return 1;
	}
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		printf("Bail out! mmap: %s\n", strerror(errno));
		return 1;
	}
	snprintf(dir, sizeof(dir), "%s/pin_stress", root);
	if (mkdir(dir, 0755) && errno != EEXIST) {
		printf("Bail out! mkdir %s: %s\n", dir, strerror(errno));
		return 1;
	}
	printf("# %s, %s, %d processes for %d s\n",
	       kbpf_target_linux() ? "bpf(2)" : "/dev/kbpf", dir, NR_PROCS,
	       seconds);
	for (i = 0; i < NR_MAPS; i++)
		map_fds[i] = stamped_map(i);

	for (i = 0; i < NR_PROCS; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			printf("Bail out! fork: %s\n", strerror(errno));
			return 1;
		}
		if (pids[i] == 0)
			child(seconds, 0x9e3779b9u * (i + 1));
	}
	for (i = 0; i < NR_PROCS; i++)
		if (waitpid(pids[i], &status, 0) != pids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status))
			violation("child %d ended with status %#x", i, status);

	pins = final_check(dir, 0);
	if (rmdir(dir))
		violation("rmdir %s: %s", dir, strerror(errno));
	for (i = 0; i < NR_MAPS; i++)
		close(map_fds[i]);
	/* Every map's last reference is gone: all IDs go, soon. */
	nr_ids = shared->nr_ids < MAX_IDS ? shared->nr_ids : MAX_IDS;
	for (gone = 0, i = 0; i < 300 && gone < nr_ids; i++) {
		int j;

		for (gone = 0, j = 0; j < nr_ids; j++)
			gone += map_gone(shared->ids[j]);
		if (gone < nr_ids)
			usleep(10000);
	}
	if (gone < nr_ids)
		violation("%d of %d maps still have an ID", nr_ids - gone,
			  nr_ids);
	printf("# %ld operations, %ld succeeded, %d maps, %d pins at the end\n",
	       shared->ops, shared->ok, shared->nr_ids, pins);
	if (shared->violations) {
		printf("not ok 1 pin_stress # %ld violations\n",
		       shared->violations);
		return 1;
	}
	printf("ok 1 pin_stress\n");
	return 0;
}
