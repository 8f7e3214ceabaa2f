// SPDX-License-Identifier: GPL-2.0
/*
 * The minimal BTF builder of libkbpf (btf.h), in uapi/linux/btf.h's
 * layout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf.h"

#define BTF_MAGIC		0xeB9F
#define BTF_VERSION		1
#define BTF_KIND_INT		1
#define BTF_KIND_FUNC		12
#define BTF_KIND_FUNC_PROTO	13
#define BTF_INT_SIGNED		1
#define BTF_FUNC_STATIC		0
#define BTF_INFO(kind, vlen)	((__u32)(kind) << 24 | (vlen))
#define BTF_FIRST_FUNC		3

struct btf_header {
	__u16 magic;
	__u8 version;
	__u8 flags;
	__u32 hdr_len;
	__u32 type_off;
	__u32 type_len;
	__u32 str_off;
	__u32 str_len;
};

static bool insn_is_ldimm64(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW);
}

__u32 kbpf_subprog_starts(const struct kbpf_insn *insns, __u32 cnt,
			  __u32 *starts, __u32 max, bool *callbacks)
{
	__u32 n = 1, i, j, k, to;
	bool cbs = false;

	starts[0] = 0;
	for (i = 0; i < cnt; i++) {
		bool call = insns[i].code == (KBPF_JMP | KBPF_CALL) &&
			    insns[i].src_reg == KBPF_PSEUDO_CALL;
		bool func = insn_is_ldimm64(&insns[i]) &&
			    insns[i].src_reg == KBPF_PSEUDO_FUNC;

		if (!call && !func)
			continue;
		cbs |= func;
		to = i + insns[i].imm + 1;
		for (j = 0; j < n && starts[j] < to; j++)
			;
		if ((j < n && starts[j] == to) || n == max)
			continue;
		for (k = n++; k > j; k--)
			starts[k] = starts[k - 1];
		starts[j] = to;
	}
	if (callbacks)
		*callbacks = cbs;
	return n;
}

/* Decimal digits of @k. */
static __u32 digits(__u32 k)
{
	__u32 d = 1;

	while (k >= 10)
		k /= 10, d++;
	return d;
}

int kbpf_btf_funcs_build(void *buf, size_t size, __u32 nr_funcs)
{
	__u32 type_len = (4 + 3 + 3 * nr_funcs) * sizeof(__u32);
	__u32 str_len = 1 + sizeof("int"), k, *types, nt = 0, ns = 0;
	struct btf_header hdr;
	size_t len;
	char *strs;

	for (k = 0; k < nr_funcs; k++)
		str_len += 1 + digits(k) + 1;
	len = sizeof(hdr) + type_len + str_len;
	if (!buf && !size)
		return len;
	if (!buf || size < len) {
		errno = E2BIG;
		return -E2BIG;
	}
	memset(&hdr, 0, sizeof(hdr));
	hdr.magic = BTF_MAGIC;
	hdr.version = BTF_VERSION;
	hdr.hdr_len = sizeof(hdr);
	hdr.type_len = type_len;
	hdr.str_off = type_len;
	hdr.str_len = str_len;
	memcpy(buf, &hdr, sizeof(hdr));
	types = (__u32 *)((char *)buf + sizeof(hdr));
	strs = (char *)buf + sizeof(hdr) + type_len;

	strs[ns++] = '\0';
	/* [1] int */
	types[nt++] = ns;
	types[nt++] = BTF_INFO(BTF_KIND_INT, 0);
	types[nt++] = 4;
	types[nt++] = BTF_INT_SIGNED << 24 | 32;
	ns += sprintf(&strs[ns], "int") + 1;
	/* [2] int (void) */
	types[nt++] = 0;
	types[nt++] = BTF_INFO(BTF_KIND_FUNC_PROTO, 0);
	types[nt++] = 1;
	/* [3 + k] static int fk(void) */
	for (k = 0; k < nr_funcs; k++) {
		types[nt++] = ns;
		types[nt++] = BTF_INFO(BTF_KIND_FUNC, BTF_FUNC_STATIC);
		types[nt++] = 2;
		ns += sprintf(&strs[ns], "f%u", k) + 1;
	}
	return len;
}

int kbpf_btf_funcs_load(__u32 nr_funcs, struct kbpf_btf_load_opts *opts)
{
	int len = kbpf_btf_funcs_build(NULL, 0, nr_funcs), fd;
	void *blob = malloc(len);

	if (!blob) {
		errno = ENOMEM;
		return -ENOMEM;
	}
	kbpf_btf_funcs_build(blob, len, nr_funcs);
	fd = kbpf_btf_load(blob, len, opts);
	free(blob);
	if (fd < 0)
		errno = -fd;
	return fd;
}

static int func_info(const struct kbpf_insn *insns, __u32 cnt,
		     struct kbpf_prog_load_opts *opts,
		     struct kbpf_func_info *finfo,
		     struct kbpf_btf_load_opts *btf_opts, bool always)
{
	__u32 starts[KBPF_MAX_SUBPROGS], nr, i;
	bool callbacks;
	int fd;

	if (!kbpf_target_linux() || !insns)
		return 0;
	nr = kbpf_subprog_starts(insns, cnt, starts, KBPF_MAX_SUBPROGS,
				 &callbacks);
	if (!callbacks && !always)
		return 0;
	fd = kbpf_btf_funcs_load(nr, btf_opts);
	if (fd < 0)
		return fd;
	for (i = 0; i < nr; i++) {
		finfo[i].insn_off = starts[i];
		finfo[i].type_id = BTF_FIRST_FUNC + i;
	}
	opts->prog_btf_fd = fd;
	opts->func_info = finfo;
	opts->func_info_cnt = nr;
	opts->func_info_rec_size = sizeof(finfo[0]);
	return fd;
}

int kbpf_prog_func_info(const struct kbpf_insn *insns, __u32 cnt,
			struct kbpf_prog_load_opts *opts,
			struct kbpf_func_info *finfo,
			struct kbpf_btf_load_opts *btf_opts)
{
	return func_info(insns, cnt, opts, finfo, btf_opts, false);
}

int kbpf_prog_func_info_always(const struct kbpf_insn *insns, __u32 cnt,
			       struct kbpf_prog_load_opts *opts,
			       struct kbpf_func_info *finfo,
			       struct kbpf_btf_load_opts *btf_opts)
{
	return func_info(insns, cnt, opts, finfo, btf_opts, true);
}
