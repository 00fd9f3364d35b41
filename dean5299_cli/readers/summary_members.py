"""Which member units a lower office's summary covers: the rows its total leaves out.

A lower office's summary is read as that office's one row (its total). A member unit that
sent nothing, or whose figures were not valid, is a row without figures: the office's total is
right, but covers fewer units than it lists. This tells the clerk so, never changes a figure.
The program's own summary says each row's state in its `Tình trạng` column; a hand-made one is
judged by its blank rows, with care not to take a heading or a signature line for a unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.records import ReaderNote
from dean5299_cli.core.report_units import UnitState
from dean5299_cli.core.text import clean_spaces, fold_label
from dean5299_cli.readers.summary_rows import (
    NUMBER_HEADERS,
    Kind,
    Rows,
    blank,
    column_titled,
    enumerated,
    names_a_group,
    read_rows,
)
from dean5299_cli.readers.workbook import Grid

STATE_HEADER = "tinh trang"  # the program's summary: each member unit's state
MAX_MISSING_NAMED = 10  # units named in the message; more are counted
NO_FIGURES = "dòng để trống"  # a hand-made summary's row without figures: why is not known


@dataclass(frozen=True)
class Member:
    """A member unit's row of the summary."""

    name: str
    covered: bool
    why: str  # why it is not covered, in the summary's own words ("" when covered)


def _state_words() -> tuple[str, dict[str, str]]:
    """The program's words for a row: (folded `đã báo cáo`, folded word → word for the others).
    The report's model is imported only here, for a summary read: `validate` never needs it."""
    from dean5299_cli.core.report_model import STATE_WORDS

    reported = fold_label(STATE_WORDS[UnitState.REPORTED])
    others = {fold_label(w): w for s, w in STATE_WORDS.items() if s is not UnitState.REPORTED}
    return reported, others


def _cell(line: list[Any], col: int | None) -> Any:
    return line[col] if col is not None and col < len(line) else None


def _is_number(value: Any) -> bool:
    """A row's number in the STT column: `3`, or `3` / `3.` typed as text."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and value.strip().rstrip(".").isdigit()


def _looks_like_heading(name: str, capitals_used: bool) -> bool:
    """A section heading of a hand-made table (`I. Khối cơ quan`, `KHỐI DOANH NGHIỆP`, `Khối
    xã`) rather than a unit: enumerated, in capitals where the units' names are not, or named
    as a group (was: `Khối xã` without figures a member without figures, a right table said
    to cover 4 of its 6 members)."""
    shouting = name.upper() == name and any(ch.isalpha() for ch in name)
    return enumerated(name) or (shouting and not capitals_used) or names_a_group(name)


@dataclass(frozen=True)
class _Row:
    name: str
    figures: bool
    number: bool  # a number in the STT column
    state: str  # the `Tình trạng` cell as written, spaces cleaned ("" without one)


def _rows(
    grid: Grid, head_row: int, unit_col: int, columns: list[int], office: str | None, read: Rows | None
) -> list[_Row]:
    """Every unit row below the header with a name (never a total, a subtotal, a group's row
    or a note: `summary_rows`), up to the table's last row (one with figures, a state, a number
    in the STT column, or a total): a name below it is a signature or a note, never a unit."""
    skip = {unit_col, *columns}
    state_col = column_titled(grid, head_row, (STATE_HEADER,), skip)
    number_col = column_titled(grid, head_row, NUMBER_HEADERS, skip)
    rows: list[_Row] = []
    last = -1
    for found in (read or read_rows(grid, head_row, unit_col, columns, office)).lines:
        line = grid.rows[found.row]
        if found.kind in (Kind.TOTAL, Kind.SUBTOTAL) or (found.kind is Kind.GROUP and found.figures):
            last = len(rows) - 1  # every name above a total row is the table's
            continue
        if found.kind is not Kind.UNIT or blank(_cell(line, unit_col)):
            continue
        state = _cell(line, state_col)
        row = _Row(
            found.name,
            found.figures,
            _is_number(_cell(line, number_col)),
            "" if blank(state) else clean_spaces(str(state)),
        )
        rows.append(row)
        if row.figures or row.state or row.number:
            last = len(rows) - 1
    return rows[: last + 1]


def members(
    grid: Grid,
    head_row: int,
    unit_col: int,
    columns: list[int],
    office: str | None = None,
    read: Rows | None = None,
) -> list[Member]:
    """The member units of an office's summary, each covered by its total or not (and why);
    the office's own row is none of them. `read`: the table's rows as the office's figures
    were read from them (`read_rows` with the same arguments), not read a second time (99.000
    rows: 12 s, now 7 s)."""
    rows = _rows(grid, head_row, unit_col, columns, office, read)
    reported, others = _state_words()
    with_figures = [r for r in rows if r.figures]
    numbered = bool(with_figures) and all(r.number for r in with_figures)
    capitals = any(r.name.upper() == r.name for r in with_figures)
    found: list[Member] = []
    for row in rows:
        state = fold_label(row.state)
        if row.figures or state == reported:
            found.append(Member(row.name, True, ""))
        elif row.state:  # the program's word for the row, or the office's own
            found.append(Member(row.name, False, others.get(state, row.state)))
        elif not row.number if numbered else _looks_like_heading(row.name, capitals):
            continue  # a heading of a hand-made table, not a unit: in a numbered table, no number
        else:
            found.append(Member(row.name, False, NO_FIGURES))
    return found


def coverage_note(
    grid: Grid,
    head_row: int,
    unit_col: int,
    columns: list[int],
    cell: str,
    office: str | None = None,
    read: Rows | None = None,
) -> tuple[ReaderNote, ...]:
    """`partial-summary` when some member units of the summary have no figures in it: how many
    its figures cover, and which are missing (at `cell`, the row the office's figures come from)."""
    found = members(grid, head_row, unit_col, columns, office, read)
    missing = [m for m in found if not m.covered]
    if not missing:
        return ()
    named = [f"{m.name} ({m.why})" for m in missing[:MAX_MISSING_NAMED]]
    rest = len(missing) - MAX_MISSING_NAMED
    listed = ", ".join(named) + (f" và {format_int(rest)} đơn vị khác" if rest > 0 else "")
    params = {
        "covered": format_int(len(found) - len(missing)),
        "members": format_int(len(found)),
        "missing": listed,
    }
    return (ReaderNote("partial-summary", cell, params),)
