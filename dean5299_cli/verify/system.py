"""The system's figures per unit from an export: per-unit tables read, per-record lists counted (streamed)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from dean5299_cli.core.errors import InputError, UsageError
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.numbers import parse_number_text
from dean5299_cli.core.text import clean_spaces, fold, fold_label
from dean5299_cli.readers.workbook import column_letters
from dean5299_cli.verify.exports import Cell, open_tables
from dean5299_cli.verify.mapping import (
    CHANNEL_LABELS,
    DATE_LABELS,
    STATUS_LABELS,
    ExportMapping,
    Header,
    RecordRule,
    Shape,
    find_header,
    folded_values,
    is_total,
)

_HEADER_ROWS = 30  # the header must be within the first rows of a sheet
_DATE = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")


@dataclass(frozen=True)
class SystemFigures:
    """Per unit as written in the export: field code → count."""

    source: str
    read_as: str
    shape: Shape
    units: dict[str, dict[str, int]]
    fields: tuple[str, ...]  # the field codes the export gives (even when all counts are 0)
    rows: int  # data rows read
    notes: tuple[str, ...]  # Vietnamese: cells that were not numbers, rows without a date…


def _locate(
    path: Path, indicator_set: IndicatorSet, mapping: ExportMapping
) -> tuple[str, str, Header, Iterator[tuple[int, list[Cell]]]]:
    tables, read_as = open_tables(path)
    for table in tables:
        if mapping.sheet and table.name != mapping.sheet:
            continue
        for number, row in table.rows:
            header = find_header(number, row, indicator_set, mapping)
            if header is not None and (header.fields or mapping.records):
                return table.name, read_as, header, table.rows
            if number >= _HEADER_ROWS:
                break
    raise InputError(
        f"Tệp {path.name}: không tìm thấy dòng tiêu đề có cột đơn vị (ví dụ `Đơn vị`, `Xã/phường`) "
        "và cột số liệu mang tên chỉ tiêu. Với danh sách từng hồ sơ, hãy cho biết cách đếm bằng "
        "--field (và --channel, --status, --from, --to) hoặc một tệp --mapping."
    )


def _count(value: Cell) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if value is None or not str(value).strip():
        return 0
    parsed = parse_number_text(str(value))
    if parsed is None or parsed.percent or parsed.value.denominator != 1:
        return None
    return int(parsed.value)


def _has_figure(row: Sequence[Cell], header: Header) -> bool:
    """Whether any field column of the row holds something (a figure, or text to complain of)."""
    return any(
        col < len(row) and row[col] is not None and str(row[col]).strip()
        for col in header.fields
    )


def _per_unit(
    name: str, header: Header, rows: Iterator[tuple[int, list[Cell]]]
) -> tuple[dict[str, dict[str, int]], int, list[str]]:
    units: dict[str, dict[str, int]] = {}
    notes: list[str] = []
    count = 0
    for number, row in rows:
        unit = _cell_text(row, header.unit_column)
        if not _has_figure(row, header) or is_total(unit):
            continue  # a legend or note line under the table ("Màu tỷ lệ đạt:") is no unit
        if not unit:
            notes.append(f"{name}, dòng {number}: có số liệu nhưng không có tên đơn vị, bỏ qua.")
            continue
        count += 1
        values = units.setdefault(unit, {})
        for col, code in header.fields.items():
            value = _count(row[col] if col < len(row) else None)
            if value is None:
                notes.append(
                    f"{name}, ô {column_letters(col)}{number}: «{row[col]}» không phải số đếm, bỏ qua."
                )
                continue
            values[code] = values.get(code, 0) + value
    return units, count, notes


def _cell_text(row: Sequence[Cell], col: int) -> str:
    if col >= len(row) or row[col] is None:
        return ""
    return clean_spaces(str(row[col]))


def as_date(value: Cell) -> dt.date | None:
    """A date cell: a real date, `dd/mm/yyyy` (Vietnamese order), or `yyyy-mm-dd`."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value).strip()) if value is not None else None
    if match is None:
        return None
    a, b, c = (int(g) for g in match.groups())
    day, month, year = (c, b, a) if a > 31 else (a, b, c)
    if year < 1000:  # `15/5/23`: a two-digit year is no date to filter by (it read as year 23)
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Rule:
    field: str
    where: tuple[tuple[int, frozenset[str]], ...]
    date_column: int | None
    date_from: dt.date | None
    date_to: dt.date | None


def _compile(rule: RecordRule, header: Header, source: str) -> _Rule:
    def column(title: str) -> int:
        key = fold_label(title)
        if key not in header.columns:
            raise UsageError(
                f"Tệp {source} không có cột «{title}» (dòng tiêu đề {header.row}). "
                f"Các cột có: {', '.join(sorted(header.columns))}."
            )
        return header.columns[key]

    def found(labels: Sequence[str], what: str) -> int:
        for label in labels:
            if label in header.columns:
                return header.columns[label]
        raise UsageError(
            f"Tệp {source}: không thấy cột {what} (dòng tiêu đề {header.row}); hãy ghi tên cột "
            f"trong tệp --mapping. Các cột có: {', '.join(sorted(header.columns))}."
        )

    where = [(column(title), values) for title, values in folded_values(rule).items()]
    if rule.channel:
        where.append(
            (found(CHANNEL_LABELS, "hình thức nộp"), frozenset(fold(v) for v in rule.channel))
        )
    if rule.status:
        where.append((found(STATUS_LABELS, "trạng thái"), frozenset(fold(v) for v in rule.status)))
    date_col = None
    if rule.date_column:
        date_col = column(rule.date_column)
    elif rule.date_from or rule.date_to:
        date_col = found(DATE_LABELS, "ngày")
    return _Rule(rule.field, tuple(where), date_col, rule.date_from, rule.date_to)


def _records(
    name: str, header: Header, rows: Iterator[tuple[int, list[Cell]]], rules: Sequence[_Rule]
) -> tuple[dict[str, dict[str, int]], int, list[str]]:
    counts: Counter[tuple[str, str]] = Counter()
    seen: set[str] = set()  # a unit whose rows are all filtered out still counts 0, not absent
    undated = 0
    count = 0
    unit_col = header.unit_column
    for _number, row in rows:
        if unit_col >= len(row) or not row[unit_col]:
            continue
        count += 1
        unit = str(row[unit_col])
        seen.add(unit)
        for rule in rules:
            if any(c >= len(row) or fold(str(row[c])) not in ok for c, ok in rule.where):
                continue
            if rule.date_column is not None:
                day = as_date(row[rule.date_column] if rule.date_column < len(row) else None)
                if day is None:
                    undated += 1
                    continue
                if (rule.date_from and day < rule.date_from) or (
                    rule.date_to and day > rule.date_to
                ):
                    continue
            counts[(unit, rule.field)] += 1
    units: dict[str, dict[str, int]] = {clean_spaces(unit): {} for unit in seen}
    for (unit, code), n in counts.items():
        values = units.setdefault(clean_spaces(unit), {})
        values[code] = values.get(code, 0) + n
    notes = [f"{name}: {undated} dòng không đọc được ngày, không được đếm."] if undated else []
    return units, count, notes


def read_system(path: Path, indicator_set: IndicatorSet, mapping: ExportMapping) -> SystemFigures:
    """Read an export of either shape into per-unit counts."""
    name, read_as, header, rows = _locate(path, indicator_set, mapping)
    if header.shape is Shape.PER_UNIT:
        units, count, notes = _per_unit(name, header, rows)
        fields = set(header.fields.values())
    else:
        rules = [_compile(rule, header, path.name) for rule in mapping.records]
        units, count, notes = _records(name, header, rows, rules)
        fields = {rule.field for rule in rules}
    ordered = tuple(c for c in indicator_set.field_codes if c in fields)
    return SystemFigures(path.name, read_as, header.shape, units, ordered, count, tuple(notes))
