"""The consolidated workbook: one row per unit, the district total, achievement, flags, a chart."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from dean5299_cli.core.achievement import IndicatorResult
from dean5299_cli.core.figures import Figures
from dean5299_cli.core.indicators import KIND_LABELS_VI, Kind
from dean5299_cli.core.numbers import Rounding, format_rate
from dean5299_cli.core.periods import ROMAN
from dean5299_cli.core.problems import Problem
from dean5299_cli.core.report_model import STATE_WORDS
from dean5299_cli.core.report_units import UnitState, UnitStatus
from dean5299_cli.core.text import printable
from dean5299_cli.core.units import unit_key
from dean5299_cli.writers.sheets import a4_print_setup

if TYPE_CHECKING:
    from openpyxl import Workbook

FLAG_VI = {
    "above-target": "vượt chỉ tiêu",
    "far-above-target": "vượt xa chỉ tiêu, cần kiểm tra",
    "numerator-exceeds-denominator": "tử số lớn hơn mẫu số",
    "parts-do-not-add-up": "các phần không khớp tổng",
    "cumulative-decrease": "giảm so với quý trước",
}


def _percent_value(value: Fraction | None, rounding: Rounding) -> float | None:
    """The percentage as the report prints it (same rounding), as a spreadsheet fraction."""
    if value is None:
        return None
    return float(rounding.round(value * 100)) / 100


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


def build_summary(
    figures: Figures,
    path: Path,
    *,
    rounding: Rounding,
    far_above_percent: int,
    problems: list[Problem],
    area: str = "huyện",
    office: str | None = None,
    statuses: tuple[UnitStatus, ...] = (),
    extend: Callable[[Workbook], None] | None = None,
) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ind_set = figures.indicator_set
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    bold = Font(bold=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")

    def text(cell, value: str) -> None:
        """Text from inputs stays text: never a formula, whatever it starts with."""
        cell.value = printable(value)
        cell.data_type = "s"

    ws["A1"] = (
        f"TỔNG HỢP KẾT QUẢ THỰC HIỆN ĐỀ ÁN 5299 {('QUÝ ' + ROMAN[figures.quarter])} NĂM {figures.year}"
    )
    ws["A1"].font = Font(bold=True, size=14)
    ws["B2"], ws["C2"] = "Năm", figures.year
    ws["B3"], ws["C3"] = "Kỳ báo cáo", f"Quý {ROMAN[figures.quarter]}"
    ws["B4"] = "Tính đến ngày"
    if figures.as_of:
        ws["C4"] = figures.as_of
        ws["C4"].number_format = "dd/mm/yyyy"
    if office:  # read one level up as this office's row (readers/consolidated.py)
        ws["B5"] = "Đơn vị báo cáo"
        text(ws["C5"], office)
    for ref in ("B2", "B3", "B4", "B5"):
        ws[ref].font = bold

    codes = ind_set.field_codes
    ach_inds = [r.indicator for r in figures.district]
    label_row, head_row = 6, 7
    ratio_inds = [i for i in ach_inds if i.kind is Kind.RATIO]
    # Achievement (against the target) and, for ratios, the rate reached: never one for the other.
    headers = [
        "STT",
        "Đơn vị",
        *codes,
        *[f"Mức đạt CT{i.number}" for i in ach_inds],
        *[f"Tỷ lệ CT{i.number}" for i in ratio_inds],
        "Tình trạng",
        "Ghi chú",
    ]
    labels = [
        "",
        "",
        *[ind_set.field(c).label for c in codes],
        *[
            (
                f"Tỷ lệ đạt được so với tỷ lệ chỉ tiêu {format_rate(i.target_rate)}"
                if i.kind is Kind.RATIO and i.target_rate
                else "Kết quả so với chỉ tiêu giao"
            )
            for i in ach_inds
        ],
        *["Tỷ lệ đạt được (tử số/mẫu số)" for _ in ratio_inds],
        "",
        "Cảnh báo",
    ]
    for c, (head, label) in enumerate(zip(headers, labels, strict=False), start=1):
        cell = ws.cell(head_row, c, head)
        cell.font = bold
        cell.border = border
        cell.alignment = wrap
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        lab = ws.cell(label_row, c)
        text(lab, label)
        lab.alignment = wrap
        lab.font = Font(italic=True, size=9)
    ws.row_dimensions[label_row].height = 75

    flag_notes: dict[str, list[str]] = {}
    for unit, number, code in figures.flags:
        if unit:
            flag_notes.setdefault(unit, []).append(f"CT{number}: {FLAG_VI.get(code, code)}")
    for p in problems:
        if p.code == "cumulative-decrease" and p.unit:
            flag_notes.setdefault(p.unit, []).append(f"{p.field}: {FLAG_VI['cumulative-decrease']}")
    flagged_cells = {(u, n): c for u, n, c in figures.flags if c != "above-target"}

    first_ach_col = 3 + len(codes)
    first_rate_col = first_ach_col + len(ach_inds)
    state_col = first_rate_col + len(ratio_inds)
    percent_format = (
        "0.0%"
        if rounding.decimals == 1
        else "0%"
        if rounding.decimals == 0
        else "0." + "0" * rounding.decimals + "%"
    )
    rows = _rows(figures, statuses)
    rows.append(("Tổng cộng", UnitState.REPORTED, figures.totals, figures.district))
    for i, (unit, state, values, results) in enumerate(rows, start=1):
        r = head_row + i
        is_total = unit == "Tổng cộng"
        ws.cell(r, 1, "" if is_total else i)
        text(ws.cell(r, 2), unit if not is_total else f"Tổng cộng toàn {area}")
        if not is_total:
            text(ws.cell(r, state_col), STATE_WORDS[state])
        for c, code in enumerate(codes, start=3):
            if values is not None:
                cell = ws.cell(r, c, values.get(code, 0))
                cell.number_format = "#,##0"
        ratios = [res for res in results if res.indicator.kind is Kind.RATIO]
        for c, res in enumerate(ratios, start=first_rate_col):
            ws.cell(r, c, _percent_value(res.rate, rounding)).number_format = percent_format
        for c, res in enumerate(results, start=first_ach_col):
            cell = ws.cell(r, c, _percent_value(res.achievement, rounding))
            cell.number_format = percent_format
            code = flagged_cells.get(("" if is_total else unit, res.number))
            if code:
                cell.comment = Comment(FLAG_VI.get(code, code), "dean5299")
        note = ws.cell(r, state_col + 1)
        text(note, "; ".join(flag_notes.get(unit, [])) if not is_total else "")
        note.alignment = Alignment(wrap_text=True, vertical="top")
        for c in range(1, len(headers) + 1):
            ws.cell(r, c).border = border
            if is_total:
                ws.cell(r, c).font = bold
    last_row = head_row + len(rows)
    ach_range = f"{get_column_letter(first_ach_col)}{head_row + 1}:{get_column_letter(first_ach_col + len(ach_inds) - 1)}{last_row}"
    far = far_above_percent / 100
    ws.conditional_formatting.add(
        ach_range,
        CellIsRule(
            operator="greaterThan", formula=[str(far)], fill=PatternFill("solid", fgColor="F8CBAD")
        ),
    )
    ws.conditional_formatting.add(
        ach_range,
        CellIsRule(
            operator="between", formula=["1", str(far)], fill=PatternFill("solid", fgColor="C6EFCE")
        ),
    )
    ws.conditional_formatting.add(
        ach_range,
        CellIsRule(operator="lessThan", formula=["1"], fill=PatternFill("solid", fgColor="FFEB9C")),
    )
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 24
    for c in range(3, len(headers) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 11
    ws.column_dimensions[get_column_letter(len(headers))].width = 40
    ws.freeze_panes = ws.cell(head_row + 1, 3)
    a4_print_setup(ws, orientation="landscape", title_rows=f"{label_row}:{head_row}")

    # Legend of the colours.
    legend = last_row + 2
    ws.cell(legend, 2, "Màu tỷ lệ đạt:").font = bold
    for k, (colour, meaning) in enumerate(
        (
            ("FFEB9C", "dưới chỉ tiêu"),
            ("C6EFCE", "đạt/vượt chỉ tiêu"),
            ("F8CBAD", f"trên {far_above_percent}%: cần kiểm tra"),
        )
    ):
        cell = ws.cell(legend + 1 + k, 2, meaning)
        cell.fill = PatternFill("solid", fgColor=colour)
    if figures.left_out:
        ws.cell(legend + 5, 2, "Tệp có lỗi, chưa tổng hợp:").font = bold
        text(ws.cell(legend + 5, 3), "; ".join(f"{u} ({f})" for u, f in figures.left_out))

    # Description of the indicator set.
    desc = wb.create_sheet("Chỉ tiêu")
    for c, head in enumerate(
        ["CT", "Nội dung", "Loại", "Đơn vị tính", "Chỉ tiêu toàn tỉnh", "Mã trường"], start=1
    ):
        desc.cell(1, c, head).font = bold
    for r, ind in enumerate(ind_set.indicators, start=2):
        desc.cell(r, 1, ind.number)
        text(desc.cell(r, 2), ind.title)
        desc.cell(r, 3, KIND_LABELS_VI[ind.kind])
        desc.cell(r, 4, ind.unit)
        desc.cell(r, 5, ind.target_text)
        desc.cell(r, 6, ", ".join(ind.codes))
        desc.cell(r, 2).alignment = Alignment(wrap_text=True, vertical="top")
        desc.row_dimensions[r].height = 15 * max(1, -(-len(ind.title) // 75))
    for col, width in zip("ABCDEF", (5, 70, 18, 12, 24, 40), strict=False):
        desc.column_dimensions[col].width = width

    if extend is not None:  # charts and ranking sheets (writers/charts.py, writers/rank_xlsx.py)
        extend(wb)
    wb.save(path)
