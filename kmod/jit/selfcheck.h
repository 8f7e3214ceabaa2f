/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arena's go/no-go at init: a probe written into the arena runs,
 * returns through the return stub and unwinds. The probe's emitter and
 * the stack-trace check serve the KUnit suite too.
 */
#ifndef _KBPF_JIT_SELFCHECK_H
#define _KBPF_JIT_SELFCHECK_H

#include <linux/types.h>

/* Bytes kbpf_jit_probe_emit() writes at most. */
#define KBPF_JIT_PROBE_MAX	32

/*
 * A probe is "u32 probe(void *arg)": endbr64, a frame-pointer frame, then
 * either "return callee(arg)" (@callee, a direct call) or "return @value",
 * and "jmp kbpf_jit_return". Emits it into @buf for the address @at it
 * will run from; returns its length.
 */
size_t kbpf_jit_probe_emit(u8 *buf, const void *at,
			   u32 (*callee)(void *arg), u32 value);
/*
 * Whether the trace @entries (innermost first) passes through
 * [@code, @code + @len) and, in the next frame, returns into the function
 * named @caller.
 */
bool kbpf_jit_trace_through(const unsigned long *entries, unsigned int nr,
			    const void *code, size_t len, const char *caller);

/* NULL when the arena works, else why not. */
const char *kbpf_jit_selfcheck(void);

#endif /* _KBPF_JIT_SELFCHECK_H */
