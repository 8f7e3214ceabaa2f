/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Program generation for the verifier fuzzer: deterministic from a seed.
 * Map references are fixture indexes (ld_imm64 imm) until the runner
 * patches in the fds of the target at hand.
 */
#ifndef KBPF_FUZZ_GEN_H
#define KBPF_FUZZ_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "tools/include/kbpf/insn.h"

#define GEN_MAX_INSNS	768
#define GEN_MAX_FUNCS	16

/* The maps every program may name; gen_fixtures[] describes them. */
enum gen_fixture {
	FIX_ARRAY,	/* array, 8 x 64 bytes */
	FIX_ARRAY1,	/* single-element array, 48 bytes: direct value */
	FIX_ARRAY_RO,	/* single-element array, 32 bytes, RDONLY_PROG */
	FIX_HASH,	/* hash, u64 key, 40 bytes, keys 0-7 present */
	FIX_PERCPU,	/* per-CPU array, 4 x 24 bytes */
	FIX_LRU,	/* LRU hash, u32 key, 16 bytes, keys 0-7 present */
	FIX_RINGBUF,	/* ring buffer, 16 KiB */
	FIX_ARRAY_WO,	/* single-element array, 32 bytes, WRONLY_PROG */
	FIX_HASH_RO,	/* hash as FIX_HASH, RDONLY_PROG */
	FIX_STR,	/* single-element array, 32 bytes, RDONLY_PROG,
			 * frozen: a format string and a NUL-terminated one */
	FIX_USER_RB,	/* user ring buffer, 16 KiB, left empty */
	/*
	 * Prog arrays, 4 slots, filled once at setup (with every
	 * capability) with 2 programs each of one kind: only a raw_tp
	 * program (attach type 0) may tail call through FIX_PA_RAW_TP,
	 * only a kprobe one (attach type 0) through FIX_PA_KPROBE; the
	 * others hold programs no fuzzed program is compatible with.
	 */
	FIX_PA_RAW_TP,
	FIX_PA_RAW_TP_ATTACH,	/* raw_tp, expected attach type RAW_TP */
	FIX_PA_KPROBE,
	FIX_PA_UPROBE_SLEEP,	/* kprobe/uprobe_multi: sleepable and not */
	FIX_PA_SYSCALL,		/* sleepable syscall programs */
	FIX_PA_SKB,		/* socket filters */
	FIX_NR,
};

#define FIX_PA_FIRST	FIX_PA_RAW_TP

/* A program of a prog-array fixture's slots. */
struct gen_slot_prog {
	uint32_t type, attach, flags;
};

struct gen_fixture_desc {
	uint32_t type, key_size, value_size, max_entries, flags;
	/* prog arrays: the programs of slots 0 and 1 */
	struct gen_slot_prog slots[2];
};

extern const struct gen_fixture_desc gen_fixtures[FIX_NR];

enum gen_kind { GEN_SOUP, GEN_TEMPLATE, GEN_MUTANT };

/*
 * The capabilities a run loads programs with (kbpf_fuzz -C): all, or
 * CAP_BPF + CAP_PERFMON, or CAP_BPF alone. Without CAP_PERFMON Linux
 * loads no raw_tp or kprobe program: the generator then makes syscall
 * programs and socket filters (the type that may tail call) but for a
 * few.
 */
enum gen_priv { GEN_PRIV_ALL, GEN_PRIV_PERFMON, GEN_PRIV_BPF };
extern enum gen_priv gen_priv;

/*
 * The shapes a program contains (gen_prog.shapes bits), each made by a
 * template block of its own: issue 15's holes, then issue 19's reach.
 */
enum gen_shape {
	SHAPE_FUNC_PTR,		/* PSEUDO_FUNC loads, fixed/variable offsets */
	SHAPE_DYNPTR_SPILL,	/* a drain callback stores its dynptr */
	SHAPE_MAP_ACCESS,	/* writes to RDONLY_PROG, reads of WRONLY_PROG */
	SHAPE_TAIL_CALL,	/* through the prog-array fixtures */
	SHAPE_NULL_MEM,		/* NULL memory with a size to helpers */
	SHAPE_PTR_CMP,		/* cmpxchg with a pointer, pointer compares */
	/* issue 19: what the fuzzer had missed (gen_shapes.c) */
	SHAPE_HELPER_MEM,	/* memory and size arguments: NULL, 0, max */
	SHAPE_CALLBACKS,	/* every callback helper, changed func pointers */
	SHAPE_DYNPTR_KINDS,	/* local, ringbuf and drain dynptrs */
	SHAPE_SPILL_TYPES,	/* spills and fills of every register type */
	SHAPE_TAIL_XTYPE,	/* tail calls across types, odd arguments */
	SHAPE_RDWR_ONLY,	/* RDONLY_PROG/WRONLY_PROG through every path */
	SHAPE_ATOMIC_PTR,	/* atomics with pointer operands */
	SHAPE_SUBREG,		/* 32-bit subregisters, sign extension */
	SHAPE_NR,
};

extern const char *const gen_shape_names[SHAPE_NR];

struct gen_prog {
	struct kbpf_insn insns[GEN_MAX_INSNS];
	uint32_t len;
	uint32_t prog_type;
	uint32_t flags;			/* prog_flags: SLEEPABLE for SYSCALL */
	uint32_t ctx_size;		/* test_run ctx_size_in */
	enum gen_kind kind;
	/* subprogram starts, sorted (for Linux's BTF func_info) */
	uint32_t funcs[GEN_MAX_FUNCS];
	uint32_t nr_funcs;
	bool callbacks;			/* has a BPF_PSEUDO_FUNC load */
	/* Linux is given BTF func_info: it needs it for callbacks */
	bool btf;
	uint32_t shapes;		/* BIT(enum gen_shape) */
	/* built to terminate and to call helpers with sane arguments */
	bool safe;
};

/* Program number @idx of the run seeded with @seed. */
void gen_program(struct gen_prog *p, uint64_t seed, uint64_t idx);
/* Recomputes funcs[], callbacks and btf from the instructions. */
void gen_scan_funcs(struct gen_prog *p);

/* splitmix64: the generator's and the runner's randomness. */
uint64_t gen_mix(uint64_t *state);

#endif /* KBPF_FUZZ_GEN_H */
