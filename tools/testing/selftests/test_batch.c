// SPDX-License-Identifier: GPL-2.0
/*
 * The batch commands on ARRAY and PERCPU_ARRAY, as Linux 6.12's
 * bpf_map_do_batch() and generic_map_{lookup,update}_batch()
 * (kernel/bpf/syscall.c):
 * - CHECK_ATTR (last field batch.flags), the fd, then FMODE_CAN_READ for
 *   the lookups and FMODE_CAN_WRITE for the others (-EPERM), then the op:
 *   arrays have no delete nor lookup_and_delete batch (-ENOTSUPP, 524).
 * - elem_flags other than BPF_F_LOCK, or BPF_F_LOCK without a spin lock:
 *   -EINVAL, before count is read; batch.flags is not looked at.
 * - count 0: 0 at once. Else count is zeroed, then the walk:
 *   LOOKUP_BATCH starts after the key *in_batch (NULL: from the start),
 *   copies up to count elements, writes count and, when it copied any,
 *   the last key to *out_batch; running off the end is -ENOENT with the
 *   partial count. UPDATE_BATCH stops at the first error with count =
 *   the elements applied.
 * Per-CPU values are round_up(value_size, 8) * nr_possible_cpus bytes.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>

#include "kbpf_test.h"

#define ATTR_SIZE	sizeof(union kbpf_attr)
#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))

static const int batch_cmds[] = {
	KBPF_MAP_LOOKUP_BATCH, KBPF_MAP_LOOKUP_AND_DELETE_BATCH,
	KBPF_MAP_UPDATE_BATCH, KBPF_MAP_DELETE_BATCH,
};

static __u32 map_id(int fd)
{
	struct kbpf_map_info info;

	kbpf_map_info(fd, &info);
	return info.id;
}

static int lookup_batch(int fd, const __u32 *in, __u32 *out, __u32 *keys,
			void *values, __u32 *count)
{
	return kbpf_map_batch(KBPF_MAP_LOOKUP_BATCH, fd, in, out, keys,
			      values, count, 0, 0);
}

static int update_batch(int fd, __u32 *keys, void *values, __u32 *count)
{
	return kbpf_map_batch(KBPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys,
			      values, count, 0, 0);
}

static __u64 val_of(__u32 key)
{
	return 0xabc0000000ull + key * 3;
}

/* An ARRAY of u64 with value val_of(key) at every key. */
static int filled_array(__u32 n)
{
	__u32 key;
	__u64 val;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, n));
	for (key = 0; key < n; key++) {
		val = val_of(key);
		ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	}
	return fd;
}

static void *xmalloc(size_t len)
{
	void *p = malloc(len);

	if (!p)
		FAIL("malloc(%zu) failed", len);
	return p;
}

/* 10 elements in chunks of 3: 3, 3, 3, then 1 and -ENOENT. */
TEST(batch_array_lookup_chunks)
{
	__u32 keys[3], in, out, count, i, call;
	__u64 vals[3];
	int fd, err;

	fd = filled_array(10);
	for (call = 0; call < 4; call++) {
		count = 3;
		out = 0xdead;
		memset(keys, 0xff, sizeof(keys));
		err = lookup_batch(fd, call ? &in : NULL, &out, keys, vals,
				   &count);
		if (call < 3) {
			ASSERT_EQ(err, 0);
			ASSERT_EQ(count, 3);
		} else {
			ASSERT_EQ(err, -1);
			ASSERT_EQ(errno, ENOENT);
			ASSERT_EQ(count, 1);
		}
		for (i = 0; i < count; i++) {
			ASSERT_EQ(keys[i], call * 3 + i);
			ASSERT_EQ(vals[i], val_of(call * 3 + i));
		}
		/* out_batch is the last key copied. */
		ASSERT_EQ(out, call * 3 + count - 1);
		in = out;
	}
	/* Past the end: -ENOENT, nothing copied, out_batch untouched. */
	count = 3;
	out = 0xdead;
	ASSERT_ERRNO(lookup_batch(fd, &in, &out, keys, vals, &count), ENOENT);
	ASSERT_EQ(count, 0);
	ASSERT_EQ(out, 0xdead);
}

/* A count that divides the map: the last full chunk returns 0, the next
 * call -ENOENT with count 0 and out_batch unwritten.
 */
TEST(batch_array_lookup_exact_end)
{
	__u32 keys[3], in, out, count;
	__u64 vals[3];
	int fd, call;

	fd = filled_array(6);
	for (call = 0; call < 2; call++) {
		count = 3;
		ASSERT_OK(lookup_batch(fd, call ? &in : NULL, &out, keys, vals,
				       &count));
		ASSERT_EQ(count, 3);
		in = out;
	}
	ASSERT_EQ(in, 5);
	count = 3;
	out = 0xdead;
	ASSERT_ERRNO(lookup_batch(fd, &in, &out, keys, vals, &count), ENOENT);
	ASSERT_EQ(count, 0);
	ASSERT_EQ(out, 0xdead);
}

TEST(batch_array_lookup_all)
{
	__u32 keys[16], out, count, i;
	__u64 vals[16];
	int fd;

	fd = filled_array(10);
	/* More room than elements: all of them, and -ENOENT. */
	count = 16;
	ASSERT_ERRNO(lookup_batch(fd, NULL, &out, keys, vals, &count), ENOENT);
	ASSERT_EQ(count, 10);
	ASSERT_EQ(out, 9);
	for (i = 0; i < 10; i++) {
		ASSERT_EQ(keys[i], i);
		ASSERT_EQ(vals[i], val_of(i));
	}
	/* Exactly as many: 0, the walk did not run into the end yet. */
	count = 10;
	ASSERT_OK(lookup_batch(fd, NULL, &out, keys, vals, &count));
	ASSERT_EQ(count, 10);
	ASSERT_EQ(out, 9);
}

/* in_batch is a key: an index past the end starts over at 0
 * (array_map_get_next_key()).
 */
TEST(batch_array_lookup_in_batch)
{
	__u32 keys[4], in, out, count;
	__u64 vals[4];
	int fd;

	fd = filled_array(10);
	in = 6;
	count = 2;
	ASSERT_OK(lookup_batch(fd, &in, &out, keys, vals, &count));
	ASSERT_EQ(count, 2);
	ASSERT_EQ(keys[0], 7);
	ASSERT_EQ(keys[1], 8);
	ASSERT_EQ(out, 8);

	in = 10;
	count = 2;
	ASSERT_OK(lookup_batch(fd, &in, &out, keys, vals, &count));
	ASSERT_EQ(keys[0], 0);
	ASSERT_EQ(keys[1], 1);
	in = 0xffffffff;
	count = 1;
	ASSERT_OK(lookup_batch(fd, &in, &out, keys, vals, &count));
	ASSERT_EQ(keys[0], 0);
	ASSERT_EQ(vals[0], val_of(0));

	/* in_batch and out_batch may be the same buffer. */
	in = 3;
	count = 1;
	ASSERT_OK(lookup_batch(fd, &in, &in, keys, vals, &count));
	ASSERT_EQ(keys[0], 4);
	ASSERT_EQ(in, 4);
}

TEST(batch_array_count_zero)
{
	__u32 keys[2] = { 7, 7 }, out = 0xdead, count = 0;
	__u64 vals[2] = { 7, 7 };
	int fd, i;

	fd = filled_array(4);
	ASSERT_OK(lookup_batch(fd, NULL, &out, keys, vals, &count));
	ASSERT_EQ(count, 0);
	ASSERT_EQ(out, 0xdead);
	ASSERT_EQ(keys[0], 7);
	ASSERT_EQ(vals[0], 7);
	/* Nothing is read either. */
	ASSERT_OK(lookup_batch(fd, NULL, NULL, NULL, NULL, &count));
	ASSERT_OK(update_batch(fd, NULL, NULL, &count));
	ASSERT_EQ(count, 0);
	/* ...but elem_flags are checked first. */
	for (i = 0; i < 2; i++)
		ASSERT_ERRNO(kbpf_map_batch(i ? KBPF_MAP_UPDATE_BATCH :
					    KBPF_MAP_LOOKUP_BATCH, fd, NULL,
					    NULL, NULL, NULL, &count, 8, 0),
			     EINVAL);
}

/* elem_flags: only BPF_F_LOCK is known, and it needs a spin lock. The
 * count is not touched.
 */
TEST(batch_array_elem_flags)
{
	static const __u64 bad[] = { KBPF_NOEXIST, KBPF_EXIST, KBPF_F_LOCK,
				     8, 1ull << 32, 1ull << 63 };
	__u32 keys[4] = { 0, 1, 2, 3 }, out, count;
	__u64 vals[4] = { 1, 2, 3, 4 }, v;
	unsigned int i;
	int fd;

	fd = filled_array(4);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		count = 4;
		ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_LOOKUP_BATCH, fd, NULL,
					    &out, keys, vals, &count, bad[i],
					    0), EINVAL);
		ASSERT_EQ(count, 4);
		count = 4;
		ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_UPDATE_BATCH, fd, NULL,
					    NULL, keys, vals, &count, bad[i],
					    0), EINVAL);
		ASSERT_EQ(count, 4);
	}
	/* Nothing was updated. */
	for (i = 0; i < 4; i++) {
		ASSERT_OK(kbpf_map_lookup(fd, &keys[i], &v, 0));
		ASSERT_EQ(v, val_of(i));
	}
}

/* The generic array batch ops never look at batch.flags. */
TEST(batch_array_flags_ignored)
{
	__u32 keys[4] = { 3, 2, 1, 0 }, out, count;
	__u64 vals[4] = { 30, 20, 10, 0 }, v;
	__u32 key = 1;
	int fd;

	fd = filled_array(4);
	count = 4;
	ASSERT_OK(kbpf_map_batch(KBPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys,
				 vals, &count, 0, 1));
	ASSERT_EQ(count, 4);
	ASSERT_OK(kbpf_map_lookup(fd, &key, &v, 0));
	ASSERT_EQ(v, 10);
	count = 2;
	ASSERT_OK(kbpf_map_batch(KBPF_MAP_LOOKUP_BATCH, fd, NULL, &out, keys,
				 vals, &count, 0, ~0ull));
	ASSERT_EQ(count, 2);
	ASSERT_EQ(keys[1], 1);
	ASSERT_EQ(vals[1], 10);
}

TEST(batch_array_update)
{
	__u32 keys[5] = { 4, 0, 2, 4, 1 }, count, key;
	__u64 vals[5] = { 40, 1, 22, 44, 11 }, v;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 5));
	count = 5;
	ASSERT_OK(update_batch(fd, keys, vals, &count));
	ASSERT_EQ(count, 5);
	/* Applied in order: the second write of key 4 wins. */
	key = 4;
	ASSERT_OK(kbpf_map_lookup(fd, &key, &v, 0));
	ASSERT_EQ(v, 44);
	key = 2;
	ASSERT_OK(kbpf_map_lookup(fd, &key, &v, 0));
	ASSERT_EQ(v, 22);
	key = 3;
	ASSERT_OK(kbpf_map_lookup(fd, &key, &v, 0));
	ASSERT_EQ(v, 0);

	/* Only the first count elements are read. */
	count = 2;
	keys[0] = 3;
	vals[0] = 33;
	keys[2] = 99;
	ASSERT_OK(update_batch(fd, keys, vals, &count));
	ASSERT_EQ(count, 2);
	key = 3;
	ASSERT_OK(kbpf_map_lookup(fd, &key, &v, 0));
	ASSERT_EQ(v, 33);
}

/* The first failing element stops the batch; count says how many went in. */
TEST(batch_array_update_stops)
{
	__u32 keys[5] = { 0, 1, 2, 7, 3 }, count, key;
	__u64 vals[5] = { 10, 11, 12, 17, 13 }, v;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 5));
	count = 5;
	ASSERT_ERRNO(update_batch(fd, keys, vals, &count), E2BIG);
	ASSERT_EQ(count, 3);
	for (key = 0; key < 3; key++) {
		ASSERT_OK(kbpf_map_lookup(fd, &key, &v, 0));
		ASSERT_EQ(v, 10 + key);
	}
	key = 3;
	ASSERT_OK(kbpf_map_lookup(fd, &key, &v, 0));
	ASSERT_EQ(v, 0);

	/* The first one failing: count 0. */
	count = 5;
	ASSERT_ERRNO(update_batch(fd, keys + 3, vals + 3, &count), E2BIG);
	ASSERT_EQ(count, 0);
}

TEST(batch_array_update_efault)
{
	long page = sysconf(_SC_PAGESIZE);
	__u32 keys[3] = { 0, 1, 2 }, count, key, *hole_keys;
	__u64 vals[3] = { 5, 6, 7 }, v;
	char *map;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 4));
	count = 3;
	ASSERT_ERRNO(update_batch(fd, NULL, vals, &count), EFAULT);
	ASSERT_EQ(count, 0);
	count = 3;
	ASSERT_ERRNO(update_batch(fd, keys, NULL, &count), EFAULT);
	ASSERT_EQ(count, 0);

	/* Keys running into a hole: two go in, the third faults. */
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(map != MAP_FAILED);
	ASSERT_OK(mprotect(map + page, page, PROT_NONE));
	hole_keys = (__u32 *)(map + page) - 2;
	hole_keys[0] = 2;
	hole_keys[1] = 3;
	count = 3;
	ASSERT_ERRNO(update_batch(fd, hole_keys, vals, &count), EFAULT);
	ASSERT_EQ(count, 2);
	key = 3;
	ASSERT_OK(kbpf_map_lookup(fd, &key, &v, 0));
	ASSERT_EQ(v, 6);
}

TEST(batch_array_lookup_efault)
{
	__u32 keys[4], in, out, count;
	__u64 vals[4];
	int fd;

	fd = filled_array(4);
	/* count is zeroed before the walk faults. */
	count = 2;
	ASSERT_ERRNO(lookup_batch(fd, NULL, &out, NULL, vals, &count), EFAULT);
	ASSERT_EQ(count, 0);
	count = 2;
	ASSERT_ERRNO(lookup_batch(fd, NULL, &out, keys, NULL, &count), EFAULT);
	ASSERT_EQ(count, 0);
	count = 2;
	ASSERT_ERRNO(lookup_batch(fd, (void *)8, &out, keys, vals, &count),
		     EFAULT);
	ASSERT_EQ(count, 0);
	/* out_batch is written after count: count holds, then EFAULT. */
	count = 2;
	memset(keys, 0xff, sizeof(keys));
	ASSERT_ERRNO(lookup_batch(fd, NULL, NULL, keys, vals, &count), EFAULT);
	ASSERT_EQ(count, 2);
	ASSERT_EQ(keys[1], 1);
	ASSERT_EQ(vals[1], val_of(1));
	/* Nothing copied, nothing to write to out_batch: plain -ENOENT. */
	in = 3;
	count = 2;
	ASSERT_ERRNO(lookup_batch(fd, &in, NULL, keys, vals, &count), ENOENT);
	ASSERT_EQ(count, 0);
}

/* Arrays have no map_delete_batch nor map_lookup_and_delete_batch:
 * BPF_DO_BATCH() says -ENOTSUPP before anything else of the op is seen.
 */
TEST(batch_array_delete_enotsupp)
{
	__u32 keys[2] = { 0, 1 }, out, count;
	__u64 vals[2];
	int fd, type;

	for (type = 0; type < 2; type++) {
		fd = ASSERT_OK(kbpf_map_new(type ?
					    KBPF_MAP_TYPE_PERCPU_ARRAY :
					    KBPF_MAP_TYPE_ARRAY, 4, 8, 2,
					    0));
		count = 2;
		ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_DELETE_BATCH, fd, NULL,
					    NULL, keys, NULL, &count, 0, 0),
			     ENOTSUPP);
		ASSERT_EQ(count, 2);
		ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_LOOKUP_AND_DELETE_BATCH,
					    fd, NULL, &out, keys, vals,
					    &count, 0, 0), ENOTSUPP);
		ASSERT_EQ(count, 2);
		count = 0;
		ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_DELETE_BATCH, fd, NULL,
					    NULL, NULL, NULL, &count, 8, 1),
			     ENOTSUPP);
		ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_LOOKUP_AND_DELETE_BATCH,
					    fd, NULL, NULL, NULL, NULL,
					    &count, 8, 1), ENOTSUPP);
	}
}

TEST(batch_array_perms)
{
	__u32 keys[2] = { 0, 1 }, out, count;
	__u64 vals[2] = { 1, 2 };
	int fd, ro, wo;

	fd = filled_array(2);
	ro = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), KBPF_F_RDONLY));
	wo = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), KBPF_F_WRONLY));

	/* Two of two: the walk has not run into the end yet, so 0. */
	count = 2;
	ASSERT_OK(lookup_batch(ro, NULL, &out, keys, vals, &count));
	ASSERT_EQ(count, 2);
	count = 2;
	ASSERT_ERRNO(update_batch(ro, keys, vals, &count), EPERM);
	ASSERT_EQ(count, 2);
	/* -EPERM comes before -ENOTSUPP. */
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_DELETE_BATCH, ro, NULL, NULL,
				    keys, NULL, &count, 0, 0), EPERM);
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_LOOKUP_AND_DELETE_BATCH, ro,
				    NULL, &out, keys, vals, &count, 0, 0),
		     EPERM);

	ASSERT_ERRNO(lookup_batch(wo, NULL, &out, keys, vals, &count), EPERM);
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_LOOKUP_AND_DELETE_BATCH, wo,
				    NULL, &out, keys, vals, &count, 0, 0),
		     EPERM);
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_DELETE_BATCH, wo, NULL, NULL,
				    keys, NULL, &count, 0, 0), ENOTSUPP);
	count = 2;
	ASSERT_OK(update_batch(wo, keys, vals, &count));
	ASSERT_EQ(count, 2);
}

/* A frozen map has no write permission left. */
TEST(batch_array_frozen)
{
	__u32 keys[2] = { 0, 1 }, out, count;
	__u64 vals[2] = { 1, 2 };
	int fd;

	fd = filled_array(2);
	ASSERT_OK(kbpf_map_freeze(fd));
	count = 2;
	ASSERT_ERRNO(update_batch(fd, keys, vals, &count), EPERM);
	ASSERT_EQ(count, 2);
	ASSERT_ERRNO(kbpf_map_batch(KBPF_MAP_DELETE_BATCH, fd, NULL, NULL,
				    keys, NULL, &count, 0, 0), EPERM);
	ASSERT_OK(lookup_batch(fd, NULL, &out, keys, vals, &count));
	ASSERT_EQ(count, 2);
	ASSERT_EQ(vals[1], val_of(1));
}

TEST(batch_bad_fd)
{
	__u32 count = 1, keys[1] = { 0 };
	__u64 vals[1];
	unsigned int i;
	int devnull;

	devnull = ASSERT_OK(open("/dev/null", O_RDWR | O_CLOEXEC));
	for (i = 0; i < ARRAY_SIZE(batch_cmds); i++) {
		ASSERT_ERRNO(kbpf_map_batch(batch_cmds[i], -1, NULL, NULL,
					    keys, vals, &count, 0, 0), EBADF);
		ASSERT_ERRNO(kbpf_map_batch(batch_cmds[i], devnull, NULL,
					    NULL, keys, vals, &count, 0, 0),
			     EINVAL);
	}
}

/* CHECK_ATTR(BPF_MAP_BATCH): last field batch.flags, before the fd. */
TEST(batch_check_attr)
{
	static char buf[ATTR_SIZE] __aligned(8);
	union kbpf_attr *attr = (union kbpf_attr *)buf;
	unsigned int i;
	size_t off;

	for (i = 0; i < ARRAY_SIZE(batch_cmds); i++) {
		memset(buf, 0, sizeof(buf));
		attr->batch.map_fd = -1;
		ASSERT_ERRNO(kbpf_sys(batch_cmds[i], attr, ATTR_SIZE), EBADF);
		for (off = offsetofend(union kbpf_attr, batch.flags);
		     off < ATTR_SIZE; off++) {
			buf[off] = 1;
			ASSERT_ERRNO(kbpf_sys(batch_cmds[i], attr, ATTR_SIZE),
				     EINVAL);
			buf[off] = 0;
		}
	}
}

/* PERCPU_ARRAY: each value is a slot per possible CPU, padding too. */
TEST(batch_percpu_array_lookup)
{
	int ncpus = kbpf_nr_possible_cpus(), cpu;
	size_t vlen = 8 * ncpus, i;
	unsigned char *in = xmalloc(vlen), *vals = xmalloc(vlen * 5);
	__u32 keys[5], key, in_b, out_b, count, total = 0, calls = 0;
	int fd, err;

	/* value_size 4: a slot of 8 bytes per CPU. */
	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, 5,
				    0));
	for (key = 0; key < 5; key++) {
		for (i = 0; i < vlen; i++)
			in[i] = key * 40 + i;
		ASSERT_OK(kbpf_map_update(fd, &key, in, KBPF_ANY));
	}
	do {
		count = 2;
		err = lookup_batch(fd, calls ? &in_b : NULL, &out_b,
				   keys + total, vals + total * vlen, &count);
		ASSERT_TRUE(err == 0 || errno == ENOENT);
		ASSERT_LE(count, 2);
		total += count;
		in_b = out_b;
		ASSERT_LT(++calls, 10);
	} while (!err);
	ASSERT_EQ(total, 5);
	ASSERT_EQ(calls, 3);
	for (key = 0; key < 5; key++) {
		ASSERT_EQ(keys[key], key);
		for (cpu = 0; cpu < ncpus; cpu++)
			for (i = 0; i < 8; i++)
				ASSERT_EQ(vals[key * vlen + cpu * 8 + i],
					  (unsigned char)(key * 40 +
							  cpu * 8 + i));
	}
}

TEST(batch_percpu_array_update)
{
	int ncpus = kbpf_nr_possible_cpus();
	size_t vlen = 16 * ncpus, i;
	unsigned char *vals = xmalloc(vlen * 3), *out = xmalloc(vlen);
	__u32 keys[3] = { 2, 0, 3 }, count, k;
	int fd;

	/* value_size 12: a slot of 16 bytes per CPU. */
	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 12, 3,
				    0));
	for (i = 0; i < vlen * 3; i++)
		vals[i] = i * 7 + 1;
	count = 3;
	/* Key 3 is out of range: two go in. */
	ASSERT_ERRNO(update_batch(fd, keys, vals, &count), E2BIG);
	ASSERT_EQ(count, 2);
	for (k = 0; k < 2; k++) {
		ASSERT_OK(kbpf_map_lookup(fd, &keys[k], out, 0));
		ASSERT_MEMEQ(out, vals + k * vlen, vlen);
	}
	k = 1;
	ASSERT_OK(kbpf_map_lookup(fd, &k, out, 0));
	for (i = 0; i < vlen; i++)
		ASSERT_EQ(out[i], 0);
}

/*
 * Linux's prog_array_map_ops has no batch op at all: each of the four
 * commands is -ENOTSUPP, whatever the keys and values.
 */
TEST(batch_prog_array_enotsupp)
{
	__u32 keys[2] = { 0, 1 }, vals[2] = { 0, 0 }, out, count;
	int fd, cmd;

	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 2, 0));
	for (cmd = 0; cmd < (int)ARRAY_SIZE(batch_cmds); cmd++) {
		count = 2;
		ASSERT_ERRNO(kbpf_map_batch(batch_cmds[cmd], fd, NULL, &out,
					    keys, vals, &count, 0, 0),
			     ENOTSUPP);
		ASSERT_EQ(count, 2);
	}
	close(fd);
}
