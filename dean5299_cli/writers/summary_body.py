"""The body of the printed summary: one row per unit in the settings' order, its state, its
figures and achievement, flags in words, then the total row. Written by writers/bulk_rows (a
national folder's table is not held as cell objects); a cell with a comment is openpyxl's own."""

from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dean5299_cli.core.achievement import IndicatorResult
from dean5299_cli.core.figures import Figures
from dean5299_cli.core.numbers import Rounding
from dean5299_cli.core.problems import Problem
from dean5299_cli.core.report_model import STATE_WORDS
from dean5299_cli.core.report_units import UnitState, UnitStatus
from dean5299_cli.core.text import printable
from dean5299_cli.core.units import unit_key
from dean5299_cli.writers.bulk_rows import CellValue, Look, add_rows
from dean5299_cli.writers.sheets import named_look, percent_cell, percent_format, wrapped_height
from dean5299_cli.writers.summary_layout import (
    DEFAULT_ROW_HEIGHT,
    FIRST_COLUMN,
    FIRST_DATA_ROW,
    NOTE_WIDTH,
    UNIT_LINE,
    Column,
    ColumnKind,
)

FLAG_VI = {
    "above-target": "vượt chỉ tiêu",
    "far-above-target": "vượt xa chỉ tiêu, cần kiểm tra",
    "numerator-exceeds-denominator": "tử số lớn hơn mẫu số",
    "parts-do-not-add-up": "các phần không khớp tổng",
    "cumulative-decrease": "giảm so với quý trước",
}
BLANK_NOTE = "Đơn vị để trống ô này; khi cộng tính là 0."
_PERCENTS = (ColumnKind.RATE, ColumnKind.ACHIEVEMENT)
# The rate or achievement of a unit that left a field of that result empty: not a 0 % it gave.
BLANK_PERCENT_NOTE = "Đơn vị để trống ô số liệu của chỉ tiêu này nên không tính tỷ lệ."

Row = tuple[str, UnitState, dict[str, int] | None, tuple[IndicatorResult, ...]]


def table_rows(figures: Figures, statuses: tuple[UnitStatus, ...]) -> list[Row]:
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


def _flag_notes(figures: Figures, problems: list[Problem]) -> dict[str, str]:
    """unit → its flags, one wording per kind: 'CT1, CT2: vượt xa chỉ tiêu, cần kiểm tra'."""
    by_unit: dict[str, dict[str, list[str]]] = {}
    for unit, number, code in figures.flags:
        if unit:
            by_unit.setdefault(unit, {}).setdefault(FLAG_VI.get(code, code), []).append(
                f"CT{number}"
            )
    for p in problems:
        if p.code == "cumulative-decrease" and p.unit and p.field:
            wording = FLAG_VI["cumulative-decrease"]
            by_unit.setdefault(p.unit, {}).setdefault(wording, []).append(p.field)
    return {
        unit: "; ".join(f"{', '.join(where)}: {wording}" for wording, where in kinds.items())
        for unit, kinds in by_unit.items()
    }


def has_row_notes(figures: Figures, problems: list[Problem]) -> bool:
    """Whether any unit's row has a note (its flags): without one, the notes column is narrow."""
    return bool(_flag_notes(figures, problems))


def write_body(
    ws: Worksheet,
    figures: Figures,
    rows: list[Row],
    columns: list[Column],
    problems: list[Problem],
    rounding: Rounding,
) -> tuple[int, list[str], list[float]]:
    """One row per unit and the total row (written by writers/bulk_rows: a large folder's
    table is not held as cell objects); returns the total row's number, the achievement
    cells the checks flagged (each with its reason as a comment) and each row's height in
    points (the streamed rows' heights are not in the sheet's row dimensions)."""
    # the fields each unit left empty, as the appendix has them (figures, not the problems again)
    blanks = {(unit_key(u.unit), code) for u in figures.units for code in u.blank}
    flagged = {(u, n): c for u, n, c in figures.flags if c != "above-target"}
    notes = _flag_notes(figures, problems)
    percent = percent_format(rounding)
    wb = ws.parent
    if wb is None:  # the sheet belongs to the workbook being built
        raise ValueError("trang tính không thuộc sổ tính nào")

    def look(fmt: str = "General", bold: bool = False) -> Look:
        name = f"dean5299 tổng hợp {fmt}{' đậm' if bold else ''}"
        return Look(named_look(wb, name, number_format=fmt, bold=bold))

    def wrapped_look(what: str, bold: bool = False) -> Look:
        name = f"dean5299 {what}{' đậm' if bold else ''}"
        return Look(named_look(wb, name, bold=bold, wrap=True))

    formats = {ColumnKind.FIELD: "#,##0", ColumnKind.RATE: percent, ColumnKind.ACHIEVEMENT: percent}
    kinds = ["General"] * 3 + [formats.get(c.kind, "General") for c in columns]
    looks = [look(f) for f in kinds] + [wrapped_look("ghi chú")]
    bold_looks = [look(f, True) for f in kinds] + [wrapped_look("ghi chú", True)]  # the total row
    # A unit's name wraps in its column: one longer than the column ran over the state beside it
    # and was cut where a printed page repeats the unit columns.
    looks[1], bold_looks[1] = wrapped_look("tên đơn vị"), wrapped_look("tên đơn vị", True)
    table: list[list[CellValue]] = []
    heights: dict[int, float] = {}
    flag_cells: list[str] = []
    for i, (unit, state, values, results) in enumerate(rows):
        total = i == len(rows) - 1
        note = "" if total else printable(notes.get(unit, ""))
        line: list[CellValue] = [None if total else i + 1, printable(unit)]
        line.append(None if total else STATE_WORDS[state])
        by_number = {res.number: res for res in results}
        for col, column in enumerate(columns, start=FIRST_COLUMN):
            value: CellValue = None
            comment = None
            res = by_number.get(column.number) if column.number is not None else None
            if column.kind is ColumnKind.FIELD and values is not None and column.code:
                if (unit_key(unit), column.code) in blanks:
                    comment = BLANK_NOTE
                else:
                    value = values.get(column.code)
            elif (
                column.kind in _PERCENTS
                and res is not None
                and not total
                and any((unit_key(unit), code) in blanks for code in res.indicator.result_codes)
            ):
                comment = BLANK_PERCENT_NOTE  # as the appendix: "…", no percentage of it
            elif column.kind is ColumnKind.RATE and res is not None:
                value = percent_cell(res.rate, rounding)
            elif column.kind is ColumnKind.ACHIEVEMENT and res is not None:
                value = percent_cell(res.achievement, rounding)
                code = flagged.get(("" if total else unit, res.number))
                comment = FLAG_VI.get(code, code) if code else None
                if comment:
                    flag_cells.append(f"{get_column_letter(col)}{FIRST_DATA_ROW + i}")
            if comment:  # a comment needs openpyxl's own cell (it replaces the streamed one)
                cell = ws.cell(FIRST_DATA_ROW + i, col, value)
                cell.style = (bold_looks if total else looks)[col - 1].style
                cell.comment = Comment(comment, "dean5299")
            line.append(value)
        line.append(note)
        height = max(
            wrapped_height(note, int(NOTE_WIDTH)) or 0.0,
            wrapped_height(printable(unit), UNIT_LINE) or 0.0,
        )
        if height:
            heights[i] = height
        table.append(line)
    last = len(rows) - 1
    add_rows(
        ws,
        FIRST_DATA_ROW,
        table,
        looks,
        {(last, c): lk for c, lk in enumerate(bold_looks)},
        heights,
    )
    measured = [heights.get(i, DEFAULT_ROW_HEIGHT) for i in range(len(rows))]
    return FIRST_DATA_ROW + len(rows) - 1, flag_cells, measured
