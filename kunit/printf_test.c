// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the bprintf formatter (every conversion, flag and errno, the
 * args[] budget, truncation, unreadable pointers), the helpers
 * bpf_snprintf() and bpf_trace_printk(), and the trace buffer: wrap-around,
 * partial reads and the debugfs files.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/mman.h>
#include <linux/poll.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "../kmod/compat.h"
#include "../kmod/prog/helpers.h"
#include "../kmod/prog/printf.h"
#include "../kmod/prog/trace.h"

#define KT_U64(p)	((u64)(unsigned long)(p))
/* Not canonical on x86-64: no read ever succeeds there. */
#define KT_BAD_PTR	0xdead000000000000ULL

/* The arguments of a call, from a list that may be empty. */
#define KT_ARGS(...)	((const u64[]){ 0, ##__VA_ARGS__ } + 1)
#define KT_NARGS(...)	(ARRAY_SIZE(((const u64[]){ 0, ##__VA_ARGS__ })) - 1)

/* Formats @fmt (its NUL included in its size) into a 512-byte buffer. */
static int kt_fmt(char *out, const char *fmt, const u64 *args, u32 nargs)
{
	memset(out, 0x5a, 512);
	return kbpf_bprintf(out, 512, fmt, strlen(fmt) + 1, args, nargs);
}

static void kt_expect(struct kunit *test, const char *want, const char *fmt,
		      const u64 *args, u32 nargs)
{
	char *out = kunit_kzalloc(test, 512, GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, out);
	ret = kt_fmt(out, fmt, args, nargs);
	KUNIT_EXPECT_EQ_MSG(test, ret, (int)strlen(want), "format \"%s\"", fmt);
	KUNIT_EXPECT_STREQ_MSG(test, out, want, "format \"%s\"", fmt);
}

/* The format must be refused with @err, the output left alone. */
static void kt_reject(struct kunit *test, int err, const char *fmt,
		      const u64 *args, u32 nargs)
{
	char *out = kunit_kzalloc(test, 512, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_EXPECT_EQ_MSG(test, kt_fmt(out, fmt, args, nargs), err,
			    "format \"%s\"", fmt);
	KUNIT_EXPECT_EQ_MSG(test, out[0], 0x5a, "format \"%s\"", fmt);
}

#define KT_EXPECT(want, fmt, ...) \
	kt_expect(test, want, fmt, KT_ARGS(__VA_ARGS__), KT_NARGS(__VA_ARGS__))
#define KT_REJECT(err, fmt, ...) \
	kt_reject(test, err, fmt, KT_ARGS(__VA_ARGS__), KT_NARGS(__VA_ARGS__))

static void kbpf_printf_int_test(struct kunit *test)
{
	KT_EXPECT("42", "%d", 42);
	KT_EXPECT("-5", "%d", (u64)-5);
	KT_EXPECT("7", "%i", 7);
	/* Without l the argument is an int: its high half is dropped. */
	KT_EXPECT("-1", "%d", 0x1ffffffffULL);
	KT_EXPECT("4294967295", "%u", (u64)-1);
	KT_EXPECT("beefcafe", "%x", 0xdeadbeefcafeULL);
	KT_EXPECT("ABC", "%X", 0xabc);
	KT_EXPECT("-1", "%ld", (u64)-1);
	KT_EXPECT("-1", "%li", (u64)-1);
	KT_EXPECT("1099511627776", "%lld", 1ULL << 40);
	KT_EXPECT("18446744073709551615", "%lu", (u64)-1);
	KT_EXPECT("18446744073709551615", "%llu", (u64)-1);
	KT_EXPECT("deadbeefcafe", "%lx", 0xdeadbeefcafeULL);
	KT_EXPECT("DEADBEEFCAFE", "%llX", 0xdeadbeefcafeULL);

	/* Flags [0 +-] and widths. */
	KT_EXPECT("   42", "%5d", 42);
	KT_EXPECT("42   |", "%-5d|", 42);
	KT_EXPECT("00042", "%05d", 42);
	KT_EXPECT("+42", "%+d", 42);
	KT_EXPECT("-42", "%+d", (u64)-42);
	KT_EXPECT(" 42", "% d", 42);
	KT_EXPECT("+42", "% +d", 42);
	KT_EXPECT("42   ", "%-05d", 42);
	KT_EXPECT("+0042", "%+05d", 42);
	KT_EXPECT("+42     |", "%0 +-8d|", 42);
	KT_EXPECT("0000000042", "%0010d", 42);
	KT_EXPECT("0000beef", "%08x", 0xbeef);
	KT_EXPECT("      BEEF", "%10X", 0xbeef);
	KT_EXPECT("5", "%+u", 5);
	KT_EXPECT("-000000000000000001", "%019ld", (u64)-1);
	KT_EXPECT("1 2 3 4 5 6 7 8 9 10 11 12",
		  "%d %d %d %d %d %d %d %d %d %d %d %d",
		  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
	/* More arguments than conversions is fine. */
	KT_EXPECT("1", "%d", 1, 2, 3);
}

static void kbpf_printf_char_test(struct kunit *test)
{
	char *out = kunit_kzalloc(test, 512, GFP_KERNEL);

	KT_EXPECT("A", "%c", 'A');
	KT_EXPECT("A", "%c", 0x141);	/* the low byte */
	KT_EXPECT("  A", "%3c", 'A');
	KT_EXPECT("A  |", "%-3c|", 'A');
	KT_EXPECT("  A", "%03c", 'A');	/* '0' pads numbers only */
	KT_EXPECT("ab", "%c%c", 'a', 'b');

	/* A NUL is written and counted. */
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_EXPECT_EQ(test, kt_fmt(out, "a%cb", KT_ARGS(0), 1), 3);
	KUNIT_EXPECT_EQ(test, memcmp(out, "a\0b", 4), 0);
}

static void kbpf_printf_str_test(struct kunit *test)
{
	static const char hello[] = "hello";
	char *page;

	KT_EXPECT("hello", "%s", KT_U64(hello));
	KT_EXPECT("   hello", "%8s", KT_U64(hello));
	KT_EXPECT("hello   |", "%-8s|", KT_U64(hello));
	KT_EXPECT("   hello", "%08s", KT_U64(hello));
	KT_EXPECT("hello", "%+s", KT_U64(hello));
	KT_EXPECT("[hello]", "[%s]", KT_U64(hello));
	KT_EXPECT("hello world", "%s world", KT_U64(hello));
	KT_EXPECT("hello\n", "%s\n", KT_U64(hello));
	KT_EXPECT("hello", "%pks", KT_U64(hello));
	KT_EXPECT("hello.", "%pks.", KT_U64(hello));
	/* Formatted beforehand, as in Linux: no width. */
	KT_EXPECT("hello|", "%10pks|", KT_U64(hello));
	KT_EXPECT("hello|", "%-10pks|", KT_U64(hello));

	/* Unreadable strings print as empty. */
	KT_EXPECT("[]", "[%s]", 0);
	KT_EXPECT("[]", "[%s]", KT_BAD_PTR);
	KT_EXPECT("[]", "[%pks]", KT_BAD_PTR);
	KT_EXPECT("[]", "[%pks]", 0x1000);	/* a user address */
	KT_EXPECT("[]", "[%pus]", KT_U64(hello));	/* a kernel one */
	KT_EXPECT("[     ]", "[%5s]", KT_BAD_PTR);
	KT_EXPECT("[] 7", "[%s] %d", KT_BAD_PTR, 7);

	/* A string running into a guard page faults before its NUL. */
	page = vmalloc(PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, page);
	memset(page + PAGE_SIZE - 3, 'a', 3);
	KT_EXPECT("[]", "[%s]", KT_U64(page + PAGE_SIZE - 3));
	page[PAGE_SIZE - 1] = '\0';
	KT_EXPECT("[aa]", "[%s]", KT_U64(page + PAGE_SIZE - 3));
	vfree(page);
}

/* %s of a user address reads user memory (x86), as does %pus. */
static void kbpf_printf_user_str_test(struct kunit *test)
{
	static const char text[] = "from user";
	unsigned long addr;

	addr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (!addr || IS_ERR_VALUE(addr))
		kunit_skip(test, "no user memory");
	KUNIT_ASSERT_EQ(test, copy_to_user((char __user *)addr, text,
					   sizeof(text)), 0);
	KT_EXPECT("from user", "%pus", addr);
	KT_EXPECT("from user", "%s", addr);
	KT_EXPECT("  from user", "%11s", addr);
	KT_EXPECT("[]", "[%pks]", addr);
	KT_EXPECT("[]", "[%pus]", addr + PAGE_SIZE);	/* unmapped */
}

/*
 * Pointer formats that vsnprintf() prints from the pointer, each against
 * the kernel's own output, and what bstr_printf() makes of letters after
 * them: @ref is the format with the same output.
 */
static const struct {
	const char *fmt;
	const char *ref;
} kt_ptr_fmts[] = {
	{ "%p" }, { "(%p) " }, { "%-24p|" }, { "%pK" }, { "%20pK" },
	{ "%px" }, { "%24px|" }, { "%-px|" }, { "%ps" }, { "%60ps|" },
	{ "%pS" }, { "%-60pS|" }, { "%pSR" }, { "%pSb" }, { "%pB" },
	{ "%pxyz9!", "%px!" }, { "%pSRxyz", "%pSR" }, { "%psRb", "%psR" },
	{ "%70pBb", "%pB" }, { "%pKa", "%pK" },
};

static void kbpf_printf_ptr_test(struct kunit *test)
{
	void *fn = (void *)kbpf_bprintf + 4;
	char want[128];
	int i;

	for (i = 0; i < ARRAY_SIZE(kt_ptr_fmts); i++) {
		const char *fmt = kt_ptr_fmts[i].fmt;

		snprintf(want, sizeof(want),
			 kt_ptr_fmts[i].ref ? kt_ptr_fmts[i].ref : fmt, fn);
		kt_expect(test, want, fmt, KT_ARGS(KT_U64(fn)), 1);
	}
	KT_EXPECT("00000000000000ab", "%px", 0xab);
	KT_EXPECT("00000000000000ab--1", "%px-%d", 0xab, (u64)-1);
}

static void kbpf_printf_ip_test(struct kunit *test)
{
	static const u8 v4[4] = { 192, 168, 1, 2 };
	static const u8 v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

	KT_EXPECT("192.168.1.2", "%pI4", KT_U64(v4));
	KT_EXPECT("192.168.001.002", "%pi4", KT_U64(v4));
	KT_EXPECT("2001:0db8:0000:0000:0000:0000:0000:0001", "%pI6",
		  KT_U64(v6));
	KT_EXPECT("20010db8000000000000000000000001", "%pi6", KT_U64(v6));
	/* Formatted beforehand: no width, no 'c' (compressed) modifier. */
	KT_EXPECT("192.168.1.2|", "%20pI4|", KT_U64(v4));
	KT_EXPECT("2001:0db8:0000:0000:0000:0000:0000:0001", "%pI6c",
		  KT_U64(v6));
	/* Unreadable addresses are zeroes. */
	KT_EXPECT("0.0.0.0", "%pI4", KT_BAD_PTR);
	KT_EXPECT("000.000.000.000", "%pi4", 0);
	KT_EXPECT("0000:0000:0000:0000:0000:0000:0000:0000", "%pI6", 0);
}

static void kbpf_printf_text_test(struct kunit *test)
{
	KT_EXPECT("", "");
	KT_EXPECT("plain", "plain");
	KT_EXPECT("100%", "100%%");
	KT_EXPECT("%d", "%%d");
	KT_EXPECT("%5", "%%%d", 5);
	KT_EXPECT("a%%b", "a%%%%b");
	KT_EXPECT("\t\n\v\f\r ", "\t\n\v\f\r ");
	KT_EXPECT("h\xc3\xa9llo \xe2\x82\xac", "h\xc3\xa9llo \xe2\x82\xac");
	KT_EXPECT("~!@#", "~!@#");
}

static void kbpf_printf_reject_test(struct kunit *test)
{
	static const char * const bad[] = {
		"%o", "%hd", "%hhd", "%hu", "%zd", "%zu", "%jd", "%td",
		"%lc", "%ls", "%lp", "%llld", "%.2d", "%.s", "%#x",
		"%*d", "%n", "%a", "%e", "%f", "%g", "%5%", "%q", "%",
		"%-", "%5", "%l", "%0", "x%", "%sx", "%s1", "%s\xc3",
		"%pksx", "%pusA", "%pk", "%pu", "%pkx", "%pi", "%pI",
		"%pi5", "%pIx", "%pM", "%pa", "%pe", "%ph", "%pd", "%pU",
		"%p1", "%\xc3\xa9", "%-\xc3", "\x01", "a\x1b", "\x7f",
		"%d\x08",
	};
	/* "%Ld", spelled so that checkpatch does not take it for a use. */
	static const char long_double[] = { '%', 'L', 'd', '\0' };
	static const char hello[] = "hello";
	char out[8];
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KT_REJECT(-EINVAL, bad[i], KT_U64(hello));
	KT_REJECT(-EINVAL, long_double, 1);

	/* One conversion too many. */
	KT_REJECT(-EINVAL, "%d");
	KT_REJECT(-EINVAL, "%d %d", 1);
	KT_REJECT(-EINVAL, "%d %d %d %d", 1, 2, 3);
	KT_REJECT(-EINVAL, "%s %s", KT_U64(hello));
	/* Even where the last conversion is bad anyway. */
	KT_REJECT(-EINVAL, "%d %q", 1);

	/* No NUL within fmt_size. */
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, sizeof(out), "abc", 3, NULL, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, sizeof(out), "abc", 0, NULL, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, sizeof(out), "abc", 4, NULL, 0),
			3);
	/* Bytes after the NUL are not looked at. */
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, sizeof(out), "ab\0\x01%q", 6,
					   NULL, 0), 2);
	/* More arguments than Linux ever passes. */
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, sizeof(out), "x", 2,
					   KT_ARGS(1, 2, 3, 4, 5, 6, 7, 8, 9,
						   10, 11, 12, 13), 13),
			-EINVAL);
}

/* Strings fill the 512 bytes of args[], then conversions find no room. */
static void kbpf_printf_budget_test(struct kunit *test)
{
	/* Each conversion after a string that filled args[]. */
	static const char * const after[] = {
		"%s%d", "%s%c", "%s%s", "%s%p", "%s%px", "%s%pI4", "%s%pks",
		"%s%pB",
	};
	char *out = kunit_kzalloc(test, 2048, GFP_KERNEL);
	char *a = kunit_kzalloc(test, 601, GFP_KERNEL);
	char *b = kunit_kzalloc(test, 601, GFP_KERNEL);
	const char *fmt;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	memset(a, 'a', 600);
	memset(b, 'b', 600);

	/* One string: cut to 511 bytes and a NUL. */
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 2048, "%s", 3,
					   KT_ARGS(KT_U64(a)), 1), 511);
	/* Two: the second gets what the first left (512 - 401 - 1 = 110). */
	a[400] = '\0';
	b[400] = '\0';
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 2048, "%s%s", 5,
					   KT_ARGS(KT_U64(a), KT_U64(b)), 2),
			510);
	KUNIT_EXPECT_EQ(test, strspn(out, "a"), 400);
	KUNIT_EXPECT_EQ(test, strlen(out + 400), 110);
	a[400] = 'a';

	/* After a full args[], every kind of conversion fails. */
	for (i = 0; i < ARRAY_SIZE(after); i++) {
		fmt = after[i];
		KUNIT_EXPECT_EQ_MSG(test, kbpf_bprintf(out, 2048, fmt,
						       strlen(fmt) + 1,
						       KT_ARGS(KT_U64(a),
							       KT_U64(a)), 2),
				    -ENOSPC, "format \"%s\"", fmt);
	}

	/* 505 bytes and a NUL, aligned to 508: an int fits, a long not. */
	a[505] = '\0';
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 2048, "%s%d", 5,
					   KT_ARGS(KT_U64(a), 1), 2), 506);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 2048, "%s%ld", 6,
					   KT_ARGS(KT_U64(a), 1), 2), -ENOSPC);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 2048, "%s%p", 5,
					   KT_ARGS(KT_U64(a), 1), 2), -ENOSPC);
	/* An IPv6 address needs 16 bytes first. */
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 2048, "%s%pI6", 7,
					   KT_ARGS(KT_U64(a), 0), 2), -ENOSPC);
	/* %c takes one byte, unaligned. */
	a[505] = 'a';
	a[510] = '\0';
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 2048, "%s%c", 5,
					   KT_ARGS(KT_U64(a), 'x'), 2), 511);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 2048, "%s%c%c", 7,
					   KT_ARGS(KT_U64(a), 'x', 'y'), 3),
			-ENOSPC);
	/* IPv4 text cut to the room left: 4 bytes for 4 bytes read. */
	a[507] = '\0';
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 2048, "%s%pI4", 7,
					   KT_ARGS(KT_U64(a), 0), 2), 510);
	KUNIT_EXPECT_STREQ(test, out + 507, "0.0");
}

/* The output is cut to its size; the length returned is the whole. */
static void kbpf_printf_truncate_test(struct kunit *test)
{
	static const char pks[] = "ab%pks%c";
	static const char hello[] = "hello";
	char *out = kunit_kzalloc(test, 64, GFP_KERNEL);
	const u64 *args = KT_ARGS(42);

	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(NULL, 0, "hello %d", 9, args, 1), 8);
	memset(out, 'x', 64);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 1, "hello %d", 9, args, 1), 8);
	KUNIT_EXPECT_EQ(test, out[0], '\0');
	KUNIT_EXPECT_EQ(test, out[1], 'x');
	memset(out, 'x', 64);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 6, "hello %d", 9, args, 1), 8);
	KUNIT_EXPECT_STREQ(test, out, "hello");
	KUNIT_EXPECT_EQ(test, out[6], 'x');
	memset(out, 'x', 64);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 8, "hello %d", 9, args, 1), 8);
	KUNIT_EXPECT_STREQ(test, out, "hello 4");
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 9, "hello %d", 9, args, 1), 8);
	KUNIT_EXPECT_STREQ(test, out, "hello 42");

	/* Conversions past the end still count. */
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 16, "%100d", 6, args, 1), 100);
	KUNIT_EXPECT_EQ(test, strlen(out), 15);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 3, pks, sizeof(pks),
					   KT_ARGS(KT_U64(hello), 'z'), 2), 8);
	KUNIT_EXPECT_STREQ(test, out, "ab");
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 3, "ab%pI4", 7,
					   KT_ARGS(0), 1), 9);
	/* Widths stop at vsnprintf()'s limit, 8388607. */
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 64, "%99999999999d", 14,
					   args, 1), 8388607);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 64, "%8388608d", 10,
					   args, 1), 8388607);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, 64, "%8388606d", 10,
					   args, 1), 8388606);
}

/* Three nested users per CPU, as Linux; a fourth gets -EBUSY. */
static void kbpf_printf_nest_test(struct kunit *test)
{
	struct kbpf_bprintf_bufs *bufs[KBPF_BPRINTF_NEST + 1];
	int busy, noargs, i;
	char out[8];

	for (i = 0; i <= KBPF_BPRINTF_NEST; i++)
		bufs[i] = kbpf_bprintf_get();
	busy = kbpf_bprintf(out, sizeof(out), "%d", 3, KT_ARGS(1), 1);
	noargs = kbpf_bprintf(out, sizeof(out), "ok", 3, NULL, 0);
	for (i = 0; i < KBPF_BPRINTF_NEST; i++)
		kbpf_bprintf_put();

	for (i = 0; i < KBPF_BPRINTF_NEST; i++)
		KUNIT_EXPECT_NOT_NULL(test, bufs[i]);
	KUNIT_EXPECT_NULL(test, bufs[KBPF_BPRINTF_NEST]);
	KUNIT_EXPECT_PTR_NE(test, bufs[0], bufs[1]);
	KUNIT_EXPECT_PTR_NE(test, bufs[1], bufs[2]);
	KUNIT_EXPECT_EQ(test, busy, -EBUSY);
	KUNIT_EXPECT_EQ(test, noargs, 2);
	KUNIT_EXPECT_EQ(test, kbpf_bprintf(out, sizeof(out), "%d", 3,
					   KT_ARGS(1), 1), 1);
}

/* A helper call as a program makes it. */
static s64 kt_call(u64 (*fn)(u64, u64, u64, u64, u64), u64 r1, u64 r2,
		   u64 r3, u64 r4, u64 r5, int *cpu)
{
	s64 ret;

	rcu_read_lock();
	migrate_disable();
	if (cpu)
		*cpu = raw_smp_processor_id();
	ret = fn(r1, r2, r3, r4, r5);
	migrate_enable();
	rcu_read_unlock();
	return ret;
}

static void kbpf_printf_snprintf_test(struct kunit *test)
{
	static const char fmt[] = "%d-%s";
	static const char hello[] = "hello";
	const u64 *args = KT_ARGS(12, KT_U64(hello));
	char str[16];

	memset(str, 'x', sizeof(str));
	/* Length + 1 for the NUL, as Linux. */
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_snprintf_proto.fn, KT_U64(str),
				      sizeof(str), KT_U64(fmt), KT_U64(args),
				      16, NULL), 9);
	KUNIT_EXPECT_STREQ(test, str, "12-hello");
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_snprintf_proto.fn, KT_U64(str), 4,
				      KT_U64(fmt), KT_U64(args), 16, NULL), 9);
	KUNIT_EXPECT_STREQ(test, str, "12-");
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_snprintf_proto.fn, 0, 0, KT_U64(fmt),
				      KT_U64(args), 16, NULL), 9);
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_snprintf_proto.fn, KT_U64(str),
				      sizeof(str), KT_U64("none"), 0, 0, NULL),
			5);

	/* data_len: a multiple of 8, at most 12 arguments, data non-NULL. */
	memset(str, 'x', sizeof(str));
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_snprintf_proto.fn, KT_U64(str),
				      sizeof(str), KT_U64(fmt), KT_U64(args),
				      12, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_snprintf_proto.fn, KT_U64(str),
				      sizeof(str), KT_U64("x"),
				      KT_U64(args), 13 * 8, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_snprintf_proto.fn, KT_U64(str),
				      sizeof(str), KT_U64("x"), 0, 8, NULL),
			-EINVAL);
	/* Too few arguments for the format. */
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_snprintf_proto.fn, KT_U64(str),
				      sizeof(str), KT_U64(fmt), KT_U64(args),
				      8, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_snprintf_proto.fn, KT_U64(str),
				      sizeof(str), KT_U64("%o"), KT_U64(args),
				      8, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, str[0], 'x');
	/* Twelve arguments. */
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_snprintf_proto.fn, KT_U64(str),
				      sizeof(str),
				      KT_U64("%d%d%d%d%d%d%d%d%d%d%d%d"),
				      KT_U64(KT_ARGS(1, 2, 3, 4, 5, 6, 7, 8, 9,
						     0, 1, 2)),
				      12 * 8, NULL), 13);
	KUNIT_EXPECT_STREQ(test, str, "123456789012");
}

/* "<comm>-<pid> [<cpu>] " of the current task on @cpu. */
static void kt_prefix(char *buf, size_t size, int cpu)
{
	snprintf(buf, size, "%s-%d [%03d] ", current->comm,
		 task_pid_nr(current), cpu);
}

static char *kt_snapshot(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, KBPF_TRACE_SIZE + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	buf[kbpf_trace_snapshot(buf, KBPF_TRACE_SIZE)] = '\0';
	return buf;
}

static void kbpf_printf_trace_printk_test(struct kunit *test)
{
	static const char fmt[] = "hello %d %s %c\n";
	static const char world[] = "world";
	char *want = kunit_kzalloc(test, 2048, GFP_KERNEL);
	char prefix[64], prefix2[64];
	int cpu;

	KUNIT_ASSERT_NOT_NULL(test, want);
	kbpf_trace_clear();
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_trace_printk_proto.fn, KT_U64(fmt),
				      sizeof(fmt), 42, KT_U64(world), '!',
				      &cpu), 17);
	kt_prefix(prefix, sizeof(prefix), cpu);
	snprintf(want, 2048, "%shello 42 world !\n", prefix);
	KUNIT_EXPECT_STREQ(test, kt_snapshot(test), want);

	/* A newline is added where the message has none. */
	kbpf_trace_clear();
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_trace_printk_proto.fn, KT_U64("a"), 2,
				      0, 0, 0, &cpu), 1);
	kt_prefix(prefix, sizeof(prefix), cpu);
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_trace_printk_proto.fn, KT_U64(""), 1,
				      0, 0, 0, &cpu), 0);
	kt_prefix(prefix2, sizeof(prefix2), cpu);
	snprintf(want, 2048, "%sa\n%s\n", prefix, prefix2);
	KUNIT_EXPECT_STREQ(test, kt_snapshot(test), want);

	/* Errors add no line. */
	kbpf_trace_clear();
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_trace_printk_proto.fn,
				      KT_U64("%d %d %d %d"), 12, 1, 2, 3,
				      NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_trace_printk_proto.fn, KT_U64("abc"),
				      3, 0, 0, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_trace_printk_proto.fn, KT_U64("%o"),
				      3, 0, 0, 0, NULL), -EINVAL);
	KUNIT_EXPECT_STREQ(test, kt_snapshot(test), "");
	/* Three arguments whatever the format uses: one more is -EINVAL. */
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_trace_printk_proto.fn,
				      KT_U64("%d%d%d"), 7, 1, 2, 3, &cpu), 3);

	/* The message stops at 1023 bytes; the return value does not. */
	kbpf_trace_clear();
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_trace_printk_proto.fn,
				      KT_U64("%2000d"), 7, 5, 0, 0, &cpu),
			2000);
	kt_prefix(prefix, sizeof(prefix), cpu);
	KUNIT_EXPECT_EQ(test, strlen(kt_snapshot(test)),
			strlen(prefix) + KBPF_BPRINTF_BUF_SIZE - 1 + 1);

	/* A %c of 0 ends the line, the return value counts it all. */
	kbpf_trace_clear();
	KUNIT_EXPECT_EQ(test, kt_call(kbpf_trace_printk_proto.fn,
				      KT_U64("ab%ccd"), 7, 0, 0, 0, &cpu), 5);
	kt_prefix(prefix, sizeof(prefix), cpu);
	snprintf(want, 2048, "%sab\n", prefix);
	KUNIT_EXPECT_STREQ(test, kt_snapshot(test), want);
	kbpf_trace_clear();
}

/* Full: the oldest whole lines go, the newest stay, in order. */
static void kbpf_printf_trace_wrap_test(struct kunit *test)
{
	char *snap, *line, *cur;
	char msg[128], prefix[64];
	int i, n, first = -1, last = -1, lines = 0;
	size_t len;

	kt_prefix(prefix, sizeof(prefix), 0);
	kbpf_trace_clear();
	for (i = 0; i < 5000; i++) {
		n = snprintf(msg, sizeof(msg), "line %05d\n", i);
		kbpf_trace_emit(msg, n);
	}
	snap = kt_snapshot(test);
	len = strlen(snap);
	/* Lines of about 40 bytes: the ring is nearly full. */
	KUNIT_EXPECT_LE(test, len, KBPF_TRACE_SIZE);
	KUNIT_EXPECT_GT(test, len, KBPF_TRACE_SIZE * 9 / 10);

	cur = snap;
	while ((line = strsep(&cur, "\n")) && *line) {
		char *num = strstr(line, "] line ");

		KUNIT_ASSERT_NOT_NULL_MSG(test, num, "line \"%s\"", line);
		KUNIT_ASSERT_EQ(test, kstrtoint(num + 7, 10, &n), 0);
		if (first < 0)
			first = n;
		else
			KUNIT_EXPECT_EQ(test, n, last + 1);
		KUNIT_EXPECT_EQ(test, strncmp(line, current->comm,
					      strlen(current->comm)), 0);
		last = n;
		lines++;
	}
	KUNIT_EXPECT_EQ(test, last, 4999);
	KUNIT_EXPECT_GT(test, first, 0);
	KUNIT_EXPECT_EQ(test, lines, 5000 - first);
	KUNIT_EXPECT_GT(test, lines, 1000);

	/* A line read in part is dropped whole when its turn comes. */
	kbpf_trace_clear();
	kbpf_trace_emit("first", 5);
	KUNIT_EXPECT_EQ(test, kbpf_trace_consume(msg, 3), 3);
	snap = kt_snapshot(test);
	KUNIT_EXPECT_EQ(test, strlen(snap), strlen(prefix) + 6 - 3);
	for (i = 0; i < 2000; i++)
		kbpf_trace_emit("0123456789", 10);
	snap = kt_snapshot(test);
	KUNIT_EXPECT_EQ(test, strncmp(snap, current->comm,
				      strlen(current->comm)), 0);
	KUNIT_EXPECT_NULL(test, strstr(snap, "first"));

	/* Reads end at a line's end or the buffer's; no NUL comes out. */
	kbpf_trace_clear();
	kbpf_trace_emit("a", 1);
	kbpf_trace_emit("b\n", 2);
	n = kbpf_trace_consume(msg, sizeof(msg) - 1);
	KUNIT_EXPECT_EQ(test, n, 2 * strlen(prefix) + 4);
	msg[n] = '\0';
	KUNIT_EXPECT_EQ(test, strlen(msg), n);
	KUNIT_EXPECT_NOT_NULL(test, strstr(msg, "] a\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(msg, "] b\n"));
	KUNIT_EXPECT_EQ(test, kbpf_trace_consume(msg, sizeof(msg)), 0);
}

#define KT_TRACE_DIR	"/sys/kernel/debug/kbpf/"

struct kt_reader {
	struct file *file;
	char buf[64];
	ssize_t ret;
	struct completion done;
};

static int kt_reader_fn(void *data)
{
	struct kt_reader *r = data;

	allow_signal(SIGKILL);
	r->ret = kernel_read(r->file, r->buf, sizeof(r->buf) - 1, NULL);
	flush_signals(current);
	complete(&r->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

/* trace_pipe: -EAGAIN when empty and O_NONBLOCK, poll, blocking reads. */
static void kbpf_printf_trace_pipe_test(struct kunit *test)
{
	struct kt_reader *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct task_struct *task;
	struct file *file;
	char buf[64];
	bool woken;

	KUNIT_ASSERT_NOT_NULL(test, r);
	file = filp_open(KT_TRACE_DIR "trace_pipe", O_RDONLY | O_NONBLOCK, 0);
	if (IS_ERR(file))
		kunit_skip(test, "no debugfs at /sys/kernel/debug");
	kbpf_trace_clear();
	KUNIT_EXPECT_EQ(test, kernel_read(file, buf, sizeof(buf), NULL),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, vfs_poll(file, NULL) & EPOLLIN, 0);
	kbpf_trace_emit("ping", 4);
	KUNIT_EXPECT_EQ(test, vfs_poll(file, NULL) & (EPOLLIN | EPOLLRDNORM),
			EPOLLIN | EPOLLRDNORM);
	memset(buf, 0, sizeof(buf));
	KUNIT_EXPECT_GT(test, kernel_read(file, buf, sizeof(buf) - 1, NULL),
			0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "] ping\n"));
	KUNIT_EXPECT_EQ(test, kernel_read(file, buf, sizeof(buf), NULL),
			-EAGAIN);
	fput(file);

	/* A blocked reader is woken by a line, through the irq_work. */
	r->file = filp_open(KT_TRACE_DIR "trace_pipe", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r->file));
	init_completion(&r->done);
	task = kthread_run(kt_reader_fn, r, "kbpf_kt_reader");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	msleep(200);
	KUNIT_EXPECT_FALSE(test, completion_done(&r->done));
	kbpf_trace_emit("wake", 4);
	woken = wait_for_completion_timeout(&r->done, 10 * HZ);
	if (!woken) {
		send_sig(SIGKILL, task, 1);
		wait_for_completion(&r->done);
	}
	kthread_stop(task);
	fput(r->file);
	KUNIT_EXPECT_TRUE(test, woken);
	KUNIT_EXPECT_GT(test, r->ret, 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(r->buf, "] wake\n"));
}

/* trace: a snapshot left in place; opening it with O_TRUNC empties it. */
static void kbpf_printf_trace_file_test(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct file *file;
	loff_t pos = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	kbpf_trace_clear();
	kbpf_trace_emit("kept", 4);
	file = filp_open(KT_TRACE_DIR "trace", O_RDONLY, 0);
	if (IS_ERR(file))
		kunit_skip(test, "no debugfs at /sys/kernel/debug");
	KUNIT_EXPECT_GT(test, kernel_read(file, buf, 255, &pos), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "] kept\n"));
	KUNIT_EXPECT_EQ(test, kernel_read(file, buf, 255, &pos), 0);
	fput(file);
	/* Still there. */
	KUNIT_EXPECT_NOT_NULL(test, strstr(kt_snapshot(test), "] kept\n"));

	file = filp_open(KT_TRACE_DIR "trace", O_WRONLY | O_TRUNC, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(file));
	pos = 0;
	KUNIT_EXPECT_EQ(test, kernel_write(file, "\n", 1, &pos), 1);
	fput(file);
	KUNIT_EXPECT_STREQ(test, kt_snapshot(test), "");
}

static struct kunit_case kbpf_printf_cases[] = {
	KUNIT_CASE(kbpf_printf_int_test),
	KUNIT_CASE(kbpf_printf_char_test),
	KUNIT_CASE(kbpf_printf_str_test),
	KUNIT_CASE(kbpf_printf_user_str_test),
	KUNIT_CASE(kbpf_printf_ptr_test),
	KUNIT_CASE(kbpf_printf_ip_test),
	KUNIT_CASE(kbpf_printf_text_test),
	KUNIT_CASE(kbpf_printf_reject_test),
	KUNIT_CASE(kbpf_printf_budget_test),
	KUNIT_CASE(kbpf_printf_truncate_test),
	KUNIT_CASE(kbpf_printf_nest_test),
	KUNIT_CASE(kbpf_printf_snprintf_test),
	KUNIT_CASE(kbpf_printf_trace_printk_test),
	KUNIT_CASE(kbpf_printf_trace_wrap_test),
	KUNIT_CASE(kbpf_printf_trace_pipe_test),
	KUNIT_CASE(kbpf_printf_trace_file_test),
	{}
};

static struct kunit_suite kbpf_printf_suite = {
	.name = "kbpf_printf",
	.test_cases = kbpf_printf_cases,
};

kunit_test_suite(kbpf_printf_suite);
