// SPDX-License-Identifier: GPL-2.0
/* Attaches tp.bpf.o's counter to signal/signal_generate through a perf
 * event (libbpf's SEC("tp/...") path: perf_event_open(2) of the
 * tracepoint PMU, then a perf_event link), sends itself an ignored
 * SIGUSR1 100 times, detaches and sends 100 more.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "misses.h"
#include "tp.skel.h"

static void signals(int n)
{
	while (n--)
		kill(getpid(), SIGUSR1);
}

int main(void)
{
	struct tp *skel;
	__u64 hits, missed;
	int err;

	signal(SIGUSR1, SIG_IGN);
	skel = tp__open();
	if (!skel) {
		perror("tp");
		return 1;
	}
	skel->bss->pid = getpid();
	if (tp__load(skel)) {
		perror("tp");
		tp__destroy(skel);
		return 1;
	}
	err = tp__attach(skel);
	if (err) {
		printf("attach failed: %s\n", strerror(-err));
		tp__destroy(skel);
		return 0;
	}
	missed = misses(skel->progs.count);
	signals(100);
	hits = skel->bss->hits;
	missed = misses(skel->progs.count) - missed;
	printf("attached: 100 hits: %s\n",
	       hits <= 100 && hits + missed >= 100 ? "yes" : "no");
	/* With every run skipped, last_sig and last_result would be 0. */
	until_counted(&skel->bss->hits, signals);
	hits = skel->bss->hits;
	printf("last signal: %llu, result %llu (ignored)\n",
	       (unsigned long long)skel->bss->last_sig,
	       (unsigned long long)skel->bss->last_result);
	tp__detach(skel);
	signals(100);
	printf("detached: no new hits: %s\n",
	       skel->bss->hits == hits ? "yes" : "no");
	tp__destroy(skel);
	return 0;
}
