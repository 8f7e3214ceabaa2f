#!/bin/bash
# scripts/linux-suites.sh [-k KERNEL] [-s K] [-S] [-t SECONDS] [-f PATTERN] [-c] [-B] [-v]
# scripts/linux-suites.sh -T LOG   (only write the table of LOG, a saved run)
# Linux 6.12's verifier suites as differential input: lv_run
# (tools/testing/linux_suites) loads every case of the test_verifier
# tables and every program of progs/verifier_*.c into Linux's bpf(2) and
# into kbpf in one 6.12 guest, at CAP_BPF and at CAP_BPF + CAP_PERFMON,
# and compares the verdicts. Prints its TAP; the per-file table goes to
# build/linux-suites/table.md (with the files that did not build).
#   -k KERNEL   the guest's kernel: 6.12 (default) or debug (KASAN,
#               lockdep; Linux there has no JIT, so its verdicts on
#               callbacks and tail calls with subprograms are not 6.12's)
#   -s K        every K-th case only
#   -S          leave out the cases whose walks take minutes under TCG
#               (make check's sample)
#   -t SECONDS  a load may take this long (default 600)
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
args=() build=1 checked= kernel=6.12
table_only=
while getopts 'k:s:St:f:cBvT:' opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	s) args+=(-s "$OPTARG") ;;
	S) args+=(-S) ;;
	t) args+=(-t "$OPTARG") ;;
	f) args+=(-f "$OPTARG") ;;
	c) checked=-checked ;;
	B) build=0 ;;
	v) args+=(-v) ;;
	T) table_only=$OPTARG ;;
	*) sed -n '2,24p' "$0" | sed -E 's/^# ?//' >&2; exit 2 ;;
	esac
done

out=$top/build/linux-suites
# write_table LOG: the per-file table, the files not built, and each
# stricter or errno case with kbpf's reason, into build/linux-suites/table.md.
write_table() {
	local log=$1
	{
		sed -n '/^# lv-table begin/,/^# lv-table end/p' "$log" |
			sed -e '1d' -e '$d' -e 's/^# //'
		echo
		echo "Not built (not run):"
		sed 's/^/- /' "$out/src/progs/not-built.txt"
		# Each stricter or errno case with kbpf's last log line before the
		# "processed" line: why kbpf refused.
		for what in "kbpf stricter" "errno differs"; do
			echo
			echo "$what:"
			awk -v what="$what" '
			function flush() { if (name != "") print "- " name ": " why; name = "" }
			/^(not )?ok [0-9]+ / {
				flush()
				if (index($0, "# " what)) {
					name = $0
					sub(/^(not )?ok [0-9]+ /, "", name)
					sub(/ # .*/, "", name)
					why = ""
				}
				next
			}
			name != "" && /^#   linux: / { l = $0; sub(/^#   linux: /, "", l); why = "linux " l }
			name != "" && /^#     kbpf : / && !/processed [0-9]+ insns/ {
				k = $0; sub(/^#     kbpf : /, "", k); kw = k
			}
			name != "" && /^#     kbpf : processed/ { why = why "; kbpf: " kw }
			END { flush() }' "$log"
		done
	} >"$out/table.md"
}

if [ -n "$table_only" ]; then
	write_table "$table_only"
	exit 0
fi
if [ "$build" = 1 ]; then
	"$top/scripts/build.sh" "$kernel$checked" >/dev/null
	make -s -C "$top/tools/testing/linux_suites" O="$out" >/dev/null
fi

log=$out/lv_run-$kernel$checked.log
rc=0
"$top/scripts/vm.sh" --kernel "$kernel" --timeout 3600 \
	--module "$top/build/$kernel$checked/kbpf.ko" \
	--add "$out/lv_run" --add "$out/src/progs" -- sh -c '
	rc=0
	lv_run -o progs "$@" || rc=$?
	v=/sys/module/kbpf/parameters/checked_violations
	if [ -r $v ]; then
		echo "# checked violations: $(cat $v)"
		[ "$(cat $v)" = 0 ] || rc=1
	fi
	exit $rc' sh ${args[@]+"${args[@]}"} | tee "$log" || rc=$?
write_table "$log"
exit "$rc"
