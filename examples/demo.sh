#!/bin/sh
# The demo twice (the pinned map carries the count across processes),
# then its cleanup. $1 is the runner ("" for Linux, kbpf-run for kbpf).
$1 ./demo && $1 ./demo && $1 ./demo cleanup
