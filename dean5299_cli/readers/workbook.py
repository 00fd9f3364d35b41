"""Open .xlsx, .xlsm, .xls and .ods with python-calamine after the safety pass; give plain grids."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from dean5299_cli.readers.limits import Refused, WorkbookFacts
from dean5299_cli.readers.limits import column_letters as _letters
from dean5299_cli.readers.safety import inspect

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
_UNREADABLE = "tệp bị hỏng hoặc không đúng định dạng bảng tính"
# The cause only: the problem's message adds what to do (open in Excel, save, send again).
_SHEET_NAMES = "tên các trang tính bị hỏng (trùng nhau, hoặc có ký tự xuống dòng, Tab)"


@dataclass(frozen=True)
class Grid:
    """A sheet as rows of values from A1 (row 0 is Excel row 1, column 0 is A)."""

    name: str
    rows: list[list[Any]]
    visible: bool = True
    merges: tuple[tuple[int, int, int, int], ...] = field(default=())  # r0, c0, r1, c1 (0-based)
    # What the grid reads as blank but is not (the guarding pass saw it): A1 → a formula's
    # error result (`#REF!`), and the A1 of formulas whose result was never saved
    errors: Mapping[str, str] = field(default_factory=dict)
    unsaved: frozenset[str] = frozenset()


@lru_cache(maxsize=1024)
def column_letters(index: int) -> str:
    """0 → `A`, 26 → `AA`."""
    return _letters(index)


def cell_ref(row: int, col: int) -> str:
    """`B12` of a 0-based row and column. Interned: one string for an address however many
    files a worker reads, so a chunk of results sent to the main process carries each address
    once (pickle keeps one object for one object), not once per cell: the figures' addresses of
    10.000 files, kept by what is judged, were 22 MB of copies of the same few hundred strings."""
    return sys.intern(f"{column_letters(col)}{row + 1}")


def _is_worksheet(meta: Any) -> bool:
    return str(getattr(meta, "typ", "WorkSheet")).split(".")[-1] in ("WorkSheet", "Worksheet")


def _merges(sheet: Any, facts: WorkbookFacts, name: str) -> tuple[tuple[int, int, int, int], ...]:
    ranges = getattr(sheet, "merged_cell_ranges", None)
    if ranges:
        return tuple((a[0], a[1], b[0], b[1]) for a, b in ranges)
    found = facts.sheets.get(name)
    return tuple(found.merges) if found else ()


def _hide_merged(rows: list[list[Any]], merges: tuple[tuple[int, int, int, int], ...]) -> None:
    """Blank every cell a merge hides (all but its top-left cell): Excel shows the top-left's
    content over them, so a figure left in one is a figure nobody sees, for every reader of the
    grid. Bounded by the grid, which the guard bounds (a merge may claim a million rows)."""
    for r0, c0, r1, c1 in merges:
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0 + (r == r0), min(c1, len(row) - 1) + 1):
                row[c] = None


def _is_panic(exc: BaseException) -> bool:
    """pyo3's PanicException derives from BaseException and is not importable by name."""
    return type(exc).__name__ == "PanicException"


class _QuietNative:
    """Send file descriptor 2 to the null device while native code runs: a Rust panic prints
    its backtrace there before it becomes an exception, and the clerk must not see it."""

    null = -1

    def __init__(self) -> None:
        self.saved = -1

    def __enter__(self) -> None:
        try:
            if _QuietNative.null < 0:
                _QuietNative.null = os.open(os.devnull, os.O_WRONLY)
            self.saved = os.dup(2)  # whatever fd 2 is now (it may have been redirected)
            os.dup2(_QuietNative.null, 2)
        except OSError:
            self.saved = -1

    def __exit__(self, *_exc: object) -> None:
        if self.saved >= 0:
            os.dup2(self.saved, 2)
            os.close(self.saved)


def read_grids(data: bytes, own: str | None = None) -> tuple[list[Grid], WorkbookFacts]:
    """All worksheets of a workbook (hidden ones marked), as grids. Raises Refused. `own`: see
    `files.Reading`; none when the file is such an output (`facts.unread`)."""
    facts = inspect(data, own)
    if facts.unread:
        return [], facts
    with _QuietNative():
        grids = _calamine_grids(data, facts)
    grids = [_marked(g, facts) for g in grids]
    names = [g.name for g in grids]
    if facts.kind == "xlsx" and (
        len(set(names)) < len(names) or any(name not in facts.sheets for name in names)
    ):
        # The guard names each sheet as XML reads `workbook.xml` (a tab or line break in a name
        # read as a space); calamine keeps them. A sheet the guard cannot be matched with would
        # have its error results and unsaved formulas read as blanks, and two sheets of one name
        # cannot be told apart: neither is read.
        raise Refused("unreadable-file", _SHEET_NAMES)
    return grids, facts


def _marked(grid: Grid, facts: WorkbookFacts) -> Grid:
    """The grid with the cells the guarding pass saw as error results or unsaved formulas."""
    seen = facts.sheets.get(grid.name)
    if seen is None or not (seen.errors or seen.unsaved_formulas):
        return grid
    return replace(grid, errors=seen.errors, unsaved=frozenset(seen.unsaved_formulas))


def _calamine_grids(data: bytes, facts: WorkbookFacts) -> list[Grid]:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        grids = []
        for meta in workbook.sheets_metadata:
            if not _is_worksheet(meta):
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            visible = str(getattr(meta, "visible", "Visible")).split(".")[-1] == "Visible"
            rows = sheet.to_python(skip_empty_area=False)
            merges = _merges(sheet, facts, meta.name)
            _hide_merged(rows, merges)
            grids.append(Grid(meta.name, rows, visible, merges))
    except PasswordError as exc:
        raise Refused("encrypted-file", "tệp có mật khẩu") from exc
    except CalamineError as exc:
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise Refused("encrypted-file", "tệp có mật khẩu") from exc
        raise Refused("unreadable-file", _UNREADABLE) from exc
    except Exception as exc:  # noqa: BLE001 - the parser's own failure on a broken file
        raise Refused("unreadable-file", _UNREADABLE) from exc
    except BaseException as exc:
        if _is_panic(exc):
            raise Refused("unreadable-file", _UNREADABLE) from exc
        raise
    return grids
