// SPDX-License-Identifier: GPL-2.0
/*
 * Ring buffers, both ways, with libkbpf (tools/lib/kbpf) in user space on
 * every side: its consumer and producer work on kbpf's and Linux's rings
 * alike.
 *
 *   ringbuf_output_S      kernel to user: a sleepable SYSCALL program
 *                         writes RB_RECORDS S-byte records (S = 8, 64,
 *                         1024) with bpf_ringbuf_output() from a map
 *                         value, in a constant-bound loop; user space
 *                         then drains the ring with kbpf_ring_buffer__consume()
 *   ringbuf_reserve_S     the same with bpf_ringbuf_reserve(), one u64
 *                         store into the record, bpf_ringbuf_submit()
 *   user_ringbuf_drain    user to kernel: user space fills the ring with
 *                         URB_RECORDS 8-byte samples (untimed), a SYSCALL
 *                         program drains them with bpf_user_ringbuf_drain()
 *                         and a callback that returns 0
 *
 * Kernel to user, one pass is one program run plus the drain; an op is a
 * record user space got, so a record the program could not write (ring
 * full) is not counted. The ring holds two batches, and each pass drains
 * what it produced, so none is refused. A record wakes the consumer only
 * if it starts at the consumer position, i.e. once per pass, on every
 * side alike (flags 0).
 *
 * The drain's callback keeps user_ringbuf_drain off Linux's interpreter:
 * Linux refuses callbacks in programs it does not JIT ("callbacks are not
 * allowed in non-JITed programs"), so kbpf is compared with Linux's JIT
 * only; and Linux wants BTF func_info for it, which prog_load_rep()
 * supplies.
 */
#include <stdlib.h>
#include <unistd.h>

#include "tools/lib/kbpf/kbpf.h"
#include "bench.h"

#define RB_RECORDS	1024	/* records per program run */
#define RB_MAX_SIZE	1024	/* the largest record, the source value */
#define RB_RING_SIZE	(2u << 20)	/* >= 2 * RB_RECORDS * (1024 + 8) */
#define URB_RING_SIZE	(64u << 10)
#define URB_SAMPLE	8
#define URB_RECORDS	(URB_RING_SIZE / (URB_SAMPLE + KBPF_RINGBUF_HDR_SZ))

enum rb_kind { RB_OUTPUT, RB_RESERVE, RB_USER_DRAIN };

struct rb_arg {
	enum rb_kind kind;
	__u32 size;		/* record payload bytes */
};

struct rb_state {
	const struct rb_arg *arg;
	int fd, ring_fd, src_fd;
	struct kbpf_ring_buffer *rb;
	struct kbpf_user_ring_buffer *urb;
	__u64 ctx[2];
	__u64 got, sum, bad;	/* records consumed, their seqs, wrong sizes */
};

static struct kbpf_asm prog;

/*
 * r8 = 0; do {
 *	output:  src[0] = r8; ringbuf_output(ring, src, S, 0);
 *	reserve: p = ringbuf_reserve(ring, S, 0);
 *		 if (p) { *(u64 *)p = r8; ringbuf_submit(p, 0); }
 * } while (++r8 < RB_RECORDS); return 0;
 * No drop counter: a scalar that differs between the paths of a
 * reserve would keep a verifier without precision tracking from pruning
 * the NULL path, one doubling per iteration; user space counts instead.
 */
static void build_produce(struct kbpf_asm *a, const struct rb_arg *arg,
			  int ring, int src)
{
	enum { L_OK, L_LOOP, L_NEXT };

	I(a, KBPF_MOV64_REG(R6, R1));
	if (arg->kind == RB_OUTPUT) {
		I(a, KBPF_ST_MEM(KBPF_W, R10, -4, 0));
		kbpf_asm_ld_map(a, R1, src);
		I(a, KBPF_MOV64_REG(R2, R10));
		I(a, KBPF_ALU64_IMM(KBPF_ADD, R2, -4));
		I(a, KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
		kbpf_asm_jmp_imm(a, KBPF_JNE, R0, 0, L_OK);
		I(a, KBPF_EXIT_INSN());
		kbpf_asm_label(a, L_OK);
		I(a, KBPF_MOV64_REG(R7, R0));
	}
	I(a, KBPF_MOV64_IMM(R8, 0));
	kbpf_asm_label(a, L_LOOP);
	if (arg->kind == RB_OUTPUT) {
		I(a, KBPF_STX_MEM(KBPF_DW, R7, R8, 0));
		kbpf_asm_ld_map(a, R1, ring);
		I(a, KBPF_MOV64_REG(R2, R7));
		I(a, KBPF_MOV64_IMM(R3, arg->size));
		I(a, KBPF_MOV64_IMM(R4, 0));
		I(a, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_output));
	} else {
		kbpf_asm_ld_map(a, R1, ring);
		I(a, KBPF_MOV64_IMM(R2, arg->size));
		I(a, KBPF_MOV64_IMM(R3, 0));
		I(a, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve));
		kbpf_asm_jmp_imm(a, KBPF_JEQ, R0, 0, L_NEXT);
		I(a, KBPF_STX_MEM(KBPF_DW, R0, R8, 0));
		I(a, KBPF_MOV64_REG(R1, R0));
		I(a, KBPF_MOV64_IMM(R2, 0));
		I(a, KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_submit));
	}
	kbpf_asm_label(a, L_NEXT);
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R8, 1));
	kbpf_asm_jmp_imm(a, KBPF_JLT, R8, RB_RECORDS, L_LOOP);
	I(a, KBPF_MOV64_IMM(R0, 0));
	I(a, KBPF_EXIT_INSN());
}

/*
 * n = user_ringbuf_drain(ring, cb, fp - 8, 0); ctx->out = n; return n;
 * cb(dynptr, ctx): return 0.
 */
static void build_drain(struct kbpf_asm *a, int ring)
{
	enum { L_CB };
	unsigned int ld;

	I(a, KBPF_MOV64_REG(R6, R1));
	I(a, KBPF_ST_MEM(KBPF_DW, R10, -8, 0));
	kbpf_asm_ld_map(a, R1, ring);
	/* r2 = the callback: its offset is set once the label is placed */
	ld = a->n;
	I(a, KBPF_LD_IMM64_1(R2, KBPF_PSEUDO_FUNC, 0));
	I(a, KBPF_LD_IMM64_2(0));
	I(a, KBPF_MOV64_REG(R3, R10));
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R3, -8));
	I(a, KBPF_MOV64_IMM(R4, 0));
	I(a, KBPF_CALL_HELPER(KBPF_FUNC_user_ringbuf_drain));
	I(a, KBPF_STX_MEM(KBPF_DW, R6, R0, 8));
	I(a, KBPF_EXIT_INSN());
	kbpf_asm_label(a, L_CB);
	I(a, KBPF_MOV64_IMM(R0, 0));
	I(a, KBPF_EXIT_INSN());
	a->insn[ld].imm = a->label[L_CB] - (int)ld - 1;
}

static int rb_sample(void *ctx, void *data, size_t size)
{
	struct rb_state *st = ctx;
	__u64 seq;

	if (size != st->arg->size) {
		st->bad++;
		return 0;
	}
	memcpy(&seq, data, sizeof(seq));
	st->got++;
	st->sum += seq;
	return 0;
}

/* The untimed refill of the user ring: URB_RECORDS samples, seq i. */
static void urb_fill(struct rb_state *st)
{
	__u64 i, *p;

	for (i = 0; i < URB_RECORDS; i++) {
		p = kbpf_user_ring_buffer__reserve(st->urb, URB_SAMPLE);
		if (!p)
			break;	/* not drained yet: the drain counts the rest */
		*p = i;
		kbpf_user_ring_buffer__submit(st->urb, p);
	}
}

static void rb_teardown(void *p)
{
	struct rb_state *st = p;

	if (st->bad)
		note("# %s: %llu records of the wrong size", side_name[cur_side],
		     (unsigned long long)st->bad);
	kbpf_ring_buffer__free(st->rb);
	kbpf_user_ring_buffer__free(st->urb);
	if (st->fd >= 0)
		close(st->fd);
	if (st->src_fd >= 0)
		close(st->src_fd);
	close(st->ring_fd);
	free(st);
}

static void *rb_setup(const struct bench *b, enum side s)
{
	const struct rb_arg *arg = b->arg;
	struct rb_state *st = xcalloc(1, sizeof(*st));
	bool user = arg->kind == RB_USER_DRAIN;

	st->arg = arg;
	st->fd = -1;
	st->src_fd = -1;
	st->ring_fd = map_create(user ? KBPF_MAP_TYPE_USER_RINGBUF :
				 KBPF_MAP_TYPE_RINGBUF, 0, 0,
				 user ? URB_RING_SIZE : RB_RING_SIZE);
	if (st->ring_fd < 0)
		die("%s: MAP_CREATE of a ring: %s", side_name[s],
		    strerror(errno));
	kbpf_asm_init(&prog);
	if (user) {
		st->urb = kbpf_user_ring_buffer__new(st->ring_fd, NULL);
		if (!st->urb)
			die("%s: user_ring_buffer__new: %s", side_name[s],
			    strerror(errno));
		build_drain(&prog, st->ring_fd);
	} else {
		st->rb = kbpf_ring_buffer__new(st->ring_fd, rb_sample, st, NULL);
		if (!st->rb)
			die("%s: ring_buffer__new: %s", side_name[s],
			    strerror(errno));
		if (arg->kind == RB_OUTPUT) {
			st->src_fd = map_create(KBPF_MAP_TYPE_ARRAY, 4,
						RB_MAX_SIZE, 1);
			if (st->src_fd < 0)
				die("%s: MAP_CREATE: %s", side_name[s],
				    strerror(errno));
		}
		build_produce(&prog, arg, st->ring_fd, st->src_fd);
	}
	asm_done(&prog);
	st->fd = prog_load_rep(b->name, &prog, 0);
	if (st->fd < 0) {
		rb_teardown(st);
		return NULL;
	}
	if (user)
		urb_fill(st);
	return st;
}

static __u64 rb_pass(void *p)
{
	struct rb_state *st = p;
	__u64 before = st->got;
	int n;

	if (st->arg->kind == RB_USER_DRAIN) {
		prog_run(st->fd, st->ctx, sizeof(st->ctx));
		if ((__s64)st->ctx[1] < 0)
			die("%s: user_ringbuf_drain: %lld", side_name[cur_side],
			    (long long)st->ctx[1]);
		st->got += st->ctx[1];
		return st->ctx[1];
	}
	prog_run(st->fd, st->ctx, sizeof(st->ctx));
	n = kbpf_ring_buffer__consume(st->rb);
	if (n < 0)
		die("%s: ring_buffer__consume: %d", side_name[cur_side], n);
	return st->got - before;
}

static void rb_reset(void *p)
{
	struct rb_state *st = p;

	if (st->arg->kind == RB_USER_DRAIN)
		urb_fill(st);
}

/* One more pass: the records it got and the sum of their seqs. */
static __u64 rb_check(void *p)
{
	struct rb_state *st = p;

	st->got = 0;
	st->sum = 0;
	rb_pass(st);
	if (st->arg->kind == RB_USER_DRAIN) {
		urb_fill(st);
		return st->got;
	}
	return st->got << 32 | st->sum;
}

static const struct rb_arg
	a_out8 = { RB_OUTPUT, 8 },
	a_out64 = { RB_OUTPUT, 64 },
	a_out1024 = { RB_OUTPUT, 1024 },
	a_res8 = { RB_RESERVE, 8 },
	a_res64 = { RB_RESERVE, 64 },
	a_res1024 = { RB_RESERVE, 1024 },
	a_drain = { RB_USER_DRAIN, URB_SAMPLE };

#define RB(n, u, a, s) {						\
	.name = n, .unit = u, .sides = s, .arg = &a, .slices = 5,	\
	.setup = rb_setup, .pass = rb_pass, .reset = rb_reset,		\
	.teardown = rb_teardown, .check = rb_check,			\
}
const struct bench ringbuf_benches[] = {
	RB("ringbuf_output_8", "record", a_out8, SIDES_PROG),
	RB("ringbuf_output_64", "record", a_out64, SIDES_PROG),
	RB("ringbuf_output_1024", "record", a_out1024, SIDES_PROG),
	RB("ringbuf_reserve_8", "record", a_res8, SIDES_PROG),
	RB("ringbuf_reserve_64", "record", a_res64, SIDES_PROG),
	RB("ringbuf_reserve_1024", "record", a_res1024, SIDES_PROG),
	/* Linux's interpreter refuses callbacks: kbpf and Linux JIT. */
	RB("user_ringbuf_drain", "sample", a_drain, SIDES_MAP),
};
const unsigned int nr_ringbuf_benches = ARRAY_SIZE(ringbuf_benches);
