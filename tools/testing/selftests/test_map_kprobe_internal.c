// SPDX-License-Identifier: GPL-2.0
/*
 * kprobe programs on the hash table's own functions (kbpf only: Linux
 * cannot probe kbpf's symbols).
 *
 * Linux raises bpf_prog_active around every syscall-side map operation
 * (bpf_disable_instrumentation()), so a kprobe program never runs inside
 * one on the same CPU: the run is skipped and counted as a recursion
 * miss. Without that, a probe on a function called under a bucket lock
 * (kbpf_htab_lookup_locked()) runs its program with the lock held, and
 * a program that locks another bucket waits for it: two CPUs that do
 * this at once, each holding the bucket the other's program wants, spin
 * forever with interrupts off. On a kernel that puts the kprobe on
 * ftrace (Debian's 6.12) the program does not run in NMI, so it spins;
 * the debug kernel's int3 probes run in NMI, where the lock is only
 * tried.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#include "kprobe_prog.h"

/* Called under a bucket lock by every LRU update (lru_hash.c). */
#define PROBED_FUNC	"kbpf_htab_lookup_locked"

/*
 * On each probed call from the test's process: delete keys 0..7 from
 * @map (each in its own bucket lock section; the bucket already held on
 * this CPU answers -EBUSY).
 */
static int load_delete_all(int map)
{
	const struct kbpf_insn insns[] = {
		KPROBE_ONLY_THIS_PROCESS(9),
		KBPF_MOV64_IMM(6, 0),
		/* loop: */
		KBPF_STX_MEM(KBPF_W, 10, 6, -4),
		KBPF_LD_MAP_FD(1, map),
		KBPF_MOV64_REG(2, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 2, -4),
		KBPF_CALL_HELPER(KBPF_FUNC_map_delete_elem),
		KBPF_ALU64_IMM(KBPF_ADD, 6, 1),
		KBPF_JMP_IMM(KBPF_JLT, 6, 8, -8),
		KBPF_RET_IMM(0),
	};
	return LOAD_KPROBE_MULTI(insns);
}

/*
 * Whether the kprobe on PROBED_FUNC runs its handler outside NMI: on
 * ftrace (Debian's 6.12), or optimized into a jump (OPTPROBES, a few
 * jiffies after it is armed, on the debug kernel). Until then it is an
 * int3, whose handler runs in NMI, where no map lock is waited for.
 */
static bool probe_out_of_nmi(void)
{
	return kprobe_listed(PROBED_FUNC, "[FTRACE]") ||
	       kprobe_listed(PROBED_FUNC, "[OPTIMIZED]");
}

/* Up to 20 s: the attack is the same either way, only weaker in NMI. */
static void wait_probe_out_of_nmi(void)
{
	if (!KBPF_POLL(probe_out_of_nmi(), 20000))
		kbpf_diag("the probe on " PROBED_FUNC " still runs in NMI");
}

static __u64 counter(int cnt)
{
	__u32 key = 0;
	__u64 v;

	ASSERT_OK(kbpf_map_lookup(cnt, &key, &v, 0));
	return v;
}

static void counter_reset(int cnt)
{
	__u32 key = 0;
	__u64 v = 0;

	ASSERT_OK(kbpf_map_update(cnt, &key, &v, 0));
}

/*
 * The probe fires from a program's update (a run not started by a probe
 * lets a kprobe program run inside it, as on Linux), but never from a
 * syscall's: update, lookup_and_delete, delete and the batches are
 * counted as recursion misses instead.
 */
TEST_KBPF_ONLY(map_kprobe_internal_sys_ops_skip_probe)
{
	const char *syms[] = { PROBED_FUNC };
	__u32 keys[4] = { 2, 3, 4, 5 }, key, count, batch;
	__u64 v[4] = { 0 }, misses;
	struct kbpf_prog_info info;
	int lru, cnt, prog, rprog, link;

	kbpf_pin_cpu();
	lru = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_LRU_HASH, 4, 8, 8, 0));
	cnt = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0));
	prog = kprobe_load_counter(cnt);
	rprog = kprobe_load_insert(lru, 1, 1);
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 1, 0));

	/* A program's update: the probe runs inside it. */
	ASSERT_EQ(RUN_PROG(rprog, NULL, 0), 0);
	ASSERT_GE(counter(cnt), 1);
	counter_reset(cnt);
	kbpf_prog_info(prog, &info);
	misses = info.recursion_misses;

	/* The syscall side: no run, a miss each. */
	key = 2;
	ASSERT_OK(kbpf_map_update(lru, &key, v, 0));
	ASSERT_OK(kbpf_map_update(lru, &key, v, KBPF_EXIST));
	ASSERT_OK(kbpf_map_lookup_and_delete(lru, &key, v, 0));
	ASSERT_OK(kbpf_map_update(lru, &key, v, KBPF_NOEXIST));
	ASSERT_OK(kbpf_map_delete(lru, &key));
	count = 4;
	ASSERT_OK(kbpf_map_batch(KBPF_MAP_UPDATE_BATCH, lru, NULL, NULL, keys,
				 v, &count, 0, 0));
	ASSERT_EQ(count, 4);
	count = 4;
	ASSERT_OK(kbpf_map_batch(KBPF_MAP_DELETE_BATCH, lru, NULL, NULL, keys,
				 NULL, &count, 0, 0));
	count = 4;
	ASSERT_OK(kbpf_map_batch(KBPF_MAP_UPDATE_BATCH, lru, NULL, NULL, keys,
				 v, &count, 0, 0));
	count = 4;
	if (kbpf_map_batch(KBPF_MAP_LOOKUP_AND_DELETE_BATCH, lru, NULL, &batch,
			   keys, v, &count, 0, 0))
		ASSERT_EQ(errno, ENOENT);
	ASSERT_EQ(counter(cnt), 0);
	kbpf_prog_info(prog, &info);
	/* The updates at least call the probed function: 4 + 8. */
	ASSERT_GE(info.recursion_misses, misses + 12);

	close(link);
	close(rprog);
	close(prog);
	close(cnt);
	close(lru);
}

struct abba_arg {
	int map;
	int cpu;
	int iters;
	int err;
};

/* Update one key of its own, again and again, from its own CPU. */
static void *abba_thread(void *p)
{
	struct abba_arg *a = p;
	__u32 key = 100 + a->cpu;
	__u64 v = 0;
	cpu_set_t set;
	int i;

	CPU_ZERO(&set);
	CPU_SET(a->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		a->err = errno;
		return NULL;
	}
	for (i = 0; i < a->iters; i++) {
		if (kbpf_map_update(a->map, &key, &v, 0)) {
			a->err = errno;
			break;
		}
	}
	return NULL;
}

/*
 * Two CPUs update their own keys of one LRU map from user space while a
 * kprobe on the function that runs under the bucket lock deletes keys
 * of every bucket: each CPU's program, if it ran there, would wait for
 * the bucket the other CPU holds. It must not run there; the machine
 * must not hang.
 */
TEST_KBPF_ONLY(map_kprobe_internal_no_abba)
{
	const char *syms[] = { PROBED_FUNC };
	struct abba_arg args[2];
	struct kbpf_prog_info info;
	pthread_t t[2];
	int lru, prog, link, i;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		SKIP("needs two CPUs");
	lru = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_LRU_HASH, 4, 8, 8, 0));
	prog = load_delete_all(lru);
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 1, 0));
	wait_probe_out_of_nmi();
	for (i = 0; i < 2; i++) {
		args[i] = (struct abba_arg){ .map = lru, .cpu = i,
					     .iters = 3000 };
		ASSERT_OK(pthread_create(&t[i], NULL, abba_thread, &args[i]));
	}
	for (i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		ASSERT_EQ(args[i].err, 0);
	}
	kbpf_prog_info(prog, &info);
	ASSERT_GE(info.recursion_misses, 2 * 3000);
	close(link);
	close(prog);
	close(lru);
}

/*
 * On each probed call from the test's process: delete keys 0..7 from
 * @lru, then insert key 200 (an eviction when the map is full).
 */
static int load_delete_insert(int lru)
{
	const struct kbpf_insn insns[] = {
		KPROBE_ONLY_THIS_PROCESS(20),
		KBPF_MOV64_IMM(6, 0),
		/* loop: */
		KBPF_STX_MEM(KBPF_W, 10, 6, -4),
		KBPF_LD_MAP_FD(1, lru),
		KBPF_MOV64_REG(2, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 2, -4),
		KBPF_CALL_HELPER(KBPF_FUNC_map_delete_elem),
		KBPF_ALU64_IMM(KBPF_ADD, 6, 1),
		KBPF_JMP_IMM(KBPF_JLT, 6, 8, -8),
		KBPF_ST_MEM(KBPF_W, 10, -4, 200),
		KBPF_ST_MEM(KBPF_DW, 10, -16, 200),
		KPROBE_UPDATE_FROM_STACK(lru, 0),
		KBPF_RET_IMM(0),
	};
	return LOAD_KPROBE_MULTI(insns);
}

/* A RAW_TRACEPOINT program that inserts key 100 + its CPU into @lru. */
static int load_lru_insert_cpu(int lru)
{
	const struct kbpf_insn insns[] = {
		KBPF_CALL_HELPER(KBPF_FUNC_get_smp_processor_id),
		KBPF_ALU64_IMM(KBPF_ADD, 0, 100),
		KBPF_STX_MEM(KBPF_W, 10, 0, -4),
		KBPF_ST_MEM(KBPF_DW, 10, -16, 1),
		KPROBE_UPDATE_FROM_STACK(lru, 0),
		KBPF_RET_IMM(0),
	};

	return LOAD_RAW_TP(insns);
}

/* Run program @a->map (an fd) again and again from CPU @a->cpu. */
static void *run_thread(void *p)
{
	struct abba_arg *a = p;
	cpu_set_t set;
	__u32 retval;
	int i;

	CPU_ZERO(&set);
	CPU_SET(a->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		a->err = errno;
		return NULL;
	}
	for (i = 0; i < a->iters; i++) {
		if (kbpf_prog_test_run(a->map, NULL, 0, &retval)) {
			a->err = errno;
			break;
		}
	}
	return NULL;
}

/*
 * The same from programs: a program's LRU update runs the probe under
 * its bucket lock (no kprobe run is in progress, so the probe's program
 * runs, as on Linux), and that program deletes keys of every bucket and
 * inserts into the full map, which evicts: bucket locks and the LRU
 * list lock taken inside a bucket section, on two CPUs at once. No
 * hang, no lockdep report; the map keeps its nodes (a node whose list
 * lock was busy is reclaimed later): emptied, it takes @max new keys.
 * @max: 4, or with a list per CPU 2 per CPU (each list has its share).
 */
static void nested_prog_no_abba(__u32 type, __u32 flags, int iters)
{
	const char *syms[] = { PROBED_FUNC };
	int ncpus = kbpf_nr_possible_cpus(), max = 4;
	struct abba_arg args[2];
	pthread_t t[2];
	int lru, prog, rprog, link, i;
	__u64 v[64] = { 0 };
	__u32 key;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		SKIP("needs two CPUs");
	ASSERT_LE(ncpus, (int)ARRAY_SIZE(v));
	if (flags & KBPF_F_NO_COMMON_LRU)
		max = 2 * ncpus;
	lru = ASSERT_OK(kbpf_map_new(type, 4, 8, max, flags));
	for (key = 300; key < 300 + (__u32)max; key++)
		ASSERT_OK(kbpf_map_update(lru, &key, v, 0));
	prog = load_delete_insert(lru);
	rprog = load_lru_insert_cpu(lru);
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 1, 0));
	wait_probe_out_of_nmi();
	for (i = 0; i < 2; i++) {
		args[i] = (struct abba_arg){ .map = rprog, .cpu = i,
					     .iters = iters };
		ASSERT_OK(pthread_create(&t[i], NULL, run_thread, &args[i]));
	}
	for (i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		ASSERT_EQ(args[i].err, 0);
	}
	close(link);
	ASSERT_LE(kprobe_count_keys(lru), max);

	/*
	 * Emptied, the map takes new keys without evicting any: from one
	 * CPU, whose list (with a list per CPU) holds 2 nodes.
	 */
	kbpf_pin_cpu();
	while (!kbpf_map_next_key(lru, NULL, &key))
		ASSERT_OK(kbpf_map_delete(lru, &key));
	if (flags & KBPF_F_NO_COMMON_LRU)
		max = 2;
	for (key = 400; key < 400 + (__u32)max; key++)
		ASSERT_OK(kbpf_map_update(lru, &key, v, KBPF_NOEXIST));
	ASSERT_EQ(kprobe_count_keys(lru), max);
	for (key = 400; key < 400 + (__u32)max; key++)
		ASSERT_OK(kbpf_map_lookup(lru, &key, v, 0));
	close(rprog);
	close(prog);
	close(lru);
}

TEST_KBPF_ONLY(map_kprobe_internal_nested_prog_no_abba)
{
	nested_prog_no_abba(KBPF_MAP_TYPE_LRU_HASH, 0, 1500);
}

TEST_KBPF_ONLY(map_kprobe_internal_nested_prog_no_abba_percpu_lists)
{
	nested_prog_no_abba(KBPF_MAP_TYPE_LRU_HASH, KBPF_F_NO_COMMON_LRU, 800);
}

TEST_KBPF_ONLY(map_kprobe_internal_nested_prog_no_abba_percpu_values)
{
	nested_prog_no_abba(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 0, 800);
}

/*
 * A JITed HASH update or delete calls kbpf_htab_update_call() and
 * kbpf_htab_delete_call() (kmod/map/hash.c) instead of the helper: a
 * kprobe program on them that updates and deletes in the same map runs
 * before any bucket lock is taken, its own calls reach the probes again
 * (a kprobe inside a kprobe program's run is missed), and every result
 * is what it would be without the probe.
 */
TEST_KBPF_ONLY(map_kprobe_internal_direct_call_reenters)
{
	const char *syms[] = { "kbpf_htab_update_call",
			       "kbpf_htab_delete_call" };
	struct kbpf_prog_info info;
	__u32 key;
	__u64 v;
	int hash, prog, rprog, link;

	kbpf_pin_cpu();
	hash = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 16, 0));
	{
		const struct kbpf_insn insns[] = {
			KPROBE_ONLY_THIS_PROCESS(16),
			KBPF_ST_MEM(KBPF_W, 10, -4, 7),
			KBPF_ST_MEM(KBPF_DW, 10, -16, 7),
			KPROBE_UPDATE_FROM_STACK(hash, 0),
			KBPF_ST_MEM(KBPF_W, 10, -4, 9),
			KBPF_LD_MAP_FD(1, hash),
			KBPF_MOV64_REG(2, 10),
			KBPF_ALU64_IMM(KBPF_ADD, 2, -4),
			KBPF_CALL_HELPER(KBPF_FUNC_map_delete_elem),
			KBPF_RET_IMM(0),
		};

		prog = LOAD_KPROBE_MULTI(insns);
	}
	rprog = kprobe_load_insert(hash, 1, 1);
	kbpf_prog_info(rprog, &info);
	if (!info.jited_prog_len)
		SKIP("not JITed: the helper calls the map's ops");
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 2, 0));

	ASSERT_EQ(RUN_PROG(rprog, NULL, 0), 0);
	key = 1;
	ASSERT_OK(kbpf_map_lookup(hash, &key, &v, 0));
	ASSERT_EQ(v, 1);
	/* The probe ran on the program's update and inserted key 7. */
	key = 7;
	ASSERT_OK(kbpf_map_lookup(hash, &key, &v, 0));
	ASSERT_EQ(v, 7);
	ASSERT_EQ(kprobe_count_keys(hash), 2);

	close(link);
	close(rprog);
	close(prog);
	close(hash);
}
