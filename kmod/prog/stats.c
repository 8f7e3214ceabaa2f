// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_ENABLE_STATS: the returned fd keeps run-time statistics on until
 * it is closed. A static key keeps the cost at zero while nobody asks.
 */

#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>

#include "prog.h"
#include "stats.h"

DEFINE_STATIC_KEY_FALSE(kbpf_stats_enabled_key);

/* Serialises enabling against the count's bound. */
static DEFINE_MUTEX(kbpf_stats_mutex);
static int kbpf_stats_users;

static int kbpf_stats_release(struct inode *inode, struct file *file)
{
	mutex_lock(&kbpf_stats_mutex);
	kbpf_stats_users--;
	static_branch_dec(&kbpf_stats_enabled_key);
	mutex_unlock(&kbpf_stats_mutex);
	return 0;
}

static const struct file_operations kbpf_stats_fops = {
	.owner		= THIS_MODULE,
	.release	= kbpf_stats_release,
};

static int kbpf_enable_run_time_stats(void)
{
	int fd;

	mutex_lock(&kbpf_stats_mutex);
	/* Linux's bound, far from any overflow of the key's count. */
	if (kbpf_stats_users > INT_MAX / 2) {
		mutex_unlock(&kbpf_stats_mutex);
		return -EBUSY;
	}
	fd = anon_inode_getfd("kbpf-stats", &kbpf_stats_fops, NULL, O_CLOEXEC);
	if (fd >= 0) {
		kbpf_stats_users++;
		static_branch_inc(&kbpf_stats_enabled_key);
	}
	mutex_unlock(&kbpf_stats_mutex);
	return fd;
}

int kbpf_enable_stats(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (attr->enable_stats.type == KBPF_STATS_RUN_TIME)
		return kbpf_enable_run_time_stats();
	return -EINVAL;
}

void kbpf_prog_stats_read(const struct kbpf_prog *prog, u64 *cnt, u64 *nsecs)
{
	u64 c, n, total_cnt = 0, total_nsecs = 0;
	unsigned int start;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct kbpf_prog_stats *s = per_cpu_ptr(prog->stats, cpu);

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			c = u64_stats_read(&s->cnt);
			n = u64_stats_read(&s->nsecs);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		total_cnt += c;
		total_nsecs += n;
	}
	*cnt = total_cnt;
	*nsecs = total_nsecs;
}

u64 kbpf_prog_misses_read(const struct kbpf_prog *prog)
{
	u64 m, total = 0;
	unsigned int start;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct kbpf_prog_stats *s = per_cpu_ptr(prog->stats, cpu);

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			m = u64_stats_read(&s->misses);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		total += m;
	}
	return total;
}
