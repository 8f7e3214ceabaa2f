// SPDX-License-Identifier: GPL-2.0
/*
 * Pin paths: a client names bpffs, /sys/fs/bpf; under kbpf-run that name
 * means the kbpf mount (KBPF_RUN_PIN_ROOT, default /sys/fs/kbpf). The
 * host's bpffs is never mounted over or touched: every libc call that
 * libbpf 1.1 and bpftool 7.1 make on pin paths (statfs, mkdir, unlink,
 * rmdir, rename, open, stat, access, opendir) is rewritten here before it
 * reaches the host, and statfs/fstatfs of a kbpf mount report bpffs's
 * magic so that their "is this bpffs?" checks pass.
 *
 * Only absolute paths are rewritten (a cwd inside /sys/fs/bpf is the
 * host's). glibc's internal calls (fopen() opening a file) do not go
 * through these symbols.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "compat.h"

#define HOST_BPFFS	"/sys/fs/bpf"

static const char *pin_root(void)
{
	const char *r = getenv("KBPF_RUN_PIN_ROOT");

	return r && *r == '/' ? r : "/sys/fs/kbpf";
}

/*
 * @path is the client's pointer: read through kbpf_compat_peek(), so that
 * a bad one reaches libc as it came and fails there with EFAULT, as
 * without the layer. Only a path under bpffs is read whole.
 */
const char *kbpf_compat_pin_path(const char *path, char *buf, size_t len)
{
	size_t n = strlen(HOST_BPFFS), got;
	char head[sizeof(HOST_BPFFS)];
	char full[PATH_MAX];
	int w;

	if (!path || !kbpf_compat_active())
		return path;
	got = kbpf_compat_peek(head, path, sizeof(head));
	if (got < n || strncmp(head, HOST_BPFFS, n) ||
	    (got > n && head[n] != '\0' && head[n] != '/'))
		return path;
	got = kbpf_compat_peek(full, path, sizeof(full));
	if (!memchr(full, '\0', got) || (full[n] != '\0' && full[n] != '/'))
		return path;
	w = snprintf(buf, len, "%s%s", pin_root(), full + n);
	return w < 0 || (size_t)w >= len ? path : buf;
}

#define PIN(path) kbpf_compat_pin_path(path, buf, sizeof(buf))

/* A kbpf mount shows bpffs's magic; any other filesystem its own. */
static void fix_magic(long ret, __fsword_t *type)
{
	if (!ret && *type == KBPF_COMPAT_KBPF_FS_MAGIC && kbpf_compat_active())
		*type = KBPF_COMPAT_BPF_FS_MAGIC;
}

int KBPF_ENTRY(statfs)(const char *path, struct statfs *st)
{
	char buf[PATH_MAX];
	int ret = KBPF_REAL(statfs)(PIN(path), st);

	fix_magic(ret, &st->f_type);
	return ret;
}

int KBPF_ENTRY(statfs64)(const char *path, struct statfs64 *st)
{
	char buf[PATH_MAX];
	int ret = KBPF_REAL(statfs64)(PIN(path), st);

	fix_magic(ret, &st->f_type);
	return ret;
}

int KBPF_ENTRY(fstatfs)(int fd, struct statfs *st)
{
	int ret = KBPF_REAL(fstatfs)(fd, st);

	fix_magic(ret, &st->f_type);
	return ret;
}

int KBPF_ENTRY(fstatfs64)(int fd, struct statfs64 *st)
{
	int ret = KBPF_REAL(fstatfs64)(fd, st);

	fix_magic(ret, &st->f_type);
	return ret;
}

int KBPF_ENTRY(mkdir)(const char *path, mode_t mode)
{
	char buf[PATH_MAX];

	return KBPF_REAL(mkdir)(PIN(path), mode);
}

int KBPF_ENTRY(rmdir)(const char *path)
{
	char buf[PATH_MAX];

	return KBPF_REAL(rmdir)(PIN(path));
}

int KBPF_ENTRY(unlink)(const char *path)
{
	char buf[PATH_MAX];

	return KBPF_REAL(unlink)(PIN(path));
}

int KBPF_ENTRY(rename)(const char *from, const char *to)
{
	char buf[PATH_MAX], buf2[PATH_MAX];

	return KBPF_REAL(rename)(PIN(from), kbpf_compat_pin_path(to, buf2,
							   sizeof(buf2)));
}

int KBPF_ENTRY(access)(const char *path, int mode)
{
	char buf[PATH_MAX];

	return KBPF_REAL(access)(PIN(path), mode);
}

int KBPF_ENTRY(faccessat)(int dirfd, const char *path, int mode, int flags)
{
	char buf[PATH_MAX];

	return KBPF_REAL(faccessat)(dirfd, PIN(path), mode, flags);
}

int KBPF_ENTRY(stat)(const char *path, struct stat *st)
{
	char buf[PATH_MAX];

	return KBPF_REAL(stat)(PIN(path), st);
}

int KBPF_ENTRY(lstat)(const char *path, struct stat *st)
{
	char buf[PATH_MAX];

	return KBPF_REAL(lstat)(PIN(path), st);
}

DIR *KBPF_ENTRY(opendir)(const char *path)
{
	char buf[PATH_MAX];

	return KBPF_REAL(opendir)(PIN(path));
}

/* open(2)'s mode is there only when the flags create a file. */
static mode_t open_mode(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ?
	       va_arg(ap, mode_t) : 0;
}

int KBPF_ENTRY(open)(const char *path, int flags, ...)
{
	char buf[PATH_MAX];
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return KBPF_REAL(open)(PIN(path), flags, mode);
}

int KBPF_ENTRY(open64)(const char *path, int flags, ...)
{
	char buf[PATH_MAX];
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return KBPF_REAL(open64)(PIN(path), flags, mode);
}

int KBPF_ENTRY(openat)(int dirfd, const char *path, int flags, ...)
{
	char buf[PATH_MAX];
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return KBPF_REAL(openat)(dirfd, PIN(path), flags, mode);
}

int KBPF_ENTRY(openat64)(int dirfd, const char *path, int flags, ...)
{
	char buf[PATH_MAX];
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return KBPF_REAL(openat64)(dirfd, PIN(path), flags, mode);
}

int KBPF_ENTRY(stat64)(const char *path, struct stat64 *st)
{
	char buf[PATH_MAX];

	return KBPF_REAL(stat64)(PIN(path), st);
}

int KBPF_ENTRY(lstat64)(const char *path, struct stat64 *st)
{
	char buf[PATH_MAX];

	return KBPF_REAL(lstat64)(PIN(path), st);
}
