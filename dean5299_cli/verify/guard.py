"""Guards on a report given to `audit` before any parser opens it: the readers' own limits."""

from __future__ import annotations

from pathlib import Path

from dean5299_cli.core.errors import InputError
from dean5299_cli.readers.files import read_bytes
from dean5299_cli.readers.limits import Refused
from dean5299_cli.readers.parts import Inflater
from dean5299_cli.readers.safety import ZIP_MAGIC
from dean5299_cli.readers.zipdir import read_directory

_DOCTYPES = (b"<!DOCTYPE", b"<!ENTITY")


def _refused(path: Path, reason: str) -> InputError:
    return InputError(f"Tệp {path.name}: {reason}; không kiểm tra tệp này.")


def _not_docx(path: Path, reason: str) -> InputError:
    return InputError(f"Tệp {path.name} không phải tệp Word .docx hợp lệ: {reason}.")


def read_bounded(path: Path) -> bytes:
    """The file's bytes, read as the readers read a unit's file (size checked first)."""
    try:
        return read_bytes(path)
    except Refused as refused:  # too large, or not to be opened
        raise _refused(path, refused.reason) from refused


def check_docx(path: Path) -> None:
    """Refuse a .docx that is too large, a zip bomb (every part really decompressed and
    counted, never trusting declared sizes) or whose XML declares a DOCTYPE."""
    data = read_bounded(path)
    if not data.startswith(ZIP_MAGIC):
        raise _not_docx(path, "không phải gói nén")
    try:
        inflater = Inflater(data)
        for entry in read_directory(data):
            if entry.filename.endswith("/"):
                continue
            xml = entry.filename.endswith((".xml", ".rels"))
            for n, chunk in enumerate(inflater.chunks(entry)):
                if xml and n == 0 and any(mark in chunk[:4096] for mark in _DOCTYPES):
                    raise Refused("unreadable-file", "tệp chứa khai báo DOCTYPE")
    except Refused as refused:
        if refused.code == "too-large":
            raise _refused(path, refused.reason) from refused
        raise _not_docx(path, refused.reason) from refused
