// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: lazy serialization of the JIT arena (kmod/jit/serialize.h) seen
 * from inside the image. The image calls a helper that reads the
 * generation its CPU last serialized after; that must cover the image's
 * own (or a tail call target's) whichever way the CPU came in: a task's
 * run, a tail call into a newer image, a cross-CPU call (interrupts
 * off) on another CPU, and a chunk reused after a free on a CPU that ran the
 * chunk's old code. Under TCG a missed sync_core() runs the right bytes
 * anyway; the generation read from inside the image is what shows it.
 */

#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/smp.h>

#include "../kmod/jit/arena.h"
#include "../kmod/jit/jit.h"
#include "../kmod/jit/serialize.h"
#include "../kmod/map/map.h"
#include "../kmod/prog/interp.h"
#include "../kmod/prog/prog.h"
#include "../tools/include/kbpf/insn.h"
#include "jit_run.h"

enum {
	KJS_HELPER_GEN = 1,	/* the generation this CPU serialized after */
	KJS_HELPER_CNT,
};

static u64 kjs_helper_gen(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return kbpf_jit_cpu_gen_get();
}

/* A one-slot prog array: slot 0 holds kjs_slot. */
static struct kbpf_map kjs_prog_array = { .max_entries = 1 };
static struct kbpf_prog *kjs_slot;

static struct kbpf_prog *kjs_prog_array_get(struct kbpf_map *map, u32 index)
{
	return map == &kjs_prog_array && !index ? kjs_slot : NULL;
}

static const kbpf_helper_fn kjs_helpers[KJS_HELPER_CNT] = {
	[KJS_HELPER_GEN] = kjs_helper_gen,
};

static const struct kbpf_interp_env kjs_env = {
	.helpers = kjs_helpers,
	.helper_cnt = KJS_HELPER_CNT,
	.stack_depth = KBPF_STACK_SIZE,
	.prog_array_get = kjs_prog_array_get,
};

/* r0 = this CPU's serialized generation, read inside the image; + @add. */
#define KJS_GEN_PROG(add) {				\
	KBPF_CALL_HELPER(KJS_HELPER_GEN),		\
	KBPF_ALU64_IMM(KBPF_ADD, 0, (add)),		\
	KBPF_EXIT_INSN(),				\
}

/* False (a failed expectation) if it did not compile: nothing to free. */
static bool kjs_compile(struct kunit *test, const struct kbpf_insn *p,
			u32 len, struct kbpf_jit_image *img)
{
	int err = kbpf_jit_compile(p, len, 0, kjs_helpers, KJS_HELPER_CNT,
				   img);

	KUNIT_EXPECT_EQ(test, err, 0);
	if (err)
		return false;
	KUNIT_EXPECT_GT(test, img->gen, 0);
	return true;
}

/*
 * Moves this CPU's generation back to @gen, truthfully: it first catches
 * up to the current one (a value it may then lower, never raise).
 */
static void kjs_cpu_behind(unsigned long gen)
{
	kbpf_jit_enter_gen(kbpf_jit_gen());
	kbpf_jit_cpu_gen_set(gen);
}

/* A task's run, on a CPU behind the image: caught up before it runs. */
static void kbpf_jit_serialize_inside_test(struct kunit *test)
{
	const struct kbpf_insn p[] = KJS_GEN_PROG(0);
	struct kbpf_jit_image img;
	unsigned long gen;
	u64 r[2];

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	if (!kjs_compile(test, p, ARRAY_SIZE(p), &img))
		return;
	gen = img.gen;
	migrate_disable();
	kjs_cpu_behind(gen - 1);
	r[0] = kbpf_test_run_jited(&img, NULL, &kjs_env);
	r[1] = kbpf_test_run_jited(&img, NULL, &kjs_env);
	migrate_enable();
	kbpf_jit_image_free(&img);

	KUNIT_EXPECT_GE(test, r[0], gen);
	KUNIT_EXPECT_GE(test, r[1], gen);
}

/*
 * A tail call into an image newer than the CPU's generation: the target
 * reads, from inside, a generation that covers its own.
 */
static void kbpf_jit_serialize_tail_inside_test(struct kunit *test)
{
	const struct kbpf_insn caller[] = {
		KBPF_LD_IMM64_1(2, 0, (unsigned long)&kjs_prog_array),
		KBPF_LD_IMM64_2((unsigned long)&kjs_prog_array),
		KBPF_MOV64_IMM(3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn callee[] = KJS_GEN_PROG(0);
	struct kbpf_jit_image a, b;
	struct kbpf_prog *target;
	unsigned long n0, n1, b_gen;
	u64 r0;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	target = kunit_kzalloc(test, struct_size(target, insns,
						 ARRAY_SIZE(callee)),
			       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, target);
	if (!kjs_compile(test, caller, ARRAY_SIZE(caller), &a))
		return;
	if (!kjs_compile(test, callee, ARRAY_SIZE(callee), &b)) {
		kbpf_jit_image_free(&a);
		return;
	}
	KUNIT_EXPECT_GT(test, b.gen, a.gen);
	target->jit_func = b.func;
	target->jit_tail = b.tail;
	target->jit_gen = b.gen;
	b_gen = b.gen;
	target->len = ARRAY_SIZE(callee);

	migrate_disable();
	kjs_slot = target;
	kjs_cpu_behind(a.gen);
	n0 = kbpf_jit_serializations();
	r0 = kbpf_test_run_jited(&a, NULL, &kjs_env);
	n1 = kbpf_jit_serializations();
	kjs_slot = NULL;
	migrate_enable();
	kbpf_jit_image_free(&b);
	kbpf_jit_image_free(&a);

	KUNIT_EXPECT_GE(test, r0, b_gen);
	KUNIT_EXPECT_EQ(test, n1, n0 + 1);
}

/*
 * A run on another CPU, in a cross-CPU call with interrupts off: an IPI's
 * hard interrupt, or, where that CPU polls in idle, its idle loop (the
 * kernel sends no IPI then: seen once in five runs on debug under TCG).
 */
struct kjs_remote {
	const struct kbpf_jit_image *img;
	bool force;		/* set the CPU's generation to @behind first */
	unsigned long behind;
	bool irqs_off;		/* it ran with interrupts off, not a task's */
	unsigned long after;	/* the CPU's generation after the run */
	unsigned long serialized;	/* kbpf_jit_enter()'s, during the run */
	u64 r0;
};

static void kjs_remote_fn(void *arg)
{
	struct kjs_remote *r = arg;
	unsigned long n0;

	r->irqs_off = irqs_disabled() &&
		      (in_hardirq() || is_idle_task(current));
	if (r->force)
		kjs_cpu_behind(r->behind);
	n0 = kbpf_jit_serializations();
	r->r0 = kbpf_interp_run_jited(r->img->func, r->img->gen, NULL,
				      &kjs_env);
	r->serialized = kbpf_jit_serializations() - n0;
	r->after = kbpf_jit_cpu_gen_get();
}

/*
 * A CPU other than the test's, which stays on its own (migration off
 * until kjs_remote_end()); nr_cpu_ids if there is none.
 */
static unsigned int kjs_remote_begin(void)
{
	migrate_disable();
	return cpumask_any_but(cpu_online_mask, raw_smp_processor_id());
}

static void kjs_remote_end(void)
{
	migrate_enable();
}

static void kjs_run_remote(struct kunit *test, unsigned int cpu,
			   struct kjs_remote *r)
{
	KUNIT_EXPECT_EQ(test, smp_call_function_single(cpu, kjs_remote_fn,
						       r, 1), 0);
}

/*
 * From a cross-CPU call on a CPU behind the image: kbpf_jit_enter() there
 * serializes once (no lockdep splat: it is pinned) and catches the CPU
 * up before the first instruction.
 */
static void kbpf_jit_serialize_irq_test(struct kunit *test)
{
	const struct kbpf_insn p[] = KJS_GEN_PROG(0);
	struct kbpf_jit_image img;
	struct kjs_remote r = { .img = &img, .force = true };
	unsigned long gen;
	unsigned int cpu;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	if (!kjs_compile(test, p, ARRAY_SIZE(p), &img))
		return;
	gen = img.gen;
	r.behind = gen - 1;
	cpu = kjs_remote_begin();
	if (cpu < nr_cpu_ids)
		kjs_run_remote(test, cpu, &r);
	kjs_remote_end();
	kbpf_jit_image_free(&img);
	if (cpu >= nr_cpu_ids)
		kunit_skip(test, "one CPU: no other to interrupt");

	KUNIT_EXPECT_TRUE(test, r.irqs_off);
	KUNIT_EXPECT_GE(test, r.r0, gen);
	KUNIT_EXPECT_GE(test, r.after, gen);
	KUNIT_EXPECT_EQ(test, r.serialized, 1);
}

/*
 * A chunk reused after a free: a CPU that ran the old program there, and
 * caught up for it, serializes again before it runs the new bytes in the
 * same place, written by another CPU.
 */
static void kbpf_jit_serialize_reuse_test(struct kunit *test)
{
	const struct kbpf_insn pa[] = KJS_GEN_PROG(0);
	const struct kbpf_insn pb[] = KJS_GEN_PROG(1);
	struct kbpf_jit_image a, b;
	struct kjs_remote ra = { .img = &a, .force = true };
	struct kjs_remote rb = { .img = &b };
	unsigned long a_gen, b_gen;
	void *a_chunk, *b_chunk;
	unsigned int cpu;

	if (!kbpf_jit_arena_enabled())
		kunit_skip(test, "the JIT arena is disabled here");
	cpu = kjs_remote_begin();
	if (cpu >= nr_cpu_ids) {
		kjs_remote_end();
		kunit_skip(test, "one CPU: no other to run the old code");
	}
	/* older frees refilled now, so that first fit gives a's chunk back */
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_flush(), 0);
	if (!kjs_compile(test, pa, ARRAY_SIZE(pa), &a))
		goto out;
	a_gen = a.gen;
	a_chunk = a.func;
	ra.behind = a_gen - 1;
	kjs_run_remote(test, cpu, &ra);
	kbpf_jit_image_free(&a);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_flush(), 0);
	if (!kjs_compile(test, pb, ARRAY_SIZE(pb), &b))
		goto out;
	b_gen = b.gen;
	b_chunk = b.func;
	kjs_run_remote(test, cpu, &rb);
	kjs_remote_end();
	kbpf_jit_image_free(&b);

	KUNIT_EXPECT_GE(test, ra.r0, a_gen);
	KUNIT_EXPECT_EQ(test, ra.serialized, 1);
	KUNIT_EXPECT_PTR_EQ(test, b_chunk, a_chunk);
	KUNIT_EXPECT_GT(test, b_gen, ra.after);
	/* b's r0 is its CPU's generation + 1 */
	KUNIT_EXPECT_GE(test, rb.r0, b_gen + 1);
	KUNIT_EXPECT_EQ(test, rb.serialized, 1);
	KUNIT_EXPECT_TRUE(test, ra.irqs_off && rb.irqs_off);
	return;
out:
	kjs_remote_end();
}

static struct kunit_case kbpf_jit_serialize_cases[] = {
	KUNIT_CASE(kbpf_jit_serialize_inside_test),
	KUNIT_CASE(kbpf_jit_serialize_tail_inside_test),
	KUNIT_CASE(kbpf_jit_serialize_irq_test),
	KUNIT_CASE(kbpf_jit_serialize_reuse_test),
	{}
};

static struct kunit_suite kbpf_jit_serialize_suite = {
	.name = "kbpf_jit_serialize",
	.test_cases = kbpf_jit_serialize_cases,
};

kunit_test_suite(kbpf_jit_serialize_suite);
