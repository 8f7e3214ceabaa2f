// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_KPROBE: run by kprobe_multi and uprobe_multi links
 * (kmod/link/) on the probed struct pt_regs, read-only; sleepable ones
 * only through uprobes. No test run (-ENOTSUPP, as Linux).
 */

#include <linux/ptrace.h>

#include "../prog.h"
#include "../type.h"

static bool kbpf_kprobe_ctx_access_ok(s32 off, u32 size, bool write,
					u32 *field_size)
{
	return off >= 0 && off < sizeof(struct pt_regs) && !write &&
	       !(off % size) && off + size <= sizeof(struct pt_regs);
}

/* What the link that started the run knows (kmod/link/). */
static const s32 kbpf_kprobe_helpers[] = {
	KBPF_FUNC_get_func_ip,
	KBPF_FUNC_get_attach_cookie,
	KBPF_FUNC_get_current_uid_gid,
	KBPF_FUNC_get_current_comm,
	KBPF_FUNC_copy_from_user,
	KBPF_FUNC_probe_read,
	KBPF_FUNC_probe_read_str,
};

/* A session program's result says whether its return probe runs. */
static bool kbpf_kprobe_ret_range(u32 expected_attach_type, s32 *min,
				  s32 *max)
{
	if (expected_attach_type != KBPF_TRACE_KPROBE_SESSION)
		return false;
	*min = 0;
	*max = 1;
	return true;
}

const struct kbpf_prog_ops kbpf_prog_ops_kprobe = {
	.name = "kprobe",
	.tracing = true,
	.may_sleep = true,
	.ctx_access_ok = kbpf_kprobe_ctx_access_ok,
	.helpers = kbpf_kprobe_helpers,
	.helper_cnt = ARRAY_SIZE(kbpf_kprobe_helpers),
	.ctx_size = sizeof(struct pt_regs),
	.ret_range = kbpf_kprobe_ret_range,
};
