#!/bin/bash
# scripts/rule-table.sh: the verifier's rule table (issue 19) against the
# Linux 6.12 source the debug kernel is built from.
#
#   scripts/rule-table.sh           check: every refusal site of Linux's
#                                   verifier.c has a row, every case a row
#                                   names still exists; prints the counts
#   scripts/rule-table.sh --write   regenerate the table (reasons kept)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$top/scripts/kernel.sh" source)"
table=$top/tools/testing/verifier-rules/rules.tsv
mode=--check
[ "${1:-}" = --write ] && mode=--write
exec python3 "$top/scripts/rule-table.py" "$KSRC/kernel/bpf/verifier.c" \
	"$mode" "$table"
