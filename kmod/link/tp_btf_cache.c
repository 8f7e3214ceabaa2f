// SPDX-License-Identifier: GPL-2.0
/*
 * The tracepoint tables read from BTF (tp_btf.c), kept so that an attach
 * reads no BTF once its tracepoint's has been read: reading and indexing
 * the kernel's takes milliseconds, and a module's needs the kernel's as
 * its base.
 *
 * Invalidation: the kernel's table is kept until kbpf's exit (the
 * kernel's BTF never changes). A module's is kept under its name and
 * dropped when a module by that name comes or goes (the tracepoint
 * module notifier, raw_tp.c): a module reloaded, perhaps changed, is
 * read again. Serialised with the lookups by kbpf_tp_tables_lock, a
 * table made from a blob read before a drop is dropped with it, and one
 * read after is the new module's. A failed read is not remembered.
 *
 * The blobs are read from init's root (tp_btf.c), so no caller can make
 * a table out of a blob of its own.
 *
 * /sys/kernel/debug/kbpf/tp_btf shows the blobs read so far and the
 * tables kept.
 */

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "../compat.h"
#include "../prog/trace.h"
#include "tp_btf.h"

/*
 * The tables, the kernel's ("") and the modules', each at most once.
 * kbpf_tp_tables_lock protects the list; it is held across a read of
 * BTF from sysfs, and taken by the module notifier.
 */
static LIST_HEAD(kbpf_tp_tables);
static DEFINE_MUTEX(kbpf_tp_tables_lock);

static struct dentry *kbpf_tp_btf_file;

static struct kbpf_tp_table *kbpf_tp_tables_find(const char *mod_name)
{
	struct kbpf_tp_table *table;

	lockdep_assert_held(&kbpf_tp_tables_lock);
	list_for_each_entry(table, &kbpf_tp_tables, node)
		if (!strcmp(table->mod_name, mod_name))
			return table;
	return NULL;
}

/* Read what is missing; what was read is kept even if the rest failed. */
static int kbpf_tp_tables_fill(const char *mod_name)
{
	struct kbpf_tp_table *kernel = kbpf_tp_tables_find(""), *mod = NULL;
	bool had_kernel = kernel;
	int err;

	lockdep_assert_held(&kbpf_tp_tables_lock);
	err = kbpf_tp_tables_read(mod_name, &kernel, &mod);
	if (kernel && !had_kernel)
		list_add_tail(&kernel->node, &kbpf_tp_tables);
	if (mod)
		list_add_tail(&mod->node, &kbpf_tp_tables);
	return err;
}

int kbpf_tp_btf_args(const char *tp_name, const char *mod_name,
		     struct kbpf_tp_args *args)
{
	struct kbpf_tp_table *table;
	int err = 0;

	mutex_lock(&kbpf_tp_tables_lock);
	table = kbpf_tp_tables_find(mod_name ?: "");
	if (!table) {
		err = kbpf_tp_tables_fill(mod_name);
		table = kbpf_tp_tables_find(mod_name ?: "");
	}
	if (table)
		err = kbpf_tp_table_find(table, tp_name, args);
	mutex_unlock(&kbpf_tp_tables_lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tp_btf_args);

void kbpf_tp_btf_forget(const char *mod_name)
{
	struct kbpf_tp_table *table;

	if (!*mod_name)
		return;
	mutex_lock(&kbpf_tp_tables_lock);
	table = kbpf_tp_tables_find(mod_name);
	if (table)
		list_del(&table->node);
	mutex_unlock(&kbpf_tp_tables_lock);
	kbpf_tp_table_free(table);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_tp_btf_forget);

static int kbpf_tp_btf_show(struct seq_file *m, void *unused)
{
	struct kbpf_tp_table *table;

	seq_printf(m, "vmlinux_reads: %ld\n",
		   atomic_long_read(&kbpf_tp_btf_vmlinux_reads));
	seq_printf(m, "module_reads: %ld\n",
		   atomic_long_read(&kbpf_tp_btf_mod_reads));
	mutex_lock(&kbpf_tp_tables_lock);
	list_for_each_entry(table, &kbpf_tp_tables, node)
		seq_printf(m, "table %s: %u\n",
			   table->mod_name[0] ? table->mod_name : "vmlinux",
			   table->nr);
	mutex_unlock(&kbpf_tp_tables_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kbpf_tp_btf);

void kbpf_tp_btf_init(void)
{
	kbpf_tp_btf_file = debugfs_create_file("tp_btf", 0444,
					       kbpf_debugfs_dir(), NULL,
					       &kbpf_tp_btf_fops);
}

void kbpf_tp_btf_exit(void)
{
	struct kbpf_tp_table *table, *next;

	debugfs_remove(kbpf_tp_btf_file);
	list_for_each_entry_safe(table, next, &kbpf_tp_tables, node)
		kbpf_tp_table_free(table);
	INIT_LIST_HEAD(&kbpf_tp_tables);
}
