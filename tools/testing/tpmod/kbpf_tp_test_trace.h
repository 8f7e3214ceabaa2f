/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test module's tracepoints: twelve arguments (the most a raw
 * tracepoint may have), of every width and sign, the last seven passed on
 * the stack on x86-64; and four of odd types.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM kbpf_tp_test

#if !defined(_KBPF_TP_TEST_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _KBPF_TP_TEST_TRACE_H

#include <linux/tracepoint.h>
#include <linux/types.h>

#ifndef _KBPF_TP_TEST_SIGN
#define _KBPF_TP_TEST_SIGN
/* Read once: the header is read again and again by define_trace.h. */
enum kbpf_tp_test_sign {
	KBPF_TP_TEST_NEG = -6,
	KBPF_TP_TEST_POS = 1,
};

/* An enum of one byte: BTF says so, the register holds more. */
enum kbpf_tp_test_byte {
	KBPF_TP_TEST_BYTE = 0xab,
} __packed;
#endif

TRACE_EVENT(kbpf_tp_test_widths,
	TP_PROTO(s8 a, u8 b, s16 c, u16 d, s32 e, u32 f, s64 g, u64 h, bool i,
		 enum kbpf_tp_test_sign j, void *k, s16 l),
	TP_ARGS(a, b, c, d, e, f, g, h, i, j, k, l),
	TP_STRUCT__entry(
		__field(s8, a)
		__field(u64, h)
		__field(s16, l)
	),
	TP_fast_assign(
		__entry->a = a;
		__entry->h = h;
		__entry->l = l;
	),
	TP_printk("a=%d h=%llu l=%d", __entry->a,
		  (unsigned long long)__entry->h, __entry->l)
);

/*
 * Argument types whose BTF takes more than one step to a width: a
 * pointer to a pointer, a one-byte enum, a pointer to const,
 * a typedef of a typedef of an integer.
 */
TRACE_EVENT(kbpf_tp_test_odd,
	TP_PROTO(void **pp, enum kbpf_tp_test_byte e,
		 const u16 *cp, __kernel_size_t n),
	TP_ARGS(pp, e, cp, n),
	TP_STRUCT__entry(
		__field(unsigned long, n)
	),
	TP_fast_assign(
		__entry->n = n;
	),
	TP_printk("n=%lu", __entry->n)
);

#endif /* _KBPF_TP_TEST_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE kbpf_tp_test_trace
#include <trace/define_trace.h>
