/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Perf events of signal/signal_generate for the tracepoint perf-event
 * tests (test_link_tp_attack*.c, test_link_tp_sample.c): the attr, a
 * program that returns 0, the tracepoint fired, and EXPECT_*() that
 * report every difference from the expected answer (Linux 6.12's) and
 * fail the test once, at EXPECT_DONE(), so that one run shows them all.
 */
#ifndef TP_EVENT_H
#define TP_EVENT_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "kbpf_prog.h"

/* The differences EXPECT_*() found in this test (each runs in a child). */
extern int tp_bad;

/*
 * @expr must succeed (@want_ret >= 0; 2: it is an fd, closed here) or
 * fail with errno @want_err (@want_ret < 0).
 */
#define EXPECT_RES(expr, want_ret, want_err) do {			\
	long __r;							\
	errno = 0;							\
	__r = (long)(expr);						\
	if ((want_ret) >= 0 ? __r < 0 :					\
	    (__r >= 0 || errno != (want_err))) {			\
		printf("# DIFF %s:%d: %s = %ld errno %d (%s), want %s %d\n", \
		       __FILE__, __LINE__, #expr, __r, errno,		\
		       strerror(errno), (want_ret) >= 0 ? "success" :	\
		       "errno", (want_err));				\
		tp_bad++;						\
	}								\
	if (__r >= 0 && (want_ret) == 2)				\
		close(__r);						\
} while (0)
/* Success, closing the fd it returns. */
#define EXPECT_FD(expr)		EXPECT_RES(expr, 2, 0)
#define EXPECT_OK(expr)		EXPECT_RES(expr, 0, 0)
#define EXPECT_ERR(expr, err)	EXPECT_RES(expr, -1, err)
#define EXPECT_VAL(expr, want) do {					\
	long long __v = (long long)(expr);				\
	if (__v != (long long)(want)) {					\
		printf("# DIFF %s:%d: %s = %lld, want %lld\n",		\
		       __FILE__, __LINE__, #expr, __v, (long long)(want)); \
		tp_bad++;						\
	}								\
} while (0)
#define EXPECT_DONE() do {						\
	if (tp_bad)							\
		FAIL("%d differences", tp_bad);				\
} while (0)

/* The ID of tracepoint @sys/@name; SKIPs the test where it has none. */
int tp_id(const char *sys, const char *name);
/* A counting event of signal/signal_generate, every other field zero. */
struct perf_event_attr tp_attr(void);
/* A TRACEPOINT program that returns 0 (the load must succeed). */
int tp_ret0_prog(void);
/* Fires signal_generate @n times in the caller (an ignored SIGUSR1). */
void tp_signal_self(int n);
/*
 * A child that fires signal_generate @n times once a byte comes on @go,
 * then exits 0 (1 if none came); returns its pid.
 */
int tp_fork_firer(int go, int n);

#endif /* TP_EVENT_H */
