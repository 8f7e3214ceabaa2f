/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The map object: what every map type shares, and the ops table each
 * type provides. Generic code never switches on the map type.
 */
#ifndef _KBPF_MAP_H
#define _KBPF_MAP_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "../syscall.h"

struct kbpf_map;

/*
 * @alloc_check: every attr errno of the type, before any allocation.
 * @lookup: called under rcu_read_lock() (or the tasks-trace lock for
 *	sleepable programs); the returned value stays valid until it is
 *	dropped. NULL when the key has no element.
 * @update/@delete: called with the same protection; they serialise
 *	among themselves as the type needs.
 * @get_next_key: @key NULL asks for the first key.
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
};

/*
 * The fields up to @name are set at creation and never change.
 * @refcnt counts fds, pins and program references; at zero the ID goes
 * away at once and the memory after an RCU-tasks-trace grace period
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

	atomic64_t refcnt;
	union {
		struct rcu_head rcu;
		struct work_struct free_work;
	};
};

/* Attr fields every map type stores the same way. */
void kbpf_map_init_from_attr(struct kbpf_map *map,
			     const union kbpf_attr *attr);
int kbpf_map_attr_numa_node(const union kbpf_attr *attr);

struct kbpf_map *kbpf_map_alloc(const struct kbpf_map_ops *ops,
				const union kbpf_attr *attr);
void kbpf_map_inc(struct kbpf_map *map);
void kbpf_map_put(struct kbpf_map *map);
bool kbpf_file_is_map(const struct file *file);

int kbpf_map_create(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_map_lookup_elem(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_map_update_elem(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_map_delete_elem(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_map_get_next_key(union kbpf_attr *attr,
			  union kbpf_attr __user *uattr);
int kbpf_map_get_fd_by_id(union kbpf_attr *attr,
			  union kbpf_attr __user *uattr);
int kbpf_map_get_info_by_fd(struct kbpf_map *map, const union kbpf_attr *attr,
			    union kbpf_attr __user *uattr);

extern const struct kbpf_map_ops kbpf_array_map_ops;
int kbpf_array_alloc_check(const union kbpf_attr *attr);

#endif /* _KBPF_MAP_H */
