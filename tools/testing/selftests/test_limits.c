// SPDX-License-Identifier: GPL-2.0
/*
 * Limits a user can see (README, "Limits"), those not tested beside
 * their feature: 256 subprograms and 64 maps per program, with Linux's
 * errno and message.
 */
#include <stdlib.h>
#include <unistd.h>

#include "kbpf_prog.h"

#define MAX_SUBPROGS	256
#define MAX_USED_MAPS	64

/*
 * The main program calls each of @n subprograms { r0 = 0; exit } in
 * turn: @n + 1 subprograms in all.
 */
static struct kbpf_insn *calls_prog(__u32 n, __u32 *cnt)
{
	struct kbpf_insn *insns = calloc(3 * n + 2, sizeof(*insns));
	__u32 i;

	if (!insns)
		FAIL("calloc");
	/* call i at index i jumps to 2 * i past the main program's end */
	for (i = 0; i < n; i++)
		insns[i] = (struct kbpf_insn)KBPF_CALL_REL(n + 1 - i + 2 * i);
	insns[n] = (struct kbpf_insn)KBPF_MOV64_IMM(KBPF_REG_0, 0);
	insns[n + 1] = (struct kbpf_insn)KBPF_EXIT_INSN();
	for (i = 0; i < n; i++) {
		insns[n + 2 + 2 * i] =
			(struct kbpf_insn)KBPF_MOV64_IMM(KBPF_REG_0, 0);
		insns[n + 3 + 2 * i] = (struct kbpf_insn)KBPF_EXIT_INSN();
	}
	*cnt = 3 * n + 2;
	return insns;
}

TEST(limit_subprograms)
{
	struct kbpf_load_opts opts = { .prog_flags = KBPF_F_SLEEPABLE };
	struct kbpf_insn *insns;
	__u32 cnt;

	insns = calls_prog(MAX_SUBPROGS, &cnt);
	ASSERT_TRUE(kbpf_load_fails_check("257 subprograms",
					  KBPF_PROG_TYPE_SYSCALL, insns, cnt,
					  &opts, E2BIG,
					  "too many subprograms"));
	free(insns);
}

TEST(limit_maps_per_program)
{
	struct kbpf_load_opts opts = { .prog_flags = KBPF_F_SLEEPABLE };
	struct kbpf_insn insns[2 * (MAX_USED_MAPS + 1) + 2];
	int fds[MAX_USED_MAPS + 1], fd;
	__u32 i, n;

	for (i = 0; i < ARRAY_SIZE(fds); i++)
		fds[i] = ASSERT_OK(kbpf_array_create(8, 1));
	for (n = MAX_USED_MAPS; n <= MAX_USED_MAPS + 1; n++) {
		for (i = 0; i < n; i++) {
			insns[2 * i] = (struct kbpf_insn)
				KBPF_LD_IMM64_1(KBPF_REG_1, KBPF_PSEUDO_MAP_FD,
						fds[i]);
			insns[2 * i + 1] = (struct kbpf_insn)KBPF_LD_IMM64_2(0);
		}
		insns[2 * n] = (struct kbpf_insn)KBPF_MOV64_IMM(KBPF_REG_0, 0);
		insns[2 * n + 1] = (struct kbpf_insn)KBPF_EXIT_INSN();
		if (n == MAX_USED_MAPS) {
			fd = kbpf_prog_load_opts(KBPF_PROG_TYPE_SYSCALL, insns,
						 2 * n + 2, &opts);
			ASSERT_TRUE(fd >= 0);
			close(fd);
			continue;
		}
		ASSERT_TRUE(kbpf_load_fails_check("65 maps",
						  KBPF_PROG_TYPE_SYSCALL, insns,
						  2 * n + 2, &opts, E2BIG,
						  "The total number of maps per program has reached the limit of 64"));
	}
	for (i = 0; i < ARRAY_SIZE(fds); i++)
		close(fds[i]);
}
