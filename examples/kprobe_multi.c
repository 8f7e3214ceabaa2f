// SPDX-License-Identifier: GPL-2.0
/* Attaches kprobe_multi.bpf.o's counter for this process's calls,
 * calls getppid(2) 100 times, detaches and calls it 100 times more. "kprobe_multi pin PATH" attaches
 * and pins the link at PATH instead, and exits.
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "misses.h"
#include "kprobe_multi.skel.h"

static void calls(int n)
{
	while (n--)
		syscall(SYS_getppid);
}

int main(int argc, char **argv)
{
	struct kprobe_multi *skel;
	__u64 hits, missed;
	int err;

	skel = kprobe_multi__open_and_load();
	if (skel)
		skel->bss->pid = getpid();
	if (!skel || kprobe_multi__attach(skel)) {
		perror("kprobe_multi");
		return 1;
	}
	if (argc == 3 && !strcmp(argv[1], "pin")) {
		err = bpf_link__pin(skel->links.count, argv[2]);
		printf("pinned the link at %s: %d\n", argv[2], err);
		kprobe_multi__destroy(skel);
		return !!err;
	}
	missed = misses(skel->progs.count);
	calls(100);
	hits = skel->bss->hits;
	missed = misses(skel->progs.count) - missed;
	printf("attached: 100 hits: %s\n",
	       hits <= 100 && hits + missed >= 100 ? "yes" : "no");
	/* With every run skipped, nr would still be 0. */
	until_counted(&skel->bss->hits, calls);
	hits = skel->bss->hits;
	printf("system call number read by bpf_probe_read_kernel(): %llu\n",
	       (unsigned long long)skel->bss->nr);
	kprobe_multi__detach(skel);
	calls(100);
	printf("detached: no new hits: %s\n",
	       skel->bss->hits == hits ? "yes" : "no");
	kprobe_multi__destroy(skel);
	return 0;
}
