"""A summary workbook read as its per-unit rows, for `audit --summary` (not as one office)."""

from __future__ import annotations

from pathlib import Path

from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.errors import InputError, UsageError
from dean5299_cli.core.records import RawFile, RawSubmission, RawValue
from dean5299_cli.core.settings import LoadedSettings
from dean5299_cli.readers.consolidated import (
    LabelBook,
    find_head,
    period_from_title,
    table_rows,
)
from dean5299_cli.readers.files import read_grid_file
from dean5299_cli.readers.layout import find_header
from dean5299_cli.readers.workbook import cell_ref


def summary_units(path: Path, labels: LabelBook) -> RawFile:
    """One submission per unit row of the first sheet with a unit table; the title block's
    `Đơn vị báo cáo` (the office) is ignored: the rows are the units the office adds up."""
    grids = read_grid_file(path)
    for grid in grids:
        head = find_head(grid, labels)
        if head is None:
            continue
        header = {**period_from_title(grid, head.row), **find_header(grid, stop_row=head.row)}
        rows, _total = table_rows(grid, head)
        code_cells = tuple(RawValue(code, cell_ref(head.row, c)) for c, code in head.columns.items())
        subs = tuple(
            RawSubmission(
                sheet=grid.name,
                unit=unit,
                year=header.get("year"),
                quarter=header.get("quarter"),
                as_of=header.get("as_of"),
                values=values,
                code_cells=code_cells,
                consolidated=True,
            )
            for unit, values in rows
        )
        if subs:
            return RawFile(path.name, submissions=subs, sheet_names=tuple(g.name for g in grids))
    raise InputError(
        f"Tệp {path.name}: không thấy bảng có cột «Đơn vị» và các cột chỉ tiêu "
        "(hãy dùng bảng tổng hợp do lệnh summary ghi ra)."
    )


def summary_report(
    summary: Path, loaded: LoadedSettings | None, year: int | None, quarter: int | None
) -> ValidationReport:
    """The period's validation report built from a summary workbook's unit rows."""
    from dean5299_cli.core.checks import judge
    from dean5299_cli.core.indicator_sets import export_labels, library_of

    if not summary.is_file():
        raise UsageError(f"Không tìm thấy tệp tổng hợp {summary}.")
    sets = library_of(loaded)
    settings = loaded.settings if loaded else None
    raw = summary_units(summary, export_labels(sets, settings))
    report = judge([raw], load_set=sets.load, settings=settings, year=year, quarter=quarter)
    if not report.current:  # comparing with nothing would call every figure wrong
        from dean5299_cli.core.periods import quarter_label

        raise InputError(
            f"Tệp {summary.name}: không có dòng đơn vị nào tính được cho "
            f"{quarter_label(report.quarter)} năm {report.year} (bảng tổng hợp của kỳ khác, "
            "hoặc các dòng đều có lỗi: xem «dean5299 validate» với thư mục báo cáo)."
        )
    return report
