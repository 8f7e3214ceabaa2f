// SPDX-License-Identifier: GPL-2.0
/*
 * perf_event links: LINK_CREATE with BPF_PERF_EVENT on a kbpf perf event
 * fd (perf_event.c), Linux 6.12's bpf_perf_link. The link holds the
 * event (Linux: its file): the event stays while the link does, and
 * releasing the link detaches the program from it, waiting for the runs
 * in progress.
 */

#include <linux/err.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "../prog/prog.h"
#include "link.h"
#include "perf_event.h"

struct kbpf_perf_link {
	struct kbpf_link link;
	struct kbpf_perf_event *pe;	/* held; NULL once released */
};

static struct kbpf_perf_link *kbpf_perf_link(const struct kbpf_link *link)
{
	return container_of(link, struct kbpf_perf_link, link);
}

static void kbpf_perf_link_release(struct kbpf_link *link)
{
	struct kbpf_perf_link *pl = kbpf_perf_link(link);

	if (!pl->pe)
		return;
	kbpf_perf_event_detach(pl->pe);
	kbpf_perf_event_put(pl->pe);
	pl->pe = NULL;
}

static void kbpf_perf_link_dealloc(struct kbpf_link *link)
{
	kfree(kbpf_perf_link(link));
}

/*
 * Linux's bpf_perf_link_fill_tracepoint(): the tracepoint's name (a
 * syscall event's own name) with Linux's truncation rule, and the cookie.
 */
static int kbpf_perf_link_fill_info(const struct kbpf_link *link,
				    struct kbpf_link_info *info)
{
	char __user *ubuf = u64_to_user_ptr(info->perf_event.tracepoint.tp_name);
	u32 ulen = info->perf_event.tracepoint.name_len;
	const struct kbpf_perf_event *pe = kbpf_perf_link(link)->pe;
	const char *name = kbpf_perf_event_name(pe);
	int err;

	if (!ulen ^ !ubuf)
		return -EINVAL;
	err = kbpf_link_copy_name(ubuf, ulen, name);
	if (err)
		return err;
	info->perf_event.type = KBPF_PERF_EVENT_TRACEPOINT;
	info->perf_event.tracepoint.name_len = strlen(name) + 1;
	info->perf_event.tracepoint.cookie = kbpf_perf_event_cookie(pe);
	return 0;
}

static const struct kbpf_link_ops kbpf_perf_link_ops = {
	.release	= kbpf_perf_link_release,
	.dealloc	= kbpf_perf_link_dealloc,
	.fill_info	= kbpf_perf_link_fill_info,
};

/* Linux's bpf_perf_link_attach(): flags, then the fd, then the attach. */
int kbpf_perf_link_attach(const union kbpf_attr *attr, struct kbpf_prog *prog)
{
	struct kbpf_perf_event *pe;
	struct kbpf_perf_link *pl;
	struct file *file;
	int err;

	if (attr->link_create.flags)
		return -EINVAL;
	file = fget(attr->link_create.target_fd);
	if (!file)
		return -EBADF;
	pe = kbpf_perf_event_of(file);
	if (pe)
		kbpf_perf_event_get(pe);
	fput(file);
	if (!pe)
		return -EBADF;
	pl = kzalloc(sizeof(*pl), GFP_USER);
	if (!pl) {
		kbpf_perf_event_put(pe);
		return -ENOMEM;
	}
	kbpf_link_init(&pl->link, KBPF_LINK_TYPE_PERF_EVENT,
		       &kbpf_perf_link_ops, prog);
	err = kbpf_perf_event_attach(pe, prog,
				     attr->link_create.perf_event.bpf_cookie);
	if (err) {
		kbpf_perf_event_put(pe);
		kbpf_perf_link_dealloc(&pl->link);
		return err;
	}
	pl->pe = pe;
	return kbpf_link_settle(&pl->link);
}
