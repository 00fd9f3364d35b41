"""Safety limits and what the one guarding pass over a workbook learns about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dean5299_cli.core.numbers import format_int

if TYPE_CHECKING:
    from dean5299_cli.readers.numfmt import NumberFormat

MAX_FILE_BYTES = 50 * 1024 * 1024  # a real submission is a few dozen kilobytes
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 64 * 1024 * 1024  # one XML part of a package, really decompressed
MAX_ENTRIES = 5_000
MAX_ROWS = 100_000
MAX_COLS = 16_384
MAX_CELLS = 2_000_000  # the rectangle from A1 that a reader allocates densely
MAX_CELL_TEXT = 32_767  # Excel's own limit for the text of one cell
MAX_TEXT_REFERENCED = 50_000_000  # characters all string cells of a workbook may expand to
MAX_SHOWN_TEXT = 200  # characters of any cell text used in matching or messages
MAX_FORMATTED = 100_000  # cell positions whose number format is noted, per workbook

ERROR_VALUES = frozenset(
    {"#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#N/A!"}
)  # fmt: skip


class Refused(Exception):
    """The file is refused before parsing; `code` is the problem code."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def corrupt() -> Refused:
    return Refused("unreadable-file", "tệp bị hỏng hoặc không đầy đủ (có thể gửi chưa hết)")


def check_extent(sheet: str, rows: int, cols: int) -> None:
    """Refuse a sheet whose cells span an absurd rectangle (readers allocate it densely)."""
    if rows > MAX_ROWS or cols > MAX_COLS or rows * cols > MAX_CELLS:
        raise Refused(
            "too-large",
            f'trang tính "{shorten(sheet, 60)}" trải tới {format_int(rows)} dòng × '
            f"{format_int(cols)} cột",
        )


def shorten(text: str, limit: int = MAX_SHOWN_TEXT) -> str:
    """`text` cut to `limit` characters, with "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_letters(index: int) -> str:
    """0 → `A`, 26 → `AA`."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class SheetFacts:
    """What the guarding pass saw in one sheet: error results, unsaved formulas, merges."""

    errors: dict[str, str] = field(default_factory=dict)  # A1 → `#DIV/0!`
    unsaved_formulas: set[str] = field(default_factory=set)  # A1 of formulas without a result
    merges: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # r0, c0, r1, c1 (0-based)
    # A1 → the number format of a cell that may show another figure than it holds (numfmt)
    formats: dict[str, NumberFormat] = field(default_factory=dict)


@dataclass
class WorkbookFacts:
    """The guarding pass's findings for a whole workbook (sheets by name)."""

    kind: str  # "xlsx", "xls" or "ods"
    sheets: dict[str, SheetFacts] = field(default_factory=dict)
    tool_output: bool = False  # a file written by dean5299 itself
    tool_kind: str = ""  # its kind: `summary` (read one level up), `review`…
    tool_office: str = ""  # the office whose summary it is (written since the fifteenth session)
    unread: bool = False  # passed over, not guarded: an output of the tool not to be read

    def sheet(self, name: str) -> SheetFacts:
        return self.sheets.setdefault(name, SheetFacts())
