/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libkbpf's ring buffer consumer and user ring buffer producer. They work
 * on the maps of kbpf (/dev/kbpf) and of Linux (bpf(2)) alike: both have
 * the same memory layout and record format; the fd tells which one to
 * ask for the map's size.
 *
 * Semantics are libbpf's (tools/lib/bpf/libbpf.h), names are libbpf's in
 * the kbpf_ namespace (kbpf_ring_buffer__poll() is kbpf_ring_buffer__poll()),
 * so a program may use both libraries; libbpf's own ring buffer API works
 * on kbpf's maps too, the protocol being the same.
 */
#ifndef KBPF_LIB_RINGBUF_H
#define KBPF_LIB_RINGBUF_H

#include <stddef.h>

#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Called for each committed, non-discarded record, in order. A negative
 * return stops the consume or poll call, which returns that value; the
 * record counts as consumed.
 */
typedef int (*kbpf_ring_buffer_sample_fn)(void *ctx, void *data, size_t size);

struct kbpf_ring_buffer_opts {
	size_t sz;	/* sizeof(struct kbpf_ring_buffer_opts) */
};

struct kbpf_ring_buffer;

/*
 * A consumer with one ring, @map_fd. NULL with errno set on failure
 * (EINVAL: not a ring buffer map, or @opts has unknown non-zero fields).
 */
struct kbpf_ring_buffer *
kbpf_ring_buffer__new(int map_fd, kbpf_ring_buffer_sample_fn sample_cb,
		      void *ctx, const struct kbpf_ring_buffer_opts *opts);
void kbpf_ring_buffer__free(struct kbpf_ring_buffer *rb);
/* Add another ring to @rb; 0 or a negative errno. */
int kbpf_ring_buffer__add(struct kbpf_ring_buffer *rb, int map_fd,
			  kbpf_ring_buffer_sample_fn sample_cb, void *ctx);
/*
 * Wait up to @timeout_ms (-1: forever) for a wake-up, then consume the
 * rings that had one. Returns the number of records consumed (at most
 * INT_MAX) or a negative errno.
 */
int kbpf_ring_buffer__poll(struct kbpf_ring_buffer *rb, int timeout_ms);
/* Consume every ring without waiting; as kbpf_ring_buffer__poll(). */
int kbpf_ring_buffer__consume(struct kbpf_ring_buffer *rb);
/* The epoll fd the rings are registered with. */
int kbpf_ring_buffer__epoll_fd(const struct kbpf_ring_buffer *rb);

/*
 * The user ring buffer producer (BPF_MAP_TYPE_USER_RINGBUF), libbpf's
 * libbpf's user_ring_buffer: one producer thread; programs drain the
 * records with bpf_user_ringbuf_drain().
 */
struct kbpf_user_ring_buffer_opts {
	size_t sz;	/* sizeof(struct kbpf_user_ring_buffer_opts) */
};

struct kbpf_user_ring_buffer;

/* NULL with errno set on failure (EINVAL: not a user ring buffer). */
struct kbpf_user_ring_buffer *
kbpf_user_ring_buffer__new(int map_fd,
			   const struct kbpf_user_ring_buffer_opts *opts);
/*
 * Room for a @size-byte record, or NULL with errno E2BIG (bigger than
 * the ring) or ENOSPC (no room now). Every reserved record must be
 * submitted or discarded, in any order; the drain stops at the first
 * one still reserved.
 */
void *kbpf_user_ring_buffer__reserve(struct kbpf_user_ring_buffer *rb,
				     __u32 size);
/*
 * kbpf_user_ring_buffer__reserve(), waiting up to @timeout_ms for room:
 * -1 waits for ever, 0 does not wait, other negative values fail with
 * EINVAL. A record bigger than the ring fails at once with E2BIG; no
 * room when the time is up fails with ENOSPC. The wait is an epoll for
 * EPOLLOUT on the map fd, which the kernel signals after a drain that
 * consumed a record (unless BPF_RB_NO_WAKEUP) or that passed
 * BPF_RB_FORCE_WAKEUP; each wake-up retries the reservation. As
 * libbpf's, the epoll is level-triggered and the kernel reports EPOLLOUT
 * whenever the ring is not full: with some room but too little for
 * @size, the retries do not sleep.
 */
void *kbpf_user_ring_buffer__reserve_blocking(struct kbpf_user_ring_buffer *rb,
					      __u32 size, int timeout_ms);
void kbpf_user_ring_buffer__submit(struct kbpf_user_ring_buffer *rb,
				   void *sample);
void kbpf_user_ring_buffer__discard(struct kbpf_user_ring_buffer *rb,
				    void *sample);
void kbpf_user_ring_buffer__free(struct kbpf_user_ring_buffer *rb);

#ifdef __cplusplus
}
#endif

#endif /* KBPF_LIB_RINGBUF_H */
