"""Read last year's summary workbook (`report --nam-truoc`) into the office totals of that quarter."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from dean5299_cli.core.checking.asof import LATE_AS_OF_DAYS
from dean5299_cli.core.errors import InputError, UsageError
from dean5299_cli.core.indicators import IndicatorSet, Kind
from dean5299_cli.core.periods import (
    parse_date,
    parse_quarter,
    parse_year,
    period_bounds,
    period_name,
    period_slug,
    quarter_label,
)
from dean5299_cli.core.records import RawFile, RawSubmission
from dean5299_cli.core.report_progress import LastYear, match_last_year
from dean5299_cli.core.units import UnitDirectory, unit_key
from dean5299_cli.core.values import read_count


def _period(sub: RawSubmission, year: int, quarter: int, name: str) -> None:
    """Refuse a workbook of another period than the same quarter of last year."""
    found_year = parse_year(sub.year.value) if sub.year is not None else None
    found_quarter = parse_quarter(sub.quarter.value) if sub.quarter is not None else None
    if found_year is not None and found_year != year - 1:
        raise InputError(
            f"Tệp năm trước {name} là số liệu năm {found_year}, không phải năm {year - 1} "
            f"(cùng kỳ của {period_name(year, quarter)})."
        )
    if found_quarter is not None and found_quarter != quarter:
        raise InputError(
            f"Tệp năm trước {name} là số liệu {quarter_label(found_quarter)}, không cùng kỳ "
            f"với báo cáo {period_name(year, quarter)}."
        )


def _one_sheet(raw: RawFile, year: int, quarter: int, name: str) -> tuple[RawSubmission, ...]:
    """The submissions to add up: a workbook with several sheets of figures (each a whole
    report, or a summary table: one sheet a quarter of last year) gives the sheet of the same
    quarter of last year; two such are never added up, and a workbook with none is refused as
    such (was: told to keep one sheet, which would then be refused as another period's; and
    of summary tables the first sheet alone was read: quý III's figures compared as quý IV's
    when no sheet wrote its period)."""
    sheets = tuple(dict.fromkeys(s.sheet for s in raw.submissions))
    if len(sheets) < 2:
        return raw.submissions
    same = [s for s in raw.submissions if _same_period(s, year - 1, quarter, name)]
    matching = tuple(dict.fromkeys(s.sheet for s in same))  # by sheet: a sheet may hold rows
    if len(matching) == 1:
        return tuple(same)
    period = period_name(year - 1, quarter)
    if not matching:
        yearless = {
            s.sheet
            for s in raw.submissions
            if _written_year(s) is None and _quarter(s) == quarter
        }
        periodless = {s.sheet for s in raw.submissions if _quarter(s) is None}
        named = ", ".join(
            f"«{s}»"
            + (" (không ghi năm)" if s in yearless else "")
            + (" (không ghi kỳ báo cáo)" if s in periodless else "")
            for s in sheets
        )
        raise InputError(
            f"Tệp năm trước {name} có {len(sheets)} trang số liệu ({named}), không trang nào là "
            f"số liệu {period}: thêm trang số liệu {period} hoặc chọn tệp khác rồi chạy lại."
        )
    units = _units_of(same)
    if len(units) > 1:  # forms of several units, not two versions of the office's figures
        named = ", ".join(f"«{sheet}»: {unit}" for sheet, unit in units.values())
        raise InputError(
            f"Tệp năm trước {name} có {len(matching)} trang số liệu {period} của "
            f"{len(units)} đơn vị khác nhau ({named}): đó là báo cáo của từng đơn vị, không phải "
            "số liệu tổng hợp. Hãy chọn bảng tổng hợp năm trước (tệp do lệnh summary hoặc report "
            f"ghi, ví dụ tong-hop-5299-{year - 1}-{period_slug(quarter)}.xlsx) rồi chạy lại."
        )
    named = ", ".join(f"«{s}»" for s in matching)
    raise InputError(
        f"Tệp năm trước {name} có {len(matching)} trang số liệu {period} ({named}), không biết "
        "dùng trang nào: giữ một trang đúng rồi chạy lại."
    )


def _units_of(subs: list[RawSubmission]) -> dict[str, tuple[str, str]]:
    """The units named by whole report forms (not rows of a summary table): unit key →
    (first sheet naming it, the name as written)."""
    units: dict[str, tuple[str, str]] = {}
    for sub in subs:
        written = str(sub.unit.value).strip() if sub.unit is not None and sub.unit.value else ""
        if written and not sub.consolidated:
            units.setdefault(unit_key(written), (sub.sheet, written))
    return units


def _same_period(sub: RawSubmission, year: int, quarter: int, name: str) -> bool:
    """`sub` says it is of `quarter` of `year`: the quarter written, and the year written, or,
    with none written, its date "Tính đến ngày" in that quarter (or the month after it), or else
    the file's name giving that year alone (`nam-2022.xlsx`). A single sheet with no year
    written is taken (`_period` refuses only a year written); one of several was never taken,
    though the clerk had named the file as last year's."""
    if _quarter(sub) != quarter:
        return False
    written = _written_year(sub)
    if written is not None:
        return written == year
    as_of = parse_date(sub.as_of.value) if sub.as_of is not None else None
    if as_of is not None:
        start, end = period_bounds(year, quarter)
        return start <= as_of < end + dt.timedelta(days=LATE_AS_OF_DAYS)
    return set(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", name)) == {str(year)}


def _written_year(sub: RawSubmission) -> int | None:
    return parse_year(sub.year.value) if sub.year is not None else None


def _quarter(sub: RawSubmission) -> int | None:
    return parse_quarter(sub.quarter.value) if sub.quarter is not None else None


def _member_form(subs: tuple[RawSubmission, ...], members: UnitDirectory | None, name: str) -> None:
    """Refuse one member unit's own report form given as last year's figures of the whole
    office: compared as the office's, it made "tăng 8.029, từ 500 lên 8.529" of one commune."""
    if not members:
        return
    for sub in subs:
        written = str(sub.unit.value).strip() if sub.unit is not None and sub.unit.value else ""
        unit = members.match(written).name if written and not sub.consolidated else None
        if unit is not None:
            assert sub.unit is not None
            raise InputError(
                f"Tệp năm trước {name} là báo cáo của {unit} (trang «{sub.sheet}», ô "
                f"{sub.unit.cell}), một đơn vị trực thuộc, không phải số liệu tổng hợp. Hãy chọn "
                "bảng tổng hợp năm trước (tệp do lệnh summary hoặc report ghi) rồi chạy lại."
            )


def _read_totals(
    path: Path, codes: dict[str, str], year: int, quarter: int, members: UnitDirectory | None
) -> dict[str, int]:
    """Field code → the sum over the file's rows (an office summary gives one row, its total)."""
    from dean5299_cli.readers.files import read_file

    if not path.is_file():
        raise UsageError(f"Không tìm thấy tệp tổng hợp năm trước {path}.", paths=(path,))
    raw = read_file(path, path.name)
    if raw.refused_code is not None or not raw.submissions:
        why = f" ({raw.refused_reason})" if raw.refused_reason else ""
        raise InputError(
            f"Không đọc được số liệu trong tệp tổng hợp năm trước {path.name}{why}: cần bảng "
            "tổng hợp có cột «Đơn vị» và các mã chỉ tiêu."
        )
    totals: dict[str, int] = {}
    chosen = _one_sheet(raw, year, quarter, path.name)
    _member_form(chosen, members, path.name)
    for sub in chosen:
        _period(sub, year, quarter, path.name)
        for code, label in codes.items():
            cell = sub.values.get(code)
            if cell is None:
                continue
            read = read_count(cell, label)
            if read.value is None:
                raise InputError(
                    f"Tệp năm trước {path.name}, trang «{sub.sheet}», ô {cell.cell}: "
                    f"«{cell.value}» không phải số đếm hợp lệ ({label}, mã {code})."
                )
            totals[code] = totals.get(code, 0) + read.value
    return totals


def read_last_year(
    path: Path,
    this: IndicatorSet,
    last: IndicatorSet,
    year: int,
    quarter: int,
    members: UnitDirectory | None = None,
) -> LastYear:
    """Last year's figures of `path`, read with last year's set and matched to this year's;
    `members`: the office's member units, whose own forms are not the office's figures."""
    matched = match_last_year(this, last)
    codes = {old.code: f"chỉ tiêu {old.number} năm {year - 1}" for old in matched.values()}
    totals = _read_totals(path, codes, year, quarter, members)
    found: dict[int, int] = {}
    left: list[str] = []
    for ind in this.indicators:
        old = matched.get(ind.number)
        if old is not None and old.code in totals:
            found[ind.number] = totals[old.code]
        elif ind.kind in (Kind.COUNT, Kind.PER_UNIT_MINIMUM):
            why = "không có chỉ tiêu cùng tên" if old is None else f"tệp không có mã {old.code}"
            left.append(
                f"Chỉ tiêu {ind.number} («{ind.short}»): {why} năm {year - 1} trong "
                f"{path.name}, báo cáo không so sánh cùng kỳ."
            )
    if not found:
        raise InputError(
            f"Tệp tổng hợp năm trước {path.name} không có số liệu nào so sánh được với các chỉ "
            f"tiêu năm {year} (các chỉ tiêu được ghép theo tên, vì số thứ tự đổi theo năm)."
        )
    return LastYear(year - 1, quarter, found, tuple(left))
