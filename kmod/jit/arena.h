/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The JIT's executable memory: a fixed arena inside kbpf's own module text
 * (kmod/jit/arena_text.S), handed out in chunks and written only through a
 * short-lived writable, non-executable alias of its pages. See
 * docs/jit-memory.md for the method, its hardening and its limits.
 *
 * Every function here may sleep: call them from process context.
 */
#ifndef _KBPF_JIT_ARENA_H
#define _KBPF_JIT_ARENA_H

#include <linux/sizes.h>

/*
 * Bytes of the arena, fixed at build time (a multiple of the page size);
 * kmod/jit/arena_text.S reserves it. Override with
 * "make KBPF_JIT_ARENA_SIZE=..." (see Kbuild).
 */
#ifndef KBPF_JIT_ARENA_SIZE
#define KBPF_JIT_ARENA_SIZE	SZ_2M
#endif
/* Allocation unit and alignment of every chunk: one cache line. */
#define KBPF_JIT_CHUNK		64

#ifndef __ASSEMBLY__
#include <linux/types.h>

struct dentry;

/* The arena's first byte (arena_text.S). */
extern u8 kbpf_jit_arena[];
/*
 * The return stub: "jmp kbpf_jit_return" returns from generated code the
 * way the module loader patched this function's RET (plain ret, or a jump
 * to the return thunk the kernel chose).
 */
void kbpf_jit_return(void);

/* kbpf_jit_arena and kbpf_jit_return, for the KUnit suite. */
u8 *kbpf_jit_arena_base(void);
void *kbpf_jit_return_stub(void);

/*
 * An executable chunk of at least @size bytes, filled with int3, or NULL
 * when the arena is full or disabled; each NULL is counted (the program
 * then runs interpreted).
 */
void *kbpf_jit_arena_alloc(size_t size);
/*
 * Copies @len bytes of code from @src to @dst, which lies in one chunk
 * from kbpf_jit_arena_alloc() that no CPU may be running. On return the
 * alias is gone and the generation bumped: the code may run on a CPU
 * that passes kbpf_jit_enter(kbpf_jit_gen()) (serialize.h), read after
 * this returned, pinned to that CPU until the code returns.
 */
int kbpf_jit_arena_write(void *dst, const void *src, size_t len);
/*
 * Gives a chunk back; @size as allocated. No CPU may be running it, nor
 * start to (the caller waited for its readers). Its units are stale until
 * a later session refills them with int3 (the next write, a work item
 * within KBPF_JIT_REFILL_DELAY, an allocation short of room): only then
 * are they handed out again. Never waits for a session.
 */
void kbpf_jit_arena_release(void *chunk, size_t size);
/* As kbpf_jit_arena_release(), but refilled with int3 on return. */
void kbpf_jit_arena_free(void *chunk, size_t size);
/* Refills every stale unit now; 0 or -ENOMEM (they stay stale). */
int kbpf_jit_arena_flush(void);
/* Whether the arena is usable on this kernel and CPU (see init). */
bool kbpf_jit_arena_enabled(void);
/* Allocations refused because the arena was full or disabled. */
unsigned long kbpf_jit_arena_fallbacks(void);
/* Bytes of the arena handed out now. */
size_t kbpf_jit_arena_used(void);

void kbpf_jit_arena_init(struct dentry *debugfs_dir);
void kbpf_jit_arena_exit(void);

#endif /* __ASSEMBLY__ */

#endif /* _KBPF_JIT_ARENA_H */
