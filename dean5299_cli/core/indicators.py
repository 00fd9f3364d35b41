"""Indicator sets (bộ chỉ tiêu) as data: the schema of `dean5299_cli/data/targets/<year>.yaml` and its loader."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dean5299_cli.core.errors import ConfigError, MissingSetError
from dean5299_cli.core.exhaustive import assert_never
from dean5299_cli.core.periods import FIRST_YEAR, LAST_YEAR, date_text
from dean5299_cli.core.rates import Rate
from dean5299_cli.core.yamlfile import LocatedError, load_model


class Kind(str, Enum):
    """How an indicator's achievement is computed (domain.md, "Kinds of indicator")."""

    COUNT = "count"
    RATIO = "ratio"
    PER_UNIT_MINIMUM = "per-unit-minimum"
    POPULATION_SHARE = "population-share"
    BREAKDOWN = "breakdown"


KIND_LABELS_VI = {
    Kind.COUNT: "số lượng",
    Kind.RATIO: "tỷ lệ",
    Kind.PER_UNIT_MINIMUM: "tối thiểu mỗi đơn vị",
    Kind.POPULATION_SHARE: "tỷ lệ trên dân số",
    Kind.BREAKDOWN: "cơ cấu (tổng và các phần)",
}

_CODE = re.compile(r"^[a-z][a-z0-9_]*\Z")


class FieldDef(BaseModel):
    """One figure a unit reports: its code in the `Mã` column and its Vietnamese label."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    label: str
    part: str | None = None
    unit: str | None = None


GENERAL_FIELDS: tuple[FieldDef, ...] = (
    FieldDef(code="to_cns", label="Số Tổ công nghệ số thanh niên", unit="tổ"),
    FieldDef(
        code="to_cns_thanh_vien", label="Số thành viên Tổ công nghệ số thanh niên", unit="người"
    ),
)


GENERAL_TITLE = "Tổ công nghệ số thanh niên"


def expected_codes(number: int, kind: Kind, parts: list[str]) -> list[str]:
    """The field codes contract.md's rule gives an indicator (parts: the breakdown's part codes)."""
    base = f"ct{number}"
    if kind is Kind.RATIO:
        return [f"{base}_tu", f"{base}_mau"]
    if kind is Kind.BREAKDOWN:
        return [f"{base}_tong", *parts]
    if kind is Kind.COUNT or kind is Kind.PER_UNIT_MINIMUM or kind is Kind.POPULATION_SHARE:
        return [base]
    assert_never(kind)


class Indicator(BaseModel):
    """One chỉ tiêu of a year's set."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1)
    title: str
    short: str
    kind: Kind
    unit: str
    fields: list[FieldDef]
    result_phrase: str = "có"
    target: int | None = Field(default=None, ge=1)
    target_rate: Rate | None = None
    minimum: int | None = Field(default=None, ge=1)
    target_part: str | None = None
    deadline: dt.date | None = None
    population_label: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Indicator:
        codes = [f.code for f in self.fields]
        for k, code in enumerate(codes):
            if not _CODE.match(code):
                raise LocatedError(
                    f'mã trường "{code}" phải là chữ thường không dấu, số và dấu _',
                    ("fields", k, "code"),
                )
        parts = codes[1:] if self.kind is Kind.BREAKDOWN else []
        expected = expected_codes(self.number, self.kind, parts)
        if self.kind is Kind.BREAKDOWN:
            if not codes or codes[0] != f"ct{self.number}_tong" or len(codes) < 3:
                raise ValueError(
                    f"chỉ tiêu loại breakdown phải có trường đầu ct{self.number}_tong "
                    "và ít nhất hai phần"
                )
            for code in parts:
                if not code.startswith(f"ct{self.number}_") or code.endswith("_tong"):
                    raise ValueError(f'phần "{code}" phải có mã dạng ct{self.number}_<tên phần>')
        elif codes != expected:
            raise ValueError(
                f"chỉ tiêu {self.number} loại {self.kind.value} phải có đúng các trường "
                f"{', '.join(expected)} (đang có {', '.join(codes) or 'không có'})"
            )
        needs = {
            Kind.COUNT: ("target",),
            Kind.RATIO: ("target_rate",),
            Kind.PER_UNIT_MINIMUM: ("minimum",),
            Kind.POPULATION_SHARE: ("target_rate",),
        }.get(self.kind, ())
        for name in needs:
            if getattr(self, name) is None:
                raise ValueError(f"chỉ tiêu {self.number} loại {self.kind.value} cần khóa {name}")
        if self.target_part is not None:
            if self.kind is not Kind.BREAKDOWN:
                raise ValueError("target_part chỉ dùng cho chỉ tiêu loại breakdown")
            if f"ct{self.number}_{self.target_part}" not in parts:
                raise ValueError(
                    f'target_part "{self.target_part}" không phải là một phần của chỉ tiêu'
                )
        return self

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.fields]

    @property
    def code(self) -> str:
        """The main field: the count, the numerator or the total."""
        return self.fields[0].code

    @property
    def target_code(self) -> str | None:
        """For a breakdown with a target: the part that counts toward it."""
        if self.target_part is None:
            return None
        return f"ct{self.number}_{self.target_part}"

    @property
    def result_codes(self) -> tuple[str, ...]:
        """The fields a unit's result is read from: a ratio's numerator and denominator, the part
        counted toward a breakdown's target (else its total), the count. One of them left empty
        by the unit is read as 0 for the totals, but no rate or achievement is shown for it."""
        if self.kind is Kind.RATIO:
            return tuple(self.codes)
        if self.kind is Kind.BREAKDOWN:
            return (self.target_code or self.code,)
        return (self.code,)

    @property
    def parts(self) -> list[FieldDef]:
        return self.fields[1:] if self.kind is Kind.BREAKDOWN else []

    @property
    def target_text(self) -> str:
        """The set's own target (the Đề án's, for its whole area) in words and figures, for tables."""
        from dean5299_cli.core.numbers import format_int, format_rate

        if self.kind in (Kind.RATIO, Kind.POPULATION_SHARE) and self.target_rate is not None:
            text = format_rate(self.target_rate)
            if self.population_label:
                text += f" {self.population_label}"
            return text
        if self.kind is Kind.PER_UNIT_MINIMUM and self.minimum is not None:
            return f"tối thiểu {self.minimum:02d} {self.unit}/đơn vị"
        if self.target is not None:
            text = f"{format_int(self.target)} {self.unit}"
            if self.deadline:
                text += f" (trước ngày {date_text(self.deadline)})"
            return text
        return "không có chỉ tiêu số"


class IndicatorSet(BaseModel):
    """A year's set of chỉ tiêu."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    title: str
    source: str = ""
    indicators: list[Indicator]
    general_title: str = Field(
        default=GENERAL_TITLE, description="Tên nhóm số liệu chung (không phải chỉ tiêu)"
    )
    general_fields: list[FieldDef] = Field(
        default=list(GENERAL_FIELDS), description="Số liệu chung mỗi đơn vị báo cáo"
    )

    @model_validator(mode="before")
    @classmethod
    def _fill_titles(cls, data: Any) -> Any:
        """`{target}`, `{target_rate}`, `{minimum}`, `{deadline}`, `{year}` in an indicator's
        title are filled from its own keys, so a new year changes one number."""
        from dean5299_cli.core.title_fields import fill_titles

        return fill_titles(data)

    @model_validator(mode="after")
    def _check(self) -> IndicatorSet:
        numbers = [i.number for i in self.indicators]
        if sorted(numbers) != list(range(1, len(numbers) + 1)) or numbers != sorted(numbers):
            raise ValueError("các chỉ tiêu phải đánh số 1, 2, 3… theo thứ tự, không trùng")
        from dean5299_cli.core.title_fields import unfilled

        for k, ind in enumerate(self.indicators):
            error = unfilled(ind.number, ind.title)
            if error:
                raise LocatedError(error, ("indicators", k, "title"))
            if ind.deadline is not None and ind.deadline.year < self.year:
                raise LocatedError(
                    f"chỉ tiêu {ind.number}: hạn {date_text(ind.deadline)} trước năm {self.year} "
                    "của bộ chỉ tiêu (số liệu cộng dồn từ 01/01): báo cáo sẽ ghi là không hoàn "
                    "thành trước hạn đó; sửa hạn theo văn bản giao chỉ tiêu năm "
                    f"{self.year}, hoặc xóa khóa deadline và chỗ {{deadline}} trong title",
                    ("indicators", k, "deadline"),
                )
        codes = [f.code for i in self.indicators for f in i.fields]
        for k, general in enumerate(self.general_fields):
            where = ("general_fields", k, "code")
            if not _CODE.match(general.code):
                raise LocatedError(
                    f'mã trường "{general.code}" phải là chữ thường không dấu, số và dấu _', where
                )
            if general.code in codes or re.match(r"^ct\d+(_|$)", general.code):
                raise LocatedError(
                    f'số liệu chung "{general.code}" trùng dạng mã của chỉ tiêu', where
                )
            codes.append(general.code)
        return self

    @property
    def fields(self) -> list[FieldDef]:
        """Every field a submission of this year carries, indicators first, then general fields."""
        return [f for i in self.indicators for f in i.fields] + list(self.general_fields)

    @property
    def field_codes(self) -> list[str]:
        return [f.code for f in self.fields]

    def field(self, code: str) -> FieldDef:
        for f in self.fields:
            if f.code == code:
                return f
        raise KeyError(code)

    def indicator_of(self, code: str) -> Indicator | None:
        for ind in self.indicators:
            if code in ind.codes:
                return ind
        return None


def targets_dir() -> Path:
    from dean5299_cli.resources import data_dir

    return data_dir("targets")


def available_years(directory: Path | None = None) -> list[int]:
    folder = directory or targets_dir()
    return sorted(int(p.stem) for p in folder.glob("*.yaml") if p.stem.isdigit())


@lru_cache(maxsize=16)
def _load_cached(path: Path) -> IndicatorSet:
    return load_set_file(path)


def load_set_file(path: Path) -> IndicatorSet:
    """Load and check one indicator-set file."""
    result = load_model(path, IndicatorSet)
    if result.year != int(path.stem) if path.stem.isdigit() else False:
        raise ConfigError(f"Tệp {path}: khóa `year` là {result.year}, khác với tên tệp.")
    return result


def load_set(year: int, directory: Path | None = None) -> IndicatorSet:
    """The indicator set of `year` from `dean5299_cli/data/targets/<year>.yaml` (exit 3 when absent or invalid)."""
    folder = directory or targets_dir()
    path = folder / f"{year}.yaml"
    if not path.is_file():
        raise MissingSetError(missing_set_message(year, available_years(folder)))
    return _load_cached(path.resolve())


WORKING_SETS = "chi-tieu"  # folder of a working folder's own sets: chi-tieu/<year>.yaml


def missing_set_message(year: int, years: Sequence[int]) -> str:
    known = ", ".join(str(y) for y in years) or "không có"
    return (
        f"Không có bộ chỉ tiêu năm {year} (các năm có: {known}). Tạo bộ mới bằng "
        f"`dean5299 targets --new {year}` (ghi tệp {WORKING_SETS}/{year}.yaml trong thư mục làm việc), "
        f"sửa theo kế hoạch của năm; chỉ khi năm {year} là năm ghi nhầm mới dùng --year với "
        "một năm đã có."
    )


def default_year(today_year: int) -> int:
    """`today_year` if its set is shipped, else the latest shipped set before it (or the first).
    Only for the judge when no file carries a year (a folder of unreadable files still gets a
    report); commands choose their set with indicator_sets.SetLibrary.choose, which says so."""
    years = available_years()
    if today_year in years:
        return today_year
    earlier = [y for y in years if y <= today_year]
    return (earlier or years)[-1]
