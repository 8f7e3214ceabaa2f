// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_USER_RINGBUF as a channel, with Linux 6.12's wake-up rules
 * (kernel/bpf/ringbuf.c) and libbpf's kbpf_user_ring_buffer__reserve_blocking()
 * (tools/lib/kbpf):
 * - bpf_user_ringbuf_drain() wakes the map's pollers when it went past at
 *   least one record, discarded ones included, unless BPF_RB_NO_WAKEUP;
 *   always with BPF_RB_FORCE_WAKEUP; poll reports EPOLLOUT while the ring
 *   is not full;
 * - reserve_blocking: EINVAL for a timeout below -1, E2BIG at once for a
 *   record bigger than the ring, ENOSPC when the time is up; a producer
 *   blocked on a full ring is woken by a drain that frees room;
 * - a request/reply protocol: requests through the user ring buffer,
 *   drained by a SYSCALL program that answers each one through a
 *   BPF_MAP_TYPE_RINGBUF, in batches and with a blocking producer thread;
 * - concurrent drains of one ring hand out each record once.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kbpf_prog.h"
#include "tools/lib/kbpf/kbpf.h"

#define RING_SIZE	4096
/* load_replies() returns more than this once a reply failed. */
#define REPLY_FAILED	1000000

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int user_ringbuf_create(__u32 size)
{
	return ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_USER_RINGBUF, 0, 0,
				      size, 0));
}

static struct kbpf_user_ring_buffer *user_ringbuf_new(int map)
{
	struct kbpf_user_ring_buffer *urb = kbpf_user_ring_buffer__new(map, NULL);

	if (!urb)
		FAIL("user_ring_buffer__new: %s", kbpf_errname(errno));
	return urb;
}

/* The summing drain of kbpf_prog.c, as a SYSCALL program. */
static int load_drain(int map, int flags, int stop)
{
	return kbpf_load_user_ringbuf_sum(map, KBPF_PROG_TYPE_SYSCALL, flags,
					  stop);
}

static int drain(int prog)
{
	return (int)RUN_PROG(prog, NULL, 0);
}

/* A submitted (or discarded) record of @size bytes starting with @value. */
static void produce(struct kbpf_user_ring_buffer *urb, __u32 size, __u64 value,
		    bool discard)
{
	__u64 *sample = kbpf_user_ring_buffer__reserve(urb, size);

	if (!sample)
		FAIL("reserve(%u): %s", size, kbpf_errname(errno));
	*sample = value;
	if (discard)
		kbpf_user_ring_buffer__discard(urb, sample);
	else
		kbpf_user_ring_buffer__submit(urb, sample);
}

/* One record filling the whole (empty) ring. */
static void fill(struct kbpf_user_ring_buffer *urb, __u64 value)
{
	produce(urb, RING_SIZE - 8, value, false);
	errno = 0;
	ASSERT_TRUE(kbpf_user_ring_buffer__reserve(urb, 0) == NULL);
	ASSERT_EQ(errno, ENOSPC);
}

/* The number of wake-ups epoll_wait() sees within @ms. */
static int wakeups(int epfd, int ms)
{
	struct epoll_event ev;

	return ASSERT_OK(epoll_wait(epfd, &ev, 1, ms));
}

TEST(user_ringbuf_wakeup_flags)
{
	int map = user_ringbuf_create(RING_SIZE);
	int plain = load_drain(map, 0, 0);
	int no_wakeup = load_drain(map, KBPF_RB_NO_WAKEUP, 0);
	int force = load_drain(map, KBPF_RB_FORCE_WAKEUP, 0);
	int both = load_drain(map, KBPF_RB_NO_WAKEUP | KBPF_RB_FORCE_WAKEUP,
			      0);
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLET };
	struct kbpf_user_ring_buffer *urb = user_ringbuf_new(map);
	int epfd = ASSERT_OK(epoll_create1(EPOLL_CLOEXEC));
	__u64 *busy;

	/* Edge-triggered: one event per wake-up of the map's pollers. */
	ASSERT_OK(epoll_ctl(epfd, EPOLL_CTL_ADD, map, &ev));
	ASSERT_EQ(wakeups(epfd, 0), 1);
	ASSERT_EQ(wakeups(epfd, 0), 0);

	/* Nothing drained: no wake-up unless forced. */
	ASSERT_EQ(drain(plain), 0);
	ASSERT_EQ(wakeups(epfd, 200), 0);
	ASSERT_EQ(drain(force), 0);
	ASSERT_EQ(wakeups(epfd, 5000), 1);

	produce(urb, 8, 3, false);
	ASSERT_EQ(drain(no_wakeup), 1000 + 3);
	ASSERT_EQ(wakeups(epfd, 200), 0);
	/* FORCE wins over NO_WAKEUP. */
	produce(urb, 8, 4, false);
	ASSERT_EQ(drain(both), 1000 + 4);
	ASSERT_EQ(wakeups(epfd, 5000), 1);
	produce(urb, 8, 5, false);
	ASSERT_EQ(drain(plain), 1000 + 5);
	ASSERT_EQ(wakeups(epfd, 5000), 1);

	/* A skipped discarded record counts as going past one. */
	produce(urb, 8, 6, true);
	ASSERT_EQ(drain(plain), 0);
	ASSERT_EQ(wakeups(epfd, 5000), 1);

	/* A busy record stops the drain before anything. */
	busy = kbpf_user_ring_buffer__reserve(urb, 8);
	ASSERT_TRUE(busy != NULL);
	ASSERT_EQ(drain(plain), 0);
	ASSERT_EQ(wakeups(epfd, 200), 0);
	*busy = 7;
	kbpf_user_ring_buffer__submit(urb, busy);
	ASSERT_EQ(drain(plain), 1000 + 7);
	ASSERT_EQ(wakeups(epfd, 5000), 1);
	kbpf_user_ring_buffer__free(urb);
	close(epfd);
}

TEST(user_ringbuf_reserve_blocking_errnos)
{
	int map = user_ringbuf_create(RING_SIZE);
	int prog = load_drain(map, 0, 0);
	struct kbpf_user_ring_buffer *urb = user_ringbuf_new(map);
	long start, spent;
	__u64 *sample;

	errno = 0;
	ASSERT_TRUE(kbpf_user_ring_buffer__reserve_blocking(urb, 8, -2) == NULL);
	ASSERT_EQ(errno, EINVAL);
	errno = 0;
	ASSERT_TRUE(kbpf_user_ring_buffer__reserve_blocking(urb, 8, INT32_MIN) ==
		    NULL);
	ASSERT_EQ(errno, EINVAL);

	fill(urb, 9);
	/* Too big for the ring: no wait, even with no time limit. */
	start = now_ms();
	errno = 0;
	ASSERT_TRUE(kbpf_user_ring_buffer__reserve_blocking(urb, RING_SIZE - 7,
							    -1) == NULL);
	ASSERT_EQ(errno, E2BIG);
	errno = 0;
	ASSERT_TRUE(kbpf_user_ring_buffer__reserve_blocking(urb, 1U << 31,
							    5000) == NULL);
	ASSERT_EQ(errno, E2BIG);
	errno = 0;
	ASSERT_TRUE(kbpf_user_ring_buffer__reserve_blocking(urb, 1U << 30,
							    5000) == NULL);
	ASSERT_EQ(errno, E2BIG);
	ASSERT_LT(now_ms() - start, 1000);

	/* No room: 0 does not wait; a time limit runs out with ENOSPC. */
	errno = 0;
	ASSERT_TRUE(kbpf_user_ring_buffer__reserve_blocking(urb, 8, 0) == NULL);
	ASSERT_EQ(errno, ENOSPC);
	start = now_ms();
	errno = 0;
	ASSERT_TRUE(kbpf_user_ring_buffer__reserve_blocking(urb, 8, 300) == NULL);
	spent = now_ms() - start;
	ASSERT_EQ(errno, ENOSPC);
	ASSERT_GE(spent, 300);
	ASSERT_LT(spent, 5000);

	/* Room: no wait. */
	ASSERT_EQ(drain(prog), 1000 + 9);
	start = now_ms();
	sample = kbpf_user_ring_buffer__reserve_blocking(urb, 8, -1);
	ASSERT_TRUE(sample != NULL);
	*sample = 10;
	kbpf_user_ring_buffer__submit(urb, sample);
	sample = kbpf_user_ring_buffer__reserve_blocking(urb, 8, 0);
	ASSERT_TRUE(sample != NULL);
	*sample = 20;
	kbpf_user_ring_buffer__submit(urb, sample);
	ASSERT_LT(now_ms() - start, 1000);
	ASSERT_EQ(drain(prog), 2 * 1000 + 30);
	kbpf_user_ring_buffer__free(urb);
}

/* A thread in kbpf_user_ring_buffer__reserve_blocking(). */
struct blocker {
	struct kbpf_user_ring_buffer *urb;
	int timeout_ms;
	pid_t tid;		/* set before the call */
	void *sample;
	int err;
	long waited_ms;
};

static void *blocker_fn(void *arg)
{
	struct blocker *b = arg;
	long start = now_ms();

	__atomic_store_n(&b->tid, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
	errno = 0;
	b->sample = kbpf_user_ring_buffer__reserve_blocking(b->urb, 8, b->timeout_ms);
	b->err = errno;
	b->waited_ms = now_ms() - start;
	return NULL;
}

/* The scheduler state letter of thread @tid of this process, or 0. */
static char task_state(pid_t tid)
{
	char path[64], buf[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	if (!p)
		return 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/*
 * Start a blocker on a full ring; return @ms milliseconds after it went
 * to sleep in its wait, which from then on only a wake-up or its timeout
 * ends.
 */
static void blocker_start(pthread_t *thread, struct blocker *b, int ms)
{
	pid_t tid = 0;

	ASSERT_EQ(pthread_create(thread, NULL, blocker_fn, b), 0);
	ASSERT_TRUE(KBPF_POLL((tid = __atomic_load_n(&b->tid,
						     __ATOMIC_ACQUIRE)), 5000));
	ASSERT_TRUE(KBPF_POLL(task_state(tid) == 'S', 5000));
	usleep(ms * 1000);
}

/*
 * The ring is full; a drain that empties it wakes the blocked producer
 * well before its timeout, both with a time limit and without one.
 */
TEST(user_ringbuf_reserve_blocking_woken)
{
	static const int timeouts[] = { 5000, -1 };
	int map = user_ringbuf_create(RING_SIZE);
	int prog = load_drain(map, 0, 0);
	struct kbpf_user_ring_buffer *urb = user_ringbuf_new(map);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(timeouts); i++) {
		struct blocker b = { .urb = urb, .timeout_ms = timeouts[i] };
		pthread_t thread;

		fill(urb, 100 + i);
		blocker_start(&thread, &b, 300);
		ASSERT_EQ(drain(prog), 1000 + 100 + i);
		ASSERT_EQ(pthread_join(thread, NULL), 0);
		if (!b.sample)
			FAIL("timeout %d: %s after %ld ms", timeouts[i],
			     kbpf_errname(b.err), b.waited_ms);
		kbpf_diag("timeout %d: woken after %ld ms", timeouts[i],
			  b.waited_ms);
		ASSERT_GE(b.waited_ms, 300);
		ASSERT_LT(b.waited_ms, 5000);
		*(__u64 *)b.sample = 200 + i;
		kbpf_user_ring_buffer__submit(urb, b.sample);
		ASSERT_EQ(drain(prog), 1000 + 200 + i);
	}
	kbpf_user_ring_buffer__free(urb);
}

/*
 * A drain with BPF_RB_NO_WAKEUP frees the room but wakes nobody: the
 * producer finds it only with its last try at the timeout.
 */
TEST(user_ringbuf_reserve_blocking_no_wakeup)
{
	int map = user_ringbuf_create(RING_SIZE);
	int prog = load_drain(map, KBPF_RB_NO_WAKEUP, 0);
	struct kbpf_user_ring_buffer *urb = user_ringbuf_new(map);
	struct blocker b = { .urb = urb, .timeout_ms = 1500 };
	pthread_t thread;

	fill(urb, 1);
	blocker_start(&thread, &b, 300);
	ASSERT_EQ(drain(prog), 1000 + 1);
	ASSERT_EQ(pthread_join(thread, NULL), 0);
	if (!b.sample)
		FAIL("%s after %ld ms", kbpf_errname(b.err), b.waited_ms);
	ASSERT_GE(b.waited_ms, 1500);
	*(__u64 *)b.sample = 2;
	kbpf_user_ring_buffer__submit(urb, b.sample);
	ASSERT_EQ(drain(prog), 1000 + 2);
	kbpf_user_ring_buffer__free(urb);
}

/* The protocol: a request and the reply the program computes for it. */
struct request {
	__u64 id;
	__u64 a;
	__u64 b;
};

struct reply {
	__u64 id;
	__u64 sum;	/* a + b */
	__u64 mix;	/* (a ^ id) * 3 */
};

static void request_init(struct request *req, __u64 id)
{
	req->id = id;
	req->a = id * 0x9e3779b97f4a7c15ULL;
	req->b = ~id << 7;
}

/*
 * failed = 0; n = user_ringbuf_drain(req_map, cb, &failed, 0);
 * return n < 0 || !failed ? n : REPLY_FAILED + 1
 * cb(dynptr, ctx):
 *	struct request req; struct reply rep;
 *	if (dynptr_read(&req, sizeof(req), dynptr, 0, 0)) goto fail;
 *	rep = { req.id, req.a + req.b, (req.a ^ req.id) * 3 };
 *	if (ringbuf_output(rep_map, &rep, sizeof(rep), 0)) goto fail;
 *	return 0;
 * fail: *ctx = 1; return 1
 *
 * The flag is a constant store, not a count: Linux verifies the callback
 * until its states converge, which a counter in the caller's frame
 * never does ("The sequence of 8193 jumps is too complex").
 */
static int load_replies(int req_map, int rep_map)
{
	const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_DW, R10, -8, 0),
		KBPF_LD_MAP_FD(R1, req_map),
		KBPF_LD_FUNC(R2, 11),			/* cb at 15 */
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -8),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_user_ringbuf_drain),
		KBPF_JMP_IMM(KBPF_JSLT, R0, 0, 4),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_JMP_IMM(KBPF_JEQ, R1, 0, 2),
		KBPF_MOV64_IMM(R0, REPLY_FAILED),
		KBPF_ALU64_REG(KBPF_ADD, R0, R1),
		KBPF_EXIT_INSN(),
		/* 15: cb; req at fp-24, rep at fp-48 */
		KBPF_MOV64_REG(R6, R2),
		KBPF_MOV64_REG(R3, R1),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -24),
		KBPF_MOV64_IMM(R2, sizeof(struct request)),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_MOV64_IMM(R5, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_read),
		KBPF_JMP_IMM(KBPF_JNE, R0, 0, 20),	/* fail at 44 */
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -24),
		KBPF_LDX_MEM(KBPF_DW, R2, R10, -16),
		KBPF_LDX_MEM(KBPF_DW, R3, R10, -8),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -48),
		KBPF_MOV64_REG(R4, R2),
		KBPF_ALU64_REG(KBPF_ADD, R4, R3),
		KBPF_STX_MEM(KBPF_DW, R10, R4, -40),
		KBPF_ALU64_REG(KBPF_XOR, R2, R1),
		KBPF_ALU64_IMM(KBPF_MUL, R2, 3),
		KBPF_STX_MEM(KBPF_DW, R10, R2, -32),
		KBPF_LD_MAP_FD(R1, rep_map),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -48),
		KBPF_MOV64_IMM(R3, sizeof(struct reply)),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_output),
		KBPF_JMP_IMM(KBPF_JNE, R0, 0, 2),	/* fail at 44 */
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
		/* 44: fail */
		KBPF_ST_MEM(KBPF_DW, R6, 0, 1),
		KBPF_MOV64_IMM(R0, 1),
		KBPF_EXIT_INSN(),
	};

	return LOAD_SYSCALL(insns);
}

/* The consumer's side: replies must answer requests 0, 1, ... in order. */
struct replies {
	__u64 next;		/* the id the next reply must have */
	char bad[160];		/* what the first bad reply was */
};

static int reply_cb(void *ctx, void *data, size_t size)
{
	struct replies *r = ctx;
	struct request req;
	struct reply rep;

	request_init(&req, r->next);
	if (size != sizeof(rep)) {
		snprintf(r->bad, sizeof(r->bad), "reply %llu: %zu bytes",
			 (unsigned long long)r->next, size);
		return -EINVAL;
	}
	memcpy(&rep, data, sizeof(rep));
	if (rep.id != req.id || rep.sum != req.a + req.b ||
	    rep.mix != (req.a ^ req.id) * 3) {
		snprintf(r->bad, sizeof(r->bad),
			 "reply %llu: id %llu sum %#llx mix %#llx",
			 (unsigned long long)r->next,
			 (unsigned long long)rep.id,
			 (unsigned long long)rep.sum,
			 (unsigned long long)rep.mix);
		return -EINVAL;
	}
	r->next++;
	return 0;
}

/* Poll the replies until @want have come. */
static void await_replies(struct kbpf_ring_buffer *rb, struct replies *r,
			  __u64 want)
{
	int n;

	while (r->next < want) {
		n = kbpf_ring_buffer__poll(rb, 5000);
		if (n < 0)
			FAIL("ring_buffer__poll: %d %s", n, r->bad);
		if (n == 0)
			FAIL("reply %llu of %llu missing",
			     (unsigned long long)r->next,
			     (unsigned long long)want);
	}
	/* Nothing more. */
	ASSERT_EQ(kbpf_ring_buffer__consume(rb), 0);
}

/*
 * 1000 requests in batches of 1 to 100, of 24 to 40 bytes (the program
 * reads the first 24), with discarded ones in between: the drain of each
 * batch answers exactly the submitted requests, in order. Both rings wrap
 * many times.
 */
TEST(user_ringbuf_request_reply)
{
	const __u64 nr_requests = 1000;
	int req_map = user_ringbuf_create(2 * RING_SIZE);
	int rep_map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0,
					     RING_SIZE, 0));
	int prog = load_replies(req_map, rep_map);
	struct kbpf_user_ring_buffer *urb = user_ringbuf_new(req_map);
	struct replies replies = { 0 };
	struct kbpf_ring_buffer *rb;
	__u64 id = 0, batch_nr;

	rb = kbpf_ring_buffer__new(rep_map, reply_cb, &replies, NULL);
	if (!rb)
		FAIL("ring_buffer__new: %s", kbpf_errname(errno));
	for (batch_nr = 0; id < nr_requests; batch_nr++) {
		__u64 batch = 1 + batch_nr * 37 % 100, first = id;

		for (; id < nr_requests && id < first + batch; id++) {
			__u32 size = sizeof(struct request) + id % 3 * 8;
			struct request *req;

			if (id % 5 == 0)
				produce(urb, sizeof(*req), ~0ULL, true);
			req = kbpf_user_ring_buffer__reserve(urb, size);
			if (!req)
				FAIL("request %llu: %s",
				     (unsigned long long)id,
				     kbpf_errname(errno));
			request_init(req, id);
			kbpf_user_ring_buffer__submit(urb, req);
		}
		ASSERT_EQ(drain(prog), id - first);
		await_replies(rb, &replies, id);
	}
	ASSERT_EQ(replies.next, nr_requests);
	ASSERT_EQ(drain(prog), 0);
	kbpf_ring_buffer__free(rb);
	kbpf_user_ring_buffer__free(urb);
}

struct producer {
	struct kbpf_user_ring_buffer *urb;
	__u64 nr_requests;
	__u64 sent;
	int err;
	int done;
};

static void *producer_fn(void *arg)
{
	struct producer *p = arg;
	struct request *req;
	__u64 id;

	for (id = 0; id < p->nr_requests; id++) {
		req = kbpf_user_ring_buffer__reserve_blocking(p->urb, sizeof(*req),
							      5000);
		if (!req) {
			p->err = errno;
			break;
		}
		request_init(req, id);
		kbpf_user_ring_buffer__submit(p->urb, req);
	}
	p->sent = id;
	__atomic_store_n(&p->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * A producer thread sends 3000 requests with reserve_blocking() into a
 * ring that holds 128; the main thread drains and collects the replies
 * until all have come. A drain goes on while the producer refills the
 * ring, so one drain may answer any number of requests: the reply ring
 * holds all 3000 replies (32 bytes each).
 */
TEST(user_ringbuf_request_reply_threaded)
{
	int req_map = user_ringbuf_create(RING_SIZE);
	int rep_map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0,
					     32 * RING_SIZE, 0));
	int prog = load_replies(req_map, rep_map);
	struct producer p = {
		.urb = user_ringbuf_new(req_map),
		.nr_requests = 3000,
	};
	struct replies replies = { 0 };
	__u64 drained = 0, drains = 0;
	struct kbpf_ring_buffer *rb;
	pthread_t thread;
	int n;

	rb = kbpf_ring_buffer__new(rep_map, reply_cb, &replies, NULL);
	if (!rb)
		FAIL("ring_buffer__new: %s", kbpf_errname(errno));
	ASSERT_EQ(pthread_create(&thread, NULL, producer_fn, &p), 0);
	while (drained < p.nr_requests) {
		n = drain(prog);
		if (n < 0 || n >= REPLY_FAILED)
			FAIL("drain %llu: %d", (unsigned long long)drains, n);
		drains++;
		drained += n;
		if (n) {
			await_replies(rb, &replies, drained);
			continue;
		}
		if (__atomic_load_n(&p.done, __ATOMIC_ACQUIRE) && p.err)
			break;
		usleep(1000);
	}
	ASSERT_EQ(pthread_join(thread, NULL), 0);
	if (p.err)
		FAIL("request %llu: %s", (unsigned long long)p.sent,
		     kbpf_errname(p.err));
	kbpf_diag("%llu drains", (unsigned long long)drains);
	ASSERT_EQ(drained, p.nr_requests);
	ASSERT_EQ(replies.next, p.nr_requests);
	kbpf_ring_buffer__free(rb);
	kbpf_user_ring_buffer__free(p.urb);
}

/* Records per round of user_ringbuf_concurrent_drains: a full ring. */
#define DRAIN_RECORDS	(RING_SIZE / 16)
#define DRAIN_ROUNDS	4

struct drainer {
	int prog;
	int *ready;
	long records, sum, busy;
	int bad;
};

static void *drainer_fn(void *arg)
{
	struct drainer *d = arg;
	int n;

	/* Both start together. */
	__atomic_add_fetch(d->ready, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(d->ready, __ATOMIC_ACQUIRE) < 2)
		;
	for (;;) {
		n = drain(d->prog);
		if (n == 0)
			break;
		if (n == -EBUSY) {
			d->busy++;
		} else if (n > 1000 &&
			   n <= 1000 + DRAIN_RECORDS * DRAIN_ROUNDS) {
			d->records++;
			d->sum += n - 1000;
		} else {
			d->bad = n;
			break;
		}
	}
	return NULL;
}

/*
 * Two threads drain one record per call from the same full ring, a few
 * times over: each record is handed out once; a drain that finds the
 * ring in use gets -EBUSY (how often depends on the scheduling;
 * user_ringbuf_nested_drain_busy forces it).
 */
TEST(user_ringbuf_concurrent_drains)
{
	const long nr_records = DRAIN_RECORDS * DRAIN_ROUNDS;
	int map = user_ringbuf_create(RING_SIZE);
	int prog = load_drain(map, 0, 1);
	struct kbpf_user_ring_buffer *urb = user_ringbuf_new(map);
	struct drainer d[2] = { { .prog = prog }, { .prog = prog } };
	pthread_t thread[2];
	long value = 0;
	int round, i;

	for (round = 0; round < DRAIN_ROUNDS; round++) {
		int ready = 0;

		for (i = 0; i < DRAIN_RECORDS; i++)
			produce(urb, 8, ++value, false);
		for (i = 0; i < 2; i++) {
			d[i].ready = &ready;
			ASSERT_EQ(pthread_create(&thread[i], NULL, drainer_fn,
						 &d[i]), 0);
		}
		for (i = 0; i < 2; i++)
			ASSERT_EQ(pthread_join(thread[i], NULL), 0);
		ASSERT_EQ(d[0].bad, 0);
		ASSERT_EQ(d[1].bad, 0);
		ASSERT_EQ(drain(prog), 0);
	}
	kbpf_diag("records %ld + %ld, -EBUSY %ld + %ld", d[0].records,
		  d[1].records, d[0].busy, d[1].busy);
	ASSERT_EQ(d[0].records + d[1].records, nr_records);
	ASSERT_EQ(d[0].sum + d[1].sum, nr_records * (nr_records + 1) / 2);
	kbpf_user_ring_buffer__free(urb);
}
