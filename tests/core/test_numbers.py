"""Vietnamese number formats and exact rounding, against seed 000's figures."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dean5299_cli.core.numbers import (
    Rounding,
    RoundingMode,
    format_int,
    format_percent,
    parse_number_text,
)
from dean5299_cli.core.periods import date_in_words, parse_quarter

TRUNC = Rounding(RoundingMode.TRUNCATE, 1)


@pytest.mark.parametrize(
    ("num", "den", "half_up", "truncate"),
    [
        (8529, 5832, "146,2%", "146,2%"),
        (18907, 7057, "267,9%", "267,9%"),
        (3787, 5155, "73,5%", "73,4%"),
        (2518, 3966, "63,5%", "63,4%"),
        (6580, 5490, "119,9%", "119,8%"),
        (110, 138, "79,7%", "79,7%"),
        (14390, 57448, "25,0%", "25,0%"),
    ],
)
def test_seed_000_percentages(num, den, half_up, truncate):
    assert format_percent(Fraction(num, den)) == half_up
    assert format_percent(Fraction(num, den), TRUNC) == truncate


def test_whole_percent_rounding_as_in_the_province_news():
    assert format_percent(Fraction(21458, 66000), Rounding(decimals=0)) == "33%"


def test_format_int():
    assert format_int(8529) == "8.529"
    assert format_int(294021) == "294.021"
    assert format_int(0) == "0"
    assert format_int(1234567) == "1.234.567"


@pytest.mark.parametrize(
    ("text", "value", "ambiguous"),
    [
        ("8.529", 8529, True),
        ("8,529", 8529, True),
        ("1 458", 1458, False),
        ("1.234.567", 1234567, False),
        ("12,5", Fraction(25, 2), False),
        ("1.234,5", Fraction(2469, 2), False),
        ("42", 42, False),
        ("1,5", Fraction(3, 2), False),
        ("1.5", Fraction(3, 2), False),
        ("2,500", 2500, True),
        ("2.500", 2500, True),
        ("1,234,567", 1234567, False),
        # A first group of zeros groups no thousands: a decimal mark, never five hundred.
        ("0,500", Fraction(1, 2), False),
        ("0.500", Fraction(1, 2), False),
        ("00,5", Fraction(1, 2), False),
        ("0,5", Fraction(1, 2), False),
        ("00.500", Fraction(1, 2), False),
        ("-0,500", Fraction(-1, 2), False),
        ("0,000", 0, False),
    ],
)
def test_parse_number_text(text, value, ambiguous):
    parsed = parse_number_text(text)
    assert parsed is not None and parsed.value == value and parsed.ambiguous is ambiguous


@pytest.mark.parametrize(
    "text", ["0.500.000", "0,500,000", "0,500.5", "0.500,5", "0 500", "00 500"]
)
def test_a_grouping_cannot_start_with_zeros(text):
    """Read as 500.000 or 500,5 before; as written they are no number a clerk would type."""
    assert parse_number_text(text) is None


def test_parse_percent_and_garbage():
    assert parse_number_text("73,4%").percent
    assert parse_number_text("abc") is None
    assert parse_number_text("12 a") is None


@given(st.integers(min_value=0, max_value=10**9))
def test_formatted_ints_read_back(value):
    parsed = parse_number_text(format_int(value))
    assert parsed is not None and parsed.value == value


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_truncate_never_exceeds_half_up(num, den):
    value = Fraction(num, den)
    assert TRUNC.round(value * 100) <= Rounding().round(value * 100)


def test_quarters_and_dates():
    import datetime as dt

    for text in ("Quý IV", "Quý 4", "Q4", "IV", "4", "quý iv", 4):
        assert parse_quarter(text) == 4
    assert parse_quarter("V") is None
    assert date_in_words(dt.date(2023, 11, 20)) == "ngày 20 tháng 11 năm 2023"
    assert date_in_words(dt.date(2023, 3, 5)) == "ngày 05 tháng 3 năm 2023"
    assert date_in_words(dt.date(2024, 2, 9)) == "ngày 09 tháng 02 năm 2024"


def test_dates_in_the_reports_text_are_written_as_the_model_report_writes_them():
    """Seed report 34-BC: "ngày 06/9/2022", "ngày 20/2/2023", "ngày 29/8/2022"."""
    import datetime as dt

    from dean5299_cli.writers.report_filters import ngay

    assert ngay(dt.date(2022, 9, 6)) == "06/9/2022"
    assert ngay(dt.date(2023, 2, 20)) == "20/2/2023"
    assert ngay(dt.date(2026, 9, 30)) == "30/9/2026"
    assert ngay(dt.date(2025, 12, 31)) == "31/12/2025"
    assert ngay(None) == ""


# Whatever a unit types in a cell (Alt+Enter, superscripts, other scripts' digits…): a number or
# None, never an exception that stops the whole run (`1\n.234` did: `$` matches before a final
# line break, and `str.isdigit` admits `²`, which `int` refuses).
_TYPED = st.text(
    alphabet=st.sampled_from(list("0123456789.,+-% \n\r\t²¹⁰①٦６−\u00a0\u2009\u200bae")), max_size=12
)


@given(_TYPED)
def test_any_typed_text_is_a_number_or_none(text):
    parsed = parse_number_text(text)
    assert parsed is None or isinstance(parsed.value, Fraction)


@pytest.mark.parametrize("text", ["1\n.234", "1\n,5", "1\n234", "²", "1.23²", "①.234", "a.123.456"])
def test_line_breaks_and_non_decimal_digits_inside_are_not_numbers(text):
    assert parse_number_text(text) is None
