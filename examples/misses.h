/* SPDX-License-Identifier: GPL-2.0 */
/* What the attaching examples (tp.c, kprobe_multi.c) read of a program. */
#ifndef KBPF_EXAMPLES_MISSES_H
#define KBPF_EXAMPLES_MISSES_H

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

#endif /* KBPF_EXAMPLES_MISSES_H */
