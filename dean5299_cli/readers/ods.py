"""Guard an .ods spreadsheet in one streaming pass over content.xml: rows and cells repeated
(nested in groups or not), text length, error results of formulas, merged cells."""

from __future__ import annotations

from dean5299_cli.readers.limits import (
    MAX_CELL_TEXT,
    MAX_FORMATTED,
    MAX_TEXT_REFERENCED,
    Refused,
    SheetFacts,
    WorkbookFacts,
    check_extent,
    column_letters,
    corrupt,
)
from dean5299_cli.readers.numfmt import NumberFormat
from dean5299_cli.readers.odsformat import OdsStyles, Resolver, shared_styles
from dean5299_cli.readers.parts import Inflater, parse_stream
from dean5299_cli.readers.zipdir import Entry

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CALC = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_TEXT_P = "urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"
_CELLS = {_TABLE + "table-cell", _TABLE + "covered-table-cell"}
_BODY = _OFFICE + "body"
# Column groups with a default style kept, and positions of one repeated cell looked at: each
# cell without a style looks its column up among the groups (a hostile 16.384 × 16.384 took
# minutes, ended by the reader's time limit)
_MAX_COLUMN_STYLES = 1024
_METADATA_KEPT = 64 * 1024  # a styles part up to this size is judged once per content


def _count(attrs: dict[str, str], key: str) -> int:
    text = attrs.get(_TABLE + key, "1")
    return int(text) if text.isdigit() and len(text) < 19 else 10**18


class _Table:
    def __init__(self, name: str, facts: SheetFacts) -> None:
        self.name, self.facts = name, facts
        self.row = self.col = 0
        self.max_row = self.max_col = 0
        self.rows_repeat = 1
        self.row_content = False
        self.columns: list[tuple[int, int, str]] = []  # (first, end, default cell style)
        self.next_column = 0


class _Scan:
    """Expat handlers over content.xml; a stack of tables for tables nested in cells."""

    def __init__(self, facts: WorkbookFacts) -> None:
        self.facts = facts
        self.tables: list[_Table] = []
        self.cell: dict[str, str] | None = None
        self.cell_content = False
        self.text = 0
        self.error: list[str] | None = None
        self.referenced = 0
        self.depth = self.cell_depth = 0  # elements open; the cell's depth
        self.typed = self.plain_cell = False  # the cell has a value type; is no covered one
        self.paragraph = False  # inside a paragraph of the cell itself (not of a comment)
        self.shared = OdsStyles()  # styles.xml's styles, given by `scan_ods`
        self.own: OdsStyles | None = OdsStyles()  # the content's automatic styles, until the body
        self.altering: dict[str, NumberFormat] = {}  # cell style → a format that may alter
        self.formatted = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.own is not None:  # the styles come before the body (and before any table)
            if name in (_BODY, _TABLE + "table"):
                self.altering = Resolver(self.shared, self.own).altering()
                self.own = None
            else:
                self.own.start(name, attrs)
        if name in _CELLS and self.tables:
            self.cell, self.cell_content, self.text = attrs, _OFFICE + "value-type" in attrs, 0
            self.cell_depth, self.typed = self.depth, self.cell_content
            self.plain_cell = name == _TABLE + "table-cell"
            if attrs.get(_CALC + "value-type") == "error":
                self.error = []
        elif name == _TEXT_P and self.cell is not None:
            self.cell_content = True
            self.paragraph = self.depth == self.cell_depth + 1
        elif name == _TABLE + "table-row" and self.tables:
            t = self.tables[-1]
            t.rows_repeat, t.col, t.row_content = _count(attrs, "number-rows-repeated"), 0, False
        elif name == _TABLE + "table":
            sheet = attrs.get(_TABLE + "name", "")
            self.tables.append(_Table(sheet, self.facts.sheet(sheet)))
        elif name == _TABLE + "table-column" and self.tables and self.altering:
            t = self.tables[-1]
            repeat = min(_count(attrs, "number-columns-repeated"), 1 << 20)
            style = attrs.get(_TABLE + "default-cell-style-name")
            if style in self.altering and len(t.columns) < _MAX_COLUMN_STYLES:
                t.columns.append((t.next_column, t.next_column + repeat, style))
            t.next_column += repeat

    def chars(self, data: str) -> None:
        if self.own is not None:
            self.own.chars(data)
        if self.cell is not None:
            if self.paragraph and not self.typed and self.plain_cell and data.strip():
                # A cell's text without a value type: LibreOffice shows it (669), calamine
                # reads the cell blank. No writer leaves one (a comment's text is not here).
                raise corrupt()
            self.text += len(data)
            if self.text > MAX_CELL_TEXT:
                raise Refused("too-large", f"một ô chứa hơn {MAX_CELL_TEXT} ký tự")
            if self.error is not None:
                self.error.append(data)

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.own is not None:
            self.own.end(name)
        if name == _TEXT_P:
            self.paragraph = False
        if name in _CELLS and self.tables and self.cell is not None:
            self._end_cell(self.tables[-1], self.cell)
            self.cell, self.error = None, None
        elif name == _TABLE + "table-row" and self.tables:
            t = self.tables[-1]
            if t.row_content:
                t.max_row = max(t.max_row, t.row + t.rows_repeat)
                check_extent(t.name, t.max_row, t.max_col)
            t.row += t.rows_repeat
        elif name == _TABLE + "table" and self.tables:
            self.tables.pop()

    def _end_cell(self, t: _Table, attrs: dict[str, str]) -> None:
        repeat = _count(attrs, "number-columns-repeated")
        if self.cell_content:
            t.row_content = True
            t.max_col = max(t.max_col, t.col + repeat)
            check_extent(t.name, t.row + t.rows_repeat, t.max_col)
            self.referenced += self.text * repeat * t.rows_repeat
            if self.referenced > MAX_TEXT_REFERENCED:
                raise Refused("too-large", "chữ trong các ô lặp lại quá nhiều")
        if self.error is not None:
            ref = f"{column_letters(t.col)}{t.row + 1}"
            t.facts.errors[ref] = "".join(self.error).strip()[:20] or "#VALUE!"
        if self.altering and self.cell_content:
            self._note_format(t, attrs, repeat)
        spans = _count(attrs, "number-rows-spanned"), _count(attrs, "number-columns-spanned")
        if spans != (1, 1):
            t.facts.merges.append((t.row, t.col, t.row + spans[0] - 1, t.col + spans[1] - 1))
        t.col += repeat

    def _note_format(self, t: _Table, attrs: dict[str, str], repeat: int) -> None:
        """Note the format of a cell with content (each position it is repeated at) when its
        style, or its column's default style, may alter a figure (`odsformat`)."""
        if self.formatted > MAX_FORMATTED:
            return
        own = attrs.get(_TABLE + "style-name")
        for k in range(min(repeat, _MAX_COLUMN_STYLES)):  # figures are in the first columns
            style = own if own is not None else self._column_style(t, t.col + k)
            fmt = self.altering.get(style)
            if fmt is None:
                continue
            for r in range(t.rows_repeat):
                self.formatted += 1
                if self.formatted > MAX_FORMATTED:
                    return
                t.facts.formats[f"{column_letters(t.col + k)}{t.row + r + 1}"] = fmt

    @staticmethod
    def _column_style(t: _Table, col: int) -> str:
        """A cell without a style of its own takes its column's default (else `Default`)."""
        return next((s for first, end, s in t.columns if first <= col < end), "Default")


def _shared_styles(archive: list[Entry], inflater: Inflater) -> OdsStyles:
    """The styles of `styles.xml` (none when absent or not well-formed)."""
    info = next((i for i in archive if i.filename == "styles.xml"), None)
    if info is None:
        return OdsStyles()
    whole = inflater.metadata(info)  # (inflated once per content when small)
    if whole is not None and len(whole) <= _METADATA_KEPT:
        return shared_styles(whole)
    styles = OdsStyles()
    chunks = iter((whole,)) if whole is not None else inflater.chunks(info)
    try:
        parse_stream(chunks, styles.start, styles.end, text=styles.chars)
    except Refused as refused:
        if refused.code == "too-large":
            raise
        return OdsStyles()
    return styles


def _no_cdata() -> None:
    """calamine drops the text of a CDATA section (`4<![CDATA[5]]>0` is 40 to it, 450 to
    LibreOffice); no writer puts one in content.xml."""
    raise corrupt()


def scan_ods(archive: list[Entry], data: bytes) -> WorkbookFacts:
    """Guard every table of an OpenDocument spreadsheet."""
    facts = WorkbookFacts("ods")
    info = next((i for i in archive if i.filename == "content.xml"), None)
    if info is None:
        raise Refused("unreadable-file", "tệp nén nhưng không phải sổ tính Excel/LibreOffice")
    scan = _Scan(facts)
    inflater = Inflater(data)
    scan.shared = _shared_styles(archive, inflater)
    chunks = inflater.chunks(info)
    parse_stream(chunks, scan.start, scan.end, text=scan.chars, cdata=_no_cdata)
    return facts
