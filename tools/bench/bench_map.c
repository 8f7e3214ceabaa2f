// SPDX-License-Identifier: GPL-2.0
/*
 * Map commands from user space: one command per op, so these measure the
 * whole path, ioctl (kbpf) or bpf(2) (Linux), plus the map itself.
 *
 *   call_overhead                 LOOKUP_ELEM on fd -1: EBADF at once
 *   array_{lookup,update}         every key of a full array
 *   hash_kK_PCT_{lookup,update,delete}
 *                                 K-byte keys, PCT% of cfg.entries full;
 *                                 update overwrites (EXIST), delete empties
 *                                 the map (refilled untimed by batch)
 *   hash_k8_100_next_key          a GET_NEXT_KEY walk of the whole map
 *   {array,hash_k8_100}_batch_lookup
 *                                 LOOKUP_BATCH walks, 256 per call
 *
 * A pass is at most CHUNK commands going round the keys (a walk spans
 * passes), so that the sides can take turns within a round (.slices).
 */
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"

#define BATCH	256
#define CHUNK	1024	/* commands per pass, at most */

enum map_op { OP_NOOP, OP_LOOKUP, OP_UPDATE, OP_DELETE, OP_NEXT_KEY,
	      OP_BATCH_LOOKUP };

struct map_arg {
	__u32 type;
	__u32 key_size;
	__u32 fill_pct;
	enum map_op op;
};

struct map_state {
	const struct map_arg *arg;
	int fd;
	__u32 n;		/* elements in the map */
	__u8 *keys;		/* n keys */
	__u64 *values;		/* n values */
	__u8 *bkeys;		/* batch / next_key buffers */
	__u64 *bvalues;
	__u64 sum;
	__u32 pos;		/* next key of a lookup/update/delete pass */
	__u32 walked;		/* elements seen by the walk under way */
	__u64 in[8], out[8];	/* batch tokens */
};

static void make_key(__u8 *k, const struct map_arg *arg, __u32 i)
{
	__u64 w;
	__u32 j, v;

	if (arg->type == KBPF_MAP_TYPE_ARRAY || arg->key_size == 4) {
		v = arg->type == KBPF_MAP_TYPE_ARRAY ? i : i * 0x9e3779b1u;
		memcpy(k, &v, 4);
		return;
	}
	for (j = 0; j < arg->key_size / 8; j++) {
		w = ((__u64)i + 1) * (0x9e3779b97f4a7c15ull + 2 * j);
		memcpy(k + 8 * j, &w, 8);
	}
}

static void *map_setup(const struct bench *b, enum side s)
{
	const struct map_arg *arg = b->arg;
	struct map_state *st = xcalloc(1, sizeof(*st));
	__u32 i, ks = arg->key_size;

	(void)s;
	st->arg = arg;
	if (arg->op == OP_NOOP) {
		st->fd = -1;
		return st;
	}
	st->n = (__u64)cfg.entries * arg->fill_pct / 100;
	st->keys = xcalloc(st->n, ks);
	st->values = xcalloc(st->n, sizeof(__u64));
	st->bkeys = xcalloc(BATCH, ks);
	st->bvalues = xcalloc(BATCH, sizeof(__u64));
	for (i = 0; i < st->n; i++) {
		make_key(st->keys + (size_t)i * ks, arg, i);
		st->values[i] = i;
	}
	st->fd = map_create(arg->type, ks, sizeof(__u64), cfg.entries);
	if (st->fd < 0)
		die("%s: MAP_CREATE for %s: %s", side_name[s], b->name,
		    strerror(errno));
	map_fill(st->fd, st->keys, st->values, st->n);
	return st;
}

/* A pass: at most CHUNK commands, from where the last one stopped. */
static __u64 map_pass(void *p)
{
	struct map_state *st = p;
	const struct map_arg *arg = st->arg;
	__u32 i, ks = arg->key_size, count, end;
	__u64 v, ops = 0;
	int err;

	end = st->pos + CHUNK < st->n ? st->pos + CHUNK : st->n;
	switch (arg->op) {
	case OP_NOOP:
		for (i = 0; i < CHUNK; i++)
			if (map_lookup(-1, &v, &v) != -1 || errno != EBADF)
				die("%s: lookup on fd -1 did not fail with EBADF",
				    side_name[cur_side]);
		return CHUNK;
	case OP_LOOKUP:
		for (i = st->pos; i < end; i++) {
			if (map_lookup(st->fd, st->keys + (size_t)i * ks, &v))
				die("%s: lookup: %s", side_name[cur_side],
				    strerror(errno));
			st->sum += v;
		}
		break;
	case OP_UPDATE:
		for (i = st->pos; i < end; i++) {
			v = i + st->sum++;
			if (map_update(st->fd, st->keys + (size_t)i * ks, &v,
				       arg->type == KBPF_MAP_TYPE_ARRAY ?
				       KBPF_ANY : KBPF_EXIST))
				die("%s: update: %s", side_name[cur_side],
				    strerror(errno));
		}
		break;
	case OP_DELETE:
		for (i = st->pos; i < end; i++)
			if (map_delete(st->fd, st->keys + (size_t)i * ks))
				die("%s: delete: %s", side_name[cur_side],
				    strerror(errno));
		break;
	case OP_NEXT_KEY:
		/* One walk spans passes: bkeys holds where it stands. */
		while (ops < CHUNK) {
			err = map_next_key(st->fd, st->walked ? st->bkeys : NULL,
					   st->bkeys + ks);
			if (err && errno == ENOENT) {
				if (st->walked != st->n)
					die("%s: get_next_key walked %u keys of %u",
					    side_name[cur_side], st->walked,
					    st->n);
				st->walked = 0;
				continue;
			}
			if (err)
				die("%s: get_next_key: %s",
				    side_name[cur_side], strerror(errno));
			memcpy(st->bkeys, st->bkeys + ks, ks);
			st->walked++;
			ops++;
		}
		return ops;
	case OP_BATCH_LOOKUP:
		while (ops < CHUNK) {
			count = BATCH;
			err = map_batch(KBPF_MAP_LOOKUP_BATCH, st->fd,
					st->walked ? st->in : NULL, st->out,
					st->bkeys, st->bvalues, &count);
			if (err && errno != ENOENT)
				die("%s: lookup batch: %s",
				    side_name[cur_side], strerror(errno));
			ops += count;
			st->walked += count;
			if (err) {
				if (st->walked != st->n)
					die("%s: lookup batch saw %u elements of %u",
					    side_name[cur_side], st->walked,
					    st->n);
				st->walked = 0;
				continue;
			}
			memcpy(st->in, st->out, sizeof(st->in));
		}
		return ops;
	}
	ops = end - st->pos;
	st->pos = end;
	return ops;
}

/* Untimed: wrap around; after a delete pass over all keys, refill. */
static void map_refill(void *p)
{
	struct map_state *st = p;

	if (st->pos < st->n)
		return;
	st->pos = 0;
	if (st->arg->op == OP_DELETE)
		map_fill(st->fd, st->keys, st->values, st->n);
}

static void map_teardown(void *p)
{
	struct map_state *st = p;

	if (st->fd >= 0)
		close(st->fd);
	free(st->keys);
	free(st->values);
	free(st->bkeys);
	free(st->bvalues);
	free(st);
}

#define H(ks, pct, op)	{ KBPF_MAP_TYPE_HASH, ks, pct, op }
static const struct map_arg
	a_noop = { KBPF_MAP_TYPE_ARRAY, 4, 100, OP_NOOP },
	a_arr_lookup = { KBPF_MAP_TYPE_ARRAY, 4, 100, OP_LOOKUP },
	a_arr_update = { KBPF_MAP_TYPE_ARRAY, 4, 100, OP_UPDATE },
	a_arr_batch = { KBPF_MAP_TYPE_ARRAY, 4, 100, OP_BATCH_LOOKUP },
	a_h4_25_l = H(4, 25, OP_LOOKUP), a_h4_25_u = H(4, 25, OP_UPDATE),
	a_h4_25_d = H(4, 25, OP_DELETE),
	a_h4_100_l = H(4, 100, OP_LOOKUP), a_h4_100_u = H(4, 100, OP_UPDATE),
	a_h4_100_d = H(4, 100, OP_DELETE),
	a_h8_25_l = H(8, 25, OP_LOOKUP), a_h8_25_u = H(8, 25, OP_UPDATE),
	a_h8_25_d = H(8, 25, OP_DELETE),
	a_h8_100_l = H(8, 100, OP_LOOKUP), a_h8_100_u = H(8, 100, OP_UPDATE),
	a_h8_100_d = H(8, 100, OP_DELETE),
	a_h64_25_l = H(64, 25, OP_LOOKUP), a_h64_25_u = H(64, 25, OP_UPDATE),
	a_h64_25_d = H(64, 25, OP_DELETE),
	a_h64_100_l = H(64, 100, OP_LOOKUP),
	a_h64_100_u = H(64, 100, OP_UPDATE),
	a_h64_100_d = H(64, 100, OP_DELETE),
	a_h8_next = H(8, 100, OP_NEXT_KEY),
	a_h8_batch = H(8, 100, OP_BATCH_LOOKUP);

#define MB(n, u, a) {							\
	.name = n, .unit = u, .sides = SIDES_MAP, .arg = &a,		\
	.setup = map_setup, .pass = map_pass, .reset = map_refill,	\
	.slices = 5,							\
	.teardown = map_teardown,					\
}
const struct bench map_benches[] = {
	MB("call_overhead", "call", a_noop),
	MB("array_lookup", "call", a_arr_lookup),
	MB("array_update", "call", a_arr_update),
	MB("hash_k4_25_lookup", "call", a_h4_25_l),
	MB("hash_k4_25_update", "call", a_h4_25_u),
	MB("hash_k4_25_delete", "call", a_h4_25_d),
	MB("hash_k4_100_lookup", "call", a_h4_100_l),
	MB("hash_k4_100_update", "call", a_h4_100_u),
	MB("hash_k4_100_delete", "call", a_h4_100_d),
	MB("hash_k8_25_lookup", "call", a_h8_25_l),
	MB("hash_k8_25_update", "call", a_h8_25_u),
	MB("hash_k8_25_delete", "call", a_h8_25_d),
	MB("hash_k8_100_lookup", "call", a_h8_100_l),
	MB("hash_k8_100_update", "call", a_h8_100_u),
	MB("hash_k8_100_delete", "call", a_h8_100_d),
	MB("hash_k64_25_lookup", "call", a_h64_25_l),
	MB("hash_k64_25_update", "call", a_h64_25_u),
	MB("hash_k64_25_delete", "call", a_h64_25_d),
	MB("hash_k64_100_lookup", "call", a_h64_100_l),
	MB("hash_k64_100_update", "call", a_h64_100_u),
	MB("hash_k64_100_delete", "call", a_h64_100_d),
	MB("hash_k8_100_next_key", "call", a_h8_next),
	MB("array_batch_lookup", "elem", a_arr_batch),
	MB("hash_k8_100_batch_lookup", "elem", a_h8_batch),
};
const unsigned int nr_map_benches = ARRAY_SIZE(map_benches);
