// SPDX-License-Identifier: GPL-2.0
/*
 * kbpf_bench: benchmarks of kbpf against Linux's BPF, in the same boot.
 *
 * Usage: kbpf_bench [-q] [-r ROUNDS] [-t MS] [-l] [-j] [NAME]...
 *   -q        quick: 3 rounds, 4096-entry maps, 40 ms per measurement
 *   -r N      rounds (default 5; quick 3)
 *   -t MS     time budget of one measurement (default 150; quick 40)
 *   -l        list the benchmarks
 *   -j        print each JITed image (both sides) as hex, for objdump
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

/* libkbpf's target follows the side being measured or set up. */
void side_target(void)
{
	kbpf_set_target(cur_side == SIDE_KBPF ? KBPF_TARGET_KBPF :
						KBPF_TARGET_LINUX);
}

/* bpf(2)'s convention, which the benchmarks check: -1 with errno. */
static int sysret(int ret)
{
	return ret < 0 ? -1 : ret;
}

long bsys(int cmd, union kbpf_attr *attr)
{
	side_target();
	return kbpf_sys(cmd, attr, sizeof(*attr));
}

int map_create(__u32 type, __u32 key_size, __u32 value_size, __u32 entries)
{
	side_target();
	return sysret(kbpf_map_create(type, NULL, key_size, value_size,
				      entries, NULL));
}

int map_lookup(int fd, const void *key, void *value)
{
	side_target();
	return sysret(kbpf_map_lookup_elem(fd, key, value));
}

int map_update(int fd, const void *key, const void *value, __u64 flags)
{
	side_target();
	return sysret(kbpf_map_update_elem(fd, key, value, flags));
}

int map_delete(int fd, const void *key)
{
	side_target();
	return sysret(kbpf_map_delete_elem(fd, key));
}

int map_next_key(int fd, const void *key, void *next)
{
	side_target();
	return sysret(kbpf_map_get_next_key(fd, key, next));
}

int map_batch(int cmd, int fd, void *in, void *out, void *keys, void *values,
	      __u32 *count)
{
	side_target();
	return sysret(kbpf_map_batch_cmd(cmd, fd, in, out, keys, values,
					 count, NULL));
}

void map_fill(int fd, const void *keys, const void *values, __u32 n)
{
	__u32 count = n;

	side_target();
	if (n && kbpf_map_update_batch(fd, keys, values, &count, NULL))
		die("%s: UPDATE_BATCH of %u elements: %s (%u done)",
		    side_name[cur_side], n, strerror(errno), count);
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
 * The programs run_bench()'s setup() calls loaded, per side, so that the
 * same loads can be repeated while the maps they name are still open
 * (reload_programs()). Filled only while recording is set.
 */
#define MAX_RECORDED	4
struct recorded_load {
	const char *name;	/* the benchmark's, a string literal */
	__u32 type, attach_type, flags;
	struct kbpf_insn *insn;	/* a copy */
	unsigned int n;
};
static struct recorded_load recorded[NR_SIDES][MAX_RECORDED];
static unsigned int nr_recorded[NR_SIDES];
static bool recording;

static void record_load(const char *name, __u32 type, __u32 attach_type,
			__u32 flags, const struct kbpf_insn *insn,
			unsigned int n)
{
	struct recorded_load *rl;

	if (nr_recorded[cur_side] == MAX_RECORDED)
		die("%s: more than %d programs to record", name, MAX_RECORDED);
	rl = &recorded[cur_side][nr_recorded[cur_side]++];
	rl->name = name;
	rl->type = type;
	rl->attach_type = attach_type;
	rl->flags = flags;
	rl->n = n;
	rl->insn = xcalloc(n, sizeof(*insn));
	memcpy(rl->insn, insn, n * sizeof(*insn));
}

/*
 * Load @insn as a program of @type on cur_side, timed; the LOAD/LOADFAIL
 * line is tagged rep=@rep. -1 with errno on failure.
 */
/*
 * "JIT name=N side=S len=L addr=A" (A: the first function's address,
 * jited_ksyms[0]) and the image's bytes in hex, 32 a line, for
 * `objdump -D -b binary -m i386:x86-64` (both sides: the caller has
 * CAP_SYSLOG in the guest).
 */
static void dump_jit(int fd, const char *name, __u32 len)
{
	struct kbpf_prog_info info;
	__u32 info_len = sizeof(info), i;
	unsigned char *buf = xcalloc(1, len);
	__u64 addr = 0;

	memset(&info, 0, sizeof(info));
	info.jited_prog_len = len;
	info.jited_prog_insns = (__u64)(unsigned long)buf;
	info.nr_jited_ksyms = 1;
	info.jited_ksyms = (__u64)(unsigned long)&addr;
	if (kbpf_prog_get_info_by_fd(fd, &info, &info_len))
		die("%s: jited image of %s: %s", side_name[cur_side], name,
		    strerror(errno));
	printf("JIT name=%s side=%s len=%u addr=0x%llx\n", name,
	       side_name[cur_side], len, (unsigned long long)addr);
	for (i = 0; i < len; i++)
		printf("%02x%s", buf[i], i % 32 == 31 || i + 1 == len ? "\n" : " ");
	free(buf);
}

static int load_insns(const char *name, __u32 type, __u32 attach_type,
		      __u32 flags, const struct kbpf_insn *insn,
		      unsigned int n, unsigned int rep)
{
	static char log[1 << 20];
	struct kbpf_func_info finfo[KBPF_MAX_SUBPROGS];
	/* Stats only: "processed N insns", on every side alike. */
	KBPF_OPTS(kbpf_prog_load_opts, opts, .prog_flags = flags,
		  .expected_attach_type = attach_type,
		  .log_level = 4, .log_buf = log, .log_size = sizeof(log));
	struct kbpf_prog_info info;
	__u32 info_len = sizeof(info);
	char pname[KBPF_OBJ_NAME_LEN] = "";
	unsigned int processed = 0;
	size_t len;
	__u64 t0, t;
	int fd, err, btf_fd;

	strncat(pname, name, sizeof(pname) - 1);
	log[0] = '\0';
	side_target();
	btf_fd = kbpf_prog_func_info(insn, n, &opts, finfo, NULL);
	if (btf_fd < 0)
		die("%s: BTF_LOAD of the func_info BTF: %s",
		    side_name[cur_side], strerror(-btf_fd));
	if (cur_side == SIDE_LINUX_INTERP && write_jit("0"))
		die("cannot switch Linux's JIT off: %s", strerror(errno));
	t0 = now_ns();
	fd = kbpf_prog_load(type, pname, "GPL", insn, n, &opts);
	t = now_ns() - t0;
	err = errno;
	if (cur_side == SIDE_LINUX_INTERP && write_jit("1"))
		die("cannot switch Linux's JIT back on: %s", strerror(errno));
	if (fd < 0) {
		/* Again with the level-1 log, for the reason. */
		opts.log_level = 1;
		if (cur_side == SIDE_LINUX_INTERP)
			write_jit("0");
		kbpf_prog_load(type, pname, "GPL", insn, n, &opts);
		if (cur_side == SIDE_LINUX_INTERP)
			write_jit("1");
		len = strlen(log);
		fprintf(stderr, "%s\n", len > 4000 ? log + len - 4000 : log);
	}
	if (btf_fd > 0)
		close(btf_fd);
	processed = parse_processed(log);
	if (fd < 0) {
		note("LOADFAIL name=%s side=%s insns=%u err=%d processed=%u",
		     name, side_name[cur_side], n, err, processed);
		fprintf(stderr, "kbpf_bench: %s: PROG_LOAD of %s (%u insns): %s\n",
			side_name[cur_side], name, n, strerror(err));
		errno = err;
		return -1;
	}

	memset(&info, 0, sizeof(info));
	if (kbpf_prog_get_info_by_fd(fd, &info, &info_len))
		die("%s: prog info of %s: %s", side_name[cur_side], name,
		    strerror(errno));
	if (cur_side == SIDE_LINUX && !info.jited_prog_len)
		die("linux: %s is not JITed (net.core.bpf_jit_enable?)", name);
	if (cur_side == SIDE_LINUX_INTERP && info.jited_prog_len)
		die("linux-interp: %s was JITed all the same", name);
	if (cfg.dump_jit && info.jited_prog_len && !rep)
		dump_jit(fd, name, info.jited_prog_len);
	note("LOAD name=%s side=%s rep=%u insns=%u ns=%llu jited=%u processed=%u",
	     name, side_name[cur_side], rep, n, (unsigned long long)t,
	     info.jited_prog_len, processed);
	return fd;
}

static int load_typed(const char *name, __u32 type, __u32 attach_type,
		      __u32 flags, const struct kbpf_asm *a, unsigned int rep)
{
	int fd = load_insns(name, type, attach_type, flags, a->insn, a->n,
			    rep);

	if (fd >= 0 && recording)
		record_load(name, type, attach_type, flags, a->insn, a->n);
	return fd;
}

int prog_load_rep(const char *name, const struct kbpf_asm *a,
		  unsigned int rep)
{
	return load_typed(name, KBPF_PROG_TYPE_SYSCALL, 0, KBPF_F_SLEEPABLE,
			  a, rep);
}

int prog_load_type(const char *name, __u32 type, __u32 attach_type,
		   const struct kbpf_asm *a)
{
	int fd = load_typed(name, type, attach_type, 0, a, 0);

	if (fd < 0)
		die("%s: PROG_LOAD of %s failed", side_name[cur_side], name);
	return fd;
}

int prog_load(const char *name, const struct kbpf_asm *a)
{
	int fd = prog_load_rep(name, a, 0);

	if (fd < 0)
		die("%s: PROG_LOAD of %s failed", side_name[cur_side], name);
	return fd;
}

__u32 prog_run(int fd, void *ctx, __u32 ctx_size)
{
	KBPF_OPTS(kbpf_test_run_opts, opts, .ctx_in = ctx,
		  .ctx_size_in = ctx_size);

	side_target();
	if (kbpf_prog_test_run_opts(fd, &opts))
		die("%s: PROG_TEST_RUN: %s", side_name[cur_side],
		    strerror(errno));
	return opts.retval;
}

void asm_done(struct kbpf_asm *a)
{
	int err = kbpf_asm_done(a);

	if (err)
		die("assembler: %s", strerror(-err));
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
	{ attach_benches, &nr_attach_benches },
};

static void forget_recorded(void)
{
	unsigned int s, i;

	for (s = 0; s < NR_SIDES; s++) {
		for (i = 0; i < nr_recorded[s]; i++)
			free(recorded[s][i].insn);
		nr_recorded[s] = 0;
	}
}

/*
 * Load @lb's program at least LOAD_REPS times per side, the sides taking
 * turns load by load and who goes first rotating.
 */
static void run_load_bench(const struct load_bench *lb)
{
	static struct kbpf_asm prog;
	unsigned int reps = cfg.rounds > LOAD_REPS ? cfg.rounds : LOAD_REPS;
	unsigned int nr = cfg.interp ? NR_SIDES : SIDE_LINUX_INTERP;
	unsigned int r, k;

	kbpf_asm_init(&prog);
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

/*
 * Load the programs the setup() of every side in @order recorded again,
 * LOAD_REPS loads per side in all (setup's was rep 0), the sides taking
 * turns and who goes first rotating, as run_load_bench(): one load per
 * side is a single sample, and under TCG one sample may be off by 10x.
 * The recorded copies are freed.
 */
static void reload_programs(const enum side *order, unsigned int nr)
{
	unsigned int r, k, i;
	enum side s;

	for (r = 1; r < LOAD_REPS; r++) {
		for (k = 0; k < nr; k++) {
			s = order[(k + r) % nr];
			cur_side = s;
			for (i = 0; i < nr_recorded[s]; i++) {
				const struct recorded_load *rl = &recorded[s][i];
				int fd = load_insns(rl->name, rl->type,
						    rl->attach_type, rl->flags,
						    rl->insn, rl->n, r);

				if (fd >= 0)
					close(fd);
			}
		}
	}
	forget_recorded();
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
		recording = true;
		st[s] = b->setup(b, s);
		recording = false;
		if (!st[s]) {
			/* A program one side's verifier rejects: skipped. */
			note("SKIP name=%s side=%s", b->name, side_name[s]);
			nr--;	/* order[nr] is s */
			while (nr--) {
				cur_side = order[nr];
				b->teardown(st[order[nr]]);
			}
			forget_recorded();
			return;
		}
	}
	reload_programs(order, nr);
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
				if (b->enter)
					b->enter(st[s]);
				do {
					t0 = now_ns();
					ops[s] += b->pass(st[s]);
					ns[s] += now_ns() - t0;
					if (b->reset)
						b->reset(st[s]);
				} while (ns[s] < cfg.budget_ns * (sl + 1) / slices);
				if (b->leave)
					b->leave(st[s]);
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

	while ((opt = getopt(argc, argv, "qr:t:lj")) != -1) {
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
		case 'j':
			cfg.dump_jit = true;
			break;
		default:
			fprintf(stderr, "usage: kbpf_bench [-q] [-r ROUNDS] [-t MS] [-l] [-j] [NAME]...\n");
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

	if (kbpf_dev_fd() < 0)
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
