// SPDX-License-Identifier: GPL-2.0
/*
 * KBPF_MAP_TYPE_USER_RINGBUF: the ring of ringbuf.c run the other way,
 * as Linux 6.12's: user space produces records, programs consume them
 * with bpf_user_ringbuf_drain(). User space maps the producer page and
 * the data pages writable, the consumer page read-only.
 *
 * Nothing user space writes is trusted: every record is checked to lie
 * within what the producer position advertises and within the ring
 * before a callback sees it.
 */

#include <linux/bits.h>
#include <linux/capability.h>
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/vmalloc.h>

#include "../prog/dynptr.h"
#include "../prog/helpers.h"
#include "../prog/interp.h"
#include "map.h"
#include "ringbuf.h"

/* Linux's bound on the records one drain call consumes. */
#define KBPF_MAX_USER_RINGBUF_SAMPLES	(128 * 1024)

/* Any writable mapping but of the consumer page: Linux's -EPERM. */
static int kbpf_user_ringbuf_mmap(struct kbpf_map *map,
				  struct vm_area_struct *vma)
{
	struct kbpf_ringbuf_map *rb_map = kbpf_ringbuf_map(map);

	if ((vma->vm_flags & VM_WRITE) && vma->vm_pgoff == 0)
		return -EPERM;
	return remap_vmalloc_range(vma, rb_map->rb,
				   vma->vm_pgoff + KBPF_RINGBUF_PGOFF);
}

/* Writable while the ring is not full. */
static __poll_t kbpf_user_ringbuf_poll(struct kbpf_map *map, struct file *file,
				       struct poll_table_struct *pts)
{
	struct kbpf_ringbuf *rb = kbpf_ringbuf_map(map)->rb;

	poll_wait(file, &rb->waitq, pts);
	return kbpf_ringbuf_avail(rb) < rb->mask + 1 ? EPOLLOUT | EPOLLWRNORM :
						       0;
}

/*
 * The next record at the consumer position: 0 with @sample and @size
 * set; -ENODATA when there is none yet (or it is busy); -EAGAIN after
 * skipping a discarded one; -EINVAL or -E2BIG for a malformed ring.
 * The caller holds @rb->busy.
 */
static int kbpf_user_ringbuf_peek(struct kbpf_ringbuf *rb, void **sample,
				  u32 *size)
{
	u32 hdr_len, len, total, flags;
	u64 cons_pos, prod_pos;
	u32 *hdr;

	/* Pairs with the producer's smp_store_release() of producer_pos. */
	prod_pos = smp_load_acquire(&rb->producer_pos);
	if (prod_pos % 8)
		return -EINVAL;
	/* Pairs with smp_store_release() in kbpf_user_ringbuf_release(). */
	cons_pos = smp_load_acquire(&rb->consumer_pos);
	if (cons_pos >= prod_pos)
		return -ENODATA;

	hdr = (u32 *)(rb->data + (cons_pos & rb->mask));
	/* Pairs with the producer's smp_store_release() of the length. */
	hdr_len = smp_load_acquire(hdr);
	flags = hdr_len & (KBPF_RINGBUF_BUSY_BIT | KBPF_RINGBUF_DISCARD_BIT);
	len = hdr_len & ~flags;
	total = kbpf_ringbuf_len(len);

	if (total > prod_pos - cons_pos)
		return -EINVAL;
	if (total > rb->mask + 1 || kbpf_dynptr_check_size(len))
		return -E2BIG;
	if (flags & KBPF_RINGBUF_DISCARD_BIT) {
		/* Pairs with the producer's smp_load_acquire(). */
		smp_store_release(&rb->consumer_pos, cons_pos + total);
		return -EAGAIN;
	}
	if (flags & KBPF_RINGBUF_BUSY_BIT)
		return -ENODATA;

	*sample = rb->data + ((cons_pos + KBPF_RINGBUF_HDR_SZ) & rb->mask);
	*size = len;
	return 0;
}

static void kbpf_user_ringbuf_release(struct kbpf_ringbuf *rb, u32 size)
{
	/* Only the holder of @rb->busy writes consumer_pos. */
	unsigned long cons_pos = rb->consumer_pos;

	/* Pairs with the producer's smp_load_acquire(). */
	smp_store_release(&rb->consumer_pos, cons_pos + kbpf_ringbuf_len(size));
}

/*
 * Hand each record to the callback as a local dynptr until the ring is
 * empty or the callback returns non-zero; returns the records handed
 * over, or the error of a malformed ring.
 */
static u64 kbpf_helper_user_ringbuf_drain(u64 map, u64 callback, u64 ctx, u64 flags,
				   u64 r5)
{
	struct kbpf_map *m = (struct kbpf_map *)(unsigned long)map;
	long samples, discarded = 0, ret = 0;
	struct kbpf_dynptr_kern dynptr;
	struct kbpf_interp_cb cb;
	struct kbpf_ringbuf *rb;
	void *sample;
	u32 size;
	int err;

	if (unlikely(flags & ~(KBPF_RB_NO_WAKEUP | KBPF_RB_FORCE_WAKEUP)))
		return -EINVAL;
	/* The verifier guarantees the map type; unverified runs fail here. */
	if (m->ops != &kbpf_user_ringbuf_map_ops)
		return -EINVAL;
	rb = kbpf_ringbuf_map(m)->rb;

	if (atomic_cmpxchg(&rb->busy, 0, 1))
		return -EBUSY;

	kbpf_interp_cb_begin(&cb, (void *)(unsigned long)callback);
	for (samples = 0; samples < KBPF_MAX_USER_RINGBUF_SAMPLES && !ret;
	     samples++) {
		err = kbpf_user_ringbuf_peek(rb, &sample, &size);
		if (err == -ENODATA)
			break;
		if (err == -EAGAIN) {
			discarded++;
			continue;
		}
		if (err) {
			ret = err;
			goto out;
		}
		kbpf_dynptr_init(&dynptr, sample, KBPF_DYNPTR_TYPE_LOCAL, 0,
				 size);
		ret = kbpf_interp_cb_call(&cb, (unsigned long)&dynptr, ctx, 0,
					  0, 0);
		kbpf_user_ringbuf_release(rb, size);
	}
	ret = samples - discarded;
out:
	kbpf_interp_cb_end(&cb);
	/* The positions are stored before the ring is free again. */
	atomic_set_release(&rb->busy, 0);
	if (flags & KBPF_RB_FORCE_WAKEUP)
		irq_work_queue(&rb->work);
	else if (!(flags & KBPF_RB_NO_WAKEUP) && samples > 0)
		irq_work_queue(&rb->work);
	return ret;
}

const struct kbpf_helper_proto kbpf_user_ringbuf_drain_proto = {
	.fn = kbpf_helper_user_ringbuf_drain,
	.name = "user_ringbuf_drain", .cap = CAP_BPF,
	.callback = 2,
	KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_FUNC,
		  KBPF_ARG_PTR_TO_STACK_OR_NULL, KBPF_ARG_ANYTHING),
	.map_types = BIT_ULL(KBPF_MAP_TYPE_USER_RINGBUF),
	KBPF_CB_ARGS(KBPF_CB_ARG_DYNPTR_LOCAL, KBPF_CB_ARG_CTX),
};

const struct kbpf_map_ops kbpf_user_ringbuf_map_ops = {
	.alloc_check		= kbpf_ringbuf_alloc_check,
	.alloc			= kbpf_ringbuf_alloc,
	.free			= kbpf_ringbuf_free,
	.lookup			= kbpf_ringbuf_lookup,
	.update			= kbpf_ringbuf_update,
	.delete			= kbpf_ringbuf_delete,
	.get_next_key		= kbpf_ringbuf_get_next_key,
	.sys_lookup		= kbpf_ringbuf_sys_lookup,
	.mmap			= kbpf_user_ringbuf_mmap,
	.poll			= kbpf_user_ringbuf_poll,
	.helper_only		= true,
	.sleepable_ok		= true,
};
