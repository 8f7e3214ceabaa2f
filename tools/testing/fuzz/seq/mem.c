// SPDX-License-Identifier: GPL-2.0
/*
 * What a step's pointers point at. Nothing here is ever unmapped for
 * good: the arena and the pages around it live as long as the process,
 * and map mmaps sit in reserved windows that a "munmap" turns back into
 * PROT_NONE reservations (MAP_FIXED over the window unmaps the map's
 * pages as munmap(2) does), so a stale pointer can only fault, never
 * land in memory some later allocation got.
 *
 * A MAP_FIXED mmap that fails may already have unmapped what was there
 * (Linux 6.12 clears the range before the file's ->mmap runs), leaving a
 * hole until the window is reserved again: every mmap and munmap of this
 * process (the windows here, libkbpf's ring buffers in churn.c) holds
 * vm_lock, so none lands in such a hole.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "seq.h"

#define PAGE		4096UL
/* Valid pointers start in the arena's first MiB; the rest is theirs. */
#define BUF_AREA	(1UL << 20)
#define BUF_SKIP	(64UL << 10)	/* attr pages live below this */

#define NR_WINDOWS	8
#define WINDOW_BYTES	(2 * SEQ_MAP_BYTES_MAX + 4 * PAGE)

static struct {
	char *addr;
	size_t len;		/* bytes mapped; 0: a PROT_NONE reservation */
	int busy;		/* claimed by one thread while it remaps */
} win[NR_WINDOWS];

static pthread_mutex_t vm_lock = PTHREAD_MUTEX_INITIALIZER;

void seq_vm_lock(void)
{
	pthread_mutex_lock(&vm_lock);
}

void seq_vm_unlock(void)
{
	pthread_mutex_unlock(&vm_lock);
}

static void *reserve(void *at, size_t len)
{
	int fixed = at ? MAP_FIXED : 0;

	return mmap(at, len, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | fixed, -1, 0);
}

int seq_mem_init(struct seq_mem *m)
{
	char *p = reserve(NULL, SEQ_ARENA_BYTES + 2 * PAGE);

	if (p == MAP_FAILED)
		return -errno;
	m->arena = p + PAGE;
	if (mprotect(m->arena, SEQ_ARENA_BYTES, PROT_READ | PROT_WRITE))
		return -errno;
	m->none = p;
	m->ro = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m->ro == MAP_FAILED)
		return -errno;
	memset(m->ro, 0x5a, 2 * PAGE);
	if (mprotect(m->ro, 2 * PAGE, PROT_READ))
		return -errno;
	return 0;
}

void *seq_buf(struct seq_mem *m, struct seq_rng *r, size_t bytes)
{
	size_t room = BUF_AREA - BUF_SKIP;
	size_t off = 0;

	if (bytes < room)
		off = (seq_below(r, (__u32)(room - bytes)) & ~7UL);
	return m->arena + BUF_SKIP + off;
}

void *seq_buf_end(struct seq_mem *m, struct seq_rng *r, size_t bytes)
{
	size_t room = (bytes + 7) & ~7UL;

	room += 8 * seq_below(r, 8);
	if (room > SEQ_ARENA_BYTES - BUF_AREA)
		room = SEQ_ARENA_BYTES - BUF_AREA;
	return m->arena + SEQ_ARENA_BYTES - room;
}

int seq_mmap_init(void)
{
	int i;

	for (i = 0; i < NR_WINDOWS; i++) {
		win[i].addr = reserve(NULL, WINDOW_BYTES);
		if (win[i].addr == MAP_FAILED)
			return -errno;
	}
	return 0;
}

static int claim(struct seq_rng *r, bool mapped)
{
	int i, w, zero = 0;

	for (i = 0; i < NR_WINDOWS; i++) {
		w = (seq_below(r, NR_WINDOWS) + i) % NR_WINDOWS;
		if ((__atomic_load_n(&win[w].len, __ATOMIC_RELAXED) != 0) !=
		    mapped)
			continue;
		zero = 0;
		if (__atomic_compare_exchange_n(&win[w].busy, &zero, 1, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return w;
	}
	return -1;
}

static void release(int w)
{
	__atomic_store_n(&win[w].busy, 0, __ATOMIC_RELEASE);
}

void *seq_mmap_ptr(struct seq_rng *r, size_t *len)
{
	int w = seq_below(r, NR_WINDOWS);
	size_t l = __atomic_load_n(&win[w].len, __ATOMIC_RELAXED);

	if (!l)
		return NULL;
	*len = l;
	return win[w].addr + (seq_below(r, (__u32)(l / PAGE)) * PAGE);
}

void seq_mmap_map(struct seq_rng *r, int fd, bool ro)
{
	static const size_t pages[] = { 1, 2, 3, 4, 6, 10, 18, 34 };
	size_t len = pages[seq_below(r, 8)] * PAGE;
	off_t off = seq_one_in(r, 3) ? PAGE : 0;
	int prot = ro ? PROT_READ : PROT_READ | PROT_WRITE;
	int w = claim(r, false);
	void *p;

	if (w < 0)
		return;
	seq_vm_lock();
	p = mmap(win[w].addr, len, prot, MAP_SHARED | MAP_FIXED, fd, off);
	if (p == MAP_FAILED) {
		/* A failed MAP_FIXED may leave a hole: fill it again. */
		reserve(win[w].addr, WINDOW_BYTES);
	} else {
		__atomic_store_n(&win[w].len, len, __ATOMIC_RELAXED);
	}
	seq_vm_unlock();
	release(w);
}

void seq_munmap_some(struct seq_rng *r)
{
	int w = claim(r, true);
	size_t len, page;

	if (w < 0)
		return;
	len = win[w].len;
	seq_vm_lock();
	switch (seq_below(r, 4)) {
	case 0:	/* one page: splits the mapping */
		page = seq_below(r, (__u32)(len / PAGE)) * PAGE;
		reserve(win[w].addr + page, PAGE);
		break;
	case 1:	/* write-protect part of it, or try to make it writable */
		mprotect(win[w].addr, PAGE, seq_one_in(r, 2) ? PROT_READ :
			 PROT_READ | PROT_WRITE);
		break;
	case 2:
		madvise(win[w].addr, len, MADV_DONTNEED);
		break;
	default:
		__atomic_store_n(&win[w].len, 0, __ATOMIC_RELAXED);
		reserve(win[w].addr, WINDOW_BYTES);
		break;
	}
	seq_vm_unlock();
	release(w);
}

void seq_munmap_all(void)
{
	int w;

	seq_vm_lock();
	for (w = 0; w < NR_WINDOWS; w++) {
		win[w].len = 0;
		reserve(win[w].addr, WINDOW_BYTES);
	}
	seq_vm_unlock();
}
