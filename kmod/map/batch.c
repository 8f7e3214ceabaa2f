// SPDX-License-Identifier: GPL-2.0
/*
 * The batch commands, and the generic batches for map types that walk
 * their keys with get_next_key (arrays).
 */

#include <linux/err.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "map.h"

typedef int (*kbpf_batch_fn)(struct kbpf_map *map,
			     const union kbpf_attr *attr,
			     union kbpf_attr __user *uattr);

static kbpf_batch_fn kbpf_batch_op(const struct kbpf_map_ops *ops, u32 cmd)
{
	switch (cmd) {
	case KBPF_MAP_LOOKUP_BATCH:
		return ops->sys_lookup_batch;
	case KBPF_MAP_LOOKUP_AND_DELETE_BATCH:
		return ops->sys_lookup_and_delete_batch;
	case KBPF_MAP_UPDATE_BATCH:
		return ops->sys_update_batch;
	default:
		return ops->sys_delete_batch;
	}
}

static int kbpf_map_do_batch(union kbpf_attr *attr,
			     union kbpf_attr __user *uattr, u32 cmd)
{
	bool reads = cmd == KBPF_MAP_LOOKUP_BATCH ||
		     cmd == KBPF_MAP_LOOKUP_AND_DELETE_BATCH;
	bool writes = cmd != KBPF_MAP_LOOKUP_BATCH;
	struct kbpf_map *map;
	kbpf_batch_fn fn;
	fmode_t mode;
	int err;

	map = kbpf_map_get_fd(attr->batch.map_fd, &mode);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if (writes)
		kbpf_map_write_begin(map);
	mode = kbpf_map_sys_perms(map, mode);
	err = -EPERM;
	if ((reads && !(mode & FMODE_CAN_READ)) ||
	    (writes && !(mode & FMODE_CAN_WRITE)))
		goto put_map;

	fn = kbpf_batch_op(map->ops, cmd);
	err = fn ? fn(map, attr, uattr) : -ENOTSUPP;
put_map:
	if (writes)
		kbpf_map_write_end(map);
	kbpf_map_put(map);
	return err;
}

int kbpf_map_lookup_batch(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	return kbpf_map_do_batch(attr, uattr, KBPF_MAP_LOOKUP_BATCH);
}

int kbpf_map_lookup_and_delete_batch(union kbpf_attr *attr,
				     union kbpf_attr __user *uattr)
{
	return kbpf_map_do_batch(attr, uattr, KBPF_MAP_LOOKUP_AND_DELETE_BATCH);
}

int kbpf_map_update_batch(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	return kbpf_map_do_batch(attr, uattr, KBPF_MAP_UPDATE_BATCH);
}

int kbpf_map_delete_batch(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	return kbpf_map_do_batch(attr, uattr, KBPF_MAP_DELETE_BATCH);
}

/*
 * How every batch starts, generic or not: no element flag is valid
 * (KBPF_F_LOCK would need a BTF spin lock), a count of 0 has nothing to
 * do, and batch.count reads 0 until elements are done. Returns 1 to go
 * on, 0 when there is nothing to do, or an errno.
 */
int kbpf_batch_start(const union kbpf_attr *attr,
		     union kbpf_attr __user *uattr)
{
	if (attr->batch.elem_flags)
		return -EINVAL;
	if (!attr->batch.count)
		return 0;
	if (put_user(0, &uattr->batch.count))
		return -EFAULT;
	return 1;
}

/*
 * Update count elements from the keys and values arrays, in order; stop
 * at the first error. batch.count reports how many were applied.
 */
int kbpf_map_generic_update_batch(struct kbpf_map *map,
				  const union kbpf_attr *attr,
				  union kbpf_attr __user *uattr)
{
	void __user *values = u64_to_user_ptr(attr->batch.values);
	void __user *keys = u64_to_user_ptr(attr->batch.keys);
	u32 value_size = kbpf_map_value_size(map);
	u32 max_count = attr->batch.count, cp;
	void *key, *value;
	int err;

	err = kbpf_batch_start(attr, uattr);
	if (err <= 0)
		return err;

	key = kvmalloc(map->key_size, GFP_USER | __GFP_NOWARN);
	value = kvmalloc(value_size, GFP_USER | __GFP_NOWARN);
	err = -ENOMEM;
	if (!key || !value)
		goto out;

	for (cp = 0; cp < max_count; cp++) {
		err = -EFAULT;
		if (copy_from_user(key, keys + (size_t)cp * map->key_size,
				   map->key_size) ||
		    copy_from_user(value, values + (size_t)cp * value_size,
				   value_size))
			break;
		err = kbpf_map_update_value(map, key, value,
					    attr->batch.elem_flags);
		if (!err && kbpf_loop_killed())
			err = -EINTR;
		if (err)
			break;
	}
	if (put_user(cp, &uattr->batch.count))
		err = -EFAULT;
out:
	kvfree(value);
	kvfree(key);
	return err;
}

/*
 * Copy up to count elements after the key in in_batch (from the first
 * when in_batch is NULL); out_batch gets the last key copied, for the
 * next call. -ENOENT when the walk reached the end, with the elements
 * copied so far still reported in batch.count.
 */
int kbpf_map_generic_lookup_batch(struct kbpf_map *map,
				  const union kbpf_attr *attr,
				  union kbpf_attr __user *uattr)
{
	void __user *out_batch = u64_to_user_ptr(attr->batch.out_batch);
	void __user *in_batch = u64_to_user_ptr(attr->batch.in_batch);
	void __user *values = u64_to_user_ptr(attr->batch.values);
	void __user *keys = u64_to_user_ptr(attr->batch.keys);
	u32 value_size = kbpf_map_value_size(map);
	u32 max_count = attr->batch.count, cp;
	void *prev_buf, *buf, *prev_key, *key, *value;
	int err;

	err = kbpf_batch_start(attr, uattr);
	if (err <= 0)
		return err;

	prev_buf = kvmalloc(map->key_size, GFP_USER | __GFP_NOWARN);
	buf = kvmalloc(map->key_size + value_size, GFP_USER | __GFP_NOWARN);
	err = -ENOMEM;
	if (!prev_buf || !buf)
		goto out;

	err = -EFAULT;
	prev_key = NULL;
	if (in_batch) {
		if (copy_from_user(prev_buf, in_batch, map->key_size))
			goto out;
		prev_key = prev_buf;
	}
	key = buf;
	value = buf + map->key_size;

	for (cp = 0; cp < max_count;) {
		rcu_read_lock();
		err = map->ops->get_next_key(map, prev_key, key);
		rcu_read_unlock();
		if (err)
			break;
		err = kbpf_map_copy_value(map, key, value);
		if (err == -ENOENT)
			goto next_key;	/* deleted meanwhile: skip it */
		if (err)
			goto out;
		if (copy_to_user(keys + (size_t)cp * map->key_size, key,
				 map->key_size) ||
		    copy_to_user(values + (size_t)cp * value_size, value,
				 value_size)) {
			err = -EFAULT;
			goto out;
		}
		cp++;
next_key:
		if (!prev_key)
			prev_key = prev_buf;
		swap(prev_key, key);
		if (kbpf_loop_killed()) {
			err = -EINTR;
			goto out;
		}
	}
	if (err == -EFAULT)
		goto out;
	if (put_user(cp, &uattr->batch.count) ||
	    (cp && copy_to_user(out_batch, prev_key, map->key_size)))
		err = -EFAULT;
out:
	kvfree(buf);
	kvfree(prev_buf);
	return err;
}

/*
 * Delete count elements by the keys array, in order; stop at the first
 * error (-ENOENT for a missing key). batch.count reports how many were
 * deleted.
 */
int kbpf_map_generic_delete_batch(struct kbpf_map *map,
				  const union kbpf_attr *attr,
				  union kbpf_attr __user *uattr)
{
	void __user *keys = u64_to_user_ptr(attr->batch.keys);
	u32 max_count = attr->batch.count, cp;
	void *key;
	int err;

	err = kbpf_batch_start(attr, uattr);
	if (err <= 0)
		return err;

	key = kvmalloc(map->key_size, GFP_USER | __GFP_NOWARN);
	if (!key)
		return -ENOMEM;

	for (cp = 0; cp < max_count; cp++) {
		err = -EFAULT;
		if (copy_from_user(key, keys + (size_t)cp * map->key_size,
				   map->key_size))
			break;
		err = kbpf_map_delete_value(map, key);
		if (!err && kbpf_loop_killed())
			err = -EINTR;
		if (err)
			break;
	}
	if (put_user(cp, &uattr->batch.count))
		err = -EFAULT;
	kvfree(key);
	return err;
}
