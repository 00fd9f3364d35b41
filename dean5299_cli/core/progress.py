"""Progress across the year: cumulative figures and achievement by unit and quarter, and the office line."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from dean5299_cli.core.achievement import IndicatorResult, Scope, compute
from dean5299_cli.core.indicators import Indicator, Kind
from dean5299_cli.core.periods import periods_up_to
from dean5299_cli.core.rank_input import RankInput


@dataclass(frozen=True, slots=True)  # hundreds of thousands for a large folder
class ProgressCell:
    """One indicator for one scope and quarter (None: no figures for that quarter)."""

    quarter: int
    result: IndicatorResult | None


@dataclass(frozen=True, slots=True)  # hundreds of thousands for a large folder
class ProgressRow:
    scope: str  # unit name, or "" for the office
    indicator: Indicator
    cells: tuple[ProgressCell, ...]  # quarters 1 … the asked quarter
    units_counted: tuple[int, ...] = ()  # office line: units added up, per quarter


@dataclass(frozen=True)
class Progress:
    quarters: tuple[int, ...]
    unit_rows: tuple[ProgressRow, ...]
    office_rows: tuple[ProgressRow, ...]
    unit_total: int  # units that should report


def _sum(values: list[dict[str, int]], codes: list[str]) -> dict[str, int]:
    return {code: sum(v.get(code, 0) for v in values) for code in codes}


def _office_scope(data: RankInput, indicator: Indicator, values: list[dict[str, int]]) -> Scope:
    reached = None
    if indicator.kind is Kind.PER_UNIT_MINIMUM and indicator.minimum:
        reached = sum(1 for v in values if v.get(indicator.code, 0) >= indicator.minimum)
    population = data.own_population
    if population is None and indicator.kind is Kind.POPULATION_SHARE:
        pops = [u.population for u in data.units]
        if pops and all(pops):
            population = sum(p or 0 for p in pops)
    return Scope(
        "",
        allocation=data.own_allocations.get(indicator.number),
        population=population,
        unit_count=len(data.units),
        units_reached=reached,
    )


def build_progress(data: RankInput) -> Progress:
    """Quarters 1 … `data.quarter`; figures are cumulative, targets annual."""
    quarters = periods_up_to(data.quarter)
    codes = data.indicator_set.field_codes
    unit_rows: list[ProgressRow] = []
    office_rows: list[ProgressRow] = []
    empty = {q: ProgressCell(q, None) for q in quarters}  # shared: most units miss some quarter
    reported = {q: [v[q] for v in data.by_quarter.values() if q in v] for q in quarters}
    totals = {q: _sum(reported[q], codes) for q in quarters}  # the same for every indicator
    for indicator in data.indicator_set.indicators:
        for unit in data.units:
            own = data.by_quarter.get(unit.unit, {})
            scope = Scope(
                unit.unit,
                allocation=unit.allocations.get(indicator.number),
                population=unit.population,
            )
            cells = tuple(
                ProgressCell(q, compute(indicator, own[q], scope)) if q in own else empty[q]
                for q in quarters
            )
            unit_rows.append(ProgressRow(unit.unit, indicator, cells))
        office_cells: list[ProgressCell] = []
        counted: list[int] = []
        for q in quarters:
            values = reported[q]
            counted.append(len(values))
            result = None
            if values:
                scope = _office_scope(data, indicator, values)
                result = compute(indicator, totals[q], scope)
            office_cells.append(ProgressCell(q, result))
        office_rows.append(ProgressRow("", indicator, tuple(office_cells), tuple(counted)))
    return Progress(quarters, tuple(unit_rows), tuple(office_rows), len(data.units))


def growth(before: int | None, after: int | None) -> Fraction | None:
    """Growth of a cumulative figure as a share of the earlier one (None when it cannot be said)."""
    if before is None or after is None or before == 0:
        return None
    return Fraction(after - before, before)
