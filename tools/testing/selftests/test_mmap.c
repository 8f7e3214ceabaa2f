// SPDX-License-Identifier: GPL-2.0
/*
 * mmap() of a BPF_F_MMAPABLE array, as Linux 6.12's bpf_map_mmap()
 * (kernel/bpf/syscall.c) and array_map_mmap() (kernel/bpf/arraymap.c):
 * - no ->map_mmap (per-CPU array, hash): -ENOTSUPP, before anything else;
 * - not MAP_SHARED: -EINVAL;
 * - PROT_WRITE on a frozen map -EPERM (test_freeze.c), on a
 *   BPF_F_RDONLY_PROG map -EACCES;
 * - an array without BPF_F_MMAPABLE, or a range past
 *   PAGE_ALIGN(max_entries * round_up(value_size, 8)): -EINVAL;
 * - a read-only mapping loses VM_MAYWRITE (no mprotect to writable).
 * The VFS comes first: a map fd without FMODE_READ, or MAP_SHARED +
 * PROT_WRITE without FMODE_WRITE, is -EACCES from do_mmap(); a shared
 * read-only mapping of an O_RDONLY fd loses VM_SHARED there, so bpf says
 * -EINVAL.
 * Element i sits at offset i * round_up(value_size, 8) of the mapping.
 */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#include "kbpf_test.h"

static long page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

static int mmapable_create(__u32 value_size, __u32 max_entries, __u32 flags)
{
	return kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, value_size,
			    max_entries, KBPF_F_MMAPABLE | flags);
}

static size_t mmap_len(__u32 value_size, __u32 max_entries)
{
	size_t len = (size_t)max_entries * ((value_size + 7) & ~7u);
	long page = page_size();

	return (len + page - 1) / page * page;
}

/* mmap() that must fail with -1/err. */
#define ASSERT_MMAP_ERRNO(len, prot, flags, fd, off, err) do {		\
	void *__p;							\
	int __want = (err);						\
	errno = 0;							\
	__p = mmap(NULL, (len), (prot), (flags), (fd), (off));		\
	if (__p != MAP_FAILED || errno != __want)			\
		FAIL("mmap(%s, %s, %s): got %p (errno %s), want errno %s", \
		     #len, #prot, #flags, __p, kbpf_errname(errno),	\
		     kbpf_errname(__want));				\
} while (0)

static void *mmap_ok(size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = mmap(NULL, len, prot, flags, fd, off);

	if (p == MAP_FAILED)
		FAIL("mmap(%zu, %#x, %#x, fd %d, %lld): %s", len, prot, flags,
		     fd, (long long)off, kbpf_errname(errno));
	return p;
}

static __u32 map_id(int fd)
{
	struct kbpf_map_info info;

	kbpf_map_info(fd, &info);
	return info.id;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

TEST(mmap_create_flags)
{
	struct kbpf_map_info info;
	int fd;

	fd = ASSERT_OK(mmapable_create(8, 4, 0));
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.map_flags, KBPF_F_MMAPABLE);
	/* array_map_alloc_check(): only BPF_MAP_TYPE_ARRAY. */
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 4,
				  KBPF_F_MMAPABLE), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 4,
				  KBPF_F_MMAPABLE), EINVAL);
}

/* Writes through the mapping are the map's values, and vice versa. */
TEST(mmap_array_shared)
{
	size_t len = mmap_len(8, 1000);
	__u64 *vals, val;
	__u32 key;
	int fd;

	fd = ASSERT_OK(mmapable_create(8, 1000, 0));
	vals = mmap_ok(len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	for (key = 0; key < 1000; key++)
		ASSERT_EQ(vals[key], 0);

	for (key = 0; key < 1000; key++)
		vals[key] = 0x1000000000ull + key;
	for (key = 0; key < 1000; key++) {
		ASSERT_OK(kbpf_map_lookup(fd, &key, &val, 0));
		ASSERT_EQ(val, 0x1000000000ull + key);
	}

	key = 999;
	val = 0xfeedface;
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	ASSERT_EQ(vals[999], 0xfeedface);
	key = 0;
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	ASSERT_EQ(vals[0], 0xfeedface);
	ASSERT_EQ(vals[1], 0x1000000001ull);
	ASSERT_OK(munmap(vals, len));
}

/* Two mappings of one map see each other's writes. */
TEST(mmap_array_two_mappings)
{
	size_t len = mmap_len(8, 16);
	__u64 *a, *b;
	int fd;

	fd = ASSERT_OK(mmapable_create(8, 16, 0));
	a = mmap_ok(len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = mmap_ok(len, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_TRUE(a != b);
	a[7] = 0x77;
	ASSERT_EQ(b[7], 0x77);
}

/* value_size 4: elements are 8 bytes apart; a value write leaves the
 * padding alone and a lookup returns only value_size bytes.
 */
TEST(mmap_array_stride)
{
	size_t len = mmap_len(4, 16);
	unsigned char *m;
	__u32 key, val, out[2];
	int fd;

	fd = ASSERT_OK(mmapable_create(4, 16, 0));
	m = mmap_ok(len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	for (key = 0; key < 16; key++) {
		val = 0xa0000000u + key;
		ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	}
	for (key = 0; key < 16; key++) {
		memcpy(&val, m + 8 * key, 4);
		ASSERT_EQ(val, 0xa0000000u + key);
		memcpy(&val, m + 8 * key + 4, 4);
		ASSERT_EQ(val, 0);
	}
	/* Padding written through the mapping does not leak into lookups. */
	memset(m + 8 * 3 + 4, 0xee, 4);
	out[0] = 0x55555555;
	out[1] = 0x55555555;
	key = 3;
	ASSERT_OK(kbpf_map_lookup(fd, &key, out, 0));
	ASSERT_EQ(out[0], 0xa0000003u);
	ASSERT_EQ(out[1], 0x55555555);
	/* And an update does not clear it. */
	val = 1;
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	ASSERT_EQ(m[8 * 3 + 4], 0xee);
	ASSERT_EQ(m[8 * 3], 1);
}

/* array_map_mmap(): pgoff * PAGE_SIZE + length <= PAGE_ALIGN(data). */
TEST(mmap_array_bounds)
{
	long page = page_size();
	__u32 n = page / 8 * 2;		/* exactly two pages of values */
	__u32 key;
	__u64 val, *p;
	int fd;

	ASSERT_EQ(mmap_len(8, n), 2 * page);
	fd = ASSERT_OK(mmapable_create(8, n, 0));
	ASSERT_MMAP_ERRNO(3 * page, PROT_READ, MAP_SHARED, fd, 0, EINVAL);
	ASSERT_MMAP_ERRNO(2 * page + 1, PROT_READ, MAP_SHARED, fd, 0, EINVAL);
	ASSERT_MMAP_ERRNO(2 * page, PROT_READ, MAP_SHARED, fd, page, EINVAL);
	ASSERT_MMAP_ERRNO(page, PROT_READ, MAP_SHARED, fd, 2 * page, EINVAL);
	ASSERT_MMAP_ERRNO(page, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			  100 * page, EINVAL);

	/* The second page alone: it starts at element page / 8. */
	key = page / 8;
	val = 0x5151;
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	p = mmap_ok(page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, page);
	ASSERT_EQ(p[0], 0x5151);
	p[1] = 0x5252;
	key++;
	ASSERT_OK(kbpf_map_lookup(fd, &key, &val, 0));
	ASSERT_EQ(val, 0x5252);
	ASSERT_OK(munmap(p, page));
	/* A prefix is fine too. */
	p = mmap_ok(page, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_OK(munmap(p, page));
}

/* A partial last page: the mapping is rounded up to whole pages. */
TEST(mmap_array_partial_page)
{
	long page = page_size();
	__u64 *p;
	__u32 key = 2;
	__u64 val = 9;
	int fd;

	fd = ASSERT_OK(mmapable_create(8, 3, 0));
	p = mmap_ok(page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	ASSERT_EQ(p[2], 9);
	ASSERT_MMAP_ERRNO(page + 1, PROT_READ, MAP_SHARED, fd, 0, EINVAL);
	ASSERT_MMAP_ERRNO(2 * page, PROT_READ, MAP_SHARED, fd, 0, EINVAL);
}

TEST(mmap_private_einval)
{
	long page = page_size();
	int fd;

	fd = ASSERT_OK(mmapable_create(8, 16, 0));
	ASSERT_MMAP_ERRNO(page, PROT_READ, MAP_PRIVATE, fd, 0, EINVAL);
	ASSERT_MMAP_ERRNO(page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0,
			  EINVAL);
	/* After the private refusals a shared mapping still works. */
	munmap(mmap_ok(page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0),
	       page);
}

TEST(mmap_not_mmapable)
{
	long page = page_size();
	int fd;

	/* An array has ->map_mmap: array_map_mmap() says -EINVAL. */
	fd = ASSERT_OK(kbpf_array_create(8, 1024));
	ASSERT_MMAP_ERRNO(page, PROT_READ, MAP_SHARED, fd, 0, EINVAL);
	ASSERT_MMAP_ERRNO(page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0,
			  EINVAL);
	ASSERT_MMAP_ERRNO(page, PROT_READ, MAP_PRIVATE, fd, 0, EINVAL);

	/* A per-CPU array has none: -ENOTSUPP, before the VM_SHARED test. */
	fd = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1024,
				    0));
	ASSERT_MMAP_ERRNO(page, PROT_READ, MAP_SHARED, fd, 0, ENOTSUPP);
	ASSERT_MMAP_ERRNO(page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0,
			  ENOTSUPP);
	ASSERT_MMAP_ERRNO(page, PROT_READ, MAP_PRIVATE, fd, 0, ENOTSUPP);
}

/* A map that programs may only read must not be writable from user
 * space behind the verifier's back: -EACCES.
 */
TEST(mmap_rdonly_prog)
{
	long page = page_size();
	__u32 key = 1;
	__u64 val = 0x42, *p;
	int fd;

	fd = ASSERT_OK(mmapable_create(8, 16, KBPF_F_RDONLY_PROG));
	ASSERT_MMAP_ERRNO(page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0,
			  EACCES);
	ASSERT_MMAP_ERRNO(page, PROT_WRITE, MAP_SHARED, fd, 0, EACCES);
	p = mmap_ok(page, PROT_READ, MAP_SHARED, fd, 0);
	/* The syscall side may still write. */
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	ASSERT_EQ(p[1], 0x42);
	ASSERT_ERRNO(mprotect(p, page, PROT_READ | PROT_WRITE), EACCES);
}

/* bpf_map_mmap() drops VM_MAYWRITE from a read-only mapping. */
TEST(mmap_readonly_no_mprotect)
{
	long page = page_size();
	__u64 *p;
	int fd;

	fd = ASSERT_OK(mmapable_create(8, 16, 0));
	p = mmap_ok(page, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_ERRNO(mprotect(p, page, PROT_READ | PROT_WRITE), EACCES);
	ASSERT_ERRNO(mprotect(p, page, PROT_WRITE), EACCES);
	/* A writable mapping may drop and regain PROT_WRITE. */
	p = mmap_ok(page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_OK(mprotect(p, page, PROT_READ));
	ASSERT_OK(mprotect(p, page, PROT_READ | PROT_WRITE));
	p[0] = 3;
}

/*
 * do_mmap(): any file mapping needs FMODE_READ, MAP_SHARED + PROT_WRITE
 * needs FMODE_WRITE (-EACCES from the VFS, before bpf is asked); and
 * MAP_SHARED of a file without FMODE_WRITE loses VM_SHARED, which
 * bpf_map_mmap() then refuses with -EINVAL: an O_RDONLY map fd cannot be
 * mapped at all.
 */
TEST(mmap_fd_access_mode)
{
	long page = page_size();
	__u32 key = 0;
	__u64 val = 0xabc, *p;
	int fd, ro, wo;

	fd = ASSERT_OK(mmapable_create(8, 16, 0));
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));

	ro = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), KBPF_F_RDONLY));
	ASSERT_EQ(fcntl(ro, F_GETFL) & O_ACCMODE, O_RDONLY);
	ASSERT_MMAP_ERRNO(page, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0,
			  EACCES);
	ASSERT_MMAP_ERRNO(page, PROT_WRITE, MAP_SHARED, ro, 0, EACCES);
	ASSERT_MMAP_ERRNO(page, PROT_READ, MAP_SHARED, ro, 0, EINVAL);
	ASSERT_MMAP_ERRNO(page, PROT_READ, MAP_PRIVATE, ro, 0, EINVAL);

	wo = ASSERT_OK(kbpf_map_fd_by_id(map_id(fd), KBPF_F_WRONLY));
	ASSERT_EQ(fcntl(wo, F_GETFL) & O_ACCMODE, O_WRONLY);
	ASSERT_MMAP_ERRNO(page, PROT_READ, MAP_SHARED, wo, 0, EACCES);
	ASSERT_MMAP_ERRNO(page, PROT_READ | PROT_WRITE, MAP_SHARED, wo, 0,
			  EACCES);

	/* A map created BPF_F_RDONLY has an O_RDONLY fd to begin with. */
	fd = ASSERT_OK(mmapable_create(8, 16, KBPF_F_RDONLY));
	ASSERT_MMAP_ERRNO(page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0,
			  EACCES);
	ASSERT_MMAP_ERRNO(page, PROT_READ, MAP_SHARED, fd, 0, EINVAL);

	/* The O_RDWR fd of the first map still maps it, values intact. */
	fd = ASSERT_OK(kbpf_map_fd_by_id(map_id(ro), 0));
	p = mmap_ok(page, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_EQ(p[0], 0xabc);
}

/* The mapping holds the map: its id and values outlive the fd. */
TEST(mmap_holds_map)
{
	long page = page_size();
	__u32 key = 4, id;
	__u64 val = 0, *p;
	int fd, fd2, i;

	fd = ASSERT_OK(mmapable_create(8, 16, 0));
	id = map_id(fd);
	p = mmap_ok(page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_OK(close(fd));
	sleep_ms(50);
	p[4] = 0x4444;
	fd2 = ASSERT_OK(kbpf_map_fd_by_id(id, 0));
	ASSERT_OK(kbpf_map_lookup(fd2, &key, &val, 0));
	ASSERT_EQ(val, 0x4444);
	ASSERT_OK(close(fd2));
	ASSERT_OK(munmap(p, page));
	/* Now the last reference is gone (freeing may be deferred). */
	for (i = 0; i < 200; i++) {
		fd2 = kbpf_map_fd_by_id(id, 0);
		if (fd2 < 0)
			break;
		close(fd2);
		sleep_ms(10);
	}
	ASSERT_ERRNO(kbpf_map_fd_by_id(id, 0), ENOENT);
}

/* MAP_FIXED: the map's second page placed over the first page of an
 * existing mapping of it.
 */
TEST(mmap_remap)
{
	long page = page_size();
	__u32 key;
	__u64 val = 0, *p, *q;
	int fd;

	fd = ASSERT_OK(mmapable_create(8, page / 8 * 2, 0));
	p = mmap_ok(2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p[0] = 0x10;
	p[page / 8 + 2] = 0x31;
	q = mmap(p, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd,
		 page);
	ASSERT_TRUE(q == p);
	ASSERT_EQ(q[2], 0x31);
	q[1] = 0x99;
	ASSERT_EQ(p[page / 8 + 1], 0x99);
	key = page / 8 + 1;
	ASSERT_OK(kbpf_map_lookup(fd, &key, &val, 0));
	ASSERT_EQ(val, 0x99);
	/* The first page was only unmapped, not cleared. */
	key = 0;
	ASSERT_OK(kbpf_map_lookup(fd, &key, &val, 0));
	ASSERT_EQ(val, 0x10);
	ASSERT_OK(munmap(p, 2 * page));
}
