// SPDX-License-Identifier: GPL-2.0
/*
 * Packet reads of socket filters, as Linux's net/core/filter.c: the
 * packet is the sk_buff's linear data (test_run builds no other), read
 * through skb_header_pointer() and skb_copy_bits() all the same.
 */

#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/string.h>

#include "../compat.h"
#include "helpers.h"
#include "skb.h"

/* Linux's bpf_internal_load_pointer_neg_helper(). */
static const void *kbpf_skb_neg_pointer(const struct sk_buff *skb, int k,
					unsigned int size)
{
	const u8 *ptr = NULL;

	if (k >= SKF_NET_OFF) {
		ptr = skb_network_header(skb) + k - SKF_NET_OFF;
	} else if (k >= SKF_LL_OFF) {
		if (unlikely(!skb_mac_header_was_set(skb)))
			return NULL;
		ptr = skb_mac_header(skb) + k - SKF_LL_OFF;
	}
	if (ptr >= skb->head && ptr + size <= skb_tail_pointer(skb))
		return ptr;
	return NULL;
}

s64 kbpf_skb_load_abs(const void *ctx, s32 off, u32 size)
{
	const struct sk_buff *skb = ctx;
	u32 headlen = skb_headlen(skb);
	const void *ptr;
	u8 buf[4];

	if (likely(off >= 0)) {
		if (headlen >= size && (u32)off <= headlen - size)
			ptr = skb->data + off;
		else if (!skb_copy_bits(skb, off, buf, size))
			ptr = buf;
		else
			return -EFAULT;
	} else {
		ptr = kbpf_skb_neg_pointer(skb, off, size);
		if (unlikely(!ptr))
			return -EFAULT;
	}
	switch (size) {
	case 1:
		return *(const u8 *)ptr;
	case 2:
		return get_unaligned_be16(ptr);
	default:
		return get_unaligned_be32(ptr);
	}
}

/* Linux's bpf_skb_load_bytes(): a failed read clears the buffer. */
static u64 kbpf_helper_skb_load_bytes(u64 ctx, u64 offset, u64 to, u64 len, u64 r5)
{
	const struct sk_buff *skb = (const struct sk_buff *)(unsigned long)ctx;
	void *buf = (void *)(unsigned long)to;
	const void *ptr;

	if (unlikely((u32)offset > INT_MAX))
		goto err_clear;
	ptr = skb_header_pointer(skb, (u32)offset, (u32)len, buf);
	if (unlikely(!ptr))
		goto err_clear;
	if (ptr != buf)
		memcpy(buf, ptr, (u32)len);
	return 0;
err_clear:
	memset(buf, 0, (u32)len);
	return -EFAULT;
}

const struct kbpf_helper_proto kbpf_skb_load_bytes_proto = {
	.fn = kbpf_helper_skb_load_bytes,
	.name = "skb_load_bytes",
	.type_specific = true,
	KBPF_ARGS(KBPF_ARG_PTR_TO_CTX, KBPF_ARG_ANYTHING,
		  KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE),
};
