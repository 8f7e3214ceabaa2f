/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the JIT's harnesses share (jit_attack, jit_calls, jit_diff,
 * jit_loadtime): the module parameters they flip between loads, program
 * loading from a kbpf_asm buffer, prog arrays and their slots, and what
 * OBJ_GET_INFO_BY_FD says of an object. All of it goes through libkbpf.
 */
#ifndef _KBPF_JITFUZZ_COMMON_H
#define _KBPF_JITFUZZ_COMMON_H

#include <linux/types.h>

#include "tools/lib/kbpf/kbpf.h"
#include "tools/lib/kbpf/asm.h"

/*
 * Sets kbpf's module parameter @name to @v (0-9), read back first:
 * returns the value it had. Exits with status 2 when it cannot.
 */
int jf_set_param(const char *name, int v);
/* jit_enable = @v: 0 interpret the next loads, 1 JIT them. */
void jf_set_jit(int v);

/*
 * Loads @a (finished with kbpf_asm_done(), which exits 2 on an assembly
 * error) as a program of @type named @name, with a level 1 log: the fd,
 * or -1 with "LOADFAIL @what errno=N log tail: ..." printed unless
 * @quiet.
 */
int jf_load(struct kbpf_asm *a, __u32 type, const char *name,
	    const char *what, int quiet);

/* A map with 4-byte keys; exits 2 when it cannot be made. */
int jf_map_create(__u32 type, const char *name, __u32 value_size,
		  __u32 max_entries);
/* Slot @k of prog array @arr = @prog; a failure is printed and counted. */
void jf_slot(int arr, __u32 k, int prog, int *fails);
/* r1 = r6 (the ctx); r2 = prog array @arr; tail call (r3 set before). */
void jf_tail_call(struct kbpf_asm *a, int arr);

/* OBJ_GET_INFO_BY_FD fields; 0 when the call fails. */
__u32 jf_jited_len(int prog_fd);
__u32 jf_xlated_len(int prog_fd);
__u32 jf_prog_id(int prog_fd);
__u32 jf_map_id(int map_fd);

#endif /* _KBPF_JITFUZZ_COMMON_H */
