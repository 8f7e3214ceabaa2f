#!/usr/bin/env python3
"""Import circles among kmod's files (issue 16).

A unit is a .c file and the .h of the same name (map/map.c + map/map.h).
Unit A depends on unit B when a file of A includes B's header. A circle is
a strongly connected set of two or more units; each is printed with the
include lines that make it.

    scripts/include-cycles.py [KMOD_DIR]

Exit status: 0 when every circle is one of NATURAL below, 1 otherwise.
kunit/ is left out: tests include what they test.
"""
import collections
import os
import re
import sys


# Circles kept on purpose, each with why it is natural. A circle not
# listed here, or larger than listed, fails make check.
NATURAL = {
    frozenset({'jit/arena', 'jit/selfcheck'}):
        "the arena's init runs its go/no-go probe, which writes and runs "
        "code through the arena it checks",
    frozenset({'jit/tail_call', 'jit/translate'}):
        "the tail-call sequence is one instruction's translation in a file "
        "of its own; it pops the saved registers as every exit does",
    frozenset({'jit/blind', 'jit/jit'}):
        "blinding is a step of the JIT's compile (jit.c calls it), and its "
        "jit_harden parameter shares the level ops jit.c defines for "
        "jit_enable",
}


def units_and_edges(top):
    files = []
    for root, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if d != 'kunit']
        files += [os.path.relpath(os.path.join(root, n), top)
                  for n in names if n.endswith(('.c', '.h'))]
    units = {os.path.splitext(f)[0] for f in files}
    edges = collections.defaultdict(dict)
    for f in files:
        with open(os.path.join(top, f), errors='replace') as src:
            for line in src:
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not m:
                    continue
                inc = os.path.normpath(os.path.join(os.path.dirname(f),
                                                    m.group(1)))
                a, b = os.path.splitext(f)[0], os.path.splitext(inc)[0]
                if b in units and a != b:
                    edges[a].setdefault(b, f)
    return units, edges


def circles(units, edges):
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(units):
        if v not in index:
            visit(v)
    return out


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', 'kmod')
    units, edges = units_and_edges(top)
    found = circles(units, edges)
    bad = 0
    for comp in found:
        why = NATURAL.get(frozenset(comp))
        if why:
            print('natural: ' + ' '.join(comp) + ': ' + why)
            continue
        bad += 1
        print('circle: ' + ' '.join(comp))
        for a in comp:
            for b, via in sorted(edges[a].items()):
                if b in comp:
                    print(f'  {a} -> {b}  ({via})')
    print(f'include-cycles: {len(units)} units, {len(found)} circles, '
          f'{len(found) - bad} natural, {bad} not')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
