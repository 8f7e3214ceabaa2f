// SPDX-License-Identifier: GPL-2.0
/* Runs copy_user.bpf.o's sleepable program on a string, on a fresh
 * anonymous page the copy faults in, and on an unmapped address.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "copy_user.skel.h"

struct copy_args {
	__u64 uptr;
	__u32 len;
	__u32 pad;
};

static int copy(struct copy_user *skel, const char *what, const void *p,
		unsigned int len)
{
	struct copy_args a = { .uptr = (unsigned long)p, .len = len };
	LIBBPF_OPTS(bpf_test_run_opts, run, .ctx_in = &a,
		    .ctx_size_in = sizeof(a));
	int err;

	memset(skel->bss->buf, 'x', sizeof(skel->bss->buf));
	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.read_user),
				     &run);
	if (err || run.retval) {
		fprintf(stderr, "run: %d retval %u\n", err, run.retval);
		return 1;
	}
	printf("%s: bpf_copy_from_user() = %ld, first bytes %02x %02x %02x, \"%.*s\"\n",
	       what, skel->bss->copy_ret, (unsigned char)skel->bss->buf[0],
	       (unsigned char)skel->bss->buf[1],
	       (unsigned char)skel->bss->buf[2], (int)len,
	       skel->bss->buf[0] >= ' ' ? skel->bss->buf : "");
	return 0;
}

int main(void)
{
	static const char msg[] = "hello from user space";
	struct copy_user *skel;
	void *page;
	int err;

	skel = copy_user__open_and_load();
	if (!skel) {
		perror("copy_user__open_and_load");
		return 1;
	}
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return 1;
	err = copy(skel, "string", msg, strlen(msg));
	err = err ?: copy(skel, "untouched page", page, 16);
	munmap(page, 4096);
	err = err ?: copy(skel, "unmapped", page, 16);
	copy_user__destroy(skel);
	return err;
}
