// SPDX-License-Identifier: GPL-2.0
/*
 * bpf(2) semantics for the ioctl: size and tail rules of __sys_bpf, the
 * per-command "last field" rule, then one function per command.
 */

#include <linux/kernel.h>
#include <linux/nospec.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "cmd.h"
#include "compat.h"
#include "fs/pinfs.h"
#include "link/link.h"
#include "link/raw_tp.h"
#include "map/map.h"
#include "object.h"
#include "prog/prog.h"
#include "prog/stats.h"
#include "syscall.h"

/*
 * @attr_end: offsetofend() of the command's last attr field; every byte
 * past it must be zero. @fn NULL: kbpf does not implement the command.
 */
struct kbpf_cmd_desc {
	kbpf_cmd_fn fn;
	kbpf_cmd_sized_fn sized_fn;	/* instead of @fn: needs attr size */
	size_t attr_end;
};

#define KBPF_CMD(cmd, func, last) \
	[KBPF_##cmd] = { .fn = func, \
			 .attr_end = offsetofend(union kbpf_attr, last) }
#define KBPF_CMD_SIZED(cmd, func, last) \
	[KBPF_##cmd] = { .sized_fn = func, \
			 .attr_end = offsetofend(union kbpf_attr, last) }

/* Every object kind, for the object-generic commands of object.c. */
static const struct kbpf_obj_ops *const kbpf_obj_kinds[] = {
	&kbpf_map_obj_ops,
	&kbpf_prog_obj_ops,
	&kbpf_link_obj_ops,
	NULL,
};

static int kbpf_obj_get_info_cmd(union kbpf_attr *attr,
				 union kbpf_attr __user *uattr)
{
	return kbpf_obj_get_info_by_fd(kbpf_obj_kinds, attr, uattr);
}

static const struct kbpf_cmd_desc kbpf_cmds[] = {
	KBPF_CMD(MAP_CREATE, kbpf_map_create, map_token_fd),
	KBPF_CMD(MAP_LOOKUP_ELEM, kbpf_map_lookup_elem, flags),
	KBPF_CMD(MAP_UPDATE_ELEM, kbpf_map_update_elem, flags),
	KBPF_CMD(MAP_DELETE_ELEM, kbpf_map_delete_elem, key),
	KBPF_CMD(MAP_GET_NEXT_KEY, kbpf_map_get_next_key, next_key),
	KBPF_CMD_SIZED(PROG_LOAD, kbpf_prog_load, prog_token_fd),
	KBPF_CMD(OBJ_PIN, kbpf_obj_pin, path_fd),
	KBPF_CMD(OBJ_GET, kbpf_obj_get, path_fd),
	KBPF_CMD(PROG_ATTACH, NULL, expected_revision),
	KBPF_CMD(PROG_DETACH, NULL, expected_revision),
	KBPF_CMD(PROG_TEST_RUN, kbpf_prog_test_run, test.batch_size),
	KBPF_CMD(PROG_GET_NEXT_ID, kbpf_prog_get_next_id, next_id),
	KBPF_CMD(MAP_GET_NEXT_ID, kbpf_map_get_next_id, next_id),
	KBPF_CMD(PROG_GET_FD_BY_ID, kbpf_prog_get_fd_by_id, prog_id),
	KBPF_CMD(MAP_GET_FD_BY_ID, kbpf_map_get_fd_by_id, open_flags),
	KBPF_CMD(OBJ_GET_INFO_BY_FD, kbpf_obj_get_info_cmd, info.info),
	KBPF_CMD(PROG_QUERY, NULL, query.revision),
	KBPF_CMD(RAW_TRACEPOINT_OPEN, kbpf_raw_tracepoint_open, raw_tracepoint.cookie),
	KBPF_CMD(BTF_LOAD, NULL, btf_token_fd),
	KBPF_CMD(BTF_GET_FD_BY_ID, NULL, btf_id),
	KBPF_CMD(TASK_FD_QUERY, NULL, task_fd_query.probe_addr),
	KBPF_CMD(MAP_LOOKUP_AND_DELETE_ELEM, kbpf_map_lookup_and_delete_elem, flags),
	KBPF_CMD(MAP_FREEZE, kbpf_map_freeze, map_fd),
	KBPF_CMD(BTF_GET_NEXT_ID, NULL, next_id),
	KBPF_CMD(MAP_LOOKUP_BATCH, kbpf_map_lookup_batch, batch.flags),
	KBPF_CMD(MAP_LOOKUP_AND_DELETE_BATCH,
		 kbpf_map_lookup_and_delete_batch, batch.flags),
	KBPF_CMD(MAP_UPDATE_BATCH, kbpf_map_update_batch, batch.flags),
	KBPF_CMD(MAP_DELETE_BATCH, kbpf_map_delete_batch, batch.flags),
	KBPF_CMD(LINK_CREATE, kbpf_link_create, link_create.uprobe_multi.pid),
	KBPF_CMD(LINK_UPDATE, NULL, link_update.old_prog_fd),
	KBPF_CMD(LINK_GET_FD_BY_ID, kbpf_link_get_fd_by_id, link_id),
	KBPF_CMD(LINK_GET_NEXT_ID, kbpf_link_get_next_id, next_id),
	KBPF_CMD(ENABLE_STATS, kbpf_enable_stats, enable_stats.type),
	KBPF_CMD(ITER_CREATE, NULL, iter_create.flags),
	KBPF_CMD(LINK_DETACH, kbpf_link_detach, link_detach.link_fd),
	KBPF_CMD(PROG_BIND_MAP, NULL, prog_bind_map.flags),
	KBPF_CMD(TOKEN_CREATE, NULL, token_create.bpffs_fd),
};

static_assert(ARRAY_SIZE(kbpf_cmds) == KBPF_TOKEN_CREATE + 1);

int kbpf_sys_bpf(u32 cmd, union kbpf_attr __user *uattr, u32 size)
{
	const struct kbpf_cmd_desc *desc;
	union kbpf_attr attr;
	int err;

	err = kbpf_check_uarg_tail_zero(uattr, sizeof(attr), size);
	if (err)
		return err;
	size = min_t(u32, size, sizeof(attr));

	memset(&attr, 0, sizeof(attr));
	if (copy_from_user(&attr, uattr, size))
		return -EFAULT;

	if (cmd >= ARRAY_SIZE(kbpf_cmds))
		return -EINVAL;
	desc = &kbpf_cmds[array_index_nospec(cmd, ARRAY_SIZE(kbpf_cmds))];
	if (!desc->fn && !desc->sized_fn)
		return -EOPNOTSUPP;
	if (!kbpf_attr_tail_is_zero(&attr, desc->attr_end))
		return -EINVAL;
	if (desc->sized_fn)
		return desc->sized_fn(&attr, uattr, size);
	return desc->fn(&attr, uattr);
}
