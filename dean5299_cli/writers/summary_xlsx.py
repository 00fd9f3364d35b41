"""The summary workbook as a document to print and send up: title block, columns in words grouped
by indicator, every unit with its state, pages split by indicator groups, a signature block.

The field codes stay in one hidden row (`Đơn vị` + codes) so that the office one level up reads the
workbook back as a consolidated submission (readers/layout.parse_consolidated_sheet).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from dean5299_cli.core.figures import Figures
from dean5299_cli.core.numbers import Rounding
from dean5299_cli.core.output_marks import SUMMARY
from dean5299_cli.core.periods import period_name
from dean5299_cli.core.problems import Problem
from dean5299_cli.core.report_units import UnitState, UnitStatus
from dean5299_cli.writers.bulk_rows import save
from dean5299_cli.writers.marks import mark_workbook
from dean5299_cli.writers.sheets import describe, first_sheet, fit_to_page, page_footer
from dean5299_cli.writers.summary_body import has_row_notes, table_rows, write_body
from dean5299_cli.writers.summary_extra import add_indicator_sheet
from dean5299_cli.writers.summary_frame import (
    BOLD,
    CENTRE,
    Heading,
    merged,
    notes_block,
    put_text,
    signature_block,
    title_block,
)
from dean5299_cli.writers.summary_layout import (
    CODE_ROW,
    DEFAULT_ROW_HEIGHT,
    EMPTY_NOTE_WIDTH,
    FIRST_COLUMN,
    FIRST_DATA_ROW,
    GROUP_ROW,
    NOTE_WIDTH,
    TITLE_WIDTHS,
    WORD_ROW,
    Column,
    ColumnKind,
    data_room,
    fewest_pages,
    fitted_scale,
    page_ends,
    plan_columns,
    print_scale,
    splits_block,
)
from dean5299_cli.writers.xlsx_stream import PAGE_NUMBERS

# Heights in points used to choose the print scale: title block, table head, gap and notes.
ESTIMATED_FIXED_HEIGHT = 100 + 112 + 15 + 80
SIGNATURE_HEIGHT = 15 + 3 * 15 + 48
GROUP_ROW_HEIGHT, WORD_ROW_HEIGHT = 40, 72
HEAD_HEIGHT = GROUP_ROW_HEIGHT + WORD_ROW_HEIGHT  # printed again on every page
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _table_head(
    ws: Worksheet, groups_at: list[tuple[int, str, int]], columns: list[Column], notes: int
) -> None:
    fill = PatternFill("solid", fgColor="DDEBF7")
    # Not "Đơn vị" alone: above the code row that word would read as the office (find_header).
    for col, title in ((1, "STT"), (2, "Đơn vị trực thuộc"), (3, "Tình trạng"), (notes, "Ghi chú")):
        put_text(ws, GROUP_ROW, col, title, font=BOLD, alignment=CENTRE, fill=fill)
        ws.merge_cells(start_row=GROUP_ROW, start_column=col, end_row=WORD_ROW, end_column=col)
    for first, title, last in groups_at:
        merged(ws, GROUP_ROW, first, last, title, font=BOLD, alignment=CENTRE, fill=fill)
    small = Font(size=9)
    for col, column in enumerate(columns, start=FIRST_COLUMN):
        put_text(ws, WORD_ROW, col, column.title, font=small, alignment=CENTRE, fill=fill)
        if column.code:
            put_text(ws, CODE_ROW, col, column.code)
    put_text(ws, CODE_ROW, 2, "Đơn vị")
    ws.row_dimensions[CODE_ROW].hidden = True
    ws.row_dimensions[GROUP_ROW].height = GROUP_ROW_HEIGHT
    ws.row_dimensions[WORD_ROW].height = WORD_ROW_HEIGHT
    for row in (GROUP_ROW, WORD_ROW):
        for col in range(1, notes + 1):
            ws.cell(row, col).border = BORDER


def _colour_achievement(
    ws: Worksheet, columns: list[Column], last_row: int, flag_cells: list[str]
) -> None:
    """Yellow under the target, green at or above it; orange where the checks found the figure
    unusual (against the other units, or above the office's own threshold), never merely for
    being high: a low target puts every unit far above it. Empty cells stay white."""
    if flag_cells:  # first: the highest priority, over green
        ws.conditional_formatting.add(
            " ".join(flag_cells), _formula_rule("TRUE", PatternFill("solid", fgColor="F8CBAD"))
        )
    rules = (("{c}>=1", "C6EFCE"), ("{c}<1", "FFEB9C"))
    for col, column in enumerate(columns, start=FIRST_COLUMN):
        if column.kind is not ColumnKind.ACHIEVEMENT:
            continue
        letter = get_column_letter(col)
        first = f"{letter}{FIRST_DATA_ROW}"
        for condition, colour in rules:
            formula = f"AND(ISNUMBER({first}),{condition.format(c=first)})"
            ws.conditional_formatting.add(
                f"{first}:{letter}{last_row}",
                _formula_rule(formula, PatternFill("solid", fgColor=colour)),
            )


def _formula_rule(formula: str, fill: PatternFill) -> Rule:
    """openpyxl's `FormulaRule` (untyped there): the fill where the formula is true."""
    return Rule(type="expression", formula=[formula], dxf=DifferentialStyle(fill=fill))


def _page_setup(ws: Worksheet, ends: list[int], last_col: int, scale: int, last_row: int) -> None:
    """A4 landscape, pages ending between indicator groups, unit columns and heads repeated."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.scale = scale
    ws.page_setup.pageOrder = "overThenDown"
    fit_to_page(ws, False)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = f"{GROUP_ROW}:{CODE_ROW}"
    ws.print_title_cols = f"A:{get_column_letter(FIRST_COLUMN - 1)}"
    # the table's rows are streamed (writers/bulk_rows): ws.max_row knows only openpyxl's
    ws.print_area = f"A1:{get_column_letter(last_col)}{max(ws.max_row, last_row)}"
    for col in ends:
        ws.col_breaks.append(Break(id=col, max=1048575))
    page_footer(ws, PAGE_NUMBERS, size=9)


def _note_width(groups: list[float], scale: int) -> float:
    """The notes column's width when no unit's row has a note: NOTE_WIDTH where that prints with
    the last indicator group; else narrower, so as to (was: alone on a page of each band of rows,
    6 of 49 pages for 141 units), the page then as wide as the column alone was, for the notes
    and the signer's lines below the table to wrap as they did."""
    room = data_room(scale)
    alone = len(groups) - 1  # the notes alone on a page: a page ends after the last group
    if not groups or alone not in page_ends([*groups, NOTE_WIDTH], room):
        return NOTE_WIDTH
    narrow = max(EMPTY_NOTE_WIDTH, NOTE_WIDTH - groups[-1])
    return narrow if alone not in page_ends([*groups, narrow], room) else NOTE_WIDTH


def _row_heights(ws: Worksheet, body: list[float], last_row: int, end: int) -> list[float]:
    """Each printed row's height in points, row 1 to `end`: the table's rows as written (they are
    streamed, not in the row dimensions), a hidden row none."""
    def height(row: int) -> float:
        if FIRST_DATA_ROW <= row <= last_row:
            return body[row - FIRST_DATA_ROW]
        dims = ws.row_dimensions[row]
        return 0.0 if dims.hidden else dims.height or DEFAULT_ROW_HEIGHT

    return [height(row) for row in range(1, end + 1)]


def build_summary(
    figures: Figures,
    path: Path,
    *,
    rounding: Rounding,
    problems: list[Problem],
    total_label: str = "Tổng cộng",
    office: str | None = None,
    statuses: tuple[UnitStatus, ...] = (),
    heading: Heading | None = None,
    extend: Callable[[Workbook], None] | None = None,
) -> None:
    """Write the summary workbook: the printable sheet and the indicator list; `extend` adds
    sheets (charts and ranking: writers/charts.py, writers/rank_xlsx.py)."""
    with_target = [r.number for r in figures.district if r.achievement is not None]
    groups = plan_columns(figures.indicator_set, with_target)
    columns = [c for g in groups for c in g.columns]
    groups_at, col = [], FIRST_COLUMN
    for g in groups:
        groups_at.append((col, g.title, col + len(g.columns) - 1))
        col += len(g.columns)
    notes_col = col
    rows = table_rows(figures, statuses)
    rows.append((total_label, UnitState.REPORTED, figures.totals, figures.district))
    estimated = ESTIMATED_FIXED_HEIGHT + 15 * len(rows) + (SIGNATURE_HEIGHT if heading else 0)
    widths = [g.width for g in groups]
    with_notes = has_row_notes(figures, problems)

    def notes_width(scale: int) -> float:
        return NOTE_WIDTH if with_notes else _note_width(widths, scale)

    def across(scale: int) -> int:
        return len(page_ends([*widths, notes_width(scale)], data_room(scale))) + 1

    scale = fewest_pages(estimated, HEAD_HEIGHT, across, print_scale(estimated))
    note_width = notes_width(scale)
    block_widths = [*widths, note_width]
    block_last = [last for _, _, last in groups_at] + [notes_col]
    ends = [block_last[i] for i in page_ends(block_widths, data_room(scale))]
    page_last = ends[0] if ends else notes_col

    wb = Workbook()
    period = period_name(figures.year, figures.quarter)
    author = heading.issuing_body if heading is not None else office
    describe(wb, f"Bảng tổng hợp kết quả thực hiện Đề án 5299 {period}", author)
    ws = first_sheet(wb, "Tổng hợp")
    for i, width in enumerate(TITLE_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for c, column in enumerate(columns, start=FIRST_COLUMN):
        ws.column_dimensions[get_column_letter(c)].width = column.width
    ws.column_dimensions[get_column_letter(notes_col)].width = note_width
    title_block(ws, figures, heading, office, FIRST_COLUMN, page_last)
    _table_head(ws, groups_at, columns, notes_col)
    last_row, flag_cells, body_heights = write_body(ws, figures, rows, columns, problems, rounding)
    _colour_achievement(ws, columns, last_row, flag_cells)
    ws.freeze_panes = f"{get_column_letter(FIRST_COLUMN)}{FIRST_DATA_ROW}"
    last_first = ends[-1] + 1 if ends else FIRST_COLUMN
    after_notes = notes_block(ws, figures, last_row + 2, last_first, notes_col)
    end = after_notes - 1
    if heading is not None:
        end = signature_block(ws, heading, after_notes + 1, last_first, notes_col)
    heights = _row_heights(ws, body_heights, last_row, end)
    scale = fitted_scale(sum(heights), scale)
    _page_setup(ws, ends, notes_col, scale, last_row)
    repeated = sum(heights[GROUP_ROW - 1 : CODE_ROW])
    if splits_block(heights, repeated, last_row + 1, scale):  # the notes and the signer's lines
        ws.row_breaks.append(Break(id=last_row + 1))  # start a page of their own
    add_indicator_sheet(wb, figures.indicator_set)
    if extend is not None:
        extend(wb)
    mark_workbook(wb, SUMMARY, office)
    save(wb, path)
