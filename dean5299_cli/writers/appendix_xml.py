"""The appendix table by unit, streamed into the rendered report: time and memory linear in units.

The template holds a paragraph whose only text is the marker; the rendered .docx is copied entry
by entry and that paragraph of `word/document.xml` is replaced by the table, written row by row
straight into the new zip (never one big string, never an XML tree of thousands of rows).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from xml.sax.saxutils import escape

from dean5299_cli.core.report_model import STATE_WORDS, Cell, ReportModel, UnitRow
from dean5299_cli.core.report_units import UnitState
from dean5299_cli.core.text import printable
from dean5299_cli.writers.report_filters import so

MARKER = "[[dean5299:bang-theo-don-vi]]"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FONT = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
Percent = Callable[[Fraction | None], str]


class TableWords:
    """The appendix table's words, given by the template where the table goes:
    `{{ bang_theo_don_vi(stt="STT", don_vi="Đơn vị", chi_tieu="CT", ty_le="(tỷ lệ)",
    to_cns="Tổ CNS/ thành viên", tong="Toàn tỉnh", chua_bao_cao="chưa báo cáo",
    chua_hop_le="số liệu chưa hợp lệ", trong="…") }}`; a plain `{{ bang_theo_don_vi }}` keeps
    the defaults.

    `trong` marks a cell the unit left empty. Not a dash: Excel's accounting format and the
    statistics office's tables print a zero as "-", and the point is that this is no zero; the
    statistics office's "…" means a figure that exists but was not collected. A note under the
    table, only when such a cell is printed (whatever the template), explains it and that the
    total row counts it as 0: built from `trong` and `tong`, or `ghi_chu_trong` when given."""

    KEYS = (
        "stt", "don_vi", "chi_tieu", "ty_le", "to_cns", "tong", "chua_bao_cao", "chua_hop_le",
        "trong", "ghi_chu_trong",
    )  # fmt: skip

    def __init__(self, total: str) -> None:
        self.words: dict[str, str] = {
            "stt": "STT",
            "don_vi": "Đơn vị",
            "chi_tieu": "CT",
            "ty_le": "(tỷ lệ)",
            "to_cns": "Tổ CNS/ thành viên",
            "tong": total,
            "chua_bao_cao": STATE_WORDS[UnitState.NOT_SENT],
            "chua_hop_le": STATE_WORDS[UnitState.INVALID],
            "trong": "…",
        }

    def __call__(self, **words: str) -> str:
        unknown = sorted(set(words) - set(self.KEYS))
        if unknown:
            raise ValueError(f"bang_theo_don_vi không có tham số {', '.join(unknown)}")
        self.words.update({k: str(v) for k, v in words.items()})
        return MARKER

    def __html__(self) -> str:  # `{{ bang_theo_don_vi }}` without a call
        return MARKER

    def headers(self, model: ReportModel) -> list[str]:
        ratios = {i.number for i in model.indicators if i.kind == "ratio"}
        w = self.words
        middle = [
            f"{w['chi_tieu']} {n}" + (f"\n{w['ty_le']}" if n in ratios else "")
            for n in model.indicator_numbers
        ]
        return [w["stt"], w["don_vi"], *middle, w["to_cns"]]

    def state(self, state: UnitState) -> str:
        return self.words["chua_hop_le" if state is UnitState.INVALID else "chua_bao_cao"]

    def blank_note(self) -> str:
        w = self.words
        return w.get("ghi_chu_trong") or (
            f"Ghi chú: ô có dấu “{w['trong']}” là ô đơn vị để trống, không ghi số liệu; khi cộng "
            f"vào dòng “{w['tong']}”, ô để trống được tính là 0."
        )


def _tc(
    lines: list[str],
    width: int,
    *,
    bold: bool = False,
    italic: bool = False,
    align: str = "right",
    span: int = 1,
    keep: bool = False,
) -> str:
    rpr = (
        f"<w:rPr>{_FONT}{'<w:b/>' if bold else ''}{'<w:i/>' if italic else ''}"
        '<w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>'
    )
    text = "<w:br/>".join(
        f'<w:t xml:space="preserve">{escape(printable(line))}</w:t>' for line in lines
    )
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}</w:tcPr>'
        f'<w:p><w:pPr>{"<w:keepNext/>" if keep else ""}<w:spacing w:before="0" w:after="0"/>'
        f'<w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr><w:r>{rpr}{text}</w:r></w:p></w:tc>'
    )


def _cell_lines(cell: Cell, percent: Percent, blank: str) -> list[str]:
    """Result, `/target` (or `/denominator` for a ratio) and the percentage (or the rate); a
    figure left empty is `blank`, and then no percentage (it would be one of a 0 never given)."""
    lines = [blank if cell.blank else so(cell.main)]
    if cell.of is not None:
        lines.append(f"/{blank if cell.of_blank else so(cell.of)}")
    if cell.percent is not None and not (cell.blank or cell.of_blank):
        lines.append(percent(cell.percent))
    return lines


def _widths(count: int) -> list[int]:
    usable = 29.7 - 2.0 - 1.5  # landscape A4 less the margins of the template's appendix section
    fixed = [1.2, 4.2, 2.2]
    each = min(3.0, (usable - sum(fixed)) / max(count, 1))
    return [round(w * 567) for w in (fixed[0], fixed[1], *([each] * count), fixed[2])]


def _row(
    row: UnitRow, widths: list[int], percent: Percent, words: TableWords, keep: bool = False
) -> str:
    """One row; `keep`: kept on the page of the next row (the last unit's, so that the total
    row never stands alone at the top of a page)."""
    last = row.number is None
    out = [
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>",
        _tc(["" if last else str(row.number)], widths[0], bold=last, align="center", keep=keep),
        _tc(
            [words.words["tong"] if last else row.unit],
            widths[1],
            bold=last,
            align="left",
            keep=keep,
        ),
    ]
    if row.state is not UnitState.REPORTED:
        out.append(
            _tc(
                [words.state(row.state)],
                sum(widths[2:]),
                italic=True,
                align="center",
                span=len(widths) - 2,
                keep=keep,
            )
        )
    else:
        blank = words.words["trong"]
        out += [
            _tc(_cell_lines(c, percent, blank), w, bold=last, keep=keep)
            for c, w in zip(row.cells, widths[2:-1], strict=True)
        ]
        teams = blank if row.teams_blank else so(row.teams)
        members = blank if row.team_members_blank else so(row.team_members)
        out.append(_tc([f"{teams}/{members}"], widths[-1], bold=last, keep=keep))
    out.append("</w:tr>")
    return "".join(out)


def table_chunks(model: ReportModel, percent: Percent, words: TableWords) -> Iterator[str]:
    """The table as XML pieces: header (repeated on every page), one piece per unit, the total."""
    widths = _widths(len(model.indicator_numbers))
    headers = words.headers(model)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    yield (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblBorders>'
        + "".join(
            f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for e in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + f'</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        + "".join(
            _tc(h.split("\n"), w, bold=True, align="center")
            for h, w in zip(headers, widths, strict=True)
        )
        + "</w:tr>"
    )
    last = len(model.rows) - 1
    for index, row in enumerate(model.rows):
        yield _row(row, widths, percent, words, keep=index == last)
    # with a note under the table, the total row keeps it company on its page
    yield _row(model.total_row, widths, percent, words, keep=model.blank_cells)
    yield "</w:tbl>"
    if model.blank_cells:
        yield _note(words.blank_note())


def _note(text: str) -> str:
    """A paragraph under the table, in the size of its cells, italic."""
    return (
        '<w:p><w:pPr><w:spacing w:before="60" w:after="0"/><w:ind w:firstLine="0"/>'
        f'<w:jc w:val="left"/></w:pPr><w:r><w:rPr>{_FONT}<w:i/><w:sz w:val="24"/>'
        f'<w:szCs w:val="24"/></w:rPr><w:t xml:space="preserve">{escape(printable(text))}</w:t>'
        "</w:r></w:p>"
    )


_PARAGRAPH = re.compile(r"<w:p[ >](?:(?!<w:p[ >]).)*?" + re.escape(MARKER) + r".*?</w:p>", re.S)


def splice(source: Path, output: Path, chunks: Iterator[str]) -> bool:
    """Copy the .docx `source` to `output`, the marker paragraph replaced by `chunks`.
    False (and a plain copy) when the template has no marker."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as zout:
        found = False
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename != "word/document.xml":
                zout.writestr(info, data)
                continue
            text = data.decode("utf-8")
            match = _PARAGRAPH.search(text)
            if match is None:
                zout.writestr(info, data)
                continue
            found = True
            entry = zipfile.ZipInfo("word/document.xml", info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(entry, "w") as out:
                out.write(text[: match.start()].encode("utf-8"))
                for chunk in chunks:
                    out.write(chunk.encode("utf-8"))
                out.write(text[match.end() :].encode("utf-8"))
    return found
