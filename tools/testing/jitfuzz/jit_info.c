// SPDX-License-Identifier: GPL-2.0
/*
 * OBJ_GET_INFO_BY_FD's JIT fields with hostile buffers: a 1-byte
 * jited_prog_insns, a huge jited_prog_len with a small real buffer
 * (must copy only the image), a NULL buffer (EFAULT, as Linux), then
 * without CAP_SYSLOG (lengths kept, bytes and addresses withheld).
 * Helper G's attack harness.
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tools/lib/kbpf/kbpf.h"
#include "tools/lib/kbpf/asm.h"

static int info(int fd, struct kbpf_prog_info *i)
{
	__u32 len = sizeof(*i);

	return kbpf_prog_get_info_by_fd(fd, i, &len) ? -errno : 0;
}

int main(void)
{
	struct kbpf_insn insns[] = {
		KBPF_MOV64_IMM(0, 1),
		KBPF_ALU64_IMM(KBPF_ADD, 0, 2),
		KBPF_EXIT_INSN(),
	};
	static unsigned char big[1 << 16];
	struct kbpf_prog_info i;
	__u64 ksym = 0x1111;
	__u32 flen = 0x2222, full;
	int fd, err, bad = 0, k;

	fd = kbpf_prog_load(KBPF_PROG_TYPE_SOCKET_FILTER, "info", NULL, insns, 3, NULL);
	if (fd < 0)
		return printf("load: %s\n", strerror(errno)), 1;
	memset(&i, 0, sizeof(i));
	err = info(fd, &i);
	full = i.jited_prog_len;
	printf("plain: err %d jited_prog_len %u nr_ksyms %u nr_lens %u\n", err,
	       full, i.nr_jited_ksyms, i.nr_jited_func_lens);
	if (!full)
		return printf("not JITed\n"), 1;

	memset(big, 0xa5, sizeof(big));
	memset(&i, 0, sizeof(i));
	i.jited_prog_len = 1;
	i.jited_prog_insns = (__u64)(unsigned long)big;
	err = info(fd, &i);
	printf("1-byte buffer: err %d len %u byte0 %#x byte1 %#x\n", err,
	       i.jited_prog_len, big[0], big[1]);
	bad += err || big[1] != 0xa5 || big[0] != 0xf3;

	memset(big, 0xa5, sizeof(big));
	memset(&i, 0, sizeof(i));
	i.jited_prog_len = 0xffffffff;
	i.jited_prog_insns = (__u64)(unsigned long)big;
	err = info(fd, &i);
	for (k = sizeof(big) - 1; k >= 0 && big[k] == 0xa5; k--)
		;
	printf("huge len: err %d len %u last written byte %d\n", err,
	       i.jited_prog_len, k);
	bad += err || k >= (int)full;

	memset(&i, 0, sizeof(i));
	i.jited_prog_len = 16;
	i.jited_prog_insns = 0;
	err = info(fd, &i);
	printf("NULL insns: err %d (want -EFAULT %d)\n", err, -EFAULT);
	bad += err != -EFAULT;

	memset(&i, 0, sizeof(i));
	i.nr_jited_ksyms = 1;
	i.jited_ksyms = 8;	/* bad user pointer */
	err = info(fd, &i);
	printf("bad ksyms ptr: err %d\n", err);
	bad += err != -EFAULT;

	/* drop CAP_SYSLOG (and keep CAP_BPF etc.) */
	{
		struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
		struct __user_cap_data_struct d[2];

		syscall(SYS_capget, &h, d);
		d[CAP_SYSLOG / 32].effective &= ~(1u << (CAP_SYSLOG % 32));
		d[CAP_SYSLOG / 32].permitted &= ~(1u << (CAP_SYSLOG % 32));
		if (syscall(SYS_capset, &h, d))
			perror("capset");
	}
	memset(big, 0xa5, sizeof(big));
	memset(&i, 0, sizeof(i));
	i.jited_prog_len = sizeof(big);
	i.jited_prog_insns = (__u64)(unsigned long)big;
	i.nr_jited_ksyms = 1;
	i.jited_ksyms = (__u64)(unsigned long)&ksym;
	i.nr_jited_func_lens = 1;
	i.jited_func_lens = (__u64)(unsigned long)&flen;
	err = info(fd, &i);
	printf("no CAP_SYSLOG: err %d len %u insns ptr %#llx byte0 %#x ksyms ptr %#llx ksym %#llx lens ptr %#llx flen %#x\n",
	       err, i.jited_prog_len, (unsigned long long)i.jited_prog_insns,
	       big[0], (unsigned long long)i.jited_ksyms,
	       (unsigned long long)ksym, (unsigned long long)i.jited_func_lens,
	       flen);
	bad += err || big[0] != 0xa5 || ksym != 0x1111 || i.jited_ksyms ||
	       i.jited_prog_insns || i.jited_prog_len != full;
	printf("jit_info: %s\n", bad ? "FAIL" : "ok");
	return !!bad;
}
