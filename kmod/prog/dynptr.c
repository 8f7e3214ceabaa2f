// SPDX-License-Identifier: GPL-2.0
/*
 * The dynptr helpers for the types kbpf has (local memory and ringbuf
 * records), with Linux 6.12's errnos (kernel/bpf/helpers.c). The
 * verifier tracks which stack slots hold an initialised dynptr; here a
 * dynptr is only ever checked for NULL data, read-only, and bounds.
 */

#include <linux/bits.h>
#include <linux/capability.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "../../uapi/linux/kbpf.h"

#include "dynptr.h"
#include "helpers.h"

#define KBPF_DYNPTR_SIZE_MASK	0xffffffU
#define KBPF_DYNPTR_RDONLY_BIT	BIT(31)

static_assert(sizeof(struct kbpf_dynptr_kern) == sizeof(struct kbpf_dynptr));

#define KBPF_PTR(x)	((void *)(unsigned long)(x))

static u32 kbpf_dynptr_size(const struct kbpf_dynptr_kern *ptr)
{
	return ptr->size & KBPF_DYNPTR_SIZE_MASK;
}

static bool kbpf_dynptr_is_rdonly(const struct kbpf_dynptr_kern *ptr)
{
	return ptr->size & KBPF_DYNPTR_RDONLY_BIT;
}

static enum kbpf_dynptr_type
kbpf_dynptr_type(const struct kbpf_dynptr_kern *ptr)
{
	return (ptr->size & ~KBPF_DYNPTR_RDONLY_BIT) >> KBPF_DYNPTR_TYPE_SHIFT;
}

void kbpf_dynptr_set_null(struct kbpf_dynptr_kern *ptr)
{
	memset(ptr, 0, sizeof(*ptr));
}

static int kbpf_dynptr_check_off_len(const struct kbpf_dynptr_kern *ptr,
				     u32 offset, u32 len)
{
	u32 size = kbpf_dynptr_size(ptr);

	return len > size || offset > size - len ? -E2BIG : 0;
}

/* Local and ringbuf dynptrs are plain memory; nothing else exists here. */
static bool kbpf_dynptr_is_mem(const struct kbpf_dynptr_kern *ptr)
{
	enum kbpf_dynptr_type type = kbpf_dynptr_type(ptr);

	return type == KBPF_DYNPTR_TYPE_LOCAL ||
	       type == KBPF_DYNPTR_TYPE_RINGBUF;
}

static u64 kbpf_helper_dynptr_from_mem(u64 data, u64 size, u64 flags, u64 ptr,
				u64 r5)
{
	struct kbpf_dynptr_kern *p = KBPF_PTR(ptr);
	int err;

	/* Linux takes the u32 arguments as u32: the upper halves drop. */
	size = (u32)size;
	err = kbpf_dynptr_check_size(size);
	if (!err && flags)
		err = -EINVAL;
	if (err) {
		kbpf_dynptr_set_null(p);
		return err;
	}
	kbpf_dynptr_init(p, KBPF_PTR(data), KBPF_DYNPTR_TYPE_LOCAL, 0, size);
	return 0;
}

const struct kbpf_helper_proto kbpf_dynptr_from_mem_proto = {
	.fn = kbpf_helper_dynptr_from_mem,
	.name = "dynptr_from_mem", .cap = CAP_BPF,
	KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
		  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING,
		  KBPF_ARG_PTR_TO_UNINIT_DYNPTR_LOCAL),
	.mem_in_map = true,
};

/* dst and the dynptr's memory may overlap: memmove(), as Linux. */
static u64 kbpf_helper_dynptr_read(u64 dst, u64 len, u64 src, u64 offset, u64 flags)
{
	const struct kbpf_dynptr_kern *p = KBPF_PTR(src);
	int err;

	len = (u32)len;
	offset = (u32)offset;
	if (!p->data || flags)
		return -EINVAL;
	err = kbpf_dynptr_check_off_len(p, offset, len);
	if (err)
		return err;
	if (!kbpf_dynptr_is_mem(p))
		return -EFAULT;
	memmove(KBPF_PTR(dst), p->data + p->offset + offset, len);
	return 0;
}

const struct kbpf_helper_proto kbpf_dynptr_read_proto = {
	.fn = kbpf_helper_dynptr_read,
	.name = "dynptr_read", .cap = CAP_BPF,
	KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
		  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_PTR_TO_DYNPTR,
		  KBPF_ARG_ANYTHING, KBPF_ARG_ANYTHING),
};

static u64 kbpf_helper_dynptr_write(u64 dst, u64 offset, u64 src, u64 len,
			     u64 flags)
{
	const struct kbpf_dynptr_kern *p = KBPF_PTR(dst);
	int err;

	offset = (u32)offset;
	len = (u32)len;
	if (!p->data || kbpf_dynptr_is_rdonly(p))
		return -EINVAL;
	err = kbpf_dynptr_check_off_len(p, offset, len);
	if (err)
		return err;
	if (!kbpf_dynptr_is_mem(p))
		return -EFAULT;
	if (flags)
		return -EINVAL;
	memmove(p->data + p->offset + offset, KBPF_PTR(src), len);
	return 0;
}

const struct kbpf_helper_proto kbpf_dynptr_write_proto = {
	.fn = kbpf_helper_dynptr_write,
	.name = "dynptr_write", .cap = CAP_BPF,
	KBPF_ARGS(KBPF_ARG_PTR_TO_DYNPTR, KBPF_ARG_ANYTHING,
		  KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE_OR_ZERO,
		  KBPF_ARG_ANYTHING),
};

static u64 kbpf_helper_dynptr_data(u64 ptr, u64 offset, u64 len, u64 r4, u64 r5)
{
	const struct kbpf_dynptr_kern *p = KBPF_PTR(ptr);

	offset = (u32)offset;
	len = (u32)len;
	if (!p->data || kbpf_dynptr_check_off_len(p, offset, len) ||
	    kbpf_dynptr_is_rdonly(p) || !kbpf_dynptr_is_mem(p))
		return 0;
	return (unsigned long)(p->data + p->offset + offset);
}

const struct kbpf_helper_proto kbpf_dynptr_data_proto = {
	.fn = kbpf_helper_dynptr_data,
	.name = "dynptr_data", .cap = CAP_BPF,
	.ret_type = KBPF_RET_PTR_TO_DYNPTR_MEM_OR_NULL,
	KBPF_ARGS(KBPF_ARG_PTR_TO_DYNPTR, KBPF_ARG_ANYTHING,
		  KBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO),
};
