// SPDX-License-Identifier: GPL-2.0
/*
 * KBPF_MAP_TYPE_LRU_HASH and KBPF_MAP_TYPE_LRU_PERCPU_HASH: hash maps
 * (hash.c) whose preallocated pool never runs dry: a full map evicts
 * elements it has not seen used lately to make room for new keys.
 *
 * Which element goes is the LRU's choice (lru_list.c); this file links
 * its nodes to hash elements and gives it the eviction callback.
 *
 * The pool holds exactly max_entries elements, so the map never holds
 * more; an update fails with -ENOMEM only when nothing can be evicted.
 */

#include <linux/err.h>
#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "../compat.h"
#include "hash.h"

/*
 * The LRU map types. Lock order: the LRU list lock before a bucket lock,
 * so nodes are taken before and given back after the bucket section.
 */

bool kbpf_htab_lru_evict(void *arg, struct kbpf_lru_node *node)
{
	struct kbpf_htab_elem *victim = container_of(node,
						     struct kbpf_htab_elem,
						     lru);
	struct kbpf_htab *htab = arg;
	/* Written when the node was taken: a stale hash finds nothing. */
	u32 hash = READ_ONCE(victim->hash);
	struct kbpf_htab_bucket *b = kbpf_htab_bucket(htab, hash);
	struct hlist_nulls_node *n;
	struct kbpf_htab_elem *l;
	unsigned long irqflags;
	bool found = false;

	if (kbpf_htab_lock_bucket(htab, b, hash, &irqflags))
		return false;
	hlist_nulls_for_each_entry(l, n, &b->head, node) {
		if (l == victim) {
			hlist_nulls_del_rcu(&l->node);
			found = true;
			break;
		}
	}
	kbpf_htab_unlock_bucket(htab, b, hash, irqflags);
	return found;
}

/*
 * A free element for @key, with its key and hash set; ERR_PTR(-ENOMEM)
 * when nothing could be evicted, ERR_PTR(-EBUSY) when the LRU lock could
 * not be waited for (NMI, or a run inside an LRU section: lru_list.c).
 */
static struct kbpf_htab_elem *kbpf_lru_hash_take(struct kbpf_htab *htab,
						 const void *key, u32 hash)
{
	struct kbpf_lru_node *node = kbpf_lru_pop_free(&htab->lru);
	struct kbpf_htab_elem *l;

	if (IS_ERR(node))
		return ERR_CAST(node);
	if (!node)
		return ERR_PTR(-ENOMEM);
	l = container_of(node, struct kbpf_htab_elem, lru);
	memcpy(l->key, key, htab->map.key_size);
	WRITE_ONCE(l->hash, hash);
	return l;
}

static void kbpf_lru_hash_give(struct kbpf_htab *htab,
			       struct kbpf_htab_elem *l)
{
	kbpf_lru_push_free(&htab->lru, &l->lru);
}

/* Program side: the lookup marks the element used. */
static void *kbpf_lru_hash_lookup(struct kbpf_map *map, const void *key)
{
	struct kbpf_htab_elem *l = kbpf_htab_lookup_elem(kbpf_htab(map), key);

	if (!l)
		return NULL;
	kbpf_lru_node_set_ref(&l->lru);
	return kbpf_htab_elem_value(l, map->key_size);
}

/* Syscall side: no mark, a map walk says nothing about use. */
static int kbpf_lru_hash_sys_lookup(struct kbpf_map *map, const void *key,
				    void *value)
{
	struct kbpf_htab_elem *l;

	rcu_read_lock();
	l = kbpf_htab_lookup_elem(kbpf_htab(map), key);
	if (l)
		memcpy(value, kbpf_htab_elem_value(l, map->key_size),
		       map->value_size);
	rcu_read_unlock();
	return l ? 0 : -ENOENT;
}

static void *kbpf_lru_percpu_hash_lookup(struct kbpf_map *map,
					 const void *key)
{
	struct kbpf_htab_elem *l = kbpf_htab_lookup_elem(kbpf_htab(map), key);

	if (!l)
		return NULL;
	kbpf_lru_node_set_ref(&l->lru);
	return this_cpu_ptr(kbpf_htab_elem_pptr(l, map->key_size));
}

static long kbpf_lru_hash_update(struct kbpf_map *map, const void *key,
				 const void *value, u64 flags)
{
	struct kbpf_htab *htab = kbpf_htab(map);
	struct kbpf_htab_elem *l_new, *l_old = NULL;
	struct kbpf_htab_bucket *b;
	unsigned long irqflags;
	u32 hash;
	int ret;

	/* KBPF_F_LOCK included: it needs a BTF spin lock, never in kbpf. */
	if (flags > KBPF_EXIST)
		return -EINVAL;
	hash = kbpf_htab_hash(htab, key);
	b = kbpf_htab_bucket(htab, hash);
	l_new = kbpf_lru_hash_take(htab, key, hash);
	if (IS_ERR(l_new))
		return PTR_ERR(l_new);
	memcpy(kbpf_htab_elem_value(l_new, map->key_size), value,
	       map->value_size);

	ret = kbpf_htab_lock_bucket(htab, b, hash, &irqflags);
	if (ret)
		goto out;
	l_old = kbpf_htab_lookup_locked(b, hash, key, map->key_size);
	ret = kbpf_htab_check_flags(l_old, flags);
	if (!ret) {
		/* At the head: a concurrent lookup finds it first. */
		hlist_nulls_add_head_rcu(&l_new->node, &b->head);
		if (l_old) {
			/* An updated key is in use. */
			kbpf_lru_node_set_ref(&l_new->lru);
			hlist_nulls_del_rcu(&l_old->node);
		}
	}
	kbpf_htab_unlock_bucket(htab, b, hash, irqflags);
out:
	if (ret)
		kbpf_lru_hash_give(htab, l_new);
	else if (l_old)
		kbpf_lru_hash_give(htab, l_old);
	return ret;
}

static long kbpf_lru_percpu_update_common(struct kbpf_map *map,
					  const void *key, const void *value,
					  u64 flags, bool onallcpus)
{
	struct kbpf_htab *htab = kbpf_htab(map);
	struct kbpf_htab_elem *l_new = NULL, *l_old;
	struct kbpf_htab_bucket *b;
	unsigned long irqflags;
	u32 hash;
	int ret;

	if (flags > KBPF_EXIST)
		return -EINVAL;
	hash = kbpf_htab_hash(htab, key);
	b = kbpf_htab_bucket(htab, hash);
	/* Per-CPU values change in place: only a new key needs a node. */
	if (flags != KBPF_EXIST) {
		l_new = kbpf_lru_hash_take(htab, key, hash);
		if (IS_ERR(l_new))
			return PTR_ERR(l_new);
	}

	ret = kbpf_htab_lock_bucket(htab, b, hash, &irqflags);
	if (ret)
		goto out;
	l_old = kbpf_htab_lookup_locked(b, hash, key, map->key_size);
	ret = kbpf_htab_check_flags(l_old, flags);
	if (!ret && l_old) {
		kbpf_lru_node_set_ref(&l_old->lru);
		kbpf_htab_percpu_copy_value(htab,
					    kbpf_htab_elem_pptr(l_old,
								map->key_size),
					    value, onallcpus);
	} else if (!ret) {
		kbpf_htab_percpu_init_value(htab,
					    kbpf_htab_elem_pptr(l_new,
								map->key_size),
					    value, onallcpus);
		hlist_nulls_add_head_rcu(&l_new->node, &b->head);
		l_new = NULL;
	}
	kbpf_htab_unlock_bucket(htab, b, hash, irqflags);
out:
	if (l_new)
		kbpf_lru_hash_give(htab, l_new);
	return ret;
}

static long kbpf_lru_percpu_hash_update(struct kbpf_map *map,
					const void *key, const void *value,
					u64 flags)
{
	return kbpf_lru_percpu_update_common(map, key, value, flags, false);
}

static long kbpf_lru_percpu_hash_sys_update(struct kbpf_map *map,
					    const void *key,
					    const void *value, u64 flags)
{
	return kbpf_lru_percpu_update_common(map, key, value, flags, true);
}

const struct kbpf_map_ops kbpf_lru_hash_map_ops = {
	.alloc_check		= kbpf_htab_alloc_check,
	.alloc			= kbpf_htab_alloc,
	.free			= kbpf_htab_free,
	.lookup			= kbpf_lru_hash_lookup,
	.update			= kbpf_lru_hash_update,
	.delete			= kbpf_htab_delete,
	.get_next_key		= kbpf_htab_get_next_key,
	.visit_elems		= kbpf_htab_visit_elems,
	.sys_lookup		= kbpf_lru_hash_sys_lookup,
	.sys_lookup_and_delete	= kbpf_htab_sys_lookup_and_delete,
	.sys_lookup_batch	= kbpf_htab_sys_lookup_batch,
	.sys_lookup_and_delete_batch = kbpf_htab_sys_lookup_and_delete_batch,
	.sys_update_batch	= kbpf_map_generic_update_batch,
	.sys_delete_batch	= kbpf_map_generic_delete_batch,
	.sleepable_ok		= true,
};
EXPORT_SYMBOL_IF_KUNIT(kbpf_lru_hash_map_ops);

const struct kbpf_map_ops kbpf_lru_percpu_hash_map_ops = {
	.alloc_check		= kbpf_htab_alloc_check,
	.alloc			= kbpf_htab_alloc,
	.free			= kbpf_htab_free,
	.lookup			= kbpf_lru_percpu_hash_lookup,
	.update			= kbpf_lru_percpu_hash_update,
	.delete			= kbpf_htab_delete,
	.get_next_key		= kbpf_htab_get_next_key,
	.visit_elems		= kbpf_htab_visit_elems,
	.sys_value_size		= kbpf_htab_percpu_sys_value_size,
	.sys_lookup		= kbpf_htab_percpu_sys_lookup,
	.sys_update		= kbpf_lru_percpu_hash_sys_update,
	.sys_lookup_and_delete	= kbpf_htab_sys_lookup_and_delete,
	.sys_lookup_batch	= kbpf_htab_sys_lookup_batch,
	.sys_lookup_and_delete_batch = kbpf_htab_sys_lookup_and_delete_batch,
	.sys_update_batch	= kbpf_map_generic_update_batch,
	.sys_delete_batch	= kbpf_map_generic_delete_batch,
	.sleepable_ok		= true,
};
EXPORT_SYMBOL_IF_KUNIT(kbpf_lru_percpu_hash_map_ops);
