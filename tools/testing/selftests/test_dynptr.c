// SPDX-License-Identifier: GPL-2.0
/*
 * The dynptr helpers on local memory and ringbuf records, as Linux
 * 6.12's kernel/bpf/helpers.c and ringbuf.c:
 * - bpf_dynptr_from_mem(): flags other than 0 -EINVAL, and the dynptr
 *   is then null (reads of it -EINVAL);
 * - bpf_dynptr_write()/bpf_dynptr_read(): offset + len past the size
 *   -E2BIG; write flags other than 0 -EINVAL;
 * - bpf_dynptr_data(): a pointer into the memory, NULL out of bounds;
 * - bpf_ringbuf_reserve_dynptr(): a record the program writes through
 *   the dynptr and submits or discards; -EINVAL (and a null dynptr,
 *   whose discard does nothing) when the record does not fit.
 */
#include <unistd.h>

#include "kbpf_prog.h"
#include "tools/lib/kbpf/kbpf.h"

/* r0 must equal @x, else the program returns @n. */
#define EXPECT_R0(x, n) \
	KBPF_JMP_IMM(KBPF_JEQ, R0, x, 2), KBPF_MOV64_IMM(R0, n), KBPF_EXIT_INSN()

/* r1 = &the dynptr at fp-24 */
#define DYNPTR_ARG1 \
	KBPF_MOV64_REG(R1, R10), KBPF_ALU64_IMM(KBPF_ADD, R1, -24)

TEST(dynptr_local_mem)
{
	int map = ASSERT_OK(kbpf_array_create(16, 1));
	const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_W, R10, -4, 0),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JNE, R0, 0, 2),
		KBPF_MOV64_IMM(R0, 100),
		KBPF_EXIT_INSN(),
		KBPF_MOV64_REG(R6, R0),

		/* from_mem(value, 16, 0, fp-24) */
		KBPF_MOV64_REG(R1, R6),
		KBPF_MOV64_IMM(R2, 16),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_MOV64_REG(R4, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R4, -24),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_from_mem),
		EXPECT_R0(0, 1),

		/* write(d, 8, fp-32, 8, 0) */
		KBPF_ST_MEM(KBPF_DW, R10, -32, 0x5555),
		DYNPTR_ARG1,
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -32),
		KBPF_MOV64_IMM(R4, 8),
		KBPF_MOV64_IMM(R5, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_write),
		EXPECT_R0(0, 2),

		/* write(d, 12, fp-32, 8, 0): past the end */
		DYNPTR_ARG1,
		KBPF_MOV64_IMM(R2, 12),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -32),
		KBPF_MOV64_IMM(R4, 8),
		KBPF_MOV64_IMM(R5, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_write),
		EXPECT_R0(-E2BIG, 3),

		/* write(d, 0, fp-32, 8, 1): flags */
		DYNPTR_ARG1,
		KBPF_MOV64_IMM(R2, 0),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -32),
		KBPF_MOV64_IMM(R4, 8),
		KBPF_MOV64_IMM(R5, 1),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_write),
		EXPECT_R0(-EINVAL, 4),

		/* read(fp-40, 8, d, 8, 0) reads it back */
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -40),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -24),
		KBPF_MOV64_IMM(R4, 8),
		KBPF_MOV64_IMM(R5, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_read),
		EXPECT_R0(0, 5),
		KBPF_LDX_MEM(KBPF_DW, R0, R10, -40),
		EXPECT_R0(0x5555, 6),

		/* read(fp-40, 8, d, 9, 0): past the end */
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -40),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -24),
		KBPF_MOV64_IMM(R4, 9),
		KBPF_MOV64_IMM(R5, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_read),
		EXPECT_R0(-E2BIG, 7),

		/* data(d, 8, 8) points at it; data(d, 9, 8) is NULL */
		DYNPTR_ARG1,
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_IMM(R3, 8),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_data),
		KBPF_JMP_IMM(KBPF_JNE, R0, 0, 2),
		KBPF_MOV64_IMM(R0, 8),
		KBPF_EXIT_INSN(),
		KBPF_LDX_MEM(KBPF_DW, R0, R0, 0),
		EXPECT_R0(0x5555, 9),
		DYNPTR_ARG1,
		KBPF_MOV64_IMM(R2, 9),
		KBPF_MOV64_IMM(R3, 8),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_data),
		EXPECT_R0(0, 10),

		/* from_mem(value, 16, 1, fp-56) fails; the dynptr is null */
		KBPF_MOV64_REG(R1, R6),
		KBPF_MOV64_IMM(R2, 16),
		KBPF_MOV64_IMM(R3, 1),
		KBPF_MOV64_REG(R4, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R4, -56),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_from_mem),
		EXPECT_R0(-EINVAL, 11),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -40),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -56),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_MOV64_IMM(R5, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_read),
		EXPECT_R0(-EINVAL, 12),
		KBPF_RET_IMM(0),
	};
	__u64 value[2];
	__u32 key = 0;

	ASSERT_EQ(RUN_PROG(LOAD_RAW_TP(insns), NULL, 0), 0);
	ASSERT_OK(kbpf_map_lookup(map, &key, value, 0));
	ASSERT_EQ(value[0], 0);
	ASSERT_EQ(value[1], 0x5555);
}

static int count_cb(void *ctx, void *data, size_t size)
{
	__u64 *v = ctx;

	if (size == sizeof(*v))
		memcpy(v, data, size);
	else
		*v = ~0ULL;
	return 0;
}

/* r1 = ringbuf; r2 = size; r3 = 0; r4 = fp-24; reserve_dynptr */
#define RESERVE_DYNPTR(map, size)					\
	KBPF_LD_MAP_FD(R1, map),					\
	KBPF_MOV64_IMM(R2, size),					\
	KBPF_MOV64_IMM(R3, 0),						\
	KBPF_MOV64_REG(R4, R10),					\
	KBPF_ALU64_IMM(KBPF_ADD, R4, -24),				\
	KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve_dynptr)

TEST(dynptr_ringbuf)
{
	int map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0,
					 4096, 0));
	const struct kbpf_insn insns[] = {
		RESERVE_DYNPTR(map, 8),
		KBPF_MOV64_REG(R7, R0),
		KBPF_ST_MEM(KBPF_DW, R10, -32, 0x6666),
		DYNPTR_ARG1,
		KBPF_MOV64_IMM(R2, 0),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -32),
		KBPF_MOV64_IMM(R4, 8),
		KBPF_MOV64_IMM(R5, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_write),
		KBPF_MOV64_REG(R8, R0),
		DYNPTR_ARG1,
		KBPF_MOV64_IMM(R2, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_submit_dynptr),

		/* Bigger than the ring: -EINVAL, then discard does nothing. */
		RESERVE_DYNPTR(map, 4096),
		KBPF_MOV64_REG(R9, R0),
		DYNPTR_ARG1,
		KBPF_MOV64_IMM(R2, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_discard_dynptr),

		/* A discarded record. */
		RESERVE_DYNPTR(map, 8),
		DYNPTR_ARG1,
		KBPF_MOV64_IMM(R2, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_discard_dynptr),

		KBPF_MOV64_REG(R0, R7),
		EXPECT_R0(0, 1),
		KBPF_MOV64_REG(R0, R8),
		EXPECT_R0(0, 2),
		KBPF_MOV64_REG(R0, R9),
		EXPECT_R0(-EINVAL, 3),
		KBPF_RET_IMM(0),
	};
	struct kbpf_ring_buffer *rb;
	__u64 v = 0;

	rb = kbpf_ring_buffer__new(map, count_cb, &v, NULL);
	ASSERT_TRUE(rb != NULL);
	ASSERT_EQ(RUN_PROG(LOAD_RAW_TP(insns), NULL, 0), 0);
	ASSERT_EQ(kbpf_ring_buffer__consume(rb), 1);
	ASSERT_EQ(v, 0x6666);
	kbpf_ring_buffer__free(rb);
}
