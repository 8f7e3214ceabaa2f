// SPDX-License-Identifier: GPL-2.0
/* A map pinned by name (libbpf pins it under /sys/fs/bpf and reuses the
 * pin when it exists), to which each run adds its ctx value.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} example_total SEC(".maps");

SEC("syscall")
int add(__u64 *amount)
{
	__u32 key = 0;
	__u64 *total = bpf_map_lookup_elem(&example_total, &key);

	if (!total)
		return 1;
	__sync_fetch_and_add(total, *amount);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
