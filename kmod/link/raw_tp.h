/* SPDX-License-Identifier: GPL-2.0 */
/* Raw tracepoint links: BPF_RAW_TRACEPOINT_OPEN. */
#ifndef _KBPF_LINK_RAW_TP_H
#define _KBPF_LINK_RAW_TP_H

#include <linux/list.h>
#include <linux/module.h>
#include <linux/tracepoint.h>
#include <linux/types.h>

#include "../cmd.h"
#include "link.h"
#include "tp_btf.h"

/* Linux's buffer for a tracepoint name: longer ones are cut to fit. */
#define KBPF_RAW_TP_NAME_LEN	128

/*
 * A raw tracepoint link. @cookie, @args and @name are fixed before the
 * probe is registered; the probe's data is the link itself.
 *
 * @tp, @mod, @registered and @mod_node are under kbpf_tp_mods_lock
 * (raw_tp.c). A module's tracepoint puts the link on that module's list
 * from the lookup on, so that the module going (its init failed: a
 * reference taken while it was coming does not keep it) detaches the
 * link first; @tp and @mod are NULL from then on.
 */
struct kbpf_raw_tp_link {
	struct kbpf_link link;
	struct tracepoint *tp;
	struct module *mod;	/* held while attached; NULL: the kernel's */
	struct list_head mod_node;
	bool registered;	/* the probe is registered */
	u64 cookie;
	struct kbpf_tp_args args;
	char name[KBPF_RAW_TP_NAME_LEN];	/* the tracepoint's, for link info */
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
