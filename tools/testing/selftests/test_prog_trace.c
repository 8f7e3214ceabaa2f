// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_trace_printk(): the formatted message reaches the trace pipe user
 * space reads (kbpf's in debugfs, Linux's in tracefs) and the helper
 * returns the formatted length.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "kbpf_prog.h"

static const char *trace_pipe_path(void)
{
	return kbpf_target_linux() ? "/sys/kernel/tracing/trace_pipe" :
				     "/sys/kernel/debug/kbpf/trace_pipe";
}

/* Read what the pipe holds now, without waiting for more. */
static void read_pipe(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < size) {
		n = read(fd, buf + len, size - 1 - len);
		if (n <= 0)
			break;
		len += n;
	}
	buf[len] = 0;
}

TEST(prog_trace_printk)
{
	/* "kbpf%d\n" on the stack, then trace_printk(fmt, 8, 4242) */
	static const struct kbpf_insn insns[] = {
		KBPF_LD_IMM64(R1, 0x000a64256670626bULL),
		KBPF_STX_MEM(KBPF_DW, R10, R1, -8),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
		KBPF_MOV64_IMM(R2, 8),
		KBPF_MOV64_IMM(R3, 4242),
		KBPF_CALL_HELPER(KBPF_FUNC_trace_printk),
		KBPF_EXIT_INSN(),
	};
	static char buf[65536];
	int prog = LOAD_RAW_TP(insns), tries;
	size_t len = 0;
	int pipe = open(trace_pipe_path(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	ASSERT_TRUE(pipe >= 0);
	read_pipe(pipe, buf, sizeof(buf));	/* older lines, if any */
	buf[0] = 0;
	/* The formatted length: "kbpf4242\n". */
	ASSERT_EQ(RUN_PROG(prog, NULL, 0), 9);
	/* Linux's trace buffer may publish the line a little later. */
	for (tries = 0; tries < 200; tries++) {
		read_pipe(pipe, buf + len, sizeof(buf) - len);
		len += strlen(buf + len);
		if (strstr(buf, "kbpf4242\n"))
			break;
		usleep(10000);
	}
	ASSERT_TRUE(strstr(buf, "kbpf4242\n"));
	/* Consumed: a second read finds nothing new. */
	read_pipe(pipe, buf, sizeof(buf));
	ASSERT_FALSE(strstr(buf, "kbpf4242"));
	close(pipe);
}

TEST(prog_trace_printk_bad_format)
{
	/* "%z\0": not a conversion bpf_trace_printk knows */
	static const struct kbpf_insn insns[] = {
		KBPF_ST_MEM(KBPF_W, R10, -8, 0x007a25),
		KBPF_MOV64_REG(R1, R10),
		KBPF_ALU64_IMM(KBPF_ADD, R1, -8),
		KBPF_MOV64_IMM(R2, 4),
		KBPF_CALL_HELPER(KBPF_FUNC_trace_printk),
		KBPF_EXIT_INSN(),
	};

	ASSERT_EQ((int)RUN_PROG(LOAD_RAW_TP(insns), NULL, 0), -EINVAL);
}
