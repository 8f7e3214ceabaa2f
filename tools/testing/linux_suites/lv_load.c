// SPDX-License-Identifier: GPL-2.0
/*
 * Fixtures and loads of one case on the current libkbpf target. The
 * fixtures follow test_verifier.c's meaning of each .fixup_* array (a map
 * of that shape whose fd goes into the ld_imm64 at each listed index);
 * they are created by the caller, as root, and a forked child keeps only
 * the level's capabilities for the load and the test runs, so that a
 * level never leaks into the next.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>

#include "lv_run.h"
#include "tools/lib/kbpf/btf.h"

/*
 * Seconds a load and its runs may take before the child is killed: a
 * 1M-instruction walk of Linux's takes minutes under TCG.
 */
unsigned int lv_load_timeout = 600;

enum lv_fixture {
	LV_FIX_HASH_8B,
	LV_FIX_HASH_48B,
	LV_FIX_HASH_16B,
	LV_FIX_ARRAY_48B,
	LV_FIX_PROG1,
	LV_FIX_PROG2,
	LV_FIX_ARRAY_RO,
	LV_FIX_ARRAY_WO,
	LV_FIX_ARRAY_SMALL,
	LV_FIX_RINGBUF,
	LV_NR_FIXTURES,
};

static int map_new(__u32 type, __u32 key, __u32 value, __u32 max, __u32 flags)
{
	KBPF_OPTS(kbpf_map_create_opts, opts, .map_flags = flags);

	/* test_verifier's hash fixtures are not preallocated. */
	if (type == KBPF_MAP_TYPE_HASH)
		opts.map_flags |= KBPF_F_NO_PREALLOC;
	return kbpf_map_create(type, NULL, key, value, max, &opts);
}

/* An array fixture whose element 0 says index 7 and foo[6] 0xabcdef12. */
static int array_new(__u32 value, __u32 flags)
{
	struct test_val val = { .index = 7 * sizeof(int) };
	int fd, zero = 0;

	val.foo[6] = 0xabcdef12;
	fd = map_new(KBPF_MAP_TYPE_ARRAY, sizeof(int), value, 1, flags);
	if (fd >= 0 && kbpf_map_update_elem(fd, &zero, &val, 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * A program of @type that returns @ret, tail calling slot @idx first if
 * @map is a prog array (>= 0).
 */
static int dummy_prog(__u32 type, int map, int idx, int ret)
{
	struct kbpf_insn simple[] = {
		KBPF_MOV64_IMM(BPF_REG_0, ret),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_insn chain[] = {
		KBPF_MOV64_IMM(BPF_REG_3, idx),
		BPF_LD_MAP_FD(BPF_REG_2, map),
		BPF_EMIT_CALL(BPF_FUNC_tail_call),
		KBPF_MOV64_IMM(BPF_REG_0, ret),
		KBPF_EXIT_INSN(),
	};
	KBPF_OPTS(kbpf_prog_load_opts, opts);

	if (type == KBPF_PROG_TYPE_SYSCALL)
		opts.prog_flags = KBPF_F_SLEEPABLE;
	if (map < 0)
		return kbpf_prog_load(type, NULL, "GPL", simple,
				      ARRAY_SIZE(simple), &opts);
	return kbpf_prog_load(type, NULL, "GPL", chain, ARRAY_SIZE(chain),
			      &opts);
}

/*
 * A prog array of @max slots: at @k1 a program returning 42, at @k2 one
 * that tail calls slot @k2 (itself) and else returns 41, at @k3 one
 * returning 24.
 */
static int prog_array_new(__u32 type, __u32 max, int k1, int k2, int k3)
{
	int map, fd[3], keys[3] = { k1, k2, k3 }, i, err = 0;

	map = kbpf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, NULL, sizeof(int),
			      sizeof(int), max, NULL);
	if (map < 0)
		return -1;
	fd[0] = dummy_prog(type, -1, 0, 42);
	fd[1] = dummy_prog(type, map, k2, 41);
	fd[2] = dummy_prog(type, -1, 0, 24);
	for (i = 0; i < 3; i++) {
		if (fd[i] < 0 ||
		    kbpf_map_update_elem(map, &keys[i], &fd[i], 0))
			err = -1;
	}
	for (i = 0; i < 3; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	if (err) {
		close(map);
		return -1;
	}
	return map;
}

static int fixture_new(enum lv_fixture fix, __u32 type)
{
	switch (fix) {
	case LV_FIX_HASH_8B:
		return map_new(KBPF_MAP_TYPE_HASH, 8, 8, 1, 0);
	case LV_FIX_HASH_48B:
		return map_new(KBPF_MAP_TYPE_HASH, 8, sizeof(struct test_val),
			       1, 0);
	case LV_FIX_HASH_16B:
		return map_new(KBPF_MAP_TYPE_HASH, 8, sizeof(struct other_val),
			       1, 0);
	case LV_FIX_ARRAY_48B:
		return array_new(sizeof(struct test_val), 0);
	case LV_FIX_PROG1:
		return prog_array_new(type, 4, 0, 1, 2);
	case LV_FIX_PROG2:
		return prog_array_new(type, 8, 7, 1, 2);
	case LV_FIX_ARRAY_RO:
		return array_new(sizeof(struct test_val), KBPF_F_RDONLY_PROG);
	case LV_FIX_ARRAY_WO:
		return array_new(sizeof(struct test_val), KBPF_F_WRONLY_PROG);
	case LV_FIX_ARRAY_SMALL:
		return array_new(1, 0);
	case LV_FIX_RINGBUF:
		return map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0, getpagesize(), 0);
	case LV_NR_FIXTURES:
		break;
	}
	return -1;
}

/* Where each fixture's instruction indexes are in a table's case. */
static const size_t fixup_field[LV_NR_FIXTURES] = {
	[LV_FIX_HASH_8B]	= offsetof(struct bpf_test, fixup_map_hash_8b),
	[LV_FIX_HASH_48B]	= offsetof(struct bpf_test, fixup_map_hash_48b),
	[LV_FIX_HASH_16B]	= offsetof(struct bpf_test, fixup_map_hash_16b),
	[LV_FIX_ARRAY_48B]	= offsetof(struct bpf_test, fixup_map_array_48b),
	[LV_FIX_PROG1]		= offsetof(struct bpf_test, fixup_prog1),
	[LV_FIX_PROG2]		= offsetof(struct bpf_test, fixup_prog2),
	[LV_FIX_ARRAY_RO]	= offsetof(struct bpf_test, fixup_map_array_ro),
	[LV_FIX_ARRAY_WO]	= offsetof(struct bpf_test, fixup_map_array_wo),
	[LV_FIX_ARRAY_SMALL]	= offsetof(struct bpf_test, fixup_map_array_small),
	[LV_FIX_RINGBUF]	= offsetof(struct bpf_test, fixup_map_ringbuf),
};

static const int *fixup_list(const struct bpf_test *t, enum lv_fixture fix)
{
	return (const int *)((const char *)t + fixup_field[fix]);
}

int lv_fixup_table(struct lv_prog *p, int *fds, unsigned int nfds)
{
	const struct bpf_test *t = p->src;
	const int *idx;
	unsigned int f, k;

	for (f = 0; f < nfds; f++)
		fds[f] = -1;
	for (f = 0; f < LV_NR_FIXTURES && f < nfds; f++) {
		idx = fixup_list(t, f);
		/* A list ends at its first 0: index 0 is never a fixup. */
		if (!idx[0])
			continue;
		fds[f] = fixture_new(f, p->type);
		if (fds[f] < 0)
			return -1;
		for (k = 0; k < MAX_FIXUPS && idx[k]; k++)
			if ((unsigned int)idx[k] < p->cnt)
				p->insns[idx[k]].imm = fds[f];
	}
	return 0;
}

void lv_fixup_close(int *fds, unsigned int nfds)
{
	unsigned int f;

	for (f = 0; f < nfds; f++) {
		if (fds[f] >= 0)
			close(fds[f]);
		fds[f] = -1;
	}
}

/* Keep exactly @mask as effective and permitted capabilities. */
static int caps_keep(__u64 mask)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {
		{ .effective = (__u32)mask, .permitted = (__u32)mask },
		{ .effective = mask >> 32, .permitted = mask >> 32 },
	};

	return syscall(SYS_capset, &hdr, data);
}

static __u64 level_caps(enum lv_level level)
{
	__u64 bpf = 1ULL << CAP_BPF, perfmon = 1ULL << CAP_PERFMON;

	return level == LV_BPF ? bpf : bpf | perfmon;
}

/* The runs of @p: each packet once, TEST_DATA_LEN bytes. */
static void test_runs(const struct lv_prog *p, int fd, struct lv_outcome *out)
{
	__u8 data_out[TEST_DATA_LEN * 4];
	unsigned int i;

	for (i = 0; i < p->nr_runs; i++) {
		KBPF_OPTS(kbpf_test_run_opts, opts,
			  .data_in = p->run_data[i],
			  .data_size_in = TEST_DATA_LEN,
			  .data_out = data_out,
			  .data_size_out = sizeof(data_out),
			  .repeat = 1);

		if (kbpf_prog_test_run_opts(fd, &opts)) {
			out->run_err = errno;
			return;
		}
		out->retval[out->runs++] = opts.retval;
	}
}

static void load(const struct lv_prog *p, struct lv_outcome *out, char *log,
		 __u32 log_level)
{
	KBPF_OPTS(kbpf_prog_load_opts, opts,
		  .expected_attach_type = p->expected_attach_type,
		  .prog_flags = p->prog_flags,
		  .log_level = log_level,
		  .log_buf = log,
		  .log_size = LV_LOG_SIZE);
	struct kbpf_func_info finfo[KBPF_MAX_SUBPROGS];
	int fd, btf;

	log[0] = '\0';
	/* Linux wants func_info for callbacks; kbpf gets none (README). */
	btf = kbpf_prog_func_info(p->insns, p->cnt, &opts, finfo, NULL);
	fd = kbpf_prog_load(p->type, NULL, "GPL", p->insns, p->cnt, &opts);
	/* A log too small for the walk hides the verdict: ask without. */
	if (fd < 0 && errno == ENOSPC) {
		opts.log_level = 0;
		opts.log_buf = NULL;
		opts.log_size = 0;
		fd = kbpf_prog_load(p->type, NULL, "GPL", p->insns, p->cnt,
				    &opts);
	}
	out->accepted = fd >= 0;
	out->err = fd < 0 ? errno : 0;
	if (btf > 0)
		close(btf);
	if (fd < 0)
		return;
	if (p->run && p->type == KBPF_PROG_TYPE_SOCKET_FILTER)
		test_runs(p, fd, out);
	close(fd);
}

void lv_load_at(const struct lv_prog *p, enum lv_level level,
		struct lv_outcome *out, char *log, __u32 log_level)
{
	int status;
	pid_t pid;

	memset(out, 0, sizeof(*out));
	out->err = ECHILD;
	log[0] = '\0';
	pid = fork();
	if (pid < 0) {
		out->err = errno;
		return;
	}
	if (pid == 0) {
		alarm(lv_load_timeout);
		if (level != LV_ROOT && caps_keep(level_caps(level)))
			_exit(2);
		load(p, out, log, log_level);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		/* The child died: a hang, a crash or no capset. */
		out->accepted = false;
		out->err = ECHILD;
		snprintf(log, LV_LOG_SIZE, "lv: the loading child died (%#x)",
			 status);
	}
}
