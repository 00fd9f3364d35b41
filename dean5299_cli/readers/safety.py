"""Check a workbook before any parser touches it: size, bombs, encryption, extent — one pass
that also collects what the values reader cannot see (error results, unsaved formulas)."""

from __future__ import annotations

from dean5299_cli.readers.limits import MAX_FILE_BYTES, Refused, WorkbookFacts, corrupt
from dean5299_cli.readers.zipdir import read_directory

__all__ = ["Refused", "inspect", "MAX_FILE_BYTES"]

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARKS = (
    "EncryptionInfo".encode("utf-16-le"),
    "EncryptedPackage".encode("utf-16-le"),
)


def too_big(size: int) -> Refused:
    return Refused(
        "too-large",
        f"tệp nặng {size // (1024 * 1024)} MB, giới hạn {MAX_FILE_BYTES // (1024 * 1024)} MB",
    )


def inspect(data: bytes, own: str | None = None) -> WorkbookFacts:
    """Refuse what is too large, encrypted or not a workbook; return what the pass learned.
    `own`: see `files.Reading` (an .xlsx the tool wrote is then not guarded, as not read)."""
    from dean5299_cli.readers.biff import scan_xls
    from dean5299_cli.readers.ods import scan_ods
    from dean5299_cli.readers.ooxml import scan_xlsx

    if len(data) > MAX_FILE_BYTES:
        raise too_big(len(data))
    if data.startswith(CFB_MAGIC):
        # An encrypted .xlsx is an OLE2 container with an `EncryptionInfo` stream.
        if any(mark in data for mark in _ENCRYPTED_MARKS):
            raise Refused("encrypted-file", "tệp có mật khẩu")
        return scan_xls(data)
    if not data.startswith(ZIP_MAGIC):
        raise Refused(
            "unreadable-file", "không phải tệp Excel (.xlsx, .xls) hay LibreOffice (.ods)"
        )
    archive = read_directory(data)
    names = {entry.filename for entry in archive}
    try:
        if "[Content_Types].xml" in names:
            facts = scan_xlsx(archive, data, own)
            if "content.xml" in names and not facts.unread:
                scan_ods(archive, data)  # a package that is both: guard what either reader sees
            return facts
        if "content.xml" in names:
            return scan_ods(archive, data)
        raise Refused("unreadable-file", "tệp nén nhưng không phải sổ tính Excel/LibreOffice")
    except (OSError, EOFError, ValueError, IndexError) as exc:
        raise corrupt() from exc
