// SPDX-License-Identifier: GPL-2.0
/*
 * The element commands: lookup, update, delete, get_next_key,
 * lookup_and_delete, and MAP_FREEZE which ends user-space writes.
 */

#include <linux/err.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../compat.h"
#include "../prog_active.h"
#include "map.h"

/*
 * A kernel copy of a user key; NULL for a zero-sized key, which must
 * come with a NULL pointer.
 */
void *kbpf_map_copy_key(const void __user *ukey, u32 key_size)
{
	if (key_size)
		return vmemdup_user(ukey, key_size);
	if (ukey)
		return ERR_PTR(-EINVAL);
	return NULL;
}

/*
 * The element work of the commands below runs with instrumentation off
 * (kbpf_instrumentation_disable()), as Linux's does, except get_next_key
 * and the writes of types with @sys_writes_instrumented.
 */

static void kbpf_map_sys_write_begin(const struct kbpf_map *map)
{
	if (!map->ops->sys_writes_instrumented)
		kbpf_instrumentation_disable();
}

static void kbpf_map_sys_write_end(const struct kbpf_map *map)
{
	if (!map->ops->sys_writes_instrumented)
		kbpf_instrumentation_enable();
}

/* The syscall view of one element: all of @value is written on success. */
int kbpf_map_copy_value(struct kbpf_map *map, const void *key, void *value)
{
	void *ptr;
	int err;

	kbpf_instrumentation_disable();
	if (map->ops->sys_lookup) {
		err = map->ops->sys_lookup(map, key, value);
	} else {
		rcu_read_lock();
		ptr = map->ops->lookup(map, key);
		if (ptr)
			memcpy(value, ptr, map->value_size);
		rcu_read_unlock();
		err = ptr ? 0 : -ENOENT;
	}
	kbpf_instrumentation_enable();
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_map_copy_value);

long kbpf_map_update_value(struct kbpf_map *map, const void *key,
			   const void *value, u64 flags)
{
	long err;

	kbpf_map_sys_write_begin(map);
	if (map->ops->sys_update) {
		err = map->ops->sys_update(map, key, value, flags);
	} else {
		rcu_read_lock();
		err = map->ops->update(map, key, value, flags);
		rcu_read_unlock();
	}
	kbpf_map_sys_write_end(map);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_map_update_value);

long kbpf_map_delete_value(struct kbpf_map *map, const void *key)
{
	long err;

	kbpf_map_sys_write_begin(map);
	rcu_read_lock();
	err = map->ops->delete(map, key);
	rcu_read_unlock();
	kbpf_map_sys_write_end(map);
	return err;
}

typedef int (*kbpf_elem_read_fn)(struct kbpf_map *map, const void *key,
				 void *value, u64 flags);

/*
 * The read side of lookup and lookup_and_delete: copy the key in, let
 * @read fill a value buffer, copy the value out.
 */
static int kbpf_map_read_elem(struct kbpf_map *map,
			      const union kbpf_attr *attr,
			      kbpf_elem_read_fn read)
{
	u32 value_size = kbpf_map_value_size(map);
	void *key, *value;
	int err;

	key = kbpf_map_copy_key(u64_to_user_ptr(attr->key), map->key_size);
	if (IS_ERR(key))
		return PTR_ERR(key);
	err = -ENOMEM;
	value = kvmalloc(value_size, GFP_USER | __GFP_NOWARN);
	if (value) {
		err = read(map, key, value, attr->flags);
		if (!err && copy_to_user(u64_to_user_ptr(attr->value), value,
					 value_size))
			err = -EFAULT;
		kvfree(value);
	}
	kvfree(key);
	return err;
}

static int kbpf_map_lookup_read(struct kbpf_map *map, const void *key,
				void *value, u64 flags)
{
	return kbpf_map_copy_value(map, key, value);
}

int kbpf_map_lookup_elem(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	struct kbpf_map *map;
	fmode_t mode;
	int err;

	/* KBPF_F_LOCK needs a BTF spin lock in the value: never in kbpf. */
	if (attr->flags & ~KBPF_F_LOCK)
		return -EINVAL;
	map = kbpf_map_get_fd(attr->map_fd, &mode);
	if (IS_ERR(map))
		return PTR_ERR(map);
	err = -EPERM;
	if (!(mode & FMODE_CAN_READ))
		goto put_map;
	err = -EINVAL;
	if (attr->flags & KBPF_F_LOCK)
		goto put_map;
	err = kbpf_map_read_elem(map, attr, kbpf_map_lookup_read);
put_map:
	kbpf_map_put(map);
	return err;
}

int kbpf_map_update_elem(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	struct kbpf_map *map;
	void *key, *value;
	fmode_t mode;
	int err;

	map = kbpf_map_get_fd(attr->map_fd, &mode);
	if (IS_ERR(map))
		return PTR_ERR(map);
	kbpf_map_write_begin(map);
	err = -EPERM;
	if (!(kbpf_map_sys_perms(map, mode) & FMODE_CAN_WRITE))
		goto put_map;
	err = -EINVAL;
	if (attr->flags & KBPF_F_LOCK)
		goto put_map;

	key = kbpf_map_copy_key(u64_to_user_ptr(attr->key), map->key_size);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto put_map;
	}
	value = vmemdup_user(u64_to_user_ptr(attr->value),
			     kbpf_map_value_size(map));
	if (IS_ERR(value)) {
		err = PTR_ERR(value);
		goto free_key;
	}
	err = kbpf_map_update_value(map, key, value, attr->flags);
	kvfree(value);
free_key:
	kvfree(key);
put_map:
	kbpf_map_write_end(map);
	kbpf_map_put(map);
	return err;
}

int kbpf_map_delete_elem(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	struct kbpf_map *map;
	fmode_t mode;
	void *key;
	int err;

	map = kbpf_map_get_fd(attr->map_fd, &mode);
	if (IS_ERR(map))
		return PTR_ERR(map);
	kbpf_map_write_begin(map);
	err = -EPERM;
	if (!(kbpf_map_sys_perms(map, mode) & FMODE_CAN_WRITE))
		goto put_map;

	key = kbpf_map_copy_key(u64_to_user_ptr(attr->key), map->key_size);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto put_map;
	}
	err = kbpf_map_delete_value(map, key);
	kvfree(key);
put_map:
	kbpf_map_write_end(map);
	kbpf_map_put(map);
	return err;
}

int kbpf_map_get_next_key(union kbpf_attr *attr,
			  union kbpf_attr __user *uattr)
{
	void __user *ukey = u64_to_user_ptr(attr->key);
	struct kbpf_map *map;
	void *key = NULL, *next_key;
	fmode_t mode;
	int err;

	map = kbpf_map_get_fd(attr->map_fd, &mode);
	if (IS_ERR(map))
		return PTR_ERR(map);
	err = -EPERM;
	if (!(mode & FMODE_CAN_READ))
		goto put_map;

	if (ukey) {
		key = kbpf_map_copy_key(ukey, map->key_size);
		if (IS_ERR(key)) {
			err = PTR_ERR(key);
			goto put_map;
		}
	}
	err = -ENOMEM;
	next_key = kvmalloc(map->key_size, GFP_USER);
	if (!next_key)
		goto free_key;

	rcu_read_lock();
	err = map->ops->get_next_key(map, key, next_key);
	rcu_read_unlock();
	if (!err && copy_to_user(u64_to_user_ptr(attr->next_key), next_key,
				 map->key_size))
		err = -EFAULT;

	kvfree(next_key);
free_key:
	kvfree(key);
put_map:
	kbpf_map_put(map);
	return err;
}

/* Linux answers -ENOTSUPP for maps other than hash, LRU, queue, stack. */
static int kbpf_map_lookup_and_delete_read(struct kbpf_map *map,
					   const void *key, void *value,
					   u64 flags)
{
	int err;

	if (!map->ops->sys_lookup_and_delete)
		return -ENOTSUPP;
	kbpf_instrumentation_disable();
	err = map->ops->sys_lookup_and_delete(map, key, value, flags);
	kbpf_instrumentation_enable();
	return err;
}

int kbpf_map_lookup_and_delete_elem(union kbpf_attr *attr,
				    union kbpf_attr __user *uattr)
{
	struct kbpf_map *map;
	fmode_t mode;
	int err;

	if (attr->flags & ~KBPF_F_LOCK)
		return -EINVAL;
	map = kbpf_map_get_fd(attr->map_fd, &mode);
	if (IS_ERR(map))
		return PTR_ERR(map);
	kbpf_map_write_begin(map);
	err = -EPERM;
	mode = kbpf_map_sys_perms(map, mode);
	if (!(mode & FMODE_CAN_READ) || !(mode & FMODE_CAN_WRITE))
		goto put_map;
	err = -EINVAL;
	if (attr->flags & KBPF_F_LOCK)
		goto put_map;
	err = kbpf_map_read_elem(map, attr, kbpf_map_lookup_and_delete_read);
put_map:
	kbpf_map_write_end(map);
	kbpf_map_put(map);
	return err;
}

int kbpf_map_freeze(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	struct kbpf_map *map;
	fmode_t mode;
	int err;

	map = kbpf_map_get_fd(attr->map_fd, &mode);
	if (IS_ERR(map))
		return PTR_ERR(map);
	err = -EPERM;
	if (!(kbpf_map_sys_perms(map, mode) & FMODE_CAN_WRITE))
		goto put_map;

	err = 0;
	mutex_lock(&map->freeze_mutex);
	if (atomic64_read(&map->writers) || map->frozen) {
		err = -EBUSY;
	} else {
		/* Pairs with kbpf_map_write_begin(). */
		smp_mb();
		WRITE_ONCE(map->frozen, true);
	}
	mutex_unlock(&map->freeze_mutex);
put_map:
	kbpf_map_put(map);
	return err;
}
