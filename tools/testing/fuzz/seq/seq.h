/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbpf_seqfuzz: the ioctl-sequence fuzzer (see main.c for what it does
 * and how to run it). Declarations shared by its files, one concern each:
 *
 *   main.c    options, the root and the capability-less process, the
 *             end-of-run checks
 *   pool.c    the pool of live objects and how slots are picked
 *   objects.c making the objects: maps of every type, programs, links
 *   mem.c     the memory a step points at: arena, read-only, unmapped and
 *             mmap'ed map pages
 *   mutate.c  turning a valid attr into a hostile one
 *   cmds.c    a valid attr for every command
 *   churn.c   the worker threads (close, dup, munmap, unpin, rename,
 *             drain, run, epoll)
 *   hist.c    the errno histogram per command
 *
 * Threads share the pool without locks: a slot's fd is read and swapped
 * atomically, and everything else a step reads from a slot is only a
 * hint (a slot may be emptied and refilled under a step, which then
 * sends the kernel an attr that no longer matches its fd: that is one of
 * the cases the fuzzer wants). What keeps the fuzzer's own memory safe:
 * the kernel only writes where a step points it, and every pointer a
 * step builds is into memory it owns for the life of the process (the
 * arena is big enough for any map the pool lets live, see
 * SEQ_MAP_BYTES_MAX); mmaps are never unmapped, only replaced by
 * PROT_NONE reservations, so no address is ever reused by another
 * allocation.
 */
#ifndef KBPF_SEQ_H
#define KBPF_SEQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

#include <uapi/linux/kbpf.h>

#define SEQ_NR_CMDS	(__MAX_KBPF_CMD + 1)	/* + one unknown command */
#define SEQ_CMD_UNKNOWN	__MAX_KBPF_CMD
#define SEQ_MAX_ERRNO	600

/* Bytes any map the pool keeps may need in one batch (keys or values). */
#define SEQ_MAP_BYTES_MAX	(16UL << 20)
/* The per-thread arena: attr page, in/out buffers, batch buffers. */
#define SEQ_ARENA_BYTES		(2 * SEQ_MAP_BYTES_MAX + (1UL << 20))

/* xorshift64*: one per thread, seeded from the run's seed. */
struct seq_rng {
	__u64 s;
};

static inline __u64 seq_rand(struct seq_rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

/* A number in [0, n), n > 0. */
static inline __u32 seq_below(struct seq_rng *r, __u32 n)
{
	return (__u32)(seq_rand(r) >> 32) % n;
}

/* True with probability 1/n. */
static inline bool seq_one_in(struct seq_rng *r, __u32 n)
{
	return seq_below(r, n) == 0;
}

void seq_rng_init(struct seq_rng *r, __u64 seed, __u64 stream);

/* pool.c */
enum seq_kind {
	SEQ_EMPTY,
	SEQ_MAP,
	SEQ_PROG,
	SEQ_LINK,
	SEQ_OTHER,	/* stats fds, epoll sets: a wrong kind for every command */
	SEQ_PERF,	/* kbpf perf events of a tracepoint: SET_BPF, link targets */
	SEQ_NR_KINDS,
};

struct seq_slot {
	int fd;			/* -1 when empty; read/swapped atomically */
	enum seq_kind kind;
	__u32 type;		/* map or program type, link type */
	__u32 key_size;
	__u32 value_size;	/* as it crosses the ABI (per-CPU: all CPUs) */
	__u32 max_entries;
	__u32 flags;		/* map_flags, or prog_flags */
	__u32 attach;		/* a program's expected_attach_type */
};

#define SEQ_POOL_SLOTS	48

struct seq_pool {
	struct seq_slot slot[SEQ_POOL_SLOTS];
	int stale[16];		/* numbers of fds closed lately */
	unsigned int stale_next;
	bool priv;		/* may create objects (root) */
	bool kprobe;		/* one kprobe_multi link at setup */
	char pin_dir[128];	/* this process's pins live here */
};

extern struct seq_pool seq_pool;
extern bool seq_stop;
/* Other tools share the kernel (-I): their objects are not ours to hold. */
extern bool seq_shared;

int seq_slot_fd(const struct seq_slot *s);
/* A random slot of @kind (SEQ_EMPTY: any kind), or NULL. */
struct seq_slot *seq_pick(struct seq_rng *r, enum seq_kind kind);
/* A map slot whose type is one of @types (a bit per type), or NULL. */
struct seq_slot *seq_pick_map(struct seq_rng *r, __u64 types);
/* Whether @id is the ID of a link in this process's pool. */
bool seq_own_link_id(__u32 id);
/* How many live slots of @kind there are. */
unsigned int seq_count(enum seq_kind kind);
/* A program slot of @type, or NULL. */
struct seq_slot *seq_pick_prog(struct seq_rng *r, __u32 type);
/* An fd for a field that wants @kind: mostly right, sometimes hostile. */
int seq_fd_for(struct seq_rng *r, enum seq_kind kind);
/* Take @fd into the pool (classified by its info), or close it. */
void seq_adopt(int fd);
/* Empty @s and close its fd, remembering the number as stale. */
void seq_slot_close(struct seq_slot *s);
void seq_pool_fill(struct seq_rng *r);
void seq_pool_close_all(void);

/* objects.c */
#define SEQ_MAP_TYPES_KNOWN						\
	((1ULL << KBPF_MAP_TYPE_HASH) | (1ULL << KBPF_MAP_TYPE_ARRAY) |	\
	 (1ULL << KBPF_MAP_TYPE_PROG_ARRAY) |				\
	 (1ULL << KBPF_MAP_TYPE_PERCPU_HASH) |				\
	 (1ULL << KBPF_MAP_TYPE_PERCPU_ARRAY) |				\
	 (1ULL << KBPF_MAP_TYPE_LRU_HASH) |				\
	 (1ULL << KBPF_MAP_TYPE_LRU_PERCPU_HASH) |			\
	 (1ULL << KBPF_MAP_TYPE_RINGBUF) |				\
	 (1ULL << KBPF_MAP_TYPE_USER_RINGBUF))
#define SEQ_MAP_TYPES_ELEM	(SEQ_MAP_TYPES_KNOWN &			\
	~((1ULL << KBPF_MAP_TYPE_RINGBUF) |				\
	  (1ULL << KBPF_MAP_TYPE_USER_RINGBUF)))

extern int seq_ncpus;
extern char seq_self_path[4096];
extern unsigned long seq_uprobe_off;

/* A valid MAP_CREATE attr for a random type (mostly the known ones). */
void seq_map_attr(struct seq_rng *r, union kbpf_attr *a);
int seq_make_map(struct seq_rng *r);
/* Fill the program part of @a with a valid load: @insns must hold 64. */
void seq_prog_attr(struct seq_rng *r, union kbpf_attr *a,
		   struct kbpf_insn *insns);
int seq_make_prog(struct seq_rng *r);
int seq_make_link(struct seq_rng *r);
/*
 * signal/signal_generate's tracefs ID (-1: none), the tracepoint of the
 * pool's perf events; fired by an ignored signal to this process.
 */
extern int seq_tp_id;
/* KBPF_IOC_PERF_EVENT_OPEN of a tracepoint event, now and then mutated. */
int seq_make_perf(struct seq_rng *r);
void seq_tp_fire(void);
/* A map's value size as it crosses the ABI. */
__u32 seq_abi_value_size(__u32 type, __u32 value_size);
/* Whether a map of these attributes may live in the pool. */
bool seq_map_fits(__u32 type, __u32 key_size, __u32 value_size,
		  __u32 max_entries);
void seq_uprobe_target(void);
/* The uprobe_multi links' target, called by the churn threads. */
int seq_uprobe_hit(long x);

/* mem.c */
struct seq_mem {
	char *arena;		/* SEQ_ARENA_BYTES, RW, guard pages around */
	char *ro;		/* a PROT_READ page */
	char *none;		/* a PROT_NONE page */
};

int seq_mem_init(struct seq_mem *m);
/* A pointer @bytes into the arena, 8-aligned (in, out) */
void *seq_buf(struct seq_mem *m, struct seq_rng *r, size_t bytes);
/*
 * @bytes just before the arena's guard page (at most 56 bytes between),
 * for arrays the kernel reads a count of: a count mutated far past them
 * faults at once instead of walking the whole arena.
 */
void *seq_buf_end(struct seq_mem *m, struct seq_rng *r, size_t bytes);
/* mmap'ed map memory: a slot's pages, or NULL when none is mapped. */
void *seq_mmap_ptr(struct seq_rng *r, size_t *len);
/* mmap @fd into a free reserved window; PROT_READ with @ro. */
void seq_mmap_map(struct seq_rng *r, int fd, bool ro);
/* Replace a mapping, whole or a page of it, by PROT_NONE. */
void seq_munmap_some(struct seq_rng *r);
int seq_mmap_init(void);
/* Held around every mmap and munmap of the process (mem.c). */
void seq_vm_lock(void);
void seq_vm_unlock(void);
/* Every window back to a reservation: no map stays mapped. */
void seq_munmap_all(void);

/* mutate.c */
enum seq_field_kind { F_FD, F_SIZE, F_PTR, F_FLAGS, F_ID };

struct seq_field {
	__u16 off;
	__u8 width;		/* 4 or 8 */
	__u8 kind;		/* enum seq_field_kind */
	__u8 fd_kind;		/* F_FD: the enum seq_kind it wants */
};

#define SEQ_MAX_FIELDS	12

struct seq_step {
	__u32 cmd;
	__u32 size;		/* bytes of attr passed */
	union kbpf_attr *attr;	/* points into the arena's attr page */
	struct seq_field field[SEQ_MAX_FIELDS];
	unsigned int nr_fields;
	struct seq_mem *mem;
	struct seq_rng *rng;
	int tmp_fd[4];		/* closed after the step */
	unsigned int nr_tmp;
};

void seq_field(struct seq_step *st, size_t off, unsigned int width,
	       enum seq_field_kind kind, enum seq_kind fd_kind);
/* Apply 0 or more mutations; returns how many. */
unsigned int seq_mutate(struct seq_step *st);
/* Issue the step (with the attr perhaps moved to a hostile place). */
long seq_issue(struct seq_step *st);

/* cmds.c */
void seq_build(struct seq_step *st);
/* After mutation: keep a map creation from taking most of the guest. */
void seq_build_tame(struct seq_step *st);
/* The file mutated uprobe links point at: a copy of this binary. */
int seq_decoy_init(void);
void seq_decoy_remove(void);

/* churn.c */
int seq_churn_start(__u64 seed, unsigned int nr);
void seq_churn_stop(void);

/* hist.c */
/* Operations besides the commands, counted in the histogram too. */
enum seq_op {
	SEQ_OP_PERF_OPEN,	/* KBPF_IOC_PERF_EVENT_OPEN */
	SEQ_OP_PERF_IOCTL,	/* SET_BPF, QUERY_BPF, ENABLE... on its fd */
	SEQ_NR_OPS,
};

void seq_hist_add(__u32 cmd, long ret, int err);
void seq_hist_op(enum seq_op op, long ret, int err);
void seq_hist_print(const char *who);
const char *seq_cmd_name(__u32 cmd);
__u64 seq_hist_total(void);
/* The child starts from zero: setup's counts are the parent's. */
void seq_hist_reset(void);

#endif /* KBPF_SEQ_H */
