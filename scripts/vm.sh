#!/bin/bash
# scripts/vm.sh: run one command in a fresh QEMU guest and give a verdict.
#
#   scripts/vm.sh [--kernel debug|6.12|6.1] [--add PATH]... [--param NAME=VALUE]...
#                 [--no-load] [--module KO] [--timeout S] -- CMD [ARG]...
#
#   --kernel K     guest kernel (scripts/kernel.sh K); default debug
#   --module KO    the kbpf.ko to use instead of build/<kernel>/kbpf.ko
#                  (e.g. build/debug-checked/kbpf.ko)
#   --add PATH     copy PATH into the guest's /root under its base name
#                  (directories recursively, modes kept); repeatable
#   --param N=V    passed to the guest's `insmod kbpf.ko`; repeatable
#   --no-load      do not insert kbpf.ko (CMD may insmod /root/kbpf.ko itself)
#   --timeout S    kill the guest after S seconds; default 600 (none for an
#                  interactive shell unless given)
#
# KBPF_VM_TCG_THREAD (default single): QEMU's TCG threading. With one
# host thread per vCPU (multi), a vCPU can still run code another vCPU's
# text_poke_bp() already restored, hitting an int3 no patch owns: an
# Oops in __send_signal_locked or syscall_trace_enter while tracepoints
# are enabled and disabled and the other vCPU runs through them (seen
# with Linux's own bpf(2) as with kbpf). One thread for both vCPUs
# serializes code changes; scripts/bench.sh keeps multi.
#
# The guest (TCG, -smp 2, 2 GiB, busybox) mounts proc, sysfs, devtmpfs,
# debugfs, tracefs and tmpfs on /tmp; on debug runs `modprobe kunit`; inserts
# /root/kbpf.ko with the --param values unless --no-load; mounts the pin fs
# on /sys/fs/kbpf if that exists; runs CMD as root in /root with
# PATH=/root:/usr/bin:/bin:/usr/sbin:/sbin, stdout/stderr on the console and
# stdin from /dev/null. Then it unmounts every kbpf mount, rmmods kbpf (and
# kbpf_kunit if loaded), on debug forces two kmemleak scans and prints the
# report, prints `KBPF-EXIT <status>` and reboots. build/<kernel>/kbpf.ko (and
# build/debug/kbpf_kunit.ko when built) are in /root, so CMD may reload them.
#
# The console streams to stdout; the verdict goes to stderr. Exit status,
# first match wins:
#   124  timeout
#   126  the guest died before KBPF-EXIT (panic, triple fault, QEMU error)
#   125  a kernel splat (BUG, KASAN, UBSAN, WARNING, lockdep, RCU stall,
#        soft lockup, hung task, Oops), a kmemleak report, or the guest's
#        insmod, pin fs mount, umount or rmmod of kbpf failed; even if CMD
#        passed (CMD does not run when insmod fails)
#   else CMD's exit status (so CMDs avoid 124-126 themselves)
# Before any guest runs, a usage error or a missing kbpf.ko exits 2.
#
# `scripts/vm.sh -- sh` with a terminal on stdin gives an interactive guest
# shell (QEMU's monitor is on Ctrl-A c, Ctrl-A x quits).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

usage() {
	sed -n '4,15p' "$0" | sed -E 's/^# ?//' >&2
	exit 2
}
die() { echo "vm.sh: $*" >&2; exit 2; }

kernel=debug timeout='' load_args=() add_args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=${2:-}; shift 2 || usage ;;
	--kernel=*) kernel=${1#*=}; shift ;;
	--add) add_args+=(--add "${2:?--add needs a path}"); shift 2 ;;
	--add=*) add_args+=(--add "${1#*=}"); shift ;;
	--param) load_args+=(--param "${2:?--param needs NAME=VALUE}"); shift 2 ;;
	--param=*) load_args+=(--param "${1#*=}"); shift ;;
	--no-load) load_args+=(--no-load); shift ;;
	--module) load_args+=(--module "${2:?--module needs a path}"); shift 2 ;;
	--module=*) load_args+=(--module "${1#*=}"); shift ;;
	--timeout) timeout=${2:-}; shift 2 || usage ;;
	--timeout=*) timeout=${1#*=}; shift ;;
	-h|--help) usage ;;
	--) shift; break ;;
	*) echo "vm.sh: unknown argument '$1'" >&2; usage ;;
	esac
done
[ $# -gt 0 ] || usage
case "$kernel" in debug|6.12|6.1) ;; *) die "--kernel must be debug, 6.12 or 6.1" ;; esac
case "$timeout" in '') ;; *[!0-9]*|0) die "--timeout must be a positive number of seconds" ;; esac

# An interactive shell needs a terminal and a controlling tty in the guest.
tty_args=() serial=stdio
if [ -t 0 ] && [ $# -eq 1 ] && [ "$1" = sh ]; then
	tty_args=(--tty)
	serial=mon:stdio
else
	timeout=${timeout:-600}
fi

kinfo=$(bash "$here/kernel.sh" "$kernel") || die "scripts/kernel.sh $kernel failed"
KDIR='' KIMAGE=''
eval "$kinfo"
[ -f "$KIMAGE" ] || die "no kernel image at '$KIMAGE'"

work=$(mktemp -d "${TMPDIR:-/tmp}/kbpf-vm.XXXXXX")
trap 'rm -rf "$work"' EXIT

bash "$here/initramfs.sh" --kernel "$kernel" --kdir "$KDIR" --out "$work/initrd.gz" \
	"${load_args[@]}" "${add_args[@]}" "${tty_args[@]}" -- "$@"

# panic=-1: a panic reboots at once, -no-reboot then ends QEMU: no marker.
# no_timer_check: under TCG on a loaded host the IO-APIC timer check can
# miss its ticks and panic at boot ("IO-APIC + timer doesn't work!").
# la57=off: with 5-level paging, an interrupt that lands while the boot
# CPU re-reads its features (identify_cpu()) finds LA57 clear for a
# moment, so KASAN takes the direct map for wild memory and the debug
# kernel reports "wild-memory-access in do_raw_spin_lock" from
# handle_edge_irq ~1 s into boot, before any module loads (seen about
# once in 30 debug boots under load). Most hosts page with 4 levels.
append="console=ttyS0 printk.time=1 panic=-1 loglevel=7 no_timer_check"
qemu=(qemu-system-x86_64 -nodefaults -nographic -no-reboot
	-machine pc -accel "tcg,thread=${KBPF_VM_TCG_THREAD:-single}"
	-cpu max,la57=off -smp 2 -m 2048
	-serial "$serial" -kernel "$KIMAGE" -initrd "$work/initrd.gz"
	-append "$append")

log=$work/console.log
set +e
if [ "${#tty_args[@]}" -gt 0 ]; then
	if [ -n "$timeout" ]; then
		timeout --foreground -k 10 "$timeout" "${qemu[@]}" | tee "$log"
	else
		"${qemu[@]}" | tee "$log"
	fi
else
	timeout --foreground -k 10 "$timeout" "${qemu[@]}" </dev/null 2>&1 | tee "$log"
fi
qemu_status=${PIPESTATUS[0]}
set -e

verdict() { echo "vm.sh: $kernel: $*" >&2; }
# The guest reboots mid-line: end it before the verdict.
if [ -s "$log" ] && [ -n "$(tail -c1 "$log")" ]; then echo; fi
clean=$(tr -d '\r' <"$log")
marker=$(grep -aoE 'KBPF-EXIT [0-9]+' <<<"$clean" | tail -n1 || true)

if [ "$qemu_status" = 124 ] || [ "$qemu_status" = 137 ]; then
	verdict "timeout after ${timeout}s"
	exit 124
fi
if [ -z "$marker" ]; then
	verdict "guest died before KBPF-EXIT (QEMU exit $qemu_status)"
	exit 126
fi
if ! found=$("$here/splat-scan.sh" <<<"$clean"); then
	verdict "splat or teardown failure:"
	head -n5 <<<"$found" | sed 's/^/vm.sh:   /' >&2
	exit 125
fi
status=${marker#KBPF-EXIT }
verdict "CMD exited $status"
exit "$status"
