// SPDX-License-Identifier: GPL-2.0
/*
 * The context per program type: SYSCALL's is a read-write buffer (the
 * runner passes 256 bytes of u64 0x100 + i), RAW_TRACEPOINT's twelve
 * read-only u64 arguments (0x100 + i), KPROBE's read-only struct pt_regs
 * (168 bytes on x86-64). Also the helpers each type may call.
 */
#include "verifier_cases.h"

#define RAW_TP		.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT
#define KPROBE		.prog_type = KBPF_PROG_TYPE_KPROBE

static const struct vc_case cases[] = {
	/* SYSCALL */
	{
		.name = "syscall_ctx_read_u64",
		.insns = { LDX(DW, R0, R1, 8), EXIT },
		.retval = 0x101,
	},
	{
		.name = "syscall_ctx_read_u8",
		.insns = { LDX(B, R0, R1, 16), EXIT },
		.retval = 0x02,
	},
	{
		.name = "syscall_ctx_write_read",
		.insns = {
			ST(DW, R1, 0, 5), LDX(DW, R0, R1, 0), EXIT,
		},
		.retval = 5,
	},
	{
		.name = "syscall_ctx_stx_read",
		.insns = {
			MOV64_IMM(R2, 77), STX(W, R1, R2, 4), LDX(W, R0, R1, 4),
			EXIT,
		},
		.retval = 77,
	},
	{
		.name = "syscall_ctx_atomic_add",
		.insns = {
			MOV64_IMM(R2, 1), ATOMIC(DW, KBPF_ADD, R1, R2, 0),
			LDX(DW, R0, R1, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "BPF_ATOMIC stores into R1 ctx is not allowed",
	},
	{
		.name = "syscall_ctx_misaligned",
		.insns = { LDX(W, R0, R1, 2), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid bpf_context access off=2 size=4",
	},
	{
		.name = "syscall_ctx_negative_off",
		.insns = { LDX(DW, R0, R1, -8), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid bpf_context access off=-8 size=8",
	},
	{
		.name = "syscall_ctx_far_off",
		.insns = { LDX(B, R0, R1, 32000), EXIT },
		.no_run = true,
	},
	{
		.name = "syscall_ctx_modified_ptr",
		.insns = { ALU64_IMM(ADD, R1, 8), LDX(DW, R0, R1, 0), EXIT },
		.verdict = VC_REJECT,
		.log = "dereference of modified ctx ptr R1 off=8 disallowed",
	},
	{
		.name = "syscall_ctx_var_off",
		.insns = {
			LDX(B, R2, R1, 0), ALU64_REG(ADD, R1, R2),
			LDX(B, R0, R1, 0), EXIT,
		},
		.verdict = VC_REJECT,
		.log = "variable ctx access var_off=(0x0; 0xff) disallowed",
	},
	{
		.name = "syscall_ctx_spill_fill",
		.insns = {
			STX(DW, R10, R1, -8), MOV64_IMM(R1, 0),
			LDX(DW, R2, R10, -8), LDX(DW, R0, R2, 24), EXIT,
		},
		.retval = 0x103,
	},
	{
		.name = "syscall_ctx_arith32",
		.insns = { ALU32_IMM(ADD, R1, 0), RET(0) },
		.verdict = VC_REJECT,
		.log = "R1 32-bit pointer arithmetic prohibited",
	},
	{
		.name = "syscall_ctx_returned_root",
		.insns = { MOV64_REG(R0, R1), EXIT },
		.no_run = true,
	},
	{
		.name = "syscall_tail_call_args_checked",
		.insns = { CALL(tail_call), RET(0) },
		.verdict = VC_REJECT,
		.log = "R2 !read_ok",
	},
	{
		.name = "syscall_helper_not_allowed",
		.insns = { CALL(skb_store_bytes), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "program of this type cannot use helper bpf_skb_store_bytes#9",
	},
	{
		.name = "helper_unknown_id",
		.insns = { KBPF_CALL_HELPER(10000), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "invalid func unknown#10000",
	},
	{
		.name = "syscall_helper_ktime",
		.insns = { CALL(ktime_get_ns), RET(0) },
	},
	/* RAW_TRACEPOINT */
	{
		.name = "raw_tp_read_arg0", RAW_TP,
		.insns = { LDX(DW, R0, R1, 0), EXIT },
		.retval = 0x100,
	},
	{
		.name = "raw_tp_read_arg11", RAW_TP,
		.insns = { LDX(DW, R0, R1, 88), EXIT },
		.retval = 0x10b,
	},
	{
		.name = "raw_tp_read_past_args", RAW_TP,
		.insns = { LDX(DW, R0, R1, 96), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid bpf_context access off=96 size=8",
	},
	{
		.name = "raw_tp_read_u32_half", RAW_TP,
		.insns = { LDX(W, R0, R1, 8), EXIT },
		.retval = 0x101,
	},
	{
		.name = "raw_tp_read_misaligned", RAW_TP,
		.insns = { LDX(W, R0, R1, 2), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid bpf_context access off=2 size=4",
	},
	{
		.name = "raw_tp_write_arg", RAW_TP,
		.insns = { MOV64_IMM(R2, 1), STX(DW, R1, R2, 0), RET(0) },
		.verdict = VC_REJECT,
		.log = "invalid bpf_context access off=0 size=8",
	},
	{
		.name = "raw_tp_st_imm", RAW_TP,
		.insns = { ST(DW, R1, 0, 1), RET(0) },
		.verdict = VC_REJECT,
		.log = "invalid bpf_context access off=0 size=8",
	},
	{
		.name = "raw_tp_helper_smp_id", RAW_TP,
		.insns = { CALL(get_smp_processor_id), RET(0) },
	},
	{
		.name = "raw_tp_helper_sys_bpf", RAW_TP,
		.insns = { CALL(sys_bpf), RET(0) },
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "program of this type cannot use helper bpf_sys_bpf#166",
	},
	{
		.name = "raw_tp_copy_from_user_not_sleepable", RAW_TP,
		.insns = {
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8),
			MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			CALL(copy_from_user), RET(0),
		},
		.verdict = VC_REJECT, .err = EINVAL,
		.log = "helper call might sleep in a non-sleepable prog",
	},
	{
		.name = "syscall_copy_from_user_sleepable",
		.insns = {
			MOV64_REG(R1, R10), ALU64_IMM(ADD, R1, -8),
			MOV64_IMM(R2, 8), MOV64_IMM(R3, 0),
			CALL(copy_from_user), EXIT,
		},
		.retval = (__u32)-EFAULT,
	},
	/* KPROBE: loaded only, never run. */
	{
		.name = "kprobe_read_first", KPROBE,
		.insns = { LDX(DW, R0, R1, 0), EXIT },
	},
	{
		.name = "kprobe_read_last", KPROBE,
		.insns = { LDX(DW, R0, R1, 160), EXIT },
	},
	{
		.name = "kprobe_read_past_regs", KPROBE,
		.insns = { LDX(DW, R0, R1, 168), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid bpf_context access off=168 size=8",
	},
	{
		.name = "kprobe_read_straddle_end", KPROBE,
		.insns = { LDX(DW, R0, R1, 164), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid bpf_context access off=164 size=8",
	},
	{
		.name = "kprobe_read_byte", KPROBE,
		.insns = { LDX(B, R0, R1, 3), EXIT },
	},
	{
		.name = "kprobe_read_misaligned", KPROBE,
		.insns = { LDX(DW, R0, R1, 4), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid bpf_context access off=4 size=8",
	},
	{
		.name = "kprobe_write", KPROBE,
		.insns = { MOV64_IMM(R2, 0), STX(DW, R1, R2, 0), RET(0) },
		.verdict = VC_REJECT,
		.log = "invalid bpf_context access off=0 size=8",
	},
	{
		.name = "kprobe_ctx_negative", KPROBE,
		.insns = { LDX(DW, R0, R1, -8), EXIT },
		.verdict = VC_REJECT,
		.log = "invalid bpf_context access off=-8 size=8",
	},
	{
		.name = "kprobe_helper_pid_tgid", KPROBE,
		.insns = { CALL(get_current_pid_tgid), EXIT },
	},
	{
		.name = "kprobe_r1_is_ctx_only_at_entry", KPROBE,
		.insns = {
			CALL(get_current_pid_tgid), LDX(DW, R0, R1, 0), EXIT,
		},
		.verdict = VC_REJECT, .log = "R1 !read_ok",
	},
	{
		.name = "kprobe_r2_uninit_at_entry", KPROBE,
		.insns = { MOV64_REG(R0, R2), EXIT },
		.verdict = VC_REJECT, .log = "R2 !read_ok",
	},
};

VC_TABLE(vc_ctx_table, "ctx", cases);
