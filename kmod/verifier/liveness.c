// SPDX-License-Identifier: GPL-2.0
/*
 * Static register liveness: for each instruction, the registers some
 * path from it, within its subprogram, may read before writing them.
 * A backward may-analysis solved to its least fixpoint with a worklist:
 * live(i) = use(i) | (OR over successors s of live(s)) & ~def(i).
 * Calls are not edges: a callee's frame has registers of its own.
 */

#include <linux/bitmap.h>
#include <linux/bits.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "../compat.h"
#include "../prog/helpers.h"
#include "../prog/type.h"
#include "env.h"

#define KBPF_REGS_ALL		((u16)GENMASK(KBPF_REG_FP, 0))
#define KBPF_REGS_ARGS		((u16)GENMASK(5, 1))
#define KBPF_REGS_CALLER_SAVED	((u16)GENMASK(5, 0))

/* The registers a helper reads: one per argument its prototype has. */
static u16 kbpf_helper_uses(s32 id)
{
	const struct kbpf_helper_proto *proto = kbpf_helper_proto(id);
	u16 use = 0;
	u32 i;

	if (!proto)
		return KBPF_REGS_ARGS;
	for (i = 0; i < ARRAY_SIZE(proto->arg_type); i++)
		if (proto->arg_type[i] != KBPF_ARG_NONE)
			use |= BIT(i + 1);
	return use;
}

/* Registers @insn may read (@use) and surely writes (@def). */
static void kbpf_insn_use_def(const struct kbpf_insn *insn, u16 *use,
			      u16 *def)
{
	u16 dst = BIT(insn->dst_reg & 0xf), src = BIT(insn->src_reg & 0xf);
	u8 op = KBPF_OP(insn->code), mode = KBPF_MODE(insn->code);
	bool x = KBPF_SRC(insn->code) == KBPF_X;

	*use = 0;
	*def = 0;
	switch (KBPF_CLASS(insn->code)) {
	case KBPF_ALU:
	case KBPF_ALU64:
		*def = dst;
		if (op != KBPF_MOV)
			*use = dst;
		if (x && op != KBPF_NEG && op != KBPF_END)
			*use |= src;
		return;
	case KBPF_LDX:
		*use = src;
		*def = dst;
		return;
	case KBPF_ST:
		*use = dst;
		return;
	case KBPF_STX:
		*use = dst | src;
		if (mode != KBPF_ATOMIC || !(insn->imm & KBPF_FETCH))
			return;
		if (insn->imm == KBPF_CMPXCHG) {
			*use |= BIT(0);
			*def = BIT(0);
		} else {
			*def = src;
		}
		return;
	case KBPF_LD:
		if (mode == KBPF_IMM) {
			*def = dst;
			return;
		}
		/* ABS/IND: the packet through r6, clobbering like a call. */
		*use = BIT(6) | (mode == KBPF_IND ? src : 0);
		*def = KBPF_REGS_CALLER_SAVED;
		return;
	default:	/* KBPF_JMP, KBPF_JMP32 */
		switch (op) {
		case KBPF_CALL:
			*use = insn->src_reg ? KBPF_REGS_ARGS :
					       kbpf_helper_uses(insn->imm);
			*def = KBPF_REGS_CALLER_SAVED;
			return;
		case KBPF_EXIT:
			*use = BIT(0);
			return;
		case KBPF_JA:
			return;
		default:
			*use = dst | (x ? src : 0);
			return;
		}
	}
}

/*
 * The instructions control may reach from @i: at most two, in @succ;
 * returns how many.
 */
static u32 kbpf_insn_succs(const struct kbpf_insn *insns, u32 i,
			   s64 succ[2])
{
	const struct kbpf_insn *insn = &insns[i];
	u8 class = KBPF_CLASS(insn->code), op = KBPF_OP(insn->code);

	if (insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW)) {
		succ[0] = (s64)i + 2;
		return 1;
	}
	if (class != KBPF_JMP && class != KBPF_JMP32) {
		succ[0] = (s64)i + 1;
		return 1;
	}
	switch (op) {
	case KBPF_EXIT:
		return 0;
	case KBPF_CALL:
		succ[0] = (s64)i + 1;
		return 1;
	case KBPF_JA:
		succ[0] = (s64)i + 1 +
			  (class == KBPF_JMP32 ? insn->imm : insn->off);
		return 1;
	default:
		succ[0] = (s64)i + 1;
		succ[1] = (s64)i + 1 + insn->off;
		return 2;
	}
}

/*
 * The CFG's reverse edges, as arrays: the predecessors of j are
 * @preds[@pred_start[j] .. @pred_start[j + 1]). An edge that leaves its
 * subprogram or lands inside an ld_imm64 (the CFG check refuses both)
 * makes its source @escapes: everything is live after it.
 */
struct kbpf_live_graph {
	u32 *pred_start;
	u32 *preds;
	unsigned long *escapes;
	u32 *stack;
	unsigned long *queued;
};

static bool kbpf_succ_ok(const struct kbpf_verifier_env *env, s64 to,
			 u32 start, u32 end)
{
	return to >= start && to < end && !env->aux[to].ldimm64_tail;
}

typedef void (*kbpf_edge_fn)(struct kbpf_live_graph *g, u32 from, u32 to);

/* Subprogram @sub's instructions, [*@start, *@end). */
static void kbpf_sub_bounds(const struct kbpf_verifier_env *env, u32 sub,
			    u32 *start, u32 *end)
{
	/* Before the subprograms are known: one, the whole program. */
	*start = env->subprog_cnt ? env->subprog_starts[sub] : 0;
	*end = env->subprog_cnt ? env->subprog_starts[sub + 1] :
				  env->prog->len;
	*end = min(*end, env->prog->len);
}

/* @fn(g, from, to) for each edge that stays in its subprogram. */
static void kbpf_visit_edges(struct kbpf_verifier_env *env,
			     struct kbpf_live_graph *g, kbpf_edge_fn fn)
{
	u32 cnt = max(env->subprog_cnt, 1U), sub, i, k, n, start, end;
	s64 succ[2];

	for (sub = 0; sub < cnt; sub++) {
		kbpf_sub_bounds(env, sub, &start, &end);
		for (i = start; i < end; i++) {
			if (env->aux[i].ldimm64_tail)
				continue;
			n = kbpf_insn_succs(env->prog->insns, i, succ);
			for (k = 0; k < n; k++) {
				if (kbpf_succ_ok(env, succ[k], start, end))
					fn(g, i, succ[k]);
				else
					__set_bit(i, g->escapes);
			}
		}
	}
}

static void kbpf_count_pred(struct kbpf_live_graph *g, u32 from, u32 to)
{
	g->pred_start[to + 1]++;
}

/* pred_start[to] is the next free place for a predecessor of @to. */
static void kbpf_add_pred(struct kbpf_live_graph *g, u32 from, u32 to)
{
	g->preds[g->pred_start[to]++] = from;
}

static void kbpf_live_graph_free(struct kbpf_live_graph *g)
{
	kvfree(g->pred_start);
	kvfree(g->preds);
	bitmap_free(g->escapes);
	kvfree(g->stack);
	bitmap_free(g->queued);
}

static int kbpf_live_graph_build(struct kbpf_verifier_env *env,
				 struct kbpf_live_graph *g)
{
	u32 len = env->prog->len, i;

	g->pred_start = kvcalloc(len + 1, sizeof(u32), GFP_KERNEL_ACCOUNT);
	g->preds = kvcalloc(2 * len, sizeof(u32), GFP_KERNEL_ACCOUNT);
	g->escapes = bitmap_zalloc(len, GFP_KERNEL_ACCOUNT);
	g->stack = kvcalloc(len, sizeof(u32), GFP_KERNEL_ACCOUNT);
	g->queued = bitmap_zalloc(len, GFP_KERNEL_ACCOUNT);
	if (!g->pred_start || !g->preds || !g->escapes || !g->stack ||
	    !g->queued)
		return -ENOMEM;

	/* Count into [to + 1], sum so [to] is where @to's list starts. */
	kbpf_visit_edges(env, g, kbpf_count_pred);
	for (i = 0; i < len; i++)
		g->pred_start[i + 1] += g->pred_start[i];
	kbpf_visit_edges(env, g, kbpf_add_pred);
	/* Filling moved each start to the next list's: shift back. */
	for (i = len; i > 0; i--)
		g->pred_start[i] = g->pred_start[i - 1];
	g->pred_start[0] = 0;
	return 0;
}

/*
 * The solvers yield the CPU every KBPF_LIVE_STEPS steps, often enough for
 * a 1M-instruction program.
 */
#define KBPF_LIVE_STEPS		1024

static void kbpf_live_step(u32 *steps)
{
	if (!(++*steps % KBPF_LIVE_STEPS))
		cond_resched();
}

#define KBPF_LIVE_FIELD		offsetof(struct kbpf_insn_aux, live_regs)
#define KBPF_DEMAND_FIELD	offsetof(struct kbpf_insn_aux, demand_regs)

/*
 * The two backward analyses below (liveness, demand) keep one u16 register
 * set per instruction in struct kbpf_insn_aux, at @field.
 */
static u16 *kbpf_aux_set(struct kbpf_verifier_env *env, u32 i, size_t field)
{
	return (u16 *)((u8 *)&env->aux[i] + field);
}

/* The set right after @i: the union of its successors' current sets. */
static u16 kbpf_set_out(struct kbpf_verifier_env *env,
			const struct kbpf_live_graph *g, u32 i, size_t field)
{
	u16 out = 0;
	s64 succ[2];
	u32 k, n;

	if (test_bit(i, g->escapes))
		return KBPF_REGS_ALL;
	n = kbpf_insn_succs(env->prog->insns, i, succ);
	for (k = 0; k < n; k++) {
		if (succ[k] < 0 || succ[k] >= env->prog->len)
			return KBPF_REGS_ALL;
		out |= *kbpf_aux_set(env, succ[k], field);
	}
	return out;
}

/* The set before @i, from the set after it; monotone in @out. */
typedef u16 (*kbpf_set_in_fn)(const struct kbpf_verifier_env *env, u32 i,
			      u16 out, const void *arg);

/*
 * Solves set(i) = in(i, OR over successors s of set(s)) | r10 to its
 * least fixpoint with a worklist. Leaves @g->queued empty, as it found it.
 */
static void kbpf_backward_solve(struct kbpf_verifier_env *env,
				struct kbpf_live_graph *g, size_t field,
				kbpf_set_in_fn in, const void *arg)
{
	u32 len = env->prog->len, top = 0, i, p;
	u16 *set, next;

	/* Pushed in order, popped last first: backward, as the flow goes. */
	for (i = 0; i < len; i++) {
		*kbpf_aux_set(env, i, field) = 0;
		if (env->aux[i].ldimm64_tail)
			continue;
		g->stack[top++] = i;
		__set_bit(i, g->queued);
	}
	while (top) {
		i = g->stack[--top];
		__clear_bit(i, g->queued);
		set = kbpf_aux_set(env, i, field);
		next = in(env, i, kbpf_set_out(env, g, i, field), arg) |
		       BIT(KBPF_REG_FP);
		if ((next | *set) == *set)
			continue;
		/* Sets only grow, at most 11 times each: this ends. */
		*set |= next;
		for (p = g->pred_start[i]; p < g->pred_start[i + 1]; p++) {
			if (__test_and_set_bit(g->preds[p], g->queued))
				continue;
			g->stack[top++] = g->preds[p];
		}
		cond_resched();
	}
	/* An ld_imm64's second half: the set after the pair. */
	for (i = 1; i < len; i++)
		if (env->aux[i].ldimm64_tail)
			*kbpf_aux_set(env, i, field) =
				kbpf_set_out(env, g, i - 1, field);
}

/* Liveness: live(i) = use(i) | (live after i) & ~def(i). */
static u16 kbpf_live_in(const struct kbpf_verifier_env *env, u32 i, u16 out,
			const void *arg)
{
	u16 use, def;

	kbpf_insn_use_def(&env->prog->insns[i], &use, &def);
	return use | (out & ~def);
}

/*
 * Which registers may hold a pointer, and which a pointer into some stack,
 * before each instruction: a forward may-analysis over the same graph.
 * Only the demand analysis below reads it, to tell scalar arithmetic from
 * pointer arithmetic and stack stores from others.
 */
struct kbpf_ptr_facts {
	u16 *ptr;
	u16 *stack;
};

static bool kbpf_in_main(const struct kbpf_verifier_env *env, u32 i)
{
	return env->subprog_cnt < 2 || i < env->subprog_starts[1];
}

/*
 * Whether the program's result is checked against a range at its exit
 * (kbpf_check_prog_ret(): a kprobe session's, for one): then the main
 * program's r0 decides the verdict and is demanded like a subprogram's.
 */
static bool kbpf_prog_ret_checked(const struct kbpf_verifier_env *env)
{
	const struct kbpf_prog *prog = env->prog;
	s32 min, max;

	return prog->ops->ret_range &&
	       prog->ops->ret_range(prog->expected_attach_type, &min, &max);
}

/* @ptr/@stack: before @insn in, after it out. */
static void kbpf_ptr_transfer(const struct kbpf_insn *insn, u16 *ptr,
			      u16 *stack)
{
	u16 dst = BIT(insn->dst_reg & 0xf), src = BIT(insn->src_reg & 0xf);
	u8 class = KBPF_CLASS(insn->code), op = KBPF_OP(insn->code);
	bool x = KBPF_SRC(insn->code) == KBPF_X;

	switch (class) {
	case KBPF_ALU:
		/* 32-bit results are scalars. */
		*ptr &= ~dst;
		*stack &= ~dst;
		return;
	case KBPF_ALU64:
		if (op == KBPF_MOV) {
			*ptr = (*ptr & ~dst) | (x && (*ptr & src) ? dst : 0);
			*stack = (*stack & ~dst) |
				 (x && (*stack & src) ? dst : 0);
		} else if (x) {
			*ptr |= *ptr & src ? dst : 0;
			*stack |= *stack & src ? dst : 0;
		}
		return;
	case KBPF_LDX:
		/* Only a doubleword can reload a spilled pointer. */
		if (KBPF_SIZE(insn->code) == KBPF_DW) {
			*ptr |= dst;
			*stack |= dst;
		} else {
			*ptr &= ~dst;
			*stack &= ~dst;
		}
		return;
	case KBPF_LD:
		*ptr &= ~dst;
		*stack &= ~dst;
		if (KBPF_MODE(insn->code) == KBPF_IMM && insn->src_reg)
			*ptr |= dst;
		return;
	case KBPF_STX:
		if (KBPF_MODE(insn->code) != KBPF_ATOMIC ||
		    !(insn->imm & KBPF_FETCH))
			return;
		dst = insn->imm == KBPF_CMPXCHG ? BIT(0) : src;
		*ptr |= dst;
		*stack |= dst;
		return;
	case KBPF_JMP:
		if (op != KBPF_CALL)
			return;
		*ptr &= ~KBPF_REGS_CALLER_SAVED;
		*stack &= ~KBPF_REGS_CALLER_SAVED;
		*ptr |= BIT(0);
		/* A subprogram may hand back its caller's stack. */
		if (insn->src_reg)
			*stack |= BIT(0);
		return;
	default:
		return;
	}
}

/*
 * The facts at subprogram @sub's entry, set in @f; returns the entry (or
 * the program's length when it has none). The main program gets ctx in
 * r1; a subprogram anything in r1-r5.
 */
static u32 kbpf_ptr_entry(const struct kbpf_verifier_env *env, u32 sub,
			  struct kbpf_ptr_facts *f)
{
	u32 i = env->subprog_cnt ? env->subprog_starts[sub] : 0;

	if (i >= env->prog->len)
		return env->prog->len;
	f->ptr[i] = BIT(KBPF_REG_FP) | (sub ? KBPF_REGS_ARGS : BIT(1));
	f->stack[i] = BIT(KBPF_REG_FP) | (sub ? KBPF_REGS_ARGS : 0);
	return i;
}

/*
 * The facts after instruction @i, from those before it in @f, into @ptr
 * and @stack, and its successors that carry facts (in the program, not
 * an ld_imm64's second slot) into @succ; returns how many.
 */
static u32 kbpf_ptr_out(const struct kbpf_verifier_env *env,
			const struct kbpf_ptr_facts *f, u32 i, u16 *ptr,
			u16 *stack, u32 succ[2])
{
	const struct kbpf_insn *insns = env->prog->insns;
	u32 len = env->prog->len, k, n, out = 0;
	s64 to[2];

	*ptr = f->ptr[i];
	*stack = f->stack[i];
	kbpf_ptr_transfer(&insns[i], ptr, stack);
	/* The walk refuses any write to r10; keep it a stack pointer. */
	*ptr |= BIT(KBPF_REG_FP);
	*stack |= BIT(KBPF_REG_FP);
	n = kbpf_insn_succs(insns, i, to);
	for (k = 0; k < n; k++)
		if (to[k] >= 0 && to[k] < len && !env->aux[to[k]].ldimm64_tail)
			succ[out++] = to[k];
	return out;
}

static void kbpf_ptr_solve(struct kbpf_verifier_env *env,
			   struct kbpf_live_graph *g,
			   struct kbpf_ptr_facts *f)
{
	u32 len = env->prog->len, top = 0, i, k, n, sub;
	u16 ptr, stack;
	u32 succ[2];

	for (sub = 0; sub < max(env->subprog_cnt, 1U); sub++) {
		i = kbpf_ptr_entry(env, sub, f);
		if (i >= len)
			continue;
		g->stack[top++] = i;
		__set_bit(i, g->queued);
	}
	while (top) {
		i = g->stack[--top];
		__clear_bit(i, g->queued);
		n = kbpf_ptr_out(env, f, i, &ptr, &stack, succ);
		for (k = 0; k < n; k++) {
			if ((f->ptr[succ[k]] | ptr) == f->ptr[succ[k]] &&
			    (f->stack[succ[k]] | stack) == f->stack[succ[k]])
				continue;
			/* Sets only grow: this ends. */
			f->ptr[succ[k]] |= ptr;
			f->stack[succ[k]] |= stack;
			if (!__test_and_set_bit(succ[k], g->queued))
				g->stack[top++] = succ[k];
		}
		cond_resched();
	}
}

/*
 * The registers whose value may decide something from @i on, given
 * @out, those demanded after it. The rules err on the side of demanding:
 * a conditional jump reads its operands' values; arithmetic with a
 * possible pointer has its bounds checked; memory accesses need their
 * address, a store into a possible stack its value (a spill is compared
 * as it is); calls their arguments; a subprogram's exit its result (the
 * caller's or the callback's). A scalar copied or computed into a
 * demanded register is demanded. The main program's result is only where
 * its type checks its range (kbpf_prog_ret_checked()).
 */
static u16 kbpf_demand_in(const struct kbpf_verifier_env *env, u32 i,
			  u16 out, const void *arg)
{
	const struct kbpf_ptr_facts *f = arg;
	const struct kbpf_insn *insn = &env->prog->insns[i];
	u16 dst = BIT(insn->dst_reg & 0xf), src = BIT(insn->src_reg & 0xf);
	u8 class = KBPF_CLASS(insn->code), op = KBPF_OP(insn->code);
	u8 mode = KBPF_MODE(insn->code);
	bool x = KBPF_SRC(insn->code) == KBPF_X;
	u16 d = out;

	switch (class) {
	case KBPF_ALU:
	case KBPF_ALU64:
		if (op == KBPF_MOV)
			return (d & ~dst) | (d & dst && x ? src : 0);
		if ((d & dst) || (f->ptr[i] & dst) || (x && (f->ptr[i] & src)))
			d |= dst | (x && op != KBPF_NEG && op != KBPF_END ?
				    src : 0);
		return d;
	case KBPF_LDX:
		return (d & ~dst) | src;
	case KBPF_ST:
		return d | dst;
	case KBPF_STX:
		d |= dst;
		if (mode == KBPF_ATOMIC) {
			d |= src;
			if (insn->imm == KBPF_CMPXCHG)
				d |= BIT(0);
		} else if (f->stack[i] & dst) {
			d |= src;
		}
		return d;
	case KBPF_LD:
		if (mode == KBPF_IMM)
			return d & ~dst;
		return KBPF_REGS_ALL;
	default:	/* KBPF_JMP, KBPF_JMP32 */
		switch (op) {
		case KBPF_CALL:
			return (d & ~KBPF_REGS_CALLER_SAVED) |
			       (insn->src_reg ? KBPF_REGS_ARGS :
						kbpf_helper_uses(insn->imm));
		case KBPF_EXIT:
			return kbpf_in_main(env, i) &&
			       !kbpf_prog_ret_checked(env) ? 0 : BIT(0);
		case KBPF_JA:
			return d;
		default:
			return d | dst | (x ? src : 0);
		}
	}
}

/*
 * Programs without a backward edge (a bounded loop has one) need neither
 * the graph nor a worklist: in program order every predecessor comes
 * first, so one sweep with the flow solves the forward analysis exactly,
 * and one against it each backward analysis, what the solvers above
 * reach. A sweep that meets an edge going back (to its own instruction
 * or before) returns false, its sets partial: the solvers redo them.
 */

/* The set after @i, every successor's final; as kbpf_set_out(). */
static u16 kbpf_sweep_out(struct kbpf_verifier_env *env, u32 i, u32 start,
			  u32 end, size_t field, bool *back)
{
	s64 succ[2];
	u16 out = 0;
	u32 k, n;

	n = kbpf_insn_succs(env->prog->insns, i, succ);
	for (k = 0; k < n; k++) {
		if (!kbpf_succ_ok(env, succ[k], start, end))
			return KBPF_REGS_ALL;
		if (succ[k] <= i)
			*back = true;
		out |= *kbpf_aux_set(env, succ[k], field);
	}
	return out;
}

static bool kbpf_backward_sweep(struct kbpf_verifier_env *env, size_t field,
				kbpf_set_in_fn in, const void *arg)
{
	u32 sub = max(env->subprog_cnt, 1U), steps = 0, i, start, end;
	bool back = false;
	u16 out;

	while (sub--) {
		kbpf_sub_bounds(env, sub, &start, &end);
		for (i = end; i-- > start;) {
			if (env->aux[i].ldimm64_tail)
				continue;
			out = kbpf_sweep_out(env, i, start, end, field, &back);
			if (back)
				return false;
			*kbpf_aux_set(env, i, field) = in(env, i, out, arg) |
						       BIT(KBPF_REG_FP);
			/* An ld_imm64's second half: the set after the pair. */
			if (i + 1 < env->prog->len &&
			    env->aux[i + 1].ldimm64_tail)
				*kbpf_aux_set(env, i + 1, field) = out;
			kbpf_live_step(&steps);
		}
	}
	return true;
}

/* As kbpf_ptr_solve(); an instruction never reached keeps no facts. */
static bool kbpf_ptr_sweep(struct kbpf_verifier_env *env,
			   struct kbpf_ptr_facts *f)
{
	u32 len = env->prog->len, steps = 0, i, k, n, sub;
	u16 ptr, stack;
	u32 succ[2];

	for (sub = 0; sub < max(env->subprog_cnt, 1U); sub++)
		kbpf_ptr_entry(env, sub, f);
	for (i = 0; i < len; i++) {
		/* Reached facts hold r10 at least. */
		if (env->aux[i].ldimm64_tail || !f->ptr[i])
			continue;
		n = kbpf_ptr_out(env, f, i, &ptr, &stack, succ);
		for (k = 0; k < n; k++) {
			if (succ[k] <= i)
				return false;
			f->ptr[succ[k]] |= ptr;
			f->stack[succ[k]] |= stack;
		}
		kbpf_live_step(&steps);
	}
	return true;
}

static int kbpf_compute_demand(struct kbpf_verifier_env *env,
			       struct kbpf_live_graph *g)
{
	struct kbpf_ptr_facts f;
	u32 len = env->prog->len;
	int err = 0;

	f.ptr = kvcalloc(len, sizeof(u16), GFP_KERNEL_ACCOUNT);
	f.stack = kvcalloc(len, sizeof(u16), GFP_KERNEL_ACCOUNT);
	if (!f.ptr || !f.stack) {
		kvfree(f.ptr);
		kvfree(f.stack);
		return -ENOMEM;
	}
	if (g) {
		kbpf_ptr_solve(env, g, &f);
		kbpf_backward_solve(env, g, KBPF_DEMAND_FIELD,
				    kbpf_demand_in, &f);
	} else if (!kbpf_ptr_sweep(env, &f) ||
		   !kbpf_backward_sweep(env, KBPF_DEMAND_FIELD,
					kbpf_demand_in, &f)) {
		err = -EAGAIN;
	}
	kvfree(f.ptr);
	kvfree(f.stack);
	return err;
}

/*
 * Without a graph, the sweeps: 0, -ENOMEM, or -EAGAIN when an edge goes
 * back (the sets then partial, for the solvers to redo).
 */
static int kbpf_compute_acyclic(struct kbpf_verifier_env *env)
{
	if (!kbpf_backward_sweep(env, KBPF_LIVE_FIELD, kbpf_live_in, NULL))
		return -EAGAIN;
	return kbpf_compute_demand(env, NULL);
}

int kbpf_compute_liveness(struct kbpf_verifier_env *env)
{
	struct kbpf_live_graph g = {};
	int err;

	if (!env->prog->len)
		return 0;
	err = kbpf_compute_acyclic(env);
	if (err != -EAGAIN)
		return err;
	err = kbpf_live_graph_build(env, &g);
	if (!err)
		kbpf_backward_solve(env, &g, KBPF_LIVE_FIELD, kbpf_live_in,
				    NULL);
	if (!err)
		err = kbpf_compute_demand(env, &g);
	kbpf_live_graph_free(&g);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_compute_liveness);
