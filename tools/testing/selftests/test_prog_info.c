// SPDX-License-Identifier: GPL-2.0
/*
 * Programs seen from user space, as Linux 6.12's bpf_prog_get_info_by_fd(),
 * bpf_obj_get_next_id() and bpf_prog_get_fd_by_id() (kernel/bpf/syscall.c):
 * - OBJ_GET_INFO_BY_FD: type, id, name, gpl_compatible, the tag (the
 *   first 8 bytes of the SHA-1 of the insns as loaded, map fd imms taken
 *   as 0: bpf_prog_calc_tag()), nr_map_ids with as many map_ids as the
 *   caller has room for, load_time, verified_insns; xlated_prog_len and
 *   the insns only for CAP_BPF. info_len as for maps: a shorter struct
 *   gets a prefix, a longer one needs a zero tail past attach_btf_id.
 * - PROG_GET_NEXT_ID walks the IDs in order; PROG_GET_FD_BY_ID opens one
 *   (O_CLOEXEC); both want CAP_SYS_ADMIN itself; an ID goes as soon as
 *   the last reference does (-ENOENT).
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

#include "kbpf_prog.h"

#ifndef CAP_BPF
#define CAP_BPF		39
#endif
#ifndef CAP_PERFMON
#define CAP_PERFMON	38
#endif

#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))

static const struct kbpf_insn ret0[] = {
	KBPF_RET_IMM(0),
};

static int load_named(__u32 type, const struct kbpf_insn *insns, __u32 cnt,
		      __u32 flags, const char *name, const char *license)
{
	struct kbpf_load_opts opts = {
		.prog_flags = flags, .name = name, .license = license,
	};

	return __kbpf_load_ok(KBPF_FILE, __LINE__, type, insns, cnt, &opts);
}

static __u64 boottime_ns(void)
{
	struct timespec ts;

	ASSERT_OK(clock_gettime(CLOCK_BOOTTIME, &ts));
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

TEST(prog_info_basic)
{
	struct kbpf_prog_info info;
	__u32 next;
	int fd;

	fd = load_named(KBPF_PROG_TYPE_SYSCALL, ret0, ARRAY_SIZE(ret0),
			KBPF_F_SLEEPABLE, "info_basic", "GPL");
	kbpf_prog_info(fd, &info);
	ASSERT_EQ(info.type, KBPF_PROG_TYPE_SYSCALL);
	ASSERT_NE(info.id, 0);
	ASSERT_STREQ(info.name, "info_basic");
	ASSERT_EQ(info.gpl_compatible, 1);
	ASSERT_EQ(info.nr_map_ids, 0);
	ASSERT_EQ(info.created_by_uid, getuid());
	ASSERT_EQ(info.ifindex, 0);
	ASSERT_EQ(info.btf_id, 0);
	ASSERT_EQ(info.nr_func_info, 0);
	ASSERT_EQ(info.nr_line_info, 0);

	fd = load_named(KBPF_PROG_TYPE_RAW_TRACEPOINT, ret0, ARRAY_SIZE(ret0),
			0, "", "Proprietary");
	kbpf_prog_info(fd, &info);
	ASSERT_EQ(info.type, KBPF_PROG_TYPE_RAW_TRACEPOINT);
	ASSERT_STREQ(info.name, "");
	ASSERT_EQ(info.gpl_compatible, 0);
	fd = load_named(KBPF_PROG_TYPE_KPROBE, ret0, ARRAY_SIZE(ret0), 0,
			"kp", "Dual MIT/GPL");
	kbpf_prog_info(fd, &info);
	ASSERT_EQ(info.type, KBPF_PROG_TYPE_KPROBE);
	ASSERT_STREQ(info.name, "kp");
	ASSERT_EQ(info.gpl_compatible, 1);
	/* IDs of programs grow. */
	ASSERT_OK(kbpf_prog_next_id(info.id - 1, &next));
	ASSERT_EQ(next, info.id);
}

/* A straight-line program: verified_insns counts each insn once. */
TEST(prog_info_verified_insns)
{
	static const struct kbpf_insn insns[] = {
		KBPF_MOV64_IMM(R1, 1),
		KBPF_MOV64_IMM(R2, 2),
		KBPF_RET_IMM(0),
	};
	struct kbpf_prog_info info;
	int fd = LOAD_SYSCALL(insns);

	kbpf_prog_info(fd, &info);
	ASSERT_EQ(info.verified_insns, 4);
}

TEST(prog_info_load_time)
{
	struct kbpf_prog_info info;
	__u64 before, after;
	int fd;

	before = boottime_ns();
	fd = LOAD_SYSCALL(ret0);
	after = boottime_ns();
	kbpf_prog_info(fd, &info);
	ASSERT_GE(info.load_time, before);
	ASSERT_LE(info.load_time, after);
}

TEST(prog_info_map_ids)
{
	int a = ASSERT_OK(kbpf_array_create(8, 1));
	int b = ASSERT_OK(kbpf_array_create(8, 2));
	int c = ASSERT_OK(kbpf_array_create(8, 1));
	const int fd_array[] = { c };
	/* b first, a twice, c through fd_array: three maps in that order */
	const struct kbpf_insn insns[] = {
		KBPF_LD_MAP_FD(R1, b),
		KBPF_LD_MAP_VALUE(R1, a, 0),
		KBPF_LD_MAP_FD(R1, a),
		KBPF_LD_MAP_IDX_VALUE(R1, 0, 0),
		KBPF_RET_IMM(0),
	};
	struct kbpf_load_opts opts = {
		.prog_flags = KBPF_F_SLEEPABLE, .fd_array = fd_array,
	};
	struct kbpf_map_info ma, mb, mc;
	struct kbpf_prog_info info;
	__u32 ids[4], len;
	int fd;

	kbpf_map_info(a, &ma);
	kbpf_map_info(b, &mb);
	kbpf_map_info(c, &mc);
	fd = LOAD_PROG_OPTS(KBPF_PROG_TYPE_SYSCALL, insns, &opts);

	/* No room: the count alone. */
	kbpf_prog_info(fd, &info);
	ASSERT_EQ(info.nr_map_ids, 3);
	ASSERT_EQ(info.map_ids, 0);

	/* Room for more: three written, the rest untouched. */
	memset(ids, 0xee, sizeof(ids));
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = 4;
	info.map_ids = (__u64)(uintptr_t)ids;
	len = sizeof(info);
	ASSERT_OK(kbpf_obj_info(fd, &info, &len));
	ASSERT_EQ(info.nr_map_ids, 3);
	ASSERT_EQ(info.map_ids, (__u64)(uintptr_t)ids);
	ASSERT_EQ(ids[0], mb.id);
	ASSERT_EQ(ids[1], ma.id);
	ASSERT_EQ(ids[2], mc.id);
	ASSERT_EQ(ids[3], 0xeeeeeeee);

	/* Room for one: the first only, and the full count. */
	memset(ids, 0xee, sizeof(ids));
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = 1;
	info.map_ids = (__u64)(uintptr_t)ids;
	len = sizeof(info);
	ASSERT_OK(kbpf_obj_info(fd, &info, &len));
	ASSERT_EQ(info.nr_map_ids, 3);
	ASSERT_EQ(ids[0], mb.id);
	ASSERT_EQ(ids[1], 0xeeeeeeee);

	/* Nowhere to write. */
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = 2;
	info.map_ids = (__u64)(uintptr_t)mmap(NULL, sysconf(_SC_PAGESIZE),
					      PROT_NONE,
					      MAP_PRIVATE | MAP_ANONYMOUS,
					      -1, 0);
	len = sizeof(info);
	ASSERT_ERRNO(kbpf_obj_info(fd, &info, &len), EFAULT);
}

static void check_tag(const struct kbpf_insn *insns, __u32 cnt, __u32 type,
		      __u32 flags, const int *fd_array)
{
	struct kbpf_load_opts opts = {
		.prog_flags = flags, .fd_array = fd_array,
	};
	struct kbpf_prog_info info;
	__u8 tag[KBPF_TAG_SIZE];
	int fd;

	kbpf_prog_tag(insns, cnt, tag);
	fd = __kbpf_load_ok(KBPF_FILE, __LINE__, type, insns, cnt, &opts);
	kbpf_prog_info(fd, &info);
	if (memcmp(info.tag, tag, sizeof(tag)))
		FAIL("tag %02x%02x%02x%02x%02x%02x%02x%02x, want %02x%02x%02x%02x%02x%02x%02x%02x",
		     info.tag[0], info.tag[1], info.tag[2], info.tag[3],
		     info.tag[4], info.tag[5], info.tag[6], info.tag[7],
		     tag[0], tag[1], tag[2], tag[3], tag[4], tag[5], tag[6],
		     tag[7]);
	ASSERT_OK(close(fd));
}

TEST(prog_info_tag)
{
	static const __u8 abc[20] = {
		0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
		0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d,
	};
	static const __u8 abc56[20] = {
		0x84, 0x98, 0x3e, 0x44, 0x1c, 0x3b, 0xd2, 0x6e, 0xba, 0xae,
		0x4a, 0xa1, 0xf9, 0x51, 0x29, 0xe5, 0xe5, 0x46, 0x70, 0xf1,
	};
	int a = ASSERT_OK(kbpf_array_create(8, 1));
	int b = ASSERT_OK(kbpf_array_create(8, 1));
	const int fd_array[] = { a };
	const struct kbpf_insn maps_a[] = {
		KBPF_LD_MAP_FD(R1, a),
		KBPF_LD_MAP_VALUE(R1, a, 4),
		KBPF_RET_IMM(0),
	};
	const struct kbpf_insn maps_b[] = {
		KBPF_LD_MAP_FD(R1, b),
		KBPF_LD_MAP_VALUE(R1, b, 4),
		KBPF_RET_IMM(0),
	};
	/* fd_array indexes are kept in the digest. */
	const struct kbpf_insn idx[] = {
		KBPF_LD_MAP_IDX(R1, 0),
		KBPF_LD_MAP_IDX_VALUE(R1, 0, 4),
		KBPF_RET_IMM(0),
	};
	struct kbpf_prog_info ia, ib;
	__u8 digest[20], tag[KBPF_TAG_SIZE];
	int fa, fb;

	/* The test's own SHA-1 (FIPS 180-2 examples). */
	kbpf_sha1("abc", 3, digest);
	ASSERT_MEMEQ(digest, abc, 20);
	kbpf_sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  56, digest);
	ASSERT_MEMEQ(digest, abc56, 20);

	check_tag(ret0, ARRAY_SIZE(ret0), KBPF_PROG_TYPE_SYSCALL,
		  KBPF_F_SLEEPABLE, NULL);
	check_tag(ret0, ARRAY_SIZE(ret0), KBPF_PROG_TYPE_RAW_TRACEPOINT, 0,
		  NULL);
	check_tag(maps_a, ARRAY_SIZE(maps_a), KBPF_PROG_TYPE_SYSCALL,
		  KBPF_F_SLEEPABLE, NULL);
	check_tag(idx, ARRAY_SIZE(idx), KBPF_PROG_TYPE_SYSCALL,
		  KBPF_F_SLEEPABLE, fd_array);

	/* Map fds and value offsets do not count: one tag for both. */
	kbpf_prog_tag(maps_a, ARRAY_SIZE(maps_a), tag);
	fa = LOAD_SYSCALL(maps_a);
	fb = LOAD_SYSCALL(maps_b);
	kbpf_prog_info(fa, &ia);
	kbpf_prog_info(fb, &ib);
	ASSERT_MEMEQ(ia.tag, tag, sizeof(tag));
	ASSERT_MEMEQ(ib.tag, tag, sizeof(tag));
	/* A program longer than one SHA-1 block. */
	{
		struct kbpf_insn many[40];
		int i;

		for (i = 0; i < 38; i++)
			many[i] = (struct kbpf_insn)KBPF_MOV64_IMM(R0, i);
		many[38] = (struct kbpf_insn)KBPF_MOV64_IMM(R0, 0);
		many[39] = (struct kbpf_insn)KBPF_EXIT_INSN();
		check_tag(many, ARRAY_SIZE(many), KBPF_PROG_TYPE_SYSCALL,
			  KBPF_F_SLEEPABLE, NULL);
	}
}

TEST(prog_info_xlated)
{
	struct kbpf_prog_info info;
	struct kbpf_insn insns[4];
	__u32 len = sizeof(info);
	int fd = LOAD_SYSCALL(ret0);

	kbpf_prog_info(fd, &info);
	ASSERT_EQ(info.xlated_prog_len, sizeof(ret0));
	/* The instructions as they run, here unchanged. */
	memset(insns, 0xee, sizeof(insns));
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = sizeof(insns);
	info.xlated_prog_insns = (__u64)(uintptr_t)insns;
	ASSERT_OK(kbpf_obj_info(fd, &info, &len));
	ASSERT_EQ(info.xlated_prog_len, sizeof(ret0));
	ASSERT_MEMEQ(insns, ret0, sizeof(ret0));
}

/*
 * Whether the target JITs programs now: Linux's bpf_jit_enable, kbpf's
 * jit_enable module parameter (0 when there is none to read).
 */
static bool target_jits(void)
{
	const char *path = kbpf_target_linux() ?
		"/proc/sys/net/core/bpf_jit_enable" :
		"/sys/module/kbpf/parameters/jit_enable";
	char c = '0';
	FILE *f = fopen(path, "r");

	if (f) {
		if (fread(&c, 1, 1, f) != 1)
			c = '0';
		fclose(f);
	}
	return c != '0';
}

/*
 * The JIT's fields: one function, its length, address and bytes as
 * Linux reports them; an image begins with ENDBR64 on both (Debian's
 * 6.12 is built with IBT, and kbpf always emits it); without a JIT the
 * length is 0. Run on kbpf with jit_enable=1 and =0 (make check runs it
 * both ways).
 */
TEST(prog_info_jited)
{
	static const __u8 endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	struct kbpf_prog_info info;
	__u32 len = sizeof(info), func_len = 0;
	__u64 ksym = 0;
	__u8 image[8];
	int fd = LOAD_SYSCALL(ret0);

	kbpf_prog_info(fd, &info);
	ASSERT_EQ(info.nr_jited_ksyms, 1);
	ASSERT_EQ(info.nr_jited_func_lens, 1);
	if (!target_jits()) {
		ASSERT_EQ(info.jited_prog_len, 0);
		return;
	}
	ASSERT_GE(info.jited_prog_len, sizeof(image));
	memset(&info, 0, sizeof(info));
	memset(image, 0, sizeof(image));
	info.jited_prog_len = sizeof(image);
	info.jited_prog_insns = (__u64)(uintptr_t)image;
	info.nr_jited_ksyms = 1;
	info.jited_ksyms = (__u64)(uintptr_t)&ksym;
	info.nr_jited_func_lens = 1;
	info.jited_func_lens = (__u64)(uintptr_t)&func_len;
	ASSERT_OK(kbpf_obj_info(fd, &info, &len));
	ASSERT_MEMEQ(image, endbr64, sizeof(endbr64));
	ASSERT_NE(ksym, 0);
	ASSERT_EQ(func_len, info.jited_prog_len);
	/* the pointers stay as given */
	ASSERT_EQ(info.jited_ksyms, (__u64)(uintptr_t)&ksym);
}

TEST(prog_info_info_len)
{
	const size_t end = offsetofend(struct kbpf_prog_info, attach_btf_id);
	char buf[512];
	struct kbpf_prog_info *info = (void *)buf, full;
	__u32 len;
	int fd;

	fd = load_named(KBPF_PROG_TYPE_SYSCALL, ret0, ARRAY_SIZE(ret0),
			KBPF_F_SLEEPABLE, "info_len", "GPL");
	kbpf_prog_info(fd, &full);

	/* A prefix: type and id only; the rest is not written. */
	memset(buf, 0xee, sizeof(buf));
	len = 8;
	ASSERT_OK(kbpf_obj_info(fd, buf, &len));
	ASSERT_EQ(len, 8);
	ASSERT_EQ(info->type, KBPF_PROG_TYPE_SYSCALL);
	ASSERT_EQ(info->id, full.id);
	ASSERT_EQ((unsigned char)buf[8], 0xee);

	/* Longer, with a zero tail: the kernel's size comes back. */
	memset(buf, 0, sizeof(buf));
	len = sizeof(buf);
	ASSERT_OK(kbpf_obj_info(fd, buf, &len));
	ASSERT_EQ(len, sizeof(full));
	ASSERT_STREQ(info->name, "info_len");
	/* A non-zero byte past the struct. */
	memset(buf, 0, sizeof(buf));
	buf[sizeof(buf) - 1] = 1;
	len = sizeof(buf);
	ASSERT_ERRNO(kbpf_obj_info(fd, buf, &len), E2BIG);
	/* More than a page. */
	{
		char *big = calloc(1, 8192);

		ASSERT_TRUE(big);
		len = 8192;
		ASSERT_ERRNO(kbpf_obj_info(fd, big, &len), E2BIG);
		free(big);
	}
	/* A bad buffer. */
	len = sizeof(full);
	ASSERT_ERRNO(kbpf_obj_info(fd, mmap(NULL, sysconf(_SC_PAGESIZE),
					    PROT_NONE,
					    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
				   &len), EFAULT);
	/* Linux's limit is offsetofend(attach_btf_id): its padding too. */
	ASSERT_LE(end, sizeof(full));
	if (end < sizeof(full)) {
		memset(buf, 0, sizeof(buf));
		buf[end] = 1;
		len = sizeof(full);
		ASSERT_ERRNO(kbpf_obj_info(fd, buf, &len), E2BIG);
	}
}

TEST(prog_info_next_id)
{
	struct kbpf_prog_info info[3];
	__u32 id, next, found = 0;
	int fds[3], i, n = 0;

	for (i = 0; i < 3; i++) {
		fds[i] = LOAD_RAW_TP(ret0);
		kbpf_prog_info(fds[i], &info[i]);
		if (i)
			ASSERT_GT(info[i].id, info[i - 1].id);
	}
	/* The walk is in increasing order and meets all three. */
	for (id = 0; !kbpf_prog_next_id(id, &next); id = next) {
		ASSERT_GT(next, id);
		for (i = 0; i < 3; i++)
			found += next == info[i].id;
		ASSERT_LT(++n, 100000);
	}
	ASSERT_EQ(errno, ENOENT);
	ASSERT_EQ(found, 3);
	ASSERT_GE(id, info[2].id);

	/* A closed program leaves the walk. */
	ASSERT_OK(close(fds[1]));
	ASSERT_OK(kbpf_prog_next_id(info[0].id, &next));
	ASSERT_EQ(next, info[2].id);

	ASSERT_ERRNO(kbpf_prog_next_id(INT_MAX, &next), EINVAL);
	ASSERT_ERRNO(kbpf_prog_next_id(UINT_MAX, &next), EINVAL);
	ASSERT_ERRNO(kbpf_prog_next_id(INT_MAX - 1, &next), ENOENT);
}

TEST(prog_info_fd_by_id)
{
	struct kbpf_prog_info info, again;
	union kbpf_attr attr;
	int fd, fd2;

	fd = load_named(KBPF_PROG_TYPE_SYSCALL, ret0, ARRAY_SIZE(ret0),
			KBPF_F_SLEEPABLE, "by_id", "GPL");
	kbpf_prog_info(fd, &info);
	fd2 = ASSERT_OK(kbpf_prog_fd_by_id(info.id));
	ASSERT_NE(fd2, fd);
	ASSERT_EQ(fcntl(fd2, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	kbpf_prog_info(fd2, &again);
	ASSERT_EQ(again.id, info.id);
	ASSERT_STREQ(again.name, "by_id");
	ASSERT_EQ(RUN_PROG(fd2, NULL, 0), 0);

	/* Either fd keeps the program. */
	ASSERT_OK(close(fd));
	ASSERT_EQ(RUN_PROG(fd2, NULL, 0), 0);
	fd = ASSERT_OK(kbpf_prog_fd_by_id(info.id));
	ASSERT_OK(close(fd));
	/* The ID goes with the last fd, at once. */
	ASSERT_OK(close(fd2));
	ASSERT_ERRNO(kbpf_prog_fd_by_id(info.id), ENOENT);

	ASSERT_ERRNO(kbpf_prog_fd_by_id(0), ENOENT);
	ASSERT_ERRNO(kbpf_prog_fd_by_id(INT_MAX), ENOENT);
	ASSERT_ERRNO(kbpf_prog_fd_by_id(UINT_MAX), ENOENT);
	/* Nothing past prog_id (no open_flags for programs). */
	memset(&attr, 0, sizeof(attr));
	attr.prog_id = info.id;
	attr.open_flags = KBPF_F_RDONLY;
	ASSERT_ERRNO(kbpf_sys(KBPF_PROG_GET_FD_BY_ID, &attr, sizeof(attr)),
		     EINVAL);
}

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

TEST(prog_info_caps_none)
{
	struct kbpf_prog_info info, bare;
	__u32 next;
	int fd;

	kbpf_require_unpriv_disabled();
	fd = load_named(KBPF_PROG_TYPE_SYSCALL, ret0, ARRAY_SIZE(ret0),
			KBPF_F_SLEEPABLE, "caps", "GPL");
	kbpf_prog_info(fd, &info);
	kbpf_caps_keep(0);
	ASSERT_EQ(caps_held(), 0);

	ASSERT_ERRNO(kbpf_prog_fd_by_id(info.id), EPERM);
	ASSERT_ERRNO(kbpf_prog_fd_by_id(0x7ffffff0), EPERM);
	ASSERT_ERRNO(kbpf_prog_next_id(0, &next), EPERM);
	ASSERT_ERRNO(kbpf_prog_next_id(INT_MAX, &next), EINVAL);
	ASSERT_ERRNO(kbpf_prog_load_flags(KBPF_PROG_TYPE_SYSCALL, ret0,
				    ARRAY_SIZE(ret0), KBPF_F_SLEEPABLE), EPERM);
	/* The fd works without capabilities. */
	ASSERT_EQ(RUN_PROG(fd, NULL, 0), 0);
	kbpf_prog_info(fd, &bare);
	ASSERT_EQ(bare.id, info.id);
	ASSERT_EQ(bare.type, info.type);
	ASSERT_MEMEQ(bare.tag, info.tag, sizeof(info.tag));
	ASSERT_STREQ(bare.name, "caps");
	/* Without CAP_BPF the translated insns are not shown. */
	ASSERT_EQ(bare.xlated_prog_len, 0);
}

TEST(prog_info_caps_bpf_only)
{
	struct kbpf_prog_info info;
	__u32 next;
	int fd;

	kbpf_require_unpriv_disabled();
	fd = LOAD_SYSCALL(ret0);
	kbpf_prog_info(fd, &info);
	kbpf_caps_keep(KBPF_CAP(CAP_BPF));
	ASSERT_EQ(caps_held(), KBPF_CAP(CAP_BPF));

	/* GET_NEXT_ID and GET_FD_BY_ID want CAP_SYS_ADMIN itself. */
	ASSERT_ERRNO(kbpf_prog_fd_by_id(info.id), EPERM);
	ASSERT_ERRNO(kbpf_prog_next_id(0, &next), EPERM);
	/* CAP_BPF loads SYSCALL programs, not the perfmon types. */
	ASSERT_OK(close(LOAD_SYSCALL(ret0)));
	ASSERT_ERRNO(kbpf_prog_load_flags(KBPF_PROG_TYPE_RAW_TRACEPOINT, ret0,
				    ARRAY_SIZE(ret0), 0), EPERM);
	ASSERT_ERRNO(kbpf_prog_load_flags(KBPF_PROG_TYPE_KPROBE, ret0,
				    ARRAY_SIZE(ret0), 0), EPERM);
	kbpf_prog_info(fd, &info);
	ASSERT_EQ(info.xlated_prog_len, sizeof(ret0));
}

TEST(prog_info_caps_bpf_perfmon)
{
	kbpf_require_unpriv_disabled();
	kbpf_caps_keep(KBPF_CAP(CAP_BPF) | KBPF_CAP(CAP_PERFMON));
	ASSERT_OK(close(LOAD_RAW_TP(ret0)));
	ASSERT_OK(close(LOAD_PROG(KBPF_PROG_TYPE_KPROBE, ret0, 0)));
}

TEST(prog_info_caps_sys_admin_only)
{
	struct kbpf_prog_info info;
	__u32 next;
	int fd;

	kbpf_require_unpriv_disabled();
	kbpf_caps_keep(KBPF_CAP(CAP_SYS_ADMIN));
	ASSERT_EQ(caps_held(), KBPF_CAP(CAP_SYS_ADMIN));
	/* CAP_SYS_ADMIN stands in for CAP_BPF and CAP_PERFMON. */
	fd = LOAD_RAW_TP(ret0);
	kbpf_prog_info(fd, &info);
	ASSERT_OK(kbpf_prog_next_id(0, &next));
	ASSERT_OK(close(ASSERT_OK(kbpf_prog_fd_by_id(info.id))));
}
