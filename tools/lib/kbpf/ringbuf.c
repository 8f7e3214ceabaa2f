// SPDX-License-Identifier: GPL-2.0
/*
 * The ring buffer consumer and the user ring buffer producer of libkbpf
 * (ringbuf.h).
 *
 * Each ring is mapped as the kernel lays it out: the consumer position
 * page writable at offset 0, then the producer position page and the
 * data pages, mapped twice by the kernel so that a record that wraps is
 * contiguous, read-only at offset one page. Records are an 8-byte header
 * { u32 len; u32 pg_off; } and the payload, padded to 8 bytes.
 *
 * Memory ordering: the producer position and each record's len are read
 * with acquire loads, pairing with the kernel's release store of the
 * producer position and its xchg() on commit; the consumer position is
 * stored with release, so the kernel never reuses bytes still being read.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "bpf.h"
#include "ringbuf.h"

struct ring {
	kbpf_ring_buffer_sample_fn sample_cb;
	void *ctx;
	int map_fd;
	unsigned long mask;
	unsigned long *consumer_pos;
	unsigned long *producer_pos;	/* the data follows one page later */
	unsigned char *data;
	size_t prod_map_len;
};

struct kbpf_ring_buffer {
	struct epoll_event *events;
	struct ring **rings;
	int ring_cnt;
	int epoll_fd;
	long page_size;
};

/*
 * OBJ_GET_INFO_BY_FD on the target that made @fd (kbpf or Linux),
 * whatever the current one is.
 */
static int map_info(int fd, struct kbpf_map_info *info)
{
	union kbpf_attr attr;
	int target = kbpf_fd_target(fd);

	if (target < 0)
		return target;
	memset(info, 0, sizeof(*info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(*info);
	attr.info.info = (unsigned long)info;
	return kbpf_sys_on(target, KBPF_OBJ_GET_INFO_BY_FD, &attr,
			   sizeof(attr)) ? -errno : 0;
}

static void ring_unmap(struct kbpf_ring_buffer *rb, struct ring *r)
{
	if (r->consumer_pos)
		munmap(r->consumer_pos, rb->page_size);
	if (r->producer_pos)
		munmap(r->producer_pos, r->prod_map_len);
}

int kbpf_ring_buffer__add(struct kbpf_ring_buffer *rb, int map_fd,
			  kbpf_ring_buffer_sample_fn sample_cb, void *ctx)
{
	struct epoll_event *events;
	struct kbpf_map_info info;
	struct ring **rings, *r;
	void *p;
	int err;

	err = map_info(map_fd, &info);
	if (err)
		return err;
	if (info.type != KBPF_MAP_TYPE_RINGBUF)
		return -EINVAL;

	rings = realloc(rb->rings, (rb->ring_cnt + 1) * sizeof(*rings));
	if (!rings)
		return -ENOMEM;
	rb->rings = rings;
	events = realloc(rb->events, (rb->ring_cnt + 1) * sizeof(*events));
	if (!events)
		return -ENOMEM;
	rb->events = events;

	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->sample_cb = sample_cb;
	r->ctx = ctx;
	r->map_fd = map_fd;
	r->mask = info.max_entries - 1;

	p = mmap(NULL, rb->page_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 map_fd, 0);
	if (p == MAP_FAILED) {
		err = -errno;
		goto err_free;
	}
	r->consumer_pos = p;

	/* The producer page and both mappings of the data pages. */
	r->prod_map_len = rb->page_size + 2 * (size_t)info.max_entries;
	p = mmap(NULL, r->prod_map_len, PROT_READ, MAP_SHARED, map_fd,
		 rb->page_size);
	if (p == MAP_FAILED) {
		err = -errno;
		goto err_free;
	}
	r->producer_pos = p;
	r->data = (unsigned char *)p + rb->page_size;

	events = &rb->events[rb->ring_cnt];
	memset(events, 0, sizeof(*events));
	events->events = EPOLLIN;
	events->data.u32 = rb->ring_cnt;
	if (epoll_ctl(rb->epoll_fd, EPOLL_CTL_ADD, map_fd, events)) {
		err = -errno;
		goto err_free;
	}
	rb->rings[rb->ring_cnt++] = r;
	return 0;

err_free:
	ring_unmap(rb, r);
	free(r);
	return err;
}

void kbpf_ring_buffer__free(struct kbpf_ring_buffer *rb)
{
	int i;

	if (!rb)
		return;
	for (i = 0; i < rb->ring_cnt; i++) {
		ring_unmap(rb, rb->rings[i]);
		free(rb->rings[i]);
	}
	if (rb->epoll_fd >= 0)
		close(rb->epoll_fd);
	free(rb->events);
	free(rb->rings);
	free(rb);
}

struct kbpf_ring_buffer *
kbpf_ring_buffer__new(int map_fd, kbpf_ring_buffer_sample_fn sample_cb,
		      void *ctx, const struct kbpf_ring_buffer_opts *opts)
{
	struct kbpf_ring_buffer *rb;
	int err;

	/* No option is defined yet: a bigger struct must be zero past sz. */
	if (opts && opts->sz > sizeof(*opts)) {
		const char *tail = (const char *)opts + sizeof(*opts);
		size_t i;

		for (i = 0; i < opts->sz - sizeof(*opts); i++) {
			if (tail[i]) {
				errno = EINVAL;
				return NULL;
			}
		}
	}

	rb = calloc(1, sizeof(*rb));
	if (!rb) {
		errno = ENOMEM;
		return NULL;
	}
	rb->page_size = sysconf(_SC_PAGESIZE);
	rb->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (rb->epoll_fd < 0) {
		err = -errno;
		goto err_free;
	}
	err = kbpf_ring_buffer__add(rb, map_fd, sample_cb, ctx);
	if (err)
		goto err_free;
	return rb;

err_free:
	kbpf_ring_buffer__free(rb);
	errno = -err;
	return NULL;
}

static unsigned long rec_size(__u32 len)
{
	return ((unsigned long)len + KBPF_RINGBUF_HDR_SZ + 7) & ~7UL;
}

/*
 * Hand every committed record to the callback until the ring is empty
 * or a record is still busy. Returns the count, or the callback's
 * negative value.
 */
static long ring_consume(struct ring *r)
{
	unsigned long cons, prod;
	long cnt = 0;
	bool progress;
	__u32 len;
	int err;

	cons = __atomic_load_n(r->consumer_pos, __ATOMIC_ACQUIRE);
	do {
		progress = false;
		prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
		while (cons < prod) {
			__u32 *hdr = (__u32 *)(r->data + (cons & r->mask));

			len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
			if (len & KBPF_RINGBUF_BUSY_BIT)
				return cnt;
			progress = true;
			cons += rec_size(len & ~KBPF_RINGBUF_DISCARD_BIT);
			if (!(len & KBPF_RINGBUF_DISCARD_BIT)) {
				err = r->sample_cb(r->ctx,
						   (char *)hdr + KBPF_RINGBUF_HDR_SZ,
						   len);
				if (err < 0) {
					__atomic_store_n(r->consumer_pos, cons,
							 __ATOMIC_RELEASE);
					return err;
				}
				cnt++;
			}
			__atomic_store_n(r->consumer_pos, cons,
					 __ATOMIC_RELEASE);
		}
	} while (progress);
	return cnt;
}

static int add_count(long *total, long n)
{
	if (n < 0)
		return n;
	*total += n;
	if (*total > INT_MAX)
		*total = INT_MAX;
	return 0;
}

int kbpf_ring_buffer__consume(struct kbpf_ring_buffer *rb)
{
	long total = 0;
	int i, err;

	for (i = 0; i < rb->ring_cnt; i++) {
		err = add_count(&total, ring_consume(rb->rings[i]));
		if (err)
			return err;
	}
	return total;
}

int kbpf_ring_buffer__poll(struct kbpf_ring_buffer *rb, int timeout_ms)
{
	long total = 0;
	int i, n, err;

	n = epoll_wait(rb->epoll_fd, rb->events, rb->ring_cnt, timeout_ms);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		struct ring *r = rb->rings[rb->events[i].data.u32];

		err = add_count(&total, ring_consume(r));
		if (err)
			return err;
	}
	return total;
}

int kbpf_ring_buffer__epoll_fd(const struct kbpf_ring_buffer *rb)
{
	return rb->epoll_fd;
}

/*
 * The producer side: the consumer page read-only at offset 0, the
 * producer page and the data pages writable after it. The producer
 * position and each record's len are stored with release, pairing with
 * the kernel's acquire loads in bpf_user_ringbuf_drain(); the consumer
 * position is read with acquire.
 *
 * @epoll_fd watches the map fd for EPOLLOUT (level-triggered, as
 * libbpf): the kernel reports it while the ring is not full and wakes
 * its waiters after a drain that consumed a record (or was forced).
 */
struct kbpf_user_ring_buffer {
	unsigned long *consumer_pos;
	unsigned long *producer_pos;
	unsigned char *data;
	unsigned long mask;
	size_t prod_map_len;
	long page_size;
	int epoll_fd;
	struct epoll_event event;
};

void kbpf_user_ring_buffer__free(struct kbpf_user_ring_buffer *rb)
{
	if (!rb)
		return;
	if (rb->consumer_pos)
		munmap(rb->consumer_pos, rb->page_size);
	if (rb->producer_pos)
		munmap(rb->producer_pos, rb->prod_map_len);
	if (rb->epoll_fd >= 0)
		close(rb->epoll_fd);
	free(rb);
}

struct kbpf_user_ring_buffer *
kbpf_user_ring_buffer__new(int map_fd,
			   const struct kbpf_user_ring_buffer_opts *opts)
{
	struct kbpf_user_ring_buffer *rb;
	struct kbpf_map_info info;
	void *p;
	int err;

	if (opts && opts->sz > sizeof(*opts)) {
		const char *tail = (const char *)opts + sizeof(*opts);
		size_t i;

		for (i = 0; i < opts->sz - sizeof(*opts); i++) {
			if (tail[i]) {
				errno = EINVAL;
				return NULL;
			}
		}
	}
	err = map_info(map_fd, &info);
	if (!err && info.type != KBPF_MAP_TYPE_USER_RINGBUF)
		err = -EINVAL;
	if (err) {
		errno = -err;
		return NULL;
	}

	rb = calloc(1, sizeof(*rb));
	if (!rb) {
		errno = ENOMEM;
		return NULL;
	}
	rb->page_size = sysconf(_SC_PAGESIZE);
	rb->mask = info.max_entries - 1;
	rb->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (rb->epoll_fd < 0)
		goto err_free;
	p = mmap(NULL, rb->page_size, PROT_READ, MAP_SHARED, map_fd, 0);
	if (p == MAP_FAILED)
		goto err_free;
	rb->consumer_pos = p;
	rb->prod_map_len = rb->page_size + 2 * (size_t)info.max_entries;
	p = mmap(NULL, rb->prod_map_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		 map_fd, rb->page_size);
	if (p == MAP_FAILED)
		goto err_free;
	rb->producer_pos = p;
	rb->data = (unsigned char *)p + rb->page_size;
	rb->event.events = EPOLLOUT;
	if (epoll_ctl(rb->epoll_fd, EPOLL_CTL_ADD, map_fd, &rb->event))
		goto err_free;
	return rb;

err_free:
	err = errno;
	kbpf_user_ring_buffer__free(rb);
	errno = err;
	return NULL;
}

void *kbpf_user_ring_buffer__reserve(struct kbpf_user_ring_buffer *rb,
				     __u32 size)
{
	unsigned long cons, prod, total = rec_size(size);
	__u32 *hdr;

	/* The two top bits of len are the record's flags. */
	if (size & (KBPF_RINGBUF_BUSY_BIT | KBPF_RINGBUF_DISCARD_BIT) ||
	    total > rb->mask + 1) {
		errno = E2BIG;
		return NULL;
	}
	cons = __atomic_load_n(rb->consumer_pos, __ATOMIC_ACQUIRE);
	prod = *rb->producer_pos;	/* only this producer writes it */
	if (rb->mask + 1 - (prod - cons) < total) {
		errno = ENOSPC;
		return NULL;
	}
	hdr = (__u32 *)(rb->data + (prod & rb->mask));
	hdr[0] = size | KBPF_RINGBUF_BUSY_BIT;
	hdr[1] = 0;
	__atomic_store_n(rb->producer_pos, prod + total, __ATOMIC_RELEASE);
	/* Contiguous with its header even at the end: data is mapped twice. */
	return (char *)hdr + KBPF_RINGBUF_HDR_SZ;
}

static long elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now))
		return -1;
	return (now.tv_sec - start->tv_sec) * 1000L +
	       (now.tv_nsec - start->tv_nsec) / 1000000L;
}

void *kbpf_user_ring_buffer__reserve_blocking(struct kbpf_user_ring_buffer *rb,
					      __u32 size, int timeout_ms)
{
	int wait_ms = timeout_ms;
	struct timespec start;
	void *sample;
	long spent;

	if (timeout_ms < -1) {
		errno = EINVAL;
		return NULL;
	}
	if (timeout_ms > 0 && clock_gettime(CLOCK_MONOTONIC, &start))
		return NULL;

	for (;;) {
		sample = kbpf_user_ring_buffer__reserve(rb, size);
		if (sample || errno != ENOSPC)
			return sample;
		if (timeout_ms == 0)
			return NULL;
		/* Keeps errno (EINTR, ...) when the wait fails. */
		if (epoll_wait(rb->epoll_fd, &rb->event, 1, wait_ms) < 0)
			return NULL;
		if (timeout_ms == -1)
			continue;
		spent = elapsed_ms(&start);
		if (spent < 0)
			return NULL;
		if (spent >= timeout_ms)
			break;
		wait_ms = timeout_ms - spent;
	}
	/* The time is up: one last try, ENOSPC if it fails too. */
	return kbpf_user_ring_buffer__reserve(rb, size);
}

static void user_ring_commit(void *sample, bool discard)
{
	__u32 *hdr = (__u32 *)((char *)sample - KBPF_RINGBUF_HDR_SZ);
	__u32 len = hdr[0] & ~KBPF_RINGBUF_BUSY_BIT;

	if (discard)
		len |= KBPF_RINGBUF_DISCARD_BIT;
	__atomic_store_n(hdr, len, __ATOMIC_RELEASE);
}

void kbpf_user_ring_buffer__submit(struct kbpf_user_ring_buffer *rb,
				   void *sample)
{
	(void)rb;
	user_ring_commit(sample, false);
}

void kbpf_user_ring_buffer__discard(struct kbpf_user_ring_buffer *rb,
				    void *sample)
{
	(void)rb;
	user_ring_commit(sample, true);
}
