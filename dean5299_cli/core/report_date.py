"""The dates an office writes about a period (the report's date, a deadline in the reminders),
checked against the period: one window for all of them."""

from __future__ import annotations

import datetime as dt

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.periods import date_text, period_bounds, period_name
from dean5299_cli.core.settings import LoadedSettings

_LATE_YEARS = 1  # a report may be issued up to a year after its period ends


def issue_window(year: int, quarter: int | None) -> tuple[dt.date, dt.date]:
    """The first day a date about the period may be, and the first day it may no longer be: from
    the period's first day to a year after it ends (the whole year when no period is given)."""
    if quarter:
        first, end = period_bounds(year, quarter)
    else:
        first, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    return first, end.replace(year=end.year + _LATE_YEARS)


def outside_window(day: dt.date, year: int, quarter: int | None) -> str | None:
    """None when `day` fits the period; else why not, as a clause for a message: a date typed
    wrong (1900, 9999, 01/01/0001) never heads a signed report or a reminder."""
    first, last = issue_window(year, quarter)
    if first <= day < last:
        return None
    period = period_name(year, quarter) if quarter else f"năm {year}"
    return f"không hợp với {period} (phải từ {date_text(first)} đến trước {date_text(last)})"


def refuse_implausible_date(loaded: LoadedSettings, year: int, quarter: int) -> None:
    """ConfigError (exit 3) when `report.date` is outside the period's window."""
    date = loaded.settings.report.date
    why = None if date is None else outside_window(date, year, quarter)
    if date is None or why is None:
        return
    raise ConfigError(
        f"Tệp {loaded.path}, khóa `report.date`: ngày báo cáo {date_text(date)} {why}. Sửa ngày "
        "cho đúng, hoặc xóa dòng này để dùng ngày hôm nay.",
        paths=(loaded.path,),
    )
