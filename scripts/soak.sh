#!/bin/bash
# scripts/soak.sh [MINUTES] [SEED]: the soak (make soak, SOAK_MINUTES,
# default 30; SOAK_SEED, default 1). One debug-kernel guest runs every
# stress tool, both fuzzers and the examples (through kbpf-run) at once
# for MINUTES (tools/testing/soak/soak-guest.sh: what runs, what is
# checked, the memory tolerance). Passes when each tool's own checks
# pass, every map, program and link ID is gone at the end, memory
# (MemAvailable, Slab, Percpu after drop_caches and a kmemleak scan) is
# back within the tolerance, and vm.sh sees no splat (KASAN, lockdep,
# UBSAN, soft lockup, hung task), no kmemleak report and a clean rmmod.
# Build first: make tools examples. Exits like vm.sh.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
minutes=${1:-30}
seed=${2:-1}
secs=${SOAK_SECONDS:-$((minutes * 60))}
for f in build/stress/map_stress build/stress/pin_stress \
	build/stress/link_stress build/fuzz/kbpf_fuzz build/fuzz/kbpf_seqfuzz \
	build/examples/run-examples.sh; do
	[ -e "$top/$f" ] || { echo "soak.sh: no $f: make tools examples" >&2; exit 2; }
done
"$top/scripts/build.sh" debug >/dev/null
# MINUTES are the guest's; its clock runs slow on a loaded host (see
# scripts/seqfuzz.sh): 3 x as much wall time, and teardown.
exec "$top/scripts/vm.sh" --kernel debug --timeout $((3 * secs + 1200)) \
	--add "$top/build/stress/map_stress" \
	--add "$top/build/stress/pin_stress" \
	--add "$top/build/stress/link_stress" \
	--add "$top/build/fuzz/kbpf_fuzz" \
	--add "$top/build/fuzz/kbpf_seqfuzz" \
	--add "$top/build/examples" \
	--add "$top/tools/testing/soak/soak-guest.sh" -- \
	soak-guest.sh "$secs" "$seed"
