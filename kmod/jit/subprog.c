// SPDX-License-Identifier: GPL-2.0
/*
 * The functions of a program, for the JIT: where each begins (the
 * program's first instruction and every bpf-to-bpf call target), and a
 * check that no chain of calls is deeper than KBPF_MAX_CALL_FRAMES.
 *
 * The verifier already refuses recursion and deeper chains; the
 * interpreter still checks the depth as it runs. Generated code cannot
 * check cheaply, so the JIT proves it before emitting anything: a
 * program it cannot prove runs interpreted.
 */

#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "subprog.h"

static bool kbpf_jit_is_call(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_JMP | KBPF_CALL) &&
	       insn->src_reg == KBPF_PSEUDO_CALL;
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

	if (level > KBPF_MAX_CALL_FRAMES)
		return KBPF_MAX_CALL_FRAMES + 1;
	if (depth[k])
		return depth[k];
	for (i = s->start[k]; i < end; i++) {
		if (!kbpf_jit_is_call(&insns[i]))
			continue;
		d = 1 + kbpf_jit_depth(insns, len, s,
				       kbpf_jit_sub_of(s, i + 1 + insns[i].imm),
				       depth, level + 1);
		if (d > KBPF_MAX_CALL_FRAMES)
			return d;
		max = max(max, d);
	}
	depth[k] = max;
	return max;
}

int kbpf_jit_subprogs_find(const struct kbpf_insn *insns, u32 len,
			   struct kbpf_jit_subprogs *s)
{
	u32 i, n = 1, calls = 0;
	u8 *depth;
	s64 t;

	s->nr = 0;
	s->start = NULL;
	for (i = 0; i < len; i++)
		calls += kbpf_jit_is_call(&insns[i]);
	s->start = kvmalloc_array(calls + 1, sizeof(*s->start), GFP_KERNEL);
	if (!s->start)
		return -ENOMEM;
	s->start[0] = 0;
	for (i = 0; i < len; i++) {
		if (!kbpf_jit_is_call(&insns[i]))
			continue;
		t = (s64)i + 1 + insns[i].imm;
		if (t <= 0 || t >= len)
			return -EOPNOTSUPP;
		s->start[n++] = t;
	}
	sort(s->start, n, sizeof(*s->start), kbpf_jit_cmp_u32, NULL);
	s->nr = 1;
	for (i = 1; i < n; i++)
		if (s->start[i] != s->start[s->nr - 1])
			s->start[s->nr++] = s->start[i];
	/* a call lands on a function's first instruction by construction */
	depth = kvcalloc(s->nr, sizeof(*depth), GFP_KERNEL);
	if (!depth)
		return -ENOMEM;
	n = kbpf_jit_depth(insns, len, s, 0, depth, 1);
	kvfree(depth);
	return n > KBPF_MAX_CALL_FRAMES ? -EOPNOTSUPP : 0;
}

void kbpf_jit_subprogs_free(struct kbpf_jit_subprogs *s)
{
	kvfree(s->start);
	s->start = NULL;
	s->nr = 0;
}
