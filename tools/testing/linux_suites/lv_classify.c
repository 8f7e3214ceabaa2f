// SPDX-License-Identifier: GPL-2.0
/*
 * Which test_verifier cases say nothing about kbpf, and why. The reasons
 * a case is decided by before anything loads: it names kfuncs or BTF
 * objects, or a map type kbpf does not have. A program type kbpf lacks
 * is decided by loading (lv_run.c: retargeting).
 */
#include <string.h>

#include "lv_run.h"

const char *const lv_reason_name[LV_NR_REASONS] = {
	[LV_APPLIES]		= "applies",
	[LV_NA_BTF]		= "BTF/kfuncs",
	[LV_NA_PKT]		= "packet pointers",
	[LV_NA_PROG_TYPE]	= "program type kbpf lacks",
	[LV_NA_MAP_TYPE]	= "map type kbpf lacks",
	[LV_NA_UNPRIV]		= "unprivileged semantics",
	[LV_NOT_RUN]		= "no program (generated, or libbpf could not read it)",
};

/* The map types kbpf implements (README, "What kbpf implements"). */
bool lv_kbpf_has_map_type(__u32 type)
{
	switch (type) {
	case KBPF_MAP_TYPE_ARRAY:
	case KBPF_MAP_TYPE_PERCPU_ARRAY:
	case KBPF_MAP_TYPE_HASH:
	case KBPF_MAP_TYPE_PERCPU_HASH:
	case KBPF_MAP_TYPE_LRU_HASH:
	case KBPF_MAP_TYPE_LRU_PERCPU_HASH:
	case KBPF_MAP_TYPE_PROG_ARRAY:
	case KBPF_MAP_TYPE_RINGBUF:
	case KBPF_MAP_TYPE_USER_RINGBUF:
		return true;
	default:
		return false;
	}
}

/* The program types kbpf implements. */
bool lv_kbpf_has_type(__u32 type)
{
	switch (type) {
	case KBPF_PROG_TYPE_SOCKET_FILTER:
	case KBPF_PROG_TYPE_KPROBE:
	case KBPF_PROG_TYPE_RAW_TRACEPOINT:
	case KBPF_PROG_TYPE_SYSCALL:
		return true;
	default:
		return false;
	}
}

/* Types that attach through a BTF id: nothing to retarget without BTF. */
bool lv_type_needs_btf(__u32 type)
{
	switch (type) {
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_EXT:
	case BPF_PROG_TYPE_STRUCT_OPS:
		return true;
	default:
		return false;
	}
}

/* A ld_imm64 of a BTF id or a call of a kfunc. */
bool lv_insns_name_btf(const struct kbpf_insn *insns, unsigned int cnt)
{
	const struct kbpf_insn *insn;
	unsigned int i;

	for (i = 0; i < cnt; i++) {
		insn = &insns[i];
		if (insn->code == (BPF_JMP | BPF_CALL) &&
		    insn->src_reg == BPF_PSEUDO_KFUNC_CALL)
			return true;
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    insn->src_reg == BPF_PSEUDO_BTF_ID)
			return true;
	}
	return false;
}

enum lv_reason lv_static_reason(const struct bpf_test *t)
{
	/* Maps whose values hold BTF-described objects. */
	if (t->fixup_kfunc_btf_id[0].kfunc || t->kfunc ||
	    t->fixup_map_spin_lock[0] || t->fixup_map_timer[0] ||
	    t->fixup_map_kptr[0] || t->fixup_sk_storage_map[0] ||
	    lv_type_needs_btf(t->prog_type) ||
	    lv_insns_name_btf(t->insns, MAX_INSNS))
		return LV_NA_BTF;
	if (t->fixup_map_sockmap[0] || t->fixup_map_sockhash[0] ||
	    t->fixup_map_xskmap[0] || t->fixup_map_stacktrace[0] ||
	    t->fixup_map_in_map[0] || t->fixup_cgroup_storage[0] ||
	    t->fixup_percpu_cgroup_storage[0] ||
	    t->fixup_map_event_output[0] || t->fixup_map_reuseport_array[0])
		return LV_NA_MAP_TYPE;
	if (t->fill_helper)
		return LV_NOT_RUN;
	return LV_APPLIES;
}

/* Linux's log names packet pointer types pkt, pkt_meta and pkt_end. */
bool lv_log_has_pkt(const char *log)
{
	return strstr(log, "pkt") != NULL;
}
