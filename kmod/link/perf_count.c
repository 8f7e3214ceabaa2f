// SPDX-License-Identifier: GPL-2.0
/*
 * What a kbpf perf event's fd does as a counting event of Linux's: read(2)
 * in Linux's read_format layout and the counting ioctls, all on the
 * anchor (perf_counters.c), a kernel counter made with the caller's attr,
 * cpu and task, so perf itself counts the hits the caller asked for and
 * keeps the times. Its count is the anchor's minus @count_base: perf's
 * own reset is not exported.
 *
 * The requests that need a ring buffer or a sampling event get Linux's
 * errno for a counting event without a buffer. PERF_EVENT_IOC_SET_FILTER
 * takes the string as Linux does but applies no filter: the count stays
 * unfiltered (on Linux the filter never changes what a program sees).
 */

#include <linux/err.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/perf_event.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "../compat.h"
#include "perf_event.h"
#include "perf_tp.h"

/*
 * Linux's __perf_event_read_size() for a group of one: perf computes it
 * for the events of perf_event_open(2) only, not for kernel counters.
 */
static size_t kbpf_perf_read_size(u64 format)
{
	size_t entry = sizeof(u64), size = 0;

	if (format & PERF_FORMAT_TOTAL_TIME_ENABLED)
		size += sizeof(u64);
	if (format & PERF_FORMAT_TOTAL_TIME_RUNNING)
		size += sizeof(u64);
	if (format & PERF_FORMAT_ID)
		entry += sizeof(u64);
	if (format & PERF_FORMAT_LOST)
		entry += sizeof(u64);
	if (format & PERF_FORMAT_GROUP)
		size += sizeof(u64);
	return size + entry;
}

/* Linux's perf_read_one() and, for a group of one, perf_read_group(). */
ssize_t kbpf_perf_count_read(struct kbpf_perf_event *pe, char __user *buf,
			     size_t count)
{
	struct perf_event *event = pe->anchor;
	u64 format = event->attr.read_format;
	u64 values[6], enabled, running, value;
	int n = 0;

	if (READ_ONCE(event->state) == PERF_EVENT_STATE_ERROR)
		return 0;
	if (count < kbpf_perf_read_size(format))
		return -ENOSPC;
	value = perf_event_read_value(event, &enabled, &running) -
		atomic64_read(&pe->count_base);
	if (format & PERF_FORMAT_GROUP)
		values[n++] = 1;
	else
		values[n++] = value;
	if (format & PERF_FORMAT_TOTAL_TIME_ENABLED)
		values[n++] = enabled;
	if (format & PERF_FORMAT_TOTAL_TIME_RUNNING)
		values[n++] = running;
	if (format & PERF_FORMAT_GROUP)
		values[n++] = value;
	if (format & PERF_FORMAT_ID)
		values[n++] = event->id;
	if (format & PERF_FORMAT_LOST)
		values[n++] = atomic64_read(&event->lost_samples);
	if (copy_to_user(buf, values, n * sizeof(u64)))
		return -EFAULT;
	return n * sizeof(u64);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_perf_count_read);

static void kbpf_perf_count_reset(struct kbpf_perf_event *pe)
{
	u64 enabled, running;

	atomic64_set(&pe->count_base,
		     perf_event_read_value(pe->anchor, &enabled, &running));
}

/* Linux's perf_fget_light() then perf_event_set_output(). */
static long kbpf_perf_count_set_output(unsigned long arg)
{
	struct file *file;
	bool ours;

	/* Linux compares the whole argument: an int -1 is an fd. */
	if (arg == (unsigned long)-1)
		return 0;
	file = fget(arg);
	if (!file)
		return -EBADF;
	ours = kbpf_perf_event_of(file);
	fput(file);
	/* Itself, or another event without a buffer to write to. */
	return ours ? -EINVAL : -EBADF;
}

/* Linux's perf_event_set_filter() up to the filter's parse (see above). */
static long kbpf_perf_count_set_filter(const char __user *ufilter)
{
	char *filter = strndup_user(ufilter, PAGE_SIZE);

	if (IS_ERR(filter))
		return PTR_ERR(filter);
	kfree(filter);
	return 0;
}

/* Linux's perf_event_modify_attr(): nothing of a tracepoint's may change. */
static long kbpf_perf_count_modify(struct kbpf_perf_event *pe,
				   struct perf_event_attr __user *uattr)
{
	struct perf_event_attr attr;
	int err = kbpf_perf_copy_attr(uattr, &attr);

	if (err)
		return err;
	return attr.type == pe->anchor->attr.type ? -EOPNOTSUPP : -EINVAL;
}

long kbpf_perf_count_ioctl(struct kbpf_perf_event *pe, unsigned int cmd,
			   unsigned long arg)
{
	u64 value;

	switch (cmd) {
	case PERF_EVENT_IOC_ENABLE:
		perf_event_enable(pe->anchor);
		return 0;
	case PERF_EVENT_IOC_DISABLE:
		perf_event_disable(pe->anchor);
		return 0;
	case PERF_EVENT_IOC_RESET:
		kbpf_perf_count_reset(pe);
		return 0;
	case PERF_EVENT_IOC_REFRESH:
		/* Only a sampling event may be refreshed. */
		return -EINVAL;
	case PERF_EVENT_IOC_PERIOD:
		if (copy_from_user(&value, (u64 __user *)arg, sizeof(value)))
			return -EFAULT;
		return -EINVAL;
	case PERF_EVENT_IOC_ID:
		value = pe->anchor->id;
		return copy_to_user((u64 __user *)arg, &value,
				    sizeof(value)) ? -EFAULT : 0;
	case PERF_EVENT_IOC_SET_OUTPUT:
		return kbpf_perf_count_set_output(arg);
	case PERF_EVENT_IOC_SET_FILTER:
		return kbpf_perf_count_set_filter((const char __user *)arg);
	case PERF_EVENT_IOC_PAUSE_OUTPUT:
		/* There is no ring buffer to pause. */
		return -EINVAL;
	case PERF_EVENT_IOC_MODIFY_ATTRIBUTES:
		return kbpf_perf_count_modify(pe, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_perf_count_ioctl);
