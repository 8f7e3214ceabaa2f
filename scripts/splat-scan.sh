#!/bin/bash
# scripts/splat-scan.sh < console-log
# Print the kernel splats and leak reports found in a guest console log
# and exit 1 if there is any, 0 otherwise. The one definition of "splat"
# for scripts/vm.sh and scripts/kunit.sh.
#
# Console lines start with a kernel timestamp "[    1.234567] " when they
# come from printk; user-space output does not, so only printk lines count
# as splats, wherever they start within a line.
set -uo pipefail

ts='\[ *[0-9]+\.[0-9]+\]( ?\[ *[CT][0-9]+\])? '
splats=(
	"$ts([A-Za-z0-9_-]+: )?BUG: "
	"${ts}WARNING: "
	"${ts}UBSAN: "
	"${ts}(Oops|general protection fault)"
	"${ts}kernel BUG at "
	"${ts}Kernel panic"
	"${ts}(rcu: )?INFO: rcu_[a-z_]+ .*stall"
	"${ts}INFO: task .* blocked for more than"
	"${ts}INFO: trying to register non-static key"
	"${ts}watchdog: .*(lockup|LOCKUP)"
	"${ts}kmemleak: [0-9]+ new suspected memory leak"
	"unreferenced object 0x[0-9a-f]+ "
	"KBPF-(INSMOD|MOUNT|UMOUNT|RMMOD)-FAILED"
)
pattern=$(IFS='|'; echo "${splats[*]}")

if found=$(tr -d '\r' | grep -aE "$pattern"); then
	printf '%s\n' "$found"
	exit 1
fi
exit 0
