/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State of one PROG_LOAD's checks, shared by the verifier's passes.
 */
#ifndef _KBPF_VERIFIER_ENV_H
#define _KBPF_VERIFIER_ENV_H

#include <linux/types.h>

#include "../prog/prog.h"
#include "log.h"

#define KBPF_MAX_USED_MAPS	64
#define KBPF_MAX_SUBPROGS	256

/* Per-instruction facts the passes share. */
struct kbpf_insn_aux {
	bool ldimm64_tail;	/* second half of a ld_imm64 */
	bool reachable;
	bool subprog_start;
};

/*
 * @prog: the program being loaded; its insns are rewritten in place
 *	once they check out (map fds become map pointers).
 * @fd_array: user array of map fds for KBPF_PSEUDO_MAP_IDX(_VALUE).
 * @used_maps: references held on every map the program names, handed
 *	to the program when the load succeeds.
 */
struct kbpf_verifier_env {
	struct kbpf_prog *prog;
	struct kbpf_insn_aux *aux;
	const u32 __user *fd_array;
	struct kbpf_map *used_maps[KBPF_MAX_USED_MAPS];
	u32 used_map_cnt;
	u32 subprog_starts[KBPF_MAX_SUBPROGS + 1];
	u32 subprog_cnt;
	u32 insn_processed;	/* instructions checked, for the log */
	bool bpf_capable;
	bool perfmon_capable;
	struct kbpf_log log;
};

#define kbpf_verbose(env, fmt, ...) kbpf_log(&(env)->log, fmt, ##__VA_ARGS__)

int kbpf_find_subprogs(struct kbpf_verifier_env *env);
int kbpf_resolve_pseudo_ldimm64(struct kbpf_verifier_env *env);
int kbpf_check_cfg(struct kbpf_verifier_env *env);
int kbpf_check_insn_fields(struct kbpf_verifier_env *env);
bool kbpf_opcode_valid(u8 code);
void kbpf_release_used_maps(struct kbpf_verifier_env *env);

int kbpf_check(struct kbpf_prog *prog, const union kbpf_attr *attr,
	       union kbpf_attr __user *uattr, u32 uattr_size);

#endif /* _KBPF_VERIFIER_ENV_H */
