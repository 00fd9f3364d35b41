"""The cell formats of an .xlsx styles part that may make a cell show another figure than the one
stored (see `numfmt`): cell format index (a cell's `s`) → its number format, only those.

The styles part is hostile input like any other: parsed to a tree when small, streamed when
large, every list bounded. A styles part that is not well-formed is repaired by Excel (its
formats dropped, cells shown as General) and may still be read by the values reader: it gives
no formats here, and never makes the file unreadable."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from dean5299_cli.readers.limits import Refused
from dean5299_cli.readers.numfmt import NumberFormat, may_alter, parse_format
from dean5299_cli.readers.parts import parse_stream, xml_tree

MAX_XFS = 65_536  # Excel keeps at most 64.000 cell formats; any beyond are not looked at
MAX_CODES = 4_096  # custom format codes looked at
# Built-in formats that show a count otherwise (percentages); dates are read as dates by the
# values reader and said there, the others (`#,##0`, accounting, `@`…) show the stored figure.
BUILTIN = {9: "0%", 10: "0.00%"}
_CUSTOM_MARK = b"numFmt"  # no custom format, and no cell format using a built-in percentage:
_PERCENT_MARKS = (b'numFmtId="9"', b'numFmtId="10"')  # nothing to look at (the common case)

Formats = dict[int, NumberFormat]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _number(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


class _Collect:
    """Custom codes by id, and each cell format's number format id in order (bounded)."""

    def __init__(self) -> None:
        self.codes: dict[int, str] = {}
        self.xfs: list[int | None] = []
        self.in_xfs = 0  # depth inside `cellXfs`

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "cellXfs":
            self.in_xfs += 1
        elif tag == "xf" and self.in_xfs and len(self.xfs) < MAX_XFS:
            self.xfs.append(_number(_attr(attrs, "numFmtId")))
        elif tag == "numFmt" and len(self.codes) < MAX_CODES:
            fid = _number(_attr(attrs, "numFmtId"))
            if fid is not None and fid not in self.codes:  # the first of one id, as calamine
                self.codes[fid] = _attr(attrs, "formatCode") or ""

    def end(self, name: str) -> None:
        if _local(name) == "cellXfs":
            self.in_xfs -= 1

    def formats(self) -> Formats:
        return altering_formats(self.codes, self.xfs)


def altering_formats(codes: dict[int, str], xfs: list[int | None]) -> Formats:
    """Cell format index → its number format, for those that may alter a figure: `codes` the
    custom codes by number format id, `xfs` each cell format's id (None: not a cell format),
    built-in ids as `BUILTIN`; each id judged once (.xlsx styles and .xls records alike)."""
    found: Formats = {}
    judged: dict[int, NumberFormat | None] = {}
    for index, fid in enumerate(xfs):
        if fid is None:
            continue
        if fid not in judged:
            code = codes.get(fid, BUILTIN.get(fid))
            fmt = parse_format(code) if code is not None else None
            judged[fid] = fmt if fmt is not None and may_alter(fmt) else None
        fmt = judged[fid]
        if fmt is not None:
            found[index] = fmt
    return found


def _attr(attrs: dict[str, str], name: str) -> str | None:
    """An attribute by local name (unprefixed as written; a prefixed one in any namespace)."""
    if name in attrs:
        return attrs[name]
    return next((v for k, v in attrs.items() if _local(k) == name), None)


def _from_tree(root: ET.Element) -> Formats:
    collect = _Collect()
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "cellXfs":
            collect.in_xfs = 1
            for xf in element:
                if _local(xf.tag) == "xf":
                    collect.start("xf", dict(xf.attrib))
            collect.in_xfs = 0
        elif tag == "numFmt":
            collect.start("numFmt", dict(element.attrib))
    return collect.formats()


def formats_of(whole: bytes) -> Formats:
    """The formats that may alter a figure, of a styles part read whole (a small one judged
    once per content: a folder's units fill in the same form, so its styles repeat byte for
    byte). Read only."""
    if _CUSTOM_MARK not in whole and not any(mark in whole for mark in _PERCENT_MARKS):
        return {}
    return _small_formats(whole) if len(whole) <= _KEPT else _parsed(whole)


_KEPT = 64 * 1024


@functools.lru_cache(maxsize=64)
def _small_formats(whole: bytes) -> Formats:
    return _parsed(whole)


def _parsed(whole: bytes) -> Formats:
    try:
        return _from_tree(xml_tree(whole))
    except Refused:
        return {}  # not well-formed: no formats (see the module's doc)


def formats_streamed(chunks: Iterator[bytes]) -> Formats:
    """`formats_of` for a large styles part, streamed through expat."""
    collect = _Collect()
    try:
        parse_stream(chunks, collect.start, collect.end)
    except Refused as refused:
        if refused.code == "too-large":
            raise
        return {}
    return collect.formats()
