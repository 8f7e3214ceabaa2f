// SPDX-License-Identifier: GPL-2.0
/*
 * KBPF_MAP_TYPE_HASH and KBPF_MAP_TYPE_PERCPU_HASH, and the table the
 * LRU variants (lru.c) are built on.
 *
 * The table is a power-of-two array of hlist_nulls chains hashed with
 * jhash and a random seed. Updates and deletes take the bucket's raw
 * spinlock with interrupts off and never sleep: programs call them from
 * any context. Lookups and get_next_key walk the chains under RCU (or
 * the sleepable read side of a sleepable program) without a lock.
 *
 * By default every element is preallocated at creation, and a delete
 * puts an element back in the pool at once, without waiting for readers.
 * A reader that found an element may therefore see it reused for
 * another key: the value behind the pointer it holds may change to
 * another key's value, even while it reads it. This is Linux's
 * behaviour; NO_PREALLOC is the way to stable values.
 *
 * With KBPF_F_NO_PREALLOC an update allocates an element; for a key
 * already present it links the new element in front of the old one and
 * unlinks the old one in the same bucket-lock section, so a reader sees
 * either value whole. Unlinked elements are freed after a sleepable
 * grace period (kmod/sleepable.h) chained into an RCU one, since
 * sleepable programs read values under the sleepable read side only.
 *
 * NMI. A program a kprobe starts runs in NMI context (on x86 an int3 hit
 * in the kernel enters as an NMI), where the slab allocator, kfree() and
 * call_rcu() may not be entered. NO_PREALLOC maps have no per-CPU element
 * cache (Linux's bpf_mem_alloc) yet, so there an update of a new key
 * fails with -ENOMEM and a delete with -EBUSY; preallocated maps work.
 * No lock is waited for in NMI, nor by a program run inside a bucket
 * section (a probe on a function called under the lock): a busy bucket
 * gives -EBUSY (kbpf_htab_lock_bucket()), free lists are tried in turn
 * in NMI, LRU lists as lru_list.c says.
 */

#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "../compat.h"
#include "../prog_active.h"
#include "../object.h"
#include "../prog/helpers.h"
#include "../sleepable.h"
#include "hash.h"
#include "memcg.h"

#define KBPF_HTAB_CREATE_FLAGS (KBPF_F_NO_PREALLOC | KBPF_F_NO_COMMON_LRU | \
				KBPF_F_NUMA_NODE | KBPF_F_RDONLY | \
				KBPF_F_WRONLY | KBPF_F_RDONLY_PROG | \
				KBPF_F_WRONLY_PROG | KBPF_F_ZERO_SEED)

#define KBPF_PTR(x)	((void *)(unsigned long)(x))

/* Large areas: accounted, no warning and no OOM killer when they fail. */
#define KBPF_HTAB_AREA_GFP (GFP_KERNEL_ACCOUNT | __GFP_NOWARN | \
			    __GFP_RETRY_MAYFAIL)
/*
 * Elements allocated by updates, in whatever context a program runs,
 * charged to the map's memory cgroup (memcg.c). No __GFP_HIGH: memcg
 * would let the charge past the group's limit.
 */
#define KBPF_HTAB_ELEM_GFP (GFP_NOWAIT | __GFP_NOWARN)

static bool kbpf_htab_type_is_percpu(u32 type)
{
	return type == KBPF_MAP_TYPE_PERCPU_HASH ||
	       type == KBPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool kbpf_htab_type_is_lru(u32 type)
{
	return type == KBPF_MAP_TYPE_LRU_HASH ||
	       type == KBPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* Linux's htab_map_alloc_check(), check for check and in its order. */
int kbpf_htab_alloc_check(const union kbpf_attr *attr)
{
	bool percpu = kbpf_htab_type_is_percpu(attr->map_type);
	bool lru = kbpf_htab_type_is_lru(attr->map_type);
	bool percpu_lru = attr->map_flags & KBPF_F_NO_COMMON_LRU;
	bool prealloc = !(attr->map_flags & KBPF_F_NO_PREALLOC);
	u32 prog_access = attr->map_flags &
			  (KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG);

	/* A known seed lets anyone build colliding keys: admin only. */
	if ((attr->map_flags & KBPF_F_ZERO_SEED) && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (attr->map_flags & ~KBPF_HTAB_CREATE_FLAGS ||
	    prog_access == (KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG))
		return -EINVAL;
	if (!lru && percpu_lru)
		return -EINVAL;
	if (lru && !prealloc)
		return -ENOTSUPP;
	if (kbpf_map_attr_numa_node(attr) != NUMA_NO_NODE &&
	    (percpu || percpu_lru))
		return -EINVAL;
	if (!attr->max_entries || !attr->key_size || !attr->value_size)
		return -EINVAL;
	/* Beyond this an element could not be kmalloc'ed by an update. */
	if ((u64)attr->key_size + attr->value_size >=
	    KMALLOC_MAX_SIZE - sizeof(struct kbpf_htab_elem))
		return -E2BIG;
	if (percpu && round_up(attr->value_size, 8) > PCPU_MIN_UNIT_SIZE)
		return -E2BIG;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_htab_alloc_check);

u32 kbpf_htab_hash(const struct kbpf_htab *htab, const void *key)
{
	return kbpf_htab_hash_sized(htab, key, htab->map.key_size);
}

static u32 kbpf_htab_lock_slot(const struct kbpf_htab *htab, u32 hash)
{
	return hash & min_t(u32, KBPF_HTAB_LOCK_SLOTS - 1, htab->n_buckets - 1);
}

/*
 * Bucket locks this CPU holds or waits for, of any map: raised with
 * interrupts off before a bucket lock is taken, lowered after it is
 * dropped. Only an NMI, or a program run inside a bucket section on this
 * CPU (a probe hit under the lock), sees it nonzero on entry.
 */
static DEFINE_PER_CPU(int, kbpf_htab_nest);

/*
 * Lock the bucket of @hash (a bucket index works too). -EBUSY when this
 * CPU already holds a bucket lock of the same slot: a program that ran
 * inside such a section (a probe hit under the lock) must not spin on a
 * lock its own CPU holds. In NMI, and inside another bucket section of
 * this CPU, the lock is only tried, -EBUSY when another CPU holds it:
 * that holder may itself be waiting for a lock this CPU holds (the
 * bucket of the section a probe's program runs in, or the interrupted
 * code's LRU lock), and lockdep forbids waiting in NMI on a lock also
 * taken outside it. Inside the section no LRU list lock is waited for
 * either (kbpf_lru_nowait_begin()). Linux 6.12 spins there.
 *
 * sparse cannot follow a lock taken on one path of a callee, so the
 * bucket lock leaves its context balanced here and in the unlock below;
 * lockdep checks it instead (kbpf_htab_lookup_locked() and the LRU).
 */
int kbpf_htab_lock_bucket(struct kbpf_htab *htab, struct kbpf_htab_bucket *b,
			  u32 hash, unsigned long *flags)
{
	u32 slot = kbpf_htab_lock_slot(htab, hash);
	unsigned long irqflags;

	preempt_disable();
	local_irq_save(irqflags);
	if (unlikely(__this_cpu_inc_return(htab->busy->depth[slot]) != 1))
		goto busy;
	if (likely(__this_cpu_inc_return(kbpf_htab_nest) == 1 && !in_nmi()))
		raw_spin_lock(&b->lock);
	else if (!raw_spin_trylock(&b->lock))
		goto busy_nest;
	kbpf_lru_nowait_begin();
	__release(&b->lock);
	*flags = irqflags;
	return 0;
busy_nest:
	__this_cpu_dec(kbpf_htab_nest);
busy:
	__this_cpu_dec(htab->busy->depth[slot]);
	local_irq_restore(irqflags);
	preempt_enable();
	return -EBUSY;
}

void kbpf_htab_unlock_bucket(struct kbpf_htab *htab,
			     struct kbpf_htab_bucket *b, u32 hash,
			     unsigned long flags)
{
	u32 slot = kbpf_htab_lock_slot(htab, hash);

	kbpf_lru_nowait_end();
	__acquire(&b->lock);
	raw_spin_unlock(&b->lock);
	__this_cpu_dec(kbpf_htab_nest);
	__this_cpu_dec(htab->busy->depth[slot]);
	local_irq_restore(flags);
	preempt_enable();
}

/* The element of @key in bucket @b, whose lock the caller holds. */
struct kbpf_htab_elem *kbpf_htab_lookup_locked(struct kbpf_htab_bucket *b,
					       u32 hash, const void *key,
					       u32 key_size)
{
	struct hlist_nulls_node *n;
	struct kbpf_htab_elem *l;

	lockdep_assert_held(&b->lock);
	hlist_nulls_for_each_entry(l, n, &b->head, node)
		if (l->hash == hash && kbpf_htab_key_eq(l, key, key_size))
			return l;
	return NULL;
}

int kbpf_htab_check_flags(struct kbpf_htab_elem *l_old, u64 flags)
{
	flags &= ~(u64)KBPF_F_LOCK;
	if (l_old && flags == KBPF_NOEXIST)
		return -EEXIST;
	if (!l_old && flags == KBPF_EXIST)
		return -ENOENT;
	return 0;
}

static void kbpf_htab_elem_set_pptr(struct kbpf_htab_elem *l, u32 key_size,
				    void __percpu *pptr)
{
	*(void __percpu **)kbpf_htab_elem_value(l, key_size) = pptr;
}

/*
 * The free list of preallocated elements: a stack per possible CPU, and
 * a spare stack. Pushes go to this CPU's stack, pops try it first, then
 * the others, then the spare. In NMI (a kprobe's run) no list lock is
 * waited for, since the interrupted code may hold it on this CPU: a busy
 * list is skipped, and a push goes round the lists, the spare included,
 * until one is free (only other CPUs, or code this NMI did not
 * interrupt, can hold them then). Called with interrupts off.
 */
static void kbpf_htab_freelist_link(struct kbpf_htab_freelist *fl,
				    struct kbpf_htab_elem *l)
{
	lockdep_assert_held(&fl->lock);
	l->free_next = fl->first;
	fl->first = l;
}

static void kbpf_htab_freelist_push_nmi(struct kbpf_htab *htab,
					struct kbpf_htab_elem *l)
{
	struct kbpf_htab_freelist *fl;
	int cpu;

	for (;;) {
		for_each_possible_cpu(cpu) {
			fl = per_cpu_ptr(htab->freelist, cpu);
			if (raw_spin_trylock(&fl->lock)) {
				kbpf_htab_freelist_link(fl, l);
				raw_spin_unlock(&fl->lock);
				return;
			}
		}
		if (raw_spin_trylock(&htab->spare.lock)) {
			kbpf_htab_freelist_link(&htab->spare, l);
			raw_spin_unlock(&htab->spare.lock);
			return;
		}
		cpu_relax();
	}
}

static void kbpf_htab_freelist_push(struct kbpf_htab *htab,
				    struct kbpf_htab_elem *l)
{
	struct kbpf_htab_freelist *fl;
	unsigned long flags;

	local_irq_save(flags);
	if (unlikely(in_nmi())) {
		kbpf_htab_freelist_push_nmi(htab, l);
	} else {
		fl = this_cpu_ptr(htab->freelist);
		raw_spin_lock(&fl->lock);
		kbpf_htab_freelist_link(fl, l);
		raw_spin_unlock(&fl->lock);
	}
	local_irq_restore(flags);
}

static struct kbpf_htab_elem *
kbpf_htab_freelist_take(struct kbpf_htab_freelist *fl)
{
	struct kbpf_htab_elem *l;

	if (!in_nmi())
		raw_spin_lock(&fl->lock);
	else if (!raw_spin_trylock(&fl->lock))
		return NULL;
	l = fl->first;
	if (l)
		fl->first = l->free_next;
	raw_spin_unlock(&fl->lock);
	return l;
}

static struct kbpf_htab_elem *kbpf_htab_freelist_pop(struct kbpf_htab *htab)
{
	struct kbpf_htab_elem *l;
	unsigned long flags;
	int cpu, this_cpu;

	local_irq_save(flags);
	this_cpu = smp_processor_id();
	l = kbpf_htab_freelist_take(per_cpu_ptr(htab->freelist, this_cpu));
	if (!l) {
		for_each_possible_cpu(cpu) {
			if (cpu == this_cpu)
				continue;
			l = kbpf_htab_freelist_take(per_cpu_ptr(htab->freelist,
								cpu));
			if (l)
				break;
		}
	}
	if (!l)
		l = kbpf_htab_freelist_take(&htab->spare);
	local_irq_restore(flags);
	return l;
}

/* NO_PREALLOC: a new element, with its per-CPU value for per-CPU maps. */
static struct kbpf_htab_elem *kbpf_htab_elem_alloc(struct kbpf_htab *htab)
{
	struct kbpf_htab_elem *l;
	void __percpu *pptr;

	if (in_nmi())
		return NULL;
	l = kbpf_memcg_kmalloc_node(htab->map.memcg, htab->elem_size,
				    KBPF_HTAB_ELEM_GFP, htab->map.numa_node);
	if (!l)
		return NULL;
	if (htab->percpu) {
		/* Zeroed, padding included: sys_lookup copies it out. */
		pptr = kbpf_memcg_alloc_percpu(htab->map.memcg,
					       round_up(htab->map.value_size, 8),
					       8, KBPF_HTAB_ELEM_GFP);
		if (!pptr) {
			kfree(l);
			return NULL;
		}
		kbpf_htab_elem_set_pptr(l, htab->map.key_size, pptr);
	}
	return l;
}

/* NO_PREALLOC: free an element no reader can reach. */
static void kbpf_htab_elem_destroy(struct kbpf_htab *htab,
				   struct kbpf_htab_elem *l)
{
	if (htab->percpu)
		free_percpu(kbpf_htab_elem_pptr(l, htab->map.key_size));
	kfree(l);
}

static void kbpf_htab_elem_free_rcu(struct rcu_head *rcu)
{
	struct kbpf_htab_elem *l = container_of(rcu, struct kbpf_htab_elem,
						rcu);

	free_percpu(l->free_pptr);
	kfree(l);
	kbpf_free_end();
}

static void kbpf_htab_elem_free_sleepable_rcu(struct rcu_head *rcu)
{
	/* A sleepable grace period does not imply an RCU one. */
	call_rcu(rcu, kbpf_htab_elem_free_rcu);
}

/* NO_PREALLOC: free an unlinked element once no reader can hold it. */
static void kbpf_htab_elem_retire(struct kbpf_htab *htab,
				  struct kbpf_htab_elem *l)
{
	l->free_pptr = htab->percpu ?
		       kbpf_htab_elem_pptr(l, htab->map.key_size) : NULL;
	kbpf_free_begin();
	kbpf_call_sleepable_rcu(&l->rcu, kbpf_htab_elem_free_sleepable_rcu);
}

/*
 * An element unlinked by a delete leaves the map: back to its pool, or
 * freed after the grace periods. Called after the bucket lock is
 * dropped: the LRU lock comes before bucket locks.
 */
static void kbpf_htab_elem_release(struct kbpf_htab *htab,
				   struct kbpf_htab_elem *l)
{
	if (htab->is_lru) {
		kbpf_lru_push_free(&htab->lru, &l->lru);
	} else if (htab->prealloc) {
		kbpf_htab_freelist_push(htab, l);
	} else {
		atomic_dec(&htab->count);
		kbpf_htab_elem_retire(htab, l);
	}
}

/* NO_PREALLOC: count a new key in, unless the map is full. */
static bool kbpf_htab_reserve(struct kbpf_htab *htab)
{
	if (atomic_inc_return(&htab->count) <= htab->map.max_entries)
		return true;
	atomic_dec(&htab->count);
	return false;
}

/*
 * A preallocated element for an update of HASH, under the bucket lock:
 * the CPU's spare for a replacement (@l_old becomes the spare), the
 * free list for a new key. NULL when the map is full.
 */
static struct kbpf_htab_elem *
kbpf_htab_prealloc_take(struct kbpf_htab *htab, struct kbpf_htab_elem *l_old)
{
	struct kbpf_htab_elem **spare, *l;

	/* The spare is this CPU's: the bucket section keeps us on it. */
	lockdep_assert_irqs_disabled();
	if (l_old && htab->extra) {
		spare = this_cpu_ptr(htab->extra);
		l = *spare;
		*spare = l_old;
		return l;
	}
	return kbpf_htab_freelist_pop(htab);
}

/*
 * bpf_for_each_map_elem(): a lock-free walk of every chain, under the
 * program's RCU read side. As on Linux, an element deleted or reused
 * meanwhile may be missed or seen twice; the callback may update or
 * delete elements, including the one it is given.
 */
long kbpf_htab_visit_elems(struct kbpf_map *map, kbpf_map_elem_fn fn,
			   void *arg)
{
	struct kbpf_htab *htab = kbpf_htab(map);
	struct hlist_nulls_node *n;
	struct kbpf_htab_elem *l;
	long calls = 0;
	void *value;
	u32 i;

	for (i = 0; i < htab->n_buckets; i++) {
		hlist_nulls_for_each_entry_rcu(l, n, &htab->buckets[i].head,
					       node) {
			if (htab->percpu)
				value = this_cpu_ptr(kbpf_htab_elem_pptr(l,
							map->key_size));
			else
				value = kbpf_htab_elem_value(l, map->key_size);
			calls++;
			if (fn(map, l->key, value, arg))
				return calls;
		}
	}
	return calls;
}

static long kbpf_htab_update(struct kbpf_map *map, const void *key,
			     const void *value, u64 flags)
{
	struct kbpf_htab *htab = kbpf_htab(map);
	struct kbpf_htab_elem *l_new = NULL, *l_old;
	struct kbpf_htab_bucket *b;
	unsigned long irqflags;
	u32 hash;
	int ret;

	if ((flags & ~(u64)KBPF_F_LOCK) > KBPF_EXIST)
		return -EINVAL;
	/* KBPF_F_LOCK needs a BTF spin lock in the value: never in kbpf. */
	if (flags & KBPF_F_LOCK)
		return -EINVAL;

	hash = kbpf_htab_hash(htab, key);
	b = kbpf_htab_bucket(htab, hash);
	/*
	 * Allocate before the bucket lock: the allocator takes locks of
	 * its own. A failure is reported after the flag checks, as Linux
	 * orders them.
	 */
	if (!htab->prealloc)
		l_new = kbpf_htab_elem_alloc(htab);

	ret = kbpf_htab_lock_bucket(htab, b, hash, &irqflags);
	if (ret)
		goto out;
	l_old = kbpf_htab_lookup_locked(b, hash, key, map->key_size);
	ret = kbpf_htab_check_flags(l_old, flags);
	if (ret)
		goto unlock;
	if (htab->prealloc) {
		l_new = kbpf_htab_prealloc_take(htab, l_old);
		ret = -E2BIG;
		if (!l_new)
			goto unlock;
	} else {
		ret = -E2BIG;
		if (!l_old && !kbpf_htab_reserve(htab))
			goto unlock;
		ret = -ENOMEM;
		if (!l_new) {
			if (!l_old)
				atomic_dec(&htab->count);
			goto unlock;
		}
	}
	memcpy(l_new->key, key, map->key_size);
	memcpy(kbpf_htab_elem_value(l_new, map->key_size), value,
	       map->value_size);
	l_new->hash = hash;
	/* At the head: a concurrent lookup finds it before the old one. */
	hlist_nulls_add_head_rcu(&l_new->node, &b->head);
	if (l_old)
		hlist_nulls_del_rcu(&l_old->node);
	kbpf_htab_unlock_bucket(htab, b, hash, irqflags);
	/* A replacement leaves the count as it is. */
	if (l_old && !htab->prealloc)
		kbpf_htab_elem_retire(htab, l_old);
	return 0;

unlock:
	kbpf_htab_unlock_bucket(htab, b, hash, irqflags);
out:
	if (!htab->prealloc && l_new)
		kbpf_htab_elem_destroy(htab, l_new);
	return ret;
}

/*
 * The internal functions a JITed program calls for bpf_map_update_elem()
 * and bpf_map_delete_elem() on a HASH map (kbpf_htab_direct_call()):
 * what the helpers do, with one direct call where the helpers call
 * through the map's ops (a retpoline on kernels that use them).
 */
u64 kbpf_htab_update_call(u64 map, u64 key, u64 value, u64 flags, u64 r5)
{
	return kbpf_htab_update(KBPF_PTR(map), KBPF_PTR(key), KBPF_PTR(value),
				flags);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_htab_update_call);

u64 kbpf_htab_delete_call(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	return kbpf_htab_delete(KBPF_PTR(map), KBPF_PTR(key));
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_htab_delete_call);

/* Only HASH's ops name it: its update and delete are those above. */
static s32 kbpf_htab_direct_call(const struct kbpf_map *map, s32 func_id)
{
	switch (func_id) {
	case KBPF_FUNC_map_update_elem:
		return KBPF_INTERNAL_HTAB_UPDATE;
	case KBPF_FUNC_map_delete_elem:
		return KBPF_INTERNAL_HTAB_DELETE;
	}
	return 0;
}

/*
 * Write an existing per-CPU value: this CPU's from a program, every
 * CPU's (8-byte aligned slots, in possible-CPU order) from user space.
 */
void kbpf_htab_percpu_copy_value(struct kbpf_htab *htab,
				 void __percpu *pptr, const void *value,
				 bool onallcpus)
{
	u32 size = round_up(htab->map.value_size, 8);
	int cpu;

	if (!onallcpus) {
		memcpy(this_cpu_ptr(pptr), value, htab->map.value_size);
		return;
	}
	for_each_possible_cpu(cpu) {
		memcpy(per_cpu_ptr(pptr, cpu), value, size);
		value += size;
	}
}

/*
 * The first value of a new per-CPU element: from a program, this CPU's
 * and zero for the others, so that the program knows what they hold.
 */
void kbpf_htab_percpu_init_value(struct kbpf_htab *htab,
				 void __percpu *pptr, const void *value,
				 bool onallcpus)
{
	u32 size = round_up(htab->map.value_size, 8);
	int cpu, this_cpu;
	void *ptr;

	if (onallcpus) {
		kbpf_htab_percpu_copy_value(htab, pptr, value, true);
		return;
	}
	this_cpu = smp_processor_id();
	for_each_possible_cpu(cpu) {
		ptr = per_cpu_ptr(pptr, cpu);
		if (cpu == this_cpu) {
			memcpy(ptr, value, htab->map.value_size);
			memset(ptr + htab->map.value_size, 0,
			       size - htab->map.value_size);
		} else {
			memset(ptr, 0, size);
		}
	}
}

static long kbpf_htab_percpu_update_common(struct kbpf_map *map,
					   const void *key, const void *value,
					   u64 flags, bool onallcpus)
{
	struct kbpf_htab *htab = kbpf_htab(map);
	struct kbpf_htab_elem *l_new = NULL, *l_old, *l;
	struct kbpf_htab_bucket *b;
	unsigned long irqflags;
	u32 hash;
	int ret;

	if (flags > KBPF_EXIST)
		return -EINVAL;

	hash = kbpf_htab_hash(htab, key);
	b = kbpf_htab_bucket(htab, hash);
again:
	ret = kbpf_htab_lock_bucket(htab, b, hash, &irqflags);
	if (ret)
		goto out;
	l_old = kbpf_htab_lookup_locked(b, hash, key, map->key_size);
	ret = kbpf_htab_check_flags(l_old, flags);
	if (ret)
		goto unlock;
	if (l_old) {
		/* Per-CPU values are updated in place. */
		kbpf_htab_percpu_copy_value(htab,
					    kbpf_htab_elem_pptr(l_old,
								map->key_size),
					    value, onallcpus);
		goto unlock;
	}
	if (htab->prealloc) {
		l = kbpf_htab_freelist_pop(htab);
		ret = -E2BIG;
		if (!l)
			goto unlock;
	} else {
		ret = -E2BIG;
		if (!l_new) {
			if (atomic_read(&htab->count) >= map->max_entries)
				goto unlock;
			/*
			 * A new key: allocate outside the lock and look
			 * again, the key may have come meanwhile.
			 */
			kbpf_htab_unlock_bucket(htab, b, hash, irqflags);
			l_new = kbpf_htab_elem_alloc(htab);
			if (!l_new)
				return -ENOMEM;
			goto again;
		}
		if (!kbpf_htab_reserve(htab))
			goto unlock;
		l = l_new;
		l_new = NULL;
	}
	memcpy(l->key, key, map->key_size);
	l->hash = hash;
	kbpf_htab_percpu_init_value(htab, kbpf_htab_elem_pptr(l, map->key_size),
				    value, onallcpus);
	hlist_nulls_add_head_rcu(&l->node, &b->head);
	ret = 0;
unlock:
	kbpf_htab_unlock_bucket(htab, b, hash, irqflags);
out:
	if (l_new)
		kbpf_htab_elem_destroy(htab, l_new);
	return ret;
}

static long kbpf_htab_percpu_update(struct kbpf_map *map, const void *key,
				    const void *value, u64 flags)
{
	return kbpf_htab_percpu_update_common(map, key, value, flags, false);
}

static long kbpf_htab_percpu_sys_update(struct kbpf_map *map,
					const void *key, const void *value,
					u64 flags)
{
	return kbpf_htab_percpu_update_common(map, key, value, flags, true);
}

/* Program side: this CPU's value; callers run with migration disabled. */
static void *kbpf_htab_percpu_lookup(struct kbpf_map *map, const void *key)
{
	struct kbpf_htab_elem *l = kbpf_htab_lookup_elem(kbpf_htab(map), key);

	return l ? this_cpu_ptr(kbpf_htab_elem_pptr(l, map->key_size)) : NULL;
}

u32 kbpf_htab_percpu_sys_value_size(const struct kbpf_map *map)
{
	return round_up(map->value_size, 8) * num_possible_cpus();
}

static void kbpf_htab_percpu_read(struct kbpf_htab *htab,
				  struct kbpf_htab_elem *l, void *value)
{
	void __percpu *pptr = kbpf_htab_elem_pptr(l, htab->map.key_size);
	u32 size = round_up(htab->map.value_size, 8);
	int cpu;

	for_each_possible_cpu(cpu) {
		memcpy(value, per_cpu_ptr(pptr, cpu), size);
		value += size;
	}
}

/* Every CPU's value; an LRU element is not marked (a map walk is no use). */
int kbpf_htab_percpu_sys_lookup(struct kbpf_map *map, const void *key,
				void *value)
{
	struct kbpf_htab *htab = kbpf_htab(map);
	struct kbpf_htab_elem *l;

	rcu_read_lock();
	l = kbpf_htab_lookup_elem(htab, key);
	if (l)
		kbpf_htab_percpu_read(htab, l, value);
	rcu_read_unlock();
	return l ? 0 : -ENOENT;
}

/* The syscall layout of one element's value. */
static void kbpf_htab_read_value(struct kbpf_htab *htab,
				 struct kbpf_htab_elem *l, void *value)
{
	if (htab->percpu)
		kbpf_htab_percpu_read(htab, l, value);
	else
		memcpy(value, kbpf_htab_elem_value(l, htab->map.key_size),
		       htab->map.value_size);
}

long kbpf_htab_delete(struct kbpf_map *map, const void *key)
{
	struct kbpf_htab *htab = kbpf_htab(map);
	struct kbpf_htab_bucket *b;
	struct kbpf_htab_elem *l;
	unsigned long irqflags;
	u32 hash;
	int ret;

	/* An unlinked element could not be retired from NMI: see the top. */
	if (!htab->prealloc && in_nmi())
		return -EBUSY;
	hash = kbpf_htab_hash(htab, key);
	b = kbpf_htab_bucket(htab, hash);
	ret = kbpf_htab_lock_bucket(htab, b, hash, &irqflags);
	if (ret)
		return ret;
	l = kbpf_htab_lookup_locked(b, hash, key, map->key_size);
	if (l)
		hlist_nulls_del_rcu(&l->node);
	kbpf_htab_unlock_bucket(htab, b, hash, irqflags);
	if (!l)
		return -ENOENT;
	kbpf_htab_elem_release(htab, l);
	return 0;
}

int kbpf_htab_sys_lookup_and_delete(struct kbpf_map *map, const void *key,
				    void *value, u64 flags)
{
	struct kbpf_htab *htab = kbpf_htab(map);
	struct kbpf_htab_bucket *b;
	struct kbpf_htab_elem *l;
	unsigned long irqflags;
	u32 hash;
	int ret;

	/* KBPF_F_LOCK needs a BTF spin lock in the value: never in kbpf. */
	if (flags)
		return -EINVAL;
	hash = kbpf_htab_hash(htab, key);
	b = kbpf_htab_bucket(htab, hash);
	ret = kbpf_htab_lock_bucket(htab, b, hash, &irqflags);
	if (ret)
		return ret;
	l = kbpf_htab_lookup_locked(b, hash, key, map->key_size);
	if (l) {
		kbpf_htab_read_value(htab, l, value);
		hlist_nulls_del_rcu(&l->node);
	}
	kbpf_htab_unlock_bucket(htab, b, hash, irqflags);
	if (!l)
		return -ENOENT;
	kbpf_htab_elem_release(htab, l);
	return 0;
}

/*
 * Linux's order: the rest of @key's chain, then the following buckets;
 * a missing or NULL @key starts from the first bucket.
 */
int kbpf_htab_get_next_key(struct kbpf_map *map, const void *key,
			   void *next_key)
{
	struct kbpf_htab *htab = kbpf_htab(map);
	struct kbpf_htab_elem *l, *next;
	struct hlist_nulls_node *n;
	u32 i = 0;

	if (key) {
		l = kbpf_htab_lookup_elem(htab, key);
		if (l) {
			n = rcu_dereference_raw(hlist_nulls_next_rcu(&l->node));
			next = hlist_nulls_entry_safe(n, struct kbpf_htab_elem,
						      node);
			if (next) {
				memcpy(next_key, next->key, map->key_size);
				return 0;
			}
			i = (kbpf_htab_hash(htab, key) &
			     (htab->n_buckets - 1)) + 1;
		}
	}
	for (; i < htab->n_buckets; i++) {
		n = rcu_dereference_raw(hlist_nulls_first_rcu(&htab->buckets[i].head));
		next = hlist_nulls_entry_safe(n, struct kbpf_htab_elem, node);
		if (next) {
			memcpy(next_key, next->key, map->key_size);
			return 0;
		}
	}
	return -ENOENT;
}

/* Buffers for one bucket's elements in a batch. */
struct kbpf_htab_batch_buf {
	void *keys;
	void *values;
	struct kbpf_htab_elem **victims;
	u32 size;
};

static void kbpf_htab_batch_buf_free(struct kbpf_htab_batch_buf *buf)
{
	kvfree(buf->keys);
	kvfree(buf->values);
	kvfree(buf->victims);
	buf->keys = NULL;
	buf->values = NULL;
	buf->victims = NULL;
}

static int kbpf_htab_batch_buf_alloc(struct kbpf_map *map,
				     struct kbpf_htab_batch_buf *buf, u32 size)
{
	gfp_t gfp = GFP_USER | __GFP_NOWARN;

	kbpf_htab_batch_buf_free(buf);
	buf->keys = kvmalloc_array(size, map->key_size, gfp);
	buf->values = kvmalloc_array(size, kbpf_map_value_size(map), gfp);
	buf->victims = kvmalloc_array(size, sizeof(*buf->victims), gfp);
	buf->size = size;
	if (!buf->keys || !buf->values || !buf->victims)
		return -ENOMEM;
	return 0;
}

/*
 * Copy bucket @idx to @buf under its lock, unlinking the elements too
 * with @do_delete. Returns the number of elements; -ENOSPC when there
 * are more than @room; -EAGAIN with *@needed when @buf is too small.
 */
static int kbpf_htab_batch_bucket(struct kbpf_htab *htab, u32 idx,
				  struct kbpf_htab_batch_buf *buf, u32 room,
				  bool do_delete, u32 *needed)
{
	u32 key_size = htab->map.key_size;
	u32 value_size = kbpf_map_value_size(&htab->map);
	struct kbpf_htab_bucket *b = &htab->buckets[idx];
	void *keys = buf->keys, *values = buf->values;
	struct hlist_nulls_node *n;
	struct kbpf_htab_elem *l;
	unsigned long irqflags;
	u32 count = 0;
	int ret;

	/* Most buckets of a sparse map are empty: no lock for those. */
	if (hlist_nulls_empty(&b->head))
		return 0;
	ret = kbpf_htab_lock_bucket(htab, b, idx, &irqflags);
	if (ret)
		return ret;
	hlist_nulls_for_each_entry(l, n, &b->head, node)
		count++;
	if (count > room || count > buf->size) {
		kbpf_htab_unlock_bucket(htab, b, idx, irqflags);
		*needed = count;
		return count > room ? -ENOSPC : -EAGAIN;
	}
	count = 0;
	hlist_nulls_for_each_entry_safe(l, n, &b->head, node) {
		memcpy(keys, l->key, key_size);
		kbpf_htab_read_value(htab, l, values);
		keys += key_size;
		values += value_size;
		if (do_delete) {
			hlist_nulls_del_rcu(&l->node);
			buf->victims[count] = l;
		}
		count++;
	}
	kbpf_htab_unlock_bucket(htab, b, idx, irqflags);
	return count;
}

/* Buckets a batch walks between two checks for a reschedule or SIGKILL. */
#define KBPF_HTAB_BATCH_YIELD	64

/*
 * Linux's bucket-wise batches: in_batch and out_batch hold a u32 bucket
 * index; whole buckets only, -ENOSPC when the first one does not fit in
 * count, -ENOENT once past the last bucket.
 */
static int kbpf_htab_batch(struct kbpf_map *map, const union kbpf_attr *attr,
			   union kbpf_attr __user *uattr, bool do_delete)
{
	void __user *uvalues = u64_to_user_ptr(attr->batch.values);
	void __user *ukeys = u64_to_user_ptr(attr->batch.keys);
	void __user *ubatch = u64_to_user_ptr(attr->batch.in_batch);
	struct kbpf_htab_batch_buf buf = {};
	struct kbpf_htab *htab = kbpf_htab(map);
	u32 key_size = map->key_size, value_size = kbpf_map_value_size(map);
	u32 batch = 0, total = 0, max_count, needed;
	int ret, n, i;

	if (attr->batch.flags)
		return -EINVAL;
	ret = kbpf_batch_start(attr, uattr);
	if (ret <= 0)
		return ret;
	max_count = attr->batch.count;
	if (ubatch && copy_from_user(&batch, ubatch, sizeof(batch)))
		return -EFAULT;
	if (batch >= htab->n_buckets)
		return -ENOENT;

	/* A bucket rarely holds more than a few elements. */
	ret = kbpf_htab_batch_buf_alloc(map, &buf, 5);
	while (!ret) {
		/* Elements leave the map with instrumentation off (elem.c). */
		kbpf_instrumentation_disable();
		n = kbpf_htab_batch_bucket(htab, batch, &buf, max_count - total,
					   do_delete, &needed);
		for (i = 0; do_delete && i < n; i++)
			kbpf_htab_elem_release(htab, buf.victims[i]);
		kbpf_instrumentation_enable();
		if (n == -EAGAIN) {
			ret = kbpf_htab_batch_buf_alloc(map, &buf, needed);
			continue;
		}
		if (n < 0) {
			/* A bucket that does not fit ends a non-empty batch. */
			ret = (n == -ENOSPC && total) ? 0 : n;
			break;
		}
		if (n && (copy_to_user(ukeys + (size_t)total * key_size,
				       buf.keys, (size_t)n * key_size) ||
			  copy_to_user(uvalues + (size_t)total * value_size,
				       buf.values, (size_t)n * value_size))) {
			ret = -EFAULT;
			goto out;
		}
		total += n;
		if (++batch >= htab->n_buckets) {
			ret = -ENOENT;
			break;
		}
		/* Empty buckets cost a few loads: yield every so many. */
		if (!(batch % KBPF_HTAB_BATCH_YIELD) && kbpf_loop_killed()) {
			ret = -EINTR;
			break;
		}
	}
	if (copy_to_user(u64_to_user_ptr(attr->batch.out_batch), &batch,
			 sizeof(batch)) ||
	    put_user(total, &uattr->batch.count))
		ret = -EFAULT;
out:
	kbpf_htab_batch_buf_free(&buf);
	return ret;
}

int kbpf_htab_sys_lookup_batch(struct kbpf_map *map,
			       const union kbpf_attr *attr,
			       union kbpf_attr __user *uattr)
{
	return kbpf_htab_batch(map, attr, uattr, false);
}

int kbpf_htab_sys_lookup_and_delete_batch(struct kbpf_map *map,
					  const union kbpf_attr *attr,
					  union kbpf_attr __user *uattr)
{
	return kbpf_htab_batch(map, attr, uattr, true);
}

static void kbpf_htab_free_pptrs(struct kbpf_htab *htab, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		free_percpu(kbpf_htab_elem_pptr(htab->elems +
						(size_t)i * htab->elem_size,
						htab->map.key_size));
		cond_resched();
	}
}

/* Each preallocated element's per-CPU value; none left on failure. */
static int kbpf_htab_alloc_pptrs(struct kbpf_htab *htab, u32 n)
{
	u32 size = round_up(htab->map.value_size, 8), i;
	void __percpu *pptr;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		pptr = __alloc_percpu_gfp(size, 8, GFP_KERNEL_ACCOUNT |
						   __GFP_NOWARN);
		if (!pptr) {
			err = -ENOMEM;
			break;
		}
		kbpf_htab_elem_set_pptr(htab->elems +
					(size_t)i * htab->elem_size,
					htab->map.key_size, pptr);
		if (kbpf_loop_killed())
			err = -EINTR;
	}
	/* i counts the values allocated, whichever way the loop ended. */
	if (err)
		kbpf_htab_free_pptrs(htab, i);
	return err;
}

static void kbpf_htab_prealloc_destroy(struct kbpf_htab *htab, u32 n)
{
	if (htab->is_lru)
		kbpf_lru_destroy(&htab->lru);
	else
		free_percpu(htab->freelist);
	free_percpu(htab->extra);
	if (htab->percpu)
		kbpf_htab_free_pptrs(htab, n);
	kvfree(htab->elems);
}

static u32 kbpf_htab_prealloc_count(const struct kbpf_htab *htab)
{
	/* HASH keeps a spare element per CPU for replacements. */
	if (htab->percpu || htab->is_lru)
		return htab->map.max_entries;
	return htab->map.max_entries + num_possible_cpus();
}

static void kbpf_htab_freelist_populate(struct kbpf_htab *htab, u32 n)
{
	u32 share = DIV_ROUND_UP(n, num_possible_cpus()), i = 0, j;
	struct kbpf_htab_freelist *fl;
	int cpu;

	raw_spin_lock_init(&htab->spare.lock);
	for_each_possible_cpu(cpu) {
		fl = per_cpu_ptr(htab->freelist, cpu);
		raw_spin_lock_init(&fl->lock);
		for (j = 0; j < share && i < n; j++, i++) {
			struct kbpf_htab_elem *l = htab->elems +
						   (size_t)i * htab->elem_size;

			l->free_next = fl->first;
			fl->first = l;
			if (!(i % 1024))
				cond_resched();
		}
	}
}

static int kbpf_htab_prealloc_init(struct kbpf_htab *htab, bool percpu_lru)
{
	u32 n = kbpf_htab_prealloc_count(htab), i;
	struct kbpf_htab_elem **spare;
	int cpu, err;

	htab->elems = kvzalloc_node((u64)htab->elem_size * n,
				    KBPF_HTAB_AREA_GFP, htab->map.numa_node);
	if (!htab->elems)
		return -ENOMEM;
	if (htab->percpu) {
		err = kbpf_htab_alloc_pptrs(htab, n);
		if (err)
			goto free_elems;
	}

	if (htab->is_lru) {
		err = kbpf_lru_init(&htab->lru, percpu_lru,
				    kbpf_htab_lru_evict, htab);
		if (err)
			goto free_pptrs;
		kbpf_lru_populate(&htab->lru, htab->elems,
				  offsetof(struct kbpf_htab_elem, lru),
				  htab->elem_size, n);
		return 0;
	}

	err = -ENOMEM;
	htab->freelist = alloc_percpu_gfp(struct kbpf_htab_freelist,
					  GFP_KERNEL_ACCOUNT);
	if (!htab->freelist)
		goto free_pptrs;
	if (!htab->percpu) {
		htab->extra = alloc_percpu_gfp(struct kbpf_htab_elem *,
					       GFP_KERNEL_ACCOUNT);
		if (!htab->extra)
			goto free_freelist;
		/* The spares are the last elements of the area. */
		i = htab->map.max_entries;
		for_each_possible_cpu(cpu) {
			spare = per_cpu_ptr(htab->extra, cpu);
			*spare = htab->elems + (size_t)i++ * htab->elem_size;
		}
	}
	kbpf_htab_freelist_populate(htab, htab->map.max_entries);
	return 0;

free_freelist:
	free_percpu(htab->freelist);
free_pptrs:
	if (htab->percpu)
		kbpf_htab_free_pptrs(htab, n);
free_elems:
	kvfree(htab->elems);
	return err;
}

struct kbpf_map *kbpf_htab_alloc(const union kbpf_attr *attr)
{
	bool percpu_lru = attr->map_flags & KBPF_F_NO_COMMON_LRU;
	struct kbpf_htab *htab;
	u32 i, ncpus;
	u64 max;
	int err;

	htab = kzalloc(sizeof(*htab), GFP_KERNEL_ACCOUNT);
	if (!htab)
		return ERR_PTR(-ENOMEM);
	lockdep_register_key(&htab->lockdep_key);
	kbpf_map_init_from_attr(&htab->map, attr);
	htab->percpu = kbpf_htab_type_is_percpu(attr->map_type);
	htab->is_lru = kbpf_htab_type_is_lru(attr->map_type);
	htab->prealloc = !(attr->map_flags & KBPF_F_NO_PREALLOC);

	if (percpu_lru) {
		/* Each CPU's list gets the same share, one node at least. */
		ncpus = num_possible_cpus();
		max = roundup((u64)attr->max_entries, ncpus);
		if (max > U32_MAX)
			max = rounddown(attr->max_entries, ncpus);
		htab->map.max_entries = max;
	}

	err = -E2BIG;
	if (htab->map.max_entries > 1U << 31)
		goto free_htab;
	htab->n_buckets = roundup_pow_of_two(htab->map.max_entries);
	if (htab->n_buckets > U32_MAX / sizeof(struct kbpf_htab_bucket))
		goto free_htab;
	htab->elem_size = sizeof(struct kbpf_htab_elem) +
			  round_up(htab->map.key_size, 8) +
			  (htab->percpu ? sizeof(void *) :
					  round_up(htab->map.value_size, 8));

	err = -ENOMEM;
	htab->buckets = kvmalloc_node(htab->n_buckets *
				      sizeof(struct kbpf_htab_bucket),
				      KBPF_HTAB_AREA_GFP, htab->map.numa_node);
	if (!htab->buckets)
		goto free_htab;
	htab->busy = alloc_percpu_gfp(struct kbpf_htab_busy,
				      GFP_KERNEL_ACCOUNT);
	if (!htab->busy)
		goto free_buckets;
	htab->hashrnd = (attr->map_flags & KBPF_F_ZERO_SEED) ? 0 :
			get_random_u32();
	for (i = 0; i < htab->n_buckets; i++) {
		INIT_HLIST_NULLS_HEAD(&htab->buckets[i].head, i);
		raw_spin_lock_init(&htab->buckets[i].lock);
		lockdep_set_class(&htab->buckets[i].lock, &htab->lockdep_key);
		if (!(i % 1024) && kbpf_loop_killed()) {
			err = -EINTR;
			goto free_busy;
		}
	}

	if (htab->prealloc) {
		err = kbpf_htab_prealloc_init(htab, percpu_lru);
		if (err)
			goto free_busy;
	}
	return &htab->map;

free_busy:
	free_percpu(htab->busy);
free_buckets:
	kvfree(htab->buckets);
free_htab:
	lockdep_unregister_key(&htab->lockdep_key);
	kfree(htab);
	return ERR_PTR(err);
}

/* No reader and no writer is left: the map's grace periods are over. */
void kbpf_htab_free(struct kbpf_map *map)
{
	struct kbpf_htab *htab = kbpf_htab(map);
	struct hlist_nulls_node *n;
	struct kbpf_htab_elem *l;
	u32 i;

	if (htab->prealloc) {
		kbpf_htab_prealloc_destroy(htab, kbpf_htab_prealloc_count(htab));
	} else {
		for (i = 0; i < htab->n_buckets; i++) {
			hlist_nulls_for_each_entry_safe(l, n,
							&htab->buckets[i].head,
							node)
				kbpf_htab_elem_destroy(htab, l);
			cond_resched();
		}
	}
	free_percpu(htab->busy);
	kvfree(htab->buckets);
	lockdep_unregister_key(&htab->lockdep_key);
	kfree(htab);
}

const struct kbpf_map_ops kbpf_hash_map_ops = {
	.alloc_check		= kbpf_htab_alloc_check,
	.alloc			= kbpf_htab_alloc,
	.free			= kbpf_htab_free,
	.lookup			= kbpf_htab_lookup,
	.gen_lookup		= kbpf_htab_gen_lookup,
	.direct_call		= kbpf_htab_direct_call,
	.update			= kbpf_htab_update,
	.delete			= kbpf_htab_delete,
	.get_next_key		= kbpf_htab_get_next_key,
	.visit_elems		= kbpf_htab_visit_elems,
	.sys_lookup_and_delete	= kbpf_htab_sys_lookup_and_delete,
	.sys_lookup_batch	= kbpf_htab_sys_lookup_batch,
	.sys_lookup_and_delete_batch = kbpf_htab_sys_lookup_and_delete_batch,
	.sys_update_batch	= kbpf_map_generic_update_batch,
	.sys_delete_batch	= kbpf_map_generic_delete_batch,
	.sleepable_ok		= true,
};
EXPORT_SYMBOL_IF_KUNIT(kbpf_hash_map_ops);

const struct kbpf_map_ops kbpf_percpu_hash_map_ops = {
	.alloc_check		= kbpf_htab_alloc_check,
	.alloc			= kbpf_htab_alloc,
	.free			= kbpf_htab_free,
	.lookup			= kbpf_htab_percpu_lookup,
	.update			= kbpf_htab_percpu_update,
	.delete			= kbpf_htab_delete,
	.get_next_key		= kbpf_htab_get_next_key,
	.visit_elems		= kbpf_htab_visit_elems,
	.sys_value_size		= kbpf_htab_percpu_sys_value_size,
	.sys_lookup		= kbpf_htab_percpu_sys_lookup,
	.sys_update		= kbpf_htab_percpu_sys_update,
	.sys_lookup_and_delete	= kbpf_htab_sys_lookup_and_delete,
	.sys_lookup_batch	= kbpf_htab_sys_lookup_batch,
	.sys_lookup_and_delete_batch = kbpf_htab_sys_lookup_and_delete_batch,
	.sys_update_batch	= kbpf_map_generic_update_batch,
	.sys_delete_batch	= kbpf_map_generic_delete_batch,
	.sleepable_ok		= true,
};
EXPORT_SYMBOL_IF_KUNIT(kbpf_percpu_hash_map_ops);
