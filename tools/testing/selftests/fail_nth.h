/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fault-injection sweep (test_fail_nth*.c): run one operation with
 * its 1st, 2nd, ... fault point failed (/proc/thread-self/fail-nth:
 * slab, page allocations without reclaim, user copies) until it runs
 * through without an injected failure. Every injected failure must give
 * a clean errno, leave no half-made object (no new map, program or link
 * ID, and what the operation's own check looks at), and the operation
 * must then succeed at once without injection. vm.sh's kmemleak and
 * splat scans judge the rest. Skipped where the kernel has no fault
 * injection (release kernels); the debug kernel has it.
 *
 * Points: all of them with KBPF_FAIL_NTH=full (make fail-nth); else the
 * first FNTH_SAMPLE_ALL and then every FNTH_SAMPLE_STEP-th, which is the
 * bounded sample the debug selftests run.
 */
#ifndef FAIL_NTH_H
#define FAIL_NTH_H

#include "kbpf_prog.h"
#include "kbpf_test.h"

#define FNTH_SAMPLE_ALL		8
#define FNTH_SAMPLE_STEP	5

struct fnth_op {
	const char *what;
	int cmd;
	union kbpf_attr attr;
	/* Before each try: a fresh object, a known map content... */
	void (*prepare)(union kbpf_attr *attr);
	/* The operation, if not kbpf_sys(cmd, attr): a result < 0 is -1 with errno. */
	long (*run)(union kbpf_attr *attr);
	/*
	 * After each run, injected or not, once fail-nth is disarmed: what
	 * the run did is whole (an element inserted, or not at all...).
	 */
	void (*verify)(long ret, const union kbpf_attr *attr, bool injected);
	/* After a success: close the fd, undo the pin... */
	void (*undo)(long ret);
	/* After an injected failure: nothing half-made is left. */
	void (*check)(void);
	/* What the operation gives without injection: 0 is success. */
	int want_errno;
	/* An errno the operation may give besides ENOMEM and EFAULT. */
	int also_errno;
};

/* Opens fail-nth and quiets the injections; SKIPs without them. */
void fnth_setup(void);
/* Sweeps @op's fault points; prints how many and how many were failed. */
void fnth_sweep(const struct fnth_op *op);
void fnth_undo_close(long ret);
/* OBJ_PIN of @fd (a map, program or link: @kind), then OBJ_GET of it. */
void fnth_sweep_pin(const char *kind, int fd);

#endif /* FAIL_NTH_H */
