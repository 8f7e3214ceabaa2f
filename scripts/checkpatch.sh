#!/bin/bash
# checkpatch --strict over the module, the ABI header and the KUnit suites;
# fails on any ERROR or WARNING (CHECKs are reported, not fatal).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$top/scripts/kernel.sh" source)"
cd "$top"
mapfile -t files < <(git ls-files -co --exclude-standard -- \
	'kmod/*.[ch]' 'uapi/*.h' 'kunit/*.[ch]' 'tools/testing/harness/*.c' \
	'tools/testing/tpmod/*.[ch]' \
	'tools/include/*.h')
# Ignored on purpose: kbpf is a BPF implementation, so RCU tasks trace is
# its to use (checkpatch allows it in kernel/bpf/ only), and compat.h is
# the one file whose job is LINUX_VERSION_CODE.
ignore=RCU_TASKS_TRACE,LINUX_VERSION_CODE
# The interpreter's handler generators are macros that expand to labelled
# statements, one definition for all forms of an operation, as Linux's
# COND_JMP in kernel/bpf/core.c; the opcode lists are X-macros, and so is
# the helper list, which helpers.h turns into declarations. checkpatch's
# rules for macros do not fit them, so in these files only its macro-shape
# types are ignored, and a SPACING report is dropped when its line is a
# macro continuation line (it reads a pasted label "alu64_##name##_x:" as
# an expression, and "op (" as a call).
gen=(kmod/prog/interp.c kmod/prog/opcodes.h kmod/prog/helpers.h)
gen_ignore=$ignore,COMPLEX_MACRO,MULTISTATEMENT_MACRO_USE_DO_WHILE
gen_ignore+=,MACRO_WITH_FLOW_CONTROL,MACRO_ARG_UNUSED,TRAILING_SEMICOLON
rest=()
for f in "${files[@]}"; do
	case " ${gen[*]} " in *" $f "*) ;; *) rest+=("$f") ;; esac
done
out=$("$KSRC/scripts/checkpatch.pl" --no-tree --strict --quiet \
	--ignore "$ignore" -f "${rest[@]}" || true)
gen_out=$("$KSRC/scripts/checkpatch.pl" --no-tree --strict --quiet \
	--show-types --ignore "$gen_ignore" -f "${gen[@]}" || true)
gen_out=$(python3 - "$gen_out" <<-'EOF'
	import re, sys
	keep = []
	for block in sys.argv[1].split("\n\n"):
	    m = re.search(r"^#\d+: FILE: (\S+):(\d+):", block, re.M)
	    if m and re.match(r"(ERROR|WARNING|CHECK):SPACING:", block):
	        line = open(m[1]).read().split("\n")[int(m[2]) - 1]
	        if line.rstrip().endswith("\\"):
	            continue
	    if block.strip() and not block.startswith("total:"):
	        keep.append(block.strip())
	print("\n\n".join(keep))
	EOF
)
[ -z "$gen_out" ] || out+=$'\n\n'$gen_out
[ -z "$out" ] || echo "$out"
if grep -qE '^(ERROR|WARNING):' <<<"$out"; then
	echo "checkpatch: errors or warnings in ${#files[@]} files"
	exit 1
fi
echo "checkpatch: ${#files[@]} files clean of errors and warnings"
