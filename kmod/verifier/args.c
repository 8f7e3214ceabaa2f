// SPDX-License-Identifier: GPL-2.0
/*
 * Helper arguments against the helper's prototype (prog/helpers.h), in
 * Linux's order: type, offset, then what the kind of argument asks
 * (memory and its size, map keys and values, constant strings, ctx,
 * callbacks); and the two-way check of map type against helper.
 */

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/kernel.h>

#include "../map/map.h"
#include "../prog/helpers.h"
#include "../prog/printf.h"
#include "call.h"
#include "env.h"

int kbpf_type_error(struct kbpf_verifier_env *env, u32 regno,
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
int kbpf_check_arg_reg_off(struct kbpf_verifier_env *env, u32 regno,
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
int kbpf_check_snprintf(struct kbpf_verifier_env *env,
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

int kbpf_check_arg(struct kbpf_verifier_env *env,
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

/*
 * Linux's two-way check of map type against helper: a helper that names
 * map types takes only those, and a map type reserved to its helpers
 * goes only to a helper that names it.
 */
int kbpf_check_map_func(struct kbpf_verifier_env *env,
			const struct kbpf_helper_proto *proto, s32 id,
			const struct kbpf_map *map)
{
	bool named;

	/* @map_types has a bit for every map type. */
	BUILD_BUG_ON(__MAX_KBPF_MAP_TYPE > 64);
	if (!map)
		return 0;
	named = proto->map_types & BIT_ULL(map->map_type);
	if ((proto->map_types || map->ops->helper_only) && !named) {
		kbpf_verbose(env, "cannot pass map_type %u into func bpf_%s#%d\n",
			     map->map_type, proto->name, id);
		return -EINVAL;
	}
	return 0;
}
