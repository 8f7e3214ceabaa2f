#!/bin/bash
# scripts/check.sh: everything `make check` promises, in order:
# deps, kernels, builds for debug/6.12/6.1, checkpatch, sparse, the tables rule (scripts/tables.sh),
# the import-circle rule (scripts/include-cycles.py),
# the verifier's rule table (scripts/rule-table.sh), KUnit on debug,
# selftests on debug, on 6.12 (against Linux's bpf(2) and against kbpf)
# and on 6.1, the examples on 6.12 (Linux's bpf(2), then kbpf-run) and
# on debug (kbpf-run), Linux's verifier suites against kbpf on 6.12
# (scripts/linux-suites.sh), the sleepable-program selftests on debug with the SRCU
# flavour (sleepable_srcu=1), the map stress on debug, the live harness self-tests, and
# the bounded verifier fuzz run (checked module, scripts/fuzz.sh check:
# one case, passed or failed; KBPF_CHECK_FUZZ=0 skips it) and the bounded
# ioctl-sequence fuzz run (45 s from seed 1 on debug, scripts/seqfuzz.sh
# check: one case; KBPF_CHECK_SEQFUZZ=0 skips it). Ends with one line
# "N passed, N failed" (KUnit cases + selftest cases + harness cases;
# a failed step with no cases of its own counts as one failure).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
logs=$top/build/check
mkdir -p "$logs"
passed=0
failed=0
# What failed, one line each, repeated at the end: CI shows only the tail.
failures=()
start=$(date +%s)

note() { printf '== %s (%ds)\n' "$*" $(($(date +%s) - start)); }

# step NAME CMD...: run CMD with its output in build/check/NAME.log,
# shown on failure. Returns CMD's status.
step() {
	local name=$1 rc=0
	shift
	note "$name"
	"$@" >"$logs/$name.log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "-- $name failed (status $rc); its log:"
		failures+=("$name: status $rc")
		tail -n 200 "$logs/$name.log"
	fi
	return "$rc"
}

# A step that has no cases of its own: one failure if it fails.
plain_step() {
	step "$@" || failed=$((failed + 1))
}

# Count TAP results of a log: "ok" (incl. SKIP) and "not ok" lines.
count_tap() {
	local log=$1 ok bad
	ok=$(grep -cE '^ok [0-9]+' "$log" || true)
	bad=$(grep -cE '^not ok [0-9]+' "$log" || true)
	echo "   $(basename "$log" .log): $ok ok, $bad not ok"
	local line
	while IFS= read -r line; do
		failures+=("$(basename "$log" .log): $line")
	done < <(grep -aE '^not ok [0-9]+' "$log" | head -n 40)
	passed=$((passed + ok))
	failed=$((failed + bad))
}

tap_step() {
	local name=$1
	if ! step "$@"; then
		# The run failed: make sure that counts even with no "not ok".
		grep -qE '^not ok [0-9]+' "$logs/$name.log" ||
			failed=$((failed + 1))
	fi
	count_tap "$logs/$name.log"
}

plain_step deps scripts/deps.sh
plain_step kernel-debug scripts/kernel.sh debug
plain_step kernel-6.12 scripts/kernel.sh 6.12
plain_step kernel-6.1 scripts/kernel.sh 6.1
plain_step build-debug scripts/build.sh debug
plain_step build-6.12 scripts/build.sh 6.12
plain_step build-6.1 scripts/build.sh 6.1
plain_step build-tools make tools
plain_step build-examples make examples
plain_step checkpatch scripts/checkpatch.sh
plain_step sparse scripts/sparse.sh 6.12
plain_step tables scripts/tables.sh
plain_step include-cycles scripts/include-cycles.py
plain_step rule-table scripts/rule-table.sh

note kunit
if scripts/kunit.sh >"$logs/kunit.log" 2>&1; then rc=0; else rc=$?; fi
summary=$(grep -E 'Ran [0-9]+ tests' "$logs/kunit.log" | tail -n 1 || true)
echo "   kunit: ${summary:-no summary}"
kp=$(sed -nE 's/.*passed: ([0-9]+).*/\1/p' <<<"$summary")
kf=$(sed -nE 's/.*failed: ([0-9]+).*/\1/p' <<<"$summary")
passed=$((passed + ${kp:-0}))
failed=$((failed + ${kf:-0}))
if [ "$rc" -ne 0 ]; then
	tail -n 200 "$logs/kunit.log"
	failures+=("kunit: status $rc")
	while IFS= read -r line; do
		failures+=("kunit: $line")
	done < <(grep -aE '\[FAILED\]|\[CRASHED\]' "$logs/kunit.log" | head -n 40)
	[ "${kf:-0}" -gt 0 ] || failed=$((failed + 1))
fi

tap_step selftests-debug scripts/selftests.sh debug kbpf
tap_step selftests-6.12 scripts/selftests.sh 6.12 linux kbpf
tap_step selftests-6.1 scripts/selftests.sh 6.1 kbpf
# PERF_SAMPLE_REGS_INTR under lockdown, in a 6.12 boot of its own (a
# lockdown level cannot be lowered): Linux's bpf(2) side, then kbpf.
# shellcheck disable=SC2016 # $t and $rc are the guest's
tap_step selftests-lockdown-6.12 scripts/vm.sh --kernel 6.12 --timeout 600 \
	--add build/selftests/kbpf_selftests \
	--add tools/testing/selftests/run.sh -- sh -c \
	'export KBPF_TEST_LOCKDOWN=confidentiality; rc=0
	for t in linux kbpf; do
		KBPF_TEST_TARGET=$t run.sh tp_sample_regs_intr_lockdown || rc=1
	done
	exit $rc'
# examples/ (clang-19, Debian's libbpf): Linux's bpf(2), then kbpf-run;
# on debug, the kbpf side alone, for KASAN, lockdep and kmemleak.
tap_step examples-6.12 scripts/examples.sh 6.12
tap_step examples-debug scripts/examples.sh --sides kbpf debug
# Linux 6.12's verifier suites, loaded into Linux and kbpf on 6.12: every
# case but the four 1M-instruction walks (the full run is `make
# verifier-suites`; LV_CHECK_ARGS replaces the sample's options).
# shellcheck disable=SC2086 # options, one word each
tap_step verifier-suites scripts/linux-suites.sh ${LV_CHECK_ARGS:--S}
# The SRCU flavour of the sleepable read side: what runs programs, frees
# maps and programs, and attaches links, on the debug kernel.
tap_step selftests-srcu scripts/selftests.sh --param sleepable_srcu=1 \
	--only '^(link_|user_ringbuf|ringbuf|prog_run|hash_|prog_for_each|dynptr)' \
	debug kbpf
if ! grep -q '^# kbpf parameter sleepable_srcu:Y' "$logs/selftests-srcu.log"; then
	echo "-- selftests-srcu: kbpf did not run with sleepable_srcu=Y"
	failures+=("selftests-srcu: sleepable_srcu was not Y")
	failed=$((failed + 1))
fi
# The JIT (jit_enable=1, off by default): program-running selftests on
# 6.12, a smaller sample on debug (every JIT load there costs seconds
# under KASAN: docs/jit.md).
tap_step selftests-jit-6.12 scripts/selftests.sh --param jit_enable=1 \
	--only '^(prog_|tail_call|sk_filter|ringbuf|dynptr|link_|hash|array|user_ringbuf|verifier_(alu|jmp|stack|map|ctx|call|callback|skb))' \
	6.12 kbpf
tap_step selftests-jit-debug scripts/selftests.sh --param jit_enable=1 \
	--only '^(prog_run|prog_stack|prog_info|tail_call|sk_filter|dynptr|link_raw_tp)' \
	debug kbpf
for l in selftests-jit-6.12 selftests-jit-debug; do
	if ! grep -q '^# kbpf parameter jit_enable:1' "$logs/$l.log"; then
		echo "-- $l: kbpf did not run with jit_enable=1"
		failures+=("$l: jit_enable was not 1")
		failed=$((failed + 1))
	fi
done
# The JIT against the interpreter, instruction by instruction: every
# program of tools/testing/jitfuzz/jit_diff.c loaded with jit_enable 0
# and 1, their results compared (about 10 s on 6.12).
if step jit-diff-6.12 scripts/vm.sh --kernel 6.12 --param jit_enable=1 \
	--add build/jitfuzz/jit_diff -- /root/jit_diff; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi
grep -a '^jit_diff: ' "$logs/jit-diff-6.12.log" | sed 's/^/   /' || true
# Tail calls and callbacks, JIT against interpreter, then a JITed tail
# call running while its slot is emptied and refilled (jit_calls.c).
if step jit-calls-6.12 scripts/vm.sh --kernel 6.12 --param jit_enable=1 \
	--add build/jitfuzz/jit_calls -- /root/jit_calls 5; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi
grep -a '^jit_calls: \|^race: ' "$logs/jit-calls-6.12.log" | sed 's/^/   /' || true
# The same with every JITed program blinded (jit_harden=2): blinded code
# against the interpreter.
if step jit-diff-harden-6.12 scripts/vm.sh --kernel 6.12 --param jit_enable=1 \
	--param jit_harden=2 --add build/jitfuzz/jit_diff -- /root/jit_diff; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi
grep -a '^jit_diff: ' "$logs/jit-diff-harden-6.12.log" | sed 's/^/   /' || true
# Tail calls and callbacks with every program blinded: programs of
# several functions and callbacks are JITed blinded, so prog arrays never
# mix them with interpreted ones (about 15 s on 6.12).
if step jit-calls-harden-6.12 scripts/vm.sh --kernel 6.12 --param jit_enable=1 \
	--param jit_harden=2 --add build/jitfuzz/jit_calls -- /root/jit_calls 5; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi
grep -a '^jit_calls: \|^race: ' "$logs/jit-calls-harden-6.12.log" | sed 's/^/   /' || true
# Hostile JITed tail calls on the debug kernel (jit_attack.c): prog
# arrays in cycles, a slot replaced and emptied under JITed tail calls
# for 3 s, a stack trace through JITed frames; KASAN and lockdep watch.
if step jit-attack-debug scripts/vm.sh --kernel debug --param jit_enable=1 \
	--add build/jitfuzz/jit_attack -- /root/jit_attack 3; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi
grep -a '^jit_attack: \|^replace: \|^owner: ' "$logs/jit-attack-debug.log" | sed 's/^/   /' || true
tap_step stress-debug scripts/stress.sh 10
tap_step harness scripts/harness-selftest.sh
# The bounded verifier fuzz run (KBPF_CHECK_FUZZ=0 skips it).
if [ "${KBPF_CHECK_FUZZ:-1}" = 1 ]; then
	plain_step build-debug-checked scripts/build.sh debug-checked
	if step fuzz scripts/fuzz.sh check -B; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	grep -a '^kbpf_fuzz: ' "$logs/fuzz.log" | sed 's/^/   /' || true
fi
# The bounded ioctl-sequence fuzz run: a splat, a hang, a leaked ID or a
# failed rmmod fails it (KBPF_CHECK_SEQFUZZ=0 skips it).
if [ "${KBPF_CHECK_SEQFUZZ:-1}" = 1 ]; then
	if step seqfuzz scripts/seqfuzz.sh check -B; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	grep -a '^seqfuzz: seed .* steps' "$logs/seqfuzz.log" | sed 's/^/   /' || true
fi

note "done"
if [ "${#failures[@]}" -gt 0 ]; then
	echo "-- what failed (the logs are in build/check/):"
	printf '   %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
