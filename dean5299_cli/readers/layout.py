"""Find the submission in a sheet by its labels and codes, wherever the unit has moved them."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from functools import lru_cache
from typing import Any

from dean5299_cli.core.numbers import format_int, parse_number_text
from dean5299_cli.core.records import RawSubmission, RawValue, ReaderNote
from dean5299_cli.core.text import clean_spaces, fold_label
from dean5299_cli.readers.consolidated import (
    LabelBook,
    TableHead,
    find_head,
    office_submission,
    period_from_title,
    table_rows,
)
from dean5299_cli.readers.workbook import Grid, cell_ref

HEADER_LABELS = {
    "don vi": "unit",
    "ten don vi": "unit",
    "don vi bao cao": "unit",
    "nam": "year",
    "nam bao cao": "year",
    "ky bao cao": "quarter",
    "tinh den ngay": "as_of",
    "so lieu tinh den ngay": "as_of",
}
_HEADER_KEYS = len(set(HEADER_LABELS.values()))
CODE_LIKE = re.compile(r"^(ct\d+[a-z0-9_]*|to_cns[a-z0-9_]*)\Z")
_ANY_CODE = re.compile(r"^[a-z][a-z0-9]*_[a-z0-9_]+\Z|^[a-z]{1,4}\d+[a-z0-9_]*\Z")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _code_of(value: Any) -> str | None:
    """The field code written in a Mã cell, lower-cased; None when it is not code-like text."""
    return _code_of_text(value) if isinstance(value, str) else None


@lru_cache(maxsize=4096)
def _code_of_text(value: str) -> str | None:
    """`_code_of` of a text: every unit's sheet repeats the same few codes."""
    text = clean_spaces(value).lower()
    return text if _ANY_CODE.match(text) else None


def _right_value(row: list[Any], col: int, r: int) -> RawValue | None:
    for c in range(col + 1, len(row)):
        if not _is_blank(row[c]):
            return RawValue(row[c], cell_ref(r, c))
    return None


def find_header(grid: Grid, stop_row: int | None = None) -> dict[str, RawValue]:
    """Header fields: a label cell, its value in the next non-empty cell to its right
    (or after a colon in the same cell, as in `Đơn vị: Xã Phước Sơn`)."""
    found: dict[str, RawValue] = {}
    rows = grid.rows if stop_row is None else grid.rows[:stop_row]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text.__class__ is not str or not text or len(text) > 80:
                continue  # labels are short texts; numbers and blanks are skipped cheaply
            key = HEADER_LABELS.get(fold_label(text))
            if key is None and ":" in text:
                label, _, rest = text.partition(":")
                key = HEADER_LABELS.get(fold_label(label))
                if key and rest.strip() and key not in found:
                    found[key] = RawValue(rest.strip(), cell_ref(r, c))
                continue
            if key and key not in found:
                value_cell = _right_value(row, c, r)
                if value_cell is not None:
                    found[key] = value_cell
        if len(found) == _HEADER_KEYS:
            break  # every field has its first value: later cells cannot change any
    return found


def _find_table_header(grid: Grid) -> tuple[int, int, list[int]] | None:
    """(row, Mã column, value columns) of the `Mã` / `Số liệu` header row."""
    for r, row in enumerate(grid.rows):
        folded = [fold_label(v) if isinstance(v, str) else "" for v in row]
        if "ma" in folded and "so lieu" in folded:
            code_col = folded.index("ma")
            value_col = folded.index("so lieu")
            span = [value_col]
            for c in range(value_col + 1, min(len(row), value_col + 3)):
                if folded[c]:
                    break
                span.append(c)
            return r, code_col, span
    return None


def _merged_top_left(
    merges: Sequence[tuple[int, int, int, int]], r: int, c: int
) -> tuple[int, int] | None:
    """The top-left cell of a merge across the row covering (r, c), when it is another cell. A
    merge coming down from another field's row is not followed: it would give this field that
    field's figure. (Cells a merge hides are blank in the grid: workbook._hide_merged.)"""
    for r0, c0, r1, c1 in merges:
        if r0 == r <= r1 and c0 <= c <= c1 and (r0, c0) != (r, c):
            return r0, c0
    return None


def _value_cell(
    grid: Grid,
    r: int,
    span: list[int],
    merges: Sequence[tuple[int, int, int, int]] = (),
    figure_col: int | None = None,
) -> RawValue:
    """The value of row `r` as Excel shows it: the first non-blank cell of the value span, a
    merged cell being read from its top-left cell. `merges`: those across the span. A blank
    one is named at `figure_col` (where the table's figures are), with its span's cells."""
    row = grid.rows[r]
    for c in span:
        if c < len(row) and not _is_blank(row[c]):
            return RawValue(row[c], cell_ref(r, c))
        corner = _merged_top_left(merges, r, c) if merges else None
        if corner is not None:
            c0 = corner[1]
            value = row[c0] if c0 < len(row) else None
            if not _is_blank(value):
                return RawValue(value, cell_ref(r, c0))
    if len(span) == 1:
        return RawValue(None, cell_ref(r, span[0]))
    cells = tuple(cell_ref(r, c) for c in span)
    return RawValue(None, cell_ref(r, span[0] if figure_col is None else figure_col), span=cells)


def _number(value: Any) -> Fraction | None:
    """A cell's value as a number when it is one (typed, or written as text), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Fraction(value) if math.isfinite(value) else None
    parsed = parse_number_text(value) if isinstance(value, str) and len(value) <= 40 else None
    return parsed.value if parsed is not None else None


MAX_FIGURES_NAMED = 3  # a row's figures named in `two-values`, the rest counted (a span holds 3)


def _other_figures(row: list[Any], r: int, span: list[int], taken: RawValue) -> list[RawValue]:
    """The other numbers in the row's value span (a header `Số liệu` merged over two columns, a
    figure in each), when one differs from the one taken: which is the unit's is not known."""
    first = _number(taken.value)
    if first is None:
        return []
    others = []
    for c in span:
        ref = cell_ref(r, c)
        value = row[c] if c < len(row) else None
        if ref == taken.cell or _is_blank(value):
            continue
        if _number(value) is not None:
            others.append(RawValue(value, ref))
    return others if any(_number(o.value) != first for o in others) else []


def _two_figures(code: str, taken: RawValue, others: list[RawValue]) -> ReaderNote:
    """`two-values`: how many different numbers the row holds (was: 'hai số' for fifty), the
    first few cells named with their figures, the rest counted."""
    cells = [taken, *others]
    count = len({_number(c.value) for c in cells})
    said = [f"ô {c.cell}: {_shown(c.value)}" for c in cells[:MAX_FIGURES_NAMED]]
    rest = len(cells) - len(said)
    numbers = [_shown(c.value) for c in cells[:MAX_FIGURES_NAMED]]
    tail = "…" if rest else ""
    params = {
        "found_code": code,
        "count": "hai" if count == 2 else str(count),
        "values": "; ".join(said) + (f" và {rest} ô khác" if rest else ""),
        "numbers": " và ".join(numbers) if len(cells) == 2 else ", ".join(numbers) + tail,
        "first": taken.cell,
        "first_value": _shown(taken.value),
        "second": others[0].cell,
        "second_value": _shown(others[0].value),
    }
    return ReaderNote("two-values", taken.cell, params)


def _shown(value: Any) -> str:
    """A figure as the message quotes it: a whole number with Vietnamese thousands dots."""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_int(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return format_int(int(value))
    return str(value)[:40]


def _figure_column(grid: Grid, first_row: int, span: list[int], code_col: int) -> int:
    """The column of the value span holding most figures of the table (the first on a tie):
    where a unit types the figure of a row left blank. Only rows with a code count: the
    signature block below the table is no figure."""
    if len(span) == 1:
        return span[0]
    filled = [0] * len(span)
    for row in grid.rows[first_row:]:
        if code_col >= len(row) or _code_of(row[code_col]) is None:
            continue
        for k, c in enumerate(span):
            if c < len(row) and not _is_blank(row[c]):
                filled[k] += 1
    return span[filled.index(max(filled))]


def parse_table_sheet(grid: Grid) -> RawSubmission | None:
    """A `Mã` / `Số liệu` submission sheet, or None when the sheet has no such table."""
    header = _find_table_header(grid)
    if header is None:
        return None
    head_row, code_col, span = header
    fields = find_header(grid)
    first, last = span[0], span[-1]
    merges = [m for m in grid.merges if m[1] <= last and m[3] >= first]  # over the value span
    figure_col = _figure_column(grid, head_row + 1, span, code_col)
    values: dict[str, RawValue] = {}
    code_at: dict[str, str] = {}
    unknown: list[RawValue] = []
    notes: list[ReaderNote] = []
    for r in range(head_row + 1, len(grid.rows)):
        row = grid.rows[r]
        if code_col >= len(row):
            continue
        code = _code_of(row[code_col])
        if code is None:
            continue
        here = cell_ref(r, code_col)
        if code in values:
            params = {"found_code": code, "first": code_at[code], "second": here}
            notes.append(ReaderNote("duplicate-field", here, params))
            continue
        values[code] = _value_cell(grid, r, span, merges, figure_col)
        code_at[code] = here
        others = _other_figures(row, r, span, values[code]) if len(span) > 1 else []
        if others:
            notes.append(_two_figures(code, values[code], others))
        unknown.append(RawValue(code, here))
    return RawSubmission(
        sheet=grid.name,
        unit=fields.get("unit"),
        year=fields.get("year"),
        quarter=fields.get("quarter"),
        as_of=fields.get("as_of"),
        values=values,
        code_cells=tuple(unknown),
        notes=tuple(notes),
    )


def parse_consolidated_sheet(grid: Grid, labels: LabelBook = ()) -> list[RawSubmission] | None:
    """A sheet with a header row holding `Đơn vị` and field codes (or, with `labels`, column
    titles: one folded label → code map per year's set). When the title block names the reporting office
    (`Đơn vị báo cáo`), the table is that office's summary and gives ONE submission, its total;
    otherwise one submission per unit row. Total rows are dropped by their whole label or by
    being the sum of the rows above."""
    head = find_head(grid, labels)
    if head is None:
        return None
    header = table_header(grid, head)
    office = header.get("unit")
    if office is not None and clean_spaces(str(office.value)):
        return [office_submission(grid, head, office, header)]
    rows, _ = table_rows(grid, head)
    return unit_submissions(grid, head, header, rows)


def table_header(grid: Grid, head: TableHead) -> dict[str, RawValue]:
    """The header fields above a consolidated table (a period in the title line counts)."""
    return {**period_from_title(grid, head.row), **find_header(grid, stop_row=head.row)}


def unit_submissions(
    grid: Grid,
    head: TableHead,
    header: dict[str, RawValue],
    rows: Sequence[tuple[RawValue, dict[str, RawValue]]],
) -> list[RawSubmission]:
    """One consolidated submission per unit row of a table, with the table's header fields."""
    code_cells = tuple(RawValue(code, cell_ref(head.row, c)) for c, code in head.columns.items())
    return [
        RawSubmission(
            sheet=grid.name,
            unit=unit,
            year=header.get("year"),
            quarter=header.get("quarter"),
            as_of=header.get("as_of"),
            values=values,
            code_cells=code_cells,
            consolidated=True,
        )
        for unit, values in rows
    ]


def _hidden(subs: list[RawSubmission]) -> list[RawSubmission]:
    """Submissions read from a hidden sheet, each with a note saying so."""
    return [
        replace(
            sub, notes=(*sub.notes, ReaderNote("hidden-sheet", None, {"sheet_name": sub.sheet}))
        )
        for sub in subs
    ]


def _has_figure(sub: RawSubmission) -> bool:
    """Whether a figure is typed: an office's rows added up are none when there is no row
    (their sum, 0, has no cell)."""
    return any(raw.cell and not _is_blank(raw.value) for raw in sub.values.values())


def table_submissions(grids: list[Grid]) -> list[RawSubmission]:
    """Every sheet of `grids` with a `Mã` / `Số liệu` table, in workbook order: a unit may keep
    last quarter's sheet, or a corrected copy, beside this one, and the judge tells them apart
    (period, duplicates) as it does files. A sheet whose table has no figure at all (a blank
    copy of the form) is no report when another has figures."""
    found = [t for g in grids if (t := parse_table_sheet(g)) is not None]
    if len(found) < 2:
        return found
    filled = [t for t in found if _has_figure(t)]
    return filled or found[:1]


def _sheet_submissions(grids: list[Grid], labels: LabelBook) -> list[RawSubmission]:
    """Every sheet's `Mã` / `Số liệu` table (`table_submissions`), else the rows of every
    consolidated sheet (a lower office's summary of each quarter on its own sheet: the judge
    chooses by period, as among forms; was the first sheet alone, its quý II figures taken for
    the workbook and the quý III sheet beside them never read)."""
    found = table_submissions(grids)
    if not found:
        for grid in grids:
            rows = parse_consolidated_sheet(grid, labels)
            if rows is not None:
                found += rows
    return found


def find_submissions(grids: list[Grid], labels: LabelBook = ()) -> list[RawSubmission]:
    """The submissions of a workbook (`_sheet_submissions`): visible sheets first, a hidden
    sheet only when no visible one has a figure (with a note): a blank copy of the form or of
    the summary left visible over the hidden one filled in was read, 0 for every figure, and
    the unit's figures dropped. An empty list when there is no table at all."""
    shown = _sheet_submissions([g for g in grids if g.visible], labels)
    if any(_has_figure(s) for s in shown):
        return shown
    hidden = _sheet_submissions([g for g in grids if not g.visible], labels)
    if hidden and (not shown or any(_has_figure(s) for s in hidden)):
        return _hidden(hidden)
    return shown
