// SPDX-License-Identifier: GPL-2.0
/*
 * Object IDs, names and the object-generic commands.
 */

#include <linux/ctype.h>
#include <linux/file.h>
#include <linux/limits.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/uaccess.h>
#include <linux/wait_bit.h>

#include "compat.h"
#include "object.h"
#include "sleepable.h"

struct kbpf_id_table kbpf_map_ids;
EXPORT_SYMBOL_IF_KUNIT(kbpf_map_ids);
struct kbpf_id_table kbpf_prog_ids;
struct kbpf_id_table kbpf_link_ids;
EXPORT_SYMBOL_IF_KUNIT(kbpf_link_ids);
struct workqueue_struct *kbpf_free_wq;

static atomic_t kbpf_frees_in_flight = ATOMIC_INIT(0);

void kbpf_free_begin(void)
{
	atomic_inc(&kbpf_frees_in_flight);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_free_begin);

void kbpf_free_end(void)
{
	if (atomic_dec_and_test(&kbpf_frees_in_flight))
		wake_up_var(&kbpf_frees_in_flight);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_free_end);

/*
 * Wait until no free is in flight, then for the RCU callbacks that
 * queued the last ones to return; the caller then drains kbpf_free_wq.
 */
void kbpf_wait_for_frees(void)
{
	wait_var_event(&kbpf_frees_in_flight,
		       !atomic_read(&kbpf_frees_in_flight));
	kbpf_sleepable_barrier();
	rcu_barrier();
}

static void kbpf_id_table_init(struct kbpf_id_table *table)
{
	idr_init(&table->idr);
	spin_lock_init(&table->lock);
}

/* IDs are cyclic in [1, INT_MAX) as Linux's, so a freed ID is not reused soon. */
int kbpf_id_alloc(struct kbpf_id_table *table, void *obj, u32 *id)
{
	unsigned long irqflags;
	int ret;

	idr_preload(GFP_KERNEL);
	spin_lock_irqsave(&table->lock, irqflags);
	ret = idr_alloc_cyclic(&table->idr, obj, 1, INT_MAX, GFP_ATOMIC);
	spin_unlock_irqrestore(&table->lock, irqflags);
	idr_preload_end();
	if (ret < 0)
		return ret;
	*id = ret;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_id_alloc);

/* Make a reserved ID (allocated for NULL) name @obj. */
void kbpf_id_publish(struct kbpf_id_table *table, u32 id, void *obj)
{
	unsigned long irqflags;

	spin_lock_irqsave(&table->lock, irqflags);
	idr_replace(&table->idr, obj, id);
	spin_unlock_irqrestore(&table->lock, irqflags);
}

/*
 * The object of @id, NULL if none. Under @table->lock: the caller takes
 * its reference (if the refcount is not already zero) before dropping it.
 */
void *kbpf_id_find(struct kbpf_id_table *table, u32 id)
{
	lockdep_assert_held(&table->lock);
	return idr_find(&table->idr, id);
}

void kbpf_id_free(struct kbpf_id_table *table, u32 id)
{
	unsigned long irqflags;

	if (!id)
		return;
	spin_lock_irqsave(&table->lock, irqflags);
	idr_remove(&table->idr, id);
	spin_unlock_irqrestore(&table->lock, irqflags);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_id_free);

/*
 * Object names: at most KBPF_OBJ_NAME_LEN - 1 characters from [A-Za-z0-9_.],
 * NUL-terminated inside the field. Returns the length or -EINVAL.
 */
int kbpf_obj_name_cpy(char *dst, const char *src, unsigned int size)
{
	unsigned int i;

	memset(dst, 0, size);
	for (i = 0; i < size && src[i]; i++) {
		if (!isalnum(src[i]) && src[i] != '_' && src[i] != '.')
			return -EINVAL;
		dst[i] = src[i];
	}
	if (i == size)
		return -EINVAL;
	return i;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_obj_name_cpy);

/*
 * kbpf has neither BPF tokens nor BTF objects: an fd that should name
 * one is either not open or of the wrong kind, as Linux reports it.
 */
int kbpf_foreign_fd_errno(int ufd)
{
	struct fd f = fdget(ufd);

	if (!fd_file(f))
		return -EBADF;
	fdput(f);
	return -EINVAL;
}

/* The first object at or after *@id, which it sets; under @table->lock. */
static void *kbpf_id_next(struct kbpf_id_table *table, u32 *id)
{
	int next = *id;
	void *obj;

	lockdep_assert_held(&table->lock);
	obj = idr_get_next(&table->idr, &next);
	*id = next;
	return obj;
}

static int kbpf_get_next_id(struct kbpf_id_table *table,
			    const union kbpf_attr *attr,
			    union kbpf_attr __user *uattr)
{
	u32 next_id = attr->start_id;
	unsigned long irqflags;
	int err = 0;

	if (next_id >= INT_MAX)
		return -EINVAL;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	next_id++;
	spin_lock_irqsave(&table->lock, irqflags);
	if (!kbpf_id_next(table, &next_id))
		err = -ENOENT;
	spin_unlock_irqrestore(&table->lock, irqflags);
	if (err)
		return err;
	return put_user(next_id, &uattr->next_id);
}

int kbpf_map_get_next_id(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	return kbpf_get_next_id(&kbpf_map_ids, attr, uattr);
}

int kbpf_prog_get_next_id(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	return kbpf_get_next_id(&kbpf_prog_ids, attr, uattr);
}

int kbpf_link_get_next_id(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	return kbpf_get_next_id(&kbpf_link_ids, attr, uattr);
}

/* @kinds: every object kind, NULL-terminated (syscall.c). */
int kbpf_obj_get_info_by_fd(const struct kbpf_obj_ops *const *kinds,
			    union kbpf_attr *attr,
			    union kbpf_attr __user *uattr)
{
	struct fd f = fdget(attr->info.bpf_fd);
	int err = -EINVAL;

	/* Linux answers an fd that is not open with EBADFD, not EBADF. */
	if (!fd_file(f))
		return -EBADFD;
	for (; *kinds; kinds++) {
		if ((*kinds)->file_is(fd_file(f))) {
			err = (*kinds)->get_info_by_fd(fd_file(f), attr, uattr);
			break;
		}
	}
	fdput(f);
	return err;
}

int kbpf_objects_init(void)
{
	kbpf_free_wq = alloc_workqueue("kbpf_free", WQ_UNBOUND, 0);
	if (!kbpf_free_wq)
		return -ENOMEM;
	kbpf_id_table_init(&kbpf_map_ids);
	kbpf_id_table_init(&kbpf_prog_ids);
	kbpf_id_table_init(&kbpf_link_ids);
	return 0;
}

/* Called once every object is gone and the RCU barriers have run. */
void kbpf_objects_exit(void)
{
	destroy_workqueue(kbpf_free_wq);
	WARN_ON(!idr_is_empty(&kbpf_map_ids.idr));
	WARN_ON(!idr_is_empty(&kbpf_prog_ids.idr));
	WARN_ON(!idr_is_empty(&kbpf_link_ids.idr));
	idr_destroy(&kbpf_map_ids.idr);
	idr_destroy(&kbpf_prog_ids.idr);
	idr_destroy(&kbpf_link_ids.idr);
}
