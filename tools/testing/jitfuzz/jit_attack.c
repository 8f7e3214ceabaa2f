// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile uses of JITed tail calls (issue 23, helper J), for the debug
 * kernel (KASAN, lockdep, kmemleak judge what the checks here cannot):
 *
 * cycles    prog arrays that hold, through their programs, themselves
 *           (one program in its own array) or each other (p1 in a2
 *           names a1, p2 in a1 names a2): each chain runs 34 programs,
 *           then every fd is closed and every array and program must be
 *           gone by ID within seconds (a cycle of references would keep
 *           them, and rmmod would fail). With jit_enable 0 and 1.
 * replace   SECONDS of slot 0 replaced by MAP_UPDATE_ELEM with freshly
 *           loaded targets (their fds closed at once: the slot holds the
 *           last reference) of two shapes, a 0-byte and a 512-byte stack,
 *           and emptied by MAP_DELETE_ELEM every fifth round, while
 *           another thread test-runs a JITed caller that tail calls into
 *           it: every run returns 3 (empty), 7 or 8, and the freed
 *           targets' arena bytes are refilled under the runs.
 * owner     200 rounds of a fresh prog array claimed at once by the load
 *           of a caller naming it and by a slot update with a program
 *           of the other kind (JITed against interpreted, both ways):
 *           exactly one of the two may succeed.
 * trace     a kprobe (tracefs) with a stacktrace trigger on the
 *           ktime_get_ns helper, called by a tail-called program and by
 *           its bpf_loop() callback: each stack reaches
 *           kbpf_interp_run_jited() through the JITed frames.
 *
 *   jit_attack [SECONDS]   replace duration, default 5
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tools/lib/kbpf/kbpf.h"
#include "tools/lib/kbpf/asm.h"
#include "tools/lib/kbpf/asm_regs.h"
#include "jitfuzz_common.h"

#define RAW_TP		KBPF_PROG_TYPE_RAW_TRACEPOINT

static int fails;

static int load(struct kbpf_asm *a, const char *what)
{
	int fd = jf_load(a, RAW_TP, "ja", what, 0);

	if (fd < 0)
		fails++;
	return fd;
}

/* r1 = r6 (ctx); r2 = @arr; r3 = @idx; tail call */
static void tail_call(struct kbpf_asm *a, int arr, int idx)
{
	KBPF_ASM(a, KBPF_MOV64_IMM(R3, idx));
	jf_tail_call(a, arr);
}

/*
 * (*counter)++ (element 0 of @cnt); tail call slot 0 of @arr; when that
 * falls through, return the count.
 */
static int counting(int cnt, int arr, const char *what)
{
	struct kbpf_asm a;

	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	KBPF_ASM(&a, KBPF_LD_IMM64_1(R7, KBPF_PSEUDO_MAP_VALUE, cnt));
	KBPF_ASM(&a, KBPF_RAW_INSN(0, 0, 0, 0, 0));
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R1, R7, 0));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R1, 1));
	KBPF_ASM(&a, KBPF_STX_MEM(KBPF_DW, R7, R1, 0));
	tail_call(&a, arr, 0);
	KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R0, R7, 0));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	return load(&a, what);
}

static __u64 run(int prog)
{
	struct kbpf_test_run_opts r = { .sz = sizeof(r) };
	__u64 ctx[4] = { 0 };

	r.ctx_in = ctx;
	r.ctx_size_in = sizeof(ctx);
	if (kbpf_prog_test_run_opts(prog, &r)) {
		printf("test run: errno %d\n", errno);
		fails++;
		return 0;
	}
	return r.retval;
}

/* Whether no object of the IDs is left, waiting up to 5 s. */
static int all_gone(const __u32 *maps, int nmaps, const __u32 *progs,
		    int nprogs)
{
	int tries, i, left, fd;

	for (tries = 0; tries < 50; tries++) {
		left = 0;
		for (i = 0; i < nmaps; i++) {
			fd = kbpf_map_get_fd_by_id(maps[i]);
			if (fd >= 0) {
				close(fd);
				left++;
			}
		}
		for (i = 0; i < nprogs; i++) {
			fd = kbpf_prog_get_fd_by_id(progs[i]);
			if (fd >= 0) {
				close(fd);
				left++;
			}
		}
		if (!left)
			return 1;
		usleep(100 * 1000);
	}
	return 0;
}

static void cycles(int jit)
{
	int cnt, a1, a2, a3, p1, p2, p3, k = 0;
	__u32 maps[4], progs[3];
	__u64 zero = 0, n1, n3;

	jf_set_jit(jit);
	cnt = jf_map_create(KBPF_MAP_TYPE_ARRAY, "ja", 8, 1);
	a1 = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "ja", 4, 1);
	a2 = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "ja", 4, 1);
	a3 = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "ja", 4, 1);
	p1 = counting(cnt, a1, "cycle p1");
	p2 = counting(cnt, a2, "cycle p2");
	p3 = counting(cnt, a3, "cycle self");
	if (p1 < 0 || p2 < 0 || p3 < 0)
		return;
	if (jit && (!jf_jited_len(p1) || !jf_jited_len(p2) || !jf_jited_len(p3))) {
		printf("cycles: not JITed with jit_enable=1\n");
		fails++;
	}
	jf_slot(a2, 0, p1, &fails);
	jf_slot(a1, 0, p2, &fails);
	jf_slot(a3, 0, p3, &fails);
	n1 = run(p1);
	kbpf_map_update_elem(cnt, &k, &zero, 0);
	n3 = run(p3);
	maps[0] = jf_map_id(cnt);
	maps[1] = jf_map_id(a1);
	maps[2] = jf_map_id(a2);
	maps[3] = jf_map_id(a3);
	progs[0] = jf_prog_id(p1);
	progs[1] = jf_prog_id(p2);
	progs[2] = jf_prog_id(p3);
	close(p1);
	close(p2);
	close(p3);
	close(a1);
	close(a2);
	close(a3);
	close(cnt);
	printf("cycles jit %d: mutual %llu runs, self %llu runs\n", jit,
	       (unsigned long long)n1, (unsigned long long)n3);
	if (n1 != 34 || n3 != 34) {
		printf("cycles jit %d: want 34 runs each\n", jit);
		fails++;
	}
	if (!all_gone(maps, 4, progs, 3)) {
		printf("cycles jit %d: arrays or programs left after close\n",
		       jit);
		fails++;
	}
}

static volatile int stop;
static int caller;
static long runs, bad;

static void *runner(void *arg)
{
	while (!stop) {
		__u64 r = run(caller);

		if (r != 3 && r != 7 && r != 8)
			bad++;
		runs++;
	}
	return arg;
}

/* 7 after bpf_loop(2000); or 8 after 512 bytes written and a loop */
static int target(int big)
{
	unsigned int ld;
	struct kbpf_asm a;
	int k;

	kbpf_asm_init(&a);
	if (big)
		for (k = 1; k <= 64; k++)
			KBPF_ASM(&a, KBPF_ST_MEM(KBPF_DW, R10, -8 * k, k));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R1, big ? 1000 : 2000));
	ld = a.n;
	KBPF_ASM(&a, KBPF_LD_IMM64_1(R2, KBPF_PSEUDO_FUNC, 0));
	KBPF_ASM(&a, KBPF_LD_IMM64_2(0));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R3, 0));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
	if (big)
		KBPF_ASM(&a, KBPF_LDX_MEM(KBPF_DW, R0, R10, -8));
	else
		KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 6));
	KBPF_ASM(&a, KBPF_ALU64_IMM(KBPF_ADD, R0, big ? 7 : 1));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	a.insn[ld].imm = (int)a.n - (int)ld - 1;
	KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 0));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	return load(&a, big ? "replace target 512" : "replace target 0");
}

static void replace(int seconds)
{
	int arr, t, rounds = 0;
	struct kbpf_asm a;
	pthread_t th;
	time_t end;
	__u32 k = 0;

	jf_set_jit(1);
	arr = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "ja", 4, 1);
	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	tail_call(&a, arr, 0);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 3));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	caller = load(&a, "replace caller");
	if (caller < 0)
		return;
	if (pthread_create(&th, NULL, runner, NULL)) {
		perror("pthread_create");
		exit(2);
	}
	end = time(NULL) + seconds;
	while (time(NULL) < end) {
		t = target(rounds & 1);
		if (t < 0)
			break;
		jf_slot(arr, 0, t, &fails);
		close(t);
		if (rounds % 5 == 4 && kbpf_map_delete_elem(arr, &k)) {
			printf("delete: errno %d\n", errno);
			fails++;
		}
		usleep(rounds % 3 * 500);
		rounds++;
	}
	stop = 1;
	pthread_join(th, NULL);
	close(caller);
	close(arr);
	printf("replace: %d rounds, %ld runs, %ld bad\n", rounds, runs, bad);
	if (bad || !runs)
		fails++;
}

/*
 * owner: a fresh prog array, and at once from two threads the load of a
 * caller that names it (JITed or not, as jit_enable says) and a slot
 * update with a program loaded the other way: the first decides the
 * array's kind, so exactly one of the two succeeds.
 */
static pthread_barrier_t owner_go;
static int owner_arr, owner_target, owner_slot_ok, owner_delay_us;

static void *owner_slotter(void *arg)
{
	__u32 k = 0;

	pthread_barrier_wait(&owner_go);
	/* a load takes longer than an update: spread where they cross */
	usleep(owner_delay_us);
	owner_slot_ok = !kbpf_map_update_elem(owner_arr, &k, &owner_target, 0);
	return arg;
}

static int ret42(void)
{
	struct kbpf_asm a;

	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 42));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	return load(&a, "owner target");
}

static void owner(int rounds)
{
	int targets[2], both = 0, none = 0, loads = 0, r, jit;
	struct kbpf_asm a;
	pthread_t th;

	for (jit = 0; jit < 2; jit++) {
		jf_set_jit(jit);
		targets[jit] = ret42();
		if (targets[jit] < 0)
			return;
	}
	pthread_barrier_init(&owner_go, NULL, 2);
	for (r = 0; r < rounds; r++) {
		int caller, caller_ok;

		/* the caller the other way from the slot's program */
		jit = r & 1;
		jf_set_jit(jit);
		owner_target = targets[!jit];
		owner_delay_us = (r / 2) % 16 * 100;
		owner_arr = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "ja", 4, 1);
		kbpf_asm_init(&a);
		KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
		tail_call(&a, owner_arr, 0);
		KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 3));
		KBPF_ASM(&a, KBPF_EXIT_INSN());
		if (kbpf_asm_done(&a))
			exit(2);
		if (pthread_create(&th, NULL, owner_slotter, NULL)) {
			perror("pthread_create");
			exit(2);
		}
		pthread_barrier_wait(&owner_go);
		caller = kbpf_prog_load(RAW_TP, "ja", NULL, a.insn, a.n, NULL);
		caller_ok = caller >= 0;
		if (!caller_ok && errno != EINVAL) {
			printf("owner: caller load errno %d\n", errno);
			fails++;
		}
		pthread_join(th, NULL);
		loads += caller_ok;
		if (caller_ok && owner_slot_ok) {
			both++;
			printf("owner: round %d: a %s caller and a %s target share an array\n",
			       r, jit ? "JITed" : "interpreted",
			       jit ? "interpreted" : "JITed");
		}
		none += !caller_ok && !owner_slot_ok;
		if (caller_ok)
			close(caller);
		close(owner_arr);
	}
	pthread_barrier_destroy(&owner_go);
	close(targets[0]);
	close(targets[1]);
	printf("owner: %d rounds, caller first %d, both %d, neither %d\n",
	       rounds, loads, both, none);
	if (both || none)
		fails++;
}

#define TRACING	"/sys/kernel/tracing/"

static int echo(const char *file, const char *text, int append)
{
	int fd = open(file, O_WRONLY | (append ? O_APPEND : O_TRUNC));
	ssize_t len = strlen(text), n;

	if (fd < 0)
		return -1;
	n = write(fd, text, len);
	close(fd);
	return n == len ? 0 : -1;
}

/*
 * The stacks the kprobe took, in order: how many JITed frames
 * (kbpf_jit_arena+...) each has below kbpf_interp_run_jited(), the C
 * function that ran the image; -1 when the walk never reached it. Lines
 * of one stack start with " => ". Returns the number of stacks.
 */
static int jited_frames(int *n, int max)
{
	int stacks = 0, frames = 0, done = 1;
	char line[512];
	FILE *f = fopen(TRACING "trace", "r");

	if (!f)
		return printf("trace: %s\n", strerror(errno)), 0;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "<stack trace>")) {
			if (stacks < max)
				n[stacks] = -1;
			stacks++;
			frames = 0;
			done = 0;
			continue;
		}
		if (done || strncmp(line, " => ", 4))
			continue;
		printf("  %s", line);
		if (strstr(line, "kbpf_jit_arena"))
			frames++;
		if (strstr(line, "kbpf_interp_run_jited")) {
			if (stacks <= max)
				n[stacks - 1] = frames;
			done = 1;
		}
	}
	fclose(f);
	return stacks;
}

/*
 * trace: a kprobe with a stacktrace trigger on the ktime_get_ns helper,
 * called by a tail-called program (one JITed frame, the first program's
 * rbp) and by its bpf_loop() callback (two, with the helper between):
 * the unwinder must walk them to kbpf_interp_run_jited().
 */
static void trace(void)
{
	int arr, p0, p1, n, frames[2] = { -1, -1 };
	unsigned int ld;
	struct kbpf_asm a;

	jf_set_jit(1);
	if (echo(TRACING "kprobe_events",
		 "p:kprobes/kbpf_jattack kbpf_helper_ktime_get_ns\n", 1)) {
		printf("trace: no kprobe events here (%s), skipped\n",
		       strerror(errno));
		return;
	}
	arr = jf_map_create(KBPF_MAP_TYPE_PROG_ARRAY, "ja", 4, 1);
	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_MOV64_REG(R6, R1));
	KBPF_ASM(&a, KBPF_ST_MEM(KBPF_DW, R10, -8, 1));
	tail_call(&a, arr, 0);
	KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 3));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	p0 = load(&a, "trace p0");
	kbpf_asm_init(&a);
	KBPF_ASM(&a, KBPF_ST_MEM(KBPF_DW, R10, -64, 1));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_ktime_get_ns));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R1, 1));
	ld = a.n;
	KBPF_ASM(&a, KBPF_LD_IMM64_1(R2, KBPF_PSEUDO_FUNC, 0));
	KBPF_ASM(&a, KBPF_LD_IMM64_2(0));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R3, 0));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R4, 0));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_loop));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 9));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	a.insn[ld].imm = (int)a.n - (int)ld - 1;
	KBPF_ASM(&a, KBPF_ST_MEM(KBPF_DW, R10, -32, 1));
	KBPF_ASM(&a, KBPF_CALL_HELPER(KBPF_FUNC_ktime_get_ns));
	KBPF_ASM(&a, KBPF_MOV64_IMM(R0, 0));
	KBPF_ASM(&a, KBPF_EXIT_INSN());
	p1 = load(&a, "trace p1");
	if (p0 < 0 || p1 < 0)
		goto out;
	jf_slot(arr, 0, p1, &fails);
	if (echo(TRACING "events/kprobes/kbpf_jattack/trigger", "stacktrace\n",
		 0) ||
	    echo(TRACING "events/kprobes/kbpf_jattack/enable", "1\n", 0) ||
	    echo(TRACING "trace", "", 0)) {
		printf("trace: cannot arm the kprobe\n");
		fails++;
		goto out;
	}
	n = run(p0);
	echo(TRACING "events/kprobes/kbpf_jattack/enable", "0\n", 0);
	if (n != 9) {
		printf("trace: the tail-called program returned %d\n", n);
		fails++;
	}
	/* two stacks: the second has the callback's frame too */
	n = jited_frames(frames, 2);
	printf("trace: %d stacks, JITed frames below kbpf_interp_run_jited: %d, %d\n",
	       n, frames[0], frames[1]);
	if (n != 2 || frames[0] != 1 || frames[1] != 2)
		fails++;
	echo(TRACING "events/kprobes/kbpf_jattack/trigger", "!stacktrace\n", 0);
out:
	echo(TRACING "kprobe_events", "-:kprobes/kbpf_jattack\n", 1);
	if (p0 >= 0)
		close(p0);
	if (p1 >= 0)
		close(p1);
	close(arr);
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 5;

	cycles(0);
	cycles(1);
	owner(200);
	trace();
	if (seconds > 0)
		replace(seconds);
	printf("jit_attack: %d failures\n", fails);
	return !!fails;
}
