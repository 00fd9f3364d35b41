"""Check a workbook's container before any parser touches it: size, bombs, encryption."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

MAX_FILE_BYTES = 50 * 1024 * 1024  # a real submission is a few dozen kilobytes
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 5_000
MAX_ROWS = 100_000
MAX_COLS = 1_000
MAX_CELLS = 5_000_000

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

_COL = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_ROW = re.compile(rb'<(?:row|c) r="(?:[A-Z]{0,3})([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]{1,3}[0-9]{1,7}:)?([A-Z]{1,3})([0-9]{1,7})"')
# A cell with content repeated across many columns expands in every reader: the ODS bomb.
_ODS_REPEATED_CELL = re.compile(
    rb'<table:table-cell[^>]*?number-columns-repeated="([0-9]+)"[^>]*?[^/]>'
)


class Refused(Exception):
    """The file is refused before parsing; `code` is the problem code."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def column_number(letters: bytes | str) -> int:
    """`A` → 1, `XFD` → 16384."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    number = 0
    for ch in text:
        number = number * 26 + (ord(ch) - 64)
    return number


@dataclass(frozen=True)
class Container:
    """What the safety check learned: the format and, for zips, the opened archive."""

    kind: str  # "zip" (xlsx, xlsm, ods) or "cfb" (xls)
    archive: zipfile.ZipFile | None = None


def _check_sheet_extent(name: str, data: bytes) -> None:
    """Refuse a sheet whose cells would span an absurd rectangle (readers allocate it densely)."""
    max_row = max_col = 0
    dim = _DIMENSION.search(data, 0, 4096)
    if dim:
        max_col, max_row = column_number(dim.group(1)), int(dim.group(2))
    letters = set(_COL.findall(data))
    if letters:
        max_col = max(max_col, column_number(max(letters, key=lambda x: (len(x), x))))
    rows = _ROW.findall(data)
    if rows:
        max_row = max(max_row, max(int(r) for r in rows))
    if max_row > MAX_ROWS or max_col > MAX_COLS or max_row * max_col > MAX_CELLS:
        raise Refused("too-large", f"trang tính {name} khai báo {max_row} dòng × {max_col} cột")


def inspect(data: bytes) -> Container:
    """Refuse what is too large, encrypted or not a workbook; return the container otherwise."""
    if len(data) > MAX_FILE_BYTES:
        raise Refused(
            "too-large",
            f"tệp nặng {len(data) // (1024 * 1024)} MB, giới hạn {MAX_FILE_BYTES // (1024 * 1024)} MB",
        )
    if data.startswith(CFB_MAGIC):
        # An encrypted .xlsx is an OLE2 container with an `EncryptionInfo` stream.
        if (
            "EncryptionInfo".encode("utf-16-le") in data[:65536]
            or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e"
            in data
        ):
            raise Refused("encrypted-file", "tệp có mật khẩu")
        return Container("cfb")
    if not data.startswith(ZIP_MAGIC):
        raise Refused(
            "unreadable-file", "không phải tệp Excel (.xlsx, .xls) hay LibreOffice (.ods)"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Refused(
            "unreadable-file", "tệp bị hỏng hoặc không đầy đủ (có thể gửi chưa hết)"
        ) from exc
    if len(infos) > MAX_ENTRIES:
        raise Refused("too-large", f"tệp nén có {len(infos)} thành phần")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise Refused(
            "too-large",
            f"giải nén ra {total // (1024 * 1024)} MB, giới hạn {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB",
        )
    names = {info.filename for info in infos}
    try:
        if "content.xml" in names:  # OpenDocument
            content = archive.read("content.xml")
            for match in _ODS_REPEATED_CELL.finditer(content):
                if int(match.group(1)) > MAX_COLS:
                    raise Refused(
                        "too-large", f"một ô có nội dung được lặp lại {match.group(1)} cột"
                    )
        else:
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    _check_sheet_extent(info.filename.rsplit("/", 1)[-1], archive.read(info))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise Refused(
            "unreadable-file", "tệp bị hỏng hoặc không đầy đủ (có thể gửi chưa hết)"
        ) from exc
    if "[Content_Types].xml" not in names and "mimetype" not in names:
        raise Refused("unreadable-file", "tệp nén nhưng không phải sổ tính Excel/LibreOffice")
    return Container("zip", archive)
