// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_for_each_map_elem(): the callback sees every element, can stop the
 * walk, and the helper returns how many elements it was called for.
 */
#include "kbpf_prog.h"

/*
 * sum = 0; n = for_each_map_elem(map, cb, &sum, 0); return n * 1000 + sum
 * cb(map, key, value, ctx): *ctx += *value; return *key == 2
 */
static int load_sum_prog(int map)
{
	const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_DW, R10, -8, 0),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_LD_FUNC(R2, 9),			/* cb at 13 */
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -8),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_for_each_map_elem),
		KBPF_ALU64_IMM(KBPF_MUL, R0, 1000),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_ALU64_REG(KBPF_ADD, R0, R1),
		KBPF_EXIT_INSN(),
		/* 13: cb */
		KBPF_LDX_MEM(KBPF_DW, R5, R3, 0),
		KBPF_LDX_MEM(KBPF_DW, R0, R4, 0),
		KBPF_ALU64_REG(KBPF_ADD, R0, R5),
		KBPF_STX_MEM(KBPF_DW, R4, R0, 0),
		KBPF_LDX_MEM(KBPF_W, R5, R2, 0),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_JMP_IMM(KBPF_JNE, R5, 2, 1),
		KBPF_MOV64_IMM(R0, 1),
		KBPF_EXIT_INSN(),
	};

	return LOAD_RAW_TP(insns);
}

TEST(prog_for_each_array_stops)
{
	int map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 4, 0));
	__u64 value;
	__u32 key;

	for (key = 0; key < 4; key++) {
		value = key + 1;
		ASSERT_OK(kbpf_map_update(map, &key, &value, KBPF_ANY));
	}
	/* Keys 0, 1, 2 in order; the callback's 1 at key 2 stops the walk. */
	ASSERT_EQ(RUN_PROG(load_sum_prog(map), NULL, 0), 3 * 1000 + 6);
}

TEST(prog_for_each_hash_visits_all)
{
	int map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 16, 0));
	int fd = load_sum_prog(map);
	__u64 value;
	__u32 key;

	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 0);
	for (key = 10; key < 15; key++) {
		value = key * 10;
		ASSERT_OK(kbpf_map_update(map, &key, &value, KBPF_ANY));
	}
	/* No key 2: every element is visited once, whatever the order. */
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 5 * 1000 + 600);
}
