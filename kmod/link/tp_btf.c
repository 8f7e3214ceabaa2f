// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal reader of the kernel's BTF (/sys/kernel/btf/vmlinux, and
 * /sys/kernel/btf/<module>, split BTF whose type IDs and string offsets
 * continue the kernel's, both read from the sysfs under init's root),
 * enough to find a tracepoint's prototype.
 *
 * The blobs are read afresh for every lookup and freed after, so nothing
 * goes stale when a module comes and goes; what the kernel's own
 * tracepoints take is remembered (kbpf_tp_cache), as it never changes.
 * Every offset and ID read from a blob is bounds-checked before use.
 */

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/path.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <uapi/linux/btf.h>
#include <uapi/linux/magic.h>

#include "tp_btf.h"

/* Largest blob read: the kernel's is a few MiB. */
#define KBPF_BTF_MAX_SIZE	(64 << 20)
/* Modifier and typedef chains longer than this are refused. */
#define KBPF_BTF_MAX_CHAIN	32

/*
 * The kernel's tracepoints already looked up, by name: reading and
 * indexing the kernel's BTF takes milliseconds. Only grows, under
 * kbpf_tp_cache_lock; freed at module exit.
 */
struct kbpf_tp_cached {
	struct list_head node;
	struct kbpf_tp_args args;
	char name[];
};

static LIST_HEAD(kbpf_tp_cache);
static DEFINE_MUTEX(kbpf_tp_cache_lock);

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
 * Open /sys/kernel/btf/@name as the kernel itself would see it. The path
 * is walked from init's root, never the caller's: a caller in a mount
 * namespace of its own could mount a blob of its choosing there, whose
 * argument counts would then be believed (a probe reading arguments the
 * tracepoint never passed) and cached for every caller. Only a regular
 * file of sysfs is read: not a FIFO whose open or read blocks, nor a
 * FUSE file that answers at its own pace.
 */
static struct file *kbpf_btf_open(const char *name)
{
	char path[NAME_MAX + 16];
	struct file *file;
	struct inode *inode;
	struct path root;

	snprintf(path, sizeof(path), "sys/kernel/btf/%s", name);
	task_lock(&init_task);
	get_fs_root(init_task.fs, &root);
	task_unlock(&init_task);
	file = file_open_root(&root, path, O_RDONLY | O_NONBLOCK, 0);
	path_put(&root);
	if (IS_ERR(file))
		return file;
	inode = file_inode(file);
	if (!S_ISREG(inode->i_mode) || inode->i_sb->s_magic != SYSFS_MAGIC) {
		filp_close(file, NULL);
		return ERR_PTR(-ENOENT);
	}
	return file;
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

/* Find typedef btf_trace_<tp_name> in @btf's own types. */
static int kbpf_btf_find_tp(const struct kbpf_btf *btf, const char *tp_name,
			    struct kbpf_tp_args *args)
{
	static const char prefix[] = "btf_trace_";
	const struct btf_type *t, *proto;
	const char *name;
	u32 i;

	for (i = 0; i < btf->nr; i++) {
		t = btf->types + btf->offs[i];
		if (kbpf_btf_kind(t) != BTF_KIND_TYPEDEF)
			continue;
		name = kbpf_btf_name(btf, t->name_off);
		if (strncmp(name, prefix, sizeof(prefix) - 1) ||
		    strcmp(name + sizeof(prefix) - 1, tp_name))
			continue;
		t = kbpf_btf_skip(btf, t->type);
		if (!t || kbpf_btf_kind(t) != BTF_KIND_PTR)
			return -EOPNOTSUPP;
		proto = kbpf_btf_skip(btf, t->type);
		if (!proto || kbpf_btf_kind(proto) != BTF_KIND_FUNC_PROTO)
			return -EOPNOTSUPP;
		return kbpf_btf_proto_args(btf, proto, args);
	}
	return -EOPNOTSUPP;
}

static bool kbpf_tp_cache_find(const char *tp_name, struct kbpf_tp_args *args)
{
	struct kbpf_tp_cached *c;

	lockdep_assert_held(&kbpf_tp_cache_lock);
	list_for_each_entry(c, &kbpf_tp_cache, node) {
		if (!strcmp(c->name, tp_name)) {
			*args = c->args;
			return true;
		}
	}
	return false;
}

/* Remembering is best effort: without memory the next attach reads. */
static void kbpf_tp_cache_add(const char *tp_name,
			      const struct kbpf_tp_args *args)
{
	size_t len = strlen(tp_name) + 1;
	struct kbpf_tp_cached *c;

	lockdep_assert_held(&kbpf_tp_cache_lock);
	c = kmalloc(struct_size(c, name, len), GFP_KERNEL);
	if (!c)
		return;
	c->args = *args;
	memcpy(c->name, tp_name, len);
	list_add(&c->node, &kbpf_tp_cache);
}

static int kbpf_tp_btf_find(const char *tp_name, const char *mod_name,
			    struct kbpf_tp_args *args)
{
	struct kbpf_btf *vmlinux, *btf;
	int err;

	vmlinux = kbpf_btf_load("vmlinux", NULL);
	if (IS_ERR(vmlinux))
		return PTR_ERR(vmlinux);
	btf = vmlinux;
	if (mod_name) {
		btf = kbpf_btf_load(mod_name, vmlinux);
		if (IS_ERR(btf)) {
			kbpf_btf_free(vmlinux);
			return PTR_ERR(btf);
		}
	}
	err = kbpf_btf_find_tp(btf, tp_name, args);
	kbpf_btf_free(btf);
	return err;
}

int kbpf_tp_btf_args(const char *tp_name, const char *mod_name,
		     struct kbpf_tp_args *args)
{
	int err;

	if (mod_name)
		return kbpf_tp_btf_find(tp_name, mod_name, args);
	mutex_lock(&kbpf_tp_cache_lock);
	err = 0;
	if (!kbpf_tp_cache_find(tp_name, args)) {
		err = kbpf_tp_btf_find(tp_name, NULL, args);
		if (!err)
			kbpf_tp_cache_add(tp_name, args);
	}
	mutex_unlock(&kbpf_tp_cache_lock);
	return err;
}

void kbpf_tp_btf_exit(void)
{
	struct kbpf_tp_cached *c, *next;

	list_for_each_entry_safe(c, next, &kbpf_tp_cache, node)
		kfree(c);
	INIT_LIST_HEAD(&kbpf_tp_cache);
}
