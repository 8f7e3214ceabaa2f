/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Program helpers for the selftests, on libkbpf (instructions: asm.h;
 * loads: bpf.h): PROG_LOAD with options (license, name, flags, fd_array,
 * verifier log), PROG_TEST_RUN, program info and IDs, and the program tag
 * computed in user space. Like kbpf_test.h's, the shorthands return as
 * bpf(2): -1 with errno.
 *
 * Callbacks (BPF_PSEUDO_FUNC) need BTF func_info on Linux (DESIGN §1):
 * against Linux, kbpf_prog_load_opts() gives the load libkbpf's minimal
 * BTF (btf.h: one static FUNC "int fN(void)" per subprogram) and
 * func_info for every subprogram. Against kbpf the BTF fields stay zero.
 */
#ifndef KBPF_PROG_H
#define KBPF_PROG_H

#include <stdbool.h>
#include <unistd.h>

#include "kbpf_test.h"
#include "tools/lib/kbpf/asm_regs.h"

/* Linux's log_level bits (include/linux/bpf_verifier.h). */
#define KBPF_LOG_LEVEL1		1
#define KBPF_LOG_LEVEL2		2
#define KBPF_LOG_STATS		4
#define KBPF_LOG_FIXED		8

/* Options of kbpf_prog_load_opts(); zero means the default. */
struct kbpf_load_opts {
	const char *license;		/* NULL: "GPL" */
	const char *name;		/* NULL: none; up to 16 bytes copied */
	__u32 prog_flags;
	__u32 expected_attach_type;
	const int *fd_array;
	__u32 log_level;
	char *log_buf;
	__u32 log_size;
	__u32 attr_size;		/* 0: sizeof(union kbpf_attr) */
	/* in: the value log_true_size holds in the attr; out: after */
	__u32 log_true_size;
	/* Linux: no BTF func_info even for a program with callbacks */
	bool no_func_info;
	/* Linux: BTF func_info even without callbacks (bpf-to-bpf calls) */
	bool func_info;
};

/* A union kbpf_attr for PROG_LOAD of @insns, license "GPL". */
void kbpf_prog_attr(union kbpf_attr *attr, __u32 type,
		    const struct kbpf_insn *insns, __u32 cnt, __u32 prog_flags);

/* PROG_LOAD; returns the fd, or -1 with errno as bpf(2). */
int kbpf_prog_load_opts(__u32 type, const struct kbpf_insn *insns, __u32 cnt,
			struct kbpf_load_opts *opts);
int kbpf_prog_load_flags(__u32 type, const struct kbpf_insn *insns,
			 __u32 cnt, __u32 prog_flags);

/*
 * LOAD_PROG*(): the load must succeed; on failure the test fails with the
 * errno and the verifier log. Evaluate to the fd.
 */
int __kbpf_load_ok(const char *file, int line, __u32 type,
		   const struct kbpf_insn *insns, __u32 cnt,
		   struct kbpf_load_opts *opts);
#define LOAD_PROG_OPTS(type, insns, opts) \
	__kbpf_load_ok(KBPF_FILE, __LINE__, type, insns, ARRAY_SIZE(insns), opts)
#define LOAD_PROG(type, insns, flags) ({				\
	struct kbpf_load_opts __o = { .prog_flags = (flags) };		\
	LOAD_PROG_OPTS(type, insns, &__o);				\
})
/* SYSCALL programs are always sleepable. */
#define LOAD_SYSCALL(insns) \
	LOAD_PROG(KBPF_PROG_TYPE_SYSCALL, insns, KBPF_F_SLEEPABLE)
#define LOAD_RAW_TP(insns)	LOAD_PROG(KBPF_PROG_TYPE_RAW_TRACEPOINT, insns, 0)

/*
 * Fifteen instructions to start a program that records the runs of the
 * test's process: r6 = ctx, r7 = the current tgid, r8 = key 0's value
 * of @map (u32 keys), whose first u64 the test set to its tgid; a run of
 * another process (or a miss) returns 0 there.
 */
#define THIS_TGID_VALUE(map)						\
	KBPF_MOV64_REG(R6, R1),						\
	KBPF_CALL_HELPER(KBPF_FUNC_get_current_pid_tgid),		\
	KBPF_ALU64_IMM(KBPF_RSH, R0, 32),				\
	KBPF_MOV64_REG(R7, R0),						\
	KBPF_ST_MEM(KBPF_W, R10, -4, 0),				\
	KBPF_MOV64_REG(R2, R10),					\
	KBPF_ALU64_IMM(KBPF_ADD, R2, -4),				\
	KBPF_LD_MAP_FD(R1, map),					\
	KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),			\
	KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 3),				\
	KBPF_MOV64_REG(R8, R0),						\
	KBPF_LDX_MEM(KBPF_DW, R1, R8, 0),				\
	KBPF_JMP_REG(KBPF_JEQ, R1, R7, 2),				\
	KBPF_MOV64_IMM(R0, 0),						\
	KBPF_EXIT_INSN()

/*
 * ASSERT_LOAD_FAILS*(): the load must fail with errno @err and, with
 * @msg non-NULL, a level-1 verifier log that contains @msg.
 */
void __kbpf_load_fails(const char *file, int line, __u32 type,
		       const struct kbpf_insn *insns, __u32 cnt,
		       struct kbpf_load_opts *opts, int err, const char *msg);
/* The same check, reported as diagnostics about @what: false on mismatch. */
bool kbpf_load_fails_check(const char *what, __u32 type,
			   const struct kbpf_insn *insns, __u32 cnt,
			   struct kbpf_load_opts *opts, int err,
			   const char *msg);
#define ASSERT_LOAD_FAILS_OPTS(type, insns, opts, err, msg)		\
	__kbpf_load_fails(KBPF_FILE, __LINE__, type, insns,		\
			  ARRAY_SIZE(insns), opts, err, msg)
#define ASSERT_LOAD_FAILS(type, insns, flags, err, msg) do {		\
	struct kbpf_load_opts __o = { .prog_flags = (flags) };		\
	ASSERT_LOAD_FAILS_OPTS(type, insns, &__o, err, msg);		\
} while (0)

/*
 * PROG_TEST_RUN of @fd with ctx_in = @ctx (@ctx_size bytes, both may be
 * 0); *retval (if non-NULL) gets test.retval. Returns as bpf(2).
 */
int kbpf_prog_test_run(int fd, void *ctx, __u32 ctx_size, __u32 *retval);
/* PROG_TEST_RUN with a caller-built attr. */
int kbpf_prog_test_run_attr(union kbpf_attr *attr);
/* RUN_PROG(): the run must succeed; evaluates to retval. */
__u32 __kbpf_run_ok(const char *file, int line, int fd, void *ctx,
		    __u32 ctx_size);
#define RUN_PROG(fd, ctx, ctx_size) \
	__kbpf_run_ok(KBPF_FILE, __LINE__, fd, ctx, ctx_size)

/* OBJ_GET_INFO_BY_FD into a zeroed struct kbpf_prog_info; fails the test
 * on error.
 */
void kbpf_prog_info(int fd, struct kbpf_prog_info *info);
/* The program as it runs (xlated), calloc()ed; *@len its length in
 * instructions. Fails the test on error.
 */
struct kbpf_insn *kbpf_prog_xlated(int fd, __u32 *len);
int kbpf_prog_next_id(__u32 start_id, __u32 *next_id);
int kbpf_prog_fd_by_id(__u32 id);

/* SHA-1 of @len bytes. */
void kbpf_sha1(const void *data, size_t len, __u8 digest[20]);
/*
 * Linux's program tag (bpf_prog_calc_tag()): the first 8 bytes of the
 * SHA-1 of the instructions with the imm of both slots of a MAP_FD or
 * MAP_VALUE ld_imm64 taken as zero.
 */
void kbpf_prog_tag(const struct kbpf_insn *insns, __u32 cnt,
		   __u8 tag[KBPF_TAG_SIZE]);

/* Poll @cond every 10 ms for at most @ms milliseconds; true once it holds. */
#define KBPF_POLL(cond, ms) ({						\
	bool __ok = false;						\
	int __i;							\
	for (__i = 0; __i <= (ms) / 10; __i++) {			\
		if (cond) {						\
			__ok = true;					\
			break;						\
		}							\
		usleep(10000);						\
	}								\
	__ok;								\
})

/*
 * LINK_CREATE of a kprobe_multi link: @syms or @addrs (the other NULL),
 * @cookies optional. Returns the link fd, or -1 with errno.
 */
int kbpf_link_kprobe_multi(int prog, const char *const *syms,
			   const __u64 *addrs, const __u64 *cookies, __u32 cnt,
			   __u32 flags);
/* LINK_CREATE of a uprobe_multi link on @path at file @offsets. */
int kbpf_link_uprobe_multi(int prog, const char *path, const __u64 *offsets,
			   const __u64 *cookies, __u32 cnt, __u32 flags,
			   __u32 pid);
/*
 * A user ring buffer drain that sums the first u64 of each sample:
 * sum = 0; n = user_ringbuf_drain(map, cb, &sum, @flags);
 * return n < 0 ? n : n * 1000 + sum; the callback returns @stop (1: one
 * sample per drain). SYSCALL programs are loaded sleepable.
 */
int kbpf_load_user_ringbuf_sum(int map, __u32 prog_type, int flags, int stop);
int kbpf_link_next_id(__u32 start_id, __u32 *next_id);
int kbpf_link_fd_by_id(__u32 id);

#endif /* KBPF_PROG_H */
