// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_probe_read() and bpf_probe_read_str(), the helpers from before the
 * _kernel/_user split, as Linux 6.12 on x86 (bpf_probe_read_compat*()):
 * the address picks the side, user below TASK_SIZE, kernel above; the
 * tracing types only (KPROBE, RAW_TRACEPOINT, SYSCALL), gpl_only. libbpf
 * 1.1 turns bpf_probe_read_{kernel,user}[_str]() into these when its
 * probe for the split forms fails, as it does on kbpf.
 */
#include "kbpf_prog.h"

/* r0 = the 8 bytes read from ctx[0] (a user pointer), or the error. */
static const struct kbpf_insn read_user[] = {
	KBPF_LDX_MEM(KBPF_DW, R3, R1, 0),
	KBPF_MOV64_REG(R1, R10),
	KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
	KBPF_MOV64_IMM(R2, 8),
	KBPF_CALL_HELPER(KBPF_FUNC_probe_read),
	KBPF_JMP_IMM(KBPF_JNE, R0, 0, 1),
	KBPF_LDX_MEM(KBPF_DW, R0, R10, -8),
	KBPF_EXIT_INSN(),
};

/* r0 = 1 if 8 bytes read back from the program's own (kernel) stack. */
static const struct kbpf_insn read_kernel[] = {
	KBPF_LD_IMM64(R1, 0x1122334455667788ULL),
	KBPF_STX_MEM(KBPF_DW, R10, R1, -16),
	KBPF_MOV64_REG(R1, R10),
	KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
	KBPF_MOV64_IMM(R2, 8),
	KBPF_MOV64_REG(R3, R10),
	KBPF_ALU64_IMM(KBPF_ADD, R3, -16),
	KBPF_CALL_HELPER(KBPF_FUNC_probe_read),
	KBPF_JMP_IMM(KBPF_JNE, R0, 0, 5),
	KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
	KBPF_LD_IMM64(R2, 0x1122334455667788ULL),
	KBPF_MOV64_IMM(R0, 1),
	KBPF_JMP_REG(KBPF_JEQ, R1, R2, 1),
	KBPF_MOV64_IMM(R0, 2),
	KBPF_EXIT_INSN(),
};

/* r0 = bpf_probe_read_str(fp - 16, 16, ctx[0]) */
static const struct kbpf_insn read_str[] = {
	KBPF_LDX_MEM(KBPF_DW, R3, R1, 0),
	KBPF_MOV64_REG(R1, R10),
	KBPF_ALU64_IMM(KBPF_ADD, R1, -16),
	KBPF_MOV64_IMM(R2, 16),
	KBPF_CALL_HELPER(KBPF_FUNC_probe_read_str),
	KBPF_EXIT_INSN(),
};

TEST(probe_read_compat_user)
{
	__u64 value = 0x0102030405060708ULL, ctx[1] = { (uintptr_t)&value };
	int fd = LOAD_RAW_TP(read_user);

	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 0x05060708);
	/* An unmapped user address: -EFAULT. */
	ctx[0] = 8;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), (__u32)-EFAULT);
}

TEST(probe_read_compat_kernel)
{
	__u64 ctx[1] = { 0 };
	int fd = LOAD_RAW_TP(read_kernel);

	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), 1);
}

TEST(probe_read_compat_str)
{
	static const char s[] = "kbpf";
	__u64 ctx[1] = { (uintptr_t)s };
	int fd = LOAD_RAW_TP(read_str);

	/* The length with the NUL. */
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), sizeof(s));
	ctx[0] = 8;
	ASSERT_EQ(RUN_PROG(fd, ctx, sizeof(ctx)), (__u32)-EFAULT);
}

TEST(probe_read_compat_not_socket_filter)
{
	const struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_probe_read),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};

	ASSERT_LOAD_FAILS(KBPF_PROG_TYPE_SOCKET_FILTER, insns, 0, EINVAL,
			  "program of this type cannot use helper bpf_probe_read#4");
}
