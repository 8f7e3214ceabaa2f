/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dynptrs: the kernel's view of struct kbpf_dynptr, Linux's layout
 * (struct bpf_dynptr_kern): a data pointer, an offset into it, and a
 * size word whose low 24 bits are the size, bits 28-30 the type and
 * bit 31 read-only. A NULL @data is the invalid dynptr.
 */
#ifndef _KBPF_DYNPTR_H
#define _KBPF_DYNPTR_H

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/types.h>

#define KBPF_DYNPTR_MAX_SIZE	(BIT(24) - 1)
#define KBPF_DYNPTR_TYPE_SHIFT	28

enum kbpf_dynptr_type {
	KBPF_DYNPTR_TYPE_INVALID,
	KBPF_DYNPTR_TYPE_LOCAL,		/* program memory */
	KBPF_DYNPTR_TYPE_RINGBUF,	/* a reserved ringbuf record */
};

struct kbpf_dynptr_kern {
	void *data;
	u32 size;
	u32 offset;
} __aligned(8);

/*
 * Inline: the user ring buffer's drain sets up a dynptr for every sample
 * it hands to a callback, as the ring buffer does for every record.
 */
static inline int kbpf_dynptr_check_size(u32 size)
{
	return size > KBPF_DYNPTR_MAX_SIZE ? -E2BIG : 0;
}

static inline void kbpf_dynptr_init(struct kbpf_dynptr_kern *ptr, void *data,
				    enum kbpf_dynptr_type type, u32 offset,
				    u32 size)
{
	ptr->data = data;
	ptr->offset = offset;
	ptr->size = size | type << KBPF_DYNPTR_TYPE_SHIFT;
}

void kbpf_dynptr_set_null(struct kbpf_dynptr_kern *ptr);

#endif /* _KBPF_DYNPTR_H */
