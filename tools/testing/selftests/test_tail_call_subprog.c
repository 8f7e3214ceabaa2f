// SPDX-License-Identifier: GPL-2.0
/*
 * Tail calls from subprograms (issue 19). A tail call that succeeds in a
 * subprogram ends that subprogram: the program in the slot runs in its
 * place and returns to the subprogram's caller with its own r0, and none
 * of the subprogram's instructions after the call run. Until issue 19
 * kbpf let a subprogram tail call without BTF and walked only the path
 * where the tail call fails, so a caller trusted the subprogram's r0 and
 * what it wrote to the caller's stack after the call. Linux 6.12 refuses
 * a tail call in any subprogram of a program loaded without BTF
 * (check_abnormal_return(): "tail_call is not allowed in subprogs without
 * BTF", -EINVAL); kbpf has no BTF and does the same.
 *
 * Each attack is loaded with a RAW_TRACEPOINT program in slot 0 that
 * returns 4096. Both targets must refuse it; if one accepts, the test
 * runs it (on kbpf before the fix: a read 4 KiB past a 48-byte map
 * value, or a store to address 4096) and fails with what it returned.
 */
#include <unistd.h>

#include "kbpf_prog.h"

#define RAW_TP		KBPF_PROG_TYPE_RAW_TRACEPOINT
#define NO_BTF_MSG	"tail_call is not allowed in subprogs without BTF"

/* A prog array whose slot 0 holds a program returning 4096. */
static int prog_array_4096(void)
{
	static const struct kbpf_insn callee[] = {
		KBPF_RET_IMM(4096),
	};
	int progs, target, err;
	__u32 key = 0;

	progs = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0));
	target = LOAD_RAW_TP(callee);
	err = kbpf_map_update(progs, &key, &target, KBPF_ANY);
	if (err)
		FAIL("filling slot 0: %s", kbpf_errname(errno));
	close(target);
	return progs;
}

/* Linux's refusal, or the run of what the target accepted. */
static void expect_refused(const struct kbpf_insn *insns, __u32 cnt,
			   const char *what)
{
	static char log_buf[1 << 14];
	struct kbpf_load_opts opts = {
		.log_level = KBPF_LOG_LEVEL1,
		.log_buf = log_buf,
		.log_size = sizeof(log_buf),
		.no_func_info = true,
	};
	__u32 retval = 0;
	int fd, e;

	log_buf[0] = 0;
	fd = kbpf_prog_load_opts(RAW_TP, insns, cnt, &opts);
	if (fd >= 0) {
		e = kbpf_prog_test_run(fd, NULL, 0, &retval);
		FAIL("%s: accepted (Linux refuses); run %d retval %u", what,
		     e, retval);
	}
	if (errno != EINVAL)
		FAIL("%s: errno %s, want EINVAL; log:\n%s", what,
		     kbpf_errname(errno), log_buf);
	if (!strstr(log_buf, NO_BTF_MSG))
		FAIL("%s: log lacks \"%s\":\n%s", what, NO_BTF_MSG, log_buf);
}

/* r6 = &element 0 of @values (return 0 when NULL); ctx kept in r7. */
#define VALUE_R6(values)						\
	KBPF_MOV64_REG(R7, R1),						\
	KBPF_ST_MEM(KBPF_W, R10, -4, 0),				\
	KBPF_MOV64_REG(R2, R10),					\
	KBPF_ALU64_IMM(KBPF_ADD, R2, -4),				\
	KBPF_LD_MAP_FD(R1, values),					\
	KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),			\
	KBPF_JMP_IMM(KBPF_JNE, R0, 0, 1),				\
	KBPF_EXIT_INSN(),						\
	KBPF_MOV64_REG(R6, R0)

/* tail_call(ctx, progs, 0) in a subprogram whose r1 is the ctx. */
#define TAIL_CALL(progs)						\
	KBPF_LD_MAP_FD(R2, progs),					\
	KBPF_MOV64_IMM(R3, 0),						\
	KBPF_CALL_HELPER(KBPF_FUNC_tail_call)

/* r0 = sub(ctx) is 0 on the path the verifier walked: a map offset. */
TEST(tail_call_subprog_r0_trusted)
{
	int progs = prog_array_4096(), values = kbpf_array_create(48, 1);
	const struct kbpf_insn insns[] = {
		VALUE_R6(values),
		KBPF_MOV64_REG(R1, R7),
		KBPF_CALL_REL(3),
		KBPF_ALU64_REG(KBPF_ADD, R6, R0),
		KBPF_LDX_MEM(KBPF_B, R0, R6, 0),
		KBPF_EXIT_INSN(),
		/* sub(ctx): tail call, else return 0 */
		TAIL_CALL(progs),
		KBPF_RET_IMM(0),
	};

	expect_refused(insns, ARRAY_SIZE(insns), "r0 trusted");
	close(values);
	close(progs);
}

/* fp[-8] = 4096; sub(ctx, &fp[-8]) zeroes it after its tail call. */
TEST(tail_call_subprog_stack_trusted)
{
	int progs = prog_array_4096(), values = kbpf_array_create(48, 1);
	const struct kbpf_insn insns[] = {
		VALUE_R6(values),
		KBPF_ST_MEM(KBPF_DW, R10, -8, 4096),
		KBPF_MOV64_REG(R1, R7),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -8),
		KBPF_CALL_REL(4),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_ALU64_REG(KBPF_ADD, R6, R1),
		KBPF_LDX_MEM(KBPF_B, R0, R6, 0),
		KBPF_EXIT_INSN(),
		/* sub(ctx, p): tail call, else *p = 0 and return 0 */
		KBPF_MOV64_REG(R6, R2),
		TAIL_CALL(progs),
		KBPF_ST_MEM(KBPF_DW, R6, 0, 0),
		KBPF_RET_IMM(0),
	};

	expect_refused(insns, ARRAY_SIZE(insns), "stack trusted");
	close(values);
	close(progs);
}

/*
 * fp[-8] = 4096; sub(ctx, &fp[-8], value) spills the value pointer there
 * after its tail call, and the caller stores through fp[-8].
 */
TEST(tail_call_subprog_spill_trusted)
{
	int progs = prog_array_4096(), values = kbpf_array_create(48, 1);
	const struct kbpf_insn insns[] = {
		VALUE_R6(values),
		KBPF_ST_MEM(KBPF_DW, R10, -8, 4096),
		KBPF_MOV64_REG(R1, R7),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -8),
		KBPF_MOV64_REG(R3, R6),
		KBPF_CALL_REL(4),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_ST_MEM(KBPF_DW, R1, 0, 0),
		KBPF_RET_IMM(0),
		/* sub(ctx, p, v): tail call, else *p = v and return 0 */
		KBPF_MOV64_REG(R6, R2),
		KBPF_MOV64_REG(R8, R3),
		TAIL_CALL(progs),
		KBPF_STX_MEM(KBPF_DW, R6, R8, 0),
		KBPF_RET_IMM(0),
	};

	expect_refused(insns, ARRAY_SIZE(insns), "spill trusted");
	close(values);
	close(progs);
}

/* The plain forms: return sub(ctx), and a bpf_loop callback. */
TEST(tail_call_subprog_refused)
{
	int progs = prog_array_4096();
	const struct kbpf_insn sub[] = {
		KBPF_CALL_REL(1),
		KBPF_EXIT_INSN(),
		TAIL_CALL(progs),
		KBPF_RET_IMM(7),
	};
	/*
	 * fp[-8] = ctx; bpf_loop(1, cb, &fp[-8], 0); return 9;
	 * cb(i, c): tail_call(*c, progs, 0); return 1
	 */
	const struct kbpf_insn cb[] = {
		KBPF_STX_MEM(KBPF_DW, R10, R1, -8),
		KBPF_MOV64_IMM(R1, 1),
		KBPF_LD_FUNC(R2, 7),
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -8),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_loop),
		KBPF_RET_IMM(9),
		KBPF_LDX_MEM(KBPF_DW, R1, R2, 0),
		TAIL_CALL(progs),
		KBPF_RET_IMM(1),
	};

	expect_refused(sub, ARRAY_SIZE(sub), "subprogram");
	expect_refused(cb, ARRAY_SIZE(cb), "callback");
	close(progs);
}
