// SPDX-License-Identifier: GPL-2.0
/*
 * Pinning, as Linux 6.12's bpf_obj_pin() / bpf_obj_get() (kernel/bpf/
 * syscall.c) and bpffs (kernel/bpf/inode.c), kbpf's pin filesystem at
 * /sys/fs/kbpf standing in for bpffs at /sys/fs/bpf:
 * - OBJ_PIN: file_flags other than KBPF_F_PATH_FD, or a path_fd without
 *   it, -EINVAL; an fd that is not a map or program (closed included)
 *   -EINVAL; then the path is created (-ENOENT, -EEXIST, ...), its
 *   parent must be a pin fs directory (-EPERM), and the caller needs
 *   write and search permission there; the file is S_IFREG | 0600 &
 *   ~umask, owned by the caller.
 * - OBJ_GET: bpf_fd, unknown flags, RDONLY|WRONLY, path_fd without
 *   KBPF_F_PATH_FD: -EINVAL; the symlink-following path walk; the file
 *   permission for the access asked (-EACCES); a file that pins nothing
 *   -EACCES. A map fd carries the access asked; a program fd is
 *   read-write whatever was asked.
 * - Names with a dot are refused (-EPERM) by the lookup of any directory
 *   whose mode is not 0, so nothing can be created, opened or renamed
 *   to such a name there.
 * - A pin holds the object; unlink, rename over it or unmount drop it.
 *   Each mount is its own instance; mode=, uid=, gid= set the root, which
 *   is sticky, and show in /proc/mounts when not the default.
 * Reading a pinned file is kbpf's own (Linux without BTF: -EIO).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/fs.h>

#include "kbpf_prog.h"

#define NOBODY		65534
#define POLL_MS		2000

static const struct kbpf_insn ret0[] = {
	KBPF_RET_IMM(0),
};

#define PATH(buf, ...)	snprintf(buf, sizeof(buf), __VA_ARGS__)

/* A fresh directory of the pin fs, mode 0755, for this test's pins. */
static void make_dir(char *dir, size_t len)
{
	snprintf(dir, len, "%s/t%d", kbpf_pin_root(), getpid());
	if (mkdir(dir, 0755) || chmod(dir, 0755))
		FAIL("mkdir %s: %s", dir, kbpf_errname(errno));
}

static __u32 map_id(int fd)
{
	struct kbpf_map_info info;

	kbpf_map_info(fd, &info);
	return info.id;
}

static __u32 prog_id(int fd)
{
	struct kbpf_prog_info info;

	kbpf_prog_info(fd, &info);
	return info.id;
}

/* The map with @id is gone: GET_FD_BY_ID answers -ENOENT. */
static bool map_gone(__u32 id)
{
	int fd = kbpf_map_fd_by_id(id, 0);

	if (fd >= 0) {
		close(fd);
		return false;
	}
	return errno == ENOENT;
}

static bool prog_gone(__u32 id)
{
	int fd = kbpf_prog_fd_by_id(id);

	if (fd >= 0) {
		close(fd);
		return false;
	}
	return errno == ENOENT;
}

/* The ID of the map pinned at @path (flags 0), failing the test if none. */
static __u32 pinned_map_id(const char *path)
{
	int fd = kbpf_obj_get_flags(path, 0);
	__u32 id;

	if (fd < 0)
		FAIL("OBJ_GET %s: %s", path, kbpf_errname(errno));
	id = map_id(fd);
	close(fd);
	return id;
}

static int array_with_values(__u32 n, __u64 base)
{
	int fd = ASSERT_OK(kbpf_array_create(8, n));
	__u64 val;
	__u32 key;

	for (key = 0; key < n; key++) {
		val = base + key;
		ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	}
	return fd;
}

static int wait_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		FAIL("waitpid: %s", kbpf_errname(errno));
	if (!WIFEXITED(status))
		FAIL("child died with status %#x", status);
	return WEXITSTATUS(status);
}

/* In a child: become @uid/@gid without supplementary groups or caps. */
static void become(uid_t uid, gid_t gid)
{
	if (setgroups(0, NULL) || setresgid(gid, gid, gid) ||
	    setresuid(uid, uid, uid))
		_exit(125);
}

/* OBJ_GET as @uid/@gid in a child: 0 if it opened the pin, else errno. */
static int get_as(uid_t uid, gid_t gid, const char *path, __u32 flags)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		FAIL("fork: %s", kbpf_errname(errno));
	if (pid == 0) {
		become(uid, gid);
		fd = kbpf_obj_get_flags(path, flags);
		_exit(fd >= 0 ? 0 : errno);
	}
	return wait_child(pid);
}

/* OBJ_PIN of @fd as @uid/@gid in a child: 0 or errno. */
static int pin_as(uid_t uid, gid_t gid, int fd, const char *path)
{
	pid_t pid = fork();

	if (pid < 0)
		FAIL("fork: %s", kbpf_errname(errno));
	if (pid == 0) {
		become(uid, gid);
		_exit(kbpf_obj_pin(fd, path) ? errno : 0);
	}
	return wait_child(pid);
}

TEST(pin_map_outlives_its_process)
{
	char dir[128], path[PATH_MAX];
	struct kbpf_map_info info;
	__u64 val;
	__u32 key;
	pid_t pid;
	int fd;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/counts", dir);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		fd = array_with_values(4, 100);
		_exit(kbpf_obj_pin(fd, path) ? 1 : 0);
	}
	ASSERT_EQ(wait_child(pid), 0);

	fd = ASSERT_OK(kbpf_obj_get_flags(path, 0));
	ASSERT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.type, KBPF_MAP_TYPE_ARRAY);
	ASSERT_EQ(info.max_entries, 4);
	for (key = 0; key < 4; key++) {
		ASSERT_OK(kbpf_map_lookup(fd, &key, &val, 0));
		ASSERT_EQ(val, 100 + key);
	}
	/* Both fds are the same map: a write through one shows in the other. */
	key = 2;
	val = 7;
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	close(fd);
	fd = ASSERT_OK(kbpf_obj_get_flags(path, 0));
	ASSERT_OK(kbpf_map_lookup(fd, &key, &val, 0));
	ASSERT_EQ(val, 7);
	close(fd);
	ASSERT_OK(unlink(path));
	ASSERT_OK(rmdir(dir));
}

TEST(pin_file_mode_and_owner)
{
	char dir[128], path[PATH_MAX];
	struct stat st;
	int fd;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/m", dir);
	fd = ASSERT_OK(kbpf_array_create(8, 1));
	umask(027);
	ASSERT_OK(kbpf_obj_pin(fd, path));
	ASSERT_OK(stat(path, &st));
	ASSERT_EQ(st.st_mode, S_IFREG | 0600);
	ASSERT_EQ(st.st_uid, 0);
	ASSERT_EQ(st.st_nlink, 1);
	ASSERT_OK(unlink(path));
	umask(0277);
	ASSERT_OK(kbpf_obj_pin(fd, path));
	ASSERT_OK(stat(path, &st));
	ASSERT_EQ(st.st_mode, S_IFREG | 0400);
	ASSERT_OK(unlink(path));
	ASSERT_OK(rmdir(dir));
}

TEST(pin_get_access_flags)
{
	char dir[128], path[PATH_MAX];
	__u32 key = 0;
	__u64 val = 1;
	int fd, ro, wo;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/m", dir);
	fd = array_with_values(1, 5);
	ASSERT_OK(kbpf_obj_pin(fd, path));

	ro = ASSERT_OK(kbpf_obj_get_flags(path, KBPF_F_RDONLY));
	ASSERT_EQ(map_id(ro), map_id(fd));
	ASSERT_OK(kbpf_map_lookup(ro, &key, &val, 0));
	ASSERT_EQ(val, 5);
	ASSERT_ERRNO(kbpf_map_update(ro, &key, &val, KBPF_ANY), EPERM);

	wo = ASSERT_OK(kbpf_obj_get_flags(path, KBPF_F_WRONLY));
	val = 6;
	ASSERT_OK(kbpf_map_update(wo, &key, &val, KBPF_ANY));
	ASSERT_ERRNO(kbpf_map_lookup(wo, &key, &val, 0), EPERM);
	ASSERT_OK(kbpf_map_lookup(ro, &key, &val, 0));
	ASSERT_EQ(val, 6);

	ASSERT_ERRNO(kbpf_obj_get_flags(path, KBPF_F_RDONLY | KBPF_F_WRONLY),
		     EINVAL);
	close(ro);
	close(wo);
	close(fd);
	ASSERT_OK(unlink(path));
	ASSERT_OK(rmdir(dir));
}

TEST(pin_attr_checks)
{
	char dir[128], path[PATH_MAX];
	union kbpf_attr attr;
	int fd, dfd;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/m", dir);
	fd = ASSERT_OK(kbpf_array_create(8, 1));
	dfd = ASSERT_OK(open(dir, O_DIRECTORY | O_RDONLY | O_CLOEXEC));

	/* OBJ_PIN knows only KBPF_F_PATH_FD, and path_fd needs it. */
	ASSERT_ERRNO(kbpf_obj_pin_at(fd, 0, path, KBPF_F_RDONLY), EINVAL);
	ASSERT_ERRNO(kbpf_obj_pin_at(fd, 0, path, 1U << 15), EINVAL);
	ASSERT_ERRNO(kbpf_obj_pin_at(fd, dfd, path, 0), EINVAL);
	ASSERT_OK(kbpf_obj_pin(fd, path));

	/* OBJ_GET: no bpf_fd, access flags and KBPF_F_PATH_FD only. */
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (__u64)(uintptr_t)path;
	attr.bpf_fd = fd;
	ASSERT_ERRNO(kbpf_sys(KBPF_OBJ_GET, &attr, sizeof(attr)), EINVAL);
	ASSERT_ERRNO(kbpf_obj_get_flags(path, KBPF_F_NO_PREALLOC), EINVAL);
	ASSERT_ERRNO(kbpf_obj_get_at(dfd, path, 0), EINVAL);
	/* Past the last field (path_fd). */
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (__u64)(uintptr_t)path;
	((char *)&attr)[offsetof(union kbpf_attr, path_fd) + 4] = 1;
	ASSERT_ERRNO(kbpf_sys(KBPF_OBJ_GET, &attr, sizeof(attr)), EINVAL);

	close(dfd);
	close(fd);
	ASSERT_OK(unlink(path));
	ASSERT_OK(rmdir(dir));
}

TEST(pin_path_fd)
{
	char dir[128], path[PATH_MAX];
	int fd, dfd, got;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/m", dir);
	fd = ASSERT_OK(kbpf_array_create(8, 1));
	dfd = ASSERT_OK(open(dir, O_DIRECTORY | O_PATH | O_CLOEXEC));
	ASSERT_OK(kbpf_obj_pin_at(fd, dfd, "m", KBPF_F_PATH_FD));
	ASSERT_ERRNO(kbpf_obj_pin_at(fd, dfd, "m", KBPF_F_PATH_FD), EEXIST);
	got = ASSERT_OK(kbpf_obj_get_at(dfd, "m",
					KBPF_F_PATH_FD | KBPF_F_RDONLY));
	ASSERT_EQ(map_id(got), map_id(fd));
	close(got);
	/* An absolute path ignores path_fd. */
	got = ASSERT_OK(kbpf_obj_get_at(dfd, path, KBPF_F_PATH_FD));
	close(got);
	ASSERT_ERRNO(kbpf_obj_get_at(dfd, "nope", KBPF_F_PATH_FD), ENOENT);
	close(dfd);
	close(fd);
	ASSERT_OK(unlink(path));
	ASSERT_OK(rmdir(dir));
}

TEST(pin_errnos)
{
	char dir[128], path[PATH_MAX], other[PATH_MAX];
	int fd, null;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/m", dir);
	fd = ASSERT_OK(kbpf_array_create(8, 1));
	null = ASSERT_OK(open("/dev/null", O_RDONLY | O_CLOEXEC));

	/* Not a map or program, or not open: -EINVAL either way. */
	ASSERT_ERRNO(kbpf_obj_pin(null, path), EINVAL);
	ASSERT_ERRNO(kbpf_obj_pin(1000, path), EINVAL);

	ASSERT_OK(kbpf_obj_pin(fd, path));
	ASSERT_ERRNO(kbpf_obj_pin(fd, path), EEXIST);
	PATH(other, "%s/missing/m", dir);
	ASSERT_ERRNO(kbpf_obj_pin(fd, other), ENOENT);
	PATH(other, "%s/m/under", dir);
	ASSERT_ERRNO(kbpf_obj_pin(fd, other), ENOTDIR);

	/* Outside a pin fs: -EPERM once the path could be created. */
	PATH(other, "/tmp/kbpf_pin_%d", getpid());
	ASSERT_ERRNO(kbpf_obj_pin(fd, other), EPERM);
	ASSERT_ERRNO(access(other, F_OK), ENOENT);
	ASSERT_ERRNO(kbpf_obj_pin(fd, "/tmp"), EEXIST);

	PATH(other, "%s/none", dir);
	ASSERT_ERRNO(kbpf_obj_get_flags(other, 0), ENOENT);
	/* A directory of the pin fs pins nothing. */
	ASSERT_ERRNO(kbpf_obj_get_flags(dir, KBPF_F_RDONLY), EACCES);

	close(null);
	close(fd);
	ASSERT_OK(unlink(path));
	ASSERT_OK(rmdir(dir));
}

TEST(pin_get_foreign_file)
{
	char path[PATH_MAX];
	int fd;

	PATH(path, "/tmp/kbpf_file_%d", getpid());
	fd = ASSERT_OK(open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
	close(fd);
	ASSERT_ERRNO(kbpf_obj_get_flags(path, 0), EACCES);
	ASSERT_ERRNO(kbpf_obj_get_flags(path, KBPF_F_RDONLY), EACCES);
	ASSERT_ERRNO(kbpf_obj_get_flags("/dev/null", 0), EACCES);
	ASSERT_ERRNO(kbpf_obj_get_flags("/tmp", KBPF_F_RDONLY), EACCES);
	/* The permission check comes first. */
	ASSERT_EQ(get_as(NOBODY, NOBODY, path, 0), EACCES);
	ASSERT_OK(chmod(path, 0600));
	ASSERT_EQ(get_as(NOBODY, NOBODY, path, KBPF_F_RDONLY), EACCES);
	ASSERT_OK(unlink(path));
}

TEST(pin_permission_matrix)
{
	static const struct {
		uid_t uid;
		gid_t gid;
		mode_t mode;
		__u32 flags;
		int err;
	} rows[] = {
		{ 0, 0, 0600, 0, EACCES },
		{ 0, 0, 0600, KBPF_F_RDONLY, EACCES },
		{ 0, 0, 0600, KBPF_F_WRONLY, EACCES },
		{ 0, 0, 0604, KBPF_F_RDONLY, 0 },
		{ 0, 0, 0604, KBPF_F_WRONLY, EACCES },
		{ 0, 0, 0604, 0, EACCES },
		{ 0, 0, 0602, KBPF_F_WRONLY, 0 },
		{ 0, 0, 0602, KBPF_F_RDONLY, EACCES },
		{ 0, 0, 0606, 0, 0 },
		{ 0, NOBODY, 0640, KBPF_F_RDONLY, 0 },
		{ 0, NOBODY, 0640, KBPF_F_WRONLY, EACCES },
		{ 0, NOBODY, 0660, 0, 0 },
		{ NOBODY, 0, 0600, 0, 0 },
		{ NOBODY, 0, 0400, KBPF_F_RDONLY, 0 },
		{ NOBODY, 0, 0400, 0, EACCES },
		/* The owner's bits decide for the owner. */
		{ NOBODY, 0, 0066, KBPF_F_RDONLY, EACCES },
	};
	char dir[128], path[PATH_MAX];
	unsigned int i;
	struct stat st;
	int fd;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/m", dir);
	fd = ASSERT_OK(kbpf_array_create(8, 1));
	ASSERT_OK(kbpf_obj_pin(fd, path));
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		ASSERT_OK(chown(path, rows[i].uid, rows[i].gid));
		ASSERT_OK(chmod(path, rows[i].mode));
		ASSERT_OK(stat(path, &st));
		ASSERT_EQ(st.st_mode, S_IFREG | rows[i].mode);
		ASSERT_EQ(st.st_uid, rows[i].uid);
		ASSERT_EQ(st.st_gid, rows[i].gid);
		if (get_as(NOBODY, NOBODY, path, rows[i].flags) != rows[i].err)
			FAIL("row %u: %u:%u %04o flags %#x: got %s, want %s",
			     i, rows[i].uid, rows[i].gid, rows[i].mode,
			     rows[i].flags,
			     kbpf_errname(get_as(NOBODY, NOBODY, path,
						 rows[i].flags)),
			     kbpf_errname(rows[i].err));
	}
	/* Root needs no permission bits. */
	ASSERT_OK(chmod(path, 0));
	close(ASSERT_OK(kbpf_obj_get_flags(path, 0)));
	/* Nor does OBJ_GET need a capability: a search bit on the way does. */
	ASSERT_OK(chmod(path, 0606));
	ASSERT_OK(chmod(dir, 0700));
	ASSERT_EQ(get_as(NOBODY, NOBODY, path, 0), EACCES);
	ASSERT_OK(chmod(dir, 0711));
	ASSERT_EQ(get_as(NOBODY, NOBODY, path, 0), 0);
	ASSERT_OK(unlink(path));

	/* Pinning needs write and search permission on the directory. */
	ASSERT_OK(chmod(dir, 0755));
	ASSERT_EQ(pin_as(NOBODY, NOBODY, fd, path), EACCES);
	ASSERT_OK(chmod(dir, 0777));
	ASSERT_EQ(pin_as(NOBODY, NOBODY, fd, path), 0);
	ASSERT_OK(stat(path, &st));
	ASSERT_EQ(st.st_uid, NOBODY);
	ASSERT_EQ(st.st_gid, NOBODY);
	ASSERT_EQ(get_as(NOBODY, NOBODY, path, 0), 0);
	close(fd);
	ASSERT_OK(unlink(path));
	ASSERT_OK(rmdir(dir));
}

TEST(pin_root_is_sticky)
{
	char path[PATH_MAX];
	struct stat st;
	pid_t pid;
	int fd;

	ASSERT_OK(stat(kbpf_pin_root(), &st));
	ASSERT_TRUE(st.st_mode & S_ISVTX);
	PATH(path, "%s/sticky%d", kbpf_pin_root(), getpid());
	fd = ASSERT_OK(kbpf_array_create(8, 1));
	ASSERT_OK(kbpf_obj_pin(fd, path));
	ASSERT_OK(chmod(path, 0666));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		become(NOBODY, NOBODY);
		_exit(unlink(path) ? errno : 0);
	}
	ASSERT_EQ(wait_child(pid), EPERM);
	close(fd);
	ASSERT_OK(unlink(path));
}

TEST(pin_unlink_frees_map)
{
	char dir[128], path[PATH_MAX];
	int fd, again;
	__u32 id;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/m", dir);
	fd = ASSERT_OK(kbpf_array_create(8, 1));
	id = map_id(fd);
	ASSERT_OK(kbpf_obj_pin(fd, path));
	close(fd);
	/* The pin alone keeps it. */
	usleep(50000);
	again = ASSERT_OK(kbpf_map_fd_by_id(id, 0));
	ASSERT_OK(unlink(path));
	/* And so does an fd, until it is closed. */
	usleep(50000);
	ASSERT_FALSE(map_gone(id));
	close(again);
	ASSERT_TRUE(KBPF_POLL(map_gone(id), POLL_MS));
	ASSERT_OK(rmdir(dir));
}

TEST(pin_prog)
{
	char dir[128], path[PATH_MAX];
	int fd, got;
	__u32 id;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/p", dir);
	fd = LOAD_RAW_TP(ret0);
	id = prog_id(fd);
	ASSERT_OK(kbpf_obj_pin(fd, path));
	close(fd);

	/* Any access mode gives a program fd (read-write). */
	got = ASSERT_OK(kbpf_obj_get_flags(path, 0));
	ASSERT_EQ(prog_id(got), id);
	ASSERT_EQ(fcntl(got, F_GETFD), FD_CLOEXEC);
	ASSERT_EQ(fcntl(got, F_GETFL) & O_ACCMODE, O_RDWR);
	ASSERT_EQ(RUN_PROG(got, NULL, 0), 0);
	close(got);
	got = ASSERT_OK(kbpf_obj_get_flags(path, KBPF_F_RDONLY));
	ASSERT_EQ(prog_id(got), id);
	ASSERT_EQ(fcntl(got, F_GETFL) & O_ACCMODE, O_RDWR);
	close(got);
	got = ASSERT_OK(kbpf_obj_get_flags(path, KBPF_F_WRONLY));
	close(got);
	/* Reading requires read permission on the pin all the same. */
	ASSERT_OK(chmod(path, 0602));
	ASSERT_EQ(get_as(NOBODY, NOBODY, path, KBPF_F_RDONLY), EACCES);
	ASSERT_EQ(get_as(NOBODY, NOBODY, path, KBPF_F_WRONLY), 0);

	ASSERT_OK(unlink(path));
	ASSERT_TRUE(KBPF_POLL(prog_gone(id), POLL_MS));
	ASSERT_OK(rmdir(dir));
}

static int renameat2_(const char *from, const char *to, unsigned int flags)
{
	return syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
}

TEST(pin_rename)
{
	char dir[128], a[192], b[192], bm[256], am[PATH_MAX],
	     an[PATH_MAX];
	__u32 id1, id2;
	int fd1, fd2;

	make_dir(dir, sizeof(dir));
	PATH(a, "%s/a", dir);
	PATH(b, "%s/b", dir);
	PATH(am, "%s/m", a);
	PATH(an, "%s/n", a);
	PATH(bm, "%s/m", b);
	ASSERT_OK(mkdir(a, 0755));
	ASSERT_OK(mkdir(b, 0755));
	fd1 = ASSERT_OK(kbpf_array_create(8, 1));
	fd2 = ASSERT_OK(kbpf_array_create(8, 1));
	id1 = map_id(fd1);
	id2 = map_id(fd2);

	/* Across directories. */
	ASSERT_OK(kbpf_obj_pin(fd1, am));
	ASSERT_OK(rename(am, bm));
	ASSERT_ERRNO(kbpf_obj_get_flags(am, 0), ENOENT);
	ASSERT_EQ(pinned_map_id(bm), id1);

	/* NOREPLACE refuses, EXCHANGE swaps. */
	ASSERT_OK(kbpf_obj_pin(fd2, an));
	ASSERT_ERRNO(renameat2_(an, bm, RENAME_NOREPLACE), EEXIST);
	ASSERT_OK(renameat2_(an, bm, RENAME_EXCHANGE));
	ASSERT_EQ(pinned_map_id(bm), id2);
	ASSERT_EQ(pinned_map_id(an), id1);
	ASSERT_ERRNO(renameat2_(an, bm, RENAME_WHITEOUT), EINVAL);

	/* Renaming over a pin drops what it held. */
	close(fd1);
	close(fd2);
	ASSERT_OK(rename(bm, an));
	ASSERT_EQ(pinned_map_id(an), id2);
	ASSERT_TRUE(KBPF_POLL(map_gone(id1), POLL_MS));
	ASSERT_ERRNO(access(bm, F_OK), ENOENT);

	/* Directories move too; a non-empty one cannot be removed. */
	PATH(bm, "%s/a2", b);
	ASSERT_OK(rename(a, bm));
	ASSERT_ERRNO(rmdir(bm), ENOTEMPTY);
	PATH(an, "%s/n", bm);
	ASSERT_EQ(pinned_map_id(an), id2);
	ASSERT_OK(unlink(an));
	ASSERT_TRUE(KBPF_POLL(map_gone(id2), POLL_MS));
	ASSERT_OK(rmdir(bm));
	ASSERT_OK(rmdir(b));
	ASSERT_OK(rmdir(dir));
}

TEST(pin_links)
{
	char dir[128], path[PATH_MAX], sym[PATH_MAX], hard[PATH_MAX];
	struct stat st;
	int fd;
	__u32 id;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/m", dir);
	PATH(sym, "%s/s", dir);
	PATH(hard, "%s/h", dir);
	fd = ASSERT_OK(kbpf_array_create(8, 1));
	id = map_id(fd);
	ASSERT_OK(kbpf_obj_pin(fd, path));
	close(fd);

	/* OBJ_GET follows symlinks; a symlink target may hold dots. */
	ASSERT_OK(symlink("./m", sym));
	ASSERT_OK(lstat(sym, &st));
	ASSERT_TRUE(S_ISLNK(st.st_mode));
	ASSERT_EQ(pinned_map_id(sym), id);

	/* A hard link is a second name for the same pin. */
	ASSERT_OK(link(path, hard));
	ASSERT_OK(stat(hard, &st));
	ASSERT_EQ(st.st_nlink, 2);
	ASSERT_OK(unlink(path));
	ASSERT_ERRNO(kbpf_obj_get_flags(sym, 0), ENOENT);
	ASSERT_EQ(pinned_map_id(hard), id);
	ASSERT_OK(unlink(hard));
	ASSERT_TRUE(KBPF_POLL(map_gone(id), POLL_MS));
	ASSERT_OK(unlink(sym));
	ASSERT_OK(rmdir(dir));
}

TEST(pin_dotted_names)
{
	char dir[128], path[PATH_MAX], other[PATH_MAX];
	struct stat st;
	int fd;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/m", dir);
	fd = ASSERT_OK(kbpf_array_create(8, 1));
	ASSERT_OK(kbpf_obj_pin(fd, path));

	PATH(other, "%s/dot.%d", kbpf_pin_root(), getpid());
	ASSERT_ERRNO(mkdir(other, 0755), EPERM);
	ASSERT_ERRNO(kbpf_obj_pin(fd, other), EPERM);
	PATH(other, "%s/a.b", dir);
	ASSERT_ERRNO(mkdir(other, 0755), EPERM);
	ASSERT_ERRNO(kbpf_obj_pin(fd, other), EPERM);
	ASSERT_ERRNO(kbpf_obj_get_flags(other, 0), EPERM);
	ASSERT_ERRNO(stat(other, &st), EPERM);
	ASSERT_ERRNO(symlink(path, other), EPERM);
	ASSERT_ERRNO(link(path, other), EPERM);
	ASSERT_ERRNO(rename(path, other), EPERM);
	ASSERT_ERRNO(open(other, O_CREAT | O_RDWR, 0600), EPERM);
	PATH(other, "%s/.hidden", dir);
	ASSERT_ERRNO(kbpf_obj_pin(fd, other), EPERM);
	PATH(other, "%s/trailing.", dir);
	ASSERT_ERRNO(kbpf_obj_pin(fd, other), EPERM);

	/* "." and ".." are the path walk's, not names. */
	PATH(other, "%s/./m", dir);
	close(ASSERT_OK(kbpf_obj_get_flags(other, 0)));
	PATH(other, "%s/../t%d/m", dir, getpid());
	close(ASSERT_OK(kbpf_obj_get_flags(other, 0)));

	/* A directory with no mode bit at all looks dotted names up. */
	PATH(other, "%s/z", dir);
	ASSERT_OK(mkdir(other, 0));
	ASSERT_OK(chmod(other, 0));
	PATH(other, "%s/z/a.b", dir);
	ASSERT_OK(kbpf_obj_pin(fd, other));
	close(ASSERT_OK(kbpf_obj_get_flags(other, 0)));
	ASSERT_OK(unlink(other));
	PATH(other, "%s/z/d.d", dir);
	ASSERT_OK(mkdir(other, 0755));
	ASSERT_OK(rmdir(other));
	PATH(other, "%s/z", dir);
	ASSERT_OK(rmdir(other));

	close(fd);
	ASSERT_OK(unlink(path));
	ASSERT_OK(rmdir(dir));
}

/* The /proc/mounts options of the mount at @dir, or "" if none. */
static void mount_options(const char *dir, char *opts, size_t len)
{
	char line[1024], mnt[512], type[64], o[512];
	FILE *f = fopen("/proc/mounts", "r");

	opts[0] = '\0';
	if (!f)
		FAIL("/proc/mounts: %s", kbpf_errname(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %511s %63s %511s", mnt, type, o) == 3 &&
		    !strcmp(mnt, dir))
			snprintf(opts, len, "%s", o);
	fclose(f);
}

static void make_mount_dir(char *dir, size_t len)
{
	snprintf(dir, len, "/tmp/kbpf_mnt_%d", getpid());
	if (mkdir(dir, 0755))
		FAIL("mkdir %s: %s", dir, kbpf_errname(errno));
}

TEST(pin_mount_options)
{
	const char *type = kbpf_pin_fstype();
	char dir[128], opts[512];
	struct stat st;

	kbpf_pin_root();
	make_mount_dir(dir, sizeof(dir));
	umask(022);
	ASSERT_OK(mount(type, dir, type, 0, NULL));
	ASSERT_OK(stat(dir, &st));
	ASSERT_EQ(st.st_mode, S_IFDIR | S_ISVTX | 0777);
	ASSERT_EQ(st.st_uid, 0);
	mount_options(dir, opts, sizeof(opts));
	ASSERT_TRUE(opts[0]);
	ASSERT_FALSE(strstr(opts, "mode="));
	ASSERT_FALSE(strstr(opts, "uid="));
	ASSERT_OK(umount(dir));

	/* Unknown options are ignored, as bpffs always did. */
	ASSERT_OK(mount(type, dir, type, 0,
			"mode=0750,uid=1000,gid=1001,bogus=1"));
	ASSERT_OK(stat(dir, &st));
	ASSERT_EQ(st.st_mode, S_IFDIR | S_ISVTX | 0750);
	ASSERT_EQ(st.st_uid, 1000);
	ASSERT_EQ(st.st_gid, 1001);
	mount_options(dir, opts, sizeof(opts));
	if (!strstr(opts, ",uid=1000,gid=1001,mode=750"))
		FAIL("options \"%s\"", opts);
	ASSERT_OK(umount(dir));
	ASSERT_ERRNO(mount(type, dir, type, 0, "uid=4294967295"), EINVAL);
	ASSERT_OK(rmdir(dir));
}

TEST(pin_mounts_are_separate)
{
	const char *type = kbpf_pin_fstype();
	char dir[128], p1[PATH_MAX], p2[PATH_MAX];
	__u32 id1, id2;
	int fd1, fd2;

	make_mount_dir(dir, sizeof(dir));
	ASSERT_OK(mount(type, dir, type, 0, NULL));
	PATH(p1, "%s/sep%d", kbpf_pin_root(), getpid());
	PATH(p2, "%s/sep%d", dir, getpid());
	fd1 = ASSERT_OK(kbpf_array_create(8, 1));
	fd2 = ASSERT_OK(kbpf_array_create(8, 1));
	id1 = map_id(fd1);
	id2 = map_id(fd2);
	ASSERT_OK(kbpf_obj_pin(fd1, p1));
	ASSERT_OK(kbpf_obj_pin(fd2, p2));
	close(fd1);
	close(fd2);
	ASSERT_EQ(pinned_map_id(p1), id1);
	ASSERT_EQ(pinned_map_id(p2), id2);

	/* A rename cannot cross instances. */
	PATH(p2, "%s/moved%d", dir, getpid());
	ASSERT_ERRNO(rename(p1, p2), EXDEV);

	/* Unmounting drops the pins of that instance only. */
	ASSERT_OK(umount(dir));
	ASSERT_TRUE(KBPF_POLL(map_gone(id2), POLL_MS));
	ASSERT_FALSE(map_gone(id1));
	ASSERT_OK(rmdir(dir));
	ASSERT_OK(unlink(p1));
	ASSERT_TRUE(KBPF_POLL(map_gone(id1), POLL_MS));
}

/* All of @path, read @chunk bytes at a time, into @buf (NUL-terminated). */
static ssize_t read_file(const char *path, char *buf, size_t size,
			 size_t chunk)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	do {
		n = read(fd, buf + len, chunk < size - 1 - len ?
					chunk : size - 1 - len);
		if (n > 0)
			len += n;
	} while (n > 0 && len < size - 1);
	close(fd);
	buf[len] = '\0';
	return n < 0 ? -1 : (ssize_t)len;
}

TEST_KBPF_ONLY(pin_read_map)
{
	char dir[128], path[PATH_MAX], *buf, want[64];
	size_t size = 1 << 16;
	__u32 key;
	int fd;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/m", dir);
	buf = malloc(size);
	ASSERT_TRUE(buf);
	fd = array_with_values(3, 0x0102);
	ASSERT_OK(kbpf_obj_pin(fd, path));
	close(fd);
	ASSERT_EQ(read_file(path, buf, size, 4096), 3 * 27);
	ASSERT_STREQ(buf, "00000000: 0201000000000000\n"
			  "01000000: 0301000000000000\n"
			  "02000000: 0401000000000000\n");
	ASSERT_OK(unlink(path));

	/* Many short reads resume where the last one stopped. */
	fd = array_with_values(1000, 0);
	ASSERT_OK(kbpf_obj_pin(fd, path));
	ASSERT_EQ(read_file(path, buf, size, 7), 1000 * 27);
	for (key = 0; key < 1000; key++) {
		snprintf(want, sizeof(want), "%02x%02x0000: %02x%02x000000000000\n",
			 key & 0xff, key >> 8, key & 0xff, key >> 8);
		if (strncmp(buf + key * 27, want, 27))
			FAIL("line %u: \"%.26s\", want \"%.26s\"", key,
			     buf + key * 27, want);
	}
	/* A hash map lists what it holds; deleting shows at once. */
	close(fd);
	ASSERT_OK(unlink(path));
	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 4, 8, 0));
	ASSERT_OK(kbpf_obj_pin(fd, path));
	ASSERT_EQ(read_file(path, buf, size, 4096), 0);
	key = 0x11223344;
	ASSERT_OK(kbpf_map_update(fd, &key, &key, KBPF_ANY));
	ASSERT_EQ(read_file(path, buf, size, 4096), 19);
	ASSERT_STREQ(buf, "44332211: 44332211\n");
	close(fd);
	ASSERT_OK(unlink(path));
	ASSERT_OK(rmdir(dir));
	free(buf);
}

TEST_KBPF_ONLY(pin_read_prog)
{
	struct kbpf_load_opts opts = { .name = "pinned" };
	char dir[128], path[PATH_MAX], buf[512], want[512];
	struct kbpf_prog_info info;
	int fd;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/p", dir);
	fd = LOAD_PROG_OPTS(KBPF_PROG_TYPE_RAW_TRACEPOINT, ret0, &opts);
	kbpf_prog_info(fd, &info);
	ASSERT_OK(kbpf_obj_pin(fd, path));
	close(fd);
	snprintf(want, sizeof(want),
		 "prog_type:\t%u\nprog_id:\t%u\nprog_tag:\t"
		 "%02x%02x%02x%02x%02x%02x%02x%02x\nprog_name:\tpinned\n",
		 KBPF_PROG_TYPE_RAW_TRACEPOINT, info.id, info.tag[0],
		 info.tag[1], info.tag[2], info.tag[3], info.tag[4],
		 info.tag[5], info.tag[6], info.tag[7]);
	ASSERT_GE(read_file(path, buf, sizeof(buf), 5), 0);
	ASSERT_STREQ(buf, want);
	ASSERT_OK(unlink(path));
	ASSERT_OK(rmdir(dir));
}

/* What kbpf replaces with a dump: Linux without map BTF answers -EIO. */
TEST_LINUX_ONLY(pin_read_linux_eio)
{
	char dir[128], path[PATH_MAX];
	int fd;

	make_dir(dir, sizeof(dir));
	PATH(path, "%s/m", dir);
	fd = ASSERT_OK(kbpf_array_create(8, 1));
	ASSERT_OK(kbpf_obj_pin(fd, path));
	close(fd);
	ASSERT_ERRNO(open(path, O_RDONLY), EIO);
	ASSERT_OK(unlink(path));
	PATH(path, "%s/p", dir);
	fd = LOAD_RAW_TP(ret0);
	ASSERT_OK(kbpf_obj_pin(fd, path));
	close(fd);
	ASSERT_ERRNO(open(path, O_RDONLY), EIO);
	ASSERT_OK(unlink(path));
	ASSERT_OK(rmdir(dir));
}
