// SPDX-License-Identifier: GPL-2.0
/*
 * ld_imm64 with pseudo sources: map fds (directly or through fd_array)
 * become references held by the program and, in the instructions the
 * interpreter runs, the map's address or the address of a value.
 */

#include <linux/err.h>
#include <linux/file.h>
#include <linux/uaccess.h>

#include "../map/map.h"
#include "env.h"

#define KBPF_LD_IMM64	(KBPF_LD | KBPF_IMM | KBPF_DW)

static bool kbpf_is_ldimm64(const struct kbpf_insn *insn)
{
	return insn->code == KBPF_LD_IMM64;
}

static int kbpf_check_map_prog_compat(struct kbpf_verifier_env *env,
				      const struct kbpf_map *map)
{
	if (env->prog->sleepable && !map->ops->sleepable_ok) {
		kbpf_verbose(env, "Sleepable programs can only use array, hash, ringbuf and local storage maps\n");
		return -EINVAL;
	}
	return 0;
}

/* The env's reference on the map behind @fd, taking one if it is new. */
static struct kbpf_map *kbpf_env_map_from_fd(struct kbpf_verifier_env *env,
					     int fd)
{
	struct kbpf_map *map;
	fmode_t mode;
	u32 i;

	map = kbpf_map_get_fd(fd, &mode);
	if (IS_ERR(map)) {
		kbpf_verbose(env, "fd %d is not pointing to valid bpf_map\n", fd);
		return map;
	}
	for (i = 0; i < env->used_map_cnt; i++) {
		if (env->used_maps[i] == map) {
			kbpf_map_put(map);
			return map;
		}
	}
	if (env->used_map_cnt >= KBPF_MAX_USED_MAPS) {
		kbpf_verbose(env, "The total number of maps per program has reached the limit of %u\n",
			     KBPF_MAX_USED_MAPS);
		kbpf_map_put(map);
		return ERR_PTR(-E2BIG);
	}
	env->used_maps[env->used_map_cnt++] = map;
	return map;
}

void kbpf_release_used_maps(struct kbpf_verifier_env *env)
{
	while (env->used_map_cnt)
		kbpf_map_put(env->used_maps[--env->used_map_cnt]);
}

static int kbpf_ldimm64_map_fd(struct kbpf_verifier_env *env,
			       const struct kbpf_insn *insn, u32 *fd)
{
	switch (insn->src_reg) {
	case KBPF_PSEUDO_MAP_IDX:
	case KBPF_PSEUDO_MAP_IDX_VALUE:
		if (!env->fd_array) {
			kbpf_verbose(env, "fd_idx without fd_array is invalid\n");
			return -EPROTO;
		}
		if (copy_from_user(fd, env->fd_array + (u32)insn->imm,
				   sizeof(*fd)))
			return -EFAULT;
		return 0;
	default:
		*fd = insn->imm;
		return 0;
	}
}

/*
 * Check every ld_imm64 and LDX's reserved fields, and rewrite map
 * loads: MAP_FD/MAP_IDX load the map's address, MAP_VALUE/MAP_IDX_VALUE
 * the address of byte insn[1].imm of the array's value (element 0).
 */
int kbpf_resolve_pseudo_ldimm64(struct kbpf_verifier_env *env)
{
	struct kbpf_insn *insn = env->prog->insns;
	u32 i, cnt = env->prog->len, fd, off;
	struct kbpf_map *map;
	u64 addr;
	int err;

	for (i = 0; i < cnt; i++, insn++) {
		if (KBPF_CLASS(insn->code) == KBPF_LDX &&
		    ((KBPF_MODE(insn->code) != KBPF_MEM &&
		      KBPF_MODE(insn->code) != KBPF_MEMSX) || insn->imm)) {
			kbpf_verbose(env, "BPF_LDX uses reserved fields\n");
			return -EINVAL;
		}
		if (!kbpf_is_ldimm64(insn)) {
			/* A basic check before any work on the instruction. */
			if (!kbpf_opcode_valid(insn->code)) {
				kbpf_verbose(env, "unknown opcode %02x\n", insn->code);
				return -EINVAL;
			}
			continue;
		}
		if (i == cnt - 1 || insn[1].code || insn[1].dst_reg ||
		    insn[1].src_reg || insn[1].off) {
			kbpf_verbose(env, "invalid bpf_ld_imm64 insn\n");
			return -EINVAL;
		}
		env->aux[i + 1].ldimm64_tail = true;

		switch (insn->src_reg) {
		case 0:
		case KBPF_PSEUDO_FUNC:	/* resolved by the structure pass */
			goto next;
		case KBPF_PSEUDO_MAP_VALUE:
		case KBPF_PSEUDO_MAP_IDX_VALUE:
			break;
		case KBPF_PSEUDO_MAP_FD:
		case KBPF_PSEUDO_MAP_IDX:
			if (!insn[1].imm)
				break;
			fallthrough;
		default:
			kbpf_verbose(env, "unrecognized bpf_ld_imm64 insn\n");
			return -EINVAL;
		}

		err = kbpf_ldimm64_map_fd(env, insn, &fd);
		if (err)
			return err;
		map = kbpf_env_map_from_fd(env, fd);
		if (IS_ERR(map))
			return PTR_ERR(map);
		err = kbpf_check_map_prog_compat(env, map);
		if (err)
			return err;

		if (insn->src_reg == KBPF_PSEUDO_MAP_FD ||
		    insn->src_reg == KBPF_PSEUDO_MAP_IDX) {
			addr = (unsigned long)map;
		} else {
			off = insn[1].imm;
			if (off >= KBPF_MAX_VAR_OFF) {
				kbpf_verbose(env, "direct value offset of %u is not allowed\n",
					     off);
				return -EINVAL;
			}
			if (!map->ops->direct_value_addr) {
				kbpf_verbose(env, "no direct value access support for this map type\n");
				return -EINVAL;
			}
			err = map->ops->direct_value_addr(map, &addr, off);
			if (err) {
				kbpf_verbose(env, "invalid access to map value pointer, value_size=%u off=%u\n",
					     map->value_size, off);
				return err;
			}
			addr += off;
		}
		env->aux[i].map = map;
		env->aux[i].map_off = insn->src_reg == KBPF_PSEUDO_MAP_FD ||
				      insn->src_reg == KBPF_PSEUDO_MAP_IDX ?
				      0 : insn[1].imm;
		insn[0].imm = (u32)addr;
		insn[1].imm = addr >> 32;
next:
		insn++;
		i++;
	}
	return 0;
}
