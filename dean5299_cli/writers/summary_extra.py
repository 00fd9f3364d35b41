"""The summary workbook's indicator sheet: what each indicator means, its target, its codes."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dean5299_cli.core.indicators import KIND_LABELS_VI, IndicatorSet
from dean5299_cli.writers.sheets import a4_print_setup


def add_indicator_sheet(wb: Workbook, ind_set: IndicatorSet) -> None:
    """What each indicator means, its target and its field codes."""
    desc = wb.create_sheet("Chỉ tiêu")
    heads = ["CT", "Nội dung", "Loại", "Đơn vị tính", "Chỉ tiêu theo Đề án", "Mã trường"]
    for c, head in enumerate(heads, start=1):
        desc.cell(1, c, head).font = Font(bold=True)
    for r, ind in enumerate(ind_set.indicators, start=2):
        desc.cell(r, 1, ind.number)
        title = desc.cell(r, 2)
        title.value = ind.title
        title.data_type = "s"
        title.alignment = Alignment(wrap_text=True, vertical="top")
        desc.cell(r, 3, KIND_LABELS_VI[ind.kind])
        desc.cell(r, 4, ind.unit)
        desc.cell(r, 5, ind.target_text)
        desc.cell(r, 6, ", ".join(ind.codes))
        desc.row_dimensions[r].height = 15 * max(1, -(-len(ind.title) // 75))
    for col, width in zip("ABCDEF", (5, 70, 18, 12, 24, 40), strict=True):
        desc.column_dimensions[col].width = width
    a4_print_setup(desc, orientation="landscape", title_rows="1:1")
