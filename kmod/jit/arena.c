// SPDX-License-Identifier: GPL-2.0
/*
 * The JIT arena: chunks of kbpf's own module text (kmod/jit/arena_text.S)
 * for generated code, since the kernel exports no executable allocator.
 *
 * W^X: the arena's mapping is the module text's, read-only and executable,
 * and stays so. Code is written through an alias of the same pages made
 * by vmap(), which maps them writable and never executable, and which
 * lives only while one session of writes runs.
 *
 * The alias's TLB entries. The writing task stays on one CPU from vmap()
 * to after vunmap() (migrate_disable(): both may sleep, which it allows),
 * and nothing else knows the alias's address, so that CPU is the only one
 * with a reason to translate it. vunmap() clears its page table entries;
 * that CPU then drops what its TLB cached, and sends every other CPU the
 * same flush without waiting for it (alias_flush.h): x86 may cache a
 * translation a CPU reached only speculatively, and such a writable
 * entry would otherwise last until vmalloc's lazy purge. Linux's
 * text_poke() flushes the poking CPU alone, but its mapping lives in an
 * mm that only that CPU ever loads (docs/jit-memory.md, Alias lifetime).
 *
 * Serialization is lazy (serialize.h): a session that wrote bumps the
 * generation; each CPU runs sync_core() the first time it enters an
 * image newer than its last serialization. No IPI per session.
 *
 * Batching. A session writes one program's image and, in the same alias,
 * refills with int3 every chunk freed since the last session: frees only
 * mark their units stale (not handed out, old code still in them but
 * unreachable: the program's grace periods are over), and the next write,
 * a delayed work item, an allocation that finds no room, or module exit
 * refills them. A load therefore costs one vmap() and one vunmap(),
 * whatever was freed before it.
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
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <asm/cpufeature.h>
#include <asm/text-patching.h>

#include "../compat.h"
#include "alias_flush.h"
#include "arena.h"
#include "selfcheck.h"
#include "serialize.h"

#define KBPF_JIT_UNITS	(KBPF_JIT_ARENA_SIZE / KBPF_JIT_CHUNK)
#define KBPF_JIT_PAGES	(KBPF_JIT_ARENA_SIZE / PAGE_SIZE)
/* Freed chunks wait at most this long for a write to refill them. */
#define KBPF_JIT_REFILL_DELAY	(HZ / 4)

static_assert(KBPF_JIT_ARENA_SIZE % PAGE_SIZE == 0);

/*
 * Generated code is never a probe target: a kprobe would patch int3 into
 * it with text_poke(), behind the arena's own writes.
 */
NOKPROBE_SYMBOL(kbpf_jit_arena);

/*
 * Protects the unit maps, their counts and the session's scratch below,
 * and serializes the sessions (one alias at a time) and the generation's
 * bumps (serialize.h). Held across vmap() and vunmap(): may sleep.
 */
static DEFINE_MUTEX(kbpf_jit_arena_lock);
/*
 * One bit per KBPF_JIT_CHUNK bytes of the arena, set while handed out and
 * while stale. A stale unit (also set in kbpf_jit_arena_stale) was freed
 * but still holds old code: it is handed out again only once a session
 * has refilled it with int3.
 */
static DECLARE_BITMAP(kbpf_jit_arena_units, KBPF_JIT_UNITS);
static unsigned int kbpf_jit_arena_used_units;
static DECLARE_BITMAP(kbpf_jit_arena_stale, KBPF_JIT_UNITS);
static unsigned int kbpf_jit_arena_stale_units;
/*
 * A session's scratch: the arena pages it writes, and for each the index
 * of its page in the alias.
 */
static DECLARE_BITMAP(kbpf_jit_arena_pages, KBPF_JIT_PAGES);
static unsigned int kbpf_jit_arena_slot[KBPF_JIT_PAGES];
/* Sessions and their time, and writes, for debugfs; under the lock. */
static u64 kbpf_jit_arena_sessions, kbpf_jit_arena_session_ns;
static u64 kbpf_jit_arena_writes, kbpf_jit_arena_refilled_units;

static void kbpf_jit_arena_refill_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(kbpf_jit_arena_refill_work,
			    kbpf_jit_arena_refill_fn);
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

/* Marks the arena pages of [off, off + len) (offsets in the arena). */
static void kbpf_jit_arena_mark_pages(unsigned long off, size_t len)
{
	unsigned long first = off >> PAGE_SHIFT;
	unsigned long last = (off + len - 1) >> PAGE_SHIFT;

	bitmap_set(kbpf_jit_arena_pages, first, last - first + 1);
}

/* Copies @src, or int3 when NULL, to arena offset @off through @alias. */
static void kbpf_jit_arena_fill(u8 *alias, unsigned long off, const u8 *src,
				size_t len)
{
	size_t n;
	u8 *to;

	while (len) {
		n = min_t(size_t, len, PAGE_SIZE - offset_in_page(off));
		to = alias + kbpf_jit_arena_slot[off >> PAGE_SHIFT] * PAGE_SIZE +
		     offset_in_page(off);
		if (src) {
			memcpy(to, src, n);
			src += n;
		} else {
			memset(to, INT3_INSN_OPCODE, n);
		}
		off += n;
		len -= n;
	}
}

/*
 * One session: @len bytes of @src (int3 when NULL) at arena offset @off,
 * and int3 into every stale unit, which is then free. One alias covers
 * all the pages written; it is gone, with every TLB entry for it, and
 * the generation bumped (serialize.h) when this returns 0. On an error
 * nothing was written and the stale units stay stale.
 */
static int kbpf_jit_arena_session(unsigned long off, const void *src,
				  size_t len)
{
	unsigned long unit, end;
	unsigned int nr = 0, p;
	struct page **pages;
	u64 t0 = ktime_get_ns();
	u8 *alias;

	lockdep_assert_held(&kbpf_jit_arena_lock);
	bitmap_zero(kbpf_jit_arena_pages, KBPF_JIT_PAGES);
	if (len)
		kbpf_jit_arena_mark_pages(off, len);
	for_each_set_bitrange(unit, end, kbpf_jit_arena_stale, KBPF_JIT_UNITS)
		kbpf_jit_arena_mark_pages(unit * KBPF_JIT_CHUNK,
					  (end - unit) * KBPF_JIT_CHUNK);
	if (bitmap_empty(kbpf_jit_arena_pages, KBPF_JIT_PAGES))
		return 0;
	pages = kvmalloc_array(bitmap_weight(kbpf_jit_arena_pages,
					     KBPF_JIT_PAGES),
			       sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	for_each_set_bit(p, kbpf_jit_arena_pages, KBPF_JIT_PAGES) {
		kbpf_jit_arena_slot[p] = nr;
		pages[nr++] = vmalloc_to_page(kbpf_jit_arena + p * PAGE_SIZE);
	}
	/* Only this CPU translates the alias, until its flush below. */
	migrate_disable();
	/* vmap() maps non-executable whatever it is asked: W, never X. */
	alias = vmap(pages, nr, VM_MAP, PAGE_KERNEL);
	kvfree(pages);
	if (!alias) {
		migrate_enable();
		return -ENOMEM;
	}
	if (len)
		kbpf_jit_arena_fill(alias, off, src, len);
	for_each_set_bitrange(unit, end, kbpf_jit_arena_stale, KBPF_JIT_UNITS)
		kbpf_jit_arena_fill(alias, unit * KBPF_JIT_CHUNK, NULL,
				    (end - unit) * KBPF_JIT_CHUNK);
	vunmap(alias);
	/* vunmap() cleared the entries; this drops the cached ones. */
	kbpf_jit_alias_flush(&(struct kbpf_jit_alias){
		(unsigned long)alias, nr });
	migrate_enable();
	/* Every CPU serializes before it runs these bytes (serialize.h). */
	kbpf_jit_gen_publish();

	bitmap_andnot(kbpf_jit_arena_units, kbpf_jit_arena_units,
		      kbpf_jit_arena_stale, KBPF_JIT_UNITS);
	bitmap_zero(kbpf_jit_arena_stale, KBPF_JIT_UNITS);
	kbpf_jit_arena_used_units -= kbpf_jit_arena_stale_units;
	kbpf_jit_arena_refilled_units += kbpf_jit_arena_stale_units;
	kbpf_jit_arena_stale_units = 0;
	kbpf_jit_arena_sessions++;
	kbpf_jit_arena_session_ns += ktime_get_ns() - t0;
	return 0;
}

/* Refills what was freed since the last session; errors leave it stale. */
static void kbpf_jit_arena_refill_fn(struct work_struct *work)
{
	mutex_lock(&kbpf_jit_arena_lock);
	kbpf_jit_arena_session(0, NULL, 0);
	mutex_unlock(&kbpf_jit_arena_lock);
}

/* Units of one page; the arena starts on a page (kbpf_jit_arena_init()). */
#define KBPF_JIT_PAGE_UNITS	(PAGE_SIZE / KBPF_JIT_CHUNK)

/*
 * The first free run of @nr units, within one page when @nr fits in
 * one: a run that crosses a page boundary is passed for the next free
 * run from that boundary on (every run starting between the two
 * crosses it too). So an image of at most a page lies in one page:
 * one iTLB entry, and under QEMU's TCG, which chains jumps directly
 * only within a page, no jump of it takes the slow lookup (docs/jit.md,
 * "Placement"). The whole arena when nothing fits so.
 */
static unsigned long kbpf_jit_arena_find(unsigned int nr)
{
	unsigned long unit, start = 0;

	lockdep_assert_held(&kbpf_jit_arena_lock);
	if (nr > KBPF_JIT_PAGE_UNITS)
		return bitmap_find_next_zero_area(kbpf_jit_arena_units,
						  KBPF_JIT_UNITS, 0, nr, 0);
	for (;;) {
		unit = bitmap_find_next_zero_area(kbpf_jit_arena_units,
						  KBPF_JIT_UNITS, start, nr, 0);
		if (unit >= KBPF_JIT_UNITS ||
		    unit / KBPF_JIT_PAGE_UNITS ==
		    (unit + nr - 1) / KBPF_JIT_PAGE_UNITS)
			break;
		start = round_up(unit + 1, KBPF_JIT_PAGE_UNITS);
	}
	if (unit >= KBPF_JIT_UNITS)
		unit = bitmap_find_next_zero_area(kbpf_jit_arena_units,
						  KBPF_JIT_UNITS, 0, nr, 0);
	return unit;
}

void *kbpf_jit_arena_alloc(size_t size)
{
	unsigned int nr = DIV_ROUND_UP(size, KBPF_JIT_CHUNK);
	unsigned long unit = KBPF_JIT_UNITS;

	might_sleep();
	if (kbpf_jit_arena_ok && nr && nr < KBPF_JIT_UNITS) {
		mutex_lock(&kbpf_jit_arena_lock);
		unit = kbpf_jit_arena_find(nr);
		/* No room: what was freed may make some, once refilled. */
		if (unit >= KBPF_JIT_UNITS && kbpf_jit_arena_stale_units &&
		    !kbpf_jit_arena_session(0, NULL, 0))
			unit = kbpf_jit_arena_find(nr);
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

/* Whether [addr, addr + len) is wholly handed out (none of it stale). */
static bool kbpf_jit_arena_owned(unsigned long addr, size_t len)
{
	unsigned long off = addr - kbpf_jit_arena_start();
	unsigned long unit = off / KBPF_JIT_CHUNK;
	unsigned long end = DIV_ROUND_UP(off + len, KBPF_JIT_CHUNK);

	lockdep_assert_held(&kbpf_jit_arena_lock);
	return find_next_zero_bit(kbpf_jit_arena_units, end, unit) >= end &&
	       find_next_bit(kbpf_jit_arena_stale, end, unit) >= end;
}

int kbpf_jit_arena_write(void *dst, const void *src, size_t len)
{
	unsigned long addr = (unsigned long)dst;
	int err = -EINVAL;

	might_sleep();
	if (!kbpf_jit_arena_contains(addr, len))
		return -EINVAL;
	mutex_lock(&kbpf_jit_arena_lock);
	/*
	 * Cross-modified code: the session bumps the generation after the
	 * write, and a CPU reaches the new bytes only through a pointer
	 * published after this returns, then kbpf_jit_enter().
	 */
	if (kbpf_jit_arena_owned(addr, len))
		err = kbpf_jit_arena_session(addr - kbpf_jit_arena_start(),
					     src, len);
	if (!err)
		kbpf_jit_arena_writes++;
	mutex_unlock(&kbpf_jit_arena_lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_arena_write);

/*
 * Marks @chunk's units stale; false if they were not wholly handed out
 * (a bug of the caller: warned once, nothing changed).
 */
static bool kbpf_jit_arena_mark_stale(void *chunk, size_t size)
{
	unsigned long addr = (unsigned long)chunk;
	unsigned int nr = DIV_ROUND_UP(size, KBPF_JIT_CHUNK);

	lockdep_assert_held(&kbpf_jit_arena_lock);
	size = nr * KBPF_JIT_CHUNK;
	if (WARN_ON_ONCE(!kbpf_jit_arena_contains(addr, size) ||
			 !IS_ALIGNED(addr, KBPF_JIT_CHUNK) ||
			 !kbpf_jit_arena_owned(addr, size)))
		return false;
	bitmap_set(kbpf_jit_arena_stale,
		   (addr - kbpf_jit_arena_start()) / KBPF_JIT_CHUNK, nr);
	kbpf_jit_arena_stale_units += nr;
	return true;
}

void kbpf_jit_arena_release(void *chunk, size_t size)
{
	bool stale;

	if (!chunk)
		return;
	mutex_lock(&kbpf_jit_arena_lock);
	stale = kbpf_jit_arena_mark_stale(chunk, size);
	mutex_unlock(&kbpf_jit_arena_lock);
	if (stale)
		schedule_delayed_work(&kbpf_jit_arena_refill_work,
				      KBPF_JIT_REFILL_DELAY);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_arena_release);

void kbpf_jit_arena_free(void *chunk, size_t size)
{
	might_sleep();
	if (!chunk)
		return;
	mutex_lock(&kbpf_jit_arena_lock);
	/*
	 * A chunk that cannot be refilled (no memory for the alias) stays
	 * stale: stale code is not handed out again.
	 */
	if (kbpf_jit_arena_mark_stale(chunk, size))
		kbpf_jit_arena_session(0, NULL, 0);
	mutex_unlock(&kbpf_jit_arena_lock);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_arena_free);

int kbpf_jit_arena_flush(void)
{
	int err;

	might_sleep();
	mutex_lock(&kbpf_jit_arena_lock);
	err = kbpf_jit_arena_session(0, NULL, 0);
	mutex_unlock(&kbpf_jit_arena_lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_arena_flush);

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
	/* The reserved first chunk is not "used" by anyone, nor stale ones. */
	used = (size_t)(kbpf_jit_arena_used_units - 1 -
			kbpf_jit_arena_stale_units) * KBPF_JIT_CHUNK;
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
	mutex_lock(&kbpf_jit_arena_lock);
	seq_printf(m, "stale: %u\nwrites: %llu\nsessions: %llu\nsession_us: %llu\nrefilled: %llu\n",
		   kbpf_jit_arena_stale_units * KBPF_JIT_CHUNK,
		   kbpf_jit_arena_writes, kbpf_jit_arena_sessions,
		   div_u64(kbpf_jit_arena_session_ns, NSEC_PER_USEC),
		   kbpf_jit_arena_refilled_units * KBPF_JIT_CHUNK);
	mutex_unlock(&kbpf_jit_arena_lock);
	/* Lazy serializations on entry, and the generation they catch up to. */
	seq_printf(m, "serialized: %lu\ngeneration: %lu\n",
		   kbpf_jit_serializations(), kbpf_jit_gen());
	/* The alias's flushes other CPUs ran (sent, never waited for). */
	seq_printf(m, "remote_flushes: %lu\n", kbpf_jit_alias_remote_flushes());
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
	err = kbpf_jit_arena_session(0, NULL, KBPF_JIT_ARENA_SIZE);
	mutex_unlock(&kbpf_jit_arena_lock);
	if (err) {
		kbpf_jit_arena_why = "cannot write the arena";
		return;
	}
	kbpf_jit_arena_ok = true;
	kbpf_jit_arena_why = kbpf_jit_selfcheck();
	if (kbpf_jit_arena_why) {
		kbpf_jit_arena_ok = false;
		pr_warn("JIT arena disabled: %s\n", kbpf_jit_arena_why);
	}
}

/*
 * Every program is gone: every chunk must have come back. What is still
 * stale is refilled here, with the work item stopped for good.
 */
void kbpf_jit_arena_exit(void)
{
	debugfs_remove(kbpf_jit_arena_file);
	cancel_delayed_work_sync(&kbpf_jit_arena_refill_work);
	if (kbpf_jit_arena_ok)
		kbpf_jit_arena_flush();
	/* The remote flushes run this module's text. */
	kbpf_jit_alias_flush_wait();
	WARN_ON(kbpf_jit_arena_ok && kbpf_jit_arena_used());
}
