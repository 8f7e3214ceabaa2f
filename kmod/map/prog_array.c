// SPDX-License-Identifier: GPL-2.0
/*
 * KBPF_MAP_TYPE_PROG_ARRAY: slots of programs for tail calls. User space
 * writes program fds and reads program IDs; programs never see the
 * slots except through bpf_tail_call().
 *
 * A slot is an RCU-published pointer: written with xchg() (a full
 * barrier, so it publishes as rcu_assign_pointer() would) and read with
 * rcu_dereference() by the interpreter and by lookups under
 * rcu_read_lock() (an unverified sleepable program can tail call too, under
 * the sleepable read side); a program taken out of a slot is put, and freed only
 * after the grace periods of kbpf_prog_put(), so a run that read the slot
 * before the xchg() keeps a valid program.
 */

#include <linux/bits.h>
#include <linux/err.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "../compat.h"
#include "../prog/checked.h"
#include "../prog/helpers.h"
#include "../prog/interp.h"
#include "../prog/prog.h"
#include "../sleepable.h"
#include "map.h"

/*
 * @owner_type, @owner_attach_type, @owner_jited: the program type,
 * expected attach type and JITed-ness of every program in a slot and of
 * every program that names the array, set by the first of them (a slot
 * update or a load) under @owner_lock, never changed after: a tail call
 * must land in a program verified for the same context and helpers as
 * its caller, and run the same way (a JITed caller jumps into the
 * target's image, an interpreted one runs its instructions).
 */
struct kbpf_prog_array {
	struct kbpf_map map;
	spinlock_t owner_lock;	/* protects owner_* */
	bool owner_set;
	bool owner_jited;
	u32 owner_type;
	u32 owner_attach_type;
	struct kbpf_prog __rcu *progs[];
};

static struct kbpf_prog_array *kbpf_prog_array(const struct kbpf_map *map)
{
	return container_of(map, struct kbpf_prog_array, map);
}

static int kbpf_prog_array_alloc_check(const union kbpf_attr *attr)
{
	if (attr->value_size != sizeof(u32))
		return -EINVAL;
	/* Programs never access the slots directly. */
	if (attr->map_flags & (KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG))
		return -EINVAL;
	return kbpf_array_alloc_check(attr);
}

static struct kbpf_map *kbpf_prog_array_alloc(const union kbpf_attr *attr)
{
	struct kbpf_prog_array *array;

	array = kvzalloc(struct_size(array, progs, attr->max_entries),
			 GFP_KERNEL_ACCOUNT | __GFP_NOWARN |
			 __GFP_RETRY_MAYFAIL);
	if (!array)
		return ERR_PTR(-ENOMEM);
	kbpf_map_init_from_attr(&array->map, attr);
	spin_lock_init(&array->owner_lock);
	return &array->map;
}

/* Drop every program; user references are gone or the map is. */
static void kbpf_prog_array_clear(struct kbpf_map *map)
{
	struct kbpf_prog_array *array = kbpf_prog_array(map);
	struct kbpf_prog *old;
	u32 i;

	for (i = 0; i < map->max_entries; i++) {
		old = unrcu_pointer(xchg(&array->progs[i], NULL));
		if (old)
			kbpf_prog_put(old);
	}
}

static void kbpf_prog_array_free(struct kbpf_map *map)
{
	kbpf_prog_array_clear(map);
	kvfree(kbpf_prog_array(map));
}

/* The first program to ask becomes the owner; the rest must match it. */
static bool kbpf_prog_array_owner_match(struct kbpf_prog_array *array,
					const struct kbpf_prog *prog)
{
	lockdep_assert_held(&array->owner_lock);
	if (!array->owner_set) {
		array->owner_set = true;
		array->owner_type = prog->type;
		array->owner_attach_type = prog->expected_attach_type;
		array->owner_jited = !!prog->jit_func;
	}
	return array->owner_type == prog->type &&
	       array->owner_attach_type == prog->expected_attach_type &&
	       array->owner_jited == !!prog->jit_func;
}

/*
 * Whether @prog may sit in a slot of this array or tail call through it,
 * as Linux's __bpf_prog_map_compatible(): the first program decides the
 * type, expected attach type and JITed-ness for all (a program the JIT
 * left to the interpreter, the arena full for one, joins no JITed
 * program's array: docs/jit.md). A sleepable program never may
 * (stricter than Linux 6.12, which does not compare sleepability): it
 * cannot use a prog array itself, and a non-sleepable caller must never
 * enter it, with preemption or interrupts off.
 */
bool kbpf_prog_array_compatible(struct kbpf_map *map,
				const struct kbpf_prog *prog)
{
	struct kbpf_prog_array *array = kbpf_prog_array(map);
	bool ok;

	/*
	 * Only a checked build's oracle tests (checked_skip_verifier=1) get
	 * here with anything allowed: they build the mismatches the checked
	 * interpreter must stop at the tail call. Never true otherwise.
	 */
	if (kbpf_checked_skip_verifier())
		return true;
	if (prog->sleepable)
		return false;
	spin_lock(&array->owner_lock);
	ok = kbpf_prog_array_owner_match(array, prog);
	spin_unlock(&array->owner_lock);
	return ok;
}

struct kbpf_prog *kbpf_prog_array_get(struct kbpf_map *map, u32 index)
{
	return rcu_dereference_check(kbpf_prog_array(map)->progs[index],
				     kbpf_sleepable_read_lock_held());
}

/*
 * bpf_tail_call(): the interpreter performs it through
 * kbpf_prog_array_get(), so it has no function. When it fails the
 * program goes on with r0 unset (Linux's RET_VOID).
 */
const struct kbpf_helper_proto kbpf_tail_call_proto = {
	.name = "tail_call", .ret_type = KBPF_RET_VOID,
	KBPF_ARGS(KBPF_ARG_PTR_TO_CTX, KBPF_ARG_CONST_MAP_PTR,
		  KBPF_ARG_ANYTHING),
	.tail_call = true,
	.map_types = BIT_ULL(KBPF_MAP_TYPE_PROG_ARRAY),
};

/* Programs reach slots through tail calls only. */
static void *kbpf_prog_array_lookup(struct kbpf_map *map, const void *key)
{
	return NULL;
}

static long kbpf_prog_array_update(struct kbpf_map *map, const void *key,
				   const void *value, u64 flags)
{
	return -EOPNOTSUPP;
}

static u32 kbpf_prog_array_value_size(const struct kbpf_map *map)
{
	return sizeof(u32);
}

/* The ID of the program in the slot. */
static int kbpf_prog_array_sys_lookup(struct kbpf_map *map, const void *key,
				      void *value)
{
	struct kbpf_prog_array *array = kbpf_prog_array(map);
	u32 index = *(const u32 *)key;
	struct kbpf_prog *prog;
	int err = -ENOENT;

	if (index >= map->max_entries)
		return -ENOENT;
	rcu_read_lock();
	prog = rcu_dereference(array->progs[index]);
	if (prog) {
		*(u32 *)value = prog->id;
		err = 0;
	}
	rcu_read_unlock();
	return err;
}

static long kbpf_prog_array_sys_update(struct kbpf_map *map, const void *key,
				       const void *value, u64 flags)
{
	struct kbpf_prog_array *array = kbpf_prog_array(map);
	u32 index = *(const u32 *)key;
	struct kbpf_prog *prog, *old;

	if (flags != KBPF_ANY)
		return -EINVAL;
	if (index >= map->max_entries)
		return -E2BIG;
	prog = kbpf_prog_get_fd(*(const u32 *)value);
	if (IS_ERR(prog))
		return PTR_ERR(prog);
	if (!kbpf_prog_array_compatible(map, prog)) {
		kbpf_prog_put(prog);
		return -EINVAL;
	}
	old = unrcu_pointer(xchg(&array->progs[index], RCU_INITIALIZER(prog)));
	if (old)
		kbpf_prog_put(old);
	return 0;
}

static long kbpf_prog_array_delete(struct kbpf_map *map, const void *key)
{
	struct kbpf_prog_array *array = kbpf_prog_array(map);
	u32 index = *(const u32 *)key;
	struct kbpf_prog *old;

	if (index >= map->max_entries)
		return -E2BIG;
	old = unrcu_pointer(xchg(&array->progs[index], NULL));
	if (!old)
		return -ENOENT;
	kbpf_prog_put(old);
	return 0;
}

const struct kbpf_map_ops kbpf_prog_array_map_ops = {
	.alloc_check		= kbpf_prog_array_alloc_check,
	.alloc			= kbpf_prog_array_alloc,
	.free			= kbpf_prog_array_free,
	.lookup			= kbpf_prog_array_lookup,
	.update			= kbpf_prog_array_update,
	.delete			= kbpf_prog_array_delete,
	.get_next_key		= kbpf_array_get_next_key,
	.sys_value_size		= kbpf_prog_array_value_size,
	.sys_lookup		= kbpf_prog_array_sys_lookup,
	.sys_update		= kbpf_prog_array_sys_update,
	.release_uref		= kbpf_prog_array_clear,
	.sys_writes_instrumented = true,
	.helper_only		= true,
};
