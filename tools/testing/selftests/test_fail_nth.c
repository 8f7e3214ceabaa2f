// SPDX-License-Identifier: GPL-2.0
/*
 * Fault-injection sweep of the map and pin commands (fail_nth.h): map
 * creation per type, element and batch commands, freeze, pin and get of
 * each object kind. Prints the injection points of each command.
 */
#include <stdio.h>
#include <unistd.h>

#include "fail_nth.h"

#define FNTH_NAME	"kbpf_fnth"

static void check_no_map(void)
{
	ASSERT_FALSE(kbpf_map_named_exists(FNTH_NAME));
}

static void map_create_attr(union kbpf_attr *attr, __u32 type, __u32 key,
			    __u32 value, __u32 max, __u32 flags)
{
	memset(attr, 0, sizeof(*attr));
	attr->map_type = type;
	attr->key_size = key;
	attr->value_size = value;
	attr->max_entries = max;
	attr->map_flags = flags;
	strcpy(attr->map_name, FNTH_NAME);
}

static void sweep_create(const char *what, __u32 type, __u32 key,
			 __u32 value, __u32 max, __u32 flags)
{
	struct fnth_op c = {
		.what = what, .cmd = KBPF_MAP_CREATE,
		.undo = fnth_undo_close, .check = check_no_map,
	};

	map_create_attr(&c.attr, type, key, value, max, flags);
	fnth_sweep(&c);
}

TEST(fail_nth_map_create)
{
	fnth_setup();
	sweep_create("MAP_CREATE array", KBPF_MAP_TYPE_ARRAY, 4, 8, 16, 0);
	sweep_create("MAP_CREATE array mmapable", KBPF_MAP_TYPE_ARRAY, 4, 8,
		     16, KBPF_F_MMAPABLE);
	sweep_create("MAP_CREATE percpu_array", KBPF_MAP_TYPE_PERCPU_ARRAY,
		     4, 8, 16, 0);
	sweep_create("MAP_CREATE hash", KBPF_MAP_TYPE_HASH, 4, 8, 16, 0);
	sweep_create("MAP_CREATE hash no_prealloc", KBPF_MAP_TYPE_HASH, 4, 8,
		     16, KBPF_F_NO_PREALLOC);
	sweep_create("MAP_CREATE percpu_hash", KBPF_MAP_TYPE_PERCPU_HASH, 4,
		     8, 16, 0);
	sweep_create("MAP_CREATE lru_hash", KBPF_MAP_TYPE_LRU_HASH, 4, 8, 16,
		     0);
	sweep_create("MAP_CREATE lru_percpu_hash",
		     KBPF_MAP_TYPE_LRU_PERCPU_HASH, 4, 8, 16, 0);
	sweep_create("MAP_CREATE prog_array", KBPF_MAP_TYPE_PROG_ARRAY, 4, 4,
		     16, 0);
	sweep_create("MAP_CREATE ringbuf", KBPF_MAP_TYPE_RINGBUF, 0, 0,
		     4096, 0);
	sweep_create("MAP_CREATE user_ringbuf", KBPF_MAP_TYPE_USER_RINGBUF, 0,
		     0, 4096, 0);
}

static int elem_map_fd;
static __u32 elem_key = 7, elem_next;
/* Room for a per-CPU value: 8 bytes for each of up to 512 CPUs. */
static __u64 elem_value[512] = { 42 }, elem_out[512];

static void elem_attr(union kbpf_attr *attr, int fd, void *value, __u64 flags)
{
	memset(attr, 0, sizeof(*attr));
	attr->map_fd = fd;
	attr->key = (__u64)(unsigned long)&elem_key;
	attr->value = (__u64)(unsigned long)value;
	attr->flags = flags;
}

static void undo_update(long ret __attribute__((unused)))
{
	ASSERT_OK(kbpf_map_delete(elem_map_fd, &elem_key));
}

/* The key is back for the next try of a delete. */
static void undo_reinsert(long ret __attribute__((unused)))
{
	ASSERT_OK(kbpf_map_update(elem_map_fd, &elem_key, elem_value, 0));
}

static void prepare_key_present(union kbpf_attr *attr __attribute__((unused)))
{
	ASSERT_OK(kbpf_map_update(elem_map_fd, &elem_key, elem_value, 0));
}

/* A failed insert leaves the key absent. */
static void check_key_absent(void)
{
	ASSERT_ERRNO(kbpf_map_lookup(elem_map_fd, &elem_key, elem_out, 0),
		     ENOENT);
}

static void sweep_elem_cmds(const char *type_name, __u32 type, __u32 flags)
{
	struct fnth_op c = {};
	char what[64];

	elem_map_fd = ASSERT_OK(kbpf_map_new(type, 4, 8, 16, flags));
	snprintf(what, sizeof(what), "MAP_UPDATE_ELEM %s", type_name);
	c.what = what;
	c.cmd = KBPF_MAP_UPDATE_ELEM;
	elem_attr(&c.attr, elem_map_fd, elem_value, KBPF_NOEXIST);
	c.undo = undo_update;
	c.check = check_key_absent;
	fnth_sweep(&c);

	ASSERT_OK(kbpf_map_update(elem_map_fd, &elem_key, elem_value, 0));
	snprintf(what, sizeof(what), "MAP_LOOKUP_ELEM %s", type_name);
	c.cmd = KBPF_MAP_LOOKUP_ELEM;
	elem_attr(&c.attr, elem_map_fd, elem_out, 0);
	c.undo = NULL;
	c.check = NULL;
	fnth_sweep(&c);

	/* From the first key: the map has only one. */
	snprintf(what, sizeof(what), "MAP_GET_NEXT_KEY %s", type_name);
	c.cmd = KBPF_MAP_GET_NEXT_KEY;
	elem_attr(&c.attr, elem_map_fd, NULL, 0);
	c.attr.key = 0;
	c.attr.next_key = (__u64)(unsigned long)&elem_next;
	fnth_sweep(&c);

	snprintf(what, sizeof(what), "MAP_DELETE_ELEM %s", type_name);
	c.cmd = KBPF_MAP_DELETE_ELEM;
	elem_attr(&c.attr, elem_map_fd, NULL, 0);
	c.undo = undo_reinsert;
	fnth_sweep(&c);

	/*
	 * As on Linux, a copy of the value that fails after the delete
	 * leaves the key deleted: each try starts with it present.
	 */
	snprintf(what, sizeof(what), "MAP_LOOKUP_AND_DELETE_ELEM %s",
		 type_name);
	c.cmd = KBPF_MAP_LOOKUP_AND_DELETE_ELEM;
	elem_attr(&c.attr, elem_map_fd, elem_out, 0);
	c.prepare = prepare_key_present;
	c.undo = NULL;
	fnth_sweep(&c);
	c.prepare = NULL;
	close(elem_map_fd);
}

TEST(fail_nth_map_elem)
{
	fnth_setup();
	sweep_elem_cmds("hash", KBPF_MAP_TYPE_HASH, 0);
	sweep_elem_cmds("hash no_prealloc", KBPF_MAP_TYPE_HASH,
			KBPF_F_NO_PREALLOC);
	sweep_elem_cmds("percpu_hash no_prealloc", KBPF_MAP_TYPE_PERCPU_HASH,
			KBPF_F_NO_PREALLOC);
}

/*
 * Batches over a map of FNTH_KEYS keys 0..FNTH_KEYS-1, values key + 100;
 * each try starts from that content (a failed batch may have done part
 * of its work: count says how much, as on Linux).
 */
#define FNTH_KEYS	4

static int batch_map_fd;
static __u32 batch_keys[FNTH_KEYS], batch_out_keys[FNTH_KEYS];
static __u32 batch_next;
/* Room for per-CPU values: 8 bytes for each of up to 512 CPUs. */
static __u64 batch_values[FNTH_KEYS][512], batch_out[FNTH_KEYS][512];

static void batch_fill(union kbpf_attr *attr)
{
	__u32 i, key;

	for (i = 0; i < FNTH_KEYS; i++) {
		key = i;
		ASSERT_OK(kbpf_map_update(batch_map_fd, &key, batch_values[i],
					  0));
	}
	attr->batch.count = FNTH_KEYS;
}

/* For the update batch: the keys are absent first. */
static void batch_empty(union kbpf_attr *attr)
{
	__u32 i, key;

	for (i = 0; i < FNTH_KEYS; i++) {
		key = i;
		if (kbpf_map_delete(batch_map_fd, &key) && errno != ENOENT)
			FAIL("delete %u: %s", key, strerror(errno));
	}
	attr->batch.count = FNTH_KEYS;
}

static void batch_attr(union kbpf_attr *attr, bool lookup)
{
	memset(attr, 0, sizeof(*attr));
	attr->batch.map_fd = batch_map_fd;
	attr->batch.count = FNTH_KEYS;
	if (lookup) {
		attr->batch.out_batch = (__u64)(unsigned long)&batch_next;
		attr->batch.keys = (__u64)(unsigned long)batch_out_keys;
		attr->batch.values = (__u64)(unsigned long)batch_out;
	} else {
		attr->batch.keys = (__u64)(unsigned long)batch_keys;
		attr->batch.values = (__u64)(unsigned long)batch_values;
	}
}

static void sweep_batches(const char *type_name, __u32 type, __u32 flags)
{
	struct fnth_op c = {};
	char what[64];
	__u32 i;

	batch_map_fd = ASSERT_OK(kbpf_map_new(type, 4, 8, 16, flags));
	for (i = 0; i < FNTH_KEYS; i++) {
		batch_keys[i] = i;
		batch_values[i][0] = i + 100;
	}
	c.what = what;
	snprintf(what, sizeof(what), "MAP_LOOKUP_BATCH %s", type_name);
	c.cmd = KBPF_MAP_LOOKUP_BATCH;
	batch_attr(&c.attr, true);
	/*
	 * Room for every key: a smaller count could be ENOSPC (a bucket
	 * bigger than the room left) as the seed falls; the walk then ends
	 * in the batch, ENOENT with the count done, as on Linux.
	 */
	c.prepare = batch_fill;
	c.want_errno = ENOENT;
	fnth_sweep(&c);

	snprintf(what, sizeof(what), "MAP_LOOKUP_AND_DELETE_BATCH %s",
		 type_name);
	c.cmd = KBPF_MAP_LOOKUP_AND_DELETE_BATCH;
	fnth_sweep(&c);

	c.want_errno = 0;

	snprintf(what, sizeof(what), "MAP_UPDATE_BATCH %s", type_name);
	c.cmd = KBPF_MAP_UPDATE_BATCH;
	batch_attr(&c.attr, false);
	c.prepare = batch_empty;
	fnth_sweep(&c);

	snprintf(what, sizeof(what), "MAP_DELETE_BATCH %s", type_name);
	c.cmd = KBPF_MAP_DELETE_BATCH;
	batch_attr(&c.attr, false);
	c.attr.batch.values = 0;
	c.prepare = batch_fill;
	fnth_sweep(&c);
	close(batch_map_fd);
}

TEST(fail_nth_map_batch)
{
	fnth_setup();
	sweep_batches("hash", KBPF_MAP_TYPE_HASH, 0);
	sweep_batches("hash no_prealloc", KBPF_MAP_TYPE_HASH,
		      KBPF_F_NO_PREALLOC);
	sweep_batches("percpu_hash", KBPF_MAP_TYPE_PERCPU_HASH, 0);
	sweep_batches("lru_hash", KBPF_MAP_TYPE_LRU_HASH, 0);
}

/* MAP_FREEZE cannot be undone: each try freezes a fresh array. */
static int freeze_fd = -1;

static void freeze_fresh(union kbpf_attr *attr)
{
	if (freeze_fd >= 0)
		close(freeze_fd);
	freeze_fd = ASSERT_OK(kbpf_array_create(8, 4));
	attr->map_fd = freeze_fd;
}

TEST(fail_nth_map_freeze)
{
	struct fnth_op c = {
		.what = "MAP_FREEZE", .cmd = KBPF_MAP_FREEZE,
		.prepare = freeze_fresh,
	};

	fnth_setup();
	fnth_sweep(&c);
	close(freeze_fd);
}

TEST(fail_nth_pin)
{
	int fd;

	fnth_setup();
	fd = ASSERT_OK(kbpf_array_create(8, 4));
	fnth_sweep_pin("map", fd);
	close(fd);
}
