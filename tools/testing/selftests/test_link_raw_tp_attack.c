// SPDX-License-Identifier: GPL-2.0
/*
 * Attack review of raw tracepoint attach (RAW_TRACEPOINT_OPEN): what a
 * hostile caller may try, each with Linux's answer as the expectation.
 *
 * kbpf learns a tracepoint's arguments from /sys/kernel/btf. A caller in
 * a mount namespace of its own can put anything at that path; kbpf must
 * read the kernel's BTF whatever the caller's view of the file system,
 * and never block on what it finds there.
 *
 * The module tests load /root/kbpf_tp_test.ko (tools/testing/tpmod).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/btf.h>

#include "kbpf_prog.h"

/* BTF's info word and an INT's encoding (uapi/linux/btf.h describes them). */
#define INFO(kind, vlen)	((__u32)(kind) << 24 | (vlen))
#define INT_BITS(bits)		(bits)

static bool have_btf(void)
{
	return !access("/sys/kernel/btf/vmlinux", R_OK);
}

/*
 * Hide /sys/kernel under a tmpfs in a mount namespace of the test's own
 * (the test is a forked child: the namespace goes with it), with an
 * empty btf directory in it.
 */
static void private_sys_kernel(void)
{
	if (unshare(CLONE_NEWNS))
		SKIP("unshare(CLONE_NEWNS): %s", strerror(errno));
	ASSERT_OK(mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL));
	ASSERT_OK(mount("tmpfs", "/sys/kernel", "tmpfs", 0, NULL));
	ASSERT_OK(mkdir("/sys/kernel/btf", 0755));
}

/* A BTF blob: 5 types, then their names. */
struct forged_btf {
	struct btf_header hdr;
	struct btf_type u64_t;		/* 1: INT u64 */
	__u32 u64_enc;
	struct btf_type data_t;		/* 2: PTR to void */
	struct btf_type proto;		/* 3: FUNC_PROTO (void *, u64 x 12) */
	struct btf_param params[13];
	struct btf_type proto_ptr;	/* 4: PTR to 3 */
	struct btf_type tdef;		/* 5: TYPEDEF btf_trace_<tp> = 4 */
	char strs[64];
} __attribute__((packed));

/*
 * Write, as /sys/kernel/btf/vmlinux, BTF that says tracepoint @tp takes
 * twelve u64 arguments.
 */
static void forge_vmlinux_btf(const char *tp)
{
	struct forged_btf b;
	int fd, i, n;

	memset(&b, 0, sizeof(b));
	n = snprintf(b.strs, sizeof(b.strs), "%cu64%cbtf_trace_%s", 0, 0, tp);
	ASSERT_TRUE(n > 0 && n < (int)sizeof(b.strs));
	b.hdr.magic = BTF_MAGIC;
	b.hdr.version = BTF_VERSION;
	b.hdr.hdr_len = sizeof(b.hdr);
	b.hdr.type_off = 0;
	b.hdr.type_len = offsetof(struct forged_btf, strs) - sizeof(b.hdr);
	b.hdr.str_off = b.hdr.type_len;
	b.hdr.str_len = n + 1;
	b.u64_t.name_off = 1;
	b.u64_t.info = INFO(BTF_KIND_INT, 0);
	b.u64_t.size = 8;
	b.u64_enc = INT_BITS(64);
	b.data_t.info = INFO(BTF_KIND_PTR, 0);
	b.proto.info = INFO(BTF_KIND_FUNC_PROTO, 13);
	b.params[0].type = 2;
	for (i = 1; i < 13; i++)
		b.params[i].type = 1;
	b.proto_ptr.info = INFO(BTF_KIND_PTR, 0);
	b.proto_ptr.type = 3;
	b.tdef.name_off = 5;
	b.tdef.info = INFO(BTF_KIND_TYPEDEF, 0);
	b.tdef.type = 4;

	fd = ASSERT_OK(open("/sys/kernel/btf/vmlinux",
			    O_WRONLY | O_CREAT | O_TRUNC, 0444));
	ASSERT_EQ(write(fd, &b, offsetof(struct forged_btf, strs) + n + 1),
		  offsetof(struct forged_btf, strs) + n + 1);
	close(fd);
}

/* A program that reads the twelfth argument slot. */
static int load_arg12_reader(void)
{
	const struct kbpf_insn insns[] = {
		KBPF_LDX_MEM(KBPF_DW, R0, R1, 11 * 8),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};

	return LOAD_RAW_TP(insns);
}

/*
 * The errno an attach of load_arg12_reader() to a tracepoint of fewer
 * arguments gets: Linux's -EINVAL, or on kbpf without the kernel's BTF
 * its refusal.
 */
static int arg12_errno(bool real_btf)
{
	if (kbpf_get_target() == KBPF_TARGET_KBPF && !real_btf)
		return EOPNOTSUPP;
	return EINVAL;
}

/*
 * BTF forged in the caller's mount namespace is not believed: the
 * tracepoint (sched_kthread_stop_ret(int ret), one argument, and looked
 * up by no other test, so not remembered yet) keeps its one argument and
 * a read of the twelfth is refused. Believed, it would register a probe
 * of twelve arguments on a tracepoint that passes one: the program would
 * read the kernel's stack.
 */
TEST(raw_tp_attack_btf_forged_in_mount_ns)
{
	bool real_btf = have_btf();
	int prog = load_arg12_reader();
	int err = arg12_errno(real_btf);

	private_sys_kernel();
	forge_vmlinux_btf("sched_kthread_stop_ret");
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("sched_kthread_stop_ret", prog),
		     err);
	close(prog);
}

/*
 * A FIFO at /sys/kernel/btf/vmlinux in the caller's mount namespace: an
 * open of it would block until a writer comes (with every other attach
 * waiting behind it); the attach answers at once.
 */
TEST(raw_tp_attack_btf_fifo_in_mount_ns)
{
	bool real_btf = have_btf();
	int prog = load_arg12_reader();
	int err = arg12_errno(real_btf);

	private_sys_kernel();
	ASSERT_OK(mkfifo("/sys/kernel/btf/vmlinux", 0444));
	ASSERT_ERRNO(kbpf_raw_tracepoint_open("sched_kthread_stop", prog), err);
	close(prog);
}

#define TP_MOD		"kbpf_tp_test"
#define TP_MOD_KO	"/root/" TP_MOD ".ko"
#define TP_MOD_TP	"kbpf_tp_test_widths"
/* The module's h argument when its init hits the tracepoint. */
#define TP_MOD_INIT_H	0x696e6974ULL

/* A program counting the runs whose ctx[7] is TP_MOD_INIT_H in @map. */
static int load_init_counter(int map)
{
	const struct kbpf_insn insns[] = {
		KBPF_LDX_MEM(KBPF_DW, R6, R1, 7 * 8),
		KBPF_ST_MEM(KBPF_W, R10, -4, 0),
		KBPF_MOV64_REG(R2, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R2, -4),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		KBPF_JMP_IMM(KBPF_JEQ, R0, 0, 5),
		KBPF_LD_IMM64(R1, TP_MOD_INIT_H),
		KBPF_JMP_REG(KBPF_JNE, R6, R1, 2),
		KBPF_MOV64_IMM(R1, 1),
		KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R0, R1, 0),
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};

	return LOAD_RAW_TP(insns);
}

static pid_t tp_mod_load_failing(unsigned int delay_ms)
{
	char params[64];
	pid_t child;
	int fd;

	fd = open(TP_MOD_KO, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		SKIP("no %s for this kernel", TP_MOD_KO);
	snprintf(params, sizeof(params), "init_delay_ms=%u init_fail=1",
		 delay_ms);
	child = fork();
	ASSERT_TRUE(child >= 0);
	if (!child)
		_exit(syscall(SYS_finit_module, fd, params, 0) == -1 &&
		      errno == EAGAIN ? 0 : 1);
	close(fd);
	return child;
}

/*
 * Attached while the module is coming, then its init fails: the module
 * is freed whatever references it has (Linux's module loader). kbpf
 * detaches the link as the module goes, so nothing points into the
 * freed module (Linux keeps the pointers, and the tracepoint code warns
 * that the module's tracepoint is still in use: this test would splat
 * there). The program ran on the init's hit; the link stays, attached
 * to nothing, with its link info; the module loads and unloads again.
 */
TEST_KBPF_ONLY(raw_tp_attack_module_init_fails_while_attached)
{
	int map, prog, link = -1, i, status, fd;
	struct kbpf_link_info info;
	bool no_btf = false;
	__u64 count = 0;
	char name[64];
	__u32 key = 0, len;
	pid_t child;

	if (!have_btf())
		SKIP("no /sys/kernel/btf/vmlinux: kbpf refuses the attach");
	syscall(SYS_delete_module, TP_MOD, O_NONBLOCK);
	map = ASSERT_OK(kbpf_array_create(sizeof(__u64), 1));
	prog = load_init_counter(map);
	child = tp_mod_load_failing(4000);
	/*
	 * ENOENT until the module's tracepoint exists; EOPNOTSUPP until its
	 * BTF shows in sysfs, or for good where the module has none (6.1's
	 * headers build no module BTF).
	 */
	for (i = 0; i < 300 && link < 0; i++) {
		link = kbpf_raw_tracepoint_open(TP_MOD_TP, prog);
		if (link < 0 && errno == EOPNOTSUPP)
			no_btf = true;
		else if (link < 0 && errno != ENOENT)
			FAIL("attach while coming: %s", kbpf_errname(errno));
		if (link < 0)
			usleep(10000);
	}
	if (link < 0 && no_btf) {
		waitpid(child, &status, 0);
		SKIP("the test module has no BTF here: kbpf refuses the attach");
	}
	ASSERT_TRUE(link >= 0);
	ASSERT_EQ(waitpid(child, &status, 0), child);
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	ASSERT_OK(kbpf_map_lookup(map, &key, &count, 0));
	ASSERT_EQ(count, 1);
	ASSERT_ERRNO(kbpf_raw_tracepoint_open(TP_MOD_TP, prog), ENOENT);
	memset(&info, 0, sizeof(info));
	info.raw_tracepoint.tp_name = (__u64)(unsigned long)name;
	info.raw_tracepoint.tp_name_len = sizeof(name);
	len = sizeof(info);
	ASSERT_OK(kbpf_obj_info(link, &info, &len));
	ASSERT_STREQ(name, TP_MOD_TP);
	close(link);

	fd = ASSERT_OK(open(TP_MOD_KO, O_RDONLY | O_CLOEXEC));
	ASSERT_OK(syscall(SYS_finit_module, fd, "", 0));
	close(fd);
	ASSERT_OK(syscall(SYS_delete_module, TP_MOD, O_NONBLOCK));
	close(prog);
	close(map);
}
