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


def _reporting_units(progress: Progress, number: int, index: int) -> frozenset[str]:
    """The units with figures for one indicator in the quarter at `index`."""
    return frozenset(
        row.scope
        for row in progress.unit_rows
        if row.indicator.number == number and row.cells[index].result is not None
    )


def report_progress(progress: Progress) -> tuple[IndicatorProgress, ...]:
    """The office line of every indicator with figures for at least two quarters; a quarter is
    kept only when the same units as in the report's quarter sent figures for it (as for the
    change against the previous quarter), else its total would compare different things."""
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
