// SPDX-License-Identifier: GPL-2.0
/*
 * lv_run: Linux 6.12's verifier suites, loaded into Linux and into kbpf
 * in one guest, at CAP_BPF and at CAP_BPF + CAP_PERFMON. Two sources: the
 * test_verifier tables (verifier/NAME.c, compiled in) and the annotated
 * programs of progs/verifier_NAME.c (objects built with clang -target
 * bpf, read with libbpf: lv_obj.c).
 *
 * For every case and level the two outcomes are compared (lv_core.c):
 *   agree     both accept, or both refuse alike (one errno)
 *   errno     both refuse, each with its own errno
 *   stricter  kbpf refuses what Linux accepts
 *   looser    kbpf accepts what Linux refuses: a verifier hole unless
 *             lv_allow.c lists it with its reason
 *   retval    both accept, and a test run (socket filters, on the
 *             case's packets) gives another return value or errno
 *   n/a       the case cannot say anything about kbpf (lv_classify.c)
 * A case of a program type kbpf lacks is retargeted to a socket filter
 * when Linux, as root, gives the original and the socket filter the same
 * verdict; both targets then load the socket filter ("retargeted").
 *
 * Output is TAP, one line per case and level ("not ok" for looser and
 * retval; errno and stricter are reported, and counted), then one for the
 * share of stricter cases (at most LV_STRICT_MAX_PCT), then the per-file
 * table as "# " lines between "# lv-table begin" and "# lv-table end".
 *
 *   lv_run [-s K] [-S] [-t SECONDS] [-f PATTERN] [-o DIR] [-v]
 *     -s K        run every K-th case only (a sample)
 *     -S          leave out the slow cases (lv_allow.c)
 *     -t SECONDS  a load may take this long (default 600)
 *     -f PATTERN  run only the files whose names match (fnmatch)
 *     -o DIR      also the programs of DIR/verifier_NAME.bpf.o
 *     -v          print both outcomes of every case
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lv_run.h"

#define LV_STRICT_MAX_PCT	5

static struct kbpf_insn prog_buf[MAX_INSNS];

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

static void table_case(const struct lv_file *f, const struct bpf_test *t,
		       struct lv_counts *c)
{
	struct lv_prog p = {
		.file = f->name,
		.name = t->descr,
		.orig = t->insns,
		.insns = prog_buf,
		.cnt = prog_len(t),
		.type = t->prog_type ? t->prog_type :
				       BPF_PROG_TYPE_SOCKET_FILTER,
		.expected_attach_type = t->expected_attach_type,
		.prog_flags = prog_flags(t),
		.fixup = lv_fixup_table,
		.src = t,
		.run = t->runs >= 0,
		.nr_runs = t->runs > 0 ? t->runs : 1,
		.expect = t->result == REJECT ? LV_EXPECT_REJECT :
			  t->result ? LV_EXPECT_ACCEPT : LV_EXPECT_NONE,
	};
	unsigned int i;

	if (p.nr_runs > MAX_TEST_RUNS)
		p.nr_runs = MAX_TEST_RUNS;
	for (i = 0; i < p.nr_runs; i++) {
		p.run_data[i] = t->retvals[i].data;
		p.run_any_retval[i] = t->retvals[i].retval == POINTER_VALUE;
	}
	lv_case(&p, lv_static_reason(t), c);
}

bool lv_selected(struct lv_select *sel)
{
	return sel->idx++ % sel->sample == 0;
}

static void tables_run(struct lv_select *sel, struct lv_row *rows,
		       unsigned int *nrows)
{
	unsigned int i, j;

	for (i = 0; i < lv_nr_files && *nrows < LV_MAX_ROWS; i++) {
		const struct lv_file *f = &lv_files[i];
		struct lv_row *row = &rows[*nrows];

		if (sel->pattern && fnmatch(sel->pattern, f->name, 0))
			continue;
		memset(row, 0, sizeof(*row));
		snprintf(row->name, sizeof(row->name), "%s", f->name);
		for (j = 0; j < f->cnt; j++)
			if (lv_selected(sel))
				table_case(f, &f->tests[j], &row->c);
		if (row->c.cases)
			(*nrows)++;
	}
}

int main(int argc, char **argv)
{
	struct lv_select sel = { .sample = 1 };
	static struct lv_row rows[LV_MAX_ROWS];
	unsigned int i, nrows = 0, run, strict, n;
	struct lv_counts sum = { 0 };
	const char *objs = NULL;
	bool strict_ok, verbose = false, skip_slow = false;
	int opt;

	while ((opt = getopt(argc, argv, "s:St:f:o:v")) != -1) {
		switch (opt) {
		case 's':
			sel.sample = atoi(optarg) > 0 ? atoi(optarg) : 1;
			break;
		case 'S':
			skip_slow = true;
			break;
		case 't':
			lv_load_timeout = atoi(optarg) > 0 ? atoi(optarg) : 600;
			break;
		case 'f':
			sel.pattern = optarg;
			break;
		case 'o':
			objs = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			fprintf(stderr,
				"usage: %s [-s K] [-S] [-t SECONDS] [-f PATTERN] [-o DIR] [-v]\n",
				argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	lv_core_init(verbose, skip_slow);

	tables_run(&sel, rows, &nrows);
	if (objs)
		lv_objs_run(objs, &sel, rows, &nrows);
	for (i = 0; i < nrows; i++)
		lv_add_counts(&sum, &rows[i].c);

	run = lv_compared(&sum);
	strict = sum.cat[LV_C_STRICTER];
	strict_ok = strict * 100 <= run * LV_STRICT_MAX_PCT;
	n = lv_tap_next();
	printf("%sok %u kbpf stricter on %u of %u case-levels run (at most %u%%)\n",
	       strict_ok ? "" : "not ", n, strict, run, LV_STRICT_MAX_PCT);
	printf("1..%u\n", n);

	printf("# lv-table begin\n");
	lv_table_head();
	for (i = 0; i < nrows; i++)
		lv_table_row(rows[i].name, &rows[i].c);
	lv_table_row("**total**", &sum);
	printf("# lv-table end\n");
	printf("# lv: harness check: Linux at CAP_PERFMON gave the source's expected verdict (as root) in %u of %u cases not retargeted\n",
	       sum.expect_met, sum.expected);
	printf("# lv: %u cases, %u case-levels run, %u agree, %u errno, %u stricter, %u looser, %u allowlisted, %u retval, %u retargeted, %u n/a\n",
	       sum.cases, run, sum.cat[LV_C_AGREE], sum.cat[LV_C_ERRNO], strict,
	       sum.cat[LV_C_LOOSER], sum.cat[LV_C_ALLOWED],
	       sum.cat[LV_C_RETVAL], sum.retargeted, sum.cat[LV_C_NA]);
	return sum.cat[LV_C_LOOSER] || sum.cat[LV_C_RETVAL] || !strict_ok;
}
