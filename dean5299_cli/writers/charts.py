"""Native Excel charts for the summary workbook: one clear message per chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from dean5299_cli.core.numbers import Rounding
from dean5299_cli.core.periods import period_title, period_word
from dean5299_cli.core.progress import Progress, ProgressRow
from dean5299_cli.core.ranking import IndicatorRanking
from dean5299_cli.writers.sheets import percent_cell

GREEN, ORANGE, GREY = "70AD47", "ED7D31", "595959"
ROW_CM = 0.53  # height of a default row, to stack charts without overlap
EDGE_BARS = 30  # above twice this many units, a chart shows the highest and the lowest only
PAGE_ROWS = 58  # rows of one A4 portrait page once the 24 cm wide charts are fitted to its width
VALUE_WIDTH = 13  # characters: a column of figures on the data sheet, its header on two lines
NAME_WIDTH = (14, 40)  # the first column (units, quarters): at least, at most
HEAD = Alignment(horizontal="center", vertical="center", wrap_text=True)
_THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)  # a table on paper, not the title


@dataclass(frozen=True)
class Block:
    """A table written on the data sheet: where its header row and its rows are."""

    head: int
    first: int
    last: int


def _block(
    ws: Worksheet,
    row: int,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str | float | None]],
) -> Block:
    ws.cell(row, 1, title).font = Font(bold=True)
    for c, text in enumerate(headers, start=1):
        head = ws.cell(row + 1, c, text)
        head.font, head.border = Font(bold=True), GRID
        # over a column of figures: centred, on as many lines as it needs
        head.alignment = HEAD if c > 1 else Alignment(vertical="center")
    lines = max((_lines(text, VALUE_WIDTH) for text in headers[1:]), default=1)
    if lines > 1:  # a set height: Excel does not grow a row for wrapped text on its own
        ws.row_dimensions[row + 1].height = 15 * lines
    for r, values in enumerate(rows, start=row + 2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.border = GRID
            if isinstance(value, float):
                cell.number_format = "0.0%"
            elif isinstance(value, str):
                cell.data_type = "s"
    return Block(row + 1, row + 2, row + 1 + len(rows))


def _lines(text: str, width: int) -> int:
    """How many lines `text` takes in a column `width` characters wide, broken between words."""
    count, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width - 1:  # a character of margin in the cell
            count, used = count + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return count


def _fit_columns(ws: Worksheet) -> None:
    """The data sheet's columns wide enough for what they hold: the names in the first (block
    titles run on over the empty cells beside them), the figures and their headers in the rest."""
    names = [  # titles and headers are bold: a title may run on, a header is short
        len(str(cell.value))
        for (cell,) in ws.iter_rows(min_col=1, max_col=1)
        if cell.value is not None and not cell.font.bold
    ]
    low, high = NAME_WIDTH
    ws.column_dimensions["A"].width = min(max([low, *[n + 2 for n in names]]), high)
    for column in range(2, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(column)].width = VALUE_WIDTH


def _percent_axis(chart: BarChart | LineChart, title: str) -> None:
    chart.y_axis.title = title
    chart.y_axis.number_format = "0%"
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _target_line(ws: Worksheet, block: Block, column: int) -> LineChart:
    line = LineChart()
    line.add_data(
        Reference(ws, min_col=column, min_row=block.head, max_row=block.last), titles_from_data=True
    )
    series = line.series[0]
    series.graphicalProperties.line.solidFill = GREY
    series.graphicalProperties.line.dashStyle = "dash"
    series.graphicalProperties.line.width = 19050
    series.smooth = False
    return line


def _office_chart(
    data: Worksheet,
    rankings: Sequence[IndicatorRanking],
    rounding: Rounding,
    whole: str,
    period: str,
) -> tuple[BarChart | None, int]:
    rows = [
        (f"CT{r.indicator.number}", percent_cell(r.office.achievement, rounding), 1.0)
        for r in rankings
        if r.office is not None and r.office.achievement is not None
    ]
    if not rows:
        return None, 1
    block = _block(
        data, 1, f"Tỷ lệ đạt {whole}", ["Chỉ tiêu", "Tỷ lệ đạt", "Chỉ tiêu (100%)"], rows
    )
    chart = BarChart()
    chart.type = "col"
    chart.title = f"{whole}: tỷ lệ đạt theo chỉ tiêu, {period}"
    chart.add_data(
        Reference(data, min_col=2, min_row=block.head, max_row=block.last), titles_from_data=True
    )
    chart.set_categories(Reference(data, min_col=1, min_row=block.first, max_row=block.last))
    chart.series[0].graphicalProperties = GraphicalProperties(solidFill=GREEN)
    _percent_axis(chart, "Tỷ lệ đạt")
    chart += _target_line(data, block, 3)
    if chart.legend is not None:
        chart.legend.position = "b"
    chart.width, chart.height = 24, 10
    return chart, block.last + 2


def _unit_chart(
    data: Worksheet, row: int, ranking: IndicatorRanking, rounding: Rounding, period: str
) -> tuple[BarChart | None, int]:
    """Units of one indicator sorted by achievement; green reached the target, orange not yet."""
    ranked = [s for s in ranking.standings if s.achievement is not None]
    if not ranked:
        return None, row
    ordered = sorted(ranked, key=lambda s: (s.achievement or 0, s.unit))  # lowest at the bottom
    shown = ordered
    if len(ordered) > 2 * EDGE_BARS:  # a readable picture: who leads and who lags
        shown = ordered[:EDGE_BARS] + ordered[-EDGE_BARS:]
    rows: list[tuple[str, float | None, float | None]] = []
    for k, s in enumerate(shown):
        if shown is not ordered and k == EDGE_BARS:
            rows.append(("…", None, None))  # a visible gap where the middle units are left out
        value = percent_cell(s.achievement, rounding)
        reached = s.achievement is not None and s.achievement >= 1
        rows.append((s.unit, value if reached else None, None if reached else value))
    number = ranking.indicator.number
    block = _block(
        data,
        row,
        f"CT{number} theo đơn vị",
        ["Đơn vị", "Đạt chỉ tiêu (từ 100%)", "Chưa đạt (dưới 100%)"],
        rows,
    )
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.overlap = 100
    chart.gapWidth = 60
    chart.title = f"CT{number}: tỷ lệ đạt theo đơn vị, {period}"
    if shown is not ordered:
        chart.title = (
            f"CT{number}: {EDGE_BARS} đơn vị cao nhất và {EDGE_BARS} đơn vị thấp nhất "
            f"(trên {len(ordered)}), {period}"
        )
    chart.add_data(
        Reference(data, min_col=2, max_col=3, min_row=block.head, max_row=block.last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(data, min_col=1, min_row=block.first, max_row=block.last))
    chart.series[0].graphicalProperties = GraphicalProperties(solidFill=GREEN)
    chart.series[1].graphicalProperties = GraphicalProperties(solidFill=ORANGE)
    _percent_axis(chart, "Tỷ lệ đạt (vạch lưới mỗi 50%, mốc 100% là đạt)")
    chart.y_axis.majorUnit = 0.5
    chart.y_axis.scaling.min = 0
    if chart.legend is not None:
        chart.legend.position = "b"
    per_bar = 0.6 if len(rows) <= 20 else 0.42  # cm; 61 bars still fit one printed page
    chart.width, chart.height = 20, max(7.0, per_bar * len(rows) + 4)
    return chart, block.last + 2


def _progress_chart(
    data: Worksheet, row: int, progress: Progress, rounding: Rounding, whole: str
) -> LineChart | None:
    shown = [
        r for r in progress.office_rows if any(c.result and c.result.achievement for c in r.cells)
    ]
    if not shown:
        return None
    word = period_word(progress.quarters[-1]) if progress.quarters else "quý"
    headers = [word.capitalize(), *[f"CT{r.indicator.number}" for r in shown]]

    def achievement(row: ProgressRow, k: int) -> float | None:
        result = row.cells[k].result
        return percent_cell(result.achievement, rounding) if result else None

    rows = [
        [period_title(q), *[achievement(r, k) for r in shown]]
        for k, q in enumerate(progress.quarters)
        if any(r.cells[k].result for r in shown)  # quarters without any figures are left out
    ]
    block = _block(data, row, f"Tiến độ {whole} theo {word}", headers, rows)
    chart = LineChart()
    chart.title = f"{whole}: tiến độ đạt chỉ tiêu cả năm qua các {word} (cộng dồn)"
    chart.add_data(
        Reference(data, min_col=2, max_col=len(headers), min_row=block.head, max_row=block.last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(data, min_col=1, min_row=block.first, max_row=block.last))
    for series in chart.series:
        series.marker.symbol = "circle"
        series.smooth = False
    _percent_axis(chart, "Tỷ lệ đạt chỉ tiêu năm")
    if chart.legend is not None:
        chart.legend.position = "r"
    chart.width, chart.height = 24, 10
    return chart


def add_charts(
    wb: Workbook,
    rankings: Sequence[IndicatorRanking],
    progress: Progress,
    rounding: Rounding,
    *,
    whole: str,
    period: str,
) -> None:
    """Sheet "Biểu đồ" (office by indicator, progress by quarter, units per indicator) and its data."""
    sheet = wb.create_sheet("Biểu đồ")
    data = wb.create_sheet("Số liệu biểu đồ")
    anchor = 1
    office, row = _office_chart(data, rankings, rounding, whole, period)
    charts: list[BarChart | LineChart] = [office] if office else []
    trend = _progress_chart(data, row, progress, rounding, whole)
    row = data.max_row + 2
    if trend is not None:
        charts.append(trend)
    for ranking in rankings:
        per_unit, row = _unit_chart(data, row, ranking, rounding, period)
        if per_unit is not None:
            charts.append(per_unit)
    used = 0  # rows used on the current printed page
    for chart in charts:
        rows = int(float(chart.height) / ROW_CM) + 2
        if used and used + rows > PAGE_ROWS:  # start a new page rather than cut the chart
            sheet.row_breaks.append(Break(id=anchor - 1))
            used = 0
        sheet.add_chart(chart, f"A{anchor}")
        anchor += rows
        used += rows
    if not charts:
        sheet["A1"] = "Chưa có số liệu có chỉ tiêu để vẽ biểu đồ."
    for ws in (sheet, data):  # A4 portrait, one page wide
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    _fit_columns(data)
    data.oddFooter.center.text = "Trang &P/&N"
