// SPDX-License-Identifier: GPL-2.0
/*
 * Which syscall map commands hold kprobe programs off on their CPU, as
 * Linux 6.12's bpf_disable_instrumentation() does (kernel/bpf/syscall.c):
 * every element command but get_next_key, except the update and delete
 * of a PROG_ARRAY, which Linux runs without it ("These maps require
 * sleepable context"). A kprobe hit inside those runs its program, and
 * the program's recursion misses do not move.
 *
 * The probe is on fdget(), which both sides call once per fd a command
 * takes: an array update takes one (the map), a prog array update two
 * (the map and the program). The counting program filters on the test's
 * tgid, so other tasks do not disturb the count.
 */
#include <unistd.h>

#include "kbpf_prog.h"
#include "kprobe_prog.h"

#define UPDATES	8

static int load_ret0(void)
{
	const struct kbpf_insn insns[] = {
		KBPF_RET_IMM(0),
	};

	return LOAD_RAW_TP(insns);
}

/*
 * The probe hits counted over UPDATES updates of @map with @value, the
 * reset and the read included (the same for every map).
 */
static __u64 hits_over_updates(int cnt, int map, __u32 value)
{
	__u64 zero = 0, hits;
	__u32 key;
	int i;

	key = 0;
	ASSERT_OK(kbpf_map_update(cnt, &key, &zero, 0));
	for (i = 0; i < UPDATES; i++) {
		key = i % 2;
		ASSERT_OK(kbpf_map_update(map, &key, &value, 0));
	}
	key = 0;
	ASSERT_OK(kbpf_map_lookup(cnt, &key, &hits, 0));
	return hits;
}

static __u64 misses(int prog)
{
	struct kbpf_prog_info info;

	kbpf_prog_info(prog, &info);
	return info.recursion_misses;
}

/*
 * A prog array update runs the probe on the program's fd lookup: one
 * more hit per update than an array update, and no recursion miss.
 * fdget() is a function since 6.10; before, an inline around __fdget().
 */
TEST(map_instr_prog_array_update_runs_probe)
{
	const char *syms[] = { "fdget" };
	const char *old_syms[] = { "__fdget" };
	int cnt, arr, progs, prog, target, link;
	__u64 arr_hits, progs_hits, before;

	cnt = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0));
	arr = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 4, 2, 0));
	progs = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 2, 0));
	target = load_ret0();
	prog = kprobe_load_counter(cnt);
	link = kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 1, 0);
	if (link < 0 && errno == ESRCH)
		link = kbpf_link_kprobe_multi(prog, old_syms, NULL, NULL, 1, 0);
	ASSERT_OK(link);

	arr_hits = hits_over_updates(cnt, arr, target);
	ASSERT_GE(arr_hits, UPDATES);
	before = misses(prog);
	progs_hits = hits_over_updates(cnt, progs, target);
	ASSERT_EQ(misses(prog), before);
	ASSERT_EQ(progs_hits, arr_hits + UPDATES);

	close(link);
	close(prog);
	close(target);
	close(progs);
	close(arr);
	close(cnt);
}

/*
 * kbpf only (Linux cannot probe kbpf's symbols): a prog array delete
 * runs a probe on the release of the program it drops, as Linux runs
 * its delete without the guard.
 */
TEST_KBPF_ONLY(map_instr_prog_array_delete_runs_probe)
{
	const char *syms[] = { "kbpf_prog_put" };
	int cnt, progs, prog, target, link;
	__u64 hits, zero = 0, before;
	__u32 key = 0;

	cnt = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0));
	progs = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 2, 0));
	target = load_ret0();
	prog = kprobe_load_counter(cnt);
	ASSERT_OK(kbpf_map_update(progs, &key, &target, 0));
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 1, 0));

	before = misses(prog);
	ASSERT_OK(kbpf_map_update(cnt, &key, &zero, 0));
	ASSERT_OK(kbpf_map_delete(progs, &key));
	ASSERT_OK(kbpf_map_lookup(cnt, &key, &hits, 0));
	ASSERT_EQ(hits, 1);
	ASSERT_EQ(misses(prog), before);

	close(link);
	close(prog);
	close(target);
	close(progs);
	close(cnt);
}
