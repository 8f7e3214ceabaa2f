/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kbpf knows of a tracepoint's arguments, from the kernel's BTF:
 * the `btf_trace_<name>` typedef, a pointer to the probe's prototype
 * (void *__data, args...), gives their number and each one's width.
 */
#ifndef _KBPF_TP_BTF_H
#define _KBPF_TP_BTF_H

#include <linux/types.h>

/* Linux's MAX_BPF_FUNC_ARGS: no tracepoint has more. */
#define KBPF_TP_MAX_ARGS	12

/* @size[i]: bytes of argument i, 1, 2, 4 or 8. */
struct kbpf_tp_args {
	u32 nr;
	u8 size[KBPF_TP_MAX_ARGS];
};

/*
 * @mod_name: the module defining the tracepoint, NULL for the kernel.
 * -EOPNOTSUPP when there is no BTF to read (a kernel without
 * CONFIG_DEBUG_INFO_BTF, or a module without BTF), the typedef is
 * absent, or an argument is of a type kbpf does not widen (a struct,
 * a float, more than 12 arguments). May sleep. The kernel's tracepoints
 * are looked up once; a module's each time (it may be reloaded, changed).
 */
int kbpf_tp_btf_args(const char *tp_name, const char *mod_name,
		     struct kbpf_tp_args *args);
/* Forget what was remembered; at module exit. */
void kbpf_tp_btf_exit(void);

#endif /* _KBPF_TP_BTF_H */
