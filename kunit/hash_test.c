// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: HASH and PERCPU_HASH at the ops level — attribute checks, the
 * update flags, full maps, deletes, key walks, replacement without
 * preallocation, per-CPU values and the free path.
 */

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/log2.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../kmod/compat.h"
#include "../kmod/map/hash.h"
#include "../kmod/map/map.h"
#include "../kmod/prog/helpers.h"

static void kbpf_test_hash_attr(union kbpf_attr *attr, u32 type, u32 key_size,
				u32 value_size, u32 max_entries, u32 flags)
{
	memset(attr, 0, sizeof(*attr));
	attr->map_type = type;
	attr->key_size = key_size;
	attr->value_size = value_size;
	attr->max_entries = max_entries;
	attr->map_flags = flags;
}

static struct kbpf_map *kbpf_test_hash(struct kunit *test,
				       const struct kbpf_map_ops *ops,
				       u32 type, u32 key_size, u32 value_size,
				       u32 max_entries, u32 flags)
{
	union kbpf_attr attr;
	struct kbpf_map *map;

	kbpf_test_hash_attr(&attr, type, key_size, value_size, max_entries,
			    flags);
	KUNIT_ASSERT_EQ(test, ops->alloc_check(&attr), 0);
	map = kbpf_map_alloc(ops, &attr);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(map));
	return map;
}

/* The ops under the protection programs and syscalls give them. */
static long kbpf_test_update(struct kbpf_map *map, const void *key,
			     const void *value, u64 flags)
{
	long ret;

	rcu_read_lock();
	ret = map->ops->update(map, key, value, flags);
	rcu_read_unlock();
	return ret;
}

static long kbpf_test_delete(struct kbpf_map *map, const void *key)
{
	long ret;

	rcu_read_lock();
	ret = map->ops->delete(map, key);
	rcu_read_unlock();
	return ret;
}

/* Copy value_size bytes of the program-side value; false if absent. */
static bool kbpf_test_lookup(struct kbpf_map *map, const void *key,
			     void *value)
{
	void *ptr;

	rcu_read_lock();
	ptr = map->ops->lookup(map, key);
	if (ptr)
		memcpy(value, ptr, map->value_size);
	rcu_read_unlock();
	return ptr;
}

static int kbpf_test_next_key(struct kbpf_map *map, const void *key,
			      void *next)
{
	int ret;

	rcu_read_lock();
	ret = map->ops->get_next_key(map, key, next);
	rcu_read_unlock();
	return ret;
}

static const u32 kbpf_test_types[] = {
	KBPF_MAP_TYPE_HASH, KBPF_MAP_TYPE_PERCPU_HASH,
	KBPF_MAP_TYPE_LRU_HASH, KBPF_MAP_TYPE_LRU_PERCPU_HASH,
};

static void kbpf_hash_alloc_check_test(struct kunit *test)
{
	union kbpf_attr attr;
	u32 i, type;

	for (i = 0; i < ARRAY_SIZE(kbpf_test_types); i++) {
		type = kbpf_test_types[i];
		kbpf_test_hash_attr(&attr, type, 4, 8, 16, 0);
		KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), 0);
		attr.key_size = 0;
		KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -EINVAL);
		kbpf_test_hash_attr(&attr, type, 4, 0, 16, 0);
		KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -EINVAL);
		kbpf_test_hash_attr(&attr, type, 4, 8, 0, 0);
		KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -EINVAL);
		kbpf_test_hash_attr(&attr, type, 4, 8, 16, KBPF_F_MMAPABLE);
		KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -EINVAL);
		attr.map_flags = KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG;
		KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -EINVAL);
		attr.map_flags = KBPF_F_RDONLY_PROG | KBPF_F_ZERO_SEED |
				 KBPF_F_RDONLY;
		KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), 0);
		/* An element must stay kmalloc-able. */
		kbpf_test_hash_attr(&attr, type, KMALLOC_MAX_SIZE, 8, 16, 0);
		KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -E2BIG);
		kbpf_test_hash_attr(&attr, type, U32_MAX, U32_MAX, 16, 0);
		KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -E2BIG);
	}

	/* The common-LRU flag belongs to LRU maps. */
	kbpf_test_hash_attr(&attr, KBPF_MAP_TYPE_HASH, 4, 8, 16,
			    KBPF_F_NO_COMMON_LRU);
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -EINVAL);
	attr.map_type = KBPF_MAP_TYPE_PERCPU_HASH;
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -EINVAL);
	attr.map_type = KBPF_MAP_TYPE_LRU_HASH;
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), 0);

	/* LRU maps are always preallocated. */
	kbpf_test_hash_attr(&attr, KBPF_MAP_TYPE_LRU_HASH, 4, 8, 16,
			    KBPF_F_NO_PREALLOC);
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -ENOTSUPP);
	attr.map_type = KBPF_MAP_TYPE_LRU_PERCPU_HASH;
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -ENOTSUPP);
	attr.map_type = KBPF_MAP_TYPE_HASH;
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), 0);

	/* A NUMA node, but not for anything per-CPU. */
	kbpf_test_hash_attr(&attr, KBPF_MAP_TYPE_HASH, 4, 8, 16,
			    KBPF_F_NUMA_NODE);
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), 0);
	attr.map_type = KBPF_MAP_TYPE_PERCPU_HASH;
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -EINVAL);
	attr.map_type = KBPF_MAP_TYPE_LRU_PERCPU_HASH;
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -EINVAL);
	attr.map_type = KBPF_MAP_TYPE_LRU_HASH;
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), 0);
	attr.map_flags |= KBPF_F_NO_COMMON_LRU;
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -EINVAL);

	/* Per-CPU values are bounded by the per-CPU allocator's unit. */
	kbpf_test_hash_attr(&attr, KBPF_MAP_TYPE_PERCPU_HASH, 4,
			    PCPU_MIN_UNIT_SIZE, 16, 0);
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), 0);
	attr.value_size++;
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -E2BIG);
	attr.map_type = KBPF_MAP_TYPE_LRU_PERCPU_HASH;
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), -E2BIG);
	attr.map_type = KBPF_MAP_TYPE_HASH;
	KUNIT_EXPECT_EQ(test, kbpf_htab_alloc_check(&attr), 0);
}

static void kbpf_hash_zero_seed_test(struct kunit *test)
{
	const struct cred *old;
	union kbpf_attr attr;
	struct cred *cred;
	int err;

	kbpf_test_hash_attr(&attr, KBPF_MAP_TYPE_HASH, 4, 8, 16,
			    KBPF_F_ZERO_SEED | KBPF_F_MMAPABLE);
	cred = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, cred);
	cap_lower(cred->cap_effective, CAP_SYS_ADMIN);
	old = override_creds(cred);
	/* Checked first of all, as Linux does. */
	err = kbpf_htab_alloc_check(&attr);
	revert_creds(old);
	put_cred(cred);
	KUNIT_EXPECT_EQ(test, err, -EPERM);
}

static void kbpf_hash_alloc_errno_test(struct kunit *test)
{
	size_t bucket = sizeof(struct kbpf_htab_bucket);
	union kbpf_attr attr;
	struct kbpf_map *map;
	u32 n;

	kbpf_test_hash_attr(&attr, KBPF_MAP_TYPE_HASH, 4, 8, (1U << 31) + 1,
			    0);
	KUNIT_ASSERT_EQ(test, kbpf_htab_alloc_check(&attr), 0);
	map = kbpf_map_alloc(&kbpf_hash_map_ops, &attr);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(map), -E2BIG);

	/* Buckets whose size overflows 32 bits. */
	attr.max_entries = rounddown_pow_of_two(U32_MAX / bucket) * 2;
	map = kbpf_map_alloc(&kbpf_hash_map_ops, &attr);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(map), -E2BIG);

	/* Absurd but representable: -ENOMEM, without a warning. */
	n = rounddown_pow_of_two(U32_MAX / bucket);
	if ((u64)n * bucket > INT_MAX) {
		attr.max_entries = n;
		map = kbpf_map_alloc(&kbpf_hash_map_ops, &attr);
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(map), -ENOMEM);
	}
	kbpf_test_hash_attr(&attr, KBPF_MAP_TYPE_HASH, 4, 2 << 20, 4096, 0);
	KUNIT_ASSERT_EQ(test, kbpf_htab_alloc_check(&attr), 0);
	map = kbpf_map_alloc(&kbpf_hash_map_ops, &attr);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(map), -ENOMEM);
}

static void kbpf_hash_flags_case(struct kunit *test, u32 map_flags)
{
	struct kbpf_map *map = kbpf_test_hash(test, &kbpf_hash_map_ops,
					      KBPF_MAP_TYPE_HASH, 4, 12, 8,
					      map_flags);
	u8 value[12], got[12];
	u32 key = 7;

	memset(value, 0x11, sizeof(value));
	KUNIT_EXPECT_FALSE(test, kbpf_test_lookup(map, &key, got));
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, value, KBPF_EXIST),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, value,
					       KBPF_NOEXIST), 0);
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, value,
					       KBPF_NOEXIST), -EEXIST);
	KUNIT_ASSERT_TRUE(test, kbpf_test_lookup(map, &key, got));
	KUNIT_EXPECT_EQ(test, memcmp(got, value, sizeof(got)), 0);

	memset(value, 0x22, sizeof(value));
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, value, KBPF_EXIST),
			0);
	KUNIT_ASSERT_TRUE(test, kbpf_test_lookup(map, &key, got));
	KUNIT_EXPECT_EQ(test, memcmp(got, value, sizeof(got)), 0);
	memset(value, 0x33, sizeof(value));
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, value, KBPF_ANY), 0);
	KUNIT_ASSERT_TRUE(test, kbpf_test_lookup(map, &key, got));
	KUNIT_EXPECT_EQ(test, memcmp(got, value, sizeof(got)), 0);

	/* Unknown flags, and KBPF_F_LOCK without a spin lock. */
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, value,
					       KBPF_EXIST + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, value,
					       KBPF_F_LOCK), -EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, value,
					       KBPF_F_LOCK | KBPF_EXIST),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, value, 8), -EINVAL);
	KUNIT_ASSERT_TRUE(test, kbpf_test_lookup(map, &key, got));
	KUNIT_EXPECT_EQ(test, memcmp(got, value, sizeof(got)), 0);
	kbpf_map_put(map);
}

static void kbpf_hash_flags_test(struct kunit *test)
{
	kbpf_hash_flags_case(test, 0);
	kbpf_hash_flags_case(test, KBPF_F_NO_PREALLOC);
}

static void kbpf_hash_full_case(struct kunit *test,
				const struct kbpf_map_ops *ops, u32 type,
				u32 map_flags)
{
	struct kbpf_map *map = kbpf_test_hash(test, ops, type, 4, 8, 4,
					      map_flags);
	u64 value = 1, *values;
	u32 key;

	values = kunit_kcalloc(test, num_possible_cpus(), sizeof(u64),
			       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, values);
	for (key = 0; key < 4; key++)
		KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, &value,
						       KBPF_NOEXIST), 0);
	/* max_entries is a hard limit for new keys... */
	key = 4;
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, &value, KBPF_ANY),
			-E2BIG);
	if (map->ops->sys_update)
		KUNIT_EXPECT_EQ(test, map->ops->sys_update(map, &key, values,
							   KBPF_ANY), -E2BIG);
	/* ...not for replacing values, again and again. */
	for (key = 0; key < 4; key++) {
		value = 100 + key;
		KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, &value,
						       KBPF_ANY), 0);
		KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, &value,
						       KBPF_EXIST), 0);
	}
	key = 2;
	KUNIT_EXPECT_EQ(test, kbpf_test_delete(map, &key), 0);
	key = 4;
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, &value, KBPF_ANY),
			0);
	key = 5;
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, &value, KBPF_ANY),
			-E2BIG);
	kbpf_map_put(map);
}

static void kbpf_hash_full_test(struct kunit *test)
{
	kbpf_hash_full_case(test, &kbpf_hash_map_ops, KBPF_MAP_TYPE_HASH, 0);
	kbpf_hash_full_case(test, &kbpf_hash_map_ops, KBPF_MAP_TYPE_HASH,
			    KBPF_F_NO_PREALLOC);
	kbpf_hash_full_case(test, &kbpf_percpu_hash_map_ops,
			    KBPF_MAP_TYPE_PERCPU_HASH, 0);
	kbpf_hash_full_case(test, &kbpf_percpu_hash_map_ops,
			    KBPF_MAP_TYPE_PERCPU_HASH, KBPF_F_NO_PREALLOC);
}

static void kbpf_hash_delete_case(struct kunit *test, u32 map_flags)
{
	struct kbpf_map *map = kbpf_test_hash(test, &kbpf_hash_map_ops,
					      KBPF_MAP_TYPE_HASH, 8, 8, 16,
					      map_flags);
	u64 key = 0x1234567890ull, value = 42, got = 0;

	KUNIT_EXPECT_EQ(test, kbpf_test_delete(map, &key), -ENOENT);
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, &value, KBPF_ANY),
			0);
	KUNIT_EXPECT_EQ(test, kbpf_test_delete(map, &key), 0);
	KUNIT_EXPECT_EQ(test, kbpf_test_delete(map, &key), -ENOENT);
	KUNIT_EXPECT_FALSE(test, kbpf_test_lookup(map, &key, &got));

	/* lookup_and_delete hands the value over and removes the key. */
	KUNIT_EXPECT_EQ(test, map->ops->sys_lookup_and_delete(map, &key,
							      &got, 0),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, &value, KBPF_ANY),
			0);
	KUNIT_EXPECT_EQ(test, map->ops->sys_lookup_and_delete(map, &key,
							      &got,
							      KBPF_F_LOCK),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, map->ops->sys_lookup_and_delete(map, &key,
							      &got, 0), 0);
	KUNIT_EXPECT_EQ(test, got, 42);
	KUNIT_EXPECT_FALSE(test, kbpf_test_lookup(map, &key, &got));
	KUNIT_EXPECT_EQ(test, kbpf_test_delete(map, &key), -ENOENT);
	kbpf_map_put(map);
}

static void kbpf_hash_delete_test(struct kunit *test)
{
	kbpf_hash_delete_case(test, 0);
	kbpf_hash_delete_case(test, KBPF_F_NO_PREALLOC);
}

/* Walk all keys from NULL; each of 0..n-1 must come exactly once. */
static void kbpf_hash_walk_case(struct kunit *test, u32 key_size,
				u32 map_flags)
{
	const u32 n = 100, max_entries = 128;
	struct kbpf_map *map;
	u8 key[8] = {}, next[8] = {}, missing[8] = {};
	unsigned long *seen;
	u32 i, steps = 0;
	u64 value = 0;

	map = kbpf_test_hash(test, &kbpf_hash_map_ops, KBPF_MAP_TYPE_HASH,
			     key_size, 8, max_entries, map_flags);
	seen = kunit_kzalloc(test, BITS_TO_LONGS(n) * sizeof(long),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);

	KUNIT_EXPECT_EQ(test, kbpf_test_next_key(map, NULL, next), -ENOENT);
	for (i = 0; i < n; i++) {
		memcpy(key, &i, sizeof(i));
		KUNIT_ASSERT_EQ(test, kbpf_test_update(map, key, &value,
						       KBPF_NOEXIST), 0);
	}
	/* Delete and reinsert a few, so that chains are not in order. */
	for (i = 0; i < n; i += 7) {
		memcpy(key, &i, sizeof(i));
		KUNIT_ASSERT_EQ(test, kbpf_test_delete(map, key), 0);
		KUNIT_ASSERT_EQ(test, kbpf_test_update(map, key, &value,
						       KBPF_NOEXIST), 0);
	}

	KUNIT_ASSERT_EQ(test, kbpf_test_next_key(map, NULL, next), 0);
	do {
		memcpy(&i, next, sizeof(i));
		KUNIT_ASSERT_LT(test, i, n);
		KUNIT_EXPECT_FALSE(test, test_bit(i, seen));
		__set_bit(i, seen);
		memcpy(key, next, sizeof(key));
		KUNIT_ASSERT_LT(test, ++steps, max_entries);
	} while (!kbpf_test_next_key(map, key, next));
	KUNIT_EXPECT_EQ(test, bitmap_weight(seen, n), n);
	KUNIT_EXPECT_EQ(test, kbpf_test_next_key(map, key, next), -ENOENT);

	/* A key not in the map restarts the walk, as NULL does. */
	i = 5000;
	memcpy(missing, &i, sizeof(i));
	KUNIT_ASSERT_EQ(test, kbpf_test_next_key(map, NULL, key), 0);
	KUNIT_ASSERT_EQ(test, kbpf_test_next_key(map, missing, next), 0);
	KUNIT_EXPECT_EQ(test, memcmp(key, next, key_size), 0);
	kbpf_map_put(map);
}

static void kbpf_hash_get_next_key_test(struct kunit *test)
{
	/* jhash2 for whole words, jhash for the others. */
	kbpf_hash_walk_case(test, 4, 0);
	kbpf_hash_walk_case(test, 5, 0);
	kbpf_hash_walk_case(test, 8, KBPF_F_NO_PREALLOC);
	kbpf_hash_walk_case(test, 7, KBPF_F_NO_PREALLOC);
}

static void kbpf_hash_no_prealloc_replace_test(struct kunit *test)
{
	struct kbpf_map *map = kbpf_test_hash(test, &kbpf_hash_map_ops,
					      KBPF_MAP_TYPE_HASH, 4, 32, 1,
					      KBPF_F_NO_PREALLOC);
	u64 old[4], new[4], *p_old, *p_new;
	u32 key = 1;

	memset(old, 0xaa, sizeof(old));
	memset(new, 0x55, sizeof(new));
	KUNIT_ASSERT_EQ(test, kbpf_test_update(map, &key, old, KBPF_ANY), 0);

	rcu_read_lock();
	p_old = map->ops->lookup(map, &key);
	KUNIT_EXPECT_NOT_NULL(test, p_old);
	if (p_old) {
		/* The map is full; replacing its one key still works. */
		KUNIT_EXPECT_EQ(test, map->ops->update(map, &key, new,
						       KBPF_EXIST), 0);
		p_new = map->ops->lookup(map, &key);
		KUNIT_EXPECT_TRUE(test, p_new && p_new != p_old &&
				  !memcmp(p_new, new, sizeof(new)));
		/* A reader still on the old element sees the old value. */
		KUNIT_EXPECT_EQ(test, memcmp(p_old, old, sizeof(old)), 0);
	}
	rcu_read_unlock();

	key = 2;
	KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, new, KBPF_ANY),
			-E2BIG);
	kbpf_map_put(map);
}

/* Value of CPU slot @i in the syscall layout: 8 bytes from the value. */
static u64 kbpf_test_pcpu(const u8 *buf, u32 value_size, int i)
{
	u64 v;

	memcpy(&v, buf + (size_t)i * round_up(value_size, 8), sizeof(v));
	return v;
}

static void kbpf_percpu_hash_case(struct kunit *test,
				  const struct kbpf_map_ops *ops, u32 type,
				  u32 map_flags)
{
	const u32 value_size = 12, slot = 16;
	u32 ncpus = num_possible_cpus(), i, key;
	int cpu, this_cpu;
	struct kbpf_htab_elem *l;
	struct kbpf_map *map;
	u8 value[12] = {};
	u8 *buf, *got;
	void *ptr;
	u64 v;

	map = kbpf_test_hash(test, ops, type, 4, value_size, 8, map_flags);
	KUNIT_EXPECT_EQ(test, kbpf_map_value_size(map), slot * ncpus);
	buf = kunit_kzalloc(test, slot * ncpus, GFP_KERNEL);
	got = kunit_kzalloc(test, slot * ncpus, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, got);

	/* User space writes and reads every CPU's value. */
	for (i = 0; i < ncpus; i++) {
		v = 1000 + i;
		memcpy(buf + i * slot, &v, sizeof(v));
		memset(buf + i * slot + 8, 0x40 + i, 4);
	}
	key = 1;
	KUNIT_EXPECT_EQ(test, ops->sys_update(map, &key, buf, KBPF_EXIST),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, ops->sys_update(map, &key, buf, KBPF_EXIST + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ops->sys_update(map, &key, buf, KBPF_NOEXIST),
			0);
	KUNIT_EXPECT_EQ(test, ops->sys_update(map, &key, buf, KBPF_NOEXIST),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, ops->sys_lookup(map, &key, got), 0);
	KUNIT_EXPECT_EQ(test, memcmp(got, buf, slot * ncpus), 0);

	/* A program sees its CPU's value and updates it alone. */
	rcu_read_lock();
	migrate_disable();
	this_cpu = smp_processor_id();
	ptr = ops->lookup(map, &key);
	l = kbpf_htab_lookup_elem(kbpf_htab(map), &key);
	KUNIT_EXPECT_TRUE(test, ptr && l &&
			  ptr == this_cpu_ptr(kbpf_htab_elem_pptr(l, 4)));
	v = 77;
	memcpy(value, &v, sizeof(v));
	KUNIT_EXPECT_EQ(test, ops->update(map, &key, value, KBPF_EXIST), 0);
	/* A new key from a program: zero on the other CPUs. */
	key = 2;
	v = 88;
	memcpy(value, &v, sizeof(v));
	KUNIT_EXPECT_EQ(test, ops->update(map, &key, value, KBPF_NOEXIST),
			0);
	migrate_enable();
	rcu_read_unlock();

	key = 1;
	KUNIT_EXPECT_EQ(test, ops->sys_lookup(map, &key, got), 0);
	i = 0;
	for_each_possible_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, kbpf_test_pcpu(got, value_size, i),
				cpu == this_cpu ? 77 : 1000 + i);
		i++;
	}
	key = 2;
	KUNIT_EXPECT_EQ(test, ops->sys_lookup(map, &key, got), 0);
	i = 0;
	for_each_possible_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, kbpf_test_pcpu(got, value_size, i),
				cpu == this_cpu ? 88 : 0);
		/* The padding of each slot reads as zero too. */
		KUNIT_EXPECT_EQ(test, *(u32 *)(got + i * slot + 12), 0);
		i++;
	}

	/* lookup_and_delete copies every CPU's value. */
	key = 1;
	memset(got, 0, slot * ncpus);
	KUNIT_EXPECT_EQ(test, ops->sys_lookup_and_delete(map, &key, got, 0),
			0);
	i = 0;
	for_each_possible_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, kbpf_test_pcpu(got, value_size, i),
				cpu == this_cpu ? 77 : 1000 + i);
		i++;
	}
	KUNIT_EXPECT_EQ(test, ops->sys_lookup(map, &key, got), -ENOENT);
	KUNIT_EXPECT_EQ(test, kbpf_test_delete(map, &key), -ENOENT);
	key = 2;
	KUNIT_EXPECT_EQ(test, kbpf_test_delete(map, &key), 0);
	kbpf_map_put(map);
}

static void kbpf_percpu_hash_test(struct kunit *test)
{
	kbpf_percpu_hash_case(test, &kbpf_percpu_hash_map_ops,
			      KBPF_MAP_TYPE_PERCPU_HASH, 0);
	kbpf_percpu_hash_case(test, &kbpf_percpu_hash_map_ops,
			      KBPF_MAP_TYPE_PERCPU_HASH, KBPF_F_NO_PREALLOC);
}

/*
 * Maps with elements linked and elements freed just before: kmemleak,
 * run after the suite, finds anything the free path forgot.
 */
static void kbpf_hash_free_test(struct kunit *test)
{
	static const u32 flags[] = { 0, KBPF_F_NO_PREALLOC };
	u8 *value = kunit_kzalloc(test, 64 * num_possible_cpus(), GFP_KERNEL);
	const struct kbpf_map_ops *ops;
	struct kbpf_map *map;
	u32 i, t, key;

	KUNIT_ASSERT_NOT_NULL(test, value);
	for (t = 0; t < 4; t++) {
		ops = t < 2 ? &kbpf_hash_map_ops : &kbpf_percpu_hash_map_ops;
		map = kbpf_test_hash(test, ops,
				     t < 2 ? KBPF_MAP_TYPE_HASH :
					     KBPF_MAP_TYPE_PERCPU_HASH,
				     4, 64, 64, flags[t % 2]);
		for (key = 0; key < 64; key++)
			KUNIT_EXPECT_EQ(test, kbpf_test_update(map, &key, value,
							       KBPF_ANY), 0);
		for (i = 0; i < 3; i++)
			for (key = 0; key < 64; key += 2)
				KUNIT_EXPECT_EQ(test,
						kbpf_test_update(map, &key,
								 value,
								 KBPF_EXIST),
						0);
		for (key = 0; key < 64; key += 3)
			KUNIT_EXPECT_EQ(test, kbpf_test_delete(map, &key), 0);
		kbpf_map_put(map);
	}
}

/*
 * The lookups a rewritten program calls (map/hash_lookup.c) against the
 * ops' lookup, for keys of 4 and 8 bytes (their own hash and compare)
 * and of 12 and 3 (the generic walk): every key an update placed is
 * found at the same value, through a key that is not aligned too, and
 * every absent key is not. A hash that differed from kbpf_htab_hash()
 * would look in the wrong bucket and miss.
 */
static void kbpf_hash_lookup_call_test(struct kunit *test)
{
	static const u32 key_sizes[] = { 4, 8, 12, 3 };
	kbpf_helper_fn fns[] = { kbpf_htab_lookup_call4,
				 kbpf_htab_lookup_call8,
				 kbpf_htab_lookup_call, kbpf_htab_lookup_call };
	struct kbpf_insn insn[KBPF_MAP_GEN_LOOKUP_MAX];
	u8 key[16 + 1], *ukey = key + 1;
	struct kbpf_map *map;
	u64 value, got, want;
	u32 t, i, j, found;

	for (t = 0; t < ARRAY_SIZE(key_sizes); t++) {
		map = kbpf_test_hash(test, &kbpf_hash_map_ops,
				     KBPF_MAP_TYPE_HASH, key_sizes[t], 8, 256,
				     0);
		/* keys i * 0x9e3779b1 for even i < 256 present, odd absent */
		for (i = 0; i < 256; i += 2) {
			for (j = 0; j < key_sizes[t]; j++)
				key[j] = (i * 0x9e3779b1u) >> (8 * (j % 4)) ^ j;
			value = i;
			KUNIT_ASSERT_EQ(test, kbpf_test_update(map, key, &value,
							       KBPF_ANY), 0);
		}
		found = 0;
		for (i = 0; i < 256; i++) {
			for (j = 0; j < key_sizes[t]; j++)
				key[j] = (i * 0x9e3779b1u) >> (8 * (j % 4)) ^ j;
			memmove(ukey, key, key_sizes[t]);
			rcu_read_lock();
			want = (unsigned long)map->ops->lookup(map, ukey);
			got = fns[t]((unsigned long)map, (unsigned long)ukey,
				     0, 0, 0);
			if (got)
				KUNIT_EXPECT_EQ(test, *(u64 *)(unsigned long)got,
						(u64)i);
			rcu_read_unlock();
			KUNIT_EXPECT_EQ(test, got, want);
			KUNIT_EXPECT_EQ(test, !!got, !(i % 2));
			found += !!got;
		}
		KUNIT_EXPECT_EQ(test, found, 128);
		/* the rewrite calls the walk of this key size */
		KUNIT_ASSERT_EQ(test, kbpf_htab_gen_lookup(map, insn), 1);
		KUNIT_EXPECT_EQ(test, insn[0].code, KBPF_JMP | KBPF_CALL);
		KUNIT_EXPECT_EQ(test, (u32)insn[0].src_reg, 0);
		KUNIT_EXPECT_PTR_EQ(test, (void *)kbpf_helper_fns[insn[0].imm],
				    (void *)fns[t]);
		kbpf_map_put(map);
	}
	/* per-CPU and LRU lookups do more: they keep the helper */
	KUNIT_EXPECT_NULL(test, kbpf_percpu_hash_map_ops.gen_lookup);
}

/*
 * A JITed HASH update or delete calls the map's own function
 * (kbpf_htab_direct_call()): the helper's results, every flag's; other
 * helpers and per-CPU maps keep the helper.
 */
static void kbpf_hash_direct_call_test(struct kunit *test)
{
	struct kbpf_map *map = kbpf_test_hash(test, &kbpf_hash_map_ops,
					      KBPF_MAP_TYPE_HASH, 4, 8, 16, 0);
	s32 up = kbpf_hash_map_ops.direct_call(map, KBPF_FUNC_map_update_elem);
	s32 del = kbpf_hash_map_ops.direct_call(map, KBPF_FUNC_map_delete_elem);
	unsigned long m = (unsigned long)map;
	u64 value = 7, *found;
	u32 key = 3;

	KUNIT_ASSERT_EQ(test, up, KBPF_INTERNAL_HTAB_UPDATE);
	KUNIT_ASSERT_EQ(test, del, KBPF_INTERNAL_HTAB_DELETE);
	KUNIT_EXPECT_PTR_EQ(test, (void *)kbpf_helper_fns[up],
			    (void *)kbpf_htab_update_call);
	KUNIT_EXPECT_PTR_EQ(test, (void *)kbpf_helper_fns[del],
			    (void *)kbpf_htab_delete_call);
	KUNIT_EXPECT_EQ(test, kbpf_hash_map_ops.direct_call(map,
				KBPF_FUNC_map_lookup_elem), 0);
	KUNIT_EXPECT_NULL(test, kbpf_percpu_hash_map_ops.direct_call);

	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, (s64)kbpf_htab_update_call(m, (unsigned long)&key,
			(unsigned long)&value, KBPF_EXIST, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, (s64)kbpf_htab_update_call(m, (unsigned long)&key,
			(unsigned long)&value, KBPF_NOEXIST, 0), 0);
	KUNIT_EXPECT_EQ(test, (s64)kbpf_htab_update_call(m, (unsigned long)&key,
			(unsigned long)&value, KBPF_NOEXIST, 0), -EEXIST);
	KUNIT_EXPECT_EQ(test, (s64)kbpf_htab_update_call(m, (unsigned long)&key,
			(unsigned long)&value, KBPF_EXIST + 1, 0), -EINVAL);
	value = 8;
	KUNIT_EXPECT_EQ(test, (s64)kbpf_htab_update_call(m, (unsigned long)&key,
			(unsigned long)&value, KBPF_EXIST, 0), 0);
	found = map->ops->lookup(map, &key);
	KUNIT_EXPECT_TRUE(test, found && *found == 8);
	KUNIT_EXPECT_EQ(test, (s64)kbpf_htab_delete_call(m, (unsigned long)&key,
			0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, (s64)kbpf_htab_delete_call(m, (unsigned long)&key,
			0, 0, 0), -ENOENT);
	KUNIT_EXPECT_NULL(test, map->ops->lookup(map, &key));
	rcu_read_unlock();
	kbpf_map_put(map);
}

static struct kunit_case kbpf_hash_cases[] = {
	KUNIT_CASE(kbpf_hash_alloc_check_test),
	KUNIT_CASE(kbpf_hash_zero_seed_test),
	KUNIT_CASE(kbpf_hash_alloc_errno_test),
	KUNIT_CASE(kbpf_hash_flags_test),
	KUNIT_CASE(kbpf_hash_full_test),
	KUNIT_CASE(kbpf_hash_delete_test),
	KUNIT_CASE(kbpf_hash_get_next_key_test),
	KUNIT_CASE(kbpf_hash_no_prealloc_replace_test),
	KUNIT_CASE(kbpf_percpu_hash_test),
	KUNIT_CASE(kbpf_hash_free_test),
	KUNIT_CASE(kbpf_hash_lookup_call_test),
	KUNIT_CASE(kbpf_hash_direct_call_test),
	{}
};

static struct kunit_suite kbpf_hash_suite = {
	.name = "kbpf_hash",
	.test_cases = kbpf_hash_cases,
};

kunit_test_suite(kbpf_hash_suite);
