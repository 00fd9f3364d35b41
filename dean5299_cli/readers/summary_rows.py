"""What each row of a summary table is: a unit, the table's total, a group's subtotal, a group's
own row, or a note; and where the table ends.

Hand-made Vietnamese tables group their units: `I. Khối cơ quan … Cộng … II. Khối doanh nghiệp
… Cộng … Tổng cộng`, or a group's row carrying its units' sum (`I | Khối cơ quan | 10`, or
`KHỐI CƠ QUAN | 10` without a number above numbered units), or an outline (`1 | Đoàn xã A`,
`1.1 | Chi đoàn …`). Only the units (the leaves) are added; the table's total is checked against
them, never against a subtotal, which would count twice.
One reading for the office's figures (`consolidated`) and for its members (`summary_members`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

from dean5299_cli.core.records import RawValue
from dean5299_cli.core.text import clean_spaces, fold_label, vietnamese_letters
from dean5299_cli.core.units import unit_key
from dean5299_cli.core.values import read_count
from dean5299_cli.readers.workbook import Grid, cell_ref

NUMBER_HEADERS = ("stt", "tt", "so tt", "so thu tu")
HEAD_ROWS_ABOVE = 3  # header cells merged over rows above the code row (the program's layout)
TOTAL_WORDS = ("tong cong", "tong so", "cong", "tong")
_BARE = TOTAL_WORDS[2:]  # `Cộng`, `Tổng` alone: a group's subtotal as often as the total


class Kind(Enum):
    UNIT = "unit"
    TOTAL = "total"  # the whole table's total
    SUBTOTAL = "subtotal"  # a group's total: `Cộng I`, `Cộng khối`, a `Cộng` between groups
    GROUP = "group"  # a group's own row (`I | Khối cơ quan`), above its units
    OTHER = "other"  # a note, a rate, an average, a `trong đó` row: no unit, no total


@dataclass(frozen=True)
class Line:
    """One row of the table below its header (a row with neither a name nor a figure is none)."""

    row: int  # grid row
    kind: Kind
    name: str  # the unit cell, spaces cleaned; or the total or note typed in another cell
    figures: bool  # a figure column holds something


@dataclass(frozen=True)
class Rows:
    """The table's rows; `next_head`: the grid row repeating the header, where another table
    starts (last year's, a copy), None when the table runs to the sheet's end; `groups`: each
    group's sum row (a subtotal, a group's row carrying its units' sum) with its unit rows, as
    indexes of `lines`, to be checked against them."""

    lines: tuple[Line, ...]
    next_head: int | None
    groups: tuple[tuple[int, tuple[int, ...]], ...] = ()
    # unit rows each the exact sum of the rows below it, as groups' rows would be, with figures
    # too small to tell (`_unnumbered_groups`): added as units, and said
    alike: tuple[int, ...] = ()
    numbered: frozenset[int] = frozenset()  # grid rows with a number in the STT column


def _strip_punct(text: str) -> str:
    """Punctuation and marks out (`Tổng cộng (I+II):`, `Tổng cộng*`); `T.Cộng`, `T. cộng`: the
    clerk's short form of `Tổng cộng`, written out."""
    text = clean_spaces(re.sub(r"[():.,;*\-–]+", " ", unicodedata.normalize("NFC", text)))
    return _SHORT_TOTAL.sub("Tổng ", text)


_SHORT_TOTAL = re.compile(r"^[Tt] (?=(?:cộng|CỘNG|Cộng)(?: |$))")


@lru_cache(maxsize=1)
def _whole_areas() -> frozenset[str]:
    """`toan tinh`, `toan huyen`, `toan doan khoi`…: from the level table, folded; and the
    office's own whole (`toàn đoàn`, `toàn khối`)."""
    from dean5299_cli.core.levels import shipped_table

    found = {fold_label(w.whole_area) for w in shipped_table().levels.values()}
    return frozenset(found | {"toan doan", "toan khoi", "toan cum", "toan nganh", "toan don vi"})


_ROMAN = r"[ivxlc]+"
_GROUP_TAIL = re.compile(rf"^(?:{_ROMAN}|[a-z]|\d+|(?:khoi|nhom|cum|phan|muc|loai)\b.*)$")
_ROMAN_SUM = re.compile(rf"^(?:{_ROMAN}|[a-z]|\d+)(?: ?\+ ?(?:{_ROMAN}|[a-z]|\d+))+$")  # I+II, 1+2
_GRAND_TAIL = re.compile(r"^(?:toan\b.*|chung|ca\b.*|cac\b.*|tat ca\b.*)$")
_OTHER = ("ghi chu", "chu thich", "luu y", "ty le", "ti le", "trong do", "binh quan", "trung binh")
# (as written, as folded): a total's first words; only the written form tells `Cộng` from `Công`
_STARTS = (("tổng cộng", "tong cong"), ("tổng số", "tong so"), ("cộng", "cong"), ("tổng", "tong"))


def _grand_tail(tail: str) -> bool:
    return bool(_GRAND_TAIL.match(tail) or _ROMAN_SUM.match(tail))


def label_kind(text: str) -> Kind | None:
    """What a row is by its label alone: a total (`Tổng cộng`, `Tổng số`, `TỔNG`, `Toàn tỉnh`,
    `Tổng cộng toàn đoàn`, `Tổng cộng (I+II)`, `Cộng (1+2)`, `T.Cộng`, `Tổng cộng*`), a
    subtotal (`Cộng I`, `Cộng khối`, `Tổng khối cơ quan`), a note or rate (`Ghi chú: …`,
    `Tỷ lệ (%)`); None for a unit, also one whose name begins like a total (`Công Hải`,
    `Tống Trân`, `Tổng đội TNXP`, `Tổng công ty …`)."""
    return _label_kind(text)


@lru_cache(maxsize=4096)
def _label_kind(text: str) -> Kind | None:
    raw = _strip_punct(text)
    label = fold_label(raw)
    if label in TOTAL_WORDS or any(label == w or label.startswith(w + " ") for w in _whole_areas()):
        return Kind.TOTAL  # `Toàn xã`, and `Toàn Đoàn khối X`, `Toàn xã Cát Tiến`: the whole office
    if label.startswith(_OTHER) or "%" in raw:
        return Kind.OTHER
    written = _as_written(raw)
    for word, folded in _STARTS:
        if not label.startswith(folded + " "):
            continue
        tail = label[len(folded) + 1 :]
        if written.startswith(word + " ") or (folded == "tong cong" and _grand_tail(tail)):
            if _grand_tail(tail):
                return Kind.TOTAL
            if _GROUP_TAIL.match(tail):
                return Kind.SUBTOTAL
            return Kind.TOTAL if folded in ("tong cong", "tong so") else None
    return None


def _as_written(label: str) -> str:
    """A label as written, lower case, not folded: only it tells `Cộng` from `Công`."""
    return unicodedata.normalize("NFC", vietnamese_letters(label)).lower()


def is_total_label(text: str) -> bool:
    """A total row by its whole label (see `label_kind`)."""
    return label_kind(text) is Kind.TOTAL


def blank(value: Any) -> bool:
    """An empty cell, or one of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


_DIGITS = re.compile(r"^[\d\s.,-]*\d[\d\s.,]*$")


def _numeric(value: Any) -> bool:
    """A figure as typed: a number, or digits written as text (`1.200`)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and len(value) <= 40 and bool(_DIGITS.match(value.strip()))


def column_titled(grid: Grid, head_row: int, titles: tuple[str, ...], skip: set[int]) -> int | None:
    """The column whose header cell (in the code row or the rows merged above it) is one of
    `titles`, folded; columns in `skip` (the unit's and the figures') are never it."""
    for r in range(max(0, head_row - HEAD_ROWS_ABOVE), head_row + 1):
        for c, value in enumerate(grid.rows[r]):
            if c not in skip and isinstance(value, str) and fold_label(value) in titles:
                return c
    return None


_OUTLINE = re.compile(r"^\d+(?:\.\d+)+\.?$")  # `1.1`, `2.3.1`
_UPPER = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)]?$")  # `I`, `II.`, `A`
_LOWER = re.compile(r"^(?:[a-z][.)]?|[-+•*])$")  # `a)`, `-`
# `I. Khối cơ quan`, `A. Khối doanh nghiệp`, `b) …`; never `X.`, `P.`, `H.`, `T.`: a unit's
# abbreviation (X. for Xã, P. for Phường)
_ENUMERATED = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|[A-Ga-g])[.)]\s")


def enumerated(name: str) -> bool:
    """Whether a row's name begins with a section's number (`I.`, `A.`, `b)`): a heading of
    a hand-made table, the one rule for the office's rows and for its members."""
    return bool(_ENUMERATED.match(name))


def _depth(number: Any, name: str) -> int:
    """The row's level in the table's outline: 0 a group (`I`, `A`), 1 a unit (`1`, no
    number), deeper for `1.1` or `a)` under a numbered row."""
    if isinstance(number, float) and not number.is_integer():
        return 2  # `1.1` typed where Excel reads it as a number
    text = clean_spaces(number) if isinstance(number, str) else ""
    if _UPPER.match(text) or (blank(number) and enumerated(name)):
        return 0
    if _OUTLINE.match(text):
        return 1 + text.rstrip(".").count(".")
    if _LOWER.match(text):
        return 2
    return 1


def _row_label(line: Sequence[Any], unit_col: int, columns: set[int]) -> str:
    """The unit cell's text; when blank, another text cell that says a total or a note (typed
    in the STT column, or merged over STT and name: the value is the first cell's). Was: read
    as a unit without a name and added to the rows it totals, the office counted twice."""
    unit = line[unit_col] if unit_col < len(line) else None
    if not blank(unit):
        return clean_spaces(str(unit))
    for c, value in enumerate(line):
        said = isinstance(value, str) and label_kind(value) in (Kind.TOTAL, Kind.SUBTOTAL, Kind.OTHER)
        if said and c != unit_col and c not in columns:
            return clean_spaces(str(value))
    return ""


_NUMBER = re.compile(r"^\(?\d+[.)]?$")  # `3`, `3.`, `3)`, `(3)`


def _spans_name(number: Any, line: Sequence[Any], unit_col: int) -> bool:
    """Whether the STT cell holds the row's name, typed across STT and name (a merge keeps the
    first cell's value: `KHỐI XÃ`, `Lũy kế`) over a blank unit cell: text that is no row number
    (`3`, `1.1`, `II`, `a)`, `-`). Was: the row taken for a numbered unit without a name and
    added, a group's row or a total with it (30 for 15) without a word."""
    unit = line[unit_col] if unit_col < len(line) else None
    if not isinstance(number, str) or blank(number) or not blank(unit):
        return False
    text = clean_spaces(number)
    return not any(p.match(text) for p in (_NUMBER, _OUTLINE, _UPPER, _LOWER))


def _repeats_head(line: Sequence[Any], head: Sequence[Any], unit_col: int, columns: list[int]) -> bool:
    """A row that says the header again (its unit title, or two of its column titles): the
    start of another table (last year's, a second part)."""

    def same(c: int) -> bool:
        a = line[c] if c < len(line) else None
        b = head[c] if c < len(head) else None
        return isinstance(a, str) and isinstance(b, str) and fold_label(a) == fold_label(b) != ""

    return same(unit_col) or sum(map(same, columns)) >= 2


def _unread(grid: Grid, r: int, columns: list[int]) -> bool:
    """A figure the grid reads as blank that is an error result or a formula never computed."""
    if not (grid.errors or grid.unsaved):
        return False
    refs = [cell_ref(r, c) for c in columns]
    return any(ref in grid.errors or ref in grid.unsaved for ref in refs)


_LETTER_TAG = re.compile(r"^[A-Z]$")
_NUMBER_TAG = re.compile(r"^\(?(\d+)\)?$")


def _column_numbers(line: Sequence[Any]) -> bool:
    """The row under a header that numbers its columns, `A | B | 1 | 2 | 3`, `1 | 2 | 3 | 4` or
    `(1) | (2) | (3)`: letters from A, then numbers from 1, each the next; no unit, no figure."""
    tags: list[str] = []
    for value in line:
        if blank(value):
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not (isinstance(value, int) or value.is_integer()):
                return False
            tags.append(str(int(value)))
        elif isinstance(value, str):
            tags.append(clean_spaces(value))
        else:
            return False
    letters = 0
    while letters < len(tags) and _LETTER_TAG.match(tags[letters]):
        if ord(tags[letters]) != ord("A") + letters:
            return False
        letters += 1
    numbers = [_NUMBER_TAG.match(t) for t in tags[letters:]]
    if len(tags) < 3 or len(numbers) < 2 or not all(numbers):
        return False
    return [int(m.group(1)) for m in numbers if m] == list(range(1, len(numbers) + 1))


_Found = tuple[int, str, bool, "Kind | None", int]  # row, name, figures, label's kind, depth
_Counts = list[tuple[int, ...] | None]  # each found row's figures as counts (`_counts`)


def _names_office(name: str, office: str | None) -> bool:
    """Whether a row names the reporting office itself (`Đoàn khối X` in Đoàn khối X's summary,
    `Xã Cát Tiến` in Đoàn xã Cát Tiến's): its own row, the total of its members, never one."""
    return bool(office) and unit_key(name) == unit_key(str(office))


def read_rows(
    grid: Grid, head_row: int, unit_col: int, columns: list[int], office: str | None = None
) -> Rows:
    """Every row of the table below its header, each with its kind; `office`: the reporting
    office's name, whose own row is the table's total (was: added as one more member, above
    or below them, the office counted twice without a word)."""
    number_col = column_titled(grid, head_row, NUMBER_HEADERS, {unit_col, *columns})
    figure_cols = set(columns)
    found: list[_Found] = []
    numbered: list[bool] = []  # each found row: a number in the STT column
    next_head = None
    for r in range(head_row + 1, len(grid.rows)):
        line = grid.rows[r]
        if _repeats_head(line, grid.rows[head_row], unit_col, columns):
            next_head = r
            break
        figures = any(c < len(line) and not blank(line[c]) for c in columns) or _unread(grid, r, columns)
        name = _row_label(line, unit_col, figure_cols)
        number = line[number_col] if number_col is not None and number_col < len(line) else None
        if _spans_name(number, line, unit_col):
            name, number = name or clean_spaces(str(number)), None
        if (not name and not figures) or _column_numbers(line):
            continue
        kind = label_kind(name) if name else None
        if kind is None and name and _names_office(name, office):
            kind = Kind.TOTAL
        if not name and not any(_numeric(line[c]) for c in columns if c < len(line)):
            kind = Kind.OTHER  # a note or a signature spilling over the figure columns
        found.append((r, name, figures, kind, _depth(number, name)))
        numbered.append(not blank(number))
    _unlabelled_total(found, numbered)
    counts = [_counts(grid, f[0], columns) for f in found]
    _worded_subtotals(found, numbered, counts)
    members, unproven, alike = _group_sums(found, numbered, counts)
    lines = _kinds(found, numbered, counts)
    lines = _largest_last_total(lines, numbered, counts, unproven)
    lines = _largest_first_total(lines, numbered, counts)
    groups = {**_subtotal_members(lines), **_outline_members(lines, found), **members}
    kept = {i: rows for i, rows in groups.items() if lines[i].kind in (Kind.GROUP, Kind.SUBTOTAL)}
    alike = tuple(i for i in alike if lines[i].kind is Kind.UNIT)
    marked = frozenset(f[0] for f, n in zip(found, numbered, strict=True) if n)
    return Rows(tuple(lines), next_head, tuple(sorted(kept.items())), alike, marked)


def _unlabelled_total(found: list[_Found], numbered: list[bool]) -> None:
    """The table's last row with figures, with neither a name nor a number, below named units:
    the table's total, its label left out, checked as such (was: added as one more unit, the
    office counted 21 for 10 when it did not match its rows exactly, without a word)."""
    rows = [i for i, (_r, _n, figures, kind, _d) in enumerate(found) if figures and kind is not Kind.OTHER]
    if not rows:
        return
    last = rows[-1]
    r, name, figures, kind, depth = found[last]
    named = [i for i in rows[:-1] if found[i][1] and found[i][3] is None]
    if not name and kind is None and not numbered[last] and len(named) >= 2:
        found[last] = (r, name, figures, Kind.TOTAL, depth)


_CLOSING_WORDS = ("cộng ", "tổng ")  # as written: `Công an`, `Tống Trân` are names


def _worded_subtotals(found: list[_Found], numbered: list[bool], counts: _Counts) -> None:
    """Rows without an STT number under a label beginning `Cộng`/`Tổng` that no rule knows
    (`Cộng xã A`, `Cộng DN`, `Tổng phường 1`), each the exact sum of the unit rows above it
    since the table's top or the last such row, total or subtotal, two or more not all 0: a
    group's subtotal, checked against its rows (was: added as a unit, the office counted 30
    for 15 without a word). Only where one such row over numbered rows or two show the pattern
    (a unit named `Cộng Hòa` is numbered like the others, or alone); then one whose figures
    are its rows' sum but one mistyped (`_carries`) is a subtotal too, and said."""
    closing: dict[int, list[int]] = {}  # each such row with the unit rows it closes
    members: list[int] = []
    for i, (_r, name, figures, kind, _d) in enumerate(found):
        if kind in (Kind.TOTAL, Kind.SUBTOTAL):
            members = []
        elif kind is None and figures:
            written = _as_written(_strip_punct(name))
            if numbered[i] or not written.startswith(_CLOSING_WORDS):
                members.append(i)
            elif sum(1 for j in members if any(counts[j] or ())) >= 2:
                closing[i], members = members, []
    exact = {i: m for i, m in closing.items() if _is_sum(i, m, counts)}
    shown = len(exact) >= 2 or any(all(numbered[j] for j in m) for m in exact.values())
    near = {i: m for i, m in closing.items() if shown and _carries(i, m, counts)}
    for i in exact.keys() | near.keys() if shown else ():
        r, name, figures, _kind, depth = found[i]
        found[i] = (r, name, figures, Kind.SUBTOTAL, depth)


def _counts(grid: Grid, r: int, columns: list[int]) -> tuple[int, ...] | None:
    """The row's figures as counts (a blank 0); None when one is no count, or unread."""
    if _unread(grid, r, columns):
        return None
    line = grid.rows[r]
    found = [read_count(RawValue(line[c] if c < len(line) else None, ""), "").value for c in columns]
    return None if None in found else tuple(n for n in found if n is not None)


def _numbered_below(i: int, rows: list[int], unit: list[bool], numbered: list[bool]) -> list[int]:
    """The numbered unit rows right below row `i`, up to the next row with figures that is no
    numbered unit (or the table's end). `rows`: the rows with figures, in order (found by
    bisection: a 100.000-row table of such rows was read in minutes, each searched from the top)."""
    below = []
    for k in range(bisect.bisect_right(rows, i), len(rows)):
        j = rows[k]
        if not numbered[j] or not unit[j]:
            break
        below.append(j)
    return below


def _sum_of(members: list[int], counts: _Counts) -> tuple[int, ...] | None:
    figures = [counts[j] for j in members]
    if not figures or any(f is None for f in figures):
        return None
    return tuple(sum(col) for col in zip(*[f for f in figures if f is not None], strict=True))


def _is_sum(i: int, members: list[int], counts: _Counts) -> bool:
    """Whether `members` add up exactly to row `i`'s every figure (not all 0, every one a count)."""
    own = counts[i]
    return bool(members) and bool(own) and any(own or ()) and _sum_of(members, counts) == own


def _above_each(i: int, members: list[int], counts: _Counts) -> bool:
    """Whether row `i`'s every figure is at least each of its two or more member rows'."""
    own = counts[i]
    figures = [counts[j] for j in members]
    if not own or len(members) < 2 or any(f is None for f in figures):
        return False
    highest = [max(col) for col in zip(*[f or () for f in figures], strict=True)]
    return all(n >= m for n, m in zip(own, highest, strict=True))


def _carries(i: int, members: list[int], counts: _Counts) -> bool:
    """Whether row `i` looks like its two or more member rows' sum with a figure mistyped: one
    figure, not 0, exactly their sum; and every figure at least each member's, or only one
    figure not their sum (typed below a member's: `KHỐI XÃ | 10 | 1` over rows of 2 and 1)."""
    own, sums = counts[i], _sum_of(members, counts)
    if not own or sums is None or len(members) < 2:
        return False
    same = [n == m for n, m in zip(own, sums, strict=True)]
    exact = any(n == m != 0 for n, m in zip(own, sums, strict=True))
    return exact and (same.count(False) <= 1 or _above_each(i, members, counts))


def _group_sums(
    found: list[_Found], numbered: list[bool], counts: _Counts
) -> tuple[dict[int, tuple[int, ...]], frozenset[int], tuple[int, ...]]:
    """Rows without an STT number (`KHỐI CƠ QUAN | 10 | 3`) carrying the sum of the numbered unit
    rows below them, up to the next row with figures and no number (or the table's end): groups'
    rows, never added (was: added as units, the office counted 30 for 15 without a word when no
    grand total was there to check them). Only in a table showing the pattern: two such rows, or
    one and a grand total; one of them at least over two rows or more, exactly. A row equal to
    the one row below it is ambiguous (a unit typed twice?): a group's row only in such a table,
    else a unit as before. Where the pattern is shown, a row whose figures are its rows' sum
    but one mistyped (`_carries`) is a group's row too, checked against its rows (was: added as
    a unit, 30 for 15, when one of its figures was wrong); so are two such rows without an exact
    one. A row whose every figure is at least each of its two or more rows' (`_above_each`, no
    figure their sum) is a group's row where the pattern is shown, or where the table has that
    shape (`_shaped`). Returns each group's row with its unit rows; and the rows exactly the sum
    of two or more rows where the table shows no pattern (the one rule of what adds up: a
    group's row if the table's last row is its total, `_largest_last_total`); and the unit rows
    that only look like groups' rows (`_unnumbered_groups`)."""
    rows = [i for i, f in enumerate(found) if f[2] and f[3] is not Kind.OTHER]
    unit = [f[3] is None for f in found]
    heads = {
        i: _numbered_below(i, rows, unit, numbered) for i in rows if unit[i] and not numbered[i]
    }
    exact = {i: m for i, m in heads.items() if _is_sum(i, m, counts)}
    near = {i: m for i, m in heads.items() if i not in exact and _carries(i, m, counts)}
    taken = exact.keys() | near.keys()  # once: a union per row made a long table quadratic
    loose = {i: m for i, m in heads.items() if i not in taken and _above_each(i, m, counts)}
    shown = any(len(m) >= 2 for m in exact.values())
    has_total = any(f[3] is Kind.TOTAL for f in found)
    groups: dict[int, list[int]] = {}
    if shown and (len(exact) >= 2 or has_total):
        groups |= exact
    if near and (shown or len(near) >= 2):
        groups |= exact | near
    if loose and (shown or _shaped(heads, rows, exact | near | loose)):
        groups |= exact | near | loose
    unnumbered, alike = _unnumbered_groups(found, rows, numbered, counts)
    groups |= unnumbered
    for i in groups:
        r, name, figures, _kind, depth = found[i]
        found[i] = (r, name, figures, Kind.GROUP, depth)
    unproven = frozenset(i for i, m in exact.items() if len(m) >= 2 and i not in groups)
    return {i: tuple(m) for i, m in groups.items()}, unproven, alike


def _shouting(name: str) -> bool:
    """A name typed in capitals (`KHỐI XÃ`): a group's heading where the units' names are not;
    or one beginning with a group's word (`Khối cơ quan`, `Cụm 2`, `Nhóm I`), as no unit's does
    (a chi đoàn's `Chi đoàn Cụm công nghiệp` begins with its own kind)."""
    if name.upper() == name and sum(ch.isalpha() for ch in name) >= 2:
        return True
    return names_a_group(name)


def names_a_group(name: str) -> bool:
    """A name beginning with a group's word (`Khối cơ quan`, `Cụm 2`, `Nhóm I`), as no unit's
    does: a group's heading, with figures or without."""
    return fold_label(name).startswith(_GROUP_WORDS)


_GROUP_WORDS = ("khoi ", "cum ", "nhom ")  # a group's heading's first word


def _unnumbered_groups(
    found: list[_Found], rows: list[int], numbered: list[bool], counts: _Counts
) -> tuple[dict[int, list[int]], tuple[int, ...]]:
    """In a table whose rows carry no STT number, groups' rows told by their names in capitals
    (`_capital_groups`; units when a total row is the sum of every row: `CHI ĐOÀN CÔNG AN |
    5 | 3` over smaller chi đoàn was read as a group's row, the office's total said to differ),
    else by their figures alone (`_summing_groups`): then a total row decides, when it is the
    sum of every row (units) or of the groups' rows alone (groups);
    without one, the sums must add two figures not 0 three times or more (`_additions`). Small
    figures tile by chance: `Chi đoàn A | 1 | 1` over `B | 1 | 0` and `C | 0 | 1`, then `D`
    over `E`, `F` the same, is a list of six units (was: read as two groups, the office
    counted 2 for 4 without a word); 1,3 % of random tables of figures 0 and 1 did. Those rows
    are added, as units, and returned second, to be said."""
    units = [i for i in rows if found[i][3] is None]
    if not units or any(numbered[i] for i in units):
        return {}, ()
    capitals = _capital_groups(found, units, counts)
    if capitals:
        return (capitals if _total_verdict(found, units, capitals, counts) is not False else {}), ()
    groups = _summing_groups(units, counts)
    if not groups:  # a group of one unit (`Đoàn xã 2 | 1 | 1` over its one chi đoàn): only
        # beside sums that prove the others, never said (copies of rows tile small tables often)
        groups = _summing_groups(units, counts, single=True)
        proved = groups and _total_verdict(found, units, groups, counts) is not False
        return (groups if proved and _additions(groups, counts) >= MIN_ADDITIONS else {}), ()
    verdict = _total_verdict(found, units, groups, counts)
    if verdict is not None:
        return (groups if verdict else {}), ()
    if _additions(groups, counts) >= MIN_ADDITIONS:
        return groups, ()
    return {}, tuple(groups)


MIN_ADDITIONS = 3  # sums of two figures not 0 that tell groups' rows by their figures alone


def _total_verdict(
    found: list[_Found], units: list[int], groups: dict[int, list[int]], counts: _Counts
) -> bool | None:
    """What the table's first total row with counts says of the rows `_summing_groups` found:
    True when it is the sum of the groups' rows alone, False when it is the sum of every row
    (then they are units), None when it says neither or there is none."""
    total = next((counts[i] for i, f in enumerate(found) if f[3] is Kind.TOTAL and counts[i]), None)
    if total is None:
        return None
    if total == _sum_of(units, counts):
        return False
    return True if total == _sum_of([i for i in units if i not in groups], counts) else None


def _additions(groups: dict[int, list[int]], counts: _Counts) -> int:
    """How many of the groups' figures are the exact sum of two figures or more, not 0, of its
    rows: what random small figures rarely do (a group's row of 1 over one row of 1 and rows of
    0 proves nothing). Linear in the rows."""
    return sum(
        sums_of_two(counts[head] or (), [f for f in (counts[j] for j in members) if f is not None])
        for head, members in groups.items()
    )


def sums_of_two(own: Sequence[int], figures: Sequence[Sequence[int]]) -> int:
    """In how many columns `own` is the exact sum of two figures or more, not 0, of `figures`:
    the proof a row's figures give that it sums those rows (`MIN_ADDITIONS` of them), for a
    group's row here and for a total's in `consolidated`."""
    found = 0
    for column, value in enumerate(own):
        cells = [f[column] for f in figures]
        found += value == sum(cells) and sum(1 for n in cells if n) >= 2
    return found


def _capital_groups(found: list[_Found], units: list[int], counts: _Counts) -> dict[int, list[int]]:
    """Rows in capitals (`KHỐI XÃ | 10 | 3`) or named as groups (`_shouting`: `Khối xã | 10 |
    3` over a group of one chi đoàn was added as units, the office counted 100 for 50) over
    rows that are not, the first row with figures one of them, two or more, each carrying the
    rows below it up to the next (their exact sum, 0 over rows of 0 or none included, or
    `_carries`, or `_above_each`): groups' rows (was: added as units, the office counted 30
    for 15 without a word, or its `Tổng cộng` said to differ from rows counted twice; also
    when one group's row was `KHỐI 1 | 0 | 0` over one chi đoàn of 0). Anything else: no
    group, as before. Typed below their rows instead (`Chi đoàn A`, `Chi đoàn B`, `Khối xã |
    10 | 3`, …, the last row one of them), each closes the rows since the one before, its
    rows' exact sum, or `_carries` when named as a group (was: added as units, 30 for 15
    without a word); in capitals alone, exact (`CHI ĐOÀN CA | 7 | 3` under 4 | 1 and 6 | 2
    is a chi đoàn)."""
    heads = [i for i in units if _shouting(found[i][1])]
    if len(heads) < 2 or len(heads) == len(units):
        return {}
    below = heads[0] != units[0]
    if below and heads[-1] != units[-1]:
        return {}
    groups: dict[int, list[int]] = {}
    bounds = zip([-1, *heads[:-1]], heads, strict=True) if below else zip(heads, [*heads[1:], len(found)], strict=True)
    for (start, end), head in zip(bounds, heads, strict=True):  # units' slice between: one walk
        first = bisect.bisect_right(units, start)
        members = units[first : bisect.bisect_left(units, end, first)]
        own = counts[head]
        exact = own is not None and own == (_sum_of(members, counts) if members else (0,) * len(own))
        if below:  # capitals alone (a chi đoàn typed so) need the exact sum there
            near = names_a_group(found[head][1]) and _carries(head, members, counts)
        else:
            near = _carries(head, members, counts) or _above_each(head, members, counts)
        if not (exact or near):
            return {}
        groups[head] = members
    return groups


def _summing_groups(units: list[int], counts: _Counts, single: bool = False) -> dict[int, list[int]]:
    """Groups' rows told by their figures alone, in a table of two figure columns or more: its
    first row with figures, and each row after a group, the exact sum of the rows below it (two
    or more not all 0; rows of 0 right after the sum are the group's too), every row in one
    group, two groups or more (`Khối xã | 10 | 3` over `Chi đoàn A | 4 | 1`, `Chi đoàn B | 6 |
    2`, then `Khối cơ quan | 5 | 2` over its own: was added as units, the office counted 30 for
    15 without a word). One group's row may be mistyped (`_carries`) where the others are exact
    sums: its rows run to the next group's row, and it is said. Anything else: no group, as
    before (two mistyped). Seeded random tables of units, 4 to 20 rows of 2 to 8 columns, never
    tile exactly (20.000 in `test_summary_rows.py`; a group's row found mistyped is said); of
    one column they did, 1 in 10.000: those stay as before. Small figures (0 to 3) do, up to
    1,3 %: `_unnumbered_groups` holds them to a total row or to `_additions`. `single`: a
    group's row over one row not 0 (its copy) is one too, tried only where the table tiles no
    other way. Linear in the rows."""
    n = len(units)
    figures = [counts[i] for i in units]
    if n < 3 or any(f is None or len(f) < 2 for f in figures):
        return {}
    rows = [f for f in figures if f is not None]
    width = len(rows[0])
    sums = [(0,) * width]  # sums[k]: rows 0..k-1 added, column by column
    for f in rows:
        sums.append(tuple(a + b for a, b in zip(sums[-1], f, strict=True)))
    whole = [sum(s) for s in sums]  # never decreasing: counts are never negative
    nonzero = [0]
    for f in rows:
        nonzero.append(nonzero[-1] + any(f))

    def exact_end(k: int) -> int | None:
        """Where row `k`'s group ends, when it is the exact sum of two or more rows below it."""
        own = rows[k]
        if not any(own):
            return None
        end = bisect.bisect_right(whole, whole[k + 1] + sum(own)) - 1  # rows of 0 after the sum too
        if end <= k + 1 or nonzero[end] - nonzero[k + 1] < (1 if single else 2):
            return None
        added = tuple(b - a for a, b in zip(sums[k + 1], sums[end], strict=True))
        return end if added == own else None

    ends = [exact_end(k) for k in range(n)]
    tiles = [False] * (n + 1)  # from row k to the table's end, every group's row an exact sum
    tiles[n] = True
    after = [n] * (n + 2)  # after[k]: the first row from k on from which the rest tiles
    for k in range(n - 1, -1, -1):
        end = ends[k]
        tiles[k] = end is not None and tiles[end]
        after[k] = k if tiles[k] else after[k + 1]

    def loose_end(k: int) -> int | None:
        """Where row `k`'s group ends when it is a mistyped group's row: at the next row from
        which the rest tiles, one of its figures (not 0) its rows' exact sum."""
        end = after[min(k + 2, n)]
        added = [b - a for a, b in zip(sums[k + 1], sums[end], strict=True)]
        return end if any(x == y != 0 for x, y in zip(added, rows[k], strict=True)) else None

    fits = [False] * (n + 1)  # from row k to the end: exact groups' rows, but one mistyped
    fits[n] = True
    for k in range(n - 1, -1, -1):
        end = ends[k]
        fits[k] = (end is not None and fits[end]) or loose_end(k) is not None
    if not fits[0]:
        return {}
    groups: dict[int, list[int]] = {}
    k, mistyped = 0, False
    while k < n:
        end = ends[k]
        if end is None or not fits[end]:
            end = loose_end(k)
            if mistyped or end is None or not _carries(units[k], units[k + 1 : end], counts):
                return {}
            mistyped = True
        groups[units[k]] = units[k + 1 : end]
        k = end
    return groups if len(groups) >= 2 and len(groups) > mistyped else {}


def _shaped(heads: dict[int, list[int]], rows: list[int], carrying: dict[int, list[int]]) -> bool:
    """A grouped table's shape: its first row with figures and every other unnumbered unit row
    head two or more numbered rows and carry them (each figure at least each of theirs), two
    such rows or more (`KHỐI XÃ | 11 | 4`, `KHỐI CƠ QUAN | 6 | 3`, each over its chi đoàn, no
    figure their exact sum: was added as units, the office counted 32 for 15 without a word)."""
    return (
        len(heads) >= 2
        and rows[0] in heads
        and all(i in carrying and len(m) >= 2 for i, m in heads.items())
    )


def _subtotal_members(lines: list[Line]) -> dict[int, tuple[int, ...]]:
    """Each subtotal row with figures and the unit rows it closes: those since the previous
    subtotal or total (`I … Cộng`, `II … Cộng`); or, in a table whose first subtotal comes
    before any unit (`Cộng khối cơ quan` heading its group), those below it, up to the next."""
    subtotals = [i for i, x in enumerate(lines) if x.kind is Kind.SUBTOTAL and x.figures]
    if not subtotals:
        return {}
    order = range(len(lines))
    above = any(x.kind is Kind.UNIT and x.figures for x in lines[: subtotals[0]])
    found: dict[int, tuple[int, ...]] = {}
    members: list[int] = []  # one walk, up the table or down it
    for i in order if above else reversed(order):
        kind = lines[i].kind
        if kind is Kind.UNIT and lines[i].figures:
            members.append(i)
        elif kind in (Kind.SUBTOTAL, Kind.TOTAL):
            if kind is Kind.SUBTOTAL and lines[i].figures and members:
                found[i] = tuple(sorted(members))
            members = []
    return found


def _outline_members(lines: list[Line], found: list[_Found]) -> dict[int, tuple[int, ...]]:
    """Each group's own row with figures in an outline (`I | Khối cơ quan | 10` over `1`, `2`;
    `1 | Đoàn xã A` over `1.1`, `1.2`) and the unit rows it heads: those below it up to the next
    row as high in the outline, or a total or subtotal. Was: never checked against them (a
    group's row typed 11 over rows adding up to 10 was not said)."""
    depth = [f[4] for f in found]
    heads = [i for i, x in enumerate(lines) if x.kind is Kind.GROUP and x.figures]
    found_members: dict[int, tuple[int, ...]] = {}
    for i in heads:
        members = []
        for j in range(i + 1, len(lines)):
            kind = lines[j].kind
            if kind in (Kind.TOTAL, Kind.SUBTOTAL) or (kind is not Kind.OTHER and depth[j] <= depth[i]):
                break
            if kind is Kind.UNIT and lines[j].figures:
                members.append(j)
        if members:
            found_members[i] = tuple(members)
    return found_members


def _largest_last_total(
    lines: list[Line], numbered: list[bool], counts: _Counts, unproven: frozenset[int]
) -> list[Line]:
    """In a table left without a total whose unit rows carry STT numbers (two or more), the last
    row with figures and no number, whose every figure is at least each other row's: the table's
    total under a label no rule knows (`T.Cộng`, `Lũy kế`, `Total`, `Cả khối`…), checked as such
    (was: added as one more unit, the office counted 20 for 10 when it did not match its rows
    exactly, without a word). A row below some other row's figure is a unit, as before. A row
    above without a number that is the exact sum of two or more numbered rows below it (`KHỐI
    CƠ QUAN`, the table's one group: `unproven`, from `_group_sums`) is then a group's row, not
    added."""
    rows = [i for i, line in enumerate(lines) if line.figures and line.kind is not Kind.OTHER]
    if len(rows) < 3 or any(line.kind is Kind.TOTAL for line in lines):
        return lines
    last, above = rows[-1], rows[:-1]
    own = counts[last]
    if lines[last].kind is not Kind.UNIT or numbered[last] or not own or not any(own):
        return lines
    units = [i for i in above if lines[i].kind is Kind.UNIT]
    groups = [i for i in units if i in unproven]
    if len(units) - len(groups) < 2 or not all(numbered[i] or i in groups for i in units):
        return lines
    for i in above:
        figures = counts[i]
        if figures is None or any(n > m for n, m in zip(figures, own, strict=True)):
            return lines
    kinds = {i: Kind.GROUP for i in groups} | {last: Kind.TOTAL}
    return [Line(x.row, kinds.get(i, x.kind), x.name, x.figures) for i, x in enumerate(lines)]


def _largest_first_total(lines: list[Line], numbered: list[bool], counts: _Counts) -> list[Line]:
    """`_largest_last_total`'s mirror: in a table left without a total whose unit rows all carry
    STT numbers (two or more), the first row with figures, without a number, whose every figure
    is at least each other row's: the table's total typed above its rows under a label no rule
    knows (`Lũy kế | 11` above ten rows adding up to 10: was added as one more unit, the office
    counted 21 for 10 without a word), checked against the rows as such."""
    rows = [i for i, line in enumerate(lines) if line.figures and line.kind is not Kind.OTHER]
    if len(rows) < 3 or any(line.kind is Kind.TOTAL for line in lines):
        return lines
    first, below = rows[0], rows[1:]
    own = counts[first]
    if lines[first].kind is not Kind.UNIT or numbered[first] or not own or not any(own):
        return lines
    units = [i for i in below if lines[i].kind is Kind.UNIT]
    if len(units) < 2 or not all(numbered[i] for i in units):
        return lines
    for i in below:
        figures = counts[i]
        if figures is None or any(n > m for n, m in zip(figures, own, strict=True)):
            return lines
    return [Line(x.row, Kind.TOTAL, x.name, x.figures) if i == first else x for i, x in enumerate(lines)]


def _kinds(found: list[_Found], numbered: list[bool], counts: _Counts) -> list[Line]:
    """Each row's kind: its label's, else a group's row when the next unit row is deeper in the
    outline, else a unit; then the totals placed (`_place_totals`)."""
    kinds: list[Kind] = []
    below: tuple[Kind | None, int] | None = None  # the next unit or total row's (kind, depth)
    for _r, _name, _figures, kind, depth in reversed(found):
        if kind is not None:
            kinds.append(kind)
        else:
            deeper = below is not None and below[0] is None and below[1] > depth
            kinds.append(Kind.GROUP if deeper else Kind.UNIT)
        if kind in (None, Kind.TOTAL, Kind.SUBTOTAL):
            below = (kind, depth)
    kinds.reverse()
    _place_totals(found, kinds, numbered, counts)
    return [Line(r, kinds[i], name, figures) for i, (r, name, figures, _k, _d) in enumerate(found)]


def _place_totals(found: list[_Found], kinds: list[Kind], numbered: list[bool], counts: _Counts) -> None:
    """A row labelled as a total with units both above and below it closes a group: a subtotal
    (`Cộng`), when a total or a subtotal closes the rows below it too. Without one, it is the
    table's total, checked against every unit row (was: a subtotal, and rows typed below the
    total, `Chỉ tiêu giao`, last quarter's figures, a unit added late, summed with the rows it
    totals into the office's figures without a word). In a grouped table, a bare `Cộng`/`Tổng`
    at the table's edge is the last group's subtotal when a fuller total (`Tổng cộng`) is there
    too, when the groups' subtotals are labelled the same, or when it is exactly the last
    group's sum (`_closes_last_group`); the table's total is what is left.
    A bare `Cộng` closing a group of numbered units above two or more numbered units of other
    names is that group's subtotal (`_opens_group`)."""
    units = [i for i, k in enumerate(kinds) if k is Kind.UNIT and found[i][2] and found[i][1]]
    if not units:
        return
    first, last = units[0], units[-1]
    totals = [i for i, k in enumerate(kinds) if k is Kind.TOTAL]
    closing = [i for i, f in enumerate(found) if f[3] in (Kind.TOTAL, Kind.SUBTOTAL)]
    for i in totals:
        if first < i < last and (closing[-1] > i or _opens_group(i, found, kinds, numbered, counts)):
            kinds[i] = Kind.SUBTOTAL
    edge = [i for i in totals if kinds[i] is Kind.TOTAL]
    grouped = any(k in (Kind.SUBTOTAL, Kind.GROUP) for k in kinds)
    if grouped and edge:
        labels = {fold_label(found[i][1]) for i, k in enumerate(kinds) if k is Kind.SUBTOTAL}
        full = [i for i in edge if fold_label(found[i][1]) not in _BARE]
        for i in edge:
            label = fold_label(found[i][1])
            closes = (label in _BARE or label in labels) and i > last and _closes_last_group(i, kinds, counts)
            if (label in _BARE and label in labels) or (full and i not in full) or closes:
                kinds[i] = Kind.SUBTOTAL
    _lone_subtotal(kinds, first, last)


def _closes_last_group(i: int, kinds: list[Kind], counts: _Counts) -> bool:
    """Whether a total row `i` below the units, labelled as the groups' subtotals are (`Tổng
    cộng` closing each group) or a bare `Cộng` (`Cộng I` … `Cộng`), is the exact sum of the
    unit rows since the last subtotal, not of every unit: the last group's subtotal (was: the
    table's total, the office counted 10 for 20 under `total-rows-differ`, or 5 for 15 under
    `total-row-differs`, an error for a right table)."""
    units = [j for j, k in enumerate(kinds[:i]) if k is Kind.UNIT and counts[j] is not None]
    start = max((j for j, k in enumerate(kinds[:i]) if k is Kind.SUBTOTAL), default=-1)
    group = [j for j in units if j > start]
    return len(group) < len(units) and _is_sum(i, group, counts) and not _is_sum(i, units, counts)


def _opens_group(i: int, found: list[_Found], kinds: list[Kind], numbered: list[bool], counts: _Counts) -> bool:
    """Whether a bare `Cộng`/`Tổng` row `i` amid the units, with nothing closing the rows below
    it, closes a first group whose next group was left without its `Cộng` (`A, B, Cộng, C, D`):
    the rows with figures above it and below it are all numbered units, two or more below, of
    names not above (last quarter's rows repeat them), and its figures are not every unit's sum
    (that is the table's total, typed amid its rows). Was: the table's total, the office counted
    10 for 15 under a `total-row-differs` that was no mistake of the office. A row below that is
    no numbered unit (`Chỉ tiêu giao`), or one unit alone (added late?), leaves it the total."""
    if fold_label(found[i][1]) not in _BARE:
        return False
    rows = [j for j, f in enumerate(found) if f[2] and kinds[j] is not Kind.OTHER and j != i]
    if not all(kinds[j] is Kind.UNIT and numbered[j] and found[j][1] for j in rows):
        return False
    above, below = [j for j in rows if j < i], [j for j in rows if j > i]
    names = {unit_key(found[j][1]) for j in above}
    if len(below) < 2 or any(unit_key(found[j][1]) in names for j in below):
        return False
    everything = _sum_of(rows, counts)
    return everything is not None and counts[i] is not None and counts[i] != everything


def _lone_subtotal(kinds: list[Kind], first: int, last: int) -> None:
    """A table without groups whose one total is labelled like a group's (`Cộng khối` under
    the Đoàn khối's units): it is the table's total, checked as such."""
    if Kind.TOTAL in kinds or Kind.GROUP in kinds:
        return
    subtotals = [i for i, k in enumerate(kinds) if k is Kind.SUBTOTAL]
    if len(subtotals) == 1 and not first < subtotals[0] < last:
        kinds[subtotals[0]] = Kind.TOTAL
