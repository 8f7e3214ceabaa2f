// SPDX-License-Identifier: GPL-2.0
/*
 * One case into Linux and into kbpf, compared (see lv_run.c for the
 * categories), and the per-file counts and table.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "lv_run.h"

#define LV_TAIL_LINES		4
#define LV_NR_FIX		16
#define LV_SLOW_SECS		5

/* Shared with the loading children: an outcome and a log per target. */
struct lv_shared {
	struct lv_outcome out;
	char log[LV_LOG_SIZE];
};

static struct lv_shared *shm_linux, *shm_kbpf;
static unsigned int tap_num;
static bool verbose, skip_slow;

static const char *const level_name[] = {
	[LV_BPF] = "bpf", [LV_PERFMON] = "perfmon", [LV_ROOT] = "root",
};

void lv_core_init(bool verbose_out, bool skip_slow_cases)
{
	verbose = verbose_out;
	skip_slow = skip_slow_cases;
	shm_linux = mmap(NULL, 2 * sizeof(*shm_linux), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm_linux == MAP_FAILED) {
		perror("lv_run: mmap");
		exit(1);
	}
	shm_kbpf = shm_linux + 1;
}

unsigned int lv_tap_next(void)
{
	return ++tap_num;
}

static const char *errname(int err)
{
	static char buf[16];
	const char *name;

	if (err == 524)
		return "ENOTSUPP";
	name = strerrorname_np(err);
	if (name)
		return name;
	snprintf(buf, sizeof(buf), "%d", err);
	return buf;
}

static bool same_verdict(const struct lv_outcome *a,
			 const struct lv_outcome *b)
{
	return a->accepted == b->accepted &&
	       (a->accepted || a->err == b->err);
}

/* Load @p on @target at @level, its maps made afresh (as root). */
static void load_on(enum kbpf_target target, struct lv_prog *p,
		    enum lv_level level, struct lv_shared *shm,
		    __u32 log_level)
{
	int fds[LV_NR_FIX];

	kbpf_set_target(target);
	memcpy(p->insns, p->orig, p->cnt * sizeof(p->insns[0]));
	errno = 0;
	if (p->fixup(p, fds, LV_NR_FIX)) {
		memset(&shm->out, 0, sizeof(shm->out));
		shm->out.err = errno ? errno : EINVAL;
		snprintf(shm->log, LV_LOG_SIZE, "lv: a map failed: %s",
			 errname(shm->out.err));
	} else {
		lv_load_at(p, level, &shm->out, shm->log, log_level);
	}
	lv_fixup_close(fds, LV_NR_FIX);
}

/*
 * Judge a case of a type kbpf lacks: as root on Linux, does it get the
 * same verdict as a socket filter? LV_APPLIES if so (retarget), else why
 * not. Linux's level-2 log of the original tells packet pointers.
 */
static enum lv_reason judge_retarget(const struct lv_prog *p)
{
	struct lv_outcome orig;
	struct lv_prog q = *p;

	q.run = false;
	load_on(KBPF_TARGET_LINUX, &q, LV_ROOT, shm_linux, 2);
	orig = shm_linux->out;
	if (lv_log_has_pkt(shm_linux->log))
		return LV_NA_PKT;
	q.type = KBPF_PROG_TYPE_SOCKET_FILTER;
	q.expected_attach_type = 0;
	load_on(KBPF_TARGET_LINUX, &q, LV_ROOT, shm_linux, 1);
	if (same_verdict(&orig, &shm_linux->out))
		return LV_APPLIES;
	return LV_NA_PROG_TYPE;
}

/* Test runs compared where both ran; a pointer's retval is free. */
static bool runs_agree(const struct lv_prog *p, const struct lv_outcome *l,
		       const struct lv_outcome *k)
{
	unsigned int i;

	if (l->run_err != k->run_err || l->runs != k->runs)
		return false;
	for (i = 0; i < l->runs; i++)
		if (!p->run_any_retval[i] && l->retval[i] != k->retval[i])
			return false;
	return true;
}

static enum lv_cat compare(const struct lv_prog *p, enum lv_level level)
{
	const struct lv_outcome *l = &shm_linux->out, *k = &shm_kbpf->out;

	if (l->accepted && k->accepted)
		return runs_agree(p, l, k) ? LV_C_AGREE : LV_C_RETVAL;
	if (!l->accepted && !k->accepted)
		return l->err == k->err ? LV_C_AGREE : LV_C_ERRNO;
	if (l->accepted)
		return LV_C_STRICTER;
	return lv_allowed(p->file, p->name, level) ? LV_C_ALLOWED :
						      LV_C_LOOSER;
}

static void print_tail(const char *who, const char *log)
{
	const char *end = log + strlen(log), *p = end;
	int n = LV_TAIL_LINES;

	while (p > log && (p[-1] == '\n' || p[-1] == ' '))
		p--;
	end = p;
	while (p > log && n > 0) {
		p--;
		if (*p == '\n' && --n == 0)
			p++;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		int len = nl ? nl - p : end - p;

		printf("#     %s: %.*s\n", who, len, p);
		p += len + 1;
	}
}

static void print_outcome(const char *who, const struct lv_outcome *o)
{
	unsigned int i;

	printf("#   %s: %s", who, o->accepted ? "accept" : errname(o->err));
	if (o->accepted && o->runs) {
		printf(", retvals");
		for (i = 0; i < o->runs; i++)
			printf(" %u", o->retval[i]);
	}
	if (o->run_err)
		printf(" (test run %s)", errname(o->run_err));
	printf("\n");
}

static void print_insns(const struct lv_prog *p)
{
	const struct kbpf_insn *i;
	unsigned int k;

	for (k = 0; k < p->cnt; k++) {
		i = &p->orig[k];
		printf("#     insn %u: code %#04x dst r%u src r%u off %d imm %d\n",
		       k, i->code, i->dst_reg, i->src_reg, i->off, i->imm);
	}
}

static void report(const struct lv_prog *p, enum lv_level level,
		   enum lv_cat cat, bool retarget, enum lv_reason reason)
{
	static const char *const note[LV_NR_CATS] = {
		[LV_C_ERRNO] = "errno differs",
		[LV_C_STRICTER] = "kbpf stricter",
		[LV_C_LOOSER] = "kbpf LOOSER",
		[LV_C_ALLOWED] = "kbpf looser, allowlisted",
		[LV_C_RETVAL] = "test run differs",
	};
	bool bad = cat == LV_C_LOOSER || cat == LV_C_RETVAL;

	printf("%sok %u %s: %s@%s%s", bad ? "not " : "", lv_tap_next(),
	       p->file, p->name, level_name[level],
	       retarget ? " (retargeted)" : "");
	if (cat == LV_C_NA)
		printf(" # SKIP n/a: %s", lv_reason_name[reason]);
	else if (cat == LV_C_ALLOWED)
		printf(" # allowlisted: %s",
		       lv_allowed(p->file, p->name, level));
	else if (cat == LV_C_STRICTER || cat == LV_C_ERRNO)
		printf(" # %s", note[cat]);
	printf("\n");
	if (cat == LV_C_NA || (cat == LV_C_AGREE && !verbose))
		return;
	if (cat != LV_C_AGREE)
		printf("#   %s\n", note[cat]);
	print_outcome("linux", &shm_linux->out);
	print_outcome("kbpf ", &shm_kbpf->out);
	if (cat == LV_C_AGREE)
		return;
	print_tail("linux", shm_linux->log);
	print_tail("kbpf ", shm_kbpf->log);
	if (bad)
		print_insns(p);
}

/* Linux at CAP_PERFMON against what the source expects as root. */
static void expect_check(const struct lv_prog *p, struct lv_counts *c)
{
	bool want = p->expect == LV_EXPECT_ACCEPT;

	c->expected++;
	if (shm_linux->out.accepted == want) {
		c->expect_met++;
		return;
	}
	printf("# harness: %s: %s: Linux at CAP_PERFMON %s, the source expects %s\n",
	       p->file, p->name, shm_linux->out.accepted ? "accepts" : "refuses",
	       want ? "acceptance" : "refusal");
}

/* Seconds on the monotonic clock, to tell the slow cases. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void lv_case(struct lv_prog *p, enum lv_reason reason, struct lv_counts *c)
{
	bool retarget = false;
	enum lv_level level;
	double start = now();
	enum lv_cat cat;

	if (skip_slow && lv_slow(p->file, p->name)) {
		for (level = 0; level < LV_NR_RUN_LEVELS; level++)
			printf("ok %u %s: %s@%s # SKIP %s\n", lv_tap_next(),
			       p->file, p->name, level_name[level],
			       lv_slow(p->file, p->name));
		return;
	}

	c->cases++;
	if (reason == LV_APPLIES && !lv_kbpf_has_type(p->type)) {
		reason = judge_retarget(p);
		retarget = reason == LV_APPLIES;
		p->type = KBPF_PROG_TYPE_SOCKET_FILTER;
		p->expected_attach_type = 0;
	}
	for (level = 0; level < LV_NR_RUN_LEVELS; level++) {
		if (reason != LV_APPLIES) {
			c->cat[LV_C_NA]++;
			c->na[reason]++;
			report(p, level, LV_C_NA, false, reason);
			continue;
		}
		load_on(KBPF_TARGET_LINUX, p, level, shm_linux, 1);
		load_on(KBPF_TARGET_KBPF, p, level, shm_kbpf, 1);
		cat = compare(p, level);
		c->cat[cat]++;
		if (level == LV_PERFMON && !retarget && p->expect)
			expect_check(p, c);
		c->retargeted += retarget;
		report(p, level, cat, retarget, reason);
	}
	if (now() - start > LV_SLOW_SECS)
		printf("# slow: %s: %s took %.0f s\n", p->file, p->name,
		       now() - start);
}

void lv_add_counts(struct lv_counts *sum, const struct lv_counts *c)
{
	unsigned int i;

	for (i = 0; i < LV_NR_CATS; i++)
		sum->cat[i] += c->cat[i];
	for (i = 0; i < LV_NR_REASONS; i++)
		sum->na[i] += c->na[i];
	sum->retargeted += c->retargeted;
	sum->cases += c->cases;
	sum->expected += c->expected;
	sum->expect_met += c->expect_met;
}

unsigned int lv_compared(const struct lv_counts *c)
{
	return c->cat[LV_C_AGREE] + c->cat[LV_C_ERRNO] +
	       c->cat[LV_C_STRICTER] + c->cat[LV_C_LOOSER] +
	       c->cat[LV_C_ALLOWED] + c->cat[LV_C_RETVAL];
}

void lv_table_head(void)
{
	printf("# | file | cases | run | agree | errno differs | kbpf stricter | kbpf looser | allowlisted | test run differs | retargeted | n/a | n/a reasons |\n");
	printf("# | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
}

void lv_table_row(const char *name, const struct lv_counts *c)
{
	bool first = true;
	unsigned int i;

	printf("# | %s | %u | %u | %u | %u | %u | %u | %u | %u | %u | %u | ",
	       name, c->cases, lv_compared(c), c->cat[LV_C_AGREE],
	       c->cat[LV_C_ERRNO], c->cat[LV_C_STRICTER],
	       c->cat[LV_C_LOOSER], c->cat[LV_C_ALLOWED],
	       c->cat[LV_C_RETVAL], c->retargeted, c->cat[LV_C_NA]);
	for (i = 1; i < LV_NR_REASONS; i++) {
		if (!c->na[i])
			continue;
		printf("%s%s %u", first ? "" : ", ", lv_reason_name[i],
		       c->na[i]);
		first = false;
	}
	printf("%s |\n", first ? "-" : "");
}
