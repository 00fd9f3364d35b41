"""The summary workbook as a document to print and send up: title block, columns in words grouped
by indicator, every unit with its state, pages split by indicator groups, a signature block.

The field codes stay in one hidden row (`Đơn vị` + codes) so that the office one level up reads the
workbook back as a consolidated submission (readers/layout.parse_consolidated_sheet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from dean5299_cli.core.achievement import IndicatorResult
from dean5299_cli.core.figures import Figures
from dean5299_cli.core.numbers import Rounding
from dean5299_cli.core.periods import ROMAN, date_in_words
from dean5299_cli.core.problems import Problem
from dean5299_cli.core.report_model import STATE_WORDS
from dean5299_cli.core.report_units import UnitState, UnitStatus
from dean5299_cli.core.units import unit_key
from dean5299_cli.writers.summary_extra import add_chart_sheet, add_indicator_sheet
from dean5299_cli.writers.summary_layout import (
    NOTE_WIDTH,
    TITLE_WIDTHS,
    Column,
    ColumnKind,
    data_room,
    page_ends,
    plan_columns,
    print_scale,
)

FLAG_VI = {
    "above-target": "vượt chỉ tiêu",
    "far-above-target": "vượt xa chỉ tiêu, cần kiểm tra",
    "numerator-exceeds-denominator": "tử số lớn hơn mẫu số",
    "parts-do-not-add-up": "các phần không khớp tổng",
    "cumulative-decrease": "giảm so với quý trước",
}
BLANK_NOTE = "Đơn vị để trống ô này; khi cộng tính là 0."
GROUP_ROW, WORD_ROW, CODE_ROW = 8, 9, 10  # the code row is hidden
TITLE_ROOM = 75  # column width the title needs on one line (14 pt bold)
# Heights in points used to choose the print scale: title block, table head, gap and notes.
ESTIMATED_FIXED_HEIGHT = 90 + 112 + 15 + 80
SIGNATURE_HEIGHT = 15 + 3 * 15 + 48
FIRST_DATA_ROW = CODE_ROW + 1
FIRST_COLUMN = len(TITLE_WIDTHS) + 1  # after STT, Đơn vị, Tình trạng
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(bold=True)


@dataclass(frozen=True)
class Heading:
    """Who issues the summary and who signs it (from the settings)."""

    parent_body: str
    issuing_body: str
    place: str
    date: dt.date
    signer: tuple[str, ...]  # "TM. BAN THƯỜNG VỤ …", "BÍ THƯ", then the name


def _percent_value(value: Fraction | None, rounding: Rounding) -> float | None:
    """The percentage as the report prints it (same rounding), as a spreadsheet fraction."""
    if value is None:
        return None
    return float(rounding.round(value * 100)) / 100


def _percent_format(rounding: Rounding) -> str:
    return "0%" if rounding.decimals == 0 else "0." + "0" * rounding.decimals + "%"


def _text(ws: Worksheet, row: int, col: int, value: str, **style: object) -> None:
    """Text from inputs stays text: never a formula, whatever it starts with."""
    cell = ws.cell(row, col)
    cell.value = value
    cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)


def _merged(ws: Worksheet, row: int, first: int, last: int, value: str, **style: object) -> None:
    _text(ws, row, first, value, **style)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


Row = tuple[str, UnitState, dict[str, int] | None, tuple[IndicatorResult, ...]]


def _rows(figures: Figures, statuses: tuple[UnitStatus, ...]) -> list[Row]:
    """Every unit in settings order: its figures when counted, its state otherwise."""
    if not statuses:
        return [(u.unit, UnitState.REPORTED, u.values, u.results) for u in figures.units]
    by_unit = {unit_key(u.unit): u for u in figures.units}
    rows: list[Row] = []
    for status in statuses:
        fig = by_unit.get(unit_key(status.unit)) if status.state is UnitState.REPORTED else None
        if fig is None:
            state = UnitState.NOT_SENT if status.state is UnitState.REPORTED else status.state
            rows.append((status.unit, state, None, ()))
        else:
            rows.append((fig.unit, status.state, fig.values, fig.results))
    return rows


def _title_block(ws: Worksheet, figures: Figures, heading: Heading | None, page_last: int) -> None:
    """The issuing body and the period on the left (repeated on every printed page with the unit
    columns), the national line, date and title on the first page; the period cells are the
    labelled cells the readers expect (`Kỳ báo cáo: …`, `Năm: …`, `Tính đến ngày: …`)."""
    left_last = FIRST_COLUMN - 1
    right = FIRST_COLUMN
    if heading is not None:
        _merged(ws, 1, 1, left_last, heading.parent_body.upper(), alignment=CENTRE)
        _merged(ws, 2, 1, left_last, heading.issuing_body.upper(), alignment=CENTRE, font=BOLD)
        _merged(ws, 3, 1, left_last, "***", alignment=CENTRE)
        _merged(ws, 1, right, page_last, "ĐOÀN TNCS HỒ CHÍ MINH", alignment=CENTRE, font=BOLD)
        when = f"{heading.place}, {date_in_words(heading.date)}"
        _merged(ws, 3, right, page_last, when, alignment=CENTRE, font=Font(italic=True))
    title = "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN ĐỀ ÁN 5299"
    _merged(ws, 5, right, page_last, title, alignment=CENTRE, font=Font(bold=True, size=14))
    period = f"Quý {ROMAN[figures.quarter]} năm {figures.year}"
    _merged(ws, 6, right, page_last, period, alignment=CENTRE, font=Font(bold=True))
    italic = Font(italic=True)
    _text(ws, 5, 2, f"Kỳ báo cáo: Quý {ROMAN[figures.quarter]}", font=italic)
    _text(ws, 5, 3, f"Năm: {figures.year}", font=italic)
    if figures.as_of:
        _text(ws, 6, 2, f"Tính đến ngày: {figures.as_of:%d/%m/%Y}", font=italic)
    # The title wraps onto two lines when the first page holds few indicator columns.
    room = sum(ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(right, page_last + 1))
    title_height = 20 if room >= TITLE_ROOM else 38
    for row, height in ((1, 14), (2, 14), (3, 14), (4, 6), (5, title_height), (6, 16), (7, 6)):
        ws.row_dimensions[row].height = height


def _table_head(ws: Worksheet, groups_at: list[tuple[int, str, int]], columns: list[Column], notes: int) -> None:
    fill = PatternFill("solid", fgColor="DDEBF7")
    for col, title in ((1, "STT"), (2, "Đơn vị"), (3, "Tình trạng"), (notes, "Ghi chú")):
        _text(ws, GROUP_ROW, col, title, font=BOLD, alignment=CENTRE, fill=fill)
        ws.merge_cells(start_row=GROUP_ROW, start_column=col, end_row=WORD_ROW, end_column=col)
    for first, title, last in groups_at:
        _merged(ws, GROUP_ROW, first, last, title, font=BOLD, alignment=CENTRE, fill=fill)
    small = Font(size=9)
    for col, column in enumerate(columns, start=FIRST_COLUMN):
        _text(ws, WORD_ROW, col, column.title, font=small, alignment=CENTRE, fill=fill)
        if column.code:
            _text(ws, CODE_ROW, col, column.code)
    _text(ws, CODE_ROW, 2, "Đơn vị")
    ws.row_dimensions[CODE_ROW].hidden = True
    ws.row_dimensions[GROUP_ROW].height = 40
    ws.row_dimensions[WORD_ROW].height = 72
    for row in (GROUP_ROW, WORD_ROW):
        for col in range(1, notes + 1):
            ws.cell(row, col).border = BORDER


def _flag_notes(figures: Figures, problems: list[Problem]) -> dict[str, str]:
    """unit → its flags, one wording per kind: 'CT1, CT2: vượt xa chỉ tiêu, cần kiểm tra'."""
    by_unit: dict[str, dict[str, list[str]]] = {}
    for unit, number, code in figures.flags:
        if unit:
            by_unit.setdefault(unit, {}).setdefault(FLAG_VI.get(code, code), []).append(f"CT{number}")
    for p in problems:
        if p.code == "cumulative-decrease" and p.unit and p.field:
            wording = FLAG_VI["cumulative-decrease"]
            by_unit.setdefault(p.unit, {}).setdefault(wording, []).append(p.field)
    return {
        unit: "; ".join(f"{', '.join(where)}: {wording}" for wording, where in kinds.items())
        for unit, kinds in by_unit.items()
    }


def _body(
    ws: Worksheet,
    figures: Figures,
    rows: list[Row],
    columns: list[Column],
    problems: list[Problem],
    rounding: Rounding,
) -> int:
    """One row per unit and the total row; returns the total row's number."""
    blanks = {(unit_key(p.unit), p.field) for p in problems if p.code == "blank-value" and p.unit}
    flagged = {(u, n): c for u, n, c in figures.flags if c != "above-target"}
    notes = _flag_notes(figures, problems)
    percent = _percent_format(rounding)
    notes_col = FIRST_COLUMN + len(columns)
    for i, (unit, state, values, results) in enumerate(rows):
        r = FIRST_DATA_ROW + i
        total = i == len(rows) - 1
        ws.cell(r, 1, None if total else i + 1)
        _text(ws, r, 2, unit)
        if not total:
            _text(ws, r, 3, STATE_WORDS[state])
        by_number = {res.number: res for res in results}
        for col, column in enumerate(columns, start=FIRST_COLUMN):
            cell = ws.cell(r, col)
            cell.border = BORDER
            res = by_number.get(column.number) if column.number is not None else None
            if column.kind is ColumnKind.FIELD and values is not None and column.code:
                if (unit_key(unit), column.code) in blanks:
                    cell.comment = Comment(BLANK_NOTE, "dean5299")
                else:
                    cell.value = values.get(column.code)
                    cell.number_format = "#,##0"
            elif column.kind is ColumnKind.RATE and res is not None:
                cell.value = _percent_value(res.rate, rounding)
                cell.number_format = percent
            elif column.kind is ColumnKind.ACHIEVEMENT and res is not None:
                cell.value = _percent_value(res.achievement, rounding)
                cell.number_format = percent
                code = flagged.get(("" if total else unit, res.number))
                if code:
                    cell.comment = Comment(FLAG_VI.get(code, code), "dean5299")
        note = "" if total else notes.get(unit, "")
        _text(ws, r, notes_col, note)
        ws.cell(r, notes_col).alignment = Alignment(wrap_text=True, vertical="top")
        if len(note) > NOTE_WIDTH:
            ws.row_dimensions[r].height = 15 * -(-len(note) // int(NOTE_WIDTH))
        for col in (1, 2, 3, notes_col):
            ws.cell(r, col).border = BORDER
        if total:
            for col in range(1, notes_col + 1):
                ws.cell(r, col).font = BOLD
    return FIRST_DATA_ROW + len(rows) - 1


def _colour_achievement(ws: Worksheet, columns: list[Column], last_row: int, far: float) -> None:
    """Yellow under the target, green at or above it, orange far above; empty cells stay white."""
    rules = (("{c}>{far}", "F8CBAD"), ("AND({c}>=1,{c}<={far})", "C6EFCE"), ("{c}<1", "FFEB9C"))
    for col, column in enumerate(columns, start=FIRST_COLUMN):
        if column.kind is not ColumnKind.ACHIEVEMENT:
            continue
        letter = get_column_letter(col)
        first = f"{letter}{FIRST_DATA_ROW}"
        for condition, colour in rules:
            formula = f"AND(ISNUMBER({first}),{condition.format(c=first, far=far)})"
            ws.conditional_formatting.add(
                f"{first}:{letter}{last_row}",
                FormulaRule(formula=[formula], fill=PatternFill("solid", fgColor=colour)),
            )


def _notes(ws: Worksheet, figures: Figures, row: int, first: int, last: int, far: int) -> int:
    """Notes under the table on its last page (blank cells, colours, files left out); returns the
    next free row."""
    lines = [
        "Ghi chú: ô để trống là ô đơn vị không điền số liệu (có chú thích trong ô; khi cộng tính "
        "là 0); đơn vị chưa báo cáo hoặc số liệu chưa hợp lệ không có số liệu, không được cộng.",
        f"Màu mức đạt: vàng — dưới chỉ tiêu; xanh — đạt/vượt chỉ tiêu; cam — trên {far}%, "
        "cần kiểm tra lại.",
    ]
    if figures.left_out:
        left = "; ".join(f"{u} ({f})" for u, f in figures.left_out)
        lines.append(f"Tệp có lỗi, chưa tổng hợp: {left}.")
    width = sum(ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(first, last + 1))
    for line in lines:
        _merged(ws, row, first, last, line, alignment=Alignment(wrap_text=True, vertical="top"))
        ws.row_dimensions[row].height = 13 * max(1, -(-len(line) // max(1, int(width * 1.1))))
        row += 1
    return row


def _signature(ws: Worksheet, heading: Heading, row: int, first: int, last: int) -> None:
    """The signer's lines as in the report (TM., title, room to sign, name), on the last page."""
    for k, line in enumerate(heading.signer):
        if k == len(heading.signer) - 1:
            ws.row_dimensions[row].height = 48  # room to sign
            row += 1
        _merged(ws, row, first, last, line, alignment=CENTRE, font=BOLD)
        row += 1


def _page_setup(ws: Worksheet, ends: list[int], last_col: int, scale: int) -> None:
    """A4 landscape, pages ending between indicator groups, unit columns and heads repeated."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.scale = scale
    ws.page_setup.pageOrder = "overThenDown"
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = f"{GROUP_ROW}:{CODE_ROW}"
    ws.print_title_cols = f"A:{get_column_letter(FIRST_COLUMN - 1)}"
    ws.print_area = f"A1:{get_column_letter(last_col)}{ws.max_row}"
    for col in ends:
        ws.col_breaks.append(Break(id=col, max=1048575))
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.size = 9


def build_summary(
    figures: Figures,
    path: Path,
    *,
    rounding: Rounding,
    far_above_percent: int,
    problems: list[Problem],
    area: str = "huyện",
    statuses: tuple[UnitStatus, ...] = (),
    heading: Heading | None = None,
) -> None:
    """Write the summary workbook: the printable sheet, the indicator list, the chart."""
    with_target = [r.number for r in figures.district if r.achievement is not None]
    groups = plan_columns(figures.indicator_set, with_target)
    columns = [c for g in groups for c in g.columns]
    groups_at, col = [], FIRST_COLUMN
    for g in groups:
        groups_at.append((col, g.title, col + len(g.columns) - 1))
        col += len(g.columns)
    notes_col = col
    rows = _rows(figures, statuses)
    rows.append((f"Tổng cộng toàn {area}", UnitState.REPORTED, figures.totals, figures.district))
    scale = print_scale(ESTIMATED_FIXED_HEIGHT + 15 * len(rows) + (SIGNATURE_HEIGHT if heading else 0))
    block_widths = [g.width for g in groups] + [NOTE_WIDTH]
    block_last = [last for _, _, last in groups_at] + [notes_col]
    ends = [block_last[i] for i in page_ends(block_widths, data_room(scale))]
    page_last = ends[0] if ends else notes_col

    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    for i, width in enumerate(TITLE_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for c, column in enumerate(columns, start=FIRST_COLUMN):
        ws.column_dimensions[get_column_letter(c)].width = column.width
    ws.column_dimensions[get_column_letter(notes_col)].width = NOTE_WIDTH
    _title_block(ws, figures, heading, page_last)
    _table_head(ws, groups_at, columns, notes_col)
    last_row = _body(ws, figures, rows, columns, problems, rounding)
    _colour_achievement(ws, columns, last_row, far_above_percent / 100)
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, FIRST_COLUMN)
    last_first = ends[-1] + 1 if ends else FIRST_COLUMN
    after_notes = _notes(ws, figures, last_row + 2, last_first, notes_col, far_above_percent)
    if heading is not None:
        _signature(ws, heading, after_notes + 1, last_first, notes_col)
    _page_setup(ws, ends, notes_col, scale)
    add_indicator_sheet(wb, figures.indicator_set)
    add_chart_sheet(wb, ws, figures, columns, first_col=FIRST_COLUMN, first_row=FIRST_DATA_ROW)
    wb.save(path)
