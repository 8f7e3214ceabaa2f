#!/bin/bash
# scripts/stress.sh [SECONDS]
# The concurrency stress programs on the debug kernel (-smp 2, KASAN,
# lockdep, kmemleak), SECONDS each (default 10): map_stress (4 threads per
# map on NO_PREALLOC hash, LRU and preallocated hash maps), pin_stress
# (4 processes pinning, getting, renaming and unlinking in one kbpf
# directory) and link_stress (uprobe links, sleepable or not, attached
# and closed in any order while their probe fires; its kprobe mode is
# left out, see link_stress.c). Prints their TAP; exits like vm.sh (125
# on a splat or leak).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/scripts/vm.sh" --kernel debug --timeout 900 \
	--add "$top/build/stress/map_stress" \
	--add "$top/build/stress/pin_stress" \
	--add "$top/build/stress/link_stress" -- \
	sh -c 'rc=0
	map_stress "$1" || rc=1
	pin_stress "$1" || rc=1
	link_stress "$1" || rc=1
	exit $rc' sh "${1:-10}"
