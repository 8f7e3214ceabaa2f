// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the raw tracepoint probes (kmod/link/raw_tp_probe.c), each
 * called as its tracepoint would call it, for every argument count from
 * 0 to 12. The link's program copies all 12 ctx slots out: the first n
 * are the arguments kept to their widths (zero-extended, never
 * sign-extended), the rest zero, whatever a longer run on the same stack
 * left there. The selftests reach only the counts of the tracepoints
 * they can fire (test_link_raw_tp*.c).
 */

#include <kunit/test.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../kmod/link/raw_tp.h"
#include "../kmod/prog/prog.h"
#include "../kmod/prog/stats.h"
#include "../tools/include/kbpf/insn.h"

/* What the program saw: its ctx's 12 slots. */
static u64 krp_seen[KBPF_TP_MAX_ARGS];

/* What the tracepoint passes: all bits set above each argument's width. */
static const u64 krp_in[KBPF_TP_MAX_ARGS] = {
	0xfffffffffffffff1ULL, 0xfffffffffffffff2ULL, 0xfffffffffffffff3ULL,
	0xfffffffffffffff4ULL, 0xfffffffffffffff5ULL, 0xfffffffffffffff6ULL,
	0xfffffffffffffff7ULL, 0xfffffffffffffff8ULL, 0xfffffffffffffff9ULL,
	0xfffffffffffffffaULL, 0xfffffffffffffffbULL, 0xfffffffffffffffcULL,
};

/* The widths of the arguments, every one of them at each count. */
static const u8 krp_size[KBPF_TP_MAX_ARGS] = { 1, 2, 4, 8, 8, 4, 2, 1,
					       4, 1, 8, 2 };

/* r2 = krp_seen; krp_seen[i] = ctx[i] for all 12; return 0. */
static struct kbpf_prog *krp_copy_prog(struct kunit *test)
{
	const u32 len = 2 + 2 * KBPF_TP_MAX_ARGS + 2;
	u64 seen = (unsigned long)krp_seen;
	struct kbpf_prog *prog;
	u32 i, n = 0;

	prog = kunit_kzalloc(test, struct_size(prog, insns, len), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prog);
	prog->insns[n++] = (struct kbpf_insn)KBPF_LD_IMM64_1(2, 0, seen);
	prog->insns[n++] = (struct kbpf_insn)KBPF_LD_IMM64_2(seen);
	for (i = 0; i < KBPF_TP_MAX_ARGS; i++) {
		prog->insns[n++] = (struct kbpf_insn)
			KBPF_LDX_MEM(KBPF_DW, 3, 1, i * 8);
		prog->insns[n++] = (struct kbpf_insn)
			KBPF_STX_MEM(KBPF_DW, 2, 3, i * 8);
	}
	prog->insns[n++] = (struct kbpf_insn)KBPF_MOV64_IMM(0, 0);
	prog->insns[n++] = (struct kbpf_insn)KBPF_EXIT_INSN();
	prog->len = n;
	prog->stats = alloc_percpu(struct kbpf_prog_stats);
	KUNIT_ASSERT_NOT_NULL(test, prog->stats);
	return prog;
}

/* The probe for @n arguments, called with the first @n of krp_in. */
static void krp_fire(struct kbpf_raw_tp_link *rl, u32 n)
{
	void *p = kbpf_raw_tp_probes[n];
	const u64 *a = krp_in;

	switch (n) {
	case 0:
		((void (*)(void *))p)(rl);
		break;
	case 1:
		((void (*)(void *, u64))p)(rl, a[0]);
		break;
	case 2:
		((void (*)(void *, u64, u64))p)(rl, a[0], a[1]);
		break;
	case 3:
		((void (*)(void *, u64, u64, u64))p)(rl, a[0], a[1], a[2]);
		break;
	case 4:
		((void (*)(void *, u64, u64, u64, u64))p)(rl, a[0], a[1], a[2],
							   a[3]);
		break;
	case 5:
		((void (*)(void *, u64, u64, u64, u64, u64))p)
			(rl, a[0], a[1], a[2], a[3], a[4]);
		break;
	case 6:
		((void (*)(void *, u64, u64, u64, u64, u64, u64))p)
			(rl, a[0], a[1], a[2], a[3], a[4], a[5]);
		break;
	case 7:
		((void (*)(void *, u64, u64, u64, u64, u64, u64, u64))p)
			(rl, a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
		break;
	case 8:
		((void (*)(void *, u64, u64, u64, u64, u64, u64, u64, u64))p)
			(rl, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
		break;
	case 9:
		((void (*)(void *, u64, u64, u64, u64, u64, u64, u64, u64,
			   u64))p)
			(rl, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7],
			 a[8]);
		break;
	case 10:
		((void (*)(void *, u64, u64, u64, u64, u64, u64, u64, u64,
			   u64, u64))p)
			(rl, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7],
			 a[8], a[9]);
		break;
	case 11:
		((void (*)(void *, u64, u64, u64, u64, u64, u64, u64, u64,
			   u64, u64, u64))p)
			(rl, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7],
			 a[8], a[9], a[10]);
		break;
	case 12:
		((void (*)(void *, u64, u64, u64, u64, u64, u64, u64, u64,
			   u64, u64, u64, u64))p)
			(rl, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7],
			 a[8], a[9], a[10], a[11]);
		break;
	}
}

/*
 * From 12 arguments down to none, each count after a longer one: the
 * slots hold each argument's own bytes, then zeros.
 */
static void kbpf_raw_tp_probe_slots_test(struct kunit *test)
{
	struct kbpf_raw_tp_link *rl;
	struct kbpf_prog *prog;
	u32 n, k;
	u64 want;

#ifdef KBPF_INTERP_CHECKED
	kunit_skip(test, "the checked oracle stops unverified stores");
#endif
	prog = krp_copy_prog(test);
	rl = kunit_kzalloc(test, sizeof(*rl), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rl);
	rl->link.prog = prog;
	memcpy(rl->args.size, krp_size, sizeof(krp_size));
	for (n = KBPF_TP_MAX_ARGS + 1; n-- > 0;) {
		rl->args.nr = n;
		memset(krp_seen, 0xa5, sizeof(krp_seen));
		preempt_disable();
		krp_fire(rl, n);
		preempt_enable();
		for (k = 0; k < KBPF_TP_MAX_ARGS; k++) {
			want = k < n ? krp_in[k] &
			       (U64_MAX >> (64 - 8 * krp_size[k])) : 0;
			KUNIT_EXPECT_EQ_MSG(test, krp_seen[k], want,
					    "%u arguments, slot %u", n, k);
		}
	}
	free_percpu(prog->stats);
}

static struct kunit_case kbpf_raw_tp_probe_test_cases[] = {
	KUNIT_CASE(kbpf_raw_tp_probe_slots_test),
	{}
};

static struct kunit_suite kbpf_raw_tp_probe_suite = {
	.name = "kbpf_raw_tp_probe",
	.test_cases = kbpf_raw_tp_probe_test_cases,
};

kunit_test_suite(kbpf_raw_tp_probe_suite);
