/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kprobe_multi tests on kbpf's own functions and on a syscall
 * share (test_link_kprobe_nmi.c, test_map_kprobe_internal.c), and with
 * them the perf-event sweep's program (test_fail_nth_perf.c): a KPROBE
 * program's load, the filter on the test's process, a map update from
 * the stack, how the kprobes list says a probe runs, the key count of a
 * map, and where a function and its fentry call are.
 */
#ifndef KPROBE_PROG_H
#define KPROBE_PROG_H

#include <stdbool.h>

#include "kbpf_prog.h"

/*
 * Three instructions: r0 = the current tgid, and a jump over the next
 * @skip unless it is the test's process.
 */
#define KPROBE_ONLY_THIS_PROCESS(skip)					\
	KBPF_CALL_HELPER(KBPF_FUNC_get_current_pid_tgid),		\
	KBPF_ALU64_IMM(KBPF_RSH, 0, 32),				\
	KBPF_JMP_IMM(KBPF_JNE, 0, getpid(), skip)

/*
 * Eight instructions: map_update_elem(@map, fp - 4, fp - 16, @flags),
 * the u32 key and the value stored there before; r0 = its result.
 */
#define KPROBE_UPDATE_FROM_STACK(map, flags)				\
	KBPF_LD_MAP_FD(1, map),						\
	KBPF_MOV64_REG(2, 10),						\
	KBPF_ALU64_IMM(KBPF_ADD, 2, -4),				\
	KBPF_MOV64_REG(3, 10),						\
	KBPF_ALU64_IMM(KBPF_ADD, 3, -16),				\
	KBPF_MOV64_IMM(4, flags),					\
	KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem)

/* A KPROBE program for kprobe_multi links; the load must succeed. */
#define LOAD_KPROBE_MULTI(insns) ({					\
	struct kbpf_load_opts __o = {					\
		.expected_attach_type = KBPF_TRACE_KPROBE_MULTI,	\
	};								\
	LOAD_PROG_OPTS(KBPF_PROG_TYPE_KPROBE, insns, &__o);		\
})

/*
 * Whether /sys/kernel/debug/kprobes/list shows the probe on @func with
 * @tag ("[FTRACE]", "[OPTIMIZED]"); false where it cannot be read.
 */
bool kprobe_listed(const char *func, const char *tag);

/*
 * A RAW_TRACEPOINT program that updates key @key of @map (u32 keys, u64
 * values) to @value; r0 = the update's result.
 */
int kprobe_load_insert(int map, __u32 key, __s32 value);

/* The number of keys in @map (u32 keys). */
int kprobe_count_keys(int map);

/* On each probed call from the test's process: ++counter[0] in @cnt. */
int kprobe_load_counter(int cnt);

/* @name's address in /proc/kallsyms; fails the test if it is not there. */
__u64 kprobe_ksym(const char *name);

/*
 * The size of the ENDBR64 before a function's fentry call: 4 on IBT
 * kernels (6.2 and later here: Debian's 6.12 and the debug kernel), 0
 * on Debian's 6.1.
 */
unsigned int kprobe_endbr_size(void);

#endif /* KPROBE_PROG_H */
