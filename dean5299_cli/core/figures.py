"""Add up the usable submissions and compute every indicator for the district and each unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dean5299_cli.core.achievement import IndicatorResult, Scope, compute
from dean5299_cli.core.checking.records import Submission, ValidationReport
from dean5299_cli.core.indicators import Indicator, IndicatorSet, Kind
from dean5299_cli.core.settings import Settings
from dean5299_cli.core.units import unit_key


@dataclass(frozen=True)
class UnitFigures:
    unit: str
    file: str
    values: dict[str, int]
    results: tuple[IndicatorResult, ...]
    previous: dict[str, int] | None = None  # the unit's figures of the previous quarter, if sent
    blank: frozenset[str] = frozenset()  # fields the unit left empty (`blank-value`), read as 0
    as_of: dt.date | None = None  # the file's "Tính đến ngày"


@dataclass(frozen=True)
class Figures:
    """All numbers of a report: district totals and results, per-unit results, what is missing."""

    indicator_set: IndicatorSet
    year: int
    quarter: int
    as_of: dt.date | None
    totals: dict[str, int]
    district: tuple[IndicatorResult, ...]
    units: tuple[UnitFigures, ...]
    # The units counted this quarter that also have figures for the previous quarter: their sums
    # in both quarters (None when no unit has both). A change is only ever computed over them.
    previous_totals: dict[str, int] | None
    left_out: tuple[tuple[str, str], ...] = ()
    missing_units: tuple[str, ...] = ()
    unread_files: tuple[tuple[str, str], ...] = ()
    missing_hints: dict[str, str] = field(default_factory=dict)
    # The report's flags as (unit or "", indicator, reason) for writers that read them this way;
    # decided by core/flags.py, never here.
    flags: tuple[tuple[str, int, str], ...] = field(default_factory=tuple)
    compared_totals: dict[str, int] | None = None  # this quarter, the units of previous_totals
    compared_units: int = 0  # how many units previous_totals and compared_totals sum
    # Per field, the units of previous_totals that left the field empty this quarter (read as 0):
    # they are left out of that field's change, or a cell never filled would read as a fall.
    compared_blank: dict[str, frozenset[str]] = field(default_factory=dict)

    def result(self, number: int) -> IndicatorResult:
        return next(r for r in self.district if r.number == number)

    def change(self, code: str) -> int | None:
        """A field's change against the previous quarter over the units with figures in both
        (`compared_units` of `unit_count`); None when no unit has both."""
        if self.previous_totals is None or self.compared_totals is None:
            return None
        if not self.change_units(code):
            return None
        return self.compared_totals.get(code, 0) - self.previous_totals.get(code, 0)

    def change_units(self, code: str) -> int:
        """How many units a field's change is computed over: those with figures in both quarters,
        less those that left the field empty this quarter."""
        return self.compared_units - len(self.compared_blank.get(code, ()))

    @property
    def unit_count(self) -> int:
        return len(self.units)


def _sum(subs: list[dict[str, int]], codes: list[str]) -> dict[str, int]:
    return {code: sum(s.get(code, 0) for s in subs) for code in codes}


def unit_results(
    ind_set: IndicatorSet,
    settings: Settings | None,
    year: int,
    sub: Submission,
) -> tuple[IndicatorResult, ...]:
    """Every indicator of one unit's submission, against the unit's own targets."""
    allocations = settings.unit_allocations(year, sub.unit) if settings else {}
    population = settings.unit_population(year, sub.unit) if settings else None
    return tuple(
        compute(
            ind,
            sub.values,
            Scope(
                sub.unit,
                allocation=allocations.get(ind.number),
                population=population,
                as_of=sub.as_of,
            ),
        )
        for ind in ind_set.indicators
    )


def legacy_flags(report: ValidationReport) -> tuple[tuple[str, int, str], ...]:
    """The report's flags as (unit or "", indicator, reason) triples, for writers that still read
    them this way (the reason is Vietnamese, shown as is)."""
    return tuple((f.unit, f.indicator or 0, f.reason) for f in report.flags)


def _population(ind: Indicator, settings: Settings | None, year: int) -> int | None:
    """The office's population for a population share: its own, else the sum of all units'."""
    if ind.kind is not Kind.POPULATION_SHARE or settings is None:
        return None
    yt = settings.year_targets(year)
    if yt.own_population:
        return yt.own_population
    if settings.units and all(settings.unit_population(year, u) for u in settings.unit_names):
        return sum(settings.unit_population(year, u) or 0 for u in settings.unit_names)
    return None


def _district(
    ind_set: IndicatorSet,
    settings: Settings | None,
    year: int,
    current: list[Submission],
    totals: dict[str, int],
    as_of: dt.date | None,
) -> list[IndicatorResult]:
    """Every indicator for the office as a whole, against its own targets."""
    own = settings.year_targets(year).own if settings else {}
    unit_total = len(settings.unit_names) if settings and settings.units else len(current)
    district = []
    for ind in ind_set.indicators:
        reached = None
        if ind.kind is Kind.PER_UNIT_MINIMUM and ind.minimum:
            reached = sum(1 for s in current if s.values.get(ind.code, 0) >= ind.minimum)
        scope = Scope(
            "",
            allocation=own.get(ind.number),
            population=_population(ind, settings, year),
            unit_count=unit_total,
            units_reached=reached,
            as_of=as_of,
        )
        district.append(compute(ind, totals, scope))
    return district


def district_results(
    report: ValidationReport, ind_set: IndicatorSet, settings: Settings | None
) -> tuple[IndicatorResult, ...]:
    """The office's results alone (what `compute_figures(...).district` gives, without the
    per-unit results): totals and the latest date do not depend on the order of units."""
    current = report.current
    totals = _sum([s.values for s in current], ind_set.field_codes)
    as_of = max((s.as_of for s in current if s.as_of), default=None)
    return tuple(_district(ind_set, settings, report.year, current, totals, as_of))


def office_targets(
    ind_set: IndicatorSet, settings: Settings | None, year: int
) -> tuple[IndicatorResult, ...]:
    """The office's target of every indicator before any file is read (`dean5299 targets`): the
    report's own computation on no figures (allocation, rate × population, minimum × units)."""
    return tuple(_district(ind_set, settings, year, [], {}, None))


def compute_figures(
    report: ValidationReport, ind_set: IndicatorSet, settings: Settings | None
) -> Figures:
    """Figures of `report.year`/`report.quarter` from the usable submissions of `report`."""
    year = report.year
    order = {unit_key(n): i for i, n in enumerate(settings.unit_names)} if settings else {}
    current = sorted(
        report.current, key=lambda s: (order.get(unit_key(s.unit), len(order)), s.unit)
    )
    codes = ind_set.field_codes
    totals = _sum([s.values for s in current], codes)

    prev_q = report.quarter - 1
    previous: dict[str, Submission] = {
        unit_key(h.unit): h for h in report.history if h.quarter == prev_q
    }
    blanks: dict[tuple[str, str], set[str]] = {}  # (file, unit) → fields left empty
    for problem in report.problems:
        if problem.code == "blank-value" and problem.unit and problem.field:
            blanks.setdefault((problem.file, unit_key(problem.unit)), set()).add(problem.field)
    unit_figs: list[UnitFigures] = []
    for sub in current:
        prev = previous.get(unit_key(sub.unit))
        unit_figs.append(
            UnitFigures(
                sub.unit,
                sub.file,
                dict(sub.values),
                unit_results(ind_set, settings, year, sub),
                dict(prev.values) if prev else None,
                frozenset(blanks.get((sub.file, unit_key(sub.unit)), ())),
                sub.as_of,
            )
        )

    as_of = max((s.as_of for s in current if s.as_of), default=None)
    district = _district(ind_set, settings, year, current, totals, as_of)

    both = [s for s in current if unit_key(s.unit) in previous]
    previous_totals = compared_totals = None
    compared_blank: dict[str, frozenset[str]] = {}
    if both:
        empty = {s.unit: blanks.get((s.file, unit_key(s.unit)), set()) for s in both}
        compared_blank = {
            code: frozenset(s.unit for s in both if code in empty[s.unit]) for code in codes
        }
        kept = {code: [s for s in both if code not in empty[s.unit]] for code in codes}
        previous_totals = {
            code: sum(previous[unit_key(s.unit)].values.get(code, 0) for s in kept[code])
            for code in codes
        }
        compared_totals = {code: sum(s.values.get(code, 0) for s in kept[code]) for code in codes}

    return Figures(
        indicator_set=ind_set,
        year=year,
        quarter=report.quarter,
        as_of=as_of,
        totals=totals,
        district=tuple(district),
        units=tuple(unit_figs),
        previous_totals=previous_totals,
        left_out=tuple(report.left_out),
        missing_units=tuple(report.missing_units),
        unread_files=tuple(report.unread_files),
        missing_hints=dict(report.missing_hints),
        flags=legacy_flags(report),
        compared_totals=compared_totals,
        compared_units=len(both),
        compared_blank={code: units for code, units in compared_blank.items() if units},
    )
