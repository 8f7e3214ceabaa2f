// SPDX-License-Identifier: GPL-2.0
/*
 * kbpf_libbpf: libkbpf and Debian's libbpf linked into one program, both
 * found with pkg-config (libkbpf.pc, libbpf.pc). Runs against the target
 * of KBPF_TEST_TARGET (kbpf or linux); libbpf always talks to Linux's
 * bpf(2). TAP output, exit 1 on a failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <kbpf/kbpf.h>

static int failures, test_no;

static void result(int ok, const char *what)
{
	printf("%sok %d %s\n", ok ? "" : "not ", ++test_no, what);
	failures += !ok;
}

static void skip(const char *what, const char *why)
{
	printf("ok %d %s # SKIP %s\n", ++test_no, what, why);
}

/* bpf_ringbuf_output(ring, &(u64){ @v }, 8, 0); return 0 */
static int output_prog(int ring, __u64 v)
{
	const struct kbpf_insn insns[] = {
		KBPF_LD_IMM64(KBPF_REG_1, v),
		KBPF_STX_MEM(KBPF_DW, KBPF_REG_10, KBPF_REG_1, -8),
		KBPF_LD_MAP_FD(KBPF_REG_1, ring),
		KBPF_MOV64_REG(KBPF_REG_2, KBPF_REG_10),
		KBPF_ALU64_IMM(KBPF_ADD, KBPF_REG_2, -8),
		KBPF_MOV64_IMM(KBPF_REG_3, 8),
		KBPF_MOV64_IMM(KBPF_REG_4, 0),
		KBPF_CALL_HELPER(KBPF_FUNC_ringbuf_output),
		KBPF_RET_IMM(0),
	};
	KBPF_OPTS(kbpf_prog_load_opts, opts, .prog_flags = KBPF_F_SLEEPABLE);

	return kbpf_prog_load(KBPF_PROG_TYPE_SYSCALL, "rb_out", NULL, insns,
			      sizeof(insns) / sizeof(insns[0]), &opts);
}

static int sample(void *ctx, void *data, size_t size)
{
	__u64 *got = ctx;

	if (size == 8)
		*got = *(__u64 *)data;
	return 0;
}

static void test_btf(void)
{
	char blob[256];
	int len = kbpf_btf_funcs_build(blob, sizeof(blob), 3);
	struct btf *btf = len > 0 ? btf__new(blob, len) : NULL;
	const struct btf_type *t;
	int ok = btf && btf__type_cnt(btf) == 1 + 2 + 3;

	/* Type 3 + k is the static function "fk", prototype 2. */
	t = ok ? btf__type_by_id(btf, 5) : NULL;
	ok = ok && t && btf_is_func(t) && t->type == 2 &&
	     !strcmp(btf__name_by_offset(btf, t->name_off), "f2");
	result(ok, "libbpf parses libkbpf's func_info BTF");
	btf__free(btf);
}

static void test_ringbuf(void)
{
	struct kbpf_ring_buffer *krb = NULL;
	struct ring_buffer *rb = NULL;
	__u64 got = 0;
	int ring, prog, ok;

	ring = kbpf_map_create(KBPF_MAP_TYPE_RINGBUF, "rb", 0, 0, 4096, NULL);
	prog = ring >= 0 ? output_prog(ring, 0x1122334455667788ULL) : -1;
	krb = prog >= 0 ? kbpf_ring_buffer__new(ring, sample, &got, NULL) :
			  NULL;
	ok = krb && !kbpf_prog_test_run_opts(prog, &(struct kbpf_test_run_opts)
					     { .sz = sizeof(struct kbpf_test_run_opts) }) &&
	     kbpf_ring_buffer__consume(krb) == 1 &&
	     got == 0x1122334455667788ULL;
	result(ok, "libkbpf: a record through kbpf_ring_buffer");

	/* libbpf asks bpf(2) for the map's info: Linux's maps only. */
	if (!kbpf_target_linux()) {
		skip("libbpf: the same ring through ring_buffer",
		     "libbpf's ring_buffer__new() asks Linux's bpf(2)");
	} else {
		got = 0;
		rb = ring_buffer__new(ring, sample, &got, NULL);
		ok = rb && !bpf_prog_test_run_opts(prog, &(struct bpf_test_run_opts)
						   { .sz = sizeof(struct bpf_test_run_opts) }) &&
		     ring_buffer__consume(rb) == 1 &&
		     got == 0x1122334455667788ULL &&
		     kbpf_ring_buffer__consume(krb) == 0;
		result(ok, "libbpf: the same ring through ring_buffer");
		ring_buffer__free(rb);
	}
	kbpf_ring_buffer__free(krb);
	close(prog);
	close(ring);
}

static void test_maps(void)
{
	__u32 key = 0;
	__u64 v = 42, out = 0;
	int fd, ok;

	if (!kbpf_target_linux()) {
		skip("a map of libbpf's through libkbpf and back",
		     "libbpf's maps are Linux's");
		return;
	}
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "lb", 4, 8, 1, NULL);
	ok = fd >= 0 && !kbpf_map_update_elem(fd, &key, &v, 0) &&
	     !bpf_map_lookup_elem(fd, &key, &out) && out == 42;
	result(ok, "a map of libbpf's through libkbpf and back");
	close(fd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (kbpf_set_target_name(getenv("KBPF_TEST_TARGET"))) {
		fprintf(stderr, "KBPF_TEST_TARGET must be kbpf or linux\n");
		return 2;
	}
	printf("TAP version 13\n1..4\n# target %s, libbpf %d.%d\n",
	       kbpf_target_name(kbpf_get_target()), libbpf_major_version(),
	       libbpf_minor_version());
	test_btf();
	test_ringbuf();
	test_maps();
	return failures ? 1 : 0;
}
