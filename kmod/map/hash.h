/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hash map family: HASH and PERCPU_HASH (hash.c) and their LRU
 * variants (lru.c) share the table, its buckets, the element layout and
 * the syscall-side commands defined here.
 */
#ifndef _KBPF_MAP_HASH_H
#define _KBPF_MAP_HASH_H

#include <linux/atomic.h>
#include <linux/jhash.h>
#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/rculist_nulls.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/types.h>

#include "../compat.h"	/* get_unaligned() */
#include "lru_list.h"
#include "map.h"

/*
 * One element: the header, the key rounded up to 8 bytes, then the value
 * (rounded up to 8), or for per-CPU maps a pointer to the per-CPU value.
 *
 * @node: the bucket chain; readers walk it under RCU without a lock. A
 *	preallocated element can be unlinked and reused for another key,
 *	even in another bucket, while a reader still stands on it: the
 *	nulls marker at the end of each chain names its bucket, so a
 *	reader that wandered into another chain notices and restarts.
 *	Nothing below may therefore overlay @node.
 * @lru: LRU maps: the element's place in its LRU list.
 * @rcu/@free_pptr: NO_PREALLOC maps: the deferred free of an unlinked
 *	element and of its per-CPU value.
 * @free_next: preallocated maps: the free list.
 * @hash: of the key; lets a lookup skip most keys without comparing.
 */
struct kbpf_htab_elem {
	struct hlist_nulls_node node;
	union {
		struct kbpf_lru_node lru;
		struct {
			struct rcu_head rcu;
			void __percpu *free_pptr;
		};
		struct kbpf_htab_elem *free_next;
	};
	u32 hash;
	char key[] __aligned(8);
};

/* @lock protects @head's chain; no other lock is ever taken inside it. */
struct kbpf_htab_bucket {
	struct hlist_nulls_head head;
	raw_spinlock_t lock;
};

/* A stack of free preallocated elements per possible CPU. */
struct kbpf_htab_freelist {
	raw_spinlock_t lock;
	struct kbpf_htab_elem *first;
};

/* Bucket lock slots a CPU may hold at once: see kbpf_htab_lock_bucket(). */
#define KBPF_HTAB_LOCK_SLOTS	8

struct kbpf_htab_busy {
	int depth[KBPF_HTAB_LOCK_SLOTS];
};

/*
 * Lock order: an LRU list lock, then a bucket lock (eviction unlinks the
 * victim from its bucket), then a free list lock. Nothing here sleeps
 * and every lock is taken with interrupts off, since programs may run in
 * any context.
 *
 * @count: NO_PREALLOC maps: linked elements plus inserts in flight, never
 *	above max_entries. Preallocated maps are bounded by their pool.
 * @elems: preallocated maps: all elements in one area, @elem_size each:
 *	max_entries of them, plus one per possible CPU for HASH (@extra).
 * @spare: preallocated maps: where a push from NMI goes when every
 *	CPU's free list is busy (kbpf_htab_freelist_push()).
 * @extra: HASH with preallocation: each CPU's spare element, so that
 *	replacing the value of an existing key never fails on a full map.
 *	The replaced element becomes the CPU's spare. Used under a bucket
 *	lock, with interrupts off.
 * @busy: per-CPU depth of bucket locks per slot, so that a program run
 *	inside a bucket's critical section on the same CPU gets -EBUSY
 *	instead of a deadlock.
 * @lockdep_key: the class of this map's bucket locks, so that bucket
 *	locks of two maps nest without a lockdep report.
 */
struct kbpf_htab {
	struct kbpf_map map;
	struct kbpf_htab_bucket *buckets;
	u32 n_buckets;
	u32 elem_size;
	u32 hashrnd;
	bool percpu;
	bool prealloc;
	bool is_lru;
	atomic_t count;
	void *elems;
	union {
		struct kbpf_htab_freelist __percpu *freelist;
		struct kbpf_lru lru;
	};
	struct kbpf_htab_freelist spare;
	struct kbpf_htab_elem *__percpu *extra;
	struct kbpf_htab_busy __percpu *busy;
	struct lock_class_key lockdep_key;
};

static inline struct kbpf_htab *kbpf_htab(struct kbpf_map *map)
{
	return container_of(map, struct kbpf_htab, map);
}

static inline void *kbpf_htab_elem_value(struct kbpf_htab_elem *l,
					 u32 key_size)
{
	return l->key + round_up(key_size, 8);
}

static inline void __percpu *kbpf_htab_elem_pptr(struct kbpf_htab_elem *l,
						 u32 key_size)
{
	return *(void __percpu **)kbpf_htab_elem_value(l, key_size);
}

static inline struct kbpf_htab_bucket *
kbpf_htab_bucket(struct kbpf_htab *htab, u32 hash)
{
	return &htab->buckets[hash & (htab->n_buckets - 1)];
}

/*
 * Whether @l holds @key; @key_size is the map's (a constant in the
 * specialised walks). l->key is 8-byte aligned; @key may be anywhere.
 */
static __always_inline bool kbpf_htab_key_eq(const struct kbpf_htab_elem *l,
					     const void *key, u32 key_size)
{
	switch (key_size) {
	case 4:
		return *(const u32 *)l->key == get_unaligned((const u32 *)key);
	case 8:
		return *(const u64 *)l->key == get_unaligned((const u64 *)key);
	default:
		return !memcmp(l->key, key, key_size);
	}
}

/*
 * The hash that places @key in @htab: jhash2() of its words (jhash()
 * where the size is no multiple of 4). jhash_1word() and jhash_2words()
 * are jhash2() of one and two words: the common u32 and u64 keys skip
 * jhash2()'s length dispatch. @key_size is the map's, a constant in
 * hash_lookup.c's specialised walks.
 */
static __always_inline u32 kbpf_htab_hash_sized(const struct kbpf_htab *htab,
						const void *key, u32 key_size)
{
	switch (key_size) {
	case 4:
		return jhash_1word(get_unaligned((const u32 *)key),
				   htab->hashrnd);
	case 8:
		return jhash_2words(get_unaligned((const u32 *)key),
				    get_unaligned((const u32 *)key + 1),
				    htab->hashrnd);
	}
	if (likely(key_size % 4 == 0))
		return jhash2(key, key_size / 4, htab->hashrnd);
	return jhash(key, key_size, htab->hashrnd);
}

/* kbpf_htab_hash_sized() with the map's key size, out of line. */
u32 kbpf_htab_hash(const struct kbpf_htab *htab, const void *key);
/* hash_lookup.c: the lock-free walk, and the call a JITed lookup makes */
struct kbpf_htab_elem *kbpf_htab_lookup_elem(struct kbpf_htab *htab,
					     const void *key);
void *kbpf_htab_lookup(struct kbpf_map *map, const void *key);
u32 kbpf_htab_gen_lookup(const struct kbpf_map *map, struct kbpf_insn *buf);
long kbpf_htab_visit_elems(struct kbpf_map *map, kbpf_map_elem_fn fn,
			   void *arg);
int kbpf_htab_lock_bucket(struct kbpf_htab *htab, struct kbpf_htab_bucket *b,
			  u32 hash, unsigned long *flags);
void kbpf_htab_unlock_bucket(struct kbpf_htab *htab,
			     struct kbpf_htab_bucket *b, u32 hash,
			     unsigned long flags);
struct kbpf_htab_elem *kbpf_htab_lookup_locked(struct kbpf_htab_bucket *b,
					       u32 hash, const void *key,
					       u32 key_size);
int kbpf_htab_check_flags(struct kbpf_htab_elem *l_old, u64 flags);
void kbpf_htab_percpu_init_value(struct kbpf_htab *htab,
				 void __percpu *pptr, const void *value,
				 bool onallcpus);
void kbpf_htab_percpu_copy_value(struct kbpf_htab *htab,
				 void __percpu *pptr, const void *value,
				 bool onallcpus);

/* Shared ops of the whole family. */
int kbpf_htab_alloc_check(const union kbpf_attr *attr);
struct kbpf_map *kbpf_htab_alloc(const union kbpf_attr *attr);
void kbpf_htab_free(struct kbpf_map *map);
long kbpf_htab_delete(struct kbpf_map *map, const void *key);
int kbpf_htab_get_next_key(struct kbpf_map *map, const void *key,
			   void *next_key);
u32 kbpf_htab_percpu_sys_value_size(const struct kbpf_map *map);
int kbpf_htab_percpu_sys_lookup(struct kbpf_map *map, const void *key,
				void *value);
int kbpf_htab_sys_lookup_and_delete(struct kbpf_map *map, const void *key,
				    void *value, u64 flags);
int kbpf_htab_sys_lookup_batch(struct kbpf_map *map,
			       const union kbpf_attr *attr,
			       union kbpf_attr __user *uattr);
int kbpf_htab_sys_lookup_and_delete_batch(struct kbpf_map *map,
					  const union kbpf_attr *attr,
					  union kbpf_attr __user *uattr);

/* LRU eviction: unlink @node's element if it is still in the table. */
bool kbpf_htab_lru_evict(void *arg, struct kbpf_lru_node *node);

#endif /* _KBPF_MAP_HASH_H */
