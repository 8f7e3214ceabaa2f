#!/bin/bash
# scripts/bench.sh: kbpf against Linux's BPF, in one 6.12 guest.
#
#   scripts/bench.sh [--param NAME=VALUE]... [NAME]...
#                                   (QUICK=1 in the environment: quick run)
#
# Builds build/bench/kbpf_bench (tools/bench), expects build/6.12/kbpf.ko
# (scripts/build.sh 6.12, which `make bench` runs first), boots the 6.12
# guest once, runs kbpf_bench there (it alternates
# kbpf, Linux with its JIT, and Linux's interpreter round by round) and
# writes:
#   build/bench/raw.txt        the binary's output, as it came
#   build/bench/results.json   every measurement, plus the summary
#   BENCHMARKS.md              the summary table between the GENERATED
#                              markers; the text after them is kept
# NAME arguments select benchmarks by substring (a partial run still
# rewrites the table with what it measured).
#
# --param NAME=VALUE goes to the guest's insmod of kbpf.ko (scripts/vm.sh
# --param). With jit_enable=1 or 2 among them the run is kbpf's JIT
# against Linux's JIT (`make bench-jit`): it writes raw-jit.txt,
# results-jit.json and only the block between the GENERATED JIT markers
# of BENCHMARKS.md, so the interpreter's table stays as it was.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench
quick=${QUICK:-0}
args=()
params=()
variant=
timeout=900
while [ $# -gt 0 ]; do
	case "$1" in
	--param) params+=(--param "${2:?--param needs NAME=VALUE}"); p=$2; shift 2 ;;
	--param=*) p=${1#*=}; params+=(--param "$p"); shift ;;
	*) break ;;
	esac
	case "$p" in
	jit_enable=0) ;;
	jit_enable=*) variant=-jit ;;
	esac
done
if [ "$quick" != 0 ]; then
	args+=(-q)
	timeout=280
fi

command -v python3 >/dev/null || { echo "bench.sh: needs python3" >&2; exit 2; }
make -s -C "$top/tools/bench" O="$out"
[ -f "$top/build/6.12/kbpf.ko" ] ||
	{ echo "bench.sh: no build/6.12/kbpf.ko: run scripts/build.sh 6.12" >&2; exit 2; }

raw=$out/raw$variant.txt
console=$out/console$variant.txt
status=0
KBPF_VM_TCG_THREAD=multi "$top/scripts/vm.sh" --kernel 6.12 ${params[@]+"${params[@]}"} \
	--timeout "$timeout" --add "$out/kbpf_bench" \
	-- kbpf_bench "${args[@]}" "$@" >"$console" || status=$?
tr -d '\r' <"$console" | grep -aE '^(META|LOAD|LOADFAIL|SKIP|BENCH|CHECK) ' >"$raw" || true
if [ "$status" != 0 ] || ! grep -q '^META done=1' "$raw"; then
	echo "bench.sh: the guest run failed (vm.sh exit $status); console:" >&2
	tail -n 40 "$console" >&2
	exit 1
fi

rev=$(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)
if [ -n "$variant" ]; then
	KBPF_REV=$rev KBPF_PARAMS="${params[*]}" exec python3 "$top/scripts/bench_jit.py" \
		"$raw" "$out/results-jit.json" "$top/BENCHMARKS.md" "$quick" \
		"$out/results.json"
fi

KBPF_REV=$rev python3 - "$raw" "$out/results.json" "$top/BENCHMARKS.md" "$quick" <<'EOF'
import json, os, statistics, sys, time

raw, jpath, mdpath, quick = sys.argv[1:5]
meta, loads, rows, fails = {}, [], [], []
for line in open(raw):
    kind, *fields = line.split()
    kv = dict(f.split("=", 1) for f in fields if "=" in f)
    if kind == "META":
        meta.update(kv)
    elif kind == "LOAD":
        loads.append(kv)
    elif kind == "LOADFAIL":
        fails.append(kv)
    elif kind == "BENCH":
        kv["round"], kv["ops"], kv["ns"] = int(kv["round"]), int(kv["ops"]), int(kv["ns"])
        kv["ops_per_s"] = kv["ops"] * 1e9 / kv["ns"]
        rows.append(kv)

names = list(dict.fromkeys(r["name"] for r in rows))
SIDES = ["kbpf", "linux", "linux-interp"]

def summary(name):
    by = {}
    for r in rows:
        if r["name"] == name:
            by.setdefault(r["side"], {})[r["round"]] = r["ops_per_s"]
    s = {"name": name, "unit": next(r["unit"] for r in rows if r["name"] == name)}
    for side, per in by.items():
        v = list(per.values())
        s[side] = {"median": statistics.median(v), "min": min(v), "max": max(v),
                   "rounds": len(v)}
    for other in ("linux", "linux-interp"):
        if "kbpf" in by and other in by:
            paired = [by["kbpf"][k] / by[other][k] for k in by["kbpf"] if k in by[other]]
            s["kbpf/" + other] = {
                "ratio": statistics.median(paired),
                "ratio_of_medians": s["kbpf"]["median"] / s[other]["median"],
                "round_min": min(paired), "round_max": max(paired)}
    return s

summ = [summary(n) for n in names]
json.dump({"meta": meta, "kbpf_rev": os.environ.get("KBPF_REV", "unknown"), "quick": quick != "0", "loads": loads,
           "load_failures": fails,
           "measurements": rows, "summary": summ}, open(jpath, "w"), indent=1)

def fmt(x):
    for div, suf in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if x >= div:
            return "%.3g%s" % (x / div, suf)
    return "%.3g" % x

def cell(s, side):
    if side not in s:
        return "–"
    d = s[side]
    return "%s (%s–%s)" % (fmt(d["median"]), fmt(d["min"]), fmt(d["max"]))

def ratio(s, other):
    k = "kbpf/" + other
    if k not in s:
        return "–"
    d = s[k]
    return "**%.2f** (%.2f–%.2f)" % (d["ratio"], d["round_min"], d["round_max"])

out = []
w = out.append
w("<!-- BEGIN GENERATED by scripts/bench.sh: edits here are overwritten -->")
w("## Results (%s run)" % ("quick" if quick != "0" else "full"))
w("")
w("- Date: %s" % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
w("- kbpf: %s (git describe of the tree the module was built from)"
  % os.environ.get("KBPF_REV", "unknown"))
w("- Guest kernel: %s (%s), Debian's release build; QEMU TCG (no KVM), -smp 2"
  % (meta.get("kernel", "?"), meta.get("arch", "?")))
w("- Guest CPU: %s × %s; host: 2 cores shared with other builds and VMs"
  % (meta.get("cpu", "?").replace("_", " "), meta.get("cpus", "?")))
w("- %s rounds, sides alternating (who goes first rotates each round); %s ms per"
  " measurement; user-space maps of %s entries"
  % (meta.get("rounds"), meta.get("budget_ms"), meta.get("entries")))
w("- Linux's interpreter: %s" % ("measured (net.core.bpf_jit_enable=0 while loading;"
  " CONFIG_BPF_JIT_ALWAYS_ON is not set)" if meta.get("linux_interp") == "1"
  else "not available (JIT always on): JIT only"))
w("")
w("Cells are throughput in units/s: median (min–max over rounds); higher is better.")
w("Ratios are kbpf/Linux throughput: the median (min–max) of the per-round ratios,"
  " each round's sides measured back to back, so that drift in the host's load"
  " cancels: >1 means kbpf is faster. Under TCG the"
  " absolute numbers mean little (every guest instruction is translated, and the"
  " host is shared); the ratios are the result.")
w("")
w("| benchmark | unit | kbpf | Linux (JIT) | Linux interp | kbpf/Linux JIT | kbpf/Linux interp |")
w("|---|---|---|---|---|---|---|")
for s in summ:
    w("| %s | %s | %s | %s | %s | %s | %s |" % (
        s["name"], s["unit"], cell(s, "kbpf"), cell(s, "linux"),
        cell(s, "linux-interp"), ratio(s, "linux"), ratio(s, "linux-interp")))
if any(s["name"].startswith(("ringbuf_", "user_ringbuf_")) for s in summ):
    w("")
    w("Ring buffers (tools/bench/bench_ringbuf.c): `ringbuf_{output,reserve}_S` count"
      " the S-byte records user space consumed (ring_buffer__consume() of libkbpf)"
      " per second of program run (1,024 records a run, with bpf_ringbuf_output() or"
      " bpf_ringbuf_reserve() + bpf_ringbuf_submit()) plus drain; the ring holds"
      " two runs' records, so none is dropped. `user_ringbuf_drain` counts the"
      " 8-byte samples a program drains with bpf_user_ringbuf_drain() and a"
      " callback that returns 0 (user space refills the ring untimed). It is"
      " compared with Linux's JIT only: Linux refuses callbacks in programs it"
      " does not JIT (\"callbacks are not allowed in non-JITed programs\").")
def attach_overhead(name, side):
    """Median over rounds of the side's ns/event minus attach_base's."""
    per = {}
    for r in rows:
        if r["side"] == side and r["name"] in (name, "attach_base"):
            per.setdefault(r["round"], {})[r["name"]] = r["ns"] / r["ops"]
    d = sorted(v[name] - v["attach_base"] for v in per.values()
               if name in v and "attach_base" in v)
    return d[len(d) // 2] if d else None
att = [s for s in summ if s["name"].startswith("attach_")
       and s["name"] != "attach_base"]
if att and any(s["name"] == "attach_base" for s in summ):
    w("")
    w("Attached programs (tools/bench/bench_attach.c): one event is one getpgid(2)"
      " with an 11-instruction program (an array lookup and an atomic add) on"
      " the sys_enter raw tracepoint, in a kprobe_multi link on"
      " `__x64_sys_getpgid`, or on the syscalls/sys_enter_getpgid tracepoint's"
      " perf event (a perf_event link); only the side measured is attached, `attach_base`"
      " is the bare syscall. The program's cost per event, median over rounds"
      " of ns/event minus attach_base's in the same round:")
    w("")
    w("| benchmark | kbpf ns | Linux JIT ns | Linux interp ns |")
    w("|---|---|---|---|")
    for s in att:
        c = [attach_overhead(s["name"], side) for side in SIDES]
        w("| %s | %s |" % (s["name"], " | ".join(
            "%.0f" % x if x is not None else "-" for x in c)))
def paired_gap(name):
    """Median over rounds of kbpf's ns/op minus Linux's, same round."""
    by = {}
    for r in rows:
        if r["name"] == name and r["side"] in ("kbpf", "linux"):
            by.setdefault(r["round"], {})[r["side"]] = r["ns"] / r["ops"]
    d = [v["kbpf"] - v["linux"] for v in by.values() if len(v) == 2]
    return statistics.median(d) if d else None

ovh = next((x for x in summ if x["name"] == "call_overhead"), None)
og = paired_gap("call_overhead") if ovh else None
if og is not None:
    w("")
    w("Where the user-space time goes: per call, kbpf's time minus Linux's (median"
      " over rounds of the same-round difference, guest ns under TCG), split into"
      " the gap call_overhead shows (a lookup on fd -1: syscall or ioctl entry and"
      " the attr copies, no map work) and the rest (the map code, the copies of"
      " keys and values, fd lookups). call_overhead gap: %.0f ns." % og)
    w("")
    w("| benchmark | kbpf − Linux ns/call | of which the call path | rest |")
    w("|---|---|---|---|")
    for x in summ:
        if (x["unit"] != "call" or x is ovh or "kbpf" not in x or "linux" not in x
                or x["name"].startswith(("prog_", "interp_"))):
            continue
        g = paired_gap(x["name"])
        w("| %s | %+.0f | %+.0f | %+.0f |" % (x["name"], g, og, g - og))
if loads:
    def load_summary(p):
        """Per side: load ns by rep; the paired kbpf/interp ratios."""
        by = {}
        for l in loads:
            if l["name"] == p:
                by.setdefault(l["side"], {})[int(l.get("rep", 0))] = l
        return by
    progs = list(dict.fromkeys(l["name"] for l in loads))
    maxreps = max(len(v) for p in progs for v in load_summary(p).values())
    w("")
    w("Program loads, verifier included. Programs run above are loaded once per"
      " side; the verif_* programs (load-only) %d times per side, the sides taking"
      " turns load by load: median (min–max). `processed` is each verifier's"
      " instruction count (the same on every load). Ratio = kbpf load / Linux"
      " interp load, the median (min–max) of the per-repetition ratios; <1 means"
      " kbpf loads faster:" % maxreps)
    w("")
    w("| program | insns | kbpf load | Linux JIT load | Linux interp load | ratio | kbpf processed | Linux processed |")
    w("|---|---|---|---|---|---|---|---|")
    for p in progs:
        by = load_summary(p)
        def ms(side):
            if side not in by:
                return "–"
            v = [int(l["ns"]) / 1e6 for l in by[side].values()]
            if len(v) == 1:
                return "%.1f ms" % v[0]
            return "%.1f (%.1f–%.1f) ms" % (statistics.median(v), min(v), max(v))
        first = lambda side: next(iter(by[side].values())) if side in by else {}
        lin = first("linux") or first("linux-interp")
        ratio = "–"
        if "kbpf" in by and "linux-interp" in by:
            rs = [int(by["kbpf"][r]["ns"]) / int(by["linux-interp"][r]["ns"])
                  for r in by["kbpf"] if r in by["linux-interp"]
                  and int(by["linux-interp"][r]["ns"])]
            if len(rs) == 1:
                ratio = "%.2f" % rs[0]
            elif rs:
                ratio = "**%.2f** (%.2f–%.2f)" % (statistics.median(rs), min(rs), max(rs))
        w("| %s | %s | %s | %s | %s | %s | %s | %s |" % (p,
          lin.get("insns", first("kbpf").get("insns", "–")),
          ms("kbpf"), ms("linux"), ms("linux-interp"), ratio,
          first("kbpf").get("processed", "–"), lin.get("processed", "–")))
if fails:
    w("")
    w("Rejected at load, so not measured on any side (errno; the verifier's"
      " processed count when it gave up):")
    w("")
    for f in fails:
        w("- %s on %s: errno %s after %s processed insns" % (
          f["name"], f["side"], f["err"], f.get("processed", "?")))
w("")
w("Raw lines: build/bench/raw.txt; every measurement: build/bench/results.json.")
w("<!-- END GENERATED -->")
gen = "\n".join(out) + "\n"

try:
    old = open(mdpath).read()
except FileNotFoundError:
    old = ""
begin, end = "<!-- BEGIN GENERATED", "<!-- END GENERATED -->\n"
if begin in old and end in old:
    head = old[:old.index(begin)]
    tail = old[old.index(end) + len(end):]
else:
    head = ("# kbpf benchmarks\n\n`make bench` (or `make bench QUICK=1`) builds kbpf.ko"
            " for 6.12 and tools/bench, boots one 6.12 guest and runs every benchmark"
            " on kbpf and on Linux; scripts/bench.sh rewrites the table below.\n\n")
    tail = "\n## Analysis\n\n(to be written)\n"
open(mdpath, "w").write(head + gen + tail)
print("bench.sh: wrote %s, %s" % (mdpath, jpath))
EOF
