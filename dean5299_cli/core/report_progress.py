"""Progress across the year for the report: quarters of this year and the same quarter last year."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction

from dean5299_cli.core.indicators import Indicator, Kind
from dean5299_cli.core.periods import quarter_label
from dean5299_cli.core.progress import Progress, growth
from dean5299_cli.core.report_model import IndicatorFigures, IndicatorProgress, QuarterPoint


@dataclass(frozen=True)
class LastYear:
    """Last year's office totals for the same quarter, read from its summary workbook."""

    year: int
    quarter: int
    totals: dict[str, int]  # field code → cumulative figure


def report_progress(progress: Progress) -> tuple[IndicatorProgress, ...]:
    """The office line of every indicator with figures for at least two quarters."""
    out: list[IndicatorProgress] = []
    for row in progress.office_rows:
        points = tuple(
            QuarterPoint(
                quarter=cell.quarter,
                label=quarter_label(cell.quarter),
                achieved=cell.result.achieved if cell.result else None,
                achievement=cell.result.achievement if cell.result else None,
            )
            for cell in row.cells
        )
        if sum(1 for p in points if p.achieved is not None) >= 2:
            ind = row.indicator
            out.append(IndicatorProgress(ind.number, ind.short, ind.unit, points))
    return tuple(out)


def _compared(indicator: Indicator) -> bool:
    """Counts are compared year on year, as with the previous quarter (report_build._change)."""
    return indicator.kind in (Kind.COUNT, Kind.PER_UNIT_MINIMUM)


def with_last_year(
    figures: tuple[IndicatorFigures, ...],
    indicators: tuple[Indicator, ...],
    totals: dict[str, int],
    last: LastYear,
) -> tuple[IndicatorFigures, ...]:
    """Each count indicator with last year's figure and the exact change against it."""
    by_number = {i.number: i for i in indicators}
    out: list[IndicatorFigures] = []
    for fig in figures:
        ind = by_number.get(fig.number)
        if ind is None or not _compared(ind) or ind.code not in last.totals:
            out.append(fig)
            continue
        before, now = last.totals[ind.code], totals.get(ind.code, 0)
        change_share: Fraction | None = growth(before, now)
        out.append(
            dataclasses.replace(
                fig, last_year=before, year_change=now - before, year_growth=change_share
            )
        )
    return tuple(out)
