"""File entries: one per file of the folder, with what it turned out to be."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from dean5299_cli.core.checking.candidate import Candidate
from dean5299_cli.core.checking.period import Place
from dean5299_cli.core.checking.records import FileEntry, FileStatus
from dean5299_cli.core.problems import Problem, Severity
from dean5299_cli.core.records import RawFile


def _status(
    refused: bool, group: Sequence[Candidate], places: dict[int, Place], probs: list[Problem]
) -> FileStatus:
    if refused:
        return FileStatus.ERROR
    if group and all(places[id(c)] in (Place.HISTORY, Place.PAST) for c in group):
        return FileStatus.HISTORY
    if any(p.severity is Severity.ERROR for p in probs):
        return FileStatus.ERROR
    if any(p.severity is Severity.WARNING for p in probs):
        return FileStatus.WARNING
    return FileStatus.OK


def _one_unit(group: Sequence[Candidate]) -> bool:
    """Several sheets of one unit (its report and last quarter's, two copies), not a table of
    units: the file is that unit's."""
    units = {c.unit for c in group}
    return all(c.several_sheets for c in group) and len(units) == 1 and None not in units


def file_entries(
    raw_files: Sequence[RawFile],
    skipped: Sequence[tuple[str, str]],
    cands: Sequence[Candidate],
    places: dict[int, Place],
    file_problems: dict[str, list[Problem]],
) -> list[FileEntry]:
    """Every file read or skipped, sorted by path."""
    entries = {rel: FileEntry(rel, FileStatus.SKIPPED) for rel, _ in skipped}
    by_file: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_file[c.file].append(c)
    for rf in raw_files:
        group = by_file.get(rf.path, [])
        probs = file_problems.get(rf.path, []) + [p for c in group for p in c.problems]
        # a unit's sheets of several periods: the file is its report of the asked one, if any
        first = next((c for c in group if places[id(c)] is Place.CURRENT), None)
        first = first or (group[0] if group else None)
        one = len(group) == 1 or _one_unit(group)
        entries[rf.path] = FileEntry(
            rf.path,
            _status(bool(rf.refused_code), group, places, probs),
            unit=first.unit if first and one else None,
            year=first.year if first else None,
            quarter=first.quarter if first else None,
            units=tuple(c.unit for c in group if c.unit) if not one else (),
        )
    return sorted(entries.values(), key=lambda e: e.file)
