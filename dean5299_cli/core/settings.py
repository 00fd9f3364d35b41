"""The working folder's settings file `don-vi.yaml`: who issues the report, its units, its targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.numbers import Rounding, RoundingMode, format_int, parse_number_text
from dean5299_cli.core.periods import FIRST_YEAR, LAST_YEAR
from dean5299_cli.core.rates import parse_rate
from dean5299_cli.core.text import clean_spaces, printable_tree
from dean5299_cli.core.units import FormerName, UnitDirectory, parse_unit_name, unit_key
from dean5299_cli.core.yamlfile import LocatedError, load_model
from dean5299_cli.core.yamlloader import parse_day_month_year


def _default_area() -> str:
    from dean5299_cli.core.levels import default_area

    return default_area()


SETTINGS_NAME = "don-vi.yaml"


def _count(value: Any) -> Any:
    """A whole number as a Vietnamese writes it (`23.000`, `"1.294.000"`); refuse what is ambiguous."""
    if isinstance(value, str) and value.strip() and not value.strip().endswith("%"):
        parsed = parse_number_text(value)
        if parsed is None:
            return value
        if parsed.ambiguous and "," in value:
            raise ValueError(
                f'số "{value.strip()}" không rõ nghĩa: dấu phẩy là dấu thập phân (1,25) hay '
                "ngăn cách hàng nghìn (1250)? Ghi số nguyên không dấu (1250) hoặc dấu chấm (1.250)"
            )
        value = Decimal(parsed.value.numerator) / Decimal(parsed.value.denominator)
    if isinstance(value, (Decimal, float)):
        if value != int(value):
            raise ValueError(
                f"{value} không phải số nguyên: số lượng ghi số nguyên, dấu chấm ngăn cách "
                'hàng nghìn (23.000 là hai mươi ba nghìn); tỷ lệ ghi dạng "40%"'
            )
        return int(value)
    return value


def _allocation(value: Any) -> int | Fraction:
    """An allocated target: a whole count (`5832`, `23.000`) or a rate (`"40%"`)."""
    if isinstance(value, bool):
        raise ValueError('chỉ tiêu giao phải là số nguyên hoặc tỷ lệ dạng "40%"')
    if isinstance(value, str) and value.strip().endswith("%"):
        return parse_rate(value)
    value = _count(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError("chỉ tiêu giao không được âm")
        return value
    raise ValueError('chỉ tiêu giao phải là số nguyên (ví dụ 5832) hoặc tỷ lệ dạng "40%"')


_NO_POPULATION = "; chưa có số dân thì xóa dòng này"


def _population(value: Any) -> Any:
    """A number of people (`12.345`, `"1.294.000"`), above 0: `true` was read as 1 person (the
    report said 165.100,0% of the target), -5 as a target of 0 people beside a rate of
    -33.020,0%, and 0 as a population never written."""
    if isinstance(value, bool):
        raise ValueError(f"dân số phải là số người, lớn hơn 0 (ví dụ 12.345){_NO_POPULATION}")
    value = _count(value)
    if isinstance(value, int) and value < 1:
        said = format_int(value)
        raise ValueError(
            f"dân số {said} không hợp lệ: ghi số người, lớn hơn 0 (ví dụ 12.345){_NO_POPULATION}"
        )
    return value


def _document_number(value: Any) -> Any:
    """`number: 45` (a YAML number) is the text "45"."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Allocation = Annotated[int | Fraction, BeforeValidator(_allocation)]
Population = Annotated[int, BeforeValidator(_population)]


class Signer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    on_behalf: str = Field(
        description="Dòng «TM. …» trên chỗ ký: thay mặt Ban Thường vụ của cơ quan ban hành (in hoa)."
    )
    title: str = Field(description="Chức vụ người ký: BÍ THƯ hoặc PHÓ BÍ THƯ.")
    name: str


def _one_line(name: str) -> str:
    """A unit's name as every output writes it: one line, single spaces, no invisible marks (a
    tab or a zero-width space typed in `don-vi.yaml` would reach the signed report)."""
    cleaned = clean_spaces(name)
    if not cleaned:
        raise ValueError("tên đơn vị trống")
    return cleaned


UnitName = Annotated[str, AfterValidator(_one_line)]


class FormerNameEntry(BaseModel):
    """A name the unit had before a merger or renaming (`until`: the last day it applied)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: UnitName
    until: dt.date | None = None


def _former_entry(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class UnitEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: UnitName
    aliases: list[UnitName] = []
    former_names: list[Annotated[FormerNameEntry, BeforeValidator(_former_entry)]] = Field(
        default=[],
        description="Tên cũ trước khi sáp nhập, đổi tên (mỗi tên: name, until); tệp và số liệu "
        "các kỳ trước ghi tên cũ được tính cho đơn vị này.",
    )


def _spellings(index: int, entry: UnitEntry) -> list[tuple[str, tuple[str | int, ...]]]:
    """A unit's name and aliases, each with where it is written in don-vi.yaml."""
    aliases = [(a, ("units", index, "aliases", j)) for j, a in enumerate(entry.aliases)]
    return [(entry.name, ("units", index, "name")), *aliases]


def _unit_entry(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class YearTargets(BaseModel):
    """Targets allocated for one year: to this unit (`own`) and to each member unit (`units`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    own: dict[int, Allocation] = {}
    units: dict[str, dict[int, Allocation]] = {}
    population: dict[str, Population] = Field(
        default={},
        description="Dân số của từng đơn vị trực thuộc (tên đơn vị → số người), cho chỉ tiêu tỷ lệ "
        "trên dân số.",
    )
    own_population: Population | None = None


class RoundingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: RoundingMode = RoundingMode.HALF_UP
    decimals: int = Field(default=1, ge=0, le=4)

    def to_rounding(self) -> Rounding:
        return Rounding(self.mode, self.decimals)


class ReportSettings(BaseModel):
    """Fixed parts of the report a clerk may set: number, date, subject."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: Annotated[str | None, BeforeValidator(_document_number)] = None
    date: Annotated[dt.date | None, BeforeValidator(parse_day_month_year)] = None
    subject: str | None = None
    draft_signed: bool = Field(default=False, description="In «(đã ký)» ở chỗ ký.")
    coverage_sentence: bool = Field(
        default=True,
        description="In câu «Số liệu … được tổng hợp từ báo cáo của 12/13 đơn vị»; false để bỏ "
        "(câu về “Tổ công nghệ số thanh niên” vẫn nêu «theo số liệu của 12/13 đơn vị đã báo cáo» "
        "khi chưa đủ các đơn vị).",
    )
    progress_sentence: bool = Field(
        default=False,
        description="In câu «Tiến độ qua các quý (số liệu lũy kế): …» khi thư mục có số liệu các "
        "quý trước (luôn in khi có biểu đồ); mặc định không in, vì câu của từng chỉ tiêu đã nêu "
        "mức tăng so với quý trước.",
    )
    charts: bool = Field(
        default=False,
        description="Chèn biểu đồ (mức đạt theo chỉ tiêu, tiến độ qua các quý) vào báo cáo, như "
        "--bieu-do; cần gói dean5299[bieu-do].",
    )


class ReconcileSettings(BaseModel):
    """The system export the summary is reconciled with (its sheet «Đối chiếu»)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    export: str = Field(
        description="Tệp xuất từ hệ thống (iGate…): .xlsx, .xls, .ods hoặc .csv, đường dẫn tính "
        "từ thư mục của don-vi.yaml. Khi có, bảng tổng hợp có thêm trang «Đối chiếu».",
    )
    mapping: str | None = Field(
        default=None,
        description="Tệp YAML: cột nào, giá trị nào của tệp xuất ứng với mã chỉ tiêu nào (như "
        "--mapping của lệnh reconcile); bỏ trống thì tìm cột theo tên.",
    )
    tolerance: Decimal = Field(
        default=Decimal(5),
        ge=0,
        le=1000,
        description="Ngưỡng chênh lệch cần hỏi lại đơn vị, theo % (mặc định 5).",
    )


class Settings(BaseModel):
    """Schema of `don-vi.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    parent_body: str | None = Field(
        default=None,
        description="Cơ quan cấp trên (in hoa), dòng đầu bên trái; bỏ trống khi không có (Tỉnh đoàn).",
    )
    issuing_body: str
    issuer_symbol: str
    place: str
    area: str = Field(
        default_factory=lambda: _default_area(),
        description="Cấp của đơn vị trong tệp cấu hình cũ; chỉ dùng khi không có `level`.",
    )
    level: str | None = Field(
        default=None,
        description="Cấp của đơn vị mình; quyết định mọi từ theo cấp trong báo cáo, biểu mẫu.",
    )
    level_words: dict[str, str] = Field(
        default={}, description="Sửa riêng một số từ theo cấp: tên từ → chữ thay thế."
    )
    export_columns: dict[str, str] = Field(
        default={},
        description="Tên cột trong tệp xuất của hệ thống báo cáo → mã trường (cột «Mã»), khi tên "
        "cột khác nội dung ô số liệu.",
    )
    indicator_sets: list[str] = Field(
        default=[],
        description="Các tệp bộ chỉ tiêu riêng (đường dẫn tính từ thư mục của don-vi.yaml), dùng "
        "trước chi-tieu/<năm>.yaml của thư mục làm việc và bộ có sẵn.",
    )
    signer: Signer
    recipients: list[str]
    units: list[Annotated[UnitEntry, BeforeValidator(_unit_entry)]]
    targets: dict[int, YearTargets] = {}
    rounding: RoundingSettings = RoundingSettings()
    far_above_percent: int = Field(default=150, gt=100)
    submissions: str = "bao-cao-don-vi"
    narrative: str = "noi-dung-bao-cao.md"
    output: str = "ket-qua"
    template: str | None = None
    report: ReportSettings = ReportSettings()
    reconcile: ReconcileSettings | None = Field(
        default=None,
        description="Đối chiếu với tệp xuất của hệ thống ngay trong bảng tổng hợp (lệnh summary).",
    )
    _directory: UnitDirectory | None = PrivateAttr(default=None)
    _by_year: dict[int, dict[str, tuple[dict[int, int | Fraction], int | None]]] = PrivateAttr(
        default_factory=dict
    )

    @model_validator(mode="before")
    @classmethod
    def _printable(cls, data: Any) -> Any:
        return printable_tree(data)

    @field_validator("recipients")
    @classmethod
    def _recipients(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError('cần ít nhất một nơi nhận (ví dụ "Lưu VP.")')
        return value

    @model_validator(mode="before")
    @classmethod
    def _area_from_level(cls, data: Any) -> Any:
        """`level` given without the older `area`: `area` follows the level's table row, so code
        still reading `area` says "tỉnh"/"xã" rather than the old default."""
        from dean5299_cli.core.levels import shipped_table

        if isinstance(data, dict) and isinstance(data.get("level"), str) and "area" not in data:
            words = shipped_table().find(data["level"])
            if words is not None:
                return {**data, "area": words.area}
        return data

    @field_validator("level")
    @classmethod
    def _level(cls, value: str | None) -> str | None:
        from dean5299_cli.core.levels import shipped_table

        if value is not None and shipped_table().find(value) is None:
            known = ", ".join(shipped_table().levels)
            raise ValueError(f'cấp "{value}" không có trong bảng từ ngữ (các cấp có: {known})')
        return value

    @field_validator("level_words")
    @classmethod
    def _level_words(cls, value: dict[str, str]) -> dict[str, str]:
        from dean5299_cli.core.levels import word_names

        unknown = [k for k in value if k not in word_names()]
        if unknown:
            raise ValueError(
                f"level_words: không có từ {', '.join(unknown)} (dùng: {', '.join(word_names())})"
            )
        return value

    @model_validator(mode="after")
    def _check_unit_kinds(self) -> Settings:
        """A name without its kind (`Phước Sơn`) beside another unit with that name and a kind
        (`Xã Phước Sơn`) could not be told apart in the files."""
        by_base: dict[str, list[tuple[str, str, bool, tuple[str | int, ...]]]] = {}
        for index, entry in enumerate(self.units):
            for name, loc in _spellings(index, entry):
                parsed = parse_unit_name(name)
                spelling = (name, entry.name, parsed.kind is None, loc)
                by_base.setdefault(parsed.base, []).append(spelling)
        for spellings in by_base.values():
            for name, unit, bare, loc in spellings:
                other = next(  # the very same spelling twice is said by _check_units
                    (n for n, u, _, _ in spellings if u != unit and unit_key(n) != unit_key(name)),
                    None,
                )
                if bare and other is not None:
                    raise LocatedError(
                        f'tên "{name}" không phân biệt được với đơn vị "{other}": '
                        "ghi rõ Xã, Phường… trước tên",
                        loc,
                    )
        return self

    @property
    def level_key(self) -> str:
        """The level of the office: `level`, else the older key `area` (older files)."""
        return self.level or self.area

    @field_validator("targets")
    @classmethod
    def _target_years(cls, value: dict[int, YearTargets]) -> dict[int, YearTargets]:
        """A year no report can be for (`2203` for 2023) held targets never used, without a word:
        the report then compared with the set's own targets."""
        wrong = [year for year in value if not FIRST_YEAR <= year <= LAST_YEAR]
        if wrong:
            raise ValueError(
                f"năm {', '.join(map(str, wrong))} không hợp lệ: chỉ tiêu giao ghi theo năm, "
                f"từ {FIRST_YEAR} đến {LAST_YEAR}"
            )
        return value

    @model_validator(mode="after")
    def _check_units(self) -> Settings:
        seen: dict[str, tuple[int, str]] = {}
        for index, entry in enumerate(self.units):
            for name, loc in _spellings(index, entry):
                key = unit_key(name)
                if key in seen and seen[key][0] != index:
                    what = f'đơn vị "{name}"'
                    if name != entry.name:
                        what = f'tên khác "{name}" của đơn vị "{entry.name}"'
                    raise LocatedError(
                        f'{what} (mục {index + 1}) trùng với đơn vị "{seen[key][1]}" '
                        f"(mục {seen[key][0] + 1}): mỗi đơn vị chỉ ghi một lần",
                        loc,
                    )
                seen.setdefault(key, (index, entry.name))
        directory = self.directory()
        for year, year_targets in self.targets.items():
            for part, names in (
                ("units", year_targets.units),
                ("population", year_targets.population),
            ):
                canonical: dict[str, str] = {}
                for name in names:
                    found = directory.match(name).name
                    loc = ("targets", year, part, name)
                    if found is None:
                        raise LocatedError(f'đơn vị "{name}" không có trong danh sách units', loc)
                    if found in canonical:
                        raise LocatedError(
                            f'"{canonical[found]}" và "{name}" là cùng '
                            f'đơn vị "{found}": chỉ ghi một lần',
                            loc,
                        )
                    canonical[found] = name
        return self

    def directory(self) -> UnitDirectory:
        if self._directory is None:
            self._directory = UnitDirectory(
                [u.name for u in self.units],
                {u.name: u.aliases for u in self.units},
                {u.name: [FormerName(f.name, f.until) for f in u.former_names] for u in self.units},
            )
        return self._directory

    def targets_of_unit(self, year: int, unit: str) -> tuple[dict[int, int | Fraction], int | None]:
        """Allocations and population of a member unit for a year, indexed once per year."""
        by_year = self._by_year  # one private-attribute lookup: pydantic's are slow, and this
        index = by_year.get(year)  # is asked for every unit and indicator
        if index is None:
            directory = self.directory()
            yt = self.year_targets(year)
            allocations = {directory.match(n).name or n: a for n, a in yt.units.items()}
            population = {directory.match(n).name or n: v for n, v in yt.population.items()}
            index = by_year[year] = {
                name: (allocations.get(name, {}), population.get(name))
                for name in set(allocations) | set(population)
            }
        return index.get(unit, ({}, None))

    @property
    def unit_names(self) -> list[str]:
        return [u.name for u in self.units]

    def year_targets(self, year: int) -> YearTargets:
        return self.targets.get(year, YearTargets())

    def unit_allocations(self, year: int, unit: str) -> dict[int, int | Fraction]:
        """The targets allocated to member unit `unit` (canonical name) for `year`."""
        return self.targets_of_unit(year, unit)[0]

    def unit_population(self, year: int, unit: str) -> int | None:
        return self.targets_of_unit(year, unit)[1]


class LoadedSettings(BaseModel):
    """Settings plus the folder they came from (relative paths resolve against it)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    settings: Settings
    path: Path

    @property
    def folder(self) -> Path:
        return self.path.parent

    def resolve(self, relative: str) -> Path:
        path = Path(relative)
        return path if path.is_absolute() else self.folder / path


def find_settings(start: Path) -> Path | None:
    """`don-vi.yaml` in `start` or its nearest parent."""
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / SETTINGS_NAME
        if candidate.is_file():
            return candidate
    return None


def load_settings(path: Path) -> LoadedSettings:
    if not path.is_file():
        raise ConfigError(f"Không tìm thấy tệp cấu hình {path}.", paths=(path,))
    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.core.settings_targets import check_targets

    loaded = LoadedSettings(settings=load_model(path, Settings), path=path.resolve())
    check_targets(loaded, load_set)
    return loaded


def locate_settings(explicit: Path | None, start: Path | None = None) -> LoadedSettings | None:
    """The settings given with --settings, else found from the current folder upward, else None."""
    if explicit is not None:
        return load_settings(explicit)
    found = find_settings(start or Path.cwd())
    return load_settings(found) if found else None
