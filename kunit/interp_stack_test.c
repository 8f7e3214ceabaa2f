// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the interpreter's use of the kernel stack. The frames of a run
 * share one KBPF_STACK_SIZE-byte BPF stack, each sized by its program's
 * frame table, so eight frames cost the kernel stack their registers, not
 * eight times 512 bytes; a chain of calls that would not fit stops the
 * run, a callback that would not fit runs on a stack of its own.
 */

#include <kunit/test.h>
#include <linux/overflow.h>
#include <linux/sched/task_stack.h>
#include <linux/string.h>

#include "../kmod/map/map.h"
#include "../kmod/prog/interp.h"
#include "../tools/include/kbpf/insn.h"

enum {
	KT_SP_HELPER = 1,	/* notes the kernel stack pointer, returns 0 */
	KT_CB_HELPER,		/* calls back at r1-r3 (0: the last one) */
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

/* The last callback entry KT_CB_HELPER was given. */
static const struct kbpf_insn *kt_cb_last;

/* The sum of the callbacks at each non-zero of r1-r3, in order. */
static u64 kt_helper_cb(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	u64 entries[] = { r1, r2, r3 }, sum = 0;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(entries); i++) {
		if (entries[i])
			kt_cb_last = (void *)(unsigned long)entries[i];
		sum += kbpf_interp_call(kt_cb_last, 0, 0, 0, 0, 0);
	}
	return sum;
}

static const kbpf_helper_fn kt_sp_helpers[KT_SP_HELPER_CNT] = {
	[KT_SP_HELPER] = kt_helper_sp,
	[KT_CB_HELPER] = kt_helper_cb,
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

/* A program of @len insns whose frame table has @n frames from @frames. */
static struct kbpf_prog *kt_table_prog(struct kunit *test,
				       const struct kbpf_insn *insns, u32 len,
				       const struct kbpf_prog_frame *frames,
				       u32 n)
{
	struct kbpf_prog *prog;

	prog = kunit_kzalloc(test, struct_size(prog, insns, len), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prog);
	prog->frames = kunit_kcalloc(test, n, sizeof(*frames), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prog->frames);
	memcpy(prog->frames, frames, n * sizeof(*frames));
	memcpy(prog->insns, insns, len * sizeof(*insns));
	prog->len = len;
	prog->frame_cnt = n;
	return prog;
}

static void kt_set_entry(struct kbpf_insn *ld, const struct kbpf_insn *entry)
{
	u64 v = (unsigned long)entry;

	ld[0].imm = (u32)v;
	ld[1].imm = v >> 32;
}

#define KT_CB_A	8
#define KT_CB_B	11

/*
 * The helper gets r1-r3 as the program loads them: entry A (its frame of
 * 448 bytes fits below the main frame's 64), entry B (456 bytes: does
 * not fit, runs on a stack of its own), or 0 (the previous entry again). @cbs names them: "A", "B"
 * or "." each. Returns the run's r0.
 */
static u64 kt_cb_run(struct kunit *test, const char *cbs)
{
	static const struct kbpf_prog_frame frames[] = {
		{ .start = 0, .size = 64 },
		{ .start = KT_CB_A, .size = KBPF_STACK_SIZE - 64 },
		{ .start = KT_CB_B, .size = KBPF_STACK_SIZE - 56 },
	};
	const struct kbpf_insn insns[] = {
		KBPF_LD_IMM64_1(1, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_LD_IMM64_1(3, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_CALL_HELPER(KT_CB_HELPER),
		KBPF_EXIT_INSN(),
		/* A: touches the bottom of its frame, returns 1 */
		KBPF_ST_MEM(KBPF_DW, 10, -(KBPF_STACK_SIZE - 64), 1),
		KBPF_MOV64_IMM(0, 1),
		KBPF_EXIT_INSN(),
		/* B: the same, returns 100 */
		KBPF_ST_MEM(KBPF_DW, 10, -(KBPF_STACK_SIZE - 56), 1),
		KBPF_MOV64_IMM(0, 100),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_prog *prog = kt_table_prog(test, insns, ARRAY_SIZE(insns),
					       frames, ARRAY_SIZE(frames));
	const struct kbpf_interp_env env = {
		.helpers = kt_sp_helpers,
		.helper_cnt = KT_SP_HELPER_CNT,
		.prog = prog,
	};
	u32 i;

	for (i = 0; i < 3; i++)
		kt_set_entry(&prog->insns[2 * i],
			     cbs[i] == 'A' ? &prog->insns[KT_CB_A] :
			     cbs[i] == 'B' ? &prog->insns[KT_CB_B] : NULL);
	kt_cb_last = NULL;
	return kbpf_interp_run_env(prog->insns, NULL, &env);
}

/*
 * A helper calling back at the same entry gets the same frame each time;
 * an entry whose frame does not fit below the live ones (a callback
 * pointer handed down, which Linux runs) gets a stack of its own,
 * whatever came before, and a run starts with nothing recorded from the
 * one before.
 */
static void kbpf_interp_stack_callback_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, kt_cb_run(test, "A.."), 3);
	KUNIT_EXPECT_EQ(test, kt_cb_run(test, "AAB"), 102);
	KUNIT_EXPECT_EQ(test, kt_cb_run(test, "ABA"), 102);
	KUNIT_EXPECT_EQ(test, kt_cb_run(test, "B.."), 300);
	KUNIT_EXPECT_EQ(test, kt_cb_run(test, "A.."), 3);
}

/*
 * A callback whose frame fits below the live ones (64 + 400 bytes) but
 * whose call of a subprogram (64 more) would not: with @below as the
 * frame table says it (what the verifier records), the callback gets a
 * stack of its own and the call runs (three calls of 1 + 5: 18); with 0, the
 * frame alone decides, the call does not fit and the run stops (0).
 */
static u64 kt_cb_below_run(struct kunit *test, u32 below)
{
	const struct kbpf_prog_frame frames[] = {
		{ .start = 0, .size = 64 },
		{ .start = 6, .size = 400, .below = below },
		{ .start = 12, .size = 64 },
	};
	const struct kbpf_insn insns[] = {
		KBPF_LD_IMM64_1(1, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_IMM(2, 0),
		KBPF_MOV64_IMM(3, 0),
		KBPF_CALL_HELPER(KT_CB_HELPER),
		KBPF_EXIT_INSN(),
		/* 6: the callback: 1 + sub() */
		KBPF_ST_MEM(KBPF_DW, 10, -400, 1),
		KBPF_RAW_INSN(KBPF_JMP | KBPF_CALL, 0, KBPF_PSEUDO_CALL, 64,
			      4),
		KBPF_ALU64_IMM(KBPF_ADD, 0, 1),
		KBPF_EXIT_INSN(),
		KBPF_EXIT_INSN(),
		KBPF_EXIT_INSN(),
		/* 12: sub: touches the bottom of its frame, returns 5 */
		KBPF_ST_MEM(KBPF_DW, 10, -64, 1),
		KBPF_MOV64_IMM(0, 5),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_prog *prog = kt_table_prog(test, insns, ARRAY_SIZE(insns),
					       frames, ARRAY_SIZE(frames));
	const struct kbpf_interp_env env = {
		.helpers = kt_sp_helpers,
		.helper_cnt = KT_SP_HELPER_CNT,
		.prog = prog,
	};

	kt_set_entry(&prog->insns[0], &prog->insns[6]);
	kt_cb_last = NULL;
	return kbpf_interp_run_env(prog->insns, NULL, &env);
}

static void kbpf_interp_stack_callback_below_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, kt_cb_below_run(test, 64), 18);
	KUNIT_EXPECT_EQ(test, kt_cb_below_run(test, 0), 0);
}

/* The prog array of the tail call below: its one slot, stubbed. */
static struct kbpf_map kt_cb_array = { .max_entries = 1 };
static struct kbpf_prog *kt_cb_target;

static struct kbpf_prog *kt_cb_array_get(struct kbpf_map *map, u32 index)
{
	return map == &kt_cb_array && !index ? kt_cb_target : NULL;
}

/*
 * After a tail call the frame table is the target's: the entry of the
 * first program's callback, handed to the helper again from the target,
 * starts no frame there and stops the run (it ran before the tail call).
 */
static void kbpf_interp_stack_callback_tail_call_test(struct kunit *test)
{
	static const struct kbpf_prog_frame frames[] = {
		{ .start = 0, .size = 64 },
		{ .start = 9, .size = 64 },
	};
	static const struct kbpf_prog_frame target_frames[] = {
		{ .start = 0, .size = 64 },
	};
	const struct kbpf_insn insns[] = {
		KBPF_LD_IMM64_1(1, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_LD_IMM64_1(3, KBPF_PSEUDO_FUNC, 0), KBPF_LD_IMM64_2(0),
		KBPF_CALL_HELPER(KT_CB_HELPER),
		KBPF_JMP_IMM(KBPF_JEQ, 0, 3, 3),
		KBPF_EXIT_INSN(),
		/* 9: the callback, returns 1 */
		KBPF_MOV64_IMM(0, 1),
		KBPF_EXIT_INSN(),
		/* 11: tail call to the target, which returns 10 + r0 */
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_MAP_FD, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_IMM(3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn target[] = {
		KBPF_MOV64_IMM(1, 0),
		KBPF_MOV64_IMM(2, 0),
		KBPF_MOV64_IMM(3, 0),
		KBPF_CALL_HELPER(KT_CB_HELPER),
		KBPF_ALU64_IMM(KBPF_ADD, 0, 10),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_prog *prog = kt_table_prog(test, insns, ARRAY_SIZE(insns),
					       frames, ARRAY_SIZE(frames));
	const struct kbpf_interp_env env = {
		.helpers = kt_sp_helpers,
		.helper_cnt = KT_SP_HELPER_CNT,
		.prog = prog,
		.prog_array_get = kt_cb_array_get,
	};
	u32 i;

	for (i = 0; i < 3; i++)
		kt_set_entry(&prog->insns[2 * i], &prog->insns[9]);
	kt_set_entry(&prog->insns[11], (void *)&kt_cb_array);
	kt_cb_target = kt_table_prog(test, target, ARRAY_SIZE(target),
				     target_frames, ARRAY_SIZE(target_frames));
	kt_cb_last = NULL;
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(prog->insns, NULL, &env), 0);
	/* Without the tail call the callbacks run: 3. */
	kt_cb_target = NULL;
	kt_cb_last = NULL;
	KUNIT_EXPECT_EQ(test, kbpf_interp_run_env(prog->insns, NULL, &env), 3);
}

static struct kunit_case kbpf_interp_stack_cases[] = {
	KUNIT_CASE(kbpf_interp_stack_kernel_use_test),
	KUNIT_CASE(kbpf_interp_stack_overflow_stops_test),
	KUNIT_CASE(kbpf_interp_stack_unknown_entry_test),
	KUNIT_CASE(kbpf_interp_stack_callback_test),
	KUNIT_CASE(kbpf_interp_stack_callback_below_test),
	KUNIT_CASE(kbpf_interp_stack_callback_tail_call_test),
	{}
};

static struct kunit_suite kbpf_interp_stack_suite = {
	.name = "kbpf_interp_stack",
	.test_cases = kbpf_interp_stack_cases,
};

kunit_test_suite(kbpf_interp_stack_suite);
