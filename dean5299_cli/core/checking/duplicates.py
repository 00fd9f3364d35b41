"""Duplicates stage: the same unit twice for the asked period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from dean5299_cli.core.checking.candidate import Candidate
from dean5299_cli.core.units import unit_key


def mark_duplicates(current: Sequence[Candidate]) -> set[int]:
    """An identical copy is dropped (info); differing copies are both errors.
    Returns the ids of the dropped copies. `current` holds the asked period's candidates."""
    by_unit: dict[str, list[Candidate]] = defaultdict(list)
    for c in current:
        if c.unit is not None:
            by_unit[unit_key(c.unit)].append(c)
    dropped: set[int] = set()
    for group in by_unit.values():
        first = group[0]
        for other in group[1:]:
            same = other.fingerprint() == first.fingerprint()
            if same and not other.has_error and not first.has_error:
                other.add("identical-duplicate", other=first.file)
                dropped.add(id(other))
                continue
            for a, b in ((first, other), (other, first)):
                named = any(
                    p.code == "duplicate-submission" and p.params.get("other") == b.file
                    for p in a.problems
                )
                if not named:
                    a.add("duplicate-submission", other=b.file)
    return dropped
