// SPDX-License-Identifier: GPL-2.0
/* Loads globals.bpf.o through its bpftool-generated skeleton, sets
 * .rodata before load, and runs the program three times, changing .data
 * through the mmap in between.
 */
#include <stdio.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "globals.skel.h"

int main(void)
{
	LIBBPF_OPTS(bpf_test_run_opts, run);
	struct globals *skel;
	int i, err, fd;

	skel = globals__open();
	if (!skel) {
		perror("globals__open");
		return 1;
	}
	skel->rodata->scale = 3;
	err = globals__load(skel);
	if (err) {
		fprintf(stderr, "globals__load: %d\n", err);
		return 1;
	}
	fd = bpf_program__fd(skel->progs.compute);
	for (i = 0; i < 3; i++) {
		err = bpf_prog_test_run_opts(fd, &run);
		if (err || run.retval) {
			fprintf(stderr, "run: %d retval %u\n", err, run.retval);
			return 1;
		}
		printf("run %d: base %llu scale %llu -> result %llu, runs %u\n",
		       i, (unsigned long long)skel->data->base,
		       (unsigned long long)skel->rodata->scale,
		       (unsigned long long)skel->bss->result, skel->bss->runs);
		skel->data->base += 10;
	}
	globals__destroy(skel);
	return 0;
}
