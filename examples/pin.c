// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
/* One map, several processes:
 *   pin add N    load pin.bpf.o (libbpf pins example_total or reuses the
 *                pin) and run its program to add N
 *   pin read     open the pinned map by path and print the total
 *   pin remove [PATH]   unlink the pin (or PATH)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define PIN_PATH	"/sys/fs/bpf/example_total"
#define BPF_FS_MAGIC	0xcafe4a11

static int add(__u64 amount)
{
	LIBBPF_OPTS(bpf_test_run_opts, run, .ctx_in = &amount,
		    .ctx_size_in = sizeof(amount));
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	obj = bpf_object__open_file("pin.bpf.o", NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "loading pin.bpf.o failed\n");
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "add");
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &run);
	bpf_object__close(obj);
	if (err || run.retval) {
		fprintf(stderr, "run: %d retval %u\n", err, run.retval);
		return 1;
	}
	printf("added %llu\n", (unsigned long long)amount);
	return 0;
}

static int read_pin(void)
{
	struct statfs st;
	__u32 key = 0;
	__u64 total;
	int fd;

	if (statfs("/sys/fs/bpf", &st))
		return 1;
	printf("/sys/fs/bpf is bpffs: %s\n",
	       st.f_type == BPF_FS_MAGIC ? "yes" : "no");
	fd = bpf_obj_get(PIN_PATH);
	if (fd < 0 || bpf_map_lookup_elem(fd, &key, &total)) {
		perror(PIN_PATH);
		return 1;
	}
	printf("total in %s: %llu\n", PIN_PATH, (unsigned long long)total);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "add"))
		return add(strtoull(argv[2], NULL, 0));
	if (argc == 2 && !strcmp(argv[1], "read"))
		return read_pin();
	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "remove")) {
		const char *path = argc == 3 ? argv[2] : PIN_PATH;

		if (unlink(path)) {
			perror(path);
			return 1;
		}
		printf("removed %s; open again: %s\n", path,
		       bpf_obj_get(path) < 0 ? strerrorname_np(errno) : "opened");
		return 0;
	}
	fprintf(stderr, "usage: pin add N | read | remove [PATH]\n");
	return 2;
}
