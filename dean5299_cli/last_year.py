"""Read last year's summary workbook (`report --nam-truoc`) into the office totals of that quarter."""

from __future__ import annotations

from pathlib import Path

from dean5299_cli.core.errors import InputError, UsageError
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.periods import parse_quarter, parse_year, quarter_label
from dean5299_cli.core.records import RawSubmission
from dean5299_cli.core.report_progress import LastYear
from dean5299_cli.core.values import read_count


def _period(sub: RawSubmission, year: int, quarter: int, name: str) -> None:
    """Refuse a workbook of another period than the same quarter of last year."""
    found_year = parse_year(sub.year.value) if sub.year is not None else None
    found_quarter = parse_quarter(sub.quarter.value) if sub.quarter is not None else None
    if found_year is not None and found_year != year - 1:
        raise InputError(
            f"Tệp năm trước {name} là số liệu năm {found_year}, không phải năm {year - 1} "
            f"(cùng kỳ của {quarter_label(quarter)} năm {year})."
        )
    if found_quarter is not None and found_quarter != quarter:
        raise InputError(
            f"Tệp năm trước {name} là số liệu {quarter_label(found_quarter)}, không cùng kỳ "
            f"với báo cáo {quarter_label(quarter)} năm {year}."
        )


def read_last_year(path: Path, ind_set: IndicatorSet, year: int, quarter: int) -> LastYear:
    """The office totals of `path` (a summary this program wrote, or any consolidated sheet)."""
    from dean5299_cli.readers.files import read_file

    if not path.is_file():
        raise UsageError(f"Không tìm thấy tệp tổng hợp năm trước {path}.")
    raw = read_file(path, path.name)
    if raw.refused_code is not None or not raw.submissions:
        why = f" ({raw.refused_reason})" if raw.refused_reason else ""
        raise InputError(
            f"Không đọc được số liệu trong tệp tổng hợp năm trước {path.name}{why}: cần bảng "
            "tổng hợp có cột «Đơn vị» và các mã chỉ tiêu."
        )
    totals: dict[str, int] = {}
    for sub in raw.submissions:
        _period(sub, year, quarter, path.name)
        for ind in ind_set.indicators:
            cell = sub.values.get(ind.code)
            if cell is None:
                continue
            read = read_count(cell, ind.short)
            if read.value is None:
                raise InputError(
                    f"Tệp năm trước {path.name}, trang «{sub.sheet}», ô {cell.cell}: "
                    f"«{cell.value}» không phải số đếm hợp lệ của chỉ tiêu {ind.number}."
                )
            totals[ind.code] = totals.get(ind.code, 0) + read.value
    if not totals:
        raise InputError(
            f"Tệp tổng hợp năm trước {path.name} không có mã chỉ tiêu nào của năm {year}."
        )
    return LastYear(year - 1, quarter, totals)
