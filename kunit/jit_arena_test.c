// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the JIT arena (kmod/jit/arena.c). Code written into a chunk runs,
 * returns through the return stub and unwinds to its caller; freed chunks
 * are int3 again and can be rewritten; released chunks stay out of use
 * until a session refills them; the arena fills to its size and counts
 * the refusals; writes outside a chunk are refused; the arena is no
 * kprobe target and its mapping is never writable; writes wait for no
 * other CPU, and flush the alias there.
 *
 * The cases assume that nothing else in the module allocates from the
 * arena while KUnit runs (no program is loaded then); each starts with
 * no stale chunk (other suites' programs release theirs).
 */

#include <kunit/test.h>
#include <linux/kallsyms.h>
#include <linux/delay.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/irqflags.h>
#include <linux/cpumask.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/random.h>
#include <linux/smp.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <asm/pgtable_types.h>
#include <asm/text-patching.h>

#include "../kmod/compat.h"
#include "../kmod/jit/alias_flush.h"
#include "../kmod/jit/arena.h"
#include "../kmod/jit/selfcheck.h"
#include "../kmod/jit/serialize.h"

typedef u32 (*kbpf_test_probe_fn)(void *arg);

/* A chunk with a probe in it, as kbpf_jit_probe_emit() makes it. */
static size_t kbpf_test_probe(struct kunit *test, void *chunk,
			      u32 (*callee)(void *arg), u32 value)
{
	u8 code[KBPF_JIT_PROBE_MAX];
	size_t len;

	len = kbpf_jit_probe_emit(code, chunk, callee, value);
	KUNIT_ASSERT_NE(test, len, 0);
	KUNIT_ASSERT_EQ(test, kbpf_jit_arena_write(chunk, code, len), 0);
	KUNIT_ASSERT_EQ(test, memcmp(chunk, code, len), 0);
	return len;
}

/*
 * Calls the probe in @chunk as the module enters any image: pinned to
 * this CPU, serialized first if it is behind the last write.
 */
static u32 kbpf_test_call(void *chunk, void *arg)
{
	u32 ret;

	migrate_disable();
	kbpf_jit_enter_gen(kbpf_jit_gen());
	ret = ((kbpf_test_probe_fn)chunk)(arg);
	migrate_enable();
	return ret;
}

static bool kbpf_test_all_int3(const u8 *p, size_t len)
{
	return !memchr_inv(p, INT3_INSN_OPCODE, len);
}

static void kbpf_test_arena_enabled(struct kunit *test)
{
	KUNIT_ASSERT_TRUE(test, kbpf_jit_arena_enabled());
	KUNIT_EXPECT_TRUE(test, PAGE_ALIGNED(kbpf_jit_arena_base()));
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_used(), 0);
}

static void kbpf_test_arena_run(struct kunit *test)
{
	u8 *chunk = kbpf_jit_arena_alloc(2 * KBPF_JIT_CHUNK);
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, chunk);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)chunk,
					   KBPF_JIT_CHUNK));
	KUNIT_EXPECT_TRUE(test, kbpf_test_all_int3(chunk, 2 * KBPF_JIT_CHUNK));
	len = kbpf_test_probe(test, chunk, NULL, 0x1234abcd);
	/* Called indirectly: under IBT the entry must be an ENDBR64. */
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(chunk), 0xfa1e0ff3);
	KUNIT_EXPECT_EQ(test, kbpf_test_call(chunk, NULL), 0x1234abcd);
	/* Only the code was written: the rest is still int3. */
	KUNIT_EXPECT_TRUE(test, kbpf_test_all_int3(chunk + len,
						   2 * KBPF_JIT_CHUNK - len));
	kbpf_jit_arena_free(chunk, 2 * KBPF_JIT_CHUNK);
	KUNIT_EXPECT_TRUE(test, kbpf_test_all_int3(chunk, 2 * KBPF_JIT_CHUNK));
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_used(), 0);
}

struct kbpf_test_trace {
	unsigned long entries[32];
	unsigned int nr;
};

/* Called from a probe in the arena: a stack trace from inside. */
static noinline u32 kbpf_test_trace_callee(void *arg)
{
	struct kbpf_test_trace *trace = arg;

	trace->nr = stack_trace_save(trace->entries,
				     ARRAY_SIZE(trace->entries), 0);
	return 7;
}

/* The caller the trace must return into, out of line. */
static noinline u32 kbpf_test_trace_run(kbpf_test_probe_fn probe,
					struct kbpf_test_trace *trace)
{
	return probe(trace) + 1;
}

/* Whether entries[@i] returns into the function named @name. */
static bool kbpf_test_frame_is(const unsigned long *entries, unsigned int nr,
			       unsigned int i, const char *name)
{
	char sym[KSYM_SYMBOL_LEN];
	size_t len = strlen(name);

	if (i >= nr)
		return false;
	sprint_symbol_no_offset(sym, entries[i]);
	return !strncmp(sym, name, len) && (!sym[len] || sym[len] == ' ');
}

static void kbpf_test_arena_unwind(struct kunit *test)
{
	u8 *chunk = kbpf_jit_arena_alloc(KBPF_JIT_CHUNK);
	struct kbpf_test_trace *trace;
	unsigned int i;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, chunk);
	trace = kunit_kzalloc(test, sizeof(*trace), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, trace);
	len = kbpf_test_probe(test, chunk, kbpf_test_trace_callee, 0);
	/* As kbpf_test_call(), with this case's frame the caller's caller. */
	migrate_disable();
	kbpf_jit_enter_gen(kbpf_jit_gen());
	KUNIT_EXPECT_EQ(test, kbpf_test_trace_run((kbpf_test_probe_fn)chunk,
						  trace), 8);
	migrate_enable();
	kbpf_jit_arena_free(chunk, KBPF_JIT_CHUNK);
	KUNIT_EXPECT_TRUE(test, kbpf_jit_trace_through(trace->entries,
						       trace->nr, chunk, len,
						       "kbpf_test_trace_run"));
	/* The callee's frame, the probe's, its caller's and this case's. */
	for (i = 0; i < trace->nr; i++)
		if (trace->entries[i] - (unsigned long)chunk < len)
			break;
	KUNIT_ASSERT_LT(test, i, trace->nr);
	KUNIT_EXPECT_TRUE(test, i > 0 &&
			  kbpf_test_frame_is(trace->entries, trace->nr, i - 1,
					     "kbpf_test_trace_callee"));
	KUNIT_EXPECT_TRUE(test, kbpf_test_frame_is(trace->entries, trace->nr,
						   i + 1,
						   "kbpf_test_trace_run"));
	KUNIT_EXPECT_TRUE(test, kbpf_test_frame_is(trace->entries, trace->nr,
						   i + 2,
						   "kbpf_test_arena_unwind"));
}

static void kbpf_test_trace_check(struct kunit *test)
{
	unsigned long code = (unsigned long)kbpf_test_trace_callee;
	unsigned long caller = (unsigned long)kbpf_test_trace_run + 1;
	unsigned long entries[3] = { 1, code + 3, caller };

	KUNIT_EXPECT_TRUE(test, kbpf_jit_trace_through(entries, 3, (void *)code,
						       16,
						       "kbpf_test_trace_run"));
	/* A name is matched whole, not as a prefix. */
	KUNIT_EXPECT_FALSE(test, kbpf_jit_trace_through(entries, 3,
							(void *)code, 16,
							"kbpf_test_trace"));
	KUNIT_EXPECT_FALSE(test, kbpf_jit_trace_through(entries, 3,
							(void *)code, 16,
							"kbpf_test_arena_run"));
	/* The code's frame is the last one: no caller. */
	KUNIT_EXPECT_FALSE(test, kbpf_jit_trace_through(entries, 2,
							(void *)code, 16,
							"kbpf_test_trace_run"));
	KUNIT_EXPECT_FALSE(test, kbpf_jit_trace_through(entries, 3,
							(void *)code, 3,
							"kbpf_test_trace_run"));
}

static void kbpf_test_arena_reuse(struct kunit *test)
{
	u8 *chunk = kbpf_jit_arena_alloc(KBPF_JIT_CHUNK);
	u8 *again;

	KUNIT_ASSERT_NOT_NULL(test, chunk);
	kbpf_test_probe(test, chunk, NULL, 1);
	KUNIT_EXPECT_EQ(test, kbpf_test_call(chunk, NULL), 1);
	kbpf_jit_arena_free(chunk, KBPF_JIT_CHUNK);
	KUNIT_EXPECT_TRUE(test, kbpf_test_all_int3(chunk, KBPF_JIT_CHUNK));
	/* First fit: the same chunk comes back, and takes new code. */
	again = kbpf_jit_arena_alloc(KBPF_JIT_CHUNK);
	KUNIT_ASSERT_PTR_EQ(test, again, chunk);
	kbpf_test_probe(test, again, NULL, 2);
	KUNIT_EXPECT_EQ(test, kbpf_test_call(again, NULL), 2);
	kbpf_jit_arena_free(again, KBPF_JIT_CHUNK);
}

static void kbpf_test_arena_write_bounds(struct kunit *test)
{
	u8 *chunk = kbpf_jit_arena_alloc(KBPF_JIT_CHUNK);
	u8 code[2 * KBPF_JIT_CHUNK];
	static u8 not_arena[8];

	KUNIT_ASSERT_NOT_NULL(test, chunk);
	memset(code, 0x90, sizeof(code));
	/* Past the chunk, into one that is not handed out. */
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_write(chunk, code, sizeof(code)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_write(chunk + KBPF_JIT_CHUNK,
						   code, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_write(chunk, code, 0), -EINVAL);
	/* The reserved first chunk, the end, and outside the arena. */
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_write(kbpf_jit_arena_base(), code, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_write(kbpf_jit_arena_base() +
						   KBPF_JIT_ARENA_SIZE - 1,
						   code, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_write(not_arena, code, 1),
			-EINVAL);
	/* Nothing was written. */
	KUNIT_EXPECT_TRUE(test, kbpf_test_all_int3(chunk, 2 * KBPF_JIT_CHUNK));
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_write(chunk, code,
						   KBPF_JIT_CHUNK), 0);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(chunk, 0x90, KBPF_JIT_CHUNK));
	kbpf_jit_arena_free(chunk, KBPF_JIT_CHUNK);
}

/*
 * A released chunk keeps its old code and is not handed out until a
 * session refills it: here the next synchronous free's.
 */
static void kbpf_test_arena_release(struct kunit *test)
{
	u8 *chunk = kbpf_jit_arena_alloc(KBPF_JIT_CHUNK);
	u8 *other, *again, nop = 0x90;

	KUNIT_ASSERT_NOT_NULL(test, chunk);
	kbpf_test_probe(test, chunk, NULL, 3);
	kbpf_jit_arena_release(chunk, KBPF_JIT_CHUNK);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_used(), 0);
	other = kbpf_jit_arena_alloc(KBPF_JIT_CHUNK);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_EXPECT_PTR_NE(test, other, chunk);
	KUNIT_EXPECT_FALSE(test, kbpf_test_all_int3(chunk, KBPF_JIT_CHUNK));
	/* A write is refused in a stale chunk as outside any chunk. */
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_write(chunk, &nop, 1), -EINVAL);
	/* One session writes other's code and refills chunk. */
	kbpf_test_probe(test, other, NULL, 4);
	KUNIT_EXPECT_TRUE(test, kbpf_test_all_int3(chunk, KBPF_JIT_CHUNK));
	KUNIT_EXPECT_EQ(test, kbpf_test_call(other, NULL), 4);
	again = kbpf_jit_arena_alloc(KBPF_JIT_CHUNK);
	KUNIT_EXPECT_PTR_EQ(test, again, chunk);
	kbpf_jit_arena_free(again, KBPF_JIT_CHUNK);
	kbpf_jit_arena_free(other, KBPF_JIT_CHUNK);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_used(), 0);
}

/* With nothing else to refill it, the work item does, in bounded time. */
static void kbpf_test_arena_release_work(struct kunit *test)
{
	u8 *chunk = kbpf_jit_arena_alloc(KBPF_JIT_CHUNK);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, chunk);
	kbpf_test_probe(test, chunk, NULL, 5);
	kbpf_jit_arena_release(chunk, KBPF_JIT_CHUNK);
	for (i = 0; i < 50 && !kbpf_test_all_int3(chunk, KBPF_JIT_CHUNK); i++)
		msleep(100);
	KUNIT_EXPECT_TRUE(test, kbpf_test_all_int3(chunk, KBPF_JIT_CHUNK));
	KUNIT_EXPECT_PTR_EQ(test, kbpf_jit_arena_alloc(KBPF_JIT_CHUNK), chunk);
	kbpf_jit_arena_free(chunk, KBPF_JIT_CHUNK);
}

#define KBPF_TEST_BIG	SZ_64K
/* Units of the arena past the reserved first chunk. */
#define KBPF_TEST_UNITS	(KBPF_JIT_ARENA_SIZE / KBPF_JIT_CHUNK - 1)
#define KBPF_TEST_NBIG	(KBPF_TEST_UNITS / (KBPF_TEST_BIG / KBPF_JIT_CHUNK))
#define KBPF_TEST_NSMALL (KBPF_TEST_UNITS % (KBPF_TEST_BIG / KBPF_JIT_CHUNK))

/* Takes chunks of @size until refused; returns how many. */
static unsigned int kbpf_test_take(void **chunks, unsigned int max,
				   size_t size)
{
	unsigned int n = 0;

	while (n < max && (chunks[n] = kbpf_jit_arena_alloc(size)))
		n++;
	return n;
}

static void kbpf_test_arena_fill(struct kunit *test)
{
	unsigned long refused = kbpf_jit_arena_fallbacks();
	unsigned int nbig, nsmall, i;
	void **big, **small;

	big = kunit_kcalloc(test, KBPF_TEST_NBIG + 1, sizeof(*big), GFP_KERNEL);
	small = kunit_kcalloc(test, KBPF_TEST_NSMALL + 1, sizeof(*small),
			      GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_ASSERT_NOT_NULL(test, small);
	KUNIT_EXPECT_NULL(test, kbpf_jit_arena_alloc(0));
	KUNIT_EXPECT_NULL(test, kbpf_jit_arena_alloc(KBPF_JIT_ARENA_SIZE));
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_fallbacks(), refused + 2);

	nbig = kbpf_test_take(big, KBPF_TEST_NBIG + 1, KBPF_TEST_BIG);
	KUNIT_EXPECT_EQ(test, nbig, KBPF_TEST_NBIG);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_fallbacks(), refused + 3);
	nsmall = kbpf_test_take(small, KBPF_TEST_NSMALL + 1, KBPF_JIT_CHUNK);
	KUNIT_EXPECT_EQ(test, nsmall, KBPF_TEST_NSMALL);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_fallbacks(), refused + 4);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_used(),
			KBPF_JIT_ARENA_SIZE - KBPF_JIT_CHUNK);
	/* Full: even the smallest chunk is refused, and counted. */
	KUNIT_EXPECT_NULL(test, kbpf_jit_arena_alloc(1));
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_fallbacks(), refused + 5);

	for (i = 0; i < nbig; i++)
		kbpf_jit_arena_free(big[i], KBPF_TEST_BIG);
	for (i = 0; i < nsmall; i++)
		kbpf_jit_arena_free(small[i], KBPF_JIT_CHUNK);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_used(), 0);
	/* What was freed is whole again. */
	big[0] = kbpf_jit_arena_alloc(KBPF_TEST_BIG);
	KUNIT_ASSERT_NOT_NULL(test, big[0]);
	KUNIT_EXPECT_TRUE(test, kbpf_test_all_int3(big[0], KBPF_TEST_BIG));
	kbpf_jit_arena_free(big[0], KBPF_TEST_BIG);
}

/* A full arena of released chunks: an allocation refills them first. */
static void kbpf_test_arena_fill_released(struct kunit *test)
{
	unsigned long refused = kbpf_jit_arena_fallbacks();
	unsigned int nbig, i;
	void **big;
	u8 *again;

	big = kunit_kcalloc(test, KBPF_TEST_NBIG + 1, sizeof(*big), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	nbig = kbpf_test_take(big, KBPF_TEST_NBIG + 1, KBPF_TEST_BIG);
	KUNIT_EXPECT_EQ(test, nbig, KBPF_TEST_NBIG);
	/* never written: released as allocated, all int3 */
	for (i = 0; i < nbig; i++)
		kbpf_jit_arena_release(big[i], KBPF_TEST_BIG);
	again = kbpf_jit_arena_alloc(KBPF_TEST_BIG);
	KUNIT_ASSERT_NOT_NULL(test, again);
	KUNIT_EXPECT_PTR_EQ(test, (void *)again, big[0]);
	KUNIT_EXPECT_TRUE(test, kbpf_test_all_int3(again, KBPF_TEST_BIG));
	/* the first take's refusal only */
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_fallbacks(), refused + 1);
	kbpf_jit_arena_free(again, KBPF_TEST_BIG);
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_used(), 0);
}

/* Whether the @size bytes at @chunk, as allocated, lie in one page. */
static bool kbpf_test_one_page(const void *chunk, size_t size)
{
	unsigned long start = (unsigned long)chunk;

	return start >> PAGE_SHIFT ==
	       (start + round_up(size, KBPF_JIT_CHUNK) - 1) >> PAGE_SHIFT;
}

/*
 * A chunk of at most a page lies in one page, wherever a first fit would
 * have put it (3000 then 2000 bytes: no page holds both), and a chunk
 * larger than a page is still placed.
 */
static void kbpf_test_arena_page_fit(struct kunit *test)
{
	static const size_t sizes[] = {
		3000, 2000, KBPF_JIT_CHUNK, PAGE_SIZE, 1000, 3500, 200,
	};
	void *chunks[ARRAY_SIZE(sizes)];
	unsigned int i;
	u8 *big;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		chunks[i] = kbpf_jit_arena_alloc(sizes[i]);
		KUNIT_ASSERT_NOT_NULL(test, chunks[i]);
		KUNIT_EXPECT_TRUE_MSG(test,
				      kbpf_test_one_page(chunks[i], sizes[i]),
				      "%zu bytes at page offset %lu", sizes[i],
				      offset_in_page(chunks[i]));
	}
	big = kbpf_jit_arena_alloc(PAGE_SIZE + KBPF_JIT_CHUNK);
	KUNIT_EXPECT_NOT_NULL(test, big);
	if (big)
		kbpf_jit_arena_free(big, PAGE_SIZE + KBPF_JIT_CHUNK);
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		kbpf_jit_arena_free(chunks[i], sizes[i]);
}

/* register_kprobe() at @addr; a probe it accepts is removed again. */
static int kbpf_test_kprobe_at(struct kunit *test, void *addr)
{
	struct kprobe *kp = kunit_kzalloc(test, sizeof(*kp), GFP_KERNEL);
	int err;

	KUNIT_ASSERT_NOT_NULL(test, kp);
	kp->addr = addr;
	err = register_kprobe(kp);
	if (!err)
		unregister_kprobe(kp);
	return err;
}

static void kbpf_test_arena_kprobe(struct kunit *test)
{
	u8 *chunk;

	if (!IS_ENABLED(CONFIG_KPROBES))
		kunit_skip(test, "no kprobes");
	chunk = kbpf_jit_arena_alloc(KBPF_JIT_CHUNK);
	KUNIT_ASSERT_NOT_NULL(test, chunk);
	kbpf_test_probe(test, chunk, NULL, 3);
	KUNIT_EXPECT_EQ(test, kbpf_test_kprobe_at(test, chunk), -EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_test_kprobe_at(test, kbpf_jit_arena_base() +
						  KBPF_JIT_ARENA_SIZE -
						  PAGE_SIZE), -EINVAL);
	/* The probe was left as written. */
	KUNIT_EXPECT_EQ(test, kbpf_test_call(chunk, NULL), 3);
	kbpf_jit_arena_free(chunk, KBPF_JIT_CHUNK);
	/* The return stub is ordinary module text: probes are fine there. */
	KUNIT_EXPECT_EQ(test, kbpf_test_kprobe_at(test, kbpf_jit_return_stub()), 0);
}

/* 1 if the kernel maps @addr writable, 0 read-only, -1 not at all. */
static int kbpf_test_writable(unsigned long addr)
{
	unsigned int level;
	pte_t *pte = lookup_address(addr, &level);

	if (!pte || !pte_present(*pte))
		return -1;
	return pte_write(*pte);
}

/*
 * The arena's own mapping is read-only and executable at every page, and
 * the pages' other standing mapping, the direct map, is read-only too
 * (the loader's set_memory_rox() changed both): between writes, no
 * writable mapping of the arena exists.
 */
static void kbpf_test_arena_mapping(struct kunit *test)
{
	unsigned long addr = (unsigned long)kbpf_jit_arena_base();
	unsigned long end = addr + KBPF_JIT_ARENA_SIZE;
	unsigned int level, bad = 0, direct_bad = 0;
	void *control;
	pte_t *pte;

	for (; addr < end; addr += PAGE_SIZE) {
		pte = lookup_address(addr, &level);
		if (!pte || !pte_present(*pte) || pte_write(*pte) ||
		    !pte_exec(*pte))
			bad++;
		if (kbpf_test_writable((unsigned long)
				       page_address(vmalloc_to_page((void *)addr))))
			direct_bad++;
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, direct_bad, 0);
	/* The check sees a writable direct map where there is one. */
	control = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, control);
	KUNIT_EXPECT_EQ(test, kbpf_test_writable((unsigned long)control), 1);
}

#define KBPF_TEST_ROUNDS	64

/*
 * Not a limit, a record: what one write (alias, copy, unmap, local flush)
 * and one free (alias, int3, unmap, local flush) cost here.
 */
static void kbpf_test_arena_write_cost(struct kunit *test)
{
	u8 code[KBPF_JIT_PROBE_MAX];
	u64 write_ns = 0, free_ns = 0, cycle_ns = 0, t;
	unsigned int i;
	size_t len;
	u8 *chunk;

	for (i = 0; i < KBPF_TEST_ROUNDS; i++) {
		chunk = kbpf_jit_arena_alloc(sizeof(code));
		KUNIT_ASSERT_NOT_NULL(test, chunk);
		len = kbpf_jit_probe_emit(code, chunk, NULL, i);
		t = ktime_get_ns();
		KUNIT_ASSERT_EQ(test, kbpf_jit_arena_write(chunk, code, len), 0);
		write_ns += ktime_get_ns() - t;
		KUNIT_EXPECT_EQ(test, kbpf_test_call(chunk, NULL), i);
		t = ktime_get_ns();
		kbpf_jit_arena_free(chunk, sizeof(code));
		free_ns += ktime_get_ns() - t;
	}
	/* As programs do: write, then release, the next write refills. */
	t = ktime_get_ns();
	for (i = 0; i < KBPF_TEST_ROUNDS; i++) {
		chunk = kbpf_jit_arena_alloc(sizeof(code));
		KUNIT_ASSERT_NOT_NULL(test, chunk);
		len = kbpf_jit_probe_emit(code, chunk, NULL, i);
		KUNIT_ASSERT_EQ(test, kbpf_jit_arena_write(chunk, code, len), 0);
		kbpf_jit_arena_release(chunk, sizeof(code));
	}
	cycle_ns = ktime_get_ns() - t;
	KUNIT_EXPECT_EQ(test, kbpf_jit_arena_flush(), 0);
	kunit_info(test, "write %llu us, free %llu us, write + release %llu us (mean of %u)\n",
		   div_u64(write_ns, KBPF_TEST_ROUNDS * NSEC_PER_USEC),
		   div_u64(free_ns, KBPF_TEST_ROUNDS * NSEC_PER_USEC),
		   div_u64(cycle_ns, KBPF_TEST_ROUNDS * NSEC_PER_USEC),
		   KBPF_TEST_ROUNDS);
}

#define KBPF_TEST_QUIET_ROUNDS	16
/* How long the other CPU keeps its interrupts off, at most. */
#define KBPF_TEST_DEAF_NS	(3 * NSEC_PER_SEC)
/* Tries of kbpf_test_flush_round() before a session is taken to wait. */
#define KBPF_TEST_DEAF_TRIES	3

/* Another CPU, deaf to IPIs while @deaf is set. */
struct kbpf_test_deaf {
	int cpu;
	atomic_t deaf;		/* 1 while its interrupts are off */
	atomic_t release;	/* the test is done with it */
	struct completion done;
};

static int kbpf_test_deaf_fn(void *arg)
{
	struct kbpf_test_deaf *d = arg;
	u64 until;

	local_irq_disable();
	atomic_set(&d->deaf, 1);
	until = ktime_get_mono_fast_ns() + KBPF_TEST_DEAF_NS;
	while (!atomic_read(&d->release) && ktime_get_mono_fast_ns() < until)
		cpu_relax();
	atomic_set(&d->deaf, 0);
	local_irq_enable();
	complete(&d->done);
	return 0;
}

/* vmalloc's purge, as a vfree() over its lazy threshold queues it. */
static void kbpf_test_purge_fn(struct work_struct *work)
{
	vm_unmap_aliases();
}

/*
 * One try of kbpf_test_arena_flush_not_waited(): writes and frees while
 * another CPU spins with its interrupts off. True if every session
 * returned before it listened again (one that waited for its flush IPI
 * would sit until the spinner gives up). Its flushes then run once it
 * listens: the alias's remote TLB flush was sent, not skipped. Each
 * session bumps the generation once and serializes nobody, not even the
 * writer: CPUs serialize on entry (serialize.h).
 *
 * False also when something else made this CPU wait for the spinner: a
 * synchronous IPI round, preemption off, such as vmalloc's purge flushing
 * every CPU's TLB (queued on this CPU by any vfree() past the lazy
 * threshold, the sessions' own vunmap()s included). @purge, when set, is
 * run so on this CPU after the first session.
 */
static bool kbpf_test_flush_round(struct kunit *test, struct work_struct *purge)
{
	unsigned long gen, serialized, flushes, ran;
	u8 code[KBPF_JIT_PROBE_MAX];
	struct kbpf_test_deaf *d;
	unsigned int i, others;
	struct task_struct *t;
	bool deaf;
	size_t len;
	u8 *chunk;
	u64 until;

	/* Not kunit_kzalloc(): an abort must not free it under the spinner. */
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d);
	init_completion(&d->done);
	d->cpu = cpumask_any_but(cpu_online_mask, raw_smp_processor_id());
	t = kthread_create(kbpf_test_deaf_fn, d, "kbpf_deaf");
	if (IS_ERR(t)) {
		kfree(d);
		KUNIT_FAIL_AND_ABORT(test, "kthread_create(): %ld\n", PTR_ERR(t));
	}
	kthread_bind(t, d->cpu);
	wake_up_process(t);
	while (!atomic_read(&d->deaf) && !completion_done(&d->done))
		cond_resched();

	gen = kbpf_jit_gen();
	serialized = kbpf_jit_serializations();
	flushes = kbpf_jit_alias_remote_flushes();
	/* Each CPU but the writer takes one flush per session. */
	others = num_online_cpus() - 1;
	/* No assertion (it would end the case) while the spinner uses @d. */
	for (i = 0; i < KBPF_TEST_QUIET_ROUNDS; i++) {
		chunk = kbpf_jit_arena_alloc(sizeof(code));
		if (!chunk) {
			KUNIT_FAIL(test, "no chunk for session %u\n", i);
			break;
		}
		len = kbpf_jit_probe_emit(code, chunk, NULL, i);
		KUNIT_EXPECT_EQ(test, kbpf_jit_arena_write(chunk, code, len), 0);
		kbpf_jit_arena_free(chunk, sizeof(code));
		if (!i && purge) {
			queue_work_on(raw_smp_processor_id(), system_wq, purge);
			usleep_range(1000, 2000);
		}
	}
	/* Still deaf: not one session waited for it. */
	deaf = atomic_read(&d->deaf);
	atomic_set(&d->release, 1);
	wait_for_completion(&d->done);
	kfree(d);
	if (purge)
		flush_work(purge);

	until = ktime_get_ns() + NSEC_PER_SEC;
	while (kbpf_jit_alias_remote_flushes() - flushes <
	       2UL * KBPF_TEST_QUIET_ROUNDS * others && ktime_get_ns() < until)
		usleep_range(100, 1000);
	ran = kbpf_jit_alias_remote_flushes() - flushes;
	kunit_info(test, "%lu remote flushes over %u sessions, %u other CPUs; %s\n",
		   ran, 2 * KBPF_TEST_QUIET_ROUNDS, others,
		   deaf ? "none waited" : "the spinner gave up first");
	KUNIT_EXPECT_GE(test, ran, 2UL * KBPF_TEST_QUIET_ROUNDS * others);
	KUNIT_EXPECT_EQ(test, kbpf_jit_gen(), gen + 2 * KBPF_TEST_QUIET_ROUNDS);
	KUNIT_EXPECT_EQ(test, kbpf_jit_serializations(), serialized);
	return deaf;
}

/*
 * Writes and frees wait for no other CPU (kbpf_test_flush_round()). A
 * try the spinner outlasted is tried again: a session that waits for its
 * flush fails every try, a stall of this CPU by the rest of the kernel
 * (vmalloc's purge) only the try it hit.
 */
static void kbpf_test_arena_flush_not_waited(struct kunit *test)
{
	unsigned int try = 0;

	if (num_online_cpus() < 2)
		kunit_skip(test, "one CPU: there is no one to flush");
	while (!kbpf_test_flush_round(test, NULL) &&
	       ++try < KBPF_TEST_DEAF_TRIES)
		;
	KUNIT_EXPECT_LT(test, try, KBPF_TEST_DEAF_TRIES);
}

/*
 * The same with vmalloc's purge on this CPU in the first try, as the
 * sessions' own vunmap()s queue it once vmalloc's lazy count crosses its
 * threshold (once in about 16384 pages freed on two CPUs): that try
 * fails, whatever the sessions do; the next must pass.
 */
static void kbpf_test_arena_flush_not_waited_purge(struct kunit *test)
{
	struct work_struct purge;
	unsigned int try = 0;

	if (num_online_cpus() < 2)
		kunit_skip(test, "one CPU: there is no one to flush");
	INIT_WORK_ONSTACK(&purge, kbpf_test_purge_fn);
	while (!kbpf_test_flush_round(test, try ? NULL : &purge) &&
	       ++try < KBPF_TEST_DEAF_TRIES)
		;
	destroy_work_on_stack(&purge);
	kunit_info(test, "tries: %u\n", try + 1);
	KUNIT_EXPECT_LT(test, try, KBPF_TEST_DEAF_TRIES);
}

/* A read through @addr on another CPU, as that CPU's TLB translates it. */
struct kbpf_test_peek {
	unsigned long addr;
	u64 val;
	long err;
};

static void kbpf_test_peek_fn(void *arg)
{
	struct kbpf_test_peek *p = arg;

	p->err = copy_from_kernel_nofault(&p->val, (void *)p->addr,
					  sizeof(p->val));
}

/* Whether @cpu reads @cookie at @addr (not a fault, not other data). */
static bool kbpf_test_peek(int cpu, unsigned long addr, u64 cookie)
{
	struct kbpf_test_peek p = { .addr = addr };

	if (smp_call_function_single(cpu, kbpf_test_peek_fn, &p, 1))
		return false;
	return !p.err && p.val == cookie;
}

/*
 * The remote flush drops what another CPU cached of an alias. That CPU
 * reads through a vmap() of a page, which is then unmapped as a session
 * unmaps its alias: the page table entry is gone, its TLB entry is not
 * (vunmap() flushes nothing), and under TCG it reads through the stale
 * entry still (the control; hardware may have dropped it, then there is
 * nothing to see). After kbpf_jit_alias_flush() from this CPU and the
 * other CPU's run of it, the read must fault. A flush sent but flushing
 * nothing, or the wrong address, passes kbpf_test_arena_flush_not_waited
 * (it counts runs) and fails here.
 */
static void kbpf_test_alias_flush_drops_remote(struct kunit *test)
{
	u64 cookie = get_random_u64() | 1;
	unsigned long addr, flushes;
	struct page *page;
	bool stale, after;
	u64 until;
	int cpu;

	if (num_online_cpus() < 2)
		kunit_skip(test, "one CPU: there is no one to flush");
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	*(u64 *)page_address(page) = cookie;
	migrate_disable();
	cpu = cpumask_any_but(cpu_online_mask, smp_processor_id());
	addr = (unsigned long)vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	if (!addr) {
		migrate_enable();
		__free_page(page);
		KUNIT_FAIL_AND_ABORT(test, "vmap() failed\n");
	}
	/* The other CPU caches a translation of it. */
	KUNIT_EXPECT_TRUE(test, kbpf_test_peek(cpu, addr, cookie));
	vunmap((void *)addr);
	stale = kbpf_test_peek(cpu, addr, cookie);
	flushes = kbpf_jit_alias_remote_flushes();
	kbpf_jit_alias_flush(&(struct kbpf_jit_alias){ addr, 1 });
	migrate_enable();
	until = ktime_get_ns() + NSEC_PER_SEC;
	while (kbpf_jit_alias_remote_flushes() == flushes &&
	       ktime_get_ns() < until)
		usleep_range(100, 1000);
	KUNIT_EXPECT_GT(test, kbpf_jit_alias_remote_flushes(), flushes);
	after = kbpf_test_peek(cpu, addr, cookie);
	__free_page(page);
	kunit_info(test, "CPU %d read through the unmapped alias: %s, after the flush: %s\n",
		   cpu, stale ? "yes" : "no", after ? "yes" : "no");
	KUNIT_EXPECT_FALSE(test, after);
	if (!stale)
		kunit_skip(test, "no stale entry to drop here");
}

static struct kunit_case kbpf_jit_arena_cases[] = {
	KUNIT_CASE(kbpf_test_arena_enabled),
	KUNIT_CASE(kbpf_test_arena_run),
	KUNIT_CASE(kbpf_test_arena_unwind),
	KUNIT_CASE(kbpf_test_trace_check),
	KUNIT_CASE(kbpf_test_arena_reuse),
	KUNIT_CASE(kbpf_test_arena_write_bounds),
	KUNIT_CASE(kbpf_test_arena_release),
	KUNIT_CASE(kbpf_test_arena_release_work),
	KUNIT_CASE(kbpf_test_arena_fill),
	KUNIT_CASE(kbpf_test_arena_fill_released),
	KUNIT_CASE(kbpf_test_arena_page_fit),
	KUNIT_CASE(kbpf_test_arena_kprobe),
	KUNIT_CASE(kbpf_test_arena_mapping),
	KUNIT_CASE(kbpf_test_arena_write_cost),
	KUNIT_CASE(kbpf_test_arena_flush_not_waited),
	KUNIT_CASE(kbpf_test_arena_flush_not_waited_purge),
	KUNIT_CASE(kbpf_test_alias_flush_drops_remote),
	{}
};

/* Chunks other suites' programs released are refilled before each case. */
static int kbpf_test_arena_init(struct kunit *test)
{
	return kbpf_jit_arena_flush();
}

static struct kunit_suite kbpf_jit_arena_suite = {
	.name = "kbpf_jit_arena",
	.init = kbpf_test_arena_init,
	.test_cases = kbpf_jit_arena_cases,
};

kunit_test_suite(kbpf_jit_arena_suite);
