// SPDX-License-Identifier: GPL-2.0
/* What the JIT's harnesses share: jitfuzz_common.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/lib/kbpf/asm_regs.h"
#include "jitfuzz_common.h"

int jf_set_param(const char *name, int v)
{
	char path[128], c = '0' + v, old = '0';
	int fd;

	snprintf(path, sizeof(path), "/sys/module/kbpf/parameters/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, &old, 1) != 1) {
		perror(name);
		exit(2);
	}
	close(fd);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, &c, 1) != 1) {
		perror(name);
		exit(2);
	}
	close(fd);
	return old - '0';
}

void jf_set_jit(int v)
{
	jf_set_param("jit_enable", v);
}

int jf_load(struct kbpf_asm *a, __u32 type, const char *name,
	    const char *what, int quiet)
{
	static char log[1 << 16];
	struct kbpf_prog_load_opts o = { .sz = sizeof(o), .log_buf = log,
		.log_size = sizeof(log), .log_level = 1 };
	int fd;

	if (kbpf_asm_done(a)) {
		printf("ASM %s error %d\n", what, a->err);
		exit(2);
	}
	log[0] = 0;
	fd = kbpf_prog_load(type, name, NULL, a->insn, a->n, &o);
	if (fd < 0 && !quiet) {
		size_t l = strlen(log);

		printf("LOADFAIL %s errno=%d log tail: %s\n", what, errno,
		       l > 300 ? log + l - 300 : log);
	}
	return fd;
}

int jf_map_create(__u32 type, const char *name, __u32 value_size,
		  __u32 max_entries)
{
	int fd = kbpf_map_create(type, name, 4, value_size, max_entries, NULL);

	if (fd < 0) {
		perror("map_create");
		exit(2);
	}
	return fd;
}

void jf_slot(int arr, __u32 k, int prog, int *fails)
{
	if (kbpf_map_update_elem(arr, &k, &prog, 0)) {
		printf("slot %u update: errno %d\n", k, errno);
		(*fails)++;
	}
}

void jf_tail_call(struct kbpf_asm *a, int arr)
{
	KBPF_ASM(a, KBPF_MOV64_REG(R1, R6));
	kbpf_asm_ld_map(a, R2, arr);
	KBPF_ASM(a, KBPF_CALL_HELPER(KBPF_FUNC_tail_call));
}

static int jf_prog_info(int fd, struct kbpf_prog_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	return kbpf_prog_get_info_by_fd(fd, info, &len);
}

__u32 jf_jited_len(int prog_fd)
{
	struct kbpf_prog_info info;

	return jf_prog_info(prog_fd, &info) ? 0 : info.jited_prog_len;
}

__u32 jf_xlated_len(int prog_fd)
{
	struct kbpf_prog_info info;

	return jf_prog_info(prog_fd, &info) ? 0 : info.xlated_prog_len;
}

__u32 jf_prog_id(int prog_fd)
{
	struct kbpf_prog_info info;

	return jf_prog_info(prog_fd, &info) ? 0 : info.id;
}

__u32 jf_map_id(int map_fd)
{
	struct kbpf_map_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return kbpf_map_get_info_by_fd(map_fd, &info, &len) ? 0 : info.id;
}
