"""Quarters and report periods: `Quý IV`, `Q4`, `IV`, `4` all mean the fourth quarter."""

from __future__ import annotations

import datetime as dt
import re

from dean5299_cli.core.text import fold

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_FROM_ROMAN = {v.lower(): k for k, v in ROMAN.items()}


def parse_quarter(value: object) -> int | None:
    """`Quý IV`, `Quý 4`, `Q4`, `IV`, `4`, 4 → 4; None when it is not a quarter."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value in (1, 2, 3, 4) else None
    if not isinstance(value, str):
        return None
    text = fold(value)
    text = re.sub(r"^(quy|ky|q)\s*\.?\s*", "", text)
    text = text.strip(" .")
    if text in _FROM_ROMAN:
        return _FROM_ROMAN[text]
    if text in {"1", "2", "3", "4"}:
        return int(text)
    return None


def quarter_label(quarter: int) -> str:
    """4 → `quý IV`."""
    return f"quý {ROMAN[quarter]}"


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


def date_in_words(day: dt.date) -> str:
    """The Đoàn header date: `ngày 05 tháng 3 năm 2023`; day < 10 and months 1, 2 take a zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
