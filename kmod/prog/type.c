// SPDX-License-Identifier: GPL-2.0
/*
 * The table of program types (type.h), and what is decided from it for
 * types kbpf does not run.
 */

#include <linux/kernel.h>

#include "../compat.h"
#include "helpers.h"
#include "prog.h"
#include "type.h"

static const struct kbpf_prog_ops *const kbpf_prog_ops_table[] = {
#if IS_ENABLED(CONFIG_NET)
	[KBPF_PROG_TYPE_SOCKET_FILTER] = &kbpf_prog_ops_socket_filter,
#endif
	[KBPF_PROG_TYPE_KPROBE] = &kbpf_prog_ops_kprobe,
	[KBPF_PROG_TYPE_TRACEPOINT] = &kbpf_prog_ops_tracepoint,
	[KBPF_PROG_TYPE_RAW_TRACEPOINT] = &kbpf_prog_ops_raw_tp,
	[KBPF_PROG_TYPE_SYSCALL] = &kbpf_prog_ops_syscall,
};

/*
 * Linux's is_perfmon_prog_type(), for every type (kbpf runs few): the
 * capability is checked before whether the type exists.
 */
static const bool kbpf_perfmon_prog_types[] = {
	[KBPF_PROG_TYPE_KPROBE] = true,
	[KBPF_PROG_TYPE_TRACEPOINT] = true,
	[KBPF_PROG_TYPE_PERF_EVENT] = true,
	[KBPF_PROG_TYPE_RAW_TRACEPOINT] = true,
	[KBPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE] = true,
	[KBPF_PROG_TYPE_TRACING] = true,
	[KBPF_PROG_TYPE_LSM] = true,
	[KBPF_PROG_TYPE_STRUCT_OPS] = true,
	[KBPF_PROG_TYPE_EXT] = true,
};

const struct kbpf_prog_ops *kbpf_prog_ops_of(u32 type)
{
	return type < ARRAY_SIZE(kbpf_prog_ops_table) ? kbpf_prog_ops_table[type] :
						    NULL;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_prog_ops_of);

bool kbpf_prog_type_needs_perfmon(u32 type)
{
	return type < ARRAY_SIZE(kbpf_perfmon_prog_types) &&
	       kbpf_perfmon_prog_types[type];
}

const struct kbpf_helper_proto *kbpf_prog_func_proto(const struct kbpf_prog *prog,
						     s32 id)
{
	const struct kbpf_helper_proto *proto = kbpf_helper_proto(id);
	u32 i;

	if (!proto || !proto->type_specific)
		return proto;
	for (i = 0; i < prog->ops->helper_cnt; i++)
		if (prog->ops->helpers[i] == id)
			return proto;
	return NULL;
}
