"""Read one file of a submissions folder into a RawFile; never raises for a bad file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dean5299_cli.core.records import RawFile, RawSubmission
from dean5299_cli.readers.consolidated import LabelBook
from dean5299_cli.readers.layout import find_submissions
from dean5299_cli.readers.safety import Refused
from dean5299_cli.readers.workbook import WORKBOOK_SUFFIXES, formula_cells_without_value, read_grids

IGNORED_NAMES = {"desktop.ini", "thumbs.db", ".ds_store"}


def skip_reason(path: Path) -> str | None:
    """Why a file of the folder is no submission (None when it should be read)."""
    name = path.name
    lower = name.lower()
    if name.startswith("~$") or lower.startswith(".~lock"):
        return "tệp khóa tạm của Excel/LibreOffice"
    if lower in IGNORED_NAMES:
        return "tệp hệ thống"
    if name.startswith("."):
        return "tệp ẩn"
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return f"không phải tệp bảng tính ({path.suffix or 'không có đuôi'})"
    return None


def _mark_formulas(subs: list[RawSubmission], archive) -> list[RawSubmission]:
    result = []
    cache: dict[str, set[str]] = {}
    for sub in subs:
        blanks = [code for code, raw in sub.values.items() if raw.value is None or raw.value == ""]
        if not blanks:
            result.append(sub)
            continue
        if sub.sheet not in cache:
            cache[sub.sheet] = formula_cells_without_value(archive, sub.sheet)
        formulas = cache[sub.sheet]
        if not formulas:
            result.append(sub)
            continue
        values = dict(sub.values)
        for code in blanks:
            if values[code].cell in formulas:
                values[code] = dataclasses.replace(values[code], formula_without_value=True)
        result.append(dataclasses.replace(sub, values=values))
    return result


def read_file(path: Path, relative: str, labels: LabelBook = ()) -> RawFile:
    """Read `path` (shown to the user as `relative`); `labels`: column titles of exports."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return RawFile(
            relative,
            refused_code="unreadable-file",
            refused_reason="không mở được tệp (tệp đang mở ở chương trình khác hoặc không có quyền đọc)"
            if isinstance(exc, PermissionError)
            else "không mở được tệp",
        )
    try:
        grids, container = read_grids(data)
    except Refused as refused:
        return RawFile(relative, refused_code=refused.code, refused_reason=refused.reason)
    subs = find_submissions(grids, labels)
    names = tuple(g.name for g in grids)
    if not subs:
        return RawFile(relative, refused_code="no-data-table", refused_reason="", sheet_names=names)
    if container.archive is not None and "xl/workbook.xml" in container.archive.namelist():
        subs = _mark_formulas(subs, container.archive)
    return RawFile(relative, submissions=tuple(subs), sheet_names=names)
