// SPDX-License-Identifier: GPL-2.0
/*
 * The approximate LRU of lru_list.h, over a fixed pool of nodes; the LRU
 * hash maps (lru_hash.c) are its user, as Linux keeps bpf_lru_list.c
 * apart from hashtab.c.
 *
 * The LRU is approximate, as Linux's is. Every element sits on one of
 * three lists: free, active or inactive. A program's lookup sets the
 * element's "referenced" bit and nothing more, so lookups stay lock-free.
 * Work happens only when an update finds the free list empty, under the
 * list lock:
 *  - when the active list outgrows the inactive one, its cold end is
 *    aged: referenced nodes go back to its head with the bit cleared,
 *    the others move to the inactive list;
 *  - the cold end of the inactive list is scanned: referenced nodes are
 *    promoted to the active list (bit cleared), unreferenced ones are
 *    evicted, up to a batch at a time, so that the next updates find
 *    free nodes without scanning again;
 *  - when everything scanned was referenced, the coldest node that can
 *    be unlinked is evicted regardless.
 * A key looked up between two evictions thus survives them. New
 * elements start at the head of the inactive list.
 *
 * One list serves the whole map, or with KBPF_F_NO_COMMON_LRU each
 * possible CPU has its own list with an equal share of the pool (the
 * map's max_entries is rounded to a multiple of the CPU count), and an
 * update takes from and evicts within its CPU's list only.
 *
 * Every function that touches a list asserts its lock
 * (lockdep_assert_held()): the lists, counts and node states are the
 * lock's, the "referenced" and "dead" bits are not.
 *
 * Programs reach these locks from NMI (a kprobe's int3 hit in the
 * kernel) and from inside a section that holds one, or a hash bucket
 * lock (a probe on a function the section calls: an ftrace-based or
 * optimized kprobe). Waiting there could be on the interrupted code of
 * the same CPU, or close a cycle with another CPU whose holder waits for
 * a bucket lock this CPU holds; so there the lock is only tried
 * (kbpf_lru_lock()): a pop that finds
 * it busy fails with -EBUSY, and a push that finds it busy marks the
 * node dead instead, for the next shrink of its list to free. Linux
 * 6.12 spins in both places.
 */

#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/irqflags.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/smp.h>

#include "../compat.h"
#include "lru_list.h"

/* Nodes freed per eviction: a common list serves every CPU. */
#define KBPF_LRU_COMMON_BATCH_MAX	128
#define KBPF_LRU_COMMON_SCANS		128
#define KBPF_LRU_PERCPU_BATCH		4
#define KBPF_LRU_PERCPU_SCANS		16

static struct kbpf_lru_list *kbpf_lru_list_of(struct kbpf_lru *lru,
					      u16 owner)
{
	return lru->is_percpu ? per_cpu_ptr(lru->percpu, owner) : &lru->common;
}

/*
 * LRU list locks this CPU holds or waits for, and the hash bucket
 * sections it is in (kbpf_lru_nowait_begin()): raised with interrupts
 * off before a list lock is taken, lowered after it is dropped. Only an
 * NMI, or a program run inside such a section on this CPU, sees it
 * nonzero on entry.
 */
DEFINE_PER_CPU(int, kbpf_lru_depth);

/*
 * Take @l's lock with interrupts off; false, with nothing taken, when
 * it may not be waited for and is busy (see the top of the file). The
 * lock leaves sparse's context balanced here and in kbpf_lru_unlock():
 * lockdep checks it instead.
 */
static bool kbpf_lru_lock(struct kbpf_lru_list *l, unsigned long *flags)
{
	local_irq_save(*flags);
	if (__this_cpu_inc_return(kbpf_lru_depth) == 1 && !in_nmi()) {
		raw_spin_lock(&l->lock);
	} else if (!raw_spin_trylock(&l->lock)) {
		__this_cpu_dec(kbpf_lru_depth);
		local_irq_restore(*flags);
		return false;
	}
	__release(&l->lock);
	return true;
}

static void kbpf_lru_unlock(struct kbpf_lru_list *l, unsigned long flags)
{
	__acquire(&l->lock);
	raw_spin_unlock(&l->lock);
	__this_cpu_dec(kbpf_lru_depth);
	local_irq_restore(flags);
}

static void kbpf_lru_list_init(struct kbpf_lru_list *l)
{
	raw_spin_lock_init(&l->lock);
	INIT_LIST_HEAD(&l->free);
	INIT_LIST_HEAD(&l->active);
	INIT_LIST_HEAD(&l->inactive);
	l->nr_active = 0;
	l->nr_inactive = 0;
}

/* Move @node to the head of list @state of @l, under @l's lock. */
static void kbpf_lru_move(struct kbpf_lru_list *l, struct kbpf_lru_node *node,
			  enum kbpf_lru_state state)
{
	struct list_head *to;

	lockdep_assert_held(&l->lock);

	if (node->state == KBPF_LRU_ACTIVE)
		l->nr_active--;
	else if (node->state == KBPF_LRU_INACTIVE)
		l->nr_inactive--;
	switch (state) {
	case KBPF_LRU_ACTIVE:
		l->nr_active++;
		to = &l->active;
		break;
	case KBPF_LRU_INACTIVE:
		l->nr_inactive++;
		to = &l->inactive;
		break;
	default:
		WRITE_ONCE(node->dead, 0);
		to = &l->free;
		break;
	}
	node->state = state;
	list_move(&node->list, to);
}

/*
 * Free @node if a push could not take the lock (kbpf_lru_push_free()):
 * the acquire sees the element's unlinking from the table before the
 * node is reused.
 */
static bool kbpf_lru_reclaim_dead(struct kbpf_lru_list *l,
				  struct kbpf_lru_node *node)
{
	lockdep_assert_held(&l->lock);
	/* Pairs with the smp_store_release() in kbpf_lru_push_free(). */
	if (!smp_load_acquire(&node->dead))
		return false;
	kbpf_lru_move(l, node, KBPF_LRU_FREE);
	return true;
}

static bool kbpf_lru_test_and_clear_ref(struct kbpf_lru_node *node)
{
	if (!READ_ONCE(node->ref))
		return false;
	WRITE_ONCE(node->ref, 0);
	return true;
}

/* Age the cold end of the active list; see the top of the file. */
static void kbpf_lru_age_active(struct kbpf_lru *lru, struct kbpf_lru_list *l)
{
	u32 i, n = min(lru->nr_scans, l->nr_active);
	struct kbpf_lru_node *node;

	lockdep_assert_held(&l->lock);

	for (i = 0; i < n; i++) {
		node = list_last_entry(&l->active, struct kbpf_lru_node, list);
		if (kbpf_lru_reclaim_dead(l, node))
			continue;
		if (kbpf_lru_test_and_clear_ref(node))
			list_move(&node->list, &l->active);
		else
			kbpf_lru_move(l, node, KBPF_LRU_INACTIVE);
	}
}

/* Evict up to a batch from the cold end of the inactive list. */
static u32 kbpf_lru_evict_inactive(struct kbpf_lru *lru,
				   struct kbpf_lru_list *l)
{
	u32 i, n = min(lru->nr_scans, l->nr_inactive), freed = 0;
	struct kbpf_lru_node *node;

	lockdep_assert_held(&l->lock);

	for (i = 0; i < n && freed < lru->batch; i++) {
		node = list_last_entry(&l->inactive, struct kbpf_lru_node,
				       list);
		if (kbpf_lru_reclaim_dead(l, node)) {
			freed++;
		} else if (kbpf_lru_test_and_clear_ref(node)) {
			kbpf_lru_move(l, node, KBPF_LRU_ACTIVE);
		} else if (lru->evict(lru->evict_arg, node)) {
			kbpf_lru_move(l, node, KBPF_LRU_FREE);
			freed++;
		} else {
			/* Being inserted or deleted: look again later. */
			list_move(&node->list, &l->inactive);
		}
	}
	return freed;
}

static bool kbpf_lru_evict_coldest(struct kbpf_lru *lru,
				   struct kbpf_lru_list *l,
				   struct list_head *list)
{
	struct kbpf_lru_node *node;

	lockdep_assert_held(&l->lock);
	list_for_each_entry_reverse(node, list, list) {
		if (kbpf_lru_reclaim_dead(l, node))
			return true;
		if (lru->evict(lru->evict_arg, node)) {
			kbpf_lru_move(l, node, KBPF_LRU_FREE);
			return true;
		}
	}
	return false;
}

/* Refill @l's empty free list, under its lock. */
static void kbpf_lru_shrink(struct kbpf_lru *lru, struct kbpf_lru_list *l)
{
	lockdep_assert_held(&l->lock);
	if (l->nr_inactive < l->nr_active)
		kbpf_lru_age_active(lru, l);
	if (kbpf_lru_evict_inactive(lru, l))
		return;
	if (!kbpf_lru_evict_coldest(lru, l, &l->inactive))
		kbpf_lru_evict_coldest(lru, l, &l->active);
}

/*
 * A node for a new element, evicting if need be; it starts on the
 * inactive list, unreferenced. NULL when nothing could be evicted,
 * ERR_PTR(-EBUSY) when the list lock could not be waited for.
 */
struct kbpf_lru_node *kbpf_lru_pop_free(struct kbpf_lru *lru)
{
	struct kbpf_lru_list *l;
	struct kbpf_lru_node *node;
	unsigned long flags;

	l = kbpf_lru_list_of(lru, lru->is_percpu ? raw_smp_processor_id() : 0);
	if (!kbpf_lru_lock(l, &flags))
		return ERR_PTR(-EBUSY);
	if (list_empty(&l->free))
		kbpf_lru_shrink(lru, l);
	node = list_first_entry_or_null(&l->free, struct kbpf_lru_node, list);
	if (node) {
		WRITE_ONCE(node->ref, 0);
		kbpf_lru_move(l, node, KBPF_LRU_INACTIVE);
	}
	kbpf_lru_unlock(l, flags);
	return node;
}

/*
 * Give back the node of an element no longer (or never) in the table.
 * When the lock may not be waited for, the node is marked dead: the
 * element was unlinked (under its bucket lock, since dropped) before.
 */
void kbpf_lru_push_free(struct kbpf_lru *lru, struct kbpf_lru_node *node)
{
	struct kbpf_lru_list *l = kbpf_lru_list_of(lru, node->owner);
	unsigned long flags;

	if (!kbpf_lru_lock(l, &flags)) {
		/* Pairs with kbpf_lru_reclaim_dead()'s smp_load_acquire(). */
		smp_store_release(&node->dead, 1);
		return;
	}
	if (!WARN_ON_ONCE(node->state == KBPF_LRU_FREE))
		kbpf_lru_move(l, node, KBPF_LRU_FREE);
	kbpf_lru_unlock(l, flags);
}

int kbpf_lru_init(struct kbpf_lru *lru, bool percpu, kbpf_lru_evict_fn evict,
		  void *evict_arg)
{
	int cpu;

	if (percpu) {
		lru->percpu = alloc_percpu_gfp(struct kbpf_lru_list,
					       GFP_KERNEL_ACCOUNT);
		if (!lru->percpu)
			return -ENOMEM;
		for_each_possible_cpu(cpu)
			kbpf_lru_list_init(per_cpu_ptr(lru->percpu, cpu));
	} else {
		kbpf_lru_list_init(&lru->common);
	}
	lru->is_percpu = percpu;
	lru->evict = evict;
	lru->evict_arg = evict_arg;
	return 0;
}

/* Put @nr_elems nodes, @elem_size apart from @buf + @node_offset, free. */
void kbpf_lru_populate(struct kbpf_lru *lru, void *buf, u32 node_offset,
		       u32 elem_size, u32 nr_elems)
{
	u32 ncpus = num_possible_cpus(), share, i;
	struct kbpf_lru_node *node;
	int cpu = 0;

	share = lru->is_percpu ? DIV_ROUND_UP(nr_elems, ncpus) : nr_elems;
	for (i = 0; i < nr_elems; i++) {
		if (lru->is_percpu && !(i % share))
			cpu = cpumask_next(i ? cpu : -1, cpu_possible_mask);
		node = buf + (size_t)i * elem_size + node_offset;
		node->owner = lru->is_percpu ? cpu : 0;
		node->state = KBPF_LRU_FREE;
		node->ref = 0;
		node->dead = 0;
		list_add_tail(&node->list,
			      &kbpf_lru_list_of(lru, node->owner)->free);
		if (!(i % 1024))
			cond_resched();
	}
	if (lru->is_percpu) {
		lru->batch = KBPF_LRU_PERCPU_BATCH;
		lru->nr_scans = KBPF_LRU_PERCPU_SCANS;
	} else {
		lru->batch = clamp(nr_elems / ncpus / 2, 1U,
				   (u32)KBPF_LRU_COMMON_BATCH_MAX);
		lru->nr_scans = KBPF_LRU_COMMON_SCANS;
	}
}

void kbpf_lru_destroy(struct kbpf_lru *lru)
{
	if (lru->is_percpu)
		free_percpu(lru->percpu);
}
