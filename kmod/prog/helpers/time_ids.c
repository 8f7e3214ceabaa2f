// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers that read the time, the CPU and the current task's IDs, and
 * what the hook that started the run tells the program (function
 * address, cookie). None of them fails or sleeps.
 */

#include <linux/cred.h>
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/topology.h>

#include "../helpers.h"
#include "../interp.h"

#define KBPF_PTR(x)	((void *)(unsigned long)(x))

static u64 kbpf_helper_ktime_get_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return ktime_get_mono_fast_ns();
}

const struct kbpf_helper_proto kbpf_ktime_get_ns_proto = {
	.fn = kbpf_helper_ktime_get_ns,
	.name = "ktime_get_ns",
};

static u64 kbpf_helper_ktime_get_boot_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return ktime_get_boot_fast_ns();
}

const struct kbpf_helper_proto kbpf_ktime_get_boot_ns_proto = {
	.fn = kbpf_helper_ktime_get_boot_ns,
	.name = "ktime_get_boot_ns",
};

static u64 kbpf_helper_get_prandom_u32(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return get_random_u32();
}

const struct kbpf_helper_proto kbpf_get_prandom_u32_proto = {
	.fn = kbpf_helper_get_prandom_u32,
	.name = "get_prandom_u32",
};

static u64 kbpf_helper_get_smp_processor_id(u64 r1, u64 r2, u64 r3, u64 r4,
					    u64 r5)
{
	return raw_smp_processor_id();
}

const struct kbpf_helper_proto kbpf_get_smp_processor_id_proto = {
	.fn = kbpf_helper_get_smp_processor_id,
	.name = "get_smp_processor_id",
};

static u64 kbpf_helper_get_numa_node_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return numa_node_id();
}

const struct kbpf_helper_proto kbpf_get_numa_node_id_proto = {
	.fn = kbpf_helper_get_numa_node_id,
	.name = "get_numa_node_id",
};

static u64 kbpf_helper_get_current_pid_tgid(u64 r1, u64 r2, u64 r3, u64 r4,
					    u64 r5)
{
	return (u64)current->tgid << 32 | current->pid;
}

const struct kbpf_helper_proto kbpf_get_current_pid_tgid_proto = {
	.fn = kbpf_helper_get_current_pid_tgid,
	.name = "get_current_pid_tgid",
};

static u64 kbpf_helper_get_current_uid_gid(u64 r1, u64 r2, u64 r3, u64 r4,
					   u64 r5)
{
	kuid_t uid;
	kgid_t gid;

	current_uid_gid(&uid, &gid);
	return (u64)from_kgid(&init_user_ns, gid) << 32 |
	       from_kuid(&init_user_ns, uid);
}

const struct kbpf_helper_proto kbpf_get_current_uid_gid_proto = {
	.fn = kbpf_helper_get_current_uid_gid,
	.name = "get_current_uid_gid",
	.type_specific = true,	/* tracing types (Linux's tracing_func_proto) */
};

static u64 kbpf_helper_get_current_comm(u64 buf, u64 size, u64 r3, u64 r4,
					u64 r5)
{
	strscpy_pad(KBPF_PTR(buf), current->comm, size);
	return 0;
}

const struct kbpf_helper_proto kbpf_get_current_comm_proto = {
	.fn = kbpf_helper_get_current_comm,
	.name = "get_current_comm",
	.type_specific = true,
	KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE),
};

/*
 * bpf_get_func_ip() and bpf_get_attach_cookie() for programs a link runs
 * (kprobe.c, uprobe.c); 0 in any other run.
 */
static u64 kbpf_helper_get_func_ip(u64 ctx, u64 r2, u64 r3, u64 r4, u64 r5)
{
	const struct kbpf_attach_ctx *attach = kbpf_interp_attach();

	return attach ? attach->func_ip : 0;
}

const struct kbpf_helper_proto kbpf_get_func_ip_proto = {
	.fn = kbpf_helper_get_func_ip,
	.name = "get_func_ip",
	.type_specific = true,
	KBPF_ARGS(KBPF_ARG_PTR_TO_CTX),
};

static u64 kbpf_helper_get_attach_cookie(u64 ctx, u64 r2, u64 r3, u64 r4,
					 u64 r5)
{
	const struct kbpf_attach_ctx *attach = kbpf_interp_attach();

	return attach ? attach->cookie : 0;
}

const struct kbpf_helper_proto kbpf_get_attach_cookie_proto = {
	.fn = kbpf_helper_get_attach_cookie,
	.name = "get_attach_cookie",
	.type_specific = true,
	KBPF_ARGS(KBPF_ARG_PTR_TO_CTX),
};
