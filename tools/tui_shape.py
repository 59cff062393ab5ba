#!/usr/bin/env python3
"""The shape of src/tui that issue 26 measures, from the project root: `python3 tools/tui_shape.py`.

1. Non-test functions outside the root of tui/ (`mod.rs`, `update.rs`, `screens/mod.rs`, `state/`)
   whose parameters name `AppState`.
2. Import loops among the files of tui/: an edge A -> B when A names a path into B
   (`crate::tui::x`, `super::x`, `self::x`, and `{…}` groups); the strongly connected components.

A `mod.rs` naming its own child modules by bare paths counts too.
`--edges` also prints, for each file in a loop, the files of that loop it names.

Both are approximations by regular expressions over the source, good enough to follow a trend.
"""
import pathlib
import re
import signal
import sys

ARGS = [a for a in sys.argv[1:] if not a.startswith('--')]
ROOT = pathlib.Path(ARGS[0] if ARGS else '.') / 'src/tui'


def non_test(text):
    """`text` without the items under `#[cfg(test)]` (a `mod x;` line, or an item to its closing brace)."""
    out, at = [], 0
    for m in re.finditer(r'#\[cfg\(test\)\]', text):
        if m.start() < at:
            continue
        out.append(text[at:m.start()])
        semi, brace = text.find(';', m.end()), text.find('{', m.end())
        if semi != -1 and (brace == -1 or semi < brace):
            at = semi + 1
            continue
        depth, i = 0, brace
        while i < len(text):
            depth += {'{': 1, '}': -1}.get(text[i], 0)
            i += 1
            if depth == 0:
                break
        at = i
    out.append(text[at:])
    return ''.join(out)


def appstate_functions():
    per = {}
    for p in ROOT.rglob('*.rs'):
        rel = p.relative_to(ROOT).as_posix()
        if rel in ('mod.rs', 'update.rs', 'screens/mod.rs') or rel.startswith('state/') or 'test' in p.name:
            continue
        for m in re.finditer(r'\bfn\s+\w+[^{;]*?\(([^)]*)\)', non_test(p.read_text()), re.S):
            if 'AppState' in m.group(1):
                per[rel] = per.get(rel, 0) + 1
    return per


def modules():
    files = {}
    for p in ROOT.rglob('*.rs'):
        if 'test' in p.name:
            continue
        parts = list(p.relative_to(ROOT).with_suffix('').parts)
        if parts[-1] == 'mod':
            parts = parts[:-1]
        files[tuple(parts)] = p
    return files


def import_loops(with_edges=False):
    files = modules()

    def resolve(segs):
        for i in range(len(segs), 0, -1):
            if tuple(segs[:i]) in files:
                return tuple(segs[:i])
        return None

    edges = {k: set() for k in files}
    for mod, p in files.items():
        text = non_test(p.read_text())
        is_dir = p.name == 'mod.rs'

        def base_of(head):
            if head == 'crate::tui':
                return []
            if head == 'self':
                return list(mod)
            n = head.count('super')
            parent = list(mod[:-1])
            return parent[:len(parent) - (n - 1)] if (is_dir or n > 0) else list(mod)

        for m in re.finditer(r'\b(crate::tui|super(?:::super)*|self)::([A-Za-z_][\w:]*)', text):
            if m.group(2).endswith('::'):
                continue  # a `{…}` group: its items are the edges (below), not the path to them
            t = resolve(base_of(m.group(1)) + m.group(2).split('::'))
            if t and t != mod:
                edges[mod].add(t)
        if is_dir:
            # A `mod.rs` names its own children by bare paths too (`switch::f`, `drafts::State`).
            children = set(re.findall(r'^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;', text, re.M))
            for m in re.finditer(r'(?<![\w:])(\w+)::', text):
                if m.group(1) in children:
                    t = resolve(list(mod) + [m.group(1)])
                    if t and t != mod:
                        edges[mod].add(t)
        for m in re.finditer(r'\b(crate::tui|super(?:::super)*|self)((?:::\w+)*)::\{([^}]*)\}', text):
            prefix = [x for x in m.group(2).split('::') if x]
            for item in m.group(3).split(','):
                segs = [s for s in item.strip().split(' as ')[0].split('::') if s and s != 'self']
                if not segs and item.strip() != 'self':
                    continue  # the empty item after a trailing comma
                t = resolve(base_of(m.group(1)) + prefix + segs)
                if t and t != mod:
                    edges[mod].add(t)
    index, low, stack, on, loops, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
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
                loops.append(sorted('/'.join(x) or 'mod' for x in comp))

    for v in list(edges):
        if v not in index:
            visit(v)
    if with_edges:
        name = lambda x: '/'.join(x) or 'mod'
        inside = {m for comp in loops for m in comp}
        for v in sorted(edges, key=name):
            if name(v) in inside:
                print(f'    {name(v)} -> ' + ', '.join(sorted(name(w) for w in edges[v] if name(w) in inside)))
    return loops


if __name__ == '__main__':
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` is a normal way to read it
    per = appstate_functions()
    print(f'{sum(per.values())} non-test functions outside the root take AppState')
    for k, v in sorted(per.items(), key=lambda x: -x[1]):
        print(f'  {v:3} {k}')
    loops = import_loops(with_edges='--edges' in sys.argv)
    print(f'{sum(map(len, loops))} files in {len(loops)} import loop(s)')
    for comp in loops:
        print('  ' + ', '.join(comp))
