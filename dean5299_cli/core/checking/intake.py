"""Intake stage: whole-file problems, and each raw submission made a candidate with its header."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace

from dean5299_cli.core.checking.candidate import Candidate
from dean5299_cli.core.checking.fields import Values, read_values
from dean5299_cli.core.checking.header import read_header
from dean5299_cli.core.checking.period import Place
from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.problems import Problem, Severity, problem
from dean5299_cli.core.records import OWN_SUMMARY_UNREAD, RawFile, RawSubmission, ReaderNote
from dean5299_cli.core.settings import Settings
from dean5299_cli.core.text import fold, sheet_label

_PLACES = ("file", "sheet", "cell", "unit", "field")  # where a problem is, never a message param


def sheet_position(rf: RawFile, sheet: str) -> int:
    """A sheet's place among its workbook's sheets (1 = the first tab; 0 when not known)."""
    return rf.sheet_names.index(sheet) + 1 if sheet in rf.sheet_names else 0


def note_problem(
    note: ReaderNote,
    file: str,
    *,
    sheet: str | None = None,
    unit: str | None = None,
    position: int = 0,
) -> Problem:
    """A reader's note judged into a problem of its file (and sheet, for a submission's note)."""
    params = {k: v for k, v in note.params.items() if k not in _PLACES}
    if "sheet_name" in params:  # a hidden or set-aside sheet, named as every message names one
        params["sheet_name"] = sheet_label(params["sheet_name"], position)
    return problem(
        note.code,
        file,
        sheet=sheet,
        cell=note.cell,
        unit=unit,
        field=note.params.get("field"),
        **params,
    )


def file_problems(
    raw_files: Sequence[RawFile], skipped: Sequence[tuple[str, str]]
) -> dict[str, list[Problem]]:
    """Problems about whole files: skipped, refused, and the reader's notes."""
    found: dict[str, list[Problem]] = defaultdict(list)
    for rel, reason in skipped:
        found[rel].append(problem("skipped-file", rel, reason=reason))
    for rf in raw_files:
        if rf.refused_code == "no-data-table":
            found[rf.path].append(problem("no-data-table", rf.path))
        elif rf.refused_code:
            found[rf.path].append(problem(rf.refused_code, rf.path, reason=rf.refused_reason or ""))
        for note in rf.notes:
            place = sheet_position(rf, str(note.params.get("sheet_name", "")))
            found[rf.path].append(note_problem(note, rf.path, position=place))
    return found


OWN_SUMMARY = (
    "bảng tổng hợp của chính đơn vị lập báo cáo ({office}), không phải báo cáo của đơn vị "
    "trực thuộc; không cộng lại lần nữa"
)


def own_office_key(settings: Settings | None) -> str:
    """The reporting office's name folded, as its own submissions are recognised ("" without
    settings): what a folder's reading passes over unread (`readers.files.Reading.own`)."""
    from dean5299_cli.core.levels import office_name

    return fold(office_name(settings)) if settings is not None else ""


def _is_own(sub: RawSubmission, own: str) -> bool:
    return bool(own) and sub.unit is not None and fold(str(sub.unit.value or "")) == own


def drop_own_office(
    raw_files: Sequence[RawFile], settings: Settings | None
) -> tuple[list[RawFile], list[tuple[str, str]]]:
    """Submissions that name the reporting office itself (its own summary, left in or written
    into the submissions folder) are never a member unit's figures: a file made only of them is
    skipped with the reason, so it is not added twice nor taken for a unit; so is a summary the
    tool wrote for this office, passed over unread (`OWN_SUMMARY_UNREAD`). In a folder holding
    nothing else too: there the summary was read, and its total row, under the office's name,
    taken for the member unit named after the same place: the office's total counted as that
    unit's figures. (`audit --summary` reads a summary its own way, by its unit rows:
    `verify.summary_data`.)"""
    if settings is None:
        return list(raw_files), []
    from dean5299_cli.core.levels import office_name

    office, own = office_name(settings), own_office_key(settings)
    kept: list[RawFile] = []
    skipped: list[tuple[str, str]] = []
    for rf in raw_files:
        subs = tuple(s for s in rf.submissions if not _is_own(s, own))
        if (rf.submissions and not subs) or rf.refused_code == OWN_SUMMARY_UNREAD:
            skipped.append((rf.path, OWN_SUMMARY.format(office=office)))
            continue
        kept.append(rf if len(subs) == len(rf.submissions) else replace(rf, submissions=subs))
    return kept, skipped


def candidates(
    raw_files: Sequence[RawFile],
    settings: Settings | None,
    today: dt.date,
    *,
    monthly: bool = False,
) -> list[Candidate]:
    """Each submission made a candidate with its header; `monthly`: a month was asked for."""
    directory = settings.directory() if settings and settings.units else None
    cands = []
    for rf in raw_files:
        if rf.refused_code:
            continue
        several = len(rf.table_sheets) > 1
        for raw in rf.submissions:
            header = read_header(raw, rf.path, directory, today, monthly=monthly)
            c = Candidate(raw, rf.path, header, list(header.problems), several_sheets=several)
            c.position = sheet_position(rf, raw.sheet)
            for note in raw.notes:
                c.problems.append(
                    note_problem(note, rf.path, sheet=raw.sheet, unit=c.unit, position=c.position)
                )
            cands.append(c)
    return cands


def read_all_values(
    cands: Sequence[Candidate],
    places: dict[int, Place],
    ind_set: IndicatorSet,
    load_set: Callable[[int], IndicatorSet],
    settings: Settings | None,
) -> None:
    """Every submission's values, whatever its period: a file with an error gets every other check."""
    for c in cands:
        place = places[id(c)]
        # set aside: an earlier year's report, or a later period's beside the unit's report
        if place in (Place.PAST, Place.LATER):  # its figures never read
            c.read = Values({}, {})
            continue
        use = ind_set
        if place is Place.OTHER and c.year is not None and c.year != ind_set.year:
            try:
                use = load_set(c.year)
            except ConfigError:  # no indicator set of that year: read with the asked one
                use = ind_set
        population = settings.unit_population(use.year, c.unit) if settings and c.unit else None
        read = read_values(c.raw, c.file, c.unit, use, population)
        if place is Place.HISTORY:  # read for comparisons only; a broken one is not used
            errors = any(p.severity is Severity.ERROR for p in read.problems)
            c.read = Values({}, {}) if errors else Values(read.values, read.cells)
        else:
            c.read = read
            c.problems.extend(read.problems)
