"""Checking a folder, in small stages: header, fields, period, duplicates, history, coverage, flags.

`judge` lives in `checking.judge` (imported from there, or from `core.checks`), so that
`core.figures` can use the records here without importing the stages that use it."""

from dean5299_cli.core.checking.coverage import unread_file_of
from dean5299_cli.core.checking.records import FileEntry, FileStatus, Submission, ValidationReport

__all__ = [
    "FileEntry",
    "FileStatus",
    "Submission",
    "ValidationReport",
    "unread_file_of",
]
