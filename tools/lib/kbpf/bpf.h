/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libkbpf's low-level API: one function per bpf(2) command, shaped like
 * libbpf's tools/lib/bpf/bpf.h with every name in the kbpf_ namespace
 * (bpf_map_create() is kbpf_map_create(), struct bpf_test_run_opts is
 * struct kbpf_test_run_opts), so a program can link libkbpf and libbpf
 * together.
 *
 * Every call goes to the target chosen at run time: kbpf (an ioctl on
 * /dev/kbpf, the default) or Linux's own bpf(2). kbpf's ABI is Linux's,
 * so the same attr means the same thing on both.
 *
 * Return values are libbpf 1.0's: a new fd or 0 on success; on failure a
 * negative errno, with errno set as well. kbpf_sys() is the raw command
 * and returns as bpf(2) does: -1 with errno.
 *
 * Options structs start with their size (sz, set by KBPF_OPTS()); fields
 * are added at the end only, and a caller's struct that is bigger than
 * the library's must have only zeros past the part the library knows
 * (else -EINVAL), as libbpf's OPTS_VALID().
 */
#ifndef KBPF_LIB_BPF_H
#define KBPF_LIB_BPF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <linux/types.h>
#include <uapi/linux/kbpf.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Declare and zero an options struct, its sz set: as LIBBPF_OPTS(). */
#define KBPF_OPTS(type, name, ...)					\
	struct type name = ({						\
		memset(&name, 0, sizeof(struct type));			\
		(struct type){						\
			.sz = sizeof(struct type),			\
			__VA_ARGS__					\
		};							\
	})

/* The target switch. The mask values let tests say where they run. */
enum kbpf_target {
	KBPF_TARGET_KBPF	= 1 << 0,	/* ioctl on /dev/kbpf */
	KBPF_TARGET_LINUX	= 1 << 1,	/* Linux's bpf(2) */
};

/* Where the following calls go (per process); 0 or -EINVAL. */
int kbpf_set_target(enum kbpf_target target);
enum kbpf_target kbpf_get_target(void);
/*
 * The target by name: "kbpf" or "linux"; NULL or "" keep the current
 * one. 0 or -EINVAL. Tools pass getenv("KBPF_TEST_TARGET").
 */
int kbpf_set_target_name(const char *name);
const char *kbpf_target_name(enum kbpf_target target);
/*
 * What every tool does first: the target named by $KBPF_TEST_TARGET
 * (unset: kbpf), and on kbpf /dev/kbpf opened. 0, or a negative errno
 * (-EINVAL: an unknown name; or why /dev/kbpf did not open).
 */
int kbpf_set_target_env(void);
static inline bool kbpf_target_linux(void)
{
	return kbpf_get_target() == KBPF_TARGET_LINUX;
}
/*
 * The fd of /dev/kbpf the library uses, opened on first use (kept for the
 * life of the process: open it before dropping capabilities, since kbpf
 * checks them per command); a negative errno if it cannot be opened.
 */
int kbpf_dev_fd(void);
/*
 * Close that fd (the next call opens /dev/kbpf again): it holds the
 * module. Not while another thread may use it.
 */
void kbpf_dev_close(void);
/* Which target made @fd (a map, program or link fd); -EINVAL if none. */
int kbpf_fd_target(int fd);
/* The pin fs of @target: /sys/fs/kbpf (type "kbpf") or /sys/fs/bpf ("bpf"). */
const char *kbpf_pin_dir(enum kbpf_target target);
const char *kbpf_pin_fs_type(enum kbpf_target target);

/* The raw command on the current target, or on @target: as bpf(2). */
long kbpf_sys(int cmd, union kbpf_attr *attr, unsigned int size);
long kbpf_sys_on(enum kbpf_target target, int cmd, union kbpf_attr *attr,
		 unsigned int size);

/* Maps */
struct kbpf_map_create_opts {
	size_t sz;
	__u32 btf_fd;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	__u32 btf_vmlinux_value_type_id;
	__u32 inner_map_fd;
	__u32 map_flags;
	__u64 map_extra;
	__u32 numa_node;
	__u32 map_ifindex;
	__s32 value_type_btf_obj_fd;
	__u32 token_fd;
	size_t :0;
};

int kbpf_map_create(__u32 map_type, const char *map_name, __u32 key_size,
		    __u32 value_size, __u32 max_entries,
		    const struct kbpf_map_create_opts *opts);
int kbpf_map_update_elem(int fd, const void *key, const void *value,
			 __u64 flags);
int kbpf_map_lookup_elem(int fd, const void *key, void *value);
int kbpf_map_lookup_elem_flags(int fd, const void *key, void *value,
			       __u64 flags);
int kbpf_map_lookup_and_delete_elem(int fd, const void *key, void *value);
int kbpf_map_lookup_and_delete_elem_flags(int fd, const void *key,
					  void *value, __u64 flags);
int kbpf_map_delete_elem(int fd, const void *key);
int kbpf_map_delete_elem_flags(int fd, const void *key, __u64 flags);
int kbpf_map_get_next_key(int fd, const void *key, void *next_key);
int kbpf_map_freeze(int fd);

struct kbpf_map_batch_opts {
	size_t sz;
	__u64 elem_flags;
	__u64 flags;
	size_t :0;
};

/*
 * The batch commands. *count goes in as batch.count and always comes
 * back as the kernel left it, success or not.
 */
int kbpf_map_delete_batch(int fd, const void *keys, __u32 *count,
			  const struct kbpf_map_batch_opts *opts);
int kbpf_map_lookup_batch(int fd, void *in_batch, void *out_batch,
			  void *keys, void *values, __u32 *count,
			  const struct kbpf_map_batch_opts *opts);
int kbpf_map_lookup_and_delete_batch(int fd, void *in_batch, void *out_batch,
				     void *keys, void *values, __u32 *count,
				     const struct kbpf_map_batch_opts *opts);
int kbpf_map_update_batch(int fd, const void *keys, const void *values,
			  __u32 *count,
			  const struct kbpf_map_batch_opts *opts);
/* Any of the four batch commands (@cmd), every attr field given. */
int kbpf_map_batch_cmd(int cmd, int fd, const void *in_batch, void *out_batch,
		       const void *keys, const void *values, __u32 *count,
		       const struct kbpf_map_batch_opts *opts);

/* Programs */
struct kbpf_prog_load_opts {
	size_t sz;
	int attempts;			/* unused: one attempt */
	__u32 expected_attach_type;
	__u32 prog_btf_fd;
	__u32 prog_flags;
	__u32 prog_ifindex;
	__u32 kern_version;
	__u32 attach_btf_id;
	__u32 attach_prog_fd;
	__u32 attach_btf_obj_fd;
	const int *fd_array;
	const void *func_info;
	__u32 func_info_cnt;
	__u32 func_info_rec_size;
	const void *line_info;
	__u32 line_info_cnt;
	__u32 line_info_rec_size;
	__u32 log_level;
	__u32 log_size;
	char *log_buf;
	/* in: log_true_size as passed in the attr; out: as the kernel set it */
	__u32 log_true_size;
	__u32 token_fd;
	/* kbpf: bytes of union kbpf_attr passed (0: all of it) */
	__u32 attr_size;
	size_t :0;
};

/*
 * @license NULL: "GPL". @prog_name (and kbpf_map_create()'s @map_name)
 * goes to the kernel as given, up to 16 bytes: a name that long arrives
 * unterminated and the kernel refuses it, where libbpf cuts it short.
 */
int kbpf_prog_load(__u32 prog_type, const char *prog_name,
		   const char *license, const struct kbpf_insn *insns,
		   size_t insn_cnt, struct kbpf_prog_load_opts *opts);

struct kbpf_test_run_opts {
	size_t sz;
	const void *data_in;
	void *data_out;
	__u32 data_size_in;
	__u32 data_size_out;	/* in: room in data_out; out: bytes written */
	const void *ctx_in;
	void *ctx_out;
	__u32 ctx_size_in;
	__u32 ctx_size_out;	/* in: room in ctx_out; out: bytes written */
	__u32 retval;		/* out: the program's return value */
	int repeat;
	__u32 duration;		/* out: ns per repetition */
	__u32 flags;
	__u32 cpu;
	__u32 batch_size;
	size_t :0;
};

/* PROG_TEST_RUN; the out fields are set whatever the result. */
int kbpf_prog_test_run_opts(int prog_fd, struct kbpf_test_run_opts *opts);

/* Pinning */
struct kbpf_obj_pin_opts {
	size_t sz;
	__u32 file_flags;
	int path_fd;		/* with KBPF_F_PATH_FD */
	size_t :0;
};

struct kbpf_obj_get_opts {
	size_t sz;
	__u32 file_flags;
	int path_fd;		/* with KBPF_F_PATH_FD */
	size_t :0;
};

int kbpf_obj_pin(int fd, const char *pathname);
int kbpf_obj_pin_opts(int fd, const char *pathname,
		      const struct kbpf_obj_pin_opts *opts);
int kbpf_obj_get(const char *pathname);
int kbpf_obj_get_opts(const char *pathname,
		      const struct kbpf_obj_get_opts *opts);

/* Links */
struct kbpf_link_create_opts {
	size_t sz;
	__u32 flags;
	union {
		struct {
			__u32 flags;
			__u32 cnt;
			const char **syms;
			const unsigned long *addrs;
			const __u64 *cookies;
		} kprobe_multi;
		struct {
			__u32 flags;
			__u32 cnt;
			const char *path;
			const unsigned long *offsets;
			const unsigned long *ref_ctr_offsets;
			const __u64 *cookies;
			__u32 pid;
		} uprobe_multi;
		struct {
			__u64 bpf_cookie;
		} perf_event;
	};
	size_t :0;
};

/*
 * LINK_CREATE. kbpf has kprobe_multi and uprobe_multi links (@target_fd
 * 0, @attach_type KBPF_TRACE_KPROBE_MULTI or KBPF_TRACE_UPROBE_MULTI),
 * and perf_event links (@target_fd a perf event fd from
 * kbpf_perf_event_open(), @attach_type KBPF_PERF_EVENT).
 */
int kbpf_link_create(int prog_fd, int target_fd, __u32 attach_type,
		     const struct kbpf_link_create_opts *opts);
int kbpf_link_detach(int link_fd);

/*
 * RAW_TRACEPOINT_OPEN, as libbpf's bpf_raw_tracepoint_open_opts(): a
 * RAW_TRACEPOINT program on the tracepoint @tp_name; returns a link fd.
 */
struct kbpf_raw_tp_opts {
	size_t sz;
	const char *tp_name;
	__u64 cookie;
	size_t :0;
};

int kbpf_raw_tracepoint_open_opts(int prog_fd, struct kbpf_raw_tp_opts *opts);
int kbpf_raw_tracepoint_open(const char *name, int prog_fd);

/*
 * perf_event_open(2) on the target: Linux's system call, or on kbpf its
 * own events (KBPF_IOC_PERF_EVENT_OPEN: the tracepoint PMU, counting
 * only). Returns the event's fd, for PERF_EVENT_IOC_SET_BPF and
 * perf_event links.
 */
struct perf_event_attr;
int kbpf_perf_event_open(struct perf_event_attr *attr, int pid, int cpu,
			 int group_fd, unsigned long flags);
/* The same on @target whatever the current one (as kbpf_sys_on()). */
int kbpf_perf_event_open_on(enum kbpf_target target,
			    struct perf_event_attr *attr, int pid, int cpu,
			    int group_fd, unsigned long flags);
/* The ID tracefs gives tracepoint @sys/@name (events/<sys>/<name>/id). */
int kbpf_tracepoint_id(const char *sys, const char *name);

/* IDs and info */
struct kbpf_get_fd_by_id_opts {
	size_t sz;
	__u32 open_flags;
	size_t :0;
};

int kbpf_prog_get_next_id(__u32 start_id, __u32 *next_id);
int kbpf_map_get_next_id(__u32 start_id, __u32 *next_id);
int kbpf_link_get_next_id(__u32 start_id, __u32 *next_id);
int kbpf_prog_get_fd_by_id(__u32 id);
int kbpf_prog_get_fd_by_id_opts(__u32 id,
				const struct kbpf_get_fd_by_id_opts *opts);
int kbpf_map_get_fd_by_id(__u32 id);
int kbpf_map_get_fd_by_id_opts(__u32 id,
			       const struct kbpf_get_fd_by_id_opts *opts);
int kbpf_link_get_fd_by_id(__u32 id);
int kbpf_link_get_fd_by_id_opts(__u32 id,
				const struct kbpf_get_fd_by_id_opts *opts);
/* OBJ_GET_INFO_BY_FD; *info_len in: room, out: what the kernel wrote. */
int kbpf_obj_get_info_by_fd(int fd, void *info, __u32 *info_len);
int kbpf_prog_get_info_by_fd(int fd, struct kbpf_prog_info *info,
			     __u32 *info_len);
int kbpf_map_get_info_by_fd(int fd, struct kbpf_map_info *info,
			    __u32 *info_len);
int kbpf_link_get_info_by_fd(int fd, struct kbpf_link_info *info,
			     __u32 *info_len);
/* ENABLE_STATS: the fd that keeps the statistics on. */
int kbpf_enable_stats(__u32 type);

/* BTF (Linux's: kbpf answers -EOPNOTSUPP) */
struct kbpf_btf_load_opts {
	size_t sz;
	char *log_buf;
	__u32 log_level;
	__u32 log_size;
	__u32 log_true_size;	/* out */
	__u32 btf_flags;
	__u32 token_fd;
	size_t :0;
};

int kbpf_btf_load(const void *btf_data, size_t btf_size,
		  struct kbpf_btf_load_opts *opts);

/* The number of possible CPUs (per-CPU values have one slot each). */
int kbpf_num_possible_cpus(void);

#ifdef __cplusplus
}
#endif

#endif /* KBPF_LIB_BPF_H */
