// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a socket filter's ctx rewrite on this kernel's struct sk_buff.
 * Each __sk_buff field a socket filter may load is rewritten by
 * kbpf_sk_filter_convert_ctx_access(), the result run by the interpreter
 * on a real skb whose fields hold distinct values, and compared with what
 * the kernel's own accessors say. The cb words are stored and loaded
 * back through the rewrite too. A layout kbpf got wrong for the kernel
 * it was built for (6.1 and 6.12 differ) reads the wrong bytes here.
 */

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_vlan.h>
#include <linux/skbuff.h>
#include <net/sch_generic.h>
#include <uapi/linux/bpf.h>

#include "../kmod/prog/interp.h"
#include "../kmod/prog/types/socket_filter.h"
#include "../tools/include/kbpf/insn.h"

#define KT_SKB_LEN	37
/* Room for the rewrite of one access, and a trailing exit. */
#define KT_MAX_INSNS	32

static const struct kbpf_interp_env kt_skb_env = {
	.stack_depth = KBPF_STACK_SIZE,
};

/* An skb with a value of its own in every field a filter may read. */
static struct sk_buff *kt_skb(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put(skb, KT_SKB_LEN);
	skb->mark = 0x11223344;
	skb->queue_mapping = 7;
	skb->protocol = htons(ETH_P_IPV6);
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021AD), 0x0123);
	skb->priority = 0x55;
	skb->skb_iif = 9;
	skb->hash = 0xabcdef01;
	skb->pkt_type = PACKET_OTHERHOST;
	skb_shinfo(skb)->gso_segs = 3;
	skb_shinfo(skb)->gso_size = 1400;
	return skb;
}

/* Rewrite @si, append exit, run it on @skb: r0. */
static u64 kt_run_access(struct kunit *test, struct sk_buff *skb,
			 const struct kbpf_insn *si, u32 nr_pre,
			 const struct kbpf_insn *pre)
{
	struct kbpf_insn prog[KT_MAX_INSNS];
	u32 n, target_size = 0;

	KUNIT_ASSERT_LE(test, nr_pre, 4U);
	memcpy(prog, pre, nr_pre * sizeof(*pre));
	n = kbpf_sk_filter_convert_ctx_access(si, prog + nr_pre,
					      &target_size);
	KUNIT_ASSERT_GT(test, n, 0U);
	KUNIT_ASSERT_LT(test, nr_pre + n, (u32)KT_MAX_INSNS - 1);
	prog[nr_pre + n] = (struct kbpf_insn)KBPF_EXIT_INSN();
	return kbpf_interp_run_env(prog, skb, &kt_skb_env);
}

/* A 32-bit load of __sk_buff field at @off. */
static u64 kt_load(struct kunit *test, struct sk_buff *skb, s16 off)
{
	const struct kbpf_insn si = KBPF_LDX_MEM(KBPF_W, 0, 1, off);

	return kt_run_access(test, skb, &si, 0, NULL);
}

#define KT_FIELD(f)	offsetof(struct __sk_buff, f)

static void kt_sk_filter_fields(struct kunit *test)
{
	struct sk_buff *skb = kt_skb(test);

	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(len)), skb->len);
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(mark)), skb->mark);
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(queue_mapping)),
			skb->queue_mapping);
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(protocol)),
			skb->protocol);
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(vlan_present)), 1);
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(vlan_tci)),
			skb_vlan_tag_get(skb));
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(vlan_proto)),
			skb->vlan_proto);
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(priority)),
			skb->priority);
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(ingress_ifindex)),
			skb->skb_iif);
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(hash)), skb->hash);
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(pkt_type)),
			PACKET_OTHERHOST);
	/* No device: Linux's rewrite gives 0. */
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(ifindex)), 0);
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(gso_segs)),
			skb_shinfo(skb)->gso_segs);
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(gso_size)),
			skb_shinfo(skb)->gso_size);
	kfree_skb(skb);
}

/* Without a vlan tag, vlan_present reads 0. */
static void kt_sk_filter_no_vlan(struct kunit *test)
{
	struct sk_buff *skb = kt_skb(test);

	__vlan_hwaccel_clear_tag(skb);
	KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(vlan_present)), 0);
	kfree_skb(skb);
}

/*
 * The cb words are qdisc_skb_cb's data: a store through the rewrite
 * lands there (seen by the kernel) and a load reads it back.
 */
static void kt_sk_filter_cb(struct kunit *test)
{
	struct sk_buff *skb = kt_skb(test);
	u32 *data = (u32 *)qdisc_skb_cb(skb)->data;
	u32 i;

	for (i = 0; i < 5; i++) {
		const struct kbpf_insn pre[] = {
			KBPF_MOV64_IMM(2, 0x1000 + i),
		};
		struct kbpf_insn st = KBPF_STX_MEM(KBPF_W, 1, 2,
						   KT_FIELD(cb[i]));

		kt_run_access(test, skb, &st, ARRAY_SIZE(pre), pre);
		KUNIT_EXPECT_EQ(test, data[i], 0x1000 + i);
		data[i] = 0x2000 + i;
		KUNIT_EXPECT_EQ(test, kt_load(test, skb, KT_FIELD(cb[i])),
				0x2000 + i);
	}
	kfree_skb(skb);
}

/*
 * LD_ABS and LD_IND (r6 the skb): the packet's big-endian bytes at each
 * width; a read past the packet ends the program with r0 = 0.
 */
static u64 kt_ld_pkt(struct sk_buff *skb, u8 mode, u8 size, s32 imm,
		     s64 idx)
{
	const struct kbpf_insn prog[] = {
		KBPF_MOV64_REG(6, 1),
		KBPF_LD_IMM64_1(7, 0, idx), KBPF_LD_IMM64_2(idx),
		KBPF_RAW_INSN(KBPF_LD | mode | size, 0, 7, 0, imm),
		KBPF_ALU64_IMM(KBPF_ADD, 0, 0x100000),	/* ran on */
		KBPF_EXIT_INSN(),
	};

	return kbpf_interp_run_env(prog, skb, &kt_skb_env);
}

static void kt_sk_filter_ld_abs(struct kunit *test)
{
	struct sk_buff *skb = kt_skb(test);
	u8 *data = skb->data;
	u32 i;

	for (i = 0; i < KT_SKB_LEN; i++)
		data[i] = 0x10 + i;
	KUNIT_EXPECT_EQ(test, kt_ld_pkt(skb, KBPF_ABS, KBPF_B, 3, 0),
			0x100000 + 0x13);
	KUNIT_EXPECT_EQ(test, kt_ld_pkt(skb, KBPF_ABS, KBPF_H, 4, 0),
			0x100000 + 0x1415);
	KUNIT_EXPECT_EQ(test, kt_ld_pkt(skb, KBPF_ABS, KBPF_W, 33, 0),
			0x100000 + 0x31323334);
	KUNIT_EXPECT_EQ(test, kt_ld_pkt(skb, KBPF_IND, KBPF_W, -2, 35),
			0x100000 + 0x31323334);
	/* One byte past the end, far past it, and a negative offset. */
	KUNIT_EXPECT_EQ(test, kt_ld_pkt(skb, KBPF_ABS, KBPF_W, 34, 0), 0);
	KUNIT_EXPECT_EQ(test, kt_ld_pkt(skb, KBPF_ABS, KBPF_B, KT_SKB_LEN, 0),
			0);
	KUNIT_EXPECT_EQ(test, kt_ld_pkt(skb, KBPF_IND, KBPF_H, 0, 1LL << 32),
			0x100000 + 0x1011);
	KUNIT_EXPECT_EQ(test, kt_ld_pkt(skb, KBPF_IND, KBPF_B, 0, S32_MAX), 0);
	KUNIT_EXPECT_EQ(test, kt_ld_pkt(skb, KBPF_IND, KBPF_B, -1, 0), 0);
	kfree_skb(skb);
}

static struct kunit_case kt_sk_filter_cases[] = {
	KUNIT_CASE(kt_sk_filter_fields),
	KUNIT_CASE(kt_sk_filter_ld_abs),
	KUNIT_CASE(kt_sk_filter_no_vlan),
	KUNIT_CASE(kt_sk_filter_cb),
	{}
};

static struct kunit_suite kt_sk_filter_suite = {
	.name = "kbpf_sk_filter_ctx",
	.test_cases = kt_sk_filter_cases,
};

kunit_test_suite(kt_sk_filter_suite);
