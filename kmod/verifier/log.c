// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier log. Messages go straight to the user's buffer as they
 * are made, so a huge log_size costs no kernel memory.
 */

#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/uaccess.h>

#include "../compat.h"
#include "log.h"

int kbpf_log_init(struct kbpf_log *log, u32 level, char __user *ubuf,
		  u32 size)
{
	log->level = level;
	log->ubuf = ubuf;
	log->len_total = size;
	log->start_pos = 0;
	log->end_pos = 0;
	log->len_max = 0;

	/* A buffer and its size come together; a buffer needs a level. */
	if (!!ubuf != !!size || (ubuf && !level))
		return -EINVAL;
	if (level & ~KBPF_LOG_MASK || size > UINT_MAX >> 2)
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_log_init);

static u32 kbpf_log_ring_pos(const struct kbpf_log *log, u64 pos)
{
	u32 rem;

	div_u64_rem(pos, log->len_total, &rem);
	return rem;
}

static void kbpf_log_put(struct kbpf_log *log, u64 pos, const char *src,
			 u32 len)
{
	if (log->ubuf && copy_to_user(log->ubuf + pos, src, len))
		log->ubuf = NULL;
}

/*
 * Append @n bytes of @line, its NUL included: in fixed mode while the
 * head has room; in rotating mode at the ring position of the stream,
 * wrapping at len_total. The NUL is always overwritten by the next
 * message, so only the last one stays.
 */
static void kbpf_log_append(struct kbpf_log *log, char *line, u32 n)
{
	u64 new_end = log->end_pos + n;
	u32 keep, at, first;

	log->len_max = max_t(u64, log->len_max, min_t(u64, new_end, UINT_MAX));
	if (!log->len_total) {
		log->end_pos = new_end - 1;
		return;
	}

	if (log->level & KBPF_LOG_FIXED) {
		u64 pos = log->end_pos;

		log->end_pos = new_end - 1;
		if (pos >= log->len_total)
			return;
		keep = min_t(u64, n, log->len_total - pos);
		line[keep - 1] = '\0';
		kbpf_log_put(log, pos, line, keep);
		return;
	}

	if (new_end - log->start_pos > log->len_total)
		log->start_pos = new_end - log->len_total;
	log->end_pos = new_end - 1;

	/* The last len_total bytes of the message at most, in the ring. */
	keep = min(n, log->len_total);
	at = kbpf_log_ring_pos(log, new_end - keep);
	first = min(keep, log->len_total - at);
	kbpf_log_put(log, at, line + n - keep, first);
	if (keep > first)
		kbpf_log_put(log, 0, line + n - keep + first, keep - first);
}

/*
 * Cut the stream back to @pos (at most end_pos): level 1 keeps only the
 * path being walked. log_true_size still counts the longest stream.
 */
void kbpf_log_reset(struct kbpf_log *log, u64 pos)
{
	u32 at;

	if (!log->level || WARN_ON_ONCE(pos > log->end_pos))
		return;
	log->end_pos = pos;
	if (log->start_pos > pos)
		log->start_pos = pos;
	if (!log->len_total)
		return;
	at = log->level & KBPF_LOG_FIXED ? min_t(u64, pos, U32_MAX) :
					   kbpf_log_ring_pos(log, pos);
	if (at < log->len_total)
		kbpf_log_put(log, at, "", 1);
}

void kbpf_log(struct kbpf_log *log, const char *fmt, ...)
{
	va_list args;
	u32 n;

	if (!log->level)
		return;
	va_start(args, fmt);
	n = vscnprintf(log->line, sizeof(log->line), fmt, args);
	va_end(args);
	kbpf_log_append(log, log->line, n + 1);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_log);

/* Reverse ubuf[start, end) in place, a line-buffer's worth at a time. */
static int kbpf_log_reverse(struct kbpf_log *log, u32 start, u32 end)
{
	u32 half = sizeof(log->line) / 2, nn, i;
	char *left = log->line, *right = log->line + half;

	while (end - start > 1) {
		nn = min(half, (end - start) / 2);
		if (copy_from_user(left, log->ubuf + start, nn) ||
		    copy_from_user(right, log->ubuf + end - nn, nn))
			return -EFAULT;
		for (i = 0; i < nn / 2; i++) {
			swap(left[i], left[nn - 1 - i]);
			swap(right[i], right[nn - 1 - i]);
		}
		if (copy_to_user(log->ubuf + start, right, nn) ||
		    copy_to_user(log->ubuf + end - nn, left, nn))
			return -EFAULT;
		start += nn;
		end -= nn;
	}
	return 0;
}

/*
 * Make a rotated ring one string from the buffer's start, report the
 * size the whole log needed, and -ENOSPC if it did not fit.
 */
int kbpf_log_finalize(struct kbpf_log *log, u32 *true_size)
{
	u32 shift;
	int err;

	*true_size = 0;
	if (!log->level)
		return 0;
	if (log->ubuf && log->start_pos) {
		/* The ring is full: rotate left by start_pos % len_total. */
		shift = kbpf_log_ring_pos(log, log->start_pos);
		err = kbpf_log_reverse(log, 0, log->len_total);
		if (!err)
			err = kbpf_log_reverse(log, 0, log->len_total - shift);
		if (!err)
			err = kbpf_log_reverse(log, log->len_total - shift,
					       log->len_total);
		if (err)
			log->ubuf = NULL;
	}
	*true_size = log->len_max;
	if (!log->ubuf && log->len_total)
		return -EFAULT;
	if (log->len_total && log->len_max > log->len_total)
		return -ENOSPC;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_log_finalize);
