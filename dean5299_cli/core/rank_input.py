"""The one adapter between today's ValidationReport/Figures and ranking: what `rank` reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction

from dean5299_cli.core.achievement import IndicatorResult
from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.figures import Figures
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.problems import Severity
from dean5299_cli.core.settings import Settings
from dean5299_cli.core.status import UnitState, UnitStatus
from dean5299_cli.core.units import unit_key


def _no_data(status: UnitStatus) -> tuple[DataState, str]:
    """Why a unit has no figures to rank, in the words of the unit's state."""
    files = ", ".join(f'"{f}"' for f in status.files)
    if status.state is UnitState.INVALID:
        return (
            DataState.INVALID,
            f"số liệu chưa hợp lệ (tệp {files})" if files else "số liệu chưa hợp lệ",
        )
    if status.state is UnitState.WRONG_FILE and status.detail:
        return DataState.NOT_SENT, f"chưa báo cáo ({status.detail})"
    return DataState.NOT_SENT, "chưa báo cáo"


class DataState(str, Enum):
    """Whether a unit has figures to rank (mirrors core/status.UnitState once it exists)."""

    REPORTED = "reported"
    INVALID = "invalid"  # a file arrived but has errors
    NOT_SENT = "not-sent"  # nothing usable arrived


@dataclass(frozen=True)
class UnitData:
    """One unit, as ranking needs it."""

    unit: str
    state: DataState
    results: tuple[IndicatorResult, ...] = ()
    values: dict[str, int] = field(default_factory=dict)
    previous: dict[str, int] | None = None  # previous quarter's figures, if sent
    file: str = ""
    as_of: dt.date | None = None
    file_date: dt.date | None = None  # modification date of the file, when it can be read
    warnings: tuple[str, ...] = ()  # codes of warnings raised on the unit's figures
    blank_fields: tuple[str, ...] = ()
    detail: str = ""  # Vietnamese, why there is no data
    allocations: dict[int, int | Fraction] = field(default_factory=dict)
    population: int | None = None


@dataclass(frozen=True)
class RankInput:
    """Everything ranking, scoring and progress read; built once from the stable interfaces."""

    year: int
    quarter: int
    indicator_set: IndicatorSet
    units: tuple[UnitData, ...]
    office: tuple[IndicatorResult, ...]
    # unit → quarter → cumulative figures (earlier quarters and the current one)
    by_quarter: dict[str, dict[int, dict[str, int]]] = field(default_factory=dict)
    own_allocations: dict[int, int | Fraction] = field(default_factory=dict)
    own_population: int | None = None


def _unit_problems(report: ValidationReport) -> dict[str, tuple[list[str], list[str]]]:
    """unit key → (warning codes, blank field codes) of the current submissions."""
    current_files = {s.file for s in report.current}
    found: dict[str, tuple[list[str], list[str]]] = {}
    for p in report.problems:
        if p.unit is None or p.file not in current_files or p.severity is not Severity.WARNING:
            continue
        warnings, blanks = found.setdefault(unit_key(p.unit), ([], []))
        if p.code == "blank-value" and p.field:
            blanks.append(p.field)
        elif p.code not in warnings:
            warnings.append(p.code)
    return found


def build_input(
    report: ValidationReport,
    figures: Figures,
    settings: Settings | None,
    file_dates: dict[str, dt.date] | None = None,
) -> RankInput:
    """Every unit of the settings' list (else every unit seen), in order, with its state."""
    dates = file_dates or {}
    subs = {unit_key(s.unit): s for s in report.current}
    figs = {unit_key(u.unit): u for u in figures.units}
    problems = _unit_problems(report)
    units: list[UnitData] = []
    for status in report.units:  # every unit, in the list's order: the judging's decision
        name = status.unit
        key = unit_key(name)
        allocations = settings.unit_allocations(report.year, name) if settings else {}
        population = settings.unit_population(report.year, name) if settings else None
        uf, sub = figs.get(key), subs.get(key)
        if uf is None or sub is None:
            state, detail = _no_data(status)
            units.append(
                UnitData(name, state, detail=detail, allocations=allocations, population=population)
            )
            continue
        warnings, blanks = problems.get(key, ([], []))
        units.append(
            UnitData(
                unit=name,
                state=DataState.REPORTED,
                results=uf.results,
                values=dict(uf.values),
                previous=dict(uf.previous) if uf.previous is not None else None,
                file=uf.file,
                as_of=sub.as_of,
                file_date=dates.get(uf.file),
                warnings=tuple(warnings),
                blank_fields=tuple(blanks),
                allocations=allocations,
                population=population,
            )
        )
    by_quarter: dict[str, dict[int, dict[str, int]]] = {}
    canonical = {unit_key(s.unit): s.unit for s in report.units}
    for s in [*report.history, *report.current]:
        name = canonical.get(unit_key(s.unit), s.unit)
        by_quarter.setdefault(name, {})[s.quarter] = dict(s.values)
    year_targets = settings.year_targets(report.year) if settings else None
    return RankInput(
        year=report.year,
        quarter=report.quarter,
        indicator_set=figures.indicator_set,
        units=tuple(units),
        office=figures.district,
        by_quarter=by_quarter,
        own_allocations=dict(year_targets.own) if year_targets else {},
        own_population=year_targets.own_population if year_targets else None,
    )
