/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kbpf ABI: the argument and constant space of bpf(2), spoken through
 * the single ioctl of /dev/kbpf.
 *
 * Every name is Linux's include/uapi/linux/bpf.h name with the leading
 * BPF_/bpf_ turned into KBPF_/kbpf_, and every value and layout is the one
 * of Linux 6.12, so this header can be included next to <linux/bpf.h> in
 * user space and in the kernel.  kmod/uapi_check.c holds this promise at
 * build time against the kernel being built for.
 *
 * Values are spelled out on purpose: compare them line by line with the
 * reference instead of counting enumerators.  Only struct kbpf_ioc, its
 * ioctl number and the device name at the end are kbpf's own.
 */
#ifndef _UAPI_LINUX_KBPF_H
#define _UAPI_LINUX_KBPF_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* Opcode layout: low three bits are the instruction class. */
#define KBPF_CLASS(code)	((code) & 0x07)
#define KBPF_LD		0x00
#define KBPF_LDX	0x01
#define KBPF_ST		0x02
#define KBPF_STX	0x03
#define KBPF_ALU	0x04
#define KBPF_JMP	0x05
#define KBPF_RET	0x06	/* classic BPF only */
#define KBPF_MISC	0x07	/* classic BPF only */
#define KBPF_JMP32	0x06
#define KBPF_ALU64	0x07

/* Load and store classes: access size (bits 3-4). */
#define KBPF_SIZE(code)	((code) & 0x18)
#define KBPF_W		0x00	/* 4 bytes */
#define KBPF_H		0x08	/* 2 bytes */
#define KBPF_B		0x10	/* 1 byte */
#define KBPF_DW		0x18	/* 8 bytes */

/* Load and store classes: addressing mode (bits 5-7). */
#define KBPF_MODE(code)	((code) & 0xe0)
#define KBPF_IMM	0x00
#define KBPF_ABS	0x20
#define KBPF_IND	0x40
#define KBPF_MEM	0x60
#define KBPF_LEN	0x80	/* classic BPF only */
#define KBPF_MSH	0xa0	/* classic BPF only */
#define KBPF_MEMSX	0x80	/* sign-extending load */
#define KBPF_ATOMIC	0xc0
#define KBPF_XADD	0xc0	/* old name of KBPF_ATOMIC with imm KBPF_ADD */

/* Arithmetic and jump classes: operation (bits 4-7). */
#define KBPF_OP(code)	((code) & 0xf0)
#define KBPF_ADD	0x00
#define KBPF_SUB	0x10
#define KBPF_MUL	0x20
#define KBPF_DIV	0x30
#define KBPF_OR		0x40
#define KBPF_AND	0x50
#define KBPF_LSH	0x60
#define KBPF_RSH	0x70
#define KBPF_NEG	0x80
#define KBPF_MOD	0x90
#define KBPF_XOR	0xa0
#define KBPF_MOV	0xb0
#define KBPF_ARSH	0xc0
#define KBPF_END	0xd0

/* Byte swap direction, in the source bit of KBPF_END. */
#define KBPF_TO_LE	0x00
#define KBPF_TO_BE	0x08
#define KBPF_FROM_LE	KBPF_TO_LE
#define KBPF_FROM_BE	KBPF_TO_BE

/* Jump classes: condition or kind of jump (bits 4-7). */
#define KBPF_JA		0x00
#define KBPF_JEQ	0x10
#define KBPF_JGT	0x20
#define KBPF_JGE	0x30
#define KBPF_JSET	0x40
#define KBPF_JNE	0x50
#define KBPF_JSGT	0x60
#define KBPF_JSGE	0x70
#define KBPF_CALL	0x80
#define KBPF_EXIT	0x90
#define KBPF_JLT	0xa0
#define KBPF_JLE	0xb0
#define KBPF_JSLT	0xc0
#define KBPF_JSLE	0xd0
#define KBPF_JCOND	0xe0

/* Operand source (bit 3): immediate or register. */
#define KBPF_SRC(code)	((code) & 0x08)
#define KBPF_K		0x00
#define KBPF_X		0x08

/* Atomic operations, carried in imm of KBPF_STX | KBPF_ATOMIC. */
#define KBPF_FETCH	0x01
#define KBPF_XCHG	(0xe0 | KBPF_FETCH)
#define KBPF_CMPXCHG	(0xf0 | KBPF_FETCH)

/* Largest classic BPF program. */
#define KBPF_MAXINSNS	4096

/* src_reg values of KBPF_JMP | KBPF_JCOND. */
enum kbpf_cond_pseudo_jmp {
	KBPF_MAY_GOTO = 0,
};

/* Registers: r0-r9 general purpose, r10 the read-only frame pointer. */
enum {
	KBPF_REG_0 = 0,
	KBPF_REG_1 = 1,
	KBPF_REG_2 = 2,
	KBPF_REG_3 = 3,
	KBPF_REG_4 = 4,
	KBPF_REG_5 = 5,
	KBPF_REG_6 = 6,
	KBPF_REG_7 = 7,
	KBPF_REG_8 = 8,
	KBPF_REG_9 = 9,
	KBPF_REG_10 = 10,
	__MAX_KBPF_REG = 11,
};

#define MAX_KBPF_REG	__MAX_KBPF_REG

/* One 8-byte instruction; a 64-bit immediate load takes two. */
struct kbpf_insn {
	__u8	code;		/* class | size/op | mode/source */
	__u8	dst_reg:4;
	__u8	src_reg:4;
	__s16	off;
	__s32	imm;
};

/* Commands: the cmd argument of bpf(2) and of struct kbpf_ioc. */
enum kbpf_cmd {
	KBPF_MAP_CREATE = 0,
	KBPF_MAP_LOOKUP_ELEM = 1,
	KBPF_MAP_UPDATE_ELEM = 2,
	KBPF_MAP_DELETE_ELEM = 3,
	KBPF_MAP_GET_NEXT_KEY = 4,
	KBPF_PROG_LOAD = 5,
	KBPF_OBJ_PIN = 6,
	KBPF_OBJ_GET = 7,
	KBPF_PROG_ATTACH = 8,
	KBPF_PROG_DETACH = 9,
	KBPF_PROG_TEST_RUN = 10,
	KBPF_PROG_RUN = KBPF_PROG_TEST_RUN,
	KBPF_PROG_GET_NEXT_ID = 11,
	KBPF_MAP_GET_NEXT_ID = 12,
	KBPF_PROG_GET_FD_BY_ID = 13,
	KBPF_MAP_GET_FD_BY_ID = 14,
	KBPF_OBJ_GET_INFO_BY_FD = 15,
	KBPF_PROG_QUERY = 16,
	KBPF_RAW_TRACEPOINT_OPEN = 17,
	KBPF_BTF_LOAD = 18,
	KBPF_BTF_GET_FD_BY_ID = 19,
	KBPF_TASK_FD_QUERY = 20,
	KBPF_MAP_LOOKUP_AND_DELETE_ELEM = 21,
	KBPF_MAP_FREEZE = 22,
	KBPF_BTF_GET_NEXT_ID = 23,
	KBPF_MAP_LOOKUP_BATCH = 24,
	KBPF_MAP_LOOKUP_AND_DELETE_BATCH = 25,
	KBPF_MAP_UPDATE_BATCH = 26,
	KBPF_MAP_DELETE_BATCH = 27,
	KBPF_LINK_CREATE = 28,
	KBPF_LINK_UPDATE = 29,
	KBPF_LINK_GET_FD_BY_ID = 30,
	KBPF_LINK_GET_NEXT_ID = 31,
	KBPF_ENABLE_STATS = 32,
	KBPF_ITER_CREATE = 33,
	KBPF_LINK_DETACH = 34,
	KBPF_PROG_BIND_MAP = 35,
	KBPF_TOKEN_CREATE = 36,
	__MAX_KBPF_CMD = 37,
};

enum kbpf_map_type {
	KBPF_MAP_TYPE_UNSPEC = 0,
	KBPF_MAP_TYPE_HASH = 1,
	KBPF_MAP_TYPE_ARRAY = 2,
	KBPF_MAP_TYPE_PROG_ARRAY = 3,
	KBPF_MAP_TYPE_PERF_EVENT_ARRAY = 4,
	KBPF_MAP_TYPE_PERCPU_HASH = 5,
	KBPF_MAP_TYPE_PERCPU_ARRAY = 6,
	KBPF_MAP_TYPE_STACK_TRACE = 7,
	KBPF_MAP_TYPE_CGROUP_ARRAY = 8,
	KBPF_MAP_TYPE_LRU_HASH = 9,
	KBPF_MAP_TYPE_LRU_PERCPU_HASH = 10,
	KBPF_MAP_TYPE_LPM_TRIE = 11,
	KBPF_MAP_TYPE_ARRAY_OF_MAPS = 12,
	KBPF_MAP_TYPE_HASH_OF_MAPS = 13,
	KBPF_MAP_TYPE_DEVMAP = 14,
	KBPF_MAP_TYPE_SOCKMAP = 15,
	KBPF_MAP_TYPE_CPUMAP = 16,
	KBPF_MAP_TYPE_XSKMAP = 17,
	KBPF_MAP_TYPE_SOCKHASH = 18,
	KBPF_MAP_TYPE_CGROUP_STORAGE_DEPRECATED = 19,
	KBPF_MAP_TYPE_CGROUP_STORAGE = KBPF_MAP_TYPE_CGROUP_STORAGE_DEPRECATED,
	KBPF_MAP_TYPE_REUSEPORT_SOCKARRAY = 20,
	KBPF_MAP_TYPE_PERCPU_CGROUP_STORAGE_DEPRECATED = 21,
	KBPF_MAP_TYPE_PERCPU_CGROUP_STORAGE = KBPF_MAP_TYPE_PERCPU_CGROUP_STORAGE_DEPRECATED,
	KBPF_MAP_TYPE_QUEUE = 22,
	KBPF_MAP_TYPE_STACK = 23,
	KBPF_MAP_TYPE_SK_STORAGE = 24,
	KBPF_MAP_TYPE_DEVMAP_HASH = 25,
	KBPF_MAP_TYPE_STRUCT_OPS = 26,
	KBPF_MAP_TYPE_RINGBUF = 27,
	KBPF_MAP_TYPE_INODE_STORAGE = 28,
	KBPF_MAP_TYPE_TASK_STORAGE = 29,
	KBPF_MAP_TYPE_BLOOM_FILTER = 30,
	KBPF_MAP_TYPE_USER_RINGBUF = 31,
	KBPF_MAP_TYPE_CGRP_STORAGE = 32,
	KBPF_MAP_TYPE_ARENA = 33,
	__MAX_KBPF_MAP_TYPE = 34,
};

enum kbpf_prog_type {
	KBPF_PROG_TYPE_UNSPEC = 0,
	KBPF_PROG_TYPE_SOCKET_FILTER = 1,
	KBPF_PROG_TYPE_KPROBE = 2,
	KBPF_PROG_TYPE_SCHED_CLS = 3,
	KBPF_PROG_TYPE_SCHED_ACT = 4,
	KBPF_PROG_TYPE_TRACEPOINT = 5,
	KBPF_PROG_TYPE_XDP = 6,
	KBPF_PROG_TYPE_PERF_EVENT = 7,
	KBPF_PROG_TYPE_CGROUP_SKB = 8,
	KBPF_PROG_TYPE_CGROUP_SOCK = 9,
	KBPF_PROG_TYPE_LWT_IN = 10,
	KBPF_PROG_TYPE_LWT_OUT = 11,
	KBPF_PROG_TYPE_LWT_XMIT = 12,
	KBPF_PROG_TYPE_SOCK_OPS = 13,
	KBPF_PROG_TYPE_SK_SKB = 14,
	KBPF_PROG_TYPE_CGROUP_DEVICE = 15,
	KBPF_PROG_TYPE_SK_MSG = 16,
	KBPF_PROG_TYPE_RAW_TRACEPOINT = 17,
	KBPF_PROG_TYPE_CGROUP_SOCK_ADDR = 18,
	KBPF_PROG_TYPE_LWT_SEG6LOCAL = 19,
	KBPF_PROG_TYPE_LIRC_MODE2 = 20,
	KBPF_PROG_TYPE_SK_REUSEPORT = 21,
	KBPF_PROG_TYPE_FLOW_DISSECTOR = 22,
	KBPF_PROG_TYPE_CGROUP_SYSCTL = 23,
	KBPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE = 24,
	KBPF_PROG_TYPE_CGROUP_SOCKOPT = 25,
	KBPF_PROG_TYPE_TRACING = 26,
	KBPF_PROG_TYPE_STRUCT_OPS = 27,
	KBPF_PROG_TYPE_EXT = 28,
	KBPF_PROG_TYPE_LSM = 29,
	KBPF_PROG_TYPE_SK_LOOKUP = 30,
	KBPF_PROG_TYPE_SYSCALL = 31,
	KBPF_PROG_TYPE_NETFILTER = 32,
	__MAX_KBPF_PROG_TYPE = 33,
};

enum kbpf_attach_type {
	KBPF_CGROUP_INET_INGRESS = 0,
	KBPF_CGROUP_INET_EGRESS = 1,
	KBPF_CGROUP_INET_SOCK_CREATE = 2,
	KBPF_CGROUP_SOCK_OPS = 3,
	KBPF_SK_SKB_STREAM_PARSER = 4,
	KBPF_SK_SKB_STREAM_VERDICT = 5,
	KBPF_CGROUP_DEVICE = 6,
	KBPF_SK_MSG_VERDICT = 7,
	KBPF_CGROUP_INET4_BIND = 8,
	KBPF_CGROUP_INET6_BIND = 9,
	KBPF_CGROUP_INET4_CONNECT = 10,
	KBPF_CGROUP_INET6_CONNECT = 11,
	KBPF_CGROUP_INET4_POST_BIND = 12,
	KBPF_CGROUP_INET6_POST_BIND = 13,
	KBPF_CGROUP_UDP4_SENDMSG = 14,
	KBPF_CGROUP_UDP6_SENDMSG = 15,
	KBPF_LIRC_MODE2 = 16,
	KBPF_FLOW_DISSECTOR = 17,
	KBPF_CGROUP_SYSCTL = 18,
	KBPF_CGROUP_UDP4_RECVMSG = 19,
	KBPF_CGROUP_UDP6_RECVMSG = 20,
	KBPF_CGROUP_GETSOCKOPT = 21,
	KBPF_CGROUP_SETSOCKOPT = 22,
	KBPF_TRACE_RAW_TP = 23,
	KBPF_TRACE_FENTRY = 24,
	KBPF_TRACE_FEXIT = 25,
	KBPF_MODIFY_RETURN = 26,
	KBPF_LSM_MAC = 27,
	KBPF_TRACE_ITER = 28,
	KBPF_CGROUP_INET4_GETPEERNAME = 29,
	KBPF_CGROUP_INET6_GETPEERNAME = 30,
	KBPF_CGROUP_INET4_GETSOCKNAME = 31,
	KBPF_CGROUP_INET6_GETSOCKNAME = 32,
	KBPF_XDP_DEVMAP = 33,
	KBPF_CGROUP_INET_SOCK_RELEASE = 34,
	KBPF_XDP_CPUMAP = 35,
	KBPF_SK_LOOKUP = 36,
	KBPF_XDP = 37,
	KBPF_SK_SKB_VERDICT = 38,
	KBPF_SK_REUSEPORT_SELECT = 39,
	KBPF_SK_REUSEPORT_SELECT_OR_MIGRATE = 40,
	KBPF_PERF_EVENT = 41,
	KBPF_TRACE_KPROBE_MULTI = 42,
	KBPF_LSM_CGROUP = 43,
	KBPF_STRUCT_OPS = 44,
	KBPF_NETFILTER = 45,
	KBPF_TCX_INGRESS = 46,
	KBPF_TCX_EGRESS = 47,
	KBPF_TRACE_UPROBE_MULTI = 48,
	KBPF_CGROUP_UNIX_CONNECT = 49,
	KBPF_CGROUP_UNIX_SENDMSG = 50,
	KBPF_CGROUP_UNIX_RECVMSG = 51,
	KBPF_CGROUP_UNIX_GETPEERNAME = 52,
	KBPF_CGROUP_UNIX_GETSOCKNAME = 53,
	KBPF_NETKIT_PRIMARY = 54,
	KBPF_NETKIT_PEER = 55,
	KBPF_TRACE_KPROBE_SESSION = 56,
	__MAX_KBPF_ATTACH_TYPE = 57,
};

#define MAX_KBPF_ATTACH_TYPE	__MAX_KBPF_ATTACH_TYPE

enum kbpf_link_type {
	KBPF_LINK_TYPE_UNSPEC = 0,
	KBPF_LINK_TYPE_RAW_TRACEPOINT = 1,
	KBPF_LINK_TYPE_TRACING = 2,
	KBPF_LINK_TYPE_CGROUP = 3,
	KBPF_LINK_TYPE_ITER = 4,
	KBPF_LINK_TYPE_NETNS = 5,
	KBPF_LINK_TYPE_XDP = 6,
	KBPF_LINK_TYPE_PERF_EVENT = 7,
	KBPF_LINK_TYPE_KPROBE_MULTI = 8,
	KBPF_LINK_TYPE_STRUCT_OPS = 9,
	KBPF_LINK_TYPE_NETFILTER = 10,
	KBPF_LINK_TYPE_TCX = 11,
	KBPF_LINK_TYPE_UPROBE_MULTI = 12,
	KBPF_LINK_TYPE_NETKIT = 13,
	KBPF_LINK_TYPE_SOCKMAP = 14,
	__MAX_KBPF_LINK_TYPE = 15,
};

#define MAX_KBPF_LINK_TYPE	__MAX_KBPF_LINK_TYPE

/* Kind of probe behind a perf event link (kbpf_link_info.perf_event). */
enum kbpf_perf_event_type {
	KBPF_PERF_EVENT_UNSPEC = 0,
	KBPF_PERF_EVENT_UPROBE = 1,
	KBPF_PERF_EVENT_URETPROBE = 2,
	KBPF_PERF_EVENT_KPROBE = 3,
	KBPF_PERF_EVENT_KRETPROBE = 4,
	KBPF_PERF_EVENT_TRACEPOINT = 5,
	KBPF_PERF_EVENT_EVENT = 6,
};

/*
 * attach_flags of PROG_ATTACH and link_create.flags of cgroup, tcx and
 * netkit links.  KBPF_F_LINK, bit 13, is shared with the map flags below.
 */
enum {
	KBPF_F_ALLOW_OVERRIDE = (1U << 0),
	KBPF_F_ALLOW_MULTI = (1U << 1),
	KBPF_F_REPLACE = (1U << 2),
	KBPF_F_BEFORE = (1U << 3),
	KBPF_F_AFTER = (1U << 4),
	KBPF_F_ID = (1U << 5),
	KBPF_F_PREORDER = (1U << 6),
};

/* prog_flags of PROG_LOAD. */
enum {
	KBPF_F_STRICT_ALIGNMENT = (1U << 0),
	KBPF_F_ANY_ALIGNMENT = (1U << 1),
	KBPF_F_TEST_RND_HI32 = (1U << 2),
	KBPF_F_TEST_STATE_FREQ = (1U << 3),
	KBPF_F_SLEEPABLE = (1U << 4),
	KBPF_F_XDP_HAS_FRAGS = (1U << 5),
	KBPF_F_XDP_DEV_BOUND_ONLY = (1U << 6),
	KBPF_F_TEST_REG_INVARIANTS = (1U << 7),
};

/* link_create.kprobe_multi.flags */
enum {
	KBPF_F_KPROBE_MULTI_RETURN = (1U << 0),
};

/* link_create.uprobe_multi.flags */
enum {
	KBPF_F_UPROBE_MULTI_RETURN = (1U << 0),
};

/* link_create.netfilter.flags */
enum {
	KBPF_F_NETFILTER_IP_DEFRAG = (1U << 0),
};

/*
 * src_reg of a two-slot KBPF_LD | KBPF_IMM | KBPF_DW: what imm refers to.
 * MAP_FD: imm is a map fd, loads the map.
 * MAP_IDX: imm indexes fd_array, loads the map.
 * MAP_VALUE: imm is a map fd, next imm an offset into its value.
 * MAP_IDX_VALUE: as MAP_VALUE with an fd_array index.
 * BTF_ID: imm is a kernel BTF id.
 * FUNC: imm is the relative address of a subprogram (a callback).
 */
#define KBPF_PSEUDO_MAP_FD		1
#define KBPF_PSEUDO_MAP_IDX		5
#define KBPF_PSEUDO_MAP_VALUE		2
#define KBPF_PSEUDO_MAP_IDX_VALUE	6
#define KBPF_PSEUDO_BTF_ID		3
#define KBPF_PSEUDO_FUNC		4

/*
 * src_reg of KBPF_JMP | KBPF_CALL: 0 calls helper imm, PSEUDO_CALL a
 * subprogram at pc + imm + 1, PSEUDO_KFUNC_CALL a kernel function by BTF id.
 */
#define KBPF_PSEUDO_CALL		1
#define KBPF_PSEUDO_KFUNC_CALL		2

/* off of KBPF_ALU64 | KBPF_MOV | KBPF_X: address space cast. */
enum kbpf_addr_space_cast {
	KBPF_ADDR_SPACE_CAST = 1,
};

/* flags of MAP_UPDATE_ELEM and of the update helper. */
enum {
	KBPF_ANY = 0,
	KBPF_NOEXIST = 1,
	KBPF_EXIST = 2,
	KBPF_F_LOCK = 4,
};

/* map_flags of MAP_CREATE; the access bits also serve OBJ_GET file_flags. */
enum {
	KBPF_F_NO_PREALLOC = (1U << 0),
	KBPF_F_NO_COMMON_LRU = (1U << 1),
	KBPF_F_NUMA_NODE = (1U << 2),
	KBPF_F_RDONLY = (1U << 3),
	KBPF_F_WRONLY = (1U << 4),
	KBPF_F_STACK_BUILD_ID = (1U << 5),
	KBPF_F_ZERO_SEED = (1U << 6),
	KBPF_F_RDONLY_PROG = (1U << 7),
	KBPF_F_WRONLY_PROG = (1U << 8),
	KBPF_F_CLONE = (1U << 9),
	KBPF_F_MMAPABLE = (1U << 10),
	KBPF_F_PRESERVE_ELEMS = (1U << 11),
	KBPF_F_INNER_MAP = (1U << 12),
	KBPF_F_LINK = (1U << 13),
	KBPF_F_PATH_FD = (1U << 14),
	KBPF_F_VTYPE_BTF_OBJ_FD = (1U << 15),
	KBPF_F_TOKEN_FD = (1U << 16),
	KBPF_F_SEGV_ON_FAULT = (1U << 17),
	KBPF_F_NO_USER_CONV = (1U << 18),
};

/* query.query_flags of PROG_QUERY. */
enum {
	KBPF_F_QUERY_EFFECTIVE = (1U << 0),
};

/* test.flags of PROG_TEST_RUN. */
enum {
	KBPF_F_TEST_RUN_ON_CPU = (1U << 0),
	KBPF_F_TEST_XDP_LIVE_FRAMES = (1U << 1),
	KBPF_F_TEST_SKB_CHECKSUM_COMPLETE = (1U << 2),
};

/* enable_stats.type of ENABLE_STATS. */
enum kbpf_stats_type {
	KBPF_STATS_RUN_TIME = 0,
};

/* fd_type answered by TASK_FD_QUERY. */
enum kbpf_task_fd_type {
	KBPF_FD_TYPE_RAW_TRACEPOINT = 0,
	KBPF_FD_TYPE_TRACEPOINT = 1,
	KBPF_FD_TYPE_KPROBE = 2,
	KBPF_FD_TYPE_KRETPROBE = 3,
	KBPF_FD_TYPE_UPROBE = 4,
	KBPF_FD_TYPE_URETPROBE = 5,
};

/* Length of map, program and link names, NUL included. */
#define KBPF_OBJ_NAME_LEN	16U

/*
 * The attribute block of every command.  Each command reads one member
 * (or one anonymous struct); bytes past the last field it knows must be
 * zero.  User pointers travel as 64-bit integers.
 */
union kbpf_attr {
	struct { /* MAP_CREATE */
		__u32	map_type;
		__u32	key_size;
		__u32	value_size;
		__u32	max_entries;
		__u32	map_flags;
		__u32	inner_map_fd;
		__u32	numa_node;
		char	map_name[KBPF_OBJ_NAME_LEN];
		__u32	map_ifindex;
		__u32	btf_fd;
		__u32	btf_key_type_id;
		__u32	btf_value_type_id;
		__u32	btf_vmlinux_value_type_id;
		__u64	map_extra;
		__s32	value_type_btf_obj_fd;
		__s32	map_token_fd;
	};

	struct { /* MAP_{LOOKUP,UPDATE,DELETE}_ELEM, MAP_GET_NEXT_KEY, ... */
		__u32		map_fd;
		__aligned_u64	key;
		union {
			__aligned_u64	value;
			__aligned_u64	next_key;
		};
		__u64		flags;
	};

	struct { /* MAP_*_BATCH */
		__aligned_u64	in_batch;
		__aligned_u64	out_batch;
		__aligned_u64	keys;
		__aligned_u64	values;
		__u32		count;
		__u32		map_fd;
		__u64		elem_flags;
		__u64		flags;
	} batch;

	struct { /* PROG_LOAD */
		__u32		prog_type;
		__u32		insn_cnt;
		__aligned_u64	insns;
		__aligned_u64	license;
		__u32		log_level;
		__u32		log_size;
		__aligned_u64	log_buf;
		__u32		kern_version;
		__u32		prog_flags;
		char		prog_name[KBPF_OBJ_NAME_LEN];
		__u32		prog_ifindex;
		__u32		expected_attach_type;
		__u32		prog_btf_fd;
		__u32		func_info_rec_size;
		__aligned_u64	func_info;
		__u32		func_info_cnt;
		__u32		line_info_rec_size;
		__aligned_u64	line_info;
		__u32		line_info_cnt;
		__u32		attach_btf_id;
		union {
			__u32	attach_prog_fd;
			__u32	attach_btf_obj_fd;
		};
		__u32		core_relo_cnt;
		__aligned_u64	fd_array;
		__aligned_u64	core_relos;
		__u32		core_relo_rec_size;
		__u32		log_true_size;
		__s32		prog_token_fd;
	};

	struct { /* OBJ_PIN, OBJ_GET */
		__aligned_u64	pathname;
		__u32		bpf_fd;
		__u32		file_flags;
		__s32		path_fd;
	};

	struct { /* PROG_ATTACH, PROG_DETACH */
		union {
			__u32	target_fd;
			__u32	target_ifindex;
		};
		__u32		attach_bpf_fd;
		__u32		attach_type;
		__u32		attach_flags;
		__u32		replace_bpf_fd;
		union {
			__u32	relative_fd;
			__u32	relative_id;
		};
		__u64		expected_revision;
	};

	struct { /* PROG_TEST_RUN */
		__u32		prog_fd;
		__u32		retval;
		__u32		data_size_in;
		__u32		data_size_out;
		__aligned_u64	data_in;
		__aligned_u64	data_out;
		__u32		repeat;
		__u32		duration;
		__u32		ctx_size_in;
		__u32		ctx_size_out;
		__aligned_u64	ctx_in;
		__aligned_u64	ctx_out;
		__u32		flags;
		__u32		cpu;
		__u32		batch_size;
	} test;

	struct { /* *_GET_NEXT_ID, *_GET_FD_BY_ID */
		union {
			__u32	start_id;
			__u32	prog_id;
			__u32	map_id;
			__u32	btf_id;
			__u32	link_id;
		};
		__u32		next_id;
		__u32		open_flags;
	};

	struct { /* OBJ_GET_INFO_BY_FD */
		__u32		bpf_fd;
		__u32		info_len;
		__aligned_u64	info;
	} info;

	struct { /* PROG_QUERY */
		union {
			__u32	target_fd;
			__u32	target_ifindex;
		};
		__u32		attach_type;
		__u32		query_flags;
		__u32		attach_flags;
		__aligned_u64	prog_ids;
		union {
			__u32	prog_cnt;
			__u32	count;
		};
		__u32:32;
		__aligned_u64	prog_attach_flags;
		__aligned_u64	link_ids;
		__aligned_u64	link_attach_flags;
		__u64		revision;
	} query;

	struct { /* RAW_TRACEPOINT_OPEN */
		__u64		name;
		__u32		prog_fd;
		__u32:32;
		__aligned_u64	cookie;
	} raw_tracepoint;

	struct { /* BTF_LOAD */
		__aligned_u64	btf;
		__aligned_u64	btf_log_buf;
		__u32		btf_size;
		__u32		btf_log_size;
		__u32		btf_log_level;
		__u32		btf_log_true_size;
		__u32		btf_flags;
		__s32		btf_token_fd;
	};

	struct { /* TASK_FD_QUERY */
		__u32		pid;
		__u32		fd;
		__u32		flags;
		__u32		buf_len;
		__aligned_u64	buf;
		__u32		prog_id;
		__u32		fd_type;
		__u64		probe_offset;
		__u64		probe_addr;
	} task_fd_query;

	struct { /* LINK_CREATE */
		union {
			__u32	prog_fd;
			__u32	map_fd;
		};
		union {
			__u32	target_fd;
			__u32	target_ifindex;
		};
		__u32		attach_type;
		__u32		flags;
		union { /* per link type, from byte 16 */
			__u32	target_btf_id;
			struct {
				__aligned_u64	iter_info;
				__u32		iter_info_len;
			};
			struct {
				__u64		bpf_cookie;
			} perf_event;
			struct {
				__u32		flags;
				__u32		cnt;
				__aligned_u64	syms;
				__aligned_u64	addrs;
				__aligned_u64	cookies;
			} kprobe_multi;
			struct {
				__u32		target_btf_id;
				__u64		cookie;
			} tracing;
			struct {
				__u32		pf;
				__u32		hooknum;
				__s32		priority;
				__u32		flags;
			} netfilter;
			struct {
				union {
					__u32	relative_fd;
					__u32	relative_id;
				};
				__u64		expected_revision;
			} tcx;
			struct {
				__aligned_u64	path;
				__aligned_u64	offsets;
				__aligned_u64	ref_ctr_offsets;
				__aligned_u64	cookies;
				__u32		cnt;
				__u32		flags;
				__u32		pid;
			} uprobe_multi;
			struct {
				union {
					__u32	relative_fd;
					__u32	relative_id;
				};
				__u64		expected_revision;
			} netkit;
			struct {
				union {
					__u32	relative_fd;
					__u32	relative_id;
				};
				__u64		expected_revision;
			} cgroup;
		};
	} link_create;

	struct { /* LINK_UPDATE */
		__u32		link_fd;
		union {
			__u32	new_prog_fd;
			__u32	new_map_fd;
		};
		__u32		flags;
		union {
			__u32	old_prog_fd;
			__u32	old_map_fd;
		};
	} link_update;

	struct { /* LINK_DETACH */
		__u32		link_fd;
	} link_detach;

	struct { /* ENABLE_STATS */
		__u32		type;
	} enable_stats;

	struct { /* ITER_CREATE */
		__u32		link_fd;
		__u32		flags;
	} iter_create;

	struct { /* PROG_BIND_MAP */
		__u32		prog_fd;
		__u32		map_fd;
		__u32		flags;
	} prog_bind_map;

	struct { /* TOKEN_CREATE */
		__u32		flags;
		__u32		bpffs_fd;
	} token_create;
};

/* Helper function ids: imm of a KBPF_JMP | KBPF_CALL with src_reg 0. */
enum kbpf_func_id {
	KBPF_FUNC_unspec = 0,
	KBPF_FUNC_map_lookup_elem = 1,
	KBPF_FUNC_map_update_elem = 2,
	KBPF_FUNC_map_delete_elem = 3,
	KBPF_FUNC_probe_read = 4,
	KBPF_FUNC_ktime_get_ns = 5,
	KBPF_FUNC_trace_printk = 6,
	KBPF_FUNC_get_prandom_u32 = 7,
	KBPF_FUNC_get_smp_processor_id = 8,
	KBPF_FUNC_skb_store_bytes = 9,
	KBPF_FUNC_l3_csum_replace = 10,
	KBPF_FUNC_l4_csum_replace = 11,
	KBPF_FUNC_tail_call = 12,
	KBPF_FUNC_clone_redirect = 13,
	KBPF_FUNC_get_current_pid_tgid = 14,
	KBPF_FUNC_get_current_uid_gid = 15,
	KBPF_FUNC_get_current_comm = 16,
	KBPF_FUNC_get_cgroup_classid = 17,
	KBPF_FUNC_skb_vlan_push = 18,
	KBPF_FUNC_skb_vlan_pop = 19,
	KBPF_FUNC_skb_get_tunnel_key = 20,
	KBPF_FUNC_skb_set_tunnel_key = 21,
	KBPF_FUNC_perf_event_read = 22,
	KBPF_FUNC_redirect = 23,
	KBPF_FUNC_get_route_realm = 24,
	KBPF_FUNC_perf_event_output = 25,
	KBPF_FUNC_skb_load_bytes = 26,
	KBPF_FUNC_get_stackid = 27,
	KBPF_FUNC_csum_diff = 28,
	KBPF_FUNC_skb_get_tunnel_opt = 29,
	KBPF_FUNC_skb_set_tunnel_opt = 30,
	KBPF_FUNC_skb_change_proto = 31,
	KBPF_FUNC_skb_change_type = 32,
	KBPF_FUNC_skb_under_cgroup = 33,
	KBPF_FUNC_get_hash_recalc = 34,
	KBPF_FUNC_get_current_task = 35,
	KBPF_FUNC_probe_write_user = 36,
	KBPF_FUNC_current_task_under_cgroup = 37,
	KBPF_FUNC_skb_change_tail = 38,
	KBPF_FUNC_skb_pull_data = 39,
	KBPF_FUNC_csum_update = 40,
	KBPF_FUNC_set_hash_invalid = 41,
	KBPF_FUNC_get_numa_node_id = 42,
	KBPF_FUNC_skb_change_head = 43,
	KBPF_FUNC_xdp_adjust_head = 44,
	KBPF_FUNC_probe_read_str = 45,
	KBPF_FUNC_get_socket_cookie = 46,
	KBPF_FUNC_get_socket_uid = 47,
	KBPF_FUNC_set_hash = 48,
	KBPF_FUNC_setsockopt = 49,
	KBPF_FUNC_skb_adjust_room = 50,
	KBPF_FUNC_redirect_map = 51,
	KBPF_FUNC_sk_redirect_map = 52,
	KBPF_FUNC_sock_map_update = 53,
	KBPF_FUNC_xdp_adjust_meta = 54,
	KBPF_FUNC_perf_event_read_value = 55,
	KBPF_FUNC_perf_prog_read_value = 56,
	KBPF_FUNC_getsockopt = 57,
	KBPF_FUNC_override_return = 58,
	KBPF_FUNC_sock_ops_cb_flags_set = 59,
	KBPF_FUNC_msg_redirect_map = 60,
	KBPF_FUNC_msg_apply_bytes = 61,
	KBPF_FUNC_msg_cork_bytes = 62,
	KBPF_FUNC_msg_pull_data = 63,
	KBPF_FUNC_bind = 64,
	KBPF_FUNC_xdp_adjust_tail = 65,
	KBPF_FUNC_skb_get_xfrm_state = 66,
	KBPF_FUNC_get_stack = 67,
	KBPF_FUNC_skb_load_bytes_relative = 68,
	KBPF_FUNC_fib_lookup = 69,
	KBPF_FUNC_sock_hash_update = 70,
	KBPF_FUNC_msg_redirect_hash = 71,
	KBPF_FUNC_sk_redirect_hash = 72,
	KBPF_FUNC_lwt_push_encap = 73,
	KBPF_FUNC_lwt_seg6_store_bytes = 74,
	KBPF_FUNC_lwt_seg6_adjust_srh = 75,
	KBPF_FUNC_lwt_seg6_action = 76,
	KBPF_FUNC_rc_repeat = 77,
	KBPF_FUNC_rc_keydown = 78,
	KBPF_FUNC_skb_cgroup_id = 79,
	KBPF_FUNC_get_current_cgroup_id = 80,
	KBPF_FUNC_get_local_storage = 81,
	KBPF_FUNC_sk_select_reuseport = 82,
	KBPF_FUNC_skb_ancestor_cgroup_id = 83,
	KBPF_FUNC_sk_lookup_tcp = 84,
	KBPF_FUNC_sk_lookup_udp = 85,
	KBPF_FUNC_sk_release = 86,
	KBPF_FUNC_map_push_elem = 87,
	KBPF_FUNC_map_pop_elem = 88,
	KBPF_FUNC_map_peek_elem = 89,
	KBPF_FUNC_msg_push_data = 90,
	KBPF_FUNC_msg_pop_data = 91,
	KBPF_FUNC_rc_pointer_rel = 92,
	KBPF_FUNC_spin_lock = 93,
	KBPF_FUNC_spin_unlock = 94,
	KBPF_FUNC_sk_fullsock = 95,
	KBPF_FUNC_tcp_sock = 96,
	KBPF_FUNC_skb_ecn_set_ce = 97,
	KBPF_FUNC_get_listener_sock = 98,
	KBPF_FUNC_skc_lookup_tcp = 99,
	KBPF_FUNC_tcp_check_syncookie = 100,
	KBPF_FUNC_sysctl_get_name = 101,
	KBPF_FUNC_sysctl_get_current_value = 102,
	KBPF_FUNC_sysctl_get_new_value = 103,
	KBPF_FUNC_sysctl_set_new_value = 104,
	KBPF_FUNC_strtol = 105,
	KBPF_FUNC_strtoul = 106,
	KBPF_FUNC_sk_storage_get = 107,
	KBPF_FUNC_sk_storage_delete = 108,
	KBPF_FUNC_send_signal = 109,
	KBPF_FUNC_tcp_gen_syncookie = 110,
	KBPF_FUNC_skb_output = 111,
	KBPF_FUNC_probe_read_user = 112,
	KBPF_FUNC_probe_read_kernel = 113,
	KBPF_FUNC_probe_read_user_str = 114,
	KBPF_FUNC_probe_read_kernel_str = 115,
	KBPF_FUNC_tcp_send_ack = 116,
	KBPF_FUNC_send_signal_thread = 117,
	KBPF_FUNC_jiffies64 = 118,
	KBPF_FUNC_read_branch_records = 119,
	KBPF_FUNC_get_ns_current_pid_tgid = 120,
	KBPF_FUNC_xdp_output = 121,
	KBPF_FUNC_get_netns_cookie = 122,
	KBPF_FUNC_get_current_ancestor_cgroup_id = 123,
	KBPF_FUNC_sk_assign = 124,
	KBPF_FUNC_ktime_get_boot_ns = 125,
	KBPF_FUNC_seq_printf = 126,
	KBPF_FUNC_seq_write = 127,
	KBPF_FUNC_sk_cgroup_id = 128,
	KBPF_FUNC_sk_ancestor_cgroup_id = 129,
	KBPF_FUNC_ringbuf_output = 130,
	KBPF_FUNC_ringbuf_reserve = 131,
	KBPF_FUNC_ringbuf_submit = 132,
	KBPF_FUNC_ringbuf_discard = 133,
	KBPF_FUNC_ringbuf_query = 134,
	KBPF_FUNC_csum_level = 135,
	KBPF_FUNC_skc_to_tcp6_sock = 136,
	KBPF_FUNC_skc_to_tcp_sock = 137,
	KBPF_FUNC_skc_to_tcp_timewait_sock = 138,
	KBPF_FUNC_skc_to_tcp_request_sock = 139,
	KBPF_FUNC_skc_to_udp6_sock = 140,
	KBPF_FUNC_get_task_stack = 141,
	KBPF_FUNC_load_hdr_opt = 142,
	KBPF_FUNC_store_hdr_opt = 143,
	KBPF_FUNC_reserve_hdr_opt = 144,
	KBPF_FUNC_inode_storage_get = 145,
	KBPF_FUNC_inode_storage_delete = 146,
	KBPF_FUNC_d_path = 147,
	KBPF_FUNC_copy_from_user = 148,
	KBPF_FUNC_snprintf_btf = 149,
	KBPF_FUNC_seq_printf_btf = 150,
	KBPF_FUNC_skb_cgroup_classid = 151,
	KBPF_FUNC_redirect_neigh = 152,
	KBPF_FUNC_per_cpu_ptr = 153,
	KBPF_FUNC_this_cpu_ptr = 154,
	KBPF_FUNC_redirect_peer = 155,
	KBPF_FUNC_task_storage_get = 156,
	KBPF_FUNC_task_storage_delete = 157,
	KBPF_FUNC_get_current_task_btf = 158,
	KBPF_FUNC_bprm_opts_set = 159,
	KBPF_FUNC_ktime_get_coarse_ns = 160,
	KBPF_FUNC_ima_inode_hash = 161,
	KBPF_FUNC_sock_from_file = 162,
	KBPF_FUNC_check_mtu = 163,
	KBPF_FUNC_for_each_map_elem = 164,
	KBPF_FUNC_snprintf = 165,
	KBPF_FUNC_sys_bpf = 166,
	KBPF_FUNC_btf_find_by_name_kind = 167,
	KBPF_FUNC_sys_close = 168,
	KBPF_FUNC_timer_init = 169,
	KBPF_FUNC_timer_set_callback = 170,
	KBPF_FUNC_timer_start = 171,
	KBPF_FUNC_timer_cancel = 172,
	KBPF_FUNC_get_func_ip = 173,
	KBPF_FUNC_get_attach_cookie = 174,
	KBPF_FUNC_task_pt_regs = 175,
	KBPF_FUNC_get_branch_snapshot = 176,
	KBPF_FUNC_trace_vprintk = 177,
	KBPF_FUNC_skc_to_unix_sock = 178,
	KBPF_FUNC_kallsyms_lookup_name = 179,
	KBPF_FUNC_find_vma = 180,
	KBPF_FUNC_loop = 181,
	KBPF_FUNC_strncmp = 182,
	KBPF_FUNC_get_func_arg = 183,
	KBPF_FUNC_get_func_ret = 184,
	KBPF_FUNC_get_func_arg_cnt = 185,
	KBPF_FUNC_get_retval = 186,
	KBPF_FUNC_set_retval = 187,
	KBPF_FUNC_xdp_get_buff_len = 188,
	KBPF_FUNC_xdp_load_bytes = 189,
	KBPF_FUNC_xdp_store_bytes = 190,
	KBPF_FUNC_copy_from_user_task = 191,
	KBPF_FUNC_skb_set_tstamp = 192,
	KBPF_FUNC_ima_file_hash = 193,
	KBPF_FUNC_kptr_xchg = 194,
	KBPF_FUNC_map_lookup_percpu_elem = 195,
	KBPF_FUNC_skc_to_mptcp_sock = 196,
	KBPF_FUNC_dynptr_from_mem = 197,
	KBPF_FUNC_ringbuf_reserve_dynptr = 198,
	KBPF_FUNC_ringbuf_submit_dynptr = 199,
	KBPF_FUNC_ringbuf_discard_dynptr = 200,
	KBPF_FUNC_dynptr_read = 201,
	KBPF_FUNC_dynptr_write = 202,
	KBPF_FUNC_dynptr_data = 203,
	KBPF_FUNC_tcp_raw_gen_syncookie_ipv4 = 204,
	KBPF_FUNC_tcp_raw_gen_syncookie_ipv6 = 205,
	KBPF_FUNC_tcp_raw_check_syncookie_ipv4 = 206,
	KBPF_FUNC_tcp_raw_check_syncookie_ipv6 = 207,
	KBPF_FUNC_ktime_get_tai_ns = 208,
	KBPF_FUNC_user_ringbuf_drain = 209,
	KBPF_FUNC_cgrp_storage_get = 210,
	KBPF_FUNC_cgrp_storage_delete = 211,
	__KBPF_FUNC_MAX_ID = 212,
};

/* flags of the ringbuf output, submit and discard helpers. */
enum {
	KBPF_RB_NO_WAKEUP = (1ULL << 0),
	KBPF_RB_FORCE_WAKEUP = (1ULL << 1),
};

/* flags of the ringbuf query helper: which quantity to return. */
enum {
	KBPF_RB_AVAIL_DATA = 0,
	KBPF_RB_RING_SIZE = 1,
	KBPF_RB_CONS_POS = 2,
	KBPF_RB_PROD_POS = 3,
};

/* flags of the get_stack and get_stackid helpers: frames to skip, and how. */
enum {
	KBPF_F_SKIP_FIELD_MASK = 0xffULL,
	KBPF_F_USER_STACK = (1ULL << 8),
	KBPF_F_FAST_STACK_CMP = (1ULL << 9),
	KBPF_F_REUSE_STACKID = (1ULL << 10),
	KBPF_F_USER_BUILD_ID = (1ULL << 11),
};

/* flags of the perf event output helpers: index, or this CPU, and ctx length. */
enum {
	KBPF_F_INDEX_MASK = 0xffffffffULL,
	KBPF_F_CURRENT_CPU = KBPF_F_INDEX_MASK,
	KBPF_F_CTXLEN_MASK = (0xfffffULL << 32),
};

/*
 * Ring buffer record header: a __u32 length whose top bits say the record
 * is still being written (BUSY) or was thrown away (DISCARD), then a __u32
 * the kernel uses to find the ring from the record; the payload follows.
 */
enum {
	KBPF_RINGBUF_BUSY_BIT = (1U << 31),
	KBPF_RINGBUF_DISCARD_BIT = (1U << 30),
	KBPF_RINGBUF_HDR_SZ = 8,
};

/* Opaque handle filled in by the dynptr helpers; lives on the stack. */
struct kbpf_dynptr {
	__aligned_u64	__opaque[2];
};

/* Size of the program tag, a truncated SHA-1 of the instructions. */
#define KBPF_TAG_SIZE	8

/* OBJ_GET_INFO_BY_FD on a program. */
struct kbpf_prog_info {
	__u32		type;
	__u32		id;
	__u8		tag[KBPF_TAG_SIZE];
	__u32		jited_prog_len;
	__u32		xlated_prog_len;
	__aligned_u64	jited_prog_insns;
	__aligned_u64	xlated_prog_insns;
	__u64		load_time;	/* ns since boot */
	__u32		created_by_uid;
	__u32		nr_map_ids;
	__aligned_u64	map_ids;
	char		name[KBPF_OBJ_NAME_LEN];
	__u32		ifindex;
	__u32		gpl_compatible:1;
	__u32:31;
	__u64		netns_dev;
	__u64		netns_ino;
	__u32		nr_jited_ksyms;
	__u32		nr_jited_func_lens;
	__aligned_u64	jited_ksyms;
	__aligned_u64	jited_func_lens;
	__u32		btf_id;
	__u32		func_info_rec_size;
	__aligned_u64	func_info;
	__u32		nr_func_info;
	__u32		nr_line_info;
	__aligned_u64	line_info;
	__aligned_u64	jited_line_info;
	__u32		nr_jited_line_info;
	__u32		line_info_rec_size;
	__u32		jited_line_info_rec_size;
	__u32		nr_prog_tags;
	__aligned_u64	prog_tags;
	__u64		run_time_ns;
	__u64		run_cnt;
	__u64		recursion_misses;
	__u32		verified_insns;
	__u32		attach_btf_obj_id;
	__u32		attach_btf_id;
	__u32:32;
};

/*
 * OBJ_GET_INFO_BY_FD on a map.  netns_dev is __aligned_u64 so the struct
 * keeps Linux's 8-byte alignment on every ABI.
 */
struct kbpf_map_info {
	__u32		type;
	__u32		id;
	__u32		key_size;
	__u32		value_size;
	__u32		max_entries;
	__u32		map_flags;
	char		name[KBPF_OBJ_NAME_LEN];
	__u32		ifindex;
	__u32		btf_vmlinux_value_type_id;
	__aligned_u64	netns_dev;
	__u64		netns_ino;
	__u32		btf_id;
	__u32		btf_key_type_id;
	__u32		btf_value_type_id;
	__u32		btf_vmlinux_id;
	__u64		map_extra;
};

/* OBJ_GET_INFO_BY_FD on a link; the union is chosen by type. */
struct kbpf_link_info {
	__u32		type;
	__u32		id;
	__u32		prog_id;
	union {
		struct {
			__aligned_u64	tp_name;
			__u32		tp_name_len;
		} raw_tracepoint;
		struct {
			__u32		attach_type;
			__u32		target_obj_id;
			__u32		target_btf_id;
		} tracing;
		struct {
			__u64		cgroup_id;
			__u32		attach_type;
		} cgroup;
		struct {
			__aligned_u64	target_name;
			__u32		target_name_len;
			union {
				struct {
					__u32	map_id;
				} map;
			};
			union {
				struct {
					__u64	cgroup_id;
					__u32	order;
				} cgroup;
				struct {
					__u32	tid;
					__u32	pid;
				} task;
			};
		} iter;
		struct {
			__u32		netns_ino;
			__u32		attach_type;
		} netns;
		struct {
			__u32		ifindex;
		} xdp;
		struct {
			__u32		map_id;
		} struct_ops;
		struct {
			__u32		pf;
			__u32		hooknum;
			__s32		priority;
			__u32		flags;
		} netfilter;
		struct {
			__aligned_u64	addrs;
			__u32		count;
			__u32		flags;
			__u64		missed;
			__aligned_u64	cookies;
		} kprobe_multi;
		struct {
			__aligned_u64	path;
			__aligned_u64	offsets;
			__aligned_u64	ref_ctr_offsets;
			__aligned_u64	cookies;
			__u32		path_size;
			__u32		count;
			__u32		flags;
			__u32		pid;
		} uprobe_multi;
		struct {
			__u32		type;
			__u32:32;
			union {
				struct {
					__aligned_u64	file_name;
					__u32		name_len;
					__u32		offset;
					__u64		cookie;
				} uprobe;
				struct {
					__aligned_u64	func_name;
					__u32		name_len;
					__u32		offset;
					__u64		addr;
					__u64		missed;
					__u64		cookie;
				} kprobe;
				struct {
					__aligned_u64	tp_name;
					__u32		name_len;
					__u32:32;
					__u64		cookie;
				} tracepoint;
				struct {
					__u64		config;
					__u32		type;
					__u32:32;
					__u64		cookie;
				} event;
			};
		} perf_event;
		struct {
			__u32		ifindex;
			__u32		attach_type;
		} tcx;
		struct {
			__u32		ifindex;
			__u32		attach_type;
		} netkit;
		struct {
			__u32		map_id;
			__u32		attach_type;
		} sockmap;
	};
};

/* The one ioctl of /dev/kbpf: bpf(cmd, attr, size) as a triple. */
struct kbpf_ioc {
	__u32		cmd;	/* enum kbpf_cmd */
	__u32		size;	/* bytes at attr */
	__aligned_u64	attr;	/* user pointer to union kbpf_attr */
};

#define KBPF_IOC_BPF	_IOW(0xBF, 0x01, struct kbpf_ioc)

/*
 * kbpf's own perf events: perf_event_open(2) for the tracepoint PMU, as a
 * second ioctl of /dev/kbpf (bpf(2)'s command numbers are all Linux's, so
 * kbpf has no private command). @attr points to a struct perf_event_attr
 * of type PERF_TYPE_TRACEPOINT, config a tracepoint's ID from tracefs
 * (events/<system>/<name>/id), counting only (no sampling, no inherit).
 * Returns a kbpf-owned fd, -1 with errno otherwise, with
 * perf_event_open(2)'s checks and errnos. The fd counts as Linux's
 * counting event does (read(2), PERF_EVENT_IOC_ENABLE, _DISABLE, _RESET,
 * _ID), serves PERF_EVENT_IOC_SET_BPF and _QUERY_BPF, and is the
 * target_fd of LINK_CREATE with BPF_PERF_EVENT.
 */
struct kbpf_perf_event_open {
	__aligned_u64	attr;		/* user pointer to perf_event_attr */
	__s32		pid;		/* as perf_event_open(2)'s */
	__s32		cpu;		/* as perf_event_open(2)'s */
	__s32		group_fd;	/* -1, or a kbpf perf event fd */
	__u32		flags;		/* PERF_FLAG_* */
};

#define KBPF_IOC_PERF_EVENT_OPEN	_IOW(0xBF, 0x02, struct kbpf_perf_event_open)

#define KBPF_DEV_NAME	"kbpf"

#endif /* _UAPI_LINUX_KBPF_H */
