// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_LOOKUP_AND_DELETE_ELEM on arrays, as Linux 6.12's
 * map_lookup_and_delete_elem() (kernel/bpf/syscall.c): CHECK_ATTR (last
 * field flags), flags other than BPF_F_LOCK (-EINVAL, before the fd), the
 * fd, FMODE_CAN_READ and FMODE_CAN_WRITE (-EPERM; a frozen map has no
 * write), BPF_F_LOCK without a spin lock (-EINVAL), the key copy
 * (-EFAULT), and only then the map type: queue, stack and the four hash
 * types have the operation, everything else -ENOTSUPP (524).
 * The hash types are in test_hash.c.
 */
#include <fcntl.h>
#include <unistd.h>

#include "kbpf_test.h"

#define ATTR_SIZE	sizeof(union kbpf_attr)
#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))

static __u32 map_id(int fd)
{
	struct kbpf_map_info info;

	kbpf_map_info(fd, &info);
	return info.id;
}

TEST(lookup_delete_array_enotsupp)
{
	__u32 key = 1, oob = 100;
	__u64 val = 0x77, out = 0x55;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 4));
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, &out, 0), ENOTSUPP);
	/* Nothing looked up, nothing deleted. */
	ASSERT_EQ(out, 0x55);
	ASSERT_OK(kbpf_map_lookup(fd, &key, &out, 0));
	ASSERT_EQ(out, 0x77);
	/* No index check: the type decides. */
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &oob, &out, 0), ENOTSUPP);
	/* The value is never written. */
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, NULL, 0), ENOTSUPP);
}

TEST(lookup_delete_percpu_array_enotsupp)
{
	unsigned char out[8 * 64];
	__u32 key = 0;
	int fd;

	ASSERT_LE(kbpf_nr_possible_cpus(), 64);
	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 2,
				    0));
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, out, 0), ENOTSUPP);
}

TEST(lookup_delete_array_mmapable_enotsupp)
{
	__u32 key = 0;
	__u64 out;
	int fd;

	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 2,
				    KBPF_F_MMAPABLE));
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, &out, 0), ENOTSUPP);
}

TEST(lookup_delete_flags)
{
	static const __u64 bad[] = { KBPF_NOEXIST, KBPF_EXIST, 3, 8,
				     1ull << 32, 1ull << 63,
				     KBPF_F_LOCK | 1 };
	__u32 key = 0;
	__u64 out;
	unsigned int i;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 2));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, &out,
							bad[i]), EINVAL);
		/* Before the fd is looked at. */
		ASSERT_ERRNO(kbpf_map_lookup_and_delete(-1, &key, &out,
							bad[i]), EINVAL);
	}
	/* BPF_F_LOCK passes the first test, then wants a spin lock. */
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, &out, KBPF_F_LOCK),
		     EINVAL);
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(-1, &key, &out, KBPF_F_LOCK),
		     EBADF);
	/* ...and the spin lock test comes before the key copy. */
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, NULL, &out, KBPF_F_LOCK),
		     EINVAL);
}

/* The key is copied before the type is looked at. */
TEST(lookup_delete_efault)
{
	__u64 out;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 2));
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, NULL, &out, 0), EFAULT);
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, (void *)8, &out, 0),
		     EFAULT);
}

/* Read and write are both needed: -EPERM, before the key and the type. */
TEST(lookup_delete_perms)
{
	__u32 key = 0;
	__u64 out;
	int fd, ro, wo;

	fd = ASSERT_OK(kbpf_array_create(8, 2));
	ro = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), KBPF_F_RDONLY));
	wo = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), KBPF_F_WRONLY));
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(ro, &key, &out, 0), EPERM);
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(wo, &key, &out, 0), EPERM);
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(ro, NULL, &out, 0), EPERM);
	/* Permissions come before BPF_F_LOCK's spin lock test. */
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(wo, &key, &out, KBPF_F_LOCK),
		     EPERM);

	ASSERT_OK(kbpf_map_freeze(fd));
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, &out, 0), EPERM);
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, NULL, NULL, 0), EPERM);
}

TEST(lookup_delete_bad_fd)
{
	__u32 key = 0;
	__u64 out;
	int devnull;

	devnull = ASSERT_OK(open("/dev/null", O_RDWR | O_CLOEXEC));
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(-1, &key, &out, 0), EBADF);
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(0x7fffffff, &key, &out, 0),
		     EBADF);
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(devnull, &key, &out, 0),
		     EINVAL);
}

/* CHECK_ATTR(BPF_MAP_LOOKUP_AND_DELETE_ELEM): last field flags. */
TEST(lookup_delete_check_attr)
{
	static char buf[ATTR_SIZE] __aligned(8);
	union kbpf_attr *attr = (union kbpf_attr *)buf;
	size_t off;

	memset(buf, 0, sizeof(buf));
	attr->map_fd = -1;
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_LOOKUP_AND_DELETE_ELEM, attr,
			      ATTR_SIZE), EBADF);
	for (off = offsetofend(union kbpf_attr, flags); off < ATTR_SIZE;
	     off++) {
		buf[off] = 1;
		ASSERT_ERRNO(kbpf_sys(KBPF_MAP_LOOKUP_AND_DELETE_ELEM, attr,
				      ATTR_SIZE), EINVAL);
		buf[off] = 0;
	}
}
