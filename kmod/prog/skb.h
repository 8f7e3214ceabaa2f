/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a packet: what LD_ABS, LD_IND and bpf_skb_load_bytes() do on
 * the struct sk_buff a socket filter runs on.
 */
#ifndef _KBPF_PROG_SKB_H
#define _KBPF_PROG_SKB_H

#include <linux/errno.h>
#include <linux/kconfig.h>
#include <linux/types.h>

/*
 * LD_ABS and LD_IND of @size bytes (1, 2 or 4) at @off of the packet
 * @skb, as Linux's bpf_skb_load_helper_*(): the value in host order
 * (the packet's big-endian bytes), or a negative errno when the bytes
 * are not in the packet, which ends the program with return value 0.
 * Negative offsets address the network header (SKF_NET_OFF) and the
 * link-layer header (SKF_LL_OFF).
 */
#if IS_ENABLED(CONFIG_NET)
s64 kbpf_skb_load_abs(const void *skb, s32 off, u32 size);
#else
/* No networking, no socket filters: no program reaches this. */
static inline s64 kbpf_skb_load_abs(const void *skb, s32 off, u32 size)
{
	return -EFAULT;
}
#endif

#endif /* _KBPF_PROG_SKB_H */
