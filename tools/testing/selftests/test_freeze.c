// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_FREEZE, as Linux 6.12's map_freeze() (kernel/bpf/syscall.c):
 * CHECK_ATTR (last field map_fd), the fd (-EBADF / -EINVAL), then
 * FMODE_CAN_WRITE as map_get_sys_perms() sees it (-EPERM), then -EBUSY
 * while a writer is active (a writable mmap) or the map is already
 * frozen. map_get_sys_perms() drops FMODE_CAN_WRITE from every fd of a
 * frozen map, so a second freeze is -EPERM, not -EBUSY, as is every
 * write from user space; bpf_map_mmap() refuses PROT_WRITE with -EPERM.
 * No capability is needed.
 */
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kbpf_test.h"

#define ATTR_SIZE	sizeof(union kbpf_attr)

static long page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

static __u32 map_id(int fd)
{
	struct kbpf_map_info info;

	kbpf_map_info(fd, &info);
	return info.id;
}

static int mmapable_create(__u32 max_entries)
{
	return kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, max_entries,
			    KBPF_F_MMAPABLE);
}

static void *mmap_ok(size_t len, int prot, int fd, off_t off)
{
	void *p = mmap(NULL, len, prot, MAP_SHARED, fd, off);

	if (p == MAP_FAILED)
		FAIL("mmap(%zu, %#x, fd %d): %s", len, prot, fd,
		     kbpf_errname(errno));
	return p;
}

TEST(freeze_array)
{
	__u32 key = 1, next;
	__u64 val = 0x1234, out = 0;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 4));
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	ASSERT_OK(kbpf_map_freeze(fd));

	val = 0x5678;
	ASSERT_ERRNO(kbpf_map_update(fd, &key, &val, KBPF_ANY), EPERM);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, &val, KBPF_EXIST), EPERM);
	/* EPERM before the flags, the index and even the key copy. */
	ASSERT_ERRNO(kbpf_map_update(fd, &key, &val, 3), EPERM);
	key = 100;
	ASSERT_ERRNO(kbpf_map_update(fd, &key, &val, KBPF_ANY), EPERM);
	ASSERT_ERRNO(kbpf_map_update(fd, NULL, NULL, KBPF_ANY), EPERM);
	/* An array's delete is EINVAL; frozen, the permission comes first. */
	key = 1;
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), EPERM);
	ASSERT_ERRNO(kbpf_map_delete(fd, NULL), EPERM);

	/* Reading still works, and the value is the one from before. */
	ASSERT_OK(kbpf_map_lookup(fd, &key, &out, 0));
	ASSERT_EQ(out, 0x1234);
	ASSERT_OK(kbpf_map_next_key(fd, &key, &next));
	ASSERT_EQ(next, 2);
}

/* The frozen state belongs to the map, not to the fd that froze it. */
TEST(freeze_all_fds)
{
	__u32 key = 0;
	__u64 val = 1;
	int fd, fd2;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	fd2 = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), 0));
	ASSERT_OK(kbpf_map_freeze(fd));
	ASSERT_ERRNO(kbpf_map_update(fd2, &key, &val, KBPF_ANY), EPERM);
	/* A fd opened after the freeze is no better. */
	ASSERT_OK(close(fd2));
	fd2 = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), 0));
	ASSERT_ERRNO(kbpf_map_update(fd2, &key, &val, KBPF_ANY), EPERM);
	ASSERT_OK(kbpf_map_lookup(fd2, &key, &val, 0));
	ASSERT_EQ(val, 0);
}

/* Frozen, the map has no writable fd left: EPERM, not EBUSY. */
TEST(freeze_twice)
{
	int fd, fd2;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	fd2 = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), 0));
	ASSERT_OK(kbpf_map_freeze(fd));
	ASSERT_ERRNO(kbpf_map_freeze(fd), EPERM);
	ASSERT_ERRNO(kbpf_map_freeze(fd2), EPERM);
}

TEST(freeze_fd_mode)
{
	__u32 key = 0;
	__u64 val = 2;
	int fd, ro, wo;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	ro = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), KBPF_F_RDONLY));
	ASSERT_ERRNO(kbpf_map_freeze(ro), EPERM);
	/* Not frozen by the refusal. */
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));

	/* Freezing is a write: a write-only fd may do it. */
	wo = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), KBPF_F_WRONLY));
	ASSERT_OK(kbpf_map_freeze(wo));
	ASSERT_ERRNO(kbpf_map_update(wo, &key, &val, KBPF_ANY), EPERM);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, &val, KBPF_ANY), EPERM);
	/* The write-only fd still cannot read. */
	ASSERT_ERRNO(kbpf_map_lookup(wo, &key, &val, 0), EPERM);
	ASSERT_OK(kbpf_map_lookup(ro, &key, &val, 0));
	ASSERT_EQ(val, 2);

	/* A map created BPF_F_RDONLY. */
	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1,
				    KBPF_F_RDONLY));
	ASSERT_ERRNO(kbpf_map_freeze(fd), EPERM);
}

TEST(freeze_bad_fd)
{
	int devnull, closed;

	devnull = ASSERT_OK(open("/dev/null", O_RDWR | O_CLOEXEC));
	closed = ASSERT_OK(fcntl(devnull, F_DUPFD_CLOEXEC, 0));
	ASSERT_OK(close(closed));
	ASSERT_ERRNO(kbpf_map_freeze(-1), EBADF);
	ASSERT_ERRNO(kbpf_map_freeze(closed), EBADF);
	ASSERT_ERRNO(kbpf_map_freeze(0x7fffffff), EBADF);
	ASSERT_ERRNO(kbpf_map_freeze(devnull), EINVAL);
}

/* CHECK_ATTR(BPF_MAP_FREEZE): every byte after map_fd must be zero,
 * checked before the fd.
 */
TEST(freeze_check_attr)
{
	static char buf[ATTR_SIZE] __aligned(8);
	union kbpf_attr *attr = (union kbpf_attr *)buf;
	size_t off;
	int fd;

	memset(buf, 0, sizeof(buf));
	attr->map_fd = -1;
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_FREEZE, attr, ATTR_SIZE), EBADF);
	for (off = sizeof(attr->map_fd); off < ATTR_SIZE; off++) {
		buf[off] = 1;
		ASSERT_ERRNO(kbpf_sys(KBPF_MAP_FREEZE, attr, ATTR_SIZE),
			     EINVAL);
		buf[off] = 0;
	}

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	attr->map_fd = fd;
	attr->key = 1;
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_FREEZE, attr, ATTR_SIZE), EINVAL);
	attr->key = 0;
	/* Just map_fd is enough of an attr. */
	ASSERT_OK(kbpf_sys(KBPF_MAP_FREEZE, attr, sizeof(attr->map_fd)));
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_FREEZE, attr, ATTR_SIZE), EPERM);
}

/* Commands on an existing map fd need no capability, freeze included. */
TEST(freeze_no_caps)
{
	__u32 key = 0;
	__u64 val = 1;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	kbpf_caps_keep(0);
	ASSERT_OK(kbpf_map_freeze(fd));
	ASSERT_ERRNO(kbpf_map_update(fd, &key, &val, KBPF_ANY), EPERM);
}

TEST(freeze_percpu_array)
{
	size_t len = 8 * kbpf_nr_possible_cpus();
	unsigned char in[len], out[len];
	__u32 key = 1;
	int fd;

	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 2,
				    0));
	memset(in, 0x3c, len);
	ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_ANY));
	ASSERT_OK(kbpf_map_freeze(fd));
	ASSERT_ERRNO(kbpf_map_update(fd, &key, in, KBPF_ANY), EPERM);
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), EPERM);
	ASSERT_ERRNO(kbpf_map_freeze(fd), EPERM);
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, len);
}

/* A writable mapping is an active writer: -EBUSY until it goes. */
TEST(freeze_mmap_writable_busy)
{
	long page = page_size();
	__u64 *p;
	int fd;

	fd = ASSERT_OK(mmapable_create(16));
	p = mmap_ok(page, PROT_READ | PROT_WRITE, fd, 0);
	ASSERT_ERRNO(kbpf_map_freeze(fd), EBUSY);
	/* Dropping PROT_WRITE does not count: VM_MAYWRITE stays. */
	ASSERT_OK(mprotect(p, page, PROT_READ));
	ASSERT_ERRNO(kbpf_map_freeze(fd), EBUSY);
	ASSERT_OK(munmap(p, page));
	ASSERT_OK(kbpf_map_freeze(fd));
}

/* A read-only mapping is no writer. */
TEST(freeze_mmap_readonly)
{
	long page = page_size();
	__u32 key = 2;
	__u64 val = 0x22, *p;
	int fd;

	fd = ASSERT_OK(mmapable_create(16));
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	p = mmap_ok(page, PROT_READ, fd, 0);
	ASSERT_OK(kbpf_map_freeze(fd));
	ASSERT_EQ(p[2], 0x22);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, &val, KBPF_ANY), EPERM);
}

TEST(freeze_then_mmap)
{
	long page = page_size();
	__u64 *p;
	int fd;

	fd = ASSERT_OK(mmapable_create(16));
	ASSERT_OK(kbpf_map_freeze(fd));
	errno = 0;
	ASSERT_TRUE(mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 0) == MAP_FAILED);
	ASSERT_EQ(errno, EPERM);
	errno = 0;
	ASSERT_TRUE(mmap(NULL, page, PROT_WRITE, MAP_SHARED, fd, 0) ==
		    MAP_FAILED);
	ASSERT_EQ(errno, EPERM);
	/* VM_SHARED is checked before the frozen state. */
	errno = 0;
	ASSERT_TRUE(mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
			 0) == MAP_FAILED);
	ASSERT_EQ(errno, EINVAL);
	p = mmap_ok(page, PROT_READ, fd, 0);
	ASSERT_EQ(p[0], 0);
	ASSERT_ERRNO(mprotect(p, page, PROT_READ | PROT_WRITE), EACCES);
}

/* Splitting a writable mapping makes two writers; each unmap drops one. */
TEST(freeze_mmap_split)
{
	long page = page_size();
	char *p;
	int fd;

	fd = ASSERT_OK(mmapable_create(page / 8 * 3));
	p = mmap_ok(3 * page, PROT_READ | PROT_WRITE, fd, 0);
	/* Unmapping the middle leaves two VMAs. */
	ASSERT_OK(munmap(p + page, page));
	ASSERT_ERRNO(kbpf_map_freeze(fd), EBUSY);
	ASSERT_OK(munmap(p, page));
	ASSERT_ERRNO(kbpf_map_freeze(fd), EBUSY);
	p[2 * page] = 1;
	ASSERT_OK(munmap(p + 2 * page, page));
	ASSERT_OK(kbpf_map_freeze(fd));
}

/* A forked child's copy of a writable mapping is a writer too. */
TEST(freeze_mmap_fork)
{
	long page = page_size();
	int fd, pipefd[2], status;
	char c;
	void *p;
	pid_t pid;

	fd = ASSERT_OK(mmapable_create(16));
	p = mmap_ok(page, PROT_READ | PROT_WRITE, fd, 0);
	ASSERT_OK(pipe(pipefd));
	pid = ASSERT_OK(fork());
	if (pid == 0) {
		close(pipefd[1]);
		/* Hold the mapping until the parent closes the pipe. */
		while (read(pipefd[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(pipefd[0]);
	ASSERT_OK(munmap(p, page));
	ASSERT_ERRNO(kbpf_map_freeze(fd), EBUSY);
	close(pipefd[1]);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_OK(kbpf_map_freeze(fd));
}

/* Replacing part of a writable mapping with MAP_FIXED unmaps that part. */
TEST(freeze_mmap_fixed)
{
	long page = page_size();
	char *p, *q;
	int fd;

	fd = ASSERT_OK(mmapable_create(page / 8 * 2));
	p = mmap_ok(2 * page, PROT_READ | PROT_WRITE, fd, 0);
	q = mmap(p, page, PROT_READ, MAP_SHARED | MAP_FIXED, fd, page);
	ASSERT_TRUE(q == p);
	/* The second page is still mapped writable. */
	ASSERT_ERRNO(kbpf_map_freeze(fd), EBUSY);
	ASSERT_OK(munmap(p + page, page));
	/* What is left (the read-only page) is no writer. */
	ASSERT_OK(kbpf_map_freeze(fd));
	ASSERT_OK(munmap(p, page));
}
