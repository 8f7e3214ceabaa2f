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
	FIX_NR,
};

struct gen_fixture_desc {
	uint32_t type, key_size, value_size, max_entries, flags;
};

extern const struct gen_fixture_desc gen_fixtures[FIX_NR];

enum gen_kind { GEN_SOUP, GEN_TEMPLATE, GEN_MUTANT };

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
	/* built to terminate and to call helpers with sane arguments */
	bool safe;
};

/* Program number @idx of the run seeded with @seed. */
void gen_program(struct gen_prog *p, uint64_t seed, uint64_t idx);
/* Recomputes funcs[] and callbacks from the instructions. */
void gen_scan_funcs(struct gen_prog *p);

/* splitmix64: the generator's and the runner's randomness. */
uint64_t gen_mix(uint64_t *state);

#endif /* KBPF_FUZZ_GEN_H */
