/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kbpf knows of a tracepoint's arguments, from the kernel's BTF:
 * the `btf_trace_<name>` typedef, a pointer to the probe's prototype
 * (void *__data, args...), gives their number and each one's width.
 * tp_btf.c reads the BTF into tables; tp_btf_cache.c keeps the tables.
 */
#ifndef _KBPF_TP_BTF_H
#define _KBPF_TP_BTF_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/types.h>

/* Linux's MAX_BPF_FUNC_ARGS: no tracepoint has more. */
#define KBPF_TP_MAX_ARGS	12

/* @size[i]: bytes of argument i, 1, 2, 4 or 8. */
struct kbpf_tp_args {
	u32 nr;
	u8 size[KBPF_TP_MAX_ARGS];
};

/*
 * @mod_name: the module defining the tracepoint, NULL for the kernel.
 * -EOPNOTSUPP when there is no BTF to read (a kernel without
 * CONFIG_DEBUG_INFO_BTF, or a module without BTF), the typedef is
 * absent, or an argument is of a type kbpf does not widen (a struct,
 * a float, more than 12 arguments). May sleep. Each BTF is read once
 * (a module's once per load: see tp_btf_cache.c).
 */
int kbpf_tp_btf_args(const char *tp_name, const char *mod_name,
		     struct kbpf_tp_args *args);
/*
 * Forget what module @mod_name's BTF said: it is coming (a new one by
 * that name) or going. From the tracepoint module notifier; may sleep.
 */
void kbpf_tp_btf_forget(const char *mod_name);
void kbpf_tp_btf_init(void);
/* Forget everything; at module exit. */
void kbpf_tp_btf_exit(void);

/* One tracepoint typedef: @err 0 and @args, or why kbpf cannot. */
struct kbpf_tp_entry {
	const char *name;
	int err;
	struct kbpf_tp_args args;
};

/*
 * The tracepoints one BTF defines (the kernel's, @mod_name "", or a
 * module's own), @nr @entries sorted by name, their names in @names.
 * @node is the cache's (tp_btf_cache.c).
 */
struct kbpf_tp_table {
	struct list_head node;
	u32 nr;
	struct kbpf_tp_entry *entries;
	char *names;
	char mod_name[MODULE_NAME_LEN];
};

/*
 * Read the kernel's BTF and, if @mod_name, that module's; make the
 * kernel's table into *@kernel unless it is there already, and the
 * module's into *@mod. Either may be made when the other fails.
 */
int kbpf_tp_tables_read(const char *mod_name, struct kbpf_tp_table **kernel,
			struct kbpf_tp_table **mod);
/* @tp_name's entry in @table: its err, and its args when 0. */
int kbpf_tp_table_find(const struct kbpf_tp_table *table, const char *tp_name,
		       struct kbpf_tp_args *args);
void kbpf_tp_table_free(struct kbpf_tp_table *table);

/* Blobs read from sysfs since kbpf loaded, for the debugfs file. */
extern atomic_long_t kbpf_tp_btf_vmlinux_reads;
extern atomic_long_t kbpf_tp_btf_mod_reads;

#endif /* _KBPF_TP_BTF_H */
