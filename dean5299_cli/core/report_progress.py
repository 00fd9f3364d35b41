"""Progress across the year for the report: quarters of this year and the same quarter last year."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction

from dean5299_cli.core.indicators import Indicator, IndicatorSet, Kind
from dean5299_cli.core.periods import quarter_label
from dean5299_cli.core.progress import Progress, growth
from dean5299_cli.core.report_model import IndicatorFigures, IndicatorProgress, QuarterPoint


@dataclass(frozen=True)
class LastYear:
    """Last year's office figures for the same quarter, by THIS year's indicator number.

    Indicator sets are renumbered every year (2022's CT3 is 2023's CT1): indicators are matched
    by their short name, never by number or field code."""

    year: int
    quarter: int
    totals: dict[int, int]  # this year's indicator number → last year's cumulative figure
    not_compared: tuple[str, ...] = ()  # why an indicator is left out, for the clerk


def _countable(indicator: Indicator) -> bool:
    """Counts are compared year on year, as with the previous quarter (report_build._change)."""
    return indicator.kind in (Kind.COUNT, Kind.PER_UNIT_MINIMUM)


def _name(indicator: Indicator) -> str:
    return " ".join(indicator.short.split()).casefold()


def match_last_year(this: IndicatorSet, last: IndicatorSet) -> dict[int, Indicator]:
    """This year's countable indicators → last year's indicator of the same short name and a
    countable kind (at most one each; an ambiguous name is not matched)."""
    names: dict[str, list[Indicator]] = {}
    for ind in last.indicators:
        if _countable(ind):
            names.setdefault(_name(ind), []).append(ind)
    return {
        ind.number: names[_name(ind)][0]
        for ind in this.indicators
        if _countable(ind) and len(names.get(_name(ind), [])) == 1
    }


def _reporting_units(progress: Progress, number: int, index: int) -> frozenset[str]:
    """The units with figures for one indicator in the quarter at `index`."""
    return frozenset(
        row.scope
        for row in progress.unit_rows
        if row.indicator.number == number and row.cells[index].result is not None
    )


def report_progress(progress: Progress) -> tuple[IndicatorProgress, ...]:
    """The office line of every indicator with figures for at least two quarters; a quarter is
    kept only when the same units as in the report's quarter sent figures for it, else its total
    would compare different things (the change against the previous quarter, one number, is
    instead computed over the units with both quarters, and the sentence says how many)."""
    out: list[IndicatorProgress] = []
    for row in progress.office_rows:
        number = row.indicator.number
        current = _reporting_units(progress, number, len(row.cells) - 1)
        points = tuple(
            QuarterPoint(cell.quarter, quarter_label(cell.quarter), None, None)
            if cell.result is None or _reporting_units(progress, number, n) != current
            else QuarterPoint(
                cell.quarter,
                quarter_label(cell.quarter),
                cell.result.achieved,
                cell.result.achievement,
            )
            for n, cell in enumerate(row.cells)
        )
        if sum(1 for p in points if p.achieved is not None) >= 2:
            ind = row.indicator
            out.append(IndicatorProgress(ind.number, ind.short, ind.unit, points))
    return tuple(out)


def with_last_year(
    figures: tuple[IndicatorFigures, ...],
    indicators: tuple[Indicator, ...],
    totals: dict[str, int],
    last: LastYear,
) -> tuple[IndicatorFigures, ...]:
    """Each matched count indicator with last year's figure and the exact change against it."""
    by_number = {i.number: i for i in indicators}
    out: list[IndicatorFigures] = []
    for fig in figures:
        ind = by_number.get(fig.number)
        if ind is None or not _countable(ind) or fig.number not in last.totals:
            out.append(fig)
            continue
        before, now = last.totals[fig.number], totals.get(ind.code, 0)
        change_share: Fraction | None = growth(before, now)
        out.append(
            dataclasses.replace(
                fig, last_year=before, year_change=now - before, year_growth=change_share
            )
        )
    return tuple(out)
