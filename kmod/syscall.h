/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bpf(2) command dispatcher: attr copy-in, per-command attr checks.
 * What the commands share below it is cmd.h.
 */
#ifndef _KBPF_SYSCALL_H
#define _KBPF_SYSCALL_H

#include <linux/types.h>

#include "../uapi/linux/kbpf.h"

/*
 * One command: @fn gets a kernel copy of the attr (zero-extended to the
 * full union) and the user pointer it came from, for fields written back.
 */
typedef int (*kbpf_cmd_fn)(union kbpf_attr *attr,
			   union kbpf_attr __user *uattr);

typedef int (*kbpf_cmd_sized_fn)(union kbpf_attr *attr,
				 union kbpf_attr __user *uattr, u32 size);

int kbpf_sys_bpf(u32 cmd, union kbpf_attr __user *uattr, u32 size);

#endif /* _KBPF_SYSCALL_H */
