// SPDX-License-Identifier: GPL-2.0
/*
 * Build-time proof that uapi/linux/kbpf.h speaks the ABI of the kernel's
 * own <uapi/linux/bpf.h>: each constant kbpf mirrors has the kernel's
 * value, and each member of the attribute union, of the three info structs
 * and of the instruction has the kernel's offset and size.  What the
 * kernel being built for is too old to have is skipped through the
 * KBPF_HAVE_* tests of compat.h, so one file serves every kernel kbpf
 * builds on.  Nothing here runs: kbpf_uapi_check() compiles to an empty
 * function.
 *
 * The lists follow kbpf.h in order: a name added there gets its line here,
 * under the compat.h test of the release that brought it, if any.
 */
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <uapi/linux/bpf.h>

#include "../uapi/linux/kbpf.h"
#include "compat.h"
#include "uapi_check.h"

/* Two constants are equal; the casts compare values of different enums. */
#define KBPF_CHECK_SAME(ours, theirs)					\
	static_assert((long long)(ours) == (long long)(theirs), #ours)

/* kbpf's constant is at least the kernel's (counts, sizes). */
#define KBPF_CHECK_AT_LEAST(ours, theirs)				\
	static_assert((long long)(ours) >= (long long)(theirs), #ours)

/* KBPF_<name> equals BPF_<name>. */
#define KBPF_CHECK_CONST(name)		KBPF_CHECK_SAME(KBPF_##name, BPF_##name)

/* A member has the same offset and size in both types. */
#define KBPF_CHECK_FIELD(ours, theirs, member)				\
	static_assert(offsetof(ours, member) == offsetof(theirs, member) && \
		      sizeof_field(ours, member) == sizeof_field(theirs, member), \
		      #ours "." #member)

#define KBPF_CHECK_ATTR(member)		\
	KBPF_CHECK_FIELD(union kbpf_attr, union bpf_attr, member)
#define KBPF_CHECK_MAP_INFO(member)	\
	KBPF_CHECK_FIELD(struct kbpf_map_info, struct bpf_map_info, member)
#define KBPF_CHECK_PROG_INFO(member)	\
	KBPF_CHECK_FIELD(struct kbpf_prog_info, struct bpf_prog_info, member)
#define KBPF_CHECK_LINK_INFO(member)	\
	KBPF_CHECK_FIELD(struct kbpf_link_info, struct bpf_link_info, member)
#define KBPF_CHECK_INSN(member)		\
	KBPF_CHECK_FIELD(struct kbpf_insn, struct bpf_insn, member)

/* Same size and alignment. */
#define KBPF_CHECK_TYPE(ours, theirs)					\
	static_assert(sizeof(ours) == sizeof(theirs) &&			\
		      __alignof__(ours) == __alignof__(theirs), #ours)

/*
 * Whole objects.  The attribute union and the link info grew after 6.1:
 * an older kernel's are a prefix of kbpf's.  From the reference on they
 * must be equal, so a kernel that grows them again fails here and the
 * header gets its new fields.
 */
static_assert(sizeof(union kbpf_attr) == 152);
static_assert(sizeof(struct kbpf_ioc) == 16);
static_assert(__alignof__(union kbpf_attr) == __alignof__(union bpf_attr));
static_assert(__alignof__(struct kbpf_link_info) ==
	      __alignof__(struct bpf_link_info));
#if KBPF_UAPI_AT_REFERENCE
KBPF_CHECK_TYPE(union kbpf_attr, union bpf_attr);
KBPF_CHECK_TYPE(struct kbpf_link_info, struct bpf_link_info);
#else
KBPF_CHECK_AT_LEAST(sizeof(union kbpf_attr), sizeof(union bpf_attr));
KBPF_CHECK_AT_LEAST(sizeof(struct kbpf_link_info),
		    sizeof(struct bpf_link_info));
KBPF_CHECK_AT_LEAST(__KBPF_FUNC_MAX_ID, __BPF_FUNC_MAX_ID);
KBPF_CHECK_AT_LEAST(__MAX_KBPF_ATTACH_TYPE, __MAX_BPF_ATTACH_TYPE);
#endif
KBPF_CHECK_TYPE(struct kbpf_map_info, struct bpf_map_info);
KBPF_CHECK_TYPE(struct kbpf_prog_info, struct bpf_prog_info);
KBPF_CHECK_TYPE(struct kbpf_insn, struct bpf_insn);
KBPF_CHECK_TYPE(struct kbpf_dynptr, struct bpf_dynptr);

/* The opcode field extractors cut the same bits. */
KBPF_CHECK_SAME(KBPF_CLASS(0xff), BPF_CLASS(0xff));
KBPF_CHECK_SAME(KBPF_SIZE(0xff), BPF_SIZE(0xff));
KBPF_CHECK_SAME(KBPF_MODE(0xff), BPF_MODE(0xff));
KBPF_CHECK_SAME(KBPF_OP(0xff), BPF_OP(0xff));
KBPF_CHECK_SAME(KBPF_SRC(0xff), BPF_SRC(0xff));

/* Constants: the enumerators of kbpf.h, then its #defines, in order. */
KBPF_CHECK_CONST(REG_0);
KBPF_CHECK_CONST(REG_1);
KBPF_CHECK_CONST(REG_2);
KBPF_CHECK_CONST(REG_3);
KBPF_CHECK_CONST(REG_4);
KBPF_CHECK_CONST(REG_5);
KBPF_CHECK_CONST(REG_6);
KBPF_CHECK_CONST(REG_7);
KBPF_CHECK_CONST(REG_8);
KBPF_CHECK_CONST(REG_9);
KBPF_CHECK_CONST(REG_10);
KBPF_CHECK_SAME(__MAX_KBPF_REG, __MAX_BPF_REG);
KBPF_CHECK_CONST(MAP_CREATE);
KBPF_CHECK_CONST(MAP_LOOKUP_ELEM);
KBPF_CHECK_CONST(MAP_UPDATE_ELEM);
KBPF_CHECK_CONST(MAP_DELETE_ELEM);
KBPF_CHECK_CONST(MAP_GET_NEXT_KEY);
KBPF_CHECK_CONST(PROG_LOAD);
KBPF_CHECK_CONST(OBJ_PIN);
KBPF_CHECK_CONST(OBJ_GET);
KBPF_CHECK_CONST(PROG_ATTACH);
KBPF_CHECK_CONST(PROG_DETACH);
KBPF_CHECK_CONST(PROG_TEST_RUN);
KBPF_CHECK_CONST(PROG_RUN);
KBPF_CHECK_CONST(PROG_GET_NEXT_ID);
KBPF_CHECK_CONST(MAP_GET_NEXT_ID);
KBPF_CHECK_CONST(PROG_GET_FD_BY_ID);
KBPF_CHECK_CONST(MAP_GET_FD_BY_ID);
KBPF_CHECK_CONST(OBJ_GET_INFO_BY_FD);
KBPF_CHECK_CONST(PROG_QUERY);
KBPF_CHECK_CONST(RAW_TRACEPOINT_OPEN);
KBPF_CHECK_CONST(BTF_LOAD);
KBPF_CHECK_CONST(BTF_GET_FD_BY_ID);
KBPF_CHECK_CONST(TASK_FD_QUERY);
KBPF_CHECK_CONST(MAP_LOOKUP_AND_DELETE_ELEM);
KBPF_CHECK_CONST(MAP_FREEZE);
KBPF_CHECK_CONST(BTF_GET_NEXT_ID);
KBPF_CHECK_CONST(MAP_LOOKUP_BATCH);
KBPF_CHECK_CONST(MAP_LOOKUP_AND_DELETE_BATCH);
KBPF_CHECK_CONST(MAP_UPDATE_BATCH);
KBPF_CHECK_CONST(MAP_DELETE_BATCH);
KBPF_CHECK_CONST(LINK_CREATE);
KBPF_CHECK_CONST(LINK_UPDATE);
KBPF_CHECK_CONST(LINK_GET_FD_BY_ID);
KBPF_CHECK_CONST(LINK_GET_NEXT_ID);
KBPF_CHECK_CONST(ENABLE_STATS);
KBPF_CHECK_CONST(ITER_CREATE);
KBPF_CHECK_CONST(LINK_DETACH);
KBPF_CHECK_CONST(PROG_BIND_MAP);
KBPF_CHECK_CONST(MAP_TYPE_UNSPEC);
KBPF_CHECK_CONST(MAP_TYPE_HASH);
KBPF_CHECK_CONST(MAP_TYPE_ARRAY);
KBPF_CHECK_CONST(MAP_TYPE_PROG_ARRAY);
KBPF_CHECK_CONST(MAP_TYPE_PERF_EVENT_ARRAY);
KBPF_CHECK_CONST(MAP_TYPE_PERCPU_HASH);
KBPF_CHECK_CONST(MAP_TYPE_PERCPU_ARRAY);
KBPF_CHECK_CONST(MAP_TYPE_STACK_TRACE);
KBPF_CHECK_CONST(MAP_TYPE_CGROUP_ARRAY);
KBPF_CHECK_CONST(MAP_TYPE_LRU_HASH);
KBPF_CHECK_CONST(MAP_TYPE_LRU_PERCPU_HASH);
KBPF_CHECK_CONST(MAP_TYPE_LPM_TRIE);
KBPF_CHECK_CONST(MAP_TYPE_ARRAY_OF_MAPS);
KBPF_CHECK_CONST(MAP_TYPE_HASH_OF_MAPS);
KBPF_CHECK_CONST(MAP_TYPE_DEVMAP);
KBPF_CHECK_CONST(MAP_TYPE_SOCKMAP);
KBPF_CHECK_CONST(MAP_TYPE_CPUMAP);
KBPF_CHECK_CONST(MAP_TYPE_XSKMAP);
KBPF_CHECK_CONST(MAP_TYPE_SOCKHASH);
KBPF_CHECK_CONST(MAP_TYPE_CGROUP_STORAGE);
KBPF_CHECK_CONST(MAP_TYPE_REUSEPORT_SOCKARRAY);
KBPF_CHECK_CONST(MAP_TYPE_PERCPU_CGROUP_STORAGE);
KBPF_CHECK_CONST(MAP_TYPE_QUEUE);
KBPF_CHECK_CONST(MAP_TYPE_STACK);
KBPF_CHECK_CONST(MAP_TYPE_SK_STORAGE);
KBPF_CHECK_CONST(MAP_TYPE_DEVMAP_HASH);
KBPF_CHECK_CONST(MAP_TYPE_STRUCT_OPS);
KBPF_CHECK_CONST(MAP_TYPE_RINGBUF);
KBPF_CHECK_CONST(MAP_TYPE_INODE_STORAGE);
KBPF_CHECK_CONST(MAP_TYPE_TASK_STORAGE);
KBPF_CHECK_CONST(MAP_TYPE_BLOOM_FILTER);
KBPF_CHECK_CONST(MAP_TYPE_USER_RINGBUF);
KBPF_CHECK_CONST(PROG_TYPE_UNSPEC);
KBPF_CHECK_CONST(PROG_TYPE_SOCKET_FILTER);
KBPF_CHECK_CONST(PROG_TYPE_KPROBE);
KBPF_CHECK_CONST(PROG_TYPE_SCHED_CLS);
KBPF_CHECK_CONST(PROG_TYPE_SCHED_ACT);
KBPF_CHECK_CONST(PROG_TYPE_TRACEPOINT);
KBPF_CHECK_CONST(PROG_TYPE_XDP);
KBPF_CHECK_CONST(PROG_TYPE_PERF_EVENT);
KBPF_CHECK_CONST(PROG_TYPE_CGROUP_SKB);
KBPF_CHECK_CONST(PROG_TYPE_CGROUP_SOCK);
KBPF_CHECK_CONST(PROG_TYPE_LWT_IN);
KBPF_CHECK_CONST(PROG_TYPE_LWT_OUT);
KBPF_CHECK_CONST(PROG_TYPE_LWT_XMIT);
KBPF_CHECK_CONST(PROG_TYPE_SOCK_OPS);
KBPF_CHECK_CONST(PROG_TYPE_SK_SKB);
KBPF_CHECK_CONST(PROG_TYPE_CGROUP_DEVICE);
KBPF_CHECK_CONST(PROG_TYPE_SK_MSG);
KBPF_CHECK_CONST(PROG_TYPE_RAW_TRACEPOINT);
KBPF_CHECK_CONST(PROG_TYPE_CGROUP_SOCK_ADDR);
KBPF_CHECK_CONST(PROG_TYPE_LWT_SEG6LOCAL);
KBPF_CHECK_CONST(PROG_TYPE_LIRC_MODE2);
KBPF_CHECK_CONST(PROG_TYPE_SK_REUSEPORT);
KBPF_CHECK_CONST(PROG_TYPE_FLOW_DISSECTOR);
KBPF_CHECK_CONST(PROG_TYPE_CGROUP_SYSCTL);
KBPF_CHECK_CONST(PROG_TYPE_RAW_TRACEPOINT_WRITABLE);
KBPF_CHECK_CONST(PROG_TYPE_CGROUP_SOCKOPT);
KBPF_CHECK_CONST(PROG_TYPE_TRACING);
KBPF_CHECK_CONST(PROG_TYPE_STRUCT_OPS);
KBPF_CHECK_CONST(PROG_TYPE_EXT);
KBPF_CHECK_CONST(PROG_TYPE_LSM);
KBPF_CHECK_CONST(PROG_TYPE_SK_LOOKUP);
KBPF_CHECK_CONST(PROG_TYPE_SYSCALL);
KBPF_CHECK_CONST(CGROUP_INET_INGRESS);
KBPF_CHECK_CONST(CGROUP_INET_EGRESS);
KBPF_CHECK_CONST(CGROUP_INET_SOCK_CREATE);
KBPF_CHECK_CONST(CGROUP_SOCK_OPS);
KBPF_CHECK_CONST(SK_SKB_STREAM_PARSER);
KBPF_CHECK_CONST(SK_SKB_STREAM_VERDICT);
KBPF_CHECK_CONST(CGROUP_DEVICE);
KBPF_CHECK_CONST(SK_MSG_VERDICT);
KBPF_CHECK_CONST(CGROUP_INET4_BIND);
KBPF_CHECK_CONST(CGROUP_INET6_BIND);
KBPF_CHECK_CONST(CGROUP_INET4_CONNECT);
KBPF_CHECK_CONST(CGROUP_INET6_CONNECT);
KBPF_CHECK_CONST(CGROUP_INET4_POST_BIND);
KBPF_CHECK_CONST(CGROUP_INET6_POST_BIND);
KBPF_CHECK_CONST(CGROUP_UDP4_SENDMSG);
KBPF_CHECK_CONST(CGROUP_UDP6_SENDMSG);
KBPF_CHECK_CONST(LIRC_MODE2);
KBPF_CHECK_CONST(FLOW_DISSECTOR);
KBPF_CHECK_CONST(CGROUP_SYSCTL);
KBPF_CHECK_CONST(CGROUP_UDP4_RECVMSG);
KBPF_CHECK_CONST(CGROUP_UDP6_RECVMSG);
KBPF_CHECK_CONST(CGROUP_GETSOCKOPT);
KBPF_CHECK_CONST(CGROUP_SETSOCKOPT);
KBPF_CHECK_CONST(TRACE_RAW_TP);
KBPF_CHECK_CONST(TRACE_FENTRY);
KBPF_CHECK_CONST(TRACE_FEXIT);
KBPF_CHECK_CONST(MODIFY_RETURN);
KBPF_CHECK_CONST(LSM_MAC);
KBPF_CHECK_CONST(TRACE_ITER);
KBPF_CHECK_CONST(CGROUP_INET4_GETPEERNAME);
KBPF_CHECK_CONST(CGROUP_INET6_GETPEERNAME);
KBPF_CHECK_CONST(CGROUP_INET4_GETSOCKNAME);
KBPF_CHECK_CONST(CGROUP_INET6_GETSOCKNAME);
KBPF_CHECK_CONST(XDP_DEVMAP);
KBPF_CHECK_CONST(CGROUP_INET_SOCK_RELEASE);
KBPF_CHECK_CONST(XDP_CPUMAP);
KBPF_CHECK_CONST(SK_LOOKUP);
KBPF_CHECK_CONST(XDP);
KBPF_CHECK_CONST(SK_SKB_VERDICT);
KBPF_CHECK_CONST(SK_REUSEPORT_SELECT);
KBPF_CHECK_CONST(SK_REUSEPORT_SELECT_OR_MIGRATE);
KBPF_CHECK_CONST(PERF_EVENT);
KBPF_CHECK_CONST(TRACE_KPROBE_MULTI);
KBPF_CHECK_CONST(LSM_CGROUP);
KBPF_CHECK_CONST(LINK_TYPE_UNSPEC);
KBPF_CHECK_CONST(LINK_TYPE_RAW_TRACEPOINT);
KBPF_CHECK_CONST(LINK_TYPE_TRACING);
KBPF_CHECK_CONST(LINK_TYPE_CGROUP);
KBPF_CHECK_CONST(LINK_TYPE_ITER);
KBPF_CHECK_CONST(LINK_TYPE_NETNS);
KBPF_CHECK_CONST(LINK_TYPE_XDP);
KBPF_CHECK_CONST(LINK_TYPE_PERF_EVENT);
KBPF_CHECK_CONST(LINK_TYPE_KPROBE_MULTI);
KBPF_CHECK_CONST(LINK_TYPE_STRUCT_OPS);
KBPF_CHECK_CONST(F_ALLOW_OVERRIDE);
KBPF_CHECK_CONST(F_ALLOW_MULTI);
KBPF_CHECK_CONST(F_REPLACE);
KBPF_CHECK_CONST(F_STRICT_ALIGNMENT);
KBPF_CHECK_CONST(F_ANY_ALIGNMENT);
KBPF_CHECK_CONST(F_TEST_RND_HI32);
KBPF_CHECK_CONST(F_TEST_STATE_FREQ);
KBPF_CHECK_CONST(F_SLEEPABLE);
KBPF_CHECK_CONST(F_XDP_HAS_FRAGS);
KBPF_CHECK_CONST(F_KPROBE_MULTI_RETURN);
KBPF_CHECK_CONST(ANY);
KBPF_CHECK_CONST(NOEXIST);
KBPF_CHECK_CONST(EXIST);
KBPF_CHECK_CONST(F_LOCK);
KBPF_CHECK_CONST(F_NO_PREALLOC);
KBPF_CHECK_CONST(F_NO_COMMON_LRU);
KBPF_CHECK_CONST(F_NUMA_NODE);
KBPF_CHECK_CONST(F_RDONLY);
KBPF_CHECK_CONST(F_WRONLY);
KBPF_CHECK_CONST(F_STACK_BUILD_ID);
KBPF_CHECK_CONST(F_ZERO_SEED);
KBPF_CHECK_CONST(F_RDONLY_PROG);
KBPF_CHECK_CONST(F_WRONLY_PROG);
KBPF_CHECK_CONST(F_CLONE);
KBPF_CHECK_CONST(F_MMAPABLE);
KBPF_CHECK_CONST(F_PRESERVE_ELEMS);
KBPF_CHECK_CONST(F_INNER_MAP);
KBPF_CHECK_CONST(F_QUERY_EFFECTIVE);
KBPF_CHECK_CONST(F_TEST_RUN_ON_CPU);
KBPF_CHECK_CONST(F_TEST_XDP_LIVE_FRAMES);
KBPF_CHECK_CONST(F_TEST_SKB_CHECKSUM_COMPLETE);
KBPF_CHECK_CONST(STATS_RUN_TIME);
KBPF_CHECK_CONST(FD_TYPE_RAW_TRACEPOINT);
KBPF_CHECK_CONST(FD_TYPE_TRACEPOINT);
KBPF_CHECK_CONST(FD_TYPE_KPROBE);
KBPF_CHECK_CONST(FD_TYPE_KRETPROBE);
KBPF_CHECK_CONST(FD_TYPE_UPROBE);
KBPF_CHECK_CONST(FD_TYPE_URETPROBE);
KBPF_CHECK_CONST(RB_NO_WAKEUP);
KBPF_CHECK_CONST(RB_FORCE_WAKEUP);
KBPF_CHECK_CONST(RB_AVAIL_DATA);
KBPF_CHECK_CONST(RB_RING_SIZE);
KBPF_CHECK_CONST(RB_CONS_POS);
KBPF_CHECK_CONST(RB_PROD_POS);
KBPF_CHECK_CONST(F_SKIP_FIELD_MASK);
KBPF_CHECK_CONST(F_USER_STACK);
KBPF_CHECK_CONST(F_FAST_STACK_CMP);
KBPF_CHECK_CONST(F_REUSE_STACKID);
KBPF_CHECK_CONST(F_USER_BUILD_ID);
KBPF_CHECK_CONST(F_INDEX_MASK);
KBPF_CHECK_CONST(F_CURRENT_CPU);
KBPF_CHECK_CONST(F_CTXLEN_MASK);
KBPF_CHECK_CONST(RINGBUF_BUSY_BIT);
KBPF_CHECK_CONST(RINGBUF_DISCARD_BIT);
KBPF_CHECK_CONST(RINGBUF_HDR_SZ);
KBPF_CHECK_CONST(LD);
KBPF_CHECK_CONST(LDX);
KBPF_CHECK_CONST(ST);
KBPF_CHECK_CONST(STX);
KBPF_CHECK_CONST(ALU);
KBPF_CHECK_CONST(JMP);
KBPF_CHECK_CONST(RET);
KBPF_CHECK_CONST(MISC);
KBPF_CHECK_CONST(JMP32);
KBPF_CHECK_CONST(ALU64);
KBPF_CHECK_CONST(W);
KBPF_CHECK_CONST(H);
KBPF_CHECK_CONST(B);
KBPF_CHECK_CONST(DW);
KBPF_CHECK_CONST(IMM);
KBPF_CHECK_CONST(ABS);
KBPF_CHECK_CONST(IND);
KBPF_CHECK_CONST(MEM);
KBPF_CHECK_CONST(LEN);
KBPF_CHECK_CONST(MSH);
KBPF_CHECK_CONST(ATOMIC);
KBPF_CHECK_CONST(XADD);
KBPF_CHECK_CONST(ADD);
KBPF_CHECK_CONST(SUB);
KBPF_CHECK_CONST(MUL);
KBPF_CHECK_CONST(DIV);
KBPF_CHECK_CONST(OR);
KBPF_CHECK_CONST(AND);
KBPF_CHECK_CONST(LSH);
KBPF_CHECK_CONST(RSH);
KBPF_CHECK_CONST(NEG);
KBPF_CHECK_CONST(MOD);
KBPF_CHECK_CONST(XOR);
KBPF_CHECK_CONST(MOV);
KBPF_CHECK_CONST(ARSH);
KBPF_CHECK_CONST(END);
KBPF_CHECK_CONST(TO_LE);
KBPF_CHECK_CONST(TO_BE);
KBPF_CHECK_CONST(FROM_LE);
KBPF_CHECK_CONST(FROM_BE);
KBPF_CHECK_CONST(JA);
KBPF_CHECK_CONST(JEQ);
KBPF_CHECK_CONST(JGT);
KBPF_CHECK_CONST(JGE);
KBPF_CHECK_CONST(JSET);
KBPF_CHECK_CONST(JNE);
KBPF_CHECK_CONST(JSGT);
KBPF_CHECK_CONST(JSGE);
KBPF_CHECK_CONST(CALL);
KBPF_CHECK_CONST(EXIT);
KBPF_CHECK_CONST(JLT);
KBPF_CHECK_CONST(JLE);
KBPF_CHECK_CONST(JSLT);
KBPF_CHECK_CONST(JSLE);
KBPF_CHECK_CONST(K);
KBPF_CHECK_CONST(X);
KBPF_CHECK_CONST(FETCH);
KBPF_CHECK_CONST(XCHG);
KBPF_CHECK_CONST(CMPXCHG);
KBPF_CHECK_CONST(MAXINSNS);
KBPF_CHECK_SAME(MAX_KBPF_REG, MAX_BPF_REG);
KBPF_CHECK_CONST(PSEUDO_MAP_FD);
KBPF_CHECK_CONST(PSEUDO_MAP_IDX);
KBPF_CHECK_CONST(PSEUDO_MAP_VALUE);
KBPF_CHECK_CONST(PSEUDO_MAP_IDX_VALUE);
KBPF_CHECK_CONST(PSEUDO_BTF_ID);
KBPF_CHECK_CONST(PSEUDO_FUNC);
KBPF_CHECK_CONST(PSEUDO_CALL);
KBPF_CHECK_CONST(PSEUDO_KFUNC_CALL);
KBPF_CHECK_CONST(OBJ_NAME_LEN);
KBPF_CHECK_CONST(TAG_SIZE);

#if KBPF_HAVE_CGRP_STORAGE
KBPF_CHECK_CONST(MAP_TYPE_CGROUP_STORAGE_DEPRECATED);
KBPF_CHECK_CONST(MAP_TYPE_PERCPU_CGROUP_STORAGE_DEPRECATED);
KBPF_CHECK_CONST(MAP_TYPE_CGRP_STORAGE);
#endif

#if KBPF_HAVE_XDP_DEV_BOUND_ONLY
KBPF_CHECK_CONST(F_XDP_DEV_BOUND_ONLY);
#endif

#if KBPF_HAVE_NETFILTER
KBPF_CHECK_CONST(PROG_TYPE_NETFILTER);
KBPF_CHECK_CONST(NETFILTER);
KBPF_CHECK_CONST(LINK_TYPE_NETFILTER);
#endif

#if KBPF_HAVE_STRUCT_OPS_LINK
KBPF_CHECK_CONST(STRUCT_OPS);
KBPF_CHECK_CONST(F_LINK);
#endif

#if KBPF_HAVE_PATH_FD
KBPF_CHECK_CONST(F_PATH_FD);
#endif

#if KBPF_HAVE_TCX
KBPF_CHECK_CONST(TCX_INGRESS);
KBPF_CHECK_CONST(TCX_EGRESS);
KBPF_CHECK_CONST(LINK_TYPE_TCX);
KBPF_CHECK_CONST(F_BEFORE);
KBPF_CHECK_CONST(F_AFTER);
KBPF_CHECK_CONST(F_ID);
#endif

#if KBPF_HAVE_UPROBE_MULTI
KBPF_CHECK_CONST(TRACE_UPROBE_MULTI);
KBPF_CHECK_CONST(LINK_TYPE_UPROBE_MULTI);
KBPF_CHECK_CONST(F_UPROBE_MULTI_RETURN);
#endif

#if KBPF_HAVE_PERF_EVENT_LINK_INFO
KBPF_CHECK_CONST(PERF_EVENT_UNSPEC);
KBPF_CHECK_CONST(PERF_EVENT_UPROBE);
KBPF_CHECK_CONST(PERF_EVENT_URETPROBE);
KBPF_CHECK_CONST(PERF_EVENT_KPROBE);
KBPF_CHECK_CONST(PERF_EVENT_KRETPROBE);
KBPF_CHECK_CONST(PERF_EVENT_TRACEPOINT);
KBPF_CHECK_CONST(PERF_EVENT_EVENT);
#endif

#if KBPF_HAVE_NETFILTER_DEFRAG
KBPF_CHECK_CONST(F_NETFILTER_IP_DEFRAG);
#endif

#if KBPF_HAVE_CPUV4
KBPF_CHECK_CONST(MEMSX);
#endif

#if KBPF_HAVE_CGROUP_UNIX
KBPF_CHECK_CONST(CGROUP_UNIX_CONNECT);
KBPF_CHECK_CONST(CGROUP_UNIX_SENDMSG);
KBPF_CHECK_CONST(CGROUP_UNIX_RECVMSG);
KBPF_CHECK_CONST(CGROUP_UNIX_GETPEERNAME);
KBPF_CHECK_CONST(CGROUP_UNIX_GETSOCKNAME);
#endif

#if KBPF_HAVE_NETKIT
KBPF_CHECK_CONST(NETKIT_PRIMARY);
KBPF_CHECK_CONST(NETKIT_PEER);
KBPF_CHECK_CONST(LINK_TYPE_NETKIT);
#endif

#if KBPF_HAVE_REG_INVARIANTS
KBPF_CHECK_CONST(F_TEST_REG_INVARIANTS);
#endif

#if KBPF_HAVE_MAY_GOTO
KBPF_CHECK_CONST(MAY_GOTO);
KBPF_CHECK_CONST(JCOND);
#endif

#if KBPF_HAVE_TOKEN
KBPF_CHECK_CONST(TOKEN_CREATE);
KBPF_CHECK_CONST(F_TOKEN_FD);
#endif

#if KBPF_HAVE_ARENA
KBPF_CHECK_CONST(MAP_TYPE_ARENA);
KBPF_CHECK_CONST(ADDR_SPACE_CAST);
KBPF_CHECK_CONST(F_SEGV_ON_FAULT);
KBPF_CHECK_CONST(F_NO_USER_CONV);
#endif

#if KBPF_HAVE_STRUCT_OPS_BTF_OBJ
KBPF_CHECK_CONST(F_VTYPE_BTF_OBJ_FD);
#endif

#if KBPF_HAVE_KPROBE_SESSION
KBPF_CHECK_CONST(TRACE_KPROBE_SESSION);
#endif

#if KBPF_HAVE_SOCKMAP_LINK
KBPF_CHECK_CONST(LINK_TYPE_SOCKMAP);
#endif

#if KBPF_UAPI_AT_REFERENCE
KBPF_CHECK_SAME(__MAX_KBPF_CMD, __MAX_BPF_CMD);
KBPF_CHECK_SAME(__MAX_KBPF_MAP_TYPE, __MAX_BPF_MAP_TYPE);
KBPF_CHECK_SAME(__MAX_KBPF_PROG_TYPE, __MAX_BPF_PROG_TYPE);
KBPF_CHECK_SAME(__MAX_KBPF_ATTACH_TYPE, __MAX_BPF_ATTACH_TYPE);
KBPF_CHECK_SAME(__MAX_KBPF_LINK_TYPE, __MAX_BPF_LINK_TYPE);
KBPF_CHECK_SAME(MAX_KBPF_ATTACH_TYPE, MAX_BPF_ATTACH_TYPE);
KBPF_CHECK_SAME(MAX_KBPF_LINK_TYPE, MAX_BPF_LINK_TYPE);
#endif

#if KBPF_HAVE_F_PREORDER
KBPF_CHECK_CONST(F_PREORDER);
#endif

/* Helper ids present since 6.1: 0 to 209, user_ringbuf_drain. */
KBPF_CHECK_CONST(FUNC_unspec);
KBPF_CHECK_CONST(FUNC_map_lookup_elem);
KBPF_CHECK_CONST(FUNC_map_update_elem);
KBPF_CHECK_CONST(FUNC_map_delete_elem);
KBPF_CHECK_CONST(FUNC_probe_read);
KBPF_CHECK_CONST(FUNC_ktime_get_ns);
KBPF_CHECK_CONST(FUNC_trace_printk);
KBPF_CHECK_CONST(FUNC_get_prandom_u32);
KBPF_CHECK_CONST(FUNC_get_smp_processor_id);
KBPF_CHECK_CONST(FUNC_skb_store_bytes);
KBPF_CHECK_CONST(FUNC_l3_csum_replace);
KBPF_CHECK_CONST(FUNC_l4_csum_replace);
KBPF_CHECK_CONST(FUNC_tail_call);
KBPF_CHECK_CONST(FUNC_clone_redirect);
KBPF_CHECK_CONST(FUNC_get_current_pid_tgid);
KBPF_CHECK_CONST(FUNC_get_current_uid_gid);
KBPF_CHECK_CONST(FUNC_get_current_comm);
KBPF_CHECK_CONST(FUNC_get_cgroup_classid);
KBPF_CHECK_CONST(FUNC_skb_vlan_push);
KBPF_CHECK_CONST(FUNC_skb_vlan_pop);
KBPF_CHECK_CONST(FUNC_skb_get_tunnel_key);
KBPF_CHECK_CONST(FUNC_skb_set_tunnel_key);
KBPF_CHECK_CONST(FUNC_perf_event_read);
KBPF_CHECK_CONST(FUNC_redirect);
KBPF_CHECK_CONST(FUNC_get_route_realm);
KBPF_CHECK_CONST(FUNC_perf_event_output);
KBPF_CHECK_CONST(FUNC_skb_load_bytes);
KBPF_CHECK_CONST(FUNC_get_stackid);
KBPF_CHECK_CONST(FUNC_csum_diff);
KBPF_CHECK_CONST(FUNC_skb_get_tunnel_opt);
KBPF_CHECK_CONST(FUNC_skb_set_tunnel_opt);
KBPF_CHECK_CONST(FUNC_skb_change_proto);
KBPF_CHECK_CONST(FUNC_skb_change_type);
KBPF_CHECK_CONST(FUNC_skb_under_cgroup);
KBPF_CHECK_CONST(FUNC_get_hash_recalc);
KBPF_CHECK_CONST(FUNC_get_current_task);
KBPF_CHECK_CONST(FUNC_probe_write_user);
KBPF_CHECK_CONST(FUNC_current_task_under_cgroup);
KBPF_CHECK_CONST(FUNC_skb_change_tail);
KBPF_CHECK_CONST(FUNC_skb_pull_data);
KBPF_CHECK_CONST(FUNC_csum_update);
KBPF_CHECK_CONST(FUNC_set_hash_invalid);
KBPF_CHECK_CONST(FUNC_get_numa_node_id);
KBPF_CHECK_CONST(FUNC_skb_change_head);
KBPF_CHECK_CONST(FUNC_xdp_adjust_head);
KBPF_CHECK_CONST(FUNC_probe_read_str);
KBPF_CHECK_CONST(FUNC_get_socket_cookie);
KBPF_CHECK_CONST(FUNC_get_socket_uid);
KBPF_CHECK_CONST(FUNC_set_hash);
KBPF_CHECK_CONST(FUNC_setsockopt);
KBPF_CHECK_CONST(FUNC_skb_adjust_room);
KBPF_CHECK_CONST(FUNC_redirect_map);
KBPF_CHECK_CONST(FUNC_sk_redirect_map);
KBPF_CHECK_CONST(FUNC_sock_map_update);
KBPF_CHECK_CONST(FUNC_xdp_adjust_meta);
KBPF_CHECK_CONST(FUNC_perf_event_read_value);
KBPF_CHECK_CONST(FUNC_perf_prog_read_value);
KBPF_CHECK_CONST(FUNC_getsockopt);
KBPF_CHECK_CONST(FUNC_override_return);
KBPF_CHECK_CONST(FUNC_sock_ops_cb_flags_set);
KBPF_CHECK_CONST(FUNC_msg_redirect_map);
KBPF_CHECK_CONST(FUNC_msg_apply_bytes);
KBPF_CHECK_CONST(FUNC_msg_cork_bytes);
KBPF_CHECK_CONST(FUNC_msg_pull_data);
KBPF_CHECK_CONST(FUNC_bind);
KBPF_CHECK_CONST(FUNC_xdp_adjust_tail);
KBPF_CHECK_CONST(FUNC_skb_get_xfrm_state);
KBPF_CHECK_CONST(FUNC_get_stack);
KBPF_CHECK_CONST(FUNC_skb_load_bytes_relative);
KBPF_CHECK_CONST(FUNC_fib_lookup);
KBPF_CHECK_CONST(FUNC_sock_hash_update);
KBPF_CHECK_CONST(FUNC_msg_redirect_hash);
KBPF_CHECK_CONST(FUNC_sk_redirect_hash);
KBPF_CHECK_CONST(FUNC_lwt_push_encap);
KBPF_CHECK_CONST(FUNC_lwt_seg6_store_bytes);
KBPF_CHECK_CONST(FUNC_lwt_seg6_adjust_srh);
KBPF_CHECK_CONST(FUNC_lwt_seg6_action);
KBPF_CHECK_CONST(FUNC_rc_repeat);
KBPF_CHECK_CONST(FUNC_rc_keydown);
KBPF_CHECK_CONST(FUNC_skb_cgroup_id);
KBPF_CHECK_CONST(FUNC_get_current_cgroup_id);
KBPF_CHECK_CONST(FUNC_get_local_storage);
KBPF_CHECK_CONST(FUNC_sk_select_reuseport);
KBPF_CHECK_CONST(FUNC_skb_ancestor_cgroup_id);
KBPF_CHECK_CONST(FUNC_sk_lookup_tcp);
KBPF_CHECK_CONST(FUNC_sk_lookup_udp);
KBPF_CHECK_CONST(FUNC_sk_release);
KBPF_CHECK_CONST(FUNC_map_push_elem);
KBPF_CHECK_CONST(FUNC_map_pop_elem);
KBPF_CHECK_CONST(FUNC_map_peek_elem);
KBPF_CHECK_CONST(FUNC_msg_push_data);
KBPF_CHECK_CONST(FUNC_msg_pop_data);
KBPF_CHECK_CONST(FUNC_rc_pointer_rel);
KBPF_CHECK_CONST(FUNC_spin_lock);
KBPF_CHECK_CONST(FUNC_spin_unlock);
KBPF_CHECK_CONST(FUNC_sk_fullsock);
KBPF_CHECK_CONST(FUNC_tcp_sock);
KBPF_CHECK_CONST(FUNC_skb_ecn_set_ce);
KBPF_CHECK_CONST(FUNC_get_listener_sock);
KBPF_CHECK_CONST(FUNC_skc_lookup_tcp);
KBPF_CHECK_CONST(FUNC_tcp_check_syncookie);
KBPF_CHECK_CONST(FUNC_sysctl_get_name);
KBPF_CHECK_CONST(FUNC_sysctl_get_current_value);
KBPF_CHECK_CONST(FUNC_sysctl_get_new_value);
KBPF_CHECK_CONST(FUNC_sysctl_set_new_value);
KBPF_CHECK_CONST(FUNC_strtol);
KBPF_CHECK_CONST(FUNC_strtoul);
KBPF_CHECK_CONST(FUNC_sk_storage_get);
KBPF_CHECK_CONST(FUNC_sk_storage_delete);
KBPF_CHECK_CONST(FUNC_send_signal);
KBPF_CHECK_CONST(FUNC_tcp_gen_syncookie);
KBPF_CHECK_CONST(FUNC_skb_output);
KBPF_CHECK_CONST(FUNC_probe_read_user);
KBPF_CHECK_CONST(FUNC_probe_read_kernel);
KBPF_CHECK_CONST(FUNC_probe_read_user_str);
KBPF_CHECK_CONST(FUNC_probe_read_kernel_str);
KBPF_CHECK_CONST(FUNC_tcp_send_ack);
KBPF_CHECK_CONST(FUNC_send_signal_thread);
KBPF_CHECK_CONST(FUNC_jiffies64);
KBPF_CHECK_CONST(FUNC_read_branch_records);
KBPF_CHECK_CONST(FUNC_get_ns_current_pid_tgid);
KBPF_CHECK_CONST(FUNC_xdp_output);
KBPF_CHECK_CONST(FUNC_get_netns_cookie);
KBPF_CHECK_CONST(FUNC_get_current_ancestor_cgroup_id);
KBPF_CHECK_CONST(FUNC_sk_assign);
KBPF_CHECK_CONST(FUNC_ktime_get_boot_ns);
KBPF_CHECK_CONST(FUNC_seq_printf);
KBPF_CHECK_CONST(FUNC_seq_write);
KBPF_CHECK_CONST(FUNC_sk_cgroup_id);
KBPF_CHECK_CONST(FUNC_sk_ancestor_cgroup_id);
KBPF_CHECK_CONST(FUNC_ringbuf_output);
KBPF_CHECK_CONST(FUNC_ringbuf_reserve);
KBPF_CHECK_CONST(FUNC_ringbuf_submit);
KBPF_CHECK_CONST(FUNC_ringbuf_discard);
KBPF_CHECK_CONST(FUNC_ringbuf_query);
KBPF_CHECK_CONST(FUNC_csum_level);
KBPF_CHECK_CONST(FUNC_skc_to_tcp6_sock);
KBPF_CHECK_CONST(FUNC_skc_to_tcp_sock);
KBPF_CHECK_CONST(FUNC_skc_to_tcp_timewait_sock);
KBPF_CHECK_CONST(FUNC_skc_to_tcp_request_sock);
KBPF_CHECK_CONST(FUNC_skc_to_udp6_sock);
KBPF_CHECK_CONST(FUNC_get_task_stack);
KBPF_CHECK_CONST(FUNC_load_hdr_opt);
KBPF_CHECK_CONST(FUNC_store_hdr_opt);
KBPF_CHECK_CONST(FUNC_reserve_hdr_opt);
KBPF_CHECK_CONST(FUNC_inode_storage_get);
KBPF_CHECK_CONST(FUNC_inode_storage_delete);
KBPF_CHECK_CONST(FUNC_d_path);
KBPF_CHECK_CONST(FUNC_copy_from_user);
KBPF_CHECK_CONST(FUNC_snprintf_btf);
KBPF_CHECK_CONST(FUNC_seq_printf_btf);
KBPF_CHECK_CONST(FUNC_skb_cgroup_classid);
KBPF_CHECK_CONST(FUNC_redirect_neigh);
KBPF_CHECK_CONST(FUNC_per_cpu_ptr);
KBPF_CHECK_CONST(FUNC_this_cpu_ptr);
KBPF_CHECK_CONST(FUNC_redirect_peer);
KBPF_CHECK_CONST(FUNC_task_storage_get);
KBPF_CHECK_CONST(FUNC_task_storage_delete);
KBPF_CHECK_CONST(FUNC_get_current_task_btf);
KBPF_CHECK_CONST(FUNC_bprm_opts_set);
KBPF_CHECK_CONST(FUNC_ktime_get_coarse_ns);
KBPF_CHECK_CONST(FUNC_ima_inode_hash);
KBPF_CHECK_CONST(FUNC_sock_from_file);
KBPF_CHECK_CONST(FUNC_check_mtu);
KBPF_CHECK_CONST(FUNC_for_each_map_elem);
KBPF_CHECK_CONST(FUNC_snprintf);
KBPF_CHECK_CONST(FUNC_sys_bpf);
KBPF_CHECK_CONST(FUNC_btf_find_by_name_kind);
KBPF_CHECK_CONST(FUNC_sys_close);
KBPF_CHECK_CONST(FUNC_timer_init);
KBPF_CHECK_CONST(FUNC_timer_set_callback);
KBPF_CHECK_CONST(FUNC_timer_start);
KBPF_CHECK_CONST(FUNC_timer_cancel);
KBPF_CHECK_CONST(FUNC_get_func_ip);
KBPF_CHECK_CONST(FUNC_get_attach_cookie);
KBPF_CHECK_CONST(FUNC_task_pt_regs);
KBPF_CHECK_CONST(FUNC_get_branch_snapshot);
KBPF_CHECK_CONST(FUNC_trace_vprintk);
KBPF_CHECK_CONST(FUNC_skc_to_unix_sock);
KBPF_CHECK_CONST(FUNC_kallsyms_lookup_name);
KBPF_CHECK_CONST(FUNC_find_vma);
KBPF_CHECK_CONST(FUNC_loop);
KBPF_CHECK_CONST(FUNC_strncmp);
KBPF_CHECK_CONST(FUNC_get_func_arg);
KBPF_CHECK_CONST(FUNC_get_func_ret);
KBPF_CHECK_CONST(FUNC_get_func_arg_cnt);
KBPF_CHECK_CONST(FUNC_get_retval);
KBPF_CHECK_CONST(FUNC_set_retval);
KBPF_CHECK_CONST(FUNC_xdp_get_buff_len);
KBPF_CHECK_CONST(FUNC_xdp_load_bytes);
KBPF_CHECK_CONST(FUNC_xdp_store_bytes);
KBPF_CHECK_CONST(FUNC_copy_from_user_task);
KBPF_CHECK_CONST(FUNC_skb_set_tstamp);
KBPF_CHECK_CONST(FUNC_ima_file_hash);
KBPF_CHECK_CONST(FUNC_kptr_xchg);
KBPF_CHECK_CONST(FUNC_map_lookup_percpu_elem);
KBPF_CHECK_CONST(FUNC_skc_to_mptcp_sock);
KBPF_CHECK_CONST(FUNC_dynptr_from_mem);
KBPF_CHECK_CONST(FUNC_ringbuf_reserve_dynptr);
KBPF_CHECK_CONST(FUNC_ringbuf_submit_dynptr);
KBPF_CHECK_CONST(FUNC_ringbuf_discard_dynptr);
KBPF_CHECK_CONST(FUNC_dynptr_read);
KBPF_CHECK_CONST(FUNC_dynptr_write);
KBPF_CHECK_CONST(FUNC_dynptr_data);
KBPF_CHECK_CONST(FUNC_tcp_raw_gen_syncookie_ipv4);
KBPF_CHECK_CONST(FUNC_tcp_raw_gen_syncookie_ipv6);
KBPF_CHECK_CONST(FUNC_tcp_raw_check_syncookie_ipv4);
KBPF_CHECK_CONST(FUNC_tcp_raw_check_syncookie_ipv6);
KBPF_CHECK_CONST(FUNC_ktime_get_tai_ns);
KBPF_CHECK_CONST(FUNC_user_ringbuf_drain);

/* Helper ids added in 6.2, the last ones mainline took. */
#if KBPF_HAVE_CGRP_STORAGE
KBPF_CHECK_CONST(FUNC_cgrp_storage_get);
KBPF_CHECK_CONST(FUNC_cgrp_storage_delete);
#endif

#if KBPF_UAPI_AT_REFERENCE
KBPF_CHECK_SAME(__KBPF_FUNC_MAX_ID, __BPF_FUNC_MAX_ID);
#endif

/* union kbpf_attr, command by command. */
KBPF_CHECK_ATTR(map_type);
KBPF_CHECK_ATTR(key_size);
KBPF_CHECK_ATTR(value_size);
KBPF_CHECK_ATTR(max_entries);
KBPF_CHECK_ATTR(map_flags);
KBPF_CHECK_ATTR(inner_map_fd);
KBPF_CHECK_ATTR(numa_node);
KBPF_CHECK_ATTR(map_name);
KBPF_CHECK_ATTR(map_ifindex);
KBPF_CHECK_ATTR(btf_fd);
KBPF_CHECK_ATTR(btf_key_type_id);
KBPF_CHECK_ATTR(btf_value_type_id);
KBPF_CHECK_ATTR(btf_vmlinux_value_type_id);
KBPF_CHECK_ATTR(map_extra);
KBPF_CHECK_ATTR(map_fd);
KBPF_CHECK_ATTR(key);
KBPF_CHECK_ATTR(value);
KBPF_CHECK_ATTR(next_key);
KBPF_CHECK_ATTR(flags);
KBPF_CHECK_ATTR(batch);
KBPF_CHECK_ATTR(batch.in_batch);
KBPF_CHECK_ATTR(batch.out_batch);
KBPF_CHECK_ATTR(batch.keys);
KBPF_CHECK_ATTR(batch.values);
KBPF_CHECK_ATTR(batch.count);
KBPF_CHECK_ATTR(batch.map_fd);
KBPF_CHECK_ATTR(batch.elem_flags);
KBPF_CHECK_ATTR(batch.flags);
KBPF_CHECK_ATTR(prog_type);
KBPF_CHECK_ATTR(insn_cnt);
KBPF_CHECK_ATTR(insns);
KBPF_CHECK_ATTR(license);
KBPF_CHECK_ATTR(log_level);
KBPF_CHECK_ATTR(log_size);
KBPF_CHECK_ATTR(log_buf);
KBPF_CHECK_ATTR(kern_version);
KBPF_CHECK_ATTR(prog_flags);
KBPF_CHECK_ATTR(prog_name);
KBPF_CHECK_ATTR(prog_ifindex);
KBPF_CHECK_ATTR(expected_attach_type);
KBPF_CHECK_ATTR(prog_btf_fd);
KBPF_CHECK_ATTR(func_info_rec_size);
KBPF_CHECK_ATTR(func_info);
KBPF_CHECK_ATTR(func_info_cnt);
KBPF_CHECK_ATTR(line_info_rec_size);
KBPF_CHECK_ATTR(line_info);
KBPF_CHECK_ATTR(line_info_cnt);
KBPF_CHECK_ATTR(attach_btf_id);
KBPF_CHECK_ATTR(attach_prog_fd);
KBPF_CHECK_ATTR(attach_btf_obj_fd);
KBPF_CHECK_ATTR(core_relo_cnt);
KBPF_CHECK_ATTR(fd_array);
KBPF_CHECK_ATTR(core_relos);
KBPF_CHECK_ATTR(core_relo_rec_size);
KBPF_CHECK_ATTR(pathname);
KBPF_CHECK_ATTR(bpf_fd);
KBPF_CHECK_ATTR(file_flags);
KBPF_CHECK_ATTR(target_fd);
KBPF_CHECK_ATTR(attach_bpf_fd);
KBPF_CHECK_ATTR(attach_type);
KBPF_CHECK_ATTR(attach_flags);
KBPF_CHECK_ATTR(replace_bpf_fd);
KBPF_CHECK_ATTR(test);
KBPF_CHECK_ATTR(test.prog_fd);
KBPF_CHECK_ATTR(test.retval);
KBPF_CHECK_ATTR(test.data_size_in);
KBPF_CHECK_ATTR(test.data_size_out);
KBPF_CHECK_ATTR(test.data_in);
KBPF_CHECK_ATTR(test.data_out);
KBPF_CHECK_ATTR(test.repeat);
KBPF_CHECK_ATTR(test.duration);
KBPF_CHECK_ATTR(test.ctx_size_in);
KBPF_CHECK_ATTR(test.ctx_size_out);
KBPF_CHECK_ATTR(test.ctx_in);
KBPF_CHECK_ATTR(test.ctx_out);
KBPF_CHECK_ATTR(test.flags);
KBPF_CHECK_ATTR(test.cpu);
KBPF_CHECK_ATTR(test.batch_size);
KBPF_CHECK_ATTR(start_id);
KBPF_CHECK_ATTR(prog_id);
KBPF_CHECK_ATTR(map_id);
KBPF_CHECK_ATTR(btf_id);
KBPF_CHECK_ATTR(link_id);
KBPF_CHECK_ATTR(next_id);
KBPF_CHECK_ATTR(open_flags);
KBPF_CHECK_ATTR(info);
KBPF_CHECK_ATTR(info.bpf_fd);
KBPF_CHECK_ATTR(info.info_len);
KBPF_CHECK_ATTR(info.info);
KBPF_CHECK_ATTR(query.target_fd);
KBPF_CHECK_ATTR(query.attach_type);
KBPF_CHECK_ATTR(query.query_flags);
KBPF_CHECK_ATTR(query.attach_flags);
KBPF_CHECK_ATTR(query.prog_ids);
KBPF_CHECK_ATTR(query.prog_cnt);
KBPF_CHECK_ATTR(query.prog_attach_flags);
KBPF_CHECK_ATTR(raw_tracepoint.name);
KBPF_CHECK_ATTR(raw_tracepoint.prog_fd);
KBPF_CHECK_ATTR(btf);
KBPF_CHECK_ATTR(btf_log_buf);
KBPF_CHECK_ATTR(btf_size);
KBPF_CHECK_ATTR(btf_log_size);
KBPF_CHECK_ATTR(btf_log_level);
KBPF_CHECK_ATTR(task_fd_query);
KBPF_CHECK_ATTR(task_fd_query.pid);
KBPF_CHECK_ATTR(task_fd_query.fd);
KBPF_CHECK_ATTR(task_fd_query.flags);
KBPF_CHECK_ATTR(task_fd_query.buf_len);
KBPF_CHECK_ATTR(task_fd_query.buf);
KBPF_CHECK_ATTR(task_fd_query.prog_id);
KBPF_CHECK_ATTR(task_fd_query.fd_type);
KBPF_CHECK_ATTR(task_fd_query.probe_offset);
KBPF_CHECK_ATTR(task_fd_query.probe_addr);
KBPF_CHECK_ATTR(link_create.prog_fd);
KBPF_CHECK_ATTR(link_create.target_fd);
KBPF_CHECK_ATTR(link_create.target_ifindex);
KBPF_CHECK_ATTR(link_create.attach_type);
KBPF_CHECK_ATTR(link_create.flags);
KBPF_CHECK_ATTR(link_create.target_btf_id);
KBPF_CHECK_ATTR(link_create.iter_info);
KBPF_CHECK_ATTR(link_create.iter_info_len);
KBPF_CHECK_ATTR(link_create.perf_event);
KBPF_CHECK_ATTR(link_create.perf_event.bpf_cookie);
KBPF_CHECK_ATTR(link_create.kprobe_multi);
KBPF_CHECK_ATTR(link_create.kprobe_multi.flags);
KBPF_CHECK_ATTR(link_create.kprobe_multi.cnt);
KBPF_CHECK_ATTR(link_create.kprobe_multi.syms);
KBPF_CHECK_ATTR(link_create.kprobe_multi.addrs);
KBPF_CHECK_ATTR(link_create.kprobe_multi.cookies);
KBPF_CHECK_ATTR(link_create.tracing);
KBPF_CHECK_ATTR(link_create.tracing.target_btf_id);
KBPF_CHECK_ATTR(link_create.tracing.cookie);
KBPF_CHECK_ATTR(link_update);
KBPF_CHECK_ATTR(link_update.link_fd);
KBPF_CHECK_ATTR(link_update.new_prog_fd);
KBPF_CHECK_ATTR(link_update.flags);
KBPF_CHECK_ATTR(link_update.old_prog_fd);
KBPF_CHECK_ATTR(link_detach);
KBPF_CHECK_ATTR(link_detach.link_fd);
KBPF_CHECK_ATTR(enable_stats);
KBPF_CHECK_ATTR(enable_stats.type);
KBPF_CHECK_ATTR(iter_create);
KBPF_CHECK_ATTR(iter_create.link_fd);
KBPF_CHECK_ATTR(iter_create.flags);
KBPF_CHECK_ATTR(prog_bind_map);
KBPF_CHECK_ATTR(prog_bind_map.prog_fd);
KBPF_CHECK_ATTR(prog_bind_map.map_fd);
KBPF_CHECK_ATTR(prog_bind_map.flags);

#if KBPF_HAVE_LOG_TRUE_SIZE
KBPF_CHECK_ATTR(log_true_size);
KBPF_CHECK_ATTR(btf_log_true_size);
#endif

#if KBPF_HAVE_STRUCT_OPS_LINK
KBPF_CHECK_ATTR(link_create.map_fd);
KBPF_CHECK_ATTR(link_update.new_map_fd);
KBPF_CHECK_ATTR(link_update.old_map_fd);
#endif

#if KBPF_HAVE_NETFILTER
KBPF_CHECK_ATTR(link_create.netfilter);
KBPF_CHECK_ATTR(link_create.netfilter.pf);
KBPF_CHECK_ATTR(link_create.netfilter.hooknum);
KBPF_CHECK_ATTR(link_create.netfilter.priority);
KBPF_CHECK_ATTR(link_create.netfilter.flags);
#endif

#if KBPF_HAVE_PATH_FD
KBPF_CHECK_ATTR(path_fd);
#endif

#if KBPF_HAVE_TCX
KBPF_CHECK_ATTR(target_ifindex);
KBPF_CHECK_ATTR(relative_fd);
KBPF_CHECK_ATTR(relative_id);
KBPF_CHECK_ATTR(expected_revision);
KBPF_CHECK_ATTR(query);
KBPF_CHECK_ATTR(query.target_ifindex);
KBPF_CHECK_ATTR(query.count);
KBPF_CHECK_ATTR(query.link_ids);
KBPF_CHECK_ATTR(query.link_attach_flags);
KBPF_CHECK_ATTR(query.revision);
KBPF_CHECK_ATTR(link_create.tcx);
KBPF_CHECK_ATTR(link_create.tcx.relative_fd);
KBPF_CHECK_ATTR(link_create.tcx.relative_id);
KBPF_CHECK_ATTR(link_create.tcx.expected_revision);
#endif

#if KBPF_HAVE_UPROBE_MULTI
KBPF_CHECK_ATTR(link_create);
KBPF_CHECK_ATTR(link_create.uprobe_multi);
KBPF_CHECK_ATTR(link_create.uprobe_multi.path);
KBPF_CHECK_ATTR(link_create.uprobe_multi.offsets);
KBPF_CHECK_ATTR(link_create.uprobe_multi.ref_ctr_offsets);
KBPF_CHECK_ATTR(link_create.uprobe_multi.cookies);
KBPF_CHECK_ATTR(link_create.uprobe_multi.cnt);
KBPF_CHECK_ATTR(link_create.uprobe_multi.flags);
KBPF_CHECK_ATTR(link_create.uprobe_multi.pid);
#endif

#if KBPF_HAVE_NETKIT
KBPF_CHECK_ATTR(link_create.netkit);
KBPF_CHECK_ATTR(link_create.netkit.relative_fd);
KBPF_CHECK_ATTR(link_create.netkit.relative_id);
KBPF_CHECK_ATTR(link_create.netkit.expected_revision);
#endif

#if KBPF_HAVE_STRUCT_OPS_BTF_OBJ
KBPF_CHECK_ATTR(value_type_btf_obj_fd);
#endif

#if KBPF_HAVE_TOKEN
KBPF_CHECK_ATTR(map_token_fd);
KBPF_CHECK_ATTR(prog_token_fd);
KBPF_CHECK_ATTR(btf_flags);
KBPF_CHECK_ATTR(btf_token_fd);
KBPF_CHECK_ATTR(token_create);
KBPF_CHECK_ATTR(token_create.flags);
KBPF_CHECK_ATTR(token_create.bpffs_fd);
#endif

#if KBPF_HAVE_RAW_TP_COOKIE
KBPF_CHECK_ATTR(raw_tracepoint);
KBPF_CHECK_ATTR(raw_tracepoint.cookie);
#endif

#if KBPF_HAVE_CGROUP_MPROG
KBPF_CHECK_ATTR(link_create.cgroup);
KBPF_CHECK_ATTR(link_create.cgroup.relative_fd);
KBPF_CHECK_ATTR(link_create.cgroup.relative_id);
KBPF_CHECK_ATTR(link_create.cgroup.expected_revision);
#endif

/* struct kbpf_map_info. */
KBPF_CHECK_MAP_INFO(type);
KBPF_CHECK_MAP_INFO(id);
KBPF_CHECK_MAP_INFO(key_size);
KBPF_CHECK_MAP_INFO(value_size);
KBPF_CHECK_MAP_INFO(max_entries);
KBPF_CHECK_MAP_INFO(map_flags);
KBPF_CHECK_MAP_INFO(name);
KBPF_CHECK_MAP_INFO(ifindex);
KBPF_CHECK_MAP_INFO(btf_vmlinux_value_type_id);
KBPF_CHECK_MAP_INFO(netns_dev);
KBPF_CHECK_MAP_INFO(netns_ino);
KBPF_CHECK_MAP_INFO(btf_id);
KBPF_CHECK_MAP_INFO(btf_key_type_id);
KBPF_CHECK_MAP_INFO(btf_value_type_id);
KBPF_CHECK_MAP_INFO(map_extra);

#if KBPF_HAVE_STRUCT_OPS_BTF_OBJ
KBPF_CHECK_MAP_INFO(btf_vmlinux_id);
#endif

/* struct kbpf_prog_info; gpl_compatible is a bit-field, checked below. */
KBPF_CHECK_PROG_INFO(type);
KBPF_CHECK_PROG_INFO(id);
KBPF_CHECK_PROG_INFO(tag);
KBPF_CHECK_PROG_INFO(jited_prog_len);
KBPF_CHECK_PROG_INFO(xlated_prog_len);
KBPF_CHECK_PROG_INFO(jited_prog_insns);
KBPF_CHECK_PROG_INFO(xlated_prog_insns);
KBPF_CHECK_PROG_INFO(load_time);
KBPF_CHECK_PROG_INFO(created_by_uid);
KBPF_CHECK_PROG_INFO(nr_map_ids);
KBPF_CHECK_PROG_INFO(map_ids);
KBPF_CHECK_PROG_INFO(name);
KBPF_CHECK_PROG_INFO(ifindex);
KBPF_CHECK_PROG_INFO(netns_dev);
KBPF_CHECK_PROG_INFO(netns_ino);
KBPF_CHECK_PROG_INFO(nr_jited_ksyms);
KBPF_CHECK_PROG_INFO(nr_jited_func_lens);
KBPF_CHECK_PROG_INFO(jited_ksyms);
KBPF_CHECK_PROG_INFO(jited_func_lens);
KBPF_CHECK_PROG_INFO(btf_id);
KBPF_CHECK_PROG_INFO(func_info_rec_size);
KBPF_CHECK_PROG_INFO(func_info);
KBPF_CHECK_PROG_INFO(nr_func_info);
KBPF_CHECK_PROG_INFO(nr_line_info);
KBPF_CHECK_PROG_INFO(line_info);
KBPF_CHECK_PROG_INFO(jited_line_info);
KBPF_CHECK_PROG_INFO(nr_jited_line_info);
KBPF_CHECK_PROG_INFO(line_info_rec_size);
KBPF_CHECK_PROG_INFO(jited_line_info_rec_size);
KBPF_CHECK_PROG_INFO(nr_prog_tags);
KBPF_CHECK_PROG_INFO(prog_tags);
KBPF_CHECK_PROG_INFO(run_time_ns);
KBPF_CHECK_PROG_INFO(run_cnt);
KBPF_CHECK_PROG_INFO(recursion_misses);
KBPF_CHECK_PROG_INFO(verified_insns);
KBPF_CHECK_PROG_INFO(attach_btf_obj_id);
KBPF_CHECK_PROG_INFO(attach_btf_id);

/* struct kbpf_link_info. */
KBPF_CHECK_LINK_INFO(type);
KBPF_CHECK_LINK_INFO(id);
KBPF_CHECK_LINK_INFO(prog_id);
KBPF_CHECK_LINK_INFO(raw_tracepoint);
KBPF_CHECK_LINK_INFO(raw_tracepoint.tp_name);
KBPF_CHECK_LINK_INFO(raw_tracepoint.tp_name_len);
KBPF_CHECK_LINK_INFO(tracing);
KBPF_CHECK_LINK_INFO(tracing.attach_type);
KBPF_CHECK_LINK_INFO(tracing.target_obj_id);
KBPF_CHECK_LINK_INFO(tracing.target_btf_id);
KBPF_CHECK_LINK_INFO(cgroup);
KBPF_CHECK_LINK_INFO(cgroup.cgroup_id);
KBPF_CHECK_LINK_INFO(cgroup.attach_type);
KBPF_CHECK_LINK_INFO(iter);
KBPF_CHECK_LINK_INFO(iter.target_name);
KBPF_CHECK_LINK_INFO(iter.target_name_len);
KBPF_CHECK_LINK_INFO(iter.map);
KBPF_CHECK_LINK_INFO(iter.map.map_id);
KBPF_CHECK_LINK_INFO(iter.cgroup);
KBPF_CHECK_LINK_INFO(iter.cgroup.cgroup_id);
KBPF_CHECK_LINK_INFO(iter.cgroup.order);
KBPF_CHECK_LINK_INFO(iter.task);
KBPF_CHECK_LINK_INFO(iter.task.tid);
KBPF_CHECK_LINK_INFO(iter.task.pid);
KBPF_CHECK_LINK_INFO(netns);
KBPF_CHECK_LINK_INFO(netns.netns_ino);
KBPF_CHECK_LINK_INFO(netns.attach_type);
KBPF_CHECK_LINK_INFO(xdp);
KBPF_CHECK_LINK_INFO(xdp.ifindex);

#if KBPF_HAVE_STRUCT_OPS_LINK
KBPF_CHECK_LINK_INFO(struct_ops);
KBPF_CHECK_LINK_INFO(struct_ops.map_id);
#endif

#if KBPF_HAVE_NETFILTER
KBPF_CHECK_LINK_INFO(netfilter);
KBPF_CHECK_LINK_INFO(netfilter.pf);
KBPF_CHECK_LINK_INFO(netfilter.hooknum);
KBPF_CHECK_LINK_INFO(netfilter.priority);
KBPF_CHECK_LINK_INFO(netfilter.flags);
#endif

#if KBPF_HAVE_PERF_EVENT_LINK_INFO
KBPF_CHECK_LINK_INFO(kprobe_multi.addrs);
KBPF_CHECK_LINK_INFO(kprobe_multi.count);
KBPF_CHECK_LINK_INFO(kprobe_multi.flags);
KBPF_CHECK_LINK_INFO(perf_event.type);
KBPF_CHECK_LINK_INFO(perf_event.uprobe.file_name);
KBPF_CHECK_LINK_INFO(perf_event.uprobe.name_len);
KBPF_CHECK_LINK_INFO(perf_event.uprobe.offset);
KBPF_CHECK_LINK_INFO(perf_event.kprobe.func_name);
KBPF_CHECK_LINK_INFO(perf_event.kprobe.name_len);
KBPF_CHECK_LINK_INFO(perf_event.kprobe.offset);
KBPF_CHECK_LINK_INFO(perf_event.kprobe.addr);
KBPF_CHECK_LINK_INFO(perf_event.tracepoint.tp_name);
KBPF_CHECK_LINK_INFO(perf_event.tracepoint.name_len);
KBPF_CHECK_LINK_INFO(perf_event.event.config);
KBPF_CHECK_LINK_INFO(perf_event.event.type);
#endif

#if KBPF_HAVE_TCX
KBPF_CHECK_LINK_INFO(tcx);
KBPF_CHECK_LINK_INFO(tcx.ifindex);
KBPF_CHECK_LINK_INFO(tcx.attach_type);
#endif

#if KBPF_HAVE_KPROBE_MISSED
KBPF_CHECK_LINK_INFO(kprobe_multi.missed);
KBPF_CHECK_LINK_INFO(perf_event.kprobe.missed);
#endif

#if KBPF_HAVE_NETKIT
KBPF_CHECK_LINK_INFO(netkit);
KBPF_CHECK_LINK_INFO(netkit.ifindex);
KBPF_CHECK_LINK_INFO(netkit.attach_type);
#endif

#if KBPF_HAVE_UPROBE_MULTI_LINK_INFO
KBPF_CHECK_LINK_INFO(uprobe_multi);
KBPF_CHECK_LINK_INFO(uprobe_multi.path);
KBPF_CHECK_LINK_INFO(uprobe_multi.offsets);
KBPF_CHECK_LINK_INFO(uprobe_multi.ref_ctr_offsets);
KBPF_CHECK_LINK_INFO(uprobe_multi.cookies);
KBPF_CHECK_LINK_INFO(uprobe_multi.path_size);
KBPF_CHECK_LINK_INFO(uprobe_multi.count);
KBPF_CHECK_LINK_INFO(uprobe_multi.flags);
KBPF_CHECK_LINK_INFO(uprobe_multi.pid);
#endif

#if KBPF_HAVE_LINK_INFO_COOKIE
KBPF_CHECK_LINK_INFO(kprobe_multi);
KBPF_CHECK_LINK_INFO(kprobe_multi.cookies);
KBPF_CHECK_LINK_INFO(perf_event);
KBPF_CHECK_LINK_INFO(perf_event.uprobe);
KBPF_CHECK_LINK_INFO(perf_event.uprobe.cookie);
KBPF_CHECK_LINK_INFO(perf_event.kprobe);
KBPF_CHECK_LINK_INFO(perf_event.kprobe.cookie);
KBPF_CHECK_LINK_INFO(perf_event.tracepoint);
KBPF_CHECK_LINK_INFO(perf_event.tracepoint.cookie);
KBPF_CHECK_LINK_INFO(perf_event.event);
KBPF_CHECK_LINK_INFO(perf_event.event.cookie);
#endif

#if KBPF_HAVE_SOCKMAP_LINK
KBPF_CHECK_LINK_INFO(sockmap);
KBPF_CHECK_LINK_INFO(sockmap.map_id);
KBPF_CHECK_LINK_INFO(sockmap.attach_type);
#endif

/* struct kbpf_insn; dst_reg and src_reg are bit-fields, checked below. */
KBPF_CHECK_INSN(code);
KBPF_CHECK_INSN(off);
KBPF_CHECK_INSN(imm);

/*
 * Bit-fields have no offsetof(): build an instruction and a program info
 * with only the bit-fields set, in both layouts, and compare the bytes.
 * The compiler folds these reads to constants, which BUILD_BUG_ON() needs.
 */
static __always_inline u8 kbpf_insn_regs_ours(void)
{
	union {
		struct kbpf_insn insn;
		u8 raw[sizeof(struct kbpf_insn)];
	} u = { .insn = { .dst_reg = 0x3, .src_reg = 0xc } };

	return u.raw[offsetof(struct kbpf_insn, code) + 1];
}

static __always_inline u8 kbpf_insn_regs_theirs(void)
{
	union {
		struct bpf_insn insn;
		u8 raw[sizeof(struct bpf_insn)];
	} u = { .insn = { .dst_reg = 0x3, .src_reg = 0xc } };

	return u.raw[offsetof(struct bpf_insn, code) + 1];
}

static __always_inline u32 kbpf_prog_info_gpl_ours(void)
{
	union {
		struct kbpf_prog_info info;
		u32 raw[sizeof(struct kbpf_prog_info) / sizeof(u32)];
	} u = { .info = { .gpl_compatible = 1 } };

	return u.raw[offsetof(struct kbpf_prog_info, ifindex) / sizeof(u32) + 1];
}

static __always_inline u32 kbpf_prog_info_gpl_theirs(void)
{
	union {
		struct bpf_prog_info info;
		u32 raw[sizeof(struct bpf_prog_info) / sizeof(u32)];
	} u = { .info = { .gpl_compatible = 1 } };

	return u.raw[offsetof(struct bpf_prog_info, ifindex) / sizeof(u32) + 1];
}

void kbpf_uapi_check(void)
{
	/* dst_reg in the low nibble, src_reg in the high one (x86). */
	BUILD_BUG_ON(kbpf_insn_regs_ours() != 0xc3);
	BUILD_BUG_ON(kbpf_insn_regs_ours() != kbpf_insn_regs_theirs());
	/* gpl_compatible is bit 0 of the word after ifindex. */
	BUILD_BUG_ON(kbpf_prog_info_gpl_ours() != 1);
	BUILD_BUG_ON(kbpf_prog_info_gpl_ours() != kbpf_prog_info_gpl_theirs());
}
