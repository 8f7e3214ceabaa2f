// SPDX-License-Identifier: GPL-2.0
/*
 * bpf(2) commands, routed to /dev/kbpf through libkbpf's raw command
 * (kbpf_sys_on()). Two commands are looked at on the way:
 * - OBJ_PIN and OBJ_GET: an absolute pathname under /sys/fs/bpf is
 *   rewritten to the kbpf mount (not with BPF_F_PATH_FD, where the path is
 *   the caller's relative to its own directory fd), in a copy of the attr;
 * - LINK_CREATE with attach type BPF_PERF_EVENT goes to the perf hook.
 * Everything else reaches kbpf unchanged, so its errno is kbpf's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "../lib/kbpf/bpf.h"
#include "compat.h"

/*
 * OBJ_PIN, OBJ_GET: @attr is the caller's attr (@uattr) as read. Whatever
 * cannot be read or rewritten goes to kbpf as the caller gave it, so the
 * errno (EFAULT, ENAMETOOLONG...) is kbpf's.
 */
static long route_pin(int cmd, union kbpf_attr *uattr,
		      union kbpf_attr *attr, unsigned int size)
{
	const char *upath = (const char *)(uintptr_t)attr->pathname;
	char path[PATH_MAX], buf[PATH_MAX];
	const char *to;
	size_t n;

	if (size < offsetofend(union kbpf_attr, pathname) ||
	    size > sizeof(*attr) || !upath ||
	    (size >= offsetofend(union kbpf_attr, file_flags) &&
	     (attr->file_flags & KBPF_F_PATH_FD)))
		return kbpf_sys_on(KBPF_TARGET_KBPF, cmd, uattr, size);
	n = kbpf_compat_peek(path, upath, sizeof(path));
	if (!memchr(path, '\0', n))
		return kbpf_sys_on(KBPF_TARGET_KBPF, cmd, uattr, size);
	to = kbpf_compat_pin_path(path, buf, sizeof(buf));
	if (to == path)
		return kbpf_sys_on(KBPF_TARGET_KBPF, cmd, uattr, size);
	kbpf_compat_log("pin path %s -> %s", path, to);
	attr->pathname = (__u64)(uintptr_t)to;
	return kbpf_sys_on(KBPF_TARGET_KBPF, cmd, attr, size);
}

static bool is_perf_link(union kbpf_attr *attr, unsigned int size)
{
	return size >= offsetofend(union kbpf_attr, link_create.attach_type) &&
	       attr->link_create.attach_type == KBPF_PERF_EVENT;
}

long kbpf_compat_bpf(int cmd, union kbpf_attr *uattr, unsigned int size)
{
	size_t n = size < sizeof(union kbpf_attr) ? size : sizeof(union kbpf_attr);
	union kbpf_attr attr = {};
	bool seen;
	long ret;
	int err;

	seen = uattr && n && kbpf_compat_peek(&attr, uattr, n) == n;
	if (seen && (cmd == KBPF_OBJ_PIN || cmd == KBPF_OBJ_GET))
		ret = route_pin(cmd, uattr, &attr, size);
	else if (seen && cmd == KBPF_LINK_CREATE && is_perf_link(&attr, size))
		ret = kbpf_compat_perf_link(uattr, size);
	else
		ret = kbpf_sys_on(KBPF_TARGET_KBPF, cmd, uattr, size);
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
