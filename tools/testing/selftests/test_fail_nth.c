// SPDX-License-Identifier: GPL-2.0
/*
 * Fault-injection sweep: for each command, fail its 1st, 2nd, ...
 * fault point (slab allocations, page allocations without reclaim, user
 * copies: /proc/thread-self/fail-nth) until it runs through without an
 * injected failure. Every injected failure must give a clean errno and
 * leave no half-made object (no map ID, no pin); the run past the last
 * point must succeed. vm.sh's kmemleak scan and splat scan judge the
 * rest. Skipped where the kernel has no fault injection (release
 * kernels); the debug kernel has it. Prints the number of injection
 * points of each command.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kbpf_prog.h"
#include "kbpf_test.h"

#define FNTH_NAME	"kbpf_fnth"
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
static void fnth_setup(void)
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

struct fnth_cmd {
	const char *what;
	int cmd;
	union kbpf_attr attr;
	/* After a success: close the fd, undo the pin... */
	void (*undo)(long ret);
	/* After an injected failure: nothing half-made is left. */
	void (*check)(void);
	/* An errno the command may give besides ENOMEM and EFAULT. */
	int also_errno;
};

static void undo_close(long ret)
{
	if (ret > 0)
		close(ret);
}

static void check_no_map(void)
{
	ASSERT_FALSE(kbpf_map_named_exists(FNTH_NAME));
}

/* Run c->cmd with the 1st, 2nd, ... fault point failed. */
static void fnth_sweep(struct fnth_cmd *c)
{
	unsigned int n, tolerated = 0;
	union kbpf_attr attr;
	bool injected;
	long ret;
	int err;

	for (n = 1; n < FNTH_MAX; n++) {
		attr = c->attr;
		fnth_arm(n);
		ret = kbpf_sys(c->cmd, &attr, sizeof(attr));
		err = errno;
		injected = fnth_disarm();
		if (!injected) {
			if (ret < 0)
				FAIL("%s: fails without injection: %s", c->what,
				     strerror(err));
			if (c->undo)
				c->undo(ret);
			kbpf_diag("%s: %u injection points, %u tolerated",
				  c->what, n - 1, tolerated);
			return;
		}
		if (ret >= 0) {
			tolerated++;
			if (c->undo)
				c->undo(ret);
		} else if (err != ENOMEM && err != EFAULT &&
			   err != c->also_errno) {
			FAIL("%s: point %u: errno %s", c->what, n,
			     kbpf_errname(err));
		}
		if (c->check)
			c->check();
	}
	FAIL("%s: more than %d injection points", c->what, FNTH_MAX);
}

static void map_create_attr(union kbpf_attr *attr, __u32 type, __u32 key,
			    __u32 value, __u32 max, __u32 flags)
{
	memset(attr, 0, sizeof(*attr));
	attr->map_type = type;
	attr->key_size = key;
	attr->value_size = value;
	attr->max_entries = max;
	attr->map_flags = flags;
	strcpy(attr->map_name, FNTH_NAME);
}

static void sweep_create(const char *what, __u32 type, __u32 key,
			 __u32 value, __u32 max, __u32 flags)
{
	struct fnth_cmd c = {
		.what = what, .cmd = KBPF_MAP_CREATE,
		.undo = undo_close, .check = check_no_map,
	};

	map_create_attr(&c.attr, type, key, value, max, flags);
	fnth_sweep(&c);
}

TEST(fail_nth_map_create)
{
	fnth_setup();
	sweep_create("MAP_CREATE array", KBPF_MAP_TYPE_ARRAY, 4, 8, 16, 0);
	sweep_create("MAP_CREATE array mmapable", KBPF_MAP_TYPE_ARRAY, 4, 8,
		     16, KBPF_F_MMAPABLE);
	sweep_create("MAP_CREATE percpu_array", KBPF_MAP_TYPE_PERCPU_ARRAY,
		     4, 8, 16, 0);
	sweep_create("MAP_CREATE hash", KBPF_MAP_TYPE_HASH, 4, 8, 16, 0);
	sweep_create("MAP_CREATE hash no_prealloc", KBPF_MAP_TYPE_HASH, 4, 8,
		     16, KBPF_F_NO_PREALLOC);
	sweep_create("MAP_CREATE percpu_hash", KBPF_MAP_TYPE_PERCPU_HASH, 4,
		     8, 16, 0);
	sweep_create("MAP_CREATE lru_hash", KBPF_MAP_TYPE_LRU_HASH, 4, 8, 16,
		     0);
	sweep_create("MAP_CREATE lru_percpu_hash",
		     KBPF_MAP_TYPE_LRU_PERCPU_HASH, 4, 8, 16, 0);
	sweep_create("MAP_CREATE prog_array", KBPF_MAP_TYPE_PROG_ARRAY, 4, 4,
		     16, 0);
	sweep_create("MAP_CREATE ringbuf", KBPF_MAP_TYPE_RINGBUF, 0, 0,
		     4096, 0);
	sweep_create("MAP_CREATE user_ringbuf", KBPF_MAP_TYPE_USER_RINGBUF, 0,
		     0, 4096, 0);
}

static int elem_map_fd;
static __u32 elem_key = 7, elem_next;
/* Room for a per-CPU value: 8 bytes for each of up to 512 CPUs. */
static __u64 elem_value[512] = { 42 }, elem_out[512];

static void elem_attr(union kbpf_attr *attr, int fd, void *value, __u64 flags)
{
	memset(attr, 0, sizeof(*attr));
	attr->map_fd = fd;
	attr->key = (__u64)(unsigned long)&elem_key;
	attr->value = (__u64)(unsigned long)value;
	attr->flags = flags;
}

static void undo_update(long ret __attribute__((unused)))
{
	ASSERT_OK(kbpf_map_delete(elem_map_fd, &elem_key));
}

/* The key is back for the next try of a delete. */
static void undo_reinsert(long ret __attribute__((unused)))
{
	ASSERT_OK(kbpf_map_update(elem_map_fd, &elem_key, elem_value, 0));
}

/* A failed insert leaves the key absent. */
static void check_key_absent(void)
{
	ASSERT_ERRNO(kbpf_map_lookup(elem_map_fd, &elem_key, elem_out, 0),
		     ENOENT);
}

static void sweep_elem_cmds(const char *type_name, __u32 type, __u32 flags)
{
	struct fnth_cmd c = {};
	char what[64];

	elem_map_fd = ASSERT_OK(kbpf_map_new(type, 4, 8, 16, flags));
	snprintf(what, sizeof(what), "MAP_UPDATE_ELEM %s", type_name);
	c.what = what;
	c.cmd = KBPF_MAP_UPDATE_ELEM;
	elem_attr(&c.attr, elem_map_fd, elem_value, KBPF_NOEXIST);
	c.undo = undo_update;
	c.check = check_key_absent;
	fnth_sweep(&c);

	ASSERT_OK(kbpf_map_update(elem_map_fd, &elem_key, elem_value, 0));
	snprintf(what, sizeof(what), "MAP_LOOKUP_ELEM %s", type_name);
	c.cmd = KBPF_MAP_LOOKUP_ELEM;
	elem_attr(&c.attr, elem_map_fd, elem_out, 0);
	c.undo = NULL;
	c.check = NULL;
	fnth_sweep(&c);

	/* From the first key: the map has only one. */
	snprintf(what, sizeof(what), "MAP_GET_NEXT_KEY %s", type_name);
	c.cmd = KBPF_MAP_GET_NEXT_KEY;
	elem_attr(&c.attr, elem_map_fd, NULL, 0);
	c.attr.key = 0;
	c.attr.next_key = (__u64)(unsigned long)&elem_next;
	fnth_sweep(&c);

	snprintf(what, sizeof(what), "MAP_DELETE_ELEM %s", type_name);
	c.cmd = KBPF_MAP_DELETE_ELEM;
	elem_attr(&c.attr, elem_map_fd, NULL, 0);
	c.undo = undo_reinsert;
	fnth_sweep(&c);
	close(elem_map_fd);
}

TEST(fail_nth_map_elem)
{
	fnth_setup();
	sweep_elem_cmds("hash", KBPF_MAP_TYPE_HASH, 0);
	sweep_elem_cmds("hash no_prealloc", KBPF_MAP_TYPE_HASH,
			KBPF_F_NO_PREALLOC);
	sweep_elem_cmds("percpu_hash no_prealloc", KBPF_MAP_TYPE_PERCPU_HASH,
			KBPF_F_NO_PREALLOC);
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

TEST(fail_nth_pin)
{
	struct fnth_cmd c = { .what = "OBJ_PIN", .cmd = KBPF_OBJ_PIN };
	int fd;

	fnth_setup();
	fd = ASSERT_OK(kbpf_array_create(8, 4));
	snprintf(pin_path, sizeof(pin_path), "%s/fnth_%d", kbpf_pin_root(),
		 getpid());
	c.attr.bpf_fd = fd;
	c.attr.pathname = (__u64)(unsigned long)pin_path;
	c.undo = undo_pin;
	c.check = check_no_pin;
	/* No inode: Linux's bpffs answers ENOSPC (bpf_get_inode()). */
	c.also_errno = ENOSPC;
	fnth_sweep(&c);

	ASSERT_OK(kbpf_obj_pin(fd, pin_path));
	memset(&c, 0, sizeof(c));
	c.what = "OBJ_GET";
	c.cmd = KBPF_OBJ_GET;
	c.attr.pathname = (__u64)(unsigned long)pin_path;
	c.undo = undo_close;
	fnth_sweep(&c);
	ASSERT_OK(unlink(pin_path));
	close(fd);
}

TEST(fail_nth_prog_load)
{
	static const struct kbpf_insn insns[] = {
		KBPF_MOV64_IMM(KBPF_REG_0, 0),
		KBPF_EXIT_INSN(),
	};
	struct fnth_cmd c = { .what = "PROG_LOAD raw_tp", .cmd = KBPF_PROG_LOAD };

	fnth_setup();
	kbpf_prog_attr(&c.attr, KBPF_PROG_TYPE_RAW_TRACEPOINT, insns,
		       ARRAY_SIZE(insns), 0);
	c.undo = undo_close;
	/* Linux's answer to a failed allocation of the program, kept. */
	c.also_errno = EINVAL;
	fnth_sweep(&c);
}
