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
	const char *file;		/* the source file, for reports */
	const char *name;		/* the case's name in that file */
	const struct kbpf_insn *orig;	/* the program before fixups */
	struct kbpf_insn *insns;	/* patched per target by @fixup */
	unsigned int cnt;
	__u32 type;
	__u32 expected_attach_type;
	__u32 prog_flags;
	/*
	 * Create the case's maps on the current target (as the caller:
	 * root) into @fds and patch their fds into @insns. Returns 0, or -1
	 * when a map could not be made (errno tells why).
	 */
	int (*fixup)(struct lv_prog *p, int *fds, unsigned int nfds);
	const void *src;		/* what @fixup reads */
	/* test runs (socket filters): packets of TEST_DATA_LEN bytes */
	bool run;
	unsigned int nr_runs;
	const void *run_data[MAX_TEST_RUNS];
	bool run_any_retval[MAX_TEST_RUNS];	/* a pointer: not compared */
	/*
	 * What the source expects of Linux as root (.result, __success or
	 * __failure), to check the harness: compared with Linux's verdict
	 * at CAP_PERFMON, where the two should mostly agree.
	 */
	enum { LV_EXPECT_NONE, LV_EXPECT_ACCEPT, LV_EXPECT_REJECT } expect;
};

/* How the cases of one source file compared (lv_core.c). */
enum lv_cat {
	LV_C_AGREE,
	LV_C_ERRNO,
	LV_C_STRICTER,
	LV_C_LOOSER,
	LV_C_ALLOWED,
	LV_C_RETVAL,
	LV_C_NA,
	LV_NR_CATS,
};

struct lv_counts {
	unsigned int cat[LV_NR_CATS];
	unsigned int na[LV_NR_REASONS];
	unsigned int retargeted;	/* case-levels compared as socket filters */
	unsigned int cases;
	/* cases with an expectation, and those where Linux met it */
	unsigned int expected, expect_met;
};

#define LV_LOG_SIZE	(1024 * 1024)

/* lv_classify.c */
enum lv_reason lv_static_reason(const struct bpf_test *t);
bool lv_kbpf_has_type(__u32 type);
bool lv_kbpf_has_map_type(__u32 type);
bool lv_insns_name_btf(const struct kbpf_insn *insns, unsigned int cnt);
bool lv_type_needs_btf(__u32 type);
bool lv_log_has_pkt(const char *log);

/* lv_core.c */
/*
 * Load @p into Linux and kbpf at each level and compare; @reason (not
 * LV_APPLIES) makes it n/a. A type kbpf lacks is retargeted or made n/a
 * here. Prints the TAP lines and adds to @c.
 */
void lv_case(struct lv_prog *p, enum lv_reason reason, struct lv_counts *c);
void lv_core_init(bool verbose, bool skip_slow);
unsigned int lv_compared(const struct lv_counts *c);
void lv_add_counts(struct lv_counts *sum, const struct lv_counts *c);
void lv_table_head(void);
void lv_table_row(const char *name, const struct lv_counts *c);
unsigned int lv_tap_next(void);

/* lv_load.c */
/* test_verifier's fixtures for a table's case (@p->src: its bpf_test). */
int lv_fixup_table(struct lv_prog *p, int *fds, unsigned int nfds);
void lv_fixup_close(int *fds, unsigned int nfds);
extern unsigned int lv_load_timeout;
/*
 * Load @p on the current target in a child holding @level's
 * capabilities; the outcome and the log land in @out and @log (shared
 * memory, LV_LOG_SIZE bytes; @log_level as PROG_LOAD's).
 */
void lv_load_at(const struct lv_prog *p, enum lv_level level,
		struct lv_outcome *out, char *log, __u32 log_level);

/* A row of the per-file table. */
struct lv_row {
	char name[64];
	struct lv_counts c;
};

#define LV_MAX_ROWS	256

/* The sample: which cases of all sources run. */
struct lv_select {
	const char *pattern;	/* fnmatch on the file name, or NULL */
	unsigned int sample;	/* every sample-th case */
	unsigned int idx;	/* cases seen so far */
};

bool lv_selected(struct lv_select *sel);
/* lv_allow.c: a case whose walks take minutes under TCG, or NULL. */
const char *lv_slow(const char *file, const char *name);

/*
 * lv_obj.c: the programs of the progs/verifier_NAME.bpf.o objects in @dir,
 * one row each in @rows.
 */
void lv_objs_run(const char *dir, struct lv_select *sel, struct lv_row *rows,
		 unsigned int *nrows);

/* lv_allow.c: kbpf looser than Linux by design; NULL if not listed. */
const char *lv_allowed(const char *file, const char *descr,
		       enum lv_level level);

#endif /* LV_RUN_H */
