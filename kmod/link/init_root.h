/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files kbpf reads as the kernel itself sees them: walked from init's
 * root, never the caller's, so that a caller in a mount namespace of its
 * own cannot put its own file there.
 */
#ifndef _KBPF_LINK_INIT_ROOT_H
#define _KBPF_LINK_INIT_ROOT_H

#include <linux/fs.h>

/*
 * Open @path (relative, e.g. "sys/kernel/btf/vmlinux") read-only and
 * non-blocking from init's root. Only a regular file of the filesystem
 * whose superblock magic is @magic is returned: not a FIFO whose open or
 * read blocks, nor a FUSE file that answers at its own pace (-ENOENT).
 * Close it with filp_close(). May sleep.
 */
struct file *kbpf_init_root_open(const char *path, unsigned long magic);

#endif /* _KBPF_LINK_INIT_ROOT_H */
