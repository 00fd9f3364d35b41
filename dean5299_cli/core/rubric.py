"""The emulation rubric (`xep-hang.yaml`): points per indicator, reporting, adjustments, grades."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from dean5299_cli.core.numbers import plain_decimal
from dean5299_cli.core.yamlfile import load_model

RUBRIC_NAME = "xep-hang.yaml"
_PERIOD_KEY = re.compile(r"^(\d{4})-([1-4])\Z")


def _percent(value: object) -> Fraction:
    """`120`, `"120%"`, `"87,5%"` → the fraction 6/5, 7/8 (a share of the target, may pass 100%)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ValueError('phải là phần trăm, ví dụ 120 hoặc "120%"')
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    elif isinstance(value, str):
        typed = plain_decimal(value.strip().replace(" ", "").removesuffix("%"))
        if typed is None:
            raise ValueError(f'"{value}" không phải là phần trăm (ví dụ "120%")')
        number = typed
    else:
        raise ValueError('phải là phần trăm, ví dụ 120 hoặc "120%"')
    if not number.is_finite() or number < 0:
        raise ValueError(f'"{value}" phải là phần trăm từ 0 trở lên')
    return Fraction(number) / 100


def _points(value: object) -> Fraction:
    """A number of points, possibly with decimals (`2,5` or `2.5`), kept exact."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ValueError("phải là một số điểm")
    if isinstance(value, str):
        typed = plain_decimal(value)
        if typed is None:  # `abc`, `nan`, `1e999999999` (minutes to make exact)
            raise ValueError(f'"{value}" không phải là số điểm')
        return Fraction(typed)
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if number.is_finite():
            return Fraction(number)
        raise ValueError(f'"{value}" không phải là số điểm')
    raise ValueError("phải là một số điểm")


Percent = Annotated[Fraction, BeforeValidator(_percent)]
Points = Annotated[Fraction, BeforeValidator(_points)]


def _non_negative(value: Fraction) -> Fraction:
    if value < 0:
        raise ValueError("không được âm")
    return value


def _positive_cap(value: Fraction) -> Fraction:
    if value <= 0:  # every indicator would score 0 whatever the unit did: a slip
        raise ValueError("phải lớn hơn 0% (mức đạt tối đa được tính điểm, ví dụ 100%)")
    return value


class IndicatorRule(BaseModel):
    """How one indicator scores: `points` × achievement, achievement counted up to `cap`."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    points: Points
    cap: Percent = Fraction(1)

    _check_points = field_validator("points")(_non_negative)
    _check_cap = field_validator("cap")(_positive_cap)


class IndicatorPoints(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    points: Points = Field(description="Điểm tối đa của mỗi chỉ tiêu")
    cap: Percent = Fraction(1)
    overrides: dict[int, IndicatorRule] = {}

    _check_points = field_validator("points")(_non_negative)
    _check_cap = field_validator("cap")(_positive_cap)

    def rule(self, number: int) -> IndicatorRule:
        return self.overrides.get(number) or IndicatorRule(points=self.points, cap=self.cap)


class WithoutTarget(str, Enum):
    ZERO = "zero"  # an indicator without a target for the unit scores 0
    RESCALE = "rescale"  # the unit's indicator points are scaled to the full maximum


class Reporting(BaseModel):
    """Points for reporting: on time (against a deadline), late, complete (no field left blank)."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    deadline_day: int | None = Field(default=None, ge=1, le=31)
    deadlines: dict[str, dt.date] = {}
    on_time: Points = Fraction(0)
    late: Points = Fraction(0)
    complete: Points = Fraction(0)

    @field_validator("deadlines")
    @classmethod
    def _period_keys(cls, value: dict[str, dt.date]) -> dict[str, dt.date]:
        for key in value:
            if not _PERIOD_KEY.match(str(key)):
                raise ValueError(f'kỳ "{key}" phải viết dạng năm-quý, ví dụ "2023-4"')
        return value

    def deadline(self, year: int, quarter: int) -> dt.date | None:
        """The deadline of a period: its own date, else day `deadline_day` of the quarter's last month."""
        own = self.deadlines.get(f"{year}-{quarter}")
        if own is not None:
            return own
        if self.deadline_day is None:
            return None
        month = quarter * 3
        last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
        return dt.date(year, month, min(self.deadline_day, last))


class When(str, Enum):
    INDICATOR_AT_LEAST = "indicator-at-least"  # per indicator at or above `percent`
    INDICATOR_BELOW = "indicator-below"  # per indicator below `percent`
    ALL_REACHED = "all-reached"  # every indicator with a target reached (100%)
    HAS_WARNINGS = "has-warnings"  # the unit's figures carry warnings of `codes`


class Adjustment(BaseModel):
    """A bonus (points > 0) or penalty (points < 0) rule."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    when: When
    points: Points
    label: str
    percent: Percent | None = None
    max: Points | None = Field(default=None, description="Tổng điểm cộng/trừ tối đa của quy tắc")
    codes: list[str] = ["far-above-target", "cumulative-decrease"]

    @model_validator(mode="after")
    def _needs_percent(self) -> Adjustment:
        per_indicator = self.when in (When.INDICATOR_AT_LEAST, When.INDICATOR_BELOW)
        if per_indicator and self.percent is None:
            raise ValueError(f'quy tắc "{self.when.value}" cần khóa percent (ví dụ percent: 150)')
        if self.max is not None and self.max <= 0:
            raise ValueError("max phải lớn hơn 0 (ghi độ lớn, không ghi dấu)")
        if self.when is When.HAS_WARNINGS:
            from dean5299_cli.core.problems import CATALOGUE, Severity

            warnings = [code for code, (level, _) in CATALOGUE.items() if level is Severity.WARNING]
            unknown = [code for code in self.codes if code not in warnings]
            if unknown:  # a code no warning has: the rule never applies, without a word
                raise ValueError(
                    f"codes: {', '.join(unknown)} không phải mã cảnh báo "
                    f"(các mã cảnh báo: {', '.join(warnings)})"
                )
        return self


class Grades(BaseModel):
    """Lowest total points of each grade; below `done` is "không hoàn thành"."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    excellent: Points
    good: Points
    done: Points

    @model_validator(mode="after")
    def _ordered(self) -> Grades:
        if not self.excellent > self.good > self.done:
            raise ValueError("cần excellent > good > done (mức điểm giảm dần)")
        return self


class Rubric(BaseModel):
    """Schema of `xep-hang.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    title: str = "Thang điểm đánh giá, xếp hạng thực hiện Đề án 5299"
    indicators: IndicatorPoints
    without_target: WithoutTarget = WithoutTarget.ZERO
    reporting: Reporting = Reporting()
    adjustments: list[Adjustment] = []
    grades: Grades


def load_rubric(path: Path) -> Rubric:
    """Read and check a rubric file; ConfigError (exit 3) names the key and the line."""
    return load_model(path, Rubric)
