// SPDX-License-Identifier: GPL-2.0
/*
 * Eviction in LRU_HASH and LRU_PERCPU_HASH, as Linux 6.12's
 * kernel/bpf/bpf_lru_list.c and hashtab.c behave from user space. Only
 * what holds reliably is asserted, and every test pins itself to one CPU
 * (Linux's common LRU keeps per-CPU free and pending lists, so a
 * migrating writer may evict early):
 * - there are max_entries elements to go round: an update of a new key
 *   never fails for want of room, it evicts; the map never holds more
 *   than max_entries keys; an empty map takes at least max_entries / 2
 *   before it evicts (the rest of the common LRU's free elements may be
 *   claimed in batches; a deletion does not guarantee room either);
 * - with BPF_F_NO_COMMON_LRU each CPU has its own list of
 *   max_entries / nr_possible_cpus elements (max_entries rounded up to a
 *   multiple of nr_possible_cpus first): one CPU's inserts use its share;
 * - an update of an existing key marks it referenced, so a key updated
 *   between any two inserts survives any number of them, while keys
 *   never touched again are evicted;
 * - a lookup from user space does not mark the key referenced
 *   (htab_lru_map_lookup_elem_sys): it does not save it.
 */
#include <stdlib.h>

#include "kbpf_test.h"

static const __u32 lru_types[] = {
	KBPF_MAP_TYPE_LRU_HASH, KBPF_MAP_TYPE_LRU_PERCPU_HASH,
};

static bool is_percpu(__u32 type)
{
	return type == KBPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static size_t vlen(__u32 type)
{
	return is_percpu(type) ? 8 * kbpf_nr_possible_cpus() : 8;
}

static void *xmalloc(size_t len)
{
	void *p = malloc(len);

	if (!p)
		FAIL("malloc(%zu) failed", len);
	return p;
}

/* Every CPU's copy (per-CPU maps) holds seed. */
static void make_value(__u32 type, __u64 *v, __u64 seed)
{
	size_t i;

	for (i = 0; i < vlen(type) / 8; i++)
		v[i] = seed;
}

static void put(int fd, __u32 type, __u32 key, __u64 seed, __u64 flags)
{
	__u64 *v = xmalloc(vlen(type));

	make_value(type, v, seed);
	ASSERT_OK(kbpf_map_update(fd, &key, v, flags));
	free(v);
}

/* True when key is in the map; then its value must be seed. */
static bool present(int fd, __u32 type, __u32 key, __u64 seed)
{
	__u64 *v = xmalloc(vlen(type)), *want = xmalloc(vlen(type));
	bool found;

	if (kbpf_map_lookup(fd, &key, v, 0)) {
		ASSERT_EQ(errno, ENOENT);
		found = false;
	} else {
		make_value(type, want, seed);
		ASSERT_MEMEQ(v, want, vlen(type));
		found = true;
	}
	free(v);
	free(want);
	return found;
}

/* Number of keys, each seen once by GET_NEXT_KEY. */
static __u32 count_keys(int fd)
{
	static __u32 keys[4096];
	__u32 n = 0, i, next;

	while (!kbpf_map_next_key(fd, n ? &keys[n - 1] : NULL, &next)) {
		for (i = 0; i < n; i++)
			if (keys[i] == next)
				FAIL("key %u seen twice in the walk", next);
		if (n == ARRAY_SIZE(keys))
			FAIL("endless walk");
		keys[n++] = next;
	}
	ASSERT_EQ(errno, ENOENT);
	return n;
}

static __u32 round_up_to(__u32 n, __u32 m)
{
	return (n + m - 1) / m * m;
}

/* htab_map_alloc(): per-CPU lists get equal shares, at least one. */
TEST(lru_no_common_lru_max_entries)
{
	__u32 ncpus = kbpf_nr_possible_cpus(), max[] = { 1, 3, 16, 17 };
	struct kbpf_map_info info;
	unsigned int t, i;
	int fd;

	for (t = 0; t < ARRAY_SIZE(lru_types); t++) {
		for (i = 0; i < ARRAY_SIZE(max); i++) {
			fd = ASSERT_OK(kbpf_map_new(lru_types[t], 4, 8,
						    max[i],
						    KBPF_F_NO_COMMON_LRU));
			kbpf_map_info(fd, &info);
			ASSERT_EQ(info.max_entries,
				  round_up_to(max[i], ncpus));
			ASSERT_EQ(info.map_flags, KBPF_F_NO_COMMON_LRU);
			/* A common LRU keeps max_entries as it is. */
			fd = ASSERT_OK(kbpf_map_new(lru_types[t], 4, 8,
						    max[i], 0));
			kbpf_map_info(fd, &info);
			ASSERT_EQ(info.max_entries, max[i]);
		}
	}
}

/*
 * Into an empty map, the first max_entries / 2 inserts all stay: Linux
 * refills a CPU's local free list from the global one in batches of
 * max_entries / nr_possible_cpus / 2 and evicts only when the global free
 * list cannot fill a batch.
 */
static void fill_half(__u32 type, __u32 max)
{
	__u32 key;
	int fd;

	kbpf_pin_cpu();
	fd = ASSERT_OK(kbpf_map_new(type, 4, 8, max, 0));
	for (key = 0; key < max / 2; key++)
		put(fd, type, key, key + 1, KBPF_NOEXIST);
	ASSERT_EQ(count_keys(fd), max / 2);
	for (key = 0; key < max / 2; key++)
		ASSERT_TRUE(present(fd, type, key, key + 1));
	for (; key < max; key++)
		put(fd, type, key, key + 1, KBPF_NOEXIST);
	ASSERT_LE(count_keys(fd), max);
}

TEST(lru_hash_fill_half)
{
	fill_half(KBPF_MAP_TYPE_LRU_HASH, 64);
}

TEST(lru_percpu_hash_fill_half)
{
	fill_half(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 64);
}

/* Ten times max_entries new keys: each insert succeeds, the newest is
 * there, the map never holds more than max_entries, the first keys go.
 */
static void evicts(__u32 type, __u32 max)
{
	__u32 key, n;
	int fd;

	kbpf_pin_cpu();
	fd = ASSERT_OK(kbpf_map_new(type, 4, 8, max, 0));
	for (key = 0; key < 10 * max; key++) {
		put(fd, type, key, key * 3, key & 1 ? KBPF_NOEXIST :
		    KBPF_ANY);
		ASSERT_TRUE(present(fd, type, key, key * 3));
		n = count_keys(fd);
		ASSERT_LE(n, max);
		ASSERT_GE(n, 1);
	}
	for (key = 0; key < max; key++)
		ASSERT_FALSE(present(fd, type, key, key * 3));
}

TEST(lru_hash_evicts)
{
	evicts(KBPF_MAP_TYPE_LRU_HASH, 16);
}

TEST(lru_percpu_hash_evicts)
{
	evicts(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 16);
}

/* A full map: updates of existing keys and flag errors still behave. */
static void full_flags(__u32 type)
{
	__u64 *v = xmalloc(vlen(type));
	__u32 key, max = 32, n;
	int fd;

	kbpf_pin_cpu();
	fd = ASSERT_OK(kbpf_map_new(type, 4, 8, max, 0));
	for (key = 0; key < max; key++)
		put(fd, type, key, key, KBPF_ANY);
	/* The newest key, updated in place or by a new element: kept. */
	key = max - 1;
	put(fd, type, key, 500, KBPF_EXIST);
	ASSERT_TRUE(present(fd, type, key, 500));
	make_value(type, v, 7);
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, KBPF_NOEXIST), EEXIST);
	ASSERT_TRUE(present(fd, type, key, 500));
	key = 1000;
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, KBPF_EXIST), ENOENT);
	ASSERT_FALSE(present(fd, type, key, 7));
	ASSERT_ERRNO(kbpf_map_update(fd, &key, v, 3), EINVAL);
	ASSERT_FALSE(present(fd, type, key, 7));
	n = count_keys(fd);
	ASSERT_LE(n, max);
	ASSERT_GE(n, 1);
}

TEST(lru_hash_full_flags)
{
	full_flags(KBPF_MAP_TYPE_LRU_HASH);
}

TEST(lru_percpu_hash_full_flags)
{
	full_flags(KBPF_MAP_TYPE_LRU_PERCPU_HASH);
}

/* A key updated (EXIST) before every insert is never the one evicted. */
static void hot_key(__u32 type, __u32 max, __u32 flags)
{
	const __u32 hot = 0xabcdef;
	__u32 key, n;
	int fd;

	kbpf_pin_cpu();
	fd = ASSERT_OK(kbpf_map_new(type, 4, 8, max, flags));
	put(fd, type, hot, 0, KBPF_NOEXIST);
	for (key = 0; key < 10 * max; key++) {
		/* -ENOENT here would mean the hot key was evicted. */
		put(fd, type, hot, key + 1, KBPF_EXIST);
		put(fd, type, key, key, KBPF_NOEXIST);
		ASSERT_TRUE(present(fd, type, hot, key + 1));
		ASSERT_TRUE(present(fd, type, key, key));
	}
	n = count_keys(fd);
	ASSERT_LE(n, max);
	/* The cold keys went, oldest first. */
	for (key = 0; key < max; key++)
		ASSERT_FALSE(present(fd, type, key, key));
}

TEST(lru_hash_hot_key_survives)
{
	hot_key(KBPF_MAP_TYPE_LRU_HASH, 16, 0);
}

TEST(lru_percpu_hash_hot_key_survives)
{
	hot_key(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 16, 0);
}

TEST(lru_hash_no_common_lru_hot_key_survives)
{
	hot_key(KBPF_MAP_TYPE_LRU_HASH, 8 * kbpf_nr_possible_cpus(),
		KBPF_F_NO_COMMON_LRU);
}

TEST(lru_percpu_hash_no_common_lru_hot_key_survives)
{
	hot_key(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 8 * kbpf_nr_possible_cpus(),
		KBPF_F_NO_COMMON_LRU);
}

/* User-space lookups leave the key unreferenced: it is evicted like any
 * other cold key.
 */
static void lookup_no_ref(__u32 type)
{
	const __u32 watched = 0xabcdef, max = 16;
	__u32 key;
	int fd;

	kbpf_pin_cpu();
	fd = ASSERT_OK(kbpf_map_new(type, 4, 8, max, 0));
	put(fd, type, watched, 1, KBPF_NOEXIST);
	for (key = 0; key < 10 * max; key++) {
		present(fd, type, watched, 1);
		put(fd, type, key, key, KBPF_NOEXIST);
	}
	ASSERT_FALSE(present(fd, type, watched, 1));
}

TEST(lru_hash_lookup_does_not_ref)
{
	lookup_no_ref(KBPF_MAP_TYPE_LRU_HASH);
}

TEST(lru_percpu_hash_lookup_does_not_ref)
{
	lookup_no_ref(KBPF_MAP_TYPE_LRU_PERCPU_HASH);
}

/*
 * BPF_F_NO_COMMON_LRU: one CPU's inserts only recycle its own list of
 * max_entries / nr_possible_cpus elements.
 */
static void cpu_share(__u32 type)
{
	__u32 ncpus = kbpf_nr_possible_cpus(), share = 8, key, n;
	int fd;

	kbpf_pin_cpu();
	fd = ASSERT_OK(kbpf_map_new(type, 4, 8, share * ncpus,
				    KBPF_F_NO_COMMON_LRU));
	/* Up to its share, nothing is evicted... */
	for (key = 0; key < share; key++)
		put(fd, type, key, key, KBPF_NOEXIST);
	ASSERT_EQ(count_keys(fd), share);
	/* ...past it, this CPU's list is all there is. */
	for (; key < 10 * share; key++) {
		put(fd, type, key, key, KBPF_NOEXIST);
		ASSERT_TRUE(present(fd, type, key, key));
		n = count_keys(fd);
		ASSERT_LE(n, share);
		ASSERT_GE(n, 1);
	}
}

TEST(lru_hash_no_common_lru_cpu_share)
{
	cpu_share(KBPF_MAP_TYPE_LRU_HASH);
}

TEST(lru_percpu_hash_no_common_lru_cpu_share)
{
	cpu_share(KBPF_MAP_TYPE_LRU_PERCPU_HASH);
}

/*
 * Delete one, insert one, in a full map: the deleted key is gone, the new
 * one is there. (Linux may still evict to refill a CPU's local free
 * list, so the count is only bounded.)
 */
static void delete_then_insert(__u32 type)
{
	__u32 key, max = 16, n;
	int fd;

	kbpf_pin_cpu();
	fd = ASSERT_OK(kbpf_map_new(type, 4, 8, max, 0));
	for (key = 0; key < max; key++)
		put(fd, type, key, key, KBPF_NOEXIST);
	for (key = 0; key < 64; key++) {
		__u32 old = 1000 + key - 1, new = 1000 + key;

		if (key)
			ASSERT_OK(kbpf_map_delete(fd, &old));
		ASSERT_ERRNO(kbpf_map_delete(fd, &old), ENOENT);
		put(fd, type, new, new, KBPF_NOEXIST);
		ASSERT_TRUE(present(fd, type, new, new));
		ASSERT_FALSE(present(fd, type, old, old));
		n = count_keys(fd);
		ASSERT_LE(n, max);
		ASSERT_GE(n, 1);
	}
}

TEST(lru_hash_delete_then_insert)
{
	delete_then_insert(KBPF_MAP_TYPE_LRU_HASH);
}

TEST(lru_percpu_hash_delete_then_insert)
{
	delete_then_insert(KBPF_MAP_TYPE_LRU_PERCPU_HASH);
}
