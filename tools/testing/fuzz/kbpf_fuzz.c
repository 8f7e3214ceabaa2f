// SPDX-License-Identifier: GPL-2.0
/*
 * kbpf_fuzz: the verifier fuzzer. Runs in the guest.
 *
 *   kbpf_fuzz [-n COUNT] [-s SEED] [-t kbpf|linux] [-r RUNS] [-m MIN]
 *             [-k FIRST] [-i IDX] [-p EVERY] [-L LEVEL] [-l LINES] [-U] [-v]
 *             [-C all|perfmon|bpf]
 *   kbpf_fuzz -d [-n COUNT] [-s SEED] [-o FILE] [-F] [-C all|perfmon|bpf]
 *   kbpf_fuzz -T
 *
 * Fuzz mode: COUNT programs (default 20000) from SEED (default 1), each
 * loaded into the target (PROG_LOAD), and each accepted one run RUNS
 * times (default 2) by PROG_TEST_RUN on a random ctx, with map fixtures
 * holding random data. After every accepted program the checked
 * interpreter's counter (/sys/module/kbpf/parameters/checked_violations,
 * build/debug-checked) is read: any violation is a failure, reported
 * with the program (seed, index, instructions in hex). Exit 1 on a
 * violation or on fewer than MIN accepted programs (default 0). A load,
 * or the runs of one program, taking a second or more prints a SLOW:
 * line (a verifier near its 1M-instruction limit takes minutes on the
 * debug kernel).
 * On a checked build loaded with checked_skip_verifier=1 (fuzz.sh -u),
 * kbpf accepts what passes only the structural checks: then only
 * templates run (they terminate and call helpers sanely by
 * construction, but make some unsafe accesses on purpose: violations
 * are expected), a test of the oracle rather than of the verifier; -U
 * runs every accepted program anyway.
 * -k FIRST: start at program FIRST (programs FIRST..FIRST+COUNT-1).
 * -i IDX: only program IDX, printed, loaded with the verifier log.
 * -L LEVEL, -l LINES: the log level (default 1) and how many of the
 * log's last lines are printed (default 6), wherever a log is.
 * -P: print the programs only (no target needed; runs anywhere).
 *
 * Differential mode (-d): every program is loaded into both kbpf and
 * Linux's bpf(2) (a 6.12 guest with kbpf loaded); every disagreement is
 * printed (to FILE too with -o) with Linux's and kbpf's log tails. A
 * report: exits 0 unless -F and there was a "kbpf accepts, Linux
 * rejects" program.
 *
 * -C LEVEL: the capabilities programs are loaded with. all (default):
 * those of the caller (root); perfmon: CAP_BPF and CAP_PERFMON; bpf:
 * CAP_BPF alone. The fixtures are made first, with every capability
 * (prog-array slots hold raw_tp and kprobe programs), then the others
 * are dropped for good; at bpf the generator makes syscall programs and
 * socket filters but for a few (Linux wants CAP_PERFMON for raw_tp and
 * kprobe ones).
 *
 * -T: the oracle's own tests, on a checked build loaded with
 * checked_skip_verifier=1: unsafe accesses each give one violation,
 * safe ones none.
 *
 * Before the last line, one "kbpf_fuzz: shape NAME: ..." line per shape
 * (gen.h: issues 15 and 19) with how many programs had it and what
 * became of them. The last line is "kbpf_fuzz: ..." with the counts;
 * in differential mode it says how many of the programs kbpf alone
 * accepted Linux refused with -EFAULT, its "verifier bug" (a WARN).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"
#include "runner.h"

#define LOG_SIZE	(1 << 20)
#define BATCH		256	/* programs between fixture refreshes */

struct target kbpf_t = { .name = "kbpf" };
static struct target linux_t = { .name = "linux", .is_linux = true };
static char log_buf[LOG_SIZE];
static uint64_t data_rng;
static bool verbose, print_only;
static uint32_t log_level = 1, log_lines = 6;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "kbpf_fuzz: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* libkbpf's system call, on @t's side. */
long sys(struct target *t, int cmd, union kbpf_attr *attr)
{
	if (!t->is_linux && kbpf_dev_fd() < 0)
		die("open /dev/kbpf: %s", strerror(errno));
	return kbpf_sys_on(t->is_linux ? KBPF_TARGET_LINUX : KBPF_TARGET_KBPF,
			   cmd, attr, sizeof(*attr));
}

static void fill_random(void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = gen_mix(&data_rng);
}

static void map_update(struct target *t, int fd, const void *key,
		       const void *value)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (__u64)(uintptr_t)key;
	attr.value = (__u64)(uintptr_t)value;
	if (sys(t, KBPF_MAP_UPDATE_ELEM, &attr))
		die("%s: map update: %s", t->name, strerror(errno));
}

static const char *const fixture_names[FIX_NR] = {
	[FIX_PA_RAW_TP] = "raw_tp",
	[FIX_PA_RAW_TP_ATTACH] = "raw_tp/attach RAW_TP",
	[FIX_PA_KPROBE] = "kprobe",
	[FIX_PA_UPROBE_SLEEP] = "kprobe/uprobe_multi",
	[FIX_PA_SYSCALL] = "syscall",
	[FIX_PA_SKB] = "socket_filter",
};

/*
 * A program for a prog-array slot, loaded with every capability: it
 * reads (raw_tp, kprobe: the end of struct pt_regs; socket filter: len)
 * or writes (syscall) its ctx, as the programs of issue 15 do. The fd,
 * or -errno.
 */
static int slot_prog(struct target *t, const struct gen_slot_prog *sp)
{
	const struct kbpf_insn rd[] = {
		KBPF_LDX_MEM(KBPF_DW, 0, 1, 0),
		KBPF_ALU64_IMM(KBPF_AND, 0, 3),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn regs[] = {
		KBPF_LDX_MEM(KBPF_DW, 0, 1, 160),
		KBPF_EXIT_INSN(),
	};
	/* __sk_buff->len */
	const struct kbpf_insn skb[] = {
		KBPF_LDX_MEM(KBPF_W, 0, 1, 0),
		KBPF_ALU64_IMM(KBPF_AND, 0, 3),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn wr[] = {
		KBPF_ST_MEM(KBPF_DW, 1, 0, 1),
		KBPF_MOV64_IMM(0, 0),
		KBPF_EXIT_INSN(),
	};
	const struct kbpf_insn *insns = rd;
	union kbpf_attr attr;
	uint32_t len = 3;
	int fd;

	if (sp->type == KBPF_PROG_TYPE_KPROBE)
		insns = regs, len = 2;
	else if (sp->type == KBPF_PROG_TYPE_SOCKET_FILTER)
		insns = skb;
	else if (sp->type == KBPF_PROG_TYPE_SYSCALL)
		insns = wr;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = sp->type;
	attr.expected_attach_type = sp->attach;
	attr.prog_flags = sp->flags;
	attr.insn_cnt = len;
	attr.insns = (__u64)(uintptr_t)insns;
	attr.license = (__u64)(uintptr_t)"GPL";
	fd = sys(t, KBPF_PROG_LOAD, &attr);
	return fd < 0 ? -errno : fd;
}

/* The prog-array slots kbpf refused; made before Linux's (diff mode). */
static bool kbpf_slot_refused[FIX_NR][2];

/*
 * Slots 0 and 1 of prog-array fixture @f. kbpf refuses sleepable
 * programs in slots, Linux does not (a deliberate difference, README):
 * a slot kbpf refused is said once and stays empty, and is left empty
 * on Linux too, so that both arrays have the same programs and owner
 * (an array whose slots were all refused has none yet: the first
 * program that names it becomes it, on both sides). The programs live
 * as long as the slots.
 */
static void fill_prog_array(struct target *t, int f)
{
	union kbpf_attr attr;
	uint32_t k;
	int fd;

	for (k = 0; k < 2; k++) {
		if (t->is_linux && kbpf_slot_refused[f][k]) {
			printf("# %s: prog array %s slot %u left empty, as kbpf's\n",
			       t->name, fixture_names[f], k);
			continue;
		}
		fd = slot_prog(t, &gen_fixtures[f].slots[k]);
		if (fd < 0)
			die("%s: %s slot program %u: %s", t->name,
			    fixture_names[f], k, strerror(-fd));
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = t->fds[f];
		attr.key = (__u64)(uintptr_t)&k;
		attr.value = (__u64)(uintptr_t)&fd;
		if (sys(t, KBPF_MAP_UPDATE_ELEM, &attr)) {
			printf("# %s: prog array %s refuses slot %u: %s\n",
			       t->name, fixture_names[f], k, strerror(errno));
			kbpf_slot_refused[f][k] = !t->is_linux;
		}
		close(fd);
	}
}

/* "fuzz" at 0, "%llu" at 8: frozen, so that both are constant strings. */
static void fill_str(struct target *t, int fd)
{
	uint8_t value[32] = "fuzz";
	union kbpf_attr attr;
	uint32_t key = 0;

	memcpy(value + 8, "%llu", 5);
	map_update(t, fd, &key, value);
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	if (sys(t, KBPF_MAP_FREEZE, &attr))
		die("%s: freeze: %s", t->name, strerror(errno));
}

/* (Re)creates the fixtures and fills them with random data. */
void fixtures_refresh(struct target *t)
{
	static uint8_t value[64 * 256];
	union kbpf_attr attr;
	uint64_t key;
	int f;

	for (f = 0; f < FIX_NR; f++) {
		const struct gen_fixture_desc *d = &gen_fixtures[f];
		uint32_t i, n;
		bool fresh = t->fds[f] <= 0;

		/* Only the ring buffer fills up; the rest is rewritten. */
		if (t->fds[f] > 0 && f == FIX_RINGBUF) {
			close(t->fds[f]);
			t->fds[f] = 0;
		}
		if (t->fds[f] <= 0) {
			memset(&attr, 0, sizeof(attr));
			attr.map_type = d->type;
			attr.key_size = d->key_size;
			attr.value_size = d->value_size;
			attr.max_entries = d->max_entries;
			attr.map_flags = d->flags;
			t->fds[f] = sys(t, KBPF_MAP_CREATE, &attr);
			if (t->fds[f] < 0)
				die("%s: map %d: %s", t->name, f,
				    strerror(errno));
		}
		/* Made once (with every capability), never rewritten. */
		if (f == FIX_STR) {
			if (fresh)
				fill_str(t, t->fds[f]);
			continue;
		}
		if (d->type == KBPF_MAP_TYPE_PROG_ARRAY) {
			if (fresh)
				fill_prog_array(t, f);
			continue;
		}
		if (d->type == KBPF_MAP_TYPE_RINGBUF ||
		    d->type == KBPF_MAP_TYPE_USER_RINGBUF)
			continue;
		/* Per-CPU values cross the ABI once per possible CPU. */
		n = d->max_entries < 8 ? d->max_entries : 8;
		for (i = 0; i < n; i++) {
			key = i;
			fill_random(value, sizeof(value));
			map_update(t, t->fds[f], &key, value);
		}
	}
}

/* The program as the target loads it: fixture indexes become fds. */
static void patch_fds(const struct target *t, const struct gen_prog *p,
		      struct kbpf_insn *out)
{
	uint32_t i;

	memcpy(out, p->insns, p->len * sizeof(*out));
	for (i = 0; i + 1 < p->len; i++) {
		struct kbpf_insn *insn = &out[i];

		if (insn->code != (KBPF_LD | KBPF_IMM | KBPF_DW))
			continue;
		if (insn->src_reg == KBPF_PSEUDO_MAP_FD ||
		    insn->src_reg == KBPF_PSEUDO_MAP_VALUE)
			insn->imm = insn->imm >= 0 && insn->imm < FIX_NR ?
				    t->fds[insn->imm] : 1000 + insn->imm;
		i++;
	}
}

/* PROG_LOAD; the fd, or -errno. @log: fill log_buf. */
static int load(struct target *t, const struct gen_prog *p, bool log)
{
	struct kbpf_insn insns[GEN_MAX_INSNS];
	struct kbpf_func_info finfo[KBPF_MAX_SUBPROGS];
	KBPF_OPTS(kbpf_prog_load_opts, opts);
	union kbpf_attr attr;
	int fd, err, btf = -1;

	patch_fds(t, p, insns);
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = p->prog_type;
	attr.insn_cnt = p->len;
	attr.insns = (__u64)(uintptr_t)insns;
	attr.license = (__u64)(uintptr_t)"GPL";
	attr.prog_flags = p->flags;
	if (log) {
		log_buf[0] = 0;
		attr.log_level = log_level;
		attr.log_buf = (__u64)(uintptr_t)log_buf;
		attr.log_size = LOG_SIZE;
	}
	/* Linux wants BTF func_info with callbacks: libkbpf's minimal BTF. */
	if (t->is_linux && p->btf) {
		kbpf_set_target(KBPF_TARGET_LINUX);
		btf = kbpf_prog_func_info_always(insns, p->len, &opts, finfo,
						 NULL);
		if (btf > 0) {
			attr.prog_btf_fd = btf;
			attr.func_info_rec_size = opts.func_info_rec_size;
			attr.func_info = (__u64)(uintptr_t)opts.func_info;
			attr.func_info_cnt = opts.func_info_cnt;
		}
	}
	fd = sys(t, KBPF_PROG_LOAD, &attr);
	err = errno;
	if (btf > 0)
		close(btf);
	return fd < 0 ? -err : fd;
}

static int test_run(struct target *t, int fd, const struct gen_prog *p)
{
	uint8_t ctx[128], pkt[64];
	union kbpf_attr attr;

	fill_random(ctx, sizeof(ctx));
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	if (p->prog_type == KBPF_PROG_TYPE_SOCKET_FILTER) {
		/* a packet (at least an Ethernet header), no ctx_in */
		fill_random(pkt, sizeof(pkt));
		attr.test.data_in = (__u64)(uintptr_t)pkt;
		attr.test.data_size_in = sizeof(pkt);
		return sys(t, KBPF_PROG_TEST_RUN, &attr) ? -errno : 0;
	}
	if (p->ctx_size) {
		attr.test.ctx_in = (__u64)(uintptr_t)ctx;
		attr.test.ctx_size_in = p->ctx_size;
	}
	return sys(t, KBPF_PROG_TEST_RUN, &attr) ? -errno : 0;
}

long read_counter(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	if (buf[0] == 'Y' || buf[0] == 'N')
		return buf[0] == 'Y';
	return strtol(buf, NULL, 10);
}

static const char *const kind_names[] = { "soup", "template", "mutant" };

static void print_prog(FILE *out, const struct gen_prog *p, uint64_t seed,
		       uint64_t idx)
{
	uint32_t i;

	fprintf(out, "program seed %" PRIu64 " idx %" PRIu64
		" (%s, prog_type %u, flags %#x, ctx %u bytes, %u insns)\n",
		seed, idx, kind_names[p->kind], p->prog_type, p->flags,
		p->ctx_size, p->len);
	if (p->shapes) {
		fprintf(out, "  shapes:");
		for (i = 0; i < SHAPE_NR; i++)
			if (p->shapes & 1U << i)
				fprintf(out, " %s", gen_shape_names[i]);
		fputc('\n', out);
	}
	for (i = 0; i < p->len; i++) {
		const struct kbpf_insn *in = &p->insns[i];

		fprintf(out, "  %4u: %02x %x %x %04x %08x\n", i, in->code,
			in->dst_reg, in->src_reg, (uint16_t)in->off,
			(uint32_t)in->imm);
	}
	fprintf(out, "  (reproduce: kbpf_fuzz -s %" PRIu64 " -i %" PRIu64
		"; ld_imm64 map imm = fixture index)\n", seed, idx);
}

/* The last lines of a verifier log, indented. */
static void print_log_tail(FILE *out, const char *who, const char *log)
{
	size_t all = strlen(log), len = all;
	const char *tail = log;
	uint32_t lines = 0;

	while (len && lines < log_lines) {
		len--;
		if (log[len] == '\n' && len + 1 < all)
			lines++;
	}
	if (len)
		tail = log + len + 1;
	fprintf(out, "  %s log tail:\n", who);
	for (; *tail; tail++) {
		if (tail == log || tail[-1] == '\n')
			fputs("    | ", out);
		fputc(*tail, out);
	}
	if (all && log[all - 1] != '\n')
		fputc('\n', out);
}

/*
 * Per shape: programs that had it, and what the targets
 * said of them (in fuzz mode only kbpf's verdict is known).
 */
struct shape_counts {
	uint64_t gen, kbpf, lnx, kbpf_only, linux_only;
};

static struct shape_counts shapes[SHAPE_NR];

static void shapes_count(const struct gen_prog *p, bool kbpf_ok,
			 bool linux_ok)
{
	uint32_t i;

	for (i = 0; i < SHAPE_NR; i++) {
		struct shape_counts *c = &shapes[i];

		if (!(p->shapes & 1U << i))
			continue;
		c->gen++;
		c->kbpf += kbpf_ok;
		c->lnx += linux_ok;
		c->kbpf_only += kbpf_ok && !linux_ok;
		c->linux_only += linux_ok && !kbpf_ok;
	}
}

static void shapes_print(bool diff)
{
	uint32_t i;

	for (i = 0; i < SHAPE_NR; i++) {
		const struct shape_counts *c = &shapes[i];

		printf("kbpf_fuzz: shape %-12s %7" PRIu64 " generated, %7"
		       PRIu64 " kbpf accepts", gen_shape_names[i], c->gen,
		       c->kbpf);
		if (diff)
			printf(", %7" PRIu64 " Linux accepts, %5" PRIu64
			       " kbpf accepts/Linux rejects, %5" PRIu64
			       " Linux accepts/kbpf rejects", c->lnx,
			       c->kbpf_only, c->linux_only);
		putchar('\n');
	}
}

static const char *const priv_names[] = {
	[GEN_PRIV_ALL] = "all", [GEN_PRIV_PERFMON] = "perfmon",
	[GEN_PRIV_BPF] = "bpf",
};

/*
 * Drops every capability but CAP_BPF (and CAP_PERFMON at perfmon), for
 * good: effective and permitted. The uid stays root, so files are still
 * readable; what checks capabilities (kbpf's ioctl, bpf(2)) sees these.
 */
static void priv_drop(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (gen_priv == GEN_PRIV_ALL)
		return;
	memset(data, 0, sizeof(data));
	data[CAP_TO_INDEX(CAP_BPF)].effective |= CAP_TO_MASK(CAP_BPF);
	if (gen_priv == GEN_PRIV_PERFMON)
		data[CAP_TO_INDEX(CAP_PERFMON)].effective |=
			CAP_TO_MASK(CAP_PERFMON);
	data[0].permitted = data[0].effective;
	data[1].permitted = data[1].effective;
	if (syscall(SYS_capset, &hdr, data))
		die("capset: %s", strerror(errno));
	printf("# capabilities: %s\n", gen_priv == GEN_PRIV_BPF ?
	       "CAP_BPF" : "CAP_BPF, CAP_PERFMON");
}

struct opts {
	uint64_t count, seed, min_accepted, progress, first;
	int64_t only;
	uint32_t runs;
	bool is_linux, diff, fail_diff, unsafe_runs;
	const char *report;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A step of program @idx that took a second or more since @t1. */
static void slow_report(const char *what, uint64_t idx, double t1)
{
	double d = now() - t1;

	if (d >= 1.0)
		printf("SLOW: %s of program %" PRIu64 " took %.1f s\n", what,
		       idx, d);
}

static int fuzz(const struct opts *o)
{
	struct target *t = o->is_linux ? &linux_t : &kbpf_t;
	uint64_t idx, end = o->count, accepted = 0, runs = 0, run_errs = 0;
	uint64_t per_kind[3] = {}, acc_kind[3] = {}, skipped = 0, bad = 0, idx0;
	long base = -1, v;
	bool unverified = false, one = o->only >= 0;
	static struct gen_prog p;
	double t0 = now(), t1;
	uint32_t r;

	if (!t->is_linux && !print_only) {
		base = read_counter(VIOLATIONS);
		unverified = read_counter(SKIP_VERIFIER) == 1;
		if (base < 0)
			printf("# %s missing: not a checked build, violations not counted\n",
			       VIOLATIONS);
		if (unverified && !o->unsafe_runs)
			printf("# checked_skip_verifier=Y: running templates only\n");
	}
	idx = one ? (uint64_t)o->only : o->first;
	idx0 = idx;
	end = one ? idx + 1 : o->first + o->count;
	for (; idx < end; idx++) {
		int fd;

		if (print_only) {
			gen_program(&p, o->seed, idx);
			print_prog(stdout, &p, o->seed, idx);
			continue;
		}
		if (idx % BATCH == 0 || idx == o->first || one)
			fixtures_refresh(t);
		if (idx == idx0)
			priv_drop();
		gen_program(&p, o->seed, idx);
		per_kind[p.kind]++;
		if (one)
			print_prog(stdout, &p, o->seed, idx);
		t1 = now();
		fd = load(t, &p, one || verbose);
		slow_report("load", idx, t1);
		if (one || verbose) {
			printf("load: %s\n", fd >= 0 ? "accepted" :
			       strerror(-fd));
			print_log_tail(stdout, t->name, log_buf);
		}
		shapes_count(&p, fd >= 0, false);
		if (fd < 0)
			goto next;
		accepted++;
		acc_kind[p.kind]++;
		if (p.prog_type == KBPF_PROG_TYPE_KPROBE ||
		    (unverified && !p.safe && !o->unsafe_runs)) {
			skipped++;
			close(fd);
			goto next;
		}
		t1 = now();
		for (r = 0; r < o->runs; r++) {
			runs++;
			if (test_run(t, fd, &p))
				run_errs++;
		}
		slow_report("runs", idx, t1);
		close(fd);
		if (base >= 0) {
			v = read_counter(VIOLATIONS);
			if (v > base) {
				bad++;
				printf("VIOLATION: %ld checked-mode violation(s) (see the kernel log)\n",
				       v - base);
				if (bad <= 5)
					print_prog(stdout, &p, o->seed, idx);
				base = v;
			}
		}
next:
		if (o->progress && (idx + 1 - idx0) % o->progress == 0) {
			printf("# %" PRIu64 " programs, %" PRIu64
			       " accepted, %" PRIu64 " violating, %.1f programs/s\n",
			       idx + 1 - idx0, accepted, bad,
			       (idx + 1 - idx0) / (now() - t0));
			fflush(stdout);
		}
	}
	printf("# by kind: soup %" PRIu64 "/%" PRIu64 ", template %" PRIu64
	       "/%" PRIu64 ", mutant %" PRIu64 "/%" PRIu64 " accepted\n",
	       acc_kind[0], per_kind[0], acc_kind[1], per_kind[1],
	       acc_kind[2], per_kind[2]);
	if (!print_only)
		shapes_print(false);
	printf("kbpf_fuzz: seed %" PRIu64 ": %" PRIu64 " generated, %" PRIu64
	       " accepted, %" PRIu64 " runs (%" PRIu64 " failed, %" PRIu64
	       " programs not run), %" PRIu64 " violating programs, %.1f s, %.1f programs/s\n",
	       o->seed, end - idx0, accepted, runs, run_errs, skipped, bad,
	       now() - t0, (end - idx0) / (now() - t0));
	if (bad)
		return 1;
	if (accepted < o->min_accepted) {
		printf("kbpf_fuzz: %" PRIu64 " accepted, fewer than %" PRIu64 "\n",
		       accepted, o->min_accepted);
		return 1;
	}
	return 0;
}

static int diff(const struct opts *o)
{
	static char klog[LOG_SIZE];
	static struct gen_prog p;
	uint64_t idx, both = 0, neither = 0, kbpf_only = 0, linux_only = 0;
	uint64_t linux_efault = 0;
	uint64_t oracle_bad = 0;
	long base = read_counter(VIOLATIONS), v;
	uint32_t r;
	FILE *rep = o->report ? fopen(o->report, "w") : NULL;
	double t0 = now();

	if (o->report && !rep)
		die("%s: %s", o->report, strerror(errno));
	for (idx = 0; idx < o->count; idx++) {
		int kfd, lfd;
		FILE *outs[2] = { stdout, rep };
		int k;

		if (idx % BATCH == 0) {
			fixtures_refresh(&kbpf_t);
			fixtures_refresh(&linux_t);
		}
		if (!idx)
			priv_drop();
		gen_program(&p, o->seed, idx);
		if (o->progress && idx % o->progress == 0)
			printf("# %" PRIu64 " programs, %" PRIu64
			       " disagreements, %.1f programs/s\n", idx,
			       kbpf_only + linux_only, idx / (now() - t0));
		kfd = load(&kbpf_t, &p, false);
		lfd = load(&linux_t, &p, false);
		/*
		 * With a checked module, what both verifiers accept must run
		 * on kbpf without a violation: Linux's verdict checks the
		 * oracle (and kbpf's verifier) from outside. What kbpf alone
		 * accepts runs too: a violation there is a hole.
		 */
		if (base >= 0 && kfd >= 0 &&
		    p.prog_type != KBPF_PROG_TYPE_KPROBE) {
			for (r = 0; r < o->runs; r++)
				test_run(&kbpf_t, kfd, &p);
			v = read_counter(VIOLATIONS);
			if (v > base) {
				oracle_bad++;
				printf("ORACLE: %s, kbpf's checked run violates\n",
				       lfd >= 0 ? "Linux accepts" :
				       "Linux rejects");
				print_prog(stdout, &p, o->seed, idx);
				base = v;
			}
		}
		shapes_count(&p, kfd >= 0, lfd >= 0);
		if (kfd >= 0)
			close(kfd);
		if (lfd >= 0)
			close(lfd);
		if ((kfd >= 0) == (lfd >= 0)) {
			if (kfd >= 0)
				both++;
			else
				neither++;
			continue;
		}
		if (kfd >= 0)
			kbpf_only++;
		else
			linux_only++;
		/*
		 * Linux's -EFAULT is no verdict but its "verifier bug" (with
		 * a WARN in the kernel log): counted apart as well.
		 */
		if (kfd >= 0 && lfd == -EFAULT)
			linux_efault++;
		/* Again with logs, for the report. */
		kfd = load(&kbpf_t, &p, true);
		memcpy(klog, log_buf, sizeof(klog));
		lfd = load(&linux_t, &p, true);
		for (k = 0; k < 2; k++) {
			if (!outs[k])
				continue;
			fprintf(outs[k], "DIFF: kbpf %s, Linux %s\n",
				kfd >= 0 ? "accepts" : strerror(-kfd),
				lfd >= 0 ? "accepts" : strerror(-lfd));
			print_prog(outs[k], &p, o->seed, idx);
			print_log_tail(outs[k], "linux", log_buf);
			print_log_tail(outs[k], "kbpf", klog);
		}
		if (kfd >= 0)
			close(kfd);
		if (lfd >= 0)
			close(lfd);
	}
	shapes_print(true);
	printf("kbpf_fuzz: diff seed %" PRIu64 " (capabilities %s): %" PRIu64
	       " programs, %" PRIu64
	       " both accept, %" PRIu64 " both reject, %" PRIu64
	       " kbpf accepts/Linux rejects, %" PRIu64
	       " Linux accepts/kbpf rejects, %.1f s\n",
	       o->seed, priv_names[gen_priv], o->count, both, neither,
	       kbpf_only, linux_only, now() - t0);
	printf("kbpf_fuzz: of the kbpf accepts/Linux rejects, Linux -EFAULT (its verifier bug): %"
	       PRIu64 "\n", linux_efault);
	if (base >= 0)
		printf("kbpf_fuzz: checked runs of Linux-accepted programs: %" PRIu64
		       " violating\n", oracle_bad);
	if (rep)
		fclose(rep);
	return (o->fail_diff && kbpf_only) || oracle_bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct opts o = { .count = 20000, .seed = 1, .runs = 2, .only = -1 };
	int c;

	while ((c = getopt(argc, argv, "n:s:t:r:m:i:k:p:o:L:l:C:dFUTPvh")) != -1) {
		switch (c) {
		case 'n': o.count = strtoull(optarg, NULL, 0); break;
		case 's': o.seed = strtoull(optarg, NULL, 0); break;
		case 't':
			if (strcmp(optarg, "kbpf") && strcmp(optarg, "linux"))
				die("-t kbpf|linux");
			o.is_linux = !strcmp(optarg, "linux");
			break;
		case 'r': o.runs = strtoul(optarg, NULL, 0); break;
		case 'm': o.min_accepted = strtoull(optarg, NULL, 0); break;
		case 'i': o.only = strtoll(optarg, NULL, 0); break;
		case 'k': o.first = strtoull(optarg, NULL, 0); break;
		case 'p': o.progress = strtoull(optarg, NULL, 0); break;
		case 'o': o.report = optarg; break;
		case 'L': log_level = strtoul(optarg, NULL, 0); break;
		case 'l': log_lines = strtoul(optarg, NULL, 0); break;
		case 'C':
			for (gen_priv = GEN_PRIV_ALL; gen_priv <= GEN_PRIV_BPF;
			     gen_priv++)
				if (!strcmp(optarg, priv_names[gen_priv]))
					break;
			if (gen_priv > GEN_PRIV_BPF)
				die("-C all|perfmon|bpf");
			break;
		case 'd': o.diff = true; break;
		case 'F': o.fail_diff = true; break;
		case 'U': o.unsafe_runs = true; break;
		case 'T': return oracle_selftest();
		case 'v': verbose = true; break;
		case 'P': print_only = true; break;
		default:
			fprintf(stderr, "usage: see the top of tools/testing/fuzz/kbpf_fuzz.c\n");
			return 2;
		}
	}
	data_rng = o.seed * 0x2545f4914f6cdd1dULL;
	setvbuf(stdout, NULL, _IOLBF, 0);
	return o.diff ? diff(&o) : fuzz(&o);
}
