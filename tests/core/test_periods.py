"""Report periods as people write them in the `Kỳ báo cáo` cell."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dean5299_cli.core.periods import ROMAN, Period, parse_period, parse_quarter, quarter_label

SPELLINGS = {
    1: ["I", "1", "một", "nhất"],
    2: ["II", "2", "hai"],
    3: ["III", "3", "ba"],
    4: ["IV", "4", "bốn", "tư"],
}
PREFIXES = ["Quý ", "quý ", "QUÝ ", "Quí ", "Q", "Q.", "Quý thứ ", "Kỳ báo cáo: Quý "]
SEPARATORS = ["/", "-", " - ", " năm ", ", năm ", " ", "."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quý III năm 2024", Period(3, 2024)),
        ("Quý III/2024", Period(3, 2024)),
        ("Quý 3/2024", Period(3, 2024)),
        ("Q3/2024", Period(3, 2024)),
        ("Q4-2023", Period(4, 2023)),
        ("Quí III", Period(3)),
        ("quý ba", Period(3)),
        ("quý bốn", Period(4)),
        ("9 tháng đầu năm 2024", Period(3, 2024)),
        ("6 tháng", Period(2)),
        ("6 tháng năm 2023", Period(2, 2023)),
        ("cả năm", Period(4)),
        ("Cả năm 2023", Period(4, 2023)),
        ("12 tháng", Period(4)),
        ("IV", Period(4)),
        ("Quý IV (2023)", Period(4, 2023)),
        ("Báo cáo quý III - năm 2024", Period(3, 2024)),
        ("  Quý   IV .", Period(4)),
        (4, Period(4)),
        (3.0, Period(3)),
        # documented decision: spaces around the dash, a four-digit year cannot be misread
        ("Quý 3 - 2024", Period(3, 2024)),
        # a month is kept apart: not a quarter's report
        ("Tháng 10/2024", Period(None, 2024, 10)),
        ("tháng 9", Period(None, None, 9)),
        # a month written out (was: "Không hiểu kỳ báo cáo")
        ("Tháng Chín", Period(None, None, 9)),
        ("tháng mười hai năm 2026", Period(None, 2026, 12)),
        ("Tháng Mười Một/2026", Period(None, 2026, 11)),
        ("Tháng mười", Period(None, None, 10)),
        ("tháng Giêng", Period(None, None, 1)),
        ("Tháng Năm 2026", Period(None, 2026, 5)),
        ("tháng tư", Period(None, None, 4)),
        # the spoken November: the tone tells "Mốt" (11) from "Một" (1), lost once folded
        ("Tháng Mốt", Period(None, None, 11)),
        ("tháng mốt năm 2026", Period(None, 2026, 11)),
        ("THÁNG MỐT/2026", Period(None, 2026, 11)),
        ("Tháng Một", Period(None, None, 1)),
        ("tháng một/2026", Period(None, 2026, 1)),
    ],
)
def test_written_periods(text: object, expected: Period) -> None:
    assert parse_period(text) == expected
    assert parse_quarter(text) == expected.quarter


@pytest.mark.parametrize(
    "text",
    [
        "Q3/24",  # a two-digit year is not guessed
        "Quý 3, 4",
        "Quý I-II",
        "Quý 5",
        "V",
        "năm 2024",
        "ba",  # a number word alone is not a period
        "6 tháng cuối năm",  # not cumulative from 1 January
        "Quý III/1999",
        "tháng 13",
        "tháng mười ba",
        "tháng … năm 2026",  # the form's blank, not filled in
        "",
        "Quý",
        0,
        5,
        2.5,
        True,
        None,
    ],
)
def test_refused_rather_than_guessed(text: object) -> None:
    assert parse_period(text) is None
    assert parse_quarter(text) is None


@given(
    quarter=st.sampled_from([1, 2, 3, 4]),
    data=st.data(),
    year=st.one_of(st.none(), st.integers(2000, 2100)),
)
def test_every_spelling_of_a_quarter(quarter: int, data: st.DataObject, year: int | None) -> None:
    word = data.draw(st.sampled_from(SPELLINGS[quarter]))
    prefix = data.draw(st.sampled_from(PREFIXES))
    text = prefix + word
    if year is not None:
        text += data.draw(st.sampled_from(SEPARATORS)) + str(year)
    assert parse_period(text) == Period(quarter, year)


@given(quarter=st.sampled_from([1, 2, 3, 4]))
def test_label_reads_back(quarter: int) -> None:
    assert parse_quarter(quarter_label(quarter)) == quarter
    assert parse_quarter(ROMAN[quarter]) == quarter


@given(st.text(max_size=40))
def test_any_text_is_a_period_or_none(text: str) -> None:
    period = parse_period(text)
    assert period is None or period.quarter in (1, 2, 3, 4, None)
    if period is not None and period.quarter is None:
        assert period.month is not None and 1 <= period.month <= 12


@given(st.integers(2000, 2100), st.integers(1, 12))
def test_months_are_never_quarters(year: int, month: int) -> None:
    assert parse_period(f"Tháng {month}/{year}") == Period(None, year, month)
