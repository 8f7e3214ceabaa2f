// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the interpreter's use of the kernel stack. The frames of a run
 * share one KBPF_STACK_SIZE-byte BPF stack, each sized by its program's
 * frame table, so eight frames cost the kernel stack their registers, not
 * eight times 512 bytes; a chain that would not fit stops the run.
 */

#include <kunit/test.h>
#include <linux/overflow.h>
#include <linux/sched/task_stack.h>

#include "../kmod/prog/interp.h"
#include "../tools/include/kbpf/insn.h"

enum {
	KT_SP_HELPER = 1,	/* notes the kernel stack pointer, returns 0 */
	KT_SP_HELPER_CNT,
};

/* The lowest stack pointer a helper of the current test saw. */
static unsigned long kt_sp_low;

static u64 kt_helper_sp(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	unsigned long sp = current_stack_pointer;

	if (sp < kt_sp_low)
		kt_sp_low = sp;
	return 0;
}

static const kbpf_helper_fn kt_sp_helpers[KT_SP_HELPER_CNT] = {
	[KT_SP_HELPER] = kt_helper_sp,
};

/* Each subprogram: touch the bottom of its frame, call the next, exit. */
#define KT_SUB_INSNS	4
#define KT_CHAIN	KBPF_MAX_CALL_FRAMES

/*
 * A program of @n subprograms, each @frame bytes deep, the last calling
 * the helper and returning 1; its frame table says so.
 */
static struct kbpf_prog *kt_chain_prog_n(struct kunit *test, u32 n, u32 frame)
{
	u32 len = n * KT_SUB_INSNS, i;
	struct kbpf_prog *prog;
	struct kbpf_insn *in;
	bool last;

	prog = kunit_kzalloc(test, struct_size(prog, insns, len), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prog);
	prog->frames = kunit_kcalloc(test, n, sizeof(*prog->frames),
				     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prog->frames);
	prog->len = len;
	prog->frame_cnt = n;
	for (i = 0; i < n; i++) {
		in = &prog->insns[i * KT_SUB_INSNS];
		last = i + 1 == n;
		prog->frames[i].start = i * KT_SUB_INSNS;
		prog->frames[i].size = frame;
		in[0] = (struct kbpf_insn)KBPF_ST_MEM(KBPF_DW, 10, -(s16)frame,
						      1);
		/* A loaded call carries its callee's frame size in off. */
		in[1] = last ? (struct kbpf_insn)KBPF_CALL_HELPER(KT_SP_HELPER) :
			       (struct kbpf_insn)KBPF_RAW_INSN(KBPF_JMP | KBPF_CALL,
							       0, KBPF_PSEUDO_CALL,
							       frame, 2);
		in[2] = last ? (struct kbpf_insn)KBPF_MOV64_IMM(0, 1) :
			       (struct kbpf_insn)KBPF_MOV64_REG(0, 0);
		in[3] = (struct kbpf_insn)KBPF_EXIT_INSN();
	}
	return prog;
}

static struct kbpf_prog *kt_chain_prog(struct kunit *test, u32 frame)
{
	return kt_chain_prog_n(test, KT_CHAIN, frame);
}

static u64 kt_chain_run(const struct kbpf_prog *prog)
{
	const struct kbpf_interp_env env = {
		.helpers = kt_sp_helpers,
		.helper_cnt = KT_SP_HELPER_CNT,
		.prog = prog,
	};

	return kbpf_interp_run_env(prog->insns, NULL, &env);
}

/* The kernel stack a run of @prog takes below the caller's. */
static unsigned long kt_chain_kernel_use(struct kunit *test,
					 const struct kbpf_prog *prog)
{
	unsigned long top = current_stack_pointer;

	kt_sp_low = top;
	KUNIT_EXPECT_EQ(test, kt_chain_run(prog), 1);
	KUNIT_EXPECT_LT(test, kt_sp_low, top);
	return top - kt_sp_low;
}

/*
 * Eight frames of 64 bytes fill the BPF stack and run. Each frame past
 * the first costs the kernel stack less than a BPF stack: the frames
 * share the run's (with a 512-byte stack per frame, more).
 */
static void kbpf_interp_stack_kernel_use_test(struct kunit *test)
{
	u32 frame = KBPF_STACK_SIZE / KT_CHAIN;
	unsigned long one, all;

	one = kt_chain_kernel_use(test, kt_chain_prog_n(test, 1, frame));
	all = kt_chain_kernel_use(test, kt_chain_prog(test, frame));
	kunit_info(test, "kernel stack: 1 frame %lu bytes, %u frames %lu bytes (THREAD_SIZE %lu)\n",
		   one, KT_CHAIN, all, THREAD_SIZE);
	KUNIT_EXPECT_LT(test, all - one,
			(unsigned long)(KT_CHAIN - 1) * KBPF_STACK_SIZE);
}

/* Frames whose sizes add up past the BPF stack stop the run. */
static void kbpf_interp_stack_overflow_stops_test(struct kunit *test)
{
	struct kbpf_prog *prog = kt_chain_prog(test, 2 * KBPF_STACK_SIZE /
						     KT_CHAIN);

	kt_sp_low = ULONG_MAX;
	KUNIT_EXPECT_EQ(test, kt_chain_run(prog), 0);
	/* The helper in the last frame never ran. */
	KUNIT_EXPECT_EQ(test, kt_sp_low, ULONG_MAX);
	/* One frame of the whole stack fits; the first call does not. */
	prog = kt_chain_prog(test, KBPF_STACK_SIZE);
	KUNIT_EXPECT_EQ(test, kt_chain_run(prog), 0);
	KUNIT_EXPECT_EQ(test, kt_sp_low, ULONG_MAX);
}

/* An entry no frame of the table starts (here the main one) stops the run. */
static void kbpf_interp_stack_unknown_entry_test(struct kunit *test)
{
	struct kbpf_prog *prog = kt_chain_prog(test, 16);

	prog->frames[0].start++;
	kt_sp_low = ULONG_MAX;
	KUNIT_EXPECT_EQ(test, kt_chain_run(prog), 0);
	KUNIT_EXPECT_EQ(test, kt_sp_low, ULONG_MAX);
	prog->frames[0].start--;
	KUNIT_EXPECT_EQ(test, kt_chain_run(prog), 1);
	KUNIT_EXPECT_NE(test, kt_sp_low, ULONG_MAX);
}

static struct kunit_case kbpf_interp_stack_cases[] = {
	KUNIT_CASE(kbpf_interp_stack_kernel_use_test),
	KUNIT_CASE(kbpf_interp_stack_overflow_stops_test),
	KUNIT_CASE(kbpf_interp_stack_unknown_entry_test),
	{}
};

static struct kunit_suite kbpf_interp_stack_suite = {
	.name = "kbpf_interp_stack",
	.test_cases = kbpf_interp_stack_cases,
};

kunit_test_suite(kbpf_interp_stack_suite);
