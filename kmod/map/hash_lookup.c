// SPDX-License-Identifier: GPL-2.0
/*
 * Lock-free lookups in hash maps, under RCU or the sleepable read side
 * (map.h), which keep an element found alive until the program's run or
 * the caller's section ends; elements are reused only after a grace
 * period of both (hash.c).
 *
 * Keys of 4 and 8 bytes, the common u32 and u64 keys, have a walk of
 * their own: jhash_1word() and jhash_2words() give exactly what jhash2()
 * gives for one and two words, the hash that placed the element
 * (kbpf_htab_hash_sized()), and the key compares in one load instead of a
 * call of memcmp().
 *
 * A program to be JITed that looks up a hash map known at the call has
 * the bpf_map_lookup_elem() call replaced by a call of the walk for its
 * key size, which returns the value (kbpf_htab_gen_lookup()): no helper
 * in between and no indirect call through the map's ops, as Linux's
 * htab_map_gen_lookup() calls __htab_map_lookup_elem() directly.
 */

#include <linux/jhash.h>
#include <linux/rculist.h>	/* 6.1's rculist_nulls.h needs it first */
#include <linux/rculist_nulls.h>
#include <linux/string.h>
#include "../compat.h"

#include "../prog/helpers.h"
#include "hash.h"

#define KBPF_PTR(x)	((void *)(unsigned long)(x))

/*
 * The element of @key, or NULL. @key_size is the map's, a constant in
 * the specialised walks.
 */
static __always_inline struct kbpf_htab_elem *
kbpf_htab_walk(struct kbpf_htab *htab, const void *key, u32 key_size)
{
	struct hlist_nulls_node *n;
	struct kbpf_htab_elem *l;
	struct kbpf_htab_bucket *b;
	u32 hash;

	hash = kbpf_htab_hash_sized(htab, key, key_size);
	b = kbpf_htab_bucket(htab, hash);
again:
	hlist_nulls_for_each_entry_rcu(l, n, &b->head, node)
		if (l->hash == hash && kbpf_htab_key_eq(l, key, key_size))
			return l;
	/*
	 * The walk ended on another bucket's nulls marker: an element on
	 * the way was reused in another chain. Walk ours again.
	 */
	if (unlikely(get_nulls_value(n) != (hash & (htab->n_buckets - 1))))
		goto again;
	return NULL;
}

struct kbpf_htab_elem *kbpf_htab_lookup_elem(struct kbpf_htab *htab,
					     const void *key)
{
	switch (htab->map.key_size) {
	case 4:
		return kbpf_htab_walk(htab, key, 4);
	case 8:
		return kbpf_htab_walk(htab, key, 8);
	default:
		return kbpf_htab_walk(htab, key, htab->map.key_size);
	}
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_htab_lookup_elem);

/* The ops' @lookup (HASH): the value, or NULL. */
void *kbpf_htab_lookup(struct kbpf_map *map, const void *key)
{
	struct kbpf_htab_elem *l = kbpf_htab_lookup_elem(kbpf_htab(map), key);

	return l ? kbpf_htab_elem_value(l, map->key_size) : NULL;
}

u64 kbpf_htab_lookup_call(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	return (unsigned long)kbpf_htab_lookup(KBPF_PTR(map), KBPF_PTR(key));
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_htab_lookup_call);

u64 kbpf_htab_lookup_call4(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct kbpf_htab_elem *l = kbpf_htab_walk(kbpf_htab(KBPF_PTR(map)),
						  KBPF_PTR(key), 4);

	return l ? (unsigned long)kbpf_htab_elem_value(l, 4) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_htab_lookup_call4);

u64 kbpf_htab_lookup_call8(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct kbpf_htab_elem *l = kbpf_htab_walk(kbpf_htab(KBPF_PTR(map)),
						  KBPF_PTR(key), 8);

	return l ? (unsigned long)kbpf_htab_elem_value(l, 8) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_htab_lookup_call8);

/*
 * bpf_map_lookup_elem() of a HASH map (not per-CPU, not LRU: their
 * lookups do more than find the element) becomes one call of the walk
 * for its key size: r1 and r2 are already the map and the key, r0 gets
 * the value or NULL as from the helper, and r1-r5 are clobbered as by
 * any call. The key size is the map's, fixed at creation, and the call
 * names this map alone (the verifier poisons a call that sees two).
 */
u32 kbpf_htab_gen_lookup(const struct kbpf_map *map, struct kbpf_insn *buf)
{
	s32 id;

	switch (map->key_size) {
	case 4:
		id = KBPF_INTERNAL_HTAB_LOOKUP4;
		break;
	case 8:
		id = KBPF_INTERNAL_HTAB_LOOKUP8;
		break;
	default:
		id = KBPF_INTERNAL_HTAB_LOOKUP;
		break;
	}
	buf[0] = (struct kbpf_insn){ .code = KBPF_JMP | KBPF_CALL, .imm = id };
	return 1;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_htab_gen_lookup);
