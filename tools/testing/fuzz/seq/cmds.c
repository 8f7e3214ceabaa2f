// SPDX-License-Identifier: GPL-2.0
/*
 * A valid attr for every command of uapi/linux/kbpf.h, built from the
 * pool, with its fds, sizes, pointers, flags and IDs named for mutate.c.
 * "Valid" is what a careful caller would pass: the kernel may still
 * refuse it (a map full, a command kbpf does not provide).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "seq.h"
#include "tools/lib/kbpf/kbpf.h"

#define FLD(st, member, kind, fk)					\
	seq_field(st, offsetof(union kbpf_attr, member),		\
		  sizeof(((union kbpf_attr *)0)->member), kind, fk)
#define PTR(p)	((__u64)(unsigned long)(p))

/* Where mutated uprobe links point: a copy of this binary nobody runs. */
static const char decoy_fmt[] = "/tmp/seqfuzz-decoy-%d";

static void *fill(struct seq_step *st, size_t bytes)
{
	char *p = seq_buf(st->mem, st->rng, bytes);
	size_t i;

	for (i = 0; i < bytes; i += 8) {
		__u64 v = seq_rand(st->rng);

		memcpy(p + i, &v, bytes - i < 8 ? bytes - i : 8);
	}
	return p;
}

/* A key near the map's range (arrays: an index, hashes: a small int). */
static void *key(struct seq_step *st, const struct seq_slot *s)
{
	size_t n = s->key_size ? s->key_size : 4;
	char *p = seq_buf(st->mem, st->rng, n);
	__u32 k = seq_below(st->rng, s->max_entries + 2);

	memset(p, 0, n);
	memcpy(p, &k, n < 4 ? n : 4);
	return p;
}

static void *value(struct seq_step *st, const struct seq_slot *s)
{
	struct seq_slot *p;
	__u32 *v;

	if (s->type != KBPF_MAP_TYPE_PROG_ARRAY)
		return fill(st, s->value_size ? s->value_size : 8);
	v = seq_buf(st->mem, st->rng, 8);
	p = seq_pick(st->rng, SEQ_PROG);
	*v = p ? seq_slot_fd(p) : -1;
	return v;
}

static char *pin_path(struct seq_step *st)
{
	char *p = seq_buf(st->mem, st->rng, 256);
	struct seq_rng *r = st->rng;

	if (seq_one_in(r, 3))
		snprintf(p, 256, "%s/d%u/p%u", seq_pool.pin_dir,
			 seq_below(r, 4), seq_below(r, 16));
	else if (seq_one_in(r, 16))
		snprintf(p, 256, "%s/../p%u", seq_pool.pin_dir,
			 seq_below(r, 16));
	else
		snprintf(p, 256, "%s/p%u", seq_pool.pin_dir, seq_below(r, 16));
	return p;
}

static struct seq_slot *any_map(struct seq_step *st)
{
	return seq_pick_map(st->rng, seq_one_in(st->rng, 8) ?
			    SEQ_MAP_TYPES_KNOWN : SEQ_MAP_TYPES_ELEM);
}

static void elem(struct seq_step *st)
{
	union kbpf_attr *a = st->attr;
	struct seq_slot *s = any_map(st);

	if (!s)
		return;
	a->map_fd = seq_slot_fd(s);
	a->key = PTR(key(st, s));
	a->value = PTR(value(st, s));
	switch (st->cmd) {
	case KBPF_MAP_UPDATE_ELEM:
		a->flags = seq_below(st->rng, 3);
		break;
	case KBPF_MAP_GET_NEXT_KEY:
		if (seq_one_in(st->rng, 4))
			a->key = 0;
		a->next_key = PTR(seq_buf(st->mem, st->rng, s->key_size));
		break;
	case KBPF_MAP_DELETE_ELEM:
		a->value = 0;
		break;
	}
	FLD(st, map_fd, F_FD, SEQ_MAP);
	FLD(st, key, F_PTR, 0);
	if (st->cmd != KBPF_MAP_DELETE_ELEM)
		FLD(st, value, F_PTR, 0);
	FLD(st, flags, F_FLAGS, 0);
}

static void batch(struct seq_step *st)
{
	union kbpf_attr *a = st->attr;
	struct seq_slot *s = any_map(st);
	char *k, *v;
	__u32 n, i;

	if (!s)
		return;
	n = 1 + seq_below(st->rng, s->max_entries + 1);
	a->batch.map_fd = seq_slot_fd(s);
	a->batch.count = n;
	if (st->cmd == KBPF_MAP_UPDATE_BATCH ||
	    st->cmd == KBPF_MAP_DELETE_BATCH) {
		/* read n at a time: values end at the guard, keys before */
		v = seq_buf_end(st->mem, st->rng, (size_t)n * s->value_size);
		k = v - (((size_t)n * s->key_size + 7) & ~7UL);
		for (i = 0; i < n * s->value_size; i++)
			v[i] = seq_rand(st->rng);
	} else {
		k = seq_buf(st->mem, st->rng, (size_t)n * s->key_size);
		v = fill(st, (size_t)n * s->value_size);
	}
	for (i = 0; i < n && s->key_size >= 4; i++)
		memcpy(k + i * s->key_size, &i, 4);
	a->batch.keys = PTR(k);
	a->batch.values = PTR(v);
	if (st->cmd == KBPF_MAP_LOOKUP_BATCH ||
	    st->cmd == KBPF_MAP_LOOKUP_AND_DELETE_BATCH) {
		if (!seq_one_in(st->rng, 3))
			a->batch.in_batch = PTR(seq_buf(st->mem, st->rng, 8));
		a->batch.out_batch = PTR(seq_buf(st->mem, st->rng, 8));
	}
	FLD(st, batch.map_fd, F_FD, SEQ_MAP);
	FLD(st, batch.count, F_SIZE, 0);
	FLD(st, batch.keys, F_PTR, 0);
	FLD(st, batch.values, F_PTR, 0);
	FLD(st, batch.in_batch, F_PTR, 0);
	FLD(st, batch.out_batch, F_PTR, 0);
	FLD(st, batch.elem_flags, F_FLAGS, 0);
	FLD(st, batch.flags, F_FLAGS, 0);
}

/* Keep a mutated creation from allocating most of the guest. */
static void tame_map_create(union kbpf_attr *a)
{
	__u64 v = seq_abi_value_size(a->map_type, a->value_size);
	__u64 bytes = ((__u64)a->key_size + v) * a->max_entries;

	if (a->map_type == KBPF_MAP_TYPE_RINGBUF ||
	    a->map_type == KBPF_MAP_TYPE_USER_RINGBUF)
		bytes = a->max_entries;
	/* Per-CPU values are allocated one by one: 60 s for 2^16 on debug. */
	if (v != a->value_size && a->max_entries > 4096 &&
	    bytes < (1ULL << 36))
		a->max_entries = 4096;
	if (bytes > (4U << 20) && bytes < (1ULL << 36)) {
		a->max_entries = 1;
		if (a->value_size > 4096)
			a->value_size = 4096;
		if (a->key_size > 4096)
			a->key_size = 4096;
		if (bytes == a->max_entries)
			a->max_entries = 4096;
	}
}

static void map_create(struct seq_step *st)
{
	seq_map_attr(st->rng, st->attr);
	FLD(st, key_size, F_SIZE, 0);
	FLD(st, value_size, F_SIZE, 0);
	FLD(st, max_entries, F_SIZE, 0);
	FLD(st, map_flags, F_FLAGS, 0);
	FLD(st, inner_map_fd, F_FD, SEQ_MAP);
	FLD(st, numa_node, F_ID, 0);
	FLD(st, btf_fd, F_FD, SEQ_OTHER);
	FLD(st, btf_value_type_id, F_ID, 0);
	FLD(st, map_extra, F_FLAGS, 0);
	FLD(st, map_token_fd, F_FD, SEQ_OTHER);
	FLD(st, map_type, F_ID, 0);
}

static void prog_load(struct seq_step *st)
{
	union kbpf_attr *a = st->attr;
	struct kbpf_insn *insns = seq_buf_end(st->mem, st->rng, 64 * 8);

	seq_prog_attr(st->rng, a, insns);
	if (seq_one_in(st->rng, 3)) {
		a->log_level = 1 + seq_below(st->rng, 2);
		a->log_size = seq_one_in(st->rng, 2) ? 4096 : 16;
		a->log_buf = PTR(seq_buf(st->mem, st->rng, 4096));
	}
	FLD(st, insn_cnt, F_SIZE, 0);
	FLD(st, insns, F_PTR, 0);
	FLD(st, license, F_PTR, 0);
	FLD(st, log_level, F_FLAGS, 0);
	FLD(st, log_size, F_SIZE, 0);
	FLD(st, log_buf, F_PTR, 0);
	FLD(st, prog_flags, F_FLAGS, 0);
	FLD(st, expected_attach_type, F_ID, 0);
	FLD(st, prog_type, F_ID, 0);
	FLD(st, fd_array, F_PTR, 0);
	FLD(st, attach_prog_fd, F_FD, SEQ_PROG);
	FLD(st, prog_btf_fd, F_FD, SEQ_OTHER);
}

static void obj_pin_get(struct seq_step *st)
{
	union kbpf_attr *a = st->attr;
	struct seq_slot *s;
	int dir;

	a->pathname = PTR(pin_path(st));
	if (st->cmd == KBPF_OBJ_PIN) {
		s = seq_pick(st->rng, seq_below(st->rng, 3) + SEQ_MAP);
		a->bpf_fd = s ? seq_slot_fd(s) : -1;
		FLD(st, bpf_fd, F_FD, SEQ_MAP);
	} else {
		a->file_flags = seq_below(st->rng, 3) * KBPF_F_RDONLY;
	}
	if (seq_one_in(st->rng, 4)) {
		dir = open(seq_pool.pin_dir, O_RDONLY | O_DIRECTORY);
		if (dir >= 0) {
			st->tmp_fd[st->nr_tmp++] = dir;
			a->file_flags |= KBPF_F_PATH_FD;
			a->path_fd = dir;
			a->pathname = PTR(strrchr((char *)(unsigned long)
						  a->pathname, '/') + 1);
		}
	}
	FLD(st, pathname, F_PTR, 0);
	FLD(st, file_flags, F_FLAGS, 0);
	FLD(st, path_fd, F_FD, SEQ_OTHER);
}

static void test_run(struct seq_step *st)
{
	union kbpf_attr *a = st->attr;
	struct seq_slot *s = seq_pick(st->rng, SEQ_PROG);
	__u32 n;

	if (!s)
		return;
	a->test.prog_fd = seq_slot_fd(s);
	switch (s->type) {
	case KBPF_PROG_TYPE_SOCKET_FILTER:
		n = 14 + seq_below(st->rng, 128);
		a->test.data_in = PTR(fill(st, n));
		a->test.data_size_in = n;
		a->test.data_out = PTR(seq_buf(st->mem, st->rng, 4096));
		a->test.data_size_out = seq_one_in(st->rng, 2) ? 4096 : 8;
		break;
	case KBPF_PROG_TYPE_RAW_TRACEPOINT:
		n = 8 * seq_below(st->rng, 13);
		a->test.ctx_in = n ? PTR(fill(st, n)) : 0;
		a->test.ctx_size_in = n;
		if (seq_one_in(st->rng, 3)) {
			a->test.flags = KBPF_F_TEST_RUN_ON_CPU;
			a->test.cpu = seq_below(st->rng, seq_ncpus + 1);
		}
		break;
	default:
		n = seq_below(st->rng, 65);
		a->test.ctx_in = n ? PTR(fill(st, n)) : 0;
		a->test.ctx_size_in = n;
	}
	FLD(st, test.prog_fd, F_FD, SEQ_PROG);
	FLD(st, test.data_size_in, F_SIZE, 0);
	FLD(st, test.data_size_out, F_SIZE, 0);
	FLD(st, test.data_in, F_PTR, 0);
	FLD(st, test.data_out, F_PTR, 0);
	FLD(st, test.ctx_size_in, F_SIZE, 0);
	FLD(st, test.ctx_size_out, F_SIZE, 0);
	FLD(st, test.ctx_in, F_PTR, 0);
	FLD(st, test.ctx_out, F_PTR, 0);
	FLD(st, test.repeat, F_SIZE, 0);
	FLD(st, test.flags, F_FLAGS, 0);
	FLD(st, test.cpu, F_ID, 0);
}

static void ids(struct seq_step *st)
{
	union kbpf_attr *a = st->attr;

	a->start_id = seq_below(st->rng, 64);
	if (st->cmd == KBPF_MAP_GET_FD_BY_ID)
		a->open_flags = seq_below(st->rng, 3) * KBPF_F_RDONLY;
	FLD(st, start_id, F_ID, 0);
	FLD(st, next_id, F_ID, 0);
	FLD(st, open_flags, F_FLAGS, 0);
}

static void info(struct seq_step *st)
{
	union kbpf_attr *a = st->attr;
	struct seq_slot *s = seq_pick(st->rng, SEQ_EMPTY);
	struct kbpf_prog_info *pi;
	__u32 len = 1024;

	if (!s)
		return;
	pi = seq_buf(st->mem, st->rng, len);
	memset(pi, 0, len);
	if (s->kind == SEQ_PROG && seq_one_in(st->rng, 2)) {
		pi->xlated_prog_len = seq_below(st->rng, 1024);
		pi->xlated_prog_insns = PTR(seq_buf(st->mem, st->rng, 1024));
		pi->nr_map_ids = seq_below(st->rng, 4);
		pi->map_ids = PTR(seq_buf(st->mem, st->rng, 64));
	} else if (s->kind == SEQ_LINK && seq_one_in(st->rng, 2)) {
		/* the kprobe_multi/uprobe_multi arrays, by their offsets */
		struct kbpf_link_info *li = (void *)pi;

		li->uprobe_multi.path = PTR(seq_buf(st->mem, st->rng, 256));
		li->uprobe_multi.path_size = 256;
		li->uprobe_multi.offsets = PTR(seq_buf(st->mem, st->rng, 64));
		li->uprobe_multi.count = seq_below(st->rng, 3);
	}
	a->info.bpf_fd = seq_slot_fd(s);
	a->info.info_len = seq_one_in(st->rng, 2) ? len :
			   seq_below(st->rng, 256);
	a->info.info = PTR(pi);
	FLD(st, info.bpf_fd, F_FD, SEQ_MAP);
	FLD(st, info.info_len, F_SIZE, 0);
	FLD(st, info.info, F_PTR, 0);
}

static void raw_tp_open(struct seq_step *st)
{
	union kbpf_attr *a = st->attr;
	struct seq_slot *s = seq_pick(st->rng, SEQ_PROG);
	char *name = seq_buf(st->mem, st->rng, 32);

	strcpy(name, seq_one_in(st->rng, 4) ? "no_such_tp" : "sys_enter");
	a->raw_tracepoint.name = PTR(name);
	a->raw_tracepoint.prog_fd = s ? seq_slot_fd(s) : -1;
	a->raw_tracepoint.cookie = seq_rand(st->rng);
	FLD(st, raw_tracepoint.name, F_PTR, 0);
	FLD(st, raw_tracepoint.prog_fd, F_FD, SEQ_PROG);
}

/*
 * A uprobe_multi link on the decoy file (never run: mutated offsets must
 * not put breakpoints into this process), or a kprobe_multi one on a
 * symbol that does not exist (kernel text is never patched by a step).
 */
static void link_create(struct seq_step *st)
{
	union kbpf_attr *a = st->attr;
	struct seq_slot *s = seq_pick(st->rng, SEQ_PROG);
	unsigned long *off = seq_buf_end(st->mem, st->rng, 16);
	const char **syms = seq_one_in(st->rng, 2) ? (void *)off :
			    seq_buf(st->mem, st->rng, 64);
	char *path = seq_buf(st->mem, st->rng, 64);
	enum seq_kind target = SEQ_OTHER;

	a->link_create.prog_fd = s ? seq_slot_fd(s) : -1;
	switch (seq_below(st->rng, 5)) {
	case 0:
		a->link_create.attach_type = KBPF_TRACE_KPROBE_MULTI;
		syms[0] = "seqfuzz_no_such_function";
		a->link_create.kprobe_multi.syms = PTR(syms);
		a->link_create.kprobe_multi.cnt = 1;
		FLD(st, link_create.kprobe_multi.cnt, F_SIZE, 0);
		FLD(st, link_create.kprobe_multi.syms, F_PTR, 0);
		FLD(st, link_create.kprobe_multi.addrs, F_PTR, 0);
		FLD(st, link_create.kprobe_multi.cookies, F_PTR, 0);
		break;
	case 1:
		a->link_create.attach_type = seq_below(st->rng, 60);
		a->link_create.target_fd = seq_fd_for(st->rng, SEQ_OTHER);
		break;
	case 2:
		s = seq_pick_prog(st->rng, KBPF_PROG_TYPE_TRACEPOINT);
		if (s)
			a->link_create.prog_fd = seq_slot_fd(s);
		a->link_create.attach_type = KBPF_PERF_EVENT;
		a->link_create.target_fd = seq_fd_for(st->rng, SEQ_PERF);
		a->link_create.perf_event.bpf_cookie = seq_rand(st->rng);
		target = SEQ_PERF;
		break;
	default:
		a->link_create.attach_type = KBPF_TRACE_UPROBE_MULTI;
		snprintf(path, 64, decoy_fmt, getpid());
		off[0] = seq_uprobe_off;
		off[1] = seq_uprobe_off + 1;
		a->link_create.uprobe_multi.path = PTR(path);
		a->link_create.uprobe_multi.offsets = PTR(off);
		a->link_create.uprobe_multi.cnt = 1 + seq_below(st->rng, 2);
		a->link_create.uprobe_multi.flags = seq_below(st->rng, 2);
		FLD(st, link_create.uprobe_multi.cnt, F_SIZE, 0);
		FLD(st, link_create.uprobe_multi.path, F_PTR, 0);
		FLD(st, link_create.uprobe_multi.offsets, F_PTR, 0);
		FLD(st, link_create.uprobe_multi.ref_ctr_offsets, F_PTR, 0);
		FLD(st, link_create.uprobe_multi.cookies, F_PTR, 0);
		FLD(st, link_create.uprobe_multi.pid, F_ID, 0);
	}
	FLD(st, link_create.prog_fd, F_FD, SEQ_PROG);
	FLD(st, link_create.target_fd, F_FD, target);
	FLD(st, link_create.attach_type, F_ID, 0);
	FLD(st, link_create.flags, F_FLAGS, 0);
}

/* Commands kbpf may not provide, and those with few fields. */
static void misc(struct seq_step *st)
{
	union kbpf_attr *a = st->attr;
	struct seq_slot *s = seq_pick(st->rng, SEQ_EMPTY);
	int fd = s ? seq_slot_fd(s) : -1;

	switch (st->cmd) {
	case KBPF_MAP_FREEZE:
		s = any_map(st);
		a->map_fd = s ? seq_slot_fd(s) : -1;
		FLD(st, map_fd, F_FD, SEQ_MAP);
		break;
	case KBPF_PROG_ATTACH:
	case KBPF_PROG_DETACH:
		a->target_fd = fd;
		a->attach_bpf_fd = seq_fd_for(st->rng, SEQ_PROG);
		a->attach_type = seq_below(st->rng, 60);
		FLD(st, target_fd, F_FD, SEQ_OTHER);
		FLD(st, attach_bpf_fd, F_FD, SEQ_PROG);
		FLD(st, attach_flags, F_FLAGS, 0);
		break;
	case KBPF_PROG_QUERY:
		a->query.target_fd = fd;
		a->query.prog_ids = PTR(seq_buf(st->mem, st->rng, 64));
		a->query.prog_cnt = 8;
		FLD(st, query.prog_cnt, F_SIZE, 0);
		FLD(st, query.prog_ids, F_PTR, 0);
		break;
	case KBPF_BTF_LOAD:
		a->btf = PTR(fill(st, 64));
		a->btf_size = 64;
		FLD(st, btf_size, F_SIZE, 0);
		FLD(st, btf, F_PTR, 0);
		break;
	case KBPF_TASK_FD_QUERY:
		a->task_fd_query.pid = getpid();
		a->task_fd_query.fd = fd;
		a->task_fd_query.buf = PTR(seq_buf(st->mem, st->rng, 256));
		a->task_fd_query.buf_len = 256;
		FLD(st, task_fd_query.buf_len, F_SIZE, 0);
		FLD(st, task_fd_query.buf, F_PTR, 0);
		break;
	case KBPF_LINK_UPDATE:
	case KBPF_LINK_DETACH:
	case KBPF_ITER_CREATE:
		a->link_update.link_fd = seq_fd_for(st->rng, SEQ_LINK);
		a->link_update.new_prog_fd = seq_fd_for(st->rng, SEQ_PROG);
		FLD(st, link_update.link_fd, F_FD, SEQ_LINK);
		if (st->cmd == KBPF_LINK_UPDATE)
			FLD(st, link_update.new_prog_fd, F_FD, SEQ_PROG);
		break;
	case KBPF_ENABLE_STATS:
		a->enable_stats.type = seq_one_in(st->rng, 4);
		FLD(st, enable_stats.type, F_ID, 0);
		break;
	case KBPF_PROG_BIND_MAP:
		a->prog_bind_map.prog_fd = seq_fd_for(st->rng, SEQ_PROG);
		a->prog_bind_map.map_fd = seq_fd_for(st->rng, SEQ_MAP);
		FLD(st, prog_bind_map.prog_fd, F_FD, SEQ_PROG);
		FLD(st, prog_bind_map.map_fd, F_FD, SEQ_MAP);
		break;
	case KBPF_TOKEN_CREATE:
		a->token_create.bpffs_fd = fd;
		FLD(st, token_create.bpffs_fd, F_FD, SEQ_OTHER);
		break;
	default:	/* BTF IDs, unknown commands */
		a->start_id = seq_below(st->rng, 8);
		FLD(st, start_id, F_ID, 0);
		break;
	}
}

void seq_build(struct seq_step *st)
{
	switch (st->cmd) {
	case KBPF_MAP_CREATE:
		map_create(st);
		break;
	case KBPF_MAP_LOOKUP_ELEM:
	case KBPF_MAP_UPDATE_ELEM:
	case KBPF_MAP_DELETE_ELEM:
	case KBPF_MAP_GET_NEXT_KEY:
	case KBPF_MAP_LOOKUP_AND_DELETE_ELEM:
		elem(st);
		break;
	case KBPF_MAP_LOOKUP_BATCH:
	case KBPF_MAP_LOOKUP_AND_DELETE_BATCH:
	case KBPF_MAP_UPDATE_BATCH:
	case KBPF_MAP_DELETE_BATCH:
		batch(st);
		break;
	case KBPF_PROG_LOAD:
		prog_load(st);
		break;
	case KBPF_OBJ_PIN:
	case KBPF_OBJ_GET:
		obj_pin_get(st);
		break;
	case KBPF_PROG_TEST_RUN:
		test_run(st);
		break;
	case KBPF_PROG_GET_NEXT_ID:
	case KBPF_MAP_GET_NEXT_ID:
	case KBPF_LINK_GET_NEXT_ID:
	case KBPF_PROG_GET_FD_BY_ID:
	case KBPF_MAP_GET_FD_BY_ID:
	case KBPF_LINK_GET_FD_BY_ID:
		ids(st);
		break;
	case KBPF_OBJ_GET_INFO_BY_FD:
		info(st);
		break;
	case KBPF_RAW_TRACEPOINT_OPEN:
		raw_tp_open(st);
		break;
	case KBPF_LINK_CREATE:
		link_create(st);
		break;
	default:
		misc(st);
	}
}

/* Called after mutation, before the step is issued. */
void seq_build_tame(struct seq_step *st)
{
	if (st->cmd == KBPF_MAP_CREATE)
		tame_map_create(st->attr);
	/*
	 * Sharing the kernel (-I), a link taken by ID keeps another tool's
	 * program attached after that tool closed its last fd (as on
	 * Linux), and that tool may be checking that the program no longer
	 * runs (the soak's examples): take only this process's links.
	 */
	if (st->cmd == KBPF_LINK_GET_FD_BY_ID && seq_shared &&
	    !seq_own_link_id(st->attr->link_id))
		st->attr->link_id = 0;
}

int seq_decoy_init(void)
{
	char path[64], buf[65536];
	int in, out;
	ssize_t n;

	snprintf(path, sizeof(path), decoy_fmt, getpid());
	in = open("/proc/self/exe", O_RDONLY);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (in < 0 || out < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			break;
	close(in);
	close(out);
	return 0;
}

void seq_decoy_remove(void)
{
	char path[64];

	snprintf(path, sizeof(path), decoy_fmt, getpid());
	unlink(path);
}
