// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_PERCPU_ARRAY from user space, as Linux 6.12's
 * kernel/bpf/arraymap.c: array_map_alloc_check() refuses a NUMA node and
 * BPF_F_MMAPABLE, bounds round_up(value_size, 8) by PCPU_MIN_UNIT_SIZE
 * (32 KiB); values cross the ABI as one round_up(value_size, 8) slot per
 * possible CPU (bpf_map_value_size()), padding included
 * (copy_map_value_long() in bpf_percpu_array_copy/update).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>

#include "kbpf_test.h"

#define PCPU_MIN_UNIT_SIZE	32768u

static int pcpu_create(__u32 value_size, __u32 max_entries, __u32 flags)
{
	return kbpf_map_new(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, value_size,
			    max_entries, flags);
}

static size_t slot_size(__u32 value_size)
{
	return ((size_t)value_size + 7) & ~(size_t)7;
}

/* The user-space size of one value: a slot per possible CPU. */
static size_t pcpu_value_len(__u32 value_size)
{
	return slot_size(value_size) * kbpf_nr_possible_cpus();
}

static unsigned char pattern(__u32 key, int cpu, size_t i)
{
	return (unsigned char)(key * 53 + cpu * 17 + i + 1);
}

/* Fill every byte of every CPU's slot, padding included. */
static void fill_value(unsigned char *buf, __u32 value_size, __u32 key)
{
	size_t slot = slot_size(value_size), i;
	int cpu, ncpus = kbpf_nr_possible_cpus();

	for (cpu = 0; cpu < ncpus; cpu++)
		for (i = 0; i < slot; i++)
			buf[cpu * slot + i] = pattern(key, cpu, i);
}

static void *xmalloc(size_t len)
{
	void *p = malloc(len);

	if (!p)
		FAIL("malloc(%zu) failed", len);
	return p;
}

/* len bytes ending exactly where an inaccessible page starts. */
static unsigned char *buf_before_hole(size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t pages = (len + page - 1) / page + 1;
	unsigned char *map;

	map = mmap(NULL, pages * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(map != MAP_FAILED);
	ASSERT_OK(mprotect(map + (pages - 1) * page, page, PROT_NONE));
	return map + (pages - 1) * page - len;
}

TEST(percpu_array_create)
{
	struct kbpf_map_info info;
	int fd;

	fd = ASSERT_OK(pcpu_create(12, 5, 0));
	ASSERT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.type, KBPF_MAP_TYPE_PERCPU_ARRAY);
	ASSERT_EQ(info.key_size, 4);
	/* The rounding is internal: info shows the value_size asked for. */
	ASSERT_EQ(info.value_size, 12);
	ASSERT_EQ(info.max_entries, 5);
	ASSERT_EQ(info.map_flags, 0);

	fd = ASSERT_OK(pcpu_create(8, 1, KBPF_F_RDONLY_PROG));
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.map_flags, KBPF_F_RDONLY_PROG);
}

/* array_map_alloc_check(): the same sanity rules as ARRAY. */
TEST(percpu_array_create_bad_sizes)
{
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_PERCPU_ARRAY, 0, 8, 1, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_PERCPU_ARRAY, 8, 8, 1, 0),
		     EINVAL);
	ASSERT_ERRNO(pcpu_create(0, 1, 0), EINVAL);
	ASSERT_ERRNO(pcpu_create(8, 0, 0), EINVAL);
	ASSERT_OK(pcpu_create(1, 1, 0));
	ASSERT_OK(pcpu_create(13, 3, 0));
}

TEST(percpu_array_create_bad_flags)
{
	/* Only ARRAY may be mmapable or an inner map template. */
	ASSERT_ERRNO(pcpu_create(8, 1, KBPF_F_MMAPABLE), EINVAL);
	ASSERT_ERRNO(pcpu_create(8, 1, KBPF_F_INNER_MAP), EINVAL);
	ASSERT_ERRNO(pcpu_create(8, 1, KBPF_F_PRESERVE_ELEMS), EINVAL);
	/* Not in ARRAY_CREATE_FLAG_MASK. */
	ASSERT_ERRNO(pcpu_create(8, 1, KBPF_F_NO_PREALLOC), EINVAL);
	ASSERT_ERRNO(pcpu_create(8, 1, KBPF_F_NO_COMMON_LRU), EINVAL);
	ASSERT_ERRNO(pcpu_create(8, 1, KBPF_F_ZERO_SEED), EINVAL);
	ASSERT_ERRNO(pcpu_create(8, 1, KBPF_F_RDONLY_PROG |
				 KBPF_F_WRONLY_PROG), EINVAL);
	/* The flags are checked before the size: EINVAL, not E2BIG. */
	ASSERT_ERRNO(pcpu_create(PCPU_MIN_UNIT_SIZE + 1, 1, KBPF_F_MMAPABLE),
		     EINVAL);
}

TEST(percpu_array_create_numa_node)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = KBPF_MAP_TYPE_PERCPU_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 2;
	/* Ignored without BPF_F_NUMA_NODE. */
	attr.numa_node = 0;
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)));
	/* "percpu && numa_node != NUMA_NO_NODE": even node 0, always
	 * online, is refused for a per-CPU array...
	 */
	attr.map_flags = KBPF_F_NUMA_NODE;
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)), EINVAL);
	/* ...but NUMA_NO_NODE (-1) passes. */
	attr.numa_node = 0xffffffff;
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)));
	/* A plain array takes node 0. */
	attr.map_type = KBPF_MAP_TYPE_ARRAY;
	attr.numa_node = 0;
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)));
}

/* round_up(value_size, 8) > PCPU_MIN_UNIT_SIZE is -E2BIG. */
TEST(percpu_array_create_value_size_limit)
{
	ASSERT_OK(pcpu_create(PCPU_MIN_UNIT_SIZE, 1, 0));
	ASSERT_OK(pcpu_create(PCPU_MIN_UNIT_SIZE - 7, 1, 0));
	ASSERT_ERRNO(pcpu_create(PCPU_MIN_UNIT_SIZE + 1, 1, 0), E2BIG);
	ASSERT_ERRNO(pcpu_create(PCPU_MIN_UNIT_SIZE + 8, 1, 0), E2BIG);
	ASSERT_ERRNO(pcpu_create(1 << 20, 1, 0), E2BIG);
	ASSERT_ERRNO(pcpu_create(0x80000000u, 1, 0), E2BIG);
	ASSERT_ERRNO(pcpu_create(0xffffffffu, 1, 0), E2BIG);
	/* The bound is the per-CPU one: a plain array goes beyond. */
	ASSERT_OK(kbpf_array_create(PCPU_MIN_UNIT_SIZE + 1, 1));
}

TEST(percpu_array_fresh_is_zero)
{
	size_t len = pcpu_value_len(12), i;
	unsigned char *buf = xmalloc(len + 16);
	__u32 key;
	int fd;

	fd = ASSERT_OK(pcpu_create(12, 3, 0));
	for (key = 0; key < 3; key++) {
		memset(buf, 0xaa, len + 16);
		ASSERT_OK(kbpf_map_lookup(fd, &key, buf, 0));
		/* Every slot, padding included, is zero... */
		for (i = 0; i < len; i++)
			ASSERT_EQ(buf[i], 0);
		/* ...and nothing past the last CPU's slot is written. */
		for (i = len; i < len + 16; i++)
			ASSERT_EQ(buf[i], 0xaa);
	}
}

/* Update sets every CPU's copy; lookup returns each CPU's slot. */
TEST(percpu_array_update_all_cpus)
{
	size_t len = pcpu_value_len(12);
	unsigned char *in = xmalloc(len), *out = xmalloc(len + 16);
	int ncpus = kbpf_nr_possible_cpus(), cpu;
	__u32 key, i;
	int fd;

	fd = ASSERT_OK(pcpu_create(12, 4, 0));
	for (key = 0; key < 4; key++) {
		if (key == 2)
			continue;
		fill_value(in, 12, key);
		ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_ANY));
	}
	for (key = 0; key < 4; key++) {
		memset(out, 0xaa, len + 16);
		ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
		for (cpu = 0; cpu < ncpus; cpu++) {
			for (i = 0; i < 16; i++) {
				unsigned char want = key == 2 ? 0 :
						     pattern(key, cpu, i);

				ASSERT_EQ(out[cpu * 16 + i], want);
			}
		}
		for (i = 0; i < 16; i++)
			ASSERT_EQ(out[len + i], 0xaa);
	}

	/* A second update replaces every CPU's copy. */
	key = 1;
	fill_value(in, 12, 77);
	ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_EXIST));
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, len);
}

/*
 * value_size 4: each CPU's slot is 8 bytes and all 8 cross the ABI both
 * ways (copy_map_value_long copies round_up(value_size, 8)): the padding
 * written by an update comes back from a lookup.
 */
TEST(percpu_array_padding)
{
	size_t len = pcpu_value_len(4);
	unsigned char *in = xmalloc(len), *out = xmalloc(len);
	int ncpus = kbpf_nr_possible_cpus();
	__u32 key = 0;
	int fd;

	ASSERT_EQ(len, 8 * ncpus);
	fd = ASSERT_OK(pcpu_create(4, 1, 0));
	fill_value(in, 4, 9);
	ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_ANY));
	memset(out, 0, len);
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, len);

	/* Zero padding goes in as zero too. */
	memset(in, 0, len);
	in[0] = 1;
	ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_ANY));
	memset(out, 0xff, len);
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, len);
}

/* Exactly round_up(value_size, 8) * nr_possible_cpus bytes are read and
 * written: one byte more runs into a hole.
 */
TEST(percpu_array_value_len_exact)
{
	size_t len = pcpu_value_len(20);
	unsigned char *buf = buf_before_hole(len);
	unsigned char *in = xmalloc(len);
	__u32 key = 1;
	int fd;

	fd = ASSERT_OK(pcpu_create(20, 2, 0));
	fill_value(in, 20, 3);
	memcpy(buf, in, len);
	ASSERT_OK(kbpf_map_update(fd, &key, buf, KBPF_ANY));
	memset(buf, 0, len);
	ASSERT_OK(kbpf_map_lookup(fd, &key, buf, 0));
	ASSERT_MEMEQ(buf, in, len);

	ASSERT_ERRNO(kbpf_map_update(fd, &key, buf + 1, KBPF_ANY), EFAULT);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &key, buf + 1, 0), EFAULT);
	/* The failed update left the value alone. */
	ASSERT_OK(kbpf_map_lookup(fd, &key, buf, 0));
	ASSERT_MEMEQ(buf, in, len);
}

/* bpf_percpu_array_update(): unknown flags, then the index, then NOEXIST. */
TEST(percpu_array_update_flags)
{
	size_t len = pcpu_value_len(8);
	unsigned char *in = xmalloc(len), *out = xmalloc(len);
	__u32 key = 0, oob = 3;
	int fd;

	fd = ASSERT_OK(pcpu_create(8, 3, 0));
	fill_value(in, 8, 1);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, in, KBPF_NOEXIST), EEXIST);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, in, 3), EINVAL);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, in, 8), EINVAL);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, in, 1ull << 32), EINVAL);
	/* No spin lock without BTF: map_update_elem() refuses F_LOCK. */
	ASSERT_ERRNO(kbpf_map_update(fd, &key, in, KBPF_F_LOCK), EINVAL);
	ASSERT_ERRNO(kbpf_map_update(fd, &oob, in, KBPF_ANY), E2BIG);
	ASSERT_ERRNO(kbpf_map_update(fd, &oob, in, KBPF_EXIST), E2BIG);
	ASSERT_ERRNO(kbpf_map_update(fd, &oob, in, KBPF_NOEXIST), E2BIG);
	ASSERT_ERRNO(kbpf_map_update(fd, &oob, in, 3), EINVAL);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &oob, out, 0), ENOENT);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &oob, NULL, 0), ENOENT);
	/* map_lookup_elem(): only BPF_F_LOCK, and it wants a spin lock. */
	ASSERT_ERRNO(kbpf_map_lookup(fd, &key, out, KBPF_NOEXIST), EINVAL);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &key, out, KBPF_F_LOCK), EINVAL);
	/* Nothing was written by the failures. */
	memset(out, 0xaa, len);
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	memset(in, 0, len);
	ASSERT_MEMEQ(out, in, len);
	fill_value(in, 8, 2);
	ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_EXIST));
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, len);
}

TEST(percpu_array_delete)
{
	__u32 key = 0, oob = 10;
	int fd;

	fd = ASSERT_OK(pcpu_create(8, 2, 0));
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), EINVAL);
	ASSERT_ERRNO(kbpf_map_delete(fd, &oob), EINVAL);
	ASSERT_ERRNO(kbpf_map_delete(fd, NULL), EFAULT);
}

TEST(percpu_array_get_next_key)
{
	__u32 key, next;
	int fd;

	fd = ASSERT_OK(pcpu_create(8, 3, 0));
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
}

TEST(percpu_array_largest_value)
{
	size_t len = pcpu_value_len(PCPU_MIN_UNIT_SIZE);
	unsigned char *in = xmalloc(len), *out = xmalloc(len);
	__u32 key = 1;
	int fd;

	fd = ASSERT_OK(pcpu_create(PCPU_MIN_UNIT_SIZE, 2, 0));
	fill_value(in, PCPU_MIN_UNIT_SIZE, 5);
	ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_ANY));
	memset(out, 0, len);
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, len);
	key = 0;
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	memset(in, 0, len);
	ASSERT_MEMEQ(out, in, len);
}

TEST(percpu_array_rdonly_fd)
{
	size_t len = pcpu_value_len(8);
	unsigned char *buf = xmalloc(len);
	__u32 key = 0;
	int fd;

	fd = ASSERT_OK(pcpu_create(8, 1, KBPF_F_RDONLY));
	ASSERT_OK(kbpf_map_lookup(fd, &key, buf, 0));
	ASSERT_ERRNO(kbpf_map_update(fd, &key, buf, KBPF_ANY), EPERM);
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), EPERM);
}
