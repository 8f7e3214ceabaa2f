// SPDX-License-Identifier: GPL-2.0
/*
 * Paths and pruning. The walk follows one path at a time; a conditional
 * jump whose outcome is unknown pushes the other side as a pending path.
 * At prune points the current state is compared with states stored there
 * earlier: if a stored state whose every continuation was proven safe
 * admits every concrete state the current one does, the current path is
 * safe too and ends.
 *
 * Stored states are the parents of the paths that pass them: @branches
 * counts the paths below a stored state still being walked. Only a state
 * with no branches left is complete and may prune; an incomplete one that
 * the current state equals exactly is a loop that never ends.
 */

#include <linux/slab.h>
#include <linux/string.h>

#include "../map/map.h"
#include "env.h"

#define KBPF_MAX_PENDING	8192

/* Every stored state holds frames: keep them in the 1 KiB kmalloc cache. */
static_assert(sizeof(struct kbpf_func_state) <= 1024);

struct kbpf_func_state *kbpf_frame_alloc(void)
{
	return kzalloc(sizeof(struct kbpf_func_state), GFP_KERNEL_ACCOUNT);
}

void kbpf_frame_free(struct kbpf_func_state *f)
{
	if (!f)
		return;
	kfree(f->stack);
	kfree(f);
}

/* @f has at least @slots stack slots, the new ones never written. */
int kbpf_stack_grow(struct kbpf_func_state *f, u32 slots)
{
	struct kbpf_stack_slot *stack;

	if (slots <= f->stack_slots)
		return 0;
	if (WARN_ON_ONCE(slots > KBPF_STACK_SLOTS))
		return -EFAULT;
	stack = krealloc_array(f->stack, slots, sizeof(*stack),
			       GFP_KERNEL_ACCOUNT);
	if (!stack)
		return -ENOMEM;
	memset(&stack[f->stack_slots], 0,
	       (slots - f->stack_slots) * sizeof(*stack));
	f->stack = stack;
	f->stack_slots = slots;
	return 0;
}

struct kbpf_vstate *kbpf_state_alloc(void)
{
	return kzalloc(sizeof(struct kbpf_vstate), GFP_KERNEL_ACCOUNT);
}

static void kbpf_state_free_frames(struct kbpf_vstate *st, u32 from)
{
	u32 i;

	for (i = from; i < ARRAY_SIZE(st->frame); i++) {
		kbpf_frame_free(st->frame[i]);
		st->frame[i] = NULL;
	}
}

void kbpf_state_free(struct kbpf_vstate *st)
{
	if (!st)
		return;
	kbpf_state_free_frames(st, 0);
	kfree(st->refs);
	kfree(st);
}

/* @dst (allocated, its stack its own) becomes a copy of @src. */
static int kbpf_frame_copy(struct kbpf_func_state *dst,
			   const struct kbpf_func_state *src)
{
	struct kbpf_stack_slot *stack = dst->stack;

	if (src->stack_slots > dst->stack_slots) {
		stack = krealloc_array(stack, src->stack_slots,
				       sizeof(*stack), GFP_KERNEL_ACCOUNT);
		if (!stack)
			return -ENOMEM;
	}
	*dst = *src;
	dst->stack = stack;
	if (src->stack_slots)
		memcpy(stack, src->stack, src->stack_slots * sizeof(*stack));
	return 0;
}

/* @dst becomes a copy of @src, frames included; @dst's parent is @src's. */
int kbpf_state_copy(struct kbpf_vstate *dst, const struct kbpf_vstate *src)
{
	struct kbpf_ref_state *refs;
	u32 i;
	int err;

	kbpf_state_free_frames(dst, src->curframe + 1);
	for (i = 0; i <= src->curframe; i++) {
		if (!dst->frame[i]) {
			dst->frame[i] = kbpf_frame_alloc();
			if (!dst->frame[i])
				return -ENOMEM;
		}
		err = kbpf_frame_copy(dst->frame[i], src->frame[i]);
		if (err)
			return err;
	}
	dst->curframe = src->curframe;
	if (src->ref_cnt) {
		refs = krealloc_array(dst->refs, src->ref_cnt, sizeof(*refs),
				      GFP_KERNEL_ACCOUNT);
		if (!refs)
			return -ENOMEM;
		memcpy(refs, src->refs, src->ref_cnt * sizeof(*refs));
		dst->refs = refs;
	}
	dst->ref_cnt = src->ref_cnt;
	dst->parent = src->parent;
	dst->branches = 0;
	dst->insn_idx = src->insn_idx;
	dst->speculative = src->speculative;
	return 0;
}

static struct kbpf_vstate *kbpf_state_dup(const struct kbpf_vstate *src)
{
	struct kbpf_vstate *st = kbpf_state_alloc();

	if (st && kbpf_state_copy(st, src)) {
		kbpf_state_free(st);
		st = NULL;
	}
	return st;
}

/*
 * Queue a copy of the current state to be walked from @insn_idx later;
 * *@out is the copy, for the caller to adjust (branch refinement).
 */
int kbpf_push_pending(struct kbpf_verifier_env *env, u32 insn_idx,
		      u32 prev_idx, struct kbpf_vstate **out)
{
	struct kbpf_pending *p;

	/* Linux counts the push that overflows: "8193 jumps" */
	if (env->pending_cnt >= KBPF_MAX_PENDING) {
		kbpf_verbose(env, "The sequence of %d jumps is too complex.\n",
			     env->pending_cnt + 1);
		return -E2BIG;
	}
	p = kmalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return -ENOMEM;
	p->state = kbpf_state_dup(env->cur);
	if (!p->state) {
		kfree(p);
		return -ENOMEM;
	}
	p->state->insn_idx = insn_idx;
	p->prev_idx = prev_idx;
	p->log_pos = env->log.end_pos;
	p->next = env->pending;
	env->pending = p;
	env->pending_cnt++;
	if (env->cur->parent)
		env->cur->parent->branches++;
	*out = p->state;
	return 0;
}

/*
 * The current path is finished (exit, pruned or impossible): its stored
 * ancestors have one branch fewer each, up to the first still in use.
 */
void kbpf_path_done(struct kbpf_verifier_env *env)
{
	struct kbpf_vstate *st;

	for (st = env->cur->parent; st; st = st->parent) {
		if (WARN_ON_ONCE(!st->branches))
			break;
		if (--st->branches)
			break;
	}
	env->cur->parent = NULL;
}

/* Switch to the next pending path: 0, or -ENOENT when none is left. */
int kbpf_pop_pending(struct kbpf_verifier_env *env)
{
	struct kbpf_pending *p = env->pending;

	if (!p)
		return -ENOENT;
	env->pending = p->next;
	env->pending_cnt--;
	kbpf_state_free(env->cur);
	env->cur = p->state;
	env->prev_insn_idx = p->prev_idx;
	/* Below level 2 the log holds the current path only, as Linux's. */
	if (!(env->log.level & KBPF_LOG_LEVEL2))
		kbpf_log_reset(&env->log, p->log_pos);
	kfree(p);
	return 0;
}

u32 kbpf_subprog_of(const struct kbpf_verifier_env *env, u32 insn_idx)
{
	u32 lo = 0, hi = env->subprog_cnt;

	/* The last start <= insn_idx; subprog_starts is sorted. */
	while (hi - lo > 1) {
		u32 mid = (lo + hi) / 2;

		if (env->subprog_starts[mid] <= insn_idx)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * IDs of the old state paired with IDs of the current one: a state only
 * admits another if its ids can be renamed consistently onto the other's.
 */
struct kbpf_idmap {
	u32 cnt;
	struct {
		u32 old, cur;
	} map[KBPF_REG_CNT * 8 + KBPF_STACK_SLOTS * 8 + KBPF_MAX_REFS];
};

static bool kbpf_check_ids(struct kbpf_idmap *idmap, u32 old, u32 cur)
{
	u32 i;

	if (!old)
		return true;
	if (!cur)
		return false;
	for (i = 0; i < idmap->cnt; i++) {
		if (idmap->map[i].old == old)
			return idmap->map[i].cur == cur;
		if (idmap->map[i].cur == cur)
			return false;
	}
	if (WARN_ON_ONCE(idmap->cnt >= ARRAY_SIZE(idmap->map)))
		return false;
	idmap->map[idmap->cnt].old = old;
	idmap->map[idmap->cnt].cur = cur;
	idmap->cnt++;
	return true;
}

/* A scalar id only links copies; an old id unseen elsewhere is harmless. */
static bool kbpf_check_scalar_ids(struct kbpf_idmap *idmap, u32 old, u32 cur)
{
	if (!old)
		return true;
	if (!cur)
		cur = U32_MAX - idmap->cnt;	/* unique, never matches twice */
	return kbpf_check_ids(idmap, old, cur);
}

static bool kbpf_bounds_equal(const struct kbpf_reg_state *a,
			      const struct kbpf_reg_state *b)
{
	return a->var_off.value == b->var_off.value &&
	       a->var_off.mask == b->var_off.mask &&
	       a->smin_value == b->smin_value &&
	       a->smax_value == b->smax_value &&
	       a->umin_value == b->umin_value &&
	       a->umax_value == b->umax_value &&
	       a->s32_min_value == b->s32_min_value &&
	       a->s32_max_value == b->s32_max_value &&
	       a->u32_min_value == b->u32_min_value &&
	       a->u32_max_value == b->u32_max_value;
}

/*
 * Every concrete value @cur may hold, @old may hold (or equal, @exact).
 * Scalars must be equal while Spectre masks may differ by path
 * (env->explore_alu_limits, as Linux), and whenever the Spectre rules
 * apply: a narrower scalar may decide a branch the wider one left open,
 * and the speculative walk of its other side (spectre.c) is then one
 * that @old never had.
 */
static bool kbpf_regsafe(const struct kbpf_verifier_env *env,
			 const struct kbpf_reg_state *old,
			 const struct kbpf_reg_state *cur,
			 struct kbpf_idmap *idmap, bool exact)
{
	if (exact)
		return old->type == cur->type &&
		       old->off == cur->off &&
		       kbpf_bounds_equal(old, cur) &&
		       kbpf_check_ids(idmap, old->id, cur->id) &&
		       kbpf_check_ids(idmap, old->ref_obj_id, cur->ref_obj_id) &&
		       old->frameno == cur->frameno &&
		       old->map_ptr == cur->map_ptr;

	if (old->type == KBPF_NOT_INIT)
		return true;
	if (old->type != cur->type)
		return false;

	switch (kbpf_base_type(old->type)) {
	case KBPF_SCALAR_VALUE:
		if (env->explore_alu_limits || !env->bypass_spec_v1)
			return kbpf_bounds_equal(old, cur) &&
			       kbpf_check_scalar_ids(idmap, old->id, cur->id);
		return kbpf_scalar_range_within(old, cur) &&
		       kbpf_check_scalar_ids(idmap, old->id, cur->id);
	case KBPF_PTR_TO_CTX:
	case KBPF_CONST_PTR_TO_MAP:
	case KBPF_PTR_TO_MAP_KEY:
	case KBPF_PTR_TO_MAP_VALUE:
	case KBPF_PTR_TO_STACK:
	case KBPF_PTR_TO_MEM:
		if (old->off != cur->off || old->frameno != cur->frameno)
			return false;
		if (kbpf_base_type(old->type) == KBPF_PTR_TO_MEM) {
			if (old->mem_size != cur->mem_size)
				return false;
		} else if (old->map_ptr != cur->map_ptr) {
			return false;
		}
		return kbpf_scalar_range_within(old, cur) &&
		       kbpf_check_ids(idmap, old->id, cur->id) &&
		       kbpf_check_ids(idmap, old->ref_obj_id, cur->ref_obj_id);
	/*
	 * Pointers a helper takes only as they were made: an offset one
	 * path gave them is refused there, so the offsets must be equal,
	 * as Linux's regs_exact().
	 */
	case KBPF_PTR_TO_FUNC:
		return old->subprog == cur->subprog && old->off == cur->off &&
		       kbpf_bounds_equal(old, cur);
	case KBPF_CONST_PTR_TO_DYNPTR:
		return old->dynptr.type == cur->dynptr.type &&
		       old->off == cur->off && kbpf_bounds_equal(old, cur) &&
		       kbpf_check_ids(idmap, old->ref_obj_id, cur->ref_obj_id);
	default:
		return false;
	}
}

static bool kbpf_byte_safe(const struct kbpf_verifier_env *env, u8 old,
			   u8 cur, const struct kbpf_stack_slot *cur_slot)
{
	if (old == KBPF_STACK_INVALID)
		return true;
	if (old == KBPF_STACK_MISC) {
		if (cur == KBPF_STACK_MISC || cur == KBPF_STACK_ZERO)
			return true;
		if (cur == KBPF_STACK_INVALID)
			return env->allow_uninit_stack;
		return cur == KBPF_STACK_SPILL &&
		       cur_slot->spilled.type == KBPF_SCALAR_VALUE;
	}
	return old == cur;
}

static bool kbpf_stacksafe(const struct kbpf_verifier_env *env,
			   const struct kbpf_func_state *old,
			   const struct kbpf_func_state *cur,
			   struct kbpf_idmap *idmap, bool exact)
{
	static const struct kbpf_stack_slot unwritten;
	u32 i, j, n;

	/*
	 * A slot past @old's is unwritten there and admits anything; past
	 * @cur's it is unwritten in @cur.
	 */
	n = exact ? max(old->stack_slots, cur->stack_slots) : old->stack_slots;
	for (i = 0; i < n; i++) {
		const struct kbpf_stack_slot *os = i < old->stack_slots ?
						   &old->stack[i] : &unwritten;
		const struct kbpf_stack_slot *cs = i < cur->stack_slots ?
						   &cur->stack[i] : &unwritten;
		bool spill = false, dynptr = false;

		for (j = 0; j < KBPF_REG_SIZE; j++) {
			if (exact ? os->type[j] != cs->type[j] :
			    !kbpf_byte_safe(env, os->type[j], cs->type[j], cs))
				return false;
			spill |= os->type[j] == KBPF_STACK_SPILL &&
				 cs->type[j] == KBPF_STACK_SPILL;
			dynptr |= os->type[j] == KBPF_STACK_DYNPTR;
		}
		if (dynptr) {
			if (os->spilled.dynptr.type != cs->spilled.dynptr.type ||
			    os->spilled.dynptr.first_slot !=
			    cs->spilled.dynptr.first_slot ||
			    !kbpf_check_ids(idmap, os->spilled.ref_obj_id,
					    cs->spilled.ref_obj_id))
				return false;
			continue;
		}
		/* A slot all MISC in old admits a scalar spill in cur. */
		if (spill && os->type[0] == KBPF_STACK_SPILL &&
		    !kbpf_regsafe(env, &os->spilled, &cs->spilled, idmap,
				  exact))
			return false;
	}
	return true;
}

static bool kbpf_refsafe(const struct kbpf_vstate *old,
			 const struct kbpf_vstate *cur,
			 struct kbpf_idmap *idmap)
{
	u32 i;

	if (old->ref_cnt != cur->ref_cnt)
		return false;
	for (i = 0; i < old->ref_cnt; i++)
		if (!kbpf_check_ids(idmap, old->refs[i].id, cur->refs[i].id))
			return false;
	return true;
}

/* The registers read after the call in frame @fr resumes (or now). */
static u16 kbpf_frame_live_regs(const struct kbpf_verifier_env *env,
				const struct kbpf_vstate *st, u32 fr,
				u32 insn_idx)
{
	if (fr == st->curframe)
		return env->aux[insn_idx].live_regs;
	/* r0-r5 are written by the return; liveness there covers r6-r9. */
	return env->aux[st->frame[fr + 1]->callsite + 1].live_regs;
}

/* The registers whose values may still decide something; as above. */
static u16 kbpf_frame_demand_regs(const struct kbpf_verifier_env *env,
				  const struct kbpf_vstate *st, u32 fr,
				  u32 insn_idx)
{
	if (fr == st->curframe)
		return env->aux[insn_idx].demand_regs;
	return env->aux[st->frame[fr + 1]->callsite + 1].demand_regs;
}

/*
 * Two scalars in a register no later decision reads (liveness.c's
 * demand) are equivalent whatever their ranges, as Linux's imprecise
 * scalars are.
 */
static bool kbpf_scalars_undemanded(const struct kbpf_verifier_env *env,
				    const struct kbpf_reg_state *old,
				    const struct kbpf_reg_state *cur,
				    u16 demand, u32 regno)
{
	return !env->explore_alu_limits && !(demand & BIT(regno)) &&
	       old->type == KBPF_SCALAR_VALUE &&
	       cur->type == KBPF_SCALAR_VALUE;
}

static bool kbpf_states_equal(struct kbpf_verifier_env *env,
			      const struct kbpf_vstate *old,
			      const struct kbpf_vstate *cur, u32 insn_idx,
			      bool exact)
{
	struct kbpf_idmap *idmap;
	bool ret = false;
	u32 fr, r;

	if (old->curframe != cur->curframe)
		return false;
	/* What the CPU may do by mistake never covers what it must do. */
	if (old->speculative && !cur->speculative)
		return false;
	for (fr = 0; fr <= old->curframe; fr++)
		if (old->frame[fr]->callsite != cur->frame[fr]->callsite)
			return false;

	/* One map per verification, emptied for each comparison. */
	if (!env->idmap) {
		env->idmap = kmalloc(sizeof(*env->idmap), GFP_KERNEL_ACCOUNT);
		if (!env->idmap)
			return false;
	}
	idmap = env->idmap;
	idmap->cnt = 0;
	for (fr = 0; fr <= old->curframe; fr++) {
		const struct kbpf_func_state *of = old->frame[fr];
		const struct kbpf_func_state *cf = cur->frame[fr];
		u16 live = kbpf_frame_live_regs(env, old, fr, insn_idx);
		u16 demand = kbpf_frame_demand_regs(env, old, fr, insn_idx);

		for (r = 0; r < KBPF_REG_CNT; r++) {
			if (!exact && (!(live & BIT(r)) ||
				       kbpf_scalars_undemanded(env, &of->regs[r],
							       &cf->regs[r],
							       demand, r)))
				continue;
			if (!kbpf_regsafe(env, &of->regs[r], &cf->regs[r], idmap,
					  exact))
				goto out;
		}
		if (!kbpf_stacksafe(env, of, cf, idmap, exact))
			goto out;
	}
	ret = kbpf_refsafe(old, cur, idmap);
out:
	return ret;
}

static void kbpf_stored_free(struct kbpf_verifier_env *env,
			     struct kbpf_stored_state *sl)
{
	kbpf_state_free(sl->state);
	kfree(sl);
	env->cur_states--;
}

/*
 * At a prune point: 1 if the current path is covered by a complete
 * stored state (it ends), 0 to go on (having maybe stored the current
 * state as the new parent of the path), or an error.
 */
int kbpf_is_state_visited(struct kbpf_verifier_env *env, u32 insn_idx)
{
	struct kbpf_stored_state *sl, **pprev;
	struct kbpf_vstate *cur = env->cur;
	bool add_new = env->aux[insn_idx].force_checkpoint;
	u32 states_here = 0;

	if (env->jmps_processed - env->prev_jmps_processed >= 2 &&
	    env->insn_processed - env->prev_insn_processed >= 8)
		add_new = true;

	pprev = &env->explored[insn_idx];
	while ((sl = *pprev)) {
		states_here++;
		if (sl->state->branches) {
			if (kbpf_states_equal(env, sl->state, cur, insn_idx,
					      true)) {
				kbpf_verbose(env, "infinite loop detected at insn %d\n",
					     insn_idx);
				return -EINVAL;
			}
			/* Inside a loop: store less often. */
			if (!env->aux[insn_idx].force_checkpoint &&
			    env->jmps_processed - env->prev_jmps_processed < 20 &&
			    env->insn_processed - env->prev_insn_processed < 100)
				add_new = false;
		} else if (kbpf_states_equal(env, sl->state, cur, insn_idx,
					     false)) {
			sl->hit_cnt++;
			return 1;
		}
		/*
		 * A state that keeps failing to prune only costs time. Misses
		 * count only when a new state is stored, so that a long loop
		 * keeps some of its early iterations.
		 */
		if (add_new)
			sl->miss_cnt++;
		if (sl->miss_cnt > sl->hit_cnt * 3 + 3) {
			*pprev = sl->next;
			if (sl->state->branches) {
				/*
				 * Still a parent, which only its @branches and
				 * @parent serve: frames and references go now,
				 * the rest at the end.
				 */
				kbpf_state_free_frames(sl->state, 0);
				kfree(sl->state->refs);
				sl->state->refs = NULL;
				sl->state->ref_cnt = 0;
				sl->next = env->evicted;
				env->evicted = sl;
			} else {
				kbpf_stored_free(env, sl);
			}
			continue;
		}
		pprev = &sl->next;
	}

	if (env->max_states_per_insn < states_here)
		env->max_states_per_insn = states_here;
	if (!add_new)
		return 0;

	sl = kzalloc(sizeof(*sl), GFP_KERNEL_ACCOUNT);
	if (!sl)
		return -ENOMEM;
	sl->state = kbpf_state_dup(cur);
	if (!sl->state) {
		kfree(sl);
		return -ENOMEM;
	}
	env->total_states++;
	env->cur_states++;
	if (env->peak_states < env->cur_states)
		env->peak_states = env->cur_states;
	env->prev_jmps_processed = env->jmps_processed;
	env->prev_insn_processed = env->insn_processed;

	/* The stored copy becomes the parent of the path going on. */
	sl->state->branches = 1;
	sl->state->parent = cur->parent;
	cur->parent = sl->state;
	sl->next = env->explored[insn_idx];
	env->explored[insn_idx] = sl;
	return 0;
}

void kbpf_free_explored(struct kbpf_verifier_env *env)
{
	struct kbpf_stored_state *sl, *next;
	struct kbpf_pending *p, *pn;
	u32 i;

	for (p = env->pending; p; p = pn) {
		pn = p->next;
		kbpf_state_free(p->state);
		kfree(p);
	}
	env->pending = NULL;
	kbpf_state_free(env->cur);
	env->cur = NULL;
	kfree(env->idmap);
	env->idmap = NULL;
	if (!env->explored)
		return;
	for (i = 0; i < env->prog->len; i++) {
		for (sl = env->explored[i]; sl; sl = next) {
			next = sl->next;
			kbpf_stored_free(env, sl);
		}
	}
	for (sl = env->evicted; sl; sl = next) {
		next = sl->next;
		kbpf_stored_free(env, sl);
	}
	env->evicted = NULL;
	kvfree(env->explored);
	env->explored = NULL;
}
