// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_trace_printk() and the buffer its lines go to.
 *
 * Each call appends one line "<comm>-<pid> [<cpu>] <message>" ending in a
 * newline (the message's own, or one added). The buffer is a ring of
 * KBPF_TRACE_SIZE bytes; a line that does not fit pushes out the oldest
 * whole lines. Users read it in debugfs, as ftrace's files:
 *	/sys/kernel/debug/kbpf/trace_pipe
 *		consuming; a read blocks until there is text (O_NONBLOCK:
 *		-EAGAIN); poll() reports it readable then
 *	/sys/kernel/debug/kbpf/trace
 *		what is buffered, left in place; opening it for writing with
 *		O_TRUNC empties the buffer ("echo > trace"), writes are dropped
 * Without debugfs the helper still works, into a buffer no one reads.
 *
 * Open files hold the module, so both files are gone, with no reader
 * left, when the module exit removes them.
 */

#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/poll.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <linux/wait.h>

#include "../compat.h"
#include "helpers.h"
#include "printf.h"
#include "trace.h"

#define KBPF_PTR(x)	((void *)(unsigned long)(x))

#define KBPF_TRACE_MASK	(KBPF_TRACE_SIZE - 1)

/*
 * The ring holds lines back to back, each followed by a NUL that marks
 * where it ends (messages hold no NUL); readers drop the NULs. Bytes
 * [tail, head) are buffered, positions counting bytes ever written.
 * Invariant: tail == head, or buf[tail] is a line's first unread byte.
 */
static struct {
	/*
	 * Protects head, tail and buf. Raw and taken with interrupts off:
	 * writers are helpers, which run in any context. In NMI a writer
	 * only tries it and drops its line if that fails. Held for copies
	 * of at most the ring's size, never across user access.
	 */
	raw_spinlock_t lock;
	u64 head;
	u64 tail;
	char buf[KBPF_TRACE_SIZE];
} kbpf_trace_ring;

/*
 * trace_pipe readers wait here. Writers never wake them directly, since a
 * helper may run with scheduler locks held: they queue kbpf_trace_work,
 * whose callback wakes them from a clean interrupt context.
 */
static DECLARE_WAIT_QUEUE_HEAD(kbpf_trace_wait);

static void kbpf_trace_wake(struct irq_work *work)
{
	wake_up_interruptible_poll(&kbpf_trace_wait, EPOLLIN | EPOLLRDNORM);
}

static struct irq_work kbpf_trace_work = IRQ_WORK_INIT(kbpf_trace_wake);

static struct dentry *kbpf_trace_dir;

/* Drops the oldest line. */
static void kbpf_trace_drop(void)
{
	while (kbpf_trace_ring.tail != kbpf_trace_ring.head)
		if (!kbpf_trace_ring.buf[kbpf_trace_ring.tail++ &
					 KBPF_TRACE_MASK])
			break;
}

static void kbpf_trace_put(const char *src, u32 len)
{
	u32 at = kbpf_trace_ring.head & KBPF_TRACE_MASK;
	u32 first = min(len, KBPF_TRACE_SIZE - at);

	memcpy(kbpf_trace_ring.buf + at, src, first);
	memcpy(kbpf_trace_ring.buf, src + first, len - first);
	kbpf_trace_ring.head += len;
}

/* Copies @len buffered bytes from position @pos, NULs included. */
static void kbpf_trace_get(char *dst, u64 pos, u32 len)
{
	u32 at = pos & KBPF_TRACE_MASK;
	u32 first = min(len, KBPF_TRACE_SIZE - at);

	memcpy(dst, kbpf_trace_ring.buf + at, first);
	memcpy(dst + first, kbpf_trace_ring.buf, len - first);
}

/* Removes the line-ending NULs from @len copied bytes; the rest remains. */
static size_t kbpf_trace_strip(char *text, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (text[i])
			text[n++] = text[i];
	return n;
}

void kbpf_trace_emit(const char *msg, u32 len)
{
	/* "<comm>-<pid> [<cpu>] " */
	char prefix[TASK_COMM_LEN + 32];
	unsigned long flags;
	u32 plen, total;
	bool newline;

	len = min_t(u32, len, KBPF_BPRINTF_BUF_SIZE);
	newline = !len || msg[len - 1] != '\n';
	/* comm may change under us, but its last byte stays NUL. */
	plen = scnprintf(prefix, sizeof(prefix), "%.*s-%d [%03d] ",
			 (int)sizeof(current->comm), current->comm,
			 task_pid_nr(current), raw_smp_processor_id());
	total = plen + len + newline + 1;

	if (in_nmi()) {
		if (!raw_spin_trylock_irqsave(&kbpf_trace_ring.lock, flags))
			return;
	} else {
		raw_spin_lock_irqsave(&kbpf_trace_ring.lock, flags);
	}
	while (kbpf_trace_ring.head - kbpf_trace_ring.tail + total >
	       KBPF_TRACE_SIZE)
		kbpf_trace_drop();
	kbpf_trace_put(prefix, plen);
	kbpf_trace_put(msg, len);
	if (newline)
		kbpf_trace_put("\n", 1);
	kbpf_trace_put("", 1);
	raw_spin_unlock_irqrestore(&kbpf_trace_ring.lock, flags);

	/*
	 * The full barrier in wq_has_sleeper() orders the new head before
	 * the look at the queue; a reader adds itself to the queue before
	 * it looks at head (under the lock), so one of the two sees the
	 * other.
	 */
	if (wq_has_sleeper(&kbpf_trace_wait))
		irq_work_queue(&kbpf_trace_work);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_trace_emit);

/* Moves up to @size bytes of text to @buf; returns how many. */
size_t kbpf_trace_consume(char *buf, size_t size)
{
	unsigned long flags;
	u32 len;

	raw_spin_lock_irqsave(&kbpf_trace_ring.lock, flags);
	len = min_t(u64, size, kbpf_trace_ring.head - kbpf_trace_ring.tail);
	kbpf_trace_get(buf, kbpf_trace_ring.tail, len);
	kbpf_trace_ring.tail += len;
	/* Keep the invariant: step over the end of a line read whole. */
	while (kbpf_trace_ring.tail != kbpf_trace_ring.head &&
	       !kbpf_trace_ring.buf[kbpf_trace_ring.tail & KBPF_TRACE_MASK])
		kbpf_trace_ring.tail++;
	raw_spin_unlock_irqrestore(&kbpf_trace_ring.lock, flags);
	return kbpf_trace_strip(buf, len);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_trace_consume);

/* Copies the newest text that fits in @size bytes (all, for the ring's). */
size_t kbpf_trace_snapshot(char *buf, size_t size)
{
	unsigned long flags;
	u64 from;
	u32 len;

	raw_spin_lock_irqsave(&kbpf_trace_ring.lock, flags);
	len = min_t(u64, size, kbpf_trace_ring.head - kbpf_trace_ring.tail);
	from = kbpf_trace_ring.head - len;
	kbpf_trace_get(buf, from, len);
	raw_spin_unlock_irqrestore(&kbpf_trace_ring.lock, flags);
	return kbpf_trace_strip(buf, len);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_trace_snapshot);

void kbpf_trace_clear(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&kbpf_trace_ring.lock, flags);
	kbpf_trace_ring.tail = kbpf_trace_ring.head;
	raw_spin_unlock_irqrestore(&kbpf_trace_ring.lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_trace_clear);

static bool kbpf_trace_empty(void)
{
	unsigned long flags;
	bool empty;

	raw_spin_lock_irqsave(&kbpf_trace_ring.lock, flags);
	empty = kbpf_trace_ring.head == kbpf_trace_ring.tail;
	raw_spin_unlock_irqrestore(&kbpf_trace_ring.lock, flags);
	return empty;
}

/*
 * bpf_trace_printk(fmt, fmt_size, arg1, arg2, arg3): three arguments
 * whatever the format uses, a message of at most
 * KBPF_BPRINTF_BUF_SIZE - 1 bytes. Returns the length of the whole
 * message, as Linux, or -EINVAL, -ENOSPC or -EBUSY.
 */
static u64 kbpf_helper_trace_printk(u64 fmt, u64 fmt_size, u64 arg1, u64 arg2, u64 arg3)
{
	const u64 args[KBPF_TRACE_PRINTK_ARGS] = { arg1, arg2, arg3 };
	struct kbpf_bprintf_bufs *bufs;
	int ret;

	if (!kbpf_bprintf_terminated(KBPF_PTR(fmt), fmt_size))
		return -EINVAL;
	bufs = kbpf_bprintf_get();
	if (!bufs)
		return -EBUSY;
	ret = kbpf_bprintf_with(bufs, bufs->out, sizeof(bufs->out),
				KBPF_PTR(fmt), fmt_size, args,
				KBPF_TRACE_PRINTK_ARGS);
	/* A %c of 0 ends the line there, as in Linux's trace event. */
	if (ret >= 0)
		kbpf_trace_emit(bufs->out, strnlen(bufs->out,
						   sizeof(bufs->out)));
	kbpf_bprintf_put();
	return ret;
}

const struct kbpf_helper_proto kbpf_trace_printk_proto = {
	.fn = kbpf_helper_trace_printk,
	/* Linux leaves r3-r5 unchecked (ARG_DONTCARE). */
	.name = "trace_printk",
	.gpl_only = true, .cap = CAP_PERFMON,
	KBPF_ARGS(KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE),
};
EXPORT_SYMBOL_IF_KUNIT(kbpf_trace_printk_proto);

static int kbpf_trace_pipe_open(struct inode *inode, struct file *file)
{
	return stream_open(inode, file);
}

static ssize_t kbpf_trace_pipe_read(struct kiocb *iocb, struct iov_iter *to)
{
	size_t size = min_t(size_t, iov_iter_count(to), PAGE_SIZE);
	ssize_t ret;
	size_t len;
	char *page;

	if (!size)
		return 0;
	page = kmalloc(size, GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	for (;;) {
		len = kbpf_trace_consume(page, size);
		if (len)
			break;
		if (iocb->ki_filp->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			goto out;
		}
		ret = wait_event_interruptible(kbpf_trace_wait,
					       !kbpf_trace_empty());
		if (ret)
			goto out;
	}
	/* Consumed text the user could not take is lost, as in ftrace. */
	ret = copy_to_iter(page, len, to);
	if (!ret)
		ret = -EFAULT;
out:
	kfree(page);
	return ret;
}

static __poll_t kbpf_trace_pipe_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &kbpf_trace_wait, wait);
	return kbpf_trace_empty() ? 0 : EPOLLIN | EPOLLRDNORM;
}

static const struct file_operations kbpf_trace_pipe_fops = {
	.owner		= THIS_MODULE,
	.open		= kbpf_trace_pipe_open,
	.read_iter	= kbpf_trace_pipe_read,
	.poll		= kbpf_trace_pipe_poll,
};

/* What `trace` shows, taken when it is opened for reading. */
struct kbpf_trace_snap {
	size_t len;
	char text[];
};

static int kbpf_trace_open(struct inode *inode, struct file *file)
{
	struct kbpf_trace_snap *snap;

	if ((file->f_mode & FMODE_WRITE) && (file->f_flags & O_TRUNC))
		kbpf_trace_clear();
	if (!(file->f_mode & FMODE_READ))
		return 0;
	snap = kvmalloc(struct_size(snap, text, KBPF_TRACE_SIZE), GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	snap->len = kbpf_trace_snapshot(snap->text, KBPF_TRACE_SIZE);
	file->private_data = snap;
	return 0;
}

static ssize_t kbpf_trace_read(struct kiocb *iocb, struct iov_iter *to)
{
	struct kbpf_trace_snap *snap = iocb->ki_filp->private_data;
	size_t len;

	if (iocb->ki_pos < 0)
		return -EINVAL;
	if (iocb->ki_pos >= snap->len)
		return 0;
	len = copy_to_iter(snap->text + iocb->ki_pos,
			   snap->len - iocb->ki_pos, to);
	if (!len && iov_iter_count(to))
		return -EFAULT;
	iocb->ki_pos += len;
	return len;
}

static ssize_t kbpf_trace_write(struct kiocb *iocb, struct iov_iter *from)
{
	size_t len = iov_iter_count(from);

	iov_iter_advance(from, len);
	return len;
}

static int kbpf_trace_release(struct inode *inode, struct file *file)
{
	kvfree(file->private_data);
	return 0;
}

static const struct file_operations kbpf_trace_fops = {
	.owner		= THIS_MODULE,
	.open		= kbpf_trace_open,
	.read_iter	= kbpf_trace_read,
	.write_iter	= kbpf_trace_write,
	.release	= kbpf_trace_release,
	.llseek		= default_llseek,
};

/*
 * The formatter's buffers, then the files; debugfs being absent or off
 * is no error.
 */
int kbpf_trace_init(void)
{
	int err;

	err = kbpf_printf_init();
	if (err)
		return err;
	raw_spin_lock_init(&kbpf_trace_ring.lock);
	kbpf_trace_dir = debugfs_create_dir("kbpf", NULL);
	/* The files hold the module while open: "unsafe" is safe here. */
	debugfs_create_file_unsafe("trace", 0640, kbpf_trace_dir, NULL,
				   &kbpf_trace_fops);
	debugfs_create_file_unsafe("trace_pipe", 0440, kbpf_trace_dir, NULL,
				   &kbpf_trace_pipe_fops);
	return 0;
}

struct dentry *kbpf_debugfs_dir(void)
{
	return kbpf_trace_dir;
}

/* No program runs any more: remove the files, then let a wake-up finish. */
void kbpf_trace_exit(void)
{
	debugfs_remove(kbpf_trace_dir);
	irq_work_sync(&kbpf_trace_work);
	kbpf_printf_exit();
}
