// SPDX-License-Identifier: GPL-2.0
/*
 * The formatter of bpf_trace_printk() and bpf_snprintf(): the format
 * rules of Linux's bpf_bprintf_prepare() (kernel/bpf/helpers.c) and the
 * output of its bstr_printf() (lib/vsprintf.c), as in Linux 6.12.117.
 *
 * A format is read in two passes. The first validates it as Linux does,
 * takes each conversion's argument with the type its length gives, and
 * copies what a pointer conversion reads (strings, IP addresses, the text
 * of %pB) into the per-CPU args[] budget without faulting, recording each
 * conversion in conv[]. The second writes the output: the text between
 * conversions straight from the format, each conversion by vsnprintf()
 * with a one-conversion spec built from kbpf's own tables, never from the
 * program's format. The second pass trusts only conv[], so a format that
 * changes in between (a map value written on another CPU) garbles the
 * output but cannot make it read or write out of bounds.
 *
 * What a format may hold:
 * - Text: any byte except ASCII control characters other than
 *   whitespace; bytes from 0x80 pass (UTF-8).
 * - "%%", or '%' then flags from "0+- " in any number, a width
 *   [1-9][0-9]* (no precision, no '*'), then one of
 *     d i u x X	int, or long with l or ll (no h, hh, z, j, t; no o)
 *     c		the argument's low byte; 0 writes a NUL, counted
 *     s		a string: user memory below TASK_SIZE on architectures
 *			whose address spaces do not overlap (x86), else kernel
 *     pks pus		a kernel or user string
 *     p		hashed; only when followed by NUL, space or punctuation
 *     pK px ps pS	as vsnprintf() prints them
 *     pB		a backtrace symbol
 *     pi4 pI4 pi6 pI6	4 or 16 bytes read without faulting, zeroes on fault
 *   s, pks and pus must be followed by NUL, whitespace or punctuation.
 * - Each conversion takes the next argument: one too many is -EINVAL,
 *   like anything not listed.
 *
 * A string that faults before its NUL prints as empty; one longer than
 * the room left in args[] is cut. A conversion that finds args[] full
 * fails with -ENOSPC (numbers take 4 or 8 bytes at 4-byte alignment, %c
 * one byte, copied text its bytes and a NUL).
 *
 * Output kept from bstr_printf(): %pks, %pus, %pB and the IP formats are
 * formatted before the width and flags are known and print without them;
 * letters and digits right after a %p conversion other than plain %p are
 * swallowed, so "%pI6c" prints as "%pI6", while vsnprintf() still reads
 * %pS's 'R' and 'b' modifiers there.
 *
 * Where Linux misbehaves, kbpf does not follow: a width above 8388607
 * (vsnprintf()'s FIELD_WIDTH_MAX) is clamped without Linux's warning;
 * an empty user string takes one byte of args[] (Linux counts none and
 * lets the next argument overwrite it); %pB or IP text longer than the
 * room left fills args[] (Linux runs past its end); %pB with args[] full
 * is -ENOSPC; and bstr_printf()'s loss of its place in the arguments once
 * the output is full at a %pks/%pus/%pB/IP conversion is not reproduced:
 * every conversion prints, and counts, its own argument.
 */

#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "../compat.h"
#include "helpers.h"
#include "printf.h"

#define KBPF_PTR(x)	((void *)(unsigned long)(x))

/* vsnprintf()'s FIELD_WIDTH_MAX. */
#define KBPF_BPRINTF_WIDTH_MAX	((1U << 23) - 1)

/* Flags of a conversion, in the order kbpf_bprintf_spec() writes them. */
#define KBPF_BPRINTF_LEFT	BIT(0)	/* '-' */
#define KBPF_BPRINTF_PLUS	BIT(1)	/* '+' */
#define KBPF_BPRINTF_SPACE	BIT(2)	/* ' ' */
#define KBPF_BPRINTF_ZERO	BIT(3)	/* '0' */

/* kbpf_bprintf_conv.type, and what .val holds for it. */
enum kbpf_bprintf_type {
	KBPF_CONV_SIGNED,	/* d i: the value, sign-extended */
	KBPF_CONV_UNSIGNED,	/* u: the value, zero-extended */
	KBPF_CONV_HEX,		/* x */
	KBPF_CONV_HEX_UPPER,	/* X */
	KBPF_CONV_CHAR,		/* c: the byte */
	KBPF_CONV_STR,		/* s: offset of the copy in args[] */
	KBPF_CONV_TEXT,		/* pks pus pB pI4...: offset in args[] */
	KBPF_CONV_PTR,		/* p pK px ps pS: the pointer */
};

/* What follows "%<flags><width>" in the spec vsnprintf() gets. */
static const char * const kbpf_bprintf_conv_spec[] = {
	[KBPF_CONV_SIGNED]	= "lld",
	[KBPF_CONV_UNSIGNED]	= "llu",
	[KBPF_CONV_HEX]		= "llx",
	[KBPF_CONV_HEX_UPPER]	= "llX",
	[KBPF_CONV_CHAR]	= "c",
	[KBPF_CONV_STR]		= "s",
};

/* kbpf_bprintf_conv.ptr: the pointer formats vsnprintf() prints itself. */
enum kbpf_bprintf_ptr {
	KBPF_PTR_HASHED,
	KBPF_PTR_RESTRICTED,
	KBPF_PTR_RAW,
	KBPF_PTR_SYM,
	KBPF_PTR_SYM_R,
	KBPF_PTR_SYM_OFF,
	KBPF_PTR_SYM_OFF_R,
	KBPF_PTR_SYM_OFF_B,
	KBPF_PTR_SYM_OFF_RB,
};

static const char * const kbpf_bprintf_ptr_spec[] = {
	[KBPF_PTR_HASHED]	= "p",
	[KBPF_PTR_RESTRICTED]	= "pK",
	[KBPF_PTR_RAW]		= "px",
	[KBPF_PTR_SYM]		= "ps",
	[KBPF_PTR_SYM_R]	= "psR",
	[KBPF_PTR_SYM_OFF]	= "pS",
	[KBPF_PTR_SYM_OFF_R]	= "pSR",
	[KBPF_PTR_SYM_OFF_B]	= "pSb",
	[KBPF_PTR_SYM_OFF_RB]	= "pSRb",
};

/*
 * The first pass. @len is where the format's NUL was: every read goes
 * through kbpf_bprintf_at(), which never looks at or past it.
 */
struct kbpf_bprintf_in {
	const char *fmt;
	u32 len;
	const u64 *args;	/* NULL: checking the format only */
	u32 nargs;
	char *buf;	/* the args[] budget; NULL when checking only */
	u32 used;	/* bytes of it taken */
};

static u8 kbpf_bprintf_at(const struct kbpf_bprintf_in *in, u32 i)
{
	return i < in->len ? in->fmt[i] : 0;
}

/* Room in args[] for a number or pointer of @size bytes. */
static int kbpf_bprintf_take(struct kbpf_bprintf_in *in, u32 size)
{
	if (!in->buf)
		return 0;
	in->used = ALIGN(in->used, 4);
	if (KBPF_BPRINTF_ARGS_SIZE - in->used < size)
		return -ENOSPC;
	in->used += size;
	return 0;
}

/*
 * Copies the string at @src into @dst, @size >= 1 bytes, without faulting,
 * with the results of Linux's strncpy_from_{kernel,user}_nofault(): at
 * most @size bytes read, a string cut to @size - 1 bytes, and an empty
 * one when a read faults first. Returns the bytes used, NUL included.
 */
static u32 kbpf_bprintf_copy_str(char *dst, u32 size, unsigned long src,
				 bool user)
{
	const char __user *usrc = (const char __user *)src;
	const char *ksrc = KBPF_PTR(src);
	long err;
	u32 i;

	for (i = 0; i < size; i++) {
		if (user)
			err = copy_from_user_nofault(&dst[i], usrc + i, 1);
		else
			err = copy_from_kernel_nofault(&dst[i], ksrc + i, 1);
		if (err) {
			dst[0] = '\0';
			return 1;
		}
		if (!dst[i])
			return i + 1;
	}
	dst[size - 1] = '\0';
	return size;
}

/* %s, %pks or %pus; @i is at its 's', @ptype is 's', 'k' or 'u'. */
static int kbpf_bprintf_str(struct kbpf_bprintf_in *in, u32 i, char ptype,
			    struct kbpf_bprintf_conv *conv, u64 arg)
{
	u8 next = kbpf_bprintf_at(in, i + 1);
	bool user;

	if (next && !isspace(next) && !ispunct(next))
		return -EINVAL;
	if (!in->buf)
		return 0;
	if (in->used == KBPF_BPRINTF_ARGS_SIZE)
		return -ENOSPC;
	if (ptype == 's')
		user = IS_ENABLED(CONFIG_ARCH_HAS_NON_OVERLAPPING_ADDRESS_SPACE) &&
		       arg < TASK_SIZE;
	else
		user = ptype == 'u';
	conv->type = ptype == 's' ? KBPF_CONV_STR : KBPF_CONV_TEXT;
	conv->val = in->used;
	in->used += kbpf_bprintf_copy_str(in->buf + in->used,
					  KBPF_BPRINTF_ARGS_SIZE - in->used,
					  arg, user);
	return 0;
}

/* Text that snprintf() wrote into args[]: @len bytes and a NUL, if room. */
static void kbpf_bprintf_text(struct kbpf_bprintf_in *in,
			      struct kbpf_bprintf_conv *conv, int len)
{
	conv->type = KBPF_CONV_TEXT;
	conv->val = in->used;
	in->used += min_t(u32, len + 1, KBPF_BPRINTF_ARGS_SIZE - in->used);
}

/* %pi4, %pI4, %pi6 or %pI6; @i is at its 'i' or 'I'. */
static int kbpf_bprintf_ip(struct kbpf_bprintf_in *in, u32 i,
			   struct kbpf_bprintf_conv *conv, u64 arg)
{
	bool upper = kbpf_bprintf_at(in, i) == 'I';
	bool v6 = kbpf_bprintf_at(in, i + 1) == '6';
	u32 size = v6 ? 16 : 4;
	u32 room = KBPF_BPRINTF_ARGS_SIZE - in->used;
	char *dst = in->buf + in->used;
	u8 ip[16];
	int len;

	if (!in->buf)
		return 0;
	if (room < size)
		return -ENOSPC;
	if (copy_from_kernel_nofault(ip, KBPF_PTR(arg), size))
		memset(ip, 0, size);
	if (v6)
		len = upper ? snprintf(dst, room, "%pI6", ip) :
			      snprintf(dst, room, "%pi6", ip);
	else
		len = upper ? snprintf(dst, room, "%pI4", ip) :
			      snprintf(dst, room, "%pi4", ip);
	kbpf_bprintf_text(in, conv, len);
	return 0;
}

/*
 * A conversion starting "%<flags><width>p"; @i is at the 'p' and comes
 * back at the conversion's last byte.
 */
static int kbpf_bprintf_ptr(struct kbpf_bprintf_in *in, u32 *i,
			    struct kbpf_bprintf_conv *conv, u64 arg)
{
	u8 c1 = kbpf_bprintf_at(in, *i + 1);
	u8 c2 = kbpf_bprintf_at(in, *i + 2);
	u8 m1, m2;
	int err;

	if (!c1 || isspace(c1) || ispunct(c1)) {
		conv->type = KBPF_CONV_PTR;
		conv->ptr = KBPF_PTR_HASHED;
		conv->val = arg;
		return kbpf_bprintf_take(in, sizeof(long));
	}
	if ((c1 == 'k' || c1 == 'u') && c2 == 's') {
		*i += 2;
		return kbpf_bprintf_str(in, *i, c1, conv, arg);
	}

	*i += 1;
	switch (c1) {
	case 'K':
	case 'x':
	case 's':
	case 'S':
		/* The modifiers vsnprintf()'s symbol_string() reads. */
		m1 = kbpf_bprintf_at(in, *i + 1);
		m2 = kbpf_bprintf_at(in, *i + 2);
		if (c1 == 'K')
			conv->ptr = KBPF_PTR_RESTRICTED;
		else if (c1 == 'x')
			conv->ptr = KBPF_PTR_RAW;
		else if (c1 == 's')
			conv->ptr = m1 == 'R' ? KBPF_PTR_SYM_R : KBPF_PTR_SYM;
		else if (m1 == 'b')
			conv->ptr = KBPF_PTR_SYM_OFF_B;
		else if (m1 == 'R')
			conv->ptr = m2 == 'b' ? KBPF_PTR_SYM_OFF_RB :
						KBPF_PTR_SYM_OFF_R;
		else
			conv->ptr = KBPF_PTR_SYM_OFF;
		conv->type = KBPF_CONV_PTR;
		conv->val = arg;
		err = kbpf_bprintf_take(in, sizeof(long));
		break;
	case 'B':
		err = 0;
		if (!in->buf)
			break;
		if (in->used == KBPF_BPRINTF_ARGS_SIZE)
			return -ENOSPC;
		kbpf_bprintf_text(in, conv,
				  snprintf(in->buf + in->used,
					   KBPF_BPRINTF_ARGS_SIZE - in->used,
					   "%pB", KBPF_PTR(arg)));
		err = 0;
		break;
	case 'i':
	case 'I':
		if (c2 != '4' && c2 != '6')
			return -EINVAL;
		err = kbpf_bprintf_ip(in, *i, conv, arg);
		*i += 1;
		break;
	default:
		return -EINVAL;
	}
	/* bstr_printf() skips what follows, as vsnprintf() does. */
	while (isalnum(kbpf_bprintf_at(in, *i + 1)))
		*i += 1;
	return err;
}

/* d, i, u, x or X after an optional l or ll; @i comes back at its last. */
static int kbpf_bprintf_int(struct kbpf_bprintf_in *in, u32 *i,
			    struct kbpf_bprintf_conv *conv, u64 arg)
{
	u32 size = sizeof(int);
	u8 c = kbpf_bprintf_at(in, *i);

	if (c == 'l') {
		size = sizeof(long);
		c = kbpf_bprintf_at(in, ++*i);
	}
	if (c == 'l') {
		size = sizeof(long long);
		c = kbpf_bprintf_at(in, ++*i);
	}
	switch (c) {
	case 'd':
	case 'i':
		conv->type = KBPF_CONV_SIGNED;
		break;
	case 'u':
		conv->type = KBPF_CONV_UNSIGNED;
		break;
	case 'x':
		conv->type = KBPF_CONV_HEX;
		break;
	case 'X':
		conv->type = KBPF_CONV_HEX_UPPER;
		break;
	default:
		return -EINVAL;
	}
	if (size == sizeof(int))
		arg = conv->type == KBPF_CONV_SIGNED ? (u64)(s64)(s32)arg :
						       (u32)arg;
	conv->val = arg;
	return kbpf_bprintf_take(in, size);
}

/* The conversion whose '%' is at *@i; *@i comes back at its last byte. */
static int kbpf_bprintf_conv(struct kbpf_bprintf_in *in, u32 *i,
			     struct kbpf_bprintf_conv *conv, u64 arg)
{
	u8 c = kbpf_bprintf_at(in, ++*i);

	if (!isascii(c))
		return -EINVAL;
	conv->flags = 0;
	conv->width = 0;
	for (;; c = kbpf_bprintf_at(in, ++*i)) {
		if (c == '-')
			conv->flags |= KBPF_BPRINTF_LEFT;
		else if (c == '+')
			conv->flags |= KBPF_BPRINTF_PLUS;
		else if (c == ' ')
			conv->flags |= KBPF_BPRINTF_SPACE;
		else if (c == '0')
			conv->flags |= KBPF_BPRINTF_ZERO;
		else
			break;
	}
	if (c >= '1' && c <= '9') {
		do {
			conv->width = min(conv->width * 10 + c - '0',
					  KBPF_BPRINTF_WIDTH_MAX);
			c = kbpf_bprintf_at(in, ++*i);
		} while (isdigit(c));
	}

	switch (c) {
	case 'p':
		return kbpf_bprintf_ptr(in, i, conv, arg);
	case 's':
		return kbpf_bprintf_str(in, *i, 's', conv, arg);
	case 'c':
		if (in->buf && in->used == KBPF_BPRINTF_ARGS_SIZE)
			return -ENOSPC;
		in->used++;
		conv->type = KBPF_CONV_CHAR;
		conv->val = (u8)arg;
		return 0;
	}
	return kbpf_bprintf_int(in, i, conv, arg);
}

/*
 * The first pass: validate, fill conv[], and count the conversions. When
 * only checking (@conv and in->args NULL), each conversion is parsed
 * into a scratch one, with 0 for its argument.
 */
static int kbpf_bprintf_parse(struct kbpf_bprintf_in *in,
			      struct kbpf_bprintf_conv *conv, u32 *nconv)
{
	struct kbpf_bprintf_conv scratch, *cv;
	u32 i, n = 0;
	int err;

	for (i = 0; i < in->len; i++) {
		u8 c = in->fmt[i];

		if (isascii(c) && !isprint(c) && !isspace(c))
			return -EINVAL;
		if (c != '%')
			continue;
		if (kbpf_bprintf_at(in, i + 1) == '%') {
			i++;
			continue;
		}
		if (n >= in->nargs)
			return -EINVAL;
		cv = conv ? &conv[n] : &scratch;
		cv->start = i;
		err = kbpf_bprintf_conv(in, &i, cv, in->args ? in->args[n] : 0);
		if (err)
			return err;
		cv->end = i + 1;
		n++;
	}
	*nconv = n;
	return 0;
}

/*
 * The second pass writes into @buf as vsnprintf() does: what does not
 * fit is counted in @pos but not written.
 */
struct kbpf_bprintf_out {
	char *buf;
	u32 size;
	u64 pos;
};

static void kbpf_bprintf_putc(struct kbpf_bprintf_out *out, char c)
{
	if (out->pos < out->size)
		out->buf[out->pos] = c;
	out->pos++;
}

/* Text between conversions, where the first pass found "%%" pairs only. */
static void kbpf_bprintf_literal(struct kbpf_bprintf_out *out,
				 const char *fmt, u32 from, u32 to)
{
	u32 i;

	for (i = from; i < to; i++) {
		if (fmt[i] == '%' && i + 1 < to)
			i++;
		kbpf_bprintf_putc(out, fmt[i]);
	}
}

static __printf(2, 3) void kbpf_bprintf_spec_out(struct kbpf_bprintf_out *out,
						const char *spec, ...)
{
	u32 room = 0;
	va_list ap;

	if (out->pos < out->size)
		room = min_t(u32, out->size - out->pos, INT_MAX);
	va_start(ap, spec);
	out->pos += vsnprintf(room ? out->buf + out->pos : NULL, room, spec,
			      ap);
	va_end(ap);
}

/* "%<flags>[*]<conv>": the one spec vsnprintf() sees for @conv. */
static void kbpf_bprintf_spec(char *spec, const struct kbpf_bprintf_conv *conv,
			      const char *tail)
{
	*spec++ = '%';
	if (conv->flags & KBPF_BPRINTF_LEFT)
		*spec++ = '-';
	if (conv->flags & KBPF_BPRINTF_PLUS)
		*spec++ = '+';
	if (conv->flags & KBPF_BPRINTF_SPACE)
		*spec++ = ' ';
	if (conv->flags & KBPF_BPRINTF_ZERO)
		*spec++ = '0';
	if (conv->width)
		*spec++ = '*';
	strscpy(spec, tail, 5);
}

/* vsnprintf() on @arg, with the conversion's width when it has one. */
#define KBPF_BPRINTF_EMIT(out, spec, conv, arg)				\
	do {								\
		if ((conv)->width)					\
			kbpf_bprintf_spec_out(out, spec,		\
					      (int)(conv)->width, arg);	\
		else							\
			kbpf_bprintf_spec_out(out, spec, arg);		\
	} while (0)

static void kbpf_bprintf_emit(struct kbpf_bprintf_out *out,
			      const struct kbpf_bprintf_conv *conv,
			      const char *args)
{
	/* '%', four flags, '*' and the longest tail ("pSRb") with a NUL */
	char spec[12];
	const char *text;
	u32 len;

	switch (conv->type) {
	case KBPF_CONV_TEXT:
		text = args + conv->val;
		len = strnlen(text, KBPF_BPRINTF_ARGS_SIZE - conv->val);
		while (len--)
			kbpf_bprintf_putc(out, *text++);
		return;
	case KBPF_CONV_PTR:
		kbpf_bprintf_spec(spec, conv, kbpf_bprintf_ptr_spec[conv->ptr]);
		KBPF_BPRINTF_EMIT(out, spec, conv, KBPF_PTR(conv->val));
		return;
	}

	kbpf_bprintf_spec(spec, conv, kbpf_bprintf_conv_spec[conv->type]);
	switch (conv->type) {
	case KBPF_CONV_SIGNED:
		KBPF_BPRINTF_EMIT(out, spec, conv, (long long)conv->val);
		break;
	case KBPF_CONV_UNSIGNED:
	case KBPF_CONV_HEX:
	case KBPF_CONV_HEX_UPPER:
		KBPF_BPRINTF_EMIT(out, spec, conv,
				  (unsigned long long)conv->val);
		break;
	case KBPF_CONV_CHAR:
		KBPF_BPRINTF_EMIT(out, spec, conv, (int)conv->val);
		break;
	case KBPF_CONV_STR:
		KBPF_BPRINTF_EMIT(out, spec, conv, args + conv->val);
		break;
	}
}

int kbpf_bprintf_with(struct kbpf_bprintf_bufs *bufs, char *out,
		      u32 out_size, const char *fmt, u32 fmt_size,
		      const u64 *args, u32 nargs)
{
	struct kbpf_bprintf_in in = {
		.fmt = fmt,
		.len = strnlen(fmt, fmt_size),
		.args = args,
		.nargs = nargs,
	};
	struct kbpf_bprintf_out o = { .buf = out, .size = out_size };
	u32 i, nconv, from = 0;
	int err;

	if (in.len == fmt_size)
		return -EINVAL;
	if (nargs > KBPF_BPRINTF_MAX_ARGS || (nargs && !bufs))
		return -EINVAL;
	if (bufs)
		in.buf = bufs->args;
	err = kbpf_bprintf_parse(&in, bufs ? bufs->conv : NULL, &nconv);
	if (err)
		return err;

	for (i = 0; i < nconv; i++) {
		kbpf_bprintf_literal(&o, fmt, from, bufs->conv[i].start);
		kbpf_bprintf_emit(&o, &bufs->conv[i], bufs->args);
		from = bufs->conv[i].end;
	}
	kbpf_bprintf_literal(&o, fmt, from, in.len);
	if (out_size)
		out[min_t(u64, o.pos, out_size - 1)] = '\0';
	return min_t(u64, o.pos, INT_MAX);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_bprintf_with);

int kbpf_bprintf_check(const char *fmt, u32 fmt_size, u32 nargs)
{
	struct kbpf_bprintf_in in = {
		.fmt = fmt,
		.len = strnlen(fmt, fmt_size),
		.nargs = nargs,
	};
	u32 nconv;

	if (in.len == fmt_size)
		return -EINVAL;
	return kbpf_bprintf_parse(&in, NULL, &nconv);
}

int kbpf_bprintf(char *out, u32 out_size, const char *fmt, u32 fmt_size,
		 const u64 *args, u32 nargs)
{
	struct kbpf_bprintf_bufs *bufs = NULL;
	int ret;

	if (!kbpf_bprintf_terminated(fmt, fmt_size))
		return -EINVAL;
	/* As Linux, a call without arguments takes no buffers. */
	if (nargs) {
		bufs = kbpf_bprintf_get();
		if (!bufs)
			return -EBUSY;
	}
	ret = kbpf_bprintf_with(bufs, out, out_size, fmt, fmt_size, args,
				nargs);
	if (bufs)
		kbpf_bprintf_put();
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_bprintf);

/*
 * Per-CPU scratch, one set per nesting level: a call may be interrupted
 * by an interrupt or NMI whose program formats too. @nest counts the
 * sets in use on this CPU; preemption stays off while any is held.
 */
struct kbpf_bprintf_cpu {
	struct kbpf_bprintf_bufs bufs[KBPF_BPRINTF_NEST];
	int nest;
};

static struct kbpf_bprintf_cpu __percpu *kbpf_bprintf_cpus;

/* NULL when this CPU's sets are all in use (Linux: -EBUSY, and a WARN). */
struct kbpf_bprintf_bufs *kbpf_bprintf_get(void)
{
	int nest;

	preempt_disable();
	nest = this_cpu_inc_return(kbpf_bprintf_cpus->nest);
	if (nest > KBPF_BPRINTF_NEST) {
		this_cpu_dec(kbpf_bprintf_cpus->nest);
		preempt_enable();
		return NULL;
	}
	return &this_cpu_ptr(kbpf_bprintf_cpus)->bufs[nest - 1];
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_bprintf_get);

void kbpf_bprintf_put(void)
{
	this_cpu_dec(kbpf_bprintf_cpus->nest);
	preempt_enable();
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_bprintf_put);

/*
 * bpf_snprintf(str, str_size, fmt, data, data_len): fmt is a constant
 * string (the verifier saw its NUL), data an array of data_len / 8 u64
 * arguments. Returns the output's length with its NUL, as Linux.
 */
static u64 kbpf_helper_snprintf(u64 str, u64 str_size, u64 fmt, u64 data, u64 data_len)
{
	u32 len = data_len;
	int ret;

	if (len % 8 || len > KBPF_BPRINTF_MAX_ARGS * 8 || (len && !data))
		return -EINVAL;
	ret = kbpf_bprintf(KBPF_PTR(str), (u32)str_size, KBPF_PTR(fmt),
			   U32_MAX, KBPF_PTR(data), len / 8);
	if (ret < 0)
		return ret;
	return (u64)ret + 1;
}

const struct kbpf_helper_proto kbpf_snprintf_proto = {
	.fn = kbpf_helper_snprintf,
	.name = "snprintf",
	.gpl_only = true, .cap = CAP_PERFMON,
	KBPF_ARGS(KBPF_ARG_PTR_TO_OUT_MEM_OR_NULL,
		  KBPF_ARG_CONST_SIZE_OR_ZERO,
		  KBPF_ARG_PTR_TO_CONST_STR,
		  KBPF_ARG_PTR_TO_MEM_OR_NULL,
		  KBPF_ARG_CONST_SIZE_OR_ZERO),
	.fmt_checked = true,
};
EXPORT_SYMBOL_IF_KUNIT(kbpf_snprintf_proto);

int kbpf_printf_init(void)
{
	kbpf_bprintf_cpus = alloc_percpu(struct kbpf_bprintf_cpu);
	return kbpf_bprintf_cpus ? 0 : -ENOMEM;
}

void kbpf_printf_exit(void)
{
	free_percpu(kbpf_bprintf_cpus);
}
