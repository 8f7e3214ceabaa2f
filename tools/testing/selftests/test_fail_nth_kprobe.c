// SPDX-License-Identifier: GPL-2.0
/*
 * Fault-injection sweep (fail_nth.h) of kprobe_multi links whose
 * addresses share a function entry: by address, a function's start, a
 * byte of its fentry call and a second function, with cookies, entry
 * and return; by name, two functions. Every injected failure must leave
 * no probe registered (none listed, none runs), and every link made
 * must run its program once per call.
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fail_nth.h"
#include "kprobe_prog.h"

#define FUNC_A	"__x64_sys_getuid"
#define FUNC_B	"__x64_sys_getgid"

static int counter_map;
static __u64 shared_addrs[3];
static const __u64 shared_cookies[] = { 1, 2, 3 };
static const char *shared_syms[] = { FUNC_B, FUNC_A };

static __u64 read_counter(void)
{
	__u32 key = 0;
	__u64 val;

	ASSERT_OK(kbpf_map_lookup(counter_map, &key, &val, 0));
	return val;
}

/* A link on both functions runs once per call; no link, never. */
static void verify_runs(long ret, const union kbpf_attr *attr
			__attribute__((unused)),
			bool injected __attribute__((unused)))
{
	__u64 before = read_counter();

	syscall(SYS_getuid);
	syscall(SYS_getgid);
	if (read_counter() - before != (ret >= 0 ? 2 : 0))
		FAIL("%s link: %llu runs for 2 calls", ret >= 0 ? "a" : "no",
		     (unsigned long long)(read_counter() - before));
}

static void check_no_probe(void)
{
	if (kprobe_listed(FUNC_A, "") || kprobe_listed(FUNC_B, ""))
		FAIL("a probe is left after a failed LINK_CREATE");
}

static void shared_attr(union kbpf_attr *attr, int prog, bool by_sym,
			__u32 flags)
{
	memset(attr, 0, sizeof(*attr));
	attr->link_create.prog_fd = prog;
	attr->link_create.attach_type = KBPF_TRACE_KPROBE_MULTI;
	attr->link_create.kprobe_multi.flags = flags;
	attr->link_create.kprobe_multi.cookies =
		(__u64)(unsigned long)shared_cookies;
	if (by_sym) {
		attr->link_create.kprobe_multi.cnt = ARRAY_SIZE(shared_syms);
		attr->link_create.kprobe_multi.syms =
			(__u64)(unsigned long)shared_syms;
		return;
	}
	attr->link_create.kprobe_multi.cnt = ARRAY_SIZE(shared_addrs);
	attr->link_create.kprobe_multi.addrs =
		(__u64)(unsigned long)shared_addrs;
}

TEST_KBPF_ONLY(fail_nth_link_kprobe_shared)
{
	struct fnth_op c = {
		.cmd = KBPF_LINK_CREATE, .verify = verify_runs,
		.undo = fnth_undo_close, .check = check_no_probe,
	};
	__u64 a;
	int prog;

	fnth_setup();
	a = kprobe_ksym(FUNC_A);
	shared_addrs[0] = a + kprobe_endbr_size() + 1;
	shared_addrs[1] = kprobe_ksym(FUNC_B);
	shared_addrs[2] = a;
	counter_map = ASSERT_OK(kbpf_array_create(sizeof(__u64), 1));
	prog = kprobe_load_counter(counter_map);

	c.what = "LINK_CREATE kprobe_multi shared entries";
	shared_attr(&c.attr, prog, false, 0);
	fnth_sweep(&c);
	c.what = "LINK_CREATE kprobe_multi shared entries, return";
	shared_attr(&c.attr, prog, false, KBPF_F_KPROBE_MULTI_RETURN);
	fnth_sweep(&c);
	c.what = "LINK_CREATE kprobe_multi by name, cookies";
	shared_attr(&c.attr, prog, true, 0);
	fnth_sweep(&c);
	check_no_probe();
	close(prog);
	close(counter_map);
}
