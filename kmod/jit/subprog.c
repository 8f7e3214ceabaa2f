// SPDX-License-Identifier: GPL-2.0
/*
 * The functions of a program, for the JIT: where each begins (the
 * program's first instruction, every bpf-to-bpf call target and every
 * callback a KBPF_PSEUDO_FUNC ld_imm64 names), and a check that no chain
 * of calls and callbacks is deeper than KBPF_MAX_CALL_FRAMES.
 *
 * The verifier already refuses recursion and deeper chains; the
 * interpreter still checks the depth as it runs. Generated code cannot
 * check cheaply, so the JIT proves it before emitting anything: a
 * program it cannot prove runs interpreted. A callback load counts as a
 * call from the function that loads it (the helper it is passed to runs
 * it one frame deeper), as Linux's check_max_stack_depth() counts it.
 */

#include <linux/bitmap.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "subprog.h"

static bool kbpf_jit_is_call(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_JMP | KBPF_CALL) &&
	       insn->src_reg == KBPF_PSEUDO_CALL;
}

static bool kbpf_jit_is_func_load(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
	       insn->src_reg == KBPF_PSEUDO_FUNC;
}

s64 kbpf_jit_func_target(const struct kbpf_insn *insns, u32 len, u32 i)
{
	unsigned long base = (unsigned long)insns, addr;

	if (i + 1 >= len)
		return -1;
	addr = (unsigned long)((u32)insns[i].imm |
			       (u64)(u32)insns[i + 1].imm << 32);
	if (addr <= base || (addr - base) % sizeof(*insns) ||
	    (addr - base) / sizeof(*insns) >= len)
		return -1;
	return (addr - base) / sizeof(*insns);
}

/*
 * Whether instruction @i enters another function, a call or a callback
 * load; its target in *@t (out of range when it leaves the program).
 */
static bool kbpf_jit_edge(const struct kbpf_insn *insns, u32 len, u32 i,
			  s64 *t)
{
	if (kbpf_jit_is_call(&insns[i])) {
		*t = (s64)i + 1 + insns[i].imm;
		return true;
	}
	if (kbpf_jit_is_func_load(&insns[i])) {
		*t = kbpf_jit_func_target(insns, len, i);
		return true;
	}
	return false;
}

static int kbpf_jit_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* The function containing instruction @i: the last start <= @i. */
static u32 kbpf_jit_sub_of(const struct kbpf_jit_subprogs *s, u32 i)
{
	u32 lo = 0, hi = s->nr;

	while (hi - lo > 1) {
		u32 mid = (lo + hi) / 2;

		if (s->start[mid] <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

u32 kbpf_jit_subprog_of(const struct kbpf_jit_subprogs *s, u32 i)
{
	return kbpf_jit_sub_of(s, i);
}

/*
 * The deepest chain of calls from function @k, in frames, @k's own
 * included; more than KBPF_MAX_CALL_FRAMES (a cycle among them) is
 * reported as such. @depth caches finished functions (0: not yet).
 */
static u32 kbpf_jit_depth(const struct kbpf_insn *insns, u32 len,
			  const struct kbpf_jit_subprogs *s, u32 k, u8 *depth,
			  u32 level)
{
	u32 end = k + 1 < s->nr ? s->start[k + 1] : len;
	u32 i, d, max = 1;
	s64 t;

	if (level > KBPF_MAX_CALL_FRAMES)
		return KBPF_MAX_CALL_FRAMES + 1;
	if (depth[k])
		return depth[k];
	for (i = s->start[k]; i < end; i++) {
		/* kbpf_jit_subprogs_find() checked every target */
		if (!kbpf_jit_edge(insns, len, i, &t))
			continue;
		d = 1 + kbpf_jit_depth(insns, len, s, kbpf_jit_sub_of(s, t),
				       depth, level + 1);
		if (d > KBPF_MAX_CALL_FRAMES)
			return d;
		max = max(max, d);
	}
	depth[k] = max;
	return max;
}

/* r6-r9 (callee-saved) and r10 (the frame pointer): kept in @named. */
#define KBPF_JIT_NAMED_FIRST	6
#define KBPF_JIT_NAMED_LAST	10

/* BIT(r) for each of r6-r10 that @insn names. */
static u16 kbpf_jit_named_regs(const struct kbpf_insn *insn)
{
	u16 named = 0;

	if (insn->dst_reg >= KBPF_JIT_NAMED_FIRST &&
	    insn->dst_reg <= KBPF_JIT_NAMED_LAST)
		named |= BIT(insn->dst_reg);
	if (insn->src_reg >= KBPF_JIT_NAMED_FIRST &&
	    insn->src_reg <= KBPF_JIT_NAMED_LAST)
		named |= BIT(insn->src_reg);
	return named;
}

static int kbpf_jit_find_named(const struct kbpf_insn *insns, u32 len,
			       struct kbpf_jit_subprogs *s)
{
	u32 i, k = 0;

	s->named = kvcalloc(s->nr, sizeof(*s->named), GFP_KERNEL);
	if (!s->named)
		return -ENOMEM;
	for (i = 0; i < len; i++) {
		if (k + 1 < s->nr && i == s->start[k + 1])
			k++;
		s->named[k] |= kbpf_jit_named_regs(&insns[i]);
	}
	return 0;
}

int kbpf_jit_subprogs_find(const struct kbpf_insn *insns, u32 len,
			   struct kbpf_jit_subprogs *s)
{
	u32 i, n = 1, edges = 0;
	u8 *depth;
	s64 t;

	s->nr = 0;
	s->start = NULL;
	s->cb = NULL;
	s->named = NULL;
	for (i = 0; i < len; i++)
		edges += kbpf_jit_edge(insns, len, i, &t);
	s->start = kvmalloc_array(edges + 1, sizeof(*s->start), GFP_KERNEL);
	if (!s->start)
		return -ENOMEM;
	s->start[0] = 0;
	for (i = 0; i < len; i++) {
		if (!kbpf_jit_edge(insns, len, i, &t))
			continue;
		if (t <= 0 || t >= len)
			return -EOPNOTSUPP;
		s->start[n++] = t;
	}
	sort(s->start, n, sizeof(*s->start), kbpf_jit_cmp_u32, NULL);
	s->nr = 1;
	for (i = 1; i < n; i++)
		if (s->start[i] != s->start[s->nr - 1])
			s->start[s->nr++] = s->start[i];
	/* calls and callbacks land on a function's start by construction */
	s->cb = bitmap_zalloc(s->nr, GFP_KERNEL);
	if (!s->cb)
		return -ENOMEM;
	for (i = 0; i < len; i++) {
		if (!kbpf_jit_is_func_load(&insns[i]))
			continue;
		t = kbpf_jit_func_target(insns, len, i);
		__set_bit(kbpf_jit_sub_of(s, t), s->cb);
	}
	if (kbpf_jit_find_named(insns, len, s))
		return -ENOMEM;
	depth = kvcalloc(s->nr, sizeof(*depth), GFP_KERNEL);
	if (!depth)
		return -ENOMEM;
	n = kbpf_jit_depth(insns, len, s, 0, depth, 1);
	kvfree(depth);
	return n > KBPF_MAX_CALL_FRAMES ? -EOPNOTSUPP : 0;
}

void kbpf_jit_subprogs_free(struct kbpf_jit_subprogs *s)
{
	bitmap_free(s->cb);
	s->cb = NULL;
	kvfree(s->named);
	s->named = NULL;
	kvfree(s->start);
	s->start = NULL;
	s->nr = 0;
}
