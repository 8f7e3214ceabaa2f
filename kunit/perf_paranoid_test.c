// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: kbpf reads kernel.perf_event_paranoid and
 * perf_event_max_sample_rate as they are now (perf_paranoid.c), and
 * kbpf_perf_allow_kernel() is Linux's perf_allow_kernel() at each level
 * for each holder of CAP_PERFMON or CAP_SYS_ADMIN.
 */

#include <kunit/test.h>

#include "../kmod/compat.h"
#include "../kmod/link/perf_paranoid.h"
#include "perf_creds.h"

/* Each level written is the level read, the next open's. */
static void kbpf_perf_paranoid_read_test(struct kunit *test)
{
	static const int levels[] = { -1, 0, 1, 2, 3, 4, 2 };
	int saved = kbpf_perf_paranoid(), i;

	for (i = 0; i < ARRAY_SIZE(levels); i++) {
		KUNIT_ASSERT_EQ(test, kbpf_test_sysctl_set(KBPF_TEST_PARANOID,
							   levels[i]), 0);
		KUNIT_EXPECT_EQ(test, kbpf_perf_paranoid(), levels[i]);
	}
	KUNIT_EXPECT_EQ(test, kbpf_test_sysctl_set(KBPF_TEST_PARANOID, saved),
			0);
}

static void kbpf_perf_sample_rate_read_test(struct kunit *test)
{
	int saved = kbpf_perf_max_sample_rate();

	KUNIT_ASSERT_GT(test, saved, 0);
	KUNIT_ASSERT_EQ(test, kbpf_test_sysctl_set(KBPF_TEST_SAMPLE_RATE,
						   1234), 0);
	KUNIT_EXPECT_EQ(test, kbpf_perf_max_sample_rate(), 1234);
	KUNIT_EXPECT_EQ(test, kbpf_test_sysctl_set(KBPF_TEST_SAMPLE_RATE,
						   saved), 0);
	KUNIT_EXPECT_EQ(test, kbpf_perf_max_sample_rate(), saved);
}

/* Above level 1, counting the kernel needs CAP_PERFMON or CAP_SYS_ADMIN. */
static void kbpf_perf_allow_kernel_test(struct kunit *test)
{
	static const u64 holders[] = {
		0,
		KBPF_TEST_CAP(CAP_PERFMON),
		KBPF_TEST_CAP(CAP_SYS_ADMIN),
		KBPF_TEST_CAP(CAP_BPF) | KBPF_TEST_CAP(CAP_SYS_PTRACE),
	};
	const struct cred *old;
	int level, i;

	for (i = 0; i < ARRAY_SIZE(holders); i++) {
		bool perfmon = holders[i] & (KBPF_TEST_CAP(CAP_PERFMON) |
					     KBPF_TEST_CAP(CAP_SYS_ADMIN));

		old = kbpf_test_caps(test, holders[i]);
		for (level = -1; level <= 4; level++)
			KUNIT_EXPECT_EQ_MSG(test,
					    kbpf_perf_allow_kernel(level),
					    level > 1 && !perfmon ? -EACCES : 0,
					    "level %d, caps %#llx", level,
					    holders[i]);
		revert_creds(old);
	}
}

static struct kunit_case kbpf_perf_paranoid_cases[] = {
	KUNIT_CASE(kbpf_perf_paranoid_read_test),
	KUNIT_CASE(kbpf_perf_sample_rate_read_test),
	KUNIT_CASE(kbpf_perf_allow_kernel_test),
	{}
};

static struct kunit_suite kbpf_perf_paranoid_suite = {
	.name = "kbpf_perf_paranoid",
	.test_cases = kbpf_perf_paranoid_cases,
};

kunit_test_suite(kbpf_perf_paranoid_suite);
