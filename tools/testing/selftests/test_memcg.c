// SPDX-License-Identifier: GPL-2.0
/*
 * Map memory is charged to the memory cgroup of the map's creator, as
 * Linux 6.12 does (map->objcg, set_active_memcg() around each later
 * allocation), whoever allocates it: here an unprivileged process in
 * the root group fills, through an inherited fd, a map created in a
 * group limited to 64 MiB. Its updates must fail with ENOMEM at that
 * limit, the group's usage must stay within it, and closing the map
 * must give the memory back. The number of elements that fit, and the
 * group's usage, are printed for comparison between the two targets
 * (make check runs both in one boot).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>

#include "kbpf_test.h"

#define CGROUP_ROOT		"/sys/fs/cgroup"
#define CGROUP2_SUPER_MAGIC	0x63677270
#define GROUP_LIMIT		(64ULL << 20)
#define VALUE_SIZE		1024
#define MAX_ENTRIES		(1U << 17)

static char group[64];

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		FAIL("open %s: %s", path, strerror(errno));
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		FAIL("write \"%s\" to %s: %s", text, path, strerror(errno));
	close(fd);
}

static unsigned long long read_ull(const char *path)
{
	unsigned long long v;
	FILE *f = fopen(path, "r");

	if (!f)
		FAIL("open %s: %s", path, strerror(errno));
	if (fscanf(f, "%llu", &v) != 1)
		FAIL("no number in %s", path);
	fclose(f);
	return v;
}

/* One key of memory.stat, in bytes. */
static unsigned long long group_stat(const char *key)
{
	unsigned long long v, found = 0;
	char path[128], name[64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/memory.stat", group);
	f = fopen(path, "r");
	if (!f)
		FAIL("open %s: %s", path, strerror(errno));
	while (fscanf(f, "%63s %llu", name, &v) == 2)
		if (!strcmp(name, key))
			found = v;
	fclose(f);
	return found;
}

static unsigned long long group_current(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/memory.current", group);
	return read_ull(path);
}

static void move_self_to(const char *dir)
{
	char path[128], pid[16];

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	snprintf(pid, sizeof(pid), "%d", getpid());
	write_file(path, pid);
}

/* cgroup2 at CGROUP_ROOT with the memory controller, and a fresh group. */
static void group_setup(void)
{
	struct statfs sfs;
	char path[128];

	mkdir(CGROUP_ROOT, 0755);
	if (statfs(CGROUP_ROOT, &sfs) || sfs.f_type != CGROUP2_SUPER_MAGIC) {
		if (mount("cgroup2", CGROUP_ROOT, "cgroup2", 0, NULL))
			SKIP("no cgroup2: %s", strerror(errno));
	}
	snprintf(path, sizeof(path), "%s/cgroup.controllers", CGROUP_ROOT);
	if (access(path, R_OK))
		SKIP("no cgroup.controllers");
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", CGROUP_ROOT);
	if (open(path, O_WRONLY) < 0)
		SKIP("no subtree_control");
	write_file(path, "+memory");

	snprintf(group, sizeof(group), "%s/kbpf_memcg_%d", CGROUP_ROOT,
		 getpid());
	ASSERT_OK(mkdir(group, 0755));
	snprintf(path, sizeof(path), "%s/memory.max", group);
	{
		char limit[32];

		snprintf(limit, sizeof(limit), "%llu", GROUP_LIMIT);
		write_file(path, limit);
	}
}

static void group_teardown(void)
{
	move_self_to(CGROUP_ROOT);
	rmdir(group);
}

/*
 * In a child without capabilities: update fresh keys until an update
 * fails; exit 0 when it failed with ENOMEM, 1 otherwise. The count goes
 * through the pipe.
 */
static void fill_until_enomem(int map_fd, size_t value_len, int out_fd)
{
	char *value = calloc(1, value_len);
	__u32 key;
	int err = 0;

	if (!value)
		_exit(2);
	kbpf_caps_keep(0);
	for (key = 0; key < MAX_ENTRIES; key++) {
		memset(value, key, value_len);
		if (kbpf_map_update(map_fd, &key, value, KBPF_NOEXIST)) {
			err = errno;
			break;
		}
	}
	if (write(out_fd, &key, sizeof(key)) != sizeof(key))
		_exit(2);
	_exit(err == ENOMEM ? 0 : 1);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/*
 * Shrink the accounted kmalloc caches (kmalloc-cg-*), where both sides'
 * elements live. On the debug kernel that also empties KASAN's
 * quarantine of them, where freed objects stay charged to their group:
 * after a 64 MiB fill, 14-16 MiB of it were still charged after the
 * close, against the test's bound of 16. Elsewhere it only returns free
 * slabs. Only these few caches: a shrink of each of them waits for work
 * on every CPU, slow in a guest under load.
 */
static void shrink_slabs(void)
{
	DIR *dir = opendir("/sys/kernel/slab");
	struct dirent *d;
	char path[320];
	int fd;

	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (strncmp(d->d_name, "kmalloc-cg-", 11))
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink",
			 d->d_name);
		fd = open(path, O_WRONLY);
		if (fd < 0)
			continue;
		if (write(fd, "1", 1) != 1)
			kbpf_diag("shrink %s: %s", d->d_name, strerror(errno));
		close(fd);
	}
	closedir(dir);
}

/*
 * memory.stat's @key once it reaches @want, or after 10 s. A read of
 * memory.stat folds the per-CPU counters in only when enough updates
 * are pending (MEMCG_CHARGE_BATCH pages' worth per online CPU, each
 * allocation counting a page at least); otherwise a worker does it
 * every 2 s. A fill that ends after a few dozen per-CPU allocations
 * (the debug kernel's atomic per-CPU pages run out that soon) is not
 * in the stat yet when it ends.
 */
static unsigned long long group_stat_reaching(const char *key,
					      unsigned long long want)
{
	unsigned long long v;
	int i;

	for (i = 0; i < 100; i++) {
		v = group_stat(key);
		if (v >= want)
			break;
		sleep_ms(100);
	}
	return v;
}

/*
 * @type with NO_PREALLOC, VALUE_SIZE-byte values: @copies of each value
 * are charged (one per possible CPU for per-CPU maps), as memory.stat's
 * @stat.
 */
static void creator_charged(__u32 type, int copies, const char *stat)
{
	unsigned long long before, peak, after, data, charged;
	int fd, pipefd[2], status, i;
	__u32 filled;
	pid_t pid;

	group_setup();
	before = group_current();

	/* Create in the limited group, then leave it: the map stays. */
	move_self_to(group);
	fd = kbpf_map_new(type, 4, VALUE_SIZE, MAX_ENTRIES,
			  KBPF_F_NO_PREALLOC);
	move_self_to(CGROUP_ROOT);
	if (fd < 0)
		FAIL("create: %s", strerror(errno));

	ASSERT_OK(pipe(pipefd));
	pid = fork();
	ASSERT_TRUE(pid >= 0);
	if (!pid)
		fill_until_enomem(fd, (size_t)VALUE_SIZE * copies, pipefd[1]);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_EQ(read(pipefd[0], &filled, sizeof(filled)), sizeof(filled));
	close(pipefd[0]);
	close(pipefd[1]);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		FAIL("the fill did not end on ENOMEM (%u elements, status %#x)",
		     filled, status);

	peak = group_current();
	/* The elements were charged to the group, not to the filler. */
	data = (unsigned long long)filled * VALUE_SIZE * copies;
	charged = group_stat_reaching(stat, data);
	kbpf_diag("%u elements of %d x %d bytes fit; group usage %llu KiB "
		  "(before %llu), slab %llu KiB, percpu %llu KiB", filled,
		  copies, VALUE_SIZE, peak >> 10, before >> 10,
		  group_stat("slab") >> 10, group_stat("percpu") >> 10);
	ASSERT_LE(peak, GROUP_LIMIT);
	ASSERT_GE(charged, data);
	ASSERT_LE(data, GROUP_LIMIT);
	/*
	 * An eighth of it at least is values: 6.12 fits 31.5K elements
	 * (half), the debug kernel 13.7K (KASAN metadata doubles each one).
	 */
	if (copies == 1)
		ASSERT_GE(data, GROUP_LIMIT / 8);

	/* Freed after grace periods: the charge goes with the memory. */
	close(fd);
	for (i = 0; i < 100; i++) {
		after = group_current();
		if (after < peak / 4)
			break;
		if (i % 10 == 9)
			shrink_slabs();
		sleep_ms(100);
	}
	kbpf_diag("group usage after close: %llu KiB", after >> 10);
	ASSERT_LT(after, peak / 4);
	group_teardown();
}

/* The limit is reached. */
TEST(memcg_creator_charged_for_hash_updates)
{
	creator_charged(KBPF_MAP_TYPE_HASH, 1, "slab");
}

/*
 * Per-CPU values of updates come from already populated per-CPU chunks
 * only (no sleeping): the update fails with ENOMEM when those run out,
 * on Linux after about 1 MiB of values, below the limit.
 */
TEST(memcg_creator_charged_for_percpu_hash_updates)
{
	creator_charged(KBPF_MAP_TYPE_PERCPU_HASH, kbpf_nr_possible_cpus(),
			"percpu");
}

struct creation_case {
	const char *what;
	__u32 type, key_size, value_size, max_entries, flags;
	int percpu;	/* the values are per CPU */
	int no_floor;	/* printed only: see the case */
};

/*
 * What creating a map charges to the creator's group, against the
 * values it holds: printed per map type for both targets. kbpf charges
 * never less than the values themselves; Linux is not held to that here:
 * in one 6.12 boot its usage grew by 256 KiB for a per-CPU array of 4 MiB
 * of values (its per-CPU charges are not all in memory.current at once).
 */
TEST(memcg_creation_charged)
{
	static const struct creation_case cases[] = {
		{ "array", KBPF_MAP_TYPE_ARRAY, 4, 64, 1 << 16, 0, 0, 0 },
		/*
		 * Linux 6.12 charged 196 KiB here (its vmalloc'ed area is
		 * accounted, its pages barely), kbpf none: vmalloc_user()
		 * takes no gfp flags.
		 */
		{ "array mmapable", KBPF_MAP_TYPE_ARRAY, 4, 64, 1 << 16,
		  KBPF_F_MMAPABLE, 0, 1 },
		{ "percpu_array", KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 512, 1 << 12,
		  0, 1, 0 },
		{ "hash", KBPF_MAP_TYPE_HASH, 4, 64, 1 << 16, 0, 0, 0 },
		{ "percpu_hash", KBPF_MAP_TYPE_PERCPU_HASH, 4, 512, 1 << 12, 0,
		  1, 0 },
		{ "lru_hash", KBPF_MAP_TYPE_LRU_HASH, 4, 64, 1 << 16, 0, 0, 0 },
		{ "ringbuf", KBPF_MAP_TYPE_RINGBUF, 0, 0, 4 << 20, 0, 0, 0 },
	};
	unsigned long long before, after, data;
	int fds[ARRAY_SIZE(cases)];
	size_t i;

	group_setup();
	move_self_to(group);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct creation_case *c = &cases[i];

		/* Maps stay open: a free would lower the usage meanwhile. */
		before = group_current();
		fds[i] = kbpf_map_new(c->type, c->key_size, c->value_size,
				      c->max_entries, c->flags);
		after = group_current();
		if (fds[i] < 0)
			FAIL("%s: %s", c->what, strerror(errno));
		data = c->type == KBPF_MAP_TYPE_RINGBUF ? c->max_entries :
		       (unsigned long long)c->value_size * c->max_entries *
		       (c->percpu ? kbpf_nr_possible_cpus() : 1);
		kbpf_diag("%s: %llu KiB charged for %llu KiB of values",
			  c->what, (after - before) >> 10, data >> 10);
		if (!c->no_floor && kbpf_get_target() == KBPF_TARGET_KBPF)
			ASSERT_GE(after - before, data);
	}
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		close(fds[i]);
	group_teardown();
}
