"""Guard an .xlsx/.xlsm package in one streaming pass: follow its relationships to every sheet,
decompress each part for real, parse it with expat, and bound extent, cells and text."""

from __future__ import annotations

import functools
import html
import itertools
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from dean5299_cli.core.output_marks import (
    KIND_PROPERTY,
    OFFICE_PROPERTY,
    PROPERTY,
    SUMMARY,
    value_pattern,
)
from dean5299_cli.core.text import fold
from dean5299_cli.readers.limits import (
    MAX_CELL_TEXT,
    MAX_PART_BYTES,
    MAX_TEXT_REFERENCED,
    Refused,
    SheetFacts,
    WorkbookFacts,
    corrupt,
)
from dean5299_cli.readers.parts import Inflater, parse_stream, small_part, xml_tree
from dean5299_cli.readers.richtext import check_shared_strings, plain_shared_strings
from dean5299_cli.readers.sheetscan import scan_sheet
from dean5299_cli.readers.styles import Formats, formats_of, formats_streamed
from dean5299_cli.readers.zipdir import Entry

_SHEET_TYPE = re.compile(r"(work|macro|dialog)sheet\+xml", re.I)
_OUTPUT_MARK = PROPERTY.encode()
_KIND = value_pattern(KIND_PROPERTY)
_OFFICE = value_pattern(OFFICE_PROPERTY)


@functools.lru_cache(maxsize=64)
def _metadata_tree(whole: bytes) -> ET.Element:
    """Workbook, relationships and content types, parsed once per distinct content: the units
    of a folder mostly fill in the same form, so these parts repeat byte for byte (read only)."""
    return xml_tree(whole)


class _Package:
    """The package's parts by normalised name, and the workbook's sheets found through it."""

    def __init__(self, archive: list[Entry], inflater: Inflater) -> None:
        self.inflater = inflater
        self.parts = {_norm(i.filename): i for i in archive}

    def whole(self, path: str) -> bytes | None:
        """A small metadata part, really decompressed (None when the package has no such part)."""
        info = self.parts.get(_norm(path))
        if info is None:
            return None
        whole = self.inflater.metadata(info)
        if whole is None:
            raise Refused("too-large", f"thành phần {info.filename} quá lớn")
        return whole

    def rels_of(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, target part path) of `part`."""
        folder, name = posixpath.split(part)
        whole = self.whole(posixpath.join(folder, "_rels", name + ".rels"))
        return {} if whole is None else dict(_rels(whole, folder))


@functools.lru_cache(maxsize=64)
def _rels(whole: bytes, folder: str) -> tuple[tuple[str, tuple[str, str]], ...]:
    """The relationships of one `.rels` content, resolved against `folder` (cached like the trees).
    An external one too: calamine ignores `TargetMode` and reads the part its target names."""
    found: dict[str, tuple[str, str]] = {}
    for rel in _metadata_tree(whole):
        target = rel.get("Target")
        if target is None:
            continue
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        rid = rel.get("Id", "")
        if rid in found:  # two of one id: LibreOffice follows the first, the guard the last
            raise corrupt()
        found[rid] = (rel.get("Type", ""), posixpath.normpath(path))
    return tuple(found.items())


@functools.lru_cache(maxsize=64)
def _sheet_ids(whole: bytes) -> tuple[tuple[str, str], ...]:
    """(relationship id, sheet name) of every `sheet` element of a workbook part: calamine takes
    any element of that local name, namespaced or not, and the last attribute whose local name is
    `id` (`r:id`, another prefix's or none): each of them is followed."""
    found = []
    for sheet in _metadata_tree(whole).iter():
        if sheet.tag == "sheet" or sheet.tag.endswith("}sheet"):
            name = sheet.get("name", "")
            found += [(v, name) for k, v in sheet.attrib.items() if k == "id" or k.endswith("}id")]
    return tuple(found)


@functools.lru_cache(maxsize=64)
def _typed_sheets(whole: bytes) -> tuple[str, ...]:
    """Part names that [Content_Types].xml declares as sheets."""
    return tuple(
        _norm(o.get("PartName", ""))
        for o in _metadata_tree(whole)
        if _SHEET_TYPE.search(o.get("ContentType", ""))
    )


@functools.lru_cache(maxsize=1024)
def _norm(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").lower()


def _sheets(pkg: _Package) -> tuple[dict[str, str], str | None, str | None]:
    """(part path → sheet name, shared strings part, styles part) following the workbook's
    relationships."""
    workbook = "xl/workbook.xml"
    if workbook not in pkg.parts:  # elsewhere: the package's own relationships say where
        office = [t for typ, t in pkg.rels_of("").values() if typ.endswith("/officeDocument")]
        workbook = office[0] if office else workbook
    rels = pkg.rels_of(workbook)
    names: dict[str, str] = {}
    whole = pkg.whole(workbook)
    if whole is None:
        raise Refused("unreadable-file", "tệp nén nhưng không phải sổ tính Excel/LibreOffice")
    for rid, name in _sheet_ids(whole):
        if rid in rels:
            names[_norm(rels[rid][1])] = name
    shared = next((t for typ, t in rels.values() if typ.endswith("/sharedStrings")), None)
    styles = next((t for typ, t in rels.values() if typ.endswith("/styles")), None)
    types = pkg.whole("[Content_Types].xml")
    for part in _typed_sheets(types) if types is not None else ():
        names.setdefault(part, "")
    for part in pkg.parts:  # any sheet-like part, wherever it lives, is guarded too
        if "sheets/" in part and part.endswith(".xml"):
            names.setdefault(part, "")
    return names, shared, styles


_STYLES_PART = "xl/styles.xml"  # as `_norm` spells it


def _formats(pkg: _Package, named: str | None) -> Formats:
    """The cell formats that may alter a figure (see `styles`), from the styles part the
    workbook names (Excel and LibreOffice follow it), else the usual one."""
    info = pkg.parts.get(_norm(named) if named else _STYLES_PART) or pkg.parts.get(_STYLES_PART)
    if info is None:
        return {}
    whole = pkg.inflater.metadata(info)  # (inflated once per content when small)
    if whole is None:
        return formats_streamed(pkg.inflater.chunks(info))
    return formats_of(whole)


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

    parser = parse_stream(chunks, start, text=text)
    del parser
    return longest


_SHARED_PART = "xl/sharedstrings.xml"  # as `_norm` spells it


def _check_shared(pkg: _Package, path: str, shared_cells: int) -> None:
    info = pkg.parts[path]
    if not shared_cells:
        return
    whole, rest = small_part(pkg.inflater, info)
    if whole is None:  # streamed: the shape is checked on a second pass of its own
        check_shared_strings(pkg.inflater.chunks(info))
    elif not plain_shared_strings(whole):
        check_shared_strings(iter((whole,)))
    size = len(whole) if whole is not None else MAX_TEXT_REFERENCED
    if size > MAX_CELL_TEXT or size * shared_cells > MAX_TEXT_REFERENCED:
        longest = _longest_shared(itertools.chain((whole,) if whole else (), rest))
        if longest * shared_cells > MAX_TEXT_REFERENCED:
            raise Refused(
                "too-large", f"{shared_cells} ô dùng chung chuỗi ký tự dài {longest} ký tự"
            )


def _tool_marks(pkg: _Package, inflater: Inflater, facts: WorkbookFacts) -> None:
    """What the tool's mark says (`writers.marks`): its output, of which kind, of which office."""
    custom = pkg.parts.get("docprops/custom.xml")
    if custom is None:
        return
    whole, _ = small_part(inflater, custom)
    if whole is None or _OUTPUT_MARK not in whole:
        return
    facts.tool_output = True
    kind, office = _KIND.search(whole), _OFFICE.search(whole)
    facts.tool_kind = kind.group(1).decode("utf-8", "replace") if kind else ""
    facts.tool_office = html.unescape(office.group(1).decode("utf-8", "replace")) if office else ""


def scan_xlsx(archive: list[Entry], data: bytes, own: str | None = None) -> WorkbookFacts:
    """Guard every sheet of an OOXML workbook; collect error results and unsaved formulas.
    `own` (see `files.Reading`): a file the tool wrote, not to be read, is passed over unguarded
    (`facts.unread`): calamine never opens it."""
    inflater = Inflater(data)
    pkg = _Package(archive, inflater)
    facts = WorkbookFacts("xlsx")
    _tool_marks(pkg, inflater, facts)
    if own is not None and facts.tool_output:
        office = facts.tool_office
        if facts.tool_kind != SUMMARY or (office and fold(office) == own):
            facts.unread = True
            return facts
    sheets, shared_path, styles_path = _sheets(pkg)
    formats = _formats(pkg, styles_path)
    shared_cells = 0
    for part, name in sheets.items():
        info = pkg.parts.get(part)
        if info is not None:
            sheet_facts = facts.sheet(name) if name else SheetFacts()
            shared_cells += scan_sheet(
                inflater, info, name or part, sheet_facts, formats if name else None
            )
    # calamine reads the shared strings from `_SHARED_PART`, whatever the relationships say;
    # Excel and LibreOffice from the part they name: another part, or none (blank cells).
    named = _norm(shared_path) if shared_path else None
    named = named if named in pkg.parts else None
    read = _SHARED_PART if _SHARED_PART in pkg.parts else None
    if shared_cells and named != read:
        raise corrupt()
    if read is not None:
        _check_shared(pkg, read, shared_cells)
    for part, info in pkg.parts.items():  # any other part that may inflate beyond its size
        if info.compress_size * 1100 > MAX_PART_BYTES and part not in sheets:
            for _ in inflater.chunks(info):
                pass
    return facts
