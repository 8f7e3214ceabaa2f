// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: kbpf_init_root_open() gives only a regular file of the
 * filesystem named by its magic, walked from init's root.
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <uapi/linux/magic.h>

#include "../kmod/compat.h"
#include "../kmod/link/init_root.h"

/* 0 if @path opened as a file of @magic (closed again), else the errno. */
static int kbpf_init_root_try(const char *path, unsigned long magic)
{
	struct file *file = kbpf_init_root_open(path, magic);

	if (IS_ERR(file))
		return PTR_ERR(file);
	filp_close(file, NULL);
	return 0;
}

static void kbpf_init_root_open_test(struct kunit *test)
{
	const char *paranoid = "proc/sys/kernel/perf_event_paranoid";

	KUNIT_EXPECT_EQ(test, kbpf_init_root_try(paranoid, PROC_SUPER_MAGIC),
			0);
	/* The same file claimed of another filesystem. */
	KUNIT_EXPECT_EQ(test, kbpf_init_root_try(paranoid, SYSFS_MAGIC),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, kbpf_init_root_try("sys/kernel/btf/vmlinux",
						 SYSFS_MAGIC), 0);
	KUNIT_EXPECT_EQ(test, kbpf_init_root_try("sys/kernel/btf/vmlinux",
						 PROC_SUPER_MAGIC), -ENOENT);
	/* Directories are no files, even of the right filesystem. */
	KUNIT_EXPECT_EQ(test, kbpf_init_root_try("proc/sys/kernel",
						 PROC_SUPER_MAGIC), -ENOENT);
	KUNIT_EXPECT_EQ(test, kbpf_init_root_try("sys/kernel/btf",
						 SYSFS_MAGIC), -ENOENT);
	KUNIT_EXPECT_EQ(test, kbpf_init_root_try("proc/sys/kernel/no_such",
						 PROC_SUPER_MAGIC), -ENOENT);
	/* A character device of devtmpfs: not a regular file. */
	KUNIT_EXPECT_EQ(test, kbpf_init_root_try("dev/null", TMPFS_MAGIC),
			-ENOENT);
	/* ".." cannot climb above the root. */
	KUNIT_EXPECT_EQ(test,
			kbpf_init_root_try("../../proc/sys/kernel/perf_event_paranoid",
					   PROC_SUPER_MAGIC), 0);
}

static struct kunit_case kbpf_init_root_cases[] = {
	KUNIT_CASE(kbpf_init_root_open_test),
	{}
};

static struct kunit_suite kbpf_init_root_suite = {
	.name = "kbpf_init_root",
	.test_cases = kbpf_init_root_cases,
};

kunit_test_suite(kbpf_init_root_suite);
