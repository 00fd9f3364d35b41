"""Duplicates stage: the same unit twice for the asked period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from dean5299_cli.core.checking.candidate import Candidate
from dean5299_cli.core.duplicates_diff import differing, value_text
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.problems import COPY_PAIR_CODES, KEEP_COPY, Severity
from dean5299_cli.core.text import sheet_in_list
from dean5299_cli.core.unit_messages import field_label
from dean5299_cli.core.units import unit_key

MAX_SHEETS_NAMED = 5  # a workbook of hundreds of copies: its first sheets named, the rest counted


def mark_duplicates(
    current: Sequence[Candidate],
    ind_set: IndicatorSet | None = None,
    everything: Sequence[Candidate] = (),
) -> set[int]:
    """An identical copy is dropped (info); differing copies are both errors, differing sheets
    of one file too (`_mark_sheets`: a file's name cannot tell them apart). Returns the ids of
    the dropped copies. `current` holds the asked period's candidates; `ind_set` orders and
    names the fields in the words told to a unit; `everything`: all the folder's candidates,
    of any period (which files hold other units' reports: never to be moved out whole)."""
    held: dict[str, set[str]] = defaultdict(set)  # file → the units whose reports it holds
    for c in (*everything, *current):
        if c.unit is not None:
            held[c.file].add(unit_key(c.unit))
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
                if _one_file(twin, other):
                    other.add(
                        "identical-sheet",
                        sheet_name=other.sheet_shown,
                        other_sheet=twin.sheet_shown,
                    )
                else:
                    other.add("identical-duplicate", other=twin.file)
                dropped.add(id(other))
                continue
            if id(other) not in wrong:
                kept[other.fingerprint()] = other
            for a, b in ((first, other), (other, first)):
                if _one_file(a, b):
                    continue  # sheets of one file: said together, by their sheets
                named = any(
                    p.code in COPY_PAIR_CODES and p.params.get("other") == b.file
                    for p in a.problems
                )
                if not named:
                    _add_pair(a, b, ind_set, held)
        _mark_sheets([c for c in group if id(c) not in dropped], ind_set)
    return dropped


def _add_pair(
    a: Candidate, b: Candidate, ind_set: IndicatorSet | None, held: Mapping[str, set[str]]
) -> None:
    """`a`'s error for differing from `b`: two files the unit sent, or its rows in two of the
    office's exports (was: 'có hai tệp khác nhau… chuyển tệp kia ra khỏi thư mục' for two
    exports, as if the unit had sent them; the other units' rows would have gone with one)."""
    if not (a.raw.consolidated and b.raw.consolidated):
        a.add("duplicate-submission", other=b.file, **_keep(a, b, held))
        return
    cell = a.raw.unit.cell if a.raw.unit else None
    a.add("exports-differ", cell=cell, other=b.file, differences=_row_differences(a, b, ind_set))


def _keep(a: Candidate, b: Candidate, held: Mapping[str, set[str]]) -> dict[str, str]:
    """`duplicate-submission`'s params saying which copy to keep and how the other goes: a copy
    that is a sheet of a workbook holding another unit's report is its sheet to delete, never
    the workbook to move out (`KEEP_COPY`); `shared`: this copy's sheet when it is one."""
    this = _shared(a, held)
    other = _shared(b, held)
    kind = {(False, False): "files", (False, True): "other-shared", (True, False): "this-shared"}
    words = KEEP_COPY[kind.get((this, other), "both-shared")]
    keep = words.format(sheet=a.sheet_shown, other_sheet=b.sheet_shown, other=b.file)
    return {"keep": keep, "shared": a.sheet_shown if this else ""}


def _shared(c: Candidate, held: Mapping[str, set[str]]) -> bool:
    """`c` is a sheet of a workbook that also holds another unit's report."""
    return c.unit is not None and bool(held.get(c.file, set()) - {unit_key(c.unit)})


def _row_differences(a: Candidate, b: Candidate, ind_set: IndicatorSet | None) -> str:
    """`ct1: 450 ↔ 460`, `a`'s figure first; said so when a row's figures are not all read."""
    if _figures_wrong(a) or _figures_wrong(b):
        return "chưa so được hết vì có dòng có lỗi"
    fields = ind_set.field_codes if ind_set is not None else None
    parts = [
        f"{code}: " + " ↔ ".join(value_text(v) for v in values)
        for code, values in differing([a.values, b.values], fields)
    ]
    return "; ".join(parts) or "không có"


def _figures_wrong(c: Candidate) -> bool:
    """An error in `c`'s figures (not its being one of two copies)."""
    return any(p.severity is Severity.ERROR and p.code not in COPY_PAIR_CODES for p in c.problems)


def _one_file(a: Candidate, b: Candidate) -> bool:
    """Two sheets of one file (a unit's workbook with several tables), not two files."""
    return a.file == b.file and a.several_sheets and a.raw.sheet != b.raw.sheet


def _mark_sheets(group: Sequence[Candidate], ind_set: IndicatorSet | None) -> None:
    """A unit's differing sheets of one file for the period: each an error naming them all,
    with their differing figures; `newest` (a param) names the sheet whose date written
    ("Tính đến ngày") is the latest, when each has a date and one is later than all others:
    the one `--lay-moi-nhat` keeps (the sheets of a file have one modification time)."""
    by_file: dict[str, list[Candidate]] = defaultdict(list)
    for c in group:
        if c.several_sheets:
            by_file[c.file].append(c)
    for sheets in by_file.values():
        if len(sheets) < 2:
            continue
        names = [c.raw.sheet for c in sheets]
        dates = [c.as_of for c in sheets]
        newest = ""
        if all(dates):
            latest = max(d for d in dates if d)
            if dates.count(latest) == 1:
                newest = names[dates.index(latest)]
        shown = sheets[:MAX_SHEETS_NAMED]  # named and compared: the message stays a few lines
        labels = [c.sheet_shown for c in sheets]
        params: dict[str, str] = {
            "count": str(len(sheets)),
            "sheets": sheet_list(labels),
            "order": _order(labels),
            "differences": _sheet_differences(shown, ind_set, plain=False),
            "plain_differences": _sheet_differences(shown, ind_set, plain=True),
            "newest": newest,
        }
        for c in sheets:
            c.add("duplicate-sheet", **params)


def sheet_list(names: Sequence[str]) -> str:
    """`"A", "B" và "C"` of the sheets as shown (`Candidate.sheet_shown`); beyond
    `MAX_SHEETS_NAMED`, the first ones and how many more."""
    quoted = [sheet_in_list(n) for n in names[:MAX_SHEETS_NAMED]]
    rest = len(names) - len(quoted)
    if rest:
        return ", ".join(quoted) + f" và {rest} trang khác"
    return ", ".join(quoted[:-1]) + " và " + quoted[-1] if len(quoted) > 1 else "".join(quoted)


def _order(names: Sequence[str]) -> str:
    """The sheets whose figures are compared, in order (the first `MAX_SHEETS_NAMED`)."""
    shown = " ↔ ".join(f"trang {n}" for n in names[:MAX_SHEETS_NAMED])
    return f"{MAX_SHEETS_NAMED} trang đầu: {shown}" if len(names) > MAX_SHEETS_NAMED else shown


def _sheet_differences(
    sheets: Sequence[Candidate], ind_set: IndicatorSet | None, *, plain: bool
) -> str:
    """`ct3: 408 ↔ 508` (the clerk's), or a field as its unit's form names it with each sheet's
    figure (`plain`); a sheet whose figures could not all be read is said so."""
    broken = [c.sheet_shown for c in sheets if c.has_error]
    if broken:
        named = ", ".join(broken)
        return f"chưa so được hết vì trang {named} có lỗi"
    fields = ind_set.field_codes if ind_set is not None else None
    parts = []
    for code, values in differing([c.values for c in sheets], fields):
        if not plain:
            parts.append(f"{code}: " + " ↔ ".join(value_text(v) for v in values))
            continue
        said = ", ".join(
            f"{value_text(v)} (trang {c.sheet_shown})" for v, c in zip(values, sheets, strict=True)
        )
        parts.append(f"{field_label(ind_set, code)}: {said}")
    return "; ".join(parts) or "không có"


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
        f"{code}: {value_text(own.values.get(code))} (tệp đơn vị) ↔ "
        f"{value_text(row.values.get(code))} (tệp xuất)"
        for code in codes
        if own.values.get(code) != row.values.get(code)
    ]
    row.add("export-differs", cell=cell, other=own.file, differences="; ".join(differences))
