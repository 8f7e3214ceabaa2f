// SPDX-License-Identifier: GPL-2.0
/* A bpf_loop() callback summing squares into the caller's stack. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct loop_args {
	__u32 n;
	__u32 calls;
	__u64 sum;
};

static long square(__u32 i, void *data)
{
	struct loop_args *a = data;

	a->sum += (__u64)i * i;
	a->calls++;
	return a->calls == 1000;	/* 1 stops the loop */
}

SEC("syscall")
int sum_squares(struct loop_args *args)
{
	struct loop_args a = { .n = args->n };
	long ret;

	ret = bpf_loop(a.n, square, &a, 0);
	args->calls = a.calls;
	args->sum = a.sum;
	return ret;
}

char LICENSE[] SEC("license") = "GPL";
