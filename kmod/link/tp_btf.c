// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal reader of the kernel's BTF (/sys/kernel/btf/vmlinux, and
 * /sys/kernel/btf/<module>, split BTF whose type IDs and string offsets
 * continue the kernel's, both read from the sysfs under init's root),
 * enough to find a tracepoint's prototype.
 *
 * A blob is read, turned into a table of the tracepoints it defines
 * (kbpf_tp_table) and freed; the tables are kept by tp_btf_cache.c.
 * Every offset and ID read from a blob is bounds-checked before use.
 */

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/bsearch.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <uapi/linux/btf.h>
#include <uapi/linux/magic.h>

#include "../compat.h"
#include "init_root.h"
#include "tp_btf.h"

/* Largest blob read: the kernel's is a few MiB. */
#define KBPF_BTF_MAX_SIZE	(64 << 20)
/* Modifier and typedef chains longer than this are refused. */
#define KBPF_BTF_MAX_CHAIN	32

/*
 * One blob. Types @first_id .. @first_id + @nr - 1 are here, at
 * @types + @offs[id - @first_id]; string offsets from @str_first on are
 * in @strs. Lower IDs and offsets are @base's.
 */
struct kbpf_btf {
	void *data;
	const void *types;
	const char *strs;
	u32 types_len;
	u32 str_len;
	u32 str_first;
	u32 first_id;
	u32 nr;
	u32 *offs;
	struct kbpf_btf *base;
};

atomic_long_t kbpf_tp_btf_vmlinux_reads;
EXPORT_SYMBOL_IF_KUNIT(kbpf_tp_btf_vmlinux_reads);
atomic_long_t kbpf_tp_btf_mod_reads;
EXPORT_SYMBOL_IF_KUNIT(kbpf_tp_btf_mod_reads);

static u32 kbpf_btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static u32 kbpf_btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

static void kbpf_btf_free(struct kbpf_btf *btf)
{
	if (!btf)
		return;
	kbpf_btf_free(btf->base);
	kvfree(btf->offs);
	vfree(btf->data);
	kfree(btf);
}

/* Bytes a type takes after its struct btf_type, by kind. */
static s64 kbpf_btf_extra(const struct btf_type *t)
{
	u32 vlen = kbpf_btf_vlen(t);

	switch (kbpf_btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return sizeof(u32);
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (s64)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (s64)vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return (s64)vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return (s64)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64:
		return (s64)vlen * sizeof(struct btf_enum64);
	default:
		return -EOPNOTSUPP;
	}
}

/*
 * Walk the types once to count them and check each fits, then record
 * where each starts; a blob that does not parse is refused.
 */
static int kbpf_btf_index(struct kbpf_btf *btf)
{
	u32 off, nr = 0;
	s64 extra;

	for (off = 0; off < btf->types_len; nr++) {
		const struct btf_type *t = btf->types + off;

		if (btf->types_len - off < sizeof(*t))
			return -EOPNOTSUPP;
		extra = kbpf_btf_extra(t);
		if (extra < 0 || extra > btf->types_len - off - sizeof(*t))
			return -EOPNOTSUPP;
		off += sizeof(*t) + extra;
	}
	btf->offs = kvmalloc_array(nr, sizeof(*btf->offs), GFP_KERNEL);
	if (!btf->offs)
		return -ENOMEM;
	for (off = 0, btf->nr = 0; btf->nr < nr; btf->nr++) {
		const struct btf_type *t = btf->types + off;

		btf->offs[btf->nr] = off;
		off += sizeof(*t) + kbpf_btf_extra(t);
	}
	return 0;
}

static int kbpf_btf_parse(struct kbpf_btf *btf, size_t size)
{
	const struct btf_header *hdr = btf->data;
	u64 types_end, strs_end;

	if (size < sizeof(*hdr) || hdr->magic != BTF_MAGIC ||
	    hdr->hdr_len < sizeof(*hdr) || hdr->hdr_len > size)
		return -EOPNOTSUPP;
	types_end = (u64)hdr->hdr_len + hdr->type_off + hdr->type_len;
	strs_end = (u64)hdr->hdr_len + hdr->str_off + hdr->str_len;
	if (types_end > size || strs_end > size || !hdr->str_len ||
	    hdr->type_off % 4)
		return -EOPNOTSUPP;
	btf->types = btf->data + hdr->hdr_len + hdr->type_off;
	btf->types_len = hdr->type_len;
	btf->strs = btf->data + hdr->hdr_len + hdr->str_off;
	btf->str_len = hdr->str_len;
	/* Strings must end inside their section for strcmp() to stop. */
	if (btf->strs[btf->str_len - 1])
		return -EOPNOTSUPP;
	return kbpf_btf_index(btf);
}

/*
 * Open /sys/kernel/btf/@name as the kernel itself would see it, from
 * init's root: a caller in a mount namespace of its own could mount a
 * blob of its choosing at its own /sys/kernel/btf, whose argument counts
 * would then be believed (a probe reading arguments the tracepoint never
 * passed) and cached for every caller.
 */
static struct file *kbpf_btf_open(const char *name)
{
	char path[NAME_MAX + 16];

	snprintf(path, sizeof(path), "sys/kernel/btf/%s", name);
	return kbpf_init_root_open(path, SYSFS_MAGIC);
}

/*
 * Read a whole blob with kernel_read(), not kernel_read_file(): that one
 * asks the LSMs for a purpose (IPE warns on READING_UNKNOWN), and this is
 * no firmware, module or policy.
 */
static ssize_t kbpf_btf_read(const char *name, void **data)
{
	struct file *file;
	loff_t size, pos = 0;
	ssize_t len = 0;
	void *buf;

	file = kbpf_btf_open(name);
	if (IS_ERR(file))
		return PTR_ERR(file);
	atomic_long_inc(strcmp(name, "vmlinux") ? &kbpf_tp_btf_mod_reads :
						  &kbpf_tp_btf_vmlinux_reads);
	size = i_size_read(file_inode(file));
	buf = size > 0 && size <= KBPF_BTF_MAX_SIZE ? vmalloc(size) : NULL;
	if (!buf) {
		filp_close(file, NULL);
		return size > 0 && size <= KBPF_BTF_MAX_SIZE ? -ENOMEM :
							       -EOPNOTSUPP;
	}
	while (pos < size) {
		len = kernel_read(file, buf + pos, size - pos, &pos);
		if (len <= 0)
			break;
	}
	filp_close(file, NULL);
	if (pos < size) {
		vfree(buf);
		return len < 0 ? len : -EOPNOTSUPP;
	}
	*data = buf;
	return size;
}

static struct kbpf_btf *kbpf_btf_load(const char *name, struct kbpf_btf *base)
{
	struct kbpf_btf *btf;
	ssize_t len;
	int err;

	btf = kzalloc(sizeof(*btf), GFP_KERNEL);
	if (!btf)
		return ERR_PTR(-ENOMEM);
	btf->base = base;
	btf->first_id = 1;	/* 0 is void */
	if (base) {
		btf->first_id = base->first_id + base->nr;
		btf->str_first = base->str_first + base->str_len;
	}
	len = kbpf_btf_read(name, &btf->data);
	/* No such file: the kernel or the module has no BTF. */
	err = len < 0 ? (len == -ENOENT ? -EOPNOTSUPP : len) :
			kbpf_btf_parse(btf, len);
	if (err) {
		btf->base = NULL;
		kbpf_btf_free(btf);
		return ERR_PTR(err);
	}
	return btf;
}

static const struct btf_type *kbpf_btf_type(const struct kbpf_btf *btf,
					    u32 id)
{
	while (btf && id < btf->first_id)
		btf = btf->base;
	if (!btf || id - btf->first_id >= btf->nr)
		return NULL;
	return btf->types + btf->offs[id - btf->first_id];
}

static const char *kbpf_btf_name(const struct kbpf_btf *btf, u32 off)
{
	while (btf && off < btf->str_first)
		btf = btf->base;
	if (!btf || off - btf->str_first >= btf->str_len)
		return "";
	return btf->strs + off - btf->str_first;
}

/* The type under typedefs and qualifiers; NULL for void or a bad ID. */
static const struct btf_type *kbpf_btf_skip(const struct kbpf_btf *btf,
					    u32 id)
{
	const struct btf_type *t;
	int i;

	for (i = 0; i < KBPF_BTF_MAX_CHAIN; i++) {
		t = id ? kbpf_btf_type(btf, id) : NULL;
		if (!t)
			return NULL;
		switch (kbpf_btf_kind(t)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			break;
		default:
			return t;
		}
	}
	return NULL;
}

/*
 * The width of an argument of type @id, or 0 when kbpf does not know how
 * it is passed: integers (bool included) and enums of 1, 2, 4 or 8 bytes
 * with no bit offset, and pointers, go in one register or stack slot.
 */
static u32 kbpf_btf_arg_size(const struct kbpf_btf *btf, u32 id)
{
	const struct btf_type *t = kbpf_btf_skip(btf, id);
	u32 size, enc;

	if (!t)
		return 0;
	switch (kbpf_btf_kind(t)) {
	case BTF_KIND_PTR:
		return sizeof(void *);
	case BTF_KIND_INT:
		enc = *(const u32 *)(t + 1);
		if (BTF_INT_OFFSET(enc) || BTF_INT_BITS(enc) > t->size * 8)
			return 0;
		size = t->size;
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		size = t->size;
		break;
	default:
		return 0;
	}
	return size == 1 || size == 2 || size == 4 || size == 8 ? size : 0;
}

/* The prototype's params after `void *__data`, into @args. */
static int kbpf_btf_proto_args(const struct kbpf_btf *btf,
			       const struct btf_type *proto,
			       struct kbpf_tp_args *args)
{
	const struct btf_param *params = (const struct btf_param *)(proto + 1);
	u32 vlen = kbpf_btf_vlen(proto), i, size;
	const struct btf_type *data;

	if (!vlen || vlen - 1 > KBPF_TP_MAX_ARGS)
		return -EOPNOTSUPP;
	data = kbpf_btf_skip(btf, params[0].type);
	if (!data || kbpf_btf_kind(data) != BTF_KIND_PTR)
		return -EOPNOTSUPP;
	args->nr = vlen - 1;
	for (i = 1; i < vlen; i++) {
		/* A varargs prototype ends with a param of type 0: refused. */
		size = kbpf_btf_arg_size(btf, params[i].type);
		if (!size)
			return -EOPNOTSUPP;
		args->size[i - 1] = size;
	}
	return 0;
}

/*
 * The btf_trace_<name> typedef @t, a pointer to the probe's prototype,
 * into @args; -EOPNOTSUPP for one kbpf does not widen.
 */
static int kbpf_btf_tp_args(const struct kbpf_btf *btf,
			    const struct btf_type *t, struct kbpf_tp_args *args)
{
	const struct btf_type *proto;

	t = kbpf_btf_skip(btf, t->type);
	if (!t || kbpf_btf_kind(t) != BTF_KIND_PTR)
		return -EOPNOTSUPP;
	proto = kbpf_btf_skip(btf, t->type);
	if (!proto || kbpf_btf_kind(proto) != BTF_KIND_FUNC_PROTO)
		return -EOPNOTSUPP;
	return kbpf_btf_proto_args(btf, proto, args);
}

/* The tracepoint a type of @btf's own names, or NULL. */
static const char *kbpf_btf_tp_name(const struct kbpf_btf *btf, u32 i)
{
	static const char prefix[] = "btf_trace_";
	const struct btf_type *t = btf->types + btf->offs[i];
	const char *name;

	if (kbpf_btf_kind(t) != BTF_KIND_TYPEDEF)
		return NULL;
	name = kbpf_btf_name(btf, t->name_off);
	if (strncmp(name, prefix, sizeof(prefix) - 1))
		return NULL;
	return name + sizeof(prefix) - 1;
}

static int kbpf_tp_entry_cmp(const void *a, const void *b)
{
	const struct kbpf_tp_entry *ea = a, *eb = b;

	return strcmp(ea->name, eb->name);
}

void kbpf_tp_table_free(struct kbpf_tp_table *table)
{
	if (!table)
		return;
	kvfree(table->names);
	kvfree(table->entries);
	kfree(table);
}

/*
 * Every tracepoint typedef of @btf's own types, sorted by name: counted
 * and measured first, then copied, so the table is two allocations.
 */
static struct kbpf_tp_table *kbpf_tp_table_make(const struct kbpf_btf *btf,
						const char *mod_name)
{
	struct kbpf_tp_table *table;
	size_t names_len = 0, len;
	const char *name;
	char *pos;
	u32 i, n = 0;

	for (i = 0; i < btf->nr; i++) {
		name = kbpf_btf_tp_name(btf, i);
		if (name) {
			n++;
			names_len += strlen(name) + 1;
		}
	}
	table = kzalloc(sizeof(*table), GFP_KERNEL);
	if (!table)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&table->node);
	strscpy(table->mod_name, mod_name ?: "", sizeof(table->mod_name));
	table->entries = kvmalloc_array(n ?: 1, sizeof(*table->entries),
					GFP_KERNEL);
	table->names = kvmalloc(names_len ?: 1, GFP_KERNEL);
	if (!table->entries || !table->names) {
		kbpf_tp_table_free(table);
		return ERR_PTR(-ENOMEM);
	}
	pos = table->names;
	for (i = 0; i < btf->nr && table->nr < n; i++) {
		struct kbpf_tp_entry *e = &table->entries[table->nr];

		name = kbpf_btf_tp_name(btf, i);
		if (!name)
			continue;
		len = strlen(name) + 1;
		memcpy(pos, name, len);
		e->name = pos;
		pos += len;
		memset(&e->args, 0, sizeof(e->args));
		e->err = kbpf_btf_tp_args(btf, btf->types + btf->offs[i],
					  &e->args);
		table->nr++;
	}
	sort(table->entries, table->nr, sizeof(*table->entries),
	     kbpf_tp_entry_cmp, NULL);
	return table;
}

int kbpf_tp_table_find(const struct kbpf_tp_table *table, const char *tp_name,
		       struct kbpf_tp_args *args)
{
	const struct kbpf_tp_entry key = { .name = tp_name }, *e;

	e = bsearch(&key, table->entries, table->nr, sizeof(*e),
		    kbpf_tp_entry_cmp);
	if (!e)
		return -EOPNOTSUPP;
	if (!e->err)
		*args = e->args;
	return e->err;
}

int kbpf_tp_tables_read(const char *mod_name, struct kbpf_tp_table **kernel,
			struct kbpf_tp_table **mod)
{
	struct kbpf_btf *vmlinux, *btf;
	struct kbpf_tp_table *table;
	int err = 0;

	vmlinux = kbpf_btf_load("vmlinux", NULL);
	if (IS_ERR(vmlinux))
		return PTR_ERR(vmlinux);
	if (!*kernel) {
		table = kbpf_tp_table_make(vmlinux, NULL);
		if (IS_ERR(table))
			err = PTR_ERR(table);
		else
			*kernel = table;
	}
	if (mod_name && !err) {
		btf = kbpf_btf_load(mod_name, vmlinux);
		if (IS_ERR(btf)) {
			err = PTR_ERR(btf);
		} else {
			table = kbpf_tp_table_make(btf, mod_name);
			btf->base = NULL;
			kbpf_btf_free(btf);
			if (IS_ERR(table))
				err = PTR_ERR(table);
			else
				*mod = table;
		}
	}
	kbpf_btf_free(vmlinux);
	return err;
}
