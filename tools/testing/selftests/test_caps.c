// SPDX-License-Identifier: GPL-2.0
/*
 * Privileges, checked per command at call time, as Linux 6.12 with
 * kernel.unprivileged_bpf_disabled != 0 (Debian's default is 2):
 * - map_create() validates the attr first (CHECK_ATTR, flags, map type,
 *   array_map_alloc_check) and only then requires CAP_BPF (or CAP_SYS_ADMIN,
 *   bpf_token_capable -> bpf_ns_capable); the name is copied after that.
 * - bpf_obj_get_next_id() and bpf_map_get_fd_by_id() check their attr, then
 *   require CAP_SYS_ADMIN (plain capable(): CAP_BPF is not enough).
 * - Commands on an existing map fd need no capability at all.
 * Each test runs in its own child, so dropping capabilities here is local.
 */
#include <limits.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "kbpf_test.h"

#ifndef CAP_BPF
#define CAP_BPF		39
#endif
#ifndef CAP_PERFMON
#define CAP_PERFMON	38
#endif

/* Capabilities this process holds now (permitted set). */
static __u64 caps_held(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		FAIL("capget: %s", kbpf_errname(errno));
	return data[0].permitted | (__u64)data[1].permitted << 32;
}

static void drop_all_caps(void)
{
	kbpf_require_unpriv_disabled();
	kbpf_caps_keep(0);
	ASSERT_EQ(caps_held(), 0);
}

static int create_named(const char *name)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = KBPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	memcpy(attr.map_name, name, strnlen(name, sizeof(attr.map_name)));
	return kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr));
}

TEST(caps_none_map_create_eperm)
{
	/* Works with capabilities... */
	ASSERT_OK(kbpf_array_create(8, 1));
	drop_all_caps();
	/* ...and not without, though the device may be open already. */
	ASSERT_ERRNO(kbpf_array_create(8, 1), EPERM);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 1, 1000, 0),
		     EPERM);
	/* Capabilities do not come back. */
	ASSERT_ERRNO(kbpf_array_create(8, 1), EPERM);
}

TEST(caps_none_attr_checked_first)
{
	union kbpf_attr attr;

	drop_all_caps();
	/* Validation in map_create() and array_map_alloc_check() runs
	 * before the capability check: these are EINVAL, not EPERM.
	 */
	ASSERT_ERRNO(kbpf_map_new(0, 4, 8, 1, 0), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(1000, 4, 8, 1, 0), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 8, 8, 1, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 0, 1, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 0, 0),
		     EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1,
				  KBPF_F_NO_PREALLOC), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 8, 1,
				  KBPF_F_RDONLY | KBPF_F_WRONLY), EINVAL);
	ASSERT_ERRNO(kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 0x80000000u, 1,
				  0), E2BIG);

	memset(&attr, 0, sizeof(attr));
	attr.map_type = KBPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	attr.map_extra = 1;
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)), EINVAL);
	attr.map_extra = 0;
	((char *)&attr)[sizeof(attr) - 1] = 1;
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)), EINVAL);
	((char *)&attr)[sizeof(attr) - 1] = 0;
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_CREATE, &attr, sizeof(attr)), EPERM);
}

TEST(caps_none_name_checked_after)
{
	ASSERT_ERRNO(create_named("bad-name"), EINVAL);
	drop_all_caps();
	/* map_create() copies the name after map_alloc(): EPERM wins. */
	ASSERT_ERRNO(create_named("bad-name"), EPERM);
	ASSERT_ERRNO(create_named("good_name"), EPERM);
}

TEST(caps_none_ids)
{
	struct kbpf_map_info info;
	union kbpf_attr attr;
	__u32 next;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 1));
	kbpf_map_info(fd, &info);
	ASSERT_OK(kbpf_map_next_id(0, &next));
	ASSERT_OK(kbpf_map_fd_by_id(info.id, 0));
	drop_all_caps();

	ASSERT_ERRNO(kbpf_map_next_id(0, &next), EPERM);
	ASSERT_ERRNO(kbpf_map_fd_by_id(info.id, 0), EPERM);
	ASSERT_ERRNO(kbpf_map_fd_by_id(0x7ffffff0, 0), EPERM);
	/* bpf_obj_get_next_id: CHECK_ATTR and start_id >= INT_MAX first. */
	ASSERT_ERRNO(kbpf_map_next_id(INT_MAX, &next), EINVAL);
	memset(&attr, 0, sizeof(attr));
	attr.open_flags = 1;
	ASSERT_ERRNO(kbpf_sys(KBPF_MAP_GET_NEXT_ID, &attr, sizeof(attr)),
		     EINVAL);
	/* bpf_map_get_fd_by_id: unknown open_flags first, but the
	 * RDONLY|WRONLY conflict (bpf_get_file_flag) only after.
	 */
	ASSERT_ERRNO(kbpf_map_fd_by_id(info.id, 1 << 5), EINVAL);
	ASSERT_ERRNO(kbpf_map_fd_by_id(info.id, KBPF_F_RDONLY | KBPF_F_WRONLY),
		     EPERM);
}

TEST(caps_none_fd_commands_work)
{
	struct kbpf_map_info info;
	__u32 key = 1, next;
	__u64 val = 42, out = 0;
	int fd;

	fd = ASSERT_OK(kbpf_array_create(8, 2));
	drop_all_caps();
	ASSERT_OK(kbpf_map_update(fd, &key, &val, KBPF_ANY));
	ASSERT_OK(kbpf_map_lookup(fd, &key, &out, 0));
	ASSERT_EQ(out, 42);
	ASSERT_OK(kbpf_map_next_key(fd, NULL, &next));
	ASSERT_EQ(next, 0);
	ASSERT_ERRNO(kbpf_map_delete(fd, &key), EINVAL);
	kbpf_map_info(fd, &info);
	ASSERT_EQ(info.type, KBPF_MAP_TYPE_ARRAY);
	ASSERT_EQ(info.max_entries, 2);
}

TEST(caps_bpf_only)
{
	struct kbpf_map_info info;
	__u32 next;
	int fd;

	kbpf_require_unpriv_disabled();
	fd = ASSERT_OK(kbpf_array_create(8, 1));
	kbpf_map_info(fd, &info);
	kbpf_caps_keep(caps_held() & KBPF_CAP(CAP_BPF));
	ASSERT_EQ(caps_held(), KBPF_CAP(CAP_BPF));

	ASSERT_OK(kbpf_array_create(8, 1));
	/* GET_NEXT_ID and GET_FD_BY_ID want CAP_SYS_ADMIN itself. */
	ASSERT_ERRNO(kbpf_map_next_id(0, &next), EPERM);
	ASSERT_ERRNO(kbpf_map_fd_by_id(info.id, 0), EPERM);
}

TEST(caps_sys_admin_only)
{
	struct kbpf_map_info info;
	__u32 next;
	int fd;

	kbpf_require_unpriv_disabled();
	kbpf_caps_keep(caps_held() & KBPF_CAP(CAP_SYS_ADMIN));
	ASSERT_EQ(caps_held(), KBPF_CAP(CAP_SYS_ADMIN));

	/* bpf_ns_capable(): CAP_SYS_ADMIN stands in for CAP_BPF. */
	fd = ASSERT_OK(kbpf_array_create(8, 1));
	kbpf_map_info(fd, &info);
	ASSERT_OK(kbpf_map_next_id(0, &next));
	ASSERT_OK(kbpf_map_fd_by_id(info.id, 0));
}

TEST(caps_others_not_enough)
{
	__u64 others = caps_held() &
		       ~(KBPF_CAP(CAP_BPF) | KBPF_CAP(CAP_SYS_ADMIN));

	kbpf_require_unpriv_disabled();
	ASSERT_NE(others & KBPF_CAP(CAP_PERFMON), 0);
	ASSERT_NE(others & KBPF_CAP(CAP_NET_ADMIN), 0);
	kbpf_caps_keep(others);
	ASSERT_EQ(caps_held(), others);
	ASSERT_ERRNO(kbpf_array_create(8, 1), EPERM);
}
