#!/usr/bin/env python3
"""The verifier's rule table: Linux 6.12's refusal sites against kbpf.

    scripts/rule-table.py LINUX_VERIFIER_C [--write TABLE] [--check TABLE]
                          [--decisions DECISIONS]

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
         both sides must print, this message produces; a decision may
         also name a selftest run on both targets, "selftest:NAME";
  status "implemented" (kbpf has the check and a case shows it),
         "no-case" (kbpf has the check, no case names its message yet),
         or what DECISIONS says (STATUSES below), else "open";
  note   the decision's reason in words; for an open site, a first guess
         from its words (btf-kfunc, packet-pointers, internal-error): a
         worklist, never a status.

DECISIONS (hand-kept, tab-separated: function, message or "*" for every
site of the function, status, kbpf check, cases, note) decides what the
words cannot: a check kbpf words differently, a reason a site does not
apply. Its kbpf check ("file:function") and cases replace the generated
ones when given ("-": keep them).

--write TABLE regenerates TABLE; --check TABLE fails if the table is not
what --write would write, a site has no row, a row is open, a row names a
case the corpus no longer has or a kbpf function that is gone, a decision
names no site, or a status lacks what it needs (below). Prints counts per
status and per reason.
"""
import glob
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Not applicable: the closed list.
REASONS = {"btf-kfunc", "packet-pointers", "prog-type", "map-type", "unpriv"}
# Applies, and how kbpf meets it. Each needs a kbpf check and a case but
# no-case (a note instead) and internal/log-part/jit (a note).
STATUSES = {
    "implemented": "kbpf's check and a case that triggers it on both sides",
    "no-case": "kbpf's check; the note says why no case reaches it",
    "guarded": "Linux refuses earlier every program that reaches the site; "
               "the kbpf check and case are of that earlier refusal",
    "kbpf-refuses": "kbpf refuses every program that reaches the site by a "
                    "broader check of its own (kbpf stricter)",
    "internal": "Linux's self-check (verifier bug, misconfigured table): "
                "refuses no valid program; the note says what it guards and "
                "what in kbpf keeps the same invariant",
    "log-part": "not a refusal of its own: a line of another site's log",
    "jit": "Linux refuses only with its JIT off (bpf_jit_enable=0); the "
           "reference is Linux with its JIT, as Debian runs it",
}
NEED_KBPF = {"implemented", "no-case", "guarded", "kbpf-refuses"}
NEED_CASE = {"implemented", "guarded", "kbpf-refuses"}
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
        # kbpf_reserved(env, "BPF_X") prints "BPF_X uses reserved fields".
        for m in re.finditer(r"\bkbpf_reserved\(env,\s*\"([^\"]+)\"\)", text):
            line = text.count("\n", 0, m.start())
            where = "%s:%s" % (os.path.relpath(path, TOP), func_of(lines, line))
            checks.setdefault(norm(m.group(1) + " uses reserved fields\n"),
                              where)
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


def read_decisions(path, bad):
    """{(function, message or "*"): (status, kbpf, cases, note)}"""
    dec = {}
    if not path or not os.path.exists(path):
        return dec
    for n, ln in enumerate(open(path), 1):
        if ln.startswith("#") or not ln.strip():
            continue
        f = ln.rstrip("\n").split("\t")
        if len(f) != 6:
            bad.append("%s:%d: %d fields, want 6" % (path, n, len(f)))
            continue
        if f[2] not in REASONS and f[2] not in STATUSES:
            bad.append("%s:%d: unknown status %s" % (path, n, f[2]))
        if not f[5].strip() or f[5] == "-":
            bad.append("%s:%d: a decision needs a note" % (path, n))
        dec[(f[0], f[1])] = f[2:]
    return dec


def kbpf_function_exists(where):
    """where is "file:function"; the function is defined in the file."""
    path, _, func = where.partition(":")
    full = os.path.join(TOP, path)
    if not func or not os.path.exists(full):
        return False
    return re.search(r"^\w[\w\s\*]*\b%s\(" % re.escape(func),
                     open(full).read(), re.M) is not None


def decide(func, fmt, kb, cs, dec, used):
    """(status, kbpf, cases, note) of one site."""
    # A function's "*" decides only the sites kbpf's words do not match.
    d = dec.get((func, fmt)) or (dec.get((func, "*")) if kb == "-" else None)
    if d:
        used.add((func, fmt) if (func, fmt) in dec else (func, "*"))
        status, dkb, dcs, note = d
        if dkb != "-":
            kb = dkb
        if dcs != "-":
            cs = dcs.split(",")
        return status, kb, cs, note
    if kb != "-":
        return ("implemented" if cs else "no-case"), kb, cs, "-"
    return "open", kb, cs, "hint: " + hint(func, fmt)


def validate(key, status, kb, cs, note, names, bad):
    if status == "open":
        bad.append("row %s is open: decide it in the decisions file" % key)
    if status in NEED_KBPF and kb == "-":
        bad.append("row %s is %s without a kbpf check" % (key, status))
    if kb != "-" and not kbpf_function_exists(kb):
        bad.append("row %s names %s, which is gone" % (key, kb))
    if status == "no-case" and not note.strip("-"):
        bad.append("row %s has no case and no note saying why" % key)
    if status in NEED_CASE and not cs:
        bad.append("row %s is %s without a case" % (key, status))
    for c in cs:
        if c not in names:
            bad.append("row %s names case %s, which is gone" % (key, c))


def check_state_rules(path, names, bad):
    """The state rules' table: its kbpf functions and cases exist."""
    if not os.path.exists(path):
        return
    for n, ln in enumerate(open(path), 1):
        if ln.startswith("#") or not ln.strip():
            continue
        f = ln.rstrip("\n").split("\t")
        if len(f) != 6:
            bad.append("%s:%d: %d fields, want 6" % (path, n, len(f)))
            continue
        if not kbpf_function_exists(f[2]):
            bad.append("%s:%d: %s is gone" % (path, n, f[2]))
        for c in f[3].split(","):
            if c not in names:
                bad.append("%s:%d: case %s is gone" % (path, n, c))


def render(out):
    text = ("# Generated by scripts/rule-table.py from Linux 6.12.117's "
            "kernel/bpf/verifier.c and\n# decisions.tsv: do not edit, run "
            "scripts/rule-table.sh --write.\n")
    text += "# function\tmessage\tline\tkbpf check\tcases\tstatus\tnote\n"
    for r in out:
        text += "\t".join(r) + "\n"
    return text


def main(argv):
    vpath = argv[1]
    write = check = decisions = None
    if "--write" in argv:
        write = argv[argv.index("--write") + 1]
    if "--check" in argv:
        check = argv[argv.index("--check") + 1]
    if "--decisions" in argv:
        decisions = argv[argv.index("--decisions") + 1]
    bad = []
    sites = linux_sites(vpath)
    checks = kbpf_checks()
    cases = corpus_cases()
    names = {n for n, _ in cases} | set(re.findall(
        r"\.name\s*=\s*\"([^\"]+)\"", "".join(open(p).read() for p in glob.glob(
            os.path.join(TOP, "tools/testing/selftests/verifier_cases_*.c")))))
    # A differential selftest (run on both targets) counts as a case too.
    names |= {"selftest:" + n for n in re.findall(
        r"^TEST\((\w+)\)", "".join(open(p).read() for p in glob.glob(
            os.path.join(TOP, "tools/testing/selftests/test_*.c"))), re.M)}
    dec = read_decisions(decisions, bad)
    used = set()
    old = read_table(check or "")
    out, counts = [], {}
    for key in sorted(sites, key=lambda k: sites[k]):
        func, fmt = key.split("|", 1)
        kb = checks.get(norm(fmt), "-")
        cs = cases_for(fmt, cases) if kb != "-" else []
        status, kb, cs, note = decide(func, fmt, kb, cs, dec, used)
        counts[status] = counts.get(status, 0) + 1
        validate(key, status, kb, cs, note, names, bad)
        out.append([func, fmt, str(sites[key]), kb, ",".join(cs[:4]) or "-",
                    status, note])
        if check and key not in old:
            bad.append("no row for %s:%d %s" % (func, sites[key], fmt))
    check_state_rules(os.path.join(os.path.dirname(decisions or "."),
                                   "state-rules.tsv"), names, bad)
    for k in sorted(set(dec) - used):
        bad.append("decision %s|%s names no site of Linux's verifier.c" % k)
    if check and os.path.exists(check) and open(check).read() != render(out):
        bad.append("%s is not what --write makes: run "
                   "scripts/rule-table.sh --write" % check)
    if write:
        with open(write, "w") as f:
            f.write(render(out))
    total = len(out)
    print("rule-table: %d refusal sites in Linux's verifier.c" % total)
    for s in sorted(counts, key=lambda s: (s in REASONS, s)):
        print("  %-16s %d%s" % (s, counts[s],
                                "  (not applicable)" if s in REASONS else ""))
    for b in bad:
        print("rule-table: " + b, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
