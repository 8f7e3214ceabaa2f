// SPDX-License-Identifier: GPL-2.0
/*
 * The helper table: every helper of helper_list.h by Linux's ID, for
 * the verifier (kbpf_helper_proto()) and for the interpreter, which
 * calls through kbpf_helper_fns[], filled from the same protos at
 * module init and read-only after it.
 */

#include <linux/cache.h>
#include <linux/kernel.h>

#include "../../uapi/linux/kbpf.h"
#include "../compat.h"
#include "helpers.h"

static const struct kbpf_helper_proto *const kbpf_helper_protos[] = {
#define KBPF_HELPER(name) \
	[KBPF_FUNC_##name] = &kbpf_##name##_proto,
#include "helper_list.h"
#undef KBPF_HELPER
};

/* Internal IDs follow every helper's (kbpf_helper_proto() knows none). */
static_assert(ARRAY_SIZE(kbpf_helper_protos) <= __KBPF_FUNC_MAX_ID);

#ifndef KBPF_INTERP_CHECKED
static const kbpf_helper_fn kbpf_internal_fns[] = {
	[KBPF_INTERNAL_HTAB_LOOKUP - __KBPF_FUNC_MAX_ID] = kbpf_htab_lookup_call,
	[KBPF_INTERNAL_HTAB_LOOKUP4 - __KBPF_FUNC_MAX_ID] = kbpf_htab_lookup_call4,
	[KBPF_INTERNAL_HTAB_LOOKUP8 - __KBPF_FUNC_MAX_ID] = kbpf_htab_lookup_call8,
	[KBPF_INTERNAL_HTAB_UPDATE - __KBPF_FUNC_MAX_ID] = kbpf_htab_update_call,
	[KBPF_INTERNAL_HTAB_DELETE - __KBPF_FUNC_MAX_ID] = kbpf_htab_delete_call,
};
static_assert(ARRAY_SIZE(kbpf_internal_fns) ==
	      __KBPF_INTERNAL_MAX - __KBPF_FUNC_MAX_ID);
#endif

kbpf_helper_fn kbpf_helper_fns[__KBPF_INTERNAL_MAX] __ro_after_init;
EXPORT_SYMBOL_IF_KUNIT(kbpf_helper_fns);
const u32 kbpf_helper_fns_cnt = ARRAY_SIZE(kbpf_helper_fns);
EXPORT_SYMBOL_IF_KUNIT(kbpf_helper_fns_cnt);

void __init kbpf_helpers_init(void)
{
	u32 id;

	for (id = 0; id < ARRAY_SIZE(kbpf_helper_protos); id++)
		if (kbpf_helper_protos[id])
			kbpf_helper_fns[id] = kbpf_helper_protos[id]->fn;
#ifndef KBPF_INTERP_CHECKED
	for (id = __KBPF_FUNC_MAX_ID; id < __KBPF_INTERNAL_MAX; id++)
		kbpf_helper_fns[id] = kbpf_internal_fns[id - __KBPF_FUNC_MAX_ID];
#endif
}

const struct kbpf_helper_proto *kbpf_helper_proto(s32 id)
{
	if (id <= 0 || id >= ARRAY_SIZE(kbpf_helper_protos))
		return NULL;
	return kbpf_helper_protos[id];
}
