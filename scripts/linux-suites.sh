#!/bin/bash
# scripts/linux-suites.sh [-s K] [-f PATTERN] [-c] [-B] [-v]
# Linux 6.12's verifier suites as differential input: lv_run
# (tools/testing/linux_suites) loads every case of the test_verifier
# tables and every program of progs/verifier_*.c into Linux's bpf(2) and
# into kbpf in one 6.12 guest, at CAP_BPF and at CAP_BPF + CAP_PERFMON,
# and compares the verdicts. Prints its TAP; the per-file table goes to
# build/linux-suites/table.md (with the files that did not build).
#   -s K        every K-th case only (make check's sample)
#   -f PATTERN  only the files matching (fnmatch, e.g. 'atomic_*')
#   -c          the checked module (build/6.12-checked): every accepted
#               program that runs is bounds-checked by kbpf's oracle; any
#               violation fails the run
#   -B          do not build (module, lv_run)
#   -v          print both outcomes of every case
# Exits with lv_run's status (non-zero on a looser case, a differing test
# run, or stricter above 5%), or vm.sh's.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
args=() build=1 checked=
while getopts 's:f:cBv' opt; do
	case $opt in
	s) args+=(-s "$OPTARG") ;;
	f) args+=(-f "$OPTARG") ;;
	c) checked=-checked ;;
	B) build=0 ;;
	v) args+=(-v) ;;
	*) sed -n '2,17p' "$0" | sed -E 's/^# ?//' >&2; exit 2 ;;
	esac
done

out=$top/build/linux-suites
if [ "$build" = 1 ]; then
	"$top/scripts/build.sh" "6.12$checked" >/dev/null
	make -s -C "$top/tools/testing/linux_suites" O="$out" >/dev/null
fi

log=$out/lv_run.log
rc=0
"$top/scripts/vm.sh" --kernel 6.12 --timeout 1800 \
	--module "$top/build/6.12$checked/kbpf.ko" \
	--add "$out/lv_run" --add "$out/src/progs" -- sh -c '
	rc=0
	lv_run -o progs "$@" || rc=$?
	v=/sys/module/kbpf/parameters/checked_violations
	if [ -r $v ]; then
		echo "# checked violations: $(cat $v)"
		[ "$(cat $v)" = 0 ] || rc=1
	fi
	exit $rc' sh ${args[@]+"${args[@]}"} | tee "$log" || rc=$?
{
	sed -n '/^# lv-table begin/,/^# lv-table end/p' "$log" |
		sed -e '1d' -e '$d' -e 's/^# //'
	echo
	echo "Not built (not run):"
	sed 's/^/- /' "$out/src/progs/not-built.txt"
} >"$out/table.md"
exit "$rc"
