"""Duplicate submissions at the edge: judge each copy alone, say which is newer and what differs.

The judge (core/checking) decides that two files are duplicates; this module judges each copy on
its own to compare them (core/duplicates_diff), and, for `--lay-moi-nhat`, judges the folder
again with the older copies set aside (from the reading the report kept, if it did). The copies
are judged from the folder's own reading, kept in the report (`ValidationReport.copies`), so the
figures compared are those validated. A report without them (built by `judge` from readings of
one's own) has its copies read again as the folder was, in another process bounded in time and
memory, never in this one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from dean5299_cli.core.checks import ValidationReport, judge
from dean5299_cli.core.duplicates_diff import (
    DECIDED,
    Comparison,
    Copy,
    compare_copies,
    described,
    newest_each,
    undecided,
)
from dean5299_cli.core.indicator_sets import SetLibrary, library_of
from dean5299_cli.core.periods import parse_date
from dean5299_cli.core.problems import COPY_PAIR_CODES, Problem
from dean5299_cli.core.records import RawFile
from dean5299_cli.core.settings import LoadedSettings, Settings
from dean5299_cli.core.units import unit_key
from dean5299_cli.folder import judge_again, read_all


def _copy(
    folder: Path,
    raw: RawFile,
    report: ValidationReport,
    settings: Settings | None,
    sets: SetLibrary,
) -> Copy:
    rel = raw.path
    path = folder / rel
    try:  # aware local time: copies are compared by the time between them, not by the clock
        stamp = path.stat().st_mtime
        modified: dt.datetime | None = dt.datetime.fromtimestamp(stamp, dt.timezone.utc).astimezone()
    except (OSError, OverflowError, ValueError):  # Windows: no local time before 1970
        modified = None
    alone = judge(
        [raw],
        load_set=sets.load,
        settings=settings,
        year=report.year,
        quarter=report.quarter,
        figures_only=True,
    )
    if alone.current:
        sub = alone.current[0]
        return Copy(rel, sub.as_of, modified, dict(sub.values), _exported(raw))
    return Copy(rel, _written_date(raw), modified, None, _exported(raw))


def _written_date(raw: RawFile) -> dt.date | None:
    """The date a copy with errors in its figures says it was written: it still tells which copy
    is newer (was: dropped, so a copy with a #DIV/0! cell dated 15/11 was taken as newer than
    the good one dated 25/11 for being saved later, and the unit left out)."""
    days = {parse_date(s.as_of.value) for s in raw.submissions if s.as_of is not None}
    days.discard(None)
    return days.pop() if len(days) == 1 else None


def compare_duplicates(
    folder: Path,
    report: ValidationReport,
    loaded: LoadedSettings | None,
    *,
    newest: bool = False,
    twins: bool = False,
) -> list[Comparison]:
    """Each pair of differing copies, judged one by one and compared; `twins`: and each copy the
    judge dropped for holding another's figures (`same_copies`) with that one, none an export's
    row (a unit's reminder names the files it sent, perhaps the same figures sent again under a
    later date, which --lay-moi-nhat takes); `newest`: instead, each
    unit's newest copy against each other one (`newest_each`, what --lay-moi-nhat decides),
    the copies the judge dropped for holding another's figures among them (`same_copies`: was,
    the older copy set aside and its twin then standing against the newer one); an export's
    rows never among them (`_exported`: was, the older of two exports set aside for a unit
    found only in them, and the other units of that export left out as not sent)."""
    return _compared(folder, report, loaded, newest, twins)[0]


def _compared(
    folder: Path,
    report: ValidationReport,
    loaded: LoadedSettings | None,
    newest: bool,
    twins: bool = False,
) -> tuple[list[Comparison], dict[str, RawFile]]:
    """`compare_duplicates`, and the reading of each file compared."""
    pairs = report.copy_pairs()
    if not pairs:
        return [], {}
    same = report.same_copies() if newest or twins else []
    sets = library_of(loaded)
    settings = loaded.settings if loaded else None
    fields = sets.load(report.year).field_codes
    names = sorted({rel for pair in (*pairs, *same) for rel in pair})  # each once
    raws = {rel: report.copies[rel] for rel in names if rel in report.copies}
    unread = [rel for rel in names if rel not in raws]
    if unread:
        raws.update((raw.path, raw) for raw in read_all([(folder / rel, rel) for rel in unread]))
    pairs += [(a, b) for a, b in same if a in raws and not (twins and _exported(raws[a]))]
    if newest:  # an export is never set aside: a unit found only in exports stays two copies
        pairs = [(a, b) for a, b in pairs if not _exported(raws[a]) and not _exported(raws[b])]
    copies: dict[tuple[str, str], Copy] = {}
    said = problems_by_file(report)

    def copy_of(unit: str, rel: str) -> Copy:
        if (unit, rel) not in copies:
            raw = _copy_sheets(raws[rel], said.get(rel, ()), unit)
            copies[unit, rel] = replace(
                _copy(folder, raw, report, settings, sets),
                unit=unit,
                shared=_shared(said.get(rel, ()), rel, unit),
            )
        return copies[unit, rel]

    compared = [
        compare_copies(copy_of(unit, a), copy_of(unit, b), fields)
        for a, b in pairs
        for unit in _units_of(said, a, b)
    ]
    return (newest_each(compared, fields) if newest else compared), raws


def problems_by_file(report: ValidationReport) -> dict[str, list[Problem]]:
    """Each file's problems, in the report's order, gathered once: what each copy is, is read
    from its file's own (was: every problem of the folder gone through for each copy, 5 s for
    90 units with two files among 13.000 files)."""
    found: dict[str, list[Problem]] = {}
    for p in report.problems:
        found.setdefault(p.file, []).append(p)
    return found


def _units_of(said: Mapping[str, Sequence[Problem]], a: str, b: str) -> list[str]:
    """The units whose copies `a` and `b` both hold (a workbook may hold several units' sheets:
    each unit's copies are compared, and chosen between, on their own; was: the file compared
    as one copy, by its first unit's figures, and set aside whole for another unit's newer
    copy, the other unit's newer sheet with it)."""
    held = [
        {unit_key(p.unit): p.unit for p in said.get(f, ()) if _copy_of(p, f) and p.unit}
        for f in (a, b)
    ]
    return [held[0][key] for key in sorted(held[0].keys() & held[1].keys())] or [""]


_COPY_CODES = (*COPY_PAIR_CODES, "identical-duplicate", "duplicate-sheet", "identical-sheet")


def _copy_sheets(raw: RawFile, mine: Sequence[Problem], unit: str = "") -> RawFile:
    """A file with several sheets judged as a copy by the sheets that are copies of `unit`'s
    report only (of any unit's, with no unit given), as its problems (`mine`) say: its other
    unit's sheet, or its earlier quarter's, is no part of that copy."""
    if len(raw.table_sheets) < 2:
        return raw
    sheets = {
        p.sheet
        for p in mine
        if _copy_of(p, raw.path) and (not unit or _same_unit(p, unit))
    }
    return replace(raw, submissions=tuple(s for s in raw.submissions if s.sheet in sheets))


def _unit_sheets(mine: Sequence[Problem], older: str, unit: str) -> set[str]:
    """The sheets of `older` that are copies of `unit`'s report, as its problems (`mine`) say."""
    return {
        p.sheet
        for p in mine
        if _copy_of(p, older) and _same_unit(p, unit) and p.sheet
    }


def _shared(mine: Sequence[Problem], file: str, unit: str) -> bool:
    """`unit`'s copy in `file` is a sheet of a workbook holding another unit's report too, as
    the judge found (`duplicate-submission`'s `shared`, among the file's problems `mine`): its
    sheet goes, never the workbook."""
    return any(
        p.code == "duplicate-submission" and p.file == file and p.params.get("shared")
        for p in mine
        if not unit or _same_unit(p, unit)
    )


def _copy_of(p: Problem, file: str) -> bool:
    """`p` says its sheet of `file` is a copy of a unit's report."""
    return p.file == file and p.code in _COPY_CODES


def _same_unit(p: Problem, unit: str) -> bool:
    return p.unit is not None and unit_key(p.unit) == unit_key(unit)


def _exported(raw: RawFile) -> bool:
    """A file holding units' rows (an export, a lower level's summary), not one unit's report: it
    is never set aside as a unit's older copy (its other units would go with it)."""
    return any(s.consolidated for s in raw.submissions)


def duplicate_notes(comparisons: list[Comparison]) -> dict[tuple[str, str], tuple[str, ...]]:
    """(unit key, file) → the Vietnamese comparisons shown under it, one per pair, under the
    newer file (with `compare_duplicates(newest=True)`: each unit's newest copy, against each
    other one); a file holding two units' copies has each unit's under that unit (was: both
    under each, one unit's figures told under the other's)."""
    notes: dict[tuple[str, str], tuple[str, ...]] = {}
    for c, text in described(comparisons):
        key = (unit_key(c.newer.unit), c.newer.file)
        notes[key] = (*notes.get(key, ()), text)
    return notes


def newer_copies_only(
    folder: Path, report: ValidationReport, loaded: LoadedSettings | None
) -> tuple[ValidationReport, list[Comparison]]:
    """The report judged again with each pair's older copy set aside (shown as a skipped
    file), and the pairs. Pairs that nothing tells apart stay as they were: both errors. The
    folder is not read again when the report kept its reading (`load_report`'s `take_newer`)."""
    comparisons, raws = _compared(folder, report, loaded, True)
    aside: dict[str, str] = {}
    sheets_aside = older_sheets(report)
    said = problems_by_file(report)
    for c in comparisons:  # a copy with the kept one's figures is set aside too: counted once
        if c.basis in DECIDED:
            why = f'bản cũ hơn của "{c.newer.file}" (--lay-moi-nhat)'
        elif not undecided(c):
            why = f'cùng số liệu với "{c.newer.file}" (--lay-moi-nhat)'
        else:
            continue
        raw = raws.get(c.older.file)
        mine = said.get(c.older.file, ())
        sheets = _unit_sheets(mine, c.older.file, c.older.unit) if raw else set()
        if raw is not None and sheets and sheets != set(raw.table_sheets):
            # a copy that is some sheets of a file: those set aside, never the file's others
            sheets_aside.update(((c.older.file, sheet), why) for sheet in sorted(sheets))
        else:
            aside[c.older.file] = why
    if not aside and not sheets_aside:
        return report, comparisons
    again = judge_again(
        folder,
        report,
        settings=loaded.settings if loaded else None,
        indicator_sets=library_of(loaded),
        set_aside=aside,
        sheets_aside=sheets_aside,
    )
    return again, comparisons


def older_sheets(report: ValidationReport) -> dict[tuple[str, str], str]:
    """(file, sheet) → why it is set aside: a unit's differing sheets of one file for the period,
    all but the one whose date written is the latest (`newest`, found by the judge); sheets
    that no date tells apart stay, both errors."""
    found: dict[tuple[str, str], str] = {}
    for p in report.problems:
        newest = p.params.get("newest") if p.code == "duplicate-sheet" else None
        if newest and p.sheet and p.sheet != newest:
            found[(p.file, p.sheet)] = (
                f'bản cũ hơn của trang "{newest}" (theo ngày ghi trong trang, --lay-moi-nhat)'
            )
    return found
