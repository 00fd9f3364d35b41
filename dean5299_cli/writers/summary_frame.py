"""The frame of the printed summary: the title block, the notes under the table, the signature.

Cells written here hold text from the settings and the inputs: always as text, never a formula.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dean5299_cli.core.figures import Figures
from dean5299_cli.core.periods import date_in_words, period_title
from dean5299_cli.core.text import printable
from dean5299_cli.writers.sheets import wrapped_height

CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(bold=True)
TITLE_ROOM = 75  # column width the title needs on one line (14 pt bold)


@dataclass(frozen=True)
class Heading:
    """Who issues the summary and who signs it (from the settings)."""

    parent_body: str | None  # none for a Tỉnh đoàn: no superior-body line
    issuing_body: str
    place: str
    date: dt.date
    signer: tuple[str, ...]  # "TM. BAN THƯỜNG VỤ …", "BÍ THƯ", then the name


def put_text(ws: Worksheet, row: int, col: int, value: str, **style: object) -> None:
    """Text from inputs stays text: never a formula, whatever it starts with."""
    cell = ws.cell(row, col)
    cell.value = printable(value)
    cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)


def merged(ws: Worksheet, row: int, first: int, last: int, value: str, **style: object) -> None:
    put_text(ws, row, first, value, **style)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def title_block(
    ws: Worksheet,
    figures: Figures,
    heading: Heading | None,
    office: str | None,
    first: int,
    page_last: int,
) -> None:
    """The issuing body and the period on the left (repeated on every printed page with the unit
    columns), the national line, date and title on the first page; the period cells are the
    labelled cells the readers expect (`Kỳ báo cáo: …`, `Năm: …`, `Tính đến ngày: …`)."""
    left_last = first - 1
    right = first
    if heading is not None:
        if heading.parent_body:
            merged(ws, 1, 1, left_last, heading.parent_body.upper(), alignment=CENTRE)
        merged(ws, 2, 1, left_last, heading.issuing_body.upper(), alignment=CENTRE, font=BOLD)
        merged(ws, 3, 1, left_last, "***", alignment=CENTRE)
        merged(ws, 1, right, page_last, "ĐOÀN TNCS HỒ CHÍ MINH", alignment=CENTRE, font=BOLD)
        when = f"{heading.place}, {date_in_words(heading.date)}"
        merged(ws, 3, right, page_last, when, alignment=CENTRE, font=Font(italic=True))
    title = "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN ĐỀ ÁN 5299"
    merged(ws, 5, right, page_last, title, alignment=CENTRE, font=Font(bold=True, size=14))
    period = f"{period_title(figures.quarter)} năm {figures.year}"
    merged(ws, 6, right, page_last, period, alignment=CENTRE, font=Font(bold=True))
    italic = Font(italic=True)
    put_text(ws, 5, 2, f"Kỳ báo cáo: {period_title(figures.quarter)}", font=italic)
    put_text(ws, 5, 3, f"Năm: {figures.year}", font=italic)
    if figures.as_of:
        put_text(ws, 6, 2, f"Tính đến ngày: {figures.as_of:%d/%m/%Y}", font=italic)
    office_height = 16.0
    if office:  # read one level up as this office's one row (readers/consolidated.py)
        put_text(ws, 7, 2, "Đơn vị báo cáo", font=italic, alignment=Alignment(vertical="top"))
        # wrapped in its cell: pages after the first repeat only the unit columns, and cut it
        put_text(ws, 7, 3, office, font=italic, alignment=Alignment(wrap_text=True, vertical="top"))
        width = int(ws.column_dimensions[get_column_letter(3)].width or 9)
        office_height = max(office_height, wrapped_height(office, width - 2) or 0.0)
    # The title wraps onto two lines when the first page holds few indicator columns.
    room = sum(
        ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(right, page_last + 1)
    )
    title_height = 20 if room >= TITLE_ROOM else 38
    heights = ((1, 14), (2, 14), (3, 14), (4, 6), (5, title_height), (6, 16), (7, office_height))
    for row, height in heights:
        ws.row_dimensions[row].height = height


def notes_block(ws: Worksheet, figures: Figures, row: int, first: int, last: int) -> int:
    """Notes under the table on its last page (blank cells, colours, files left out); returns the
    next free row."""
    lines = [
        "Ghi chú: ô để trống là ô đơn vị không điền số liệu (có chú thích trong ô; khi cộng tính "
        "là 0); đơn vị chưa báo cáo hoặc số liệu chưa hợp lệ không có số liệu, không được cộng.",
        "Màu mức đạt: vàng — dưới chỉ tiêu; xanh — đạt/vượt chỉ tiêu; cam — số liệu bất "
        "thường (lý do ghi trong chú thích của ô), cần kiểm tra lại.",
    ]
    if figures.left_out:
        left = "; ".join(f"{u} ({f})" for u, f in figures.left_out)
        lines.append(f"Tệp có lỗi, chưa tổng hợp: {left}.")
    width = sum(
        ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(first, last + 1)
    )
    for line in lines:
        merged(ws, row, first, last, line, alignment=Alignment(wrap_text=True, vertical="top"))
        ws.row_dimensions[row].height = 13 * max(1, -(-len(line) // max(1, int(width * 1.1))))
        row += 1
    return row


def signature_block(ws: Worksheet, heading: Heading, row: int, first: int, last: int) -> int:
    """The signer's lines as in the report (TM., title, room to sign, name), on the last page;
    returns the name's row."""
    for k, line in enumerate(heading.signer):
        if k == len(heading.signer) - 1:
            ws.row_dimensions[row].height = 48  # room to sign
            row += 1
        merged(ws, row, first, last, line, alignment=CENTRE, font=BOLD)
        row += 1
    return row - 1
