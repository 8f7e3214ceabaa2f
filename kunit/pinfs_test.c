// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a pinned file holds one user reference on its map, taken with
 * the pin and dropped with the last name (unlink) or the unmount.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/mount.h>
#include <linux/string.h>

#include "../kmod/compat.h"
#include "../kmod/fs/pinfs.h"
#include "../kmod/map/map.h"

static struct kbpf_map *kbpf_pin_test_map(struct kunit *test)
{
	union kbpf_attr attr;
	struct kbpf_map *map;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = KBPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	map = kbpf_map_alloc(&kbpf_array_map_ops, &attr);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(map));
	return map;
}

static void kbpf_pin_expect_refs(struct kunit *test, struct kbpf_map *map,
				 s64 refs)
{
	KUNIT_EXPECT_EQ(test, atomic64_read(&map->refcnt), refs);
	KUNIT_EXPECT_EQ(test, atomic64_read(&map->usercnt), refs);
}

static void kbpf_pin_ref_test(struct kunit *test)
{
	struct vfsmount *mnt = kbpf_pin_kern_mount();
	struct kbpf_map *map;
	int i;

	KUNIT_ASSERT_FALSE(test, IS_ERR(mnt));
	map = kbpf_pin_test_map(test);
	kbpf_pin_expect_refs(test, map, 1);

	/* Each pin takes one reference; a taken name takes none. */
	KUNIT_EXPECT_EQ(test, kbpf_pin_map_in_root(mnt, "a", map), 0);
	kbpf_pin_expect_refs(test, map, 2);
	KUNIT_EXPECT_EQ(test, kbpf_pin_map_in_root(mnt, "a", map), -EEXIST);
	kbpf_pin_expect_refs(test, map, 2);
	KUNIT_EXPECT_EQ(test, kbpf_pin_map_in_root(mnt, "b", map), 0);
	kbpf_pin_expect_refs(test, map, 3);

	/* Unlinking the last name drops its reference at once. */
	KUNIT_EXPECT_EQ(test, kbpf_unpin_in_root(mnt, "a"), 0);
	kbpf_pin_expect_refs(test, map, 2);
	KUNIT_EXPECT_EQ(test, kbpf_unpin_in_root(mnt, "a"), -ENOENT);
	kbpf_pin_expect_refs(test, map, 2);

	/* The unmount drops what is still pinned (the final mntput is deferred). */
	kern_unmount(mnt);
	for (i = 0; i < 100 && atomic64_read(&map->refcnt) != 1; i++)
		msleep(20);
	kbpf_pin_expect_refs(test, map, 1);
	kbpf_map_put_with_uref(map);
}

static struct kunit_case kbpf_pinfs_cases[] = {
	KUNIT_CASE(kbpf_pin_ref_test),
	{}
};

static struct kunit_suite kbpf_pinfs_suite = {
	.name = "kbpf_pinfs",
	.test_cases = kbpf_pinfs_cases,
};

kunit_test_suite(kbpf_pinfs_suite);
