// SPDX-License-Identifier: GPL-2.0
/*
 * The objects of the pool, made valid: maps of every type kbpf knows
 * (and now and then one it does not), small programs of each type kbpf
 * runs, some using pool maps, links (uprobe_multi on a function of this
 * binary that the churn threads call; RAW_TRACEPOINT_OPEN on sys_enter,
 * refused where the kernel has no BTF; perf_event links), and kbpf perf
 * events of signal/signal_generate, which TRACEPOINT programs attach to
 * (PERF_EVENT_IOC_SET_BPF or a link) and an ignored signal fires.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include "seq.h"
#include "tools/lib/kbpf/kbpf.h"

/* Live perf events in the pool at most (seq_make_perf()). */
#define SEQ_PERF_MAX	6

int seq_ncpus = 1;
int seq_tp_id = -1;
char seq_self_path[4096];
unsigned long seq_uprobe_off;

/* The uprobe target: churn threads call it through a volatile pointer. */
__attribute__((noinline, used)) int seq_uprobe_hit(long x)
{
	asm volatile("" : : "r"(x) : "memory");
	return (int)x;
}

static unsigned long file_offset(const void *addr)
{
	unsigned long start, end, pgoff, a = (unsigned long)addr;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %*s %lx", &start, &end, &pgoff) == 3 &&
		    a >= start && a < end) {
			fclose(f);
			return a - start + pgoff;
		}
	}
	if (f)
		fclose(f);
	return 0;
}

void seq_uprobe_target(void)
{
	ssize_t n = readlink("/proc/self/exe", seq_self_path,
			     sizeof(seq_self_path) - 1);

	seq_self_path[n > 0 ? n : 0] = 0;
	seq_uprobe_off = file_offset((const void *)seq_uprobe_hit);
}

static bool percpu(__u32 type)
{
	return type == KBPF_MAP_TYPE_PERCPU_HASH ||
	       type == KBPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == KBPF_MAP_TYPE_LRU_PERCPU_HASH;
}

__u32 seq_abi_value_size(__u32 type, __u32 value_size)
{
	if (!percpu(type))
		return value_size;
	return ((value_size + 7) & ~7U) * seq_ncpus;
}

/*
 * Every map the pool keeps must fit the arena in one batch (keys, and
 * values), since a mutated count lets the kernel fill as many elements
 * as the map has; ring buffers only by their size.
 */
bool seq_map_fits(__u32 type, __u32 key_size, __u32 value_size,
		  __u32 max_entries)
{
	__u64 k = (__u64)key_size * max_entries;
	__u64 v = (__u64)seq_abi_value_size(type, value_size) * max_entries;

	if (type == KBPF_MAP_TYPE_RINGBUF || type == KBPF_MAP_TYPE_USER_RINGBUF)
		return max_entries <= SEQ_MAP_BYTES_MAX;
	return k <= SEQ_MAP_BYTES_MAX && v <= SEQ_MAP_BYTES_MAX;
}

static const __u32 known_types[] = {
	KBPF_MAP_TYPE_HASH, KBPF_MAP_TYPE_ARRAY, KBPF_MAP_TYPE_PROG_ARRAY,
	KBPF_MAP_TYPE_PERCPU_HASH, KBPF_MAP_TYPE_PERCPU_ARRAY,
	KBPF_MAP_TYPE_LRU_HASH, KBPF_MAP_TYPE_LRU_PERCPU_HASH,
	KBPF_MAP_TYPE_RINGBUF, KBPF_MAP_TYPE_USER_RINGBUF,
};

static __u32 hash_flags(struct seq_rng *r, __u32 type)
{
	__u32 f = 0;

	if (type == KBPF_MAP_TYPE_HASH || type == KBPF_MAP_TYPE_PERCPU_HASH) {
		if (seq_one_in(r, 2))
			f |= KBPF_F_NO_PREALLOC;
	} else if (seq_one_in(r, 3)) {
		f |= KBPF_F_NO_COMMON_LRU;
	}
	if (seq_one_in(r, 4))
		f |= KBPF_F_ZERO_SEED;
	return f;
}

void seq_map_attr(struct seq_rng *r, union kbpf_attr *a)
{
	__u32 type = known_types[seq_below(r, sizeof(known_types) /
					      sizeof(known_types[0]))];

	if (seq_one_in(r, 10))
		type = seq_below(r, 40);
	a->map_type = type;
	a->key_size = seq_one_in(r, 2) ? 4 : 8;
	a->value_size = 8 * (1 + seq_below(r, 8));
	a->max_entries = 1 + seq_below(r, 64);
	switch (type) {
	case KBPF_MAP_TYPE_ARRAY:
		a->key_size = 4;
		if (seq_one_in(r, 2))
			a->map_flags = KBPF_F_MMAPABLE;
		break;
	case KBPF_MAP_TYPE_PERCPU_ARRAY:
		a->key_size = 4;
		break;
	case KBPF_MAP_TYPE_PROG_ARRAY:
		a->key_size = 4;
		a->value_size = 4;
		a->max_entries = 1 + seq_below(r, 8);
		break;
	case KBPF_MAP_TYPE_RINGBUF:
	case KBPF_MAP_TYPE_USER_RINGBUF:
		a->key_size = 0;
		a->value_size = 0;
		a->max_entries = 4096U << seq_below(r, 4);
		break;
	case KBPF_MAP_TYPE_HASH:
	case KBPF_MAP_TYPE_PERCPU_HASH:
	case KBPF_MAP_TYPE_LRU_HASH:
	case KBPF_MAP_TYPE_LRU_PERCPU_HASH:
		a->map_flags = hash_flags(r, type);
		break;
	}
	if (type != KBPF_MAP_TYPE_PROG_ARRAY && seq_one_in(r, 8))
		a->map_flags |= seq_one_in(r, 2) ? KBPF_F_RDONLY_PROG :
						   KBPF_F_WRONLY_PROG;
	snprintf(a->map_name, sizeof(a->map_name), "seq_%u", type);
}

int seq_make_map(struct seq_rng *r)
{
	union kbpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	seq_map_attr(r, &a);
	fd = kbpf_sys(KBPF_MAP_CREATE, &a, sizeof(a));
	seq_hist_add(KBPF_MAP_CREATE, fd, errno);
	if (fd >= 0)
		seq_adopt(fd);
	return fd;
}

/* A map fd of one of @types from the pool, or -1. */
static int map_of(struct seq_rng *r, __u64 types, __u32 *value_size)
{
	struct seq_slot *s = seq_pick_map(r, types);

	if (!s)
		return -1;
	*value_size = s->value_size;
	return seq_slot_fd(s);
}

#define INS(...)	(insns[n++] = (struct kbpf_insn)__VA_ARGS__)

/* key 0 and a zero value on the stack; update (or look up) the map. */
static unsigned int elem_prog(struct kbpf_insn *insns, unsigned int n,
			      int map, bool update)
{
	int off;

	for (off = -72; off < 0; off += 8)
		INS(KBPF_ST_MEM(KBPF_DW, KBPF_REG_10, off, 0));
	INS(KBPF_LD_IMM64_1(KBPF_REG_1, KBPF_PSEUDO_MAP_FD, map));
	INS(KBPF_LD_IMM64_2(0));
	INS(KBPF_MOV64_REG(KBPF_REG_2, KBPF_REG_10));
	INS(KBPF_ALU64_IMM(KBPF_ADD, KBPF_REG_2, -8));
	INS(KBPF_MOV64_REG(KBPF_REG_3, KBPF_REG_10));
	INS(KBPF_ALU64_IMM(KBPF_ADD, KBPF_REG_3, -72));
	INS(KBPF_MOV64_IMM(KBPF_REG_4, 0));
	INS(KBPF_CALL_HELPER(update ? KBPF_FUNC_map_update_elem :
			     KBPF_FUNC_map_lookup_elem));
	return n;
}

/*
 * The templates. Each ends "r0 = 0; exit"; the types and flags are
 * those Linux wants for what the body calls.
 */
static unsigned int prog_body(struct seq_rng *r, union kbpf_attr *a,
			      struct kbpf_insn *insns)
{
	__u64 elem = SEQ_MAP_TYPES_ELEM & ~(1ULL << KBPF_MAP_TYPE_PROG_ARRAY);
	unsigned int n = 0;
	__u32 vs = 0;
	int map;

	switch (seq_below(r, 8)) {
	case 0:	/* a sleepable syscall program updating a map */
		a->prog_type = KBPF_PROG_TYPE_SYSCALL;
		a->prog_flags = KBPF_F_SLEEPABLE;
		map = map_of(r, elem, &vs);
		if (map >= 0 && vs <= 64U * seq_ncpus)
			n = elem_prog(insns, n, map, true);
		break;
	case 1:	/* a raw_tp program writing to a ring buffer */
		a->prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT;
		map = map_of(r, 1ULL << KBPF_MAP_TYPE_RINGBUF, &vs);
		if (map < 0)
			break;
		INS(KBPF_ST_MEM(KBPF_DW, KBPF_REG_10, -8, 7));
		INS(KBPF_LD_IMM64_1(KBPF_REG_1, KBPF_PSEUDO_MAP_FD, map));
		INS(KBPF_LD_IMM64_2(0));
		INS(KBPF_MOV64_REG(KBPF_REG_2, KBPF_REG_10));
		INS(KBPF_ALU64_IMM(KBPF_ADD, KBPF_REG_2, -8));
		INS(KBPF_MOV64_IMM(KBPF_REG_3, 8));
		INS(KBPF_MOV64_IMM(KBPF_REG_4, 0));
		INS(KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_output));
		break;
	case 2:	/* a raw_tp program tail calling through a prog array */
		a->prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT;
		map = map_of(r, 1ULL << KBPF_MAP_TYPE_PROG_ARRAY, &vs);
		if (map < 0)
			break;
		INS(KBPF_LD_IMM64_1(KBPF_REG_2, KBPF_PSEUDO_MAP_FD, map));
		INS(KBPF_LD_IMM64_2(0));
		INS(KBPF_MOV64_IMM(KBPF_REG_3, 0));
		INS(KBPF_CALL_HELPER(KBPF_FUNC_tail_call));
		break;
	case 3:	/* a sleepable syscall program draining a user ring buffer */
		a->prog_type = KBPF_PROG_TYPE_SYSCALL;
		a->prog_flags = KBPF_F_SLEEPABLE;
		map = map_of(r, 1ULL << KBPF_MAP_TYPE_USER_RINGBUF, &vs);
		if (map < 0)
			break;
		INS(KBPF_LD_IMM64_1(KBPF_REG_1, KBPF_PSEUDO_MAP_FD, map));
		INS(KBPF_LD_IMM64_2(0));
		/* the callback: the two instructions after the final exit */
		INS(KBPF_RAW_INSN(KBPF_LD | KBPF_DW | KBPF_IMM, KBPF_REG_2,
				  KBPF_PSEUDO_FUNC, 0, 6));
		INS(KBPF_LD_IMM64_2(0));
		INS(KBPF_MOV64_IMM(KBPF_REG_3, 0));
		INS(KBPF_MOV64_IMM(KBPF_REG_4, 0));
		INS(KBPF_CALL_HELPER(KBPF_FUNC_user_ringbuf_drain));
		INS(KBPF_MOV64_IMM(KBPF_REG_0, 0));
		INS(KBPF_EXIT_INSN());
		INS(KBPF_MOV64_IMM(KBPF_REG_0, 0));
		INS(KBPF_EXIT_INSN());
		return n;
	case 4:	/* a kprobe or uprobe program counting in a map */
		a->prog_type = KBPF_PROG_TYPE_KPROBE;
		a->expected_attach_type = seq_one_in(r, 2) ?
			KBPF_TRACE_UPROBE_MULTI : KBPF_TRACE_KPROBE_MULTI;
		if (a->expected_attach_type == KBPF_TRACE_UPROBE_MULTI &&
		    seq_one_in(r, 2))
			a->prog_flags = KBPF_F_SLEEPABLE;
		map = map_of(r, elem, &vs);
		if (map >= 0 && vs <= 64U * seq_ncpus)
			n = elem_prog(insns, n, map, seq_one_in(r, 2));
		break;
	case 5:
		a->prog_type = KBPF_PROG_TYPE_SOCKET_FILTER;
		break;
	case 6:	/* a tracepoint program: a map update, or a record field */
		a->prog_type = KBPF_PROG_TYPE_TRACEPOINT;
		if (seq_one_in(r, 2)) {
			map = map_of(r, elem, &vs);
			if (map >= 0 && vs <= 64U * seq_ncpus)
				n = elem_prog(insns, n, map, true);
			break;
		}
		/* signal_generate's fields end at 48: past it, EACCES */
		INS(KBPF_LDX_MEM(KBPF_W, KBPF_REG_0, KBPF_REG_1,
				 8 + 4 * seq_below(r, 12)));
		break;
	default:
		a->prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT;
		break;
	}
	INS(KBPF_MOV64_IMM(KBPF_REG_0, 0));
	INS(KBPF_EXIT_INSN());
	return n;
}

void seq_prog_attr(struct seq_rng *r, union kbpf_attr *a,
		   struct kbpf_insn *insns)
{
	static const char license[] = "GPL";

	a->insn_cnt = prog_body(r, a, insns);
	a->insns = (__u64)(unsigned long)insns;
	a->license = (__u64)(unsigned long)license;
	snprintf(a->prog_name, sizeof(a->prog_name), "seq_%u", a->prog_type);
}

int seq_make_prog(struct seq_rng *r)
{
	struct kbpf_insn insns[64];
	union kbpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	seq_prog_attr(r, &a, insns);
	fd = kbpf_sys(KBPF_PROG_LOAD, &a, sizeof(a));
	seq_hist_add(KBPF_PROG_LOAD, fd, errno);
	if (fd >= 0)
		seq_adopt(fd);
	return fd;
}

/*
 * A TRACEPOINT program on a pool perf event: by PERF_EVENT_IOC_SET_BPF
 * (the event holds it; no fd comes back) or by a perf_event link into
 * @a. Returns the command for @a, or -1 when the ioctl was the attach.
 */
static int perf_attach(struct seq_rng *r, struct seq_slot *prog,
		       union kbpf_attr *a)
{
	struct seq_slot *s = seq_pick(r, SEQ_PERF);
	int pfd = s ? seq_slot_fd(s) : -1;
	long ret;

	if (seq_one_in(r, 2)) {
		ret = ioctl(pfd, PERF_EVENT_IOC_SET_BPF, seq_slot_fd(prog));
		seq_hist_op(SEQ_OP_PERF_IOCTL, ret, errno);
		return -1;
	}
	a->link_create.prog_fd = seq_slot_fd(prog);
	a->link_create.target_fd = pfd;
	a->link_create.attach_type = KBPF_PERF_EVENT;
	a->link_create.perf_event.bpf_cookie = seq_rand(r);
	return KBPF_LINK_CREATE;
}

/*
 * A uprobe_multi link on seq_uprobe_hit(), a raw_tp one on sys_enter, or
 * a tracepoint program on a perf event.
 */
int seq_make_link(struct seq_rng *r)
{
	struct seq_slot *s = seq_pick(r, SEQ_PROG);
	union kbpf_attr a;
	int fd, cmd;

	if (!s)
		return -1;
	memset(&a, 0, sizeof(a));
	if (s->type == KBPF_PROG_TYPE_TRACEPOINT) {
		cmd = perf_attach(r, s, &a);
		if (cmd < 0)
			return -1;
	} else if (s->type == KBPF_PROG_TYPE_RAW_TRACEPOINT) {
		cmd = KBPF_RAW_TRACEPOINT_OPEN;
		a.raw_tracepoint.name = (__u64)(unsigned long)"sys_enter";
		a.raw_tracepoint.prog_fd = seq_slot_fd(s);
		a.raw_tracepoint.cookie = seq_rand(r);
	} else {
		cmd = KBPF_LINK_CREATE;
		a.link_create.prog_fd = seq_slot_fd(s);
		a.link_create.attach_type = KBPF_TRACE_UPROBE_MULTI;
		a.link_create.uprobe_multi.path =
			(__u64)(unsigned long)seq_self_path;
		a.link_create.uprobe_multi.offsets =
			(__u64)(unsigned long)&seq_uprobe_off;
		a.link_create.uprobe_multi.cnt = 1;
		if (seq_one_in(r, 3))
			a.link_create.uprobe_multi.flags =
				KBPF_F_UPROBE_MULTI_RETURN;
		if (seq_one_in(r, 3))
			a.link_create.uprobe_multi.pid = getpid();
	}
	fd = kbpf_sys(cmd, &a, sizeof(a));
	seq_hist_add(cmd, fd, errno);
	if (fd >= 0)
		seq_adopt(fd);
	return fd;
}

/* Fires signal_generate in this process: SIGUSR1 is ignored (main.c). */
void seq_tp_fire(void)
{
	kill(getpid(), SIGUSR1);
}

/*
 * A counting perf event of signal_generate as libbpf opens one (pid -1,
 * CPU 0), or another valid pid/CPU pair, or now and then a hostile one:
 * a CPU past the last, a tracepoint that does not exist, a short or
 * oversize attr, unknown flags.
 */
int seq_make_perf(struct seq_rng *r)
{
	unsigned long flags = PERF_FLAG_FD_CLOEXEC;
	struct {
		struct perf_event_attr a;
		__u64 tail[8];	/* an oversize attr: zero, or not */
	} b;
	struct perf_event_attr *a = &b.a;
	int pid = -1, cpu = 0, fd;

	/*
	 * A few events at most: Linux and kbpf run at most 64 programs on
	 * a tracepoint, and the soak's tp example needs one of them.
	 */
	if (seq_tp_id < 0 || seq_count(SEQ_PERF) >= SEQ_PERF_MAX)
		return -1;
	memset(&b, 0, sizeof(b));
	a->type = PERF_TYPE_TRACEPOINT;
	a->size = sizeof(*a);
	a->config = seq_tp_id;
	switch (seq_below(r, 10)) {
	case 0:
		pid = 0;
		cpu = -1;
		break;
	case 1:
		cpu = seq_below(r, seq_ncpus + 1);
		break;
	case 2:
		a->config = ~0ULL - seq_below(r, 4);
		break;
	case 3:
		a->size = seq_below(r, sizeof(b) + 1);
		b.tail[seq_below(r, 8)] = seq_below(r, 2);
		break;
	case 4:
		a->disabled = 1;
		break;
	case 5:
		flags |= seq_below(r, 16);
		break;
	}
	fd = kbpf_perf_event_open(a, pid, cpu, -1, flags);
	seq_hist_op(SEQ_OP_PERF_OPEN, fd, errno);
	if (fd >= 0)
		seq_adopt(fd);
	return fd;
}
