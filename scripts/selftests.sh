#!/bin/bash
# scripts/selftests.sh [--param N=V]... [--only REGEX] KERNEL [TARGET]...
# Boot KERNEL (debug, 6.12 or 6.1) once and run the user-space selftests
# against each TARGET in turn: kbpf (/dev/kbpf, the default) or linux
# (Linux's own bpf(2)), then kbpf_libbpf (libkbpf and libbpf in one
# program) on the same target. After the kbpf run, kbpf_modref checks that
# fds hold the module (it unloads and reloads kbpf). Prints the TAP of
# every run; exits like vm.sh.
#   --param N=V   a kbpf.ko module parameter (vm.sh --param); repeatable
#   --only REGEX  run only the tests whose names match REGEX (grep -E),
#                 and skip kbpf_modref; a REGEX that matches no name
#                 fails (status 2) instead of running every test
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
params=()
only=
while [ $# -gt 0 ]; do
	case $1 in
	--param) params+=(--param "${2:?--param needs N=V}"); shift 2 ;;
	--only) only=${2:?--only needs a regex}; shift 2 ;;
	*) break ;;
	esac
done
kernel=${1:?usage: selftests.sh [--param N=V]... [--only REGEX] debug|6.12|6.1 [kbpf|linux]...}
shift
[ $# -gt 0 ] || set -- kbpf

# The per-test alarm only catches hangs: the debug kernel (KASAN,
# kmemleak, lockdep under TCG) runs per-CPU map churn many times slower.
# The verifier's 1M-instruction cases take minutes there: they run on the
# release kernels only.
test_timeout=30
skip_slow=
if [ "$kernel" = debug ]; then
	test_timeout=150
	skip_slow=1
fi

# The raw tracepoint tests' module, when built for this kernel.
tpmod=()
if [ -f "$top/build/$kernel/tpmod/kbpf_tp_test.ko" ]; then
	tpmod=(--add "$top/build/$kernel/tpmod/kbpf_tp_test.ko")
fi

exec "$top/scripts/vm.sh" --kernel "$kernel" --timeout 2400 ${params[@]+"${params[@]}"} \
	${tpmod[@]+"${tpmod[@]}"} \
	--add "$top/build/selftests/kbpf_selftests" \
	--add "$top/build/selftests/kbpf_modref" \
	--add "$top/build/selftests/kbpf_libbpf" \
	--add "$top/tools/testing/selftests/run.sh" -- \
	sh -c 'rc=0
	export KBPF_TEST_TIMEOUT=$1
	[ -z "$2" ] || export KBPF_VERIFIER_SKIP_SLOW=1
	only=$3
	names=
	[ -z "$only" ] || names=$(run.sh -l | grep -E "$only")
	# no names would run every test
	if [ -n "$only" ] && [ -z "$names" ]; then
		echo "# selftests: no test name matches --only $only"
		exit 2
	fi
	shift 3
	grep -H . /sys/module/kbpf/parameters/* 2>/dev/null |
		sed "s|^/sys/module/kbpf/parameters/|# kbpf parameter |"
	for t in "$@"; do
		echo "# selftests: KBPF_TEST_TARGET=$t"
		# shellcheck disable=SC2086 # one argument per test name
		KBPF_TEST_TARGET=$t run.sh $names || rc=1
		# the JIT counters: loads JITed, left to the interpreter
		if [ "$t" = kbpf ] && [ -r /sys/kernel/debug/kbpf/jit ]; then
			sed "s/^/# kbpf jit /" /sys/kernel/debug/kbpf/jit
		fi
		if [ -z "$only" ]; then
			echo "# selftests: libkbpf with libbpf, KBPF_TEST_TARGET=$t"
			KBPF_TEST_TARGET=$t kbpf_libbpf || rc=1
		fi
		if [ "$t" = kbpf ] && [ -z "$only" ]; then
			echo "# selftests: module references"
			kbpf_modref || rc=1
		fi
	done
	exit $rc' sh "$test_timeout" "$skip_slow" "$only" "$@"
