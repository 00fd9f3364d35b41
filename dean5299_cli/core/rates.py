"""Rates such as `40%` as exact fractions, for targets and settings."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

from dean5299_cli.core.numbers import plain_decimal

# Below this, a rate is a typing slip ("0,4%" for "40%"), not a target anyone sets.
RATE_FLOOR = Fraction(1, 100)


def _check_floor(rate: Fraction, shown: str) -> Fraction:
    if rate < RATE_FLOOR:
        raise ValueError(f'tỷ lệ {shown} quá nhỏ (dưới 1%): có phải viết nhầm? Ví dụ đúng: "40%"')
    return rate


def parse_rate(value: Any) -> Fraction:
    """`"40%"`, `"40,5%"`, `0.4` or `Fraction` → Fraction(2, 5). A bare number above 1 is refused."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ValueError("tỷ lệ phải viết dạng 40%")
    if isinstance(value, (int, float, Decimal)):
        if not Decimal(str(value)).is_finite():
            raise ValueError('tỷ lệ phải viết dạng phần trăm, ví dụ "40%"')
        rate = Fraction(Decimal(str(value)))
        if rate > 1:
            raise ValueError(f'tỷ lệ {value} lớn hơn 1: hãy viết dạng phần trăm, ví dụ "{value}%"')
        if rate <= 0:
            raise ValueError("tỷ lệ phải lớn hơn 0")
        return _check_floor(rate, str(value))
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if not text.endswith("%"):
            raise ValueError(f'tỷ lệ "{value}" phải viết dạng phần trăm, ví dụ "40%"')
        number = plain_decimal(text[:-1])
        if number is None:  # also `nan%` (no order) and `1e-999999999%` (minutes to make exact)
            raise ValueError(f'tỷ lệ "{value}" không đọc được')
        if number <= 0 or number > 100:
            raise ValueError(f'tỷ lệ "{value}" phải lớn hơn 0% và không quá 100%')
        return _check_floor(Fraction(number) / 100, f'"{value}"')
    raise ValueError('tỷ lệ phải viết dạng phần trăm, ví dụ "40%"')


def rate_to_text(rate: Fraction) -> str:
    """Fraction(2, 5) → `40%` (for JSON and YAML round trips)."""
    percent = Decimal(rate.numerator * 100) / Decimal(rate.denominator)
    text = format(percent.normalize(), "f")
    return f"{text}%"


Rate = Annotated[
    Fraction, BeforeValidator(parse_rate), PlainSerializer(rate_to_text, return_type=str)
]
