// SPDX-License-Identifier: GPL-2.0
/*
 * raw_tp's BTF cache (kmod/link/tp_btf_cache.c), seen through
 * /sys/kernel/debug/kbpf/tp_btf: the kernel's BTF is read at most once,
 * a module's once per load, and a reloaded module's is read again.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tp_mod.h"

#define TP_BTF	"/sys/kernel/debug/kbpf/tp_btf"

struct btf_reads {
	long vmlinux;
	long module;
};

static struct btf_reads btf_reads(void)
{
	struct btf_reads r = { -1, -1 };
	char line[128];
	FILE *f = fopen(TP_BTF, "r");

	if (!f)
		SKIP("no %s", TP_BTF);
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "vmlinux_reads: %ld", &r.vmlinux);
		sscanf(line, "module_reads: %ld", &r.module);
	}
	fclose(f);
	ASSERT_GE(r.vmlinux, 0);
	ASSERT_GE(r.module, 0);
	return r;
}

/* Attach to @name and detach, @n times. */
static void attach_n(int prog, const char *name, int n)
{
	while (n--)
		close(ASSERT_OK(kbpf_raw_tracepoint_open(name, prog)));
}

static void assert_reads(struct btf_reads r, long vmlinux, long module)
{
	struct btf_reads now = btf_reads();

	ASSERT_EQ(now.vmlinux, r.vmlinux + vmlinux);
	ASSERT_EQ(now.module, r.module + module);
}

TEST_KBPF_ONLY(raw_tp_btf_cache_reads)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	int prog = LOAD_RAW_TP(ret0), fd;
	struct btf_reads r;

	if (access("/sys/kernel/btf/vmlinux", R_OK))
		SKIP("no kernel BTF");
	close(ASSERT_OK(kbpf_raw_tracepoint_open("sys_enter", prog)));
	r = btf_reads();
	attach_n(prog, "sys_enter", 50);
	attach_n(prog, "sys_exit", 50);
	/* A name BTF does not know is not read for again either. */
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("kbpf_no_such_tp", prog), ENOENT);
	assert_reads(r, 0, 0);

	tp_mod_unload();
	tp_mod_load();
	if (access("/sys/kernel/btf/" TP_MOD, R_OK)) {
		ASSERT_OK(tp_mod_unload());
		SKIP("no /sys/kernel/btf/%s", TP_MOD);
	}
	r = btf_reads();
	attach_n(prog, "kbpf_tp_test_widths", 50);
	/* The module's other tracepoint comes from the same read. */
	fd = kbpf_raw_tracepoint_open("kbpf_tp_test_odd", prog);
	if (fd >= 0)
		close(fd);
	/* The kernel's BTF is read again as the module's base, once. */
	assert_reads(r, 1, 1);

	/* Reloaded: read again, once. */
	ASSERT_OK(tp_mod_unload());
	tp_mod_load();
	r = btf_reads();
	attach_n(prog, "kbpf_tp_test_widths", 20);
	assert_reads(r, 1, 1);
	ASSERT_OK(tp_mod_unload());
	close(prog);
}

static volatile int churn_stop;

/* Load and unload the test module until told to stop. */
static void *mod_churn(void *arg)
{
	int fd = *(int *)arg;

	while (!churn_stop) {
		syscall(SYS_finit_module, fd, "", 0);
		syscall(SYS_delete_module, TP_MOD, O_NONBLOCK);
	}
	return NULL;
}

/*
 * Attach to the module's tracepoint while it comes and goes without
 * pause: each attach finds it (and holds it) or not, and the cache
 * never answers for a module that went.
 */
TEST(raw_tp_attack_btf_cache_module_churn)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};
	int prog = LOAD_RAW_TP(ret0), ko, fd, i, ok = 0, gone = 0, other = 0;
	pthread_t t;

	if (kbpf_get_target() == KBPF_TARGET_KBPF &&
	    access("/sys/kernel/btf/vmlinux", R_OK))
		SKIP("no kernel BTF");
	tp_mod_load();
	if (kbpf_get_target() == KBPF_TARGET_KBPF &&
	    access("/sys/kernel/btf/" TP_MOD, R_OK)) {
		ASSERT_OK(tp_mod_unload());
		SKIP("no /sys/kernel/btf/%s", TP_MOD);
	}
	ASSERT_OK(tp_mod_unload());
	ko = ASSERT_OK(open(TP_MOD_KO, O_RDONLY | O_CLOEXEC));
	churn_stop = 0;
	ASSERT_OK(pthread_create(&t, NULL, mod_churn, &ko));
	for (i = 0; i < 300; i++) {
		fd = kbpf_raw_tracepoint_open("kbpf_tp_test_widths", prog);
		if (fd >= 0) {
			ok++;
			close(fd);
		} else if (fd == -ENOENT) {
			gone++;
		} else {
			/* The module's BTF not in sysfs yet, as it comes. */
			if (fd != -EOPNOTSUPP || kbpf_target_linux())
				FAIL("attach: %s", kbpf_errname(-fd));
			other++;
		}
	}
	churn_stop = 1;
	pthread_join(t, NULL);
	close(ko);
	tp_mod_unload();
	printf("# %d attached, %d not loaded, %d without BTF yet\n", ok,
	       gone, other);
	/* Loaded once more: the attach reads the new module's BTF. */
	tp_mod_load();
	close(ASSERT_OK(kbpf_raw_tracepoint_open("kbpf_tp_test_widths", prog)));
	ASSERT_OK(tp_mod_unload());
	close(prog);
}
