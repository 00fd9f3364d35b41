"""Tables with one row per unit: a lower office's summary, a list of units, a system export."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.records import RawSubmission, RawValue, ReaderNote
from dean5299_cli.core.text import clean_spaces, fold_label
from dean5299_cli.core.values import read_count
from dean5299_cli.readers.summary_members import coverage_note
from dean5299_cli.readers.summary_rows import MIN_ADDITIONS, Kind, Rows, read_rows, sums_of_two
from dean5299_cli.readers.workbook import Grid, cell_ref

UNIT_HEADERS = ("don vi", "ten don vi", "don vi bao cao", "ten co so doan", "co so doan")
OFFICE_LABEL = "don vi bao cao"  # the reporting office, in the title block above the table
_CODE = re.compile(r"^[a-z][a-z0-9]*_[a-z0-9_]+\Z|^[a-z]{1,4}\d+[a-z0-9_]*\Z")
@dataclass(frozen=True)
class TableHead:
    """The header row of a table: where the unit names are and which column holds which code."""

    row: int
    unit_col: int
    columns: dict[int, str]  # column → field code


def column_code(value: Any, labels: Mapping[str, str]) -> str | None:
    """The field code a header cell stands for: a code written as such, or a known label."""
    if not isinstance(value, str):
        return None
    text = clean_spaces(value)
    if _CODE.match(text.lower()):
        return text.lower()
    return labels.get(fold_label(text))


LabelBook = Sequence[Mapping[str, str]]  # one folded-label → code map per indicator set


def find_head(grid: Grid, book: LabelBook) -> TableHead | None:
    """The first row holding a unit header and at least two field columns; with several label
    maps (one per year's set), the one that names the most columns wins (the first given on a tie)."""
    best: TableHead | None = None
    for labels in [{}, *book]:
        head = _find_head(grid, labels)
        if head is not None and (best is None or len(head.columns) > len(best.columns)):
            best = head
    return best


def _find_head(grid: Grid, labels: Mapping[str, str]) -> TableHead | None:
    for r, row in enumerate(grid.rows):
        folded = [fold_label(v) if isinstance(v, str) else "" for v in row]
        unit_cols = [c for c, text in enumerate(folded) if text in UNIT_HEADERS]
        if not unit_cols:
            continue
        columns: dict[int, str] = {}
        for c, value in enumerate(row):
            code = column_code(value, labels)
            if code is not None and c != unit_cols[0] and code not in columns.values():
                columns[c] = code
        if len(columns) >= 2:
            return TableHead(r, unit_cols[0], columns)
    return None


def _count(raw: RawValue) -> int | None:
    unread = raw.error is not None or raw.formula_without_value
    return read_count(raw, "").value if raw.value is not None or unread else 0


def _sums(row: dict[str, RawValue], above: list[dict[str, RawValue]]) -> dict[str, tuple[int, int]]:
    """code → (the row's figure, the sum of the rows above) for each figure that is a count in
    the row and in every row above (a cell that is not is left out: the judge names it)."""
    found = {}
    for code, raw in row.items():
        value, parts = _count(raw), [_count(r[code]) for r in above]
        if value is not None and None not in parts:
            found[code] = (value, sum(p for p in parts if p is not None))
    return found


def _is_sum_of(row: dict[str, RawValue], above: list[dict[str, RawValue]]) -> bool:
    """Whether every figure of `row` is the sum of the same figure in the rows above it."""
    if len(above) < 2:
        return False
    sums = _sums(row, above)
    if len(sums) != len(row):
        return False
    return all(value == added for value, added in sums.values()) and any(
        value for value, _ in sums.values()
    )


def _row_counts(row: dict[str, RawValue]) -> tuple[int, ...]:
    """A row's figures as counts, column by column (one that is no count as 0)."""
    return tuple(read_count(value, "").value or 0 for value in row.values())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


UnitRows = list[tuple[RawValue, dict[str, RawValue]]]


@dataclass(frozen=True)
class Table:
    """A summary table as read: its unit rows, its total rows, the runs of grid rows its units
    fill (a subtotal or a group's row between two runs), and whether another table with
    figures starts below it (at a row repeating the header: it is not read)."""

    units: UnitRows
    totals: list[dict[str, RawValue]]
    runs: list[tuple[int, int]]
    other_table: int | None = None  # grid row of that other table's header
    grouped: bool = False  # groups' rows or subtotals: a unit's name may come under two groups
    # each group's sum row (a subtotal, a group's row with figures): its label, its figures, its
    # unit rows' figures and the runs of grid rows they fill
    groups: tuple[tuple[str, dict[str, RawValue], list[dict[str, RawValue]], list[tuple[int, int]]], ...] = ()
    rows: Rows | None = None  # every row with its kind, for the office's members (read once)
    # a unit row, first or last, the exact sum of the others, too small to tell it a total
    total_alike: tuple[RawValue, str] | None = None  # (its name cell, "phía trên" or "phía dưới")


def table_rows(grid: Grid, head: TableHead) -> tuple[UnitRows, dict[str, RawValue] | None]:
    """(unit cell, values) of each unit row, and the total row's values when there is one (the
    first, when several rows are labelled so). A group's own row (`I | Khối cơ quan`) is kept:
    in a list of units it may be one."""
    table = _table(grid, head, groups=True)
    return table.units, table.totals[0] if table.totals else None


def _table(grid: Grid, head: TableHead, *, groups: bool = False, office: str | None = None) -> Table:
    """The unit rows (never a subtotal, a note or a rate row; a group's row only with `groups`)
    and every total row, up to a row repeating the header. Was: `Cộng I`, `Tổng cộng toàn
    đoàn`, `Tổng cộng (I+II)`, a group's row with its sum, read as units and the office's
    figures counted two or three times, without a word when no total row was recognised."""
    found = read_rows(grid, head.row, head.unit_col, list(head.columns), office)
    rows: UnitRows = []
    totals: list[dict[str, RawValue]] = []
    others: list[int] = []  # rows with figures that are not units: they split the units' runs
    kept = (Kind.UNIT, Kind.GROUP) if groups else (Kind.UNIT,)
    for line in found.lines:
        if not line.figures:
            continue  # a blank, heading or note row, not a unit: the rows below still count
        r = line.row
        values = {code: _raw(grid, r, c) for c, code in head.columns.items()}
        if line.kind in kept:
            rows.append((RawValue(line.name, cell_ref(r, head.unit_col)), values))
            continue
        others.append(r)
        if line.kind is Kind.TOTAL:
            totals.append(values)
    alike = None
    # an unlabelled total: the last row the sum of those above, or typed first, above its rows
    # (was: added to them, twice); never a row with an STT number, and only where the sum adds
    # two figures not 0 three times or more: `Chi đoàn 4 | 2 | 2` under rows of 1, 0 and 0, 2
    # was taken for the total, the office counted 2 for 4 without a word; such a row is a unit
    # and said (`total_alike`)
    for at, where in ((-1, "phía trên"), (0, "phía dưới")) if not totals and rows else ():
        unit, values = rows[at]
        rest = [v for _, v in (rows[:-1] if at else rows[1:])]
        if _row_number(unit.cell) - 1 in found.numbered or not _is_sum_of(values, rest):
            continue
        if sums_of_two(_row_counts(values), [_row_counts(v) for v in rest]) >= MIN_ADDITIONS:
            totals.append(rows.pop(at)[1])
        else:
            alike = (unit, where)
        break
    runs = _runs([_row_number(unit.cell) - 1 for unit, _ in rows], others)
    other = found.next_head if found.next_head is not None and _has_figures(grid, found.next_head, head) else None
    grouped = any(line.kind in (Kind.GROUP, Kind.SUBTOTAL) for line in found.lines)
    return Table(rows, totals, runs, other, grouped, _groups(grid, head, found), found, alike)


def _groups(
    grid: Grid, head: TableHead, found: Rows
) -> tuple[tuple[str, dict[str, RawValue], list[dict[str, RawValue]], list[tuple[int, int]]], ...]:
    def values(r: int) -> dict[str, RawValue]:
        return {code: _raw(grid, r, c) for c, code in head.columns.items()}

    lines = found.lines
    groups = []
    for i, members in found.groups:
        inside = set(members)
        between = range(members[0], members[-1] + 1)  # the rows splitting the group's runs
        others = [lines[k].row for k in between if lines[k].figures and k not in inside]
        runs = _runs([lines[j].row for j in members], others)
        groups.append((lines[i].name, values(lines[i].row), [values(lines[j].row) for j in members], runs))
    return tuple(groups)


def _runs(units: list[int], others: list[int]) -> list[tuple[int, int]]:
    """(first, last) grid rows of each run of unit rows no other row with figures splits."""
    runs: list[tuple[int, int]] = []
    k = 0  # `others` and `units` are in the table's order: one walk through both
    for r in units:
        split = False
        while k < len(others) and others[k] < r:
            split = split or (bool(runs) and others[k] > runs[-1][1])
            k += 1
        if runs and not split:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _raw(grid: Grid, r: int, c: int) -> RawValue:
    """A figure's cell, marked when it holds an error result or a formula never computed (the
    grid reads both as blank): was added as 0 into the office's figure, without a word when
    the summary had no total row."""
    ref = cell_ref(r, c)
    if ref in grid.errors:
        return RawValue(_at(grid.rows[r], c), ref, error=grid.errors[ref])
    return RawValue(_at(grid.rows[r], c), ref, formula_without_value=ref in grid.unsaved)


def _at(line: Sequence[Any], c: int) -> Any:
    return line[c] if c < len(line) else None


def _has_figures(grid: Grid, start: int, head: TableHead) -> bool:
    """Whether the rows below `start` hold a number under one of the table's figure columns."""
    return any(
        isinstance(_at(line, c), int | float) and not isinstance(_at(line, c), bool)
        for line in grid.rows[start + 1 :]
        for c in head.columns
    )


def summed(rows: list[dict[str, RawValue]], codes: list[str]) -> dict[str, RawValue]:
    """Figures of several rows added up; a cell that is not a count is passed on as it is,
    so the judge names it."""
    result: dict[str, RawValue] = {}
    for code in codes:
        cells = [r[code] for r in rows]
        span = f"{cells[0].cell}:{cells[-1].cell}" if cells else ""
        counts = [_count(c) for c in cells]
        bad = next((c for c, n in zip(cells, counts, strict=True) if n is None), None)
        result[code] = bad or RawValue(sum(n for n in counts if n is not None), span)
    return result


def office_submission(
    grid: Grid, head: TableHead, office: RawValue, header: dict[str, RawValue]
) -> RawSubmission:
    """A lower office's summary read as that office's one row: its total row, else the sum."""
    name = clean_spaces(str(office.value))
    table = _table(grid, head, office=name)
    rows, totals = table.units, table.totals
    total = totals[0] if totals else None
    codes = list(head.columns.values())
    units = [v for _, v in rows]
    named = [v for unit, v in rows if unit.value]  # not a note typed across the table below it
    values = summed(units, codes) if total is None else _checked_total(total, named)
    notes = _totals_differ(totals) + (_total_notes(total, units, table.runs) if total else ())
    notes += _group_notes(table) + _alike_notes(table, head) + _total_alike_note(table)
    if table.other_table is not None:  # was: read on, its header a unit, its units twice
        row = {"row": str(table.other_table + 1)}
        notes += (ReaderNote("second-table", cell_ref(table.other_table, head.unit_col), row),)
    notes += () if table.grouped else _repeated(rows)
    at = _figures_at(head, total, office)
    notes += coverage_note(grid, head.row, head.unit_col, list(head.columns), at, name, table.rows)
    return RawSubmission(
        sheet=grid.name,
        unit=RawValue(name, office.cell),
        year=header.get("year"),
        quarter=header.get("quarter"),
        as_of=header.get("as_of"),
        values=values,
        code_cells=tuple(RawValue(code, cell_ref(head.row, c)) for c, code in head.columns.items()),
        notes=notes,
    )


MAX_REPEATED_NAMED = 5  # member units on several rows: the first ones named


def _repeated(rows: UnitRows) -> tuple[ReaderNote, ...]:
    """A member unit on several rows of a summary without groups (a row copied twice): every
    row is added, and its total too if typed to match (was: without a word). Under groups, a
    name may stand under two of them (`Chi đoàn thôn 1` of two communes): not said there."""
    from dean5299_cli.core.units import unit_key

    seen: dict[str, list[RawValue]] = {}
    for unit, _ in rows:
        if unit.value:
            seen.setdefault(unit_key(str(unit.value)), []).append(unit)
    twice = [cells for cells in seen.values() if len(cells) > 1]
    return tuple(
        ReaderNote(
            "repeated-member",
            cells[1].cell,
            {
                "name": str(cells[0].value),
                "count": str(len(cells)),
                "cells": ", ".join(c.cell for c in cells),
            },
        )
        for cells in twice[:MAX_REPEATED_NAMED]
    )


def _alike_notes(table: Table, head: TableHead) -> tuple[ReaderNote, ...]:
    """Unit rows each the exact sum of the rows below it, in a table without STT numbers, with
    figures too small to tell groups' rows from units (`summary_rows._unnumbered_groups`): added
    as units, and said once (was: read as groups' rows, their units' figures alone counted,
    without a word; six chi đoàn of 0 and 1 counted 2 for 4)."""
    found = table.rows
    if found is None or not found.alike:
        return ()
    lines = [found.lines[i] for i in found.alike]
    named = [f'"{line.name}" ({cell_ref(line.row, head.unit_col)})' for line in lines[:MAX_ALIKE_NAMED]]
    rest = len(lines) - len(named)
    params = {"rows": ", ".join(named) + (f" và {format_int(rest)} dòng khác" if rest else "")}
    return (ReaderNote("rows-like-groups", cell_ref(lines[0].row, head.unit_col), params),)


def _total_alike_note(table: Table) -> tuple[ReaderNote, ...]:
    """A unit row, last or first, the exact sum of the other rows, with figures too small to
    tell it the table's total (`_table`): added as a unit, and said."""
    if table.total_alike is None:
        return ()
    unit, where = table.total_alike
    return (ReaderNote("row-like-total", unit.cell, {"name": str(unit.value), "rows_where": where}),)


MAX_ALIKE_NAMED = 3  # rows that look like groups' rows, each named; the rest counted


def _checked_total(
    total: dict[str, RawValue], rows: list[dict[str, RawValue]]
) -> dict[str, RawValue]:
    """The total row's figures, but where a row it totals holds a cell that is not a count
    (negative, not whole, text, an error result), that cell, for the judge to name: the total
    cannot be checked against it, and was taken silently (a chi đoàn's -83, or "0,500", under
    a total typed to match), while the same cell without a total row was an error."""
    checked = dict(total)
    for code in total:
        bad = next((r[code] for r in rows if _count(r[code]) is None), None)
        if bad is not None:
            checked[code] = bad
    return checked


def _figures_at(head: TableHead, total: dict[str, RawValue] | None, office: RawValue) -> str:
    """Where the office's figures are read: its total row's label cell, else (rows added up) the
    cell naming the office."""
    first = next(iter(total.values()), None) if total else None
    return cell_ref(_row_number(first.cell) - 1, head.unit_col) if first else office.cell


MAX_TOTALS_NAMED = 5  # a table whose every row is labelled a total: the first ones named


def _totals_differ(totals: list[dict[str, RawValue]]) -> tuple[ReaderNote, ...]:
    """Several rows labelled as a total that do not say the same figure (was: the first taken,
    silently, even a unit's own row labelled `Tổng cộng`): which one is the office's is not
    known. Rows that agree are one total written twice."""
    notes = []
    for code, first in totals[0].items() if len(totals) > 1 else ():
        cells = [t[code] for t in totals]
        counts = [_count(c) for c in cells]
        if None in counts or len(set(counts)) < 2:
            continue  # a cell that is not a count is left to the judge, which names it
        said = [f"ô {c.cell}: {format_int(n or 0)}" for c, n in zip(cells, counts, strict=True)]
        rest = len(said) - MAX_TOTALS_NAMED
        values = "; ".join(said[:MAX_TOTALS_NAMED]) + (f" và {rest} dòng khác" if rest > 0 else "")
        params = {"found_code": code, "count": str(len(totals)), "values": values}
        notes.append(ReaderNote("total-rows-differ", first.cell, params))
    return tuple(notes)


def _total_notes(
    total: dict[str, RawValue], rows: list[dict[str, RawValue]], runs: list[tuple[int, int]]
) -> tuple[ReaderNote, ...]:
    """A total row that is not the sum of the unit rows, figure by figure: the office's one
    row is its total row, and which of the two is right is not known (a row edited, the total
    typed and not updated). A cell that is not a count is left to the judge, which names it.
    The rows are named run by run (was: one range over the groups' subtotals, not added)."""
    notes = []
    for code, (value, added) in _sums(total, rows).items() if rows else ():
        if value != added:
            column = total[code].cell.rstrip("0123456789")
            params = {
                "found_code": code,
                "total": format_int(value),
                "added": format_int(added),
                "rows": _ranges(column, runs),
                "rows_where": _rows_where(total[code], runs[0][0] + 1, runs[-1][1] + 1),
            }
            notes.append(ReaderNote("total-row-differs", total[code].cell, params))
    return tuple(notes)


def _group_notes(table: Table) -> tuple[ReaderNote, ...]:
    """A group's sum row (`Cộng`, `KHỐI CƠ QUAN | 10`) that is not the sum of its unit rows:
    said once for the row, at its first figure that differs (was: not checked; the office's
    figure is its total or its units' sum, never this row, which is said). A cell that is not a
    count is left to the judge."""
    notes: list[ReaderNote] = []
    wrong = 0  # group rows that differ, beyond those said
    for label, own, rows, runs in table.groups:
        differ = [(code, v, a) for code, (v, a) in _sums(own, rows).items() if v != a]
        if not differ:
            continue
        if len(notes) == MAX_GROUPS_NAMED:
            wrong += 1
            continue
        code, value, added = differ[0]
        column = own[code].cell.rstrip("0123456789")
        params = {
            "label": label or "(không tên)",
            "found_code": code,
            "total": format_int(value),
            "added": format_int(added),
            "rows": _ranges(column, runs),
            "more": f" (và {len(differ) - 1} mã khác)" if len(differ) > 1 else "",
            "others": "",
        }
        notes.append(ReaderNote("group-row-differs", own[code].cell, params))
    if wrong:
        last = notes[-1]
        others = f" Còn {format_int(wrong)} dòng cộng nhóm khác cũng không khớp với các dòng của nhóm."
        notes[-1] = ReaderNote(last.code, last.cell, {**last.params, "others": others})
    return tuple(notes)


MAX_GROUPS_NAMED = 5  # group rows that differ, each said; the rest counted in the last


MAX_RUNS_NAMED = 4  # runs of unit rows named in a message, the rest said by `…`


def _ranges(column: str, runs: list[tuple[int, int]]) -> str:
    """`C5:C6, C9:C10`: the cells of each run of unit rows in `column`."""
    said = [
        f"{column}{a + 1}" + (f":{column}{b + 1}" if b > a else "") for a, b in runs[:MAX_RUNS_NAMED]
    ]
    return ", ".join(said) + (", …" if len(runs) > MAX_RUNS_NAMED else "")


def _rows_where(total: RawValue, first: int, last: int) -> str:
    """Where the rows added are from the total row (was: 'phía trên' for a total row above);
    `first`, `last`: the unit rows' numbers as Excel shows them."""
    row = _row_number(total.cell)
    if row > last:
        return "phía trên"
    if row < first:
        return "phía dưới"
    return "của bảng"


def _row_number(cell: str) -> int:
    return int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or 0)


_QUARTER = re.compile(r"\bquy\s+(i{1,3}|iv|[1-4])\b")
_YEAR = re.compile(r"\bnam\s+(20\d\d)\b")


def period_from_title(grid: Grid, stop_row: int) -> dict[str, RawValue]:
    """`year` and `quarter` from a title above the table (`… QUÝ II NĂM 2024`), for tables that
    have no `Năm` / `Kỳ báo cáo` cells (exports of the reporting system)."""
    found: dict[str, RawValue] = {}
    for r, row in enumerate(grid.rows[:stop_row]):
        for c, value in enumerate(row):
            if not isinstance(value, str) or len(value) > 200:
                continue
            text = fold_label(value)
            quarter, year = _QUARTER.search(text), _YEAR.search(text)
            if quarter and "quarter" not in found:
                found["quarter"] = RawValue(f"Quý {quarter.group(1).upper()}", cell_ref(r, c))
            if year and "year" not in found:
                found["year"] = RawValue(int(year.group(1)), cell_ref(r, c))
    return found
