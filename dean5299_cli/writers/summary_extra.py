"""The summary workbook's indicator sheet: what each indicator means, its target, its codes."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dean5299_cli.core.indicators import KIND_LABELS_VI, IndicatorSet
from dean5299_cli.writers.sheets import a4_print_setup

# "Mã trường" alone read as a school's code: the codes, and where a clerk sees them
FORM_CODES = "Mã ô số liệu (cột «Mã» của biểu mẫu)"


def add_indicator_sheet(wb: Workbook, ind_set: IndicatorSet) -> None:
    """What each indicator means, its target and its field codes."""
    desc = wb.create_sheet("Chỉ tiêu")
    # the codes are shown nowhere else in this workbook (its code row is hidden): where they are
    heads = ["CT", "Nội dung", "Loại", "Đơn vị tính", "Chỉ tiêu theo Đề án", FORM_CODES]
    for c, head in enumerate(heads, start=1):
        desc.cell(1, c, head).font = Font(bold=True)
    widths = (5, 70, 18, 12, 24, 40)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, ind in enumerate(ind_set.indicators, start=2):
        values = (
            ind.number,
            ind.title,
            KIND_LABELS_VI[ind.kind],
            ind.unit,
            ind.target_text,
            ", ".join(ind.codes),
        )
        lines = 1
        for c, (value, width) in enumerate(zip(values, widths, strict=True), start=1):
            cell = desc.cell(r, c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
                # every column wraps within its width ("cơ cấu (tổng và các phần)", "250.000
                # tài khoản (trước ngày 31/12/2026)" ran under the next column, cut off)
                lines = max(lines, -(-len(value) // (width - 2)))
            cell.alignment = wrap
        desc.row_dimensions[r].height = 15 * lines
    for col, width in zip("ABCDEF", widths, strict=True):
        desc.column_dimensions[col].width = width
    a4_print_setup(desc, orientation="landscape", title_rows="1:1")
