"""The Jinja environment of the Word report: sandboxed, strict, with Vietnamese number filters.

Filters an office may use in its template: `so` (8.529), `hai_so` (08), `phan_tram` (146,2%, the
office's rounding), `ty_le` (a target rate: 40%), `ngay` (20/11/2023), `ngay_chu` (ngày 20 tháng
11 năm 2023), `la_ma` (4 → IV), `loi` (a narrative paragraph with its bold and italic runs).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import TYPE_CHECKING

from dean5299_cli.core.numbers import (
    Rounding,
    format_fraction_count,
    format_int,
    format_percent,
    format_rate,
)
from dean5299_cli.core.periods import date_in_words, date_text
from dean5299_cli.core.report_narrative import Paragraph

if TYPE_CHECKING:
    from docxtpl import RichText
    from jinja2.sandbox import SandboxedEnvironment


def so(value: int | Fraction | None) -> str:
    """A count in Vietnamese: `8.529`; a fractional target rounded up; `—` when there is none."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        return format_fraction_count(value)
    return format_int(value)


def hai_so(value: int) -> str:
    """Small counts as the Union writes them: `08` tổ, `06` bài viết."""
    return f"{value:02d}"


def ty_le(value: Fraction | None) -> str:
    return "—" if value is None else format_rate(value)


def ngay(value: dt.date | None) -> str:
    """A date in the report's text as the Union's own reports write one (seed report: "ngày
    06/9/2022", "20/2/2023"): the day in two digits, the month as it is."""
    return "" if value is None else date_text(value)


def ngay_chu(value: dt.date) -> str:
    return date_in_words(value)


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def la_ma(value: int) -> str:
    """Section numbers: 4 → `IV`."""
    if value <= 0:
        return str(value)
    out = []
    for number, letters in _ROMAN:
        count, value = divmod(value, number)
        out.append(letters * count)
    return "".join(out)


def loi(paragraph: Paragraph) -> RichText:
    """A narrative paragraph as Word runs (for `{{r p|loi }}`)."""
    from docxtpl import RichText

    rich = RichText()
    for run in paragraph.runs:
        rich.add(run.text, bold=run.bold, italic=run.italic)
    return rich


def report_environment(rounding: Rounding) -> SandboxedEnvironment:
    """The one place the report's Jinja environment is made (sandboxed, autoescaped, strict)."""
    from dean5299_cli.writers.sandbox import report_environment as sandboxed

    env = sandboxed()  # autoescaped, StrictUndefined, bounded in size and time

    def phan_tram(value: Fraction | None) -> str:
        return format_percent(value, rounding)

    env.filters.update(
        so=so,
        hai_so=hai_so,
        phan_tram=phan_tram,
        ty_le=ty_le,
        ngay=ngay,
        ngay_chu=ngay_chu,
        la_ma=la_ma,
        loi=loi,
    )
    return env
