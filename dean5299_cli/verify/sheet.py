"""The reconciliation as a workbook sheet (`reconcile -o FILE.xlsx`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dean5299_cli.core.numbers import Rounding, format_decimal
from dean5299_cli.core.periods import quarter_label
from dean5299_cli.verify.reconcile import Reconciliation
from dean5299_cli.writers.atomic import write_atomic

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.worksheet import Worksheet

SHEET = "Đối chiếu"
HEADER = (
    "Đơn vị",
    "Mã",
    "Nội dung",
    "Đơn vị báo cáo",
    "Hệ thống",
    "Chênh lệch",
    "Chênh lệch (%)",
    "Cần hỏi lại",
)


def _append(ws: Worksheet, values: list[object]) -> None:
    """One row; text (unit names from the export, its file name) is written as the summary
    writes text from inputs (`summary_frame.put_text`): never a formula (`=HYPERLINK(…)` in an
    export's unit column), never a control character openpyxl refuses."""
    from dean5299_cli.writers.summary_frame import put_text

    ws.append([None if isinstance(value, str) else value for value in values])
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            put_text(ws, ws.max_row, column, value)


def fill_sheet(workbook: Workbook, result: Reconciliation) -> None:
    """Add the reconciliation sheet to an openpyxl workbook (also usable inside a summary)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from dean5299_cli.writers.sheets import a4_print_setup

    ws = workbook.create_sheet(SHEET)
    tolerance = format_decimal(Rounding(decimals=2).round(result.tolerance * 100))
    tolerance = tolerance.rstrip("0").rstrip(",") if "," in tolerance else tolerance  # 20 / 2,5
    _append(
        ws,
        [
            f"Đối chiếu số liệu tự báo cáo với {result.export}, {quarter_label(result.quarter)} "
            f"năm {result.year}; ngưỡng chênh lệch {tolerance}%"
        ],
    )
    _append(ws, list(HEADER))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    warn = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in result.lines:
        share = None if line.share is None else float(line.share)
        _append(
            ws,
            [
                line.unit,
                line.field,
                line.label,
                line.reported,
                line.system,
                line.difference,
                share,
                "có" if line.flagged else "",
            ],
        )
        for column in (4, 5, 6):  # 1.243, as every figure of the house
            ws.cell(ws.max_row, column).number_format = "#,##0"
        ws.cell(ws.max_row, 7).number_format = "0.0%"
        if line.flagged:
            for cell in ws[ws.max_row]:
                cell.fill = warn
    for unit in result.only_system:
        _append(
            ws,
            [
                unit,
                "",
                "Có trong số liệu hệ thống, chưa có báo cáo của đơn vị",
                None,
                None,
                None,
                None,
                "có",
            ],
        )
    # a partial export (said once in the notes below): its units left out are not to be asked
    # about, each was 'có' (130 rows to ask for an export of 8)
    ask = "không" if result.partial else "có"
    left_out = "Đã báo cáo, không có trong tệp xuất của hệ thống"
    for unit in result.only_reported:
        _append(ws, [unit, "", left_out, None, None, None, None, ask])
    last = ws.max_row
    for letter, width in zip("ABCDEFGH", (24, 16, 48, 14, 12, 12, 14, 12), strict=True):
        ws.column_dimensions[letter].width = width
    _notes(ws, result.notes, wrap)
    for row in ws.iter_rows(min_row=2, max_row=last, min_col=3, max_col=3):
        row[0].alignment = wrap
        lines = -(-len(str(row[0].value or "")) // 50)  # about 50 characters a line at 48
        if lines > 1:  # a spreadsheet does not grow a row for its wrapped text by itself
            ws.row_dimensions[row[0].row].height = 15 * lines
    ws.freeze_panes = "A3"
    # printed (to keep, or sent with the report): one A4 page wide, the heading on every page;
    # it printed portrait, the figures pages away from the units' names, the title cut off
    a4_print_setup(ws, orientation="landscape", title_rows="2:2")


def _notes(ws: Worksheet, notes: tuple[str, ...], wrap: Alignment) -> None:
    """What the console says before the list ("Lưu ý: …"), below the table, across its width
    (was: on the console only; the sheet kept or sent showed 130 units to ask about with no
    word of a partial export, or of the export read as some units' reports)."""
    if not notes:
        return
    ws.append([])
    for note in notes:
        _append(ws, [f"Lưu ý: {note}"])
        row = ws.max_row
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADER))
        ws.cell(row, 1).alignment = wrap
        ws.row_dimensions[row].height = 15 * -(-len(note) // 140)  # ~140 characters a line


def write_sheet(result: Reconciliation, target: Path, *, force: bool) -> Path | None:
    from openpyxl import Workbook

    workbook = Workbook()
    default = workbook.active
    fill_sheet(workbook, result)
    if default is not None:
        workbook.remove(default)
    # Marked as the tool's own (never read as a unit's file when left in the folder read).
    return write_atomic(
        target, lambda tmp: workbook.save(str(tmp)), force=force, mark="reconciliation"
    )
