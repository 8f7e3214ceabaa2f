// SPDX-License-Identifier: GPL-2.0
/*
 * kbpf_demo: what `make run` shows. Creates an array map through
 * /dev/kbpf with libkbpf, writes and reads it back, walks its keys and
 * prints its info. KBPF_TEST_TARGET=linux does the same on bpf(2).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/lib/kbpf/kbpf.h"

static int fail(const char *what, int err)
{
	fprintf(stderr, "kbpf_demo: %s: %s\n", what, strerror(-err));
	return 1;
}

int main(void)
{
	struct kbpf_map_info info;
	__u32 info_len = sizeof(info);
	uint32_t key, next, *prev = NULL;
	uint64_t value;
	int map_fd, err;

	if (kbpf_set_target_name(getenv("KBPF_TEST_TARGET")))
		return fail("KBPF_TEST_TARGET", -EINVAL);
	map_fd = kbpf_map_create(KBPF_MAP_TYPE_ARRAY, "demo_array",
				 sizeof(key), sizeof(value), 4, NULL);
	if (map_fd < 0)
		return fail("MAP_CREATE", map_fd);

	for (key = 0; key < 4; key++) {
		value = 1000 + key * key;
		err = kbpf_map_update_elem(map_fd, &key, &value, KBPF_ANY);
		if (err)
			return fail("MAP_UPDATE_ELEM", err);
	}

	while (!(err = kbpf_map_get_next_key(map_fd, prev, &next))) {
		err = kbpf_map_lookup_elem(map_fd, &next, &value);
		if (err)
			return fail("MAP_LOOKUP_ELEM", err);
		printf("demo_array[%u] = %llu\n", next,
		       (unsigned long long)value);
		key = next;
		prev = &key;
	}
	if (err != -ENOENT)
		return fail("MAP_GET_NEXT_KEY", err);

	memset(&info, 0, sizeof(info));
	err = kbpf_map_get_info_by_fd(map_fd, &info, &info_len);
	if (err)
		return fail("OBJ_GET_INFO_BY_FD", err);
	printf("map id %u name '%s' type %u key_size %u value_size %u max_entries %u\n",
	       info.id, info.name, info.type, info.key_size, info.value_size,
	       info.max_entries);
	close(map_fd);
	return 0;
}
