// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the object layer — IDs, map references and the array map ops
 * as the commands drive them.
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/string.h>

#include "../kmod/compat.h"
#include "../kmod/map/map.h"
#include "../kmod/object.h"

static struct kbpf_map *kbpf_test_array(struct kunit *test, u32 max_entries)
{
	union kbpf_attr attr;
	struct kbpf_map *map;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = KBPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 12;
	attr.max_entries = max_entries;
	strscpy(attr.map_name, "kunit_arr", sizeof(attr.map_name));
	map = kbpf_map_alloc(&kbpf_array_map_ops, &attr);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(map));
	return map;
}

static bool kbpf_test_id_present(u32 id)
{
	unsigned long irqflags;
	void *obj;

	spin_lock_irqsave(&kbpf_map_ids.lock, irqflags);
	obj = idr_find(&kbpf_map_ids.idr, id);
	spin_unlock_irqrestore(&kbpf_map_ids.lock, irqflags);
	return obj;
}

static void kbpf_map_ref_test(struct kunit *test)
{
	struct kbpf_map *map = kbpf_test_array(test, 2);

	KUNIT_EXPECT_EQ(test, atomic64_read(&map->refcnt), 1);
	KUNIT_EXPECT_STREQ(test, map->name, "kunit_arr");
	KUNIT_EXPECT_EQ(test, map->max_entries, 2);
	KUNIT_ASSERT_EQ(test, kbpf_id_alloc(&kbpf_map_ids, map, &map->id), 0);
	KUNIT_EXPECT_GT(test, map->id, 0);
	KUNIT_EXPECT_TRUE(test, kbpf_test_id_present(map->id));

	/* The ID lives as long as any reference does... */
	kbpf_map_inc(map);
	kbpf_map_put(map);
	KUNIT_EXPECT_TRUE(test, kbpf_test_id_present(map->id));
	/* ...and goes at once with the last one; memory follows later. */
	kbpf_map_put(map);
	KUNIT_EXPECT_FALSE(test, kbpf_test_id_present(map->id));
}

static void kbpf_id_cyclic_test(struct kunit *test)
{
	static int a, b;
	u32 id_a, id_b, id_c;

	KUNIT_ASSERT_EQ(test, kbpf_id_alloc(&kbpf_link_ids, &a, &id_a), 0);
	KUNIT_ASSERT_EQ(test, kbpf_id_alloc(&kbpf_link_ids, &b, &id_b), 0);
	KUNIT_EXPECT_GT(test, id_b, id_a);
	kbpf_id_free(&kbpf_link_ids, id_a);
	/* A freed ID is not handed out again right away. */
	KUNIT_ASSERT_EQ(test, kbpf_id_alloc(&kbpf_link_ids, &a, &id_c), 0);
	KUNIT_EXPECT_GT(test, id_c, id_b);
	kbpf_id_free(&kbpf_link_ids, id_b);
	kbpf_id_free(&kbpf_link_ids, id_c);
}

static void kbpf_array_ops_test(struct kunit *test)
{
	struct kbpf_map *map = kbpf_test_array(test, 3);
	const struct kbpf_map_ops *ops = map->ops;
	u8 value[12], *elem;
	u32 key, next;

	memset(value, 0xab, sizeof(value));
	key = 1;
	elem = ops->lookup(map, &key);
	KUNIT_ASSERT_NOT_NULL(test, elem);
	KUNIT_EXPECT_NULL(test, memchr_inv(elem, 0, 12));

	KUNIT_EXPECT_EQ(test, ops->update(map, &key, value, KBPF_ANY), 0);
	KUNIT_EXPECT_EQ(test, memcmp(ops->lookup(map, &key), value, 12), 0);
	KUNIT_EXPECT_EQ(test, ops->update(map, &key, value, KBPF_EXIST), 0);
	KUNIT_EXPECT_EQ(test, ops->update(map, &key, value, KBPF_NOEXIST),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, ops->update(map, &key, value, KBPF_EXIST + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ops->delete(map, &key), -EINVAL);

	key = 3;
	KUNIT_EXPECT_NULL(test, ops->lookup(map, &key));
	KUNIT_EXPECT_EQ(test, ops->update(map, &key, value, KBPF_ANY), -E2BIG);

	KUNIT_EXPECT_EQ(test, ops->get_next_key(map, NULL, &next), 0);
	KUNIT_EXPECT_EQ(test, next, 0);
	key = 1;
	KUNIT_EXPECT_EQ(test, ops->get_next_key(map, &key, &next), 0);
	KUNIT_EXPECT_EQ(test, next, 2);
	key = 2;
	KUNIT_EXPECT_EQ(test, ops->get_next_key(map, &key, &next), -ENOENT);
	key = 100;
	KUNIT_EXPECT_EQ(test, ops->get_next_key(map, &key, &next), 0);
	KUNIT_EXPECT_EQ(test, next, 0);

	kbpf_map_put(map);
}

static void kbpf_percpu_array_test(struct kunit *test)
{
	const struct kbpf_map_ops *ops = &kbpf_percpu_array_map_ops;
	u32 ncpus = num_possible_cpus(), key = 1, cpu, i;
	union kbpf_attr attr;
	struct kbpf_map *map;
	u64 *values, *mine;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = KBPF_MAP_TYPE_PERCPU_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;	/* each CPU's slot is still 8 bytes */
	attr.max_entries = 2;
	KUNIT_ASSERT_EQ(test, ops->alloc_check(&attr), 0);
	map = kbpf_map_alloc(ops, &attr);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(map));
	KUNIT_EXPECT_EQ(test, kbpf_map_value_size(map), 8 * ncpus);

	values = kunit_kcalloc(test, ncpus, sizeof(*values), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, values);
	for (i = 0; i < ncpus; i++)
		values[i] = 0x1000 + i;
	KUNIT_EXPECT_EQ(test, kbpf_map_update_value(map, &key, values, 0), 0);

	/* The program side sees this CPU's slot only. */
	cpu = get_cpu();
	mine = ops->lookup(map, &key);
	KUNIT_EXPECT_EQ(test, *(u32 *)mine, 0x1000 + cpu);
	put_cpu();

	memset(values, 0, ncpus * sizeof(*values));
	KUNIT_EXPECT_EQ(test, kbpf_map_copy_value(map, &key, values), 0);
	for (i = 0; i < ncpus; i++)
		KUNIT_EXPECT_EQ(test, values[i], 0x1000 + i);
	key = 2;
	KUNIT_EXPECT_EQ(test, kbpf_map_copy_value(map, &key, values), -ENOENT);
	KUNIT_EXPECT_EQ(test, kbpf_map_update_value(map, &key, values, 0),
			-E2BIG);

	attr.map_flags = KBPF_F_MMAPABLE;
	KUNIT_EXPECT_EQ(test, ops->alloc_check(&attr), -EINVAL);
	kbpf_map_put(map);
}

static struct kunit_case kbpf_object_cases[] = {
	KUNIT_CASE(kbpf_map_ref_test),
	KUNIT_CASE(kbpf_id_cyclic_test),
	KUNIT_CASE(kbpf_array_ops_test),
	KUNIT_CASE(kbpf_percpu_array_test),
	{}
};

static struct kunit_suite kbpf_object_suite = {
	.name = "kbpf_object",
	.test_cases = kbpf_object_cases,
};

kunit_test_suite(kbpf_object_suite);
