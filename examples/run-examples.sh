#!/bin/sh
# run-examples.sh [NAME]...: in a guest, run each example (default: every
# NAME.expected here) twice with the same binaries: against Linux's bpf(2)
# and the host's bpffs, then through kbpf-run against kbpf. Each run's
# standard output must equal NAME.expected (NAME.SIDE.expected where
# the sides differ by design; NAME.nobtf.expected on the kbpf side of a
# kernel without BTF), and on the kbpf side a
# program must have been loaded into kbpf (the layer's KBPF_RUN_LOG).
# Last, after the kbpf side, the host's BPF must hold nothing. TAP on stdout; a failed run shows its
# output and a diff. KBPF_EXAMPLES_SIDES="linux kbpf" (default) picks sides.
# An example with a NAME.sh runs that script (given the runner, "" or
# "kbpf-run") instead of the binary alone.
cd "$(dirname "$0")" || exit 1
here=$PWD
[ $# -gt 0 ] || set -- $(ls *.expected | sed -E 's/(\.linux|\.kbpf|\.nobtf)?\.expected$//' | sort -u)
sides=${KBPF_EXAMPLES_SIDES:-linux kbpf}
mkdir -p /sys/fs/bpf
grep -q ' /sys/fs/bpf bpf ' /proc/mounts || mount -t bpf bpf /sys/fs/bpf
n=0
for side in $sides; do n=$((n + $#)); done
case " $sides " in *" kbpf "*) n=$((n + 1)) ;; esac
echo "TAP version 13"
echo "1..$n"
i=0
rc=0
for side in $sides; do
	run=
	[ "$side" = linux ] || run=$here/kbpf-run
	for name in "$@"; do
		i=$((i + 1))
		out=/tmp/example.$side.$name
		# The kbpf side logs each routed call: at least one program
		# load must have gone to kbpf and succeeded.
		if [ -f "$name.sh" ]; then
			KBPF_RUN_LOG=1 sh "./$name.sh" "$run" >"$out" 2>"$out.err"
		else
			KBPF_RUN_LOG=1 $run "./$name" >"$out" 2>"$out.err"
		fi
		status=$?
		exp=$name.expected
		[ ! -f "$name.$side.expected" ] || exp=$name.$side.expected
		# kbpf needs the kernel's BTF where NAME.nobtf.expected exists.
		if [ "$side" = kbpf ] && [ ! -e /sys/kernel/btf/vmlinux ] &&
		   [ -f "$name.nobtf.expected" ]; then
			exp=$name.nobtf.expected
		fi
		routed=yes
		if [ "$side" = kbpf ] &&
		   ! grep -q 'bpf(PROG_LOAD, size [0-9]*) = [0-9]' "$out.err"; then
			routed="no program loaded through kbpf-run"
		fi
		if [ "$status" -eq 0 ] && [ "$routed" = yes ] &&
		   cmp -s "$out" "$exp"; then
			echo "ok $i example_${name}_$side"
		else
			echo "not ok $i example_${name}_$side (status $status)"
			[ "$routed" = yes ] || echo "# $routed"
			sed 's/^/# /' "$out"
			grep -v '^kbpf-run\[' "$out.err" | sed 's/^/# stderr: /'
			diff "$exp" "$out" | sed 's/^/# diff: /'
			rc=1
		fi
	done
done
# After the kbpf side, the host's BPF holds nothing: no pin in its bpffs,
# no program, map or link (the Linux side closed and unpinned its own).
case " $sides " in *" kbpf "*)
	i=$((i + 1))
	left=$(ls -A /sys/fs/bpf; ./bpftool prog show; ./bpftool map show;
	       ./bpftool link show)
	if [ -z "$left" ]; then
		echo "ok $i examples_host_bpf_untouched"
	else
		echo "not ok $i examples_host_bpf_untouched"
		echo "$left" | sed 's/^/# /'
		rc=1
	fi
	;;
esac
exit $rc
