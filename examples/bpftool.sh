#!/bin/sh
# Debian's bpftool 7.1, unmodified: map create/update/lookup/dump/pin/show,
# prog load/show/pin/dump xlated, link show. $1 is the runner ("" for
# Linux, kbpf-run for kbpf). What differs by design is normalized: IDs,
# load times, memlock (Linux's fdinfo), JIT and BTF lines, helper call
# immediates (Linux's JIT rewrites them), and the
# instructions Linux rewrites (see README).
run=$1
bt() { $run ./bpftool "$@"; }
norm() {
	sed -E -e 's/^[0-9]+: /ID: /' -e 's/  memlock [0-9]+B//' \
	    -e '/^[[:space:]]+(loaded_at|btf_id|xlated) /d' \
	    -e 's/"id":[0-9]+/"id":ID/' -e 's/,"bytes_memlock":[0-9]+//' \
	    -e 's/map\[id:[0-9]+\]/map[id:ID]/' -e 's/prog [0-9]+/prog ID/g' \
	    -e 's/prog_id [0-9]+/prog_id ID/g' -e 's/(call [a-z_0-9]+)#[0-9]+/\1#N/'
}
d=/sys/fs/bpf
set -e
bt map create $d/ex_m1 type hash key 4 value 8 entries 16 name ex_m1
bt map update pinned $d/ex_m1 key 1 0 0 0 value 2 0 0 0 0 0 0 0
bt map update pinned $d/ex_m1 key 3 0 0 0 value 4 0 0 0 0 0 0 0
bt map lookup pinned $d/ex_m1 key 1 0 0 0
bt map dump pinned $d/ex_m1 | sort
bt map pin pinned $d/ex_m1 $d/ex_m2
bt map show pinned $d/ex_m2 | norm
bt -j map show name ex_m1 | norm
bt prog load copy_user.bpf.o $d/ex_p1
bt prog show pinned $d/ex_p1 | norm
bt prog pin name read_user $d/ex_p2
bt -j prog show pinned $d/ex_p2 | sed -E 's/,"(loaded_at|bytes_xlated|bytes_memlock|btf_id|jited|bytes_jited)":[^,}]+//g; s/,"map_ids":\[[0-9,]+\]//' | norm
bt prog dump xlated pinned $d/ex_p2 | grep -v '^;' | grep -v '^[a-z].*(.*):$' | norm
$run ./pin remove $d/ex_p1
$run ./kprobe_multi pin $d/ex_link
bt link show pinned $d/ex_link | norm
for p in ex_m1 ex_m2 ex_p2 ex_link; do $run ./pin remove $d/$p; done
