// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only module: writing a u64 to its parameter "fire" hits the
 * tracepoint kbpf_tp_test_widths once, with that value as argument h and
 * fixed values of every width and sign around it, negative where signed,
 * so that a widening that sign-extends, or keeps a register's upper bits,
 * shows. The selftests (test_link_raw_tp.c) load it in the guest.
 *
 * Loaded with init_delay_ms=N init_fail=1, its init sleeps N ms (the
 * module is coming: its tracepoint can be attached to), hits the
 * tracepoint once with h = KBPF_TP_TEST_INIT_H, and fails, so the module
 * goes without ever being live (test_link_raw_tp_attack.c).
 */
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#define CREATE_TRACE_POINTS
#include "kbpf_tp_test_trace.h"

static int kbpf_tp_test_fire(const char *val, const struct kernel_param *kp)
{
	static int anchor;
	u64 h;
	int err;

	err = kstrtou64(val, 0, &h);
	if (err)
		return err;
	trace_kbpf_tp_test_widths(-2, 0xfe, -3, 0xfffd, -4, 0xfffffffc, -5, h,
				  true, KBPF_TP_TEST_NEG, &anchor, -7);
	return 0;
}

static const struct kernel_param_ops kbpf_tp_test_fire_ops = {
	.set = kbpf_tp_test_fire,
};
module_param_cb(fire, &kbpf_tp_test_fire_ops, NULL, 0200);
MODULE_PARM_DESC(fire, "write a u64: hit the tracepoint once with it");

/* Hits kbpf_tp_test_odd once, with n the value written. */
static int kbpf_tp_test_fire_odd(const char *val,
				 const struct kernel_param *kp)
{
	static void *slot;
	static u16 half;
	u64 n;
	int err;

	err = kstrtou64(val, 0, &n);
	if (err)
		return err;
	trace_kbpf_tp_test_odd(&slot, KBPF_TP_TEST_BYTE, &half, n);
	return 0;
}

static const struct kernel_param_ops kbpf_tp_test_fire_odd_ops = {
	.set = kbpf_tp_test_fire_odd,
};
module_param_cb(fire_odd, &kbpf_tp_test_fire_odd_ops, NULL, 0200);
MODULE_PARM_DESC(fire_odd, "write a u64: hit kbpf_tp_test_odd once with it");

static unsigned int init_delay_ms;
module_param(init_delay_ms, uint, 0);
MODULE_PARM_DESC(init_delay_ms, "sleep this long in init, the module coming");

static bool init_fail;
module_param(init_fail, bool, 0);
MODULE_PARM_DESC(init_fail, "after the sleep, hit the tracepoint and fail init");

#define KBPF_TP_TEST_INIT_H	0x696e6974ULL

static int __init kbpf_tp_test_init(void)
{
	if (init_delay_ms)
		msleep(init_delay_ms);
	if (!init_fail)
		return 0;
	trace_kbpf_tp_test_widths(-2, 0xfe, -3, 0xfffd, -4, 0xfffffffc, -5,
				  KBPF_TP_TEST_INIT_H, true, KBPF_TP_TEST_NEG,
				  NULL, -7);
	return -EAGAIN;
}
module_init(kbpf_tp_test_init);

static void __exit kbpf_tp_test_exit(void)
{
}
module_exit(kbpf_tp_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbpf selftests: a tracepoint of every argument width");
