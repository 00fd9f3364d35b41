"""Where achievement is computed: one indicator, one scope (a member unit or the whole district)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from dean5299_cli.core.indicators import FieldDef, Indicator, Kind
from dean5299_cli.core.numbers import fraction_count


class TargetSource(str, Enum):
    ALLOCATION = "allocation"  # set in don-vi.yaml for this scope
    MINIMUM_TIMES_UNITS = "minimum-x-units"  # per-unit minimum × number of units
    SET_RATE = "set-rate"  # the rate of the indicator set (40%, 80%) applies at every level
    POPULATION = "population"  # rate × population of the scope
    NONE = "none"  # no target for this scope: said so, never invented


class DeadlineStatus(str, Enum):
    MET = "met"  # reached on or before the deadline
    PENDING = "pending"  # not reached yet, deadline still ahead
    MISSED = "missed"  # not reached, deadline passed
    REACHED_AFTER = "reached-after"  # reached, but the figures are dated after the deadline


@dataclass(frozen=True)
class Scope:
    """What the computation needs to know about the scope besides its figures."""

    name: str  # unit name, or "" for the whole district
    allocation: int | Fraction | None = None
    population: int | None = None
    unit_count: int = 1  # for a per-unit minimum at district level
    units_reached: int | None = None  # how many units reached a per-unit minimum
    as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)  # hundreds of thousands for a large folder
class IndicatorResult:
    """An indicator's figures and achievement for one scope. Rates and achievements are
    exact fractions (0.734 is 73,4%); rounding happens only when printing."""

    indicator: Indicator
    scope: str
    achieved: int  # count, numerator, sum, or the part that counts toward the target
    denominator: int | None = None  # ratio only
    rate: Fraction | None = None  # ratio: num / den; population share: achieved / population
    target: Fraction | None = None  # a count target, always whole (a population share's rounded up)
    target_rate: Fraction | None = None  # ratio / population share: the rate aimed at
    target_source: TargetSource = TargetSource.NONE
    achievement: Fraction | None = None  # achieved / target, or rate / target rate
    total: int | None = None  # breakdown: the total
    parts: tuple[tuple[FieldDef, int], ...] = ()
    units_reached: int | None = None
    unit_count: int | None = None
    deadline_status: DeadlineStatus | None = None

    @property
    def number(self) -> int:
        return self.indicator.number

    @property
    def parts_add_up(self) -> bool:
        return self.total is None or sum(v for _, v in self.parts) == self.total


def _allocated_count(value: int | Fraction | None) -> Fraction | None:
    if isinstance(value, int) and value > 0:
        return Fraction(value)
    return None


def _deadline(
    indicator: Indicator, achieved: int, target: Fraction | None, as_of: dt.date | None
) -> DeadlineStatus | None:
    if not (indicator.deadline and target and as_of):
        return None
    reached = achieved >= target
    if as_of <= indicator.deadline:
        return DeadlineStatus.MET if reached else DeadlineStatus.PENDING
    return DeadlineStatus.REACHED_AFTER if reached else DeadlineStatus.MISSED


def _ratio(indicator: Indicator, values: dict[str, int], scope: Scope) -> IndicatorResult:
    """A rate against the target rate: the scope's own, else the indicator set's."""
    achieved = values.get(f"ct{indicator.number}_tu", 0)
    denominator = values.get(f"ct{indicator.number}_mau", 0)
    rate = Fraction(achieved, denominator) if denominator else None
    target_rate: Fraction | None
    if isinstance(scope.allocation, Fraction):
        target_rate, source = scope.allocation, TargetSource.ALLOCATION
    else:
        target_rate, source = indicator.target_rate, TargetSource.SET_RATE
    return IndicatorResult(
        indicator=indicator,
        scope=scope.name,
        achieved=achieved,
        denominator=denominator,
        rate=rate,
        target_rate=target_rate,
        target_source=source,
        achievement=rate / target_rate if rate is not None and target_rate else None,
        units_reached=scope.units_reached,
    )


def _count_target(
    indicator: Indicator, achieved: int, scope: Scope
) -> tuple[Fraction | None, Fraction | None, Fraction | None, TargetSource]:
    """(target, target rate, rate, source) of a count-like indicator for `scope`."""
    allocated = _allocated_count(scope.allocation)
    if indicator.kind is Kind.POPULATION_SHARE:
        target_rate = indicator.target_rate
        if scope.population and target_rate is not None:
            rate = Fraction(achieved, scope.population)
            # 10% of 7.681 people is 768,1: the target is the 769 people it takes to reach 10%,
            # and the achievement is counted against the 769 the report prints (194/769 = 25,2%),
            # so that every printed fraction can be checked by its reader.
            target = Fraction(fraction_count(target_rate * scope.population))
            return target, target_rate, rate, TargetSource.POPULATION
        return None, target_rate, None, TargetSource.NONE
    if allocated is not None:
        return allocated, None, None, TargetSource.ALLOCATION
    if indicator.kind is Kind.PER_UNIT_MINIMUM and indicator.minimum:
        target = Fraction(indicator.minimum * scope.unit_count)
        return target, None, None, TargetSource.MINIMUM_TIMES_UNITS
    return None, None, None, TargetSource.NONE


def compute(indicator: Indicator, values: dict[str, int], scope: Scope) -> IndicatorResult:
    """Achievement of `indicator` for `scope` from its (summed) field values."""
    kind = indicator.kind
    if kind is Kind.RATIO:
        return _ratio(indicator, values, scope)
    total: int | None = None
    parts: tuple[tuple[FieldDef, int], ...] = ()
    if kind is Kind.BREAKDOWN:
        total = values.get(indicator.code, 0)
        parts = tuple((f, values.get(f.code, 0)) for f in indicator.parts)
        target_code = indicator.target_code
        achieved = values.get(target_code, 0) if target_code else total
    else:
        achieved = values.get(indicator.code, 0)
    target, target_rate, rate, source = _count_target(indicator, achieved, scope)
    return IndicatorResult(
        indicator=indicator,
        scope=scope.name,
        achieved=achieved,
        rate=rate,
        target=target,
        target_rate=target_rate,
        target_source=source,
        achievement=Fraction(achieved) / target if target else None,
        total=total,
        parts=parts,
        units_reached=scope.units_reached,
        unit_count=scope.unit_count if kind is Kind.PER_UNIT_MINIMUM else None,
        deadline_status=_deadline(indicator, achieved, target, scope.as_of),
    )
