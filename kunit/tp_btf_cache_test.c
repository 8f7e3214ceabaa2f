// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the tracepoint tables read from BTF are kept (tp_btf_cache.c):
 * the kernel's is read once and never forgotten; a module's is kept
 * under its name until a module by that name comes or goes
 * (kbpf_tp_btf_forget()), and a failed read is not kept. The reads are
 * counted by the blobs opened (kbpf_tp_btf_*_reads).
 */

#include <kunit/test.h>
#include <linux/atomic.h>

#include "../kmod/compat.h"
#include "../kmod/link/tp_btf.h"

/* A module of the debug kernel with BTF and no tracepoints. */
#define KBPF_TEST_BTF_MOD	"kunit"

static long kbpf_vmlinux_reads(void)
{
	return atomic_long_read(&kbpf_tp_btf_vmlinux_reads);
}

static long kbpf_mod_reads(void)
{
	return atomic_long_read(&kbpf_tp_btf_mod_reads);
}

/* signal_generate(int sig, struct kernel_siginfo *, struct task_struct *, int, int) */
static void kbpf_tp_btf_kernel_test(struct kunit *test)
{
	static const u8 sizes[] = { 4, 8, 8, 4, 4 };
	struct kbpf_tp_args args;
	long reads;
	int i;

	KUNIT_ASSERT_EQ(test, kbpf_tp_btf_args("signal_generate", NULL, &args),
			0);
	reads = kbpf_vmlinux_reads();
	KUNIT_ASSERT_EQ(test, args.nr, ARRAY_SIZE(sizes));
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		KUNIT_EXPECT_EQ_MSG(test, args.size[i], sizes[i], "arg %d", i);

	/* Kept: neither another lookup nor forgetting "" reads again. */
	KUNIT_EXPECT_EQ(test, kbpf_tp_btf_args("sched_switch", NULL, &args),
			0);
	KUNIT_EXPECT_EQ(test, kbpf_tp_btf_args("no_such_tracepoint", NULL,
					       &args), -EOPNOTSUPP);
	kbpf_tp_btf_forget("");
	kbpf_tp_btf_forget(KBPF_TEST_BTF_MOD);
	KUNIT_EXPECT_EQ(test, kbpf_tp_btf_args("signal_generate", NULL, &args),
			0);
	KUNIT_EXPECT_EQ(test, kbpf_vmlinux_reads(), reads);
}

static void kbpf_tp_btf_module_test(struct kunit *test)
{
	struct kbpf_tp_args args;
	long mods;
	int err;

	/* The first lookup makes the table (the module has no tracepoint). */
	kbpf_tp_btf_forget(KBPF_TEST_BTF_MOD);
	mods = kbpf_mod_reads();
	err = kbpf_tp_btf_args("no_such_tracepoint", KBPF_TEST_BTF_MOD, &args);
	KUNIT_EXPECT_EQ(test, err, -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kbpf_mod_reads(), mods + 1);
	/* Kept under its name: read once, whatever else is forgotten. */
	KUNIT_EXPECT_EQ(test, kbpf_tp_btf_args("another", KBPF_TEST_BTF_MOD,
					       &args), -EOPNOTSUPP);
	kbpf_tp_btf_forget("kunit_test");
	kbpf_tp_btf_forget("");
	KUNIT_EXPECT_EQ(test, kbpf_tp_btf_args("another", KBPF_TEST_BTF_MOD,
					       &args), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kbpf_mod_reads(), mods + 1);
	/* Forgotten (the module came or went): read again at the next. */
	kbpf_tp_btf_forget(KBPF_TEST_BTF_MOD);
	KUNIT_EXPECT_EQ(test, kbpf_tp_btf_args("another", KBPF_TEST_BTF_MOD,
					       &args), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kbpf_mod_reads(), mods + 2);
	/* A module's lookup does not find the kernel's tracepoints. */
	KUNIT_EXPECT_EQ(test, kbpf_tp_btf_args("signal_generate",
					       KBPF_TEST_BTF_MOD, &args),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kbpf_mod_reads(), mods + 2);
	kbpf_tp_btf_forget(KBPF_TEST_BTF_MOD);
}

/* No such module: an error each time, and nothing kept in between. */
static void kbpf_tp_btf_missing_test(struct kunit *test)
{
	struct kbpf_tp_args args;
	long mods = kbpf_mod_reads(), vmlinux;
	int err;

	err = kbpf_tp_btf_args("x", "kbpf_no_such_module", &args);
	KUNIT_EXPECT_LT(test, err, 0);
	vmlinux = kbpf_vmlinux_reads();
	KUNIT_EXPECT_EQ(test, kbpf_tp_btf_args("x", "kbpf_no_such_module",
					       &args), err);
	/* Nothing opened for it; the kernel's base is read for each try. */
	KUNIT_EXPECT_EQ(test, kbpf_mod_reads(), mods);
	KUNIT_EXPECT_EQ(test, kbpf_vmlinux_reads(), vmlinux + 1);
}

static struct kunit_case kbpf_tp_btf_cache_cases[] = {
	KUNIT_CASE(kbpf_tp_btf_kernel_test),
	KUNIT_CASE(kbpf_tp_btf_module_test),
	KUNIT_CASE(kbpf_tp_btf_missing_test),
	{}
};

static struct kunit_suite kbpf_tp_btf_cache_suite = {
	.name = "kbpf_tp_btf_cache",
	.test_cases = kbpf_tp_btf_cache_cases,
};

kunit_test_suite(kbpf_tp_btf_cache_suite);
