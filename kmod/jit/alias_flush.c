// SPDX-License-Identifier: GPL-2.0
/*
 * TLB flushes of an arena session's alias (see alias_flush.h).
 *
 * The remote half is an IPI the writer does not wait for: waiting cost
 * 0.2-2.8 ms a load under TCG, most of a small program's JIT time, and
 * nothing the loader does next needs it done. What it sends lives in a
 * kmalloc'ed record the last CPU to run it frees. Module exit waits for
 * every record to be gone and for the handlers to have returned (they
 * run this module's text).
 */

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/overflow.h>
#include <linux/delay.h>
#include <linux/export.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <asm/cpufeature.h>
#include <asm/tlbflush.h>

#include "../compat.h"
#include "alias_flush.h"

/* Above this many pages a CPU flushes its whole TLB, as Linux would. */
#define KBPF_JIT_INVLPG_MAX	32

/*
 * One remote flush in flight, with a call of its own for each CPU it
 * goes to: a call of the kernel's per-CPU set would make the next session
 * wait until that CPU ran this one. The last CPU to run it frees it.
 */
struct kbpf_jit_alias_sent {
	struct kbpf_jit_alias alias;
	atomic_t left;			/* calls not run yet */
	call_single_data_t csd[];	/* one per other online CPU */
};

/* Records sent and not yet freed; module exit waits for 0. */
static atomic_t kbpf_jit_alias_in_flight = ATOMIC_INIT(0);
static DEFINE_PER_CPU(unsigned long, kbpf_jit_alias_remote_runs);
/*
 * Serializes senders (the arena's lock does already) and keeps
 * preemption off from the count of the online CPUs to the last send, so
 * the set cannot lose one in between (that takes stop_machine()).
 */
static DEFINE_RAW_SPINLOCK(kbpf_jit_alias_send_lock);
/* The CPUs a flush goes to, counted and sent to as one set; the lock's. */
static struct cpumask kbpf_jit_alias_targets;

/*
 * Whether invlpg of each alias page drops every translation of it:
 * without PTI kernel mappings are global, and invlpg removes global
 * entries whatever the PCID; with PTI but no PCIDs, a CPU holds entries
 * of the address space it runs only (a CR3 switch drops the others).
 * With PTI and PCIDs another PCID may keep one that invlpg does not
 * reach, and Xen PV guests may not invlpg: then whole TLBs.
 */
static bool kbpf_jit_alias_invlpg_ok(const struct kbpf_jit_alias *a)
{
	return a->nr <= KBPF_JIT_INVLPG_MAX &&
	       !cpu_feature_enabled(X86_FEATURE_XENPV) &&
	       !(cpu_feature_enabled(X86_FEATURE_PTI) &&
		 cpu_feature_enabled(X86_FEATURE_PCID));
}

/* This CPU's entries for @a; preemption off (__flush_tlb_all() wants it). */
static void kbpf_jit_alias_flush_this_cpu(const struct kbpf_jit_alias *a)
{
	unsigned int i;

	if (kbpf_jit_alias_invlpg_ok(a)) {
		for (i = 0; i < a->nr; i++)
			asm volatile("invlpg (%0)"
				     :: "r" (a->start + i * PAGE_SIZE)
				     : "memory");
	} else {
		__flush_tlb_all();
	}
}

/* The last call of @sent to run (or to fail to go out) frees it. */
static void kbpf_jit_alias_sent_put(struct kbpf_jit_alias_sent *sent)
{
	if (atomic_dec_and_test(&sent->left)) {
		kfree(sent);
		atomic_dec(&kbpf_jit_alias_in_flight);
	}
}

/* IPI handler, interrupts off. */
static void kbpf_jit_alias_flush_remote(void *info)
{
	struct kbpf_jit_alias_sent *sent = info;

	kbpf_jit_alias_flush_this_cpu(&sent->alias);
	this_cpu_inc(kbpf_jit_alias_remote_runs);
	kbpf_jit_alias_sent_put(sent);
}

/* IPI handler of the fallback that waits: @info is the caller's. */
static void kbpf_jit_alias_flush_remote_sync(void *info)
{
	kbpf_jit_alias_flush_this_cpu(info);
	this_cpu_inc(kbpf_jit_alias_remote_runs);
}

void kbpf_jit_alias_flush(const struct kbpf_jit_alias *a)
{
	struct kbpf_jit_alias_sent *sent;
	unsigned int others, i = 0;
	int cpu;

	might_sleep();
	/*
	 * Sized before the lock (GFP_KERNEL may sleep) for every CPU that
	 * may be online; without it, the flush waits for the others.
	 */
	sent = kmalloc(struct_size(sent, csd, num_possible_cpus()),
		       GFP_KERNEL);
	raw_spin_lock(&kbpf_jit_alias_send_lock);
	kbpf_jit_alias_flush_this_cpu(a);
	cpumask_copy(&kbpf_jit_alias_targets, cpu_online_mask);
	cpumask_clear_cpu(smp_processor_id(), &kbpf_jit_alias_targets);
	others = cpumask_weight(&kbpf_jit_alias_targets);
	if (!others) {
		/* Nobody else to flush. */
	} else if (sent) {
		sent->alias = *a;
		atomic_set(&sent->left, others);
		atomic_inc(&kbpf_jit_alias_in_flight);
		/* Each call not sent yet keeps @sent alive for the loop. */
		for_each_cpu(cpu, &kbpf_jit_alias_targets) {
			INIT_CSD(&sent->csd[i], kbpf_jit_alias_flush_remote,
				 sent);
			if (smp_call_function_single_async(cpu, &sent->csd[i]))
				kbpf_jit_alias_sent_put(sent);
			i++;
		}
		sent = NULL;
	} else {
		smp_call_function(kbpf_jit_alias_flush_remote_sync, (void *)a,
				  true);
	}
	raw_spin_unlock(&kbpf_jit_alias_send_lock);
	kfree(sent);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_alias_flush);

void kbpf_jit_alias_flush_wait(void)
{
	might_sleep();
	while (atomic_read(&kbpf_jit_alias_in_flight))
		usleep_range(100, 1000);
	/*
	 * The last handler's decrement came before its return: handlers run
	 * with interrupts off, which a grace period waits out.
	 */
	synchronize_rcu();
}

unsigned long kbpf_jit_alias_remote_flushes(void)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(kbpf_jit_alias_remote_runs, cpu);
	return sum;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_alias_remote_flushes);
