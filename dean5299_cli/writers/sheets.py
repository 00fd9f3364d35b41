"""Small helpers shared by the workbook writers."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, TypeAlias

from dean5299_cli.core.numbers import Rounding
from dean5299_cli.core.text import clean_spaces, printable

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# What the writers put in a cell (bool is an int, datetime a date).
CellValue: TypeAlias = str | int | float | dt.date | None


def percent_cell(value: Fraction | None, rounding: Rounding) -> float | None:
    """A percentage as the report prints it (the office's rounding), as a spreadsheet fraction."""
    if value is None:
        return None
    return float(rounding.round(value * 100)) / 100


def percent_format(rounding: Rounding) -> str:
    """The cell format showing `percent_cell` with the office's decimals: `0.0%`."""
    return "0%" if rounding.decimals == 0 else "0." + "0" * rounding.decimals + "%"


def wrapped_height(text: str, per_line: int) -> float | None:
    """Points a row needs for `text` wrapped at `per_line` characters (15 per line, counted by
    characters); None when it fits on one line."""
    lines = -(-len(text) // max(per_line, 1))
    return 15.0 * lines if lines > 1 else None


def describe(wb: Workbook, title: str, author: str | None) -> None:
    """The workbook's own properties (Excel's File › Info): what it is and whose, not the name
    of the library that wrote it (openpyxl's default author)."""
    wb.properties.title = clean_spaces(printable(title))
    wb.properties.creator = clean_spaces(printable(author or "")) or None
    wb.properties.lastModifiedBy = None


def first_sheet(wb: Workbook, title: str) -> Worksheet:
    """The worksheet a new workbook starts with, renamed `title`."""
    ws: Worksheet = wb.worksheets[0]
    ws.title = title
    return ws


def fit_to_page(ws: Worksheet, fit: bool) -> None:
    """Whether printing scales the sheet to the page (`fitToWidth`/`fitToHeight`) or by `scale`."""
    from openpyxl.worksheet.properties import PageSetupProperties

    props = ws.sheet_properties.pageSetUpPr
    if props is None:  # openpyxl always creates it; its stubs allow None
        props = ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    props.fitToPage = fit


def page_footer(ws: Worksheet, text: str, *, size: int) -> None:
    """The centred footer of every printed page (`&P`: page, `&N`: pages)."""
    from openpyxl.worksheet.header_footer import HeaderFooterItem

    footer = ws.oddFooter
    if footer is None:  # openpyxl always creates it; its stubs allow None
        footer = ws.oddFooter = HeaderFooterItem()
    footer.center.text = text
    footer.center.size = size


def a4_print_setup(
    ws: Worksheet, *, orientation: Literal["portrait", "landscape"], title_rows: str
) -> None:
    """A4, one page wide, header rows repeated on every printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    fit_to_page(ws, True)
    ws.print_title_rows = title_rows


def named_look(
    wb: Workbook,
    name: str,
    *,
    number_format: str = "General",
    bold: bool = False,
    wrap: bool = False,
) -> str:
    """The name of a thin-bordered cell format, added to `wb` once. One named style per look:
    setting border, font and format objects cell by cell makes openpyxl compare them every time
    (seconds for a table of 1.000 units)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    if name not in wb.named_styles:
        thin = Side(style="thin")
        style = NamedStyle(name=name, number_format=number_format)
        style.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        style.font = Font(name="Calibri", sz=11, family=2, scheme="minor", bold=bold)
        # top: a row made tall by a long note reads from its first line, numbers beside it
        style.alignment = Alignment(wrap_text=wrap, vertical="top")
        wb.add_named_style(style)
    return name
