// SPDX-License-Identifier: GPL-2.0
/*
 * The pin filesystem: fs type "kbpf", mounted at /sys/fs/kbpf, and the
 * commands that put objects in it (OBJ_PIN) and take them out (OBJ_GET).
 *
 * Each mount is its own instance, as with Linux's bpffs. A pinned object
 * is a regular file whose inode holds one reference on it (a user
 * reference for maps): taken before the inode exists, dropped when the
 * inode is destroyed, that is when its last name is gone (unlink,
 * rename over it, unmount) and no open file or walker holds it. @i_op
 * names the object's kind and @i_private the object; neither changes
 * while the inode lives. Directories are locked by the VFS alone.
 *
 * Reading a pinned file is a kbpf extension: a map lists its elements,
 * a program its type, ID, tag and name (Linux, without BTF, refuses
 * the open with -EIO). Opening a pinned link fails with -EIO, as Linux.
 * The last put of a pinned link detaches it on kbpf_free_wq.
 */

#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>

#include "../compat.h"
#include "../link/link.h"
#include "../map/map.h"
#include "../prog/prog.h"
#include "pinfs.h"

/*
 * What a pin may hold. @iops only tags the inode (pinned files have no
 * inode operations of their own); @get takes the pin's reference,
 * @put drops it, @new_fd turns a reference into an fd open with
 * @f_flags, consuming it on success.
 */
struct kbpf_pin_kind {
	const struct inode_operations *iops;
	const struct file_operations *fops;
	bool (*file_is)(const struct file *file);
	void (*get)(void *obj);
	void (*put)(void *obj);
	int (*new_fd)(void *obj, int f_flags);
};

static const struct inode_operations kbpf_pin_dir_iops;
static const struct inode_operations kbpf_pin_map_iops = { };
static const struct inode_operations kbpf_pin_prog_iops = { };
static const struct inode_operations kbpf_pin_link_iops = { };

/* Maps: the access mode asked of OBJ_GET restricts the new fd. */
static void kbpf_pin_map_get(void *obj)
{
	kbpf_map_inc_with_uref(obj);
}

static void kbpf_pin_map_put(void *obj)
{
	kbpf_map_put_with_uref(obj);
}

static int kbpf_pin_map_new_fd(void *obj, int f_flags)
{
	return kbpf_map_new_fd(obj, f_flags);
}

/* Programs: every program fd is read-write, whatever OBJ_GET asked. */
static void kbpf_pin_prog_get(void *obj)
{
	kbpf_prog_inc(obj);
}

static void kbpf_pin_prog_put(void *obj)
{
	kbpf_prog_put(obj);
}

static int kbpf_pin_prog_new_fd(void *obj, int f_flags)
{
	return kbpf_prog_new_fd(obj);
}

/* Links: OBJ_GET gives read-write fds only, as Linux's bpf_obj_get_user(). */
static void kbpf_pin_link_get(void *obj)
{
	kbpf_link_inc(obj);
}

static void kbpf_pin_link_put(void *obj)
{
	kbpf_link_put(obj);
}

static int kbpf_pin_link_new_fd(void *obj, int f_flags)
{
	return f_flags == O_RDWR ? kbpf_link_new_fd(obj) : -EINVAL;
}

/*
 * The map dump: one line per element, "KEY: VALUE", both in hex, in
 * get_next_key order (per-CPU values: every possible CPU's slot, as the
 * syscall returns them). The iterator holds the key of the element at
 * the current seq_file position, so a read that stops short resumes
 * there; position 0 restarts the walk.
 */
struct kbpf_pin_map_iter {
	void *key;
	void *next_key;
	void *value;
	bool done;
};

static struct kbpf_map *kbpf_pin_seq_map(struct seq_file *m)
{
	return file_inode(m->file)->i_private;
}

static void *kbpf_pin_map_seq_start(struct seq_file *m, loff_t *pos)
{
	struct kbpf_pin_map_iter *iter = m->private;

	if (!*pos) {
		iter->done = false;
		return SEQ_START_TOKEN;
	}
	return iter->done ? NULL : iter->key;
}

static void *kbpf_pin_map_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct kbpf_pin_map_iter *iter = m->private;
	struct kbpf_map *map = kbpf_pin_seq_map(m);
	void *prev = v == SEQ_START_TOKEN ? NULL : iter->key;
	int err;

	++*pos;
	if (iter->done)
		return NULL;
	rcu_read_lock();
	err = map->ops->get_next_key(map, prev, iter->next_key);
	rcu_read_unlock();
	if (err) {
		iter->done = true;
		return NULL;
	}
	swap(iter->key, iter->next_key);
	return iter->key;
}

static void kbpf_pin_map_seq_stop(struct seq_file *m, void *v)
{
}

static void kbpf_pin_seq_hex(struct seq_file *m, const u8 *buf, u32 len)
{
	u32 chunk;

	/* %*ph prints at most 64 bytes at a time. */
	for (; len; buf += chunk, len -= chunk) {
		chunk = min_t(u32, len, 64);
		seq_printf(m, "%*phN", (int)chunk, buf);
	}
}

static int kbpf_pin_map_seq_show(struct seq_file *m, void *v)
{
	struct kbpf_pin_map_iter *iter = m->private;
	struct kbpf_map *map = kbpf_pin_seq_map(m);

	if (v == SEQ_START_TOKEN)
		return 0;
	/* Deleted since get_next_key found it: leave it out. */
	if (kbpf_map_copy_value(map, iter->key, iter->value))
		return SEQ_SKIP;
	kbpf_pin_seq_hex(m, iter->key, map->key_size);
	seq_puts(m, ": ");
	kbpf_pin_seq_hex(m, iter->value, kbpf_map_value_size(map));
	seq_putc(m, '\n');
	return 0;
}

static const struct seq_operations kbpf_pin_map_seq_ops = {
	.start	= kbpf_pin_map_seq_start,
	.next	= kbpf_pin_map_seq_next,
	.stop	= kbpf_pin_map_seq_stop,
	.show	= kbpf_pin_map_seq_show,
};

static void kbpf_pin_map_iter_free(struct kbpf_pin_map_iter *iter)
{
	if (!iter)
		return;
	kfree(iter->key);
	kfree(iter->next_key);
	kvfree(iter->value);
	kfree(iter);
}

static int kbpf_pin_map_open(struct inode *inode, struct file *file)
{
	struct kbpf_map *map = inode->i_private;
	struct kbpf_pin_map_iter *iter;
	int err;

	iter = kzalloc(sizeof(*iter), GFP_KERNEL);
	if (!iter)
		return -ENOMEM;
	iter->key = kzalloc(map->key_size, GFP_KERNEL | __GFP_NOWARN);
	iter->next_key = kzalloc(map->key_size, GFP_KERNEL | __GFP_NOWARN);
	iter->value = kvzalloc(kbpf_map_value_size(map),
			       GFP_KERNEL | __GFP_NOWARN);
	if (!iter->key || !iter->next_key || !iter->value) {
		kbpf_pin_map_iter_free(iter);
		return -ENOMEM;
	}
	err = seq_open(file, &kbpf_pin_map_seq_ops);
	if (err) {
		kbpf_pin_map_iter_free(iter);
		return err;
	}
	((struct seq_file *)file->private_data)->private = iter;
	return 0;
}

static int kbpf_pin_map_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	kbpf_pin_map_iter_free(m->private);
	return seq_release(inode, file);
}

static const struct file_operations kbpf_pin_map_fops = {
	.owner		= THIS_MODULE,
	.open		= kbpf_pin_map_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= kbpf_pin_map_release,
};

/* Field names as in the fdinfo of a Linux program fd. */
static int kbpf_pin_prog_show(struct seq_file *m, void *v)
{
	const struct kbpf_prog *prog = m->private;

	seq_printf(m, "prog_type:\t%u\nprog_id:\t%u\nprog_tag:\t%*phN\nprog_name:\t%s\n",
		   prog->type, prog->id, KBPF_TAG_SIZE, prog->tag, prog->name);
	return 0;
}

static int kbpf_pin_prog_open(struct inode *inode, struct file *file)
{
	return single_open(file, kbpf_pin_prog_show, inode->i_private);
}

/* A pinned link has nothing to read: opening it fails, as on bpffs. */
static int kbpf_pin_link_open(struct inode *inode, struct file *file)
{
	return -EIO;
}

static const struct file_operations kbpf_pin_link_fops = {
	.owner		= THIS_MODULE,
	.open		= kbpf_pin_link_open,
};

static const struct file_operations kbpf_pin_prog_fops = {
	.owner		= THIS_MODULE,
	.open		= kbpf_pin_prog_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
};

static const struct kbpf_pin_kind kbpf_pin_kinds[] = {
	{
		.iops	= &kbpf_pin_map_iops,
		.fops	= &kbpf_pin_map_fops,
		.file_is = kbpf_file_is_map,
		.get	= kbpf_pin_map_get,
		.put	= kbpf_pin_map_put,
		.new_fd	= kbpf_pin_map_new_fd,
	},
	{
		.iops	= &kbpf_pin_prog_iops,
		.fops	= &kbpf_pin_prog_fops,
		.file_is = kbpf_file_is_prog,
		.get	= kbpf_pin_prog_get,
		.put	= kbpf_pin_prog_put,
		.new_fd	= kbpf_pin_prog_new_fd,
	},
	{
		.iops	= &kbpf_pin_link_iops,
		.fops	= &kbpf_pin_link_fops,
		.file_is = kbpf_file_is_link,
		.get	= kbpf_pin_link_get,
		.put	= kbpf_pin_link_put,
		.new_fd	= kbpf_pin_link_new_fd,
	},
};

/* The kind of object @inode pins, NULL for any other inode. */
static const struct kbpf_pin_kind *kbpf_pin_kind_of(const struct inode *inode)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kbpf_pin_kinds); i++)
		if (inode->i_op == kbpf_pin_kinds[i].iops)
			return &kbpf_pin_kinds[i];
	return NULL;
}

/*
 * The object behind @ufd with the reference a pin holds, or -EINVAL,
 * closed fd included, as Linux's bpf_fd_probe_obj().
 */
static void *kbpf_pin_fd_get(u32 ufd, const struct kbpf_pin_kind **kind)
{
	struct fd f = fdget(ufd);
	void *obj = ERR_PTR(-EINVAL);
	unsigned int i;

	if (!fd_file(f))
		return obj;
	for (i = 0; i < ARRAY_SIZE(kbpf_pin_kinds); i++) {
		if (kbpf_pin_kinds[i].file_is(fd_file(f))) {
			*kind = &kbpf_pin_kinds[i];
			obj = fd_file(f)->private_data;
			(*kind)->get(obj);
			break;
		}
	}
	fdput(f);
	return obj;
}

static struct inode *kbpf_pin_new_inode(struct inode *dir, umode_t mode)
{
	struct inode *inode = new_inode(dir->i_sb);

	if (!inode)
		return ERR_PTR(-ENOSPC);
	inode->i_ino = get_next_ino();
	kbpf_inode_init_ts(inode);
	inode_init_owner(KBPF_NOP_IDMAP, inode, dir, mode);
	return inode;
}

/* The dentry keeps the inode until it is unlinked or the sb dies. */
static void kbpf_pin_instantiate(struct inode *dir, struct dentry *dentry,
				 struct inode *inode)
{
	d_instantiate(dentry, inode);
	dget(dentry);
	kbpf_dir_changed(dir);
}

/*
 * bpffs reserves names with a dot for its own files: every lookup of
 * one in a directory with any mode bit set fails with -EPERM, so no
 * such name can be created, pinned, opened or renamed to there.
 */
static struct dentry *kbpf_pin_lookup(struct inode *dir,
				      struct dentry *dentry,
				      unsigned int flags)
{
	if ((dir->i_mode & S_IALLUGO) && strchr(dentry->d_name.name, '.'))
		return ERR_PTR(-EPERM);
	return simple_lookup(dir, dentry, flags);
}

static int kbpf_pin_mkdir(struct kbpf_idmap *idmap, struct inode *dir,
			  struct dentry *dentry, umode_t mode)
{
	struct inode *inode = kbpf_pin_new_inode(dir, mode | S_IFDIR);

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	inode->i_op = &kbpf_pin_dir_iops;
	inode->i_fop = &simple_dir_operations;
	inc_nlink(inode);
	inc_nlink(dir);
	kbpf_pin_instantiate(dir, dentry, inode);
	return 0;
}

static int kbpf_pin_symlink(struct kbpf_idmap *idmap, struct inode *dir,
			    struct dentry *dentry, const char *target)
{
	struct inode *inode;
	char *link;

	link = kstrdup(target, GFP_USER | __GFP_NOWARN);
	if (!link)
		return -ENOMEM;
	inode = kbpf_pin_new_inode(dir, S_IFLNK | 0777);
	if (IS_ERR(inode)) {
		kfree(link);
		return PTR_ERR(inode);
	}
	inode->i_op = &simple_symlink_inode_operations;
	/* Freed with the inode, after the RCU walkers that follow it. */
	inode->i_link = link;
	kbpf_pin_instantiate(dir, dentry, inode);
	return 0;
}

static const struct inode_operations kbpf_pin_dir_iops = {
	.lookup		= kbpf_pin_lookup,
	.mkdir		= kbpf_pin_mkdir,
	.symlink	= kbpf_pin_symlink,
	.rmdir		= simple_rmdir,
	.rename		= simple_rename,
	.link		= simple_link,
	.unlink		= simple_unlink,
};

struct kbpf_pin_new {
	void *obj;
	const struct kbpf_pin_kind *kind;
};

/* vfs_mkobj() callback: the new inode takes over the caller's reference. */
static int kbpf_pin_mkobj(struct dentry *dentry, umode_t mode, void *arg)
{
	const struct kbpf_pin_new *pin = arg;
	struct inode *dir = d_inode(dentry->d_parent);
	struct inode *inode = kbpf_pin_new_inode(dir, mode);

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	inode->i_op = pin->kind->iops;
	inode->i_fop = pin->kind->fops;
	inode->i_private = pin->obj;
	kbpf_pin_instantiate(dir, dentry, inode);
	return 0;
}

/*
 * Linux's order: the path is created first (-ENOENT, -EEXIST, ...),
 * then its parent must be a directory of a kbpf mount (-EPERM), then
 * vfs_mkobj() checks write and search permission on it.
 */
static int kbpf_pin_create(int path_fd, const char __user *pathname,
			   void *obj, const struct kbpf_pin_kind *kind)
{
	struct kbpf_pin_new pin = { .obj = obj, .kind = kind };
	struct dentry *dentry;
	struct path path;
	umode_t mode;
	int err;

	dentry = user_path_create(path_fd, pathname, &path, 0);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	if (d_inode(path.dentry)->i_op != &kbpf_pin_dir_iops) {
		err = -EPERM;
	} else {
		mode = S_IFREG | (0600 & ~current_umask());
		err = vfs_mkobj(dentry, mode, kbpf_pin_mkobj, &pin);
	}
	done_path_create(&path, dentry);
	return err;
}

/* Checks in the order of Linux's bpf_obj_pin(). */
int kbpf_obj_pin(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	const struct kbpf_pin_kind *kind;
	int path_fd, err;
	void *obj;

	if (attr->file_flags & ~KBPF_F_PATH_FD)
		return -EINVAL;
	/* path_fd means something only with KBPF_F_PATH_FD. */
	if (!(attr->file_flags & KBPF_F_PATH_FD) && attr->path_fd)
		return -EINVAL;
	path_fd = attr->file_flags & KBPF_F_PATH_FD ? attr->path_fd : AT_FDCWD;

	obj = kbpf_pin_fd_get(attr->bpf_fd, &kind);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	err = kbpf_pin_create(path_fd, u64_to_user_ptr(attr->pathname), obj,
			      kind);
	if (err)
		kind->put(obj);
	return err;
}

/*
 * The object pinned at @pathname, with a reference, if the caller may
 * open the file for @f_flags (path_permission(), as Linux); a file that
 * pins nothing is -EACCES, as in Linux's bpf_inode_type().
 */
static void *kbpf_pin_lookup_obj(int path_fd, const char __user *pathname,
				 int f_flags,
				 const struct kbpf_pin_kind **kind)
{
	struct inode *inode;
	struct path path;
	void *obj;
	int err;

	err = user_path_at(path_fd, pathname, LOOKUP_FOLLOW, &path);
	if (err)
		return ERR_PTR(err);
	inode = d_backing_inode(path.dentry);
	err = path_permission(&path, ACC_MODE(f_flags));
	if (err)
		goto out;
	*kind = kbpf_pin_kind_of(inode);
	if (!*kind) {
		err = -EACCES;
		goto out;
	}
	/* The inode, held by @path, holds the object: it cannot go away. */
	obj = inode->i_private;
	(*kind)->get(obj);
	touch_atime(&path);
	path_put(&path);
	return obj;
out:
	path_put(&path);
	return ERR_PTR(err);
}

/* Checks in the order of Linux's bpf_obj_get(). */
int kbpf_obj_get(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	const struct kbpf_pin_kind *kind;
	int path_fd, f_flags, fd;
	void *obj;

	if (attr->bpf_fd ||
	    attr->file_flags & ~(KBPF_F_RDONLY | KBPF_F_WRONLY |
				 KBPF_F_PATH_FD))
		return -EINVAL;
	if (!(attr->file_flags & KBPF_F_PATH_FD) && attr->path_fd)
		return -EINVAL;
	path_fd = attr->file_flags & KBPF_F_PATH_FD ? attr->path_fd : AT_FDCWD;
	f_flags = kbpf_file_flags(attr->file_flags);
	if (f_flags < 0)
		return f_flags;

	obj = kbpf_pin_lookup_obj(path_fd, u64_to_user_ptr(attr->pathname),
				  f_flags, &kind);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	fd = kind->new_fd(obj, f_flags);
	if (fd < 0)
		kind->put(obj);
	return fd;
}

/*
 * The superblock. Mount options as bpffs: uid=, gid=, mode= (octal) of
 * the root directory, which is always sticky; unknown options are
 * ignored, as bpffs has always done.
 */
struct kbpf_pin_opts {
	kuid_t uid;
	kgid_t gid;
	umode_t mode;
};

static int kbpf_pin_show_options(struct seq_file *m, struct dentry *root)
{
	struct inode *inode = d_inode(root);
	umode_t mode = inode->i_mode & S_IALLUGO & ~S_ISVTX;

	if (!uid_eq(inode->i_uid, GLOBAL_ROOT_UID))
		seq_printf(m, ",uid=%u",
			   from_kuid_munged(&init_user_ns, inode->i_uid));
	if (!gid_eq(inode->i_gid, GLOBAL_ROOT_GID))
		seq_printf(m, ",gid=%u",
			   from_kgid_munged(&init_user_ns, inode->i_gid));
	if (mode != 0777)
		seq_printf(m, ",mode=%o", mode);
	return 0;
}

/* The last name and the last user of the inode are gone. */
static void kbpf_pin_destroy_inode(struct inode *inode)
{
	const struct kbpf_pin_kind *kind = kbpf_pin_kind_of(inode);

	if (kind)
		kind->put(inode->i_private);
}

/*
 * After an RCU grace period: RCU path walks may still read the inode and
 * a symlink's target until then. Module exit waits for these with
 * rcu_barrier() (kbpf_wait_for_frees()).
 */
static void kbpf_pin_free_inode(struct inode *inode)
{
	if (S_ISLNK(inode->i_mode))
		kfree(inode->i_link);
	free_inode_nonrcu(inode);
}

static const struct super_operations kbpf_pin_sops = {
	.statfs		= simple_statfs,
	.drop_inode	= generic_delete_inode,
	.show_options	= kbpf_pin_show_options,
	.destroy_inode	= kbpf_pin_destroy_inode,
	.free_inode	= kbpf_pin_free_inode,
};

enum {
	KBPF_PIN_OPT_UID,
	KBPF_PIN_OPT_GID,
	KBPF_PIN_OPT_MODE,
};

static const struct fs_parameter_spec kbpf_pin_fs_parameters[] = {
	fsparam_u32("uid", KBPF_PIN_OPT_UID),
	fsparam_u32("gid", KBPF_PIN_OPT_GID),
	fsparam_u32oct("mode", KBPF_PIN_OPT_MODE),
	{}
};

static int kbpf_pin_parse_param(struct fs_context *fc,
				struct fs_parameter *param)
{
	struct kbpf_pin_opts *opts = fc->s_fs_info;
	struct fs_parse_result result;
	kuid_t uid;
	kgid_t gid;
	int opt;

	opt = fs_parse(fc, kbpf_pin_fs_parameters, param, &result);
	if (opt == -ENOPARAM) {
		opt = vfs_parse_fs_param_source(fc, param);
		return opt == -ENOPARAM ? 0 : opt;
	}
	if (opt < 0)
		return opt;

	switch (opt) {
	case KBPF_PIN_OPT_UID:
		uid = make_kuid(current_user_ns(), result.uint_32);
		if (!uid_valid(uid) || !kuid_has_mapping(fc->user_ns, uid))
			return invalfc(fc, "Bad value for '%s'", param->key);
		opts->uid = uid;
		break;
	case KBPF_PIN_OPT_GID:
		gid = make_kgid(current_user_ns(), result.uint_32);
		if (!gid_valid(gid) || !kgid_has_mapping(fc->user_ns, gid))
			return invalfc(fc, "Bad value for '%s'", param->key);
		opts->gid = gid;
		break;
	case KBPF_PIN_OPT_MODE:
		opts->mode = result.uint_32 & S_IALLUGO;
		break;
	}
	return 0;
}

static int kbpf_pin_fill_super(struct super_block *sb, struct fs_context *fc)
{
	static const struct tree_descr kbpf_pin_no_files[] = { { "" } };
	struct kbpf_pin_opts *opts = sb->s_fs_info;
	struct inode *root;
	int err;

	err = simple_fill_super(sb, KBPF_FS_MAGIC, kbpf_pin_no_files);
	if (err)
		return err;
	sb->s_op = &kbpf_pin_sops;

	root = d_inode(sb->s_root);
	root->i_uid = opts->uid;
	root->i_gid = opts->gid;
	root->i_op = &kbpf_pin_dir_iops;
	root->i_mode = (root->i_mode & ~S_IALLUGO) | S_ISVTX | opts->mode;
	return 0;
}

/* A new superblock for every mount: pins are per instance. */
static int kbpf_pin_get_tree(struct fs_context *fc)
{
	return get_tree_nodev(fc, kbpf_pin_fill_super);
}

/* The options, unless the new superblock took them over. */
static void kbpf_pin_free_fc(struct fs_context *fc)
{
	kfree(fc->s_fs_info);
}

static const struct fs_context_operations kbpf_pin_context_ops = {
	.free		= kbpf_pin_free_fc,
	.parse_param	= kbpf_pin_parse_param,
	.get_tree	= kbpf_pin_get_tree,
};

static int kbpf_pin_init_fs_context(struct fs_context *fc)
{
	struct kbpf_pin_opts *opts;

	opts = kzalloc(sizeof(*opts), GFP_KERNEL);
	if (!opts)
		return -ENOMEM;
	opts->mode = 0777;
	opts->uid = current_fsuid();
	opts->gid = current_fsgid();
	fc->s_fs_info = opts;
	fc->ops = &kbpf_pin_context_ops;
	return 0;
}

/* Drops the dentry reference of every name, hence every pin. */
static void kbpf_pin_kill_sb(struct super_block *sb)
{
	struct kbpf_pin_opts *opts = sb->s_fs_info;

	kill_litter_super(sb);
	kfree(opts);
}

/* Every mount holds the module through @owner. */
static struct file_system_type kbpf_pin_fs_type = {
	.owner			= THIS_MODULE,
	.name			= "kbpf",
	.init_fs_context	= kbpf_pin_init_fs_context,
	.parameters		= kbpf_pin_fs_parameters,
	.kill_sb		= kbpf_pin_kill_sb,
};

/*
 * For KUnit: a private kbpf mount, and a map pinned or unpinned by name
 * in its root directory, the way OBJ_PIN and unlink(2) do it.
 */
struct vfsmount *kbpf_pin_kern_mount(void)
{
	return kern_mount(&kbpf_pin_fs_type);
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_pin_kern_mount);

int kbpf_pin_map_in_root(struct vfsmount *mnt, const char *name,
			 struct kbpf_map *map)
{
	struct kbpf_pin_new pin = { .obj = map, .kind = &kbpf_pin_kinds[0] };
	struct inode *dir = d_inode(mnt->mnt_root);
	struct dentry *dentry;
	int err;

	inode_lock(dir);
	dentry = lookup_one_len(name, mnt->mnt_root, strlen(name));
	err = PTR_ERR_OR_ZERO(dentry);
	if (!err) {
		pin.kind->get(map);
		err = d_really_is_positive(dentry) ? -EEXIST :
			kbpf_pin_mkobj(dentry, S_IFREG | 0600, &pin);
		if (err)
			pin.kind->put(map);
		dput(dentry);
	}
	inode_unlock(dir);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_pin_map_in_root);

int kbpf_unpin_in_root(struct vfsmount *mnt, const char *name)
{
	struct inode *dir = d_inode(mnt->mnt_root);
	struct dentry *dentry;
	int err;

	inode_lock_nested(dir, I_MUTEX_PARENT);
	dentry = lookup_one_len(name, mnt->mnt_root, strlen(name));
	err = PTR_ERR_OR_ZERO(dentry);
	if (!err) {
		err = d_really_is_positive(dentry) ?
			simple_unlink(dir, dentry) : -ENOENT;
		if (!err)
			d_delete(dentry);
		dput(dentry);
	}
	inode_unlock(dir);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(kbpf_unpin_in_root);

int kbpf_pinfs_init(void)
{
	int err;

	err = sysfs_create_mount_point(fs_kobj, "kbpf");
	if (err)
		return err;
	err = register_filesystem(&kbpf_pin_fs_type);
	if (err)
		sysfs_remove_mount_point(fs_kobj, "kbpf");
	return err;
}

/*
 * No mount is left (each holds the module). Inodes freed by the last
 * unmount may still wait for their RCU grace period: the caller's
 * rcu_barrier() covers them.
 */
void kbpf_pinfs_exit(void)
{
	unregister_filesystem(&kbpf_pin_fs_type);
	sysfs_remove_mount_point(fs_kobj, "kbpf");
}
