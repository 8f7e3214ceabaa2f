/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpf_trace_printk() and kbpf's trace buffer, read through debugfs in
 * /sys/kernel/debug/kbpf/{trace,trace_pipe}.
 */
#ifndef _KBPF_TRACE_H
#define _KBPF_TRACE_H

#include <linux/sizes.h>
#include <linux/types.h>

/* Bytes of the ring of lines; the oldest lines go when it is full. */
#define KBPF_TRACE_SIZE		SZ_64K
/* Linux's MAX_TRACE_PRINTK_VARARGS. */
#define KBPF_TRACE_PRINTK_ARGS	3

/* Appends "<comm>-<pid> [<cpu>] <msg>", with a newline unless it has one. */
void kbpf_trace_emit(const char *msg, u32 len);
/*
 * The buffered text, consumed (trace_pipe) or left in place (trace): the
 * first bytes of @buf, as many as returned; the rest of @buf is scratch.
 */
size_t kbpf_trace_consume(char *buf, size_t size);
size_t kbpf_trace_snapshot(char *buf, size_t size);
void kbpf_trace_clear(void);

/*
 * The debugfs directory "kbpf" made by kbpf_trace_init(), for other
 * files (an error pointer when debugfs is off, which debugfs accepts as a
 * parent and ignores); removed, with all it holds, by kbpf_trace_exit().
 */
struct dentry *kbpf_debugfs_dir(void);

int kbpf_trace_init(void);
void kbpf_trace_exit(void);

#endif /* _KBPF_TRACE_H */
