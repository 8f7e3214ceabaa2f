/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every test of the kernel version kbpf is built against lives in this
 * file and nowhere else.  The rest of the module tests the macros below,
 * which name what differs, not which release it came in.
 */
#ifndef _KBPF_COMPAT_H
#define _KBPF_COMPAT_H

#include <linux/err.h>
#include <linux/uprobes.h>
#include <linux/version.h>

/*
 * The one version test; everything below is phrased with it.  This line
 * is checkpatch's LINUX_VERSION_CODE warning, expected in this file only.
 */
#define KBPF_KERNEL_AT_LEAST(a, b, c)	\
	(KERNEL_VERSION(a, b, c) <= LINUX_VERSION_CODE)

/*
 * <uapi/linux/bpf.h>: which parts of Linux 6.12's ABI, the reference of
 * uapi/linux/kbpf.h, the kernel's own header already has.  uapi_check.c
 * compares only those.  Each is the mainline release that added it.
 */

/* The kernel's header is the reference or newer: counts and sizes agree. */
#define KBPF_UAPI_AT_REFERENCE		KBPF_KERNEL_AT_LEAST(6, 12, 0)

/* cgroup local storage map, its helpers, the old names marked deprecated */
#define KBPF_HAVE_CGRP_STORAGE		KBPF_KERNEL_AT_LEAST(6, 2, 0)
#define KBPF_HAVE_XDP_DEV_BOUND_ONLY	KBPF_KERNEL_AT_LEAST(6, 3, 0)
/* log_true_size of PROG_LOAD, btf_log_true_size of BTF_LOAD */
#define KBPF_HAVE_LOG_TRUE_SIZE		KBPF_KERNEL_AT_LEAST(6, 4, 0)
#define KBPF_HAVE_NETFILTER		KBPF_KERNEL_AT_LEAST(6, 4, 0)
/* struct_ops links: attach type, KBPF_F_LINK, map fds in link attrs */
#define KBPF_HAVE_STRUCT_OPS_LINK	KBPF_KERNEL_AT_LEAST(6, 4, 0)
#define KBPF_HAVE_PATH_FD		KBPF_KERNEL_AT_LEAST(6, 5, 0)
/* sign-extending loads and the other cpu v4 opcodes */
#define KBPF_HAVE_CPUV4			KBPF_KERNEL_AT_LEAST(6, 6, 0)
/* tcx and the multi-prog attach API: relative fd/id, revisions */
#define KBPF_HAVE_TCX			KBPF_KERNEL_AT_LEAST(6, 6, 0)
#define KBPF_HAVE_UPROBE_MULTI		KBPF_KERNEL_AT_LEAST(6, 6, 0)
/* link_info of kprobe_multi and perf_event links */
#define KBPF_HAVE_PERF_EVENT_LINK_INFO	KBPF_KERNEL_AT_LEAST(6, 6, 0)
#define KBPF_HAVE_NETFILTER_DEFRAG	KBPF_KERNEL_AT_LEAST(6, 6, 0)
#define KBPF_HAVE_NETKIT		KBPF_KERNEL_AT_LEAST(6, 7, 0)
#define KBPF_HAVE_CGROUP_UNIX		KBPF_KERNEL_AT_LEAST(6, 7, 0)
/* missed counts in the link_info of kprobe links */
#define KBPF_HAVE_KPROBE_MISSED		KBPF_KERNEL_AT_LEAST(6, 7, 0)
#define KBPF_HAVE_UPROBE_MULTI_LINK_INFO	KBPF_KERNEL_AT_LEAST(6, 8, 0)
#define KBPF_HAVE_REG_INVARIANTS	KBPF_KERNEL_AT_LEAST(6, 8, 0)
/* BPF tokens: TOKEN_CREATE and the token fds of other commands */
#define KBPF_HAVE_TOKEN			KBPF_KERNEL_AT_LEAST(6, 9, 0)
#define KBPF_HAVE_ARENA			KBPF_KERNEL_AT_LEAST(6, 9, 0)
#define KBPF_HAVE_MAY_GOTO		KBPF_KERNEL_AT_LEAST(6, 9, 0)
/* struct_ops types from module BTF: value_type_btf_obj_fd, btf_vmlinux_id */
#define KBPF_HAVE_STRUCT_OPS_BTF_OBJ	KBPF_KERNEL_AT_LEAST(6, 9, 0)
/* cookies in the link_info of kprobe_multi and perf_event links */
#define KBPF_HAVE_LINK_INFO_COOKIE	KBPF_KERNEL_AT_LEAST(6, 9, 0)
#define KBPF_HAVE_KPROBE_SESSION	KBPF_KERNEL_AT_LEAST(6, 10, 0)
#define KBPF_HAVE_SOCKMAP_LINK		KBPF_KERNEL_AT_LEAST(6, 10, 0)
#define KBPF_HAVE_RAW_TP_COOKIE		KBPF_KERNEL_AT_LEAST(6, 10, 0)

/*
 * Cgroup attach ordering: in mainline later than the reference, and taken
 * into 6.12 stable.  The stable release that took it is not pinned down
 * here, so older 6.12 releases are merely not checked.
 */
#define KBPF_IN_612_STABLE_FROM(sub)	\
	(KBPF_KERNEL_AT_LEAST(6, 12, sub) && !KBPF_KERNEL_AT_LEAST(6, 13, 0))
#define KBPF_HAVE_F_PREORDER		\
	(KBPF_IN_612_STABLE_FROM(117) || KBPF_KERNEL_AT_LEAST(6, 15, 0))
/* link_create.cgroup: relative fd/id and revision for cgroup links */
#define KBPF_HAVE_CGROUP_MPROG		\
	(KBPF_IN_612_STABLE_FROM(117) || KBPF_KERNEL_AT_LEAST(6, 17, 0))

/*
 * Kernel APIs that changed shape.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>

/* struct fd became an opaque word in 6.12; fd_file() reads it. */
#ifndef fd_file
#define fd_file(f)	((f).file)
#endif

/* vm_flags became read-only with accessors in 6.3. */
#define KBPF_HAVE_VM_FLAGS_ACCESSORS	KBPF_KERNEL_AT_LEAST(6, 3, 0)

static inline void kbpf_vm_flags_clear(struct vm_area_struct *vma,
				       unsigned long flags)
{
#if KBPF_HAVE_VM_FLAGS_ACCESSORS
	vm_flags_clear(vma, flags);
#else
	vma->vm_flags &= ~flags;
#endif
}

/*
 * The pin filesystem.  Inode operations take the mount's idmapping: a
 * struct user_namespace until 6.3, a struct mnt_idmap since.
 */
#define KBPF_HAVE_MNT_IDMAP		KBPF_KERNEL_AT_LEAST(6, 3, 0)
/* inode timestamps behind accessors (multigrain ctime) since 6.7 */
#define KBPF_HAVE_INODE_TIME_ACCESSORS	KBPF_KERNEL_AT_LEAST(6, 7, 0)

#if KBPF_HAVE_MNT_IDMAP
#define kbpf_idmap		mnt_idmap
#define KBPF_NOP_IDMAP		(&nop_mnt_idmap)
#else
#define kbpf_idmap		user_namespace
#define KBPF_NOP_IDMAP		(&init_user_ns)
#endif

/* A new inode: atime, mtime and ctime all now. */
static inline void kbpf_inode_init_ts(struct inode *inode)
{
#if KBPF_HAVE_INODE_TIME_ACCESSORS
	simple_inode_init_ts(inode);
#else
	struct timespec64 now = current_time(inode);

	inode->i_atime = now;
	inode->i_mtime = now;
	inode->i_ctime = now;
#endif
}

/* A directory gained or lost an entry: mtime and ctime now. */
static inline void kbpf_dir_changed(struct inode *dir)
{
#if KBPF_HAVE_INODE_TIME_ACCESSORS
	inode_set_mtime_to_ts(dir, inode_set_ctime_current(dir));
#else
	struct timespec64 now = current_time(dir);

	dir->i_mtime = now;
	dir->i_ctime = now;
#endif
}

/*
 * Test-only exports: internal symbols reach kbpf_kunit.ko through the
 * EXPORTED_FOR_KUNIT_TESTING namespace (on 6.2+ only when KUnit is on).
 */
#define KBPF_HAVE_KUNIT_VISIBILITY	KBPF_KERNEL_AT_LEAST(6, 2, 0)
#define KBPF_NS_IS_STRING		KBPF_KERNEL_AT_LEAST(6, 13, 0)

#if KBPF_HAVE_KUNIT_VISIBILITY
#include <kunit/visibility.h>
#else
/* Before 6.2: export into the namespace even without KUnit; harmless. */
#define EXPORT_SYMBOL_IF_KUNIT(sym) \
	EXPORT_SYMBOL_NS(sym, EXPORTED_FOR_KUNIT_TESTING)
#endif

#if KBPF_NS_IS_STRING
#define KBPF_MODULE_IMPORT_KUNIT_NS() \
	MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define KBPF_MODULE_IMPORT_KUNIT_NS() \
	MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

/*
 * Uprobes. 6.12 returns a handle from uprobe_register() and splits the
 * unregister into a per-consumer _nosync and one _sync wait; the
 * filter lost its uprobe_filter_ctx argument. Before, the handle is the
 * (inode, offset) pair and each unregister waits by itself.
 */
#define KBPF_HAVE_UPROBE_HANDLE		KBPF_KERNEL_AT_LEAST(6, 12, 0)

struct inode;
struct mm_struct;
struct uprobe;
struct uprobe_consumer;

#if KBPF_HAVE_UPROBE_HANDLE
#define KBPF_UPROBE_FILTER_ARGS(self, mm)	\
	struct uprobe_consumer *self, struct mm_struct *mm
#else
#define KBPF_UPROBE_FILTER_ARGS(self, mm)	\
	struct uprobe_consumer *self, enum uprobe_filter_ctx ctx, \
	struct mm_struct *mm
#endif

/* Registers @uc at @inode + @offset; *@handle names it for unregister. */
static inline int kbpf_uprobe_register(struct inode *inode, loff_t offset,
				       loff_t ref_ctr_offset,
				       struct uprobe_consumer *uc,
				       struct uprobe **handle)
{
#if KBPF_HAVE_UPROBE_HANDLE
	struct uprobe *uprobe = uprobe_register(inode, offset, ref_ctr_offset,
						uc);

	if (IS_ERR(uprobe))
		return PTR_ERR(uprobe);
	*handle = uprobe;
	return 0;
#else
	*handle = NULL;
	return uprobe_register_refctr(inode, offset, ref_ctr_offset, uc);
#endif
}

/* Handlers may still run until kbpf_uprobe_unregister_sync() returns. */
static inline void kbpf_uprobe_unregister_nosync(struct uprobe *handle,
						 struct inode *inode,
						 loff_t offset,
						 struct uprobe_consumer *uc)
{
#if KBPF_HAVE_UPROBE_HANDLE
	uprobe_unregister_nosync(handle, uc);
#else
	uprobe_unregister(inode, offset, uc);
#endif
}

static inline void kbpf_uprobe_unregister_sync(void)
{
#if KBPF_HAVE_UPROBE_HANDLE
	uprobe_unregister_sync();
#endif
}

/*
 * Socket filters' packets (kmod/prog/skb.c, types/socket_filter.c): the
 * unaligned accessors moved to <linux/unaligned.h> in 6.12; a kmalloc'd
 * buffer becomes an skb with slab_build_skb() since 6.2, build_skb() with
 * frag_size 0 before.
 */
#define KBPF_HAVE_LINUX_UNALIGNED	KBPF_KERNEL_AT_LEAST(6, 12, 0)
#define KBPF_HAVE_SLAB_BUILD_SKB	KBPF_KERNEL_AT_LEAST(6, 2, 0)
/* sk_buff's vlan_all replaced the vlan_present bit in 6.2. */
#define KBPF_HAVE_SKB_VLAN_ALL		KBPF_KERNEL_AT_LEAST(6, 2, 0)

/*
 * The per-CPU variable raw_smp_processor_id() reads on x86: a field of
 * pcpu_hot since 6.2, cpu_number before. The JIT reads it gs-relative.
 */
#define KBPF_HAVE_PCPU_HOT		KBPF_KERNEL_AT_LEAST(6, 2, 0)
#if KBPF_HAVE_PCPU_HOT
#define KBPF_CPU_NUMBER_PCPU		(&pcpu_hot.cpu_number)
#else
#define KBPF_CPU_NUMBER_PCPU		(&cpu_number)
#endif

#if KBPF_HAVE_LINUX_UNALIGNED
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#include <linux/skbuff.h>

static inline struct sk_buff *kbpf_slab_build_skb(void *data)
{
#if KBPF_HAVE_SLAB_BUILD_SKB
	return slab_build_skb(data);
#else
	return build_skb(data, 0);
#endif
}

/*
 * The JIT's indirect jumps (kmod/jit/emit.c) go through the kernel's
 * retpoline thunks where it has them: CONFIG_RETPOLINE until 6.8,
 * CONFIG_MITIGATION_RETPOLINE since 6.9.
 */
#if defined(CONFIG_MITIGATION_RETPOLINE) || defined(CONFIG_RETPOLINE)
#define KBPF_HAVE_RETPOLINE		1
#else
#define KBPF_HAVE_RETPOLINE		0
#endif

#endif /* _KBPF_COMPAT_H */
