/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The program object and what the interpreter needs of it.
 */
#ifndef _KBPF_PROG_H
#define _KBPF_PROG_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>

#include "../cmd.h"

struct kbpf_map;
struct kbpf_prog_stats;
struct kbpf_prog_ops;

/* A helper as the interpreter calls it: r1-r5 in, r0 out. */
typedef u64 (*kbpf_helper_fn)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);

/* Limits shared by the loader, the verifier and the interpreter. */
#define KBPF_MAX_INSNS		1000000
#define KBPF_STACK_SIZE		512	/* per call chain */
#define KBPF_MAX_CALL_FRAMES	8
#define KBPF_MAX_TAIL_CALLS	33

/*
 * One subprogram's frame as the interpreter sizes it: the index of its
 * first instruction and the stack bytes it may touch, its verified depth
 * rounded up to 16 as the verifier sums them (no chain of calls and
 * callbacks adds up to more than KBPF_STACK_SIZE). @below: the bytes of
 * the deepest chain of bpf-to-bpf calls under it (inlined bpf_loop()s
 * included; callbacks entered through helpers are not, each is placed
 * when a helper enters it); 0 when it calls nothing.
 */
struct kbpf_prog_frame {
	u32 start;
	u32 size;
	u32 below;
};

/*
 * A loaded program. Everything up to @insns is fixed once the program is
 * published (ID allocated, fd returned). @insns are the instructions as
 * the interpreter runs them: ld_imm64 of map fds hold the kernel's
 * struct kbpf_map pointer, ld_imm64 of BPF_PSEUDO_FUNC the address of the
 * callback's first instruction, helper calls keep the helper ID in imm,
 * and pseudo calls the relative offset, and in off the callee's frame
 * size when the program has a frame table.
 *
 * @refcnt: fds, pins, links and prog-array slots. At zero the ID goes
 * at once and the memory after the grace periods of DESIGN §3.
 */
struct kbpf_prog {
	const struct kbpf_prog_ops *ops;	/* what its type is (type.h) */
	u32 type;
	u32 expected_attach_type;
	u32 len;
	u32 id;
	u32 max_ctx_offset;	/* bytes of ctx the program may read */
	u32 stack_depth;	/* stack bytes any of its frames may touch */
	u32 frame_cnt;		/* subprograms, the main program included */
	struct kbpf_prog_frame *frames;	/* by start; NULL: never verified */
	u64 load_time;		/* boottime ns */
	kuid_t uid;		/* of the loader */
	bool sleepable;
	bool gpl_compatible;
	char name[KBPF_OBJ_NAME_LEN];
	u8 tag[KBPF_TAG_SIZE];
	struct kbpf_map **used_maps;
	u32 used_map_cnt;
	struct kbpf_prog_stats __percpu *stats;
	/*
	 * The JIT's image (kmod/jit/jit.h), set before the program is
	 * published and freed after its last run; NULL: interpreted.
	 * @jit_tail: where tail calls from JITed programs enter it.
	 * @jit_gen: the arena's generation it was written in; a CPU
	 * serializes up to it before entering (kmod/jit/serialize.h).
	 */
	u64 (*jit_func)(const void *ctx);
	const void *jit_tail;
	unsigned long jit_gen;
	u32 jit_len;

	atomic64_t refcnt;
	union {
		struct rcu_head rcu;
		struct work_struct free_work;
	};
	struct kbpf_insn insns[];
};

void kbpf_prog_inc(struct kbpf_prog *prog);
void kbpf_prog_put(struct kbpf_prog *prog);
bool kbpf_file_is_prog(const struct file *file);
int kbpf_prog_new_fd(struct kbpf_prog *prog);
struct kbpf_prog *kbpf_prog_get_fd(u32 ufd);

int kbpf_prog_load(union kbpf_attr *attr, union kbpf_attr __user *uattr,
		   u32 uattr_size);
int kbpf_prog_test_run(union kbpf_attr *attr, union kbpf_attr __user *uattr);
int kbpf_prog_get_fd_by_id(union kbpf_attr *attr,
			   union kbpf_attr __user *uattr);
int kbpf_prog_get_info_by_fd(struct kbpf_prog *prog,
			     const union kbpf_attr *attr,
			     union kbpf_attr __user *uattr);

struct kbpf_obj_ops;
extern const struct kbpf_obj_ops kbpf_prog_obj_ops;

#endif /* _KBPF_PROG_H */
