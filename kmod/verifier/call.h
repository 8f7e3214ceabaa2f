/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of a helper call's check share: call.c (the call),
 * args.c (its arguments) and dynptr.c (its dynptr arguments).
 */
#ifndef _KBPF_VERIFIER_CALL_H
#define _KBPF_VERIFIER_CALL_H

#include <linux/types.h>

#include "state.h"

struct kbpf_helper_proto;
struct kbpf_map;
struct kbpf_verifier_env;

#define KBPF_MAX_VAR_SIZ	(1 << 29)
#define KBPF_DYNPTR_SIZE	16

/* What the arguments of one helper call established. */
struct kbpf_call_meta {
	struct kbpf_map *map;
	u32 subprog;
	bool has_callback;
	u64 const_size;		/* CONST_ALLOC_SIZE_OR_ZERO */
	u32 release_ref;	/* reference the helper releases */
	int release_dynptr_reg;	/* register pointing at a released dynptr */
	int uninit_dynptr_reg;	/* register pointing at a dynptr to set up */
	u32 dynptr_ref;		/* reference of the dynptr argument */
	struct kbpf_reg_state args[5];	/* r1-r5 as passed */
};

/* args.c */
int kbpf_type_error(struct kbpf_verifier_env *env, u32 regno,
		    const char *expected);
int kbpf_check_arg_reg_off(struct kbpf_verifier_env *env, u32 regno,
			   bool release);
/* Argument @arg (0-4, in register @arg + 1) of a call to @proto. */
int kbpf_check_arg(struct kbpf_verifier_env *env,
		   const struct kbpf_helper_proto *proto, u32 arg,
		   struct kbpf_call_meta *meta);
int kbpf_check_map_func(struct kbpf_verifier_env *env,
			const struct kbpf_helper_proto *proto, s32 id,
			const struct kbpf_map *map);
int kbpf_check_snprintf(struct kbpf_verifier_env *env,
			const struct kbpf_call_meta *meta);

/* dynptr.c */
const char *kbpf_dynptr_type_str(u8 type);
int kbpf_check_dynptr_arg(struct kbpf_verifier_env *env, u32 regno,
			  u8 arg_type, struct kbpf_call_meta *meta);
void kbpf_mark_dynptr(struct kbpf_verifier_env *env,
		      const struct kbpf_reg_state *reg, u8 type,
		      u32 ref_obj_id);

#endif /* _KBPF_VERIFIER_CALL_H */
