// SPDX-License-Identifier: GPL-2.0
/*
 * A fatal signal ends a long command. A child starts the largest case of
 * a command whose length the caller chooses (per-CPU map creation, one
 * allocation per element; a batch over a million elements; a uprobe_multi
 * link of 2^20 probes, registered one by one); SIGKILL
 * lands in the middle of it. The child must be reaped within a bound, and
 * no map it was making may be left behind (its ID is gone). Linux's
 * allocators give up on a fatal signal too, so both targets are held to
 * the same bound.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "kbpf_prog.h"
#include "kbpf_test.h"

/* Seconds from SIGKILL to reaped: generous for the debug kernel's TCG. */
#define KILL_REAP_BOUND		20.0
/* How long the child is let run its command before it is killed. */
#define KILL_AFTER_MS		500

#define VICTIM_NAME		"kbpf_kill"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static int victim_create(__u32 type, __u32 value_size, __u32 max_entries)
{
	KBPF_OPTS(kbpf_map_create_opts, opts);

	return kbpf_map_create(type, VICTIM_NAME, 4, value_size, max_entries,
			       &opts);
}

/*
 * Run @fn in a child that writes one byte to a pipe just before its long
 * command; kill it KILL_AFTER_MS later and time its reaping.
 */
static void kill_during(void (*fn)(int ready_fd))
{
	double killed_at, waited;
	bool ended_first;
	int pipefd[2], status;
	pid_t pid, got;
	char c;

	ASSERT_OK(pipe(pipefd));
	pid = fork();
	ASSERT_TRUE(pid >= 0);
	if (!pid) {
		close(pipefd[0]);
		fn(pipefd[1]);
		_exit(0);
	}
	close(pipefd[1]);
	ASSERT_EQ(read(pipefd[0], &c, 1), 1);
	close(pipefd[0]);
	sleep_ms(KILL_AFTER_MS);

	ended_first = waitpid(pid, &status, WNOHANG) == pid;
	killed_at = now_s();
	if (!ended_first) {
		ASSERT_OK(kill(pid, SIGKILL));
		do {
			got = waitpid(pid, &status, WNOHANG);
			waited = now_s() - killed_at;
			if (!got && waited > KILL_REAP_BOUND) {
				FAIL("not reaped %.0f s after SIGKILL",
				     KILL_REAP_BOUND);
			}
			if (!got)
				sleep_ms(10);
		} while (!got);
		ASSERT_EQ(got, pid);
		kbpf_diag("reaped %.2f s after SIGKILL", now_s() - killed_at);
	} else {
		kbpf_diag("the command ended before the kill");
	}
	ASSERT_FALSE(kbpf_map_named_exists(VICTIM_NAME));
}

static void signal_ready(int ready_fd)
{
	if (write(ready_fd, "r", 1) != 1)
		_exit(2);
}

/* 2^22 per-CPU values: one per-CPU allocation each, as on Linux. */
static void create_percpu_array(int ready_fd)
{
	signal_ready(ready_fd);
	victim_create(KBPF_MAP_TYPE_PERCPU_ARRAY, 8, 1U << 22);
}

static void create_percpu_hash(int ready_fd)
{
	signal_ready(ready_fd);
	victim_create(KBPF_MAP_TYPE_PERCPU_HASH, 8, 1U << 20);
}

static void create_lru_percpu_hash(int ready_fd)
{
	signal_ready(ready_fd);
	victim_create(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 8, 1U << 20);
}

/* A million-element update batch on a map made before the signal. */
static void update_batch(int ready_fd)
{
	__u32 n = 1U << 20, i, count = n;
	__u64 *values;
	__u32 *keys;
	int fd;

	keys = malloc(n * sizeof(*keys));
	values = malloc(n * sizeof(*values));
	fd = victim_create(KBPF_MAP_TYPE_HASH, 8, n);
	if (!keys || !values || fd < 0)
		_exit(2);
	for (i = 0; i < n; i++) {
		keys[i] = i;
		values[i] = i;
	}
	signal_ready(ready_fd);
	kbpf_map_batch(KBPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys, values,
		       &count, 0, 0);
}

TEST(kill_percpu_array_create)
{
	kill_during(create_percpu_array);
}

TEST(kill_percpu_hash_create)
{
	kill_during(create_percpu_hash);
}

TEST(kill_lru_percpu_hash_create)
{
	kill_during(create_lru_percpu_hash);
}

TEST(kill_hash_update_batch)
{
	kill_during(update_batch);
}

/* Where the probes go: never called. */
static __attribute__((noinline)) int kill_probe_target(int x)
{
	return x + 1;
}

/* The file offset of @addr in this binary, from /proc/self/maps. */
static __u64 self_file_offset(const void *addr)
{
	unsigned long start, end, pgoff, a = (unsigned long)addr;
	char line[4096];
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		_exit(2);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %*s %lx", &start, &end, &pgoff) == 3 &&
		    a >= start && a < end) {
			fclose(f);
			return a - start + pgoff;
		}
	}
	_exit(2);
}

/* Linux's MAX_UPROBE_MULTI_CNT probes, all on one instruction. */
static void uprobe_multi_attach(int ready_fd)
{
	static const struct kbpf_insn insns[] = {
		KBPF_MOV64_IMM(KBPF_REG_0, 0),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_load_opts opts = {
		.expected_attach_type = KBPF_TRACE_UPROBE_MULTI,
	};
	__u32 cnt = 1U << 20, i;
	char path[4096];
	__u64 *offsets;
	ssize_t n;
	int prog;

	n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	offsets = malloc(cnt * sizeof(*offsets));
	prog = kbpf_prog_load_opts(KBPF_PROG_TYPE_KPROBE, insns,
				   ARRAY_SIZE(insns), &opts);
	if (n < 0 || !offsets || prog < 0)
		_exit(2);
	path[n] = 0;
	offsets[0] = self_file_offset((const void *)kill_probe_target);
	for (i = 1; i < cnt; i++)
		offsets[i] = offsets[0];
	signal_ready(ready_fd);
	kbpf_link_uprobe_multi(prog, path, offsets, NULL, cnt, 0, 0);
	kill_probe_target(0);
}

/*
 * Linux's registration loop does not look at signals: a kill waits for
 * the whole link there, and for its undo.
 */
TEST_KBPF_ONLY(kill_uprobe_multi_attach)
{
	kill_during(uprobe_multi_attach);
}
