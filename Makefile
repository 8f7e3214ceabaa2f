# SPDX-License-Identifier: GPL-2.0
# kbpf: see README.md. `make` builds kbpf.ko against the cached Debian 6.12
# headers (or KDIR=...), plus the user-space tools; the rest runs in QEMU.

TOP := $(CURDIR)
BUILD := $(TOP)/build
TOOLS_CFLAGS := -static -O2 -Wall -Wextra -Werror -I$(TOP)

.PHONY: all modules modules-all tools libkbpf $(LIBKBPF) deps kunit selftests stress harness-test \
	checkpatch sparse check run shell clean bench bench-jit fuzz seqfuzz soak \
	compat examples verifier-suites fail-nth

all: modules tools

deps:
	scripts/deps.sh

ifeq ($(KDIR),)
modules:
	scripts/build.sh 6.12
else
modules:
	scripts/build.sh custom $(KDIR)
endif

modules-all:
	scripts/build.sh debug
	scripts/build.sh 6.12
	scripts/build.sh 6.1

LIBKBPF := $(BUILD)/lib/kbpf/libkbpf.a

tools: $(BUILD)/tools/kbpf_demo compat
	$(MAKE) -C tools/testing/selftests O=$(BUILD)/selftests
	$(MAKE) -C tools/testing/stress O=$(BUILD)/stress
	$(MAKE) -C tools/testing/fuzz O=$(BUILD)/fuzz
	$(MAKE) -C tools/testing/jitfuzz O=$(BUILD)/jitfuzz

# libkbpf: static, shared and pkg-config file (tools/lib/kbpf/Makefile).
libkbpf $(LIBKBPF):
	$(MAKE) -C tools/lib/kbpf O=$(BUILD)/lib/kbpf

$(BUILD)/tools/kbpf_demo: tools/demo/kbpf_demo.c uapi/linux/kbpf.h $(LIBKBPF)
	@mkdir -p $(dir $@)
	$(CC) $(TOOLS_CFLAGS) -o $@ $< $(LIBKBPF)

# The bpf(2) compatibility layer (tools/compat): libkbpf-preload.so, kbpf-run.
compat:
	$(MAKE) -C tools/compat O=$(BUILD)/compat

# examples/: clang-19 + Debian's libbpf, run on Linux and through kbpf-run.
examples: compat
	$(MAKE) -C examples O=$(BUILD)/examples

kunit:
	scripts/build.sh debug
	scripts/kunit.sh

selftests: tools
	scripts/build.sh debug
	scripts/selftests.sh debug

stress: tools
	scripts/build.sh debug
	scripts/stress.sh

# The full fault-injection sweep on the debug kernel (the selftests run a
# sample of the points): scripts/fail-nth.sh.
fail-nth: tools
	scripts/build.sh debug
	scripts/fail-nth.sh

# Benchmarks, kbpf against Linux in one 6.12 guest: BENCHMARKS.md.
# QUICK=1: 3 rounds, small maps (a few minutes at most).
bench: tools
	$(MAKE) -C tools/bench O=$(BUILD)/bench
	scripts/build.sh 6.12
	QUICK=$(QUICK) scripts/bench.sh

# kbpf's JIT against Linux's JIT (jit_enable=1 in the guest): the program,
# ring buffer, attach and load benchmarks only; BENCHMARKS.md's JIT block
# and build/bench/results-jit.json, the interpreter's table left as it is.
BENCH_JIT_NAMES ?= prog_ interp_ ringbuf_ attach_ verif_
bench-jit: tools
	$(MAKE) -C tools/bench O=$(BUILD)/bench
	scripts/build.sh 6.12
	QUICK=$(QUICK) scripts/bench.sh --param jit_enable=1 $(BENCH_JIT_NAMES)

# The fuzzers' long runs on the debug kernel: the verifier fuzzer on the
# checked module (scripts/fuzz.sh, N=1000000 by default; FUZZ_ARGS="-n
# 50000 -s 7" etc.), then the ioctl-sequence fuzzer (make seqfuzz).
fuzz: tools
	scripts/fuzz.sh long $(FUZZ_ARGS)
	scripts/seqfuzz.sh long -s $(SEQFUZZ_SEED) -d $(SEQFUZZ_SECONDS)

# The ioctl-sequence fuzzer alone: scripts/seqfuzz.sh long, SEQFUZZ_SEED
# (default 1) for SEQFUZZ_SECONDS (default 7200), kmemleak, lockdep and
# the hung-task detector watching.
SEQFUZZ_SEED ?= 1
SEQFUZZ_SECONDS ?= 7200
seqfuzz: tools
	scripts/seqfuzz.sh long -s $(SEQFUZZ_SEED) -d $(SEQFUZZ_SECONDS)

# Every stress tool, both fuzzers and the examples at once on the debug
# kernel for SOAK_MINUTES (default 30): scripts/soak.sh.
SOAK_MINUTES ?= 30
SOAK_SEED ?= 1
soak: tools examples
	scripts/soak.sh $(SOAK_MINUTES) $(SOAK_SEED)

# Linux 6.12's verifier suites (test_verifier tables) loaded into Linux and
# kbpf in one 6.12 guest: scripts/linux-suites.sh (LV_ARGS="-c" for the
# checked module, "-f 'calls'" for one file); the per-file table lands in
# build/linux-suites/table.md.
verifier-suites:
	scripts/linux-suites.sh $(LV_ARGS)

harness-test:
	scripts/harness-selftest.sh

checkpatch:
	scripts/checkpatch.sh

# sparse (C=2) over kmod/ against the 6.12 headers: scripts/sparse.sh.
sparse:
	scripts/sparse.sh

check:
	scripts/check.sh

# The demo: examples/demo.c (clang-built, Debian's libbpf) through kbpf-run,
# twice, the pinned map carrying its count from one process to the next.
run: examples
	scripts/build.sh debug
	scripts/vm.sh --kernel debug --add $(BUILD)/examples -- sh -c 'cd examples && \
		echo "== kbpf-run ./demo: an unmodified libbpf program, its bpf(2) calls on kbpf" && \
		./kbpf-run ./demo && echo "== kbpf-run ./demo, a second process" && \
		./kbpf-run ./demo && ./kbpf-run ./demo cleanup'

shell:
	scripts/build.sh debug
	scripts/vm.sh --kernel debug --timeout 86400 -- sh

clean:
	rm -rf $(BUILD)
