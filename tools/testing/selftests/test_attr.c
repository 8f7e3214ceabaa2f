// SPDX-License-Identifier: GPL-2.0
/*
 * How the attr buffer itself is taken in: Linux 6.12's __sys_bpf() runs
 * bpf_check_uarg_tail_zero() (size > PAGE_SIZE, then a non-zero tail past
 * sizeof(union bpf_attr): -E2BIG), copies min(size, sizeof) bytes (-EFAULT),
 * zero-fills the rest and dispatches (unknown command: -EINVAL). Each command
 * then refuses non-zero bytes past its last field (CHECK_ATTR: -EINVAL).
 */
#include <stdint.h>
#include <unistd.h>
#include <sys/mman.h>

#include "kbpf_test.h"

#define ATTR_SIZE	sizeof(union kbpf_attr)
#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))

/* Big enough for size > PAGE_SIZE; 8-aligned to hold a union kbpf_attr. */
static char buf[2 * 4096 + 64] __aligned(8);

static union kbpf_attr *array_attr(void)
{
	union kbpf_attr *attr = (union kbpf_attr *)buf;

	memset(buf, 0, sizeof(buf));
	attr->map_type = KBPF_MAP_TYPE_ARRAY;
	attr->key_size = 4;
	attr->value_size = 8;
	attr->max_entries = 2;
	return attr;
}

static long page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

TEST(attr_size_is_152)
{
	/* The ABI promise: Linux 6.12's sizeof(union bpf_attr). */
	ASSERT_EQ(sizeof(union kbpf_attr), 152);
	ASSERT_EQ(offsetofend(union kbpf_attr, map_token_fd), 80);
}

TEST(attr_unknown_cmd)
{
	static const int cmds[] = { KBPF_TOKEN_CREATE + 1, 38, 100, 1000,
				    0x7fffffff, -1 };
	union kbpf_attr attr;
	unsigned int i;

	memset(&attr, 0, sizeof(attr));
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		ASSERT_ERRNO(kbpf_sys(cmds[i], &attr, sizeof(attr)), EINVAL);
		ASSERT_ERRNO(kbpf_sys(cmds[i], NULL, 0), EINVAL);
	}
}

TEST(attr_big_zero_tail_accepted)
{
	union kbpf_attr *attr = array_attr();

	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr, ATTR_SIZE + 1));
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr, ATTR_SIZE + 8));
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr, 1024));
}

TEST(attr_big_nonzero_tail_e2big)
{
	union kbpf_attr *attr = array_attr();

	buf[ATTR_SIZE] = 1;
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, attr, ATTR_SIZE + 1), E2BIG);
	/* A tail byte outside size is not looked at. */
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr, ATTR_SIZE));

	buf[ATTR_SIZE] = 0;
	buf[1023] = 0x80;
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, attr, 1024), E2BIG);
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr, 1023));
}

TEST(attr_tail_checked_before_cmd)
{
	union kbpf_attr *attr = array_attr();

	/* __sys_bpf checks the tail before it looks at cmd. */
	buf[ATTR_SIZE + 3] = 1;
	ASSERT_ERRNO(kbpf_sys(1000, attr, ATTR_SIZE + 4), E2BIG);
	ASSERT_ERRNO(kbpf_sys(1000, attr, ATTR_SIZE), EINVAL);
}

TEST(attr_page_size_limit)
{
	union kbpf_attr *attr = array_attr();
	long page = page_size();

	ASSERT_LE(page + 1, (long)sizeof(buf));
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr, page));
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, attr, page + 1), E2BIG);
	/* Refused on size alone, before any byte is read. */
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, NULL, page + 1), E2BIG);
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, NULL, 0xffffffffu), E2BIG);
	ASSERT_ERRNO(kbpf_sys(1000, NULL, 0xffffffffu), E2BIG);
}

TEST(attr_small_size)
{
	union kbpf_attr *attr = array_attr();
	struct kbpf_map_info info;
	int fd;

	/* Just the fields up to max_entries. */
	fd = ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr,
				offsetofend(union kbpf_attr, max_entries)));
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.max_entries, 2);
	/* 6.1's sizeof(union bpf_attr). */
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr, 144));
	/* Bytes beyond size are not read: they count as zero. */
	buf[offsetofend(union kbpf_attr, map_token_fd)] = 1;
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr,
			   offsetofend(union kbpf_attr, map_token_fd)));
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, attr, ATTR_SIZE), EINVAL);
	buf[offsetofend(union kbpf_attr, map_token_fd)] = 0;
	/* A field cut by size keeps only its copied bytes. */
	attr->max_entries = 0x01000002;
	fd = ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr,
				offsetof(union kbpf_attr, max_entries) + 3));
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.max_entries, 2);
	/* Size 0: an all-zero attr, map_type 0 (UNSPEC) is refused. */
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, attr, 0), EINVAL);
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, NULL, 0), EINVAL);
}

TEST(attr_efault)
{
	long page = page_size();
	union kbpf_attr *attr;
	char *map;

	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, NULL, ATTR_SIZE), EFAULT);
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, NULL, 4), EFAULT);
	/* The tail check reads user memory too (check_zeroed_user). */
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, NULL, ATTR_SIZE + 8), EFAULT);
	ASSERT_ERRNO(kbpf_sys(1000, NULL, ATTR_SIZE), EFAULT);

	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(map != MAP_FAILED);
	ASSERT_OK(mprotect(map + page, page, PROT_NONE));

	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE,
			      (union kbpf_attr *)(map + page), ATTR_SIZE),
		     EFAULT);
	/* Straddling into the unmapped page. */
	attr = (union kbpf_attr *)(map + page - 64);
	memset(attr, 0, 64);
	attr->map_type = KBPF_MAP_TYPE_ARRAY;
	attr->key_size = 4;
	attr->value_size = 8;
	attr->max_entries = 1;
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, attr, ATTR_SIZE), EFAULT);
	/* The part that is mapped is enough when size says so. */
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr, 64));
	/* A tail running into the hole. */
	attr = (union kbpf_attr *)(map + page - ATTR_SIZE);
	memmove(attr, map + page - 64, 64);
	memset((char *)attr + 64, 0, ATTR_SIZE - 64);
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr, ATTR_SIZE));
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, attr, ATTR_SIZE + 8), EFAULT);
}

/* CHECK_ATTR(BPF_MAP_CREATE): last field map_token_fd (6.12). */
TEST(attr_check_map_create)
{
	union kbpf_attr *attr = array_attr();
	size_t end = offsetofend(union kbpf_attr, map_token_fd);
	size_t off;

	for (off = end; off < ATTR_SIZE; off++) {
		array_attr();
		buf[off] = 1;
		ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, attr, ATTR_SIZE),
			     EINVAL);
	}
	/* map_token_fd itself is in range; without BPF_F_TOKEN_FD it is
	 * ignored (map_create only reads it when token_flag is set).
	 */
	array_attr();
	attr->map_token_fd = 12345;
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, attr, ATTR_SIZE));
}

/* A map fd of -1: CHECK_ATTR (EINVAL) comes before the fd lookup (EBADF). */
static void check_elem_cmd(int cmd, size_t end)
{
	union kbpf_attr *attr = (union kbpf_attr *)buf;
	size_t off;

	memset(buf, 0, sizeof(buf));
	attr->map_fd = -1;
	ASSERT_ERRNO(kbpf_sys(cmd, attr, ATTR_SIZE), EBADF);
	for (off = end; off < ATTR_SIZE; off++) {
		buf[off] = 1;
		ASSERT_ERRNO(kbpf_sys(cmd, attr, ATTR_SIZE), EINVAL);
		buf[off] = 0;
	}
}

TEST(attr_check_map_lookup_elem)
{
	check_elem_cmd(KBPF_MAP_LOOKUP_ELEM,
		       offsetofend(union kbpf_attr, flags));
}

TEST(attr_check_map_update_elem)
{
	check_elem_cmd(KBPF_MAP_UPDATE_ELEM,
		       offsetofend(union kbpf_attr, flags));
}

TEST(attr_check_map_delete_elem)
{
	/* Last field key: even value must be zero. */
	check_elem_cmd(KBPF_MAP_DELETE_ELEM,
		       offsetofend(union kbpf_attr, key));
}

TEST(attr_check_map_get_next_key)
{
	check_elem_cmd(KBPF_MAP_GET_NEXT_KEY,
		       offsetofend(union kbpf_attr, next_key));
}

/* CHECK_ATTR(BPF_OBJ_GET_NEXT_ID): last field next_id, so open_flags counts. */
TEST(attr_check_map_get_next_id)
{
	union kbpf_attr *attr = (union kbpf_attr *)buf;
	size_t off;

	ASSERT_OK(kbpf_array_create(4, 1));	/* something to find */
	memset(buf, 0, sizeof(buf));
	attr->next_id = 0xdeadbeef;		/* in range, overwritten */
	ASSERT_OK(kbpf_sys(KBPF_MAP_GET_NEXT_ID, attr, ATTR_SIZE));
	ASSERT_NE(attr->next_id, 0xdeadbeef);
	for (off = offsetofend(union kbpf_attr, next_id); off < ATTR_SIZE;
	     off++) {
		memset(buf, 0, sizeof(buf));
		buf[off] = 1;
		ASSERT_ERRNO(kbpf_sys(KBPF_MAP_GET_NEXT_ID, attr, ATTR_SIZE),
			     EINVAL);
	}
}

/* CHECK_ATTR(BPF_MAP_GET_FD_BY_ID): last field open_flags. */
TEST(attr_check_map_get_fd_by_id)
{
	union kbpf_attr *attr = (union kbpf_attr *)buf;
	size_t off;

	memset(buf, 0, sizeof(buf));
	attr->map_id = 0x7ffffff0;
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_GET_FD_BY_ID, attr, ATTR_SIZE), ENOENT);
	for (off = offsetofend(union kbpf_attr, open_flags); off < ATTR_SIZE;
	     off++) {
		buf[off] = 1;
		ASSERT_ERRNO(kbpf_sys(KBPF_MAP_GET_FD_BY_ID, attr, ATTR_SIZE),
			     EINVAL);
		buf[off] = 0;
	}
}

/* CHECK_ATTR(BPF_OBJ_GET_INFO_BY_FD): last field info.info. */
TEST(attr_check_obj_get_info_by_fd)
{
	union kbpf_attr *attr = (union kbpf_attr *)buf;
	size_t off;

	memset(buf, 0, sizeof(buf));
	attr->info.bpf_fd = -1;
	/* bpf_obj_get_info_by_fd: a bad fd is EBADFD, not EBADF. */
	ASSERT_ERRNO(kbpf_sys(KBPF_OBJ_GET_INFO_BY_FD, attr, ATTR_SIZE),
		     EBADFD);
	for (off = offsetofend(union kbpf_attr, info.info); off < ATTR_SIZE;
	     off++) {
		buf[off] = 1;
		ASSERT_ERRNO(kbpf_sys(KBPF_OBJ_GET_INFO_BY_FD, attr,
				      ATTR_SIZE), EINVAL);
		buf[off] = 0;
	}
}
