"""History stage: earlier quarters of the same year, for comparisons (never added up)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from dean5299_cli.core.checking.candidate import Candidate
from dean5299_cli.core.checking.fields import Values
from dean5299_cli.core.checking.records import Submission
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.periods import period_name, quarter_label
from dean5299_cli.core.problems import Problem, problem
from dean5299_cli.core.unit_messages import field_name, file_name
from dean5299_cli.core.units import UnitDirectory, sum_by_new_unit, unit_key


def history_by_unit(history: Sequence[Candidate]) -> dict[str, list[Candidate]]:
    """Usable earlier-quarter submissions (without errors in their values), by unit key."""
    by_unit: dict[str, list[Candidate]] = defaultdict(list)
    for c in history:
        if c.unit is not None and c.values and c.quarter is not None:
            by_unit[unit_key(c.unit)].append(c)
    return by_unit


def merge_former_units(
    by_unit: dict[str, list[Candidate]], directory: UnitDirectory | None, year: int
) -> list[Problem]:
    """Earlier quarters of a unit sent under the former names it absorbed become one summed
    candidate per quarter (in place); a quarter missing a former unit is left out of the
    comparisons. Returns the info notes saying what was summed or left out."""
    if not directory:
        return []
    notes: list[Problem] = []
    for key, group in by_unit.items():
        kept: list[Candidate] = []
        for quarter in sorted({c.quarter for c in group if c.quarter is not None}):
            in_quarter = [c for c in group if c.quarter == quarter]
            merged, note = _merge_quarter(in_quarter, directory, year, quarter)
            kept += merged
            notes += note
        by_unit[key] = kept
    return notes


def _merge_quarter(
    group: list[Candidate], directory: UnitDirectory, year: int, quarter: int
) -> tuple[list[Candidate], list[Problem]]:
    """One quarter of one unit: its own file as it is, else the sum of its former units."""
    formers = [(c, directory.match(c.header.written_unit or "").former) for c in group]
    own = [c for c, former in formers if former is None]
    if own:
        return own, []  # the unit's own (or an alias's) file: nothing to add up
    by_source: dict[str, Candidate] = {}
    for c, former in formers:
        if former is not None:
            by_source.setdefault(former, c)
    unit = group[0].unit or ""
    start = dt.date(year, 3 * quarter - 2, 1)
    listed = [
        f.name
        for f in directory.former_names(unit)
        if f.until is None or f.until >= start or f.name in by_source
    ]
    if len(listed) < 2:
        return group, []  # a renaming, not a merger: the former name's file is the unit's
    earlier = period_name(year, quarter)
    missing = [name for name in listed if name not in by_source]
    if missing:
        note = problem(
            "merged-history-incomplete",
            "",
            unit=unit,
            earlier=earlier,
            present=", ".join(by_source),
            missing=", ".join(missing),
        )
        return [], [note]
    sources = list(by_source.values())
    summed = sum_by_new_unit([(c.header.written_unit or "", c.values) for c in sources], directory)
    figures = summed[unit]
    first = sources[0]
    combined = replace(
        first,
        file=" + ".join(c.file for c in sources),
        header=replace(first.header, written_unit=" + ".join(figures.sources)),
        problems=[],
        read=Values(dict(figures.values), {}),
    )
    files = ", ".join(f'"{c.file}"' for c in sources)
    note = problem(
        "merged-history", "", unit=unit, earlier=earlier, sources=", ".join(by_source), files=files
    )
    return [combined], [note]


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
        # a field left empty is said once ("để trống: tính là 0"), not again as a fall to 0
        blank = {p.field for p in c.problems if p.code == "blank-value"}
        for fdef in ind_set.fields:
            now, then = c.values.get(fdef.code), before.values.get(fdef.code)
            if now is not None and then is not None and now < then and fdef.code not in blank:
                c.add(
                    "cumulative-decrease",
                    cell=c.cells.get(fdef.code),
                    field_code=fdef.code,
                    label=fdef.label,
                    plain_label=field_name(ind_set, fdef.code),
                    before=format_int(then),
                    earlier=f"{quarter_label(before.quarter)}, tệp {before.file}",
                    plain_earlier=(
                        f'báo cáo {quarter_label(before.quarter)}, tệp "{file_name(before.file)}"'
                    ),
                    after=format_int(now),
                )
