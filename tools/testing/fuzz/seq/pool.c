// SPDX-License-Identifier: GPL-2.0
/*
 * The pool of live objects. Slots are shared by the stepping thread and
 * the churn threads without a lock: the fd is the only field that
 * decides ownership, swapped to -1 atomically by whoever closes it; the
 * rest of a slot is written before its fd is published (release) and is
 * only a hint to readers (see seq.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "seq.h"
#include "tools/lib/kbpf/kbpf.h"

struct seq_pool seq_pool;
bool seq_shared;

int seq_slot_fd(const struct seq_slot *s)
{
	return __atomic_load_n(&s->fd, __ATOMIC_ACQUIRE);
}

struct seq_slot *seq_pick(struct seq_rng *r, enum seq_kind kind)
{
	unsigned int i, start = seq_below(r, SEQ_POOL_SLOTS);
	struct seq_slot *s;

	for (i = 0; i < SEQ_POOL_SLOTS; i++) {
		s = &seq_pool.slot[(start + i) % SEQ_POOL_SLOTS];
		if (seq_slot_fd(s) < 0)
			continue;
		if (kind == SEQ_EMPTY || s->kind == kind)
			return s;
	}
	return NULL;
}

struct seq_slot *seq_pick_map(struct seq_rng *r, __u64 types)
{
	unsigned int i, start = seq_below(r, SEQ_POOL_SLOTS);
	struct seq_slot *s;

	for (i = 0; i < SEQ_POOL_SLOTS; i++) {
		s = &seq_pool.slot[(start + i) % SEQ_POOL_SLOTS];
		if (seq_slot_fd(s) >= 0 && s->kind == SEQ_MAP &&
		    s->type < 64 && (types & (1ULL << s->type)))
			return s;
	}
	return NULL;
}

struct seq_slot *seq_pick_prog(struct seq_rng *r, __u32 type)
{
	unsigned int i, start = seq_below(r, SEQ_POOL_SLOTS);
	struct seq_slot *s;

	for (i = 0; i < SEQ_POOL_SLOTS; i++) {
		s = &seq_pool.slot[(start + i) % SEQ_POOL_SLOTS];
		if (seq_slot_fd(s) >= 0 && s->kind == SEQ_PROG &&
		    s->type == type)
			return s;
	}
	return NULL;
}

int seq_fd_for(struct seq_rng *r, enum seq_kind kind)
{
	struct seq_slot *s;

	switch (seq_below(r, 16)) {
	case 0:	/* another kind */
		s = seq_pick(r, SEQ_EMPTY);
		return s ? seq_slot_fd(s) : -1;
	case 1:	/* closed lately: maybe reused since */
		return __atomic_load_n(&seq_pool.stale[seq_below(r, 16)],
				       __ATOMIC_RELAXED);
	case 2:
		return seq_one_in(r, 2) ? -1 : 0;
	default:
		s = seq_pick(r, kind);
		return s ? seq_slot_fd(s) : -1;
	}
}

static enum seq_kind classify(int fd)
{
	char path[64], link[128];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return SEQ_EMPTY;
	link[n] = 0;
	if (strstr(link, "-map"))
		return SEQ_MAP;
	if (strstr(link, "-prog"))
		return SEQ_PROG;
	if (strstr(link, "-link") || strstr(link, "_link"))
		return SEQ_LINK;
	if (strstr(link, "perf-event"))
		return SEQ_PERF;
	return SEQ_OTHER;
}

/* Fill @s from @fd's info; false if the object may not live here. */
static bool describe(struct seq_slot *s, int fd)
{
	union {
		struct kbpf_map_info map;
		struct kbpf_prog_info prog;
		struct kbpf_link_info link;
	} info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	s->kind = classify(fd);
	if (s->kind == SEQ_EMPTY)
		return false;
	if (s->kind == SEQ_OTHER || s->kind == SEQ_PERF)
		return true;
	if (kbpf_obj_get_info_by_fd(fd, &info, &len))
		return false;
	switch (s->kind) {
	case SEQ_MAP:
		s->type = info.map.type;
		s->key_size = info.map.key_size;
		s->value_size = seq_abi_value_size(info.map.type,
						   info.map.value_size);
		s->max_entries = info.map.max_entries;
		s->flags = info.map.map_flags;
		return seq_map_fits(info.map.type, info.map.key_size,
				    info.map.value_size, info.map.max_entries);
	case SEQ_PROG:
		s->type = info.prog.type;
		return true;
	default:
		s->type = info.link.type;
		return true;
	}
}

static void remember_stale(int fd)
{
	unsigned int i = __atomic_fetch_add(&seq_pool.stale_next, 1,
					    __ATOMIC_RELAXED);

	__atomic_store_n(&seq_pool.stale[i % 16], fd, __ATOMIC_RELAXED);
}

void seq_adopt(int fd)
{
	struct seq_slot *s;
	unsigned int i;
	int none = -1;

	for (i = 0; i < SEQ_POOL_SLOTS; i++) {
		s = &seq_pool.slot[i];
		if (seq_slot_fd(s) != -1)
			continue;
		/* Claim the slot with -2 so no one else fills it meanwhile. */
		if (!__atomic_compare_exchange_n(&s->fd, &none, -2, false,
						 __ATOMIC_ACQUIRE,
						 __ATOMIC_RELAXED)) {
			none = -1;
			continue;
		}
		if (!describe(s, fd))
			break;
		__atomic_store_n(&s->fd, fd, __ATOMIC_RELEASE);
		return;
	}
	if (i < SEQ_POOL_SLOTS)
		__atomic_store_n(&seq_pool.slot[i].fd, -1, __ATOMIC_RELEASE);
	close(fd);
	remember_stale(fd);
}

void seq_slot_close(struct seq_slot *s)
{
	int fd = seq_slot_fd(s);

	if (fd < 0 ||
	    !__atomic_compare_exchange_n(&s->fd, &fd, -1, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return;
	close(fd);
	remember_stale(fd);
}

bool seq_own_link_id(__u32 id)
{
	struct kbpf_link_info info;
	unsigned int i;
	__u32 len;
	int fd;

	for (i = 0; i < SEQ_POOL_SLOTS; i++) {
		fd = seq_slot_fd(&seq_pool.slot[i]);
		if (fd < 0 || seq_pool.slot[i].kind != SEQ_LINK)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (!kbpf_obj_get_info_by_fd(fd, &info, &len) && info.id == id)
			return true;
	}
	return false;
}

unsigned int seq_count(enum seq_kind kind)
{
	unsigned int i, n = 0;

	for (i = 0; i < SEQ_POOL_SLOTS; i++)
		if (seq_slot_fd(&seq_pool.slot[i]) >= 0 &&
		    seq_pool.slot[i].kind == kind)
			n++;
	return n;
}

/*
 * Keep every kind present: as root by making objects, without
 * capabilities by what an unprivileged process can do (open pins).
 */
void seq_pool_fill(struct seq_rng *r)
{
	char path[192];
	int fd;

	if (!seq_pool.priv) {
		if (seq_count(SEQ_MAP) + seq_count(SEQ_PROG) +
		    seq_count(SEQ_LINK) >= 24)
			return;
		snprintf(path, sizeof(path), "%s/p%u", seq_pool.pin_dir,
			 seq_below(r, 16));
		fd = kbpf_obj_get(path);
		seq_hist_add(KBPF_OBJ_GET, fd, errno);
		if (fd >= 0)
			seq_adopt(fd);
		return;
	}
	/* Turnover: frozen and full maps make way for new ones. */
	if (seq_count(SEQ_MAP) >= 16 && seq_one_in(r, 4)) {
		struct seq_slot *s = seq_pick(r, SEQ_MAP);

		if (s)
			seq_slot_close(s);
	}
	if (seq_count(SEQ_MAP) < 16)
		seq_make_map(r);
	if (seq_count(SEQ_PROG) < 10)
		seq_make_prog(r);
	if (seq_count(SEQ_LINK) < 4)
		seq_make_link(r);
	if (seq_count(SEQ_PERF) < 3)
		seq_make_perf(r);
}

void seq_pool_close_all(void)
{
	unsigned int i;

	for (i = 0; i < SEQ_POOL_SLOTS; i++)
		seq_slot_close(&seq_pool.slot[i]);
}
