// SPDX-License-Identifier: GPL-2.0
/*
 * kbpf_bench: benchmarks of kbpf against Linux's BPF, in the same boot.
 *
 * Usage: kbpf_bench [-q] [-r ROUNDS] [-t MS] [-l] [NAME]...
 *   -q        quick: 3 rounds, 4096-entry maps, 40 ms per measurement
 *   -r N      rounds (default 5; quick 3)
 *   -t MS     time budget of one measurement (default 150; quick 40)
 *   -l        list the benchmarks
 *   NAME      run only the benchmarks whose name contains one of these
 *
 * Output (stdout), one line per fact, machine-readable:
 *   META key=value ...
 *   LOAD name=PROG side=SIDE rep=R insns=N ns=N jited=BYTES processed=INSNS
 *   LOADFAIL name=PROG side=SIDE insns=N err=ERRNO processed=INSNS
 *   SKIP name=NAME side=SIDE                 (its program was rejected)
 *   BENCH name=NAME side=SIDE round=R ops=OPS ns=NS unit=UNIT
 *   CHECK name=NAME side=SIDE value=V        (results the sides agree on)
 * Within a round every side gets the same time budget, cut into slices the
 * sides take in turn (struct bench .slices), and who goes first rotates from
 * round to round. The numbers are throughputs measured under whatever runs
 * the guest: only the ratios between sides of the same round mean much.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

const char *const side_name[NR_SIDES] = {
	[SIDE_KBPF] = "kbpf",
	[SIDE_LINUX] = "linux",
	[SIDE_LINUX_INTERP] = "linux-interp",
};

struct bench_cfg cfg;
enum side cur_side;
static int kbpf_dev = -1;

#define JIT_SYSCTL	"/proc/sys/net/core/bpf_jit_enable"

void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "kbpf_bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

__u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

long bsys(int cmd, union kbpf_attr *attr)
{
	struct kbpf_ioc ioc = {
		.cmd = cmd,
		.size = sizeof(*attr),
		.attr = (__u64)(uintptr_t)attr,
	};

	if (cur_side != SIDE_KBPF)
		return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
	return ioctl(kbpf_dev, KBPF_IOC_BPF, &ioc);
}

int map_create(__u32 type, __u32 key_size, __u32 value_size, __u32 entries)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = entries;
	return bsys(KBPF_MAP_CREATE, &attr);
}

static int map_elem(int cmd, int fd, const void *key, void *value,
		    __u64 flags)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (__u64)(uintptr_t)key;
	attr.value = (__u64)(uintptr_t)value;
	attr.flags = flags;
	return bsys(cmd, &attr);
}

int map_lookup(int fd, const void *key, void *value)
{
	return map_elem(KBPF_MAP_LOOKUP_ELEM, fd, key, value, 0);
}

int map_update(int fd, const void *key, const void *value, __u64 flags)
{
	return map_elem(KBPF_MAP_UPDATE_ELEM, fd, key, (void *)value, flags);
}

int map_delete(int fd, const void *key)
{
	return map_elem(KBPF_MAP_DELETE_ELEM, fd, key, NULL, 0);
}

int map_next_key(int fd, const void *key, void *next)
{
	return map_elem(KBPF_MAP_GET_NEXT_KEY, fd, key, next, 0);
}

int map_batch(int cmd, int fd, void *in, void *out, void *keys, void *values,
	      __u32 *count)
{
	union kbpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.batch.map_fd = fd;
	attr.batch.in_batch = (__u64)(uintptr_t)in;
	attr.batch.out_batch = (__u64)(uintptr_t)out;
	attr.batch.keys = (__u64)(uintptr_t)keys;
	attr.batch.values = (__u64)(uintptr_t)values;
	attr.batch.count = *count;
	err = bsys(cmd, &attr);
	*count = attr.batch.count;
	return err;
}

void map_fill(int fd, const void *keys, const void *values, __u32 n)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.batch.map_fd = fd;
	attr.batch.keys = (__u64)(uintptr_t)keys;
	attr.batch.values = (__u64)(uintptr_t)values;
	attr.batch.count = n;
	if (n && bsys(KBPF_MAP_UPDATE_BATCH, &attr))
		die("%s: UPDATE_BATCH of %u elements: %s (%u done)",
		    side_name[cur_side], n, strerror(errno), attr.batch.count);
}

static int write_jit(const char *v)
{
	int fd = open(JIT_SYSCTL, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, v, strlen(v)) == (ssize_t)strlen(v);
	close(fd);
	return ok ? 0 : -1;
}

static unsigned int parse_processed(const char *log)
{
	const char *p = strstr(log, "processed ");

	return p ? strtoul(p + 10, NULL, 10) : 0;
}

/*
 * Linux wants BTF func_info for a program that loads a callback
 * (BPF_PSEUDO_FUNC): a minimal BTF (uapi/linux/btf.h layout) where type 1
 * is "int", type 2 the prototype "int (void)" and type 3 + k the static
 * function "fk", one per subprogram; kbpf needs none.
 */
#define BTF_MAGIC		0xeB9F
#define BTF_KIND_INT		1
#define BTF_KIND_FUNC		12
#define BTF_KIND_FUNC_PROTO	13
#define BTF_INFO(kind, vlen)	((__u32)(kind) << 24 | (vlen))
#define BTF_FIRST_FUNC		3
#define MAX_SUBPROGS		16

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

struct func_info {
	__u32 insn_off;
	__u32 type_id;
};

/*
 * The subprograms' first insns, sorted: 0 and the targets of pseudo
 * calls and callback loads; 0 if @a loads no callback.
 */
static unsigned int callback_subprogs(const struct asm_prog *a,
				      __u32 *starts)
{
	unsigned int n = 1, i, j, k;
	bool callbacks = false;
	__u32 to;

	starts[0] = 0;
	for (i = 0; i < a->n; i++) {
		const struct kbpf_insn *insn = &a->insn[i];
		bool func = insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
			    insn->src_reg == KBPF_PSEUDO_FUNC;

		if (!func && (insn->code != (KBPF_JMP | KBPF_CALL) ||
			      insn->src_reg != KBPF_PSEUDO_CALL))
			continue;
		callbacks |= func;
		to = i + insn->imm + 1;
		for (j = 0; j < n && starts[j] < to; j++)
			;
		if (j < n && starts[j] == to)
			continue;
		if (n == MAX_SUBPROGS)
			die("more than %d subprograms", MAX_SUBPROGS);
		for (k = n++; k > j; k--)
			starts[k] = starts[k - 1];
		starts[j] = to;
	}
	return callbacks ? n : 0;
}

/* BTF_LOAD of one static function per subprogram; dies on failure. */
static int func_btf_load(unsigned int nr)
{
	__u32 types[7 + 3 * MAX_SUBPROGS], nt = 0, ns = 0, k;
	__u8 blob[sizeof(struct btf_header) + sizeof(types) +
		  5 + 4 * MAX_SUBPROGS];
	char strs[5 + 4 * MAX_SUBPROGS];
	struct btf_header hdr;
	union kbpf_attr attr;
	int fd;

	strs[ns++] = '\0';
	types[nt++] = ns;			/* [1] int */
	types[nt++] = BTF_INFO(BTF_KIND_INT, 0);
	types[nt++] = 4;
	types[nt++] = 1u << 24 | 32;		/* signed, 32 bits */
	ns += sprintf(&strs[ns], "int") + 1;
	types[nt++] = 0;			/* [2] int (void) */
	types[nt++] = BTF_INFO(BTF_KIND_FUNC_PROTO, 0);
	types[nt++] = 1;
	for (k = 0; k < nr; k++) {		/* [3 + k] static fk */
		types[nt++] = ns;
		types[nt++] = BTF_INFO(BTF_KIND_FUNC, 0);
		types[nt++] = 2;
		ns += sprintf(&strs[ns], "f%u", k) + 1;
	}
	memset(&hdr, 0, sizeof(hdr));
	hdr.magic = BTF_MAGIC;
	hdr.version = 1;
	hdr.hdr_len = sizeof(hdr);
	hdr.type_len = nt * sizeof(__u32);
	hdr.str_off = hdr.type_len;
	hdr.str_len = ns;
	memcpy(blob, &hdr, sizeof(hdr));
	memcpy(blob + sizeof(hdr), types, hdr.type_len);
	memcpy(blob + sizeof(hdr) + hdr.type_len, strs, ns);

	memset(&attr, 0, sizeof(attr));
	attr.btf = (__u64)(uintptr_t)blob;
	attr.btf_size = sizeof(hdr) + hdr.type_len + ns;
	fd = bsys(KBPF_BTF_LOAD, &attr);
	if (fd < 0)
		die("%s: BTF_LOAD of the func_info BTF: %s",
		    side_name[cur_side], strerror(errno));
	return fd;
}

int prog_load_rep(const char *name, const struct asm_prog *a,
		  unsigned int rep)
{
	static char log[1 << 20];
	struct func_info finfo[MAX_SUBPROGS];
	__u32 starts[MAX_SUBPROGS];
	struct kbpf_prog_info info;
	union kbpf_attr attr;
	unsigned int processed = 0, nr_funcs = 0, i;
	size_t len;
	__u64 t0, t;
	int fd, err, btf_fd = -1;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = KBPF_PROG_TYPE_SYSCALL;
	attr.prog_flags = KBPF_F_SLEEPABLE;
	attr.insns = (__u64)(uintptr_t)a->insn;
	attr.insn_cnt = a->n;
	attr.license = (__u64)(uintptr_t)"GPL";
	memcpy(attr.prog_name, name, strnlen(name, sizeof(attr.prog_name) - 1));
	log[0] = '\0';
	/* Stats only: "processed N insns", on every side alike. */
	attr.log_level = 4;
	attr.log_buf = (__u64)(uintptr_t)log;
	attr.log_size = sizeof(log);
	if (cur_side != SIDE_KBPF)
		nr_funcs = callback_subprogs(a, starts);
	if (nr_funcs) {
		btf_fd = func_btf_load(nr_funcs);
		for (i = 0; i < nr_funcs; i++) {
			finfo[i].insn_off = starts[i];
			finfo[i].type_id = BTF_FIRST_FUNC + i;
		}
		attr.prog_btf_fd = btf_fd;
		attr.func_info_rec_size = sizeof(finfo[0]);
		attr.func_info = (__u64)(uintptr_t)finfo;
		attr.func_info_cnt = nr_funcs;
	}
	if (cur_side == SIDE_LINUX_INTERP && write_jit("0"))
		die("cannot switch Linux's JIT off: %s", strerror(errno));
	t0 = now_ns();
	fd = bsys(KBPF_PROG_LOAD, &attr);
	t = now_ns() - t0;
	err = errno;
	if (cur_side == SIDE_LINUX_INTERP && write_jit("1"))
		die("cannot switch Linux's JIT back on: %s", strerror(errno));
	if (fd < 0) {
		/* Again with the level-1 log, for the reason. */
		attr.log_level = 1;
		if (cur_side == SIDE_LINUX_INTERP)
			write_jit("0");
		bsys(KBPF_PROG_LOAD, &attr);
		if (cur_side == SIDE_LINUX_INTERP)
			write_jit("1");
		len = strlen(log);
		fprintf(stderr, "%s\n", len > 4000 ? log + len - 4000 : log);
	}
	if (btf_fd >= 0)
		close(btf_fd);
	processed = parse_processed(log);
	if (fd < 0) {
		note("LOADFAIL name=%s side=%s insns=%u err=%d processed=%u",
		     name, side_name[cur_side], a->n, err, processed);
		fprintf(stderr, "kbpf_bench: %s: PROG_LOAD of %s (%u insns): %s\n",
			side_name[cur_side], name, a->n, strerror(err));
		errno = err;
		return -1;
	}

	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (__u64)(uintptr_t)&info;
	if (bsys(KBPF_OBJ_GET_INFO_BY_FD, &attr))
		die("%s: prog info of %s: %s", side_name[cur_side], name,
		    strerror(errno));
	if (cur_side == SIDE_LINUX && !info.jited_prog_len)
		die("linux: %s is not JITed (net.core.bpf_jit_enable?)", name);
	if (cur_side == SIDE_LINUX_INTERP && info.jited_prog_len)
		die("linux-interp: %s was JITed all the same", name);
	note("LOAD name=%s side=%s rep=%u insns=%u ns=%llu jited=%u processed=%u",
	     name, side_name[cur_side], rep, a->n, (unsigned long long)t,
	     info.jited_prog_len, processed);
	return fd;
}

int prog_load(const char *name, const struct asm_prog *a)
{
	int fd = prog_load_rep(name, a, 0);

	if (fd < 0)
		die("%s: PROG_LOAD of %s failed", side_name[cur_side], name);
	return fd;
}

__u32 prog_run(int fd, void *ctx, __u32 ctx_size)
{
	union kbpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.ctx_in = (__u64)(uintptr_t)ctx;
	attr.test.ctx_size_in = ctx_size;
	if (bsys(KBPF_PROG_TEST_RUN, &attr))
		die("%s: PROG_TEST_RUN: %s", side_name[cur_side],
		    strerror(errno));
	return attr.test.retval;
}

/* Can Linux run its interpreter (CONFIG_BPF_JIT_ALWAYS_ON unset)? */
static bool interp_allowed(void)
{
	char buf[8] = "";
	int fd;
	bool ok;

	if (write_jit("0"))
		return false;
	fd = open(JIT_SYSCTL, O_RDONLY | O_CLOEXEC);
	ok = fd >= 0 && read(fd, buf, sizeof(buf) - 1) > 0 && buf[0] == '0';
	if (fd >= 0)
		close(fd);
	if (write_jit("1"))
		die("cannot switch Linux's JIT back on");
	return ok;
}

/* META kernel=..., cpu=... (spaces in the CPU model become '_'). */
static void print_system(void)
{
	char line[256], *p, *nl;
	struct utsname u;
	FILE *f;
	int cpus = 0;

	if (uname(&u))
		die("uname: %s", strerror(errno));
	note("META kernel=%s arch=%s", u.release, u.machine);
	f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10))
			continue;
		if (cpus++)
			continue;
		p = strchr(line, ':');
		if (!p)
			continue;
		for (p++; *p == ' '; p++)
			;
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		for (nl = p; *nl; nl++)
			if (*nl == ' ' || *nl == '=')
				*nl = '_';
		note("META cpu=%s", p);
	}
	fclose(f);
	note("META cpus=%d", cpus);
}

/* The benchmark lists, one per concern, in the order they run. */
static const struct {
	const struct bench *list;
	const unsigned int *nr;
} suites[] = {
	{ map_benches, &nr_map_benches },
	{ prog_benches, &nr_prog_benches },
	{ ringbuf_benches, &nr_ringbuf_benches },
};

/*
 * Load @lb's program at least LOAD_REPS times per side, the sides taking
 * turns load by load and who goes first rotating.
 */
static void run_load_bench(const struct load_bench *lb)
{
	static struct asm_prog prog;
	unsigned int reps = cfg.rounds > LOAD_REPS ? cfg.rounds : LOAD_REPS;
	unsigned int nr = cfg.interp ? NR_SIDES : SIDE_LINUX_INTERP;
	unsigned int r, k;

	asm_init(&prog);
	lb->build(&prog);
	asm_done(&prog);
	for (r = 0; r < reps; r++) {
		for (k = 0; k < nr; k++) {
			int fd;

			cur_side = (k + r) % nr;
			fd = prog_load_rep(lb->name, &prog, r);
			if (fd < 0)
				return;	/* LOADFAIL says why */
			close(fd);
		}
	}
}

static bool selected(const char *name, int argc, char **argv)
{
	int i;

	if (!argc)
		return true;
	for (i = 0; i < argc; i++)
		if (strstr(name, argv[i]))
			return true;
	return false;
}

static void run_bench(const struct bench *b)
{
	void *st[NR_SIDES] = { 0 };
	__u64 check[NR_SIDES] = { 0 };
	unsigned int sides = b->sides, r, k;
	enum side s, order[NR_SIDES];
	unsigned int nr = 0;

	if (!cfg.interp)
		sides &= ~(1u << SIDE_LINUX_INTERP);
	for (s = 0; s < NR_SIDES; s++) {
		if (!(sides & 1u << s))
			continue;
		order[nr++] = s;
		cur_side = s;
		st[s] = b->setup(b, s);
		if (!st[s]) {
			/* A program one side's verifier rejects: skipped. */
			note("SKIP name=%s side=%s", b->name, side_name[s]);
			nr--;	/* order[nr] is s */
			while (nr--) {
				cur_side = order[nr];
				b->teardown(st[order[nr]]);
			}
			return;
		}
	}
	for (r = 0; r < cfg.rounds; r++) {
		__u64 ops[NR_SIDES] = { 0 }, ns[NR_SIDES] = { 0 }, t0;
		unsigned int slices = b->slices ? b->slices : 1, sl;

		/*
		 * Rotate who goes first, round by round; with slices, the
		 * sides also take turns within the round, so that a burst of
		 * load on the host falls on all of them.
		 */
		for (sl = 0; sl < slices; sl++) {
			for (k = 0; k < nr; k++) {
				s = order[(k + r + sl) % nr];
				cur_side = s;
				do {
					t0 = now_ns();
					ops[s] += b->pass(st[s]);
					ns[s] += now_ns() - t0;
					if (b->reset)
						b->reset(st[s]);
				} while (ns[s] < cfg.budget_ns * (sl + 1) / slices);
			}
		}
		for (k = 0; k < nr; k++) {
			s = order[(k + r) % nr];
			cur_side = s;
			note("BENCH name=%s side=%s round=%u ops=%llu ns=%llu unit=%s",
			     b->name, side_name[s], r,
			     (unsigned long long)ops[s],
			     (unsigned long long)ns[s], b->unit);
			if (r == 0 && b->check)
				check[s] = b->check(st[s]);
		}
	}
	for (k = 0; k < nr; k++) {
		s = order[k];
		if (b->check) {
			note("CHECK name=%s side=%s value=%llu", b->name,
			     side_name[s], (unsigned long long)check[s]);
			if (check[s] != check[order[0]])
				die("%s: %s and %s disagree: %llu vs %llu",
				    b->name, side_name[s],
				    side_name[order[0]],
				    (unsigned long long)check[s],
				    (unsigned long long)check[order[0]]);
		}
		cur_side = s;
		b->teardown(st[s]);
	}
}

int main(int argc, char **argv)
{
	unsigned int i, k, rounds = 0, ms = 0;
	bool list = false;
	int opt;

	while ((opt = getopt(argc, argv, "qr:t:l")) != -1) {
		switch (opt) {
		case 'q':
			cfg.quick = true;
			break;
		case 'r':
			rounds = strtoul(optarg, NULL, 0);
			break;
		case 't':
			ms = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			list = true;
			break;
		default:
			fprintf(stderr, "usage: kbpf_bench [-q] [-r ROUNDS] [-t MS] [-l] [NAME]...\n");
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (list) {
		for (k = 0; k < ARRAY_SIZE(suites); k++)
			for (i = 0; i < *suites[k].nr; i++)
				printf("%s\n", suites[k].list[i].name);
		for (i = 0; i < nr_load_benches; i++)
			printf("%s\n", load_benches[i].name);
		return 0;
	}
	cfg.rounds = rounds ? rounds : cfg.quick ? 3 : 5;
	cfg.entries = cfg.quick ? 4096 : 65536;
	cfg.budget_ns = (__u64)(ms ? ms : cfg.quick ? 40 : 150) * 1000000;

	kbpf_dev = open("/dev/kbpf", O_RDWR | O_CLOEXEC);
	if (kbpf_dev < 0)
		die("/dev/kbpf: %s", strerror(errno));
	cfg.interp = interp_allowed();
	print_system();
	note("META quick=%d rounds=%u entries=%u budget_ms=%llu linux_interp=%d",
	     cfg.quick, cfg.rounds, cfg.entries,
	     (unsigned long long)(cfg.budget_ns / 1000000), cfg.interp);

	for (k = 0; k < ARRAY_SIZE(suites); k++)
		for (i = 0; i < *suites[k].nr; i++)
			if (selected(suites[k].list[i].name, argc, argv))
				run_bench(&suites[k].list[i]);
	for (i = 0; i < nr_load_benches; i++)
		if (selected(load_benches[i].name, argc, argv))
			run_load_bench(&load_benches[i]);
	note("META done=1");
	return 0;
}
