"""Judge what was read from a folder, stage by stage, into a ValidationReport. Pure: no I/O."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from dean5299_cli.core.checking import coverage, flagging, intake
from dean5299_cli.core.checking.candidate import Candidate
from dean5299_cli.core.checking.duplicates import mark_duplicates
from dean5299_cli.core.checking.files import file_entries
from dean5299_cli.core.checking.history import (
    check_decreases,
    history_by_unit,
    latest_history,
    merge_former_units,
)
from dean5299_cli.core.checking.period import (
    Place,
    choose_period,
    later_beside,
    mark_earlier_sheet,
    mark_later,
    mark_mismatch,
    place_of,
    quarter_notice,
    set_aside_note,
)
from dean5299_cli.core.checking.records import ValidationReport
from dean5299_cli.core.errors import MissingSetError
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.periods import month_of
from dean5299_cli.core.problems import COPY_PAIR_CODES, Problem, Severity, problem
from dean5299_cli.core.records import RawFile, RawSubmission
from dean5299_cli.core.settings import Settings
from dean5299_cli.core.status import UnitState
from dean5299_cli.core.units import unit_key

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def judge(
    raw_files: list[RawFile],
    *,
    load_set: Callable[[int], IndicatorSet],
    settings: Settings | None = None,
    year: int | None = None,
    quarter: int | None = None,
    skipped: Sequence[tuple[str, str]] = (),
    today: dt.date | None = None,
    figures_only: bool = False,
    release: bool = False,
) -> ValidationReport:
    """Turn the raw files of a folder into a ValidationReport for `year`, `quarter`.
    `figures_only`: the submissions counted (`current`, `history`) and nothing else: a copy
    judged alone for its figures (duplicates compares two) needs no unit's status, flag or
    problem, which go through the whole unit list (was: each such copy judged as a folder,
    0,1 s each against 3.321 units).
    `release`: `raw_files` is handed over; once every submission is read into its candidate,
    the submissions are let go of (`_release`), the list changed in place but for the files
    that are copies of a unit's report, whose reading is compared later (`ValidationReport.copies`)."""
    today = today or dt.date.today()
    given = raw_files
    raw_files, own = intake.drop_own_office(raw_files, settings)
    skipped = [*skipped, *own]
    file_problems = intake.file_problems(raw_files, skipped)
    monthly = quarter is not None and month_of(quarter) is not None
    cands = intake.candidates(raw_files, settings, today, monthly=monthly)
    year_given, quarter_given = year is not None, quarter is not None
    year, quarter = choose_period(cands, year, quarter, today, _has_set(load_set))
    try:
        ind_set = load_set(year)
    except MissingSetError as exc:
        if year_given:
            raise
        raise MissingSetError(f"Các tệp báo cáo trong thư mục ghi năm {year}. {exc}") from exc
    places = {id(c): place_of(c, year, quarter) for c in cands}
    places = later_beside(cands, places, year, quarter)
    for c in cands:
        if places[id(c)] is Place.OTHER:
            mark_mismatch(c, year, quarter)
        elif places[id(c)] is Place.LATER:
            mark_later(c, year, quarter)
    intake.read_all_values(cands, places, ind_set, load_set, settings)
    asked = [c for c in cands if places[id(c)] is Place.CURRENT]
    history = [c for c in cands if places[id(c)] is Place.HISTORY]
    dropped = mark_duplicates(asked, ind_set, cands)
    if release:
        _release((given, raw_files), cands)
    for c in history:
        mark_earlier_sheet(c, year, quarter)
    by_unit = history_by_unit(history)
    directory = settings.directory() if settings and settings.units else None
    merged_notes = merge_former_units(by_unit, directory, year)
    check_decreases(asked, by_unit, ind_set)
    usable = {id(c) for c in asked if not c.has_error and id(c) not in dropped and c.unit}
    report = ValidationReport(year=year, quarter=quarter)
    report.current = [c.submission(year, quarter) for c in asked if id(c) in usable]
    report.history = latest_history(by_unit, year)
    if figures_only:
        return report
    counted = [c for c in asked if id(c) not in dropped]
    computed: flagging.Computed = {}
    found = flagging.derive_flags(report, counted, usable, by_unit, ind_set, settings, computed)
    report.flags = flagging.flags_of(found)
    office = flagging.flag_problems(found, ind_set)
    flagging.good_news(asked, usable, ind_set, settings, year, quarter, computed)
    report.files = file_entries(raw_files, skipped, cands, places, file_problems)
    report.left_out = sorted(
        {(c.unit, c.file) for c in asked if c.has_error and c.unit and id(c) not in dropped}
    )
    report.unread_files = [
        (rf.path, file_problems[rf.path][0].message)
        for rf in raw_files
        if rf.refused_code and file_problems.get(rf.path)
    ]
    past = [c for c in cands if places[id(c)] is Place.PAST]
    everything = _outside_past(file_problems, cands, places) + office + merged_notes
    everything += set_aside_note(past, year)
    if not year_given and all(c.year is None for c in cands):
        everything.append(_year_notice(year, today, _has_set(load_set)))
    if not quarter_given:
        everything += quarter_notice(cands, year, quarter)
    everything += _coverage(report, settings, cands, places, usable, skipped)
    report.problems = sorted(
        _with_positions(everything, raw_files), key=lambda p: (p.file == "", p.file, _ORDER[p.severity], _cell_order(p.cell))
    )
    return report


_COPY_CODES = (*COPY_PAIR_CODES, "identical-duplicate")  # `copy_pairs`, `same_copies`


def _release(lists: Sequence[list[RawFile]], cands: Sequence[Candidate]) -> None:
    """What was read of each file let go of once its figures are read and its copies found: its
    submissions, out of each list (in place) and out of its candidates, which keep their sheet
    and header cells. Those are a third of the memory of a folder of 10.000 files, freed before
    its heaviest stages (was: held until the folder was judged). A file named in a copy's
    problem keeps its reading whole: the copies are compared from it.
    What is kept is copied before anything is let go of: the memory freed is then whole blocks,
    which the next stages use, not holes between the cells kept (which only cells could fill)."""
    copies = {
        name
        for c in cands
        for p in c.problems
        if p.code in _COPY_CODES
        for name in (p.file, str(p.params.get("other", "")))
    }
    # a file of one list is the same in the other but for its submissions (`drop_own_office`)
    slim = {
        rf.path: replace(rf, submissions=())
        for rf in lists[0]
        if rf.submissions and rf.path not in copies
    }
    heads = [(c, _header_only(c.raw)) for c in cands if c.file not in copies]
    for files in lists:
        for k, rf in enumerate(files):
            files[k] = slim.get(rf.path, rf)
    for c, head in heads:
        c.raw = head


def _header_only(raw: RawSubmission) -> RawSubmission:
    """`raw` without its figures: its sheet and header cells (copied, see `_release`)."""
    unit, year, quarter, as_of = (
        copy.copy(v) for v in (raw.unit, raw.year, raw.quarter, raw.as_of)
    )
    return RawSubmission(raw.sheet, unit, year, quarter, as_of, consolidated=raw.consolidated)


def _with_positions(found: Sequence[Problem], raw_files: Sequence[RawFile]) -> list[Problem]:
    """Each problem with its sheet's place among its workbook's sheets, by which a sheet whose
    name shows nothing is named (`trang thứ 2`)."""
    places = {
        (rf.path, name): k + 1 for rf in raw_files for k, name in enumerate(rf.sheet_names)
    }
    return [
        replace(p, sheet_position=places.get((p.file, p.sheet), 0))
        if p.sheet and not p.sheet_position
        else p
        for p in found
    ]


def _outside_past(
    file_problems: dict[str, list[Problem]], cands: Sequence[Candidate], places: dict[int, Place]
) -> list[Problem]:
    """Every problem found, but those of an earlier year's report: the folder's history is
    nothing its unit must fix (a file made only of such reports keeps none of its own either)."""
    kept = [c for c in cands if places[id(c)] is not Place.PAST]
    past_files = {c.file for c in cands} - {c.file for c in kept}
    found = [p for file, probs in file_problems.items() if file not in past_files for p in probs]
    return found + [p for c in kept for p in c.problems]


def _coverage(
    report: ValidationReport,
    settings: Settings | None,
    cands: Sequence[Candidate],
    places: dict[int, Place],
    usable: set[int],
    skipped: Sequence[tuple[str, str]],
) -> list[Problem]:
    """Each unit's status; `missing-unit` for those of the list without a report of the period."""
    year, quarter = report.year, report.quarter
    asked_dirs = {c.file.rpartition("/")[0] for c in cands if places[id(c)] is Place.CURRENT}
    arrivals = coverage.Arrivals(
        asked=[c for c in cands if places[id(c)] is Place.CURRENT],
        usable=usable,
        elsewhere=[c for c in cands if places[id(c)] in (Place.OTHER, Place.UNKNOWN)],
        previous=[
            c
            for c in cands
            if places[id(c)] is Place.HISTORY
            and c.quarter == quarter - 1
            and c.file.rpartition("/")[0] in asked_dirs
        ],
        unreadable=[f for f, _ in report.unread_files],
        skipped=[f for f, _ in skipped],
        read_in=coverage.read_under((c.file, c.unit) for c in cands if c.unit),
    )
    has_units = bool(settings and settings.units)
    report.units = coverage.unit_statuses(
        settings.unit_names if settings and has_units else None, arrivals
    )
    if not has_units:
        return []
    found = []
    near = coverage.near_files(arrivals)
    unreadable = coverage.NamedFiles(arrivals.unreadable, arrivals.read_in)
    for status in report.units:
        if status.state not in (UnitState.NOT_SENT, UnitState.WRONG_FILE):
            continue
        report.missing_units.append(status.unit)
        # its file: one that cannot be read, named for it, or one naming a unit near its name
        guess = unreadable.found(status.unit)
        guess = guess or near.get(unit_key(status.unit))
        if guess:
            report.missing_hints[status.unit] = guess
        state = coverage.missing_state(status, year, quarter)
        found.append(problem("missing-unit", "", unit=status.unit, state=state, hint=""))
    return found


def _year_notice(year: int, today: dt.date, has_set: Callable[[int], bool]) -> Problem:
    """Which indicator set is used when no file carries a year (never a silent choice)."""
    why = "" if year == today.year or has_set(today.year) else f" (năm {today.year} chưa có bộ chỉ tiêu)"
    return problem("year-assumed", "", year=str(year), why=why)


def _has_set(load_set: Callable[[int], IndicatorSet]) -> Callable[[int], bool]:
    """Whether a year has a set; a set that exists but is invalid stops the run (exit 3) instead
    of being passed over: the files of its year were else all read as another year's."""

    def has_set(year: int) -> bool:
        try:
            load_set(year)
        except MissingSetError:
            return False
        return True

    return has_set


def _cell_order(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits or 0), cell)
