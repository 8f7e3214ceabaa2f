/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lv_run: Linux 6.12's test_verifier tables as differential input. Every
 * case is loaded into Linux's bpf(2) and into kbpf (libkbpf's target
 * switch) in one guest, with CAP_BPF alone and with CAP_BPF +
 * CAP_PERFMON, and the two verdicts are compared (lv_run.c).
 */
#ifndef LV_RUN_H
#define LV_RUN_H

#include "lv_compat.h"
#include "tools/lib/kbpf/bpf.h"

/* The privilege levels a case is loaded at. */
enum lv_level {
	LV_BPF,		/* CAP_BPF alone */
	LV_PERFMON,	/* CAP_BPF + CAP_PERFMON */
	LV_ROOT,	/* every capability: only to judge retargeting */
	LV_NR_RUN_LEVELS = LV_ROOT,
};

/* Why a case is not applicable to kbpf: the closed list of issue 19. */
enum lv_reason {
	LV_APPLIES,
	LV_NA_BTF,		/* BTF or kfuncs */
	LV_NA_PKT,		/* packet pointers */
	LV_NA_PROG_TYPE,	/* a program type kbpf lacks */
	LV_NA_MAP_TYPE,		/* a map type kbpf lacks */
	LV_NA_UNPRIV,		/* unprivileged_bpf_disabled=0 semantics */
	LV_NOT_RUN,		/* no program: made by a test_verifier.c generator */
	LV_NR_REASONS,
};

extern const char *const lv_reason_name[LV_NR_REASONS];

/* What one load (and its test runs) did on one target. */
struct lv_outcome {
	bool accepted;
	int err;			/* errno of a refusal */
	int run_err;			/* first PROG_TEST_RUN errno, 0 if none */
	unsigned int runs;		/* test runs made */
	__u32 retval[MAX_TEST_RUNS];
};

/* A case made ready to load: its program and how to load it. */
struct lv_prog {
	const struct bpf_test *test;
	struct kbpf_insn *insns;	/* patched per target by lv_fixup() */
	unsigned int cnt;
	__u32 type;
	__u32 expected_attach_type;
	__u32 prog_flags;
	bool run;			/* test-run what loads */
};

#define LV_LOG_SIZE	(256 * 1024)

/* lv_classify.c */
enum lv_reason lv_static_reason(const struct bpf_test *t);
bool lv_kbpf_has_type(__u32 type);
bool lv_type_needs_btf(__u32 type);
bool lv_log_has_pkt(const char *log);

/* lv_load.c */
/*
 * Create the case's fixture maps on the current target (as the caller,
 * root) into @fds and patch their fds into p->insns. Returns 0, or -1
 * when a fixture could not be made (the errno tells).
 */
int lv_fixup(struct lv_prog *p, int *fds, unsigned int nfds);
void lv_fixup_close(int *fds, unsigned int nfds);
/*
 * Load @p on the current target in a child holding @level's
 * capabilities; the outcome and the log's tail land in @out and @log
 * (shared memory, LV_LOG_SIZE bytes; @log_level as PROG_LOAD's).
 */
void lv_load_at(const struct lv_prog *p, enum lv_level level,
		struct lv_outcome *out, char *log, __u32 log_level);

/* lv_allow.c: kbpf looser than Linux by design; NULL if not listed. */
const char *lv_allowed(const char *file, const char *descr,
		       enum lv_level level);

#endif /* LV_RUN_H */
