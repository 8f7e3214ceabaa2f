// SPDX-License-Identifier: GPL-2.0
/*
 * The churn threads: while the stepping thread issues commands, each of
 * these closes and dups pool fds, unmaps and remaps map memory, pins,
 * unpins and renames, drains ring buffers and feeds user ring buffers
 * through libkbpf, runs programs, fires the probes of the pool's links
 * (and the tracepoint of its perf events), attaches programs to, queries
 * and toggles those events, and moves fds in and out of an epoll set. Every operation may race
 * with any step; only the fuzzer's own memory is off limits (seq.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include "seq.h"
#include "tools/lib/kbpf/kbpf.h"

#define MAX_CHURN	8

/* Called through a pointer the compiler cannot see through. */
static int (*volatile hit)(long x) = seq_uprobe_hit;

bool seq_stop;	/* read and written with __atomic builtins */
static pthread_t threads[MAX_CHURN];
static unsigned int nr_threads;

struct churn {
	struct seq_rng rng;
	int epfd;
	char path[2][256];
};

static struct churn churn[MAX_CHURN];

static void random_pin(struct churn *c, char *buf)
{
	struct seq_rng *r = &c->rng;

	if (seq_one_in(r, 3))
		snprintf(buf, 256, "%s/d%u/p%u", seq_pool.pin_dir,
			 seq_below(r, 4), seq_below(r, 16));
	else
		snprintf(buf, 256, "%s/p%u", seq_pool.pin_dir,
			 seq_below(r, 16));
}

static void pins(struct churn *c)
{
	struct seq_rng *r = &c->rng;
	struct seq_slot *s;
	unsigned int flags;
	int ret;

	random_pin(c, c->path[0]);
	random_pin(c, c->path[1]);
	switch (seq_below(r, 6)) {
	case 0:
	case 1:
		s = seq_pick(r, seq_below(r, 3) + SEQ_MAP);
		if (!s)
			break;
		/* The call before errno: argument order is unspecified. */
		ret = kbpf_obj_pin(seq_slot_fd(s), c->path[0]);
		seq_hist_add(KBPF_OBJ_PIN, ret, errno);
		break;
	case 2:
		unlink(c->path[0]);
		break;
	case 3:
		flags = seq_below(r, 3) == 0 ? RENAME_EXCHANGE :
			seq_one_in(r, 2) ? RENAME_NOREPLACE : 0;
		renameat2(AT_FDCWD, c->path[0], AT_FDCWD, c->path[1], flags);
		break;
	case 4:	/* directories come and go (rmdir only when empty) */
		snprintf(c->path[0], 256, "%s/d%u", seq_pool.pin_dir,
			 seq_below(r, 4));
		if (seq_one_in(r, 2))
			mkdir(c->path[0], 0777);
		else
			rmdir(c->path[0]);
		break;
	default:
		if (seq_one_in(r, 2))
			chmod(c->path[0], seq_one_in(r, 2) ? 0 : 0600);
		else
			truncate(c->path[0], 0);
	}
}

static int count_cb(void *ctx, void *data, size_t size)
{
	(void)data;
	(void)size;
	++*(long *)ctx;
	return 0;
}

/* Through a dup: libkbpf keeps the map's size, the fd must not change. */
static void drain(struct churn *c)
{
	struct seq_rng *r = &c->rng;
	bool user = seq_one_in(r, 2);
	struct seq_slot *s = seq_pick_map(r, 1ULL << (user ?
				KBPF_MAP_TYPE_USER_RINGBUF :
				KBPF_MAP_TYPE_RINGBUF));
	struct kbpf_user_ring_buffer *urb;
	struct kbpf_ring_buffer *rb;
	int fd = s ? dup(seq_slot_fd(s)) : -1;
	long n = 0;
	void *p;
	int i;

	if (fd < 0)
		return;
	if (!user) {
		seq_vm_lock();
		rb = kbpf_ring_buffer__new(fd, count_cb, &n, NULL);
		seq_vm_unlock();
		if (rb) {
			kbpf_ring_buffer__consume(rb);
			kbpf_ring_buffer__poll(rb, 0);
			seq_vm_lock();
			kbpf_ring_buffer__free(rb);
			seq_vm_unlock();
		}
	} else {
		seq_vm_lock();
		urb = kbpf_user_ring_buffer__new(fd, NULL);
		seq_vm_unlock();
		for (i = 0; urb && i < 8; i++) {
			p = kbpf_user_ring_buffer__reserve(urb, 8 + 8 * i);
			if (!p)
				break;
			memset(p, i, 8);
			if (seq_one_in(r, 4))
				kbpf_user_ring_buffer__discard(urb, p);
			else
				kbpf_user_ring_buffer__submit(urb, p);
		}
		seq_vm_lock();
		kbpf_user_ring_buffer__free(urb);
		seq_vm_unlock();
	}
	close(fd);
}

static void run(struct churn *c)
{
	struct seq_slot *s = seq_pick(&c->rng, SEQ_PROG);
	__u64 ctx[12] = { 0 };
	char pkt[64] = { 0 };
	int ret;
	KBPF_OPTS(kbpf_test_run_opts, opts);

	if (!s)
		return;
	if (s->type == KBPF_PROG_TYPE_SOCKET_FILTER) {
		opts.data_in = pkt;
		opts.data_size_in = sizeof(pkt);
	} else if (s->type != KBPF_PROG_TYPE_KPROBE) {
		opts.ctx_in = ctx;
		opts.ctx_size_in = 8 * seq_below(&c->rng, 13);
		if (!opts.ctx_size_in)
			opts.ctx_in = NULL;
	}
	ret = kbpf_prog_test_run_opts(seq_slot_fd(s), &opts);
	seq_hist_add(KBPF_PROG_TEST_RUN, ret, errno);
}

static void epoll(struct churn *c)
{
	struct seq_slot *s = seq_pick(&c->rng, SEQ_EMPTY);
	struct epoll_event ev = {
		.events = seq_one_in(&c->rng, 2) ? EPOLLIN : EPOLLOUT,
	}, out[4];
	int fd = s ? seq_slot_fd(s) : -1;

	switch (seq_below(&c->rng, 3)) {
	case 0:
		ev.data.fd = fd;
		epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev);
		break;
	case 1:
		epoll_ctl(c->epfd, EPOLL_CTL_DEL, fd, NULL);
		break;
	default:
		epoll_wait(c->epfd, out, 4, 0);
	}
}

static void fire(void)
{
	int i;

	for (i = 0; i < 4; i++) {
		hit(i);
		syscall(SYS_getppid);
	}
	seq_tp_fire();
}

/* The pool's perf events: a new one, attach, query, toggle, fire. */
static void perf(struct churn *c)
{
	struct seq_rng *r = &c->rng;
	struct seq_slot *s = seq_pick(r, SEQ_PERF);
	/* struct perf_event_query_bpf: ids_len, prog_cnt, ids[] */
	__u32 query[2 + 4] = { 4 };
	int fd = s ? seq_slot_fd(s) : -1;
	long ret;

	switch (seq_below(r, 5)) {
	case 0:
		if (seq_pool.priv)
			seq_make_perf(r);
		return;
	case 1:
		ret = ioctl(fd, PERF_EVENT_IOC_SET_BPF,
			    seq_fd_for(r, SEQ_PROG));
		break;
	case 2:
		query[0] = seq_below(r, 5);
		ret = ioctl(fd, PERF_EVENT_IOC_QUERY_BPF, query);
		break;
	case 3:
		ret = ioctl(fd, seq_one_in(r, 2) ? PERF_EVENT_IOC_ENABLE :
			    PERF_EVENT_IOC_DISABLE, 0);
		break;
	default:
		seq_tp_fire();
		return;
	}
	seq_hist_op(SEQ_OP_PERF_IOCTL, ret, errno);
}

static void one(struct churn *c)
{
	struct seq_rng *r = &c->rng;
	struct seq_slot *s;
	int fd;

	switch (seq_below(r, 16)) {
	case 0:
		s = seq_pick(r, SEQ_EMPTY);
		if (s)
			seq_slot_close(s);
		break;
	case 1:
		s = seq_pick(r, SEQ_EMPTY);
		fd = s ? dup(seq_slot_fd(s)) : -1;
		if (fd >= 0)
			seq_adopt(fd);
		break;
	case 2:
		seq_munmap_some(r);
		break;
	case 3:
		s = seq_pick(r, SEQ_MAP);
		if (s)
			seq_mmap_map(r, seq_slot_fd(s), seq_one_in(r, 2));
		break;
	case 4:
	case 5:
		pins(c);
		break;
	case 6:
	case 7:
		drain(c);
		break;
	case 8:
	case 9:
		run(c);
		break;
	case 10:
		epoll(c);
		break;
	case 11:
		perf(c);
		break;
	default:
		fire();
	}
}

static void *churn_main(void *arg)
{
	struct churn *c = arg;

	while (!__atomic_load_n(&seq_stop, __ATOMIC_RELAXED))
		one(c);
	return NULL;
}

int seq_churn_start(__u64 seed, unsigned int nr)
{
	unsigned int i;
	int fd;

	if (nr > MAX_CHURN)
		nr = MAX_CHURN;
	for (i = 0; i < nr; i++) {
		seq_rng_init(&churn[i].rng, seed, 100 + i);
		churn[i].epfd = epoll_create1(EPOLL_CLOEXEC);
		/* The epoll set is in the pool too: a wrong kind everywhere. */
		fd = churn[i].epfd >= 0 ? dup(churn[i].epfd) : -1;
		if (fd >= 0)
			seq_adopt(fd);
		if (pthread_create(&threads[i], NULL, churn_main, &churn[i]))
			return -1;
		nr_threads = i + 1;
	}
	return 0;
}

void seq_churn_stop(void)
{
	unsigned int i;

	__atomic_store_n(&seq_stop, true, __ATOMIC_RELAXED);
	for (i = 0; i < nr_threads; i++) {
		pthread_join(threads[i], NULL);
		close(churn[i].epfd);
	}
	nr_threads = 0;
}
