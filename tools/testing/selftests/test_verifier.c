// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier corpus (verifier_cases_*.c), one TEST per table: each case
 * is loaded with a level-1 log into a 1 MiB buffer, its verdict, errno
 * and log words compared with the table, and an accepted case run with
 * PROG_TEST_RUN (SYSCALL with a 256-byte ctx, RAW_TRACEPOINT with 12
 * arguments) for its return value. Every case prints a TAP sub-result.
 *
 * A case runs as root, or at each privilege level its @levels name: the
 * fixtures are created as root, then a forked child keeps only CAP_BPF
 * (name@bpf) or CAP_BPF and CAP_PERFMON (name@perfmon) and loads and runs
 * the case; its verdict, errno, retval and log come back through shared
 * memory.
 *
 * The table holds Linux 6.12's answers; kbpf must give the same, except
 * where a case names a deliberate difference (kbpf_diff).
 *
 * Environment:
 *   KBPF_VERIFIER_CASES  comma-separated fnmatch(3) patterns: run only
 *                        the cases whose names match
 *   KBPF_VERIFIER_DUMP   print what the target did for every case
 *   KBPF_VERIFIER_SKIP_SLOW skip the cases marked slow (the debug
 *                        kernel: they run on the release kernels)
 *   KBPF_TEST_TIMEOUT    seconds per case (the alarm is re-armed per case,
 *                        ten times longer for a case marked slow)
 */
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>

#include "verifier_cases.h"

#define VC_LOG_SIZE	(1024 * 1024)
#define VC_LOG_TAIL	12
#define VC_SYSCALL_CTX	256
#define VC_RAW_TP_CTX	(12 * 8)
#define VC_SKB_PKT_LEN	64

struct vc_result {
	int fd;
	int err;
	__u32 retval;
	int run_err;
};

static int fixture_create(enum vc_fixture fix)
{
	__u64 key = 1, val[2] = { 0x11, 0x22 };
	__u32 key4 = 7;
	char str[48] = "abc";
	__u32 zero = 0;
	int fd = -1;

	switch (fix) {
	case VC_ARRAY:
		fd = kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 48, 4, 0);
		break;
	case VC_HASH:
		fd = kbpf_map_new(KBPF_MAP_TYPE_HASH, 8, 16, 4, 0);
		if (fd >= 0)
			ASSERT_OK(kbpf_map_update(fd, &key, val, 0));
		break;
	case VC_RINGBUF:
		fd = kbpf_map_new(KBPF_MAP_TYPE_RINGBUF, 0, 0, 4096 * 4, 0);
		break;
	case VC_URINGBUF:
		fd = kbpf_map_new(KBPF_MAP_TYPE_USER_RINGBUF, 0, 0,
				  4096 * 4, 0);
		break;
	case VC_PROG_ARRAY:
		fd = kbpf_map_new(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0);
		break;
	case VC_ARRAY_RO:
		fd = kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 48, 4,
				  KBPF_F_RDONLY_PROG);
		break;
	case VC_ARRAY_WO:
		fd = kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 48, 4,
				  KBPF_F_WRONLY_PROG);
		break;
	case VC_RODATA:
		fd = kbpf_map_new(KBPF_MAP_TYPE_ARRAY, 4, 48, 1,
				  KBPF_F_RDONLY_PROG);
		if (fd >= 0) {
			ASSERT_OK(kbpf_map_update(fd, &zero, str, 0));
			ASSERT_OK(kbpf_map_freeze(fd));
		}
		break;
	case VC_HASH4:
		fd = kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 4, 0);
		val[0] = 0x77;
		if (fd >= 0)
			ASSERT_OK(kbpf_map_update(fd, &key4, val, 0));
		break;
	case VC_NR_FIXTURES:
		break;
	}
	if (fd < 0)
		FAIL("creating fixture %d: %s", fix, kbpf_errname(errno));
	return fd;
}

static bool is_map_ldimm64(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
	       (insn->src_reg == KBPF_PSEUDO_MAP_FD ||
		insn->src_reg == KBPF_PSEUDO_MAP_VALUE);
}

/* Replace fixture numbers by fds, creating each fixture on first use. */
static void patch_fixtures(struct kbpf_insn *insns, unsigned int cnt,
			   int fds[VC_NR_FIXTURES])
{
	unsigned int i;

	for (i = 0; i < cnt; i++) {
		int fix = insns[i].imm;

		if (!is_map_ldimm64(&insns[i]))
			continue;
		if (fix <= 0 || fix >= VC_NR_FIXTURES)
			continue;
		if (fds[fix] < 0)
			fds[fix] = fixture_create(fix);
		insns[i].imm = fds[fix];
		i++;
	}
}

static unsigned int insn_count(const struct vc_case *c)
{
	unsigned int n = VC_MAX_INSNS;
	const struct kbpf_insn *p;

	while (n) {
		p = &c->insns[n - 1];
		if (p->code || p->dst_reg || p->src_reg || p->off || p->imm)
			break;
		n--;
	}
	return n;
}

static __u32 case_type(const struct vc_case *c)
{
	return c->prog_type ? c->prog_type : KBPF_PROG_TYPE_SYSCALL;
}

/* What @c expects on the current target. */
static enum vc_verdict case_verdict(const struct vc_case *c)
{
	if (!kbpf_target_linux() && c->kbpf_diff)
		return c->kbpf_verdict;
	return c->verdict;
}

static int case_errno(const struct vc_case *c)
{
	int err = c->err;

	if (!kbpf_target_linux() && c->kbpf_diff)
		err = c->kbpf_err;
	return err ? err : EACCES;
}

/*
 * A socket filter runs on VC_SKB_PKT_LEN bytes 0, 1, 2, ...: a frame to
 * the all-zero MAC (PACKET_HOST on lo) of ethertype 0x0c0d, so the
 * program sees len VC_SKB_PKT_LEN - 14 from byte 14 on.
 */
static void run_skb_case(struct vc_result *res)
{
	unsigned char pkt[VC_SKB_PKT_LEN];
	struct kbpf_test_run_opts opts = {
		.sz = sizeof(opts),
		.data_in = pkt,
		.data_size_in = sizeof(pkt),
	};
	unsigned int i;

	for (i = 0; i < sizeof(pkt); i++)
		pkt[i] = i;
	memset(pkt, 0, 6);
	if (kbpf_prog_test_run_opts(res->fd, &opts))
		res->run_err = errno;
	res->retval = opts.retval;
}

static void load_case(const struct vc_case *c, struct kbpf_insn *insns,
		      unsigned int cnt, char *log, struct vc_result *res)
{
	struct kbpf_load_opts opts = {
		.prog_flags = c->prog_flags,
		.expected_attach_type = c->expected_attach_type,
		.log_level = c->log_level ? c->log_level : KBPF_LOG_LEVEL1,
		.log_buf = log,
		.log_size = VC_LOG_SIZE,
	};
	__u64 ctx[VC_SYSCALL_CTX / 8];
	__u32 type = case_type(c);
	unsigned int i;

	if (type == KBPF_PROG_TYPE_SYSCALL)
		opts.prog_flags |= KBPF_F_SLEEPABLE;
	log[0] = '\0';
	res->fd = kbpf_prog_load_opts(type, insns, cnt, &opts);
	res->err = res->fd < 0 ? errno : 0;
	/* A log that overflowed hides the verdict: ask again without one. */
	if (res->fd < 0 && res->err == ENOSPC) {
		opts.log_level = 0;
		opts.log_buf = NULL;
		opts.log_size = 0;
		res->fd = kbpf_prog_load_opts(type, insns, cnt, &opts);
		res->err = res->fd < 0 ? errno : 0;
	}
	res->run_err = 0;
	res->retval = 0;
	/*
	 * Only what should load runs: a program Linux refuses may loop
	 * forever or fault when a verifier still in the making lets it in.
	 */
	if (res->fd < 0 || c->no_run || type == KBPF_PROG_TYPE_KPROBE ||
	    case_verdict(c) != VC_ACCEPT)
		return;
	if (type == KBPF_PROG_TYPE_SOCKET_FILTER) {
		run_skb_case(res);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(ctx); i++)
		ctx[i] = 0x100 + i;
	if (kbpf_prog_test_run(res->fd, ctx,
			       type == KBPF_PROG_TYPE_SYSCALL ?
			       VC_SYSCALL_CTX : VC_RAW_TP_CTX, &res->retval))
		res->run_err = errno;
}

static const char *level_name(unsigned int level)
{
	switch (level) {
	case VC_BPF:
		return "@bpf";
	case VC_PERFMON:
		return "@perfmon";
	default:
		return "";
	}
}

/*
 * load_case() at @level: as root in this process, else in a child that
 * keeps only the level's capabilities. @res and @log are shared memory;
 * an fd the child got is closed there (res->fd then only tells accepted
 * from refused: the caller does not close it).
 */
static void load_case_at(const struct vc_case *c, unsigned int level,
			 struct kbpf_insn *insns, unsigned int cnt, char *log,
			 struct vc_result *res, unsigned int timeout)
{
	__u64 caps = KBPF_CAP(CAP_BPF);
	int status;
	pid_t pid;

	if (level == VC_ROOT) {
		load_case(c, insns, cnt, log, res);
		return;
	}
	if (level == VC_PERFMON)
		caps |= KBPF_CAP(CAP_PERFMON);
	res->fd = -1;
	res->err = ECHILD;
	log[0] = '\0';
	pid = fork();
	if (pid < 0)
		FAIL("fork: %s", kbpf_errname(errno));
	if (pid == 0) {
		alarm(timeout);
		kbpf_caps_keep(caps);
		load_case(c, insns, cnt, log, res);
		if (res->fd >= 0)
			close(res->fd);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		FAIL("waitpid: %s", kbpf_errname(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		FAIL("%s%s: the child died (status %#x)", c->name,
		     level_name(level), status);
}

/* The last @n lines of @log, as diagnostics. */
static void diag_tail(const char *log, int n)
{
	const char *p = log + strlen(log), *start;

	while (p > log && p[-1] == '\n')
		p--;
	start = p;
	while (start > log && n > 0) {
		start--;
		if (*start == '\n' && --n == 0)
			start++;
	}
	while (start < p) {
		const char *nl = memchr(start, '\n', p - start);
		int len = nl ? nl - start : p - start;

		printf("    #   %.*s\n", len, start);
		start += len + 1;
	}
}

/* The last @n lines of @log on one line, " | " apart (for dumps). */
static void dump_tail(const char *log, int n)
{
	const char *end = log + strlen(log), *p;

	while (end > log && end[-1] == '\n')
		end--;
	p = end;
	while (p > log && n > 0) {
		p--;
		if (*p == '\n' && --n == 0)
			p++;
	}
	for (; p < end; p++)
		putchar(*p == '\n' ? '|' : *p);
}

static bool selected(const char *name, const char *patterns)
{
	char pat[128];
	const char *p = patterns;
	size_t len;

	if (!patterns || !*patterns)
		return true;
	while (*p) {
		len = strcspn(p, ",");
		if (len < sizeof(pat)) {
			memcpy(pat, p, len);
			pat[len] = '\0';
			if (!fnmatch(pat, name, 0))
				return true;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

/*
 * Compare @res with what @c expects on this target; prints why it does
 * not match. True on a match.
 */
static bool check_case(const struct vc_case *c, const char *name,
		       const struct vc_result *res, const char *log)
{
	bool kbpf = !kbpf_target_linux();
	enum vc_verdict verdict = case_verdict(c);
	int err = case_errno(c);
	bool check_log = !(kbpf && (c->kbpf_diff || c->kbpf_log_differs));

	if (verdict == VC_ACCEPT && res->fd < 0) {
		printf("    # %s: want accept, got reject (%s)\n", name,
		       kbpf_errname(res->err));
		return false;
	}
	if (verdict == VC_REJECT && res->fd >= 0) {
		const char *want = check_log ? c->log : NULL;

		printf("    # %s: want reject (%s%s%s%s), got accept\n",
		       name, kbpf_errname(err), want ? " \"" : "",
		       want ? want : "", want ? "\"" : "");
		return false;
	}
	if (verdict == VC_REJECT && res->err != err) {
		printf("    # %s: want errno %s, got %s\n", name,
		       kbpf_errname(err), kbpf_errname(res->err));
		return false;
	}
	if (verdict == VC_REJECT && check_log && c->log &&
	    !strstr(log, c->log)) {
		printf("    # %s: the log lacks \"%s\"\n", name, c->log);
		return false;
	}
	if (verdict == VC_ACCEPT && res->run_err) {
		printf("    # %s: PROG_TEST_RUN: %s\n", name,
		       kbpf_errname(res->run_err));
		return false;
	}
	if (verdict == VC_ACCEPT && res->retval != c->retval) {
		printf("    # %s: want retval %u (%#x), got %u (%#x)\n",
		       name, c->retval, c->retval, res->retval,
		       res->retval);
		return false;
	}
	return true;
}

static void dump_case(const char *name, const struct vc_result *res,
		      const char *log)
{
	printf("    # DUMP %s: %s %s retval %u run %s | ", name,
	       res->fd >= 0 ? "accept" : "reject",
	       res->fd >= 0 ? "-" : kbpf_errname(res->err), res->retval,
	       res->run_err ? kbpf_errname(res->run_err) : "ok");
	dump_tail(log, 3);
	printf("\n");
}

static unsigned int case_levels(const struct vc_case *c)
{
	return c->levels ? c->levels : VC_ROOT;
}

/* Load, run and check @c at @level; prints its TAP line. */
static bool run_case(const struct vc_case *c, unsigned int level,
		     unsigned int num, struct kbpf_insn *insns, char *log,
		     struct vc_result *res, unsigned int timeout)
{
	bool dump = getenv("KBPF_VERIFIER_DUMP");
	int fds[VC_NR_FIXTURES], k;
	char name[128];
	unsigned int cnt;
	bool ok;

	snprintf(name, sizeof(name), "%s%s", c->name, level_name(level));
	if (c->slow || c->big)
		timeout *= 10;
	alarm(timeout);
	for (k = 0; k < VC_NR_FIXTURES; k++)
		fds[k] = -1;
	if (c->gen) {
		cnt = c->gen(insns);
	} else {
		cnt = insn_count(c);
		memcpy(insns, c->insns, cnt * sizeof(*insns));
	}
	patch_fixtures(insns, cnt, fds);
	load_case_at(c, level, insns, cnt, log, res, timeout);
	if (dump)
		dump_case(name, res, log);
	ok = check_case(c, name, res, log);
	if (res->fd >= 0 && level == VC_ROOT)
		close(res->fd);
	for (k = 0; k < VC_NR_FIXTURES; k++)
		if (fds[k] >= 0)
			close(fds[k]);
	if (ok) {
		printf("    ok %u %s\n", num, name);
		return true;
	}
	printf("    # %s: verifier log tail:\n", name);
	diag_tail(log, VC_LOG_TAIL);
	printf("    not ok %u %s\n", num, name);
	return false;
}

static void run_table(const struct vc_table *t)
{
	const char *patterns = getenv("KBPF_VERIFIER_CASES");
	const char *env = getenv("KBPF_TEST_TIMEOUT");
	bool skip_slow = getenv("KBPF_VERIFIER_SKIP_SLOW");
	unsigned int timeout = env && atoi(env) > 0 ? atoi(env) : 30;
	unsigned int i, level, planned = 0, num = 0, failed = 0;
	struct vc_result *res;
	struct kbpf_insn *insns;
	char *log;

	/* Shared with the children that load at reduced privileges. */
	log = mmap(NULL, VC_LOG_SIZE + sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	insns = calloc(VC_GEN_MAX, sizeof(*insns));
	if (log == MAP_FAILED || !insns)
		FAIL("out of memory");
	res = (struct vc_result *)(log + VC_LOG_SIZE);
	for (i = 0; i < t->cnt; i++)
		if (selected(t->cases[i].name, patterns))
			planned += __builtin_popcount(case_levels(&t->cases[i]));
	printf("    1..%u\n", planned);

	for (i = 0; i < t->cnt; i++) {
		const struct vc_case *c = &t->cases[i];

		if (!selected(c->name, patterns))
			continue;
		for (level = VC_ROOT; level <= VC_PERFMON; level <<= 1) {
			if (!(case_levels(c) & level))
				continue;
			num++;
			if (c->slow && skip_slow) {
				printf("    ok %u %s%s # SKIP %s\n", num, c->name,
				       level_name(level),
				       "a 1M-insn walk (KBPF_VERIFIER_SKIP_SLOW)");
				continue;
			}
			if (!run_case(c, level, num, insns, log, res, timeout))
				failed++;
		}
	}
	alarm(timeout);
	free(insns);
	munmap(log, VC_LOG_SIZE + sizeof(*res));
	if (failed)
		FAIL("%s: %u of %u cases failed", t->name, failed, planned);
}

TEST(verifier_alu)
{
	run_table(&vc_alu_table);
}

TEST(verifier_jmp)
{
	run_table(&vc_jmp_table);
}

TEST(verifier_stack)
{
	run_table(&vc_stack_table);
}

TEST(verifier_map)
{
	run_table(&vc_map_table);
}

TEST(verifier_ctx)
{
	run_table(&vc_ctx_table);
}

TEST(verifier_call)
{
	run_table(&vc_call_table);
}

TEST(verifier_ref)
{
	run_table(&vc_ref_table);
}

TEST(verifier_loop)
{
	run_table(&vc_loop_table);
}

TEST(verifier_callback)
{
	run_table(&vc_callback_table);
}

TEST(verifier_dynptr)
{
	run_table(&vc_dynptr_table);
}

TEST(verifier_prune)
{
	run_table(&vc_prune_table);
}

TEST(verifier_holes)
{
	run_table(&vc_holes_table);
}

TEST(verifier_spectre)
{
	run_table(&vc_spectre_table);
}

TEST(verifier_review)
{
	run_table(&vc_review_table);
}

TEST(verifier_rules)
{
	run_table(&vc_rules_table);
}

TEST(verifier_state)
{
	run_table(&vc_state_table);
}

TEST(verifier_jit_attack)
{
	run_table(&vc_jit_attack_table);
}

TEST(verifier_fastpath)
{
	run_table(&vc_fastpath_table);
}

TEST(verifier_skb)
{
	/* No networking (the debug kernel): no socket filters anywhere. */
	if (access("/sys/class/net/lo", F_OK))
		kbpf_skip("kernel without networking: no socket filters");
	run_table(&vc_skb_table);
}

TEST(verifier_skb_attack)
{
	if (access("/sys/class/net/lo", F_OK))
		kbpf_skip("kernel without networking: no socket filters");
	run_table(&vc_skb_attack_table);
}

TEST(verifier_review_skb)
{
	if (access("/sys/class/net/lo", F_OK))
		kbpf_skip("kernel without networking: no socket filters");
	run_table(&vc_review_skb_table);
}
