/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bpf(2) compatibility layer (libkbpf-preload.so, loaded by kbpf-run):
 * what the interposed libc entry points share.
 *
 *   preload.c  syscall(), ioctl() and setsockopt(): the entry points that
 *              can carry a BPF command or a BPF fd
 *   route.c    bpf(2) commands to /dev/kbpf through libkbpf
 *   peek.c     reading the caller's memory without faulting
 *   pinpath.c  /sys/fs/bpf paths to the kbpf mount; statfs of a kbpf
 *              mount reports bpffs's magic
 *   perf.c     the perf-event hook: where a kbpf program meets a perf
 *              event (PERF_EVENT_IOC_SET_BPF, BPF_LINK_CREATE with
 *              BPF_PERF_EVENT)
 *   procfs.c   the BPF sysctls read through fopen() describe kbpf
 *   log.c      KBPF_RUN_LOG=1: one line per routed call on stderr
 *
 * Rule: no call that names a kbpf fd, and no bpf(2) command, reaches the
 * host kernel's BPF or perf subsystems. What kbpf cannot do fails with
 * kbpf's errno; what the layer refuses fails with the errno documented
 * at the refusing function.
 */
#ifndef KBPF_COMPAT_H
#define KBPF_COMPAT_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/types.h>

#include "../../uapi/linux/kbpf.h"

#ifndef offsetofend
#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif

/* bpffs's statfs magic (Linux's BPF_FS_MAGIC), reported for kbpf mounts. */
#define KBPF_COMPAT_BPF_FS_MAGIC	0xcafe4a11
/* kbpf's own (kmod/fs/pinfs.c). */
#define KBPF_COMPAT_KBPF_FS_MAGIC	0x6b627066

/*
 * Two builds of the same sources:
 * - libkbpf-preload.so (LD_PRELOAD, by kbpf-run): the layer defines libc's
 *   entry points under their own names, found before libc's; libc's own
 *   are looked up with dlsym(RTLD_NEXT). Always active.
 * - libkbpf-compat.a (KBPF_COMPAT_STATIC), for static binaries linked with
 *   ld --wrap=NAME for each entry point (kbpf-compat.wrap): the layer's
 *   functions are __wrap_NAME, libc's __real_NAME. Active only when
 *   KBPF_RUN=1 is in the environment (kbpf-run sets it), so that the same
 *   binary runs on the host's BPF without it.
 * KBPF_ENTRY(f) names the layer's f; KBPF_REAL(f) is libc's f.
 */
#ifdef KBPF_COMPAT_STATIC
#define KBPF_ENTRY(f)	__wrap_##f
#define KBPF_REAL(f)	({ extern __typeof__(f) __real_##f; __real_##f; })
#else
#define KBPF_ENTRY(f)	f
#define KBPF_REAL(f)	((__typeof__(&(f)))kbpf_compat_real(#f))
#endif

/* preload.c */
/* Whether calls are routed to kbpf (see above). */
bool kbpf_compat_active(void);
/* libc's own @name (the preload library only). */
void *kbpf_compat_real(const char *name);

/*
 * peek.c: copy up to @len bytes of the caller's memory at @src without
 * faulting (a bad pointer must get the errno the system call gives, not
 * kill the caller): the number of bytes copied, short at the first
 * unreadable page. errno is kept.
 */
size_t kbpf_compat_peek(void *dst, const void *src, size_t len);

/* route.c: bpf(cmd, attr, size) on kbpf; returns as bpf(2) (-1, errno). */
long kbpf_compat_bpf(int cmd, union kbpf_attr *uattr, unsigned int size);

/* pinpath.c */
/*
 * If @path names /sys/fs/bpf or something below it, write the same path
 * under the kbpf mount into @buf (@len bytes) and return @buf; otherwise
 * return @path. A rewritten path that does not fit is returned as is
 * (the call then sees the host's path and fails there, never on kbpf).
 */
const char *kbpf_compat_pin_path(const char *path, char *buf, size_t len);

/* perf.c: see there. */
/* perf_event_open(2)'s arguments; returns as the system call. */
long kbpf_compat_perf_open(void *attr, long pid, long cpu, long group_fd,
			   long flags);
/* True if the layer answered ioctl(@fd, @req, ...), its result in @ret. */
bool kbpf_compat_perf_ioctl(int fd, unsigned long req, int *ret);
/* BPF_LINK_CREATE for BPF_PERF_EVENT; returns as bpf(2). */
long kbpf_compat_perf_link(union kbpf_attr *attr, unsigned int size);

/* kbpf_fd_target() keeping errno: whether @fd is a kbpf object's. */
bool kbpf_compat_is_kbpf_fd(int fd);

/* log.c */
extern int kbpf_compat_log_on;
void kbpf_compat_log_init(void);
__printf(1, 2) void kbpf_compat_log(const char *fmt, ...);
const char *kbpf_compat_cmd_name(int cmd);

#endif /* KBPF_COMPAT_H */
