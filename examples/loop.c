// SPDX-License-Identifier: GPL-2.0
/* Runs loop.bpf.o's bpf_loop() program for a few loop counts. */
#include <stdio.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct loop_args {
	__u32 n;
	__u32 calls;
	__u64 sum;
};

int main(int argc, char **argv)
{
	static const __u32 counts[] = { 0, 1, 10, 100, 5000 };
	struct bpf_program *prog;
	struct bpf_object *obj;
	unsigned int i;

	obj = bpf_object__open_file(argc > 1 ? argv[1] : "loop.bpf.o", NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "loading loop.bpf.o failed\n");
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "sum_squares");
	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		struct loop_args a = { .n = counts[i] };
		LIBBPF_OPTS(bpf_test_run_opts, run, .ctx_in = &a,
			    .ctx_size_in = sizeof(a));
		int err;

		err = bpf_prog_test_run_opts(bpf_program__fd(prog), &run);
		if (err) {
			fprintf(stderr, "run: %d\n", err);
			return 1;
		}
		printf("bpf_loop(%u): returned %d, %u calls, sum of squares %llu\n",
		       a.n, (int)run.retval, a.calls, (unsigned long long)a.sum);
	}
	bpf_object__close(obj);
	return 0;
}
