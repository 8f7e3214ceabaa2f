/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What Linux 6.12's test_verifier tables (tools/testing/selftests/bpf/
 * verifier/NAME.c, extracted at build time by scripts/linux-suites-extract.sh)
 * are written against, re-expressed for kbpf: the instruction macros of
 * tools/include/linux/filter.h as kbpf's (tools/include/kbpf/insn.h),
 * struct bpf_test with the fields the tables fill in, and the constants
 * of test_verifier.c they name. Constants of the ABI (BPF_*, struct
 * __sk_buff, helper ids) come from the 6.12 uapi <linux/bpf.h> extracted
 * beside the tables; their values equal uapi/linux/kbpf.h's.
 *
 * Only the verdicts are used: the tables' expected results, log words and
 * rewrites are Linux's test of Linux; here Linux itself, in the same
 * guest, is the oracle.
 */
#ifndef LV_COMPAT_H
#define LV_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <linux/if_ether.h>

#include "tools/include/kbpf/insn.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* Room per program: the longest table program is well below this. */
#define MAX_INSNS		512
#define MAX_FIXUPS		8
#define MAX_TEST_RUNS		8
#define MAX_FUNC_INFOS		8
#define MAX_BTF_STRINGS		256
#define MAX_BTF_TYPES		256
#define MAX_EXPECTED_INSNS	32
#define TEST_DATA_LEN		64
/* A retval the tables do not predict (a pointer's value). */
#define POINTER_VALUE		0xcafe4allu
#define MAX_ENTRIES		11

/* test_verifier's F_* flags; above these, .flags are prog_flags. */
#define F_NEEDS_EFFICIENT_UNALIGNED_ACCESS	(1 << 0)
#define F_LOAD_WITH_STRICT_ALIGNMENT		(1 << 1)
#define F_NEEDS_JIT_ENABLED			(1 << 2)

/* Masks and markers of .expected_insns (not checked here). */
#define INSN_OFF_MASK	((__s16)0xFFFF)
#define INSN_IMM_MASK	((__s32)0xFFFFFFFF)
#define SKIP_INSNS()	BPF_RAW_INSN(0xde, 0xa, 0xd, 0xbeef, 0xdeadbeef)

#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))
#define __bpf_constant_htons(x)	((__u16)__builtin_bswap16(x))

/* The value types the hash and array fixtures are sized by. */
struct test_val {
	unsigned int index;
	int foo[MAX_ENTRIES];
};

struct other_val {
	long long foo;
	long long bar;
};

/*
 * Instructions. Each is one braced initializer of struct kbpf_insn (the
 * 64-bit loads two), as the tables build arrays of them.
 */
#define BPF_RAW_INSN(c, d, s, o, i)	KBPF_RAW_INSN(c, d, s, o, i)
#define BPF_ALU64_REG(op, d, s)		KBPF_ALU64_REG(op, d, s)
#define BPF_ALU32_REG(op, d, s)		KBPF_ALU32_REG(op, d, s)
#define BPF_ALU64_IMM(op, d, i)		KBPF_ALU64_IMM(op, d, i)
#define BPF_ALU32_IMM(op, d, i)		KBPF_ALU32_IMM(op, d, i)
#define BPF_MOV64_REG(d, s)		KBPF_MOV64_REG(d, s)
#define BPF_MOV32_REG(d, s)		KBPF_MOV32_REG(d, s)
#define BPF_MOV64_IMM(d, i)		KBPF_MOV64_IMM(d, i)
#define BPF_MOV32_IMM(d, i)		KBPF_MOV32_IMM(d, i)
#define BPF_ENDIAN(dir, d, bits) \
	KBPF_RAW_INSN(BPF_ALU | BPF_END | (dir), d, 0, 0, bits)
#define BPF_LD_IMM64_RAW_FULL(d, s, off1, off2, i1, i2)			\
	KBPF_RAW_INSN(BPF_LD | BPF_DW | BPF_IMM, d, s, off1, i1),	\
	KBPF_RAW_INSN(0, 0, 0, off2, i2)
#define BPF_LD_IMM64_RAW(d, s, i) \
	KBPF_LD_IMM64_1(d, s, i), KBPF_LD_IMM64_2(i)
#define BPF_LD_IMM64(d, i)		BPF_LD_IMM64_RAW(d, 0, i)
#define BPF_LD_MAP_FD(d, fd)		BPF_LD_IMM64_RAW(d, BPF_PSEUDO_MAP_FD, fd)
#define BPF_LD_MAP_VALUE(d, fd, off) \
	BPF_LD_IMM64_RAW_FULL(d, BPF_PSEUDO_MAP_VALUE, 0, 0, fd, off)
#define BPF_LD_ABS(sz, i) \
	KBPF_RAW_INSN(BPF_LD | (sz) | BPF_ABS, 0, 0, 0, i)
#define BPF_LD_IND(sz, s, i) \
	KBPF_RAW_INSN(BPF_LD | (sz) | BPF_IND, 0, s, 0, i)
#define BPF_LDX_MEM(sz, d, s, o)	KBPF_LDX_MEM(sz, d, s, o)
#define BPF_STX_MEM(sz, d, s, o)	KBPF_STX_MEM(sz, d, s, o)
#define BPF_ST_MEM(sz, d, o, i)		KBPF_ST_MEM(sz, d, o, i)
#define BPF_ATOMIC_OP(sz, op, d, s, o)	KBPF_ATOMIC_OP(sz, op, d, s, o)
#define BPF_JMP_REG(op, d, s, o)	KBPF_JMP_REG(op, d, s, o)
#define BPF_JMP_IMM(op, d, i, o)	KBPF_JMP_IMM(op, d, i, o)
#define BPF_JMP32_REG(op, d, s, o)	KBPF_JMP32_REG(op, d, s, o)
#define BPF_JMP32_IMM(op, d, i, o)	KBPF_JMP32_IMM(op, d, i, o)
#define BPF_JMP_A(o)			KBPF_JMP_A(o)
#define BPF_CALL_REL(rel) \
	KBPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, rel)
#define BPF_EMIT_CALL(fn) \
	KBPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, (fn) - BPF_FUNC_unspec)
#define BPF_EXIT_INSN()			KBPF_EXIT_INSN()

#define BPF_REG_FP	BPF_REG_10

/*
 * Prologues test_verifier.c lends its tables. r0 = 0, r2 = skb->data with
 * 8 bytes checked against data_end (else return 0): 7 insns.
 */
#define BPF_DIRECT_PKT_R2						\
	BPF_MOV64_IMM(BPF_REG_0, 0),					\
	BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1,			\
		    offsetof(struct __sk_buff, data)),			\
	BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1,			\
		    offsetof(struct __sk_buff, data_end)),		\
	BPF_MOV64_REG(BPF_REG_4, BPF_REG_2),				\
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, 8),				\
	BPF_JMP_REG(BPF_JLE, BPF_REG_4, BPF_REG_3, 1),			\
	BPF_EXIT_INSN()
/* r7 = a random u32 below 2^31, zero-extended: 4 insns. */
#define BPF_RAND_UEXT_R7						\
	BPF_EMIT_CALL(BPF_FUNC_get_prandom_u32),			\
	BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),				\
	BPF_ALU64_IMM(BPF_LSH, BPF_REG_7, 33),				\
	BPF_ALU64_IMM(BPF_RSH, BPF_REG_7, 33)
/* r7 = a random negative s32, sign-extended: 5 insns. */
#define BPF_RAND_SEXT_R7						\
	BPF_EMIT_CALL(BPF_FUNC_get_prandom_u32),			\
	BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),				\
	BPF_ALU64_IMM(BPF_OR, BPF_REG_7, 0x80000000),			\
	BPF_ALU64_IMM(BPF_LSH, BPF_REG_7, 32),				\
	BPF_ALU64_IMM(BPF_ARSH, BPF_REG_7, 32)

/*
 * BTF for the tables that bring their own (callbacks' func_info). The
 * runner does not load it: Linux gets libkbpf's minimal func_info BTF,
 * kbpf none (README, "Deliberate differences"). The encoders only need
 * to produce non-zero words so that a table with BTF is recognised.
 */
#ifndef BTF_INT_SIGNED
#define BTF_INT_SIGNED			1
#endif
#define BTF_TYPE_INT_ENC(...)		1
#define BTF_PTR_ENC(...)		1
#define BTF_FUNC_PROTO_ENC(...)		1
#define BTF_FUNC_PROTO_ARG_ENC(...)	1
#define BTF_FUNC_ENC(...)		1
#define BTF_END_RAW			0

struct kfunc_btf_id_pair {
	const char *kfunc;
	int insn_idx;
};

enum lv_result { UNDEF, ACCEPT, REJECT, VERBOSE_ACCEPT };

/* A test run: its packet and the return values the table expects. */
#define LV_TESTDATA						\
	struct {						\
		uint32_t retval, retval_unpriv;			\
		union {						\
			__u8 data[TEST_DATA_LEN];		\
			__u64 data64[TEST_DATA_LEN / 8];	\
		};						\
	}

/* The fields of test_verifier.c's struct bpf_test that tables set. */
struct bpf_test {
	const char *descr;
	struct kbpf_insn insns[MAX_INSNS];
	struct kbpf_insn *fill_insns;
	struct kbpf_insn expected_insns[MAX_EXPECTED_INSNS];
	struct kbpf_insn unexpected_insns[MAX_EXPECTED_INSNS];
	int fixup_map_hash_8b[MAX_FIXUPS];
	int fixup_map_hash_48b[MAX_FIXUPS];
	int fixup_map_hash_16b[MAX_FIXUPS];
	int fixup_map_array_48b[MAX_FIXUPS];
	int fixup_map_sockmap[MAX_FIXUPS];
	int fixup_map_sockhash[MAX_FIXUPS];
	int fixup_map_xskmap[MAX_FIXUPS];
	int fixup_map_stacktrace[MAX_FIXUPS];
	int fixup_prog1[MAX_FIXUPS];
	int fixup_prog2[MAX_FIXUPS];
	int fixup_map_in_map[MAX_FIXUPS];
	int fixup_cgroup_storage[MAX_FIXUPS];
	int fixup_percpu_cgroup_storage[MAX_FIXUPS];
	int fixup_map_spin_lock[MAX_FIXUPS];
	int fixup_map_array_ro[MAX_FIXUPS];
	int fixup_map_array_wo[MAX_FIXUPS];
	int fixup_map_array_small[MAX_FIXUPS];
	int fixup_sk_storage_map[MAX_FIXUPS];
	int fixup_map_event_output[MAX_FIXUPS];
	int fixup_map_reuseport_array[MAX_FIXUPS];
	int fixup_map_ringbuf[MAX_FIXUPS];
	int fixup_map_timer[MAX_FIXUPS];
	int fixup_map_kptr[MAX_FIXUPS];
	struct kfunc_btf_id_pair fixup_kfunc_btf_id[MAX_FIXUPS];
	const char *errstr;
	const char *errstr_unpriv;
	uint32_t insn_processed;
	int prog_len;
	enum lv_result result, result_unpriv;
	enum bpf_prog_type prog_type;
	uint8_t flags;
	void (*fill_helper)(struct bpf_test *self);
	int runs;
	union {
		LV_TESTDATA;
		LV_TESTDATA retvals[MAX_TEST_RUNS];
	};
	enum bpf_attach_type expected_attach_type;
	const char *kfunc;
	struct bpf_func_info func_info[MAX_FUNC_INFOS];
	int func_info_cnt;
	char btf_strings[MAX_BTF_STRINGS];
	__u32 btf_types[MAX_BTF_TYPES];
};

/*
 * The generators of test_verifier.c's big programs (.fill_helper) are
 * Linux's code, not the tables': here they leave the case without a
 * program (prog_len 0), and the runner counts it as not run.
 */
void bpf_fill_ld_abs_vlan_push_pop(struct bpf_test *self);
void bpf_fill_jump_around_ld_abs(struct bpf_test *self);
void bpf_fill_rand_ld_dw(struct bpf_test *self);
void bpf_fill_scale(struct bpf_test *self);
void bpf_fill_torturous_jumps(struct bpf_test *self);
void bpf_fill_big_prog_with_loop_1(struct bpf_test *self);

/* One source file of tables. */
struct lv_file {
	const char *name;
	struct bpf_test *tests;
	unsigned int cnt;
};

extern const struct lv_file lv_files[];
extern const unsigned int lv_nr_files;

#endif /* LV_COMPAT_H */
