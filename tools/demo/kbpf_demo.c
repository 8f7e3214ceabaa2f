// SPDX-License-Identifier: GPL-2.0
/*
 * kbpf_demo: what `make run` shows. Creates an array map through
 * /dev/kbpf, writes and reads it back, walks its keys and prints its info.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "uapi/linux/kbpf.h"

static int kbpf_fd;

static int sys_kbpf(unsigned int cmd, union kbpf_attr *attr)
{
	struct kbpf_ioc ioc = {
		.cmd = cmd,
		.size = sizeof(*attr),
		.attr = (uintptr_t)attr,
	};

	return ioctl(kbpf_fd, KBPF_IOC_BPF, &ioc);
}

static int fail(const char *what)
{
	fprintf(stderr, "kbpf_demo: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(void)
{
	struct kbpf_map_info info;
	union kbpf_attr attr;
	uint32_t key, next;
	uint64_t value;
	int map_fd;

	kbpf_fd = open("/dev/kbpf", O_RDWR | O_CLOEXEC);
	if (kbpf_fd < 0)
		return fail("open /dev/kbpf");

	memset(&attr, 0, sizeof(attr));
	attr.map_type = KBPF_MAP_TYPE_ARRAY;
	attr.key_size = sizeof(key);
	attr.value_size = sizeof(value);
	attr.max_entries = 4;
	strcpy(attr.map_name, "demo_array");
	map_fd = sys_kbpf(KBPF_MAP_CREATE, &attr);
	if (map_fd < 0)
		return fail("MAP_CREATE");

	for (key = 0; key < 4; key++) {
		value = 1000 + key * key;
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = map_fd;
		attr.key = (uintptr_t)&key;
		attr.value = (uintptr_t)&value;
		attr.flags = KBPF_ANY;
		if (sys_kbpf(KBPF_MAP_UPDATE_ELEM, &attr))
			return fail("MAP_UPDATE_ELEM");
	}

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map_fd;
	attr.key = 0;
	attr.next_key = (uintptr_t)&next;
	while (!sys_kbpf(KBPF_MAP_GET_NEXT_KEY, &attr)) {
		union kbpf_attr lookup;

		memset(&lookup, 0, sizeof(lookup));
		lookup.map_fd = map_fd;
		lookup.key = (uintptr_t)&next;
		lookup.value = (uintptr_t)&value;
		if (sys_kbpf(KBPF_MAP_LOOKUP_ELEM, &lookup))
			return fail("MAP_LOOKUP_ELEM");
		printf("demo_array[%u] = %llu\n", next,
		       (unsigned long long)value);
		key = next;
		attr.key = (uintptr_t)&key;
	}
	if (errno != ENOENT)
		return fail("MAP_GET_NEXT_KEY");

	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = map_fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (uintptr_t)&info;
	if (sys_kbpf(KBPF_OBJ_GET_INFO_BY_FD, &attr))
		return fail("OBJ_GET_INFO_BY_FD");
	printf("map id %u name '%s' type %u key_size %u value_size %u max_entries %u\n",
	       info.id, info.name, info.type, info.key_size, info.value_size,
	       info.max_entries);
	close(map_fd);
	close(kbpf_fd);
	return 0;
}
