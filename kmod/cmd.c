// SPDX-License-Identifier: GPL-2.0
/* The attr tail rules of bpf(2) that every command shares (cmd.h). */

#include <linux/string.h>
#include <linux/uaccess.h>

#include "cmd.h"
#include "compat.h"

/*
 * A caller built against a newer ABI may pass a larger attr as long as
 * the part kbpf does not know is zero; PAGE_SIZE caps the scan.
 */
int kbpf_check_uarg_tail_zero(const void __user *uaddr, size_t expected,
			      size_t actual)
{
	int zeroed;

	if (actual > PAGE_SIZE)
		return -E2BIG;
	if (actual <= expected)
		return 0;
	zeroed = check_zeroed_user(uaddr + expected, actual - expected);
	if (zeroed < 0)
		return zeroed;
	return zeroed ? 0 : -E2BIG;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_check_uarg_tail_zero);

bool kbpf_attr_tail_is_zero(const union kbpf_attr *attr, size_t end)
{
	return !memchr_inv((const u8 *)attr + end, 0, sizeof(*attr) - end);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_attr_tail_is_zero);
