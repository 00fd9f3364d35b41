"""Header stage: unit, year, period and as-of date of one raw submission, judged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from dean5299_cli.core.checking.asof import check_as_of, day_text
from dean5299_cli.core.periods import (
    month_code,
    parse_date,
    parse_year,
    period_bounds,
    period_code,
    quarter_label,
)
from dean5299_cli.core.problems import PERIOD_EXPECTED, Problem, problem
from dean5299_cli.core.records import RawSubmission, RawValue
from dean5299_cli.core.text import clean_spaces
from dean5299_cli.core.units import Loose, UnitDirectory


@dataclass(frozen=True)
class Header:
    """The header of a submission: what it says, and what was wrong with it."""

    unit: str | None  # canonical name (None when unknown)
    written_unit: str | None  # as written in the file
    suggestion: str | None  # the closest unit of the list when `unit` is None
    year: int | None
    quarter: int | None
    as_of: dt.date | None
    problems: tuple[Problem, ...] = ()


def _text(raw: RawValue | None) -> str:
    """The cell's value as text ("" for no cell or a blank one)."""
    if raw is None or raw.value is None:
        return ""
    value = raw.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 3000.0 as a spreadsheet stores it is shown as 3000
    return clean_spaces(str(value))[:200]


def _unit(
    raw: RawSubmission, directory: UnitDirectory | None, add: _Add, on: dt.date | None
) -> tuple[str | None, str | None, str | None]:
    """(canonical name, name as written, suggestion); `on`: the day the report speaks of, up
    to which a former name is still the unit's."""
    text = _text(raw.unit)
    if not text:
        where = raw.unit.cell if raw.unit is not None else None  # a table row's blank name cell
        add("missing-header", where, None, what="đơn vị", label="Đơn vị")
        return None, None, None
    if not directory:
        return text, text, None
    match = directory.match(text, on=on)
    if match.name is not None:
        if match.loose is not None:
            _loose(match.loose, match.name, text, raw.unit.cell if raw.unit else None, add)
        return match.name, text, None
    if match.no_unit:  # was: unknown-unit, `Có phải là "Xã Canh Vinh"?` for a bare prefix
        add("not-a-unit-name", raw.unit.cell if raw.unit else None, text, raw=text)
        return None, text, None
    hint = (
        f' Có phải là "{match.suggestion}"? Nếu đúng là đơn vị khác, thêm vào `units` hoặc '
        "`aliases` trong don-vi.yaml."
        if match.suggestion
        else " Thêm đơn vị vào `units` trong don-vi.yaml nếu đúng."
    )
    # For the unit: the reminder goes to the unit suggested, when it sent nothing. Its closing
    # line asks for the file again ("sớm sửa và gửi lại tệp", "sớm gửi báo cáo"): not here too.
    plain_hint = (
        f' Nếu đây là báo cáo của đơn vị "{match.suggestion}", đề nghị ghi đúng tên '
        f'"{match.suggestion}".'
        if match.suggestion
        else " Đề nghị ghi tên đơn vị đúng như trong danh sách."
    )
    if match.expired is not None and match.expired.until is not None:
        hint = plain_hint = (
            f' "{match.expired.name}" là tên cũ của "{match.suggestion}", chỉ dùng đến ngày '
            f"{day_text(match.expired.until)}: nếu đúng là báo cáo của {match.suggestion}, đề "
            "nghị ghi tên mới."
        )
    if len(match.alike) > 1:  # typed without diacritics, as several units of the list read
        named = ", ".join(f'"{n}"' for n in match.alike)
        hint = plain_hint = (
            f" Viết không dấu thì tên này giống tên của {len(match.alike)} đơn vị: {named}; "
            "đề nghị ghi đúng tên có dấu."
        )
    add(
        "unknown-unit",
        raw.unit.cell if raw.unit else None,
        text,
        raw=text,
        hint=hint,
        plain_hint=plain_hint,
    )
    return None, text, match.suggestion


_LOOSE_WHY = {
    Loose.PLAIN: ("viết không dấu", ""),
    Loose.KIND: (
        "ghi loại đơn vị khác với danh sách",
        " Nếu đúng là đơn vị khác, thêm đơn vị vào `units` trong don-vi.yaml.",
    ),
}


def _loose(how: Loose, name: str, text: str, cell: str | None, add: _Add) -> None:
    """A name matched to a unit other than as the list writes it: counted, and said (the
    cell and the list's spelling) so the unit writes it so next time."""
    why, hint = _LOOSE_WHY[how]
    add("unit-name-loose", cell, name, raw=text, why=why, listed=name, hint=hint, plain_hint="")


class _Add:
    """Collects the header's problems, all placed in the same file and sheet."""

    def __init__(self, file: str, sheet: str) -> None:
        self.file, self.sheet = file, sheet
        self.unit: str | None = None
        self.found: list[Problem] = []

    def __call__(self, code: str, cell: str | None, unit: str | None, **params: str) -> None:
        self.found.append(
            problem(code, self.file, sheet=self.sheet, cell=cell, unit=unit or self.unit, **params)
        )


def _as_of(raw: RawSubmission, add: _Add) -> dt.date | None:
    text = _text(raw.as_of)
    if not text or raw.as_of is None:
        return None
    day = parse_date(raw.as_of.value)
    if day is None:
        add("suspect-as-of", raw.as_of.cell, None, value=text, why="không phải là một ngày có thật")
    return day


def _year(raw: RawSubmission, as_of: dt.date | None, add: _Add) -> int | None:
    text = _text(raw.year)
    cell = raw.year.cell if raw.year else None
    year = parse_year(raw.year.value) if raw.year else None
    if year is not None:
        return year
    from_date = parse_year(as_of.year) if as_of else None  # 1900 (an empty date cell) is no year
    if text:
        add("invalid-year", cell, None, raw=text)
    elif from_date is not None and as_of is not None:
        add(
            "period-inferred",
            cell,
            None,
            what="năm báo cáo",
            value=str(from_date),
            date=day_text(as_of),
        )
    else:
        add("missing-header", cell, None, what="năm báo cáo", label="Năm")
    return from_date


def _quarter(raw: RawSubmission, as_of: dt.date | None, add: _Add, monthly: bool) -> int | None:
    text = _text(raw.quarter)
    cell = raw.quarter.cell if raw.quarter else None
    quarter = period_code(raw.quarter.value) if raw.quarter else None
    if quarter is not None:
        return quarter
    inferred: int | None = None  # a month run infers the month (was the quarter: a mismatch)
    if as_of is not None:
        inferred = month_code(as_of.month) if monthly else (as_of.month - 1) // 3 + 1
    if text:
        add("invalid-period", cell, None, raw=text, expected=PERIOD_EXPECTED[monthly])
    elif inferred is not None and as_of is not None:
        add(
            "period-inferred",
            cell,
            None,
            what="kỳ báo cáo",
            value=quarter_label(inferred),
            date=day_text(as_of),
        )
    else:
        # a month run asks each unit for its month (was: "(quý)" there too)
        what = "kỳ báo cáo (tháng)" if monthly else "kỳ báo cáo (quý)"
        add("missing-header", cell, None, what=what, label="Kỳ báo cáo")
    return inferred


def read_header(
    raw: RawSubmission,
    file: str,
    directory: UnitDirectory | None,
    today: dt.date,
    *,
    monthly: bool = False,
) -> Header:
    """Judge the header cells of `raw` (from `file`); `directory` is the unit list, if any;
    `monthly`: a month was asked for (`--month`), so a missing period is asked as a month."""
    dated = _Add(file, raw.sheet)  # the period first: a former name holds up to a day
    as_of = _as_of(raw, dated)
    year = _year(raw, as_of, dated)
    quarter = _quarter(raw, as_of, dated, monthly)
    if as_of is not None:
        check_as_of(raw, as_of, year, quarter, today, dated)
    add = _Add(file, raw.sheet)
    unit, written, suggestion = _unit(raw, directory, add, _day_of(year, quarter, as_of))
    found = [*add.found, *(replace(p, unit=p.unit or unit) for p in dated.found)]
    return Header(unit, written, suggestion, year, quarter, as_of, tuple(found))


def _day_of(year: int | None, quarter: int | None, as_of: dt.date | None) -> dt.date | None:
    """The day a report's unit name is taken on: its period's first day (a name in use when
    the period began is the unit's for it, written on a later as-of date too), else its as-of
    date; None when neither is known."""
    if year is not None and quarter is not None:
        return period_bounds(year, quarter)[0]
    return as_of
