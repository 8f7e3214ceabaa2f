// SPDX-License-Identifier: GPL-2.0
/*
 * kprobe_multi links (KBPF_TRACE_KPROBE_MULTI), with Linux 6.12's attr,
 * checks and link info. Each address gets a kprobe, or a kretprobe with
 * KBPF_F_KPROBE_MULTI_RETURN; the program runs in the probe handler with
 * ctx the probed struct pt_regs. Linux attaches through fprobe (ftrace)
 * instead, so it only probes ftrace-able functions; the program sees the
 * same registers either way.
 *
 * Where kprobes and fprobe differ, so does kbpf: a function on the kprobe
 * blacklist, or a name that is not a function, is -EINVAL here (Linux:
 * fprobe takes any ftrace-able function, and a name that is none is
 * -ESRCH). An address must be a function's entry (its start or its
 * fentry call), as fprobe's must (-EINVAL), though kprobes would take
 * any instruction.
 *
 * Runs are non-sleepable, as the handlers are: a sleepable program is
 * refused. A run that would start inside another run started by a
 * kprobe or a perf event on the same CPU is skipped and counted in the
 * program's recursion misses, as Linux's bpf_prog_active guard does; the
 * link's missed count is the kprobes' own (Linux: fprobe's).
 */

#include <linux/err.h>
#include <linux/jhash.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/ibt.h>

#include "../prog/prog.h"
#include "../prog/run.h"
#include "link.h"

/*
 * The fentry call after a function's start (x86's MCOUNT_INSN_SIZE, not
 * defined on kernels without the function tracer, such as the debug
 * one; the window is the same on every kernel).
 */
#define KBPF_FENTRY_CALL_SIZE	5

/* Linux's MAX_KPROBE_MULTI_CNT. */
#define KBPF_KPROBE_MULTI_MAX_CNT	BIT(20)

struct kbpf_kprobe_multi_link;

/*
 * One probed address. @rp.kp alone is the probe of an entry link; a
 * return link registers all of @rp. @func: the function's start address,
 * what bpf_get_func_ip() reports. @addr: what the link info reports, as
 * Linux's link->addrs: the address as given (inside the fentry call
 * too), or the symbol's start. @cookie: the one given with @addr, for
 * the link info; @run_cookie: bpf_get_attach_cookie()'s, the cookie
 * given with @func (kbpf_kprobe_run_cookies()).
 */
struct kbpf_kprobe {
	struct kretprobe rp;
	struct kbpf_kprobe_multi_link *link;
	u64 cookie;
	u64 run_cookie;
	unsigned long func;
	unsigned long addr;
	char *sym;
};

/*
 * @order: NULL, or the indexes of @probes in the order of Linux's
 * link->addrs, which its link info follows (kbpf_kprobe_order()); set
 * once, before the link is visible.
 */
struct kbpf_kprobe_multi_link {
	struct kbpf_link link;
	u32 cnt;
	u32 flags;
	struct kbpf_kprobe *probes;	/* @cnt of them */
	void **regs;			/* @probes as register_k*probes() takes */
	char *names;			/* by name: @cnt of KSYM_NAME_LEN bytes */
	u32 nr_regs;			/* in @regs: one per function entry */
	u32 *order;
};

static struct kbpf_kprobe_multi_link *kbpf_kmulti(const struct kbpf_link *link)
{
	return container_of(link, struct kbpf_kprobe_multi_link, link);
}

static bool kbpf_kprobe_is_return(const struct kbpf_kprobe_multi_link *kl)
{
	return kl->flags & KBPF_F_KPROBE_MULTI_RETURN;
}

/* Probe handlers run with preemption off. */
static void kbpf_kprobe_run(struct kbpf_kprobe *probe, struct pt_regs *regs)
{
	struct kbpf_kprobe_multi_link *kl = probe->link;
	const struct kbpf_attach_ctx attach = {
		.cookie = probe->run_cookie,
		.func_ip = probe->func,
	};

	if (likely(__this_cpu_inc_return(kbpf_prog_active) == 1))
		kbpf_prog_run_pinned(kl->link.prog, regs, &attach);
	else
		kbpf_prog_misses_inc(kl->link.prog->stats);
	__this_cpu_dec(kbpf_prog_active);
}

static int kbpf_kprobe_entry(struct kprobe *kp, struct pt_regs *regs)
{
	kbpf_kprobe_run(container_of(kp, struct kbpf_kprobe, rp.kp), regs);
	return 0;
}
NOKPROBE_SYMBOL(kbpf_kprobe_entry);

static int kbpf_kprobe_return(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	kbpf_kprobe_run(container_of(get_kretprobe(ri), struct kbpf_kprobe, rp),
			regs);
	return 0;
}
NOKPROBE_SYMBOL(kbpf_kprobe_return);

/* The start of the function holding @addr, by its symbol's offset. */
static unsigned long kbpf_kprobe_func_start(unsigned long addr)
{
	char sym[KSYM_SYMBOL_LEN];
	unsigned long off, size;
	char *plus;

	sprint_symbol(sym, addr);
	plus = strrchr(sym, '+');
	if (!plus || sscanf(plus, "+%lx/%lx", &off, &size) != 2 || off > addr)
		return addr;
	return addr - off;
}

/*
 * Where Linux's ftrace attaches for an address (ftrace_location()): a
 * function's start, or anywhere in its fentry call, which follows the
 * ENDBR64 (or its sealed nop) on kernels built with IBT; both mean the
 * function's entry, and so does the start for a kprobe. Any other
 * address is -EINVAL there. kprobes would take any instruction, one
 * inside a lock section of kbpf's own maps too, where a program that
 * takes the lock again spins on its own CPU.
 */
static int kbpf_kprobe_entry_addr(struct kbpf_kprobe *probe)
{
	unsigned long addr = (unsigned long)probe->rp.kp.addr;
	unsigned long start = kbpf_kprobe_func_start(addr);

	if (addr - start >= ENDBR_INSN_SIZE + KBPF_FENTRY_CALL_SIZE)
		return -EINVAL;
	if (addr != start && addr - start < ENDBR_INSN_SIZE)
		return -EINVAL;
	probe->rp.kp.addr = (kprobe_opcode_t *)start;
	probe->func = start;
	return 0;
}

/* Addresses given by the user, each moved to its function's entry. */
static int kbpf_kprobe_entry_addrs(struct kbpf_kprobe_multi_link *kl)
{
	int err;
	u32 i;

	for (i = 0; i < kl->cnt; i++) {
		if (kbpf_loop_killed())
			return -EINTR;
		err = kbpf_kprobe_entry_addr(&kl->probes[i]);
		if (err)
			return err;
	}
	return 0;
}

static void kbpf_kprobe_multi_free(struct kbpf_kprobe_multi_link *kl)
{
	kvfree(kl->names);
	kvfree(kl->probes);
	kvfree(kl->regs);
	kvfree(kl->order);
	kfree(kl);
}

static void kbpf_kprobe_multi_dealloc(struct kbpf_link *link)
{
	kbpf_kprobe_multi_free(kbpf_kmulti(link));
}

static int kbpf_kprobe_multi_fill_info(const struct kbpf_link *link,
				       struct kbpf_link_info *info)
{
	u64 __user *ucookies = u64_to_user_ptr(info->kprobe_multi.cookies);
	u64 __user *uaddrs = u64_to_user_ptr(info->kprobe_multi.addrs);
	struct kbpf_kprobe_multi_link *kl = kbpf_kmulti(link);
	u32 ucount = info->kprobe_multi.count;
	bool show = capable(CAP_SYSLOG);
	const struct kbpf_kprobe *probe;
	u64 missed = 0;
	int err = 0;
	u32 i;

	if (!uaddrs ^ !ucount)
		return -EINVAL;
	if (ucookies && !ucount)
		return -EINVAL;

	for (i = 0; i < kl->cnt; i++)
		missed += kl->probes[i].rp.kp.nmissed + kl->probes[i].rp.nmissed;
	info->kprobe_multi.count = kl->cnt;
	info->kprobe_multi.flags = kl->flags;
	info->kprobe_multi.missed = missed;

	if (!uaddrs)
		return 0;
	if (ucount < kl->cnt)
		err = -ENOSPC;
	else
		ucount = kl->cnt;
	/* All the cookies before any address, as Linux: a fault shows it. */
	for (i = 0; ucookies && i < ucount; i++) {
		probe = &kl->probes[kl->order ? kl->order[i] : i];
		if (put_user(probe->cookie, ucookies + i))
			return -EFAULT;
	}
	for (i = 0; i < ucount; i++) {
		probe = &kl->probes[kl->order ? kl->order[i] : i];
		if (put_user(show ? probe->addr : 0, uaddrs + i))
			return -EFAULT;
	}
	return err;
}

/* The first @n probes of @kl->regs, registered. */
static void kbpf_kprobe_unregister(struct kbpf_kprobe_multi_link *kl, u32 n)
{
	if (!n)
		return;
	if (kbpf_kprobe_is_return(kl))
		unregister_kretprobes((struct kretprobe **)kl->regs, n);
	else
		unregister_kprobes((struct kprobe **)kl->regs, n);
}

static void kbpf_kprobe_multi_release(struct kbpf_link *link)
{
	struct kbpf_kprobe_multi_link *kl = kbpf_kmulti(link);

	if (kl->regs)
		kbpf_kprobe_unregister(kl, kl->nr_regs);
}

static const struct kbpf_link_ops kbpf_kprobe_multi_link_ops = {
	.release	= kbpf_kprobe_multi_release,
	.dealloc	= kbpf_kprobe_multi_dealloc,
	.fill_info	= kbpf_kprobe_multi_fill_info,
};

/*
 * Linux's copy_user_syms(): names of at most KSYM_NAME_LEN - 1 bytes,
 * each in its slot of @kl->names (one allocation: 2^20 small ones take
 * minutes on the debug kernel).
 */
static int kbpf_kprobe_copy_sym(struct kbpf_kprobe_multi_link *kl,
				const char __user *const __user *usyms, u32 i)
{
	struct kbpf_kprobe *probe = &kl->probes[i];
	const char __user *usym;
	long len;

	if (__get_user(usym, usyms + i))
		return -EFAULT;
	probe->sym = kl->names + (size_t)i * KSYM_NAME_LEN;
	len = strncpy_from_user(probe->sym, usym, KSYM_NAME_LEN);
	if (len == KSYM_NAME_LEN)
		return -E2BIG;
	if (len < 0)
		return len;
	probe->rp.kp.symbol_name = probe->sym;
	return 0;
}

/* Fill the probes from the attr's arrays, in Linux's order of checks. */
static int kbpf_kprobe_multi_copy_in(struct kbpf_kprobe_multi_link *kl,
				     const union kbpf_attr *attr)
{
	const char __user *const __user *usyms =
		u64_to_user_ptr(attr->link_create.kprobe_multi.syms);
	u64 __user *ucookies =
		u64_to_user_ptr(attr->link_create.kprobe_multi.cookies);
	u64 __user *uaddrs =
		u64_to_user_ptr(attr->link_create.kprobe_multi.addrs);
	struct kbpf_kprobe *probe;
	u64 val;
	u32 i;
	int err;

	for (i = 0; i < kl->cnt; i++) {
		if (!(i % 1024) && kbpf_loop_killed())
			return -EINTR;
		probe = &kl->probes[i];
		probe->link = kl;
		if (ucookies && get_user(probe->cookie, ucookies + i))
			return -EFAULT;
		/* By name: the start given is the address given. */
		probe->run_cookie = probe->cookie;
	}
	/* The names are read with __get_user(): the array must be the user's. */
	if (usyms && !access_ok(usyms, kl->cnt * sizeof(*usyms)))
		return -EFAULT;
	if (usyms) {
		kl->names = kvmalloc_array(kl->cnt, KSYM_NAME_LEN,
					   GFP_KERNEL_ACCOUNT);
		if (!kl->names)
			return -ENOMEM;
	}
	for (i = 0; i < kl->cnt; i++) {
		if (kbpf_loop_killed())
			return -EINTR;
		probe = &kl->probes[i];
		if (uaddrs) {
			if (get_user(val, uaddrs + i))
				return -EFAULT;
			probe->addr = val;
			probe->rp.kp.addr = (kprobe_opcode_t *)probe->addr;
		} else {
			err = kbpf_kprobe_copy_sym(kl, usyms, i);
			if (err)
				return err;
		}
		/* Armed once the whole link is known: kbpf_kprobe_arm(). */
		probe->rp.kp.flags = KPROBE_FLAG_DISABLED;
		if (kbpf_kprobe_is_return(kl)) {
			probe->rp.handler = kbpf_kprobe_return;
			kl->regs[i] = &probe->rp;
		} else {
			probe->rp.kp.pre_handler = kbpf_kprobe_entry;
			kl->regs[i] = &probe->rp.kp;
		}
	}
	kl->nr_regs = kl->cnt;
	return 0;
}

/*
 * Linux resolves the names sorted and wants each found once: a name given
 * twice is -ESRCH there, and here. The check is one pass over an open
 * addressed table of probe indexes (plus one; 0 is empty), twice as large
 * as cnt, so it costs time linear in cnt and yields as it goes: a sort of
 * 2^20 names held the CPU long enough for a soft lockup under TCG. The
 * hash is seeded at random per call, so the caller cannot choose names
 * that all land in one run of the table.
 */
static int kbpf_kprobe_check_dup_syms(struct kbpf_kprobe_multi_link *kl)
{
	u32 size = roundup_pow_of_two(kl->cnt * 2);
	u32 seed = get_random_u32();
	const char *sym;
	u32 *slots;
	u32 i, h;
	int err = 0;

	slots = kvcalloc(size, sizeof(*slots), GFP_KERNEL);
	if (!slots)
		return -ENOMEM;
	for (i = 0; i < kl->cnt && !err; i++) {
		if (!(i % 1024) && kbpf_loop_killed()) {
			err = -EINTR;
			break;
		}
		sym = kl->probes[i].sym;
		h = jhash(sym, strlen(sym), seed) & (size - 1);
		for (; slots[h]; h = (h + 1) & (size - 1))
			if (!strcmp(kl->probes[slots[h] - 1].sym, sym))
				break;
		if (slots[h])
			err = -ESRCH;
		else
			slots[h] = i + 1;
	}
	kvfree(slots);
	return err;
}

/*
 * register_kprobes() or register_kretprobes(), one probe at a time so
 * that a kill ends a long registration; on failure, the probes
 * registered so far are unregistered, as those functions do. The probes
 * are registered disarmed (KPROBE_FLAG_DISABLED): none runs before
 * kbpf_kprobe_arm().
 */
static int kbpf_kprobe_register_each(struct kbpf_kprobe_multi_link *kl)
{
	bool ret = kbpf_kprobe_is_return(kl);
	int err = 0;
	u32 i;

	for (i = 0; i < kl->nr_regs; i++) {
		if (kbpf_loop_killed())
			err = -EINTR;
		else if (ret)
			err = register_kretprobe(kl->regs[i]);
		else
			err = register_kprobe(kl->regs[i]);
		if (err)
			break;
	}
	if (err)
		kbpf_kprobe_unregister(kl, i);
	return err;
}

/*
 * Arms the registered probes, once every field a run reads is set (a
 * name's function start is known only after its registration): as
 * Linux's fprobe, no run sees a half-made link. On failure, all are
 * unregistered.
 */
static int kbpf_kprobe_arm(struct kbpf_kprobe_multi_link *kl)
{
	bool ret = kbpf_kprobe_is_return(kl);
	int err = 0;
	u32 i;

	for (i = 0; i < kl->nr_regs && !err; i++) {
		if (kbpf_loop_killed())
			err = -EINTR;
		else if (ret)
			err = enable_kretprobe(kl->regs[i]);
		else
			err = enable_kprobe(kl->regs[i]);
	}
	if (err)
		kbpf_kprobe_unregister(kl, kl->nr_regs);
	return err;
}

static int kbpf_kprobe_order_by_sym(const void *a, const void *b,
				    const void *priv)
{
	const struct kbpf_kprobe *probes = priv;

	return strcmp(probes[*(const u32 *)a].sym, probes[*(const u32 *)b].sym);
}

static int kbpf_kprobe_order_by_addr(const void *a, const void *b,
				     const void *priv)
{
	const struct kbpf_kprobe *probes = priv;
	unsigned long x = probes[*(const u32 *)a].addr;
	unsigned long y = probes[*(const u32 *)b].addr;

	return x < y ? -1 : x > y;
}

/*
 * Linux's link->addrs: names are looked up sorted, and with cookies the
 * addresses are sorted (for its cookie lookup), so the link info lists
 * them in that order; addresses without cookies stay as given (@order
 * NULL). A name's address is known once its probe is registered.
 */
static void kbpf_kprobe_order(struct kbpf_kprobe_multi_link *kl,
			      bool by_sym, bool by_addr)
{
	u32 i;

	if (!kl->order)
		return;
	for (i = 0; i < kl->cnt; i++)
		kl->order[i] = i;
	if (by_sym)
		sort_r(kl->order, kl->cnt, sizeof(*kl->order),
		       kbpf_kprobe_order_by_sym, NULL, kl->probes);
	if (by_addr)
		sort_r(kl->order, kl->cnt, sizeof(*kl->order),
		       kbpf_kprobe_order_by_addr, NULL, kl->probes);
}

static int kbpf_kprobe_order_by_func(const void *a, const void *b,
				     const void *priv)
{
	const struct kbpf_kprobe *probes = priv;
	unsigned long x = probes[*(const u32 *)a].func;
	unsigned long y = probes[*(const u32 *)b].func;

	return x < y ? -1 : x > y;
}

/*
 * ftrace attaches once per function entry, so Linux runs the program
 * once per call however many addresses given mean that entry (its
 * start, bytes of its fentry call, one address twice). By address, one
 * probe per entry goes into @kl->regs; those left out share its run
 * cookie (kbpf_kprobe_run_cookies()) and are never registered.
 */
static int kbpf_kprobe_one_per_entry(struct kbpf_kprobe_multi_link *kl)
{
	bool ret = kbpf_kprobe_is_return(kl);
	struct kbpf_kprobe *probe;
	u32 *idx, i;

	idx = kvmalloc_array(kl->cnt, sizeof(*idx), GFP_KERNEL_ACCOUNT);
	if (!idx)
		return -ENOMEM;
	for (i = 0; i < kl->cnt; i++)
		idx[i] = i;
	sort_r(idx, kl->cnt, sizeof(*idx), kbpf_kprobe_order_by_func, NULL,
	       kl->probes);
	kl->nr_regs = 0;
	for (i = 0; i < kl->cnt; i++) {
		probe = &kl->probes[idx[i]];
		if (i && probe->func == kl->probes[idx[i - 1]].func)
			continue;
		kl->regs[kl->nr_regs++] = ret ? (void *)&probe->rp :
					  (void *)&probe->rp.kp;
	}
	kvfree(idx);
	return 0;
}

/*
 * Linux finds a run's cookie by the function's start (the entry IP) among
 * the sorted addresses given (@kl->order, by address): an address given
 * inside the fentry call has none (0) unless the start was given too.
 */
static void kbpf_kprobe_run_cookies(struct kbpf_kprobe_multi_link *kl)
{
	const struct kbpf_kprobe *found;
	struct kbpf_kprobe *probe;
	u32 i, lo, hi, mid;

	for (i = 0; i < kl->cnt; i++) {
		probe = &kl->probes[i];
		probe->run_cookie = 0;
		lo = 0;
		hi = kl->cnt;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			found = &kl->probes[kl->order[mid]];
			if (found->addr == probe->func) {
				probe->run_cookie = found->cookie;
				break;
			}
			if (found->addr < probe->func)
				lo = mid + 1;
			else
				hi = mid;
		}
		cond_resched();
	}
}

/*
 * Registers the probes disarmed, completes what a name's address tells
 * (its function's start; the link info's order), then arms them. On
 * failure nothing is registered and @kl->regs is NULL.
 */
static int kbpf_kprobe_multi_register(struct kbpf_kprobe_multi_link *kl,
				      bool by_sym, bool by_addr)
{
	struct kbpf_kprobe *probe;
	void **regs = kl->regs;
	int err;
	u32 i;

	err = kbpf_kprobe_register_each(kl);
	/* Linux's ftrace_lookup_symbols(): an unknown name. */
	if (err == -ENOENT)
		err = -ESRCH;
	if (err)
		goto fail;
	for (i = 0; i < kl->cnt; i++) {
		probe = &kl->probes[i];
		probe->func =
			kbpf_kprobe_func_start((unsigned long)probe->rp.kp.addr);
		if (probe->sym)
			probe->addr = probe->func;
	}
	if (by_sym)
		kbpf_kprobe_order(kl, by_sym, by_addr);
	err = kbpf_kprobe_arm(kl);
	if (err)
		goto fail;
	return 0;

fail:
	kl->regs = NULL;
	kvfree(regs);
	return err;
}

int kbpf_kprobe_multi_link_attach(const union kbpf_attr *attr,
				  struct kbpf_prog *prog)
{
	/* Linux's link->addrs order: names sorted; with cookies, by address. */
	bool by_sym = attr->link_create.kprobe_multi.syms;
	bool by_addr = attr->link_create.kprobe_multi.cookies;
	struct kbpf_kprobe_multi_link *kl;
	u32 flags, cnt;
	int err;

	if (attr->link_create.flags)
		return -EINVAL;
	if (prog->expected_attach_type != KBPF_TRACE_KPROBE_MULTI)
		return -EINVAL;
	if (prog->sleepable)
		return -EINVAL;
	flags = attr->link_create.kprobe_multi.flags;
	if (flags & ~KBPF_F_KPROBE_MULTI_RETURN)
		return -EINVAL;
	if (!attr->link_create.kprobe_multi.addrs ==
	    !attr->link_create.kprobe_multi.syms)
		return -EINVAL;
	cnt = attr->link_create.kprobe_multi.cnt;
	if (!cnt)
		return -EINVAL;
	if (cnt > KBPF_KPROBE_MULTI_MAX_CNT)
		return -E2BIG;

	kl = kzalloc(sizeof(*kl), GFP_KERNEL_ACCOUNT);
	if (!kl)
		return -ENOMEM;
	kl->cnt = cnt;
	kl->flags = flags;
	kl->probes = kvcalloc(cnt, sizeof(*kl->probes), GFP_KERNEL_ACCOUNT);
	kl->regs = kvcalloc(cnt, sizeof(*kl->regs), GFP_KERNEL_ACCOUNT);
	if (by_sym || by_addr)
		kl->order = kvmalloc_array(cnt, sizeof(*kl->order),
					   GFP_KERNEL_ACCOUNT);
	if (!kl->probes || !kl->regs || ((by_sym || by_addr) && !kl->order)) {
		err = -ENOMEM;
		goto fail;
	}
	err = kbpf_kprobe_multi_copy_in(kl, attr);
	if (!err && attr->link_create.kprobe_multi.syms)
		err = kbpf_kprobe_check_dup_syms(kl);
	else if (!err)
		err = kbpf_kprobe_entry_addrs(kl);
	if (!err && !by_sym)
		err = kbpf_kprobe_one_per_entry(kl);
	if (err)
		goto fail;
	/* By address, all is known before any probe can run. */
	if (!by_sym && by_addr) {
		kbpf_kprobe_order(kl, false, true);
		kbpf_kprobe_run_cookies(kl);
	}

	kbpf_link_init(&kl->link, KBPF_LINK_TYPE_KPROBE_MULTI,
		       &kbpf_kprobe_multi_link_ops, prog);
	err = kbpf_kprobe_multi_register(kl, by_sym, by_addr);
	if (err)
		goto fail;
	return kbpf_link_settle(&kl->link);

fail:
	kbpf_kprobe_multi_free(kl);
	return err;
}
