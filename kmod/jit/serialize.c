// SPDX-License-Identifier: GPL-2.0
/*
 * Lazy serialization of the JIT arena's code (see serialize.h).
 *
 * Why a generation suffices. An image is reached only through a pointer
 * published after its write returned (the program's, or a prog-array
 * slot's), and carries a generation g no older than its session's. A CPU
 * that enters it either has serialized after some session G >= g (then
 * the bytes of every session up to G were written before its
 * sync_core(), and this image's bytes have not changed since: a chunk is
 * rewritten only after it was freed, after the last run of its program),
 * or it is behind and serializes now, having already seen the pointer
 * and hence the write. Either way no CPU runs bytes it may have fetched
 * before they were written: what the IPI of every session used to give.
 *
 * CPU hotplug needs nothing: a CPU's generation stays true while it is
 * offline (it serialized after those sessions; their images are as they
 * were), and a CPU never seen has 0, behind every image.
 */

#include <linux/export.h>
#include <linux/percpu.h>
#include <asm/barrier.h>
#include <asm/sync_core.h>

#include "../compat.h"
#include "serialize.h"

/*
 * Bumped by kbpf_jit_gen_publish() only, under the arena's lock (one
 * writer at a time), with release semantics: whoever reads a value with
 * acquire semantics sees every byte the sessions up to it wrote.
 */
static unsigned long kbpf_jit_gen_now;

DEFINE_PER_CPU(unsigned long, kbpf_jit_cpu_gen);
/* Serializations by kbpf_jit_serialize_slow() on each CPU, for debugfs. */
static DEFINE_PER_CPU(unsigned long, kbpf_jit_serialized);

unsigned long kbpf_jit_gen(void)
{
	return READ_ONCE(kbpf_jit_gen_now);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_gen);

unsigned long kbpf_jit_gen_publish(void)
{
	unsigned long gen = READ_ONCE(kbpf_jit_gen_now) + 1;

	/* Pairs with smp_load_acquire() in kbpf_jit_serialize_slow(). */
	smp_store_release(&kbpf_jit_gen_now, gen);
	return gen;
}

/*
 * Reads the generation, serializes, then records what it read: the
 * record never claims a session whose bytes came after the sync_core().
 * A program run by an interrupt between the read and the record (a
 * kprobe, a tracepoint) may record a newer generation that this one then
 * overwrites with its older one: the value goes back, which costs one
 * more sync_core() later, never a missed one.
 */
void kbpf_jit_serialize_slow(void)
{
	/* Pairs with smp_store_release() in kbpf_jit_gen_publish(). */
	unsigned long gen = smp_load_acquire(&kbpf_jit_gen_now);

	sync_core();
	if (this_cpu_read(kbpf_jit_cpu_gen) < gen)
		this_cpu_write(kbpf_jit_cpu_gen, gen);
	this_cpu_inc(kbpf_jit_serialized);
}

unsigned long kbpf_jit_serializations(void)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(kbpf_jit_serialized, cpu);
	return sum;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_serializations);

void kbpf_jit_enter_gen(unsigned long gen)
{
	kbpf_jit_enter(gen);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_enter_gen);

unsigned long kbpf_jit_cpu_gen_get(void)
{
	return this_cpu_read(kbpf_jit_cpu_gen);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_cpu_gen_get);

/*
 * Only ever lowers it: raising it would claim a serialization this CPU
 * did not do, and the images up to @gen would run without one.
 */
void kbpf_jit_cpu_gen_set(unsigned long gen)
{
	if (WARN_ON_ONCE(gen > this_cpu_read(kbpf_jit_cpu_gen)))
		return;
	this_cpu_write(kbpf_jit_cpu_gen, gen);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_cpu_gen_set);
