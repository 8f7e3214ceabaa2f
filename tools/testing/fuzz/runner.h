/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the fuzzer's modes share: a target (kbpf's /dev/kbpf or Linux's
 * bpf(2)) with its map fixtures, and the module's counters.
 */
#ifndef KBPF_FUZZ_RUNNER_H
#define KBPF_FUZZ_RUNNER_H

#include <stdbool.h>

#include "gen.h"
#include "tools/lib/kbpf/kbpf.h"

#define VIOLATIONS	"/sys/module/kbpf/parameters/checked_violations"
/* Y: the checked build loads what passes only the structural checks. */
#define SKIP_VERIFIER	"/sys/module/kbpf/parameters/checked_skip_verifier"

struct target {
	const char *name;
	bool is_linux;
	int fds[FIX_NR];	/* gen_fixtures[], once created */
};

extern struct target kbpf_t;

long sys(struct target *t, int cmd, union kbpf_attr *attr);
void fixtures_refresh(struct target *t);
/* A number, 1/0 for Y/N, or -1 if the file cannot be read. */
long read_counter(const char *path);

/* kbpf_fuzz -T: the oracle's own tests. */
int oracle_selftest(void);

#endif /* KBPF_FUZZ_RUNNER_H */
