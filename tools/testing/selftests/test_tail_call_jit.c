// SPDX-License-Identifier: GPL-2.0
/*
 * JITed and interpreted programs never share a prog array (issue 23,
 * docs/jit.md), as Linux 6.12's __bpf_prog_map_compatible() compares the
 * owner's jited: whichever comes first, a load that names the array or
 * the first slot update, decides; a later program run the other way is
 * refused with -EINVAL, from the slot update or from PROG_LOAD. Each
 * test switches the target's JIT (Linux's net.core.bpf_jit_enable,
 * kbpf's jit_enable parameter) between loads and puts it back after.
 * A JIT that takes nothing (kbpf's arena disabled) skips them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kbpf_prog.h"

static const char *jit_knob(void)
{
	return kbpf_target_linux() ? "/proc/sys/net/core/bpf_jit_enable" :
				     "/sys/module/kbpf/parameters/jit_enable";
}

static char jit_saved;

static void jit_write(char c)
{
	FILE *f = fopen(jit_knob(), "w");

	if (!f || fputc(c, f) == EOF || fclose(f))
		FAIL("cannot write %s", jit_knob());
}

static void jit_restore(void)
{
	if (jit_saved)
		jit_write(jit_saved);
}

static void jit_set(int on)
{
	if (!jit_saved) {
		FILE *f = fopen(jit_knob(), "r");

		if (!f)
			SKIP("no %s", jit_knob());
		jit_saved = fgetc(f);
		fclose(f);
		atexit(jit_restore);
	}
	jit_write(on ? '1' : '0');
}

static int prog_array(void)
{
	return ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0));
}

static int slot_set(int progs, int fd)
{
	__u32 key = 0;

	return kbpf_map_update(progs, &key, &fd, KBPF_ANY);
}

static int load_caller(int progs)
{
	/* tail_call(ctx, progs, 0); return 7 */
	const struct kbpf_insn insns[] = {
		KBPF_LD_MAP_FD(R2, progs),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_tail_call),
		KBPF_RET_IMM(7),
	};

	return kbpf_prog_load_opts(KBPF_PROG_TYPE_RAW_TRACEPOINT, insns,
				   ARRAY_SIZE(insns), NULL);
}

static int load_callee(void)
{
	static const struct kbpf_insn ret42[] = {
		KBPF_RET_IMM(42),
	};

	return LOAD_RAW_TP(ret42);
}

/* A callee loaded with the JIT on; skips if the target JITs nothing. */
static int load_jited_callee(void)
{
	struct kbpf_prog_info info;
	int fd;

	jit_set(1);
	fd = load_callee();
	kbpf_prog_info(fd, &info);
	if (!info.jited_prog_len)
		SKIP("the target did not JIT a program with its JIT on");
	return fd;
}

/* The caller's load makes the array JITed; interpreted ones are refused. */
TEST(tail_call_jit_mix_jited_owner)
{
	int jited = load_jited_callee();
	int progs = prog_array(), caller, interp;

	caller = ASSERT_OK(load_caller(progs));
	ASSERT_OK(slot_set(progs, jited));
	ASSERT_EQ(RUN_PROG(caller, NULL, 0), 42);
	jit_set(0);
	interp = load_callee();
	ASSERT_ERRNO(slot_set(progs, interp), EINVAL);
	ASSERT_ERRNO(load_caller(progs), EINVAL);
	/* what was there stays, and still runs */
	ASSERT_EQ(RUN_PROG(caller, NULL, 0), 42);
	jit_restore();
	close(interp);
	close(caller);
	close(jited);
	close(progs);
}

/* The reverse: an interpreted owner refuses JITed programs. */
TEST(tail_call_jit_mix_interp_owner)
{
	int jited = load_jited_callee();
	int progs = prog_array(), caller, interp;

	jit_set(0);
	interp = load_callee();
	caller = ASSERT_OK(load_caller(progs));
	ASSERT_OK(slot_set(progs, interp));
	ASSERT_EQ(RUN_PROG(caller, NULL, 0), 42);
	ASSERT_ERRNO(slot_set(progs, jited), EINVAL);
	jit_set(1);
	ASSERT_ERRNO(load_caller(progs), EINVAL);
	ASSERT_EQ(RUN_PROG(caller, NULL, 0), 42);
	jit_restore();
	close(interp);
	close(caller);
	close(jited);
	close(progs);
}

/*
 * The first slot decides before any caller: a JITed callee in the slot,
 * then an interpreted caller fails to load and a JITed one runs it.
 */
TEST(tail_call_jit_mix_slot_first)
{
	int jited = load_jited_callee();
	int progs = prog_array(), caller;

	ASSERT_OK(slot_set(progs, jited));
	jit_set(0);
	ASSERT_ERRNO(load_caller(progs), EINVAL);
	jit_set(1);
	caller = ASSERT_OK(load_caller(progs));
	ASSERT_EQ(RUN_PROG(caller, NULL, 0), 42);
	jit_restore();
	close(caller);
	close(jited);
	close(progs);
}
