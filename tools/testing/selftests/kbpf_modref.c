// SPDX-License-Identifier: GPL-2.0
/*
 * kbpf_modref: every kbpf fd holds the module. rmmod fails while one is
 * open (delete_module answers EWOULDBLOCK) and succeeds once it is
 * closed; the module is then loaded again, with the parameters it had,
 * for whatever runs next. kbpf only: it unloads /root/kbpf.ko.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "uapi/linux/kbpf.h"
#include "tools/lib/kbpf/bpf.h"

#define KO_PATH		"/root/kbpf.ko"
#define PIN_ROOT	"/sys/fs/kbpf"
#define PARAMS_DIR	"/sys/module/kbpf/parameters"

static int failures, test_no;

static void result(int ok, const char *what)
{
	printf("%sok %d %s\n", ok ? "" : "not ", ++test_no, what);
	failures += !ok;
}

static int rmmod_kbpf(void)
{
	return syscall(__NR_delete_module, "kbpf", O_NONBLOCK);
}

/* "name=value name=value" of the loaded module's readable parameters. */
static void read_params(char *buf, size_t size)
{
	struct dirent *d;
	DIR *dir = opendir(PARAMS_DIR);
	size_t len = 0;

	buf[0] = 0;
	while (dir && (d = readdir(dir))) {
		char path[512], val[64] = "";
		FILE *f;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), PARAMS_DIR "/%s", d->d_name);
		f = fopen(path, "r");
		if (!f || !fgets(val, sizeof(val), f))
			val[0] = 0;
		if (f)
			fclose(f);
		val[strcspn(val, "\n")] = 0;
		len += snprintf(buf + len, size - len, "%s%s=%s",
				len ? " " : "", d->d_name, val);
	}
	if (dir)
		closedir(dir);
}

/* The mount point of a kbpf filesystem, in @dir, or 0 if none. */
static int find_kbpf_mount(char *dir, size_t size)
{
	char dev[256], mnt[256], type[64];
	int found = 0;
	FILE *f = fopen("/proc/mounts", "r");

	while (f && !found &&
	       fscanf(f, "%255s %255s %63s %*[^\n]", dev, mnt, type) == 3) {
		if (!strcmp(type, "kbpf")) {
			snprintf(dir, size, "%s", mnt);
			found = 1;
		}
	}
	if (f)
		fclose(f);
	return found;
}

static void umount_kbpf(void)
{
	char dir[256];

	while (find_kbpf_mount(dir, sizeof(dir)) && !umount2(dir, 0))
		;
}

static int insmod_kbpf(const char *params)
{
	int fd = open(KO_PATH, O_RDONLY | O_CLOEXEC), err;

	if (fd < 0)
		return -1;
	err = syscall(__NR_finit_module, fd, params, 0);
	close(fd);
	return err;
}

static int create_map(void)
{
	return kbpf_map_create(KBPF_MAP_TYPE_ARRAY, NULL, 4, 8, 1, NULL);
}

int main(void)
{
	char params[1024], dir[256];
	int dev, map, err, mounted;

	read_params(params, sizeof(params));
	printf("TAP version 13\n1..7\n# module parameters: %s\n", params);

	/* libkbpf's fd of /dev/kbpf, on the kbpf target (the default) */
	dev = kbpf_dev_fd();
	err = rmmod_kbpf();
	result(dev >= 0 && err == -1 && errno == EWOULDBLOCK,
	       "an open /dev/kbpf keeps the module");

	map = dev >= 0 ? create_map() : -1;
	kbpf_dev_close();
	err = rmmod_kbpf();
	result(map >= 0 && err == -1 && errno == EWOULDBLOCK,
	       "a map fd keeps the module after /dev/kbpf is closed");

	close(map);
	/* The VM init mounts a kbpf filesystem when the module has one. */
	mounted = find_kbpf_mount(dir, sizeof(dir));
	err = rmmod_kbpf();
	if (mounted) {
		result(err == -1 && errno == EWOULDBLOCK,
		       "a mounted kbpf filesystem keeps the module");
		umount_kbpf();
		err = rmmod_kbpf();
	} else {
		printf("ok %d a mounted kbpf filesystem keeps the module # SKIP no kbpf filesystem\n",
		       ++test_no);
	}
	result(err == 0, "rmmod succeeds once the last fd and mount are gone");
	result(access("/dev/kbpf", F_OK) == -1,
	       "the device is gone with the module");

	err = insmod_kbpf(params);
	result(err == 0, "the module loads again");
	if (!access(PIN_ROOT, F_OK))
		mount("kbpf", PIN_ROOT, "kbpf", 0, NULL);
	map = create_map();
	result(map >= 0, "and works");
	close(map);
	kbpf_dev_close();
	return failures ? 1 : 0;
}
