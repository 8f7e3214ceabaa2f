// SPDX-License-Identifier: GPL-2.0
/*
 * KBPF_RUN_LOG=1: one line per routed call on stderr, "kbpf-run[PID]: ...",
 * the strace of the layer. Written with one write(2) per line so that lines
 * of threads and processes do not interleave.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "compat.h"

int kbpf_compat_log_on;

void kbpf_compat_log_init(void)
{
	const char *v = getenv("KBPF_RUN_LOG");

	kbpf_compat_log_on = v && *v && *v != '0';
}

void kbpf_compat_log(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n, m;

	if (!kbpf_compat_log_on)
		return;
	n = snprintf(line, sizeof(line), "kbpf-run[%d]: ", getpid());
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	n = m < 0 ? n : n + m;
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0)
		return;
}

static const char *const cmd_names[] = {
	"MAP_CREATE", "MAP_LOOKUP_ELEM", "MAP_UPDATE_ELEM", "MAP_DELETE_ELEM",
	"MAP_GET_NEXT_KEY", "PROG_LOAD", "OBJ_PIN", "OBJ_GET", "PROG_ATTACH",
	"PROG_DETACH", "PROG_TEST_RUN", "PROG_GET_NEXT_ID", "MAP_GET_NEXT_ID",
	"PROG_GET_FD_BY_ID", "MAP_GET_FD_BY_ID", "OBJ_GET_INFO_BY_FD",
	"PROG_QUERY", "RAW_TRACEPOINT_OPEN", "BTF_LOAD", "BTF_GET_FD_BY_ID",
	"TASK_FD_QUERY", "MAP_LOOKUP_AND_DELETE_ELEM", "MAP_FREEZE",
	"BTF_GET_NEXT_ID", "MAP_LOOKUP_BATCH", "MAP_LOOKUP_AND_DELETE_BATCH",
	"MAP_UPDATE_BATCH", "MAP_DELETE_BATCH", "LINK_CREATE", "LINK_UPDATE",
	"LINK_GET_FD_BY_ID", "LINK_GET_NEXT_ID", "ENABLE_STATS", "ITER_CREATE",
	"LINK_DETACH", "PROG_BIND_MAP", "TOKEN_CREATE",
};

const char *kbpf_compat_cmd_name(int cmd)
{
	static __thread char num[16];

	if (cmd >= 0 && cmd < (int)ARRAY_SIZE(cmd_names))
		return cmd_names[cmd];
	snprintf(num, sizeof(num), "%d", cmd);
	return num;
}
