// SPDX-License-Identifier: GPL-2.0
/*
 * The map helpers: element lookup, update and delete through the map's
 * ops, and bpf_for_each_map_elem(), which calls the program back for
 * every element. They run under the program's read side, which keeps
 * the map and the elements they return alive (map.h).
 */

#include <linux/bits.h>
#include <linux/capability.h>
#include <linux/errno.h>

#include "../../map/map.h"
#include "../helpers.h"
#include "../interp.h"

#define KBPF_PTR(x)	((void *)(unsigned long)(x))

static u64 kbpf_helper_map_lookup_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct kbpf_map *m = KBPF_PTR(map);

	return (unsigned long)m->ops->lookup(m, KBPF_PTR(key));
}

const struct kbpf_helper_proto kbpf_map_lookup_elem_proto = {
	.fn = kbpf_helper_map_lookup_elem,
	.name = "map_lookup_elem",
	.gen_lookup = true,
	.ret_type = KBPF_RET_PTR_TO_MAP_VALUE_OR_NULL,
	KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY),
};

static u64 kbpf_helper_map_update_elem(u64 map, u64 key, u64 value, u64 flags,
				       u64 r5)
{
	struct kbpf_map *m = KBPF_PTR(map);

	return m->ops->update(m, KBPF_PTR(key), KBPF_PTR(value), flags);
}

const struct kbpf_helper_proto kbpf_map_update_elem_proto = {
	.fn = kbpf_helper_map_update_elem,
	.name = "map_update_elem",
	KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY,
		  KBPF_ARG_PTR_TO_MAP_VALUE, KBPF_ARG_ANYTHING),
	.writes_map = true,
	.direct_call = true,
};

static u64 kbpf_helper_map_delete_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct kbpf_map *m = KBPF_PTR(map);

	return m->ops->delete(m, KBPF_PTR(key));
}

const struct kbpf_helper_proto kbpf_map_delete_elem_proto = {
	.fn = kbpf_helper_map_delete_elem,
	.name = "map_delete_elem",
	KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY),
	.writes_map = true,
	.direct_call = true,
};

/* bpf_for_each_map_elem(): each element goes to the program's callback. */
struct kbpf_visit_ctx {
	struct kbpf_interp_cb cb;
	u64 ctx;
};

static long kbpf_visit_elem(struct kbpf_map *map, void *key, void *value,
			    void *arg)
{
	struct kbpf_visit_ctx *c = arg;

	return kbpf_interp_cb_call(&c->cb, (unsigned long)map,
				   (unsigned long)key, (unsigned long)value,
				   c->ctx, 0);
}

static u64 kbpf_helper_visit_map_elems(u64 map, u64 callback, u64 ctx,
				       u64 flags, u64 r5)
{
	struct kbpf_visit_ctx c = { .ctx = ctx };
	struct kbpf_map *m = KBPF_PTR(map);
	u64 ret;

	if (flags)
		return -EINVAL;
	if (!m->ops->visit_elems)
		return -ENOTSUPP;
	kbpf_interp_cb_begin(&c.cb, KBPF_PTR(callback));
	ret = m->ops->visit_elems(m, kbpf_visit_elem, &c);
	kbpf_interp_cb_end(&c.cb);
	return ret;
}

const struct kbpf_helper_proto kbpf_for_each_map_elem_proto = {
	.fn = kbpf_helper_visit_map_elems,
	.name = "for_each_map_elem", .cap = CAP_BPF,
	.callback = 2,
	KBPF_ARGS(KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_FUNC,
		  KBPF_ARG_PTR_TO_STACK_OR_NULL, KBPF_ARG_ANYTHING),
	.walks_map = true,
	KBPF_CB_ARGS(KBPF_CB_ARG_MAP, KBPF_CB_ARG_MAP_KEY,
		     KBPF_CB_ARG_MAP_VALUE, KBPF_CB_ARG_CTX),
};
