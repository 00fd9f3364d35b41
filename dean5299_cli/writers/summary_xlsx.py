"""The consolidated workbook: one row per unit, the district total, achievement, flags, a chart."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from dean5299_cli.core.figures import Figures
from dean5299_cli.core.indicators import KIND_LABELS_VI, Kind
from dean5299_cli.core.numbers import Rounding
from dean5299_cli.core.periods import ROMAN
from dean5299_cli.core.problems import Problem
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


def build_summary(
    figures: Figures,
    path: Path,
    *,
    rounding: Rounding,
    far_above_percent: int,
    problems: list[Problem],
    area: str = "huyện",
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
        cell.value = value
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
    for ref in ("B2", "B3", "B4"):
        ws[ref].font = bold

    codes = ind_set.field_codes
    ach_inds = [r.indicator for r in figures.district]
    label_row, head_row = 6, 7
    headers = ["STT", "Đơn vị", *codes, *[f"Tỷ lệ đạt CT{i.number}" for i in ach_inds], "Ghi chú"]
    labels = [
        "",
        "",
        *[ind_set.field(c).label for c in codes],
        *[
            ("Tỷ lệ/chỉ tiêu tỷ lệ" if i.kind is Kind.RATIO else "Kết quả/chỉ tiêu giao")
            for i in ach_inds
        ],
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
    rows = [(u.unit, u.values, u.results) for u in figures.units]
    rows.append(("Tổng cộng", figures.totals, figures.district))
    for i, (unit, values, results) in enumerate(rows, start=1):
        r = head_row + i
        is_total = unit == "Tổng cộng"
        ws.cell(r, 1, "" if is_total else i)
        text(ws.cell(r, 2), unit if not is_total else f"Tổng cộng toàn {area}")
        for c, code in enumerate(codes, start=3):
            cell = ws.cell(r, c, values.get(code, 0))
            cell.number_format = "#,##0"
        for c, res in enumerate(results, start=first_ach_col):
            cell = ws.cell(r, c, _percent_value(res.achievement, rounding))
            cell.number_format = (
                "0.0%"
                if rounding.decimals == 1
                else "0%"
                if rounding.decimals == 0
                else "0." + "0" * rounding.decimals + "%"
            )
            code = flagged_cells.get(("" if is_total else unit, res.number))
            if code:
                cell.comment = Comment(FLAG_VI.get(code, code), "dean5299")
        note = ws.cell(r, first_ach_col + len(results))
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
    if figures.left_out or figures.missing_units:
        row = legend + 5
        if figures.left_out:
            ws.cell(row, 2, "Đơn vị bị loại do tệp có lỗi:").font = bold
            text(ws.cell(row, 3), "; ".join(f"{u} ({f})" for u, f in figures.left_out))
            row += 1
        if figures.missing_units:
            ws.cell(row, 2, "Đơn vị chưa gửi báo cáo:").font = bold
            text(ws.cell(row, 3), ", ".join(figures.missing_units))

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
