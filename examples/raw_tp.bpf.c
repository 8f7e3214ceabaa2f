// SPDX-License-Identifier: GPL-2.0
/* A raw tracepoint counter on sys_enter: counts this process's getppid(2)
 * calls, from the system call number in the tracepoint's second argument.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u32 pid;
__u64 hits;
__u64 last_nr;

SEC("raw_tp/sys_enter")
int count(struct bpf_raw_tracepoint_args *ctx)
{
	if (bpf_get_current_pid_tgid() >> 32 != pid)
		return 0;
	last_nr = ctx->args[1];
	if (ctx->args[1] == 110)	/* __NR_getppid on x86-64 */
		__sync_fetch_and_add(&hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
