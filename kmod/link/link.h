/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Links: an attachment of a program to a hook, as an object with an fd,
 * an ID and pins. The link holds a reference on its program; closing the
 * last fd and removing the last pin detaches it.
 */
#ifndef _KBPF_LINK_H
#define _KBPF_LINK_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/percpu.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "../cmd.h"
#include "../prog_active.h"

struct kbpf_link;
struct kbpf_prog;

/*
 * @release: detach. When it returns no run of the program through this
 *	link is in progress or can start. May sleep.
 * @dealloc: free what the type allocated, the link included.
 * @fill_info: the type's part of struct kbpf_link_info; may write user
 *	arrays the info names. An error is returned as is and the info is
 *	not copied back, as Linux does.
 */
struct kbpf_link_ops {
	void (*release)(struct kbpf_link *link);
	void (*dealloc)(struct kbpf_link *link);
	int (*fill_info)(const struct kbpf_link *link,
			 struct kbpf_link_info *info);
};

/*
 * @refcnt: fds and pins. At zero the ID goes, the link detaches and the
 * program reference is dropped, in process context (detaching sleeps).
 * @id: 0 until the link is fully attached and published.
 */
struct kbpf_link {
	atomic64_t refcnt;
	u32 type;
	u32 id;
	const struct kbpf_link_ops *ops;
	struct kbpf_prog *prog;
	struct work_struct free_work;
};

/*
 * Building a link: init, attach the hooks, then settle, which publishes
 * the ID and returns the fd. A link whose attach failed is freed with
 * kbpf_link_abort() by the caller after undoing the attach; the program
 * reference stays the caller's.
 */
void kbpf_link_init(struct kbpf_link *link, u32 type,
		    const struct kbpf_link_ops *ops, struct kbpf_prog *prog);
int kbpf_link_settle(struct kbpf_link *link);

void kbpf_link_inc(struct kbpf_link *link);
void kbpf_link_put(struct kbpf_link *link);
void kbpf_link_put_direct(struct kbpf_link *link);
bool kbpf_file_is_link(const struct file *file);
int kbpf_link_new_fd(struct kbpf_link *link);

int kbpf_link_create(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_link_detach(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_link_get_fd_by_id(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_link_get_info_by_fd(struct kbpf_link *link,
			     const union kbpf_attr *attr,
			     union kbpf_attr __user *uattr);

/*
 * Linux's bpf_copy_to_user(), the rule for the names link info reports
 * (raw_tp.c, perf_link.c): all of @name and its NUL when @ulen bytes
 * hold them; else its first @ulen - 1 bytes and a NUL, and -ENOSPC;
 * nothing for an @ulen of 0.
 */
int kbpf_link_copy_name(char __user *ubuf, u32 ulen, const char *name);

/* The link types LINK_CREATE makes (kprobe.c, uprobe.c, perf_link.c). */
int kbpf_kprobe_multi_link_attach(const union kbpf_attr *attr,
				  struct kbpf_prog *prog);
int kbpf_uprobe_multi_link_attach(const union kbpf_attr *attr,
				  struct kbpf_prog *prog);
int kbpf_perf_link_attach(const union kbpf_attr *attr, struct kbpf_prog *prog);

struct kbpf_obj_ops;
extern const struct kbpf_obj_ops kbpf_link_obj_ops;

#endif /* _KBPF_LINK_H */
