/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Program types: what kbpf knows of each type it runs, in one table,
 * as Linux's bpf_verifier_ops and bpf_prog_ops. A type is one file in
 * kmod/prog/types/ holding its struct kbpf_prog_ops, and one entry in
 * kbpf_prog_ops_table[] (type.c).
 */
#ifndef _KBPF_PROG_TYPE_H
#define _KBPF_PROG_TYPE_H

#include <linux/types.h>

#include "../cmd.h"

struct kbpf_prog;
struct kbpf_helper_proto;

/* Room for one rewritten ctx access, shift and mask included. */
#define KBPF_CTX_INSN_MAX	16
/*
 * The rewrite's scratch register (Linux's BPF_REG_AX): the interpreter
 * has it, no program may name it (the verifier refuses registers past
 * r10), so what a rewrite leaves there is never read.
 */
#define KBPF_REG_AX		11

/*
 * @name: for messages.
 * @may_sleep: BPF_F_SLEEPABLE is taken (Linux's can_be_sleepable());
 *	@must_sleep: and required.
 * @check_attach: the expected_attach_type a load may give; NULL: any.
 * @ctx_access_ok: whether the program may load (or store, @write) @size
 *	bytes at @off of its ctx (Linux's is_valid_access). A type whose
 *	loads are rewritten sets *@field_size to the size of the field a
 *	narrower load reads (Linux's bpf_ctx_record_field_size()): the
 *	rewrite loads the whole field then shifts and masks; 0 (as it
 *	comes in) converts the access at its own size.
 * @convert_ctx_access: rewrites one accepted ctx load or store @si into
 *	at most KBPF_CTX_INSN_MAX instructions at @buf over the kernel's own
 *	object (Linux's convert_ctx_access), setting *@target_size to the
 *	bytes the field has there; returns the count. May use KBPF_REG_AX
 *	as scratch. NULL: the ctx is used as the program sees it.
 * @ld_abs: LD_ABS and LD_IND are allowed, the ctx being a struct sk_buff
 *	(Linux's may_access_skb()).
 * @tracing: the type's helpers are Linux's tracing set
 *	(bpf_tracing_func_proto()), which gives the helpers that
 *	bpf_base_func_proto() keeps for CAP_PERFMON (a proto's @cap of
 *	CAP_PERFMON: probe reads, printing) without asking for it.
 * @helpers: the @helper_cnt helper IDs this type adds to the base set
 *	(Linux's get_func_proto before bpf_base_func_proto()); the tracing
 *	types list get_current_uid_gid, get_current_comm, copy_from_user,
 *	probe_read and probe_read_str (Linux's bpf_tracing_func_proto()).
 * @test_run: BPF_PROG_TEST_RUN, attr already checked for what every
 *	type shares; NULL: -ENOTSUPP, as Linux.
 * @ctx_size: the size of a ctx fixed by the type (struct pt_regs for
 *	kprobes), 0 when the run decides it.
 * @ret_range: whether a program loaded with @expected_attach_type must
 *	exit with r0 a scalar in [*@min, *@max] (Linux's check_return_code()
 *	ranges); NULL: any r0.
 */
struct kbpf_prog_ops {
	const char *name;
	bool may_sleep;
	bool must_sleep;
	int (*check_attach)(u32 expected_attach_type);
	bool (*ctx_access_ok)(s32 off, u32 size, bool write, u32 *field_size);
	u32 (*convert_ctx_access)(const struct kbpf_insn *si,
				  struct kbpf_insn *buf, u32 *target_size);
	bool ld_abs;
	bool tracing;
	const s32 *helpers;
	u32 helper_cnt;
	int (*test_run)(struct kbpf_prog *prog, const union kbpf_attr *attr,
			union kbpf_attr __user *uattr);
	u32 ctx_size;
	bool (*ret_range)(u32 expected_attach_type, s32 *min, s32 *max);
};

extern const struct kbpf_prog_ops kbpf_prog_ops_syscall;
extern const struct kbpf_prog_ops kbpf_prog_ops_raw_tp;
extern const struct kbpf_prog_ops kbpf_prog_ops_kprobe;
extern const struct kbpf_prog_ops kbpf_prog_ops_tracepoint;
extern const struct kbpf_prog_ops kbpf_prog_ops_socket_filter;

/* The type kbpf runs under @type, or NULL. */
const struct kbpf_prog_ops *kbpf_prog_ops_of(u32 type);
/* Linux's is_perfmon_prog_type(): loading @type also needs CAP_PERFMON. */
bool kbpf_prog_type_needs_perfmon(u32 type);
/*
 * The helper @id as @prog may call it: its type's own, or one of the
 * base set (availability by capability is the caller's check); NULL if
 * the type may not call it or kbpf lacks it.
 */
const struct kbpf_helper_proto *kbpf_prog_func_proto(const struct kbpf_prog *prog,
						     s32 id);

#endif /* _KBPF_PROG_TYPE_H */
