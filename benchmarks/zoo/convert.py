#!/usr/bin/env python3
"""Run every converter of the zoo on ../zoo/html/<id>/<rendering>.html.

Writes ../zoo/corpus/<id>/<rendering>.<converter>.txt and copies truth.xml,
so the result has the shape of shared/corpus/dev.
Usage: convert.py [HTML=../zoo/html] [OUT=../zoo/corpus] [DEV=../shared/corpus/dev] [conv ...]
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path
from concurrent.futures import ProcessPoolExecutor

HTML = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[3] / "zoo" / "html")
OUT = sys.argv[2] if len(sys.argv) > 2 else str(Path(__file__).resolve().parents[3] / "zoo" / "corpus")
DEV = sys.argv[3] if len(sys.argv) > 3 else str(Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev")
ONLY = set(sys.argv[4:])


def sh(*cmd):
    def run(path, html):
        r = subprocess.run([c.replace('{}', path) for c in cmd], capture_output=True, timeout=120,
                           env={**os.environ, 'TERM': 'dumb', 'HOME': '/tmp/zoohome', 'LANG': 'C.UTF-8'})
        return r.stdout.decode('utf-8', 'replace')
    return run


def bordered(run):
    """The same tool on the page with <table border=1> (frames drawn with box characters)."""
    def wrapped(path, html):
        import tempfile
        with tempfile.NamedTemporaryFile('w', suffix='.html', delete=False, encoding='utf-8') as t:
            t.write(html.replace('<table ', '<table border="1" '))
        try:
            return run(t.name, html)
        finally:
            os.unlink(t.name)
    return wrapped


def py_html2text(width=None):
    def run(path, html):
        import html2text
        h = html2text.HTML2Text()
        if width is not None:
            h.body_width = width
        return h.handle(html)
    return run


def py_inscriptis(path, html):
    import inscriptis
    return inscriptis.get_text(html)


def py_bs4(sep):
    def run(path, html):
        from bs4 import BeautifulSoup
        return BeautifulSoup(html, 'html.parser').get_text(sep)
    return run


def py_html_text(path, html):
    import html_text
    return html_text.extract_text(html)


def py_markdownify(path, html):
    import markdownify
    return markdownify.markdownify(html)


def py_trafilatura(path, html):
    import trafilatura
    return trafilatura.extract(html) or ''


def py_markitdown(path, html):
    from markitdown import MarkItDown
    return MarkItDown().convert(path).text_content


def py_keepmarkup(path, html):
    """Baseline: a 'keep markup' dump like the corpus markup.txt (TAB cells, spans as empty cells)."""
    from bs4 import BeautifulSoup, NavigableString, Tag
    soup = BeautifulSoup(html, 'html.parser')

    def inner(el):
        out = []
        for c in el.children:
            if isinstance(c, NavigableString):
                out.append(str(c).replace('$', '\\$').replace('*', '\\*'))
            elif c.name in ('b', 'sup'):
                out.append('<%s>%s</%s>' % (c.name, inner(c), c.name))
            elif c.name == 'input':
                out.append('<input checked="" type="checkbox"/>')
            elif c.name == 'br':
                out.append('\n')
            else:
                out.append(inner(c))
        return ''.join(out)

    lines = []
    for el in soup.body.children:
        if not isinstance(el, Tag):
            continue
        if el.name == 'table':
            grid = {}
            for ri, tr in enumerate(el.find_all('tr', recursive=False)):
                ci = 0
                for td in tr.find_all(['td', 'th'], recursive=False):
                    while (ri, ci) in grid:
                        ci += 1
                    cs, rs = int(td.get('colspan', 1)), int(td.get('rowspan', 1))
                    for dr in range(rs):
                        for dc in range(cs):
                            grid[(ri + dr, ci + dc)] = inner(td).strip() if dr == dc == 0 else ''
                    ci += cs
            rows = sorted({r for r, _ in grid})
            for r in rows:
                cols = sorted(c for rr, c in grid if rr == r)
                cells = [grid[(r, c)] for c in range(max(cols) + 1)]
                if len(cells) > 1 and all(x == '' for x in cells[1:]) and cells[0].startswith('<b>Table'):
                    lines += ['', cells[0].replace('<b>', '**').replace('</b>', '**'), '']
                else:
                    lines.append('\t'.join(cells))
            lines.append('')
        else:
            lines += [inner(el).strip(), '']
    return 'SEC Form 4\n\n' + '\n'.join(lines)


CONVERTERS = {
    'lynx': sh('lynx', '-dump', '-nolist', '{}'),
    'w3m': sh('w3m', '-dump', '-T', 'text/html', '{}'),
    'elinks': sh('elinks', '-dump', '-no-home', '{}'),
    'links2': sh('links2', '-dump', '{}'),
    'w3m-border': bordered(sh('w3m', '-dump', '-T', 'text/html', '{}')),
    'elinks-border': bordered(sh('elinks', '-dump', '-no-home', '{}')),
    'links2-border': bordered(sh('links2', '-dump', '{}')),
    'pandoc-plain': sh('pandoc', '-f', 'html', '-t', 'plain', '{}'),
    'pandoc-rst': sh('pandoc', '-f', 'html', '-t', 'rst', '{}'),
    'pandoc-asciidoc': sh('pandoc', '-f', 'html', '-t', 'asciidoc', '{}'),
    'pandoc-md': sh('pandoc', '-f', 'html', '-t', 'markdown', '{}'),
    'html2text': py_html2text(),
    'html2text-w0': py_html2text(0),
    'inscriptis': py_inscriptis,
    'bs4-nl': py_bs4('\n'),
    'bs4-tab': py_bs4('\t'),
    'html-text': py_html_text,
    'markdownify': py_markdownify,
    'trafilatura': py_trafilatura,
    'markitdown': py_markitdown,
    'keepmarkup': py_keepmarkup,
}


def job(args):
    fid, rendering = args
    path = os.path.join(HTML, fid, rendering + '.html')
    with open(path, encoding='utf-8') as f:
        html = f.read()
    os.makedirs(os.path.join(OUT, fid), exist_ok=True)
    errs = []
    for name, fn in CONVERTERS.items():
        if ONLY and name not in ONLY:
            continue
        try:
            text = fn(path, html)
        except Exception as e:  # noqa: BLE001
            errs.append('%s/%s %s: %r' % (fid, rendering, name, e))
            continue
        with open(os.path.join(OUT, fid, '%s.%s.txt' % (rendering, name)), 'w', encoding='utf-8') as f:
            f.write(text)
    return errs


def main():
    os.makedirs('/tmp/zoohome', exist_ok=True)
    jobs = []
    for fid in sorted(os.listdir(HTML)):
        os.makedirs(os.path.join(OUT, fid), exist_ok=True)
        shutil.copy(os.path.join(DEV, fid, 'truth.xml'), os.path.join(OUT, fid, 'truth.xml'))
        for r in ('edgar', 'sec2002'):  # baseline: the corpus's own markup.txt, scored by the same path
            if os.path.exists(os.path.join(DEV, fid, r + '.markup.txt')):
                shutil.copy(os.path.join(DEV, fid, r + '.markup.txt'), os.path.join(OUT, fid, r + '.markup.txt'))
        for rendering in ('edgar', 'sec2002'):
            if os.path.exists(os.path.join(HTML, fid, rendering + '.html')):
                jobs.append((fid, rendering))
    with ProcessPoolExecutor(2) as ex:
        for errs in ex.map(job, jobs):
            for e in errs:
                print(e, file=sys.stderr)
    print('converted', len(jobs), 'html files ->', OUT)


if __name__ == '__main__':
    main()
