/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Object IDs and the commands shared by every object kind (maps,
 * programs, links): GET_NEXT_ID, GET_FD_BY_ID, OBJ_GET_INFO_BY_FD.
 */
#ifndef _KBPF_OBJECT_H
#define _KBPF_OBJECT_H

#include <linux/idr.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "cmd.h"

/*
 * IDs of one object kind. @lock protects @idr; it is taken with irqs
 * off because the last reference to an object may be dropped from any
 * context. An ID is published only once the object is fully built and
 * removed when its refcount reaches zero, before the deferred free.
 */
struct kbpf_id_table {
	struct idr idr;
	spinlock_t lock;	/* protects idr */
};

extern struct kbpf_id_table kbpf_map_ids;
extern struct kbpf_id_table kbpf_prog_ids;
extern struct kbpf_id_table kbpf_link_ids;

/* Deferred frees run here; module exit drains it. */
extern struct workqueue_struct *kbpf_free_wq;

/*
 * Every deferred free (grace periods, then maybe kbpf_free_wq) is
 * counted from the moment it is posted until its last step has run, so
 * that module exit can wait for chains that post further frees: a
 * program's free puts its maps, a prog array's free puts its programs.
 */
void kbpf_free_begin(void);
void kbpf_free_end(void);
void kbpf_wait_for_frees(void);

int kbpf_id_alloc(struct kbpf_id_table *table, void *obj, u32 *id);
void kbpf_id_publish(struct kbpf_id_table *table, u32 id, void *obj);
void *kbpf_id_find(struct kbpf_id_table *table, u32 id);
void kbpf_id_free(struct kbpf_id_table *table, u32 id);

int kbpf_obj_name_cpy(char *dst, const char *src, unsigned int size);
int kbpf_foreign_fd_errno(int ufd);

int kbpf_map_get_next_id(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_prog_get_next_id(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_link_get_next_id(union kbpf_attr *attr, union kbpf_attr __user *uattr);

struct file;

/*
 * An object kind (map, program, link) as the object-generic commands see
 * it: each kind's file defines its table, and syscall.c, which names
 * every kind in its command table already, lists them for the commands,
 * so this file depends on no kind.
 * @file_is: whether @file is an fd of this kind.
 * @get_info_by_fd: OBJ_GET_INFO_BY_FD on the object behind such a file.
 */
struct kbpf_obj_ops {
	bool (*file_is)(const struct file *file);
	int (*get_info_by_fd)(struct file *file, const union kbpf_attr *attr,
			      union kbpf_attr __user *uattr);
};

int kbpf_obj_get_info_by_fd(const struct kbpf_obj_ops *const *kinds,
			    union kbpf_attr *attr,
			    union kbpf_attr __user *uattr);

int kbpf_objects_init(void);
void kbpf_objects_exit(void);

#endif /* _KBPF_OBJECT_H */
