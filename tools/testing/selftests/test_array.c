// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_ARRAY from user space, as Linux 6.12's kernel/bpf/arraymap.c
 * and the map commands of kernel/bpf/syscall.c behave.
 */
#include <fcntl.h>
#include <unistd.h>

#include "kbpf_test.h"

static int create_attr(union kbpf_attr *attr)
{
	return kbpf_sys(KBPF_MAP_CREATE, attr, sizeof(*attr));
}

static void array_attr(union kbpf_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->map_type = KBPF_MAP_TYPE_ARRAY;
	attr->key_size = 4;
	attr->value_size = 8;
	attr->max_entries = 4;
}

TEST(array_create)
{
	struct kbpf_map_info info;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(24, 7));
	ASSERT_GT(fd, 2);
	/* bpf_map_new_fd(): anon_inode_getfd(..., flags | O_CLOEXEC). */
	ASSERT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	ASSERT_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.type, KBPF_MAP_TYPE_ARRAY);
	ASSERT_EQ(info.key_size, 4);
	ASSERT_EQ(info.value_size, 24);
	ASSERT_EQ(info.max_entries, 7);
	ASSERT_EQ(info.map_flags, 0);
	ASSERT_GT(info.id, 0);
	ASSERT_STREQ(info.name, "");
}

/* array_map_alloc_check() */
TEST(array_create_bad_sizes)
{
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 0, 8, 1, 0), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 1, 8, 1, 0), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 8, 8, 1, 0), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 0, 1, 0), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 0, 0), EINVAL);
	/* "avoid overflow on round_up(map->value_size)" */
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 0x80000000u, 1,
				  0), E2BIG);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 0xffffffffu, 1,
				  0), E2BIG);
	/* Odd value sizes are fine. */
	ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 1, 1, 0));
	ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 13, 3, 0));
}

TEST(array_create_bad_type)
{
	ASSERT_ERRNO(kbpf_map_new(0, 4, 8, 1, 0), EINVAL);
	/* map_create(): map_type >= ARRAY_SIZE(bpf_map_types). */
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARENA + 1, 4, 8, 1, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_map_new(1000, 4, 8, 1, 0), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(0xffffffffu, 4, 8, 1, 0), EINVAL);
}

TEST(array_create_bad_flags)
{
	union kbpf_attr attr;
	unsigned int bit;

	/* Not in ARRAY_CREATE_FLAG_MASK. */
	for (bit = 0; bit < 32; bit++) {
		__u32 flag = 1U << bit;

		switch (flag) {
		case KBPF_F_NUMA_NODE:		/* tested below */
		case KBPF_F_MMAPABLE:		/* allowed */
		case KBPF_F_INNER_MAP:
		case KBPF_F_RDONLY:
		case KBPF_F_WRONLY:
		case KBPF_F_RDONLY_PROG:
		case KBPF_F_WRONLY_PROG:
		case KBPF_F_TOKEN_FD:		/* cleared by map_create */
			continue;
		}
		ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1,
					  flag), EINVAL);
	}
	/* bpf_get_file_flag() and bpf_map_flags_access_ok(). */
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1,
				  KBPF_F_RDONLY | KBPF_F_WRONLY), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1,
				  KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG),
		     EINVAL);
	/* Only for PERF_EVENT_ARRAY. */
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1,
				  KBPF_F_PRESERVE_ELEMS), EINVAL);

	/* map_create(): map_extra only for bloom filter and arena. */
	array_attr(&attr);
	attr.map_extra = 1;
	ASSERT_ERRNO(create_attr(&attr), EINVAL);
	/* A BTF key type without a value type. */
	array_attr(&attr);
	attr.btf_key_type_id = 1;
	ASSERT_ERRNO(create_attr(&attr), EINVAL);
	/* btf_vmlinux_value_type_id is for struct_ops maps only. */
	array_attr(&attr);
	attr.btf_vmlinux_value_type_id = 1;
	ASSERT_ERRNO(create_attr(&attr), EINVAL);
}

TEST(array_create_numa_node)
{
	struct kbpf_map_info info;
	union kbpf_attr attr;
	int fd;

	/* numa_node is ignored without BPF_F_NUMA_NODE. */
	array_attr(&attr);
	attr.numa_node = 1000;
	ASSERT_OK(create_attr(&attr));
	/* map_create(): numa_node >= nr_node_ids or offline. */
	attr.map_flags = KBPF_F_NUMA_NODE;
	ASSERT_ERRNO(create_attr(&attr), EINVAL);
	/* Node 0 is always online. */
	attr.numa_node = 0;
	fd = ASSERT_OK(create_attr(&attr));
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.map_flags, KBPF_F_NUMA_NODE);
	/* bpf_map_attr_numa_node() reads the u32 as an int: -1 is
	 * NUMA_NO_NODE, which passes map_create()'s node check.
	 */
	attr.numa_node = 0xffffffff;
	ASSERT_OK(create_attr(&attr));
	attr.numa_node = 0xfffffffe;
	ASSERT_ERRNO(create_attr(&attr), EINVAL);
}

TEST(array_create_access_flags)
{
	struct kbpf_map_info info;
	int fd;

	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1,
				    KBPF_F_RDONLY | KBPF_F_RDONLY_PROG));
	ASSERT_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	kbpf_map_info(fd, &info);
	/* bpf_map_flags_retain_permanent(): RDONLY/WRONLY belong to the fd. */
	ASSERT_EQ(info.map_flags, KBPF_F_RDONLY_PROG);

	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1,
				    KBPF_F_WRONLY | KBPF_F_WRONLY_PROG));
	ASSERT_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY);
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.map_flags, KBPF_F_WRONLY_PROG);
}

TEST(array_rdonly_fd)
{
	__u32 key = 0, next;
	__u64 val = 1;
	int fd;

	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 2,
				    KBPF_F_RDONLY));
	ASSERT_OK(kbpf_map_lookup(fd, &key, &val, 0));
	ASSERT_EQ(val, 0);
	ASSERT_OK(kbpf_map_next_key(fd, &key, &next));
	/* map_update_elem/map_delete_elem: !FMODE_CAN_WRITE, before any
	 * key is read.
	 */
	ASSERT_ERRNO(kbpf_map_update(fd, &key, &val, KBPF_ANY), EPERM);
	ASSERT_ERRNO(kbpf_map_update(fd, NULL, NULL, KBPF_ANY), EPERM);
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), EPERM);
}

TEST(array_wronly_fd)
{
	__u32 key = 1, next;
	__u64 val = 7;
	int fd;

	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 2,
				    KBPF_F_WRONLY));
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	ASSERT_ERRNO(kbpf_map_lookup(fd, &key, &val, 0), EPERM);
	ASSERT_ERRNO(kbpf_map_next_key(fd, &key, &next), EPERM);
	/* Deletion is a write: it gets as far as the array's EINVAL. */
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), EINVAL);
}

/* bpf_obj_name_cpy(): isalnum, '_' and '.', NUL-terminated within 16. */
TEST(array_name)
{
	struct kbpf_map_info info;
	union kbpf_attr attr;
	int fd;

	array_attr(&attr);
	memcpy(attr.map_name, "my_map.0", 8);
	fd = ASSERT_OK(create_attr(&attr));
	kbpf_map_info(fd, &info);
	ASSERT_STREQ(info.name, "my_map.0");

	/* 15 characters fit; 16 leave no room for the NUL. */
	array_attr(&attr);
	memcpy(attr.map_name, "abcdefghijklmno", 15);
	fd = ASSERT_OK(create_attr(&attr));
	kbpf_map_info(fd, &info);
	ASSERT_STREQ(info.name, "abcdefghijklmno");
	attr.map_name[15] = 'p';
	ASSERT_ERRNO(create_attr(&attr), EINVAL);

	/* Anything after the NUL is ignored. */
	array_attr(&attr);
	memcpy(attr.map_name, "ab\0-!", 5);
	fd = ASSERT_OK(create_attr(&attr));
	kbpf_map_info(fd, &info);
	ASSERT_STREQ(info.name, "ab");
	ASSERT_EQ(info.name[3], 0);

	array_attr(&attr);
	memcpy(attr.map_name, "bad-name", 8);
	ASSERT_ERRNO(create_attr(&attr), EINVAL);
	array_attr(&attr);
	memcpy(attr.map_name, "sp ace", 6);
	ASSERT_ERRNO(create_attr(&attr), EINVAL);
	/* The kernel's isalnum() is Latin-1 (lib/ctype.c): 0xc3 is a
	 * letter, 0xd7 (multiplication sign) and 0x80 are not.
	 */
	array_attr(&attr);
	attr.map_name[0] = (char)0xc3;
	fd = ASSERT_OK(create_attr(&attr));
	kbpf_map_info(fd, &info);
	ASSERT_EQ((unsigned char)info.name[0], 0xc3);
	attr.map_name[0] = (char)0xd7;
	ASSERT_ERRNO(create_attr(&attr), EINVAL);
	attr.map_name[0] = (char)0x80;
	ASSERT_ERRNO(create_attr(&attr), EINVAL);
}

TEST(array_lookup_fresh_is_zero)
{
	unsigned char value[32];
	__u32 key;
	int fd, i;

	/* value_size 12 is not a multiple of 8: exactly 12 bytes come out. */
	fd = ASSERT_OK(kbpf_array_create(12, 3));
	for (key = 0; key < 3; key++) {
		memset(value, 0xaa, sizeof(value));
		ASSERT_OK(kbpf_map_lookup(fd, &key, value, 0));
		for (i = 0; i < 12; i++)
			ASSERT_EQ(value[i], 0);
		for (i = 12; i < (int)sizeof(value); i++)
			ASSERT_EQ(value[i], 0xaa);
	}
}

TEST(array_update_lookup)
{
	unsigned char in[12], out[16];
	__u32 key;
	int fd, i;

	fd = ASSERT_OK(kbpf_array_create(12, 4));
	for (i = 0; i < 12; i++)
		in[i] = 0x10 + i;
	key = 2;
	ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_ANY));
	memset(out, 0xaa, sizeof(out));
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, 12);
	ASSERT_EQ(out[12], 0xaa);

	/* The neighbours are untouched. */
	for (key = 0; key < 4; key++) {
		if (key == 2)
			continue;
		ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
		for (i = 0; i < 12; i++)
			ASSERT_EQ(out[i], 0);
	}

	/* EXIST always holds in an array. */
	key = 2;
	in[0] = 0x99;
	ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_EXIST));
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, 12);
	key = 3;
	ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_EXIST));
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, 12);
}

TEST(array_last_index)
{
	__u32 key = 99;
	__u64 val = 0x1122334455667788ull, out = 0;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 100));
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	ASSERT_OK(kbpf_map_lookup(fd, &key, &out, 0));
	ASSERT_EQ(out, val);
}

TEST(array_out_of_range)
{
	__u32 keys[] = { 5, 6, 8, 0x80000000u, 0xffffffffu };
	__u64 val = 1;
	unsigned int i;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 5));
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		/* array_map_update_elem: "all elements were pre-allocated" */
		ASSERT_ERRNO(kbpf_map_update(fd, &keys[i], &val, KBPF_ANY),
			     E2BIG);
		ASSERT_ERRNO(kbpf_map_update(fd, &keys[i], &val, KBPF_EXIST),
			     E2BIG);
		/* The range check comes before NOEXIST's EEXIST. */
		ASSERT_ERRNO(kbpf_map_update(fd, &keys[i], &val,
					     KBPF_NOEXIST), E2BIG);
		ASSERT_ERRNO(kbpf_map_lookup(fd, &keys[i], &val, 0), ENOENT);
		/* ENOENT before the value is written: a NULL value is fine. */
		ASSERT_ERRNO(kbpf_map_lookup(fd, &keys[i], NULL, 0), ENOENT);
	}
}

TEST(array_noexist)
{
	__u32 key = 0;
	__u64 val = 5, out = 0;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	/* Every element exists, even one never written. */
	ASSERT_ERRNO(kbpf_map_update(fd, &key, &val, KBPF_NOEXIST), EEXIST);
	ASSERT_OK(kbpf_map_lookup(fd, &key, &out, 0));
	ASSERT_EQ(out, 0);
}

TEST(array_update_bad_flags)
{
	static const __u64 bad[] = { 3, 8, 16, 0x100, 1ull << 32,
				     1ull << 63, KBPF_F_LOCK | 3 };
	__u32 key = 0, oob = 1;
	__u64 val = 5, out = 0;
	unsigned int i;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ASSERT_ERRNO(kbpf_map_update(fd, &key, &val, bad[i]), EINVAL);
		/* Unknown flags are refused before the index. */
		ASSERT_ERRNO(kbpf_map_update(fd, &oob, &val, bad[i]), EINVAL);
	}
	/* BPF_F_LOCK without a bpf_spin_lock in the value (no BTF). */
	ASSERT_ERRNO(kbpf_map_update(fd, &key, &val, KBPF_F_LOCK), EINVAL);
	ASSERT_ERRNO(kbpf_map_update(fd, &oob, &val, KBPF_F_LOCK), EINVAL);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, &val,
				     KBPF_F_LOCK | KBPF_NOEXIST), EINVAL);
	/* The flags are only checked on a map: a bad fd is EBADF first. */
	ASSERT_ERRNO(kbpf_map_update(-1, &key, &val, 3), EBADF);
	ASSERT_OK(kbpf_map_lookup(fd, &key, &out, 0));
	ASSERT_EQ(out, 0);
}

TEST(array_lookup_bad_flags)
{
	__u32 key = 0;
	__u64 out;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	/* map_lookup_elem: flags & ~BPF_F_LOCK before the fd... */
	ASSERT_ERRNO(kbpf_map_lookup(fd, &key, &out, KBPF_NOEXIST), EINVAL);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &key, &out, 1ull << 40), EINVAL);
	ASSERT_ERRNO(kbpf_map_lookup(-1, &key, &out, KBPF_EXIST), EINVAL);
	/* ...BPF_F_LOCK needs a spin lock in the value, after the fd. */
	ASSERT_ERRNO(kbpf_map_lookup(fd, &key, &out, KBPF_F_LOCK), EINVAL);
	ASSERT_ERRNO(kbpf_map_lookup(-1, &key, &out, KBPF_F_LOCK), EBADF);
}

TEST(array_delete)
{
	__u32 key = 0, oob = 10;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 2));
	/* array_map_delete_elem() */
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), EINVAL);
	ASSERT_ERRNO(kbpf_map_delete(fd, &oob), EINVAL);
	/* The key is copied first: NULL faults. */
	ASSERT_ERRNO(kbpf_map_delete(fd, NULL), EFAULT);
	ASSERT_ERRNO(kbpf_map_delete(-1, &key), EBADF);
}

TEST(array_get_next_key)
{
	__u32 key, next;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 3));
	/* array_map_get_next_key(): NULL or out of range starts at 0. */
	next = 77;
	ASSERT_OK(kbpf_map_next_key(fd, NULL, &next));
	ASSERT_EQ(next, 0);
	for (key = 0; key < 2; key++) {
		ASSERT_OK(kbpf_map_next_key(fd, &key, &next));
		ASSERT_EQ(next, key + 1);
	}
	key = 2;
	next = 77;
	ASSERT_ERRNO(kbpf_map_next_key(fd, &key, &next), ENOENT);
	ASSERT_EQ(next, 77);
	key = 3;
	ASSERT_OK(kbpf_map_next_key(fd, &key, &next));
	ASSERT_EQ(next, 0);
	key = 0xffffffff;
	next = 77;
	ASSERT_OK(kbpf_map_next_key(fd, &key, &next));
	ASSERT_EQ(next, 0);
	/* next_key is written with copy_to_user. */
	ASSERT_ERRNO(kbpf_map_next_key(fd, NULL, NULL), EFAULT);
	key = 2;
	ASSERT_ERRNO(kbpf_map_next_key(fd, &key, NULL), ENOENT);
}

TEST(array_get_next_key_single)
{
	__u32 key = 0, next = 5;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	ASSERT_OK(kbpf_map_next_key(fd, NULL, &next));
	ASSERT_EQ(next, 0);
	ASSERT_ERRNO(kbpf_map_next_key(fd, &key, &next), ENOENT);
}

TEST(array_efault)
{
	__u32 key = 0;
	__u64 val = 1;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 2));
	ASSERT_ERRNO(kbpf_map_lookup(fd, NULL, &val, 0), EFAULT);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &key, NULL, 0), EFAULT);
	ASSERT_ERRNO(kbpf_map_lookup(fd, (void *)8, &val, 0), EFAULT);
	ASSERT_ERRNO(kbpf_map_update(fd, NULL, &val, KBPF_ANY), EFAULT);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, NULL, KBPF_ANY), EFAULT);
	ASSERT_ERRNO(kbpf_map_next_key(fd, (void *)8, &key), EFAULT);
}

TEST(array_bad_fd)
{
	__u32 key = 0, next;
	__u64 val = 0;
	int devnull, closed;

	devnull = ASSERT_OK(open("/dev/null", O_RDWR | O_CLOEXEC));
	closed = ASSERT_OK(fcntl(devnull, F_DUPFD_CLOEXEC, 0));
	ASSERT_OK(close(closed));

	/* __bpf_map_get(): no file EBADF, not a map EINVAL. */
	ASSERT_ERRNO(kbpf_map_lookup(-1, &key, &val, 0), EBADF);
	ASSERT_ERRNO(kbpf_map_lookup(closed, &key, &val, 0), EBADF);
	ASSERT_ERRNO(kbpf_map_lookup(devnull, &key, &val, 0), EINVAL);
	ASSERT_ERRNO(kbpf_map_update(-1, &key, &val, 0), EBADF);
	ASSERT_ERRNO(kbpf_map_update(closed, &key, &val, 0), EBADF);
	ASSERT_ERRNO(kbpf_map_update(devnull, &key, &val, 0), EINVAL);
	ASSERT_ERRNO(kbpf_map_delete(closed, &key), EBADF);
	ASSERT_ERRNO(kbpf_map_delete(devnull, &key), EINVAL);
	ASSERT_ERRNO(kbpf_map_next_key(-1, &key, &next), EBADF);
	ASSERT_ERRNO(kbpf_map_next_key(closed, &key, &next), EBADF);
	ASSERT_ERRNO(kbpf_map_next_key(devnull, &key, &next), EINVAL);
	ASSERT_ERRNO(kbpf_map_next_key(0x7fffffff, &key, &next), EBADF);
}

TEST(array_many_values)
{
	__u32 key, n = 64;
	__u64 val;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, n));
	for (key = 0; key < n; key++) {
		val = (__u64)key * 0x0101010101010101ull;
		ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	}
	for (key = 0; key < n; key++) {
		ASSERT_OK(kbpf_map_lookup(fd, &key, &val, 0));
		ASSERT_EQ(val, (__u64)key * 0x0101010101010101ull);
	}
}

TEST(array_large_value)
{
	static unsigned char in[65536], out[65536];
	__u32 key = 1;
	unsigned int i;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(sizeof(in), 2));
	for (i = 0; i < sizeof(in); i++)
		in[i] = i * 7;
	ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_ANY));
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, sizeof(in));
}

TEST(array_shared_between_fds)
{
	__u32 key = 0;
	__u64 val = 9, out = 0;
	int fd, dup_fd;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	dup_fd = ASSERT_OK(fcntl(fd, F_DUPFD_CLOEXEC, 0));
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	ASSERT_OK(close(fd));
	ASSERT_OK(kbpf_map_lookup(dup_fd, &key, &out, 0));
	ASSERT_EQ(out, 9);
}
