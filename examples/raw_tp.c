// SPDX-License-Identifier: GPL-2.0
/* Attaches raw_tp.bpf.o's counter to sys_enter, calls getppid(2) 100
 * times, detaches and calls it 100 times more. A failed attach is
 * printed with its errno: kbpf refuses raw tracepoints on a kernel
 * without BTF (raw_tp.nobtf.expected).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "raw_tp.skel.h"

static void calls(int n)
{
	while (n--)
		syscall(SYS_getppid);
}

int main(void)
{
	struct raw_tp *skel;
	__u64 hits, nr;
	int err;

	skel = raw_tp__open();
	if (!skel) {
		perror("raw_tp");
		return 1;
	}
	skel->bss->pid = getpid();
	if (raw_tp__load(skel)) {
		perror("raw_tp");
		raw_tp__destroy(skel);
		return 1;
	}
	err = raw_tp__attach(skel);
	if (err) {
		printf("attach failed: %s\n", strerror(-err));
		raw_tp__destroy(skel);
		return 0;
	}
	calls(100);
	/* Before printf(), whose first call is a system call too. */
	hits = skel->bss->hits;
	nr = skel->bss->last_nr;
	printf("attached: 100 hits: %s\n", hits == 100 ? "yes" : "no");
	printf("last system call number: %llu\n", (unsigned long long)nr);
	raw_tp__detach(skel);
	calls(100);
	printf("detached: no new hits: %s\n",
	       skel->bss->hits == hits ? "yes" : "no");
	raw_tp__destroy(skel);
	return 0;
}
