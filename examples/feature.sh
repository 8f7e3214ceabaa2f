#!/bin/sh
# bpftool feature probe kernel, unmodified: its sysctl lines, program
# types, map types and miscellaneous features (feature.SIDE.expected).
# Left out: the JIT memory limit (the host's number on both sides), the
# kernel config (the guest has none), and the helper lists, which
# bpftool 7.1 (libbpf 1.1) cannot read from Linux 6.12 or kbpf: it looks
# for "unknown func" in the log, and both say "program of this type
# cannot use helper", so every probed helper shows as available.
# $1 is the runner ("" for Linux, kbpf-run for kbpf).
$1 ./bpftool feature probe kernel >/tmp/feature.out || exit 1
grep -E '^(bpf\(\) syscall|JIT compiler|eBPF (program_type|map_type) |Large program|Bounded loop|ISA extension)' \
	/tmp/feature.out | grep -v 'memory limit'
