// SPDX-License-Identifier: GPL-2.0
/*
 * Charging map memory to the creator's memory cgroup.
 *
 * Linux keeps the creator's obj_cgroup; get_obj_cgroup_from_current() is
 * not exported to modules (6.1 nor 6.12), get_mem_cgroup_from_mm() is,
 * and set_active_memcg() is an inline over current->active_memcg or, out
 * of task context, the exported per-CPU int_active_memcg. So a map holds
 * a reference to its creator's mem_cgroup and makes it the active one
 * around each later allocation, with __GFP_ACCOUNT. If that group is
 * removed, kmem charges made through it go to the nearest live ancestor
 * (the offline group's objcg is reparented), as Linux's do.
 *
 * Element allocations never pass __GFP_HIGH (GFP_ATOMIC has it): memcg
 * lets such charges past the limit. Without it a charge over the limit
 * fails, so the update fails with -ENOMEM, as Linux's GFP_NOWAIT ones do.
 */

#include <linux/memcontrol.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "memcg.h"

/* At a map's creation, in the creator's context: a reference to its group. */
struct mem_cgroup *kbpf_memcg_get_current(void)
{
	return get_mem_cgroup_from_mm(current->mm);
}

void kbpf_memcg_put(struct mem_cgroup *memcg)
{
	mem_cgroup_put(memcg);
}

/* Any context: set_active_memcg() picks current's or this CPU's slot. */
void *kbpf_memcg_kmalloc_node(struct mem_cgroup *memcg, size_t size,
			      gfp_t gfp, int node)
{
	struct mem_cgroup *old;
	void *ptr;

	old = set_active_memcg(memcg);
	ptr = kmalloc_node(size, gfp | __GFP_ACCOUNT, node);
	set_active_memcg(old);
	return ptr;
}

void __percpu *kbpf_memcg_alloc_percpu(struct mem_cgroup *memcg,
				       size_t size, size_t align, gfp_t gfp)
{
	struct mem_cgroup *old;
	void __percpu *ptr;

	old = set_active_memcg(memcg);
	ptr = __alloc_percpu_gfp(size, align, gfp | __GFP_ACCOUNT);
	set_active_memcg(old);
	return ptr;
}
