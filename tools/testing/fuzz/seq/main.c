// SPDX-License-Identifier: GPL-2.0
/*
 * kbpf_seqfuzz: the ioctl-sequence fuzzer. Runs in the guest.
 *
 *   kbpf_seqfuzz [-s SEED] [-d SECONDS] [-n STEPS] [-t THREADS] [-p SECONDS]
 *                [-U] [-K] [-I]
 *   kbpf_seqfuzz -W
 *
 * Keeps a pool of live objects of every kind (maps of every type kbpf
 * has, with mmaps of those that map; programs of each type kbpf runs,
 * some using pool maps; uprobe_multi, raw_tp, perf_event and one
 * kprobe_multi link; kbpf perf events of signal/signal_generate
 * (KBPF_IOC_PERF_EVENT_OPEN) with TRACEPOINT programs attached by
 * PERF_EVENT_IOC_SET_BPF or links, fired by an ignored SIGUSR1;
 * pins in a directory of the kbpf mount; epoll sets; a stats fd) and
 * steps through commands: each step picks any command of
 * uapi/linux/kbpf.h (or an unknown one), builds a valid attr from the
 * pool and mutates none, one or a few of its fields (fds of the wrong
 * kind, closed or duplicated; sizes and counts at their boundaries;
 * unaligned, read-only, unmapped and kernel pointers, and pointers into
 * the maps' own mmaps; flags; IDs) or the attr itself (short, oversize
 * with a zero or a nonzero tail, read-only, unaligned, in a guard page).
 * THREADS churn threads (default 3) close, dup, munmap, mmap, pin,
 * unpin, rename, drain and feed ring buffers, run programs and fire the
 * links' probes meanwhile (churn.c). Now and then (1 step in 256) a
 * forked child steps on the inherited pool and is SIGKILLed a few
 * milliseconds in, mid-command. A step still running after 5 s gets a
 * SIGALRM (EINTR from the loops that check for signals, as Linux's).
 *
 * Two processes fuzz at once: root, and a child that dropped every
 * capability after inheriting the pool's fds (as the selftests'
 * unprivileged runs do: it stays uid 0, without CAP_BPF/SYS_ADMIN). -U
 * runs root only.
 *
 * Each process stops after SECONDS (default 60) or STEPS steps and
 * prints one line per command: how many steps succeeded and how many
 * failed with each errno. Then, with every fd closed, every mmap gone and
 * the pins removed, no map, program or link ID may be left (MAP/PROG/
 * LINK_GET_NEXT_ID; -I skips this when other tools share the kernel,
 * and then closes at once what *_GET_FD_BY_ID opens, which may be theirs).
 * Violations (also: a command returning an fd without O_CLOEXEC, or a
 * positive value from a command that returns none) print "VIOLATION:".
 * The last line is "seqfuzz: seed S, STEPS steps (root R, unpriv U) in
 * T s, K root children killed, N violations, N IDs left". Exits 1 on a
 * violation or a leaked ID, 2 on a setup failure. The same SEED gives
 * the same choices in the stepping thread of each process; the churn
 * threads' timing does not repeat, so a run is reproduced by its seed
 * only up to those races.
 * -K: no kprobe_multi link (each one patches kernel text twice).
 *
 * -W only waits up to 10 s for every map, program and link ID to go,
 * printing those left; exits 1 if any is (scripts/soak.sh's last check).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "seq.h"
#include "tools/lib/kbpf/kbpf.h"

static struct {
	__u64 seed;
	unsigned int seconds;
	__u64 steps;
	unsigned int threads;
	unsigned int progress;
	bool unpriv;
	bool ids;
} opt = { 1, 60, 0, 3, 60, true, true };

static long violations;
static long killed;	/* children SIGKILLed while stepping */
static char base_dir[96];

void seq_rng_init(struct seq_rng *r, __u64 seed, __u64 stream)
{
	r->s = (seed + 1) * 0x9e3779b97f4a7c15ULL ^ (stream << 32 | stream);
	if (!r->s)
		r->s = 1;
	seq_rand(r);
}

static void violation(const char *fmt, ...)
{
	va_list ap;

	if (__atomic_fetch_add(&violations, 1, __ATOMIC_RELAXED) >= 50)
		return;
	va_start(ap, fmt);
	printf("seqfuzz: VIOLATION: ");
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool returns_fd(__u32 cmd)
{
	switch (cmd) {
	case KBPF_MAP_CREATE:
	case KBPF_PROG_LOAD:
	case KBPF_OBJ_GET:
	case KBPF_PROG_GET_FD_BY_ID:
	case KBPF_MAP_GET_FD_BY_ID:
	case KBPF_LINK_GET_FD_BY_ID:
	case KBPF_BTF_GET_FD_BY_ID:
	case KBPF_RAW_TRACEPOINT_OPEN:
	case KBPF_BTF_LOAD:
	case KBPF_LINK_CREATE:
	case KBPF_ENABLE_STATS:
	case KBPF_ITER_CREATE:
	case KBPF_TOKEN_CREATE:
		return true;
	}
	return false;
}

static __u32 pick_cmd(struct seq_rng *r)
{
	__u32 cmd;

	if (seq_one_in(r, 50))
		return seq_one_in(r, 2) ? __MAX_KBPF_CMD + seq_below(r, 64) :
					  (__u32)seq_rand(r);
	/* A freeze is for good: rarer, or every map is soon read-only. */
	do {
		cmd = seq_below(r, __MAX_KBPF_CMD);
	} while (cmd == KBPF_MAP_FREEZE && !seq_one_in(r, 8));
	return cmd;
}

static void check_result(__u32 cmd, long ret)
{
	int fl;

	if (ret <= 0)
		return;
	if (!returns_fd(cmd)) {
		violation("%s returned %ld", seq_cmd_name(cmd), ret);
		return;
	}
	fl = fcntl(ret, F_GETFD);
	if (fl >= 0 && !(fl & FD_CLOEXEC))
		violation("%s returned fd %ld without O_CLOEXEC",
			  seq_cmd_name(cmd), ret);
	/*
	 * Sharing the kernel (-I), an ID may be another tool's object: it
	 * checks that its objects go when it closes them, so hold none.
	 */
	if (!opt.ids && (cmd == KBPF_MAP_GET_FD_BY_ID ||
			 cmd == KBPF_PROG_GET_FD_BY_ID ||
			 cmd == KBPF_LINK_GET_FD_BY_ID)) {
		close(ret);
		return;
	}
	seq_adopt(ret);
}

/*
 * A step may loop for hours as Linux would (a socket filter test run
 * with repeat near 2^32): a per-thread timer interrupts any step after
 * STEP_SECONDS, and the kernel must then give EINTR and unwind.
 */
#define STEP_SECONDS	5
static timer_t step_timer;
static bool step_timer_ok;

static void on_alarm(int sig)
{
	(void)sig;
}

static void step_timer_init(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	struct sigevent sev = {
		.sigev_notify = SIGEV_THREAD_ID,
		.sigev_signo = SIGALRM,
	};

	sev._sigev_un._tid = gettid();	/* sigev_notify_thread_id */
	sigaction(SIGALRM, &sa, NULL);
	step_timer_ok = !timer_create(CLOCK_MONOTONIC, &sev, &step_timer);
}

static void step_timer_arm(bool on)
{
	struct itimerspec its = { .it_value.tv_sec = on ? STEP_SECONDS : 0 };

	if (step_timer_ok)
		timer_settime(step_timer, 0, &its, NULL);
}

static long one_step(struct seq_mem *mem, struct seq_rng *r, __u32 *cmd)
{
	struct seq_step st;
	long ret;
	int err;

	memset(&st, 0, sizeof(st));
	memset(mem->arena, 0, 2 * 4096);
	st.attr = (union kbpf_attr *)mem->arena;
	st.size = sizeof(union kbpf_attr);
	st.mem = mem;
	st.rng = r;
	st.cmd = pick_cmd(r);
	seq_build(&st);
	seq_mutate(&st);
	seq_build_tame(&st);
	*cmd = st.cmd;
	step_timer_arm(true);
	ret = seq_issue(&st);
	err = errno;
	step_timer_arm(false);
	errno = err;
	return ret;
}

/*
 * A child of this process (one thread, the pool's fds and mmaps
 * inherited) steps until SIGKILL ends it a few milliseconds in, most
 * likely inside a command: whatever it was doing must unwind.
 */
static void killed_child(struct seq_mem *mem, struct seq_rng *r)
{
	__u64 seed = seq_rand(r);
	int status, i;
	pid_t pid;
	__u32 cmd;

	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		step_timer_ok = false;	/* timers are not inherited */
		seq_rng_init(r, seed, 2);
		for (i = 0; i < 64; i++)
			one_step(mem, r, &cmd);
		_exit(0);
	}
	usleep(seq_below(r, 20000));
	kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) != pid)
		violation("waitpid: %s", strerror(errno));
	else if (!WIFSIGNALED(status) && WEXITSTATUS(status))
		violation("killed child: status %#x", status);
	__atomic_fetch_add(&killed, 1, __ATOMIC_RELAXED);
}

static __u64 fuzz(struct seq_mem *mem, struct seq_rng *r, const char *who,
		  double deadline)
{
	double t, next_report = now() + opt.progress;
	__u32 cmd;
	long ret;
	__u64 n;
	int err;

	for (n = 0; !opt.steps || n < opt.steps; n++) {
		if (now() >= deadline)
			break;
		if (!(n & 15))
			seq_pool_fill(r);
		if (seq_one_in(r, 256))
			killed_child(mem, r);
		t = now();
		ret = one_step(mem, r, &cmd);
		err = errno;
		t = now() - t;
		if (t >= 2)
			printf("seqfuzz: %s: SLOW: %s took %.1f s (%s)\n", who,
			       seq_cmd_name(cmd), t,
			       ret < 0 ? strerrorname_np(err) : "ok");
		seq_hist_add(cmd, ret, err);
		check_result(cmd, ret);
		if (opt.progress && now() >= next_report) {
			printf("seqfuzz: %s: %llu steps, %ld children killed\n",
			       who, (unsigned long long)n, killed);
			fflush(stdout);
			next_report = now() + opt.progress;
		}
	}
	return n;
}

static void drop_caps(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = { { 0 } };

	if (syscall(SYS_capset, &hdr, data)) {
		perror("capset");
		exit(2);
	}
}

/* One kprobe_multi link for the whole run: text is patched only twice. */
static void kprobe_link(void)
{
	static const char *syms[] = { "__x64_sys_getppid" };
	const char **sym = syms;
	struct kbpf_insn insns[] = { KBPF_MOV64_IMM(KBPF_REG_0, 0),
				     KBPF_EXIT_INSN() };
	KBPF_OPTS(kbpf_prog_load_opts, popts,
		  .expected_attach_type = KBPF_TRACE_KPROBE_MULTI);
	KBPF_OPTS(kbpf_link_create_opts, lopts, .kprobe_multi.cnt = 1,
		  .kprobe_multi.syms = sym);
	int prog, link;

	prog = kbpf_prog_load(KBPF_PROG_TYPE_KPROBE, "seq_kp", "GPL", insns,
			      2, &popts);
	if (prog < 0)
		return;
	link = kbpf_link_create(prog, 0, KBPF_TRACE_KPROBE_MULTI, &lopts);
	seq_hist_add(KBPF_LINK_CREATE, link, errno);
	seq_adopt(prog);
	if (link >= 0)
		seq_adopt(link);
}

static int setup(struct seq_mem *mem, struct seq_rng *r, bool kprobe)
{
	char path[192];
	int i, fd;

	seq_ncpus = kbpf_num_possible_cpus();
	if (seq_ncpus < 1)
		seq_ncpus = 1;
	seq_uprobe_target();
	/* Fires signal_generate; every process and child inherits it. */
	signal(SIGUSR1, SIG_IGN);
	seq_tp_id = kbpf_tracepoint_id("signal", "signal_generate");
	for (i = 0; i < SEQ_POOL_SLOTS; i++)
		seq_pool.slot[i].fd = -1;
	for (i = 0; i < 16; i++)
		seq_pool.stale[i] = -1;
	if (seq_mem_init(mem) || seq_mmap_init() || seq_decoy_init())
		return -1;
	/* "w/../pN" names stay inside base_dir, which teardown removes. */
	snprintf(base_dir, sizeof(base_dir), "%s/seqfuzz-%d",
		 kbpf_pin_dir(kbpf_get_target()), getpid());
	snprintf(seq_pool.pin_dir, sizeof(seq_pool.pin_dir), "%s/w",
		 base_dir);
	if (mkdir(base_dir, 0777) || mkdir(seq_pool.pin_dir, 0777))
		return -1;
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/d%d", seq_pool.pin_dir, i);
		mkdir(path, 0777);
	}
	seq_pool.priv = true;
	for (i = 0; i < 12; i++)
		seq_pool_fill(r);
	if (kprobe)
		kprobe_link();
	fd = kbpf_enable_stats(KBPF_STATS_RUN_TIME);
	if (fd >= 0)
		seq_adopt(fd);
	/* Pins and mmaps the unprivileged process starts with. */
	for (i = 0; i < 16; i++) {
		struct seq_slot *s = seq_pick(r, i % 3 + SEQ_MAP);

		snprintf(path, sizeof(path), "%s/p%d", seq_pool.pin_dir, i);
		if (s)
			kbpf_obj_pin(seq_slot_fd(s), path);
		s = seq_pick(r, SEQ_MAP);
		if (s)
			seq_mmap_map(r, seq_slot_fd(s), i & 1);
	}
	return 0;
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Every fd, mmap and pin of this process gone: only then count IDs. */
static void teardown(void)
{
	seq_pool_close_all();
	seq_munmap_all();
	nftw(base_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	seq_decoy_remove();
}

/* What a leaked object is: its type and name, and a program's maps. */
static void describe_left(const char *what, __u32 id)
{
	union {
		struct kbpf_map_info map;
		struct kbpf_prog_info prog;
		struct kbpf_link_info link;
	} info;
	__u32 len = sizeof(info), maps[8] = { 0 };
	int fd;

	memset(&info, 0, sizeof(info));
	fd = what[0] == 'm' ? kbpf_map_get_fd_by_id(id) :
	     what[0] == 'p' ? kbpf_prog_get_fd_by_id(id) :
	     kbpf_link_get_fd_by_id(id);
	if (what[0] == 'p') {
		info.prog.nr_map_ids = 8;
		info.prog.map_ids = (__u64)(unsigned long)maps;
	}
	if (fd < 0 || kbpf_obj_get_info_by_fd(fd, &info, &len)) {
		printf("seqfuzz: %s ID %u left (no info: %s)\n", what, id,
		       strerror(errno));
	} else if (what[0] == 'm') {
		printf("seqfuzz: map ID %u left: type %u, %s, flags %#x\n", id,
		       info.map.type, info.map.name, info.map.map_flags);
	} else if (what[0] == 'p') {
		printf("seqfuzz: prog ID %u left: type %u, %s, maps %u %u %u\n",
		       id, info.prog.type, info.prog.name, maps[0], maps[1],
		       maps[2]);
	} else {
		printf("seqfuzz: link ID %u left: type %u, prog %u\n", id,
		       info.link.type, info.link.prog_id);
	}
	if (fd >= 0)
		close(fd);
}

/* IDs of one kind still there after deferred frees had 10 s to run. */
static unsigned int ids_left(int (*next)(__u32, __u32 *), const char *what)
{
	unsigned int tries, n = 0;
	__u32 id = 0;

	for (tries = 0; tries < 200; tries++) {
		if (next(0, &id) == -ENOENT)
			return 0;
		usleep(50000);
	}
	do {
		describe_left(what, id);
	} while (++n < 20 && next(id, &id) == 0);
	return n;
}

static unsigned int all_ids_left(void)
{
	return ids_left(kbpf_map_get_next_id, "map") +
	       ids_left(kbpf_prog_get_next_id, "prog") +
	       ids_left(kbpf_link_get_next_id, "link");
}

static void usage(void)
{
	fprintf(stderr, "usage: kbpf_seqfuzz [-s SEED] [-d SECONDS] "
		"[-n STEPS] [-t THREADS] [-p SECONDS] [-U] [-K] [-I]\n"
		"       kbpf_seqfuzz -W\n");
	exit(2);
}

int main(int argc, char **argv)
{
	bool kprobe = true;
	struct seq_mem mem;
	struct seq_rng r;
	__u64 steps, child_steps = 0;
	double start, deadline;
	int c, status, pipefd[2];
	unsigned int left = 0;
	pid_t child = -1;

	while ((c = getopt(argc, argv, "s:d:n:t:p:UKIW")) != -1) {
		switch (c) {
		case 's':
			opt.seed = strtoull(optarg, NULL, 0);
			break;
		case 'd':
			opt.seconds = atoi(optarg);
			break;
		case 'n':
			opt.steps = strtoull(optarg, NULL, 0);
			break;
		case 't':
			opt.threads = atoi(optarg);
			break;
		case 'p':
			opt.progress = atoi(optarg);
			break;
		case 'U':
			opt.unpriv = false;
			break;
		case 'K':
			kprobe = false;
			break;
		case 'I':
			opt.ids = false;
			seq_shared = true;
			break;
		case 'W':
			return all_ids_left() ? 1 : 0;
		default:
			usage();
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (kbpf_set_target_env() || kbpf_dev_fd() < 0) {
		perror("kbpf target");
		return 2;
	}
	printf("seqfuzz: seed %llu, %u s, %llu steps max, %u churn threads%s\n",
	       (unsigned long long)opt.seed, opt.seconds,
	       (unsigned long long)opt.steps, opt.threads,
	       opt.unpriv ? ", root and unprivileged" : ", root only");
	seq_rng_init(&r, opt.seed, 0);
	if (setup(&mem, &r, kprobe)) {
		perror("seqfuzz setup");
		return 2;
	}
	start = now();
	deadline = start + opt.seconds;
	if (pipe(pipefd))
		return 2;
	if (opt.unpriv)
		child = fork();
	if (child == 0) {
		close(pipefd[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		drop_caps();
		seq_pool.priv = false;
		seq_hist_reset();
		step_timer_init();
		seq_rng_init(&r, opt.seed, 1);
		if (seq_churn_start(opt.seed ^ 0x5555, opt.threads))
			_exit(2);
		steps = fuzz(&mem, &r, "unpriv", deadline);
		seq_churn_stop();
		seq_hist_print("unpriv");
		if (write(pipefd[1], &steps, sizeof(steps)) != sizeof(steps))
			_exit(2);
		seq_pool_close_all();
		_exit(violations ? 1 : 0);
	}
	close(pipefd[1]);
	step_timer_init();
	if (seq_churn_start(opt.seed, opt.threads))
		return 2;
	steps = fuzz(&mem, &r, "root", deadline);
	seq_churn_stop();
	seq_hist_print("root");
	if (child > 0) {
		if (read(pipefd[0], &child_steps, sizeof(child_steps)) !=
		    sizeof(child_steps))
			violation("the unprivileged process died");
		if (waitpid(child, &status, 0) != child ||
		    !WIFEXITED(status) || WEXITSTATUS(status) == 2)
			violation("unprivileged process: status %#x", status);
		else if (WEXITSTATUS(status))
			violations++;
	}
	teardown();
	if (opt.ids)
		left = all_ids_left();
	printf("seqfuzz: seed %llu, %llu steps (root %llu, unpriv %llu) in "
	       "%.0f s, %ld root children killed, %ld violations, "
	       "%u IDs left\n",
	       (unsigned long long)opt.seed,
	       (unsigned long long)(steps + child_steps),
	       (unsigned long long)steps, (unsigned long long)child_steps,
	       now() - start, killed, violations, left);
	return violations || left ? 1 : 0;
}
