// SPDX-License-Identifier: GPL-2.0
/* Global data: .rodata set by the loader before load, .data with an
 * initial value, .bss zeroed; all three read and written through the
 * skeleton's mmap of the maps libbpf creates for them.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u64 scale = 1;		/* .rodata */
__u64 base = 100;			/* .data */
__u64 result;				/* .bss */
__u32 runs;				/* .bss */

SEC("syscall")
int compute(void *ctx)
{
	result = base * scale + runs;
	runs++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
