// SPDX-License-Identifier: GPL-2.0
/*
 * Attached programs: the cost per event of a program on a probe, as
 * Linux's trigger benchmarks measure it. One op is one getpgid(2); the
 * program counts into an array map, as libbpf's trig-* programs do.
 *
 *   attach_base          getpgid(2) with no program on it (all sides
 *                        alike: the rate the others are compared to)
 *   attach_raw_tp        a RAW_TRACEPOINT program on sys_enter
 *   attach_kprobe_multi  a KPROBE program in a kprobe_multi link on the
 *                        syscall's entry function
 *   attach_tp            a TRACEPOINT program on syscalls/sys_enter_getpgid,
 *                        in a perf_event link on the tracepoint's perf
 *                        event (kbpf: its own, KBPF_IOC_PERF_EVENT_OPEN)
 *
 * Only the side being measured has its program attached: it attaches
 * when its turn starts and detaches when it ends (bench.h: enter/leave),
 * untimed. The per-event overhead of a side is 1/rate - 1/rate(base).
 */
#include <linux/perf_event.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"

#define TRIGGERS	200
#define PROBED_FUNC	"__x64_sys_getpgid"

enum attach_kind { A_BASE, A_RAW_TP, A_KPROBE_MULTI, A_TP };

struct attach_arg {
	enum attach_kind kind;
};

struct attach_state {
	const struct attach_arg *arg;
	enum side side;
	int prog_fd, map_fd, link_fd, perf_fd;
};

static struct kbpf_asm prog;

/* lookup(map, &(u32)0) and an atomic += 1 on the value; return 0 */
static void build_count(struct kbpf_asm *a, int map_fd)
{
	enum { L_OUT };

	I(a, KBPF_ST_MEM(KBPF_W, R10, -4, 0));
	kbpf_asm_ld_map(a, R1, map_fd);
	I(a, KBPF_MOV64_REG(R2, R10));
	I(a, KBPF_ALU64_IMM(KBPF_ADD, R2, -4));
	I(a, KBPF_CALL_HELPER(KBPF_FUNC_map_lookup_elem));
	kbpf_asm_jmp_imm(a, KBPF_JEQ, R0, 0, L_OUT);
	I(a, KBPF_MOV64_IMM(R1, 1));
	I(a, KBPF_ATOMIC_OP(KBPF_DW, KBPF_ADD, R0, R1, 0));
	kbpf_asm_label(a, L_OUT);
	I(a, KBPF_MOV64_IMM(R0, 0));
	I(a, KBPF_EXIT_INSN());
}

static void *attach_setup(const struct bench *b, enum side s)
{
	const struct attach_arg *arg = b->arg;
	struct attach_state *st = xcalloc(1, sizeof(*st));

	st->arg = arg;
	st->side = s;
	st->prog_fd = st->map_fd = st->link_fd = st->perf_fd = -1;
	if (arg->kind == A_BASE)
		return st;
	st->map_fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1);
	if (st->map_fd < 0)
		die("%s: array map: %s", side_name[s], strerror(errno));
	kbpf_asm_init(&prog);
	build_count(&prog, st->map_fd);
	asm_done(&prog);
	if (arg->kind == A_RAW_TP)
		st->prog_fd = prog_load_type(b->name,
					     KBPF_PROG_TYPE_RAW_TRACEPOINT, 0,
					     &prog);
	else if (arg->kind == A_KPROBE_MULTI)
		st->prog_fd = prog_load_type(b->name, KBPF_PROG_TYPE_KPROBE,
					     KBPF_TRACE_KPROBE_MULTI, &prog);
	else
		st->prog_fd = prog_load_type(b->name,
					     KBPF_PROG_TYPE_TRACEPOINT, 0,
					     &prog);
	return st;
}

/* As libbpf attaches a tracepoint program: a counting event, a link. */
static int tp_attach(struct attach_state *st)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
	};
	int id = kbpf_tracepoint_id("syscalls", "sys_enter_getpgid");

	if (id < 0)
		die("no tracepoint syscalls/sys_enter_getpgid: %s",
		    strerror(-id));
	attr.config = id;
	st->perf_fd = kbpf_perf_event_open(&attr, -1, 0, -1,
					   PERF_FLAG_FD_CLOEXEC);
	if (st->perf_fd < 0)
		die("%s: perf_event_open: %s", side_name[st->side],
		    strerror(errno));
	return kbpf_link_create(st->prog_fd, st->perf_fd, KBPF_PERF_EVENT,
				NULL);
}

static void attach_enter(void *p)
{
	struct attach_state *st = p;
	const char *syms[] = { PROBED_FUNC };
	KBPF_OPTS(kbpf_link_create_opts, opts,
		  .kprobe_multi.syms = syms, .kprobe_multi.cnt = 1);

	if (st->arg->kind == A_BASE)
		return;
	side_target();
	if (st->arg->kind == A_RAW_TP)
		st->link_fd = kbpf_raw_tracepoint_open("sys_enter",
						       st->prog_fd);
	else if (st->arg->kind == A_KPROBE_MULTI)
		st->link_fd = kbpf_link_create(st->prog_fd, 0,
					       KBPF_TRACE_KPROBE_MULTI, &opts);
	else
		st->link_fd = tp_attach(st);
	if (st->link_fd < 0)
		die("%s: attach: %s", side_name[st->side], strerror(errno));
}

static void attach_leave(void *p)
{
	struct attach_state *st = p;

	if (st->link_fd >= 0)
		close(st->link_fd);
	if (st->perf_fd >= 0)
		close(st->perf_fd);
	st->link_fd = st->perf_fd = -1;
}

static __u64 attach_pass(void *p)
{
	unsigned int i;

	(void)p;
	for (i = 0; i < TRIGGERS; i++)
		syscall(SYS_getpgid, 0);
	return TRIGGERS;
}

/* The program ran: its count is not 0 (no check across sides). */
static void attach_teardown(void *p)
{
	struct attach_state *st = p;
	__u64 count = 0;
	__u32 key = 0;

	attach_leave(st);
	if (st->map_fd >= 0) {
		if (map_lookup(st->map_fd, &key, &count) || !count)
			die("%s: the attached program never counted",
			    side_name[st->side]);
		close(st->map_fd);
	}
	if (st->prog_fd >= 0)
		close(st->prog_fd);
	free(st);
}

static const struct attach_arg
	arg_base = { A_BASE },
	arg_raw_tp = { A_RAW_TP },
	arg_kprobe_multi = { A_KPROBE_MULTI },
	arg_tp = { A_TP };

#define ATTACH_BENCH(n, a) {					\
	.name = n, .unit = "event", .sides = SIDES_PROG,	\
	.slices = 10,						\
	.arg = &(a), .setup = attach_setup,			\
	.pass = attach_pass, .teardown = attach_teardown,	\
	.enter = attach_enter, .leave = attach_leave,		\
}

const struct bench attach_benches[] = {
	ATTACH_BENCH("attach_base", arg_base),
	ATTACH_BENCH("attach_raw_tp", arg_raw_tp),
	ATTACH_BENCH("attach_kprobe_multi", arg_kprobe_multi),
	ATTACH_BENCH("attach_tp", arg_tp),
};
const unsigned int nr_attach_benches = ARRAY_SIZE(attach_benches);
