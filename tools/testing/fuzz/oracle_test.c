// SPDX-License-Identifier: GPL-2.0
/*
 * kbpf_fuzz -T: the checked interpreter's oracle against hand-written
 * programs, on a checked build loaded with checked_skip_verifier=1
 * (PROG_LOAD skips the verifier's walk, which the unsafe cases would not
 * pass). Each safe program returns 7 and adds no violation; each unsafe
 * one adds exactly one and is stopped (returns 0). The accesses come
 * first, then callback entries, then tail calls (tail_cases[]: a caller
 * whose prog array holds one target program).
 * TAP output; exit 1 on any mismatch.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

#define MAP(dst, fix)			KBPF_LD_MAP_FD(dst, fix)
#define MAP_VALUE(dst, fix, off)	KBPF_LD_MAP_VALUE(dst, fix, off)
/* the callback at pc + rel + 1, pc being the first slot */
#define FUNC(dst, rel)			KBPF_LD_FUNC(dst, rel)
#define RET7	KBPF_MOV64_IMM(0, 7), KBPF_EXIT_INSN()
/* r0 = lookup(fix, key): 6 slots; key in a u64 at r10-8 */
#define LOOKUP(fix, key) \
	KBPF_ST_MEM(KBPF_DW, 10, -8, key), KBPF_MOV64_REG(2, 10), \
	KBPF_ALU64_IMM(KBPF_ADD, 2, -8), MAP(1, fix), \
	KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem)
#define NULL_EXIT	KBPF_JMP_IMM(KBPF_JNE, 0, 0, 2), RET7

struct oracle_case {
	const char *name;
	bool unsafe;
	uint32_t type, ctx_size;
	struct kbpf_insn insns[40];
};

#define SYSCALL	KBPF_PROG_TYPE_SYSCALL
#define RAW_TP	KBPF_PROG_TYPE_RAW_TRACEPOINT

static const struct oracle_case cases[] = {
	/* Unwalked programs get 512 / 8 bytes of stack per frame. */
	{ "stack", false, SYSCALL, 0, {
		KBPF_ST_MEM(KBPF_DW, 10, -64, 1),
		KBPF_LDX_MEM(KBPF_DW, 0, 10, -64),
		RET7 } },
	{ "syscall ctx read and write", false, SYSCALL, 16, {
		KBPF_LDX_MEM(KBPF_DW, 0, 1, 8),
		KBPF_STX_MEM(KBPF_DW, 1, 0, 0),
		RET7 } },
	{ "raw_tp ctx read", false, RAW_TP, 16, {
		KBPF_LDX_MEM(KBPF_DW, 0, 1, 8),
		RET7 } },
	{ "array value, last bytes", false, SYSCALL, 0, {
		LOOKUP(FIX_ARRAY, 0), NULL_EXIT,
		KBPF_LDX_MEM(KBPF_B, 1, 0, 63),
		KBPF_ST_MEM(KBPF_B, 0, 63, 1),
		KBPF_MOV64_IMM(1, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, 0, 1, 56),
		RET7 } },
	{ "per-CPU value", false, SYSCALL, 0, {
		LOOKUP(FIX_PERCPU, 1), NULL_EXIT,
		KBPF_LDX_MEM(KBPF_DW, 1, 0, 16),
		KBPF_STX_MEM(KBPF_DW, 0, 1, 0),
		RET7 } },
	{ "hash value", false, RAW_TP, 8, {
		LOOKUP(FIX_HASH, 3), NULL_EXIT,
		KBPF_ST_MEM(KBPF_DW, 0, 32, 5),
		RET7 } },
	{ "direct map values", false, SYSCALL, 0, {
		MAP_VALUE(1, FIX_ARRAY1, 40),
		KBPF_LDX_MEM(KBPF_DW, 2, 1, 0),
		KBPF_STX_MEM(KBPF_DW, 1, 2, 0),
		MAP_VALUE(1, FIX_ARRAY_RO, 0),
		KBPF_LDX_MEM(KBPF_DW, 2, 1, 24),
		RET7 } },
	{ "ringbuf record", false, SYSCALL, 0, {
		MAP(1, FIX_RINGBUF),
		KBPF_MOV64_IMM(2, 16),
		KBPF_MOV64_IMM(3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve),
		NULL_EXIT,
		KBPF_ST_MEM(KBPF_DW, 0, 8, 1),
		KBPF_MOV64_REG(1, 0),
		KBPF_MOV64_IMM(2, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_submit),
		RET7 } },
	{ "dynptr data", false, SYSCALL, 0, {
		MAP(1, FIX_RINGBUF),
		KBPF_MOV64_IMM(2, 32),
		KBPF_MOV64_IMM(3, 0),
		KBPF_MOV64_REG(4, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 4, -16),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve_dynptr),
		KBPF_MOV64_REG(1, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 1, -16),
		KBPF_MOV64_IMM(2, 8),
		KBPF_MOV64_IMM(3, 16),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_data),
		KBPF_JMP_IMM(KBPF_JEQ, 0, 0, 1),
		KBPF_ST_MEM(KBPF_DW, 0, 8, 1),
		KBPF_MOV64_REG(1, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 1, -16),
		KBPF_MOV64_IMM(2, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_submit_dynptr),
		RET7 } },
	{ "bpf_loop callback on the caller's stack", false, SYSCALL, 0, {
		KBPF_ST_MEM(KBPF_DW, 10, -16, 0),
		KBPF_ST_MEM(KBPF_DW, 10, -8, 0),
		KBPF_MOV64_IMM(1, 3),
		FUNC(2, 7),
		KBPF_MOV64_REG(3, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 3, -16),
		KBPF_MOV64_IMM(4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_loop),
		RET7,
		/* callback(i, ctx) */
		KBPF_LDX_MEM(KBPF_DW, 0, 2, 0),
		KBPF_STX_MEM(KBPF_DW, 2, 0, 8),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN() } },
	{ "for_each key and value", false, SYSCALL, 0, {
		MAP(1, FIX_HASH),
		FUNC(2, 6),
		KBPF_MOV64_IMM(3, 0),
		KBPF_MOV64_IMM(4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_for_each_map_elem),
		RET7,
		/* callback(map, key, value, ctx) */
		KBPF_LDX_MEM(KBPF_DW, 0, 2, 0),
		KBPF_LDX_MEM(KBPF_DW, 0, 3, 32),
		KBPF_STX_MEM(KBPF_DW, 3, 0, 0),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN() } },
	{ "subprogram on the caller's stack", false, SYSCALL, 0, {
		KBPF_ST_MEM(KBPF_DW, 10, -8, 7),
		KBPF_MOV64_REG(1, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 1, -8),
		KBPF_CALL_REL(1),
		KBPF_EXIT_INSN(),
		KBPF_LDX_MEM(KBPF_DW, 0, 1, 0),
		KBPF_EXIT_INSN() } },
	{ "helper memory argument in bounds", false, SYSCALL, 0, {
		KBPF_MOV64_REG(1, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 1, -16),
		KBPF_MOV64_IMM(2, 16),
		KBPF_MOV64_REG(3, 10),
		KBPF_CALL_HELPER(KBPF_FUNC_probe_read_kernel),
		RET7 } },

	{ "array value, one byte past", true, SYSCALL, 0, {
		LOOKUP(FIX_ARRAY, 0), NULL_EXIT,
		KBPF_LDX_MEM(KBPF_B, 1, 0, 64),
		RET7 } },
	{ "array value, straddling the end", true, SYSCALL, 0, {
		LOOKUP(FIX_ARRAY, 0), NULL_EXIT,
		KBPF_LDX_MEM(KBPF_DW, 1, 0, 60),
		RET7 } },
	{ "hash value, one byte before", true, SYSCALL, 0, {
		LOOKUP(FIX_HASH, 3), NULL_EXIT,
		KBPF_ST_MEM(KBPF_B, 0, -1, 1),
		RET7 } },
	{ "NULL from a failed lookup", true, SYSCALL, 0, {
		LOOKUP(FIX_ARRAY, 100),
		KBPF_LDX_MEM(KBPF_W, 1, 0, 0),
		RET7 } },
	{ "raw_tp ctx write", true, RAW_TP, 16, {
		KBPF_ST_MEM(KBPF_DW, 1, 0, 1),
		RET7 } },
	{ "syscall ctx past its size", true, SYSCALL, 16, {
		KBPF_LDX_MEM(KBPF_DW, 0, 1, 16),
		RET7 } },
	{ "RDONLY_PROG value write", true, SYSCALL, 0, {
		MAP_VALUE(1, FIX_ARRAY_RO, 0),
		KBPF_ST_MEM(KBPF_W, 1, 0, 1),
		RET7 } },
	{ "ringbuf record after submit", true, SYSCALL, 0, {
		MAP(1, FIX_RINGBUF),
		KBPF_MOV64_IMM(2, 16),
		KBPF_MOV64_IMM(3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_reserve),
		NULL_EXIT,
		KBPF_MOV64_REG(6, 0),
		KBPF_MOV64_REG(1, 0),
		KBPF_MOV64_IMM(2, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_submit),
		KBPF_LDX_MEM(KBPF_DW, 0, 6, 0),
		RET7 } },
	{ "for_each key write", true, SYSCALL, 0, {
		MAP(1, FIX_ARRAY),
		FUNC(2, 6),
		KBPF_MOV64_IMM(3, 0),
		KBPF_MOV64_IMM(4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_for_each_map_elem),
		RET7,
		KBPF_ST_MEM(KBPF_W, 2, 0, 1),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN() } },
	{ "stack past the top", true, SYSCALL, 0, {
		KBPF_ST_MEM(KBPF_DW, 10, -4, 1),
		RET7 } },
	{ "bpf_loop callback entered one instruction in", true, SYSCALL, 0, {
		KBPF_MOV64_IMM(1, 3),
		FUNC(2, 7),
		KBPF_ALU64_IMM(KBPF_ADD, 2, 8),
		KBPF_MOV64_IMM(3, 0),
		KBPF_MOV64_IMM(4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_loop),
		RET7,
		/* callback(i, ctx): its first instruction is skipped */
		KBPF_MOV64_IMM(0, 1),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN() } },
	{ "for_each callback entered at a plain subprogram", true, SYSCALL, 0, {
		KBPF_CALL_REL(12),
		MAP(1, FIX_ARRAY),
		FUNC(2, 7),
		KBPF_ALU64_IMM(KBPF_ADD, 2, 16),
		KBPF_MOV64_IMM(3, 0),
		KBPF_MOV64_IMM(4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_for_each_map_elem),
		RET7,
		/* the callback */
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
		/* a subprogram only a call names, 16 bytes past it */
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN() } },
	{ "helper memory argument past the stack", true, SYSCALL, 0, {
		KBPF_MOV64_REG(1, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 1, -8),
		KBPF_MOV64_IMM(2, 16),
		KBPF_MOV64_REG(3, 10),
		KBPF_CALL_HELPER(KBPF_FUNC_probe_read_kernel),
		RET7 } },
};

/*
 * A raw_tp caller with a 16-byte ctx tail calls slot 0 of a fresh prog
 * array holding one target: the target returns 7, the caller 9 if the
 * tail call fails. A compatible target has the caller's type and
 * expected attach type and is not sleepable.
 */
struct tail_case {
	const char *name;
	bool unsafe;
	uint32_t caller_type, caller_attach;
	uint32_t type, attach, flags;
};

static const struct tail_case tail_cases[] = {
	{ "tail call into the same type", false, RAW_TP, 0, RAW_TP, 0, 0 },
	{ "tail call from a subprogram", false, RAW_TP, 0, RAW_TP, 0, 0 },
	{ "tail call into a kprobe program", true, RAW_TP, 0,
	  KBPF_PROG_TYPE_KPROBE, 0, 0 },
	{ "tail call into another expected attach type", true, RAW_TP, 0,
	  RAW_TP, KBPF_TRACE_RAW_TP, 0 },
	{ "tail call into a sleepable syscall program", true, RAW_TP, 0,
	  SYSCALL, 0, KBPF_F_SLEEPABLE },
	{ "tail call between sleepable syscall programs", true, SYSCALL, 0,
	  SYSCALL, 0, KBPF_F_SLEEPABLE },
};

static uint32_t prog_len(const struct oracle_case *c)
{
	uint32_t n = sizeof(c->insns) / sizeof(c->insns[0]);

	while (n && !c->insns[n - 1].code)
		n--;
	return n;
}

static int load_prog(uint32_t type, uint32_t attach, uint32_t flags,
		     const struct kbpf_insn *insns, uint32_t len)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.expected_attach_type = attach;
	attr.insn_cnt = len;
	attr.insns = (__u64)(uintptr_t)insns;
	attr.license = (__u64)(uintptr_t)"GPL";
	attr.prog_flags = flags;
	return sys(&kbpf_t, KBPF_PROG_LOAD, &attr);
}

/* Runs @fd on @ctx_size bytes of ctx: 0 or an errno; the violations. */
static int run_prog(int fd, uint32_t ctx_size, uint32_t *retval, long *viol)
{
	uint8_t ctx[64] = { 1, 2, 3 };
	union kbpf_attr attr;
	long before = read_counter(VIOLATIONS);
	int err = 0;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	if (ctx_size) {
		attr.test.ctx_in = (__u64)(uintptr_t)ctx;
		attr.test.ctx_size_in = ctx_size;
	}
	if (sys(&kbpf_t, KBPF_PROG_TEST_RUN, &attr))
		err = errno;
	*viol = read_counter(VIOLATIONS) - before;
	*retval = attr.test.retval;
	return err;
}

/*
 * One tail-call case, TAP line @nr. kbpf may refuse to build an unsafe
 * one (the slot update or the caller's load, as Linux does): then there
 * is nothing for the oracle to stop, and the case is skipped.
 */
static bool tail_case(const struct tail_case *c, uint32_t nr)
{
	const struct kbpf_insn target[] = { RET7 };
	struct kbpf_insn caller[] = {
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_MAP_FD, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_IMM(3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_MOV64_IMM(0, 9),
		KBPF_EXIT_INSN(),
	};
	/* The same from a subprogram with the caller's ctx. */
	struct kbpf_insn sub[] = {
		KBPF_CALL_REL(1),
		KBPF_EXIT_INSN(),
		KBPF_LD_IMM64_1(2, KBPF_PSEUDO_MAP_FD, 0), KBPF_LD_IMM64_2(0),
		KBPF_MOV64_IMM(3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_MOV64_IMM(0, 9),
		KBPF_EXIT_INSN(),
	};
	bool from_sub = strstr(c->name, "subprogram");
	struct kbpf_insn *insns = from_sub ? sub : caller;
	uint32_t len = from_sub ? sizeof(sub) / sizeof(sub[0]) :
				  sizeof(caller) / sizeof(caller[0]);
	uint32_t key = 0, retval = 0, caller_flags;
	int map, tfd = -1, cfd = -1, err = 0;
	const char *step = "prog array";
	union kbpf_attr attr;
	bool ok = false;
	long viol = 0;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = KBPF_MAP_TYPE_PROG_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	map = sys(&kbpf_t, KBPF_MAP_CREATE, &attr);
	if (map < 0)
		goto refused;
	step = "target load";
	tfd = load_prog(c->type, c->attach, c->flags, target, 2);
	if (tfd < 0)
		goto refused;
	step = "slot update";
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map;
	attr.key = (__u64)(uintptr_t)&key;
	attr.value = (__u64)(uintptr_t)&tfd;
	if (sys(&kbpf_t, KBPF_MAP_UPDATE_ELEM, &attr))
		goto refused;
	step = "caller load";
	insns[from_sub ? 2 : 0].imm = map;
	caller_flags = c->caller_type == SYSCALL ? KBPF_F_SLEEPABLE : 0;
	cfd = load_prog(c->caller_type, c->caller_attach, caller_flags, insns,
			len);
	if (cfd < 0)
		goto refused;
	err = run_prog(cfd, c->caller_type == RAW_TP ? 16 : 0, &retval, &viol);
	ok = !err && viol == c->unsafe && retval == (c->unsafe ? 0 : 7);
	printf("%s %u - %s", ok ? "ok" : "not ok", nr, c->name);
	if (ok)
		printf(" (%s)\n", c->unsafe ? "refused, stopped" : "allowed");
	else
		printf(" # run %s, %ld violation(s), retval %u\n",
		       err ? strerror(err) : "ok", viol, retval);
	goto out;
refused:
	err = errno;
	ok = c->unsafe;
	printf("%s %u - %s # %s%s: %s\n", ok ? "ok" : "not ok", nr, c->name,
	       ok ? "SKIP kbpf refuses the mismatch at the " : "", step,
	       strerror(err));
out:
	if (cfd >= 0)
		close(cfd);
	if (tfd >= 0)
		close(tfd);
	if (map >= 0)
		close(map);
	return ok;
}

int oracle_selftest(void)
{
	uint32_t nr = sizeof(cases) / sizeof(cases[0]), i, j, failed = 0;
	uint32_t nr_tail = sizeof(tail_cases) / sizeof(tail_cases[0]);
	uint8_t ctx[64] = { 1, 2, 3 };

	printf("TAP version 13\n1..%u\n", nr + nr_tail);
	if (read_counter(VIOLATIONS) < 0 || read_counter(SKIP_VERIFIER) != 1) {
		printf("Bail out! needs a checked build with checked_skip_verifier=1\n");
		return 1;
	}
	fixtures_refresh(&kbpf_t);
	for (i = 0; i < nr; i++) {
		const struct oracle_case *c = &cases[i];
		struct kbpf_insn insns[40];
		union kbpf_attr attr;
		uint32_t len = prog_len(c);
		long before, after;
		int fd, err = 0;

		memcpy(insns, c->insns, sizeof(insns));
		for (j = 0; j + 1 < len; j++)
			if (insns[j].code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
			    (insns[j].src_reg == KBPF_PSEUDO_MAP_FD ||
			     insns[j].src_reg == KBPF_PSEUDO_MAP_VALUE))
				insns[j].imm = kbpf_t.fds[insns[j].imm];
		memset(&attr, 0, sizeof(attr));
		attr.prog_type = c->type;
		attr.insn_cnt = len;
		attr.insns = (__u64)(uintptr_t)insns;
		attr.license = (__u64)(uintptr_t)"GPL";
		attr.prog_flags = c->type == SYSCALL ? KBPF_F_SLEEPABLE : 0;
		fd = sys(&kbpf_t, KBPF_PROG_LOAD, &attr);
		if (fd < 0) {
			printf("not ok %u - %s # load: %s\n", i + 1, c->name,
			       strerror(errno));
			failed++;
			continue;
		}
		before = read_counter(VIOLATIONS);
		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = fd;
		if (c->ctx_size) {
			attr.test.ctx_in = (__u64)(uintptr_t)ctx;
			attr.test.ctx_size_in = c->ctx_size;
		}
		if (sys(&kbpf_t, KBPF_PROG_TEST_RUN, &attr))
			err = errno;
		after = read_counter(VIOLATIONS);
		close(fd);
		if (err || after - before != c->unsafe ||
		    attr.test.retval != (c->unsafe ? 0 : 7)) {
			printf("not ok %u - %s # run %s, %ld violation(s), retval %u\n",
			       i + 1, c->name, err ? strerror(err) : "ok",
			       after - before, attr.test.retval);
			failed++;
			continue;
		}
		printf("ok %u - %s (%s)\n", i + 1, c->name,
		       c->unsafe ? "refused, stopped" : "allowed");
	}
	for (i = 0; i < nr_tail; i++)
		if (!tail_case(&tail_cases[i], nr + i + 1))
			failed++;
	printf("# oracle: %u passed, %u failed\n", nr + nr_tail - failed,
	       failed);
	return failed ? 1 : 0;
}
