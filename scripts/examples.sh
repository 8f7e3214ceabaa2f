#!/bin/bash
# scripts/examples.sh [--sides "linux kbpf"] [KERNEL] [NAME]...: boot
# KERNEL (default 6.12) once and run examples/ in it
# (examples/run-examples.sh): each example against Linux's bpf(2) and the
# host's bpffs, then through kbpf-run against kbpf, with the same binaries
# and the same expected output; then (without NAMEs) the compatibility
# layer's own test, tools/compat/test_compat, under kbpf-run, dynamic and
# static. --sides kbpf runs the kbpf side only (the debug kernel: its
# Linux BPF has no JIT, which callbacks need, and no fprobe). Prints TAP;
# exits like vm.sh.
# Build first: make examples.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
sides="linux kbpf"
if [ "${1:-}" = --sides ]; then
	sides=${2:?--sides needs a list}
	shift 2
fi
kernel=${1:-6.12}
[ $# -eq 0 ] || shift
dir=$top/build/examples
[ -x "$dir/run-examples.sh" ] || { echo "examples.sh: run make examples first" >&2; exit 2; }
exec "$top/scripts/vm.sh" --kernel "$kernel" --timeout 1200 --add "$dir" -- \
	sh -c 'rc=0
	sides=$1
	shift
	KBPF_EXAMPLES_SIDES=$sides examples/run-examples.sh "$@" || rc=1
	if [ $# -eq 0 ]; then
		examples/kbpf-run examples/test_compat || rc=1
		examples/kbpf-run examples/test_compat_static || rc=1
	fi
	exit $rc' sh "$sides" "$@"
