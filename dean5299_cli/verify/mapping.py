"""How an export's columns and values map to field codes: a small YAML file, or defaults by label."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.text import clean_spaces, fold, fold_label

# Column titles that name the unit in an export (folded).
UNIT_LABELS = (
    "don vi",
    "ten don vi",
    "don vi/dia ban",
    "dia ban",
    "dia phuong",
    "xa/phuong",
    "xa, phuong",
    "xa, phuong, thi tran",
    "xa, thi tran",
    "ten xa",
    "xa",
    "phuong",
    "co so doan",
)
CHANNEL_LABELS = (
    "hinh thuc",
    "hinh thuc nop",
    "kenh",
    "kenh nop",
    "kenh tiep nhan",
    "hinh thuc tiep nhan",
    "hinh thuc nop ho so",
    "phuong thuc nop",
)
STATUS_LABELS = ("trang thai", "tinh trang", "trang thai ho so", "tinh trang ho so")
DATE_LABELS = ("ngay nop", "ngay tiep nhan", "ngay tao", "ngay dang ky", "ngay", "thoi gian nop")
_TOTAL_WORDS = ("tổng", "cộng", "toàn")  # first word of a total row, with its diacritics
_TOTAL_FOLDED = ("tong cong", "tong so", "cong", "tong")  # a whole title typed without diacritics


class RecordRule(BaseModel):
    """Count the records that pass the filters into one field."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    field: str
    channel: list[str] = Field(default_factory=list)  # "trực tuyến"; column found by its title
    status: list[str] = Field(default_factory=list)  # "Đã trả kết quả"…
    where: dict[str, list[str]] = Field(default_factory=dict)  # column title → accepted values
    date_column: str | None = None
    date_from: dt.date | None = Field(default=None, alias="from")
    date_to: dt.date | None = Field(default=None, alias="to")


class ExportMapping(BaseModel):
    """The `--mapping` file: all keys optional; what is absent is found by label matching.

    An example (`doi-chieu.yaml`)::

        unit_column: "Tên xã"              # else a column titled `Đơn vị`, `Xã/phường`…
        columns:                           # per-unit tables: column title → field code
          "Hồ sơ nộp trực tuyến": ct5
        records:                           # record lists: each rule counts rows into a field
          - field: ct4_tu
            channel: ["trực tuyến"]        # column found by title (`Hình thức nộp`, `Kênh`…)
            status: ["Đã trả kết quả"]
            from: 2023-01-01               # with `date_column`, or a `Ngày nộp`-like column
            to: 2023-12-31
          - field: ct4_mau
            where: {"Loại hồ sơ": ["Đoàn viên hỗ trợ"]}
    """

    model_config = ConfigDict(extra="forbid")

    sheet: str | None = None
    unit_column: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)  # column title → field code
    records: list[RecordRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_codes(self, info: ValidationInfo) -> ExportMapping:
        codes = (info.context or {}).get("codes")
        if codes:
            used = list(self.columns.values()) + [r.field for r in self.records]
            unknown = [c for c in used if c not in codes]
            if unknown:
                raise ValueError(
                    f"mã chỉ tiêu không có trong bộ chỉ tiêu: {', '.join(unknown)} "
                    f"(các mã có: {', '.join(codes)})"
                )
        return self


def load_mapping(path: Path, indicator_set: IndicatorSet) -> ExportMapping:
    from dean5299_cli.core.yamlfile import load_model

    return load_model(path, ExportMapping, context={"codes": indicator_set.field_codes})


class Shape(str, Enum):
    PER_UNIT = "per-unit"
    PER_RECORD = "per-record"


@dataclass(frozen=True)
class Header:
    """Where the header row is and what each useful column means."""

    row: int  # 1-based
    unit_column: int
    fields: dict[int, str]  # column → field code (per-unit tables)
    columns: dict[str, int]  # folded title → column (for record filters)

    @property
    def shape(self) -> Shape:
        return Shape.PER_UNIT if self.fields else Shape.PER_RECORD


def _labels(indicator_set: IndicatorSet, mapping: ExportMapping) -> dict[str, str]:
    labels = {fold_label(f.label): f.code for f in indicator_set.fields}
    labels.update({fold_label(f.code): f.code for f in indicator_set.fields})
    labels.update({fold_label(title): code for title, code in mapping.columns.items()})
    return labels


def find_header(
    row_number: int, row: Sequence[object], indicator_set: IndicatorSet, mapping: ExportMapping
) -> Header | None:
    """A header row: one column names the unit; per-unit tables also have field columns."""
    titles = [fold_label(str(cell)) if cell is not None else "" for cell in row]
    wanted_unit = fold_label(mapping.unit_column) if mapping.unit_column else None
    unit_col = next(
        (
            c
            for c, t in enumerate(titles)
            if (t == wanted_unit if wanted_unit else t in UNIT_LABELS)
        ),
        None,
    )
    if unit_col is None:
        return None
    labels = _labels(indicator_set, mapping)
    fields = {c: labels[t] for c, t in enumerate(titles) if t in labels and c != unit_col}
    columns = {t: c for c, t in enumerate(titles) if t}
    return Header(row_number, unit_col, fields, columns)


def is_total(name: str) -> bool:
    """`Tổng cộng`, `Cộng`, `Toàn …` rows are totals; `Tống Trân`, `Công Hải` are units."""
    text = unicodedata.normalize("NFC", clean_spaces(name)).lower()
    first = text.split(" ")[0].rstrip(":") if text else ""
    return first in _TOTAL_WORDS or fold_label(text) in _TOTAL_FOLDED


def folded_values(rule: RecordRule) -> dict[str, frozenset[str]]:
    return {fold_label(k): frozenset(fold(v) for v in vs) for k, vs in rule.where.items()}
