// SPDX-License-Identifier: GPL-2.0
/*
 * Opening a file from init's root (init_root.h): for the kernel's BTF
 * (tp_btf.c) and the perf_event_paranoid sysctl (perf_paranoid.c).
 */

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/module.h>
#include <linux/path.h>
#include <linux/sched/task.h>

#include "../compat.h"
#include "init_root.h"

struct file *kbpf_init_root_open(const char *path, unsigned long magic)
{
	struct inode *inode;
	struct file *file;
	struct path root;

	task_lock(&init_task);
	get_fs_root(init_task.fs, &root);
	task_unlock(&init_task);
	file = file_open_root(&root, path, O_RDONLY | O_NONBLOCK, 0);
	path_put(&root);
	if (IS_ERR(file))
		return file;
	inode = file_inode(file);
	if (!S_ISREG(inode->i_mode) || inode->i_sb->s_magic != magic) {
		filp_close(file, NULL);
		return ERR_PTR(-ENOENT);
	}
	return file;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_init_root_open);
