"""The central directory of a zip package, read directly (the common case) or by zipfile."""

from __future__ import annotations

import io
import struct
import zipfile
from typing import NamedTuple

from dean5299_cli.readers.limits import MAX_ENTRIES, MAX_UNCOMPRESSED_BYTES, Refused, corrupt

_EOCD = b"PK\x05\x06"
_ENTRY = struct.Struct("<4s4H2H3I5H2I")


class Entry(NamedTuple):
    """One member of the package (the fields of zipfile.ZipInfo that the guard uses)."""

    filename: str
    header_offset: int
    compress_size: int
    file_size: int
    compress_type: int
    flag_bits: int


def _by_zipfile(data: bytes) -> list[Entry]:
    """Zip64 and other rare layouts: let the standard library read the directory."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise corrupt() from exc
    return [
        Entry(
            i.filename, i.header_offset, i.compress_size, i.file_size, i.compress_type, i.flag_bits
        )
        for i in infos
    ]


def _direct(data: bytes) -> list[Entry] | None:
    """The directory read with struct; None when the layout needs zipfile (zip64…)."""
    end = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise corrupt()
    _, _, _, _, total, size, offset, _ = struct.unpack_from("<4s4H2IH", data, end)
    if total == 0xFFFF or offset == 0xFFFFFFFF or offset + size > end:
        return None
    if total > MAX_ENTRIES:
        raise Refused("too-large", f"tệp nén có {total} thành phần")
    entries, pos = [], offset
    for _ in range(total):
        if pos + 46 > end:
            raise corrupt()
        sig, _, _, flags, method, _, _, _, csize, usize, nlen, elen, clen, _, _, _, local = (
            _ENTRY.unpack_from(data, pos)
        )
        if sig != b"PK\x01\x02":
            raise corrupt()
        if 0xFFFFFFFF in (csize, usize, local):
            return None
        raw = data[pos + 46 : pos + 46 + nlen]
        if raw.isascii():  # the common case, and the same text in either encoding
            name = raw.decode("ascii")
        else:
            name = raw.decode("utf-8" if flags & 0x800 else "cp437", "replace")
        entries.append(Entry(name, local, csize, usize, method, flags))
        pos += 46 + nlen + elen + clen
    return entries


def _odd_steps(name: str) -> bool:
    steps = name.replace("\\", "/").lstrip("/").split("/")
    return any(step in ("", ".", "..") for step in steps[:-1]) or steps[-1] in (".", "..")


def _same_part(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").lower()


def read_directory(data: bytes) -> list[Entry]:
    """Every member of a zip package; refuses too many members or too much declared size."""
    entries = _direct(data)
    if entries is None:
        entries = _by_zipfile(data)
    if len(entries) > MAX_ENTRIES:
        raise Refused("too-large", f"tệp nén có {len(entries)} thành phần")
    # Two members of one name (or of names a reader takes for the same part: case, backslash, a
    # leading `/`) are no valid package: the guard would check one, the reader might read the other.
    if len({_same_part(e.filename) for e in entries}) != len(entries):
        raise corrupt()
    # A name with a `.`, `..` or empty step (`xl/x/../sheet1.xml`, `xl//worksheets/…`): readers
    # differ on the part it is (calamine takes the name as it is, LibreOffice resolves it).
    if any(_odd_steps(e.filename) for e in entries):
        raise corrupt()
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise Refused(
            "too-large",
            f"giải nén ra {total // (1024 * 1024)} MB, giới hạn {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB",
        )
    return entries
