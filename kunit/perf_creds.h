/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit helpers for the perf event tests: run as a caller holding only
 * some capabilities, and set a kernel.* sysctl as a root user would.
 */
#ifndef _KBPF_KUNIT_PERF_CREDS_H
#define _KBPF_KUNIT_PERF_CREDS_H

#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>

#define KBPF_TEST_CAP(cap)	BIT_ULL(cap)

/*
 * Make the test's thread a caller whose effective capabilities are
 * @caps (KBPF_TEST_CAP() bits) until revert_creds() of what it returns.
 */
static inline const struct cred *kbpf_test_caps(struct kunit *test, u64 caps)
{
	struct cred *new = prepare_creds();
	const struct cred *old;
	int cap;

	KUNIT_ASSERT_NOT_NULL(test, new);
	cap_clear(new->cap_effective);
	for (cap = 0; cap <= CAP_LAST_CAP; cap++)
		if (caps & KBPF_TEST_CAP(cap))
			cap_raise(new->cap_effective, cap);
	old = override_creds(new);
	/* override_creds() took its own reference; revert_creds() drops it. */
	put_cred(new);
	return old;
}

/* Write @value to the sysctl file @path (absolute): 0 or an errno. */
static inline int kbpf_test_sysctl_set(const char *path, int value)
{
	struct file *file = filp_open(path, O_WRONLY, 0);
	char buf[16];
	loff_t pos = 0;
	ssize_t len;

	if (IS_ERR(file))
		return PTR_ERR(file);
	len = scnprintf(buf, sizeof(buf), "%d\n", value);
	len = kernel_write(file, buf, len, &pos);
	filp_close(file, NULL);
	return len < 0 ? len : 0;
}

#define KBPF_TEST_PARANOID	"/proc/sys/kernel/perf_event_paranoid"
#define KBPF_TEST_SAMPLE_RATE	"/proc/sys/kernel/perf_event_max_sample_rate"

#endif /* _KBPF_KUNIT_PERF_CREDS_H */
