#!/usr/bin/env python3
# scripts/bench_jit.py RAW JSON BENCHMARKS.md QUICK [INTERP_JSON]
#
# The JIT half of scripts/bench.sh (run with --param jit_enable=1): kbpf's
# JIT against Linux's JIT, from kbpf_bench's lines in RAW. Writes every
# measurement and the summary to JSON and rewrites only the block between
# the GENERATED JIT markers of BENCHMARKS.md (appended after the
# interpreter's block when missing). INTERP_JSON, the interpreter run's
# results.json, adds its kbpf/Linux-JIT ratio beside the JIT's.
import json
import math
import os
import statistics
import sys
import time

from bench_report import (cell, first_load, load_ms, load_ratios, loads_by_side,
                          ratio_cell, read_raw, replace_block, summary)

raw, jpath, mdpath, quick = sys.argv[1:5]
interp_path = sys.argv[5] if len(sys.argv) > 5 else None

meta, loads, rows, fails = read_raw(raw)

# The bar of issue 23 is on programs and ring buffers; user-space map
# commands do not run BPF code and are left out of a JIT run's summary.
PROG_PREFIXES = ("prog_", "interp_", "ringbuf_", "user_ringbuf_")
names = [n for n in dict.fromkeys(r["name"] for r in rows)
         if n.startswith(PROG_PREFIXES + ("attach_",))]


def jited(name, side):
    """Bytes of the side's image at its first load of @name (0: interpreted)."""
    for l in loads:
        if l["name"] == name.replace("interp_", "") and l["side"] == side:
            return int(l.get("jited", 0))
    return None


summ = [summary(rows, n, ("linux",)) for n in names]
for s in summ:
    s["kbpf_jited"] = jited(s["name"], "kbpf")
bar = [s["kbpf/linux"]["ratio"] for s in summ
       if s["name"].startswith(PROG_PREFIXES) and "kbpf/linux" in s]
geomean = math.exp(sum(math.log(x) for x in bar) / len(bar)) if bar else None

interp = {}
if interp_path and os.path.exists(interp_path):
    try:
        for s in json.load(open(interp_path)).get("summary", []):
            if "kbpf/linux" in s:
                interp[s["name"]] = s["kbpf/linux"]["ratio"]
    except (ValueError, KeyError):
        interp = {}

json.dump({"meta": meta, "kbpf_rev": os.environ.get("KBPF_REV", "unknown"),
           "params": os.environ.get("KBPF_PARAMS", ""), "quick": quick != "0",
           "loads": loads, "load_failures": fails, "measurements": rows,
           "summary": summ, "geomean_kbpf/linux": geomean},
          open(jpath, "w"), indent=1)


out = []
w = out.append
w("<!-- BEGIN GENERATED JIT by scripts/bench.sh --param jit_enable=1: edits here are overwritten -->")
w("## kbpf's JIT against Linux's JIT (%s run)" % ("quick" if quick != "0" else "full"))
w("")
w("- Date: %s" % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
w("- kbpf: %s, module parameters `%s`" % (os.environ.get("KBPF_REV", "unknown"),
  os.environ.get("KBPF_PARAMS", "").replace("--param ", "")))
w("- Guest kernel: %s, QEMU TCG, -smp 2; %s rounds, %s ms per measurement"
  % (meta.get("kernel", "?"), meta.get("rounds"), meta.get("budget_ms")))
w("")
w("Throughput in units/s, median (min–max over rounds). The ratio is kbpf's JIT"
  " over Linux's JIT, the median (min–max) of the per-round ratios; the last"
  " column is kbpf's *interpreter* over Linux's JIT from the interpreter run"
  " above (another boot). `image` is kbpf's JITed bytes (0: the program ran"
  " interpreted, e.g. callbacks).")
w("")
w("| benchmark | unit | kbpf JIT | Linux JIT | image | kbpf JIT/Linux JIT | kbpf interp/Linux JIT |")
w("|---|---|---|---|---|---|---|")
for s in summ:
    r = s.get("kbpf/linux")
    w("| %s | %s | %s | %s | %s | %s | %s |" % (
        s["name"], s["unit"], cell(s, "kbpf"), cell(s, "linux"),
        "–" if s["kbpf_jited"] is None else s["kbpf_jited"],
        ratio_cell(r) if r else "–",
        "%.2f" % interp[s["name"]] if s["name"] in interp else "–"))
w("")
if geomean is not None:
    w("Geometric mean of kbpf JIT/Linux JIT over the %d program and ring buffer"
      " benchmarks: **%.2f** (bar: ≥ 0.8 each, ≥ 1.0 geomean)." % (len(bar), geomean))
if loads:
    progs = list(dict.fromkeys(l["name"] for l in loads))
    w("")
    w("Program loads with the JIT, verifier included: median (min–max) over"
      " repetitions; ratio = kbpf JIT load / Linux JIT load, median of the"
      " per-repetition ratios (<1: kbpf loads faster).")
    w("")
    w("| program | insns | kbpf load | Linux JIT load | ratio | kbpf image | Linux image |")
    w("|---|---|---|---|---|---|---|")
    for p in progs:
        by = loads_by_side(loads, p)
        rs = load_ratios(by, "kbpf", "linux")
        ratio = "**%.2f** (%.2f–%.2f)" % (statistics.median(rs), min(rs), max(rs)) if rs else "–"
        w("| %s | %s | %s | %s | %s | %s | %s |" % (
            p, first_load(by, "kbpf").get("insns", "–"), load_ms(by, "kbpf"),
            load_ms(by, "linux"), ratio, first_load(by, "kbpf").get("jited", "–"),
            first_load(by, "linux").get("jited", "–")))
if fails:
    w("")
    for f in fails:
        w("- %s on %s: refused at load, errno %s" % (f["name"], f["side"], f["err"]))
w("")
w("Raw lines: build/bench/raw-jit.txt; every measurement: build/bench/results-jit.json.")
w("<!-- END GENERATED JIT -->")
gen = "\n".join(out) + "\n"

try:
    old = open(mdpath).read()
except FileNotFoundError:
    old = "# kbpf benchmarks\n\n"
new = replace_block(old, gen, "<!-- BEGIN GENERATED JIT", "<!-- END GENERATED JIT -->\n")
if new is None:
    # After the interpreter's block, before the hand-written analysis.
    iend = "<!-- END GENERATED -->\n"
    at = old.index(iend) + len(iend) if iend in old else len(old)
    new = old[:at] + "\n" + gen + old[at:]
open(mdpath, "w").write(new)
print("bench.sh: wrote %s (JIT block), %s" % (mdpath, jpath))
if geomean is not None:
    print("bench.sh: kbpf JIT/Linux JIT geomean %.2f over %d" % (geomean, len(bar)))
