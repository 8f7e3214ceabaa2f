#!/bin/bash
# checkpatch --strict over the module, the ABI header and the KUnit suites;
# fails on any ERROR or WARNING (CHECKs are reported, not fatal).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$top/scripts/kernel.sh" source)"
cd "$top"
mapfile -t files < <(git ls-files -co --exclude-standard -- \
	'kmod/*.[ch]' 'uapi/*.h' 'kunit/*.[ch]' 'tools/testing/harness/*.c' \
	'tools/include/*.h')
# Ignored on purpose: kbpf is a BPF implementation, so RCU tasks trace is
# its to use (checkpatch allows it in kernel/bpf/ only), and compat.h is
# the one file whose job is LINUX_VERSION_CODE.
out=$("$KSRC/scripts/checkpatch.pl" --no-tree --strict --quiet \
	--ignore RCU_TASKS_TRACE,LINUX_VERSION_CODE -f "${files[@]}" || true)
[ -z "$out" ] || echo "$out"
if grep -qE '^(ERROR|WARNING):' <<<"$out"; then
	echo "checkpatch: errors or warnings in ${#files[@]} files"
	exit 1
fi
echo "checkpatch: ${#files[@]} files clean of errors and warnings"
