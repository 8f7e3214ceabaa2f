// SPDX-License-Identifier: GPL-2.0
/*
 * The program object: PROG_LOAD, references, fds, IDs and info.
 */

#include <linux/anon_inodes.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/string.h>
#include <linux/license.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "../compat.h"
#include "../jit/jit.h"
#include "../map/map.h"
#include "../object.h"
#include "../sleepable.h"
#include "../verifier/env.h"
#include "prog.h"
#include "stats.h"
#include "type.h"

#define KBPF_PROG_FLAGS (KBPF_F_STRICT_ALIGNMENT | KBPF_F_ANY_ALIGNMENT | \
			 KBPF_F_TEST_STATE_FREQ | KBPF_F_SLEEPABLE | \
			 KBPF_F_TEST_RND_HI32 | KBPF_F_XDP_HAS_FRAGS | \
			 KBPF_F_XDP_DEV_BOUND_ONLY | \
			 KBPF_F_TEST_REG_INVARIANTS | KBPF_F_TOKEN_FD)

static void kbpf_prog_free(struct kbpf_prog *prog)
{
	u32 i;

	for (i = 0; i < prog->used_map_cnt; i++)
		kbpf_map_put(prog->used_maps[i]);
	kfree(prog->used_maps);
	kfree(prog->frames);
	free_percpu(prog->stats);
	kbpf_jit_prog_free(prog);
	kvfree(prog);
}

static void kbpf_prog_free_work(struct work_struct *work)
{
	kbpf_prog_free(container_of(work, struct kbpf_prog, free_work));
	kbpf_free_end();
}

static void kbpf_prog_free_rcu(struct rcu_head *rcu)
{
	struct kbpf_prog *prog = container_of(rcu, struct kbpf_prog, rcu);

	INIT_WORK(&prog->free_work, kbpf_prog_free_work);
	queue_work(kbpf_free_wq, &prog->free_work);
}

static void kbpf_prog_free_sleepable_rcu(struct rcu_head *rcu)
{
	/* A sleepable grace period does not imply an RCU one. */
	call_rcu(rcu, kbpf_prog_free_rcu);
}

void kbpf_prog_inc(struct kbpf_prog *prog)
{
	atomic64_inc(&prog->refcnt);
}

/*
 * May be called from any context. The program may still be running on
 * another CPU (under RCU, or the sleepable read side): its memory
 * and its maps go only after both grace periods.
 */
void kbpf_prog_put(struct kbpf_prog *prog)
{
	if (!atomic64_dec_and_test(&prog->refcnt))
		return;
	kbpf_id_free(&kbpf_prog_ids, prog->id);
	kbpf_free_begin();
	kbpf_call_sleepable_rcu(&prog->rcu, kbpf_prog_free_sleepable_rcu);
}

static int kbpf_prog_release(struct inode *inode, struct file *file)
{
	kbpf_prog_put(file->private_data);
	return 0;
}

static const struct file_operations kbpf_prog_fops = {
	.owner		= THIS_MODULE,
	.release	= kbpf_prog_release,
	.llseek		= noop_llseek,
};

bool kbpf_file_is_prog(const struct file *file)
{
	return file->f_op == &kbpf_prog_fops;
}

/* Consumes the caller's reference on success. */
int kbpf_prog_new_fd(struct kbpf_prog *prog)
{
	return anon_inode_getfd("kbpf-prog", &kbpf_prog_fops, prog,
				O_RDWR | O_CLOEXEC);
}

/* The program behind @ufd with a reference, or -EBADF / -EINVAL. */
struct kbpf_prog *kbpf_prog_get_fd(u32 ufd)
{
	struct kbpf_prog *prog;
	struct fd f = fdget(ufd);

	if (!fd_file(f))
		return ERR_PTR(-EBADF);
	if (!kbpf_file_is_prog(fd_file(f))) {
		fdput(f);
		return ERR_PTR(-EINVAL);
	}
	prog = fd_file(f)->private_data;
	kbpf_prog_inc(prog);
	fdput(f);
	return prog;
}

/* Sizes of struct bpf_func_info and struct bpf_line_info. */
#define KBPF_FUNC_INFO_REC_SIZE	8
#define KBPF_LINE_INFO_REC_SIZE	16

/* License strings as Linux reads them: at most 127 bytes. */
#define KBPF_LICENSE_LEN 128

static int kbpf_prog_copy_in(struct kbpf_prog *prog,
			     const union kbpf_attr *attr)
{
	char license[KBPF_LICENSE_LEN];

	if (copy_from_user(prog->insns, u64_to_user_ptr(attr->insns),
			   (size_t)prog->len * sizeof(struct kbpf_insn)))
		return -EFAULT;
	if (strncpy_from_user(license, u64_to_user_ptr(attr->license),
			      sizeof(license) - 1) < 0)
		return -EFAULT;
	license[sizeof(license) - 1] = 0;
	prog->gpl_compatible = license_is_gpl_compatible(license);
	return 0;
}

/*
 * Every prog array the program names takes it as its owner or finds it
 * compatible with the owner, as Linux's bpf_check_tail_call() at the end
 * of a load: a program may only tail call into programs of its kind (its
 * JITed-ness included), and a slot filled before the load decided what
 * that kind is.
 */
static int kbpf_prog_check_tail_calls(const struct kbpf_prog *prog)
{
	u32 i;

	for (i = 0; i < prog->used_map_cnt; i++) {
		struct kbpf_map *map = prog->used_maps[i];

		if (map->map_type == KBPF_MAP_TYPE_PROG_ARRAY &&
		    !kbpf_prog_array_compatible(map, prog))
			return -EINVAL;
	}
	return 0;
}

/* Checks in Linux's order (bpf_prog_load()), so the first failing one wins. */
int kbpf_prog_load(union kbpf_attr *attr, union kbpf_attr __user *uattr,
		   u32 uattr_size)
{
	u32 type = attr->prog_type;
	const struct kbpf_prog_ops *ops = kbpf_prog_ops_of(type);
	struct kbpf_prog *prog;
	int err;

	if (attr->prog_flags & ~KBPF_PROG_FLAGS)
		return -EINVAL;
	if (attr->prog_flags & KBPF_F_TOKEN_FD) {
		err = kbpf_foreign_fd_errno(attr->prog_token_fd);
		if (err)
			return err;
	}
	/* kbpf's policy is Linux's kernel.unprivileged_bpf_disabled=2. */
	if (!kbpf_capable(CAP_BPF))
		return -EPERM;
	if (!attr->insn_cnt || attr->insn_cnt > KBPF_MAX_INSNS)
		return -E2BIG;
	if (kbpf_prog_type_needs_perfmon(type) && !kbpf_capable(CAP_PERFMON))
		return -EPERM;
	/* No BTF: no program can name a BTF type or an attach target. */
	if (attr->attach_prog_fd || attr->attach_btf_id)
		return -EINVAL;
	if (ops && ops->check_attach) {
		err = ops->check_attach(attr->expected_attach_type);
		if (err)
			return err;
	}

	prog = kvzalloc(struct_size(prog, insns, attr->insn_cnt),
			GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!prog)
		return -EINVAL;	/* sic: Linux reports a failed alloc so */
	prog->ops = ops;
	prog->type = type;
	prog->expected_attach_type = attr->expected_attach_type;
	prog->sleepable = attr->prog_flags & KBPF_F_SLEEPABLE;
	prog->len = attr->insn_cnt;
	prog->uid = current_uid();
	atomic64_set(&prog->refcnt, 1);
	prog->stats = alloc_percpu_gfp(struct kbpf_prog_stats,
				       GFP_KERNEL_ACCOUNT);
	err = -ENOMEM;
	if (!prog->stats)
		goto free_prog;

	err = kbpf_prog_copy_in(prog, attr);
	if (err)
		goto free_prog;
	/* Offload needs a device: Linux fails the same way without one. */
	err = -EINVAL;
	if (attr->prog_ifindex || !ops)
		goto free_prog;
	prog->load_time = ktime_get_boottime_ns();
	err = kbpf_obj_name_cpy(prog->name, attr->prog_name,
				sizeof(attr->prog_name));
	if (err < 0)
		goto free_prog;

	err = kbpf_check(&prog, attr, uattr, uattr_size);
	if (err < 0)
		goto free_prog;
	/* The image is written and serialized before anyone can run it. */
	kbpf_jit_prog(prog);
	/* After the JIT, as Linux: whether it took the program counts. */
	err = kbpf_prog_check_tail_calls(prog);
	if (err)
		goto free_prog;

	err = kbpf_id_alloc(&kbpf_prog_ids, prog, &prog->id);
	if (err)
		goto free_prog;
	err = kbpf_prog_new_fd(prog);
	if (err < 0)
		/* The ID is public already: drop it the regular way. */
		kbpf_prog_put(prog);
	return err;

free_prog:
	kbpf_prog_free(prog);
	return err;
}

/*
 * The instructions as user space may see them: map addresses become map
 * IDs (with the value offset for direct value loads) and callback
 * addresses relative offsets again, as Linux's bpf_insn_prepare_dump().
 */
static void kbpf_prog_dump_insns(const struct kbpf_prog *prog,
				 struct kbpf_insn *out)
{
	u32 i, m;

	memcpy(out, prog->insns, prog->len * sizeof(*out));
	for (i = 0; i + 1 < prog->len; i++) {
		struct kbpf_insn *insn = &out[i];
		u64 addr, base;

		/* The interpreter's frame size (kbpf_prog_frame). */
		if (insn->code == (KBPF_JMP | KBPF_CALL) &&
		    insn->src_reg == KBPF_PSEUDO_CALL)
			insn->off = 0;
		if (insn->code != (KBPF_LD | KBPF_IMM | KBPF_DW))
			continue;
		addr = (u32)insn[0].imm | (u64)(u32)insn[1].imm << 32;
		switch (insn->src_reg) {
		case KBPF_PSEUDO_FUNC:
			insn->imm = (addr - (unsigned long)prog->insns) /
				    sizeof(*insn) - i - 1;
			insn[1].imm = 0;
			break;
		case KBPF_PSEUDO_MAP_FD:
		case KBPF_PSEUDO_MAP_IDX:
		case KBPF_PSEUDO_MAP_VALUE:
		case KBPF_PSEUDO_MAP_IDX_VALUE:
			for (m = 0; m < prog->used_map_cnt; m++) {
				struct kbpf_map *map = prog->used_maps[m];

				if (addr == (unsigned long)map) {
					insn->src_reg = KBPF_PSEUDO_MAP_FD;
					insn[0].imm = map->id;
					insn[1].imm = 0;
					break;
				}
				if (map->ops->direct_value_addr &&
				    !map->ops->direct_value_addr(map, &base, 0) &&
				    addr >= base && addr < base + map->value_size) {
					insn->src_reg = KBPF_PSEUDO_MAP_VALUE;
					insn[0].imm = map->id;
					insn[1].imm = addr - base;
					break;
				}
			}
			break;
		}
		i++;
	}
}

static int kbpf_prog_copy_xlated(const struct kbpf_prog *prog,
				 void __user *uinsns, u32 ulen)
{
	struct kbpf_insn *dump;
	int err = 0;

	dump = kvmalloc_array(prog->len, sizeof(*dump), GFP_USER);
	if (!dump)
		return -ENOMEM;
	kbpf_prog_dump_insns(prog, dump);
	if (copy_to_user(uinsns, dump,
			 min_t(u32, ulen, prog->len * sizeof(*dump))))
		err = -EFAULT;
	kvfree(dump);
	return err;
}

/*
 * The user's struct says where map IDs and instructions go and how much
 * fits; the rest is built fresh. kbpf has no BTF or line info: those
 * stay 0; the JIT's fields are kmod/jit/info.c's. Without CAP_BPF the
 * lengths stay 0 too, as on Linux.
 */
int kbpf_prog_get_info_by_fd(struct kbpf_prog *prog,
			     const union kbpf_attr *attr,
			     union kbpf_attr __user *uattr)
{
	struct kbpf_prog_info __user *uinfo = u64_to_user_ptr(attr->info.info);
	u32 info_len = attr->info.info_len;
	struct kbpf_prog_info info, req;
	u32 i, n;
	int err;

	/* Linux checks the tail from the last field, not the padding. */
	err = kbpf_check_uarg_tail_zero(uinfo,
					offsetofend(struct kbpf_prog_info,
						    attach_btf_id),
					info_len);
	if (err)
		return err;
	info_len = min_t(u32, sizeof(info), info_len);

	memset(&req, 0, sizeof(req));
	if (copy_from_user(&req, uinfo, info_len))
		return -EFAULT;

	memset(&info, 0, sizeof(info));
	info.type = prog->type;
	info.id = prog->id;
	info.load_time = prog->load_time;
	info.created_by_uid = from_kuid_munged(current_user_ns(), prog->uid);
	info.gpl_compatible = prog->gpl_compatible;
	memcpy(info.tag, prog->tag, sizeof(info.tag));
	memcpy(info.name, prog->name, sizeof(info.name));

	info.map_ids = req.map_ids;
	info.nr_map_ids = prog->used_map_cnt;
	n = min(req.nr_map_ids, prog->used_map_cnt);
	for (i = 0; i < n; i++) {
		u32 __user *ids = u64_to_user_ptr(req.map_ids);

		if (put_user(prog->used_maps[i]->id, &ids[i]))
			return -EFAULT;
	}
	/*
	 * Linux's set_info_rec_size(): a record size asked for must be the
	 * kernel's (func_info 8, line_info 16, jited line info 8 bytes).
	 */
	if (((req.nr_func_info || req.func_info_rec_size) &&
	     req.func_info_rec_size != KBPF_FUNC_INFO_REC_SIZE) ||
	    ((req.nr_line_info || req.line_info_rec_size) &&
	     req.line_info_rec_size != KBPF_LINE_INFO_REC_SIZE) ||
	    ((req.nr_jited_line_info || req.jited_line_info_rec_size) &&
	     req.jited_line_info_rec_size != sizeof(u64)))
		return -EINVAL;
	info.func_info_rec_size = KBPF_FUNC_INFO_REC_SIZE;
	info.line_info_rec_size = KBPF_LINE_INFO_REC_SIZE;
	info.jited_line_info_rec_size = sizeof(u64);

	kbpf_prog_stats_read(prog, &info.run_cnt, &info.run_time_ns);
	info.recursion_misses = kbpf_prog_misses_read(prog);
	info.verified_insns = prog->len;

	/* Where user space wants things stays as it said, filled or not. */
	info.jited_prog_insns = req.jited_prog_insns;
	info.jited_ksyms = req.jited_ksyms;
	info.jited_func_lens = req.jited_func_lens;
	info.func_info = req.func_info;
	info.line_info = req.line_info;
	info.jited_line_info = req.jited_line_info;
	info.prog_tags = req.prog_tags;
	info.xlated_prog_insns = req.xlated_prog_insns;
	if (kbpf_capable(CAP_BPF)) {
		info.xlated_prog_len = prog->len * sizeof(struct kbpf_insn);
		if (req.xlated_prog_len) {
			err = kbpf_prog_copy_xlated(prog,
				u64_to_user_ptr(req.xlated_prog_insns),
				req.xlated_prog_len);
			if (err)
				return err;
		}
		err = kbpf_jit_fill_info(prog, &info, &req);
		if (err)
			return err;
	}

	if (copy_to_user(uinfo, &info, info_len) ||
	    put_user(info_len, &uattr->info.info_len))
		return -EFAULT;
	return 0;
}

int kbpf_prog_get_fd_by_id(union kbpf_attr *attr, union kbpf_attr __user *uattr)
{
	struct kbpf_prog *prog;
	unsigned long irqflags;
	int fd;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	spin_lock_irqsave(&kbpf_prog_ids.lock, irqflags);
	prog = kbpf_id_find(&kbpf_prog_ids, attr->prog_id);
	if (prog && !atomic64_inc_not_zero(&prog->refcnt))
		prog = NULL;
	spin_unlock_irqrestore(&kbpf_prog_ids.lock, irqflags);
	if (!prog)
		return -ENOENT;

	fd = kbpf_prog_new_fd(prog);
	if (fd < 0)
		kbpf_prog_put(prog);
	return fd;
}

static int kbpf_prog_obj_get_info(struct file *file,
				  const union kbpf_attr *attr,
				  union kbpf_attr __user *uattr)
{
	return kbpf_prog_get_info_by_fd(file->private_data, attr, uattr);
}

const struct kbpf_obj_ops kbpf_prog_obj_ops = {
	.file_is	= kbpf_file_is_prog,
	.get_info_by_fd	= kbpf_prog_obj_get_info,
};
