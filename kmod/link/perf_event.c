// SPDX-License-Identifier: GPL-2.0
/*
 * kbpf's perf events of the tracepoint PMU: what perf_event_open(2) gives
 * libbpf for SEC("tp/..."), made by kbpf (KBPF_IOC_PERF_EVENT_OPEN) since
 * a module cannot recognise the host's perf fds. The fd serves
 * PERF_EVENT_IOC_SET_BPF and _QUERY_BPF with Linux 6.12's checks and
 * errnos, and is the target of perf_event links (perf_link.c), which
 * hold the event itself.
 *
 * A TRACEPOINT program runs, as on Linux, on every CPU and for every task
 * whatever the pid and cpu the event was opened with, and whether the
 * event is enabled or not (Linux runs it from the tracepoint's
 * prog_array, before perf looks at the event). kbpf gets the record the
 * way perf does, from kernel counters of its own (perf_counters.c) whose
 * overflow handler, below, runs the program on the record in place. The
 * program's return value therefore cannot suppress a sample: there is
 * none to suppress (on Linux, 0 drops the event's own sample).
 *
 * A run that would start inside another kbpf run started by a perf event
 * or a kprobe on the same CPU is skipped and counted in the program's
 * recursion misses, as Linux's bpf_prog_active does; so is one in NMI.
 */

#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/perf_event.h>
#include <linux/poll.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "../prog/prog.h"
#include "../prog/run.h"
#include "link.h"
#include "perf_event.h"
#include "perf_tp.h"

/* Linux's BPF_TRACE_MAX_PROGS: programs on one tracepoint at most. */
#define KBPF_PERF_TP_MAX_PROGS	64

/*
 * Attached events in attach order, the order of Linux's prog_array that
 * QUERY_BPF reports. kbpf_perf_tp_mutex protects it and every @cur; it
 * may be held across a grace period.
 */
static LIST_HEAD(kbpf_perf_tp_attached);
static DEFINE_MUTEX(kbpf_perf_tp_mutex);

static const struct file_operations kbpf_perf_event_fops;

struct kbpf_perf_event *kbpf_perf_event_of(const struct file *file)
{
	return file->f_op == &kbpf_perf_event_fops ? file->private_data : NULL;
}

const char *kbpf_perf_event_name(const struct kbpf_perf_event *pe)
{
	return pe->name;
}

u64 kbpf_perf_event_cookie(const struct kbpf_perf_event *pe)
{
	return pe->slot.cookie;
}

/*
 * From perf_tp_event(), preemption and interrupts off, for each hit on
 * this CPU; @data->raw is the record at the start of this CPU's perf
 * trace buffer (perf_trace_buf_alloc()), PERF_MAX_TRACE_SIZE bytes, all
 * of which the verifier may let a program read.
 */
void kbpf_perf_tp_overflow(struct perf_event *event,
			   struct perf_sample_data *data,
			   struct pt_regs *regs)
{
	struct kbpf_perf_event *pe = event->overflow_handler_context;
	struct kbpf_attach_ctx attach = {};
	struct kbpf_perf_attach *cur;

	if (!(data->sample_flags & PERF_SAMPLE_RAW))
		return;
	rcu_read_lock();
	cur = rcu_dereference(pe->cur);
	if (!cur)
		goto out;
	if (unlikely(in_nmi())) {
		kbpf_prog_misses_inc(cur->prog->stats);
		goto out;
	}
	if (likely(__this_cpu_inc_return(kbpf_prog_active) == 1)) {
		attach.cookie = cur->cookie;
		__kbpf_prog_run_pinned(cur->prog, data->raw->frag.data,
				       &attach);
	} else {
		kbpf_prog_misses_inc(cur->prog->stats);
	}
	__this_cpu_dec(kbpf_prog_active);
out:
	rcu_read_unlock();
}

void kbpf_perf_event_get(struct kbpf_perf_event *pe)
{
	refcount_inc(&pe->refcnt);
}

void kbpf_perf_event_put(struct kbpf_perf_event *pe)
{
	might_sleep();
	if (!refcount_dec_and_test(&pe->refcnt))
		return;
	kbpf_perf_event_detach(pe);
	kbpf_perf_counters_close(pe);
	kfree(pe);
}

static int kbpf_perf_event_release(struct inode *inode, struct file *file)
{
	kbpf_perf_event_put(file->private_data);
	return 0;
}

static u32 kbpf_perf_tp_prog_cnt(u64 config)
{
	struct kbpf_perf_event *pe;
	u32 cnt = 0;

	lockdep_assert_held(&kbpf_perf_tp_mutex);
	list_for_each_entry(pe, &kbpf_perf_tp_attached, node)
		cnt += pe->config == config;
	return cnt;
}

/* Linux's bpf_prog_array_copy(): a program is once in a tracepoint's array. */
static bool kbpf_perf_tp_has_prog(u64 config, const struct kbpf_prog *prog)
{
	struct kbpf_perf_event *pe;

	lockdep_assert_held(&kbpf_perf_tp_mutex);
	list_for_each_entry(pe, &kbpf_perf_tp_attached, node)
		if (pe->config == config && pe->slot.prog == prog)
			return true;
	return false;
}

/* Linux's __perf_event_set_bpf_prog() and perf_event_attach_bpf_prog(). */
int kbpf_perf_event_attach(struct kbpf_perf_event *pe, struct kbpf_prog *prog,
			   u64 cookie)
{
	int err;

	if (prog->type != KBPF_PROG_TYPE_TRACEPOINT)
		return -EINVAL;
	if (prog->max_ctx_offset > pe->fields_end)
		return -EACCES;
	err = kbpf_perf_counters_start(pe);
	if (err)
		return err;

	mutex_lock(&kbpf_perf_tp_mutex);
	err = -EEXIST;
	if (rcu_dereference_protected(pe->cur,
				      lockdep_is_held(&kbpf_perf_tp_mutex)))
		goto unlock;
	err = -E2BIG;
	if (kbpf_perf_tp_prog_cnt(pe->config) >= KBPF_PERF_TP_MAX_PROGS)
		goto unlock;
	err = -EEXIST;
	if (kbpf_perf_tp_has_prog(pe->config, prog))
		goto unlock;
	kbpf_prog_inc(prog);
	pe->slot.prog = prog;
	pe->slot.cookie = cookie;
	list_add_tail(&pe->node, &kbpf_perf_tp_attached);
	rcu_assign_pointer(pe->cur, &pe->slot);
	err = 0;
unlock:
	mutex_unlock(&kbpf_perf_tp_mutex);
	return err;
}

/*
 * The grace period is waited under the mutex, so that the slot is not
 * filled again while a run may still read it.
 */
void kbpf_perf_event_detach(struct kbpf_perf_event *pe)
{
	struct kbpf_prog *prog = NULL;

	mutex_lock(&kbpf_perf_tp_mutex);
	if (rcu_dereference_protected(pe->cur,
				      lockdep_is_held(&kbpf_perf_tp_mutex))) {
		list_del(&pe->node);
		RCU_INIT_POINTER(pe->cur, NULL);
		synchronize_rcu();
		prog = pe->slot.prog;
		pe->slot.prog = NULL;
	}
	mutex_unlock(&kbpf_perf_tp_mutex);
	if (prog)
		kbpf_prog_put(prog);
}

static long kbpf_perf_event_set_bpf(struct kbpf_perf_event *pe, u32 prog_fd)
{
	struct kbpf_prog *prog = kbpf_prog_get_fd(prog_fd);
	int err;

	if (IS_ERR(prog))
		return PTR_ERR(prog);
	err = kbpf_perf_event_attach(pe, prog, 0);
	kbpf_prog_put(prog);
	return err;
}

/*
 * Linux's perf_event_query_prog_array(): the IDs of the programs on the
 * event's tracepoint through any kbpf perf event, in attach order.
 */
static long kbpf_perf_event_query(struct kbpf_perf_event *pe,
				  struct perf_event_query_bpf __user *uquery)
{
	struct perf_event_query_bpf query;
	struct kbpf_perf_event *it;
	u32 *ids, cnt = 0;
	long ret = 0;

	if (!perfmon_capable())
		return -EPERM;
	if (copy_from_user(&query, uquery, sizeof(query)))
		return -EFAULT;
	if (query.ids_len > KBPF_PERF_TP_MAX_PROGS)
		return -E2BIG;
	ids = kcalloc(query.ids_len, sizeof(*ids), GFP_USER | __GFP_NOWARN);
	if (!ids)
		return -ENOMEM;
	mutex_lock(&kbpf_perf_tp_mutex);
	list_for_each_entry(it, &kbpf_perf_tp_attached, node) {
		if (it->config != pe->config)
			continue;
		if (cnt < query.ids_len)
			ids[cnt] = it->slot.prog->id;
		cnt++;
	}
	mutex_unlock(&kbpf_perf_tp_mutex);
	if (query.ids_len && cnt > query.ids_len)
		ret = -ENOSPC;
	if (put_user(cnt, &uquery->prog_cnt) ||
	    copy_to_user(uquery->ids, ids, query.ids_len * sizeof(*ids)))
		ret = -EFAULT;
	kfree(ids);
	return ret;
}

/*
 * SET_BPF and QUERY_BPF are the program's; the others are the event's
 * own, on its anchor (perf_count.c). None of them changes what a program
 * sees: Linux runs it whatever the event's state.
 */
static long kbpf_perf_event_ioctl(struct file *file, unsigned int cmd,
				  unsigned long arg)
{
	struct kbpf_perf_event *pe = file->private_data;

	switch (cmd) {
	case PERF_EVENT_IOC_SET_BPF:
		return kbpf_perf_event_set_bpf(pe, arg);
	case PERF_EVENT_IOC_QUERY_BPF:
		return kbpf_perf_event_query(pe, (void __user *)arg);
	default:
		return kbpf_perf_count_ioctl(pe, cmd, arg);
	}
}

static ssize_t kbpf_perf_event_read(struct file *file, char __user *buf,
				    size_t count, loff_t *ppos)
{
	return kbpf_perf_count_read(file->private_data, buf, count);
}

/*
 * Linux maps a ring buffer for any event; kbpf's have none. -EPERM is
 * Linux's answer to a buffer it may not grant (perf_mmap() past the
 * caller's locked-memory allowance), a shape of request Linux takes.
 */
static int kbpf_perf_event_mmap(struct file *file, struct vm_area_struct *vma)
{
	return -EPERM;
}

/*
 * Linux's perf_poll() says EPOLLHUP, at once, for an event without a ring
 * buffer, and kbpf's never have one: nothing will wake a waiter.
 */
static __poll_t kbpf_perf_event_poll(struct file *file, poll_table *wait)
{
	return EPOLLHUP;
}

/* No .llseek: as Linux's perf fds, lseek(2) is -ESPIPE. */
static const struct file_operations kbpf_perf_event_fops = {
	.owner		= THIS_MODULE,
	.release	= kbpf_perf_event_release,
	.read		= kbpf_perf_event_read,
	.poll		= kbpf_perf_event_poll,
	.unlocked_ioctl	= kbpf_perf_event_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= kbpf_perf_event_mmap,
};

struct kbpf_perf_event *kbpf_perf_event_alloc(void)
{
	struct kbpf_perf_event *pe;

	pe = kzalloc(sizeof(*pe), GFP_KERNEL_ACCOUNT);
	if (pe)
		refcount_set(&pe->refcnt, 1);
	return pe;
}

struct file *kbpf_perf_event_file(struct kbpf_perf_event *pe)
{
	return anon_inode_getfile("kbpf-perf-event", &kbpf_perf_event_fops,
				  pe, O_RDWR);
}

int kbpf_perf_event_init(void)
{
	return kbpf_perf_counters_init();
}

void kbpf_perf_event_exit(void)
{
	kbpf_perf_counters_exit();
}
