// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_SOCKET_FILTER: a struct __sk_buff over the real struct
 * sk_buff of the kernel kbpf is built for (Linux's sk_filter ops:
 * sk_filter_is_valid_access(), bpf_convert_ctx_access(),
 * sk_filter_func_proto() and bpf_prog_test_run_skb()). No socket attach:
 * a module cannot reach SO_ATTACH_BPF, so test_run is the only way to run.
 */

#include <linux/err.h>
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/sched/signal.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <net/busy_poll.h>
#include <net/net_namespace.h>
#include <net/sch_generic.h>
#include <uapi/linux/bpf.h>

#include "../../../tools/include/kbpf/insn.h"
#include "../../compat.h"
#include "../run.h"
#include "../type.h"
#include "socket_filter.h"
#ifdef KBPF_INTERP_CHECKED
#include "../checked.h"
#endif

#define KBPF_SKB_OFF(f)		offsetof(struct __sk_buff, f)
#define KBPF_SKB_END(f)		offsetofend(struct __sk_buff, f)
/* @off lies in field @f of struct __sk_buff (Linux's bpf_ctx_range()). */
#define KBPF_IN(off, f)		((off) >= KBPF_SKB_OFF(f) && (off) < KBPF_SKB_END(f))
#define KBPF_IN_RANGE(off, first, last)	\
	((off) >= KBPF_SKB_OFF(first) && (off) < KBPF_SKB_END(last))

/* Fields Linux's sk_filter_is_valid_access() refuses whatever the size. */
static bool kbpf_sk_filter_refused(s32 off)
{
	return KBPF_IN(off, tc_classid) || KBPF_IN(off, data) ||
	       KBPF_IN(off, data_meta) || KBPF_IN(off, data_end) ||
	       KBPF_IN_RANGE(off, family, local_port) ||
	       KBPF_IN(off, tstamp) || KBPF_IN(off, wire_len) ||
	       KBPF_IN(off, hwtstamp) || KBPF_IN(off, flow_keys) ||
	       /* tstamp_type and the padding after it */
	       (off >= KBPF_SKB_OFF(tstamp_type) &&
		off < KBPF_SKB_OFF(hwtstamp)) ||
	       /*
		* kbpf has no socket pointers: __sk_buff->sk (Linux's
		* PTR_TO_SOCK_COMMON_OR_NULL) is refused, a documented difference.
		*/
	       KBPF_IN(off, sk);
}

static bool kbpf_sk_filter_ctx_access_ok(s32 off, u32 size, bool write,
					 u32 *field_size)
{
	bool cb = KBPF_IN_RANGE(off, cb[0], cb[4]);

	if (off < 0 || off >= sizeof(struct __sk_buff) || off % size)
		return false;
	if (kbpf_sk_filter_refused(off))
		return false;
	/* The cb words take any aligned access inside them, stores too. */
	if (cb)
		return off + size <= KBPF_SKB_END(cb[4]);
	if (write)
		return false;
	/* Every other field is a u32, read whole or narrower. */
	*field_size = sizeof(u32);
	return size <= sizeof(u32);
}

#define KBPF_EMIT(i)		(*insn++ = (struct kbpf_insn)i)
/* A load of sk_buff field @f into @dst from the sk_buff in @src. */
#define KBPF_SKB_LOAD(dst, src, f)					\
	KBPF_EMIT(KBPF_LDX_MEM(kbpf_bytes_to_size(sizeof_field(struct sk_buff, f)), \
			       dst, src, offsetof(struct sk_buff, f)))

static u8 kbpf_bytes_to_size(u32 bytes)
{
	switch (bytes) {
	case 1:
		return KBPF_B;
	case 2:
		return KBPF_H;
	case 4:
		return KBPF_W;
	default:
		return KBPF_DW;
	}
}

/* dst = skb_shinfo(skb) (Linux's bpf_convert_shinfo_access()). */
static struct kbpf_insn *kbpf_shinfo_access(u8 dst, u8 skb,
					    struct kbpf_insn *insn)
{
#ifdef NET_SKBUFF_DATA_USES_OFFSET
	KBPF_SKB_LOAD(KBPF_REG_AX, skb, end);
	KBPF_SKB_LOAD(dst, skb, head);
	KBPF_EMIT(KBPF_ALU64_REG(KBPF_ADD, dst, KBPF_REG_AX));
#else
	KBPF_SKB_LOAD(dst, skb, end);
#endif
	return insn;
}

/* The cb words live in qdisc_skb_cb's data, as Linux. */
static s16 kbpf_cb_off(s16 off)
{
	return off - KBPF_SKB_OFF(cb[0]) + offsetof(struct sk_buff, cb) +
	       offsetof(struct qdisc_skb_cb, data);
}

static struct kbpf_insn *kbpf_convert_vlan_present(const struct kbpf_insn *si,
						   struct kbpf_insn *insn)
{
#if KBPF_HAVE_SKB_VLAN_ALL
	KBPF_SKB_LOAD(si->dst_reg, si->src_reg, vlan_all);
	KBPF_EMIT(KBPF_JMP_IMM(KBPF_JEQ, si->dst_reg, 0, 1));
	KBPF_EMIT(KBPF_ALU32_IMM(KBPF_MOV, si->dst_reg, 1));
#else
	KBPF_EMIT(KBPF_LDX_MEM(KBPF_B, si->dst_reg, si->src_reg,
			       PKT_VLAN_PRESENT_OFFSET));
	if (PKT_VLAN_PRESENT_BIT)
		KBPF_EMIT(KBPF_ALU32_IMM(KBPF_RSH, si->dst_reg,
					 PKT_VLAN_PRESENT_BIT));
	if (PKT_VLAN_PRESENT_BIT < 7)
		KBPF_EMIT(KBPF_ALU32_IMM(KBPF_AND, si->dst_reg, 1));
#endif
	return insn;
}

/* A __sk_buff field that is one sk_buff field of @size bytes at @off. */
struct kbpf_skb_field {
	u16 uoff;
	u16 off;
	u8 size;
};

#define KBPF_SKB_FIELD(uf, kf) {					\
	.uoff = KBPF_SKB_OFF(uf), .off = offsetof(struct sk_buff, kf),	\
	.size = sizeof_field(struct sk_buff, kf) }

static const struct kbpf_skb_field kbpf_skb_fields[] = {
	KBPF_SKB_FIELD(len, len),
	KBPF_SKB_FIELD(mark, mark),
	KBPF_SKB_FIELD(queue_mapping, queue_mapping),
	KBPF_SKB_FIELD(protocol, protocol),
	KBPF_SKB_FIELD(vlan_tci, vlan_tci),
	KBPF_SKB_FIELD(vlan_proto, vlan_proto),
	KBPF_SKB_FIELD(priority, priority),
	KBPF_SKB_FIELD(ingress_ifindex, skb_iif),
	KBPF_SKB_FIELD(hash, hash),
#ifdef CONFIG_NET_SCHED
	KBPF_SKB_FIELD(tc_index, tc_index),
#endif
};

/* The fields a load of the whole u32 reads; *@target_size as Linux. */
static struct kbpf_insn *kbpf_convert_field(const struct kbpf_insn *si,
					    struct kbpf_insn *insn,
					    u32 *target_size)
{
	u8 dst = si->dst_reg, src = si->src_reg;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(kbpf_skb_fields); i++) {
		const struct kbpf_skb_field *f = &kbpf_skb_fields[i];

		if (f->uoff != si->off)
			continue;
		KBPF_EMIT(KBPF_LDX_MEM(kbpf_bytes_to_size(f->size), dst, src,
				       f->off));
		*target_size = f->size;
		return insn;
	}
	switch (si->off) {
#ifndef CONFIG_NET_SCHED
	case KBPF_SKB_OFF(tc_index):
		*target_size = 2;
		KBPF_EMIT(KBPF_MOV64_IMM(dst, 0));
		return insn;
#endif
	case KBPF_SKB_OFF(pkt_type):
		*target_size = 1;
		KBPF_EMIT(KBPF_LDX_MEM(KBPF_B, dst, src, PKT_TYPE_OFFSET));
		KBPF_EMIT(KBPF_ALU32_IMM(KBPF_AND, dst, PKT_TYPE_MAX));
#ifdef __BIG_ENDIAN_BITFIELD
		KBPF_EMIT(KBPF_ALU32_IMM(KBPF_RSH, dst, 5));
#endif
		return insn;
	case KBPF_SKB_OFF(vlan_present):
		*target_size = 4;
		return kbpf_convert_vlan_present(si, insn);
	case KBPF_SKB_OFF(ifindex):
		KBPF_SKB_LOAD(dst, src, dev);
		KBPF_EMIT(KBPF_JMP_IMM(KBPF_JEQ, dst, 0, 1));
		KBPF_EMIT(KBPF_LDX_MEM(KBPF_W, dst, dst,
				       offsetof(struct net_device, ifindex)));
		*target_size = 4;
		return insn;
	case KBPF_SKB_OFF(napi_id):
		*target_size = 4;
#ifdef CONFIG_NET_RX_BUSY_POLL
		KBPF_SKB_LOAD(dst, src, napi_id);
		KBPF_EMIT(KBPF_JMP_IMM(KBPF_JGE, dst, MIN_NAPI_ID, 1));
		KBPF_EMIT(KBPF_MOV64_IMM(dst, 0));
#else
		KBPF_EMIT(KBPF_MOV64_IMM(dst, 0));
#endif
		return insn;
	case KBPF_SKB_OFF(gso_segs):
		insn = kbpf_shinfo_access(dst, src, insn);
		KBPF_EMIT(KBPF_LDX_MEM(KBPF_H, dst, dst,
				       offsetof(struct skb_shared_info, gso_segs)));
		*target_size = 2;
		return insn;
	case KBPF_SKB_OFF(gso_size):
		insn = kbpf_shinfo_access(dst, src, insn);
		KBPF_EMIT(KBPF_LDX_MEM(KBPF_H, dst, dst,
				       offsetof(struct skb_shared_info, gso_size)));
		*target_size = 2;
		return insn;
	default:
		return insn;	/* nothing emitted: misconfigured */
	}
}

/*
 * Linux's bpf_convert_ctx_access() for the fields a socket filter may
 * use: loads of the u32 fields (narrow loads come here widened to the
 * whole field, the verifier shifts and masks), loads and stores of the
 * cb words at their own size.
 */
u32 kbpf_sk_filter_convert_ctx_access(const struct kbpf_insn *si,
				      struct kbpf_insn *buf, u32 *target_size)
{
	u8 class = KBPF_CLASS(si->code), size = KBPF_SIZE(si->code);
	struct kbpf_insn *insn = buf;

	BUILD_BUG_ON(sizeof_field(struct qdisc_skb_cb, data) < 20);
	BUILD_BUG_ON((offsetof(struct sk_buff, cb) +
		      offsetof(struct qdisc_skb_cb, data)) % sizeof(u64));

	if (KBPF_IN_RANGE(si->off, cb[0], cb[4])) {
		if (class == KBPF_LDX)
			KBPF_EMIT(KBPF_LDX_MEM(size, si->dst_reg, si->src_reg,
					       kbpf_cb_off(si->off)));
		else	/* ST or STX, as given (Linux's BPF_EMIT_STORE) */
			KBPF_EMIT(KBPF_RAW_INSN(class | size | KBPF_MEM,
						si->dst_reg, si->src_reg,
						kbpf_cb_off(si->off), si->imm));
		return insn - buf;
	}
	if (class != KBPF_LDX)
		return 0;
	return kbpf_convert_field(si, insn, target_size) - buf;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_sk_filter_convert_ctx_access);

/* Linux's sk_filter_func_proto() less what kbpf lacks. */
static const s32 kbpf_sk_filter_helpers[] = {
	KBPF_FUNC_skb_load_bytes,
};

/* ---- BPF_PROG_TEST_RUN: Linux's bpf_prog_test_run_skb() ---- */

#define KBPF_SKB_HEADROOM	(NET_SKB_PAD + NET_IP_ALIGN)
#define KBPF_SKB_TAILROOM	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))

/* Linux's bpf_test_init(): the packet with head- and tailroom. */
static void *kbpf_skb_data_init(const union kbpf_attr *attr)
{
	u32 size = attr->test.data_size_in;
	void *data;

	if (size > PAGE_SIZE - KBPF_SKB_HEADROOM - KBPF_SKB_TAILROOM)
		return ERR_PTR(-EINVAL);
	data = kzalloc(SKB_DATA_ALIGN(size) + KBPF_SKB_HEADROOM +
		       KBPF_SKB_TAILROOM, GFP_USER);
	if (!data)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(data + KBPF_SKB_HEADROOM,
			   u64_to_user_ptr(attr->test.data_in), size)) {
		kfree(data);
		return ERR_PTR(-EFAULT);
	}
	return data;
}

/* Linux's bpf_ctx_init() with bpf_check_uarg_tail_zero(). */
static struct __sk_buff *kbpf_skb_ctx_init(const union kbpf_attr *attr)
{
	void __user *ctx_in = u64_to_user_ptr(attr->test.ctx_in);
	u32 size = attr->test.ctx_size_in;
	struct __sk_buff *ctx;
	int err;

	if (!attr->test.ctx_in && !attr->test.ctx_out)
		return NULL;
	ctx = kzalloc(sizeof(*ctx), GFP_USER);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	if (!ctx_in)
		return ctx;
	err = size > PAGE_SIZE ? -E2BIG : 0;
	if (!err && size > sizeof(*ctx)) {
		err = check_zeroed_user(ctx_in + sizeof(*ctx),
					size - sizeof(*ctx));
		err = err < 0 ? err : err ? 0 : -E2BIG;
	}
	if (!err && copy_from_user(ctx, ctx_in, min_t(u32, size, sizeof(*ctx))))
		err = -EFAULT;
	if (err) {
		kfree(ctx);
		return ERR_PTR(err);
	}
	return ctx;
}

static bool kbpf_range_is_zero(const void *buf, size_t from, size_t to)
{
	return !memchr_inv((const u8 *)buf + from, 0, to - from);
}

/* Linux's convert___skb_to_skb(): the fields ctx_in may set. */
static int kbpf_skb_from_ctx(struct sk_buff *skb, const struct __sk_buff *c)
{
	struct qdisc_skb_cb *cb = (struct qdisc_skb_cb *)skb->cb;

	if (!c)
		return 0;
	if (!kbpf_range_is_zero(c, 0, KBPF_SKB_OFF(mark)) ||
	    !kbpf_range_is_zero(c, KBPF_SKB_END(mark), KBPF_SKB_OFF(priority)) ||
	    !kbpf_range_is_zero(c, KBPF_SKB_END(ifindex), KBPF_SKB_OFF(cb)) ||
	    !kbpf_range_is_zero(c, KBPF_SKB_END(cb), KBPF_SKB_OFF(tstamp)) ||
	    !kbpf_range_is_zero(c, KBPF_SKB_END(gso_segs), KBPF_SKB_OFF(gso_size)) ||
	    !kbpf_range_is_zero(c, KBPF_SKB_END(gso_size), KBPF_SKB_OFF(hwtstamp)) ||
	    !kbpf_range_is_zero(c, KBPF_SKB_END(hwtstamp), sizeof(*c)))
		return -EINVAL;

	skb->mark = c->mark;
	skb->priority = c->priority;
	skb->skb_iif = c->ingress_ifindex;
	skb->tstamp = c->tstamp;
	memcpy(&cb->data, c->cb, QDISC_CB_PRIV_LEN);
	if (!c->wire_len) {
		cb->pkt_len = skb->len;
	} else {
		if (c->wire_len < skb->len || c->wire_len > GSO_LEGACY_MAX_SIZE)
			return -EINVAL;
		cb->pkt_len = c->wire_len;
	}
	if (c->gso_segs > GSO_MAX_SEGS)
		return -EINVAL;
	skb_shinfo(skb)->gso_segs = c->gso_segs;
	skb_shinfo(skb)->gso_size = c->gso_size;
	skb_shinfo(skb)->hwtstamps.hwtstamp = c->hwtstamp;
	return 0;
}

/* Linux's convert_skb_to___skb(): what ctx_out reports. */
static void kbpf_skb_to_ctx(const struct sk_buff *skb, struct __sk_buff *c)
{
	const struct qdisc_skb_cb *cb = (const struct qdisc_skb_cb *)skb->cb;

	if (!c)
		return;
	c->mark = skb->mark;
	c->priority = skb->priority;
	c->ingress_ifindex = skb->skb_iif;
	c->ifindex = skb->dev->ifindex;
	c->tstamp = skb->tstamp;
	memcpy(c->cb, &cb->data, QDISC_CB_PRIV_LEN);
	c->wire_len = cb->pkt_len;
	c->gso_segs = skb_shinfo(skb)->gso_segs;
	c->hwtstamp = skb_shinfo(skb)->hwtstamps.hwtstamp;
}

/* The checks bpf_prog_test_run_skb() makes of the built packet. */
static int kbpf_skb_check_proto(const struct sk_buff *skb)
{
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		return skb_headlen(skb) < sizeof(struct iphdr) ? -EINVAL : 0;
#if IS_ENABLED(CONFIG_IPV6)
	case htons(ETH_P_IPV6):
		return skb_headlen(skb) < sizeof(struct ipv6hdr) ? -EINVAL : 0;
#endif
	default:
		return 0;
	}
}

/*
 * Linux's bpf_test_run() for one packet: @repeat runs with BHs off, the
 * mean duration in ns; a signal stops it with -EINTR.
 */
static int kbpf_skb_run(struct kbpf_prog *prog, struct sk_buff *skb,
			u32 repeat, u32 *retval, u32 *duration)
{
	u64 start = ktime_get_ns(), spent = 0;
	u32 i = 0;
#ifdef KBPF_INTERP_CHECKED
	struct kbpf_checked_region more[] = {
		{ .start = (unsigned long)skb->dev,
		  .end = (unsigned long)(skb->dev + 1), .rdonly = true },
		{ .start = (unsigned long)skb_shinfo(skb),
		  .end = (unsigned long)(skb_shinfo(skb) + 1), .rdonly = true },
	};
	struct kbpf_checked_ctx checked;

	/* The rewritten program reads the sk_buff, its device and shinfo. */
	kbpf_checked_ctx_publish_more(&checked, skb, sizeof(*skb), false,
				      more, ARRAY_SIZE(more));
#endif
	if (!repeat)
		repeat = 1;
	for (;;) {
		local_bh_disable();
		*retval = kbpf_prog_run(prog, skb);
		local_bh_enable();
		if (++i >= repeat)
			break;
		if (signal_pending(current)) {
#ifdef KBPF_INTERP_CHECKED
			kbpf_checked_ctx_withdraw(&checked);
#endif
			return -EINTR;
		}
		if (need_resched()) {
			spent += ktime_get_ns() - start;
			cond_resched();
			start = ktime_get_ns();
		}
	}
#ifdef KBPF_INTERP_CHECKED
	kbpf_checked_ctx_withdraw(&checked);
#endif
	spent += ktime_get_ns() - start;
	do_div(spent, i);
	*duration = min_t(u64, spent, U32_MAX);
	return 0;
}

/* Linux's bpf_test_finish(): data_out, data_size_out, retval, duration. */
static int kbpf_skb_finish(const union kbpf_attr *attr,
			   union kbpf_attr __user *uattr,
			   const struct sk_buff *skb, u32 retval, u32 duration)
{
	void __user *data_out = u64_to_user_ptr(attr->test.data_out);
	u32 size = skb->len, copy = size;
	int err = 0;

	if (attr->test.data_size_out && copy > attr->test.data_size_out) {
		copy = attr->test.data_size_out;
		err = -ENOSPC;
	}
	if (data_out && copy_to_user(data_out, skb->data, copy))
		return -EFAULT;
	if (put_user(size, &uattr->test.data_size_out) ||
	    put_user(retval, &uattr->test.retval) ||
	    put_user(duration, &uattr->test.duration))
		return -EFAULT;
	return err;
}

/* Linux's bpf_ctx_finish(). */
static int kbpf_skb_ctx_finish(const union kbpf_attr *attr,
			       union kbpf_attr __user *uattr,
			       const struct __sk_buff *ctx)
{
	void __user *ctx_out = u64_to_user_ptr(attr->test.ctx_out);
	u32 size = sizeof(*ctx), copy = size;
	int err = 0;

	if (!ctx || !ctx_out)
		return 0;
	if (copy > attr->test.ctx_size_out) {
		copy = attr->test.ctx_size_out;
		err = -ENOSPC;
	}
	if (copy_to_user(ctx_out, ctx, copy) ||
	    put_user(size, &uattr->test.ctx_size_out))
		return -EFAULT;
	return err;
}

static int kbpf_skb_checksum_check(struct sk_buff *skb, bool before)
{
	int off = skb_network_offset(skb);
	__wsum csum = skb_checksum(skb, off, skb->len - off, 0);

	if (before) {
		skb->csum = csum;
		skb->ip_summed = CHECKSUM_COMPLETE;
		return 0;
	}
	return csum_fold(skb->csum) != csum_fold(csum) ? -EBADMSG : 0;
}

/* Runs the program on @skb built from @data; @skb is the caller's. */
static int kbpf_skb_test(struct kbpf_prog *prog, const union kbpf_attr *attr,
			 union kbpf_attr __user *uattr, struct sk_buff *skb,
			 struct __sk_buff *ctx, struct net_device **devp)
{
	struct net *net = current->nsproxy->net_ns;
	bool csum = attr->test.flags & KBPF_F_TEST_SKB_CHECKSUM_COMPLETE;
	u32 retval, duration;
	int err;

	skb_reserve(skb, KBPF_SKB_HEADROOM);
	__skb_put(skb, attr->test.data_size_in);
	if (ctx && ctx->ifindex > 1) {
		*devp = dev_get_by_index(net, ctx->ifindex);
		if (!*devp)
			return -ENODEV;
	}
	skb->protocol = eth_type_trans(skb, *devp ? *devp : net->loopback_dev);
	skb_reset_network_header(skb);
	err = kbpf_skb_check_proto(skb);
	if (!err)
		err = kbpf_skb_from_ctx(skb, ctx);
	if (!err && csum)
		err = kbpf_skb_checksum_check(skb, true);
	if (!err)
		err = kbpf_skb_run(prog, skb, attr->test.repeat, &retval,
				   &duration);
	if (err)
		return err;
	/*
	 * A socket filter runs at the network header; the link-layer header
	 * comes back zeroed, as Linux (the headroom reserved above holds it).
	 */
	memset(__skb_push(skb, ETH_HLEN), 0, ETH_HLEN);
	if (csum) {
		err = kbpf_skb_checksum_check(skb, false);
		if (err)
			return err;
	}
	kbpf_skb_to_ctx(skb, ctx);
	err = kbpf_skb_finish(attr, uattr, skb, retval, duration);
	if (!err)
		err = kbpf_skb_ctx_finish(attr, uattr, ctx);
	return err;
}

static int kbpf_sk_filter_test_run(struct kbpf_prog *prog,
				   const union kbpf_attr *attr,
				   union kbpf_attr __user *uattr)
{
	struct net_device *dev = NULL;
	struct __sk_buff *ctx;
	struct sk_buff *skb;
	void *data;
	int err;

	if ((attr->test.flags & ~KBPF_F_TEST_SKB_CHECKSUM_COMPLETE) ||
	    attr->test.cpu || attr->test.batch_size)
		return -EINVAL;
	if (attr->test.data_size_in < ETH_HLEN)
		return -EINVAL;
	data = kbpf_skb_data_init(attr);
	if (IS_ERR(data))
		return PTR_ERR(data);
	ctx = kbpf_skb_ctx_init(attr);
	if (IS_ERR(ctx)) {
		kfree(data);
		return PTR_ERR(ctx);
	}
	skb = kbpf_slab_build_skb(data);
	if (!skb) {
		kfree(data);
		kfree(ctx);
		return -ENOMEM;
	}
	err = kbpf_skb_test(prog, attr, uattr, skb, ctx, &dev);
	kfree_skb(skb);
	dev_put(dev);
	kfree(ctx);
	return err;
}

const struct kbpf_prog_ops kbpf_prog_ops_socket_filter = {
	.name = "socket_filter",
	.ctx_access_ok = kbpf_sk_filter_ctx_access_ok,
	.convert_ctx_access = kbpf_sk_filter_convert_ctx_access,
	.ld_abs = true,
	.helpers = kbpf_sk_filter_helpers,
	.helper_cnt = ARRAY_SIZE(kbpf_sk_filter_helpers),
	.test_run = kbpf_sk_filter_test_run,
};
