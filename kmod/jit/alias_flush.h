/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dropping the TLB entries of an arena session's writable alias once
 * vunmap() has cleared its page table entries.
 *
 * The writer's CPU, the only one that used the alias, drops its entries
 * before the session returns. Every other online CPU is sent the same
 * flush without the writer waiting for it: x86 may cache a translation a
 * CPU reached only speculatively, and the alias lives in the kernel page
 * tables all CPUs share, so a writable entry for it could otherwise last
 * there until vmalloc's lazy purge. With the flush sent it lasts until
 * that CPU next takes interrupts.
 */
#ifndef _KBPF_JIT_ALIAS_FLUSH_H
#define _KBPF_JIT_ALIAS_FLUSH_H

#include <linux/types.h>

/* A session's alias, gone from the page tables: its address and pages. */
struct kbpf_jit_alias {
	unsigned long start;
	unsigned int nr;
};

/*
 * Drops this CPU's entries for @a, then sends the same to every other
 * online CPU and returns without waiting. Call it pinned (migration off)
 * on the CPU that wrote through the alias, after vunmap(); may sleep.
 */
void kbpf_jit_alias_flush(const struct kbpf_jit_alias *a);
/* Waits until every flush sent has run, and left this module's text. */
void kbpf_jit_alias_flush_wait(void);
/* Remote flushes run so far, every CPU summed (debugfs, KUnit). */
unsigned long kbpf_jit_alias_remote_flushes(void);

#endif /* _KBPF_JIT_ALIAS_FLUSH_H */
