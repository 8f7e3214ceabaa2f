// SPDX-License-Identifier: GPL-2.0
/*
 * The checked interpreter's access oracle, built only with
 * KBPF_INTERP_CHECKED (scripts/build.sh debug-checked), for fuzzing the
 * verifier: every access the verifier lets through must land here.
 *
 * An access of the program is allowed iff [addr, addr + size) lies in
 * one region as a whole: the stack of a live frame of the run (the
 * interpreter hands those in), or one of the run's regions:
 * - the ctx test_run published for the run (read-only for raw_tp), or
 *   a kprobe's struct pt_regs (read-only);
 * - value 0 of the single-element arrays a loaded program addresses
 *   directly (ld_imm64 of a map value), for the first program and every
 *   program a tail call enters;
 * - a value bpf_map_lookup_elem() returned (value_size bytes, this CPU's
 *   for per-CPU maps), until the run ends;
 * - a record bpf_ringbuf_reserve() returned, until it is submitted or
 *   discarded; memory bpf_dynptr_data() returned, until its ringbuf
 *   record is submitted or discarded;
 * - the key and the value bpf_for_each_map_elem() passes its callback,
 *   for the length of that callback (the key read-only);
 * - regions of a map with BPF_F_RDONLY_PROG are read-only.
 * The memory arguments of helpers (map keys and values, sized memory,
 * longs) are checked the same way before the helper runs.
 *
 * Control transfers the verifier decides are checked too:
 * - a callback a helper enters (kbpf_interp_call()) must start at the
 *   first instruction of a subprogram that a KBPF_PSEUDO_FUNC ld_imm64
 *   of the calling program names: the instruction the verifier walked
 *   the callback from (an offset function pointer enters elsewhere);
 * - a program a tail call enters must be compatible with the program
 *   the run started with, as Linux's __bpf_prog_map_compatible(): the
 *   same type and expected attach type; and, kbpf's stricter rule, not
 *   sleepable (a sleepable program is never entered by a tail call).
 *
 * A refused access or transfer counts in /sys/module/kbpf/parameters/
 * checked_violations, is reported (rate-limited) with the program and
 * the instruction, and stops the run. checked_overflows counts runs
 * that had more regions than the oracle keeps (they check less).
 * checked_skip_verifier=1 at load lets unverified programs in.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "../map/map.h"
#include "checked.h"
#include "dynptr.h"
#include "helpers.h"
#include "type.h"

#define KBPF_CHECKED_MAX	4096
#define KBPF_DYNPTR_SIZE_MASK	0xffffffU

static atomic_long_t kbpf_checked_violations = ATOMIC_LONG_INIT(0);
static atomic_long_t kbpf_checked_overflows = ATOMIC_LONG_INIT(0);

static int kbpf_checked_count_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(kp->arg));
}

static const struct kernel_param_ops kbpf_checked_count_ops = {
	.get = kbpf_checked_count_get,
};

module_param_cb(checked_violations, &kbpf_checked_count_ops,
		&kbpf_checked_violations, 0444);
MODULE_PARM_DESC(checked_violations,
		 "accesses the checked interpreter refused (read-only)");
module_param_cb(checked_overflows, &kbpf_checked_count_ops,
		&kbpf_checked_overflows, 0444);
MODULE_PARM_DESC(checked_overflows,
		 "checked runs with more regions than the oracle keeps");

/*
 * Set at load only: PROG_LOAD then skips the walk over every path
 * (kbpf_do_check), so that the oracle's own tests (kbpf_fuzz -T) can
 * load the unsafe programs it must stop. Off, every program is verified.
 */
static bool kbpf_checked_skip_verifier_param;
module_param_named(checked_skip_verifier, kbpf_checked_skip_verifier_param,
		   bool, 0444);
MODULE_PARM_DESC(checked_skip_verifier,
		 "load programs that pass only the structural checks (oracle tests; default off)");

bool kbpf_checked_skip_verifier(void)
{
	return kbpf_checked_skip_verifier_param;
}

/* Published test_run ctx buffers; runs may look them up from IPIs. */
static LIST_HEAD(kbpf_checked_ctxs);
static DEFINE_SPINLOCK(kbpf_checked_ctx_lock);

void kbpf_checked_ctx_publish(struct kbpf_checked_ctx *c, const void *ctx,
			      u32 size, bool rdonly)
{
	kbpf_checked_ctx_publish_more(c, ctx, size, rdonly, NULL, 0);
}

void kbpf_checked_ctx_publish_more(struct kbpf_checked_ctx *c,
				   const void *ctx, u32 size, bool rdonly,
				   const struct kbpf_checked_region *more,
				   u32 nr_more)
{
	unsigned long flags;

	c->more = more;
	c->nr_more = nr_more;
	c->ctx = ctx;
	c->size = size;
	c->rdonly = rdonly;
	spin_lock_irqsave(&kbpf_checked_ctx_lock, flags);
	list_add(&c->node, &kbpf_checked_ctxs);
	spin_unlock_irqrestore(&kbpf_checked_ctx_lock, flags);
}

void kbpf_checked_ctx_withdraw(struct kbpf_checked_ctx *c)
{
	unsigned long flags;

	spin_lock_irqsave(&kbpf_checked_ctx_lock, flags);
	list_del(&c->node);
	spin_unlock_irqrestore(&kbpf_checked_ctx_lock, flags);
}

static const char * const kbpf_checked_kind_names[] = {
	[KBPF_CHECKED_CTX] = "ctx",
	[KBPF_CHECKED_MAP_VALUE] = "map value",
	[KBPF_CHECKED_MAP_KEY] = "map key",
	[KBPF_CHECKED_RINGBUF] = "ringbuf record",
	[KBPF_CHECKED_DYNPTR] = "dynptr data",
};

static bool kbpf_checked_grow(struct kbpf_checked_run *cr)
{
	struct kbpf_checked_region *r;
	u32 cap = cr->cap * 4;

	/* No allocation in NMI (a kprobe's int3): the run stops growing. */
	if (cap > KBPF_CHECKED_MAX || in_nmi())
		return false;
	/* Runs may be atomic (raw_tp, IPIs): no sleeping allocation. */
	r = kmalloc_array(cap, sizeof(*r), GFP_ATOMIC | __GFP_NOWARN);
	if (!r)
		return false;
	memcpy(r, cr->regions, cr->nr * sizeof(*r));
	if (cr->regions != cr->inline_regions)
		kfree(cr->regions);
	cr->regions = r;
	cr->cap = cap;
	return true;
}

static void kbpf_checked_add(struct kbpf_checked_run *cr, unsigned long start,
			     u64 size, enum kbpf_checked_kind kind, bool rdonly)
{
	struct kbpf_checked_region *r;
	u32 i;

	if (!start || !size || start + size < start)
		return;
	for (i = 0; i < cr->nr; i++) {
		r = &cr->regions[i];
		if (r->start == start && r->end == start + size &&
		    r->rdonly == rdonly)
			return;
	}
	if (cr->nr == cr->cap && !kbpf_checked_grow(cr)) {
		if (!cr->overflow)
			atomic_long_inc(&kbpf_checked_overflows);
		cr->overflow = true;
		return;
	}
	r = &cr->regions[cr->nr++];
	r->start = start;
	r->end = start + size;
	r->kind = kind;
	r->rdonly = rdonly;
}

/* Drops the regions of @kind that start in [@lo, @hi). */
static void kbpf_checked_forget(struct kbpf_checked_run *cr, unsigned long lo,
				unsigned long hi, enum kbpf_checked_kind kind)
{
	u32 i = 0;

	while (i < cr->nr) {
		struct kbpf_checked_region *r = &cr->regions[i];

		if (r->kind == kind && r->start >= lo && r->start < hi)
			*r = cr->regions[--cr->nr];
		else
			i++;
	}
}

static bool kbpf_checked_map_rdonly(const struct kbpf_map *map)
{
	return map->map_flags & KBPF_F_RDONLY_PROG;
}

/*
 * @prog runs from now on: value 0 of each single-element array it
 * addresses directly becomes a region, and @prog one of the run's
 * programs (kbpf_checked_prog_of()).
 */
static void kbpf_checked_enter_prog(struct kbpf_checked_run *cr,
				    const struct kbpf_prog *prog)
{
	u32 i;
	u64 addr;

	cr->cur = prog;
	for (i = 0; i < cr->nr_progs && cr->progs[i] != prog; i++)
		;
	/* A run enters at most 1 + KBPF_MAX_TAIL_CALLS programs. */
	if (i == cr->nr_progs && !WARN_ON_ONCE(i == KBPF_CHECKED_PROGS))
		cr->progs[cr->nr_progs++] = prog;
	for (i = 0; i < prog->used_map_cnt; i++) {
		const struct kbpf_map *map = prog->used_maps[i];

		if (!map->ops->direct_value_addr ||
		    map->ops->direct_value_addr(map, &addr, 0))
			continue;
		kbpf_checked_add(cr, addr, map->value_size,
				 KBPF_CHECKED_MAP_VALUE,
				 kbpf_checked_map_rdonly(map));
	}
}

void kbpf_checked_begin(struct kbpf_checked_run *cr,
			const struct kbpf_prog *prog, const void *ctx)
{
	struct kbpf_checked_ctx *c;
	unsigned long flags;
	bool found = false;
	u32 i;

	cr->prog = prog;
	cr->nr_progs = 0;
	cr->visit = NULL;
	cr->call = NULL;
	cr->cb_ok = NULL;
	cr->cb_prog = NULL;
	cr->regions = cr->inline_regions;
	cr->nr = 0;
	cr->cap = KBPF_CHECKED_INLINE;
	cr->overflow = false;

	/*
	 * In NMI (a kprobe's int3) the context it interrupted may hold the
	 * list lock: only try it. A kprobe's ctx is never published, so
	 * such a run finds its ctx by the type's fixed size below anyway.
	 */
	if (in_nmi()) {
		if (!spin_trylock_irqsave(&kbpf_checked_ctx_lock, flags))
			goto unlisted;
	} else {
		spin_lock_irqsave(&kbpf_checked_ctx_lock, flags);
	}
	list_for_each_entry(c, &kbpf_checked_ctxs, node) {
		if (ctx && c->ctx == ctx) {
			kbpf_checked_add(cr, (unsigned long)ctx, c->size,
					 KBPF_CHECKED_CTX, c->rdonly);
			for (i = 0; i < c->nr_more; i++)
				kbpf_checked_add(cr, c->more[i].start,
						 c->more[i].end - c->more[i].start,
						 KBPF_CHECKED_CTX,
						 c->more[i].rdonly);
			found = true;
			break;
		}
	}
	spin_unlock_irqrestore(&kbpf_checked_ctx_lock, flags);
unlisted:
	/* A ctx whose size the type fixes (a kprobe's pt_regs), read-only. */
	if (!found && ctx && prog->ops && prog->ops->ctx_size)
		kbpf_checked_add(cr, (unsigned long)ctx, prog->ops->ctx_size,
				 KBPF_CHECKED_CTX, true);
	kbpf_checked_enter_prog(cr, prog);
}

void kbpf_checked_end(struct kbpf_checked_run *cr)
{
	if (cr->regions != cr->inline_regions)
		kfree(cr->regions);
}

/* Whether [a, a + size) lies in the live frames of one of the stacks. */
static bool kbpf_checked_in_stack(const struct kbpf_checked_stack *stack,
				  unsigned long a, u64 size)
{
	for (; stack; stack = stack->outer)
		if (a >= stack->lo && size <= stack->hi - stack->lo &&
		    a - stack->lo <= stack->hi - stack->lo - size)
			return true;
	return false;
}

/* The region starting nearest below @a, a page away at most: for reports. */
static const struct kbpf_checked_region *
kbpf_checked_nearest(const struct kbpf_checked_run *cr, unsigned long a)
{
	const struct kbpf_checked_region *best = NULL;
	u32 i;

	for (i = 0; i < cr->nr; i++) {
		const struct kbpf_checked_region *r = &cr->regions[i];

		if (r->start <= a && a - r->start < PAGE_SIZE &&
		    (!best || r->start > best->start))
			best = r;
	}
	return best;
}

static long kbpf_checked_insn_idx(const struct kbpf_checked_run *cr,
				  const struct kbpf_insn *insn)
{
	const struct kbpf_prog *p = cr->cur;

	if (insn && p && insn >= p->insns && insn < p->insns + p->len)
		return insn - p->insns;
	return -1;
}

static void kbpf_checked_refuse(const struct kbpf_checked_run *cr,
				const struct kbpf_insn *insn, const char *what,
				unsigned long a, u64 size, bool write)
{
	const struct kbpf_checked_region *r = kbpf_checked_nearest(cr, a);
	const struct kbpf_prog *p = cr->cur;

	atomic_long_inc(&kbpf_checked_violations);
	pr_err_ratelimited("checked: prog '%s' tag %*phN insn %ld (code %#04x off %d imm %d): %s%s of %llu bytes in no region that allows it%s%s%s%s\n",
			   p->name, KBPF_TAG_SIZE, p->tag,
			   kbpf_checked_insn_idx(cr, insn),
			   insn ? insn->code : 0, insn ? insn->off : 0,
			   insn ? insn->imm : 0, what,
			   write ? "store" : "load", size,
			   r ? " (nearest below: " : "",
			   r ? kbpf_checked_kind_names[r->kind] : "",
			   r ? (r->rdonly ? ", read-only" : "") : "",
			   r ? ")" : "");
	if (r)
		pr_err_ratelimited("checked: access at +%lu of that region of %lu bytes\n",
				   a - r->start, r->end - r->start);
}

static bool kbpf_checked_allowed(const struct kbpf_checked_run *cr,
				 const struct kbpf_checked_stack *stack,
				 unsigned long a, u64 size, bool write)
{
	u32 i;

	if (kbpf_checked_in_stack(stack, a, size))
		return true;
	for (i = 0; i < cr->nr; i++) {
		const struct kbpf_checked_region *r = &cr->regions[i];

		if (a >= r->start && size <= r->end - r->start &&
		    a - r->start <= r->end - r->start - size)
			return !write || !r->rdonly;
	}
	return cr->overflow;
}

bool kbpf_checked_access(struct kbpf_checked_run *cr,
			 const struct kbpf_checked_stack *stack,
			 const struct kbpf_insn *insn, const void *addr,
			 u64 size, bool write)
{
	unsigned long a = (unsigned long)addr;

	if (kbpf_checked_allowed(cr, stack, a, size, write))
		return true;
	kbpf_checked_refuse(cr, insn, "", a, size, write);
	return false;
}

/*
 * A tail call at @insn is about to enter @prog. True iff @prog may run
 * on the run's ctx as Linux's __bpf_prog_map_compatible() decides (the
 * type and expected attach type of the program the run started with)
 * and is not sleepable: then @prog is entered. False is a violation,
 * reported, and the interpreter stops the run.
 */
bool kbpf_checked_tail_call(struct kbpf_checked_run *cr,
			    const struct kbpf_insn *insn,
			    const struct kbpf_prog *prog)
{
	const struct kbpf_prog *first;

	if (!cr)
		return true;
	first = cr->prog;
	if (prog->type == first->type &&
	    prog->expected_attach_type == first->expected_attach_type &&
	    !prog->sleepable) {
		kbpf_checked_enter_prog(cr, prog);
		return true;
	}
	atomic_long_inc(&kbpf_checked_violations);
	pr_err_ratelimited("checked: prog '%s' tag %*phN insn %ld: tail call into prog '%s' tag %*phN (type %u, attach type %u%s), incompatible with the run's prog '%s' (type %u, attach type %u)\n",
			   cr->cur->name, KBPF_TAG_SIZE, cr->cur->tag,
			   kbpf_checked_insn_idx(cr, insn), prog->name,
			   KBPF_TAG_SIZE, prog->tag, prog->type,
			   prog->expected_attach_type,
			   prog->sleepable ? ", sleepable" : "", first->name,
			   first->type, first->expected_attach_type);
	return false;
}

/* The program of the run whose instructions hold @insn, NULL if none. */
static const struct kbpf_prog *
kbpf_checked_prog_of(const struct kbpf_checked_run *cr,
		     const struct kbpf_insn *insn)
{
	u32 i;

	for (i = 0; i < cr->nr_progs; i++) {
		const struct kbpf_prog *p = cr->progs[i];

		if (insn >= p->insns && insn < p->insns + p->len)
			return p;
	}
	return NULL;
}

/* Whether a KBPF_PSEUDO_FUNC ld_imm64 of @prog loads @entry. */
static bool kbpf_checked_names_callback(const struct kbpf_prog *prog,
					const struct kbpf_insn *entry)
{
	unsigned long want = (unsigned long)entry;
	u32 i;

	for (i = 0; i + 1 < prog->len; i++) {
		const struct kbpf_insn *in = &prog->insns[i];

		if (in->code != (KBPF_LD | KBPF_IMM | KBPF_DW))
			continue;
		if (in->src_reg == KBPF_PSEUDO_FUNC &&
		    ((u64)(u32)in[0].imm | (u64)(u32)in[1].imm << 32) == want)
			return true;
		i++;
	}
	return false;
}

/*
 * Whether the helper being called (cr->call) may enter a callback at
 * @entry. The loader resolved each PSEUDO_FUNC load to the address of
 * its target, which the structural checks made a subprogram's first
 * instruction, the one the verifier walks the callback from. @entry is
 * only compared, never read: it may point anywhere.
 */
static bool kbpf_checked_callback_ok(struct kbpf_checked_run *cr,
				     const struct kbpf_insn *entry)
{
	const struct kbpf_prog *prog = kbpf_checked_prog_of(cr, cr->call);

	if (prog && entry == cr->cb_ok && prog == cr->cb_prog)
		return true;
	if (!prog || entry < prog->insns || entry >= prog->insns + prog->len ||
	    !kbpf_checked_names_callback(prog, entry)) {
		const struct kbpf_prog *p = prog ? prog : cr->cur;

		atomic_long_inc(&kbpf_checked_violations);
		/* Entry -1: outside the calling program altogether. */
		pr_err_ratelimited("checked: prog '%s' tag %*phN insn %ld: callback entry at insn %ld is no subprogram a PSEUDO_FUNC load of the program names\n",
				   p->name, KBPF_TAG_SIZE, p->tag,
				   prog ? (long)(cr->call - prog->insns) : -1L,
				   prog && entry >= prog->insns &&
				   entry < prog->insns + prog->len ?
				   (long)(entry - prog->insns) : -1L);
		return false;
	}
	cr->cb_ok = entry;
	cr->cb_prog = prog;
	return true;
}

/* The map of a helper's CONST_MAP_PTR argument, NULL if none. */
static const struct kbpf_map *
kbpf_checked_arg_map(const struct kbpf_helper_proto *proto, const u64 *regs)
{
	int i;

	for (i = 0; i < 5; i++)
		if (proto->arg_type[i] == KBPF_ARG_CONST_MAP_PTR)
			return (const struct kbpf_map *)(unsigned long)regs[i + 1];
	return NULL;
}

/* The memory a helper argument of @type names, or size 0. */
static u64 kbpf_checked_arg_size(const struct kbpf_helper_proto *proto,
				 const struct kbpf_map *map, const u64 *regs,
				 int i, bool *write)
{
	*write = false;
	switch (proto->arg_type[i]) {
	case KBPF_ARG_PTR_TO_MAP_KEY:
		return map ? map->key_size : 0;
	case KBPF_ARG_PTR_TO_MAP_VALUE:
		return map ? map->value_size : 0;
	case KBPF_ARG_PTR_TO_UNINIT_MEM:
	case KBPF_ARG_PTR_TO_OUT_MEM_OR_NULL:
		*write = true;
		fallthrough;
	case KBPF_ARG_PTR_TO_MEM:
	case KBPF_ARG_PTR_TO_MEM_OR_NULL:
		return i < 4 ? (u32)regs[i + 2] : 0;
	case KBPF_ARG_PTR_TO_LONG:
		*write = true;
		return sizeof(u64);
	case KBPF_ARG_PTR_TO_CONST_STR:
		return 1;
	default:
		return 0;
	}
}

/* A ringbuf dynptr on a frame's stack is being released: its data too. */
static void kbpf_checked_release_dynptr(struct kbpf_checked_run *cr,
					const struct kbpf_checked_stack *stack,
					u64 arg)
{
	const struct kbpf_dynptr_kern *p = (void *)(unsigned long)arg;
	unsigned long data;

	if (!kbpf_checked_in_stack(stack, arg, sizeof(*p)))
		return;
	data = (unsigned long)p->data;
	if (data)
		kbpf_checked_forget(cr, data,
				    data + (p->size & KBPF_DYNPTR_SIZE_MASK) + 1,
				    KBPF_CHECKED_DYNPTR);
}

/*
 * Before helper @id at @insn runs: checks its memory arguments, drops
 * the regions it releases, and notes the call (for its callbacks' entry)
 * and the map whose elements its callback will get; @saved keeps what
 * kbpf_checked_call_end() restores. False refuses the call.
 */
bool kbpf_checked_call_begin(struct kbpf_checked_run *cr,
			     const struct kbpf_checked_stack *stack,
			     const struct kbpf_insn *insn, u32 id,
			     const u64 *regs, struct kbpf_checked_call *saved)
{
	const struct kbpf_helper_proto *proto;
	const struct kbpf_map *map;
	char what[48];
	bool write;
	u64 size;
	int i;

	saved->visit = NULL;
	saved->call = NULL;
	if (!cr)
		return true;
	saved->visit = cr->visit;
	saved->call = cr->call;
	cr->visit = NULL;
	cr->call = insn;
	proto = kbpf_helper_proto(id);
	if (!proto)
		return true;
	map = kbpf_checked_arg_map(proto, regs);
	for (i = 0; i < 5; i++) {
		unsigned long a = regs[i + 1];

		switch (proto->arg_type[i]) {
		case KBPF_ARG_PTR_TO_RINGBUF_MEM:
			kbpf_checked_forget(cr, a, a + 1, KBPF_CHECKED_RINGBUF);
			continue;
		case KBPF_ARG_PTR_TO_DYNPTR_RINGBUF:
			kbpf_checked_release_dynptr(cr, stack, a);
			continue;
		case KBPF_ARG_PTR_TO_MEM_OR_NULL:
		case KBPF_ARG_PTR_TO_OUT_MEM_OR_NULL:
			/* NULL goes with a zero size only. */
			if (!a && !kbpf_checked_arg_size(proto, map, regs, i,
							 &write))
				continue;
			break;
		default:
			break;
		}
		size = kbpf_checked_arg_size(proto, map, regs, i, &write);
		if (!size ||
		    kbpf_checked_allowed(cr, stack, a, size, write))
			continue;
		snprintf(what, sizeof(what), "helper %s arg %d ", proto->name,
			 i + 1);
		kbpf_checked_refuse(cr, insn, what, a, size, write);
		return false;
	}
	if (proto->walks_map)
		cr->visit = map;
	return true;
}

/* After helper @id returned regs[0]: the memory it handed out. */
void kbpf_checked_call_end(struct kbpf_checked_run *cr, u32 id,
			   const u64 *regs,
			   const struct kbpf_checked_call *saved)
{
	const struct kbpf_helper_proto *proto;
	const struct kbpf_map *map;
	unsigned long r0 = regs[0];

	if (!cr)
		return;
	cr->visit = saved->visit;
	cr->call = saved->call;
	proto = kbpf_helper_proto(id);
	if (!proto || !r0)
		return;
	switch (proto->ret_type) {
	case KBPF_RET_PTR_TO_MAP_VALUE_OR_NULL:
		map = kbpf_checked_arg_map(proto, regs);
		if (map)
			kbpf_checked_add(cr, r0, map->value_size,
					 KBPF_CHECKED_MAP_VALUE,
					 kbpf_checked_map_rdonly(map));
		break;
	case KBPF_RET_PTR_TO_RINGBUF_MEM_OR_NULL:
		kbpf_checked_add(cr, r0, regs[2], KBPF_CHECKED_RINGBUF, false);
		break;
	case KBPF_RET_PTR_TO_DYNPTR_MEM_OR_NULL:
		kbpf_checked_add(cr, r0, (u32)regs[3], KBPF_CHECKED_DYNPTR,
				 false);
		break;
	default:
		break;
	}
}

/*
 * A callback is about to be entered at @entry with r1-r5: false (a
 * violation, reported) if @entry is not where the verifier walked a
 * callback of the calling program from; then the run must stop. Under
 * bpf_for_each_map_elem(), r2 is the key and r3 the value of the
 * element: *@key is the key to drop when the callback leaves (it lives
 * in the helper's frame), or 0.
 */
bool kbpf_checked_callback_enter(struct kbpf_checked_run *cr,
				 const struct kbpf_insn *entry, u64 r2, u64 r3,
				 unsigned long *key)
{
	const struct kbpf_map *map;

	*key = 0;
	if (!cr)
		return true;
	if (!kbpf_checked_callback_ok(cr, entry))
		return false;
	map = cr->visit;
	if (!map)
		return true;
	kbpf_checked_add(cr, r3, map->value_size, KBPF_CHECKED_MAP_VALUE,
			 kbpf_checked_map_rdonly(map));
	kbpf_checked_add(cr, r2, map->key_size, KBPF_CHECKED_MAP_KEY, true);
	*key = r2;
	return true;
}

void kbpf_checked_callback_leave(struct kbpf_checked_run *cr,
				 unsigned long key)
{
	if (cr && key)
		kbpf_checked_forget(cr, key, key + 1, KBPF_CHECKED_MAP_KEY);
}
