// SPDX-License-Identifier: GPL-2.0
/*
 * JITed programs freed while other CPUs run them: a raw_tp program on
 * sys_enter attached/detached/closed in a loop while threads make
 * syscalls, and SYSCALL programs loaded, run from threads and closed.
 * Helper G's attack harness. Pass: no splat, no crash, counts sane.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tools/lib/kbpf/kbpf.h"
#include "tools/lib/kbpf/asm.h"

static volatile int stop;
static volatile int shared_fd = -1;

static void *spin(void *arg)
{
	(void)arg;
	while (!stop)
		kill(getpid(), SIGURG);
	return NULL;
}

static void *runner(void *arg)
{
	__u64 ctx[4];
	long ok = 0, bad = 0;

	(void)arg;
	while (!stop) {
		struct kbpf_test_run_opts r = { .sz = sizeof(r), .ctx_in = ctx,
			.ctx_size_in = sizeof(ctx) };
		int fd = shared_fd;

		if (fd < 0)
			continue;
		memset(ctx, 0, sizeof(ctx));
		if (!kbpf_prog_test_run_opts(fd, &r)) {
			ok++;
			if (r.retval != 42 && r.retval != 0)
				printf("runner: bad retval %u\n", r.retval);
		} else {
			bad++;
		}
	}
	printf("runner: %ld runs ok, %ld failed (closed fds)\n", ok, bad);
	return NULL;
}

int main(int argc, char **argv)
{
	struct kbpf_insn tp[] = {
		KBPF_ST_MEM(KBPF_DW, 10, -8, 7),
		KBPF_ST_MEM(KBPF_DW, 10, -512, 7),
		KBPF_CALL_HELPER(KBPF_FUNC_ktime_get_ns),
		KBPF_LDX_MEM(KBPF_DW, 1, 10, -8),
		KBPF_ALU64_REG(KBPF_ADD, 0, 1),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
	};
	struct kbpf_insn sc[] = {
		KBPF_ST_MEM(KBPF_DW, 10, -8, 40),
		KBPF_LDX_MEM(KBPF_DW, 0, 10, -8),
		KBPF_ALU64_IMM(KBPF_ADD, 0, 2),
		KBPF_EXIT_INSN(),
	};
	int iters = argc > 1 ? atoi(argv[1]) : 200;
	int tgt = kbpf_set_target_env();
	/* "notp": no tracepoint (attaching one can crash a TCG guest) */
	int use_tp = !(argc > 2 && !strcmp(argv[2], "notp"));
	pthread_t th[3];
	int i, attached = 0;

	printf("target: %s (%d)\n", kbpf_target_linux() ? "linux" : "kbpf", tgt);
	/*
	 * A keeper attached for the whole run keeps the tracepoint's static
	 * key on: toggling it under TCG crashes the guest with Linux's own
	 * bpf(2) as well (int3 in syscall_trace_enter).
	 */
	if (use_tp) {
		int kp = kbpf_prog_load(KBPF_PROG_TYPE_RAW_TRACEPOINT, "keep",
					NULL, tp, sizeof(tp) / sizeof(tp[0]),
					NULL);

		if (kp < 0 || kbpf_raw_tracepoint_open("signal_generate", kp) < 0) {
			printf("keeper: %s\n", strerror(errno));
			return 1;
		}
	}
	for (i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, i ? runner : spin, NULL);
	pthread_create(&th[2], NULL, spin, NULL);
	for (i = 0; i < iters; i++) {
		int p, l, s, old;

		p = kbpf_prog_load(KBPF_PROG_TYPE_RAW_TRACEPOINT, "race", NULL,
				   tp, sizeof(tp) / sizeof(tp[0]), NULL);
		if (p < 0) {
			printf("raw_tp load: %s\n", strerror(errno));
			return 1;
		}
		l = use_tp ? kbpf_raw_tracepoint_open("signal_generate", p) : -1;
		if (l >= 0)
			attached++;
		{
			struct kbpf_prog_load_opts o = { .sz = sizeof(o),
				.prog_flags = KBPF_F_SLEEPABLE };

			s = kbpf_prog_load(KBPF_PROG_TYPE_SYSCALL, "race2", NULL,
					   sc, 4, &o);
		}
		old = shared_fd;
		shared_fd = s;
		usleep(1000);
		if (old >= 0)
			close(old);
		if (l >= 0)
			close(l);
		close(p);
	}
	stop = 1;
	for (i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	printf("jit_race: %d iterations, %d attached\n", iters, attached);
	system("cat /sys/kernel/debug/kbpf/jit");
	return 0;
}
