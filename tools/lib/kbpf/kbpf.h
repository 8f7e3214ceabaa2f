/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libkbpf: a libbpf-shaped user-space API for kbpf. The ring buffer
 * consumer and the user ring buffer producer work on the maps of kbpf
 * (/dev/kbpf) and of Linux (bpf(2)) alike: both have the same memory
 * layout and record format; the fd tells which one to ask for the map's
 * size.
 *
 * Names and semantics are libbpf's (tools/lib/bpf/libbpf.h), so code
 * written for libbpf's ring_buffer builds against this header unchanged.
 */
#ifndef KBPF_LIB_KBPF_H
#define KBPF_LIB_KBPF_H

#include <stddef.h>

#include <linux/types.h>

/*
 * Called for each committed, non-discarded record, in order. A negative
 * return stops the consume or poll call, which returns that value; the
 * record counts as consumed.
 */
typedef int (*ring_buffer_sample_fn)(void *ctx, void *data, size_t size);

struct ring_buffer_opts {
	size_t sz;	/* sizeof(struct ring_buffer_opts) */
};

struct ring_buffer;

/*
 * A consumer with one ring, @map_fd. NULL with errno set on failure
 * (EINVAL: not a ring buffer map, or @opts has unknown non-zero fields).
 */
struct ring_buffer *ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb,
				     void *ctx, const struct ring_buffer_opts *opts);
void ring_buffer__free(struct ring_buffer *rb);
/* Add another ring to @rb; 0 or a negative errno. */
int ring_buffer__add(struct ring_buffer *rb, int map_fd,
		     ring_buffer_sample_fn sample_cb, void *ctx);
/*
 * Wait up to @timeout_ms (-1: forever) for a wake-up, then consume the
 * rings that had one. Returns the number of records consumed (at most
 * INT_MAX) or a negative errno.
 */
int ring_buffer__poll(struct ring_buffer *rb, int timeout_ms);
/* Consume every ring without waiting; as ring_buffer__poll(). */
int ring_buffer__consume(struct ring_buffer *rb);
/* The epoll fd the rings are registered with. */
int ring_buffer__epoll_fd(const struct ring_buffer *rb);

/*
 * The user ring buffer producer (BPF_MAP_TYPE_USER_RINGBUF), libbpf's
 * user_ring_buffer: one producer thread; programs drain the records with
 * bpf_user_ringbuf_drain().
 */
struct user_ring_buffer_opts {
	size_t sz;	/* sizeof(struct user_ring_buffer_opts) */
};

struct user_ring_buffer;

/* NULL with errno set on failure (EINVAL: not a user ring buffer). */
struct user_ring_buffer *
user_ring_buffer__new(int map_fd, const struct user_ring_buffer_opts *opts);
/*
 * Room for a @size-byte record, or NULL with errno E2BIG (bigger than
 * the ring) or ENOSPC (no room now). Every reserved record must be
 * submitted or discarded, in any order; the drain stops at the first
 * one still reserved.
 */
void *user_ring_buffer__reserve(struct user_ring_buffer *rb, __u32 size);
/*
 * user_ring_buffer__reserve(), waiting up to @timeout_ms for room:
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
void *user_ring_buffer__reserve_blocking(struct user_ring_buffer *rb,
					 __u32 size, int timeout_ms);
void user_ring_buffer__submit(struct user_ring_buffer *rb, void *sample);
void user_ring_buffer__discard(struct user_ring_buffer *rb, void *sample);
void user_ring_buffer__free(struct user_ring_buffer *rb);

#endif /* KBPF_LIB_KBPF_H */
