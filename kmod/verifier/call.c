// SPDX-License-Identifier: GPL-2.0
/*
 * Calls and exits: helper arguments and results from the helper table,
 * references (ringbuf records and ringbuf dynptrs) a path must release,
 * dynptr stack slots, bpf-to-bpf calls and callbacks.
 *
 * A callback may run any number of times, each run seeing what the
 * previous ones left in its callers' stacks. It is walked once, from a
 * state that admits all of those: the callers' stack data widened to
 * unknown scalars. Spilled pointers and dynptrs of the callers are kept,
 * and a callback may not overwrite them, nor put new ones where the
 * widened state holds data (mem.c), so what one run leaves is admitted by
 * the state the next run is checked from; references a callback did not
 * acquire it may not release. The
 * path where the callback never runs is walked too.
 */

#include <linux/kernel.h>
#include <linux/slab.h>

#include "../map/map.h"
#include "../prog/dynptr.h"
#include "../prog/helpers.h"
#include "../prog/printf.h"
#include "env.h"

#define KBPF_MAX_VAR_SIZ	(1 << 29)
#define KBPF_DYNPTR_SIZE	16

/* What the arguments of one helper call established. */
struct kbpf_call_meta {
	struct kbpf_map *map;
	u32 subprog;
	bool has_callback;
	u64 const_size;		/* CONST_ALLOC_SIZE_OR_ZERO */
	u32 release_ref;	/* reference the helper releases */
	int release_dynptr_reg;	/* register pointing at a released dynptr */
	int uninit_dynptr_reg;	/* register pointing at a dynptr to set up */
	u32 dynptr_ref;		/* reference of the dynptr argument */
	struct kbpf_reg_state args[5];	/* r1-r5 as passed */
};

static const char *kbpf_dynptr_type_str(u8 type)
{
	switch (type) {
	case KBPF_DYNPTR_TYPE_LOCAL:
		return "local";
	case KBPF_DYNPTR_TYPE_RINGBUF:
		return "ringbuf";
	default:
		return "<invalid>";
	}
}

/* ---- references ---- */

/* A new reference of the path in *@id; -EFAULT past KBPF_MAX_REFS. */
int kbpf_acquire_ref(struct kbpf_verifier_env *env, u32 insn_idx, u32 *id)
{
	struct kbpf_vstate *st = env->cur;
	struct kbpf_ref_state *refs;

	if (st->ref_cnt >= KBPF_MAX_REFS)
		return -EFAULT;
	refs = krealloc_array(st->refs, st->ref_cnt + 1, sizeof(*refs),
			      GFP_KERNEL_ACCOUNT);
	if (!refs)
		return -ENOMEM;
	st->refs = refs;
	*id = ++env->id_gen;
	st->refs[st->ref_cnt].id = *id;
	st->refs[st->ref_cnt].insn_idx = insn_idx;
	st->refs[st->ref_cnt].frameno = st->curframe;
	st->ref_cnt++;
	return 0;
}

/* Every register, spill and dynptr carrying @ref_obj_id is invalid now. */
void kbpf_release_ref_regs(struct kbpf_verifier_env *env, u32 ref_obj_id)
{
	struct kbpf_vstate *st = env->cur;
	struct kbpf_reg_state *reg;
	u32 fr, i, j;

	for (fr = 0; fr <= st->curframe; fr++) {
		struct kbpf_func_state *f = st->frame[fr];

		for (i = 0; i < KBPF_REG_CNT; i++) {
			reg = &f->regs[i];
			if (reg->type == KBPF_SCALAR_VALUE ||
			    reg->ref_obj_id != ref_obj_id)
				continue;
			if (env->allow_ptr_leaks)
				kbpf_reg_mark_unknown(reg);
			else
				kbpf_reg_mark_not_init(reg);
		}
		for (i = 0; i < f->stack_slots; i++) {
			struct kbpf_stack_slot *slot = &f->stack[i];

			reg = &slot->spilled;
			if (slot->type[0] == KBPF_STACK_DYNPTR &&
			    reg->ref_obj_id == ref_obj_id) {
				for (j = 0; j < KBPF_REG_SIZE; j++)
					slot->type[j] = KBPF_STACK_INVALID;
				kbpf_reg_mark_not_init(reg);
				continue;
			}
			if (slot->type[0] != KBPF_STACK_SPILL ||
			    reg->type == KBPF_SCALAR_VALUE ||
			    reg->ref_obj_id != ref_obj_id)
				continue;
			/* A spilled copy goes the way of a register copy. */
			if (env->allow_ptr_leaks)
				kbpf_reg_mark_unknown(reg);
			else
				kbpf_reg_mark_not_init(reg);
		}
	}
}

/* The innermost callback frame, or -1 outside callbacks. */
static int kbpf_callback_frame(const struct kbpf_vstate *st)
{
	int fr;

	for (fr = st->curframe; fr > 0; fr--)
		if (st->frame[fr]->in_callback)
			return fr;
	return -1;
}

bool kbpf_frame_under_callback(const struct kbpf_vstate *st, u32 frameno)
{
	int cb = kbpf_callback_frame(st);

	return cb >= 0 && frameno < cb;
}

int kbpf_release_ref(struct kbpf_verifier_env *env, u32 ref_obj_id)
{
	struct kbpf_vstate *st = env->cur;
	int cb = kbpf_callback_frame(st);
	u32 i;

	for (i = 0; i < st->ref_cnt; i++) {
		if (st->refs[i].id != ref_obj_id)
			continue;
		if (cb >= 0 && st->refs[i].frameno < cb)
			return -EINVAL;
		st->refs[i] = st->refs[--st->ref_cnt];
		kbpf_release_ref_regs(env, ref_obj_id);
		return 0;
	}
	return -EINVAL;
}

/* References the path still owns: at the program's or a callback's exit. */
int kbpf_check_ref_leak(struct kbpf_verifier_env *env, bool callback_exit)
{
	struct kbpf_vstate *st = env->cur;
	u32 i;

	for (i = 0; i < st->ref_cnt; i++) {
		if (callback_exit && st->refs[i].frameno < st->curframe)
			continue;
		kbpf_verbose(env, "Unreleased reference id=%u alloc_insn=%u\n",
			     st->refs[i].id, st->refs[i].insn_idx);
		return -EINVAL;
	}
	return 0;
}

/* ---- argument checks ---- */

static int kbpf_type_error(struct kbpf_verifier_env *env, u32 regno,
			   const char *expected)
{
	kbpf_verbose(env, "R%d type=%s expected=%s\n", regno,
		     kbpf_reg_type_str(kbpf_cur_regs(env->cur)[regno].type),
		     expected);
	return -EACCES;
}

static bool kbpf_is_mem_type(u32 type)
{
	switch (type) {
	case KBPF_PTR_TO_STACK:
	case KBPF_PTR_TO_MAP_KEY:
	case KBPF_PTR_TO_MAP_VALUE:
	case KBPF_PTR_TO_MEM:
	case KBPF_PTR_TO_MEM | KBPF_MEM_RINGBUF:
		return true;
	default:
		return false;
	}
}

#define KBPF_MEM_TYPES_STR \
	"fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_"

/*
 * The size in @regno of the memory in @regno - 1, whose argument kind is
 * @mem_type. As Linux's check_mem_size_reg(): the bytes checked are all
 * the size may be, so a NULL pointer passes only with a size that can
 * only be zero.
 */
static int kbpf_check_mem_size(struct kbpf_verifier_env *env, u32 regno,
			       bool zero_ok, u8 mem_type)
{
	struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];
	struct kbpf_reg_state *mem = reg - 1;
	enum kbpf_mem_use use;

	if (reg->smin_value < 0) {
		kbpf_verbose(env, "R%d min value is negative, either use unsigned or 'var &= const'\n",
			     regno);
		return -EACCES;
	}
	if (!reg->umin_value && !zero_ok) {
		kbpf_verbose(env, "R%d invalid zero-sized read: u64=[%lld,%lld]\n",
			     regno, reg->umin_value, reg->umax_value);
		return -EACCES;
	}
	if (reg->umax_value >= KBPF_MAX_VAR_SIZ) {
		kbpf_verbose(env, "R%d unbounded memory access, use 'var &= const' or 'if (var < const)'\n",
			     regno);
		return -EACCES;
	}
	if (mem->type == KBPF_SCALAR_VALUE) {
		if (zero_ok && !reg->umax_value &&
		    kbpf_tnum_equals_const(mem->var_off, 0))
			return 0;
		kbpf_verbose(env, "R%d type=%s expected=%s\n", regno - 1,
			     kbpf_reg_type_str(mem->type),
			     kbpf_reg_type_str(KBPF_PTR_TO_STACK));
		return -EACCES;
	}
	switch (mem_type) {
	case KBPF_ARG_PTR_TO_UNINIT_MEM:
		/* A helper given a variable size must find it all initialised. */
		use = kbpf_tnum_is_const(reg->var_off) ? KBPF_MEM_WRITE :
							 KBPF_MEM_CLOBBER;
		break;
	case KBPF_ARG_PTR_TO_OUT_MEM_OR_NULL:
		use = KBPF_MEM_CLOBBER;
		break;
	default:
		use = KBPF_MEM_READ;
		break;
	}
	return kbpf_check_helper_mem(env, regno - 1, reg->umax_value, use,
				     zero_ok);
}

static int kbpf_check_const_str(struct kbpf_verifier_env *env, u32 regno)
{
	struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];
	struct kbpf_map *map = reg->map_ptr;
	u64 addr;
	u32 off;
	int err;

	if (reg->type != KBPF_PTR_TO_MAP_VALUE)
		return kbpf_type_error(env, regno, "map_value");
	if (!(map->map_flags & KBPF_F_RDONLY_PROG) || !READ_ONCE(map->frozen)) {
		kbpf_verbose(env, "R%d does not point to a readonly map'\n",
			     regno);
		return -EACCES;
	}
	if (!kbpf_tnum_is_const(reg->var_off)) {
		kbpf_verbose(env, "R%d is not a constant address'\n", regno);
		return -EACCES;
	}
	if (!map->ops->direct_value_addr) {
		kbpf_verbose(env, "no direct value access support for this map type\n");
		return -EACCES;
	}
	err = kbpf_check_helper_mem(env, regno, 1, KBPF_MEM_READ, false);
	if (err)
		return err;
	off = reg->off + reg->var_off.value;
	err = map->ops->direct_value_addr(map, &addr, off);
	if (err) {
		kbpf_verbose(env, "direct value access on string failed\n");
		return err;
	}
	if (!memchr((const char *)(unsigned long)addr + off, 0,
		    map->value_size - off)) {
		kbpf_verbose(env, "string is not zero-terminated\n");
		return -EINVAL;
	}
	return 0;
}

/*
 * Linux's check_func_arg_reg_off(): memory a helper is given may sit at
 * any offset the memory checks allow, but any other pointer must reach
 * the helper as it was made, for the helper to see the object itself: a
 * callback's first instruction, a callback's dynptr, ctx, a map. What a
 * helper releases must be given by its start (@release). Every argument
 * kind other than those below takes memory types or scalars only.
 */
static int kbpf_check_arg_reg_off(struct kbpf_verifier_env *env, u32 regno,
				  bool release)
{
	const struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];

	if (release) {
		if (reg->off) {
			kbpf_verbose(env, "R%d must have zero offset when passed to release func or trusted arg to kfunc\n",
				     regno);
			return -EINVAL;
		}
		return kbpf_check_ptr_off_reg(env, reg, regno, false);
	}
	switch (reg->type) {
	case KBPF_SCALAR_VALUE:
	case KBPF_PTR_TO_STACK:
	case KBPF_PTR_TO_MAP_KEY:
	case KBPF_PTR_TO_MAP_VALUE:
	case KBPF_PTR_TO_MEM:
	case KBPF_PTR_TO_MEM | KBPF_MEM_RDONLY:
	case KBPF_PTR_TO_MEM | KBPF_MEM_RINGBUF:
		return 0;
	default:
		return kbpf_check_ptr_off_reg(env, reg, regno, false);
	}
}

/*
 * Linux's check_bpf_snprintf_call(): the data is an array of u64, and the
 * format (a constant string, checked as an argument) must take exactly
 * that many arguments, as the formatter will check at every run.
 */
static int kbpf_check_snprintf(struct kbpf_verifier_env *env,
			       const struct kbpf_call_meta *meta)
{
	const struct kbpf_reg_state *fmt = &meta->args[2];
	u64 data_len = meta->args[4].var_off.value;
	u32 off = fmt->off + fmt->var_off.value;
	u64 addr;
	int err;

	if (data_len % 8)
		return -EINVAL;
	if (fmt->map_ptr->ops->direct_value_addr(fmt->map_ptr, &addr, off)) {
		kbpf_verbose(env, "verifier bug\n");
		return -EFAULT;
	}
	err = kbpf_bprintf_check((const char *)(unsigned long)addr + off,
				 fmt->map_ptr->value_size - off,
				 min_t(u64, data_len / 8, U32_MAX));
	if (err)
		kbpf_verbose(env, "Invalid format string\n");
	return err;
}

/* The first (lower) stack slot of the dynptr @reg points at, or an error. */
static int kbpf_dynptr_slot(struct kbpf_verifier_env *env,
			    const struct kbpf_reg_state *reg)
{
	s32 off;

	if (!kbpf_tnum_is_const(reg->var_off)) {
		kbpf_verbose(env, "dynptr has to be at a constant offset\n");
		return -EINVAL;
	}
	off = reg->off + (s32)reg->var_off.value;
	if (off % KBPF_REG_SIZE || off > -KBPF_DYNPTR_SIZE) {
		kbpf_verbose(env, "cannot pass in dynptr at an offset=%d\n", off);
		return -EINVAL;
	}
	if (off < -KBPF_STACK_SIZE) {
		kbpf_verbose(env, "invalid write to stack R%d off=%d size=%d\n",
			     0, off, KBPF_DYNPTR_SIZE);
		return -EACCES;
	}
	return (-off - 1) / KBPF_REG_SIZE;
}

static bool kbpf_dynptr_valid(const struct kbpf_func_state *f, int slot)
{
	const struct kbpf_stack_slot *lo = &f->stack[slot];
	const struct kbpf_stack_slot *hi = &f->stack[slot - 1];

	return lo->type[0] == KBPF_STACK_DYNPTR && lo->spilled.dynptr.first_slot &&
	       hi->type[0] == KBPF_STACK_DYNPTR && !hi->spilled.dynptr.first_slot;
}

static int kbpf_check_dynptr_arg(struct kbpf_verifier_env *env, u32 regno,
				 u8 arg_type, struct kbpf_call_meta *meta)
{
	struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];
	bool uninit = arg_type == KBPF_ARG_PTR_TO_UNINIT_DYNPTR_LOCAL ||
		      arg_type == KBPF_ARG_PTR_TO_UNINIT_DYNPTR_RINGBUF;
	bool release = arg_type == KBPF_ARG_PTR_TO_DYNPTR_RINGBUF;
	struct kbpf_func_state *f;
	u8 type;
	int slot, err;

	if (reg->type != KBPF_PTR_TO_STACK &&
	    reg->type != KBPF_CONST_PTR_TO_DYNPTR)
		return kbpf_type_error(env, regno, "fp, dynptr_ptr");
	if (reg->type == KBPF_CONST_PTR_TO_DYNPTR) {
		/* The helper's own dynptr: only ever at its start. */
		err = kbpf_check_arg_reg_off(env, regno, release);
		if (err)
			return err;
		if (uninit) {
			kbpf_verbose(env, "cannot pass pointer to const bpf_dynptr, the helper mutates it\n");
			return -EINVAL;
		}
		if (release) {
			kbpf_verbose(env, "cannot release unowned const bpf_dynptr\n");
			return -EINVAL;
		}
		meta->dynptr_ref = reg->ref_obj_id;
		return 0;
	}

	slot = kbpf_dynptr_slot(env, reg);
	if (slot < 0)
		return slot;
	f = kbpf_reg_frame(env, reg);
	if (uninit) {
		err = kbpf_callback_spill_ok(env, f);
		if (err)
			return err;
	}
	if (env->subprog_stack_depth[f->subprog] < (slot + 1) * KBPF_REG_SIZE)
		env->subprog_stack_depth[f->subprog] = (slot + 1) * KBPF_REG_SIZE;
	/* Both slots, for kbpf_mark_dynptr() too. */
	err = kbpf_stack_grow(f, slot + 1);
	if (err)
		return err;

	if (release && (f->stack[slot].type[0] != KBPF_STACK_DYNPTR ||
			!f->stack[slot].spilled.ref_obj_id)) {
		kbpf_verbose(env, "arg %d is an unacquired reference\n", regno);
		return -EINVAL;
	}
	if (uninit) {
		/* A local dynptr may be set up again; a ringbuf one not. */
		if ((f->stack[slot].type[0] == KBPF_STACK_DYNPTR &&
		     f->stack[slot].spilled.ref_obj_id) ||
		    (f->stack[slot - 1].type[0] == KBPF_STACK_DYNPTR &&
		     f->stack[slot - 1].spilled.ref_obj_id)) {
			kbpf_verbose(env, "cannot overwrite referenced dynptr\n");
			return -EINVAL;
		}
		meta->uninit_dynptr_reg = regno;
		return 0;
	}
	if (!kbpf_dynptr_valid(f, slot)) {
		kbpf_verbose(env, "Expected an initialized dynptr as arg #%d\n",
			     regno - 1);
		return -EINVAL;
	}
	type = f->stack[slot].spilled.dynptr.type;
	if (release && type != KBPF_DYNPTR_TYPE_RINGBUF) {
		kbpf_verbose(env, "Expected a dynptr of type %s as arg #%d\n",
			     kbpf_dynptr_type_str(KBPF_DYNPTR_TYPE_RINGBUF),
			     regno - 1);
		return -EINVAL;
	}
	meta->dynptr_ref = f->stack[slot].spilled.ref_obj_id;
	if (release) {
		meta->release_dynptr_reg = regno;
		meta->release_ref = meta->dynptr_ref;
	}
	return 0;
}

static int kbpf_check_arg(struct kbpf_verifier_env *env,
			  const struct kbpf_helper_proto *proto, u32 arg,
			  struct kbpf_call_meta *meta)
{
	u32 regno = arg + 1;
	struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];
	u8 type = proto->arg_type[arg];
	u32 size;
	int err;

	err = kbpf_check_reg_read(env, regno);
	if (err)
		return err;

	switch (type) {
	case KBPF_ARG_ANYTHING:
		if (reg->type != KBPF_SCALAR_VALUE && !env->allow_ptr_leaks) {
			kbpf_verbose(env, "R%d leaks addr into helper function\n",
				     regno);
			return -EACCES;
		}
		return 0;
	case KBPF_ARG_SCALAR:
		if (reg->type != KBPF_SCALAR_VALUE)
			return kbpf_type_error(env, regno, "scalar");
		return 0;
	case KBPF_ARG_CONST_MAP_PTR:
		if (reg->type != KBPF_CONST_PTR_TO_MAP)
			return kbpf_type_error(env, regno, "map_ptr");
		err = kbpf_check_arg_reg_off(env, regno, false);
		if (err)
			return err;
		meta->map = reg->map_ptr;
		return 0;
	case KBPF_ARG_PTR_TO_MAP_KEY:
	case KBPF_ARG_PTR_TO_MAP_VALUE:
		if (!kbpf_is_mem_type(reg->type))
			return kbpf_type_error(env, regno, KBPF_MEM_TYPES_STR);
		if (!meta->map) {
			kbpf_verbose(env, "invalid map_ptr to access map->%s\n",
				     type == KBPF_ARG_PTR_TO_MAP_KEY ? "key" :
								       "value");
			return -EACCES;
		}
		size = type == KBPF_ARG_PTR_TO_MAP_KEY ? meta->map->key_size :
							 meta->map->value_size;
		if (!size) {
			kbpf_verbose(env, "invalid zero-sized read\n");
			return -EACCES;
		}
		return kbpf_check_helper_mem(env, regno, size, KBPF_MEM_READ,
					     false);
	case KBPF_ARG_PTR_TO_MEM_OR_NULL:
	case KBPF_ARG_PTR_TO_OUT_MEM_OR_NULL:
		if (kbpf_reg_is_const(reg) && !reg->var_off.value)
			return 0;
		fallthrough;
	case KBPF_ARG_PTR_TO_MEM:
	case KBPF_ARG_PTR_TO_UNINIT_MEM:
		if (!kbpf_is_mem_type(reg->type))
			return kbpf_type_error(env, regno, KBPF_MEM_TYPES_STR);
		return 0;	/* the size argument checks the bytes */
	case KBPF_ARG_CONST_SIZE:
	case KBPF_ARG_CONST_SIZE_OR_ZERO:
		if (reg->type != KBPF_SCALAR_VALUE)
			return kbpf_type_error(env, regno, "scalar");
		return kbpf_check_mem_size(env, regno,
					   type == KBPF_ARG_CONST_SIZE_OR_ZERO,
					   proto->arg_type[arg - 1]);
	case KBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO:
		if (reg->type != KBPF_SCALAR_VALUE)
			return kbpf_type_error(env, regno, "scalar");
		if (!kbpf_tnum_is_const(reg->var_off)) {
			kbpf_verbose(env, "R%d is not a known constant'\n", regno);
			return -EACCES;
		}
		meta->const_size = reg->var_off.value;
		return 0;
	case KBPF_ARG_PTR_TO_CTX:
		if (reg->type != KBPF_PTR_TO_CTX)
			return kbpf_type_error(env, regno, "ctx");
		return kbpf_check_arg_reg_off(env, regno, false);
	case KBPF_ARG_PTR_TO_FUNC:
		if (reg->type != KBPF_PTR_TO_FUNC)
			return kbpf_type_error(env, regno, "func");
		/* The callback is entered where this points: its start. */
		err = kbpf_check_arg_reg_off(env, regno, false);
		if (err)
			return err;
		meta->subprog = reg->subprog;
		meta->has_callback = true;
		return 0;
	case KBPF_ARG_PTR_TO_STACK_OR_NULL:
		if (kbpf_reg_is_const(reg) && !reg->var_off.value)
			return 0;
		if (reg->type != KBPF_PTR_TO_STACK)
			return kbpf_type_error(env, regno, "fp");
		return 0;
	case KBPF_ARG_PTR_TO_CONST_STR:
		return kbpf_check_const_str(env, regno);
	case KBPF_ARG_PTR_TO_LONG:
		if (reg->type != KBPF_PTR_TO_STACK)
			return kbpf_type_error(env, regno, "fp");
		return kbpf_check_helper_mem(env, regno, sizeof(u64),
					     KBPF_MEM_WRITE, false);
	case KBPF_ARG_PTR_TO_RINGBUF_MEM:
		if (reg->type != (KBPF_PTR_TO_MEM | KBPF_MEM_RINGBUF))
			return kbpf_type_error(env, regno, "ringbuf_mem");
		err = kbpf_check_arg_reg_off(env, regno, true);
		if (err)
			return err;
		meta->release_ref = reg->ref_obj_id;
		return 0;
	case KBPF_ARG_PTR_TO_DYNPTR:
	case KBPF_ARG_PTR_TO_UNINIT_DYNPTR_LOCAL:
	case KBPF_ARG_PTR_TO_UNINIT_DYNPTR_RINGBUF:
	case KBPF_ARG_PTR_TO_DYNPTR_RINGBUF:
		return kbpf_check_dynptr_arg(env, regno, type, meta);
	default:
		return -EFAULT;
	}
}

/* Linux's two-way check of map type against helper. */
static int kbpf_check_map_func(struct kbpf_verifier_env *env,
			       const struct kbpf_helper_proto *proto, s32 id,
			       const struct kbpf_map *map)
{
	bool ok = true;

	if (!map)
		return 0;
	switch (map->map_type) {
	case KBPF_MAP_TYPE_PROG_ARRAY:
		ok = id == KBPF_FUNC_tail_call;
		break;
	case KBPF_MAP_TYPE_RINGBUF:
		ok = id == KBPF_FUNC_ringbuf_output ||
		     id == KBPF_FUNC_ringbuf_reserve ||
		     id == KBPF_FUNC_ringbuf_query ||
		     id == KBPF_FUNC_ringbuf_reserve_dynptr ||
		     id == KBPF_FUNC_ringbuf_submit_dynptr ||
		     id == KBPF_FUNC_ringbuf_discard_dynptr;
		break;
	case KBPF_MAP_TYPE_USER_RINGBUF:
		ok = id == KBPF_FUNC_user_ringbuf_drain;
		break;
	default:
		break;
	}
	switch (id) {
	case KBPF_FUNC_tail_call:
		ok &= map->map_type == KBPF_MAP_TYPE_PROG_ARRAY;
		break;
	case KBPF_FUNC_ringbuf_output:
	case KBPF_FUNC_ringbuf_reserve:
	case KBPF_FUNC_ringbuf_query:
	case KBPF_FUNC_ringbuf_reserve_dynptr:
		ok &= map->map_type == KBPF_MAP_TYPE_RINGBUF;
		break;
	case KBPF_FUNC_user_ringbuf_drain:
		ok &= map->map_type == KBPF_MAP_TYPE_USER_RINGBUF;
		break;
	default:
		break;
	}
	if (ok)
		return 0;
	kbpf_verbose(env, "cannot pass map_type %u into func bpf_%s#%d\n",
		     map->map_type, proto->name, id);
	return -EINVAL;
}

/* ---- frames ---- */

static int kbpf_push_frame(struct kbpf_verifier_env *env, u32 callsite,
			   u32 subprog, struct kbpf_func_state **out)
{
	struct kbpf_vstate *st = env->cur;
	struct kbpf_func_state *f;
	u32 r;

	if (st->curframe + 1 >= KBPF_MAX_CALL_FRAMES) {
		kbpf_verbose(env, "the call stack of %d frames is too deep\n",
			     st->curframe + 2);
		return -E2BIG;
	}
	f = kbpf_frame_alloc();
	if (!f)
		return -ENOMEM;
	for (r = 0; r < KBPF_REG_CNT; r++)
		kbpf_reg_mark_not_init(&f->regs[r]);
	kbpf_reg_mark_known(&f->regs[KBPF_REG_FP], 0);
	f->regs[KBPF_REG_FP].type = KBPF_PTR_TO_STACK;
	f->regs[KBPF_REG_FP].frameno = st->curframe + 1;
	f->callsite = callsite;
	f->frameno = st->curframe + 1;
	f->subprog = subprog;
	st->frame[++st->curframe] = f;
	*out = f;
	return 0;
}

static void kbpf_clobber_caller_saved(struct kbpf_reg_state *regs)
{
	u32 r;

	for (r = 1; r <= 5; r++)
		kbpf_reg_mark_not_init(&regs[r]);
}

static int kbpf_check_func_call(struct kbpf_verifier_env *env, u32 idx,
				u32 *next)
{
	const struct kbpf_insn *insn = &env->prog->insns[idx];
	struct kbpf_reg_state *caller = kbpf_cur_regs(env->cur);
	u32 target = idx + insn->imm + 1;
	struct kbpf_func_state *f;
	u32 r;
	int err;

	err = kbpf_push_frame(env, idx, kbpf_subprog_of(env, target), &f);
	if (err)
		return err;
	for (r = 1; r <= 5; r++)
		f->regs[r] = caller[r];
	kbpf_clobber_caller_saved(caller);
	*next = target;
	return 0;
}

/* Stack data of every caller frame: any value, after unknown runs. */
static void kbpf_widen_stacks(struct kbpf_vstate *st)
{
	u32 fr, i, j;

	for (fr = 0; fr <= st->curframe; fr++) {
		struct kbpf_func_state *f = st->frame[fr];

		for (i = 0; i < f->stack_slots; i++) {
			struct kbpf_stack_slot *slot = &f->stack[i];

			for (j = 0; j < KBPF_REG_SIZE; j++)
				if (slot->type[j] == KBPF_STACK_ZERO)
					slot->type[j] = KBPF_STACK_MISC;
			if (slot->type[0] == KBPF_STACK_SPILL &&
			    slot->spilled.type == KBPF_SCALAR_VALUE)
				kbpf_reg_mark_unknown(&slot->spilled);
		}
	}
}

static int kbpf_enter_callback(struct kbpf_verifier_env *env, u32 idx,
			       s32 func_id, struct kbpf_call_meta *meta,
			       u32 *next)
{
	struct kbpf_func_state *f;
	struct kbpf_vstate *skip;
	u32 ctx_arg;
	int err;

	/* The path where the callback never runs goes on after the call. */
	err = kbpf_push_pending(env, idx + 1, idx, &skip);
	if (err)
		return err;

	kbpf_widen_stacks(env->cur);
	err = kbpf_push_frame(env, idx, meta->subprog, &f);
	if (err)
		return err;
	f->in_callback = true;
	f->callback_ret_min = 0;
	f->callback_ret_max = 1;

	switch (func_id) {
	case KBPF_FUNC_loop:
		kbpf_reg_mark_unknown(&f->regs[1]);
		ctx_arg = 2;
		break;
	case KBPF_FUNC_for_each_map_elem:
		kbpf_reg_mark_known(&f->regs[1], 0);
		f->regs[1].type = KBPF_CONST_PTR_TO_MAP;
		f->regs[1].map_ptr = meta->map;
		kbpf_reg_mark_known(&f->regs[2], 0);
		f->regs[2].type = KBPF_PTR_TO_MAP_KEY;
		f->regs[2].map_ptr = meta->map;
		kbpf_reg_mark_known(&f->regs[3], 0);
		f->regs[3].type = KBPF_PTR_TO_MAP_VALUE;
		f->regs[3].map_ptr = meta->map;
		ctx_arg = 4;
		break;
	case KBPF_FUNC_user_ringbuf_drain:
		kbpf_reg_mark_known(&f->regs[1], 0);
		f->regs[1].type = KBPF_CONST_PTR_TO_DYNPTR;
		f->regs[1].dynptr.type = KBPF_DYNPTR_TYPE_LOCAL;
		ctx_arg = 2;
		break;
	default:
		return -EFAULT;
	}
	f->regs[ctx_arg] = meta->args[2];
	if (f->regs[ctx_arg].type == KBPF_SCALAR_VALUE)
		f->regs[ctx_arg].id = 0;
	*next = env->subprog_starts[meta->subprog];
	return 0;
}

/* The dynptr a helper set up at the stack slots @reg points at. */
static void kbpf_mark_dynptr(struct kbpf_verifier_env *env,
			     const struct kbpf_reg_state *reg, u8 type,
			     u32 ref_obj_id)
{
	struct kbpf_func_state *f = kbpf_reg_frame(env, reg);
	s32 off = reg->off + (s32)reg->var_off.value;
	u32 slot = (-off - 1) / KBPF_REG_SIZE, s, j;

	for (s = slot - 1; s <= slot; s++) {
		struct kbpf_stack_slot *ss = &f->stack[s];

		for (j = 0; j < KBPF_REG_SIZE; j++)
			ss->type[j] = KBPF_STACK_DYNPTR;
		kbpf_reg_mark_known(&ss->spilled, 0);
		ss->spilled.type = KBPF_SCALAR_VALUE;
		ss->spilled.dynptr.type = type;
		ss->spilled.dynptr.first_slot = s == slot;
		ss->spilled.ref_obj_id = ref_obj_id;
	}
}

static int kbpf_check_helper_call(struct kbpf_verifier_env *env, u32 idx,
				  u32 *next)
{
	const struct kbpf_insn *insn = &env->prog->insns[idx];
	struct kbpf_reg_state *regs = kbpf_cur_regs(env->cur);
	const struct kbpf_helper_proto *proto = kbpf_helper_proto(insn->imm);
	struct kbpf_call_meta meta = {
		.release_dynptr_reg = -1,
		.uninit_dynptr_reg = -1,
	};
	struct kbpf_reg_state *r0 = &regs[0];
	u32 i, ref;
	int err;

	if (!proto)
		return -EINVAL;
	for (i = 0; i < 5; i++)
		meta.args[i] = regs[i + 1];
	for (i = 0; i < 5 && proto->arg_type[i] != KBPF_ARG_NONE; i++) {
		err = kbpf_check_arg(env, proto, i, &meta);
		if (err)
			return err;
	}
	/* Linux's order: the tail call's map, the callback's, then both ways. */
	if (insn->imm == KBPF_FUNC_tail_call &&
	    meta.map->map_type != KBPF_MAP_TYPE_PROG_ARRAY) {
		kbpf_verbose(env, "kernel subsystem misconfigured verifier\n");
		return -EINVAL;
	}
	/*
	 * Linux's record_func_map(): a map the program may only read is
	 * not changed by helpers either. A frozen one's values are taken
	 * for constants (bpf_strncmp()'s string, for one).
	 */
	if ((insn->imm == KBPF_FUNC_map_update_elem ||
	     insn->imm == KBPF_FUNC_map_delete_elem) &&
	    meta.map->map_flags & KBPF_F_RDONLY_PROG) {
		kbpf_verbose(env, "write into map forbidden\n");
		return -EACCES;
	}
	/* As Linux: the map types whose ops walk their elements. */
	if (insn->imm == KBPF_FUNC_for_each_map_elem &&
	    !meta.map->ops->visit_elems) {
		kbpf_verbose(env, "callback function not allowed for map\n");
		return -ENOTSUPP;
	}
	err = kbpf_check_map_func(env, proto, insn->imm, meta.map);
	if (!err && insn->imm == KBPF_FUNC_snprintf)
		err = kbpf_check_snprintf(env, &meta);
	if (err)
		return err;
	if (insn->imm == KBPF_FUNC_dynptr_from_mem &&
	    meta.args[0].type != KBPF_PTR_TO_MAP_VALUE) {
		kbpf_verbose(env, "Unsupported reg type %s for bpf_dynptr_from_mem data\n",
			     kbpf_reg_type_str(meta.args[0].type));
		return -EACCES;
	}
	/*
	 * A dynptr reads and writes what it covers: the value was checked
	 * for writing above (read-only maps refused); a map the program may
	 * not read is refused too (stricter than Linux 6.12, which lets
	 * bpf_dynptr_read() then read it).
	 */
	if (insn->imm == KBPF_FUNC_dynptr_from_mem &&
	    meta.args[0].map_ptr->map_flags & KBPF_F_WRONLY_PROG) {
		kbpf_verbose(env, "read from map forbidden, value_size=%u off=%d size=%llu\n",
			     meta.args[0].map_ptr->value_size, meta.args[0].off,
			     meta.args[1].umax_value);
		return -EACCES;
	}

	if (meta.release_ref) {
		err = kbpf_release_ref(env, meta.release_ref);
		if (err) {
			kbpf_verbose(env, "func bpf_%s#%d reference has not been acquired before\n",
				     proto->name, insn->imm);
			return err;
		}
	}
	if (insn->imm == KBPF_FUNC_tail_call) {
		err = kbpf_check_ref_leak(env, false);
		if (err) {
			kbpf_verbose(env, "tail_call would lead to reference leak\n");
			return err;
		}
	}
	if (meta.uninit_dynptr_reg >= 0) {
		struct kbpf_reg_state *dreg = &regs[meta.uninit_dynptr_reg];
		u8 type = KBPF_DYNPTR_TYPE_LOCAL;

		ref = 0;
		if (proto->arg_type[meta.uninit_dynptr_reg - 1] ==
		    KBPF_ARG_PTR_TO_UNINIT_DYNPTR_RINGBUF) {
			type = KBPF_DYNPTR_TYPE_RINGBUF;
			err = kbpf_acquire_ref(env, idx, &ref);
			if (err)
				return err;
		}
		kbpf_mark_dynptr(env, dreg, type, ref);
	}

	kbpf_clobber_caller_saved(regs);
	switch (proto->ret_type) {
	case KBPF_RET_VOID:
		kbpf_reg_mark_not_init(r0);
		break;
	case KBPF_RET_PTR_TO_MAP_VALUE_OR_NULL:
		kbpf_reg_mark_known(r0, 0);
		r0->type = KBPF_PTR_TO_MAP_VALUE | KBPF_PTR_MAYBE_NULL;
		r0->map_ptr = meta.map;
		r0->id = ++env->id_gen;
		break;
	case KBPF_RET_PTR_TO_RINGBUF_MEM_OR_NULL:
		err = kbpf_acquire_ref(env, idx, &ref);
		if (err)
			return err;
		kbpf_reg_mark_known(r0, 0);
		r0->type = KBPF_PTR_TO_MEM | KBPF_MEM_RINGBUF |
			   KBPF_PTR_MAYBE_NULL;
		r0->mem_size = meta.const_size;
		r0->id = ref;
		r0->ref_obj_id = ref;
		break;
	case KBPF_RET_PTR_TO_DYNPTR_MEM_OR_NULL:
		kbpf_reg_mark_known(r0, 0);
		r0->type = KBPF_PTR_TO_MEM | KBPF_PTR_MAYBE_NULL;
		r0->mem_size = meta.const_size;
		r0->id = ++env->id_gen;
		r0->ref_obj_id = meta.dynptr_ref;
		break;
	default:
		kbpf_reg_mark_unknown(r0);
		break;
	}

	if (meta.has_callback) {
		/* bpf_loop(0, ...) never calls back, as Linux decides. */
		if (insn->imm == KBPF_FUNC_loop && !meta.args[0].umax_value)
			return 0;
		return kbpf_enter_callback(env, idx, insn->imm, &meta, next);
	}
	return 0;
}

/* The calls the walk meets; *@next is where the path goes on. */
int kbpf_check_call(struct kbpf_verifier_env *env, u32 insn_idx, u32 *next)
{
	if (env->prog->insns[insn_idx].src_reg == KBPF_PSEUDO_CALL)
		return kbpf_check_func_call(env, insn_idx, next);
	return kbpf_check_helper_call(env, insn_idx, next);
}

static void kbpf_invalid_ret(struct kbpf_verifier_env *env,
			     const struct kbpf_reg_state *reg, s32 min, s32 max)
{
	bool unknown = true;

	kbpf_verbose(env, "At callback return the register R0 has");
	if (reg->smin_value > S64_MIN) {
		kbpf_verbose(env, " smin=%lld", reg->smin_value);
		unknown = false;
	}
	if (reg->smax_value < S64_MAX) {
		kbpf_verbose(env, " smax=%lld", reg->smax_value);
		unknown = false;
	}
	if (unknown)
		kbpf_verbose(env, " unknown scalar value");
	kbpf_verbose(env, " should have been in [%d, %d]\n", min, max);
}

int kbpf_check_exit(struct kbpf_verifier_env *env, u32 insn_idx, u32 *next,
		    bool *path_done)
{
	struct kbpf_vstate *st = env->cur;
	struct kbpf_func_state *callee = kbpf_cur_frame(st), *caller;
	struct kbpf_reg_state *r0 = &callee->regs[0];
	int err;

	/*
	 * Only the program's result must be set: a subprogram may return
	 * R0 unset, for its caller not to read (as Linux).
	 */
	if (!st->curframe) {
		err = kbpf_check_ref_leak(env, false);
		if (err)
			return err;
		err = kbpf_check_reg_read(env, 0);
		if (err)
			return err;
		if (r0->type != KBPF_SCALAR_VALUE && !env->allow_ptr_leaks) {
			kbpf_verbose(env, "R0 leaks addr as return value\n");
			return -EACCES;
		}
		*path_done = true;
		return 0;
	}

	if (callee->in_callback) {
		err = kbpf_check_ref_leak(env, true);
		if (err)
			return err;
	}
	if (kbpf_base_type(r0->type) == KBPF_PTR_TO_STACK) {
		kbpf_verbose(env, "cannot return stack pointer to the caller\n");
		return -EINVAL;
	}
	caller = st->frame[st->curframe - 1];
	if (callee->in_callback) {
		if (r0->type != KBPF_SCALAR_VALUE) {
			kbpf_verbose(env, "R0 not a scalar value\n");
			return -EACCES;
		}
		if (r0->smin_value < callee->callback_ret_min ||
		    r0->smax_value > callee->callback_ret_max) {
			kbpf_invalid_ret(env, r0, callee->callback_ret_min,
					 callee->callback_ret_max);
			return -EINVAL;
		}
		/* The helper's result, as after the call. */
		kbpf_reg_mark_unknown(&caller->regs[0]);
	} else {
		caller->regs[0] = *r0;
	}
	*next = callee->callsite + 1;
	kbpf_frame_free(callee);
	st->frame[st->curframe] = NULL;
	st->curframe--;
	return 0;
}

/*
 * Linux's check_max_stack_depth(): the deepest chain of calls and
 * callbacks, each frame rounded up to 16 bytes as Linux's JIT does.
 */
static bool kbpf_subprog_tail_calls(const struct kbpf_verifier_env *env,
				    u32 sub)
{
	const struct kbpf_insn *insns = env->prog->insns;
	u32 i;

	for (i = env->subprog_starts[sub]; i < env->subprog_starts[sub + 1]; i++)
		if (insns[i].code == (KBPF_JMP | KBPF_CALL) && !insns[i].src_reg &&
		    insns[i].imm == KBPF_FUNC_tail_call)
			return true;
	return false;
}

int kbpf_check_stack_depth(struct kbpf_verifier_env *env)
{
	const struct kbpf_insn *insns = env->prog->insns;
	u32 sub_stack[KBPF_MAX_CALL_FRAMES + 1];
	u32 ret_insn[KBPF_MAX_CALL_FRAMES + 1];
	u32 frame = 0, depth = 0, sub = 0, i;

	i = 0;
process:
	/*
	 * A tail call leaves its callers' frames in place: as Linux, they
	 * may hold at most 256 bytes below a subprogram that tail calls.
	 */
	if (sub && depth >= 256 && kbpf_subprog_tail_calls(env, sub)) {
		kbpf_verbose(env, "tail_calls are not allowed when call stack of previous frames is %d bytes. Too large\n",
			     depth);
		return -EACCES;
	}
	depth += round_up(env->subprog_stack_depth[sub], 16);
	if (depth > KBPF_STACK_SIZE) {
		kbpf_verbose(env, "combined stack size of %d calls is %d. Too large\n",
			     frame + 1, depth);
		return -EACCES;
	}
continue_func:
	for (; i < env->subprog_starts[sub + 1]; i++) {
		const struct kbpf_insn *in = &insns[i];
		bool call = in->code == (KBPF_JMP | KBPF_CALL) &&
			    in->src_reg == KBPF_PSEUDO_CALL;
		bool func = in->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
			    in->src_reg == KBPF_PSEUDO_FUNC;

		if (!call && !func)
			continue;
		sub_stack[frame] = sub;
		ret_insn[frame] = i + 1;
		frame++;
		if (frame >= KBPF_MAX_CALL_FRAMES) {
			kbpf_verbose(env, "the call stack of %d frames is too deep !\n",
				     frame);
			return -E2BIG;
		}
		sub = kbpf_subprog_of(env, i + in->imm + 1);
		i = env->subprog_starts[sub];
		goto process;
	}
	if (!frame)
		return 0;
	depth -= round_up(env->subprog_stack_depth[sub], 16);
	frame--;
	sub = sub_stack[frame];
	i = ret_insn[frame];
	goto continue_func;
}
