// SPDX-License-Identifier: GPL-2.0
/*
 * link_stress: links attached and detached while their probes fire.
 *
 *   link_stress [SECONDS [kprobe]]    (SECONDS default 10)
 *
 * Threads of one process, for SECONDS:
 *  - two callers call getppid(2) and stress_target() (a function of this
 *    binary) in a loop;
 *  - with "kprobe", a kprobe thread loads a program, attaches it to the
 *    getppid entry (entry or return probe, alternately) and closes link
 *    and program in either order after a short random wait. Off by
 *    default: every kprobe attach and detach patches kernel text, and
 *    under QEMU's TCG with two vCPUs that patching now and then takes
 *    the guest down with an unclaimed int3 (seen with Linux's own
 *    kprobe_multi links and at boot, not only with kbpf's);
 *  - a uprobe thread does the same on stress_target() with a sleepable
 *    program copying the argument with bpf_copy_from_user() or a
 *    non-sleepable one using bpf_probe_read_user(), sometimes closing
 *    the program and its map before the link.
 * Every program counts its runs in its own map, element 0. Checked:
 *  - every load and LINK_CREATE succeeds;
 *  - the programs ran (the counters of the links that lived longest);
 *  - once everything is closed no link, program or map ID is left
 *    (unless KBPF_STRESS_SHARED is set: other tools share the kernel,
 *    and whoever runs them checks the IDs once all have ended).
 * With KBPF_TEST_TARGET=linux the same runs on Linux's bpf(2).
 * Prints TAP; exits 1 on any violation.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <uapi/linux/kbpf.h>
#include "tools/lib/kbpf/kbpf.h"

#define PT_REGS_DI	112

static volatile bool stop;
static long violations;
static long kprobe_links, uprobe_links, max_count, max_ucount;
static char self_path[4096];
static unsigned long target_off;

static void violation(const char *fmt, ...)
{
	va_list ap;

	if (__atomic_fetch_add(&violations, 1, __ATOMIC_RELAXED) >= 20)
		return;
	va_start(ap, fmt);
	printf("# VIOLATION: ");
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
}

__attribute__((noinline, used)) int stress_target(const char *s)
{
	asm volatile("" : : "r"(s) : "memory");
	return 7;
}

static int (*volatile call_target)(const char *s) = stress_target;

static int counter_map(void)
{
	int fd = kbpf_map_create(KBPF_MAP_TYPE_ARRAY, NULL, 4, 32, 1, NULL);

	if (fd < 0)
		violation("MAP_CREATE: %s", strerror(errno));
	return fd;
}

static __u64 read_count(int map)
{
	__u64 val[4] = { 0 };
	__u32 key = 0;

	if (kbpf_map_lookup_elem(map, &key, val))
		violation("MAP_LOOKUP_ELEM: %s", strerror(errno));
	return val[0];
}

/* Count the run in element 0; with @helper, copy 16 bytes from ctx->di. */
static int load_prog(int map, __u32 attach_type, int helper, bool sleepable)
{
	struct kbpf_insn insns[] = {
		KBPF_MOV64_REG(KBPF_REG_6, KBPF_REG_1),
		KBPF_ST_MEM(KBPF_W, KBPF_REG_10, -4, 0),
		KBPF_MOV64_REG(KBPF_REG_2, KBPF_REG_10),
		KBPF_ALU64_IMM(KBPF_ADD, KBPF_REG_2, -4),
		KBPF_LD_MAP_FD(KBPF_REG_1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, KBPF_REG_0, 0, 8),
		KBPF_MOV64_REG(KBPF_REG_7, KBPF_REG_0),
		KBPF_MOV64_IMM(KBPF_REG_1, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, KBPF_REG_7, KBPF_REG_1, 0),
		KBPF_MOV64_REG(KBPF_REG_1, KBPF_REG_7),
		KBPF_ALU64_IMM(KBPF_ADD, KBPF_REG_1, 8),
		KBPF_MOV64_IMM(KBPF_REG_2, 16),
		KBPF_LDX_MEM(KBPF_DW, KBPF_REG_3, KBPF_REG_6, PT_REGS_DI),
		KBPF_CALL_HELPER(helper),
		KBPF_MOV64_IMM(KBPF_REG_0, 0),
		KBPF_EXIT_INSN(),
	};
	char log[4096];
	KBPF_OPTS(kbpf_prog_load_opts, opts,
		  .expected_attach_type = attach_type,
		  .prog_flags = sleepable ? KBPF_F_SLEEPABLE : 0,
		  .log_buf = log, .log_size = sizeof(log), .log_level = 1);
	int fd;

	log[0] = 0;
	fd = kbpf_prog_load(KBPF_PROG_TYPE_KPROBE, NULL, "GPL", insns,
			    sizeof(insns) / sizeof(insns[0]), &opts);
	if (fd < 0)
		violation("PROG_LOAD: %s: %s", strerror(errno), log);
	return fd;
}

static void pause_a_little(unsigned int *seed)
{
	usleep(rand_r(seed) % 2000);
}

static void *callers(void *arg)
{
	(void)arg;
	while (!stop) {
		syscall(SYS_getppid);
		call_target("link_stress");
	}
	return NULL;
}

static void *kprobe_thread(void *arg)
{
	static const char *syms[] = { "__x64_sys_getppid" };
	unsigned int seed = 1;
	int map, prog, link;
	__u64 count;

	(void)arg;
	while (!stop) {
		map = counter_map();
		prog = load_prog(map, KBPF_TRACE_KPROBE_MULTI,
				 KBPF_FUNC_probe_read_kernel, false);
		KBPF_OPTS(kbpf_link_create_opts, opts,
			  .kprobe_multi.cnt = 1, .kprobe_multi.syms = syms,
			  .kprobe_multi.flags = rand_r(&seed) % 2 ?
				KBPF_F_KPROBE_MULTI_RETURN : 0);

		link = kbpf_link_create(prog, 0, KBPF_TRACE_KPROBE_MULTI,
					&opts);
		if (link < 0)
			violation("kprobe LINK_CREATE: %s", strerror(errno));
		else
			__atomic_fetch_add(&kprobe_links, 1, __ATOMIC_RELAXED);
		pause_a_little(&seed);
		if (rand_r(&seed) % 2) {
			close(prog);
			close(link);
		} else {
			close(link);
			close(prog);
		}
		count = read_count(map);
		if ((long)count > __atomic_load_n(&max_count, __ATOMIC_RELAXED))
			__atomic_store_n(&max_count, count, __ATOMIC_RELAXED);
		close(map);
	}
	return NULL;
}

static void *uprobe_thread(void *arg)
{
	unsigned int seed = 2;
	int map, prog, link;
	bool sleepable;
	__u64 count;

	(void)arg;
	while (!stop) {
		sleepable = rand_r(&seed) % 2;
		map = counter_map();
		prog = load_prog(map, KBPF_TRACE_UPROBE_MULTI,
				 sleepable ? KBPF_FUNC_copy_from_user :
					     KBPF_FUNC_probe_read_user,
				 sleepable);
		KBPF_OPTS(kbpf_link_create_opts, opts,
			  .uprobe_multi.path = self_path,
			  .uprobe_multi.offsets = &target_off,
			  .uprobe_multi.cnt = 1,
			  .uprobe_multi.flags = rand_r(&seed) % 3 ? 0 :
				KBPF_F_UPROBE_MULTI_RETURN);

		link = kbpf_link_create(prog, 0, KBPF_TRACE_UPROBE_MULTI,
					&opts);
		if (link < 0)
			violation("uprobe LINK_CREATE: %s", strerror(errno));
		else
			__atomic_fetch_add(&uprobe_links, 1, __ATOMIC_RELAXED);
		pause_a_little(&seed);
		count = read_count(map);
		if ((long)count > __atomic_load_n(&max_ucount, __ATOMIC_RELAXED))
			__atomic_store_n(&max_ucount, count, __ATOMIC_RELAXED);
		/* Sometimes the program and map go first; the link keeps them. */
		if (rand_r(&seed) % 2) {
			close(prog);
			close(map);
			close(link);
		} else {
			close(link);
			close(prog);
			close(map);
		}
	}
	return NULL;
}

static __u64 file_offset(const void *addr)
{
	unsigned long start, end, pgoff, a = (unsigned long)addr;
	char line[4096];
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %*s %lx", &start, &end, &pgoff) == 3 &&
		    a >= start && a < end) {
			fclose(f);
			return a - start + pgoff;
		}
	}
	if (f)
		fclose(f);
	return 0;
}

/* Whether any ID of this kind is left, waiting for deferred frees. */
static bool ids_left(int (*next_id)(__u32 start_id, __u32 *next_id))
{
	__u32 id;
	int tries;

	for (tries = 0; tries < 500; tries++) {
		if (next_id(0, &id) == -ENOENT)
			return false;
		usleep(10000);
	}
	return true;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 10;
	bool kprobes = argc > 2 && !strcmp(argv[2], "kprobe");
	const char *target = getenv("KBPF_TEST_TARGET");
	pthread_t threads[4];
	ssize_t n;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (kbpf_set_target_env()) {
		fprintf(stderr, "KBPF_TEST_TARGET=%s: %s\n", target,
			strerror(errno));
		return 1;
	}
	n = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	if (n < 0) {
		perror("readlink");
		return 1;
	}
	self_path[n] = 0;
	target_off = file_offset((const void *)stress_target);

	printf("TAP version 13\n1..1\n");
	pthread_create(&threads[0], NULL, callers, NULL);
	pthread_create(&threads[1], NULL, callers, NULL);
	pthread_create(&threads[2], NULL, uprobe_thread, NULL);
	if (kprobes)
		pthread_create(&threads[3], NULL, kprobe_thread, NULL);
	sleep(seconds);
	stop = true;
	for (i = 0; i < (kprobes ? 4 : 3); i++)
		pthread_join(threads[i], NULL);

	printf("# %ld uprobe links, most runs of one %ld; %ld kprobe links, most runs of one %ld\n",
	       uprobe_links, max_ucount, kprobe_links, max_count);
	if (!uprobe_links || !max_ucount ||
	    (kprobes && (!kprobe_links || !max_count)))
		violation("nothing ran");
	/* Sharing the kernel (the soak), other tools' IDs are theirs. */
	if (getenv("KBPF_STRESS_SHARED")) {
		printf("# KBPF_STRESS_SHARED: IDs are checked by the caller\n");
	} else {
		if (ids_left(kbpf_link_get_next_id))
			violation("link IDs left");
		if (ids_left(kbpf_prog_get_next_id))
			violation("program IDs left");
		if (ids_left(kbpf_map_get_next_id))
			violation("map IDs left");
	}
	if (violations) {
		printf("not ok 1 link_stress # %ld violations\n", violations);
		return 1;
	}
	printf("ok 1 link_stress\n");
	return 0;
}
