// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: read(2) and the counting ioctls of a kbpf perf event
 * (perf_count.c) on an anchor of perf's own: every read_format laid out
 * as Linux's perf_read_one() and perf_read_group() for a group of one
 * (the layout written here from the perf_event_open(2) manual), -ENOSPC
 * one byte short, -EFAULT into an unmapped page, and the ioctls' errnos.
 */

#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/perf_event.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../kmod/compat.h"
#include "../kmod/link/perf_tp.h"

/* Added to the count by count_base: 0 - (-5). */
#define KBPF_COUNT_VALUE	5

static char __user *kbpf_count_user(struct kunit *test)
{
	unsigned long addr = kunit_vm_mmap(test, NULL, 0, 2 * PAGE_SIZE,
					   PROT_READ | PROT_WRITE,
					   MAP_ANONYMOUS | MAP_PRIVATE, 0);

	KUNIT_ASSERT_NE(test, addr, 0);
	return (char __user *)addr;
}

/*
 * A kbpf event whose anchor is a dummy software counter of CPU 0 (it
 * never counts) reading as KBPF_COUNT_VALUE. Released with
 * kbpf_count_put().
 */
static struct kbpf_perf_event *kbpf_count_event(struct kunit *test, u64 fmt)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_DUMMY,
		.read_format = fmt,
	};
	struct kbpf_perf_event *pe = kzalloc(sizeof(*pe), GFP_KERNEL);
	struct perf_event *event;

	KUNIT_ASSERT_NOT_NULL(test, pe);
	event = perf_event_create_kernel_counter(&attr, 0, NULL, NULL, NULL);
	if (IS_ERR(event))
		kfree(pe);
	KUNIT_ASSERT_FALSE(test, IS_ERR(event));
	pe->anchor = event;
	atomic64_set(&pe->count_base, -KBPF_COUNT_VALUE);
	return pe;
}

static void kbpf_count_put(struct kbpf_perf_event *pe)
{
	perf_event_release_kernel(pe->anchor);
	kfree(pe);
}

/* Where each value sits in read(2)'s answer for @fmt; -1 if absent. */
struct kbpf_count_layout {
	int words, nr, value, enabled, running, id, lost;
};

static struct kbpf_count_layout kbpf_count_layout(u64 fmt)
{
	struct kbpf_count_layout l = { .nr = -1, .enabled = -1,
				       .running = -1, .id = -1, .lost = -1 };
	bool group = fmt & PERF_FORMAT_GROUP;
	int n = 0;

	/* { nr | value, [enabled], [running], [value], [id], [lost] } */
	if (group)
		l.nr = n++;
	else
		l.value = n++;
	if (fmt & PERF_FORMAT_TOTAL_TIME_ENABLED)
		l.enabled = n++;
	if (fmt & PERF_FORMAT_TOTAL_TIME_RUNNING)
		l.running = n++;
	if (group)
		l.value = n++;
	if (fmt & PERF_FORMAT_ID)
		l.id = n++;
	if (fmt & PERF_FORMAT_LOST)
		l.lost = n++;
	l.words = n;
	return l;
}

static void kbpf_count_check(struct kunit *test, struct kbpf_perf_event *pe,
			     u64 fmt, char __user *u)
{
	struct kbpf_count_layout l = kbpf_count_layout(fmt);
	size_t size = l.words * sizeof(u64);
	u64 got[8];

	KUNIT_EXPECT_EQ_MSG(test, kbpf_perf_count_read(pe, u, size - 1),
			    -ENOSPC, "fmt %#llx", fmt);
	KUNIT_ASSERT_EQ(test, clear_user(u, sizeof(got)), 0);
	KUNIT_ASSERT_EQ_MSG(test, kbpf_perf_count_read(pe, u, PAGE_SIZE),
			    (ssize_t)size, "fmt %#llx", fmt);
	KUNIT_ASSERT_EQ(test, copy_from_user(got, u, sizeof(got)), 0);
	KUNIT_EXPECT_EQ(test, got[l.value], KBPF_COUNT_VALUE);
	if (l.nr >= 0)
		KUNIT_EXPECT_EQ(test, got[l.nr], 1);
	if (l.id >= 0)
		KUNIT_EXPECT_EQ(test, got[l.id], pe->anchor->id);
	if (l.lost >= 0)
		KUNIT_EXPECT_EQ(test, got[l.lost], 0);
	if (l.enabled >= 0 && l.running >= 0)
		KUNIT_EXPECT_GE(test, got[l.enabled], got[l.running]);
	/* Nothing past the layout is written. */
	KUNIT_EXPECT_EQ(test, got[l.words], 0);
	/* Exactly to the end of the mapping, then one word past it. */
	KUNIT_EXPECT_EQ(test, kbpf_perf_count_read(pe, u + PAGE_SIZE - size,
						   size), (ssize_t)size);
	KUNIT_EXPECT_EQ(test, kbpf_perf_count_read(pe, u + PAGE_SIZE - size +
						   8, size), -EFAULT);
}

/* Every combination of the five read_format bits Linux 6.12 knows. */
static void kbpf_perf_count_read_test(struct kunit *test)
{
	char __user *u = kbpf_count_user(test);
	struct kbpf_perf_event *pe;
	u64 fmt;

	KUNIT_ASSERT_EQ(test, vm_munmap((unsigned long)u + PAGE_SIZE,
					PAGE_SIZE), 0);
	for (fmt = 0; fmt < PERF_FORMAT_MAX; fmt++) {
		pe = kbpf_count_event(test, fmt);
		kbpf_count_check(test, pe, fmt, u);
		kbpf_count_put(pe);
	}
}

static void kbpf_perf_count_ioctl_test(struct kunit *test)
{
	struct kbpf_perf_event *pe = kbpf_count_event(test, 0);
	char __user *u = kbpf_count_user(test);
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
	};
	unsigned long arg = (unsigned long)u;
	u64 v;

	/* RESET: the count reads 0 from then on. */
	KUNIT_EXPECT_EQ(test, kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_RESET,
						    0), 0);
	KUNIT_EXPECT_EQ(test, kbpf_perf_count_read(pe, u, 8), 8);
	KUNIT_EXPECT_EQ(test, get_user(v, (u64 __user *)u), 0);
	KUNIT_EXPECT_EQ(test, v, 0);
	KUNIT_EXPECT_EQ(test, kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_ID,
						    arg), 0);
	KUNIT_EXPECT_EQ(test, get_user(v, (u64 __user *)u), 0);
	KUNIT_EXPECT_EQ(test, v, pe->anchor->id);
	KUNIT_EXPECT_EQ(test, kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_ID, 0),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_ENABLE,
						    0), 0);
	KUNIT_EXPECT_EQ(test, kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_DISABLE,
						    0), 0);
	KUNIT_EXPECT_EQ(test, kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_REFRESH,
						    1), -EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_PERIOD,
						    arg), -EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_PERIOD,
						    0), -EFAULT);
	KUNIT_EXPECT_EQ(test,
			kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_PAUSE_OUTPUT,
					      1), -EINVAL);
	KUNIT_EXPECT_EQ(test,
			kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_SET_OUTPUT,
					      (unsigned long)-1), 0);
	/* A 32-bit -1 is an fd number, and no open one. */
	KUNIT_EXPECT_EQ(test,
			kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_SET_OUTPUT,
					      0xffffffffUL), -EBADF);
	KUNIT_ASSERT_EQ(test, copy_to_user(u, "common_pid == 1", 16), 0);
	KUNIT_EXPECT_EQ(test,
			kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_SET_FILTER,
					      arg), 0);
	KUNIT_EXPECT_EQ(test,
			kbpf_perf_count_ioctl(pe, PERF_EVENT_IOC_SET_FILTER,
					      0), -EFAULT);
	/* MODIFY_ATTRIBUTES: the attr's own checks, then the type's. */
	KUNIT_ASSERT_EQ(test, copy_to_user(u, &attr, sizeof(attr)), 0);
	KUNIT_EXPECT_EQ(test,
			kbpf_perf_count_ioctl(pe,
					      PERF_EVENT_IOC_MODIFY_ATTRIBUTES,
					      arg), -EOPNOTSUPP);
	attr.type = PERF_TYPE_TRACEPOINT;
	KUNIT_ASSERT_EQ(test, copy_to_user(u, &attr, sizeof(attr)), 0);
	KUNIT_EXPECT_EQ(test,
			kbpf_perf_count_ioctl(pe,
					      PERF_EVENT_IOC_MODIFY_ATTRIBUTES,
					      arg), -EINVAL);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.size = 1;
	KUNIT_ASSERT_EQ(test, copy_to_user(u, &attr, sizeof(attr)), 0);
	KUNIT_EXPECT_EQ(test,
			kbpf_perf_count_ioctl(pe,
					      PERF_EVENT_IOC_MODIFY_ATTRIBUTES,
					      arg), -E2BIG);
	KUNIT_EXPECT_EQ(test, kbpf_perf_count_ioctl(pe, _IO('$', 0x7f), 0),
			-ENOTTY);
	kbpf_count_put(pe);
}

static struct kunit_case kbpf_perf_count_cases[] = {
	KUNIT_CASE(kbpf_perf_count_read_test),
	KUNIT_CASE(kbpf_perf_count_ioctl_test),
	{}
};

static struct kunit_suite kbpf_perf_count_suite = {
	.name = "kbpf_perf_count",
	.test_cases = kbpf_perf_count_cases,
};

kunit_test_suite(kbpf_perf_count_suite);
