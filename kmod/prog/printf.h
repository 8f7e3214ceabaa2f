/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The formatter of bpf_trace_printk() and bpf_snprintf(), with the rules
 * of Linux's bpf_bprintf_prepare() and bstr_printf().
 */
#ifndef _KBPF_PRINTF_H
#define _KBPF_PRINTF_H

#include <linux/string.h>
#include <linux/types.h>

/* Linux's MAX_BPRINTF_VARARGS: arguments of one bpf_snprintf() call. */
#define KBPF_BPRINTF_MAX_ARGS	12
/* Linux's MAX_BPRINTF_BUF: bpf_trace_printk()'s message, NUL included. */
#define KBPF_BPRINTF_BUF_SIZE	1024
/*
 * Linux's MAX_BPRINTF_BIN_ARGS: room for the arguments as bstr_printf()
 * takes them. Numbers and pointers take 4 or 8 bytes (4-aligned), %c one,
 * strings (%s, %pks, %pus) their bytes and a NUL, the text of %pB and of
 * IP addresses likewise. Strings are cut to what is left; a conversion
 * that finds no room fails with -ENOSPC.
 */
#define KBPF_BPRINTF_ARGS_SIZE	512
/* Linux's MAX_BPRINTF_NEST_LEVEL: nested users per CPU (task, irq, nmi). */
#define KBPF_BPRINTF_NEST	3

/* One conversion as the first pass found it; see printf.c. */
struct kbpf_bprintf_conv {
	u64 val;	/* the argument, or the offset of its text in args[] */
	u32 start;	/* fmt offset of its '%' */
	u32 end;	/* fmt offset just past it */
	u32 width;	/* 0: none given */
	u8 type;
	u8 flags;
	u8 ptr;		/* which %p format, for pointer conversions */
};

/*
 * Per-CPU scratch of one formatting call, taken with kbpf_bprintf_get()
 * (preemption stays off until kbpf_bprintf_put()).
 * @out: the message of bpf_trace_printk().
 * @args: Linux's bin_args budget, holding the copied strings.
 * @conv: the conversions, between the two passes.
 */
struct kbpf_bprintf_bufs {
	char out[KBPF_BPRINTF_BUF_SIZE];
	char args[KBPF_BPRINTF_ARGS_SIZE];
	struct kbpf_bprintf_conv conv[KBPF_BPRINTF_MAX_ARGS];
};

struct kbpf_bprintf_bufs *kbpf_bprintf_get(void);
void kbpf_bprintf_put(void);

/* Linux's first check, before it takes buffers: a NUL within fmt_size. */
static inline bool kbpf_bprintf_terminated(const char *fmt, u32 fmt_size)
{
	return strnlen(fmt, fmt_size) < fmt_size;
}

/*
 * Formats @nargs arguments into @out as snprintf() would and returns the
 * length of the whole output (without its NUL), or -EINVAL for a format
 * Linux refuses, -ENOSPC when the arguments outgrow args[] and, from
 * kbpf_bprintf(), -EBUSY when this CPU already has KBPF_BPRINTF_NEST
 * calls in progress. kbpf_bprintf_with() uses scratch the caller holds
 * (NULL will do when @nargs is 0).
 */
int kbpf_bprintf_with(struct kbpf_bprintf_bufs *bufs, char *out,
		      u32 out_size, const char *fmt, u32 fmt_size,
		      const u64 *args, u32 nargs);
int kbpf_bprintf(char *out, u32 out_size, const char *fmt, u32 fmt_size,
		 const u64 *args, u32 nargs);

/*
 * Linux's bpf_bprintf_prepare() at load (check_bpf_snprintf_call()):
 * whether @fmt is a format Linux accepts for @nargs arguments, -EINVAL
 * if not. Reads no argument.
 */
int kbpf_bprintf_check(const char *fmt, u32 fmt_size, u32 nargs);

int kbpf_printf_init(void);
void kbpf_printf_exit(void);

#endif /* _KBPF_PRINTF_H */
