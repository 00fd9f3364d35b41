"""Rank units per indicator: achievement, change over the previous quarter, ties as 1, 2, 2, 4."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import TypeVar

from dean5299_cli.core.achievement import IndicatorResult, Scope, compute
from dean5299_cli.core.indicators import Indicator
from dean5299_cli.core.numbers import Rounding, format_percent
from dean5299_cli.core.rank_input import DataState, RankInput, UnitData

K = TypeVar("K", bound=Hashable)
DEFAULT_ROUNDING = Rounding()


class Trend(str, Enum):
    UP = "up"
    SAME = "same"  # no change over the previous quarter
    DOWN = "down"  # a fall: cumulative figures should never go down
    NO_PREVIOUS = "no-previous"  # no figures of the previous quarter
    NO_DATA = "no-data"


TREND_VI = {
    Trend.UP: "tăng",
    Trend.SAME: "không thay đổi",
    Trend.DOWN: "giảm",
    Trend.NO_PREVIOUS: "không có số liệu quý trước",
    Trend.NO_DATA: "chưa có số liệu",
}


def competition_ranks(scores: Sequence[tuple[K, Fraction | Decimal]]) -> dict[K, int]:
    """Highest first; equal scores share a rank and the next rank skips (1, 2, 2, 4). Callers
    pass scores as printed (rounded), so two units shown with the same score share a rank."""
    ordered = sorted((s for _, s in scores), reverse=True)
    first: dict[Fraction | Decimal, int] = {}
    for position, score in enumerate(ordered, start=1):
        first.setdefault(score, position)
    return {key: first[score] for key, score in scores}


@dataclass(frozen=True, slots=True)  # hundreds of thousands for a large folder
class Standing:
    """One unit on one indicator."""

    unit: str
    state: DataState
    result: IndicatorResult | None  # None without data
    previous: int | None = None  # the same figure (count, numerator, counted part) last quarter
    rank: int | None = None  # None: no data, or no target to rank against
    detail: str = ""

    @property
    def achieved(self) -> int | None:
        return self.result.achieved if self.result else None

    @property
    def achievement(self) -> Fraction | None:
        return self.result.achievement if self.result else None

    @property
    def change(self) -> int | None:
        if self.achieved is None or self.previous is None:
            return None
        return self.achieved - self.previous

    @property
    def change_ratio(self) -> Fraction | None:
        """Change over the previous quarter as a share of it (None when it was 0)."""
        if self.change is None or not self.previous:
            return None
        return Fraction(self.change, self.previous)

    @property
    def trend(self) -> Trend:
        if self.result is None:
            return Trend.NO_DATA
        if self.change is None:
            return Trend.NO_PREVIOUS
        return Trend.UP if self.change > 0 else Trend.SAME if self.change == 0 else Trend.DOWN


@dataclass(frozen=True)
class IndicatorRanking:
    indicator: Indicator
    office: IndicatorResult | None
    standings: tuple[Standing, ...]  # ranked first (best first), then unranked, in unit order

    def with_trend(self, trend: Trend) -> tuple[str, ...]:
        return tuple(s.unit for s in self.standings if s.trend is trend)


def _scope(unit: UnitData, indicator: Indicator) -> Scope:
    return Scope(
        unit.unit,
        allocation=unit.allocations.get(indicator.number),
        population=unit.population,
        as_of=unit.as_of,
    )


def rank_indicator(
    data: RankInput, indicator: Indicator, rounding: Rounding = DEFAULT_ROUNDING
) -> IndicatorRanking:
    """Every unit's standing on `indicator`, ranked by achievement as printed with `rounding`
    (127,47% and 127,53% both read 127,5%: one rank, never 22 beside 23)."""
    raw: list[Standing] = []
    for unit in data.units:
        result = next((r for r in unit.results if r.number == indicator.number), None)
        if unit.state is not DataState.REPORTED or result is None:
            raw.append(Standing(unit.unit, unit.state, None, detail=unit.detail))
            continue
        previous = None
        if unit.previous is not None:
            before = compute(indicator, unit.previous, _scope(unit, indicator))
            previous = before.achieved
        detail = "" if result.achievement is not None else "không có chỉ tiêu để so sánh"
        raw.append(Standing(unit.unit, unit.state, result, previous, detail=detail))
    ranks = competition_ranks(
        [(s.unit, rounding.round(s.achievement * 100)) for s in raw if s.achievement is not None]
    )
    ranked = [
        Standing(s.unit, s.state, s.result, s.previous, ranks.get(s.unit), s.detail) for s in raw
    ]
    order = {s.unit: i for i, s in enumerate(ranked)}
    ranked.sort(key=lambda s: (s.rank is None, s.rank or 0, order[s.unit]))
    office = next((r for r in data.office if r.number == indicator.number), None)
    return IndicatorRanking(indicator, office, tuple(ranked))


def leader_words(standing: Standing, rounding: Rounding) -> str:
    """A unit leading an indicator, as the report says its figure: a rate target's leader with
    its rate and its achievement ("tỷ lệ 55,0%, bằng 137,5% chỉ tiêu"; a bare 137,5% reads as
    the rate), another's with its achievement."""
    result = standing.result
    achievement = format_percent(standing.achievement, rounding)
    if result is not None and result.rate is not None and result.target_rate is not None:
        rate = format_percent(result.rate, rounding)
        return f"{standing.unit} (tỷ lệ {rate}, bằng {achievement} chỉ tiêu)"
    return f"{standing.unit} ({achievement})"


def rank_all(data: RankInput, rounding: Rounding = DEFAULT_ROUNDING) -> tuple[IndicatorRanking, ...]:
    return tuple(rank_indicator(data, ind, rounding) for ind in data.indicator_set.indicators)
