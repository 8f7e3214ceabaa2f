/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86-64 JIT: a loaded program's instructions to code in the arena
 * (arena.h), run instead of the interpreter when it has an image.
 *
 * Module parameter jit_enable, read at each program load as Linux's
 * bpf_jit_enable: 0 interprets everything, 1 JITs what it can, 2 also
 * prints each image to the kernel log as hex.
 */
#ifndef _KBPF_JIT_JIT_H
#define _KBPF_JIT_JIT_H

#include <linux/moduleparam.h>
#include <linux/types.h>

#include "../prog/prog.h"

/* jit_enable's and jit_harden's: an int that takes 0, 1 or 2. */
extern const struct kernel_param_ops kbpf_jit_level_ops;
/*
 * The first pass of the translator that pads (jit.c), 15; only KUnit
 * changes it, to make every image padded.
 */
extern u32 kbpf_jit_pad_passes;

struct dentry;

/* A program's image: code that takes the ctx in rdi and returns r0. */
typedef u64 (*kbpf_jit_func)(const void *ctx);

struct kbpf_jit_image {
	kbpf_jit_func func;	/* the chunk's first byte; NULL: none */
	const void *tail;	/* where tail calls enter (tail_call.h) */
	unsigned long gen;	/* written by then (serialize.h) */
	u32 len;		/* bytes of code */
};

/*
 * Translates @insns into a new image: 0 and *@img filled, or an errno
 * with *@img empty: -EOPNOTSUPP (an instruction it does not translate),
 * -ENOMEM (no arena room or memory), -ERANGE, -E2BIG. Process context.
 * The image is written when this returns; a CPU runs it pinned, after
 * kbpf_jit_enter(@img->gen) (kbpf_interp_run_jited() does both checks).
 */
int kbpf_jit_compile(const struct kbpf_insn *insns, u32 len, u32 stack_depth,
		     const kbpf_helper_fn *helpers, u32 helper_cnt,
		     struct kbpf_jit_image *img);
/*
 * As kbpf_jit_compile(), each function's frame sized as the program's
 * frame table (@frames, @frame_cnt: struct kbpf_prog_frame) sizes the
 * interpreter's, so a tail call keeps and clears the same stack bytes
 * either way; -EOPNOTSUPP for a function the table lacks. Without a
 * table every frame reserves @stack_depth.
 */
int kbpf_jit_compile_frames(const struct kbpf_insn *insns, u32 len,
			    u32 stack_depth,
			    const struct kbpf_prog_frame *frames,
			    u32 frame_cnt, const kbpf_helper_fn *helpers,
			    u32 helper_cnt, struct kbpf_jit_image *img);
/* Gives the image's chunk back; no CPU may run it or start to. */
void kbpf_jit_image_free(struct kbpf_jit_image *img);

/*
 * Whether a program loaded now will be JITed if the JIT can: jit_enable
 * is on, the arena works, and this is not the checked build. The
 * verifier inlines what the JIT makes faster only then (Linux's
 * prog->jit_requested).
 */
bool kbpf_jit_requested(void);
/*
 * At load, before @prog is published: gives it an image if jit_enable
 * says so and the JIT can; otherwise it stays interpreted (counted).
 */
void kbpf_jit_prog(struct kbpf_prog *prog);
/* At free, after the grace periods that end every run of @prog. */
void kbpf_jit_prog_free(struct kbpf_prog *prog);

/*
 * OBJ_GET_INFO_BY_FD's jited_* fields of @info, as Linux fills them,
 * copying out where @req (the caller's struct) points; CAP_BPF checked
 * by the caller. 0 or -EFAULT.
 */
int kbpf_jit_fill_info(const struct kbpf_prog *prog,
		       struct kbpf_prog_info *info,
		       const struct kbpf_prog_info *req);

void kbpf_jit_init(struct dentry *debugfs_dir);
void kbpf_jit_exit(void);

#endif /* _KBPF_JIT_JIT_H */
