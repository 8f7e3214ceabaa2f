// SPDX-License-Identifier: GPL-2.0
/*
 * Cases where kbpf accepts what Linux refuses, by design. Issue 19 admits
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
