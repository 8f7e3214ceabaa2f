#!/bin/sh
# soak-guest.sh SECONDS SEED: the guest side of scripts/soak.sh (see
# there). Runs, all at once for SECONDS: map_stress, pin_stress,
# link_stress, the ioctl-sequence fuzzer (kbpf_seqfuzz -I: the IDs are
# checked here, at the end), the verifier fuzzer (kbpf_fuzz, batches of
# 500 programs from SEED, SEED+1, ...) and the examples through
# kbpf-run (every one but bpftool and feature, whose listings would show
# the other tools' objects; kprobe_multi counts only its own process's
# getppid(2) calls, so the fuzzer's calls do not disturb it). Then:
# every ID gone (kbpf_seqfuzz -W), and memory back to where it started.
#
# Memory is read from /proc/meminfo after `drop_caches`, a shrink of
# every slab cache (which also drains KASAN's quarantine of freed
# objects, else counted in Slab) and two kmemleak scans, once before the tools start (kbpf loaded) and once after they
# ended. Tolerance (the slab and per-CPU allocators keep some empty
# pages, and the page cache refills between the two readings):
#   Slab may grow by at most 16 MiB, Percpu by at most 2 MiB,
#   MemAvailable may shrink by at most 64 MiB.
# Prints "soak: ..." lines and one line per tool; exits 1 on any failure.
secs=${1:?seconds}
seed=${2:-1}
k=/sys/kernel/debug/kmemleak
cd /root || exit 1

meminfo() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	# Empty slabs back, and KASAN's quarantine of freed objects drained.
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 >"$f" 2>/dev/null
	done
	if [ -w $k ]; then
		echo scan >$k
		sleep 5
		echo scan >$k
	fi
	awk '/^(MemAvailable|Slab|Percpu):/ { printf "%s=%s ", substr($1, 1, length($1) - 1), $2 }' /proc/meminfo
}

# Automatic kmemleak scans stall a TCG guest: scan every 10 min instead.
[ ! -w $k ] || echo scan=off >$k
before=$(meminfo)
echo "soak: memory before (kB): $before"
end=$(($(date +%s) + secs))
echo "soak: tools start at $(date +%s), end at $end"

# Each tool in a subshell that says when it ends.
ended() { rc=$?; echo "soak: $1 ended at $(date +%s) (status $rc)"; return $rc; }
# map_stress's SECONDS are per map, and it has four.
{ map_stress $((secs / 4)) >/tmp/map_stress.log 2>&1; ended map_stress; } &
p_map=$!
{ pin_stress "$secs" >/tmp/pin_stress.log 2>&1; ended pin_stress; } &
p_pin=$!
{ KBPF_STRESS_SHARED=1 link_stress "$secs" >/tmp/link_stress.log 2>&1
  ended link_stress; } &
p_link=$!
{ kbpf_seqfuzz -I -s "$seed" -d "$secs" -p 300 >/tmp/seqfuzz.log 2>&1
  ended kbpf_seqfuzz; } &
p_seq=$!
{ (
	i=0 rc=0
	while [ "$(date +%s)" -lt "$end" ]; do
		kbpf_fuzz -n 500 -s $((seed + i)) -m 0 || rc=1
		i=$((i + 1))
	done
	echo "soak: kbpf_fuzz: $i batches of 500"
	exit $rc
) >/tmp/kbpf_fuzz.log 2>&1; ended kbpf_fuzz; } &
p_fuzz=$!
{ (
	names=$(ls examples/*.expected | sed -E 's|examples/||; s/(\.linux|\.kbpf|\.nobtf)?\.expected$//' |
		sort -u | grep -vxE 'bpftool|feature')
	i=0 rc=0
	while [ "$(date +%s)" -lt "$end" ]; do
		echo "# round $i at $(date +%s)"
		KBPF_EXAMPLES_SIDES=kbpf examples/run-examples.sh $names || rc=1
		i=$((i + 1))
	done
	echo "soak: examples: $i rounds"
	exit $rc
) >/tmp/examples.log 2>&1; ended examples; } &
p_ex=$!
# Past the end by 5 minutes: the state, system call and kernel stack of
# every thread of every tool still running, every 2 minutes.
(
	sleep $((secs + 300))
	while :; do
		echo "soak: still running past the end:"
		for t in /proc/[0-9]*/task/*; do
			case "$(cat $t/comm 2>/dev/null)" in
			*_stress|kbpf_*fuzz|kbpf-run|run-examples*) ;;
			*) continue ;;
			esac
			echo "soak: $t $(cat $t/comm) state $(cut -d' ' -f3 $t/stat)" \
				"syscall $(cat $t/syscall)"
			sed 's/^/soak:   /' $t/stack
		done
		sleep 120
	done
) &
p_dog=$!
(
	while sleep 600; do
		[ ! -w $k ] || echo scan >$k
		echo "soak: $(date +%s): $(awk '/^(MemAvailable|Slab|Percpu):/ { printf "%s ", $0 }' /proc/meminfo)"
	done
) &
p_scan=$!

rc=0
for job in map:$p_map pin:$p_pin link:$p_link seqfuzz:$p_seq fuzz:$p_fuzz examples:$p_ex; do
	name=${job%%:*}
	if wait "${job#*:}"; then
		echo "soak: $name passed"
	else
		echo "soak: $name FAILED"
		rc=1
	fi
done
kill $p_scan $p_dog 2>/dev/null
# A failure's lines with the diagnostics ("# ...") that follow them.
failures() {
	awk '/^not ok|VIOLATION|FAIL/ { n = 1; print; next }
	     n && /^#/ { print; next } { n = 0 }' "$1" | head -n 60
}
for log in map_stress pin_stress link_stress seqfuzz kbpf_fuzz examples; do
	echo "soak: --- $log (failures and last lines)"
	failures /tmp/$log.log
	tail -n 4 /tmp/$log.log
done
grep -a '^seqfuzz: \(root\|unpriv\) ' /tmp/seqfuzz.log

if kbpf_seqfuzz -W; then
	echo "soak: no map, program or link ID left"
else
	echo "soak: IDs left FAILED"
	rc=1
fi
after=$(meminfo)
echo "soak: memory after (kB): $after"
# shellcheck disable=SC2086 # NAME=VALUE words
if ! echo $before $after | awk '{
	for (i = 1; i <= NF; i++) {
		split($i, kv, "=")
		if (i <= NF / 2) b[kv[1]] = kv[2]; else a[kv[1]] = kv[2]
	}
	ds = a["Slab"] - b["Slab"]; dp = a["Percpu"] - b["Percpu"]
	dm = b["MemAvailable"] - a["MemAvailable"]
	printf "soak: memory delta (kB): Slab %+d (max +16384), Percpu %+d (max +2048), MemAvailable %+d (max -65536)\n", ds, dp, -dm
	exit !(ds <= 16384 && dp <= 2048 && dm <= 65536)
}'; then
	echo "soak: memory did not return FAILED"
	rc=1
fi
echo "soak: $( [ $rc = 0 ] && echo passed || echo FAILED )"
exit $rc
