#!/bin/bash
# scripts/rule-table.sh: the verifier's rule table (issue 19) against the
# Linux 6.12 source the debug kernel is built from.
#
#   scripts/rule-table.sh           check: the table is up to date, every
#                                   refusal site of Linux's verifier.c has
#                                   a decided row, every case and kbpf
#                                   function a row names still exists;
#                                   prints the counts
#   scripts/rule-table.sh --write   regenerate the table from the source,
#                                   kbpf's checks, the corpus and
#                                   decisions.tsv
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$top/scripts/kernel.sh" source)"
dir=$top/tools/testing/verifier-rules
mode=--check
[ "${1:-}" = --write ] && mode=--write
exec python3 "$top/scripts/rule-table.py" "$KSRC/kernel/bpf/verifier.c" \
	"$mode" "$dir/rules.tsv" --decisions "$dir/decisions.tsv"
