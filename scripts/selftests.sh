#!/bin/bash
# scripts/selftests.sh KERNEL [TARGET]...
# Boot KERNEL (debug, 6.12 or 6.1) once and run the user-space selftests
# against each TARGET in turn: kbpf (/dev/kbpf, the default) or linux
# (Linux's own bpf(2)). After the kbpf run, kbpf_modref checks that fds
# hold the module (it unloads and reloads kbpf). Prints the TAP of every
# run; exits like vm.sh.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kernel=${1:?usage: selftests.sh debug|6.12|6.1 [kbpf|linux]...}
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

exec "$top/scripts/vm.sh" --kernel "$kernel" --timeout 2400 \
	--add "$top/build/selftests/kbpf_selftests" \
	--add "$top/build/selftests/kbpf_modref" \
	--add "$top/tools/testing/selftests/run.sh" -- \
	sh -c 'rc=0
	export KBPF_TEST_TIMEOUT=$1
	[ -z "$2" ] || export KBPF_VERIFIER_SKIP_SLOW=1
	shift 2
	for t in "$@"; do
		echo "# selftests: KBPF_TEST_TARGET=$t"
		KBPF_TEST_TARGET=$t run.sh || rc=1
		if [ "$t" = kbpf ]; then
			echo "# selftests: module references"
			kbpf_modref || rc=1
		fi
	done
	exit $rc' sh "$test_timeout" "$skip_slow" "$@"
