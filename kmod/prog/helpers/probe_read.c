// SPDX-License-Identifier: GPL-2.0
/*
 * Reads of kernel and user memory a program does not own: the probe
 * reads, which never fault (a fault reads as zeroes), and
 * bpf_copy_from_user(), which may fault the page in and so is for
 * sleepable programs only.
 */

#include <linux/capability.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "../helpers.h"

#define KBPF_PTR(x)	((void *)(unsigned long)(x))

/* Faults read as zeroes: the buffer is always initialised. */
static u64 kbpf_helper_probe_read_kernel(u64 dst, u64 size, u64 src, u64 r4,
					 u64 r5)
{
	long err = copy_from_kernel_nofault(KBPF_PTR(dst), KBPF_PTR(src), size);

	if (err)
		memset(KBPF_PTR(dst), 0, size);
	return err;
}

const struct kbpf_helper_proto kbpf_probe_read_kernel_proto = {
	.fn = kbpf_helper_probe_read_kernel,
	.name = "probe_read_kernel",
	.gpl_only = true, .cap = CAP_PERFMON,
	KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
		  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
};

static u64 kbpf_helper_probe_read_user(u64 dst, u64 size, u64 src, u64 r4,
				       u64 r5)
{
	long err = copy_from_user_nofault(KBPF_PTR(dst),
					  (const void __user *)KBPF_PTR(src),
					  size);

	if (err)
		memset(KBPF_PTR(dst), 0, size);
	return err;
}

const struct kbpf_helper_proto kbpf_probe_read_user_proto = {
	.fn = kbpf_helper_probe_read_user,
	.name = "probe_read_user",
	.gpl_only = true, .cap = CAP_PERFMON,
	KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
		  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
};

/*
 * A NUL-terminated string of at most size - 1 bytes, read byte by byte
 * without faulting (the _nofault string copies are not exported).
 * Returns the length with the NUL, or with dst emptied the copy's error,
 * as Linux's strncpy_from_*_nofault(): -ERANGE for a kernel address it
 * may not read at all (user or not canonical), -EFAULT for a fault.
 */
static long kbpf_read_str_nofault(char *dst, u32 size, const void *src,
				  bool user)
{
	u32 i;
	long err;

	if (!size)
		return 0;
	for (i = 0; i < size - 1; i++) {
		if (user)
			err = copy_from_user_nofault(&dst[i],
						     (const char __user *)src + i,
						     1);
		else
			err = copy_from_kernel_nofault(&dst[i],
						       (const char *)src + i, 1);
		if (err) {
			memset(dst, 0, size);
			return err;
		}
		if (!dst[i])
			return i + 1;
	}
	dst[i] = 0;
	return size;
}

static u64 kbpf_helper_probe_read_kernel_str(u64 dst, u64 size, u64 src, u64 r4,
					     u64 r5)
{
	return kbpf_read_str_nofault(KBPF_PTR(dst), size, KBPF_PTR(src), false);
}

const struct kbpf_helper_proto kbpf_probe_read_kernel_str_proto = {
	.fn = kbpf_helper_probe_read_kernel_str,
	.name = "probe_read_kernel_str",
	.gpl_only = true, .cap = CAP_PERFMON,
	KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
		  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
};

static u64 kbpf_helper_probe_read_user_str(u64 dst, u64 size, u64 src, u64 r4,
					   u64 r5)
{
	return kbpf_read_str_nofault(KBPF_PTR(dst), size, KBPF_PTR(src), true);
}

const struct kbpf_helper_proto kbpf_probe_read_user_str_proto = {
	.fn = kbpf_helper_probe_read_user_str,
	.name = "probe_read_user_str",
	.gpl_only = true, .cap = CAP_PERFMON,
	KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
		  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
};

#ifdef CONFIG_ARCH_HAS_NON_OVERLAPPING_ADDRESS_SPACE
/*
 * bpf_probe_read() and bpf_probe_read_str(), from before the helpers were
 * split into _kernel and _user forms: where user and kernel addresses do
 * not overlap, the address says which side to read, as Linux's
 * bpf_probe_read_compat(). libbpf 1.1 rewrites the split forms into these
 * when its probe for them (a TRACEPOINT program) fails, as on kbpf. The
 * tracing types only (Linux's bpf_tracing_func_proto()).
 */
static u64 kbpf_helper_probe_read(u64 dst, u64 size, u64 src, u64 r4, u64 r5)
{
	if (src < TASK_SIZE)
		return kbpf_helper_probe_read_user(dst, size, src, r4, r5);
	return kbpf_helper_probe_read_kernel(dst, size, src, r4, r5);
}

const struct kbpf_helper_proto kbpf_probe_read_proto = {
	.fn = kbpf_helper_probe_read,
	.name = "probe_read",
	.gpl_only = true, .cap = CAP_PERFMON, .type_specific = true,
	KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
		  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
};

static u64 kbpf_helper_probe_read_str(u64 dst, u64 size, u64 src, u64 r4,
				      u64 r5)
{
	return kbpf_read_str_nofault(KBPF_PTR(dst), size, KBPF_PTR(src),
				     src < TASK_SIZE);
}

const struct kbpf_helper_proto kbpf_probe_read_str_proto = {
	.fn = kbpf_helper_probe_read_str,
	.name = "probe_read_str",
	.gpl_only = true, .cap = CAP_PERFMON, .type_specific = true,
	KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
		  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
};
#endif

/* Sleepable programs only: the copy may fault the page in. */
static u64 kbpf_helper_copy_from_user(u64 dst, u64 size, u64 src, u64 r4,
				      u64 r5)
{
	might_fault();
	if (copy_from_user(KBPF_PTR(dst), (const void __user *)KBPF_PTR(src),
			   (u32)size)) {
		memset(KBPF_PTR(dst), 0, (u32)size);
		return -EFAULT;
	}
	return 0;
}

const struct kbpf_helper_proto kbpf_copy_from_user_proto = {
	.fn = kbpf_helper_copy_from_user,
	.name = "copy_from_user", .might_sleep = true,
	.type_specific = true,
	KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
		  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
};
