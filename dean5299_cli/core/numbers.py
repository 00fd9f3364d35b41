"""Numbers the Vietnamese way: `8.529`, `146,2%`; exact percentages with the office's rounding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import Enum
from fractions import Fraction

from dean5299_cli.core.exhaustive import assert_never


class RoundingMode(str, Enum):
    HALF_UP = "half-up"
    TRUNCATE = "truncate"


@dataclass(frozen=True)
class Rounding:
    """How percentages are printed: `half-up` (default) or `truncate`, with `decimals` places."""

    mode: RoundingMode = RoundingMode.HALF_UP
    decimals: int = 1

    def round(self, value: Fraction) -> Decimal:
        """Round an exact fraction to `decimals` places with integer arithmetic only."""
        top, bottom = abs(value.numerator) * 10**self.decimals, value.denominator
        if self.mode is RoundingMode.TRUNCATE:
            whole = top // bottom
        elif self.mode is RoundingMode.HALF_UP:  # ⌊top/bottom + ½⌋
            whole = (2 * top + bottom) // (2 * bottom)
        else:
            assert_never(self.mode)
        with localcontext() as exact:  # every digit kept, however many (28 by default)
            exact.prec = max(len(str(whole)), 28)
            result = Decimal(whole).scaleb(-self.decimals)
        return -result if value < 0 and whole else result


def format_int(value: int) -> str:
    """8529 → `8.529`."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_decimal(value: Decimal) -> str:
    """Decimal('146.2') → `146,2`; thousands with dots."""
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    out = format_int(int(whole))
    return sign + (f"{out},{frac}" if frac else out)


def format_percent(value: Fraction | None, rounding: Rounding = Rounding()) -> str:
    """A fraction (1.462… for 146,2%) as a Vietnamese percentage; `—` when there is none."""
    if value is None:
        return "—"
    return format_decimal(rounding.round(value * 100)) + "%"


def format_rate(rate: Fraction) -> str:
    """A target rate, printed without needless decimals: Fraction(2, 5) → `40%`."""
    percent = rate * 100
    if percent.denominator == 1:
        return f"{percent.numerator}%"
    return format_decimal(Decimal(percent.numerator) / Decimal(percent.denominator)) + "%"


def fraction_count(value: Fraction) -> int:
    """A target count that may not be whole (10% of 12.345 people), rounded up: the count aimed at."""
    return -((-value.numerator) // value.denominator)


def format_fraction_count(value: Fraction) -> str:
    """A target count that may not be whole: printed rounded up."""
    return format_int(fraction_count(value))


# ---------------------------------------------------------------- reading numbers typed as text


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """A number read from text: its exact value and whether a separator had to be guessed."""

    value: Fraction
    ambiguous: bool = False
    percent: bool = False


_DIGITS = re.compile(r"^\d+\Z")
# A number typed in a settings file or an option: digits, at most one decimal mark, no exponent.
_PLAIN_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# Digits of a number typed in a settings file: Excel keeps 15, and no figure, target or point
# of the programme comes near; the rest is a slip (or a file made to exhaust the machine).
MAX_TYPED_DIGITS = 15
# A first group of zeros (`0 500`) groups nothing: no one writes five hundred so.
_GROUPED_SPACE = re.compile(r"^(?!0+ )\d{1,3}( \d{3})+\Z")


def _zeros(group: str) -> bool:
    """`0`, `00`: a first group that cannot start a thousands grouping (`0,500` is 0,5)."""
    return bool(group) and not group.strip("0")


def _grouped(text: str, sep: str) -> bool:
    """`8.529.000` with `.`: digit groups of three after a first group of one to three that is
    not zeros alone (`0.500.000` is no grouping). Digits as `_DIGITS` reads them (those `int`
    and `Decimal` read), not `str.isdigit`'s (`²`, `①`)."""
    parts = text.split(sep)
    return (
        0 < len(parts[0]) <= 3
        and not _zeros(parts[0])
        and all(_DIGITS.match(p) for p in parts)
        and all(len(p) == 3 for p in parts[1:])
    )


def plain_decimal(text: str) -> Decimal | None:
    """`12`, `-2,5`, `87.5` as an exact Decimal; None for anything else: an exponent
    (`1e-999999999`, whose exact value takes minutes to build), `nan`, `inf`, `1_000`, digits
    of other scripts, or more than MAX_TYPED_DIGITS digits."""
    text = text.strip().replace(",", ".")
    if not _PLAIN_DECIMAL.fullmatch(text) or sum(c.isdigit() for c in text) > MAX_TYPED_DIGITS:
        return None
    return Decimal(text)


def parse_number_text(raw: str) -> ParsedNumber | None:
    """Read `8.529`, `8,529`, `1 458`, `12,5`, `73,4%`, `-5`; None when it is not a number.

    A single `.` or `,` followed by exactly three digits is read as a thousands separator
    (Vietnamese `8.529`, English `8,529`) and marked ambiguous; other single separators are
    decimal marks. With both, the last one is the decimal mark. A first group of zeros never
    groups thousands: `0,500` and `00.500` are 0,5; `0.500.000` and `0 500` are no number.
    """
    text = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    sign = 1
    if text[:1] in "-−–" and len(text) > 1:
        sign, text = -1, text[1:].strip()
    elif text[:1] == "+":
        text = text[1:].strip()
    if not text:
        return None
    if _GROUPED_SPACE.match(text):
        text = text.replace(" ", "")
    if " " in text:
        return None
    ambiguous = False
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        thousands = "," if decimal_sep == "." else "."
        whole, _, frac = text.rpartition(decimal_sep)
        if thousands in frac or not _grouped(whole, thousands) or not _DIGITS.match(frac):
            return None
        digits = whole.replace(thousands, "") + "." + frac
    elif dots or commas:
        sep = "." if dots else ","
        count = dots or commas
        if count > 1:
            if not _grouped(text, sep):
                return None
            digits = text.replace(sep, "")
        else:
            whole, _, frac = text.partition(sep)
            if not _DIGITS.match(frac) or (whole and not _DIGITS.match(whole)):
                return None
            if len(frac) == 3 and whole and len(whole) <= 3 and not _zeros(whole) and not percent:
                digits, ambiguous = whole + frac, True
            else:
                digits = (whole or "0") + "." + frac
    else:
        if not _DIGITS.match(text):
            return None
        digits = text
    value = Fraction(Decimal(digits)) if "." in digits else Fraction(int(digits))
    if sign < 0:
        value = -value
    if percent:
        value /= 100
    return ParsedNumber(value=value, ambiguous=ambiguous, percent=percent)
