// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers the JIT inlines. bpf_get_smp_processor_id() is one load: x86-64
 * per-CPU variables are addressed relative to the gs base, and the CPU's
 * number is the per-CPU variable raw_smp_processor_id() reads, so
 * "mov eax, gs:[var]" returns what the helper returns, zero-extended
 * into rax. Programs run with migration disabled: the number stays right
 * for the whole run, as the helper's does.
 */

#include <linux/limits.h>
#include <linux/percpu.h>
#include <linux/smp.h>

#include "../compat.h"
#include "../prog/helpers.h"
#include "inline.h"

/* mov eax, dword ptr gs:[disp32] */
static bool kbpf_jit_inline_cpu_id(struct kbpf_jit_emit *e)
{
	static const u8 mov_gs[] = { 0x65, 0x8b, 0x04, 0x25 };
	long var = (__force long)KBPF_CPU_NUMBER_PCPU;

	/* The displacement is sign-extended: the variable must be in reach. */
	if (var != (s32)var)
		return false;
	kbpf_emit_bytes(e, mov_gs, sizeof(mov_gs));
	kbpf_emit_u32(e, (u32)var);
	return true;
}

bool kbpf_jit_inline_helper(struct kbpf_jit_emit *e, u32 id,
			    kbpf_helper_fn fn)
{
	if (id == KBPF_FUNC_get_smp_processor_id &&
	    fn == kbpf_get_smp_processor_id_proto.fn)
		return kbpf_jit_inline_cpu_id(e);
	return false;
}
