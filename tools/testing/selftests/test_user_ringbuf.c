// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_USER_RINGBUF and bpf_user_ringbuf_drain(), as Linux 6.12's
 * kernel/bpf/ringbuf.c:
 * - create: the rules of BPF_MAP_TYPE_RINGBUF;
 * - mmap (ringbuf_map_mmap_user()): the consumer page read-only (a
 *   writable mapping of it -EPERM), the producer and data pages writable;
 *   poll: EPOLLOUT while the ring is not full;
 * - drain: each submitted record once, in order, as a dynptr the callback
 *   reads with bpf_dynptr_read(); discarded records skipped and not
 *   counted; the first busy record stops it; a producer position not a
 *   multiple of 8 or a record past it -EINVAL, a record bigger than the
 *   ring -E2BIG; a drain inside a drain of the same ring -EBUSY.
 * Records come from libkbpf's user_ring_buffer (tools/lib/kbpf).
 */
#include <poll.h>
#include <unistd.h>
#include <sys/mman.h>

#include "kbpf_prog.h"
#include "tools/lib/kbpf/kbpf.h"

#define RING_SIZE	4096

static long page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

static int user_ringbuf_create(void)
{
	return ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_USER_RINGBUF, 0, 0,
				      RING_SIZE, 0));
}

/* The summing drain of kbpf_prog.c, as a RAW_TRACEPOINT program. */
static int load_drain_prog(int map)
{
	return kbpf_load_user_ringbuf_sum(map, KBPF_PROG_TYPE_RAW_TRACEPOINT,
					  0, 0);
}

static void produce(struct kbpf_user_ring_buffer *urb, __u64 value, bool discard)
{
	__u64 *sample = kbpf_user_ring_buffer__reserve(urb, sizeof(value));

	ASSERT_TRUE(sample != NULL);
	*sample = value;
	if (discard)
		kbpf_user_ring_buffer__discard(urb, sample);
	else
		kbpf_user_ring_buffer__submit(urb, sample);
}

static int drain(int prog)
{
	return (int)RUN_PROG(prog, NULL, 0);
}

TEST(user_ringbuf_create_errnos)
{
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_USER_RINGBUF, 4, 0,
				  RING_SIZE, 0), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_USER_RINGBUF, 0, 8,
				  RING_SIZE, 0), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_USER_RINGBUF, 0, 0,
				  3 * RING_SIZE, 0), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_USER_RINGBUF, 0, 0,
				  RING_SIZE, KBPF_F_MMAPABLE), EINVAL);
	close(user_ringbuf_create());
}

TEST(user_ringbuf_mmap_poll)
{
	int map = user_ringbuf_create();
	long page = page_size();
	size_t rw_len = page + 2 * RING_SIZE;
	struct pollfd pfd = { .fd = map, .events = POLLIN | POLLOUT };
	void *p;

	errno = 0;
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, map, 0);
	ASSERT_TRUE(p == MAP_FAILED && errno == EPERM);
	p = mmap(NULL, page, PROT_READ, MAP_SHARED, map, 0);
	ASSERT_TRUE(p != MAP_FAILED);
	ASSERT_ERRNO(mprotect(p, page, PROT_READ | PROT_WRITE), EACCES);
	ASSERT_OK(munmap(p, page));
	p = mmap(NULL, rw_len, PROT_READ | PROT_WRITE, MAP_SHARED, map, page);
	ASSERT_TRUE(p != MAP_FAILED);
	ASSERT_OK(munmap(p, rw_len));

	ASSERT_EQ(poll(&pfd, 1, 0), 1);
	ASSERT_EQ(pfd.revents, POLLOUT);
}

TEST(user_ringbuf_drain_in_order)
{
	int map = user_ringbuf_create();
	int prog = load_drain_prog(map);
	struct kbpf_user_ring_buffer *urb;

	urb = kbpf_user_ring_buffer__new(map, NULL);
	ASSERT_TRUE(urb != NULL);
	ASSERT_EQ(drain(prog), 0);
	produce(urb, 5, false);
	produce(urb, 7, false);
	ASSERT_EQ(drain(prog), 2 * 1000 + 12);
	ASSERT_EQ(drain(prog), 0);

	/* Discarded records are skipped and not counted. */
	produce(urb, 100, false);
	produce(urb, 200, true);
	produce(urb, 300, false);
	ASSERT_EQ(drain(prog), 2 * 1000 + 400);
	kbpf_user_ring_buffer__free(urb);
}

TEST(user_ringbuf_busy_stops)
{
	int map = user_ringbuf_create();
	int prog = load_drain_prog(map);
	struct kbpf_user_ring_buffer *urb;
	__u64 *busy;

	urb = kbpf_user_ring_buffer__new(map, NULL);
	ASSERT_TRUE(urb != NULL);
	produce(urb, 1, false);
	busy = kbpf_user_ring_buffer__reserve(urb, sizeof(*busy));
	ASSERT_TRUE(busy != NULL);
	produce(urb, 4, false);
	ASSERT_EQ(drain(prog), 1000 + 1);
	*busy = 2;
	kbpf_user_ring_buffer__submit(urb, busy);
	ASSERT_EQ(drain(prog), 2 * 1000 + 6);
	kbpf_user_ring_buffer__free(urb);
}

TEST(user_ringbuf_full)
{
	int map = user_ringbuf_create();
	int prog = load_drain_prog(map);
	struct kbpf_user_ring_buffer *urb;
	__u64 *sample;

	urb = kbpf_user_ring_buffer__new(map, NULL);
	ASSERT_TRUE(urb != NULL);
	errno = 0;
	ASSERT_TRUE(kbpf_user_ring_buffer__reserve(urb, RING_SIZE - 7) == NULL);
	ASSERT_EQ(errno, E2BIG);
	/* A record filling the whole ring. */
	sample = kbpf_user_ring_buffer__reserve(urb, RING_SIZE - 8);
	ASSERT_TRUE(sample != NULL);
	*sample = 9;
	errno = 0;
	ASSERT_TRUE(kbpf_user_ring_buffer__reserve(urb, 0) == NULL);
	ASSERT_EQ(errno, ENOSPC);
	kbpf_user_ring_buffer__submit(urb, sample);
	ASSERT_EQ(drain(prog), 1000 + 9);
	/* This one wraps: its header ends the ring, its payload starts it. */
	produce(urb, 11, false);
	ASSERT_EQ(drain(prog), 1000 + 11);
	kbpf_user_ring_buffer__free(urb);
}

/* Positions and headers written by hand, as a broken producer would. */
TEST(user_ringbuf_malformed)
{
	int map = user_ringbuf_create();
	int prog = load_drain_prog(map);
	long page = page_size();
	size_t rw_len = page + 2 * RING_SIZE;
	unsigned long *prod;
	__u32 *data;

	prod = mmap(NULL, rw_len, PROT_READ | PROT_WRITE, MAP_SHARED, map,
		    page);
	ASSERT_TRUE(prod != MAP_FAILED);
	data = (__u32 *)((char *)prod + page);

	*prod = 4;
	ASSERT_EQ(drain(prog), -EINVAL);
	/* A record longer than the producer position says. */
	data[0] = 100;
	*prod = 8;
	ASSERT_EQ(drain(prog), -EINVAL);
	/* A record longer than the ring. */
	data[0] = RING_SIZE;
	*prod = 2 * RING_SIZE;
	ASSERT_EQ(drain(prog), -E2BIG);
	ASSERT_OK(munmap(prod, rw_len));
}

/*
 * cb1(dynptr, ctx): *ctx = user_ringbuf_drain(map, cb2, NULL, 0); return 1
 * cb2: return 0
 */
TEST(user_ringbuf_nested_drain_busy)
{
	int map = user_ringbuf_create();
	const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_DW, R10, -8, 0),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_LD_FUNC(R2, 10),			/* cb1 at 14 */
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -8),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_user_ringbuf_drain),
		KBPF_JMP_IMM(KBPF_JSLT, R0, 0, 3),
		KBPF_ALU64_IMM(KBPF_MUL, R0, 1000),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_ALU64_REG(KBPF_ADD, R0, R1),
		KBPF_EXIT_INSN(),
		/* 14: cb1 */
		KBPF_MOV64_REG(R6, R2),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_LD_FUNC(R2, 7),			/* cb2 at 25 */
		KBPF_MOV64_IMM(R3, 0),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_user_ringbuf_drain),
		KBPF_STX_MEM(KBPF_DW, R6, R0, 0),
		KBPF_MOV64_IMM(R0, 1),
		KBPF_EXIT_INSN(),
		/* 25: cb2 */
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	int prog = LOAD_RAW_TP(insns);
	struct kbpf_user_ring_buffer *urb;

	urb = kbpf_user_ring_buffer__new(map, NULL);
	ASSERT_TRUE(urb != NULL);
	produce(urb, 1, false);
	produce(urb, 2, false);
	/* cb1 stops after the first record; the second stays. */
	ASSERT_EQ(drain(prog), 1000 - EBUSY);
	ASSERT_EQ(drain(prog), 1000 - EBUSY);
	ASSERT_EQ(drain(prog), 0);
	kbpf_user_ring_buffer__free(urb);
}
