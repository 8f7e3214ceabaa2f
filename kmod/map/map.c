// SPDX-License-Identifier: GPL-2.0
/*
 * Generic map object: creation, references, fds and the element commands.
 */

#include <linux/anon_inodes.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/nospec.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../compat.h"
#include "../object.h"
#include "../sleepable.h"
#include "map.h"
#include "memcg.h"

static const struct kbpf_map_ops *const kbpf_map_types[] = {
	[KBPF_MAP_TYPE_ARRAY] = &kbpf_array_map_ops,
	[KBPF_MAP_TYPE_PERCPU_ARRAY] = &kbpf_percpu_array_map_ops,
	[KBPF_MAP_TYPE_PROG_ARRAY] = &kbpf_prog_array_map_ops,
	[KBPF_MAP_TYPE_HASH] = &kbpf_hash_map_ops,
	[KBPF_MAP_TYPE_PERCPU_HASH] = &kbpf_percpu_hash_map_ops,
	[KBPF_MAP_TYPE_LRU_HASH] = &kbpf_lru_hash_map_ops,
	[KBPF_MAP_TYPE_LRU_PERCPU_HASH] = &kbpf_lru_percpu_hash_map_ops,
	[KBPF_MAP_TYPE_RINGBUF] = &kbpf_ringbuf_map_ops,
	[KBPF_MAP_TYPE_USER_RINGBUF] = &kbpf_user_ringbuf_map_ops,
};

int kbpf_map_attr_numa_node(const union kbpf_attr *attr)
{
	return (attr->map_flags & KBPF_F_NUMA_NODE) ? attr->numa_node :
						       NUMA_NO_NODE;
}

void kbpf_map_init_from_attr(struct kbpf_map *map,
			     const union kbpf_attr *attr)
{
	map->map_type = attr->map_type;
	map->key_size = attr->key_size;
	map->value_size = attr->value_size;
	map->max_entries = attr->max_entries;
	/* The fd, not the map, carries KBPF_F_RDONLY/KBPF_F_WRONLY. */
	map->map_flags = attr->map_flags & ~(KBPF_F_RDONLY | KBPF_F_WRONLY);
	map->map_extra = attr->map_extra;
	map->numa_node = kbpf_map_attr_numa_node(attr);
}

u32 kbpf_map_value_size(const struct kbpf_map *map)
{
	if (map->ops->sys_value_size)
		return map->ops->sys_value_size(map);
	return map->value_size;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_map_value_size);

/* Free a map no one can reach any more. */
static void kbpf_map_free(struct kbpf_map *map)
{
	mutex_destroy(&map->freeze_mutex);
	kbpf_memcg_put(map->memcg);
	map->memcg = NULL;
	map->ops->free(map);
}

static void kbpf_map_free_work(struct work_struct *work)
{
	kbpf_map_free(container_of(work, struct kbpf_map, free_work));
	kbpf_free_end();
}

static void kbpf_map_free_rcu(struct rcu_head *rcu)
{
	struct kbpf_map *map = container_of(rcu, struct kbpf_map, rcu);

	INIT_WORK(&map->free_work, kbpf_map_free_work);
	queue_work(kbpf_free_wq, &map->free_work);
}

static void kbpf_map_free_sleepable_rcu(struct rcu_head *rcu)
{
	/* A sleepable grace period does not imply an RCU one. */
	call_rcu(rcu, kbpf_map_free_rcu);
}

void kbpf_map_inc(struct kbpf_map *map)
{
	atomic64_inc(&map->refcnt);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_map_inc);

/* May be called from any context. */
void kbpf_map_put(struct kbpf_map *map)
{
	if (!atomic64_dec_and_test(&map->refcnt))
		return;
	kbpf_id_free(&kbpf_map_ids, map->id);
	kbpf_free_begin();
	kbpf_call_sleepable_rcu(&map->rcu, kbpf_map_free_sleepable_rcu);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_map_put);

/*
 * User references (fds, pins) also count in @usercnt. When the last one
 * goes, a map that holds programs drops them (@release_uref), which
 * breaks the cycle a prog array and a program using it could form.
 */
void kbpf_map_inc_with_uref(struct kbpf_map *map)
{
	atomic64_inc(&map->refcnt);
	atomic64_inc(&map->usercnt);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_map_inc_with_uref);

void kbpf_map_put_with_uref(struct kbpf_map *map)
{
	if (atomic64_dec_and_test(&map->usercnt) && map->ops->release_uref)
		map->ops->release_uref(map);
	kbpf_map_put(map);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_map_put_with_uref);

static int kbpf_map_release(struct inode *inode, struct file *file)
{
	kbpf_map_put_with_uref(file->private_data);
	return 0;
}

/*
 * read/write exist only so that the VFS sets FMODE_CAN_READ/WRITE from
 * the fd's open mode, which the element commands check.
 */
static ssize_t kbpf_map_read(struct file *file, char __user *buf,
			     size_t count, loff_t *ppos)
{
	return -EINVAL;
}

static ssize_t kbpf_map_write(struct file *file, const char __user *buf,
			      size_t count, loff_t *ppos)
{
	return -EINVAL;
}

/*
 * A writable mapping counts as a writer for as long as it exists, so
 * MAP_FREEZE fails with -EBUSY while one does. VM_MAYWRITE is cleared on
 * read-only mappings, so it tells the two apart for the mapping's life.
 */
static void kbpf_map_vma_open(struct vm_area_struct *vma)
{
	struct kbpf_map *map = vma->vm_file->private_data;

	if (vma->vm_flags & VM_MAYWRITE)
		kbpf_map_write_begin(map);
}

static void kbpf_map_vma_close(struct vm_area_struct *vma)
{
	struct kbpf_map *map = vma->vm_file->private_data;

	if (vma->vm_flags & VM_MAYWRITE)
		kbpf_map_write_end(map);
}

static const struct vm_operations_struct kbpf_map_vm_ops = {
	.open	= kbpf_map_vma_open,
	.close	= kbpf_map_vma_close,
};

static int kbpf_map_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct kbpf_map *map = file->private_data;
	int err = 0;

	if (!map->ops->mmap)
		return -ENOTSUPP;
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;

	mutex_lock(&map->freeze_mutex);
	if (vma->vm_flags & VM_WRITE) {
		if (map->frozen)
			err = -EPERM;
		/* Programs may assume the contents never change. */
		else if (map->map_flags & KBPF_F_RDONLY_PROG)
			err = -EACCES;
		else
			kbpf_map_write_begin(map);
	}
	mutex_unlock(&map->freeze_mutex);
	if (err)
		return err;

	vma->vm_ops = &kbpf_map_vm_ops;
	kbpf_vm_flags_clear(vma, VM_MAYEXEC);
	if (!(vma->vm_flags & VM_WRITE))
		kbpf_vm_flags_clear(vma, VM_MAYWRITE);

	err = map->ops->mmap(map, vma);
	if (err && (vma->vm_flags & VM_WRITE))
		kbpf_map_write_end(map);
	return err;
}

static __poll_t kbpf_map_poll(struct file *file, struct poll_table_struct *pts)
{
	struct kbpf_map *map = file->private_data;

	if (map->ops->poll)
		return map->ops->poll(map, file, pts);
	return EPOLLERR;
}

static const struct file_operations kbpf_map_fops = {
	.owner		= THIS_MODULE,
	.release	= kbpf_map_release,
	.read		= kbpf_map_read,
	.write		= kbpf_map_write,
	.mmap		= kbpf_map_mmap,
	.poll		= kbpf_map_poll,
	.llseek		= noop_llseek,
};

bool kbpf_file_is_map(const struct file *file)
{
	return file->f_op == &kbpf_map_fops;
}

/* O_* open mode for KBPF_F_RDONLY / KBPF_F_WRONLY in map or open flags. */
int kbpf_file_flags(u32 flags)
{
	if ((flags & KBPF_F_RDONLY) && (flags & KBPF_F_WRONLY))
		return -EINVAL;
	if (flags & KBPF_F_RDONLY)
		return O_RDONLY;
	if (flags & KBPF_F_WRONLY)
		return O_WRONLY;
	return O_RDWR;
}

/*
 * An fd open with @f_flags (O_RDONLY, O_WRONLY or O_RDWR). Consumes the
 * caller's reference, taken with kbpf_map_inc_with_uref(), on success.
 */
int kbpf_map_new_fd(struct kbpf_map *map, int f_flags)
{
	return anon_inode_getfd("kbpf-map", &kbpf_map_fops, map,
				f_flags | O_CLOEXEC);
}

/*
 * The map behind @ufd with a reference taken, or ERR_PTR: -EBADF for
 * a closed fd, -EINVAL for an fd that is not a map. *@mode gets the
 * fd's f_mode, for kbpf_map_sys_perms().
 */
struct kbpf_map *kbpf_map_get_fd(u32 ufd, fmode_t *mode)
{
	struct kbpf_map *map;
	struct fd f = fdget(ufd);

	if (!fd_file(f))
		return ERR_PTR(-EBADF);
	if (!kbpf_file_is_map(fd_file(f))) {
		fdput(f);
		return ERR_PTR(-EINVAL);
	}
	map = fd_file(f)->private_data;
	*mode = fd_file(f)->f_mode;
	kbpf_map_inc(map);
	fdput(f);
	return map;
}

/* The ops of a map type kbpf implements, or NULL. */
static const struct kbpf_map_ops *kbpf_map_type_ops(u32 type)
{
	if (type >= ARRAY_SIZE(kbpf_map_types))
		return NULL;
	return kbpf_map_types[array_index_nospec(type,
						 ARRAY_SIZE(kbpf_map_types))];
}

/*
 * Allocate a map from an attr that passed @ops->alloc_check: one
 * reference, no ID, no fd.
 */
struct kbpf_map *kbpf_map_alloc(const struct kbpf_map_ops *ops,
				const union kbpf_attr *attr)
{
	struct kbpf_map *map;
	int err;

	map = ops->alloc(attr);
	if (IS_ERR(map))
		return map;
	map->ops = ops;
	map->memcg = kbpf_memcg_get_current();
	mutex_init(&map->freeze_mutex);
	atomic64_set(&map->refcnt, 1);
	atomic64_set(&map->usercnt, 1);
	err = kbpf_obj_name_cpy(map->name, attr->map_name,
				sizeof(attr->map_name));
	if (err < 0) {
		kbpf_map_free(map);
		return ERR_PTR(err);
	}
	return map;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_map_alloc);

/* Checks in Linux's order, so that the first failing one wins as there. */
int kbpf_map_create(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	bool token_flag = attr->map_flags & KBPF_F_TOKEN_FD;
	const struct kbpf_map_ops *ops;
	struct kbpf_map *map;
	int numa_node, f_flags, err;

	attr->map_flags &= ~KBPF_F_TOKEN_FD;
	numa_node = kbpf_map_attr_numa_node(attr);

	if (attr->btf_vmlinux_value_type_id ||
	    (attr->btf_key_type_id && !attr->btf_value_type_id))
		return -EINVAL;
	if (attr->map_extra)
		return -EINVAL;
	f_flags = kbpf_file_flags(attr->map_flags);
	if (f_flags < 0)
		return f_flags;
	if (numa_node != NUMA_NO_NODE &&
	    ((unsigned int)numa_node >= nr_node_ids || !node_online(numa_node)))
		return -EINVAL;

	ops = kbpf_map_type_ops(attr->map_type);
	if (!ops)
		return -EINVAL;
	err = ops->alloc_check(attr);
	if (err)
		return err;
	if (token_flag) {
		err = kbpf_foreign_fd_errno(attr->map_token_fd);
		if (err)
			return err;
	}
	/* kbpf's policy is Linux's kernel.unprivileged_bpf_disabled=2. */
	if (!kbpf_capable(CAP_BPF))
		return -EPERM;
	/* No offload devices: Linux fails the netdev lookup the same way. */
	if (attr->map_ifindex)
		return -EINVAL;

	map = kbpf_map_alloc(ops, attr);
	if (IS_ERR(map))
		return PTR_ERR(map);
	map->bypass_spec_v1 = kbpf_capable(CAP_PERFMON);
	if (attr->btf_value_type_id) {
		err = kbpf_foreign_fd_errno(attr->btf_fd);
		goto free_map;
	}

	err = kbpf_id_alloc(&kbpf_map_ids, map, &map->id);
	if (err)
		goto free_map;

	err = kbpf_map_new_fd(map, f_flags);
	if (err < 0)
		/* The ID is public already: drop it the regular way. */
		kbpf_map_put_with_uref(map);
	return err;

free_map:
	kbpf_map_free(map);
	return err;
}

int kbpf_map_get_fd_by_id(union kbpf_attr *attr,
			  union kbpf_attr __user *uattr)
{
	struct kbpf_map *map;
	unsigned long irqflags;
	int f_flags, fd;

	if (attr->open_flags & ~(KBPF_F_RDONLY | KBPF_F_WRONLY))
		return -EINVAL;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	f_flags = kbpf_file_flags(attr->open_flags);
	if (f_flags < 0)
		return f_flags;

	spin_lock_irqsave(&kbpf_map_ids.lock, irqflags);
	map = kbpf_id_find(&kbpf_map_ids, attr->map_id);
	/* A map whose last reference is gone keeps its ID until its put returns. */
	if (map && atomic64_inc_not_zero(&map->refcnt))
		atomic64_inc(&map->usercnt);
	else
		map = NULL;
	spin_unlock_irqrestore(&kbpf_map_ids.lock, irqflags);
	if (!map)
		return -ENOENT;

	fd = kbpf_map_new_fd(map, f_flags);
	if (fd < 0)
		kbpf_map_put_with_uref(map);
	return fd;
}

int kbpf_map_get_info_by_fd(struct kbpf_map *map, const union kbpf_attr *attr,
			    union kbpf_attr __user *uattr)
{
	struct kbpf_map_info __user *uinfo = u64_to_user_ptr(attr->info.info);
	u32 info_len = attr->info.info_len;
	struct kbpf_map_info info;
	int err;

	err = kbpf_check_uarg_tail_zero(uinfo, sizeof(info), info_len);
	if (err)
		return err;
	info_len = min_t(u32, sizeof(info), info_len);

	memset(&info, 0, sizeof(info));
	info.type = map->map_type;
	info.id = map->id;
	info.key_size = map->key_size;
	info.value_size = map->value_size;
	info.max_entries = map->max_entries;
	info.map_flags = map->map_flags;
	info.map_extra = map->map_extra;
	memcpy(info.name, map->name, sizeof(info.name));

	if (copy_to_user(uinfo, &info, info_len) ||
	    put_user(info_len, &uattr->info.info_len))
		return -EFAULT;
	return 0;
}

static int kbpf_map_obj_get_info(struct file *file,
				 const union kbpf_attr *attr,
				 union kbpf_attr __user *uattr)
{
	return kbpf_map_get_info_by_fd(file->private_data, attr, uattr);
}

const struct kbpf_obj_ops kbpf_map_obj_ops = {
	.file_is	= kbpf_file_is_map,
	.get_info_by_fd	= kbpf_map_obj_get_info,
};
