"""Reading a system export row by row: CSV streamed (encoding and separator sniffed), workbooks via calamine."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dean5299_cli.core.errors import InputError, UsageError
from dean5299_cli.readers.workbook import WORKBOOK_SUFFIXES

Cell = object  # str from CSV; str, int, float, date, datetime or None from a workbook
_SAMPLE = 64 * 1024
# Letters only cp1258 gives (Vietnamese): ă, đ, ơ, ư and the combining tone marks it stores apart.
_VIETNAMESE_1258 = set("ăâđơưĂĐƠƯ\u0300\u0301\u0303\u0309\u0323")


@dataclass(frozen=True)
class Table:
    """One sheet (or the CSV file) as a stream of rows; `row` numbers are 1-based as people count."""

    name: str
    rows: Iterator[tuple[int, list[Cell]]]


@dataclass(frozen=True)
class TextFormat:
    encoding: str
    delimiter: str


def _decodes(sample: bytes, encoding: str) -> bool:
    try:
        sample.decode(encoding)
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the sample is no evidence against UTF-8
        return encoding.startswith("utf-8") and exc.start >= len(sample) - 3
    return True


def sniff_format(sample: bytes) -> TextFormat:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16, else cp1258 when it yields Vietnamese
    letters, else cp1252."""
    if sample.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"  # Excel's "Unicode Text" export (tab separated) and Notepad "Unicode"
    elif _decodes(sample, "utf-8"):
        encoding = "utf-8"
    elif _VIETNAMESE_1258 & set(sample.decode("cp1258", errors="replace")):
        encoding = "cp1258"
    else:
        encoding = "cp1252"
    text = sample[: len(sample) - len(sample) % 2 if encoding == "utf-16" else None].decode(
        encoding, errors="ignore"
    )
    return TextFormat(encoding, max(";\t,", key=lambda d: _consistency(text, d)))


def _consistency(text: str, delimiter: str) -> int:
    """How many of the first rows share the most common width (above one column)."""
    lines = text.splitlines()[:60][:-1] or text.splitlines()[:1]  # the last line may be cut
    widths = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1)
    return max(widths.values(), default=0)


def _csv_rows(path: Path, fmt: TextFormat) -> Iterator[tuple[int, list[Cell]]]:
    normalize = fmt.encoding == "cp1258"  # cp1258 keeps tone marks as separate characters
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=fmt.encoding, errors="replace", newline="")
        reader = csv.reader(text, delimiter=fmt.delimiter)
        number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # a field above the csv module's limit (128 KB)
                raise InputError(
                    f"Tệp {path.name}, dòng {reader.line_num}: một ô dài quá mức, thường do "
                    'dấu ngoặc kép (") mở mà không đóng; không đọc tiếp được. Hãy xuất lại '
                    "tệp từ hệ thống."
                ) from exc
            number += 1
            if normalize:
                row = [unicodedata.normalize("NFC", cell) for cell in row]
            yield number, list(row)


def _grid_rows(rows: list[list[Cell]]) -> Iterator[tuple[int, list[Cell]]]:
    yield from enumerate(rows, 1)


def open_tables(path: Path) -> tuple[list[Table], str]:
    """The tables of an export and a description of how it was read (for the console)."""
    if not path.is_file():
        raise UsageError(f"Không tìm thấy tệp {path}.", paths=(path,))
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        try:
            with path.open("rb") as handle:
                sample = handle.read(_SAMPLE)
        except OSError as exc:
            raise InputError(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.") from exc
        fmt = sniff_format(sample)
        shown = {"\t": "tab", ";": "dấu chấm phẩy", ",": "dấu phẩy"}[fmt.delimiter]
        return [
            Table(path.name, _csv_rows(path, fmt))
        ], f"CSV, mã {fmt.encoding}, phân cách {shown}"
    if suffix in WORKBOOK_SUFFIXES:
        from dean5299_cli.readers.safety import Refused
        from dean5299_cli.readers.workbook import read_grids

        try:
            grids, _container = read_grids(path.read_bytes())
        except Refused as exc:
            hint = " Hãy xuất lại dạng CSV." if exc.code == "too-large" else ""
            raise InputError(f"Tệp {path.name}: {exc.reason}.{hint}") from exc
        except OSError as exc:
            raise InputError(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.") from exc
        return [Table(g.name, _grid_rows(g.rows)) for g in grids], "bảng tính"
    raise UsageError(
        f"Tệp {path.name}: chưa đọc được định dạng {suffix or '(không đuôi)'}; "
        "dùng .xlsx, .xls, .ods hoặc .csv."
    )
