"""Small helpers shared by the workbook writers."""

from __future__ import annotations


def a4_print_setup(ws, *, orientation: str, title_rows: str) -> None:
    """A4, one page wide, header rows repeated on every printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
