"""Parse tree -> records.

``RegionTransformer`` (a lark Transformer; methods named after the grammar's rules) turns the
tree into ``Region`` objects. ``build_filing`` hands them to the modules that own each part of
the form: ``header`` (boxes 1-6), ``tables`` (Tables I and II) and ``back`` (footnotes,
remarks, signatures, attachments), and puts the record together.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lark import Token, Transformer, Tree

from . import back, checks, fuzzy, geometry, header, owners_summary
from . import columns
from . import tables as _tables
from .records import Filing, Value
from .regions import OWNER_LABELS, Document, Region


def tokens_of(children: list) -> list[Token]:
    """The tokens among a rule's children (runs stay whole: ``Region`` reads them)."""
    return [child for child in children if isinstance(child, Token)]


class RegionTransformer(Transformer):
    """Tree -> flat list of ``Region``; rule names become region names.

    It also runs inside the LALR parse (``fused_parser``), where lark calls it for every rule,
    the inlined helper rules ("_head_atoms", "__start_star_0") too: those must stay trees,
    which lark then expands into their parent's children.
    """

    def __default__(self, data: str, children: list, meta) -> Region | Tree:
        if data.startswith("_"):
            return Tree(data, children)
        label = children[0] if children and isinstance(children[0], Token) else None
        tokens = tokens_of(children[1:]) if label is not None else []
        return Region(str(data), label, tokens)

    def _part(self, children: list, part: str) -> list[Region]:
        regions = []
        for child in children:
            if isinstance(child, Region):
                child.part = part
                regions.append(child)
            elif isinstance(child, list):
                regions.extend(child)
        return regions

    def table_i_headed(self, children: list) -> Region:
        """Table I opened by its column headings (its title lost): a Table I region."""
        return Region("table_i", children[0], tokens_of(children[1:]))

    def head(self, children: list) -> list[Region]:
        preamble = Region("preamble", None, tokens_of(children))
        return [preamble] + self._part(children, "head")

    def body(self, children: list) -> list[Region]:
        return self._part(children, "body")

    def attachment(self, children: list) -> list[Region]:
        region = self.__default__("attachment", children, None)
        region.part = "attachment"
        return [region]

    def owner_block(self, children: list) -> list[Region]:
        """Split the block at its captions so it reads like the head's owner regions."""
        regions: list[Region] = []
        for token in tokens_of(children):
            name = OWNER_LABELS.get(token.type)
            if name is not None:
                regions.append(Region(name, token, [], part="owner_block"))
            elif regions:
                regions[-1].pieces.append(token)
        return regions

    def start(self, children: list) -> list[Region]:
        regions: list[Region] = []
        for child in children:
            regions.extend(child if isinstance(child, list) else [child])
        return regions


def regions_of(tree: Tree) -> list[Region]:
    return RegionTransformer().transform(tree)


def _heading_numbered(region: Region, doc: Document) -> bool:
    """A "footnote" whose first line is a numbered column heading ("6. Date Exercisable and",
    a heading that reading order puts at the margin): the table's heading, not a footnote."""
    typed = region.typed_lines(doc)
    if not typed or region.label is None or not typed[0][0] or typed[0][0][0].line != region.label.line:
        return False
    cells, types = typed[0]
    return _tables.is_heading(cells, types) or fuzzy.is_label_leftover(" ".join(c.text for c in cells if c.text))


def _rejoin_tables(body: list[Region], doc: Document) -> list[Region]:
    """A table row that starts with a footnote mark at the margin ("(15)   ...   LP (1)", the
    wrapped end of a title) opened a footnote region in the grammar: give it back to its table.
    A real footnote's first line is one cell of prose, not a row of cells. In OCR text a raised
    mark can stand at the margin of the line above its row: a "footnote" right after a table
    that holds a line of a row's cells (a date, amounts) is the table's too, and so is one that
    opens with a numbered column heading."""
    out: list[Region] = []
    for region in body:
        previous = out[-1] if out else None
        if (region.name == "footnote" and previous is not None
                and previous.name in ("table_i", "table_ii") and region.tokens):
            first = region.tokens[0]
            heading = _heading_numbered(region, doc)
            if heading and previous.name == "table_i" and int(re.sub(r"\D", "", region.label) or 0) > 7:
                # Table I has seven columns: "9. Number of ..." heads Table II, whose title was lost
                out.append(Region("table_ii", region.label, list(region.pieces), part=region.part))
                continue
            if ((doc.aligned and first.type == "TAB" and first.line == region.label.line)  # a gap after the mark
                    or heading or any(checks.reads_like_row(cells) for cells in region.lines(doc))):
                previous.extend([region.label, *region.pieces])
                continue
        out.append(region)
    return out


def build_filing(regions: list[Region], doc: Document, layout: str) -> Filing:
    head = [r for r in regions if r.part == "head"]
    # Boxes read column by column (reflow.py) stand in reading order; the tables keep their layout.
    head_doc = replace(doc, aligned=False, memo={}) if doc.head_in_columns else doc
    if head_doc.aligned:  # boxes side by side: content by position, not reading order
        head = geometry.regroup_head(head, head_doc)
    body = _rejoin_tables([r for r in regions if r.part in ("body", "owner_block")], doc)
    owner_blocks = [r for r in regions if r.part == "owner_block"]
    attachments = [r for r in regions if r.part == "attachment"]
    visible = header.marks_visible(head)

    original = header.read_date_box(head, "amendment_box", head_doc)
    document_type = _amendment(_document_type(head, head_doc), original, head_doc)
    form = "3" if str(document_type.value or "").startswith("3") else "4"
    period = header.read_date_box(head, "period_box", head_doc, search=True)
    if period.value is None:
        doc.add("period_missing", "warning", "The date of the earliest transaction (or event) was not found")

    tables: dict[str, list] = {"I": [], "II": []}
    for name, which in (("table_i", "I"), ("table_ii", "II")):
        parts = [r for r in body if r.name == name]
        if parts:
            # A title printed again is a page break: the table's regions read as one, so a row
            # cut by the break is whole again.
            whole = Region(name, parts[0].label, [t for r in parts for t in r.pieces], part="body")
            tables[which] = _tables.read_table(whole, form, which, doc)
            checks.check_unread_lines(whole, tables[which], which, doc, _tables.is_heading)

    tables["II"] = columns.settle_received_derivatives(tables["II"], doc)
    checks.check_rows(tables["I"], tables["II"], doc)
    for which, rows in tables.items():
        checks.check_required_cells(rows, form, which, doc)
    checks.check_stray_rows([r for r in regions if r.part == "head"], doc)
    signatures, taken = back.read_signatures(body, doc)
    checks.check_signatures(signatures, doc)
    footnotes = back.read_footnotes(body, doc)
    _check_footnote_references(tables, footnotes, doc)

    return Filing(
        document_type=document_type,
        period_of_report=period,
        date_of_original_submission=original,
        not_subject_to_section16=_box(head, "not_subject_box", visible, head_doc),
        aff10b5_one=_box(head, "rule_10b5_box", visible, head_doc),
        issuer=header.read_issuer(head, head_doc),
        reporting_owners=_owners(head, body, owner_blocks, doc, visible, head_doc),
        non_derivative_table=tuple(tables["I"]),
        derivative_table=tuple(tables["II"]),
        footnotes=footnotes,
        remarks=back.read_remarks(body, doc, taken),
        no_securities_owned=_no_securities_owned(body, doc),
        owner_signatures=signatures,
        attachments=back.read_attachments(attachments, doc),
        layout=layout,
        diagnostics=tuple(doc.diagnostics),
    )


def _owners(head, body, owner_blocks, doc: Document, visible: bool, head_doc: Document) -> tuple:
    """Box 1 of the head and of any owner blocks, completed by the 2002 stylesheet's summary."""
    owners = list(header.read_owners(head, owner_blocks, head_doc, visible))
    known = [str(o.rpt_owner_name.value) for o in owners if o.rpt_owner_name.value]
    # The summary's cells must be trustworthy: markup or markdown cells, or positions on the page.
    trusted = doc.aligned or doc.layout in ("markup", "markdown")
    for region in body:
        if region.name == "owners_summary" and trusted:
            summary = owners_summary.read_summary(region, doc, known)
            owners = owners_summary.merge(owners, summary, streets=doc.aligned)
    return tuple(owners)


def _document_type(head: list[Region], doc: Document) -> Value:
    found = []
    for region in head:
        if region.name == "form_name":
            match = re.search(r"([345])\s*(/\s*A)?", region.label_text[-6:], re.IGNORECASE)
            if match:
                found.append((region, match.group(1) + ("/A" if match.group(2) else "")))
    if found:
        # "SEC Form 4" (a page's title) and "FORM 4/A" (the form's): the amendment's mark counts
        region, kind = next(((r, k) for r, k in found if k.endswith("/A")), found[0])
        return doc.value(kind, region.label_span(doc))
    for region in head:
        if region.name == "statement_title":
            title = region.label_text.upper()
            kind = "3" if title.startswith("INITIAL") else "5" if title.startswith("ANNUAL") else "4"
            doc.add("document_type_from_title", "info",
                    f"No 'FORM {kind}' heading; the form type is read from the statement title", region.span(doc))
            return doc.value(kind, region.label_span(doc), inferred=True)
    doc.add("document_type_missing", "warning", "Neither a 'FORM 3/4/5' heading nor a statement title was found")
    return Value()


_NO_SECURITIES = re.compile(r"\bno\s+securities\s+(?:are\s+)?(?:beneficially\s+)?owned\b", re.IGNORECASE)


def _no_securities_owned(body: list[Region], doc: Document) -> Value:
    """A Form 3 of an owner who holds nothing says so in its table ("No securities are
    beneficially owned."): the filing's noSecuritiesOwned, not a row."""
    for region in body:
        if region.name not in ("table_i", "table_ii"):
            continue
        for cells in region.lines(doc):
            for cell in cells:
                if cell.text and _NO_SECURITIES.search(cell.text):
                    return doc.value(True, doc.cell_span(cell))
    return Value()


def _amendment(document_type: Value, original: Value, doc: Document) -> Value:
    """Box 4 holds the date of the filing an amendment amends, and only an amendment fills it:
    a form headed "FORM 4" with that date is a 4/A (the 2002 stylesheet heads every form so)."""
    kind = str(document_type.value or "")
    if original.value is None or not kind or kind.endswith("/A"):
        return document_type
    doc.add("amendment_from_box_4", "info",
            f"Box 4 holds the date of an original filing: the form is read as {kind}/A", original.span)
    return replace(document_type, value=kind + "/A", inferred=True)


def _box(head: list[Region], name: str, visible: bool, doc: Document) -> Value:
    """One of the two check boxes above box 1; its tick may stand in the margin of its text."""
    for index, region in enumerate(head):
        if region.name == name:
            return header.tri_state(header.tick(head, index, doc, margin=True), visible, region.span(doc))
    return Value()


def _check_footnote_references(tables: dict[str, list], footnotes, doc: Document) -> None:
    known = {f.footnote_id for f in footnotes}
    for rows in tables.values():
        for row in rows:
            for name in row.__dataclass_fields__:
                value = getattr(row, name)
                if isinstance(value, Value):
                    for ref in value.footnote_ids:
                        if ref not in known:
                            doc.add("footnote_unknown", "warning",
                                    f"{name} refers to footnote {ref}, which the text does not hold", value.span)
