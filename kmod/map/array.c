// SPDX-License-Identifier: GPL-2.0
/*
 * KBPF_MAP_TYPE_ARRAY: max_entries preallocated, zeroed values indexed by
 * a u32 key. Elements are never freed while the map lives, so a value
 * pointer stays valid as long as the map does; updates copy in place and
 * a concurrent reader may see a mix of old and new bytes, as on Linux.
 */

#include <linux/err.h>
#include <linux/limits.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../compat.h"
#include "map.h"

/* @elem_size: value_size rounded up to 8, so every value is u64-aligned. */
struct kbpf_array {
	struct kbpf_map map;
	u32 elem_size;
	char value[] __aligned(8);
};

#define KBPF_F_ACCESS_MASK (KBPF_F_RDONLY | KBPF_F_WRONLY | \
			    KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG)
#define KBPF_ARRAY_CREATE_FLAGS (KBPF_F_NUMA_NODE | KBPF_F_MMAPABLE | \
				 KBPF_F_ACCESS_MASK | KBPF_F_PRESERVE_ELEMS | \
				 KBPF_F_INNER_MAP)

static struct kbpf_array *kbpf_array(struct kbpf_map *map)
{
	return container_of(map, struct kbpf_array, map);
}

int kbpf_array_alloc_check(const union kbpf_attr *attr)
{
	u32 prog_access = attr->map_flags &
			  (KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG);

	if (!attr->max_entries || attr->key_size != sizeof(u32) ||
	    !attr->value_size ||
	    attr->map_flags & ~KBPF_ARRAY_CREATE_FLAGS ||
	    prog_access == (KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG))
		return -EINVAL;
	/* Only perf event arrays preserve elements. */
	if (attr->map_flags & KBPF_F_PRESERVE_ELEMS)
		return -EINVAL;
	/* round_up(value_size, 8) must not overflow. */
	if (attr->value_size > INT_MAX)
		return -E2BIG;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_array_alloc_check);

static struct kbpf_map *kbpf_array_alloc(const union kbpf_attr *attr)
{
	u32 elem_size = round_up(attr->value_size, 8);
	struct kbpf_array *array;
	u64 size;

	size = sizeof(*array) + (u64)attr->max_entries * elem_size;
	array = kvzalloc_node(size, GFP_KERNEL_ACCOUNT | __GFP_NOWARN |
				    __GFP_RETRY_MAYFAIL,
			      kbpf_map_attr_numa_node(attr));
	if (!array)
		return ERR_PTR(-ENOMEM);
	kbpf_map_init_from_attr(&array->map, attr);
	array->elem_size = elem_size;
	return &array->map;
}

static void kbpf_array_free(struct kbpf_map *map)
{
	kvfree(kbpf_array(map));
}

static void *kbpf_array_lookup(struct kbpf_map *map, const void *key)
{
	struct kbpf_array *array = kbpf_array(map);
	u32 index = *(const u32 *)key;

	if (index >= map->max_entries)
		return NULL;
	index = array_index_nospec(index, map->max_entries);
	return array->value + (size_t)array->elem_size * index;
}

static long kbpf_array_update(struct kbpf_map *map, const void *key,
			      const void *value, u64 flags)
{
	u32 index = *(const u32 *)key;
	void *elem;

	if ((flags & ~KBPF_F_LOCK) > KBPF_EXIST)
		return -EINVAL;
	if (index >= map->max_entries)
		return -E2BIG;
	/* Every element exists from creation on. */
	if (flags & KBPF_NOEXIST)
		return -EEXIST;
	if (flags & KBPF_F_LOCK)
		return -EINVAL;
	elem = kbpf_array_lookup(map, key);
	memcpy(elem, value, map->value_size);
	return 0;
}

static long kbpf_array_delete(struct kbpf_map *map, const void *key)
{
	return -EINVAL;
}

static int kbpf_array_get_next_key(struct kbpf_map *map, const void *key,
				   void *next_key)
{
	u32 index = key ? *(const u32 *)key : U32_MAX;

	if (index >= map->max_entries) {
		*(u32 *)next_key = 0;
		return 0;
	}
	if (index == map->max_entries - 1)
		return -ENOENT;
	*(u32 *)next_key = index + 1;
	return 0;
}

const struct kbpf_map_ops kbpf_array_map_ops = {
	.alloc_check	= kbpf_array_alloc_check,
	.alloc		= kbpf_array_alloc,
	.free		= kbpf_array_free,
	.lookup		= kbpf_array_lookup,
	.update		= kbpf_array_update,
	.delete		= kbpf_array_delete,
	.get_next_key	= kbpf_array_get_next_key,
};
EXPORT_SYMBOL_IF_KUNIT(kbpf_array_map_ops);
