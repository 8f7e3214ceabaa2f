// SPDX-License-Identifier: GPL-2.0
/*
 * lv_run: Linux 6.12's test_verifier tables, loaded into Linux and into
 * kbpf in one guest, at CAP_BPF and at CAP_BPF + CAP_PERFMON.
 *
 * For every case and level the two outcomes are compared:
 *   agree     both accept, or both refuse alike (one errno)
 *   errno     both refuse, each with its own errno
 *   stricter  kbpf refuses what Linux accepts
 *   looser    kbpf accepts what Linux refuses: a verifier hole unless
 *             lv_allow.c lists it with its reason
 *   retval    both accept, and a test run (socket filters, on the
 *             table's packets) gives another return value or errno
 *   n/a       the case cannot say anything about kbpf (lv_classify.c)
 * A case of a program type kbpf lacks is retargeted to a socket filter
 * when Linux, as root, gives the original and the socket filter the same
 * verdict; both targets then load the socket filter ("retargeted").
 *
 * Output is TAP, one line per case and level ("not ok" for looser,
 * errno and retval), then one for the share of stricter cases (at most
 * LV_STRICT_MAX_PCT), then the per-file table as "# " lines between
 * "# lv-table begin" and "# lv-table end".
 *
 *   lv_run [-s K] [-f PATTERN] [-v]
 *     -s K        run every K-th case only (a sample)
 *     -f PATTERN  run only the files whose names match (fnmatch)
 *     -v          print both outcomes of every case
 */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lv_run.h"

#define LV_STRICT_MAX_PCT	5
#define LV_TAIL_LINES		4
#define LV_NR_FIX		16

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
};

/* Shared with the loading children: an outcome and a log per target. */
struct lv_shared {
	struct lv_outcome out;
	char log[LV_LOG_SIZE];
};

static struct lv_shared *shm_linux, *shm_kbpf;
static struct kbpf_insn prog_buf[MAX_INSNS];
static unsigned int tap_num;
static bool verbose;

static const char *const level_name[] = {
	[LV_BPF] = "bpf", [LV_PERFMON] = "perfmon", [LV_ROOT] = "root",
};

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

static const char *outcome_str(const struct lv_outcome *o)
{
	return o->accepted ? "accept" : errname(o->err);
}

static bool same_verdict(const struct lv_outcome *a,
			 const struct lv_outcome *b)
{
	return a->accepted == b->accepted &&
	       (a->accepted || a->err == b->err);
}

/* The program's length: up to its last non-zero instruction. */
static unsigned int prog_len(const struct bpf_test *t)
{
	unsigned int n = MAX_INSNS;

	while (n > 1 && !t->insns[n - 1].code && !t->insns[n - 1].imm)
		n--;
	return n;
}

/* test_verifier's mapping of .flags onto prog_flags, as it does it. */
static __u32 prog_flags(const struct bpf_test *t)
{
	__u32 flags = 0;

	if (t->flags & F_LOAD_WITH_STRICT_ALIGNMENT)
		flags |= BPF_F_STRICT_ALIGNMENT;
	if (t->flags & F_NEEDS_EFFICIENT_UNALIGNED_ACCESS)
		flags |= BPF_F_ANY_ALIGNMENT;
	if (t->flags & ~3)
		flags |= t->flags;
	return flags;
}

static void prog_init(struct lv_prog *p, const struct bpf_test *t,
		      __u32 type, bool retarget)
{
	p->test = t;
	p->insns = prog_buf;
	p->cnt = prog_len(t);
	memcpy(prog_buf, t->insns, p->cnt * sizeof(prog_buf[0]));
	p->type = type;
	p->expected_attach_type = retarget ? 0 : t->expected_attach_type;
	p->prog_flags = prog_flags(t);
	p->run = true;
}

/* Load @p on @target at each of @levels' levels (as root: fixtures). */
static void load_on(enum kbpf_target target, struct lv_prog *p,
		    enum lv_level level, struct lv_shared *shm,
		    __u32 log_level)
{
	int fds[LV_NR_FIX];

	kbpf_set_target(target);
	memcpy(prog_buf, p->test->insns, p->cnt * sizeof(prog_buf[0]));
	if (lv_fixup(p, fds, LV_NR_FIX)) {
		memset(&shm->out, 0, sizeof(shm->out));
		shm->out.err = errno ? errno : EINVAL;
		snprintf(shm->log, LV_LOG_SIZE, "lv: fixture failed: %s",
			 errname(shm->out.err));
	} else {
		lv_load_at(p, level, &shm->out, shm->log, log_level);
	}
	lv_fixup_close(fds, LV_NR_FIX);
}

/*
 * Judge a case of a type kbpf lacks: as root on Linux, does it get the
 * same verdict as a socket filter? LV_APPLIES if so (retarget), else why
 * not.
 */
static enum lv_reason judge_retarget(const struct bpf_test *t, __u32 type)
{
	struct lv_outcome orig;
	struct lv_prog p;
	bool pkt;

	prog_init(&p, t, type, false);
	p.run = false;
	load_on(KBPF_TARGET_LINUX, &p, LV_ROOT, shm_linux, 2);
	orig = shm_linux->out;
	pkt = lv_log_has_pkt(shm_linux->log);
	if (pkt)
		return LV_NA_PKT;
	prog_init(&p, t, KBPF_PROG_TYPE_SOCKET_FILTER, true);
	p.run = false;
	load_on(KBPF_TARGET_LINUX, &p, LV_ROOT, shm_linux, 1);
	if (same_verdict(&orig, &shm_linux->out))
		return LV_APPLIES;
	return LV_NA_PROG_TYPE;
}

/* Test runs compared where both ran; a POINTER_VALUE retval is free. */
static bool runs_agree(const struct bpf_test *t, const struct lv_outcome *l,
		       const struct lv_outcome *k)
{
	unsigned int i;

	if (l->run_err != k->run_err || l->runs != k->runs)
		return false;
	for (i = 0; i < l->runs; i++)
		if (t->retvals[i].retval != POINTER_VALUE &&
		    l->retval[i] != k->retval[i])
			return false;
	return true;
}

static enum lv_cat compare(const struct lv_file *f, const struct bpf_test *t,
			   enum lv_level level)
{
	const struct lv_outcome *l = &shm_linux->out, *k = &shm_kbpf->out;

	if (l->accepted && k->accepted)
		return runs_agree(t, l, k) ? LV_C_AGREE : LV_C_RETVAL;
	if (!l->accepted && !k->accepted)
		return l->err == k->err ? LV_C_AGREE : LV_C_ERRNO;
	if (l->accepted)
		return LV_C_STRICTER;
	return lv_allowed(f->name, t->descr, level) ? LV_C_ALLOWED :
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

	printf("#   %s: %s", who, outcome_str(o));
	if (o->accepted) {
		printf(", retvals");
		for (i = 0; i < o->runs; i++)
			printf(" %u", o->retval[i]);
		if (o->run_err)
			printf(" (run %s)", errname(o->run_err));
	}
	printf("\n");
}

static void report(const struct lv_file *f, const struct bpf_test *t,
		   enum lv_level level, enum lv_cat cat, bool retarget,
		   enum lv_reason reason)
{
	static const char *const note[LV_NR_CATS] = {
		[LV_C_ERRNO] = "errno differs",
		[LV_C_STRICTER] = "kbpf stricter",
		[LV_C_LOOSER] = "kbpf LOOSER",
		[LV_C_RETVAL] = "test run differs",
	};
	bool bad = cat == LV_C_LOOSER || cat == LV_C_ERRNO ||
		   cat == LV_C_RETVAL;

	tap_num++;
	printf("%sok %u %s: %s@%s%s", bad ? "not " : "", tap_num, f->name,
	       t->descr, level_name[level], retarget ? " (retargeted)" : "");
	if (cat == LV_C_NA)
		printf(" # SKIP n/a: %s", lv_reason_name[reason]);
	else if (cat == LV_C_ALLOWED)
		printf(" # allowlisted: %s", lv_allowed(f->name, t->descr,
							level));
	else if (cat == LV_C_STRICTER)
		printf(" # kbpf stricter");
	printf("\n");
	if (cat == LV_C_NA || (cat == LV_C_AGREE && !verbose))
		return;
	if (bad)
		printf("#   %s\n", note[cat]);
	print_outcome("linux", &shm_linux->out);
	print_outcome("kbpf ", &shm_kbpf->out);
	if (cat != LV_C_AGREE) {
		print_tail("linux", shm_linux->log);
		print_tail("kbpf ", shm_kbpf->log);
	}
}

static void run_case(const struct lv_file *f, const struct bpf_test *t,
		     struct lv_counts *c)
{
	__u32 type = t->prog_type ? t->prog_type : BPF_PROG_TYPE_SOCKET_FILTER;
	enum lv_reason reason = lv_static_reason(t);
	bool retarget = false;
	struct lv_prog p;
	enum lv_level level;
	enum lv_cat cat;

	c->cases++;
	if (reason == LV_APPLIES && !lv_kbpf_has_type(type)) {
		reason = judge_retarget(t, type);
		retarget = reason == LV_APPLIES;
		type = BPF_PROG_TYPE_SOCKET_FILTER;
	}
	for (level = 0; level < LV_NR_RUN_LEVELS; level++) {
		if (reason != LV_APPLIES) {
			c->cat[LV_C_NA]++;
			c->na[reason]++;
			report(f, t, level, LV_C_NA, false, reason);
			continue;
		}
		prog_init(&p, t, type, retarget);
		load_on(KBPF_TARGET_LINUX, &p, level, shm_linux, 1);
		load_on(KBPF_TARGET_KBPF, &p, level, shm_kbpf, 1);
		cat = compare(f, t, level);
		c->cat[cat]++;
		c->retargeted += retarget;
		report(f, t, level, cat, retarget, reason);
	}
}

static void add_counts(struct lv_counts *sum, const struct lv_counts *c)
{
	unsigned int i;

	for (i = 0; i < LV_NR_CATS; i++)
		sum->cat[i] += c->cat[i];
	for (i = 0; i < LV_NR_REASONS; i++)
		sum->na[i] += c->na[i];
	sum->retargeted += c->retargeted;
	sum->cases += c->cases;
}

static unsigned int compared(const struct lv_counts *c)
{
	return c->cat[LV_C_AGREE] + c->cat[LV_C_ERRNO] +
	       c->cat[LV_C_STRICTER] + c->cat[LV_C_LOOSER] +
	       c->cat[LV_C_ALLOWED] + c->cat[LV_C_RETVAL];
}

static void table_row(const char *name, const struct lv_counts *c)
{
	unsigned int i;
	bool first = true;

	printf("# | %s | %u | %u | %u | %u | %u | %u | %u | %u | %u | %u | ",
	       name, c->cases, compared(c), c->cat[LV_C_AGREE],
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

static void table_head(void)
{
	printf("# lv-table begin\n");
	printf("# | file | cases | run | agree | errno differs | kbpf stricter | kbpf looser | allowlisted | test run differs | retargeted | n/a | n/a reasons |\n");
	printf("# | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
}

int main(int argc, char **argv)
{
	struct lv_counts *per_file, sum = { 0 };
	const char *pattern = NULL;
	unsigned int i, j, sample = 1, idx = 0, planned = 0, run, strict;
	bool strict_ok;
	int opt;

	while ((opt = getopt(argc, argv, "s:f:v")) != -1) {
		switch (opt) {
		case 's':
			sample = atoi(optarg) > 0 ? atoi(optarg) : 1;
			break;
		case 'f':
			pattern = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			fprintf(stderr, "usage: %s [-s K] [-f PATTERN] [-v]\n",
				argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	shm_linux = mmap(NULL, 2 * sizeof(*shm_linux), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	per_file = calloc(lv_nr_files, sizeof(*per_file));
	if (shm_linux == MAP_FAILED || !per_file) {
		perror("lv_run");
		return 1;
	}
	shm_kbpf = shm_linux + 1;

	for (i = 0; i < lv_nr_files; i++) {
		if (pattern && fnmatch(pattern, lv_files[i].name, 0))
			continue;
		for (j = 0; j < lv_files[i].cnt; j++)
			if (idx++ % sample == 0)
				planned += LV_NR_RUN_LEVELS;
	}
	printf("1..%u\n", planned + 1);
	idx = 0;
	for (i = 0; i < lv_nr_files; i++) {
		const struct lv_file *f = &lv_files[i];

		if (pattern && fnmatch(pattern, f->name, 0))
			continue;
		for (j = 0; j < f->cnt; j++)
			if (idx++ % sample == 0)
				run_case(f, &f->tests[j], &per_file[i]);
		add_counts(&sum, &per_file[i]);
	}

	run = compared(&sum);
	strict = sum.cat[LV_C_STRICTER];
	strict_ok = strict * 100 <= run * LV_STRICT_MAX_PCT;
	printf("%sok %u kbpf stricter on %u of %u case-levels run (at most %u%%)\n",
	       strict_ok ? "" : "not ", ++tap_num, strict, run,
	       LV_STRICT_MAX_PCT);

	table_head();
	for (i = 0; i < lv_nr_files; i++)
		if (per_file[i].cases)
			table_row(lv_files[i].name, &per_file[i]);
	table_row("**total**", &sum);
	printf("# lv-table end\n");
	printf("# lv: %u cases, %u case-levels run, %u agree, %u errno, %u stricter, %u looser, %u allowlisted, %u retval, %u retargeted, %u n/a\n",
	       sum.cases, run, sum.cat[LV_C_AGREE], sum.cat[LV_C_ERRNO], strict,
	       sum.cat[LV_C_LOOSER], sum.cat[LV_C_ALLOWED],
	       sum.cat[LV_C_RETVAL], sum.retargeted, sum.cat[LV_C_NA]);
	return sum.cat[LV_C_LOOSER] || sum.cat[LV_C_ERRNO] ||
	       sum.cat[LV_C_RETVAL] || !strict_ok;
}
