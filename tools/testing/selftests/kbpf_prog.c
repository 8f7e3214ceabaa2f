// SPDX-License-Identifier: GPL-2.0
/*
 * Program helpers shared by the test_prog_*.c selftests: see kbpf_prog.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbpf_prog.h"

#define KBPF_LOAD_LOG_SIZE	(64 * 1024)

void kbpf_prog_attr(union kbpf_attr *attr, __u32 type,
		    const struct kbpf_insn *insns, __u32 cnt, __u32 prog_flags)
{
	memset(attr, 0, sizeof(*attr));
	attr->prog_type = type;
	attr->insns = (__u64)(uintptr_t)insns;
	attr->insn_cnt = cnt;
	attr->license = (__u64)(uintptr_t)"GPL";
	attr->prog_flags = prog_flags;
}

/* Print a verifier log as TAP diagnostics, one line each. */
static void diag_log(const char *log)
{
	const char *p = log, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (!nl) {
			kbpf_diag("  %s", p);
			break;
		}
		kbpf_diag("  %.*s", (int)(nl - p), p);
		p = nl + 1;
	}
}

static bool insn_is_ldimm64(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW);
}

/* bpf(2)'s convention, which the tests check: -1 with errno. */
static int sysret(int ret)
{
	return ret < 0 ? -1 : ret;
}

int kbpf_prog_load_opts(__u32 type, const struct kbpf_insn *insns, __u32 cnt,
			struct kbpf_load_opts *opts)
{
	static char btf_log[4096];
	struct kbpf_func_info finfo[KBPF_MAX_SUBPROGS];
	struct kbpf_load_opts none = {};
	KBPF_OPTS(kbpf_btf_load_opts, btf_opts, .log_buf = btf_log,
		  .log_size = sizeof(btf_log), .log_level = 1);
	KBPF_OPTS(kbpf_prog_load_opts, o);
	int fd, btf_fd = 0, saved;

	if (!opts)
		opts = &none;
	o.prog_flags = opts->prog_flags;
	o.expected_attach_type = opts->expected_attach_type;
	o.fd_array = opts->fd_array;
	o.log_level = opts->log_level;
	o.log_buf = opts->log_buf;
	o.log_size = opts->log_size;
	o.log_true_size = opts->log_true_size;
	o.attr_size = opts->attr_size;

	/* Linux wants BTF func_info for programs with callbacks. */
	if (!opts->no_func_info) {
		btf_log[0] = '\0';
		btf_fd = opts->func_info ?
			 kbpf_prog_func_info_always(insns, cnt, &o, finfo,
						    &btf_opts) :
			 kbpf_prog_func_info(insns, cnt, &o, finfo, &btf_opts);
		if (btf_fd < 0) {
			kbpf_diag("BTF log:");
			diag_log(btf_log);
			FAIL("BTF_LOAD of the func_info BTF: %s",
			     kbpf_errname(-btf_fd));
		}
	}

	fd = kbpf_prog_load(type, opts->name, opts->license, insns, cnt, &o);
	saved = errno;
	opts->log_true_size = o.log_true_size;
	if (btf_fd > 0)
		close(btf_fd);
	errno = saved;
	return sysret(fd);
}

int kbpf_prog_load_flags(__u32 type, const struct kbpf_insn *insns,
			 __u32 cnt, __u32 prog_flags)
{
	struct kbpf_load_opts opts = { .prog_flags = prog_flags };

	return kbpf_prog_load_opts(type, insns, cnt, &opts);
}

int __kbpf_load_ok(const char *file, int line, __u32 type,
		   const struct kbpf_insn *insns, __u32 cnt,
		   struct kbpf_load_opts *opts)
{
	struct kbpf_load_opts again;
	int fd, err;
	char *log;

	fd = kbpf_prog_load_opts(type, insns, cnt, opts);
	if (fd >= 0)
		return fd;
	err = errno;
	/* Load again with a log to say why. */
	log = calloc(1, KBPF_LOAD_LOG_SIZE);
	if (log && !opts->log_buf) {
		again = *opts;
		again.log_level = KBPF_LOG_LEVEL1;
		again.log_buf = log;
		again.log_size = KBPF_LOAD_LOG_SIZE;
		fd = kbpf_prog_load_opts(type, insns, cnt, &again);
		if (fd >= 0)
			close(fd);
		kbpf_diag("verifier log:");
		diag_log(log);
	}
	kbpf_fail(file, line, "PROG_LOAD of %u insns, type %u: %s, want an fd",
		  cnt, type, kbpf_errname(err));
}

bool kbpf_load_fails_check(const char *what, __u32 type,
			   const struct kbpf_insn *insns, __u32 cnt,
			   struct kbpf_load_opts *opts, int err,
			   const char *msg)
{
	struct kbpf_load_opts o = *opts;
	char *log = NULL;
	bool ok = true;
	int fd, got;

	if (msg && !o.log_buf) {
		log = calloc(1, KBPF_LOAD_LOG_SIZE);
		if (!log)
			FAIL("out of memory");
		o.log_level = KBPF_LOG_LEVEL1;
		o.log_buf = log;
		o.log_size = KBPF_LOAD_LOG_SIZE;
	}
	errno = 0;
	fd = kbpf_prog_load_opts(type, insns, cnt, &o);
	got = errno;
	opts->log_true_size = o.log_true_size;
	if (fd >= 0 || got != err) {
		kbpf_diag("%s: PROG_LOAD got %d (errno %s), want -1 (errno %s)",
			  what, fd, kbpf_errname(got), kbpf_errname(err));
		ok = false;
		if (fd >= 0)
			close(fd);
	} else if (msg && !strstr(o.log_buf, msg)) {
		kbpf_diag("%s: the verifier log lacks \"%.*s\"", what,
			  (int)strcspn(msg, "\n"), msg);
		ok = false;
	}
	if (!ok && o.log_buf) {
		kbpf_diag("verifier log:");
		diag_log(o.log_buf);
	}
	free(log);
	return ok;
}

void __kbpf_load_fails(const char *file, int line, __u32 type,
		       const struct kbpf_insn *insns, __u32 cnt,
		       struct kbpf_load_opts *opts, int err, const char *msg)
{
	if (!kbpf_load_fails_check("load", type, insns, cnt, opts, err, msg))
		kbpf_fail(file, line, "PROG_LOAD must fail with %s%s%.*s%s",
			  kbpf_errname(err), msg ? " and log \"" : "",
			  msg ? (int)strcspn(msg, "\n") : 0, msg ? msg : "",
			  msg ? "\"" : "");
}

int kbpf_prog_test_run_attr(union kbpf_attr *attr)
{
	return kbpf_sys(KBPF_PROG_TEST_RUN, attr, sizeof(*attr));
}

int kbpf_prog_test_run(int fd, void *ctx, __u32 ctx_size, __u32 *retval)
{
	KBPF_OPTS(kbpf_test_run_opts, opts, .ctx_in = ctx,
		  .ctx_size_in = ctx_size, .retval = 0xdeadbeef);
	int err = kbpf_prog_test_run_opts(fd, &opts);

	if (retval)
		*retval = opts.retval;
	return sysret(err);
}

__u32 __kbpf_run_ok(const char *file, int line, int fd, void *ctx,
		    __u32 ctx_size)
{
	__u32 retval;

	if (kbpf_prog_test_run(fd, ctx, ctx_size, &retval))
		kbpf_fail(file, line, "PROG_TEST_RUN of fd %d: %s", fd,
			  kbpf_errname(errno));
	return retval;
}

void kbpf_prog_info(int fd, struct kbpf_prog_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	ASSERT_OK(kbpf_obj_info(fd, info, &len));
	ASSERT_EQ(len, sizeof(*info));
}

struct kbpf_insn *kbpf_prog_xlated(int fd, __u32 *len)
{
	struct kbpf_prog_info info;
	__u32 info_len = sizeof(info);
	struct kbpf_insn *x;

	kbpf_prog_info(fd, &info);
	x = calloc(1, info.xlated_prog_len);
	ASSERT_TRUE(x != NULL);
	*len = info.xlated_prog_len / sizeof(*x);
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = *len * sizeof(*x);
	info.xlated_prog_insns = (__u64)(uintptr_t)x;
	ASSERT_OK(kbpf_obj_info(fd, &info, &info_len));
	return x;
}

int kbpf_prog_next_id(__u32 start_id, __u32 *next_id)
{
	return sysret(kbpf_prog_get_next_id(start_id, next_id));
}

int kbpf_prog_fd_by_id(__u32 id)
{
	return sysret(kbpf_prog_get_fd_by_id(id));
}

/* SHA-1 (FIPS 180-4), for the program tag. */
static __u32 rol32(__u32 x, int n)
{
	return x << n | x >> (32 - n);
}

static void sha1_block(__u32 h[5], const __u8 *p)
{
	__u32 w[80], a, b, c, d, e, f, k, t;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (__u32)p[4 * i] << 24 | (__u32)p[4 * i + 1] << 16 |
		       (__u32)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 80; i++)
		w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20)
			f = (b & c) | (~b & d), k = 0x5a827999;
		else if (i < 40)
			f = b ^ c ^ d, k = 0x6ed9eba1;
		else if (i < 60)
			f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdc;
		else
			f = b ^ c ^ d, k = 0xca62c1d6;
		t = rol32(a, 5) + f + e + k + w[i];
		e = d, d = c, c = rol32(b, 30), b = a, a = t;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

void kbpf_sha1(const void *data, size_t len, __u8 digest[20])
{
	__u32 h[5] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0,
	};
	const __u8 *p = data;
	__u64 bits = (__u64)len * 8;
	__u8 last[128];
	size_t rest, n;
	int i;

	for (; len >= 64; len -= 64, p += 64)
		sha1_block(h, p);
	rest = len;
	memset(last, 0, sizeof(last));
	memcpy(last, p, rest);
	last[rest] = 0x80;
	n = rest < 56 ? 64 : 128;
	for (i = 0; i < 8; i++)
		last[n - 1 - i] = bits >> (8 * i);
	sha1_block(h, last);
	if (n == 128)
		sha1_block(h, last + 64);
	for (i = 0; i < 20; i++)
		digest[i] = h[i / 4] >> (24 - 8 * (i % 4));
}

void kbpf_prog_tag(const struct kbpf_insn *insns, __u32 cnt,
		   __u8 tag[KBPF_TAG_SIZE])
{
	struct kbpf_insn *copy = calloc(cnt ? cnt : 1, sizeof(*copy));
	bool was_ld_map = false;
	__u8 digest[20];
	__u32 i;

	if (!copy)
		FAIL("out of memory");
	for (i = 0; i < cnt; i++) {
		copy[i] = insns[i];
		if (!was_ld_map && insn_is_ldimm64(&copy[i]) &&
		    (copy[i].src_reg == KBPF_PSEUDO_MAP_FD ||
		     copy[i].src_reg == KBPF_PSEUDO_MAP_VALUE)) {
			was_ld_map = true;
			copy[i].imm = 0;
		} else if (was_ld_map && !copy[i].code && !copy[i].dst_reg &&
			   !copy[i].src_reg && !copy[i].off) {
			was_ld_map = false;
			copy[i].imm = 0;
		} else {
			was_ld_map = false;
		}
	}
	kbpf_sha1(copy, (size_t)cnt * sizeof(*copy), digest);
	memcpy(tag, digest, KBPF_TAG_SIZE);
	free(copy);
}

int kbpf_link_kprobe_multi(int prog, const char *const *syms,
			   const __u64 *addrs, const __u64 *cookies, __u32 cnt,
			   __u32 flags)
{
	KBPF_OPTS(kbpf_link_create_opts, opts,
		  .kprobe_multi.flags = flags,
		  .kprobe_multi.cnt = cnt,
		  .kprobe_multi.syms = (const char **)syms,
		  .kprobe_multi.addrs = (const unsigned long *)addrs,
		  .kprobe_multi.cookies = cookies);

	return sysret(kbpf_link_create(prog, 0, KBPF_TRACE_KPROBE_MULTI,
				       &opts));
}

int kbpf_link_uprobe_multi(int prog, const char *path, const __u64 *offsets,
			   const __u64 *cookies, __u32 cnt, __u32 flags,
			   __u32 pid)
{
	KBPF_OPTS(kbpf_link_create_opts, opts,
		  .uprobe_multi.path = path,
		  .uprobe_multi.offsets = (const unsigned long *)offsets,
		  .uprobe_multi.cookies = cookies,
		  .uprobe_multi.cnt = cnt,
		  .uprobe_multi.flags = flags,
		  .uprobe_multi.pid = pid);

	return sysret(kbpf_link_create(prog, 0, KBPF_TRACE_UPROBE_MULTI,
				       &opts));
}

int kbpf_link_next_id(__u32 start_id, __u32 *next_id)
{
	return sysret(kbpf_link_get_next_id(start_id, next_id));
}

int kbpf_link_fd_by_id(__u32 id)
{
	return sysret(kbpf_link_get_fd_by_id(id));
}

/*
 * sum = 0; n = user_ringbuf_drain(map, cb, &sum, @flags);
 * return n < 0 ? n : n * 1000 + sum
 * cb(dynptr, ctx): if (!dynptr_read(&v, 8, dynptr, 0, 0)) *ctx += v;
 *	return @stop	(1: one record per drain)
 */
int kbpf_load_user_ringbuf_sum(int map, __u32 prog_type, int flags, int stop)
{
	const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_DW, R10, -8, 0),
		KBPF_LD_MAP_FD(R1, map),
		KBPF_LD_FUNC(R2, 10),			/* cb at 14 */
		KBPF_MOV64_REG(R3, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R3, -8),
		KBPF_MOV64_IMM(R4, flags),
		KBPF_CALL_HELPER(KBPF_FUNC_user_ringbuf_drain),
		KBPF_JMP_IMM(KBPF_JSLT, R0, 0, 3),
		KBPF_ALU64_IMM(KBPF_MUL, R0, 1000),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_ALU64_REG(KBPF_ADD, R0, R1),
		KBPF_EXIT_INSN(),
		/* 14: cb */
		KBPF_MOV64_REG(R6, R2),
		KBPF_MOV64_REG(R3, R1),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_IMM(R4, 0),
		KBPF_MOV64_IMM(R5, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_dynptr_read),
		KBPF_JMP_IMM(KBPF_JNE, R0, 0, 4),
		KBPF_LDX_MEM(KBPF_DW, R1, R10, -8),
		KBPF_LDX_MEM(KBPF_DW, R2, R6, 0),
		KBPF_ALU64_REG(KBPF_ADD, R2, R1),
		KBPF_STX_MEM(KBPF_DW, R6, R2, 0),
		KBPF_MOV64_IMM(R0, stop),
		KBPF_EXIT_INSN(),
	};

	return LOAD_PROG(prog_type, insns,
			 prog_type == KBPF_PROG_TYPE_SYSCALL ? KBPF_F_SLEEPABLE : 0);
}
