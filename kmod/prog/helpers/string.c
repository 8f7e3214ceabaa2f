// SPDX-License-Identifier: GPL-2.0
/* bpf_strncmp(): a program's string against a constant one. */

#include <linux/capability.h>
#include <linux/string.h>

#include "../helpers.h"

#define KBPF_PTR(x)	((void *)(unsigned long)(x))

static u64 kbpf_helper_strncmp(u64 s1, u64 s1_sz, u64 s2, u64 r4, u64 r5)
{
	return strncmp(KBPF_PTR(s1), KBPF_PTR(s2), s1_sz);
}

const struct kbpf_helper_proto kbpf_strncmp_proto = {
	.fn = kbpf_helper_strncmp,
	.name = "strncmp", .cap = CAP_BPF,
	KBPF_ARGS(KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE,
		  KBPF_ARG_PTR_TO_CONST_STR),
};
