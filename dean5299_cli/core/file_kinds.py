"""What a file no form is read from is, in the clerk's words: the one place that says which
files are documents (a unit's signed report sent instead of its figures)."""

from __future__ import annotations

# A unit's report as a document (Word, PDF): its figures are never read from it.
DOCUMENT_SUFFIXES = (".docx", ".doc", ".pdf", ".odt")


def file_kind(name: str) -> str:
    """`văn bản .docx` for a document, else `tệp .rar` (`tệp không có đuôi`): what a file
    that is no workbook is, as a unit is told."""
    stem, dot, suffix = name.rpartition("/")[2].rpartition(".")
    if not dot or not stem:
        return "tệp không có đuôi"
    if f".{suffix.lower()}" in DOCUMENT_SUFFIXES:
        return f"văn bản .{suffix}"
    return f"tệp .{suffix}"
