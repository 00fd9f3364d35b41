"""A summary workbook read as its per-unit rows, for `audit --summary` (not as one office)."""

from __future__ import annotations

from pathlib import Path

from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.errors import InputError, UsageError
from dean5299_cli.core.records import RawFile, RawValue
from dean5299_cli.core.settings import LoadedSettings
from dean5299_cli.readers.consolidated import (
    LabelBook,
    find_head,
    table_rows,
)
from dean5299_cli.readers.files import read_grid_file
from dean5299_cli.readers.layout import table_header, unit_submissions


def summary_units(path: Path, labels: LabelBook) -> tuple[RawFile, dict[str, RawValue] | None]:
    """One submission per unit row of the first sheet with a unit table, and its total row; the
    title block's `Đơn vị báo cáo` (the office) is ignored: the rows are the units it adds up."""
    grids = read_grid_file(path)
    for grid in grids:
        head = find_head(grid, labels)
        if head is None:
            continue
        rows, total = table_rows(grid, head)
        subs = tuple(unit_submissions(grid, head, table_header(grid, head), rows))
        if subs:
            names = tuple(g.name for g in grids)
            return RawFile(path.name, submissions=subs, sheet_names=names), total
    raise InputError(
        f"Tệp {path.name}: không thấy bảng có cột «Đơn vị» và các cột chỉ tiêu "
        "(hãy dùng bảng tổng hợp do lệnh summary ghi ra)."
    )


def summary_report(
    summary: Path, loaded: LoadedSettings | None, year: int | None, quarter: int | None
) -> tuple[ValidationReport, dict[str, RawValue] | None]:
    """The period's validation report built from a summary workbook's unit rows; its total row."""
    from dean5299_cli.core.checks import judge
    from dean5299_cli.core.indicator_sets import export_labels, library_of

    if not summary.is_file():
        raise UsageError(f"Không tìm thấy tệp tổng hợp {summary}.", paths=(summary,))
    sets = library_of(loaded)
    settings = loaded.settings if loaded else None
    raw, total = summary_units(summary, export_labels(sets, settings))
    report = judge([raw], load_set=sets.load, settings=settings, year=year, quarter=quarter)
    if not report.current:  # comparing with nothing would call every figure wrong
        from dean5299_cli.core.periods import period_name

        raise InputError(
            f"Tệp {summary.name}: không có dòng đơn vị nào tính được cho "
            f"{period_name(report.year, report.quarter)} (bảng tổng hợp của kỳ khác, "
            "hoặc các dòng đều có lỗi: xem «dean5299 validate» với thư mục báo cáo)."
        )
    return report, total


def total_row_notes(
    summary: Path, total: dict[str, RawValue] | None, sums: dict[str, int]
) -> list[str]:
    """Where the summary's own total row differs from the sum of its unit rows that count."""
    from dean5299_cli.core.numbers import format_int
    from dean5299_cli.core.values import read_count

    notes = []
    for code, raw in (total or {}).items():
        written = read_count(raw, "").value if raw.value is not None else None
        if written is not None and code in sums and written != sums[code]:
            notes.append(
                f"Tệp {summary.name}, ô {raw.cell}: dòng tổng ghi {format_int(written)} ({code}), "
                f"tổng các dòng đơn vị là {format_int(sums[code])}; so báo cáo với tổng các dòng đơn vị."
            )
    return notes
