// SPDX-License-Identifier: GPL-2.0
/* Requests from user space through a user ring buffer, drained by
 * bpf_user_ringbuf_drain(); each answered through a ring buffer.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct request {
	__u32 id;
	__u32 a;
	__u32 b;
};

struct reply {
	__u32 id;
	__u32 sum;
};

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} requests SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} replies SEC(".maps");

static long answer(struct bpf_dynptr *dynptr, void *ctx)
{
	struct request req;
	struct reply rep;

	if (bpf_dynptr_read(&req, sizeof(req), dynptr, 0, 0))
		return 1;
	rep.id = req.id;
	rep.sum = req.a + req.b;
	bpf_ringbuf_output(&replies, &rep, sizeof(rep), 0);
	return 0;
}

SEC("syscall")
int drain(void *ctx)
{
	return bpf_user_ringbuf_drain(&requests, answer, NULL, 0);
}

char LICENSE[] SEC("license") = "GPL";
