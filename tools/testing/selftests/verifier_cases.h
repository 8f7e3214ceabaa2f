/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verifier's differential corpus: tables of small programs, each with
 * the verdict, errno, log words and return value Linux 6.12 gives it as
 * root (allow_ptr_leaks, allow_uninit_stack, bypass_spec_v1/v4).
 * test_verifier.c loads every case on the current target and compares.
 *
 * Maps are fixtures: a ld_imm64 of KBPF_PSEUDO_MAP_FD or
 * KBPF_PSEUDO_MAP_VALUE whose imm is an enum vc_fixture is patched with
 * the fd of a map the runner creates for the case.
 */
#ifndef VERIFIER_CASES_H
#define VERIFIER_CASES_H

#include "kbpf_prog.h"

#define VC_MAX_INSNS	64

enum vc_fixture {
	VC_ARRAY = 1,		/* array, value_size 48, 4 entries */
	VC_HASH,		/* hash, key 8, value 16; key 1 holds {0x11, 0x22} */
	VC_RINGBUF,		/* ringbuf, 4096 * 4 bytes */
	VC_URINGBUF,		/* user ringbuf, 4096 * 4 bytes, empty */
	VC_PROG_ARRAY,		/* prog array, 4 entries, empty */
	VC_ARRAY_RO,		/* array as VC_ARRAY, BPF_F_RDONLY_PROG */
	VC_ARRAY_WO,		/* array as VC_ARRAY, BPF_F_WRONLY_PROG */
	VC_RODATA,		/* array, value 48, 1 entry "abc", RDONLY_PROG, frozen */
	VC_HASH4,		/* hash, key 4, value 8; key 7 holds 0x77 */
	VC_NR_FIXTURES,
};

/*
 * The privileges a case is loaded (and run) with. The fixtures are
 * created as root first; the load runs in a forked child that keeps only
 * these capabilities. Linux sets allow_ptr_leaks, bypass_spec_v1/v4 and
 * allow_uninit_stack from CAP_PERFMON, and needs CAP_PERFMON to load
 * KPROBE and RAW_TRACEPOINT programs.
 */
enum vc_level {
	VC_ROOT		= 1 << 0,	/* every capability */
	VC_BPF		= 1 << 1,	/* CAP_BPF alone */
	VC_PERFMON	= 1 << 2,	/* CAP_BPF + CAP_PERFMON, no CAP_SYS_ADMIN */
};

enum vc_verdict {
	VC_ACCEPT,
	VC_REJECT,
};

struct vc_case {
	const char *name;
	/* 0 means SYSCALL, always loaded with BPF_F_SLEEPABLE */
	__u32 prog_type;
	__u32 prog_flags;
	__u32 expected_attach_type;
	/* the enum vc_level bits to run the case at; 0 means VC_ROOT */
	unsigned int levels;
	enum vc_verdict verdict;
	/* errno of a rejection; 0 means EACCES */
	int err;
	/* a substring of Linux's level-1 log; NULL: not checked */
	const char *log;
	/* accepted: the PROG_TEST_RUN retval (SYSCALL, RAW_TRACEPOINT) */
	__u32 retval;
	bool no_run;
	/* 0: KBPF_LOG_LEVEL1; KBPF_LOG_STATS keeps a 1M-insn walk's log short */
	__u32 log_level;
	/* takes long (a 1M-insn walk): the per-case alarm is ten times longer */
	bool slow;
	/*
	 * thousands of rewritten instructions: Linux patches each rewrite in
	 * place, which takes tens of seconds under TCG; the alarm is ten
	 * times longer, but the case is not skipped where slow ones are
	 */
	bool big;
	/*
	 * A deliberate difference: with a reason, kbpf_verdict and kbpf_err
	 * replace verdict and err on the kbpf side (the log is not checked
	 * there).
	 */
	const char *kbpf_diff;
	enum vc_verdict kbpf_verdict;
	int kbpf_err;
	/* kbpf words its log differently: check the log on Linux only */
	bool kbpf_log_differs;
	/* a big program: fills @insns (room for VC_GEN_MAX), returns its length */
	unsigned int (*gen)(struct kbpf_insn *insns);
	struct kbpf_insn insns[VC_MAX_INSNS];
};

#define VC_GEN_MAX	(64 * 1024)

struct vc_table {
	const char *name;
	const struct vc_case *cases;
	unsigned int cnt;
};

extern const struct vc_table vc_alu_table;
extern const struct vc_table vc_jmp_table;
extern const struct vc_table vc_stack_table;
extern const struct vc_table vc_map_table;
extern const struct vc_table vc_ctx_table;
extern const struct vc_table vc_call_table;
extern const struct vc_table vc_ref_table;
extern const struct vc_table vc_loop_table;
extern const struct vc_table vc_callback_table;
extern const struct vc_table vc_dynptr_table;
extern const struct vc_table vc_prune_table;
extern const struct vc_table vc_holes_table;
extern const struct vc_table vc_spectre_table;
extern const struct vc_table vc_skb_table;
extern const struct vc_table vc_skb_attack_table;
extern const struct vc_table vc_review_table;
extern const struct vc_table vc_review_skb_table;
extern const struct vc_table vc_rules_table;
extern const struct vc_table vc_state_table;
extern const struct vc_table vc_jit_attack_table;
extern const struct vc_table vc_fastpath_table;

#define VC_TABLE(sym, tname, arr)					\
	const struct vc_table sym = {					\
		.name = tname, .cases = arr, .cnt = ARRAY_SIZE(arr),	\
	}

/* Short forms of tools/include/kbpf/insn.h for the tables. */
#define MOV64_IMM(d, i)		KBPF_MOV64_IMM(d, i)
#define MOV64_REG(d, s)		KBPF_MOV64_REG(d, s)
#define MOV32_IMM(d, i)		KBPF_MOV32_IMM(d, i)
#define MOV32_REG(d, s)		KBPF_MOV32_REG(d, s)
#define MOVSX64(d, s, bits)	KBPF_ALU64_REG_OFF(KBPF_MOV, d, s, bits)
#define MOVSX32(d, s, bits)	KBPF_ALU32_REG_OFF(KBPF_MOV, d, s, bits)
#define ALU64_IMM(op, d, i)	KBPF_ALU64_IMM(KBPF_##op, d, i)
#define ALU64_REG(op, d, s)	KBPF_ALU64_REG(KBPF_##op, d, s)
#define ALU32_IMM(op, d, i)	KBPF_ALU32_IMM(KBPF_##op, d, i)
#define ALU32_REG(op, d, s)	KBPF_ALU32_REG(KBPF_##op, d, s)
#define SDIV64_IMM(d, i)	KBPF_ALU64_IMM_OFF(KBPF_DIV, d, i, 1)
#define SMOD64_IMM(d, i)	KBPF_ALU64_IMM_OFF(KBPF_MOD, d, i, 1)
#define NEG64(d)		KBPF_ALU64_IMM(KBPF_NEG, d, 0)
#define NEG32(d)		KBPF_ALU32_IMM(KBPF_NEG, d, 0)
#define LDX(sz, d, s, o)	KBPF_LDX_MEM(KBPF_##sz, d, s, o)
#define LDXSX(sz, d, s, o)	KBPF_LDX_MEMSX(KBPF_##sz, d, s, o)
#define STX(sz, d, s, o)	KBPF_STX_MEM(KBPF_##sz, d, s, o)
#define ST(sz, d, o, i)		KBPF_ST_MEM(KBPF_##sz, d, o, i)
#define ATOMIC(sz, op, d, s, o)	KBPF_ATOMIC_OP(KBPF_##sz, op, d, s, o)
#define JMP_IMM(op, d, i, o)	KBPF_JMP_IMM(KBPF_##op, d, i, o)
#define JMP_REG(op, d, s, o)	KBPF_JMP_REG(KBPF_##op, d, s, o)
#define JMP32_IMM(op, d, i, o)	KBPF_JMP32_IMM(KBPF_##op, d, i, o)
#define JMP32_REG(op, d, s, o)	KBPF_JMP32_REG(KBPF_##op, d, s, o)
#define JA(o)			KBPF_JMP_A(o)
#define CALL(fn)		KBPF_CALL_HELPER(KBPF_FUNC_##fn)
#define CALL_REL(rel)		KBPF_CALL_REL(rel)
#define EXIT			KBPF_EXIT_INSN()
#define RET(i)			MOV64_IMM(R0, i), EXIT
#define LD_IMM64(d, v)		KBPF_LD_IMM64(d, v)
#define LD_MAP(d, fix)		KBPF_LD_MAP_FD(d, fix)
#define LD_MAP_VALUE(d, fix, off)	KBPF_LD_MAP_VALUE(d, fix, off)
#define LD_FUNC(d, rel)		KBPF_LD_FUNC(d, rel)

/* r2 = fp - 4 holding a u32 key @k (array maps). */
#define KEY32(k)							\
	ST(W, R10, -4, k), MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -4)
/* r2 = fp - 8 holding a u64 key @k (the hash map). */
#define KEY64(k)							\
	ST(DW, R10, -8, k), MOV64_REG(R2, R10), ALU64_IMM(ADD, R2, -8)
/* r0 = lookup(@fix, u32 key @k): 6 insns. */
#define LOOKUP32(fix, k)						\
	KEY32(k), LD_MAP(R1, fix), CALL(map_lookup_elem)
/* r0 = lookup(@fix, u64 key @k): 6 insns. */
#define LOOKUP64(fix, k)						\
	KEY64(k), LD_MAP(R1, fix), CALL(map_lookup_elem)
/* r0 = array element @k, or return @ret when NULL: 8 insns. */
#define LOOKUP_OR_RET(fix, k, ret)					\
	LOOKUP32(fix, k), JMP_IMM(JNE, R0, 0, 2), RET(ret)

/* r6 = &element 0 of VC_ARRAY (the program returns 0 when NULL): 9 insns. */
#define MAPVAL_R6	LOOKUP_OR_RET(VC_ARRAY, 0, 0), MOV64_REG(R6, R0)
/* r0 = *(u8 *)(r6 + r1); exit: with r6 from MAPVAL_R6, bounds r1 to [0, 47]. */
#define ACCESS_R6_R1	ALU64_REG(ADD, R6, R1), LDX(B, R0, R6, 0), EXIT
/* Code that must be dead: reading r9, never written, is "R9 !read_ok". */
#define DEAD		MOV64_REG(R0, R9), EXIT
#define DEAD_MSG	"R9 !read_ok"

#endif /* VERIFIER_CASES_H */
