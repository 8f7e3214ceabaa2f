// SPDX-License-Identifier: GPL-2.0
/*
 * KBPF_MAP_TYPE_RINGBUF: a multi-producer, single-consumer ring of
 * variable-length records that programs write and user space reads
 * through mmap(), with Linux's memory layout and record format, so that
 * consumers written for Linux (libbpf's ring_buffer) work unchanged.
 *
 * Layout, in pages of one vmap() area:
 *
 *	| header | consumer_pos | producer_pos | data 0..n-1 | data 0..n-1 |
 *
 * The data pages are mapped twice back to back, so a record that wraps
 * past the end of the ring is contiguous in the kernel and in user space.
 * User space maps from consumer_pos on (file offset 0): the consumer page
 * writable, the rest read-only.
 *
 * A record is an 8-byte header { u32 len; u32 pg_off; } and the payload,
 * round_up(len + 8, 8) bytes in all. KBPF_RINGBUF_BUSY_BIT in len marks a
 * reserved record not yet committed, KBPF_RINGBUF_DISCARD_BIT one the
 * consumer skips. pg_off is the record's distance in pages from the
 * struct kbpf_ringbuf, which is how submit and discard find the ring
 * from the sample pointer alone.
 */

#include <linux/bits.h>
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/irq_work.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "../prog/dynptr.h"
#include "../prog/helpers.h"
#include "map.h"
#include "ringbuf.h"

/*
 * Linux checks a ring's attributes when it allocates it, after the
 * capability check: see kbpf_ringbuf_alloc().
 */
int kbpf_ringbuf_alloc_check(const union kbpf_attr *attr)
{
	return 0;
}

static void kbpf_ringbuf_notify(struct irq_work *work)
{
	struct kbpf_ringbuf *rb = container_of(work, struct kbpf_ringbuf, work);

	wake_up_all(&rb->waitq);
}

static void kbpf_ringbuf_free_pages(struct kbpf_ringbuf_map *rb_map)
{
	u32 i;

	for (i = 0; i < rb_map->nr_pages; i++)
		__free_page(rb_map->pages[i]);
	kvfree(rb_map->pages);
}

static int kbpf_ringbuf_area_alloc(struct kbpf_ringbuf_map *rb_map)
{
	const gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL |
			  __GFP_NOWARN | __GFP_ZERO;
	u32 nr_data = rb_map->map.max_entries >> PAGE_SHIFT;
	u32 nr_meta = KBPF_RINGBUF_META_PAGES;
	int node = rb_map->map.numa_node;
	struct page **pages;
	u32 i;

	/* Meta pages, data pages, and the data pages again. */
	pages = kvmalloc_array(nr_meta + 2 * nr_data, sizeof(*pages),
			       GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!pages)
		return -ENOMEM;
	rb_map->pages = pages;
	for (i = 0; i < nr_meta + nr_data; i++) {
		pages[i] = alloc_pages_node(node, gfp, 0);
		if (!pages[i])
			goto err_free;
		rb_map->nr_pages++;
		if (i >= nr_meta)
			pages[i + nr_data] = pages[i];
	}
	rb_map->rb = vmap(pages, nr_meta + 2 * nr_data, VM_MAP | VM_USERMAP,
			  PAGE_KERNEL);
	if (rb_map->rb)
		return 0;
err_free:
	kbpf_ringbuf_free_pages(rb_map);
	return -ENOMEM;
}

/*
 * The size limit is Linux's: a u32 max_entries keeps pg_off, counted in
 * pages, far below 2^32.
 */
struct kbpf_map *kbpf_ringbuf_alloc(const union kbpf_attr *attr)
{
	struct kbpf_ringbuf_map *rb_map;
	struct kbpf_ringbuf *rb;

	if (attr->map_flags & ~KBPF_F_NUMA_NODE)
		return ERR_PTR(-EINVAL);
	if (attr->key_size || attr->value_size ||
	    !is_power_of_2(attr->max_entries) ||
	    !PAGE_ALIGNED(attr->max_entries))
		return ERR_PTR(-EINVAL);

	rb_map = kzalloc(sizeof(*rb_map), GFP_KERNEL_ACCOUNT);
	if (!rb_map)
		return ERR_PTR(-ENOMEM);
	kbpf_map_init_from_attr(&rb_map->map, attr);
	if (kbpf_ringbuf_area_alloc(rb_map)) {
		kfree(rb_map);
		return ERR_PTR(-ENOMEM);
	}

	rb = rb_map->rb;
	init_waitqueue_head(&rb->waitq);
	init_irq_work(&rb->work, kbpf_ringbuf_notify);
	raw_spin_lock_init(&rb->spinlock);
	atomic_set(&rb->busy, 0);
	rb->mask = attr->max_entries - 1;
	return &rb_map->map;
}

void kbpf_ringbuf_free(struct kbpf_map *map)
{
	struct kbpf_ringbuf_map *rb_map = kbpf_ringbuf_map(map);

	irq_work_sync(&rb_map->rb->work);
	vunmap(rb_map->rb);
	kbpf_ringbuf_free_pages(rb_map);
	kfree(rb_map);
}

/* No elements: programs get NULL (the verifier refuses the call). */
void *kbpf_ringbuf_lookup(struct kbpf_map *map, const void *key)
{
	return NULL;
}

int kbpf_ringbuf_sys_lookup(struct kbpf_map *map, const void *key,
			    void *value)
{
	return -ENOTSUPP;
}

long kbpf_ringbuf_update(struct kbpf_map *map, const void *key,
			 const void *value, u64 flags)
{
	return -ENOTSUPP;
}

long kbpf_ringbuf_delete(struct kbpf_map *map, const void *key)
{
	return -ENOTSUPP;
}

int kbpf_ringbuf_get_next_key(struct kbpf_map *map, const void *key,
			      void *next_key)
{
	return -ENOTSUPP;
}

/*
 * Only the consumer page may be mapped writable (Linux's -EPERM
 * otherwise); remap_vmalloc_range() refuses ranges past the area.
 */
static int kbpf_ringbuf_mmap(struct kbpf_map *map, struct vm_area_struct *vma)
{
	struct kbpf_ringbuf_map *rb_map = kbpf_ringbuf_map(map);

	if ((vma->vm_flags & VM_WRITE) &&
	    (vma->vm_pgoff || vma->vm_end - vma->vm_start != PAGE_SIZE))
		return -EPERM;
	return remap_vmalloc_range(vma, rb_map->rb,
				   vma->vm_pgoff + KBPF_RINGBUF_PGOFF);
}

unsigned long kbpf_ringbuf_avail(struct kbpf_ringbuf *rb)
{
	unsigned long cons_pos, prod_pos;

	/* Pairs with the consumer's smp_store_release(). */
	cons_pos = smp_load_acquire(&rb->consumer_pos);
	/* Pairs with smp_store_release() in kbpf_ringbuf_reserve(). */
	prod_pos = smp_load_acquire(&rb->producer_pos);
	return prod_pos - cons_pos;
}

static __poll_t kbpf_ringbuf_poll(struct kbpf_map *map, struct file *file,
				  struct poll_table_struct *pts)
{
	struct kbpf_ringbuf *rb = kbpf_ringbuf_map(map)->rb;

	poll_wait(file, &rb->waitq, pts);
	return kbpf_ringbuf_avail(rb) ? EPOLLIN | EPOLLRDNORM : 0;
}

/* A busy record of @size bytes, or NULL when it does not fit now. */
static void *kbpf_ringbuf_reserve(struct kbpf_ringbuf *rb, u64 size)
{
	unsigned long cons_pos, prod_pos, new_prod_pos, pend_pos, flags;
	struct kbpf_ringbuf_hdr *hdr;
	u32 len, hdr_len;

	if (unlikely(size > KBPF_RINGBUF_MAX_RECORD_SZ))
		return NULL;
	len = kbpf_ringbuf_len(size);
	if (len > rb->mask + 1)
		return NULL;

	/* Pairs with the consumer's smp_store_release(): space it freed. */
	cons_pos = smp_load_acquire(&rb->consumer_pos);

	/* An NMI may have interrupted a producer on this CPU. */
	if (in_nmi()) {
		if (!raw_spin_trylock_irqsave(&rb->spinlock, flags))
			return NULL;
	} else {
		raw_spin_lock_irqsave(&rb->spinlock, flags);
	}

	/* Move past every record committed since the last reservation. */
	pend_pos = rb->pending_pos;
	prod_pos = rb->producer_pos;
	while (pend_pos != prod_pos) {
		hdr = (void *)rb->data + (pend_pos & rb->mask);
		hdr_len = READ_ONCE(hdr->len);
		if (hdr_len & KBPF_RINGBUF_BUSY_BIT)
			break;
		pend_pos += kbpf_ringbuf_len(hdr_len & ~KBPF_RINGBUF_DISCARD_BIT);
	}
	rb->pending_pos = pend_pos;

	/*
	 * Neither the consumer nor the oldest busy record may be a whole
	 * ring behind the new producer position.
	 */
	new_prod_pos = prod_pos + len;
	if (new_prod_pos - cons_pos > rb->mask ||
	    new_prod_pos - pend_pos > rb->mask) {
		raw_spin_unlock_irqrestore(&rb->spinlock, flags);
		return NULL;
	}

	hdr = (void *)rb->data + (prod_pos & rb->mask);
	hdr->len = size | KBPF_RINGBUF_BUSY_BIT;
	hdr->pg_off = ((void *)hdr - (void *)rb) >> PAGE_SHIFT;

	/* Pairs with the consumer's smp_load_acquire() of producer_pos. */
	smp_store_release(&rb->producer_pos, new_prod_pos);
	raw_spin_unlock_irqrestore(&rb->spinlock, flags);

	return (void *)hdr + KBPF_RINGBUF_HDR_SZ;
}

static struct kbpf_ringbuf *kbpf_ringbuf_from_hdr(struct kbpf_ringbuf_hdr *hdr)
{
	unsigned long addr = (unsigned long)hdr & PAGE_MASK;

	return (void *)(addr - ((unsigned long)hdr->pg_off << PAGE_SHIFT));
}

static void kbpf_ringbuf_commit(void *sample, u64 flags, bool discard)
{
	struct kbpf_ringbuf_hdr *hdr = sample - KBPF_RINGBUF_HDR_SZ;
	struct kbpf_ringbuf *rb = kbpf_ringbuf_from_hdr(hdr);
	unsigned long rec_pos, cons_pos;
	u32 new_len;

	new_len = hdr->len ^ KBPF_RINGBUF_BUSY_BIT;
	if (discard)
		new_len |= KBPF_RINGBUF_DISCARD_BIT;
	/*
	 * A full barrier: the payload is visible before the cleared busy
	 * bit, which the consumer reads with smp_load_acquire().
	 */
	xchg(&hdr->len, new_len);

	/* Wake the consumer only if it waits for this very record. */
	rec_pos = (void *)hdr - (void *)rb->data;
	/* Pairs with the consumer's smp_store_release(). */
	cons_pos = smp_load_acquire(&rb->consumer_pos) & rb->mask;
	if (flags & KBPF_RB_FORCE_WAKEUP)
		irq_work_queue(&rb->work);
	else if (cons_pos == rec_pos && !(flags & KBPF_RB_NO_WAKEUP))
		irq_work_queue(&rb->work);
}

/*
 * The verifier passes the helpers below only ringbuf maps (the protos'
 * @map_types), so their fast path does not look, as Linux's do not. A
 * checked build also runs unverified programs for its oracle: there
 * another map type gives NULL, which only fails the call.
 */
#ifdef KBPF_INTERP_CHECKED
#define KBPF_RINGBUF_CHECK_MAP	true
#else
#define KBPF_RINGBUF_CHECK_MAP	false
#endif

/* The ring of a helper's map argument (NULL: see kbpf_ringbuf_none()). */
static struct kbpf_ringbuf *kbpf_ringbuf_of(u64 map)
{
	struct kbpf_map *m = (struct kbpf_map *)(unsigned long)map;

	if (KBPF_RINGBUF_CHECK_MAP && m->ops != &kbpf_ringbuf_map_ops)
		return NULL;
	return kbpf_ringbuf_map(m)->rb;
}

/* Whether kbpf_ringbuf_of() refused the map: only in a checked build. */
static bool kbpf_ringbuf_none(const struct kbpf_ringbuf *rb)
{
	return KBPF_RINGBUF_CHECK_MAP && !rb;
}

static u64 kbpf_helper_ringbuf_output(u64 map, u64 data, u64 size, u64 flags,
			       u64 r5)
{
	struct kbpf_ringbuf *rb = kbpf_ringbuf_of(map);
	void *rec;

	if (unlikely(flags & ~(KBPF_RB_NO_WAKEUP | KBPF_RB_FORCE_WAKEUP)))
		return -EINVAL;
	if (kbpf_ringbuf_none(rb))
		return -EINVAL;
	rec = kbpf_ringbuf_reserve(rb, size);
	if (!rec)
		return -EAGAIN;
	memcpy(rec, (void *)(unsigned long)data, size);
	kbpf_ringbuf_commit(rec, flags, false);
	return 0;
}

const struct kbpf_helper_proto kbpf_ringbuf_output_proto = {
	.fn = kbpf_helper_ringbuf_output,
	.name = "ringbuf_output",
	KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MEM,
		  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
	.map_types = BIT_ULL(KBPF_MAP_TYPE_RINGBUF),
};

static u64 kbpf_helper_ringbuf_reserve(u64 map, u64 size, u64 flags, u64 r4,
				u64 r5)
{
	struct kbpf_ringbuf *rb = kbpf_ringbuf_of(map);

	if (unlikely(flags) || kbpf_ringbuf_none(rb))
		return 0;
	return (unsigned long)kbpf_ringbuf_reserve(rb, size);
}

const struct kbpf_helper_proto kbpf_ringbuf_reserve_proto = {
	.fn = kbpf_helper_ringbuf_reserve,
	.name = "ringbuf_reserve",
	.ret_type = KBPF_RET_PTR_TO_RINGBUF_MEM_OR_NULL,
	KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR,
		  KBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
	.map_types = BIT_ULL(KBPF_MAP_TYPE_RINGBUF),
};

static u64 kbpf_helper_ringbuf_submit(u64 sample, u64 flags, u64 r3, u64 r4,
			       u64 r5)
{
	kbpf_ringbuf_commit((void *)(unsigned long)sample, flags, false);
	return 0;
}

const struct kbpf_helper_proto kbpf_ringbuf_submit_proto = {
	.fn = kbpf_helper_ringbuf_submit,
	.name = "ringbuf_submit",
	.ret_type = KBPF_RET_VOID,
	KBPF_ARGS(KBPF_ARG_PTR_TO_RINGBUF_MEM, KBPF_ARG_ANYTHING),
};

static u64 kbpf_helper_ringbuf_discard(u64 sample, u64 flags, u64 r3, u64 r4,
				u64 r5)
{
	kbpf_ringbuf_commit((void *)(unsigned long)sample, flags, true);
	return 0;
}

const struct kbpf_helper_proto kbpf_ringbuf_discard_proto = {
	.fn = kbpf_helper_ringbuf_discard,
	.name = "ringbuf_discard",
	.ret_type = KBPF_RET_VOID,
	KBPF_ARGS(KBPF_ARG_PTR_TO_RINGBUF_MEM, KBPF_ARG_ANYTHING),
};

static u64 kbpf_helper_ringbuf_query(u64 map, u64 flags, u64 r3, u64 r4, u64 r5)
{
	struct kbpf_ringbuf *rb = kbpf_ringbuf_of(map);

	if (kbpf_ringbuf_none(rb))
		return 0;
	switch (flags) {
	case KBPF_RB_AVAIL_DATA:
		return kbpf_ringbuf_avail(rb);
	case KBPF_RB_RING_SIZE:
		return rb->mask + 1;
	case KBPF_RB_CONS_POS:
		/* Pairs with the consumer's smp_store_release(). */
		return smp_load_acquire(&rb->consumer_pos);
	case KBPF_RB_PROD_POS:
		/* Pairs with smp_store_release() in kbpf_ringbuf_reserve(). */
		return smp_load_acquire(&rb->producer_pos);
	default:
		return 0;
	}
}

const struct kbpf_helper_proto kbpf_ringbuf_query_proto = {
	.fn = kbpf_helper_ringbuf_query,
	.name = "ringbuf_query",
	KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_ANYTHING),
	.map_types = BIT_ULL(KBPF_MAP_TYPE_RINGBUF),
};

static u64 kbpf_helper_ringbuf_reserve_dynptr(u64 map, u64 size, u64 flags, u64 ptr,
				       u64 r5)
{
	struct kbpf_ringbuf *rb = kbpf_ringbuf_of(map);
	struct kbpf_dynptr_kern *p = (void *)(unsigned long)ptr;
	void *sample;
	int err;

	/* Linux takes size as a u32. */
	size = (u32)size;
	err = flags || kbpf_ringbuf_none(rb) ? -EINVAL : kbpf_dynptr_check_size(size);
	if (!err) {
		sample = kbpf_ringbuf_reserve(rb, size);
		if (!sample)
			err = -EINVAL;
	}
	if (err) {
		kbpf_dynptr_set_null(p);
		return err;
	}
	kbpf_dynptr_init(p, sample, KBPF_DYNPTR_TYPE_RINGBUF, 0, size);
	return 0;
}

const struct kbpf_helper_proto kbpf_ringbuf_reserve_dynptr_proto = {
	.fn = kbpf_helper_ringbuf_reserve_dynptr,
	.name = "ringbuf_reserve_dynptr", .cap = CAP_BPF,
	KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_ANYTHING,
		  KBPF_ARG_ANYTHING,
		  KBPF_ARG_PTR_TO_UNINIT_DYNPTR_RINGBUF),
	.map_types = BIT_ULL(KBPF_MAP_TYPE_RINGBUF),
};

static void kbpf_ringbuf_commit_dynptr(u64 ptr, u64 flags, bool discard)
{
	struct kbpf_dynptr_kern *p = (void *)(unsigned long)ptr;

	if (!p->data)
		return;
	kbpf_ringbuf_commit(p->data, flags, discard);
	kbpf_dynptr_set_null(p);
}

static u64 kbpf_helper_ringbuf_submit_dynptr(u64 ptr, u64 flags, u64 r3, u64 r4,
				      u64 r5)
{
	kbpf_ringbuf_commit_dynptr(ptr, flags, false);
	return 0;
}

const struct kbpf_helper_proto kbpf_ringbuf_submit_dynptr_proto = {
	.fn = kbpf_helper_ringbuf_submit_dynptr,
	.name = "ringbuf_submit_dynptr", .cap = CAP_BPF,
	.ret_type = KBPF_RET_VOID,
	KBPF_ARGS(KBPF_ARG_PTR_TO_DYNPTR_RINGBUF, KBPF_ARG_ANYTHING),
};

static u64 kbpf_helper_ringbuf_discard_dynptr(u64 ptr, u64 flags, u64 r3, u64 r4,
				       u64 r5)
{
	kbpf_ringbuf_commit_dynptr(ptr, flags, true);
	return 0;
}

const struct kbpf_helper_proto kbpf_ringbuf_discard_dynptr_proto = {
	.fn = kbpf_helper_ringbuf_discard_dynptr,
	.name = "ringbuf_discard_dynptr", .cap = CAP_BPF,
	.ret_type = KBPF_RET_VOID,
	KBPF_ARGS(KBPF_ARG_PTR_TO_DYNPTR_RINGBUF, KBPF_ARG_ANYTHING),
};

const struct kbpf_map_ops kbpf_ringbuf_map_ops = {
	.alloc_check		= kbpf_ringbuf_alloc_check,
	.alloc			= kbpf_ringbuf_alloc,
	.free			= kbpf_ringbuf_free,
	.lookup			= kbpf_ringbuf_lookup,
	.update			= kbpf_ringbuf_update,
	.delete			= kbpf_ringbuf_delete,
	.get_next_key		= kbpf_ringbuf_get_next_key,
	.sys_lookup		= kbpf_ringbuf_sys_lookup,
	.mmap			= kbpf_ringbuf_mmap,
	.poll			= kbpf_ringbuf_poll,
	.helper_only		= true,
	.sleepable_ok		= true,
};
