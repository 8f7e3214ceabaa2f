#!/bin/bash
# scripts/harness-selftest.sh: prove that scripts/vm.sh gives the right
# verdict, live on the debug kernel. Prints TAP; exits non-zero if any case
# fails. Builds tools/testing/harness/kbpf_splat.ko into build/debug/harness/
# when missing or stale. Runs with --no-load: kbpf itself is not needed.
# Set V=1 to see every guest console.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
src=$top/tools/testing/harness
out=$top/build/debug/harness
ko=$out/kbpf_splat.ko

kinfo=$(bash "$here/kernel.sh" debug)
KDIR=''
eval "$kinfo"

# Build out of tree in a copy, so that the source tree stays clean.
if [ ! -f "$ko" ] || [ -n "$(find "$src" -newer "$ko" -type f)" ]; then
	mkdir -p "$out"
	cp "$src/Kbuild" "$src/kbpf_splat.c" "$out/"
	make -s -C "$KDIR" M="$out" modules >&2
fi

log=$(mktemp "${TMPDIR:-/tmp}/kbpf-harness.XXXXXX")
trap 'rm -f "$log"' EXIT

n=0 failed=0
# check WANT DESC VM-ARGS...: run vm.sh, expect exit status WANT.
check() {
	local want=$1 desc=$2 got start
	shift 2
	n=$((n + 1))
	start=$SECONDS
	set +e
	if [ "${V:-0}" = 1 ]; then
		bash "$here/vm.sh" "$@" 2>&1 | tee "$log"
		got=${PIPESTATUS[0]}
	else
		bash "$here/vm.sh" "$@" >"$log" 2>&1
		got=$?
	fi
	set -e
	if [ "$got" = "$want" ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		echo "# expected exit $want, got $got; end of console:"
		tail -n 25 "$log" | tr -d '\r' | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
	grep -a '^vm\.sh: ' "$log" | sed 's/^/# /'
	echo "# $((SECONDS - start)) s"
}

echo "TAP version 13"
echo "1..8"
check 125 "KASAN splat is caught though CMD exits 0" \
	--no-load --add "$ko" -- insmod kbpf_splat.ko what=kasan
check 125 "lockdep splat is caught though CMD exits 0" \
	--no-load --add "$ko" -- insmod kbpf_splat.ko what=lockdep
check 125 "kmemleak report is caught though CMD exits 0" \
	--no-load --add "$ko" -- insmod kbpf_splat.ko what=leak
check 125 "a task hung in D state is caught though CMD exits 0" \
	--no-load --add "$ko" --timeout 200 -- insmod kbpf_splat.ko what=hung
# An injected failure's report (FAULT_INJECTION: forcing a failure, and a
# stack dump at the default verbosity) is no splat. One user copy of the
# subshell fails (the path of the open); CMD fails unless it was injected.
check 0 "an injected failure is not a splat" \
	--no-load -- sh -c 'd=/sys/kernel/debug/fail_usercopy
		echo Y > $d/task-filter; echo 100 > $d/probability
		echo 1 > $d/times
		(echo 1 > /proc/self/make-it-fail; : > /tmp/x) 2>/dev/null
		dmesg | grep -q "FAULT_INJECTION: forcing a failure"'
check 3 "CMD's exit status is passed through" \
	--no-load -- sh -c 'exit 3'
check 124 "a hung CMD times out" \
	--no-load --timeout 30 -- sleep 1000
check 0 "a clean boot shows no splat" \
	--no-load -- true
[ "$failed" = 0 ]
