// SPDX-License-Identifier: GPL-2.0
/* What the kprobe_multi map tests share: kprobe_prog.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "kprobe_prog.h"

bool kprobe_listed(const char *func, const char *tag)
{
	FILE *f = fopen("/sys/kernel/debug/kprobes/list", "r");
	char line[256];
	bool found = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, func) && strstr(line, tag))
			found = true;
	fclose(f);
	return found;
}

int kprobe_load_insert(int map, __u32 key, __s32 value)
{
	const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_W, 10, -4, key),
		KBPF_ST_MEM(KBPF_DW, 10, -16, value),
		KPROBE_UPDATE_FROM_STACK(map, 0),
		KBPF_EXIT_INSN(),
	};

	return LOAD_RAW_TP(insns);
}

int kprobe_count_keys(int map)
{
	__u32 key, next;
	int n = 0;

	if (kbpf_map_next_key(map, NULL, &next))
		return 0;
	do {
		n++;
		key = next;
	} while (!kbpf_map_next_key(map, &key, &next));
	return n;
}

/* On each probed call from the test's process: ++counter[0] in @cnt. */
int kprobe_load_counter(int cnt)
{
	const struct kbpf_insn insns[] = {
		KPROBE_ONLY_THIS_PROCESS(9),
		KBPF_ST_MEM(KBPF_W, 10, -4, 0),
		KBPF_LD_MAP_FD(1, cnt),
		KBPF_MOV64_REG(2, 10),
		KBPF_ALU64_IMM(KBPF_ADD, 2, -4),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, 0, 0, 2),
		KBPF_MOV64_IMM(1, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, 0, 1, 0),
		KBPF_RET_IMM(0),
	};
	return LOAD_KPROBE_MULTI(insns);
}

__u64 kprobe_ksym(const char *name)
{
	char line[512], sym[256], type;
	unsigned long long addr;
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f)
		FAIL("/proc/kallsyms: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) == 3 &&
		    !strcmp(sym, name)) {
			fclose(f);
			return addr;
		}
	}
	fclose(f);
	FAIL("%s is not in /proc/kallsyms", name);
}

unsigned int kprobe_endbr_size(void)
{
	struct utsname u;
	int major, minor;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 4;
	return major > 6 || (major == 6 && minor >= 2) ? 4 : 0;
}
