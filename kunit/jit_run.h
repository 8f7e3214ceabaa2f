/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit: running a JIT image as the module's runs do, pinned to one CPU
 * (kmod/prog/run.h), so that the serialization kbpf_interp_run_jited()
 * does on entry (kmod/jit/serialize.h) holds for the whole run.
 */
#ifndef _KBPF_KUNIT_JIT_RUN_H
#define _KBPF_KUNIT_JIT_RUN_H

#include <linux/preempt.h>

#include "../kmod/jit/jit.h"
#include "../kmod/prog/interp.h"

static inline u64 kbpf_test_run_jited(const struct kbpf_jit_image *img,
				      const void *ctx,
				      const struct kbpf_interp_env *env)
{
	u64 ret;

	migrate_disable();
	ret = kbpf_interp_run_jited(img->func, img->gen, ctx, env);
	migrate_enable();
	return ret;
}

#endif /* _KBPF_KUNIT_JIT_RUN_H */
