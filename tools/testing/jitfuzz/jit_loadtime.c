// SPDX-License-Identifier: GPL-2.0
/*
 * Where the JIT's load time goes: the same SYSCALL programs loaded and
 * closed on kbpf with jit_enable 0 and 1, and on Linux's bpf(2)
 * (its JIT as the guest has it), taking turns load by load; the median
 * time per load + close, and the arena's session time in kbpf's.
 *
 *   jit_loadtime [ROUNDS]        (in the guest; default 50)
 *
 * Output: LOADTIME lines (medians over rounds), then the debugfs files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tools/lib/kbpf/kbpf.h"
#include "tools/lib/kbpf/asm.h"
#include "jitfuzz_common.h"

static struct kbpf_insn ins[4096];

/* @n insns of ALU and forward jumps on r0-r5, then exit. */
static int build(int n)
{
	int i = 0;

	ins[i++] = (struct kbpf_insn)KBPF_MOV64_IMM(0, 1);
	ins[i++] = (struct kbpf_insn)KBPF_MOV64_IMM(2, 3);
	while (i < n - 2) {
		if (i % 8 == 5)
			ins[i] = (struct kbpf_insn)KBPF_JMP_IMM(KBPF_JGT, 0, 1000 + i, 1);
		else
			ins[i] = (struct kbpf_insn)KBPF_ALU64_REG(i % 3 ? KBPF_ADD : KBPF_XOR, 0, 2);
		i++;
	}
	ins[i++] = (struct kbpf_insn)KBPF_MOV64_IMM(0, 0);
	ins[i++] = (struct kbpf_insn)KBPF_EXIT_INSN();
	return i;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* µs for one load + close of @n insns on the current target. */
static double once(int n)
{
	struct kbpf_prog_load_opts o = { .sz = sizeof(o),
		.prog_flags = KBPF_F_SLEEPABLE };
	double t = now_us();
	int fd;

	fd = kbpf_prog_load(KBPF_PROG_TYPE_SYSCALL, "lt", NULL, ins, n, &o);
	if (fd < 0) {
		printf("LOADFAIL insns=%d errno=%d\n", n, errno);
		exit(1);
	}
	close(fd);
	return now_us() - t;
}

/* The arena's session_us (0 if the file has none). */
static double session_us(void)
{
	FILE *f = fopen("/sys/kernel/debug/kbpf/jit_arena", "r");
	char line[128];
	double v = 0;

	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "session_us: %lf", &v);
	if (f)
		fclose(f);
	return v;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	static const int sizes[] = { 16, 256, 2048 };
	int rounds = argc > 1 ? atoi(argv[1]) : 50;
	double *t[4], s0;
	unsigned int k;
	int n, r, i;

	if (kbpf_set_target_env() < 0) {
		perror("kbpf");
		return 2;
	}
	for (i = 0; i < 4; i++)
		t[i] = calloc(rounds, sizeof(double));
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		n = build(sizes[k]);
		/* The three take turns load by load: drift hits them alike. */
		for (r = 0; r < rounds; r++) {
			kbpf_set_target(KBPF_TARGET_KBPF);
			jf_set_jit(0);
			t[0][r] = once(n);
			jf_set_jit(1);
			s0 = session_us();
			t[1][r] = once(n);
			t[3][r] = session_us() - s0;
			kbpf_set_target(KBPF_TARGET_LINUX);
			t[2][r] = once(n);
		}
		for (i = 0; i < 4; i++)
			t[i][0] = median(t[i], rounds);
		printf("LOADTIME insns=%d median us: kbpf %.1f, kbpf+jit %.1f, linux %.1f; kbpf+jit/linux %.2f; jit cost %.1f us, of which arena sessions %.1f us\n",
		       n, t[0][0], t[1][0], t[2][0], t[1][0] / t[2][0],
		       t[1][0] - t[0][0], t[3][0]);
	}
	jf_set_jit(0);
	fflush(stdout);
	system("cat /sys/kernel/debug/kbpf/jit /sys/kernel/debug/kbpf/jit_arena");
	return 0;
}
