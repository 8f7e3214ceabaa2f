// SPDX-License-Identifier: GPL-2.0
/*
 * A kprobe run is in NMI context (an int3 hit in the kernel enters as an
 * NMI on x86): no slab allocation, kfree() or call_rcu() there, and no
 * waiting for a lock (lockdep reports a lock taken with a plain spin in
 * NMI if it was ever taken outside it). kbpf's NO_PREALLOC hash maps
 * have no per-CPU element cache (Linux's bpf_mem_alloc), so a kprobe
 * program's insert into one fails with -ENOMEM and its delete with
 * -EBUSY, where Linux succeeds (a deliberate difference, in README);
 * preallocated and LRU maps work, their bucket, free list and LRU list
 * locks only tried there. A kernel that puts the kprobe on ftrace
 * (KPROBES_ON_FTRACE, Debian's 6.12) runs the program outside NMI:
 * there every map works.
 *
 * A program that runs inside an LRU list's section on its own CPU (a
 * kprobe on the eviction callback, called under the list lock) must not
 * wait for that lock: its insert fails with -EBUSY, and the node of an
 * element it deletes is freed by a later eviction (Linux 6.12 spins on
 * its own lock there).
 */
#include <stdio.h>
#include <unistd.h>

#include "kprobe_prog.h"

#define PROBED_FUNC	"__x64_sys_getppid"

/*
 * On each probed call from the test's process: insert @ins_key into @hash,
 * delete @del_key from it, and update key 0 of @res with @res_flags to
 * {delete's result, insert's result} (two s64).
 */
static int load_insert_delete(int hash, int res, __u32 ins_key, __u32 del_key,
			      __u64 res_flags)
{
	const struct kbpf_insn insns[] = {
		KPROBE_ONLY_THIS_PROCESS(27),
		KBPF_ST_MEM(KBPF_W, 10, -4, ins_key),
		KBPF_ST_MEM(KBPF_DW, 10, -16, 42),
		KPROBE_UPDATE_FROM_STACK(hash, 0),
		KBPF_STX_MEM(KBPF_DW, 10, 0, -24),
		KBPF_ST_MEM(KBPF_W, 10, -4, del_key),
		KBPF_LD_MAP_FD(1, hash),
		KBPF_MOV64_REG(2, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 2, -4),
		KBPF_CALL_HELPER(KBPF_FUNC_map_delete_elem),
		KBPF_STX_MEM(KBPF_DW, 10, 0, -32),
		/* res[0] = {-32, -24} */
		KBPF_ST_MEM(KBPF_W, 10, -4, 0),
		KBPF_LD_MAP_FD(1, res),
		KBPF_MOV64_REG(2, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 2, -4),
		KBPF_MOV64_REG(3, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 3, -32),
		KBPF_MOV64_IMM(4, res_flags),
		KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem),
		KBPF_RET_IMM(0),
	};
	return LOAD_KPROBE_MULTI(insns);
}

/*
 * Whether the kprobe on PROBED_FUNC goes through ftrace ("[FTRACE]" in
 * the kprobes list, a kernel with KPROBES_ON_FTRACE, as Debian's 6.12):
 * then its runs are not in NMI and both maps work.
 */
static bool probe_uses_ftrace(void)
{
	return kprobe_listed(PROBED_FUNC, "[FTRACE]");
}

/*
 * The two results of one probed call on a map of @type and @flags, on
 * which the test's process inserted and deleted key 7 first (a lock
 * taken outside NMI, then with a plain spin in NMI, is what lockdep
 * reports); whether the probe ran through ftrace.
 */
static bool probe_once(__u32 type, __u32 flags, __s64 *insert, __s64 *delete)
{
	const char *syms[] = { PROBED_FUNC };
	__u64 v[2] = { 1, 1 };
	__u32 key = 7;
	int hash, res, prog, link;
	bool ftrace;

	hash = ASSERT_OK(kbpf_map_new(type, 4, 8, 4, flags));
	ASSERT_OK(kbpf_map_update(hash, &key, v, 0));
	ASSERT_OK(kbpf_map_delete(hash, &key));
	/* One 16-byte value at key 0: the delete's result, then insert's. */
	res = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 16, 1, 0));
	prog = load_insert_delete(hash, res, 7, 7, KBPF_ANY);
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 1, 0));
	ftrace = probe_uses_ftrace();
	getppid();
	key = 0;
	ASSERT_OK(kbpf_map_lookup(res, &key, v, 0));
	*delete = v[0];
	*insert = v[1];
	close(link);
	close(prog);
	close(res);
	close(hash);
	return ftrace;
}

TEST_KBPF_ONLY(link_kprobe_nmi_no_prealloc_hash)
{
	__s64 insert, delete;

	/*
	 * Not in NMI (the kprobe on ftrace, as the kprobes list says, or
	 * its result says: the list is not always mounted): an ordinary
	 * insert and delete. In NMI the debug kernel's lockdep and stack
	 * depot would report any allocation there as a splat.
	 */
	if (probe_once(KBPF_MAP_TYPE_HASH, KBPF_F_NO_PREALLOC, &insert,
		       &delete) || !insert) {
		ASSERT_EQ(insert, 0);
		ASSERT_EQ(delete, 0);
	} else {
		ASSERT_EQ(insert, -ENOMEM);
		/* Nothing to delete, and a delete would be refused anyway. */
		ASSERT_EQ(delete, -EBUSY);
	}
}

/*
 * Preallocated and LRU maps work in NMI. Their locks were taken outside
 * NMI first: a plain spin on one in NMI is a lockdep splat on debug.
 */
TEST_KBPF_ONLY(link_kprobe_nmi_prealloc_and_lru)
{
	static const struct {
		__u32 type, flags;
	} maps[] = {
		{ KBPF_MAP_TYPE_HASH, 0 },
		{ KBPF_MAP_TYPE_PERCPU_HASH, 0 },
		{ KBPF_MAP_TYPE_LRU_HASH, 0 },
		{ KBPF_MAP_TYPE_LRU_HASH, KBPF_F_NO_COMMON_LRU },
		{ KBPF_MAP_TYPE_LRU_PERCPU_HASH, 0 },
	};
	__s64 insert, delete;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(maps); i++) {
		probe_once(maps[i].type, maps[i].flags, &insert, &delete);
		ASSERT_EQ(insert, 0);
		ASSERT_EQ(delete, 0);
	}
}

/*
 * A full 4-entry LRU map; a program inserting key 200 makes the LRU
 * evict under its list lock, and a kprobe on the eviction callback runs
 * a program there, on the same CPU, that inserts key 7 (-EBUSY: the list
 * lock is this CPU's) and deletes key 103 (its node cannot go back to
 * the free list now). The map must keep its 4 entries: 4 new keys later,
 * all 4 are there.
 */
TEST_KBPF_ONLY(link_kprobe_nmi_lru_inside_eviction)
{
	const char *syms[] = { "kbpf_htab_lru_evict" };
	__u64 v[2] = { 0, 0 };
	__u32 key;
	int lru, res, kprog, rprog, link;

	lru = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_LRU_HASH, 4, 8, 4, 0));
	for (key = 100; key < 104; key++)
		ASSERT_OK(kbpf_map_update(lru, &key, v, 0));
	/* Only the first probed run's results (NOEXIST). */
	res = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 16, 1, 0));
	kprog = load_insert_delete(lru, res, 7, 103, KBPF_NOEXIST);
	rprog = kprobe_load_insert(lru, 200, 200);
	link = ASSERT_OK(kbpf_link_kprobe_multi(kprog, syms, NULL, NULL, 1, 0));
	ASSERT_EQ(RUN_PROG(rprog, NULL, 0), 0);
	close(link);

	key = 0;
	ASSERT_OK(kbpf_map_lookup(res, &key, v, 0));
	ASSERT_EQ((__s64)v[1], -EBUSY);
	ASSERT_EQ((__s64)v[0], 0);
	key = 103;
	ASSERT_ERRNO(kbpf_map_lookup(lru, &key, v, 0), ENOENT);
	key = 200;
	ASSERT_OK(kbpf_map_lookup(lru, &key, v, 0));
	ASSERT_EQ(kprobe_count_keys(lru), 3);

	/* 103's node is reclaimed: 4 new keys fill the map again. */
	for (key = 300; key < 304; key++)
		ASSERT_OK(kbpf_map_update(lru, &key, v, 0));
	ASSERT_EQ(kprobe_count_keys(lru), 4);
	for (key = 300; key < 304; key++)
		ASSERT_OK(kbpf_map_lookup(lru, &key, v, 0));
	close(rprog);
	close(kprog);
	close(res);
	close(lru);
}
