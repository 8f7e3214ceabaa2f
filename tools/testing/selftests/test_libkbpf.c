// SPDX-License-Identifier: GPL-2.0
/*
 * libkbpf's own tests (tools/lib/kbpf): every function once with a
 * success and once with an error, on both targets. Returns are libbpf
 * 1.0's: a negative errno with errno set, which ASSERT_ERRNO() accepts.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include "kbpf_prog.h"

/* r0 = 0; exit */
static const struct kbpf_insn ret0[] = {
	KBPF_RET_IMM(0),
};

static int array_map(void)
{
	return ASSERT_OK(kbpf_map_create(KBPF_MAP_TYPE_ARRAY, "lib_array", 4,
					 8, 4, NULL));
}

static int hash_map(void)
{
	return ASSERT_OK(kbpf_map_create(KBPF_MAP_TYPE_HASH, "lib_hash", 4,
					 8, 8, NULL));
}

TEST(libkbpf_target)
{
	enum kbpf_target t = kbpf_get_target();
	int devnull;

	ASSERT_EQ(kbpf_target_linux(), t == KBPF_TARGET_LINUX);
	ASSERT_STREQ(kbpf_target_name(t), kbpf_target_linux() ? "linux" :
								 "kbpf");
	ASSERT_OK(kbpf_set_target(t));
	ASSERT_ERRNO(kbpf_set_target(0), EINVAL);
	ASSERT_ERRNO(kbpf_set_target(KBPF_TARGET_KBPF | KBPF_TARGET_LINUX),
		     EINVAL);
	ASSERT_TRUE(kbpf_target_name(0) == NULL);
	ASSERT_OK(kbpf_set_target_name(NULL));
	ASSERT_OK(kbpf_set_target_name(""));
	ASSERT_EQ(kbpf_get_target(), t);
	ASSERT_ERRNO(kbpf_set_target_name("bsd"), EINVAL);
	ASSERT_OK(kbpf_set_target_name(kbpf_target_name(t)));
	ASSERT_EQ(kbpf_get_target(), t);
	ASSERT_OK(setenv("KBPF_TEST_TARGET", "bsd", 1));
	ASSERT_ERRNO(kbpf_set_target_env(), EINVAL);
	ASSERT_OK(setenv("KBPF_TEST_TARGET", kbpf_target_name(t), 1));
	ASSERT_OK(kbpf_set_target_env());
	ASSERT_EQ(kbpf_get_target(), t);
	ASSERT_STREQ(kbpf_pin_dir(KBPF_TARGET_KBPF), "/sys/fs/kbpf");
	ASSERT_STREQ(kbpf_pin_dir(KBPF_TARGET_LINUX), "/sys/fs/bpf");
	ASSERT_STREQ(kbpf_pin_fs_type(KBPF_TARGET_KBPF), "kbpf");
	ASSERT_STREQ(kbpf_pin_fs_type(KBPF_TARGET_LINUX), "bpf");

	/* Which side made an fd; not a BPF object: -EINVAL. */
	ASSERT_EQ(kbpf_fd_target(array_map()), t);
	devnull = ASSERT_OK(open("/dev/null", O_RDONLY | O_CLOEXEC));
	ASSERT_ERRNO(kbpf_fd_target(devnull), EINVAL);
	ASSERT_ERRNO(kbpf_fd_target(-1), ENOENT);
}

TEST(libkbpf_dev_fd)
{
	int fd = ASSERT_OK(kbpf_dev_fd());

	ASSERT_EQ(kbpf_dev_fd(), fd);
	ASSERT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	kbpf_dev_close();
	ASSERT_ERRNO(fcntl(fd, F_GETFD), EBADF);
	/* Opened again on use. */
	ASSERT_OK(kbpf_sys_on(KBPF_TARGET_KBPF, KBPF_MAP_CREATE,
			      &(union kbpf_attr){ .map_type = 2, .key_size = 4,
						  .value_size = 4,
						  .max_entries = 1 },
			      sizeof(union kbpf_attr)));
	ASSERT_OK(kbpf_dev_fd());
}

TEST(libkbpf_sys)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = KBPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	ASSERT_OK(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)));
	ASSERT_OK(kbpf_sys_on(kbpf_get_target(), KBPF_MAP_CREATE, &attr,
			      sizeof(attr)));
	/* bpf(2)'s convention: -1 with errno. */
	ASSERT_EQ(kbpf_sys(999, &attr, sizeof(attr)), -1);
	ASSERT_EQ(errno, EINVAL);
	ASSERT_ERRNO(kbpf_sys_on(kbpf_get_target(), 999, &attr, sizeof(attr)),
		     EINVAL);
}

TEST(libkbpf_map_create)
{
	KBPF_OPTS(kbpf_map_create_opts, opts, .map_flags = KBPF_F_RDONLY_PROG);
	struct kbpf_map_info info;
	__u32 len = sizeof(info);
	struct {
		struct kbpf_map_create_opts o;
		long tail;
	} big = { .o = { .sz = sizeof(big) }, .tail = 1 };
	int fd;

	fd = ASSERT_OK(kbpf_map_create(KBPF_MAP_TYPE_ARRAY, "named", 4, 8, 2,
				       &opts));
	memset(&info, 0, sizeof(info));
	ASSERT_OK(kbpf_map_get_info_by_fd(fd, &info, &len));
	ASSERT_STREQ(info.name, "named");
	ASSERT_EQ(info.map_flags, KBPF_F_RDONLY_PROG);
	ASSERT_EQ(info.max_entries, 2);
	ASSERT_ERRNO(kbpf_map_create(KBPF_MAP_TYPE_ARRAY, NULL, 4, 0, 2, NULL),
		     EINVAL);
	/* A name the field cannot hold with its NUL: the kernel refuses. */
	ASSERT_ERRNO(kbpf_map_create(KBPF_MAP_TYPE_ARRAY, "0123456789abcdef",
				     4, 8, 2, NULL), EINVAL);
	/* Options bigger than libkbpf knows, non-zero past them. */
	ASSERT_ERRNO(kbpf_map_create(KBPF_MAP_TYPE_ARRAY, NULL, 4, 8, 2,
				     &big.o), EINVAL);
	big.tail = 0;
	ASSERT_OK(kbpf_map_create(KBPF_MAP_TYPE_ARRAY, NULL, 4, 8, 2, &big.o));
}

TEST(libkbpf_map_elem)
{
	int fd = hash_map(), arr = array_map();
	__u32 key = 1, next;
	__u64 val = 7, out = 0;

	ASSERT_OK(kbpf_map_update_elem(fd, &key, &val, KBPF_NOEXIST));
	ASSERT_ERRNO(kbpf_map_update_elem(fd, &key, &val, KBPF_NOEXIST),
		     EEXIST);
	ASSERT_OK(kbpf_map_lookup_elem(fd, &key, &out));
	ASSERT_EQ(out, 7);
	ASSERT_OK(kbpf_map_lookup_elem_flags(fd, &key, &out, 0));
	ASSERT_ERRNO(kbpf_map_lookup_elem_flags(fd, &key, &out, 1ULL << 40),
		     EINVAL);
	ASSERT_OK(kbpf_map_get_next_key(fd, NULL, &next));
	ASSERT_EQ(next, 1);
	ASSERT_ERRNO(kbpf_map_get_next_key(fd, &key, &next), ENOENT);
	ASSERT_OK(kbpf_map_lookup_and_delete_elem(fd, &key, &out));
	ASSERT_ERRNO(kbpf_map_lookup_elem(fd, &key, &out), ENOENT);
	ASSERT_ERRNO(kbpf_map_lookup_and_delete_elem(fd, &key, &out), ENOENT);
	ASSERT_OK(kbpf_map_update_elem(fd, &key, &val, KBPF_ANY));
	ASSERT_OK(kbpf_map_lookup_and_delete_elem_flags(fd, &key, &out, 0));
	ASSERT_ERRNO(kbpf_map_lookup_and_delete_elem_flags(fd, &key, &out, 0),
		     ENOENT);
	ASSERT_OK(kbpf_map_update_elem(fd, &key, &val, KBPF_ANY));
	ASSERT_OK(kbpf_map_delete_elem(fd, &key));
	ASSERT_ERRNO(kbpf_map_delete_elem(fd, &key), ENOENT);
	ASSERT_OK(kbpf_map_update_elem(fd, &key, &val, KBPF_ANY));
	ASSERT_OK(kbpf_map_delete_elem_flags(fd, &key, 0));
	ASSERT_ERRNO(kbpf_map_delete_elem_flags(fd, &key, 0), ENOENT);
	/* Arrays: no delete; frozen, no update from user space. */
	ASSERT_ERRNO(kbpf_map_delete_elem(arr, &key), EINVAL);
	ASSERT_OK(kbpf_map_freeze(arr));
	ASSERT_ERRNO(kbpf_map_update_elem(arr, &key, &val, 0), EPERM);
	ASSERT_ERRNO(kbpf_map_freeze(-1), EBADF);
}

TEST(libkbpf_map_batch)
{
	__u32 keys[4] = { 1, 2, 3, 4 }, okeys[8], count = 4, out, in = 0;
	__u32 total = 0;
	__u64 vals[4] = { 10, 20, 30, 40 }, ovals[8];
	KBPF_OPTS(kbpf_map_batch_opts, opts);
	int fd = hash_map(), err;

	ASSERT_OK(kbpf_map_update_batch(fd, keys, vals, &count, &opts));
	ASSERT_EQ(count, 4);
	count = 4;
	ASSERT_ERRNO(kbpf_map_update_batch(-1, keys, vals, &count, NULL),
		     EBADF);
	count = 8;
	/* All of it in one call: ENOENT with every element. */
	ASSERT_ERRNO(kbpf_map_lookup_batch(fd, NULL, &out, okeys, ovals,
					   &count, NULL), ENOENT);
	ASSERT_EQ(count, 4);
	count = 2;
	/*
	 * A hash map's batch holds whole buckets: with the map's random
	 * hash seed the first bucket has 1, 2 or more of the keys, so 1 or
	 * 2 come back, or ENOSPC when it holds more than 2 (on Linux as on
	 * kbpf).
	 */
	err = kbpf_map_lookup_batch(fd, NULL, &out, okeys, ovals, &count,
				    NULL);
	if (err != -ENOSPC) {
		ASSERT_OK(err);
		if (count < 1 || count > 2)
			FAIL("lookup batch of 2 gave %u elements", count);
	}
	count = 2;
	ASSERT_OK(kbpf_map_delete_batch(fd, keys, &count, NULL));
	ASSERT_EQ(count, 2);
	count = 1;
	ASSERT_ERRNO(kbpf_map_delete_batch(fd, keys, &count, NULL), ENOENT);
	ASSERT_EQ(count, 0);
	/* The two left, in as many calls as it takes. */
	do {
		count = 8;
		err = kbpf_map_lookup_and_delete_batch(fd, total ? &in : NULL,
						       &out, okeys, ovals,
						       &count, NULL);
		total += count;
		in = out;
	} while (!err && count);
	ASSERT_EQ(err, -ENOENT);
	ASSERT_EQ(total, 2);
	count = 8;
	ASSERT_ERRNO(kbpf_map_lookup_and_delete_batch(fd, NULL, &out, okeys,
						      ovals, &count, NULL),
		     ENOENT);
	ASSERT_EQ(count, 0);
	count = 1;
	ASSERT_OK(kbpf_map_batch_cmd(KBPF_MAP_UPDATE_BATCH, fd, NULL, NULL,
				     keys, vals, &count, NULL));
	opts.elem_flags = 1ULL << 40;
	ASSERT_ERRNO(kbpf_map_batch_cmd(KBPF_MAP_UPDATE_BATCH, fd, NULL, NULL,
					keys, vals, &count, &opts), EINVAL);
}

TEST(libkbpf_prog_load_and_run)
{
	static const struct kbpf_insn ret7[] = { KBPF_RET_IMM(7) };
	char log[256] = "";
	KBPF_OPTS(kbpf_prog_load_opts, opts, .prog_flags = KBPF_F_SLEEPABLE,
		  .log_buf = log, .log_size = sizeof(log), .log_level = 1);
	KBPF_OPTS(kbpf_test_run_opts, run);
	struct kbpf_prog_info info;
	__u32 len = sizeof(info);
	int fd;

	fd = ASSERT_OK(kbpf_prog_load(KBPF_PROG_TYPE_SYSCALL, "lib_ret7", NULL,
				      ret7, ARRAY_SIZE(ret7), &opts));
	ASSERT_GT(opts.log_true_size, 0);
	ASSERT_OK(kbpf_prog_test_run_opts(fd, &run));
	ASSERT_EQ(run.retval, 7);
	memset(&info, 0, sizeof(info));
	ASSERT_OK(kbpf_prog_get_info_by_fd(fd, &info, &len));
	ASSERT_STREQ(info.name, "lib_ret7");
	ASSERT_ERRNO(kbpf_prog_get_info_by_fd(-1, &info, &len), EBADFD);
	/* SYSCALL programs must be sleepable. */
	ASSERT_ERRNO(kbpf_prog_load(KBPF_PROG_TYPE_SYSCALL, NULL, NULL, ret7,
				    ARRAY_SIZE(ret7), NULL), EINVAL);
	run.repeat = 2;
	ASSERT_ERRNO(kbpf_prog_test_run_opts(fd, &run), EINVAL);
	ASSERT_ERRNO(kbpf_prog_test_run_opts(fd, NULL), EINVAL);
}

TEST(libkbpf_obj_pin_get)
{
	KBPF_OPTS(kbpf_obj_get_opts, gopts, .file_flags = KBPF_F_RDONLY);
	KBPF_OPTS(kbpf_obj_pin_opts, popts);
	char path[128], path2[160];
	int fd = array_map(), got;
	struct kbpf_map_info info;
	__u32 len = sizeof(info);

	snprintf(path, sizeof(path), "%s/libkbpf_%d", kbpf_pin_root(),
		 getpid());
	snprintf(path2, sizeof(path2), "%s_opts", path);
	ASSERT_OK(kbpf_obj_pin(fd, path));
	ASSERT_ERRNO(kbpf_obj_pin(fd, path), EEXIST);
	ASSERT_OK(kbpf_obj_pin_opts(fd, path2, &popts));
	ASSERT_ERRNO(kbpf_obj_pin_opts(fd, path2, &popts), EEXIST);
	got = ASSERT_OK(kbpf_obj_get(path));
	memset(&info, 0, sizeof(info));
	ASSERT_OK(kbpf_map_get_info_by_fd(got, &info, &len));
	ASSERT_EQ(info.max_entries, 4);
	ASSERT_OK(kbpf_obj_get_opts(path2, &gopts));
	ASSERT_OK(unlink(path));
	ASSERT_OK(unlink(path2));
	ASSERT_ERRNO(kbpf_obj_get(path), ENOENT);
	ASSERT_ERRNO(kbpf_obj_get_opts(path2, &gopts), ENOENT);
}

TEST(libkbpf_link)
{
	static const char *syms[] = { "__x64_sys_getppid" };
	KBPF_OPTS(kbpf_prog_load_opts, popts,
		  .expected_attach_type = KBPF_TRACE_KPROBE_MULTI);
	KBPF_OPTS(kbpf_link_create_opts, opts, .kprobe_multi.syms = syms,
		  .kprobe_multi.cnt = 1);
	struct kbpf_link_info info;
	__u32 len = sizeof(info), id;
	int prog, link;

	prog = ASSERT_OK(kbpf_prog_load(KBPF_PROG_TYPE_KPROBE, NULL, NULL,
					ret0, ARRAY_SIZE(ret0), &popts));
	link = kbpf_link_create(prog, 0, KBPF_TRACE_KPROBE_MULTI, &opts);
	if (link == -EOPNOTSUPP || link == -ESRCH)
		SKIP("no kprobe_multi on this kernel");
	ASSERT_OK(link);
	memset(&info, 0, sizeof(info));
	ASSERT_OK(kbpf_link_get_info_by_fd(link, &info, &len));
	ASSERT_EQ(info.type, KBPF_LINK_TYPE_KPROBE_MULTI);
	ASSERT_ERRNO(kbpf_link_get_info_by_fd(-1, &info, &len), EBADFD);
	/* IDs: this link's is one of them. */
	ASSERT_OK(kbpf_link_get_next_id(info.id - 1, &id));
	ASSERT_EQ(id, info.id);
	ASSERT_OK(close(ASSERT_OK(kbpf_link_get_fd_by_id(id))));
	ASSERT_OK(close(ASSERT_OK(kbpf_link_get_fd_by_id_opts(id, NULL))));
	ASSERT_ERRNO(kbpf_link_get_fd_by_id(0), ENOENT);
	/* Linux 6.12's kprobe_multi links have no detach (so kbpf's). */
	ASSERT_ERRNO(kbpf_link_detach(link), EOPNOTSUPP);
	ASSERT_ERRNO(kbpf_link_detach(prog), EINVAL);
	ASSERT_ERRNO(kbpf_link_create(-1, 0, KBPF_TRACE_KPROBE_MULTI, &opts),
		     EBADF);
}

/* A tracepoint perf event and a perf_event link with a cookie. */
TEST(libkbpf_perf_event)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
	};
	KBPF_OPTS(kbpf_link_create_opts, opts, .perf_event.bpf_cookie = 7);
	struct kbpf_link_info info;
	__u32 len = sizeof(info);
	int id, prog, pfd, link;

	ASSERT_ERRNO(kbpf_tracepoint_id("no_such_system", "none"), ENOENT);
	id = kbpf_tracepoint_id("signal", "signal_generate");
	if (id == -ENOENT)
		SKIP("no tracefs");
	attr.config = ASSERT_OK(id);
	pfd = ASSERT_OK(kbpf_perf_event_open(&attr, -1, 0, -1,
					     PERF_FLAG_FD_CLOEXEC));
	ASSERT_ERRNO(kbpf_perf_event_open(&attr, -1, -1, -1, 0), EINVAL);
	prog = ASSERT_OK(kbpf_prog_load(KBPF_PROG_TYPE_TRACEPOINT, NULL, NULL,
					ret0, ARRAY_SIZE(ret0), NULL));
	link = ASSERT_OK(kbpf_link_create(prog, pfd, KBPF_PERF_EVENT, &opts));
	memset(&info, 0, sizeof(info));
	ASSERT_OK(kbpf_link_get_info_by_fd(link, &info, &len));
	ASSERT_EQ(info.type, KBPF_LINK_TYPE_PERF_EVENT);
	ASSERT_EQ(info.perf_event.tracepoint.cookie, 7);
	close(link);
	close(prog);
	close(pfd);
}

TEST(libkbpf_ids)
{
	KBPF_OPTS(kbpf_get_fd_by_id_opts, opts, .open_flags = KBPF_F_RDONLY);
	struct kbpf_prog_info pinfo;
	struct kbpf_map_info minfo;
	__u32 len, id;
	int map = array_map(), prog;

	prog = LOAD_SYSCALL(ret0);
	len = sizeof(minfo);
	memset(&minfo, 0, sizeof(minfo));
	ASSERT_OK(kbpf_obj_get_info_by_fd(map, &minfo, &len));
	ASSERT_EQ(len, sizeof(minfo));
	ASSERT_ERRNO(kbpf_obj_get_info_by_fd(-1, &minfo, &len), EBADFD);
	ASSERT_ERRNO(kbpf_map_get_info_by_fd(-1, &minfo, &len), EBADFD);
	len = sizeof(pinfo);
	memset(&pinfo, 0, sizeof(pinfo));
	ASSERT_OK(kbpf_prog_get_info_by_fd(prog, &pinfo, &len));

	ASSERT_OK(kbpf_map_get_next_id(minfo.id - 1, &id));
	ASSERT_EQ(id, minfo.id);
	ASSERT_ERRNO(kbpf_map_get_next_id(INT32_MAX - 1, &id), ENOENT);
	ASSERT_OK(kbpf_prog_get_next_id(pinfo.id - 1, &id));
	ASSERT_EQ(id, pinfo.id);
	ASSERT_ERRNO(kbpf_prog_get_next_id(INT32_MAX - 1, &id), ENOENT);
	ASSERT_ERRNO(kbpf_link_get_next_id(INT32_MAX - 1, &id), ENOENT);

	ASSERT_OK(close(ASSERT_OK(kbpf_map_get_fd_by_id(minfo.id))));
	ASSERT_OK(close(ASSERT_OK(kbpf_map_get_fd_by_id_opts(minfo.id,
							     &opts))));
	ASSERT_ERRNO(kbpf_map_get_fd_by_id(0), ENOENT);
	opts.open_flags = 1U << 30;
	ASSERT_ERRNO(kbpf_map_get_fd_by_id_opts(minfo.id, &opts), EINVAL);
	ASSERT_OK(close(ASSERT_OK(kbpf_prog_get_fd_by_id(pinfo.id))));
	ASSERT_OK(close(ASSERT_OK(kbpf_prog_get_fd_by_id_opts(pinfo.id,
							      NULL))));
	ASSERT_ERRNO(kbpf_prog_get_fd_by_id(0), ENOENT);
	ASSERT_ERRNO(kbpf_prog_get_fd_by_id_opts(pinfo.id, &opts), EINVAL);
	ASSERT_ERRNO(kbpf_link_get_fd_by_id_opts(0, NULL), ENOENT);
}

TEST(libkbpf_enable_stats)
{
	ASSERT_OK(close(ASSERT_OK(kbpf_enable_stats(KBPF_STATS_RUN_TIME))));
	ASSERT_ERRNO(kbpf_enable_stats(1000), EINVAL);
}

TEST(libkbpf_num_possible_cpus)
{
	int n = ASSERT_OK(kbpf_num_possible_cpus());

	ASSERT_GT(n, 0);
	ASSERT_EQ(kbpf_num_possible_cpus(), n);
	ASSERT_GE(n, sysconf(_SC_NPROCESSORS_ONLN));
}

TEST(libkbpf_btf)
{
	static const struct kbpf_insn cb[] = {
		KBPF_MOV64_IMM(R1, 1),
		KBPF_LD_FUNC(R2, 6),
		KBPF_MOV64_IMM(R3, 0),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_loop),
		KBPF_RET_IMM(0),
		KBPF_RET_IMM(0),
	};
	struct kbpf_func_info finfo[KBPF_MAX_SUBPROGS];
	KBPF_OPTS(kbpf_prog_load_opts, opts, .prog_flags = KBPF_F_SLEEPABLE);
	char blob[256], log[512] = "";
	KBPF_OPTS(kbpf_btf_load_opts, bopts, .log_buf = log,
		  .log_size = sizeof(log), .log_level = 1);
	__u32 starts[4];
	bool callbacks;
	int len, fd;

	ASSERT_EQ(kbpf_subprog_starts(cb, ARRAY_SIZE(cb), starts, 4,
				      &callbacks), 2);
	ASSERT_TRUE(callbacks);
	ASSERT_EQ(starts[1], 8);
	ASSERT_EQ(kbpf_subprog_starts(ret0, ARRAY_SIZE(ret0), starts, 4,
				      &callbacks), 1);
	ASSERT_FALSE(callbacks);

	len = ASSERT_OK(kbpf_btf_funcs_build(NULL, 0, 2));
	ASSERT_EQ(kbpf_btf_funcs_build(blob, sizeof(blob), 2), len);
	ASSERT_ERRNO(kbpf_btf_funcs_build(blob, len - 1, 2), E2BIG);

	fd = kbpf_btf_load(blob, len, &bopts);
	if (kbpf_target_linux()) {
		ASSERT_OK(close(ASSERT_OK(fd)));
		ASSERT_OK(close(ASSERT_OK(kbpf_btf_funcs_load(2, NULL))));
		/* A blob cut short. */
		ASSERT_ERRNO(kbpf_btf_load(blob, len - 4, NULL), EINVAL);
	} else {
		/* kbpf has no BTF (DESIGN §1). */
		ASSERT_EQ(fd, -EOPNOTSUPP);
		ASSERT_ERRNO(kbpf_btf_funcs_load(2, NULL), EOPNOTSUPP);
	}

	/* What the load needs: BTF on Linux, nothing on kbpf. */
	fd = ASSERT_OK(kbpf_prog_func_info(cb, ARRAY_SIZE(cb), &opts, finfo,
					   NULL));
	ASSERT_EQ(fd > 0, kbpf_target_linux());
	ASSERT_EQ(opts.func_info_cnt, kbpf_target_linux() ? 2 : 0);
	ASSERT_OK(close(ASSERT_OK(kbpf_prog_load(KBPF_PROG_TYPE_SYSCALL, NULL,
						 NULL, cb, ARRAY_SIZE(cb),
						 &opts))));
	if (fd > 0)
		close(fd);
	ASSERT_EQ(kbpf_prog_func_info(ret0, ARRAY_SIZE(ret0), &opts, finfo,
				      NULL), 0);
	/* _always: BTF on Linux even for a program without callbacks. */
	memset(&opts, 0, sizeof(opts));
	opts.sz = sizeof(opts);
	opts.prog_flags = KBPF_F_SLEEPABLE;
	fd = ASSERT_OK(kbpf_prog_func_info_always(ret0, ARRAY_SIZE(ret0),
						  &opts, finfo, NULL));
	ASSERT_EQ(fd > 0, kbpf_target_linux());
	ASSERT_EQ(opts.func_info_cnt, kbpf_target_linux() ? 1 : 0);
	ASSERT_OK(close(ASSERT_OK(kbpf_prog_load(KBPF_PROG_TYPE_SYSCALL, NULL,
						 NULL, ret0, ARRAY_SIZE(ret0),
						 &opts))));
	if (fd > 0)
		close(fd);
	/* Its error: a BTF_LOAD that fails (kbpf has no BTF) is passed on. */
	if (!kbpf_target_linux())
		ASSERT_EQ(kbpf_btf_funcs_load(1, NULL), -EOPNOTSUPP);
}

TEST(libkbpf_asm)
{
	struct kbpf_asm *a = calloc(1, sizeof(*a));
	int fd, i;

	ASSERT_TRUE(a);
	/*
	 * r6 = 0; r7 = 3; if (r6 == r7) goto 1;
	 * 0: if (r7 == 0) goto 1; r6 += sub(); r7--; goto 0;
	 * 1: r1 = map; return r6;  2 (sub): return 2
	 */
	kbpf_asm_init(a);
	KBPF_ASM(a, KBPF_MOV64_IMM(R6, 0));
	kbpf_asm_ld64(a, R7, 3);
	kbpf_asm_jmp_reg(a, KBPF_JEQ, R6, R7, 1);
	kbpf_asm_label(a, 0);
	kbpf_asm_jmp_imm(a, KBPF_JEQ, R7, 0, 1);
	kbpf_asm_call_sub(a, 2);
	KBPF_ASM(a, KBPF_ALU64_REG(KBPF_ADD, R6, R0));
	KBPF_ASM(a, KBPF_ALU64_IMM(KBPF_SUB, R7, 1));
	kbpf_asm_ja(a, 0);
	kbpf_asm_label(a, 1);
	kbpf_asm_ld_map(a, R1, array_map());
	KBPF_ASM(a, KBPF_MOV64_REG(R0, R6));
	KBPF_ASM(a, KBPF_EXIT_INSN());
	kbpf_asm_label(a, 2);
	KBPF_ASM(a, KBPF_MOV64_IMM(R0, 2));
	KBPF_ASM(a, KBPF_EXIT_INSN());
	ASSERT_OK(kbpf_asm_done(a));
	fd = ASSERT_OK(kbpf_prog_load(KBPF_PROG_TYPE_SYSCALL, NULL, NULL,
				      a->insn, a->n,
				      &(struct kbpf_prog_load_opts){
					.sz = sizeof(struct kbpf_prog_load_opts),
					.prog_flags = KBPF_F_SLEEPABLE }));
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 6);

	/* Errors: a label twice, a jump nowhere, too many insns. */
	kbpf_asm_init(a);
	kbpf_asm_label(a, 0);
	kbpf_asm_label(a, 0);
	ASSERT_ERRNO(kbpf_asm_done(a), EINVAL);
	kbpf_asm_init(a);
	kbpf_asm_ja(a, 5);
	ASSERT_ERRNO(kbpf_asm_done(a), ENOENT);
	kbpf_asm_init(a);
	for (i = 0; i <= KBPF_ASM_MAX_INSNS; i++)
		KBPF_ASM(a, KBPF_EXIT_INSN());
	ASSERT_EQ(a->n, KBPF_ASM_MAX_INSNS);
	ASSERT_ERRNO(kbpf_asm_done(a), E2BIG);
	free(a);
}
