#!/usr/bin/env python3
"""Feature-to-feature dependencies of src/PayDesk/Features, counted from the source's type references.

Usage: scripts/feature-deps.py [Features folder] [-v (edges, pairs, cycle)] [-e (which types make each edge)]

A file of feature F depends on feature G when it names a top-level type declared only in G (enum members,
constants and injected property names are not type references). The compiled-code count, which also sees
extension methods and generic arguments, is printed by the architecture test (No_feature_to_feature_cycle…).
"""
import os, re, sys, collections
root = sys.argv[1] if len(sys.argv) > 1 else 'src/PayDesk/Features'
feats = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
files = {}
for f in feats:
    for dp, _, fns in os.walk(os.path.join(root, f)):
        if '/bin' in dp or '/obj' in dp: continue
        for fn in fns:
            if fn.endswith('.cs') or fn.endswith('.razor'):
                files[os.path.join(dp, fn)] = f
decl = collections.defaultdict(set)
rx = re.compile(r'^(?:[a-z]+\s+)*(?:class|record|struct|enum|interface)\s+(?:struct\s+|class\s+)?([A-Z]\w*)', re.M)
def strip(s):
    s = re.sub(r'//[^\n]*', '', s); s = re.sub(r'/\*.*?\*/', '', s, flags=re.S)
    s = re.sub(r'@\*.*?\*@', '', s, flags=re.S); s = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', s)
    return s
src = {p: strip(open(p, encoding='utf-8').read()) for p in files}
for p, f in files.items():
    if p.endswith('.razor'): decl[os.path.basename(p)[:-6]].add(f)
    for m in rx.finditer(src[p]): decl[m.group(1)].add(f)
shared = set()
for base in ('Infrastructure', 'Components'):
    for dp, _, fns in os.walk(os.path.join(os.path.dirname(root), base)):
        for fn in fns:
            if fn.endswith('.cs') or fn.endswith('.razor'):
                t = strip(open(os.path.join(dp, fn), encoding='utf-8').read())
                shared.update(m.group(1) for m in rx.finditer(t))
                if fn.endswith('.razor'): shared.add(fn[:-6])
alias = dict(a.split('=') for a in os.environ.get('ALIAS', '').split(',') if a)
for n in list(decl): decl[n] = {alias.get(f, f) for f in decl[n]}
for p in files: files[p] = alias.get(files[p], files[p])
feats = sorted(set(files.values()))
uniq = {n: next(iter(fs)) for n, fs in decl.items() if len(fs) == 1 and n not in shared}
deps = collections.defaultdict(set); filesref = 0; edges_by_file = collections.Counter()
members = collections.defaultdict(set)
for p, f in files.items():
    members[f].update(re.findall(r'^\s+([A-Z]\w*)\s*(?:=\s*\d+\s*)?,?\s*$', src[p], re.M))
    members[f].update(re.findall(r'const\s+\w+\s+([A-Z]\w*)', src[p]))
enums = set()
for p in files: enums.update(re.findall(r'\benum\s+([A-Z]\w*)', src[p]))
enum_member = re.compile(r'\b(' + '|'.join(sorted(enums)) + r')\.[A-Z]\w*') if enums else None
def tokens(p, f):
    text = enum_member.sub(r'\1', src[p]) if enum_member else src[p]
    text = re.sub(r'^\s+[A-Z]\w*\s*(?:=\s*\d+\s*)?,?\s*$', '', text, flags=re.M)
    text = re.sub(r'(const\s+\w+\s+)[A-Z]\w*', r'\1', text)
    text = re.sub(r'^(@inject\s+\S+)\s+\w+', r'\1', text, flags=re.M)
    return {m.group(2) for m in re.finditer(r'(\.?)\b([A-Z]\w*)', text) if not (m.group(1) and m.group(2) in members[f])}
for p, f in files.items():
    toks = tokens(p, f)
    tgt = {uniq[t] for t in toks if t in uniq and uniq[t] != f}
    if tgt: filesref += 1
    for g in tgt: deps[f].add(g)
edges = sum(len(v) for v in deps.values())
pairs = sorted({tuple(sorted((a, b))) for a in deps for b in deps[a] if a in deps.get(b, ())})
# strongly connected components (Tarjan)
idx = {}; low = {}; st = []; on = set(); sccs = []; c = [0]
def sc(v):
    idx[v] = low[v] = c[0]; c[0] += 1; st.append(v); on.add(v)
    for w in deps.get(v, ()):
        if w not in idx: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], idx[w])
    if low[v] == idx[v]:
        comp = []
        while True:
            w = st.pop(); on.discard(w); comp.append(w)
            if w == v: break
        sccs.append(comp)
sys.setrecursionlimit(10000)
for v in feats:
    if v not in idx: sc(v)
big = max(sccs, key=len)
print(f"features {len(feats)}; files {len(files)}, referencing another feature {filesref}")
print(f"feature->feature dependencies {edges}; two-way pairs {len(pairs)}; largest cycle {len(big)} features")
if '-v' in sys.argv:
    for a in sorted(deps): print(f"  {a} -> {', '.join(sorted(deps[a]))}")
    print("  two-way:", ', '.join(f"{a}<->{b}" for a, b in pairs))
    print("  cycle:", ', '.join(sorted(big)))
if '-e' in sys.argv:
    why = collections.defaultdict(lambda: collections.defaultdict(set))
    for p, f in files.items():
        toks = tokens(p, f)
        for t in toks:
            if t in uniq and uniq[t] != f: why[(f, uniq[t])][t].add(os.path.relpath(p, root))
    for (a, b), ts in sorted(why.items()):
        print(f"{a} -> {b}:")
        for t, ps in sorted(ts.items()): print(f"     {t}: {', '.join(sorted(ps))}")
