#!/bin/bash
# scripts/sparse.sh [debug|6.12|6.1]: sparse (Debian's, C=2: every file,
# built or not) over kmod/ (and kunit/ where the kernel has KUnit) against
# that kernel's headers, 6.12 by default; fails on any sparse warning or
# error. The module is built in build/sparse-<kernel>/ as scripts/build.sh
# builds it, so the compiler's W=1 -Werror holds too.
#
# Measured with bookworm's sparse 0.6.4: against Debian's 6.12 and 6.1
# headers and the debug kernel's tree, the kernel headers print nothing;
# what it reported in kmod/ were kbpf's own lock contexts (fixed, see
# kmod/sleepable.h and kbpf_htab_lock_bucket()). The one filter: findings
# in kunit/ (debug only) are shown as a count, not failed on: the test
# vectors truncate 64-bit constants into imm fields on purpose (about a
# hundred "cast truncates bits" from the instruction macros). Everything
# else counts, header lines included: a new warning fails, whoever owns it.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kernel=${1:-6.12}
command -v sparse >/dev/null ||
	{ echo "sparse.sh: needs sparse (scripts/deps.sh)" >&2; exit 2; }
eval "$("$top/scripts/kernel.sh" "$kernel")"
out=$top/build/sparse-$kernel
mkdir -p "$out"
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude='*.mod*' --exclude='modules.order' --exclude='Module.symvers' \
	"$top/Kbuild" "$top/kmod" "$top/uapi" "$top/kunit" "$out/"
mkdir -p "$out/tools"
rsync -a --delete "$top/tools/include" "$out/tools/"
log=$out/sparse.log
status=0
make -C "$KDIR" M="$out" W=1 C=2 CHECK=sparse modules >"$log" 2>&1 || status=$?
checked=$(grep -c '^  CHECK ' "$log" || true)
# sparse reports "file:line:col: warning|error: ..."
all=$(grep -E ': (warning|error): ' "$log" || true)
findings=$(grep -v "^$out/kunit/" <<<"$all" || true)
tests=$(grep -c "^$out/kunit/" <<<"$all" || true)
if [ "$status" -ne 0 ] || [ -n "$findings" ]; then
	[ -n "$findings" ] && echo "$findings" || tail -n 100 "$log"
	echo "sparse: $kernel: $(grep -c . <<<"$findings") findings outside kunit/ in $checked files (build status $status)"
	exit 1
fi
echo "sparse: $kernel: $checked files clean (kunit/, not checked: $tests findings)"
