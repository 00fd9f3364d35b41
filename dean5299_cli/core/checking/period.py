"""Period stage: which period is being checked, and where each submission belongs to it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from enum import Enum

from dean5299_cli.core.checking.asof import LATE_AS_OF_DAYS
from dean5299_cli.core.checking.candidate import Candidate
from dean5299_cli.core.errors import UsageError
from dean5299_cli.core.indicators import default_year
from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.periods import ROMAN, month_of, period_bounds, period_name, same_kind
from dean5299_cli.core.problems import Problem, problem
from dean5299_cli.core.units import unit_key


class Place(str, Enum):
    CURRENT = "current"  # the period asked
    HISTORY = "history"  # an earlier period of the same kind (quarter or month) and year
    PAST = "past"  # an earlier year: history too, set aside (figures restart each year)
    OTHER = "other"  # a later year or period, a month in a quarter run: a period mismatch
    UNKNOWN = "unknown"  # the period could not be read
    # a later period beside the unit's report of the asked one (its quý IV sheet by its quý
    # III's): not this report, set aside unchecked and said (`later_beside`)
    LATER = "later"


def choose_period(
    cands: Sequence[Candidate],
    year: int | None,
    quarter: int | None,
    today: dt.date,
    has_set: Callable[[int], bool] = lambda _: True,
) -> tuple[int, int]:
    """The asked period, or the one most submissions say (the latest quarter of that year: months
    are reported only when asked). The year most files carry is chosen even without an indicator
    set (the caller then says there is none): another year's set would tell every unit it sent
    the wrong period. A year fewer files carry (a typing slip) never wins a tie over one with
    a set. Each unit votes once, for the latest year it sent (`_year_votes`): last year's
    reports kept in the folder are its history, and never outvote this year's."""
    if year is None:
        known = {y: has_set(y) for y in {c.year for c in cands if c.year is not None}}
        years = _year_votes(cands, quarter)
        year = (
            max(years, key=lambda y: (years[y], known[y], y)) if years else default_year(today.year)
        )
    if quarter is None:
        quarters = _quarter_votes(cands, year)
        if not quarters:
            _refuse_months_only(cands, year)
        quarter = (
            max(quarters, key=lambda q: (quarters[q], q))
            if quarters
            else (today.month - 1) // 3 + 1
        )
    return year, quarter


def _quarter_votes(cands: Sequence[Candidate], year: int) -> Counter[int]:
    """Quarters of `year` by the units that carry them: a unit counts once, at the latest
    quarter it sent (a file of no known unit counts for itself). The latest quarter any file
    carried was chosen: one unit's next-quarter tab beside its report made every other unit's
    report "gửi nhầm"."""
    latest = _latest_quarters(cands, year)
    return Counter(q for _, q in latest)


def _latest_quarters(cands: Sequence[Candidate], year: int) -> list[tuple[str, int]]:
    """(unit, its latest quarter of `year`), a file of no known unit as its own."""
    latest: dict[str, tuple[str, int]] = {}
    for c in cands:
        if c.year != year or c.quarter not in (1, 2, 3, 4):
            continue
        key = unit_key(c.unit) if c.unit else f"\0{c.file}"
        unit = c.unit or f'tệp "{c.file}"'
        if key not in latest or latest[key][1] < c.quarter:
            latest[key] = (unit, c.quarter)
    return list(latest.values())


MAX_UNITS_NAMED = 3


def quarter_notice(cands: Sequence[Candidate], year: int, quarter: int) -> list[Problem]:
    """The quarter chosen for the clerk, said first when some units already sent a later one
    (their quarter is then asked with --quarter); nothing when every unit's latest is it."""
    latest = _latest_quarters(cands, year)
    later = [(u, q) for u, q in latest if q > quarter]
    if not later:
        return []
    nearest = min(q for _, q in later)
    names = [u for u, q in later if q == nearest]
    shown = ", ".join(names[:MAX_UNITS_NAMED])
    if len(names) > MAX_UNITS_NAMED:
        shown += f" và {format_int(len(names) - MAX_UNITS_NAMED)} đơn vị khác"
    return [
        problem(
            "quarter-chosen",
            "",
            asked=period_name(year, quarter),
            count=format_int(sum(1 for _, q in latest if q == quarter)),
            later_count=format_int(len(names)),
            later=period_name(year, nearest),
            units=shown,
            roman=ROMAN[nearest],
        )
    ]


def _year_votes(cands: Sequence[Candidate], quarter: int | None) -> Counter[int]:
    """Years by the units that carry them: a unit counts once, at the latest year it sent (a
    file of no known unit counts for itself). With a period asked, only the files of that
    period vote when some do: in quý I, the units yet to send it would vote for last year."""
    if quarter is not None and any(c.quarter == quarter for c in cands if c.year is not None):
        cands = [c for c in cands if c.quarter == quarter]
    latest: dict[str, int] = {}
    loose: list[int] = []
    for c in cands:
        if c.year is None:
            continue
        if c.unit is None:
            loose.append(c.year)
        else:
            key = unit_key(c.unit)
            latest[key] = max(latest.get(key, c.year), c.year)
    return Counter([*latest.values(), *loose])


def _refuse_months_only(cands: Sequence[Candidate], year: int) -> None:
    """A folder of monthly files only, no period asked: the quarter of today's date would make
    every file a period mismatch (each unit told it sent the wrong report, a report of 0 units);
    a month is never chosen for the clerk either, so the run stops and says what to write."""
    months = sorted(
        {m for c in cands if c.year == year and c.quarter and (m := month_of(c.quarter))}
    )
    if not months:
        return
    named = ", ".join(str(m) for m in months)
    raise UsageError(
        f"Các tệp năm {year} trong thư mục là báo cáo tháng (tháng {named}), không có báo cáo "
        f"quý: ghi kỳ cần tổng hợp, ví dụ --month {months[-1]} (báo cáo tháng {months[-1]}), "
        "hoặc --quarter nếu tổng hợp theo quý."
    )


def place_of(c: Candidate, year: int, quarter: int) -> Place:
    if c.year is not None and c.year < year and not _dated_later(c, year):
        return Place.PAST
    if c.year is None or c.quarter is None:
        return Place.UNKNOWN
    if c.year != year or not same_kind(c.quarter, quarter) or c.quarter > quarter:
        return Place.OTHER
    return Place.HISTORY if c.quarter < quarter else Place.CURRENT


def _dated_later(c: Candidate, year: int) -> bool:
    """A file whose year cell says an earlier year but whose "Tính đến ngày" falls in the year
    checked (or after it), past its own period: a slip in the year cell (this year's report),
    never set aside as last year's. A report of quý IV dated early in January of the next year
    is still its own period's (`LATE_AS_OF_DAYS`), and stays last year's."""
    as_of = c.as_of
    if as_of is None or as_of.year < year or c.year is None:
        return False
    end = period_bounds(c.year, c.quarter)[1] if c.quarter else dt.date(c.year + 1, 1, 1)
    return (as_of - end).days >= LATE_AS_OF_DAYS


def _later(c: Candidate, year: int, quarter: int) -> bool:
    """A report of a period after the asked one: a later year, or a later one of its kind."""
    if c.year is None or c.quarter is None:
        return False
    if c.year != year:
        return c.year > year
    return same_kind(c.quarter, quarter) and c.quarter > quarter


def later_beside(
    cands: Sequence[Candidate], places: dict[int, Place], year: int, quarter: int
) -> dict[int, Place]:
    """`places` with each later period's report of a unit that also sent one of the asked
    period (a sheet or a file beside it) as LATER: not this report, nothing the unit must fix
    now (was a period mismatch, "sửa 1 lỗi" though the unit was counted). A unit's only report,
    of a later period, stays the mismatch it is: what it sent is not the report asked."""
    asked = {unit_key(c.unit) for c in cands if places[id(c)] is Place.CURRENT and c.unit}
    return {
        id(c): Place.LATER
        if places[id(c)] is Place.OTHER
        and c.unit
        and unit_key(c.unit) in asked
        and _later(c, year, quarter)
        else places[id(c)]
        for c in cands
    }


def mark_later(c: Candidate, year: int, quarter: int) -> None:
    """A later period's report beside the unit's report of the asked one: said once, in place
    of whatever was found in it (it is checked when its own period is)."""
    c.problems.clear()
    c.add(
        "later-period",
        what=f"Trang {c.sheet_shown}" if c.several_sheets else "Tệp này",
        found=period_name(c.year, c.quarter) if c.year and c.quarter else "",
        asked=period_name(year, quarter),
    )


def mark_mismatch(c: Candidate, year: int, quarter: int) -> None:
    """A file of another period is an error that quotes both periods; a sheet of a workbook
    with several is named by its sheet, as `later-period` and `earlier-sheet` name it (was
    "Tệp báo cáo …" for a sheet beside another unit's counted one)."""
    if c.year is None or c.quarter is None:
        return
    where = c.raw.quarter or c.raw.year
    c.add(
        "period-mismatch",
        cell=where.cell if where else None,
        what=f"Trang {c.sheet_shown}" if c.several_sheets else "Tệp",
        found=period_name(c.year, c.quarter),
        asked=period_name(year, quarter),
    )


def mark_earlier_sheet(c: Candidate, year: int, quarter: int) -> None:
    """An earlier period's sheet kept in a workbook beside others (last quarter's, left first):
    said, as read for comparisons only, so that no sheet of a file is passed over silently."""
    if not c.several_sheets or c.year is None or c.quarter is None:
        return
    c.add(
        "earlier-sheet",
        sheet_name=c.sheet_shown,
        found=period_name(c.year, c.quarter),
        asked=period_name(year, quarter),
    )


def set_aside_note(past: Sequence[Candidate], year: int) -> list[Problem]:
    """One line for all the earlier years' reports set aside (none when there are none): a line
    per file, on every run of a year kept in the folder, would only be noise."""
    files = sorted({c.file for c in past})
    if not files:
        return []
    years = sorted({c.year for c in past if c.year is not None})
    named = " và ".join(", ".join(str(y) for y in years).rsplit(", ", 1))
    return [problem("earlier-year-files", "", count=format_int(len(files)), years=named, year=str(year))]
