"""A .docx's body read as a stream: its paragraphs, and its tables row by row, each row let go
of once read. python-docx builds the whole document tree first: a 10.000-unit report (42 MB of
XML) took 550 MB before a word was read, and `audit` peaked at 690 MB.

What is read is what python-docx gives `document.paragraphs` and `document.tables`: the body's
own paragraphs and tables (not those in a content control or nested in a cell), and each row's
cells as `row.cells` lists them: a cell spanning columns (`gridSpan`) counted for each column, a
cell merged down (`vMerge`) read as the cell where the merge starts. So a cell's (table, row,
column) here is the one `audit --ghi-chu` puts its comment on through python-docx."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from lxml.etree import _Element

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# (first column, columns spanned, text, whether the cell starts here: False for a cell merged
# down from the row above, whose text is that cell's)
Cell = tuple[int, int, str, bool]


class NotWord(Exception):
    """The package has no Word document as its main part (a workbook, a macro document…)."""


@dataclass
class TableCells:
    index: int  # the table's place among the body's tables, from 0
    rows: list[list[Cell]] = field(default_factory=list)


def _xml(package: zipfile.ZipFile, name: str) -> _Element:
    # As python-docx parses (no entity resolved), and nothing fetched.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    return etree.fromstring(package.read(name), parser)


def _main_part(package: zipfile.ZipFile) -> str:
    """The name in the zip of the package's main document, which must be a Word document."""
    names = {name.lower(): name for name in package.namelist()}
    if "_rels/.rels" not in names or "[content_types].xml" not in names:
        raise NotWord("not an OPC package")
    target = next(
        (
            rel.get("Target", "")
            for rel in _xml(package, names["_rels/.rels"]).iter(_RELS)
            if rel.get("Type") == _OFFICE_DOCUMENT and rel.get("TargetMode") != "External"
        ),
        None,
    )
    if not target:
        raise NotWord("no main document")
    part = str(PurePosixPath("/", target.lstrip("/")))
    if _content_type(_xml(package, names["[content_types].xml"]), part) != _MAIN:
        raise NotWord("main part is not a Word document")
    name = names.get(part[1:].lower())
    if name is None:
        raise NotWord("main part missing")
    return name


def _content_type(types: _Element, part: str) -> str | None:
    for override in types.iter(f"{_TYPES}Override"):
        if override.get("PartName", "").lower() == part.lower():
            return override.get("ContentType")
    extension = PurePosixPath(part).suffix.lstrip(".").lower()
    for default in types.iter(f"{_TYPES}Default"):
        if default.get("Extension", "").lower() == extension:
            return default.get("ContentType")
    return None


def stream_blocks(
    path: Path,
    paragraph_text: Callable[[_Element], str],
    cell_text: Callable[[_Element], str],
) -> tuple[list[tuple[int, str]], list[TableCells]]:
    """The body's paragraphs (index among them, text) and tables, texts as the two functions
    give them; the part is read once, never held whole."""
    with zipfile.ZipFile(path) as package, package.open(_main_part(package)) as stream:
        return _read_body(stream, paragraph_text, cell_text)


def _read_body(
    stream: IO[bytes],
    paragraph_text: Callable[[_Element], str],
    cell_text: Callable[[_Element], str],
) -> tuple[list[tuple[int, str]], list[TableCells]]:
    paragraphs: list[tuple[int, str]] = []
    tables: list[TableCells] = []
    count = 0
    depth = 0
    body_done = False  # python-docx reads the first w:body only
    in_body = False
    top = ""  # the tag of the body's child being read
    above: dict[int, tuple[str, int]] = {}  # the row above: column → (text, span) of its cell
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        remove_blank_text=True,
    )
    for event, element in events:
        if event == "start":
            depth += 1
            if depth == 1 and element.tag != _W + "document":
                raise NotWord("not a Word document body")
            if depth == 2 and element.tag == _W + "body" and not body_done:
                in_body = True
            elif depth == 3 and in_body:
                top = element.tag
                if top == _W + "tbl":
                    tables.append(TableCells(len(tables)))
                    above = {}
            continue
        if in_body and depth == 3:
            if element.tag == _W + "p":
                paragraphs.append((count, paragraph_text(element)))
                count += 1
            _let_go(element)
        elif in_body and depth == 4 and top == _W + "tbl" and element.tag == _W + "tr":
            row, above = _row(element, above, cell_text)
            tables[-1].rows.append(row)
            _let_go(element)
        elif depth == 2 and in_body:
            in_body, body_done = False, True
        depth -= 1
    return paragraphs, tables


def _let_go(element: _Element) -> None:
    """Free a read element and the siblings before it (the tree is never held whole)."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _number(element: _Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(_W + "val", default))
    except ValueError:
        return default


def _row(
    tr: _Element, above: dict[int, tuple[str, int]], cell_text: Callable[[_Element], str]
) -> tuple[list[Cell], dict[int, tuple[str, int]]]:
    """A row's cells as python-docx's `row.cells` gives them, and what the row below needs."""
    cells: list[Cell] = []
    here: dict[int, tuple[str, int]] = {}
    offset = _number(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
    column = 0  # the cell's place in `row.cells`
    for tc in _tcs(tr):
        span = max(_number(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1), 0)
        merge = tc.find(f"{_W}tcPr/{_W}vMerge")
        continued = merge is not None and merge.get(_W + "val", "continue") == "continue"
        fresh = not (continued and offset in above)  # "continued" from nothing: its own cell
        text, shown = (cell_text(tc), span) if fresh else above[offset]
        if shown:  # a cell spanning no column is not in `row.cells`
            cells.append((column, shown, text, fresh))
        here[offset] = (text, shown)
        column += shown
        offset += span
    return cells, here


def _tcs(tr: _Element) -> Iterator[_Element]:
    return (child for child in tr if child.tag == _W + "tc")
