// SPDX-License-Identifier: GPL-2.0
/*
 * The fault-injection sweep's driver: arming /proc/thread-self/fail-nth
 * around one operation, the checks after each injected failure, and the
 * retry (fail_nth.h).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fail_nth.h"

#define FNTH_MAX	5000

static int nth_fd = -1;

static void write_debugfs(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		return;
	if (write(fd, text, strlen(text)) < 0)
		kbpf_diag("%s: %s", path, strerror(errno));
	close(fd);
}

/* Quiet injections; slab allocations that may sleep can fail too. */
void fnth_setup(void)
{
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth_fd < 0)
		SKIP("no /proc/thread-self/fail-nth: %s", strerror(errno));
	write_debugfs("/sys/kernel/debug/failslab/verbose", "0");
	write_debugfs("/sys/kernel/debug/fail_page_alloc/verbose", "0");
	write_debugfs("/sys/kernel/debug/fail_usercopy/verbose", "0");
	write_debugfs("/sys/kernel/debug/failslab/ignore-gfp-wait", "N");
}

static void fnth_arm(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(nth_fd, buf, len, 0) != len)
		FAIL("arm fail-nth %u: %s", n, strerror(errno));
}

/*
 * Whether the armed failure was injected, and disarm. The value read is
 * taken before the read's own user copy, which counts as a fault point
 * too: a failed read means one point was left, so none was injected.
 */
static bool fnth_disarm(void)
{
	char buf[16] = "";
	int tries;

	if (pread(nth_fd, buf, sizeof(buf) - 1, 0) < 0)
		return false;
	if (atoi(buf) == 0)
		return true;
	for (tries = 0; tries < 8; tries++) {
		if (pwrite(nth_fd, "0", 1, 0) == 1)
			return false;
	}
	FAIL("cannot disarm fail-nth");
}

void fnth_undo_close(long ret)
{
	if (ret > 0)
		close(ret);
}

/* The live IDs of each kind: no operation that failed may add one. */
struct fnth_ids {
	unsigned int maps, progs, links;
};

static unsigned int fnth_count(int (*next)(__u32 start, __u32 *next))
{
	unsigned int n = 0;
	__u32 id = 0;

	while (!next(id, &id))
		n++;
	if (errno != ENOENT)
		FAIL("ID walk: %s", strerror(errno));
	return n;
}

static struct fnth_ids fnth_ids(void)
{
	return (struct fnth_ids){
		.maps = fnth_count(kbpf_map_next_id),
		.progs = fnth_count(kbpf_prog_next_id),
		.links = fnth_count(kbpf_link_next_id),
	};
}

static void fnth_check_ids(const struct fnth_op *op, unsigned int n,
			   const struct fnth_ids *before, const char *when)
{
	struct fnth_ids now = fnth_ids();

	/* Objects of an earlier test may still be going. */
	if (now.maps > before->maps || now.progs > before->progs ||
	    now.links > before->links)
		FAIL("%s: point %u, %s: IDs maps %u progs %u links %u, were %u %u %u",
		     op->what, n, when, now.maps, now.progs, now.links,
		     before->maps, before->progs, before->links);
}

static long fnth_run(const struct fnth_op *op, union kbpf_attr *attr)
{
	if (op->run)
		return op->run(attr);
	return kbpf_sys(op->cmd, attr, sizeof(*attr));
}

/* A run without injection gives what the operation wants; undone. */
static void fnth_plain_result(const struct fnth_op *op, unsigned int n,
			      long ret, int err, const char *when)
{
	if (op->want_errno) {
		if (ret >= 0 || err != op->want_errno)
			FAIL("%s: point %u, %s: %ld (%s), wanted %s", op->what,
			     n, when, ret, ret < 0 ? kbpf_errname(err) : "ok",
			     kbpf_errname(op->want_errno));
		return;
	}
	if (ret < 0)
		FAIL("%s: point %u, %s: fails: %s", op->what, n, when,
		     kbpf_errname(err));
	if (op->undo)
		op->undo(ret);
}

/* The operation again at once, without injection: it must work. */
static void fnth_retry(const struct fnth_op *op, unsigned int n)
{
	union kbpf_attr attr = op->attr;
	long ret;
	int err;

	if (op->prepare)
		op->prepare(&attr);
	ret = fnth_run(op, &attr);
	err = errno;
	if (op->verify)
		op->verify(ret, &attr, false);
	fnth_plain_result(op, n, ret, err, "retry");
}

static unsigned int fnth_next(unsigned int n, bool full)
{
	return full || n < FNTH_SAMPLE_ALL ? n + 1 : n + FNTH_SAMPLE_STEP;
}

void fnth_sweep(const struct fnth_op *op)
{
	const char *mode = getenv("KBPF_FAIL_NTH");
	bool full = mode && !strcmp(mode, "full");
	unsigned int n, last = 0, tried = 0, failed = 0;
	struct fnth_ids before;
	union kbpf_attr attr;
	bool injected;
	long ret;
	int err;

	for (n = 1; n < FNTH_MAX; n = fnth_next(n, full)) {
		attr = op->attr;
		if (op->prepare)
			op->prepare(&attr);
		before = fnth_ids();
		fnth_arm(n);
		ret = fnth_run(op, &attr);
		err = errno;
		injected = fnth_disarm();
		if (op->verify)
			op->verify(ret, &attr, injected);
		if (!injected) {
			fnth_plain_result(op, n, ret, err, "without injection");
			fnth_check_ids(op, n, &before, "after undo");
			if (n > last + 1) {
				/* A sample stepped past the end: find it. */
				full = true;
				n = last;
				continue;
			}
			kbpf_diag("%s: %u injection points, %u tried, %u failed",
				  op->what, n - 1, tried, failed);
			return;
		}
		last = n;
		tried++;
		if (ret >= 0) {
			/* Injected where the operation copes: it worked. */
			fnth_plain_result(op, n, ret, err, "injected, tolerated");
		} else {
			if (err != ENOMEM && err != EFAULT &&
			    err != op->also_errno && err != op->want_errno)
				FAIL("%s: point %u: errno %s", op->what, n,
				     kbpf_errname(err));
			if (err != op->want_errno)
				failed++;
			if (op->check)
				op->check();
			fnth_check_ids(op, n, &before, "after the failure");
			fnth_retry(op, n);
		}
		fnth_check_ids(op, n, &before, "after undo");
	}
	FAIL("%s: more than %d injection points", op->what, FNTH_MAX);
}

static char pin_path[128];

static void undo_pin(long ret __attribute__((unused)))
{
	ASSERT_OK(unlink(pin_path));
}

static void check_no_pin(void)
{
	ASSERT_TRUE(access(pin_path, F_OK) && errno == ENOENT);
}

/* OBJ_PIN of @fd, then OBJ_GET of the pin; the sweeps of @kind. */
void fnth_sweep_pin(const char *kind, int fd)
{
	struct fnth_op c = { .cmd = KBPF_OBJ_PIN };
	char what[64];

	snprintf(what, sizeof(what), "OBJ_PIN %s", kind);
	snprintf(pin_path, sizeof(pin_path), "%s/fnth_%d", kbpf_pin_root(),
		 getpid());
	c.what = what;
	c.attr.bpf_fd = fd;
	c.attr.pathname = (__u64)(unsigned long)pin_path;
	c.undo = undo_pin;
	c.check = check_no_pin;
	/* No inode: Linux's bpffs answers ENOSPC (bpf_get_inode()). */
	c.also_errno = ENOSPC;
	fnth_sweep(&c);

	ASSERT_OK(kbpf_obj_pin(fd, pin_path));
	memset(&c, 0, sizeof(c));
	snprintf(what, sizeof(what), "OBJ_GET %s", kind);
	c.what = what;
	c.cmd = KBPF_OBJ_GET;
	c.attr.pathname = (__u64)(unsigned long)pin_path;
	c.undo = fnth_undo_close;
	fnth_sweep(&c);
	ASSERT_OK(unlink(pin_path));
}

