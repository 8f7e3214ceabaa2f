// SPDX-License-Identifier: GPL-2.0
/*
 * kprobe_multi's arrays must be in user space: a syms array in the
 * kernel is -EFAULT on Linux (access_ok() before the names are read
 * with __get_user(), which does not check the range), never a read of
 * kernel memory taken for the names' pointers.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "kprobe_prog.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

/*
 * The kernel's mmap_min_addr holds a user address, which the test maps
 * with a function's name in it: a syms array at &mmap_min_addr names a
 * real function if the kernel reads it, and must be -EFAULT.
 */
TEST(link_kprobe_multi_syms_in_kernel)
{
	const struct kbpf_insn insns[] = { KBPF_RET_IMM(0) };
	unsigned long min_addr = 0;
	__u64 kaddr = kprobe_ksym("mmap_min_addr");
	FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
	char *page;
	int prog;

	if (!f || fscanf(f, "%lu", &min_addr) != 1 || !min_addr)
		SKIP("no mmap_min_addr to map");
	fclose(f);
	page = mmap((void *)min_addr, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (page == MAP_FAILED)
		SKIP("mmap at %#lx: %s", min_addr, strerror(errno));
	strcpy(page, "__x64_sys_getppid");
	prog = LOAD_KPROBE_MULTI(insns);
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, (const char **)kaddr, NULL,
					    NULL, 1, 0), EFAULT);
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog, (const char **)kaddr, NULL,
					    NULL, 1,
					    KBPF_F_KPROBE_MULTI_RETURN), EFAULT);
	/* The end of the array in the kernel is as bad. */
	ASSERT_ERRNO(kbpf_link_kprobe_multi(prog,
					    (const char **)(0x800000000000ULL -
							    8), NULL, NULL, 2, 0),
		     EFAULT);
	close(prog);
	munmap(page, 4096);
}
