// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT arena's go/no-go on the running kernel, as the module decided
 * it at load (kmod/jit/selfcheck.c): code written into the arena ran,
 * returned through the loader-patched stub and unwound to its caller.
 * /sys/kernel/debug/kbpf/jit_arena says so. The one accepted refusal is
 * call depth tracking, which the arena cannot take part in.
 *
 * Lazy serialization (kmod/jit/serialize.h), through the same file's
 * "serialized" and "generation": a load leaves every CPU behind its
 * image, so the first run on each CPU serializes once and later runs
 * never; a newer load leaves older images alone. Runs of a raw_tp and
 * of a sleepable SYSCALL program (pinned by migrate_disable() alone).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kbpf_prog.h"

#define JIT_ARENA_FILE	"/sys/kernel/debug/kbpf/jit_arena"

/* The value of "@key: value" in @buf, up to the end of its line. */
static const char *field(const char *buf, const char *key, char *val,
			 size_t size)
{
	const char *p = strstr(buf, key);
	size_t len;

	if (!p || (p != buf && p[-1] != '\n'))
		return NULL;
	p += strlen(key);
	len = strcspn(p, "\n");
	if (len >= size)
		len = size - 1;
	memcpy(val, p, len);
	val[len] = 0;
	return val;
}

/* The arena's debugfs file into @buf, NUL-terminated; skips if none. */
static void arena_read(char *buf, size_t size)
{
	ssize_t len;
	int fd;

	fd = open(JIT_ARENA_FILE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		SKIP("no %s (no debugfs)", JIT_ARENA_FILE);
	len = read(fd, buf, size - 1);
	close(fd);
	ASSERT_GT(len, 0);
	buf[len] = 0;
}

TEST_KBPF_ONLY(jit_arena_ready)
{
	char buf[512], val[128];

	arena_read(buf, sizeof(buf));
	ASSERT_TRUE(field(buf, "state: ", val, sizeof(val)));
	if (!strcmp(val, "disabled (call depth tracking is on)"))
		SKIP("%s", val);
	if (strcmp(val, "enabled"))
		FAIL("the JIT arena is %s", val);
	ASSERT_TRUE(field(buf, "size: ", val, sizeof(val)));
	ASSERT_GT(atol(val), 0);
	ASSERT_TRUE(field(buf, "fallbacks: ", val, sizeof(val)));
	/* The loader made RET a plain return or a jump to a thunk. */
	ASSERT_TRUE(field(buf, "return: ", val, sizeof(val)));
	if (strcmp(val, "ret") && strncmp(val, "jmp ", 4))
		FAIL("return stub: %s", val);
}

/* The number after "@key: " in the arena's debugfs file; skips if none. */
static long arena_num(const char *key)
{
	char buf[512], val[128];

	arena_read(buf, sizeof(buf));
	if (!field(buf, key, val, sizeof(val)))
		FAIL("no \"%s\" in %s", key, JIT_ARENA_FILE);
	return atol(val);
}

/*
 * A program returning @ret, raw_tp or (@sleepable) SYSCALL, which must be
 * JITed (else skip).
 */
static int load_jited(int ret, int sleepable)
{
	const struct kbpf_insn insns[] = { KBPF_RET_IMM(ret) };
	struct kbpf_prog_info info;
	int fd;

	fd = sleepable ? LOAD_SYSCALL(insns) : LOAD_RAW_TP(insns);
	kbpf_prog_info(fd, &info);
	if (!info.jited_prog_len)
		SKIP("not JITed (jit_enable=0, or no arena)");
	return fd;
}

/* Runs @fd twice on each of the @n CPUs of @cpus; it returns @ret. */
static void run_everywhere(int fd, int ret, const cpu_set_t *cpus, int n)
{
	cpu_set_t one;
	int cpu, seen = 0;

	for (cpu = 0; seen < n; cpu++) {
		if (!CPU_ISSET(cpu, cpus))
			continue;
		seen++;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		ASSERT_OK(sched_setaffinity(0, sizeof(one), &one));
		ASSERT_EQ(RUN_PROG(fd, NULL, 0), ret);
		ASSERT_EQ(RUN_PROG(fd, NULL, 0), ret);
	}
}

TEST_KBPF_ONLY(jit_serialize_lazily)
{
	long gen, ser, ser1;
	cpu_set_t cpus;
	int a, b, n;

	ASSERT_OK(sched_getaffinity(0, sizeof(cpus), &cpus));
	n = CPU_COUNT(&cpus);
	ASSERT_GT(n, 0);
	a = load_jited(3, 0);
	gen = arena_num("generation: ");
	ASSERT_GT(gen, 0);
	ser = arena_num("serialized: ");
	/* behind a's image: each CPU serializes on its first run only */
	run_everywhere(a, 3, &cpus, n);
	ser1 = arena_num("serialized: ");
	ASSERT_EQ(ser1, ser + n);
	run_everywhere(a, 3, &cpus, n);
	ASSERT_EQ(arena_num("serialized: "), ser1);
	/* b's session bumps the generation; a's image is as it was */
	b = load_jited(4, 1);
	ASSERT_GT(arena_num("generation: "), gen);
	run_everywhere(a, 3, &cpus, n);
	ASSERT_EQ(arena_num("serialized: "), ser1);
	run_everywhere(b, 4, &cpus, n);
	ASSERT_EQ(arena_num("serialized: "), ser1 + n);
	close(b);
	close(a);
}
