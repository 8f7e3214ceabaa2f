#!/bin/bash
# scripts/build.sh debug|debug-checked|6.12|6.1|custom [KDIR]
# Build kbpf.ko (and kbpf_kunit.ko where the kernel has KUnit) for one
# kernel in build/<kernel>/: the sources are mirrored there so that the
# three kernels' objects never mix. W=1 warnings are errors (Kbuild).
# debug-checked (or 6.12-checked): that kernel's module with the checked
# interpreter (KBPF_INTERP_CHECKED and its oracle kmod/prog/checked.c),
# for fuzzing, in build/<kernel>-checked/.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
flavor=${1:?usage: build.sh debug|debug-checked|6.12|6.1|custom [KDIR]}
if [ "$flavor" = custom ]; then
	KDIR=${2:?custom needs a KDIR}
else
	eval "$("$top/scripts/kernel.sh" "${flavor%-checked}")"
fi
out=$top/build/$flavor
mkdir -p "$out"
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude='*.mod*' --exclude='modules.order' --exclude='Module.symvers' \
	--filter='protect *.o' --filter='protect *.ko' --filter='protect .*.cmd' \
	--filter='protect *.mod*' --filter='protect modules.order' \
	--filter='protect Module.symvers' \
	"$top/Kbuild" "$top/kmod" "$top/uapi" "$top/kunit" "$out/"
# KUnit suites share the instruction macros of tools/include.
mkdir -p "$out/tools"
rsync -a --delete "$top/tools/include" "$out/tools/"
if [ "${flavor%-checked}" != "$flavor" ]; then
	# The mirrored Kbuild only: the tree's own stays unchecked.
	cat >>"$out/Kbuild" <<-'EOF'

	# Added by scripts/build.sh *-checked.
	ccflags-y += -DKBPF_INTERP_CHECKED
	kbpf-y += kmod/prog/checked.o
	EOF
fi
make -C "$KDIR" M="$out" W=1 modules
# The selftests' module with tracepoints (test_link_raw_tp.c).
mkdir -p "$out/tpmod"
rsync -a "$top/tools/testing/tpmod/" "$out/tpmod/"
make -C "$KDIR" M="$out/tpmod" W=1 modules
