// SPDX-License-Identifier: GPL-2.0
/* A tracepoint counter on signal/signal_generate: counts the signals this
 * process sends itself, reading the event's record (the layout of
 * events/signal/signal_generate/format in tracefs).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct signal_generate {
	__u64 common;		/* the common header: not readable */
	int sig;
	int error;
	int code;
	char comm[16];
	int pid;
	int group;
	int result;
};

__u32 pid;
__u64 hits;
__u64 last_sig;
__u64 last_result;

SEC("tp/signal/signal_generate")
int count(struct signal_generate *ctx)
{
	if (bpf_get_current_pid_tgid() >> 32 != pid || ctx->pid != pid)
		return 0;
	last_sig = ctx->sig;
	last_result = ctx->result;
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
