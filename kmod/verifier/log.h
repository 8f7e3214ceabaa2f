/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verifier log: what PROG_LOAD writes to log_buf, with Linux's rules
 * for levels, truncation (-ENOSPC) and log_true_size.
 */
#ifndef _KBPF_VERIFIER_LOG_H
#define _KBPF_VERIFIER_LOG_H

#include <linux/compiler.h>
#include <linux/types.h>

#define KBPF_LOG_LEVEL1	1
#define KBPF_LOG_LEVEL2	2
#define KBPF_LOG_STATS	4
#define KBPF_LOG_FIXED	8
#define KBPF_LOG_MASK	(KBPF_LOG_LEVEL1 | KBPF_LOG_LEVEL2 | \
			 KBPF_LOG_STATS | KBPF_LOG_FIXED)

/* One formatted message at most; longer ones are cut, as on Linux. */
#define KBPF_LOG_LINE_SIZE	1024

/*
 * The log is a window onto the stream of messages: [start_pos, end_pos)
 * are the stream bytes still in @ubuf. With KBPF_LOG_FIXED the window is
 * the stream's head (start_pos stays 0, later bytes are dropped);
 * otherwise it is the tail, kept in @ubuf as a ring of @len_total bytes
 * and rotated into place by kbpf_log_finalize(). @len_max is the size the
 * whole stream needs with its NUL: log_true_size. @ubuf becomes NULL
 * after a fault, and logging goes on only to count.
 */
struct kbpf_log {
	u32 level;
	u32 len_total;
	char __user *ubuf;
	u64 start_pos;
	u64 end_pos;
	u32 len_max;
	char line[KBPF_LOG_LINE_SIZE];
};

int kbpf_log_init(struct kbpf_log *log, u32 level, char __user *ubuf,
		  u32 size);
__printf(2, 3) void kbpf_log(struct kbpf_log *log, const char *fmt, ...);
void kbpf_log_reset(struct kbpf_log *log, u64 pos);
int kbpf_log_finalize(struct kbpf_log *log, u32 *true_size);

static inline bool kbpf_log_enabled(const struct kbpf_log *log)
{
	return log->level;
}

#endif /* _KBPF_VERIFIER_LOG_H */
