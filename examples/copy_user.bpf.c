// SPDX-License-Identifier: GPL-2.0
/* A sleepable program (SEC("syscall") is loaded with BPF_F_SLEEPABLE)
 * reading the caller's memory with bpf_copy_from_user(), which may take
 * a page fault and sleep.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct copy_args {
	__u64 uptr;
	__u32 len;
	__u32 pad;
};

char buf[64];			/* .bss: what was copied */
long copy_ret;			/* .bss: the helper's return */

SEC("syscall")
int read_user(struct copy_args *args)
{
	__u32 len = args->len;

	if (len > sizeof(buf))
		return 1;
	copy_ret = bpf_copy_from_user(buf, len, (void *)args->uptr);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
