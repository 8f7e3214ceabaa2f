// SPDX-License-Identifier: GPL-2.0
/*
 * The interpreter.
 *
 * Dispatch is threaded code: a table of label addresses indexed by the
 * opcode byte, one handler per opcode of RFC 9669, each ending in its own
 * copy of the indirect jump to the next handler. Variants that share an
 * opcode (sdiv/smod by off, movsx by off, widths of END by imm, atomic
 * operations by imm) branch inside the handler. The handlers of the
 * regular operations (ALU, conditional jumps, loads and stores, atomics)
 * are generated from the lists of opcodes.h, each operation written once
 * for all of its forms; their order in the function is the list order,
 * which placement (below) makes part of the speed. Register fields are four
 * bits wide: the register file has sixteen slots so that no encoding can
 * index outside it; r11-r15 are scratch nothing reads.
 *
 * Frames. The main program, every bpf-to-bpf call and every callback run
 * in a frame of their own: one activation of kbpf_interp_exec() with its
 * own registers. A call passes r1-r5 and gets r0 back; r6-r9 and r10 of
 * the caller are untouched because they live in the caller's frame. At
 * most KBPF_MAX_CALL_FRAMES frames per run, callbacks included. A tail
 * call replaces the instructions of the current frame and keeps its
 * stack and r0-r5 (r6-r9 start at 0 again, as a program's do); a run
 * makes at most KBPF_MAX_TAIL_CALLS of them.
 *
 * The BPF stack. A run has one KBPF_STACK_SIZE-byte stack, on the kernel
 * stack of kbpf_interp_run_env(), and each frame takes from it, below its
 * caller's, the bytes of its subprogram's verified depth (the program's
 * frame table, struct kbpf_prog_frame); r10 is one past the frame's top.
 * The verifier bounds every chain of calls and callbacks to that size, as
 * Linux does, so the kernel stack a run needs no longer grows by 512
 * bytes per frame. That bound counts a callback from the function that
 * loads it (Linux's check_max_stack_depth()); a callback pointer handed
 * down to a subprogram runs deeper than that, so a callback frame that
 * does not fit gets a stack of its own, on which its own chain fits
 * (kbpf_interp_exec_own_stack()). Any other frame that would not fit
 * (only an unverified program gets there) stops the run. A tail call
 * resizes the current frame to its target's depth.
 *
 * The run context. A run's state (frame count, tail calls, the env) sits
 * in struct kbpf_interp_run on the stack of kbpf_interp_run_env(), and
 * current->bpf_ctx points at it for the length of the run. That is how
 * a helper's callback, kbpf_interp_call(), finds the run that called the
 * helper. The pointer is per task, not per CPU, because a sleepable
 * program can be preempted or sleep in a helper while another task runs a
 * program on the same CPU (migrate_disable() pins, it does not exclude).
 * Runs nested by interrupts save and restore it in stack order. The field
 * is the one Linux's own runs use the same way, save/restore included,
 * so runs of either kind may nest in the other; kbpf never reads a
 * context it did not install. Without CONFIG_BPF_SYSCALL the field does
 * not exist and a per-CPU pointer stands in, which is only sound for runs
 * that cannot be preempted (non-sleepable programs).
 *
 * Stopping. What only an unverified program can do (an unknown opcode or
 * a reserved variant of a known one, a helper ID outside the table or
 * without a helper, a kfunc call, one frame too many) stops the whole
 * run: every frame returns at once, helpers that called back get 0 from
 * kbpf_interp_call() and their callbacks no longer run, and the run
 * returns 0. The verifier makes all of these unreachable.
 *
 * KBPF_INTERP_CHECKED (ccflags -DKBPF_INTERP_CHECKED) sends the address
 * of every load, store and atomic through kbpf_interp_check_access()
 * before it is used, and every callback entry and tail-call target
 * through the run's oracle (checked.c) before it runs; a refused access
 * or transfer stops the run. Without the option the checks are the
 * constant true and compile away.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bpf.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/swab.h>
#include <asm/byteorder.h>

#include "../compat.h"
#include "../jit/serialize.h"
#include "../map/map.h"
#include "helpers.h"
#include "interp.h"
#include "opcodes.h"
#include "skb.h"
#ifdef KBPF_INTERP_CHECKED
#include "checked.h"
#endif

/*
 * One run, from kbpf_interp_run_env() to its return. Only the task that
 * runs it touches it, through the frames and through kbpf_interp_call().
 * kbpf_interp_run_init() sets each field: a new one is added there too.
 */
struct kbpf_interp_run {
	struct bpf_run_ctx run_ctx;	/* what current->bpf_ctx points at */
	struct bpf_run_ctx *outer;	/* what it pointed at before */
	const struct kbpf_interp_env *env;
	/* whose frame table sizes new frames: the current frame's program */
	const struct kbpf_prog *prog;
	/*
	 * The run's BPF stack is [stack_lo, stack_hi); the live frames hold
	 * [sp, stack_hi), the current one at the bottom, so sp is where the
	 * next frame's top (its r10) goes. Interpreted runs only: a JITed
	 * run's frames are on the kernel stack (kmod/jit/translate.c), and
	 * these stay NULL.
	 */
	u64 *stack_lo;
	u64 *stack_hi;
	u64 *sp;
	u32 enter_size;			/* of the frame being entered */
#ifdef KBPF_INTERP_CHECKED
	/*
	 * The live frames of the stacks a callback left for one of its own
	 * (kbpf_interp_exec_own_stack()), innermost first; NULL while the
	 * run has one stack. The oracle allows them as it allows [sp,
	 * stack_hi).
	 */
	const struct kbpf_checked_stack *outer_stacks;
#endif
	/*
	 * The last callback kbpf_interp_call() entered, its frame size and
	 * the bytes of the calls below it, looked up in cb_prog's frame
	 * table: a helper calls back at the same entry once per element or
	 * sample, and both depend on nothing but the entry, the program and
	 * the env (the run's own).
	 * cb_entry NULL: nothing recorded yet.
	 */
	const struct kbpf_insn *cb_entry;
	const struct kbpf_prog *cb_prog;
	u32 cb_size;
	u32 cb_below;
	/*
	 * Frames live, callbacks included; in a JITed run only the first
	 * and its callbacks are counted (bpf-to-bpf calls are JIT code,
	 * which the JIT proved within the limit before emitting it).
	 */
	u32 frames;
	u32 tail_calls;
	bool stopped;
	/*
	 * The run executes an image: callback entries are JIT functions,
	 * and every program a tail call reaches has an image too.
	 */
	bool jited;
};

/*
 * A run's first state, field by field: every run starts one, and an
 * initializer would zero the struct with a rep stos first, one TB per
 * word under emulation (TCG). A field added to the struct is set here.
 */
static __always_inline void kbpf_interp_run_init(struct kbpf_interp_run *run,
						 const struct kbpf_interp_env *env,
						 u64 *stack_lo, u64 *stack_hi,
						 bool jited)
{
	run->outer = NULL;
	run->env = env;
	run->prog = env->prog;
	run->stack_lo = stack_lo;
	run->stack_hi = stack_hi;
	run->sp = stack_hi;
	run->enter_size = 0;
#ifdef KBPF_INTERP_CHECKED
	run->outer_stacks = NULL;
#endif
	run->cb_entry = NULL;
	run->cb_prog = NULL;
	run->cb_size = 0;
	run->cb_below = 0;
	run->frames = 1;
	run->tail_calls = 0;
	run->stopped = false;
	run->jited = jited;
}

#ifdef CONFIG_BPF_SYSCALL
static __always_inline struct bpf_run_ctx *kbpf_interp_ctx(void)
{
	return current->bpf_ctx;
}

static __always_inline void kbpf_interp_set_ctx(struct bpf_run_ctx *ctx)
{
	current->bpf_ctx = ctx;
}
#else
static DEFINE_PER_CPU(struct bpf_run_ctx *, kbpf_interp_cpu_ctx);

static __always_inline struct bpf_run_ctx *kbpf_interp_ctx(void)
{
	return this_cpu_read(kbpf_interp_cpu_ctx);
}

static __always_inline void kbpf_interp_set_ctx(struct bpf_run_ctx *ctx)
{
	this_cpu_write(kbpf_interp_cpu_ctx, ctx);
}
#endif

/* The run of the current task; only valid inside a helper of a run. */
static __always_inline struct kbpf_interp_run *kbpf_interp_current(void)
{
	struct bpf_run_ctx *ctx = kbpf_interp_ctx();

	return ctx ? container_of(ctx, struct kbpf_interp_run, run_ctx) : NULL;
}

#ifdef KBPF_INTERP_CHECKED
/* The live frames' part of the run's stack, for the oracle. */
static struct kbpf_checked_stack
kbpf_interp_live_stack(const struct kbpf_interp_run *run)
{
	return (struct kbpf_checked_stack){
		.lo = (unsigned long)run->sp,
		.hi = (unsigned long)run->stack_hi,
		.outer = run->outer_stacks,
	};
}

/*
 * The live frames' stacks are always fine; anything else is the env's to
 * judge: its check_access hook (tests), else the run's oracle (checked.c)
 * when the run has one, else allowed. @insn: the access, NULL if unknown.
 */
static bool kbpf_interp_checked_ok(struct kbpf_interp_run *run,
				   const struct kbpf_insn *insn,
				   const void *addr, u32 size, bool write)
{
	const struct kbpf_interp_env *env = run->env;
	struct kbpf_checked_stack live = kbpf_interp_live_stack(run);
	const struct kbpf_checked_stack *s;
	unsigned long a = (unsigned long)addr;

	for (s = &live; s; s = s->outer)
		if (a >= s->lo && size <= s->hi - s->lo &&
		    a - s->lo <= s->hi - s->lo - size)
			return true;
	if (env->check_access) {
		if (env->check_access(addr, size, write))
			return true;
	} else if (!env->checked ||
		   kbpf_checked_access(env->checked, &live, insn, addr, size,
				       write)) {
		return true;
	}
	pr_warn_ratelimited("checked interpreter: %s of %u bytes at %p refused\n",
			    write ? "store" : "load", size, addr);
	return false;
}

/* Called from the frames of a run only, so the run is the current one. */
bool kbpf_interp_check_access(const void *addr, u32 size, bool write)
{
	return kbpf_interp_checked_ok(kbpf_interp_current(), NULL, addr, size,
				      write);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_interp_check_access);

/* In kbpf_interp_exec(): the run and the instruction are its locals. */
#define kbpf_interp_access_ok(addr, size, write) \
	kbpf_interp_checked_ok(run, insn, addr, size, write)
#else
static __always_inline bool kbpf_interp_access_ok(const void *addr, u32 size,
						  bool write)
{
	return true;
}
#endif

/*
 * The stack bytes of the frame entered at @entry: its subprogram's from
 * the program's frame table, env->stack_depth for a program without one.
 * An entry that starts no subprogram gets more than the whole stack.
 * *@below (when non-NULL): the bytes of the calls below it (struct
 * kbpf_prog_frame), 0 without a table entry.
 */
static u32 kbpf_interp_frame_lookup(const struct kbpf_interp_run *run,
				    const struct kbpf_insn *entry, u32 *below)
{
	const struct kbpf_prog *prog = run->prog;
	const struct kbpf_prog_frame *f = NULL;
	unsigned long idx;
	u32 lo = 0, hi, mid;

	if (below)
		*below = 0;
	if (!prog || !prog->frames)
		return min_t(u32, run->env->stack_depth, KBPF_STACK_SIZE);
	idx = ((unsigned long)entry - (unsigned long)prog->insns) /
	      sizeof(*entry);
	/* Most lookups are of the main program, a run's first frame. */
	if (prog->frames[0].start == idx)
		f = &prog->frames[0];
	hi = prog->frame_cnt;
	while (!f && lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (prog->frames[mid].start == idx)
			f = &prog->frames[mid];
		else if (prog->frames[mid].start < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!f)
		return KBPF_STACK_SIZE + 1;
	if (below)
		*below = f->below;
	return f->size;
}

static u32 kbpf_interp_frame_size(const struct kbpf_interp_run *run,
				  const struct kbpf_insn *entry)
{
	return kbpf_interp_frame_lookup(run, entry, NULL);
}

/*
 * The callee's frame size of pseudo call @insn: in its off when the
 * program has a frame table (kbpf_prog_frames_build()).
 */
static __always_inline u32 kbpf_interp_call_size(const struct kbpf_interp_run *run,
						 const struct kbpf_insn *insn)
{
	if (likely(run->prog && run->prog->frames))
		return (u16)insn->off;
	return min_t(u32, run->env->stack_depth, KBPF_STACK_SIZE);
}

/* Looks the size of callback @entry up and records it for the next call. */
static noinline u32 kbpf_interp_callback_lookup(struct kbpf_interp_run *run,
						const struct kbpf_insn *entry)
{
	run->cb_size = kbpf_interp_frame_lookup(run, entry, &run->cb_below);
	run->cb_entry = entry;
	run->cb_prog = run->prog;
	return run->cb_size;
}

/*
 * The frame size of callback @entry: kbpf_interp_frame_size(), searched
 * only when the entry or the current program differs from the last
 * callback's. The caller still checks that the frame fits.
 */
static __always_inline u32
kbpf_interp_callback_size(struct kbpf_interp_run *run,
			  const struct kbpf_insn *entry)
{
	if (likely(entry == run->cb_entry && run->prog == run->cb_prog &&
		   entry))
		return run->cb_size;
	return kbpf_interp_callback_lookup(run, entry);
}

/* Whether @size bytes fit in the run's stack below @top. */
static __always_inline bool kbpf_interp_fits(const struct kbpf_interp_run *run,
					     const u64 *top, u32 size)
{
	return size <= (unsigned long)top - (unsigned long)run->stack_lo;
}

/*
 * The program a tail call through slot @index of @map enters, NULL if
 * there is none: the program goes on. As Linux's interpreter: an index out of range costs
 * nothing, any other attempt counts against the run's limit even if the
 * slot is empty. Interpreted and JITed runs count alike.
 */
static __always_inline struct kbpf_prog *
kbpf_interp_tail_target(struct kbpf_interp_run *run, struct kbpf_map *map,
			u32 index)
{
	if (unlikely(index >= map->max_entries))
		return NULL;
	if (unlikely(run->tail_calls >= KBPF_MAX_TAIL_CALLS))
		return NULL;
	run->tail_calls++;
	if (unlikely(!run->env->prog_array_get))
		return NULL;
	return run->env->prog_array_get(map, index);
}

static void __cold kbpf_interp_stop(struct kbpf_interp_run *run,
				    const struct kbpf_insn *insn)
{
	run->stopped = true;
	pr_warn_ratelimited("interpreter stopped a program at opcode %#04x src %u off %d imm %d\n",
			    insn->code, insn->src_reg, insn->off, insn->imm);
}

/*
 * Division and modulo as Linux's interpreter after its verifier's fixups:
 * by zero, div gives 0 and mod leaves dst (so 32-bit mod zero-extends it);
 * signed by -1, div negates (INT_MIN stays INT_MIN) and mod gives 0.
 */
static __always_inline u64 kbpf_div64(u64 dst, u64 src, bool sign)
{
	if (unlikely(!src))
		return 0;
	if (!sign)
		return div64_u64(dst, src);
	if (unlikely(src == (u64)-1))
		return -dst;
	return div64_s64(dst, src);
}

static __always_inline u64 kbpf_mod64(u64 dst, u64 src, bool sign)
{
	u64 rem;

	if (unlikely(!src))
		return dst;
	if (!sign) {
		div64_u64_rem(dst, src, &rem);
		return rem;
	}
	if (unlikely(src == (u64)-1))
		return 0;
	return dst - div64_s64(dst, src) * src;
}

static __always_inline u32 kbpf_div32(u32 dst, u32 src, bool sign)
{
	if (unlikely(!src))
		return 0;
	if (!sign)
		return dst / src;
	if (unlikely(src == (u32)-1))
		return -dst;
	return (s32)dst / (s32)src;
}

static __always_inline u32 kbpf_mod32(u32 dst, u32 src, bool sign)
{
	if (unlikely(!src))
		return dst;
	if (!sign)
		return dst % src;
	if (unlikely(src == (u32)-1))
		return 0;
	return (s32)dst % (s32)src;
}

/* Jump-table entries of the operations of opcodes.h, all forms of each. */
#define KBPF_JT_ALU(OP, name, ...) \
	[KBPF_ALU | KBPF_##OP | KBPF_K] = &&alu32_##name##_k, \
	[KBPF_ALU | KBPF_##OP | KBPF_X] = &&alu32_##name##_x, \
	[KBPF_ALU64 | KBPF_##OP | KBPF_K] = &&alu64_##name##_k, \
	[KBPF_ALU64 | KBPF_##OP | KBPF_X] = &&alu64_##name##_x,
#define KBPF_JT_JMP(OP, name, ...) \
	[KBPF_JMP | KBPF_##OP | KBPF_K] = &&jmp_##name##_k, \
	[KBPF_JMP | KBPF_##OP | KBPF_X] = &&jmp_##name##_x, \
	[KBPF_JMP32 | KBPF_##OP | KBPF_K] = &&jmp32_##name##_k, \
	[KBPF_JMP32 | KBPF_##OP | KBPF_X] = &&jmp32_##name##_x,
#define KBPF_JT_MEM(SIZE, name, ...) \
	[KBPF_LDX | KBPF_MEM | KBPF_##SIZE] = &&ldx_mem_##name, \
	[KBPF_ST | KBPF_MEM | KBPF_##SIZE] = &&st_mem_##name, \
	[KBPF_STX | KBPF_MEM | KBPF_##SIZE] = &&stx_mem_##name,
#define KBPF_JT_MEMSX(SIZE, name, ...) \
	[KBPF_LDX | KBPF_MEMSX | KBPF_##SIZE] = &&ldx_memsx_##name,

/* The operands of the instruction at hand. */
#define DST	regs[insn->dst_reg]
#define SRC	regs[insn->src_reg]
#define IMM	insn->imm
#define IMM32	((u32)insn->imm)
#define IMM64	((u64)(s64)insn->imm)
#define ADDR(base)	((void *)(unsigned long)((base) + insn->off))

/* The end of every handler: on to the next instruction's. */
#define NEXT	goto *jumptable[(++insn)->code]

/*
 * Handler generators, one per kind of operation in opcodes.h: each
 * writes an operation once and expands it to all of its forms, in the
 * order 64-bit register, 64-bit immediate, 32-bit register, 32-bit
 * immediate. 32-bit forms compute in u32 (or s32), which zero-extends
 * the result into dst.
 */
#define KBPF_ALU_BINOP(OP, name, op) \
alu64_##name##_x: \
	DST = DST op SRC; \
	NEXT; \
alu64_##name##_k: \
	DST = DST op IMM64; \
	NEXT; \
alu32_##name##_x: \
	DST = (u32)DST op (u32)SRC; \
	NEXT; \
alu32_##name##_k: \
	DST = (u32)DST op IMM32; \
	NEXT;

#define KBPF_ALU_SHIFT(OP, name, op, sign) \
alu64_##name##_x: \
	DST = (sign##64)DST op (SRC & 63); \
	NEXT; \
alu64_##name##_k: \
	DST = (sign##64)DST op (IMM & 63); \
	NEXT; \
alu32_##name##_x: \
	DST = (u32)((sign##32)DST op (SRC & 31)); \
	NEXT; \
alu32_##name##_k: \
	DST = (u32)((sign##32)DST op (IMM & 31)); \
	NEXT;

/* off is the signedness: 0 or 1 (kbpf_div64() and friends). */
#define KBPF_ALU_DIVMOD_OP(OP, name) \
alu64_##name##_x: \
	if (unlikely((u16)insn->off > 1)) \
		goto stop; \
	DST = kbpf_##name##64(DST, SRC, insn->off); \
	NEXT; \
alu64_##name##_k: \
	if (unlikely((u16)insn->off > 1)) \
		goto stop; \
	DST = kbpf_##name##64(DST, IMM64, insn->off); \
	NEXT; \
alu32_##name##_x: \
	if (unlikely((u16)insn->off > 1)) \
		goto stop; \
	DST = kbpf_##name##32(DST, SRC, insn->off); \
	NEXT; \
alu32_##name##_k: \
	if (unlikely((u16)insn->off > 1)) \
		goto stop; \
	DST = kbpf_##name##32(DST, IMM32, insn->off); \
	NEXT;

/* As Linux's COND_JMP, but JMP and JMP32 are generated apart (below). */
#define KBPF_COND_JMP64(OP, name, op, sign) \
jmp_##name##_x: \
	if ((sign##64)DST op (sign##64)SRC) \
		insn += insn->off; \
	NEXT; \
jmp_##name##_k: \
	if ((sign##64)DST op (sign##64)IMM64) \
		insn += insn->off; \
	NEXT;

#define KBPF_COND_JMP32(OP, name, op, sign) \
jmp32_##name##_x: \
	if ((sign##32)DST op (sign##32)SRC) \
		insn += insn->off; \
	NEXT; \
jmp32_##name##_k: \
	if ((sign##32)DST op (sign##32)IMM32) \
		insn += insn->off; \
	NEXT;

/* Loads and stores: the address is checked before it is used. */
#define KBPF_LDX_MEM(SIZE, name, bits) \
ldx_mem_##name: \
	addr = ADDR(SRC); \
	if (!kbpf_interp_access_ok(addr, (bits) / 8, false)) \
		goto stop; \
	DST = *(u##bits *)addr; \
	NEXT;

#define KBPF_LDX_MEMSX(SIZE, name, bits) \
ldx_memsx_##name: \
	addr = ADDR(SRC); \
	if (!kbpf_interp_access_ok(addr, (bits) / 8, false)) \
		goto stop; \
	DST = *(s##bits *)addr; \
	NEXT;

/* ST stores the immediate sign-extended to 64 bits, then truncated. */
#define KBPF_ST_MEM(SIZE, name, bits) \
st_mem_##name: \
	addr = ADDR(DST); \
	if (!kbpf_interp_access_ok(addr, (bits) / 8, true)) \
		goto stop; \
	*(u##bits *)addr = IMM64; \
	NEXT;

#define KBPF_STX_MEM(SIZE, name, bits) \
stx_mem_##name: \
	addr = ADDR(DST); \
	if (!kbpf_interp_access_ok(addr, (bits) / 8, true)) \
		goto stop; \
	*(u##bits *)addr = SRC; \
	NEXT;

/*
 * Atomics of one width: atomic is the kernel's family (atomic_ or
 * atomic64_). Fetch variants leave the old value in src, cmpxchg in r0.
 */
#define KBPF_ATOMIC_ALU(OP, name, atomic, bits) \
	case KBPF_##OP: \
		atomic##_##name((u##bits)SRC, addr); \
		NEXT; \
	case KBPF_##OP | KBPF_FETCH: \
		SRC = (u##bits)atomic##_fetch_##name((u##bits)SRC, addr); \
		NEXT;

#define KBPF_STX_ATOMIC(name, atomic, bits) \
stx_atomic_##name: \
	addr = ADDR(DST); \
	if (!kbpf_interp_access_ok(addr, (bits) / 8, true)) \
		goto stop; \
	switch (insn->imm) { \
	KBPF_ATOMIC_ALU_OPS(KBPF_ATOMIC_ALU, atomic, bits) \
	case KBPF_XCHG: \
		SRC = (u##bits)atomic##_xchg(addr, (u##bits)SRC); \
		NEXT; \
	case KBPF_CMPXCHG: \
		regs[0] = (u##bits)atomic##_cmpxchg(addr, (u##bits)regs[0], \
						    (u##bits)SRC); \
		NEXT; \
	} \
	goto stop;

__diag_push();
__diag_ignore_all("-Woverride-init", "jump table: unknown opcodes, then known");

/*
 * Runs one frame from @insn with r1-r5 of the caller until its exit;
 * returns r0, or 0 once the run is stopped.
 *
 * Placement: every opcode handler starts a 64-byte block (Kbuild builds
 * this file with -falign-labels=64). Under QEMU's TCG each handler's
 * indirect jump is resolved through a cache indexed by the target's page
 * and its 64-byte block within the page, so handlers that shared a block
 * index collided and thrashed it, and any change of code placed before
 * this function moved its speed by up to 30% (see BENCHMARKS.md). On
 * hardware it costs some padding, in cache lines the handlers fill
 * anyway.
 */
static u64 kbpf_interp_exec(struct kbpf_interp_run *run,
			    const struct kbpf_insn *insn,
			    u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	static const void * const jumptable[256] __annotate_jump_table = {
		[0 ... 255] = &&stop,
		KBPF_ALU_BINOPS(KBPF_JT_ALU)
		KBPF_ALU_SHIFTS(KBPF_JT_ALU)
		KBPF_ALU_DIVMOD(KBPF_JT_ALU)
		KBPF_JT_ALU(MOV, mov)
		[KBPF_ALU | KBPF_NEG | KBPF_K] = &&alu32_neg,
		[KBPF_ALU64 | KBPF_NEG | KBPF_K] = &&alu64_neg,
		[KBPF_ALU | KBPF_END | KBPF_TO_LE] = &&alu32_end_le,
		[KBPF_ALU | KBPF_END | KBPF_TO_BE] = &&alu32_end_be,
		[KBPF_ALU64 | KBPF_END | KBPF_TO_LE] = &&alu64_end,
		[KBPF_LD | KBPF_IMM | KBPF_DW] = &&ld_imm_dw,
		[KBPF_LD | KBPF_ABS | KBPF_B] = &&ld_abs_b,
		[KBPF_LD | KBPF_ABS | KBPF_H] = &&ld_abs_h,
		[KBPF_LD | KBPF_ABS | KBPF_W] = &&ld_abs_w,
		[KBPF_LD | KBPF_IND | KBPF_B] = &&ld_ind_b,
		[KBPF_LD | KBPF_IND | KBPF_H] = &&ld_ind_h,
		[KBPF_LD | KBPF_IND | KBPF_W] = &&ld_ind_w,
		KBPF_MEM_SIZES(KBPF_JT_MEM)
		KBPF_MEMSX_SIZES(KBPF_JT_MEMSX)
		[KBPF_STX | KBPF_ATOMIC | KBPF_W] = &&stx_atomic_w,
		[KBPF_STX | KBPF_ATOMIC | KBPF_DW] = &&stx_atomic_dw,
		[KBPF_JMP | KBPF_JA | KBPF_K] = &&jmp_ja,
		[KBPF_JMP32 | KBPF_JA | KBPF_K] = &&jmp32_ja,
		KBPF_COND_JMPS(KBPF_JT_JMP)
		[KBPF_JMP | KBPF_CALL | KBPF_K] = &&jmp_call,
		[KBPF_JMP | KBPF_EXIT | KBPF_K] = &&jmp_exit,
	};
	u64 regs[16] __uninitialized;
	const struct kbpf_interp_env *env = run->env;
	const struct kbpf_prog *outer_prog = run->prog;
	/* This frame is [run->sp, top) from here to its exit. */
	u64 *top = run->sp, *p;
	u32 size = run->enter_size;
	void *addr;
#ifdef KBPF_INTERP_CHECKED
	struct kbpf_checked_call saved;
#endif

	if (unlikely(!kbpf_interp_fits(run, top, size)))
		goto stop;
	/*
	 * The frame starts cleared. Plain stores, not memset(): the compiler
	 * turns that into rep stos, which costs a lot per frame under
	 * emulation (TCG).
	 */
	run->sp = top - size / sizeof(u64);
	for (p = run->sp; p < top; p++)
		WRITE_ONCE(*p, 0);
	regs[0] = 0;
	regs[1] = r1;
	regs[2] = r2;
	regs[3] = r3;
	regs[4] = r4;
	regs[5] = r5;
	regs[6] = 0;
	regs[7] = 0;
	regs[8] = 0;
	regs[9] = 0;
	regs[10] = (unsigned long)top;
	/* No verified program names r11-r15; the decoder can. */
	regs[11] = 0;
	regs[12] = 0;
	regs[13] = 0;
	regs[14] = 0;
	regs[15] = 0;

	goto *jumptable[insn->code];

KBPF_ALU_BINOPS(KBPF_ALU_BINOP);
KBPF_ALU_SHIFTS(KBPF_ALU_SHIFT);
alu64_neg:
	DST = -DST;
	goto *jumptable[(++insn)->code];
alu32_neg:
	DST = (u32)-(u32)DST;
	goto *jumptable[(++insn)->code];
alu64_mov_x:
	switch (insn->off) {
	case 0:
		DST = SRC;
		goto *jumptable[(++insn)->code];
	case 8:
		DST = (s8)SRC;
		goto *jumptable[(++insn)->code];
	case 16:
		DST = (s16)SRC;
		goto *jumptable[(++insn)->code];
	case 32:
		DST = (s32)SRC;
		goto *jumptable[(++insn)->code];
	}
	goto stop;
alu64_mov_k:
	DST = IMM64;
	goto *jumptable[(++insn)->code];
alu32_mov_x:
	switch (insn->off) {
	case 0:
		DST = (u32)SRC;
		goto *jumptable[(++insn)->code];
	case 8:
		DST = (u32)(s8)SRC;
		goto *jumptable[(++insn)->code];
	case 16:
		DST = (u32)(s16)SRC;
		goto *jumptable[(++insn)->code];
	}
	goto stop;
alu32_mov_k:
	DST = IMM32;
	goto *jumptable[(++insn)->code];
KBPF_ALU_DIVMOD(KBPF_ALU_DIVMOD_OP);
alu32_end_le:
	switch (insn->imm) {
	case 16:
		DST = (__force u16)cpu_to_le16(DST);
		goto *jumptable[(++insn)->code];
	case 32:
		DST = (__force u32)cpu_to_le32(DST);
		goto *jumptable[(++insn)->code];
	case 64:
		DST = (__force u64)cpu_to_le64(DST);
		goto *jumptable[(++insn)->code];
	}
	goto stop;
alu32_end_be:
	switch (insn->imm) {
	case 16:
		DST = (__force u16)cpu_to_be16(DST);
		goto *jumptable[(++insn)->code];
	case 32:
		DST = (__force u32)cpu_to_be32(DST);
		goto *jumptable[(++insn)->code];
	case 64:
		DST = (__force u64)cpu_to_be64(DST);
		goto *jumptable[(++insn)->code];
	}
	goto stop;
alu64_end:
	switch (insn->imm) {
	case 16:
		DST = __swab16(DST);
		goto *jumptable[(++insn)->code];
	case 32:
		DST = __swab32(DST);
		goto *jumptable[(++insn)->code];
	case 64:
		DST = __swab64(DST);
		goto *jumptable[(++insn)->code];
	}
	goto stop;

	/* The loader has put the value itself in both halves, maps included. */
ld_imm_dw:
	DST = (u64)(u32)insn[0].imm | (u64)(u32)insn[1].imm << 32;
	insn++;
	goto *jumptable[(++insn)->code];

/*
 * LD_ABS and LD_IND: r0 = the packet's bytes at the offset (in 32 bits,
 * as Linux's helper takes an int), from the sk_buff the verifier proved
 * r6 is. Bytes outside the packet (a negative errno: values are at most
 * 32 bits) end the frame with r0 = 0, as Linux.
 */
ld_abs_b:
	regs[0] = kbpf_skb_load_abs((void *)(unsigned long)regs[6], IMM, 1);
	goto ld_pkt_done;
ld_abs_h:
	regs[0] = kbpf_skb_load_abs((void *)(unsigned long)regs[6], IMM, 2);
	goto ld_pkt_done;
ld_abs_w:
	regs[0] = kbpf_skb_load_abs((void *)(unsigned long)regs[6], IMM, 4);
	goto ld_pkt_done;
ld_ind_b:
	regs[0] = kbpf_skb_load_abs((void *)(unsigned long)regs[6],
				    (s32)(SRC + IMM64), 1);
	goto ld_pkt_done;
ld_ind_h:
	regs[0] = kbpf_skb_load_abs((void *)(unsigned long)regs[6],
				    (s32)(SRC + IMM64), 2);
	goto ld_pkt_done;
ld_ind_w:
	regs[0] = kbpf_skb_load_abs((void *)(unsigned long)regs[6],
				    (s32)(SRC + IMM64), 4);
ld_pkt_done:
	if (likely((s64)regs[0] >= 0))
		goto *jumptable[(++insn)->code];
	regs[0] = 0;
	goto jmp_exit;

KBPF_MEM_SIZES(KBPF_LDX_MEM);
KBPF_MEMSX_SIZES(KBPF_LDX_MEMSX);
KBPF_MEM_SIZES(KBPF_ST_MEM);
KBPF_MEM_SIZES(KBPF_STX_MEM);

KBPF_STX_ATOMIC(w, atomic, 32);
KBPF_STX_ATOMIC(dw, atomic64, 64);

jmp_ja:
	insn += insn->off;
	goto *jumptable[(++insn)->code];
jmp32_ja:
	insn += insn->imm;
	goto *jumptable[(++insn)->code];
KBPF_COND_JMPS(KBPF_COND_JMP64);
KBPF_COND_JMPS(KBPF_COND_JMP32);

jmp_call:
	if (likely(insn->src_reg == 0)) {
		u32 id = insn->imm;
		kbpf_helper_fn fn;

		if (unlikely(id == KBPF_FUNC_tail_call))
			goto tail_call;
		if (unlikely(id >= env->helper_cnt))
			goto stop;
		fn = env->helpers[id];
		if (unlikely(!fn))
			goto stop;
#ifdef KBPF_INTERP_CHECKED
		struct kbpf_checked_stack live = kbpf_interp_live_stack(run);

		if (!kbpf_checked_call_begin(env->checked, &live, insn, id,
					     regs, &saved))
			goto stop;
#endif
		regs[0] = fn(regs[1], regs[2], regs[3], regs[4], regs[5]);
#ifdef KBPF_INTERP_CHECKED
		kbpf_checked_call_end(env->checked, id, regs, &saved);
#endif
		/* A callback of the helper stopped the run. */
		if (unlikely(run->stopped))
			goto stopped;
		goto *jumptable[(++insn)->code];
	}
	if (unlikely(insn->src_reg != KBPF_PSEUDO_CALL))
		goto stop;
	if (unlikely(run->frames >= KBPF_MAX_CALL_FRAMES))
		goto stop;
	run->frames++;
	run->enter_size = kbpf_interp_call_size(run, insn);
	regs[0] = kbpf_interp_exec(run, insn + insn->imm + 1, regs[1], regs[2],
				   regs[3], regs[4], regs[5]);
	run->frames--;
	if (unlikely(run->stopped))
		goto stopped;
	goto *jumptable[(++insn)->code];

	/*
	 * r2 is the PROG_ARRAY, r3 the index (kbpf_interp_tail_target());
	 * on failure r0 is left as it was.
	 */
tail_call:
	{
		struct kbpf_map *map = (struct kbpf_map *)(unsigned long)regs[2];
		struct kbpf_prog *prog;

		prog = kbpf_interp_tail_target(run, map, regs[3]);
		if (!prog)
			goto *jumptable[(++insn)->code];
#ifdef KBPF_INTERP_CHECKED
		/* Only a compatible, non-sleepable program may run on. */
		if (!kbpf_checked_tail_call(env->checked, insn, prog))
			goto stop;
#endif
		/*
		 * The frame takes its new program's size; bytes it gains
		 * below the old bottom start cleared, as a new frame's.
		 */
		run->prog = prog;
		size = kbpf_interp_frame_size(run, prog->insns);
		if (unlikely(!kbpf_interp_fits(run, top, size)))
			goto stop;
		for (p = top - size / sizeof(u64); p < run->sp; p++)
			WRITE_ONCE(*p, 0);
		run->sp = top - size / sizeof(u64);
		/*
		 * The target starts with r6-r9 at 0 as a program does, and as
		 * the JIT starts it: unreadable to it unwritten, but an
		 * inlined bpf_loop() saves them where a later target may read.
		 */
		regs[6] = 0;
		regs[7] = 0;
		regs[8] = 0;
		regs[9] = 0;
		insn = prog->insns;
		goto *jumptable[insn->code];
	}

jmp_exit:
	run->sp = top;
	run->prog = outer_prog;
	return regs[0];

stop:
	kbpf_interp_stop(run, insn);
stopped:
	run->sp = top;
	run->prog = outer_prog;
	return 0;
}

__diag_pop();

#undef DST
#undef SRC
#undef IMM
#undef IMM32
#undef IMM64
#undef ADDR
#undef NEXT

/**
 * kbpf_interp_run_env() - run a program with the given helpers and hooks
 * @insns: the first instruction, as the loader prepared them
 * @ctx: r1 of the program
 * @env: what helper calls, tail calls and checked accesses go to
 *
 * The caller holds what keeps the program and its maps alive (DESIGN
 * §3). The interpreter itself needs neither migration nor preemption
 * disabled: its run context is found through the task (but see the top
 * of this file for kernels without CONFIG_BPF_SYSCALL).
 *
 * Return: r0 at the exit of the first frame; 0 if the run was stopped.
 */
u64 kbpf_interp_run_env(const struct kbpf_insn *insns, const void *ctx,
			const struct kbpf_interp_env *env)
{
	u64 stack[KBPF_STACK_SIZE / sizeof(u64)] __uninitialized;
	struct kbpf_interp_run run __uninitialized;
	u64 ret;

	kbpf_interp_run_init(&run, env, stack, stack + ARRAY_SIZE(stack),
			     false);
	run.enter_size = kbpf_interp_frame_size(&run, insns);
	run.outer = kbpf_interp_ctx();
	kbpf_interp_set_ctx(&run.run_ctx);
	ret = kbpf_interp_exec(&run, insns, (unsigned long)ctx, 0, 0, 0, 0);
	kbpf_interp_set_ctx(run.outer);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_interp_run_env);

/**
 * kbpf_interp_run_jited() - run a JITed image as a run of the interpreter
 * @func: the image (kmod/jit/)
 * @gen: the arena generation it was written in (kmod/jit/serialize.h)
 * @ctx: r1 of the program
 * @env: what its helpers find as the run's (kbpf_interp_attach(), and
 *	kbpf_interp_call() for callbacks)
 *
 * The image calls helpers directly; they find the run through the task
 * as they do under the interpreter, so both kinds of run look the same
 * to them. Its callbacks come back through kbpf_interp_call() and its
 * tail calls through kbpf_interp_jit_tail_call(), both on this run.
 * One of the two ways into an image from C: the caller is pinned to its
 * CPU until it returns, which serializes first if behind @gen.
 *
 * Return: the image's r0.
 */
u64 kbpf_interp_run_jited(u64 (*func)(const void *ctx), unsigned long gen,
			  const void *ctx, const struct kbpf_interp_env *env)
{
	struct kbpf_interp_run run __uninitialized;
	u64 ret;

	kbpf_jit_enter(gen);
	kbpf_interp_run_init(&run, env, NULL, NULL, true);
	run.outer = kbpf_interp_ctx();
	kbpf_interp_set_ctx(&run.run_ctx);
	ret = func(ctx);
	kbpf_interp_set_ctx(run.outer);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_interp_run_jited);

/**
 * kbpf_interp_run() - run a loaded program
 * @prog: the program
 * @ctx: r1 of the program
 * @attach: the link's view of the run, NULL if no link started it
 *
 * As kbpf_interp_run_env() with the module's helper table and prog-array
 * lookup; a program with a JIT image runs the image instead (never in
 * the checked build, which does not JIT).
 *
 * Return: the program's r0; 0 if the run was stopped.
 */
#ifndef KBPF_INTERP_CHECKED
u64 kbpf_interp_run(const struct kbpf_prog *prog, const void *ctx,
		    const struct kbpf_attach_ctx *attach)
{
	const struct kbpf_interp_env env = {
		.helpers = kbpf_helper_fns,
		.helper_cnt = kbpf_helper_fns_cnt,
		.attach = attach,
		.stack_depth = prog->stack_depth,
		.prog = prog,
		.prog_array_get = kbpf_prog_array_get,
	};

	if (prog->jit_func)
		return kbpf_interp_run_jited(prog->jit_func, prog->jit_gen, ctx,
					     &env);
	return kbpf_interp_run_env(prog->insns, ctx, &env);
}
#else
/* Checked builds: every run of a loaded program has its oracle. */
u64 kbpf_interp_run(const struct kbpf_prog *prog, const void *ctx,
		    const struct kbpf_attach_ctx *attach)
{
	struct kbpf_checked_run checked;
	const struct kbpf_interp_env env = {
		.helpers = kbpf_helper_fns,
		.helper_cnt = kbpf_helper_fns_cnt,
		.attach = attach,
		.stack_depth = prog->stack_depth,
		.prog = prog,
		.prog_array_get = kbpf_prog_array_get,
		.checked = &checked,
	};
	u64 ret;

	kbpf_checked_begin(&checked, prog, ctx);
	ret = kbpf_interp_run_env(prog->insns, ctx, &env);
	kbpf_checked_end(&checked);
	return ret;
}
#endif
EXPORT_SYMBOL_IF_KUNIT(kbpf_interp_run);

/*
 * A callback of a JITed run. The JIT proved the run's chains of calls
 * and callbacks within KBPF_MAX_CALL_FRAMES; counting the callbacks here
 * keeps that bound should a pointer reach a helper the proof missed.
 */
static u64 kbpf_interp_call_jited(struct kbpf_interp_run *run,
				  kbpf_helper_fn fn, u64 r1, u64 r2, u64 r3,
				  u64 r4, u64 r5)
{
	u64 ret;

	if (unlikely(run->frames >= KBPF_MAX_CALL_FRAMES)) {
		run->stopped = true;
		pr_warn_ratelimited("a JITed program's callbacks nest too deep\n");
		return 0;
	}
	run->frames++;
	ret = fn(r1, r2, r3, r4, r5);
	run->frames--;
	return ret;
}

/**
 * kbpf_interp_jit_tail_call() - a tail call of a JITed run
 * @ctx: the program's r1 (unused: the image keeps it)
 * @map: r2, the prog array
 * @index: r3, the slot
 *
 * Called by JITed code only (kmod/jit/tail_call.c), on the run of the
 * current task, under the RCU read side every run that can reach a prog
 * array holds: the program returned stays valid until the run ends.
 * The other way into an image from outside it (besides
 * kbpf_interp_run_jited()): on the run's CPU, which serializes first if
 * behind the target's generation.
 *
 * Return: where the image jumps, the target's tail-call entry; NULL when
 * there is no target and the program goes on (kbpf_interp_tail_target()).
 */
const void *kbpf_interp_jit_tail_call(const void *ctx, struct kbpf_map *map,
				      u32 index)
{
	struct kbpf_interp_run *run = kbpf_interp_current();
	struct kbpf_prog *prog;

	if (WARN_ON_ONCE(!run || !run->jited))
		return NULL;
	prog = kbpf_interp_tail_target(run, map, index);
	if (!prog)
		return NULL;
	/* prog_array.c keeps interpreted programs out of a JITed owner's */
	if (WARN_ON_ONCE(!prog->jit_tail))
		return NULL;
	run->prog = prog;
	kbpf_jit_enter(prog->jit_gen);
	return prog->jit_tail;
}

/*
 * A callback whose frame does not fit below the live frames: its pointer
 * was handed down to a subprogram below the function that loaded it. The
 * verifier bounds the callback's chain from that function, so the
 * callback and everything it calls fit in KBPF_STACK_SIZE bytes of their
 * own; they get them here, on the kernel stack, as every frame of Linux's
 * interpreter has its own. Bytes of the frames above stay where they are
 * (a callback reaches them through its ctx pointer). Not inlined: the
 * common path keeps its kernel stack small.
 */
static noinline u64 kbpf_interp_exec_own_stack(struct kbpf_interp_run *run,
					       const struct kbpf_insn *entry,
					       u64 r1, u64 r2, u64 r3, u64 r4,
					       u64 r5)
{
	u64 stack[KBPF_STACK_SIZE / sizeof(u64)] __uninitialized;
	u64 *lo = run->stack_lo, *hi = run->stack_hi, *sp = run->sp;
#ifdef KBPF_INTERP_CHECKED
	const struct kbpf_checked_stack left = kbpf_interp_live_stack(run);
#endif
	u64 ret;

#ifdef KBPF_INTERP_CHECKED
	run->outer_stacks = &left;
#endif
	run->stack_lo = stack;
	run->stack_hi = stack + ARRAY_SIZE(stack);
	run->sp = run->stack_hi;
	ret = kbpf_interp_exec(run, entry, r1, r2, r3, r4, r5);
	run->stack_lo = lo;
	run->stack_hi = hi;
	run->sp = sp;
#ifdef KBPF_INTERP_CHECKED
	run->outer_stacks = left.outer;
#endif
	return ret;
}

/*
 * Whether the callback being entered (run->enter_size, run->cb_below
 * for the calls under it, kbpf_interp_callback_size()) needs a stack of
 * its own: when it or the chain of calls it makes would not fit below
 * the live frames. The verifier bounds that chain from the function that
 * loaded the callback, so it fits in a stack of its own; a frame table
 * that says otherwise (unverified) is judged by the frame alone.
 */
static bool kbpf_interp_needs_own_stack(const struct kbpf_interp_run *run)
{
	u32 need = run->enter_size + run->cb_below;

	if (need > KBPF_STACK_SIZE)
		need = run->enter_size;
	return !kbpf_interp_fits(run, run->sp, need) &&
	       need <= KBPF_STACK_SIZE;
}

/**
 * kbpf_interp_call() - run a callback for the helper being called
 * @entry: the callback's first instruction, as a KBPF_PSEUDO_FUNC
 *	ld_imm64 loaded it
 * @r1: first argument of the callback
 * @r2: second argument
 * @r3: third argument
 * @r4: fourth argument
 * @r5: fifth argument
 *
 * Only for helpers, while a program is calling them: the callback runs
 * in a new frame of the run that called the helper and counts against
 * its frame limit. Once that run is stopped, returns 0 without running
 * anything. In a JITed run @entry is what the image's callback load put
 * there, the callback's JIT function (kmod/jit/translate.c), called
 * with r1-r5 as C arguments; its frame is on the kernel stack.
 *
 * Return: the callback's r0.
 */
u64 kbpf_interp_call(const struct kbpf_insn *entry, u64 r1, u64 r2, u64 r3,
		     u64 r4, u64 r5)
{
	struct kbpf_interp_run *run = kbpf_interp_current();
	u64 ret;
#ifdef KBPF_INTERP_CHECKED
	unsigned long key;
#endif

	if (WARN_ON_ONCE(!run) || unlikely(run->stopped))
		return 0;
	if (run->jited)
		return kbpf_interp_call_jited(run,
					      (kbpf_helper_fn)(unsigned long)entry,
					      r1, r2, r3, r4, r5);
#ifdef KBPF_INTERP_CHECKED
	/* Checked before anything reads @entry: it may point anywhere. */
	if (!kbpf_checked_callback_enter(run->env->checked, entry, r2, r3,
					 &key)) {
		run->stopped = true;
		return 0;
	}
#endif
	if (unlikely(run->frames >= KBPF_MAX_CALL_FRAMES)) {
#ifdef KBPF_INTERP_CHECKED
		kbpf_checked_callback_leave(run->env->checked, key);
#endif
		kbpf_interp_stop(run, entry);
		return 0;
	}
	run->frames++;
	run->enter_size = kbpf_interp_callback_size(run, entry);
	if (unlikely(kbpf_interp_needs_own_stack(run)))
		ret = kbpf_interp_exec_own_stack(run, entry, r1, r2, r3, r4,
						 r5);
	else
		ret = kbpf_interp_exec(run, entry, r1, r2, r3, r4, r5);
#ifdef KBPF_INTERP_CHECKED
	kbpf_checked_callback_leave(run->env->checked, key);
#endif
	run->frames--;
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_interp_call);

/**
 * kbpf_interp_cb_begin() - enter a callback a helper calls in a series
 * @cb: filled here
 * @entry: the callback, as kbpf_interp_call() takes it
 *
 * Only for helpers, while a program is calling them, paired with
 * kbpf_interp_cb_end() before the helper returns. In a JITed run with a
 * frame to spare, the callback's frame is counted here once and each
 * kbpf_interp_cb_call() is a plain indirect call, as Linux's helpers
 * call a JITed callback: kbpf_interp_call()'s lookups and checks per
 * call cost more than the callback itself. Otherwise (interpreted,
 * stopped, or no frame left: kbpf_interp_call() stops the run) every
 * call takes kbpf_interp_call().
 */
void kbpf_interp_cb_begin(struct kbpf_interp_cb *cb,
			  const struct kbpf_insn *entry)
{
	struct kbpf_interp_run *run = kbpf_interp_current();

	cb->entry = entry;
	cb->fn = NULL;
	if (!run || !run->jited || run->stopped ||
	    run->frames >= KBPF_MAX_CALL_FRAMES)
		return;
	run->frames++;
	cb->fn = (kbpf_helper_fn)(unsigned long)entry;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_interp_cb_begin);

/**
 * kbpf_interp_cb_end() - leave what kbpf_interp_cb_begin() entered
 * @cb: as kbpf_interp_cb_begin() filled it, on the same run
 */
void kbpf_interp_cb_end(const struct kbpf_interp_cb *cb)
{
	struct kbpf_interp_run *run;

	if (!cb->fn)
		return;
	run = kbpf_interp_current();
	/* cb->fn is set only on a JITed run, which is still the current one. */
	if (!WARN_ON_ONCE(!run || !run->frames))
		run->frames--;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_interp_cb_end);

/*
 * The attach context of the run whose helper is being called; NULL when
 * no link started it.
 */
const struct kbpf_attach_ctx *kbpf_interp_attach(void)
{
	struct kbpf_interp_run *run = kbpf_interp_current();

	return run ? run->env->attach : NULL;
}
