// SPDX-License-Identifier: GPL-2.0
/*
 * Fill the JIT arena with large programs: the loads past its end must
 * fall back to the interpreter (interpreted_no_room), every program must
 * still compute what the interpreter computes, and once they are closed
 * the arena must take new images again. Helper G's attack harness.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/lib/kbpf/kbpf.h"
#include "tools/lib/kbpf/asm.h"
#include "jitfuzz_common.h"

static struct kbpf_insn ins[4100];

static int load(int n)
{
	struct kbpf_prog_load_opts o = { .sz = sizeof(o),
		.prog_flags = KBPF_F_SLEEPABLE };

	return kbpf_prog_load(KBPF_PROG_TYPE_SYSCALL, "fill", NULL, ins, n, &o);
}

static __u32 run(int fd, __u64 in)
{
	__u64 ctx[1] = { in };
	struct kbpf_test_run_opts r = { .sz = sizeof(r), .ctx_in = ctx,
		.ctx_size_in = sizeof(ctx) };

	if (kbpf_prog_test_run_opts(fd, &r))
		return 0xdeadbeef;
	return r.retval;
}

static __u32 jlen(int fd)
{
	struct kbpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	kbpf_prog_get_info_by_fd(fd, &info, &len);
	return info.jited_prog_len;
}

int main(void)
{
	int fds[64], ref, n = 0, i, k, jited = 0, interp = 0, bad = 0;

	ins[n++] = (struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 0, 1, 0);
	for (i = 0; n < 4000; i++) {
		ins[n++] = (struct kbpf_insn)KBPF_ALU64_IMM(KBPF_MUL, 0, 0x12345);
		ins[n++] = (struct kbpf_insn)KBPF_ALU64_IMM(KBPF_ADD, 0, i);
		ins[n++] = (struct kbpf_insn)KBPF_MOV64_REG(2, 0);
		ins[n++] = (struct kbpf_insn)KBPF_ALU64_IMM_OFF(KBPF_DIV, 2, 7 + i, i & 1);
		ins[n++] = (struct kbpf_insn)KBPF_ALU64_REG(KBPF_XOR, 0, 2);
	}
	ins[n++] = (struct kbpf_insn)KBPF_EXIT_INSN();
	jf_set_jit(0);
	ref = load(n);
	if (ref < 0) {
		printf("ref load: %s\n", strerror(errno));
		return 1;
	}
	jf_set_jit(1);
	for (k = 0; k < 64; k++) {
		fds[k] = load(n);
		if (fds[k] < 0) {
			printf("load %d: %s\n", k, strerror(errno));
			break;
		}
		if (jlen(fds[k]))
			jited++;
		else
			interp++;
	}
	printf("after fill: %d jited (len %u each), %d interpreted\n", jited,
	       jlen(fds[0]), interp);
	system("cat /sys/kernel/debug/kbpf/jit /sys/kernel/debug/kbpf/jit_arena");
	for (i = 0; i < k; i++) {
		__u64 in = 0x1234567890ull * (i + 1);

		if (run(fds[i], in) != run(ref, in)) {
			printf("DIFF prog %d (jited len %u): %#x vs interp %#x\n",
			       i, jlen(fds[i]), run(fds[i], in), run(ref, in));
			bad++;
		}
	}
	for (i = 0; i < k; i++)
		close(fds[i]);
	sleep(1);
	fds[0] = load(n);
	printf("after close: new load jited len %u\n", jlen(fds[0]));
	if (!jlen(fds[0])) {
		sleep(3);
		close(fds[0]);
		fds[0] = load(n);
		printf("after 3 s more: new load jited len %u\n", jlen(fds[0]));
	}
	system("cat /sys/kernel/debug/kbpf/jit /sys/kernel/debug/kbpf/jit_arena");
	printf("jit_fill: %d diffs\n", bad);
	return bad;
}
