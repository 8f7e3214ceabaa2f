// SPDX-License-Identifier: GPL-2.0
/*
 * Mutations of a valid attr. A command's builder (cmds.c) names the
 * fields that hold fds, sizes or counts, user pointers, flags and IDs;
 * a mutation rewrites one of them to a value at a boundary, or changes
 * how the attr itself is passed: its size (0, short, oversize with a
 * zero or a nonzero tail, past a page) or where it lives (read-only,
 * unaligned, unmapped).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "seq.h"
#include "tools/lib/kbpf/kbpf.h"

#define PAGE	4096U

void seq_field(struct seq_step *st, size_t off, unsigned int width,
	       enum seq_field_kind kind, enum seq_kind fd_kind)
{
	struct seq_field *f;

	if (st->nr_fields >= SEQ_MAX_FIELDS)
		return;
	f = &st->field[st->nr_fields++];
	f->off = off;
	f->width = width;
	f->kind = kind;
	f->fd_kind = fd_kind;
}

static __u64 get(struct seq_step *st, const struct seq_field *f)
{
	char *p = (char *)st->attr + f->off;
	__u32 v32;
	__u64 v64;

	if (f->width == 4) {
		memcpy(&v32, p, 4);
		return v32;
	}
	memcpy(&v64, p, 8);
	return v64;
}

static void set(struct seq_step *st, const struct seq_field *f, __u64 v)
{
	char *p = (char *)st->attr + f->off;
	__u32 v32 = v;

	if (f->width == 4)
		memcpy(p, &v32, 4);
	else
		memcpy(p, &v, 8);
}

static const __u64 sizes[] = {
	0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 255, 256, 4095, 4096,
	4097, 65535, 65536, 65537, 1U << 20, (1U << 20) + 1, 0x1fffffff,
	0x20000000, 0x20000001, 0x7fffffff, 0x80000000, 0xfffffff8,
	0xfffffffe, 0xffffffff,
};

static __u64 size_value(struct seq_rng *r, __u64 old)
{
	switch (seq_below(r, 4)) {
	case 0:
		return old + 1;
	case 1:
		return old - 1;
	default:
		return sizes[seq_below(r, sizeof(sizes) / sizeof(sizes[0]))];
	}
}

/* A pointer somewhere hostile, or just off. */
static __u64 ptr_value(struct seq_step *st, __u64 old)
{
	struct seq_rng *r = st->rng;
	size_t len;
	void *p;

	switch (seq_below(r, 11)) {
	case 0:
		return 0;
	case 1:
		return old + 1 + seq_below(r, 7);
	case 2:
		return (unsigned long)st->mem->ro + seq_below(r, PAGE);
	case 3:
		return (unsigned long)st->mem->none + seq_below(r, PAGE);
	case 4:	/* the arena's last bytes: a copy runs into its guard page */
		return (unsigned long)st->mem->arena + SEQ_ARENA_BYTES -
		       1 - seq_below(r, 64);
	case 5:
		return 0xffffffff81000000ULL;
	case 6:
		return 0x8000000000000000ULL;
	case 7:
		return -1ULL - seq_below(r, 4096);
	case 8:
		return seq_below(r, 4096);
	default:	/* a map's own mmap'ed memory */
		p = seq_mmap_ptr(r, &len);
		return p ? (unsigned long)p : old;
	}
}

static __u64 flags_value(struct seq_rng *r, __u64 old, unsigned int width)
{
	switch (seq_below(r, 4)) {
	case 0:
		return width == 4 ? 0xffffffffULL : -1ULL;
	case 1:
		return 0;
	default:
		return old ^ (1ULL << seq_below(r, width * 8));
	}
}

static int fd_value(struct seq_step *st, const struct seq_field *f)
{
	struct seq_rng *r = st->rng;
	int fd = seq_fd_for(r, f->fd_kind), d;

	switch (seq_below(r, 6)) {
	case 0:	/* a duplicate, closed after the step */
		d = fd >= 0 ? dup(fd) : -1;
		if (d >= 0 && st->nr_tmp < 4)
			st->tmp_fd[st->nr_tmp++] = d;
		else if (d >= 0)
			close(d);
		return d;
	case 1:	/* a duplicate closed at once: a fresh stale number */
		d = fd >= 0 ? dup(fd) : -1;
		if (d >= 0)
			close(d);
		return d;
	case 2:
		return seq_below(r, 2) ? 0x7fffffff : -2;
	default:
		return seq_fd_for(r, seq_below(r, SEQ_NR_KINDS));
	}
}

static void mutate_field(struct seq_step *st)
{
	struct seq_field *f = &st->field[seq_below(st->rng, st->nr_fields)];
	__u64 old = get(st, f);

	switch (f->kind) {
	case F_FD:
		set(st, f, (__u32)fd_value(st, f));
		break;
	case F_SIZE:
		set(st, f, size_value(st->rng, old));
		break;
	case F_PTR:
		set(st, f, ptr_value(st, old));
		break;
	case F_FLAGS:
		set(st, f, flags_value(st->rng, old, f->width));
		break;
	case F_ID:
		set(st, f, seq_one_in(st->rng, 2) ? size_value(st->rng, old) :
			   old + 1);
		break;
	}
}

/* The attr's size: short, oversize with a zero or nonzero tail, huge. */
static void mutate_size(struct seq_step *st)
{
	struct seq_rng *r = st->rng;
	char *a = (char *)st->attr;

	switch (seq_below(r, 7)) {
	case 0:
		st->size = seq_below(r, sizeof(union kbpf_attr));
		break;
	case 1:		/* Linux 6.1's size */
		st->size = 144;
		break;
	case 2:
		st->size = sizeof(union kbpf_attr) + 8 * (1 + seq_below(r, 8));
		break;
	case 3:
		st->size = sizeof(union kbpf_attr) + 1 + seq_below(r, 64);
		a[st->size - 1 - seq_below(r, st->size -
					   sizeof(union kbpf_attr))] = 1;
		break;
	case 4:
		st->size = PAGE;
		break;
	case 5:
		st->size = PAGE + 1;
		break;
	default:
		st->size = seq_one_in(r, 2) ? 0xffffffffU : 1U << 20;
		break;
	}
}

unsigned int seq_mutate(struct seq_step *st)
{
	struct seq_rng *r = st->rng;
	unsigned int n, i;

	switch (seq_below(r, 6)) {
	case 0:
	case 1:
		return 0;
	case 2:
	case 3:
		n = 1;
		break;
	default:
		n = 2 + seq_below(r, 2);
	}
	for (i = 0; i < n; i++) {
		switch (seq_below(r, 12)) {
		case 0:
			mutate_size(st);
			break;
		case 1:	/* a byte anywhere in the attr */
			((char *)st->attr)[seq_below(r, sizeof(union kbpf_attr))] ^=
				1 << seq_below(r, 8);
			break;
		default:
			if (st->nr_fields)
				mutate_field(st);
		}
	}
	return n;
}

/* Where the attr is passed from: mostly where it was built. */
static void *attr_place(struct seq_step *st)
{
	struct seq_mem *m = st->mem;
	size_t n = st->size < 2 * PAGE ? st->size : 2 * PAGE;

	switch (seq_below(st->rng, 24)) {
	case 0:	/* read-only: commands that write back must fail cleanly */
		if (mprotect(m->ro, 2 * PAGE, PROT_READ | PROT_WRITE))
			return st->attr;
		memcpy(m->ro, st->attr, n);
		mprotect(m->ro, 2 * PAGE, PROT_READ);
		return m->ro;
	case 1:	/* unaligned */
		memmove(m->arena + 3 * PAGE + 1, st->attr, n);
		return m->arena + 3 * PAGE + 1;
	case 2:	/* runs into the guard page after the arena */
		memmove(m->arena + SEQ_ARENA_BYTES - 16, st->attr, 16);
		return m->arena + SEQ_ARENA_BYTES - 16;
	case 3:
		return NULL;
	default:
		return st->attr;
	}
}

long seq_issue(struct seq_step *st)
{
	void *attr = attr_place(st);
	unsigned int i;
	long ret;
	int err;

	ret = kbpf_sys(st->cmd, attr, st->size);
	err = errno;
	for (i = 0; i < st->nr_tmp; i++)
		close(st->tmp_fd[i]);
	st->nr_tmp = 0;
	errno = err;
	return ret;
}
