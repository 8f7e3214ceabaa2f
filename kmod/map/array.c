// SPDX-License-Identifier: GPL-2.0
/*
 * KBPF_MAP_TYPE_ARRAY and KBPF_MAP_TYPE_PERCPU_ARRAY: max_entries
 * preallocated, zeroed values indexed by a u32 key.
 *
 * Elements are never freed while the map lives, so a value pointer stays
 * valid as long as the map does. Updates copy in place: a concurrent
 * reader may see a mix of old and new bytes, as on Linux.
 */

#include <linux/err.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "../compat.h"
#include "map.h"

/*
 * @elem_size: value_size rounded up to 8, so every value is u64-aligned.
 * @values: max_entries * elem_size bytes (ARRAY), vmalloc_user() memory
 *	when the map is KBPF_F_MMAPABLE so that user space can map it;
 *	otherwise in the same allocation as the struct, right after it
 *	(kbpf_array_inline()), so that an inlined lookup finds them at a
 *	constant offset from the map, as Linux's.
 * @pptrs: one per-CPU value per index (PERCPU_ARRAY).
 */
struct kbpf_array {
	struct kbpf_map map;
	u32 elem_size;
	union {
		char *values;
		void __percpu **pptrs;
	};
};

/* An inlined lookup's r1 is the map, so the array (kbpf_array_gen_lookup()). */
static_assert(offsetof(struct kbpf_array, map) == 0);

#define KBPF_F_ACCESS_MASK (KBPF_F_RDONLY | KBPF_F_WRONLY | \
			    KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG)
#define KBPF_ARRAY_CREATE_FLAGS (KBPF_F_NUMA_NODE | KBPF_F_MMAPABLE | \
				 KBPF_F_ACCESS_MASK | KBPF_F_PRESERVE_ELEMS | \
				 KBPF_F_INNER_MAP)

static struct kbpf_array *kbpf_array(struct kbpf_map *map)
{
	return container_of(map, struct kbpf_array, map);
}

static bool kbpf_array_is_percpu(const union kbpf_attr *attr)
{
	return attr->map_type == KBPF_MAP_TYPE_PERCPU_ARRAY;
}

int kbpf_array_alloc_check(const union kbpf_attr *attr)
{
	u32 prog_access = attr->map_flags &
			  (KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG);
	bool percpu = kbpf_array_is_percpu(attr);

	if (!attr->max_entries || attr->key_size != sizeof(u32) ||
	    !attr->value_size ||
	    attr->map_flags & ~KBPF_ARRAY_CREATE_FLAGS ||
	    prog_access == (KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG) ||
	    (percpu && kbpf_map_attr_numa_node(attr) != NUMA_NO_NODE))
		return -EINVAL;
	if (attr->map_type != KBPF_MAP_TYPE_ARRAY &&
	    attr->map_flags & (KBPF_F_MMAPABLE | KBPF_F_INNER_MAP))
		return -EINVAL;
	/* Only perf event arrays preserve elements. */
	if (attr->map_flags & KBPF_F_PRESERVE_ELEMS)
		return -EINVAL;
	/* round_up(value_size, 8) must not overflow. */
	if (attr->value_size > INT_MAX)
		return -E2BIG;
	if (percpu && round_up(attr->value_size, 8) > PCPU_MIN_UNIT_SIZE)
		return -E2BIG;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_array_alloc_check);

/* Big, user-triggered allocations fail quietly instead of calling the OOM killer. */
#define KBPF_MAP_GFP (GFP_KERNEL_ACCOUNT | __GFP_NOWARN | __GFP_RETRY_MAYFAIL)

/* Whether @array's values follow it in its own allocation. */
static bool kbpf_array_inline(const struct kbpf_array *array)
{
	return array->values == (char *)(array + 1);
}

static void kbpf_array_free(struct kbpf_map *map)
{
	struct kbpf_array *array = kbpf_array(map);
	u32 i;

	if (map->map_type == KBPF_MAP_TYPE_ARRAY && kbpf_array_inline(array)) {
		kvfree(array);
		return;
	}
	if (map->map_type == KBPF_MAP_TYPE_PERCPU_ARRAY) {
		/* A creation that failed or was killed left a NULL tail. */
		for (i = 0; array->pptrs && i < map->max_entries; i++) {
			free_percpu(array->pptrs[i]);
			cond_resched();
		}
		kvfree(array->pptrs);
	} else {
		/* KBPF_F_MMAPABLE: the only ARRAY with values of their own */
		vfree(array->values);
	}
	kfree(array);
}

static int kbpf_array_alloc_values(struct kbpf_array *array)
{
	struct kbpf_map *map = &array->map;
	u64 size = (u64)map->max_entries * array->elem_size;
	u32 i;

	if (map->map_type == KBPF_MAP_TYPE_PERCPU_ARRAY) {
		array->pptrs = kvcalloc(map->max_entries, sizeof(*array->pptrs),
					KBPF_MAP_GFP);
		if (!array->pptrs)
			return -ENOMEM;
		for (i = 0; i < map->max_entries; i++) {
			array->pptrs[i] = __alloc_percpu_gfp(array->elem_size, 8,
							     KBPF_MAP_GFP);
			if (!array->pptrs[i])
				return -ENOMEM;
			if (kbpf_loop_killed())
				return -EINTR;
		}
		return 0;
	}
	/* vmalloc_user() has no __GFP_NOWARN: refuse the absurd up front. */
	if (size > (u64)totalram_pages() << PAGE_SHIFT)
		return -ENOMEM;
	array->values = vmalloc_user(PAGE_ALIGN(size));
	return array->values ? 0 : -ENOMEM;
}

/* The values' bytes; 0 for a size no machine here could hold. */
static u64 kbpf_array_values_size(const union kbpf_attr *attr)
{
	u64 size = (u64)attr->max_entries * round_up(attr->value_size, 8);

	if (size > (u64)totalram_pages() << PAGE_SHIFT)
		return 0;
	return size;
}

/*
 * The struct, and for a plain array that user space does not map, its
 * values right after it (kbpf_array_inline()).
 */
static struct kbpf_array *kbpf_array_alloc_struct(const union kbpf_attr *attr)
{
	struct kbpf_array *array;
	u64 size;

	if (attr->map_type != KBPF_MAP_TYPE_ARRAY ||
	    attr->map_flags & KBPF_F_MMAPABLE)
		return kzalloc(sizeof(*array), GFP_KERNEL_ACCOUNT);
	size = kbpf_array_values_size(attr);
	if (!size)
		return NULL;
	array = kvzalloc_node(sizeof(*array) + size, KBPF_MAP_GFP,
			      kbpf_map_attr_numa_node(attr));
	if (array)
		array->values = (char *)(array + 1);
	return array;
}

static struct kbpf_map *kbpf_array_alloc(const union kbpf_attr *attr)
{
	struct kbpf_array *array;
	int err = 0;

	array = kbpf_array_alloc_struct(attr);
	if (!array)
		return ERR_PTR(-ENOMEM);
	kbpf_map_init_from_attr(&array->map, attr);
	array->elem_size = round_up(attr->value_size, 8);
	if (!kbpf_array_inline(array))
		err = kbpf_array_alloc_values(array);
	if (err) {
		kbpf_array_free(&array->map);
		return ERR_PTR(err);
	}
	return &array->map;
}

/* The index of @key, bounded under speculation too, or -1 past the end. */
static s64 kbpf_array_index(struct kbpf_map *map, const void *key)
{
	u32 index = *(const u32 *)key;

	if (index >= map->max_entries)
		return -1;
	return array_index_nospec(index, map->max_entries);
}

static void *kbpf_array_lookup(struct kbpf_map *map, const void *key)
{
	struct kbpf_array *array = kbpf_array(map);
	s64 index = kbpf_array_index(map, key);

	if (index < 0)
		return NULL;
	return array->values + (size_t)array->elem_size * index;
}

/*
 * kbpf_array_lookup() as instructions, for a JITed program (map in r1,
 * key's address in r2): the index bounded by max_entries, then, for a
 * map whose creator lacked CAP_PERFMON, masked as Linux's index_mask
 * against speculation past the bound. The mask is max_entries - 1, so
 * it keeps a mispredicted index inside the values only for a power of
 * two; other sizes keep the call (kbpf does not round the allocation up
 * as Linux does). Inner maps keep it too: another map may take their
 * place (as Linux). The values' address is the map's plus a constant
 * when they are inline (kbpf_array_inline(), as Linux's r1 += offsetof),
 * else loaded from @values (KBPF_F_MMAPABLE).
 */
static u32 kbpf_array_gen_lookup(const struct kbpf_map *map,
				 struct kbpf_insn *buf)
{
	const struct kbpf_array *array =
		container_of(map, struct kbpf_array, map);
	bool mask = !map->bypass_spec_v1;
	struct kbpf_insn *insn = buf;

	if (map->map_flags & KBPF_F_INNER_MAP || map->max_entries > S32_MAX ||
	    (mask && !is_power_of_2(map->max_entries)))
		return 0;
	*insn++ = (struct kbpf_insn){ .code = KBPF_LDX | KBPF_MEM | KBPF_W,
				      .dst_reg = 0, .src_reg = 2 };
	*insn++ = (struct kbpf_insn){ .code = KBPF_JMP | KBPF_JGE | KBPF_K,
				      .dst_reg = 0, .off = mask ? 5 : 4,
				      .imm = map->max_entries };
	if (mask)
		*insn++ = (struct kbpf_insn){
			.code = KBPF_ALU | KBPF_AND | KBPF_K, .dst_reg = 0,
			.imm = map->max_entries - 1 };
	if (kbpf_array_inline(array))
		*insn++ = (struct kbpf_insn){
			.code = KBPF_ALU64 | KBPF_ADD | KBPF_K, .dst_reg = 1,
			.imm = sizeof(*array) };
	else
		*insn++ = (struct kbpf_insn){
			.code = KBPF_LDX | KBPF_MEM | KBPF_DW, .dst_reg = 1,
			.src_reg = 1,
			.off = offsetof(struct kbpf_array, values) };
	if (is_power_of_2(array->elem_size))
		*insn++ = (struct kbpf_insn){
			.code = KBPF_ALU64 | KBPF_LSH | KBPF_K, .dst_reg = 0,
			.imm = ilog2(array->elem_size) };
	else
		*insn++ = (struct kbpf_insn){
			.code = KBPF_ALU64 | KBPF_MUL | KBPF_K, .dst_reg = 0,
			.imm = array->elem_size };
	*insn++ = (struct kbpf_insn){ .code = KBPF_ALU64 | KBPF_ADD | KBPF_X,
				      .dst_reg = 0, .src_reg = 1 };
	*insn++ = (struct kbpf_insn){ .code = KBPF_JMP | KBPF_JA, .off = 1 };
	*insn++ = (struct kbpf_insn){ .code = KBPF_ALU64 | KBPF_MOV | KBPF_K,
				      .dst_reg = 0 };
	return insn - buf;
}

static void *kbpf_percpu_array_lookup(struct kbpf_map *map, const void *key)
{
	struct kbpf_array *array = kbpf_array(map);
	s64 index = kbpf_array_index(map, key);

	if (index < 0)
		return NULL;
	return this_cpu_ptr(array->pptrs[index]);
}

/* Errnos of an update that every array shares, in Linux's order. */
static long kbpf_array_update_check(struct kbpf_map *map, const void *key,
				    u64 flags)
{
	if ((flags & ~KBPF_F_LOCK) > KBPF_EXIST)
		return -EINVAL;
	if (*(const u32 *)key >= map->max_entries)
		return -E2BIG;
	/* Every element exists from creation on. */
	if (flags & KBPF_NOEXIST)
		return -EEXIST;
	/* KBPF_F_LOCK needs a BTF spin lock in the value: never in kbpf. */
	if (flags & KBPF_F_LOCK)
		return -EINVAL;
	return 0;
}

static long kbpf_array_update(struct kbpf_map *map, const void *key,
			      const void *value, u64 flags)
{
	long err = kbpf_array_update_check(map, key, flags);

	if (err)
		return err;
	memcpy(kbpf_array_lookup(map, key), value, map->value_size);
	return 0;
}

static long kbpf_array_delete(struct kbpf_map *map, const void *key)
{
	return -EINVAL;
}

int kbpf_array_get_next_key(struct kbpf_map *map, const void *key,
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

static long kbpf_array_visit_elems(struct kbpf_map *map, kbpf_map_elem_fn fn,
				void *arg)
{
	long calls = 0;
	u32 key;

	for (key = 0; key < map->max_entries; key++) {
		calls++;
		if (fn(map, &key, map->ops->lookup(map, &key), arg))
			break;
	}
	return calls;
}

static int kbpf_array_mmap(struct kbpf_map *map, struct vm_area_struct *vma)
{
	struct kbpf_array *array = kbpf_array(map);
	u64 size = PAGE_ALIGN((u64)map->max_entries * array->elem_size);

	if (!(map->map_flags & KBPF_F_MMAPABLE))
		return -EINVAL;
	if ((u64)vma->vm_pgoff * PAGE_SIZE +
	    (vma->vm_end - vma->vm_start) > size)
		return -EINVAL;
	return remap_vmalloc_range(vma, array->values, vma->vm_pgoff);
}

/* Only a single-element array has one value programs can address. */
static int kbpf_array_direct_value_addr(const struct kbpf_map *map,
					u64 *addr, u32 off)
{
	const struct kbpf_array *array =
		container_of(map, struct kbpf_array, map);

	if (map->max_entries != 1)
		return -ENOTSUPP;
	if (off >= map->value_size)
		return -EINVAL;
	*addr = (unsigned long)array->values;
	return 0;
}

/* Per-CPU values cross the ABI as one elem_size slot per possible CPU. */
static u32 kbpf_percpu_array_value_size(const struct kbpf_map *map)
{
	return round_up(map->value_size, 8) * num_possible_cpus();
}

static int kbpf_percpu_array_sys_lookup(struct kbpf_map *map,
					const void *key, void *value)
{
	struct kbpf_array *array = kbpf_array(map);
	s64 index = kbpf_array_index(map, key);
	size_t off = 0;
	int cpu;

	if (index < 0)
		return -ENOENT;
	/* A program may write any CPU's value meanwhile: no lock helps. */
	for_each_possible_cpu(cpu) {
		memcpy(value + off, per_cpu_ptr(array->pptrs[index], cpu),
		       array->elem_size);
		off += array->elem_size;
	}
	return 0;
}

static long kbpf_percpu_array_sys_update(struct kbpf_map *map,
					 const void *key, const void *value,
					 u64 flags)
{
	struct kbpf_array *array = kbpf_array(map);
	long err = kbpf_array_update_check(map, key, flags);
	size_t off = 0;
	s64 index;
	int cpu;

	if (err)
		return err;
	index = kbpf_array_index(map, key);
	for_each_possible_cpu(cpu) {
		memcpy(per_cpu_ptr(array->pptrs[index], cpu), value + off,
		       array->elem_size);
		off += array->elem_size;
	}
	return 0;
}

/* The program-side update writes this CPU's value only. */
static long kbpf_percpu_array_update(struct kbpf_map *map, const void *key,
				     const void *value, u64 flags)
{
	long err = kbpf_array_update_check(map, key, flags);

	if (err)
		return err;
	memcpy(kbpf_percpu_array_lookup(map, key), value, map->value_size);
	return 0;
}

const struct kbpf_map_ops kbpf_array_map_ops = {
	.alloc_check		= kbpf_array_alloc_check,
	.alloc			= kbpf_array_alloc,
	.free			= kbpf_array_free,
	.lookup			= kbpf_array_lookup,
	.update			= kbpf_array_update,
	.delete			= kbpf_array_delete,
	.get_next_key		= kbpf_array_get_next_key,
	.visit_elems		= kbpf_array_visit_elems,
	.sys_lookup_batch	= kbpf_map_generic_lookup_batch,
	.sys_update_batch	= kbpf_map_generic_update_batch,
	.mmap			= kbpf_array_mmap,
	.direct_value_addr	= kbpf_array_direct_value_addr,
	.gen_lookup		= kbpf_array_gen_lookup,
	.sleepable_ok		= true,
};
EXPORT_SYMBOL_IF_KUNIT(kbpf_array_map_ops);

const struct kbpf_map_ops kbpf_percpu_array_map_ops = {
	.alloc_check		= kbpf_array_alloc_check,
	.alloc			= kbpf_array_alloc,
	.free			= kbpf_array_free,
	.lookup			= kbpf_percpu_array_lookup,
	.update			= kbpf_percpu_array_update,
	.delete			= kbpf_array_delete,
	.get_next_key		= kbpf_array_get_next_key,
	.visit_elems		= kbpf_array_visit_elems,
	.sys_value_size		= kbpf_percpu_array_value_size,
	.sys_lookup		= kbpf_percpu_array_sys_lookup,
	.sys_update		= kbpf_percpu_array_sys_update,
	.sys_lookup_batch	= kbpf_map_generic_lookup_batch,
	.sys_update_batch	= kbpf_map_generic_update_batch,
	.sleepable_ok		= true,
};
EXPORT_SYMBOL_IF_KUNIT(kbpf_percpu_array_map_ops);
