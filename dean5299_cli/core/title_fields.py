"""Figures inside indicator titles (`{target} hồ sơ … năm {year}`) filled from the set's own keys."""

from __future__ import annotations

import datetime as dt
import re
from string import Formatter
from typing import Any

from dean5299_cli.core.numbers import format_int, format_rate
from dean5299_cli.core.periods import date_text
from dean5299_cli.core.rates import parse_rate

PLACEHOLDERS = ("target", "target_rate", "minimum", "deadline", "year")


def _value(name: str, indicator: dict[str, Any], year: Any) -> str | None:
    raw = year if name == "year" else indicator.get(name)
    if raw is None or isinstance(raw, bool):
        return None
    if name == "target" and isinstance(raw, int):
        return format_int(raw)
    if name == "target_rate":
        return format_rate(parse_rate(raw))
    if name == "minimum" and isinstance(raw, int):
        return f"{raw:02d}"
    if name == "deadline":
        day = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
        return date_text(day)  # as the report's text writes the same deadline
    return str(raw) if name == "year" else None


def fill_title(title: str, indicator: dict[str, Any], year: Any) -> str:
    """`title` with its placeholders filled; ValueError naming a placeholder that has no value."""
    number = indicator.get("number", "?")
    try:
        names = [name for _, name, _, _ in Formatter().parse(title) if name is not None]
    except ValueError as exc:
        raise ValueError(
            f"chỉ tiêu {number}: title có dấu {{ hoặc }} lẻ (viết {{{{ để in một dấu {{)"
        ) from exc
    values: dict[str, str] = {}
    for name in names:
        if name not in PLACEHOLDERS:
            raise ValueError(
                f"chỉ tiêu {number}: chỗ {{{name}}} trong title không hợp lệ "
                f"(dùng {', '.join('{' + p + '}' for p in PLACEHOLDERS)})"
            )
        try:
            value = _value(name, indicator, year)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"chỉ tiêu {number}: không điền được {{{name}}} vào title") from exc
        # without a value the placeholder stays: the schema names a missing key, then `unfilled`
        values[name] = "{" + name + "}" if value is None else value
    return title.format(**values)


_UNFILLED = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


def unfilled(number: int, title: str) -> str | None:
    """The error for a title whose placeholder found no value, else None."""
    found = _UNFILLED.search(title)
    if found is None:
        return None
    name = found.group(1)
    return f"chỉ tiêu {number}: title có {{{name}}} nhưng chỉ tiêu không có khóa {name}"


def fill_titles(data: Any) -> Any:
    """The raw set with every indicator title filled (other shapes are left to the schema)."""
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        return data
    filled = []
    for item in data["indicators"]:
        if isinstance(item, dict) and isinstance(item.get("title"), str) and "{" in item["title"]:
            item = {**item, "title": fill_title(item["title"], item, data.get("year"))}
        filled.append(item)
    return {**data, "indicators": filled}
