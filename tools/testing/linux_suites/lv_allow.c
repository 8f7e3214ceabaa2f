// SPDX-License-Identifier: GPL-2.0
/*
 * Lists of cases. Cases where kbpf accepts what Linux refuses, by design. Issue 19 admits
 * only one kind: a callback loaded without BTF func_info (kbpf has no
 * BTF). Each entry names the case, the levels it applies at and why.
 */
#include <string.h>

#include "lv_run.h"

struct lv_allow {
	const char *file;
	const char *descr;
	unsigned int levels;	/* 1 << enum lv_level */
	const char *reason;
};

static const struct lv_allow lv_allowlist[] = {
	{ NULL },
};

const char *lv_allowed(const char *file, const char *descr,
		       enum lv_level level)
{
	const struct lv_allow *a;

	for (a = lv_allowlist; a->file; a++)
		if (!strcmp(a->file, file) && !strcmp(a->descr, descr) &&
		    (a->levels & (1U << level)))
			return a->reason;
	return NULL;
}

/*
 * Cases whose walks (Linux's or kbpf's) take more than a minute in the
 * TCG guest: 1M-instruction walks. make verifier-suites runs them; the
 * sample in make check (lv_run -S) leaves them out.
 */
static const struct {
	const char *file, *name;
} lv_slowlist[] = {
	{ "verifier_loops1", "taken loop with back jump to 1st insn" },
	{ "verifier_loops1", "taken loop with back jump to 1st insn, 2" },
	{ "verifier_loops1", "infinite loop after a conditional jump" },
	{ "verifier_search_pruning", "short_loop1" },
};

const char *lv_slow(const char *file, const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lv_slowlist); i++)
		if (!strcmp(lv_slowlist[i].file, file) &&
		    !strcmp(lv_slowlist[i].name, name))
			return "a 1M-instruction walk (make verifier-suites)";
	return NULL;
}
