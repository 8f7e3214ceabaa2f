// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT's driver: passes of the translator (translate.c) until the
 * layout converges, every pass after the first for the address of a
 * chunk of the arena taken at the first pass's length, then one write,
 * and the image is published with the program.
 *
 * Jumps. Each pass aims jumps at the offsets of the pass before, and
 * sizes each jump by its distance in that pass's layout alone (from the
 * end of the jumping instruction there): rel8 when that reaches. The
 * first pass starts from an estimate no smaller than any instruction
 * (KBPF_JIT_INSN_MAX each, KBPF_JIT_FRAME_MAX each prologue and
 * epilogue). So every distance is a sum of the previous pass's sizes,
 * no size grows from one pass to the next, and neither does a distance:
 * the image only shrinks, and settles. (Measuring from where the jump
 * is emitted instead mixes two layouts: what shrank ahead of the jump
 * lengthens its forward distances, and a 7,004-instruction program of
 * short branches shed about 17 rel32 jumps a pass, never settling in
 * KBPF_JIT_MAX_PASSES.) When a pass reproduces the offsets it was
 * given, every jump aims at the start of its target's code and each
 * rel8 reaches. Call and jmp rel32 take 5 bytes whatever the address,
 * so no length depends on it: the first pass, without one, bounds the
 * chunk, and the pass that settles, emitted for the chunk, is the image
 * (with no rel8 short of its target, or nothing is written); the chunk's
 * units past it go back to the arena.
 *
 * Shrinking settles, but a chain of jumps each brought within rel8 by
 * the one before could take a pass per link. From pass
 * kbpf_jit_pad_passes on, a pass pads (translate.h): each instruction
 * keeps its length from the pass before, the shortfall filled with
 * NOPs (before the jump that ends it, if one does), which is always
 * possible since nothing grew. That pass reproduces the layout it was
 * given: settled, as Linux's x86 JIT settles by padding after 15.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "../compat.h"
#include "../prog/helpers.h"
#include "../prog/interp.h"
#include "arena.h"
#include "blind.h"
#include "jit.h"
#include "serialize.h"
#include "subprog.h"
#include "translate.h"

/* Passes before giving up on convergence, as Linux's JIT. */
#define KBPF_JIT_MAX_PASSES	20
/* The first pass that pads (top of file), as Linux's JIT. */
#define KBPF_JIT_PAD_PASSES	15
/*
 * The emit buffer's first size, in bytes an instruction (verif_branches'
 * first pass, all its jumps rel32, takes 5.1; the bound is 64).
 */
#define KBPF_JIT_INSN_GUESS	16
/* Longer programs are interpreted: the arena could not hold them anyway. */
#define KBPF_JIT_MAX_INSNS	(KBPF_JIT_ARENA_SIZE / 16)

static int kbpf_jit_enable;

/* An int parameter that takes 0, 1 or 2 (jit_enable, jit_harden). */
static int kbpf_jit_level_set(const char *val, const struct kernel_param *kp)
{
	int n, err;

	err = kstrtoint(val, 0, &n);
	if (err)
		return err;
	if (n < 0 || n > 2)
		return -EINVAL;
	WRITE_ONCE(*(int *)kp->arg, n);
	return 0;
}

const struct kernel_param_ops kbpf_jit_level_ops = {
	.set = kbpf_jit_level_set,
	.get = param_get_int,
};
module_param_cb(jit_enable, &kbpf_jit_level_ops, &kbpf_jit_enable, 0644);
MODULE_PARM_DESC(jit_enable,
		 "JIT programs at load: 0 no, 1 yes, 2 yes and print the image");

u32 kbpf_jit_pad_passes = KBPF_JIT_PAD_PASSES;
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_pad_passes);

/* Loads that got an image, and the ones that did not, by reason. */
static atomic_long_t kbpf_jit_stat_jited = ATOMIC_LONG_INIT(0);
static atomic_long_t kbpf_jit_stat_unsupported = ATOMIC_LONG_INIT(0);
static atomic_long_t kbpf_jit_stat_no_room = ATOMIC_LONG_INIT(0);
static atomic_long_t kbpf_jit_stat_failed = ATOMIC_LONG_INIT(0);
/* Of the JITed loads, those whose constants were blinded. */
static atomic_long_t kbpf_jit_stat_blinded = ATOMIC_LONG_INIT(0);
/* Time in kbpf_jit_prog_compile(), every load, the arena's writes included. */
static atomic64_t kbpf_jit_stat_compile_ns = ATOMIC64_INIT(0);
static struct dentry *kbpf_jit_file;

/*
 * The emit buffer starts at KBPF_JIT_INSN_GUESS bytes an instruction,
 * which the first pass of most programs fits (no later pass is longer);
 * when it does not, the buffer grows to the bound and the pass runs again.
 */
static int kbpf_jit_first_pass(struct kbpf_jit_ctx *c, u32 *next)
{
	size_t cap = 2 * c->subs->nr * KBPF_JIT_FRAME_MAX +
		     (size_t)c->len * KBPF_JIT_INSN_MAX;
	int err = kbpf_jit_translate(c, next);

	if (err != -E2BIG || !c->e.overflow || c->e.cap >= cap)
		return err;
	kvfree(c->e.buf);
	c->e.buf = kvmalloc(cap, GFP_KERNEL);
	c->e.cap = c->e.buf ? cap : 0;
	if (!c->e.buf)
		return -ENOMEM;
	return kbpf_jit_translate(c, next);
}

/*
 * Passes until the offsets in @addrs reproduce themselves. The first pass
 * runs without an address; its length bounds every later one (no size
 * grows), so the chunk is taken at that length right after it, *@chunk,
 * and every later pass emits for the chunk's address. The pass that
 * settles is then the final image, in @c->e (no pass of its own just to
 * put the address in). A chunk left in *@chunk on an error is the
 * caller's to release. So a program whose first pass does not fit in
 * the arena is interpreted, even if its final image would have fitted.
 */
static int kbpf_jit_converge(struct kbpf_jit_ctx *c, u32 *addrs, u32 *next,
			     void **chunk, u32 *chunk_size)
{
	u32 nr = KBPF_JIT_NR_ADDRS(c->len, c->subs->nr);
	size_t bytes = nr * sizeof(*addrs);
	u32 pass, i, k;
	int err;

	/* An estimate no offset of a pass can exceed: every frame twice. */
	for (i = 0; i <= c->len; i++) {
		k = kbpf_jit_subprog_of(c->subs, min(i, c->len - 1));
		addrs[i] = (2 * k + 1) * KBPF_JIT_FRAME_MAX +
			   i * KBPF_JIT_INSN_MAX;
	}
	for (k = 0; k < c->subs->nr; k++) {
		addrs[c->len + 1 + 2 * k] = 2 * k * KBPF_JIT_FRAME_MAX +
			c->subs->start[k] * KBPF_JIT_INSN_MAX;
		addrs[c->len + 2 + 2 * k] = (2 * k + 1) * KBPF_JIT_FRAME_MAX +
			(k + 1 < c->subs->nr ? c->subs->start[k + 1] : c->len) *
			KBPF_JIT_INSN_MAX;
	}
	for (pass = 0; pass < KBPF_JIT_MAX_PASSES; pass++) {
		c->pad = pass >= READ_ONCE(kbpf_jit_pad_passes);
		c->addrs = addrs;
		err = pass ? kbpf_jit_translate(c, next) :
			     kbpf_jit_first_pass(c, next);
		if (err)
			return err;
		if (c->base && !memcmp(addrs, next, bytes))
			return 0;
		if (!c->base) {
			*chunk_size = c->e.len;
			*chunk = kbpf_jit_arena_alloc(c->e.len);
			if (!*chunk)
				return -ENOMEM;
			c->base = *chunk;
		}
		memcpy(addrs, next, bytes);
	}
	return -E2BIG;
}

int kbpf_jit_compile_frames(const struct kbpf_insn *insns, u32 len,
			    u32 stack_depth,
			    const struct kbpf_prog_frame *frames,
			    u32 frame_cnt, const kbpf_helper_fn *helpers,
			    u32 helper_cnt, struct kbpf_jit_image *img)
{
	struct kbpf_jit_ctx c = {
		.insns = insns,
		.len = len,
		.stack = round_up(stack_depth, 8),
		.frames = frames,
		.frame_cnt = frame_cnt,
		.helpers = helpers,
		.helper_cnt = helper_cnt,
	};
	struct kbpf_jit_subprogs subs;
	u32 *addrs = NULL, *next = NULL;
	void *chunk = NULL;
	u32 size = 0, nr;
	int err;

	memset(img, 0, sizeof(*img));
	if (!len || len > KBPF_JIT_MAX_INSNS || c.stack > KBPF_STACK_SIZE)
		return -EOPNOTSUPP;
	err = kbpf_jit_subprogs_find(insns, len, &subs);
	if (err)
		goto out;
	c.subs = &subs;
	nr = KBPF_JIT_NR_ADDRS(len, subs.nr);
	c.e.cap = 2 * subs.nr * KBPF_JIT_FRAME_MAX + len * KBPF_JIT_INSN_GUESS;
	c.e.buf = kvmalloc(c.e.cap, GFP_KERNEL);
	addrs = kvmalloc_array(nr, sizeof(*addrs), GFP_KERNEL);
	next = kvmalloc_array(nr, sizeof(*next), GFP_KERNEL);
	err = -ENOMEM;
	if (!c.e.buf || !addrs || !next)
		goto out;

	err = kbpf_jit_converge(&c, addrs, next, &chunk, &size);
	if (err)
		goto out;
	/* Settled: no pass grew, and every rel8 reaches its target. */
	if (WARN_ON_ONCE(c.e.len > size || c.e.unsettled)) {
		err = -EFAULT;
		goto out;
	}
	/* The units past the image were never written: give them back. */
	if (DIV_ROUND_UP(size, KBPF_JIT_CHUNK) >
	    DIV_ROUND_UP(c.e.len, KBPF_JIT_CHUNK)) {
		size_t keep = round_up(c.e.len, KBPF_JIT_CHUNK);

		kbpf_jit_arena_release(chunk + keep, size - keep);
	}
	size = c.e.len;
	err = kbpf_jit_arena_write(chunk, c.e.buf, size);
	if (err)
		goto out;
	img->func = chunk;
	img->tail = chunk + c.tail;
	img->gen = kbpf_jit_gen();
	img->len = size;
	chunk = NULL;
out:
	if (chunk)
		kbpf_jit_arena_release(chunk, size);
	kvfree(next);
	kvfree(addrs);
	kvfree(c.e.buf);
	kbpf_jit_subprogs_free(&subs);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_compile_frames);

int kbpf_jit_compile(const struct kbpf_insn *insns, u32 len, u32 stack_depth,
		     const kbpf_helper_fn *helpers, u32 helper_cnt,
		     struct kbpf_jit_image *img)
{
	return kbpf_jit_compile_frames(insns, len, stack_depth, NULL, 0,
				       helpers, helper_cnt, img);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_compile);

void kbpf_jit_image_free(struct kbpf_jit_image *img)
{
	if (!img->func)
		return;
	kbpf_jit_arena_release(img->func, img->len);
	memset(img, 0, sizeof(*img));
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_image_free);

static void kbpf_jit_dump(const struct kbpf_prog *prog,
			  const struct kbpf_jit_image *img)
{
	pr_info("JIT image of prog '%s': %u bytes at %pK\n", prog->name,
		img->len, img->func);
	print_hex_dump(KERN_INFO, "kbpf jit: ", DUMP_PREFIX_OFFSET, 16, 1,
		       img->func, img->len, false);
}

bool kbpf_jit_requested(void)
{
#ifdef KBPF_INTERP_CHECKED
	return false;
#else
	return READ_ONCE(kbpf_jit_enable) && kbpf_jit_arena_enabled();
#endif
}

/*
 * Compiles @prog's instructions, or a blinded copy of them when
 * jit_harden asks (blind.h); the program itself keeps its instructions
 * (the interpreter's, and xlated's).
 */
static int kbpf_jit_prog_compile(struct kbpf_prog *prog,
				 struct kbpf_jit_image *img)
{
	struct kbpf_jit_blinded b;
	int err;

	memset(img, 0, sizeof(*img));
	if (!kbpf_jit_blinding_wanted())
		return kbpf_jit_compile_frames(prog->insns, prog->len,
					       prog->stack_depth, prog->frames,
					       prog->frame_cnt, kbpf_helper_fns,
					       kbpf_helper_fns_cnt, img);
	/* The copy comes with its own frame table (blind.h). */
	err = kbpf_jit_blind(prog->insns, prog->len, prog->frames,
			     prog->frame_cnt, &b);
	if (err)
		return err;
	err = kbpf_jit_compile_frames(b.insns, b.len, prog->stack_depth,
				      b.frames, b.frame_cnt, kbpf_helper_fns,
				      kbpf_helper_fns_cnt, img);
	kbpf_jit_blinded_free(&b);
	if (!err)
		atomic_long_inc(&kbpf_jit_stat_blinded);
	return err;
}

void kbpf_jit_prog(struct kbpf_prog *prog)
{
	struct kbpf_jit_image img;
	int mode = READ_ONCE(kbpf_jit_enable);
	u64 t0;
	int err;

#ifdef KBPF_INTERP_CHECKED
	/* The checked build exists to run every access through its oracle. */
	mode = 0;
#endif
	if (!mode)
		return;
	t0 = ktime_get_ns();
	err = kbpf_jit_prog_compile(prog, &img);
	atomic64_add(ktime_get_ns() - t0, &kbpf_jit_stat_compile_ns);
	switch (err) {
	case 0:
		atomic_long_inc(&kbpf_jit_stat_jited);
		break;
	case -EOPNOTSUPP:
		atomic_long_inc(&kbpf_jit_stat_unsupported);
		return;
	case -ENOMEM:
		atomic_long_inc(&kbpf_jit_stat_no_room);
		return;
	default:
		atomic_long_inc(&kbpf_jit_stat_failed);
		return;
	}
	if (mode == 2)
		kbpf_jit_dump(prog, &img);
	prog->jit_func = img.func;
	prog->jit_tail = img.tail;
	prog->jit_gen = img.gen;
	prog->jit_len = img.len;
}

void kbpf_jit_prog_free(struct kbpf_prog *prog)
{
	struct kbpf_jit_image img = {
		.func = prog->jit_func,
		.len = prog->jit_len,
	};

	prog->jit_func = NULL;
	prog->jit_tail = NULL;
	kbpf_jit_image_free(&img);
}

static int kbpf_jit_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "jit_enable: %d\n", READ_ONCE(kbpf_jit_enable));
	seq_printf(m, "jited: %ld\n", atomic_long_read(&kbpf_jit_stat_jited));
	seq_printf(m, "interpreted_unsupported: %ld\n",
		   atomic_long_read(&kbpf_jit_stat_unsupported));
	seq_printf(m, "interpreted_no_room: %ld\n",
		   atomic_long_read(&kbpf_jit_stat_no_room));
	seq_printf(m, "interpreted_failed: %ld\n",
		   atomic_long_read(&kbpf_jit_stat_failed));
	seq_printf(m, "blinded: %ld\n",
		   atomic_long_read(&kbpf_jit_stat_blinded));
	seq_printf(m, "compile_us: %llu\n",
		   div_u64(atomic64_read(&kbpf_jit_stat_compile_ns),
			   NSEC_PER_USEC));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kbpf_jit);

void kbpf_jit_init(struct dentry *debugfs_dir)
{
	kbpf_jit_file = debugfs_create_file("jit", 0444, debugfs_dir, NULL,
					    &kbpf_jit_fops);
}

void kbpf_jit_exit(void)
{
	debugfs_remove(kbpf_jit_file);
}
