"""Turn one raw cell into a whole count, or say precisely why it cannot be one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from dean5299_cli.core.numbers import format_decimal, format_int, parse_number_text
from dean5299_cli.core.records import RawValue

_DASHES = {"-", "–", "—", "x", "X"}
PLAUSIBLE_MAX = 10**9  # no count of the programme comes near a billion: a typing slip
# Above 2**53 a float's exact value is not what was typed: int(1e30) ends in …19884624838656;
# its shortest repr ("1e+30") is.
_EXACT_FLOAT = float(2**53)


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem about a value, before it is placed in a file: code and message parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReadValue:
    """The count read from a cell (None when unusable) and what was found on the way."""

    value: int | None
    findings: tuple[Finding, ...] = ()


def _show(value: Fraction) -> str:
    if value.denominator == 1:
        return format_int(value.numerator)
    from decimal import Decimal

    return format_decimal(Decimal(value.numerator) / Decimal(value.denominator))


def _judge(
    number: Fraction, raw_text: str, label: str, extra: tuple[Finding, ...] = ()
) -> ReadValue:
    if number < 0:
        return ReadValue(
            None, (Finding("negative-value", {"value": _show(number), "label": label}),)
        )
    if number.denominator != 1:
        hint = ""  # `1,5` may be 1.500 typed short; `0,5` cannot: no grouping starts with 0
        if 1 <= number < 1000 and (number * 1000).denominator == 1:
            hint = f" (nếu ý là {format_int(int(number * 1000))} thì nhập {int(number * 1000)})"
        return ReadValue(
            None, (Finding("not-an-integer", {"value": raw_text, "label": label, "hint": hint}),)
        )
    return _plausible(int(number), label, extra)


def _plausible(count: int, label: str, extra: tuple[Finding, ...] = ()) -> ReadValue:
    """A whole count ≥ 0, refused when above any figure the programme can have."""
    if count > PLAUSIBLE_MAX:
        params = {"value": format_int(count), "label": label, "limit": format_int(PLAUSIBLE_MAX)}
        return ReadValue(None, (Finding("implausible-value", params),))
    return ReadValue(count, extra)


# Why a cell shows another figure than it holds (readers.numfmt's reasons), as the unit is told.
SHOWN_WHY_VI = {
    "hidden": "định dạng ô không hiển thị số",
    "scaled": "định dạng số chia cho {factor}",
    "percent": "định dạng phần trăm nhân số với 100",
    "literal-digits": "định dạng ô viết thêm chữ số bên cạnh số",
    "date": "định dạng ngày giờ",
    "other": "định dạng ô chen ký tự vào giữa các chữ số",
    "text-hidden": "định dạng ô không hiển thị chữ",
}


def _shown(raw: RawValue, count: int, label: str) -> Finding:
    """The warning for a count whose cell shows another figure (`raw.shown` set)."""
    assert raw.shown is not None
    text, why, factor = raw.shown
    if why == "date":
        shown = "một ngày tháng"
    elif not text.strip():
        shown = "ô trống"
    else:
        shown = f'"{text}"'
    how = SHOWN_WHY_VI.get(why, SHOWN_WHY_VI["other"]).format(factor=format_int(factor))
    return Finding(
        "shown-otherwise", {"label": label, "shown": shown, "how": how, "value": format_int(count)}
    )


def read_count(raw: RawValue | None, label: str) -> ReadValue:
    """Read a whole count ≥ 0 from a cell; blanks count as 0 with a warning. A cell whose
    number format shows another figure is read as it holds (what Excel's SUM adds), said."""
    read = _read_count(raw, label)
    if raw is None or raw.shown is None or read.value is None:
        return read
    return ReadValue(read.value, (*read.findings, _shown(raw, read.value, label)))


def _read_count(raw: RawValue | None, label: str) -> ReadValue:
    if raw is None:
        return ReadValue(0, (Finding("blank-value", {"label": label, "missing_row": True}),))
    value = raw.value
    if raw.error is not None:
        return ReadValue(None, (Finding("formula-error", {"label": label, "error": raw.error}),))
    if raw.formula_without_value:
        return ReadValue(None, (Finding("formula-without-value", {"label": label}),))
    if type(value) is float and value.is_integer() and value >= 0:
        if value < _EXACT_FLOAT:  # the common case first, without exact arithmetic
            return _plausible(int(value), label)
        return _plausible(int(Fraction(repr(value))), label)
    if value is None or (isinstance(value, str) and not value.strip()):
        return ReadValue(0, (Finding("blank-value", {"label": label}),))
    if isinstance(value, bool):
        return ReadValue(
            None,
            (
                Finding(
                    "not-a-number", {"raw": str(value), "label": label, "why": " (ô kiểu đúng/sai)"}
                ),
            ),
        )
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        shown = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
        return ReadValue(
            None,
            (
                Finding(
                    "not-a-number",
                    {"raw": shown, "label": label, "why": " (ô đang ở dạng ngày tháng)"},
                ),
            ),
        )
    if isinstance(value, int):
        if value >= 0:
            return _plausible(value, label)
        return _judge(Fraction(value), format_int(value), label)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ReadValue(
                None, (Finding("not-a-number", {"raw": str(value), "label": label, "why": ""}),)
            )
        number = Fraction(repr(value))
        return _judge(number, repr(value).replace(".", ","), label)
    text = str(value).strip()
    if text in _DASHES:
        return ReadValue(0, (Finding("blank-value", {"label": label}),))
    parsed = parse_number_text(text)
    if parsed is None:
        return ReadValue(None, (Finding("not-a-number", {"raw": text, "label": label, "why": ""}),))
    if parsed.percent:
        why = " (là tỷ lệ phần trăm; ở đây cần số lượng)"
        return ReadValue(
            None, (Finding("not-a-number", {"raw": text, "label": label, "why": why}),)
        )
    extra: tuple[Finding, ...] = ()
    # `1.294` is how Vietnamese write a thousand: read silently. Only the English grouping
    # (`1,250`, which a Vietnamese reader takes for 1,25) is said, with the reading chosen.
    english = parsed.ambiguous and "," in text
    if english and parsed.value >= 0 and parsed.value.denominator == 1:
        extra = (
            Finding(
                "reinterpreted-number",
                {"raw": text, "label": label, "value": format_int(parsed.value.numerator)},
            ),
        )
    return _judge(parsed.value, text, label, extra)
