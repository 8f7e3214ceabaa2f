// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_SOCKET_FILTER run by PROG_TEST_RUN, as Linux 6.12's
 * bpf_prog_test_run_skb(): a table of packets (empty to 64 KiB, every
 * ethertype test_run looks at, every kind of destination MAC) with and
 * without ctx_in, through programs that read every readable __sk_buff
 * field, store into cb[], and read the packet with LD_ABS, LD_IND and
 * bpf_skb_load_bytes(). Each run happens on Linux and on kbpf in the same
 * process and must give the same errno, retval, data_out and ctx_out.
 *
 * Also the probes of Debian's libbpf 1.1: bpf_object__probe_loading()
 * loads { r0 = 0; exit } as an unnamed SOCKET_FILTER with license "GPL",
 * and the program-name probe (kernel_supports(FEAT_PROG_NAME)) loads the
 * same program named "libbpf_nametest". Both must load on both targets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kbpf_prog.h"

#define LD_ABS(sz, imm)	\
	KBPF_RAW_INSN(KBPF_LD | KBPF_ABS | KBPF_##sz, 0, 0, 0, imm)
#define LD_IND(sz, s, imm)	\
	KBPF_RAW_INSN(KBPF_LD | KBPF_IND | KBPF_##sz, 0, s, 0, imm)
#define SKB_SIZE	192	/* sizeof(struct __sk_buff) */
#define MAX_PKT		(64 * 1024 + 1)

/* r0 = r0 * 31 + the u32 field at @off of the ctx in r6. */
#define MIX_FIELD(off)							\
	KBPF_LDX_MEM(KBPF_W, KBPF_REG_2, KBPF_REG_6, off),		\
	KBPF_ALU64_IMM(KBPF_MUL, KBPF_REG_0, 31),			\
	KBPF_ALU64_REG(KBPF_ADD, KBPF_REG_0, KBPF_REG_2)

static const struct kbpf_insn prog_ret0[] = {
	KBPF_MOV64_IMM(KBPF_REG_0, 0), KBPF_EXIT_INSN(),
};

static const struct kbpf_insn prog_fields[] = {
	KBPF_MOV64_REG(KBPF_REG_6, KBPF_REG_1),
	KBPF_MOV64_IMM(KBPF_REG_0, 0),
	MIX_FIELD(0), MIX_FIELD(4), MIX_FIELD(8), MIX_FIELD(12),
	MIX_FIELD(16), MIX_FIELD(20), MIX_FIELD(24), MIX_FIELD(28),
	MIX_FIELD(32), MIX_FIELD(36), MIX_FIELD(40), MIX_FIELD(44),
	MIX_FIELD(48), MIX_FIELD(52), MIX_FIELD(56), MIX_FIELD(60),
	MIX_FIELD(64), MIX_FIELD(68), MIX_FIELD(84), MIX_FIELD(164),
	MIX_FIELD(176),
	KBPF_EXIT_INSN(),
};

/* Narrow loads of len and protocol; stores into cb[] for ctx_out. */
static const struct kbpf_insn prog_cb[] = {
	KBPF_LDX_MEM(KBPF_B, KBPF_REG_2, KBPF_REG_1, 1),
	KBPF_LDX_MEM(KBPF_H, KBPF_REG_3, KBPF_REG_1, 18),
	KBPF_LDX_MEM(KBPF_B, KBPF_REG_4, KBPF_REG_1, 17),
	KBPF_STX_MEM(KBPF_B, KBPF_REG_1, KBPF_REG_2, 48),
	KBPF_STX_MEM(KBPF_H, KBPF_REG_1, KBPF_REG_3, 50),
	KBPF_STX_MEM(KBPF_W, KBPF_REG_1, KBPF_REG_4, 52),
	KBPF_LDX_MEM(KBPF_W, KBPF_REG_5, KBPF_REG_1, 8),	/* mark */
	KBPF_STX_MEM(KBPF_DW, KBPF_REG_1, KBPF_REG_5, 56),
	KBPF_ST_MEM(KBPF_W, KBPF_REG_1, 64, 0x5a5a5a5a),
	KBPF_LDX_MEM(KBPF_W, KBPF_REG_0, KBPF_REG_1, 0),
	KBPF_EXIT_INSN(),
};

/* LD_ABS at fixed offsets, LD_IND at len - 4 and at a packet byte. */
static const struct kbpf_insn prog_ld_abs[] = {
	KBPF_MOV64_REG(KBPF_REG_6, KBPF_REG_1),
	LD_ABS(B, 0),
	KBPF_MOV64_REG(KBPF_REG_7, KBPF_REG_0),
	LD_ABS(H, 9),
	KBPF_ALU64_REG(KBPF_ADD, KBPF_REG_7, KBPF_REG_0),
	LD_ABS(W, -0x200000 + 10),			/* SKF_LL_OFF */
	KBPF_ALU64_REG(KBPF_XOR, KBPF_REG_7, KBPF_REG_0),
	KBPF_LDX_MEM(KBPF_W, KBPF_REG_8, KBPF_REG_6, 0),
	LD_IND(W, KBPF_REG_8, -4),
	KBPF_ALU64_REG(KBPF_ADD, KBPF_REG_7, KBPF_REG_0),
	LD_ABS(B, 1),
	LD_IND(H, KBPF_REG_0, 100),
	KBPF_ALU64_REG(KBPF_ADD, KBPF_REG_0, KBPF_REG_7),
	KBPF_EXIT_INSN(),
};

/* bpf_skb_load_bytes() of 16 bytes at the offset in packet byte 2. */
static const struct kbpf_insn prog_load_bytes[] = {
	KBPF_MOV64_REG(KBPF_REG_6, KBPF_REG_1),
	LD_ABS(B, 2),
	KBPF_MOV64_REG(KBPF_REG_1, KBPF_REG_6),
	KBPF_MOV64_REG(KBPF_REG_2, KBPF_REG_0),
	KBPF_ALU64_IMM(KBPF_LSH, KBPF_REG_2, 4),
	KBPF_MOV64_REG(KBPF_REG_3, KBPF_REG_10),
	KBPF_ALU64_IMM(KBPF_ADD, KBPF_REG_3, -16),
	KBPF_MOV64_IMM(KBPF_REG_4, 16),
	KBPF_CALL_HELPER(KBPF_FUNC_skb_load_bytes),
	KBPF_LDX_MEM(KBPF_DW, KBPF_REG_1, KBPF_REG_10, -16),
	KBPF_LDX_MEM(KBPF_DW, KBPF_REG_2, KBPF_REG_10, -8),
	KBPF_ALU64_REG(KBPF_XOR, KBPF_REG_1, KBPF_REG_2),
	KBPF_ALU64_REG(KBPF_ADD, KBPF_REG_0, KBPF_REG_1),
	KBPF_EXIT_INSN(),
};

struct sk_prog {
	const char *name;
	const struct kbpf_insn *insns;
	unsigned int cnt;
};

#define SK_PROG(p)	{ #p, p, ARRAY_SIZE(p) }

static const struct sk_prog progs[] = {
	SK_PROG(prog_ret0),
	SK_PROG(prog_fields),
	SK_PROG(prog_cb),
	SK_PROG(prog_ld_abs),
	SK_PROG(prog_load_bytes),
};

/* A packet of the table: size, ethertype, destination MAC kind. */
struct sk_pkt {
	unsigned int size;
	unsigned short proto;
	unsigned char dst;	/* 0: zero (lo's), 1: broadcast, 2: multicast, 3: other */
};

static const unsigned int pkt_sizes[] = {
	0, 1, 13, 14, 15, 16, 20, 33, 34, 35, 53, 54, 55, 60, 64, 100, 127,
	128, 255, 256, 511, 512, 1000, 1499, 1500, 1514, 1515, 2048, 3000,
	3711, 3712, 3713, 4000, 4096, 8192, 65535, 65536,
};

static const unsigned short pkt_protos[] = {
	0x0800, 0x86dd, 0x0806, 0x8100, 0x0000, 0x05dc, 0xffff,
};

/* How ctx_in is given: none, or one of these __sk_buff images. */
enum ctx_kind {
	CTX_NONE,
	CTX_ZERO,		/* all zero, ctx_out too */
	CTX_FIELDS,		/* mark, priority, ifindex 1, cb, tstamp, gso */
	CTX_OUT_ONLY,		/* ctx_out without ctx_in */
	CTX_BAD_LEN,		/* len set: -EINVAL */
	CTX_BAD_WIRE_LEN,	/* wire_len below the packet: -EINVAL */
	CTX_BAD_GSO,		/* gso_segs past GSO_MAX_SEGS: -EINVAL */
	CTX_NO_DEV,		/* ifindex 1000: -ENODEV */
	CTX_BIG_TAIL,		/* 200 bytes, tail not zero: -E2BIG */
	CTX_BIG_ZERO_TAIL,	/* 300 bytes, zero tail */
	CTX_SHORT,		/* 12 bytes: mark only */
	CTX_KINDS,
};

struct sk_result {
	int err;
	__u32 retval;
	__u32 data_size_out;
	__u32 ctx_size_out;
	unsigned char ctx_out[SKB_SIZE];
	unsigned char *data_out;
};

/*
 * A kernel without networking (the debug kernel's minimal config) has no
 * sk_buff and, on Linux as on kbpf, no SOCKET_FILTER.
 */
static void need_net(void)
{
	if (access("/sys/class/net/lo", F_OK))
		kbpf_skip("kernel without networking: no socket filters");
}

/*
 * The table compares with the running kernel's bpf(2) in-process: only
 * Linux 6.12 is the oracle (6.1's verifier refuses some of the programs;
 * there the verifier corpus checks kbpf's rewrite on 6.1's sk_buff).
 */
static void need_oracle(void)
{
	struct utsname u;
	unsigned int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u", &major, &minor) != 2 ||
	    major * 1000 + minor < 6012)
		kbpf_skip("Linux %s is not the 6.12 oracle", u.release);
}

static void put32(unsigned char *ctx, unsigned int off, __u32 v)
{
	memcpy(ctx + off, &v, sizeof(v));
}

static void put64(unsigned char *ctx, unsigned int off, __u64 v)
{
	memcpy(ctx + off, &v, sizeof(v));
}

/* Fills @ctx for @kind; returns ctx_size_in (0: no ctx_in). */
static __u32 ctx_fill(enum ctx_kind kind, unsigned char *ctx, unsigned int pkt)
{
	memset(ctx, 0, 512);
	switch (kind) {
	case CTX_NONE:
	case CTX_OUT_ONLY:
		return 0;
	case CTX_ZERO:
		return SKB_SIZE;
	case CTX_FIELDS:
		put32(ctx, 8, 0xabcd0000 + pkt);	/* mark */
		put32(ctx, 32, 7);			/* priority */
		put32(ctx, 36, 3);			/* ingress_ifindex */
		put32(ctx, 40, 1);			/* ifindex */
		put32(ctx, 48, 0x11111111);		/* cb[0..4] */
		put32(ctx, 56, 0x33333333);
		put32(ctx, 64, 0x55555555);
		put64(ctx, 152, 123456789);		/* tstamp */
		put32(ctx, 160, pkt + 10);		/* wire_len */
		put32(ctx, 164, 2);			/* gso_segs */
		put32(ctx, 176, 1400);			/* gso_size */
		put64(ctx, 184, 42);			/* hwtstamp */
		return SKB_SIZE;
	case CTX_BAD_LEN:
		put32(ctx, 0, 1);
		return SKB_SIZE;
	case CTX_BAD_WIRE_LEN:
		put32(ctx, 160, 1);
		return SKB_SIZE;
	case CTX_BAD_GSO:
		put32(ctx, 164, 65536);
		return SKB_SIZE;
	case CTX_NO_DEV:
		put32(ctx, 40, 1000);
		return SKB_SIZE;
	case CTX_BIG_TAIL:
		ctx[199] = 1;
		return 200;
	case CTX_BIG_ZERO_TAIL:
		put32(ctx, 8, 9);
		return 300;
	case CTX_SHORT:
		put32(ctx, 8, 0x77);
		return 12;
	default:
		return 0;
	}
}

static void pkt_fill(unsigned char *pkt, unsigned int size, unsigned int i)
{
	static const unsigned char macs[4][6] = {
		{ 0, 0, 0, 0, 0, 0 },
		{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
		{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },
		{ 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 },
	};
	unsigned short proto = pkt_protos[i % ARRAY_SIZE(pkt_protos)];
	unsigned int b;

	for (b = 0; b < size; b++)
		pkt[b] = (unsigned char)(b * 7 + i * 13 + (b >> 8));
	if (size >= 6)
		memcpy(pkt, macs[i % 4], 6);
	if (size >= 14) {
		pkt[12] = proto >> 8;
		pkt[13] = proto & 0xff;
	}
	/* An IPv4 header's version and length, where there is room. */
	if (size >= 15 && proto == 0x0800)
		pkt[14] = 0x45;
}

static void run_on(enum kbpf_target target, int fd, const unsigned char *pkt,
		   unsigned int size, enum ctx_kind kind, unsigned int i,
		   struct sk_result *res)
{
	unsigned char ctx_in[512];
	struct kbpf_test_run_opts opts = {
		.sz = sizeof(opts),
		.data_in = pkt,
		.data_size_in = size,
		.data_out = res->data_out,
		.data_size_out = MAX_PKT,
		.ctx_out = res->ctx_out,
		.ctx_size_out = sizeof(res->ctx_out),
	};

	kbpf_set_target(target);
	opts.ctx_size_in = ctx_fill(kind, ctx_in, i);
	if (opts.ctx_size_in)
		opts.ctx_in = ctx_in;
	if (kind == CTX_NONE) {
		opts.ctx_out = NULL;
		opts.ctx_size_out = 0;
	}
	/* Every fourth run: a small data_out room, -ENOSPC past it. */
	if (i % 4 == 3)
		opts.data_size_out = 40;
	if (i % 8 == 5)
		opts.repeat = 3;
	memset(res->ctx_out, 0xee, sizeof(res->ctx_out));
	memset(res->data_out, 0xee, MAX_PKT);
	res->err = kbpf_prog_test_run_opts(fd, &opts) ? errno : 0;
	res->retval = opts.retval;
	res->data_size_out = opts.data_size_out;
	res->ctx_size_out = opts.ctx_size_out;
}

static bool same(const struct sk_result *l, const struct sk_result *k,
		 const char *what)
{
	unsigned int n = l->data_size_out < MAX_PKT ? l->data_size_out : MAX_PKT;

	if (l->err != k->err || l->retval != k->retval ||
	    l->data_size_out != k->data_size_out ||
	    l->ctx_size_out != k->ctx_size_out ||
	    memcmp(l->ctx_out, k->ctx_out, sizeof(l->ctx_out)) ||
	    memcmp(l->data_out, k->data_out, n)) {
		kbpf_diag("%s: linux %s retval %#x size %u ctx %u | kbpf %s retval %#x size %u ctx %u%s%s",
			  what, kbpf_errname(l->err), l->retval,
			  l->data_size_out, l->ctx_size_out,
			  kbpf_errname(k->err), k->retval, k->data_size_out,
			  k->ctx_size_out,
			  memcmp(l->ctx_out, k->ctx_out, sizeof(l->ctx_out)) ?
			  " ctx_out differs" : "",
			  memcmp(l->data_out, k->data_out, n) ?
			  " data_out differs" : "");
		return false;
	}
	return true;
}

static int load_on(enum kbpf_target target, const struct sk_prog *p)
{
	int fd;

	kbpf_set_target(target);
	fd = kbpf_prog_load(KBPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL",
			    p->insns, p->cnt, NULL);
	if (fd < 0)
		FAIL("%s on %s: %s", p->name, kbpf_target_name(target),
		     kbpf_errname(errno));
	return fd;
}

TEST(sk_filter_packet_table)
{
	static struct sk_result lres, kres;
	unsigned int p, s, k, i = 0, runs = 0, bad = 0, ran = 0;
	unsigned char *pkt = malloc(MAX_PKT);
	char what[128];

	need_net();
	need_oracle();

	lres.data_out = malloc(MAX_PKT);
	kres.data_out = malloc(MAX_PKT);
	ASSERT_TRUE(pkt && lres.data_out && kres.data_out);
	for (p = 0; p < ARRAY_SIZE(progs); p++) {
		int lfd = load_on(KBPF_TARGET_LINUX, &progs[p]);
		int kfd = load_on(KBPF_TARGET_KBPF, &progs[p]);

		for (s = 0; s < ARRAY_SIZE(pkt_sizes); s++) {
			for (k = 0; k < CTX_KINDS; k++, i++) {
				/* Big packets: without ctx only (they all fail). */
				if (pkt_sizes[s] > 4096 && k > CTX_ZERO)
					continue;
				pkt_fill(pkt, pkt_sizes[s], i);
				run_on(KBPF_TARGET_LINUX, lfd, pkt, pkt_sizes[s],
				       k, i, &lres);
				run_on(KBPF_TARGET_KBPF, kfd, pkt, pkt_sizes[s],
				       k, i, &kres);
				runs++;
				ran += !lres.err || lres.err == ENOSPC;
				snprintf(what, sizeof(what),
					 "%s size %u proto %#06x mac %u ctx %u",
					 progs[p].name, pkt_sizes[s],
					 pkt_protos[i % ARRAY_SIZE(pkt_protos)],
					 i % 4, k);
				if (!same(&lres, &kres, what) && ++bad > 20)
					FAIL("too many differences");
			}
		}
		close(lfd);
		close(kfd);
	}
	kbpf_diag("%u runs on each target, %u of them ran the program",
		  runs, ran);
	ASSERT_EQ(bad, 0);
	ASSERT_GE(ran, 500);
}

/*
 * The attribute checks of bpf_prog_test_run_skb() and bpf_test_init():
 * flags, cpu, batch_size, sizes, and a faulting data_in.
 */
TEST(sk_filter_test_run_attrs)
{
	unsigned char pkt[64] = { 0 };
	struct kbpf_test_run_opts opts;
	int fd;

	need_net();

	fd = kbpf_prog_load(KBPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL",
			    prog_ret0, ARRAY_SIZE(prog_ret0), NULL);
	ASSERT_GE(fd, 0);
#define RUN(field, value, want)						\
	do {								\
		memset(&opts, 0, sizeof(opts));				\
		opts.sz = sizeof(opts);					\
		opts.data_in = pkt;					\
		opts.data_size_in = sizeof(pkt);			\
		opts.field = value;					\
		ASSERT_EQ(kbpf_prog_test_run_opts(fd, &opts) ? errno : 0, \
			  want);					\
	} while (0)
	RUN(flags, 0, 0);
	RUN(flags, KBPF_F_TEST_SKB_CHECKSUM_COMPLETE, 0);
	RUN(flags, KBPF_F_TEST_RUN_ON_CPU, EINVAL);
	RUN(cpu, 1, EINVAL);
	RUN(batch_size, 1, EINVAL);
	RUN(data_size_in, 13, EINVAL);
	RUN(data_size_in, 0, EINVAL);
	RUN(data_in, NULL, EFAULT);
	RUN(data_in, (void *)8, EFAULT);
	RUN(repeat, 1000, 0);
#undef RUN
	close(fd);
}

/* bpf_object__probe_loading() of libbpf 1.1 (libbpf.c). */
TEST(sk_filter_libbpf_probe_loading)
{
	const struct kbpf_insn insns[] = {
		KBPF_MOV64_IMM(KBPF_REG_0, 0), KBPF_EXIT_INSN(),
	};
	int fd;

	need_net();
	fd = kbpf_prog_load(KBPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", insns,
			    ARRAY_SIZE(insns), NULL);

	ASSERT_GE(fd, 0);
	close(fd);
}

/* probe_kern_prog_name() of libbpf 1.1 (libbpf.c). */
TEST(sk_filter_libbpf_probe_prog_name)
{
	const struct kbpf_insn insns[] = {
		KBPF_MOV64_IMM(KBPF_REG_0, 0), KBPF_EXIT_INSN(),
	};
	struct kbpf_prog_info info;
	__u32 len = sizeof(info);
	int fd;

	need_net();
	fd = kbpf_prog_load(KBPF_PROG_TYPE_SOCKET_FILTER, "libbpf_nametest",
			    "GPL", insns, ARRAY_SIZE(insns), NULL);

	ASSERT_GE(fd, 0);
	memset(&info, 0, sizeof(info));
	ASSERT_EQ(kbpf_prog_get_info_by_fd(fd, &info, &len), 0);
	ASSERT_EQ(info.type, KBPF_PROG_TYPE_SOCKET_FILTER);
	ASSERT_STREQ(info.name, "libbpf_nametest");
	close(fd);
}
