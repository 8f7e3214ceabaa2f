/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The map object: what every map type shares, and the ops table each
 * type provides. Generic code never switches on the map type.
 */
#ifndef _KBPF_MAP_H
#define _KBPF_MAP_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "../cmd.h"

struct kbpf_map;
struct mem_cgroup;

/* Called on one element by @visit_elems; non-zero stops the walk. */
typedef long (*kbpf_map_elem_fn)(struct kbpf_map *map, void *key,
				 void *value, void *arg);

/* The most instructions a map type's @gen_lookup may emit. */
#define KBPF_MAP_GEN_LOOKUP_MAX	8

/*
 * @alloc_check: every attr errno of the type, before any allocation.
 * @alloc/@free: @free runs from process context once no reader is left.
 * @lookup: the program-side lookup, called under rcu_read_lock() or the
 *	sleepable read side of a sleepable program; the returned value (this
 *	CPU's for per-CPU maps) stays valid until that lock is dropped. NULL
 *	when the key has no element.
 * @update/@delete: program-side and, unless the sys_ variants exist,
 *	syscall-side; called with the same protection as @lookup.
 * @get_next_key: @key NULL, or a key not in the map, asks for the first key.
 * @visit_elems: call @fn on each element (this CPU's value for per-CPU
 *	maps) until it returns non-zero; returns how many calls were made.
 *	Program side (bpf_for_each_map_elem()), same protection as @lookup.
 *
 * Syscall side only, all optional, called in process context without
 * rcu_read_lock() (a type takes what it needs; prog arrays sleep):
 * @sys_value_size: bytes of one value across the ABI. NULL: value_size.
 * @sys_lookup: copy the element to @value (kbpf_map_value_size() bytes:
 *	per-CPU maps copy every possible CPU's value, each 8-byte aligned).
 *	NULL: @lookup and a copy of value_size bytes.
 * @sys_update: the same layout in @value. NULL: @update.
 * @sys_lookup_and_delete: NULL answers -ENOTSUPP, as Linux does for maps
 *	other than hash, LRU, queue and stack.
 * @sys_lookup_batch and the other three: the batch commands. NULL
 *	answers -ENOTSUPP. kbpf_map_generic_lookup_batch() and
 *	kbpf_map_generic_update_batch() serve types that walk their keys
 *	with @get_next_key, as arrays do.
 * @mmap: after the generic checks (shared mapping; a writable one
 *	counts as a writer); the type decides which ranges and permissions
 *	it allows. NULL: -ENOTSUPP.
 * @poll: the map fd's poll(); NULL answers EPOLLERR, as Linux does.
 * @release_uref: the last user reference (fd or pin) is gone.
 * @direct_value_addr: for ld_imm64 of KBPF_PSEUDO_MAP_VALUE: the address
 *	of the value programs read directly (single-element arrays).
 * @sys_writes_instrumented: syscall-side updates and deletes run without
 *	kbpf_instrumentation_disable() (elem.c): a kprobe or perf-event
 *	program hit inside runs, as Linux's prog array writes do (Linux
 *	keeps those in sleepable context). Lookups stay guarded.
 *
 * For the verifier:
 * @helper_only: only helpers that name the type in their @map_types
 *	(helpers.h) may take the map (prog arrays, ring buffers).
 * @sleepable_ok: sleepable programs may use the map (Linux's list for
 *	sleepable programs: arrays, hashes, ring buffers).
 */
struct kbpf_map_ops {
	int (*alloc_check)(const union kbpf_attr *attr);
	struct kbpf_map *(*alloc)(const union kbpf_attr *attr);
	void (*free)(struct kbpf_map *map);
	void *(*lookup)(struct kbpf_map *map, const void *key);
	long (*update)(struct kbpf_map *map, const void *key,
		       const void *value, u64 flags);
	long (*delete)(struct kbpf_map *map, const void *key);
	int (*get_next_key)(struct kbpf_map *map, const void *key,
			    void *next_key);
	long (*visit_elems)(struct kbpf_map *map, kbpf_map_elem_fn fn,
			    void *arg);

	u32 (*sys_value_size)(const struct kbpf_map *map);
	int (*sys_lookup)(struct kbpf_map *map, const void *key, void *value);
	long (*sys_update)(struct kbpf_map *map, const void *key,
			   const void *value, u64 flags);
	int (*sys_lookup_and_delete)(struct kbpf_map *map, const void *key,
				     void *value, u64 flags);
	int (*sys_lookup_batch)(struct kbpf_map *map,
				const union kbpf_attr *attr,
				union kbpf_attr __user *uattr);
	int (*sys_lookup_and_delete_batch)(struct kbpf_map *map,
					   const union kbpf_attr *attr,
					   union kbpf_attr __user *uattr);
	int (*sys_update_batch)(struct kbpf_map *map,
				const union kbpf_attr *attr,
				union kbpf_attr __user *uattr);
	int (*sys_delete_batch)(struct kbpf_map *map,
				const union kbpf_attr *attr,
				union kbpf_attr __user *uattr);
	int (*mmap)(struct kbpf_map *map, struct vm_area_struct *vma);
	__poll_t (*poll)(struct kbpf_map *map, struct file *file,
			 struct poll_table_struct *pts);
	int (*direct_value_addr)(const struct kbpf_map *map, u64 *addr,
				 u32 off);
	void (*release_uref)(struct kbpf_map *map);
	/*
	 * Instructions that do what ->lookup() does for a program, with the
	 * map in r1 and the key's address in r2, leaving the value's
	 * address or NULL in r0, r1-r5 clobbered; at most
	 * KBPF_MAP_GEN_LOOKUP_MAX of them at @buf, their count returned, 0
	 * when this map cannot (kmod/verifier/inline.c).
	 */
	u32 (*gen_lookup)(const struct kbpf_map *map, struct kbpf_insn *buf);
	/*
	 * The internal function (enum kbpf_internal_fn) that does for this
	 * map exactly what the helper @func_id (one whose proto has
	 * @direct_call) does, with the same r1-r5 and r0, or 0 to keep
	 * the helper (kmod/verifier/inline.c).
	 */
	s32 (*direct_call)(const struct kbpf_map *map, s32 func_id);

	bool sys_writes_instrumented;
	bool helper_only;
	bool sleepable_ok;
};

/*
 * The fields up to @name are set at creation and never change.
 * @refcnt counts fds, pins and program references, @usercnt fds and pins
 * only (see kbpf_map_put_with_uref()). At zero refcnt the ID goes
 * away at once and the memory after a sleepable grace period
 * chained into an RCU one (a sleepable program may still hold a value
 * pointer), then from kbpf_free_wq, since freeing may sleep.
 */
struct kbpf_map {
	const struct kbpf_map_ops *ops;
	u32 map_type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 map_flags;
	u64 map_extra;
	int numa_node;
	u32 id;
	char name[KBPF_OBJ_NAME_LEN];
	/* The creator's, charged for every later allocation: memcg.c. */
	struct mem_cgroup *memcg;
	/*
	 * The creator had CAP_PERFMON (Linux's map->bypass_spec_v1, set
	 * for its array-based maps): a tail call through a prog array that
	 * lacks it must use that one array on every path.
	 */
	bool bypass_spec_v1;

	/*
	 * @frozen: set once by MAP_FREEZE under @freeze_mutex, after which
	 * user-space writes fail; @writers counts syscall writes in flight
	 * (MAP_FREEZE fails with -EBUSY while there are any).
	 */
	struct mutex freeze_mutex;
	bool frozen;
	atomic64_t writers;

	atomic64_t refcnt;
	atomic64_t usercnt;
	union {
		struct rcu_head rcu;
		struct work_struct free_work;
	};
};

/* Bytes of one value across the syscall ABI (all CPUs for per-CPU maps). */
u32 kbpf_map_value_size(const struct kbpf_map *map);

int kbpf_batch_start(const union kbpf_attr *attr,
		     union kbpf_attr __user *uattr);
int kbpf_map_generic_lookup_batch(struct kbpf_map *map,
				  const union kbpf_attr *attr,
				  union kbpf_attr __user *uattr);
int kbpf_map_generic_update_batch(struct kbpf_map *map,
				  const union kbpf_attr *attr,
				  union kbpf_attr __user *uattr);
int kbpf_map_generic_delete_batch(struct kbpf_map *map,
				  const union kbpf_attr *attr,
				  union kbpf_attr __user *uattr);

/* Attr fields every map type stores the same way. */
void kbpf_map_init_from_attr(struct kbpf_map *map,
			     const union kbpf_attr *attr);
int kbpf_map_attr_numa_node(const union kbpf_attr *attr);

struct kbpf_map *kbpf_map_alloc(const struct kbpf_map_ops *ops,
				const union kbpf_attr *attr);
void kbpf_map_inc(struct kbpf_map *map);
void kbpf_map_put(struct kbpf_map *map);
void kbpf_map_inc_with_uref(struct kbpf_map *map);
void kbpf_map_put_with_uref(struct kbpf_map *map);
bool kbpf_file_is_map(const struct file *file);
int kbpf_file_flags(u32 flags);
int kbpf_map_new_fd(struct kbpf_map *map, int f_flags);
struct kbpf_map *kbpf_map_get_fd(u32 ufd, fmode_t *mode);
/*
 * A syscall write in flight. The writer counts itself before it reads
 * @frozen (kbpf_map_sys_perms()) and MAP_FREEZE reads the count before
 * it sets @frozen, a full barrier on each side: either the writer sees
 * the map frozen or the freeze sees the writer and fails with -EBUSY.
 */
static inline void kbpf_map_write_begin(struct kbpf_map *map)
{
	atomic64_inc(&map->writers);
	/* Pairs with smp_mb() in kbpf_map_freeze(). */
	smp_mb__after_atomic();
}

static inline void kbpf_map_write_end(struct kbpf_map *map)
{
	atomic64_dec(&map->writers);
}

/* What user space may do through an fd of @mode: no writes once frozen. */
static inline fmode_t kbpf_map_sys_perms(struct kbpf_map *map, fmode_t mode)
{
	if (READ_ONCE(map->frozen))
		mode &= ~FMODE_CAN_WRITE;
	return mode;
}

/* elem.c: element access for the commands (elem.c, batch.c, pinfs). */
void *kbpf_map_copy_key(const void __user *ukey, u32 key_size);
int kbpf_map_copy_value(struct kbpf_map *map, const void *key, void *value);
long kbpf_map_update_value(struct kbpf_map *map, const void *key,
			   const void *value, u64 flags);
long kbpf_map_delete_value(struct kbpf_map *map, const void *key);

int kbpf_map_create(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_map_lookup_elem(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_map_update_elem(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_map_delete_elem(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_map_get_next_key(union kbpf_attr *attr,
			  union kbpf_attr __user *uattr);
int kbpf_map_get_fd_by_id(union kbpf_attr *attr,
			  union kbpf_attr __user *uattr);
int kbpf_map_lookup_and_delete_elem(union kbpf_attr *attr,
				    union kbpf_attr __user *uattr);
int kbpf_map_freeze(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_map_lookup_batch(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_map_lookup_and_delete_batch(union kbpf_attr *attr,
				     union kbpf_attr __user *uattr);
int kbpf_map_update_batch(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_map_delete_batch(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_map_get_info_by_fd(struct kbpf_map *map, const union kbpf_attr *attr,
			    union kbpf_attr __user *uattr);

extern const struct kbpf_map_ops kbpf_array_map_ops;
extern const struct kbpf_map_ops kbpf_percpu_array_map_ops;
extern const struct kbpf_map_ops kbpf_hash_map_ops;
extern const struct kbpf_map_ops kbpf_percpu_hash_map_ops;
extern const struct kbpf_map_ops kbpf_lru_hash_map_ops;
extern const struct kbpf_map_ops kbpf_lru_percpu_hash_map_ops;
int kbpf_array_alloc_check(const union kbpf_attr *attr);
int kbpf_array_get_next_key(struct kbpf_map *map, const void *key,
			    void *next_key);

extern const struct kbpf_map_ops kbpf_prog_array_map_ops;
extern const struct kbpf_map_ops kbpf_ringbuf_map_ops;
extern const struct kbpf_map_ops kbpf_user_ringbuf_map_ops;
struct kbpf_prog;
bool kbpf_prog_array_compatible(struct kbpf_map *map,
				const struct kbpf_prog *prog);

struct kbpf_obj_ops;
extern const struct kbpf_obj_ops kbpf_map_obj_ops;

#endif /* _KBPF_MAP_H */
