"""The report's date from the settings, checked against the period it reports on."""

from __future__ import annotations

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.periods import date_text, period_bounds, period_name
from dean5299_cli.core.settings import LoadedSettings

_LATE_YEARS = 1  # a report may be issued up to a year after its quarter ends


def refuse_implausible_date(loaded: LoadedSettings, year: int, quarter: int) -> None:
    """ConfigError (exit 3) when `report.date` lies before the reported quarter begins or more
    than a year after it ends: a date typed wrong (1900, 9999) never heads a signed report."""
    date = loaded.settings.report.date
    if date is None:
        return
    first, end = period_bounds(year, quarter)
    last = end.replace(year=end.year + _LATE_YEARS)
    if first <= date < last:
        return
    period = period_name(year, quarter)
    raise ConfigError(
        f"Tệp {loaded.path}, khóa `report.date`: ngày báo cáo {date_text(date)} không hợp với "
        f"{period} (phải từ {date_text(first)} đến trước {date_text(last)}). Sửa ngày cho đúng, "
        "hoặc xóa dòng này để dùng ngày hôm nay."
    )
