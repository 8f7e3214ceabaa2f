// SPDX-License-Identifier: GPL-2.0
/*
 * PROG_LOAD as Linux 6.12's bpf_prog_load() (kernel/bpf/syscall.c) and the
 * structural part of bpf_check() (kernel/bpf/verifier.c, kernel/bpf/log.c):
 * - attr, in this order: unknown prog_flags -EINVAL; insn_cnt 0 or above
 *   1M -E2BIG; expected_attach_type on SYSCALL -EINVAL; insns, then the
 *   license, copied from user memory (-EFAULT); unknown type -EINVAL; a
 *   name of other than [A-Za-z0-9_.] or without NUL -EINVAL.
 * - the log (bpf_vlog_init()): buf and size together, a buf needs a
 *   level, level bits in BPF_LOG_MASK, size <= UINT_MAX >> 2 (-EINVAL); a
 *   level alone is fine. A log that does not fit is -ENOSPC, replacing
 *   the load's own result; log_true_size says what it needed and is
 *   written only when the caller's attr size covers it.
 * - structure, before any abstract interpretation: check_subprogs() (jump
 *   out of range, last insn), resolve_pseudo_ldimm64() (ld_imm64 form,
 *   map fds, fd_array, direct value access, LDX reserved fields, opcodes
 *   outside the instruction table), check_cfg() (unreachable insn, jump
 *   into a ld_imm64), check_attach_btf_id() (sleepable rules); then the
 *   reserved-field, register and helper checks do_check() makes on the
 *   first instruction it meets.
 * - the program holds its maps: a map whose fds are all closed lives on,
 *   by ID, until the program goes.
 * Every program that loads here is one Linux's verifier accepts; kbpf's
 * verifier (kmod/verifier/) checks each at PROG_LOAD as well.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kbpf_prog.h"

#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))

#define KBPF_LOG_SIZE	(64 * 1024)

/* The message Linux prints after every verification that got going. */
#define PROCESSED_0 \
	"processed 0 insns (limit 1000000) max_states_per_insn 0 " \
	"total_states 0 peak_states 0 mark_read 0\n"

/* A page no access reaches: copies from it fault. */
static void *fault_page(void)
{
	void *p = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		FAIL("mmap: %s", kbpf_errname(errno));
	return p;
}

static const struct kbpf_insn ret0[] = {
	KBPF_RET_IMM(0),
};

static int load_attr(union kbpf_attr *attr)
{
	return kbpf_sys(KBPF_PROG_LOAD, attr, sizeof(*attr));
}

TEST(prog_load_syscall_cloexec)
{
	int fd;

	fd = LOAD_SYSCALL(ret0);
	ASSERT_GT(fd, 2);
	ASSERT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 0);
	ASSERT_OK(close(fd));
}

TEST(prog_load_tracing_types)
{
	struct kbpf_load_opts opts = {
		.expected_attach_type = KBPF_TRACE_KPROBE_MULTI,
	};
	int fd;

	/* Root has CAP_PERFMON, which these types want besides CAP_BPF. */
	fd = LOAD_RAW_TP(ret0);
	ASSERT_OK(close(fd));
	fd = LOAD_PROG(KBPF_PROG_TYPE_KPROBE, ret0, 0);
	ASSERT_OK(close(fd));
	fd = LOAD_PROG_OPTS(KBPF_PROG_TYPE_KPROBE, ret0, &opts);
	ASSERT_OK(close(fd));
}

/*
 * can_be_sleepable(): any KPROBE program may be sleepable ("only for
 * uprobes" is left to attach time), whatever its expected_attach_type.
 */
TEST(prog_load_kprobe_sleepable)
{
	static const __u32 types[] = {
		0, KBPF_TRACE_KPROBE_MULTI, KBPF_TRACE_UPROBE_MULTI,
	};
	struct kbpf_load_opts opts = { .prog_flags = KBPF_F_SLEEPABLE };
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		opts.expected_attach_type = types[i];
		fd = LOAD_PROG_OPTS(KBPF_PROG_TYPE_KPROBE, ret0, &opts);
		ASSERT_OK(close(fd));
	}
}

TEST(prog_load_flags)
{
	static const __u32 bad[] = {
		1u << 8, 1u << 9, 1u << 15, 1u << 17, 1u << 31,
	};
	union kbpf_attr attr;
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		kbpf_prog_attr(&attr, KBPF_PROG_TYPE_SYSCALL, ret0,
			       ARRAY_SIZE(ret0), KBPF_F_SLEEPABLE | bad[i]);
		ASSERT_ERRNO(load_attr(&attr), EINVAL);
		/* Before insn_cnt. */
		attr.insn_cnt = 0;
		ASSERT_ERRNO(load_attr(&attr), EINVAL);
	}
	/* Known flags that change nothing for these programs. */
	fd = LOAD_PROG(KBPF_PROG_TYPE_SYSCALL, ret0,
		       KBPF_F_SLEEPABLE | KBPF_F_STRICT_ALIGNMENT |
		       KBPF_F_TEST_RND_HI32 | KBPF_F_TEST_STATE_FREQ |
		       KBPF_F_TEST_REG_INVARIANTS);
	ASSERT_OK(close(fd));
	fd = LOAD_PROG(KBPF_PROG_TYPE_RAW_TRACEPOINT, ret0,
		       KBPF_F_ANY_ALIGNMENT);
	ASSERT_OK(close(fd));
}

TEST(prog_load_insn_cnt)
{
	union kbpf_attr attr;

	kbpf_prog_attr(&attr, KBPF_PROG_TYPE_SYSCALL, ret0, 0,
		       KBPF_F_SLEEPABLE);
	ASSERT_ERRNO(load_attr(&attr), E2BIG);
	attr.insn_cnt = 1000001;
	ASSERT_ERRNO(load_attr(&attr), E2BIG);
	attr.insn_cnt = UINT_MAX;
	ASSERT_ERRNO(load_attr(&attr), E2BIG);
	/* One million is allowed: the copy of the insns fails instead. */
	attr.insn_cnt = 1000000;
	attr.insns = (__u64)(uintptr_t)fault_page();
	ASSERT_ERRNO(load_attr(&attr), EFAULT);
	/* insn_cnt 0 is E2BIG before the type is looked at. */
	attr.insn_cnt = 0;
	attr.prog_type = 1000;
	ASSERT_ERRNO(load_attr(&attr), E2BIG);
}

TEST(prog_load_expected_attach_type)
{
	union kbpf_attr attr;

	kbpf_prog_attr(&attr, KBPF_PROG_TYPE_SYSCALL, ret0,
		       ARRAY_SIZE(ret0), KBPF_F_SLEEPABLE);
	attr.expected_attach_type = 1;
	ASSERT_ERRNO(load_attr(&attr), EINVAL);
	/* bpf_prog_load_check_attach() comes before the copies. */
	attr.insns = (__u64)(uintptr_t)fault_page();
	ASSERT_ERRNO(load_attr(&attr), EINVAL);
	attr.expected_attach_type = 0;
	ASSERT_ERRNO(load_attr(&attr), EFAULT);
}

TEST(prog_load_type_unknown)
{
	static const __u32 types[] = { 0, 1000, 0x80000000u, UINT_MAX };
	union kbpf_attr attr;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		kbpf_prog_attr(&attr, types[i], ret0, ARRAY_SIZE(ret0), 0);
		ASSERT_ERRNO(load_attr(&attr), EINVAL);
		/* The insns are copied before the type is looked up. */
		attr.insns = (__u64)(uintptr_t)fault_page();
		ASSERT_ERRNO(load_attr(&attr), EFAULT);
	}
}

TEST(prog_load_name)
{
	static const char *const bad[] = {
		"bad-name", "sp ace", "slash/", "0123456789abcdef",
	};
	struct kbpf_load_opts opts = { .prog_flags = KBPF_F_SLEEPABLE };
	struct kbpf_prog_info info;
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		opts.name = bad[i];
		ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts,
				       EINVAL, NULL);
	}
	/* Fifteen characters and the NUL fill the field. */
	opts.name = "Good.name_12345";
	fd = LOAD_PROG_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts);
	kbpf_prog_info(fd, &info);
	ASSERT_STREQ(info.name, "Good.name_12345");
	ASSERT_OK(close(fd));
	opts.name = "";
	fd = LOAD_PROG_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts);
	ASSERT_OK(close(fd));
}

TEST(prog_load_bad_pointers)
{
	void *bad = fault_page();
	union kbpf_attr attr;

	kbpf_prog_attr(&attr, KBPF_PROG_TYPE_SYSCALL, NULL, ARRAY_SIZE(ret0),
		       KBPF_F_SLEEPABLE);
	ASSERT_ERRNO(load_attr(&attr), EFAULT);
	attr.insns = (__u64)(uintptr_t)bad;
	ASSERT_ERRNO(load_attr(&attr), EFAULT);

	attr.insns = (__u64)(uintptr_t)ret0;
	attr.license = 0;
	ASSERT_ERRNO(load_attr(&attr), EFAULT);
	attr.license = (__u64)(uintptr_t)bad;
	ASSERT_ERRNO(load_attr(&attr), EFAULT);
	/* The license is copied before the name is checked. */
	memcpy(attr.prog_name, "bad-name", 8);
	ASSERT_ERRNO(load_attr(&attr), EFAULT);
	attr.license = (__u64)(uintptr_t)"GPL";
	ASSERT_ERRNO(load_attr(&attr), EINVAL);
}

TEST(prog_load_log_attr)
{
	struct kbpf_load_opts opts = { .prog_flags = KBPF_F_SLEEPABLE };
	static char log[KBPF_LOG_SIZE];
	static const __u32 levels[] = {
		KBPF_LOG_LEVEL1, KBPF_LOG_LEVEL2, KBPF_LOG_STATS,
		KBPF_LOG_LEVEL1 | KBPF_LOG_FIXED,
		KBPF_LOG_LEVEL1 | KBPF_LOG_LEVEL2 | KBPF_LOG_STATS |
		KBPF_LOG_FIXED,
	};
	unsigned int i;
	int fd;

	/* A buffer without a size, a size without a buffer. */
	opts.log_level = KBPF_LOG_LEVEL1;
	opts.log_buf = log;
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       NULL);
	opts.log_buf = NULL;
	opts.log_size = sizeof(log);
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       NULL);
	/* A buffer needs a level. */
	opts.log_buf = log;
	opts.log_level = 0;
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       NULL);
	/* Level bits past BPF_LOG_MASK, with or without a buffer. */
	opts.log_level = 16;
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       NULL);
	opts.log_level = KBPF_LOG_LEVEL1 | 1u << 31;
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       NULL);
	opts.log_buf = NULL;
	opts.log_size = 0;
	opts.log_level = 16;
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       NULL);
	/* At most UINT_MAX >> 2 bytes. */
	opts.log_buf = log;
	opts.log_level = KBPF_LOG_LEVEL1;
	opts.log_size = (UINT_MAX >> 2) + 1;
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       NULL);

	/* A level alone asks for log_true_size only. */
	opts.log_buf = NULL;
	opts.log_size = 0;
	fd = LOAD_PROG_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts);
	ASSERT_OK(close(fd));
	/* Every valid level, with a buffer big enough. */
	for (i = 0; i < ARRAY_SIZE(levels); i++) {
		opts.log_buf = log;
		opts.log_size = sizeof(log);
		opts.log_level = levels[i];
		fd = LOAD_PROG_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts);
		ASSERT_OK(close(fd));
	}
}

/* SYSCALL without BPF_F_SLEEPABLE: a load that fails with a short log. */
static struct kbpf_load_opts not_sleepable(char *log, __u32 size,
					   __u32 level)
{
	struct kbpf_load_opts opts = {
		.log_level = level, .log_buf = log, .log_size = size,
	};

	return opts;
}

TEST(prog_load_log_true_size)
{
	static char full[KBPF_LOG_SIZE], log[KBPF_LOG_SIZE];
	struct kbpf_load_opts opts;
	__u32 need, size;
	size_t len;

	/* The level without a buffer: only the size needed. */
	opts = not_sleepable(NULL, 0, KBPF_LOG_LEVEL1);
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       NULL);
	need = opts.log_true_size;
	ASSERT_GT(need, 1);

	/* Exactly that much fits: the log and its NUL. */
	opts = not_sleepable(full, need, KBPF_LOG_LEVEL1);
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       "Syscall programs can only be sleepable\n");
	ASSERT_EQ(opts.log_true_size, need);
	len = strlen(full);
	ASSERT_EQ(len + 1, need);

	/*
	 * One byte less is -ENOSPC in place of -EINVAL, with the same
	 * log_true_size. The default (rotating) log keeps the end of the
	 * log, BPF_LOG_FIXED its start; both are NUL-terminated.
	 */
	for (size = need - 1; size >= 1; size = size > 8 ? size - 7 : size - 1) {
		memset(log, 'x', sizeof(log));
		opts = not_sleepable(log, size, KBPF_LOG_LEVEL1);
		ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts,
				       ENOSPC, NULL);
		ASSERT_EQ(opts.log_true_size, need);
		ASSERT_STREQ(log, full + (need - size));
		ASSERT_EQ(log[size], 'x');

		memset(log, 'x', sizeof(log));
		opts = not_sleepable(log, size,
				     KBPF_LOG_LEVEL1 | KBPF_LOG_FIXED);
		ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts,
				       ENOSPC, NULL);
		ASSERT_EQ(opts.log_true_size, need);
		ASSERT_EQ(strlen(log), size - 1);
		ASSERT_MEMEQ(log, full, size - 1);
		ASSERT_EQ(log[size], 'x');
	}
}

TEST(prog_load_log_true_size_attr_size)
{
	static char log[KBPF_LOG_SIZE];
	struct kbpf_load_opts opts;

	/* An attr that ends before log_true_size does not get it. */
	opts = not_sleepable(log, sizeof(log), KBPF_LOG_LEVEL1);
	opts.attr_size = offsetof(union kbpf_attr, log_true_size);
	opts.log_true_size = 0xdeadbeef;
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       "Syscall programs can only be sleepable\n");
	ASSERT_EQ(opts.log_true_size, 0xdeadbeef);

	opts = not_sleepable(log, sizeof(log), KBPF_LOG_LEVEL1);
	opts.attr_size = offsetofend(union kbpf_attr, log_true_size);
	opts.log_true_size = 0xdeadbeef;
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       "Syscall programs can only be sleepable\n");
	ASSERT_EQ(opts.log_true_size, strlen(log) + 1);

	/* Without a level it is written as 0. */
	opts = not_sleepable(NULL, 0, 0);
	opts.log_true_size = 0xdeadbeef;
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       NULL);
	ASSERT_EQ(opts.log_true_size, 0);
	/* Attr errors before the verifier leave it alone. */
	opts.log_true_size = 0xdeadbeef;
	opts.name = "bad-name";
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       NULL);
	ASSERT_EQ(opts.log_true_size, 0xdeadbeef);
}

/*
 * print_verification_stats(): every verification that got past the log
 * setup ends its level-1 log with the "processed" line, a structural
 * failure included (nothing was processed then).
 */
TEST(prog_load_log_processed_line)
{
	static char log[KBPF_LOG_SIZE];
	struct kbpf_load_opts opts;
	size_t len, tail = strlen(PROCESSED_0);
	int fd;

	opts = not_sleepable(log, sizeof(log), KBPF_LOG_LEVEL1);
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts, EINVAL,
			       "Syscall programs can only be sleepable\n");
	len = strlen(log);
	ASSERT_GE(len, tail);
	ASSERT_STREQ(log + len - tail, PROCESSED_0);
	ASSERT_EQ(opts.log_true_size, len + 1);

	/* A valid straight-line program: each insn processed once. */
	opts = not_sleepable(log, sizeof(log), KBPF_LOG_LEVEL1);
	opts.prog_flags = KBPF_F_SLEEPABLE;
	fd = LOAD_PROG_OPTS(KBPF_PROG_TYPE_SYSCALL, ret0, &opts);
	ASSERT_OK(close(fd));
	ASSERT_TRUE(strstr(log, "processed 2 insns (limit 1000000) "));
}

TEST(prog_load_sleepable_rules)
{
	ASSERT_LOAD_FAILS(KBPF_PROG_TYPE_SYSCALL, ret0, 0, EINVAL,
			  "Syscall programs can only be sleepable\n");
	ASSERT_LOAD_FAILS(KBPF_PROG_TYPE_RAW_TRACEPOINT, ret0,
			  KBPF_F_SLEEPABLE, EINVAL,
			  "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be sleepable\n");
}

/* One bad instruction in a program that is valid up to it. */
struct bad_insn_case {
	const char *what;
	struct kbpf_insn insns[4];
	__u32 cnt;
	int err;
	const char *msg;
};

static void check_cases(const struct bad_insn_case *c, unsigned int n)
{
	unsigned int i, bad = 0;

	for (i = 0; i < n; i++) {
		struct kbpf_load_opts opts = {};

		if (!kbpf_load_fails_check(c[i].what,
					   KBPF_PROG_TYPE_RAW_TRACEPOINT,
					   c[i].insns, c[i].cnt, &opts,
					   c[i].err, c[i].msg))
			bad++;
	}
	if (bad)
		FAIL("%u of %u loads went otherwise", bad, n);
}

#define RAW(code, dst, src, off, imm) KBPF_RAW_INSN(code, dst, src, off, imm)
#define BAD1(what, insn, msg) \
	{ what, { KBPF_MOV64_IMM(R0, 0), insn, KBPF_EXIT_INSN() }, 3, \
	  EINVAL, msg }

/* Codes outside bpf_opcode_in_insntable(): resolve_pseudo_ldimm64(). */
TEST(prog_load_unknown_opcode)
{
	static const struct bad_insn_case cases[] = {
		BAD1("ld mem", RAW(KBPF_LD | KBPF_MEM | KBPF_W, 0, 0, 0, 0),
		     "unknown opcode 60\n"),
		BAD1("ld imm w", RAW(KBPF_LD | KBPF_IMM | KBPF_W, 0, 0, 0, 0),
		     "unknown opcode 00\n"),
		BAD1("alu64 op 0xe0", RAW(KBPF_ALU64 | 0xe0, 0, 0, 0, 0),
		     "unknown opcode e7\n"),
		BAD1("alu op 0xf0 x", RAW(KBPF_ALU | 0xf0 | KBPF_X, 0, 0, 0, 0),
		     "unknown opcode fc\n"),
		BAD1("alu64 neg x", RAW(KBPF_ALU64 | KBPF_NEG | KBPF_X, 0, 0,
					0, 0),
		     "unknown opcode 8f\n"),
		BAD1("alu64 end to_be", RAW(KBPF_ALU64 | KBPF_END | KBPF_TO_BE,
					    0, 0, 0, 16),
		     "unknown opcode df\n"),
		BAD1("jmp op 0xf0", RAW(KBPF_JMP | 0xf0, 0, 0, 0, 0),
		     "unknown opcode f5\n"),
		BAD1("jmp call x", RAW(KBPF_JMP | KBPF_CALL | KBPF_X, 0, 0, 0,
				       KBPF_FUNC_ktime_get_ns),
		     "unknown opcode 8d\n"),
		BAD1("jmp ja x", RAW(KBPF_JMP | KBPF_JA | KBPF_X, 0, 0, 0, 0),
		     "unknown opcode 0d\n"),
		BAD1("jmp32 call", RAW(KBPF_JMP32 | KBPF_CALL, 0, 0, 0,
				       KBPF_FUNC_ktime_get_ns),
		     "unknown opcode 86\n"),
		BAD1("jmp32 exit", RAW(KBPF_JMP32 | KBPF_EXIT, 0, 0, 0, 0),
		     "unknown opcode 96\n"),
		BAD1("ldx memsx dw", RAW(KBPF_LDX | KBPF_MEMSX | KBPF_DW, 0, 10,
					 -8, 0),
		     "unknown opcode 99\n"),
		BAD1("stx atomic b", RAW(KBPF_STX | KBPF_ATOMIC | KBPF_B, 10, 0,
					 -8, KBPF_ADD),
		     "unknown opcode d3\n"),
		BAD1("st atomic dw", RAW(KBPF_ST | KBPF_ATOMIC | KBPF_DW, 10, 0,
					 -8, KBPF_ADD),
		     "unknown opcode da\n"),
		BAD1("st memsx", RAW(KBPF_ST | KBPF_MEMSX | KBPF_W, 10, 0, -8, 0),
		     "unknown opcode 82\n"),
	};

	check_cases(cases, ARRAY_SIZE(cases));
}

/* Instruction fields an opcode does not use must be zero. */
TEST(prog_load_reserved_fields)
{
	static const struct bad_insn_case cases[] = {
		BAD1("add k src_reg", RAW(KBPF_ALU64 | KBPF_ADD | KBPF_K, 0, 1,
					  0, 1),
		     "BPF_ALU uses reserved fields\n"),
		BAD1("add x imm", RAW(KBPF_ALU64 | KBPF_ADD | KBPF_X, 0, 0, 0,
				      1),
		     "BPF_ALU uses reserved fields\n"),
		BAD1("add k off 1", RAW(KBPF_ALU64 | KBPF_ADD | KBPF_K, 0, 0, 1,
					1),
		     "BPF_ALU uses reserved fields\n"),
		BAD1("div32 k off 2", RAW(KBPF_ALU | KBPF_DIV | KBPF_K, 0, 0, 2,
					  1),
		     "BPF_ALU uses reserved fields\n"),
		BAD1("mov k off", RAW(KBPF_ALU64 | KBPF_MOV | KBPF_K, 0, 0, 1,
				      1),
		     "BPF_MOV uses reserved fields\n"),
		BAD1("mov x imm", RAW(KBPF_ALU64 | KBPF_MOV | KBPF_X, 0, 0, 0,
				      1),
		     "BPF_MOV uses reserved fields\n"),
		BAD1("mov32 x off 32", RAW(KBPF_ALU | KBPF_MOV | KBPF_X, 0, 0,
					   32, 0),
		     "BPF_MOV uses reserved fields\n"),
		BAD1("neg imm", RAW(KBPF_ALU64 | KBPF_NEG, 0, 0, 0, 1),
		     "BPF_NEG uses reserved fields\n"),
		BAD1("end imm 8", RAW(KBPF_ALU | KBPF_END | KBPF_TO_LE, 0, 0, 0,
				      8),
		     "BPF_END uses reserved fields\n"),
		BAD1("ldx imm", RAW(KBPF_LDX | KBPF_MEM | KBPF_DW, 1, 10, -8, 1),
		     "BPF_LDX uses reserved fields\n"),
		BAD1("stx imm", RAW(KBPF_STX | KBPF_MEM | KBPF_DW, 10, 0, -8, 1),
		     "BPF_STX uses reserved fields\n"),
		BAD1("st src_reg", RAW(KBPF_ST | KBPF_MEM | KBPF_DW, 10, 1, -8,
				       1),
		     "BPF_ST uses reserved fields\n"),
		BAD1("call off", RAW(KBPF_JMP | KBPF_CALL, 0, 0, 1,
				     KBPF_FUNC_ktime_get_ns),
		     "BPF_CALL uses reserved fields\n"),
		BAD1("call dst_reg", RAW(KBPF_JMP | KBPF_CALL, 1, 0, 0,
					 KBPF_FUNC_ktime_get_ns),
		     "BPF_CALL uses reserved fields\n"),
		BAD1("ja imm", RAW(KBPF_JMP | KBPF_JA, 0, 0, 0, 1),
		     "BPF_JA uses reserved fields\n"),
		BAD1("ja32 off", RAW(KBPF_JMP32 | KBPF_JA, 0, 0, 1, 0),
		     "BPF_JA uses reserved fields\n"),
		BAD1("jeq k src_reg", RAW(KBPF_JMP | KBPF_JEQ | KBPF_K, 0, 1, 0,
					  0),
		     "BPF_JMP/JMP32 uses reserved fields\n"),
		BAD1("jeq32 x imm", RAW(KBPF_JMP32 | KBPF_JEQ | KBPF_X, 0, 0, 0,
					1),
		     "BPF_JMP/JMP32 uses reserved fields\n"),
		{ "exit imm", { KBPF_MOV64_IMM(R0, 0),
				RAW(KBPF_JMP | KBPF_EXIT, 0, 0, 0, 1) }, 2,
		  EINVAL, "BPF_EXIT uses reserved fields\n" },
		{ "exit dst_reg", { KBPF_MOV64_IMM(R0, 0),
				    RAW(KBPF_JMP | KBPF_EXIT, 1, 0, 0, 0) }, 2,
		  EINVAL, "BPF_EXIT uses reserved fields\n" },
		{ "ld_imm64 off", { KBPF_RAW_INSN(KBPF_LD | KBPF_IMM | KBPF_DW,
						  0, 0, 1, 0),
				    KBPF_LD_IMM64_2(0), KBPF_EXIT_INSN() }, 3,
		  EINVAL, "BPF_LD_IMM64 uses reserved fields\n" },
	};

	check_cases(cases, ARRAY_SIZE(cases));
}

TEST(prog_load_registers)
{
	static const struct bad_insn_case cases[] = {
		BAD1("dst r11", KBPF_MOV64_IMM(11, 0), "R11 is invalid\n"),
		BAD1("src r11", KBPF_MOV64_REG(R0, 11), "R11 is invalid\n"),
		BAD1("dst r15", KBPF_ALU64_IMM(KBPF_ADD, 15, 1),
		     "R15 is invalid\n"),
		{ "mov r10", { KBPF_MOV64_IMM(R10, 0), KBPF_RET_IMM(0) }, 3,
		  EACCES, "frame pointer is read only\n" },
		{ "add r10", { KBPF_ALU64_IMM(KBPF_ADD, R10, -8),
			       KBPF_RET_IMM(0) }, 3,
		  EACCES, "frame pointer is read only\n" },
		{ "mov32 r10", { KBPF_MOV32_REG(R10, R1), KBPF_RET_IMM(0) }, 3,
		  EACCES, "frame pointer is read only\n" },
	};

	check_cases(cases, ARRAY_SIZE(cases));
}

TEST(prog_load_control_flow)
{
	static const struct bad_insn_case cases[] = {
		{ "jump past the end", {
			KBPF_MOV64_IMM(R0, 0),
			KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 5),
			KBPF_EXIT_INSN() }, 3,
		  EINVAL, "jump out of range from insn 1 to 7\n" },
		{ "jump before the start", {
			KBPF_JMP_A(-3), KBPF_RET_IMM(0) }, 3,
		  EINVAL, "jump out of range from insn 0 to -2\n" },
		{ "cond jump before the start", {
			KBPF_MOV64_IMM(R0, 0),
			KBPF_JMP_IMM(KBPF_JEQ, R0, 0, -5),
			KBPF_EXIT_INSN() }, 3,
		  EINVAL, "jump out of range from insn 1 to -3\n" },
		{ "gotol past the end", {
			KBPF_MOV64_IMM(R0, 0), KBPF_JMP32_A(1),
			KBPF_EXIT_INSN() }, 3,
		  EINVAL, "jump out of range from insn 1 to 3\n" },
		{ "unreachable", {
			KBPF_RET_IMM(0), KBPF_RET_IMM(1) }, 4,
		  EINVAL, "unreachable insn 2\n" },
		{ "no exit", { KBPF_MOV64_IMM(R0, 0) }, 1,
		  EINVAL, "last insn is not an exit or jmp\n" },
		{ "cond jump last", {
			KBPF_MOV64_IMM(R0, 0),
			KBPF_JMP_IMM(KBPF_JEQ, R0, 0, -1) }, 2,
		  EINVAL, "last insn is not an exit or jmp\n" },
		/* check_subprogs() looks at the last insn before the CFG. */
		{ "unreachable last", {
			KBPF_RET_IMM(0), KBPF_MOV64_IMM(R0, 1) }, 3,
		  EINVAL, "last insn is not an exit or jmp\n" },
		/* check_cfg() names the ld_imm64's first slot. */
		{ "into ld_imm64", {
			KBPF_JMP_IMM(KBPF_JEQ, R1, 0, 1),
			KBPF_LD_IMM64(R0, 0),
			KBPF_EXIT_INSN() }, 4,
		  EINVAL, "jump into the middle of ldimm64 insn 1\n" },
	};

	check_cases(cases, ARRAY_SIZE(cases));
}

TEST(prog_load_subprog_structure)
{
	static const struct bad_insn_case cases[] = {
		{ "jump into a subprog", {
			KBPF_CALL_REL(1),
			KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 1),
			KBPF_EXIT_INSN(),
			KBPF_EXIT_INSN() }, 4,
		  EINVAL, "jump out of range from insn 1 to 3\n" },
		{ "main falls into a subprog", {
			KBPF_CALL_REL(1),
			KBPF_MOV64_IMM(R0, 0),
			KBPF_RET_IMM(1) }, 4,
		  EINVAL, "last insn is not an exit or jmp\n" },
		{ "subprog falls off the end", {
			KBPF_CALL_REL(1),
			KBPF_EXIT_INSN(),
			KBPF_MOV64_IMM(R0, 1) }, 3,
		  EINVAL, "last insn is not an exit or jmp\n" },
		{ "call past the end", {
			KBPF_CALL_REL(5), KBPF_EXIT_INSN() }, 2,
		  EINVAL, "call to invalid destination\n" },
	};

	check_cases(cases, ARRAY_SIZE(cases));
}

TEST(prog_load_last_insn_ja)
{
	/* A subprogram may end in an unconditional jump back. */
	static const struct kbpf_insn insns[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_JMP_IMM(KBPF_JEQ, R1, 0, 1),
		KBPF_EXIT_INSN(),
		KBPF_JMP_A(-2),
	};
	int fd;

	fd = LOAD_RAW_TP(insns);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 0);
	ASSERT_OK(close(fd));
}

TEST(prog_load_helper_ids)
{
	static const struct bad_insn_case cases[] = {
		{ "helper 1000000", {
			KBPF_CALL_HELPER(1000000), KBPF_EXIT_INSN() }, 2,
		  EINVAL, "invalid func unknown#1000000\n" },
		{ "helper -1", {
			KBPF_CALL_HELPER(-1), KBPF_EXIT_INSN() }, 2,
		  EINVAL, "invalid func unknown#-1\n" },
		{ "helper __BPF_FUNC_MAX_ID", {
			KBPF_CALL_HELPER(__KBPF_FUNC_MAX_ID),
			KBPF_EXIT_INSN() }, 2,
		  EINVAL, "invalid func unknown#212\n" },
	};

	check_cases(cases, ARRAY_SIZE(cases));
}

TEST(prog_load_gpl_only_helper)
{
	/* bpf_probe_read_kernel(fp - 8, 8, NULL) is gpl_only. */
	static const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_probe_read_kernel),
		KBPF_RET_IMM(0),
	};
	struct kbpf_load_opts opts = { .license = "Proprietary" };
	struct kbpf_prog_info info;
	int fd;

	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_RAW_TRACEPOINT, insns, &opts,
			       EINVAL,
			       "cannot call GPL-restricted function from non-GPL compatible program\n");
	opts.license = "";
	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_RAW_TRACEPOINT, insns, &opts,
			       EINVAL,
			       "cannot call GPL-restricted function from non-GPL compatible program\n");
	opts.license = "Dual BSD/GPL";
	fd = LOAD_PROG_OPTS(KBPF_PROG_TYPE_RAW_TRACEPOINT, insns, &opts);
	kbpf_prog_info(fd, &info);
	ASSERT_EQ(info.gpl_compatible, 1);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 0);
	ASSERT_OK(close(fd));
	/* A non-GPL program may use the other helpers. */
	opts.license = "Proprietary";
	fd = LOAD_PROG_OPTS(KBPF_PROG_TYPE_RAW_TRACEPOINT, ret0, &opts);
	kbpf_prog_info(fd, &info);
	ASSERT_EQ(info.gpl_compatible, 0);
	ASSERT_OK(close(fd));
}

TEST(prog_load_ld_imm64_form)
{
	int map = ASSERT_OK(kbpf_array_create(8, 1));
	const struct bad_insn_case cases[] = {
		{ "first slot last", {
			KBPF_MOV64_IMM(R0, 0), KBPF_EXIT_INSN(),
			KBPF_LD_IMM64_1(R0, 0, 0) }, 3,
		  EINVAL, "last insn is not an exit or jmp\n" },
		{ "second slot not zero code", {
			KBPF_LD_IMM64_1(R0, 0, 0), KBPF_EXIT_INSN() }, 2,
		  EINVAL, "invalid bpf_ld_imm64 insn\n" },
		{ "second slot dst_reg", {
			KBPF_LD_IMM64_1(R0, 0, 0), KBPF_RAW_INSN(0, 1, 0, 0, 0),
			KBPF_EXIT_INSN() }, 3,
		  EINVAL, "invalid bpf_ld_imm64 insn\n" },
		{ "second slot off", {
			KBPF_LD_IMM64_1(R0, 0, 0), KBPF_RAW_INSN(0, 0, 0, 1, 0),
			KBPF_EXIT_INSN() }, 3,
		  EINVAL, "invalid bpf_ld_imm64 insn\n" },
		{ "pseudo 7", {
			KBPF_LD_IMM64_1(R0, 7, 0), KBPF_LD_IMM64_2(0),
			KBPF_EXIT_INSN() }, 3,
		  EINVAL, "unrecognized bpf_ld_imm64 insn\n" },
		{ "map fd with a second imm", {
			KBPF_LD_IMM64_1(R0, KBPF_PSEUDO_MAP_FD, map),
			KBPF_RAW_INSN(0, 0, 0, 0, 1),
			KBPF_RET_IMM(0) }, 4,
		  EINVAL, "unrecognized bpf_ld_imm64 insn\n" },
		{ "map idx with a second imm", {
			KBPF_LD_IMM64_1(R0, KBPF_PSEUDO_MAP_IDX, 0),
			KBPF_RAW_INSN(0, 0, 0, 0, 1),
			KBPF_RET_IMM(0) }, 4,
		  EINVAL, "unrecognized bpf_ld_imm64 insn\n" },
	};

	check_cases(cases, ARRAY_SIZE(cases));
}

TEST(prog_load_map_fd_bad)
{
	int map = ASSERT_OK(kbpf_array_create(8, 1));
	int devnull = ASSERT_OK(open("/dev/null", O_RDONLY | O_CLOEXEC));
	int prog = LOAD_SYSCALL(ret0), unused = 9999;
	char msg[3][64];
	const struct bad_insn_case cases[] = {
		{ "closed fd", {
			KBPF_LD_MAP_FD(R1, unused), KBPF_RET_IMM(0) }, 4,
		  EBADF, msg[0] },
		{ "not a map", {
			KBPF_LD_MAP_FD(R1, devnull), KBPF_RET_IMM(0) }, 4,
		  EINVAL, msg[1] },
		{ "a program", {
			KBPF_LD_MAP_VALUE(R1, prog, 0), KBPF_RET_IMM(0) }, 4,
		  EINVAL, msg[2] },
	};

	ASSERT_EQ(fcntl(unused, F_GETFD), -1);
	snprintf(msg[0], sizeof(msg[0]),
		 "fd %d is not pointing to valid bpf_map\n", unused);
	snprintf(msg[1], sizeof(msg[1]),
		 "fd %d is not pointing to valid bpf_map\n", devnull);
	snprintf(msg[2], sizeof(msg[2]),
		 "fd %d is not pointing to valid bpf_map\n", prog);
	check_cases(cases, ARRAY_SIZE(cases));
	/* The good fd loads. */
	{
		const struct kbpf_insn ok[] = {
			KBPF_LD_MAP_FD(R1, map), KBPF_RET_IMM(0),
		};

		ASSERT_OK(close(LOAD_RAW_TP(ok)));
	}
}

TEST(prog_load_fd_array_missing)
{
	static const struct bad_insn_case cases[] = {
		{ "map idx", {
			KBPF_LD_MAP_IDX(R1, 0), KBPF_RET_IMM(0) }, 4,
		  EPROTO, "fd_idx without fd_array is invalid\n" },
		{ "map idx value", {
			KBPF_LD_MAP_IDX_VALUE(R1, 0, 0), KBPF_RET_IMM(0) }, 4,
		  EPROTO, "fd_idx without fd_array is invalid\n" },
	};

	check_cases(cases, ARRAY_SIZE(cases));
}

TEST(prog_load_map_value_bad)
{
	int one = ASSERT_OK(kbpf_array_create(16, 1));
	int two = ASSERT_OK(kbpf_array_create(16, 2));
	const struct bad_insn_case cases[] = {
		{ "offset at value_size", {
			KBPF_LD_MAP_VALUE(R1, one, 16), KBPF_RET_IMM(0) }, 4,
		  EINVAL,
		  "invalid access to map value pointer, value_size=16 off=16\n" },
		{ "two elements", {
			KBPF_LD_MAP_VALUE(R1, two, 0), KBPF_RET_IMM(0) }, 4,
		  ENOTSUPP,
		  "invalid access to map value pointer, value_size=16 off=0\n" },
		{ "offset 1 << 29", {
			KBPF_LD_MAP_VALUE(R1, one, 1 << 29),
			KBPF_RET_IMM(0) }, 4,
		  EINVAL, "direct value offset of 536870912 is not allowed\n" },
	};

	check_cases(cases, ARRAY_SIZE(cases));
}

/* *(u64 *)map[key 0] = @val via bpf_map_update_elem(); returns its result. */
#define UPDATE_KEY0(ld_map, val)					\
	KBPF_ST_MEM(KBPF_W, R10, -4, 0),				\
	KBPF_LD_IMM64(R1, val),						\
	KBPF_STX_MEM(KBPF_DW, R10, R1, -16),				\
	ld_map,								\
	KBPF_MOV64_REG(R2, R10),					\
	KBPF_ALU64_IMM(KBPF_ADD, R2, -4),				\
	KBPF_MOV64_REG(R3, R10),					\
	KBPF_ALU64_IMM(KBPF_ADD, R3, -16),				\
	KBPF_MOV64_IMM(R4, KBPF_ANY),					\
	KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem)

static __u64 lookup_u64(int map, __u32 key)
{
	__u64 val = 0;

	ASSERT_OK(kbpf_map_lookup(map, &key, &val, 0));
	return val;
}

TEST(prog_load_map_fd)
{
	int map = ASSERT_OK(kbpf_array_create(8, 2));
	const struct kbpf_insn insns[] = {
		UPDATE_KEY0(KBPF_LD_MAP_FD(R1, map), 0x1122334455667788ULL),
		KBPF_EXIT_INSN(),
	};
	int fd;

	fd = LOAD_SYSCALL(insns);
	ASSERT_EQ(lookup_u64(map, 0), 0);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 0);
	ASSERT_EQ(lookup_u64(map, 0), 0x1122334455667788ULL);
	ASSERT_EQ(lookup_u64(map, 1), 0);
}

TEST(prog_load_fd_array)
{
	int map = ASSERT_OK(kbpf_array_create(8, 2));
	int one = ASSERT_OK(kbpf_array_create(16, 1));
	/* Only the entries the program names are read. */
	const int fd_array[] = { -1, map, 9999, one };
	const struct kbpf_insn insns[] = {
		UPDATE_KEY0(KBPF_LD_MAP_IDX(R1, 1), 0xa1a2a3a4a5a6a7a8ULL),
		KBPF_LD_MAP_IDX_VALUE(R1, 3, 8),
		KBPF_ST_MEM(KBPF_DW, R1, 0, 0x5a5a),
		KBPF_RET_IMM(0),
	};
	struct kbpf_load_opts opts = {
		.prog_flags = KBPF_F_SLEEPABLE, .fd_array = fd_array,
	};
	__u64 val[2];
	__u32 key = 0;
	int fd;

	fd = LOAD_PROG_OPTS(KBPF_PROG_TYPE_SYSCALL, insns, &opts);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 0);
	ASSERT_EQ(lookup_u64(map, 0), 0xa1a2a3a4a5a6a7a8ULL);
	ASSERT_OK(kbpf_map_lookup(one, &key, val, 0));
	ASSERT_EQ(val[0], 0);
	ASSERT_EQ(val[1], 0x5a5a);
}

TEST(prog_load_map_value)
{
	int map = ASSERT_OK(kbpf_array_create(16, 1));
	const struct kbpf_insn insns[] = {
		KBPF_LD_MAP_VALUE(R1, map, 8),
		KBPF_LD_IMM64(R2, 0xcafef00dbeefULL),
		KBPF_STX_MEM(KBPF_DW, R1, R2, 0),
		/* r0 = the value's first 4 bytes, as user space set them */
		KBPF_LD_MAP_VALUE(R1, map, 0),
		KBPF_LDX_MEM(KBPF_W, R0, R1, 0),
		KBPF_EXIT_INSN(),
	};
	__u64 val[2] = { 0x77, 0 };
	__u32 key = 0;
	int fd;

	fd = LOAD_SYSCALL(insns);
	ASSERT_OK(kbpf_map_update(map, &key, val, KBPF_ANY));
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 0x77);
	ASSERT_OK(kbpf_map_lookup(map, &key, val, 0));
	ASSERT_EQ(val[0], 0x77);
	ASSERT_EQ(val[1], 0xcafef00dbeefULL);
}

TEST(prog_load_multiple_maps)
{
	int a = ASSERT_OK(kbpf_array_create(8, 1));
	int b = ASSERT_OK(kbpf_array_create(8, 1));
	int c = ASSERT_OK(kbpf_array_create(8, 4));
	const struct kbpf_insn insns[] = {
		KBPF_LD_MAP_VALUE(R1, a, 0),
		KBPF_ST_MEM(KBPF_DW, R1, 0, 1),
		KBPF_LD_MAP_VALUE(R1, b, 0),
		KBPF_ST_MEM(KBPF_DW, R1, 0, 2),
		UPDATE_KEY0(KBPF_LD_MAP_FD(R1, c), 3),
		/* a again: still one map for the program */
		KBPF_LD_MAP_VALUE(R1, a, 4),
		KBPF_ST_MEM(KBPF_W, R1, 0, 4),
		KBPF_RET_IMM(0),
	};
	int fd;

	fd = LOAD_SYSCALL(insns);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 0);
	ASSERT_EQ(lookup_u64(a, 0), 1 | 4ULL << 32);
	ASSERT_EQ(lookup_u64(b, 0), 2);
	ASSERT_EQ(lookup_u64(c, 0), 3);
	ASSERT_EQ(lookup_u64(c, 1), 0);
}

/* True once no map has @id: MAP_GET_FD_BY_ID says ENOENT. */
static bool map_id_gone(__u32 id)
{
	int fd = kbpf_map_fd_by_id(id, 0);

	if (fd >= 0) {
		close(fd);
		return false;
	}
	return errno == ENOENT;
}

static void check_prog_holds_map(__u32 type, __u32 flags)
{
	int map = ASSERT_OK(kbpf_array_create(8, 1));
	struct kbpf_load_opts opts = { .prog_flags = flags };
	const struct kbpf_insn insns[] = {
		KBPF_LD_MAP_VALUE(R1, map, 0),
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 0),
		KBPF_ALU64_IMM(KBPF_ADD, R0, 1),
		KBPF_STX_MEM(KBPF_DW, R1, R0, 0),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_map_info info;
	int prog, again;

	kbpf_map_info(map, &info);
	prog = LOAD_PROG_OPTS(type, insns, &opts);
	ASSERT_OK(close(map));

	/* The map lives on through the program... */
	ASSERT_EQ(RUN_PROG(prog, NULL, 0), 1);
	again = ASSERT_OK(kbpf_map_fd_by_id(info.id, 0));
	ASSERT_EQ(lookup_u64(again, 0), 1);
	ASSERT_OK(close(again));
	ASSERT_EQ(RUN_PROG(prog, NULL, 0), 2);
	again = ASSERT_OK(kbpf_map_fd_by_id(info.id, 0));
	ASSERT_EQ(lookup_u64(again, 0), 2);
	ASSERT_OK(close(again));

	/* ...and goes with it, after the grace periods. */
	ASSERT_OK(close(prog));
	if (!KBPF_POLL(map_id_gone(info.id), 20000))
		FAIL("map id %u still there 20 s after its program's fd closed",
		     info.id);
}

TEST(prog_load_prog_holds_maps)
{
	check_prog_holds_map(KBPF_PROG_TYPE_SYSCALL, KBPF_F_SLEEPABLE);
	check_prog_holds_map(KBPF_PROG_TYPE_RAW_TRACEPOINT, 0);
}

TEST(prog_load_failed_load_drops_maps)
{
	int map = ASSERT_OK(kbpf_array_create(8, 1));
	const struct kbpf_insn insns[] = {
		KBPF_LD_MAP_FD(R1, map),
		KBPF_RET_IMM(0),
		KBPF_RET_IMM(1),	/* unreachable */
	};
	struct kbpf_map_info info;

	kbpf_map_info(map, &info);
	ASSERT_LOAD_FAILS(KBPF_PROG_TYPE_RAW_TRACEPOINT, insns, 0, EINVAL,
			  "unreachable insn 4\n");
	ASSERT_OK(close(map));
	if (!KBPF_POLL(map_id_gone(info.id), 20000))
		FAIL("map id %u still there 20 s after a failed load", info.id);
}

/* check_map_prog_compatibility(): what a sleepable program may use. */
TEST(prog_load_sleepable_map_types)
{
	int progs = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4,
					   2, 0));
	int hash = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 2, 0));
	int percpu = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PERCPU_ARRAY, 4,
					    8, 2, 0));
	int lru = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_LRU_HASH, 4, 8, 2,
					 0));
	const struct kbpf_insn bad[] = {
		KBPF_LD_MAP_FD(R1, progs), KBPF_RET_IMM(0),
	};
	const struct kbpf_insn good[] = {
		KBPF_LD_MAP_FD(R1, hash), KBPF_LD_MAP_FD(R1, percpu),
		KBPF_LD_MAP_FD(R1, lru), KBPF_RET_IMM(0),
	};

	ASSERT_LOAD_FAILS(KBPF_PROG_TYPE_SYSCALL, bad, KBPF_F_SLEEPABLE,
			  EINVAL,
			  "Sleepable programs can only use array, hash, ringbuf and local storage maps\n");
	ASSERT_OK(close(LOAD_SYSCALL(good)));
	/* Non-sleepable programs may use a prog array. */
	ASSERT_OK(close(LOAD_RAW_TP(bad)));
}
