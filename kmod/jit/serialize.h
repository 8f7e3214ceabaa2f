/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lazy serialization of the JIT arena's cross-modified code.
 *
 * Every arena session that writes (arena.c) ends by bumping a global
 * generation; an image remembers a generation no older than the one its
 * bytes were written in. Each CPU remembers the generation it last
 * serialized after. Before a CPU enters an image from outside (the two C
 * entries of kmod/prog/interp.c, and the arena's own self-check), it
 * compares: behind, it serializes (sync_core()) and catches up. So every
 * CPU executes a serializing instruction after it has seen the write
 * and before it runs the new or reused bytes, as the Intel SDM asks of
 * cross-modifying code, without the writer interrupting every CPU.
 */
#ifndef _KBPF_JIT_SERIALIZE_H
#define _KBPF_JIT_SERIALIZE_H

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/types.h>

/*
 * The generation this CPU last serialized after: every session up to it
 * had written its bytes before this CPU's last sync_core(). Only this
 * CPU writes it; it never runs ahead of the truth, though it may fall
 * behind (kbpf_jit_serialize_slow()). Starts at 0, behind every image.
 */
DECLARE_PER_CPU(unsigned long, kbpf_jit_cpu_gen);

/*
 * The current generation; the JIT reads it after the image's write, so
 * the image's generation is at least its session's.
 */
unsigned long kbpf_jit_gen(void);
/*
 * Bumps the generation, once per arena session that wrote, after its
 * writes and the alias's teardown; returns the new one. Callers are
 * serialized by the arena's lock.
 */
unsigned long kbpf_jit_gen_publish(void);
/* The slow path of kbpf_jit_enter(): sync_core(), and catch up. */
void kbpf_jit_serialize_slow(void);
/* Serializations kbpf_jit_enter() made, every CPU summed. */
unsigned long kbpf_jit_serializations(void);
/* kbpf_jit_enter() out of line, for KUnit's own entries into the arena. */
void kbpf_jit_enter_gen(unsigned long gen);
/* For KUnit: this CPU's generation, read or forced back. */
unsigned long kbpf_jit_cpu_gen_get(void);
void kbpf_jit_cpu_gen_set(unsigned long gen);

/*
 * The caller stays on its CPU until the image returns: preemption or
 * migration off, as every run is (kmod/prog/run.h). Otherwise the check
 * below could pass on one CPU and the image run on another. Checked on
 * lockdep kernels only, where it costs nothing that matters.
 */
static __always_inline void kbpf_jit_assert_pinned(void)
{
#if defined(CONFIG_PROVE_LOCKING) && defined(CONFIG_SMP)
	WARN_ON_ONCE(preemptible() && !current->migration_disabled);
#endif
}

/*
 * Before this CPU enters an image written in generation @gen (or jumps
 * to it, a tail call): serialized after that write, or does it now.
 * One per-CPU load and one compare when up to date.
 */
static __always_inline void kbpf_jit_enter(unsigned long gen)
{
	kbpf_jit_assert_pinned();
	if (unlikely(this_cpu_read(kbpf_jit_cpu_gen) < gen))
		kbpf_jit_serialize_slow();
}

#endif /* _KBPF_JIT_SERIALIZE_H */
