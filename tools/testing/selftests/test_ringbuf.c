// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_RINGBUF, as Linux 6.12's kernel/bpf/ringbuf.c:
 * - create: key_size and value_size 0, max_entries a power of two and a
 *   multiple of the page size, map_flags only BPF_F_NUMA_NODE, else
 *   -EINVAL (ringbuf_map_alloc());
 * - mmap (ringbuf_map_mmap_kern()): the consumer page writable at offset 0
 *   and one page long only, -EPERM for any other writable mapping; the
 *   producer page and the data pages, mapped twice, read-only;
 * - records of bpf_ringbuf_output() and bpf_ringbuf_reserve() + submit
 *   reach the consumer once each, in order; discarded ones never;
 * - a full ring: output -EAGAIN, reserve NULL; records wrap contiguously;
 * - poll: EPOLLIN once data is there, woken on commit unless
 *   BPF_RB_NO_WAKEUP; BPF_RB_FORCE_WAKEUP always wakes; other maps
 *   answer EPOLLERR (bpf_map_poll());
 * - bpf_ringbuf_query() values.
 * The consumer is libkbpf's (tools/lib/kbpf), the same for both targets.
 */
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>

#include "kbpf_prog.h"
#include "tools/lib/kbpf/kbpf.h"

#define RING_SIZE	4096

static long page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

static int ringbuf_create(__u32 size)
{
	return ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0, size, 0));
}

TEST(ringbuf_create_errnos)
{
	long page = page_size();

	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 4, 0, page, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 4, page, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0, 0, 0),
		     EINVAL);
	/* A page multiple but not a power of two, and the reverse. */
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0, 3 * page, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0, page / 2, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0, page,
				  KBPF_F_MMAPABLE), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0, page,
				  KBPF_F_RDONLY), EINVAL);
	close(ringbuf_create(page));
	close(ringbuf_create(4 * page));
}

TEST(ringbuf_no_elements)
{
	int map = ringbuf_create(RING_SIZE);
	__u32 key = 0;

	ASSERT_ERRNO(kbpf_map_lookup(map, NULL, &key, 0), ENOTSUPP);
	ASSERT_ERRNO(kbpf_map_update(map, NULL, &key, 0), ENOTSUPP);
	ASSERT_ERRNO(kbpf_map_delete(map, NULL), ENOTSUPP);
	ASSERT_ERRNO(kbpf_map_next_key(map, NULL, &key), ENOTSUPP);
}

TEST(ringbuf_mmap_permissions)
{
	int map = ringbuf_create(RING_SIZE);
	long page = page_size();
	size_t ro_len = page + 2 * RING_SIZE;
	void *p;

	/* The consumer page: writable, one page at offset 0 only. */
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, map, 0);
	ASSERT_TRUE(p != MAP_FAILED);
	ASSERT_EQ(*(volatile unsigned long *)p, 0);
	ASSERT_OK(munmap(p, page));
	errno = 0;
	p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, map, 0);
	ASSERT_TRUE(p == MAP_FAILED && errno == EPERM);
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, map, page);
	ASSERT_TRUE(p == MAP_FAILED && errno == EPERM);

	/* Everything else read-only: the producer page and twice the data. */
	p = mmap(NULL, ro_len, PROT_READ, MAP_SHARED, map, page);
	ASSERT_TRUE(p != MAP_FAILED);
	ASSERT_EQ(*(volatile unsigned long *)p, 0);
	ASSERT_ERRNO(mprotect(p, page, PROT_READ | PROT_WRITE), EACCES);
	ASSERT_OK(munmap(p, ro_len));
	/* The whole area at once, read-only, from offset 0. */
	p = mmap(NULL, page + ro_len, PROT_READ, MAP_SHARED, map, 0);
	ASSERT_TRUE(p != MAP_FAILED);
	ASSERT_OK(munmap(p, page + ro_len));

	/* Past the area, private: -EINVAL. */
	errno = 0;
	p = mmap(NULL, ro_len + page, PROT_READ, MAP_SHARED, map, page);
	ASSERT_TRUE(p == MAP_FAILED && errno == EINVAL);
	errno = 0;
	p = mmap(NULL, page, PROT_READ, MAP_PRIVATE, map, 0);
	ASSERT_TRUE(p == MAP_FAILED && errno == EINVAL);
}

/* What the consumer callback saw. */
struct seen {
	int cnt;
	__u32 len[8];
	__u64 first[8];
	__u64 second[8];
};

static int record_cb(void *ctx, void *data, size_t size)
{
	struct seen *s = ctx;

	if (s->cnt < 8) {
		s->len[s->cnt] = size;
		s->first[s->cnt] = 0;
		s->second[s->cnt] = 0;
		memcpy(&s->first[s->cnt], data, size < 8 ? size : 8);
		if (size >= 16)
			memcpy(&s->second[s->cnt], (char *)data + 8, 8);
	}
	s->cnt++;
	return 0;
}

/*
 * output(8 bytes 0x1111); reserve(16) = { 0x2222, 0x3333 } + submit;
 * reserve(8) = 0x4444 + discard; output(4 bytes 0x5555);
 * returns the first output's result.
 */
static int load_records_prog(int map)
{
	const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_DW, R10, -8, 0x1111),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -8),
		KBPF_MOV64_IMM(R3, 8),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_output),
		KBPF_MOV64_REG(R7, R0),

		KBPF_LD_MAP_FD(R1, map),
		KBPF_MOV64_IMM(R2, 16),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 5),
		KBPF_ST_MEM(KBPF_DW, R0, 0, 0x2222),
		KBPF_ST_MEM(KBPF_DW, R0, 8, 0x3333),
		KBPF_MOV64_REG(R1, R0),
		KBPF_MOV64_IMM(R2, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_submit),

		KBPF_LD_MAP_FD(R1, map),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 4),
		KBPF_ST_MEM(KBPF_DW, R0, 0, 0x4444),
		KBPF_MOV64_REG(R1, R0),
		KBPF_MOV64_IMM(R2, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_discard),

		KBPF_ST_MEM(KBPF_W, R10, -8, 0x5555),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -8),
		KBPF_MOV64_IMM(R3, 4),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_output),
		KBPF_MOV64_REG(R0, R7),
		KBPF_EXIT_INSN(),
	};

	return LOAD_RAW_TP(insns);
}

/* return ringbuf_query(map, ctx[0]) */
static int load_query_prog(int map)
{
	const struct kbpf_insn insns[] = {
		KBPF_LDX_MEM(KBPF_DW, R2, R1, 0),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_query),
		KBPF_EXIT_INSN(),
	};

	return LOAD_RAW_TP(insns);
}

static __u32 query(int prog, __u64 flags)
{
	return RUN_PROG(prog, &flags, sizeof(flags));
}

TEST(ringbuf_records_in_order)
{
	int map = ringbuf_create(RING_SIZE);
	int prog = load_records_prog(map);
	int qprog = load_query_prog(map);
	struct seen seen = { 0 };
	struct kbpf_ring_buffer *rb;
	int i;

	rb = kbpf_ring_buffer__new(map, record_cb, &seen, NULL);
	ASSERT_TRUE(rb != NULL);
	ASSERT_EQ(kbpf_ring_buffer__consume(rb), 0);
	ASSERT_EQ(RUN_PROG(prog, NULL, 0), 0);

	/* 16 + 24 + 16 (discarded) + 16 bytes, nothing consumed yet. */
	ASSERT_EQ(query(qprog, KBPF_RB_AVAIL_DATA), 72);
	ASSERT_EQ(query(qprog, KBPF_RB_RING_SIZE), RING_SIZE);
	ASSERT_EQ(query(qprog, KBPF_RB_CONS_POS), 0);
	ASSERT_EQ(query(qprog, KBPF_RB_PROD_POS), 72);
	ASSERT_EQ(query(qprog, 4), 0);

	ASSERT_EQ(kbpf_ring_buffer__consume(rb), 3);
	ASSERT_EQ(seen.cnt, 3);
	ASSERT_EQ(seen.len[0], 8);
	ASSERT_EQ(seen.first[0], 0x1111);
	ASSERT_EQ(seen.len[1], 16);
	ASSERT_EQ(seen.first[1], 0x2222);
	ASSERT_EQ(seen.second[1], 0x3333);
	ASSERT_EQ(seen.len[2], 4);
	ASSERT_EQ(seen.first[2], 0x5555);
	ASSERT_EQ(query(qprog, KBPF_RB_CONS_POS), 72);
	ASSERT_EQ(query(qprog, KBPF_RB_AVAIL_DATA), 0);
	ASSERT_EQ(kbpf_ring_buffer__consume(rb), 0);

	/* Again: each record once more, none twice. */
	for (i = 0; i < 2; i++)
		ASSERT_EQ(RUN_PROG(prog, NULL, 0), 0);
	ASSERT_EQ(kbpf_ring_buffer__consume(rb), 6);
	ASSERT_EQ(seen.cnt, 9);
	ASSERT_EQ(query(qprog, KBPF_RB_PROD_POS), 3 * 72);
	kbpf_ring_buffer__free(rb);
}

/* The raw record layout, read through the mapping. */
TEST(ringbuf_record_header)
{
	int map = ringbuf_create(RING_SIZE);
	int prog = load_records_prog(map);
	long page = page_size();
	size_t ro_len = page + 2 * RING_SIZE;
	unsigned char *p, *data;
	__u32 *hdr;

	ASSERT_EQ(RUN_PROG(prog, NULL, 0), 0);
	p = mmap(NULL, ro_len, PROT_READ, MAP_SHARED, map, page);
	ASSERT_TRUE(p != MAP_FAILED);
	ASSERT_EQ(*(unsigned long *)p, 72);
	data = p + page;
	hdr = (__u32 *)data;
	ASSERT_EQ(hdr[0], 8);
	hdr = (__u32 *)(data + 16);
	ASSERT_EQ(hdr[0], 16);
	hdr = (__u32 *)(data + 40);
	ASSERT_EQ(hdr[0], KBPF_RINGBUF_DISCARD_BIT | 8);
	hdr = (__u32 *)(data + 56);
	ASSERT_EQ(hdr[0], 4);
	/* pg_off: pages from the start of the ring's area, the same each. */
	ASSERT_EQ(((__u32 *)data)[1], ((__u32 *)(data + 56))[1]);
	ASSERT_OK(munmap(p, ro_len));
}

/* if (!(r0 = reserve(map, size, 0))) return 1; submit(r0, 0); return 0 */
static int load_reserve_prog(int map, __u32 size)
{
	const struct kbpf_insn insns[] = {
		KBPF_LD_MAP_FD(R1, map),
		KBPF_MOV64_IMM(R2, size),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve),
		KBPF_JMP_IMM(KBPF_JNE, R0, 0, 2),
		KBPF_MOV64_IMM(R0, 1),
		KBPF_EXIT_INSN(),
		KBPF_ST_MEM(KBPF_DW, R0, 0, 0x7777),
		KBPF_MOV64_REG(R1, R0),
		KBPF_MOV64_IMM(R2, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_submit),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};

	return LOAD_RAW_TP(insns);
}

/* return output(map, &(u64){ 0x1111, 0x2222 }, 16, flags) */
static int load_output_prog(int map, __u64 flags)
{
	const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_DW, R10, -16, 0x1111),
		KBPF_ST_MEM(KBPF_DW, R10, -8, 0x2222),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -16),
		KBPF_MOV64_IMM(R3, 16),
		KBPF_MOV64_IMM(R4, flags),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_output),
		KBPF_EXIT_INSN(),
	};

	return LOAD_RAW_TP(insns);
}

TEST(ringbuf_full)
{
	int map = ringbuf_create(RING_SIZE);
	/* The biggest record an empty ring takes: 8 + 4080 = size - 8. */
	int big = load_reserve_prog(map, RING_SIZE - 16);
	int too_big = load_reserve_prog(map, RING_SIZE - 8);
	int output = load_output_prog(map, 0);
	struct seen seen = { 0 };
	struct kbpf_ring_buffer *rb;

	rb = kbpf_ring_buffer__new(map, record_cb, &seen, NULL);
	ASSERT_TRUE(rb != NULL);
	ASSERT_EQ(RUN_PROG(too_big, NULL, 0), 1);
	ASSERT_EQ(RUN_PROG(big, NULL, 0), 0);
	ASSERT_EQ(RUN_PROG(big, NULL, 0), 1);
	ASSERT_EQ((int)RUN_PROG(output, NULL, 0), -EAGAIN);
	ASSERT_EQ(kbpf_ring_buffer__consume(rb), 1);
	ASSERT_EQ(seen.len[0], RING_SIZE - 16);
	ASSERT_EQ(seen.first[0], 0x7777);

	/* This one starts 8 bytes before the end and wraps around. */
	ASSERT_EQ(RUN_PROG(output, NULL, 0), 0);
	ASSERT_EQ(kbpf_ring_buffer__consume(rb), 1);
	ASSERT_EQ(seen.len[1], 16);
	ASSERT_EQ(seen.first[1], 0x1111);
	ASSERT_EQ(seen.second[1], 0x2222);
	kbpf_ring_buffer__free(rb);
}

TEST(ringbuf_epoll_wakeup)
{
	int map = ringbuf_create(RING_SIZE);
	int plain = load_output_prog(map, 0);
	int quiet = load_output_prog(map, KBPF_RB_NO_WAKEUP);
	int force = load_output_prog(map, KBPF_RB_FORCE_WAKEUP);
	struct seen seen = { 0 };
	struct kbpf_ring_buffer *rb;

	rb = kbpf_ring_buffer__new(map, record_cb, &seen, NULL);
	ASSERT_TRUE(rb != NULL);
	ASSERT_EQ(kbpf_ring_buffer__poll(rb, 0), 0);

	/* The consumer waits for this record: the commit wakes it. */
	ASSERT_EQ(RUN_PROG(plain, NULL, 0), 0);
	ASSERT_EQ(kbpf_ring_buffer__poll(rb, 5000), 1);
	/* Level-triggered: an empty ring leaves epoll's ready list. */
	ASSERT_EQ(kbpf_ring_buffer__poll(rb, 0), 0);

	/* No wake-up asked for; the next record is not the awaited one. */
	ASSERT_EQ(RUN_PROG(quiet, NULL, 0), 0);
	ASSERT_EQ(kbpf_ring_buffer__poll(rb, 100), 0);
	ASSERT_EQ(RUN_PROG(plain, NULL, 0), 0);
	ASSERT_EQ(kbpf_ring_buffer__poll(rb, 100), 0);
	ASSERT_EQ(RUN_PROG(force, NULL, 0), 0);
	ASSERT_EQ(kbpf_ring_buffer__poll(rb, 5000), 3);
	ASSERT_EQ(seen.cnt, 4);
	kbpf_ring_buffer__free(rb);
}

TEST(ringbuf_poll_fd)
{
	int map = ringbuf_create(RING_SIZE);
	int array = ASSERT_OK(kbpf_array_create(8, 1));
	int output = load_output_prog(map, KBPF_RB_NO_WAKEUP);
	struct pollfd pfd = { .fd = map, .events = POLLIN };

	ASSERT_EQ(poll(&pfd, 1, 0), 0);
	ASSERT_EQ(RUN_PROG(output, NULL, 0), 0);
	ASSERT_EQ(poll(&pfd, 1, 0), 1);
	ASSERT_EQ(pfd.revents, POLLIN);

	/* Maps without poll: POLLERR. */
	pfd = (struct pollfd){ .fd = array, .events = POLLIN };
	ASSERT_EQ(poll(&pfd, 1, 0), 1);
	ASSERT_EQ(pfd.revents, POLLERR);
	/* libkbpf takes ring buffers only. */
	errno = 0;
	ASSERT_TRUE(kbpf_ring_buffer__new(array, record_cb, NULL, NULL) == NULL);
	ASSERT_EQ(errno, EINVAL);
}
