"""Duplicate submissions at the edge: read both copies, say which is newer and what differs.

The judge (core/checks) decides that two files are duplicates; this module only reads the two
files again, each on its own, to compare them (core/duplicates_diff), and, for `--lay-moi-nhat`,
validates the folder again with the older copies set aside.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dean5299_cli.core.checks import ValidationReport, judge
from dean5299_cli.core.duplicates_diff import Basis, Comparison, Copy, compare_copies, describe
from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.settings import Settings
from dean5299_cli.folder import list_folder, read_all
from dean5299_cli.readers.files import read_file


def duplicate_pairs(report: ValidationReport) -> list[tuple[str, str]]:
    """Pairs of differing files of one unit for the period, each pair once, in name order."""
    pairs = {
        tuple(sorted((p.file, str(p.params["other"]))))
        for p in report.problems
        if p.code == "duplicate-submission" and p.params.get("other")
    }
    return sorted((a, b) for a, b in pairs)


def _copy(folder: Path, rel: str, report: ValidationReport, settings: Settings | None) -> Copy:
    path = folder / rel
    try:
        modified: dt.datetime | None = dt.datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        modified = None
    alone = judge(
        [read_file(path, rel)],
        load_set=load_set,
        settings=settings,
        year=report.year,
        quarter=report.quarter,
    )
    if alone.current:
        sub = alone.current[0]
        return Copy(rel, sub.as_of, modified, dict(sub.values))
    return Copy(rel, None, modified, None)


def compare_duplicates(
    folder: Path, report: ValidationReport, settings: Settings | None
) -> list[Comparison]:
    fields = load_set(report.year).field_codes
    return [
        compare_copies(
            _copy(folder, a, report, settings), _copy(folder, b, report, settings), fields
        )
        for a, b in duplicate_pairs(report)
    ]


def duplicate_notes(comparisons: list[Comparison]) -> dict[str, str]:
    """file → the Vietnamese comparison, shown once per pair, under the newer file."""
    notes: dict[str, str] = {}
    for c in comparisons:
        notes[c.newer.file] = describe(c)
    return notes


def take_newer(
    folder: Path,
    comparisons: list[Comparison],
    *,
    settings: Settings | None,
    year: int,
    quarter: int,
) -> ValidationReport:
    """Validate again with each pair's older copy set aside (shown as a skipped file).

    Pairs where nothing tells the copies apart stay as they were: both remain errors.
    """
    older = {c.older.file: c.newer.file for c in comparisons if c.basis is not Basis.UNKNOWN}
    items, skipped = list_folder(folder)
    kept = [(path, rel) for path, rel in items if rel not in older]
    skipped = skipped + [
        (rel, f'bản cũ hơn của "{older[rel]}" (--lay-moi-nhat)') for _, rel in items if rel in older
    ]
    return judge(
        read_all(kept),
        load_set=load_set,
        settings=settings,
        year=year,
        quarter=quarter,
        skipped=sorted(skipped),
    )


def newer_copies_only(
    folder: Path, report: ValidationReport, settings: Settings | None
) -> tuple[ValidationReport, list[Comparison]]:
    """`--lay-moi-nhat`: the report with each duplicate's older copy set aside, and the pairs."""
    comparisons = compare_duplicates(folder, report, settings)
    if not comparisons:
        return report, comparisons
    again = take_newer(
        folder, comparisons, settings=settings, year=report.year, quarter=report.quarter
    )
    return again, comparisons
