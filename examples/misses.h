/* SPDX-License-Identifier: GPL-2.0 */
/* What the attaching examples (tp.c, kprobe_multi.c) read of a program. */
#ifndef KBPF_EXAMPLES_MISSES_H
#define KBPF_EXAMPLES_MISSES_H

#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/*
 * The program's recursion misses: a run that finds another BPF run or a
 * syscall map command in progress on its CPU is skipped and counted
 * there, on Linux as on kbpf (tools running beside this one cause them).
 */
static inline __u64 misses(const struct bpf_program *prog)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len))
		return 0;
	return info.recursion_misses;
}

/*
 * Every run of the counted calls may have been skipped: a syscall map
 * command that another task was preempted in holds the programs off on
 * its CPU until it runs again, and this task may make all of its calls
 * meanwhile. Then what a run records (a value read, the last signal) was
 * never written. Makes one call at a time, @call(1), until *@hits counts
 * a run, sleeping before each so that the holder gets to finish; gives
 * up after about a second.
 */
static inline void until_counted(const __u64 *hits, void (*call)(int))
{
	int tries;

	for (tries = 0; !*(volatile const __u64 *)hits && tries < 100;
	     tries++) {
		usleep(10000);
		call(1);
	}
}

#endif /* KBPF_EXAMPLES_MISSES_H */
