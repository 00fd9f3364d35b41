"""As-of stage: a "Tính đến ngày" outside the reported period, or in the future, is named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dean5299_cli.core.periods import date_text, period_bounds, period_name
from dean5299_cli.core.records import RawSubmission

LATE_AS_OF_DAYS = 31  # an as-of date a month after the quarter's end is still that quarter's report


def day_text(day: dt.date) -> str:
    return date_text(day)


def check_as_of(
    raw: RawSubmission,
    as_of: dt.date,
    year: int | None,
    quarter: int | None,
    today: dt.date,
    add: Callable[..., None],
) -> None:
    """An as-of date outside the reported period, or in the future, is named with its value."""
    cell = raw.as_of.cell if raw.as_of else None
    why = as_of_problem(as_of, year, quarter, today)
    if why:
        add("suspect-as-of", cell, None, value=day_text(as_of), why=why)


def as_of_problem(
    as_of: dt.date, year: int | None, quarter: int | None, today: dt.date | None
) -> str | None:
    """Why an as-of date does not fit the period (the future, another year, outside the
    quarter), or None: one rule for a unit's file and for the date a form is pre-filled with
    (`today` None: the future is not judged, as for a form sent before its period ends)."""
    if today is not None and as_of > today:
        return f"sau ngày hôm nay ({day_text(today)})"
    if year is None:
        return None
    if quarter is None:
        return None if as_of.year == year else f"không thuộc năm báo cáo {year}"
    start, end = period_bounds(year, quarter)
    if start <= as_of and (as_of - end).days < LATE_AS_OF_DAYS:
        return None  # quý IV signed early in January of the next year is still its report
    if as_of.year != year:
        return f"không thuộc năm báo cáo {year}"
    return f"nằm ngoài {period_name(year, quarter)}"
