// SPDX-License-Identifier: GPL-2.0
/*
 * The frames of a run share one 512-byte BPF stack (kmod/prog/interp.c),
 * as the verifier sums a chain of calls and callbacks (Linux's
 * check_max_stack_depth()). A callback is counted where its pointer is
 * loaded, so a pointer handed down to a subprogram that passes it to
 * bpf_loop() runs below that subprogram's frame, deeper than any chain
 * the verifier summed. Linux gives each frame its own stack and runs it.
 */
#include "kbpf_prog.h"

/*
 * main (8 bytes) loads cb and calls sub with it; sub (400 bytes) runs
 * bpf_loop(1, cb) and returns its result + 100; cb uses 200 bytes.
 * Verified chains: main+sub 416, main+cb 224; at run time main, sub and
 * cb are live at once: 16 + 400 + 208 bytes.
 */
static const struct kbpf_insn handed_down[] = {
	KBPF_ST_MEM(KBPF_DW, R10, -8, 7),
	KBPF_LD_FUNC(R1, 11),			/* cb at 13 */
	KBPF_CALL_REL(1),			/* sub at 5 */
	KBPF_EXIT_INSN(),
	/* 5: sub(cb) */
	KBPF_ST_MEM(KBPF_DW, R10, -400, 1),
	KBPF_MOV64_REG(R2, R1),
	KBPF_MOV64_IMM(R1, 1),
	KBPF_MOV64_IMM(R3, 0),
	KBPF_MOV64_IMM(R4, 0),
	KBPF_CALL_HELPER(KBPF_FUNC_loop),
	KBPF_ALU64_IMM(KBPF_ADD, R0, 100),
	KBPF_EXIT_INSN(),
	/* 13: cb(index, ctx) */
	KBPF_ST_MEM(KBPF_DW, R10, -200, 5),
	KBPF_MOV64_IMM(R0, 0),
	KBPF_EXIT_INSN(),
};

TEST(prog_stack_callback_handed_down)
{
	int fd = LOAD_RAW_TP(handed_down);

	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 101);
	close(fd);
}
