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

struct kbpf_map;

void kbpf_map_memcg_save(struct kbpf_map *map);
void kbpf_map_memcg_put(struct kbpf_map *map);
void *kbpf_map_kmalloc_node(const struct kbpf_map *map, size_t size,
			    gfp_t gfp, int node);
void __percpu *kbpf_map_alloc_percpu(const struct kbpf_map *map,
				     size_t size, size_t align, gfp_t gfp);

#endif /* _KBPF_MAP_MEMCG_H */
