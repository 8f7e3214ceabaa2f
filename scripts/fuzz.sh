#!/bin/bash
# scripts/fuzz.sh MODE [-n N] [-s SEED] [-m MIN] [-k KERNEL] [-P PRIV] [-u] [-B] [-c] [-o FILE] [-- ARGS...]
# The verifier fuzzer (tools/testing/fuzz/kbpf_fuzz) in a guest.
#
#   check     N programs (default 20000) on the debug kernel with the
#             checked module (build/debug-checked): exits non-zero on any
#             checked-mode violation, on a splat (vm.sh's 125), or on
#             fewer than MIN accepted programs (default 2000)
#   long      the same with N = 1000000 and MIN = 0 (`make fuzz`)
#   diff      N programs (default 20000) loaded into kbpf and into Linux's
#             bpf(2) in one 6.12 guest; prints every disagreement (and
#             writes them to build/fuzz/diff-PRIV-SEED.txt, or -o FILE); a
#             report, exits 0 unless the guest fails. -c: with the checked
#             6.12 module, every program kbpf accepts also runs on kbpf
#             and must not violate (checks the oracle against Linux's
#             verifier, and what kbpf alone accepts; exits 1 if one does)
#   oracle    the oracle's own tests (kbpf_fuzz -T) on the checked module
#             loaded with checked_skip_verifier=1 (its unsafe cases must
#             load to be stopped); -k 6.12 as for check
#   selftests the selftests on the checked module: zero violations wanted
#
#   -s SEED   default 1; the same seed gives the same programs
#   -B        do not build the module (use the one in build/)
#   -k KERNEL check, long and oracle: debug (default; KASAN, lockdep, kmemleak)
#             or 6.12 (release kernel, about 20 times faster)
#   -P PRIV   check, long and diff: the capabilities programs are loaded
#             with (kbpf_fuzz -C): all (default), perfmon (CAP_BPF and
#             CAP_PERFMON) or bpf (CAP_BPF alone); diff compares kbpf
#             and Linux at that level
#   -u        load the checked module with checked_skip_verifier=1: kbpf
#             accepts what passes the structural checks, kbpf_fuzz runs
#             templates only, and violations are expected (templates make
#             some unsafe accesses on purpose); implied by oracle
#   ARGS      passed on to kbpf_fuzz (e.g. -p 1000 for progress lines)
# Builds what it needs first (scripts/build.sh debug-checked or 6.12, and
# the fuzzer). Exits like vm.sh.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-}
case "$mode" in check|long|diff|oracle|selftests) shift ;;
*) sed -n '2,36p' "$0" | sed -E 's/^# ?//' >&2; exit 2 ;;
esac

n='' seed=1 min='' unverified=0 report='' build=1 checked= kernel=debug priv=all
while [ $# -gt 0 ]; do
	case "$1" in
	-n) n=${2:?-n needs a count}; shift 2 ;;
	-s) seed=${2:?-s needs a seed}; shift 2 ;;
	-m) min=${2:?-m needs a count}; shift 2 ;;
	-u) unverified=1; shift ;;
	-B) build=0; shift ;;
	-c) checked=-checked; shift ;;
	-o) report=${2:?-o needs a file}; shift 2 ;;
	-k) kernel=${2:?-k needs debug or 6.12}; shift 2 ;;
	-P) priv=${2:?-P needs all, perfmon or bpf}; shift 2 ;;
	--) shift; break ;;
	*) echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done

case "$mode" in
check) n=${n:-20000}; min=${min:-2000} ;;
long) n=${n:-1000000}; min=${min:-0} ;;
diff) n=${n:-20000} ;;
oracle) unverified=1 ;;
esac

case "$priv" in all|perfmon|bpf) ;; *)
	echo "fuzz.sh: -P takes all, perfmon or bpf" >&2; exit 2 ;; esac

make -s -C "$top/tools/testing/fuzz" O="$top/build/fuzz"
params=()
[ "$unverified" = 0 ] || params=(--param checked_skip_verifier=1)

module() { [ "$build" = 0 ] || "$top/scripts/build.sh" "$1" >/dev/null; }

# Guest time: the debug kernel under TCG runs a few hundred programs a
# second at best; leave room for boot and teardown.
timeout_for() { echo $(($1 / 20 + 600)); }

case "$mode" in
check|long)
	case "$kernel" in debug|6.12) ;; *)
		echo "fuzz.sh: -k takes debug or 6.12" >&2; exit 2 ;; esac
	module "$kernel-checked"
	# kmemleak's automatic scans stall the TCG guest for a minute and
	# more each; vm.sh's teardown still scans twice and reports leaks.
	exec "$top/scripts/vm.sh" --kernel "$kernel" \
		--module "$top/build/$kernel-checked/kbpf.ko" \
		--timeout "$(timeout_for "$n")" "${params[@]}" \
		--add "$top/build/fuzz/kbpf_fuzz" -- \
		sh -c '[ ! -w /sys/kernel/debug/kmemleak ] ||
		echo scan=off >/sys/kernel/debug/kmemleak
		exec kbpf_fuzz "$@"' sh -n "$n" -s "$seed" -m "$min" -C "$priv" \
		"$@"
	;;
diff)
	module "6.12$checked"
	report=${report:-$top/build/fuzz/diff-$priv-$seed.txt}
	log=$(mktemp "${TMPDIR:-/tmp}/kbpf-fuzz.XXXXXX")
	trap 'rm -f "$log"' EXIT
	rc=0
	"$top/scripts/vm.sh" --kernel 6.12 --timeout "$(timeout_for "$n")" \
		--module "$top/build/6.12$checked/kbpf.ko" "${params[@]}" --add "$top/build/fuzz/kbpf_fuzz" -- \
		kbpf_fuzz -d -n "$n" -s "$seed" -C "$priv" "$@" | tee "$log" ||
		rc=$?
	# The disagreements, from DIFF: to the next DIFF: or the summary.
	tr -d '\r' <"$log" | sed -n '/^DIFF: /,/^kbpf_fuzz: /p' |
		grep -v '^kbpf_fuzz: ' >"$report" || true
	echo "fuzz.sh: disagreements in $report"
	exit "$rc"
	;;
oracle)
	case "$kernel" in debug|6.12) ;; *)
		echo "fuzz.sh: -k takes debug or 6.12" >&2; exit 2 ;; esac
	module "$kernel-checked"
	exec "$top/scripts/vm.sh" --kernel "$kernel" \
		--module "$top/build/$kernel-checked/kbpf.ko" --timeout 600 \
		"${params[@]}" --add "$top/build/fuzz/kbpf_fuzz" -- kbpf_fuzz -T
	;;
selftests)
	module debug-checked
	make -s -C "$top/tools/testing/selftests" O="$top/build/selftests"
	# The tracepoint module the raw_tp and tp module tests load.
	tpmod=()
	ko=$top/build/debug-checked/tpmod/kbpf_tp_test.ko
	[ -f "$ko" ] && tpmod=(--add "$ko")
	exec "$top/scripts/vm.sh" --kernel debug \
		--module "$top/build/debug-checked/kbpf.ko" --timeout 2400 \
		"${params[@]}" ${tpmod[@]+"${tpmod[@]}"} \
		--add "$top/build/selftests/kbpf_selftests" \
		--add "$top/tools/testing/selftests/run.sh" -- \
		sh -c 'rc=0
		KBPF_TEST_TIMEOUT=150 run.sh "$@" || rc=1
		v=$(cat /sys/module/kbpf/parameters/checked_violations)
		echo "# checked violations: $v"
		[ "$v" = 0 ] || rc=1
		exit $rc' sh "$@"
	;;
esac
