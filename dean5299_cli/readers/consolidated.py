"""Tables with one row per unit: a lower office's summary, a list of units, a system export."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.records import RawSubmission, RawValue, ReaderNote
from dean5299_cli.core.text import clean_spaces, fold_label
from dean5299_cli.core.values import read_count
from dean5299_cli.readers.summary_members import coverage_note
from dean5299_cli.readers.workbook import Grid, cell_ref

UNIT_HEADERS = ("don vi", "ten don vi", "don vi bao cao", "ten co so doan", "co so doan")
OFFICE_LABEL = "don vi bao cao"  # the reporting office, in the title block above the table
_CODE = re.compile(r"^[a-z][a-z0-9]*_[a-z0-9_]+\Z|^[a-z]{1,4}\d+[a-z0-9_]*\Z")
_TOTAL_WORDS = ("tong cong", "tong so", "cong", "tong")


@lru_cache(maxsize=1)
def _whole_areas() -> frozenset[str]:
    """`toan tinh`, `toan huyen`, `toan doan khoi`…: from the level table, folded."""
    from dean5299_cli.core.levels import shipped_table

    return frozenset(fold_label(w.whole_area) for w in shipped_table().levels.values())


def is_total_label(text: str) -> bool:
    """A total row by its whole label: `Tổng cộng`, `Tổng số`, `Cộng`, `Toàn tỉnh`,
    `Tổng cộng toàn tỉnh`… never a unit whose name begins so (`Công Hải`, `Tống Trân`)."""
    label = fold_label(_strip_punct(text))
    if label in _TOTAL_WORDS or label in _whole_areas():
        return True
    return any(label == f"{word} {area}" for word in _TOTAL_WORDS for area in _whole_areas())


def _strip_punct(text: str) -> str:
    return clean_spaces(re.sub(r"[():.,;\-–]+", " ", text))


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
    return read_count(raw, "").value if raw.value is not None else 0


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


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


UnitRows = list[tuple[RawValue, dict[str, RawValue]]]


def table_rows(grid: Grid, head: TableHead) -> tuple[UnitRows, dict[str, RawValue] | None]:
    """(unit cell, values) of each unit row, and the total row's values when there is one (the
    first, when several rows are labelled so)."""
    rows, totals = _table(grid, head)
    return rows, totals[0] if totals else None


def _table(grid: Grid, head: TableHead) -> tuple[UnitRows, list[dict[str, RawValue]]]:
    """(unit cell, values) of each unit row, and the values of every total row."""
    rows: UnitRows = []
    totals: list[dict[str, RawValue]] = []
    for r in range(head.row + 1, len(grid.rows)):
        line = grid.rows[r]
        unit = line[head.unit_col] if head.unit_col < len(line) else None
        if all(c >= len(line) or _blank(line[c]) for c in head.columns):
            continue  # a blank, heading or note row, not a unit: the rows below still count
        if _blank(unit):
            unit = ""  # figures without a unit name: judged as a missing unit at that cell
        values = {
            code: RawValue(line[c] if c < len(line) else None, cell_ref(r, c))
            for c, code in head.columns.items()
        }
        if is_total_label(str(unit)) or (not unit and _labelled_total(line, head)):
            totals.append(values)
            continue
        rows.append((RawValue(clean_spaces(str(unit)), cell_ref(r, head.unit_col)), values))
    if not totals and rows and _is_sum_of(rows[-1][1], [v for _, v in rows[:-1]]):
        totals.append(rows.pop()[1])  # an unlabelled total: the last row is the sum of those above
    return rows, totals


def _labelled_total(line: Sequence[Any], head: TableHead) -> bool:
    """A row whose unit cell is blank and another cell, not a figure's, says a total: `Tổng
    cộng` typed in the STT column, or merged over STT and name (the value is the first cell's).
    Was: read as a unit without a name and added to the rows it totals, the office counted twice."""
    return any(
        isinstance(value, str) and is_total_label(value)
        for c, value in enumerate(line)
        if c != head.unit_col and c not in head.columns
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
    rows, totals = _table(grid, head)
    total = totals[0] if totals else None
    codes = list(head.columns.values())
    units = [v for _, v in rows]
    named = [v for unit, v in rows if unit.value]  # not a note typed across the table below it
    values = summed(units, codes) if total is None else _checked_total(total, named)
    notes = _totals_differ(totals) + (_total_notes(total, units) if total else ())
    notes += coverage_note(grid, head.row, head.unit_col, list(head.columns), _figures_at(head, total, office))
    return RawSubmission(
        sheet=grid.name,
        unit=RawValue(clean_spaces(str(office.value)), office.cell),
        year=header.get("year"),
        quarter=header.get("quarter"),
        as_of=header.get("as_of"),
        values=values,
        code_cells=tuple(RawValue(code, cell_ref(head.row, c)) for c, code in head.columns.items()),
        notes=notes,
    )


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
    total: dict[str, RawValue], rows: list[dict[str, RawValue]]
) -> tuple[ReaderNote, ...]:
    """A total row that is not the sum of the rows above it, figure by figure: the office's one
    row is its total row, and which of the two is right is not known (a row edited, the total
    typed and not updated). A cell that is not a count is left to the judge, which names it."""
    notes = []
    for code, (value, added) in _sums(total, rows).items() if rows else ():
        if value != added:
            params = {
                "found_code": code,
                "total": format_int(value),
                "added": format_int(added),
                "rows": f"{rows[0][code].cell}:{rows[-1][code].cell}",
                "rows_where": _rows_where(total[code], rows[0][code], rows[-1][code]),
            }
            notes.append(ReaderNote("total-row-differs", total[code].cell, params))
    return tuple(notes)


def _rows_where(total: RawValue, first: RawValue, last: RawValue) -> str:
    """Where the rows added are from the total row (was: 'phía trên' for a total row above)."""
    row = _row_number(total.cell)
    if row > _row_number(last.cell):
        return "phía trên"
    if row < _row_number(first.cell):
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
