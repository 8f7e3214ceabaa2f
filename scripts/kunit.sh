#!/bin/bash
# scripts/kunit.sh [kunit.py exec options...]
# Run kbpf's KUnit suites on the debug kernel with kunit.py driving: it
# boots QEMU with an initramfs whose init loads kunit.ko, kbpf.ko and
# kbpf_kunit.ko, parses the KTAP and exits non-zero on a failed case.
# The boot log (kunit.py's test.log) is then scanned for splats and
# kmemleak reports like scripts/vm.sh does: a splat fails the run too.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$top/scripts/kernel.sh" debug)"
[ -f "$top/build/debug/kbpf_kunit.ko" ] ||
	{ echo "kunit.sh: build/debug/kbpf_kunit.ko missing (make kunit)"; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/kbpf-kunit.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$top/scripts/initramfs.sh" --kernel debug --kdir "$KDIR" \
	--out "$work/initramfs.gz" -- \
	sh -c 'insmod /root/kbpf_kunit.ko && rmmod kbpf_kunit'

status=0
python3 "$KSRC/tools/testing/kunit/kunit.py" exec --arch=x86_64 \
	--build_dir="$KDIR" --timeout=600 \
	--qemu_args="-initrd $work/initramfs.gz -smp 2 -m 2048" \
	--kernel_args="panic=-1" "$@" || status=$?

if "$top/scripts/splat-scan.sh" <"$KDIR/test.log"; then
	:
else
	echo "kunit.sh: the kernel log has a splat or leak report (above)"
	[ "$status" -ne 0 ] || status=1
fi
exit "$status"
