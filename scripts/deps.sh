#!/bin/bash
# Install every Debian package kbpf's build, VM harness and tests need.
# Idempotent; run as root (as everything on the build machines).
set -euo pipefail

pkgs=(gcc-12 gcc make bc bison flex libssl-dev libelf-dev dwarves cpio kmod
      xz-utils ccache python3 qemu-system-x86 busybox-static libc6-dev
      perl rsync sparse file libbpf-dev zlib1g-dev pkg-config
      clang-19 bpftool)

. "$(dirname "$0")/kernels.env"
pkgs+=("$KBPF_DEBUG_SRC_PKG=$KBPF_DEBUG_SRC_VER")

missing=()
for p in "${pkgs[@]}"; do
	name=${p%%=*}
	want=${p#*=}
	have=$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null || true)
	case "$have" in
	"install ok installed $want" | "install ok installed "*)
		[ "$name" = "$p" ] || [ "$have" = "install ok installed $want" ] ||
			missing+=("$p")
		;;
	*) missing+=("$p") ;;
	esac
done

if [ ${#missing[@]} -gt 0 ]; then
	SUDO=
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
