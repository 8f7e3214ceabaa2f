// SPDX-License-Identifier: GPL-2.0
/*
 * The kbpf demo (make run): an unmodified libbpf program, built by clang,
 * that the guest runs through kbpf-run. Each step says what happens.
 *   demo          one round of requests
 *   demo cleanup  remove the pinned map
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "demo.h"
#include "demo.skel.h"

#define PIN "/sys/fs/bpf/demo_runs"

static int on_reply(void *ctx, void *data, size_t size)
{
	const struct demo_reply *r = data;

	(void)ctx;
	(void)size;
	printf("     reply %u: copied %s, \"%s\"\n", r->id,
	       r->copied ? "nothing (the address faults)" : "the text", r->text);
	return 0;
}

static int send(struct user_ring_buffer *urb, __u32 id, const char *text)
{
	struct demo_request *req = user_ring_buffer__reserve(urb, sizeof(*req));

	if (!req)
		return -1;
	req->id = id;
	req->len = text ? strlen(text) : 8;
	req->text = text ? (unsigned long)text : 8;	/* 8: unmapped */
	user_ring_buffer__submit(urb, req);
	printf("     request %u -> %s\n", id, text ? text : "(a bad pointer)");
	return 0;
}

static unsigned long long runs_seen(struct demo *skel)
{
	__u32 key = 0;
	__u64 runs = 0;

	bpf_map__lookup_elem(skel->maps.demo_runs, &key, sizeof(key), &runs,
			     sizeof(runs), 0);
	return runs;
}

int main(int argc, char **argv)
{
	static const char *const texts[] = { "hello", "kbpf reads user memory",
					     NULL };
	LIBBPF_OPTS(bpf_test_run_opts, run);
	struct user_ring_buffer *urb;
	struct ring_buffer *rb;
	struct demo *skel;
	unsigned int i;
	int err;

	if (argc == 2 && !strcmp(argv[1], "cleanup"))
		return unlink(PIN) ? (perror(PIN), 1) : 0;
	printf("1. libbpf opens demo.bpf.o (built by clang -target bpf) and loads it;\n"
	       "   its map demo_runs is pinned at %s, or reused if it is there\n", PIN);
	skel = demo__open_and_load();
	if (!skel) {
		perror("demo__open_and_load");
		return 1;
	}
	urb = user_ring_buffer__new(bpf_map__fd(skel->maps.requests), NULL);
	rb = ring_buffer__new(bpf_map__fd(skel->maps.replies), on_reply, NULL,
			      NULL);
	if (!urb || !rb) {
		perror("ring buffers");
		return 1;
	}
	printf("2. requests go into a user ring buffer, each pointing at text in this process:\n");
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (send(urb, i + 1, texts[i]))
			return 1;
	printf("3. the sleepable program drains them (bpf_user_ringbuf_drain), reads each\n"
	       "   text with bpf_copy_from_user() and answers through a ring buffer:\n");
	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.serve), &run);
	if (err) {
		fprintf(stderr, "run: %d\n", err);
		return 1;
	}
	printf("     (it drained %d requests)\n", (int)run.retval);
	err = ring_buffer__consume(rb);
	if (err < 0)
		return 1;
	printf("4. the pinned map has now seen %llu run(s) of the program, over all processes\n",
	       runs_seen(skel));
	ring_buffer__free(rb);
	user_ring_buffer__free(urb);
	demo__destroy(skel);
	return 0;
}
