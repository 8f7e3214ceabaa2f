// SPDX-License-Identifier: GPL-2.0
/*
 * Differential check of the JIT against the interpreter: every program is
 * loaded once with jit_enable=0 and once with jit_enable=1 (the module
 * parameter is writable), both run on the same SYSCALL ctx, and the ctx
 * they leave must be the same bytes. Helper G's attack harness.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/syscall.h>

#include "tools/lib/kbpf/kbpf.h"
#include "tools/lib/kbpf/asm.h"
#include "jitfuzz_common.h"

#define NIN	10
#define MAXC	100
#define NCTX	(NIN + MAXC * NIN)

static struct kbpf_insn ins[32768];
static int n, ncase, no_tail;
/*
 * 1: the JITed load's xlated code must be longer than the interpreted
 * one's (the verifier inlined something); 0: the same length; -1: either.
 */
static int expect_inline = -1;
static const char *gname;
static int fails, groups, loadfail, notjited;
/* Load without a log (programs whose level 1 log would not fit). */
static int no_log;
static const int regs[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9 };
#define NREGS 9
static __u64 vec[16][NIN];
#define NVEC 16

static void emit(struct kbpf_insn i) { ins[n++] = i; }
static void begin(const char *name)
{
	gname = name;
	n = 0;
	ncase = 0;
	emit((struct kbpf_insn)KBPF_MOV64_REG(6, 1));
}

static void reload(void)
{
	int i;

	for (i = 0; i < NREGS; i++)
		emit((struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, regs[i], 6, regs[i] * 8));
}

static int outbase(void) { return NIN + ncase * NIN; }

static void store_all(void)
{
	int i;

	for (i = 0; i < NREGS; i++)
		emit((struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, 6, regs[i],
						    (outbase() + regs[i]) * 8));
}

static int load(int jit)
{
	static char log[1 << 16];
	struct kbpf_prog_load_opts o = { .sz = sizeof(o),
		.prog_flags = KBPF_F_SLEEPABLE, .log_buf = log,
		.log_size = sizeof(log), .log_level = 1 };
	int fd;

	if (no_log) {
		o.log_level = 0;
		o.log_buf = NULL;
		o.log_size = 0;
	}
	jf_set_jit(jit);
	log[0] = 0;
	fd = kbpf_prog_load(KBPF_PROG_TYPE_SYSCALL, "jd", NULL, ins, n, &o);
	if (fd < 0) {
		size_t l = strlen(log);
		printf("LOADFAIL %s jit=%d errno=%d log tail: %s\n", gname, jit,
		       errno, l > 400 ? log + l - 400 : log);
	}
	return fd;
}

/*
 * With expect_base 1, the JITed load's xlated must find an inlined
 * lookup's values at the map plus a constant (r1 += imm, as Linux); with
 * 0, through a load from the map (r1 = *(u64 *)(r1 + off)); -1: either.
 */
static int expect_base = -1;

static int xlated_base_check(int fd)
{
	static struct kbpf_insn x[2 * sizeof(ins) / sizeof(ins[0])];
	struct kbpf_prog_info info;
	__u32 len = sizeof(info), i, n;
	int add = 0, ldx = 0;

	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = sizeof(x);
	info.xlated_prog_insns = (__u64)(unsigned long)x;
	if (kbpf_prog_get_info_by_fd(fd, &info, &len))
		return -1;
	n = info.xlated_prog_len / sizeof(x[0]);
	for (i = 0; i < n; i++) {
		if (x[i].code == (KBPF_ALU64 | KBPF_ADD | KBPF_K) &&
		    x[i].dst_reg == 1)
			add++;
		if (x[i].code == (KBPF_LDX | KBPF_MEM | KBPF_DW) &&
		    x[i].dst_reg == 1 && x[i].src_reg == 1)
			ldx++;
	}
	return expect_base ? add && !ldx : ldx && !add;
}

static void end(void)
{
	static __u64 c0[NCTX], c1[NCTX];
	int f0, f1, v, i;

	if (!no_tail) {
		emit((struct kbpf_insn)KBPF_MOV64_IMM(0, 0));
		emit((struct kbpf_insn)KBPF_EXIT_INSN());
	}
	groups++;
	f0 = load(0);
	f1 = load(1);
	if (f0 < 0 || f1 < 0) {
		loadfail++;
		goto out;
	}
	if (!jf_jited_len(f1)) {
		printf("NOTJITED %s\n", gname);
		notjited++;
	}
	if (expect_inline >= 0 &&
	    (jf_xlated_len(f1) > jf_xlated_len(f0)) != expect_inline) {
		printf("INLINE %s: xlated %u bytes interpreted, %u JITed; inlining expected: %d\n",
		       gname, jf_xlated_len(f0), jf_xlated_len(f1), expect_inline);
		fails++;
	}
	if (expect_base >= 0 && xlated_base_check(f1) != 1) {
		printf("BASE %s: the values' address is not %s\n", gname,
		       expect_base ? "the map's plus a constant" :
		       "loaded from the map");
		fails++;
	}
	for (v = 0; v < NVEC; v++) {
		struct kbpf_test_run_opts r0 = { .sz = sizeof(r0) }, r1;

		memset(c0, 0x5a, sizeof(c0));
		memcpy(c0, vec[v], sizeof(vec[v]));
		memcpy(c1, c0, sizeof(c0));
		r0.ctx_in = c0;
		r0.ctx_size_in = (NIN + ncase * NIN) * 8;
		r1 = r0;
		r1.ctx_in = c1;
		if (kbpf_prog_test_run_opts(f0, &r0) ||
		    kbpf_prog_test_run_opts(f1, &r1)) {
			printf("RUNFAIL %s errno=%d\n", gname, errno);
			fails++;
			break;
		}
		for (i = NIN; i < NIN + ncase * NIN; i++) {
			if (c0[i] == c1[i])
				continue;
			fails++;
			printf("DIFF %s case %d reg/slot %d vec %d: interp %#llx jit %#llx (in r%d)\n",
			       gname, (i - NIN) / NIN, i % NIN, v,
			       (unsigned long long)c0[i],
			       (unsigned long long)c1[i], i % NIN);
			if (fails > 60)
				exit(1);
		}
	}
out:
	if (f0 >= 0)
		close(f0);
	if (f1 >= 0)
		close(f1);
}

static void next_case(void)
{
	ncase++;
	if (ncase >= MAXC) {
		fprintf(stderr, "too many cases in %s\n", gname);
		exit(2);
	}
}

static __u64 rnd(void)
{
	static __u64 s = 0x123456789abcdefull;

	s = s * 6364136223846793005ull + 1442695040888963407ull;
	return s ^ (s >> 29);
}

static void make_vecs(void)
{
	static const __u64 sp[] = { 0, 1, -1ull, 0x80000000, 0x7fffffff,
		0xffffffff, 0x8000000000000000ull, 63, 64, 32, 31, 33,
		0x100000001ull, 0xffffffff80000000ull, 0x7fffffffffffffffull,
		2, -2ull, 0x8000, 0x80, 0xff80, 16, 8, 65 };
	int v, i;

	for (v = 0; v < NVEC; v++)
		for (i = 0; i < NIN; i++) {
			__u64 r = rnd();

			vec[v][i] = (r & 3) ? sp[(r >> 8) % (sizeof(sp) / 8)] : rnd();
		}
}

static const struct { int op; const char *name; } alu_ops[] = {
	{ KBPF_ADD, "add" }, { KBPF_SUB, "sub" }, { KBPF_MUL, "mul" },
	{ KBPF_DIV, "div" }, { KBPF_MOD, "mod" }, { KBPF_OR, "or" },
	{ KBPF_AND, "and" }, { KBPF_XOR, "xor" }, { KBPF_LSH, "lsh" },
	{ KBPF_RSH, "rsh" }, { KBPF_ARSH, "arsh" }, { KBPF_MOV, "mov" },
};

static void alu_x(void)
{
	char name[64];
	int w, k, d, s, off;

	for (w = 0; w < 2; w++)
		for (k = 0; k < (int)(sizeof(alu_ops) / sizeof(alu_ops[0])); k++) {
			int offs[4] = { 0 }, noff = 1, o;

			if (alu_ops[k].op == KBPF_DIV || alu_ops[k].op == KBPF_MOD)
				offs[noff++] = 1;
			if (alu_ops[k].op == KBPF_MOV) {
				offs[noff++] = 8;
				offs[noff++] = 16;
				if (w)
					offs[noff++] = 32;
			}
			for (o = 0; o < noff; o++) {
				off = offs[o];
				snprintf(name, sizeof(name), "%s%s_x_off%d",
					 alu_ops[k].name, w ? "64" : "32", off);
				/* 81 pairs: two groups */
				begin(name);
				for (d = 0; d < NREGS; d++) {
					for (s = 0; s < NREGS; s++) {
						if (ncase == 60) {
							end();
							begin(name);
						}
						reload();
						if (w)
							emit((struct kbpf_insn)KBPF_ALU64_REG_OFF(alu_ops[k].op, regs[d], regs[s], off));
						else
							emit((struct kbpf_insn)KBPF_ALU32_REG_OFF(alu_ops[k].op, regs[d], regs[s], off));
						store_all();
						next_case();
					}
				}
				end();
			}
		}
}

static void alu_k(void)
{
	static const int imms[] = { 1, -1, 0x7fffffff, (int)0x80000000, 31,
		8, 0x80, -7, 3, 63, 32, 16, 0xffff, -0x10000 };
	char name[64];
	int w, k, d, i, off;

	for (w = 0; w < 2; w++)
		for (k = 0; k < (int)(sizeof(alu_ops) / sizeof(alu_ops[0])); k++)
			for (off = 0; off < 2; off++) {
				int op = alu_ops[k].op;

				if (off && op != KBPF_DIV && op != KBPF_MOD)
					continue;
				snprintf(name, sizeof(name), "%s%s_k_off%d",
					 alu_ops[k].name, w ? "64" : "32", off);
				begin(name);
				for (d = 0; d < NREGS; d++)
					for (i = 0; i < (int)(sizeof(imms) / sizeof(imms[0])); i++) {
						int imm = imms[i];

						if ((op == KBPF_LSH || op == KBPF_RSH || op == KBPF_ARSH) &&
						    (imm < 0 || imm >= (w ? 64 : 32)))
							continue;
						if (ncase == 60) {
							end();
							begin(name);
						}
						reload();
						if (w)
							emit((struct kbpf_insn)KBPF_ALU64_IMM_OFF(op, regs[d], imm, off));
						else
							emit((struct kbpf_insn)KBPF_ALU32_IMM_OFF(op, regs[d], imm, off));
						store_all();
						next_case();
					}
				end();
			}
}

static void unary(void)
{
	int d, b;

	begin("neg_end_bswap");
	for (d = 0; d < NREGS; d++) {
		reload();
		emit((struct kbpf_insn)KBPF_ALU64_IMM(KBPF_NEG, regs[d], 0));
		store_all();
		next_case();
		reload();
		emit((struct kbpf_insn)KBPF_ALU32_IMM(KBPF_NEG, regs[d], 0));
		store_all();
		next_case();
	}
	end();
	for (b = 16; b <= 64; b *= 2) {
		begin("end");
		for (d = 0; d < NREGS; d++) {
			reload();
			emit((struct kbpf_insn)KBPF_ENDIAN(KBPF_TO_LE, regs[d], b));
			store_all();
			next_case();
			reload();
			emit((struct kbpf_insn)KBPF_ENDIAN(KBPF_TO_BE, regs[d], b));
			store_all();
			next_case();
			reload();
			emit((struct kbpf_insn)KBPF_BSWAP(regs[d], b));
			store_all();
			next_case();
		}
		end();
	}
}

static const int jops[] = { KBPF_JEQ, KBPF_JNE, KBPF_JSET, KBPF_JGT,
	KBPF_JGE, KBPF_JLT, KBPF_JLE, KBPF_JSGT, KBPF_JSGE, KBPF_JSLT,
	KBPF_JSLE };

static void jmps(void)
{
	static const int imms[] = { 0, 1, -1, 0x7fffffff, (int)0x80000000, 64, -64 };
	char name[64];
	int w, k, d, s, x;

	for (w = 0; w < 2; w++)
		for (k = 0; k < 11; k++)
			for (x = 0; x < 2; x++) {
				snprintf(name, sizeof(name), "jmp%s_op%#x_%s",
					 w ? "64" : "32", jops[k], x ? "x" : "k");
				begin(name);
				for (d = 0; d < NREGS; d++)
					for (s = 0; s < (x ? NREGS : 7); s++) {
						struct kbpf_insn j;
						int cls = w ? KBPF_JMP : KBPF_JMP32;

						if (ncase == 60) {
							end();
							begin(name);
						}
						reload();
						if (x)
							j = (struct kbpf_insn)KBPF_RAW_INSN(cls | jops[k] | KBPF_X, regs[d], regs[s], 2, 0);
						else
							j = (struct kbpf_insn)KBPF_RAW_INSN(cls | jops[k] | KBPF_K, regs[d], 0, 2, imms[s]);
						emit(j);
						emit((struct kbpf_insn)KBPF_ST_MEM(KBPF_DW, 6, (outbase() + 6) * 8, 1));
						emit((struct kbpf_insn)KBPF_JMP_A(1));
						emit((struct kbpf_insn)KBPF_ST_MEM(KBPF_DW, 6, (outbase() + 6) * 8, 2));
						store_all();
						next_case();
					}
				end();
			}
}

static void atomics(void)
{
	static const int aops[] = { KBPF_ADD, KBPF_OR, KBPF_AND, KBPF_XOR,
		KBPF_ADD | KBPF_FETCH, KBPF_OR | KBPF_FETCH,
		KBPF_AND | KBPF_FETCH, KBPF_XOR | KBPF_FETCH, KBPF_XCHG,
		KBPF_CMPXCHG };
	char name[64];
	int sz, k, s, via, off;

	for (sz = 0; sz < 2; sz++)
		for (k = 0; k < 10; k++)
			for (via = 0; via < 2; via++) {
				snprintf(name, sizeof(name), "atomic%s_%#x_%s",
					 sz ? "64" : "32", aops[k],
					 via ? "copy" : "r10");
				begin(name);
				for (s = 0; s < NREGS; s++)
					for (off = -16; off <= -8; off += sz ? 8 : 4) {
						int dst = 10;

						if (via && (regs[s] == 7))
							continue;
						/* [r10-16, r10) from ctx slot 6 and slot 9^ */
						emit((struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 0, 6, 6 * 8));
						emit((struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, 10, 0, -8));
						emit((struct kbpf_insn)KBPF_ALU64_IMM(KBPF_XOR, 0, 0x5a5a5a5));
						emit((struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, 10, 0, -16));
						reload();
						if (via) {
							emit((struct kbpf_insn)KBPF_MOV64_REG(7, 10));
							emit((struct kbpf_insn)KBPF_ALU64_IMM(KBPF_ADD, 7, -32));
							dst = 7;
						}
						emit((struct kbpf_insn)KBPF_ATOMIC_OP(sz ? KBPF_DW : KBPF_W,
							aops[k], dst, regs[s], via ? off + 32 : off));
						if (via)
							emit((struct kbpf_insn)KBPF_MOV64_IMM(7, 0));
						store_all();
						emit((struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 1, 10, -8));
						emit((struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, 6, 1, (outbase() + 6) * 8));
						next_case();
						emit((struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 1, 10, -16));
						emit((struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, 6, 1, (outbase() + 6) * 8));
						next_case();
					}
				end();
			}
	/* cmpxchg with r0 as the address: copy of r10 in r0 */
	begin("cmpxchg_r0_base");
	for (sz = 0; sz < 2; sz++)
		for (s = 1; s < NREGS; s++) {
			emit((struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 0, 6, 6 * 8));
			emit((struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, 10, 0, -8));
			reload();
			emit((struct kbpf_insn)KBPF_MOV64_REG(0, 10));
			emit((struct kbpf_insn)KBPF_ATOMIC_OP(sz ? KBPF_DW : KBPF_W,
				KBPF_XOR | KBPF_FETCH, 0, regs[s], -8));
			emit((struct kbpf_insn)KBPF_MOV64_IMM(0, 0));
			store_all();
			emit((struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 1, 10, -8));
			emit((struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, 6, 1, (outbase() + 6) * 8));
			next_case();
		}
	end();
}

static void loads(void)
{
	static const int szs[] = { KBPF_B, KBPF_H, KBPF_W, KBPF_DW };
	int z, d, sx, off;

	for (sx = 0; sx < 2; sx++) {
		begin(sx ? "ldx_memsx" : "ldx_mem");
		for (z = 0; z < (sx ? 3 : 4); z++)
			for (d = 0; d < NREGS; d++)
				for (off = -8; off < 0; off += 4) {
					if (!sx && szs[z] == KBPF_DW && off == -4)
						continue;
					emit((struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 0, 6, 6 * 8));
					emit((struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, 10, 0, -8));
					reload();
					/* through a copy of r10 that is also dst */
					emit((struct kbpf_insn)KBPF_MOV64_REG(regs[d], 10));
					emit((struct kbpf_insn)KBPF_ALU64_IMM(KBPF_ADD, regs[d], off));
					if (sx)
						emit((struct kbpf_insn)KBPF_LDX_MEMSX(szs[z], regs[d], regs[d], 0));
					else
						emit((struct kbpf_insn)KBPF_LDX_MEM(szs[z], regs[d], regs[d], 0));
					store_all();
					next_case();
					if (ncase == 90) {
						end();
						begin("ld_more");
					}
				}
		end();
	}
}

/*
 * Eight frames (main + 7), 64 bytes of stack each (512 in all), each
 * passing a pointer to its stack down, calling a helper, and checking
 * r6-r9 survive; a conditional jump and a gotol over far code.
 */
static struct kbpf_asm A;

static void calls(void)
{
	int k, x, i;

	kbpf_asm_init(&A);
	KBPF_ASM(&A, KBPF_MOV64_REG(6, 1));
	for (i = 0; i < NREGS; i++)
		if (regs[i] != 1)
			KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, regs[i], 6, regs[i] * 8));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 10, 7, -8));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 10, 8, -64));
	KBPF_ASM(&A, KBPF_MOV64_REG(1, 10));
	KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 1, -8));
	kbpf_asm_call_sub(&A, 1);
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 0, (NIN + 0) * 8));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 7, (NIN + 7) * 8));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 8, (NIN + 8) * 8));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 9, (NIN + 9) * 8));
	KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 1, 10, -8));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 1, (NIN + 1) * 8));
	KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 1, 10, -64));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 1, (NIN + 2) * 8));
	/* far jumps: r2/r3 compared, then 300 insns skipped or not */
	KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 2, 6, 2 * 8));
	KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 3, 6, 3 * 8));
	KBPF_ASM(&A, KBPF_MOV64_IMM(4, 0));
	kbpf_asm_jmp_reg(&A, KBPF_JSGT, 2, 3, 20);
	for (x = 0; x < 300; x++)
		KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 4, x));
	kbpf_asm_label(&A, 20);
	kbpf_asm_jmp_reg(&A, KBPF_JLT, 2, 3, 21);
	kbpf_asm_ja(&A, 22);
	kbpf_asm_label(&A, 21);
	for (x = 0; x < 200; x++)
		KBPF_ASM(&A, KBPF_ALU32_IMM(KBPF_MUL, 4, x | 1));
	kbpf_asm_label(&A, 22);
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 4, (NIN + 3) * 8));
	KBPF_ASM(&A, KBPF_MOV64_IMM(0, 0));
	KBPF_ASM(&A, KBPF_EXIT_INSN());
	for (k = 1; k <= 7; k++) {
		kbpf_asm_label(&A, k);
		KBPF_ASM(&A, KBPF_MOV64_REG(7, 1));
		KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 8, 7, 0));
		KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_MUL, 8, 3));
		KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 8, k));
		KBPF_ASM(&A, KBPF_MOV64_REG(9, 8));
		KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_LSH, 9, k));
		KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 10, 8, -8));
		KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 10, 9, -64));
		if (k < 7) {
			KBPF_ASM(&A, KBPF_MOV64_REG(1, 10));
			KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 1, -8));
			kbpf_asm_call_sub(&A, k + 1);
		}
		KBPF_ASM(&A, KBPF_CALL_HELPER(KBPF_FUNC_get_current_uid_gid));
		KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 1, 10, -8));
		KBPF_ASM(&A, KBPF_ALU64_REG(KBPF_XOR, 0, 1));
		KBPF_ASM(&A, KBPF_ALU64_REG(KBPF_ADD, 0, 8));
		KBPF_ASM(&A, KBPF_ALU64_REG(KBPF_MUL, 0, 9));
		KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 1, 10, -64));
		KBPF_ASM(&A, KBPF_ALU64_REG(KBPF_ADD, 0, 1));
		KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 7, 0, 0));
		KBPF_ASM(&A, KBPF_EXIT_INSN());
	}
	if (kbpf_asm_done(&A)) {
		printf("asm error %d\n", A.err);
		exit(2);
	}
	gname = "calls_far";
	memcpy(ins, A.insn, A.n * sizeof(ins[0]));
	n = A.n;
	ncase = 1;
	no_tail = 1;
	end();
	no_tail = 0;
}

/* gotol far forward, far backward jcc loop, r10 copies spilled, jump to the last insn */
static void misc(void)
{
	int x;

	kbpf_asm_init(&A);
	KBPF_ASM(&A, KBPF_MOV64_REG(6, 1));
	KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 2, 6, 2 * 8));
	KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 3, 6, 3 * 8));
	KBPF_ASM(&A, KBPF_MOV64_IMM(4, 0));
	KBPF_ASM(&A, KBPF_JMP_IMM(KBPF_JEQ, 2, 1, 1));
	KBPF_ASM(&A, KBPF_JMP32_A(300));
	for (x = 0; x < 300; x++)
		KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 4, 1));
	KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 4, 5));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 4, (NIN + 1) * 8));
	KBPF_ASM(&A, KBPF_MOV64_IMM(5, 0));
	kbpf_asm_label(&A, 1);
	KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 5, 1));
	for (x = 0; x < 200; x++)
		KBPF_ASM(&A, KBPF_ALU32_REG(x & 1 ? KBPF_ADD : KBPF_XOR, 4, 5));
	kbpf_asm_jmp_imm(&A, KBPF_JLT, 5, 3, 1);
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 4, (NIN + 2) * 8));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 5, (NIN + 3) * 8));
	KBPF_ASM(&A, KBPF_MOV64_REG(7, 10));
	KBPF_ASM(&A, KBPF_ALU64_IMM(KBPF_ADD, 7, -16));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 7, 2, 8));
	KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 8, 10, -8));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 8, (NIN + 4) * 8));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 10, 7, -24));
	KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 9, 10, -24));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_W, 9, 3, 12));
	KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 9, 9, 8));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 9, (NIN + 5) * 8));
	KBPF_ASM(&A, KBPF_ST_MEM(KBPF_DW, 10, -512, 77));
	KBPF_ASM(&A, KBPF_LDX_MEM(KBPF_DW, 1, 10, -512));
	KBPF_ASM(&A, KBPF_STX_MEM(KBPF_DW, 6, 1, (NIN + 6) * 8));
	KBPF_ASM(&A, KBPF_MOV64_IMM(0, 5));
	kbpf_asm_jmp_reg(&A, KBPF_JSGT, 2, 3, 2);
	KBPF_ASM(&A, KBPF_ST_MEM(KBPF_DW, 6, (NIN + 7) * 8, 9));
	KBPF_ASM(&A, KBPF_MOV64_IMM(0, 0));
	kbpf_asm_label(&A, 2);
	KBPF_ASM(&A, KBPF_EXIT_INSN());
	if (kbpf_asm_done(&A)) {
		printf("asm error %d\n", A.err);
		exit(2);
	}
	gname = "misc";
	memcpy(ins, A.insn, A.n * sizeof(ins[0]));
	n = A.n;
	ncase = 1;
	no_tail = 1;
	/* r3 bounds the loop: keep it small and positive */
	for (x = 0; x < NVEC; x++)
		vec[x][3] &= 7;
	end();
	no_tail = 0;
}

/* Whether fd's JITed image holds the 4 bytes of @v (little-endian). */
static int image_has(int fd, __u32 v)
{
	static unsigned char img[1 << 16];
	struct kbpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	info.jited_prog_insns = (__u64)(unsigned long)img;
	info.jited_prog_len = sizeof(img);
	if (kbpf_prog_get_info_by_fd(fd, &info, &len) || !info.jited_prog_len) {
		printf("BLIND no image: errno %d\n", errno);
		fails++;
		return -1;
	}
	return memmem(img, info.jited_prog_len, &v, sizeof(v)) != NULL;
}

/*
 * Constant blinding (jit_harden=2): a program with a distinctive 32-bit
 * immediate in each blinded form (mov64, mov32, add64, xor32, jeq,
 * st, both halves of ld_imm64) has none of them in its image, while
 * with jit_harden=0 it has all of them (the check can see them); then
 * the blinded program against the interpreter, over the input vectors.
 */
static void blinding(void)
{
	static const __u32 k[] = { 0x5a3c96e1, 0x6b4da7f2, 0x7c5eb803,
		0x0d6fc914, 0x1e70da25, 0x2f81eb36, 0x3092fc47, 0x41526374 };
	int harden, fd, i, found, saved;

	begin("blind");
	reload();
	emit((struct kbpf_insn)KBPF_MOV64_IMM(1, k[0]));
	emit((struct kbpf_insn)KBPF_MOV32_IMM(2, k[1]));
	emit((struct kbpf_insn)KBPF_ALU64_IMM(KBPF_ADD, 3, k[2]));
	emit((struct kbpf_insn)KBPF_ALU32_IMM(KBPF_XOR, 4, k[3]));
	emit((struct kbpf_insn)KBPF_JMP_IMM(KBPF_JEQ, 5, k[4], 1));
	emit((struct kbpf_insn)KBPF_MOV64_IMM(5, 3));
	emit((struct kbpf_insn)KBPF_ST_MEM(KBPF_DW, 10, -8, k[5]));
	emit((struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 7, 10, -8));
	emit((struct kbpf_insn)KBPF_LD_IMM64_1(8, 0, k[6] | (__u64)k[7] << 32));
	emit((struct kbpf_insn)KBPF_LD_IMM64_2(k[6] | (__u64)k[7] << 32));
	emit((struct kbpf_insn)KBPF_MOV64_IMM(0, 0));
	store_all();
	next_case();
	saved = jf_set_param("jit_harden", 0);
	for (harden = 0; harden <= 2; harden += 2) {
		emit((struct kbpf_insn)KBPF_MOV64_IMM(0, 0));
		emit((struct kbpf_insn)KBPF_EXIT_INSN());
		jf_set_param("jit_harden", harden);
		fd = load(1);
		n -= 2;
		if (fd < 0) {
			loadfail++;
			continue;
		}
		for (found = 0, i = 0; i < 8; i++)
			found += image_has(fd, k[i]) == 1;
		close(fd);
		printf("blind: jit_harden=%d: %d of 8 constants in the image\n",
		       harden, found);
		if (found != (harden ? 0 : 8))
			fails++;
	}
	/* f1 of end() is the blinded one */
	end();
	jf_set_param("jit_harden", saved);
}

/* The effective capabilities; the permitted ones stay. */
static __u64 caps_effective(__u64 eff)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	__u64 old;

	if (syscall(SYS_capget, &hdr, d)) {
		perror("capget");
		exit(2);
	}
	old = d[0].effective | (__u64)d[1].effective << 32;
	d[0].effective = eff;
	d[1].effective = eff >> 32;
	if (syscall(SYS_capset, &hdr, d)) {
		perror("capset");
		exit(2);
	}
	return old;
}

/*
 * An array of @max elements whose first u64 is 0x1000 + i * 0x10001 (on
 * every CPU for a per-CPU array); made with CAP_BPF alone when @unpriv,
 * so that its lookups are masked against speculation.
 */
static int lookup_map(__u32 type, __u32 value_size, __u32 max, int unpriv,
		      __u32 map_flags)
{
	struct kbpf_map_create_opts opts = {
		.sz = sizeof(opts),
		.map_flags = map_flags,
	};
	int ncpus = type == KBPF_MAP_TYPE_PERCPU_ARRAY ?
		    kbpf_num_possible_cpus() : 1;
	size_t elem = (value_size + 7) / 8 * 8;
	__u64 saved = 0;
	char *val;
	__u32 i;
	int fd, c;

	if (unpriv)
		saved = caps_effective(1ull << CAP_BPF);
	fd = kbpf_map_create(type, "jd", 4, value_size, max, &opts);
	if (unpriv)
		caps_effective(saved);
	val = calloc(ncpus, elem);
	if (fd < 0 || !val) {
		perror("lookup map");
		exit(2);
	}
	for (i = 0; i < max; i++) {
		for (c = 0; c < ncpus; c++)
			*(__u64 *)(val + c * elem) = 0x1000 + i * 0x10001ull;
		if (kbpf_map_update_elem(fd, &i, val, 0)) {
			perror("lookup map update");
			exit(2);
		}
	}
	free(val);
	return fd;
}

/*
 * Map lookups, which the verifier inlines for a program to be JITed:
 * keys 0, 1, the last, the first past the end, 0x7fffffff, 0x80000000,
 * 0xffffffff, max + 1, and two from the input (the low 32 bits raw and
 * masked to 0-255), each case storing the value found or 0xdead for
 * NULL. Arrays of power-of-two and other sizes, elements a power of two
 * (shift) or not (multiply), made with and without CAP_PERFMON (masked:
 * inlined only for a power-of-two size); a per-CPU array (not inlined);
 * mmap()able arrays, whose values are not in the map's allocation.
 * Each group also checks that xlated grew exactly where inlining is
 * expected. Then bpf_get_smp_processor_id(), which the JIT inlines, on
 * each CPU.
 */
static void lookups(void)
{
	static const struct {
		__u32 type, value_size, max;
		int unpriv, inlined;
		const char *name;
		__u32 map_flags;
	} m[] = {
		{ KBPF_MAP_TYPE_ARRAY, 8, 1, 0, 1, "lookup_array_8x1" },
		{ KBPF_MAP_TYPE_ARRAY, 8, 7, 0, 1, "lookup_array_8x7" },
		{ KBPF_MAP_TYPE_ARRAY, 12, 8, 0, 1, "lookup_array_12x8" },
		{ KBPF_MAP_TYPE_ARRAY, 24, 1000, 0, 1, "lookup_array_24x1000" },
		{ KBPF_MAP_TYPE_ARRAY, 8, 256, 1, 1, "lookup_array_8x256_masked" },
		{ KBPF_MAP_TYPE_ARRAY, 40, 4, 1, 1, "lookup_array_40x4_masked" },
		{ KBPF_MAP_TYPE_ARRAY, 8, 7, 1, 0, "lookup_array_8x7_unpriv" },
		{ KBPF_MAP_TYPE_PERCPU_ARRAY, 8, 8, 0, 0, "lookup_percpu_8x8" },
		/* values of their own (mmap()ed), not after the map */
		{ KBPF_MAP_TYPE_ARRAY, 16, 600, 0, 1, "lookup_array_mmapable",
		  KBPF_F_MMAPABLE },
		{ KBPF_MAP_TYPE_ARRAY, 8, 512, 1, 1,
		  "lookup_array_mmapable_masked", KBPF_F_MMAPABLE },
	};
	unsigned int k, j, cpu, ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	for (k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
		__u32 keys[8] = { 0, 1, m[k].max - 1, m[k].max, 0x7fffffff,
				  0x80000000, 0xffffffff, m[k].max + 1 };
		int fd = lookup_map(m[k].type, m[k].value_size, m[k].max,
				    m[k].unpriv, m[k].map_flags);

		begin(m[k].name);
		for (j = 0; j < NIN; j++) {
			if (j < 8) {
				emit((struct kbpf_insn)KBPF_ST_MEM(KBPF_W, 10, -4, keys[j]));
			} else {
				emit((struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 2, 6, (j - 7) * 8));
				if (j == 9)
					emit((struct kbpf_insn)KBPF_ALU64_IMM(KBPF_AND, 2, 0xff));
				emit((struct kbpf_insn)KBPF_STX_MEM(KBPF_W, 10, 2, -4));
			}
			emit((struct kbpf_insn)KBPF_LD_IMM64_1(1, KBPF_PSEUDO_MAP_FD, fd));
			emit((struct kbpf_insn)KBPF_LD_IMM64_2(0));
			emit((struct kbpf_insn)KBPF_MOV64_REG(2, 10));
			emit((struct kbpf_insn)KBPF_ALU64_IMM(KBPF_ADD, 2, -4));
			emit((struct kbpf_insn)KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
			emit((struct kbpf_insn)KBPF_JMP_IMM(KBPF_JEQ, 0, 0, 3));
			emit((struct kbpf_insn)KBPF_LDX_MEM(KBPF_DW, 3, 0, 0));
			emit((struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, 6, 3, (outbase() + j) * 8));
			emit((struct kbpf_insn)KBPF_JMP_A(1));
			emit((struct kbpf_insn)KBPF_ST_MEM(KBPF_DW, 6, (outbase() + j) * 8, 0xdead));
		}
		next_case();
		expect_inline = m[k].inlined;
		if (m[k].inlined)
			expect_base = !(m[k].map_flags & KBPF_F_MMAPABLE);
		end();
		expect_inline = -1;
		expect_base = -1;
		close(fd);
	}

	/* The CPU's number, on each CPU in turn (both loads run there). */
	for (cpu = 0; cpu < ncpu; cpu++) {
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			continue;
		begin("smp_processor_id");
		emit((struct kbpf_insn)KBPF_MOV64_IMM(1, 11));
		emit((struct kbpf_insn)KBPF_CALL_HELPER(KBPF_FUNC_get_smp_processor_id));
		emit((struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, 6, 0, outbase() * 8));
		/* r6-r9 kept; r0's upper half zero */
		emit((struct kbpf_insn)KBPF_ALU64_IMM(KBPF_RSH, 0, 32));
		emit((struct kbpf_insn)KBPF_STX_MEM(KBPF_DW, 6, 0, (outbase() + 1) * 8));
		emit((struct kbpf_insn)KBPF_ST_MEM(KBPF_DW, 6, (outbase() + 2) * 8, cpu));
		next_case();
		end();
	}
	CPU_ZERO(&set);
	for (cpu = 0; cpu < ncpu; cpu++)
		CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

#define I(...)	emit((struct kbpf_insn)__VA_ARGS__)

/* The value found (first u64) or 0xdead into ctx slot @slot. */
static void emit_found(int slot)
{
	I(KBPF_JMP_IMM(KBPF_JEQ, 0, 0, 3));
	I(KBPF_LDX_MEM(KBPF_DW, 3, 0, 0));
	I(KBPF_STX_MEM(KBPF_DW, 6, 3, slot * 8));
	I(KBPF_JMP_A(1));
	I(KBPF_ST_MEM(KBPF_DW, 6, slot * 8, 0xdead));
}

/* r2 = input @j, raw, masked to 0-1023 or to 0-7 */
static void emit_key(int j)
{
	I(KBPF_LDX_MEM(KBPF_DW, 2, 6, j * 8));
	if (j % 3)
		I(KBPF_ALU64_IMM(KBPF_AND, 2, j % 3 == 1 ? 0x3ff : 7));
}

/* How many calls of helper @id the program's xlated code makes. */
static int xlated_calls(int fd, __s32 id)
{
	static struct kbpf_insn x[2 * sizeof(ins) / sizeof(ins[0])];
	struct kbpf_prog_info info;
	__u32 len = sizeof(info), i;
	int calls = 0;

	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = sizeof(x);
	info.xlated_prog_insns = (__u64)(unsigned long)x;
	if (kbpf_prog_get_info_by_fd(fd, &info, &len))
		return -1;
	for (i = 0; i < info.xlated_prog_len / sizeof(x[0]); i++)
		if (x[i].code == (KBPF_JMP | KBPF_CALL) && !x[i].src_reg &&
		    x[i].imm == id)
			calls++;
	return calls;
}

/*
 * The program just built, loaded again interpreted (0) and to be JITed
 * (1), for what each load's xlated calls: @want calls of each helper in
 * @ids interpreted; none JITed where the verifier was to @rewrite them
 * into direct calls, all of them otherwise.
 */
static void check_rewrite(const char *name, int rewritten, const __s32 *ids,
			  unsigned int nids, int want)
{
	int f0 = load(0), f1 = load(1);
	unsigned int id;

	if (f0 < 0 || f1 < 0) {
		loadfail++;
	} else {
		for (id = 0; id < nids; id++) {
			int n0 = xlated_calls(f0, ids[id]);
			int n1 = xlated_calls(f1, ids[id]);

			if (n0 == want && n1 == (rewritten ? 0 : want))
				continue;
			printf("REWRITE %s: helper %d calls %d interpreted, %d JITed; rewrite expected: %d\n",
			       name, ids[id], n0, n1, rewritten);
			fails++;
		}
	}
	if (f0 >= 0)
		close(f0);
	if (f1 >= 0)
		close(f1);
}

/*
 * Hash lookups: keys 7 * i (i < 64) present, value 0x1000 + key *
 * 0x10001, in maps of 4-, 8-, 12- and 3-byte keys (the key a u32 in the
 * first bytes, zero above). Each case stores the value found or 0xdead:
 * keys 0, 7, 441 (the last), 3 and 442 (absent), then the inputs masked
 * to 0-511 or raw. A HASH lookup in a program to be JITed is rewritten
 * into a direct call of the map's walk (xlated: no map_lookup_elem call
 * left); PERCPU_HASH and LRU_HASH keep the helper.
 */
static void hash_lookups(void)
{
	static const struct {
		__u32 type, key_size;
		int rewritten;
		const char *name;
	} m[] = {
		{ KBPF_MAP_TYPE_HASH, 4, 1, "lookup_hash_k4" },
		{ KBPF_MAP_TYPE_HASH, 8, 1, "lookup_hash_k8" },
		{ KBPF_MAP_TYPE_HASH, 12, 1, "lookup_hash_k12" },
		{ KBPF_MAP_TYPE_HASH, 3, 1, "lookup_hash_k3" },
		{ KBPF_MAP_TYPE_PERCPU_HASH, 4, 0, "lookup_percpu_hash_k4" },
		{ KBPF_MAP_TYPE_LRU_HASH, 8, 0, "lookup_lru_hash_k8" },
	};
	static const __u32 keys[5] = { 0, 7, 441, 3, 442 };
	static const __s32 lookup_id = KBPF_FUNC_map_lookup_elem;
	unsigned int k, j, c, ncpus;
	__u8 key[16];
	__u64 *val;
	__u32 i, kv;
	int fd;

	for (k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
		ncpus = m[k].type == KBPF_MAP_TYPE_PERCPU_HASH ?
			kbpf_num_possible_cpus() : 1;
		fd = kbpf_map_create(m[k].type, "jh", m[k].key_size, 8, 64,
				     NULL);
		val = calloc(ncpus, 8);
		if (fd < 0 || !val) {
			perror("hash lookup map");
			exit(2);
		}
		for (i = 0; i < 64; i++) {
			memset(key, 0, sizeof(key));
			kv = 7 * i;
			memcpy(key, &kv, sizeof(kv));
			for (c = 0; c < ncpus; c++)
				val[c] = 0x1000 + kv * 0x10001ull;
			if (kbpf_map_update_elem(fd, key, val, 0)) {
				perror("hash lookup map update");
				exit(2);
			}
		}
		free(val);
		begin(m[k].name);
		for (j = 0; j < NIN; j++) {
			I(KBPF_ST_MEM(KBPF_DW, 10, -16, 0));
			I(KBPF_ST_MEM(KBPF_DW, 10, -8, 0));
			if (j < 5) {
				I(KBPF_ST_MEM(KBPF_W, 10, -16, keys[j]));
			} else {
				I(KBPF_LDX_MEM(KBPF_DW, 2, 6, (j - 4) * 8));
				if (j % 2)
					I(KBPF_ALU64_IMM(KBPF_AND, 2, 0x1ff));
				I(KBPF_STX_MEM(KBPF_W, 10, 2, -16));
			}
			I(KBPF_LD_IMM64_1(1, KBPF_PSEUDO_MAP_FD, fd));
			I(KBPF_LD_IMM64_2(0));
			I(KBPF_MOV64_REG(2, 10));
			I(KBPF_ALU64_IMM(KBPF_ADD, 2, -16));
			I(KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
			emit_found(outbase() + j);
		}
		next_case();
		end();
		check_rewrite(m[k].name, m[k].rewritten, &lookup_id, 1, NIN);
		close(fd);
	}
}

/*
 * Hash updates and deletes: for each input j, key (input & 7) as a u32
 * (zero above, in maps of 4-, 8- and 12-byte keys), value the input:
 * update ANY, update again with flags j % 4 (ANY, NOEXIST, EXIST, and 3,
 * invalid), lookup, delete, delete again; each result in its own case.
 * Every run leaves the map empty, so runs repeat. A HASH update or
 * delete in a program to be JITed is rewritten into a direct call of
 * the map's own function (xlated: no such helper call left);
 * PERCPU_HASH and LRU_HASH keep the helpers.
 */
static void hash_updates(void)
{
	static const struct {
		__u32 type, key_size;
		int rewritten;
		const char *name;
	} m[] = {
		{ KBPF_MAP_TYPE_HASH, 4, 1, "update_hash_k4" },
		{ KBPF_MAP_TYPE_HASH, 8, 1, "update_hash_k8" },
		{ KBPF_MAP_TYPE_HASH, 12, 1, "update_hash_k12" },
		{ KBPF_MAP_TYPE_PERCPU_HASH, 4, 0, "update_percpu_hash_k4" },
		{ KBPF_MAP_TYPE_LRU_HASH, 8, 0, "update_lru_hash_k8" },
	};
	static const __s32 ids[] = {
		KBPF_FUNC_map_update_elem, KBPF_FUNC_map_delete_elem,
	};
	unsigned int k, j, c;
	int fd, base;

	for (k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
		fd = kbpf_map_create(m[k].type, "ju", m[k].key_size, 8, 16,
				     NULL);
		if (fd < 0) {
			perror("hash update map");
			exit(2);
		}
		begin(m[k].name);
		base = outbase();
		for (j = 0; j < NIN; j++) {
			I(KBPF_ST_MEM(KBPF_DW, 10, -16, 0));
			I(KBPF_ST_MEM(KBPF_DW, 10, -8, 0));
			I(KBPF_LDX_MEM(KBPF_DW, 2, 6, j * 8));
			I(KBPF_STX_MEM(KBPF_DW, 10, 2, -24));
			I(KBPF_ALU64_IMM(KBPF_AND, 2, 7));
			I(KBPF_STX_MEM(KBPF_W, 10, 2, -16));
			for (c = 0; c < 5; c++) {
				I(KBPF_LD_IMM64_1(1, KBPF_PSEUDO_MAP_FD, fd));
				I(KBPF_LD_IMM64_2(0));
				I(KBPF_MOV64_REG(2, 10));
				I(KBPF_ALU64_IMM(KBPF_ADD, 2, -16));
				if (c < 2) {
					I(KBPF_MOV64_REG(3, 10));
					I(KBPF_ALU64_IMM(KBPF_ADD, 3, -24));
					I(KBPF_MOV64_IMM(4, c ? j % 4 : 0));
					I(KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem));
				} else if (c == 2) {
					I(KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
					emit_found(base + c * NIN + j);
					continue;
				} else {
					I(KBPF_CALL_HELPER(KBPF_FUNC_map_delete_elem));
				}
				I(KBPF_STX_MEM(KBPF_DW, 6, 0, (base + c * NIN + j) * 8));
			}
		}
		for (c = 0; c < 5; c++)
			next_case();
		end();
		check_rewrite(m[k].name, m[k].rewritten, ids,
			      sizeof(ids) / sizeof(ids[0]), 2 * NIN);
		close(fd);
	}
}

/*
 * Lookups the verifier must not inline, or whose inlined form must run
 * right interpreted: one call site reached with two maps (4 x 8 bytes
 * and 1000 x 24: inlining either one's bounds and element size for the
 * other reads the wrong element or past the values), the same through
 * one subprogram called with each, and a bpf_loop() callback's lookup
 * in a masked array at jit_harden 0 and 2 (blinded, JITed: the lookup
 * still inlined).
 */
static void lookup_paths(void)
{
	int a = lookup_map(KBPF_MAP_TYPE_ARRAY, 8, 4, 0, 0);
	int b = lookup_map(KBPF_MAP_TYPE_ARRAY, 24, 1000, 0, 0);
	int c = lookup_map(KBPF_MAP_TYPE_ARRAY, 8, 8, 1, 0);
	int j, harden, saved, call[NIN], sub;

	begin("lookup_two_maps");
	for (j = 0; j < NIN; j++) {
		emit_key(j);
		I(KBPF_STX_MEM(KBPF_W, 10, 2, -4));
		I(KBPF_MOV64_REG(3, 2));
		I(KBPF_ALU64_IMM(KBPF_AND, 3, 2));
		I(KBPF_JMP_IMM(KBPF_JEQ, 3, 0, 3));
		I(KBPF_LD_IMM64_1(1, KBPF_PSEUDO_MAP_FD, b));
		I(KBPF_LD_IMM64_2(0));
		I(KBPF_JMP_A(2));
		I(KBPF_LD_IMM64_1(1, KBPF_PSEUDO_MAP_FD, a));
		I(KBPF_LD_IMM64_2(0));
		I(KBPF_MOV64_REG(2, 10));
		I(KBPF_ALU64_IMM(KBPF_ADD, 2, -4));
		I(KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
		emit_found(outbase() + j);
	}
	next_case();
	expect_inline = 0;
	end();

	begin("lookup_subprog_two_maps");
	for (j = 0; j < NIN; j++) {
		emit_key(j);
		I(KBPF_LD_IMM64_1(1, KBPF_PSEUDO_MAP_FD, j & 1 ? b : a));
		I(KBPF_LD_IMM64_2(0));
		call[j] = n;
		I(KBPF_CALL_REL(0));
		I(KBPF_STX_MEM(KBPF_DW, 6, 0, (outbase() + j) * 8));
	}
	I(KBPF_MOV64_IMM(0, 0));
	I(KBPF_EXIT_INSN());
	sub = n;
	for (j = 0; j < NIN; j++)
		ins[call[j]].imm = sub - call[j] - 1;
	I(KBPF_STX_MEM(KBPF_W, 10, 2, -4));
	I(KBPF_MOV64_REG(2, 10));
	I(KBPF_ALU64_IMM(KBPF_ADD, 2, -4));
	I(KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
	I(KBPF_JMP_IMM(KBPF_JEQ, 0, 0, 2));
	I(KBPF_LDX_MEM(KBPF_DW, 0, 0, 0));
	I(KBPF_EXIT_INSN());
	I(KBPF_MOV64_IMM(0, 0xdead));
	I(KBPF_EXIT_INSN());
	next_case();
	no_tail = 1;
	end();
	no_tail = 0;

	saved = jf_set_param("jit_harden", 0);
	for (harden = 0; harden <= 2; harden += 2) {
		jf_set_param("jit_harden", harden);
		begin(harden ? "lookup_loop_cb_harden2" : "lookup_loop_cb");
		for (j = 0; j < NIN; j++) {
			I(KBPF_ST_MEM(KBPF_DW, 10, -8, 0));
			I(KBPF_LDX_MEM(KBPF_DW, 1, 6, j * 8));
			I(KBPF_ALU64_IMM(KBPF_AND, 1, 15));
			call[j] = n;
			I(KBPF_RAW_INSN(KBPF_LD | KBPF_DW | KBPF_IMM, 2,
					 KBPF_PSEUDO_FUNC, 0, 0));
			I(KBPF_LD_IMM64_2(0));
			I(KBPF_MOV64_REG(3, 10));
			I(KBPF_ALU64_IMM(KBPF_ADD, 3, -8));
			I(KBPF_MOV64_IMM(4, 0));
			I(KBPF_CALL_HELPER(KBPF_FUNC_loop));
			I(KBPF_LDX_MEM(KBPF_DW, 1, 10, -8));
			I(KBPF_STX_MEM(KBPF_DW, 6, 1, (outbase() + j) * 8));
		}
		I(KBPF_MOV64_IMM(0, 0));
		I(KBPF_EXIT_INSN());
		sub = n;
		for (j = 0; j < NIN; j++)
			ins[call[j]].imm = sub - call[j] - 1;
		/* the callback: *ctx += value at key index, if any */
		I(KBPF_MOV64_REG(6, 2));
		I(KBPF_STX_MEM(KBPF_W, 10, 1, -4));
		I(KBPF_LD_IMM64_1(1, KBPF_PSEUDO_MAP_FD, c));
		I(KBPF_LD_IMM64_2(0));
		I(KBPF_MOV64_REG(2, 10));
		I(KBPF_ALU64_IMM(KBPF_ADD, 2, -4));
		I(KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
		I(KBPF_JMP_IMM(KBPF_JEQ, 0, 0, 4));
		I(KBPF_LDX_MEM(KBPF_DW, 3, 0, 0));
		I(KBPF_LDX_MEM(KBPF_DW, 4, 6, 0));
		I(KBPF_ALU64_REG(KBPF_ADD, 4, 3));
		I(KBPF_STX_MEM(KBPF_DW, 6, 4, 0));
		I(KBPF_MOV64_IMM(0, 0));
		I(KBPF_EXIT_INSN());
		next_case();
		no_tail = 1;
		expect_inline = 1;
		end();
	}
	no_tail = 0;
	expect_inline = -1;
	jf_set_param("jit_harden", saved);
	close(a);
	close(b);
	close(c);
}

/*
 * Blinding near the 16-bit jump limit: a jeq whose off spans @n adds
 * of a chosen immediate, each 3 instructions once blinded, so that the
 * blinded jump needs 3 * @n: 32766 still fits (JITed, blinded), 32769
 * does not (the JIT must refuse it, and the program runs interpreted,
 * never with a truncated offset). A gotol across the same adds and a
 * ld_imm64 (7 once blinded) then checks imm-relative targets.
 */
static void blind_far_one(int cnt, const char *name)
{
	int j;

	begin(name);
	I(KBPF_LDX_MEM(KBPF_DW, 2, 6, 0));
	I(KBPF_LDX_MEM(KBPF_DW, 4, 6, 8));
	I(KBPF_JMP_IMM(KBPF_JEQ, 2, 0x7fff, cnt));
	for (j = 0; j < cnt; j++)
		I(KBPF_ALU64_IMM(KBPF_ADD, 4, 0x3c5a0000 + j));
	I(KBPF_STX_MEM(KBPF_DW, 6, 4, outbase() * 8));
	I(KBPF_JMP_IMM(KBPF_JNE, 2, 0x7fff, 1));
	I(KBPF_JMP32_A(cnt / 2 + 2));
	I(KBPF_LD_IMM64_1(4, 0, 0x1234567890abcdefull));
	I(KBPF_LD_IMM64_2(0x1234567890abcdefull));
	for (j = 0; j < cnt / 2; j++)
		I(KBPF_ALU64_IMM(KBPF_XOR, 4, 0x2b4d0000 + j));
	I(KBPF_STX_MEM(KBPF_DW, 6, 4, (outbase() + 1) * 8));
	next_case();
	end();
}

static void blind_far(void)
{
	int saved = jf_set_param("jit_harden", 2);

	no_log = 1;
	/* the first input must hit the jump's value sometimes */
	vec[0][0] = 0x7fff;
	vec[1][0] = 0x7fff;
	blind_far_one(10922, "blind_far_fits");
	blind_far_one(10923, "blind_far_too_far");
	no_log = 0;
	jf_set_param("jit_harden", saved);
}

/*
 * @bytes of x86 code folding into r4 (rcx) in an order that shows: add,
 * xor and multiply by 3 with 8-bit immediates (4 bytes each), and up to
 * three 3-byte "r4 ^= r2" for the remainder (@bytes >= 9).
 */
static void jl_filler(int bytes, int salt)
{
	static const int ops[] = { KBPF_ADD, KBPF_XOR, KBPF_MUL };
	int k;

	for (; bytes % 4; bytes -= 3)
		I(KBPF_ALU64_REG(KBPF_XOR, 4, 2));
	for (k = 0; bytes; bytes -= 4, k++)
		I(KBPF_ALU64_IMM(ops[k % 3], 4,
				 k % 3 == 2 ? 3 : (salt + k) % 120 + 1));
}

/*
 * One case of jump_limits(): @kind 0 jcc, 1 jcc32, 2 ja, 3 gotol
 * forward over @bytes of code; 4 a loop of 3 rounds closed by a jcc back
 * over them; 5 by a ja back, with the loop's test (a jcc forward over
 * the ja) at its top.
 */
static void jl_case(int kind, int bytes)
{
	int at, top;

	reload();
	I(KBPF_MOV64_IMM(5, 3));
	top = n;
	at = n;
	switch (kind) {
	case 0:
		I(KBPF_JMP_IMM(KBPF_JGT, 2, 0x40, 0));
		break;
	case 1:
		I(KBPF_JMP32_IMM(KBPF_JGT, 2, 0x40, 0));
		break;
	case 2:
	case 3:
		I(KBPF_JMP_IMM(KBPF_JSGT, 3, 2, 1));
		at = n;
		I(KBPF_RAW_INSN((kind == 2 ? KBPF_JMP : KBPF_JMP32) | KBPF_JA,
				0, 0, 0, 0));
		break;
	case 5:
		I(KBPF_JMP_IMM(KBPF_JSLE, 5, 0, 0));
		I(KBPF_ALU64_IMM(KBPF_SUB, 5, 1));
		break;
	}
	jl_filler(bytes, bytes);
	if (kind == 4) {
		I(KBPF_ALU64_IMM(KBPF_SUB, 5, 1));
		I(KBPF_JMP_IMM(KBPF_JSGT, 5, 0, top - n - 1));
	} else if (kind == 5) {
		I(KBPF_JMP_A(top - n - 1));
		ins[at].off = n - at - 1;
	} else if (kind == 3) {
		ins[at].imm = n - at - 1;
	} else {
		ins[at].off = n - at - 1;
	}
	store_all();
	next_case();
}

/*
 * The staircase of jumps J_24 ... J_1, 60 bytes of code after each; J_k
 * jumps over its code, J_k-1 and J_k-1's code (130 bytes with J_k-1 a
 * rel32 jcc, 126 with a rel8 one): one step a pass, so only the padding
 * from the 15th pass settles it (KUnit kbpf_jit_jumps shows both).
 */
static void jl_staircase(void)
{
	int k, at;

	begin("jlimit_staircase");
	reload();
	for (k = 24; k >= 1; k--) {
		at = n;
		I(KBPF_JMP_IMM(KBPF_JSGT, 2, (signed char)(k * 11), 0));
		jl_filler(60, k);
		ins[at].off = k == 1 ? 15 : 31;
	}
	store_all();
	next_case();
	end();
}

/*
 * Jumps across the rel8 limit, each kind over every distance from 104 to
 * 152 bytes of code (the JIT sizes jumps by the previous pass's layout
 * and pads from the 15th pass: docs/jit.md), and the staircase.
 */
static void jump_limits(void)
{
	static const char *const kinds[] = { "jcc", "jcc32", "ja", "gotol",
					     "loop_jcc", "loop_ja" };
	char name[64];
	int kind, b;

	/* the loops' level 1 log outgrows the buffer */
	no_log = 1;
	for (kind = 0; kind < 6; kind++) {
		snprintf(name, sizeof(name), "jlimit_%s", kinds[kind]);
		begin(name);
		for (b = 104; b <= 152; b++)
			jl_case(kind, b);
		end();
	}
	jl_staircase();
	no_log = 0;
}

/*
 * Whether fd's xlated code bounds an index by @max (jge imm @max) and
 * then masks it (and imm @max - 1) as the next instruction: 1 masked,
 * 0 bounded only, -1 neither (not inlined).
 */
static int xlated_masks(int fd, __u32 max)
{
	static struct kbpf_insn x[4096];
	struct kbpf_prog_info info;
	__u32 len = sizeof(info), i;

	memset(&info, 0, sizeof(info));
	info.xlated_prog_insns = (__u64)(unsigned long)x;
	info.xlated_prog_len = sizeof(x);
	if (kbpf_prog_get_info_by_fd(fd, &info, &len))
		return -2;
	for (i = 0; i + 1 < info.xlated_prog_len / sizeof(x[0]); i++) {
		if (x[i].code != (KBPF_JMP | KBPF_JGE | KBPF_K) ||
		    x[i].imm != (__s32)max)
			continue;
		return x[i + 1].code == (KBPF_ALU | KBPF_AND | KBPF_K) &&
		       x[i + 1].imm == (__s32)(max - 1);
	}
	return -1;
}

/*
 * The inlined lookup of an array made without CAP_PERFMON is masked
 * against speculation past its bound (as Linux's index_mask), one made
 * with it is not: read back from xlated after a load at jit_enable=1.
 */
static void lookup_mask(void)
{
	int unpriv, fd, map, got;

	for (unpriv = 0; unpriv <= 1; unpriv++) {
		map = lookup_map(KBPF_MAP_TYPE_ARRAY, 8, 16, unpriv, 0);
		begin("lookup_mask");
		I(KBPF_ST_MEM(KBPF_W, 10, -4, 3));
		I(KBPF_LD_IMM64_1(1, KBPF_PSEUDO_MAP_FD, map));
		I(KBPF_LD_IMM64_2(0));
		I(KBPF_MOV64_REG(2, 10));
		I(KBPF_ALU64_IMM(KBPF_ADD, 2, -4));
		I(KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
		I(KBPF_MOV64_IMM(0, 0));
		I(KBPF_EXIT_INSN());
		fd = load(1);
		got = fd < 0 ? -3 : xlated_masks(fd, 16);
		printf("lookup_mask: array made %s CAP_PERFMON: %s\n",
		       unpriv ? "without" : "with",
		       got == 1 ? "masked" : got == 0 ? "not masked" :
		       "not inlined");
		if (got != unpriv) {
			printf("MASK lookup_mask unpriv=%d: got %d\n", unpriv,
			       got);
			fails++;
		}
		if (fd >= 0)
			close(fd);
		close(map);
	}
}

/*
 * Constant blinding of a program of three functions: main calls a
 * subprogram and passes a callback to bpf_loop(), each with chosen
 * immediates of its own (subprogram: add64, xor32, jeq, mov64; main:
 * st; callback: add64, both halves of ld_imm64). At jit_harden=2 the
 * program is JITed (blinding moves every function start, call and
 * callback load) and none of them is in the image; at 0 all 8 are.
 * Then the blinded program against the interpreter.
 */
static void blinding_calls(void)
{
	static const __u32 k[] = { 0x52e4b1c9, 0x63f5c2da, 0x7406d3eb,
		0x0517e4fc, 0x1628f50d, 0x2739061e, 0x384a172f, 0x495b2830 };
	int harden, fd, i, found, saved, call, cb, sub;

	begin("blind_calls");
	reload();
	I(KBPF_MOV64_REG(1, 3));
	call = n;
	I(KBPF_CALL_REL(0));
	I(KBPF_STX_MEM(KBPF_DW, 6, 0, outbase() * 8));
	I(KBPF_ST_MEM(KBPF_DW, 10, -8, k[4]));
	I(KBPF_MOV64_IMM(1, 3));
	cb = n;
	I(KBPF_RAW_INSN(KBPF_LD | KBPF_DW | KBPF_IMM, 2, KBPF_PSEUDO_FUNC,
			0, 0));
	I(KBPF_LD_IMM64_2(0));
	I(KBPF_MOV64_REG(3, 10));
	I(KBPF_ALU64_IMM(KBPF_ADD, 3, -8));
	I(KBPF_MOV64_IMM(4, 0));
	I(KBPF_CALL_HELPER(KBPF_FUNC_loop));
	I(KBPF_STX_MEM(KBPF_DW, 6, 0, (outbase() + 1) * 8));
	I(KBPF_LDX_MEM(KBPF_DW, 1, 10, -8));
	I(KBPF_STX_MEM(KBPF_DW, 6, 1, (outbase() + 2) * 8));
	I(KBPF_MOV64_IMM(0, 0));
	I(KBPF_EXIT_INSN());
	/* the subprogram: r0 from r1 through each chosen immediate */
	sub = n;
	ins[call].imm = sub - call - 1;
	I(KBPF_MOV64_REG(0, 1));
	I(KBPF_ALU64_IMM(KBPF_ADD, 0, k[0]));
	I(KBPF_ALU32_IMM(KBPF_XOR, 0, k[1]));
	I(KBPF_JMP_IMM(KBPF_JEQ, 0, k[2], 2));
	I(KBPF_MOV64_IMM(2, k[3]));
	I(KBPF_ALU64_REG(KBPF_ADD, 0, 2));
	I(KBPF_EXIT_INSN());
	/* the callback: *ctx = (*ctx + k5) ^ k7:k6 + index */
	ins[cb].imm = n - cb - 1;
	I(KBPF_LDX_MEM(KBPF_DW, 3, 2, 0));
	I(KBPF_ALU64_IMM(KBPF_ADD, 3, k[5]));
	I(KBPF_LD_IMM64_1(4, 0, k[6] | (__u64)k[7] << 32));
	I(KBPF_LD_IMM64_2(k[6] | (__u64)k[7] << 32));
	I(KBPF_ALU64_REG(KBPF_XOR, 3, 4));
	I(KBPF_ALU64_REG(KBPF_ADD, 3, 1));
	I(KBPF_STX_MEM(KBPF_DW, 2, 3, 0));
	I(KBPF_MOV64_IMM(0, 0));
	I(KBPF_EXIT_INSN());
	next_case();
	no_tail = 1;
	saved = jf_set_param("jit_harden", 0);
	for (harden = 0; harden <= 2; harden += 2) {
		jf_set_param("jit_harden", harden);
		fd = load(1);
		if (fd < 0) {
			loadfail++;
			continue;
		}
		for (found = 0, i = 0; i < 8; i++)
			found += image_has(fd, k[i]) == 1;
		close(fd);
		printf("blind_calls: jit_harden=%d: %d of 8 constants in the image\n",
		       harden, found);
		if (found != (harden ? 0 : 8))
			fails++;
	}
	/* f1 of end() is the blinded one */
	end();
	no_tail = 0;
	jf_set_param("jit_harden", saved);
}

/*
 * Dense code: runs of div/mod (each 30-50 bytes of x86, signed or not,
 * 32 or 64 bits, by a register or an immediate, dst a different
 * register each time) whose first pass takes far more than the emit
 * buffer's first guess of 16 bytes an instruction, so jit.c grows it
 * and translates the first pass again. Each program must be JITed and
 * agree with the interpreter; runs of 40 to 400 divisions.
 */
static void dense(void)
{
	static const int lens[] = { 40, 100, 250, 400 };
	char name[64];
	int l, j, w, op, sdiv, d, s;

	for (l = 0; l < (int)(sizeof(lens) / sizeof(lens[0])); l++) {
		snprintf(name, sizeof(name), "dense_divmod_%d", lens[l]);
		begin(name);
		reload();
		for (j = 0; j < lens[l]; j++) {
			w = j & 1;
			op = (j >> 1) & 1 ? KBPF_MOD : KBPF_DIV;
			sdiv = (j >> 2) & 1;
			d = regs[j % NREGS];
			s = regs[(j * 5 + 3) % NREGS];
			if ((j >> 3) & 1) {
				/* -3..3, not 0 (the verifier refuses it) */
				int imm = (j % 7) - 3 ? (j % 7) - 3 : 7;

				if (w)
					emit((struct kbpf_insn)KBPF_ALU64_IMM_OFF(op, d, imm, sdiv));
				else
					emit((struct kbpf_insn)KBPF_ALU32_IMM_OFF(op, d, imm, sdiv));
			} else if (w) {
				emit((struct kbpf_insn)KBPF_ALU64_REG_OFF(op, d, s, sdiv));
			} else {
				emit((struct kbpf_insn)KBPF_ALU32_REG_OFF(op, d, s, sdiv));
			}
		}
		store_all();
		next_case();
		j = notjited;
		end();
		if (notjited != j) {
			printf("DENSE %s: interpreted, not JITed\n", name);
			fails++;
		}
	}
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : "";

	make_vecs();
	if (!*only || strstr(only, "alux"))
		alu_x();
	if (!*only || strstr(only, "aluk"))
		alu_k();
	if (!*only || strstr(only, "un"))
		unary();
	if (!*only || strstr(only, "jmp"))
		jmps();
	if (!*only || strstr(only, "atomic"))
		atomics();
	if (!*only || strstr(only, "ld"))
		loads();
	if (!*only || strstr(only, "calls"))
		calls();
	if (!*only || strstr(only, "misc"))
		misc();
	if (!*only || strstr(only, "lookup"))
		lookups();
	if (!*only || strstr(only, "hlookup"))
		hash_lookups();
	if (!*only || strstr(only, "hupdate"))
		hash_updates();
	if (!*only || strstr(only, "jlimit"))
		jump_limits();
	if (!*only || strstr(only, "blindfar"))
		blind_far();
	if (!*only || strstr(only, "lpaths")) {
		lookup_paths();
		lookup_mask();
	}
	if (!*only || strstr(only, "blind")) {
		blinding();
		blinding_calls();
	}
	if (!*only || strstr(only, "dense"))
		dense();
	printf("jit_diff: %d groups, %d load failures, %d differences, %d not JITed\n",
	       groups, loadfail, fails, notjited);
	system("cat /sys/kernel/debug/kbpf/jit");
	return fails || loadfail;
}
