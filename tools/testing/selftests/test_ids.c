// SPDX-License-Identifier: GPL-2.0
/*
 * Map IDs and OBJ_GET_INFO_BY_FD: bpf_obj_get_next_id(),
 * bpf_map_get_fd_by_id() and bpf_map_get_info_by_fd() of Linux 6.12.
 */
#include <fcntl.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>

#include "kbpf_test.h"

static __u32 map_id(int fd)
{
	struct kbpf_map_info info;

	kbpf_map_info(fd, &info);
	return info.id;
}

/* Walk every map id from 0; returns true when id was seen. */
static bool walk_finds(__u32 id)
{
	__u32 cur = 0, next;
	bool found = false;
	int n;

	for (n = 0; n < 1000000; n++) {
		if (kbpf_map_next_id(cur, &next)) {
			ASSERT_EQ(errno, ENOENT);
			return found;
		}
		ASSERT_GT(next, cur);
		found |= next == id;
		cur = next;
	}
	FAIL("GET_NEXT_ID did not end");
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

TEST(ids_walk)
{
	__u32 id1, id2, next;
	int fd1, fd2;

	fd1 = ASSERT_OK(kbpf_array_create(8, 1));
	fd2 = ASSERT_OK(kbpf_array_create(8, 1));
	id1 = map_id(fd1);
	id2 = map_id(fd2);
	ASSERT_GT(id1, 0);
	/* idr_alloc_cyclic(): ids grow. */
	ASSERT_GT(id2, id1);
	ASSERT_TRUE(walk_finds(id1));
	ASSERT_TRUE(walk_finds(id2));

	/* The next id after id1 - 1 is id1 itself. */
	ASSERT_OK(kbpf_map_next_id(id1 - 1, &next));
	ASSERT_EQ(next, id1);
	ASSERT_OK(kbpf_map_next_id(id1, &next));
	ASSERT_GT(next, id1);
	ASSERT_LE(next, id2);
}

TEST(ids_next_id_end)
{
	__u32 next = 0;

	ASSERT_OK(kbpf_array_create(8, 1));
	ASSERT_ERRNO(kbpf_map_next_id(INT_MAX - 1, &next), ENOENT);
	/* bpf_obj_get_next_id(): start_id >= INT_MAX is EINVAL. */
	ASSERT_ERRNO(kbpf_map_next_id(INT_MAX, &next), EINVAL);
	ASSERT_ERRNO(kbpf_map_next_id(0xffffffffu, &next), EINVAL);
}

TEST(ids_fd_by_id)
{
	__u32 key = 0, id;
	__u64 val = 0x55, out = 0;
	int fd, fd2;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	id = map_id(fd);
	fd2 = ASSERT_OK(kbpf_map_fd_by_id(id, 0));
	ASSERT_NE(fd2, fd);
	ASSERT_EQ(fcntl(fd2, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	ASSERT_EQ(fcntl(fd2, F_GETFL) & O_ACCMODE, O_RDWR);
	ASSERT_EQ(map_id(fd2), id);
	/* Same map behind both. */
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	ASSERT_OK(kbpf_map_lookup(fd2, &key, &out, 0));
	ASSERT_EQ(out, 0x55);
}

TEST(ids_fd_by_id_bogus)
{
	ASSERT_ERRNO(kbpf_map_fd_by_id(0, 0), ENOENT);
	ASSERT_ERRNO(kbpf_map_fd_by_id(0x7ffffff0, 0), ENOENT);
	ASSERT_ERRNO(kbpf_map_fd_by_id(0xffffffffu, 0), ENOENT);
}

TEST(ids_fd_by_id_open_flags)
{
	__u32 key = 0, id;
	__u64 val = 1;
	int fd, ro, wo;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	id = map_id(fd);
	/* BPF_OBJ_FLAG_MASK is RDONLY|WRONLY; both at once is EINVAL too. */
	ASSERT_ERRNO(kbpf_map_fd_by_id(id, 1), EINVAL);
	ASSERT_ERRNO(kbpf_map_fd_by_id(id, KBPF_F_RDONLY_PROG), EINVAL);
	ASSERT_ERRNO(kbpf_map_fd_by_id(id, 1u << 31), EINVAL);
	ASSERT_ERRNO(kbpf_map_fd_by_id(id, KBPF_F_RDONLY | KBPF_F_WRONLY),
		     EINVAL);
	/* Unknown flags are refused before the id is looked up. */
	ASSERT_ERRNO(kbpf_map_fd_by_id(0x7ffffff0, 1), EINVAL);

	ro = ASSERT_OK(kbpf_map_fd_by_id(id, KBPF_F_RDONLY));
	ASSERT_EQ(fcntl(ro, F_GETFL) & O_ACCMODE, O_RDONLY);
	ASSERT_OK(kbpf_map_lookup(ro, &key, &val, 0));
	ASSERT_ERRNO(kbpf_map_update(ro, &key, &val, KBPF_ANY), EPERM);

	wo = ASSERT_OK(kbpf_map_fd_by_id(id, KBPF_F_WRONLY));
	ASSERT_EQ(fcntl(wo, F_GETFL) & O_ACCMODE, O_WRONLY);
	ASSERT_OK(kbpf_map_update(wo, &key, &val, KBPF_ANY));
	ASSERT_ERRNO(kbpf_map_lookup(wo, &key, &val, 0), EPERM);
}

TEST(ids_info)
{
	struct kbpf_map_info info;
	union kbpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = KBPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 20;
	attr.max_entries = 9;
	attr.map_flags = KBPF_F_RDONLY_PROG;
	memcpy(attr.map_name, "info_test", 9);
	fd = ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)));

	memset(&info, 0xaa, sizeof(info));
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.type, KBPF_MAP_TYPE_ARRAY);
	ASSERT_GT(info.id, 0);
	ASSERT_EQ(info.key_size, 4);
	ASSERT_EQ(info.value_size, 20);
	ASSERT_EQ(info.max_entries, 9);
	ASSERT_EQ(info.map_flags, KBPF_F_RDONLY_PROG);
	ASSERT_STREQ(info.name, "info_test");
	/* Everything else is zeroed (memset in bpf_map_get_info_by_fd). */
	ASSERT_EQ(info.ifindex, 0);
	ASSERT_EQ(info.btf_vmlinux_value_type_id, 0);
	ASSERT_EQ(info.netns_dev, 0);
	ASSERT_EQ(info.netns_ino, 0);
	ASSERT_EQ(info.btf_id, 0);
	ASSERT_EQ(info.btf_key_type_id, 0);
	ASSERT_EQ(info.btf_value_type_id, 0);
	ASSERT_EQ(info.btf_vmlinux_id, 0);
	ASSERT_EQ(info.map_extra, 0);
}

TEST(ids_info_len)
{
	struct {
		struct kbpf_map_info info;
		unsigned char tail[64];
	} big;
	unsigned char raw[sizeof(struct kbpf_map_info)];
	__u32 len;
	int fd;

	ASSERT_EQ(sizeof(struct kbpf_map_info), 88);
	fd = ASSERT_OK(kbpf_array_create(8, 3));

	/* Shorter: only info_len bytes are written, and info_len stays. */
	memset(raw, 0xaa, sizeof(raw));
	len = 8;
	ASSERT_OK(kbpf_obj_info(fd, raw, &len));
	ASSERT_EQ(len, 8);
	ASSERT_EQ(((struct kbpf_map_info *)raw)->type, KBPF_MAP_TYPE_ARRAY);
	ASSERT_EQ(((struct kbpf_map_info *)raw)->id, map_id(fd));
	ASSERT_EQ(raw[8], 0xaa);

	len = 5;
	memset(raw, 0xaa, sizeof(raw));
	ASSERT_OK(kbpf_obj_info(fd, raw, &len));
	ASSERT_EQ(len, 5);
	ASSERT_EQ(raw[0], KBPF_MAP_TYPE_ARRAY);
	ASSERT_EQ(raw[5], 0xaa);

	/* Zero length writes nothing: even a NULL buffer will do. */
	len = 0;
	ASSERT_OK(kbpf_obj_info(fd, NULL, &len));
	ASSERT_EQ(len, 0);

	/* Longer with a zero tail: accepted, info_len is the real size. */
	memset(&big, 0, sizeof(big));
	len = sizeof(big);
	ASSERT_OK(kbpf_obj_info(fd, &big, &len));
	ASSERT_EQ(len, sizeof(struct kbpf_map_info));
	ASSERT_EQ(big.info.max_entries, 3);

	/* bpf_check_uarg_tail_zero(): a non-zero tail is E2BIG. */
	memset(&big, 0, sizeof(big));
	big.tail[63] = 1;
	len = sizeof(big);
	ASSERT_ERRNO(kbpf_obj_info(fd, &big, &len), E2BIG);
	len = sizeof(big) - 1;
	ASSERT_OK(kbpf_obj_info(fd, &big, &len));
	ASSERT_EQ(len, sizeof(struct kbpf_map_info));

	/* More than a page is E2BIG before anything is read. */
	len = 4097;
	ASSERT_ERRNO(kbpf_obj_info(fd, NULL, &len), E2BIG);
	len = 0xffffffff;
	ASSERT_ERRNO(kbpf_obj_info(fd, NULL, &len), E2BIG);
}

TEST(ids_info_efault)
{
	__u32 len;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	len = sizeof(struct kbpf_map_info);
	ASSERT_ERRNO(kbpf_obj_info(fd, NULL, &len), EFAULT);
	len = 4;
	ASSERT_ERRNO(kbpf_obj_info(fd, (void *)8, &len), EFAULT);
	/* The tail is read from user memory as well. */
	len = sizeof(struct kbpf_map_info) + 8;
	ASSERT_ERRNO(kbpf_obj_info(fd, NULL, &len), EFAULT);
}

TEST(ids_info_bad_fd)
{
	struct kbpf_map_info info;
	__u32 len = sizeof(info);
	int devnull;

	devnull = ASSERT_OK(open("/dev/null", O_RDONLY | O_CLOEXEC));
	/* bpf_obj_get_info_by_fd(): fd_empty() is EBADFD, not EBADF. */
	ASSERT_ERRNO(kbpf_obj_info(-1, &info, &len), EBADFD);
	ASSERT_ERRNO(kbpf_obj_info(0x7fffffff, &info, &len), EBADFD);
	ASSERT_ERRNO(kbpf_obj_info(devnull, &info, &len), EINVAL);
}

/* The id goes when the last reference does; allow for deferred work. */
static bool id_gone(__u32 id)
{
	int fd, i;

	for (i = 0; i < 200; i++) {
		fd = kbpf_map_fd_by_id(id, 0);
		if (fd < 0) {
			ASSERT_EQ(errno, ENOENT);
			return true;
		}
		close(fd);
		sleep_ms(10);
	}
	return false;
}

TEST(ids_gone_after_close)
{
	__u32 id, next;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	id = map_id(fd);
	ASSERT_OK(close(fd));
	ASSERT_TRUE(id_gone(id));
	ASSERT_FALSE(walk_finds(id));
	if (!kbpf_map_next_id(id - 1, &next))
		ASSERT_NE(next, id);
	else
		ASSERT_EQ(errno, ENOENT);
}

TEST(ids_fd_by_id_holds_map)
{
	__u32 key = 0, id;
	__u64 val = 3, out = 0;
	int fd, fd2;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	id = map_id(fd);
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	fd2 = ASSERT_OK(kbpf_map_fd_by_id(id, 0));
	ASSERT_OK(close(fd));
	/* The second fd keeps map and id alive. */
	sleep_ms(50);
	ASSERT_OK(kbpf_map_lookup(fd2, &key, &out, 0));
	ASSERT_EQ(out, 3);
	ASSERT_TRUE(walk_finds(id));
	ASSERT_OK(close(fd2));
	ASSERT_TRUE(id_gone(id));
}

TEST(ids_distinct)
{
	__u32 ids[16];
	int i, j, fd;

	for (i = 0; i < 16; i++) {
		fd = ASSERT_OK(kbpf_array_create(4, 1));
		ids[i] = map_id(fd);
		for (j = 0; j < i; j++)
			ASSERT_NE(ids[i], ids[j]);
	}
}
