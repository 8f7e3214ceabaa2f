#!/bin/bash
# scripts/seqfuzz.sh check|long [-s SEED] [-d SECONDS] [-k KERNEL] [-B] [-- ARGS...]
# The ioctl-sequence fuzzer (tools/testing/fuzz/seq, kbpf_seqfuzz) in a
# guest: root and a capability-less process fuzzing every command at once
# for SECONDS, then no map, program or link ID may be left and kbpf must
# unload (vm.sh). Exits like vm.sh: 125 on a splat (KASAN, lockdep,
# UBSAN, a soft lockup or a task hung for 30 s), a kmemleak report or a
# failed rmmod; 124 on a hang past the guest's timeout; 1 when the
# fuzzer saw a leaked ID or a violation.
#
#   check     SECONDS 45 (default), seed 1: the bounded run of make check
#   long      SECONDS 7200 (default): make fuzz; kmemleak scans every
#             10 minutes during the run, besides vm.sh's at the end
#
#   -s SEED   default 1; printed with the histogram
#   -d SECONDS
#   -k KERNEL debug (default), 6.12 or 6.1
#   -B        do not build the module (use the one in build/)
#   ARGS      passed on to kbpf_seqfuzz (see tools/testing/fuzz/seq/main.c)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-}
case "$mode" in check|long) shift ;;
*) sed -n '2,20p' "$0" | sed -E 's/^# ?//' >&2; exit 2 ;;
esac

seed=1 seconds='' kernel=debug build=1
while [ $# -gt 0 ]; do
	case "$1" in
	-s) seed=${2:?-s needs a seed}; shift 2 ;;
	-d) seconds=${2:?-d needs seconds}; shift 2 ;;
	-k) kernel=${2:?-k needs a kernel}; shift 2 ;;
	-B) build=0; shift ;;
	--) shift; break ;;
	*) echo "seqfuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
case "$mode" in
check) seconds=${seconds:-45}; scan=0 ;;
long) seconds=${seconds:-7200}; scan=600 ;;
esac

make -s -C "$top/tools/testing/fuzz" O="$top/build/fuzz"
[ "$build" = 0 ] || "$top/scripts/build.sh" "$kernel" >/dev/null

# SECONDS are the guest's: on a loaded host a TCG guest's clock runs at
# half the wall clock's speed and less (measured here with 6 guests on
# 2 cores). Wall time allowed: 3 x SECONDS, and boot, the last slow
# steps, the ID walk and teardown.
# kmemleak's automatic scans stall a TCG guest for a minute and more:
# off, and scanned every $scan seconds instead (0: only at the end).
exec "$top/scripts/vm.sh" --kernel "$kernel" --timeout $((3 * seconds + 900)) \
	--add "$top/build/fuzz/kbpf_seqfuzz" -- \
	sh -c 'k=/sys/kernel/debug/kmemleak scan=$1 secs=$2
	shift 2
	scanner=
	if [ -w $k ]; then
		echo scan=off >$k
		if [ "$scan" -gt 0 ]; then
			(while sleep "$scan"; do
				echo "seqfuzz.sh: kmemleak scan"
				echo scan >$k
			done) &
			scanner=$!
		fi
	fi
	# Past the deadline by 2 minutes: every thread'"'"'s state, system call
	# and kernel stack, every 2 minutes, until the run ends.
	(sleep $((secs + 120))
	while :; do
		echo "seqfuzz.sh: still running past the deadline:"
		for t in /proc/[0-9]*/task/*; do
			[ "$(cat $t/comm 2>/dev/null)" = kbpf_seqfuzz ] || continue
			echo "seqfuzz.sh: $t state $(cut -d" " -f3 $t/stat)" \
				"syscall $(cat $t/syscall)"
			sed "s/^/seqfuzz.sh:   /" $t/stack
		done
		sleep 120
	done) &
	dog=$!
	rc=0
	kbpf_seqfuzz "$@" || rc=$?
	kill $dog $scanner 2>/dev/null
	exit $rc' sh "$scan" "$seconds" -s "$seed" -d "$seconds" "$@"
