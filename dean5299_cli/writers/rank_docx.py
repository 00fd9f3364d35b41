"""The report's optional appendix (`report --xep-hang`): grades, ranks and changes, on a new page."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING
from xml.sax.saxutils import escape

from dean5299_cli.core.numbers import Rounding
from dean5299_cli.core.rank_input import DataState
from dean5299_cli.core.ranking import IndicatorRanking, Trend, leader_words
from dean5299_cli.core.report_model import STATE_WORDS
from dean5299_cli.core.report_units import UnitState
from dean5299_cli.core.scoring import GRADE_VI, Evaluation, points_column
from dean5299_cli.core.text import clean_spaces, printable
from dean5299_cli.writers.package import copy_package, rewrite_package

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.run import Run

FONT = "Times New Roman"

# Why a unit has no grade, in the words of the report's own appendix: the signed report names no
# file and no detail meant for the office (those stay in `rank`'s workbook, for the clerk).
_NO_DATA_WORDS = {
    DataState.REPORTED: "",
    DataState.INVALID: STATE_WORDS[UnitState.INVALID],
    DataState.NOT_SENT: STATE_WORDS[UnitState.NOT_SENT],
}


def _grade_words(evaluation: Evaluation) -> str:
    words = _NO_DATA_WORDS[evaluation.state]
    return GRADE_VI[evaluation.grade] + (f" ({words})" if words else "")


def _run_style(run: Run, size: int, *, bold: bool = False) -> None:
    from docx.shared import Pt

    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold


def _paragraph(
    document: Document,
    text: str,
    size: int,
    *,
    bold: bool = False,
    centred: bool = False,
    italic: bool = False,
    before: int = 0,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(before)
    run = paragraph.add_run(text)
    _run_style(run, size, bold=bold)
    run.font.italic = italic
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


# The table's one body row is built by python-docx with these in its cells, then written out
# once per unit with the unit's words in their place: 10.000 rows are never a tree.
_SLOTS = tuple(f"[[dean5299:o{c}]]" for c in range(4))


def _table(
    document: Document,
    headers: Sequence[str],
    widths: Sequence[float],
) -> None:
    """The table with its header and one body row holding `_SLOTS`."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Cm

    table = document.add_table(rows=2, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, grid, width in zip(
        table.columns, table._tbl.tblGrid.gridCol_lst, widths, strict=True
    ):
        grid.w = Cm(width)  # LibreOffice reads the grid, Word the cells
        for cell in column.cells:
            cell.width = Cm(width)
    header_pr = table.rows[0]._tr.get_or_add_trPr()
    header_pr.append(OxmlElement("w:tblHeader"))  # repeated on every page
    for r, values in enumerate([headers, _SLOTS[: len(headers)]]):
        cells = table.rows[r].cells
        for c, value in enumerate(values):
            paragraph = cells[c].paragraphs[0]
            _run_style(paragraph.add_run(value), 12, bold=r == 0)
            if r == 0 or c != 1:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _text(value: str) -> bytes:
    """A cell's words as python-docx writes a run's text (one line: the names are one line)."""
    return escape(clean_spaces(printable(value))).encode("utf-8")


def _rows(body: bytes, rows: Sequence[Sequence[str]]) -> tuple[bytes, bytes, Iterator[bytes]]:
    """`body` split around its one row of `_SLOTS`: what precedes it, what follows it, and that
    row once for each of `rows`, the slots filled in."""
    table = body.find(b"<w:tbl>")
    at = body.find(_SLOTS[0].encode(), table) if table >= 0 else -1
    if at < 0:
        return body, b"", iter(())
    start = max(body.rfind(b"<w:tr>", 0, at), body.rfind(b"<w:tr ", 0, at))
    end = body.index(b"</w:tr>", at) + len(b"</w:tr>")
    pieces = re.split(
        b"(" + b"|".join(re.escape(t.encode()) for t in _SLOTS) + b")", body[start:end]
    )
    slot = {t.encode(): c for c, t in enumerate(_SLOTS)}

    def filled() -> Iterator[bytes]:
        for values in rows:
            texts = [_text(v) for v in values]
            yield b"".join(texts[slot[p]] if p in slot else p for p in pieces)

    return body[:start], body[end:], filled()


def indicator_lines(
    rankings: Sequence[IndicatorRanking], rounding: Rounding
) -> tuple[str, list[str]]:
    """The heading and the lines of the appendix's results by indicator: each indicator's leader
    and the units not up on the previous quarter; the indicators no unit could be ranked on, in
    one line saying why (they were left out unsaid); "so với quý trước" only where some unit has
    the previous quarter's figures (else said, so that no "giảm" does not read as none fell)."""
    compared = any(s.previous is not None for r in rankings for s in r.standings)
    lines, unranked = [], []
    for ranking in rankings:
        first = [s for s in ranking.standings if s.rank == 1]
        parts = []
        if first:
            best = ", ".join(leader_words(s, rounding) for s in first)
            parts.append(f"dẫn đầu {best}")
        elif any(s.result is not None for s in ranking.standings):
            unranked.append(str(ranking.indicator.number))
        for trend, label in ((Trend.SAME, "không tăng so với quý trước"), (Trend.DOWN, "giảm")):
            units = ranking.with_trend(trend)
            if units:
                parts.append(f"{label}: {', '.join(units)}")
        if parts:
            lines.append(f"Chỉ tiêu {ranking.indicator.number}: " + "; ".join(parts) + ".")
    if unranked:
        numbers = ", ".join(unranked[:-1]) + " và " + unranked[-1] if unranked[1:] else unranked[0]
        reason = "không đơn vị nào có chỉ tiêu giao để so sánh"
        lines.append(f"Chỉ tiêu {numbers}: không xếp hạng ({reason}).")
    if not compared:
        lines.append("Chưa có số liệu quý trước để so sánh tăng, giảm.")
    return "Kết quả theo từng chỉ tiêu" + (", so với quý trước" if compared else ""), lines


def append_rank_appendix(
    path: Path,
    rankings: Sequence[IndicatorRanking],
    evaluations: Sequence[Evaluation],
    rounding: Rounding,
    *,
    period: str,
    rubric_title: str | None,
) -> None:
    """Append to the .docx at `path`: a page break, the grades table, then changes by indicator.
    The appendix is built by python-docx in an empty copy of the report (its styles and section),
    then its body is written into the report's own XML before the closing section properties: the
    report (a 10.000-unit appendix is some 40 MB of XML) is never loaded as a tree."""
    from docx import Document as open_document
    from docx.enum.text import WD_BREAK

    head, closing, rest = _ends(path)
    empty = io.BytesIO()
    copy_package(path, empty, {_BODY_PART: head + rest})
    document = open_document(empty)
    rows: list[list[str]] = []
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _paragraph(document, "PHỤ LỤC ĐÁNH GIÁ, XẾP HẠNG", 14, bold=True, centred=True)
    _paragraph(document, f"Các đơn vị, {period}", 14, bold=True, centred=True)
    if rubric_title:
        _paragraph(document, f"(Theo {rubric_title})", 13, centred=True, italic=True)
        rows = [
            [
                str(e.rank) if e.rank else "—",
                e.unit,
                points_column(e.total) if e.total is not None else "—",
                _grade_words(e),
            ]
            for e in evaluations
        ]
        _table(document, ["Hạng", "Đơn vị", "Tổng điểm", "Xếp loại"], [1.8, 6.0, 2.6, 6.5])
    heading, lines = indicator_lines(rankings, rounding)
    _paragraph(document, heading, 13, bold=True, before=6)
    for line in lines:
        _paragraph(document, line, 13)
    built = io.BytesIO()
    document.save(built)
    appendix = _part(built, _BODY_PART)
    start, end = _body_bounds(appendix)
    before, after, table_rows = _rows(appendix[start:end], rows)

    def body(out: IO[bytes]) -> None:
        with zipfile.ZipFile(path) as package, package.open(_BODY_PART) as part:
            left = closing
            while left:
                piece = part.read(min(left, _WINDOW))
                out.write(piece)
                left -= len(piece)
        out.write(before)
        for row in table_rows:
            out.write(row)
        out.write(after)
        out.write(rest)

    rewrite_package(path, {_BODY_PART: body})


_BODY_PART = "word/document.xml"
_BODY = re.compile(rb"<w:body(?:\s[^>]*)?>")


def _bounds(head: bytes, tail: bytes, base: int) -> tuple[int, int] | None:
    """Where the body's content starts (in `head`, the part's first bytes) and where it ends,
    before the closing section properties (the body's last child) or else `</w:body>` (in `tail`,
    the part's last bytes, from offset `base`); None when the two ends do not show them."""
    opening = _BODY.search(head)
    end = tail.rfind(b"</w:body>")
    if opening is None or end < 0:
        return None
    last_section = tail.rfind(b"<w:sectPr", max(opening.end() - base, 0), end)
    if last_section < 0 and base > 0:  # it may be in the middle, unread
        return None
    return opening.end(), _closing(tail, last_section, end)


def _body_bounds(xml: bytes) -> tuple[int, int]:
    """`_bounds` of a whole body part."""
    found = _bounds(xml, xml, 0)
    if found is None:
        raise ValueError("not a Word body")
    return found


_WINDOW = 1 << 20


def _ends(path: Path, window: int | None = _WINDOW) -> tuple[bytes, int, bytes]:
    """The report's body part read in one pass keeping only its two ends: the part up to the
    body's content, the offset where the appendix goes (before the closing section properties)
    and the part from there on. The whole part is read only if the body's opening tag is not in
    its first `window` bytes or its closing section properties not in its last (never in a
    report this tool renders)."""
    total = 0
    with zipfile.ZipFile(path) as package, package.open(_BODY_PART) as part:
        head = part.read() if window is None else part.read(window)
        tail, total = head, len(head)
        while window is not None and (piece := part.read(window)):
            tail = (tail + piece)[-2 * window :]
            total += len(piece)
    if window is None:
        start, closing = _body_bounds(head)
        return head[:start], closing, head[closing:]
    base = total - len(tail)
    found = _bounds(head, tail, base)
    if found is None:
        return _ends(path, None)
    start, closing = found
    return head[:start], base + closing, tail[closing:]


def _closing(xml: bytes, last_section: int, end: int) -> int:
    """Before the body's own section properties (its last child, after every paragraph and table),
    else before `</w:body>`."""
    tail = xml[last_section:end] if last_section >= 0 else b"</w:p>"
    return last_section if b"</w:p>" not in tail and b"</w:tbl>" not in tail else end


def _part(source: Path | IO[bytes], name: str) -> bytes:
    with zipfile.ZipFile(source) as package:
        return package.read(name)
