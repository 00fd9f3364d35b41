"""Quarters and report periods: `Quý IV`, `Q4`, `IV`, `4` all mean the fourth quarter."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from dean5299_cli.core.text import clean_spaces, fold, vietnamese_letters

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The years an indicator set, a form or a target can be for: the Đề án began in 2022.
FIRST_YEAR, LAST_YEAR = 2022, 2100

# How people write a quarter, after `fold` (lower case, no diacritics). The rules, and what is
# refused rather than guessed:
# - a quarter word: a Roman numeral, a digit 1-4 or a Vietnamese number word ("quý ba", "quý bốn",
#   "quý tư", "quý nhất"), after "Quý", "Quí", "Q", "Kỳ" or alone ("IV", "4");
# - a year attached with "/", "-", ",", ".", "năm", a space or in brackets: "Quý III/2024",
#   "Q4-2023", "Quý III năm 2024", "Quý 3 - 2024" (spaces around the dash are accepted: a four-digit
#   year cannot be read as anything else). Only 2000-2100; "Q3/24" is refused (a two-digit year
#   could be a typo of anything);
# - the cumulative forms: "3 tháng" (I), "6 tháng" (II), "9 tháng" (III), "12 tháng" or "cả năm" (IV),
#   with or without "đầu năm" and a year ("9 tháng đầu năm 2024"). "6 tháng cuối năm" is refused:
#   its figures are not cumulative from 1 January;
# - a month, "Tháng 10/2024": returned as a month with NO quarter (a monthly report is not a
#   quarter's report, even in a quarter's last month);
# - everything else ("Quý 3, 4", "Quý I-II", "Quý 5", "năm 2024") is not understood: None.
_WORDS = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4,
    "mot": 1, "nhat": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4,
}  # fmt: skip
_QUARTER_WORD = "|".join(sorted(_WORDS, key=len, reverse=True))
_YEAR = r"(?:(?:\s*[/\-\u2013,.(]\s*|\s+)(?:nam\s+)?(?P<y>\d{4})\)?)?"
_QUARTER = re.compile(
    rf"^(?:(?:bao cao\s+)?(?:quy|qui|ky|q)\s*[.:]?\s*(?:thu\s+)?)?(?P<q>{_QUARTER_WORD}){_YEAR}$"
)
_CUMULATIVE_MONTHS = {"3": 1, "ba": 1, "6": 2, "sau": 2, "9": 3, "chin": 3, "12": 4, "muoi hai": 4}
_CUMULATIVE = re.compile(
    r"^(?:bao cao\s+)?(?P<n>12|3|6|9|ba|sau|chin|muoi hai)\s+thang(?:\s+dau\s+nam)?" + _YEAR + "$"
)
_WHOLE_YEAR = re.compile(r"^(?:bao cao\s+)?ca nam" + _YEAR + "$")
# a month in words, folded (`Tháng Chín`, `tháng mười hai`, `tháng Giêng`, `tháng Chạp`): was
# "Không hiểu kỳ báo cáo" for a month a unit wrote out
_MONTH_WORDS = {
    "gieng": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7,
    "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12,
}  # fmt: skip
_MONTH_WORD = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_MONTH = re.compile(rf"^thang\s+(?P<m>\d{{1,2}}|{_MONTH_WORD})" + _YEAR + "$")
# "tháng Mốt" is the spoken November (the south's "tháng mười một"), "tháng Một" January: the
# tone that tells them apart is gone once folded, so it is looked for in the text as written.
# ("tháng năm 2026" stays May: in a May run that is what a unit means, and in any other run a
# month's report is refused visibly, whatever month it is read as.)
_SPOKEN_NOVEMBER = re.compile(r"\btháng\s+mốt\b")
_BARE_WORDS = {"i", "ii", "iii", "iv", "1", "2", "3", "4"}  # "ba" alone is not a period


@dataclass(frozen=True)
class Period:
    """A report period as written: a quarter (the default), or a month; the year when written."""

    quarter: int | None
    year: int | None = None
    month: int | None = None


def _year(match: re.Match[str]) -> int | None | bool:
    """The written year, None when none is written, False when it is out of range."""
    text = match.group("y")
    if text is None:
        return None
    year = int(text)
    return year if 2000 <= year <= 2100 else False


def _period_of_text(value: str) -> Period | None:
    text = fold(value).strip(" .")
    text = re.sub(r"^ky bao cao\s*:?\s*", "", text)
    for pattern in (_QUARTER, _CUMULATIVE, _WHOLE_YEAR, _MONTH):
        match = pattern.match(text)
        if match is None:
            continue
        year = _year(match)
        if year is False:
            return None
        written = year if isinstance(year, int) else None
        if pattern is _QUARTER:
            word = match.group("q")
            bare = not re.match(r"^(bao cao\s+)?(quy|qui|ky|q)", text)
            if bare and word not in _BARE_WORDS:
                return None
            return Period(_WORDS[word], written)
        if pattern is _CUMULATIVE:
            return Period(_CUMULATIVE_MONTHS[match.group("n")], written)
        if pattern is _WHOLE_YEAR:
            return Period(4, written)
        month = _month(match.group("m"), value)
        return Period(None, written, month) if 1 <= month <= 12 else None
    return None


def _month(word: str, value: str) -> int:
    """The month of a folded month word, looking at the written `value` where folding made the
    word ambiguous (`_SPOKEN_NOVEMBER`)."""
    if word.isdigit():
        return int(word)
    if word == "mot":
        written = unicodedata.normalize("NFC", vietnamese_letters(clean_spaces(value)))
        if _SPOKEN_NOVEMBER.search(written.lower()):
            return 11
    return _MONTH_WORDS[word]


def parse_period(value: object) -> Period | None:
    """A `Kỳ báo cáo` value → the quarter (or month) and the year when written; None if not understood."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return Period(value) if value in (1, 2, 3, 4) else None
    if not isinstance(value, str):
        return None
    return _period_of_text(value)


def parse_quarter(value: object) -> int | None:
    """`Quý IV`, `Quý 4/2023`, `Q4`, `IV`, `quý bốn`, `cả năm`, 4 → 4; None when it is not a quarter."""
    period = parse_period(value)
    return period.quarter if period else None


# A run reports a quarter (the default) or a month. Where the code carries "the quarter" as an
# int, a month run carries a period code instead: quarters stay 1-4, a month is MONTH_BASE + month
# (101-112). Within one kind, an earlier period has a smaller code and the previous period is
# code - 1, so history, "the previous quarter" and cumulative decreases work unchanged for months;
# codes of different kinds are never compared as earlier/later (see `same_kind`).
MONTH_BASE = 100


def month_code(month: int) -> int:
    """10 → the period code of month 10 (110)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} out of range")
    return MONTH_BASE + month


def month_of(code: int) -> int | None:
    """The month of a month period code, None for a quarter."""
    return code - MONTH_BASE if MONTH_BASE < code <= MONTH_BASE + 12 else None


def same_kind(a: int, b: int) -> bool:
    """Both quarters or both months."""
    return (month_of(a) is None) == (month_of(b) is None)


def previous_code(code: int) -> int | None:
    """The period before `code` in the same year (quý III → quý II, tháng 1 → None)."""
    first = MONTH_BASE + 1 if month_of(code) is not None else 1
    return code - 1 if code > first else None


def periods_up_to(code: int) -> tuple[int, ...]:
    """Every period of the same kind from the year's first up to `code`: quý I … quý III."""
    first = MONTH_BASE + 1 if month_of(code) is not None else 1
    return tuple(range(first, code + 1))


def period_code(value: object) -> int | None:
    """A `Kỳ báo cáo` value → its period code: 1-4 for a quarter, MONTH_BASE + m for a month."""
    period = parse_period(value)
    if period is None:
        return None
    if period.month is not None:
        return month_code(period.month)
    return period.quarter


def period_bounds(year: int, code: int) -> tuple[dt.date, dt.date]:
    """The first day of the period and the first day after it (figures are cumulative from 1/1)."""
    month = month_of(code)
    first, last = (month, month) if month is not None else (code * 3 - 2, code * 3)
    start = dt.date(year, first, 1)
    end = dt.date(year + 1, 1, 1) if last == 12 else dt.date(year, last + 1, 1)
    return start, end


def quarter_label(quarter: int) -> str:
    """4 → `quý IV`; a month period code (110) → `tháng 10`."""
    month = month_of(quarter)
    return f"tháng {month}" if month is not None else f"quý {ROMAN[quarter]}"


def period_name(year: int, code: int) -> str:
    """2023, 4 → `quý IV năm 2023`; 2023, 110 → `tháng 10 năm 2023`: the period in a sentence."""
    return f"{quarter_label(code)} năm {year}"


def period_slug(code: int) -> str:
    """4 → `quy-4`, 110 → `thang-10`: the period in a file name."""
    month = month_of(code)
    return f"thang-{month}" if month is not None else f"quy-{code}"


def period_word(code: int) -> str:
    """4 → `quý`, 110 → `tháng`: the kind of period, for titles such as "tiến độ theo tháng"."""
    return "tháng" if month_of(code) is not None else "quý"


def period_title(code: int) -> str:
    """4 → `Quý IV`, 110 → `Tháng 10`: the label at the start of a cell or line."""
    label = quarter_label(code)
    return label[0].upper() + label[1:]


def parse_date(value: object) -> dt.date | None:
    """A date cell, or `20/11/2023` / `20-11-2023` / `2023-11-20` text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = re.match(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$", text)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.match(r"^ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})$", fold(text))
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return None


def parse_year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if 2000 <= value <= 2100 else None
    if isinstance(value, str):
        m = re.search(r"\b(20\d\d)\b", value)
        return int(m.group(1)) if m else None
    return None


def date_text(day: dt.date) -> str:
    """A date in what people read, the report and the console alike, as the Union's own reports
    write one (seed report: "ngày 06/9/2022", "20/2/2023"): the day in two digits, the month as it
    is. Not for a cell read back (the summary's "Tính đến ngày" stays dd/mm/yyyy)."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def date_in_words(day: dt.date) -> str:
    """The Đoàn header date: `ngày 05 tháng 3 năm 2023`; day < 10 and months 1, 2 take a zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
