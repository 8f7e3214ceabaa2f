#!/bin/bash
# scripts/fail-nth.sh [REGEX]
# The full fault-injection sweep (make fail-nth): the fail_nth selftests
# on the debug kernel with KBPF_FAIL_NTH=full, every fault point of every
# operation failed in turn (the debug selftests try a sample of them).
# REGEX narrows the tests (default: all fail_nth_*). Prints each
# operation's injection points; exits like vm.sh (kmemleak and the splat
# scan judge the whole run).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
only=${1:-fail_nth}

exec "$top/scripts/vm.sh" --kernel debug --timeout 7200 \
	--add "$top/build/selftests/kbpf_selftests" \
	--add "$top/tools/testing/selftests/run.sh" -- \
	sh -c 'export KBPF_FAIL_NTH=full KBPF_TEST_TIMEOUT=3600
	# shellcheck disable=SC2046 # one argument per test name
	KBPF_TEST_TARGET=kbpf run.sh $(run.sh -l | grep -E "$1")' sh "$only"
