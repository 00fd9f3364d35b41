"""Long tables in a workbook built with openpyxl, written as rows of XML after openpyxl has saved it.

openpyxl makes an object per cell and compares style objects for each: about 15 µs a cell, seconds
for the per-unit tables of a large folder. Here a table's body is kept as plain rows with one
style index per cell (the workbook's own cell formats, registered through openpyxl), and written
straight into the saved worksheet part: the sheet keeps everything openpyxl wrote (heads, widths,
filters, print settings); only its body rows are streamed.
"""

from __future__ import annotations

import math
import re
import shutil
import weakref
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dean5299_cli.core.text import printable

CellValue = str | int | float | None
Row = Sequence[CellValue]
HeightOf = Callable[[Row], "float | None"]
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Look:
    """How one body cell looks: a named style (border, alignment, number format) and extras."""

    style: str
    fill: str | None = None  # RGB, a solid fill
    bold: bool = False


@dataclass(frozen=True)
class LazyRows:
    """`count` rows made afresh by `make` each time they are read, never held: the body of a
    long table (a line per unit and part, per unit and indicator…) is built while it is written.
    Reading more or fewer rows than `count` is a ValueError."""

    count: int
    make: Callable[[], Iterable[Row]]

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Row]:
        made = 0
        for row in self.make():
            if made == self.count:
                raise ValueError(f"bảng có hơn {self.count} dòng như đã báo")
            made += 1
            yield row
        if made != self.count:
            raise ValueError(f"bảng có {made} dòng, không phải {self.count} dòng như đã báo")


Rows = Sequence[Row] | LazyRows


@dataclass
class _Block:
    first_row: int
    rows: Rows
    width: int  # cells in the widest row
    columns: list[int]  # style index per column
    special: dict[int, dict[int, int]] = field(default_factory=dict)  # row index → column → style
    heights: dict[int, float] = field(default_factory=dict)  # row index → points
    height_of: HeightOf | None = None  # points a row needs, when not in `heights`


_PENDING: weakref.WeakKeyDictionary[Worksheet, _Block] = weakref.WeakKeyDictionary()


def style_index(ws: Worksheet, look: Look) -> int:
    """The workbook's cell-format index for `look` (registered in the workbook if new)."""
    cell = Cell(ws, row=1, column=1)  # not placed in the sheet: only its format is kept
    cell.style = look.style
    if look.fill:
        cell.fill = PatternFill("solid", fgColor=look.fill)
    if look.bold:
        cell.font = Font(bold=True)
    return cell.style_id


def add_rows(
    ws: Worksheet,
    first_row: int,
    rows: Rows,
    columns: Sequence[Look],
    special: dict[tuple[int, int], Look] | None = None,
    heights: dict[int, float] | None = None,
    *,
    height_of: HeightOf | None = None,
) -> None:
    """Put `rows` from `first_row` down, column c (0-based) looking like `columns[c]`, except the
    cells of `special` ((row index, column) → look); `heights` gives rows a height in points,
    `height_of` gives it from the row's values as it is written (None: the default height).
    `rows` may be `LazyRows` (made when written), whose rows are `columns` wide at most.
    A cell written with openpyxl inside these rows (e.g. one with a comment) replaces the
    streamed one; rows openpyxl wrote above and below stay. The rows reach the file when the
    workbook is saved with `save`."""
    if ws in _PENDING:
        raise ValueError(f"trang tính {ws.title} đã có một bảng ghi thẳng")
    cache: dict[Look, int] = {}

    def index(look: Look) -> int:
        if look not in cache:
            cache[look] = style_index(ws, look)
        return cache[look]

    width = len(columns) if isinstance(rows, LazyRows) else max(map(len, rows), default=0)
    _PENDING[ws] = _Block(
        first_row,
        rows,
        width,
        [index(look) for look in columns],
        _by_row({at: index(look) for at, look in (special or {}).items()}),
        dict(heights or {}),
        height_of,
    )


def _by_row(styles: dict[tuple[int, int], int]) -> dict[int, dict[int, int]]:
    rows: dict[int, dict[int, int]] = {}
    for (row, column), style in styles.items():
        rows.setdefault(row, {})[column] = style
    return rows


def save(wb: Workbook, path: Path) -> None:
    """Save `wb` to `path`, then write the body rows kept by `add_rows` into their sheets."""
    blocks = {ws.title: _PENDING.pop(ws) for ws in wb.worksheets if ws in _PENDING}
    wb.save(path)
    if blocks:
        _inject(path, blocks)


def _sheet_parts(zin: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → its part name, through the workbook and its relationships."""
    book = ET.fromstring(zin.read("xl/workbook.xml"))
    rels = ET.fromstring(zin.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{_PKG}}}Relationship")}
    parts = {}
    for sheet in book.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL}}}id"), "")
        parts[sheet.get("name", "")] = (
            target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        )
    return parts


def _inject(path: Path, blocks: dict[str, _Block]) -> None:
    tmp = path.with_name(path.name + ".rows")
    try:
        # Level 1: three times faster than the default for a file about a third larger.
        with (
            zipfile.ZipFile(path) as zin,
            zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout,
        ):
            parts = _sheet_parts(zin)
            by_part = {parts[title]: block for title, block in blocks.items()}
            for info in zin.infolist():
                block = by_part.get(info.filename)
                if block is None:
                    with zin.open(info) as src, zout.open(info.filename, "w") as dst:
                        shutil.copyfileobj(src, dst)
                    continue
                _write_sheet(zin.read(info).decode("utf-8"), block, zout, info)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


_ROW = re.compile(r'<row r="(\d+)"([^>]*?)(?:/>|>(.*?)</row>)', re.S)
_CELL = re.compile(r'<c r="([A-Z]+)\d+"[^>]*?(?:/>|>.*?</c>)', re.S)


def _write_sheet(xml: str, block: _Block, zout: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """The saved sheet with `block`'s rows in place, dimension widened. Rows openpyxl wrote
    before and after the block stay; a cell openpyxl wrote inside it (one with a comment, say)
    wins over the streamed one."""
    width = block.width
    last_row = block.first_row + len(block.rows) - 1
    head, sep, tail = xml.partition("</sheetData>")
    if sep:
        head, _, data = head.partition("<sheetData>")
    else:  # an empty sheetData is written as <sheetData/>
        head, sep, tail = xml.partition("<sheetData/>")
        data = ""
    if not sep:
        raise ValueError(f"phần {info.filename} không có sheetData")
    head = re.sub(
        r'<dimension ref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"',
        lambda m: _dimension(m, width, last_row),
        head,
        count=1,
    )
    early, inside, late = [], {}, []
    for m in _ROW.finditer(data):
        number = int(m.group(1))
        if number < block.first_row:
            early.append(m.group(0))
        elif number > last_row:
            late.append(m.group(0))
        else:
            inside[number - block.first_row] = (m.group(2), m.group(3) or "")
    letters = [get_column_letter(c) for c in range(1, width + 1)]
    with zout.open(info.filename, "w") as out:
        out.write((head + "<sheetData>" + "".join(early)).encode("utf-8"))
        chunk: list[str] = []
        for i, values in enumerate(block.rows):
            if len(values) > width:  # only LazyRows can: a list's width is its widest row
                raise ValueError(f"dòng {block.first_row + i} rộng hơn {width} cột của bảng")
            chunk.append(_row(block, i, values, letters, inside.get(i)))
            if len(chunk) == 500:
                out.write("".join(chunk).encode("utf-8"))
                chunk = []
        out.write(("".join(chunk) + "".join(late) + "</sheetData>" + tail).encode("utf-8"))


def _dimension(m: re.Match[str], width: int, last_row: int) -> str:
    first = f"{m.group(1)}{m.group(2)}"
    end_col = max(column_index_from_string(m.group(3) or m.group(1)), width)
    end_row = max(int(m.group(4) or m.group(2)), last_row)
    return f'<dimension ref="{first}:{get_column_letter(end_col)}{end_row}"'


def _row(
    block: _Block,
    i: int,
    values: Sequence[CellValue],
    letters: Sequence[str],
    theirs: tuple[str, str] | None,
) -> str:
    r = block.first_row + i
    styles = block.columns
    special = block.special.get(i)
    if special:
        styles = [special.get(c, style) for c, style in enumerate(styles)]
    cells = [  # a count inline (most cells), anything else through _cell
        f'<c r="{letters[c]}{r}" s="{styles[c]}"><v>{value}</v></c>'
        if type(value) is int
        else _cell(f"{letters[c]}{r}", value, styles[c])
        for c, value in enumerate(values)
    ]
    height = block.heights.get(i)
    if height is None and block.height_of is not None:
        height = block.height_of(values)
    shape = f' ht="{height:g}" customHeight="1"' if height else ""
    if theirs is not None:  # cells openpyxl wrote in this row replace ours
        attributes, content = theirs
        found = {m.group(1): m.group(0) for m in _CELL.finditer(content)}
        cells = [found.pop(letters[c], cell) for c, cell in enumerate(cells)]
        cells += [found[k] for k in sorted(found, key=lambda k: (len(k), k))]
        shape = shape or attributes
    return f'<row r="{r}"{shape}>{"".join(cells)}</row>'


def _cell(ref: str, value: CellValue, style: int) -> str:
    if type(value) is int:  # the usual cell first: a count (not a bool)
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    if value is None or value == "":
        return f'<c r="{ref}" s="{style}"/>'
    if isinstance(value, str):
        text = escape(printable(value))  # no character XML 1.0 cannot hold, whatever the source
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if isinstance(value, float) and math.isfinite(value):
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    raise ValueError(f"ô {ref}: giá trị {value!r} không ghi được")
