#!/bin/bash
# scripts/check.sh: everything `make check` promises:
# deps, kernels, builds for debug/6.12/6.1, checkpatch, sparse, the tables rule (scripts/tables.sh),
# the import-circle rule (scripts/include-cycles.py),
# the verifier's rule table (scripts/rule-table.sh), KUnit on debug,
# selftests on debug, on 6.12 (against Linux's bpf(2) and against kbpf)
# and on 6.1, the examples on 6.12 (Linux's bpf(2), then kbpf-run) and
# on debug (kbpf-run), Linux's verifier suites against kbpf on 6.12
# (scripts/linux-suites.sh), the sleepable-program selftests on debug with the SRCU
# flavour (sleepable_srcu=1), the JIT's steps, the map stress on debug, the live
# harness self-tests, and
# the bounded verifier fuzz run (checked module, scripts/fuzz.sh check:
# one case, passed or failed; KBPF_CHECK_FUZZ=0 skips it) and the bounded
# ioctl-sequence fuzz run (45 s from seed 1 on debug, scripts/seqfuzz.sh
# check: one case; KBPF_CHECK_SEQFUZZ=0 skips it). Ends with one line
# "N passed, N failed" (KUnit cases + selftest cases + harness cases;
# a failed step with no cases of its own counts as one failure).
#
# Order: what every later step shares (deps, kernel source, the Debian
# kernels, the user-space tools) runs first, alone. Then two lanes run side
# by side: the debug lane builds the debug kernel when the cache lacks it
# and the debug modules; the main lane runs the 6.12 and 6.1 work and
# waits for those modules. Then both take the debug kernel's guest steps
# from one queue until it is empty. A guest is one TCG thread
# (scripts/vm.sh), so two lanes keep two cores busy.
# KBPF_CHECK_LANES=1 runs the debug lane, then the main lane, one step at a
# time. Each step's output goes to build/check/NAME.log, its status to
# NAME.rc; the report at the end counts the steps lane by lane, in the
# order each lane ran them.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
logs=$top/build/check
mkdir -p "$logs"
rm -f "$logs"/*.log "$logs"/*.rc "$logs"/*.steps "$logs"/queue.*
passed=0
failed=0
# What failed, one line each, repeated at the end: CI shows only the tail.
failures=()
start=$(date +%s)
lane=first

note() { printf '== %s (%ds)\n' "$*" $(($(date +%s) - start)); }

# run KIND NAME CMD...: run CMD, its output in build/check/NAME.log and
# its status in NAME.rc. KIND says how the report counts it: plain (no
# cases of its own: one failure if it fails), tap (its TAP lines), kunit
# (kunit.py's summary) or case (one case, passed or failed).
run() {
	local kind=$1 name=$2 rc=0
	shift 2
	echo "$kind $name" >>"$logs/$lane.steps"
	note "$lane: $name"
	"$@" >"$logs/$name.log" 2>&1 || rc=$?
	echo "$rc" >"$logs/$name.rc"
	[ "$rc" -eq 0 ] || note "$lane: $name failed (status $rc)"
}

# Wait until step NAME has ended (its .rc exists) or lane PID is gone.
wait_step() {
	local name=$1 pid=$2
	while [ ! -f "$logs/$name.rc" ] && kill -0 "$pid" 2>/dev/null; do
		sleep 2
	done
}

# The debug kernel's guest steps, longest first (warm times: 8, 6, 3, 3,
# 2, 1.5, 1.5, 1, 1 and 1 min). Either lane takes the next one when it is
# free (take_queued), so the lanes end together whether the debug kernel
# was cached or had to be built.
queued=(selftests-debug harness fuzz selftests-srcu stress-debug kunit seqfuzz
	examples-debug selftests-jit-debug jit-attack-debug)

queued_step() {
	case $1 in
	selftests-debug) run tap selftests-debug scripts/selftests.sh debug kbpf ;;
	harness) run tap harness scripts/harness-selftest.sh ;;
	# The bounded verifier fuzz run on the checked module.
	fuzz)
		[ "${KBPF_CHECK_FUZZ:-1}" != 1 ] ||
			run case fuzz scripts/fuzz.sh check -B
		;;
	# The SRCU flavour of the sleepable read side: what runs programs,
	# frees maps and programs, and attaches links.
	selftests-srcu)
		run tap selftests-srcu scripts/selftests.sh --param sleepable_srcu=1 \
			--only '^(link_|user_ringbuf|ringbuf|prog_run|hash_|prog_for_each|dynptr)' \
			debug kbpf
		;;
	stress-debug) run tap stress-debug scripts/stress.sh 10 ;;
	kunit) run kunit kunit scripts/kunit.sh ;;
	# The bounded ioctl-sequence fuzz run: a splat, a hang, a leaked ID
	# or a failed rmmod fails it.
	seqfuzz)
		[ "${KBPF_CHECK_SEQFUZZ:-1}" != 1 ] ||
			run case seqfuzz scripts/seqfuzz.sh check -B
		;;
	# examples/ on debug: the kbpf side alone, for KASAN, lockdep, kmemleak.
	examples-debug)
		run tap examples-debug scripts/examples.sh --sides kbpf debug
		;;
	# The JIT on debug: a sample (JIT loads are slow under KASAN:
	# docs/jit.md).
	selftests-jit-debug)
		run tap selftests-jit-debug scripts/selftests.sh --param jit_enable=1 \
			--only '^(prog_run|prog_stack|prog_info|tail_call|sk_filter|dynptr|link_raw_tp)' \
			debug kbpf
		;;
	# Hostile JITed tail calls (jit_attack.c): prog arrays in cycles, a
	# slot replaced and emptied under JITed tail calls for 3 s, a stack
	# trace through JITed frames; KASAN and lockdep watch.
	jit-attack-debug)
		run case jit-attack-debug scripts/vm.sh --kernel debug --param jit_enable=1 \
			--add build/jitfuzz/jit_attack -- /root/jit_attack 3
		;;
	esac
}

# Run queued steps until none is left. build/check/queue.next holds the
# index of the next one, read and advanced under build/check/queue.lock.
take_queued() {
	local i
	while :; do
		# shellcheck disable=SC2016 # the inner shell's $1 and $n
		i=$(flock "$logs/queue.lock" sh -c \
			'n=$(cat "$1"); echo $((n + 1)) >"$1"; echo "$n"' sh "$logs/queue.next")
		[ "$i" -lt "${#queued[@]}" ] || return 0
		queued_step "${queued[$i]}"
	done
}

# The debug kernel's build goes below the main lane's guests in CPU
# priority: their timeouts are real time, the build has none.
debug_lane() {
	run plain kernel-debug nice -n 10 scripts/kernel.sh debug
	run plain build-debug scripts/build.sh debug
	[ "${KBPF_CHECK_FUZZ:-1}" != 1 ] ||
		run plain build-debug-checked scripts/build.sh debug-checked
	take_queued
}

# debug_pid: the debug lane, whose module builds the last steps wait for.
main_lane() {
	local debug_pid=$1
	run plain build-6.12 scripts/build.sh 6.12
	run plain build-6.1 scripts/build.sh 6.1
	run plain checkpatch scripts/checkpatch.sh
	run plain sparse scripts/sparse.sh 6.12
	run plain tables scripts/tables.sh
	run plain include-cycles scripts/include-cycles.py
	run plain rule-table scripts/rule-table.sh
	run tap selftests-6.12 scripts/selftests.sh 6.12 linux kbpf
	run tap selftests-6.1 scripts/selftests.sh 6.1 kbpf
	# PERF_SAMPLE_REGS_INTR under lockdown, in a 6.12 boot of its own (a
	# lockdown level cannot be lowered): Linux's bpf(2) side, then kbpf.
	# shellcheck disable=SC2016 # $t and $rc are the guest's
	run tap selftests-lockdown-6.12 scripts/vm.sh --kernel 6.12 --timeout 600 \
		--add build/selftests/kbpf_selftests \
		--add tools/testing/selftests/run.sh -- sh -c \
		'export KBPF_TEST_LOCKDOWN=confidentiality; rc=0
		for t in linux kbpf; do
			KBPF_TEST_TARGET=$t run.sh tp_sample_regs_intr_lockdown || rc=1
		done
		exit $rc'
	# examples/ (clang-19, Debian's libbpf): Linux's bpf(2), then kbpf-run.
	run tap examples-6.12 scripts/examples.sh 6.12
	# Linux 6.12's verifier suites, loaded into Linux and kbpf on 6.12:
	# every case but the four 1M-instruction walks (the full run is `make
	# verifier-suites`; LV_CHECK_ARGS replaces the sample's options).
	# shellcheck disable=SC2086 # options, one word each
	run tap verifier-suites scripts/linux-suites.sh ${LV_CHECK_ARGS:--S}
	# The JIT (jit_enable=1, off by default): program-running selftests,
	# on 6.12 and on 6.1, whose arena layout, unwind entry and return
	# thunk differ (docs/jit-memory.md).
	local k jit_set='^(prog_|tail_call|sk_filter|ringbuf|dynptr|link_|hash|array|user_ringbuf|verifier_(alu|jmp|stack|map|ctx|call|callback|skb))'
	for k in 6.12 6.1; do
		run tap "selftests-jit-$k" scripts/selftests.sh --param jit_enable=1 \
			--only "$jit_set" "$k" kbpf
	done
	# The JIT against the interpreter, instruction by instruction: every
	# program of tools/testing/jitfuzz/jit_diff.c loaded with jit_enable 0
	# and 1, their results compared (about 10 s on 6.12).
	run case jit-diff-6.12 scripts/vm.sh --kernel 6.12 --param jit_enable=1 \
		--add build/jitfuzz/jit_diff -- /root/jit_diff
	# Tail calls and callbacks, JIT against interpreter, then a JITed tail
	# call running while its slot is emptied and refilled (jit_calls.c).
	run case jit-calls-6.12 scripts/vm.sh --kernel 6.12 --param jit_enable=1 \
		--add build/jitfuzz/jit_calls -- /root/jit_calls 5
	# The same two with every JITed program blinded (jit_harden=2). Programs
	# of several functions and callbacks are JITed blinded, so prog arrays
	# never mix them with interpreted ones.
	run case jit-diff-harden-6.12 scripts/vm.sh --kernel 6.12 --param jit_enable=1 \
		--param jit_harden=2 --add build/jitfuzz/jit_diff -- /root/jit_diff
	run case jit-calls-harden-6.12 scripts/vm.sh --kernel 6.12 --param jit_enable=1 \
		--param jit_harden=2 --add build/jitfuzz/jit_calls -- /root/jit_calls 5
	# The rest runs on the debug kernel: wait for its module builds.
	wait_step build-debug "$debug_pid"
	[ "${KBPF_CHECK_FUZZ:-1}" != 1 ] || wait_step build-debug-checked "$debug_pid"
	take_queued
}

# What every lane shares, one step at a time.
run plain deps scripts/deps.sh
run plain kernel-source scripts/kernel.sh source
run plain kernel-6.12 scripts/kernel.sh 6.12
run plain kernel-6.1 scripts/kernel.sh 6.1
run plain build-tools make tools
run plain build-examples make examples
echo 0 >"$logs/queue.next"

if [ "${KBPF_CHECK_LANES:-2}" = 1 ]; then
	lane=debug debug_lane
	lane=main main_lane $$
else
	lane=debug debug_lane &
	debug_pid=$!
	lane=main main_lane "$debug_pid" &
	main_pid=$!
	wait "$debug_pid" "$main_pid"
fi
note "done"

# The report: count every step, in the order the lanes listed them.
fail() {
	failures+=("$1")
	failed=$((failed + 1))
}

show_log() {
	echo "-- $1 failed (status $2); its log:"
	tail -n 200 "$logs/$1.log"
}

# Count TAP results of a log: "ok" (incl. SKIP) and "not ok" lines.
count_tap() {
	local name=$1 log=$logs/$1.log ok bad line
	ok=$(grep -cE '^ok [0-9]+' "$log" || true)
	bad=$(grep -cE '^not ok [0-9]+' "$log" || true)
	echo "   $name: $ok ok, $bad not ok"
	while IFS= read -r line; do
		failures+=("$name: $line")
	done < <(grep -aE '^not ok [0-9]+' "$log" | head -n 40)
	passed=$((passed + ok))
	failed=$((failed + bad))
}

count_kunit() {
	local rc=$1 log=$logs/kunit.log summary kp kf line
	summary=$(grep -E 'Ran [0-9]+ tests' "$log" | tail -n 1 || true)
	echo "   kunit: ${summary:-no summary}"
	kp=$(sed -nE 's/.*passed: ([0-9]+).*/\1/p' <<<"$summary")
	kf=$(sed -nE 's/.*failed: ([0-9]+).*/\1/p' <<<"$summary")
	passed=$((passed + ${kp:-0}))
	failed=$((failed + ${kf:-0}))
	[ "$rc" -ne 0 ] || return 0
	tail -n 200 "$log"
	failures+=("kunit: status $rc")
	while IFS= read -r line; do
		failures+=("kunit: $line")
	done < <(grep -aE '\[FAILED\]|\[CRASHED\]' "$log" | head -n 40)
	[ "${kf:-0}" -gt 0 ] || failed=$((failed + 1))
}

# Lines of a step's log worth a place in the summary.
summary_lines() {
	case $1 in
	jit-diff-*) grep -a '^jit_diff: ' "$logs/$1.log" ;;
	jit-calls-*) grep -a '^jit_calls: \|^race: ' "$logs/$1.log" ;;
	jit-attack-*) grep -a '^jit_attack: \|^replace: \|^owner: ' "$logs/$1.log" ;;
	fuzz) grep -a '^kbpf_fuzz: ' "$logs/$1.log" ;;
	seqfuzz) grep -a '^seqfuzz: seed .* steps' "$logs/$1.log" ;;
	esac | sed 's/^/   /'
}

# A module parameter the step must have run with, from selftests.sh's
# "# kbpf parameter NAME:VALUE" line.
check_param() {
	local name=$1 want=$2
	grep -q "^# kbpf parameter $want" "$logs/$name.log" && return
	echo "-- $name: kbpf did not run with $want"
	fail "$name: kbpf did not run with $want"
}

report() {
	local kind=$1 name=$2 rc
	rc=$(cat "$logs/$name.rc" 2>/dev/null || echo "not run")
	if [ "$rc" = "not run" ]; then
		echo "-- $name did not end"
		fail "$name: did not end"
		return
	fi
	case $kind in
	plain)
		[ "$rc" -eq 0 ] && return
		show_log "$name" "$rc"
		fail "$name: status $rc"
		;;
	case)
		summary_lines "$name"
		if [ "$rc" -eq 0 ]; then
			passed=$((passed + 1))
		else
			show_log "$name" "$rc"
			fail "$name: status $rc"
		fi
		;;
	tap)
		if [ "$rc" -ne 0 ]; then
			show_log "$name" "$rc"
			failures+=("$name: status $rc")
			# A failed run counts even with no "not ok" line.
			grep -qE '^not ok [0-9]+' "$logs/$name.log" ||
				failed=$((failed + 1))
		fi
		count_tap "$name"
		;;
	kunit) count_kunit "$rc" ;;
	esac
	case $name in
	selftests-srcu) check_param "$name" sleepable_srcu:Y ;;
	selftests-jit-*) check_param "$name" jit_enable:1 ;;
	esac
}

for l in first debug main; do
	[ -f "$logs/$l.steps" ] || continue
	while read -r kind name; do
		report "$kind" "$name"
	done <"$logs/$l.steps"
done

if [ "${#failures[@]}" -gt 0 ]; then
	echo "-- what failed (the logs are in build/check/):"
	printf '   %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
