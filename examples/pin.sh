#!/bin/sh
# The pin example: four processes share one pinned map. $1 is the
# runner ("" for Linux, kbpf-run for kbpf).
run=$1
$run ./pin add 5 && $run ./pin add 7 && $run ./pin read &&
	$run ./pin add 30 && $run ./pin read && $run ./pin remove
