#!/usr/bin/env python3
"""Reconstruct HTML for each dev filing/rendering from its markup.txt.

markup.txt: one table row per line, TAB-separated cells, <b>/<sup>/<input> kept,
markdown-style `**bold**` paragraphs and `\\$` escapes.  We rebuild:
  * consecutive TAB lines -> one <table>, one <tr> per line, <td> per cell;
  * Table I/II heading rows ("1. Title ..." + the Code/V/Amount row) -> real
    colspan/rowspan headings (empty cell after a heading = colspan; a heading
    with nothing under it in row 2 = rowspan=2);
  * box rows: an empty cell under a numbered box ("1. Name ...") of a row with
    the same cell count -> rowspan of that box (EDGAR's side-by-side boxes);
  * a bold "Table I/II - ..." paragraph just before a table -> its first row
    (<th colspan=N>), as on EDGAR's page;
  * other lines -> <p> (consecutive lines joined with <br>);
  * edgar: checked checkbox -> "X" text (EDGAR's page draws X in a cell);
    sec2002 keeps <input type=checkbox checked> (the 2002 stylesheet uses inputs).
Usage: make_html.py [SRC=../shared/corpus/dev] [OUT=../zoo/html]
"""
import html
import os
import re
import sys
from pathlib import Path

SRC = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev")
OUT = sys.argv[2] if len(sys.argv) > 2 else str(Path(__file__).resolve().parents[3] / "zoo" / "html")

TAG_RE = re.compile(r'(</?b>|</?sup>|<input[^>]*>)')
ESC_RE = re.compile(r'\\([\\`*_{}\[\]()#+\-.!$|<>~])')
BOX_RE = re.compile(r'^(?:<[^>]+>|\s)*\d+[A-Z]?\.\s')
HEAD_RE = re.compile(r'^(?:<[^>]+>|\s)*1\.\s*Title\b')
TITLE_RE = re.compile(r'^(?:<b>|\*\*)\s*Table I', re.I)


def inline(text, rendering):
    """markup text -> HTML fragment: keep the few real tags, escape the rest."""
    parts = TAG_RE.split(text)
    out = []
    for i, p in enumerate(parts):
        if i % 2 == 1:
            if p.startswith('<input'):
                out.append('X' if rendering == 'edgar' else '<input type="checkbox" checked>')
            else:
                out.append(p)
        else:
            p = ESC_RE.sub(lambda m: '\x00' + m.group(1) + '\x01', p)
            # **bold** (not escaped \*\*)
            p = re.sub(r'\*\*(.+?)\*\*', lambda m: '\x02' + m.group(1) + '\x03', p)
            p = html.escape(p.replace('\x00', '').replace('\x01', ''), quote=False)
            p = p.replace('\x02', '<b>').replace('\x03', '</b>').replace(BR, '<br>\n')
            out.append(p)
    return ''.join(out)


BR = '\x04'  # becomes <br> after escaping
BOX_BREAKS = [
    (re.compile(r'(Reporting Person(?:\(s\))?\s*(?:<sup>\*</sup>|\*)?)\s+(?=\S)(?!to Issuer)'), r'\1' + BR),
    (re.compile(r'\s*(\(Last\)\s*\(First\)\s*\(Middle\))\s*'), BR + r'\1' + BR),
    (re.compile(r'\s*(\(Street\))\s*'), BR + r'\1' + BR),
    (re.compile(r'\s*(\(City\)\s*\(State\)\s*\(Zip\))\s*'), BR + r'\1' + BR),
    (re.compile(r'(Trading Symbol|\(Month/Day/Year\)|\(Check all applicable\)|\(Check Applicable Line\)|OMB APPROVAL|3235-0287|Estimated average burden|response:\s*[\d.]+)\s+(?=\S)'), r'\1' + BR),
    (re.compile(r'\s+((?:<input[^>]*>\s*|_+\s*)?(?:Officer \(give title below\)|Form filed by More))'), BR + r'\1'),
    (re.compile(r'(Other \(specify below\))\s+(?=\S)'), r'\1' + BR),
]


def box_breaks(text, streets=()):
    """Put back the line breaks that EDGAR draws inside the header boxes."""
    if not BOX_RE.match(text) and 'OMB APPROVAL' not in text and not text.lstrip().startswith(('(Last)', '(Street)')):
        return text
    for rx, rep in BOX_BREAKS:
        text = rx.sub(rep, text)
    for st in streets:
        i = text.find(BR + st + ' ')
        if i >= 0:
            j = i + len(BR + st)
            text = text[:j] + BR + text[j + 1:]
    return text.strip(BR)


def plain(cell):
    return re.sub(r'<[^>]+>', '', cell).strip()


def table_html(rows, rendering, title=None, streets=()):
    """rows: list of lists of raw cell text."""
    ncols = max(len(r) for r in rows)
    out = ['<table cellspacing="0" cellpadding="2">']
    if title is not None:
        out.append('<tr><th colspan="%d" align="left">%s</th></tr>' % (ncols, title))
    # cell specs: list per row of (text, colspan, rowspan) or None (dropped)
    spec = [[[c, 1, 1] for c in r] for r in rows]
    i = 0
    heading_seen = False
    while i < len(rows):
        r = rows[i]
        if HEAD_RE.match(r[0]) and i + 1 < len(rows) and plain(rows[i + 1][0]) == '':
            heading_seen = True
            r2 = rows[i + 1]
            new1, drop2 = [], set()
            j = 0
            while j < len(r):
                k = j + 1
                while k < len(r) and plain(r[k]) == '':
                    k += 1
                below = [plain(r2[x]) if x < len(r2) else '' for x in range(j, k)]
                if all(b == '' for b in below):
                    new1.append([r[j], k - j, 2])
                    drop2.update(range(j, k))
                else:
                    new1.append([r[j], k - j, 1])
                j = k
            spec[i] = new1
            spec[i + 1] = [None if x in drop2 else [c, 1, 1] for x, c in enumerate(r2)]
            i += 2
            continue
        if not heading_seen and i > 0 and len(rows[i]) == len(rows[i - 1]):
            # box rowspans: empty cell below a numbered box (or its span)
            for x, c in enumerate(r):
                if plain(c) != '':
                    continue
                # find owner cell above
                y = i - 1
                while y >= 0 and x < len(spec[y]) and spec[y][x] is None:
                    y -= 1
                if y >= 0 and x < len(spec[y]) and spec[y][x] is not None \
                        and BOX_RE.match(spec[y][x][0]) and len(rows[y]) == len(r):
                    spec[y][x][2] += 1
                    spec[i][x] = None
        i += 1
    for srow in spec:
        cells = []
        for s in srow:
            if s is None:
                continue
            text, cs, rs = s
            attrs = ''
            if cs > 1:
                attrs += ' colspan="%d"' % cs
            if rs > 1:
                attrs += ' rowspan="%d"' % rs
            cells.append('<td%s valign="top">%s</td>' % (attrs, inline(box_breaks(text, streets), rendering)))
        out.append('<tr>' + ''.join(cells) + '</tr>')
    out.append('</table>')
    return '\n'.join(out)


def convert(text, rendering, streets=()):
    lines = text.split('\n')
    title = 'SEC Form %s' % ('4')
    if lines and '\t' not in lines[0] and lines[0].startswith('SEC Form'):
        title = lines[0].strip()
        lines = lines[1:]
    blocks = []  # ('t', rows) or ('p', [lines])
    cur = None
    for ln in lines:
        if ln.strip() == '':
            cur = None
            continue
        kind = 't' if '\t' in ln else 'p'
        if cur is None or cur[0] != kind:
            cur = (kind, [])
            blocks.append(cur)
        cur[1].append(ln.split('\t') if kind == 't' else ln)
    body = []
    pending_title = None
    for bi, (kind, items) in enumerate(blocks):
        if kind == 'p':
            frag = inline('\n'.join(items), rendering).replace('\n', '<br>\n')
            nxt = blocks[bi + 1] if bi + 1 < len(blocks) else None
            if TITLE_RE.match(items[0]) and nxt is not None and nxt[0] == 't' \
                    and HEAD_RE.match(nxt[1][0][0]):
                pending_title = frag
                continue
            body.append('<p>%s</p>' % frag)
        else:
            body.append(table_html(items, rendering, pending_title, streets))
            pending_title = None
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>%s</title></head>\n'
            '<body>\n%s\n</body></html>\n' % (html.escape(title), '\n'.join(body)))


def main():
    n = 0
    for fid in sorted(os.listdir(SRC)):
        d = os.path.join(SRC, fid)
        if not os.path.isdir(d):
            continue
        for rendering in ('edgar', 'sec2002'):
            src = os.path.join(d, rendering + '.markup.txt')
            if not os.path.exists(src):
                continue
            with open(src, encoding='utf-8') as f:
                text = f.read()
            streets = []
            tp = os.path.join(d, 'truth.xml')
            if os.path.exists(tp):  # street1 ends a line on the page; the markup joined it to street2
                streets = [html.unescape(x).strip() for x in
                           re.findall(r'<rptOwnerStreet1>([^<]*)<', open(tp, encoding='utf-8', errors='replace').read())]
            os.makedirs(os.path.join(OUT, fid), exist_ok=True)
            with open(os.path.join(OUT, fid, rendering + '.html'), 'w', encoding='utf-8') as f:
                f.write(convert(text, rendering, [x for x in streets if x]))
            n += 1
    print('wrote', n, 'html files to', OUT)


if __name__ == '__main__':
    main()
