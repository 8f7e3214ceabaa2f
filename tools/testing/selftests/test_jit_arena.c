// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT arena's go/no-go on the running kernel, as the module decided
 * it at load (kmod/jit/selfcheck.c): code written into the arena ran,
 * returned through the loader-patched stub and unwound to its caller.
 * /sys/kernel/debug/kbpf/jit_arena says so. The one accepted refusal is
 * call depth tracking, which the arena cannot take part in.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kbpf_test.h"

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

TEST_KBPF_ONLY(jit_arena_ready)
{
	char buf[512], val[128];
	ssize_t len;
	int fd;

	fd = open(JIT_ARENA_FILE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		SKIP("no %s (no debugfs)", JIT_ARENA_FILE);
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ASSERT_GT(len, 0);
	buf[len] = 0;
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
