#!/usr/bin/env python3
"""Import circles among kmod's files (issue 16).

A unit is a .c file and the .h of the same name (map/map.c + map/map.h).
Unit A depends on unit B when a file of A includes B's header. A circle is
a strongly connected set of two or more units; each is printed with the
include lines that make it.

    scripts/include-cycles.py [KMOD_DIR]

Exit status: 0 when there is no circle, 1 otherwise. kunit/ is left out:
tests include what they test.
"""
import collections
import os
import re
import sys


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
    for comp in found:
        print('circle: ' + ' '.join(comp))
        for a in comp:
            for b, via in sorted(edges[a].items()):
                if b in comp:
                    print(f'  {a} -> {b}  ({via})')
    print(f'include-cycles: {len(units)} units, {len(found)} circles')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
