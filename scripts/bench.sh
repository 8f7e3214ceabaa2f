#!/bin/bash
# scripts/bench.sh: kbpf against Linux's BPF, in one 6.12 guest.
#
#   scripts/bench.sh [--param NAME=VALUE]... [NAME]...
#                                   (QUICK=1 in the environment: quick run)
#
# Builds build/bench/kbpf_bench (tools/bench), expects build/6.12/kbpf.ko
# (scripts/build.sh 6.12, which `make bench` runs first), boots the 6.12
# guest once, runs kbpf_bench there (it alternates
# kbpf, Linux with its JIT, and Linux's interpreter round by round) and
# writes:
#   build/bench/raw.txt        the binary's output, as it came
#   build/bench/results.json   every measurement, plus the summary
#   BENCHMARKS.md              the summary table between the GENERATED
#                              markers; the text after them is kept
# NAME arguments select benchmarks by substring (a partial run still
# rewrites the table with what it measured).
#
# --param NAME=VALUE goes to the guest's insmod of kbpf.ko (scripts/vm.sh
# --param). With jit_enable=1 or 2 among them the run is kbpf's JIT
# against Linux's JIT (`make bench-jit`): it writes raw-jit.txt,
# results-jit.json and only the block between the GENERATED JIT markers
# of BENCHMARKS.md, so the interpreter's table stays as it was.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench
quick=${QUICK:-0}
args=()
params=()
variant=
timeout=900
while [ $# -gt 0 ]; do
	case "$1" in
	--param) params+=(--param "${2:?--param needs NAME=VALUE}"); p=$2; shift 2 ;;
	--param=*) p=${1#*=}; params+=(--param "$p"); shift ;;
	*) break ;;
	esac
	case "$p" in
	jit_enable=0) ;;
	jit_enable=*) variant=-jit ;;
	esac
done
if [ "$quick" != 0 ]; then
	args+=(-q)
	timeout=280
fi

command -v python3 >/dev/null || { echo "bench.sh: needs python3" >&2; exit 2; }
make -s -C "$top/tools/bench" O="$out"
[ -f "$top/build/6.12/kbpf.ko" ] ||
	{ echo "bench.sh: no build/6.12/kbpf.ko: run scripts/build.sh 6.12" >&2; exit 2; }

raw=$out/raw$variant.txt
console=$out/console$variant.txt
status=0
KBPF_VM_TCG_THREAD=multi "$top/scripts/vm.sh" --kernel 6.12 ${params[@]+"${params[@]}"} \
	--timeout "$timeout" --add "$out/kbpf_bench" \
	-- kbpf_bench "${args[@]}" "$@" >"$console" || status=$?
tr -d '\r' <"$console" | grep -aE '^(META|LOAD|LOADFAIL|SKIP|BENCH|CHECK) ' >"$raw" || true
if [ "$status" != 0 ] || ! grep -q '^META done=1' "$raw"; then
	echo "bench.sh: the guest run failed (vm.sh exit $status); console:" >&2
	tail -n 40 "$console" >&2
	exit 1
fi

rev=$(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)
if [ -n "$variant" ]; then
	KBPF_REV=$rev KBPF_PARAMS="${params[*]}" exec python3 "$top/scripts/bench_jit.py" \
		"$raw" "$out/results-jit.json" "$top/BENCHMARKS.md" "$quick" \
		"$out/results.json"
fi

KBPF_REV=$rev exec python3 "$top/scripts/bench_interp.py" "$raw" "$out/results.json" \
	"$top/BENCHMARKS.md" "$quick"
