// SPDX-License-Identifier: GPL-2.0
/*
 * Helper calls a JITed program does without calling, as Linux's
 * do_misc_fixups() does for a program it JITs: a lookup in a map known
 * at the call becomes the map type's own instructions (its ops'
 * @gen_lookup), which the JIT then translates like any others, and an
 * update or delete a call of the map type's own function (its ops'
 * @direct_call), not of the helper that calls it through the ops. Only
 * when the program is to be JITed (@jit_requested, as Linux's
 * prog->jit_requested): the interpreter keeps the call, and a program
 * the JIT then refuses runs the instructions interpreted, which is as
 * correct. bpf_loop() calls are inline_loop.c's, JITed or not.
 */

#include "../map/map.h"
#include "../prog/helpers.h"
#include "env.h"

/*
 * At a call of a @gen_lookup or @direct_call helper on some path: the
 * map it got. Two
 * paths with two maps poison the call, which then stays a call.
 */
void kbpf_record_lookup_map(struct kbpf_verifier_env *env, u32 idx,
			    struct kbpf_map *map)
{
	struct kbpf_insn_aux *aux = &env->aux[idx];

	if (aux->lookup_map && aux->lookup_map != map)
		aux->lookup_map_poisoned = true;
	aux->lookup_map = map;
}

/*
 * The helper call at @buf's place as a call of the map's own function:
 * r1-r5 and r0 stay what they were, so the call alone changes.
 */
static u32 kbpf_inline_direct(const struct kbpf_map *map, s32 func_id,
			      struct kbpf_insn *buf)
{
	s32 id = map->ops->direct_call(map, func_id);

	if (!id)
		return 0;
	buf[0] = (struct kbpf_insn){ .code = KBPF_JMP | KBPF_CALL, .imm = id };
	return 1;
}

bool kbpf_inline_wanted(const struct kbpf_verifier_env *env)
{
	return env->jit_requested || env->loop_inline_total;
}

u32 kbpf_inline_call(const struct kbpf_verifier_env *env, u32 idx,
		     struct kbpf_insn *buf)
{
	const struct kbpf_insn *insn = &env->prog->insns[idx];
	const struct kbpf_insn_aux *aux = &env->aux[idx];
	const struct kbpf_helper_proto *proto;
	const struct kbpf_map *map = aux->lookup_map;

	if (insn->code != (KBPF_JMP | KBPF_CALL) || insn->src_reg)
		return 0;
	if (aux->loop_inline)
		return kbpf_inline_loop(env, idx, buf);
	if (!env->jit_requested)
		return 0;
	proto = kbpf_helper_proto(insn->imm);
	if (!proto || !map || aux->lookup_map_poisoned)
		return 0;
	if (proto->gen_lookup && map->ops->gen_lookup)
		return map->ops->gen_lookup(map, buf);
	if (proto->direct_call && map->ops->direct_call)
		return kbpf_inline_direct(map, insn->imm, buf);
	return 0;
}
