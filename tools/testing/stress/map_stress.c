// SPDX-License-Identifier: GPL-2.0
/*
 * map_stress: hammer the hash map family through /dev/kbpf from several
 * threads and check what must hold whatever the interleaving.
 *
 *   map_stress [SECONDS]    (default 10, for each map)
 *
 * Each map gets SECONDS of four threads doing random updates (ANY,
 * NOEXIST, EXIST), lookups, deletes, lookup_and_delete, get_next_key and
 * lookup batches, in rounds. Between rounds the threads stop and the
 * main thread checks the map at rest. Checked:
 *  - every errno is one the command may give for that map;
 *  - NO_PREALLOC hash: every value read, by any command, is whole: all
 *    its 8-byte words equal one stamp (an update replaces the element);
 *  - at rest, a get_next_key walk visits distinct keys, at most
 *    max_entries of them, and a lookup batch sees the same number;
 *  - at rest, a new key fits exactly when the map is not full (hash:
 *    -E2BIG otherwise), and always fits an LRU map.
 * Prints TAP; exits 1 on any violation.
 *
 * KBPF_TEST_TARGET=linux runs the same against Linux's bpf(2).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <uapi/linux/kbpf.h>
#include "tools/lib/kbpf/bpf.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NR_THREADS	4
#define ROUND_MS	250
#define VALUE_WORDS	16		/* 128-byte values */
#define MAX_KEYS	1024		/* key space bound, for the bitmaps */

struct map_case {
	const char *name;
	__u32 type;
	__u32 flags;
	__u32 max_entries;
	__u32 key_space;	/* keys are 0 .. key_space - 1 */
	bool whole_values;	/* values are never torn */
	bool lru;
};

static const struct map_case cases[] = {
	{ "hash no_prealloc", KBPF_MAP_TYPE_HASH, KBPF_F_NO_PREALLOC,
	  64, 256, true, false },
	{ "lru common list", KBPF_MAP_TYPE_LRU_HASH, 0, 64, 512, false, true },
	{ "lru per-cpu lists", KBPF_MAP_TYPE_LRU_HASH, KBPF_F_NO_COMMON_LRU,
	  64, 512, false, true },
	{ "hash preallocated", KBPF_MAP_TYPE_HASH, 0, 64, 256, false, false },
};


static const struct map_case *cur;
static int map_fd;
static __u32 map_max;		/* max_entries as the map reports it */
static atomic_bool stop;
static atomic_long violations;
static atomic_long ops_done;
static struct timespec round_end;
static pthread_barrier_t round_start, round_done;

static void violation(const char *fmt, ...)
{
	va_list ap;

	if (atomic_fetch_add(&violations, 1) >= 20)
		return;		/* enough said */
	va_start(ap, fmt);
	printf("# VIOLATION (%s): ", cur->name);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
}

static int map_create(const struct map_case *c)
{
	KBPF_OPTS(kbpf_map_create_opts, opts, .map_flags = c->flags);

	return kbpf_map_create(c->type, NULL, sizeof(__u32),
			       VALUE_WORDS * sizeof(__u64), c->max_entries,
			       &opts);
}

static __u32 map_max_entries(int fd)
{
	struct kbpf_map_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (kbpf_map_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.max_entries;
}

/* One element command on map_fd: 0 or -errno. */
static int elem_cmd(int cmd, __u32 key, void *value, __u64 flags)
{
	switch (cmd) {
	case KBPF_MAP_UPDATE_ELEM:
		return kbpf_map_update_elem(map_fd, &key, value, flags);
	case KBPF_MAP_LOOKUP_ELEM:
		return kbpf_map_lookup_elem_flags(map_fd, &key, value, flags);
	case KBPF_MAP_DELETE_ELEM:
		return kbpf_map_delete_elem_flags(map_fd, &key, flags);
	case KBPF_MAP_LOOKUP_AND_DELETE_ELEM:
		return kbpf_map_lookup_and_delete_elem_flags(map_fd, &key,
							     value, flags);
	}
	return -EINVAL;
}

static int next_key(const __u32 *key, __u32 *next)
{
	return kbpf_map_get_next_key(map_fd, key, next);
}

/* One LOOKUP_BATCH call from bucket *batch; count in/out. */
static int lookup_batch(__u32 *in, __u32 *out, __u32 *keys, __u64 *values,
			__u32 *count)
{
	return kbpf_map_lookup_batch(map_fd, in, out, keys, values, count,
				     NULL);
}

static __u64 rnd(__u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void fill(__u64 *value, __u64 stamp)
{
	int i;

	for (i = 0; i < VALUE_WORDS; i++)
		value[i] = stamp;
}

static void check_whole(const __u64 *value, const char *what, __u32 key)
{
	int i;

	if (!cur->whole_values)
		return;
	for (i = 1; i < VALUE_WORDS; i++) {
		if (value[i] != value[0]) {
			violation("%s of key %u: torn value, word 0 %#llx, word %d %#llx",
				  what, key, (unsigned long long)value[0], i,
				  (unsigned long long)value[i]);
			return;
		}
	}
}

static void check_errno(const char *what, __u32 key, int err, int ok1,
			int ok2)
{
	if (err && err != ok1 && err != ok2)
		violation("%s of key %u: unexpected error %d (%s)", what, key,
			  err, strerror(-err));
}

static bool round_over(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > round_end.tv_sec ||
	       (now.tv_sec == round_end.tv_sec &&
		now.tv_nsec >= round_end.tv_nsec);
}

static void batch_pass(void)
{
	__u32 keys[64], in = 0, out, count;
	__u64 values[64][VALUE_WORDS];
	bool first = true;
	int err, i;

	for (;;) {
		count = 64;
		err = lookup_batch(first ? NULL : &in, &out, keys,
				   &values[0][0], &count);
		if (err && err != -ENOENT) {
			/* More than 64 in a bucket of a 64-entry map? */
			violation("lookup_batch: unexpected error %d", err);
			return;
		}
		for (i = 0; i < (int)count; i++)
			check_whole(values[i], "lookup_batch", keys[i]);
		if (err)
			return;
		in = out;
		first = false;
	}
}

static void one_op(__u64 *seed)
{
	const int E2BIG_OR_NONE = cur->lru ? 0 : -E2BIG;
	__u32 key = rnd(seed) % cur->key_space, next;
	__u64 value[VALUE_WORDS];
	unsigned int op = rnd(seed) % 100;
	int err;

	if (op < 30) {
		fill(value, rnd(seed));
		err = elem_cmd(KBPF_MAP_UPDATE_ELEM, key, value, KBPF_ANY);
		check_errno("update", key, err, E2BIG_OR_NONE, 0);
	} else if (op < 36) {
		fill(value, rnd(seed));
		err = elem_cmd(KBPF_MAP_UPDATE_ELEM, key, value, KBPF_NOEXIST);
		check_errno("update NOEXIST", key, err, -EEXIST,
			    E2BIG_OR_NONE);
	} else if (op < 42) {
		fill(value, rnd(seed));
		err = elem_cmd(KBPF_MAP_UPDATE_ELEM, key, value, KBPF_EXIST);
		check_errno("update EXIST", key, err, -ENOENT, 0);
	} else if (op < 70) {
		err = elem_cmd(KBPF_MAP_LOOKUP_ELEM, key, value, 0);
		check_errno("lookup", key, err, -ENOENT, 0);
		if (!err)
			check_whole(value, "lookup", key);
	} else if (op < 80) {
		err = elem_cmd(KBPF_MAP_DELETE_ELEM, key, NULL, 0);
		check_errno("delete", key, err, -ENOENT, 0);
	} else if (op < 84) {
		err = elem_cmd(KBPF_MAP_LOOKUP_AND_DELETE_ELEM, key, value, 0);
		check_errno("lookup_and_delete", key, err, -ENOENT, 0);
		if (!err)
			check_whole(value, "lookup_and_delete", key);
	} else if (op < 99) {
		err = next_key(op < 88 ? NULL : &key, &next);
		check_errno("get_next_key", key, err, -ENOENT, 0);
		if (!err && next >= cur->key_space)
			violation("get_next_key: key %u never inserted", next);
	} else {
		batch_pass();
	}
}

static void *worker(void *arg)
{
	__u64 seed = (uintptr_t)arg * 0x9e3779b97f4a7c15ull ^ time(NULL);
	long n;

	if (!seed)
		seed = 1;
	for (;;) {
		pthread_barrier_wait(&round_start);
		if (atomic_load(&stop))
			break;
		for (n = 0; !round_over(); n++)
			one_op(&seed);
		atomic_fetch_add(&ops_done, n);
		pthread_barrier_wait(&round_done);
	}
	return NULL;
}

/* The map at rest: a walk, a batch, and whether a new key fits. */
static void check_at_rest(void)
{
	static unsigned char seen[MAX_KEYS];
	__u32 key, next, count = 0, batch_total = 0, in, out, n;
	__u32 keys[64];
	__u64 values[64][VALUE_WORDS], value[VALUE_WORDS];
	bool first = true;
	int err;

	memset(seen, 0, sizeof(seen));
	err = next_key(NULL, &next);
	while (!err) {
		if (next >= cur->key_space) {
			violation("walk: key %u never inserted", next);
			return;
		}
		if (seen[next]++) {
			violation("walk: key %u visited twice", next);
			return;
		}
		if (++count > map_max) {
			violation("walk: more than max_entries (%u) keys",
				  map_max);
			return;
		}
		if (elem_cmd(KBPF_MAP_LOOKUP_ELEM, next, value, 0))
			violation("walk: key %u has no value", next);
		else
			check_whole(value, "lookup at rest", next);
		key = next;
		err = next_key(&key, &next);
	}
	if (err != -ENOENT)
		violation("walk: get_next_key error %d", err);

	do {
		n = 64;
		err = lookup_batch(first ? NULL : &in, &out, keys,
				   &values[0][0], &n);
		batch_total += n;
		in = out;
		first = false;
	} while (!err);
	if (err != -ENOENT)
		violation("batch at rest: error %d", err);
	if (batch_total != count)
		violation("batch at rest: %u keys, the walk %u", batch_total,
			  count);

	/* A key outside the key space, inserted and removed again. */
	key = cur->key_space;
	fill(value, 42);
	err = elem_cmd(KBPF_MAP_UPDATE_ELEM, key, value, KBPF_NOEXIST);
	if (cur->lru || count < map_max) {
		if (err)
			violation("at rest with %u of %u keys: new key: error %d",
				  count, map_max, err);
	} else if (err != -E2BIG) {
		violation("full at rest: new key: %d, want -E2BIG", err);
	}
	if (!err && elem_cmd(KBPF_MAP_DELETE_ELEM, key, NULL, 0))
		violation("at rest: delete of the new key failed");
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static bool run_case(int nr, const struct map_case *c, int seconds)
{
	pthread_t threads[NR_THREADS];
	long before = atomic_load(&violations);
	double end;
	int i, rounds = 0;

	cur = c;
	map_fd = map_create(c);
	if (map_fd < 0) {
		printf("not ok %d - %s: map create: %s\n", nr, c->name,
		       strerror(errno));
		return false;
	}
	map_max = map_max_entries(map_fd);
	if (!map_max || map_max < c->max_entries) {
		printf("not ok %d - %s: max_entries %u\n", nr, c->name,
		       map_max);
		close(map_fd);
		return false;
	}
	atomic_store(&stop, false);
	atomic_store(&ops_done, 0);
	for (i = 0; i < NR_THREADS; i++)
		pthread_create(&threads[i], NULL, worker,
			       (void *)(uintptr_t)(i + 1));

	end = now_s() + seconds;
	do {
		clock_gettime(CLOCK_MONOTONIC, &round_end);
		round_end.tv_nsec += ROUND_MS * 1000000L;
		if (round_end.tv_nsec >= 1000000000L) {
			round_end.tv_sec++;
			round_end.tv_nsec -= 1000000000L;
		}
		pthread_barrier_wait(&round_start);
		pthread_barrier_wait(&round_done);
		check_at_rest();
		rounds++;
	} while (now_s() < end);
	atomic_store(&stop, true);
	pthread_barrier_wait(&round_start);
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(threads[i], NULL);
	close(map_fd);

	if (atomic_load(&violations) != before) {
		printf("not ok %d - %s: %ld violations\n", nr, c->name,
		       atomic_load(&violations) - before);
		return false;
	}
	printf("ok %d - %s: %d threads, %d rounds, %ld ops, max_entries %u\n",
	       nr, c->name, NR_THREADS, rounds, atomic_load(&ops_done),
	       map_max);
	return true;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 10, i, failed = 0;
	const char *target = getenv("KBPF_TEST_TARGET");
	int n = ARRAY_SIZE(cases);

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (seconds <= 0) {
		fprintf(stderr, "usage: %s [SECONDS]\n", argv[0]);
		return 2;
	}
	printf("TAP version 13\n1..%d\n", n);
	if (kbpf_set_target_env()) {
		printf("Bail out! KBPF_TEST_TARGET=%s: %s\n", target,
		       strerror(errno));
		return 1;
	}
	printf("# %s, %d s per map\n",
	       kbpf_target_linux() ? "bpf(2)" : "/dev/kbpf", seconds);
	pthread_barrier_init(&round_start, NULL, NR_THREADS + 1);
	pthread_barrier_init(&round_done, NULL, NR_THREADS + 1);
	for (i = 0; i < n; i++)
		if (!run_case(i + 1, &cases[i], seconds))
			failed++;
	printf("# %d passed, %d failed\n", n - failed, failed);
	return failed ? 1 : 0;
}
