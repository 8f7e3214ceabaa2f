// SPDX-License-Identifier: GPL-2.0
/*
 * What `make run` shows: a sleepable program that drains requests from a
 * user ring buffer, reads the text each one points to in the caller's
 * memory with bpf_copy_from_user(), and answers through a ring buffer,
 * counting its runs in a map pinned across processes.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "demo.h"

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} requests SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} replies SEC(".maps");

/* Outlives each process: libbpf pins it at /sys/fs/bpf/demo_runs. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} demo_runs SEC(".maps");

/* The requests of this run, filled by the drain callback. */
struct demo_request pending[DEMO_MAX_REQUESTS];

static long take(struct bpf_dynptr *dynptr, void *ctx)
{
	__u32 *n = ctx;
	__u32 i = *n;

	if (i >= DEMO_MAX_REQUESTS)
		return 1;
	if (bpf_dynptr_read(&pending[i], sizeof(pending[i]), dynptr, 0, 0))
		return 1;
	*n = i + 1;
	return 0;
}

SEC("syscall")
int serve(void *ctx)
{
	struct demo_reply *rep;
	__u32 key = 0, n = 0, i;
	__u64 *runs;

	runs = bpf_map_lookup_elem(&demo_runs, &key);
	if (!runs)
		return -1;
	*runs += 1;
	bpf_user_ringbuf_drain(&requests, take, &n, 0);
	for (i = 0; i < DEMO_MAX_REQUESTS && i < n; i++) {
		__u32 len = pending[i].len;

		rep = bpf_ringbuf_reserve(&replies, sizeof(*rep), 0);
		if (!rep)
			break;
		if (len > sizeof(rep->text) - 1)
			len = sizeof(rep->text) - 1;
		rep->id = pending[i].id;
		rep->run = *runs;
		rep->copied = bpf_copy_from_user(rep->text, len,
						 (void *)pending[i].text);
		rep->text[len] = 0;
		bpf_ringbuf_submit(rep, 0);
	}
	return n;
}

char LICENSE[] SEC("license") = "GPL";
