// SPDX-License-Identifier: GPL-2.0
/* signal_generate events for the tracepoint tests: tp_event.h. */
#include <signal.h>

#include "tp_event.h"

int tp_bad;

int tp_id(const char *sys, const char *name)
{
	int id = kbpf_tracepoint_id(sys, name);

	if (id < 0)
		SKIP("no tracefs ID for %s/%s", sys, name);
	return id;
}

struct perf_event_attr tp_attr(void)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
	};

	attr.config = tp_id("signal", "signal_generate");
	return attr;
}

int tp_ret0_prog(void)
{
	const struct kbpf_insn ret0[] = {
		KBPF_MOV64_IMM(R0, 0),
		KBPF_EXIT_INSN(),
	};

	return LOAD_PROG(KBPF_PROG_TYPE_TRACEPOINT, ret0, 0);
}

void tp_signal_self(int n)
{
	signal(SIGUSR1, SIG_IGN);
	while (n--)
		kill(getpid(), SIGUSR1);
}

int tp_fork_firer(int go, int n)
{
	int pid = ASSERT_OK(fork());
	char c;

	if (!pid) {
		if (read(go, &c, 1) != 1)
			_exit(1);
		tp_signal_self(n);
		_exit(0);
	}
	return pid;
}
