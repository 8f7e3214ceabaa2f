// SPDX-License-Identifier: GPL-2.0
/* A kprobe_multi counter on getppid(2)'s entry. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 hits;

SEC("kprobe.multi/__x64_sys_getppid")
int count(void *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
