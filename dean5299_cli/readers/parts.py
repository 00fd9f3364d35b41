"""Parts of a zip package as really decompressed (never trusting declared sizes), and their XML
parsed either to a tree in C (small parts) or streamed through expat; no DOCTYPE anywhere."""

from __future__ import annotations

import itertools
import struct
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable, Iterator
from pyexpat import ExpatError, ParserCreate
from typing import TYPE_CHECKING, Any

from dean5299_cli.readers.limits import MAX_PART_BYTES, MAX_UNCOMPRESSED_BYTES, Refused, corrupt
from dean5299_cli.readers.zipdir import Entry

if TYPE_CHECKING:
    from dean5299_cli.readers.richtext import Window
    from dean5299_cli.readers.sheetscan import SheetScan

_CHUNK = 256 * 1024


def no_doctype(*_args: Any) -> None:
    raise Refused("unreadable-file", "tệp chứa khai báo DOCTYPE, không phải sổ tính hợp lệ")


class Inflater:
    """Real decompression of package parts, counted against the whole-package budget."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.total = 0

    def _raw(self, info: Entry) -> memoryview:
        """The part's stored (compressed) bytes, after its local header is checked."""
        start = info.header_offset
        head = self.data[start : start + 30]
        if len(head) < 30 or head[:4] != b"PK\x03\x04" or info.flag_bits & 1:
            raise corrupt()
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        begin = start + 30 + name_len + extra_len
        return memoryview(self.data)[begin : begin + info.compress_size]

    def metadata(self, info: Entry) -> bytes | None:
        """A small part as `small_part` gives it (None when too large for a tree), inflated once
        per distinct stored content: the units of a folder fill in the same form, so workbook,
        relationships and content types repeat byte for byte. Counted against the budget."""
        whole = None
        if info.compress_size <= _METADATA_KEPT and info.compress_type in (0, 8):
            whole = _inflated(info.compress_type, bytes(self._raw(info)))
        if whole is None:
            return small_part(self, info)[0]
        self.total += len(whole)
        if self.total > MAX_UNCOMPRESSED_BYTES:
            raise Refused("too-large", f"thành phần {info.filename} giải nén quá lớn")
        return whole

    def chunks(self, info: Entry) -> Iterator[bytes]:
        """The part's bytes as really decompressed (never trusting the declared size)."""
        raw = self._raw(info)
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
_METADATA_KEPT = 64 * 1024  # stored and inflated size up to which a metadata part is kept
_METADATA: dict[tuple[int, bytes], bytes] = {}  # (method, stored bytes) → inflated, ≤ 64 kept


def _inflated(method: int, raw: bytes) -> bytes | None:
    """Stored bytes inflated (method 8) or as they are (0), remembered when small; None when
    larger than kept (the caller then takes the ordinary path, with its own messages)."""
    key = (method, raw)
    whole = _METADATA.get(key)
    if whole is None:
        try:
            whole = raw if method == 0 else zlib.decompressobj(-15).decompress(raw, _METADATA_KEPT + 1)
        except zlib.error as exc:
            raise corrupt() from exc
        if len(whole) > _METADATA_KEPT:
            return None
        if len(_METADATA) >= 64:
            del _METADATA[next(iter(_METADATA))]
        _METADATA[key] = whole
    return whole


_DOCTYPES = (
    b"<!DOCTYPE",
    b"<!ENTITY",
    "<!DOCTYPE".encode("utf-16-le"),
    "<!ENTITY".encode("utf-16-le"),
)


def small_part(inflater: Inflater, info: Entry) -> tuple[bytes | None, Iterator[bytes]]:
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


def xml_tree(data: bytes) -> ET.Element:
    if any(mark in data for mark in _DOCTYPES):
        no_doctype()
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise corrupt() from exc


def well_formed(data: bytes) -> None:
    """Refuse a part that is not well-formed XML (namespaces checked), building nothing."""
    parser = ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = no_doctype
    try:
        parser.Parse(data, True)
    except ExpatError as exc:
        raise corrupt() from exc


def parse_stream(
    chunks: Iterator[bytes],
    start: Callable[..., None],
    end: Callable[[str], None] | None = None,
    *,
    text: Callable[[str], None] | None = None,
    cdata: Callable[[], None] | None = None,
    scan: SheetScan | Window | None = None,
) -> Any:
    """Stream `chunks` through expat (namespaces resolved, no DOCTYPE) with these handlers;
    `scan` is given the parser before the first chunk (to ask it where it is)."""
    parser = ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = no_doctype
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    if cdata is not None:
        parser.StartCdataSectionHandler = cdata
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
