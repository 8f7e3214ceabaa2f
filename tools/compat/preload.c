// SPDX-License-Identifier: GPL-2.0
/*
 * libkbpf-preload.so: the entry points through which a dynamically linked
 * program reaches BPF, interposed with LD_PRELOAD (kbpf-run sets it).
 *
 * - syscall(__NR_bpf, ...): glibc has no bpf() wrapper, so libbpf, bpftool
 *   and most C programs call syscall(); every command goes to kbpf
 *   (route.c). A program that issues the system call instruction itself
 *   (Go, static binaries) is out of reach: it talks to the host's BPF.
 * - ioctl(PERF_EVENT_IOC_SET_BPF / PERF_EVENT_IOC_QUERY_BPF): the perf
 *   hook (perf.c) and EOPNOTSUPP; the host's perf core never sees a kbpf
 *   fd, and no host BPF program of a perf event is reported.
 * - setsockopt(SO_ATTACH_BPF / SO_ATTACH_REUSEPORT_EBPF) with a kbpf fd:
 *   EOPNOTSUPP, kbpf's programs cannot be attached to sockets.
 * Every other call goes to libc untouched.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include "../lib/kbpf/bpf.h"
#include "compat.h"

typedef long (*syscall_fn)(long, ...);

__attribute__((constructor)) static void kbpf_compat_init(void)
{
	kbpf_compat_log_init();
	kbpf_compat_log("preload active, pin root %s",
			getenv("KBPF_RUN_PIN_ROOT") ?: "/sys/fs/kbpf");
}

long kbpf_compat_real_syscall(long nr, long a1, long a2, long a3, long a4,
			      long a5, long a6)
{
	static syscall_fn real;

	if (!real)
		real = (syscall_fn)dlsym(RTLD_NEXT, "syscall");
	return real(nr, a1, a2, a3, a4, a5, a6);
}

long syscall(long nr, ...)
{
	long a[6];
	va_list ap;
	int i;

	/* The kernel's convention: six register-sized arguments. */
	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == __NR_bpf)
		return kbpf_compat_bpf((int)a[0], (union kbpf_attr *)a[1],
				       (unsigned int)a[2]);
	return kbpf_compat_real_syscall(nr, a[0], a[1], a[2], a[3], a[4],
					a[5]);
}

static bool is_kbpf_fd(int fd)
{
	int saved = errno;
	bool ret = kbpf_fd_target(fd) == KBPF_TARGET_KBPF;

	errno = saved;
	return ret;
}

int ioctl(int fd, unsigned long req, ...)
{
	static int (*real)(int, unsigned long, void *);
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (req == PERF_EVENT_IOC_SET_BPF)
		return kbpf_compat_perf_set_bpf(fd, (int)(long)arg);
	if (req == PERF_EVENT_IOC_QUERY_BPF) {
		kbpf_compat_log("perf QUERY_BPF fd %d: EOPNOTSUPP", fd);
		errno = EOPNOTSUPP;
		return -1;
	}
	if (!real)
		real = (int (*)(int, unsigned long, void *))
			dlsym(RTLD_NEXT, "ioctl");
	return real(fd, req, arg);
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	static int (*real)(int, int, int, const void *, socklen_t);

	if (level == SOL_SOCKET &&
	    (name == SO_ATTACH_BPF || name == SO_ATTACH_REUSEPORT_EBPF) &&
	    val && len >= sizeof(int) && is_kbpf_fd(*(const int *)val)) {
		kbpf_compat_log("%s(%d, SO_ATTACH_BPF, kbpf fd %d): EOPNOTSUPP",
				__func__, fd, *(const int *)val);
		errno = EOPNOTSUPP;
		return -1;
	}
	if (!real)
		real = (int (*)(int, int, int, const void *, socklen_t))
			dlsym(RTLD_NEXT, "setsockopt");
	return real(fd, level, name, val, len);
}
