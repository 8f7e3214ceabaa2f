#!/bin/bash
# scripts/stress.sh [SECONDS]
# The map concurrency stress on the debug kernel (-smp 2, KASAN, lockdep,
# kmemleak): 4 threads per map for SECONDS (default 10) on a NO_PREALLOC
# hash map, LRU maps and a preallocated hash map. Prints TAP; exits like
# vm.sh (125 on any splat or leak).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/scripts/vm.sh" --kernel debug --timeout 900 \
	--add "$top/build/stress/map_stress" -- map_stress "${1:-10}"
