"""Open .xlsx, .xlsm, .xls and .ods with python-calamine after the safety check; give plain grids."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

from dean5299_cli.readers.safety import Container, Refused, inspect

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


@dataclass(frozen=True)
class Grid:
    """A sheet as rows of values from A1 (row 0 is Excel row 1, column 0 is A)."""

    name: str
    rows: list[list[Any]]


@lru_cache(maxsize=1024)
def column_letters(index: int) -> str:
    """0 → `A`, 26 → `AA`."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    return f"{column_letters(col)}{row + 1}"


def read_grids(data: bytes) -> tuple[list[Grid], Container]:
    """All visible and hidden worksheets of a workbook, as grids. Raises Refused."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    container = inspect(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        grids = []
        for meta in workbook.sheets_metadata:
            if str(getattr(meta, "typ", "WorkSheet")).split(".")[-1] not in (
                "WorkSheet",
                "Worksheet",
            ):
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            grids.append(Grid(meta.name, sheet.to_python(skip_empty_area=False)))
    except PasswordError as exc:
        raise Refused("encrypted-file", "tệp có mật khẩu") from exc
    except CalamineError as exc:
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise Refused("encrypted-file", "tệp có mật khẩu") from exc
        raise Refused("unreadable-file", "tệp bị hỏng hoặc không đúng định dạng bảng tính") from exc
    except Exception as exc:  # noqa: BLE001 - the parser's own failure on a broken file
        raise Refused(
            "unreadable-file",
            "tệp bị hỏng hoặc không đúng định dạng bảng tính",
        ) from exc
    return grids, container


_SHEET_REL = re.compile(rb'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"')
_REL = re.compile(
    rb'<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"|<Relationship [^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"'
)
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def _unescape(raw: bytes) -> str:
    from html import unescape

    return unescape(raw.decode("utf-8"))


def formula_cells_without_value(archive: zipfile.ZipFile, sheet_name: str) -> set[str]:
    """Cells of an .xlsx sheet holding a formula whose result was never saved."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return set()
    targets = {}
    for match in _REL.finditer(rels):
        rel_id, target = (
            (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        )
        targets[rel_id.decode("utf-8")] = target.decode("utf-8")
    for match in _SHEET_REL.finditer(workbook):
        if _unescape(match.group(1)) != sheet_name:
            continue
        target = targets.get(match.group(2).decode("utf-8"))
        if not target:
            return set()
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        try:
            xml = archive.read(path)
        except KeyError:
            return set()
        found = set()
        for cell in _FORMULA_CELL.finditer(xml):
            body = cell.group(2) or b""
            if b"<f" in body and (
                b"<v>" not in body and b"<v " not in body or b"<v></v>" in body or b"<v/>" in body
            ):
                found.add(cell.group(1).decode("ascii"))
        return found
    return set()
