/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Map memory is charged to the memory cgroup of the map's creator, as on
 * Linux (map->objcg there), whoever allocates it later: a program in any
 * context, or another process updating through an inherited fd.
 */
#ifndef _KBPF_MAP_MEMCG_H
#define _KBPF_MAP_MEMCG_H

#include <linux/gfp.h>
#include <linux/percpu.h>
#include <linux/types.h>

struct mem_cgroup;

/*
 * A map keeps the group kbpf_memcg_get_current() gave at its creation
 * (struct kbpf_map's @memcg) and passes it to every later allocation.
 */
struct mem_cgroup *kbpf_memcg_get_current(void);
void kbpf_memcg_put(struct mem_cgroup *memcg);
void *kbpf_memcg_kmalloc_node(struct mem_cgroup *memcg, size_t size,
			      gfp_t gfp, int node);
void __percpu *kbpf_memcg_alloc_percpu(struct mem_cgroup *memcg,
				       size_t size, size_t align, gfp_t gfp);

#endif /* _KBPF_MAP_MEMCG_H */
