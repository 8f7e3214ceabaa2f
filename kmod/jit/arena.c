// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT arena: chunks of kbpf's own module text (kmod/jit/arena_text.S)
 * for generated code, since the kernel exports no executable allocator.
 *
 * W^X: the arena's mapping is the module text's, read-only and executable,
 * and stays so. Code is written through an alias of the same pages made
 * by vmap(), which maps them writable and never executable, and which
 * lives only while one write runs: it is unmapped, and the lazy TLB
 * entries of every unmapped vmap area are flushed (vm_unmap_aliases()),
 * before the write returns. Then every CPU serializes (sync_core()), so no
 * CPU runs bytes it fetched before the write.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/cpufeature.h>
#include <asm/sync_core.h>
#include <asm/text-patching.h>

#include "../compat.h"
#include "arena.h"
#include "selfcheck.h"

#define KBPF_JIT_UNITS	(KBPF_JIT_ARENA_SIZE / KBPF_JIT_CHUNK)

static_assert(KBPF_JIT_ARENA_SIZE % PAGE_SIZE == 0);

/*
 * Generated code is never a probe target: a kprobe would patch int3 into
 * it with text_poke(), behind the arena's own writes.
 */
NOKPROBE_SYMBOL(kbpf_jit_arena);

/*
 * Protects the unit map and kbpf_jit_arena_used_units, and serializes the
 * writes (one alias at a time). Held across vmap() and the flushes: may
 * sleep.
 */
static DEFINE_MUTEX(kbpf_jit_arena_lock);
/* One bit per KBPF_JIT_CHUNK bytes of the arena, set while handed out. */
static DECLARE_BITMAP(kbpf_jit_arena_units, KBPF_JIT_UNITS);
static unsigned int kbpf_jit_arena_used_units;
/* Allocations refused; read without the lock. */
static atomic_long_t kbpf_jit_arena_refused = ATOMIC_LONG_INIT(0);

/* Set once by init, when the arena works here; never changes after. */
static bool kbpf_jit_arena_ok __ro_after_init;
static const char *kbpf_jit_arena_why __ro_after_init = "not initialized";
static struct dentry *kbpf_jit_arena_file;

static unsigned long kbpf_jit_arena_start(void)
{
	return (unsigned long)kbpf_jit_arena;
}

u8 *kbpf_jit_arena_base(void)
{
	return kbpf_jit_arena;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_arena_base);

void *kbpf_jit_return_stub(void)
{
	return kbpf_jit_return;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_return_stub);

/* Whether [addr, addr + len) lies in the arena, past the reserved chunk. */
static bool kbpf_jit_arena_contains(unsigned long addr, size_t len)
{
	unsigned long start = kbpf_jit_arena_start() + KBPF_JIT_CHUNK;
	unsigned long end = kbpf_jit_arena_start() + KBPF_JIT_ARENA_SIZE;

	return len && addr >= start && addr < end && len <= end - addr;
}

static void kbpf_jit_arena_sync_one(void *unused)
{
	sync_core();
}

/*
 * Writes @len bytes at @dst in the arena: a copy of @src, or int3 when
 * @src is NULL. The writable alias covers only the pages of @dst and is
 * gone, with every stale TLB entry for it, when this returns.
 */
static int kbpf_jit_arena_poke(unsigned long dst, const void *src, size_t len)
{
	unsigned long first = dst & PAGE_MASK;
	unsigned int nr = (PAGE_ALIGN(dst + len) - first) >> PAGE_SHIFT;
	struct page **pages;
	unsigned int i;
	u8 *alias;

	lockdep_assert_held(&kbpf_jit_arena_lock);
	pages = kmalloc_array(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	for (i = 0; i < nr; i++)
		pages[i] = vmalloc_to_page((void *)(first + i * PAGE_SIZE));
	/* vmap() maps non-executable whatever it is asked: W, never X. */
	alias = vmap(pages, nr, VM_MAP, PAGE_KERNEL);
	kfree(pages);
	if (!alias)
		return -ENOMEM;
	if (src)
		memcpy(alias + (dst - first), src, len);
	else
		memset(alias + (dst - first), INT3_INSN_OPCODE, len);
	vunmap(alias);
	/* vunmap() leaves TLB entries to a lazy purge: force it now. */
	vm_unmap_aliases();
	return 0;
}

void *kbpf_jit_arena_alloc(size_t size)
{
	unsigned int nr = DIV_ROUND_UP(size, KBPF_JIT_CHUNK);
	unsigned long unit = KBPF_JIT_UNITS;

	might_sleep();
	if (kbpf_jit_arena_ok && nr && nr < KBPF_JIT_UNITS) {
		mutex_lock(&kbpf_jit_arena_lock);
		unit = bitmap_find_next_zero_area(kbpf_jit_arena_units,
						  KBPF_JIT_UNITS, 0, nr, 0);
		if (unit < KBPF_JIT_UNITS) {
			bitmap_set(kbpf_jit_arena_units, unit, nr);
			kbpf_jit_arena_used_units += nr;
		}
		mutex_unlock(&kbpf_jit_arena_lock);
	}
	if (unit >= KBPF_JIT_UNITS) {
		atomic_long_inc(&kbpf_jit_arena_refused);
		return NULL;
	}
	return kbpf_jit_arena + unit * KBPF_JIT_CHUNK;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_arena_alloc);

/* Whether [addr, addr + len) is wholly handed out. */
static bool kbpf_jit_arena_owned(unsigned long addr, size_t len)
{
	unsigned long off = addr - kbpf_jit_arena_start();
	unsigned long unit = off / KBPF_JIT_CHUNK;
	unsigned long end = DIV_ROUND_UP(off + len, KBPF_JIT_CHUNK);

	lockdep_assert_held(&kbpf_jit_arena_lock);
	return find_next_zero_bit(kbpf_jit_arena_units, end, unit) >= end;
}

int kbpf_jit_arena_write(void *dst, const void *src, size_t len)
{
	unsigned long addr = (unsigned long)dst;
	int err = -EINVAL;

	might_sleep();
	if (!kbpf_jit_arena_contains(addr, len))
		return -EINVAL;
	mutex_lock(&kbpf_jit_arena_lock);
	if (kbpf_jit_arena_owned(addr, len))
		err = kbpf_jit_arena_poke(addr, src, len);
	mutex_unlock(&kbpf_jit_arena_lock);
	if (err)
		return err;
	/*
	 * Cross-modified code: each CPU executes a serializing instruction
	 * after the write and before it can run the new bytes (which it
	 * reaches only through a pointer published after this returns).
	 */
	on_each_cpu(kbpf_jit_arena_sync_one, NULL, 1);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_arena_write);

void kbpf_jit_arena_free(void *chunk, size_t size)
{
	unsigned long addr = (unsigned long)chunk;
	unsigned int nr = DIV_ROUND_UP(size, KBPF_JIT_CHUNK);

	might_sleep();
	if (!chunk)
		return;
	size = nr * KBPF_JIT_CHUNK;
	if (WARN_ON_ONCE(!kbpf_jit_arena_contains(addr, size) ||
			 !IS_ALIGNED(addr, KBPF_JIT_CHUNK)))
		return;
	mutex_lock(&kbpf_jit_arena_lock);
	if (!WARN_ON_ONCE(!kbpf_jit_arena_owned(addr, size))) {
		/*
		 * A chunk that cannot be refilled stays out of use: stale
		 * code must not be handed out again.
		 */
		if (!kbpf_jit_arena_poke(addr, NULL, size)) {
			bitmap_clear(kbpf_jit_arena_units,
				     (addr - kbpf_jit_arena_start()) /
				     KBPF_JIT_CHUNK, nr);
			kbpf_jit_arena_used_units -= nr;
		}
	}
	mutex_unlock(&kbpf_jit_arena_lock);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_arena_free);

bool kbpf_jit_arena_enabled(void)
{
	return kbpf_jit_arena_ok;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_arena_enabled);

unsigned long kbpf_jit_arena_fallbacks(void)
{
	return atomic_long_read(&kbpf_jit_arena_refused);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_arena_fallbacks);

size_t kbpf_jit_arena_used(void)
{
	size_t used;

	mutex_lock(&kbpf_jit_arena_lock);
	/* The reserved first chunk is not "used" by anyone. */
	used = (size_t)(kbpf_jit_arena_used_units - 1) * KBPF_JIT_CHUNK;
	mutex_unlock(&kbpf_jit_arena_lock);
	return used;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_arena_used);

/*
 * What the module loader made of the return stub's RET: "ret" without
 * return thunks, else the thunk it jumps to.
 */
static void kbpf_jit_arena_show_return(struct seq_file *m)
{
	static const u8 endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	const u8 *p = (const u8 *)kbpf_jit_return;
	s32 disp;

	/* Not "kbpf_jit_return + 4" to objtool: that is no ENDBR target. */
	OPTIMIZER_HIDE_VAR(p);
	if (!memcmp(p, endbr64, sizeof(endbr64)))
		p += sizeof(endbr64);
	if (p[0] == RET_INSN_OPCODE) {
		seq_puts(m, "return: ret\n");
	} else if (p[0] == JMP32_INSN_OPCODE) {
		memcpy(&disp, p + 1, sizeof(disp));
		seq_printf(m, "return: jmp %ps\n", p + JMP32_INSN_SIZE + disp);
	} else {
		seq_printf(m, "return: %*ph\n", 5, p);
	}
}

static int kbpf_jit_arena_show(struct seq_file *m, void *unused)
{
	if (kbpf_jit_arena_ok)
		seq_puts(m, "state: enabled\n");
	else
		seq_printf(m, "state: disabled (%s)\n", kbpf_jit_arena_why);
	seq_printf(m, "size: %u\nused: %zu\nfallbacks: %lu\n",
		   KBPF_JIT_ARENA_SIZE, kbpf_jit_arena_used(),
		   kbpf_jit_arena_fallbacks());
	kbpf_jit_arena_show_return(m);
	seq_printf(m, "ibt: %d\nrethunk: %d\n",
		   cpu_feature_enabled(X86_FEATURE_IBT),
		   cpu_feature_enabled(X86_FEATURE_RETHUNK));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kbpf_jit_arena);

/*
 * Call depth tracking (retbleed=stuff) accounts every call and return in
 * a per-CPU counter through a helper the kernel does not export: code
 * that cannot take part must not run. Kernels before 6.2 lack the feature.
 */
static bool kbpf_jit_arena_cpu_refuses(void)
{
#ifdef X86_FEATURE_CALL_DEPTH
	if (cpu_feature_enabled(X86_FEATURE_CALL_DEPTH)) {
		kbpf_jit_arena_why = "call depth tracking is on";
		return true;
	}
#endif
	return false;
}

/*
 * Replaces the build-time bytes with int3 and checks, by running code in
 * the arena, that it executes, returns and unwinds here. Any failure
 * leaves the arena disabled, and programs interpreted; kbpf still loads.
 */
void kbpf_jit_arena_init(struct dentry *debugfs_dir)
{
	unsigned long start = kbpf_jit_arena_start();
	int err;

	mutex_lock(&kbpf_jit_arena_lock);
	/* The first chunk keeps its build-time unwind entries: never used. */
	bitmap_set(kbpf_jit_arena_units, 0, 1);
	kbpf_jit_arena_used_units = 1;
	mutex_unlock(&kbpf_jit_arena_lock);
	kbpf_jit_arena_file = debugfs_create_file("jit_arena", 0444,
						  debugfs_dir, NULL,
						  &kbpf_jit_arena_fops);
	if (kbpf_jit_arena_cpu_refuses())
		return;
	if (WARN_ON(!PAGE_ALIGNED(start)))
		return;
	mutex_lock(&kbpf_jit_arena_lock);
	err = kbpf_jit_arena_poke(start, NULL, KBPF_JIT_ARENA_SIZE);
	mutex_unlock(&kbpf_jit_arena_lock);
	if (err) {
		kbpf_jit_arena_why = "cannot write the arena";
		return;
	}
	on_each_cpu(kbpf_jit_arena_sync_one, NULL, 1);
	kbpf_jit_arena_ok = true;
	kbpf_jit_arena_why = kbpf_jit_selfcheck();
	if (kbpf_jit_arena_why) {
		kbpf_jit_arena_ok = false;
		pr_warn("JIT arena disabled: %s\n", kbpf_jit_arena_why);
	}
}

/* Every program is gone: every chunk must have come back. */
void kbpf_jit_arena_exit(void)
{
	debugfs_remove(kbpf_jit_arena_file);
	WARN_ON(kbpf_jit_arena_ok && kbpf_jit_arena_used());
}
