"""Two copies of one unit's report for the same period: which is newer, and what differs. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from dean5299_cli.core.exhaustive import assert_never
from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.periods import date_text
from dean5299_cli.core.units import unit_key


@dataclass(frozen=True)
class Copy:
    """One file as far as the comparison needs it; `values` is None when the file has errors."""

    file: str
    as_of: dt.date | None  # the date written in the file ("Tính đến ngày")
    modified: dt.datetime | None  # the file's modification time
    values: Mapping[str, int] | None
    exported: bool = False  # the office's export (a row per unit), not a file the unit sent
    unit: str = ""  # whose copy: a workbook may hold several units' sheets, each a copy
    shared: bool = False  # a sheet of a workbook holding another unit's report: never moved out


class Basis(str, Enum):
    """How the newer copy was told."""

    AS_OF = "as-of"  # by the date written in the files
    MODIFIED = "modified"  # same or no date in the files: by modification time (a minute apart)
    UNKNOWN = "unknown"  # nothing tells them apart (modified less than a minute apart)
    # a unit's copies that the dates written and the modification times order in a circle (a
    # copy without a date among dated ones): no copy is newer than all the others
    CONFLICT = "conflict"


DECIDED = (Basis.AS_OF, Basis.MODIFIED)  # a newer copy told: --lay-moi-nhat sets the older aside


@dataclass(frozen=True)
class Comparison:
    older: Copy
    newer: Copy
    basis: Basis
    differences: tuple[tuple[str, int | None, int | None], ...]  # (field, older, newer)
    comparable: bool  # False when one copy's figures could not be read


def compare_copies(a: Copy, b: Copy, fields: Sequence[str] = ()) -> Comparison:
    """Order two copies (date in the file, then modification time) and list differing fields.

    Fields are listed in the order of `fields` (the indicator set), then any other in name order.
    When nothing tells the copies apart, `a` is taken as the older and the basis is UNKNOWN.
    Modification times less than a minute apart tell nothing: copies saved from Zalo or an
    e-mail are seconds apart in the order they were saved, not written (the clerk's file list
    shows them in the same minute, or in two minutes when the seconds straddle one).
    """
    basis = Basis.UNKNOWN
    older, newer = a, b
    if a.as_of and b.as_of and a.as_of != b.as_of:
        basis = Basis.AS_OF
        older, newer = (a, b) if a.as_of < b.as_of else (b, a)
    elif a.modified and b.modified and not _close(a.modified, b.modified):
        basis = Basis.MODIFIED
        older, newer = (a, b) if a.modified < b.modified else (b, a)
    if older.values is None or newer.values is None:
        return Comparison(older, newer, basis, (), comparable=False)
    diffs = tuple(
        (f, older.values.get(f), newer.values.get(f))
        for f in in_order({*older.values, *newer.values}, fields)
        if older.values.get(f) != newer.values.get(f)
    )
    return Comparison(older, newer, basis, diffs, comparable=True)


def in_order(names: set[str], fields: Sequence[str]) -> list[str]:
    """Field codes as the copies' differences list them: in the order of `fields` (the indicator
    set), then any other in name order."""
    return [f for f in fields if f in names] + sorted(names - set(fields))


def differing(
    figures: Sequence[Mapping[str, int | None]], fields: Sequence[str] | None
) -> list[tuple[str, list[int | None]]]:
    """Each field whose value is not the same in all of a unit's copies (`figures`, one per
    copy), with each copy's value: in the order of `fields` (`in_order`), or as first met."""
    codes = list(dict.fromkeys(code for values in figures for code in values))
    if fields is not None:
        codes = in_order(set(codes), fields)
    found = []
    for code in codes:
        values = [values.get(code) for values in figures]
        if len(set(values)) > 1:
            found.append((code, values))
    return found


def linked(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The files that `pairs` link, in groups (a unit's copies), each group in name order and the
    groups in order of their first file."""
    group: dict[str, str] = {}  # file → a file of its group (union-find)

    def root(file: str) -> str:
        while group[file] != file:
            group[file] = file = group[group[file]]
        return file

    for a, b in pairs:
        group.setdefault(a, a)
        group.setdefault(b, b)
        group[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for file in sorted(group):
        groups.setdefault(root(file), []).append(file)
    return sorted(groups.values())


def newest_each(comparisons: Sequence[Comparison], fields: Sequence[str] = ()) -> list[Comparison]:
    """What `--lay-moi-nhat` decides: for each unit's copies (the files that `comparisons` link,
    `linked`), the copy newer than the others, compared with each other copy. A unit's differing
    copies are paired with its first copy only: with three copies, taking the newer of each pair
    set aside only the first, and the other two stayed errors, the clerk told to use
    --lay-moi-nhat again. The copy kept is the last that won against the one before it, in name
    order. Newer is not always transitive (a date in one file, a modification time between two
    others): when a copy is found newer than the kept one, no copy is newer than all the others,
    and the unit's comparisons are CONFLICT, none taken (was: the kept copy set aside as older
    than that one, and that one as older than another: a good copy set aside, a copy with errors
    kept, the unit left out). Each comparison names the kept copy second, as the newer."""
    chosen = []
    for unit in by_unit(comparisons):
        chosen += _newest(unit, fields)
    return chosen


def by_unit(comparisons: Sequence[Comparison]) -> list[list[Comparison]]:
    """`comparisons` by the unit whose copies they compare, in order of each unit's first: a
    workbook holding two units' sheets is a copy of each, never links their copies as one
    unit's (was: the older of a unit's copies chosen against the other unit's)."""
    units: dict[str, list[Comparison]] = {}
    for c in comparisons:
        units.setdefault(unit_key(c.older.unit), []).append(c)
    return list(units.values())


def _newest(comparisons: Sequence[Comparison], fields: Sequence[str]) -> list[Comparison]:
    """`newest_each` for one unit's comparisons."""
    copies = {copy.file: copy for c in comparisons for copy in (c.newer, c.older)}
    chosen = []
    for files in linked((c.older.file, c.newer.file) for c in comparisons):
        kept = copies[files[0]]
        for file in files[1:]:
            c = compare_copies(kept, copies[file])
            if c.basis is not Basis.UNKNOWN:
                kept = c.newer
        # the kept copy second: when nothing tells two apart, the first is taken as the older
        unit = [compare_copies(copies[f], kept, fields) for f in files if f != kept.file]
        if any(c.basis in DECIDED and c.newer is not kept for c in unit):  # newer than the kept
            unit = [replace(c, basis=Basis.CONFLICT) for c in unit]
        chosen += unit
    return chosen


def undecided(c: Comparison) -> bool:
    """Nothing tells the copies apart and only the unit knows which is right: their figures
    differ, or one could not be read. Two copies with the same figures need no choosing (the
    judge can pair them when a third copy differs, or `newest_each` compare them with the kept
    one): `--lay-moi-nhat` keeps one, and the figures are the same whichever it is."""
    return c.basis not in DECIDED and not (c.comparable and not c.differences)


Chosen = tuple[str, str]  # (unit key, file): a unit's copy in a file ("" for any unit's)


def choosable(comparisons: Sequence[Comparison]) -> frozenset[Chosen]:
    """The copies `--lay-moi-nhat` chooses between, each as (its unit's key, its file): in a
    compared pair, and in none of that unit's that nothing tells apart (there it takes neither
    copy, and the unit must say which is right). By unit: a workbook holding two units' sheets
    is a copy of each, one unit's pair told apart by its dates and the other's not (was: by file,
    the unit whose copies were dated apart told nothing told them apart)."""
    compared = {(unit_key(copy.unit), copy.file) for c in comparisons for copy in _pair(c)}
    unknown = {(unit_key(copy.unit), copy.file) for c in comparisons if undecided(c) for copy in _pair(c)}
    return frozenset(compared - unknown)


def _pair(c: Comparison) -> tuple[Copy, Copy]:
    return c.older, c.newer


CLOSE = dt.timedelta(minutes=1)  # modification times nearer than this tell nothing


def _close(first: dt.datetime, second: dt.datetime) -> bool:
    """Saved less than a minute apart (aware times: apart in time, whatever the clock shows)."""
    return abs(first - second) < CLOSE


def _at(moment: dt.datetime) -> str:
    """`14:05 30/9/2026`: a time of day, then the date as people read it (periods.date_text)."""
    return f"{moment:%H:%M} {date_text(moment)}"


def _minute(moment: dt.datetime) -> dt.datetime:
    """A modification time as the clerk's file list shows it: to the minute."""
    return moment.replace(second=0, microsecond=0)


def _undecided(c: Comparison) -> str:
    """Why nothing tells the copies apart, and what the clerk does about it."""
    head = f'Không biết tệp nào mới hơn giữa "{c.older.file}" và "{c.newer.file}"'
    first, second = c.older.modified, c.newer.modified
    if first is None or second is None or not _close(first, second):
        return head + "."
    same_date = "cùng ngày ghi trong tệp, " if _dates(c) == SAME_DATE else ""
    if _minute(first) == _minute(second):
        when = f"cùng giờ sửa {_at(second)}"
    else:
        seconds = round(abs((second - first).total_seconds()))
        shown = f"{first:%H:%M}" if first.date() == second.date() else _at(first)
        when = f"sửa cách nhau {seconds} giây, lúc {shown} và {_at(second)}"
    return (
        f"{head}: {same_date}{when} (thường do chép hoặc tải về từ Zalo, e-mail cùng lúc), nên "
        f"--lay-moi-nhat không chọn tệp nào. {_ask(c.older, c.newer)}"
    )


def _ask(*copies: Copy) -> str:
    """What the clerk does when only the unit knows which copy is right: a copy that is a sheet
    of a workbook holding another unit's report goes by its sheet, the workbook stays (was:
    "chuyển tệp kia ra khỏi thư mục" for it too, the other unit's report with it)."""
    many = len(copies) > 2
    if not any(copy.shared for copy in copies):
        return f"Hỏi đơn vị tệp nào đúng, chuyển {'các tệp' if many else 'tệp'} kia ra khỏi thư mục."
    return (
        f"Hỏi đơn vị bản nào đúng, bỏ {'các bản' if many else 'bản'} kia: bản là một trang của "
        "tệp còn báo cáo của đơn vị khác thì xóa trang đó, không chuyển tệp ra khỏi thư mục."
    )


SAME_DATE = "cùng ngày ghi trong tệp"


def _dates(c: Comparison) -> str:
    """What the dates written in two copies told (nothing, when compared by modification time)."""
    if c.older.as_of is not None and c.older.as_of == c.newer.as_of:
        return SAME_DATE
    if c.older.as_of is None and c.newer.as_of is None:
        return "hai tệp không ghi ngày"
    return "một tệp không ghi ngày"


def value_text(v: int | None) -> str:
    """A copy's figure in a comparison: `1.028`, or `trống`."""
    return "trống" if v is None else format_int(v)


def describe(c: Comparison) -> str:
    """Vietnamese, for the clerk: 'Tệp mới hơn: "B" (ngày ghi trong tệp 20/12/2023 so với …)…'."""
    if c.basis is Basis.AS_OF:
        assert c.newer.as_of is not None and c.older.as_of is not None
        why = (
            f"ngày ghi trong tệp {date_text(c.newer.as_of)}, "
            f'tệp "{c.older.file}" ghi {date_text(c.older.as_of)}'
        )
        head = f'Tệp mới hơn: "{c.newer.file}" ({why}).'
    elif c.basis is Basis.MODIFIED:
        assert c.newer.modified is not None and c.older.modified is not None
        why = (
            f"{_dates(c)}, sửa lần cuối lúc {_at(c.newer.modified)}, "
            f'tệp "{c.older.file}" lúc {_at(c.older.modified)}'
        )
        head = f'Tệp mới hơn: "{c.newer.file}" ({why}).'
    elif c.basis is Basis.CONFLICT:
        return _conflict([c])
    elif c.basis is Basis.UNKNOWN and not undecided(c):
        return (
            f'Không biết tệp nào mới hơn giữa "{c.older.file}" và "{c.newer.file}", nhưng số liệu '
            "hai tệp giống nhau: --lay-moi-nhat giữ một tệp, số liệu chỉ tính một lần."
        )
    elif c.basis is Basis.UNKNOWN:
        head = _undecided(c)
    else:
        assert_never(c.basis)
    if not c.comparable:
        return head + " Chưa so được số liệu vì một tệp có lỗi."
    if not c.differences:
        return head + " Số liệu hai tệp giống nhau."
    order = "tệp cũ ↔ tệp mới" if c.basis in DECIDED else "tệp trước ↔ tệp sau"
    return f"{head} Khác nhau ({order}): {_differences(c)}."


def _differences(c: Comparison) -> str:
    """`ct1: 502 ↔ 600; ct5: trống ↔ 12`: each differing field, the older copy's value first."""
    return "; ".join(f"{f}: {value_text(o)} ↔ {value_text(n)}" for f, o, n in c.differences)


def _conflict(unit: Sequence[Comparison]) -> str:
    """A unit's copies in a circle (CONFLICT, `newest_each`), said once: all its files named,
    then each copy's figures against the one compared with it."""
    copies = {copy.file: copy for c in unit for copy in (c.older, c.newer)}
    named = ", ".join(f'"{f}"' for f in sorted(copies))
    head = (
        f"Không biết tệp nào mới nhất trong các tệp của đơn vị ({named}): ngày ghi trong tệp và "
        "giờ sửa tệp không cùng một thứ tự, nên --lay-moi-nhat không chọn tệp nào. "
        f"{_ask(*copies.values())}"
    )
    parts = []
    for c in unit:
        if not c.comparable:
            what = "chưa so được số liệu vì một tệp có lỗi"
        elif not c.differences:
            what = "số liệu giống nhau"
        else:
            what = _differences(c)
        parts.append(f'"{c.older.file}" ↔ "{c.newer.file}": {what}')
    return f"{head} So từng cặp: {' — '.join(parts)}."


def described(comparisons: Sequence[Comparison]) -> list[tuple[Comparison, str]]:
    """Each comparison with what the clerk reads of it, in order; a unit's copies in a circle
    said once, with the first of its comparisons (was: once per other copy, each naming two)."""
    circle = [c for c in comparisons if c.basis is Basis.CONFLICT]
    unit_of = {
        (c.older.unit, f): (unit_key(c.older.unit), k)
        for unit in by_unit(circle)
        for k, files in enumerate(linked(_files(c) for c in unit))
        for c in unit
        for f in files
    }
    units: dict[tuple[str, int], list[Comparison]] = {}
    for c in circle:
        units.setdefault(unit_of[c.older.unit, c.older.file], []).append(c)
    said = []
    for c in comparisons:
        if c.basis is not Basis.CONFLICT:
            said.append((c, describe(c)))
        elif (unit := units[unit_of[c.older.unit, c.older.file]])[0] is c:
            said.append((c, _conflict(unit)))
    return said


def _files(c: Comparison) -> tuple[str, str]:
    return c.older.file, c.newer.file
