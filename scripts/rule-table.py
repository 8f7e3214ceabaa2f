#!/usr/bin/env python3
"""The verifier's rule table: Linux 6.12's refusal sites against kbpf.

    scripts/rule-table.py LINUX_VERIFIER_C [--write TABLE] [--check TABLE]

A refusal site is a verbose(env, "...") call in Linux's
kernel/bpf/verifier.c followed, in the next statements of its block, by an
error return (return -E..., err = -E..., return err/ret, goto). Each site
is keyed by its function and its message, so that it keeps its key when
lines move.

For each site the table names:
  kbpf   where kbpf prints the same message (kmod/verifier/*.c,
         kbpf_verbose() with the same format once conversions are ignored),
         "-" if nowhere;
  cases  the differential corpus cases (tools/testing/selftests/
         verifier_cases_*.c) whose .log, a substring of Linux's log that
         both sides must print, this message produces;
  status "implemented" (kbpf has the check and a case shows it),
         "no-case" (kbpf has the check, no case names its message yet),
         a reason from the closed list (btf-kfunc, packet-pointers,
         prog-type, map-type, unpriv) when TABLE's row already gives
         one, or "open";
  hint   for an open site, a first guess from its words at the reason it
         may not apply (btf-kfunc, packet-pointers, internal-error): a
         worklist, never a status.

--write TABLE regenerates TABLE (tab-separated), keeping the reasons its
rows hold; --check TABLE fails if a site has no row, or a row names a
case the corpus no longer has. Prints counts per status.
"""
import glob
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REASONS = {"btf-kfunc", "packet-pointers", "prog-type", "map-type", "unpriv"}
CONV = r"%[-+ #0]*[0-9*]*(?:\.[0-9*]+)?(?:hh|h|ll|l|z|j|t)?[diouxXcspe]"


def c_strings(text):
    """The concatenated string literals at the start of text."""
    out, pos = [], 0
    while True:
        m = re.match(r'\s*"((?:[^"\\]|\\.)*)"', text[pos:])
        if not m:
            return "".join(out), pos
        out.append(m.group(1))
        pos += m.end()


def func_of(lines, i):
    """The function around line i: the last line that opens one."""
    for j in range(i, -1, -1):
        m = re.match(r"^(?:static\s+)?(?:[\w\s\*]+?)\b(\w+)\(", lines[j])
        if m and not lines[j].startswith((" ", "\t", "#", "}")) and \
           not lines[j].rstrip().endswith(";"):
            return m.group(1)
    return "?"


ERR_RE = re.compile(r"return\s+-E\w+|return\s+(?:err|ret)\b|"
                    r"(?:err|ret)\s*=\s*-E\w+|goto\s+\w+|return\s+-1\b")


def linux_sites(path):
    text = open(path).read()
    lines = text.split("\n")
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    sites = {}
    for m in re.finditer(r"\bverbose\(env,", text):
        fmt, _ = c_strings(text[m.end():])
        if not fmt.strip():
            continue
        line = text.count("\n", 0, m.start())
        end = text.find(";", m.end())
        after = text[end + 1:end + 1 + 400].split("}")[0]
        if not ERR_RE.search(after):
            continue
        key = "%s|%s" % (func_of(lines, line), fmt)
        sites.setdefault(key, line + 1)
    return sites


def norm(fmt):
    """A format without its conversions; Linux's helper names carry their
    bpf_ prefix in the argument, kbpf's in the format."""
    fmt = re.sub(CONV, "%", fmt).replace("\\n", "").strip()
    return fmt.replace("bpf_%", "%")


def kbpf_checks():
    checks = {}
    for path in sorted(glob.glob(os.path.join(TOP, "kmod/verifier/*.c"))):
        text = open(path).read()
        lines = text.split("\n")
        for m in re.finditer(r"\bkbpf_verbose\(env,", text):
            fmt, _ = c_strings(text[m.end():])
            if not fmt:
                continue
            line = text.count("\n", 0, m.start())
            where = "%s:%s" % (os.path.relpath(path, TOP), func_of(lines, line))
            checks.setdefault(norm(fmt), where)
    return checks


def corpus_cases():
    """(name, log) of every corpus case that checks a log substring."""
    cases = []
    for path in sorted(glob.glob(os.path.join(
            TOP, "tools/testing/selftests/verifier_cases_*.c"))):
        text = open(path).read()
        for m in re.finditer(r"\.name\s*=\s*\"([^\"]+)\"(.*?)(?=\.name\s*=|\Z)",
                             text, re.S):
            lm = re.search(r"\.log\s*=", m.group(2))
            if lm:
                log, _ = c_strings(m.group(2)[lm.end():])
                if log:
                    cases.append((m.group(1), log))
    return cases


def site_regex(fmt):
    parts = re.split("(" + CONV + ")", fmt.replace("\\n", "\n"))
    rx = ""
    for p in parts:
        if re.fullmatch(CONV, p):
            rx += r".+?" if p.endswith("s") else r"[-\w.()]+?"
        else:
            rx += re.escape(p.replace('\\"', '"').replace("\\'", "'"))
    return re.compile(rx, re.S)


def literal_len(fmt):
    return len(re.sub(CONV, "", fmt.replace("\\n", "")).strip())


def cases_for(fmt, cases):
    """Cases whose log substring this message can produce."""
    rx = site_regex(fmt)
    found = []
    lit = literal_len(fmt)
    for name, log in cases:
        log = log.replace("\\n", "\n").replace('\\"', '"')
        if lit < 8 or len(log) < 6:
            continue
        # The case's substring is a whole rendering of the message, or
        # shares the message's longest literal piece.
        if rx.search(log) or _inside(log, fmt):
            found.append(name)
    return found


def _inside(log, fmt):
    """log, a fragment, matches part of the message fmt."""
    pieces = [p for p in re.split(CONV, fmt.replace("\\n", "\n")) if p]
    # The longest literal piece of the format must be in the log, or the
    # log in it, with what surrounds it consistent.
    piece = max(pieces, key=len, default="")
    piece = piece.replace('\\"', '"').strip()
    if len(piece) < 8:
        return False
    return piece in log or (log.strip() in piece and len(log.strip()) >= 12)


# A first guess at why an open site may not apply, for whoever decides:
# never a status by itself.
HINTS = [
    ("btf-kfunc", r"btf|BTF|kfunc|kernel func|kptr|func_info|line_info|"
     r"global func|exception|struct_ops|__arg|arena|bpf_obj|graph|rbtree|"
     r"list_head|spin_lock|refcount|percpu_obj|iter|trusted|linfo|"
     r"attach|fentry|fexit|freplace|lsm|LSM|timer|wq|irq|core_relo|preempt"),
    ("packet-pointers", r"pkt|packet|data_end|xdp|skb|sk_|sock|tcp|flow"),
    ("internal-error", r"internal|verifier bug|BUG|misconfigured|unexpected"),
]


def hint(func, fmt):
    for reason, rx in HINTS:
        if re.search(rx, func + " " + fmt):
            return reason
    return "-"


def read_table(path):
    rows = {}
    if not os.path.exists(path):
        return rows
    for ln in open(path):
        if ln.startswith("#") or not ln.strip():
            continue
        f = ln.rstrip("\n").split("\t")
        rows[f[0] + "|" + f[1]] = f
    return rows


def main(argv):
    vpath = argv[1]
    write = check = None
    if "--write" in argv:
        write = argv[argv.index("--write") + 1]
    if "--check" in argv:
        check = argv[argv.index("--check") + 1]
    sites = linux_sites(vpath)
    checks = kbpf_checks()
    cases = corpus_cases()
    names = {n for n, _ in cases} | set(re.findall(
        r"\.name\s*=\s*\"([^\"]+)\"", "".join(open(p).read() for p in glob.glob(
            os.path.join(TOP, "tools/testing/selftests/verifier_cases_*.c")))))
    old = read_table(write or check or "")
    out, counts, bad = [], {}, []
    for key in sorted(sites, key=lambda k: sites[k]):
        func, fmt = key.split("|", 1)
        kb = checks.get(norm(fmt), "-")
        cs = cases_for(fmt, cases) if kb != "-" else []
        prev = old.get(key)
        if kb != "-":
            status = "implemented" if cs else "no-case"
        elif prev and prev[5] in REASONS:
            status = prev[5]
        else:
            status = "open"
        counts[status] = counts.get(status, 0) + 1
        out.append([func, fmt, str(sites[key]), kb, ",".join(cs[:4]) or "-",
                    status, hint(func, fmt) if status == "open" else "-"])
        if check:
            if not prev:
                bad.append("no row for %s:%d %s" % (func, sites[key], fmt))
            else:
                for c in prev[4].split(","):
                    if c != "-" and c not in names:
                        bad.append("row %s names case %s, which is gone" %
                                   (key, c))
    if write:
        with open(write, "w") as f:
            f.write("# Generated by scripts/rule-table.py from Linux 6.12.117's "
                    "kernel/bpf/verifier.c; a reason in column 6 is kept.\n")
            f.write("# function\tmessage\tline\tkbpf check\tcases\tstatus"
                    "\thint\n")
            for r in out:
                f.write("\t".join(r) + "\n")
    total = len(out)
    print("rule-table: %d refusal sites in Linux's verifier.c" % total)
    for s in sorted(counts):
        print("  %-16s %d" % (s, counts[s]))
    for b in bad:
        print("rule-table: " + b, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
