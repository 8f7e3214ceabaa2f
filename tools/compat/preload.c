// SPDX-License-Identifier: GPL-2.0
/*
 * The entry points through which a program reaches BPF: interposed with
 * LD_PRELOAD in libkbpf-preload.so (kbpf-run sets it), or wrapped at link
 * time in libkbpf-compat.a (compat.h says how).
 *
 * - syscall(__NR_bpf, ...): glibc has no bpf() wrapper, so libbpf, bpftool
 *   and most C programs call syscall(); every command goes to kbpf
 *   (route.c). A program that issues the system call instruction itself
 *   (Go) is out of reach: it talks to the host's BPF.
 * - syscall(__NR_perf_event_open, ...) and ioctl(PERF_EVENT_IOC_SET_BPF /
 *   PERF_EVENT_IOC_QUERY_BPF): the perf hook (perf.c); the host's perf
 *   core never sees a kbpf fd, and no host BPF program of a perf event is
 *   reported.
 * - setsockopt(SO_ATTACH_BPF / SO_ATTACH_REUSEPORT_EBPF) with a kbpf fd:
 *   EOPNOTSUPP, kbpf's programs cannot be attached to sockets.
 * Every other call goes to libc untouched.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include "../lib/kbpf/bpf.h"
#include "compat.h"

__attribute__((constructor)) static void kbpf_compat_init(void)
{
	kbpf_compat_log_init();
	if (kbpf_compat_active())
		kbpf_compat_log("layer active, pin root %s",
				getenv("KBPF_RUN_PIN_ROOT") ?: "/sys/fs/kbpf");
}

#ifdef KBPF_COMPAT_STATIC
bool kbpf_compat_active(void)
{
	static int active = -1;
	const char *v;

	if (active < 0) {
		v = getenv("KBPF_RUN");
		active = v && !strcmp(v, "1");
	}
	return active;
}
#else
bool kbpf_compat_active(void)
{
	return true;
}

void *kbpf_compat_real(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}
#endif

long KBPF_ENTRY(syscall)(long nr, ...)
{
	long a[6];
	va_list ap;
	int i;

	/* The kernel's convention: six register-sized arguments. */
	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == __NR_bpf && kbpf_compat_active())
		return kbpf_compat_bpf((int)a[0], (union kbpf_attr *)a[1],
				       (unsigned int)a[2]);
	if (nr == __NR_perf_event_open && kbpf_compat_active())
		return kbpf_compat_perf_open((void *)a[0], a[1], a[2], a[3],
					     a[4]);
	return KBPF_REAL(syscall)(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

bool kbpf_compat_is_kbpf_fd(int fd)
{
	int saved = errno;
	bool ret = kbpf_fd_target(fd) == KBPF_TARGET_KBPF;

	errno = saved;
	return ret;
}

int KBPF_ENTRY(ioctl)(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (kbpf_compat_active() &&
	    kbpf_compat_perf_ioctl(fd, req, &ret))
		return ret;
	return KBPF_REAL(ioctl)(fd, req, arg);
}

int KBPF_ENTRY(setsockopt)(int fd, int level, int name, const void *val,
			   socklen_t len)
{
	if (level == SOL_SOCKET &&
	    (name == SO_ATTACH_BPF || name == SO_ATTACH_REUSEPORT_EBPF) &&
	    val && len >= sizeof(int) && kbpf_compat_active() &&
	    kbpf_compat_is_kbpf_fd(*(const int *)val)) {
		kbpf_compat_log("%s(%d, SO_ATTACH_BPF, kbpf fd %d): EOPNOTSUPP",
				__func__, fd, *(const int *)val);
		errno = EOPNOTSUPP;
		return -1;
	}
	return KBPF_REAL(setsockopt)(fd, level, name, val, len);
}
