"""Two copies of one unit's report for the same period: which is newer, and what differs. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from dean5299_cli.core.exhaustive import assert_never
from dean5299_cli.core.numbers import format_int


@dataclass(frozen=True)
class Copy:
    """One file as far as the comparison needs it; `values` is None when the file has errors."""

    file: str
    as_of: dt.date | None  # the date written in the file ("Tính đến ngày")
    modified: dt.datetime | None  # the file's modification time
    values: Mapping[str, int] | None


class Basis(str, Enum):
    """How the newer copy was told."""

    AS_OF = "as-of"  # by the date written in the files
    MODIFIED = "modified"  # same or no date in the files: by modification time
    UNKNOWN = "unknown"  # nothing tells them apart


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
    """
    basis = Basis.UNKNOWN
    older, newer = a, b
    if a.as_of and b.as_of and a.as_of != b.as_of:
        basis = Basis.AS_OF
        older, newer = (a, b) if a.as_of < b.as_of else (b, a)
    elif a.modified and b.modified and a.modified != b.modified:
        basis = Basis.MODIFIED
        older, newer = (a, b) if a.modified < b.modified else (b, a)
    if older.values is None or newer.values is None:
        return Comparison(older, newer, basis, (), comparable=False)
    names = set(older.values) | set(newer.values)
    order = [f for f in fields if f in names] + sorted(names - set(fields))
    diffs = tuple(
        (f, older.values.get(f), newer.values.get(f))
        for f in order
        if older.values.get(f) != newer.values.get(f)
    )
    return Comparison(older, newer, basis, diffs, comparable=True)


def _value(v: int | None) -> str:
    return "trống" if v is None else format_int(v)


def describe(c: Comparison) -> str:
    """Vietnamese, for the clerk: 'Tệp mới hơn: "B" (ngày ghi trong tệp 20/12/2023 so với …)…'."""
    if c.basis is Basis.AS_OF:
        assert c.newer.as_of is not None and c.older.as_of is not None
        why = (
            f"ngày ghi trong tệp {c.newer.as_of:%d/%m/%Y}, "
            f'tệp "{c.older.file}" ghi {c.older.as_of:%d/%m/%Y}'
        )
        head = f'Tệp mới hơn: "{c.newer.file}" ({why}).'
    elif c.basis is Basis.MODIFIED:
        assert c.newer.modified is not None
        why = f"cùng ngày ghi trong tệp, sửa lần cuối lúc {c.newer.modified:%H:%M %d/%m/%Y}"
        head = f'Tệp mới hơn: "{c.newer.file}" ({why}).'
    elif c.basis is Basis.UNKNOWN:
        head = f'Không biết tệp nào mới hơn giữa "{c.older.file}" và "{c.newer.file}".'
    else:
        assert_never(c.basis)
    if not c.comparable:
        return head + " Chưa so được số liệu vì một tệp có lỗi."
    if not c.differences:
        return head + " Số liệu hai tệp giống nhau."
    pairs = "; ".join(f"{f}: {_value(o)} ↔ {_value(n)}" for f, o, n in c.differences)
    order = "tệp cũ ↔ tệp mới" if c.basis is not Basis.UNKNOWN else "tệp trước ↔ tệp sau"
    return f"{head} Khác nhau ({order}): {pairs}."
