// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_TRACEPOINT: run by a kbpf perf event of the tracepoint
 * PMU (kmod/link/perf_event.c) with ctx the event's record in the perf
 * trace buffer, read-only (Linux's tracepoint verifier ops). The first 8
 * bytes are the common header (Linux puts a struct pt_regs * there);
 * a program may not read them. No test run (-ENOTSUPP, as Linux).
 */

#include <linux/trace_events.h>

#include "../prog.h"
#include "../type.h"

/*
 * Linux's tp_prog_is_valid_access(): reads at offsets 8 to
 * PERF_MAX_TRACE_SIZE - 1, aligned to their size. PERF_MAX_TRACE_SIZE is
 * a multiple of 8, so an aligned read never crosses its end; how far
 * into the record a program may read is checked at attach.
 */
static bool kbpf_tp_ctx_access_ok(s32 off, u32 size, bool write,
				  u32 *field_size)
{
	BUILD_BUG_ON(PERF_MAX_TRACE_SIZE % sizeof(u64));
	return off >= (s32)sizeof(void *) && off < PERF_MAX_TRACE_SIZE &&
	       !write && !(off % size);
}

/*
 * Linux's tp_prog_func_proto(): the tracing set and the attach cookie
 * (perf_event_output, get_stackid and get_stack are not in kbpf).
 */
static const s32 kbpf_tp_helpers[] = {
	KBPF_FUNC_get_current_uid_gid,
	KBPF_FUNC_get_current_comm,
	KBPF_FUNC_copy_from_user,
	KBPF_FUNC_probe_read,
	KBPF_FUNC_probe_read_str,
	KBPF_FUNC_get_attach_cookie,
};

const struct kbpf_prog_ops kbpf_prog_ops_tracepoint = {
	.name = "tracepoint",
	.tracing = true,
	.helpers = kbpf_tp_helpers,
	.helper_cnt = ARRAY_SIZE(kbpf_tp_helpers),
	.ctx_access_ok = kbpf_tp_ctx_access_ok,
	/* The whole perf trace buffer the record starts (perf_event.c). */
	.ctx_size = PERF_MAX_TRACE_SIZE,
};
