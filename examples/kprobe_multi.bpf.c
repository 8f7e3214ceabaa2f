// SPDX-License-Identifier: GPL-2.0
/* A kprobe_multi counter on getppid(2)'s entry, which also reads the
 * system call number from the caller's saved registers with
 * bpf_probe_read_kernel(). Only calls from process `pid` count: user
 * space sets it before attaching, so other processes' getppid(2) calls
 * (a fuzzer running beside it, say) leave `hits` alone.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* x86-64 struct pt_regs: di and orig_ax are the 15th and 16th slots. */
#define PT_REGS_DI	(14 * 8)
#define PT_REGS_ORIG_AX	(15 * 8)

__u32 pid;
__u64 hits;
__u64 nr;

SEC("kprobe.multi/__x64_sys_getppid")
int count(void *ctx)
{
	/* __x64_sys_getppid(const struct pt_regs *regs): regs is in di. */
	__u64 regs = *(__u64 *)(ctx + PT_REGS_DI);

	if (bpf_get_current_pid_tgid() >> 32 != pid)
		return 0;
	__sync_fetch_and_add(&hits, 1);
	bpf_probe_read_kernel(&nr, sizeof(nr), (void *)(regs + PT_REGS_ORIG_AX));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
