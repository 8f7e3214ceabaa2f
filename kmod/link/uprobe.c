// SPDX-License-Identifier: GPL-2.0
/*
 * uprobe_multi links (KBPF_TRACE_UPROBE_MULTI), with Linux 6.12's attr,
 * checks and link info: one uprobe consumer per offset of one file, the
 * program run in the probed task's context with ctx its user registers.
 *
 * Sleepable programs may attach here, and only here. Their runs may
 * block in a helper (a page fault in bpf_copy_from_user()); the uprobe
 * core keeps each handler's consumer registered until the handler
 * returns, and the link's release waits for that (uprobe_unregister_sync
 * on 6.12; the per-consumer unregister before), so closing the last
 * link fd returns only once no run through it is left. The program
 * reference is dropped after that.
 */

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/pid.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uprobes.h>

#include "../compat.h"
#include "../prog/prog.h"
#include "../prog/run.h"
#include "link.h"

/* Linux's MAX_UPROBE_MULTI_CNT. */
#define KBPF_UPROBE_MULTI_MAX_CNT	BIT(20)

struct kbpf_uprobe_multi_link;

struct kbpf_uprobe {
	struct uprobe_consumer consumer;
	struct kbpf_uprobe_multi_link *link;
	struct uprobe *handle;
	loff_t offset;
	unsigned long ref_ctr_offset;
	u64 cookie;
};

/*
 * @task: with a pid, the thread group whose runs count (its leader,
 * referenced); NULL for every process mapping the file.
 * @registered: uprobes[0 .. registered) are registered.
 */
struct kbpf_uprobe_multi_link {
	struct kbpf_link link;
	struct path path;
	struct task_struct *task;
	u32 cnt;
	u32 registered;
	u32 flags;
	struct kbpf_uprobe *uprobes;
};

static struct kbpf_uprobe_multi_link *kbpf_umulti(const struct kbpf_link *link)
{
	return container_of(link, struct kbpf_uprobe_multi_link, link);
}

static int kbpf_uprobe_run(struct kbpf_uprobe *up, unsigned long entry_ip,
			   struct pt_regs *regs)
{
	struct kbpf_uprobe_multi_link *ul = up->link;
	const struct kbpf_attach_ctx attach = {
		.cookie = up->cookie,
		.func_ip = entry_ip,
	};

	if (ul->task && !same_thread_group(current, ul->task))
		return 0;
	kbpf_prog_run_attached(ul->link.prog, regs, &attach);
	return 0;
}

static int kbpf_uprobe_entry(struct uprobe_consumer *self,
			     struct pt_regs *regs)
{
	return kbpf_uprobe_run(container_of(self, struct kbpf_uprobe, consumer),
			       instruction_pointer(regs), regs);
}

static int kbpf_uprobe_return(struct uprobe_consumer *self,
			      unsigned long func, struct pt_regs *regs)
{
	return kbpf_uprobe_run(container_of(self, struct kbpf_uprobe, consumer),
			       func, regs);
}

/* Only the linked process gets the breakpoint. */
static bool kbpf_uprobe_filter(KBPF_UPROBE_FILTER_ARGS(self, mm))
{
	struct kbpf_uprobe *up = container_of(self, struct kbpf_uprobe,
					      consumer);

	return up->link->task->mm == mm;
}

static void kbpf_uprobe_unregister(struct kbpf_uprobe_multi_link *ul)
{
	struct inode *inode = d_real_inode(ul->path.dentry);
	struct kbpf_uprobe *up;
	u32 i;

	for (i = 0; i < ul->registered; i++) {
		up = &ul->uprobes[i];
		kbpf_uprobe_unregister_nosync(up->handle, inode, up->offset,
					      &up->consumer);
		cond_resched();
	}
	if (ul->registered)
		kbpf_uprobe_unregister_sync();
	ul->registered = 0;
}

static void kbpf_uprobe_multi_release(struct kbpf_link *link)
{
	kbpf_uprobe_unregister(kbpf_umulti(link));
}

static void kbpf_uprobe_multi_free(struct kbpf_uprobe_multi_link *ul)
{
	if (ul->task)
		put_task_struct(ul->task);
	path_put(&ul->path);
	kvfree(ul->uprobes);
	kfree(ul);
}

static void kbpf_uprobe_multi_dealloc(struct kbpf_link *link)
{
	kbpf_uprobe_multi_free(kbpf_umulti(link));
}

static int kbpf_uprobe_multi_fill_path(struct kbpf_uprobe_multi_link *ul,
				       struct kbpf_link_info *info)
{
	char __user *upath = u64_to_user_ptr(info->uprobe_multi.path);
	u32 size = info->uprobe_multi.path_size;
	unsigned long left = 0;
	char *buf, *p;

	size = size ? min_t(u32, size, PATH_MAX) : PATH_MAX;
	buf = kmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	p = d_path(&ul->path, buf, size);
	if (IS_ERR(p)) {
		kfree(buf);
		return PTR_ERR(p);
	}
	size = buf + size - p;
	if (upath)
		left = copy_to_user(upath, p, size);
	kfree(buf);
	if (left)
		return -EFAULT;
	info->uprobe_multi.path_size = size;
	return 0;
}

static int kbpf_uprobe_multi_fill_info(const struct kbpf_link *link,
				       struct kbpf_link_info *info)
{
	u64 __user *uref_ctr_offsets =
		u64_to_user_ptr(info->uprobe_multi.ref_ctr_offsets);
	u64 __user *ucookies = u64_to_user_ptr(info->uprobe_multi.cookies);
	u64 __user *uoffsets = u64_to_user_ptr(info->uprobe_multi.offsets);
	struct kbpf_uprobe_multi_link *ul = kbpf_umulti(link);
	u32 ucount = info->uprobe_multi.count;
	struct kbpf_uprobe *up;
	int err;
	u32 i;

	if (!info->uprobe_multi.path ^ !info->uprobe_multi.path_size)
		return -EINVAL;
	if ((uoffsets || uref_ctr_offsets || ucookies) && !ucount)
		return -EINVAL;

	info->uprobe_multi.count = ul->cnt;
	info->uprobe_multi.flags = ul->flags;
	info->uprobe_multi.pid = ul->task ?
		task_pid_nr_ns(ul->task, task_active_pid_ns(current)) : 0;
	err = kbpf_uprobe_multi_fill_path(ul, info);
	if (err)
		return err;

	if (!uoffsets && !ucookies && !uref_ctr_offsets)
		return 0;
	if (ucount < ul->cnt)
		err = -ENOSPC;
	else
		ucount = ul->cnt;
	for (i = 0; i < ucount; i++) {
		up = &ul->uprobes[i];
		if (uoffsets && put_user(up->offset, uoffsets + i))
			return -EFAULT;
		if (uref_ctr_offsets &&
		    put_user(up->ref_ctr_offset, uref_ctr_offsets + i))
			return -EFAULT;
		if (ucookies && put_user(up->cookie, ucookies + i))
			return -EFAULT;
	}
	return err;
}

static const struct kbpf_link_ops kbpf_uprobe_multi_link_ops = {
	.release	= kbpf_uprobe_multi_release,
	.dealloc	= kbpf_uprobe_multi_dealloc,
	.fill_info	= kbpf_uprobe_multi_fill_info,
};

/* The arrays of the attr, each already checked to be in user space. */
static int kbpf_uprobe_multi_copy_in(struct kbpf_uprobe_multi_link *ul,
				     const union kbpf_attr *attr)
{
	unsigned long __user *uref_ctr_offsets =
		u64_to_user_ptr(attr->link_create.uprobe_multi.ref_ctr_offsets);
	unsigned long __user *uoffsets =
		u64_to_user_ptr(attr->link_create.uprobe_multi.offsets);
	u64 __user *ucookies =
		u64_to_user_ptr(attr->link_create.uprobe_multi.cookies);
	struct kbpf_uprobe *up;
	u32 i;

	for (i = 0; i < ul->cnt; i++) {
		if (kbpf_loop_killed())
			return -EINTR;
		up = &ul->uprobes[i];
		if (__get_user(up->offset, uoffsets + i))
			return -EFAULT;
		if (up->offset < 0)
			return -EINVAL;
		if (uref_ctr_offsets &&
		    __get_user(up->ref_ctr_offset, uref_ctr_offsets + i))
			return -EFAULT;
		if (ucookies && __get_user(up->cookie, ucookies + i))
			return -EFAULT;
		up->link = ul;
		if (ul->flags & KBPF_F_UPROBE_MULTI_RETURN)
			up->consumer.ret_handler = kbpf_uprobe_return;
		else
			up->consumer.handler = kbpf_uprobe_entry;
		if (ul->task)
			up->consumer.filter = kbpf_uprobe_filter;
	}
	return 0;
}

/* Linux's checks, in its order, up to the file and the task. */
static int kbpf_uprobe_multi_check(const union kbpf_attr *attr)
{
	size_t size = sizeof(u64) * attr->link_create.uprobe_multi.cnt;

	if (attr->link_create.uprobe_multi.flags & ~KBPF_F_UPROBE_MULTI_RETURN)
		return -EINVAL;
	if (!attr->link_create.uprobe_multi.path ||
	    !attr->link_create.uprobe_multi.offsets ||
	    !attr->link_create.uprobe_multi.cnt ||
	    (s32)attr->link_create.uprobe_multi.pid < 0)
		return -EINVAL;
	if (attr->link_create.uprobe_multi.cnt > KBPF_UPROBE_MULTI_MAX_CNT)
		return -E2BIG;
	if (!access_ok(u64_to_user_ptr(attr->link_create.uprobe_multi.offsets),
		       size) ||
	    !access_ok(u64_to_user_ptr(attr->link_create.uprobe_multi.ref_ctr_offsets),
		       size) ||
	    !access_ok(u64_to_user_ptr(attr->link_create.uprobe_multi.cookies),
		       size))
		return -EFAULT;
	return 0;
}

static int kbpf_uprobe_multi_lookup(struct kbpf_uprobe_multi_link *ul,
				    const union kbpf_attr *attr)
{
	pid_t pid = attr->link_create.uprobe_multi.pid;
	char *name;
	int err;

	name = strndup_user(u64_to_user_ptr(attr->link_create.uprobe_multi.path),
			    PATH_MAX);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path(name, LOOKUP_FOLLOW, &ul->path);
	kfree(name);
	if (err)
		return err;
	if (!d_is_reg(ul->path.dentry))
		return -EBADF;
	if (pid) {
		rcu_read_lock();
		ul->task = get_pid_task(find_vpid(pid), PIDTYPE_TGID);
		rcu_read_unlock();
		if (!ul->task)
			return -ESRCH;
	}
	return 0;
}

int kbpf_uprobe_multi_link_attach(const union kbpf_attr *attr,
				  struct kbpf_prog *prog)
{
	struct kbpf_uprobe_multi_link *ul;
	struct kbpf_uprobe *up;
	struct inode *inode;
	int err;

	if (prog->expected_attach_type != KBPF_TRACE_UPROBE_MULTI)
		return -EINVAL;
	err = kbpf_uprobe_multi_check(attr);
	if (err)
		return err;

	ul = kzalloc(sizeof(*ul), GFP_KERNEL_ACCOUNT);
	if (!ul)
		return -ENOMEM;
	err = kbpf_uprobe_multi_lookup(ul, attr);
	if (err)
		goto fail;
	ul->cnt = attr->link_create.uprobe_multi.cnt;
	ul->flags = attr->link_create.uprobe_multi.flags;
	ul->uprobes = kvcalloc(ul->cnt, sizeof(*ul->uprobes),
			       GFP_KERNEL_ACCOUNT);
	if (!ul->uprobes) {
		err = -ENOMEM;
		goto fail;
	}
	err = kbpf_uprobe_multi_copy_in(ul, attr);
	if (err)
		goto fail;

	kbpf_link_init(&ul->link, KBPF_LINK_TYPE_UPROBE_MULTI,
		       &kbpf_uprobe_multi_link_ops, prog);
	inode = d_real_inode(ul->path.dentry);
	for (; ul->registered < ul->cnt; ul->registered++) {
		up = &ul->uprobes[ul->registered];
		err = kbpf_loop_killed() ? -EINTR :
		      kbpf_uprobe_register(inode, up->offset,
					   up->ref_ctr_offset, &up->consumer,
					   &up->handle);
		if (err) {
			kbpf_uprobe_unregister(ul);
			goto fail;
		}
	}
	return kbpf_link_settle(&ul->link);

fail:
	kbpf_uprobe_multi_free(ul);
	return err;
}
