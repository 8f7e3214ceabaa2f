// SPDX-License-Identifier: GPL-2.0
/*
 * HASH, PERCPU_HASH, LRU_HASH and LRU_PERCPU_HASH from user space, as
 * Linux 6.12's kernel/bpf/hashtab.c:
 * - htab_map_alloc_check(): ZERO_SEED without CAP_SYS_ADMIN -EPERM; flags
 *   outside HTAB_CREATE_FLAG_MASK -EINVAL; NO_COMMON_LRU without LRU
 *   -EINVAL; NO_PREALLOC with LRU -ENOTSUPP; a NUMA node with per-CPU
 *   values or per-CPU LRU lists -EINVAL; a zero size -EINVAL; key_size +
 *   value_size near KMALLOC_MAX_SIZE, or a per-CPU value above 32 KiB,
 *   -E2BIG. htab_map_alloc(): more than 2^31 buckets -E2BIG.
 * - update: flags above BPF_EXIST -EINVAL, NOEXIST on a key -EEXIST,
 *   EXIST without one -ENOENT; a full map refuses a new key with -E2BIG
 *   (preallocated or not) but still replaces an existing one; the LRU
 *   types evict instead (test_lru.c).
 * - get_next_key: NULL, or a key not in the map, gives the first key.
 * - LOOKUP_AND_DELETE_ELEM returns the value and removes the element.
 * - The batch ops walk buckets: in_batch/out_batch are opaque bucket
 *   tokens here; a bucket that does not fit in what is left of count
 *   ends the call, -ENOSPC if nothing was copied yet; past the last
 *   bucket -ENOENT.
 * Per-CPU values cross the ABI as round_up(value_size, 8) per possible
 * CPU. Each test runs once per map type (hash_*, percpu_hash_*,
 * lru_hash_*, lru_percpu_hash_*) pinned to one CPU, so that an LRU map
 * that is not full never evicts.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include "kbpf_test.h"

#ifndef CAP_BPF
#define CAP_BPF		39
#endif

#define PCPU_MIN_UNIT_SIZE	32768u

/* Run name(type) as one test per hash map type, pinned to one CPU. */
#define HTAB_TEST(name)							\
	static void name(__u32 type);					\
	TEST(hash_##name)						\
	{								\
		kbpf_pin_cpu();						\
		name(KBPF_MAP_TYPE_HASH);				\
	}								\
	TEST(percpu_hash_##name)					\
	{								\
		kbpf_pin_cpu();						\
		name(KBPF_MAP_TYPE_PERCPU_HASH);			\
	}								\
	TEST(lru_hash_##name)						\
	{								\
		kbpf_pin_cpu();						\
		name(KBPF_MAP_TYPE_LRU_HASH);				\
	}								\
	TEST(lru_percpu_hash_##name)					\
	{								\
		kbpf_pin_cpu();						\
		name(KBPF_MAP_TYPE_LRU_PERCPU_HASH);			\
	}								\
	static void name(__u32 type)

static bool is_percpu(__u32 type)
{
	return type == KBPF_MAP_TYPE_PERCPU_HASH ||
	       type == KBPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool is_lru(__u32 type)
{
	return type == KBPF_MAP_TYPE_LRU_HASH ||
	       type == KBPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* The user-space size of a value of this map type. */
static size_t vlen(__u32 type, __u32 value_size)
{
	if (is_percpu(type))
		return (((size_t)value_size + 7) & ~(size_t)7) *
		       kbpf_nr_possible_cpus();
	return value_size;
}

/* vlen bytes, all of them (per-CPU padding too) derived from seed. */
static void make_value(__u32 type, __u32 value_size, void *buf, __u32 seed)
{
	unsigned char *p = buf;
	size_t i, len = vlen(type, value_size);

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(seed * 131 + i * 7 + 3);
}

static void *xmalloc(size_t len)
{
	void *p = malloc(len);

	if (!p)
		FAIL("malloc(%zu) failed", len);
	return p;
}

static int htab_create(__u32 type, __u32 key_size, __u32 value_size,
		       __u32 max_entries, __u32 flags)
{
	return kbpf_map_new(type, key_size, value_size, max_entries, flags);
}

static __u32 map_id(int fd)
{
	struct kbpf_map_info info;

	kbpf_map_info(fd, &info);
	return info.id;
}

/* Update key (u32) with the value made from seed; must succeed. */
static void put(int fd, __u32 type, __u32 value_size, __u32 key, __u32 seed,
		__u64 flags)
{
	unsigned char *v = xmalloc(vlen(type, value_size));

	make_value(type, value_size, v, seed);
	ASSERT_OK(kbpf_map_update(fd, &key, v, flags));
	free(v);
}

/* key (u32) must be in the map with the value made from seed. */
static void check(int fd, __u32 type, __u32 value_size, __u32 key,
		  __u32 seed)
{
	size_t len = vlen(type, value_size);
	unsigned char *want = xmalloc(len), *got = xmalloc(len);

	make_value(type, value_size, want, seed);
	memset(got, 0, len);
	ASSERT_OK(kbpf_map_lookup(fd, &key, got, 0));
	ASSERT_MEMEQ(got, want, len);
	free(want);
	free(got);
}

/*
 * Walk the u32 keys with GET_NEXT_KEY from NULL: each key once, then
 * -ENOENT. Fills keys (room for max) and returns the number seen.
 */
static __u32 walk_keys(int fd, __u32 *keys, __u32 max)
{
	__u32 n = 0, i, next;
	int err;

	for (;;) {
		err = kbpf_map_next_key(fd, n ? &keys[n - 1] : NULL, &next);
		if (err) {
			ASSERT_EQ(errno, ENOENT);
			return n;
		}
		for (i = 0; i < n; i++)
			if (keys[i] == next)
				FAIL("key %u seen twice in the walk", next);
		if (n == max)
			FAIL("the walk found more than %u keys", max);
		keys[n++] = next;
	}
}

static __u32 count_keys(int fd)
{
	static __u32 keys[4096];

	return walk_keys(fd, keys, ARRAY_SIZE(keys));
}

HTAB_TEST(create)
{
	struct kbpf_map_info info;
	int fd;

	fd = ASSERT_OK(htab_create(type, 6, 12, 10, 0));
	ASSERT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.type, type);
	ASSERT_EQ(info.key_size, 6);
	ASSERT_EQ(info.value_size, 12);
	ASSERT_EQ(info.max_entries, 10);
	ASSERT_EQ(info.map_flags, 0);

	fd = ASSERT_OK(htab_create(type, 4, 8, 2, KBPF_F_ZERO_SEED |
				   KBPF_F_RDONLY_PROG));
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.map_flags, KBPF_F_ZERO_SEED | KBPF_F_RDONLY_PROG);
	ASSERT_EQ(count_keys(fd), 0);

	/* The LRU types cannot do without preallocation (create_bad_flags). */
	if (!is_lru(type)) {
		fd = ASSERT_OK(htab_create(type, 4, 8, 2, KBPF_F_NO_PREALLOC |
					   KBPF_F_NUMA_NODE * !is_percpu(type)));
		kbpf_map_info(fd, &info);
		ASSERT_EQ(info.map_flags, KBPF_F_NO_PREALLOC |
			  KBPF_F_NUMA_NODE * !is_percpu(type));
	}
	/* The RDONLY/WRONLY access bits belong to the fd. */
	fd = ASSERT_OK(htab_create(type, 4, 8, 2, KBPF_F_RDONLY));
	ASSERT_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.map_flags, 0);
}

HTAB_TEST(create_bad_sizes)
{
	ASSERT_ERRNO(htab_create(type, 0, 8, 1, 0), EINVAL);
	ASSERT_ERRNO(htab_create(type, 4, 0, 1, 0), EINVAL);
	ASSERT_ERRNO(htab_create(type, 4, 8, 0, 0), EINVAL);
	ASSERT_ERRNO(htab_create(type, 0, 0, 0, 0), EINVAL);
	/* key_size + value_size >= KMALLOC_MAX_SIZE - sizeof(htab_elem). */
	ASSERT_ERRNO(htab_create(type, 4, 1u << 22, 1, 0), E2BIG);
	ASSERT_ERRNO(htab_create(type, 1u << 22, 4, 1, 0), E2BIG);
	ASSERT_ERRNO(htab_create(type, 4, 0xffffffffu, 1, 0), E2BIG);
	ASSERT_ERRNO(htab_create(type, 0xffffffffu, 0xffffffffu, 1, 0),
		     E2BIG);
	/* Odd sizes are fine; so is a big key. */
	ASSERT_OK(htab_create(type, 1, 1, 1, 0));
	ASSERT_OK(htab_create(type, 3, 13, 3, 0));
	ASSERT_OK(htab_create(type, 512, 8, 2, 0));
	/* The per-CPU bound, round_up(value_size, 8) <= 32 KiB. */
	ASSERT_OK(htab_create(type, 4, PCPU_MIN_UNIT_SIZE, 1, 0));
	if (is_percpu(type))
		ASSERT_ERRNO(htab_create(type, 4, PCPU_MIN_UNIT_SIZE + 1, 1,
					 0), E2BIG);
	else
		ASSERT_OK(htab_create(type, 4, PCPU_MIN_UNIT_SIZE + 1, 1, 0));
	/* htab_map_alloc(): at most 2^31 buckets, and they must fit. */
	ASSERT_ERRNO(htab_create(type, 4, 8, 0x80000001u, 0), E2BIG);
	ASSERT_ERRNO(htab_create(type, 4, 8, 0xffffffffu, 0), E2BIG);
	ASSERT_ERRNO(htab_create(type, 4, 8, 0x80000000u, 0), E2BIG);
}

HTAB_TEST(create_bad_flags)
{
	const __u32 known = KBPF_F_NO_PREALLOC | KBPF_F_NO_COMMON_LRU |
			    KBPF_F_NUMA_NODE | KBPF_F_RDONLY | KBPF_F_WRONLY |
			    KBPF_F_ZERO_SEED | KBPF_F_RDONLY_PROG |
			    KBPF_F_WRONLY_PROG |
			    KBPF_F_TOKEN_FD;	/* cleared by map_create */
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		if (known & (1U << bit))
			continue;
		ASSERT_ERRNO(htab_create(type, 4, 8, 4, 1U << bit), EINVAL);
	}
	ASSERT_ERRNO(htab_create(type, 4, 8, 4, KBPF_F_RDONLY_PROG |
				 KBPF_F_WRONLY_PROG), EINVAL);
	ASSERT_ERRNO(htab_create(type, 4, 8, 4, KBPF_F_RDONLY |
				 KBPF_F_WRONLY), EINVAL);

	if (is_lru(type)) {
		ASSERT_OK(htab_create(type, 4, 8, 4, KBPF_F_NO_COMMON_LRU));
		ASSERT_ERRNO(htab_create(type, 4, 8, 4, KBPF_F_NO_PREALLOC),
			     ENOTSUPP);
		/* Before the size checks, after the mask. */
		ASSERT_ERRNO(htab_create(type, 0, 0, 0, KBPF_F_NO_PREALLOC),
			     ENOTSUPP);
		ASSERT_ERRNO(htab_create(type, 4, 8, 4, KBPF_F_NO_PREALLOC |
					 KBPF_F_MMAPABLE), EINVAL);
	} else {
		ASSERT_OK(htab_create(type, 4, 8, 4, KBPF_F_NO_PREALLOC));
		ASSERT_ERRNO(htab_create(type, 4, 8, 4, KBPF_F_NO_COMMON_LRU),
			     EINVAL);
		ASSERT_ERRNO(htab_create(type, 4, 8, 4, KBPF_F_NO_COMMON_LRU |
					 KBPF_F_NO_PREALLOC), EINVAL);
	}
}

HTAB_TEST(create_numa_node)
{
	union kbpf_attr attr;
	bool pcpu_lists;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 4;
	attr.map_flags = KBPF_F_NUMA_NODE;
	attr.numa_node = 0;
	if (is_percpu(type))
		ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)),
			     EINVAL);
	else
		ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)));
	/* NUMA_NO_NODE is no node. */
	attr.numa_node = 0xffffffff;
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)));

	/* Per-CPU LRU lists refuse a node too. */
	pcpu_lists = is_lru(type);
	attr.map_flags |= KBPF_F_NO_COMMON_LRU;
	attr.numa_node = 0;
	if (pcpu_lists)
		ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)),
			     EINVAL);
	attr.numa_node = 0xffffffff;
	if (pcpu_lists)
		ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)));
}

/* BPF_F_ZERO_SEED wants CAP_SYS_ADMIN; CAP_BPF is not enough. */
HTAB_TEST(zero_seed_caps)
{
	pid_t pid;
	int status;

	pid = ASSERT_OK(fork());
	if (pid == 0) {
		kbpf_caps_keep(KBPF_CAP(CAP_BPF));
		ASSERT_OK(htab_create(type, 4, 8, 4, 0));
		ASSERT_ERRNO(htab_create(type, 4, 8, 4, KBPF_F_ZERO_SEED),
			     EPERM);
		/* First of all htab_map_alloc_check()'s tests. */
		ASSERT_ERRNO(htab_create(type, 0, 8, 4, KBPF_F_ZERO_SEED),
			     EPERM);
		ASSERT_ERRNO(htab_create(type, 4, 8, 4, KBPF_F_ZERO_SEED |
					 KBPF_F_MMAPABLE), EPERM);
		_exit(0);
	}
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	kbpf_caps_keep(KBPF_CAP(CAP_SYS_ADMIN));
	ASSERT_OK(htab_create(type, 4, 8, 4, KBPF_F_ZERO_SEED));
}

HTAB_TEST(update_lookup)
{
	size_t len = vlen(type, 12);
	unsigned char *in = xmalloc(len), *out = xmalloc(len + 16);
	unsigned char key[6] = { 1, 2, 3, 4, 5, 6 }, other[6] = { 1, 2, 3 };
	size_t i;
	int fd;

	fd = ASSERT_OK(htab_create(type, 6, 12, 64, 0));
	ASSERT_ERRNO(kbpf_map_lookup(fd, key, out, 0), ENOENT);
	/* Missing: -ENOENT before the value is written. */
	ASSERT_ERRNO(kbpf_map_lookup(fd, key, NULL, 0), ENOENT);

	make_value(type, 12, in, 1);
	ASSERT_OK(kbpf_map_update(fd, key, in, KBPF_ANY));
	memset(out, 0xaa, len + 16);
	ASSERT_OK(kbpf_map_lookup(fd, key, out, 0));
	ASSERT_MEMEQ(out, in, len);
	for (i = len; i < len + 16; i++)
		ASSERT_EQ(out[i], 0xaa);
	ASSERT_ERRNO(kbpf_map_lookup(fd, key, NULL, 0), EFAULT);
	/* All key bytes count. */
	ASSERT_ERRNO(kbpf_map_lookup(fd, other, out, 0), ENOENT);
	other[3] = 4;
	other[4] = 5;
	other[5] = 7;
	ASSERT_ERRNO(kbpf_map_lookup(fd, other, out, 0), ENOENT);

	make_value(type, 12, in, 2);
	ASSERT_OK(kbpf_map_update(fd, other, in, KBPF_ANY));
	make_value(type, 12, in, 3);
	ASSERT_OK(kbpf_map_update(fd, key, in, KBPF_ANY));
	ASSERT_OK(kbpf_map_lookup(fd, key, out, 0));
	ASSERT_MEMEQ(out, in, len);
	make_value(type, 12, in, 2);
	ASSERT_OK(kbpf_map_lookup(fd, other, out, 0));
	ASSERT_MEMEQ(out, in, len);
}

HTAB_TEST(update_flags)
{
	static const __u64 bad[] = { 3, 8, 16, 1ull << 32, 1ull << 63,
				     KBPF_F_LOCK, KBPF_F_LOCK | KBPF_EXIST };
	unsigned char *v = xmalloc(vlen(type, 8));
	__u32 key = 5, other = 6;
	unsigned int i;
	int fd;

	fd = ASSERT_OK(htab_create(type, 4, 8, 64, 0));
	make_value(type, 8, v, 9);
	/* EXIST without the key: -ENOENT, nothing inserted. */
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, KBPF_EXIST), ENOENT);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &key, v, 0), ENOENT);
	ASSERT_EQ(count_keys(fd), 0);

	put(fd, type, 8, key, 1, KBPF_NOEXIST);
	check(fd, type, 8, key, 1);
	make_value(type, 8, v, 2);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, KBPF_NOEXIST), EEXIST);
	check(fd, type, 8, key, 1);
	put(fd, type, 8, key, 3, KBPF_EXIST);
	check(fd, type, 8, key, 3);
	put(fd, type, 8, key, 4, KBPF_ANY);
	check(fd, type, 8, key, 4);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ASSERT_ERRNO(kbpf_map_update(fd, &key, v, bad[i]), EINVAL);
		ASSERT_ERRNO(kbpf_map_update(fd, &other, v, bad[i]), EINVAL);
	}
	check(fd, type, 8, key, 4);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &other, v, 0), ENOENT);
	ASSERT_EQ(count_keys(fd), 1);
}

HTAB_TEST(delete)
{
	__u32 key;
	int fd;

	fd = ASSERT_OK(htab_create(type, 4, 8, 64, 0));
	key = 1;
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), ENOENT);
	for (key = 0; key < 10; key++)
		put(fd, type, 8, key, key, KBPF_ANY);
	key = 3;
	ASSERT_OK(kbpf_map_delete(fd, &key));
	ASSERT_ERRNO(kbpf_map_lookup(fd, &key, NULL, 0), ENOENT);
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), ENOENT);
	key = 100;
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), ENOENT);
	ASSERT_ERRNO(kbpf_map_delete(fd, NULL), EFAULT);
	ASSERT_EQ(count_keys(fd), 9);
	for (key = 0; key < 10; key++)
		if (key != 3)
			check(fd, type, 8, key, key);
	/* Deleted, the key may come back. */
	key = 3;
	put(fd, type, 8, key, 33, KBPF_NOEXIST);
	check(fd, type, 8, key, 33);
	for (key = 0; key < 10; key++)
		ASSERT_OK(kbpf_map_delete(fd, &key));
	ASSERT_EQ(count_keys(fd), 0);
}

HTAB_TEST(get_next_key)
{
	__u32 keys[64], first, next, key, n, i, j;
	int fd;

	fd = ASSERT_OK(htab_create(type, 4, 8, 64, 0));
	/* Empty: -ENOENT from NULL and from any key. */
	next = 77;
	ASSERT_ERRNO(kbpf_map_next_key(fd, NULL, &next), ENOENT);
	key = 1;
	ASSERT_ERRNO(kbpf_map_next_key(fd, &key, &next), ENOENT);
	ASSERT_EQ(next, 77);

	for (key = 0; key < 40; key++)
		put(fd, type, 8, key * 1000 + 7, key, KBPF_ANY);
	ASSERT_OK(kbpf_map_next_key(fd, NULL, &first));
	/* A key that is not there restarts the walk. */
	key = 12345;
	ASSERT_OK(kbpf_map_next_key(fd, &key, &next));
	ASSERT_EQ(next, first);

	n = walk_keys(fd, keys, ARRAY_SIZE(keys));
	ASSERT_EQ(n, 40);
	ASSERT_EQ(keys[0], first);
	for (key = 0; key < 40; key++) {
		for (j = 0; j < n; j++)
			if (keys[j] == key * 1000 + 7)
				break;
		ASSERT_LT(j, n);
	}
	/* Each step of the walk is repeatable, the last one -ENOENT. */
	for (i = 0; i + 1 < n; i++) {
		ASSERT_OK(kbpf_map_next_key(fd, &keys[i], &next));
		ASSERT_EQ(next, keys[i + 1]);
	}
	ASSERT_ERRNO(kbpf_map_next_key(fd, &keys[n - 1], &next), ENOENT);
	ASSERT_ERRNO(kbpf_map_next_key(fd, NULL, NULL), EFAULT);
	ASSERT_ERRNO(kbpf_map_next_key(fd, (void *)8, &next), EFAULT);
}

HTAB_TEST(lookup_and_delete)
{
	size_t len = vlen(type, 12);
	unsigned char *want = xmalloc(len), *out = xmalloc(len + 8);
	__u32 key;
	size_t i;
	int fd;

	fd = ASSERT_OK(htab_create(type, 4, 12, 64, 0));
	for (key = 0; key < 5; key++)
		put(fd, type, 12, key, key + 10, KBPF_ANY);
	key = 2;
	memset(out, 0xaa, len + 8);
	ASSERT_OK(kbpf_map_lookup_and_delete(fd, &key, out, 0));
	make_value(type, 12, want, 12);
	ASSERT_MEMEQ(out, want, len);
	for (i = len; i < len + 8; i++)
		ASSERT_EQ(out[i], 0xaa);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &key, out, 0), ENOENT);
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, out, 0), ENOENT);
	ASSERT_EQ(count_keys(fd), 4);
	key = 99;
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, out, 0), ENOENT);

	/* Flags: only BPF_F_LOCK is known, and it needs a spin lock. */
	key = 1;
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, out, KBPF_EXIST),
		     EINVAL);
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, out, KBPF_F_LOCK),
		     EINVAL);
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, NULL, out, 0), EFAULT);
	check(fd, type, 12, key, 11);

	/* The element goes before the value is copied out: a bad value
	 * pointer is -EFAULT with the element already gone.
	 */
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, NULL, 0), EFAULT);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &key, out, 0), ENOENT);
	ASSERT_EQ(count_keys(fd), 3);

	/* The key can be inserted again. */
	put(fd, type, 12, key, 50, KBPF_NOEXIST);
	check(fd, type, 12, key, 50);
}

HTAB_TEST(lookup_and_delete_perms)
{
	unsigned char *out = xmalloc(vlen(type, 8));
	__u32 key = 1;
	int fd, ro, wo;

	fd = ASSERT_OK(htab_create(type, 4, 8, 64, 0));
	put(fd, type, 8, key, 1, KBPF_ANY);
	ro = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), KBPF_F_RDONLY));
	wo = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), KBPF_F_WRONLY));
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(ro, &key, out, 0), EPERM);
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(wo, &key, out, 0), EPERM);
	ASSERT_OK(kbpf_map_freeze(fd));
	ASSERT_ERRNO(kbpf_map_lookup_and_delete(fd, &key, out, 0), EPERM);
	check(fd, type, 8, key, 1);
}

HTAB_TEST(rdonly_fd)
{
	unsigned char *v = xmalloc(vlen(type, 8));
	__u32 key = 1, next, keys[1] = { 1 }, count;
	int fd, ro;

	fd = ASSERT_OK(htab_create(type, 4, 8, 64, 0));
	put(fd, type, 8, key, 1, KBPF_ANY);
	ro = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), KBPF_F_RDONLY));
	make_value(type, 8, v, 2);
	ASSERT_ERRNO(kbpf_map_update(ro, &key, v, KBPF_ANY), EPERM);
	ASSERT_ERRNO(kbpf_map_delete(ro, &key), EPERM);
	count = 1;
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_UPDATE_BATCH, ro, NULL, NULL,
				    keys, v, &count, 0, 0), EPERM);
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_DELETE_BATCH, ro, NULL, NULL,
				    keys, NULL, &count, 0, 0), EPERM);
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_LOOKUP_AND_DELETE_BATCH, ro,
				    NULL, &next, keys, v, &count, 0, 0),
		     EPERM);
	ASSERT_EQ(count, 1);
	ASSERT_OK(kbpf_map_next_key(ro, NULL, &next));
	ASSERT_EQ(next, 1);
	check(ro, type, 8, key, 1);
}

HTAB_TEST(freeze)
{
	unsigned char *v = xmalloc(vlen(type, 8));
	__u32 key = 1, keys[1] = { 1 }, count, out;
	int fd;

	fd = ASSERT_OK(htab_create(type, 4, 8, 64, 0));
	put(fd, type, 8, key, 1, KBPF_ANY);
	ASSERT_OK(kbpf_map_freeze(fd));
	make_value(type, 8, v, 2);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, KBPF_ANY), EPERM);
	key = 2;
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, KBPF_NOEXIST), EPERM);
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), EPERM);
	key = 1;
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), EPERM);
	count = 1;
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_DELETE_BATCH, fd, NULL, NULL,
				    keys, NULL, &count, 0, 0), EPERM);
	ASSERT_ERRNO(kbpf_map_freeze(fd), EPERM);
	check(fd, type, 8, key, 1);
	count = 1;
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_LOOKUP_BATCH, fd, NULL, &out,
				    keys, v, &count, 0, 0), ENOENT);
	ASSERT_EQ(count, 1);
	ASSERT_EQ(keys[0], 1);
}

/* No ->map_mmap: -ENOTSUPP, before VM_SHARED is looked at. */
HTAB_TEST(mmap_enotsupp)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd, prot, flags;
	void *p;

	fd = ASSERT_OK(htab_create(type, 4, 8, 1024, 0));
	for (prot = PROT_READ; prot <= (PROT_READ | PROT_WRITE);
	     prot += PROT_WRITE) {
		for (flags = MAP_SHARED; flags <= MAP_PRIVATE; flags++) {
			errno = 0;
			p = mmap(NULL, page, prot, flags, fd, 0);
			ASSERT_TRUE(p == MAP_FAILED);
			ASSERT_EQ(errno, ENOTSUPP);
		}
	}
}

/* Replace in place, insert, delete, over and over: nothing leaks and the
 * element count stays right (a full map would say -E2BIG).
 */
HTAB_TEST(churn)
{
	/* Per-CPU values are slow on the debug kernel (Linux's too). */
	__u32 key, i, n = is_percpu(type) ? 200 : 2000;
	int fd;

	fd = ASSERT_OK(htab_create(type, 4, 8, 8, 0));
	for (i = 0; i < n; i++) {
		key = i % 16;
		put(fd, type, 8, key, i, KBPF_NOEXIST);
		put(fd, type, 8, key, i + 1, KBPF_EXIST);
		check(fd, type, 8, key, i + 1);
		if (i % 3 == 0)
			put(fd, type, 8, key, i + 2, KBPF_ANY);
		ASSERT_OK(kbpf_map_delete(fd, &key));
	}
	ASSERT_EQ(count_keys(fd), 0);
}

HTAB_TEST(many)
{
	__u32 key, n = is_percpu(type) ? 300 : 1000;
	int fd;

	fd = ASSERT_OK(htab_create(type, 4, 8, 2048, 0));
	for (key = 0; key < n; key++)
		put(fd, type, 8, key * 7919, key, KBPF_NOEXIST);
	ASSERT_EQ(count_keys(fd), n);
	for (key = 0; key < n; key++)
		check(fd, type, 8, key * 7919, key);
}

/* A full map (non-LRU): a new key is -E2BIG, an existing one is still
 * replaced, in place or through the spare elements, any number of times.
 */
static void full_map(__u32 type, __u32 flags)
{
	unsigned char *v = xmalloc(vlen(type, 8) * 6);
	__u32 key, keys[6] = { 10, 11, 12, 13, 14, 15 }, count;
	int fd, i;

	fd = ASSERT_OK(htab_create(type, 4, 8, 4, flags));
	for (key = 0; key < 4; key++)
		put(fd, type, 8, key, key, KBPF_NOEXIST);
	make_value(type, 8, v, 99);
	key = 4;
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, KBPF_ANY), E2BIG);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, KBPF_NOEXIST), E2BIG);
	/* check_flags() comes first. */
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, KBPF_EXIST), ENOENT);
	for (i = 0; i < 100; i++) {
		key = i % 4;
		put(fd, type, 8, key, 100 + i, i & 1 ? KBPF_EXIST : KBPF_ANY);
	}
	for (key = 0; key < 4; key++)
		check(fd, type, 8, key, 196 + key);
	ASSERT_EQ(count_keys(fd), 4);

	/* A free slot takes one new key, and only one. */
	key = 2;
	ASSERT_OK(kbpf_map_delete(fd, &key));
	key = 4;
	put(fd, type, 8, key, 4, KBPF_NOEXIST);
	key = 5;
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, KBPF_ANY), E2BIG);

	/* UPDATE_BATCH stops at the first key that does not fit. */
	for (key = 0; key < 4; key++)
		kbpf_map_delete(fd, &key);
	ASSERT_EQ(count_keys(fd), 1);
	for (i = 0; i < 6; i++)
		make_value(type, 8, v + i * vlen(type, 8), 200 + i);
	count = 6;
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_UPDATE_BATCH, fd, NULL, NULL,
				    keys, v, &count, 0, 0), E2BIG);
	ASSERT_EQ(count, 3);
	for (i = 0; i < 3; i++)
		check(fd, type, 8, keys[i], 200 + i);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &keys[3], v, 0), ENOENT);
	ASSERT_EQ(count_keys(fd), 4);
}

TEST(hash_full)
{
	full_map(KBPF_MAP_TYPE_HASH, 0);
}

TEST(hash_full_no_prealloc)
{
	full_map(KBPF_MAP_TYPE_HASH, KBPF_F_NO_PREALLOC);
}

TEST(percpu_hash_full)
{
	full_map(KBPF_MAP_TYPE_PERCPU_HASH, 0);
}

TEST(percpu_hash_full_no_prealloc)
{
	full_map(KBPF_MAP_TYPE_PERCPU_HASH, KBPF_F_NO_PREALLOC);
}

static void no_prealloc_churn(__u32 type)
{
	unsigned char *v = xmalloc(vlen(type, 8));
	__u32 key, i, n = is_percpu(type) ? 200 : 2000;
	int fd;

	fd = ASSERT_OK(htab_create(type, 4, 8, 8, KBPF_F_NO_PREALLOC));
	for (i = 0; i < n; i++) {
		key = i % 16;
		put(fd, type, 8, key, i, KBPF_NOEXIST);
		put(fd, type, 8, key, i + 1, KBPF_ANY);
		check(fd, type, 8, key, i + 1);
		ASSERT_OK(kbpf_map_delete(fd, &key));
	}
	for (key = 0; key < 8; key++)
		put(fd, type, 8, key, key, KBPF_NOEXIST);
	make_value(type, 8, v, 0);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, KBPF_NOEXIST), E2BIG);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, KBPF_ANY), E2BIG);
	ASSERT_EQ(count_keys(fd), 8);
}

TEST(hash_no_prealloc_churn)
{
	no_prealloc_churn(KBPF_MAP_TYPE_HASH);
}

TEST(percpu_hash_no_prealloc_churn)
{
	no_prealloc_churn(KBPF_MAP_TYPE_PERCPU_HASH);
}

/*
 * Per-CPU values: value_size 4 is an 8-byte slot per CPU and the whole
 * slot, padding included, goes in and comes back (copy_map_value_long);
 * a replacement rewrites every CPU's copy in place.
 */
static void percpu_values(__u32 type, __u32 flags)
{
	int ncpus = kbpf_nr_possible_cpus();
	size_t len = vlen(type, 4), i;
	unsigned char *in = xmalloc(len), *out = xmalloc(len);
	__u32 key = 7;
	int fd;

	ASSERT_EQ(len, 8 * ncpus);
	fd = ASSERT_OK(htab_create(type, 4, 4, 16, flags));
	for (i = 0; i < len; i++)
		in[i] = 0x80 + i;
	ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_NOEXIST));
	memset(out, 0, len);
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, len);

	memset(in, 0, len);
	for (i = 0; i < (size_t)ncpus; i++)
		in[i * 8] = i + 1;
	ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_EXIST));
	memset(out, 0xff, len);
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, len);
	memset(out, 0xff, len);
	ASSERT_OK(kbpf_map_lookup_and_delete(fd, &key, out, 0));
	ASSERT_MEMEQ(out, in, len);
}

TEST(percpu_hash_values)
{
	percpu_values(KBPF_MAP_TYPE_PERCPU_HASH, 0);
}

TEST(percpu_hash_values_no_prealloc)
{
	percpu_values(KBPF_MAP_TYPE_PERCPU_HASH, KBPF_F_NO_PREALLOC);
}

TEST(lru_percpu_hash_values)
{
	kbpf_pin_cpu();
	percpu_values(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 0);
}

/* ---- batch ops ---- */

static int batch(int cmd, int fd, const __u32 *in, __u32 *out, __u32 *keys,
		 void *values, __u32 *count)
{
	return kbpf_map_batch(cmd, fd, in, out, keys, values, count, 0, 0);
}

/*
 * Walk the whole map with cmd (LOOKUP or LOOKUP_AND_DELETE) in calls of
 * at most chunk elements: in_batch NULL, then the previous out_batch,
 * until -ENOENT. Returns the number of elements, in keys/values.
 */
static __u32 batch_walk(int cmd, int fd, __u32 type, __u32 value_size,
			__u32 chunk, __u32 *keys, unsigned char *values,
			__u32 room)
{
	size_t len = vlen(type, value_size);
	__u32 in = 0, out, count, total = 0, calls = 0;
	int err;

	for (;;) {
		ASSERT_LE(total + chunk, room);
		count = chunk;
		err = batch(cmd, fd, calls ? &in : NULL, &out, keys + total,
			    values + total * len, &count);
		if (err && errno != ENOENT)
			FAIL("batch walk: %s after %u elements",
			     kbpf_errname(errno), total);
		ASSERT_LE(count, chunk);
		total += count;
		if (err)
			return total;
		/* 0 means elements were copied; an empty first bucket
		 * set that did not fit would be -ENOSPC.
		 */
		ASSERT_GT(count, 0);
		in = out;
		ASSERT_LT(++calls, 1000);
	}
}

/* keys[0..n) are exactly {key * 3 + 1 : key < want}, each once, with the
 * value made from seed key.
 */
static void check_batch_result(__u32 type, __u32 value_size, __u32 *keys,
			       unsigned char *values, __u32 n, __u32 want)
{
	size_t len = vlen(type, value_size);
	unsigned char *v = xmalloc(len);
	char *seen = calloc(want, 1);
	__u32 i, k;

	ASSERT_TRUE(seen != NULL);
	ASSERT_EQ(n, want);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(keys[i] % 3, 1);
		k = keys[i] / 3;
		ASSERT_LT(k, want);
		ASSERT_FALSE(seen[k]);
		seen[k] = 1;
		make_value(type, value_size, v, k);
		ASSERT_MEMEQ(values + i * len, v, len);
	}
	free(v);
	free(seen);
}

static int batch_filled(__u32 type, __u32 n)
{
	__u32 key;
	int fd;

	fd = ASSERT_OK(htab_create(type, 4, 12, 128, 0));
	for (key = 0; key < n; key++)
		put(fd, type, 12, key * 3 + 1, key, KBPF_NOEXIST);
	return fd;
}

HTAB_TEST(batch_lookup)
{
	static __u32 keys[128 + 16];
	unsigned char *vals = xmalloc(vlen(type, 12) * (128 + 16));
	__u32 chunks[] = { 100, 40, 13 }, n, c;
	int fd;

	fd = batch_filled(type, 60);
	for (c = 0; c < ARRAY_SIZE(chunks); c++) {
		memset(keys, 0, sizeof(keys));
		n = batch_walk(KBPF_MAP_LOOKUP_BATCH, fd, type, 12, chunks[c],
			       keys, vals, ARRAY_SIZE(keys));
		check_batch_result(type, 12, keys, vals, n, 60);
	}
	/* A lookup leaves the map as it was. */
	ASSERT_EQ(count_keys(fd), 60);
}

HTAB_TEST(batch_lookup_and_delete)
{
	static __u32 keys[128 + 16];
	unsigned char *vals = xmalloc(vlen(type, 12) * (128 + 16));
	__u32 n, key, next;
	int fd;

	fd = batch_filled(type, 60);
	n = batch_walk(KBPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, type, 12, 16,
		       keys, vals, ARRAY_SIZE(keys));
	check_batch_result(type, 12, keys, vals, n, 60);
	ASSERT_ERRNO(kbpf_map_next_key(fd, NULL, &next), ENOENT);
	/* The elements can be used again. */
	for (key = 0; key < 60; key++)
		put(fd, type, 12, key * 3 + 1, key + 1, KBPF_NOEXIST);
	ASSERT_EQ(count_keys(fd), 60);
}

/* An empty map: -ENOENT at once, count 0. */
HTAB_TEST(batch_lookup_empty)
{
	unsigned char *vals = xmalloc(vlen(type, 8) * 4);
	__u32 keys[4], out = 0xdead, count;
	int fd;

	fd = ASSERT_OK(htab_create(type, 4, 8, 16, 0));
	count = 4;
	ASSERT_ERRNO(batch(KBPF_MAP_LOOKUP_BATCH, fd, NULL, &out, keys, vals,
			   &count), ENOENT);
	ASSERT_EQ(count, 0);
	count = 4;
	ASSERT_ERRNO(batch(KBPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, NULL, &out,
			   keys, vals, &count), ENOENT);
	ASSERT_EQ(count, 0);
}

/* A token past the last bucket: -ENOENT, count 0, out_batch not written. */
HTAB_TEST(batch_in_batch_end)
{
	unsigned char *vals = xmalloc(vlen(type, 12) * 8);
	__u32 keys[8], in, out, count;
	int fd;

	fd = batch_filled(type, 5);
	in = 0xffffffff;
	out = 0xdead;
	count = 8;
	ASSERT_ERRNO(batch(KBPF_MAP_LOOKUP_BATCH, fd, &in, &out, keys, vals,
			   &count), ENOENT);
	ASSERT_EQ(count, 0);
	ASSERT_EQ(out, 0xdead);
	count = 8;
	ASSERT_ERRNO(batch(KBPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, &in, &out,
			   keys, vals, &count), ENOENT);
	ASSERT_EQ(count, 0);
	ASSERT_EQ(count_keys(fd), 5);

	/* The token at the end of a full walk says the same. */
	count = 8;
	ASSERT_ERRNO(batch(KBPF_MAP_LOOKUP_BATCH, fd, NULL, &out, keys, vals,
			   &count), ENOENT);
	ASSERT_EQ(count, 5);
	in = out;
	out = 0xdead;
	count = 8;
	ASSERT_ERRNO(batch(KBPF_MAP_LOOKUP_BATCH, fd, &in, &out, keys, vals,
			   &count), ENOENT);
	ASSERT_EQ(count, 0);
}

HTAB_TEST(batch_flags)
{
	static const __u64 bad[] = { KBPF_NOEXIST, KBPF_EXIST, KBPF_F_LOCK,
				     8, 1ull << 32 };
	unsigned char *vals = xmalloc(vlen(type, 12) * 8);
	__u32 keys[8] = { 1, 4, 7 }, out, count;
	unsigned int i, c;
	int fd;

	fd = batch_filled(type, 3);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		for (c = KBPF_MAP_LOOKUP_BATCH; c <= KBPF_MAP_DELETE_BATCH;
		     c++) {
			count = 3;
			ASSERT_ERRNO(kbpf_map_batch(c, fd, NULL, &out, keys,
						    vals, &count, bad[i], 0),
				     EINVAL);
			ASSERT_EQ(count, 3);
		}
	}
	/* The hash lookups refuse batch.flags; update and delete (the
	 * generic ones) never look at it.
	 */
	count = 3;
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_LOOKUP_BATCH, fd, NULL, &out,
				    keys, vals, &count, 0, 1), EINVAL);
	ASSERT_EQ(count, 3);
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_LOOKUP_AND_DELETE_BATCH, fd,
				    NULL, &out, keys, vals, &count, 0, 1),
		     EINVAL);
	ASSERT_EQ(count_keys(fd), 3);
	for (i = 0; i < 3; i++)
		make_value(type, 12, vals + i * vlen(type, 12), 50 + i);
	count = 3;
	ASSERT_OK(kbpf_map_batch(KBPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys,
				 vals, &count, 0, 1));
	ASSERT_EQ(count, 3);
	check(fd, type, 12, 4, 51);
	count = 3;
	ASSERT_OK(kbpf_map_batch(KBPF_MAP_DELETE_BATCH, fd, NULL, NULL, keys,
				 NULL, &count, 0, ~0ull));
	ASSERT_EQ(count, 3);
	ASSERT_EQ(count_keys(fd), 0);
}

HTAB_TEST(batch_count_zero)
{
	unsigned char *vals = xmalloc(vlen(type, 12) * 8);
	__u32 keys[8], out = 0xdead, count = 0, c;
	int fd;

	fd = batch_filled(type, 3);
	for (c = KBPF_MAP_LOOKUP_BATCH; c <= KBPF_MAP_DELETE_BATCH; c++) {
		ASSERT_OK(batch(c, fd, NULL, &out, keys, vals, &count));
		ASSERT_OK(batch(c, fd, NULL, NULL, NULL, NULL, &count));
		ASSERT_EQ(count, 0);
	}
	ASSERT_EQ(out, 0xdead);
	ASSERT_EQ(count_keys(fd), 3);
}

HTAB_TEST(batch_update)
{
	size_t len = vlen(type, 12);
	unsigned char *vals = xmalloc(len * 10);
	__u32 keys[10], count, i;
	int fd;

	fd = ASSERT_OK(htab_create(type, 4, 12, 64, 0));
	for (i = 0; i < 10; i++) {
		keys[i] = i * 3 + 1;
		make_value(type, 12, vals + i * len, i);
	}
	count = 10;
	ASSERT_OK(batch(KBPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys, vals,
			&count));
	ASSERT_EQ(count, 10);
	for (i = 0; i < 10; i++)
		check(fd, type, 12, keys[i], i);
	/* Replacing works the same; only count elements are read. */
	for (i = 0; i < 10; i++)
		make_value(type, 12, vals + i * len, 100 + i);
	count = 4;
	ASSERT_OK(batch(KBPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys, vals,
			&count));
	ASSERT_EQ(count, 4);
	check(fd, type, 12, keys[3], 103);
	check(fd, type, 12, keys[4], 4);
	ASSERT_EQ(count_keys(fd), 10);

	/* A fault stops the batch: count is what went in. */
	count = 3;
	ASSERT_ERRNO(batch(KBPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys, NULL,
			   &count), EFAULT);
	ASSERT_EQ(count, 0);
}

HTAB_TEST(batch_delete)
{
	__u32 keys[6] = { 1, 4, 7, 1000, 10, 13 }, count, next;
	int fd;

	fd = batch_filled(type, 5);		/* keys 1, 4, 7, 10, 13 */
	count = 6;
	/* 1000 is not there: three deleted, then -ENOENT. */
	ASSERT_ERRNO(batch(KBPF_MAP_DELETE_BATCH, fd, NULL, NULL, keys, NULL,
			   &count), ENOENT);
	ASSERT_EQ(count, 3);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &keys[0], NULL, 0), ENOENT);
	ASSERT_ERRNO(kbpf_map_lookup(fd, &keys[2], NULL, 0), ENOENT);
	check(fd, type, 12, 10, 3);
	ASSERT_EQ(count_keys(fd), 2);
	count = 2;
	ASSERT_OK(batch(KBPF_MAP_DELETE_BATCH, fd, NULL, NULL, keys + 4, NULL,
			&count));
	ASSERT_EQ(count, 2);
	ASSERT_ERRNO(kbpf_map_next_key(fd, NULL, &next), ENOENT);
	count = 1;
	ASSERT_ERRNO(batch(KBPF_MAP_DELETE_BATCH, fd, NULL, NULL, NULL, NULL,
			   &count), EFAULT);
	ASSERT_EQ(count, 0);
}

HTAB_TEST(batch_lookup_efault)
{
	unsigned char *vals = xmalloc(vlen(type, 12) * 8);
	__u32 keys[8], out, count;
	int fd;

	fd = batch_filled(type, 3);
	count = 8;
	ASSERT_ERRNO(batch(KBPF_MAP_LOOKUP_BATCH, fd, NULL, &out, NULL, vals,
			   &count), EFAULT);
	ASSERT_EQ(count, 0);
	count = 8;
	ASSERT_ERRNO(batch(KBPF_MAP_LOOKUP_BATCH, fd, NULL, &out, keys, NULL,
			   &count), EFAULT);
	ASSERT_EQ(count, 0);
	count = 8;
	ASSERT_ERRNO(batch(KBPF_MAP_LOOKUP_BATCH, fd, (void *)8, &out, keys,
			   vals, &count), EFAULT);
	ASSERT_EQ(count, 0);
	ASSERT_EQ(count_keys(fd), 3);
}

/*
 * A bucket that does not fit: find two keys in one bucket of a
 * two-bucket map (max_entries 2), whatever the hash function, by trying
 * keys until a count-1 lookup says -ENOSPC; then a count of 2 takes both.
 */
HTAB_TEST(batch_enospc)
{
	size_t len = vlen(type, 8);
	unsigned char *vals = xmalloc(len * 4);
	__u32 keys[4], out, count, key, tries;
	int fd, err = 0;

	fd = ASSERT_OK(htab_create(type, 4, 8, 2, 0));
	put(fd, type, 8, 0, 0, KBPF_NOEXIST);
	for (tries = 1; tries < 64; tries++) {
		key = tries;
		put(fd, type, 8, key, key, KBPF_NOEXIST);
		count = 1;
		err = batch(KBPF_MAP_LOOKUP_BATCH, fd, NULL, &out, keys, vals,
			    &count);
		if (err)
			break;
		/* Different buckets: one now, the other next, then end. */
		ASSERT_EQ(count, 1);
		count = 1;
		err = batch(KBPF_MAP_LOOKUP_BATCH, fd, &out, &out, keys + 1,
			    vals, &count);
		ASSERT_EQ(count, 1);
		ASSERT_TRUE(err == 0 || errno == ENOENT);
		ASSERT_NE(keys[0], keys[1]);
		ASSERT_OK(kbpf_map_delete(fd, &key));
	}
	ASSERT_EQ(err, -1);
	ASSERT_EQ(errno, ENOSPC);
	ASSERT_EQ(count, 0);
	count = 1;
	ASSERT_ERRNO(batch(KBPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, NULL, &out,
			   keys, vals, &count), ENOSPC);
	ASSERT_EQ(count, 0);
	ASSERT_EQ(count_keys(fd), 2);

	count = 2;
	ASSERT_ERRNO(batch(KBPF_MAP_LOOKUP_BATCH, fd, NULL, &out, keys, vals,
			   &count), ENOENT);
	ASSERT_EQ(count, 2);
	ASSERT_TRUE((keys[0] == 0 && keys[1] == key) ||
		    (keys[1] == 0 && keys[0] == key));
	count = 2;
	ASSERT_ERRNO(batch(KBPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, NULL, &out,
			   keys, vals, &count), ENOENT);
	ASSERT_EQ(count, 2);
	ASSERT_EQ(count_keys(fd), 0);
}
