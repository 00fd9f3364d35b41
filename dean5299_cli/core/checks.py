"""Judging a folder: the names other modules import, now made in the `checking` package."""

from dean5299_cli.core.checking.coverage import unread_file_of
from dean5299_cli.core.checking.judge import judge
from dean5299_cli.core.checking.records import FileEntry, FileStatus, Submission, ValidationReport

__all__ = [
    "FileEntry",
    "FileStatus",
    "Submission",
    "ValidationReport",
    "judge",
    "unread_file_of",
]
