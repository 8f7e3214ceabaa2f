#!/bin/bash
# scripts/kernel.sh debug|6.12|6.1
# Make sure a kernel is in the cache (build or fetch it only when missing) and
# print, as shell assignments, where its pieces are:
#   KIMAGE=  bootable bzImage/vmlinuz
#   KDIR=    the tree external modules build against
#   KSRC=    (debug only) the source tree, for kunit.py and checkpatch
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/kernels.env"
flavor=${1:?usage: kernel.sh debug|6.12|6.1}
mkdir -p "$KBPF_CACHE"

log() { echo "kernel.sh: $*" >&2; }

# Unpack the kernel source once; shared by the debug build and checkpatch.
ensure_source() {
	local ver=${KBPF_DEBUG_SRC_VER%%-*}
	KSRC=$KBPF_CACHE/src/linux-source-$KBPF_DEBUG_SRC_VER
	[ -f "$KSRC/.kbpf-unpacked" ] && return
	log "unpacking $KBPF_DEBUG_SRC_PKG $ver"
	rm -rf "$KSRC"
	mkdir -p "$KSRC"
	tar -xaf "/usr/src/$KBPF_DEBUG_SRC_PKG.tar.xz" -C "$KSRC" --strip-components=1
	touch "$KSRC/.kbpf-unpacked"
}

# Every CONFIG line of the fragment must appear verbatim in .config:
# a line whose dependencies fail is dropped silently by olddefconfig.
check_config() {
	local frag=$1 conf=$2 bad=0 line
	while IFS= read -r line; do
		case "$line" in CONFIG_*) ;; *) continue ;; esac
		if ! grep -qxF "$line" "$conf"; then
			log "config line lost: $line"
			bad=1
		fi
	done <"$frag"
	return $bad
}

build_debug() {
	ensure_source
	local hash
	hash=$( (cat "$here/debug.config"; echo "$KBPF_DEBUG_SRC_VER") |
		sha256sum | cut -c1-16)
	KDIR=$KBPF_CACHE/debug-$hash
	KIMAGE=$KDIR/arch/x86/boot/bzImage
	[ -f "$KDIR/.kbpf-built" ] && return
	mkdir -p "$KDIR"
	# One build per tree: a second caller (another checkout, a parallel
	# make) waits for the first and then finds the tree built.
	exec 9>"$KDIR.lock"
	flock 9
	[ -f "$KDIR/.kbpf-built" ] && return
	log "building debug kernel into $KDIR (once per config hash)"
	cp "$here/debug.config" "$KDIR/.config"
	cp "$here/debug.config" "$KDIR/.kunitconfig"
	local cc=gcc
	command -v ccache >/dev/null && cc="ccache gcc"
	make -C "$KSRC" O="$KDIR" ARCH=x86_64 CC="$cc" olddefconfig >&2
	check_config "$here/debug.config" "$KDIR/.config"
	make -C "$KSRC" O="$KDIR" ARCH=x86_64 CC="$cc" -j"$(nproc)" \
		bzImage modules >&2
	make -C "$KSRC" O="$KDIR" ARCH=x86_64 INSTALL_MOD_PATH="$KDIR/modroot" \
		modules_install >&2
	touch "$KDIR/.kbpf-built"
}

# Debian prebuilt kernel: image + headers, unpacked into one root.
fetch_debian() {
	local abi=$1 ver=$2 kbuild=$3 root
	root=$KBPF_CACHE/debian-$abi
	KDIR=$root/usr/src/linux-headers-$abi-amd64
	KIMAGE=$root/boot/vmlinuz-$abi-amd64
	[ -f "$root/.kbpf-unpacked" ] && return
	log "fetching Debian kernel $abi ($ver)"
	rm -rf "$root"
	mkdir -p "$root/debs"
	(cd "$root/debs" && apt-get download -q \
		"linux-image-$abi-amd64-unsigned=$ver" \
		"linux-headers-$abi-amd64=$ver" \
		"linux-headers-$abi-common=$ver" >&2)
	# The kbuild tools are versioned apart from the ABI and Debian drops
	# old builds of them: the pinned one, else the archive's current one
	# (the headers only need one at least as new).
	(cd "$root/debs" && { apt-get download -q "$kbuild=$ver" ||
		apt-get download -q "$kbuild"; } >&2)
	local deb
	for deb in "$root"/debs/*.deb; do
		dpkg-deb -x "$deb" "$root"
	done
	rm -rf "$root/debs"
	# The arch Makefile includes -common by absolute path: point it here.
	sed -i "s|^include /usr/src/|include $root/usr/src/|" "$KDIR/Makefile"
	# Fix absolute symlinks (e.g. scripts -> /usr/lib/linux-kbuild-*).
	local l t
	while IFS= read -r l; do
		t=$(readlink "$l")
		case "$t" in /*) ln -sfn "$root$t" "$l" ;; esac
	done < <(find "$root/usr/src" "$root/lib/modules" -type l 2>/dev/null)
	touch "$root/.kbpf-unpacked"
}

case "$flavor" in
debug) build_debug ;;
6.12) fetch_debian "$KBPF_K612_ABI" "$KBPF_K612_VER" "$KBPF_K612_KBUILD" ;;
6.1) fetch_debian "$KBPF_K61_ABI" "$KBPF_K61_VER" "$KBPF_K61_KBUILD" ;;
source) ensure_source; echo "KSRC=$KSRC"; exit 0 ;;
*) log "unknown kernel '$flavor'"; exit 2 ;;
esac
echo "KDIR=$KDIR"
echo "KIMAGE=$KIMAGE"
[ "$flavor" != debug ] || echo "KSRC=$KSRC"
