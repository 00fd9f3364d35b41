"""Flags stage: results of every unit and of the office, flagged by core/flags, made into problems."""

from __future__ import annotations

from collections.abc import Sequence

from dean5299_cli.core import flags as rules
from dean5299_cli.core.achievement import IndicatorResult, TargetSource
from dean5299_cli.core.checking.candidate import Candidate
from dean5299_cli.core.checking.history import previous_of
from dean5299_cli.core.checking.records import ValidationReport
from dean5299_cli.core.figures import district_results, unit_results
from dean5299_cli.core.indicators import IndicatorSet, Kind
from dean5299_cli.core.numbers import Rounding, format_percent
from dean5299_cli.core.problems import Problem, problem
from dean5299_cli.core.settings import Settings
from dean5299_cli.core.status import Flag, FlagKind

_WARNED = (FlagKind.PEER_OUTLIER, FlagKind.ABSOLUTE_THRESHOLD)  # JUMP: only a rise is warned


def absolute_threshold(settings: Settings | None) -> int | None:
    """The settings' absolute threshold, only when the office wrote one in don-vi.yaml."""
    if settings is None or "far_above_percent" not in settings.model_fields_set:
        return None
    return settings.far_above_percent


Computed = dict[int, tuple[IndicatorResult, ...]]  # id(candidate) → its results this period


def results_of(
    c: Candidate,
    ind: IndicatorSet,
    settings: Settings | None,
    year: int,
    quarter: int,
    computed: Computed,
) -> tuple[IndicatorResult, ...]:
    """The candidate's results for the period, computed once for every stage that needs them."""
    found = computed.get(id(c))
    if found is None:
        found = computed[id(c)] = unit_results(ind, settings, year, c.submission(year, quarter))
    return found


def _figures_of(
    c: Candidate,
    counted: bool,
    by_unit: dict[str, list[Candidate]],
    ind: IndicatorSet,
    settings: Settings | None,
    period: tuple[int, int],
    computed: Computed,
) -> rules.UnitResults:
    unit = c.unit or ""
    year, quarter = period
    before = previous_of(c, by_unit)
    previous: tuple[IndicatorResult, ...] = ()
    if before is not None and before.quarter is not None:
        previous = unit_results(ind, settings, year, before.submission(year, before.quarter))
    return rules.UnitResults(
        unit,
        results_of(c, ind, settings, year, quarter, computed),
        previous,
        before.quarter if before else None,
        settings.unit_population(year, unit) if settings else None,
        counted,
    )


Sourced = tuple[Candidate | None, Flag]  # a flag, with the copy it was made from (None: office)


def derive_flags(
    report: ValidationReport,
    asked: Sequence[Candidate],
    usable: set[int],
    by_unit: dict[str, list[Candidate]],
    ind_set: IndicatorSet,
    settings: Settings | None,
    computed: Computed | None = None,
) -> list[Sourced]:
    """Every flag of the period, each with the copy whose figure it is about: a unit with two
    differing copies (sheets or files) is flagged on the copy holding the figure (was: on its
    first copy, naming a sheet and cell holding another figure). Units left out for errors are
    flagged too (one round of calls). `computed` keeps each unit's results for `good_news`."""
    year, quarter = report.year, report.quarter
    computed = {} if computed is None else computed
    rounding = settings.rounding.to_rounding() if settings else Rounding()
    copies = [c for c in asked if c.unit is not None and c.read is not None]
    units = [
        _figures_of(c, id(c) in usable, by_unit, ind_set, settings, (year, quarter), computed)
        for c in copies
    ]
    office: list[Flag] = []
    district = district_results(report, ind_set, settings)
    if settings is not None:
        targets = settings.year_targets(year)
        allocations = [settings.unit_allocations(year, n) for n in settings.unit_names]
        office += rules.allocations_differ(dict(targets.own), allocations if settings.units else [])
        office += rules.suspect_targets("", district, rounding)
    threshold = absolute_threshold(settings)
    if threshold is not None:
        office += rules.above_threshold("", district, threshold, rounding)
    found: list[Sourced] = [(None, f) for f in office]
    found += [(copies[k], f) for k, f in rules.peer_outliers_at(units, rounding)]
    for c, u in zip(copies, units, strict=True):
        own = rules.contradictions(u) + rules.jumps(u, quarter)
        own += rules.suspect_targets(u.unit, u.results, rounding)
        if threshold is not None:
            own += rules.above_threshold(u.unit, u.results, threshold, rounding)
        found += [(c, f) for f in own]
    return found


def flags_of(found: Sequence[Sourced]) -> tuple[Flag, ...]:
    """The flags alone, in order; two copies of one unit giving the same flag give it once."""
    return tuple(dict.fromkeys(f for _, f in found))


def _warned(flag: Flag) -> bool:
    return flag.kind in _WARNED or rules.is_rise(flag)


def flag_problems(found: Sequence[Sourced], ind_set: IndicatorSet) -> list[Problem]:
    """validate's `far-above-target` and `target-suspect` warnings, made from the flags: a unit's
    warning on the copy (file, sheet, cell) holding the figure it is about; a flag two differing
    copies share (the same figure in both) on the first of them."""
    office: list[Problem] = []
    seen: set[Flag] = set()
    for c, flag in found:
        if flag in seen:
            continue
        seen.add(flag)
        ind = next((i for i in ind_set.indicators if i.number == flag.indicator), None)
        if flag.kind is FlagKind.TARGET_SUSPECT:
            office.append(
                problem(
                    "target-suspect",
                    "",
                    unit=flag.unit or None,
                    number=flag.indicator,
                    reason=flag.reason,
                )
            )
            continue
        if c is None or ind is None or not _warned(flag):
            continue
        cell = c.cells.get(ind.target_code or ind.code)
        c.add(
            "far-above-target",
            cell=cell,
            field_code=ind.code,
            number=ind.number,
            reason=flag.reason,
            plain_reason=flag.plain or flag.reason,
        )
    return office


def good_news(
    asked: Sequence[Candidate],
    usable: set[int],
    ind_set: IndicatorSet,
    settings: Settings | None,
    year: int,
    quarter: int,
    computed: Computed | None = None,
) -> None:
    """`above-target` (info) where a unit passed a target of its own."""
    if settings is None:
        return
    computed = {} if computed is None else computed
    rounding = settings.rounding.to_rounding()
    for c in asked:
        if id(c) not in usable:
            continue
        for r in results_of(c, ind_set, settings, year, quarter, computed):
            own = r.target_source in (TargetSource.ALLOCATION, TargetSource.POPULATION)
            if r.achievement is None or r.achievement <= 1:
                continue
            if own or r.indicator.kind is Kind.RATIO:
                cell = c.cells.get(r.indicator.target_code or r.indicator.code)
                c.add(
                    "above-target",
                    cell=cell,
                    field_code=r.indicator.code,
                    number=r.number,
                    percent=format_percent(r.achievement, rounding),
                )
