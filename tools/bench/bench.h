/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbpf_bench: the same benchmarks against kbpf (ioctl on /dev/kbpf) and
 * Linux (bpf(2)) in one boot, sides alternating round by round.
 *
 * Each benchmark has per-side state (maps, programs) made by setup(); a
 * measurement repeats pass() until the time budget is spent (reset(), if
 * any, runs untimed between passes; with slices, the sides take turns at
 * slices of the budget) and prints one line per side and round:
 *
 *   BENCH name=NAME side=SIDE round=R ops=OPS ns=NS unit=UNIT
 *
 * Sides: kbpf; linux (bpf(2), its JIT for programs); linux-interp (bpf(2),
 * programs loaded with net.core.bpf_jit_enable=0: Linux's interpreter).
 */
#ifndef KBPF_BENCH_H
#define KBPF_BENCH_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <uapi/linux/kbpf.h>
#include "tools/lib/kbpf/kbpf.h"
#include "tools/lib/kbpf/asm_regs.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif

enum side { SIDE_KBPF, SIDE_LINUX, SIDE_LINUX_INTERP, NR_SIDES };
#define SIDES_MAP	(1u << SIDE_KBPF | 1u << SIDE_LINUX)
#define SIDES_PROG	(SIDES_MAP | 1u << SIDE_LINUX_INTERP)

extern const char *const side_name[NR_SIDES];

struct bench_cfg {
	bool quick;
	unsigned int rounds;
	__u32 entries;		/* map size for the user-space map benches */
	__u64 budget_ns;	/* per measurement */
	bool interp;		/* Linux's interpreter can be selected */
	bool dump_jit;		/* -j: print each JITed image as hex */
};
extern struct bench_cfg cfg;

struct bench {
	const char *name;
	const char *unit;	/* what one op is */
	unsigned int sides;	/* mask of 1 << enum side */
	/* > 1: a round's budget is cut in slices the sides take in turn */
	unsigned int slices;
	const void *arg;
	/* Per-side state; NULL (a program rejected) skips the benchmark. */
	void *(*setup)(const struct bench *b, enum side s);
	/* One timed pass: returns the number of ops done. */
	__u64 (*pass)(void *st);
	void (*reset)(void *st);	/* untimed, after each pass */
	/*
	 * Untimed, around each side's turn (a slice): attach benchmarks
	 * attach here, so that only the side measured has a program on the
	 * event.
	 */
	void (*enter)(void *st);
	void (*leave)(void *st);
	void (*teardown)(void *st);
	/* A result both sides must agree on (0: none); after round 0. */
	__u64 (*check)(void *st);
};

/* The benchmark lists, one per concern (kbpf_bench.c: suites[]). */
extern const struct bench map_benches[];
extern const unsigned int nr_map_benches;
extern const struct bench prog_benches[];
extern const unsigned int nr_prog_benches;
extern const struct bench ringbuf_benches[];
extern const unsigned int nr_ringbuf_benches;
extern const struct bench attach_benches[];
extern const unsigned int nr_attach_benches;

/*
 * Load-only benchmarks (bench_verif.c): build() writes the program once;
 * kbpf_bench.c loads it LOAD_REPS times (at least) per side, sides
 * alternating, one LOAD line with rep=R per load. The programs the other
 * benchmarks run are loaded LOAD_REPS times per side too: once by
 * setup() (rep=0), then again after every side's setup, sides alternating.
 */
struct load_bench {
	const char *name;
	void (*build)(struct kbpf_asm *a);
};
#define LOAD_REPS	5
extern const struct load_bench load_benches[];
extern const unsigned int nr_load_benches;

/*
 * The side being measured or set up; bsys() and the map commands below
 * point libkbpf's target at it.
 */
extern enum side cur_side;
/* Point libkbpf's target at cur_side (bsys() and the helpers below do). */
void side_target(void);
long bsys(int cmd, union kbpf_attr *attr);

__printf(1, 2) void die(const char *fmt, ...);
__printf(1, 2) void note(const char *fmt, ...);
void *xcalloc(size_t n, size_t size);
__u64 now_ns(void);

/* Map commands, as bpf(2): -1 and errno on failure. */
int map_create(__u32 type, __u32 key_size, __u32 value_size, __u32 entries);
int map_lookup(int fd, const void *key, void *value);
int map_update(int fd, const void *key, const void *value, __u64 flags);
int map_delete(int fd, const void *key);
int map_next_key(int fd, const void *key, void *next);
int map_batch(int cmd, int fd, void *in, void *out, void *keys, void *values,
	      __u32 *count);
/* Fill @fd with @n elements from @keys, @values (UPDATE_BATCH); dies. */
void map_fill(int fd, const void *keys, const void *values, __u32 n);

/* The assembler is libkbpf's (asm.h); asm_done() dies on an error. */
void asm_done(struct kbpf_asm *a);
#define I(a, insn)	KBPF_ASM(a, insn)

/*
 * Load a sleepable SYSCALL program on cur_side (linux-interp: with the JIT
 * switched off for the load; on Linux, with a minimal BTF func_info if it
 * loads a callback); dies with the verifier log on failure.
 */
int prog_load(const char *name, const struct kbpf_asm *a);
/*
 * The same, the LOAD line tagged rep=@rep (prog_load: rep=0); on failure
 * a LOADFAIL line (and the log's tail on stderr) and -1 instead of dying.
 */
int prog_load_rep(const char *name, const struct kbpf_asm *a,
		  unsigned int rep);
/*
 * Load a program of @type (not sleepable, @attach_type as expected attach
 * type) on cur_side, Linux's interpreter side with the JIT off; dies on
 * failure.
 */
int prog_load_type(const char *name, __u32 type, __u32 attach_type,
		   const struct kbpf_asm *a);
/* PROG_TEST_RUN with ctx in/out; returns retval, dies on error. */
__u32 prog_run(int fd, void *ctx, __u32 ctx_size);

#endif /* KBPF_BENCH_H */
