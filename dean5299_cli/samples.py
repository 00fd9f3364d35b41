"""Write submission workbooks in the many shapes units send them: for examples, tests, benchmarks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.periods import ROMAN
from dean5299_cli.writers.sheets import first_sheet

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


@dataclass(frozen=True)
class Layout:
    """How a unit laid out its sheet. The default is the shipped form's shape."""

    row_offset: int = 0  # rows inserted above everything
    col_offset: int = 0  # columns inserted on the left
    reverse_rows: bool = False  # data rows in another order
    blank_every: int = 0  # a blank row after every N data rows
    value_shift: bool = False  # value one cell to the right of the `Số liệu` column (merged header)
    text_numbers: bool = False  # numbers typed as text, Vietnamese style (8.529)
    sheet_name: str = "Báo cáo"
    extra_sheet_first: bool = False  # an unrelated sheet before the data sheet
    total_row: bool = False  # a "Tổng cộng" row the unit added
    quarter_text: str | None = None  # how the period is written; default `Quý IV`
    date_as_text: bool = False
    unit_label: str = "Đơn vị"


def _quarter_text(quarter: int, layout: Layout) -> str:
    return (
        layout.quarter_text.format(q=quarter, r=ROMAN[quarter])
        if layout.quarter_text
        else f"Quý {ROMAN[quarter]}"
    )


def write_submission(
    path: Path,
    ind_set: IndicatorSet,
    *,
    unit: str,
    quarter: int,
    as_of: dt.date,
    values: dict[str, Any],
    layout: Layout = Layout(),
    year: int | None = None,
) -> None:
    """Write one unit's submission to `path` (.xlsx or .xlsm) with openpyxl."""
    from openpyxl import Workbook

    wb = Workbook()
    if layout.extra_sheet_first:
        notes = first_sheet(wb, "Ghi chú")
        notes["A1"] = "Số liệu do Đoàn xã tổng hợp"
        ws: Worksheet = wb.create_sheet(layout.sheet_name)
    else:
        ws = first_sheet(wb, layout.sheet_name)
    r0, c0 = 1 + layout.row_offset, 1 + layout.col_offset

    def put(r: int, c: int, value: Any) -> None:
        ws.cell(r0 + r, c0 + c, value)

    put(0, 0, f"BÁO CÁO ĐỀ ÁN 5299 NĂM {year or ind_set.year}")
    put(2, 1, f"{layout.unit_label}:")
    put(2, 2, unit)
    put(3, 1, "Năm")
    put(3, 2, year or ind_set.year)
    put(4, 1, "Kỳ báo cáo")
    put(4, 2, _quarter_text(quarter, layout))
    put(5, 1, "Tính đến ngày")
    put(5, 2, as_of.strftime("%d/%m/%Y") if layout.date_as_text else as_of)
    head = 7
    value_col = 4
    for c, title in enumerate(["STT", "Nội dung", "Mã", "Đơn vị tính", "Số liệu", "Ghi chú"]):
        put(head, c if c < 5 or not layout.value_shift else c + 1, title)
    if layout.value_shift:
        ws.merge_cells(
            start_row=r0 + head,
            start_column=c0 + value_col,
            end_row=r0 + head,
            end_column=c0 + value_col + 1,
        )
    codes = [f.code for f in ind_set.fields if f.code in values]
    if layout.reverse_rows:
        codes.reverse()
    r = head + 1
    for i, code in enumerate(codes, start=1):
        fdef = ind_set.field(code)
        value = values[code]
        if layout.text_numbers and isinstance(value, int):
            value = format_int(value)
        put(r, 0, i)
        put(r, 1, fdef.label)
        put(r, 2, code)
        put(r, 3, fdef.unit or "")
        put(r, value_col + (1 if layout.value_shift else 0), value)
        r += 1
        if layout.blank_every and i % layout.blank_every == 0:
            r += 1
    if layout.total_row:
        put(r, 1, "Tổng cộng")
        put(r, value_col, sum(v for v in values.values() if isinstance(v, int)))
    wb.save(path)


LAYOUTS = [
    Layout(),
    Layout(row_offset=3, col_offset=2, reverse_rows=True),
    Layout(blank_every=2, value_shift=True, sheet_name="Sheet1"),
    Layout(text_numbers=True, extra_sheet_first=True, quarter_text="Q{q}", date_as_text=True),
    Layout(total_row=True, quarter_text="{r}", unit_label="Tên đơn vị"),
]


def split_total(total: int, weights: list[int]) -> list[int]:
    """Split `total` into integer shares proportional to `weights` that add up exactly."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    remainder = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: -((total * weights[i]) % whole))
    for i in order[:remainder]:
        shares[i] += 1
    return shares
