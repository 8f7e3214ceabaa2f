/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KBPF_MAP_TYPE_RINGBUF and KBPF_MAP_TYPE_USER_RINGBUF: the ring both
 * share (ringbuf.c) and the helpers programs produce and consume with.
 */
#ifndef _KBPF_RINGBUF_H
#define _KBPF_RINGBUF_H

#include <linux/atomic.h>
#include <linux/irq_work.h>
#include <linux/mm.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "map.h"

/*
 * @waitq: pollers of the map fd, woken from @work (irq_work, since
 *	producers may run in any context, NMI included).
 * @spinlock: serialises producers (reserve); records are committed
 *	without it. Taken with irqs off; trylock only in NMI.
 * @busy: user ring buffers only: the one bpf_user_ringbuf_drain() in
 *	progress holds it across its callbacks (a spinlock could not be
 *	held that long); others fail with -EBUSY.
 * @consumer_pos: written by the consumer (user space, or drain for user
 *	ring buffers), read by producers.
 * @producer_pos: the end of the last reserved record; written by the
 *	producer (under @spinlock, or user space), read by the consumer.
 * @pending_pos: the oldest record that may still be busy; under
 *	@spinlock. A record may not be reserved more than the ring's size
 *	past it, so a slow committer is never overwritten.
 * Each position has a page of its own so each can be mapped with its
 * own permissions.
 */
struct kbpf_ringbuf {
	wait_queue_head_t waitq;
	struct irq_work work;
	u64 mask;
	raw_spinlock_t spinlock ____cacheline_aligned_in_smp;
	atomic_t busy ____cacheline_aligned_in_smp;

	unsigned long consumer_pos __aligned(PAGE_SIZE);
	unsigned long producer_pos __aligned(PAGE_SIZE);
	unsigned long pending_pos;
	char data[] __aligned(PAGE_SIZE);
};

/* Pages before consumer_pos, which user space never sees. */
#define KBPF_RINGBUF_PGOFF \
	(offsetof(struct kbpf_ringbuf, consumer_pos) >> PAGE_SHIFT)
/* The header page(s) and the consumer and producer pages. */
#define KBPF_RINGBUF_META_PAGES	(KBPF_RINGBUF_PGOFF + 2)
/* As Linux: bigger records are refused whatever the ring's size. */
#define KBPF_RINGBUF_MAX_RECORD_SZ	(UINT_MAX / 4)

/*
 * @pages: every page of @rb once (meta pages, then data pages), for
 *	freeing; kept here rather than in @rb, which kmemleak does not scan.
 */
struct kbpf_ringbuf_map {
	struct kbpf_map map;
	struct kbpf_ringbuf *rb;
	struct page **pages;
	u32 nr_pages;
};

struct kbpf_ringbuf_hdr {
	u32 len;
	u32 pg_off;
};

static inline struct kbpf_ringbuf_map *kbpf_ringbuf_map(struct kbpf_map *map)
{
	return container_of(map, struct kbpf_ringbuf_map, map);
}

/* Bytes a record of @len payload bytes takes in the ring. */
static inline u32 kbpf_ringbuf_len(u32 len)
{
	return round_up(len + KBPF_RINGBUF_HDR_SZ, 8);
}

/* Shared by both ring types (see ringbuf.c). */
int kbpf_ringbuf_alloc_check(const union kbpf_attr *attr);
struct kbpf_map *kbpf_ringbuf_alloc(const union kbpf_attr *attr);
void kbpf_ringbuf_free(struct kbpf_map *map);
void *kbpf_ringbuf_lookup(struct kbpf_map *map, const void *key);
int kbpf_ringbuf_sys_lookup(struct kbpf_map *map, const void *key,
			    void *value);
long kbpf_ringbuf_update(struct kbpf_map *map, const void *key,
			 const void *value, u64 flags);
long kbpf_ringbuf_delete(struct kbpf_map *map, const void *key);
int kbpf_ringbuf_get_next_key(struct kbpf_map *map, const void *key,
			      void *next_key);
unsigned long kbpf_ringbuf_avail(struct kbpf_ringbuf *rb);

#endif /* _KBPF_RINGBUF_H */
