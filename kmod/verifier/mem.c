// SPDX-License-Identifier: GPL-2.0
/*
 * Loads, stores and atomics, and the memory a helper reads or writes:
 * each access is checked against the region its base register points
 * into, with every offset the register's bounds allow. Stack accesses
 * also track what each byte holds, so that a spilled register comes
 * back as it went in.
 */

#include <linux/kernel.h>

#include "../map/map.h"
#include "../prog/type.h"
#include "env.h"

#define KBPF_MAX_VAR_SIZ	(1 << 29)

struct kbpf_func_state *kbpf_reg_frame(struct kbpf_verifier_env *env,
				       const struct kbpf_reg_state *reg)
{
	return env->cur->frame[reg->frameno];
}

/*
 * The slot and byte of stack offset @off (negative, from the frame top),
 * which kbpf_stack_touch() has made part of the frame's stack.
 */
static struct kbpf_stack_slot *kbpf_slot_of(struct kbpf_func_state *frame,
					    s32 off, u32 *byte)
{
	u32 i = (u32)(-off - 1) / KBPF_REG_SIZE;

	*byte = off + KBPF_REG_SIZE * (i + 1);
	return &frame->stack[i];
}

static bool kbpf_slot_is_spill(const struct kbpf_stack_slot *slot)
{
	return slot->type[0] == KBPF_STACK_SPILL;
}

/*
 * An access reaching down to @min_off (from the frame top): the subprogram
 * uses that much stack, and the frame's stack holds every slot above it.
 */
static int kbpf_stack_touch(struct kbpf_verifier_env *env,
			    struct kbpf_func_state *frame, s32 min_off)
{
	u32 *depth = &env->subprog_stack_depth[frame->subprog];

	if (min_off >= 0)
		return 0;
	if (*depth < (u32)-min_off)
		*depth = -min_off;
	return kbpf_stack_grow(frame, DIV_ROUND_UP((u32)-min_off,
						   KBPF_REG_SIZE));
}

/* A plain data byte; a spill it belonged to is gone. */
static void kbpf_scrub_slot(struct kbpf_stack_slot *slot)
{
	u32 j;

	for (j = 0; j < KBPF_REG_SIZE; j++)
		if (slot->type[j] != KBPF_STACK_INVALID)
			slot->type[j] = KBPF_STACK_MISC;
	kbpf_reg_mark_not_init(&slot->spilled);
}

/*
 * Writing over part of a dynptr: an unreferenced (local) one just stops
 * being a dynptr, both its slots; a ringbuf one may not be lost this way.
 */
static int kbpf_destroy_dynptr(struct kbpf_verifier_env *env,
			       struct kbpf_func_state *frame, u32 slot)
{
	struct kbpf_stack_slot *s = &frame->stack[slot];
	u32 first, j;

	if (s->type[0] != KBPF_STACK_DYNPTR)
		return 0;
	first = s->spilled.dynptr.first_slot ? slot : slot + 1;
	if (first == 0 || first >= frame->stack_slots)
		return -EFAULT;
	if (frame->stack[first].spilled.ref_obj_id) {
		kbpf_verbose(env, "cannot overwrite referenced dynptr\n");
		return -EINVAL;
	}
	for (j = 0; j < KBPF_REG_SIZE; j++) {
		frame->stack[first].type[j] = KBPF_STACK_INVALID;
		frame->stack[first - 1].type[j] = KBPF_STACK_INVALID;
	}
	kbpf_reg_mark_not_init(&frame->stack[first].spilled);
	kbpf_reg_mark_not_init(&frame->stack[first - 1].spilled);
	return 0;
}

/*
 * A callback is walked once for all its runs (call.c): it may not change
 * what its callers' stacks hold beyond plain data.
 */
static int kbpf_callback_write_ok(struct kbpf_verifier_env *env,
				  const struct kbpf_func_state *frame,
				  const struct kbpf_stack_slot *slot)
{
	if (!kbpf_frame_under_callback(env->cur, frame->frameno))
		return 0;
	if ((slot->type[0] == KBPF_STACK_SPILL &&
	     slot->spilled.type != KBPF_SCALAR_VALUE) ||
	    slot->type[0] == KBPF_STACK_DYNPTR) {
		kbpf_verbose(env, "kbpf: a callback may not overwrite a pointer or dynptr its caller keeps on the stack\n");
		return -EACCES;
	}
	return 0;
}

/*
 * A callback is walked once, from its callers' stacks widened to data
 * (call.c): what it leaves there must be admitted by that state for the
 * next run it makes to be covered. A pointer or a dynptr where the walk
 * assumed data would not be, so a callback may not put one in a
 * caller's frame (Linux walks callbacks until their states converge and
 * accepts some of these; kbpf refuses them all).
 */
int kbpf_callback_spill_ok(struct kbpf_verifier_env *env,
			   const struct kbpf_func_state *frame)
{
	if (!kbpf_frame_under_callback(env->cur, frame->frameno))
		return 0;
	kbpf_verbose(env, "kbpf: a callback may not put a pointer or dynptr on its caller's stack\n");
	return -EACCES;
}

void kbpf_stack_mark_misc(struct kbpf_func_state *frame, s32 off, u32 size)
{
	struct kbpf_stack_slot *slot;
	u32 i, byte;

	for (i = 0; i < size; i++) {
		slot = kbpf_slot_of(frame, off + i, &byte);
		if (kbpf_slot_is_spill(slot))
			kbpf_scrub_slot(slot);
		slot->type[byte] = KBPF_STACK_MISC;
	}
}

/* [min_off, max_off) of a stack access, both from the frame top. */
static int kbpf_stack_bounds(struct kbpf_verifier_env *env, u32 regno,
			     s32 off, u32 size, const char *what,
			     s64 *min_off, s64 *max_off)
{
	const struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];
	char tn[48];

	if (kbpf_tnum_is_const(reg->var_off)) {
		*min_off = (s64)reg->var_off.value + off;
		*max_off = *min_off + size;
	} else {
		if (reg->smax_value >= KBPF_MAX_VAR_OFF ||
		    reg->smin_value <= -KBPF_MAX_VAR_OFF) {
			kbpf_verbose(env, "invalid unbounded variable-offset%s stack R%d\n",
				     what, regno);
			return -EACCES;
		}
		*min_off = reg->smin_value + off;
		*max_off = reg->smax_value + off + size;
	}
	/* Even a zero-sized access names a byte of the stack. */
	if (*min_off >= -KBPF_STACK_SIZE && *min_off < 0 && *max_off <= 0)
		return 0;
	if (kbpf_tnum_is_const(reg->var_off)) {
		kbpf_verbose(env, "invalid%s stack R%d off=%d size=%u\n",
			     what, regno, off, size);
	} else {
		kbpf_tnum_str(tn, sizeof(tn), reg->var_off);
		kbpf_verbose(env, "invalid variable-offset%s stack R%d var_off=%s off=%d size=%u\n",
			     what, regno, tn, off, size);
	}
	/* As Linux: a start outside the stack is -EACCES, an end past it -EINVAL. */
	return *min_off < -KBPF_STACK_SIZE || *min_off >= 0 ? -EACCES : -EINVAL;
}

/* A byte a read may see: data, or uninitialised if the loader may. */
static bool kbpf_byte_readable(const struct kbpf_verifier_env *env,
			       const struct kbpf_stack_slot *slot, u32 byte)
{
	switch (slot->type[byte]) {
	case KBPF_STACK_MISC:
	case KBPF_STACK_ZERO:
		return true;
	case KBPF_STACK_INVALID:
		return env->allow_uninit_stack;
	case KBPF_STACK_SPILL:
		return slot->spilled.type == KBPF_SCALAR_VALUE ||
		       env->allow_ptr_leaks;
	default:
		return false;
	}
}

/*
 * The pointers a stack slot may keep as what they are (Linux's
 * is_spillable_regtype()). Any other value stored is plain data: a
 * callback's const dynptr points into the frame of the helper that
 * called it, and must not outlive that helper in a caller's stack.
 */
static bool kbpf_is_spillable(u32 type)
{
	/* A new register type is listed here, or left out, on purpose. */
	BUILD_BUG_ON(KBPF_CONST_PTR_TO_DYNPTR + 1 != KBPF_REG_TYPE_CNT);
	switch (kbpf_base_type(type)) {
	case KBPF_PTR_TO_CTX:
	case KBPF_CONST_PTR_TO_MAP:
	case KBPF_PTR_TO_MAP_VALUE:
	case KBPF_PTR_TO_MAP_KEY:
	case KBPF_PTR_TO_STACK:
	case KBPF_PTR_TO_MEM:
	case KBPF_PTR_TO_FUNC:
		return true;
	default:
		return false;
	}
}

static int kbpf_stack_write_fixed(struct kbpf_verifier_env *env,
				  struct kbpf_func_state *frame, s32 off,
				  u32 size, int value_regno, u32 insn_idx)
{
	const struct kbpf_insn *insn = &env->prog->insns[insn_idx];
	struct kbpf_reg_state *reg = NULL, imm;
	struct kbpf_stack_slot *slot;
	u32 byte, j, sloti = (u32)(-off - 1) / KBPF_REG_SIZE;
	bool zero;
	int err;

	slot = kbpf_slot_of(frame, off, &byte);
	if (!env->allow_ptr_leaks && kbpf_slot_is_spill(slot) &&
	    slot->spilled.type != KBPF_SCALAR_VALUE && size != KBPF_REG_SIZE) {
		kbpf_verbose(env, "attempt to corrupt spilled pointer on stack\n");
		return -EACCES;
	}
	if (value_regno >= 0)
		reg = &kbpf_cur_regs(env->cur)[value_regno];
	err = kbpf_callback_write_ok(env, frame, slot);
	if (err)
		return err;
	err = kbpf_destroy_dynptr(env, frame, sloti);
	if (err)
		return err;

	if (!byte && reg && reg->type == KBPF_SCALAR_VALUE && env->bpf_capable) {
		slot->spilled = *reg;
		if (size < KBPF_REG_SIZE)
			slot->spilled.id = 0;
	} else if (!byte && !reg && KBPF_CLASS(insn->code) == KBPF_ST &&
		   env->bpf_capable) {
		kbpf_reg_mark_known(&imm, (u64)(s64)insn->imm);
		slot->spilled = imm;
	} else if (reg && kbpf_is_spillable(reg->type)) {
		if (size != KBPF_REG_SIZE) {
			kbpf_verbose(env, "invalid size of register spill\n");
			return -EACCES;
		}
		if (frame != kbpf_cur_frame(env->cur) &&
		    kbpf_base_type(reg->type) == KBPF_PTR_TO_STACK) {
			kbpf_verbose(env, "cannot spill pointers to stack into stack frame of the caller\n");
			return -EINVAL;
		}
		err = kbpf_callback_spill_ok(env, frame);
		if (err)
			return err;
		slot->spilled = *reg;
	} else {
		zero = reg ? reg->type == KBPF_SCALAR_VALUE &&
			     kbpf_tnum_equals_const(reg->var_off, 0) :
			     KBPF_CLASS(insn->code) == KBPF_ST && !insn->imm;
		if (kbpf_slot_is_spill(slot))
			kbpf_scrub_slot(slot);
		kbpf_reg_mark_not_init(&slot->spilled);
		for (j = 0; j < size; j++)
			slot->type[byte + j] = zero ? KBPF_STACK_ZERO :
						      KBPF_STACK_MISC;
		return 0;
	}
	/*
	 * A spill: the low @size bytes hold it; the rest keeps what it was
	 * (zero, or never written: Linux's mark_stack_slot_misc()) or is
	 * plain data now.
	 */
	for (j = 0; j < KBPF_REG_SIZE; j++) {
		if (j < size)
			slot->type[j] = KBPF_STACK_SPILL;
		else if (slot->type[j] != KBPF_STACK_ZERO &&
			 slot->type[j] != KBPF_STACK_INVALID)
			slot->type[j] = KBPF_STACK_MISC;
	}
	return 0;
}

static int kbpf_stack_read_fixed(struct kbpf_verifier_env *env,
				 struct kbpf_func_state *frame, s32 off,
				 u32 size, int dst_regno)
{
	struct kbpf_reg_state *dst = NULL;
	struct kbpf_stack_slot *slot;
	u32 byte, j, spill_size = 0, spill_cnt = 0, zero_cnt = 0;

	slot = kbpf_slot_of(frame, off, &byte);
	if (dst_regno >= 0)
		dst = &kbpf_cur_regs(env->cur)[dst_regno];

	while (spill_size < KBPF_REG_SIZE &&
	       slot->type[spill_size] == KBPF_STACK_SPILL)
		spill_size++;

	if (spill_size) {
		if (size != KBPF_REG_SIZE || spill_size != KBPF_REG_SIZE) {
			if (slot->spilled.type != KBPF_SCALAR_VALUE) {
				kbpf_verbose(env, "invalid size of register fill\n");
				return -EACCES;
			}
			if (!dst)
				return 0;
			if (size <= spill_size && !byte) {
				*dst = slot->spilled;
				dst->id = 0;
				return 0;
			}
			goto bytes;
		}
		if (dst) {
			*dst = slot->spilled;
		} else if (slot->spilled.type != KBPF_SCALAR_VALUE &&
			   !env->allow_ptr_leaks) {
			kbpf_verbose(env, "leaking pointer from stack off %d\n",
				     off);
			return -EACCES;
		}
		return 0;
	}
bytes:
	for (j = 0; j < size; j++) {
		u8 t = slot->type[byte + j];

		if (t == KBPF_STACK_SPILL) {
			spill_cnt++;
			continue;
		}
		if (t == KBPF_STACK_ZERO) {
			zero_cnt++;
			continue;
		}
		if (t == KBPF_STACK_MISC ||
		    (t == KBPF_STACK_INVALID && env->allow_uninit_stack))
			continue;
		kbpf_verbose(env, "invalid read from stack off %d+%u size %u\n",
			     off, j, size);
		return -EACCES;
	}
	if (!dst)
		return 0;
	if ((spill_cnt == size && kbpf_reg_is_const(&slot->spilled) &&
	     !slot->spilled.var_off.value) || zero_cnt == size)
		kbpf_reg_mark_known(dst, 0);
	else
		kbpf_reg_mark_unknown(dst);
	return 0;
}

static int kbpf_stack_read_var(struct kbpf_verifier_env *env,
			       struct kbpf_func_state *frame, u32 regno,
			       s64 min_off, s64 max_off, u32 size,
			       int dst_regno, const char *what)
{
	const struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];
	struct kbpf_stack_slot *slot;
	u32 byte, zero = 0;
	char tn[48];
	s64 i;

	for (i = min_off; i < max_off; i++) {
		slot = kbpf_slot_of(frame, i, &byte);
		if (slot->type[byte] == KBPF_STACK_ZERO)
			zero++;
		if (kbpf_byte_readable(env, slot, byte))
			continue;
		kbpf_tnum_str(tn, sizeof(tn), reg->var_off);
		kbpf_verbose(env, "invalid%s read from stack R%d var_off %s+%lld size %u\n",
			     what, regno, tn, i - min_off, size);
		return -EACCES;
	}
	if (dst_regno >= 0) {
		struct kbpf_reg_state *dst = &kbpf_cur_regs(env->cur)[dst_regno];

		if (zero == max_off - min_off)
			kbpf_reg_mark_known(dst, 0);
		else
			kbpf_reg_mark_unknown(dst);
	}
	return 0;
}

static int kbpf_stack_write_var(struct kbpf_verifier_env *env,
				struct kbpf_func_state *frame, s64 min_off,
				s64 max_off, int value_regno)
{
	const struct kbpf_reg_state *val = value_regno >= 0 ?
		&kbpf_cur_regs(env->cur)[value_regno] : NULL;
	bool zero = val && kbpf_tnum_equals_const(val->var_off, 0) &&
		    val->type == KBPF_SCALAR_VALUE;
	struct kbpf_stack_slot *slot;
	u32 byte;
	s64 i;
	int err;

	for (i = min_off; i < max_off; i += KBPF_REG_SIZE) {
		err = kbpf_destroy_dynptr(env, frame,
					  (u32)(-i - 1) / KBPF_REG_SIZE);
		if (err)
			return err;
	}
	err = kbpf_destroy_dynptr(env, frame,
				  (u32)(-(max_off - 1) - 1) / KBPF_REG_SIZE);
	if (err)
		return err;
	for (i = min_off; i < max_off; i++) {
		slot = kbpf_slot_of(frame, i, &byte);
		err = kbpf_callback_write_ok(env, frame, slot);
		if (err)
			return err;
	}
	for (i = min_off; i < max_off; i++) {
		slot = kbpf_slot_of(frame, i, &byte);
		if (kbpf_slot_is_spill(slot))
			kbpf_scrub_slot(slot);
		if (!(zero && slot->type[byte] == KBPF_STACK_ZERO))
			slot->type[byte] = KBPF_STACK_MISC;
	}
	return 0;
}

/*
 * Linux's strict alignment: @reg + @off aligned to @size for every value
 * of the offset, or "misaligned @desc access" (@desc: "stack ", ...).
 */
static int kbpf_check_align(struct kbpf_verifier_env *env,
			    const struct kbpf_reg_state *reg, const char *desc,
			    s32 off, u32 size)
{
	struct kbpf_tnum t = kbpf_tnum_add(reg->var_off,
					   kbpf_tnum_const(reg->off + off));
	char tn[48];

	if (kbpf_tnum_is_aligned(t, size))
		return 0;
	kbpf_tnum_str(tn, sizeof(tn), reg->var_off);
	kbpf_verbose(env, "misaligned %saccess off %s+%d+%d size %u\n",
		     desc, tn, reg->off, off, size);
	return -EACCES;
}

static int kbpf_check_stack_access(struct kbpf_verifier_env *env,
				   u32 insn_idx, u32 regno, s32 off, u32 size,
				   bool write, int value_regno)
{
	const struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];
	struct kbpf_func_state *frame = kbpf_reg_frame(env, reg);
	s64 min_off, max_off;
	int err;

	err = kbpf_check_align(env, reg, "stack ", off, size);
	if (err)
		return err;
	err = kbpf_stack_bounds(env, regno, off + reg->off, size,
				write ? " write to" : " read from",
				&min_off, &max_off);
	if (err)
		return err;
	err = kbpf_stack_touch(env, frame, min_off);
	if (err)
		return err;

	if (kbpf_tnum_is_const(reg->var_off)) {
		if (write)
			return kbpf_stack_write_fixed(env, frame, min_off, size,
						      value_regno, insn_idx);
		return kbpf_stack_read_fixed(env, frame, min_off, size,
					     value_regno);
	}
	if (write)
		return kbpf_stack_write_var(env, frame, min_off, max_off,
					    value_regno);
	if (value_regno < 0) {
		char tn[48];

		/* An atomic's read: Linux refuses any at a variable offset. */
		kbpf_tnum_str(tn, sizeof(tn), reg->var_off);
		kbpf_verbose(env, "variable offset stack pointer cannot be passed into helper function; var_off=%s off=%d size=%u\n",
			     tn, off + reg->off, size);
		return -EACCES;
	}
	return kbpf_stack_read_var(env, frame, regno, min_off, max_off, size,
				   value_regno, "");
}

/* [off, off + size) within [0, mem_size) for every value of the register. */
static int kbpf_region_one(struct kbpf_verifier_env *env, u32 regno, s64 off,
			   u32 size, u32 mem_size, bool zero_ok)
{
	const struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];

	if (off >= 0 && (size || zero_ok) && off + size <= mem_size)
		return 0;
	switch (kbpf_base_type(reg->type)) {
	case KBPF_PTR_TO_MAP_VALUE:
		kbpf_verbose(env, "invalid access to map value, value_size=%u off=%lld size=%u\n",
			     mem_size, off, size);
		break;
	case KBPF_PTR_TO_MAP_KEY:
		kbpf_verbose(env, "invalid access to map key, key_size=%u off=%lld size=%u\n",
			     mem_size, off, size);
		break;
	default:
		kbpf_verbose(env, "invalid access to memory, mem_size=%u off=%lld size=%u\n",
			     mem_size, off, size);
		break;
	}
	return -EACCES;
}

static int kbpf_check_region(struct kbpf_verifier_env *env, u32 regno,
			     s32 off, u32 size, u32 mem_size, bool zero_ok)
{
	const struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];
	int err;

	if (reg->smin_value < 0 &&
	    (reg->smin_value == S64_MIN ||
	     off + reg->smin_value != (s64)(s32)(off + reg->smin_value) ||
	     reg->smin_value + off < 0)) {
		kbpf_verbose(env, "R%d min value is negative, either use unsigned index or do a if (index >=0) check.\n",
			     regno);
		return -EACCES;
	}
	err = kbpf_region_one(env, regno, reg->smin_value + off, size, mem_size,
			      zero_ok);
	if (err) {
		kbpf_verbose(env, "R%d min value is outside of the allowed memory range\n",
			     regno);
		return err;
	}
	if (reg->umax_value >= KBPF_MAX_VAR_OFF) {
		kbpf_verbose(env, "R%d unbounded memory access, make sure to bounds check any such access\n",
			     regno);
		return -EACCES;
	}
	err = kbpf_region_one(env, regno, reg->umax_value + off, size,
			      mem_size, zero_ok);
	if (err) {
		kbpf_verbose(env, "R%d max value is outside of the allowed memory range\n",
			     regno);
		return err;
	}
	return 0;
}

/* @size bytes at the map value pointer in @regno + @off, for every value. */
int kbpf_check_map_value_region(struct kbpf_verifier_env *env, u32 regno,
				s32 off, u32 size)
{
	const struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];

	return kbpf_check_region(env, regno, off, size,
				 reg->map_ptr->value_size, false);
}

int kbpf_map_access_type(struct kbpf_verifier_env *env,
			 const struct kbpf_reg_state *reg, s32 off, u32 size,
			 bool write)
{
	const struct kbpf_map *map = reg->map_ptr;

	if (write && map->map_flags & KBPF_F_RDONLY_PROG) {
		kbpf_verbose(env, "write into map forbidden, value_size=%u off=%d size=%u\n",
			     map->value_size, off, size);
		return -EACCES;
	}
	if (!write && map->map_flags & KBPF_F_WRONLY_PROG) {
		kbpf_verbose(env, "read from map forbidden, value_size=%u off=%d size=%u\n",
			     map->value_size, off, size);
		return -EACCES;
	}
	return 0;
}

/*
 * A pointer that may only be used as it was made (ctx, a callback, a
 * callback's dynptr, a record to release): no variable offset, and a
 * fixed one only if @fixed_off_ok and not negative. Linux's
 * __check_ptr_off_reg(), messages included.
 */
int kbpf_check_ptr_off_reg(struct kbpf_verifier_env *env,
			   const struct kbpf_reg_state *reg, u32 regno,
			   bool fixed_off_ok)
{
	const char *what = kbpf_reg_type_str(reg->type);
	char tn[48];

	if (reg->off < 0) {
		kbpf_verbose(env, "negative offset %s ptr R%d off=%d disallowed\n",
			     what, regno, reg->off);
		return -EACCES;
	}
	if (!fixed_off_ok && reg->off) {
		kbpf_verbose(env, "dereference of modified %s ptr R%d off=%d disallowed\n",
			     what, regno, reg->off);
		return -EACCES;
	}
	if (!kbpf_tnum_is_const(reg->var_off) || reg->var_off.value) {
		kbpf_tnum_str(tn, sizeof(tn), reg->var_off);
		kbpf_verbose(env, "variable %s access var_off=%s disallowed\n",
			     what, tn);
		return -EACCES;
	}
	return 0;
}

static int kbpf_check_ctx_access(struct kbpf_verifier_env *env, u32 insn_idx,
				 u32 regno, s32 off, u32 size, bool write)
{
	const struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];
	u32 field_size = 0;
	int err;

	err = kbpf_check_ptr_off_reg(env, reg, regno, false);
	if (err)
		return err;
	if (!env->prog->ops->ctx_access_ok(off, size, write, &field_size)) {
		kbpf_verbose(env, "invalid bpf_context access off=%d size=%u\n",
			     off, size);
		return -EACCES;
	}
	/* The same on every path: the offset is the instruction's. */
	env->aux[insn_idx].ctx_field_size = field_size;
	if (env->prog->max_ctx_offset < off + size)
		env->prog->max_ctx_offset = off + size;
	return 0;
}

static int kbpf_leak_check(struct kbpf_verifier_env *env, int value_regno,
			   const char *where)
{
	if (value_regno < 0 || env->allow_ptr_leaks ||
	    kbpf_cur_regs(env->cur)[value_regno].type == KBPF_SCALAR_VALUE)
		return 0;
	kbpf_verbose(env, "R%d leaks addr into %s\n", value_regno, where);
	return -EACCES;
}

/*
 * One load (@write false, result in @value_regno) or store (@value_regno
 * the source register, -1 for an immediate) of @size bytes at @regno +
 * @off.
 */
int kbpf_check_mem_access(struct kbpf_verifier_env *env, u32 insn_idx,
			  u32 regno, s32 off, u8 size, bool write,
			  int value_regno, bool sign_ext)
{
	struct kbpf_reg_state *regs = kbpf_cur_regs(env->cur);
	struct kbpf_reg_state *reg = &regs[regno];
	bool loads_scalar = !write && value_regno >= 0;
	int err;

	if (write && value_regno >= 0) {
		err = kbpf_check_reg_read(env, value_regno);
		if (err)
			return err;
	}
	err = kbpf_check_reg_read(env, regno);
	if (err)
		return err;

	if (reg->type & KBPF_PTR_MAYBE_NULL)
		goto invalid;

	switch (kbpf_base_type(reg->type)) {
	case KBPF_PTR_TO_MAP_VALUE:
		err = kbpf_leak_check(env, write ? value_regno : -1, "map");
		if (!err)
			err = kbpf_map_access_type(env, reg, off + reg->off,
						   size, write);
		if (!err)
			err = kbpf_check_region(env, regno, off + reg->off, size,
						reg->map_ptr->value_size, false);
		break;
	case KBPF_PTR_TO_MAP_KEY:
		if (write) {
			kbpf_verbose(env, "write to change key R%d not allowed\n",
				     regno);
			return -EACCES;
		}
		err = kbpf_check_region(env, regno, off + reg->off, size,
					reg->map_ptr->key_size, false);
		break;
	case KBPF_PTR_TO_MEM:
		if (write && reg->type & KBPF_MEM_RDONLY) {
			kbpf_verbose(env, "R%d cannot write into %s\n", regno,
				     kbpf_reg_type_str(reg->type));
			return -EACCES;
		}
		err = kbpf_leak_check(env, write ? value_regno : -1, "mem");
		if (!err)
			err = kbpf_check_region(env, regno, off + reg->off, size,
						reg->mem_size, false);
		break;
	case KBPF_PTR_TO_CTX:
		err = kbpf_leak_check(env, write ? value_regno : -1, "ctx");
		if (!err)
			err = kbpf_check_ctx_access(env, insn_idx, regno, off,
						    size, write);
		break;
	case KBPF_PTR_TO_STACK:
		err = kbpf_check_stack_access(env, insn_idx, regno, off, size,
					      write, value_regno);
		if (err || !loads_scalar)
			return err;
		/* A fill keeps the spilled register (coerced below). */
		if (regs[value_regno].type != KBPF_SCALAR_VALUE)
			return 0;
		goto coerce;
	default:
		goto invalid;
	}
	if (err || !loads_scalar)
		return err;
	kbpf_reg_mark_unknown(&regs[value_regno]);
coerce:
	if (sign_ext)
		kbpf_reg_sext(&regs[value_regno], size);
	else if (size < KBPF_REG_SIZE)
		kbpf_reg_coerce_size(&regs[value_regno], size);
	return 0;

invalid:
	kbpf_verbose(env, "R%d invalid mem access '%s'\n", regno,
		     kbpf_reg_type_str(reg->type));
	return -EACCES;
}

/*
 * An atomic op is naturally aligned in every region (a split one faults
 * or locks the bus), whatever the offset's value: Linux's strict check.
 */
static int kbpf_atomic_align(struct kbpf_verifier_env *env,
			     const struct kbpf_reg_state *reg, s32 off,
			     u32 size)
{
	switch (kbpf_base_type(reg->type)) {
	case KBPF_PTR_TO_MAP_VALUE:
		return kbpf_check_align(env, reg, "value ", off, size);
	case KBPF_PTR_TO_MAP_KEY:
		return kbpf_check_align(env, reg, "key ", off, size);
	case KBPF_PTR_TO_STACK:
		return kbpf_check_align(env, reg, "stack ", off, size);
	case KBPF_PTR_TO_MEM:
		return kbpf_check_align(env, reg, "", off, size);
	default:
		return 0;	/* refused by the access check */
	}
}

int kbpf_check_atomic(struct kbpf_verifier_env *env, u32 insn_idx,
		      const struct kbpf_insn *insn)
{
	struct kbpf_reg_state *regs = kbpf_cur_regs(env->cur);
	u8 size = KBPF_SIZE(insn->code) == KBPF_DW ? 8 : 4;
	int load_reg = -1, err;
	u32 base;

	if (KBPF_SIZE(insn->code) != KBPF_W && KBPF_SIZE(insn->code) != KBPF_DW) {
		kbpf_verbose(env, "invalid atomic operand size\n");
		return -EINVAL;
	}
	err = kbpf_check_reg_read(env, insn->src_reg);
	if (!err)
		err = kbpf_check_reg_read(env, insn->dst_reg);
	if (err)
		return err;
	/*
	 * BPF_CMPXCHG compares r0 with memory the program chose, and what
	 * it then finds there tells whether they were equal: an address in
	 * r0 is as good as stored, so it is refused like the one in src
	 * unless the loader may see addresses (Linux checks r0 first).
	 */
	if (insn->imm == KBPF_CMPXCHG) {
		err = kbpf_check_reg_read(env, 0);
		if (err)
			return err;
		if (!env->allow_ptr_leaks &&
		    regs[0].type != KBPF_SCALAR_VALUE) {
			kbpf_verbose(env, "R0 leaks addr into mem\n");
			return -EACCES;
		}
	}
	if (!env->allow_ptr_leaks &&
	    regs[insn->src_reg].type != KBPF_SCALAR_VALUE) {
		kbpf_verbose(env, "R%d leaks addr into mem\n", insn->src_reg);
		return -EACCES;
	}
	base = kbpf_base_type(regs[insn->dst_reg].type);
	if (base == KBPF_PTR_TO_CTX) {
		kbpf_verbose(env, "BPF_ATOMIC stores into R%d %s is not allowed\n",
			     insn->dst_reg,
			     kbpf_reg_type_str(regs[insn->dst_reg].type));
		return -EACCES;
	}
	err = kbpf_atomic_align(env, &regs[insn->dst_reg], insn->off, size);
	if (err)
		return err;
	/*
	 * As Linux's check_atomic_rmw(): the register a fetch loads is
	 * written first (so it no longer addresses anything), then the old
	 * value is read into it as a load would read it (what the stack
	 * holds: a constant, a spilled pointer, ...), then the new value is
	 * written, as unknown data. Knowing the old value as Linux does
	 * decides the branches Linux decides, and so walks the speculative
	 * paths Linux walks.
	 */
	if (insn->imm & KBPF_FETCH) {
		load_reg = insn->imm == KBPF_CMPXCHG ? 0 : insn->src_reg;
		kbpf_reg_mark_unknown(&regs[load_reg]);
	}
	err = kbpf_check_mem_access(env, insn_idx, insn->dst_reg, insn->off,
				    size, false, -1, false);
	if (!err && load_reg >= 0)
		err = kbpf_check_mem_access(env, insn_idx, insn->dst_reg,
					    insn->off, size, false, load_reg,
					    false);
	if (!err)
		err = kbpf_check_mem_access(env, insn_idx, insn->dst_reg,
					    insn->off, size, true, -1, false);
	return err;
}

/* Memory a helper uses: @size bytes at the pointer in @regno. */
int kbpf_check_helper_mem(struct kbpf_verifier_env *env, u32 regno,
			  u32 size, enum kbpf_mem_use use, bool zero_ok)
{
	struct kbpf_reg_state *reg = &kbpf_cur_regs(env->cur)[regno];
	bool write = use != KBPF_MEM_READ;
	struct kbpf_func_state *frame;
	s64 min_off, max_off, i;
	struct kbpf_stack_slot *slot;
	char tn[48];
	u32 byte;
	int err;

	switch (kbpf_base_type(reg->type)) {
	case KBPF_PTR_TO_STACK:
		err = kbpf_stack_bounds(env, regno, reg->off, size,
					" indirect access to", &min_off,
					&max_off);
		if (err || !size)
			return err;
		frame = kbpf_reg_frame(env, reg);
		err = kbpf_stack_touch(env, frame, min_off);
		if (err)
			return err;
		if (use != KBPF_MEM_WRITE || !kbpf_tnum_is_const(reg->var_off)) {
			for (i = min_off; i < max_off; i++) {
				slot = kbpf_slot_of(frame, i, &byte);
				if (kbpf_byte_readable(env, slot, byte))
					continue;
				if (kbpf_tnum_is_const(reg->var_off)) {
					kbpf_verbose(env, "invalid indirect read from stack R%d off %lld+%lld size %u\n",
						     regno, min_off, i - min_off, size);
				} else {
					kbpf_tnum_str(tn, sizeof(tn), reg->var_off);
					kbpf_verbose(env, "invalid indirect read from stack R%d var_off %s+%lld size %u\n",
						     regno, tn, i - min_off, size);
				}
				return -EACCES;
			}
		}
		for (i = min_off; write && i < max_off; i++) {
			slot = kbpf_slot_of(frame, i, &byte);
			if (slot->type[byte] == KBPF_STACK_DYNPTR) {
				kbpf_verbose(env, "potential write to dynptr at off=%lld disallowed\n",
					     i);
				return -EACCES;
			}
			if (!env->allow_ptr_leaks && kbpf_slot_is_spill(slot) &&
			    slot->spilled.type != KBPF_SCALAR_VALUE) {
				kbpf_verbose(env, "attempt to corrupt spilled pointer on stack\n");
				return -EACCES;
			}
			err = kbpf_callback_write_ok(env, frame, slot);
			if (err)
				return err;
		}
		/*
		 * As Linux 6.12: stack memory given to a helper is data from
		 * now on, even where the helper only reads it (spills scrubbed,
		 * zeroes forgotten). A read leaves the bytes as they are, so a
		 * callback may do this to its callers' stacks.
		 */
		kbpf_stack_mark_misc(frame, min_off, max_off - min_off);
		return 0;
	case KBPF_PTR_TO_MAP_VALUE:
		err = kbpf_map_access_type(env, reg, reg->off, size, write);
		if (!err)
			err = kbpf_check_region(env, regno, reg->off, size,
						reg->map_ptr->value_size, zero_ok);
		return err;
	case KBPF_PTR_TO_MAP_KEY:
		if (write) {
			kbpf_verbose(env, "write to change key R%d not allowed\n",
				     regno);
			return -EACCES;
		}
		return kbpf_check_region(env, regno, reg->off, size,
					 reg->map_ptr->key_size, zero_ok);
	case KBPF_PTR_TO_MEM:
		if (write && reg->type & KBPF_MEM_RDONLY) {
			kbpf_verbose(env, "R%d cannot write into %s\n", regno,
				     kbpf_reg_type_str(reg->type));
			return -EACCES;
		}
		return kbpf_check_region(env, regno, reg->off, size,
					 reg->mem_size, zero_ok);
	default:
		kbpf_verbose(env, "R%d invalid mem access '%s'\n", regno,
			     kbpf_reg_type_str(reg->type));
		return -EACCES;
	}
}
