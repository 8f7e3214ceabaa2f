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

static int load_insns(const struct kbpf_insn *p, int n)
{
	struct kbpf_prog_load_opts o = { .sz = sizeof(o),
		.prog_flags = KBPF_F_SLEEPABLE };

	return kbpf_prog_load(KBPF_PROG_TYPE_SYSCALL, "fill", NULL, p, n, &o);
}

static int load(int n)
{
	return load_insns(ins, n);
}

static __u32 jlen(int fd);

static __u32 run(int fd, __u64 in)
{
	__u64 ctx[1] = { in };
	struct kbpf_test_run_opts r = { .sz = sizeof(r), .ctx_in = ctx,
		.ctx_size_in = sizeof(ctx) };

	if (kbpf_prog_test_run_opts(fd, &r))
		return 0xdeadbeef;
	return r.retval;
}

/*
 * A HASH lookup in a program loaded while the JIT is on is rewritten into
 * a call of the map's walk (an internal ID past every helper's); with the
 * arena full the program runs interpreted, which must make that call as
 * the JIT does. For keys of 4, 8 and 3 bytes (the three walks): keys
 * 0-7 hold 3 * key + 1; returns the number of wrong results.
 */
static struct kbpf_insn hins[4200];

/*
 * The lookup, its result in r8, then the fill program's @n - 1
 * instructions before its exit (an image too large for what is left of
 * the arena), then r0 = r8.
 */
static int hash_load(int map, int n)
{
	int h = 0;

	hins[h++] = (struct kbpf_insn)KBPF_MOV64_REG(9, 1);
	hins[h++] = (struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 6, 1, 0);
	hins[h++] = (struct kbpf_insn)KBPF_ST_MEM(KBPF_DW, 10, -16, 0);
	hins[h++] = (struct kbpf_insn)KBPF_STX_MEM(KBPF_W, 10, 6, -16);
	hins[h++] = (struct kbpf_insn)KBPF_MOV64_REG(2, 10);
	hins[h++] = (struct kbpf_insn)KBPF_ALU64_IMM(KBPF_ADD, 2, -16);
	hins[h++] = (struct kbpf_insn)KBPF_LD_IMM64_1(1, KBPF_PSEUDO_MAP_FD, map);
	hins[h++] = (struct kbpf_insn)KBPF_LD_IMM64_2(0);
	hins[h++] = (struct kbpf_insn)KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem);
	hins[h++] = (struct kbpf_insn)KBPF_MOV64_IMM(8, 0xdead);
	hins[h++] = (struct kbpf_insn)KBPF_JMP_IMM(KBPF_JEQ, 0, 0, 1);
	hins[h++] = (struct kbpf_insn)KBPF_LDX_MEM(KBPF_W, 8, 0, 0);
	hins[h++] = (struct kbpf_insn)KBPF_MOV64_REG(1, 9);
	memcpy(hins + h, ins, (n - 1) * sizeof(ins[0]));
	h += n - 1;
	hins[h++] = (struct kbpf_insn)KBPF_MOV64_REG(0, 8);
	hins[h++] = (struct kbpf_insn)KBPF_EXIT_INSN();
	return load_insns(hins, h);
}

/* Calls in @fd's xlated code: of map_lookup_elem, of IDs past the helpers. */
static void xlated_calls(int fd, int *lookups, int *internal)
{
	static struct kbpf_insn x[4200];
	struct kbpf_prog_info info;
	__u32 len = sizeof(info), i;

	*lookups = -1;
	*internal = -1;
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = sizeof(x);
	info.xlated_prog_insns = (__u64)(unsigned long)x;
	if (kbpf_prog_get_info_by_fd(fd, &info, &len) ||
	    info.xlated_prog_len > sizeof(x))
		return;
	*lookups = 0;
	*internal = 0;
	for (i = 0; i < info.xlated_prog_len / sizeof(x[0]); i++) {
		if (x[i].code != (KBPF_JMP | KBPF_CALL) || x[i].src_reg)
			continue;
		*lookups += x[i].imm == KBPF_FUNC_map_lookup_elem;
		*internal += x[i].imm >= __KBPF_FUNC_MAX_ID;
	}
}

static int hash_fallback(int n)
{
	static const __u32 key_sizes[] = { 4, 8, 3 };
	int map, fd, bad = 0, lookups, internal;
	__u32 t, key, v;
	__u8 kb[8];

	for (t = 0; t < 3; t++) {
		map = kbpf_map_create(KBPF_MAP_TYPE_HASH, "fillh", key_sizes[t],
				      4, 16, NULL);
		if (map < 0) {
			printf("hash map: %s\n", strerror(errno));
			return 1;
		}
		for (key = 0; key < 8; key++) {
			memset(kb, 0, sizeof(kb));
			memcpy(kb, &key, 3);
			v = 3 * key + 1;
			if (kbpf_map_update_elem(map, kb, &v, 0))
				bad++;
		}
		fd = hash_load(map, n);
		if (fd < 0) {
			printf("hash load: %s\n", strerror(errno));
			close(map);
			return bad + 1;
		}
		xlated_calls(fd, &lookups, &internal);
		printf("hash key %u with the arena full: jited len %u, xlated calls: %d map_lookup_elem, %d internal\n",
		       key_sizes[t], jlen(fd), lookups, internal);
		if (jlen(fd) || lookups != 0 || internal != 1) {
			printf("FAIL hash key %u: want interpreted, rewritten\n",
			       key_sizes[t]);
			bad++;
		}
		for (key = 0; key < 10; key++) {
			v = run(fd, key);
			if (v != (key < 8 ? 3 * key + 1 : 0xdead)) {
				printf("DIFF hash key %u: key %u gives %#x\n",
				       key_sizes[t], key, v);
				bad++;
			}
		}
		close(fd);
		close(map);
	}
	return bad;
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
	if (interp)
		bad += hash_fallback(n);
	else
		printf("arena never full: no interpreted hash lookups\n");
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
