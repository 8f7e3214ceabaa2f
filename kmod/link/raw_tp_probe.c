// SPDX-License-Identifier: GPL-2.0
/*
 * The probes of raw tracepoint links. A tracepoint calls its probes with
 * its own prototype, (void *data, args...); each probe here takes data
 * and n u64s, one per argument of a tracepoint with n of them, so none
 * reads a parameter it was not passed. On x86-64 each argument of 8
 * bytes or less arrives in its own register or stack slot, its value in
 * the low bytes and the rest undefined: the run keeps only the
 * argument's own bytes (tp_btf.c says how many), which is what Linux's
 * __CAST_TO_U64() hands a program: zero-extended, whatever the sign.
 */

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/limits.h>

#include "../compat.h"
#include "../prog/prog.h"
#include "../prog/run.h"
#include "raw_tp.h"

/* From the tracepoint, preemption off: @args holds all the slots. */
static noinline void kbpf_raw_tp_exec(struct kbpf_raw_tp_link *rl,
				      const u64 *args)
{
	const struct kbpf_attach_ctx attach = { .cookie = rl->cookie };
	struct kbpf_prog *prog = rl->link.prog;

	if (likely(kbpf_prog_enter_guard(prog)))
		kbpf_prog_run_pinned(prog, args, &attach);
	kbpf_prog_exit_guard(prog);
}

/*
 * Slot @k of a probe passed @n arguments @in, kept to the argument's
 * bytes: 1, 2, 4 or 8 (tp_btf.c), so the shift is 0 to 56, and no
 * branch (a TB of its own under TCG) is taken per argument.
 */
static __always_inline u64 kbpf_raw_tp_slot(const struct kbpf_raw_tp_link *rl,
					    const u64 *in, u32 n, u32 k)
{
	if (k >= n)
		return 0;
	return in[k] & (U64_MAX >> (64 - 8 * rl->args.size[k]));
}

/*
 * From the probe of @n arguments, which is registered for links with
 * args.nr @n: the slots past the arguments are zero, as a program
 * reached by tail call may read all KBPF_TP_MAX_ARGS of them. Inlined
 * into each probe with @n a constant, so the slots are straight-line
 * stores: an initializer's zeroing, or a loop, would become a rep stos
 * or a backward jump per slot, each slow under emulation (TCG).
 */
static __always_inline void kbpf_raw_tp_run(struct kbpf_raw_tp_link *rl,
					    const u64 *in, u32 n)
{
	u64 args[KBPF_TP_MAX_ARGS] = {
		kbpf_raw_tp_slot(rl, in, n, 0), kbpf_raw_tp_slot(rl, in, n, 1),
		kbpf_raw_tp_slot(rl, in, n, 2), kbpf_raw_tp_slot(rl, in, n, 3),
		kbpf_raw_tp_slot(rl, in, n, 4), kbpf_raw_tp_slot(rl, in, n, 5),
		kbpf_raw_tp_slot(rl, in, n, 6), kbpf_raw_tp_slot(rl, in, n, 7),
		kbpf_raw_tp_slot(rl, in, n, 8), kbpf_raw_tp_slot(rl, in, n, 9),
		kbpf_raw_tp_slot(rl, in, n, 10), kbpf_raw_tp_slot(rl, in, n, 11),
	};

	BUILD_BUG_ON(KBPF_TP_MAX_ARGS != 12);
	kbpf_raw_tp_exec(rl, args);
}

static notrace void kbpf_raw_tp_probe0(void *data)
{
	kbpf_raw_tp_run(data, NULL, 0);
}

#define KBPF_RAW_TP_RUN(data, ...)					\
	do {								\
		const u64 in[] = { __VA_ARGS__ };			\
									\
		kbpf_raw_tp_run(data, in, ARRAY_SIZE(in));		\
	} while (0)

static notrace void kbpf_raw_tp_probe1(void *data, u64 a1)
{
	KBPF_RAW_TP_RUN(data, a1);
}

static notrace void kbpf_raw_tp_probe2(void *data, u64 a1, u64 a2)
{
	KBPF_RAW_TP_RUN(data, a1, a2);
}

static notrace void kbpf_raw_tp_probe3(void *data, u64 a1, u64 a2, u64 a3)
{
	KBPF_RAW_TP_RUN(data, a1, a2, a3);
}

static notrace void kbpf_raw_tp_probe4(void *data, u64 a1, u64 a2, u64 a3,
				       u64 a4)
{
	KBPF_RAW_TP_RUN(data, a1, a2, a3, a4);
}

static notrace void kbpf_raw_tp_probe5(void *data, u64 a1, u64 a2, u64 a3,
				       u64 a4, u64 a5)
{
	KBPF_RAW_TP_RUN(data, a1, a2, a3, a4, a5);
}

static notrace void kbpf_raw_tp_probe6(void *data, u64 a1, u64 a2, u64 a3,
				       u64 a4, u64 a5, u64 a6)
{
	KBPF_RAW_TP_RUN(data, a1, a2, a3, a4, a5, a6);
}

static notrace void kbpf_raw_tp_probe7(void *data, u64 a1, u64 a2, u64 a3,
				       u64 a4, u64 a5, u64 a6, u64 a7)
{
	KBPF_RAW_TP_RUN(data, a1, a2, a3, a4, a5, a6, a7);
}

static notrace void kbpf_raw_tp_probe8(void *data, u64 a1, u64 a2, u64 a3,
				       u64 a4, u64 a5, u64 a6, u64 a7, u64 a8)
{
	KBPF_RAW_TP_RUN(data, a1, a2, a3, a4, a5, a6, a7, a8);
}

static notrace void kbpf_raw_tp_probe9(void *data, u64 a1, u64 a2, u64 a3,
				       u64 a4, u64 a5, u64 a6, u64 a7, u64 a8,
				       u64 a9)
{
	KBPF_RAW_TP_RUN(data, a1, a2, a3, a4, a5, a6, a7, a8, a9);
}

static notrace void kbpf_raw_tp_probe10(void *data, u64 a1, u64 a2, u64 a3,
					u64 a4, u64 a5, u64 a6, u64 a7, u64 a8,
					u64 a9, u64 a10)
{
	KBPF_RAW_TP_RUN(data, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10);
}

static notrace void kbpf_raw_tp_probe11(void *data, u64 a1, u64 a2, u64 a3,
					u64 a4, u64 a5, u64 a6, u64 a7, u64 a8,
					u64 a9, u64 a10, u64 a11)
{
	KBPF_RAW_TP_RUN(data, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
}

static notrace void kbpf_raw_tp_probe12(void *data, u64 a1, u64 a2, u64 a3,
					u64 a4, u64 a5, u64 a6, u64 a7, u64 a8,
					u64 a9, u64 a10, u64 a11, u64 a12)
{
	KBPF_RAW_TP_RUN(data, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12);
}

void * const kbpf_raw_tp_probes[KBPF_TP_MAX_ARGS + 1] = {
	kbpf_raw_tp_probe0, kbpf_raw_tp_probe1, kbpf_raw_tp_probe2,
	kbpf_raw_tp_probe3, kbpf_raw_tp_probe4, kbpf_raw_tp_probe5,
	kbpf_raw_tp_probe6, kbpf_raw_tp_probe7, kbpf_raw_tp_probe8,
	kbpf_raw_tp_probe9, kbpf_raw_tp_probe10, kbpf_raw_tp_probe11,
	kbpf_raw_tp_probe12,
};
EXPORT_SYMBOL_IF_KUNIT(kbpf_raw_tp_probes);
