#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest-side runner: run the selftests against /dev/kbpf, or against Linux's
# bpf(2) with KBPF_TEST_TARGET=linux, and exit with their status.
# Arguments are passed on (test names to run, or -l to list).
here=$(dirname "$0")
export KBPF_TEST_TARGET="${KBPF_TEST_TARGET:-kbpf}"
exec "$here/kbpf_selftests" "$@"
