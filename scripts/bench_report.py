#!/usr/bin/env python3
# scripts/bench_report.py: what scripts/bench_interp.py (the interpreter
# run's table) and scripts/bench_jit.py (the JIT run's) share: reading
# kbpf_bench's raw lines, the per-benchmark summary, the cells, the load
# figures, and replacing one generated block of BENCHMARKS.md.
import statistics


def read_raw(path):
    """kbpf_bench's META, LOAD, LOADFAIL and BENCH lines of @path."""
    meta, loads, rows, fails = {}, [], [], []
    for line in open(path):
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
    return meta, loads, rows, fails


def summary(rows, name, others):
    """Per side: median, min and max throughput over rounds; for each side
    in @others, kbpf's paired per-round ratios against it."""
    by = {}
    for r in rows:
        if r["name"] == name:
            by.setdefault(r["side"], {})[r["round"]] = r["ops_per_s"]
    s = {"name": name, "unit": next(r["unit"] for r in rows if r["name"] == name)}
    for side, per in by.items():
        v = list(per.values())
        s[side] = {"median": statistics.median(v), "min": min(v), "max": max(v),
                   "rounds": len(v)}
    for other in others:
        if "kbpf" in by and other in by:
            paired = [by["kbpf"][k] / by[other][k] for k in by["kbpf"] if k in by[other]]
            s["kbpf/" + other] = {
                "ratio": statistics.median(paired),
                "ratio_of_medians": s["kbpf"]["median"] / s[other]["median"],
                "round_min": min(paired), "round_max": max(paired)}
    return s


def fmt(x):
    for div, suf in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if x >= div:
            return "%.3g%s" % (x / div, suf)
    return "%.3g" % x


def cell(s, side):
    """A side's throughput: median (min–max)."""
    if side not in s:
        return "–"
    d = s[side]
    return "%s (%s–%s)" % (fmt(d["median"]), fmt(d["min"]), fmt(d["max"]))


def ratio_cell(d):
    """A ratio summary (median of paired ratios, with their range)."""
    return "**%.2f** (%.2f–%.2f)" % (d["ratio"], d["round_min"], d["round_max"])


def loads_by_side(loads, name):
    """@name's LOAD lines: side -> repetition -> line."""
    by = {}
    for line in loads:
        if line["name"] == name:
            by.setdefault(line["side"], {})[int(line.get("rep", 0))] = line
    return by


def load_ms(by, side):
    """A side's load time: one figure, or median (min–max) over repetitions."""
    if side not in by:
        return "–"
    v = [int(line["ns"]) / 1e6 for line in by[side].values()]
    if len(v) == 1:
        return "%.1f ms" % v[0]
    return "%.1f (%.1f–%.1f) ms" % (statistics.median(v), min(v), max(v))


def first_load(by, side):
    return next(iter(by[side].values())) if side in by else {}


def load_ratios(by, side, other):
    """side's load time over other's, repetition by repetition."""
    if side not in by or other not in by:
        return []
    return [int(by[side][r]["ns"]) / int(by[other][r]["ns"])
            for r in by[side] if r in by[other] and int(by[other][r]["ns"])]


def replace_block(old, gen, begin, end):
    """@old with its block from @begin to @end replaced by @gen, or None
    when @old has no such block."""
    if begin not in old or end not in old:
        return None
    return old[:old.index(begin)] + gen + old[old.index(end) + len(end):]
