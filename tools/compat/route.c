// SPDX-License-Identifier: GPL-2.0
/*
 * bpf(2) commands, routed to /dev/kbpf through libkbpf's raw command
 * (kbpf_sys_on()). Two commands are looked at on the way:
 * - OBJ_PIN and OBJ_GET: an absolute pathname under /sys/fs/bpf is
 *   rewritten to the kbpf mount (not with BPF_F_PATH_FD, where the path is
 *   the caller's relative to its own directory fd);
 * - LINK_CREATE with attach type BPF_PERF_EVENT goes to the perf hook.
 * Everything else reaches kbpf unchanged, so its errno is kbpf's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "../lib/kbpf/bpf.h"
#include "compat.h"

static long route_pin(int cmd, union kbpf_attr *attr, unsigned int size)
{
	const char *path = (const char *)(uintptr_t)attr->pathname;
	union kbpf_attr copy;
	char buf[PATH_MAX];
	const char *to;

	if (size < offsetofend(union kbpf_attr, pathname) ||
	    size > sizeof(copy) || !path ||
	    (size >= offsetofend(union kbpf_attr, file_flags) &&
	     (attr->file_flags & KBPF_F_PATH_FD)))
		return kbpf_sys_on(KBPF_TARGET_KBPF, cmd, attr, size);
	/* The path is the caller's memory: a bad pointer faults here as
	 * it would have made bpf(2) fail with EFAULT.
	 */
	to = kbpf_compat_pin_path(path, buf, sizeof(buf));
	memset(&copy, 0, sizeof(copy));
	memcpy(&copy, attr, size);
	copy.pathname = (__u64)(uintptr_t)to;
	if (to != path)
		kbpf_compat_log("pin path %s -> %s", path, to);
	return kbpf_sys_on(KBPF_TARGET_KBPF, cmd, &copy, size);
}

static bool is_perf_link(union kbpf_attr *attr, unsigned int size)
{
	return size >= offsetofend(union kbpf_attr, link_create.attach_type) &&
	       attr->link_create.attach_type == KBPF_PERF_EVENT;
}

long kbpf_compat_bpf(int cmd, union kbpf_attr *attr, unsigned int size)
{
	long ret;
	int err;

	if (attr && (cmd == KBPF_OBJ_PIN || cmd == KBPF_OBJ_GET))
		ret = route_pin(cmd, attr, size);
	else if (attr && cmd == KBPF_LINK_CREATE && is_perf_link(attr, size))
		ret = kbpf_compat_perf_link(attr, size);
	else
		ret = kbpf_sys_on(KBPF_TARGET_KBPF, cmd, attr, size);
	if (kbpf_compat_log_on) {
		err = errno;
		if (ret < 0)
			kbpf_compat_log("bpf(%s, size %u) = -1 %s",
					kbpf_compat_cmd_name(cmd), size,
					strerrorname_np(err) ?: "?");
		else
			kbpf_compat_log("bpf(%s, size %u) = %ld",
					kbpf_compat_cmd_name(cmd), size, ret);
		errno = err;
	}
	return ret;
}
