/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pin filesystem, fs type "kbpf", and the commands that use it:
 * OBJ_PIN and OBJ_GET.
 */
#ifndef _KBPF_PINFS_H
#define _KBPF_PINFS_H

#include "../cmd.h"

/* statfs(2) f_type of a kbpf mount ("kbpf"); bpffs has BPF_FS_MAGIC. */
#define KBPF_FS_MAGIC	0x6b627066

int kbpf_obj_pin(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_obj_get(union kbpf_attr *attr, union kbpf_attr __user *uattr);

struct kbpf_map;
struct vfsmount;
struct vfsmount *kbpf_pin_kern_mount(void);
int kbpf_pin_map_in_root(struct vfsmount *mnt, const char *name,
			 struct kbpf_map *map);
int kbpf_unpin_in_root(struct vfsmount *mnt, const char *name);

int kbpf_pinfs_init(void);
void kbpf_pinfs_exit(void);

#endif /* _KBPF_PINFS_H */
