/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An approximate LRU over a fixed pool of nodes, for the LRU hash maps:
 * a second-chance scheme with an active and an inactive list, a
 * "referenced" bit set by lookups, and eviction in batches (lru_list.c).
 */
#ifndef _KBPF_MAP_LRU_LIST_H
#define _KBPF_MAP_LRU_LIST_H

#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/types.h>

enum kbpf_lru_state {
	KBPF_LRU_FREE,
	KBPF_LRU_ACTIVE,
	KBPF_LRU_INACTIVE,
};

/*
 * @list, @state: under the lock of list @owner (the CPU of a per-CPU
 * LRU, 0 for the common one), which never changes.
 * @ref: set without a lock by lookups, cleared under the list lock.
 * @dead: set without the lock (smp_store_release()) on a node whose
 *	element left the table when its list lock could not be taken
 *	(kbpf_lru_push_free()); cleared when the node goes back to the free
 *	list under the lock. The node stays on its active or inactive list
 *	until a shrink finds it.
 */
struct kbpf_lru_node {
	struct list_head list;
	u16 owner;
	u8 state;
	u8 ref;
	u8 dead;
};

/*
 * @lock protects the three lists and the counts; it is taken before a
 * bucket lock (eviction), never inside one. In NMI, and by a program
 * that runs while its CPU holds or waits for an LRU list lock (a probe
 * hit inside the section), it is only tried (lru_list.c).
 */
struct kbpf_lru_list {
	raw_spinlock_t lock;
	struct list_head free;
	struct list_head active;
	struct list_head inactive;
	u32 nr_active;
	u32 nr_inactive;
};

typedef bool (*kbpf_lru_evict_fn)(void *arg, struct kbpf_lru_node *node);

/*
 * @common: the one list, or @percpu: a list per possible CPU, each with
 * its own share of the nodes (KBPF_F_NO_COMMON_LRU).
 * @evict: unlink a node's element from the table; false if the element
 * is not linked (being inserted or removed) or its bucket is busy.
 * @batch: nodes to free per eviction; @nr_scans: nodes looked at.
 */
struct kbpf_lru {
	union {
		struct kbpf_lru_list common;
		struct kbpf_lru_list __percpu *percpu;
	};
	kbpf_lru_evict_fn evict;
	void *evict_arg;
	u32 batch;
	u32 nr_scans;
	bool is_percpu;
};

static inline void kbpf_lru_node_set_ref(struct kbpf_lru_node *node)
{
	/* Do not dirty the cache line of an element that is already hot. */
	if (!READ_ONCE(node->ref))
		WRITE_ONCE(node->ref, 1);
}

/*
 * LRU list locks this CPU holds or waits for, and sections of its users
 * inside which none may be waited for (lru_list.c).
 */
DECLARE_PER_CPU(int, kbpf_lru_depth);

/*
 * A section of the caller's, interrupts off, inside which an LRU list
 * lock is only tried: a hash bucket's, since the LRU lock is taken
 * before bucket locks, and a list lock holder may wait for the bucket.
 */
static inline void kbpf_lru_nowait_begin(void)
{
	__this_cpu_inc(kbpf_lru_depth);
}

static inline void kbpf_lru_nowait_end(void)
{
	__this_cpu_dec(kbpf_lru_depth);
}

int kbpf_lru_init(struct kbpf_lru *lru, bool percpu, kbpf_lru_evict_fn evict,
		  void *evict_arg);
void kbpf_lru_populate(struct kbpf_lru *lru, void *buf, u32 node_offset,
		       u32 elem_size, u32 nr_elems);
void kbpf_lru_destroy(struct kbpf_lru *lru);
struct kbpf_lru_node *kbpf_lru_pop_free(struct kbpf_lru *lru);
void kbpf_lru_push_free(struct kbpf_lru *lru, struct kbpf_lru_node *node);

#endif /* _KBPF_MAP_LRU_LIST_H */
