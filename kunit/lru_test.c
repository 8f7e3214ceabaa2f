// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: LRU_HASH and LRU_PERCPU_HASH at the ops level — eviction
 * instead of failure, never more than max_entries, hot keys surviving,
 * the per-CPU lists and the free path.
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../kmod/compat.h"
#include "../kmod/map/hash.h"
#include "../kmod/map/map.h"

static struct kbpf_map *kbpf_test_lru(struct kunit *test, u32 type,
				      u32 max_entries, u32 flags)
{
	const struct kbpf_map_ops *ops = type == KBPF_MAP_TYPE_LRU_HASH ?
					 &kbpf_lru_hash_map_ops :
					 &kbpf_lru_percpu_hash_map_ops;
	union kbpf_attr attr;
	struct kbpf_map *map;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = max_entries;
	attr.map_flags = flags;
	KUNIT_ASSERT_EQ(test, ops->alloc_check(&attr), 0);
	map = kbpf_map_alloc(ops, &attr);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(map));
	return map;
}

/*
 * Program context: RCU and no migration, so that a per-CPU LRU takes
 * every node from one CPU's list.
 */
static long kbpf_test_prog_update(struct kbpf_map *map, u32 key, u64 value,
				  u64 flags)
{
	long ret;

	rcu_read_lock();
	migrate_disable();
	ret = map->ops->update(map, &key, &value, flags);
	migrate_enable();
	rcu_read_unlock();
	return ret;
}

static bool kbpf_test_prog_lookup(struct kbpf_map *map, u32 key)
{
	void *ptr;

	rcu_read_lock();
	migrate_disable();
	ptr = map->ops->lookup(map, &key);
	migrate_enable();
	rcu_read_unlock();
	return ptr;
}

/* Whether @key is in the map, without marking it used. */
static bool kbpf_test_present(struct kbpf_map *map, u32 key)
{
	bool present;

	rcu_read_lock();
	present = kbpf_htab_lookup_elem(kbpf_htab(map), &key);
	rcu_read_unlock();
	return present;
}

/* Keys reachable by get_next_key, at most @limit + 1 of them. */
static u32 kbpf_test_lru_count(struct kbpf_map *map, u32 limit)
{
	u32 key, next, n = 0;
	int err;

	rcu_read_lock();
	err = map->ops->get_next_key(map, NULL, &next);
	while (!err && n <= limit) {
		n++;
		key = next;
		err = map->ops->get_next_key(map, &key, &next);
	}
	rcu_read_unlock();
	return n;
}

static void kbpf_lru_flags_test(struct kunit *test)
{
	static const u32 types[] = {
		KBPF_MAP_TYPE_LRU_HASH, KBPF_MAP_TYPE_LRU_PERCPU_HASH
	};
	struct kbpf_map *map;
	u32 t;

	for (t = 0; t < ARRAY_SIZE(types); t++) {
		map = kbpf_test_lru(test, types[t], 8, 0);
		KUNIT_EXPECT_EQ(test, kbpf_test_prog_update(map, 1, 1,
							    KBPF_EXIST),
				-ENOENT);
		KUNIT_EXPECT_EQ(test, kbpf_test_prog_update(map, 1, 1,
							    KBPF_NOEXIST), 0);
		KUNIT_EXPECT_EQ(test, kbpf_test_prog_update(map, 1, 2,
							    KBPF_NOEXIST),
				-EEXIST);
		KUNIT_EXPECT_EQ(test, kbpf_test_prog_update(map, 1, 3,
							    KBPF_EXIST), 0);
		KUNIT_EXPECT_EQ(test, kbpf_test_prog_update(map, 1, 4,
							    KBPF_ANY), 0);
		KUNIT_EXPECT_EQ(test, kbpf_test_prog_update(map, 1, 5,
							    KBPF_F_LOCK),
				-EINVAL);
		KUNIT_EXPECT_EQ(test, kbpf_test_prog_update(map, 1, 5,
							    KBPF_EXIST + 1),
				-EINVAL);
		KUNIT_EXPECT_EQ(test, kbpf_test_lru_count(map, 8), 1);
		/* The failed updates gave their nodes back. */
		KUNIT_EXPECT_EQ(test, map->ops->delete(map, &(u32){ 1 }), 0);
		KUNIT_EXPECT_EQ(test, map->ops->delete(map, &(u32){ 1 }),
				-ENOENT);
		KUNIT_EXPECT_EQ(test, kbpf_test_lru_count(map, 8), 0);
		kbpf_map_put(map);
	}
}

/*
 * Fill, then insert many more keys while one key is looked up before
 * each insert (and no other key is): the map never holds more than
 * max_entries keys, the hot key and the newest one always survive.
 */
static void kbpf_lru_evict_case(struct kunit *test, u32 type, u32 flags)
{
	const u32 hot = 0;
	struct kbpf_map *map;
	u32 key, max;

	map = kbpf_test_lru(test, type, 16, flags);
	max = map->max_entries;
	/* One CPU's list for the whole case, when lists are per CPU. */
	migrate_disable();
	for (key = 0; key < max; key++) {
		/* A per-CPU list holds a share only: evictions start here. */
		if (key != hot)
			KUNIT_EXPECT_TRUE(test, kbpf_test_prog_lookup(map, hot));
		KUNIT_EXPECT_EQ(test, kbpf_test_prog_update(map, key, key,
							    KBPF_NOEXIST), 0);
	}
	/* A common list filled from one CPU has evicted nothing yet. */
	if (!(flags & KBPF_F_NO_COMMON_LRU))
		KUNIT_EXPECT_EQ(test, kbpf_test_lru_count(map, max), max);

	for (key = max; key < 20 * max; key++) {
		KUNIT_EXPECT_TRUE(test, kbpf_test_prog_lookup(map, hot));
		KUNIT_EXPECT_EQ(test, kbpf_test_prog_update(map, key, key,
							    KBPF_NOEXIST), 0);
		KUNIT_EXPECT_TRUE(test, kbpf_test_present(map, key));
		KUNIT_EXPECT_LE(test, kbpf_test_lru_count(map, max), max);
	}
	KUNIT_EXPECT_TRUE(test, kbpf_test_prog_lookup(map, hot));
	/* The oldest cold keys are gone. */
	KUNIT_EXPECT_FALSE(test, kbpf_test_present(map, 1));
	migrate_enable();
	kbpf_map_put(map);
}

static void kbpf_lru_evict_test(struct kunit *test)
{
	kbpf_lru_evict_case(test, KBPF_MAP_TYPE_LRU_HASH, 0);
	kbpf_lru_evict_case(test, KBPF_MAP_TYPE_LRU_HASH,
			    KBPF_F_NO_COMMON_LRU);
	kbpf_lru_evict_case(test, KBPF_MAP_TYPE_LRU_PERCPU_HASH, 0);
	kbpf_lru_evict_case(test, KBPF_MAP_TYPE_LRU_PERCPU_HASH,
			    KBPF_F_NO_COMMON_LRU);
}

/* Each CPU's list gets an equal share: max_entries becomes a multiple. */
static void kbpf_lru_percpu_lists_test(struct kunit *test)
{
	u32 ncpus = num_possible_cpus();
	struct kbpf_map *map;

	map = kbpf_test_lru(test, KBPF_MAP_TYPE_LRU_HASH, ncpus + 1,
			    KBPF_F_NO_COMMON_LRU);
	KUNIT_EXPECT_EQ(test, map->max_entries, 2 * ncpus);
	kbpf_map_put(map);
	map = kbpf_test_lru(test, KBPF_MAP_TYPE_LRU_HASH, 1,
			    KBPF_F_NO_COMMON_LRU);
	KUNIT_EXPECT_EQ(test, map->max_entries, ncpus);
	kbpf_map_put(map);
	map = kbpf_test_lru(test, KBPF_MAP_TYPE_LRU_HASH, ncpus + 1, 0);
	KUNIT_EXPECT_EQ(test, map->max_entries, ncpus + 1);
	kbpf_map_put(map);
}

/* Only program lookups count as use; the syscall's does not. */
static void kbpf_lru_ref_test(struct kunit *test)
{
	struct kbpf_map *map = kbpf_test_lru(test, KBPF_MAP_TYPE_LRU_HASH, 8,
					     0);
	struct kbpf_htab_elem *l;
	u32 key = 3;
	u64 value;

	KUNIT_ASSERT_EQ(test, kbpf_test_prog_update(map, key, 9, KBPF_ANY),
			0);
	KUNIT_EXPECT_EQ(test, map->ops->sys_lookup(map, &key, &value), 0);
	KUNIT_EXPECT_EQ(test, value, 9);
	rcu_read_lock();
	l = kbpf_htab_lookup_elem(kbpf_htab(map), &key);
	KUNIT_EXPECT_TRUE(test, l && !READ_ONCE(l->lru.ref));
	rcu_read_unlock();
	KUNIT_EXPECT_TRUE(test, kbpf_test_prog_lookup(map, key));
	rcu_read_lock();
	l = kbpf_htab_lookup_elem(kbpf_htab(map), &key);
	KUNIT_EXPECT_TRUE(test, l && READ_ONCE(l->lru.ref));
	rcu_read_unlock();
	kbpf_map_put(map);
}

/* Deletes give nodes back: a refill evicts nothing. */
static void kbpf_lru_delete_test(struct kunit *test)
{
	struct kbpf_map *map = kbpf_test_lru(test, KBPF_MAP_TYPE_LRU_HASH, 8,
					     0);
	u32 key, round;
	u64 value;

	for (round = 0; round < 3; round++) {
		for (key = 0; key < 8; key++)
			KUNIT_EXPECT_EQ(test,
					kbpf_test_prog_update(map, key + round,
							      key, KBPF_ANY),
					0);
		KUNIT_EXPECT_EQ(test, kbpf_test_lru_count(map, 8), 8);
		for (key = 0; key < 8; key += 2) {
			u32 k = key + round;

			KUNIT_EXPECT_EQ(test, map->ops->delete(map, &k), 0);
			KUNIT_EXPECT_EQ(test,
					map->ops->sys_lookup_and_delete(map,
									&(u32){ k + 1 },
									&value,
									0),
					0);
			KUNIT_EXPECT_EQ(test, value, key + 1);
		}
		KUNIT_EXPECT_EQ(test, kbpf_test_lru_count(map, 8), 0);
	}
	kbpf_map_put(map);
}

static void kbpf_lru_percpu_values_test(struct kunit *test)
{
	u32 ncpus = num_possible_cpus(), i, key = 5;
	struct kbpf_map *map;
	u64 *buf, *got;
	int cpu, this_cpu;

	map = kbpf_test_lru(test, KBPF_MAP_TYPE_LRU_PERCPU_HASH, 4, 0);
	KUNIT_EXPECT_EQ(test, kbpf_map_value_size(map), 8 * ncpus);
	buf = kunit_kcalloc(test, ncpus, sizeof(u64), GFP_KERNEL);
	got = kunit_kcalloc(test, ncpus, sizeof(u64), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, got);
	for (i = 0; i < ncpus; i++)
		buf[i] = 500 + i;
	KUNIT_EXPECT_EQ(test, map->ops->sys_update(map, &key, buf,
						   KBPF_EXIST), -ENOENT);
	KUNIT_EXPECT_EQ(test, map->ops->sys_update(map, &key, buf, KBPF_ANY),
			0);
	KUNIT_EXPECT_EQ(test, map->ops->sys_lookup(map, &key, got), 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf, got, 8 * ncpus), 0);

	rcu_read_lock();
	migrate_disable();
	this_cpu = smp_processor_id();
	KUNIT_EXPECT_EQ(test, map->ops->update(map, &key, &(u64){ 3 },
					       KBPF_EXIST), 0);
	migrate_enable();
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, map->ops->sys_lookup(map, &key, got), 0);
	i = 0;
	for_each_possible_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, got[i], cpu == this_cpu ? 3 : 500 + i);
		i++;
	}
	KUNIT_EXPECT_EQ(test, map->ops->sys_lookup_and_delete(map, &key, got,
							      0), 0);
	KUNIT_EXPECT_EQ(test, map->ops->sys_lookup(map, &key, got), -ENOENT);
	kbpf_map_put(map);
}

/* Full maps with evictions behind them; kmemleak checks the rest. */
static void kbpf_lru_free_test(struct kunit *test)
{
	static const u32 types[] = {
		KBPF_MAP_TYPE_LRU_HASH, KBPF_MAP_TYPE_LRU_PERCPU_HASH
	};
	struct kbpf_map *map;
	u32 t, key;

	for (t = 0; t < 4; t++) {
		map = kbpf_test_lru(test, types[t % 2], 32,
				    t < 2 ? 0 : KBPF_F_NO_COMMON_LRU);
		for (key = 0; key < 100; key++)
			KUNIT_EXPECT_EQ(test, kbpf_test_prog_update(map, key,
								    key,
								    KBPF_ANY),
					0);
		kbpf_map_put(map);
	}
}

static struct kunit_case kbpf_lru_cases[] = {
	KUNIT_CASE(kbpf_lru_flags_test),
	KUNIT_CASE(kbpf_lru_evict_test),
	KUNIT_CASE(kbpf_lru_percpu_lists_test),
	KUNIT_CASE(kbpf_lru_ref_test),
	KUNIT_CASE(kbpf_lru_delete_test),
	KUNIT_CASE(kbpf_lru_percpu_values_test),
	KUNIT_CASE(kbpf_lru_free_test),
	{}
};

static struct kunit_suite kbpf_lru_suite = {
	.name = "kbpf_lru",
	.test_cases = kbpf_lru_cases,
};

kunit_test_suite(kbpf_lru_suite);
