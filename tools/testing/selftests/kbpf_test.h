/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny TAP harness for kbpf's user-space tests.
 *
 * The same binary runs against /dev/kbpf (KBPF_TEST_TARGET=kbpf, the default)
 * and against Linux's own bpf(2) (KBPF_TEST_TARGET=linux): Linux 6.12 is the
 * oracle, so every expectation written here must hold on both.
 *
 * Each TEST() runs in a forked child under an alarm, so a crash, a hang or a
 * dropped capability stays inside that test. ASSERT_*() print a TAP
 * diagnostic ("# file:line: ...") and end the test as failed.
 */
#ifndef KBPF_TEST_H
#define KBPF_TEST_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <uapi/linux/kbpf.h>
#include "tools/lib/kbpf/kbpf.h"

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif
#ifndef __noreturn
#define __noreturn	__attribute__((noreturn))
#endif
#ifndef __aligned
#define __aligned(x)	__attribute__((aligned(x)))
#endif
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Kernel-internal, yet bpf(2) and mmap(2) of a map fd hand it out. */
#ifndef ENOTSUPP
#define ENOTSUPP	524
#endif

/* Where a test runs: a mask of libkbpf's enum kbpf_target. */
#define KBPF_TARGET_ANY		(KBPF_TARGET_KBPF | KBPF_TARGET_LINUX)

struct kbpf_test {
	const char *name;
	void (*fn)(void);
	unsigned int targets;		/* enum kbpf_target mask */
	struct kbpf_test *next;
};

void kbpf_test_register(struct kbpf_test *t);

#define __KBPF_TEST(tname, tgt)						\
	static void test_##tname(void);					\
	static struct kbpf_test __kbpf_test_##tname = {			\
		.name = #tname, .fn = test_##tname, .targets = (tgt),	\
	};								\
	static void __attribute__((constructor))			\
	__kbpf_register_##tname(void)					\
	{								\
		kbpf_test_register(&__kbpf_test_##tname);		\
	}								\
	static void test_##tname(void)

/* A test of behaviour both kbpf and Linux share. */
#define TEST(name)		__KBPF_TEST(name, KBPF_TARGET_ANY)
/* A deliberate kbpf difference (listed in README): skipped against Linux. */
#define TEST_KBPF_ONLY(name)	__KBPF_TEST(name, KBPF_TARGET_KBPF)
/* Something only Linux's bpf(2) does: skipped against kbpf. */
#define TEST_LINUX_ONLY(name)	__KBPF_TEST(name, KBPF_TARGET_LINUX)

/* Failure and skip end the current test's process. */
__noreturn __printf(3, 4)
void kbpf_fail(const char *file, int line, const char *fmt, ...);
__noreturn __printf(1, 2)
void kbpf_skip(const char *fmt, ...);
__printf(1, 2) void kbpf_diag(const char *fmt, ...);
const char *kbpf_errname(int err);

#ifdef __FILE_NAME__
#define KBPF_FILE	__FILE_NAME__
#else
#define KBPF_FILE	__FILE__
#endif
#define FAIL(fmt, ...)	kbpf_fail(KBPF_FILE, __LINE__, fmt, ##__VA_ARGS__)
#define SKIP(fmt, ...)	kbpf_skip(fmt, ##__VA_ARGS__)

#define ASSERT_TRUE(cond) do {						\
	if (!(cond))							\
		FAIL("%s is false", #cond);				\
} while (0)

#define ASSERT_FALSE(cond) do {						\
	if (cond)							\
		FAIL("%s is true", #cond);				\
} while (0)

#define __ASSERT_CMP(a, op, b) do {					\
	long long __a = (long long)(a), __b = (long long)(b);		\
	if (!(__a op __b))						\
		FAIL("%s %s %s: %lld vs %lld", #a, #op, #b, __a, __b);	\
} while (0)

#define ASSERT_EQ(a, b)	__ASSERT_CMP(a, ==, b)
#define ASSERT_NE(a, b)	__ASSERT_CMP(a, !=, b)
#define ASSERT_LT(a, b)	__ASSERT_CMP(a, <, b)
#define ASSERT_LE(a, b)	__ASSERT_CMP(a, <=, b)
#define ASSERT_GT(a, b)	__ASSERT_CMP(a, >, b)
#define ASSERT_GE(a, b)	__ASSERT_CMP(a, >=, b)

/*
 * expr must fail with errno == err and return -1 (as bpf(2) does) or
 * -err (as libkbpf's functions do).
 */
#define ASSERT_ERRNO(expr, err) do {					\
	long __r;							\
	int __want = (err);						\
	errno = 0;							\
	__r = (long)(expr);						\
	if ((__r != -1 && __r != -__want) || errno != __want)		\
		FAIL("%s: got %ld (errno %s), want -1 (errno %s)",	\
		     #expr, __r, kbpf_errname(errno),			\
		     kbpf_errname(__want));				\
} while (0)

/* expr must succeed (>= 0); evaluates to its value. */
#define ASSERT_OK(expr) ({						\
	long __r;							\
	errno = 0;							\
	__r = (long)(expr);						\
	if (__r < 0)							\
		FAIL("%s: got %ld (errno %s), want >= 0",		\
		     #expr, __r, kbpf_errname(errno));			\
	__r;								\
})

#define ASSERT_MEMEQ(a, b, len) do {					\
	size_t __len = (len);						\
	if (memcmp((a), (b), __len))					\
		FAIL("%s and %s differ in their first %zu bytes",	\
		     #a, #b, __len);					\
} while (0)

#define ASSERT_STREQ(a, b) do {						\
	const char *__a = (a), *__b = (b);				\
	if (strcmp(__a, __b))						\
		FAIL("%s == %s: \"%s\" vs \"%s\"", #a, #b, __a, __b);	\
} while (0)

/*
 * The system call under test is libkbpf's (kbpf_sys(), the target switch:
 * tools/lib/kbpf/bpf.h). The shorthands below wrap its functions and
 * return as bpf(2) does: -1 with errno.
 */
int kbpf_map_new(__u32 type, __u32 key_size, __u32 value_size,
		 __u32 max_entries, __u32 flags);
int kbpf_array_create(__u32 value_size, __u32 max_entries);
int kbpf_map_lookup(int fd, const void *key, void *value, __u64 flags);
int kbpf_map_update(int fd, const void *key, const void *value, __u64 flags);
int kbpf_map_delete(int fd, const void *key);
int kbpf_map_next_key(int fd, const void *key, void *next_key);
int kbpf_map_next_id(__u32 start_id, __u32 *next_id);
int kbpf_map_fd_by_id(__u32 id, __u32 open_flags);
int kbpf_obj_info(int fd, void *info, __u32 *info_len);
/* Whether a map of this name has an ID (the walk must end with ENOENT). */
bool kbpf_map_named_exists(const char *name);
int kbpf_map_lookup_and_delete(int fd, const void *key, void *value,
			       __u64 flags);
/*
 * MAP_{LOOKUP,LOOKUP_AND_DELETE,UPDATE,DELETE}_BATCH. *count goes in as
 * batch.count and comes back as whatever the call left there, success or
 * not (the kernel writes it on most error paths too).
 */
int kbpf_map_batch(int cmd, int fd, const void *in_batch, void *out_batch,
		   void *keys, void *values, __u32 *count, __u64 elem_flags,
		   __u64 flags);
/* Number of CPUs in /sys/devices/system/cpu/possible; fails the test
 * when it cannot be read. Per-CPU values cross the ABI as one
 * round_up(value_size, 8) slot per possible CPU.
 */
int kbpf_nr_possible_cpus(void);
/* Pin the calling test to the CPU it runs on; fails the test on error. */
void kbpf_pin_cpu(void);
/* OBJ_GET_INFO_BY_FD into a struct kbpf_map_info; fails the test on error. */
void kbpf_map_info(int fd, struct kbpf_map_info *info);

/*
 * Where the target's pin filesystem is: /sys/fs/kbpf (fs type "kbpf") or,
 * against Linux, /sys/fs/bpf (bpffs). Mounts it there if it is not
 * mounted yet; fails the test when that fails.
 */
const char *kbpf_pin_root(void);
/* The fs type name of the target's pin filesystem: "kbpf" or "bpf". */
const char *kbpf_pin_fstype(void);
/*
 * OBJ_GET with file_flags (kbpf_obj_pin() is libkbpf's); path_fd is used
 * only with KBPF_F_PATH_FD.
 */
int kbpf_obj_get_flags(const char *path, __u32 file_flags);
int kbpf_obj_pin_at(int fd, int path_fd, const char *path, __u32 file_flags);
int kbpf_obj_get_at(int path_fd, const char *path, __u32 file_flags);

/*
 * Capabilities: keep exactly the ones in mask (effective, permitted), clear
 * inheritable; 0 drops all. Fails the test on error.
 */
#define KBPF_CAP(cap)	(1ULL << (cap))
void kbpf_caps_keep(__u64 mask);
/* Skip when the privilege rules under test are not Linux's with
 * kernel.unprivileged_bpf_disabled != 0 (kbpf always behaves as with 2).
 */
void kbpf_require_unpriv_disabled(void);

#endif /* KBPF_TEST_H */
