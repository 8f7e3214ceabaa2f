#!/bin/bash
# scripts/examples.sh [KERNEL] [NAME]...: boot KERNEL (default 6.12) once
# and run examples/ in it (examples/run-examples.sh): each example against
# Linux's bpf(2) and host bpffs, then through kbpf-run against kbpf, with
# the same binaries and the same expected output; then (without NAMEs)
# the compatibility layer's own test, tools/compat/test_compat, under
# kbpf-run. Prints TAP; exits like vm.sh. Build first: make examples.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kernel=${1:-6.12}
[ $# -eq 0 ] || shift
dir=$top/build/examples
[ -x "$dir/run-examples.sh" ] || { echo "examples.sh: run make examples first" >&2; exit 2; }
# With no NAME, the layer's own test (test_compat) runs after them.
exec "$top/scripts/vm.sh" --kernel "$kernel" --timeout 1200 --add "$dir" -- \
	sh -c 'rc=0
	examples/run-examples.sh "$@" || rc=1
	if [ $# -eq 0 ]; then
		examples/kbpf-run examples/test_compat || rc=1
	fi
	exit $rc' sh "$@"
