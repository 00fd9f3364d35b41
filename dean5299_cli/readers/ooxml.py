"""Guard an .xlsx/.xlsm package in one streaming pass: follow its relationships to every sheet,
decompress each part for real, parse it with expat, and bound extent, cells and text."""

from __future__ import annotations

import functools
import itertools
import posixpath
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable, Iterator
from pyexpat import ExpatError, ParserCreate
from typing import Any

from dean5299_cli.readers.limits import (
    MAX_CELL_TEXT,
    MAX_PART_BYTES,
    MAX_TEXT_REFERENCED,
    MAX_UNCOMPRESSED_BYTES,
    Refused,
    SheetFacts,
    WorkbookFacts,
    check_extent,
    column_letters,
    corrupt,
)
from dean5299_cli.readers.zipdir import Entry

_MAINS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_TAGS = {f"{ns}}}{local}": local for ns in _MAINS for local in ("row", "c", "f", "v", "is", "t", "dimension")}  # fmt: skip
_REF = re.compile(r"\$?([A-Za-z]{1,7})\$?([0-9]{1,15})")
_REFS = re.compile(r"^\$?([A-Za-z]{1,7})\$?([0-9]{1,15})$", re.M)
_CHUNK = 256 * 1024
_SHEET_TYPE = re.compile(r"(work|macro|dialog)sheet\+xml", re.I)
_OUTPUT_MARK = b"dean5299-output"


def _col_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + (ord(ch) - 64)
    return number


def _no_doctype(*_args: Any) -> None:
    raise Refused("unreadable-file", "tệp chứa khai báo DOCTYPE, không phải sổ tính hợp lệ")


class Inflater:
    """Real decompression of package parts, counted against the whole-package budget."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.total = 0

    def chunks(self, info: Entry) -> Iterator[bytes]:
        """The part's bytes as really decompressed (never trusting the declared size)."""
        start = info.header_offset
        head = self.data[start : start + 30]
        if len(head) < 30 or head[:4] != b"PK\x03\x04" or info.flag_bits & 1:
            raise corrupt()
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        begin = start + 30 + name_len + extra_len
        raw = memoryview(self.data)[begin : begin + info.compress_size]
        if info.compress_type == 0:
            decompress: Callable[[bytes, int], bytes] | None = None
        elif info.compress_type == 8:
            decompress = zlib.decompressobj(-15).decompress
        else:
            raise corrupt()
        size = 0
        for offset in range(0, len(raw), _CHUNK):
            piece = bytes(raw[offset : offset + _CHUNK])
            try:
                out = decompress(piece, MAX_PART_BYTES + 1 - size) if decompress else piece
            except zlib.error as exc:
                raise corrupt() from exc
            size += len(out)
            self.total += len(out)
            if size > MAX_PART_BYTES or self.total > MAX_UNCOMPRESSED_BYTES:
                raise Refused("too-large", f"thành phần {info.filename} giải nén quá lớn")
            yield out

    def read(self, info: Entry) -> bytes:
        return b"".join(self.chunks(info))


TREE_BELOW = 2 * 1024 * 1024  # parts smaller than this are parsed to a tree in C (fast)
_DOCTYPES = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!ENTITY".encode("utf-16-le"))


def _small(inflater: Inflater, info: Entry) -> tuple[bytes | None, Iterator[bytes]]:
    """(whole part, None-rest) when it is small, else (None, every chunk) for streaming."""
    chunks = inflater.chunks(info)
    head: list[bytes] = []
    size = 0
    for chunk in chunks:
        head.append(chunk)
        size += len(chunk)
        if size > TREE_BELOW:
            return None, itertools.chain(head, chunks)
    return b"".join(head), iter(())


def _tree(data: bytes) -> ET.Element:
    if any(mark in data for mark in _DOCTYPES):
        _no_doctype()
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise corrupt() from exc


def _text_length(cell: ET.Element, t_tag: str) -> int:
    return sum(len(t.text or "") for t in cell.iter(t_tag))


def _tree_sheet(root: ET.Element, name: str, facts: SheetFacts, long_text: bool) -> int:
    """The same checks as `_SheetScan`, on a small sheet parsed to a tree; returns the number
    of cells referring to shared strings."""
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    dim = root.find(f"{ns}dimension")
    if dim is not None:
        m = _REF.fullmatch(dim.get("ref", "").rpartition(":")[2])
        if m:
            check_extent(name, int(m.group(2)), _col_number(m.group(1)))
    cells = list(root.iter(f"{ns}c"))
    refs = [c.get("r") or "" for c in cells]
    if "" in refs:
        return -1  # positions by order: the streaming scan counts them
    found = _REFS.findall("\n".join(refs))
    if len(found) != len(refs):
        raise corrupt()
    if found:
        letters, digits = zip(*found, strict=True)
        check_extent(name, max(map(int, set(digits))), max(map(_col_number, set(letters))))
    f_tag, v_tag, t_tag = f"{ns}f", f"{ns}v", f"{ns}t"
    shared = 0
    for cell, ref in zip(cells, refs, strict=True):
        kind = cell.get("t")
        if kind == "s":
            shared += 1
        elif kind == "e":
            v = cell.find(v_tag)
            text = (v.text or "").strip()[:20] if v is not None else ""
            facts.errors[ref.replace("$", "").upper()] = text or "#VALUE!"
            continue
        elif kind == "inlineStr" and long_text and _text_length(cell, t_tag) > MAX_CELL_TEXT:
            raise Refused("too-large", f"ô {ref} chứa hơn {MAX_CELL_TEXT} ký tự")
        is_formula = len(cell) > 1 or (len(cell) == 1 and cell[0].tag == f_tag)
        if is_formula and cell.find(f_tag) is not None:  # <f>, and <v> when its result is saved
            v = cell.find(v_tag)
            if v is None or not (v.text or "").strip():
                facts.unsaved_formulas.add(ref.replace("$", "").upper())
    return shared


def _parse(
    chunks: Iterator[bytes],
    start: Callable[..., None],
    end: Callable[[str], None] | None = None,
    *,
    text: Callable[[str], None] | None = None,
    scan: _SheetScan | None = None,
) -> Any:
    """Stream `chunks` through expat (namespaces resolved, no DOCTYPE) with these handlers."""
    parser = ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    if scan is not None:
        scan.parser = parser
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except ExpatError as exc:
        raise corrupt() from exc
    return parser


class _SheetScan:
    """Expat handlers over one worksheet: extent, cell count, errors, formulas without value."""

    def __init__(self, name: str, facts: SheetFacts) -> None:
        self.name, self.facts = name, facts
        self.row = self.col = -1
        self.max_row = self.max_col = 0
        self.shared = 0
        self.ref = ""
        self.kind = ""
        self.formula = False
        self.value: list[str] | None = None
        self.text = 0
        self.parser: Any = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _TAGS.get(name)
        if tag == "c":
            self._cell(attrs)
        elif tag == "row":
            r = attrs.get("r")
            self.row = int(r) - 1 if r and r.isdigit() else self.row + 1
            self.col = -1
        elif tag == "f":
            self.formula = True
        elif tag == "v" and (self.kind == "e" or self.formula):
            self.value = []
            self.parser.CharacterDataHandler = self.value.append
        elif tag == "t":
            self.text = 0
            self.parser.CharacterDataHandler = self._count
        elif tag == "dimension":
            m = _REF.fullmatch(attrs.get("ref", "").rpartition(":")[2])
            if m:
                check_extent(self.name, int(m.group(2)), _col_number(m.group(1)))

    def _cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        if ref is None:
            self.col += 1
            row, col = max(self.row, 0), self.col
            self.ref = f"{column_letters(col)}{row + 1}"
        else:
            m = _REF.fullmatch(ref)
            if not m:
                raise corrupt()
            row, col = int(m.group(2)) - 1, _col_number(m.group(1)) - 1
            self.col = col
            self.ref = ref.replace("$", "").upper()
        if row + 1 > self.max_row or col + 1 > self.max_col:
            self.max_row, self.max_col = max(self.max_row, row + 1), max(self.max_col, col + 1)
            check_extent(self.name, self.max_row, self.max_col)
        self.kind = attrs.get("t", "n")
        self.shared += self.kind == "s"
        self.formula = False

    def _count(self, data: str) -> None:
        self.text += len(data)
        if self.text > MAX_CELL_TEXT:
            raise Refused("too-large", f"ô {self.ref} chứa hơn {MAX_CELL_TEXT} ký tự")

    def end(self, name: str) -> None:
        tag = _TAGS.get(name)
        if tag == "v" and self.value is not None:
            self.parser.CharacterDataHandler = None
            text = "".join(self.value).strip()
            if self.kind == "e":
                self.facts.errors[self.ref] = text[:20] or "#VALUE!"
            elif not text:
                self.facts.unsaved_formulas.add(self.ref)
            self.value = None
            self.formula = False  # a saved result
        elif tag == "t":
            self.parser.CharacterDataHandler = None
        elif tag == "c" and self.formula:
            self.facts.unsaved_formulas.add(self.ref)  # a formula without any <v>
            self.formula = False


MAX_META_BYTES = TREE_BELOW  # workbook, relationships, content types: a few kilobytes really


@functools.lru_cache(maxsize=64)
def _metadata_tree(whole: bytes) -> ET.Element:
    """Workbook, relationships and content types, parsed once per distinct content: the units
    of a folder mostly fill in the same form, so these parts repeat byte for byte (read only)."""
    return _tree(whole)


class _Package:
    """The package's parts by normalised name, and the workbook's sheets found through it."""

    def __init__(self, archive: list[Entry], inflater: Inflater) -> None:
        self.inflater = inflater
        self.parts = {_norm(i.filename): i for i in archive}

    def tree(self, path: str) -> ET.Element | None:
        info = self.parts.get(_norm(path))
        if info is None:
            return None
        whole, _ = _small(self.inflater, info)
        if whole is None:
            raise Refused("too-large", f"thành phần {info.filename} quá lớn")
        return _metadata_tree(whole)

    def rels_of(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, target part path) of `part`."""
        folder, name = posixpath.split(part)
        found: dict[str, tuple[str, str]] = {}
        root = self.tree(posixpath.join(folder, "_rels", name + ".rels"))
        for rel in root if root is not None else ():
            target = rel.get("Target")
            if target is None or rel.get("TargetMode") == "External":
                continue
            path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            found[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(path))
        return found


def _norm(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").lower()


def _sheets(pkg: _Package) -> tuple[dict[str, str], str | None]:
    """(part path → sheet name, shared strings part) following the workbook's relationships."""
    workbook = "xl/workbook.xml"
    if workbook not in pkg.parts:  # elsewhere: the package's own relationships say where
        office = [t for typ, t in pkg.rels_of("").values() if typ.endswith("/officeDocument")]
        workbook = office[0] if office else workbook
    rels = pkg.rels_of(workbook)
    names: dict[str, str] = {}
    root = pkg.tree(workbook)
    if root is None:
        raise Refused("unreadable-file", "tệp nén nhưng không phải sổ tính Excel/LibreOffice")
    for sheet in root.iter():
        if sheet.tag.endswith("}sheet"):
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), "")
            if rid in rels:
                names[_norm(rels[rid][1])] = sheet.get("name", "")
    shared = next((t for typ, t in rels.values() if typ.endswith("/sharedStrings")), None)
    types = pkg.tree("[Content_Types].xml")
    for override in types if types is not None else ():
        if _SHEET_TYPE.search(override.get("ContentType", "")):
            names.setdefault(_norm(override.get("PartName", "")), "")
    for part in pkg.parts:  # any sheet-like part, wherever it lives, is guarded too
        if "sheets/" in part and part.endswith(".xml"):
            names.setdefault(part, "")
    return names, shared


def _longest_shared(chunks: Iterator[bytes]) -> int:
    """The length of the longest shared string (characters), streamed."""
    longest = current = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal current
        if tag.endswith("}si"):
            current = 0

    def text(data: str) -> None:
        nonlocal current, longest
        current += len(data)
        longest = max(longest, current)
        if current > MAX_CELL_TEXT:
            raise Refused("too-large", f"một chuỗi ký tự dài hơn {MAX_CELL_TEXT} ký tự")

    parser = _parse(chunks, start, text=text)
    del parser
    return longest


def _scan_sheet(inflater: Inflater, info: Entry, name: str, facts: SheetFacts) -> int:
    """Guard one sheet part (a tree when small, streamed otherwise); shared-string cells."""
    whole, rest = _small(inflater, info)
    if whole is not None:
        shared = _tree_sheet(_tree(whole), name, facts, len(whole) > MAX_CELL_TEXT)
        if shared >= 0:
            return shared
        rest = iter((whole,))
    scan = _SheetScan(name, facts)
    scan.parser = _parse(rest, scan.start, scan.end, scan=scan)
    return scan.shared


def _check_shared(pkg: _Package, path: str, shared_cells: int) -> None:
    info = pkg.parts.get(_norm(path))
    if info is None or not shared_cells:
        return
    whole, rest = _small(pkg.inflater, info)
    size = len(whole) if whole is not None else MAX_TEXT_REFERENCED
    if size > MAX_CELL_TEXT or size * shared_cells > MAX_TEXT_REFERENCED:
        longest = _longest_shared(itertools.chain((whole,) if whole else (), rest))
        if longest * shared_cells > MAX_TEXT_REFERENCED:
            raise Refused("too-large", f"{shared_cells} ô dùng chung chuỗi ký tự dài {longest} ký tự")


def scan_xlsx(archive: list[Entry], data: bytes) -> WorkbookFacts:
    """Guard every sheet of an OOXML workbook; collect error results and unsaved formulas."""
    inflater = Inflater(data)
    pkg = _Package(archive, inflater)
    facts = WorkbookFacts("xlsx")
    sheets, shared_path = _sheets(pkg)
    shared_cells = 0
    for part, name in sheets.items():
        info = pkg.parts.get(part)
        if info is not None:
            sheet_facts = facts.sheet(name) if name else SheetFacts()
            shared_cells += _scan_sheet(inflater, info, name or part, sheet_facts)
    for path in {shared_path or "xl/sharedStrings.xml", "xl/sharedStrings.xml"}:
        _check_shared(pkg, path, shared_cells)
    for part, info in pkg.parts.items():  # any other part that may inflate beyond its size
        if info.compress_size * 1100 > MAX_PART_BYTES and part not in sheets:
            for _ in inflater.chunks(info):
                pass
    custom = pkg.parts.get("docprops/custom.xml")
    if custom is not None:
        whole, _ = _small(inflater, custom)
        facts.tool_output = whole is not None and _OUTPUT_MARK in whole
    return facts
