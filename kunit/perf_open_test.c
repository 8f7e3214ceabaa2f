// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the checks of KBPF_IOC_PERF_EVENT_OPEN before its fd
 * (perf_open.c), Linux 6.12's perf_event_open(2) in its order:
 * kbpf_perf_copy_attr() on an attr in user memory (sizes, the zero
 * tail, reserved fields, sample fields, flag combinations), then
 * kbpf_perf_check_privs() for each perf_event_paranoid level and
 * holder of capabilities.
 */

#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/perf_event.h>
#include <linux/uaccess.h>
#include <asm/perf_regs.h>

#include "../kmod/compat.h"
#include "../kmod/link/perf_paranoid.h"
#include "../kmod/link/perf_tp.h"
#include "../uapi/linux/kbpf.h"
#include "perf_creds.h"

#define KBPF_ATTR_SIZE	sizeof(struct perf_event_attr)

/* Two pages of user memory; the test's thread gets an mm for them. */
static char __user *kbpf_user_pages(struct kunit *test)
{
	unsigned long addr = kunit_vm_mmap(test, NULL, 0, 2 * PAGE_SIZE,
					   PROT_READ | PROT_WRITE,
					   MAP_ANONYMOUS | MAP_PRIVATE, 0);

	KUNIT_ASSERT_NE_MSG(test, addr, 0, "no user memory");
	return (char __user *)addr;
}

/* kbpf_perf_copy_attr() of @src (@len bytes of it) put at @u. */
static int kbpf_copy_attr_of(struct kunit *test, char __user *u,
			     const struct perf_event_attr *src, size_t len,
			     struct perf_event_attr *out)
{
	KUNIT_ASSERT_EQ(test, copy_to_user(u, src, len), 0);
	return kbpf_perf_copy_attr((struct perf_event_attr __user *)u, out);
}

static struct perf_event_attr kbpf_tp_attr(void)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = KBPF_ATTR_SIZE,
		.config = 7,
	};

	return attr;
}

/* Sizes: 0 is VER0, short attrs are zero-extended, long ones need zeros. */
static void kbpf_perf_copy_attr_size_test(struct kunit *test)
{
	char __user *u = kbpf_user_pages(test);
	struct perf_event_attr in = kbpf_tp_attr(), out;
	u32 size;

	/* VER0: the fields past its 64 bytes are not read. */
	in.size = 0;
	in.sample_regs_user = 5;
	in.__reserved_2 = 1;
	KUNIT_EXPECT_EQ(test, kbpf_copy_attr_of(test, u, &in, sizeof(in),
						&out), 0);
	KUNIT_EXPECT_EQ(test, out.size, PERF_ATTR_SIZE_VER0);
	KUNIT_EXPECT_EQ(test, out.config, 7);
	KUNIT_EXPECT_EQ(test, out.sample_regs_user, 0);

	/* Below VER0 and above a page: E2BIG, the known size written back. */
	in = kbpf_tp_attr();
	in.size = PERF_ATTR_SIZE_VER0 - 1;
	in.__reserved_1 = 1;	/* the size is checked first */
	KUNIT_EXPECT_EQ(test, kbpf_copy_attr_of(test, u, &in, sizeof(in),
						&out), -E2BIG);
	KUNIT_EXPECT_EQ(test, get_user(size, (u32 __user *)(u + 4)), 0);
	KUNIT_EXPECT_EQ(test, size, KBPF_ATTR_SIZE);
	in.size = PAGE_SIZE + 1;
	KUNIT_EXPECT_EQ(test, kbpf_copy_attr_of(test, u, &in, sizeof(in),
						&out), -E2BIG);

	/* A longer attr with a zero tail, then one nonzero byte in it. */
	in = kbpf_tp_attr();
	in.size = KBPF_ATTR_SIZE + 8;
	KUNIT_ASSERT_EQ(test, clear_user(u + KBPF_ATTR_SIZE, 8), 0);
	KUNIT_EXPECT_EQ(test, kbpf_copy_attr_of(test, u, &in, sizeof(in),
						&out), 0);
	KUNIT_EXPECT_EQ(test, out.size, KBPF_ATTR_SIZE + 8);
	KUNIT_ASSERT_EQ(test, put_user((u8)1, (u8 __user *)u +
				       KBPF_ATTR_SIZE + 7), 0);
	KUNIT_EXPECT_EQ(test, kbpf_copy_attr_of(test, u, &in, sizeof(in),
						&out), -E2BIG);
	KUNIT_EXPECT_EQ(test, get_user(size, (u32 __user *)(u + 4)), 0);
	KUNIT_EXPECT_EQ(test, size, KBPF_ATTR_SIZE);

	/* The tail reaches an unmapped page; no user pointer at all. */
	KUNIT_ASSERT_EQ(test, vm_munmap((unsigned long)u + PAGE_SIZE,
					PAGE_SIZE), 0);
	u += PAGE_SIZE - KBPF_ATTR_SIZE;
	KUNIT_EXPECT_EQ(test, kbpf_copy_attr_of(test, u, &in, sizeof(in),
						&out), -EFAULT);
	KUNIT_EXPECT_EQ(test, kbpf_perf_copy_attr(NULL, &out), -EFAULT);
}

/* One attr each, from kbpf_tp_attr(), and perf_copy_attr()'s answer. */
struct kbpf_attr_case {
	const char *what;
	void (*set)(struct perf_event_attr *attr);
	int err;
};

#define KBPF_ATTR_CASE(name, body)					\
	static void kbpf_attr_##name(struct perf_event_attr *a) { body; }
#define KBPF_ATTR_ENTRY(name, err)	{ #name, kbpf_attr_##name, err }

KBPF_ATTR_CASE(plain, (void)a)
KBPF_ATTR_CASE(reserved_1, a->__reserved_1 = 1)
KBPF_ATTR_CASE(reserved_2, a->__reserved_2 = 1)
KBPF_ATTR_CASE(reserved_3, a->__reserved_3 = 1)
KBPF_ATTR_CASE(sample_max, a->sample_type = PERF_SAMPLE_MAX)
KBPF_ATTR_CASE(format_max, a->read_format = PERF_FORMAT_MAX)
KBPF_ATTR_CASE(format_all, a->read_format = PERF_FORMAT_MAX - 1)
KBPF_ATTR_CASE(inherit_thread, a->inherit_thread = 1)
KBPF_ATTR_CASE(inherit_both, a->inherit_thread = 1; a->inherit = 1)
KBPF_ATTR_CASE(remove_enable, a->remove_on_exec = 1; a->enable_on_exec = 1)
KBPF_ATTR_CASE(remove, a->remove_on_exec = 1)
KBPF_ATTR_CASE(sigtrap, a->sigtrap = 1)
KBPF_ATTR_CASE(sigtrap_remove, a->sigtrap = 1; a->remove_on_exec = 1)
KBPF_ATTR_CASE(weight_both, a->sample_type = PERF_SAMPLE_WEIGHT | PERF_SAMPLE_WEIGHT_STRUCT)
KBPF_ATTR_CASE(weight, a->sample_type = PERF_SAMPLE_WEIGHT_STRUCT)
/* Only a kernel with perf cgroups (not the debug kernel) takes it. */
KBPF_ATTR_CASE(cgroup, a->sample_type = PERF_SAMPLE_CGROUP)
KBPF_ATTR_CASE(stack_odd, a->sample_type = PERF_SAMPLE_STACK_USER;
	       a->sample_stack_user = 7)
KBPF_ATTR_CASE(stack_max, a->sample_type = PERF_SAMPLE_STACK_USER;
	       a->sample_stack_user = USHRT_MAX)
KBPF_ATTR_CASE(stack, a->sample_type = PERF_SAMPLE_STACK_USER;
	       a->sample_stack_user = USHRT_MAX - 7)
KBPF_ATTR_CASE(regs_none, a->sample_type = PERF_SAMPLE_REGS_USER)
KBPF_ATTR_CASE(regs_ds, a->sample_type = PERF_SAMPLE_REGS_USER;
	       a->sample_regs_user = BIT_ULL(PERF_REG_X86_DS))
KBPF_ATTR_CASE(regs_gap, a->sample_type = PERF_SAMPLE_REGS_USER;
	       a->sample_regs_user = BIT_ULL(PERF_REG_X86_64_MAX))
KBPF_ATTR_CASE(regs_r15_xmm0, a->sample_type = PERF_SAMPLE_REGS_USER;
	       a->sample_regs_user = BIT_ULL(PERF_REG_X86_R15) |
				     BIT_ULL(PERF_REG_X86_XMM0))
KBPF_ATTR_CASE(branch_none,
	       a->sample_type = PERF_SAMPLE_BRANCH_STACK)
KBPF_ATTR_CASE(branch_plm_only, a->sample_type = PERF_SAMPLE_BRANCH_STACK;
	       a->branch_sample_type = PERF_SAMPLE_BRANCH_PLM_ALL)
KBPF_ATTR_CASE(branch_max, a->sample_type = PERF_SAMPLE_BRANCH_STACK;
	       a->branch_sample_type = PERF_SAMPLE_BRANCH_ANY |
				       PERF_SAMPLE_BRANCH_MAX)
KBPF_ATTR_CASE(branch_any, a->sample_type = PERF_SAMPLE_BRANCH_STACK;
	       a->branch_sample_type = PERF_SAMPLE_BRANCH_ANY)
/* REGS_INTR's errno is Linux's last: inherit_thread's comes first. */
KBPF_ATTR_CASE(intr_none, a->sample_type = PERF_SAMPLE_REGS_INTR)
KBPF_ATTR_CASE(intr_sp, a->sample_type = PERF_SAMPLE_REGS_INTR;
	       a->sample_regs_intr = BIT_ULL(PERF_REG_X86_SP))

static const struct kbpf_attr_case kbpf_attr_cases[] = {
	KBPF_ATTR_ENTRY(plain, 0),
	KBPF_ATTR_ENTRY(reserved_1, -EINVAL),
	KBPF_ATTR_ENTRY(reserved_2, -EINVAL),
	KBPF_ATTR_ENTRY(reserved_3, -EINVAL),
	KBPF_ATTR_ENTRY(sample_max, -EINVAL),
	KBPF_ATTR_ENTRY(format_max, -EINVAL),
	KBPF_ATTR_ENTRY(format_all, 0),
	KBPF_ATTR_ENTRY(inherit_thread, -EINVAL),
	KBPF_ATTR_ENTRY(inherit_both, 0),
	KBPF_ATTR_ENTRY(remove_enable, -EINVAL),
	KBPF_ATTR_ENTRY(remove, 0),
	KBPF_ATTR_ENTRY(sigtrap, -EINVAL),
	KBPF_ATTR_ENTRY(sigtrap_remove, 0),
	KBPF_ATTR_ENTRY(weight_both, -EINVAL),
	KBPF_ATTR_ENTRY(weight, 0),
	KBPF_ATTR_ENTRY(cgroup, IS_ENABLED(CONFIG_CGROUP_PERF) ? 0 : -EINVAL),
	KBPF_ATTR_ENTRY(stack_odd, -EINVAL),
	KBPF_ATTR_ENTRY(stack_max, -EINVAL),
	KBPF_ATTR_ENTRY(stack, 0),
	KBPF_ATTR_ENTRY(regs_none, -EINVAL),
	KBPF_ATTR_ENTRY(regs_ds, -EINVAL),
	KBPF_ATTR_ENTRY(regs_gap, -EINVAL),
	KBPF_ATTR_ENTRY(regs_r15_xmm0, 0),
	KBPF_ATTR_ENTRY(branch_none, -EINVAL),
	KBPF_ATTR_ENTRY(branch_plm_only, -EINVAL),
	KBPF_ATTR_ENTRY(branch_max, -EINVAL),
	KBPF_ATTR_ENTRY(branch_any, 0),
	KBPF_ATTR_ENTRY(intr_none, -EINVAL),
	KBPF_ATTR_ENTRY(intr_sp, 0),
};

/* Each field alone, as a caller with every capability (the test's). */
static void kbpf_perf_copy_attr_fields_test(struct kunit *test)
{
	char __user *u = kbpf_user_pages(test);
	struct perf_event_attr in, out;
	int i;

	for (i = 0; i < ARRAY_SIZE(kbpf_attr_cases); i++) {
		in = kbpf_tp_attr();
		kbpf_attr_cases[i].set(&in);
		KUNIT_EXPECT_EQ_MSG(test, kbpf_copy_attr_of(test, u, &in,
							    sizeof(in), &out),
				    kbpf_attr_cases[i].err, "%s",
				    kbpf_attr_cases[i].what);
	}
}

/*
 * The order inside perf_copy_attr(): a branch stack of the kernel is
 * EACCES at level 2 without CAP_PERFMON before the flags' EINVAL, and
 * before REGS_INTR's, which comes last.
 */
static void kbpf_perf_copy_attr_order_test(struct kunit *test)
{
	char __user *u = kbpf_user_pages(test);
	int saved = kbpf_perf_paranoid();
	struct perf_event_attr in, out;
	const struct cred *old;

	KUNIT_ASSERT_EQ(test, kbpf_test_sysctl_set(KBPF_TEST_PARANOID, 2), 0);
	old = kbpf_test_caps(test, 0);
	in = kbpf_tp_attr();
	in.sample_type = PERF_SAMPLE_BRANCH_STACK | PERF_SAMPLE_REGS_INTR;
	in.branch_sample_type = PERF_SAMPLE_BRANCH_ANY;
	in.inherit_thread = 1;
	KUNIT_EXPECT_EQ(test, kbpf_copy_attr_of(test, u, &in, sizeof(in),
						&out), -EACCES);
	/* Excluded levels need nothing: then inherit_thread's EINVAL. */
	in.exclude_kernel = 1;
	in.exclude_hv = 1;
	KUNIT_EXPECT_EQ(test, kbpf_copy_attr_of(test, u, &in, sizeof(in),
						&out), -EINVAL);
	in.inherit_thread = 0;
	KUNIT_EXPECT_EQ(test, kbpf_copy_attr_of(test, u, &in, sizeof(in),
						&out), -EINVAL);
	in.sample_regs_intr = BIT_ULL(PERF_REG_X86_IP);
	KUNIT_EXPECT_EQ(test, kbpf_copy_attr_of(test, u, &in, sizeof(in),
						&out), 0);
	/* The hypervisor's level named, or not excluded, is the kernel's. */
	in.branch_sample_type |= PERF_SAMPLE_BRANCH_HV;
	KUNIT_EXPECT_EQ(test, kbpf_copy_attr_of(test, u, &in, sizeof(in),
						&out), -EACCES);
	in.branch_sample_type = PERF_SAMPLE_BRANCH_ANY |
				PERF_SAMPLE_BRANCH_USER;
	in.exclude_kernel = 0;
	KUNIT_EXPECT_EQ(test, kbpf_copy_attr_of(test, u, &in, sizeof(in),
						&out), 0);
	revert_creds(old);
	KUNIT_EXPECT_EQ(test, kbpf_test_sysctl_set(KBPF_TEST_PARANOID, saved),
			0);
}

/* One check of perf_event_open(2) between the attr and the fd. */
struct kbpf_privs_case {
	const char *what;
	int level;
	u64 caps;
	u8 kernel:1, text_poke:1, callchain:1, cc_kernel:1, namespaces:1,
	   phys:1, cgroup:1;
	u8 freq;		/* 1: sample_freq @rate + 1, 2: @rate */
	u8 period63;
	int pid, cpu;
	int err;
};

#define KBPF_PERFMON	KBPF_TEST_CAP(CAP_PERFMON)
#define KBPF_ADMIN	KBPF_TEST_CAP(CAP_SYS_ADMIN)
#define KBPF_RATE	1000

static const struct kbpf_privs_case kbpf_privs_cases[] = {
	{ "3: no caps", 3, 0, .err = -EACCES },
	{ "3: perfmon is not enough", 3, KBPF_PERFMON, .err = -EACCES },
	{ "3: sys_admin, kernel", 3, KBPF_ADMIN, .kernel = 1 },
	{ "4: sys_admin", 4, KBPF_ADMIN, .kernel = 1 },
	{ "2: user only", 2, 0 },
	{ "2: kernel", 2, 0, .kernel = 1, .err = -EACCES },
	{ "2: kernel, perfmon", 2, KBPF_PERFMON, .kernel = 1 },
	{ "1: kernel", 1, 0, .kernel = 1 },
	{ "2: text_poke", 2, 0, .text_poke = 1, .err = -EACCES },
	{ "2: kernel callchain", 2, 0, .callchain = 1, .cc_kernel = 1,
	  .err = -EACCES },
	{ "2: user callchain", 2, 0, .callchain = 1 },
	{ "-1: namespaces", -1, 0, .namespaces = 1, .err = -EACCES },
	{ "-1: namespaces, perfmon", -1, KBPF_PERFMON, .namespaces = 1 },
	{ "2: period bit 63", 2, 0, .period63 = 1, .err = -EINVAL },
	{ "3: privileges before period", 3, 0, .period63 = 1,
	  .err = -EACCES },
	{ "2: kernel before period", 2, 0, .kernel = 1, .period63 = 1,
	  .err = -EACCES },
	{ "-1: freq above rate", -1, 0, .freq = 1, .err = -EINVAL },
	{ "-1: freq at rate", -1, 0, .freq = 2 },
	{ "2: phys_addr", 2, 0, .phys = 1, .err = -EACCES },
	{ "1: phys_addr", 1, 0, .phys = 1 },
	{ "2: period before phys_addr", 2, 0, .phys = 1, .period63 = 1,
	  .err = -EINVAL },
	{ "-1: cgroup, pid -1", -1, 0, .cgroup = 1, .pid = -1, .cpu = 0,
	  .err = -EINVAL },
	{ "-1: cgroup, cpu -1", -1, 0, .cgroup = 1, .pid = 3, .cpu = -1,
	  .err = -EINVAL },
	{ "-1: cgroup", -1, 0, .cgroup = 1, .pid = 3, .cpu = 0 },
	{ "2: phys before cgroup", 2, 0, .phys = 1, .cgroup = 1, .pid = -1,
	  .err = -EACCES },
};

static void kbpf_privs_attr(const struct kbpf_privs_case *c,
			    struct perf_event_attr *a,
			    struct kbpf_perf_event_open *arg)
{
	*a = kbpf_tp_attr();
	a->exclude_kernel = !c->kernel;
	a->text_poke = c->text_poke;
	a->namespaces = c->namespaces;
	if (c->callchain)
		a->sample_type |= PERF_SAMPLE_CALLCHAIN;
	a->exclude_callchain_kernel = !c->cc_kernel;
	if (c->phys)
		a->sample_type |= PERF_SAMPLE_PHYS_ADDR;
	if (c->freq) {
		a->freq = 1;
		a->sample_freq = c->freq == 1 ? KBPF_RATE + 1 : KBPF_RATE;
	} else if (c->period63) {
		a->sample_period = BIT_ULL(63);
	}
	memset(arg, 0, sizeof(*arg));
	arg->pid = c->pid;
	arg->cpu = c->cpu;
	arg->group_fd = -1;
	arg->flags = c->cgroup ? PERF_FLAG_PID_CGROUP : 0;
}

static void kbpf_perf_check_privs_test(struct kunit *test)
{
	struct kbpf_perf_event_open arg;
	struct perf_event_attr attr;
	const struct cred *old;
	int i;

	for (i = 0; i < ARRAY_SIZE(kbpf_privs_cases); i++) {
		const struct kbpf_privs_case *c = &kbpf_privs_cases[i];

		kbpf_privs_attr(c, &attr, &arg);
		old = kbpf_test_caps(test, c->caps);
		KUNIT_EXPECT_EQ_MSG(test, kbpf_perf_check_privs(&attr, &arg,
								c->level,
								KBPF_RATE),
				    c->err, "%s", c->what);
		revert_creds(old);
	}
}

/* The sample rate unreadable (0): every frequency is refused. */
static void kbpf_perf_check_privs_no_rate_test(struct kunit *test)
{
	struct kbpf_perf_event_open arg = { .pid = -1, .group_fd = -1 };
	struct perf_event_attr attr = kbpf_tp_attr();

	attr.exclude_kernel = 1;
	attr.freq = 1;
	attr.sample_freq = 1;
	KUNIT_EXPECT_EQ(test, kbpf_perf_check_privs(&attr, &arg, -1, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kbpf_perf_check_privs(&attr, &arg, -1, -5),
			-EINVAL);
	attr.freq = 0;
	KUNIT_EXPECT_EQ(test, kbpf_perf_check_privs(&attr, &arg, -1, 0), 0);
}

static struct kunit_case kbpf_perf_open_cases[] = {
	KUNIT_CASE(kbpf_perf_copy_attr_size_test),
	KUNIT_CASE(kbpf_perf_copy_attr_fields_test),
	KUNIT_CASE(kbpf_perf_copy_attr_order_test),
	KUNIT_CASE(kbpf_perf_check_privs_test),
	KUNIT_CASE(kbpf_perf_check_privs_no_rate_test),
	{}
};

static struct kunit_suite kbpf_perf_open_suite = {
	.name = "kbpf_perf_open",
	.test_cases = kbpf_perf_open_cases,
};

kunit_test_suite(kbpf_perf_open_suite);
