// SPDX-License-Identifier: GPL-2.0
/*
 * Fault-injection sweep (fail_nth.h) of the perf-event attach path of
 * TRACEPOINT programs: KBPF_IOC_PERF_EVENT_OPEN of a tracepoint event,
 * PERF_EVENT_IOC_SET_BPF, LINK_CREATE of a perf_event link, pins of
 * that link, and a run the tracepoint starts in the sweeping task
 * (signal/signal_generate, fired by kill(2) of an ignored signal) that
 * inserts into a NO_PREALLOC hash. kbpf only: the event is kbpf's own.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include "fail_nth.h"
#include "kprobe_prog.h"

#define FNTH_KEY	7
#define FNTH_VALUE	42

static struct perf_event_attr tp_attr = {
	.type = PERF_TYPE_TRACEPOINT,
	.size = sizeof(tp_attr),
};
static int pfd = -1, prog = -1, hash = -1;

static const struct kbpf_insn ret0[] = { KBPF_RET_IMM(0) };

static int tp_open(void)
{
	return kbpf_perf_event_open(&tp_attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
}

/* signal_generate's ID and a TRACEPOINT program; SKIPs without them. */
static void tp_setup(const struct kbpf_insn *insns, __u32 cnt)
{
	int id = kbpf_tracepoint_id("signal", "signal_generate");

	if (id < 0)
		SKIP("no tracefs ID for signal/signal_generate");
	tp_attr.config = id;
	prog = ASSERT_OK(kbpf_prog_load_flags(KBPF_PROG_TYPE_TRACEPOINT,
					      insns, cnt, 0));
}

static void pfd_close(void)
{
	if (pfd >= 0)
		close(pfd);
	pfd = -1;
}

static long run_open(union kbpf_attr *attr __attribute__((unused)))
{
	return tp_open();
}

/* A fresh event: a program is once on a tracepoint, so the last goes. */
static void prepare_event(union kbpf_attr *attr)
{
	pfd_close();
	pfd = ASSERT_OK(tp_open());
	attr->link_create.target_fd = pfd;
}

static long run_set_bpf(union kbpf_attr *attr __attribute__((unused)))
{
	return ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog);
}

static void undo_event(long ret __attribute__((unused)))
{
	pfd_close();
}

static void undo_link(long ret)
{
	close(ret);
	pfd_close();
}

/* The event is whole after a failed attach: a program attaches to it. */
static void verify_attach(long ret, const union kbpf_attr *attr
			  __attribute__((unused)), bool injected)
{
	if (ret >= 0 || !injected)
		return;
	ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog));
	pfd_close();
}

TEST_KBPF_ONLY(fail_nth_perf_event)
{
	struct fnth_op c = { .what = "PERF_EVENT_OPEN signal_generate",
			     .run = run_open, .undo = fnth_undo_close };
	int link;

	fnth_setup();
	tp_setup(ret0, ARRAY_SIZE(ret0));
	fnth_sweep(&c);

	memset(&c, 0, sizeof(c));
	c.what = "PERF_EVENT_IOC_SET_BPF tracepoint";
	c.prepare = prepare_event;
	c.run = run_set_bpf;
	c.verify = verify_attach;
	c.undo = undo_event;
	fnth_sweep(&c);

	memset(&c, 0, sizeof(c));
	c.what = "LINK_CREATE perf_event";
	c.cmd = KBPF_LINK_CREATE;
	c.attr.link_create.prog_fd = prog;
	c.attr.link_create.attach_type = KBPF_PERF_EVENT;
	c.attr.link_create.perf_event.bpf_cookie = 1;
	c.prepare = prepare_event;
	c.verify = verify_attach;
	c.undo = undo_link;
	fnth_sweep(&c);

	pfd = ASSERT_OK(tp_open());
	link = ASSERT_OK(kbpf_link_create(prog, pfd, KBPF_PERF_EVENT, NULL));
	fnth_sweep_pin("perf_event link", link);
	close(link);
	pfd_close();
	close(prog);
}

/*
 * The element the program inserts: present with its value, or absent,
 * never half-made. Removed; returns whether it was there.
 */
static bool take_elem(void)
{
	__u32 key = FNTH_KEY;
	__u64 value = 0;

	if (kbpf_map_lookup(hash, &key, &value, 0)) {
		ASSERT_EQ(errno, ENOENT);
		return false;
	}
	ASSERT_EQ(value, FNTH_VALUE);
	ASSERT_OK(kbpf_map_delete(hash, &key));
	return true;
}

static long run_signal(union kbpf_attr *attr __attribute__((unused)))
{
	return kill(getpid(), SIGUSR1);
}

static void verify_signal(long ret __attribute__((unused)),
			  const union kbpf_attr *attr __attribute__((unused)),
			  bool injected)
{
	if (!take_elem() && !injected)
		FAIL("the tracepoint's run inserted nothing");
}

/* A run in the task the tracepoint fires in, as a uprobe's. */
TEST_KBPF_ONLY(fail_nth_tp_run)
{
	struct fnth_op c = {
		.what = "tracepoint run inserting into a hash",
		.run = run_signal, .verify = verify_signal,
	};

	fnth_setup();
	signal(SIGUSR1, SIG_IGN);
	hash = ASSERT_OK(kbpf_map_new(KBPF_MAP_TYPE_HASH, 4, 8, 4,
				      KBPF_F_NO_PREALLOC));
	{
		const struct kbpf_insn insns[] = {
			KBPF_ST_MEM(KBPF_W, 10, -4, FNTH_KEY),
			KBPF_ST_MEM(KBPF_DW, 10, -16, FNTH_VALUE),
			KPROBE_UPDATE_FROM_STACK(hash, 0),
			KBPF_RET_IMM(0),
		};

		tp_setup(insns, ARRAY_SIZE(insns));
	}
	pfd = ASSERT_OK(tp_open());
	ASSERT_OK(ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog));
	fnth_sweep(&c);
	pfd_close();
	close(prog);
	close(hash);
}
