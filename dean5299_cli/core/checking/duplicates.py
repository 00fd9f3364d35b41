"""Duplicates stage: the same unit twice for the asked period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from dean5299_cli.core.checking.candidate import Candidate
from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.units import unit_key


def mark_duplicates(current: Sequence[Candidate]) -> set[int]:
    """An identical copy is dropped (info); differing copies are both errors.
    Returns the ids of the dropped copies. `current` holds the asked period's candidates."""
    by_unit: dict[str, list[Candidate]] = defaultdict(list)
    for c in current:
        if c.unit is not None:
            by_unit[unit_key(c.unit)].append(c)
    dropped: set[int] = set()
    for key, group in by_unit.items():
        group = by_unit[key] = _set_aside_export_rows(group, dropped)
        # errors in the figures, before any copy is told it has another: a copy of the first
        # file was called different from it once the first had its duplicate error with another
        wrong = {id(c) for c in group if c.has_error}
        first = group[0]
        # each copy with figures of its own, by them: a later copy with an earlier one's figures
        # is that one's twin, not a different file (was: compared with the first copy only)
        kept = {c.fingerprint(): c for c in group[:1] if id(c) not in wrong}
        for other in group[1:]:
            twin = kept.get(other.fingerprint()) if id(other) not in wrong else None
            if twin is not None:
                other.add("identical-duplicate", other=twin.file)
                dropped.add(id(other))
                continue
            if id(other) not in wrong:
                kept[other.fingerprint()] = other
            for a, b in ((first, other), (other, first)):
                named = any(
                    p.code == "duplicate-submission" and p.params.get("other") == b.file
                    for p in a.problems
                )
                if not named:
                    a.add("duplicate-submission", other=b.file)
    return dropped


def _set_aside_export_rows(group: list[Candidate], dropped: set[int]) -> list[Candidate]:
    """A unit's own submission wins over its row in an export (or a lower level's summary):
    the row is set aside (added to `dropped`), its differing figures named field by field."""
    own = [c for c in group if not c.raw.consolidated]
    if not own or len(own) == len(group):
        return group
    for row in group:
        if row.raw.consolidated:
            dropped.add(id(row))
            _compare(own[0], row)
    return own


def _compare(own: Candidate, row: Candidate) -> None:
    cell = row.raw.unit.cell if row.raw.unit else None
    if own.fingerprint() == row.fingerprint():
        row.add("identical-duplicate", cell=cell, other=own.file)
        return
    codes = [*own.values, *(code for code in row.values if code not in own.values)]
    differences = [
        f"{code}: {_shown(own.values.get(code))} (tệp đơn vị) ↔ "
        f"{_shown(row.values.get(code))} (tệp xuất)"
        for code in codes
        if own.values.get(code) != row.values.get(code)
    ]
    row.add("export-differs", cell=cell, other=own.file, differences="; ".join(differences))


def _shown(value: int | None) -> str:
    return "trống" if value is None else format_int(value)
