// SPDX-License-Identifier: GPL-2.0
/* Publishes requests into a user ring buffer with libbpf's producer, runs
 * the draining program, and reads the replies with libbpf's ring_buffer.
 */
#include <stdio.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

struct request {
	__u32 id;
	__u32 a;
	__u32 b;
};

struct reply {
	__u32 id;
	__u32 sum;
};

static int on_reply(void *ctx, void *data, size_t size)
{
	const struct reply *r = data;

	(void)ctx;
	printf("reply %u: sum %u (%zu bytes)\n", r->id, r->sum, size);
	return 0;
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_test_run_opts, run);
	struct user_ring_buffer *urb;
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct ring_buffer *rb;
	struct request *req;
	int i, err;

	obj = bpf_object__open_file(argc > 1 ? argv[1] : "user_ringbuf.bpf.o",
				    NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "loading user_ringbuf.bpf.o failed\n");
		return 1;
	}
	urb = user_ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "requests"),
				    NULL);
	rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "replies"),
			      on_reply, NULL, NULL);
	if (!urb || !rb) {
		perror("ring buffers");
		return 1;
	}
	for (i = 1; i <= 3; i++) {
		req = user_ring_buffer__reserve(urb, sizeof(*req));
		if (!req) {
			perror("user_ring_buffer__reserve");
			return 1;
		}
		*req = (struct request){ .id = i, .a = 10 * i, .b = i };
		user_ring_buffer__submit(urb, req);
		printf("request %u: %u + %u\n", i, 10 * i, i);
	}
	prog = bpf_object__find_program_by_name(obj, "drain");
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &run);
	if (err) {
		fprintf(stderr, "run: %d\n", err);
		return 1;
	}
	printf("drained %d requests\n", (int)run.retval);
	err = ring_buffer__consume(rb);
	printf("consumed %d replies\n", err);
	ring_buffer__free(rb);
	user_ring_buffer__free(urb);
	bpf_object__close(obj);
	return err == 3 ? 0 : 1;
}
