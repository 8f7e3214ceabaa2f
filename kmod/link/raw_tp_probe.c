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
#include <linux/compiler.h>

#include "../prog/prog.h"
#include "../prog/run.h"
#include "raw_tp.h"

/*
 * From the tracepoint, preemption off. Slots past the argument count
 * are zero: a program reached by tail call may read all
 * KBPF_TP_MAX_ARGS of them.
 */
static void kbpf_raw_tp_run(struct kbpf_raw_tp_link *rl, u64 *args)
{
	const struct kbpf_attach_ctx attach = { .cookie = rl->cookie };
	struct kbpf_prog *prog = rl->link.prog;
	u32 i;

	for (i = 0; i < rl->args.nr; i++)
		if (rl->args.size[i] < sizeof(u64))
			args[i] &= BIT_ULL(rl->args.size[i] * 8) - 1;
	if (likely(kbpf_prog_enter_guard(prog)))
		kbpf_prog_run_attached(prog, args, &attach);
	kbpf_prog_exit_guard(prog);
}

static notrace void kbpf_raw_tp_probe0(void *data)
{
	u64 args[KBPF_TP_MAX_ARGS] = { 0 };

	kbpf_raw_tp_run(data, args);
}

static notrace void kbpf_raw_tp_probe1(void *data, u64 a1)
{
	u64 args[KBPF_TP_MAX_ARGS] = { a1 };

	kbpf_raw_tp_run(data, args);
}

static notrace void kbpf_raw_tp_probe2(void *data, u64 a1, u64 a2)
{
	u64 args[KBPF_TP_MAX_ARGS] = { a1, a2 };

	kbpf_raw_tp_run(data, args);
}

static notrace void kbpf_raw_tp_probe3(void *data, u64 a1, u64 a2, u64 a3)
{
	u64 args[KBPF_TP_MAX_ARGS] = { a1, a2, a3 };

	kbpf_raw_tp_run(data, args);
}

static notrace void kbpf_raw_tp_probe4(void *data, u64 a1, u64 a2, u64 a3,
				       u64 a4)
{
	u64 args[KBPF_TP_MAX_ARGS] = { a1, a2, a3, a4 };

	kbpf_raw_tp_run(data, args);
}

static notrace void kbpf_raw_tp_probe5(void *data, u64 a1, u64 a2, u64 a3,
				       u64 a4, u64 a5)
{
	u64 args[KBPF_TP_MAX_ARGS] = { a1, a2, a3, a4, a5 };

	kbpf_raw_tp_run(data, args);
}

static notrace void kbpf_raw_tp_probe6(void *data, u64 a1, u64 a2, u64 a3,
				       u64 a4, u64 a5, u64 a6)
{
	u64 args[KBPF_TP_MAX_ARGS] = { a1, a2, a3, a4, a5, a6 };

	kbpf_raw_tp_run(data, args);
}

static notrace void kbpf_raw_tp_probe7(void *data, u64 a1, u64 a2, u64 a3,
				       u64 a4, u64 a5, u64 a6, u64 a7)
{
	u64 args[KBPF_TP_MAX_ARGS] = { a1, a2, a3, a4, a5, a6, a7 };

	kbpf_raw_tp_run(data, args);
}

static notrace void kbpf_raw_tp_probe8(void *data, u64 a1, u64 a2, u64 a3,
				       u64 a4, u64 a5, u64 a6, u64 a7, u64 a8)
{
	u64 args[KBPF_TP_MAX_ARGS] = { a1, a2, a3, a4, a5, a6, a7, a8 };

	kbpf_raw_tp_run(data, args);
}

static notrace void kbpf_raw_tp_probe9(void *data, u64 a1, u64 a2, u64 a3,
				       u64 a4, u64 a5, u64 a6, u64 a7, u64 a8,
				       u64 a9)
{
	u64 args[KBPF_TP_MAX_ARGS] = { a1, a2, a3, a4, a5, a6, a7, a8, a9 };

	kbpf_raw_tp_run(data, args);
}

static notrace void kbpf_raw_tp_probe10(void *data, u64 a1, u64 a2, u64 a3,
					u64 a4, u64 a5, u64 a6, u64 a7, u64 a8,
					u64 a9, u64 a10)
{
	u64 args[KBPF_TP_MAX_ARGS] = { a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 };

	kbpf_raw_tp_run(data, args);
}

static notrace void kbpf_raw_tp_probe11(void *data, u64 a1, u64 a2, u64 a3,
					u64 a4, u64 a5, u64 a6, u64 a7, u64 a8,
					u64 a9, u64 a10, u64 a11)
{
	u64 args[KBPF_TP_MAX_ARGS] = { a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11 };

	kbpf_raw_tp_run(data, args);
}

static notrace void kbpf_raw_tp_probe12(void *data, u64 a1, u64 a2, u64 a3,
					u64 a4, u64 a5, u64 a6, u64 a7, u64 a8,
					u64 a9, u64 a10, u64 a11, u64 a12)
{
	u64 args[KBPF_TP_MAX_ARGS] = { a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12 };

	kbpf_raw_tp_run(data, args);
}

void * const kbpf_raw_tp_probes[KBPF_TP_MAX_ARGS + 1] = {
	kbpf_raw_tp_probe0, kbpf_raw_tp_probe1, kbpf_raw_tp_probe2,
	kbpf_raw_tp_probe3, kbpf_raw_tp_probe4, kbpf_raw_tp_probe5,
	kbpf_raw_tp_probe6, kbpf_raw_tp_probe7, kbpf_raw_tp_probe8,
	kbpf_raw_tp_probe9, kbpf_raw_tp_probe10, kbpf_raw_tp_probe11,
	kbpf_raw_tp_probe12,
};
