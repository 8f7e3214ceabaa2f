// SPDX-License-Identifier: GPL-2.0
/*
 * Raw tracepoint links (BPF_RAW_TRACEPOINT_OPEN), with Linux 6.12's
 * checks, errnos and link info. A RAW_TRACEPOINT program attaches by
 * name to a tracepoint of the kernel or of a loaded module; it runs in
 * the tracepoint's probe with ctx its arguments, each widened to a u64 as
 * Linux's __CAST_TO_U64() does: its bytes zero-extended, whatever the
 * sign of its type. Argument count and widths come from BTF (tp_btf.c):
 * without it the attach is refused with -EOPNOTSUPP.
 *
 * The link holds the tracepoint's module, so that module cannot be
 * unloaded while attached. That reference does not hold a module whose
 * init then fails (Linux's module loader frees it anyway): its links are
 * detached when it goes, where Linux keeps pointers into the freed
 * module. A run that would start inside a run of the same program on
 * the same CPU is skipped and counted in the program's recursion misses,
 * as Linux's prog->active guard does.
 */

#include <linux/err.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>

#include "../prog/prog.h"
#include "link.h"
#include "raw_tp.h"

/*
 * Modules with tracepoints, as the tracepoint module notifier reports
 * them, each with the links to its tracepoints. kbpf_tp_mods_lock
 * protects the list, each @links and the links' fields raw_tp.h names;
 * it nests inside the tracepoint code's module list lock (the notifier
 * runs under it) and outside its tracepoints_mutex (probes are
 * registered and unregistered under it).
 */
struct kbpf_tp_mod {
	struct list_head node;
	struct module *mod;
	struct list_head links;	/* kbpf_raw_tp_link.mod_node */
};

static LIST_HEAD(kbpf_tp_mods);
static DEFINE_MUTEX(kbpf_tp_mods_lock);

static struct kbpf_raw_tp_link *kbpf_raw_tp(const struct kbpf_link *link)
{
	return container_of(link, struct kbpf_raw_tp_link, link);
}

/*
 * Unregister @rl's probe and take it off its module's list; returns
 * whether a probe was registered (runs may still be in flight).
 */
static bool kbpf_raw_tp_cut(struct kbpf_raw_tp_link *rl)
{
	bool registered = rl->registered;

	lockdep_assert_held(&kbpf_tp_mods_lock);
	if (registered)
		tracepoint_probe_unregister(rl->tp,
					    kbpf_raw_tp_probes[rl->args.nr],
					    rl);
	rl->registered = false;
	rl->tp = NULL;
	rl->mod = NULL;
	list_del_init(&rl->mod_node);
	return registered;
}

/*
 * After unregistering, wait out the probes in flight (they hold no
 * reference), then let the module go. A link whose module went is
 * detached already.
 */
static void kbpf_raw_tp_release(struct kbpf_link *link)
{
	struct kbpf_raw_tp_link *rl = kbpf_raw_tp(link);
	struct module *mod;
	bool registered;

	mutex_lock(&kbpf_tp_mods_lock);
	mod = rl->mod;
	registered = kbpf_raw_tp_cut(rl);
	mutex_unlock(&kbpf_tp_mods_lock);
	if (registered)
		tracepoint_synchronize_unregister();
	module_put(mod);
}

static void kbpf_raw_tp_dealloc(struct kbpf_link *link)
{
	kfree(kbpf_raw_tp(link));
}

/* Linux's bpf_raw_tp_link_fill_link_info(). */
static int kbpf_raw_tp_fill_info(const struct kbpf_link *link,
				 struct kbpf_link_info *info)
{
	char __user *ubuf = u64_to_user_ptr(info->raw_tracepoint.tp_name);
	u32 ulen = info->raw_tracepoint.tp_name_len;
	const char *name = kbpf_raw_tp(link)->name;

	if (!ulen ^ !ubuf)
		return -EINVAL;
	info->raw_tracepoint.tp_name_len = strlen(name) + 1;
	return kbpf_link_copy_name(ubuf, ulen, name);
}

static const struct kbpf_link_ops kbpf_raw_tp_link_ops = {
	.release	= kbpf_raw_tp_release,
	.dealloc	= kbpf_raw_tp_dealloc,
	.fill_info	= kbpf_raw_tp_fill_info,
};

struct kbpf_tp_find {
	const char *name;
	struct tracepoint *tp;
};

static void kbpf_tp_find_one(struct tracepoint *tp, void *priv)
{
	struct kbpf_tp_find *find = priv;

	if (!find->tp && !strcmp(tp->name, find->name))
		find->tp = tp;
}

/*
 * The tracepoint named @rl->name, the kernel's first, then the modules'.
 * A module's comes with a reference on it in @rl->mod, @rl on its list,
 * and its name in @mod_name; a module on its way out is not looked in.
 */
static int kbpf_raw_tp_find(struct kbpf_raw_tp_link *rl, char *mod_name)
{
	const char *name = rl->name;
	struct kbpf_tp_find find = { .name = name };
	struct kbpf_tp_mod *tm;
	struct tracepoint *tp;
	unsigned int i;

	for_each_kernel_tracepoint(kbpf_tp_find_one, &find);
	if (find.tp) {
		rl->tp = find.tp;
		return 0;
	}
	mutex_lock(&kbpf_tp_mods_lock);
	list_for_each_entry(tm, &kbpf_tp_mods, node) {
		for (i = 0; i < tm->mod->num_tracepoints; i++) {
			tp = tracepoint_ptr_deref(&tm->mod->tracepoints_ptrs[i]);
			if (strcmp(tp->name, name) || !try_module_get(tm->mod))
				continue;
			rl->tp = tp;
			rl->mod = tm->mod;
			list_add(&rl->mod_node, &tm->links);
			strscpy(mod_name, module_name(tm->mod), MODULE_NAME_LEN);
			mutex_unlock(&kbpf_tp_mods_lock);
			return 0;
		}
	}
	mutex_unlock(&kbpf_tp_mods_lock);
	return -ENOENT;
}

/*
 * Register the probe, unless the tracepoint's module went since it was
 * looked up (its init failed): then there is no such tracepoint.
 */
static int kbpf_raw_tp_register(struct kbpf_raw_tp_link *rl)
{
	int err = -ENOENT;

	mutex_lock(&kbpf_tp_mods_lock);
	if (rl->tp) {
		err = tracepoint_probe_register(rl->tp,
						kbpf_raw_tp_probes[rl->args.nr],
						rl);
		rl->registered = !err;
	}
	mutex_unlock(&kbpf_tp_mods_lock);
	return err;
}

/* Linux's bpf_raw_tp_link_attach() for RAW_TRACEPOINT programs. */
static int kbpf_raw_tp_attach(struct kbpf_prog *prog,
			      const char __user *uname, u64 cookie)
{
	char name[KBPF_RAW_TP_NAME_LEN], mod_name[MODULE_NAME_LEN] = "";
	struct kbpf_raw_tp_link *rl;
	int err;

	if (prog->type != KBPF_PROG_TYPE_RAW_TRACEPOINT)
		return -EINVAL;
	if (strncpy_from_user(name, uname, sizeof(name) - 1) < 0)
		return -EFAULT;
	name[sizeof(name) - 1] = '\0';

	rl = kzalloc(sizeof(*rl), GFP_USER);
	if (!rl)
		return -ENOMEM;
	kbpf_link_init(&rl->link, KBPF_LINK_TYPE_RAW_TRACEPOINT,
		       &kbpf_raw_tp_link_ops, prog);
	INIT_LIST_HEAD(&rl->mod_node);
	rl->cookie = cookie;
	strscpy(rl->name, name, sizeof(rl->name));
	err = kbpf_raw_tp_find(rl, mod_name);
	if (err)
		goto fail;
	err = kbpf_tp_btf_args(name, mod_name[0] ? mod_name : NULL, &rl->args);
	if (err)
		goto fail;
	/* Linux's __bpf_probe_register(): reads must fit the arguments. */
	err = -EINVAL;
	if (prog->max_ctx_offset > rl->args.nr * sizeof(u64))
		goto fail;
	err = kbpf_raw_tp_register(rl);
	if (err)
		goto fail;
	return kbpf_link_settle(&rl->link);

fail:
	kbpf_raw_tp_release(&rl->link);
	kbpf_raw_tp_dealloc(&rl->link);
	return err;
}

int kbpf_raw_tracepoint_open(union kbpf_attr *attr,
			     union kbpf_attr __user *uattr)
{
	struct kbpf_prog *prog;
	int fd;

	prog = kbpf_prog_get_fd(attr->raw_tracepoint.prog_fd);
	if (IS_ERR(prog))
		return PTR_ERR(prog);
	fd = kbpf_raw_tp_attach(prog, u64_to_user_ptr(attr->raw_tracepoint.name),
				attr->raw_tracepoint.cookie);
	if (fd < 0)
		kbpf_prog_put(prog);
	return fd;
}

static int kbpf_tp_mod_coming(struct module *mod)
{
	struct kbpf_tp_mod *tm = kmalloc(sizeof(*tm), GFP_KERNEL);

	if (!tm)
		return -ENOMEM;
	tm->mod = mod;
	INIT_LIST_HEAD(&tm->links);
	mutex_lock(&kbpf_tp_mods_lock);
	list_add_tail(&tm->node, &kbpf_tp_mods);
	mutex_unlock(&kbpf_tp_mods_lock);
	return 0;
}

/*
 * A module with links still attached goes only when its init failed
 * (references taken while it was coming do not hold it): detach them
 * before the tracepoint code checks the module's tracepoints are unused
 * and the module is freed. The links stay, attached to nothing.
 */
static void kbpf_tp_mod_going(struct module *mod)
{
	struct kbpf_raw_tp_link *rl, *rnext;
	struct kbpf_tp_mod *tm, *next;
	bool registered = false;

	mutex_lock(&kbpf_tp_mods_lock);
	list_for_each_entry_safe(tm, next, &kbpf_tp_mods, node) {
		if (tm->mod != mod)
			continue;
		list_for_each_entry_safe(rl, rnext, &tm->links, mod_node) {
			registered |= kbpf_raw_tp_cut(rl);
			module_put(mod);
		}
		list_del(&tm->node);
		kfree(tm);
	}
	mutex_unlock(&kbpf_tp_mods_lock);
	if (registered)
		tracepoint_synchronize_unregister();
}

static int kbpf_tp_mod_notify(struct notifier_block *nb, unsigned long val,
			      void *data)
{
	struct tp_module *tp_mod = data;
	int err = 0;

	if (val == MODULE_STATE_COMING) {
		kbpf_tp_btf_forget(module_name(tp_mod->mod));
		err = kbpf_tp_mod_coming(tp_mod->mod);
	} else if (val == MODULE_STATE_GOING) {
		kbpf_tp_mod_going(tp_mod->mod);
		kbpf_tp_btf_forget(module_name(tp_mod->mod));
	}
	return notifier_from_errno(err);
}

static struct notifier_block kbpf_tp_mod_nb = {
	.notifier_call = kbpf_tp_mod_notify,
};

/* Also reports the modules already loaded, as COMING. */
int kbpf_raw_tp_init(void)
{
	int err;

	kbpf_tp_btf_init();
	err = register_tracepoint_module_notifier(&kbpf_tp_mod_nb);
	if (err)
		kbpf_tp_btf_exit();
	return err;
}

/*
 * Every link is gone (each holds the module); probes that were still
 * returning into kbpf's text have been waited for by each release.
 */
void kbpf_raw_tp_exit(void)
{
	unregister_tracepoint_module_notifier(&kbpf_tp_mod_nb);
	tracepoint_synchronize_unregister();
	kbpf_tp_btf_exit();
}
