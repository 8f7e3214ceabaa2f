// SPDX-License-Identifier: GPL-2.0
/*
 * What OBJ_GET_INFO_BY_FD tells of a program's JIT image, as Linux's
 * bpf_prog_get_info_by_fd() for a program of one function: its length,
 * its bytes, its address (jited_ksyms) and its length again
 * (jited_func_lens). A program that runs interpreted reports one
 * function of length 0 at address 0, as Linux reports its own
 * interpreted programs one function (there, the interpreter's address).
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/minmax.h>
#include <linux/uaccess.h>

#include "jit.h"

/*
 * Linux's bpf_dump_raw_ok(): whether the caller may see kernel
 * addresses (kallsyms_show_value(), not exported). Linux asks with the
 * fd's credentials; kbpf with the caller's, and CAP_SYSLOG whatever
 * kptr_restrict says, which is the answer of its default (1).
 */
static bool kbpf_jit_dump_raw_ok(void)
{
	return ns_capable_noaudit(&init_user_ns, CAP_SYSLOG);
}

int kbpf_jit_fill_info(const struct kbpf_prog *prog,
		       struct kbpf_prog_info *info,
		       const struct kbpf_prog_info *req)
{
	u64 addr = (unsigned long)prog->jit_func;
	u32 len = prog->jit_func ? prog->jit_len : 0;
	bool raw_ok = kbpf_jit_dump_raw_ok();

	info->jited_prog_len = len;
	if (len && req->jited_prog_len) {
		if (raw_ok) {
			if (copy_to_user(u64_to_user_ptr(req->jited_prog_insns),
					 prog->jit_func,
					 min(len, req->jited_prog_len)))
				return -EFAULT;
		} else {
			info->jited_prog_insns = 0;
		}
	}
	info->nr_jited_ksyms = 1;
	if (req->nr_jited_ksyms) {
		if (raw_ok) {
			if (put_user(addr, (u64 __user *)
				     u64_to_user_ptr(req->jited_ksyms)))
				return -EFAULT;
		} else {
			info->jited_ksyms = 0;
		}
	}
	info->nr_jited_func_lens = 1;
	if (req->nr_jited_func_lens) {
		if (raw_ok) {
			if (put_user(len, (u32 __user *)
				     u64_to_user_ptr(req->jited_func_lens)))
				return -EFAULT;
		} else {
			info->jited_func_lens = 0;
		}
	}
	return 0;
}
