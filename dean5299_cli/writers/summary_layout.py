"""The columns of the printed summary: grouped by indicator, titled in words, split into pages.

Pure: which columns, in which groups, and where a printed page ends (between groups, never inside
one). The workbook writer (summary_xlsx.py) only places them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from dean5299_cli.core.indicators import GENERAL_FIELDS, IndicatorSet, Kind

# Widths in Excel character units. An A4 landscape page with 1.27 cm margins holds about 110 of
# them at 100 % (measured on LibreOffice's PDF); a little is kept in reserve. The repeated unit
# columns (STT, Đơn vị, Tình trạng) take TITLE_WIDTH of those on every page.
PAGE_WIDTH = 105.0
PRINTABLE_HEIGHT = 500.0  # points, A4 landscape inside 1.5 cm top and bottom margins
DEFAULT_ROW_HEIGHT = 15.0  # points: a row given no height
SMALLEST_SCALE = 75  # below this (text under ~8 pt), print at 100 % on more pages instead
TITLE_WIDTHS = (5.0, 26.0, 16.0)
TITLE_WIDTH = sum(TITLE_WIDTHS)
UNIT_LINE = int(TITLE_WIDTHS[1])  # characters of a unit's name surely on one line of its column
FIELD_WIDTH = 12.0
PERCENT_WIDTH = 9.0
NOTE_WIDTH = 46.0
# the notes column when no unit's row has a note: its heading only, so that it prints with the
# last indicator group rather than alone on a page of each band of rows (6 of 49 pages for 141
# units)
EMPTY_NOTE_WIDTH = 12.0
GROUP_ROW, WORD_ROW, CODE_ROW = 8, 9, 10  # the table's head; the code row is hidden
FIRST_DATA_ROW = CODE_ROW + 1
FIRST_COLUMN = len(TITLE_WIDTHS) + 1  # after STT, Đơn vị, Tình trạng
GENERAL_TITLE = "Tổ công nghệ số thanh niên"


class ColumnKind(str, Enum):
    FIELD = "field"  # a reported figure (has a field code)
    RATE = "rate"  # a ratio indicator's rate reached (numerator / denominator)
    ACHIEVEMENT = "achievement"  # the result against the target


@dataclass(frozen=True)
class Column:
    kind: ColumnKind
    title: str  # in words, printed
    code: str | None = None  # FIELD: the field code (hidden row, for reading back)
    number: int | None = None  # the indicator's number (RATE, ACHIEVEMENT, indicator fields)

    @property
    def width(self) -> float:
        return FIELD_WIDTH if self.kind is ColumnKind.FIELD else PERCENT_WIDTH


@dataclass(frozen=True)
class ColumnGroup:
    title: str  # "CT3. Tài khoản có phát sinh giao dịch (tài khoản)"
    columns: tuple[Column, ...]

    @property
    def width(self) -> float:
        return sum(c.width for c in self.columns)


def _field_title(label: str, kind: Kind, position: int, count: int) -> str:
    if count == 1:
        return "Kết quả"
    if kind is Kind.RATIO:
        return ("Tử số: " if position == 0 else "Mẫu số: ") + label
    return label


def plan_columns(ind_set: IndicatorSet, with_achievement: Sequence[int]) -> tuple[ColumnGroup, ...]:
    """One group per indicator (its fields, its rate, its achievement), then the general fields."""
    groups = []
    for ind in ind_set.indicators:
        count = len(ind.fields)
        columns = [
            Column(ColumnKind.FIELD, _field_title(f.label, ind.kind, i, count), f.code, ind.number)
            for i, f in enumerate(ind.fields)
        ]
        if ind.kind is Kind.RATIO:
            columns.append(Column(ColumnKind.RATE, "Tỷ lệ đạt được", number=ind.number))
        if ind.number in with_achievement:
            columns.append(
                Column(ColumnKind.ACHIEVEMENT, "Mức đạt so với chỉ tiêu", number=ind.number)
            )
        groups.append(ColumnGroup(f"CT{ind.number}. {ind.short} ({ind.unit})", tuple(columns)))
    general = tuple(
        Column(ColumnKind.FIELD, f.label + (f" ({f.unit})" if f.unit else ""), f.code)
        for f in GENERAL_FIELDS
        if f.code in ind_set.field_codes
    )
    if general:
        groups.append(ColumnGroup(GENERAL_TITLE, general))
    return tuple(groups)


def print_scale(height: float) -> int:
    """100 %, or a little less when that keeps every row of the table on one page height."""
    scale = int(PRINTABLE_HEIGHT * 100 // height) if height > 0 else 100
    return min(100, scale) if scale >= SMALLEST_SCALE else 100


def fitted_scale(height: float, scale: int) -> int:
    """`scale` (chosen from an estimate before the sheet was written), lowered when the rows
    as written (`height` points) need it to print on one page height; never below
    SMALLEST_SCALE. A commune's sheet of 10 units, estimated to fit at 86 %, printed its
    signer's name alone on a second page."""
    if height * scale / 100 <= PRINTABLE_HEIGHT:
        return scale
    fit = int(PRINTABLE_HEIGHT * 100 // height)
    return fit if fit >= SMALLEST_SCALE else scale


def splits_block(heights: Sequence[float], repeated: float, start: int, scale: int) -> bool:
    """Whether the rows from index `start` to the end (the notes and the signer's lines) would
    print across two pages: rows fill pages of PRINTABLE_HEIGHT at `scale` %, each page after
    the first starting with the `repeated` points of the table's head."""
    room = PRINTABLE_HEIGHT * 100 / scale
    page, used, pages = 0, 0.0, []
    for height in heights:
        if used and used + height > room:
            page, used = page + 1, repeated
        used += height
        pages.append(page)
    return bool(pages[start:]) and pages[start] != pages[-1]


def pages_down(height: float, repeated: float, scale: int) -> int:
    """How many pages `height` points of rows take at `scale` %, every page after the first
    starting with the `repeated` points of the table's head."""
    room = PRINTABLE_HEIGHT * 100 / scale
    if height <= room:
        return 1
    return 1 + math.ceil((height - room) / max(room - repeated, 1.0))


def fewest_pages(
    height: float, repeated: float, across: Callable[[int], int], scale: int
) -> int:
    """The print scale of a table that runs several pages down: from SMALLEST_SCALE to 100 %,
    the one printing it on the fewest pages (`across(scale)` pages wide), the larger on a tie.
    A table fitting one page height at a readable scale keeps `scale` (chosen for that). At
    100 % the 141-unit province summary printed 7 pages across each band of rows (one
    indicator group a page, 43 pages); at 75 % two to four groups share a page (16 pages)."""
    if pages_down(height, repeated, SMALLEST_SCALE) == 1:
        return scale
    candidates = range(100, SMALLEST_SCALE - 1, -1)
    return min(candidates, key=lambda s: across(s) * pages_down(height, repeated, s))


def data_room(scale: int) -> float:
    """The width left for indicator columns on a page printed at `scale` %."""
    return PAGE_WIDTH * 100 / scale - TITLE_WIDTH


def page_ends(widths: Sequence[float], room: float = PAGE_WIDTH - TITLE_WIDTH) -> list[int]:
    """After which block (index) each printed page ends; the last page's end is not listed.

    Blocks (indicator groups, then the notes column) are packed whole, left to right; a block
    wider than a page gets a page of its own.
    """
    ends: list[int] = []
    used = 0.0
    for i, width in enumerate(widths):
        if used and used + width > room:
            ends.append(i - 1)
            used = 0.0
        used += width
    return ends
