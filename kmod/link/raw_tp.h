/* SPDX-License-Identifier: GPL-2.0 */
/* Raw tracepoint links: BPF_RAW_TRACEPOINT_OPEN. */
#ifndef _KBPF_LINK_RAW_TP_H
#define _KBPF_LINK_RAW_TP_H

#include <linux/module.h>
#include <linux/tracepoint.h>
#include <linux/types.h>

#include "../syscall.h"
#include "link.h"
#include "tp_btf.h"

/*
 * A raw tracepoint link. @tp, @cookie and @args are fixed before the
 * probe is registered; the probe's data is the link itself.
 */
struct kbpf_raw_tp_link {
	struct kbpf_link link;
	struct tracepoint *tp;
	struct module *mod;	/* held while attached; NULL: the kernel's */
	bool registered;	/* the probe is registered */
	u64 cookie;
	struct kbpf_tp_args args;
};

/*
 * The probes, by argument count (raw_tp_probe.c): each widens what it was
 * passed and runs the link's program.
 */
extern void * const kbpf_raw_tp_probes[KBPF_TP_MAX_ARGS + 1];

int kbpf_raw_tracepoint_open(union kbpf_attr *attr,
			     union kbpf_attr __user *uattr);
int kbpf_raw_tp_init(void);
void kbpf_raw_tp_exit(void);

#endif /* _KBPF_LINK_RAW_TP_H */
