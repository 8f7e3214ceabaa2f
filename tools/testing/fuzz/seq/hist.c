// SPDX-License-Identifier: GPL-2.0
/*
 * The errno histogram: for every command (and the perf-event operations
 * of enum seq_op), how many steps succeeded and how many failed with
 * each errno. Counters are updated atomically by
 * every thread of a process; each process prints its own.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "seq.h"

/* The commands, then the other operations (enum seq_op). */
#define SEQ_NR_ROWS	(SEQ_NR_CMDS + SEQ_NR_OPS)

static __u64 hist[SEQ_NR_ROWS][SEQ_MAX_ERRNO + 1];

static const char *const names[SEQ_NR_ROWS] = {
	[KBPF_MAP_CREATE] = "MAP_CREATE",
	[KBPF_MAP_LOOKUP_ELEM] = "MAP_LOOKUP_ELEM",
	[KBPF_MAP_UPDATE_ELEM] = "MAP_UPDATE_ELEM",
	[KBPF_MAP_DELETE_ELEM] = "MAP_DELETE_ELEM",
	[KBPF_MAP_GET_NEXT_KEY] = "MAP_GET_NEXT_KEY",
	[KBPF_PROG_LOAD] = "PROG_LOAD",
	[KBPF_OBJ_PIN] = "OBJ_PIN",
	[KBPF_OBJ_GET] = "OBJ_GET",
	[KBPF_PROG_ATTACH] = "PROG_ATTACH",
	[KBPF_PROG_DETACH] = "PROG_DETACH",
	[KBPF_PROG_TEST_RUN] = "PROG_TEST_RUN",
	[KBPF_PROG_GET_NEXT_ID] = "PROG_GET_NEXT_ID",
	[KBPF_MAP_GET_NEXT_ID] = "MAP_GET_NEXT_ID",
	[KBPF_PROG_GET_FD_BY_ID] = "PROG_GET_FD_BY_ID",
	[KBPF_MAP_GET_FD_BY_ID] = "MAP_GET_FD_BY_ID",
	[KBPF_OBJ_GET_INFO_BY_FD] = "OBJ_GET_INFO_BY_FD",
	[KBPF_PROG_QUERY] = "PROG_QUERY",
	[KBPF_RAW_TRACEPOINT_OPEN] = "RAW_TRACEPOINT_OPEN",
	[KBPF_BTF_LOAD] = "BTF_LOAD",
	[KBPF_BTF_GET_FD_BY_ID] = "BTF_GET_FD_BY_ID",
	[KBPF_TASK_FD_QUERY] = "TASK_FD_QUERY",
	[KBPF_MAP_LOOKUP_AND_DELETE_ELEM] = "MAP_LOOKUP_AND_DELETE_ELEM",
	[KBPF_MAP_FREEZE] = "MAP_FREEZE",
	[KBPF_BTF_GET_NEXT_ID] = "BTF_GET_NEXT_ID",
	[KBPF_MAP_LOOKUP_BATCH] = "MAP_LOOKUP_BATCH",
	[KBPF_MAP_LOOKUP_AND_DELETE_BATCH] = "MAP_LOOKUP_AND_DELETE_BATCH",
	[KBPF_MAP_UPDATE_BATCH] = "MAP_UPDATE_BATCH",
	[KBPF_MAP_DELETE_BATCH] = "MAP_DELETE_BATCH",
	[KBPF_LINK_CREATE] = "LINK_CREATE",
	[KBPF_LINK_UPDATE] = "LINK_UPDATE",
	[KBPF_LINK_GET_FD_BY_ID] = "LINK_GET_FD_BY_ID",
	[KBPF_LINK_GET_NEXT_ID] = "LINK_GET_NEXT_ID",
	[KBPF_ENABLE_STATS] = "ENABLE_STATS",
	[KBPF_ITER_CREATE] = "ITER_CREATE",
	[KBPF_LINK_DETACH] = "LINK_DETACH",
	[KBPF_PROG_BIND_MAP] = "PROG_BIND_MAP",
	[KBPF_TOKEN_CREATE] = "TOKEN_CREATE",
	[SEQ_CMD_UNKNOWN] = "unknown",
	[SEQ_NR_CMDS + SEQ_OP_PERF_OPEN] = "perf:PERF_EVENT_OPEN",
	[SEQ_NR_CMDS + SEQ_OP_PERF_IOCTL] = "perf:ioctl",
};

const char *seq_cmd_name(__u32 cmd)
{
	return cmd < SEQ_NR_CMDS ? names[cmd] : names[SEQ_CMD_UNKNOWN];
}

void seq_hist_add(__u32 cmd, long ret, int err)
{
	unsigned int e = ret >= 0 ? 0 : (unsigned int)err;

	if (cmd >= SEQ_NR_CMDS)
		cmd = SEQ_CMD_UNKNOWN;
	if (e > SEQ_MAX_ERRNO)
		e = SEQ_MAX_ERRNO;
	__atomic_fetch_add(&hist[cmd][e], 1, __ATOMIC_RELAXED);
}

void seq_hist_op(enum seq_op op, long ret, int err)
{
	unsigned int e = ret >= 0 ? 0 : (unsigned int)err;

	if (e > SEQ_MAX_ERRNO)
		e = SEQ_MAX_ERRNO;
	__atomic_fetch_add(&hist[SEQ_NR_CMDS + op][e], 1, __ATOMIC_RELAXED);
}

void seq_hist_reset(void)
{
	memset(hist, 0, sizeof(hist));
}

__u64 seq_hist_total(void)
{
	__u64 n = 0;
	unsigned int c, e;

	for (c = 0; c < SEQ_NR_ROWS; c++)
		for (e = 0; e <= SEQ_MAX_ERRNO; e++)
			n += __atomic_load_n(&hist[c][e], __ATOMIC_RELAXED);
	return n;
}

static const char *errname(unsigned int e, char *buf, size_t len)
{
	const char *n = e == 524 ? "ENOTSUPP" : strerrorname_np(e);

	if (!e)
		return "ok";
	if (n)
		return n;
	snprintf(buf, len, "E%u", e);
	return buf;
}

/* One line per command: "seqfuzz: WHO CMD: ok N EINVAL N ..." */
void seq_hist_print(const char *who)
{
	char line[2048], buf[16];
	unsigned int c, e;
	size_t at;
	__u64 n;

	for (c = 0; c < SEQ_NR_ROWS; c++) {
		at = snprintf(line, sizeof(line), "seqfuzz: %s %s:", who,
			      names[c]);
		n = 0;
		for (e = 0; e <= SEQ_MAX_ERRNO && at < sizeof(line) - 64; e++) {
			if (!hist[c][e])
				continue;
			n += hist[c][e];
			at += snprintf(line + at, sizeof(line) - at, " %s %llu",
				       errname(e, buf, sizeof(buf)),
				       (unsigned long long)hist[c][e]);
		}
		if (n)
			printf("%s\n", line);
	}
}
