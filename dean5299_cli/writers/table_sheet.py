"""A titled table sheet: title in A1, a frozen and filtered header row repeated on every printed
page, and a body of any length streamed by writers/bulk_rows (ranking and progress sheets)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dean5299_cli.writers.bulk_rows import Look, Row, Rows, add_rows
from dean5299_cli.writers.sheets import a4_print_setup, named_look, wrapped_height

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_table(
    ws: Worksheet,
    title: str,
    headers: Sequence[str],
    rows: Rows,
    widths: Sequence[int],
    formats: dict[int, str] | None = None,
    *,
    fills: tuple[int, Sequence[str | None]] | None = None,
    bold_rows: int = 0,
) -> None:
    """Title in A1, headers in row 3 (frozen, filtered, repeated when printed), rows below;
    `fills` colours one column row by row, `bold_rows` makes the first rows bold. The body is
    written by writers/bulk_rows (save the workbook with `bulk_rows.save`); `rows` may be
    `bulk_rows.LazyRows`, made as they are written."""
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    head = 3
    ws.row_dimensions[head].height = 30
    for c, text in enumerate(headers, start=1):
        title_cell = ws.cell(head, c, text)
        title_cell.font = Font(bold=True)
        title_cell.fill = _HEAD_FILL
        title_cell.border = _BORDER
        title_cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    looks = [
        Look(_body_style(ws, (formats or {}).get(c, "General"))) for c in range(1, len(headers) + 1)
    ]
    special: dict[tuple[int, int], Look] = {}
    for r in range(min(bold_rows, len(rows))):
        for c, look in enumerate(looks):
            special[(r, c)] = replace(look, bold=True)
    if fills is not None:
        column, colours = fills
        for r, colour in enumerate(colours):
            if colour:
                special[(r, column - 1)] = replace(
                    special.get((r, column - 1), looks[column - 1]), fill=colour
                )
    add_rows(ws, head + 1, rows, looks, special, height_of=_height_of(widths))
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{head}:{last}{head + max(len(rows), 1)}"
    ws.freeze_panes = f"C{head + 1}"
    a4_print_setup(ws, orientation="landscape", title_rows=f"{head}:{head}")


def _height_of(widths: Sequence[int]) -> Callable[[Row], float | None]:
    """A row whose text wraps (every body cell wraps) gets room for all its lines."""

    def height(row: Row) -> float | None:
        needed = max(
            (
                wrapped_height(v, w - 1) or 0.0
                for v, w in zip(row, widths, strict=False)
                if isinstance(v, str)
            ),
            default=0.0,
        )
        return needed or None

    return height


def _body_style(ws: Worksheet, number_format: str) -> str:
    """The name of the workbook's body style with `number_format` (added once per workbook)."""
    workbook = ws.parent
    if workbook is None:  # every sheet written here belongs to the workbook being built
        raise ValueError("trang tính không thuộc sổ tính nào")
    name = f"dean5299 {number_format}"
    return named_look(workbook, name, number_format=number_format, wrap=True)
