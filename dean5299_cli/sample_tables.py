"""Write tables of one row per unit, as the provincial reporting system exports them (examples, tests)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.writers.sheets import CellValue, first_sheet


def write_export(
    path: Path,
    ind_set: IndicatorSet,
    rows: Sequence[tuple[str, Mapping[str, int]]],
    *,
    title: str,
    titles: Mapping[str, str] | None = None,
    total_label: str | None = None,
) -> None:
    """One row per unit under Vietnamese column titles (each field's label, or `titles[code]`),
    no field codes; a total row at the end when `total_label` is given."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = first_sheet(wb, "Sheet1")
    ws["A1"] = title
    codes = ind_set.field_codes
    header = ["STT", "Tên đơn vị", *[(titles or {}).get(c, ind_set.field(c).label) for c in codes]]
    for c, text in enumerate(header, start=1):
        ws.cell(3, c, text)
    for i, (unit, values) in enumerate(rows, start=1):
        ws.cell(3 + i, 1, i)
        ws.cell(3 + i, 2, unit)
        for c, code in enumerate(codes, start=3):
            ws.cell(3 + i, c, values.get(code, 0))
    if total_label:
        r = 4 + len(rows)
        ws.cell(r, 2, total_label)
        for c, code in enumerate(codes, start=3):
            ws.cell(r, c, sum(v.get(code, 0) for _, v in rows))
    wb.save(path)


def write_office_table(
    path: Path,
    ind_set: IndicatorSet,
    office: str,
    rows: Sequence[tuple[str, Mapping[str, int]]],
    *,
    year: int,
    quarter_text: str,
) -> None:
    """An office's own table of its member units, its name in the title block (`Đơn vị báo
    cáo`), field codes as column headers and a total row: read one level up as that office."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = first_sheet(wb, "Tổng hợp")
    ws["A1"] = f"TỔNG HỢP KẾT QUẢ THỰC HIỆN ĐỀ ÁN 5299 {quarter_text.upper()} NĂM {year}"
    title_rows: tuple[tuple[str, CellValue], ...] = (
        ("Năm", year),
        ("Kỳ báo cáo", quarter_text),
        ("Đơn vị báo cáo", office),
    )
    for r, (label, value) in enumerate(title_rows, start=2):
        ws.cell(r, 2, label)
        ws.cell(r, 3, value)
    codes = ind_set.field_codes
    for c, text in enumerate(["STT", "Đơn vị", *codes], start=1):
        ws.cell(6, c, text)
    for i, (unit, values) in enumerate(rows, start=1):
        ws.cell(6 + i, 1, i)
        ws.cell(6 + i, 2, unit)
        for c, code in enumerate(codes, start=3):
            ws.cell(6 + i, c, values.get(code, 0))
    r = 7 + len(rows)
    ws.cell(r, 2, "Tổng cộng")
    for c, code in enumerate(codes, start=3):
        ws.cell(r, c, sum(v.get(code, 0) for _, v in rows))
    wb.save(path)
