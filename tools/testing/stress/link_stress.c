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
 *  - once everything is closed no link, program or map ID is left.
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
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <uapi/linux/kbpf.h>
#include "tools/include/kbpf/insn.h"

#define PT_REGS_DI	112

static int kbpf_dev = -1;
static bool target_linux;
static volatile bool stop;
static long violations;
static long kprobe_links, uprobe_links, max_count, max_ucount;
static char self_path[4096];
static __u64 target_off;

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

static long sys_bpf(int cmd, union kbpf_attr *attr)
{
	struct kbpf_ioc ioc = {
		.cmd = cmd,
		.size = sizeof(*attr),
		.attr = (uintptr_t)attr,
	};

	if (target_linux)
		return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
	return ioctl(kbpf_dev, KBPF_IOC_BPF, &ioc);
}

__attribute__((noinline, used)) int stress_target(const char *s)
{
	asm volatile("" : : "r"(s) : "memory");
	return 7;
}

static int (*volatile call_target)(const char *s) = stress_target;

static int counter_map(void)
{
	union kbpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = KBPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 32;
	attr.max_entries = 1;
	fd = sys_bpf(KBPF_MAP_CREATE, &attr);
	if (fd < 0)
		violation("MAP_CREATE: %s", strerror(errno));
	return fd;
}

static __u64 read_count(int map)
{
	__u64 val[4] = { 0 };
	union kbpf_attr attr;
	__u32 key = 0;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map;
	attr.key = (uintptr_t)&key;
	attr.value = (uintptr_t)val;
	if (sys_bpf(KBPF_MAP_LOOKUP_ELEM, &attr))
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
		KBPF_LD_IMM64_1(KBPF_REG_1, KBPF_PSEUDO_MAP_FD, map),
		KBPF_LD_IMM64_2(0),
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
	union kbpf_attr attr;
	char log[4096];
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = KBPF_PROG_TYPE_KPROBE;
	attr.expected_attach_type = attach_type;
	attr.insns = (uintptr_t)insns;
	attr.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	attr.license = (uintptr_t)"GPL";
	attr.prog_flags = sleepable ? KBPF_F_SLEEPABLE : 0;
	attr.log_buf = (uintptr_t)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	log[0] = 0;
	fd = sys_bpf(KBPF_PROG_LOAD, &attr);
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
	union kbpf_attr attr;
	int map, prog, link;
	__u64 count;

	(void)arg;
	while (!stop) {
		map = counter_map();
		prog = load_prog(map, KBPF_TRACE_KPROBE_MULTI,
				 KBPF_FUNC_probe_read_kernel, false);
		memset(&attr, 0, sizeof(attr));
		attr.link_create.prog_fd = prog;
		attr.link_create.attach_type = KBPF_TRACE_KPROBE_MULTI;
		attr.link_create.kprobe_multi.cnt = 1;
		attr.link_create.kprobe_multi.syms = (uintptr_t)syms;
		attr.link_create.kprobe_multi.flags =
			rand_r(&seed) % 2 ? KBPF_F_KPROBE_MULTI_RETURN : 0;
		link = sys_bpf(KBPF_LINK_CREATE, &attr);
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
	union kbpf_attr attr;
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
		memset(&attr, 0, sizeof(attr));
		attr.link_create.prog_fd = prog;
		attr.link_create.attach_type = KBPF_TRACE_UPROBE_MULTI;
		attr.link_create.uprobe_multi.path = (uintptr_t)self_path;
		attr.link_create.uprobe_multi.offsets = (uintptr_t)&target_off;
		attr.link_create.uprobe_multi.cnt = 1;
		attr.link_create.uprobe_multi.flags =
			rand_r(&seed) % 3 ? 0 : KBPF_F_UPROBE_MULTI_RETURN;
		link = sys_bpf(KBPF_LINK_CREATE, &attr);
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
static bool ids_left(int cmd)
{
	union kbpf_attr attr;
	int tries;

	for (tries = 0; tries < 500; tries++) {
		memset(&attr, 0, sizeof(attr));
		if (sys_bpf(cmd, &attr) && errno == ENOENT)
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
	target_linux = target && !strcmp(target, "linux");
	if (!target_linux) {
		kbpf_dev = open("/dev/kbpf", O_RDWR | O_CLOEXEC);
		if (kbpf_dev < 0) {
			perror("/dev/kbpf");
			return 1;
		}
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
	if (ids_left(KBPF_LINK_GET_NEXT_ID))
		violation("link IDs left");
	if (ids_left(KBPF_PROG_GET_NEXT_ID))
		violation("program IDs left");
	if (ids_left(KBPF_MAP_GET_NEXT_ID))
		violation("map IDs left");
	if (violations) {
		printf("not ok 1 link_stress # %ld violations\n", violations);
		return 1;
	}
	printf("ok 1 link_stress\n");
	return 0;
}
