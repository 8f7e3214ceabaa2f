// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: attr validation — the per-command zero tail, object names and
 * the array map's attribute checks.
 */

#include <kunit/test.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "../kmod/cmd.h"
#include "../kmod/compat.h"
#include "../kmod/map/map.h"
#include "../kmod/object.h"

static void kbpf_attr_tail_zero_test(struct kunit *test)
{
	size_t end = offsetofend(union kbpf_attr, map_token_fd);
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = KBPF_MAP_TYPE_ARRAY;
	attr.map_token_fd = -1;
	KUNIT_EXPECT_TRUE(test, kbpf_attr_tail_is_zero(&attr, end));

	/* The first and the last byte past the field both count. */
	((u8 *)&attr)[end] = 1;
	KUNIT_EXPECT_FALSE(test, kbpf_attr_tail_is_zero(&attr, end));
	((u8 *)&attr)[end] = 0;
	((u8 *)&attr)[sizeof(attr) - 1] = 0x80;
	KUNIT_EXPECT_FALSE(test, kbpf_attr_tail_is_zero(&attr, end));

	/* A command using the whole union has no tail at all. */
	KUNIT_EXPECT_TRUE(test, kbpf_attr_tail_is_zero(&attr, sizeof(attr)));
}

static void kbpf_obj_name_test(struct kunit *test)
{
	char src[KBPF_OBJ_NAME_LEN], dst[KBPF_OBJ_NAME_LEN];

	memset(src, 0, sizeof(src));
	KUNIT_EXPECT_EQ(test, kbpf_obj_name_cpy(dst, src, sizeof(src)), 0);
	KUNIT_EXPECT_EQ(test, dst[0], 0);

	strscpy(src, "my_map.v2", sizeof(src));
	KUNIT_EXPECT_EQ(test, kbpf_obj_name_cpy(dst, src, sizeof(src)), 9);
	KUNIT_EXPECT_STREQ(test, dst, "my_map.v2");

	strscpy(src, "bad-name", sizeof(src));
	KUNIT_EXPECT_EQ(test, kbpf_obj_name_cpy(dst, src, sizeof(src)),
			-EINVAL);

	/* Fifteen characters fit; sixteen leave no room for the NUL. */
	memset(src, 'a', sizeof(src));
	src[sizeof(src) - 1] = 0;
	KUNIT_EXPECT_EQ(test, kbpf_obj_name_cpy(dst, src, sizeof(src)),
			KBPF_OBJ_NAME_LEN - 1);
	memset(src, 'a', sizeof(src));
	KUNIT_EXPECT_EQ(test, kbpf_obj_name_cpy(dst, src, sizeof(src)),
			-EINVAL);
}

static void kbpf_array_attr(union kbpf_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->map_type = KBPF_MAP_TYPE_ARRAY;
	attr->key_size = 4;
	attr->value_size = 8;
	attr->max_entries = 4;
}

static void kbpf_array_alloc_check_test(struct kunit *test)
{
	union kbpf_attr attr;

	kbpf_array_attr(&attr);
	KUNIT_EXPECT_EQ(test, kbpf_array_alloc_check(&attr), 0);

	attr.key_size = 8;
	KUNIT_EXPECT_EQ(test, kbpf_array_alloc_check(&attr), -EINVAL);
	kbpf_array_attr(&attr);
	attr.value_size = 0;
	KUNIT_EXPECT_EQ(test, kbpf_array_alloc_check(&attr), -EINVAL);
	kbpf_array_attr(&attr);
	attr.max_entries = 0;
	KUNIT_EXPECT_EQ(test, kbpf_array_alloc_check(&attr), -EINVAL);
	kbpf_array_attr(&attr);
	attr.map_flags = KBPF_F_NO_PREALLOC;
	KUNIT_EXPECT_EQ(test, kbpf_array_alloc_check(&attr), -EINVAL);
	attr.map_flags = KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG;
	KUNIT_EXPECT_EQ(test, kbpf_array_alloc_check(&attr), -EINVAL);
	attr.map_flags = KBPF_F_PRESERVE_ELEMS;
	KUNIT_EXPECT_EQ(test, kbpf_array_alloc_check(&attr), -EINVAL);
	attr.map_flags = KBPF_F_RDONLY_PROG | KBPF_F_MMAPABLE;
	KUNIT_EXPECT_EQ(test, kbpf_array_alloc_check(&attr), 0);
	kbpf_array_attr(&attr);
	attr.value_size = (u32)INT_MAX + 1;
	KUNIT_EXPECT_EQ(test, kbpf_array_alloc_check(&attr), -E2BIG);
}

static struct kunit_case kbpf_attr_cases[] = {
	KUNIT_CASE(kbpf_attr_tail_zero_test),
	KUNIT_CASE(kbpf_obj_name_test),
	KUNIT_CASE(kbpf_array_alloc_check_test),
	{}
};

static struct kunit_suite kbpf_attr_suite = {
	.name = "kbpf_attr",
	.test_cases = kbpf_attr_cases,
};

kunit_test_suite(kbpf_attr_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for kbpf");
KBPF_MODULE_IMPORT_KUNIT_NS();
