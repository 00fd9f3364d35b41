"""The summary workbook's other sheets: the indicator list and a bar chart of achievement."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from dean5299_cli.core.figures import Figures
from dean5299_cli.core.indicators import KIND_LABELS_VI, IndicatorSet, Kind
from dean5299_cli.core.periods import ROMAN
from dean5299_cli.writers.sheets import a4_print_setup
from dean5299_cli.writers.summary_layout import Column, ColumnKind


def add_indicator_sheet(wb: Workbook, ind_set: IndicatorSet) -> None:
    """What each indicator means, its target and its field codes."""
    desc = wb.create_sheet("Chỉ tiêu")
    heads = ["CT", "Nội dung", "Loại", "Đơn vị tính", "Chỉ tiêu toàn tỉnh", "Mã trường"]
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


def add_chart_sheet(
    wb: Workbook,
    ws: Worksheet,
    figures: Figures,
    columns: Sequence[Column],
    *,
    first_col: int,
    first_row: int,
) -> None:
    """A native bar chart of each counted unit's achievement on the count indicators."""
    sheet = wb.create_sheet("Biểu đồ")
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = f"Tỷ lệ đạt chỉ tiêu theo đơn vị, quý {ROMAN[figures.quarter]} năm {figures.year}"
    chart.y_axis.title = "Tỷ lệ đạt"
    chart.y_axis.number_format = "0%"
    kinds = {i.number: i.kind for i in figures.indicator_set.indicators}
    achievement = [
        (first_col + k, c.number)
        for k, c in enumerate(columns)
        if c.kind is ColumnKind.ACHIEVEMENT and c.number is not None
    ]
    counts = [(col, n) for col, n in achievement if kinds.get(n) is not Kind.RATIO] or achievement
    units = sum(1 for _ in figures.units)
    last_row = first_row + max(0, ws.max_row - first_row)
    # Every row of the table (units not counted have no bar), without the total and the notes.
    table_rows = sum(1 for r in range(first_row, last_row + 1) if ws.cell(r, 3).value)
    for col, number in counts:
        values = Reference(ws, min_col=col, min_row=first_row, max_row=first_row + table_rows - 1)
        chart.series.append(Series(values, title=f"CT{number}"))
    names = Reference(ws, min_col=2, min_row=first_row, max_row=first_row + table_rows - 1)
    chart.set_categories(names)
    chart.height = max(10, 0.9 * max(units, table_rows) + 4)
    chart.width = 24
    sheet.add_chart(chart, "A1")
    a4_print_setup(sheet, orientation="landscape", title_rows="1:1")
    sheet.page_setup.fitToHeight = 1
