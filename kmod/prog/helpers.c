// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers programs call, with Linux's IDs, prototypes and rules.
 * Every helper runs on the program's CPU under the program's read side
 * (RCU, or the sleepable one of sleepable.h); only might_sleep helpers
 * may block, and only sleepable programs may call them.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/topology.h>
#include <linux/uaccess.h>

#include "../map/map.h"
#include "../map/ringbuf.h"
#include "dynptr.h"
#include "helpers.h"
#include "interp.h"
#include "printf.h"
#include "skb.h"
#include "trace.h"

#define KBPF_PTR(x)	((void *)(unsigned long)(x))

/* bpf_for_each_map_elem(): each element goes to the program's callback. */
struct kbpf_visit_ctx {
	const struct kbpf_insn *callback;
	u64 ctx;
};

static u64 kbpf_helper_map_lookup_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct kbpf_map *m = KBPF_PTR(map);

	return (unsigned long)m->ops->lookup(m, KBPF_PTR(key));
}

static u64 kbpf_helper_map_update_elem(u64 map, u64 key, u64 value, u64 flags,
				       u64 r5)
{
	struct kbpf_map *m = KBPF_PTR(map);

	return m->ops->update(m, KBPF_PTR(key), KBPF_PTR(value), flags);
}

static u64 kbpf_helper_map_delete_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct kbpf_map *m = KBPF_PTR(map);

	return m->ops->delete(m, KBPF_PTR(key));
}

static u64 kbpf_helper_ktime_get_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return ktime_get_mono_fast_ns();
}

static u64 kbpf_helper_ktime_get_boot_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return ktime_get_boot_fast_ns();
}

static u64 kbpf_helper_get_prandom_u32(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return get_random_u32();
}

static u64 kbpf_helper_get_smp_processor_id(u64 r1, u64 r2, u64 r3, u64 r4,
					    u64 r5)
{
	return raw_smp_processor_id();
}

static u64 kbpf_helper_get_numa_node_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return numa_node_id();
}

static u64 kbpf_helper_get_current_pid_tgid(u64 r1, u64 r2, u64 r3, u64 r4,
					    u64 r5)
{
	return (u64)current->tgid << 32 | current->pid;
}

static u64 kbpf_helper_get_current_uid_gid(u64 r1, u64 r2, u64 r3, u64 r4,
					   u64 r5)
{
	kuid_t uid;
	kgid_t gid;

	current_uid_gid(&uid, &gid);
	return (u64)from_kgid(&init_user_ns, gid) << 32 |
	       from_kuid(&init_user_ns, uid);
}

static u64 kbpf_helper_get_current_comm(u64 buf, u64 size, u64 r3, u64 r4,
					u64 r5)
{
	strscpy_pad(KBPF_PTR(buf), current->comm, size);
	return 0;
}

/* Faults read as zeroes: the buffer is always initialised. */
static u64 kbpf_helper_probe_read_kernel(u64 dst, u64 size, u64 src, u64 r4,
					 u64 r5)
{
	long err = copy_from_kernel_nofault(KBPF_PTR(dst), KBPF_PTR(src), size);

	if (err)
		memset(KBPF_PTR(dst), 0, size);
	return err;
}

static u64 kbpf_helper_probe_read_user(u64 dst, u64 size, u64 src, u64 r4,
				       u64 r5)
{
	long err = copy_from_user_nofault(KBPF_PTR(dst),
					  (const void __user *)KBPF_PTR(src),
					  size);

	if (err)
		memset(KBPF_PTR(dst), 0, size);
	return err;
}

/*
 * A NUL-terminated string of at most size - 1 bytes, read byte by byte
 * without faulting (the _nofault string copies are not exported).
 * Returns the length with the NUL, or -EFAULT with dst emptied.
 */
static long kbpf_read_str_nofault(char *dst, u32 size, const void *src,
				  bool user)
{
	u32 i;
	long err;

	if (!size)
		return 0;
	for (i = 0; i < size - 1; i++) {
		if (user)
			err = copy_from_user_nofault(&dst[i],
						     (const char __user *)src + i,
						     1);
		else
			err = copy_from_kernel_nofault(&dst[i],
						       (const char *)src + i, 1);
		if (err) {
			memset(dst, 0, size);
			return -EFAULT;
		}
		if (!dst[i])
			return i + 1;
	}
	dst[i] = 0;
	return size;
}

static u64 kbpf_helper_probe_read_kernel_str(u64 dst, u64 size, u64 src, u64 r4,
					     u64 r5)
{
	return kbpf_read_str_nofault(KBPF_PTR(dst), size, KBPF_PTR(src), false);
}

static u64 kbpf_helper_probe_read_user_str(u64 dst, u64 size, u64 src, u64 r4,
					   u64 r5)
{
	return kbpf_read_str_nofault(KBPF_PTR(dst), size, KBPF_PTR(src), true);
}

/*
 * bpf_get_func_ip() and bpf_get_attach_cookie() for programs a link runs
 * (kprobe.c, uprobe.c); 0 in any other run.
 */
static u64 kbpf_helper_get_func_ip(u64 ctx, u64 r2, u64 r3, u64 r4, u64 r5)
{
	const struct kbpf_attach_ctx *attach = kbpf_interp_attach();

	return attach ? attach->func_ip : 0;
}

static u64 kbpf_helper_get_attach_cookie(u64 ctx, u64 r2, u64 r3, u64 r4,
					 u64 r5)
{
	const struct kbpf_attach_ctx *attach = kbpf_interp_attach();

	return attach ? attach->cookie : 0;
}

/* Sleepable programs only: the copy may fault the page in. */
static u64 kbpf_helper_copy_from_user(u64 dst, u64 size, u64 src, u64 r4,
				      u64 r5)
{
	might_fault();
	if (copy_from_user(KBPF_PTR(dst), (const void __user *)KBPF_PTR(src),
			   (u32)size)) {
		memset(KBPF_PTR(dst), 0, (u32)size);
		return -EFAULT;
	}
	return 0;
}

static u64 kbpf_helper_strncmp(u64 s1, u64 s1_sz, u64 s2, u64 r4, u64 r5)
{
	return strncmp(KBPF_PTR(s1), KBPF_PTR(s2), s1_sz);
}

/* Linux's bound on bpf_loop() iterations. */
#define KBPF_MAX_LOOPS	BIT(23)

static u64 kbpf_helper_loop(u64 nr_loops, u64 callback, u64 ctx, u64 flags,
			    u64 r5)
{
	u32 nr = nr_loops, i;	/* Linux takes nr_loops as a u32 */

	if (flags)
		return -EINVAL;
	if (nr > KBPF_MAX_LOOPS)
		return -E2BIG;
	for (i = 0; i < nr; i++) {
		/* A non-zero return stops the loop after this iteration. */
		if (kbpf_interp_call(KBPF_PTR(callback), i, ctx, 0, 0, 0))
			return i + 1;
	}
	return i;
}

static long kbpf_visit_elem(struct kbpf_map *map, void *key, void *value,
			       void *arg)
{
	struct kbpf_visit_ctx *c = arg;

	return kbpf_interp_call(c->callback, (unsigned long)map,
				(unsigned long)key, (unsigned long)value,
				c->ctx, 0);
}

static u64 kbpf_helper_visit_map_elems(u64 map, u64 callback, u64 ctx,
					 u64 flags, u64 r5)
{
	struct kbpf_visit_ctx c = {
		.callback = KBPF_PTR(callback),
		.ctx = ctx,
	};
	struct kbpf_map *m = KBPF_PTR(map);

	if (flags)
		return -EINVAL;
	if (!m->ops->visit_elems)
		return -ENOTSUPP;
	return m->ops->visit_elems(m, kbpf_visit_elem, &c);
}

#define KBPF_ARGS(...)	.arg_type = { __VA_ARGS__ }

static const struct kbpf_helper_proto kbpf_helper_protos[] = {
	[KBPF_FUNC_map_lookup_elem] = {
		.name = "map_lookup_elem",
		.ret_type = KBPF_RET_PTR_TO_MAP_VALUE_OR_NULL,
		KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY),
	},
	[KBPF_FUNC_map_update_elem] = {
		.name = "map_update_elem",
		KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY,
			  KBPF_ARG_PTR_TO_MAP_VALUE, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_map_delete_elem] = {
		.name = "map_delete_elem",
		KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY),
	},
	[KBPF_FUNC_probe_read_kernel] = {
		.name = "probe_read_kernel",
		.gpl_only = true, .cap = CAP_PERFMON,
		KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
			  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_probe_read_kernel_str] = {
		.name = "probe_read_kernel_str",
		.gpl_only = true, .cap = CAP_PERFMON,
		KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
			  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_probe_read_user] = {
		.name = "probe_read_user",
		.gpl_only = true, .cap = CAP_PERFMON,
		KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
			  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_probe_read_user_str] = {
		.name = "probe_read_user_str",
		.gpl_only = true, .cap = CAP_PERFMON,
		KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
			  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_ktime_get_ns] = {
		.name = "ktime_get_ns",
	},
	[KBPF_FUNC_ktime_get_boot_ns] = {
		.name = "ktime_get_boot_ns",
	},
	[KBPF_FUNC_get_prandom_u32] = {
		.name = "get_prandom_u32",
	},
	[KBPF_FUNC_get_smp_processor_id] = {
		.name = "get_smp_processor_id",
	},
	[KBPF_FUNC_get_numa_node_id] = {
		.name = "get_numa_node_id",
	},
	[KBPF_FUNC_tail_call] = {
		/*
		 * The interpreter performs it; there is no function. When it
		 * fails the program goes on with r0 unset (Linux's RET_VOID).
		 */
		.name = "tail_call", .ret_type = KBPF_RET_VOID,
		KBPF_ARGS(KBPF_ARG_PTR_TO_CTX, KBPF_ARG_CONST_MAP_PTR,
			  KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_get_current_pid_tgid] = {
		.name = "get_current_pid_tgid",
	},
	[KBPF_FUNC_get_current_uid_gid] = {
		.name = "get_current_uid_gid",
		.type_specific = true,	/* tracing types (Linux's tracing_func_proto) */
	},
	[KBPF_FUNC_get_current_comm] = {
		.name = "get_current_comm",
		.type_specific = true,
		KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE),
	},
	[KBPF_FUNC_copy_from_user] = {
		.name = "copy_from_user", .might_sleep = true,
		.type_specific = true,
		KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
			  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_get_func_ip] = {
		.name = "get_func_ip",
		.type_specific = true,
		KBPF_ARGS(KBPF_ARG_PTR_TO_CTX),
	},
	[KBPF_FUNC_get_attach_cookie] = {
		.name = "get_attach_cookie",
		.type_specific = true,
		KBPF_ARGS(KBPF_ARG_PTR_TO_CTX),
	},
	[KBPF_FUNC_skb_load_bytes] = {
		.name = "skb_load_bytes",
		.type_specific = true,
		KBPF_ARGS(KBPF_ARG_PTR_TO_CTX, KBPF_ARG_ANYTHING,
			  KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE),
	},
	[KBPF_FUNC_strncmp] = {
		.name = "strncmp", .cap = CAP_BPF,
		KBPF_ARGS(KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE,
			  KBPF_ARG_PTR_TO_CONST_STR),
	},
	[KBPF_FUNC_for_each_map_elem] = {
		.name = "for_each_map_elem", .cap = CAP_BPF,
		.callback = 2,
		KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_FUNC,
			  KBPF_ARG_PTR_TO_STACK_OR_NULL, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_loop] = {
		.name = "loop", .cap = CAP_BPF,
		.callback = 2,
		KBPF_ARGS(KBPF_ARG_SCALAR, KBPF_ARG_PTR_TO_FUNC,
			  KBPF_ARG_PTR_TO_STACK_OR_NULL, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_trace_printk] = {
		/* Linux leaves r3-r5 unchecked (ARG_DONTCARE). */
		.name = "trace_printk",
		.gpl_only = true, .cap = CAP_PERFMON,
		KBPF_ARGS(KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE),
	},
	[KBPF_FUNC_snprintf] = {
		.name = "snprintf",
		.gpl_only = true, .cap = CAP_PERFMON,
		KBPF_ARGS(KBPF_ARG_PTR_TO_OUT_MEM_OR_NULL,
			  KBPF_ARG_CONST_SIZE_OR_ZERO,
			  KBPF_ARG_PTR_TO_CONST_STR,
			  KBPF_ARG_PTR_TO_MEM_OR_NULL,
			  KBPF_ARG_CONST_SIZE_OR_ZERO),
	},
	[KBPF_FUNC_ringbuf_output] = {
		.name = "ringbuf_output",
		KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MEM,
			  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_ringbuf_reserve] = {
		.name = "ringbuf_reserve",
		.ret_type = KBPF_RET_PTR_TO_RINGBUF_MEM_OR_NULL,
		KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR,
			  KBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_ringbuf_submit] = {
		.name = "ringbuf_submit",
		.ret_type = KBPF_RET_VOID,
		KBPF_ARGS(KBPF_ARG_PTR_TO_RINGBUF_MEM, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_ringbuf_discard] = {
		.name = "ringbuf_discard",
		.ret_type = KBPF_RET_VOID,
		KBPF_ARGS(KBPF_ARG_PTR_TO_RINGBUF_MEM, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_ringbuf_query] = {
		.name = "ringbuf_query",
		KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_dynptr_from_mem] = {
		.name = "dynptr_from_mem", .cap = CAP_BPF,
		KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
			  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING,
			  KBPF_ARG_PTR_TO_UNINIT_DYNPTR_LOCAL),
	},
	[KBPF_FUNC_ringbuf_reserve_dynptr] = {
		.name = "ringbuf_reserve_dynptr", .cap = CAP_BPF,
		KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_ANYTHING,
			  KBPF_ARG_ANYTHING,
			  KBPF_ARG_PTR_TO_UNINIT_DYNPTR_RINGBUF),
	},
	[KBPF_FUNC_ringbuf_submit_dynptr] = {
		.name = "ringbuf_submit_dynptr", .cap = CAP_BPF,
		.ret_type = KBPF_RET_VOID,
		KBPF_ARGS(KBPF_ARG_PTR_TO_DYNPTR_RINGBUF, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_ringbuf_discard_dynptr] = {
		.name = "ringbuf_discard_dynptr", .cap = CAP_BPF,
		.ret_type = KBPF_RET_VOID,
		KBPF_ARGS(KBPF_ARG_PTR_TO_DYNPTR_RINGBUF, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_dynptr_read] = {
		.name = "dynptr_read", .cap = CAP_BPF,
		KBPF_ARGS(KBPF_ARG_PTR_TO_UNINIT_MEM,
			  KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_PTR_TO_DYNPTR,
			  KBPF_ARG_ANYTHING, KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_dynptr_write] = {
		.name = "dynptr_write", .cap = CAP_BPF,
		KBPF_ARGS(KBPF_ARG_PTR_TO_DYNPTR, KBPF_ARG_ANYTHING,
			  KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE_OR_ZERO,
			  KBPF_ARG_ANYTHING),
	},
	[KBPF_FUNC_dynptr_data] = {
		.name = "dynptr_data", .cap = CAP_BPF,
		.ret_type = KBPF_RET_PTR_TO_DYNPTR_MEM_OR_NULL,
		KBPF_ARGS(KBPF_ARG_PTR_TO_DYNPTR, KBPF_ARG_ANYTHING,
			  KBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO),
	},
	[KBPF_FUNC_user_ringbuf_drain] = {
		.name = "user_ringbuf_drain", .cap = CAP_BPF,
		.callback = 2,
		KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_FUNC,
			  KBPF_ARG_PTR_TO_STACK_OR_NULL, KBPF_ARG_ANYTHING),
	},
};

/*
 * The functions the interpreter calls, by helper ID. tail_call has
 * none: the interpreter performs it.
 */
const kbpf_helper_fn kbpf_helper_fns[] = {
	[KBPF_FUNC_map_lookup_elem] = kbpf_helper_map_lookup_elem,
	[KBPF_FUNC_map_update_elem] = kbpf_helper_map_update_elem,
	[KBPF_FUNC_map_delete_elem] = kbpf_helper_map_delete_elem,
	[KBPF_FUNC_probe_read_kernel] = kbpf_helper_probe_read_kernel,
	[KBPF_FUNC_probe_read_kernel_str] = kbpf_helper_probe_read_kernel_str,
	[KBPF_FUNC_probe_read_user] = kbpf_helper_probe_read_user,
	[KBPF_FUNC_probe_read_user_str] = kbpf_helper_probe_read_user_str,
	[KBPF_FUNC_ktime_get_ns] = kbpf_helper_ktime_get_ns,
	[KBPF_FUNC_ktime_get_boot_ns] = kbpf_helper_ktime_get_boot_ns,
	[KBPF_FUNC_get_prandom_u32] = kbpf_helper_get_prandom_u32,
	[KBPF_FUNC_get_smp_processor_id] = kbpf_helper_get_smp_processor_id,
	[KBPF_FUNC_get_numa_node_id] = kbpf_helper_get_numa_node_id,
	[KBPF_FUNC_get_current_pid_tgid] = kbpf_helper_get_current_pid_tgid,
	[KBPF_FUNC_get_current_uid_gid] = kbpf_helper_get_current_uid_gid,
	[KBPF_FUNC_get_current_comm] = kbpf_helper_get_current_comm,
	[KBPF_FUNC_copy_from_user] = kbpf_helper_copy_from_user,
	[KBPF_FUNC_get_func_ip] = kbpf_helper_get_func_ip,
	[KBPF_FUNC_get_attach_cookie] = kbpf_helper_get_attach_cookie,
	[KBPF_FUNC_skb_load_bytes] = kbpf_helper_skb_load_bytes,
	[KBPF_FUNC_strncmp] = kbpf_helper_strncmp,
	[KBPF_FUNC_for_each_map_elem] = kbpf_helper_visit_map_elems,
	[KBPF_FUNC_loop] = kbpf_helper_loop,
	[KBPF_FUNC_trace_printk] = kbpf_helper_trace_printk,
	[KBPF_FUNC_snprintf] = kbpf_helper_snprintf,
	[KBPF_FUNC_ringbuf_output] = kbpf_helper_ringbuf_output,
	[KBPF_FUNC_ringbuf_reserve] = kbpf_helper_ringbuf_reserve,
	[KBPF_FUNC_ringbuf_submit] = kbpf_helper_ringbuf_submit,
	[KBPF_FUNC_ringbuf_discard] = kbpf_helper_ringbuf_discard,
	[KBPF_FUNC_ringbuf_query] = kbpf_helper_ringbuf_query,
	[KBPF_FUNC_dynptr_from_mem] = kbpf_helper_dynptr_from_mem,
	[KBPF_FUNC_ringbuf_reserve_dynptr] = kbpf_helper_ringbuf_reserve_dynptr,
	[KBPF_FUNC_ringbuf_submit_dynptr] = kbpf_helper_ringbuf_submit_dynptr,
	[KBPF_FUNC_ringbuf_discard_dynptr] = kbpf_helper_ringbuf_discard_dynptr,
	[KBPF_FUNC_dynptr_read] = kbpf_helper_dynptr_read,
	[KBPF_FUNC_dynptr_write] = kbpf_helper_dynptr_write,
	[KBPF_FUNC_dynptr_data] = kbpf_helper_dynptr_data,
	[KBPF_FUNC_user_ringbuf_drain] = kbpf_helper_user_ringbuf_drain,
};

const u32 kbpf_helper_fns_cnt = ARRAY_SIZE(kbpf_helper_fns);

const struct kbpf_helper_proto *kbpf_helper_proto(s32 id)
{
	const struct kbpf_helper_proto *proto;

	if (id <= 0 || id >= ARRAY_SIZE(kbpf_helper_protos))
		return NULL;
	proto = &kbpf_helper_protos[id];
	return proto->name ? proto : NULL;
}
