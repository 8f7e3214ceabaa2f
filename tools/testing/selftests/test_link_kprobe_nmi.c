// SPDX-License-Identifier: GPL-2.0
/*
 * A kprobe run is in NMI context (an int3 hit in the kernel enters as an
 * NMI on x86): no slab allocation, kfree() or call_rcu() there. kbpf's
 * NO_PREALLOC hash maps have no per-CPU element cache (Linux's
 * bpf_mem_alloc), so a kprobe program's insert into one fails with
 * -ENOMEM and its delete with -EBUSY, where Linux succeeds (a deliberate
 * difference, in README); preallocated maps work. The debug kernel used
 * to report the allocation (a stack depot WARNING, lockdep's IN-NMI).
 * A kernel that puts the kprobe on ftrace (KPROBES_ON_FTRACE, Debian's
 * 6.12) runs the program outside NMI: there both maps work.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kbpf_prog.h"

#define PROBED_FUNC	"__x64_sys_getppid"

/*
 * On each probed call from the test's process: res[0] = the result of
 * inserting key 7 into @hash, res[1] = that of deleting it.
 */
static int load_insert_delete(int hash, int res)
{
	const struct kbpf_insn insns[] = {
		KBPF_CALL_HELPER(KBPF_FUNC_get_current_pid_tgid),
		KBPF_ALU64_IMM(KBPF_RSH, 0, 32),
		KBPF_JMP_IMM(KBPF_JNE, 0, getpid(), 26),
		KBPF_ST_MEM(KBPF_W, 10, -4, 7),
		KBPF_ST_MEM(KBPF_DW, 10, -16, 42),
		KBPF_LD_MAP_FD(1, hash),
		KBPF_MOV64_REG(2, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 2, -4),
		KBPF_MOV64_REG(3, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 3, -16),
		KBPF_MOV64_IMM(4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem),
		KBPF_STX_MEM(KBPF_DW, 10, 0, -24),
		KBPF_LD_MAP_FD(1, hash),
		KBPF_MOV64_REG(2, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 2, -4),
		KBPF_CALL_HELPER(KBPF_FUNC_map_delete_elem),
		KBPF_STX_MEM(KBPF_DW, 10, 0, -32),
		/* res[0] = -24, res[1] = -32: elements 0 and 1 of an array */
		KBPF_ST_MEM(KBPF_W, 10, -4, 0),
		KBPF_LD_MAP_FD(1, res),
		KBPF_MOV64_REG(2, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 2, -4),
		KBPF_MOV64_REG(3, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 3, -32),
		KBPF_MOV64_IMM(4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_map_update_elem),
		KBPF_RET_IMM(0),
	};
	struct kbpf_load_opts opts = {
		.expected_attach_type = KBPF_TRACE_KPROBE_MULTI,
	};

	return LOAD_PROG_OPTS(KBPF_PROG_TYPE_KPROBE, insns, &opts);
}

/*
 * Whether the kprobe on PROBED_FUNC goes through ftrace ("[FTRACE]" in
 * the kprobes list, a kernel with KPROBES_ON_FTRACE, as Debian's 6.12):
 * then its runs are not in NMI and both maps work.
 */
static bool probe_uses_ftrace(void)
{
	FILE *f = fopen("/sys/kernel/debug/kprobes/list", "r");
	char line[256];
	bool ftrace = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, PROBED_FUNC) && strstr(line, "[FTRACE]"))
			ftrace = true;
	fclose(f);
	return ftrace;
}

/* The two results, after one probed call; whether it ran through ftrace. */
static bool probe_once(int hash_flags, __s64 *insert, __s64 *delete)
{
	bool ftrace;

	const char *syms[] = { PROBED_FUNC };
	__u64 v[2] = { 1, 1 };
	__u32 key = 0;
	int hash, res, prog, link;

	hash = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 4,
				      hash_flags));
	/* One 16-byte value at key 0: the delete's result, then insert's. */
	res = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 16, 1, 0));
	prog = load_insert_delete(hash, res);
	link = ASSERT_OK(kbpf_link_kprobe_multi(prog, syms, NULL, NULL, 1, 0));
	ftrace = probe_uses_ftrace();
	getppid();
	ASSERT_OK(kbpf_map_lookup(res, &key, v, 0));
	*delete = v[0];
	*insert = v[1];
	close(link);
	close(prog);
	close(res);
	close(hash);
	return ftrace;
}

TEST_KBPF_ONLY(link_kprobe_nmi_no_prealloc_hash)
{
	__s64 insert, delete;

	/*
	 * Not in NMI (the kprobe on ftrace, as the kprobes list says, or
	 * its result says: the list is not always mounted): an ordinary
	 * insert and delete. In NMI the debug kernel's lockdep and stack
	 * depot would report any allocation there as a splat.
	 */
	if (probe_once(KBPF_F_NO_PREALLOC, &insert, &delete) || !insert) {
		ASSERT_EQ(insert, 0);
		ASSERT_EQ(delete, 0);
	} else {
		ASSERT_EQ(insert, -ENOMEM);
		/* Nothing to delete, and a delete would be refused anyway. */
		ASSERT_EQ(delete, -EBUSY);
	}
	probe_once(0, &insert, &delete);
	ASSERT_EQ(insert, 0);
	ASSERT_EQ(delete, 0);
}
