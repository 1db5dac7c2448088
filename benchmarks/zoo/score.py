#!/usr/bin/env python3
"""F1 per converter x rendering, worked / held_out; a document that failed to parse counts all its truth facts as FN."""
import csv
import json
import sys
from pathlib import Path
from collections import defaultdict
rep = json.load(open(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[3] / 'zoo' / 'report.json')))
part = {r['id']: r['part'] for r in csv.DictReader(open(Path(__file__).resolve().parents[1] / 'dev_split.tsv'), delimiter='\t')}
facts = {}
for d in rep['documents']:
    facts[(d['id'], d['variant'].split('.')[0])] = max(facts.get((d['id'], d['variant'].split('.')[0]), 0), d['tp'] + d['fn'])
acc = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn failed
for d in rep['documents']:
    a = acc[(d['variant'], part[d['id']])]; a[0] += d['tp']; a[1] += d['fp']; a[2] += d['fn']
for f in rep['failed']:
    a = acc[(f['variant'], part[f['id']])]; a[2] += facts[(f['id'], f['variant'].split('.')[0])]; a[3] += 1
def f1(a):
    p = a[0] / (a[0] + a[1]) if a[0] + a[1] else 0; r = a[0] / (a[0] + a[2]) if a[0] + a[2] else 0
    return 2 * p * r / (p + r) if p + r else 0
variants = sorted({v for v, _ in acc})
convs = sorted({v.split('.', 1)[1] for v in variants}, key=lambda c: -f1([sum(acc[(r + '.' + c, p)][i] for r in ('edgar', 'sec2002') for p in ('worked', 'held_out')) for i in range(4)]))
print('%-16s | %-26s | %-26s' % ('converter', 'edgar worked/held (fail)', 'sec2002 worked/held (fail)'))
for c in convs:
    cells = []
    for r in ('edgar', 'sec2002'):
        w, h = acc[(r + '.' + c, 'worked')], acc[(r + '.' + c, 'held_out')]
        cells.append('%.3f / %.3f (%d/%d)' % (f1(w), f1(h), w[3], h[3]))
    print('%-16s | %-26s | %-26s' % (c, *cells))
