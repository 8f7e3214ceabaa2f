// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the chained grace periods that free what sleepable programs can
 * reach (kmod/sleepable.h), in both flavours. An object posted with
 * kbpf_call_sleepable_rcu() and a chained call_rcu(), as maps, programs
 * and hash elements are, must outlive a sleepable reader that sleeps,
 * and a plain RCU reader.
 *
 * The cases switch the flavour for their own duration; nothing else in
 * the module runs programs while KUnit does.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "../kmod/compat.h"
#include "../kmod/sleepable.h"

struct kbpf_test_chained {
	struct rcu_head rcu;
	struct completion freed;
};

static void kbpf_test_chained_rcu(struct rcu_head *rcu)
{
	complete(&container_of(rcu, struct kbpf_test_chained, rcu)->freed);
}

static void kbpf_test_chained_sleepable(struct rcu_head *rcu)
{
	call_rcu(rcu, kbpf_test_chained_rcu);
}

/* Heap, not stack: debugobjects wants rcu_heads it can track. */
static struct kbpf_test_chained *kbpf_test_post(struct kunit *test)
{
	struct kbpf_test_chained *obj = kzalloc(sizeof(*obj), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, obj);
	init_completion(&obj->freed);
	kbpf_call_sleepable_rcu(&obj->rcu, kbpf_test_chained_sleepable);
	return obj;
}

/* Freed only once its chain has run; left alone (leaked) otherwise. */
static void kbpf_test_wait(struct kunit *test, struct kbpf_test_chained *obj)
{
	if (wait_for_completion_timeout(&obj->freed, 30 * HZ))
		kfree(obj);
	else
		KUNIT_FAIL(test, "the chained grace periods never ended");
}

/* Runs @fn with the flavour set, then drains both flavours' callbacks. */
static void kbpf_test_flavour(struct kunit *test, bool srcu,
			      void (*fn)(struct kunit *test))
{
	bool saved = READ_ONCE(kbpf_sleepable_srcu);

	WRITE_ONCE(kbpf_sleepable_srcu, srcu);
	fn(test);
	srcu_barrier(&kbpf_srcu);
	rcu_barrier_tasks_trace();
	rcu_barrier();
	WRITE_ONCE(kbpf_sleepable_srcu, saved);
}

static void kbpf_test_sleeping_reader(struct kunit *test)
{
	struct kbpf_test_chained *obj;
	int idx;

	idx = kbpf_sleepable_read_lock();
	obj = kbpf_test_post(test);
	msleep(300);
	KUNIT_EXPECT_FALSE(test, completion_done(&obj->freed));
	kbpf_sleepable_read_unlock(idx);
	kbpf_test_wait(test, obj);
}

static void kbpf_test_rcu_reader(struct kunit *test)
{
	struct kbpf_test_chained *obj = kbpf_test_post(test);

	rcu_read_lock();
	mdelay(300);
	KUNIT_EXPECT_FALSE(test, completion_done(&obj->freed));
	rcu_read_unlock();
	kbpf_test_wait(test, obj);
}

static void kbpf_sleepable_reader_tasks_trace_test(struct kunit *test)
{
	kbpf_test_flavour(test, false, kbpf_test_sleeping_reader);
}

static void kbpf_sleepable_reader_srcu_test(struct kunit *test)
{
	kbpf_test_flavour(test, true, kbpf_test_sleeping_reader);
}

static void kbpf_rcu_reader_tasks_trace_test(struct kunit *test)
{
	kbpf_test_flavour(test, false, kbpf_test_rcu_reader);
}

static void kbpf_rcu_reader_srcu_test(struct kunit *test)
{
	kbpf_test_flavour(test, true, kbpf_test_rcu_reader);
}

/* The unlock follows the lock's flavour even if the setting changed. */
static void kbpf_unlock_follows_lock_test(struct kunit *test)
{
	bool saved = READ_ONCE(kbpf_sleepable_srcu);
	int idx;

	WRITE_ONCE(kbpf_sleepable_srcu, true);
	idx = kbpf_sleepable_read_lock();
	KUNIT_EXPECT_GE(test, idx, 0);
	WRITE_ONCE(kbpf_sleepable_srcu, false);
	kbpf_sleepable_read_unlock(idx);
	idx = kbpf_sleepable_read_lock();
	KUNIT_EXPECT_EQ(test, idx, -1);
	WRITE_ONCE(kbpf_sleepable_srcu, true);
	kbpf_sleepable_read_unlock(idx);
	WRITE_ONCE(kbpf_sleepable_srcu, saved);
}

static struct kunit_case kbpf_sleepable_cases[] = {
	KUNIT_CASE(kbpf_sleepable_reader_tasks_trace_test),
	KUNIT_CASE(kbpf_sleepable_reader_srcu_test),
	KUNIT_CASE(kbpf_rcu_reader_tasks_trace_test),
	KUNIT_CASE(kbpf_rcu_reader_srcu_test),
	KUNIT_CASE(kbpf_unlock_follows_lock_test),
	{}
};

static struct kunit_suite kbpf_sleepable_suite = {
	.name = "kbpf_sleepable",
	.test_cases = kbpf_sleepable_cases,
};

kunit_test_suite(kbpf_sleepable_suite);
