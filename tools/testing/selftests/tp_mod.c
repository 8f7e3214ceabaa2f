// SPDX-License-Identifier: GPL-2.0
/* The tracepoint test module's handling: tp_mod.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tp_mod.h"

void tp_mod_load(void)
{
	int fd = open(TP_MOD_KO, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		SKIP("no %s for this kernel", TP_MOD_KO);
	if (syscall(SYS_finit_module, fd, "", 0) && errno != EEXIST)
		FAIL("finit_module(%s): %s", TP_MOD_KO, strerror(errno));
	close(fd);
}

int tp_mod_unload(void)
{
	return syscall(SYS_delete_module, TP_MOD, O_NONBLOCK);
}

/* Writes @v to the module parameter @path. */
static void tp_mod_write(const char *path, __u64 v)
{
	FILE *f = fopen(path, "w");

	ASSERT_TRUE(f);
	ASSERT_TRUE(fprintf(f, "%llu", (unsigned long long)v) > 0);
	ASSERT_EQ(fclose(f), 0);
}

void tp_mod_fire(__u64 h)
{
	tp_mod_write(TP_MOD_FIRE, h);
}

void tp_mod_fire_odd(__u64 n)
{
	tp_mod_write(TP_MOD_FIRE_ODD, n);
}
