// SPDX-License-Identifier: GPL-2.0
/*
 * The link object and the link commands: LINK_CREATE, LINK_DETACH,
 * LINK_GET_FD_BY_ID and the link part of OBJ_GET_INFO_BY_FD. The types
 * live in kprobe.c, uprobe.c, raw_tp.c and perf_link.c.
 */

#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/idr.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "../compat.h"
#include "../object.h"
#include "../prog/prog.h"
#include "link.h"

DEFINE_PER_CPU(int, kbpf_prog_active);

void kbpf_link_init(struct kbpf_link *link, u32 type,
		    const struct kbpf_link_ops *ops, struct kbpf_prog *prog)
{
	atomic64_set(&link->refcnt, 1);
	link->type = type;
	link->id = 0;
	link->ops = ops;
	link->prog = prog;
}

void kbpf_link_inc(struct kbpf_link *link)
{
	atomic64_inc(&link->refcnt);
}

/* Detach, then drop the program: no run can start on freed code. */
static void kbpf_link_free(struct kbpf_link *link)
{
	struct kbpf_prog *prog = link->prog;

	kbpf_id_free(&kbpf_link_ids, link->id);
	link->ops->release(link);
	link->ops->dealloc(link);
	kbpf_prog_put(prog);
}

/*
 * Process context; returns once the link is detached, which for a
 * uprobe link waits for the runs in progress. Closing an fd does this.
 */
void kbpf_link_put_direct(struct kbpf_link *link)
{
	might_sleep();
	if (atomic64_dec_and_test(&link->refcnt))
		kbpf_link_free(link);
}

static void kbpf_link_free_work(struct work_struct *work)
{
	kbpf_link_free(container_of(work, struct kbpf_link, free_work));
	kbpf_free_end();
}

/* Any context: the detach runs on kbpf_free_wq. Unpinning does this. */
void kbpf_link_put(struct kbpf_link *link)
{
	if (!atomic64_dec_and_test(&link->refcnt))
		return;
	INIT_WORK(&link->free_work, kbpf_link_free_work);
	kbpf_free_begin();
	queue_work(kbpf_free_wq, &link->free_work);
}

static int kbpf_link_release_file(struct inode *inode, struct file *file)
{
	kbpf_link_put_direct(file->private_data);
	return 0;
}

static const struct file_operations kbpf_link_fops = {
	.owner		= THIS_MODULE,
	.release	= kbpf_link_release_file,
	.llseek		= noop_llseek,
};

bool kbpf_file_is_link(const struct file *file)
{
	return file->f_op == &kbpf_link_fops;
}

/* Consumes the caller's reference on success. */
int kbpf_link_new_fd(struct kbpf_link *link)
{
	return anon_inode_getfd("kbpf-link", &kbpf_link_fops, link,
				O_RDWR | O_CLOEXEC);
}

/*
 * The hooks are attached: publish the ID and hand the link to user
 * space. The ID is reserved first and names the link only once its file
 * exists, so GET_FD_BY_ID never finds a link that may still be torn
 * down here. On failure the link is detached and freed, and the program
 * reference stays the caller's.
 */
int kbpf_link_settle(struct kbpf_link *link)
{
	struct file *file;
	u32 id;
	int fd, err;

	err = kbpf_id_alloc(&kbpf_link_ids, NULL, &id);
	if (err)
		goto fail;
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		err = fd;
		goto fail_id;
	}
	file = anon_inode_getfile("kbpf-link", &kbpf_link_fops, link, O_RDWR);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		put_unused_fd(fd);
		goto fail_id;
	}
	link->id = id;
	kbpf_id_publish(&kbpf_link_ids, id, link);
	fd_install(fd, file);
	return fd;

fail_id:
	kbpf_id_free(&kbpf_link_ids, id);
fail:
	link->ops->release(link);
	link->ops->dealloc(link);
	return err;
}

/* Linux's bpf_prog_attach_check_attach_type() for the types kbpf has. */
static int kbpf_link_check_attach_type(const struct kbpf_prog *prog,
				       u32 attach_type)
{
	if (prog->type == KBPF_PROG_TYPE_TRACEPOINT)
		return attach_type == KBPF_PERF_EVENT ? 0 : -EINVAL;
	if (prog->type != KBPF_PROG_TYPE_KPROBE)
		return -EINVAL;
	switch (prog->expected_attach_type) {
	case KBPF_TRACE_KPROBE_MULTI:
	case KBPF_TRACE_KPROBE_SESSION:
	case KBPF_TRACE_UPROBE_MULTI:
		if (attach_type != prog->expected_attach_type)
			return -EINVAL;
	}
	switch (attach_type) {
	case KBPF_PERF_EVENT:
	case KBPF_TRACE_KPROBE_MULTI:
	case KBPF_TRACE_KPROBE_SESSION:
	case KBPF_TRACE_UPROBE_MULTI:
		return 0;
	default:
		return -EINVAL;
	}
}

int kbpf_link_create(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	struct kbpf_prog *prog;
	int ret;

	prog = kbpf_prog_get_fd(attr->link_create.prog_fd);
	if (IS_ERR(prog))
		return PTR_ERR(prog);

	ret = kbpf_link_check_attach_type(prog, attr->link_create.attach_type);
	if (ret)
		goto out;

	switch (attr->link_create.attach_type) {
	case KBPF_TRACE_KPROBE_MULTI:
		ret = kbpf_kprobe_multi_link_attach(attr, prog);
		break;
	case KBPF_TRACE_UPROBE_MULTI:
		ret = kbpf_uprobe_multi_link_attach(attr, prog);
		break;
	case KBPF_PERF_EVENT:
		/* Only kbpf's tracepoint events: a KPROBE program -EINVAL. */
		ret = kbpf_perf_link_attach(attr, prog);
		break;
	default:
		/* kprobe sessions: not in kbpf. */
		ret = -EOPNOTSUPP;
	}
out:
	if (ret < 0)
		kbpf_prog_put(prog);
	return ret;
}

/*
 * None of kbpf's link types can be detached but by closing them: a link
 * fd gets -EOPNOTSUPP, any other fd Linux's -EBADF / -EINVAL.
 */
int kbpf_link_detach(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	struct fd f = fdget(attr->link_detach.link_fd);
	int err;

	if (!fd_file(f))
		return -EBADF;
	err = kbpf_file_is_link(fd_file(f)) ? -EOPNOTSUPP : -EINVAL;
	fdput(f);
	return err;
}

int kbpf_link_get_fd_by_id(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	struct kbpf_link *link;
	unsigned long irqflags;
	int fd;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	spin_lock_irqsave(&kbpf_link_ids.lock, irqflags);
	link = attr->link_id ? kbpf_id_find(&kbpf_link_ids, attr->link_id) :
			       NULL;
	if (link && !atomic64_inc_not_zero(&link->refcnt))
		link = NULL;
	spin_unlock_irqrestore(&kbpf_link_ids.lock, irqflags);
	if (!link)
		return -ENOENT;

	fd = kbpf_link_new_fd(link);
	if (fd < 0)
		kbpf_link_put_direct(link);
	return fd;
}

int kbpf_link_get_info_by_fd(struct kbpf_link *link,
			     const union kbpf_attr *attr,
			     union kbpf_attr __user *uattr)
{
	struct kbpf_link_info __user *uinfo = u64_to_user_ptr(attr->info.info);
	u32 info_len = attr->info.info_len;
	struct kbpf_link_info info;
	int err;

	err = kbpf_check_uarg_tail_zero(uinfo, sizeof(info), info_len);
	if (err)
		return err;
	info_len = min_t(u32, sizeof(info), info_len);

	memset(&info, 0, sizeof(info));
	if (copy_from_user(&info, uinfo, info_len))
		return -EFAULT;

	info.type = link->type;
	info.id = link->id;
	info.prog_id = link->prog->id;
	if (link->ops->fill_info) {
		err = link->ops->fill_info(link, &info);
		if (err)
			return err;
	}

	if (copy_to_user(uinfo, &info, info_len) ||
	    put_user(info_len, &uattr->info.info_len))
		return -EFAULT;
	return 0;
}

int kbpf_link_copy_name(char __user *ubuf, u32 ulen, const char *name)
{
	size_t len = strlen(name);

	if (!ulen)
		return 0;
	if (ulen > len)
		return copy_to_user(ubuf, name, len + 1) ? -EFAULT : 0;
	if (copy_to_user(ubuf, name, ulen - 1) || put_user('\0', ubuf + ulen - 1))
		return -EFAULT;
	return -ENOSPC;
}

static int kbpf_link_obj_get_info(struct file *file,
				  const union kbpf_attr *attr,
				  union kbpf_attr __user *uattr)
{
	return kbpf_link_get_info_by_fd(file->private_data, attr, uattr);
}

const struct kbpf_obj_ops kbpf_link_obj_ops = {
	.file_is	= kbpf_file_is_link,
	.get_info_by_fd	= kbpf_link_obj_get_info,
};
