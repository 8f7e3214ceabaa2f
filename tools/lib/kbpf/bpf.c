// SPDX-License-Identifier: GPL-2.0
/*
 * libkbpf's low-level API (bpf.h): the target switch, the one system call
 * wrapper of tools/, and a function per command on top of it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf.h"

#define PTR(p)	((__u64)(uintptr_t)(p))

static enum kbpf_target cur_target = KBPF_TARGET_KBPF;
static int dev_fd = -1;

int kbpf_set_target(enum kbpf_target target)
{
	if (target != KBPF_TARGET_KBPF && target != KBPF_TARGET_LINUX) {
		errno = EINVAL;
		return -EINVAL;
	}
	cur_target = target;
	return 0;
}

enum kbpf_target kbpf_get_target(void)
{
	return cur_target;
}

const char *kbpf_target_name(enum kbpf_target target)
{
	switch (target) {
	case KBPF_TARGET_KBPF:
		return "kbpf";
	case KBPF_TARGET_LINUX:
		return "linux";
	}
	return NULL;
}

int kbpf_set_target_name(const char *name)
{
	if (!name || !*name)
		return 0;
	if (!strcmp(name, "kbpf"))
		return kbpf_set_target(KBPF_TARGET_KBPF);
	if (!strcmp(name, "linux"))
		return kbpf_set_target(KBPF_TARGET_LINUX);
	errno = EINVAL;
	return -EINVAL;
}

int kbpf_set_target_env(void)
{
	int err = kbpf_set_target_name(getenv("KBPF_TEST_TARGET"));

	if (err)
		return err;
	return kbpf_target_linux() ? 0 : kbpf_dev_fd() < 0 ? -errno : 0;
}

int kbpf_dev_fd(void)
{
	int fd = __atomic_load_n(&dev_fd, __ATOMIC_ACQUIRE), expected = -1;

	if (fd >= 0)
		return fd;
	fd = open("/dev/" KBPF_DEV_NAME, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* Two threads may race here: one fd wins, the other is closed. */
	if (!__atomic_compare_exchange_n(&dev_fd, &expected, fd, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		close(fd);
		fd = expected;
	}
	return fd;
}

void kbpf_dev_close(void)
{
	int fd = __atomic_exchange_n(&dev_fd, -1, __ATOMIC_ACQ_REL);

	if (fd >= 0)
		close(fd);
}

int kbpf_fd_target(int fd)
{
	char path[64], link[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	/* anon inodes: "anon_inode:kbpf-map" or "anon_inode:bpf-map" */
	if (strstr(link, ":kbpf-"))
		return KBPF_TARGET_KBPF;
	if (strstr(link, ":bpf-"))
		return KBPF_TARGET_LINUX;
	errno = EINVAL;
	return -EINVAL;
}

const char *kbpf_pin_dir(enum kbpf_target target)
{
	return target == KBPF_TARGET_LINUX ? "/sys/fs/bpf" : "/sys/fs/kbpf";
}

const char *kbpf_pin_fs_type(enum kbpf_target target)
{
	return target == KBPF_TARGET_LINUX ? "bpf" : "kbpf";
}

long kbpf_sys_on(enum kbpf_target target, int cmd, union kbpf_attr *attr,
		 unsigned int size)
{
	struct kbpf_ioc ioc = {
		.cmd = cmd,
		.size = size,
		.attr = PTR(attr),
	};
	int dev;

	if (target == KBPF_TARGET_LINUX)
		return syscall(__NR_bpf, cmd, attr, size);
	dev = kbpf_dev_fd();
	if (dev < 0) {
		errno = -dev;
		return -1;
	}
	return ioctl(dev, KBPF_IOC_BPF, &ioc);
}

long kbpf_sys(int cmd, union kbpf_attr *attr, unsigned int size)
{
	return kbpf_sys_on(cur_target, cmd, attr, size);
}

/* libbpf 1.0's convention: a negative errno, errno set. */
static int sys_ret(int cmd, union kbpf_attr *attr, unsigned int size)
{
	long ret = kbpf_sys(cmd, attr, size);

	return ret < 0 ? -errno : ret;
}

static int cmd_ret(int cmd, union kbpf_attr *attr)
{
	return sys_ret(cmd, attr, sizeof(*attr));
}

static int err_ret(int err)
{
	errno = err;
	return -err;
}

/*
 * libbpf's OPTS_VALID(): NULL is fine; a struct bigger than ours must be
 * zero past what we know.
 */
static bool opts_valid(const void *opts, size_t known)
{
	const char *p = opts;
	size_t sz, i;

	if (!opts)
		return true;
	sz = *(const size_t *)opts;
	if (sz < sizeof(size_t))
		return false;
	for (i = known; i < sz; i++)
		if (p[i])
			return false;
	return true;
}

/* A field of an opts struct, or 0 when the caller's struct stops short. */
#define OPTS_HAS(opts, field) \
	((opts) && (opts)->sz >= offsetof(typeof(*(opts)), field) + \
				 sizeof((opts)->field))
#define OPTS_GET(opts, field, def) \
	(OPTS_HAS(opts, field) ? (opts)->field : (def))
#define OPTS_SET(opts, field, value) do {				\
	if (OPTS_HAS(opts, field))					\
		(opts)->field = (value);				\
} while (0)
#define OPTS_CHECK(opts, type) do {					\
	if (!opts_valid(opts, sizeof(struct type)))			\
		return err_ret(EINVAL);					\
} while (0)

/*
 * Names go to the kernel as given, up to the field's 16 bytes: a name of
 * 16 characters or more arrives unterminated and is refused (-EINVAL),
 * where libbpf would cut it short.
 */
static void set_name(char *dst, const char *name)
{
	if (name)
		memcpy(dst, name, strnlen(name, KBPF_OBJ_NAME_LEN));
}

int kbpf_map_create(__u32 map_type, const char *map_name, __u32 key_size,
		    __u32 value_size, __u32 max_entries,
		    const struct kbpf_map_create_opts *opts)
{
	union kbpf_attr attr;

	OPTS_CHECK(opts, kbpf_map_create_opts);
	memset(&attr, 0, sizeof(attr));
	attr.map_type = map_type;
	set_name(attr.map_name, map_name);
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	attr.btf_fd = OPTS_GET(opts, btf_fd, 0);
	attr.btf_key_type_id = OPTS_GET(opts, btf_key_type_id, 0);
	attr.btf_value_type_id = OPTS_GET(opts, btf_value_type_id, 0);
	attr.btf_vmlinux_value_type_id =
		OPTS_GET(opts, btf_vmlinux_value_type_id, 0);
	attr.inner_map_fd = OPTS_GET(opts, inner_map_fd, 0);
	attr.map_flags = OPTS_GET(opts, map_flags, 0);
	attr.map_extra = OPTS_GET(opts, map_extra, 0);
	attr.numa_node = OPTS_GET(opts, numa_node, 0);
	attr.map_ifindex = OPTS_GET(opts, map_ifindex, 0);
	attr.value_type_btf_obj_fd = OPTS_GET(opts, value_type_btf_obj_fd, 0);
	attr.map_token_fd = OPTS_GET(opts, token_fd, 0);
	return cmd_ret(KBPF_MAP_CREATE, &attr);
}

static int map_elem(int cmd, int fd, const void *key, const void *value,
		    __u64 flags)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = PTR(key);
	attr.value = PTR(value);
	attr.flags = flags;
	return cmd_ret(cmd, &attr);
}

int kbpf_map_update_elem(int fd, const void *key, const void *value,
			 __u64 flags)
{
	return map_elem(KBPF_MAP_UPDATE_ELEM, fd, key, value, flags);
}

int kbpf_map_lookup_elem(int fd, const void *key, void *value)
{
	return map_elem(KBPF_MAP_LOOKUP_ELEM, fd, key, value, 0);
}

int kbpf_map_lookup_elem_flags(int fd, const void *key, void *value,
			       __u64 flags)
{
	return map_elem(KBPF_MAP_LOOKUP_ELEM, fd, key, value, flags);
}

int kbpf_map_lookup_and_delete_elem(int fd, const void *key, void *value)
{
	return map_elem(KBPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, key, value, 0);
}

int kbpf_map_lookup_and_delete_elem_flags(int fd, const void *key,
					  void *value, __u64 flags)
{
	return map_elem(KBPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, key, value,
			flags);
}

int kbpf_map_delete_elem(int fd, const void *key)
{
	return map_elem(KBPF_MAP_DELETE_ELEM, fd, key, NULL, 0);
}

int kbpf_map_delete_elem_flags(int fd, const void *key, __u64 flags)
{
	return map_elem(KBPF_MAP_DELETE_ELEM, fd, key, NULL, flags);
}

int kbpf_map_get_next_key(int fd, const void *key, void *next_key)
{
	return map_elem(KBPF_MAP_GET_NEXT_KEY, fd, key, next_key, 0);
}

int kbpf_map_freeze(int fd)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	return cmd_ret(KBPF_MAP_FREEZE, &attr);
}

int kbpf_map_batch_cmd(int cmd, int fd, const void *in_batch, void *out_batch,
		       const void *keys, const void *values, __u32 *count,
		       const struct kbpf_map_batch_opts *opts)
{
	union kbpf_attr attr;
	int ret;

	OPTS_CHECK(opts, kbpf_map_batch_opts);
	memset(&attr, 0, sizeof(attr));
	attr.batch.map_fd = fd;
	attr.batch.in_batch = PTR(in_batch);
	attr.batch.out_batch = PTR(out_batch);
	attr.batch.keys = PTR(keys);
	attr.batch.values = PTR(values);
	attr.batch.count = *count;
	attr.batch.elem_flags = OPTS_GET(opts, elem_flags, 0);
	attr.batch.flags = OPTS_GET(opts, flags, 0);
	ret = cmd_ret(cmd, &attr);
	*count = attr.batch.count;
	return ret;
}

int kbpf_map_delete_batch(int fd, const void *keys, __u32 *count,
			  const struct kbpf_map_batch_opts *opts)
{
	return kbpf_map_batch_cmd(KBPF_MAP_DELETE_BATCH, fd, NULL, NULL, keys,
				  NULL, count, opts);
}

int kbpf_map_lookup_batch(int fd, void *in_batch, void *out_batch,
			  void *keys, void *values, __u32 *count,
			  const struct kbpf_map_batch_opts *opts)
{
	return kbpf_map_batch_cmd(KBPF_MAP_LOOKUP_BATCH, fd, in_batch, out_batch,
				  keys, values, count, opts);
}

int kbpf_map_lookup_and_delete_batch(int fd, void *in_batch, void *out_batch,
				     void *keys, void *values, __u32 *count,
				     const struct kbpf_map_batch_opts *opts)
{
	return kbpf_map_batch_cmd(KBPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, in_batch,
				  out_batch, keys, values, count, opts);
}

int kbpf_map_update_batch(int fd, const void *keys, const void *values,
			  __u32 *count,
			  const struct kbpf_map_batch_opts *opts)
{
	return kbpf_map_batch_cmd(KBPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys,
				  values, count, opts);
}

int kbpf_prog_load(__u32 prog_type, const char *prog_name,
		   const char *license, const struct kbpf_insn *insns,
		   size_t insn_cnt, struct kbpf_prog_load_opts *opts)
{
	unsigned int size = sizeof(union kbpf_attr);
	union kbpf_attr attr;
	int ret;

	OPTS_CHECK(opts, kbpf_prog_load_opts);
	if (insn_cnt > UINT32_MAX)
		return err_ret(E2BIG);
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = prog_type;
	set_name(attr.prog_name, prog_name);
	attr.license = PTR(license ? license : "GPL");
	attr.insns = PTR(insns);
	attr.insn_cnt = insn_cnt;
	attr.expected_attach_type = OPTS_GET(opts, expected_attach_type, 0);
	attr.prog_btf_fd = OPTS_GET(opts, prog_btf_fd, 0);
	attr.prog_flags = OPTS_GET(opts, prog_flags, 0);
	attr.prog_ifindex = OPTS_GET(opts, prog_ifindex, 0);
	attr.kern_version = OPTS_GET(opts, kern_version, 0);
	attr.attach_btf_id = OPTS_GET(opts, attach_btf_id, 0);
	if (OPTS_GET(opts, attach_prog_fd, 0))
		attr.attach_prog_fd = opts->attach_prog_fd;
	else
		attr.attach_btf_obj_fd = OPTS_GET(opts, attach_btf_obj_fd, 0);
	attr.fd_array = PTR(OPTS_GET(opts, fd_array, NULL));
	attr.func_info = PTR(OPTS_GET(opts, func_info, NULL));
	attr.func_info_cnt = OPTS_GET(opts, func_info_cnt, 0);
	attr.func_info_rec_size = OPTS_GET(opts, func_info_rec_size, 0);
	attr.line_info = PTR(OPTS_GET(opts, line_info, NULL));
	attr.line_info_cnt = OPTS_GET(opts, line_info_cnt, 0);
	attr.line_info_rec_size = OPTS_GET(opts, line_info_rec_size, 0);
	attr.log_level = OPTS_GET(opts, log_level, 0);
	attr.log_size = OPTS_GET(opts, log_size, 0);
	attr.log_buf = PTR(OPTS_GET(opts, log_buf, NULL));
	attr.log_true_size = OPTS_GET(opts, log_true_size, 0);
	attr.prog_token_fd = OPTS_GET(opts, token_fd, 0);
	if (OPTS_GET(opts, attr_size, 0))
		size = opts->attr_size;
	ret = sys_ret(KBPF_PROG_LOAD, &attr, size);
	OPTS_SET(opts, log_true_size, attr.log_true_size);
	return ret;
}

int kbpf_prog_test_run_opts(int prog_fd, struct kbpf_test_run_opts *opts)
{
	union kbpf_attr attr;
	int ret;

	if (!opts)
		return err_ret(EINVAL);
	OPTS_CHECK(opts, kbpf_test_run_opts);
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = prog_fd;
	attr.test.data_in = PTR(OPTS_GET(opts, data_in, NULL));
	attr.test.data_out = PTR(OPTS_GET(opts, data_out, NULL));
	attr.test.data_size_in = OPTS_GET(opts, data_size_in, 0);
	attr.test.data_size_out = OPTS_GET(opts, data_size_out, 0);
	attr.test.ctx_in = PTR(OPTS_GET(opts, ctx_in, NULL));
	attr.test.ctx_out = PTR(OPTS_GET(opts, ctx_out, NULL));
	attr.test.ctx_size_in = OPTS_GET(opts, ctx_size_in, 0);
	attr.test.ctx_size_out = OPTS_GET(opts, ctx_size_out, 0);
	attr.test.retval = OPTS_GET(opts, retval, 0);
	attr.test.repeat = OPTS_GET(opts, repeat, 0);
	attr.test.flags = OPTS_GET(opts, flags, 0);
	attr.test.cpu = OPTS_GET(opts, cpu, 0);
	attr.test.batch_size = OPTS_GET(opts, batch_size, 0);
	ret = cmd_ret(KBPF_PROG_TEST_RUN, &attr);
	OPTS_SET(opts, data_size_out, attr.test.data_size_out);
	OPTS_SET(opts, ctx_size_out, attr.test.ctx_size_out);
	OPTS_SET(opts, retval, attr.test.retval);
	OPTS_SET(opts, duration, attr.test.duration);
	return ret;
}

static int obj_pin_get(int cmd, int fd, const char *pathname,
		       __u32 file_flags, int path_fd)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = PTR(pathname);
	attr.bpf_fd = fd;
	attr.file_flags = file_flags;
	attr.path_fd = path_fd;
	return cmd_ret(cmd, &attr);
}

int kbpf_obj_pin_opts(int fd, const char *pathname,
		      const struct kbpf_obj_pin_opts *opts)
{
	OPTS_CHECK(opts, kbpf_obj_pin_opts);
	return obj_pin_get(KBPF_OBJ_PIN, fd, pathname,
			   OPTS_GET(opts, file_flags, 0),
			   OPTS_GET(opts, path_fd, 0));
}

int kbpf_obj_pin(int fd, const char *pathname)
{
	return kbpf_obj_pin_opts(fd, pathname, NULL);
}

int kbpf_obj_get_opts(const char *pathname,
		      const struct kbpf_obj_get_opts *opts)
{
	OPTS_CHECK(opts, kbpf_obj_get_opts);
	return obj_pin_get(KBPF_OBJ_GET, 0, pathname,
			   OPTS_GET(opts, file_flags, 0),
			   OPTS_GET(opts, path_fd, 0));
}

int kbpf_obj_get(const char *pathname)
{
	return kbpf_obj_get_opts(pathname, NULL);
}

int kbpf_link_create(int prog_fd, int target_fd, __u32 attach_type,
		     const struct kbpf_link_create_opts *opts)
{
	union kbpf_attr attr;

	OPTS_CHECK(opts, kbpf_link_create_opts);
	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = prog_fd;
	attr.link_create.target_fd = target_fd;
	attr.link_create.attach_type = attach_type;
	attr.link_create.flags = OPTS_GET(opts, flags, 0);
	switch (attach_type) {
	case KBPF_TRACE_KPROBE_MULTI:
	case KBPF_TRACE_KPROBE_SESSION:
		attr.link_create.kprobe_multi.flags =
			OPTS_GET(opts, kprobe_multi.flags, 0);
		attr.link_create.kprobe_multi.cnt =
			OPTS_GET(opts, kprobe_multi.cnt, 0);
		attr.link_create.kprobe_multi.syms =
			PTR(OPTS_GET(opts, kprobe_multi.syms, NULL));
		attr.link_create.kprobe_multi.addrs =
			PTR(OPTS_GET(opts, kprobe_multi.addrs, NULL));
		attr.link_create.kprobe_multi.cookies =
			PTR(OPTS_GET(opts, kprobe_multi.cookies, NULL));
		break;
	case KBPF_TRACE_UPROBE_MULTI:
		attr.link_create.uprobe_multi.flags =
			OPTS_GET(opts, uprobe_multi.flags, 0);
		attr.link_create.uprobe_multi.cnt =
			OPTS_GET(opts, uprobe_multi.cnt, 0);
		attr.link_create.uprobe_multi.path =
			PTR(OPTS_GET(opts, uprobe_multi.path, NULL));
		attr.link_create.uprobe_multi.offsets =
			PTR(OPTS_GET(opts, uprobe_multi.offsets, NULL));
		attr.link_create.uprobe_multi.ref_ctr_offsets =
			PTR(OPTS_GET(opts, uprobe_multi.ref_ctr_offsets, NULL));
		attr.link_create.uprobe_multi.cookies =
			PTR(OPTS_GET(opts, uprobe_multi.cookies, NULL));
		attr.link_create.uprobe_multi.pid =
			OPTS_GET(opts, uprobe_multi.pid, 0);
		break;
	case KBPF_PERF_EVENT:
		attr.link_create.perf_event.bpf_cookie =
			OPTS_GET(opts, perf_event.bpf_cookie, 0);
		break;
	default:
		break;
	}
	return cmd_ret(KBPF_LINK_CREATE, &attr);
}

int kbpf_link_detach(int link_fd)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_detach.link_fd = link_fd;
	return cmd_ret(KBPF_LINK_DETACH, &attr);
}

int kbpf_raw_tracepoint_open_opts(int prog_fd, struct kbpf_raw_tp_opts *opts)
{
	union kbpf_attr attr;

	OPTS_CHECK(opts, kbpf_raw_tp_opts);
	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.prog_fd = prog_fd;
	attr.raw_tracepoint.name = PTR(OPTS_GET(opts, tp_name, NULL));
	attr.raw_tracepoint.cookie = OPTS_GET(opts, cookie, 0);
	return cmd_ret(KBPF_RAW_TRACEPOINT_OPEN, &attr);
}

int kbpf_raw_tracepoint_open(const char *name, int prog_fd)
{
	KBPF_OPTS(kbpf_raw_tp_opts, opts, .tp_name = name);

	return kbpf_raw_tracepoint_open_opts(prog_fd, &opts);
}

int kbpf_perf_event_open(struct perf_event_attr *attr, int pid, int cpu,
			 int group_fd, unsigned long flags)
{
	return kbpf_perf_event_open_on(cur_target, attr, pid, cpu, group_fd,
				       flags);
}

int kbpf_perf_event_open_on(enum kbpf_target target,
			    struct perf_event_attr *attr, int pid, int cpu,
			    int group_fd, unsigned long flags)
{
	struct kbpf_perf_event_open arg = {
		.attr = PTR(attr),
		.pid = pid,
		.cpu = cpu,
		.group_fd = group_fd,
		.flags = flags,
	};
	long ret;
	int dev;

	if (target == KBPF_TARGET_LINUX) {
		ret = syscall(__NR_perf_event_open, attr, pid, cpu, group_fd,
			      flags);
	} else {
		dev = kbpf_dev_fd();
		if (dev < 0) {
			errno = -dev;
			return dev;
		}
		ret = flags > UINT32_MAX ? (errno = EINVAL, -1) :
		      ioctl(dev, KBPF_IOC_PERF_EVENT_OPEN, &arg);
	}
	return ret < 0 ? -errno : ret;
}

int kbpf_tracepoint_id(const char *sys, const char *name)
{
	static const char *const roots[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char path[512];
	unsigned int i;
	int id, n;
	FILE *f;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		snprintf(path, sizeof(path), "%s/events/%s/%s/id", roots[i],
			 sys, name);
		f = fopen(path, "re");
		if (!f)
			continue;
		n = fscanf(f, "%d", &id);
		fclose(f);
		if (n != 1 || id < 0)
			break;
		return id;
	}
	errno = ENOENT;
	return -ENOENT;
}

static int get_next_id(int cmd, __u32 start_id, __u32 *next_id)
{
	union kbpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.start_id = start_id;
	ret = cmd_ret(cmd, &attr);
	if (!ret)
		*next_id = attr.next_id;
	return ret;
}

int kbpf_prog_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(KBPF_PROG_GET_NEXT_ID, start_id, next_id);
}

int kbpf_map_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(KBPF_MAP_GET_NEXT_ID, start_id, next_id);
}

int kbpf_link_get_next_id(__u32 start_id, __u32 *next_id)
{
	return get_next_id(KBPF_LINK_GET_NEXT_ID, start_id, next_id);
}

static int get_fd_by_id(int cmd, __u32 id,
			const struct kbpf_get_fd_by_id_opts *opts)
{
	union kbpf_attr attr;

	OPTS_CHECK(opts, kbpf_get_fd_by_id_opts);
	memset(&attr, 0, sizeof(attr));
	attr.start_id = id;
	attr.open_flags = OPTS_GET(opts, open_flags, 0);
	return cmd_ret(cmd, &attr);
}

int kbpf_prog_get_fd_by_id_opts(__u32 id,
				const struct kbpf_get_fd_by_id_opts *opts)
{
	return get_fd_by_id(KBPF_PROG_GET_FD_BY_ID, id, opts);
}

int kbpf_prog_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(KBPF_PROG_GET_FD_BY_ID, id, NULL);
}

int kbpf_map_get_fd_by_id_opts(__u32 id,
			       const struct kbpf_get_fd_by_id_opts *opts)
{
	return get_fd_by_id(KBPF_MAP_GET_FD_BY_ID, id, opts);
}

int kbpf_map_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(KBPF_MAP_GET_FD_BY_ID, id, NULL);
}

int kbpf_link_get_fd_by_id_opts(__u32 id,
				const struct kbpf_get_fd_by_id_opts *opts)
{
	return get_fd_by_id(KBPF_LINK_GET_FD_BY_ID, id, opts);
}

int kbpf_link_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(KBPF_LINK_GET_FD_BY_ID, id, NULL);
}

int kbpf_obj_get_info_by_fd(int fd, void *info, __u32 *info_len)
{
	union kbpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = *info_len;
	attr.info.info = PTR(info);
	ret = cmd_ret(KBPF_OBJ_GET_INFO_BY_FD, &attr);
	if (!ret)
		*info_len = attr.info.info_len;
	return ret;
}

int kbpf_prog_get_info_by_fd(int fd, struct kbpf_prog_info *info,
			     __u32 *info_len)
{
	return kbpf_obj_get_info_by_fd(fd, info, info_len);
}

int kbpf_map_get_info_by_fd(int fd, struct kbpf_map_info *info,
			    __u32 *info_len)
{
	return kbpf_obj_get_info_by_fd(fd, info, info_len);
}

int kbpf_link_get_info_by_fd(int fd, struct kbpf_link_info *info,
			     __u32 *info_len)
{
	return kbpf_obj_get_info_by_fd(fd, info, info_len);
}

int kbpf_enable_stats(__u32 type)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.enable_stats.type = type;
	return cmd_ret(KBPF_ENABLE_STATS, &attr);
}

int kbpf_btf_load(const void *btf_data, size_t btf_size,
		  struct kbpf_btf_load_opts *opts)
{
	union kbpf_attr attr;
	int ret;

	OPTS_CHECK(opts, kbpf_btf_load_opts);
	if (btf_size > UINT32_MAX)
		return err_ret(E2BIG);
	memset(&attr, 0, sizeof(attr));
	attr.btf = PTR(btf_data);
	attr.btf_size = btf_size;
	attr.btf_log_buf = PTR(OPTS_GET(opts, log_buf, NULL));
	attr.btf_log_size = OPTS_GET(opts, log_size, 0);
	attr.btf_log_level = OPTS_GET(opts, log_level, 0);
	attr.btf_flags = OPTS_GET(opts, btf_flags, 0);
	attr.btf_token_fd = OPTS_GET(opts, token_fd, 0);
	ret = cmd_ret(KBPF_BTF_LOAD, &attr);
	OPTS_SET(opts, log_true_size, attr.btf_log_true_size);
	return ret;
}

int kbpf_num_possible_cpus(void)
{
	static int cached;
	char buf[256], *p, *end;
	long lo, hi, n = 0;
	FILE *f;

	if (__atomic_load_n(&cached, __ATOMIC_RELAXED))
		return cached;
	f = fopen("/sys/devices/system/cpu/possible", "re");
	if (!f)
		return -errno;
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	if (!p)
		return err_ret(EINVAL);
	/* A list of ranges: "0-3", "0,2-5,7". */
	while (*p && *p != '\n') {
		lo = strtol(p, &end, 10);
		if (end == p)
			return err_ret(EINVAL);
		hi = lo;
		if (*end == '-') {
			p = end + 1;
			hi = strtol(p, &end, 10);
			if (end == p || hi < lo)
				return err_ret(EINVAL);
		}
		n += hi - lo + 1;
		p = *end == ',' ? end + 1 : end;
	}
	if (n <= 0)
		return err_ret(EINVAL);
	__atomic_store_n(&cached, (int)n, __ATOMIC_RELAXED);
	return n;
}
