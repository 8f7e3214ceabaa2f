#!/bin/bash
# scripts/tables.sh: the core decides by tables, not by switches on IDs.
#
# What a helper does for the verifier is in its proto (kmod/prog/helpers.h),
# what a map type allows in its ops (kmod/map/map.h) and what a program type
# allows in its ops (kmod/prog/type.h). The verifier and the checked
# interpreter's oracle therefore never name a helper ID, a map type or a
# program type: a new helper or type is a table entry, not an edit of
# either. Fails, listing the lines, if one does.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
pattern='KBPF_(FUNC|MAP_TYPE|PROG_TYPE)_[A-Za-z0-9_]+'

if hits=$(grep -nE "$pattern" "$top"/kmod/verifier/*.[ch] \
		"$top"/kmod/prog/checked.[ch]); then
	echo "tables.sh: the verifier or the oracle names helper IDs or" \
	     "map/program types;" \
	     "put the rule in the helper's proto or the type's ops:" >&2
	echo "$hits" | sed "s|$top/||" >&2
	exit 1
fi
echo "tables.sh: kmod/verifier and prog/checked.[ch] name no helper ID," \
     "map type or program type"
