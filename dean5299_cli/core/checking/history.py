"""History stage: earlier quarters of the same year, for comparisons (never added up)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from dean5299_cli.core.checking.candidate import Candidate
from dean5299_cli.core.checking.records import Submission
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.periods import quarter_label
from dean5299_cli.core.units import unit_key


def history_by_unit(history: Sequence[Candidate]) -> dict[str, list[Candidate]]:
    """Usable earlier-quarter submissions (without errors in their values), by unit key."""
    by_unit: dict[str, list[Candidate]] = defaultdict(list)
    for c in history:
        if c.unit is not None and c.values and c.quarter is not None:
            by_unit[unit_key(c.unit)].append(c)
    return by_unit


def latest_history(by_unit: dict[str, list[Candidate]], year: int) -> list[Submission]:
    """One submission per unit and earlier quarter (the first file wins on a tie)."""
    result = []
    for group in by_unit.values():
        seen: set[int] = set()
        for c in sorted(group, key=lambda x: -(x.quarter or 0)):
            if c.quarter is not None and c.quarter not in seen:
                seen.add(c.quarter)
                result.append(c.submission(year, c.quarter))
    return result


def previous_of(c: Candidate, by_unit: dict[str, list[Candidate]]) -> Candidate | None:
    """The unit's latest earlier-quarter submission, if any."""
    earlier = by_unit.get(unit_key(c.unit), []) if c.unit else []
    return max(earlier, key=lambda h: h.quarter or 0) if earlier else None


def check_decreases(
    current: Sequence[Candidate], by_unit: dict[str, list[Candidate]], ind_set: IndicatorSet
) -> None:
    """Cumulative figures may not go down from the latest earlier quarter of the same unit."""
    for c in current:
        before = previous_of(c, by_unit)
        if before is None or before.quarter is None:
            continue
        for fdef in ind_set.fields:
            now, then = c.values.get(fdef.code), before.values.get(fdef.code)
            if now is not None and then is not None and now < then:
                c.add(
                    "cumulative-decrease",
                    cell=c.cells.get(fdef.code),
                    field_code=fdef.code,
                    label=fdef.label,
                    before=format_int(then),
                    earlier=f"{quarter_label(before.quarter)}, tệp {before.file}",
                    after=format_int(now),
                )
