// SPDX-License-Identifier: GPL-2.0
/*
 * kbpf_splat: provoke one kernel splat on purpose, so that
 * scripts/harness-selftest.sh can prove scripts/vm.sh notices it.
 * Test only, debug kernel only: never part of kbpf.
 *
 *   insmod kbpf_splat.ko what=kasan	heap out-of-bounds read (KASAN)
 *   insmod kbpf_splat.ko what=lockdep	AB-BA mutex order (lockdep)
 *   insmod kbpf_splat.ko what=leak	unreferenced kmalloc (kmemleak)
 *   insmod kbpf_splat.ko what=hung	D state past the hung-task timeout
 *
 * Loading succeeds after the splat, so the command that loads it exits 0
 * and only the harness's console scan can tell that something went wrong.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *what = "";
module_param(what, charp, 0444);
MODULE_PARM_DESC(what, "splat to provoke: kasan, lockdep, leak or hung");

static DEFINE_MUTEX(kbpf_splat_a);
static DEFINE_MUTEX(kbpf_splat_b);

/* Read one byte past a kmalloc'd buffer, inside its slab redzone. */
static noinline void kbpf_splat_kasan(void)
{
	size_t size = 123;
	char *buf;

	buf = kmalloc(size, GFP_KERNEL);
	if (!buf)
		return;
	/* Hide the bound from the compiler, or it may warn or fold it. */
	OPTIMIZER_HIDE_VAR(size);
	pr_info("out-of-bounds byte: %d\n", READ_ONCE(buf[size]));
	kfree(buf);
}

/*
 * Take a then b, later b then a, in one thread: no deadlock can happen
 * here, but lockdep records a -> b and reports the b -> a inversion.
 */
static noinline void kbpf_splat_lockdep(void)
{
	mutex_lock(&kbpf_splat_a);
	mutex_lock(&kbpf_splat_b);
	mutex_unlock(&kbpf_splat_b);
	mutex_unlock(&kbpf_splat_a);

	mutex_lock(&kbpf_splat_b);
	mutex_lock(&kbpf_splat_a);
	mutex_unlock(&kbpf_splat_a);
	mutex_unlock(&kbpf_splat_b);
}

/* Allocate and forget: the harness's kmemleak scan must report it. */
static noinline void kbpf_splat_leak(void)
{
	char *buf;

	buf = kmalloc(64, GFP_KERNEL);
	if (!buf)
		return;
	memset(buf, 0x6b, 64);
	OPTIMIZER_HIDE_VAR(buf);
}

/*
 * Sleep uninterruptibly, without a context switch, for longer than the
 * debug kernel's hung-task timeout (30 s) plus its check period (30 s).
 */
static noinline void kbpf_splat_hung(void)
{
	schedule_timeout_uninterruptible(65 * HZ);
}

static int __init kbpf_splat_init(void)
{
	if (!strcmp(what, "kasan"))
		kbpf_splat_kasan();
	else if (!strcmp(what, "lockdep"))
		kbpf_splat_lockdep();
	else if (!strcmp(what, "leak"))
		kbpf_splat_leak();
	else if (!strcmp(what, "hung"))
		kbpf_splat_hung();
	else
		return -EINVAL;
	return 0;
}

static void __exit kbpf_splat_exit(void)
{
}

module_init(kbpf_splat_init);
module_exit(kbpf_splat_exit);
MODULE_DESCRIPTION("kbpf harness self-test: provoke a KASAN, lockdep, kmemleak or hung-task report");
MODULE_LICENSE("GPL");
