// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers that take stack traces or fault, called from JITed frames
 * three bpf-to-bpf calls deep: hash map inserts (kmemleak and KASAN
 * record the allocation's stack, unwinding through the JIT's frames)
 * and copy_from_user from a page not yet faulted in (the fault sleeps
 * inside the helper). Helper G's attack harness; run on the debug kernel.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tools/lib/kbpf/kbpf.h"
#include "tools/lib/kbpf/asm.h"

static struct kbpf_asm A;

int main(void)
{
	struct kbpf_prog_load_opts o = { .sz = sizeof(o),
		.prog_flags = KBPF_F_SLEEPABLE };
	static char log[65536];
	int map, fd, i, k, d, bad = 0;
	__u64 key, val;

	map = kbpf_map_create(KBPF_MAP_TYPE_HASH, "h", 8, 8, 4096, NULL);
	if (map < 0)
		return printf("map: %s\n", strerror(errno)), 1;
	kbpf_asm_init(&A);
	/* main: ctx[0] = user pointer, ctx[1] = key base */
	KBPF_ASM(&A, KBPF_MOV64_REG(6, 1));
	kbpf_asm_call_sub(&A, 1);
	KBPF_ASM(&A, KBPF_EXIT_INSN());
	for (d = 1; d <= 3; d++) {
		kbpf_asm_label(&A, d);
		KBPF_ASM(&A, KBPF_MOV64_REG(6, 1));
		KBPF_ASM(&A, KBPF_ST_MEM(KBPF_DW, 10, -8, 0));
		if (d < 3) {
			KBPF_ASM(&A, KBPF_MOV64_REG(1, 6));
			kbpf_asm_call_sub(&A, d + 1);
			KBPF_ASM(&A, KBPF_EXIT_INSN());
			continue;
		}
		/* copy_from_user(fp - 8, 8, ctx[0]) */
		KBPF_ASM(&A, KBPF_MOV64_REG(1, 10));
		KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 1, -8));
		KBPF_ASM(&A, KBPF_MOV64_IMM(2, 8));
		KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 3, 6, 0));
		KBPF_ASM(&A, KBPF_CALL_HELPER(KBPF_FUNC_copy_from_user));
		KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 7, 6, 8));
		KBPF_ASM(&A, KBPF_MOV64_IMM(8, 0));
		kbpf_asm_label(&A, 10);
		KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 10, 7, -16));
		kbpf_asm_ld_map(&A, 1, map);
		KBPF_ASM(&A, KBPF_MOV64_REG(2, 10));
		KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 2, -16));
		KBPF_ASM(&A, KBPF_MOV64_REG(3, 10));
		KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 3, -8));
		KBPF_ASM(&A, KBPF_MOV64_IMM(4, 0));
		KBPF_ASM(&A, KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem));
		KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 7, 1));
		KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 8, 1));
		kbpf_asm_jmp_imm(&A, KBPF_JLT, 8, 16, 10);
		KBPF_ASM(&A, KBPF_MOV64_IMM(0, 7));
		KBPF_ASM(&A, KBPF_EXIT_INSN());
	}
	if (kbpf_asm_done(&A))
		return printf("asm %d\n", A.err), 2;
	o.log_buf = log;
	o.log_size = sizeof(log);
	o.log_level = 1;
	fd = kbpf_prog_load(KBPF_PROG_TYPE_SYSCALL, "unw", NULL, A.insn, A.n, &o);
	if (fd < 0) {
		size_t l = strlen(log);

		return printf("load: %s %s\n", strerror(errno),
			      l > 600 ? log + l - 600 : log), 1;
	}
	{
		struct kbpf_prog_info info;
		__u32 len = sizeof(info);

		memset(&info, 0, sizeof(info));
		kbpf_prog_get_info_by_fd(fd, &info, &len);
		printf("jited_prog_len %u\n", info.jited_prog_len);
	}
	for (k = 0; k < 64; k++) {
		/* a fresh page each round: copy_from_user faults it in */
		__u64 *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		__u64 ctx[2] = { (__u64)(unsigned long)p, k * 16 };
		struct kbpf_test_run_opts r = { .sz = sizeof(r), .ctx_in = ctx,
			.ctx_size_in = sizeof(ctx) };

		if (kbpf_prog_test_run_opts(fd, &r) || r.retval != 7) {
			printf("run %d: %s retval %u\n", k, strerror(errno), r.retval);
			bad++;
		}
		munmap(p, 4096);
	}
	for (i = 0; i < 64 * 16; i++) {
		key = i;
		if (kbpf_map_lookup_elem(map, &key, &val) || val != 0) {
			printf("key %d missing or %llu\n", i, (unsigned long long)val);
			bad++;
			break;
		}
	}
	printf("jit_unwind: %s\n", bad ? "FAIL" : "ok");
	return !!bad;
}
