// SPDX-License-Identifier: GPL-2.0
/*
 * kbpf: module init/exit and the /dev/kbpf misc device.
 *
 * The device's ioctl KBPF_IOC_BPF carries the (cmd, attr, size) triple of
 * bpf(2); everything else happens in kbpf_sys_bpf(). KBPF_IOC_PERF_EVENT_OPEN
 * is perf_event_open(2) for kbpf's tracepoint events (link/perf_event.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "fs/pinfs.h"
#include "jit/arena.h"
#include "jit/jit.h"
#include "link/perf_event.h"
#include "link/raw_tp.h"
#include "object.h"
#include "prog/helpers.h"
#include "prog/trace.h"
#include "syscall.h"
#include "uapi_check.h"

static unsigned short dev_mode = 0666;
module_param(dev_mode, ushort, 0444);
MODULE_PARM_DESC(dev_mode, "permission bits of /dev/kbpf (default 0666)");

static long kbpf_dev_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct kbpf_ioc __user *uioc = (struct kbpf_ioc __user *)arg;
	struct kbpf_ioc ioc;

	if (cmd == KBPF_IOC_PERF_EVENT_OPEN)
		return kbpf_perf_event_open((void __user *)arg);
	if (cmd != KBPF_IOC_BPF)
		return -ENOTTY;
	if (copy_from_user(&ioc, uioc, sizeof(ioc)))
		return -EFAULT;
	return kbpf_sys_bpf(ioc.cmd, u64_to_user_ptr(ioc.attr), ioc.size);
}

static const struct file_operations kbpf_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= kbpf_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice kbpf_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= KBPF_DEV_NAME,
	.fops	= &kbpf_dev_fops,
};

static int __init kbpf_init(void)
{
	int err;

	kbpf_uapi_check();
	kbpf_helpers_init();
	kbpf_dev.mode = dev_mode & 0777;
	err = kbpf_objects_init();
	if (err)
		return err;
	err = kbpf_trace_init();
	if (err)
		goto objects_exit;
	err = kbpf_raw_tp_init();
	if (err)
		goto trace_exit;
	err = kbpf_perf_event_init();
	if (err)
		goto raw_tp_exit;
	/* A JIT arena that does not work here only leaves it disabled. */
	kbpf_jit_arena_init(kbpf_debugfs_dir());
	kbpf_jit_init(kbpf_debugfs_dir());
	err = misc_register(&kbpf_dev);
	if (err)
		goto arena_exit;
	/* Last: a mount may come as soon as the fs type is registered. */
	err = kbpf_pinfs_init();
	if (err)
		goto deregister_dev;
	return 0;

deregister_dev:
	misc_deregister(&kbpf_dev);
	kbpf_wait_for_frees();
arena_exit:
	kbpf_jit_exit();
	kbpf_jit_arena_exit();
	kbpf_perf_event_exit();
raw_tp_exit:
	kbpf_raw_tp_exit();
trace_exit:
	kbpf_trace_exit();
objects_exit:
	kbpf_objects_exit();
	return err;
}

static void __exit kbpf_exit(void)
{
	kbpf_pinfs_exit();
	misc_deregister(&kbpf_dev);
	/*
	 * Every fd and mount (holding the pins) holds a module reference,
	 * so no object is alive here; only their deferred frees, and the
	 * RCU frees of pin inodes, may still be in flight.
	 */
	kbpf_wait_for_frees();
	kbpf_jit_exit();
	kbpf_jit_arena_exit();
	kbpf_perf_event_exit();
	kbpf_raw_tp_exit();
	kbpf_trace_exit();
	kbpf_objects_exit();
}

module_init(kbpf_init);
module_exit(kbpf_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kbpf authors");
MODULE_DESCRIPTION("An independent implementation of the BPF object model");
