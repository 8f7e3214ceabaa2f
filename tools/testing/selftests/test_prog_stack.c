// SPDX-License-Identifier: GPL-2.0
/*
 * The interpreter's frames: every frame starts with the stack the
 * program may touch cleared, even where the frame before it, at the same
 * depth of the kernel stack, left its bytes. Privileged programs may
 * read stack they never wrote (Linux's allow_uninit_stack); kbpf
 * promises zeroes there, as Linux's interpreter gives on kernels built
 * with CONFIG_INIT_STACK_ALL_ZERO (Debian's), but Linux's JIT does not:
 * hence kbpf only.
 */
#include "kbpf_prog.h"

TEST_KBPF_ONLY(prog_stack_frames_start_cleared)
{
	/*
	 * main: call dirty (fills fp-8..fp-64 with ones), then call peek
	 * (returns its own never-written fp-64 | fp-8), return that.
	 */
	static const struct kbpf_insn insns[] = {
		KBPF_CALL_REL(3),
		KBPF_CALL_REL(13),
		KBPF_MOV64_REG(R0, R0),
		KBPF_EXIT_INSN(),
		/* dirty */
		KBPF_MOV64_IMM(R1, -1),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -8),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -16),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -24),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -32),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -40),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -48),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -56),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -64),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
		/* peek */
		KBPF_LDX_MEM(KBPF_DW, R0, R10, -64),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_ALU64_REG(KBPF_OR, R0, R1),
		KBPF_EXIT_INSN(),
	};
	int fd = LOAD_SYSCALL(insns);
	__u64 ctx = 0;

	ASSERT_EQ(RUN_PROG(fd, &ctx, sizeof(ctx)), 0);
}
