// SPDX-License-Identifier: GPL-2.0
/*
 * The arena's go/no-go at init (see selfcheck.h). The probe is the shape
 * every generated function will have: ENDBR for indirect callers, a frame
 * pointer for the unwinder, direct calls out, and the return stub.
 */

#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/stacktrace.h>
#include <linux/string.h>

#include "../compat.h"
#include "arena.h"
#include "selfcheck.h"
#include "serialize.h"

static const u8 kbpf_jit_endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
/* push %rbp; mov %rsp, %rbp */
static const u8 kbpf_jit_frame[] = { 0x55, 0x48, 0x89, 0xe5 };
/* pop %rbp */
static const u8 kbpf_jit_unframe[] = { 0x5d };

#define KBPF_X86_CALL_REL32	0xe8
#define KBPF_X86_JMP_REL32	0xe9
#define KBPF_X86_MOV_EAX_IMM32	0xb8

/* x86 immediates and displacements are little-endian, as the CPU. */
static void kbpf_jit_put_imm32(u8 *p, u32 imm)
{
	memcpy(p, &imm, sizeof(imm));
}

static u8 *kbpf_jit_put(u8 *p, const void *bytes, size_t len)
{
	memcpy(p, bytes, len);
	return p + len;
}

/* @op and the 32-bit displacement from the end of this insn to @target. */
static u8 *kbpf_jit_put_rel32(u8 *p, u8 op, const u8 *buf, const void *at,
			      const void *target)
{
	long next = (long)at + (p - buf) + 5;
	long disp;

	/*
	 * Keep the compiler from folding "- 5" into the relocation of
	 * @target: objtool reads that as a reference to a non-ENDBR address.
	 */
	OPTIMIZER_HIDE_VAR(target);
	disp = (long)target - next;

	if (disp != (s32)disp)
		return NULL;
	*p = op;
	kbpf_jit_put_imm32(p + 1, disp);
	return p + 5;
}

size_t kbpf_jit_probe_emit(u8 *buf, const void *at,
			   u32 (*callee)(void *arg), u32 value)
{
	u8 *p = buf;

	p = kbpf_jit_put(p, kbpf_jit_endbr64, sizeof(kbpf_jit_endbr64));
	p = kbpf_jit_put(p, kbpf_jit_frame, sizeof(kbpf_jit_frame));
	if (callee) {
		/* rdi, the argument, is still the caller's. */
		p = kbpf_jit_put_rel32(p, KBPF_X86_CALL_REL32, buf, at, callee);
		if (!p)
			return 0;
	} else {
		*p++ = KBPF_X86_MOV_EAX_IMM32;
		kbpf_jit_put_imm32(p, value);
		p += 4;
	}
	p = kbpf_jit_put(p, kbpf_jit_unframe, sizeof(kbpf_jit_unframe));
	p = kbpf_jit_put_rel32(p, KBPF_X86_JMP_REL32, buf, at,
			       kbpf_jit_return);
	return p ? p - buf : 0;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_probe_emit);

bool kbpf_jit_trace_through(const unsigned long *entries, unsigned int nr,
			    const void *code, size_t len, const char *caller)
{
	unsigned long start = (unsigned long)code;
	size_t clen = strlen(caller);
	char name[KSYM_SYMBOL_LEN];
	unsigned int i;

	for (i = 0; i + 1 < nr; i++) {
		if (entries[i] < start || entries[i] >= start + len)
			continue;
		/* "name [module]" or "name" */
		sprint_symbol_no_offset(name, entries[i + 1]);
		return !strncmp(name, caller, clen) &&
		       (name[clen] == '\0' || name[clen] == ' ');
	}
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_jit_trace_through);

#define KBPF_JIT_SELFCHECK_OK	0x6b62706a	/* "kbpj" */

struct kbpf_jit_selfcheck_ctx {
	const void *probe;
	size_t len;
};

/* Called from the probe: the trace must go through it to its caller. */
static noinline u32 kbpf_jit_selfcheck_callee(void *arg)
{
	struct kbpf_jit_selfcheck_ctx *ctx = arg;
	unsigned long entries[16];
	unsigned int nr;

	nr = stack_trace_save(entries, ARRAY_SIZE(entries), 0);
	if (!kbpf_jit_trace_through(entries, nr, ctx->probe, ctx->len,
				    "kbpf_jit_selfcheck_run"))
		return 0;
	return KBPF_JIT_SELFCHECK_OK;
}

/* Out of line, and using the result: the caller the trace must show. */
static noinline bool
kbpf_jit_selfcheck_run(u32 (*probe)(void *arg),
		       struct kbpf_jit_selfcheck_ctx *ctx)
{
	return probe(ctx) == KBPF_JIT_SELFCHECK_OK;
}

/* Into the probe as into any image: pinned, serialized first. */
static bool kbpf_jit_selfcheck_enter(void *chunk,
				     struct kbpf_jit_selfcheck_ctx *ctx)
{
	bool ok;

	migrate_disable();
	kbpf_jit_enter(kbpf_jit_gen());
	ok = kbpf_jit_selfcheck_run((u32 (*)(void *))chunk, ctx);
	migrate_enable();
	return ok;
}

const char *kbpf_jit_selfcheck(void)
{
	struct kbpf_jit_selfcheck_ctx ctx;
	u8 code[KBPF_JIT_PROBE_MAX];
	const char *why = NULL;
	void *chunk;

	chunk = kbpf_jit_arena_alloc(sizeof(code));
	if (!chunk)
		return "no room for the probe";
	ctx.probe = chunk;
	ctx.len = kbpf_jit_probe_emit(code, chunk, kbpf_jit_selfcheck_callee,
				      0);
	if (!ctx.len)
		why = "the probe cannot reach its callee";
	else if (kbpf_jit_arena_write(chunk, code, ctx.len))
		why = "cannot write the probe";
	else if (!kbpf_jit_selfcheck_enter(chunk, &ctx))
		why = "a stack trace does not unwind through the probe";
	kbpf_jit_arena_free(chunk, sizeof(code));
	return why;
}
