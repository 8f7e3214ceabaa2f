// SPDX-License-Identifier: GPL-2.0
/*
 * PROG_TEST_RUN as Linux 6.12's bpf_prog_test_run() (kernel/bpf/syscall.c),
 * bpf_prog_test_run_syscall() and bpf_prog_test_run_raw_tp()
 * (net/bpf/test_run.c), and what programs compute when they run:
 * - any type: ctx_in and ctx_size_in together, ctx_out and ctx_size_out
 *   together (-EINVAL), before the fd is looked at (-EBADF, or -EINVAL for
 *   a file that is no program); a type without test_run (KPROBE) is
 *   -ENOTSUPP (524).
 * - SYSCALL: runs in the caller's context on a copy of ctx_in (at most
 *   65535 bytes) that is copied back; data_in, data_out, ctx_out, repeat,
 *   duration, flags and batch_size are -EINVAL; data_size_in/out and cpu
 *   are not looked at.
 * - RAW_TRACEPOINT: ctx of at most 12 u64, not copied back; data_in,
 *   data_out, ctx_out, duration, repeat and batch_size are -EINVAL; other
 *   flags than BPF_F_TEST_RUN_ON_CPU are ignored; a cpu needs that flag
 *   (-EINVAL) and must be online (-ENXIO).
 * - execution: map helpers, bpf-to-bpf calls, bpf_loop callbacks, tail
 *   calls, current-task helpers, and ALU/JMP corner cases (division by
 *   zero, signed division overflow, 32-bit zero extension, cpu v4).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kbpf_prog.h"

#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))

static const struct kbpf_insn ret0[] = {
	KBPF_RET_IMM(0),
};

static void test_attr(union kbpf_attr *attr, int fd, void *ctx, __u32 size)
{
	memset(attr, 0, sizeof(*attr));
	attr->test.prog_fd = fd;
	attr->test.ctx_in = (__u64)(uintptr_t)ctx;
	attr->test.ctx_size_in = size;
}

/* A page no access reaches: copies from it fault. */
static void *fault_page(void)
{
	void *p = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		FAIL("mmap: %s", kbpf_errname(errno));
	return p;
}

TEST(prog_run_syscall_retval)
{
	const struct kbpf_insn imm64[] = {
		KBPF_LD_IMM64(R0, 0x123456789abcdef0ULL),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn minus1[] = {
		KBPF_MOV32_IMM(R0, -1),
		KBPF_EXIT_INSN(),
	};
	union kbpf_attr attr;
	int fd;

	/* retval is r0's low 32 bits. */
	fd = LOAD_SYSCALL(imm64);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 0x9abcdef0);
	fd = LOAD_SYSCALL(minus1);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 0xffffffff);
	/* Nothing else in the attr changes. */
	test_attr(&attr, fd, NULL, 0);
	attr.test.data_size_in = 3;
	attr.test.data_size_out = 5;
	attr.test.ctx_size_out = 0;
	ASSERT_OK(kbpf_prog_test_run_attr(&attr));
	ASSERT_EQ(attr.test.retval, 0xffffffff);
	ASSERT_EQ(attr.test.data_size_in, 3);
	ASSERT_EQ(attr.test.data_size_out, 5);
	ASSERT_EQ(attr.test.duration, 0);
	ASSERT_EQ(attr.test.ctx_size_out, 0);
}

TEST(prog_run_syscall_ctx_copy_back)
{
	/* ctx[2] = ctx[0] * ctx[1]; (u32)ctx[3] = 0x55; return ctx[0] */
	static const struct kbpf_insn insns[] = {
		KBPF_LDX_MEM(KBPF_DW, R2, R1, 0),
		KBPF_LDX_MEM(KBPF_DW, R3, R1, 8),
		KBPF_MOV64_REG(R0, R2),
		KBPF_ALU64_REG(KBPF_MUL, R2, R3),
		KBPF_STX_MEM(KBPF_DW, R1, R2, 16),
		KBPF_ST_MEM(KBPF_W, R1, 24, 0x55),
		KBPF_EXIT_INSN(),
	};
	__u64 ctx[5] = { 6, 7, 0, ~0ULL, 0xabcd };
	int fd;

	fd = LOAD_SYSCALL(insns);
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 6);
	ASSERT_EQ(ctx[0], 6);
	ASSERT_EQ(ctx[1], 7);
	ASSERT_EQ(ctx[2], 42);
	ASSERT_EQ(ctx[3], 0xffffffff00000055ULL);
	ASSERT_EQ(ctx[4], 0xabcd);
	/* Each run starts from what the caller passes. */
	ctx[0] = 2;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 2);
	ASSERT_EQ(ctx[2], 14);
}

TEST(prog_run_syscall_ctx_size)
{
	/* (u64)ctx[32760] = 0x1122334455667788 */
	static const struct kbpf_insn insns[] = {
		KBPF_LD_IMM64(R2, 0x1122334455667788ULL),
		KBPF_STX_MEM(KBPF_DW, R1, R2, 32760),
		KBPF_RET_IMM(0),
	};
	unsigned char *ctx = malloc(65536), *want = malloc(65536);
	__u32 i, retval;
	int fd, plain;

	ASSERT_TRUE(ctx && want);
	for (i = 0; i < 65536; i++)
		ctx[i] = i * 7;
	memcpy(want, ctx, 65536);
	memcpy(want + 32760, &(__u64){ 0x1122334455667788ULL }, 8);

	fd = LOAD_SYSCALL(insns);
	ASSERT_ERRNO(kbpf_prog_test_run(fd, ctx, 65536, &retval), EINVAL);
	ASSERT_ERRNO(kbpf_prog_test_run(fd, ctx, UINT_MAX, &retval), EINVAL);
	/* All 65535 bytes go in and come back. */
	ASSERT_EQ(RUN_PROG(fd, ctx, 65535), 0);
	ASSERT_MEMEQ(ctx, want, 65535);
	ASSERT_EQ(ctx[65535], (unsigned char)(65535 * 7));

	/* A program that reads no ctx runs with or without one. */
	plain = LOAD_SYSCALL(ret0);
	ASSERT_EQ(RUN_PROG(plain, NULL, 0), 0);
	ASSERT_EQ(RUN_PROG(plain, ctx, 1), 0);
	ASSERT_EQ(RUN_PROG(plain, ctx, 65535), 0);
	ASSERT_ERRNO(kbpf_prog_test_run(plain, ctx, 65536, &retval), EINVAL);
	ASSERT_ERRNO(kbpf_prog_test_run(plain, fault_page(), 8, &retval),
		     EFAULT);
}

TEST(prog_run_ctx_pointer_and_size)
{
	int fds[2] = { LOAD_SYSCALL(ret0), LOAD_RAW_TP(ret0) };
	union kbpf_attr attr;
	__u64 ctx[2] = {};
	int i;

	for (i = 0; i < 2; i++) {
		test_attr(&attr, fds[i], ctx, 0);
		ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
		test_attr(&attr, fds[i], NULL, 8);
		ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
		test_attr(&attr, fds[i], NULL, 0);
		attr.test.ctx_out = (__u64)(uintptr_t)ctx;
		ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
		test_attr(&attr, fds[i], NULL, 0);
		attr.test.ctx_size_out = 8;
		ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
		/* Both, which the type then refuses. */
		attr.test.ctx_out = (__u64)(uintptr_t)ctx;
		ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
	}
}

TEST(prog_run_bad_fd)
{
	int map = ASSERT_OK(kbpf_array_create(8, 1));
	int devnull = ASSERT_OK(open("/dev/null", O_RDONLY | O_CLOEXEC));
	union kbpf_attr attr;
	__u64 ctx = 0;

	ASSERT_EQ(fcntl(9999, F_GETFD), -1);
	ASSERT_ERRNO(kbpf_prog_test_run(9999, NULL, 0, NULL), EBADF);
	ASSERT_ERRNO(kbpf_prog_test_run(-1, NULL, 0, NULL), EBADF);
	ASSERT_ERRNO(kbpf_prog_test_run(map, NULL, 0, NULL), EINVAL);
	ASSERT_ERRNO(kbpf_prog_test_run(devnull, NULL, 0, NULL), EINVAL);
	/* The ctx rules come first. */
	test_attr(&attr, 9999, &ctx, 0);
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
	/* Bytes past batch_size must be zero (CHECK_ATTR). */
	test_attr(&attr, LOAD_SYSCALL(ret0), NULL, 0);
	ASSERT_OK(kbpf_prog_test_run_attr(&attr));
	((char *)&attr)[offsetofend(union kbpf_attr, test.batch_size)] = 1;
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
}

TEST(prog_run_kprobe_enotsupp)
{
	int fd = LOAD_PROG(KBPF_PROG_TYPE_KPROBE, ret0, 0);
	union kbpf_attr attr;
	__u64 ctx[4] = {};

	ASSERT_ERRNO(kbpf_prog_test_run(fd, NULL, 0, NULL), ENOTSUPP);
	ASSERT_ERRNO(kbpf_prog_test_run(fd, ctx, sizeof(ctx), NULL),
		     ENOTSUPP);
	test_attr(&attr, fd, NULL, 0);
	attr.test.repeat = 10;
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), ENOTSUPP);
	/* The generic ctx checks still come first. */
	test_attr(&attr, fd, ctx, 0);
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
}

/* What SYSCALL and RAW_TRACEPOINT test runs both refuse. */
static void check_refused_fields(int fd)
{
	union kbpf_attr attr;
	char buf[16] = "";

	test_attr(&attr, fd, NULL, 0);
	attr.test.data_in = (__u64)(uintptr_t)buf;
	attr.test.data_size_in = sizeof(buf);
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
	test_attr(&attr, fd, NULL, 0);
	attr.test.data_in = (__u64)(uintptr_t)buf;
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
	test_attr(&attr, fd, NULL, 0);
	attr.test.data_out = (__u64)(uintptr_t)buf;
	attr.test.data_size_out = sizeof(buf);
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
	test_attr(&attr, fd, NULL, 0);
	attr.test.ctx_out = (__u64)(uintptr_t)buf;
	attr.test.ctx_size_out = sizeof(buf);
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
	test_attr(&attr, fd, NULL, 0);
	attr.test.repeat = 1;
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
	test_attr(&attr, fd, NULL, 0);
	attr.test.duration = 1;
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
	test_attr(&attr, fd, NULL, 0);
	attr.test.batch_size = 1;
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
	/* Sizes without their pointers are not looked at. */
	test_attr(&attr, fd, NULL, 0);
	attr.test.data_size_in = 100;
	attr.test.data_size_out = 100;
	ASSERT_OK(kbpf_prog_test_run_attr(&attr));
}

TEST(prog_run_syscall_refused_fields)
{
	int fd = LOAD_SYSCALL(ret0);
	union kbpf_attr attr;

	check_refused_fields(fd);
	/* Any flag, even BPF_F_TEST_RUN_ON_CPU. */
	test_attr(&attr, fd, NULL, 0);
	attr.test.flags = KBPF_F_TEST_RUN_ON_CPU;
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
	attr.test.flags = 1u << 31;
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
	/* cpu is not looked at. */
	test_attr(&attr, fd, NULL, 0);
	attr.test.cpu = 1000;
	ASSERT_OK(kbpf_prog_test_run_attr(&attr));
}

TEST(prog_run_raw_tp_refused_fields)
{
	int fd = LOAD_RAW_TP(ret0);
	union kbpf_attr attr;

	check_refused_fields(fd);
	/* A cpu without BPF_F_TEST_RUN_ON_CPU. */
	test_attr(&attr, fd, NULL, 0);
	attr.test.cpu = 1;
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
	/* Flags other than BPF_F_TEST_RUN_ON_CPU are not looked at. */
	test_attr(&attr, fd, NULL, 0);
	attr.test.flags = KBPF_F_TEST_XDP_LIVE_FRAMES | 1u << 31;
	ASSERT_OK(kbpf_prog_test_run_attr(&attr));
	attr.test.cpu = 1;
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), EINVAL);
}

TEST(prog_run_raw_tp_ctx)
{
	/* return the sum of twelve u64 arguments */
	static const struct kbpf_insn sum12[] = {
		KBPF_MOV64_IMM(R0, 0),
#define ADD_ARG(i)							\
		KBPF_LDX_MEM(KBPF_DW, R2, R1, 8 * (i)),			\
		KBPF_ALU64_REG(KBPF_ADD, R0, R2)
		ADD_ARG(0), ADD_ARG(1), ADD_ARG(2), ADD_ARG(3),
		ADD_ARG(4), ADD_ARG(5), ADD_ARG(6), ADD_ARG(7),
		ADD_ARG(8), ADD_ARG(9), ADD_ARG(10), ADD_ARG(11),
#undef ADD_ARG
		KBPF_EXIT_INSN(),
	};
	/* return args[0] >> 32 */
	static const struct kbpf_insn hi0[] = {
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 0),
		KBPF_ALU64_IMM(KBPF_RSH, R0, 32),
		KBPF_EXIT_INSN(),
	};
	__u64 ctx[13], want[13];
	int fd, i;

	for (i = 0; i < 13; i++)
		ctx[i] = i + 1;
	memcpy(want, ctx, sizeof(want));
	fd = LOAD_RAW_TP(sum12);
	ASSERT_EQ(RUN_PROG(fd, ctx, 12 * sizeof(__u64)), 78);
	/* No copy-back, and nothing past 96 bytes. */
	ASSERT_MEMEQ(ctx, want, sizeof(ctx));
	ASSERT_ERRNO(kbpf_prog_test_run(fd, ctx, 13 * sizeof(__u64), NULL),
		     EINVAL);
	ASSERT_ERRNO(kbpf_prog_test_run(fd, ctx, 97, NULL), EINVAL);

	fd = LOAD_RAW_TP(hi0);
	ctx[0] = 0xfeedULL << 32;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(__u64)), 0xfeed);
	ASSERT_EQ(RUN_PROG(fd, ctx, 12 * sizeof(__u64)), 0xfeed);
	fd = LOAD_RAW_TP(ret0);
	ASSERT_EQ(RUN_PROG(fd, ctx, 96), 0);
	ASSERT_ERRNO(kbpf_prog_test_run(fd, ctx, 104, NULL), EINVAL);
	ASSERT_ERRNO(kbpf_prog_test_run(fd, fault_page(), 8, NULL), EFAULT);
}

static __u32 run_on_cpu(int fd, __u32 cpu)
{
	union kbpf_attr attr;

	test_attr(&attr, fd, NULL, 0);
	attr.test.flags = KBPF_F_TEST_RUN_ON_CPU;
	attr.test.cpu = cpu;
	attr.test.retval = 0xdeadbeef;
	ASSERT_OK(kbpf_prog_test_run_attr(&attr));
	return attr.test.retval;
}

static void pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		FAIL("sched_setaffinity(%d): %s", cpu, kbpf_errname(errno));
}

TEST(prog_run_raw_tp_on_cpu)
{
	static const struct kbpf_insn cpu_id[] = {
		KBPF_CALL_HELPER(KBPF_FUNC_get_smp_processor_id),
		KBPF_EXIT_INSN(),
	};
	union kbpf_attr attr;
	int fd, i;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		SKIP("needs two online CPUs");
	fd = LOAD_RAW_TP(cpu_id);
	/* Called from CPU 0 and from CPU 1, for either CPU. */
	for (i = 0; i < 2; i++) {
		pin_to(i);
		ASSERT_EQ(RUN_PROG(fd, NULL, 0), i);
		ASSERT_EQ(run_on_cpu(fd, 1), 1);
		ASSERT_EQ(run_on_cpu(fd, 0), 0);
		ASSERT_EQ(run_on_cpu(fd, 1), 1);
	}
	/* A CPU that is not there. */
	test_attr(&attr, fd, NULL, 0);
	attr.test.flags = KBPF_F_TEST_RUN_ON_CPU;
	attr.test.cpu = 1000;
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), ENXIO);
	attr.test.cpu = INT_MAX;
	ASSERT_ERRNO(kbpf_prog_test_run_attr(&attr), ENXIO);
}

/*
 * r0 = lookup(@map, &key), key the u32 at ctx[0]; then two instructions
 * for a miss, which the hit jumps over.
 */
#define LOOKUP_CTX_KEY(map)						\
	KBPF_LDX_MEM(KBPF_W, R2, R1, 0),				\
	KBPF_STX_MEM(KBPF_W, R10, R2, -4),				\
	KBPF_LD_MAP_FD(R1, map),					\
	KBPF_MOV64_REG(R2, R10),					\
	KBPF_ALU64_IMM(KBPF_ADD, R2, -4),				\
	KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),			\
	KBPF_JMP_IMM(KBPF_JNE, R0, 0, 2)

static __u64 lookup_u64(int map, __u32 key)
{
	__u64 val = 0;

	ASSERT_OK(kbpf_map_lookup(map, &key, &val, 0));
	return val;
}

TEST(prog_run_map_helpers)
{
	int map = ASSERT_OK(kbpf_array_create(8, 2));
	/*
	 * v = lookup(map, &ctx->key); if (!v) return 0xffff;
	 * r6 = (*v)++; map[0] = r6 * 2 (update); return r6
	 */
	const struct kbpf_insn insns[] = {
		LOOKUP_CTX_KEY(map),
		KBPF_MOV64_IMM(R0, 0xffff),
		KBPF_EXIT_INSN(),
		KBPF_LDX_MEM(KBPF_DW, R6, R0, 0),
		KBPF_MOV64_REG(R1, R6),
		KBPF_ALU64_IMM(KBPF_ADD, R1, 1),
		KBPF_STX_MEM(KBPF_DW, R0, R1, 0),
		KBPF_MOV64_REG(R1, R6),
		KBPF_ALU64_IMM(KBPF_MUL, R1, 2),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -16),
		KBPF_ST_MEM(KBPF_W, R10, -4, 0),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -16),
		KBPF_MOV64_IMM(R4, KBPF_ANY),
		KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem),
		KBPF_MOV64_REG(R0, R6),
		KBPF_EXIT_INSN(),
	};
	__u32 key = 1, ctx;
	__u64 val = 1000;
	int fd;

	fd = LOAD_SYSCALL(insns);
	ASSERT_OK(kbpf_map_update(map, &key, &val, KBPF_ANY));
	ctx = 1;
	ASSERT_EQ(RUN_PROG(fd, &ctx, sizeof(ctx)), 1000);
	ASSERT_EQ(lookup_u64(map, 0), 2000);
	ASSERT_EQ(lookup_u64(map, 1), 1001);
	ASSERT_EQ(RUN_PROG(fd, &ctx, sizeof(ctx)), 1001);
	ASSERT_EQ(lookup_u64(map, 0), 2002);
	ASSERT_EQ(lookup_u64(map, 1), 1002);
	/* Out of range: the lookup gives NULL. */
	ctx = 2;
	ASSERT_EQ(RUN_PROG(fd, &ctx, sizeof(ctx)), 0xffff);
	ctx = UINT_MAX;
	ASSERT_EQ(RUN_PROG(fd, &ctx, sizeof(ctx)), 0xffff);
	ASSERT_EQ(lookup_u64(map, 0), 2002);
}

TEST(prog_run_hash_helpers)
{
	int map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 4, 0));
	/* ctx = { u32 op, u32 key, u64 value }: 0 update, 1 delete */
	const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_LDX_MEM(KBPF_W, R2, R6, 4),
		KBPF_STX_MEM(KBPF_W, R10, R2, -4),
		KBPF_LDX_MEM(KBPF_DW, R2, R6, 8),
		KBPF_STX_MEM(KBPF_DW, R10, R2, -16),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_LDX_MEM(KBPF_W, R3, R6, 0),
		KBPF_JMP_IMM(KBPF_JEQ, R3, 1, 5),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -16),
		KBPF_MOV64_IMM(R4, KBPF_NOEXIST),
		KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem),
		KBPF_EXIT_INSN(),
		KBPF_CALL_HELPER(KBPF_FUNC_map_delete_elem),
		KBPF_EXIT_INSN(),
	};
	struct { __u32 op, key; __u64 value; } ctx;
	__u64 val;
	__u32 key = 7;
	int fd;

	fd = LOAD_SYSCALL(insns);
	ctx.op = 0;
	ctx.key = 7;
	ctx.value = 0x7777;
	ASSERT_EQ(RUN_PROG(fd, &ctx, sizeof(ctx)), 0);
	ASSERT_EQ(lookup_u64(map, 7), 0x7777);
	/* BPF_NOEXIST: the helper's errno comes back in r0. */
	ASSERT_EQ((int)RUN_PROG(fd, &ctx, sizeof(ctx)), -EEXIST);
	ctx.op = 1;
	ASSERT_EQ(RUN_PROG(fd, &ctx, sizeof(ctx)), 0);
	ASSERT_ERRNO(kbpf_map_lookup(map, &key, &val, 0), ENOENT);
	ASSERT_EQ((int)RUN_PROG(fd, &ctx, sizeof(ctx)), -ENOENT);
}

TEST(prog_run_bpf2bpf_calls)
{
	/*
	 * main: r6-r9 = 1-4, fp[-8] = 1000, r0 = sub(3, 4);
	 *       return r0 + r6 + r7 + r8 + r9 + fp[-8]
	 * sub:  r6 = r1 * r2; r7-r9 = 100; fp[-8] = 55;
	 *       return sub2(r6) + r6 + fp[-8]
	 * sub2: return r1 + 1
	 * Callee-saved registers and each frame's stack survive the calls:
	 * (13 + 12 + 55) + (1 + 2 + 3 + 4) + 1000 = 1090.
	 */
	static const struct kbpf_insn insns[] = {
		/* 0: main */
		KBPF_MOV64_IMM(R6, 1),
		KBPF_MOV64_IMM(R7, 2),
		KBPF_MOV64_IMM(R8, 3),
		KBPF_MOV64_IMM(R9, 4),
		KBPF_ST_MEM(KBPF_DW, R10, -8, 1000),
		KBPF_MOV64_IMM(R1, 3),
		KBPF_MOV64_IMM(R2, 4),
		KBPF_CALL_REL(7),			/* sub */
		KBPF_ALU64_REG(KBPF_ADD, R0, R6),
		KBPF_ALU64_REG(KBPF_ADD, R0, R7),
		KBPF_ALU64_REG(KBPF_ADD, R0, R8),
		KBPF_ALU64_REG(KBPF_ADD, R0, R9),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_ALU64_REG(KBPF_ADD, R0, R1),
		KBPF_EXIT_INSN(),
		/* 15: sub */
		KBPF_MOV64_REG(R6, R1),
		KBPF_ALU64_REG(KBPF_MUL, R6, R2),
		KBPF_MOV64_IMM(R7, 100),
		KBPF_MOV64_IMM(R8, 100),
		KBPF_MOV64_IMM(R9, 100),
		KBPF_ST_MEM(KBPF_DW, R10, -8, 55),
		KBPF_MOV64_REG(R1, R6),
		KBPF_CALL_REL(4),			/* sub2 */
		KBPF_ALU64_REG(KBPF_ADD, R0, R6),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_ALU64_REG(KBPF_ADD, R0, R1),
		KBPF_EXIT_INSN(),
		/* 27: sub2 */
		KBPF_MOV64_REG(R0, R1),
		KBPF_ALU64_IMM(KBPF_ADD, R0, 1),
		KBPF_EXIT_INSN(),
	};
	/* Five arguments: 1 + 2 * 2 + 3 * 3 + 4 * 4 + 5 * 5 = 55. */
	static const struct kbpf_insn args5[] = {
		KBPF_MOV64_IMM(R1, 1),
		KBPF_MOV64_IMM(R2, 2),
		KBPF_MOV64_IMM(R3, 3),
		KBPF_MOV64_IMM(R4, 4),
		KBPF_MOV64_IMM(R5, 5),
		KBPF_CALL_REL(1),
		KBPF_EXIT_INSN(),
		KBPF_MOV64_REG(R0, R1),
		KBPF_ALU64_IMM(KBPF_MUL, R2, 2),
		KBPF_ALU64_REG(KBPF_ADD, R0, R2),
		KBPF_ALU64_IMM(KBPF_MUL, R3, 3),
		KBPF_ALU64_REG(KBPF_ADD, R0, R3),
		KBPF_ALU64_IMM(KBPF_MUL, R4, 4),
		KBPF_ALU64_REG(KBPF_ADD, R0, R4),
		KBPF_ALU64_IMM(KBPF_MUL, R5, 5),
		KBPF_ALU64_REG(KBPF_ADD, R0, R5),
		KBPF_EXIT_INSN(),
	};
	/* The callee writes the caller's stack through a pointer: 77. */
	static const struct kbpf_insn stack_ptr[] = {
		KBPF_ST_MEM(KBPF_DW, R10, -8, 0),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
		KBPF_CALL_REL(2),
		KBPF_LDX_MEM(KBPF_DW, R0, R10, -8),
		KBPF_EXIT_INSN(),
		KBPF_ST_MEM(KBPF_DW, R1, 0, 77),
		KBPF_RET_IMM(0),
	};
	int fd;

	fd = LOAD_SYSCALL(insns);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 1090);
	fd = LOAD_RAW_TP(insns);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 1090);
	fd = LOAD_SYSCALL(args5);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 55);
	fd = LOAD_RAW_TP(stack_ptr);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 77);
}

/*
 * bpf_loop(ctx[0], cb, &sum, ctx[1]); ctx[0] = its result, ctx[1] = sum,
 * where cb adds each index to sum and stops after index 20. flags come
 * from the ctx, so Linux calls the helper (no inlining): nr_loops is a
 * u32 there.
 */
static const struct kbpf_insn loop_prog[] = {
	KBPF_MOV64_REG(R6, R1),
	KBPF_ST_MEM(KBPF_DW, R10, -8, 0),
	KBPF_LDX_MEM(KBPF_DW, R1, R6, 0),
	KBPF_LDX_MEM(KBPF_DW, R4, R6, 8),
	KBPF_LD_FUNC(R2, 9),			/* cb */
	KBPF_MOV64_REG(R3, R10),
	KBPF_ALU64_IMM(KBPF_ADD, R3, -8),
	KBPF_CALL_HELPER(KBPF_FUNC_loop),
	KBPF_STX_MEM(KBPF_DW, R6, R0, 0),
	KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
	KBPF_STX_MEM(KBPF_DW, R6, R1, 8),
	KBPF_RET_IMM(0),
	/* 14: cb(index, ctx) */
	KBPF_LDX_MEM(KBPF_DW, R3, R2, 0),
	KBPF_ALU64_REG(KBPF_ADD, R3, R1),
	KBPF_STX_MEM(KBPF_DW, R2, R3, 0),
	KBPF_MOV64_IMM(R0, 0),
	KBPF_JMP_IMM(KBPF_JNE, R1, 20, 1),
	KBPF_MOV64_IMM(R0, 1),
	KBPF_EXIT_INSN(),
};

static void check_loop(int fd, __u64 nr, __u64 flags, __u64 ret, __u64 sum)
{
	__u64 ctx[2] = { nr, flags };

	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	if (ctx[0] != ret || ctx[1] != sum)
		FAIL("bpf_loop(%#llx, flags %#llx): got %lld, sum %llu; want %lld, sum %llu",
		     (unsigned long long)nr, (unsigned long long)flags,
		     (long long)ctx[0], (unsigned long long)ctx[1],
		     (long long)ret, (unsigned long long)sum);
}

TEST(prog_run_bpf_loop)
{
	int fd = LOAD_SYSCALL(loop_prog);

	check_loop(fd, 10, 0, 10, 45);
	check_loop(fd, 0, 0, 0, 0);
	check_loop(fd, 1, 0, 1, 0);
	/* The callback's 1 stops the loop after that iteration. */
	check_loop(fd, 30, 0, 21, 210);
	/* At most BPF_MAX_LOOPS (1 << 23); no flags. */
	check_loop(fd, (1 << 23) + 1, 0, -E2BIG, 0);
	check_loop(fd, 10, 1, -EINVAL, 0);
	check_loop(fd, 10, 1ULL << 63, -EINVAL, 0);
	/* nr_loops is a u32 argument. */
	check_loop(fd, (1ULL << 32) + 3, 0, 3, 3);
}

/*
 * DESIGN §1: Linux wants BTF func_info for callbacks (kbpf_prog_load_opts()
 * attaches a minimal one on the Linux side); kbpf has no BTF and takes
 * callbacks without it.
 */
TEST_LINUX_ONLY(prog_run_callback_needs_func_info)
{
	struct kbpf_load_opts opts = {
		.prog_flags = KBPF_F_SLEEPABLE, .no_func_info = true,
	};

	ASSERT_LOAD_FAILS_OPTS(KBPF_PROG_TYPE_SYSCALL, loop_prog, &opts,
			       EINVAL, "missing btf func_info\n");
}

TEST_KBPF_ONLY(prog_run_kbpf_no_btf)
{
	union kbpf_attr attr;
	char btf[64] = "";

	memset(&attr, 0, sizeof(attr));
	attr.btf = (__u64)(uintptr_t)btf;
	attr.btf_size = sizeof(btf);
	ASSERT_ERRNO(kbpf_sys(KBPF_BTF_LOAD, &attr, sizeof(attr)), EOPNOTSUPP);
	/* The callback program loads and runs without func_info. */
	check_loop(LOAD_SYSCALL(loop_prog), 3, 0, 3, 3);
}

TEST(prog_run_bpf_loop_raw_tp)
{
	/* The same callback from a raw tracepoint, with its stack as ctx. */
	static const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_DW, R10, -8, 0),
		KBPF_MOV64_IMM(R1, 7),
		KBPF_LD_FUNC(R2, 9),			/* cb */
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -8),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_loop),
		KBPF_ALU64_IMM(KBPF_MUL, R0, 1000),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_ALU64_REG(KBPF_ADD, R0, R1),
		KBPF_EXIT_INSN(),
		/* 12: cb(index, ctx) */
		KBPF_LDX_MEM(KBPF_DW, R3, R2, 0),
		KBPF_ALU64_REG(KBPF_ADD, R3, R1),
		KBPF_STX_MEM(KBPF_DW, R2, R3, 0),
		KBPF_RET_IMM(0),
	};
	int fd = LOAD_RAW_TP(insns);

	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 7021);
}

TEST(prog_run_tail_call)
{
	int progs = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4,
					   3, 0));
	/* tail_call(ctx, progs, ctx[0]); return 7 */
	const struct kbpf_insn caller[] = {
		KBPF_LDX_MEM(KBPF_DW, R3, R1, 0),
		KBPF_LD_MAP_FD(R2, progs),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_RET_IMM(7),
	};
	/* return ctx[1] + 1000: the ctx goes along */
	static const struct kbpf_insn callee[] = {
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 8),
		KBPF_ALU64_IMM(KBPF_ADD, R0, 1000),
		KBPF_EXIT_INSN(),
	};
	static const struct kbpf_insn ret42[] = {
		KBPF_RET_IMM(42),
	};
	struct kbpf_prog_info info;
	int fd, target, other, sys;
	__u32 key, id;
	__u64 ctx[2];

	fd = LOAD_RAW_TP(caller);
	target = LOAD_RAW_TP(callee);
	other = LOAD_RAW_TP(ret42);

	/* Empty slots and indexes past the end: no tail call. */
	ctx[0] = 0;
	ctx[1] = 5;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 7);
	ctx[0] = 3;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 7);

	key = 0;
	ASSERT_OK(kbpf_map_update(progs, &key, &target, KBPF_ANY));
	key = 2;
	ASSERT_OK(kbpf_map_update(progs, &key, &other, KBPF_ANY));
	/* A lookup from user space gives the program's ID. */
	key = 0;
	ASSERT_OK(kbpf_map_lookup(progs, &key, &id, 0));
	kbpf_prog_info(target, &info);
	ASSERT_EQ(id, info.id);
	key = 1;
	ASSERT_ERRNO(kbpf_map_lookup(progs, &key, &id, 0), ENOENT);

	ctx[0] = 0;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 1005);
	ctx[0] = 1;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 7);
	ctx[0] = 2;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 42);
	ctx[0] = 0x100000000ULL;	/* the index is a u32 */
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 1005);

	/* The slot holds the program: its fd may go. */
	ASSERT_OK(close(target));
	ctx[0] = 0;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 1005);
	key = 0;
	ASSERT_OK(kbpf_map_delete(progs, &key));
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 7);
	ASSERT_ERRNO(kbpf_map_delete(progs, &key), ENOENT);

	/* Only programs of the owner's type go in. */
	sys = LOAD_SYSCALL(ret42);
	ASSERT_ERRNO(kbpf_map_update(progs, &key, &sys, KBPF_ANY), EINVAL);
	ASSERT_ERRNO(kbpf_map_update(progs, &key, &progs, KBPF_ANY), EINVAL);
	key = 2;
	ASSERT_OK(kbpf_map_delete(progs, &key));
}

TEST(prog_run_tail_call_limit)
{
	int progs = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4,
					   1, 0));
	int count = ASSERT_OK(kbpf_array_create(8, 1));
	/* (*count)++; tail_call(ctx, progs, 0); return 7 */
	const struct kbpf_insn self[] = {
		KBPF_LD_MAP_VALUE(R2, count, 0),
		KBPF_LDX_MEM(KBPF_DW, R3, R2, 0),
		KBPF_ALU64_IMM(KBPF_ADD, R3, 1),
		KBPF_STX_MEM(KBPF_DW, R2, R3, 0),
		KBPF_LD_MAP_FD(R2, progs),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_RET_IMM(7),
	};
	__u32 key = 0;
	__u64 n = 0;
	int fd;

	fd = LOAD_RAW_TP(self);
	ASSERT_OK(kbpf_map_update(progs, &key, &fd, KBPF_ANY));
	/* MAX_TAIL_CALL_CNT: 33 tail calls, 34 runs, then r0 = 7. */
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 7);
	ASSERT_OK(kbpf_map_lookup(count, &key, &n, 0));
	ASSERT_EQ(n, 34);
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 7);
	ASSERT_OK(kbpf_map_lookup(count, &key, &n, 0));
	ASSERT_EQ(n, 68);
	/* Break the program <-> map cycle. */
	ASSERT_OK(kbpf_map_delete(progs, &key));
}

TEST(prog_run_current_task)
{
	/* ctx[0] = pid_tgid, ctx[1] = uid_gid */
	static const struct kbpf_insn ids[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_CALL_HELPER(KBPF_FUNC_get_current_pid_tgid),
		KBPF_STX_MEM(KBPF_DW, R6, R0, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_get_current_uid_gid),
		KBPF_STX_MEM(KBPF_DW, R6, R0, 8),
		KBPF_RET_IMM(0),
	};
	/* ctx[0..1] = comm (16 bytes), ctx[2] = the helper's result */
	static const struct kbpf_insn comm16[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -16),
		KBPF_MOV64_IMM(R2, 16),
		KBPF_CALL_HELPER(KBPF_FUNC_get_current_comm),
		KBPF_STX_MEM(KBPF_DW, R6, R0, 16),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -16),
		KBPF_STX_MEM(KBPF_DW, R6, R1, 0),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_STX_MEM(KBPF_DW, R6, R1, 8),
		KBPF_RET_IMM(0),
	};
	/* The same into 4 bytes: 3 characters and a NUL. */
	static const struct kbpf_insn comm4[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -4),
		KBPF_MOV64_IMM(R2, 4),
		KBPF_CALL_HELPER(KBPF_FUNC_get_current_comm),
		KBPF_LDX_MEM(KBPF_W, R1, R10, -4),
		KBPF_STX_MEM(KBPF_W, R6, R1, 0),
		KBPF_RET_IMM(0),
	};
	char want[16] = "kbpf_comm_test";
	__u64 ctx[3];
	int fd;

	/* SYSCALL programs run in the caller's context. */
	fd = LOAD_SYSCALL(ids);
	memset(ctx, 0, sizeof(ctx));
	ASSERT_EQ(RUN_PROG(fd, ctx, 16), 0);
	ASSERT_EQ(ctx[0], (__u64)getpid() << 32 | (__u32)syscall(SYS_gettid));
	ASSERT_EQ(ctx[1], (__u64)getgid() << 32 | getuid());

	ASSERT_OK(prctl(PR_SET_NAME, want));
	fd = LOAD_SYSCALL(comm16);
	memset(ctx, 0xff, sizeof(ctx));
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0);
	ASSERT_MEMEQ(ctx, want, 16);
	ASSERT_EQ(ctx[2], 0);
	fd = LOAD_SYSCALL(comm4);
	memset(ctx, 0xff, sizeof(ctx));
	ASSERT_EQ(RUN_PROG(fd, ctx, 8), 0);
	ASSERT_MEMEQ(ctx, "kbp", 4);
	ASSERT_EQ(((__u32 *)ctx)[1], 0xffffffff);
}

/* *(u64 *)(ctx + 8 * n) = r0, with r6 = ctx */
#define OUT(n)		KBPF_STX_MEM(KBPF_DW, R6, R0, 8 * (n))
#define LD64(reg, v)	KBPF_LD_IMM64(reg, v)
#define SDIV64(dst, src) KBPF_ALU64_REG_OFF(KBPF_DIV, dst, src, 1)
#define SMOD64(dst, src) KBPF_ALU64_REG_OFF(KBPF_MOD, dst, src, 1)
#define SDIV32(dst, src) KBPF_ALU32_REG_OFF(KBPF_DIV, dst, src, 1)
#define SMOD32(dst, src) KBPF_ALU32_REG_OFF(KBPF_MOD, dst, src, 1)

static void check_outputs(const struct kbpf_insn *insns, __u32 cnt,
			  const __u64 *want, __u32 n)
{
	__u64 ctx[32];
	__u32 i, bad = 0;
	int fd;

	ASSERT_LE(n, ARRAY_SIZE(ctx));
	fd = __kbpf_load_ok(KBPF_FILE, __LINE__, KBPF_PROG_TYPE_SYSCALL, insns,
			    cnt, &(struct kbpf_load_opts){
				.prog_flags = KBPF_F_SLEEPABLE });
	memset(ctx, 0x5a, sizeof(ctx));
	ASSERT_EQ(RUN_PROG(fd, ctx, n * sizeof(__u64)), 0);
	for (i = 0; i < n; i++) {
		if (ctx[i] == want[i])
			continue;
		kbpf_diag("out[%u] = %#llx, want %#llx", i,
			  (unsigned long long)ctx[i],
			  (unsigned long long)want[i]);
		bad++;
	}
	if (bad)
		FAIL("%u of %u results differ", bad, n);
}

TEST(prog_run_alu_div_mod)
{
	static const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		/* 0, 1: 64-bit by zero: quotient 0, remainder the dividend */
		KBPF_MOV64_IMM(R0, 10), KBPF_MOV64_IMM(R1, 0),
		KBPF_ALU64_REG(KBPF_DIV, R0, R1), OUT(0),
		KBPF_MOV64_IMM(R0, 10),
		KBPF_ALU64_REG(KBPF_MOD, R0, R1), OUT(1),
		/* 2, 3: 32-bit by zero, zero-extended */
		LD64(R0, 0xffffffff0000000aULL),
		KBPF_ALU32_REG(KBPF_DIV, R0, R1), OUT(2),
		LD64(R0, 0xffffffff0000000aULL),
		KBPF_ALU32_REG(KBPF_MOD, R0, R1), OUT(3),
		/* 4, 5: unsigned */
		KBPF_MOV64_IMM(R0, 100), KBPF_MOV64_IMM(R1, 7),
		KBPF_ALU64_REG(KBPF_DIV, R0, R1), OUT(4),
		KBPF_MOV64_IMM(R0, 100),
		KBPF_ALU64_REG(KBPF_MOD, R0, R1), OUT(5),
		/* 6: 32-bit division looks at the low half only */
		LD64(R0, 0x100000064ULL),
		KBPF_ALU32_IMM(KBPF_DIV, R0, 7), OUT(6),
		/* 7: unsigned 64-bit */
		KBPF_MOV64_IMM(R0, -1),
		KBPF_ALU64_IMM(KBPF_DIV, R0, 2), OUT(7),
		/* 8: imm is sign-extended: ~0 / ~0 */
		KBPF_MOV64_IMM(R0, -1),
		KBPF_ALU64_IMM(KBPF_DIV, R0, -1), OUT(8),
		/* 9: 32-bit modulo by register */
		LD64(R0, 0xffffffff00000011ULL), LD64(R1, 0x100000005ULL),
		KBPF_ALU32_REG(KBPF_MOD, R0, R1), OUT(9),
		KBPF_RET_IMM(0),
	};
	static const __u64 want[] = {
		0, 10, 0, 10, 14, 2, 14, 0x7fffffffffffffffULL, 1, 2,
	};

	check_outputs(insns, ARRAY_SIZE(insns), want, ARRAY_SIZE(want));
}

TEST(prog_run_alu32_zext)
{
	static const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		/* 0: 32-bit add wraps and clears the upper half */
		KBPF_MOV64_IMM(R0, -1), KBPF_ALU32_IMM(KBPF_ADD, R0, 1), OUT(0),
		/* 1: mov32 */
		LD64(R0, 0x1234567887654321ULL), KBPF_MOV32_REG(R0, R0), OUT(1),
		/* 2: arsh32 */
		KBPF_MOV32_IMM(R0, (__s32)0x80000000),
		KBPF_ALU32_IMM(KBPF_ARSH, R0, 4), OUT(2),
		/* 3: arsh64 */
		LD64(R0, 0x8000000000000000ULL),
		KBPF_ALU64_IMM(KBPF_ARSH, R0, 63), OUT(3),
		/* 4: neg32 */
		KBPF_MOV32_IMM(R0, 5),
		KBPF_RAW_INSN(KBPF_ALU | KBPF_NEG, R0, 0, 0, 0), OUT(4),
		/* 5, 6: be16 (swaps on little endian), le32 (truncates) */
		LD64(R0, 0x1122334455667788ULL),
		KBPF_ENDIAN(KBPF_TO_BE, R0, 16), OUT(5),
		LD64(R0, 0x1122334455667788ULL),
		KBPF_ENDIAN(KBPF_TO_LE, R0, 32), OUT(6),
		/* 7: mul32 */
		KBPF_MOV64_IMM(R0, -1), KBPF_ALU32_IMM(KBPF_MUL, R0, 2), OUT(7),
		/* 8: lsh32 does not sign-extend */
		KBPF_MOV64_IMM(R0, 1), KBPF_ALU32_IMM(KBPF_LSH, R0, 31), OUT(8),
		/* 9: rsh32 of the low half */
		KBPF_MOV64_IMM(R0, -1), KBPF_ALU32_IMM(KBPF_RSH, R0, 4), OUT(9),
		/* 10, 11: mov64 imm sign-extends, mov32 imm does not */
		KBPF_MOV64_IMM(R0, -1), OUT(10),
		KBPF_MOV32_IMM(R0, -1), OUT(11),
		/* 12: a 32-bit load zero-extends */
		KBPF_MOV64_IMM(R1, -1),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -8),
		KBPF_LDX_MEM(KBPF_W, R0, R10, -8), OUT(12),
		/* 13: sub32 wraps */
		LD64(R0, 0x100000001ULL), LD64(R1, 0x100000002ULL),
		KBPF_ALU32_REG(KBPF_SUB, R0, R1), OUT(13),
		/* 14: 64-bit shifts */
		KBPF_MOV64_IMM(R0, 1), KBPF_ALU64_IMM(KBPF_LSH, R0, 63),
		KBPF_ALU64_IMM(KBPF_RSH, R0, 62), OUT(14),
		/* 15: xor32 of a 64-bit value */
		LD64(R0, 0xffffffff0000ffffULL),
		KBPF_ALU32_IMM(KBPF_XOR, R0, 0xff), OUT(15),
		KBPF_RET_IMM(0),
	};
	static const __u64 want[] = {
		0, 0x87654321, 0xf8000000, ~0ULL, 0xfffffffb, 0x8877,
		0x55667788, 0xfffffffe, 0x80000000, 0x0fffffff, ~0ULL,
		0xffffffff, 0xffffffff, 0xffffffff, 2, 0xff00,
	};

	check_outputs(insns, ARRAY_SIZE(insns), want, ARRAY_SIZE(want));
}

/* cpu v4 (RFC 9669): sdiv/smod, movsx, bswap, ldx memsx, gotol. */
TEST(prog_run_cpu_v4)
{
	static const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		/* 0, 1: LLONG_MIN by -1 */
		LD64(R0, 0x8000000000000000ULL), KBPF_MOV64_IMM(R1, -1),
		SDIV64(R0, R1), OUT(0),
		LD64(R0, 0x8000000000000000ULL),
		SMOD64(R0, R1), OUT(1),
		/* 2, 3: INT_MIN by -1, 32-bit */
		KBPF_MOV32_IMM(R0, (__s32)0x80000000), KBPF_MOV32_IMM(R1, -1),
		SDIV32(R0, R1), OUT(2),
		KBPF_MOV32_IMM(R0, (__s32)0x80000000),
		SMOD32(R0, R1), OUT(3),
		/* 4, 5: by zero */
		KBPF_MOV64_IMM(R0, -7), KBPF_MOV64_IMM(R1, 0),
		SDIV64(R0, R1), OUT(4),
		KBPF_MOV64_IMM(R0, -7),
		SMOD64(R0, R1), OUT(5),
		/* 6, 7: truncation toward zero, by an imm */
		KBPF_MOV64_IMM(R0, -7),
		KBPF_ALU64_IMM_OFF(KBPF_DIV, R0, 2, 1), OUT(6),
		KBPF_MOV64_IMM(R0, -7),
		KBPF_ALU64_IMM_OFF(KBPF_MOD, R0, 2, 1), OUT(7),
		/* 8, 9: LLONG_MIN by an imm -1 */
		LD64(R0, 0x8000000000000000ULL),
		KBPF_ALU64_IMM_OFF(KBPF_DIV, R0, -1, 1), OUT(8),
		LD64(R0, 0x8000000000000000ULL),
		KBPF_ALU64_IMM_OFF(KBPF_MOD, R0, -1, 1), OUT(9),
		/* 10-12: movsx */
		KBPF_MOV64_IMM(R1, 0x80),
		KBPF_ALU64_REG_OFF(KBPF_MOV, R0, R1, 8), OUT(10),
		KBPF_MOV64_IMM(R1, 0x8000),
		KBPF_ALU32_REG_OFF(KBPF_MOV, R0, R1, 16), OUT(11),
		LD64(R1, 0x80000000ULL),
		KBPF_ALU64_REG_OFF(KBPF_MOV, R0, R1, 32), OUT(12),
		/* 13, 14: bswap */
		LD64(R0, 0x1122334455667788ULL), KBPF_BSWAP(R0, 64), OUT(13),
		LD64(R0, 0x1122334455667788ULL), KBPF_BSWAP(R0, 16), OUT(14),
		/* 15-17: sign-extending loads */
		KBPF_ST_MEM(KBPF_B, R10, -1, 0xff),
		KBPF_LDX_MEMSX(KBPF_B, R0, R10, -1), OUT(15),
		KBPF_ST_MEM(KBPF_H, R10, -4, 0x8001),
		KBPF_LDX_MEMSX(KBPF_H, R0, R10, -4), OUT(16),
		KBPF_ST_MEM(KBPF_W, R10, -8, (__s32)0x80000000),
		KBPF_LDX_MEMSX(KBPF_W, R0, R10, -8), OUT(17),
		/* 18: gotol over an insn a (never taken) branch reaches */
		KBPF_MOV64_IMM(R0, 1), KBPF_JMP_IMM(KBPF_JEQ, R0, 5, 1),
		KBPF_JMP32_A(1), KBPF_MOV64_IMM(R0, 2), OUT(18),
		/* 19, 20: 32-bit signed results are zero-extended */
		KBPF_MOV32_IMM(R0, -8),
		KBPF_ALU32_IMM_OFF(KBPF_DIV, R0, 2, 1), OUT(19),
		KBPF_MOV32_IMM(R0, -7), KBPF_MOV32_IMM(R1, 2),
		SMOD32(R0, R1), OUT(20),
		/* 21: 32-bit by zero */
		KBPF_MOV32_IMM(R0, -7), KBPF_MOV32_IMM(R1, 0),
		SMOD32(R0, R1), OUT(21),
		KBPF_RET_IMM(0),
	};
	static const __u64 want[] = {
		0x8000000000000000ULL, 0, 0x80000000, 0, 0, (__u64)-7,
		(__u64)-3, (__u64)-1, 0x8000000000000000ULL, 0,
		0xffffffffffffff80ULL, 0xffff8000, 0xffffffff80000000ULL,
		0x8877665544332211ULL, 0x8877, (__u64)-1,
		0xffffffffffff8001ULL, 0xffffffff80000000ULL, 1,
		0xfffffffc, 0xffffffff, 0xfffffff9,
	};

	check_outputs(insns, ARRAY_SIZE(insns), want, ARRAY_SIZE(want));
}

/* r0 = 1 if the jump is taken, else 0 */
#define TAKEN(jmp, n)							\
	KBPF_MOV64_IMM(R0, 1), jmp, KBPF_MOV64_IMM(R0, 0), OUT(n)

TEST(prog_run_jmp)
{
	static const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		LD64(R1, 0x100000000ULL),
		TAKEN(KBPF_JMP32_IMM(KBPF_JEQ, R1, 0, 1), 0),
		TAKEN(KBPF_JMP_IMM(KBPF_JEQ, R1, 0, 1), 1),
		KBPF_MOV64_IMM(R1, -1),
		TAKEN(KBPF_JMP_IMM(KBPF_JSLT, R1, 0, 1), 2),
		TAKEN(KBPF_JMP_IMM(KBPF_JGT, R1, 5, 1), 3),
		TAKEN(KBPF_JMP_IMM(KBPF_JSGT, R1, 5, 1), 4),
		KBPF_MOV64_IMM(R1, 0x10),
		TAKEN(KBPF_JMP_IMM(KBPF_JSET, R1, 0x18, 1), 5),
		TAKEN(KBPF_JMP_IMM(KBPF_JSET, R1, 0x08, 1), 6),
		LD64(R1, 0xffffffff80000000ULL),
		TAKEN(KBPF_JMP32_IMM(KBPF_JSLT, R1, 0, 1), 7),
		TAKEN(KBPF_JMP32_IMM(KBPF_JGT, R1, 0x7fffffff, 1), 8),
		/* imm -1 is ~0 for a 64-bit unsigned compare */
		TAKEN(KBPF_JMP_IMM(KBPF_JGE, R1, -1, 1), 9),
		KBPF_MOV64_IMM(R1, 5), KBPF_MOV64_IMM(R2, 5),
		TAKEN(KBPF_JMP_REG(KBPF_JLE, R1, R2, 1), 10),
		TAKEN(KBPF_JMP_REG(KBPF_JLT, R1, R2, 1), 11),
		TAKEN(KBPF_JMP_REG(KBPF_JNE, R1, R2, 1), 12),
		KBPF_MOV64_IMM(R2, -5),
		TAKEN(KBPF_JMP_REG(KBPF_JSGE, R1, R2, 1), 13),
		TAKEN(KBPF_JMP_REG(KBPF_JGE, R1, R2, 1), 14),
		TAKEN(KBPF_JMP32_REG(KBPF_JSLE, R2, R1, 1), 15),
		KBPF_RET_IMM(0),
	};
	static const __u64 want[] = {
		1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1,
	};

	check_outputs(insns, ARRAY_SIZE(insns), want, ARRAY_SIZE(want));
}

TEST(prog_run_atomics)
{
	static const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R6, R1),
		KBPF_ST_MEM(KBPF_DW, R10, -8, 5),
		/* 0, 1: fetch-add */
		KBPF_MOV64_IMM(R1, 3),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD | KBPF_FETCH, R10, R1, -8),
		KBPF_MOV64_REG(R0, R1), OUT(0),
		KBPF_LDX_MEM(KBPF_DW, R0, R10, -8), OUT(1),
		/* 2: or */
		KBPF_MOV64_IMM(R1, 0xf0),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_OR, R10, R1, -8),
		KBPF_LDX_MEM(KBPF_DW, R0, R10, -8), OUT(2),
		/* 3, 4: cmpxchg that succeeds */
		KBPF_MOV64_IMM(R1, 2), KBPF_MOV64_IMM(R0, 0xf8),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_CMPXCHG, R10, R1, -8), OUT(3),
		KBPF_LDX_MEM(KBPF_DW, R0, R10, -8), OUT(4),
		/* 5: cmpxchg that fails */
		KBPF_MOV64_IMM(R0, 99), KBPF_MOV64_IMM(R1, 3),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_CMPXCHG, R10, R1, -8), OUT(5),
		/* 6, 7: xchg */
		KBPF_MOV64_IMM(R1, 77),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_XCHG, R10, R1, -8),
		KBPF_MOV64_REG(R0, R1), OUT(6),
		KBPF_LDX_MEM(KBPF_DW, R0, R10, -8), OUT(7),
		/* 8, 9: 32-bit fetch-add wraps, the fetch zero-extends */
		KBPF_ST_MEM(KBPF_W, R10, -16, -1),
		KBPF_MOV64_IMM(R1, 1),
		KBPF_ATOMIC_OP(KBPF_W, KBPF_ADD | KBPF_FETCH, R10, R1, -16),
		KBPF_MOV64_REG(R0, R1), OUT(8),
		KBPF_LDX_MEM(KBPF_W, R0, R10, -16), OUT(9),
		/* 10: fetch-and, fetch-xor */
		KBPF_MOV64_IMM(R1, 0x3c),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_AND | KBPF_FETCH, R10, R1, -8),
		KBPF_MOV64_IMM(R1, 0xff),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_XOR | KBPF_FETCH, R10, R1, -8),
		KBPF_LDX_MEM(KBPF_DW, R0, R10, -8),
		KBPF_ALU64_IMM(KBPF_LSH, R0, 8),
		KBPF_ALU64_REG(KBPF_OR, R0, R1), OUT(10),
		KBPF_RET_IMM(0),
	};
	/* 77 & 0x3c = 0x0c; 0x0c ^ 0xff = 0xf3; fetched 0x0c */
	static const __u64 want[] = {
		5, 8, 0xf8, 0xf8, 2, 2, 2, 77, 0xffffffff, 0, 0xf30c,
	};

	check_outputs(insns, ARRAY_SIZE(insns), want, ARRAY_SIZE(want));
}

/*
 * bpf_copy_from_user(): sleepable programs only (a SYSCALL program here,
 * reading ctx[0] as a user pointer); a fault zeroes the buffer.
 */
TEST(prog_copy_from_user)
{
	static const struct kbpf_insn insns[] = {
		KBPF_LDX_MEM(KBPF_DW, R3, R1, 0),
		KBPF_ST_MEM(KBPF_DW, R10, -8, -1),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_CALL_HELPER(KBPF_FUNC_copy_from_user),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_ALU64_REG(KBPF_ADD, R0, R1),
		KBPF_EXIT_INSN(),
	};
	static __u64 secret = 1234567;
	int fd = LOAD_SYSCALL(insns);
	__u64 ctx;

	ctx = (__u64)(uintptr_t)&secret;
	ASSERT_EQ(RUN_PROG(fd, &ctx, sizeof(ctx)), 1234567);
	/* A bad pointer: -EFAULT, and the buffer reads as zero. */
	ctx = 8;
	ASSERT_EQ((int)RUN_PROG(fd, &ctx, sizeof(ctx)), -EFAULT);
	/* Refused in a program that cannot sleep. */
	ASSERT_LOAD_FAILS(KBPF_PROG_TYPE_RAW_TRACEPOINT, insns, 0, EINVAL,
			  "helper call might sleep in a non-sleepable prog");
}

/*
 * An array's lookup from a program (inlined when JITed: the values
 * follow the map in its allocation, or are loaded from it for an
 * mmap()able array) against user space's view, for layouts of both
 * kinds: one value, element sizes not a power of two, values past a
 * page (kvmalloc()'s vmalloc side). Each in-range key gets an atomic
 * add at the value's start, which must be 8-byte aligned, and a byte at
 * its end; keys past the end find nothing.
 */
static void array_layout(__u32 value_size, __u32 max_entries, __u32 flags)
{
	int map = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, value_size,
					 max_entries, flags));
	const struct kbpf_insn insns[] = {
		LOOKUP_CTX_KEY(map),
		KBPF_RET_IMM(1),
		KBPF_MOV64_IMM(R1, 5),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R0, R1, 0),
		KBPF_ST_MEM(KBPF_B, R0, value_size - 1, 0x7f),
		KBPF_RET_IMM(0),
	};
	__u32 keys[] = { 0, max_entries - 1, max_entries / 2 + 1 };
	__u32 bad[] = { max_entries, max_entries + 7, UINT_MAX };
	unsigned char *val = calloc(1, value_size);
	unsigned int i, j, hits;
	__u64 sum;
	int fd;

	if (!val)
		FAIL("out of memory");
	fd = LOAD_SYSCALL(insns);
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i] >= max_entries)
			continue;
		ASSERT_EQ(RUN_PROG(fd, &keys[i], sizeof(keys[i])), 0);
		ASSERT_EQ(RUN_PROG(fd, &keys[i], sizeof(keys[i])), 0);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ASSERT_EQ(RUN_PROG(fd, &bad[i], sizeof(bad[i])), 1);
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i] >= max_entries)
			continue;
		for (hits = 0, j = 0; j < ARRAY_SIZE(keys); j++)
			hits += keys[j] == keys[i];
		ASSERT_OK(kbpf_map_lookup(map, &keys[i], val, 0));
		memcpy(&sum, val, sizeof(sum));
		ASSERT_EQ(sum, 10 * hits);
		ASSERT_EQ(val[value_size - 1], 0x7f);
		for (j = sizeof(sum); j < value_size - 1; j++)
			ASSERT_EQ(val[j], 0);
	}
	free(val);
	close(fd);
	close(map);
}

TEST(prog_run_array_layouts)
{
	array_layout(16, 1, 0);
	array_layout(24, 3, 0);
	array_layout(40, 1024, 0);
	array_layout(4104, 16, 0);
	array_layout(16, 1 << 20, 0);
	array_layout(24, 8, KBPF_F_MMAPABLE);
	array_layout(16, 1 << 16, KBPF_F_MMAPABLE);
	array_layout(4104, 3, KBPF_F_MMAPABLE);
}
